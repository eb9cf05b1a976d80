// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM stand-in for KUnit: a fixed CPUID table with SSE3 to SSE4.2,
 * POPCNT, XSAVE, AVX, AVX2, x2APIC, SVM, HTT and a PMU, and one fake VM
 * file that stands for the VM a VMM hands in.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvpart_fake_kvm.h"

struct hvpart_fake_kvm hvpart_fake_kvm;

#define HVPART_FAKE_LEAF(fn, idx, fl, a, b, c, d) \
	{ .function = (fn), .index = (idx), .flags = (fl), \
	  .regs = { (a), (b), (c), (d) } }

const struct hvc_cpuid_entry hvpart_fake_cpuid[HVPART_FAKE_CPUID_COUNT] = {
	/* SSE3, SSSE3, SSE4.1, SSE4.2, x2APIC, POPCNT, XSAVE, AVX; HTT */
	HVPART_FAKE_LEAF(0x1, 0, 0, 0x00000f00, 0x00020800,
			 (1U << 0) | (1U << 9) | (1U << 19) | (1U << 20) |
			 (1U << 21) | (1U << 23) | (1U << 26) | (1U << 28),
			 1U << 28),
	/* AVX2, BMI1 */
	HVPART_FAKE_LEAF(0x7, 0, 1, 0, (1U << 5) | (1U << 3), 0, 0),
	/* architectural PMU v2 */
	HVPART_FAKE_LEAF(0xa, 0, 0, 0x07300402, 0, 0, 0x00000603),
	/* XCR0: x87, SSE, YMM; then the YMM subleaf */
	HVPART_FAKE_LEAF(0xd, 0, 1, 0x7, 0x340, 0x340, 0),
	HVPART_FAKE_LEAF(0xd, 1, 1, 0x1, 0, 0, 0),
	HVPART_FAKE_LEAF(0xd, 2, 1, 0x100, 0x240, 0, 0),
	/* LAHF, SVM, PerfCtrExtCore; RDTSCP */
	HVPART_FAKE_LEAF(0x80000001, 0, 0, 0,
			 0, (1U << 0) | (1U << 2) | (1U << 23), 1U << 27),
};

const unsigned int hvpart_fake_cpuid_count = ARRAY_SIZE(hvpart_fake_cpuid);

static const struct file_operations hvpart_fake_vm_fops = {
	.owner	= THIS_MODULE,
};

static int hvpart_fake_check_vm(struct file *vm)
{
	return vm && vm == hvpart_fake_kvm.vm ? 0 : -EINVAL;
}

static int hvpart_fake_configure_vm(u64 flags, struct file *vm)
{
	if (hvpart_fake_kvm.configure_err)
		return hvpart_fake_kvm.configure_err;
	hvpart_fake_kvm.vms_configured++;
	return 0;
}

static int hvpart_fake_supported_cpuid(struct hvc_cpuid_entry **entries,
				       u32 *count)
{
	if (hvpart_fake_kvm.cpuid_err)
		return hvpart_fake_kvm.cpuid_err;
	*entries = kvmalloc(sizeof(hvpart_fake_cpuid), GFP_KERNEL);
	if (!*entries)
		return -ENOMEM;
	memcpy(*entries, hvpart_fake_cpuid, sizeof(hvpart_fake_cpuid));
	*count = hvpart_fake_cpuid_count;
	return 0;
}

static bool hvpart_fake_nested_supported(void)
{
	return hvpart_fake_kvm.nested;
}

static u32 hvpart_fake_processor_vendor(void)
{
	return HVPART_PROCESSOR_VENDOR_INTEL;
}

/* KVM's x86 Hyper-V emulation, less guest idle and the NUMA queries. */
static int hvpart_fake_synthetic_offered(u64 *offered)
{
	if (hvpart_fake_kvm.cpuid_err)
		return hvpart_fake_kvm.cpuid_err;
	*offered = HVPART_FAKE_SYNTHETIC;
	return 0;
}

static int hvpart_fake_physical_address_width(u32 *bits)
{
	if (hvpart_fake_kvm.cpuid_err)
		return hvpart_fake_kvm.cpuid_err;
	*bits = HVPART_FAKE_PA_BITS;
	return 0;
}

static const struct hvpart_vm_ops hvpart_fake_ops = {
	.check_vm		= hvpart_fake_check_vm,
	.configure_vm		= hvpart_fake_configure_vm,
	.supported_cpuid	= hvpart_fake_supported_cpuid,
	.nested_supported	= hvpart_fake_nested_supported,
	.processor_vendor	= hvpart_fake_processor_vendor,
	.synthetic_offered	= hvpart_fake_synthetic_offered,
	.physical_address_width	= hvpart_fake_physical_address_width,
};

/*
 * An arm64 host: FP and AdvSIMD, EL0 AArch32, GICv3, SVE (SVE2), PMUv3 for
 * Armv8.5, AES with PMULL, SHA1, SHA256/512, CRC32, LSE atomics, address
 * and generic pointer auth (QARMA), 64K granules, a PIPT I-cache and DC ZVA.
 */
const u64 hvpart_fake_arm64_regs[HVC_ARM64_REGS] = {
	[HVC_ARM64_ID_AA64PFR0] = (1ULL << 32) | (1ULL << 24) | (2ULL << 0),
	[HVC_ARM64_ID_AA64DFR0] = (6ULL << 8) | (6ULL << 0),
	[HVC_ARM64_ID_AA64ISAR0] = (2ULL << 4) | (1ULL << 8) | (2ULL << 12) |
				   (1ULL << 16) | (2ULL << 20),
	[HVC_ARM64_ID_AA64ISAR1] = (1ULL << 4) | (1ULL << 24),
	[HVC_ARM64_ID_AA64ZFR0] = 1ULL << 0,
	[HVC_ARM64_CTR] = 3ULL << 14,
};

static int hvpart_fake_arm64_host(u64 regs[HVC_ARM64_REGS], u32 *vcpu_supported)
{
	if (hvpart_fake_kvm.arm64_err)
		return hvpart_fake_kvm.arm64_err;
	memcpy(regs, hvpart_fake_arm64_regs, sizeof(hvpart_fake_arm64_regs));
	*vcpu_supported = hvpart_fake_kvm.arm64_vcpu;
	return 0;
}

static int hvpart_fake_vcpu_target(struct file *vm, u32 *target)
{
	if (hvpart_fake_kvm.arm64_err)
		return hvpart_fake_kvm.arm64_err;
	*target = HVPART_FAKE_ARM64_TARGET;
	return 0;
}

static u32 hvpart_fake_arm64_vendor(void)
{
	return HVPART_PROCESSOR_VENDOR_ARM;
}

static const struct hvpart_vm_ops hvpart_fake_arm64_ops = {
	.check_vm		= hvpart_fake_check_vm,
	.configure_vm		= hvpart_fake_configure_vm,
	.supported_cpuid	= hvpart_fake_supported_cpuid,
	.nested_supported	= hvpart_fake_nested_supported,
	.processor_vendor	= hvpart_fake_arm64_vendor,
	.synthetic_offered	= hvpart_fake_synthetic_offered,
	.physical_address_width	= hvpart_fake_physical_address_width,
	.arm64_host		= hvpart_fake_arm64_host,
	.vcpu_target		= hvpart_fake_vcpu_target,
};

/**
 * hvpart_fake_kvm_init() - a suite's init: put the fake in place
 * @test: the test.
 *
 * Return: 0, or the error of making the fake VM file.
 */
int hvpart_fake_kvm_init(struct kunit *test)
{
	struct file *vm;

	memset(&hvpart_fake_kvm, 0, sizeof(hvpart_fake_kvm));
	vm = anon_inode_getfile("hvpart-fake-vm", &hvpart_fake_vm_fops, NULL,
				O_RDWR);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	hvpart_fake_kvm.vm = vm;
	hvpart_fake_kvm.nested = true;
	hvpart_vm_ops = &hvpart_fake_ops;
	return 0;
}

/**
 * hvpart_fake_kvm_arm64_init() - a suite's init: the fake as an arm64 host
 *	whose KVM supports every vCPU feature hvpart decides
 * @test: the test.
 *
 * Return: 0.
 */
int hvpart_fake_kvm_arm64_init(struct kunit *test)
{
	int err = hvpart_fake_kvm_init(test);

	if (err)
		return err;
	hvpart_fake_kvm.nested = false;
	hvpart_fake_kvm.arm64_vcpu = BIT(HVC_ARM64_VCPU_PSCI_0_2) |
				     BIT(HVC_ARM64_VCPU_PMU_V3) |
				     BIT(HVC_ARM64_VCPU_SVE) |
				     BIT(HVC_ARM64_VCPU_PTRAUTH_ADDRESS) |
				     BIT(HVC_ARM64_VCPU_PTRAUTH_GENERIC);
	hvpart_vm_ops = &hvpart_fake_arm64_ops;
	return 0;
}

/**
 * hvpart_fake_kvm_exit() - a suite's exit: back to the real KVM
 * @test: the test.
 *
 * Partitions still bound to the fake VM hold references of their own.
 */
void hvpart_fake_kvm_exit(struct kunit *test)
{
	hvpart_vm_ops = &hvpart_kvm_ops;
	if (hvpart_fake_kvm.vm)
		fput(hvpart_fake_kvm.vm);
	hvpart_fake_kvm.vm = NULL;
}
