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
 * Needs /dev/hvpart and /dev/kvm (root, or group kvm with the udev rule).
 * Documentation/hvpart.rst sections 5 (KVM backing), 10.2 and 11.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <linux/hvpart.h>

#define GUEST_MEM_SIZE	0x10000
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

static void fail(const char *step, const uint32_t *hv_status)
{
	if (hv_status)
		fprintf(stderr, "hvpart_vmm_arm64: %s: %s (HV_STATUS 0x%04x)\n",
			step, strerror(errno), *hv_status);
	else
		fprintf(stderr, "hvpart_vmm_arm64: %s: %s\n", step, strerror(errno));
	exit(1);
}

/* Initialize (binding @vm_fd), finalize or delete partition @id. */
static void partition_op(int hv, unsigned long cmd, const char *step,
			 uint64_t id, int vm_fd)
{
	struct hvpart_partition_op op = { .partition_id = id, .vm_fd = vm_fd };

	if (ioctl(hv, cmd, &op) < 0)
		fail(step, &op.status);
}

int main(void)
{
	struct hvpart_create_partition_arm64 create = { 0 };
	struct hvpart_vcpu_init init = { 0 };
	struct kvm_userspace_memory_region region;
	struct kvm_one_reg pc = { .id = PC_REG_ID };
	uint64_t pc_value = 0, pfr0 = 0;
	struct kvm_run *run;
	int hv, kvm, vm, vcpu, run_size, kvm_sve, sve_feature = KVM_ARM_VCPU_SVE;
	void *mem;

	hv = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	if (hv < 0)
		fail("open /dev/hvpart", NULL);
	create.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	create.input.disabled_processor_features[1] = HV_ARM64_FEATURE1_SVE;
	if (ioctl(hv, HVPART_CREATE_PARTITION_ARM64, &create) < 0)
		fail("HVPART_CREATE_PARTITION_ARM64", &create.status);
	printf("created partition %llu with sve disabled\n",
	       (unsigned long long)create.new_partition_id);

	/* The VMM makes its VM as it would without hvpart, then binds it. */
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		fail("open /dev/kvm", NULL);
	kvm_sve = ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_ARM_SVE) > 0;
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		fail("KVM_CREATE_VM", NULL);
	partition_op(hv, HVPART_INITIALIZE_PARTITION, "HVPART_INITIALIZE_PARTITION",
		     create.new_partition_id, vm);

	mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		fail("mmap guest memory", NULL);
	memcpy(mem, guest_code, sizeof(guest_code));
	region = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = 0, .memory_size = GUEST_MEM_SIZE,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		fail("KVM_SET_USER_MEMORY_REGION", NULL);

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		fail("KVM_CREATE_VCPU", NULL);
	/* The partition's vCPU features: PSCI 0.2, and no SVE here. */
	init.partition_id = create.new_partition_id;
	if (ioctl(hv, HVPART_GET_VCPU_INIT, &init) < 0)
		fail("HVPART_GET_VCPU_INIT", &init.status);
	/* target and features are laid out as struct kvm_vcpu_init. */
	if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init.target) < 0)
		fail("KVM_ARM_VCPU_INIT", NULL);
	/* A partition that allows SVE needs it finalized before KVM_RUN. */
	if ((init.features[0] & (1U << KVM_ARM_VCPU_SVE)) &&
	    ioctl(vcpu, KVM_ARM_VCPU_FINALIZE, &sve_feature) < 0)
		fail("KVM_ARM_VCPU_FINALIZE (SVE)", NULL);
	pc.addr = (uintptr_t)&pc_value;
	if (ioctl(vcpu, KVM_SET_ONE_REG, &pc) < 0)
		fail("KVM_SET_ONE_REG (pc)", NULL);

	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < 0)
		fail("KVM_GET_VCPU_MMAP_SIZE", NULL);
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		fail("mmap kvm_run", NULL);

	/* First exit: the guest's store of ID_AA64PFR0_EL1. */
	if (ioctl(vcpu, KVM_RUN, 0) < 0)
		fail("KVM_RUN", NULL);
	if (run->exit_reason != KVM_EXIT_MMIO || !run->mmio.is_write ||
	    run->mmio.phys_addr != REPORT_MMIO_GPA || run->mmio.len != 8) {
		fprintf(stderr, "hvpart_vmm_arm64: KVM_RUN: exit reason %u, not the 8-byte MMIO store\n",
			run->exit_reason);
		exit(1);
	}
	memcpy(&pfr0, run->mmio.data, sizeof(pfr0));
	/* Second exit: PSCI SYSTEM_OFF, which KVM hands to the VMM. */
	if (ioctl(vcpu, KVM_RUN, 0) < 0)
		fail("KVM_RUN (after the MMIO store)", NULL);
	if (run->exit_reason != KVM_EXIT_SYSTEM_EVENT ||
	    run->system_event.type != KVM_SYSTEM_EVENT_SHUTDOWN) {
		fprintf(stderr, "hvpart_vmm_arm64: KVM_RUN: exit reason %u, not PSCI SYSTEM_OFF\n",
			run->exit_reason);
		exit(1);
	}
	printf("guest saw ID_AA64PFR0_EL1 = 0x%016llx: sve = %s (KVM offers sve: %s)\n",
	       (unsigned long long)pfr0,
	       (pfr0 >> PFR0_SVE_SHIFT) & 0xf ? "on" : "off",
	       kvm_sve ? "yes" : "no");
	printf("guest stopped with PSCI SYSTEM_OFF\n");

	/* Finalize drops hvpart's hold on the VM; our fds are ours to close. */
	partition_op(hv, HVPART_FINALIZE_PARTITION, "HVPART_FINALIZE_PARTITION",
		     create.new_partition_id, -1);
	munmap(run, run_size);
	close(vcpu);
	close(vm);
	close(kvm);
	munmap(mem, GUEST_MEM_SIZE);
	partition_op(hv, HVPART_DELETE_PARTITION, "HVPART_DELETE_PARTITION",
		     create.new_partition_id, -1);
	printf("partition %llu finalized and deleted\n",
	       (unsigned long long)create.new_partition_id);
	close(hv);
	return 0;
}
