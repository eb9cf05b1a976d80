// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the ARM64 processor-feature table, how ID registers and KVM's
 * vCPU features become feature banks and vCPU inits, and the driver's
 * arm64 path (properties, HVPART_GET_VCPU_INIT) against the arm64 fake of
 * hvpart_fake_kvm.c.  Runs on any architecture: the rules are lib's.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/cred.h>
#include <linux/string.h>

#include "hvpart_fake_kvm.h"

#define A64_ALL_VCPU	(BIT(HVC_ARM64_VCPU_PSCI_0_2) | \
			 BIT(HVC_ARM64_VCPU_PMU_V3) | \
			 BIT(HVC_ARM64_VCPU_SVE) | \
			 BIT(HVC_ARM64_VCPU_PTRAUTH_ADDRESS) | \
			 BIT(HVC_ARM64_VCPU_PTRAUTH_GENERIC))
#define A64_PTRAUTH	(BIT(HVC_ARM64_VCPU_PTRAUTH_ADDRESS) | \
			 BIT(HVC_ARM64_VCPU_PTRAUTH_GENERIC))

/* Bank bits by name, so a table mistake cannot hide in the test. */
static void a64_bit(struct kunit *test, const char *name, unsigned int *bank,
		    unsigned int *bit)
{
	unsigned int i;

	for (i = 0; i < hvc_arm64_feature_count; i++) {
		if (!strcmp(hvc_arm64_features[i].name, name)) {
			*bank = hvc_arm64_features[i].bank;
			*bit = hvc_arm64_features[i].bit;
			return;
		}
	}
	KUNIT_FAIL(test, "no ARM64 feature named %s", name);
	*bank = 0;
	*bit = 0;
}

static bool a64_has(struct kunit *test, const u64 banks[HVC_BANKS],
		    const char *name)
{
	unsigned int bank, bit;

	a64_bit(test, name, &bank, &bit);
	return (banks[bank] >> bit) & 1;
}

static void a64_disable(struct kunit *test, struct hvc_partition_cpu *cpu,
			const char *name)
{
	unsigned int bank, bit;

	a64_bit(test, name, &bank, &bit);
	cpu->disabled[bank] |= BIT_ULL(bit);
}

/* Banks in order, no bit twice, every name once, fields inside 64 bits. */
static void hvpart_arm64_table(struct kunit *test)
{
	const struct hvc_arm64_feature *f, *g;
	unsigned int i, k;

	KUNIT_EXPECT_EQ(test, hvc_arm64_feature_count, 110U);
	for (i = 0; i < hvc_arm64_feature_count; i++) {
		f = &hvc_arm64_features[i];
		KUNIT_EXPECT_LT(test, f->bank, 2);
		KUNIT_EXPECT_LT(test, f->bit, 64);
		if (i) {
			g = &hvc_arm64_features[i - 1];
			KUNIT_EXPECT_LT_MSG(test, g->bank * 64 + g->bit,
					    f->bank * 64 + f->bit,
					    "%s after %s", f->name, g->name);
		}
		for (k = 0; k < i; k++)
			KUNIT_EXPECT_STRNEQ(test, f->name,
					    hvc_arm64_features[k].name);
		if (f->reg == HVC_ARM64_NO_REG) {
			KUNIT_EXPECT_NULL(test, f->field);
		} else {
			KUNIT_EXPECT_LT(test, f->reg, HVC_ARM64_REGS);
			KUNIT_EXPECT_NOT_NULL(test, f->field);
			KUNIT_EXPECT_NOT_NULL(test, hvc_arm64_reg_name(f->reg));
			KUNIT_EXPECT_LE(test, f->shift + f->width, 64);
			KUNIT_EXPECT_GE(test, f->width, 1);
		}
		if (f->gates)
			KUNIT_EXPECT_NE(test, f->vcpu_feature,
					HVC_ARM64_VCPU_NONE);
		KUNIT_EXPECT_STREQ(test, hvc_feature_name(HVC_LAYOUT_ARM64,
							  f->bank, f->bit),
				   f->name);
	}
	/* The bank-1 tail (bits 46-63) is reserved. */
	KUNIT_EXPECT_NULL(test, hvc_feature_name(HVC_LAYOUT_ARM64, 1, 46));
	/* The same bit names an x64 feature in the AMD64 layout. */
	KUNIT_EXPECT_STREQ(test, hvc_feature_name(HVC_LAYOUT_ARM64, 0, 0),
			   "asid16");
	KUNIT_EXPECT_STREQ(test, hvc_feature_name(HVC_LAYOUT_AMD64, 0, 0),
			   "sse3");
}

/* Each field kind at its threshold and just below it. */
static void hvpart_arm64_field_match(struct kunit *test)
{
	u64 regs[HVC_ARM64_REGS] = {};
	unsigned int i;

	for (i = 0; i < hvc_arm64_feature_count; i++) {
		const struct hvc_arm64_feature *f = &hvc_arm64_features[i];
		u64 mask;

		if (f->reg == HVC_ARM64_NO_REG) {
			KUNIT_EXPECT_FALSE(test, hvc_arm64_feature_present(f, regs));
			continue;
		}
		mask = GENMASK_ULL(f->shift + f->width - 1, f->shift);
		regs[f->reg] = (u64)f->value << f->shift;
		KUNIT_EXPECT_TRUE_MSG(test, hvc_arm64_feature_present(f, regs),
				      "%s at %u", f->name, f->value);
		if (f->match == HVC_ARM64_SGE) {
			/* 0xf: not implemented, below every value. */
			regs[f->reg] = mask;
			KUNIT_EXPECT_FALSE_MSG(test,
					       hvc_arm64_feature_present(f, regs),
					       "%s at 0xf", f->name);
		} else if (f->value) {
			regs[f->reg] = (u64)(f->value - 1) << f->shift;
			KUNIT_EXPECT_FALSE_MSG(test,
					       hvc_arm64_feature_present(f, regs),
					       "%s below %u", f->name, f->value);
		}
		/* Bits outside the field never count: it reads as 0. */
		regs[f->reg] = ~mask;
		KUNIT_EXPECT_EQ_MSG(test, hvc_arm64_feature_present(f, regs),
				    f->value == 0,
				    "%s with only other fields set", f->name);
		regs[f->reg] = 0;
	}
}

static void hvpart_arm64_host_banks(struct kunit *test)
{
	u64 banks[HVC_BANKS];

	hvc_arm64_host_banks(hvpart_fake_arm64_regs, A64_ALL_VCPU, banks);
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "fp"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "fp_hp"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "adv_simd"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "el0_aarch32"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "gic_v3v4"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "gic_v4p1"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "aes"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "poly_mul"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "sha512"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "atomic"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "sha3"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "pmu_v3"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "pmu_v3_arm_v85"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "pmu_v3_arm_v87"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "apa_base"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "apa_ep"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "gpa"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "sve"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "sve_v2"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "sve_v2p1"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "t_gran64"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "t_gran16"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "l1ip_pipt"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "l1ip_vipt"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "dz_permitted"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "debug_v8"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "smccc_w1_supported"));
	KUNIT_EXPECT_EQ(test, banks[HVC_BANK_XSAVE], 0ULL);

	/* What KVM cannot give a vCPU is not on offer. */
	hvc_arm64_host_banks(hvpart_fake_arm64_regs,
			     BIT(HVC_ARM64_VCPU_PSCI_0_2), banks);
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "pmu_v3"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "sve"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "sve_v2"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "apa_base"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "gpa"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "aes"));
}

static void hvpart_arm64_vcpu_features(struct kunit *test)
{
	struct hvc_partition_cpu cpu = {
		.flags = HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU,
	};

	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
			(u32)A64_ALL_VCPU);
	/* Only what KVM supports, and never POWER_OFF or EL1_32BIT. */
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(BIT(HVC_ARM64_VCPU_SVE) |
						      BIT(0) | BIT(1), &cpu),
			(u32)BIT(HVC_ARM64_VCPU_SVE));
	/* KVM takes the two kinds of pointer auth only together. */
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(BIT(HVC_ARM64_VCPU_PTRAUTH_ADDRESS),
						      &cpu), 0U);

	cpu.flags = 0;
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
			(u32)(A64_ALL_VCPU & ~BIT(HVC_ARM64_VCPU_PMU_V3)));
	cpu.flags = HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU;
	a64_disable(test, &cpu, "pmu_v3");
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
			(u32)(A64_ALL_VCPU & ~BIT(HVC_ARM64_VCPU_PMU_V3)));

	memset(cpu.disabled, 0, sizeof(cpu.disabled));
	a64_disable(test, &cpu, "sve");
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
			(u32)(A64_ALL_VCPU & ~BIT(HVC_ARM64_VCPU_SVE)));

	/* Disabling either kind of pointer auth withholds both. */
	memset(cpu.disabled, 0, sizeof(cpu.disabled));
	a64_disable(test, &cpu, "gpa");
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
			(u32)(A64_ALL_VCPU & ~A64_PTRAUTH));
	memset(cpu.disabled, 0, sizeof(cpu.disabled));
	a64_disable(test, &cpu, "apa_base");
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
			(u32)(A64_ALL_VCPU & ~A64_PTRAUTH));

	/* A newer version alone gates nothing: KVM cannot cap versions. */
	memset(cpu.disabled, 0, sizeof(cpu.disabled));
	a64_disable(test, &cpu, "apa_ep");
	a64_disable(test, &cpu, "sve_v2");
	a64_disable(test, &cpu, "pmu_v3_arm_v85");
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
			(u32)A64_ALL_VCPU);

	/* Everything disabled, reserved bits included: PSCI is left. */
	cpu.disabled[0] = ~0ULL;
	cpu.disabled[1] = ~0ULL;
	KUNIT_EXPECT_EQ(test, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
			(u32)BIT(HVC_ARM64_VCPU_PSCI_0_2));
}

static void hvpart_arm64_offered_banks(struct kunit *test)
{
	struct hvc_partition_cpu cpu = {};
	u64 host[HVC_BANKS], banks[HVC_BANKS];

	hvc_arm64_host_banks(hvpart_fake_arm64_regs, A64_ALL_VCPU, host);
	a64_disable(test, &cpu, "sve");
	a64_disable(test, &cpu, "aes");
	hvc_arm64_offered_banks(host, hvc_arm64_vcpu_features(A64_ALL_VCPU, &cpu),
				banks);
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "sve"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "sve_v2"));
	/* No PMU flag: no PMU bits. */
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "pmu_v3"));
	KUNIT_EXPECT_FALSE(test, a64_has(test, banks, "pmu_v3_arm_v81"));
	/* KVM 6.1 cannot hide AES: the banks say what the guest sees. */
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "aes"));
	KUNIT_EXPECT_TRUE(test, a64_has(test, banks, "gpa"));
	KUNIT_EXPECT_EQ(test, banks[0] & ~host[0], 0ULL);
	KUNIT_EXPECT_EQ(test, banks[1] & ~host[1], 0ULL);
}

/* ---- the driver on an arm64 host (the fake) ------------------------------ */

static u16 a64_create(struct kunit *test, u64 flags, const u64 disabled[2],
		      u64 *id)
{
	struct hvpart_output_create_partition out = {};
	struct hvpart_caller caller;
	struct hvc_create_args a = {
		.layout = HVC_LAYOUT_ARM64,
		.flags = flags,
		.compatibility_version = HVPART_COMPATIBILITY_21H2,
		.disabled_processor_features = { disabled[0], disabled[1] },
	};
	u8 page[64] = {};
	u16 status;

	KUNIT_ASSERT_EQ(test, hvc_create_encode(&a, page, sizeof(page)), 48U);
	hvpart_caller_init(&caller, HVC_LAYOUT_ARM64);
	status = hvpart_hvcall(&caller, HVPART_CALL_CREATE_PARTITION, page, 48,
			       &out, sizeof(out));
	*id = out.new_partition_id;
	return status;
}

static u16 a64_call(u16 code, u64 id)
{
	struct hvpart_input_partition_id in = { .partition_id = id };
	struct hvpart_caller caller;

	hvpart_caller_init(&caller, HVC_LAYOUT_ARM64);
	/* Initialize hands in the fake's VM, as a VMM hands in its own. */
	if (code == HVPART_CALL_INITIALIZE_PARTITION)
		caller.vm_file = hvpart_fake_kvm.vm;
	return hvpart_hvcall(&caller, code, &in, sizeof(in), NULL, 0);
}

static u16 a64_property(u64 id, u16 code, u32 property, u64 *value)
{
	struct hvpart_input_set_partition_property in = {
		.partition_id = id, .property_code = property,
		.property_value = *value,
	};
	struct hvpart_output_get_partition_property out = {};
	struct hvpart_caller caller;
	u16 status;

	hvpart_caller_init(&caller, HVC_LAYOUT_ARM64);
	if (code == HVPART_CALL_SET_PARTITION_PROPERTY)
		return hvpart_hvcall(&caller, code, &in, sizeof(in), NULL, 0);
	status = hvpart_hvcall(&caller, code, &in,
			       sizeof(struct hvpart_input_get_partition_property),
			       &out, sizeof(out));
	*value = out.property_value;
	return status;
}

static u16 a64_vcpu_init(u64 id, u32 *target, u32 features[7])
{
	struct hvpart_caller caller;

	hvpart_caller_init(&caller, HVC_LAYOUT_ARM64);
	return hvpart_vcpu_init(&caller, id, target, features);
}

static void hvpart_arm64_driver_vcpu_init(struct kunit *test)
{
	static const u64 hide[2] = { BIT_ULL(44), BIT_ULL(37) };	/* gpa, sve */
	static const u64 none[2];
	u32 target = 0, features[7];
	u64 full, hidden;

	KUNIT_ASSERT_EQ(test, a64_create(test,
			HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU, none,
			&full), HVPART_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, a64_create(test, 0, hide, &hidden),
			HVPART_STATUS_SUCCESS);

	/* Only an initialized partition has a VM to ask. */
	KUNIT_EXPECT_EQ(test, a64_vcpu_init(full, &target, features),
			HVPART_STATUS_INVALID_PARTITION_STATE);
	KUNIT_EXPECT_EQ(test, a64_vcpu_init(0, &target, features),
			HVPART_STATUS_INVALID_PARTITION_ID);

	KUNIT_ASSERT_EQ(test, a64_call(HVPART_CALL_INITIALIZE_PARTITION, full),
			HVPART_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, a64_call(HVPART_CALL_INITIALIZE_PARTITION, hidden),
			HVPART_STATUS_SUCCESS);
	memset(features, 0xff, sizeof(features));
	KUNIT_EXPECT_EQ(test, a64_vcpu_init(full, &target, features),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, target, (u32)HVPART_FAKE_ARM64_TARGET);
	KUNIT_EXPECT_EQ(test, features[0], (u32)A64_ALL_VCPU);
	KUNIT_EXPECT_EQ(test, features[6], 0U);
	KUNIT_EXPECT_EQ(test, a64_vcpu_init(hidden, &target, features),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, features[0], (u32)BIT(HVC_ARM64_VCPU_PSCI_0_2));

	/* KVM failing is NO_RESOURCES-like, not a crash or a stale answer. */
	hvpart_fake_kvm.arm64_err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, a64_vcpu_init(full, &target, features),
			HVPART_STATUS_INSUFFICIENT_MEMORY);
	hvpart_fake_kvm.arm64_err = 0;

	KUNIT_EXPECT_EQ(test, a64_call(HVPART_CALL_FINALIZE_PARTITION, full),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a64_vcpu_init(full, &target, features),
			HVPART_STATUS_INVALID_PARTITION_STATE);
	KUNIT_EXPECT_EQ(test, a64_call(HVPART_CALL_DELETE_PARTITION, full),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a64_call(HVPART_CALL_FINALIZE_PARTITION, hidden),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a64_call(HVPART_CALL_DELETE_PARTITION, hidden),
			HVPART_STATUS_SUCCESS);
}

/* Without a VM of the caller's there is no target to ask for. */
static void hvpart_arm64_driver_vcpu_init_no_vm(struct kunit *test)
{
	struct hvpart_input_partition_id in = {};
	struct hvpart_caller caller;
	static const u64 none[2];
	u32 target = 0, features[7];

	KUNIT_ASSERT_EQ(test, a64_create(test, 0, none, &in.partition_id),
			HVPART_STATUS_SUCCESS);
	hvpart_caller_init(&caller, HVC_LAYOUT_ARM64);
	KUNIT_ASSERT_EQ(test, hvpart_hvcall(&caller, HVPART_CALL_INITIALIZE_PARTITION,
					    &in, sizeof(in), NULL, 0),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a64_vcpu_init(in.partition_id, &target, features),
			HVPART_STATUS_OPERATION_DENIED);
	KUNIT_EXPECT_EQ(test, a64_call(HVPART_CALL_FINALIZE_PARTITION, in.partition_id),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a64_call(HVPART_CALL_DELETE_PARTITION, in.partition_id),
			HVPART_STATUS_SUCCESS);
}

static void hvpart_arm64_driver_properties(struct kunit *test)
{
	static const u64 none[2];
	u64 host[HVC_BANKS], id, value = 0;
	unsigned int sve_bank, sve_bit;

	hvc_arm64_host_banks(hvpart_fake_arm64_regs, A64_ALL_VCPU, host);
	a64_bit(test, "sve", &sve_bank, &sve_bit);
	KUNIT_ASSERT_EQ(test, sve_bank, 1U);
	KUNIT_ASSERT_EQ(test, a64_create(test, 0, none, &id), HVPART_STATUS_SUCCESS);

	KUNIT_EXPECT_EQ(test, a64_property(id, HVPART_CALL_GET_PARTITION_PROPERTY,
			HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, (u64)HVPART_PROCESSOR_VENDOR_ARM);
	/* No PMU flag: bank 0 is the host's without the PMU bits. */
	KUNIT_EXPECT_EQ(test, a64_property(id, HVPART_CALL_GET_PARTITION_PROPERTY,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, host[0] & ~GENMASK_ULL(19, 16));
	KUNIT_EXPECT_EQ(test, a64_property(id, HVPART_CALL_GET_PARTITION_PROPERTY,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, host[1]);
	KUNIT_EXPECT_TRUE(test, value & BIT_ULL(sve_bit));
	KUNIT_EXPECT_EQ(test, a64_property(id, HVPART_CALL_GET_PARTITION_PROPERTY,
			HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value, 0ULL);

	/* Offer bank 1 without sve: SVE and what needs it go. */
	value = host[1] & ~BIT_ULL(sve_bit);
	KUNIT_EXPECT_EQ(test, a64_property(id, HVPART_CALL_SET_PARTITION_PROPERTY,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a64_property(id, HVPART_CALL_GET_PARTITION_PROPERTY,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1, &value),
			HVPART_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, value & BIT_ULL(sve_bit), 0ULL);
	KUNIT_EXPECT_EQ(test, value & BIT_ULL(38), 0ULL);	/* sve_v2 */

	/* A feature this host lacks is out of range. */
	value = host[1] | BIT_ULL(39);				/* sve_v2p1 */
	KUNIT_EXPECT_EQ(test, a64_property(id, HVPART_CALL_SET_PARTITION_PROPERTY,
			HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1, &value),
			HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE);

	/* KVM arm64 6.1 has no nested virtualization to offer. */
	KUNIT_EXPECT_EQ(test, a64_create(test,
			HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE,
			none, &value), HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, a64_call(HVPART_CALL_DELETE_PARTITION, id),
			HVPART_STATUS_SUCCESS);
}

static struct kunit_case hvpart_arm64_cases[] = {
	KUNIT_CASE(hvpart_arm64_table),
	KUNIT_CASE(hvpart_arm64_field_match),
	KUNIT_CASE(hvpart_arm64_host_banks),
	KUNIT_CASE(hvpart_arm64_vcpu_features),
	KUNIT_CASE(hvpart_arm64_offered_banks),
	KUNIT_CASE(hvpart_arm64_driver_vcpu_init),
	KUNIT_CASE(hvpart_arm64_driver_vcpu_init_no_vm),
	KUNIT_CASE(hvpart_arm64_driver_properties),
	{}
};

static struct kunit_suite hvpart_arm64_suite = {
	.name = "hvpart_arm64",
	.init = hvpart_fake_kvm_arm64_init,
	.exit = hvpart_fake_kvm_exit,
	.test_cases = hvpart_arm64_cases,
};

kunit_test_suites(&hvpart_arm64_suite);
