// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvpart ABI codec.  Pure C on fixed-width types: no allocation, no I/O,
 * nothing but lib/hvpart_shim.h from the host.  Hypercall data is
 * little-endian and so are both architectures hvpart runs on, so the
 * layouts are read and written with memcpy through the uapi structs.
 *
 * This file: the control word and page rules (simple and rep calls), the
 * create layouts and their validation.  The names and verdicts are in
 * hvpart_names.c; the processor feature tables and what is computed from
 * them in hvpart_x86_features.c and hvpart_arm64_features.c; the calls in
 * hvpart_calls.h.
 */
#include "hvpart_codec.h"

/*
 * The create layouts share their head, up to the ARM64 layout's
 * reserved_z0 (where AMD64 has its XSAVE mask): the codec reads and
 * writes it once, through the ARM64 member of a page of either.
 */
union hvc_create_page {
	struct hvpart_input_create_partition_amd64 amd64;
	struct hvpart_input_create_partition_arm64 arm64;
};

#define HVC_SAME_HEAD(field) \
	HVPART_ABI_ASSERT(__builtin_offsetof(struct hvpart_input_create_partition_amd64, field) == \
			  __builtin_offsetof(struct hvpart_input_create_partition_arm64, field))
HVC_SAME_HEAD(flags);
HVC_SAME_HEAD(proximity_domain_info);
HVC_SAME_HEAD(compatibility_version);
HVC_SAME_HEAD(padding);
HVC_SAME_HEAD(disabled_processor_features);

/* Indexed by enum hvc_call_id: the list of lib/hvpart_calls.h. */
static const struct hvc_call hvc_calls[HVC_CALL_NR] = {
#define HVC_CALL(ID, fn, _code, _name, in_amd64, in_arm64, out, fast, \
		 in_rep, out_rep) \
	[HVC_CALL_##ID] = { .id = HVC_CALL_##ID, .code = _code, .name = _name, \
			    .input_size = { in_amd64, in_arm64 }, \
			    .output_size = out, .fast_capable = fast, \
			    .input_rep_size = in_rep, \
			    .output_rep_size = out_rep },
#include "hvpart_calls.h"
};

/*
 * Call code -> 1 + its entry in hvc_calls, 0 for none: the implemented
 * codes lie in HVC_CALL_CODE_FIRST..HVC_CALL_CODE_LAST, a code outside
 * them does not fit the array and fails the build.
 */
#define HVC_CALL_CODE_FIRST	HVPART_CALL_CREATE_PARTITION
#define HVC_CALL_CODE_LAST	HVPART_CALL_WITHDRAW_MEMORY
static const u8 hvc_call_by_code[HVC_CALL_CODE_LAST - HVC_CALL_CODE_FIRST + 1] = {
#define HVC_CALL(ID, fn, _code, ...) \
	[(_code) - HVC_CALL_CODE_FIRST] = HVC_CALL_##ID + 1,
#include "hvpart_calls.h"
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
	u16 index = code - HVC_CALL_CODE_FIRST;
	u8 entry;

	/* One compare for the codes hvpart does not know: most of them. */
	if (index >= HVC_ARRAY_SIZE(hvc_call_by_code))
		return NULL;
	entry = hvc_call_by_code[index];
	return entry ? &hvc_calls[entry - 1] : NULL;
}

/**
 * hvc_control_check() - apply the control-word rules for a call
 * @c: the decoded control word.
 * @call: the call it names, NULL when the code is not implemented.
 * @v: the verdict.
 *
 * No call takes a variable header, so its size must be zero.  A simple
 * call has no reps: rep count and rep start must be zero.  A rep call
 * (hvc_call_is_rep()) works on elements rep start to rep count - 1, so
 * rep start must be below rep count (and rep count at least 1).
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
	if (!hvc_call_is_rep(call) && c->rep_count)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_REP_COUNT, 0, c->rep_count);
	if (!hvc_call_is_rep(call) && c->rep_start)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_REP_START, 0, c->rep_start);
	if (hvc_call_is_rep(call) && c->rep_start >= c->rep_count)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_REP_RANGE, c->rep_count,
				  c->rep_start);
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
 * hvc_call_is_rep() - is a call a rep call
 * @call: the call.
 *
 * Return: true when each rep adds an element to its input or output.
 */
bool hvc_call_is_rep(const struct hvc_call *call)
{
	return call->input_rep_size || call->output_rep_size;
}

/**
 * hvc_input_len() - bytes of a call's input, with its reps
 * @call: the call.
 * @layout: the input layout in use.
 * @rep_count: the control word's rep count (0 for a simple call).
 *
 * A rep call's input holds every element up to @rep_count, from index 0:
 * the control word's rep start says where work begins, not where the
 * list does.
 *
 * Return: the length; at most 65535 + 4095 * 65535, so it cannot wrap.
 */
u32 hvc_input_len(const struct hvc_call *call, enum hvc_layout layout,
		  u16 rep_count)
{
	return call->input_size[layout] + (u32)rep_count * call->input_rep_size;
}

/**
 * hvc_output_len() - bytes of a call's output, with its reps
 * @call: the call.
 * @rep_count: the control word's rep count (0 for a simple call).
 *
 * Return: the length.
 */
u32 hvc_output_len(const struct hvc_call *call, u16 rep_count)
{
	return call->output_size + (u32)rep_count * call->output_rep_size;
}

/**
 * hvc_sizes_check() - check the caller's buffer sizes against a call
 * @call: the call.
 * @layout: the input layout in use.
 * @rep_count: the control word's rep count (0 for a simple call).
 * @input_size: bytes the caller offers at the input page.
 * @output_size: bytes the caller offers at the output page.
 * @v: the verdict.
 *
 * Return: HVPART_STATUS_SUCCESS, or INVALID_HYPERCALL_INPUT when a buffer is
 * smaller than the call's layout with its reps.
 */
u16 hvc_sizes_check(const struct hvc_call *call, enum hvc_layout layout,
		    u16 rep_count, u32 input_size, u32 output_size,
		    struct hvc_verdict *v)
{
	if (input_size < hvc_input_len(call, layout, rep_count))
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_INPUT_SIZE, 0, input_size);
	if (output_size < hvc_output_len(call, rep_count))
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
	union hvc_create_page pg;

	if (len < hvc_create_input_size(layout))
		return false;

	memset(a, 0, sizeof(*a));
	memset(&pg, 0, sizeof(pg));
	memcpy(&pg, buf, hvc_create_input_size(layout));
	a->layout = layout;
	/* The head the two layouts share, read through the ARM64 one. */
	a->flags = pg.arm64.flags;
	a->proximity_domain_id = pg.arm64.proximity_domain_info.domain_id;
	a->proximity_flags = pg.arm64.proximity_domain_info.flags;
	a->compatibility_version = pg.arm64.compatibility_version;
	a->padding = pg.arm64.padding;
	memcpy(a->disabled_processor_features,
	       pg.arm64.disabled_processor_features,
	       sizeof(a->disabled_processor_features));
	if (layout == HVC_LAYOUT_AMD64) {
		a->disabled_processor_xsave_features =
			pg.amd64.disabled_processor_xsave_features;
		a->reserved_z0 = pg.amd64.reserved_z0;
	} else {
		a->reserved_z0 = pg.arm64.reserved_z0;
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
	union hvc_create_page pg;
	u32 size = hvc_create_input_size(a->layout);

	if (len < size)
		return 0;

	memset(&pg, 0, sizeof(pg));
	pg.arm64.flags = a->flags;
	pg.arm64.proximity_domain_info.domain_id = a->proximity_domain_id;
	pg.arm64.proximity_domain_info.flags = a->proximity_flags;
	pg.arm64.compatibility_version = a->compatibility_version;
	pg.arm64.padding = a->padding;
	memcpy(pg.arm64.disabled_processor_features,
	       a->disabled_processor_features,
	       sizeof(pg.arm64.disabled_processor_features));
	if (a->layout == HVC_LAYOUT_AMD64) {
		pg.amd64.disabled_processor_xsave_features =
			a->disabled_processor_xsave_features;
		pg.amd64.reserved_z0 = a->reserved_z0;
	} else {
		pg.arm64.reserved_z0 = a->reserved_z0;
	}
	memcpy(buf, &pg, size);
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
