// SPDX-License-Identifier: GPL-2.0
/*
 * KVM on arm64: the host's ID registers and the vCPU features KVM has, the
 * preferred vCPU target of a VM, and the IPA size.  KVM/arm64 has no CPUID
 * and emulates no Hyper-V enlightenment (kvm_no_x86.c says so).  Kbuild
 * builds this file on arm64 only.
 */
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/sysreg.h>

#include "hvpart.h"
#include "kvm_arch.h"

static_assert(HVC_ARM64_VCPU_PSCI_0_2 == KVM_ARM_VCPU_PSCI_0_2);
static_assert(HVC_ARM64_VCPU_PMU_V3 == KVM_ARM_VCPU_PMU_V3);
static_assert(HVC_ARM64_VCPU_SVE == KVM_ARM_VCPU_SVE);
static_assert(HVC_ARM64_VCPU_PTRAUTH_ADDRESS == KVM_ARM_VCPU_PTRAUTH_ADDRESS);
static_assert(HVC_ARM64_VCPU_PTRAUTH_GENERIC == KVM_ARM_VCPU_PTRAUTH_GENERIC);
static_assert(sizeof_field(struct hvpart_vcpu_init, features) ==
	      sizeof_field(struct kvm_vcpu_init, features));
static_assert(offsetof(struct hvpart_vcpu_init, features) -
	      offsetof(struct hvpart_vcpu_init, target) ==
	      offsetof(struct kvm_vcpu_init, features));

/* The registers of enum hvc_arm64_reg, as the kernel's cpufeature knows them. */
static const u32 hvpart_arm64_sysregs[HVC_ARM64_REGS] = {
	[HVC_ARM64_ID_AA64PFR0] = SYS_ID_AA64PFR0_EL1,
	[HVC_ARM64_ID_AA64PFR1] = SYS_ID_AA64PFR1_EL1,
	[HVC_ARM64_ID_AA64DFR0] = SYS_ID_AA64DFR0_EL1,
	[HVC_ARM64_ID_AA64ISAR0] = SYS_ID_AA64ISAR0_EL1,
	[HVC_ARM64_ID_AA64ISAR1] = SYS_ID_AA64ISAR1_EL1,
	[HVC_ARM64_ID_AA64ISAR2] = SYS_ID_AA64ISAR2_EL1,
	[HVC_ARM64_ID_AA64MMFR0] = SYS_ID_AA64MMFR0_EL1,
	[HVC_ARM64_ID_AA64MMFR1] = SYS_ID_AA64MMFR1_EL1,
	[HVC_ARM64_ID_AA64MMFR2] = SYS_ID_AA64MMFR2_EL1,
	[HVC_ARM64_ID_AA64ZFR0] = SYS_ID_AA64ZFR0_EL1,
	[HVC_ARM64_CTR] = SYS_CTR_EL0,
	[HVC_ARM64_DCZID] = SYS_DCZID_EL0,
};

/* KVM capabilities that say a vCPU feature is there. */
static const struct {
	u32 cap;
	u8 feature;
} hvpart_arm64_vcpu_caps[] = {
	{ KVM_CAP_ARM_PSCI_0_2, KVM_ARM_VCPU_PSCI_0_2 },
	{ KVM_CAP_ARM_PMU_V3, KVM_ARM_VCPU_PMU_V3 },
	{ KVM_CAP_ARM_SVE, KVM_ARM_VCPU_SVE },
	{ KVM_CAP_ARM_PTRAUTH_ADDRESS, KVM_ARM_VCPU_PTRAUTH_ADDRESS },
	{ KVM_CAP_ARM_PTRAUTH_GENERIC, KVM_ARM_VCPU_PTRAUTH_GENERIC },
};

u32 hvpart_kvm_arch_query_vcpu_features(struct file *kvm)
{
	u32 supported = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvpart_arm64_vcpu_caps); i++)
		if (hvpart_kvm_ioctl(kvm, KVM_CHECK_EXTENSION,
				     hvpart_arm64_vcpu_caps[i].cap) > 0)
			supported |= BIT(hvpart_arm64_vcpu_caps[i].feature);
	return supported;
}

/*
 * The system-wide (sanitised) ID registers are what KVM starts every
 * vCPU's from; the vCPU features are KVM's answer at load.
 */
int hvpart_kvm_arch_arm64_host(u64 regs[HVC_ARM64_REGS], u32 *vcpu_supported)
{
	unsigned int i;
	int ret;

	ret = hvpart_kvm_host_vcpu_features(vcpu_supported);
	if (ret)
		return ret;

	regs[HVC_ARM64_NO_REG] = 0;
	for (i = HVC_ARM64_NO_REG + 1; i < HVC_ARM64_REGS; i++)
		regs[i] = read_sanitised_ftr_reg(hvpart_arm64_sysregs[i]);
	return 0;
}

/*
 * KVM_ARM_PREFERRED_TARGET of the caller's own VM.  The answer lands in a
 * scratch mapping of the caller's and goes back to the same caller only,
 * so what the caller may write there misleads nobody but itself.  KVM
 * answers VM ioctls only in the VM's process; hvpart_vcpu_init() checks
 * that first.
 */
int hvpart_kvm_arch_vcpu_target(struct file *vm, u32 *target)
{
	struct kvm_vcpu_init init;
	unsigned long uaddr;
	long ret;

	uaddr = hvpart_scratch_map(PAGE_SIZE);
	if (IS_ERR_VALUE(uaddr))
		return (int)uaddr;
	ret = hvpart_kvm_ioctl(vm, KVM_ARM_PREFERRED_TARGET, uaddr);
	if (!ret && copy_from_user(&init, (void __user *)uaddr, sizeof(init)))
		ret = -EFAULT;
	vm_munmap(uaddr, PAGE_SIZE);
	if (ret)
		return ret;
	*target = init.target;
	return 0;
}

/*
 * The IPA size KVM gives a VM: KVM_CAP_ARM_VM_IPA_SIZE's maximum, 40 bits
 * where KVM answers 0 (the fixed size before the capability).
 */
u32 hvpart_kvm_arch_query_pa_bits(struct file *kvm,
				  const struct hvc_cpuid_entry *entries,
				  u32 count)
{
	long bits = hvpart_kvm_ioctl(kvm, KVM_CHECK_EXTENSION,
				     KVM_CAP_ARM_VM_IPA_SIZE);

	return bits > 0 ? bits : 40;
}
