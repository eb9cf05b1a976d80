// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvpart ABI codec.  Pure C on fixed-width types: no allocation, no I/O,
 * nothing but lib/hvpart_shim.h from the host.  Hypercall data is
 * little-endian and so are both architectures hvpart runs on, so the
 * layouts are read and written with memcpy through the uapi structs.
 *
 * This file: the control word and page rules, the create layouts and
 * their validation, the names of flags, versions, properties and
 * statuses, and the verdicts.  The processor feature tables and what is
 * computed from them are in hvpart_x86_features.c and
 * hvpart_arm64_features.c; the calls in hvpart_calls.h.
 */
#include "hvpart_codec.h"

const struct hvc_name hvc_creation_flag_names[] = {
	{ HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST_BIT, "SMT_ENABLED_GUEST" },
	{ HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE_BIT,
	  "NESTED_VIRTUALIZATION_CAPABLE" },
	{ HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED_BIT,
	  "GPA_SUPER_PAGES_ENABLED" },
	{ HVPART_PARTITION_CREATION_FLAG_EXO_PARTITION_BIT, "EXO_PARTITION" },
	{ HVPART_PARTITION_CREATION_FLAG_VTL1_OVERRIDE_BIT, "VTL1_OVERRIDE" },
	{ HVPART_PARTITION_CREATION_FLAG_VTL2_OVERRIDE_BIT, "VTL2_OVERRIDE" },
	{ HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED_BIT, "LAPIC_ENABLED" },
	{ HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU_BIT,
	  "ENABLE_PERFMON_PMU" },
	{ HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_LBR_BIT,
	  "ENABLE_PERFMON_LBR" },
	{ HVPART_PARTITION_CREATION_FLAG_INTERCEPT_MESSAGE_PAGE_ENABLED_BIT,
	  "INTERCEPT_MESSAGE_PAGE_ENABLED" },
	{ HVPART_PARTITION_CREATION_FLAG_HYPERCALL_DOORBELL_PAGE_ENABLED_BIT,
	  "HYPERCALL_DOORBELL_PAGE_ENABLED" },
	{ HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE_BIT, "X2APIC_CAPABLE" },
};

const unsigned int hvc_creation_flag_count =
	HVC_ARRAY_SIZE(hvc_creation_flag_names);

/* The compatibility versions hvpart accepts: every documented one. */
const struct hvc_name hvc_compat_version_names[] = {
	{ HVPART_COMPATIBILITY_19H1, "19H1" },
	{ HVPART_COMPATIBILITY_20H1, "20H1" },
	{ HVPART_COMPATIBILITY_21H1, "21H1" },
	{ HVPART_COMPATIBILITY_21H2, "21H2" },
	{ HVPART_COMPATIBILITY_PRERELEASE, "PRERELEASE" },
	{ HVPART_COMPATIBILITY_EXPERIMENT, "EXPERIMENT" },
};

const unsigned int hvc_compat_version_count =
	HVC_ARRAY_SIZE(hvc_compat_version_names);

/* Partition properties hvpart implements; see hvc_property_writable(). */
const struct hvc_name hvc_property_names[] = {
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR, "PROCESSOR_VENDOR" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES,
	  "PROCESSOR_XSAVE_FEATURES" },
	{ HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION, "COMPATIBILITY_VERSION" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, "PROCESSOR_FEATURES0" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1, "PROCESSOR_FEATURES1" },
};

const unsigned int hvc_property_count = HVC_ARRAY_SIZE(hvc_property_names);

/* Indexed by enum hvc_call_id: the list of lib/hvpart_calls.h. */
static const struct hvc_call hvc_calls[HVC_CALL_NR] = {
#define HVC_CALL(ID, fn, _code, _name, in_amd64, in_arm64, out, fast) \
	[HVC_CALL_##ID] = { .id = HVC_CALL_##ID, .code = _code, .name = _name, \
			    .input_size = { in_amd64, in_arm64 }, \
			    .output_size = out, .fast_capable = fast },
#include "hvpart_calls.h"
};

static const struct {
	u16 status;
	u16 err;
	const char *name;
} hvc_statuses[] = {
	{ HVPART_STATUS_SUCCESS, 0, "HV_STATUS_SUCCESS" },
	{ HVPART_STATUS_INVALID_HYPERCALL_CODE, EINVAL,
	  "HV_STATUS_INVALID_HYPERCALL_CODE" },
	{ HVPART_STATUS_INVALID_HYPERCALL_INPUT, EINVAL,
	  "HV_STATUS_INVALID_HYPERCALL_INPUT" },
	{ HVPART_STATUS_INVALID_ALIGNMENT, EINVAL, "HV_STATUS_INVALID_ALIGNMENT" },
	{ HVPART_STATUS_INVALID_PARAMETER, EINVAL, "HV_STATUS_INVALID_PARAMETER" },
	{ HVPART_STATUS_ACCESS_DENIED, EACCES, "HV_STATUS_ACCESS_DENIED" },
	{ HVPART_STATUS_INVALID_PARTITION_STATE, EINVAL,
	  "HV_STATUS_INVALID_PARTITION_STATE" },
	{ HVPART_STATUS_OPERATION_DENIED, EPERM, "HV_STATUS_OPERATION_DENIED" },
	{ HVPART_STATUS_UNKNOWN_PROPERTY, EINVAL, "HV_STATUS_UNKNOWN_PROPERTY" },
	{ HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE, ERANGE,
	  "HV_STATUS_PROPERTY_VALUE_OUT_OF_RANGE" },
	{ HVPART_STATUS_INSUFFICIENT_MEMORY, ENOMEM,
	  "HV_STATUS_INSUFFICIENT_MEMORY" },
	{ HVPART_STATUS_PARTITION_TOO_DEEP, EMLINK, "HV_STATUS_PARTITION_TOO_DEEP" },
	{ HVPART_STATUS_INVALID_PARTITION_ID, EINVAL,
	  "HV_STATUS_INVALID_PARTITION_ID" },
	{ HVPART_STATUS_INVALID_VP_INDEX, EINVAL, "HV_STATUS_INVALID_VP_INDEX" },
	{ HVPART_STATUS_NOT_FOUND, ENOENT, "HV_STATUS_NOT_FOUND" },
	{ HVPART_STATUS_NO_RESOURCES, ENOSPC, "HV_STATUS_NO_RESOURCES" },
	{ HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED, EOPNOTSUPP,
	  "HV_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED" },
	{ HVPART_STATUS_OPERATION_FAILED, EIO, "HV_STATUS_OPERATION_FAILED" },
	{ HVPART_STATUS_CALL_PENDING, EAGAIN, "HV_STATUS_CALL_PENDING" },
};

static u16 hvc_refuse(struct hvc_verdict *v, u16 status, enum hvc_fault fault,
		      u32 bit, u64 value)
{
	v->status = status;
	v->fault = fault;
	v->bit = bit;
	v->value = value;
	return status;
}

static u16 hvc_accept(struct hvc_verdict *v)
{
	return hvc_refuse(v, HVPART_STATUS_SUCCESS, HVC_FAULT_NONE, 0, 0);
}

static u32 hvc_lowest_bit(u64 x)
{
	return (u32)__builtin_ctzll(x);
}

/**
 * hvc_control_decode() - split a hypercall control word into its fields
 * @control: the hypercall input value.
 * @c: the fields, reserved bits included.
 */
void hvc_control_decode(u64 control, struct hvc_control *c)
{
	c->code = (u16)(control & HVPART_HYPERCALL_CODE_MASK);
	c->fast = !!(control & HVPART_HYPERCALL_FAST_BIT);
	c->varhead_size = (u16)((control & HVPART_HYPERCALL_VARHEAD_MASK) >>
				HVPART_HYPERCALL_VARHEAD_SHIFT);
	c->rep_count = (u16)((control & HVPART_HYPERCALL_REP_COMP_MASK) >>
			     HVPART_HYPERCALL_REP_COMP_SHIFT);
	c->rep_start = (u16)((control & HVPART_HYPERCALL_REP_START_MASK) >>
			     HVPART_HYPERCALL_REP_START_SHIFT);
	c->nested = !!(control & HVPART_HYPERCALL_NESTED_BIT);
	c->reserved = control & HVPART_HYPERCALL_RSVD_MASK;
}

/**
 * hvc_control_encode() - build a hypercall control word from its fields
 * @c: the fields; values wider than their field are truncated.
 *
 * Return: the control word.
 */
u64 hvc_control_encode(const struct hvc_control *c)
{
	return (u64)c->code |
	       (c->fast ? HVPART_HYPERCALL_FAST_BIT : 0) |
	       (((u64)c->varhead_size << HVPART_HYPERCALL_VARHEAD_SHIFT) &
		HVPART_HYPERCALL_VARHEAD_MASK) |
	       (((u64)c->rep_count << HVPART_HYPERCALL_REP_COMP_SHIFT) &
		HVPART_HYPERCALL_REP_COMP_MASK) |
	       (((u64)c->rep_start << HVPART_HYPERCALL_REP_START_SHIFT) &
		HVPART_HYPERCALL_REP_START_MASK) |
	       (c->nested ? HVPART_HYPERCALL_NESTED_BIT : 0) |
	       (c->reserved & HVPART_HYPERCALL_RSVD_MASK);
}

/**
 * hvc_call_find() - look up a call code in the ABI's table
 * @code: the call code.
 *
 * Return: the call's description, or NULL for a code the ABI table lacks.
 */
const struct hvc_call *hvc_call_find(u16 code)
{
	unsigned int i;

	for (i = 0; i < HVC_ARRAY_SIZE(hvc_calls); i++)
		if (hvc_calls[i].code == code)
			return &hvc_calls[i];
	return NULL;
}

/**
 * hvc_control_check() - apply the control-word rules for a call
 * @c: the decoded control word.
 * @call: the call it names, NULL when the code is not implemented.
 * @v: the verdict.
 *
 * Every call in the partition lifecycle is a simple call with no variable
 * header, so rep count, rep start and the header size must all be zero.
 *
 * Return: HVPART_STATUS_SUCCESS, INVALID_HYPERCALL_CODE or
 * INVALID_HYPERCALL_INPUT.
 */
u16 hvc_control_check(const struct hvc_control *c, const struct hvc_call *call,
		      struct hvc_verdict *v)
{
	if (!call)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_CODE,
				  HVC_FAULT_CALL_CODE, 0, c->code);
	if (c->reserved)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_RESERVED,
				  hvc_lowest_bit(c->reserved), c->reserved);
	/* No hypervisor below hvpart to direct a nested call to. */
	if (c->nested)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_NESTED, 31, 1);
	if (c->rep_count)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_REP_COUNT, 0, c->rep_count);
	if (c->rep_start)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_REP_START, 0, c->rep_start);
	if (c->varhead_size)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_VARHEAD, 0,
				  c->varhead_size);
	if (c->fast && !call->fast_capable)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_FAST, 0, 1);
	return hvc_accept(v);
}

/**
 * hvc_sizes_check() - check the caller's buffer sizes against a call
 * @call: the call.
 * @layout: the input layout in use.
 * @input_size: bytes the caller offers at the input page.
 * @output_size: bytes the caller offers at the output page.
 * @v: the verdict.
 *
 * Return: HVPART_STATUS_SUCCESS, or INVALID_HYPERCALL_INPUT when a buffer is
 * smaller than the call's layout.
 */
u16 hvc_sizes_check(const struct hvc_call *call, enum hvc_layout layout,
		    u32 input_size, u32 output_size, struct hvc_verdict *v)
{
	if (input_size < call->input_size[layout])
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_INPUT_SIZE, 0, input_size);
	if (output_size < call->output_size)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_OUTPUT_SIZE, 0, output_size);
	return hvc_accept(v);
}

static bool hvc_crosses_page(u64 addr, u32 len)
{
	return (addr % HVPART_HYPERCALL_PAGE_SIZE) + len > HVPART_HYPERCALL_PAGE_SIZE;
}

/*
 * [a, a + la) and [b, b + lb) share a byte.  Written without a + la, which
 * wraps to 0 for a buffer that ends at the top of the address space.
 */
static bool hvc_overlap(u64 a, u32 la, u64 b, u32 lb)
{
	return a >= b ? a - b < lb : b - a < la;
}

/**
 * hvc_pages_check() - the placement rules for input and output pages
 * @input: input address.
 * @input_len: bytes of the call's input layout, 0 if it has none.
 * @output: output address.
 * @output_len: bytes of the call's output layout, 0 if it has none.
 * @v: the verdict.
 *
 * Each page in use must be 8-byte aligned, must not cross a 4 KiB
 * boundary, and the two must not overlap.  A page the call does not use
 * is not checked.
 *
 * Return: HVPART_STATUS_SUCCESS or HVPART_STATUS_INVALID_ALIGNMENT.
 */
u16 hvc_pages_check(u64 input, u32 input_len, u64 output, u32 output_len,
		    struct hvc_verdict *v)
{
	if (input_len && input % HVPART_HYPERCALL_ALIGN)
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_INPUT_ALIGN, 0, input);
	if (input_len && hvc_crosses_page(input, input_len))
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_INPUT_CROSSES_PAGE, 0, input);
	if (output_len && output % HVPART_HYPERCALL_ALIGN)
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_OUTPUT_ALIGN, 0, output);
	if (output_len && hvc_crosses_page(output, output_len))
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_OUTPUT_CROSSES_PAGE, 0, output);
	if (input_len && output_len &&
	    hvc_overlap(input, input_len, output, output_len))
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_PAGES_OVERLAP, 0, output);
	return hvc_accept(v);
}

/**
 * hvc_create_input_size() - size of the HvCallCreatePartition input
 * @layout: the layout.
 *
 * Return: 56 for AMD64, 48 for ARM64.
 */
u32 hvc_create_input_size(enum hvc_layout layout)
{
	return hvc_calls[HVC_CALL_CREATE_PARTITION].input_size[layout];
}

/**
 * hvc_create_decode() - read an HvCallCreatePartition input page
 * @layout: the layout of @buf.
 * @buf: the input page.
 * @len: bytes at @buf; only the layout's bytes are read.
 * @a: the decoded fields.
 *
 * Return: false when @len is shorter than the layout.
 */
bool hvc_create_decode(enum hvc_layout layout, const void *buf, u32 len,
		       struct hvc_create_args *a)
{
	struct hvpart_input_create_partition_amd64 amd64;
	struct hvpart_input_create_partition_arm64 arm64;

	if (len < hvc_create_input_size(layout))
		return false;

	memset(a, 0, sizeof(*a));
	a->layout = layout;
	if (layout == HVC_LAYOUT_AMD64) {
		memcpy(&amd64, buf, sizeof(amd64));
		a->flags = amd64.flags;
		a->proximity_domain_id = amd64.proximity_domain_info.domain_id;
		a->proximity_flags = amd64.proximity_domain_info.flags;
		a->compatibility_version = amd64.compatibility_version;
		a->padding = amd64.padding;
		memcpy(a->disabled_processor_features,
		       amd64.disabled_processor_features,
		       sizeof(a->disabled_processor_features));
		a->disabled_processor_xsave_features =
			amd64.disabled_processor_xsave_features;
		a->reserved_z0 = amd64.reserved_z0;
	} else {
		memcpy(&arm64, buf, sizeof(arm64));
		a->flags = arm64.flags;
		a->proximity_domain_id = arm64.proximity_domain_info.domain_id;
		a->proximity_flags = arm64.proximity_domain_info.flags;
		a->compatibility_version = arm64.compatibility_version;
		a->padding = arm64.padding;
		memcpy(a->disabled_processor_features,
		       arm64.disabled_processor_features,
		       sizeof(a->disabled_processor_features));
		a->reserved_z0 = arm64.reserved_z0;
	}
	return true;
}

/**
 * hvc_create_encode() - write an HvCallCreatePartition input page
 * @a: the fields; @a->layout picks the layout.
 * @buf: where to write.
 * @len: bytes at @buf.
 *
 * Return: bytes written, 0 when @len is too small.
 */
u32 hvc_create_encode(const struct hvc_create_args *a, void *buf, u32 len)
{
	struct hvpart_input_create_partition_amd64 amd64;
	struct hvpart_input_create_partition_arm64 arm64;
	u32 size = hvc_create_input_size(a->layout);

	if (len < size)
		return 0;

	if (a->layout == HVC_LAYOUT_AMD64) {
		amd64.flags = a->flags;
		amd64.proximity_domain_info.domain_id = a->proximity_domain_id;
		amd64.proximity_domain_info.flags = a->proximity_flags;
		amd64.compatibility_version = a->compatibility_version;
		amd64.padding = a->padding;
		memcpy(amd64.disabled_processor_features,
		       a->disabled_processor_features,
		       sizeof(amd64.disabled_processor_features));
		amd64.disabled_processor_xsave_features =
			a->disabled_processor_xsave_features;
		amd64.reserved_z0 = a->reserved_z0;
		memcpy(buf, &amd64, size);
	} else {
		arm64.flags = a->flags;
		arm64.proximity_domain_info.domain_id = a->proximity_domain_id;
		arm64.proximity_domain_info.flags = a->proximity_flags;
		arm64.compatibility_version = a->compatibility_version;
		arm64.padding = a->padding;
		memcpy(arm64.disabled_processor_features,
		       a->disabled_processor_features,
		       sizeof(arm64.disabled_processor_features));
		arm64.reserved_z0 = a->reserved_z0;
		memcpy(buf, &arm64, size);
	}
	return size;
}

/**
 * hvc_compat_version_known() - is a compatibility version accepted
 * @version: HV_COMPATIBILITY_VERSION.
 *
 * Return: true for the documented versions listed in
 * hvc_compat_version_names.
 */
bool hvc_compat_version_known(u32 version)
{
	return hvc_name_of(hvc_compat_version_names, hvc_compat_version_count,
			   version) != NULL;
}

/**
 * hvc_create_validate() - apply every rule of HvCallCreatePartition's input
 * @a: the decoded input.
 * @node_online: tells whether a NUMA node is online on this host.
 * @v: the verdict, naming the first field found wrong.
 *
 * DisabledProcessorFeatures and the XSAVE mask take any value: their
 * reserved bits are accepted, as the hypervisor does.
 *
 * Return: HVPART_STATUS_SUCCESS or HVPART_STATUS_INVALID_PARAMETER.
 */
u16 hvc_create_validate(const struct hvc_create_args *a,
			bool (*node_online)(u32 node), struct hvc_verdict *v)
{
	u64 undefined = a->flags & ~HVPART_PARTITION_CREATION_FLAGS_VALID_MASK;
	u32 prox_rsvd = a->proximity_flags & HVPART_PROXIMITY_FLAGS_RSVD_MASK;

	if (undefined)
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_FLAGS_UNDEFINED,
				  hvc_lowest_bit(undefined), a->flags);
	if (prox_rsvd)
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_PROXIMITY_RESERVED,
				  hvc_lowest_bit(prox_rsvd), a->proximity_flags);
	if (a->proximity_flags & HVPART_PROXIMITY_FLAG_INFO_VALID) {
		if (a->proximity_domain_id > HVPART_PROXIMITY_DOMAIN_MAX)
			return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
					  HVC_FAULT_PROXIMITY_DOMAIN, 0,
					  a->proximity_domain_id);
		if (!(a->proximity_flags & HVPART_PROXIMITY_FLAG_PREFERRED) &&
		    !node_online(a->proximity_domain_id))
			return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
					  HVC_FAULT_PROXIMITY_NODE_OFFLINE, 0,
					  a->proximity_domain_id);
	}
	if (!hvc_compat_version_known(a->compatibility_version))
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_COMPAT_VERSION, 0,
				  a->compatibility_version);
	if (a->padding)
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_PADDING, 0, a->padding);
	if (a->reserved_z0)
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_RESERVED_Z0,
				  hvc_lowest_bit(a->reserved_z0),
				  a->reserved_z0);
	return hvc_accept(v);
}

/**
 * hvc_status_name() - the name of an HV_STATUS
 * @status: the status.
 *
 * Return: "HV_STATUS_..." or "HV_STATUS_UNKNOWN".
 */
const char *hvc_status_name(u16 status)
{
	unsigned int i;

	for (i = 0; i < HVC_ARRAY_SIZE(hvc_statuses); i++)
		if (hvc_statuses[i].status == status)
			return hvc_statuses[i].name;
	return "HV_STATUS_UNKNOWN";
}

/**
 * hvc_status_errno() - the errno that goes with an HV_STATUS
 * @status: the status.
 *
 * Return: 0 for success, else a negative errno (-EIO for unknown ones).
 */
int hvc_status_errno(u16 status)
{
	unsigned int i;

	for (i = 0; i < HVC_ARRAY_SIZE(hvc_statuses); i++)
		if (hvc_statuses[i].status == status)
			return -(int)hvc_statuses[i].err;
	return -EIO;
}

/**
 * hvc_name_of() - look a value up in a name table
 * @names: the table.
 * @count: its entries.
 * @value: the value or bit number.
 *
 * Return: the name, or NULL.
 */
const char *hvc_name_of(const struct hvc_name *names, unsigned int count,
			u32 value)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		if (names[i].value == value)
			return names[i].name;
	return NULL;
}

/**
 * hvc_layout_name() - "amd64" or "arm64"
 * @layout: the layout.
 *
 * Return: its name.
 */
const char *hvc_layout_name(enum hvc_layout layout)
{
	return layout == HVC_LAYOUT_ARM64 ? "arm64" : "amd64";
}

/**
 * hvc_verdict_format() - say in words why an input was refused
 * @v: the verdict.
 * @buf: where to write.
 * @len: size of @buf.
 *
 * Return: what snprintf returns.
 */
int hvc_verdict_format(const struct hvc_verdict *v, char *buf, u32 len)
{
	unsigned long long value = v->value;

	switch (v->fault) {
	case HVC_FAULT_NONE:
		return snprintf(buf, len, "no fault");
	case HVC_FAULT_CALL_CODE:
		return snprintf(buf, len, "call code 0x%04llx is not implemented",
				value);
	case HVC_FAULT_CONTROL_RESERVED:
		return snprintf(buf, len,
				"control word bit %u is reserved", v->bit);
	case HVC_FAULT_CONTROL_NESTED:
		return snprintf(buf, len,
				"control word bit 31 (nested) directs the call to a hypervisor below hvpart, and there is none");
	case HVC_FAULT_CONTROL_REP_COUNT:
		return snprintf(buf, len,
				"rep count %llu on a simple call", value);
	case HVC_FAULT_CONTROL_REP_START:
		return snprintf(buf, len,
				"rep start %llu on a simple call", value);
	case HVC_FAULT_CONTROL_VARHEAD:
		return snprintf(buf, len,
				"variable header size %llu on a call that takes none",
				value);
	case HVC_FAULT_CONTROL_FAST:
		return snprintf(buf, len, "fast bit on a call that is not fast-capable");
	case HVC_FAULT_INPUT_SIZE:
		return snprintf(buf, len,
				"input size %llu is smaller than the call's input",
				value);
	case HVC_FAULT_OUTPUT_SIZE:
		return snprintf(buf, len,
				"output size %llu is smaller than the call's output",
				value);
	case HVC_FAULT_INPUT_ALIGN:
		return snprintf(buf, len,
				"input 0x%llx is not 8-byte aligned", value);
	case HVC_FAULT_INPUT_CROSSES_PAGE:
		return snprintf(buf, len,
				"input 0x%llx crosses a page boundary", value);
	case HVC_FAULT_OUTPUT_ALIGN:
		return snprintf(buf, len,
				"output 0x%llx is not 8-byte aligned", value);
	case HVC_FAULT_OUTPUT_CROSSES_PAGE:
		return snprintf(buf, len,
				"output 0x%llx crosses a page boundary", value);
	case HVC_FAULT_PAGES_OVERLAP:
		return snprintf(buf, len, "input and output pages overlap");
	case HVC_FAULT_FLAGS_UNDEFINED:
		return snprintf(buf, len, "flags bit %u is undefined", v->bit);
	case HVC_FAULT_PROXIMITY_RESERVED:
		return snprintf(buf, len,
				"proximity flags bit %u is reserved", v->bit);
	case HVC_FAULT_PROXIMITY_DOMAIN:
		return snprintf(buf, len,
				"proximity domain %llu is over %u", value,
				HVPART_PROXIMITY_DOMAIN_MAX);
	case HVC_FAULT_PROXIMITY_NODE_OFFLINE:
		return snprintf(buf, len,
				"proximity domain %llu is required but its node is offline or has no memory",
				value);
	case HVC_FAULT_COMPAT_VERSION:
		return snprintf(buf, len,
				"compatibility version 0x%04llx is not supported",
				value);
	case HVC_FAULT_PADDING:
		return snprintf(buf, len, "padding is 0x%llx, not zero", value);
	case HVC_FAULT_RESERVED_Z0:
		return snprintf(buf, len, "ReservedZ0 is 0x%llx, not zero",
				value);
	case HVC_FAULT_PARTITION_ID:
		return snprintf(buf, len, "partition id 0x%llx is not valid here",
				value);
	}
	return snprintf(buf, len, "fault %u", v->fault);
}

/**
 * hvc_partition_id_is_host() - does an id name the host partition
 * @id: a partition id.
 *
 * The callers of /dev/hvpart run in the host partition: its own id (what
 * HvCallGetPartitionId answers) and HV_PARTITION_ID_SELF both name it.
 *
 * Return: true for HVPART_PARTITION_ID_HOST and HVPART_PARTITION_ID_SELF.
 */
bool hvc_partition_id_is_host(u64 id)
{
	return id == HVPART_PARTITION_ID_HOST || id == HVPART_PARTITION_ID_SELF;
}

/**
 * hvc_property_known() - does hvpart implement a partition property
 * @code: HVPART_PARTITION_PROPERTY_*.
 *
 * Return: true when it does.
 */
bool hvc_property_known(u32 code)
{
	return hvc_name_of(hvc_property_names, hvc_property_count, code) != NULL;
}

/**
 * hvc_property_writable() - may a property be set (before Initialize)
 * @code: a known HVPART_PARTITION_PROPERTY_*.
 *
 * The feature properties are early properties; vendor and compatibility
 * version are read-only.
 *
 * Return: true for the early properties.
 */
bool hvc_property_writable(u32 code)
{
	return code == HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0 ||
	       code == HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1 ||
	       code == HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES;
}

/**
 * hvc_feature_at() - walk a layout's named processor feature bits
 * @layout: AMD64 names the x64 bits (banks 0, 1 and XSAVE), ARM64 the
 *	ARM64 bits (banks 0 and 1).
 * @i: index, from 0.
 * @bank: out: the bank.
 * @bit: out: the bit in the bank.
 * @name: out: the Hyper-V field name.
 *
 * Return: false once @i is past the last one.
 */
bool hvc_feature_at(enum hvc_layout layout, unsigned int i,
		    unsigned int *bank, unsigned int *bit, const char **name)
{
	if (layout == HVC_LAYOUT_ARM64) {
		if (i >= hvc_arm64_feature_count)
			return false;
		*bank = hvc_arm64_features[i].bank;
		*bit = hvc_arm64_features[i].bit;
		*name = hvc_arm64_features[i].name;
		return true;
	}
	if (i >= hvc_x64_feature_count)
		return false;
	*bank = hvc_x64_features[i].bank;
	*bit = hvc_x64_features[i].bit;
	*name = hvc_x64_features[i].name;
	return true;
}

/**
 * hvc_feature_name() - the name of a processor feature bit
 * @layout: whose bits: AMD64 (x64) or ARM64.
 * @bank: 0, 1, or HVC_BANK_XSAVE (x64 only).
 * @bit: the bit in the bank.
 *
 * Return: the Hyper-V field name, or NULL for a bit without one.
 */
const char *hvc_feature_name(enum hvc_layout layout, unsigned int bank,
			     unsigned int bit)
{
	unsigned int i, b, n;
	const char *name;

	for (i = 0; hvc_feature_at(layout, i, &b, &n, &name); i++)
		if (b == bank && n == bit)
			return name;
	return NULL;
}
