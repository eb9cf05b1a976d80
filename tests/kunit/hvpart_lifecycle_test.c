// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the partition lifecycle (every call in every state), properties,
 * owner checks, and the feature-bank -> CPUID mapping.  KVM is the fake
 * of hvpart_fake_kvm.c.
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvpart_fake_kvm.h"

#define HVPART_OTHER_UID	KUIDT_INIT(4242)

static void hvpart_lc_caller(struct hvpart_caller *caller, kuid_t uid)
{
	hvpart_caller_init(caller, HVC_LAYOUT_NATIVE);
	caller->uid = uid;
	caller->admin = false;
	caller->admin_known = true;
}

static u16 hvpart_lc_create_as(u64 flags, kuid_t uid, u64 *id)
{
	struct hvpart_output_create_partition out = {};
	struct hvpart_caller caller;
	struct hvc_create_args a = {
		.layout = HVC_LAYOUT_NATIVE,
		.flags = flags,
		.compatibility_version = HVPART_COMPATIBILITY_21H2,
	};
	u8 page[64] = {};
	u16 status;

	hvc_create_encode(&a, page, sizeof(page));
	hvpart_lc_caller(&caller, uid);
	status = hvpart_hvcall(&caller, HVPART_CALL_CREATE_PARTITION, page,
			       hvc_create_input_size(a.layout), &out,
			       sizeof(out));
	*id = out.new_partition_id;
	return status;
}

static u16 hvpart_lc_create(struct kunit *test, u64 flags, u64 *id)
{
	return hvpart_lc_create_as(flags, current_euid(), id);
}

/* Initialize hands in the fake's VM, as a VMM hands in its own. */
static u16 hvpart_lc_id_call_as(u16 code, u64 id, kuid_t uid)
{
	struct hvpart_input_partition_id in = { .partition_id = id };
	struct hvpart_caller caller;

	hvpart_lc_caller(&caller, uid);
	if (code == HVPART_CALL_INITIALIZE_PARTITION)
		caller.vm_file = hvpart_fake_kvm.vm;
	return hvpart_hvcall(&caller, code, &in, sizeof(in), NULL, 0);
}

static u16 hvpart_lc_id_call(u16 code, u64 id)
{
	return hvpart_lc_id_call_as(code, id, current_euid());
}

static u16 hvpart_lc_get_as(u64 id, u32 code, u64 *value, kuid_t uid)
{
	struct hvpart_input_get_partition_property in = {
		.partition_id = id, .property_code = code,
	};
	struct hvpart_output_get_partition_property out = {};
	struct hvpart_caller caller;
	u16 status;

	hvpart_lc_caller(&caller, uid);
	status = hvpart_hvcall(&caller, HVPART_CALL_GET_PARTITION_PROPERTY, &in,
			       sizeof(in), &out, sizeof(out));
	*value = out.property_value;
	return status;
}

static u16 hvpart_lc_get(u64 id, u32 code, u64 *value)
{
	return hvpart_lc_get_as(id, code, value, current_euid());
}

static u16 hvpart_lc_set_as(u64 id, u32 code, u64 value, kuid_t uid)
{
	struct hvpart_input_set_partition_property in = {
		.partition_id = id, .property_code = code,
		.property_value = value,
	};
	struct hvpart_caller caller;

	hvpart_lc_caller(&caller, uid);
	return hvpart_hvcall(&caller, HVPART_CALL_SET_PARTITION_PROPERTY, &in,
			     sizeof(in), NULL, 0);
}

static u16 hvpart_lc_set(u64 id, u32 code, u64 value)
{
	return hvpart_lc_set_as(id, code, value, current_euid());
}

/* Bring a fresh partition into a state; returns its id. */
static u64 hvpart_lc_partition_in(struct kunit *test, enum hvpart_state state)
{
	u64 id = 0;

	KUNIT_ASSERT_EQ(test, hvpart_lc_create(test, 0, &id), HVPART_STATUS_SUCCESS);
	if (state == HVPART_STATE_CREATED)
		return id;
	KUNIT_ASSERT_EQ(test, hvpart_lc_id_call(HVPART_CALL_INITIALIZE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	if (state == HVPART_STATE_INITIALIZED)
		return id;
	KUNIT_ASSERT_EQ(test, hvpart_lc_id_call(HVPART_CALL_FINALIZE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	if (state == HVPART_STATE_FINALIZED)
		return id;
	KUNIT_ASSERT_EQ(test, hvpart_lc_id_call(HVPART_CALL_DELETE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	return id;
}

/* Take a partition in any state down to gone. */
static void hvpart_lc_cleanup(u64 id)
{
	hvpart_lc_id_call(HVPART_CALL_FINALIZE_PARTITION, id);
	hvpart_lc_id_call(HVPART_CALL_DELETE_PARTITION, id);
}

enum hvpart_lc_call {
	HVPART_LC_INITIALIZE,
	HVPART_LC_FINALIZE,
	HVPART_LC_DELETE,
	HVPART_LC_GET_PROPERTY,
	HVPART_LC_SET_EARLY_PROPERTY,
	HVPART_LC_VM_FD,
	HVPART_LC_CPUID,
};

static const char * const hvpart_lc_call_names[] = {
	"initialize", "finalize", "delete", "get-property",
	"set-early-property", "vm-fd", "cpuid",
};

static const char * const hvpart_lc_state_names[] = {
	"created", "initialized", "finalized", "deleted",
};

static u16 hvpart_lc_do(enum hvpart_lc_call call, u64 id, kuid_t uid)
{
	struct hvc_cpuid_entry *entries = NULL;
	struct hvpart_caller caller;
	struct file *vm = NULL;
	u32 count;
	u64 value;
	u16 status;

	switch (call) {
	case HVPART_LC_INITIALIZE:
		return hvpart_lc_id_call_as(HVPART_CALL_INITIALIZE_PARTITION, id, uid);
	case HVPART_LC_FINALIZE:
		return hvpart_lc_id_call_as(HVPART_CALL_FINALIZE_PARTITION, id, uid);
	case HVPART_LC_DELETE:
		return hvpart_lc_id_call_as(HVPART_CALL_DELETE_PARTITION, id, uid);
	case HVPART_LC_GET_PROPERTY:
		return hvpart_lc_get_as(id,
					HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION,
					&value, uid);
	case HVPART_LC_SET_EARLY_PROPERTY:
		/* Offer exactly what the fake host has: always in range. */
		return hvpart_lc_set_as(id,
					HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1,
					0, uid);
	case HVPART_LC_VM_FD:
		hvpart_lc_caller(&caller, uid);
		status = hvpart_vm_file(&caller, id, &vm);
		if (vm)
			fput(vm);
		return status;
	case HVPART_LC_CPUID:
		hvpart_lc_caller(&caller, uid);
		status = hvpart_cpuid(&caller, id, &entries, &count);
		kvfree(entries);
		return status;
	}
	return HVPART_STATUS_OPERATION_FAILED;
}

struct hvpart_lc_case {
	enum hvpart_state state;
	enum hvpart_lc_call call;
	u16 status;
	enum hvpart_state after;
};

#define LC(st, c, s, a) \
	{ HVPART_STATE_##st, HVPART_LC_##c, HVPART_STATUS_##s, HVPART_STATE_##a }

/*
 * Every call in every state.  The fake KVM hands out no VM file, so
 * HVPART_GET_VM_FD of an Initialized partition is OPERATION_DENIED here
 * (no VM in this process); the QEMU suite covers the real VM.
 */
static const struct hvpart_lc_case hvpart_lc_cases[] = {
	LC(CREATED, INITIALIZE, SUCCESS, INITIALIZED),
	LC(CREATED, FINALIZE, INVALID_PARTITION_STATE, CREATED),
	LC(CREATED, DELETE, SUCCESS, DELETED),
	LC(CREATED, GET_PROPERTY, SUCCESS, CREATED),
	LC(CREATED, SET_EARLY_PROPERTY, SUCCESS, CREATED),
	LC(CREATED, VM_FD, INVALID_PARTITION_STATE, CREATED),
	LC(CREATED, CPUID, SUCCESS, CREATED),
	LC(INITIALIZED, INITIALIZE, INVALID_PARTITION_STATE, INITIALIZED),
	LC(INITIALIZED, FINALIZE, SUCCESS, FINALIZED),
	LC(INITIALIZED, DELETE, INVALID_PARTITION_STATE, INITIALIZED),
	LC(INITIALIZED, GET_PROPERTY, SUCCESS, INITIALIZED),
	LC(INITIALIZED, SET_EARLY_PROPERTY, INVALID_PARTITION_STATE,
	   INITIALIZED),
	LC(INITIALIZED, VM_FD, OPERATION_DENIED, INITIALIZED),
	LC(INITIALIZED, CPUID, SUCCESS, INITIALIZED),
	LC(FINALIZED, INITIALIZE, INVALID_PARTITION_STATE, FINALIZED),
	LC(FINALIZED, FINALIZE, INVALID_PARTITION_STATE, FINALIZED),
	LC(FINALIZED, DELETE, SUCCESS, DELETED),
	LC(FINALIZED, GET_PROPERTY, SUCCESS, FINALIZED),
	LC(FINALIZED, SET_EARLY_PROPERTY, INVALID_PARTITION_STATE, FINALIZED),
	LC(FINALIZED, VM_FD, INVALID_PARTITION_STATE, FINALIZED),
	LC(FINALIZED, CPUID, SUCCESS, FINALIZED),
	LC(DELETED, INITIALIZE, INVALID_PARTITION_ID, DELETED),
	LC(DELETED, FINALIZE, INVALID_PARTITION_ID, DELETED),
	LC(DELETED, DELETE, INVALID_PARTITION_ID, DELETED),
	LC(DELETED, GET_PROPERTY, INVALID_PARTITION_ID, DELETED),
	LC(DELETED, SET_EARLY_PROPERTY, INVALID_PARTITION_ID, DELETED),
	LC(DELETED, VM_FD, INVALID_PARTITION_ID, DELETED),
	LC(DELETED, CPUID, INVALID_PARTITION_ID, DELETED),
};

static void hvpart_lc_case_desc(const struct hvpart_lc_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s in %s -> 0x%x",
		 hvpart_lc_call_names[c->call], hvpart_lc_state_names[c->state],
		 c->status);
}

KUNIT_ARRAY_PARAM(hvpart_lc, hvpart_lc_cases, hvpart_lc_case_desc);

static enum hvpart_state hvpart_lc_state_of(u64 id)
{
	struct hvpart_partition *p = hvpart_partition_get(id);
	enum hvpart_state state;

	if (!p)
		return HVPART_STATE_DELETED;
	state = p->state;
	hvpart_partition_put(p);
	return state;
}

static void hvpart_lifecycle_table(struct kunit *test)
{
	const struct hvpart_lc_case *c = test->param_value;
	unsigned int vms = hvpart_fake_kvm.vms_configured;
	u64 id = hvpart_lc_partition_in(test, c->state);

	/* Another unprivileged user is refused before anything else. */
	if (c->state != HVPART_STATE_DELETED)
		KUNIT_EXPECT_EQ(test, hvpart_lc_do(c->call, id, HVPART_OTHER_UID),
				HVPART_STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, hvpart_lc_state_of(id), c->state);

	KUNIT_EXPECT_EQ(test, hvpart_lc_do(c->call, id, current_euid()),
			c->status);
	KUNIT_EXPECT_EQ(test, hvpart_lc_state_of(id), c->after);
	/* Only a successful Initialize configures a VM. */
	KUNIT_EXPECT_EQ(test, hvpart_fake_kvm.vms_configured - vms,
			(c->state != HVPART_STATE_CREATED) +
			(c->call == HVPART_LC_INITIALIZE &&
			 c->status == HVPART_STATUS_SUCCESS));
	hvpart_lc_cleanup(id);
}

/*
 * Unknown ids, 0, and the host partition (SELF or its id), for every call
 * that names a partition: the host answers only property calls (a get
 * reads its values, a set is ACCESS_DENIED: hvpart_lifecycle_host).
 */
static void hvpart_lifecycle_bad_ids(struct kunit *test)
{
	static const u64 ids[] = { HVPART_PARTITION_ID_INVALID, HVPART_PARTITION_ID_SELF,
				   HVPART_PARTITION_ID_HOST, 0x7fffffffffffULL };
	unsigned int i, call;
	u16 want;

	for (i = 0; i < ARRAY_SIZE(ids); i++)
		for (call = 0; call < ARRAY_SIZE(hvpart_lc_call_names); call++) {
			want = HVPART_STATUS_INVALID_PARTITION_ID;
			if (ids[i] == HVPART_PARTITION_ID_SELF ||
			    ids[i] == HVPART_PARTITION_ID_HOST) {
				if (call == HVPART_LC_GET_PROPERTY)
					want = HVPART_STATUS_SUCCESS;
				else if (call == HVPART_LC_SET_EARLY_PROPERTY)
					want = HVPART_STATUS_ACCESS_DENIED;
			}
			KUNIT_EXPECT_EQ_MSG(test,
					    hvpart_lc_do(call, ids[i], current_euid()),
					    want, "%s of 0x%llx",
					    hvpart_lc_call_names[call], ids[i]);
		}
}

static void hvpart_lifecycle_admin_overrides_owner(struct kunit *test)
{
	struct hvpart_input_partition_id in;
	struct hvpart_caller caller;
	u64 id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);

	in.partition_id = id;
	hvpart_lc_caller(&caller, HVPART_OTHER_UID);
	caller.admin = true;
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_INITIALIZE_PARTITION,
					    &in, sizeof(in), NULL, 0),
			HVPART_STATUS_SUCCESS);
	hvpart_lc_cleanup(id);
}

/* A VM that cannot be configured leaves the partition Created. */
static void hvpart_lifecycle_no_kvm(struct kunit *test)
{
	u64 id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);

	hvpart_fake_kvm.configure_err = -ENOENT;
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_INITIALIZE_PARTITION, id),
			HVPART_STATUS_NO_RESOURCES);
	KUNIT_EXPECT_EQ(test, hvpart_lc_state_of(id), HVPART_STATE_CREATED);
	hvpart_fake_kvm.configure_err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_INITIALIZE_PARTITION, id),
			HVPART_STATUS_INSUFFICIENT_MEMORY);
	KUNIT_EXPECT_EQ(test, hvpart_lc_state_of(id), HVPART_STATE_CREATED);
	hvpart_fake_kvm.configure_err = 0;
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_INITIALIZE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	hvpart_lc_cleanup(id);
}

static void hvpart_lifecycle_nested(struct kunit *test)
{
	u64 id = 0;

	hvpart_fake_kvm.nested = false;
	KUNIT_EXPECT_EQ(test, hvpart_lc_create(test,
			HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE,
			&id), HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, id, 0ULL);
	hvpart_fake_kvm.nested = true;
	KUNIT_EXPECT_EQ(test, hvpart_lc_create(test,
			HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE,
			&id), HVPART_STATUS_SUCCESS);
	hvpart_lc_cleanup(id);
}

static void hvpart_lifecycle_get_partition_id(struct kunit *test)
{
	struct hvpart_output_get_partition_id out = {};
	struct hvpart_caller caller;

	hvpart_lc_caller(&caller, current_euid());
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_GET_PARTITION_ID,
					    NULL, 0, &out, sizeof(out)),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, out.partition_id, HVPART_PARTITION_ID_HOST);
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_GET_PARTITION_ID,
					    NULL, 0, &out, 7),
			HVPART_STATUS_INVALID_HYPERCALL_INPUT);
}

/* The fake host's banks: SSE3..SSE4.2, POPCNT, LAHF, BMI1, RDTSCP... */
#define HVPART_FAKE_BANK0	((1ULL << 0) | (1ULL << 1) | (1ULL << 2) | \
				 (1ULL << 3) | (1ULL << 4) | (1ULL << 7) | \
				 (1ULL << 25) | (1ULL << 38))
#define HVPART_FAKE_XSAVE	((1ULL << 0) | (1ULL << 1) | (1ULL << 2) | \
				 (1ULL << 3))

/*
 * The host partition, as code ported from mshv reads the root: by SELF and
 * by the id GetPartitionId answers, the same values; any user may read
 * them, nobody may set them, and no other call takes the host.
 */
static void hvpart_lifecycle_host(struct kunit *test)
{
	static const u64 ids[] = { HVPART_PARTITION_ID_SELF, HVPART_PARTITION_ID_HOST };
	unsigned int i;
	u64 value;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		KUNIT_EXPECT_EQ(test, hvpart_lc_get_as(ids[i],
				HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR, &value,
				HVPART_OTHER_UID), HVPART_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, value, (u64)HVPART_PROCESSOR_VENDOR_INTEL);
		KUNIT_EXPECT_EQ(test, hvpart_lc_get(ids[i],
				HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, &value),
				HVPART_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, value, HVPART_FAKE_BANK0);
		KUNIT_EXPECT_EQ(test, hvpart_lc_get(ids[i],
				HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES, &value),
				HVPART_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, value, HVPART_FAKE_XSAVE);
		KUNIT_EXPECT_EQ(test, hvpart_lc_get(ids[i],
				HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION, &value),
				HVPART_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, value, (u64)HVPART_COMPATIBILITY_21H2);
		KUNIT_EXPECT_EQ(test, hvpart_lc_get(ids[i],
				HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES, &value),
				HVPART_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, value, HVPART_FAKE_SYNTHETIC);
		KUNIT_EXPECT_EQ(test, hvpart_lc_get(ids[i],
				HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH, &value),
				HVPART_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, value, (u64)HVPART_FAKE_PA_BITS);
		KUNIT_EXPECT_EQ(test, hvpart_lc_get(ids[i], 0x00010000, &value),
				HVPART_STATUS_UNKNOWN_PROPERTY);
		KUNIT_EXPECT_EQ(test, hvpart_lc_set(ids[i],
				HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, 0),
				HVPART_STATUS_ACCESS_DENIED);
		KUNIT_EXPECT_EQ(test,
				hvpart_lc_id_call(HVPART_CALL_DELETE_PARTITION, ids[i]),
				HVPART_STATUS_INVALID_PARTITION_ID);
	}
	/* Without KVM's CPUID the banks are not known, on the host either. */
	hvpart_fake_kvm.cpuid_err = -ENOENT;
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(HVPART_PARTITION_ID_HOST,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1, &value),
			HVPART_STATUS_NO_RESOURCES);
	hvpart_fake_kvm.cpuid_err = 0;
}

static void hvpart_lifecycle_properties(struct kunit *test)
{
	u64 id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);
	u64 value;

	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id, HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR,
					    &value), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, (u64)HVPART_PROCESSOR_VENDOR_INTEL);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id,
			HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, (u64)HVPART_COMPATIBILITY_21H2);

	/* Nothing disabled: the host's banks. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, HVPART_FAKE_BANK0);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, HVPART_FAKE_XSAVE);

	/* Early set: hide SSE4.2, then AVX (which takes AVX2 with it). */
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0,
			HVPART_FAKE_BANK0 & ~(1ULL << 4)), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, HVPART_FAKE_BANK0 & ~(1ULL << 4));
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES,
			(1ULL << 0) | (1ULL << 1) | (1ULL << 3)),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, (1ULL << 0) | (1ULL << 1));

	/* A feature the host lacks is out of range, and changes nothing. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0,
			HVPART_FAKE_BANK0 | (1ULL << 5)),
			HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, HVPART_FAKE_BANK0 & ~(1ULL << 4));

	/* Read-only and unknown properties. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR, 1),
			HVPART_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id,
			HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION, 0x0605),
			HVPART_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id, 0x00060001, &value),
			HVPART_STATUS_UNKNOWN_PROPERTY);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id, 0x12345678, 0),
			HVPART_STATUS_UNKNOWN_PROPERTY);

	/* No KVM: the feature properties cannot be answered. */
	hvpart_fake_kvm.cpuid_err = -ENOENT;
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, &value),
			HVPART_STATUS_NO_RESOURCES);
	hvpart_fake_kvm.cpuid_err = 0;

	/* After Initialize the early properties are fixed. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_INITIALIZE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0,
			HVPART_FAKE_BANK0), HVPART_STATUS_INVALID_PARTITION_STATE);
	/* ... but an unknown one is still unknown, a read-only one read-only */
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id, 0x12345678, 0),
			HVPART_STATUS_UNKNOWN_PROPERTY);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id,
			HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR, 1),
			HVPART_STATUS_INVALID_PARAMETER);
	hvpart_lc_cleanup(id);
}

static void hvpart_lifecycle_property_padding(struct kunit *test)
{
	struct hvpart_input_set_partition_property set = {
		.property_code = HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0,
		.padding = 1,
	};
	struct hvpart_input_get_partition_property get = {
		.property_code = HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR,
		.padding = 0x80000000,
	};
	struct hvpart_output_get_partition_property out;
	struct hvpart_caller caller;
	u64 id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);

	set.partition_id = id;
	get.partition_id = id;
	hvpart_lc_caller(&caller, current_euid());
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_SET_PARTITION_PROPERTY,
					    &set, sizeof(set), NULL, 0),
			HVPART_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_GET_PARTITION_PROPERTY,
					    &get, sizeof(get), &out, sizeof(out)),
			HVPART_STATUS_INVALID_PARAMETER);
	hvpart_lc_cleanup(id);
}

static const struct hvc_cpuid_entry *
hvpart_lc_leaf(const struct hvc_cpuid_entry *e, u32 count, u32 fn, u32 idx)
{
	u32 i;

	for (i = 0; i < count; i++)
		if (e[i].function == fn && e[i].index == idx)
			return &e[i];
	return NULL;
}

static u32 hvpart_lc_filter(struct hvc_cpuid_entry *e,
			    const struct hvc_partition_cpu *cpu)
{
	memcpy(e, hvpart_fake_cpuid, sizeof(*e) * hvpart_fake_cpuid_count);
	return hvc_cpuid_filter(e, hvpart_fake_cpuid_count, cpu);
}

/* Every bank bit of the table toggles exactly its own CPUID bit. */
static void hvpart_cpuid_each_feature(struct kunit *test)
{
	const struct hvc_cpuid_feature *f;
	struct hvc_cpuid_entry e[2];
	struct hvc_partition_cpu cpu;
	u64 banks[HVC_BANKS];
	unsigned int i, j;

	for (i = 0; i < hvc_x64_feature_count; i++) {
		f = &hvc_x64_features[i];
		memset(e, 0, sizeof(e));
		e[0].function = f->leaf;
		e[0].index = f->subleaf;
		e[0].flags = 1;
		e[0].regs[f->reg] = 1U << f->reg_bit;
		hvc_cpuid_host_banks(e, 1, banks);
		for (j = 0; j < HVC_BANKS; j++)
			KUNIT_EXPECT_EQ_MSG(test, banks[j],
					    j == f->bank ? 1ULL << f->bit : 0,
					    "%s bank %u", f->name, j);

		/* Disabling it clears it (flags set: no flag side effects). */
		memset(&cpu, 0, sizeof(cpu));
		cpu.flags = HVPART_PARTITION_CREATION_FLAGS_VALID_MASK;
		cpu.disabled[f->bank] = 1ULL << f->bit;
		hvc_cpuid_filter(e, 1, &cpu);
		KUNIT_EXPECT_EQ_MSG(test, e[0].regs[f->reg], 0U, "%s", f->name);
	}
}

/* No two features share a bank bit or a CPUID bit. */
static void hvpart_cpuid_table_unique(struct kunit *test)
{
	const struct hvc_cpuid_feature *a, *b;
	unsigned int i, j;

	for (i = 0; i < hvc_x64_feature_count; i++) {
		a = &hvc_x64_features[i];
		KUNIT_EXPECT_LT(test, a->bit, 64);
		KUNIT_EXPECT_LT(test, a->reg_bit, 32);
		for (j = i + 1; j < hvc_x64_feature_count; j++) {
			b = &hvc_x64_features[j];
			KUNIT_EXPECT_FALSE_MSG(test, a->bank == b->bank &&
					       a->bit == b->bit, "%s and %s",
					       a->name, b->name);
			KUNIT_EXPECT_FALSE_MSG(test, a->leaf == b->leaf &&
					       a->subleaf == b->subleaf &&
					       a->reg == b->reg &&
					       a->reg_bit == b->reg_bit,
					       "%s and %s", a->name, b->name);
		}
	}
}

static void hvpart_cpuid_xsave(struct kunit *test)
{
	struct hvc_cpuid_entry e[ARRAY_SIZE(hvpart_fake_cpuid)];
	struct hvc_partition_cpu cpu = {
		.flags = HVPART_PARTITION_CREATION_FLAGS_VALID_MASK,
	};
	const struct hvc_cpuid_entry *leaf;
	u32 n;

	/* Nothing disabled: nothing changes. */
	n = hvpart_lc_filter(e, &cpu);
	KUNIT_EXPECT_EQ(test, n, hvpart_fake_cpuid_count);
	KUNIT_EXPECT_EQ(test, memcmp(e, hvpart_fake_cpuid, sizeof(e)), 0);

	/* AVX off: the AVX bit, AVX2, XCR0's YMM and leaf 0xD.2 go. */
	cpu.disabled[HVC_BANK_XSAVE] = 1ULL << 2;
	n = hvpart_lc_filter(e, &cpu);
	KUNIT_EXPECT_EQ(test, n, hvpart_fake_cpuid_count - 1);
	leaf = hvpart_lc_leaf(e, n, 0x1, 0);
	KUNIT_ASSERT_NOT_NULL(test, leaf);
	KUNIT_EXPECT_EQ(test, leaf->regs[HVC_CPUID_ECX] & (1U << 28), 0U);
	KUNIT_EXPECT_NE(test, leaf->regs[HVC_CPUID_ECX] & (1U << 26), 0U);
	leaf = hvpart_lc_leaf(e, n, 0x7, 0);
	KUNIT_ASSERT_NOT_NULL(test, leaf);
	KUNIT_EXPECT_EQ(test, leaf->regs[HVC_CPUID_EBX] & (1U << 5), 0U);
	KUNIT_EXPECT_NE(test, leaf->regs[HVC_CPUID_EBX] & (1U << 3), 0U);
	leaf = hvpart_lc_leaf(e, n, 0xd, 0);
	KUNIT_ASSERT_NOT_NULL(test, leaf);
	KUNIT_EXPECT_EQ(test, leaf->regs[HVC_CPUID_EAX], 0x3U);
	KUNIT_EXPECT_NULL(test, hvpart_lc_leaf(e, n, 0xd, 2));
	KUNIT_EXPECT_NOT_NULL(test, hvpart_lc_leaf(e, n, 0xd, 1));

	/* XSAVE off: XSAVE, OSXSAVE and all of leaf 0xD go. */
	cpu.disabled[HVC_BANK_XSAVE] = 1;
	n = hvpart_lc_filter(e, &cpu);
	KUNIT_EXPECT_EQ(test, n, hvpart_fake_cpuid_count - 3);
	leaf = hvpart_lc_leaf(e, n, 0x1, 0);
	KUNIT_ASSERT_NOT_NULL(test, leaf);
	KUNIT_EXPECT_EQ(test, leaf->regs[HVC_CPUID_ECX] &
			((1U << 26) | (1U << 27) | (1U << 28)), 0U);
	KUNIT_EXPECT_NULL(test, hvpart_lc_leaf(e, n, 0xd, 0));
}

static void hvpart_cpuid_flags(struct kunit *test)
{
	struct hvc_cpuid_entry e[ARRAY_SIZE(hvpart_fake_cpuid)];
	struct hvc_partition_cpu cpu = {};
	const struct hvc_cpuid_entry *l1, *l80, *la;
	u32 n;

	/* No flags: no x2APIC, SVM, HTT or PMU. */
	n = hvpart_lc_filter(e, &cpu);
	l1 = hvpart_lc_leaf(e, n, 0x1, 0);
	l80 = hvpart_lc_leaf(e, n, 0x80000001, 0);
	la = hvpart_lc_leaf(e, n, 0xa, 0);
	KUNIT_ASSERT_NOT_NULL(test, l1);
	KUNIT_ASSERT_NOT_NULL(test, l80);
	KUNIT_ASSERT_NOT_NULL(test, la);
	KUNIT_EXPECT_EQ(test, l1->regs[HVC_CPUID_ECX] & (1U << 21), 0U);
	KUNIT_EXPECT_EQ(test, l1->regs[HVC_CPUID_EDX] & (1U << 28), 0U);
	KUNIT_EXPECT_EQ(test, l80->regs[HVC_CPUID_ECX] & (1U << 2), 0U);
	KUNIT_EXPECT_EQ(test, l80->regs[HVC_CPUID_ECX] & (1U << 23), 0U);
	KUNIT_EXPECT_EQ(test, la->regs[HVC_CPUID_EAX], 0U);
	KUNIT_EXPECT_EQ(test, (l1->regs[HVC_CPUID_EBX] >> 16) & 0xff, 1U);
	/* ... and the features no flag governs stay. */
	KUNIT_EXPECT_NE(test, l1->regs[HVC_CPUID_ECX] & (1U << 20), 0U);
	KUNIT_EXPECT_NE(test, l80->regs[HVC_CPUID_ECX] & (1U << 0), 0U);

	/* x2APIC needs the in-kernel LAPIC too. */
	cpu.flags = HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE;
	n = hvpart_lc_filter(e, &cpu);
	l1 = hvpart_lc_leaf(e, n, 0x1, 0);
	KUNIT_ASSERT_NOT_NULL(test, l1);
	KUNIT_EXPECT_EQ(test, l1->regs[HVC_CPUID_ECX] & (1U << 21), 0U);

	/* Each flag brings its own bits back. */
	cpu.flags = HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |
		    HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE |
		    HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST |
		    HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE |
		    HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU;
	n = hvpart_lc_filter(e, &cpu);
	KUNIT_EXPECT_EQ(test, memcmp(e, hvpart_fake_cpuid, sizeof(e)), 0);
}

/*
 * One user with many uids (a user namespace and its subordinate ids)
 * creates and deletes from each: the entries kept for uids that own
 * nothing stay bounded, and a kept entry, used again, counts from zero.
 */
static void hvpart_lifecycle_idle_users(struct kunit *test)
{
	unsigned int limit = hvpart_user_entries() + HVPART_IDLE_USERS_MAX;
	unsigned int saved = hvpart_max_partitions_per_user;
	kuid_t uid = KUIDT_INIT(0);
	u64 id, ids[2];
	unsigned int i;

	for (i = 0; i < 4 * HVPART_IDLE_USERS_MAX; i++) {
		uid = KUIDT_INIT(200000 + i);
		KUNIT_ASSERT_EQ(test, hvpart_lc_create_as(0, uid, &id),
				HVPART_STATUS_SUCCESS);
		KUNIT_ASSERT_EQ(test,
				hvpart_lc_id_call_as(HVPART_CALL_DELETE_PARTITION,
						     id, uid),
				HVPART_STATUS_SUCCESS);
		KUNIT_ASSERT_LE(test, hvpart_user_entries(), limit);
	}

	/*
	 * The last uid's entry, kept idle or (past the bound) made anew:
	 * either way its count starts from zero.
	 */
	hvpart_max_partitions_per_user = 2;
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		KUNIT_EXPECT_EQ(test, hvpart_lc_create_as(0, uid, &ids[i]),
				HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_lc_create_as(0, uid, &id),
			HVPART_STATUS_NO_RESOURCES);
	hvpart_max_partitions_per_user = saved;
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		KUNIT_EXPECT_EQ(test,
				hvpart_lc_id_call_as(HVPART_CALL_DELETE_PARTITION,
						     ids[i], uid),
				HVPART_STATUS_SUCCESS);
}

/* A rep call through hvpart_hvcall(), as HVPART_HVCALL makes it. */
static u16 hvpart_lc_rep(u16 code, u16 reps, u16 start, void *in, u32 in_len,
			 void *out, u32 out_len, u16 *done)
{
	struct hvc_control c = {
		.code = code, .rep_count = reps, .rep_start = start,
	};
	struct hvpart_caller caller;
	u16 status;

	hvpart_lc_caller(&caller, current_euid());
	status = hvpart_hvcall(&caller, hvc_control_encode(&c), in, in_len,
			       out, out_len);
	*done = caller.reps_done;
	return status;
}

/*
 * SYNTHETIC_PROC_FEATURES: what mshv's users set between create and
 * initialize.  KVM's emulated ones are taken and read back; one KVM lacks
 * (guest idle) is out of range, a reserved bit a bad parameter, and after
 * Initialize it is too late.  PHYSICAL_ADDRESS_WIDTH is read-only.
 */
static void hvpart_lifecycle_synthetic(struct kunit *test)
{
	const u64 ported = HVPART_SYNTHETIC_HYPERVISOR_PRESENT |
			   HVPART_SYNTHETIC_HV1 |
			   HVPART_SYNTHETIC_ACCESS_SYNIC_REGS |
			   HVPART_SYNTHETIC_TB_FLUSH_HYPERCALLS;
	const u32 code = HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES;
	u64 id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);
	u64 value = 1;

	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id, code, &value), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, 0ULL);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id, code, ported), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id, code, &value), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, ported);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id, code,
			ported | HVPART_SYNTHETIC_ACCESS_GUEST_IDLE_REG),
			HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id, code, ported | (1ULL << 12)),
			HVPART_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id, code, ported | (1ULL << 63)),
			HVPART_STATUS_INVALID_PARAMETER);
	/* A refused value changes nothing. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id, code, &value), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, ported);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id,
			HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH, 40),
			HVPART_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id,
			HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, (u64)HVPART_FAKE_PA_BITS);
	KUNIT_ASSERT_EQ(test, hvpart_lc_id_call(HVPART_CALL_INITIALIZE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id, code, 0),
			HVPART_STATUS_INVALID_PARTITION_STATE);
	KUNIT_EXPECT_EQ(test, hvpart_lc_get(id, code, &value), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, ported);
	/* Without KVM's answer nothing is offered to check against. */
	hvpart_lc_cleanup(id);
	id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);
	hvpart_fake_kvm.cpuid_err = -ENOENT;
	KUNIT_EXPECT_EQ(test, hvpart_lc_set(id, code, ported),
			HVPART_STATUS_NO_RESOURCES);
	hvpart_fake_kvm.cpuid_err = 0;
	hvpart_lc_cleanup(id);
}

/*
 * The memory pool, as mshv's driver uses it: deposit before Initialize,
 * Delete refused while pages remain, withdraw hands back the very page
 * numbers (NO_RESOURCES with the reps done once the pool runs dry), and
 * the control-word rules of rep calls.
 */
static void hvpart_lifecycle_pool(struct kunit *test)
{
	struct {
		struct hvpart_input_deposit_memory h;
		u64 pages[4];
	} dep = { .pages = { 0x1000, 0x1001, 0x2345, 0x42 } };
	struct hvpart_input_withdraw_memory wd = {};
	u64 id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);
	u64 out[4] = {};
	u16 done = 99;

	dep.h.partition_id = id;
	wd.partition_id = id;
	/* A rep call needs rep start below rep count. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 0, 0, &dep,
			sizeof(dep), NULL, 0, &done),
			HVPART_STATUS_INVALID_HYPERCALL_INPUT);
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 2, 2, &dep,
			sizeof(dep), NULL, 0, &done),
			HVPART_STATUS_INVALID_HYPERCALL_INPUT);
	/* The input must hold every rep's element. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 4, 0, &dep,
			sizeof(dep) - 8, NULL, 0, &done),
			HVPART_STATUS_INVALID_HYPERCALL_INPUT);
	/* A page number past 52-bit addresses: nothing is deposited. */
	dep.pages[3] = 1ULL << 40;
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 4, 0, &dep,
			sizeof(dep), NULL, 0, &done),
			HVPART_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, done, 0);
	dep.pages[3] = 0x42;
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 4, 1, &dep,
			sizeof(dep), NULL, 0, &done), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, done, 4);
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_DELETE_PARTITION, id),
			HVPART_STATUS_OPERATION_DENIED);
	/* Host deposits are refused: hvpart has no pool of its own. */
	dep.h.partition_id = HVPART_PARTITION_ID_SELF;
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 1, 0, &dep,
			sizeof(dep), NULL, 0, &done), HVPART_STATUS_ACCESS_DENIED);
	dep.h.partition_id = id;
	/* Withdraw two of three, those deposited last, then the pool runs dry. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_WITHDRAW_MEMORY, 2, 0, &wd,
			sizeof(wd), out, sizeof(out), &done), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, done, 2);
	KUNIT_EXPECT_EQ(test, out[0], 0x2345ULL);
	KUNIT_EXPECT_EQ(test, out[1], 0x42ULL);
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_INITIALIZE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_FINALIZE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	/* Finalized: no more deposits, but withdraw still works. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 1, 0, &dep,
			sizeof(dep), NULL, 0, &done),
			HVPART_STATUS_INVALID_PARTITION_STATE);
	memset(out, 0, sizeof(out));
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_WITHDRAW_MEMORY, 4, 1, &wd,
			sizeof(wd), out, sizeof(out), &done),
			HVPART_STATUS_NO_RESOURCES);
	KUNIT_EXPECT_EQ(test, done, 2);
	KUNIT_EXPECT_EQ(test, out[0], 0ULL);
	KUNIT_EXPECT_EQ(test, out[1], 0x1001ULL);
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_DELETE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	/* Reserved proximity flags are refused, as in create. */
	id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);
	wd.partition_id = id;
	wd.proximity_domain_info.flags = 2;
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_WITHDRAW_MEMORY, 1, 0, &wd,
			sizeof(wd), out, sizeof(out), &done),
			HVPART_STATUS_INVALID_PARAMETER);
	hvpart_lc_cleanup(id);
}

/*
 * The pools' bound: a deposit that takes the owner past
 * max_pool_pages_per_user is refused whole, across partitions, and a
 * withdrawal gives the room back.
 */
static void hvpart_lifecycle_pool_limit(struct kunit *test)
{
	unsigned int saved = hvpart_max_pool_pages_per_user;
	struct {
		struct hvpart_input_deposit_memory h;
		u64 pages[3];
	} dep = { .pages = { 1, 2, 3 } };
	u64 id = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);
	u64 id2 = hvpart_lc_partition_in(test, HVPART_STATE_CREATED);
	struct hvpart_input_withdraw_memory wd = { .partition_id = id };
	u64 out[3];
	u16 done;

	dep.h.partition_id = id;
	hvpart_max_pool_pages_per_user = 4;
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 3, 0, &dep,
			sizeof(dep), NULL, 0, &done), HVPART_STATUS_SUCCESS);
	/* The bound is the owner's, over all of its partitions. */
	dep.h.partition_id = id2;
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 2, 0, &dep,
			sizeof(dep), NULL, 0, &done),
			HVPART_STATUS_INSUFFICIENT_MEMORY);
	KUNIT_EXPECT_EQ(test, done, 0);
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 1, 0, &dep,
			sizeof(dep), NULL, 0, &done), HVPART_STATUS_SUCCESS);
	/* A withdrawal gives the room back. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_WITHDRAW_MEMORY, 3, 0, &wd,
			sizeof(wd), out, sizeof(out), &done), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, done, 3);
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_DEPOSIT_MEMORY, 3, 0, &dep,
			sizeof(dep), NULL, 0, &done), HVPART_STATUS_SUCCESS);
	hvpart_max_pool_pages_per_user = saved;
	/* Drained, they may go. */
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_DELETE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
	wd.partition_id = id2;
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_WITHDRAW_MEMORY, 3, 0, &wd,
			sizeof(wd), out, sizeof(out), &done), HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, hvpart_lc_rep(HVPART_CALL_WITHDRAW_MEMORY, 3, 0, &wd,
			sizeof(wd), out, sizeof(out), &done), HVPART_STATUS_NO_RESOURCES);
	KUNIT_EXPECT_EQ(test, done, 1);
	KUNIT_EXPECT_EQ(test, hvpart_lc_id_call(HVPART_CALL_DELETE_PARTITION, id2),
			HVPART_STATUS_SUCCESS);
}

static struct kunit_case hvpart_lifecycle_cases[] = {
	KUNIT_CASE_PARAM(hvpart_lifecycle_table, hvpart_lc_gen_params),
	KUNIT_CASE(hvpart_lifecycle_bad_ids),
	KUNIT_CASE(hvpart_lifecycle_host),
	KUNIT_CASE(hvpart_lifecycle_idle_users),
	KUNIT_CASE(hvpart_lifecycle_admin_overrides_owner),
	KUNIT_CASE(hvpart_lifecycle_no_kvm),
	KUNIT_CASE(hvpart_lifecycle_nested),
	KUNIT_CASE(hvpart_lifecycle_get_partition_id),
	KUNIT_CASE(hvpart_lifecycle_properties),
	KUNIT_CASE(hvpart_lifecycle_property_padding),
	KUNIT_CASE(hvpart_lifecycle_synthetic),
	KUNIT_CASE(hvpart_lifecycle_pool),
	KUNIT_CASE(hvpart_lifecycle_pool_limit),
	KUNIT_CASE(hvpart_cpuid_each_feature),
	KUNIT_CASE(hvpart_cpuid_table_unique),
	KUNIT_CASE(hvpart_cpuid_xsave),
	KUNIT_CASE(hvpart_cpuid_flags),
	{}
};

static struct kunit_suite hvpart_lifecycle_suite = {
	.name = "hvpart_lifecycle",
	.init = hvpart_fake_kvm_init,
	.exit = hvpart_fake_kvm_exit,
	.test_cases = hvpart_lifecycle_cases,
};

kunit_test_suites(&hvpart_lifecycle_suite);
