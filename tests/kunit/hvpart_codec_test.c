// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the ABI codec in lib/ (layouts, round trips, control word,
 * page placement, names).
 */
#include <kunit/test.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "../../lib/hvpart_codec.h"

static u64 hvpart_test_read64(const u8 *buf, unsigned int off)
{
	u64 v;

	memcpy(&v, buf + off, sizeof(v));
	return v;
}

static u32 hvpart_test_read32(const u8 *buf, unsigned int off)
{
	u32 v;

	memcpy(&v, buf + off, sizeof(v));
	return v;
}

static void hvpart_test_fill(struct hvc_create_args *a, enum hvc_layout layout)
{
	memset(a, 0, sizeof(*a));
	a->layout = layout;
	a->flags = 0x1111111111111111ULL;
	a->proximity_domain_id = 0x22222222;
	a->proximity_flags = 0x33333333;
	a->compatibility_version = 0x44444444;
	a->padding = 0x55555555;
	a->disabled_processor_features[0] = 0x6666666666666666ULL;
	a->disabled_processor_features[1] = 0x7777777777777777ULL;
	if (layout == HVC_LAYOUT_AMD64)
		a->disabled_processor_xsave_features = 0x8888888888888888ULL;
	a->reserved_z0 = 0x9999999999999999ULL;
}

static void hvpart_codec_layout_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct hvpart_input_create_partition_amd64), 56);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvpart_input_create_partition_arm64), 48);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvpart_output_create_partition), 8);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvpart_proximity_domain_info), 8);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvpart_hvcall), 40);
	KUNIT_EXPECT_EQ(test, hvc_create_input_size(HVC_LAYOUT_AMD64), 56);
	KUNIT_EXPECT_EQ(test, hvc_create_input_size(HVC_LAYOUT_ARM64), 48);
	KUNIT_EXPECT_EQ(test, hvc_call_find(HVPART_CALL_CREATE_PARTITION)->output_size, 8);
}

/* The encoder must put every field at the offset the spec's table gives. */
static void hvpart_codec_amd64_offsets(struct kunit *test)
{
	struct hvc_create_args a;
	u8 buf[64];

	hvpart_test_fill(&a, HVC_LAYOUT_AMD64);
	memset(buf, 0xee, sizeof(buf));
	KUNIT_ASSERT_EQ(test, hvc_create_encode(&a, buf, sizeof(buf)), 56);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 0), a.flags);
	KUNIT_EXPECT_EQ(test, hvpart_test_read32(buf, 8), a.proximity_domain_id);
	KUNIT_EXPECT_EQ(test, hvpart_test_read32(buf, 12), a.proximity_flags);
	KUNIT_EXPECT_EQ(test, hvpart_test_read32(buf, 16), a.compatibility_version);
	KUNIT_EXPECT_EQ(test, hvpart_test_read32(buf, 20), a.padding);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 24),
			a.disabled_processor_features[0]);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 32),
			a.disabled_processor_features[1]);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 40),
			a.disabled_processor_xsave_features);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 48), a.reserved_z0);
	/* Nothing is written past the layout. */
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 56), 0xeeeeeeeeeeeeeeeeULL);
	/* Too small a buffer is refused. */
	KUNIT_EXPECT_EQ(test, hvc_create_encode(&a, buf, 55), 0);
}

static void hvpart_codec_arm64_offsets(struct kunit *test)
{
	struct hvc_create_args a;
	u8 buf[64];

	hvpart_test_fill(&a, HVC_LAYOUT_ARM64);
	memset(buf, 0xee, sizeof(buf));
	KUNIT_ASSERT_EQ(test, hvc_create_encode(&a, buf, sizeof(buf)), 48);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 0), a.flags);
	KUNIT_EXPECT_EQ(test, hvpart_test_read32(buf, 8), a.proximity_domain_id);
	KUNIT_EXPECT_EQ(test, hvpart_test_read32(buf, 12), a.proximity_flags);
	KUNIT_EXPECT_EQ(test, hvpart_test_read32(buf, 16), a.compatibility_version);
	KUNIT_EXPECT_EQ(test, hvpart_test_read32(buf, 20), a.padding);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 24),
			a.disabled_processor_features[0]);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 32),
			a.disabled_processor_features[1]);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 40), a.reserved_z0);
	KUNIT_EXPECT_EQ(test, hvpart_test_read64(buf, 48), 0xeeeeeeeeeeeeeeeeULL);
	KUNIT_EXPECT_EQ(test, hvc_create_encode(&a, buf, 47), 0);
}

static void hvpart_codec_round_trip(struct kunit *test)
{
	enum hvc_layout layouts[] = { HVC_LAYOUT_AMD64, HVC_LAYOUT_ARM64 };
	struct hvc_create_args a, b;
	u8 buf[56];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(layouts); i++) {
		hvpart_test_fill(&a, layouts[i]);
		KUNIT_ASSERT_NE(test, hvc_create_encode(&a, buf, sizeof(buf)), 0);
		KUNIT_ASSERT_TRUE(test, hvc_create_decode(layouts[i], buf,
							  sizeof(buf), &b));
		KUNIT_EXPECT_EQ(test, memcmp(&a, &b, sizeof(a)), 0);
		/* A page shorter than the layout does not decode. */
		KUNIT_EXPECT_FALSE(test, hvc_create_decode(layouts[i], buf,
			hvc_create_input_size(layouts[i]) - 1, &b));
	}
}

static void hvpart_codec_control_fields(struct kunit *test)
{
	struct hvc_control c;

	hvc_control_decode(0x0000000000000040ULL, &c);
	KUNIT_EXPECT_EQ(test, c.code, 0x40);
	KUNIT_EXPECT_FALSE(test, c.fast);
	KUNIT_EXPECT_EQ(test, c.rep_count, 0);

	hvc_control_decode(0x0abc0def07fe0043ULL | HVPART_HYPERCALL_FAST_BIT, &c);
	KUNIT_EXPECT_EQ(test, c.code, 0x43);
	KUNIT_EXPECT_TRUE(test, c.fast);
	KUNIT_EXPECT_EQ(test, c.varhead_size, 0x3ff);
	KUNIT_EXPECT_EQ(test, c.rep_count, 0xdef);
	KUNIT_EXPECT_EQ(test, c.rep_start, 0xabc);
	KUNIT_EXPECT_EQ(test, c.reserved, 0ULL);
	KUNIT_EXPECT_FALSE(test, c.nested);
	KUNIT_EXPECT_EQ(test, hvc_control_encode(&c),
			0x0abc0def07fe0043ULL | HVPART_HYPERCALL_FAST_BIT);

	/* Bit 31 is nested, and only that. */
	hvc_control_decode(0x0000000080000041ULL, &c);
	KUNIT_EXPECT_TRUE(test, c.nested);
	KUNIT_EXPECT_EQ(test, c.reserved, 0ULL);
	KUNIT_EXPECT_EQ(test, hvc_control_encode(&c), 0x0000000080000041ULL);

	/* Reserved bits are 30:27, 47:44 and 63:60, and nothing else. */
	hvc_control_decode(~0ULL, &c);
	KUNIT_EXPECT_EQ(test, c.reserved, 0xf000f00078000000ULL);
	KUNIT_EXPECT_TRUE(test, c.nested);
	KUNIT_EXPECT_EQ(test, hvc_control_encode(&c), ~0ULL);
}

struct hvpart_pages_case {
	const char *name;
	u64 input, output;
	u32 input_len, output_len;
	u16 status;
	enum hvc_fault fault;
};

static const struct hvpart_pages_case hvpart_pages_cases[] = {
	{ "aligned", 0x10000, 0x11000, 56, 8, HVPART_STATUS_SUCCESS, HVC_FAULT_NONE },
	{ "input at page end", 0x10fc8, 0x11000, 56, 8, HVPART_STATUS_SUCCESS,
	  HVC_FAULT_NONE },
	{ "input misaligned", 0x10004, 0x11000, 56, 8,
	  HVPART_STATUS_INVALID_ALIGNMENT, HVC_FAULT_INPUT_ALIGN },
	{ "input crosses page", 0x10fd0, 0x11000, 56, 8,
	  HVPART_STATUS_INVALID_ALIGNMENT, HVC_FAULT_INPUT_CROSSES_PAGE },
	{ "output misaligned", 0x10000, 0x11001, 56, 8,
	  HVPART_STATUS_INVALID_ALIGNMENT, HVC_FAULT_OUTPUT_ALIGN },
	{ "output crosses page", 0x10000, 0x11ffc, 56, 8,
	  HVPART_STATUS_INVALID_ALIGNMENT, HVC_FAULT_OUTPUT_ALIGN },
	{ "output crosses page aligned", 0x10000, 0x11ff8, 56, 16,
	  HVPART_STATUS_INVALID_ALIGNMENT, HVC_FAULT_OUTPUT_CROSSES_PAGE },
	{ "overlap", 0x10000, 0x10030, 56, 8,
	  HVPART_STATUS_INVALID_ALIGNMENT, HVC_FAULT_PAGES_OVERLAP },
	{ "adjacent", 0x10000, 0x10038, 56, 8, HVPART_STATUS_SUCCESS,
	  HVC_FAULT_NONE },
	{ "overlap at the top of the address space", 0xffffffffffffffc8ULL,
	  0xfffffffffffffff0ULL, 56, 8,
	  HVPART_STATUS_INVALID_ALIGNMENT, HVC_FAULT_PAGES_OVERLAP },
	{ "adjacent at the top of the address space", 0xffffffffffffffc0ULL,
	  0xfffffffffffffff8ULL, 56, 8, HVPART_STATUS_SUCCESS, HVC_FAULT_NONE },
	{ "no output ignores its address", 0x10000, 0x3, 8, 0,
	  HVPART_STATUS_SUCCESS, HVC_FAULT_NONE },
};

static void hvpart_pages_case_desc(const struct hvpart_pages_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hvpart_pages, hvpart_pages_cases, hvpart_pages_case_desc);

static void hvpart_codec_pages(struct kunit *test)
{
	const struct hvpart_pages_case *c = test->param_value;
	struct hvc_verdict v;

	KUNIT_EXPECT_EQ(test, hvc_pages_check(c->input, c->input_len, c->output,
					      c->output_len, &v), c->status);
	KUNIT_EXPECT_EQ(test, v.status, c->status);
	KUNIT_EXPECT_EQ(test, v.fault, c->fault);
}

static void hvpart_codec_names(struct kunit *test)
{
	char buf[96];
	struct hvc_verdict v = {
		.status = HVPART_STATUS_INVALID_PARAMETER,
		.fault = HVC_FAULT_FLAGS_UNDEFINED,
		.bit = 2,
	};

	KUNIT_EXPECT_STREQ(test, hvc_status_name(HVPART_STATUS_INVALID_PARAMETER),
			   "HV_STATUS_INVALID_PARAMETER");
	KUNIT_EXPECT_STREQ(test, hvc_status_name(0x1234), "HV_STATUS_UNKNOWN");
	KUNIT_EXPECT_EQ(test, hvc_status_errno(HVPART_STATUS_SUCCESS), 0);
	KUNIT_EXPECT_EQ(test, hvc_status_errno(HVPART_STATUS_INVALID_PARTITION_ID),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, hvc_status_errno(HVPART_STATUS_ACCESS_DENIED), -EACCES);
	KUNIT_EXPECT_EQ(test, hvc_status_errno(HVPART_STATUS_INSUFFICIENT_MEMORY),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, hvc_status_errno(HVPART_STATUS_NO_RESOURCES), -ENOSPC);
	KUNIT_EXPECT_EQ(test, hvc_status_errno(0x1234), -EIO);
	KUNIT_EXPECT_STREQ(test, hvc_name_of(hvc_creation_flag_names,
					     hvc_creation_flag_count, 13),
			   "LAPIC_ENABLED");
	KUNIT_EXPECT_NULL(test, hvc_name_of(hvc_creation_flag_names,
					    hvc_creation_flag_count, 2));
	hvc_verdict_format(&v, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "flags bit 2 is undefined");
}

/* The flag-name table and the valid mask must say the same thing. */
static void hvpart_codec_flag_table(struct kunit *test)
{
	u64 mask = 0;
	unsigned int i;

	for (i = 0; i < hvc_creation_flag_count; i++)
		mask |= 1ULL << hvc_creation_flag_names[i].value;
	KUNIT_EXPECT_EQ(test, mask, HVPART_PARTITION_CREATION_FLAGS_VALID_MASK);
	KUNIT_EXPECT_EQ(test, hvc_creation_flag_count, 12);
}

static struct kunit_case hvpart_codec_cases[] = {
	KUNIT_CASE(hvpart_codec_layout_sizes),
	KUNIT_CASE(hvpart_codec_amd64_offsets),
	KUNIT_CASE(hvpart_codec_arm64_offsets),
	KUNIT_CASE(hvpart_codec_round_trip),
	KUNIT_CASE(hvpart_codec_control_fields),
	KUNIT_CASE_PARAM(hvpart_codec_pages, hvpart_pages_gen_params),
	KUNIT_CASE(hvpart_codec_names),
	KUNIT_CASE(hvpart_codec_flag_table),
	{}
};

static struct kunit_suite hvpart_codec_suite = {
	.name = "hvpart_codec",
	.test_cases = hvpart_codec_cases,
};

kunit_test_suites(&hvpart_codec_suite);
