// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvpart ABI codec.  Pure C on fixed-width types: no allocation, no I/O,
 * nothing but lib/hvpart_shim.h from the host.  Hypercall data is
 * little-endian and so are both architectures hvpart runs on, so the
 * layouts are read and written with memcpy through the uapi structs.
 */
#include "hvpart_codec.h"

#define HVC_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

const struct hvc_name hvc_creation_flag_names[] = {
	{ HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST_BIT, "SMT_ENABLED_GUEST" },
	{ HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE_BIT,
	  "NESTED_VIRTUALIZATION_CAPABLE" },
	{ HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED_BIT,
	  "GPA_SUPER_PAGES_ENABLED" },
	{ HVPART_PARTITION_CREATION_FLAG_EXO_PARTITION_BIT, "EXO_PARTITION" },
	{ HVPART_PARTITION_CREATION_FLAG_VTL1_OVERRIDE_BIT, "VTL1_OVERRIDE" },
	{ HVPART_PARTITION_CREATION_FLAG_VTL2_OVERRIDE_BIT, "VTL2_OVERRIDE" },
	{ HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED_BIT, "LAPIC_ENABLED" },
	{ HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU_BIT,
	  "ENABLE_PERFMON_PMU" },
	{ HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_LBR_BIT,
	  "ENABLE_PERFMON_LBR" },
	{ HVPART_PARTITION_CREATION_FLAG_INTERCEPT_MESSAGE_PAGE_ENABLED_BIT,
	  "INTERCEPT_MESSAGE_PAGE_ENABLED" },
	{ HVPART_PARTITION_CREATION_FLAG_HYPERCALL_DOORBELL_PAGE_ENABLED_BIT,
	  "HYPERCALL_DOORBELL_PAGE_ENABLED" },
	{ HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE_BIT, "X2APIC_CAPABLE" },
};

const unsigned int hvc_creation_flag_count =
	HVC_ARRAY_SIZE(hvc_creation_flag_names);

/* The compatibility versions hvpart accepts: every documented one. */
const struct hvc_name hvc_compat_version_names[] = {
	{ HVPART_COMPATIBILITY_19H1, "19H1" },
	{ HVPART_COMPATIBILITY_20H1, "20H1" },
	{ HVPART_COMPATIBILITY_21H1, "21H1" },
	{ HVPART_COMPATIBILITY_21H2, "21H2" },
	{ HVPART_COMPATIBILITY_PRERELEASE, "PRERELEASE" },
	{ HVPART_COMPATIBILITY_EXPERIMENT, "EXPERIMENT" },
};

const unsigned int hvc_compat_version_count =
	HVC_ARRAY_SIZE(hvc_compat_version_names);

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

/* Partition properties hvpart implements; see hvc_property_writable(). */
const struct hvc_name hvc_property_names[] = {
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR, "PROCESSOR_VENDOR" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES,
	  "PROCESSOR_XSAVE_FEATURES" },
	{ HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION, "COMPATIBILITY_VERSION" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, "PROCESSOR_FEATURES0" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1, "PROCESSOR_FEATURES1" },
};

const unsigned int hvc_property_count = HVC_ARRAY_SIZE(hvc_property_names);

/* Indexed by enum hvc_call_id: the list of lib/hvpart_calls.h. */
static const struct hvc_call hvc_calls[HVC_CALL_NR] = {
#define HVC_CALL(ID, fn, _code, _name, in_amd64, in_arm64, out, fast) \
	[HVC_CALL_##ID] = { .id = HVC_CALL_##ID, .code = _code, .name = _name, \
			    .input_size = { in_amd64, in_arm64 }, \
			    .output_size = out, .fast_capable = fast },
#include "hvpart_calls.h"
};

static const struct {
	u16 status;
	u16 err;
	const char *name;
} hvc_statuses[] = {
	{ HVPART_STATUS_SUCCESS, 0, "HV_STATUS_SUCCESS" },
	{ HVPART_STATUS_INVALID_HYPERCALL_CODE, EINVAL,
	  "HV_STATUS_INVALID_HYPERCALL_CODE" },
	{ HVPART_STATUS_INVALID_HYPERCALL_INPUT, EINVAL,
	  "HV_STATUS_INVALID_HYPERCALL_INPUT" },
	{ HVPART_STATUS_INVALID_ALIGNMENT, EINVAL, "HV_STATUS_INVALID_ALIGNMENT" },
	{ HVPART_STATUS_INVALID_PARAMETER, EINVAL, "HV_STATUS_INVALID_PARAMETER" },
	{ HVPART_STATUS_ACCESS_DENIED, EACCES, "HV_STATUS_ACCESS_DENIED" },
	{ HVPART_STATUS_INVALID_PARTITION_STATE, EINVAL,
	  "HV_STATUS_INVALID_PARTITION_STATE" },
	{ HVPART_STATUS_OPERATION_DENIED, EPERM, "HV_STATUS_OPERATION_DENIED" },
	{ HVPART_STATUS_UNKNOWN_PROPERTY, EINVAL, "HV_STATUS_UNKNOWN_PROPERTY" },
	{ HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE, ERANGE,
	  "HV_STATUS_PROPERTY_VALUE_OUT_OF_RANGE" },
	{ HVPART_STATUS_INSUFFICIENT_MEMORY, ENOMEM,
	  "HV_STATUS_INSUFFICIENT_MEMORY" },
	{ HVPART_STATUS_PARTITION_TOO_DEEP, EMLINK, "HV_STATUS_PARTITION_TOO_DEEP" },
	{ HVPART_STATUS_INVALID_PARTITION_ID, EINVAL,
	  "HV_STATUS_INVALID_PARTITION_ID" },
	{ HVPART_STATUS_INVALID_VP_INDEX, EINVAL, "HV_STATUS_INVALID_VP_INDEX" },
	{ HVPART_STATUS_NOT_FOUND, ENOENT, "HV_STATUS_NOT_FOUND" },
	{ HVPART_STATUS_NO_RESOURCES, ENOSPC, "HV_STATUS_NO_RESOURCES" },
	{ HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED, EOPNOTSUPP,
	  "HV_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED" },
	{ HVPART_STATUS_OPERATION_FAILED, EIO, "HV_STATUS_OPERATION_FAILED" },
	{ HVPART_STATUS_CALL_PENDING, EAGAIN, "HV_STATUS_CALL_PENDING" },
};

static u16 hvc_refuse(struct hvc_verdict *v, u16 status, enum hvc_fault fault,
		      u32 bit, u64 value)
{
	v->status = status;
	v->fault = fault;
	v->bit = bit;
	v->value = value;
	return status;
}

static u16 hvc_accept(struct hvc_verdict *v)
{
	return hvc_refuse(v, HVPART_STATUS_SUCCESS, HVC_FAULT_NONE, 0, 0);
}

static u32 hvc_lowest_bit(u64 x)
{
	return (u32)__builtin_ctzll(x);
}

/**
 * hvc_control_decode() - split a hypercall control word into its fields
 * @control: the hypercall input value.
 * @c: the fields, reserved bits included.
 */
void hvc_control_decode(u64 control, struct hvc_control *c)
{
	c->code = (u16)(control & HVPART_HYPERCALL_CODE_MASK);
	c->fast = !!(control & HVPART_HYPERCALL_FAST_BIT);
	c->varhead_size = (u16)((control & HVPART_HYPERCALL_VARHEAD_MASK) >>
				HVPART_HYPERCALL_VARHEAD_SHIFT);
	c->rep_count = (u16)((control & HVPART_HYPERCALL_REP_COMP_MASK) >>
			     HVPART_HYPERCALL_REP_COMP_SHIFT);
	c->rep_start = (u16)((control & HVPART_HYPERCALL_REP_START_MASK) >>
			     HVPART_HYPERCALL_REP_START_SHIFT);
	c->nested = !!(control & HVPART_HYPERCALL_NESTED_BIT);
	c->reserved = control & HVPART_HYPERCALL_RSVD_MASK;
}

/**
 * hvc_control_encode() - build a hypercall control word from its fields
 * @c: the fields; values wider than their field are truncated.
 *
 * Return: the control word.
 */
u64 hvc_control_encode(const struct hvc_control *c)
{
	return (u64)c->code |
	       (c->fast ? HVPART_HYPERCALL_FAST_BIT : 0) |
	       (((u64)c->varhead_size << HVPART_HYPERCALL_VARHEAD_SHIFT) &
		HVPART_HYPERCALL_VARHEAD_MASK) |
	       (((u64)c->rep_count << HVPART_HYPERCALL_REP_COMP_SHIFT) &
		HVPART_HYPERCALL_REP_COMP_MASK) |
	       (((u64)c->rep_start << HVPART_HYPERCALL_REP_START_SHIFT) &
		HVPART_HYPERCALL_REP_START_MASK) |
	       (c->nested ? HVPART_HYPERCALL_NESTED_BIT : 0) |
	       (c->reserved & HVPART_HYPERCALL_RSVD_MASK);
}

/**
 * hvc_call_find() - look up a call code in the ABI's table
 * @code: the call code.
 *
 * Return: the call's description, or NULL for a code the ABI table lacks.
 */
const struct hvc_call *hvc_call_find(u16 code)
{
	unsigned int i;

	for (i = 0; i < HVC_ARRAY_SIZE(hvc_calls); i++)
		if (hvc_calls[i].code == code)
			return &hvc_calls[i];
	return NULL;
}

/**
 * hvc_control_check() - apply the control-word rules for a call
 * @c: the decoded control word.
 * @call: the call it names, NULL when the code is not implemented.
 * @v: the verdict.
 *
 * Every call in the partition lifecycle is a simple call with no variable
 * header, so rep count, rep start and the header size must all be zero.
 *
 * Return: HVPART_STATUS_SUCCESS, INVALID_HYPERCALL_CODE or
 * INVALID_HYPERCALL_INPUT.
 */
u16 hvc_control_check(const struct hvc_control *c, const struct hvc_call *call,
		      struct hvc_verdict *v)
{
	if (!call)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_CODE,
				  HVC_FAULT_CALL_CODE, 0, c->code);
	if (c->reserved)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_RESERVED,
				  hvc_lowest_bit(c->reserved), c->reserved);
	/* No hypervisor below hvpart to direct a nested call to. */
	if (c->nested)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_NESTED, 31, 1);
	if (c->rep_count)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_REP_COUNT, 0, c->rep_count);
	if (c->rep_start)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_REP_START, 0, c->rep_start);
	if (c->varhead_size)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_VARHEAD, 0,
				  c->varhead_size);
	if (c->fast && !call->fast_capable)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_CONTROL_FAST, 0, 1);
	return hvc_accept(v);
}

/**
 * hvc_sizes_check() - check the caller's buffer sizes against a call
 * @call: the call.
 * @layout: the input layout in use.
 * @input_size: bytes the caller offers at the input page.
 * @output_size: bytes the caller offers at the output page.
 * @v: the verdict.
 *
 * Return: HVPART_STATUS_SUCCESS, or INVALID_HYPERCALL_INPUT when a buffer is
 * smaller than the call's layout.
 */
u16 hvc_sizes_check(const struct hvc_call *call, enum hvc_layout layout,
		    u32 input_size, u32 output_size, struct hvc_verdict *v)
{
	if (input_size < call->input_size[layout])
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_INPUT_SIZE, 0, input_size);
	if (output_size < call->output_size)
		return hvc_refuse(v, HVPART_STATUS_INVALID_HYPERCALL_INPUT,
				  HVC_FAULT_OUTPUT_SIZE, 0, output_size);
	return hvc_accept(v);
}

static bool hvc_crosses_page(u64 addr, u32 len)
{
	return (addr % HVPART_HYPERCALL_PAGE_SIZE) + len > HVPART_HYPERCALL_PAGE_SIZE;
}

/*
 * [a, a + la) and [b, b + lb) share a byte.  Written without a + la, which
 * wraps to 0 for a buffer that ends at the top of the address space.
 */
static bool hvc_overlap(u64 a, u32 la, u64 b, u32 lb)
{
	return a >= b ? a - b < lb : b - a < la;
}

/**
 * hvc_pages_check() - the placement rules for input and output pages
 * @input: input address.
 * @input_len: bytes of the call's input layout, 0 if it has none.
 * @output: output address.
 * @output_len: bytes of the call's output layout, 0 if it has none.
 * @v: the verdict.
 *
 * Each page in use must be 8-byte aligned, must not cross a 4 KiB
 * boundary, and the two must not overlap.  A page the call does not use
 * is not checked.
 *
 * Return: HVPART_STATUS_SUCCESS or HVPART_STATUS_INVALID_ALIGNMENT.
 */
u16 hvc_pages_check(u64 input, u32 input_len, u64 output, u32 output_len,
		    struct hvc_verdict *v)
{
	if (input_len && input % HVPART_HYPERCALL_ALIGN)
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_INPUT_ALIGN, 0, input);
	if (input_len && hvc_crosses_page(input, input_len))
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_INPUT_CROSSES_PAGE, 0, input);
	if (output_len && output % HVPART_HYPERCALL_ALIGN)
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_OUTPUT_ALIGN, 0, output);
	if (output_len && hvc_crosses_page(output, output_len))
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_OUTPUT_CROSSES_PAGE, 0, output);
	if (input_len && output_len &&
	    hvc_overlap(input, input_len, output, output_len))
		return hvc_refuse(v, HVPART_STATUS_INVALID_ALIGNMENT,
				  HVC_FAULT_PAGES_OVERLAP, 0, output);
	return hvc_accept(v);
}

/**
 * hvc_create_input_size() - size of the HvCallCreatePartition input
 * @layout: the layout.
 *
 * Return: 56 for AMD64, 48 for ARM64.
 */
u32 hvc_create_input_size(enum hvc_layout layout)
{
	return hvc_calls[HVC_CALL_CREATE_PARTITION].input_size[layout];
}

/**
 * hvc_create_decode() - read an HvCallCreatePartition input page
 * @layout: the layout of @buf.
 * @buf: the input page.
 * @len: bytes at @buf; only the layout's bytes are read.
 * @a: the decoded fields.
 *
 * Return: false when @len is shorter than the layout.
 */
bool hvc_create_decode(enum hvc_layout layout, const void *buf, u32 len,
		       struct hvc_create_args *a)
{
	struct hvpart_input_create_partition_amd64 amd64;
	struct hvpart_input_create_partition_arm64 arm64;

	if (len < hvc_create_input_size(layout))
		return false;

	memset(a, 0, sizeof(*a));
	a->layout = layout;
	if (layout == HVC_LAYOUT_AMD64) {
		memcpy(&amd64, buf, sizeof(amd64));
		a->flags = amd64.flags;
		a->proximity_domain_id = amd64.proximity_domain_info.domain_id;
		a->proximity_flags = amd64.proximity_domain_info.flags;
		a->compatibility_version = amd64.compatibility_version;
		a->padding = amd64.padding;
		memcpy(a->disabled_processor_features,
		       amd64.disabled_processor_features,
		       sizeof(a->disabled_processor_features));
		a->disabled_processor_xsave_features =
			amd64.disabled_processor_xsave_features;
		a->reserved_z0 = amd64.reserved_z0;
	} else {
		memcpy(&arm64, buf, sizeof(arm64));
		a->flags = arm64.flags;
		a->proximity_domain_id = arm64.proximity_domain_info.domain_id;
		a->proximity_flags = arm64.proximity_domain_info.flags;
		a->compatibility_version = arm64.compatibility_version;
		a->padding = arm64.padding;
		memcpy(a->disabled_processor_features,
		       arm64.disabled_processor_features,
		       sizeof(a->disabled_processor_features));
		a->reserved_z0 = arm64.reserved_z0;
	}
	return true;
}

/**
 * hvc_create_encode() - write an HvCallCreatePartition input page
 * @a: the fields; @a->layout picks the layout.
 * @buf: where to write.
 * @len: bytes at @buf.
 *
 * Return: bytes written, 0 when @len is too small.
 */
u32 hvc_create_encode(const struct hvc_create_args *a, void *buf, u32 len)
{
	struct hvpart_input_create_partition_amd64 amd64;
	struct hvpart_input_create_partition_arm64 arm64;
	u32 size = hvc_create_input_size(a->layout);

	if (len < size)
		return 0;

	if (a->layout == HVC_LAYOUT_AMD64) {
		amd64.flags = a->flags;
		amd64.proximity_domain_info.domain_id = a->proximity_domain_id;
		amd64.proximity_domain_info.flags = a->proximity_flags;
		amd64.compatibility_version = a->compatibility_version;
		amd64.padding = a->padding;
		memcpy(amd64.disabled_processor_features,
		       a->disabled_processor_features,
		       sizeof(amd64.disabled_processor_features));
		amd64.disabled_processor_xsave_features =
			a->disabled_processor_xsave_features;
		amd64.reserved_z0 = a->reserved_z0;
		memcpy(buf, &amd64, size);
	} else {
		arm64.flags = a->flags;
		arm64.proximity_domain_info.domain_id = a->proximity_domain_id;
		arm64.proximity_domain_info.flags = a->proximity_flags;
		arm64.compatibility_version = a->compatibility_version;
		arm64.padding = a->padding;
		memcpy(arm64.disabled_processor_features,
		       a->disabled_processor_features,
		       sizeof(arm64.disabled_processor_features));
		arm64.reserved_z0 = a->reserved_z0;
		memcpy(buf, &arm64, size);
	}
	return size;
}

/**
 * hvc_compat_version_known() - is a compatibility version accepted
 * @version: HV_COMPATIBILITY_VERSION.
 *
 * Return: true for the documented versions listed in
 * hvc_compat_version_names.
 */
bool hvc_compat_version_known(u32 version)
{
	return hvc_name_of(hvc_compat_version_names, hvc_compat_version_count,
			   version) != NULL;
}

/**
 * hvc_create_validate() - apply every rule of HvCallCreatePartition's input
 * @a: the decoded input.
 * @node_online: tells whether a NUMA node is online on this host.
 * @v: the verdict, naming the first field found wrong.
 *
 * DisabledProcessorFeatures and the XSAVE mask take any value: their
 * reserved bits are accepted, as the hypervisor does.
 *
 * Return: HVPART_STATUS_SUCCESS or HVPART_STATUS_INVALID_PARAMETER.
 */
u16 hvc_create_validate(const struct hvc_create_args *a,
			bool (*node_online)(u32 node), struct hvc_verdict *v)
{
	u64 undefined = a->flags & ~HVPART_PARTITION_CREATION_FLAGS_VALID_MASK;
	u32 prox_rsvd = a->proximity_flags & HVPART_PROXIMITY_FLAGS_RSVD_MASK;

	if (undefined)
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_FLAGS_UNDEFINED,
				  hvc_lowest_bit(undefined), a->flags);
	if (prox_rsvd)
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_PROXIMITY_RESERVED,
				  hvc_lowest_bit(prox_rsvd), a->proximity_flags);
	if (a->proximity_flags & HVPART_PROXIMITY_FLAG_INFO_VALID) {
		if (a->proximity_domain_id > HVPART_PROXIMITY_DOMAIN_MAX)
			return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
					  HVC_FAULT_PROXIMITY_DOMAIN, 0,
					  a->proximity_domain_id);
		if (!(a->proximity_flags & HVPART_PROXIMITY_FLAG_PREFERRED) &&
		    !node_online(a->proximity_domain_id))
			return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
					  HVC_FAULT_PROXIMITY_NODE_OFFLINE, 0,
					  a->proximity_domain_id);
	}
	if (!hvc_compat_version_known(a->compatibility_version))
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_COMPAT_VERSION, 0,
				  a->compatibility_version);
	if (a->padding)
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_PADDING, 0, a->padding);
	if (a->reserved_z0)
		return hvc_refuse(v, HVPART_STATUS_INVALID_PARAMETER,
				  HVC_FAULT_RESERVED_Z0,
				  hvc_lowest_bit(a->reserved_z0),
				  a->reserved_z0);
	return hvc_accept(v);
}

/**
 * hvc_status_name() - the name of an HV_STATUS
 * @status: the status.
 *
 * Return: "HV_STATUS_..." or "HV_STATUS_UNKNOWN".
 */
const char *hvc_status_name(u16 status)
{
	unsigned int i;

	for (i = 0; i < HVC_ARRAY_SIZE(hvc_statuses); i++)
		if (hvc_statuses[i].status == status)
			return hvc_statuses[i].name;
	return "HV_STATUS_UNKNOWN";
}

/**
 * hvc_status_errno() - the errno that goes with an HV_STATUS
 * @status: the status.
 *
 * Return: 0 for success, else a negative errno (-EIO for unknown ones).
 */
int hvc_status_errno(u16 status)
{
	unsigned int i;

	for (i = 0; i < HVC_ARRAY_SIZE(hvc_statuses); i++)
		if (hvc_statuses[i].status == status)
			return -(int)hvc_statuses[i].err;
	return -EIO;
}

/**
 * hvc_name_of() - look a value up in a name table
 * @names: the table.
 * @count: its entries.
 * @value: the value or bit number.
 *
 * Return: the name, or NULL.
 */
const char *hvc_name_of(const struct hvc_name *names, unsigned int count,
			u32 value)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		if (names[i].value == value)
			return names[i].name;
	return NULL;
}

/**
 * hvc_layout_name() - "amd64" or "arm64"
 * @layout: the layout.
 *
 * Return: its name.
 */
const char *hvc_layout_name(enum hvc_layout layout)
{
	return layout == HVC_LAYOUT_ARM64 ? "arm64" : "amd64";
}

/**
 * hvc_verdict_format() - say in words why an input was refused
 * @v: the verdict.
 * @buf: where to write.
 * @len: size of @buf.
 *
 * Return: what snprintf returns.
 */
int hvc_verdict_format(const struct hvc_verdict *v, char *buf, u32 len)
{
	unsigned long long value = v->value;

	switch (v->fault) {
	case HVC_FAULT_NONE:
		return snprintf(buf, len, "no fault");
	case HVC_FAULT_CALL_CODE:
		return snprintf(buf, len, "call code 0x%04llx is not implemented",
				value);
	case HVC_FAULT_CONTROL_RESERVED:
		return snprintf(buf, len,
				"control word bit %u is reserved", v->bit);
	case HVC_FAULT_CONTROL_NESTED:
		return snprintf(buf, len,
				"control word bit 31 (nested) directs the call to a hypervisor below hvpart, and there is none");
	case HVC_FAULT_CONTROL_REP_COUNT:
		return snprintf(buf, len,
				"rep count %llu on a simple call", value);
	case HVC_FAULT_CONTROL_REP_START:
		return snprintf(buf, len,
				"rep start %llu on a simple call", value);
	case HVC_FAULT_CONTROL_VARHEAD:
		return snprintf(buf, len,
				"variable header size %llu on a call that takes none",
				value);
	case HVC_FAULT_CONTROL_FAST:
		return snprintf(buf, len, "fast bit on a call that is not fast-capable");
	case HVC_FAULT_INPUT_SIZE:
		return snprintf(buf, len,
				"input size %llu is smaller than the call's input",
				value);
	case HVC_FAULT_OUTPUT_SIZE:
		return snprintf(buf, len,
				"output size %llu is smaller than the call's output",
				value);
	case HVC_FAULT_INPUT_ALIGN:
		return snprintf(buf, len,
				"input 0x%llx is not 8-byte aligned", value);
	case HVC_FAULT_INPUT_CROSSES_PAGE:
		return snprintf(buf, len,
				"input 0x%llx crosses a page boundary", value);
	case HVC_FAULT_OUTPUT_ALIGN:
		return snprintf(buf, len,
				"output 0x%llx is not 8-byte aligned", value);
	case HVC_FAULT_OUTPUT_CROSSES_PAGE:
		return snprintf(buf, len,
				"output 0x%llx crosses a page boundary", value);
	case HVC_FAULT_PAGES_OVERLAP:
		return snprintf(buf, len, "input and output pages overlap");
	case HVC_FAULT_FLAGS_UNDEFINED:
		return snprintf(buf, len, "flags bit %u is undefined", v->bit);
	case HVC_FAULT_PROXIMITY_RESERVED:
		return snprintf(buf, len,
				"proximity flags bit %u is reserved", v->bit);
	case HVC_FAULT_PROXIMITY_DOMAIN:
		return snprintf(buf, len,
				"proximity domain %llu is over %u", value,
				HVPART_PROXIMITY_DOMAIN_MAX);
	case HVC_FAULT_PROXIMITY_NODE_OFFLINE:
		return snprintf(buf, len,
				"proximity domain %llu is required but its node is offline or has no memory",
				value);
	case HVC_FAULT_COMPAT_VERSION:
		return snprintf(buf, len,
				"compatibility version 0x%04llx is not supported",
				value);
	case HVC_FAULT_PADDING:
		return snprintf(buf, len, "padding is 0x%llx, not zero", value);
	case HVC_FAULT_RESERVED_Z0:
		return snprintf(buf, len, "ReservedZ0 is 0x%llx, not zero",
				value);
	case HVC_FAULT_PARTITION_ID:
		return snprintf(buf, len, "partition id 0x%llx is not valid here",
				value);
	}
	return snprintf(buf, len, "fault %u", v->fault);
}

/**
 * hvc_property_known() - does hvpart implement a partition property
 * @code: HVPART_PARTITION_PROPERTY_*.
 *
 * Return: true when it does.
 */
bool hvc_property_known(u32 code)
{
	return hvc_name_of(hvc_property_names, hvc_property_count, code) != NULL;
}

/**
 * hvc_property_writable() - may a property be set (before Initialize)
 * @code: a known HVPART_PARTITION_PROPERTY_*.
 *
 * The feature properties are early properties; vendor and compatibility
 * version are read-only.
 *
 * Return: true for the early properties.
 */
bool hvc_property_writable(u32 code)
{
	return code == HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0 ||
	       code == HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1 ||
	       code == HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES;
}

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

/**
 * hvc_feature_at() - walk a layout's named processor feature bits
 * @layout: AMD64 names the x64 bits (banks 0, 1 and XSAVE), ARM64 the
 *	ARM64 bits (banks 0 and 1).
 * @i: index, from 0.
 * @bank: out: the bank.
 * @bit: out: the bit in the bank.
 * @name: out: the Hyper-V field name.
 *
 * Return: false once @i is past the last one.
 */
bool hvc_feature_at(enum hvc_layout layout, unsigned int i,
		    unsigned int *bank, unsigned int *bit, const char **name)
{
	if (layout == HVC_LAYOUT_ARM64) {
		if (i >= hvc_arm64_feature_count)
			return false;
		*bank = hvc_arm64_features[i].bank;
		*bit = hvc_arm64_features[i].bit;
		*name = hvc_arm64_features[i].name;
		return true;
	}
	if (i >= hvc_x64_feature_count)
		return false;
	*bank = hvc_x64_features[i].bank;
	*bit = hvc_x64_features[i].bit;
	*name = hvc_x64_features[i].name;
	return true;
}

/**
 * hvc_feature_name() - the name of a processor feature bit
 * @layout: whose bits: AMD64 (x64) or ARM64.
 * @bank: 0, 1, or HVC_BANK_XSAVE (x64 only).
 * @bit: the bit in the bank.
 *
 * Return: the Hyper-V field name, or NULL for a bit without one.
 */
const char *hvc_feature_name(enum hvc_layout layout, unsigned int bank,
			     unsigned int bit)
{
	unsigned int i, b, n;
	const char *name;

	for (i = 0; hvc_feature_at(layout, i, &b, &n, &name); i++)
		if (b == bank && n == bit)
			return name;
	return NULL;
}

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
