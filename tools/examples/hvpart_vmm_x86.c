// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_vmm_x86: the smallest VMM on a Hyper-V partition (x86_64).
 *
 * Creates a partition with SSE4.2 disabled, binds its own KVM VM to it,
 * gives one vCPU the partition's CPUID and runs guest code that executes
 * CPUID leaf 1 and halts; then prints what the guest saw, finalizes and
 * deletes.  Every step is checked; a failure names the step, the errno
 * and, for hvpart's ioctls, the HV_STATUS, and exits 1.
 *
 *   make guest (build/guest-x86_64/examples/), or: cc -static -I uapi
 *
 * What both examples do alike (binding the VM, guest memory, the vCPU,
 * the teardown) is in hvpart_vmm.h; this file is what x86_64 adds.
 *
 * Needs /dev/hvpart and /dev/kvm (root, or group kvm with the udev rule).
 * Documentation/hvpart.rst sections 5 (KVM backing), 7 (CPUID), 10.2.
 */
#define VMM_NAME "hvpart_vmm_x86"
#include "hvpart_vmm.h"

#define GUEST_CODE_GPA	0x1000
/* Hyper-V processor feature bank 0, bit 4 (Documentation/hvpart.rst 7.3). */
#define HV_FEATURE0_SSE4_2	(1ULL << 4)
#define CPUID1_ECX_SSE4_1	(1U << 19)
#define CPUID1_ECX_SSE4_2	(1U << 20)

/* Real mode: mov eax, 1; xor ecx, ecx; cpuid; hlt. */
static const uint8_t guest_code[] = {
	0x66, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x66, 0x31, 0xc9, 0x0f, 0xa2, 0xf4,
};

int main(void)
{
	struct hvpart_create_partition_amd64 create = { 0 };
	struct kvm_cpuid2 size_probe = { .nent = 0 }, *cpuid;
	struct hvpart_cpuid get_cpuid = { 0 };
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct vmm vmm;
	uint32_t ecx;

	vmm_open_hvpart(&vmm);
	/* No creation flags: without LAPIC_ENABLED, HLT exits to us. */
	create.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	create.input.disabled_processor_features[0] = HV_FEATURE0_SSE4_2;
	if (ioctl(vmm.hv, HVPART_CREATE_PARTITION_AMD64, &create) < 0)
		fail("HVPART_CREATE_PARTITION_AMD64", &create.status);
	vmm.partition_id = create.new_partition_id;
	printf("created partition %llu with sse4_2 disabled\n",
	       (unsigned long long)vmm.partition_id);

	vmm_create_vm(&vmm, guest_code, sizeof(guest_code), GUEST_CODE_GPA);
	/* nent 0 asks how many entries the partition's CPUID has (E2BIG). */
	get_cpuid.partition_id = vmm.partition_id;
	get_cpuid.cpuid = (uintptr_t)&size_probe;
	if (ioctl(vmm.hv, HVPART_GET_CPUID, &get_cpuid) == 0 || errno != E2BIG)
		fail("HVPART_GET_CPUID (size)", &get_cpuid.status);
	cpuid = calloc(1, sizeof(*cpuid) + size_probe.nent * sizeof(cpuid->entries[0]));
	if (!cpuid)
		fail("calloc CPUID entries", NULL);
	cpuid->nent = size_probe.nent;
	get_cpuid.cpuid = (uintptr_t)cpuid;
	if (ioctl(vmm.hv, HVPART_GET_CPUID, &get_cpuid) < 0)
		fail("HVPART_GET_CPUID", &get_cpuid.status);
	if (ioctl(vmm.vcpu, KVM_SET_CPUID2, cpuid) < 0)
		fail("KVM_SET_CPUID2", NULL);
	free(cpuid);	/* KVM keeps its own copy */

	vmm_map_run(&vmm);
	/* The vCPU starts in real mode; run our code at 0000:1000. */
	if (ioctl(vmm.vcpu, KVM_GET_SREGS, &sregs) < 0)
		fail("KVM_GET_SREGS", NULL);
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vmm.vcpu, KVM_SET_SREGS, &sregs) < 0)
		fail("KVM_SET_SREGS", NULL);
	memset(&regs, 0, sizeof(regs));
	regs.rip = GUEST_CODE_GPA;
	regs.rflags = 0x2;	/* bit 1 is reserved, always 1 */
	if (ioctl(vmm.vcpu, KVM_SET_REGS, &regs) < 0)
		fail("KVM_SET_REGS", NULL);

	if (ioctl(vmm.vcpu, KVM_RUN, 0) < 0)
		fail("KVM_RUN", NULL);
	if (vmm.run->exit_reason != KVM_EXIT_HLT) {
		fprintf(stderr, VMM_NAME ": KVM_RUN: exit reason %u, not HLT\n",
			vmm.run->exit_reason);
		exit(1);
	}
	/* The guest halted right after CPUID: its ECX is still there. */
	if (ioctl(vmm.vcpu, KVM_GET_REGS, &regs) < 0)
		fail("KVM_GET_REGS", NULL);
	ecx = (uint32_t)regs.rcx;
	printf("guest saw CPUID.1:ECX = 0x%08x: sse4_2 = %s, sse4_1 = %s\n", ecx,
	       ecx & CPUID1_ECX_SSE4_2 ? "on" : "off",
	       ecx & CPUID1_ECX_SSE4_1 ? "on" : "off");

	vmm_destroy(&vmm);
	return 0;
}
