// SPDX-License-Identifier: GPL-2.0
/*
 * The hypercall handler: control-word rules, dispatch by call code, and
 * the calls themselves.  Input and output are kernel buffers; main.c does
 * the copying and the placement rules of the user's pages.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/nodemask.h>
#include <linux/numa.h>
#include <linux/string.h>

#include "hvpart.h"

typedef u16 (*hvpart_call_fn)(struct hvpart_caller *caller,
			      const void *input, void *output);

static u16 hvpart_call_create_partition(struct hvpart_caller *caller,
					const void *input, void *output);
static u16 hvpart_call_delete_partition(struct hvpart_caller *caller,
					const void *input, void *output);

/* The calls this module implements; any other code is not known here. */
static const struct {
	u16 code;
	hvpart_call_fn fn;
} hvpart_calls[] = {
	{ HVCALL_CREATE_PARTITION, hvpart_call_create_partition },
	{ HVCALL_DELETE_PARTITION, hvpart_call_delete_partition },
};

static hvpart_call_fn hvpart_call_fn_of(u16 code)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvpart_calls); i++)
		if (hvpart_calls[i].code == code)
			return hvpart_calls[i].fn;
	return NULL;
}

static u16 hvpart_refuse(struct hvpart_caller *caller, u16 status,
			 enum hvc_fault fault, u64 value)
{
	caller->verdict.status = status;
	caller->verdict.fault = fault;
	caller->verdict.bit = 0;
	caller->verdict.value = value;
	return status;
}

static u16 hvpart_status_of_errno(int err)
{
	switch (err) {
	case 0:
		return HV_STATUS_SUCCESS;
	case -ENOMEM:
		return HV_STATUS_INSUFFICIENT_MEMORY;
	case -ENOSPC:
		return HV_STATUS_NO_RESOURCES;
	default:
		return HV_STATUS_OPERATION_FAILED;
	}
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
	if (!caller->admin_known) {
		caller->admin = capable(CAP_SYS_ADMIN);
		caller->admin_known = true;
	}
	return caller->admin;
}

/**
 * hvpart_hvcall_lookup() - the ABI description of an implemented call
 * @code: call code.
 *
 * Return: the call, or NULL when this module does not implement @code.
 */
const struct hvc_call *hvpart_hvcall_lookup(u16 code)
{
	return hvpart_call_fn_of(code) ? hvc_call_find(code) : NULL;
}

/**
 * hvpart_hvcall_check() - everything that can be checked before the input
 * @caller: the caller; its verdict says why a check failed.
 * @control: hypercall control word.
 * @input_size: bytes the caller offers as input.
 * @output_size: bytes the caller offers as output.
 * @callp: the call, on success.
 *
 * Return: HV_STATUS_SUCCESS, INVALID_HYPERCALL_CODE or
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
	if (status != HV_STATUS_SUCCESS)
		return status;
	return hvc_sizes_check(*callp, caller->layout, input_size, output_size,
			       &caller->verdict);
}

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
	return hvpart_call_fn_of(call->code)(caller, input, output);
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
	if (status != HV_STATUS_SUCCESS)
		return status;
	return hvpart_hvcall_run(caller, call, input, output);
}

/**
 * hvpart_hvcall_undo() - take back a successful call whose result could
 *	not reach the caller
 * @call: the call.
 * @output: its output.
 *
 * Only CreatePartition has something to take back: the new partition.
 * Its id stays consumed, as ids are never reused.
 */
void hvpart_hvcall_undo(const struct hvc_call *call, const void *output)
{
	const struct hv_output_create_partition *out = output;
	struct hvpart_partition *p;

	if (call->code != HVCALL_CREATE_PARTITION)
		return;
	p = hvpart_partition_get(out->new_partition_id);
	if (!p)
		return;
	hvpart_partition_remove(p);
	hvpart_partition_put(p);
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
	struct hv_output_create_partition *out = output;
	struct hvc_create_args args;
	int node = NUMA_NO_NODE;
	u64 id;
	u16 status;
	int err;

	hvc_create_decode(caller->layout, input,
			  hvc_create_input_size(caller->layout), &args);
	status = hvc_create_validate(&args, hvpart_node_online,
				     &caller->verdict);
	if (status != HV_STATUS_SUCCESS)
		return status;

	/* A preferred domain whose node is offline falls back to any node. */
	if ((args.proximity_flags & HV_PROXIMITY_FLAG_INFO_VALID) &&
	    hvpart_node_online(args.proximity_domain_id))
		node = args.proximity_domain_id;

	err = hvpart_partition_create(&args, node, caller->uid, &id);
	if (err)
		return hvpart_refuse(caller, hvpart_status_of_errno(err),
				     HVC_FAULT_NONE, 0);
	out->new_partition_id = id;
	return HV_STATUS_SUCCESS;
}

static u16 hvpart_call_delete_partition(struct hvpart_caller *caller,
					const void *input, void *output)
{
	const struct hv_input_partition_id *in = input;
	struct hvpart_partition *p;
	u16 status = HV_STATUS_SUCCESS;

	p = hvpart_partition_get(in->partition_id);
	if (!p)
		return hvpart_refuse(caller, HV_STATUS_INVALID_PARTITION_ID,
				     HVC_FAULT_PARTITION_ID, in->partition_id);

	if (!hvpart_caller_may_act_on(caller, p))
		status = HV_STATUS_ACCESS_DENIED;
	else if (p->state == HVPART_STATE_INITIALIZED)
		status = HV_STATUS_INVALID_PARTITION_STATE;
	else if (hvpart_partition_remove(p))
		/* Another delete won the race: the id is gone. */
		status = HV_STATUS_INVALID_PARTITION_ID;

	hvpart_partition_put(p);
	if (status != HV_STATUS_SUCCESS)
		return hvpart_refuse(caller, status, HVC_FAULT_NONE,
				     in->partition_id);
	return HV_STATUS_SUCCESS;
}
