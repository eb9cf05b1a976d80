// SPDX-License-Identifier: GPL-2.0
/*
 * Where KVM has neither x86's nor arm64's interface (UML, under KUnit):
 * no vCPU features and no address width to tell.  Kbuild builds this file
 * when neither kvm_x86.c nor kvm_arm64.c is; kvm_no_x86.c has the rest.
 */
#include <linux/fs.h>

#include "hvpart.h"
#include "kvm_arch.h"

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
