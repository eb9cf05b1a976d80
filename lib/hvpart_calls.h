/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypercalls hvpart implements, in one list, as KVM keeps its x86 ops
 * (asm/kvm-x86-ops.h): each includer defines HVC_CALL() and includes this
 * file where it wants the list expanded; the file undefines it again.
 * lib/hvpart_codec.h makes enum hvc_call_id of it, lib/hvpart_codec.c the
 * ABI's facts (struct hvc_call: code, name, layout sizes, fast-capable),
 * which the module, hvctl and the fuzzers share, and
 * drivers/hvpart/hvcall.c the handler of each call.  A call is added
 * here, once, and all three follow.
 *
 * HVC_CALL(ID, fn, code, name, input AMD64, input ARM64, output, fast,
 *	    input rep, output rep):
 * ID names the enum hvc_call_id entry (HVC_CALL_<ID>), fn the driver's
 * hvpart_call_<fn>(); the sizes are those of the uapi layouts, 0 for none.
 * A rep call has an element size: the bytes each rep adds to its input
 * or output after the fixed layout; a simple call has 0 for both.
 */
HVC_CALL(CREATE_PARTITION, create_partition,
	 HVPART_CALL_CREATE_PARTITION, "CreatePartition",
	 sizeof(struct hvpart_input_create_partition_amd64),
	 sizeof(struct hvpart_input_create_partition_arm64),
	 sizeof(struct hvpart_output_create_partition), false, 0, 0)
HVC_CALL(INITIALIZE_PARTITION, initialize_partition,
	 HVPART_CALL_INITIALIZE_PARTITION, "InitializePartition",
	 sizeof(struct hvpart_input_partition_id),
	 sizeof(struct hvpart_input_partition_id), 0, true, 0, 0)
HVC_CALL(FINALIZE_PARTITION, finalize_partition,
	 HVPART_CALL_FINALIZE_PARTITION, "FinalizePartition",
	 sizeof(struct hvpart_input_partition_id),
	 sizeof(struct hvpart_input_partition_id), 0, true, 0, 0)
HVC_CALL(DELETE_PARTITION, delete_partition,
	 HVPART_CALL_DELETE_PARTITION, "DeletePartition",
	 sizeof(struct hvpart_input_partition_id),
	 sizeof(struct hvpart_input_partition_id), 0, true, 0, 0)
HVC_CALL(GET_PARTITION_PROPERTY, get_partition_property,
	 HVPART_CALL_GET_PARTITION_PROPERTY, "GetPartitionProperty",
	 sizeof(struct hvpart_input_get_partition_property),
	 sizeof(struct hvpart_input_get_partition_property),
	 sizeof(struct hvpart_output_get_partition_property), false, 0, 0)
HVC_CALL(SET_PARTITION_PROPERTY, set_partition_property,
	 HVPART_CALL_SET_PARTITION_PROPERTY, "SetPartitionProperty",
	 sizeof(struct hvpart_input_set_partition_property),
	 sizeof(struct hvpart_input_set_partition_property), 0, false, 0, 0)
HVC_CALL(GET_PARTITION_ID, get_partition_id,
	 HVPART_CALL_GET_PARTITION_ID, "GetPartitionId", 0, 0,
	 sizeof(struct hvpart_output_get_partition_id), false, 0, 0)
HVC_CALL(DEPOSIT_MEMORY, deposit_memory,
	 HVPART_CALL_DEPOSIT_MEMORY, "DepositMemory",
	 sizeof(struct hvpart_input_deposit_memory),
	 sizeof(struct hvpart_input_deposit_memory), 0, false,
	 sizeof(__u64), 0)
HVC_CALL(WITHDRAW_MEMORY, withdraw_memory,
	 HVPART_CALL_WITHDRAW_MEMORY, "WithdrawMemory",
	 sizeof(struct hvpart_input_withdraw_memory),
	 sizeof(struct hvpart_input_withdraw_memory), 0, false,
	 0, sizeof(__u64))

#undef HVC_CALL
