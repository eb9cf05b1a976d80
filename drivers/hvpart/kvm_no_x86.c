// SPDX-License-Identifier: GPL-2.0
/*
 * KVM without x86's interface (arm64, and UML under KUnit): no CPUID, no
 * Hyper-V emulation, nothing for the creation flags to shape, and a host
 * that is not an x86 vendor's.  Kbuild builds this file where kvm_x86.c
 * is not.
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

u32 hvpart_kvm_arch_processor_vendor(void)
{
	return HVPART_PROCESSOR_VENDOR_ARM;
}

int hvpart_kvm_arch_configure_vm(u64 flags, struct file *vm)
{
	return 0;
}
