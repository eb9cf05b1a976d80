/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hvpart ABI codec: the hypercall control word, the HvCallCreatePartition
 * input layouts, input validation, and the names of statuses and flags.
 * Shared by the module, hvctl and the fuzzers; see lib/hvpart_shim.h.
 */
#ifndef HVPART_CODEC_H
#define HVPART_CODEC_H

#include "hvpart_shim.h"
#include "../uapi/linux/hvpart.h"

#define HVC_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/** enum hvc_layout - which HvCallCreatePartition input layout */
enum hvc_layout {
	HVC_LAYOUT_AMD64,
	HVC_LAYOUT_ARM64,
};

/*
 * The layout HVPART_HVCALL reads on this architecture.  ARM64 has its own
 * (a 32-bit ARM program on an arm64 kernel uses it too);
 * every other architecture uses the AMD64 page.
 */
#if defined(__aarch64__) || defined(__arm__)
#define HVC_LAYOUT_NATIVE	HVC_LAYOUT_ARM64
#else
#define HVC_LAYOUT_NATIVE	HVC_LAYOUT_AMD64
#endif

/**
 * struct hvc_control - a decoded hypercall control word
 * @code: call code (15:0).
 * @fast: register-based call (16).
 * @varhead_size: variable header size in 8-byte units (26:17).
 * @rep_count: rep count (43:32).
 * @rep_start: rep start index (59:48).
 * @reserved: the reserved bits as they were set (31:27, 47:44, 63:60).
 */
struct hvc_control {
	u16 code;
	bool fast;
	u16 varhead_size;
	u16 rep_count;
	u16 rep_start;
	bool nested;
	u64 reserved;
};

/** enum hvc_call_id - each implemented call, in lib/hvpart_calls.h's order */
enum hvc_call_id {
#define HVC_CALL(ID, ...) HVC_CALL_##ID,
#include "hvpart_calls.h"
	HVC_CALL_NR
};

/**
 * struct hvc_call - what the ABI says about one call code
 * @id: its entry in HVC_CALLS (lib/hvpart_calls.h).
 * @code: the call code.
 * @name: its name without the "HvCall" prefix.
 * @input_size: input layout size, indexed by enum hvc_layout.
 * @output_size: output layout size, 0 when the call has no output.
 * @fast_capable: the call may be issued with the fast bit.
 * @input_rep_size: bytes each rep adds to the input (rep calls), else 0.
 * @output_rep_size: bytes each rep adds to the output (rep calls), else 0.
 */
struct hvc_call {
	enum hvc_call_id id;
	u16 code;
	const char *name;
	u16 input_size[2];
	u16 output_size;
	bool fast_capable;
	u16 input_rep_size;
	u16 output_rep_size;
};

/** enum hvc_fault - why the codec refused an input */
enum hvc_fault {
	HVC_FAULT_NONE,
	HVC_FAULT_CALL_CODE,
	HVC_FAULT_CONTROL_RESERVED,
	HVC_FAULT_CONTROL_NESTED,
	HVC_FAULT_CONTROL_REP_COUNT,
	HVC_FAULT_CONTROL_REP_START,
	HVC_FAULT_CONTROL_REP_RANGE,
	HVC_FAULT_CONTROL_VARHEAD,
	HVC_FAULT_CONTROL_FAST,
	HVC_FAULT_INPUT_SIZE,
	HVC_FAULT_OUTPUT_SIZE,
	HVC_FAULT_INPUT_ALIGN,
	HVC_FAULT_INPUT_CROSSES_PAGE,
	HVC_FAULT_OUTPUT_ALIGN,
	HVC_FAULT_OUTPUT_CROSSES_PAGE,
	HVC_FAULT_PAGES_OVERLAP,
	HVC_FAULT_FLAGS_UNDEFINED,
	HVC_FAULT_PROXIMITY_RESERVED,
	HVC_FAULT_PROXIMITY_DOMAIN,
	HVC_FAULT_PROXIMITY_NODE_OFFLINE,
	HVC_FAULT_COMPAT_VERSION,
	HVC_FAULT_PADDING,
	HVC_FAULT_RESERVED_Z0,
	HVC_FAULT_PARTITION_ID,
	HVC_FAULT_SYNTHETIC_RESERVED,
	HVC_FAULT_SYNTHETIC_NOT_OFFERED,
	HVC_FAULT_DEPOSIT_PAGE,
	HVC_FAULT_POOL_LIMIT,
	HVC_FAULT_POOL_NOT_EMPTY,
	HVC_FAULT_POOL_SHORT,
};

/**
 * struct hvc_verdict - the outcome of a check, with its cause
 * @status: HV_STATUS.
 * @fault: enum hvc_fault, HVC_FAULT_NONE on success.
 * @bit: the offending bit, where the fault is about one.
 * @value: the offending value, where the fault is about one.
 */
struct hvc_verdict {
	u16 status;
	u16 fault;
	u32 bit;
	u64 value;
};

/**
 * struct hvc_create_args - HvCallCreatePartition input, layout-independent
 * @layout: the layout it was decoded from or is to be encoded in.
 * @flags: HVPART_PARTITION_CREATION_FLAG_*.
 * @proximity_domain_id: ProximityDomainInfo.Id.
 * @proximity_flags: ProximityDomainInfo.Flags.
 * @compatibility_version: HV_COMPATIBILITY_VERSION.
 * @padding: the padding dword (must be zero).
 * @disabled_processor_features: the two feature banks.
 * @disabled_processor_xsave_features: XSAVE mask; always 0 for ARM64.
 * @reserved_z0: ReservedZ0 (must be zero).
 */
struct hvc_create_args {
	enum hvc_layout layout;
	u64 flags;
	u32 proximity_domain_id;
	u32 proximity_flags;
	u32 compatibility_version;
	u32 padding;
	u64 disabled_processor_features[HVPART_PARTITION_PROCESSOR_FEATURE_BANKS];
	u64 disabled_processor_xsave_features;
	u64 reserved_z0;
};

/**
 * struct hvc_name - a name for a value or a bit
 * @value: the value, or the bit number.
 * @name: its name as the ABI spells it.
 */
struct hvc_name {
	u32 value;
	const char *name;
};

/* CPUID leaves, registers and bits by name. */
#include "hvpart_x86_cpuid.h"

/* Feature banks: the two DisabledProcessorFeatures banks, then XSAVE. */
#define HVC_BANK_XSAVE		2
#define HVC_BANKS		3

/**
 * struct hvc_cpuid_feature - where a Hyper-V feature bit shows in CPUID
 * @bank: 0 or 1 for DisabledProcessorFeatures, HVC_BANK_XSAVE for the
 *	XSAVE mask.
 * @bit: bit in the bank.
 * @leaf: CPUID function.
 * @subleaf: CPUID index.
 * @reg: enum hvc_cpuid_reg.
 * @reg_bit: bit in the register.
 * @name: the Hyper-V field name without "_support".
 */
struct hvc_cpuid_feature {
	u8 bank;
	u8 bit;
	u32 leaf;
	u8 subleaf;
	u8 reg;
	u8 reg_bit;
	const char *name;
};

/**
 * struct hvc_cpuid_entry - one CPUID entry, laid out as KVM's
 *	struct kvm_cpuid_entry2
 * @function: CPUID leaf.
 * @index: CPUID subleaf.
 * @flags: KVM_CPUID_FLAG_*.
 * @regs: EAX, EBX, ECX, EDX.
 * @padding: KVM's padding.
 */
struct hvc_cpuid_entry {
	u32 function;
	u32 index;
	u32 flags;
	u32 regs[4];
	u32 padding[3];
};

/**
 * struct hvc_partition_cpu - what a partition's vCPUs are offered
 * @disabled: DisabledProcessorFeatures banks 0 and 1, then the XSAVE mask.
 * @flags: HVPART_PARTITION_CREATION_FLAG_*.
 */
struct hvc_partition_cpu {
	u64 disabled[HVC_BANKS];
	u64 flags;
};

/**
 * enum hvc_arm64_reg - the ARM64 registers whose fields show processor
 *	features, as KVM's vCPUs read them
 * @HVC_ARM64_NO_REG: no register field: a firmware (SMCCC) or hypervisor
 *	property.
 * @HVC_ARM64_ID_AA64PFR0: ID_AA64PFR0_EL1.
 * @HVC_ARM64_ID_AA64PFR1: ID_AA64PFR1_EL1.
 * @HVC_ARM64_ID_AA64DFR0: ID_AA64DFR0_EL1.
 * @HVC_ARM64_ID_AA64ISAR0: ID_AA64ISAR0_EL1.
 * @HVC_ARM64_ID_AA64ISAR1: ID_AA64ISAR1_EL1.
 * @HVC_ARM64_ID_AA64ISAR2: ID_AA64ISAR2_EL1.
 * @HVC_ARM64_ID_AA64MMFR0: ID_AA64MMFR0_EL1.
 * @HVC_ARM64_ID_AA64MMFR1: ID_AA64MMFR1_EL1.
 * @HVC_ARM64_ID_AA64MMFR2: ID_AA64MMFR2_EL1.
 * @HVC_ARM64_ID_AA64ZFR0: ID_AA64ZFR0_EL1.
 * @HVC_ARM64_CTR: CTR_EL0.
 * @HVC_ARM64_DCZID: DCZID_EL0.
 * @HVC_ARM64_REGS: how many; arrays of register values are indexed by this
 *	enum.
 */
enum hvc_arm64_reg {
	HVC_ARM64_NO_REG,
	HVC_ARM64_ID_AA64PFR0,
	HVC_ARM64_ID_AA64PFR1,
	HVC_ARM64_ID_AA64DFR0,
	HVC_ARM64_ID_AA64ISAR0,
	HVC_ARM64_ID_AA64ISAR1,
	HVC_ARM64_ID_AA64ISAR2,
	HVC_ARM64_ID_AA64MMFR0,
	HVC_ARM64_ID_AA64MMFR1,
	HVC_ARM64_ID_AA64MMFR2,
	HVC_ARM64_ID_AA64ZFR0,
	HVC_ARM64_CTR,
	HVC_ARM64_DCZID,
	HVC_ARM64_REGS,
};

/**
 * enum hvc_arm64_match - how a register field says a feature is present
 * @HVC_ARM64_GE: the unsigned field is at least the value.
 * @HVC_ARM64_SGE: the signed 4-bit field (0xf: not implemented) is at
 *	least the value.
 * @HVC_ARM64_EQ: the field is exactly the value.
 */
enum hvc_arm64_match {
	HVC_ARM64_GE,
	HVC_ARM64_SGE,
	HVC_ARM64_EQ,
};

/*
 * KVM arm64 vCPU features (bits of struct kvm_vcpu_init's features[0])
 * that the ARM64 feature banks decide.  The numbers are KVM_ARM_VCPU_*'s;
 * the module checks them against <asm/kvm.h>.
 */
#define HVC_ARM64_VCPU_PSCI_0_2		2
#define HVC_ARM64_VCPU_PMU_V3		3
#define HVC_ARM64_VCPU_SVE		4
#define HVC_ARM64_VCPU_PTRAUTH_ADDRESS	5
#define HVC_ARM64_VCPU_PTRAUTH_GENERIC	6
/* struct hvc_arm64_feature.vcpu_feature when no vCPU feature governs it */
#define HVC_ARM64_VCPU_NONE		0xff

/**
 * struct hvc_arm64_feature - an ARM64 processor feature bit, where it shows
 *	and what hides it
 * @bank: 0 or 1.
 * @bit: bit in the bank.
 * @reg: enum hvc_arm64_reg holding the field, HVC_ARM64_NO_REG if none.
 * @shift: the field's lowest bit.
 * @width: the field's width in bits.
 * @match: enum hvc_arm64_match.
 * @value: the value @match compares with.
 * @vcpu_feature: HVC_ARM64_VCPU_* without which a KVM vCPU never sees the
 *	feature, or HVC_ARM64_VCPU_NONE.
 * @gates: disabling this bit withholds @vcpu_feature from the partition
 *	(and so every bit that needs it).
 * @kvm_hidden: KVM 6.1 hides the feature from every vCPU.
 * @name: the Hyper-V field name.
 * @field: the register field's name, NULL without @reg.
 */
struct hvc_arm64_feature {
	u8 bank;
	u8 bit;
	u8 reg;
	u8 shift;
	u8 width;
	u8 match;
	u8 value;
	u8 vcpu_feature;
	bool gates;
	bool kvm_hidden;
	const char *name;
	const char *field;
};

extern const struct hvc_cpuid_feature hvc_x64_features[];
extern const unsigned int hvc_x64_feature_count;
extern const struct hvc_arm64_feature hvc_arm64_features[];
extern const unsigned int hvc_arm64_feature_count;
extern const struct hvc_cpuid_feature hvc_synthetic_features[];
extern const unsigned int hvc_synthetic_feature_count;
extern const struct hvc_name hvc_property_names[];
extern const unsigned int hvc_property_count;
extern const struct hvc_name hvc_creation_flag_names[];
extern const unsigned int hvc_creation_flag_count;
extern const struct hvc_name hvc_compat_version_names[];
extern const unsigned int hvc_compat_version_count;

void hvc_control_decode(u64 control, struct hvc_control *c);
u64 hvc_control_encode(const struct hvc_control *c);
const struct hvc_call *hvc_call_find(u16 code);
u16 hvc_control_check(const struct hvc_control *c, const struct hvc_call *call,
		      struct hvc_verdict *v);
bool hvc_call_is_rep(const struct hvc_call *call);
u32 hvc_input_len(const struct hvc_call *call, enum hvc_layout layout,
		  u16 rep_count);
u32 hvc_output_len(const struct hvc_call *call, u16 rep_count);
u16 hvc_sizes_check(const struct hvc_call *call, enum hvc_layout layout,
		    u16 rep_count, u32 input_size, u32 output_size,
		    struct hvc_verdict *v);
u16 hvc_pages_check(u64 input, u32 input_len, u64 output, u32 output_len,
		    struct hvc_verdict *v);

u64 hvc_hv_cpuid_synthetic(const struct hvc_cpuid_entry *entries, u32 count);

u32 hvc_create_input_size(enum hvc_layout layout);
bool hvc_create_decode(enum hvc_layout layout, const void *buf, u32 len,
		       struct hvc_create_args *a);
u32 hvc_create_encode(const struct hvc_create_args *a, void *buf, u32 len);
u16 hvc_create_validate(const struct hvc_create_args *a,
			bool (*node_online)(u32 node), struct hvc_verdict *v);

const char *hvc_status_name(u16 status);
int hvc_status_errno(u16 status);
const char *hvc_name_of(const struct hvc_name *names, unsigned int count,
			u32 value);
bool hvc_compat_version_known(u32 version);
const char *hvc_layout_name(enum hvc_layout layout);
int hvc_verdict_format(const struct hvc_verdict *v, char *buf, u32 len);

bool hvc_property_known(u32 code);
bool hvc_partition_id_is_host(u64 id);
bool hvc_property_writable(u32 code);
void hvc_cpuid_host_banks(const struct hvc_cpuid_entry *entries, u32 count,
			  u64 banks[HVC_BANKS]);
u32 hvc_cpuid_filter(struct hvc_cpuid_entry *entries, u32 count,
		     const struct hvc_partition_cpu *cpu);

bool hvc_feature_at(enum hvc_layout layout, unsigned int i,
		    unsigned int *bank, unsigned int *bit, const char **name);
const char *hvc_feature_name(enum hvc_layout layout, unsigned int bank,
			     unsigned int bit);
const char *hvc_arm64_reg_name(unsigned int reg);
bool hvc_arm64_feature_present(const struct hvc_arm64_feature *f,
			       const u64 regs[HVC_ARM64_REGS]);
void hvc_arm64_host_banks(const u64 regs[HVC_ARM64_REGS], u32 vcpu_supported,
			  u64 banks[HVC_BANKS]);
u32 hvc_arm64_vcpu_features(u32 vcpu_supported,
			    const struct hvc_partition_cpu *cpu);
void hvc_arm64_offered_banks(const u64 host[HVC_BANKS], u32 vcpu_features,
			     u64 banks[HVC_BANKS]);

#endif /* HVPART_CODEC_H */
