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
 * HVC_CALL(ID, fn, code, name, input AMD64, input ARM64, output, fast):
 * ID names the enum hvc_call_id entry (HVC_CALL_<ID>), fn the driver's
 * hvpart_call_<fn>(); the sizes are those of the uapi layouts, 0 for none.
 */
HVC_CALL(CREATE_PARTITION, create_partition,
	 HVPART_CALL_CREATE_PARTITION, "CreatePartition",
	 sizeof(struct hvpart_input_create_partition_amd64),
	 sizeof(struct hvpart_input_create_partition_arm64),
	 sizeof(struct hvpart_output_create_partition), false)
HVC_CALL(INITIALIZE_PARTITION, initialize_partition,
	 HVPART_CALL_INITIALIZE_PARTITION, "InitializePartition",
	 sizeof(struct hvpart_input_partition_id),
	 sizeof(struct hvpart_input_partition_id), 0, true)
HVC_CALL(FINALIZE_PARTITION, finalize_partition,
	 HVPART_CALL_FINALIZE_PARTITION, "FinalizePartition",
	 sizeof(struct hvpart_input_partition_id),
	 sizeof(struct hvpart_input_partition_id), 0, true)
HVC_CALL(DELETE_PARTITION, delete_partition,
	 HVPART_CALL_DELETE_PARTITION, "DeletePartition",
	 sizeof(struct hvpart_input_partition_id),
	 sizeof(struct hvpart_input_partition_id), 0, true)
HVC_CALL(GET_PARTITION_PROPERTY, get_partition_property,
	 HVPART_CALL_GET_PARTITION_PROPERTY, "GetPartitionProperty",
	 sizeof(struct hvpart_input_get_partition_property),
	 sizeof(struct hvpart_input_get_partition_property),
	 sizeof(struct hvpart_output_get_partition_property), false)
HVC_CALL(SET_PARTITION_PROPERTY, set_partition_property,
	 HVPART_CALL_SET_PARTITION_PROPERTY, "SetPartitionProperty",
	 sizeof(struct hvpart_input_set_partition_property),
	 sizeof(struct hvpart_input_set_partition_property), 0, false)
HVC_CALL(GET_PARTITION_ID, get_partition_id,
	 HVPART_CALL_GET_PARTITION_ID, "GetPartitionId", 0, 0,
	 sizeof(struct hvpart_output_get_partition_id), false)

#undef HVC_CALL
