// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in /dev/hvpart for hvctl's output tests, without the module:
 * decode_test.sh links hvctl with this file and -Wl,--wrap=open,
 * --wrap=ioctl, so that opening FAKE_DEVICE gives /dev/null and the
 * ioctls on it answer as the module would for one partition, with fixed
 * values.  The text and JSON of create, get-property and cpuid are then
 * checked on any machine, static build or not (LD_PRELOAD is not).
 * x86_64 only: the CPUID is x86's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include "fake_device.h"
#include "hvctl.h"

#define FAKE_DEVICE	"/nonexistent/fake-hvpart"
#define FAKE_ID		7

static int fake_fd = -1;

int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (strcmp(path, FAKE_DEVICE))
		return __real_open(path, flags, mode);
	fake_fd = __real_open("/dev/null", O_RDWR | O_CLOEXEC);
	return fake_fd;
}

/* PROCESSOR_VENDOR AMD, 21H2, SSE4.1 without SSE4.2, XSAVE with bit 40. */
static u64 fake_property(u32 code)
{
	switch (code) {
	case HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR:
		return HVPART_PROCESSOR_VENDOR_AMD;
	case HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION:
		return HVPART_COMPATIBILITY_21H2;
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0:
		return 1ULL << 3;
	default:
		return 1ULL | 1ULL << 40;
	}
}

/* Leaf 1: SSE4.1 (ECX 19) and x2APIC (ECX 21); leaf 0xd: x87, SSE, bit 30. */
static const struct kvm_cpuid_entry2 fake_entries[] = {
	{ .function = 0x1, .ecx = 1U << 19 | 1U << 21 },
	{ .function = 0xd, .index = 0,
	  .flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX, .eax = 0x40000003 },
};

static int fake_ioctl(unsigned long request, void *arg)
{
	struct hvpart_create_partition_amd64 *create = arg;
	struct hvpart_partition_property *prop = arg;
	struct hvpart_cpuid *cpuid = arg;
	struct kvm_cpuid2 *out;

	switch (request) {
	case HVPART_CREATE_PARTITION_AMD64:
		create->new_partition_id = FAKE_ID;
		create->status = HVPART_STATUS_SUCCESS;
		return 0;
	case HVPART_GET_PARTITION_PROPERTY:
		prop->property_value = fake_property(prop->property_code);
		prop->status = HVPART_STATUS_SUCCESS;
		return 0;
	case HVPART_GET_CPUID:
		out = (struct kvm_cpuid2 *)(uintptr_t)cpuid->cpuid;
		if (out->nent < ARRAY_SIZE(fake_entries)) {
			out->nent = ARRAY_SIZE(fake_entries);
			errno = E2BIG;
			return -1;
		}
		out->nent = ARRAY_SIZE(fake_entries);
		memcpy(out->entries, fake_entries, sizeof(fake_entries));
		cpuid->status = HVPART_STATUS_SUCCESS;
		return 0;
	default:
		errno = ENOTTY;
		return -1;
	}
}

int __wrap_ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd != fake_fd || fd < 0)
		return __real_ioctl(fd, request, arg);
	return fake_ioctl(request, arg);
}
