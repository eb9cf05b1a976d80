/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart_vmm.h: the steps the two example VMMs take alike.
 *
 * hvpart_vmm_x86.c and hvpart_vmm_arm64.c differ in how they create the
 * partition, give the vCPU the partition's view and read what the guest
 * saw; everything around that (binding a KVM VM to the partition, guest
 * memory, one vCPU and its kvm_run, and the teardown) is the same and is
 * here, so that each example shows only what its architecture adds.
 *
 * Header-only, so that each example still builds with one command
 * (cc -static -I uapi hvpart_vmm_<arch>.c).  The including file defines
 * VMM_NAME, the program name its error messages start with.
 */
#ifndef HVPART_VMM_H
#define HVPART_VMM_H

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

#ifndef VMM_NAME
#error "define VMM_NAME (the program's name) before including hvpart_vmm.h"
#endif

/* Guest memory: one slot at guest physical address 0. */
#define GUEST_MEM_SIZE	0x10000

struct vmm {
	int hv;			/* /dev/hvpart */
	int kvm;		/* /dev/kvm */
	int vm;			/* the VM the partition is initialized with */
	int vcpu;
	uint64_t partition_id;
	uint8_t *mem;		/* GUEST_MEM_SIZE bytes at guest address 0 */
	struct kvm_run *run;	/* the vCPU's, mapped by vmm_map_run() */
	int run_size;
};

/*
 * Report the failed @step with errno and, for hvpart's ioctls, the
 * HV_STATUS it answered (@hv_status, or NULL), and exit 1.
 */
static inline void fail(const char *step, const uint32_t *hv_status)
{
	if (hv_status)
		fprintf(stderr, VMM_NAME ": %s: %s (HV_STATUS 0x%04x)\n",
			step, strerror(errno), *hv_status);
	else
		fprintf(stderr, VMM_NAME ": %s: %s\n", step, strerror(errno));
	exit(1);
}

/* Initialize (binding @vm_fd), finalize or delete partition @id. */
static inline void partition_op(int hv, unsigned long cmd, const char *step,
				uint64_t id, int vm_fd)
{
	struct hvpart_partition_op op = { .partition_id = id, .vm_fd = vm_fd };

	if (ioctl(hv, cmd, &op) < 0)
		fail(step, &op.status);
}

static inline void vmm_open_hvpart(struct vmm *vmm)
{
	vmm->hv = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	if (vmm->hv < 0)
		fail("open /dev/hvpart", NULL);
}

/*
 * Make a VM for the partition created as vmm->partition_id, bind it, and
 * give it guest memory holding @code at @code_gpa and one vCPU.
 */
static inline void vmm_create_vm(struct vmm *vmm, const void *code,
				 size_t code_size, uint64_t code_gpa)
{
	struct kvm_userspace_memory_region region;

	/* The VMM makes its VM as it would without hvpart, then binds it. */
	vmm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vmm->kvm < 0)
		fail("open /dev/kvm", NULL);
	vmm->vm = ioctl(vmm->kvm, KVM_CREATE_VM, 0);
	if (vmm->vm < 0)
		fail("KVM_CREATE_VM", NULL);
	partition_op(vmm->hv, HVPART_INITIALIZE_PARTITION,
		     "HVPART_INITIALIZE_PARTITION", vmm->partition_id, vmm->vm);

	vmm->mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vmm->mem == MAP_FAILED)
		fail("mmap guest memory", NULL);
	memcpy(vmm->mem + code_gpa, code, code_size);
	region = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = 0, .memory_size = GUEST_MEM_SIZE,
		.userspace_addr = (uintptr_t)vmm->mem,
	};
	if (ioctl(vmm->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		fail("KVM_SET_USER_MEMORY_REGION", NULL);

	vmm->vcpu = ioctl(vmm->vm, KVM_CREATE_VCPU, 0);
	if (vmm->vcpu < 0)
		fail("KVM_CREATE_VCPU", NULL);
}

/* Map the vCPU's kvm_run, where KVM_RUN says why the guest exited. */
static inline void vmm_map_run(struct vmm *vmm)
{
	vmm->run_size = ioctl(vmm->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vmm->run_size < 0)
		fail("KVM_GET_VCPU_MMAP_SIZE", NULL);
	vmm->run = mmap(NULL, vmm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			vmm->vcpu, 0);
	if (vmm->run == MAP_FAILED)
		fail("mmap kvm_run", NULL);
}

/* Finalize and delete the partition, releasing everything on the way. */
static inline void vmm_destroy(struct vmm *vmm)
{
	/* Finalize drops hvpart's hold on the VM; our fds are ours to close. */
	partition_op(vmm->hv, HVPART_FINALIZE_PARTITION,
		     "HVPART_FINALIZE_PARTITION", vmm->partition_id, -1);
	munmap(vmm->run, vmm->run_size);
	close(vmm->vcpu);
	close(vmm->vm);
	close(vmm->kvm);
	munmap(vmm->mem, GUEST_MEM_SIZE);
	partition_op(vmm->hv, HVPART_DELETE_PARTITION,
		     "HVPART_DELETE_PARTITION", vmm->partition_id, -1);
	printf("partition %llu finalized and deleted\n",
	       (unsigned long long)vmm->partition_id);
	close(vmm->hv);
}

#endif /* HVPART_VMM_H */
