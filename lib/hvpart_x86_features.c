// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvpart ABI codec, x64 processor features: the Hyper-V feature bits with
 * the CPUID bit each governs (a policy table), the host's banks from KVM's
 * supported CPUID, and the filter that takes a partition's disabled
 * features out of a CPUID table.  Pure C, as the rest of lib/.
 */
#include "hvpart_codec.h"

/* @cpuid: HVC_X86_* (hvpart_x86_cpuid.h). */
#define HVC_FEATURE(b, n, cpuid, nm) \
	{ .bank = (b), .bit = (n), .leaf = HVC_CPUID_BIT_LEAF(cpuid), \
	  .subleaf = HVC_CPUID_BIT_SUBLEAF(cpuid), \
	  .reg = HVC_CPUID_BIT_REG(cpuid), .reg_bit = HVC_CPUID_BIT_NR(cpuid), \
	  .name = (nm) }

/* XSAVE bank bits the filter follows the dependencies of. */
#define HVC_XSAVE_BANK_XSAVE	(1ULL << 0)
#define HVC_XSAVE_BANK_AVX	(1ULL << 2)
#define HVC_XSAVE_BANK_MPX	(1ULL << 5)
#define HVC_XSAVE_BANK_AVX512	(1ULL << 6)
#define HVC_XSAVE_BANK_AMX_TILE	(1ULL << 27)

/*
 * Hyper-V x64 processor feature bits and the CPUID bit each one governs.
 * Bits without a CPUID bit of their own (mitigation MSRs, hypervisor-only
 * features) are not listed: they are stored but change no CPUID.
 */
const struct hvc_cpuid_feature hvc_x64_features[] = {
	HVC_FEATURE(0, 0, HVC_X86_SSE3, "sse3"),
	HVC_FEATURE(0, 1, HVC_X86_LAHF_SAHF, "lahf_sahf"),
	HVC_FEATURE(0, 2, HVC_X86_SSSE3, "ssse3"),
	HVC_FEATURE(0, 3, HVC_X86_SSE4_1, "sse4_1"),
	HVC_FEATURE(0, 4, HVC_X86_SSE4_2, "sse4_2"),
	HVC_FEATURE(0, 5, HVC_X86_SSE4A, "sse4a"),
	HVC_FEATURE(0, 6, HVC_X86_XOP, "xop"),
	HVC_FEATURE(0, 7, HVC_X86_POP_CNT, "pop_cnt"),
	HVC_FEATURE(0, 8, HVC_X86_CMPXCHG16B, "cmpxchg16b"),
	HVC_FEATURE(0, 9, HVC_X86_ALTMOVCR8, "altmovcr8"),
	HVC_FEATURE(0, 10, HVC_X86_LZCNT, "lzcnt"),
	HVC_FEATURE(0, 11, HVC_X86_MIS_ALIGN_SSE, "mis_align_sse"),
	HVC_FEATURE(0, 12, HVC_X86_MMX_EXT, "mmx_ext"),
	HVC_FEATURE(0, 13, HVC_X86_AMD3DNOW, "amd3dnow"),
	HVC_FEATURE(0, 14, HVC_X86_EXTENDED_AMD3DNOW, "extended_amd3dnow"),
	HVC_FEATURE(0, 15, HVC_X86_PAGE_1GB, "page_1gb"),
	HVC_FEATURE(0, 16, HVC_X86_AES, "aes"),
	HVC_FEATURE(0, 17, HVC_X86_PCLMULQDQ, "pclmulqdq"),
	HVC_FEATURE(0, 18, HVC_X86_PCID, "pcid"),
	HVC_FEATURE(0, 19, HVC_X86_FMA4, "fma4"),
	HVC_FEATURE(0, 20, HVC_X86_F16C, "f16c"),
	HVC_FEATURE(0, 21, HVC_X86_RD_RAND, "rd_rand"),
	HVC_FEATURE(0, 22, HVC_X86_RD_WR_FS_GS, "rd_wr_fs_gs"),
	HVC_FEATURE(0, 23, HVC_X86_SMEP, "smep"),
	HVC_FEATURE(0, 24, HVC_X86_ENHANCED_FAST_STRING, "enhanced_fast_string"),
	HVC_FEATURE(0, 25, HVC_X86_BMI1, "bmi1"),
	HVC_FEATURE(0, 26, HVC_X86_BMI2, "bmi2"),
	HVC_FEATURE(0, 29, HVC_X86_MOVBE, "movbe"),
	HVC_FEATURE(0, 32, HVC_X86_RD_SEED, "rd_seed"),
	HVC_FEATURE(0, 33, HVC_X86_ADX, "adx"),
	HVC_FEATURE(0, 34, HVC_X86_INTEL_PREFETCH, "intel_prefetch"),
	HVC_FEATURE(0, 35, HVC_X86_SMAP, "smap"),
	HVC_FEATURE(0, 36, HVC_X86_HLE, "hle"),
	HVC_FEATURE(0, 37, HVC_X86_RTM, "rtm"),
	HVC_FEATURE(0, 38, HVC_X86_RDTSCP, "rdtscp"),
	HVC_FEATURE(0, 39, HVC_X86_CLFLUSHOPT, "clflushopt"),
	HVC_FEATURE(0, 40, HVC_X86_CLWB, "clwb"),
	HVC_FEATURE(0, 41, HVC_X86_SHA, "sha"),
	HVC_FEATURE(0, 43, HVC_X86_INVPCID, "invpcid"),
	HVC_FEATURE(0, 44, HVC_X86_IBRS, "ibrs"),
	HVC_FEATURE(0, 45, HVC_X86_STIBP, "stibp"),
	HVC_FEATURE(0, 46, HVC_X86_IBPB, "ibpb"),
	HVC_FEATURE(0, 49, HVC_X86_FAST_SHORT_REP_MOV, "fast_short_rep_mov"),
	HVC_FEATURE(0, 50, HVC_X86_L1DCACHE_FLUSH, "l1dcache_flush"),
	HVC_FEATURE(0, 54, HVC_X86_SSB_NO, "ssb_no"),
	HVC_FEATURE(0, 56, HVC_X86_VIRT_SPEC_CTRL, "virt_spec_ctrl"),
	HVC_FEATURE(0, 57, HVC_X86_RD_PID, "rd_pid"),
	HVC_FEATURE(0, 58, HVC_X86_UMIP, "umip"),
	HVC_FEATURE(0, 60, HVC_X86_MB_CLEAR, "mb_clear"),
	HVC_FEATURE(1, 0, HVC_X86_ACOUNT_MCOUNT, "acount_mcount"),
	HVC_FEATURE(1, 1, HVC_X86_TSC_INVARIANT, "tsc_invariant"),
	HVC_FEATURE(1, 2, HVC_X86_CL_ZERO, "cl_zero"),
	HVC_FEATURE(1, 3, HVC_X86_RDPRU, "rdpru"),
	HVC_FEATURE(1, 4, HVC_X86_LA57, "la57"),
	HVC_FEATURE(1, 8, HVC_X86_CET_SS, "cet_ss"),
	HVC_FEATURE(1, 9, HVC_X86_CET_IBT, "cet_ibt"),
	HVC_FEATURE(1, 11, HVC_X86_ENQCMD, "enqcmd"),
	HVC_FEATURE(1, 12, HVC_X86_UMWAIT_TPAUSE, "umwait_tpause"),
	HVC_FEATURE(1, 13, HVC_X86_MOVDIRI, "movdiri"),
	HVC_FEATURE(1, 14, HVC_X86_MOVDIR64B, "movdir64b"),
	HVC_FEATURE(1, 15, HVC_X86_CLDEMOTE, "cldemote"),
	HVC_FEATURE(1, 16, HVC_X86_SERIALIZE, "serialize"),
	HVC_FEATURE(1, 17, HVC_X86_TSC_DEADLINE_TMR, "tsc_deadline_tmr"),
	HVC_FEATURE(1, 18, HVC_X86_TSC_ADJUST, "tsc_adjust"),
	HVC_FEATURE(1, 19, HVC_X86_FZLREP_MOVSB, "fzlrep_movsb"),
	HVC_FEATURE(1, 20, HVC_X86_FSREP_STOSB, "fsrep_stosb"),
	HVC_FEATURE(1, 21, HVC_X86_FSREP_CMPSB, "fsrep_cmpsb"),
	HVC_FEATURE(HVC_BANK_XSAVE, 0, HVC_X86_XSAVE, "xsave"),
	HVC_FEATURE(HVC_BANK_XSAVE, 1, HVC_X86_XSAVEOPT, "xsaveopt"),
	HVC_FEATURE(HVC_BANK_XSAVE, 2, HVC_X86_AVX, "avx"),
	HVC_FEATURE(HVC_BANK_XSAVE, 3, HVC_X86_AVX2, "avx2"),
	HVC_FEATURE(HVC_BANK_XSAVE, 4, HVC_X86_FMA, "fma"),
	HVC_FEATURE(HVC_BANK_XSAVE, 5, HVC_X86_MPX, "mpx"),
	HVC_FEATURE(HVC_BANK_XSAVE, 6, HVC_X86_AVX512, "avx512"),
	HVC_FEATURE(HVC_BANK_XSAVE, 7, HVC_X86_AVX512_DQ, "avx512_dq"),
	HVC_FEATURE(HVC_BANK_XSAVE, 8, HVC_X86_AVX512_CD, "avx512_cd"),
	HVC_FEATURE(HVC_BANK_XSAVE, 9, HVC_X86_AVX512_BW, "avx512_bw"),
	HVC_FEATURE(HVC_BANK_XSAVE, 10, HVC_X86_AVX512_VL, "avx512_vl"),
	HVC_FEATURE(HVC_BANK_XSAVE, 11, HVC_X86_XSAVE_COMP, "xsave_comp"),
	HVC_FEATURE(HVC_BANK_XSAVE, 12, HVC_X86_XSAVE_SUPERVISOR, "xsave_supervisor"),
	HVC_FEATURE(HVC_BANK_XSAVE, 13, HVC_X86_XCR1, "xcr1"),
	HVC_FEATURE(HVC_BANK_XSAVE, 14, HVC_X86_AVX512_BITALG, "avx512_bitalg"),
	HVC_FEATURE(HVC_BANK_XSAVE, 15, HVC_X86_AVX512_IFMA, "avx512_ifma"),
	HVC_FEATURE(HVC_BANK_XSAVE, 16, HVC_X86_AVX512_VBMI, "avx512_vbmi"),
	HVC_FEATURE(HVC_BANK_XSAVE, 17, HVC_X86_AVX512_VBMI2, "avx512_vbmi2"),
	HVC_FEATURE(HVC_BANK_XSAVE, 18, HVC_X86_AVX512_VNNI, "avx512_vnni"),
	HVC_FEATURE(HVC_BANK_XSAVE, 19, HVC_X86_GFNI, "gfni"),
	HVC_FEATURE(HVC_BANK_XSAVE, 20, HVC_X86_VAES, "vaes"),
	HVC_FEATURE(HVC_BANK_XSAVE, 21, HVC_X86_AVX512_VPOPCNTDQ, "avx512_vpopcntdq"),
	HVC_FEATURE(HVC_BANK_XSAVE, 22, HVC_X86_VPCLMULQDQ, "vpclmulqdq"),
	HVC_FEATURE(HVC_BANK_XSAVE, 23, HVC_X86_AVX512_BF16, "avx512_bf16"),
	HVC_FEATURE(HVC_BANK_XSAVE, 24, HVC_X86_AVX512_VP2_INTERSECT, "avx512_vp2_intersect"),
	HVC_FEATURE(HVC_BANK_XSAVE, 25, HVC_X86_AVX512_FP16, "avx512_fp16"),
	HVC_FEATURE(HVC_BANK_XSAVE, 27, HVC_X86_AMX_TILE, "amx_tile"),
	HVC_FEATURE(HVC_BANK_XSAVE, 28, HVC_X86_AMX_BF16, "amx_bf16"),
	HVC_FEATURE(HVC_BANK_XSAVE, 29, HVC_X86_AMX_INT8, "amx_int8"),
	HVC_FEATURE(HVC_BANK_XSAVE, 30, HVC_X86_AVX_VNNI, "avx_vnni"),
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

/*
 * Set (@on) or clear one CPUID bit (@cpuid: an HVC_X86_*) where its leaf
 * is listed.
 */
static void hvc_cpuid_assign(struct hvc_cpuid_entry *entries, u32 count,
			     u64 cpuid, bool on)
{
	struct hvc_cpuid_entry *e =
		hvc_cpuid_find(entries, count, HVC_CPUID_BIT_LEAF(cpuid),
			       HVC_CPUID_BIT_SUBLEAF(cpuid));
	u32 bit = 1U << HVC_CPUID_BIT_NR(cpuid);

	if (e && on)
		e->regs[HVC_CPUID_BIT_REG(cpuid)] |= bit;
	else if (e)
		e->regs[HVC_CPUID_BIT_REG(cpuid)] &= ~bit;
}

static void hvc_cpuid_clear(struct hvc_cpuid_entry *entries, u32 count,
			    u64 cpuid)
{
	hvc_cpuid_assign(entries, count, cpuid, false);
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

	if (xsave_disabled & HVC_XSAVE_BANK_AVX)
		removed |= HVC_XCR0_YMM;
	if (xsave_disabled & HVC_XSAVE_BANK_MPX)
		removed |= HVC_XCR0_MPX;
	if (xsave_disabled & HVC_XSAVE_BANK_AVX512)
		removed |= HVC_XCR0_AVX512;
	if (xsave_disabled & HVC_XSAVE_BANK_AMX_TILE)
		removed |= HVC_XCR0_AMX;
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
	bool smt;
	u32 out;

	memcpy(disabled, cpu->disabled, sizeof(disabled));
	if (disabled[HVC_BANK_XSAVE] & HVC_XSAVE_BANK_XSAVE)
		disabled[HVC_BANK_XSAVE] = ~0ULL;
	if (disabled[HVC_BANK_XSAVE] & HVC_XSAVE_BANK_AVX) {
		disabled[HVC_BANK_XSAVE] |= HVC_XSAVE_NEEDS_AVX;
		disabled[0] |= HVC_BANK0_NEEDS_AVX;
	}
	if (disabled[HVC_BANK_XSAVE] & HVC_XSAVE_BANK_AVX512)
		disabled[HVC_BANK_XSAVE] |= HVC_XSAVE_NEEDS_AVX512;
	if (disabled[HVC_BANK_XSAVE] & HVC_XSAVE_BANK_AMX_TILE)
		disabled[HVC_BANK_XSAVE] |= HVC_XSAVE_NEEDS_AMX;

	for (i = 0; i < hvc_x64_feature_count; i++) {
		f = &hvc_x64_features[i];
		if (disabled[f->bank] & (1ULL << f->bit))
			hvc_cpuid_clear(entries, count,
					HVC_CPUID_BIT_OF(f->leaf, f->subleaf,
							 f->reg, f->reg_bit));
	}
	/* OSXSAVE mirrors CR4.OSXSAVE, which needs XSAVE. */
	if (disabled[HVC_BANK_XSAVE] & HVC_XSAVE_BANK_XSAVE)
		hvc_cpuid_clear(entries, count, HVC_X86_OSXSAVE);

	if (!(cpu->flags & HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE) ||
	    !(cpu->flags & HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED))
		hvc_cpuid_clear(entries, count, HVC_X86_X2APIC);
	if (!(cpu->flags & HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE)) {
		hvc_cpuid_clear(entries, count, HVC_X86_VMX);
		hvc_cpuid_clear(entries, count, HVC_X86_SVM);
	}
	/* KVM reports no topology; the VMM fills in leaves 0xB and 0x1F. */
	e = hvc_cpuid_find(entries, count, HVC_CPUID_LEAF_FEATURES, 0);
	if (e) {
		e->regs[HVC_CPUID_EBX] &= ~HVC_CPUID_1_EBX_LOGICAL_MASK;
		smt = cpu->flags & HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST;
		hvc_cpuid_assign(entries, count, HVC_X86_HTT, smt);
		e->regs[HVC_CPUID_EBX] |=
			(smt ? 2U : 1U) << HVC_CPUID_1_EBX_LOGICAL_SHIFT;
	}
	if (!(cpu->flags & HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU)) {
		hvc_cpuid_zero(entries, count, HVC_CPUID_LEAF_PMU);
		hvc_cpuid_zero(entries, count, HVC_CPUID_LEAF_EXT_PMU);
		hvc_cpuid_clear(entries, count, HVC_X86_PERFCTR_CORE);
	}

	xcr0_removed = hvc_xcr0_removed(disabled[HVC_BANK_XSAVE]);
	for (i = 0, out = 0; i < count; i++) {
		e = &entries[i];
		if (e->function == HVC_CPUID_LEAF_XSAVE) {
			if (disabled[HVC_BANK_XSAVE] & HVC_XSAVE_BANK_XSAVE)
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

/* @cpuid: HVC_HV_* or HVC_CPUID_NONE. */
#define HVC_SYNTHETIC(n, cpuid, nm) \
	{ .bit = (n), .leaf = HVC_CPUID_BIT_LEAF(cpuid), \
	  .subleaf = HVC_CPUID_BIT_SUBLEAF(cpuid), \
	  .reg = HVC_CPUID_BIT_REG(cpuid), .reg_bit = HVC_CPUID_BIT_NR(cpuid), \
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
	HVC_SYNTHETIC(0, HVC_HV_HYPERVISOR_PRESENT, "hypervisor_present"),
	HVC_SYNTHETIC(1, HVC_HV_HV1, "hv1"),
	HVC_SYNTHETIC(2, HVC_HV_ACCESS_VP_RUN_TIME_REG, "access_vp_run_time_reg"),
	HVC_SYNTHETIC(3, HVC_HV_ACCESS_PARTITION_REFERENCE_COUNTER, "access_partition_reference_counter"),
	HVC_SYNTHETIC(4, HVC_HV_ACCESS_SYNIC_REGS, "access_synic_regs"),
	HVC_SYNTHETIC(5, HVC_HV_ACCESS_SYNTHETIC_TIMER_REGS, "access_synthetic_timer_regs"),
	HVC_SYNTHETIC(6, HVC_HV_ACCESS_INTR_CTRL_REGS, "access_intr_ctrl_regs"),
	HVC_SYNTHETIC(7, HVC_HV_ACCESS_HYPERCALL_REGS, "access_hypercall_regs"),
	HVC_SYNTHETIC(8, HVC_HV_ACCESS_VP_INDEX, "access_vp_index"),
	HVC_SYNTHETIC(9, HVC_HV_ACCESS_PARTITION_REFERENCE_TSC, "access_partition_reference_tsc"),
	HVC_SYNTHETIC(10, HVC_HV_ACCESS_GUEST_IDLE_REG, "access_guest_idle_reg"),
	HVC_SYNTHETIC(11, HVC_HV_ACCESS_FREQUENCY_REGS, "access_frequency_regs"),
	HVC_SYNTHETIC(15, HVC_CPUID_NONE, "enable_extended_gva_ranges_flush"),
	HVC_SYNTHETIC(18, HVC_HV_FAST_HYPERCALL_OUTPUT, "fast_hypercall_output"),
	HVC_SYNTHETIC(20, HVC_CPUID_NONE, "start_virtual_processor"),
	HVC_SYNTHETIC(22, HVC_HV_DIRECT_SYNTHETIC_TIMERS, "direct_synthetic_timers"),
	HVC_SYNTHETIC(24, HVC_HV_EXTENDED_PROCESSOR_MASKS, "extended_processor_masks"),
	HVC_SYNTHETIC(25, HVC_HV_TB_FLUSH_HYPERCALLS, "tb_flush_hypercalls"),
	HVC_SYNTHETIC(26, HVC_HV_SYNTHETIC_CLUSTER_IPI, "synthetic_cluster_ipi"),
	HVC_SYNTHETIC(27, HVC_CPUID_NONE, "notify_long_spin_wait"),
	HVC_SYNTHETIC(28, HVC_CPUID_NONE, "query_numa_distance"),
	HVC_SYNTHETIC(29, HVC_HV_SIGNAL_EVENTS, "signal_events"),
	HVC_SYNTHETIC(30, HVC_CPUID_NONE, "retarget_device_interrupt"),
	HVC_SYNTHETIC(31, HVC_CPUID_NONE, "restore_time"),
	HVC_SYNTHETIC(32, HVC_HV_ENLIGHTENED_VMCS, "enlightened_vmcs"),
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

	e = hvc_cpuid_index(entries, count, HVC_CPUID_LEAF_HV_INTERFACE, 0);
	if (e == count || entries[e].regs[HVC_CPUID_EAX] != HVC_HV_INTERFACE_HV1)
		return 0;
	for (i = 0; i < hvc_synthetic_feature_count; i++) {
		f = &hvc_synthetic_features[i];
		if (!f->leaf)
			continue;
		e = hvc_cpuid_index(entries, count, f->leaf, 0);
		if (e == count)
			continue;
		if (f->leaf == HVC_CPUID_LEAF_HV_INTERFACE ||
		    (entries[e].regs[f->reg] >> f->reg_bit) & 1)
			offered |= 1ULL << f->bit;
	}
	return offered;
}
