// SPDX-License-Identifier: GPL-2.0
/*
 * The hypercall handler: control-word rules, dispatch by call code, and
 * the calls themselves.  Input and output are kernel buffers; main.c does
 * the copying and the placement rules of the user's pages.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/nodemask.h>
#include <linux/numa.h>
#include <linux/string.h>

#include "hvpart.h"

typedef u16 (*hvpart_call_fn)(struct hvpart_caller *caller,
			      const void *input, void *output);

/**
 * hvpart_refuse() - a call is refused: say why
 * @caller: the caller; its verdict takes the cause.
 * @status: the HV_STATUS.
 * @fault: enum hvc_fault, or HVC_FAULT_NONE when @value says it all.
 * @value: the offending value.
 *
 * Return: @status.
 */
u16 hvpart_refuse(struct hvpart_caller *caller, u16 status,
		  enum hvc_fault fault, u64 value)
{
	caller->verdict.status = status;
	caller->verdict.fault = fault;
	caller->verdict.bit = 0;
	caller->verdict.value = value;
	return status;
}

/* The HV_STATUS for a kernel error: what a caller of the hypercall sees. */
static u16 hvpart_status_of_errno(int err)
{
	switch (err) {
	case 0:
		return HVPART_STATUS_SUCCESS;
	case -ENOMEM:
		return HVPART_STATUS_INSUFFICIENT_MEMORY;
	case -ENOSPC:
	case -EDQUOT:
	case -EMFILE:
	case -ENFILE:
	/* No KVM here: /dev/kvm is missing or its module is not loaded. */
	case -ENOENT:
	case -ENODEV:
	case -ENXIO:
	case -EOPNOTSUPP:
		return HVPART_STATUS_NO_RESOURCES;
	case -EACCES:
	case -EPERM:
		return HVPART_STATUS_ACCESS_DENIED;
	default:
		return HVPART_STATUS_OPERATION_FAILED;
	}
}

/**
 * hvpart_refuse_errno() - a call failed on a kernel error: say which
 * @caller: the caller; its verdict and @caller->err take the error.
 * @err: a negative errno.
 *
 * The status is the documented one for the error.  The error itself is
 * kept too: an interrupted call (a fatal signal while it waited) ends the
 * ioctl with the kernel's own errno, not the status's, so that a dying
 * caller is not told its call failed for another reason.
 *
 * Return: the HV_STATUS.
 */
u16 hvpart_refuse_errno(struct hvpart_caller *caller, int err)
{
	caller->err = err;
	return hvpart_refuse(caller, hvpart_status_of_errno(err),
			     HVC_FAULT_NONE, -err);
}

/**
 * hvpart_caller_errno() - what the ioctl returns after a call
 * @caller: the caller, after the call.
 * @status: its HV_STATUS.
 *
 * A refusal's verdict is kept for HVPART_GET_VERDICT in the file the call
 * came through; a status no verdict was given for (an ioctl's own
 * reserved field) is kept without a cause.  Success leaves the last
 * refusal as it was.
 *
 * Return: the status's errno (0 for SUCCESS), or -EINTR when a fatal
 * signal interrupted the call.
 */
long hvpart_caller_errno(const struct hvpart_caller *caller, u16 status)
{
	struct hvpart_session *session = caller->session;
	struct hvc_verdict none = { .status = status };

	if (status != HVPART_STATUS_SUCCESS && session) {
		spin_lock(&session->lock);
		session->refusal = caller->verdict.status == status ?
				   caller->verdict : none;
		spin_unlock(&session->lock);
	}
	if (caller->err == -EINTR || caller->err == -ERESTARTSYS)
		return -EINTR;
	return hvc_status_errno(status);
}

/**
 * hvpart_caller_init() - describe the current task as a caller
 * @caller: filled in.
 * @layout: the create layout its input uses.
 */
void hvpart_caller_init(struct hvpart_caller *caller, enum hvc_layout layout)
{
	memset(caller, 0, sizeof(*caller));
	caller->uid = current_euid();
	caller->layout = layout;
}

/**
 * hvpart_caller_is_admin() - has the caller CAP_SYS_ADMIN
 * @caller: the caller.
 *
 * Asked once per call and only when a call needs it.
 *
 * Return: true when it has.
 */
bool hvpart_caller_is_admin(struct hvpart_caller *caller)
{
	if (!caller->admin_known) {
		caller->admin = capable(CAP_SYS_ADMIN);
		caller->admin_known = true;
	}
	return caller->admin;
}

/**
 * hvpart_caller_may_act_on() - may the caller change this partition
 * @caller: the caller.
 * @p: the partition.
 *
 * The owner may; anyone else needs CAP_SYS_ADMIN.
 *
 * Return: true when allowed.
 */
bool hvpart_caller_may_act_on(struct hvpart_caller *caller,
			      const struct hvpart_partition *p)
{
	if (uid_eq(caller->uid, p->owner))
		return true;
	return hvpart_caller_is_admin(caller);
}

/**
 * hvpart_hvcall_lookup() - the ABI description of an implemented call
 * @code: call code.
 *
 * Return: the call, or NULL when this module does not implement @code.
 */
const struct hvc_call *hvpart_hvcall_lookup(u16 code)
{
	return hvc_call_find(code);
}

/**
 * hvpart_hvcall_check() - everything that can be checked before the input
 * @caller: the caller; its verdict says why a check failed.
 * @control: hypercall control word.
 * @input_size: bytes the caller offers as input.
 * @output_size: bytes the caller offers as output.
 * @callp: the call, on success.
 *
 * Return: HVPART_STATUS_SUCCESS, INVALID_HYPERCALL_CODE or
 * INVALID_HYPERCALL_INPUT.
 */
u16 hvpart_hvcall_check(struct hvpart_caller *caller, u64 control,
			u32 input_size, u32 output_size,
			const struct hvc_call **callp)
{
	struct hvc_control c;
	u16 status;

	hvc_control_decode(control, &c);
	*callp = hvpart_hvcall_lookup(c.code);
	status = hvc_control_check(&c, *callp, &caller->verdict);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	caller->rep_count = c.rep_count;
	caller->rep_start = c.rep_start;
	return hvc_sizes_check(*callp, caller->layout, c.rep_count, input_size,
			       output_size, &caller->verdict);
}

/**
 * hvpart_hvcall() - one hypercall on kernel buffers
 * @caller: the caller.
 * @control: hypercall control word.
 * @input: input page.
 * @input_size: bytes at @input.
 * @output: output page.
 * @output_size: bytes at @output.
 *
 * Return: the HV_STATUS, with its cause in @caller->verdict.
 */
u16 hvpart_hvcall(struct hvpart_caller *caller, u64 control,
		  const void *input, u32 input_size,
		  void *output, u32 output_size)
{
	const struct hvc_call *call;
	u16 status;

	status = hvpart_hvcall_check(caller, control, input_size, output_size,
				     &call);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	return hvpart_hvcall_run(caller, call, input, output);
}

/**
 * hvpart_hvcall_finish() - a call ran: did its result reach the caller
 * @caller: the caller, as the call ran.
 * @call: the call.
 * @output: its output.
 * @delivered: the result reached the caller.
 *
 * Only CreatePartition with @caller->unborn has something to do: the new
 * partition was hidden from everyone until now.  Delivered, it is
 * published; if not, it is taken back, which nobody else can have
 * prevented, as nobody else could see it.  Its id stays consumed either
 * way, as ids are never reused.
 */
void hvpart_hvcall_finish(struct hvpart_caller *caller,
			  const struct hvc_call *call, const void *output,
			  bool delivered)
{
	const struct hvpart_output_create_partition *out = output;
	struct hvpart_partition *p;

	if (call->code != HVPART_CALL_CREATE_PARTITION || !caller->unborn)
		return;
	if (!delivered) {
		hvpart_partition_abort(out->new_partition_id);
		return;
	}
	p = hvpart_partition_publish(out->new_partition_id);
	if (p) {
		hvpart_nl_notify(p, HVPART_CMD_PARTITION_CREATE_NTF);
		hvpart_partition_unlock(p);
	}
}

/*
 * A domain is usable when its node has memory: slab quietly allocates
 * elsewhere for an online node without any, __GFP_THISNODE or not.
 */
static bool hvpart_node_online(u32 node)
{
	return node < MAX_NUMNODES && node_state(node, N_MEMORY);
}

static u16 hvpart_call_create_partition(struct hvpart_caller *caller,
					const void *input, void *output)
{
	struct hvpart_output_create_partition *out = output;
	struct hvc_create_args args;
	struct hvpart_partition *p;
	int node = NUMA_NO_NODE;
	u16 status;
	int err;

	hvc_create_decode(caller->layout, input,
			  hvc_create_input_size(caller->layout), &args);
	status = hvc_create_validate(&args, hvpart_node_online,
				     &caller->verdict);
	if (status != HVPART_STATUS_SUCCESS)
		return status;

	/* Nested virtualization is offered only where KVM has it. */
	if ((args.flags & HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE) &&
	    !hvpart_vm_ops->nested_supported())
		return hvpart_refuse(caller,
				     HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED,
				     HVC_FAULT_NONE, args.flags);

	/* A preferred domain whose node is offline falls back to any node. */
	if ((args.proximity_flags & HVPART_PROXIMITY_FLAG_INFO_VALID) &&
	    hvpart_node_online(args.proximity_domain_id))
		node = args.proximity_domain_id;

	err = hvpart_partition_create(&args, node, caller->uid,
				      READ_ONCE(hvpart_max_partitions_per_user),
				      caller->unborn, &p);
	/* Over the user's bound: CAP_SYS_ADMIN is not bound by it. */
	if (err == -EDQUOT && hvpart_caller_is_admin(caller))
		err = hvpart_partition_create(&args, node, caller->uid, 0,
					      caller->unborn, &p);
	if (err)
		return hvpart_refuse_errno(caller, err);
	out->new_partition_id = p->id;
	/* An unborn one has its event when it is published. */
	if (!caller->unborn)
		hvpart_nl_notify(p, HVPART_CMD_PARTITION_CREATE_NTF);
	hvpart_partition_unlock(p);
	return HVPART_STATUS_SUCCESS;
}

/*
 * Count one more initialized partition for @p's owner, within
 * max_initialized_per_user unless the caller has CAP_SYS_ADMIN.
 */
static u16 hvpart_charge_initialized(struct hvpart_caller *caller,
				     struct hvpart_partition *p)
{
	int err;

	err = hvpart_user_charge(p->owner, HVPART_USER_INITIALIZED, 1,
				 READ_ONCE(hvpart_max_initialized_per_user));
	if (err == -EDQUOT && hvpart_caller_is_admin(caller))
		err = hvpart_user_charge(p->owner, HVPART_USER_INITIALIZED, 1, 0);
	if (err)
		return hvpart_refuse_errno(caller, err);
	return HVPART_STATUS_SUCCESS;
}

/*
 * Bind the caller's VM (caller->vm_file, if any) and move to Initialized.
 * The VM is shaped for the creation flags without p->lock held: that may
 * fault on the caller's memory, and nothing the caller can block may hold
 * up others waiting for the partition.  Every refusal that does not
 * depend on a race comes before it, so a refused call changes nothing.
 */
static u16 hvpart_call_initialize_partition(struct hvpart_caller *caller,
					    const void *input, void *output)
{
	const struct hvpart_input_partition_id *in = input;
	struct file *vm = caller->vm_file;
	struct hvpart_partition *p;
	u32 target = HVPART_VCPU_TARGET_NONE;
	u64 flags;
	u16 status;
	int err;

	status = hvpart_partition_lock(caller, in->partition_id,
				       HVPART_IN(CREATED), &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	status = hvpart_charge_initialized(caller, p);
	if (status != HVPART_STATUS_SUCCESS)
		goto out;

	if (vm) {
		flags = p->cpu.flags;
		mutex_unlock(&p->lock);
		err = hvpart_vm_ops->configure_vm(flags, vm);
		if (!err && hvpart_vm_ops->vcpu_target)
			err = hvpart_vm_ops->vcpu_target(vm, &target);
		if (mutex_lock_killable(&p->lock)) {
			hvpart_user_uncharge(p->owner, HVPART_USER_INITIALIZED, 1);
			hvpart_partition_put(p);
			return hvpart_refuse_errno(caller, -EINTR);
		}
		if (!err && p->state != HVPART_STATE_CREATED)
			status = hvpart_refuse(caller,
				p->state == HVPART_STATE_DELETED ?
				HVPART_STATUS_INVALID_PARTITION_ID :
				HVPART_STATUS_INVALID_PARTITION_STATE,
				HVC_FAULT_NONE, p->state);
		else if (err)
			status = hvpart_refuse_errno(caller, err);
		if (status != HVPART_STATUS_SUCCESS) {
			hvpart_user_uncharge(p->owner, HVPART_USER_INITIALIZED, 1);
			goto out;
		}
		hvpart_partition_bind_vm(p, vm, caller->session);
		p->vcpu_target = target;
	}
	WRITE_ONCE(p->state, HVPART_STATE_INITIALIZED);
	hvpart_nl_notify(p, HVPART_CMD_PARTITION_STATE_NTF);
out:
	hvpart_partition_unlock(p);
	return status;
}

static u16 hvpart_call_finalize_partition(struct hvpart_caller *caller,
					  const void *input, void *output)
{
	const struct hvpart_input_partition_id *in = input;
	struct hvpart_partition *p;
	u16 status;

	status = hvpart_partition_lock(caller, in->partition_id,
				       HVPART_IN(INITIALIZED), &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	hvpart_partition_release_vm(p);
	hvpart_user_uncharge(p->owner, HVPART_USER_INITIALIZED, 1);
	WRITE_ONCE(p->state, HVPART_STATE_FINALIZED);
	hvpart_nl_notify(p, HVPART_CMD_PARTITION_STATE_NTF);
	hvpart_partition_unlock(p);
	return HVPART_STATUS_SUCCESS;
}

static u16 hvpart_call_delete_partition(struct hvpart_caller *caller,
					const void *input, void *output)
{
	const struct hvpart_input_partition_id *in = input;
	struct hvpart_partition *p;
	enum hvpart_state old;
	u16 status;

	status = hvpart_partition_lock(caller, in->partition_id,
				       HVPART_IN(CREATED) | HVPART_IN(FINALIZED),
				       &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	/* As Hyper-V's: the pool must be withdrawn first (pool.c). */
	if (hvpart_pool_pages(p)) {
		status = hvpart_refuse(caller, HVPART_STATUS_OPERATION_DENIED,
				       HVC_FAULT_POOL_NOT_EMPTY,
				       hvpart_pool_pages(p));
		hvpart_partition_unlock(p);
		return status;
	}
	old = p->state;
	/* Deleted before the event goes out, so it says "deleted". */
	WRITE_ONCE(p->state, HVPART_STATE_DELETED);
	if (hvpart_partition_remove(p)) {
		WRITE_ONCE(p->state, old);
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_ID,
				       HVC_FAULT_PARTITION_ID, p->id);
	} else {
		hvpart_nl_notify(p, HVPART_CMD_PARTITION_DELETE_NTF);
	}
	hvpart_partition_unlock(p);
	return status;
}

/*
 * Callers of /dev/hvpart run in the host partition, as mshv's run in the
 * root partition: a real id, which no child ever gets, so that code which
 * keeps the answer and reads the host's properties by it works.
 */
static u16 hvpart_call_get_partition_id(struct hvpart_caller *caller,
					const void *input, void *output)
{
	struct hvpart_output_get_partition_id *out = output;

	out->partition_id = HVPART_PARTITION_ID_HOST;
	return HVPART_STATUS_SUCCESS;
}

/*
 * Each call's handler, from the one list of lib/hvpart_calls.h, indexed by
 * enum hvc_call_id as lib's struct hvc_call table is.  Here, after every
 * handler, so that the list needs no declarations.
 */
static const hvpart_call_fn hvpart_call_fns[HVC_CALL_NR] = {
#define HVC_CALL(ID, fn, ...) \
	[HVC_CALL_##ID] = hvpart_call_##fn,
#include "../../lib/hvpart_calls.h"
};

/**
 * hvpart_hvcall_run() - run a checked call
 * @caller: the caller.
 * @call: the call, from hvpart_hvcall_check().
 * @input: the call's input layout, in kernel memory.
 * @output: room for the call's output layout, in kernel memory.
 *
 * Return: the call's HV_STATUS.
 */
u16 hvpart_hvcall_run(struct hvpart_caller *caller, const struct hvc_call *call,
		      const void *input, void *output)
{
	return hvpart_call_fns[call->id](caller, input, output);
}
