// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_e2e: the create input's fields, through HVPART_HVCALL and the
 * typed create ioctls of both layouts.
 */
#include "hvpart_e2e.h"

/* ---- g. validation of the create input --------------------------------- */

static bool flag_defined(unsigned int bit)
{
	static const unsigned int defined[] = { 0, 1, 4, 8, 9, 10, 13, 15, 16,
						19, 20, 22 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(defined); i++)
		if (defined[i] == bit)
			return true;
	return false;
}

struct input_case {
	const char *name;
	void (*tweak)(native_input *p, u64 arg);
	u64 arg;
	u16 status;
};

static void tw_prox(native_input *p, u64 arg)
{
	p->proximity_domain_info.domain_id = (u32)arg;
	p->proximity_domain_info.flags = (u32)(arg >> 32);
}

static void tw_compat(native_input *p, u64 arg)
{
	p->compatibility_version = (u32)arg;
}

static void tw_padding(native_input *p, u64 arg)
{
	p->padding = (u32)arg;
}

static void tw_rz0(native_input *p, u64 arg)
{
	p->reserved_z0 = arg;
}

static void tw_features(native_input *p, u64 arg)
{
	p->disabled_processor_features[0] = arg;
	p->disabled_processor_features[1] = arg;
}

#if !defined(__aarch64__)
static void tw_xsave(native_input *p, u64 arg)
{
	p->disabled_processor_xsave_features = arg;
}

static void tw_all_features(native_input *p, u64 arg)
{
	tw_features(p, arg);
	tw_xsave(p, arg);
}
#endif

static void tw_flags(native_input *p, u64 arg)
{
	p->flags = arg;
}

#define PROX(domain, flags)	(((u64)(flags) << 32) | (u32)(domain))
#define VALID			HVPART_PROXIMITY_FLAG_INFO_VALID
#define PREF			HVPART_PROXIMITY_FLAG_PREFERRED
#define BADP			HVPART_STATUS_INVALID_PARAMETER
#define OK			HVPART_STATUS_SUCCESS

static const struct input_case input_cases[] = {
	/* Proximity domain info. */
	{ "proximity Valid, domain 0 (online) -> SUCCESS", tw_prox, PROX(0, VALID), OK },
	{ "proximity Valid|Preferred, domain 0 -> SUCCESS", tw_prox, PROX(0, VALID | PREF), OK },
	{ "proximity Valid, domain 64 -> INVALID_PARAMETER", tw_prox, PROX(64, VALID), BADP },
	{ "proximity Valid, domain 0xffffffff -> INVALID_PARAMETER", tw_prox, PROX(0xffffffff, VALID), BADP },
	{ "proximity Valid|Preferred, domain 64 -> INVALID_PARAMETER", tw_prox, PROX(64, VALID | PREF), BADP },
	{ "proximity Valid, domain 1 (node offline) -> INVALID_PARAMETER", tw_prox, PROX(1, VALID), BADP },
	{ "proximity Valid, domain 63 (node offline) -> INVALID_PARAMETER", tw_prox, PROX(63, VALID), BADP },
	{ "proximity Valid|Preferred, domain 1 (falls back) -> SUCCESS", tw_prox, PROX(1, VALID | PREF), OK },
	{ "proximity Valid|Preferred, domain 63 (falls back) -> SUCCESS", tw_prox, PROX(63, VALID | PREF), OK },
	{ "proximity not Valid, domain 64 (ignored) -> SUCCESS", tw_prox, PROX(64, 0), OK },
	{ "proximity not Valid, domain 0xffffffff (ignored) -> SUCCESS", tw_prox, PROX(0xffffffff, 0), OK },
	{ "proximity not Valid, domain 1 (ignored) -> SUCCESS", tw_prox, PROX(1, 0), OK },
	{ "proximity Preferred only, domain 7 (ignored) -> SUCCESS", tw_prox, PROX(7, PREF), OK },
	{ "proximity reserved flag bit with Valid -> INVALID_PARAMETER", tw_prox, PROX(0, VALID | 0x2), BADP },
	{ "proximity all flag bits, domain 0 -> INVALID_PARAMETER", tw_prox, PROX(0, 0xffffffffU), BADP },
	/* Compatibility version. */
	{ "compatibility version 0x0605 -> SUCCESS", tw_compat, 0x0605, OK },
	{ "compatibility version 0x0607 -> SUCCESS", tw_compat, 0x0607, OK },
	{ "compatibility version 0x0608 -> SUCCESS", tw_compat, 0x0608, OK },
	{ "compatibility version 0x0609 -> SUCCESS", tw_compat, 0x0609, OK },
	{ "compatibility version 0xfe00 -> SUCCESS", tw_compat, 0xfe00, OK },
	{ "compatibility version 0xff00 -> SUCCESS", tw_compat, 0xff00, OK },
	{ "compatibility version 0 -> INVALID_PARAMETER", tw_compat, 0, BADP },
	{ "compatibility version 0x0600 -> INVALID_PARAMETER", tw_compat, 0x0600, BADP },
	{ "compatibility version 0x0606 -> INVALID_PARAMETER", tw_compat, 0x0606, BADP },
	{ "compatibility version 0x0610 -> INVALID_PARAMETER", tw_compat, 0x0610, BADP },
	{ "compatibility version 0xffff -> INVALID_PARAMETER", tw_compat, 0xffff, BADP },
	{ "compatibility version 0x10609 -> INVALID_PARAMETER", tw_compat, 0x10609, BADP },
	{ "compatibility version 0xffffffff -> INVALID_PARAMETER", tw_compat, 0xffffffff, BADP },
	/* Padding and ReservedZ0. */
	{ "padding 1 -> INVALID_PARAMETER", tw_padding, 1, BADP },
	{ "padding 0x80000000 -> INVALID_PARAMETER", tw_padding, 0x80000000, BADP },
	{ "padding 0xffffffff -> INVALID_PARAMETER", tw_padding, 0xffffffff, BADP },
	{ "ReservedZ0 bit 0 -> INVALID_PARAMETER", tw_rz0, BIT64(0), BADP },
	{ "ReservedZ0 = 2 (mshv's SNP isolation) -> INVALID_PARAMETER", tw_rz0, 2, BADP },
	{ "ReservedZ0 = 3 (mshv's TDX isolation) -> INVALID_PARAMETER", tw_rz0, 3, BADP },
	{ "ReservedZ0 bit 31 -> INVALID_PARAMETER", tw_rz0, BIT64(31), BADP },
	{ "ReservedZ0 bit 32 -> INVALID_PARAMETER", tw_rz0, BIT64(32), BADP },
	{ "ReservedZ0 bit 63 -> INVALID_PARAMETER", tw_rz0, BIT64(63), BADP },
	/* Feature masks take anything, reserved bits included. */
	{ "DisabledProcessorFeatures all ones in both banks -> SUCCESS", tw_features, ~0ULL, OK },
	{ "DisabledProcessorFeatures 0x8000000000000001 in both banks -> SUCCESS", tw_features, 0x8000000000000001ULL, OK },
#if !defined(__aarch64__)
	{ "DisabledProcessorXsaveFeatures all ones -> SUCCESS", tw_xsave, ~0ULL, OK },
	{ "both feature masks all ones -> SUCCESS", tw_all_features, ~0ULL, OK },
#endif
	/* Several defined flags at once. */
	{ "every defined flag at once -> SUCCESS", tw_flags, HVPART_PARTITION_CREATION_FLAGS_VALID_MASK, OK },
	{ "every defined flag plus bit 2 -> INVALID_PARAMETER", tw_flags,
	  HVPART_PARTITION_CREATION_FLAGS_VALID_MASK | BIT64(2), BADP },
	{ "flags all ones -> INVALID_PARAMETER", tw_flags, ~0ULL, BADP },
};

/*
 * NESTED_VIRTUALIZATION_CAPABLE is accepted only where KVM offers nested
 * virtualization (kvm_amd's or kvm_intel's "nested" parameter); without
 * KVM loaded it is PROCESSOR_FEATURE_NOT_SUPPORTED.  The other flags are
 * validated first.
 */
bool nested_supported(void)
{
	static const char *const params[] = {
		"/sys/module/kvm_amd/parameters/nested",
		"/sys/module/kvm_intel/parameters/nested",
	};
	unsigned int i;
	char v[4];

	for (i = 0; i < ARRAY_SIZE(params); i++) {
		FILE *f = fopen(params[i], "r");

		if (!f)
			continue;
		if (!fgets(v, sizeof(v), f))
			v[0] = 0;
		fclose(f);
		if (v[0] == 'Y' || v[0] == '1')
			return true;
	}
	return false;
}

void test_validation(void)
{
	bool nested = nested_supported();
	char name[160];
	native_input p;
	unsigned int i, bit;

	for (bit = 0; bit < 64; bit++) {
		bool def = flag_defined(bit);
		bool nofeat = bit == NESTED_BIT && !nested;

		default_input(&p);
		p.flags = BIT64(bit);
		snprintf(name, sizeof(name), "create with flags bit %u -> %s%s", bit,
			 nofeat ? "PROCESSOR_FEATURE_NOT_SUPPORTED" :
			 def ? "SUCCESS" : "INVALID_PARAMETER",
			 bit == NESTED_BIT ? (nested ? " (KVM has nested)" :
					      " (no nested KVM)") : "");
		create_case(name, CTL_CREATE, &p,
			    nofeat ? NOFEAT : def ? SUCCESS : STATUS(BADP));
	}
	check_next_id("the flag bits");

	for (bit = 1; bit <= 30; bit++) {
		default_input(&p);
		p.proximity_domain_info.flags = 1U << bit;
		snprintf(name, sizeof(name),
			 "create with proximity flags bit %u (reserved) -> INVALID_PARAMETER", bit);
		create_case(name, CTL_CREATE, &p, STATUS(BADP));
	}
	check_next_id("the reserved proximity flag bits");

	for (i = 0; i < ARRAY_SIZE(input_cases); i++) {
		const struct input_case *c = &input_cases[i];

		struct expect e = STATUS(c->status);

		default_input(&p);
		c->tweak(&p, c->arg);
		snprintf(name, sizeof(name), "create with %s", c->name);
		/* Nested virtualization only where KVM offers it. */
		if (c->status == OK && (p.flags & NESTED_FLAG) && !nested) {
			const char *arrow = strstr(c->name, " -> ");
			int len = arrow ? (int)(arrow - c->name) : (int)strlen(c->name);

			e = NOFEAT;
			snprintf(name, sizeof(name),
				 "create with %.*s, no nested KVM -> PROCESSOR_FEATURE_NOT_SUPPORTED",
				 len, c->name);
		}
		create_case(name, CTL_CREATE, &p, e);
	}
	check_next_id("the input field cases");
}

/* ---- i. the typed create ioctls ---------------------------------------- */

struct typed_case {
	const char *name;
	size_t poke_off;	/* byte offset in the ioctl struct, or 0 */
	u64 poke;		/* value to write there (8 bytes, or 4 below) */
	unsigned int poke_len;
	u16 status;
};

/*
 * Run one typed create.  @buf is the ioctl struct (72 or 64 bytes) with a
 * good input, then the case's poke; status and new_partition_id are out
 * members, preset to garbage that must be overwritten.
 */
static void typed_run(const char *name, unsigned long req, size_t id_off, size_t status_off, const struct typed_case *c)
{
	u8 buf[72];
	u64 id, garbage_id = 0x1122334455667788ULL;
	u32 status, garbage_status = 0xdeadbeef, compat = HVPART_COMPATIBILITY_21H2;
	int ret, err;
	bool ok;

	memset(buf, 0, sizeof(buf));
	memcpy(buf + 16, &compat, 4);		/* CompatibilityVersion */
	memcpy(buf + id_off, &garbage_id, 8);
	memcpy(buf + status_off, &garbage_status, 4);
	if (c->poke_len)
		memcpy(buf + c->poke_off, &c->poke, c->poke_len);

	errno = 0;
	ret = ioctl(fd, req, buf);
	err = ret ? errno : 0;
	memcpy(&id, buf + id_off, 8);
	memcpy(&status, buf + status_off, 4);

	if (c->status == HVPART_STATUS_SUCCESS) {
		ok = ret == 0 && status == 0;
		if (ok && id_resync) {
			printf("# resynced expected id to %" PRIu64 "\n", id);
			next_id = id;
			id_resync = false;
		}
		if (ok && id != next_id) {
			e2e_report(false, name, "ret 0, new_partition_id %" PRIu64
				   " where %" PRIu64 " was next", id, next_id);
			next_id = id + 1;
			return;
		}
		e2e_report(ok, name, "ret %d errno %s status 0x%x new_partition_id 0x%" PRIx64
			   "; want success", ret, e2e_errname(err), status, id);
		if (ok)
			next_id++;
		return;
	}
	ok = ret == -1 && err == EINVAL && status == c->status && id == 0;
	if (ret == 0) {
		if (id == next_id)
			next_id++;
		else
			id_resync = true;
	}
	e2e_report(ok, name, "ret %d errno %s status 0x%x new_partition_id 0x%" PRIx64
		   "; want -1 EINVAL, status 0x%x, new_partition_id 0",
		   ret, e2e_errname(err), status, id, c->status);
}

void test_typed(void)
{
	static const struct typed_case amd64[] = {
		{ "AMD64 typed create, good input -> SUCCESS", 0, 0, 0, OK },
		{ "AMD64 typed create, flags bit 2 -> EINVAL, status 0x5", 0, BIT64(2), 8, BADP },
		{ "AMD64 typed create, flags bit 63 -> EINVAL, status 0x5", 0, BIT64(63), 8, BADP },
		{ "AMD64 typed create, LAPIC_ENABLED|X2APIC_CAPABLE -> SUCCESS", 0,
		  HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |
		  HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE, 8, OK },
		{ "AMD64 typed create, ReservedZ0 (offset 48) = 1 -> EINVAL, status 0x5", 48, 1, 8, BADP },
		{ "AMD64 typed create, xsave mask (offset 40) all ones -> SUCCESS", 40, ~0ULL, 8, OK },
		{ "AMD64 typed create, feature bank 1 (offset 32) all ones -> SUCCESS", 32, ~0ULL, 8, OK },
		{ "AMD64 typed create, padding (offset 20) = 1 -> EINVAL, status 0x5", 20, 1, 4, BADP },
		{ "AMD64 typed create, compatibility version 0 -> EINVAL, status 0x5", 16, 0, 4, BADP },
		{ "AMD64 typed create, proximity reserved flag bit 1 -> EINVAL, status 0x5", 12, 2, 4, BADP },
		{ "AMD64 typed create, proximity Valid domain 1 -> EINVAL, status 0x5", 8,
		  PROX(1, VALID), 8, BADP },
		{ "AMD64 typed create, reserved member (offset 68) = 1 -> EINVAL, status 0x5", 68, 1, 4, BADP },
		{ "AMD64 typed create, reserved member = 0x80000000 -> EINVAL, status 0x5", 68, 0x80000000, 4, BADP },
	};
	static const struct typed_case arm64[] = {
		{ "ARM64 typed create, good input -> SUCCESS", 0, 0, 0, OK },
		{ "ARM64 typed create, flags bit 2 -> EINVAL, status 0x5", 0, BIT64(2), 8, BADP },
		{ "ARM64 typed create, X2APIC_CAPABLE -> SUCCESS", 0,
		  HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE, 8, OK },
		{ "ARM64 typed create, ReservedZ0 (offset 40) = 1 -> EINVAL, status 0x5", 40, 1, 8, BADP },
		{ "ARM64 typed create, ReservedZ0 (offset 40) all ones -> EINVAL, status 0x5", 40, ~0ULL, 8, BADP },
		{ "ARM64 typed create, feature bank 1 (offset 32) all ones -> SUCCESS", 32, ~0ULL, 8, OK },
		{ "ARM64 typed create, padding (offset 20) = 1 -> EINVAL, status 0x5", 20, 1, 4, BADP },
		{ "ARM64 typed create, compatibility version 0x0610 -> EINVAL, status 0x5", 16, 0x0610, 4, BADP },
		{ "ARM64 typed create, reserved member (offset 60) = 1 -> EINVAL, status 0x5", 60, 1, 4, BADP },
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(amd64); i++)
		typed_run(amd64[i].name, HVPART_CREATE_PARTITION_AMD64, 56, 64,
			  &amd64[i]);
	for (i = 0; i < ARRAY_SIZE(arm64); i++)
		typed_run(arm64[i].name, HVPART_CREATE_PARTITION_ARM64, 48, 56,
			  &arm64[i]);

	errno = 0;
	ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, NULL);
	e2e_report(ret == -1 && errno == EFAULT, "AMD64 typed create, NULL argument -> EFAULT",
		   "ret %d errno %s", ret, e2e_errname(errno));
	errno = 0;
	ret = ioctl(fd, HVPART_CREATE_PARTITION_ARM64, none_page);
	e2e_report(ret == -1 && errno == EFAULT,
		   "ARM64 typed create, argument in a PROT_NONE page -> EFAULT",
		   "ret %d errno %s", ret, e2e_errname(errno));
	check_next_id("the typed creates");

	/* Good inputs that cannot be fully read, or written back. */
	{
		struct hvpart_create_partition_amd64 a = { 0 };
		struct hvpart_create_partition_arm64 r = { 0 };
		u8 *edge = in_page2 + pagesz - 40;

		a.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
		r.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
		memcpy(edge, &a, 40);	/* the rest is in the PROT_NONE page */
		errno = 0;
		ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, edge);
		e2e_report(ret == -1 && errno == EFAULT,
			   "AMD64 typed create, struct running into a PROT_NONE page -> EFAULT",
			   "ret %d errno %s", ret, e2e_errname(errno));
		ro_write(512, &a, sizeof(a));
		errno = 0;
		ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, ro_page + 512);
		e2e_report(ret == -1 && errno == EFAULT,
			   "AMD64 typed create, good input in a PROT_READ page -> EFAULT",
			   "ret %d errno %s", ret, e2e_errname(errno));
		ro_write(1024, &r, sizeof(r));
		errno = 0;
		ret = ioctl(fd, HVPART_CREATE_PARTITION_ARM64, ro_page + 1024);
		e2e_report(ret == -1 && errno == EFAULT,
			   "ARM64 typed create, good input in a PROT_READ page -> EFAULT",
			   "ret %d errno %s", ret, e2e_errname(errno));
		check_next_id("typed creates whose result could not be written (nothing created)");
	}
}

/* ---- j. delete ---------------------------------------------------------- */
