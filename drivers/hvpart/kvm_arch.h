/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kvm.c asks of the architecture's KVM: kvm_x86.c, kvm_arm64.c or
 * kvm_none.c, one of which Kbuild builds.  Each query runs in the
 * loader's context (hvpart_kvm_host_probe()), on its /dev/kvm file.
 */
#ifndef HVPART_KVM_ARCH_H
#define HVPART_KVM_ARCH_H

#include <linux/types.h>

#include "hvpart.h"

struct file;

/* kvm.c's, for the architecture files. */
long hvpart_kvm_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
unsigned long hvpart_scratch_map(size_t size);
int hvpart_kvm_host_vcpu_features(u32 *supported);

/* KVM_GET_SUPPORTED_CPUID, kvmalloc()ed; -EOPNOTSUPP without CPUID. */
int hvpart_kvm_arch_query_cpuid(struct file *kvm,
				struct hvc_cpuid_entry **entries, u32 *count);
/* HVPART_SYNTHETIC_* KVM emulates. */
u64 hvpart_kvm_arch_query_synthetic(struct file *kvm);
/* Guest physical address bits of a VM; @entries: the supported CPUID. */
u32 hvpart_kvm_arch_query_pa_bits(struct file *kvm,
				  const struct hvc_cpuid_entry *entries,
				  u32 count);
/* KVM vCPU features KVM has, as 1 << HVC_ARM64_VCPU_* (arm64). */
u32 hvpart_kvm_arch_query_vcpu_features(struct file *kvm);
u32 hvpart_kvm_arch_processor_vendor(void);
/* Shape the caller's VM for creation @flags, the architecture's part. */
int hvpart_kvm_arch_configure_vm(u64 flags, struct file *vm);
/* arm64's hvpart_vm_ops->arm64_host and ->vcpu_target. */
int hvpart_kvm_arch_arm64_host(u64 regs[HVC_ARM64_REGS], u32 *vcpu_supported);
int hvpart_kvm_arch_vcpu_target(struct file *vm, u32 *target);

#endif /* HVPART_KVM_ARCH_H */
