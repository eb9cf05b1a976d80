// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target over lib/ (the codec and both feature tables): the control word, both
 * HvCallCreatePartition layouts, every validation rule, the CPUID filter,
 * the ARM64 feature banks and vCPU features, and the name lookups.  Each
 * function is checked against an oracle written here from the spec
 * (uapi/linux/hvpart.h), not against itself; an invariant that does not
 * hold is reported and __builtin_trap()s.
 *
 * The fuzz input, little-endian; bytes past its end read as zero:
 *     0  u64 hypercall control word
 *     8  u32 input size, u32 output size        hvc_sizes_check
 *    16  u64 input address, u64 output address  hvc_pages_check
 *    32  u32 input length, u32 output length    hvc_pages_check, as given
 *    40  u8 mode, u8 bytes of the input page (56 at most); mode bit 0:
 *        ARM64 layout, bit 1: the input address counts down from 2^64,
 *        bit 2: the output address is an offset from the input address,
 *        bit 3: the lengths count back from the end of their page
 *    42  u16 fault, u32 bit                     hvc_verdict_format, names
 *    48  u64 online NUMA nodes, bit n for node n
 *    56  u64 value                              hvc_verdict_format, names
 *    64  the 56-byte HvCallCreatePartition input page
 *   120  u64 creation flags, then disabled banks 0, 1 and XSAVE
 *   152  CPUID entries, struct hvc_cpuid_entry (40 bytes), at most 64;
 *        the same bytes are also read as the ARM64 registers: 13 u64,
 *        indexed by enum hvc_arm64_reg (the first, HVC_ARM64_NO_REG, is
 *        no register), then a u32 mask of the KVM vCPU features KVM
 *        supports (1 << HVC_ARM64_VCPU_*)
 * tests/fuzz/make_corpus.py writes seeds in this layout.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvpart_codec.h"

#define FZ_HEADER		152
#define FZ_PAGE_OFFSET		64
#define FZ_PAGE_BYTES		56
#define FZ_CPUID_MAX		64
#define FZ_ARM64_REGS		13

/* What the spec says, spelled out independently of lib/. */
#define FZ_CONTROL_RSVD		0xf000f00078000000ULL	/* 31 is nested */
#define FZ_FLAGS_DEFINED	0x000000000059a713ULL
#define FZ_PROX_RSVD		0x7ffffffeU
#define FZ_PROX_PREFERRED	0x00000001U
#define FZ_PROX_VALID		0x80000000U
#define FZ_CPUID_SIGNIFICANT	1U
#define FZ_LEAF1_EBX_LOGICAL	0x00ff0000U
#define FZ_LEAF1_EDX_HTT	0x10000000U		/* bit 28 */
#define FZ_FLAG_PERFMON_PMU	0x0000000000008000ULL	/* bit 15 */

/* KVM_ARM_VCPU_* and the ARM64 bits that gate them (Hyper-V's numbers). */
#define FZ_VCPU_PSCI_0_2	2
#define FZ_VCPU_PMU_V3		3
#define FZ_VCPU_SVE		4
#define FZ_VCPU_PTRAUTH_ADDRESS	5
#define FZ_VCPU_PTRAUTH_GENERIC	6
#define FZ_VCPU_NONE		0xff
/* Bits 2-6: every vCPU feature above; bits 5 and 6: pointer auth. */
#define FZ_VCPU_KNOWN		0x7cU
#define FZ_VCPU_PTRAUTH		0x60U

/* The ARM64 bits whose disabling withholds a vCPU feature, and theirs. */
static const struct {
	u8 bank;
	u8 bit;
	u8 vcpu_feature;
	const char *name;
} fz_arm64_gates[] = {
	{ 0, 16, FZ_VCPU_PMU_V3, "pmu_v3" },
	{ 0, 35, FZ_VCPU_PTRAUTH_ADDRESS, "apa_base" },
	{ 0, 44, FZ_VCPU_PTRAUTH_GENERIC, "gpa" },
	{ 1, 37, FZ_VCPU_SVE, "sve" },
};

static const u32 fz_compat_versions[] = {
	0x0605, 0x0607, 0x0608, 0x0609, 0xfe00, 0xff00,
};

static const u16 fz_statuses[] = {
	0x0000, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008,
	0x0009, 0x000a, 0x000b, 0x000c, 0x000d, 0x000e, 0x0010, 0x001d,
	0x0020, 0x0071, 0x0079,
};

static const u32 fz_properties[] = {
	0x00010001, 0x00060000, 0x00060002, 0x00060005, 0x00060006, 0x0006000a,
	0x0006000b,
};

/* The rep calls, written out: DepositMemory and WithdrawMemory. */
#define FZ_IS_REP(code)	((code) == 0x0048 || (code) == 0x0049)

#define FZ_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define FZ_ASSERT(cond) \
	do { \
		if (!(cond)) \
			fz_fail(__LINE__, #cond); \
	} while (0)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static void fz_fail(int line, const char *what)
{
	fprintf(stderr, "fuzz_codec.c:%d: invariant violated: %s\n", line, what);
	__builtin_trap();
}

/* A cursor over the fuzz input that reads zeros past its end. */
struct fz_input {
	const u8 *data;
	size_t size;
	size_t off;
};

static u64 fz_take(struct fz_input *in, unsigned int bytes)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		if (in->off + i < in->size)
			v |= (u64)in->data[in->off + i] << (8 * i);
	in->off += bytes;
	return v;
}

static void fz_take_bytes(struct fz_input *in, u8 *dst, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = (u8)fz_take(in, 1);
}

static u64 fz_le(const u8 *buf, unsigned int off, unsigned int bytes)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (u64)buf[off + i] << (8 * i);
	return v;
}

/* A heap block of exactly @len bytes, so ASan sees any access past it. */
static u8 *fz_alloc(size_t len)
{
	u8 *p = malloc(len ? len : 1);

	if (!p)
		abort();
	return p;
}

static u8 *fz_dup(const void *src, size_t len)
{
	u8 *p = fz_alloc(len);

	if (len)
		memcpy(p, src, len);
	return p;
}

static bool fz_in_list32(const u32 *list, size_t n, u32 value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == value)
			return true;
	return false;
}

static bool fz_compat_known(u32 version)
{
	return fz_in_list32(fz_compat_versions,
			    FZ_ARRAY_SIZE(fz_compat_versions), version);
}

static bool fz_status_known(u16 status)
{
	size_t i;

	for (i = 0; i < FZ_ARRAY_SIZE(fz_statuses); i++)
		if (fz_statuses[i] == status)
			return true;
	return false;
}

/*
 * hvc_verdict_format() says something for every verdict, returns what
 * snprintf returns, and never writes past a small buffer: each small
 * buffer is a heap block of exactly that size.
 */
static void fz_format(const struct hvc_verdict *v)
{
	static const u32 lens[] = { 0, 1, 2, 3, 8, 16, 40 };
	char full[512];
	size_t i, want;
	char *buf;
	int n, m;

	n = hvc_verdict_format(v, full, sizeof(full));
	FZ_ASSERT(n > 0 && (size_t)n < sizeof(full));
	FZ_ASSERT(strlen(full) == (size_t)n);

	for (i = 0; i < FZ_ARRAY_SIZE(lens); i++) {
		buf = malloc(lens[i] ? lens[i] : 1);
		if (!buf)
			abort();
		memset(buf, 0x5a, lens[i] ? lens[i] : 1);
		m = hvc_verdict_format(v, buf, lens[i]);
		FZ_ASSERT(m == n);
		if (lens[i]) {
			want = (size_t)n < lens[i] - 1 ? (size_t)n : lens[i] - 1;
			FZ_ASSERT(strlen(buf) == want);
			FZ_ASSERT(!memcmp(buf, full, want));
		} else {
			FZ_ASSERT(buf[0] == 0x5a);
		}
		free(buf);
	}
}

/* Every refusal: a fault, a status with a name and an errno, words. */
static void fz_refusal(u16 status, const struct hvc_verdict *v)
{
	FZ_ASSERT(status != HVPART_STATUS_SUCCESS);
	FZ_ASSERT(v->status == status);
	FZ_ASSERT(v->fault != HVC_FAULT_NONE);
	FZ_ASSERT(fz_status_known(status));
	FZ_ASSERT(strcmp(hvc_status_name(status), "HV_STATUS_UNKNOWN"));
	FZ_ASSERT(hvc_status_errno(status) < 0);
	fz_format(v);
}

static void fz_success(u16 status, const struct hvc_verdict *v)
{
	FZ_ASSERT(status == HVPART_STATUS_SUCCESS);
	FZ_ASSERT(v->status == HVPART_STATUS_SUCCESS);
	FZ_ASSERT(v->fault == HVC_FAULT_NONE);
}

/* The control word: an exact round trip, then the rules of a simple call. */
static const struct hvc_call *fz_control(u64 control)
{
	const struct hvc_call *call;
	struct hvc_control c, c2;
	struct hvc_verdict v;
	bool want;
	u16 st;

	hvc_control_decode(control, &c);
	FZ_ASSERT(hvc_control_encode(&c) == control);
	FZ_ASSERT(c.code == (control & 0xffff));
	FZ_ASSERT(c.fast == ((control >> 16) & 1));
	FZ_ASSERT(c.varhead_size == ((control >> 17) & 0x3ff));
	FZ_ASSERT(c.rep_count == ((control >> 32) & 0xfff));
	FZ_ASSERT(c.rep_start == ((control >> 48) & 0xfff));
	FZ_ASSERT(c.reserved == (control & FZ_CONTROL_RSVD));
	FZ_ASSERT(c.nested == ((control >> 31) & 1));

	hvc_control_decode(hvc_control_encode(&c), &c2);
	FZ_ASSERT(c2.code == c.code && c2.fast == c.fast &&
		  c2.varhead_size == c.varhead_size &&
		  c2.rep_count == c.rep_count && c2.rep_start == c.rep_start &&
		  c2.nested == c.nested && c2.reserved == c.reserved);

	call = hvc_call_find(c.code);
	FZ_ASSERT(!!call == ((c.code >= HVPART_CALL_CREATE_PARTITION &&
			      c.code <= HVPART_CALL_GET_PARTITION_ID) ||
			     FZ_IS_REP(c.code)));
	if (call)
		FZ_ASSERT(hvc_call_is_rep(call) == FZ_IS_REP(c.code));
	if (call) {
		FZ_ASSERT(call->code == c.code);
		FZ_ASSERT(call->name && call->name[0]);
	}

	memset(&v, 0xa5, sizeof(v));
	st = hvc_control_check(&c, call, &v);
	want = call && !c.reserved && !c.nested && !c.varhead_size &&
	       (FZ_IS_REP(c.code) ? c.rep_start < c.rep_count :
				    !c.rep_count && !c.rep_start) &&
	       (!c.fast || call->fast_capable);
	FZ_ASSERT((st == HVPART_STATUS_SUCCESS) == want);
	if (want) {
		fz_success(st, &v);
		return call;
	}
	fz_refusal(st, &v);
	FZ_ASSERT(st == (call ? HVPART_STATUS_INVALID_HYPERCALL_INPUT :
			 HVPART_STATUS_INVALID_HYPERCALL_CODE));
	switch (v.fault) {
	case HVC_FAULT_CALL_CODE:
		FZ_ASSERT(!call && v.value == c.code);
		break;
	case HVC_FAULT_CONTROL_RESERVED:
		FZ_ASSERT(v.bit < 64 && ((c.reserved >> v.bit) & 1));
		break;
	case HVC_FAULT_CONTROL_NESTED:
		FZ_ASSERT(call && c.nested && !c.reserved && v.bit == 31);
		break;
	case HVC_FAULT_CONTROL_REP_COUNT:
		FZ_ASSERT(!FZ_IS_REP(c.code) && c.rep_count &&
			  v.value == c.rep_count);
		break;
	case HVC_FAULT_CONTROL_REP_START:
		FZ_ASSERT(!FZ_IS_REP(c.code) && c.rep_start &&
			  v.value == c.rep_start);
		break;
	case HVC_FAULT_CONTROL_REP_RANGE:
		FZ_ASSERT(FZ_IS_REP(c.code) && c.rep_start >= c.rep_count &&
			  v.value == c.rep_start && v.bit == c.rep_count);
		break;
	case HVC_FAULT_CONTROL_VARHEAD:
		FZ_ASSERT(c.varhead_size && v.value == c.varhead_size);
		break;
	case HVC_FAULT_CONTROL_FAST:
		FZ_ASSERT(call && c.fast && !call->fast_capable);
		break;
	default:
		FZ_ASSERT(!"a control word fault");
	}
	return call;
}

static void fz_sizes(const struct hvc_call *call, enum hvc_layout layout,
		     u16 rep_count, u32 input_size, u32 output_size)
{
	/* Each rep of Deposit adds an input page number, of Withdraw an output one. */
	u32 in_need = call->input_size[layout] +
		      (call->code == 0x0048 ? 8U * rep_count : 0);
	u32 out_need = call->output_size +
		       (call->code == 0x0049 ? 8U * rep_count : 0);
	struct hvc_verdict v;
	bool want;
	u16 st;

	if (call->code == HVPART_CALL_CREATE_PARTITION) {
		FZ_ASSERT(call->input_size[HVC_LAYOUT_AMD64] == 56);
		FZ_ASSERT(call->input_size[HVC_LAYOUT_ARM64] == 48);
		FZ_ASSERT(call->output_size == 8);
	}
	FZ_ASSERT(call->input_size[layout] <= HVPART_HYPERCALL_PAGE_SIZE);
	FZ_ASSERT(call->output_size <= HVPART_HYPERCALL_PAGE_SIZE);

	memset(&v, 0xa5, sizeof(v));
	FZ_ASSERT(hvc_input_len(call, layout, rep_count) == in_need);
	FZ_ASSERT(hvc_output_len(call, rep_count) == out_need);
	st = hvc_sizes_check(call, layout, rep_count, input_size, output_size,
			     &v);
	want = input_size >= in_need && output_size >= out_need;
	FZ_ASSERT((st == HVPART_STATUS_SUCCESS) == want);
	if (want) {
		fz_success(st, &v);
		return;
	}
	fz_refusal(st, &v);
	FZ_ASSERT(st == HVPART_STATUS_INVALID_HYPERCALL_INPUT);
	if (v.fault == HVC_FAULT_INPUT_SIZE)
		FZ_ASSERT(input_size < in_need);
	else if (v.fault == HVC_FAULT_OUTPUT_SIZE)
		FZ_ASSERT(output_size < out_need);
	else
		FZ_ASSERT(!"a size fault");
}

static bool fz_aligned(u64 addr)
{
	return addr % 8 == 0;
}

static bool fz_within_page(u64 addr, u32 len)
{
	return addr % 4096 + (u64)len <= 4096;
}

/* [a, a + la) and [b, b + lb) share a byte; no sum can wrap. */
static bool fz_overlap(u64 a, u32 la, u64 b, u32 lb)
{
	if (!la || !lb)
		return false;
	return a >= b ? a - b < lb : b - a < la;
}

static void fz_pages(u64 in, u32 in_len, u64 out, u32 out_len)
{
	bool in_ok = !in_len || (fz_aligned(in) && fz_within_page(in, in_len));
	bool out_ok = !out_len ||
		      (fz_aligned(out) && fz_within_page(out, out_len));
	bool overlap = fz_overlap(in, in_len, out, out_len);
	struct hvc_verdict v;
	bool want;
	u16 st;

	memset(&v, 0xa5, sizeof(v));
	st = hvc_pages_check(in, in_len, out, out_len, &v);
	want = in_ok && out_ok && !overlap;
	FZ_ASSERT((st == HVPART_STATUS_SUCCESS) == want);
	if (want) {
		fz_success(st, &v);
		return;
	}
	fz_refusal(st, &v);
	FZ_ASSERT(st == HVPART_STATUS_INVALID_ALIGNMENT);
	switch (v.fault) {
	case HVC_FAULT_INPUT_ALIGN:
		FZ_ASSERT(in_len && !fz_aligned(in) && v.value == in);
		break;
	case HVC_FAULT_INPUT_CROSSES_PAGE:
		FZ_ASSERT(in_len && !fz_within_page(in, in_len));
		break;
	case HVC_FAULT_OUTPUT_ALIGN:
		FZ_ASSERT(out_len && !fz_aligned(out) && v.value == out);
		break;
	case HVC_FAULT_OUTPUT_CROSSES_PAGE:
		FZ_ASSERT(out_len && !fz_within_page(out, out_len));
		break;
	case HVC_FAULT_PAGES_OVERLAP:
		FZ_ASSERT(overlap);
		break;
	default:
		FZ_ASSERT(!"a page fault");
	}
}

/* The fields of a create input page, read at the spec's offsets. */
static void fz_create_expect(const u8 *page, enum hvc_layout layout,
			     const struct hvc_create_args *a)
{
	FZ_ASSERT(a->layout == layout);
	FZ_ASSERT(a->flags == fz_le(page, 0, 8));
	FZ_ASSERT(a->proximity_domain_id == fz_le(page, 8, 4));
	FZ_ASSERT(a->proximity_flags == fz_le(page, 12, 4));
	FZ_ASSERT(a->compatibility_version == fz_le(page, 16, 4));
	FZ_ASSERT(a->padding == fz_le(page, 20, 4));
	FZ_ASSERT(a->disabled_processor_features[0] == fz_le(page, 24, 8));
	FZ_ASSERT(a->disabled_processor_features[1] == fz_le(page, 32, 8));
	if (layout == HVC_LAYOUT_AMD64) {
		FZ_ASSERT(a->disabled_processor_xsave_features ==
			  fz_le(page, 40, 8));
		FZ_ASSERT(a->reserved_z0 == fz_le(page, 48, 8));
	} else {
		FZ_ASSERT(a->disabled_processor_xsave_features == 0);
		FZ_ASSERT(a->reserved_z0 == fz_le(page, 40, 8));
	}
}

static bool fz_create_equal(const struct hvc_create_args *a,
			    const struct hvc_create_args *b)
{
	return a->layout == b->layout && a->flags == b->flags &&
	       a->proximity_domain_id == b->proximity_domain_id &&
	       a->proximity_flags == b->proximity_flags &&
	       a->compatibility_version == b->compatibility_version &&
	       a->padding == b->padding &&
	       a->disabled_processor_features[0] ==
	       b->disabled_processor_features[0] &&
	       a->disabled_processor_features[1] ==
	       b->disabled_processor_features[1] &&
	       a->disabled_processor_xsave_features ==
	       b->disabled_processor_xsave_features &&
	       a->reserved_z0 == b->reserved_z0;
}

/* encode() into exactly the layout's bytes, and refuses one byte fewer. */
static u8 *fz_encode(const struct hvc_create_args *a, u32 size)
{
	u8 *buf = fz_alloc(size);
	u8 *small = fz_alloc(size - 1);

	FZ_ASSERT(hvc_create_encode(a, small, size - 1) == 0);
	free(small);
	FZ_ASSERT(hvc_create_encode(a, buf, size) == size);
	return buf;
}

/* decode(encode(a)) == a for arguments built from the fuzz bytes. */
static void fz_create_roundtrip(const u8 *fields, enum hvc_layout layout)
{
	u32 size = hvc_create_input_size(layout);
	struct hvc_create_args a, b;
	u8 *buf;

	memset(&a, 0, sizeof(a));
	a.layout = layout;
	a.flags = fz_le(fields, 0, 8);
	a.proximity_domain_id = (u32)fz_le(fields, 8, 4);
	a.proximity_flags = (u32)fz_le(fields, 12, 4);
	a.compatibility_version = (u32)fz_le(fields, 16, 4);
	a.padding = (u32)fz_le(fields, 20, 4);
	a.disabled_processor_features[0] = fz_le(fields, 24, 8);
	a.disabled_processor_features[1] = fz_le(fields, 32, 8);
	if (layout == HVC_LAYOUT_AMD64)
		a.disabled_processor_xsave_features = fz_le(fields, 40, 8);
	a.reserved_z0 = fz_le(fields, 48, 8);

	buf = fz_encode(&a, size);
	fz_create_expect(buf, layout, &a);
	memset(&b, 0xa5, sizeof(b));
	FZ_ASSERT(hvc_create_decode(layout, buf, size, &b));
	FZ_ASSERT(fz_create_equal(&a, &b));
	free(buf);
}

static u64 fz_online_nodes;
static unsigned int fz_node_calls;

static bool fz_node_online(u32 node)
{
	FZ_ASSERT(node <= HVPART_PROXIMITY_DOMAIN_MAX);
	fz_node_calls++;
	return (fz_online_nodes >> node) & 1;
}

static void fz_validate(const struct hvc_create_args *a)
{
	bool info_valid = a->proximity_flags & FZ_PROX_VALID;
	bool preferred = a->proximity_flags & FZ_PROX_PREFERRED;
	u32 dom = a->proximity_domain_id;
	bool domain_ok, want;
	struct hvc_verdict v;
	u16 st;

	domain_ok = !info_valid ||
		    (dom <= 63 &&
		     (preferred || ((fz_online_nodes >> dom) & 1)));
	want = !(a->flags & ~FZ_FLAGS_DEFINED) &&
	       !(a->proximity_flags & FZ_PROX_RSVD) && domain_ok &&
	       fz_compat_known(a->compatibility_version) &&
	       !a->padding && !a->reserved_z0;

	memset(&v, 0xa5, sizeof(v));
	fz_node_calls = 0;
	st = hvc_create_validate(a, fz_node_online, &v);
	FZ_ASSERT(fz_node_calls <= 1);
	if (fz_node_calls)
		FZ_ASSERT(info_valid && !preferred);
	FZ_ASSERT((st == HVPART_STATUS_SUCCESS) == want);
	if (want) {
		fz_success(st, &v);
		FZ_ASSERT(hvc_compat_version_known(a->compatibility_version));
		return;
	}
	fz_refusal(st, &v);
	FZ_ASSERT(st == HVPART_STATUS_INVALID_PARAMETER);
	switch (v.fault) {
	case HVC_FAULT_FLAGS_UNDEFINED:
		FZ_ASSERT(v.bit < 64 && ((a->flags >> v.bit) & 1) &&
			  !((FZ_FLAGS_DEFINED >> v.bit) & 1));
		FZ_ASSERT(!hvc_name_of(hvc_creation_flag_names,
				       hvc_creation_flag_count, v.bit));
		break;
	case HVC_FAULT_PROXIMITY_RESERVED:
		FZ_ASSERT(v.bit < 32 && ((FZ_PROX_RSVD >> v.bit) & 1) &&
			  ((a->proximity_flags >> v.bit) & 1));
		break;
	case HVC_FAULT_PROXIMITY_DOMAIN:
		FZ_ASSERT(info_valid && dom > 63 && v.value == dom);
		break;
	case HVC_FAULT_PROXIMITY_NODE_OFFLINE:
		FZ_ASSERT(info_valid && !preferred && dom <= 63 &&
			  !((fz_online_nodes >> dom) & 1));
		break;
	case HVC_FAULT_COMPAT_VERSION:
		FZ_ASSERT(!fz_compat_known(a->compatibility_version));
		FZ_ASSERT(!hvc_compat_version_known(a->compatibility_version));
		break;
	case HVC_FAULT_PADDING:
		FZ_ASSERT(a->padding && v.value == a->padding);
		break;
	case HVC_FAULT_RESERVED_Z0:
		FZ_ASSERT(a->reserved_z0 && v.bit < 64 &&
			  ((a->reserved_z0 >> v.bit) & 1));
		break;
	default:
		FZ_ASSERT(!"a create input fault");
	}
}

/* The input page as a caller hands it over: @len bytes of it. */
static void fz_create(const u8 *page, u32 len, enum hvc_layout layout)
{
	u32 size = hvc_create_input_size(layout);
	struct hvc_create_args a;
	u8 *in = fz_dup(page, len);
	u8 *out;
	bool ok;

	FZ_ASSERT(size == (layout == HVC_LAYOUT_AMD64 ? 56 : 48));
	memset(&a, 0xa5, sizeof(a));
	ok = hvc_create_decode(layout, in, len, &a);
	FZ_ASSERT(ok == (len >= size));
	if (ok) {
		fz_create_expect(in, layout, &a);
		out = fz_encode(&a, size);
		FZ_ASSERT(!memcmp(out, in, size));
		free(out);
		fz_validate(&a);
	}
	free(in);

	fz_create_roundtrip(page, HVC_LAYOUT_AMD64);
	fz_create_roundtrip(page, HVC_LAYOUT_ARM64);
}

/* KVM's lookup: the first entry of the leaf whose subleaf matches. */
static u32 fz_cpuid_index(const struct hvc_cpuid_entry *e, u32 count,
			  u32 leaf, u32 subleaf)
{
	u32 i;

	for (i = 0; i < count; i++)
		if (e[i].function == leaf &&
		    (!(e[i].flags & FZ_CPUID_SIGNIFICANT) ||
		     e[i].index == subleaf))
			break;
	return i;
}

static void fz_host_banks(const struct hvc_cpuid_entry *e, u32 count,
			  u64 banks[HVC_BANKS])
{
	const struct hvc_cpuid_feature *f;
	u64 want[HVC_BANKS] = { 0, 0, 0 };
	unsigned int i;
	u32 k;

	for (i = 0; i < hvc_x64_feature_count; i++) {
		f = &hvc_x64_features[i];
		k = fz_cpuid_index(e, count, f->leaf, f->subleaf);
		if (k < count && ((e[k].regs[f->reg] >> f->reg_bit) & 1))
			want[f->bank] |= 1ULL << f->bit;
	}
	hvc_cpuid_host_banks(e, count, banks);
	for (i = 0; i < HVC_BANKS; i++)
		FZ_ASSERT(banks[i] == want[i]);
}

static bool fz_cpuid_same_entry(const struct hvc_cpuid_entry *a,
				const struct hvc_cpuid_entry *b)
{
	return a->function == b->function && a->index == b->index &&
	       a->flags == b->flags && a->padding[0] == b->padding[0] &&
	       a->padding[1] == b->padding[1] && a->padding[2] == b->padding[2];
}

/* The leaf-1 entry: its topology follows SMT_ENABLED_GUEST. */
static void fz_cpuid_leaf1(const struct hvc_cpuid_entry *old,
			   const struct hvc_cpuid_entry *new, bool smt)
{
	u32 i;

	for (i = 0; i < 4; i++) {
		if (i == HVC_CPUID_EBX)
			FZ_ASSERT(!(new->regs[i] & ~old->regs[i] &
				    ~FZ_LEAF1_EBX_LOGICAL));
		else if (i == HVC_CPUID_EDX)
			FZ_ASSERT(!(new->regs[i] & ~old->regs[i] &
				    ~FZ_LEAF1_EDX_HTT));
		else
			FZ_ASSERT(!(new->regs[i] & ~old->regs[i]));
	}
	FZ_ASSERT(((new->regs[HVC_CPUID_EBX] >> 16) & 0xff) == (smt ? 2U : 1U));
	FZ_ASSERT(!!(new->regs[HVC_CPUID_EDX] & FZ_LEAF1_EDX_HTT) == smt);
}

static void fz_cpuid(const u8 *data, size_t size,
		     const struct hvc_partition_cpu *cpu)
{
	u32 count = (u32)(size / sizeof(struct hvc_cpuid_entry));
	bool smt = cpu->flags & HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST;
	struct hvc_cpuid_entry *old, *e;
	u64 before[HVC_BANKS], after[HVC_BANKS];
	u32 out, i, j, leaf1;

	if (count > FZ_CPUID_MAX)
		count = FZ_CPUID_MAX;
	old = (struct hvc_cpuid_entry *)fz_dup(data, count * sizeof(*old));
	/*
	 * KVM marks the subleaves of leaf 0xD significant, and the filter
	 * drops 0xD entries by subleaf; tables that break the first would
	 * make the second ambiguous, and KVM never hands one over.
	 */
	for (i = 0; i < count; i++)
		if (old[i].function == 0xd)
			old[i].flags |= FZ_CPUID_SIGNIFICANT;
	e = (struct hvc_cpuid_entry *)fz_dup(old, count * sizeof(*e));

	fz_host_banks(old, count, before);
	out = hvc_cpuid_filter(e, count, cpu);
	FZ_ASSERT(out <= count);

	/*
	 * The entries left are the old ones in their order, less some of
	 * leaf 0xD; none gains a bit, but for leaf 1's topology.
	 */
	leaf1 = fz_cpuid_index(old, count, 0x1, 0);
	for (i = 0, j = 0; j < out; i++, j++) {
		while (i < count && !fz_cpuid_same_entry(&old[i], &e[j])) {
			FZ_ASSERT(old[i].function == 0xd);
			i++;
		}
		FZ_ASSERT(i < count);
		if ((cpu->disabled[HVC_BANK_XSAVE] & 1))
			FZ_ASSERT(e[j].function != 0xd);
		if (i == leaf1) {
			fz_cpuid_leaf1(&old[i], &e[j], smt);
			continue;
		}
		FZ_ASSERT(!(e[j].regs[0] & ~old[i].regs[0]));
		FZ_ASSERT(!(e[j].regs[1] & ~old[i].regs[1]));
		FZ_ASSERT(!(e[j].regs[2] & ~old[i].regs[2]));
		FZ_ASSERT(!(e[j].regs[3] & ~old[i].regs[3]));
	}
	for (; i < count; i++)
		FZ_ASSERT(old[i].function == 0xd);

	/* What a partition is offered: no disabled feature, nothing new. */
	fz_host_banks(e, out, after);
	for (i = 0; i < HVC_BANKS; i++) {
		FZ_ASSERT(!(after[i] & cpu->disabled[i]));
		FZ_ASSERT(!(after[i] & ~before[i]));
	}
	free(old);
	free(e);
}

static_assert(HVC_ARM64_REGS == FZ_ARM64_REGS,
	      "the fuzz input carries 13 ARM64 register slots");

/* The gate of a bank bit in fz_arm64_gates, or -1. */
static int fz_arm64_gate(unsigned int bank, unsigned int bit)
{
	unsigned int i;

	for (i = 0; i < FZ_ARRAY_SIZE(fz_arm64_gates); i++)
		if (fz_arm64_gates[i].bank == bank &&
		    fz_arm64_gates[i].bit == bit)
			return (int)i;
	return -1;
}

/*
 * Does a register set show a feature: its field, unsigned, signed 4-bit
 * (0x8-0xf are -8..-1: "not implemented" is 0xf) or exact.
 */
static bool fz_arm64_present(const struct hvc_arm64_feature *f,
			     const u64 regs[HVC_ARM64_REGS])
{
	int sfield, svalue;
	u64 field;

	if (f->reg == HVC_ARM64_NO_REG)
		return false;
	field = (regs[f->reg] >> f->shift) & (~0ULL >> (64 - f->width));
	switch (f->match) {
	case HVC_ARM64_GE:
		return field >= f->value;
	case HVC_ARM64_SGE:
		sfield = field >= 8 ? (int)field - 16 : (int)field;
		svalue = f->value >= 8 ? (int)f->value - 16 : (int)f->value;
		return sfield >= svalue;
	default:
		return field == f->value;
	}
}

/*
 * The host's banks: a bit for each feature its register shows, that KVM
 * does not hide, and whose vCPU feature (if any) KVM supports.  The
 * NO_REG slot is no register and changes nothing.
 */
static void fz_arm64_host(const u64 regs[HVC_ARM64_REGS], u32 supported,
			  u64 host[HVC_BANKS])
{
	u64 want[HVC_BANKS] = { 0, 0, 0 };
	const struct hvc_arm64_feature *f;
	u64 other[HVC_ARM64_REGS];
	u64 again[HVC_BANKS];
	unsigned int i;
	bool present;

	for (i = 0; i < hvc_arm64_feature_count; i++) {
		f = &hvc_arm64_features[i];
		present = fz_arm64_present(f, regs);
		FZ_ASSERT(hvc_arm64_feature_present(f, regs) == present);
		if (!present || f->kvm_hidden)
			continue;
		if (f->vcpu_feature != FZ_VCPU_NONE &&
		    !((supported >> f->vcpu_feature) & 1))
			continue;
		want[f->bank] |= 1ULL << f->bit;
	}
	memset(host, 0xa5, HVC_BANKS * sizeof(host[0]));
	hvc_arm64_host_banks(regs, supported, host);
	for (i = 0; i < HVC_BANKS; i++)
		FZ_ASSERT(host[i] == want[i]);

	memcpy(other, regs, sizeof(other));
	other[HVC_ARM64_NO_REG] = ~regs[HVC_ARM64_NO_REG];
	hvc_arm64_host_banks(other, supported, again);
	FZ_ASSERT(!memcmp(again, host, sizeof(again)));
}

/*
 * A partition's KVM vCPU features, as uapi/linux/hvpart.h states them:
 * PSCI 0.2; PMUv3 only with ENABLE_PERFMON_PMU and pmu_v3 not disabled;
 * SVE unless sve is disabled; address and generic pointer authentication
 * together, unless apa_base or gpa is disabled; each only where KVM
 * supports it.  The XSAVE bank means nothing on ARM64.
 */
static u32 fz_arm64_vcpu(u32 supported, const struct hvc_partition_cpu *cpu)
{
	struct hvc_partition_cpu other = *cpu;
	const u32 pmu = 1U << FZ_VCPU_PMU_V3;
	u32 vf, want;
	unsigned int i;

	vf = hvc_arm64_vcpu_features(supported, cpu);
	FZ_ASSERT(!(vf & ~supported));
	FZ_ASSERT(!(vf & ~FZ_VCPU_KNOWN));
	FZ_ASSERT(!(vf & pmu) || (cpu->flags & FZ_FLAG_PERFMON_PMU));
	FZ_ASSERT((vf & FZ_VCPU_PTRAUTH) == 0 ||
		  (vf & FZ_VCPU_PTRAUTH) == FZ_VCPU_PTRAUTH);

	want = supported & FZ_VCPU_KNOWN;
	if (!(cpu->flags & FZ_FLAG_PERFMON_PMU))
		want &= ~pmu;
	for (i = 0; i < FZ_ARRAY_SIZE(fz_arm64_gates); i++) {
		if (!((cpu->disabled[fz_arm64_gates[i].bank] >>
		       fz_arm64_gates[i].bit) & 1))
			continue;
		FZ_ASSERT(!((vf >> fz_arm64_gates[i].vcpu_feature) & 1));
		want &= ~(1U << fz_arm64_gates[i].vcpu_feature);
	}
	if ((want & FZ_VCPU_PTRAUTH) != FZ_VCPU_PTRAUTH)
		want &= ~FZ_VCPU_PTRAUTH;
	FZ_ASSERT(vf == want);

	other.disabled[HVC_BANK_XSAVE] = ~cpu->disabled[HVC_BANK_XSAVE];
	FZ_ASSERT(hvc_arm64_vcpu_features(supported, &other) == vf);
	return vf;
}

/*
 * The banks offered for @vf: the host's, less every bit whose vCPU
 * feature is withheld; bits without one (and bits no feature names) are
 * the host's.  With @cpu, @vf is its vCPU features: a disabled gating bit
 * withholds every bit of its vCPU feature, and both pointer
 * authentication kinds go together.
 */
static void fz_arm64_offered(const u64 host[HVC_BANKS], u32 vf,
			     const struct hvc_partition_cpu *cpu)
{
	u64 named[HVC_BANKS] = { 0, 0, 0 };
	const struct hvc_arm64_feature *f;
	u64 offered[HVC_BANKS];
	bool on, withheld;
	unsigned int i;
	int g;

	memset(offered, 0xa5, sizeof(offered));
	hvc_arm64_offered_banks(host, vf, offered);
	FZ_ASSERT(!(offered[0] & ~host[0]));
	FZ_ASSERT(!(offered[1] & ~host[1]));
	FZ_ASSERT(offered[HVC_BANK_XSAVE] == 0);

	for (i = 0; i < hvc_arm64_feature_count; i++) {
		f = &hvc_arm64_features[i];
		named[f->bank] |= 1ULL << f->bit;
		on = (offered[f->bank] >> f->bit) & 1;
		withheld = f->vcpu_feature != FZ_VCPU_NONE &&
			   !((vf >> f->vcpu_feature) & 1);
		if (withheld)
			FZ_ASSERT(!on);
		else
			FZ_ASSERT(on == ((host[f->bank] >> f->bit) & 1));
		if (!cpu || f->vcpu_feature == FZ_VCPU_NONE)
			continue;
		/* Each disabled gate withholds its vCPU feature's bits. */
		for (g = 0; g < (int)FZ_ARRAY_SIZE(fz_arm64_gates); g++) {
			if (!((cpu->disabled[fz_arm64_gates[g].bank] >>
			       fz_arm64_gates[g].bit) & 1))
				continue;
			if (fz_arm64_gates[g].vcpu_feature == f->vcpu_feature ||
			    (((FZ_VCPU_PTRAUTH >> f->vcpu_feature) & 1) &&
			     ((FZ_VCPU_PTRAUTH >>
			       fz_arm64_gates[g].vcpu_feature) & 1)))
				FZ_ASSERT(!on);
		}
		if (f->vcpu_feature == FZ_VCPU_PMU_V3 &&
		    !(cpu->flags & FZ_FLAG_PERFMON_PMU))
			FZ_ASSERT(!on);
	}
	FZ_ASSERT((offered[0] & ~named[0]) == (host[0] & ~named[0]));
	FZ_ASSERT((offered[1] & ~named[1]) == (host[1] & ~named[1]));
}

/* The ARM64 registers and supported vCPU features at @data. */
static void fz_arm64(const u8 *data, size_t size,
		     const struct hvc_partition_cpu *cpu)
{
	struct fz_input in = { data, size, 0 };
	u64 regs[HVC_ARM64_REGS], host[HVC_BANKS], any[HVC_BANKS];
	u32 supported, vf;
	unsigned int i;

	for (i = 0; i < HVC_ARM64_REGS; i++)
		regs[i] = fz_take(&in, 8);
	supported = (u32)fz_take(&in, 4);

	fz_arm64_host(regs, supported, host);
	vf = fz_arm64_vcpu(supported, cpu);
	fz_arm64_offered(host, vf, cpu);

	/* Any banks and any vCPU features, not only the ones KVM can give. */
	any[0] = regs[HVC_ARM64_NO_REG];
	any[1] = regs[HVC_ARM64_REGS - 1];
	any[HVC_BANK_XSAVE] = regs[1];
	fz_arm64_offered(any, supported, NULL);
}

/*
 * A layout's feature names: the walk yields the layout's table in order,
 * and a (bank, bit) has the name of the entry that has it, or none.
 */
static void fz_feature_names(enum hvc_layout layout, unsigned int i,
			     unsigned int bank, unsigned int bit)
{
	bool arm64 = layout == HVC_LAYOUT_ARM64;
	unsigned int count = arm64 ? hvc_arm64_feature_count :
				     hvc_x64_feature_count;
	unsigned int k, b, n, eb, en;
	const char *name, *want = NULL, *en_name;

	for (k = 0; k < count; k++) {
		eb = arm64 ? hvc_arm64_features[k].bank :
			     hvc_x64_features[k].bank;
		en = arm64 ? hvc_arm64_features[k].bit :
			     hvc_x64_features[k].bit;
		en_name = arm64 ? hvc_arm64_features[k].name :
				  hvc_x64_features[k].name;
		if (k == i) {
			FZ_ASSERT(hvc_feature_at(layout, i, &b, &n, &name));
			FZ_ASSERT(b == eb && n == en && name == en_name);
			FZ_ASSERT(hvc_feature_name(layout, b, n) == name);
		}
		if (eb == bank && en == bit)
			want = en_name;
	}
	if (i >= count)
		FZ_ASSERT(!hvc_feature_at(layout, i, &b, &n, &name));
	FZ_ASSERT(hvc_feature_name(layout, bank, bit) == want);
	if (bank >= HVC_BANKS || bit >= 64 || (arm64 && bank == HVC_BANK_XSAVE))
		FZ_ASSERT(!want);
}

/* An enum hvc_arm64_reg's name: none for NO_REG and past the last. */
static void fz_arm64_reg_name(u32 reg)
{
	const char *name = hvc_arm64_reg_name(reg);
	size_t len;

	FZ_ASSERT(!!name == (reg != HVC_ARM64_NO_REG && reg < HVC_ARM64_REGS));
	if (!name)
		return;
	len = strlen(name);
	FZ_ASSERT(len > 4 && (!strcmp(name + len - 4, "_EL1") ||
			      !strcmp(name + len - 4, "_EL0")));
}

/* Name lookups for fuzzed values agree with the spec's lists. */
static void fz_names(u16 status, u32 bit, u32 value, enum hvc_layout layout)
{
	const char *name = hvc_status_name(status);
	bool known = fz_status_known(status);
	bool writable;

	FZ_ASSERT(name && !strncmp(name, "HV_STATUS_", 10));
	FZ_ASSERT(!!strcmp(name, "HV_STATUS_UNKNOWN") == known);
	if (status == HVPART_STATUS_SUCCESS)
		FZ_ASSERT(hvc_status_errno(status) == 0);
	else if (known)
		FZ_ASSERT(hvc_status_errno(status) < 0);
	else
		FZ_ASSERT(hvc_status_errno(status) == -EIO);

	name = hvc_name_of(hvc_creation_flag_names, hvc_creation_flag_count,
			   bit);
	FZ_ASSERT(!!name == (bit < 64 && ((FZ_FLAGS_DEFINED >> bit) & 1)));
	FZ_ASSERT(!name || name[0]);

	FZ_ASSERT(hvc_compat_version_known(value) == fz_compat_known(value));
	name = hvc_name_of(hvc_compat_version_names, hvc_compat_version_count,
			   value);
	FZ_ASSERT(!!name == fz_compat_known(value));

	known = fz_in_list32(fz_properties, FZ_ARRAY_SIZE(fz_properties),
			     value);
	writable = value == HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES ||
		   value == HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0 ||
		   value == HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1 ||
		   value == HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES;
	FZ_ASSERT(hvc_property_known(value) == known);
	FZ_ASSERT(hvc_property_writable(value) == writable);
	FZ_ASSERT(!!hvc_name_of(hvc_property_names, hvc_property_count,
				value) == known);

	FZ_ASSERT(!strcmp(hvc_layout_name(layout),
			  layout == HVC_LAYOUT_ARM64 ? "arm64" : "amd64"));
}

/*
 * hvc_arm64_features: sorted by (bank, bit), so without duplicates; every
 * name unique; register fields inside their register; a vCPU feature
 * KVM has; exactly pmu_v3, apa_base, gpa and sve gate theirs.
 */
static void fz_arm64_table(void)
{
	const struct hvc_arm64_feature *a, *p;
	unsigned int i, k, b, n;
	const char *name;
	int g;

	for (i = 0; i < hvc_arm64_feature_count; i++) {
		a = &hvc_arm64_features[i];
		FZ_ASSERT(a->bank < HVPART_PARTITION_PROCESSOR_FEATURE_BANKS);
		FZ_ASSERT(a->bit < 64);
		if (i) {
			p = &hvc_arm64_features[i - 1];
			FZ_ASSERT(p->bank < a->bank ||
				  (p->bank == a->bank && p->bit < a->bit));
		}
		FZ_ASSERT(a->name && a->name[0]);
		for (k = 0; k < i; k++)
			FZ_ASSERT(strcmp(hvc_arm64_features[k].name, a->name));
		if (a->reg != HVC_ARM64_NO_REG) {
			FZ_ASSERT(a->reg < HVC_ARM64_REGS);
			FZ_ASSERT(hvc_arm64_reg_name(a->reg));
			FZ_ASSERT(a->width >= 1 && a->shift + a->width <= 64);
			FZ_ASSERT(a->match == HVC_ARM64_GE ||
				  a->match == HVC_ARM64_SGE ||
				  a->match == HVC_ARM64_EQ);
			FZ_ASSERT(a->match != HVC_ARM64_SGE || a->width == 4);
			FZ_ASSERT(a->width >= 8 || a->value < 1U << a->width);
			FZ_ASSERT(a->field && a->field[0]);
		} else {
			FZ_ASSERT(!a->field);
			FZ_ASSERT(a->vcpu_feature == FZ_VCPU_NONE);
		}
		FZ_ASSERT(a->vcpu_feature == FZ_VCPU_NONE ||
			  (a->vcpu_feature < 32 &&
			   ((FZ_VCPU_KNOWN >> a->vcpu_feature) & 1)));
		g = fz_arm64_gate(a->bank, a->bit);
		FZ_ASSERT(a->gates == (g >= 0));
		if (g >= 0) {
			FZ_ASSERT(a->vcpu_feature ==
				  fz_arm64_gates[g].vcpu_feature);
			FZ_ASSERT(!strcmp(a->name, fz_arm64_gates[g].name));
		}
	}
	for (i = 0; hvc_feature_at(HVC_LAYOUT_ARM64, i, &b, &n, &name); i++)
		FZ_ASSERT(hvc_feature_name(HVC_LAYOUT_ARM64, b, n) == name);
	FZ_ASSERT(i == hvc_arm64_feature_count);
	for (i = 0; hvc_feature_at(HVC_LAYOUT_AMD64, i, &b, &n, &name); i++)
		FZ_ASSERT(hvc_feature_name(HVC_LAYOUT_AMD64, b, n) == name);
	FZ_ASSERT(i == hvc_x64_feature_count);
	for (i = 0; i < HVC_ARM64_REGS; i++)
		for (k = 0; k < i; k++)
			FZ_ASSERT(!hvc_arm64_reg_name(k) ||
				  strcmp(hvc_arm64_reg_name(k),
					 hvc_arm64_reg_name(i)));
}

/* The tables lib/ exports, once: well-formed and without duplicates. */
static void fz_tables(void)
{
	const struct hvc_cpuid_feature *f, *g;
	unsigned int i, k;

	for (i = 0; i < hvc_x64_feature_count; i++) {
		f = &hvc_x64_features[i];
		FZ_ASSERT(f->bank < HVC_BANKS && f->bit < 64);
		FZ_ASSERT(f->reg <= HVC_CPUID_EDX && f->reg_bit < 32);
		FZ_ASSERT(f->name && f->name[0]);
		for (k = 0; k < i; k++) {
			g = &hvc_x64_features[k];
			FZ_ASSERT(g->bank != f->bank || g->bit != f->bit);
		}
	}
	for (i = 0; i < hvc_creation_flag_count; i++)
		FZ_ASSERT(hvc_name_of(hvc_creation_flag_names,
				      hvc_creation_flag_count,
				      hvc_creation_flag_names[i].value) ==
			  hvc_creation_flag_names[i].name);
	FZ_ASSERT(hvc_compat_version_count == FZ_ARRAY_SIZE(fz_compat_versions));
	FZ_ASSERT(hvc_property_count == FZ_ARRAY_SIZE(fz_properties));
	fz_arm64_table();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static bool tables_checked;
	struct fz_input in = { data, size, 0 };
	u8 page[FZ_PAGE_BYTES];
	struct hvc_partition_cpu cpu;
	const struct hvc_call *call;
	u32 in_size, out_size, in_len, out_len, page_len, bit;
	u64 control, in_addr, out_addr, value;
	enum hvc_layout layout;
	struct hvc_verdict v;
	u16 fault;
	u8 mode;

	if (!tables_checked) {
		fz_tables();
		tables_checked = true;
	}

	control = fz_take(&in, 8);
	in_size = (u32)fz_take(&in, 4);
	out_size = (u32)fz_take(&in, 4);
	in_addr = fz_take(&in, 8);
	out_addr = fz_take(&in, 8);
	in_len = (u32)fz_take(&in, 4);
	out_len = (u32)fz_take(&in, 4);
	mode = (u8)fz_take(&in, 1);
	page_len = (u32)fz_take(&in, 1);
	if (page_len > FZ_PAGE_BYTES)
		page_len = FZ_PAGE_BYTES;
	fault = (u16)fz_take(&in, 2);
	bit = (u32)fz_take(&in, 4);
	fz_online_nodes = fz_take(&in, 8);
	value = fz_take(&in, 8);
	fz_take_bytes(&in, page, sizeof(page));
	cpu.flags = fz_take(&in, 8);
	cpu.disabled[0] = fz_take(&in, 8);
	cpu.disabled[1] = fz_take(&in, 8);
	cpu.disabled[HVC_BANK_XSAVE] = fz_take(&in, 8);

	/* Make the top of the address space and near pages easy to reach. */
	layout = (mode & 1) ? HVC_LAYOUT_ARM64 : HVC_LAYOUT_AMD64;
	if (mode & 2)
		in_addr = 0 - in_addr;
	if (mode & 4)
		out_addr += in_addr;
	if (mode & 8) {
		in_len = 4096 - (u32)(in_addr % 4096) - in_len;
		out_len = 4096 - (u32)(out_addr % 4096) - out_len;
	}

	call = fz_control(control);
	if (call) {
		fz_sizes(call, layout, (u16)((control >> 32) & 0xfff), in_size,
			 out_size);
		fz_pages(in_addr, call->input_size[layout], out_addr,
			 call->output_size);
	}
	fz_pages(in_addr, in_len, out_addr, out_len);

	fz_create(page, page_len, layout);

	v.status = (u16)value;
	v.fault = fault;
	v.bit = bit;
	v.value = value;
	fz_format(&v);
	fz_names((u16)value, bit, (u32)value, layout);
	fz_names(fault, (u32)(value >> 32), bit, layout);

	fz_feature_names(HVC_LAYOUT_AMD64, bit, fault & 3, bit & 63);
	fz_feature_names(HVC_LAYOUT_ARM64, bit, fault & 3, bit & 63);
	fz_feature_names(layout, (u32)value, fault, bit);
	fz_arm64_reg_name(bit);
	fz_arm64_reg_name(fault & 15);

	if (size > FZ_HEADER) {
		fz_cpuid(data + FZ_HEADER, size - FZ_HEADER, &cpu);
		fz_arm64(data + FZ_HEADER, size - FZ_HEADER, &cpu);
	} else {
		fz_cpuid(data, 0, &cpu);
		fz_arm64(data, 0, &cpu);
	}
	return 0;
}
