// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_lifecycle: the partition properties, typed and through
 * HVPART_HVCALL, in every state.
 */
#include "hvpart_lifecycle.h"

/* ---- properties ------------------------------------------------------------------------ */

void expect_value(const char *name, const struct res *r, enum path p,
		  u64 want)
{
	char got[160];

	describe(got, sizeof(got), r, p);
	e2e_report(r->ret == 0 && r->status == 0 && r->value == want, name,
		   "%s, value 0x%" PRIx64 "; want SUCCESS and 0x%" PRIx64, got,
		   r->value, want);
}

void test_properties(void)
{
	static const u32 unknown[] = { 0x12345678, 0x00060001, 0, 0x00060003,
				       0x0006000c, 0xffffffff };
	int vendor = cpuinfo_vendor();
	u64 id, bad_bit = 0;
	struct kvm_cpuid2 *c;
	char name[200];
	unsigned int i;
	enum path p;
	struct res r;

	/* Vendor. */
	id = create_full(0, COMPAT, 0, 0, 0, NULL);
	e2e_report(vendor >= 0, "/proc/cpuinfo names the vendor", "unknown vendor_id");
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_VENDOR, SENTINEL);
	snprintf(name, sizeof(name),
		 "typed get PROCESSOR_VENDOR -> %d (%s per /proc/cpuinfo)", vendor,
		 vendor == HVPART_PROCESSOR_VENDOR_AMD ? "AMD" : "Intel");
	expect_value(name, &r, TYPED, (u64)vendor);
	r = raw_get(id, P_VENDOR, 0);
	snprintf(name, sizeof(name), "hvcall get PROCESSOR_VENDOR -> %d", vendor);
	expect_value(name, &r, RAW, (u64)vendor);

	/* Compatibility version: the create input's. */
	for (i = 0; i < 2; i++) {
		u32 ver = i ? HVPART_COMPATIBILITY_PRERELEASE : HVPART_COMPATIBILITY_19H1;
		u64 vid = create_full(0, ver, 0, 0, 0, NULL);

		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, vid, P_COMPAT, 0);
		snprintf(name, sizeof(name),
			 "typed get COMPATIBILITY_VERSION of a 0x%x partition -> 0x%x", ver, ver);
		expect_value(name, &r, TYPED, ver);
		r = raw_get(vid, P_COMPAT, 0);
		snprintf(name, sizeof(name),
			 "hvcall get COMPATIBILITY_VERSION of a 0x%x partition -> 0x%x", ver, ver);
		expect_value(name, &r, RAW, ver);
		retire(vid);
	}

	/* Feature banks: what KVM offers, less what is disabled. */
	e2e_report((host_banks[0] & 0x19f) == 0x19f,
		   "FEATURES0 with nothing disabled has sse3, lahf_sahf, ssse3, sse4_1, sse4_2, popcnt, cmpxchg16b (bits 0-4, 7, 8)",
		   "0x%" PRIx64, host_banks[0]);
	e2e_report((host_banks[2] & 0x5) == 0x5,
		   "XSAVE_FEATURES with nothing disabled has xsave and avx (bits 0, 2)",
		   "0x%" PRIx64, host_banks[2]);
	{
		u64 did = create_full(0, COMPAT, 1ULL << 4, 0, 1ULL << 2, NULL);

		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_FEAT0, 0);
		expect_value("FEATURES0 of a partition created with sse4_2 disabled = host & ~bit 4",
			     &r, TYPED, host_banks[0] & ~(1ULL << 4));
		r = raw_get(did, P_FEAT0, 0);
		expect_value("hvcall FEATURES0 of that partition = host & ~bit 4", &r, RAW,
			     host_banks[0] & ~(1ULL << 4));
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_XSAVE, 0);
		e2e_report(r.ret == 0 && !(r.value & 4) && (r.value & 1) &&
			   !(r.value & ~host_banks[2]),
			   "XSAVE_FEATURES of a partition created with avx disabled: no avx, xsave stays, nothing beyond the host",
			   "0x%" PRIx64, r.value);
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_FEAT1, 0);
		expect_value("FEATURES1 of that partition = the host's", &r, TYPED,
			     host_banks[1]);
		retire(did);
		did = create_full(0, COMPAT, ~0ULL, ~0ULL, ~0ULL, NULL);
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_FEAT0, 0);
		expect_value("FEATURES0 with every bit disabled -> 0", &r, TYPED, 0);
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_XSAVE, 0);
		expect_value("XSAVE_FEATURES with every bit disabled -> 0", &r, TYPED, 0);
		retire(did);
	}

	/* Early sets before initialize: they shape the CPUID. */
	for (p = TYPED; p <= RAW; p++) {
		u64 want0 = host_banks[0] & ~(1ULL << 4);
		u64 wantx = host_banks[2] & ~(1ULL << 2);

		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, want0) :
				 raw_set(id, P_FEAT0, want0, 0);
		snprintf(name, sizeof(name), "%s set FEATURES0 = host & ~sse4_2 on a Created partition -> SUCCESS",
			 path_names[p]);
		expect(name, &r, p, S_OK, false);
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_FEAT0, 0);
		expect_value("...and get FEATURES0 reads it back", &r, TYPED, want0);
		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_XSAVE, wantx) :
				 raw_set(id, P_XSAVE, wantx, 0);
		snprintf(name, sizeof(name), "%s set XSAVE_FEATURES = host & ~avx -> SUCCESS",
			 path_names[p]);
		expect(name, &r, p, S_OK, false);
		c = get_cpuid(id);
		e2e_report(c && !cpuid_bit(c, 1, 0, ECX, 20) && !cpuid_bit(c, 1, 0, ECX, 28) &&
			   cpuid_bit(c, 1, 0, ECX, 19),
			   "...and get-cpuid hides SSE4.2 and AVX, keeps SSE4.1",
			   "ecx 0x%08x", c ? reg_of(e2e_cpuid_find(c, 1, 0), ECX) : 0);
		free(c);
		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0]) :
				 raw_set(id, P_FEAT0, host_banks[0], 0);
		r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_XSAVE, host_banks[2]);
		c = get_cpuid(id);
		e2e_report(c && cpuid_bit(c, 1, 0, ECX, 20) && cpuid_bit(c, 1, 0, ECX, 28),
			   "setting the full host value brings SSE4.2 and AVX back",
			   "ecx 0x%08x", c ? reg_of(e2e_cpuid_find(c, 1, 0), ECX) : 0);
		free(c);
	}

	/* Out of range: a bit the host does not offer. */
	for (i = 0; i < 61; i++)
		if (!(host_banks[0] & (1ULL << i))) {
			bad_bit = 1ULL << i;
			break;
		}
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0] | BIT64(63));
	expect("typed set FEATURES0 = host | bit 63 -> PROPERTY_VALUE_OUT_OF_RANGE, ERANGE",
	       &r, TYPED, S_RANGE, false);
	r = raw_set(id, P_FEAT0, host_banks[0] | BIT64(63), 0);
	expect("hvcall set FEATURES0 = host | bit 63 -> PROPERTY_VALUE_OUT_OF_RANGE",
	       &r, RAW, S_RANGE, false);
	if (bad_bit) {
		snprintf(name, sizeof(name),
			 "set FEATURES0 = host | 0x%" PRIx64 " (a bank-0 bit KVM does not offer) -> PROPERTY_VALUE_OUT_OF_RANGE",
			 bad_bit);
		r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0] | bad_bit);
		expect(name, &r, TYPED, S_RANGE, false);
	}
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT1, host_banks[1] | BIT64(63));
	expect("set FEATURES1 = host | bit 63 -> PROPERTY_VALUE_OUT_OF_RANGE", &r, TYPED,
	       S_RANGE, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_XSAVE, host_banks[2] | BIT64(63));
	expect("set XSAVE_FEATURES = host | bit 63 -> PROPERTY_VALUE_OUT_OF_RANGE", &r, TYPED,
	       S_RANGE, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_FEAT0, 0);
	expect_value("a refused set changes nothing: FEATURES0 still the host's", &r, TYPED,
		     host_banks[0]);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, 0);
	expect("set FEATURES0 = 0 (offer nothing) -> SUCCESS", &r, TYPED, S_OK, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_FEAT0, 0);
	expect_value("...and FEATURES0 reads 0", &r, TYPED, 0);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0]);

	/* Read-only and unknown codes. */
	for (p = TYPED; p <= RAW; p++) {
		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_VENDOR, (u64)vendor) :
				 raw_set(id, P_VENDOR, (u64)vendor, 0);
		snprintf(name, sizeof(name), "%s set PROCESSOR_VENDOR (read-only) -> INVALID_PARAMETER",
			 path_names[p]);
		expect(name, &r, p, S_PARAM, false);
		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_COMPAT, COMPAT) :
				 raw_set(id, P_COMPAT, COMPAT, 0);
		snprintf(name, sizeof(name), "%s set COMPATIBILITY_VERSION (read-only) -> INVALID_PARAMETER",
			 path_names[p]);
		expect(name, &r, p, S_PARAM, false);
		for (i = 0; i < ARRAY_SIZE(unknown); i++) {
			r = p == TYPED ? typed_prop(HVPART_GET_PARTITION_PROPERTY, id, unknown[i], 0) :
					 raw_get(id, unknown[i], 0);
			snprintf(name, sizeof(name), "%s get of unknown property 0x%08x -> UNKNOWN_PROPERTY",
				 path_names[p], unknown[i]);
			expect(name, &r, p, S_UNKPROP, false);
			r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, unknown[i], 0) :
					 raw_set(id, unknown[i], 0, 0);
			snprintf(name, sizeof(name), "%s set of unknown property 0x%08x -> UNKNOWN_PROPERTY",
				 path_names[p], unknown[i]);
			expect(name, &r, p, S_UNKPROP, false);
		}
	}

	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_COMPAT, ~0ULL);
	expect("set COMPATIBILITY_VERSION = ~0 -> INVALID_PARAMETER (read-only before range)",
	       &r, TYPED, S_PARAM, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_COMPAT, 0);
	expect_value("...and the version is unchanged", &r, TYPED, COMPAT);

	/* Early set from Initialize on; the order of the checks. */
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0] & ~(1ULL << 4));
	expect("set FEATURES0 = host & ~sse4_2 before initialize -> SUCCESS", &r, TYPED, S_OK, false);
	r = typed_init_vm(id);
	expect("initialize after the early set -> SUCCESS", &r, TYPED, S_OK, false);
	close_fd(&r);
	c = get_cpuid(id);
	e2e_report(c && !cpuid_bit(c, 1, 0, ECX, 20),
		   "the early set survives initialize: get-cpuid of the Initialized partition hides SSE4.2",
		   "ecx 0x%08x", c ? reg_of(e2e_cpuid_find(c, 1, 0), ECX) : 0);
	free(c);
	for (p = TYPED; p <= RAW; p++) {
		static const u32 early[] = { P_FEAT0, P_FEAT1, P_XSAVE };
		static const char *const early_names[] = { "FEATURES0", "FEATURES1", "XSAVE_FEATURES" };

		for (i = 0; i < 3; i++) {
			r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, early[i], host_banks[i]) :
					 raw_set(id, early[i], host_banks[i], 0);
			snprintf(name, sizeof(name), "%s set %s after initialize -> INVALID_PARTITION_STATE",
				 path_names[p], early_names[i]);
			expect(name, &r, p, S_STATE, false);
		}
	}
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0] | BIT64(63));
	expect("set FEATURES0 out of range after initialize -> INVALID_PARTITION_STATE (state before range)",
	       &r, TYPED, S_STATE, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_VENDOR, 0);
	expect("set PROCESSOR_VENDOR after initialize -> INVALID_PARAMETER (read-only before state)",
	       &r, TYPED, S_PARAM, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, 0x12345678, 0);
	expect("set unknown property after initialize -> UNKNOWN_PROPERTY (code before state)",
	       &r, TYPED, S_UNKPROP, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_FEAT0, 0);
	expect_value("get FEATURES0 after initialize still works", &r, TYPED,
		     host_banks[0] & ~(1ULL << 4));
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0]);
	expect("set FEATURES0 after finalize -> INVALID_PARTITION_STATE", &r, TYPED, S_STATE, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_COMPAT, 0);
	expect_value("get COMPATIBILITY_VERSION after finalize -> SUCCESS", &r, TYPED, COMPAT);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete it -> SUCCESS", &r, TYPED, S_OK, false);
}
