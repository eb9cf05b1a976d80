// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the hypercall handler on kernel buffers.  Control-word rules,
 * every validation rule of HvCallCreatePartition (each reserved bit
 * singly), id allocation and delete.
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/nodemask.h>
#include <linux/string.h>

#include "hvpart_fake_kvm.h"

static void hvpart_test_good_args(struct hvc_create_args *a,
				  enum hvc_layout layout)
{
	memset(a, 0, sizeof(*a));
	a->layout = layout;
	a->compatibility_version = HVPART_COMPATIBILITY_21H2;
}

static void hvpart_test_caller(struct hvpart_caller *caller,
			       enum hvc_layout layout)
{
	memset(caller, 0, sizeof(*caller));
	caller->uid = current_euid();
	caller->admin = false;
	caller->admin_known = true;
	caller->layout = layout;
}

/* Issue HvCallCreatePartition; returns the status, the id in *id. */
static u16 hvpart_test_create(const struct hvc_create_args *a, u64 control,
			      u64 *id, struct hvc_verdict *verdict)
{
	struct hvpart_output_create_partition out = { .new_partition_id = 0 };
	struct hvpart_caller caller;
	u8 page[64] = {};
	u16 status;

	hvpart_test_caller(&caller, a->layout);
	hvc_create_encode(a, page, sizeof(page));
	status = hvpart_hvcall(&caller, control, page,
			       hvc_create_input_size(a->layout),
			       &out, sizeof(out));
	if (id)
		*id = out.new_partition_id;
	if (verdict)
		*verdict = caller.verdict;
	return status;
}

static u16 hvpart_test_delete_as(u64 id, kuid_t uid, bool admin)
{
	struct hvpart_input_partition_id in = { .partition_id = id };
	struct hvpart_caller caller;

	hvpart_test_caller(&caller, HVC_LAYOUT_NATIVE);
	caller.uid = uid;
	caller.admin = admin;
	return hvpart_hvcall(&caller, HVPART_CALL_DELETE_PARTITION, &in, sizeof(in),
			     NULL, 0);
}

static u16 hvpart_test_delete(u64 id)
{
	return hvpart_test_delete_as(id, current_euid(), false);
}

/* Create one good partition and return its id (0 on failure). */
static u64 hvpart_test_create_good(struct kunit *test)
{
	struct hvc_create_args a;
	u64 id = 0;

	hvpart_test_good_args(&a, HVC_LAYOUT_NATIVE);
	KUNIT_EXPECT_EQ(test, hvpart_test_create(&a, HVPART_CALL_CREATE_PARTITION,
						 &id, NULL), HVPART_STATUS_SUCCESS);
	return id;
}

/*
 * A refused create must leave no trace: the next good create gets the id
 * right after the last good one.
 */
static void hvpart_test_expect_refused_ctl(struct kunit *test,
					   const struct hvc_create_args *a,
					   u64 control, u16 status,
					   enum hvc_fault fault,
					   const char *what, unsigned int bit)
{
	unsigned long before = hvpart_partition_count();
	struct hvc_verdict v;
	u64 id = 0;

	KUNIT_EXPECT_EQ_MSG(test, hvpart_test_create(a, control, &id, &v), status,
			    "%s bit/value %u", what, bit);
	KUNIT_EXPECT_EQ_MSG(test, v.fault, fault, "%s bit/value %u", what, bit);
	KUNIT_EXPECT_EQ_MSG(test, id, 0ULL, "%s bit/value %u", what, bit);
	KUNIT_EXPECT_EQ(test, hvpart_partition_count(), before);
}

static void hvpart_test_expect_refused(struct kunit *test,
				       const struct hvc_create_args *a,
				       u16 status, enum hvc_fault fault,
				       const char *what, unsigned int bit)
{
	hvpart_test_expect_refused_ctl(test, a, HVPART_CALL_CREATE_PARTITION, status,
				       fault, what, bit);
}

static void hvpart_test_expect_created(struct kunit *test,
				       const struct hvc_create_args *a,
				       const char *what, unsigned int bit)
{
	u64 id = 0;

	KUNIT_EXPECT_EQ_MSG(test, hvpart_test_create(a, HVPART_CALL_CREATE_PARTITION,
						     &id, NULL),
			    HVPART_STATUS_SUCCESS, "%s bit/value %u", what, bit);
	KUNIT_EXPECT_NE_MSG(test, id, 0ULL, "%s bit/value %u", what, bit);
	if (id)
		KUNIT_EXPECT_EQ(test, hvpart_test_delete(id), HVPART_STATUS_SUCCESS);
}

static void hvpart_hvcall_flag_bits(struct kunit *test)
{
	enum hvc_layout layouts[] = { HVC_LAYOUT_AMD64, HVC_LAYOUT_ARM64 };
	struct hvc_create_args a;
	unsigned int i, bit;

	for (i = 0; i < ARRAY_SIZE(layouts); i++) {
		for (bit = 0; bit < 64; bit++) {
			hvpart_test_good_args(&a, layouts[i]);
			a.flags = 1ULL << bit;
			if (HVPART_PARTITION_CREATION_FLAGS_VALID_MASK & a.flags)
				hvpart_test_expect_created(test, &a, "flag", bit);
			else
				hvpart_test_expect_refused(test, &a,
					HVPART_STATUS_INVALID_PARAMETER,
					HVC_FAULT_FLAGS_UNDEFINED, "flag", bit);
		}
	}
}

static void hvpart_hvcall_proximity_bits(struct kunit *test)
{
	struct hvc_create_args a;
	unsigned int bit;

	for (bit = 1; bit <= 30; bit++) {
		hvpart_test_good_args(&a, HVC_LAYOUT_NATIVE);
		a.proximity_flags = 1U << bit;
		hvpart_test_expect_refused(test, &a, HVPART_STATUS_INVALID_PARAMETER,
					   HVC_FAULT_PROXIMITY_RESERVED,
					   "proximity flag", bit);
	}
}

static void hvpart_hvcall_reserved_z0_bits(struct kunit *test)
{
	enum hvc_layout layouts[] = { HVC_LAYOUT_AMD64, HVC_LAYOUT_ARM64 };
	struct hvc_create_args a;
	unsigned int i, bit;

	for (i = 0; i < ARRAY_SIZE(layouts); i++) {
		for (bit = 0; bit < 64; bit++) {
			hvpart_test_good_args(&a, layouts[i]);
			a.reserved_z0 = 1ULL << bit;
			hvpart_test_expect_refused(test, &a,
						   HVPART_STATUS_INVALID_PARAMETER,
						   HVC_FAULT_RESERVED_Z0,
						   "ReservedZ0", bit);
		}
		for (bit = 0; bit < 32; bit++) {
			hvpart_test_good_args(&a, layouts[i]);
			a.padding = 1U << bit;
			hvpart_test_expect_refused(test, &a,
						   HVPART_STATUS_INVALID_PARAMETER,
						   HVC_FAULT_PADDING, "padding",
						   bit);
		}
	}
}

/* Reserved bits of the feature banks are accepted (HYPERV-ABI.md §4). */
static void hvpart_hvcall_feature_banks(struct kunit *test)
{
	struct hvc_create_args a;
	unsigned int bank, bit;

	for (bank = 0; bank < HVPART_PARTITION_PROCESSOR_FEATURE_BANKS; bank++) {
		for (bit = 0; bit < 64; bit++) {
			hvpart_test_good_args(&a, HVC_LAYOUT_AMD64);
			a.disabled_processor_features[bank] = 1ULL << bit;
			hvpart_test_expect_created(test, &a, "feature bank bit",
						   bank * 64 + bit);
		}
	}
	hvpart_test_good_args(&a, HVC_LAYOUT_AMD64);
	a.disabled_processor_features[0] = ~0ULL;
	a.disabled_processor_features[1] = ~0ULL;
	a.disabled_processor_xsave_features = ~0ULL;
	hvpart_test_expect_created(test, &a, "all features disabled", 0);
}

struct hvpart_create_case {
	const char *name;
	u32 domain;
	u32 proximity_flags;
	u32 compat;
	u16 status;
	enum hvc_fault fault;
};

#define HVPART_VALID	HVPART_PROXIMITY_FLAG_INFO_VALID
#define HVPART_PREF	HVPART_PROXIMITY_FLAG_PREFERRED

static const struct hvpart_create_case hvpart_create_cases[] = {
	{ "plain 21H2", 0, 0, HVPART_COMPATIBILITY_21H2, HVPART_STATUS_SUCCESS },
	{ "19H1", 0, 0, HVPART_COMPATIBILITY_19H1, HVPART_STATUS_SUCCESS },
	{ "20H1", 0, 0, HVPART_COMPATIBILITY_20H1, HVPART_STATUS_SUCCESS },
	{ "21H1", 0, 0, HVPART_COMPATIBILITY_21H1, HVPART_STATUS_SUCCESS },
	{ "prerelease", 0, 0, HVPART_COMPATIBILITY_PRERELEASE, HVPART_STATUS_SUCCESS },
	{ "experiment", 0, 0, HVPART_COMPATIBILITY_EXPERIMENT, HVPART_STATUS_SUCCESS },
	{ "compat 0", 0, 0, 0, HVPART_STATUS_INVALID_PARAMETER,
	  HVC_FAULT_COMPAT_VERSION },
	{ "compat 0x0600", 0, 0, 0x0600, HVPART_STATUS_INVALID_PARAMETER,
	  HVC_FAULT_COMPAT_VERSION },
	{ "compat 0x060a", 0, 0, 0x060a, HVPART_STATUS_INVALID_PARAMETER,
	  HVC_FAULT_COMPAT_VERSION },
	{ "compat 0x10609", 0, 0, 0x10609, HVPART_STATUS_INVALID_PARAMETER,
	  HVC_FAULT_COMPAT_VERSION },
	{ "compat 0xffffffff", 0, 0, 0xffffffff, HVPART_STATUS_INVALID_PARAMETER,
	  HVC_FAULT_COMPAT_VERSION },
	{ "domain ignored when not valid", 12345, 0, HVPART_COMPATIBILITY_21H2,
	  HVPART_STATUS_SUCCESS },
	{ "preferred ignored when not valid", 99, HVPART_PREF,
	  HVPART_COMPATIBILITY_21H2, HVPART_STATUS_SUCCESS },
	{ "domain 0 required", 0, HVPART_VALID, HVPART_COMPATIBILITY_21H2,
	  HVPART_STATUS_SUCCESS },
	{ "domain 0 preferred", 0, HVPART_VALID | HVPART_PREF,
	  HVPART_COMPATIBILITY_21H2, HVPART_STATUS_SUCCESS },
	{ "domain 64 required", 64, HVPART_VALID, HVPART_COMPATIBILITY_21H2,
	  HVPART_STATUS_INVALID_PARAMETER, HVC_FAULT_PROXIMITY_DOMAIN },
	{ "domain 64 preferred", 64, HVPART_VALID | HVPART_PREF,
	  HVPART_COMPATIBILITY_21H2, HVPART_STATUS_INVALID_PARAMETER,
	  HVC_FAULT_PROXIMITY_DOMAIN },
	{ "domain 0xffffffff", 0xffffffff, HVPART_VALID, HVPART_COMPATIBILITY_21H2,
	  HVPART_STATUS_INVALID_PARAMETER, HVC_FAULT_PROXIMITY_DOMAIN },
	{ "offline domain 63 preferred falls back", 63,
	  HVPART_VALID | HVPART_PREF, HVPART_COMPATIBILITY_21H2,
	  HVPART_STATUS_SUCCESS },
};

static void hvpart_create_case_desc(const struct hvpart_create_case *c,
				    char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hvpart_create, hvpart_create_cases, hvpart_create_case_desc);

static void hvpart_hvcall_create_table(struct kunit *test)
{
	const struct hvpart_create_case *c = test->param_value;
	struct hvc_create_args a;

	hvpart_test_good_args(&a, HVC_LAYOUT_NATIVE);
	a.proximity_domain_id = c->domain;
	a.proximity_flags = c->proximity_flags;
	a.compatibility_version = c->compat;
	if (c->status == HVPART_STATUS_SUCCESS)
		hvpart_test_expect_created(test, &a, c->name, 0);
	else
		hvpart_test_expect_refused(test, &a, c->status, c->fault,
					   c->name, 0);
}

/* A required domain whose node is offline is refused; online is kept. */
static void hvpart_hvcall_offline_node(struct kunit *test)
{
	struct hvpart_partition *p;
	struct hvc_create_args a;
	u32 node;
	u64 id;

	for (node = 0; node <= HVPART_PROXIMITY_DOMAIN_MAX; node++) {
		hvpart_test_good_args(&a, HVC_LAYOUT_NATIVE);
		a.proximity_domain_id = node;
		a.proximity_flags = HVPART_PROXIMITY_FLAG_INFO_VALID;
		if (node < MAX_NUMNODES && node_state(node, N_MEMORY)) {
			KUNIT_ASSERT_EQ(test, hvpart_test_create(&a,
					HVPART_CALL_CREATE_PARTITION, &id, NULL),
					HVPART_STATUS_SUCCESS);
			p = hvpart_partition_get(id);
			KUNIT_ASSERT_NOT_NULL(test, p);
			KUNIT_EXPECT_EQ(test, p->node, (int)node);
			hvpart_partition_put(p);
			KUNIT_EXPECT_EQ(test, hvpart_test_delete(id),
					HVPART_STATUS_SUCCESS);
		} else {
			hvpart_test_expect_refused(test, &a,
				HVPART_STATUS_INVALID_PARAMETER,
				HVC_FAULT_PROXIMITY_NODE_OFFLINE,
				"offline node", node);
		}
	}
}

static void hvpart_hvcall_control_reserved_bits(struct kunit *test)
{
	struct hvc_create_args a;
	unsigned int bit;
	u64 control;

	hvpart_test_good_args(&a, HVC_LAYOUT_NATIVE);
	for (bit = 0; bit < 64; bit++) {
		control = HVPART_CALL_CREATE_PARTITION | (1ULL << bit);
		if (!(HVPART_HYPERCALL_RSVD_MASK & (1ULL << bit)))
			continue;
		hvpart_test_expect_refused_ctl(test, &a, control,
					       HVPART_STATUS_INVALID_HYPERCALL_INPUT,
					       HVC_FAULT_CONTROL_RESERVED,
					       "control", bit);
	}
}

struct hvpart_control_case {
	const char *name;
	u64 control;
	u16 status;
	enum hvc_fault fault;
};

static const struct hvpart_control_case hvpart_control_cases[] = {
	{ "unknown code 0", 0x0000, HVPART_STATUS_INVALID_HYPERCALL_CODE,
	  HVC_FAULT_CALL_CODE },
	{ "unknown code 0x0001", 0x0001, HVPART_STATUS_INVALID_HYPERCALL_CODE,
	  HVC_FAULT_CALL_CODE },
	{ "unknown code 0xffff", 0xffff, HVPART_STATUS_INVALID_HYPERCALL_CODE,
	  HVC_FAULT_CALL_CODE },
	{ "unknown code with reserved bits", 0x9999 | (1ULL << 63),
	  HVPART_STATUS_INVALID_HYPERCALL_CODE, HVC_FAULT_CALL_CODE },
	{ "rep count 1", 0x0040 | (1ULL << 32),
	  HVPART_STATUS_INVALID_HYPERCALL_INPUT, HVC_FAULT_CONTROL_REP_COUNT },
	{ "rep count max", 0x0040 | HVPART_HYPERCALL_REP_COMP_MASK,
	  HVPART_STATUS_INVALID_HYPERCALL_INPUT, HVC_FAULT_CONTROL_REP_COUNT },
	{ "rep start 1", 0x0040 | (1ULL << 48),
	  HVPART_STATUS_INVALID_HYPERCALL_INPUT, HVC_FAULT_CONTROL_REP_START },
	{ "variable header 1", 0x0040 | (1ULL << 17),
	  HVPART_STATUS_INVALID_HYPERCALL_INPUT, HVC_FAULT_CONTROL_VARHEAD },
	{ "variable header max", 0x0040 | HVPART_HYPERCALL_VARHEAD_MASK,
	  HVPART_STATUS_INVALID_HYPERCALL_INPUT, HVC_FAULT_CONTROL_VARHEAD },
	{ "fast create", 0x0040 | HVPART_HYPERCALL_FAST_BIT,
	  HVPART_STATUS_INVALID_HYPERCALL_INPUT, HVC_FAULT_CONTROL_FAST },
	{ "nested create (bit 31)", 0x0040 | HVPART_HYPERCALL_NESTED_BIT,
	  HVPART_STATUS_INVALID_HYPERCALL_INPUT, HVC_FAULT_CONTROL_NESTED },
	{ "nested fast initialize", 0x0041 | HVPART_HYPERCALL_NESTED_BIT |
	  HVPART_HYPERCALL_FAST_BIT,
	  HVPART_STATUS_INVALID_HYPERCALL_INPUT, HVC_FAULT_CONTROL_NESTED },
	{ "good create", 0x0040, HVPART_STATUS_SUCCESS, HVC_FAULT_NONE },
};

static void hvpart_control_case_desc(const struct hvpart_control_case *c,
				     char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hvpart_control, hvpart_control_cases,
		  hvpart_control_case_desc);

static void hvpart_hvcall_control_table(struct kunit *test)
{
	const struct hvpart_control_case *c = test->param_value;
	struct hvc_create_args a;

	hvpart_test_good_args(&a, HVC_LAYOUT_NATIVE);
	if (c->status == HVPART_STATUS_SUCCESS)
		hvpart_test_expect_created(test, &a, c->name, 0);
	else
		hvpart_test_expect_refused_ctl(test, &a, c->control, c->status,
					       c->fault, c->name, 0);
}

static void hvpart_hvcall_sizes(struct kunit *test)
{
	struct hvpart_output_create_partition out;
	struct hvpart_caller caller;
	struct hvc_create_args a;
	u8 page[64] = {};
	u64 in = 0;

	hvpart_test_good_args(&a, HVC_LAYOUT_AMD64);
	hvc_create_encode(&a, page, sizeof(page));
	hvpart_test_caller(&caller, HVC_LAYOUT_AMD64);
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_CREATE_PARTITION,
					    page, 55, &out, sizeof(out)),
			HVPART_STATUS_INVALID_HYPERCALL_INPUT);
	KUNIT_EXPECT_EQ(test, caller.verdict.fault, HVC_FAULT_INPUT_SIZE);
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_CREATE_PARTITION,
					    page, 56, &out, 7),
			HVPART_STATUS_INVALID_HYPERCALL_INPUT);
	KUNIT_EXPECT_EQ(test, caller.verdict.fault, HVC_FAULT_OUTPUT_SIZE);

	/* The ARM64 layout needs only 48 bytes. */
	hvpart_test_good_args(&a, HVC_LAYOUT_ARM64);
	hvc_create_encode(&a, page, sizeof(page));
	hvpart_test_caller(&caller, HVC_LAYOUT_ARM64);
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_CREATE_PARTITION,
					    page, 47, &out, sizeof(out)),
			HVPART_STATUS_INVALID_HYPERCALL_INPUT);
	KUNIT_ASSERT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_CREATE_PARTITION,
					    page, 48, &out, sizeof(out)),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_test_delete(out.new_partition_id),
			HVPART_STATUS_SUCCESS);

	hvpart_test_caller(&caller, HVC_LAYOUT_NATIVE);
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_DELETE_PARTITION,
					    &in, 7, NULL, 0),
			HVPART_STATUS_INVALID_HYPERCALL_INPUT);
}

static void hvpart_hvcall_ids_sequential(struct kunit *test)
{
	struct hvc_create_args bad;
	u64 first, second, third;

	first = hvpart_test_create_good(test);
	KUNIT_ASSERT_NE(test, first, 0ULL);
	second = hvpart_test_create_good(test);
	KUNIT_EXPECT_EQ(test, second, first + 1);

	/* Failed creates consume no id. */
	hvpart_test_good_args(&bad, HVC_LAYOUT_NATIVE);
	bad.flags = 1ULL << 2;
	hvpart_test_expect_refused(test, &bad, HVPART_STATUS_INVALID_PARAMETER,
				   HVC_FAULT_FLAGS_UNDEFINED, "flag", 2);

	/* Deleted ids are not reused. */
	KUNIT_EXPECT_EQ(test, hvpart_test_delete(second), HVPART_STATUS_SUCCESS);
	third = hvpart_test_create_good(test);
	KUNIT_EXPECT_EQ(test, third, second + 1);

	KUNIT_EXPECT_EQ(test, hvpart_test_delete(first), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_test_delete(third), HVPART_STATUS_SUCCESS);
}

static void hvpart_hvcall_delete(struct kunit *test)
{
	unsigned long before = hvpart_partition_count();
	struct hvpart_partition *p;
	u64 id = hvpart_test_create_good(test);

	KUNIT_ASSERT_NE(test, id, 0ULL);
	KUNIT_EXPECT_EQ(test, hvpart_partition_count(), before + 1);
	p = hvpart_partition_get(id);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, p->state, HVPART_STATE_CREATED);
	KUNIT_EXPECT_TRUE(test, uid_eq(p->owner, current_euid()));
	hvpart_partition_put(p);

	KUNIT_EXPECT_EQ(test, hvpart_test_delete(HVPART_PARTITION_ID_INVALID),
			HVPART_STATUS_INVALID_PARTITION_ID);
	KUNIT_EXPECT_EQ(test, hvpart_test_delete(HVPART_PARTITION_ID_SELF),
			HVPART_STATUS_INVALID_PARTITION_ID);
	KUNIT_EXPECT_EQ(test, hvpart_test_delete(id + 1000000),
			HVPART_STATUS_INVALID_PARTITION_ID);

	/* Another unprivileged user may not; an admin may. */
	KUNIT_EXPECT_EQ(test, hvpart_test_delete_as(id, KUIDT_INIT(4242), false),
			HVPART_STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, hvpart_partition_count(), before + 1);
	KUNIT_EXPECT_EQ(test, hvpart_test_delete_as(id, KUIDT_INIT(4242), true),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_NULL(test, hvpart_partition_get(id));
	KUNIT_EXPECT_EQ(test, hvpart_partition_count(), before);
	KUNIT_EXPECT_EQ(test, hvpart_test_delete(id),
			HVPART_STATUS_INVALID_PARTITION_ID);

}

static void hvpart_hvcall_fast_delete(struct kunit *test)
{
	u64 id = hvpart_test_create_good(test);
	struct hvpart_input_partition_id in = { .partition_id = id };
	struct hvpart_caller caller;

	hvpart_test_caller(&caller, HVC_LAYOUT_NATIVE);
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_DELETE_PARTITION |
					    HVPART_HYPERCALL_FAST_BIT,
					    &in, sizeof(in), NULL, 0),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_NULL(test, hvpart_partition_get(id));
}

static void hvpart_hvcall_max_partitions(struct kunit *test)
{
	unsigned int saved = hvpart_max_partitions;
	unsigned long before = hvpart_partition_count();
	struct hvc_create_args a;
	u64 id, id2 = 0;

	hvpart_max_partitions = before + 1;
	id = hvpart_test_create_good(test);
	hvpart_test_good_args(&a, HVC_LAYOUT_NATIVE);
	KUNIT_EXPECT_EQ(test, hvpart_test_create(&a, HVPART_CALL_CREATE_PARTITION,
						 &id2, NULL),
			HVPART_STATUS_NO_RESOURCES);
	KUNIT_EXPECT_EQ(test, id2, 0ULL);
	hvpart_max_partitions = saved;
	KUNIT_EXPECT_EQ(test, hvpart_test_delete(id), HVPART_STATUS_SUCCESS);
	/* The refused create consumed no id either. */
	KUNIT_EXPECT_EQ(test, hvpart_test_create_good(test), id + 1);
	KUNIT_EXPECT_EQ(test, hvpart_test_delete(id + 1), HVPART_STATUS_SUCCESS);
}

/*
 * An unborn create (the ioctls') is hidden from everyone until finish says
 * whether its id reached the caller: published, or taken back.
 */
static void hvpart_hvcall_finish_create(struct kunit *test)
{
	unsigned long before = hvpart_partition_count();
	const struct hvc_call *call = hvc_call_find(HVPART_CALL_CREATE_PARTITION);
	struct hvpart_output_create_partition out = {};
	struct hvpart_partition *p;
	struct hvpart_caller caller;
	struct hvc_create_args a;
	u8 page[64] = {};
	bool delivered;

	hvpart_test_good_args(&a, HVC_LAYOUT_NATIVE);
	hvc_create_encode(&a, page, sizeof(page));
	for (delivered = false; ; delivered = true) {
		hvpart_caller_init(&caller, HVC_LAYOUT_NATIVE);
		caller.unborn = true;
		KUNIT_ASSERT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_CREATE_PARTITION,
						    page, hvc_create_input_size(a.layout),
						    &out, sizeof(out)),
				HVPART_STATUS_SUCCESS);
		KUNIT_ASSERT_NE(test, out.new_partition_id, 0ULL);
		/* Nobody can find it, so nobody can initialize or delete it. */
		KUNIT_EXPECT_NULL(test, hvpart_partition_get(out.new_partition_id));
		KUNIT_EXPECT_EQ(test, hvpart_test_delete(out.new_partition_id),
				HVPART_STATUS_INVALID_PARTITION_ID);
		hvpart_hvcall_finish(&caller, call, &out, delivered);
		p = hvpart_partition_get(out.new_partition_id);
		if (!delivered) {
			KUNIT_EXPECT_NULL(test, p);
			KUNIT_EXPECT_EQ(test, hvpart_partition_count(), before);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, READ_ONCE(p->state), HVPART_STATE_CREATED);
		hvpart_partition_put(p);
		KUNIT_EXPECT_EQ(test, hvpart_test_delete(out.new_partition_id),
				HVPART_STATUS_SUCCESS);
		break;
	}
}

static struct kunit_case hvpart_hvcall_cases[] = {
	KUNIT_CASE(hvpart_hvcall_flag_bits),
	KUNIT_CASE(hvpart_hvcall_proximity_bits),
	KUNIT_CASE(hvpart_hvcall_reserved_z0_bits),
	KUNIT_CASE(hvpart_hvcall_feature_banks),
	KUNIT_CASE_PARAM(hvpart_hvcall_create_table, hvpart_create_gen_params),
	KUNIT_CASE(hvpart_hvcall_offline_node),
	KUNIT_CASE(hvpart_hvcall_control_reserved_bits),
	KUNIT_CASE_PARAM(hvpart_hvcall_control_table, hvpart_control_gen_params),
	KUNIT_CASE(hvpart_hvcall_sizes),
	KUNIT_CASE(hvpart_hvcall_ids_sequential),
	KUNIT_CASE(hvpart_hvcall_delete),
	KUNIT_CASE(hvpart_hvcall_fast_delete),
	KUNIT_CASE(hvpart_hvcall_max_partitions),
	KUNIT_CASE(hvpart_hvcall_finish_create),
	{}
};

static struct kunit_suite hvpart_hvcall_suite = {
	.name = "hvpart_hvcall",
	.init = hvpart_fake_kvm_init,
	.exit = hvpart_fake_kvm_exit,
	.test_cases = hvpart_hvcall_cases,
};

kunit_test_suites(&hvpart_hvcall_suite);
