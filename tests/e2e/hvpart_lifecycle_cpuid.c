// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_lifecycle: creation flags in KVM (the in-kernel irqchip) and in
 * HVPART_GET_CPUID, and the disabled features in HVPART_GET_CPUID.
 */
#include "hvpart_lifecycle.h"

/* ---- creation flags ---------------------------------------------------------------- */

void test_irqchip(void)
{
	static const struct {
		u64 flags;
		bool vmm_first;	/* the VMM makes the irqchip before initialize */
		const char *what;
		int err;
	} cases[] = {
		{ F_LAPIC, false, "LAPIC_ENABLED: the VMM's KVM_CREATE_IRQCHIP -> EEXIST (hvpart made it)", EEXIST },
		{ 0, false, "no LAPIC_ENABLED: the VMM's KVM_CREATE_IRQCHIP -> 0", 0 },
		{ F_LAPIC | F_X2APIC, false, "LAPIC_ENABLED|X2APIC_CAPABLE: KVM_CREATE_IRQCHIP -> EEXIST", EEXIST },
		{ F_LAPIC, true, "LAPIC_ENABLED, irqchip made by the VMM before initialize: initialize -> SUCCESS, a second KVM_CREATE_IRQCHIP -> EEXIST", EEXIST },
	};
	unsigned int i;
	struct res r;
	int ret, err, vm;
	u64 id;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		id = make_partition(ST_CREATED, cases[i].flags, "make a partition for the irqchip cases");
		if (!id)
			continue;
		vm = e2e_kvm_vm();
		if (vm >= 0 && cases[i].vmm_first && ioctl(vm, KVM_CREATE_IRQCHIP, 0)) {
			e2e_report(false, cases[i].what, "the VMM's own KVM_CREATE_IRQCHIP: errno %s",
				   e2e_errname(errno));
			close(vm);
			retire(id);
			continue;
		}
		r = vm >= 0 ? typed_init(id, vm) : typed_init_vm(id);
		if (r.ret || !fd_in_ok(&r)) {
			e2e_report(false, cases[i].what, "initialize failed: ret %d errno %s %s",
				   r.ret, e2e_errname(r.err),
				   e2e_status_str((u16)r.status));
			close_fd(&r);
			retire(id);
			continue;
		}
		errno = 0;
		ret = ioctl(r.vm_in, KVM_CREATE_IRQCHIP, 0);
		err = ret ? errno : 0;
		e2e_report((ret == 0 && !cases[i].err) ||
			   (ret == -1 && err == cases[i].err && cases[i].err),
			   cases[i].what, "ret %d errno %s", ret, e2e_errname(err));
		close_fd(&r);
		retire(id);
	}
}

/* The bits the creation flags govern: zero without the flag. */
struct flag_bit {
	u64 flag;
	const char *what;
	u32 leaf, sub;
	unsigned int reg;
	u32 mask;
};

static const struct flag_bit flag_bits[] = {
	/* x2APIC needs KVM's in-kernel LAPIC: offered with both flags. */
	{ F_X2APIC | F_LAPIC, "x2APIC (CPUID.1:ECX.21)", 0x1, 0, ECX, 1U << 21 },
	{ F_SMT, "HTT (CPUID.1:EDX.28)", 0x1, 0, EDX, 1U << 28 },
	{ F_NESTED, "SVM (CPUID.80000001:ECX.2)", 0x80000001, 0, ECX, 1U << 2 },
	{ F_NESTED, "VMX (CPUID.1:ECX.5)", 0x1, 0, ECX, 1U << 5 },
	{ F_PMU, "arch perfmon (CPUID.0xA.EAX)", 0xa, 0, EAX, ~0U },
	{ F_PMU, "arch perfmon (CPUID.0xA.EBX)", 0xa, 0, EBX, ~0U },
	{ F_PMU, "arch perfmon (CPUID.0xA.ECX)", 0xa, 0, ECX, ~0U },
	{ F_PMU, "arch perfmon (CPUID.0xA.EDX)", 0xa, 0, EDX, ~0U },
	{ F_PMU, "PerfCtrExtCore (CPUID.80000001:ECX.23)", 0x80000001, 0, ECX, 1U << 23 },
};

/*
 * Entries of @got that differ from the host outside @allow (a list of
 * leaf/sub/reg/mask the caller expects to differ); also counts entries.
 */
struct allow {
	u32 leaf, sub;
	unsigned int reg;
	u32 mask;
};

static unsigned int diff_host(const struct kvm_cpuid2 *got,
			      const struct allow *allow, unsigned int nallow,
			      char *where, size_t len)
{
	unsigned int i, a, reg, diffs = 0;

	where[0] = 0;
	for (i = 0; i < host->nent; i++) {
		const struct kvm_cpuid_entry2 *h = &host->entries[i];
		const struct kvm_cpuid_entry2 *g = e2e_cpuid_find(got, h->function, h->index);

		if (!g) {
			bool ok = false;

			for (a = 0; a < nallow; a++)
				if (allow[a].leaf == h->function &&
				    allow[a].sub == h->index && allow[a].mask == 0)
					ok = true;
			if (!ok) {
				diffs++;
				snprintf(where, len, "entry 0x%x.%u missing",
					 h->function, h->index);
			}
			continue;
		}
		for (reg = EAX; reg <= EDX; reg++) {
			u32 x = reg_of(h, reg) ^ reg_of(g, reg);

			for (a = 0; a < nallow; a++)
				if (allow[a].leaf == h->function &&
				    allow[a].sub == h->index && allow[a].reg == reg)
					x &= ~allow[a].mask;
			if (x) {
				diffs++;
				snprintf(where, len,
					 "0x%x.%u reg %u: host 0x%08x got 0x%08x",
					 h->function, h->index, reg, reg_of(h, reg),
					 reg_of(g, reg));
			}
		}
	}
	return diffs;
}

/* SMT_ENABLED_GUEST sets its own topology bits: not KVM's. */
static const struct allow smt_allow[] = {
	{ 0x1, 0, EDX, 1U << 28 },
	{ 0x1, 0, EBX, 0xff0000 },
	{ 0x8000001e, 0, EBX, 0xff00 },
};

/* Every flag that lets a KVM CPUID bit through. */
static u64 all_flags(void)
{
	return F_X2APIC | F_LAPIC | F_SMT | F_PMU | (nested_ok ? F_NESTED : 0);
}

void test_flags_cpuid(void)
{
	u64 all = all_flags();
	struct allow allow[ARRAY_SIZE(flag_bits) + 5];
	struct kvm_cpuid2 *none, *full, *one;
	char name[200], where[160];
	unsigned int i, nallow = 0;
	u16 status;
	u64 id;

	e2e_report(cpuid_bit(host, 1, 0, ECX, 21) && cpuid_bit(host, 0x80000001, 0, ECX, 2),
		   "KVM_GET_SUPPORTED_CPUID offers x2APIC and SVM (so hiding them means something)",
		   "x2apic %d svm %d", cpuid_bit(host, 1, 0, ECX, 21),
		   cpuid_bit(host, 0x80000001, 0, ECX, 2));
	e2e_note("host CPUID: HTT %d, PerfCtrExtCore %d, leaf 0xA eax 0x%x",
		 cpuid_bit(host, 1, 0, EDX, 28), cpuid_bit(host, 0x80000001, 0, ECX, 23),
		 reg_of(e2e_cpuid_find(host, 0xa, 0), EAX));

	/* Every such flag and nothing disabled: exactly KVM's CPUID. */
	id = create_full(all, COMPAT, 0, 0, 0, &status);
	full = id ? get_cpuid(id) : NULL;
	e2e_report(full != NULL, "create with X2APIC|LAPIC|SMT|PMU (and NESTED where KVM has it) and get its CPUID",
		   "create %s", e2e_status_str(status));
	if (full) {
		unsigned int d = diff_host(full, smt_allow, ARRAY_SIZE(smt_allow),
					   where, sizeof(where));

		snprintf(name, sizeof(name),
			 "CPUID with flags 0x%" PRIx64 " and nothing disabled is KVM_GET_SUPPORTED_CPUID's, entry for entry (SMT topology aside)",
			 all);
		e2e_report(d == 0 && full->nent == host->nent, name,
			   "%u differences (last: %s), nent %u vs %u", d, where,
			   full->nent, host->nent);
	}
	free(full);
	retire(id);

	/* No flags: the governed bits are zero, nothing else moves. */
	id = create_full(0, COMPAT, 0, 0, 0, NULL);
	none = id ? get_cpuid(id) : NULL;
	e2e_report(none != NULL, "create without flags and get its CPUID", "failed");
	if (none) {
		for (i = 0; i < ARRAY_SIZE(flag_bits); i++) {
			const struct flag_bit *f = &flag_bits[i];
			u32 v = reg_of(e2e_cpuid_find(none, f->leaf, f->sub), f->reg) & f->mask;

			snprintf(name, sizeof(name), "no creation flags: %s is clear", f->what);
			e2e_report(v == 0, name, "0x%x", v);
			allow[nallow++] = (struct allow){ f->leaf, f->sub, f->reg, f->mask };
		}
		allow[nallow++] = (struct allow){ 0x8000001e, 0, EBX, 0xff00 };
		allow[nallow++] = (struct allow){ 0x1, 0, EBX, 0xff0000 };
		allow[nallow++] = (struct allow){ 0x80000022, 0, EAX, ~0U };
		allow[nallow++] = (struct allow){ 0x80000022, 0, EBX, ~0U };
		i = diff_host(none, allow, nallow, where, sizeof(where));
		e2e_report(i == 0 && none->nent == host->nent,
			   "no creation flags: nothing but the flag-governed bits differs from KVM's CPUID",
			   "%u differences (last: %s)", i, where);
	}
	free(none);
	retire(id);

	/*
	 * Each flag alone brings its bits back to the host's value; SMT is
	 * different: it sets HTT whatever KVM says (checked below).
	 */
	for (i = 0; i < ARRAY_SIZE(flag_bits); i++) {
		const struct flag_bit *f = &flag_bits[i];
		u32 want, got;

		if ((f->flag == F_NESTED && !nested_ok) || f->flag == F_SMT)
			continue;
		id = create_full(f->flag, COMPAT, 0, 0, 0, &status);
		one = id ? get_cpuid(id) : NULL;
		want = reg_of(e2e_cpuid_find(host, f->leaf, f->sub), f->reg) & f->mask;
		got = one ? reg_of(e2e_cpuid_find(one, f->leaf, f->sub), f->reg) & f->mask : ~0U;
		snprintf(name, sizeof(name), "flag 0x%" PRIx64 " alone: %s as KVM offers it (0x%x)",
			 f->flag, f->what, want);
		e2e_report(one && got == want, name, "got 0x%x (create %s)", got,
			   e2e_status_str(status));
		free(one);
		retire(id);
	}

	/* x2APIC without an in-kernel LAPIC, and the LAPIC alone: no x2APIC. */
	{
		static const u64 partial[] = { F_X2APIC, F_LAPIC };

		for (i = 0; i < ARRAY_SIZE(partial); i++) {
			id = create_full(partial[i], COMPAT, 0, 0, 0, NULL);
			one = id ? get_cpuid(id) : NULL;
			snprintf(name, sizeof(name),
				 "%s alone: no x2APIC (CPUID.1:ECX.21 clear)",
				 partial[i] == F_X2APIC ? "X2APIC_CAPABLE" : "LAPIC_ENABLED");
			e2e_report(one && !cpuid_bit(one, 1, 0, ECX, 21), name, "%s",
				   one ? "set" : "no CPUID");
			free(one);
			retire(id);
		}
	}

	/* SMT_ENABLED_GUEST: HTT and two logical processors, else one. */
	for (i = 0; i < 2; i++) {
		u32 ebx, edx;

		id = create_full(i ? F_SMT : 0, COMPAT, 0, 0, 0, NULL);
		one = id ? get_cpuid(id) : NULL;
		ebx = reg_of(e2e_cpuid_find(one, 1, 0), EBX);
		edx = reg_of(e2e_cpuid_find(one, 1, 0), EDX);
		snprintf(name, sizeof(name),
			 "%s: HTT %s, CPUID.1:EBX[23:16] = %u logical processors",
			 i ? "SMT_ENABLED_GUEST" : "no SMT_ENABLED_GUEST",
			 i ? "set" : "clear", i ? 2 : 1);
		e2e_report(one && ((edx >> 28) & 1) == i && ((ebx >> 16) & 0xff) == i + 1,
			   name, "edx 0x%08x ebx 0x%08x", edx, ebx);
		free(one);
		retire(id);
	}

	/* Nested where KVM has it: create works. */
	if (nested_ok) {
		id = create_full(F_NESTED, COMPAT, 0, 0, 0, &status);
		e2e_report(id != 0,
			   "NESTED_VIRTUALIZATION_CAPABLE with kvm_amd nested=1 -> SUCCESS",
			   "%s", e2e_status_str(status));
		if (id) {
			struct res r = typed_init_vm(id);

			expect("...and it initializes (with a VM of this process's)",
			       &r, TYPED, S_OK, false);
			close_fd(&r);
		}
		retire(id);
	} else {
		e2e_note("kvm_amd nested is off: NESTED flag cases left to the nonested phase");
	}
}

/* ---- disabled features in HVPART_GET_CPUID ---------------------------------------- */

/*
 * Leaf 0xD subleaves that disabling AVX removes, as far as KVM reports
 * them: 2 (YMM) and, since AVX-512 goes with AVX, 5 to 7.
 */
static unsigned int avx_subleaves(void)
{
	static const u32 subs[] = { 2, 5, 6, 7 };
	const struct kvm_cpuid_entry2 *e;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(subs); i++) {
		e = e2e_cpuid_find(host, 0xd, subs[i]);
		if (e && e->index == subs[i])
			n++;
	}
	return n;
}

struct feature_case {
	unsigned int bank;	/* 0, 1, or 2 for XSAVE */
	unsigned int bit;
	const char *name;
	u32 leaf, sub;
	unsigned int reg, reg_bit;
	bool alone;		/* the only CPUID bit that changes */
};

static const struct feature_case feature_cases[] = {
	{ 0, 0, "sse3", 0x1, 0, ECX, 0, true },
	{ 0, 1, "lahf_sahf", 0x80000001, 0, ECX, 0, true },
	{ 0, 2, "ssse3", 0x1, 0, ECX, 9, true },
	{ 0, 3, "sse4_1", 0x1, 0, ECX, 19, true },
	{ 0, 4, "sse4_2", 0x1, 0, ECX, 20, true },
	{ 0, 7, "popcnt", 0x1, 0, ECX, 23, true },
	{ 0, 8, "cmpxchg16b", 0x1, 0, ECX, 13, true },
	{ 2, 1, "xsaveopt", 0xd, 1, EAX, 0, true },
	{ 2, 3, "avx2", 0x7, 0, EBX, 5, true },
	{ 2, 4, "fma", 0x1, 0, ECX, 12, true },
	{ 2, 2, "avx", 0x1, 0, ECX, 28, false },
	{ 2, 0, "xsave", 0x1, 0, ECX, 26, false },
};

void test_disabled_cpuid(void)
{
	struct kvm_cpuid2 *c;
	char name[200], where[160];
	unsigned int i, d;
	u64 id, disabled[3];
	struct res r;

	for (i = 0; i < ARRAY_SIZE(feature_cases); i++) {
		const struct feature_case *f = &feature_cases[i];
		int has = cpuid_bit(host, f->leaf, f->sub, f->reg, f->reg_bit);

		if (!has) {
			e2e_note("host lacks %s: its disabled-bit case is skipped", f->name);
			continue;
		}
		memset(disabled, 0, sizeof(disabled));
		disabled[f->bank] = 1ULL << f->bit;
		id = create_full(all_flags(), COMPAT, disabled[0], disabled[1],
				 disabled[2], NULL);
		c = id ? get_cpuid(id) : NULL;
		snprintf(name, sizeof(name),
			 "%s bit %u (%s) disabled: CPUID 0x%x.%u reg %u bit %u clear",
			 f->bank == 2 ? "xsave" : f->bank ? "bank 1" : "bank 0",
			 f->bit, f->name, f->leaf, f->sub, f->reg, f->reg_bit);
		e2e_report(c && !cpuid_bit(c, f->leaf, f->sub, f->reg, f->reg_bit),
			   name, "%s", c ? "still set" : "no CPUID");
		if (c && f->alone) {
			struct allow a[ARRAY_SIZE(smt_allow) + 1] = {
				{ f->leaf, f->sub, f->reg, 1U << f->reg_bit },
			};

			memcpy(a + 1, smt_allow, sizeof(smt_allow));
			d = diff_host(c, a, ARRAY_SIZE(a), where, sizeof(where));
			snprintf(name, sizeof(name),
				 "%s disabled: no other CPUID bit changes", f->name);
			e2e_report(d == 0 && c->nent == host->nent, name,
				   "%u differences (last: %s), nent %u vs %u", d,
				   where, c->nent, host->nent);
		}
		if (c && f->bank == 2 && f->bit == 2) {
			u32 xcr0 = reg_of(e2e_cpuid_find(c, 0xd, 0), EAX);
			bool had_d2 = e2e_cpuid_find(host, 0xd, 2) &&
				      e2e_cpuid_find(host, 0xd, 2)->index == 2;
			const struct kvm_cpuid_entry2 *d2 = e2e_cpuid_find(c, 0xd, 2);

			e2e_report(!(xcr0 & 4) && (xcr0 & 3) == 3,
				   "avx disabled: XCR0 bit 2 (YMM) gone from CPUID 0xD.0 EAX, x87 and SSE stay",
				   "0xD.0 EAX 0x%x (host 0x%x)", xcr0,
				   reg_of(e2e_cpuid_find(host, 0xd, 0), EAX));
			e2e_report(had_d2 && (!d2 || d2->index != 2) &&
				   c->nent == host->nent - avx_subleaves(),
				   "avx disabled: the CPUID 0xD.2 entry is removed (and the AVX-512 ones, if any)",
				   "host had it %d, still there %d, nent %u vs %u - %u",
				   had_d2, d2 && d2->index == 2, c->nent, host->nent,
				   avx_subleaves());
			e2e_report(!cpuid_bit(c, 0x7, 0, EBX, 5) && !cpuid_bit(c, 1, 0, ECX, 12),
				   "avx disabled: AVX2 and FMA (which need AVX) are hidden too",
				   "avx2 %d fma %d", cpuid_bit(c, 0x7, 0, EBX, 5),
				   cpuid_bit(c, 1, 0, ECX, 12));
		}
		if (c && f->bank == 2 && f->bit == 0) {
			e2e_report(!e2e_cpuid_find(c, 0xd, 0) && !cpuid_bit(c, 1, 0, ECX, 28),
				   "xsave disabled: no CPUID leaf 0xD entries and no AVX",
				   "0xD present %d avx %d", e2e_cpuid_find(c, 0xd, 0) != NULL,
				   cpuid_bit(c, 1, 0, ECX, 28));
		}
		free(c);
		retire(id);
	}

	/* SSE4.2 and AVX at once, as the VMM test does. */
	id = create_full(0, COMPAT, 1ULL << 4, 0, 1ULL << 2, NULL);
	c = id ? get_cpuid(id) : NULL;
	e2e_report(c && !cpuid_bit(c, 1, 0, ECX, 20) && !cpuid_bit(c, 1, 0, ECX, 28) &&
		   cpuid_bit(c, 1, 0, ECX, 19) && cpuid_bit(c, 1, 0, ECX, 26),
		   "sse4_2 and avx disabled: SSE4.2 and AVX clear, SSE4.1 and XSAVE set",
		   "ecx 0x%08x", c ? reg_of(e2e_cpuid_find(c, 1, 0), ECX) : 0);
	free(c);

	/* HVPART_GET_CPUID's own rules. */
	c = e2e_alloc_cpuid(CPUID_MAX);
	c->nent = 0;
	r = typed_cpuid_into(id, c, 0);
	e2e_report(r.ret == -1 && r.err == E2BIG && r.status == STATUS_PRESET &&
		   c->nent == host->nent - avx_subleaves(),
		   "get-cpuid with nent 0 -> E2BIG, nent = entries needed, status untouched",
		   "ret %d errno %s status 0x%" PRIx64 " nent %u (want %u)", r.ret,
		   e2e_errname(r.err), r.status, c->nent, host->nent - avx_subleaves());
	c->nent = host->nent - avx_subleaves() - 1;
	r = typed_cpuid_into(id, c, 0);
	e2e_report(r.ret == -1 && r.err == E2BIG && c->nent == host->nent - avx_subleaves(),
		   "get-cpuid with one entry too few -> E2BIG, nent = entries needed",
		   "ret %d errno %s nent %u", r.ret, e2e_errname(r.err), c->nent);
	c->nent = host->nent - avx_subleaves();
	r = typed_cpuid_into(id, c, 0);
	e2e_report(r.ret == 0 && r.status == 0 && c->nent == host->nent - avx_subleaves(),
		   "get-cpuid with exactly the room needed -> SUCCESS",
		   "ret %d errno %s status 0x%" PRIx64 " nent %u", r.ret,
		   e2e_errname(r.err), r.status, c->nent);
	c->nent = CPUID_MAX;
	r = typed_cpuid_into(id, c, 0);
	e2e_report(r.ret == 0 && c->nent == host->nent - avx_subleaves(),
		   "get-cpuid with room to spare -> SUCCESS, nent = entries written",
		   "ret %d nent %u", r.ret, c->nent);
	r = typed_cpuid_into(id, c, 1);
	expect("get-cpuid with reserved 1 -> INVALID_PARAMETER", &r, TYPED, S_PARAM,
	       false);
	{
		struct hvpart_cpuid hc = { .partition_id = id, .status = STATUS_PRESET };
		int ret = ioctl(hv_fd, HVPART_GET_CPUID, &hc);

		e2e_report(ret == -1 && errno == EFAULT,
			   "get-cpuid with cpuid pointer 0 -> EFAULT", "ret %d errno %s",
			   ret, e2e_errname(errno));
	}
	free(c);
	retire(id);
}
