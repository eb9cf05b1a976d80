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
 * Needs /dev/hvpart and /dev/kvm (root, or group kvm with the udev rule).
 * Documentation/hvpart.rst sections 5 (KVM backing), 7 (CPUID), 10.2.
 */
#include <errno.h>
#include <fcntl.h>
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
#define GUEST_CODE_GPA	0x1000
/* Hyper-V processor feature bank 0, bit 4 (Documentation/hvpart.rst 7.3). */
#define HV_FEATURE0_SSE4_2	(1ULL << 4)
#define CPUID1_ECX_SSE4_1	(1U << 19)
#define CPUID1_ECX_SSE4_2	(1U << 20)

/* Real mode: mov eax, 1; xor ecx, ecx; cpuid; hlt. */
static const uint8_t guest_code[] = {
	0x66, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x66, 0x31, 0xc9, 0x0f, 0xa2, 0xf4,
};

static void fail(const char *step, const uint32_t *hv_status)
{
	if (hv_status)
		fprintf(stderr, "hvpart_vmm_x86: %s: %s (HV_STATUS 0x%04x)\n",
			step, strerror(errno), *hv_status);
	else
		fprintf(stderr, "hvpart_vmm_x86: %s: %s\n", step, strerror(errno));
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
	struct hvpart_create_partition_amd64 create = { 0 };
	struct kvm_cpuid2 size_probe = { .nent = 0 }, *cpuid;
	struct hvpart_cpuid get_cpuid = { 0 };
	struct kvm_userspace_memory_region region;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	int hv, kvm, vm, vcpu, run_size;
	uint8_t *mem;
	uint32_t ecx;

	hv = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	if (hv < 0)
		fail("open /dev/hvpart", NULL);
	/* No creation flags: without LAPIC_ENABLED, HLT exits to us. */
	create.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	create.input.disabled_processor_features[0] = HV_FEATURE0_SSE4_2;
	if (ioctl(hv, HVPART_CREATE_PARTITION_AMD64, &create) < 0)
		fail("HVPART_CREATE_PARTITION_AMD64", &create.status);
	printf("created partition %llu with sse4_2 disabled\n",
	       (unsigned long long)create.new_partition_id);

	/* The VMM makes its VM as it would without hvpart, then binds it. */
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		fail("open /dev/kvm", NULL);
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		fail("KVM_CREATE_VM", NULL);
	partition_op(hv, HVPART_INITIALIZE_PARTITION, "HVPART_INITIALIZE_PARTITION",
		     create.new_partition_id, vm);

	mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		fail("mmap guest memory", NULL);
	memcpy(mem + GUEST_CODE_GPA, guest_code, sizeof(guest_code));
	region = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = 0, .memory_size = GUEST_MEM_SIZE,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		fail("KVM_SET_USER_MEMORY_REGION", NULL);

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		fail("KVM_CREATE_VCPU", NULL);
	/* nent 0 asks how many entries the partition's CPUID has (E2BIG). */
	get_cpuid.partition_id = create.new_partition_id;
	get_cpuid.cpuid = (uintptr_t)&size_probe;
	if (ioctl(hv, HVPART_GET_CPUID, &get_cpuid) == 0 || errno != E2BIG)
		fail("HVPART_GET_CPUID (size)", &get_cpuid.status);
	cpuid = calloc(1, sizeof(*cpuid) + size_probe.nent * sizeof(cpuid->entries[0]));
	if (!cpuid)
		fail("calloc CPUID entries", NULL);
	cpuid->nent = size_probe.nent;
	get_cpuid.cpuid = (uintptr_t)cpuid;
	if (ioctl(hv, HVPART_GET_CPUID, &get_cpuid) < 0)
		fail("HVPART_GET_CPUID", &get_cpuid.status);
	if (ioctl(vcpu, KVM_SET_CPUID2, cpuid) < 0)
		fail("KVM_SET_CPUID2", NULL);

	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < 0)
		fail("KVM_GET_VCPU_MMAP_SIZE", NULL);
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		fail("mmap kvm_run", NULL);
	/* The vCPU starts in real mode; run our code at 0000:1000. */
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		fail("KVM_GET_SREGS", NULL);
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		fail("KVM_SET_SREGS", NULL);
	memset(&regs, 0, sizeof(regs));
	regs.rip = GUEST_CODE_GPA;
	regs.rflags = 0x2;	/* bit 1 is reserved, always 1 */
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		fail("KVM_SET_REGS", NULL);

	if (ioctl(vcpu, KVM_RUN, 0) < 0)
		fail("KVM_RUN", NULL);
	if (run->exit_reason != KVM_EXIT_HLT) {
		fprintf(stderr, "hvpart_vmm_x86: KVM_RUN: exit reason %u, not HLT\n",
			run->exit_reason);
		exit(1);
	}
	/* The guest halted right after CPUID: its ECX is still there. */
	if (ioctl(vcpu, KVM_GET_REGS, &regs) < 0)
		fail("KVM_GET_REGS", NULL);
	ecx = (uint32_t)regs.rcx;
	printf("guest saw CPUID.1:ECX = 0x%08x: sse4_2 = %s, sse4_1 = %s\n", ecx,
	       ecx & CPUID1_ECX_SSE4_2 ? "on" : "off",
	       ecx & CPUID1_ECX_SSE4_1 ? "on" : "off");

	/* Finalize drops hvpart's hold on the VM; our fds are ours to close. */
	partition_op(hv, HVPART_FINALIZE_PARTITION, "HVPART_FINALIZE_PARTITION",
		     create.new_partition_id, -1);
	munmap(run, run_size);
	close(vcpu);
	close(vm);
	close(kvm);
	munmap(mem, GUEST_MEM_SIZE);
	free(cpuid);
	partition_op(hv, HVPART_DELETE_PARTITION, "HVPART_DELETE_PARTITION",
		     create.new_partition_id, -1);
	printf("partition %llu finalized and deleted\n",
	       (unsigned long long)create.new_partition_id);
	close(hv);
	return 0;
}
