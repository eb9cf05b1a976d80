// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvpart ABI codec, x64 processor features: the Hyper-V feature bits with
 * the CPUID bit each governs (a policy table), the host's banks from KVM's
 * supported CPUID, and the filter that takes a partition's disabled
 * features out of a CPUID table.  Pure C, as the rest of lib/.
 */
#include "hvpart_codec.h"

#define HVC_FEATURE(b, n, l, sl, r, rb, nm) \
	{ .bank = (b), .bit = (n), .leaf = (l), .subleaf = (sl), \
	  .reg = HVC_CPUID_##r, .reg_bit = (rb), .name = (nm) }

/*
 * Hyper-V x64 processor feature bits and the CPUID bit each one governs.
 * Bits without a CPUID bit of their own (mitigation MSRs, hypervisor-only
 * features) are not listed: they are stored but change no CPUID.
 */
const struct hvc_cpuid_feature hvc_x64_features[] = {
	HVC_FEATURE(0, 0, 0x1, 0, ECX, 0, "sse3"),
	HVC_FEATURE(0, 1, 0x80000001, 0, ECX, 0, "lahf_sahf"),
	HVC_FEATURE(0, 2, 0x1, 0, ECX, 9, "ssse3"),
	HVC_FEATURE(0, 3, 0x1, 0, ECX, 19, "sse4_1"),
	HVC_FEATURE(0, 4, 0x1, 0, ECX, 20, "sse4_2"),
	HVC_FEATURE(0, 5, 0x80000001, 0, ECX, 6, "sse4a"),
	HVC_FEATURE(0, 6, 0x80000001, 0, ECX, 11, "xop"),
	HVC_FEATURE(0, 7, 0x1, 0, ECX, 23, "pop_cnt"),
	HVC_FEATURE(0, 8, 0x1, 0, ECX, 13, "cmpxchg16b"),
	HVC_FEATURE(0, 9, 0x80000001, 0, ECX, 4, "altmovcr8"),
	HVC_FEATURE(0, 10, 0x80000001, 0, ECX, 5, "lzcnt"),
	HVC_FEATURE(0, 11, 0x80000001, 0, ECX, 7, "mis_align_sse"),
	HVC_FEATURE(0, 12, 0x80000001, 0, EDX, 22, "mmx_ext"),
	HVC_FEATURE(0, 13, 0x80000001, 0, EDX, 31, "amd3dnow"),
	HVC_FEATURE(0, 14, 0x80000001, 0, EDX, 30, "extended_amd3dnow"),
	HVC_FEATURE(0, 15, 0x80000001, 0, EDX, 26, "page_1gb"),
	HVC_FEATURE(0, 16, 0x1, 0, ECX, 25, "aes"),
	HVC_FEATURE(0, 17, 0x1, 0, ECX, 1, "pclmulqdq"),
	HVC_FEATURE(0, 18, 0x1, 0, ECX, 17, "pcid"),
	HVC_FEATURE(0, 19, 0x80000001, 0, ECX, 16, "fma4"),
	HVC_FEATURE(0, 20, 0x1, 0, ECX, 29, "f16c"),
	HVC_FEATURE(0, 21, 0x1, 0, ECX, 30, "rd_rand"),
	HVC_FEATURE(0, 22, 0x7, 0, EBX, 0, "rd_wr_fs_gs"),
	HVC_FEATURE(0, 23, 0x7, 0, EBX, 7, "smep"),
	HVC_FEATURE(0, 24, 0x7, 0, EBX, 9, "enhanced_fast_string"),
	HVC_FEATURE(0, 25, 0x7, 0, EBX, 3, "bmi1"),
	HVC_FEATURE(0, 26, 0x7, 0, EBX, 8, "bmi2"),
	HVC_FEATURE(0, 29, 0x1, 0, ECX, 22, "movbe"),
	HVC_FEATURE(0, 32, 0x7, 0, EBX, 18, "rd_seed"),
	HVC_FEATURE(0, 33, 0x7, 0, EBX, 19, "adx"),
	HVC_FEATURE(0, 34, 0x80000001, 0, ECX, 8, "intel_prefetch"),
	HVC_FEATURE(0, 35, 0x7, 0, EBX, 20, "smap"),
	HVC_FEATURE(0, 36, 0x7, 0, EBX, 4, "hle"),
	HVC_FEATURE(0, 37, 0x7, 0, EBX, 11, "rtm"),
	HVC_FEATURE(0, 38, 0x80000001, 0, EDX, 27, "rdtscp"),
	HVC_FEATURE(0, 39, 0x7, 0, EBX, 23, "clflushopt"),
	HVC_FEATURE(0, 40, 0x7, 0, EBX, 24, "clwb"),
	HVC_FEATURE(0, 41, 0x7, 0, EBX, 29, "sha"),
	HVC_FEATURE(0, 43, 0x7, 0, EBX, 10, "invpcid"),
	HVC_FEATURE(0, 44, 0x7, 0, EDX, 26, "ibrs"),
	HVC_FEATURE(0, 45, 0x7, 0, EDX, 27, "stibp"),
	HVC_FEATURE(0, 46, 0x80000008, 0, EBX, 12, "ibpb"),
	HVC_FEATURE(0, 49, 0x7, 0, EDX, 4, "fast_short_rep_mov"),
	HVC_FEATURE(0, 50, 0x7, 0, EDX, 28, "l1dcache_flush"),
	HVC_FEATURE(0, 54, 0x80000008, 0, EBX, 26, "ssb_no"),
	HVC_FEATURE(0, 56, 0x80000008, 0, EBX, 25, "virt_spec_ctrl"),
	HVC_FEATURE(0, 57, 0x7, 0, ECX, 22, "rd_pid"),
	HVC_FEATURE(0, 58, 0x7, 0, ECX, 2, "umip"),
	HVC_FEATURE(0, 60, 0x7, 0, EDX, 10, "mb_clear"),
	HVC_FEATURE(1, 0, 0x6, 0, ECX, 0, "acount_mcount"),
	HVC_FEATURE(1, 1, 0x80000007, 0, EDX, 8, "tsc_invariant"),
	HVC_FEATURE(1, 2, 0x80000008, 0, EBX, 0, "cl_zero"),
	HVC_FEATURE(1, 3, 0x80000008, 0, EBX, 4, "rdpru"),
	HVC_FEATURE(1, 4, 0x7, 0, ECX, 16, "la57"),
	HVC_FEATURE(1, 8, 0x7, 0, ECX, 7, "cet_ss"),
	HVC_FEATURE(1, 9, 0x7, 0, EDX, 20, "cet_ibt"),
	HVC_FEATURE(1, 11, 0x7, 0, ECX, 29, "enqcmd"),
	HVC_FEATURE(1, 12, 0x7, 0, ECX, 5, "umwait_tpause"),
	HVC_FEATURE(1, 13, 0x7, 0, ECX, 27, "movdiri"),
	HVC_FEATURE(1, 14, 0x7, 0, ECX, 28, "movdir64b"),
	HVC_FEATURE(1, 15, 0x7, 0, ECX, 25, "cldemote"),
	HVC_FEATURE(1, 16, 0x7, 0, EDX, 14, "serialize"),
	HVC_FEATURE(1, 17, 0x1, 0, ECX, 24, "tsc_deadline_tmr"),
	HVC_FEATURE(1, 18, 0x7, 0, EBX, 1, "tsc_adjust"),
	HVC_FEATURE(1, 19, 0x7, 1, EAX, 10, "fzlrep_movsb"),
	HVC_FEATURE(1, 20, 0x7, 1, EAX, 11, "fsrep_stosb"),
	HVC_FEATURE(1, 21, 0x7, 1, EAX, 12, "fsrep_cmpsb"),
	HVC_FEATURE(HVC_BANK_XSAVE, 0, 0x1, 0, ECX, 26, "xsave"),
	HVC_FEATURE(HVC_BANK_XSAVE, 1, 0xd, 1, EAX, 0, "xsaveopt"),
	HVC_FEATURE(HVC_BANK_XSAVE, 2, 0x1, 0, ECX, 28, "avx"),
	HVC_FEATURE(HVC_BANK_XSAVE, 3, 0x7, 0, EBX, 5, "avx2"),
	HVC_FEATURE(HVC_BANK_XSAVE, 4, 0x1, 0, ECX, 12, "fma"),
	HVC_FEATURE(HVC_BANK_XSAVE, 5, 0x7, 0, EBX, 14, "mpx"),
	HVC_FEATURE(HVC_BANK_XSAVE, 6, 0x7, 0, EBX, 16, "avx512"),
	HVC_FEATURE(HVC_BANK_XSAVE, 7, 0x7, 0, EBX, 17, "avx512_dq"),
	HVC_FEATURE(HVC_BANK_XSAVE, 8, 0x7, 0, EBX, 28, "avx512_cd"),
	HVC_FEATURE(HVC_BANK_XSAVE, 9, 0x7, 0, EBX, 30, "avx512_bw"),
	HVC_FEATURE(HVC_BANK_XSAVE, 10, 0x7, 0, EBX, 31, "avx512_vl"),
	HVC_FEATURE(HVC_BANK_XSAVE, 11, 0xd, 1, EAX, 1, "xsave_comp"),
	HVC_FEATURE(HVC_BANK_XSAVE, 12, 0xd, 1, EAX, 3, "xsave_supervisor"),
	HVC_FEATURE(HVC_BANK_XSAVE, 13, 0xd, 1, EAX, 2, "xcr1"),
	HVC_FEATURE(HVC_BANK_XSAVE, 14, 0x7, 0, ECX, 12, "avx512_bitalg"),
	HVC_FEATURE(HVC_BANK_XSAVE, 15, 0x7, 0, EBX, 21, "avx512_ifma"),
	HVC_FEATURE(HVC_BANK_XSAVE, 16, 0x7, 0, ECX, 1, "avx512_vbmi"),
	HVC_FEATURE(HVC_BANK_XSAVE, 17, 0x7, 0, ECX, 6, "avx512_vbmi2"),
	HVC_FEATURE(HVC_BANK_XSAVE, 18, 0x7, 0, ECX, 11, "avx512_vnni"),
	HVC_FEATURE(HVC_BANK_XSAVE, 19, 0x7, 0, ECX, 8, "gfni"),
	HVC_FEATURE(HVC_BANK_XSAVE, 20, 0x7, 0, ECX, 9, "vaes"),
	HVC_FEATURE(HVC_BANK_XSAVE, 21, 0x7, 0, ECX, 14, "avx512_vpopcntdq"),
	HVC_FEATURE(HVC_BANK_XSAVE, 22, 0x7, 0, ECX, 10, "vpclmulqdq"),
	HVC_FEATURE(HVC_BANK_XSAVE, 23, 0x7, 1, EAX, 5, "avx512_bf16"),
	HVC_FEATURE(HVC_BANK_XSAVE, 24, 0x7, 0, EDX, 8, "avx512_vp2_intersect"),
	HVC_FEATURE(HVC_BANK_XSAVE, 25, 0x7, 0, EDX, 23, "avx512_fp16"),
	HVC_FEATURE(HVC_BANK_XSAVE, 27, 0x7, 0, EDX, 24, "amx_tile"),
	HVC_FEATURE(HVC_BANK_XSAVE, 28, 0x7, 0, EDX, 22, "amx_bf16"),
	HVC_FEATURE(HVC_BANK_XSAVE, 29, 0x7, 0, EDX, 25, "amx_int8"),
	HVC_FEATURE(HVC_BANK_XSAVE, 30, 0x7, 1, EAX, 4, "avx_vnni"),
};

const unsigned int hvc_x64_feature_count = HVC_ARRAY_SIZE(hvc_x64_features);

/* Index of the entry for leaf/subleaf, or count when there is none. */
static u32 hvc_cpuid_index(const struct hvc_cpuid_entry *entries, u32 count,
			   u32 leaf, u32 subleaf)
{
	u32 i;

	/*
	 * The lookup KVM itself does (cpuid_entry2_find()): the first entry
	 * of the leaf that either has this subleaf or does not mark its
	 * subleaf significant (KVM_CPUID_FLAG_SIGNIFCANT_INDEX).
	 */
	for (i = 0; i < count; i++)
		if (entries[i].function == leaf &&
		    (entries[i].index == subleaf || !(entries[i].flags & 1)))
			break;
	return i;
}

static struct hvc_cpuid_entry *hvc_cpuid_find(struct hvc_cpuid_entry *entries,
					      u32 count, u32 leaf, u32 subleaf)
{
	u32 i = hvc_cpuid_index(entries, count, leaf, subleaf);

	return i < count ? &entries[i] : NULL;
}

/**
 * hvc_cpuid_host_banks() - the feature banks a CPUID table offers
 * @entries: CPUID entries, e.g. KVM_GET_SUPPORTED_CPUID's.
 * @count: how many.
 * @banks: bank 0, bank 1 and the XSAVE bank: a bit is set when its CPUID
 *	bit is set in @entries.
 */
void hvc_cpuid_host_banks(const struct hvc_cpuid_entry *entries, u32 count,
			  u64 banks[HVC_BANKS])
{
	const struct hvc_cpuid_feature *f;
	unsigned int i;
	u32 e;

	banks[0] = banks[1] = banks[HVC_BANK_XSAVE] = 0;
	for (i = 0; i < hvc_x64_feature_count; i++) {
		f = &hvc_x64_features[i];
		e = hvc_cpuid_index(entries, count, f->leaf, f->subleaf);
		if (e < count && (entries[e].regs[f->reg] >> f->reg_bit) & 1)
			banks[f->bank] |= 1ULL << f->bit;
	}
}

/*
 * Features that cannot work without another one's state: XSAVE-bank bits
 * that need YMM (AVX), those that need the AVX-512 state, the AMX ones
 * that need tile state, and bank 0's VEX-encoded xop, fma4 and f16c.
 */
#define HVC_XSAVE_NEEDS_AVX	0x0000000043f7c7d8ULL	/* 3,4,6-10,14-18,20-25,30 */
#define HVC_XSAVE_NEEDS_AVX512	0x0000000003a7c7c0ULL	/* 6-10,14-18,21,23-25 */
#define HVC_XSAVE_NEEDS_AMX	0x0000000030000000ULL	/* 28,29 */
#define HVC_BANK0_NEEDS_AVX	0x0000000000180040ULL	/* 6,19,20 */

static void hvc_cpuid_clear(struct hvc_cpuid_entry *entries, u32 count,
			    u32 leaf, u32 subleaf, unsigned int reg,
			    unsigned int bit)
{
	struct hvc_cpuid_entry *e = hvc_cpuid_find(entries, count, leaf, subleaf);

	if (e)
		e->regs[reg] &= ~(1U << bit);
}

static void hvc_cpuid_zero(struct hvc_cpuid_entry *entries, u32 count,
			   u32 leaf)
{
	struct hvc_cpuid_entry *e = hvc_cpuid_find(entries, count, leaf, 0);

	if (e)
		memset(e->regs, 0, sizeof(e->regs));
}

/* XSAVE state components (XCR0 bits) that a disabled feature takes away. */
static u64 hvc_xcr0_removed(u64 xsave_disabled)
{
	u64 removed = 0;

	if (xsave_disabled & (1ULL << 2))	/* avx: YMM */
		removed |= 1ULL << 2;
	if (xsave_disabled & (1ULL << 5))	/* mpx: BNDREGS, BNDCSR */
		removed |= 3ULL << 3;
	if (xsave_disabled & (1ULL << 6))	/* avx512: opmask, ZMM */
		removed |= 7ULL << 5;
	if (xsave_disabled & (1ULL << 27))	/* amx_tile: TILECFG, TILEDATA */
		removed |= 3ULL << 17;
	return removed;
}

/**
 * hvc_cpuid_filter() - make a CPUID table what a partition offers
 * @entries: the host's (KVM's supported) CPUID entries, changed in place.
 * @count: how many.
 * @cpu: the partition's disabled features and creation flags.
 *
 * Clears the CPUID bit of every disabled feature.  Disabling XSAVE hides
 * every XSAVE-managed feature and leaf 0xD; disabling AVX (or AVX-512)
 * hides what depends on it.  Removed XSAVE state components leave XCR0's
 * supported mask (leaf 0xD subleaf 0) and lose their own 0xD subleaf.
 * Creation flags: x2APIC only with X2APIC_CAPABLE and LAPIC_ENABLED (KVM
 * emulates x2APIC only in an in-kernel LAPIC); SVM and VMX only with
 * NESTED_VIRTUALIZATION_CAPABLE; SMT_ENABLED_GUEST sets HTT and two
 * logical processors per package in leaf 1, its absence clears HTT and
 * says one; without ENABLE_PERFMON_PMU no architectural PMU (leaf 0xA,
 * PerfCtrExtCore, leaf 0x80000022).
 *
 * Return: the number of entries left; removed ones are compacted away.
 */
u32 hvc_cpuid_filter(struct hvc_cpuid_entry *entries, u32 count,
		     const struct hvc_partition_cpu *cpu)
{
	const struct hvc_cpuid_feature *f;
	u64 disabled[HVC_BANKS];
	struct hvc_cpuid_entry *e;
	u64 xcr0_removed;
	unsigned int i;
	u32 out;

	memcpy(disabled, cpu->disabled, sizeof(disabled));
	if (disabled[HVC_BANK_XSAVE] & 1)
		disabled[HVC_BANK_XSAVE] = ~0ULL;
	if (disabled[HVC_BANK_XSAVE] & (1ULL << 2)) {
		disabled[HVC_BANK_XSAVE] |= HVC_XSAVE_NEEDS_AVX;
		disabled[0] |= HVC_BANK0_NEEDS_AVX;
	}
	if (disabled[HVC_BANK_XSAVE] & (1ULL << 6))
		disabled[HVC_BANK_XSAVE] |= HVC_XSAVE_NEEDS_AVX512;
	if (disabled[HVC_BANK_XSAVE] & (1ULL << 27))
		disabled[HVC_BANK_XSAVE] |= HVC_XSAVE_NEEDS_AMX;

	for (i = 0; i < hvc_x64_feature_count; i++) {
		f = &hvc_x64_features[i];
		if (disabled[f->bank] & (1ULL << f->bit))
			hvc_cpuid_clear(entries, count, f->leaf, f->subleaf,
					f->reg, f->reg_bit);
	}
	/* OSXSAVE mirrors CR4.OSXSAVE, which needs XSAVE. */
	if (disabled[HVC_BANK_XSAVE] & 1)
		hvc_cpuid_clear(entries, count, 0x1, 0, HVC_CPUID_ECX, 27);

	if (!(cpu->flags & HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE) ||
	    !(cpu->flags & HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED))
		hvc_cpuid_clear(entries, count, 0x1, 0, HVC_CPUID_ECX, 21);
	if (!(cpu->flags & HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE)) {
		hvc_cpuid_clear(entries, count, 0x1, 0, HVC_CPUID_ECX, 5);
		hvc_cpuid_clear(entries, count, 0x80000001, 0, HVC_CPUID_ECX, 2);
	}
	/* KVM reports no topology; the VMM fills in leaves 0xB and 0x1F. */
	e = hvc_cpuid_find(entries, count, 0x1, 0);
	if (e) {
		e->regs[HVC_CPUID_EBX] &= ~0x00ff0000U;
		if (cpu->flags & HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST) {
			e->regs[HVC_CPUID_EDX] |= 1U << 28;
			e->regs[HVC_CPUID_EBX] |= 2U << 16;
		} else {
			e->regs[HVC_CPUID_EDX] &= ~(1U << 28);
			e->regs[HVC_CPUID_EBX] |= 1U << 16;
		}
	}
	if (!(cpu->flags & HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU)) {
		hvc_cpuid_zero(entries, count, 0xa);
		hvc_cpuid_zero(entries, count, 0x80000022);
		hvc_cpuid_clear(entries, count, 0x80000001, 0, HVC_CPUID_ECX, 23);
	}

	xcr0_removed = hvc_xcr0_removed(disabled[HVC_BANK_XSAVE]);
	for (i = 0, out = 0; i < count; i++) {
		e = &entries[i];
		if (e->function == 0xd) {
			if (disabled[HVC_BANK_XSAVE] & 1)
				continue;
			if (e->index >= 2 && e->index < 64 &&
			    (xcr0_removed >> e->index) & 1)
				continue;
			if (e->index == 0) {
				e->regs[HVC_CPUID_EAX] &= ~(u32)xcr0_removed;
				e->regs[HVC_CPUID_EDX] &= ~(u32)(xcr0_removed >> 32);
			}
		}
		if (out != i)
			entries[out] = *e;
		out++;
	}
	return out;
}

#define HVC_SYNTHETIC(n, l, r, rb, nm) \
	{ .bit = (n), .leaf = (l), .reg = HVC_CPUID_##r, .reg_bit = (rb), \
	  .name = (nm) }

/* "Hv#1" in CPUID 0x40000001 EAX: the interface of the Hyper-V TLFS. */
#define HVC_HV_INTERFACE_HV1	0x31237648

/*
 * The named HvSyntheticProcessorFeatures bits.  Those KVM emulates come
 * with the bit of KVM's Hyper-V CPUID (KVM_GET_SUPPORTED_HV_CPUID) that
 * says so; leaf 0 marks one KVM has no emulation of (on x86; arm64 KVM
 * has none at all).  hypervisor_present and hv1 are the interface leaf
 * itself: see hvc_hv_cpuid_synthetic().
 */
const struct hvc_cpuid_feature hvc_synthetic_features[] = {
	HVC_SYNTHETIC(0, 0x40000001, EAX, 0, "hypervisor_present"),
	HVC_SYNTHETIC(1, 0x40000001, EAX, 0, "hv1"),
	HVC_SYNTHETIC(2, 0x40000003, EAX, 0, "access_vp_run_time_reg"),
	HVC_SYNTHETIC(3, 0x40000003, EAX, 1, "access_partition_reference_counter"),
	HVC_SYNTHETIC(4, 0x40000003, EAX, 2, "access_synic_regs"),
	HVC_SYNTHETIC(5, 0x40000003, EAX, 3, "access_synthetic_timer_regs"),
	HVC_SYNTHETIC(6, 0x40000003, EAX, 4, "access_intr_ctrl_regs"),
	HVC_SYNTHETIC(7, 0x40000003, EAX, 5, "access_hypercall_regs"),
	HVC_SYNTHETIC(8, 0x40000003, EAX, 6, "access_vp_index"),
	HVC_SYNTHETIC(9, 0x40000003, EAX, 9, "access_partition_reference_tsc"),
	HVC_SYNTHETIC(10, 0x40000003, EAX, 10, "access_guest_idle_reg"),
	HVC_SYNTHETIC(11, 0x40000003, EAX, 11, "access_frequency_regs"),
	HVC_SYNTHETIC(15, 0, EAX, 0, "enable_extended_gva_ranges_flush"),
	HVC_SYNTHETIC(18, 0x40000003, EDX, 15, "fast_hypercall_output"),
	HVC_SYNTHETIC(20, 0, EAX, 0, "start_virtual_processor"),
	HVC_SYNTHETIC(22, 0x40000003, EDX, 19, "direct_synthetic_timers"),
	HVC_SYNTHETIC(24, 0x40000004, EAX, 11, "extended_processor_masks"),
	HVC_SYNTHETIC(25, 0x40000004, EAX, 2, "tb_flush_hypercalls"),
	HVC_SYNTHETIC(26, 0x40000004, EAX, 10, "synthetic_cluster_ipi"),
	HVC_SYNTHETIC(27, 0, EAX, 0, "notify_long_spin_wait"),
	HVC_SYNTHETIC(28, 0, EAX, 0, "query_numa_distance"),
	HVC_SYNTHETIC(29, 0x40000003, EBX, 5, "signal_events"),
	HVC_SYNTHETIC(30, 0, EAX, 0, "retarget_device_interrupt"),
	HVC_SYNTHETIC(31, 0, EAX, 0, "restore_time"),
	HVC_SYNTHETIC(32, 0x40000004, EAX, 14, "enlightened_vmcs"),
};

const unsigned int hvc_synthetic_feature_count =
	HVC_ARRAY_SIZE(hvc_synthetic_features);

/**
 * hvc_hv_cpuid_synthetic() - the synthetic features a Hyper-V CPUID offers
 * @entries: KVM_GET_SUPPORTED_HV_CPUID's entries.
 * @count: how many.
 *
 * Return: HVPART_SYNTHETIC_* bits, each set when KVM emulates it: the
 * interface leaf says "Hv#1" for the first two, the feature's own CPUID
 * bit for the rest.  0 when KVM has no Hyper-V emulation.
 */
u64 hvc_hv_cpuid_synthetic(const struct hvc_cpuid_entry *entries, u32 count)
{
	const struct hvc_cpuid_feature *f;
	u64 offered = 0;
	unsigned int i;
	u32 e;

	e = hvc_cpuid_index(entries, count, 0x40000001, 0);
	if (e == count || entries[e].regs[HVC_CPUID_EAX] != HVC_HV_INTERFACE_HV1)
		return 0;
	for (i = 0; i < hvc_synthetic_feature_count; i++) {
		f = &hvc_synthetic_features[i];
		if (!f->leaf)
			continue;
		e = hvc_cpuid_index(entries, count, f->leaf, 0);
		if (e == count)
			continue;
		if (f->leaf == 0x40000001 ||
		    (entries[e].regs[f->reg] >> f->reg_bit) & 1)
			offered |= 1ULL << f->bit;
	}
	return offered;
}
