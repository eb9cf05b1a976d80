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

/* CAP_SYS_ADMIN, asked once per call and only when a call needs it. */
static bool hvpart_caller_is_admin(struct hvpart_caller *caller)
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
	return hvc_sizes_check(*callp, caller->layout, input_size, output_size,
			       &caller->verdict);
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

	if (call->code != HVPART_CALL_CREATE_PARTITION || !caller->unborn)
		return;
	if (delivered)
		hvpart_partition_publish(out->new_partition_id);
	else
		hvpart_partition_abort(out->new_partition_id);
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
	int node = NUMA_NO_NODE;
	u64 id;
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
				      caller->unborn, &id);
	/* Over the user's bound: CAP_SYS_ADMIN is not bound by it. */
	if (err == -EDQUOT && hvpart_caller_is_admin(caller))
		err = hvpart_partition_create(&args, node, caller->uid, 0,
					      caller->unborn, &id);
	if (err)
		return hvpart_refuse(caller, hvpart_status_of_errno(err),
				     HVC_FAULT_NONE, 0);
	out->new_partition_id = id;
	return HVPART_STATUS_SUCCESS;
}

/* Sets of states, for hvpart_partition_lock(). */
#define HVPART_IN(state)	BIT(HVPART_STATE_##state)
#define HVPART_IN_ANY		(HVPART_IN(CREATED) | HVPART_IN(INITIALIZED) | \
				 HVPART_IN(FINALIZED))

/*
 * Look up the partition a call names, check that the caller may act on
 * it, lock it, and check that it is in one of @states.  On success the
 * caller holds a reference and the lock; hvpart_partition_unlock() gives
 * both back.  The checks run in the documented order: id, owner, state.
 */
static u16 hvpart_partition_lock(struct hvpart_caller *caller, u64 id,
				 unsigned long states,
				 struct hvpart_partition **pp)
{
	struct hvpart_partition *p = hvpart_partition_get(id);
	u16 status;

	if (!p)
		return hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_ID,
				     HVC_FAULT_PARTITION_ID, id);
	if (!hvpart_caller_may_act_on(caller, p)) {
		hvpart_partition_put(p);
		return hvpart_refuse(caller, HVPART_STATUS_ACCESS_DENIED,
				     HVC_FAULT_NONE, id);
	}
	/*
	 * Killable: the holder may be blocked in a user access of its own
	 * process (KVM calls through the caller's memory), and a caller
	 * waiting behind it must still be able to die.
	 */
	if (mutex_lock_killable(&p->lock)) {
		hvpart_partition_put(p);
		return hvpart_refuse(caller, HVPART_STATUS_OPERATION_FAILED,
				     HVC_FAULT_NONE, id);
	}
	if (states & BIT(p->state)) {
		*pp = p;
		return HVPART_STATUS_SUCCESS;
	}
	/* Deleted while we waited for the lock: the id is gone. */
	if (p->state == HVPART_STATE_DELETED)
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_ID,
				       HVC_FAULT_PARTITION_ID, id);
	else
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_STATE,
				       HVC_FAULT_NONE, p->state);
	mutex_unlock(&p->lock);
	hvpart_partition_put(p);
	return status;
}

static void hvpart_partition_unlock(struct hvpart_partition *p)
{
	mutex_unlock(&p->lock);
	hvpart_partition_put(p);
}

/*
 * Count one more initialized partition for @p's owner, within
 * max_initialized_per_user unless the caller has CAP_SYS_ADMIN.
 */
static u16 hvpart_charge_initialized(struct hvpart_caller *caller,
				     struct hvpart_partition *p)
{
	int err;

	err = hvpart_user_charge_initialized(p->owner,
			READ_ONCE(hvpart_max_initialized_per_user));
	if (err == -EDQUOT && hvpart_caller_is_admin(caller))
		err = hvpart_user_charge_initialized(p->owner, 0);
	if (err)
		return hvpart_refuse(caller, hvpart_status_of_errno(err),
				     HVC_FAULT_NONE, -err);
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
			hvpart_user_uncharge_initialized(p->owner);
			hvpart_partition_put(p);
			return hvpart_refuse(caller, HVPART_STATUS_OPERATION_FAILED,
					     HVC_FAULT_NONE, in->partition_id);
		}
		if (!err && p->state != HVPART_STATE_CREATED)
			status = hvpart_refuse(caller,
				p->state == HVPART_STATE_DELETED ?
				HVPART_STATUS_INVALID_PARTITION_ID :
				HVPART_STATUS_INVALID_PARTITION_STATE,
				HVC_FAULT_NONE, p->state);
		else if (err)
			status = hvpart_refuse(caller,
					       hvpart_status_of_errno(err),
					       HVC_FAULT_NONE, -err);
		if (status != HVPART_STATUS_SUCCESS) {
			hvpart_user_uncharge_initialized(p->owner);
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
	hvpart_user_uncharge_initialized(p->owner);
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
	old = p->state;
	/* Deleted before the event goes out, so it says "deleted". */
	WRITE_ONCE(p->state, HVPART_STATE_DELETED);
	if (hvpart_partition_remove(p)) {
		WRITE_ONCE(p->state, old);
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_ID,
				       HVC_FAULT_PARTITION_ID, p->id);
	}
	hvpart_partition_unlock(p);
	return status;
}

/*
 * The feature banks a partition's vCPUs are offered (@cpu), or those KVM
 * offers on this host before any partition's cut (@cpu NULL).  x86 reads
 * them off KVM's supported CPUID, filtered for the partition; arm64 off
 * the host's ID registers and the vCPU features the partition may use.
 */
static int hvpart_feature_banks(const struct hvc_partition_cpu *cpu,
				u64 banks[HVC_BANKS])
{
	struct hvc_cpuid_entry *entries;
	u64 regs[HVC_ARM64_REGS];
	u64 host[HVC_BANKS];
	u32 count, vcpu;
	int err;

	if (hvpart_vm_ops->arm64_host) {
		err = hvpart_vm_ops->arm64_host(regs, &vcpu);
		if (err)
			return err;
		hvc_arm64_host_banks(regs, vcpu, banks);
		if (cpu) {
			memcpy(host, banks, sizeof(host));
			hvc_arm64_offered_banks(host,
						hvc_arm64_vcpu_features(vcpu, cpu),
						banks);
		}
		return 0;
	}

	err = hvpart_vm_ops->supported_cpuid(&entries, &count);
	if (err)
		return err;
	if (cpu)
		count = hvc_cpuid_filter(entries, count, cpu);
	hvc_cpuid_host_banks(entries, count, banks);
	kvfree(entries);
	return 0;
}

/* Which bank a feature property reads and writes. */
static unsigned int hvpart_property_bank(u32 code)
{
	switch (code) {
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0:
		return 0;
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1:
		return 1;
	default:
		return HVC_BANK_XSAVE;
	}
}

/*
 * A property's value, for a partition (its CPU view and creation version)
 * or for the host partition (@cpu NULL: what KVM offers with nothing
 * disabled).  The same reads answer both, so a ported VMM sees one
 * meaning of each property.
 */
static u16 hvpart_property_read(struct hvpart_caller *caller, u32 code,
				const struct hvc_partition_cpu *cpu,
				u32 compatibility_version, u64 *value)
{
	u64 banks[HVC_BANKS];
	int err;

	switch (code) {
	case HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR:
		*value = hvpart_vm_ops->processor_vendor();
		return HVPART_STATUS_SUCCESS;
	case HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION:
		*value = compatibility_version;
		return HVPART_STATUS_SUCCESS;
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0:
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1:
	case HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES:
		err = hvpart_feature_banks(cpu, banks);
		if (err)
			return hvpart_refuse(caller, hvpart_status_of_errno(err),
					     HVC_FAULT_NONE, -err);
		*value = banks[hvpart_property_bank(code)];
		return HVPART_STATUS_SUCCESS;
	default:
		return hvpart_refuse(caller, HVPART_STATUS_UNKNOWN_PROPERTY,
				     HVC_FAULT_NONE, code);
	}
}

static u16 hvpart_call_get_partition_property(struct hvpart_caller *caller,
					      const void *input, void *output)
{
	const struct hvpart_input_get_partition_property *in = input;
	struct hvpart_output_get_partition_property *out = output;
	struct hvpart_partition *p;
	u16 status;

	if (in->padding)
		return hvpart_refuse(caller, HVPART_STATUS_INVALID_PARAMETER,
				     HVC_FAULT_PADDING, in->padding);
	/*
	 * The host partition, as code ported from mshv reads the root: never
	 * created, so its version is the newest release one it may create.
	 */
	if (hvc_partition_id_is_host(in->partition_id))
		return hvpart_property_read(caller, in->property_code, NULL,
					    HVPART_COMPATIBILITY_21H2,
					    &out->property_value);
	status = hvpart_partition_lock(caller, in->partition_id, HVPART_IN_ANY,
				       &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	status = hvpart_property_read(caller, in->property_code, &p->cpu,
				      p->args.compatibility_version,
				      &out->property_value);
	hvpart_partition_unlock(p);
	return status;
}

static u16 hvpart_call_set_partition_property(struct hvpart_caller *caller,
					      const void *input, void *output)
{
	const struct hvpart_input_set_partition_property *in = input;
	struct hvpart_partition *p;
	u64 banks[HVC_BANKS];
	unsigned int bank;
	u16 status;
	int err;

	if (in->padding)
		return hvpart_refuse(caller, HVPART_STATUS_INVALID_PARAMETER,
				     HVC_FAULT_PADDING, in->padding);
	/* The host's values are what they are: nobody sets them here. */
	if (hvc_partition_id_is_host(in->partition_id))
		return hvpart_refuse(caller, HVPART_STATUS_ACCESS_DENIED,
				     HVC_FAULT_NONE, in->partition_id);
	status = hvpart_partition_lock(caller, in->partition_id, HVPART_IN_ANY,
				       &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;

	if (!hvc_property_known(in->property_code)) {
		status = hvpart_refuse(caller, HVPART_STATUS_UNKNOWN_PROPERTY,
				       HVC_FAULT_NONE, in->property_code);
	} else if (!hvc_property_writable(in->property_code)) {
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARAMETER,
				       HVC_FAULT_NONE, in->property_code);
	} else if (p->state != HVPART_STATE_CREATED) {
		/* Early properties shape the VM: they end at Initialize. */
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_STATE,
				       HVC_FAULT_NONE, p->state);
	} else {
		bank = hvpart_property_bank(in->property_code);
		err = hvpart_feature_banks(NULL, banks);
		if (err)
			status = hvpart_refuse(caller,
					       hvpart_status_of_errno(err),
					       HVC_FAULT_NONE, -err);
		else if (in->property_value & ~banks[bank])
			status = hvpart_refuse(caller,
					       HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE,
					       HVC_FAULT_NONE,
					       in->property_value & ~banks[bank]);
		else
			WRITE_ONCE(p->cpu.disabled[bank], ~in->property_value);
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
		status = hvpart_refuse(caller, hvpart_status_of_errno(err),
				       HVC_FAULT_NONE, -err);
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
		status = hvpart_refuse(caller, hvpart_status_of_errno(err),
				       HVC_FAULT_NONE, -err);
		goto out;
	}
	*target = p->vcpu_target;
	memset(features, 0, 7 * sizeof(*features));
	features[0] = hvc_arm64_vcpu_features(vcpu, &p->cpu);
out:
	hvpart_partition_unlock(p);
	return status;
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
