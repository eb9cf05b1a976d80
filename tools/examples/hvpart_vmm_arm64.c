// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_vmm_arm64: the smallest VMM on a Hyper-V partition (arm64).
 *
 * Creates a partition with SVE disabled, binds its own KVM VM to it,
 * initializes one vCPU with HVPART_GET_VCPU_INIT's answer and runs guest
 * code that stores ID_AA64PFR0_EL1 to an MMIO address and powers off
 * through PSCI SYSTEM_OFF; then prints what the guest saw, finalizes and
 * deletes.  Every step is checked; a failure names the step, the errno
 * and, for hvpart's ioctls, the HV_STATUS, and exits 1.
 *
 *   make guest-arm64 (build/guest-arm64/examples/), or: cc -static -I uapi
 *
 * What both examples do alike (binding the VM, guest memory, the vCPU,
 * the teardown) is in hvpart_vmm.h; this file is what arm64 adds.
 *
 * Needs /dev/hvpart and /dev/kvm (root, or group kvm with the udev rule).
 * Documentation/hvpart.rst sections 5 (KVM backing), 10.2 and 11.
 */
#include <stddef.h>

#define VMM_NAME "hvpart_vmm_arm64"
#include "hvpart_vmm.h"

/* Outside every memory slot: the guest's store there exits to us. */
#define REPORT_MMIO_GPA	0x10000000ULL
/* Hyper-V ARM64 processor feature bank 1, bit 37 (hvpart.rst 11.2). */
#define HV_ARM64_FEATURE1_SVE	(1ULL << 37)
#define PFR0_SVE_SHIFT		32
#define PC_REG_ID \
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
	 (offsetof(struct kvm_regs, regs.pc) / sizeof(__u32)))

/* At EL1 with the MMU off, from address 0. */
static const uint32_t guest_code[] = {
	0xd2a20000,	/* mov  x0, #0x10000000 (REPORT_MMIO_GPA) */
	0xd5380401,	/* mrs  x1, id_aa64pfr0_el1 */
	0xf9000001,	/* str  x1, [x0] */
	0x52800100,	/* mov  w0, #0x8 */
	0x72b08000,	/* movk w0, #0x8400, lsl #16: PSCI SYSTEM_OFF */
	0xd4000002,	/* hvc  #0 */
	0x14000000,	/* b    . */
};

int main(void)
{
	struct hvpart_create_partition_arm64 create = { 0 };
	struct hvpart_vcpu_init init = { 0 };
	struct kvm_one_reg pc = { .id = PC_REG_ID };
	uint64_t pc_value = 0, pfr0 = 0;
	int kvm_sve, sve_feature = KVM_ARM_VCPU_SVE;
	struct vmm vmm;

	vmm_open_hvpart(&vmm);
	create.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	create.input.disabled_processor_features[1] = HV_ARM64_FEATURE1_SVE;
	if (ioctl(vmm.hv, HVPART_CREATE_PARTITION_ARM64, &create) < 0)
		fail("HVPART_CREATE_PARTITION_ARM64", &create.status);
	vmm.partition_id = create.new_partition_id;
	printf("created partition %llu with sve disabled\n",
	       (unsigned long long)vmm.partition_id);

	vmm_create_vm(&vmm, guest_code, sizeof(guest_code), 0);
	kvm_sve = ioctl(vmm.kvm, KVM_CHECK_EXTENSION, KVM_CAP_ARM_SVE) > 0;
	/* The partition's vCPU features: PSCI 0.2, and no SVE here. */
	init.partition_id = vmm.partition_id;
	if (ioctl(vmm.hv, HVPART_GET_VCPU_INIT, &init) < 0)
		fail("HVPART_GET_VCPU_INIT", &init.status);
	/* target and features are laid out as struct kvm_vcpu_init. */
	if (ioctl(vmm.vcpu, KVM_ARM_VCPU_INIT, &init.target) < 0)
		fail("KVM_ARM_VCPU_INIT", NULL);
	/* A partition that allows SVE needs it finalized before KVM_RUN. */
	if ((init.features[0] & (1U << KVM_ARM_VCPU_SVE)) &&
	    ioctl(vmm.vcpu, KVM_ARM_VCPU_FINALIZE, &sve_feature) < 0)
		fail("KVM_ARM_VCPU_FINALIZE (SVE)", NULL);
	pc.addr = (uintptr_t)&pc_value;
	if (ioctl(vmm.vcpu, KVM_SET_ONE_REG, &pc) < 0)
		fail("KVM_SET_ONE_REG (pc)", NULL);

	vmm_map_run(&vmm);
	/* First exit: the guest's store of ID_AA64PFR0_EL1. */
	if (ioctl(vmm.vcpu, KVM_RUN, 0) < 0)
		fail("KVM_RUN", NULL);
	if (vmm.run->exit_reason != KVM_EXIT_MMIO || !vmm.run->mmio.is_write ||
	    vmm.run->mmio.phys_addr != REPORT_MMIO_GPA || vmm.run->mmio.len != 8) {
		fprintf(stderr, VMM_NAME ": KVM_RUN: exit reason %u, not the 8-byte MMIO store\n",
			vmm.run->exit_reason);
		exit(1);
	}
	memcpy(&pfr0, vmm.run->mmio.data, sizeof(pfr0));
	/* Second exit: PSCI SYSTEM_OFF, which KVM hands to the VMM. */
	if (ioctl(vmm.vcpu, KVM_RUN, 0) < 0)
		fail("KVM_RUN (after the MMIO store)", NULL);
	if (vmm.run->exit_reason != KVM_EXIT_SYSTEM_EVENT ||
	    vmm.run->system_event.type != KVM_SYSTEM_EVENT_SHUTDOWN) {
		fprintf(stderr, VMM_NAME ": KVM_RUN: exit reason %u, not PSCI SYSTEM_OFF\n",
			vmm.run->exit_reason);
		exit(1);
	}
	printf("guest saw ID_AA64PFR0_EL1 = 0x%016llx: sve = %s (KVM offers sve: %s)\n",
	       (unsigned long long)pfr0,
	       (pfr0 >> PFR0_SVE_SHIFT) & 0xf ? "on" : "off",
	       kvm_sve ? "yes" : "no");
	printf("guest stopped with PSCI SYSTEM_OFF\n");

	vmm_destroy(&vmm);
	return 0;
}
