// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on x86: the supported CPUID and Hyper-V CPUID KVM answers at load,
 * the host's vendor, and the in-kernel irqchip LAPIC_ENABLED asks for.
 * Kbuild builds this file on x86 only.
 */
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/processor.h>

#include "hvpart.h"
#include "kvm_arch.h"

/* Room for KVM_GET_SUPPORTED_CPUID; KVM itself caps it at 256 entries. */
#define HVPART_CPUID_MAX	256

static_assert(sizeof(struct hvc_cpuid_entry) == sizeof(struct kvm_cpuid_entry2));
static_assert(offsetof(struct hvc_cpuid_entry, regs) ==
	      offsetof(struct kvm_cpuid_entry2, eax));
static_assert(offsetof(struct kvm_cpuid2, entries) == 8);
static_assert(offsetof(struct hvc_cpuid_entry, padding) ==
	      offsetof(struct kvm_cpuid_entry2, padding));

/*
 * KVM_GET_SUPPORTED_CPUID or KVM_GET_SUPPORTED_HV_CPUID (@ioctl) through
 * a scratch mapping of the current process, which is the loader's
 * (hvpart_kvm_host_probe()).
 */
static int hvpart_kvm_query_cpuid_of(struct file *kvm, unsigned int ioctl,
				     struct hvc_cpuid_entry **entries,
				     u32 *count)
{
	size_t size = sizeof(struct kvm_cpuid2) +
		      HVPART_CPUID_MAX * sizeof(struct kvm_cpuid_entry2);
	struct kvm_cpuid2 __user *ucpuid;
	struct hvc_cpuid_entry *buf;
	unsigned long uaddr;
	u32 nent;
	long ret;

	uaddr = hvpart_scratch_map(size);
	if (IS_ERR_VALUE(uaddr))
		return (int)uaddr;
	ucpuid = (struct kvm_cpuid2 __user *)uaddr;
	ret = -EFAULT;
	if (put_user((u32)HVPART_CPUID_MAX, &ucpuid->nent))
		goto out_unmap;
	ret = hvpart_kvm_ioctl(kvm, ioctl, uaddr);
	if (ret)
		goto out_unmap;
	ret = -EFAULT;
	if (get_user(nent, &ucpuid->nent) || nent > HVPART_CPUID_MAX)
		goto out_unmap;

	ret = -ENOMEM;
	buf = kvmalloc_array(nent ? nent : 1, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		goto out_unmap;
	if (copy_from_user(buf, ucpuid->entries, nent * sizeof(*buf))) {
		kvfree(buf);
		ret = -EFAULT;
		goto out_unmap;
	}
	*entries = buf;
	*count = nent;
	ret = 0;

out_unmap:
	vm_munmap(uaddr, size);
	return ret;
}

int hvpart_kvm_arch_query_cpuid(struct file *kvm,
				  struct hvc_cpuid_entry **entries, u32 *count)
{
	return hvpart_kvm_query_cpuid_of(kvm, KVM_GET_SUPPORTED_CPUID, entries,
					 count);
}

/*
 * The Hyper-V enlightenments KVM emulates here, from its Hyper-V CPUID
 * (a /dev/kvm ioctl since KVM_CAP_SYS_HYPERV_CPUID); none when it has no
 * Hyper-V emulation (CONFIG_KVM_HYPERV=n answers ENOTTY).
 */
u64 hvpart_kvm_arch_query_synthetic(struct file *kvm)
{
	struct hvc_cpuid_entry *entries;
	u64 offered;
	u32 count;

	if (hvpart_kvm_ioctl(kvm, KVM_CHECK_EXTENSION,
			     KVM_CAP_SYS_HYPERV_CPUID) <= 0)
		return 0;
	if (hvpart_kvm_query_cpuid_of(kvm, KVM_GET_SUPPORTED_HV_CPUID,
				      &entries, &count))
		return 0;
	offered = hvc_hv_cpuid_synthetic(entries, count);
	kvfree(entries);
	return offered;
}

/* Guest physical address bits: CPUID 0x80000008 EAX 7:0, as KVM offers. */
u32 hvpart_kvm_arch_query_pa_bits(struct file *kvm,
				    const struct hvc_cpuid_entry *entries,
				    u32 count)
{
	u32 i;

	for (i = 0; i < count; i++)
		if (entries[i].function == 0x80000008)
			return entries[i].regs[HVC_CPUID_EAX] & 0xff;
	return 0;
}

u32 hvpart_kvm_arch_processor_vendor(void)
{
	switch (boot_cpu_data.x86_vendor) {
	case X86_VENDOR_INTEL:
		return HVPART_PROCESSOR_VENDOR_INTEL;
	case X86_VENDOR_HYGON:
		return HVPART_PROCESSOR_VENDOR_HYGON;
	default:
		return HVPART_PROCESSOR_VENDOR_AMD;
	}
}

/* LAPIC_ENABLED: KVM's in-kernel irqchip. */
int hvpart_kvm_arch_configure_vm(u64 flags, struct file *vm)
{
	long ret;

	if (flags & HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED) {
		ret = hvpart_kvm_ioctl(vm, KVM_CREATE_IRQCHIP, 0);
		/* The VMM made the irqchip already: what the flag asks for. */
		if (ret && ret != -EEXIST)
			return ret;
	}
	return 0;
}

/* x86 has no vCPU features of KVM_ARM_VCPU_INIT's kind. */
u32 hvpart_kvm_arch_query_vcpu_features(struct file *kvm)
{
	return 0;
}
