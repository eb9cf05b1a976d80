// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvpart ABI codec, ARM64 processor features: the Hyper-V feature bits
 * with the ID register field each one is read from and the KVM vCPU
 * feature that gates it, the host's banks from its ID registers, and the
 * vCPU features and banks a partition is offered.  Pure C, as the rest of
 * lib/.
 */
#include "hvpart_codec.h"

/* One ARM64 feature bit: a field of a register, or none. */
#define HVC_A64_FIELD(b, n, nm, r, fld, sh, w, m, v, vf, g, hid) \
	{ .bank = (b), .bit = (n), .reg = HVC_ARM64_##r, .shift = (sh), \
	  .width = (w), .match = HVC_ARM64_##m, .value = (v), \
	  .vcpu_feature = (vf), .gates = (g), .kvm_hidden = (hid), \
	  .name = (nm), .field = (fld) }
/* A 4-bit ID register field that is at least @v. */
#define HVC_A64(b, n, nm, r, fld, sh, v) \
	HVC_A64_FIELD(b, n, nm, r, fld, sh, 4, GE, v, HVC_ARM64_VCPU_NONE, \
		      false, false)
/* A signed 4-bit ID register field (0xf: not implemented). */
#define HVC_A64_S(b, n, nm, r, fld, sh, v) \
	HVC_A64_FIELD(b, n, nm, r, fld, sh, 4, SGE, v, HVC_ARM64_VCPU_NONE, \
		      false, false)
/* A field that only a vCPU with KVM feature @vf sees; @g: this bit gates it. */
#define HVC_A64_VCPU(b, n, nm, r, fld, sh, m, v, vf, g) \
	HVC_A64_FIELD(b, n, nm, r, fld, sh, 4, m, v, HVC_ARM64_VCPU_##vf, g, \
		      false)
/* A field KVM 6.1 clears for every vCPU. */
#define HVC_A64_HIDDEN(b, n, nm, r, fld, sh, v) \
	HVC_A64_FIELD(b, n, nm, r, fld, sh, 4, GE, v, HVC_ARM64_VCPU_NONE, \
		      false, true)
/* No register field: firmware (SMCCC) or hypervisor properties. */
#define HVC_A64_NONE(b, n, nm) \
	HVC_A64_FIELD(b, n, nm, NO_REG, NULL, 0, 0, GE, 0, \
		      HVC_ARM64_VCPU_NONE, false, false)

/*
 * Hyper-V ARM64 processor feature bits, in bank order, with the register
 * field a guest reads to find each one (Arm ARM field encodings) and the
 * KVM vCPU feature that gates it.  KVM 6.1 presents the host's sanitised
 * ID registers and lets userspace change almost none of them: hvpart can
 * only withhold what a vCPU feature gates (PMUv3, SVE, pointer auth).
 */
const struct hvc_arm64_feature hvc_arm64_features[] = {
	HVC_A64(0, 0, "asid16", ID_AA64MMFR0, "ASIDBits", 4, 2),
	HVC_A64(0, 1, "t_gran16", ID_AA64MMFR0, "TGran16", 20, 1),
	HVC_A64_S(0, 2, "t_gran64", ID_AA64MMFR0, "TGran64", 24, 0),
	HVC_A64(0, 3, "haf", ID_AA64MMFR1, "HAFDBS", 0, 1),
	HVC_A64(0, 4, "hdbs", ID_AA64MMFR1, "HAFDBS", 0, 2),
	HVC_A64(0, 5, "pan", ID_AA64MMFR1, "PAN", 20, 1),
	HVC_A64(0, 6, "at_s1e1", ID_AA64MMFR1, "PAN", 20, 2),
	HVC_A64(0, 7, "uao", ID_AA64MMFR2, "UAO", 4, 1),
	HVC_A64(0, 8, "el0_aarch32", ID_AA64PFR0, "EL0", 0, 2),
	HVC_A64_S(0, 9, "fp", ID_AA64PFR0, "FP", 16, 0),
	HVC_A64_S(0, 10, "fp_hp", ID_AA64PFR0, "FP", 16, 1),
	HVC_A64_S(0, 11, "adv_simd", ID_AA64PFR0, "AdvSIMD", 20, 0),
	HVC_A64_S(0, 12, "adv_simd_hp", ID_AA64PFR0, "AdvSIMD", 20, 1),
	HVC_A64(0, 13, "gic_v3v4", ID_AA64PFR0, "GIC", 24, 1),
	HVC_A64(0, 14, "gic_v4p1", ID_AA64PFR0, "GIC", 24, 3),
	HVC_A64(0, 15, "ras", ID_AA64PFR0, "RAS", 28, 1),
	HVC_A64_VCPU(0, 16, "pmu_v3", ID_AA64DFR0, "PMUVer", 8, SGE, 1, PMU_V3, true),
	HVC_A64_VCPU(0, 17, "pmu_v3_arm_v81", ID_AA64DFR0, "PMUVer", 8, SGE, 4, PMU_V3, false),
	HVC_A64_VCPU(0, 18, "pmu_v3_arm_v84", ID_AA64DFR0, "PMUVer", 8, SGE, 5, PMU_V3, false),
	HVC_A64_VCPU(0, 19, "pmu_v3_arm_v85", ID_AA64DFR0, "PMUVer", 8, SGE, 6, PMU_V3, false),
	HVC_A64(0, 20, "aes", ID_AA64ISAR0, "AES", 4, 1),
	HVC_A64(0, 21, "poly_mul", ID_AA64ISAR0, "AES", 4, 2),
	HVC_A64(0, 22, "sha1", ID_AA64ISAR0, "SHA1", 8, 1),
	HVC_A64(0, 23, "sha256", ID_AA64ISAR0, "SHA2", 12, 1),
	HVC_A64(0, 24, "sha512", ID_AA64ISAR0, "SHA2", 12, 2),
	HVC_A64(0, 25, "crc32", ID_AA64ISAR0, "CRC32", 16, 1),
	HVC_A64(0, 26, "atomic", ID_AA64ISAR0, "Atomic", 20, 2),
	HVC_A64(0, 27, "rdm", ID_AA64ISAR0, "RDM", 28, 1),
	HVC_A64(0, 28, "sha3", ID_AA64ISAR0, "SHA3", 32, 1),
	HVC_A64(0, 29, "sm3", ID_AA64ISAR0, "SM3", 36, 1),
	HVC_A64(0, 30, "sm4", ID_AA64ISAR0, "SM4", 40, 1),
	HVC_A64(0, 31, "dp", ID_AA64ISAR0, "DP", 44, 1),
	HVC_A64(0, 32, "fhm", ID_AA64ISAR0, "FHM", 48, 1),
	HVC_A64(0, 33, "dc_cvap", ID_AA64ISAR1, "DPB", 0, 1),
	HVC_A64(0, 34, "dc_cvadp", ID_AA64ISAR1, "DPB", 0, 2),
	HVC_A64_VCPU(0, 35, "apa_base", ID_AA64ISAR1, "APA", 4, GE, 1, PTRAUTH_ADDRESS, true),
	HVC_A64_VCPU(0, 36, "apa_ep", ID_AA64ISAR1, "APA", 4, GE, 2, PTRAUTH_ADDRESS, false),
	HVC_A64_VCPU(0, 37, "apa_ep2", ID_AA64ISAR1, "APA", 4, GE, 3, PTRAUTH_ADDRESS, false),
	HVC_A64_VCPU(0, 38, "apa_ep2_fp", ID_AA64ISAR1, "APA", 4, GE, 4, PTRAUTH_ADDRESS, false),
	HVC_A64_VCPU(0, 39, "apa_ep2_fpc", ID_AA64ISAR1, "APA", 4, GE, 5, PTRAUTH_ADDRESS, false),
	HVC_A64(0, 40, "jscvt", ID_AA64ISAR1, "JSCVT", 12, 1),
	HVC_A64(0, 41, "fcma", ID_AA64ISAR1, "FCMA", 16, 1),
	HVC_A64(0, 42, "rcpc_v83", ID_AA64ISAR1, "LRCPC", 20, 1),
	HVC_A64(0, 43, "rcpc_v84", ID_AA64ISAR1, "LRCPC", 20, 2),
	HVC_A64_VCPU(0, 44, "gpa", ID_AA64ISAR1, "GPA", 24, GE, 1, PTRAUTH_GENERIC, true),
	HVC_A64_FIELD(0, 45, "l1ip_pipt", CTR, "L1Ip", 14, 2, EQ, 3,
		      HVC_ARM64_VCPU_NONE, false, false),
	HVC_A64_FIELD(0, 46, "dz_permitted", DCZID, "DZP", 4, 1, EQ, 0,
		      HVC_ARM64_VCPU_NONE, false, false),
	HVC_A64(0, 47, "ssbs", ID_AA64PFR1, "SSBS", 4, 1),
	HVC_A64(0, 48, "ssbs_rw", ID_AA64PFR1, "SSBS", 4, 2),
	HVC_A64_NONE(0, 49, "smccc_w1_supported"),
	HVC_A64_NONE(0, 50, "smccc_w1_mitigated"),
	HVC_A64_NONE(0, 51, "smccc_w2_supported"),
	HVC_A64_NONE(0, 52, "smccc_w2_mitigated"),
	HVC_A64(0, 53, "csv2", ID_AA64PFR0, "CSV2", 56, 1),
	HVC_A64(0, 54, "csv3", ID_AA64PFR0, "CSV3", 60, 1),
	HVC_A64(0, 55, "sb", ID_AA64ISAR1, "SB", 36, 1),
	HVC_A64_FIELD(0, 56, "idc", CTR, "IDC", 28, 1, EQ, 1,
		      HVC_ARM64_VCPU_NONE, false, false),
	HVC_A64_FIELD(0, 57, "dic", CTR, "DIC", 29, 1, EQ, 1,
		      HVC_ARM64_VCPU_NONE, false, false),
	HVC_A64(0, 58, "tlbi_os", ID_AA64ISAR0, "TLB", 56, 1),
	HVC_A64(0, 59, "tlbi_os_range", ID_AA64ISAR0, "TLB", 56, 2),
	HVC_A64(0, 60, "flags_m", ID_AA64ISAR0, "TS", 52, 1),
	HVC_A64(0, 61, "flags_m2", ID_AA64ISAR0, "TS", 52, 2),
	HVC_A64(0, 62, "bf16", ID_AA64ISAR1, "BF16", 44, 1),
	HVC_A64(0, 63, "ebf16", ID_AA64ISAR1, "BF16", 44, 2),

	HVC_A64_VCPU(1, 0, "sve_bf16", ID_AA64ZFR0, "BF16", 20, GE, 1, SVE, false),
	HVC_A64_VCPU(1, 1, "sve_ebf16", ID_AA64ZFR0, "BF16", 20, GE, 2, SVE, false),
	HVC_A64(1, 2, "i8mm", ID_AA64ISAR1, "I8MM", 52, 1),
	HVC_A64_VCPU(1, 3, "sve_i8mm", ID_AA64ZFR0, "I8MM", 44, GE, 1, SVE, false),
	HVC_A64(1, 4, "frintts", ID_AA64ISAR1, "FRINTTS", 32, 1),
	HVC_A64(1, 5, "specres", ID_AA64ISAR1, "SPECRES", 40, 1),
	HVC_A64_S(1, 6, "mtpmu", ID_AA64DFR0, "MTPMU", 48, 1),
	HVC_A64(1, 7, "rpres", ID_AA64ISAR2, "RPRES", 4, 1),
	HVC_A64(1, 8, "exs", ID_AA64MMFR0, "ExS", 44, 1),
	HVC_A64(1, 9, "spec_sei", ID_AA64MMFR1, "SpecSEI", 24, 1),
	HVC_A64(1, 10, "ets", ID_AA64MMFR1, "ETS", 36, 1),
	HVC_A64(1, 11, "afp", ID_AA64MMFR1, "AFP", 44, 1),
	HVC_A64(1, 12, "iesb", ID_AA64MMFR2, "IESB", 12, 1),
	HVC_A64(1, 13, "rng", ID_AA64ISAR0, "RNDR", 60, 1),
	HVC_A64(1, 14, "lse2", ID_AA64MMFR2, "AT", 32, 1),
	HVC_A64(1, 15, "idst", ID_AA64MMFR2, "IDS", 36, 1),
	HVC_A64(1, 16, "ras_v1p1", ID_AA64PFR0, "RAS", 28, 2),
	HVC_A64(1, 17, "ras_frac_v1p1", ID_AA64PFR1, "RAS_frac", 12, 1),
	HVC_A64(1, 18, "sel2", ID_AA64PFR0, "SEL2", 36, 1),
	HVC_A64_HIDDEN(1, 19, "amu_v1", ID_AA64PFR0, "AMU", 44, 1),
	HVC_A64_HIDDEN(1, 20, "amu_v1p1", ID_AA64PFR0, "AMU", 44, 2),
	HVC_A64(1, 21, "dit", ID_AA64PFR0, "DIT", 48, 1),
	HVC_A64(1, 22, "ccidx", ID_AA64MMFR2, "CCIDX", 20, 1),
	HVC_A64(1, 23, "fgt_for_intercepts", ID_AA64MMFR0, "FGT", 56, 1),
	HVC_A64_FIELD(1, 24, "l1ip_vpipt", CTR, "L1Ip", 14, 2, EQ, 0,
		      HVC_ARM64_VCPU_NONE, false, false),
	HVC_A64_FIELD(1, 25, "l1ip_vipt", CTR, "L1Ip", 14, 2, EQ, 2,
		      HVC_ARM64_VCPU_NONE, false, false),
	HVC_A64(1, 26, "debug_v8", ID_AA64DFR0, "DebugVer", 0, 6),
	HVC_A64(1, 27, "debug_v8p2", ID_AA64DFR0, "DebugVer", 0, 8),
	HVC_A64(1, 28, "debug_v8p4", ID_AA64DFR0, "DebugVer", 0, 9),
	HVC_A64_VCPU(1, 29, "pmu_v3_arm_v87", ID_AA64DFR0, "PMUVer", 8, SGE, 7, PMU_V3, false),
	HVC_A64_S(1, 30, "double_lock", ID_AA64DFR0, "DoubleLock", 36, 0),
	HVC_A64(1, 31, "clrbhb", ID_AA64ISAR2, "CLRBHB", 28, 1),
	HVC_A64_HIDDEN(1, 32, "spe", ID_AA64DFR0, "PMSVer", 32, 1),
	HVC_A64_HIDDEN(1, 33, "spe_v1p1", ID_AA64DFR0, "PMSVer", 32, 2),
	HVC_A64_HIDDEN(1, 34, "spe_v1p2", ID_AA64DFR0, "PMSVer", 32, 3),
	HVC_A64(1, 35, "tt_cnp", ID_AA64MMFR2, "CnP", 0, 1),
	HVC_A64(1, 36, "hpds", ID_AA64MMFR1, "HPDS", 12, 1),
	HVC_A64_VCPU(1, 37, "sve", ID_AA64PFR0, "SVE", 32, GE, 1, SVE, true),
	HVC_A64_VCPU(1, 38, "sve_v2", ID_AA64ZFR0, "SVEver", 0, GE, 1, SVE, false),
	HVC_A64_VCPU(1, 39, "sve_v2p1", ID_AA64ZFR0, "SVEver", 0, GE, 2, SVE, false),
	HVC_A64_NONE(1, 40, "spec_fpacc"),
	HVC_A64_VCPU(1, 41, "sve_aes", ID_AA64ZFR0, "AES", 4, GE, 1, SVE, false),
	HVC_A64_VCPU(1, 42, "sve_bit_perm", ID_AA64ZFR0, "BitPerm", 16, GE, 1, SVE, false),
	HVC_A64_VCPU(1, 43, "sve_sha3", ID_AA64ZFR0, "SHA3", 32, GE, 1, SVE, false),
	HVC_A64_VCPU(1, 44, "sve_sm4", ID_AA64ZFR0, "SM4", 40, GE, 1, SVE, false),
	HVC_A64(1, 45, "e0_pd", ID_AA64MMFR2, "E0PD", 60, 1),
};

const unsigned int hvc_arm64_feature_count = HVC_ARRAY_SIZE(hvc_arm64_features);

static const char *const hvc_arm64_reg_names[HVC_ARM64_REGS] = {
	[HVC_ARM64_ID_AA64PFR0] = "ID_AA64PFR0_EL1",
	[HVC_ARM64_ID_AA64PFR1] = "ID_AA64PFR1_EL1",
	[HVC_ARM64_ID_AA64DFR0] = "ID_AA64DFR0_EL1",
	[HVC_ARM64_ID_AA64ISAR0] = "ID_AA64ISAR0_EL1",
	[HVC_ARM64_ID_AA64ISAR1] = "ID_AA64ISAR1_EL1",
	[HVC_ARM64_ID_AA64ISAR2] = "ID_AA64ISAR2_EL1",
	[HVC_ARM64_ID_AA64MMFR0] = "ID_AA64MMFR0_EL1",
	[HVC_ARM64_ID_AA64MMFR1] = "ID_AA64MMFR1_EL1",
	[HVC_ARM64_ID_AA64MMFR2] = "ID_AA64MMFR2_EL1",
	[HVC_ARM64_ID_AA64ZFR0] = "ID_AA64ZFR0_EL1",
	[HVC_ARM64_CTR] = "CTR_EL0",
	[HVC_ARM64_DCZID] = "DCZID_EL0",
};

/**
 * hvc_arm64_reg_name() - the architectural name of an enum hvc_arm64_reg
 * @reg: the register.
 *
 * Return: e.g. "ID_AA64ISAR0_EL1", or NULL for HVC_ARM64_NO_REG and
 * values out of range.
 */
const char *hvc_arm64_reg_name(unsigned int reg)
{
	return reg < HVC_ARM64_REGS ? hvc_arm64_reg_names[reg] : NULL;
}

/**
 * hvc_arm64_feature_present() - does a register set show a feature
 * @f: the feature.
 * @regs: register values, indexed by enum hvc_arm64_reg.
 *
 * Return: true when @f's field matches; false for features without a
 * register field, whose presence no register tells.
 */
bool hvc_arm64_feature_present(const struct hvc_arm64_feature *f,
			       const u64 regs[HVC_ARM64_REGS])
{
	u64 field;

	if (f->reg == HVC_ARM64_NO_REG || f->reg >= HVC_ARM64_REGS ||
	    !f->width || f->width > 8 || f->shift + f->width > 64)
		return false;
	field = (regs[f->reg] >> f->shift) & ((1ULL << f->width) - 1);
	switch (f->match) {
	case HVC_ARM64_GE:
		return field >= f->value;
	case HVC_ARM64_SGE:
		/* 4-bit two's complement: 0x8-0xf are -8..-1. */
		return (int)(field ^ 8) - 8 >= (int)(f->value ^ 8) - 8;
	default:
		return field == f->value;
	}
}

/**
 * hvc_arm64_host_banks() - the ARM64 feature banks KVM can offer a vCPU
 * @regs: the host's register values, indexed by enum hvc_arm64_reg.
 * @vcpu_supported: KVM vCPU features the host's KVM supports, as a mask
 *	of 1 << HVC_ARM64_VCPU_*.
 * @banks: out: banks 0 and 1; the XSAVE bank is 0.
 *
 * A bit is set when its register field shows the feature, KVM does not
 * hide it from every vCPU, and the vCPU feature it needs is supported.
 */
void hvc_arm64_host_banks(const u64 regs[HVC_ARM64_REGS], u32 vcpu_supported,
			  u64 banks[HVC_BANKS])
{
	const struct hvc_arm64_feature *f;
	unsigned int i;

	banks[0] = banks[1] = banks[HVC_BANK_XSAVE] = 0;
	for (i = 0; i < hvc_arm64_feature_count; i++) {
		f = &hvc_arm64_features[i];
		if (f->kvm_hidden || !hvc_arm64_feature_present(f, regs))
			continue;
		if (f->vcpu_feature != HVC_ARM64_VCPU_NONE &&
		    !(vcpu_supported & (1U << f->vcpu_feature)))
			continue;
		banks[f->bank] |= 1ULL << f->bit;
	}
}

/**
 * hvc_arm64_vcpu_features() - the KVM vCPU features a partition may use
 * @vcpu_supported: KVM vCPU features the host's KVM supports, as a mask
 *	of 1 << HVC_ARM64_VCPU_*.
 * @cpu: the partition's disabled features and creation flags.
 *
 * PSCI 0.2 always; PMUv3 only with ENABLE_PERFMON_PMU and pmu_v3 not
 * disabled; SVE unless sve is disabled; pointer authentication unless
 * apa_base or gpa is disabled, and then neither kind, since KVM takes
 * address and generic authentication only together.
 *
 * Return: a mask for struct kvm_vcpu_init's features[0].
 */
u32 hvc_arm64_vcpu_features(u32 vcpu_supported,
			    const struct hvc_partition_cpu *cpu)
{
	const u32 ptrauth = 1U << HVC_ARM64_VCPU_PTRAUTH_ADDRESS |
			    1U << HVC_ARM64_VCPU_PTRAUTH_GENERIC;
	const struct hvc_arm64_feature *f;
	u32 features;
	unsigned int i;

	features = vcpu_supported & (1U << HVC_ARM64_VCPU_PSCI_0_2 |
				     1U << HVC_ARM64_VCPU_PMU_V3 |
				     1U << HVC_ARM64_VCPU_SVE | ptrauth);
	if (!(cpu->flags & HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU))
		features &= ~(1U << HVC_ARM64_VCPU_PMU_V3);
	for (i = 0; i < hvc_arm64_feature_count; i++) {
		f = &hvc_arm64_features[i];
		if (f->gates && (cpu->disabled[f->bank] >> f->bit) & 1)
			features &= ~(1U << f->vcpu_feature);
	}
	if ((features & ptrauth) != ptrauth)
		features &= ~ptrauth;
	return features;
}

/**
 * hvc_arm64_offered_banks() - the ARM64 feature banks a partition's vCPUs
 *	see
 * @host: hvc_arm64_host_banks()'s answer.
 * @vcpu_features: hvc_arm64_vcpu_features()'s answer for the partition.
 * @banks: out: @host without the bits whose vCPU feature is withheld.
 *
 * Disabled bits that no vCPU feature gates stay set: KVM 6.1 shows the
 * guest the host's ID registers, and the banks say what the guest sees.
 */
void hvc_arm64_offered_banks(const u64 host[HVC_BANKS], u32 vcpu_features,
			     u64 banks[HVC_BANKS])
{
	const struct hvc_arm64_feature *f;
	unsigned int i;

	banks[0] = host[0];
	banks[1] = host[1];
	banks[HVC_BANK_XSAVE] = 0;
	for (i = 0; i < hvc_arm64_feature_count; i++) {
		f = &hvc_arm64_features[i];
		if (f->vcpu_feature != HVC_ARM64_VCPU_NONE &&
		    !(vcpu_features & (1U << f->vcpu_feature)))
			banks[f->bank] &= ~(1ULL << f->bit);
	}
}
