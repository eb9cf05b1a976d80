/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stand-in for KVM in KUnit: UML has no KVM, and the lifecycle and
 * property rules must not depend on the machine the tests run on.
 */
#ifndef HVPART_FAKE_KVM_H
#define HVPART_FAKE_KVM_H

#include <kunit/test.h>

#include "../../drivers/hvpart/hvpart.h"

/**
 * struct hvpart_fake_kvm - what the fake does and what it saw
 * @nested: answer of nested_supported().
 * @configure_err: error configure_vm() returns, 0 for success.
 * @cpuid_err: error supported_cpuid() returns, 0 for success.
 * @vms_configured: successful configure_vm() calls.
 * @vm: the one file check_vm() takes for a VM (an anonymous inode), made
 *	by hvpart_fake_kvm_init().
 * @arm64_err: error arm64_host() and vcpu_target() return, 0 for success.
 * @arm64_vcpu: the vCPU features the arm64 fake's KVM supports.
 */
struct hvpart_fake_kvm {
	bool nested;
	int configure_err;
	int cpuid_err;
	unsigned int vms_configured;
	struct file *vm;
	int arm64_err;
	u32 arm64_vcpu;
};

extern struct hvpart_fake_kvm hvpart_fake_kvm;
#define HVPART_FAKE_CPUID_COUNT	7
extern const struct hvc_cpuid_entry hvpart_fake_cpuid[HVPART_FAKE_CPUID_COUNT];
extern const unsigned int hvpart_fake_cpuid_count;

/* The arm64 fake's ID registers and vCPU target (see hvpart_fake_kvm.c). */
/* Every synthetic feature KVM emulates on x86 but guest idle. */
#define HVPART_FAKE_SYNTHETIC	0x0000000127440bffULL
#define HVPART_FAKE_PA_BITS	48

extern const u64 hvpart_fake_arm64_regs[HVC_ARM64_REGS];
#define HVPART_FAKE_ARM64_TARGET	5

int hvpart_fake_kvm_init(struct kunit *test);
int hvpart_fake_kvm_arm64_init(struct kunit *test);
void hvpart_fake_kvm_exit(struct kunit *test);

#endif /* HVPART_FAKE_KVM_H */
