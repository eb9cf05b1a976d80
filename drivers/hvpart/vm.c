// SPDX-License-Identifier: GPL-2.0
/*
 * A partition's KVM VM: binding the VM a VMM hands in at Initialize (and
 * letting it go with the /dev/hvpart file it came through), and what the
 * VMM asks about it afterwards: a new fd for it, the CPUID its vCPUs
 * are offered (x86), the vCPU init they get (arm64).
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvpart.h"

/**
 * hvpart_partition_bind_vm() - the partition holds the caller's VM
 * @p: the partition, with @p->lock held and no VM.
 * @vm: the VM; the partition takes a reference of its own.
 * @session: the /dev/hvpart file the VM is bound through: it holds the
 *	VM no longer than it lives itself (hvpart_session_release()).
 */
void hvpart_partition_bind_vm(struct hvpart_partition *p, struct file *vm,
			      struct hvpart_session *session)
{
	lockdep_assert_held(&p->lock);
	/* netlink reads it without p->lock, for "vm-attached". */
	WRITE_ONCE(p->vm, get_file(vm));
	if (current->mm) {
		mmgrab(current->mm);
		p->vm_mm = current->mm;
	}
	p->vm_session = session;
	if (session) {
		spin_lock(&session->lock);
		list_add_tail(&p->vm_link, &session->vms);
		spin_unlock(&session->lock);
	}
}

/**
 * hvpart_partition_release_vm() - drop the partition's hold on its VM
 * @p: the partition, with @p->lock held.
 *
 * The VM itself ends when its VMM has closed its fds too.
 */
void hvpart_partition_release_vm(struct hvpart_partition *p)
{
	lockdep_assert_held(&p->lock);
	if (p->vm_session) {
		spin_lock(&p->vm_session->lock);
		list_del_init(&p->vm_link);
		spin_unlock(&p->vm_session->lock);
		p->vm_session = NULL;
	}
	if (p->vm) {
		fput(p->vm);
		WRITE_ONCE(p->vm, NULL);
	}
	if (p->vm_mm) {
		mmdrop(p->vm_mm);
		p->vm_mm = NULL;
	}
}

/**
 * hvpart_session_init() - a new open file of /dev/hvpart
 * @session: its state.
 */
void hvpart_session_init(struct hvpart_session *session)
{
	spin_lock_init(&session->lock);
	INIT_LIST_HEAD(&session->vms);
	memset(&session->refusal, 0, sizeof(session->refusal));
}

/**
 * hvpart_session_release() - the file is going: so do the VMs bound
 *	through it
 * @session: its state.
 *
 * The partitions stay Initialized, without a VM.  A partition on the list
 * is alive: leaving the table takes Finalize or module unload first, and
 * both unlink it under the session's lock; the reference taken here keeps
 * it so while its lock is awaited.
 */
void hvpart_session_release(struct hvpart_session *session)
{
	struct hvpart_partition *p;

	spin_lock(&session->lock);
	while (!list_empty(&session->vms)) {
		p = list_first_entry(&session->vms, struct hvpart_partition,
				     vm_link);
		refcount_inc(&p->refcount);
		spin_unlock(&session->lock);

		mutex_lock(&p->lock);
		if (p->vm_session == session) {
			hvpart_partition_release_vm(p);
			/* Still Initialized; the event says the VM is gone. */
			hvpart_nl_notify(p, HVPART_CMD_PARTITION_STATE_NTF);
		}
		mutex_unlock(&p->lock);
		hvpart_partition_put(p);
		spin_lock(&session->lock);
	}
	spin_unlock(&session->lock);
}

/**
 * hvpart_vm_file() - the VM of a partition, for the process that owns it
 * @caller: the caller.
 * @id: the partition.
 * @vm: out: a new reference to the VM's file, for a new fd.
 *
 * Return: HVPART_STATUS_SUCCESS; INVALID_PARTITION_STATE unless Initialized;
 * OPERATION_DENIED for any process but the VM's (KVM refuses VM ioctls
 * from another mm); the usual id and owner statuses.
 */
u16 hvpart_vm_file(struct hvpart_caller *caller, u64 id, struct file **vm)
{
	struct hvpart_partition *p;
	u16 status;

	status = hvpart_partition_lock(caller, id, HVPART_IN(INITIALIZED), &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	if (!p->vm || !current->mm || p->vm_mm != current->mm)
		status = hvpart_refuse(caller, HVPART_STATUS_OPERATION_DENIED,
				       HVC_FAULT_NONE, id);
	else
		*vm = get_file(p->vm);
	hvpart_partition_unlock(p);
	return status;
}

/**
 * hvpart_cpuid() - the CPUID a partition's vCPUs are offered
 * @caller: the caller.
 * @id: the partition.
 * @entries: out: KVM's supported CPUID, filtered for the partition, in a
 *	kvmalloc()ed array the caller frees with kvfree().
 * @count: out: its entries.
 *
 * Return: HVPART_STATUS_SUCCESS, NO_RESOURCES without KVM, or the usual id and
 * owner statuses.
 */
u16 hvpart_cpuid(struct hvpart_caller *caller, u64 id,
		 struct hvc_cpuid_entry **entries, u32 *count)
{
	struct hvpart_partition *p;
	u16 status;
	int err;

	status = hvpart_partition_lock(caller, id, HVPART_IN_ANY, &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	err = hvpart_vm_ops->supported_cpuid(entries, count);
	if (err)
		status = hvpart_refuse_errno(caller, err);
	else
		*count = hvc_cpuid_filter(*entries, *count, &p->cpu);
	hvpart_partition_unlock(p);
	return status;
}

/**
 * hvpart_vcpu_init() - the KVM vCPU init a partition's vCPUs get (arm64)
 * @caller: the caller.
 * @id: the partition; it must be initialized.
 * @target: out: KVM_ARM_PREFERRED_TARGET of the partition's VM.
 * @features: out: struct kvm_vcpu_init's seven feature words.
 *
 * The target is what KVM answered for the VM when it was bound
 * (hvpart_call_initialize_partition()): KVM answers only in the VM's own
 * process, and this may be another, e.g. `hvctl cpuid` after `hvctl init`.
 *
 * Return: HVPART_STATUS_SUCCESS, INVALID_PARTITION_STATE before Initialize or
 * after Finalize, OPERATION_DENIED for a partition initialized without a
 * VM, NO_RESOURCES when KVM fails, or the usual id and owner statuses.
 */
u16 hvpart_vcpu_init(struct hvpart_caller *caller, u64 id, u32 *target,
		     u32 *features)
{
	u64 regs[HVC_ARM64_REGS];
	struct hvpart_partition *p;
	u32 vcpu;
	u16 status;
	int err;

	status = hvpart_partition_lock(caller, id, HVPART_IN(INITIALIZED), &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	if (p->vcpu_target == HVPART_VCPU_TARGET_NONE) {
		status = hvpart_refuse(caller, HVPART_STATUS_OPERATION_DENIED,
				       HVC_FAULT_NONE, id);
		goto out;
	}
	err = hvpart_vm_ops->arm64_host(regs, &vcpu);
	if (err) {
		status = hvpart_refuse_errno(caller, err);
		goto out;
	}
	*target = p->vcpu_target;
	memset(features, 0, 7 * sizeof(*features));
	features[0] = hvc_arm64_vcpu_features(vcpu, &p->cpu);
out:
	hvpart_partition_unlock(p);
	return status;
}
