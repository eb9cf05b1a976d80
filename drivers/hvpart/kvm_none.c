// SPDX-License-Identifier: GPL-2.0
/*
 * Where KVM has neither x86's nor arm64's interface (UML, under KUnit):
 * nothing to ask.  Kbuild builds this file when neither of kvm_x86.c and
 * kvm_arm64.c is.
 */
#include <linux/errno.h>
#include <linux/fs.h>

#include "hvpart.h"
#include "kvm_arch.h"

int hvpart_kvm_arch_query_cpuid(struct file *kvm,
				struct hvc_cpuid_entry **entries, u32 *count)
{
	return -EOPNOTSUPP;
}

u64 hvpart_kvm_arch_query_synthetic(struct file *kvm)
{
	return 0;
}

u32 hvpart_kvm_arch_query_pa_bits(struct file *kvm,
				  const struct hvc_cpuid_entry *entries,
				  u32 count)
{
	return 0;
}

u32 hvpart_kvm_arch_query_vcpu_features(struct file *kvm)
{
	return 0;
}

u32 hvpart_kvm_arch_processor_vendor(void)
{
	return HVPART_PROCESSOR_VENDOR_ARM;
}

int hvpart_kvm_arch_configure_vm(u64 flags, struct file *vm)
{
	return 0;
}
