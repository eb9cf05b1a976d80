/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvpart: the hypercall ABI that /dev/hvpart speaks (<linux/hvpart.h>
 * includes this file; include that one).
 *
 * The hypercall ABI itself, as the Hyper-V documentation defines it:
 * the hypercall control word ("input value"), the result value,
 * HV_STATUS codes, call codes, and the input pages of
 * HvCallCreatePartition for AMD64 (56 bytes) and ARM64 (48 bytes).
 * These structs are the hypercall input pages byte for byte; both
 * layouts are defined on every architecture.  All hypercall data is
 * little-endian, as on both architectures that run the hypervisor.
 *
 * The names are the documentation's under this header's own prefix:
 * HV_STATUS_SUCCESS is HVPART_STATUS_SUCCESS, HVCALL_CREATE_PARTITION
 * is HVPART_CALL_CREATE_PARTITION, struct hv_input_create_partition
 * is struct hvpart_input_create_partition_amd64, and so on.  Linux
 * defines many of the documentation's own names (asm-generic/
 * hyperv-tlfs.h, include/hyperv/, the mshv uapi header), some as
 * other types: this header includes beside any of them.
 */
#ifndef _UAPI_LINUX_HVPART_HYPERCALL_H
#define _UAPI_LINUX_HVPART_HYPERCALL_H

#include <linux/types.h>

/* Hypercall control word (input value) fields. */
#define HVPART_HYPERCALL_CODE_MASK		0x000000000000ffffULL	/* 15:0 */
#define HVPART_HYPERCALL_FAST_BIT		0x0000000000010000ULL	/* 16 */
#define HVPART_HYPERCALL_VARHEAD_SHIFT	17
#define HVPART_HYPERCALL_VARHEAD_MASK	0x0000000007fe0000ULL	/* 26:17 */
#define HVPART_HYPERCALL_REP_COMP_SHIFT	32
#define HVPART_HYPERCALL_REP_COMP_MASK	0x00000fff00000000ULL	/* 43:32 */
#define HVPART_HYPERCALL_REP_START_SHIFT	48
#define HVPART_HYPERCALL_REP_START_MASK	0x0fff000000000000ULL	/* 59:48 */
/*
 * 31 is "nested" (Linux's HV_HYPERCALL_NESTED): a guest that runs nested
 * directs the call past its own hypervisor to the one below.  hvpart is
 * the only hypervisor its callers talk to, with none below it: a call
 * with the bit set is refused, INVALID_HYPERCALL_INPUT.
 */
#define HVPART_HYPERCALL_NESTED_BIT		0x0000000080000000ULL
/* 30:27, 47:44 and 63:60 are reserved and must be zero. */
#define HVPART_HYPERCALL_RSVD_MASK		0xf000f00078000000ULL

/* Hypercall result value: HV_STATUS in 15:0, reps completed in 43:32. */
#define HVPART_HYPERCALL_RESULT_MASK	0x000000000000ffffULL
#define HVPART_HYPERCALL_REP_DONE_SHIFT	32
#define HVPART_HYPERCALL_REP_DONE_MASK	0x00000fff00000000ULL

/* Input and output pages must not cross this boundary. */
#define HVPART_HYPERCALL_PAGE_SIZE		4096
#define HVPART_HYPERCALL_ALIGN		8

/* HV_STATUS values (UINT16). */
#define HVPART_STATUS_SUCCESS				0x0000
#define HVPART_STATUS_INVALID_HYPERCALL_CODE		0x0002
#define HVPART_STATUS_INVALID_HYPERCALL_INPUT		0x0003
#define HVPART_STATUS_INVALID_ALIGNMENT			0x0004
#define HVPART_STATUS_INVALID_PARAMETER			0x0005
#define HVPART_STATUS_ACCESS_DENIED				0x0006
#define HVPART_STATUS_INVALID_PARTITION_STATE		0x0007
#define HVPART_STATUS_OPERATION_DENIED			0x0008
#define HVPART_STATUS_UNKNOWN_PROPERTY			0x0009
#define HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE		0x000a
#define HVPART_STATUS_INSUFFICIENT_MEMORY			0x000b
#define HVPART_STATUS_PARTITION_TOO_DEEP			0x000c
#define HVPART_STATUS_INVALID_PARTITION_ID			0x000d
#define HVPART_STATUS_INVALID_VP_INDEX			0x000e
#define HVPART_STATUS_NOT_FOUND				0x0010
#define HVPART_STATUS_NO_RESOURCES				0x001d
#define HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED	0x0020
#define HVPART_STATUS_OPERATION_FAILED			0x0071
#define HVPART_STATUS_CALL_PENDING				0x0079

/* Call codes of the partition lifecycle. */
#define HVPART_CALL_CREATE_PARTITION			0x0040
#define HVPART_CALL_INITIALIZE_PARTITION		0x0041
#define HVPART_CALL_FINALIZE_PARTITION		0x0042
#define HVPART_CALL_DELETE_PARTITION			0x0043
#define HVPART_CALL_GET_PARTITION_PROPERTY		0x0044
#define HVPART_CALL_SET_PARTITION_PROPERTY		0x0045
#define HVPART_CALL_GET_PARTITION_ID			0x0046
/* Rep calls: the memory pool of a partition (see struct hvpart_input_deposit_memory). */
#define HVPART_CALL_DEPOSIT_MEMORY			0x0048
#define HVPART_CALL_WITHDRAW_MEMORY			0x0049

/* HV_PARTITION_ID */
#define HVPART_PARTITION_ID_INVALID		0x0000000000000000ULL
#define HVPART_PARTITION_ID_SELF		0xffffffffffffffffULL
/*
 * The host partition: the callers of /dev/hvpart run in it, as Linux's
 * mshv runs in Hyper-V's root partition.  HvCallGetPartitionId answers
 * this id; HvCallGetPartitionProperty takes it, or SELF, for the host's own
 * values (vendor, feature banks); nothing else accepts it.  No child
 * partition ever gets it.
 */
#define HVPART_PARTITION_ID_HOST		0xfffffffffffffffeULL

/* HV_PARTITION_CREATION_FLAGS: bit numbers, then masks. */
#define HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST_BIT		0
#define HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE_BIT	1
#define HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED_BIT		4
#define HVPART_PARTITION_CREATION_FLAG_EXO_PARTITION_BIT			8
#define HVPART_PARTITION_CREATION_FLAG_VTL1_OVERRIDE_BIT			9
#define HVPART_PARTITION_CREATION_FLAG_VTL2_OVERRIDE_BIT			10
#define HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED_BIT			13
#define HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU_BIT		15
#define HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_LBR_BIT		16
#define HVPART_PARTITION_CREATION_FLAG_INTERCEPT_MESSAGE_PAGE_ENABLED_BIT	19
#define HVPART_PARTITION_CREATION_FLAG_HYPERCALL_DOORBELL_PAGE_ENABLED_BIT	20
#define HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE_BIT			22

#define HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST			(1ULL << 0)
#define HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE	(1ULL << 1)
#define HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED		(1ULL << 4)
#define HVPART_PARTITION_CREATION_FLAG_EXO_PARTITION			(1ULL << 8)
#define HVPART_PARTITION_CREATION_FLAG_VTL1_OVERRIDE			(1ULL << 9)
#define HVPART_PARTITION_CREATION_FLAG_VTL2_OVERRIDE			(1ULL << 10)
#define HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED			(1ULL << 13)
#define HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU			(1ULL << 15)
#define HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_LBR			(1ULL << 16)
#define HVPART_PARTITION_CREATION_FLAG_INTERCEPT_MESSAGE_PAGE_ENABLED	(1ULL << 19)
#define HVPART_PARTITION_CREATION_FLAG_HYPERCALL_DOORBELL_PAGE_ENABLED	(1ULL << 20)
#define HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE			(1ULL << 22)

/* Every defined creation flag; any other bit is INVALID_PARAMETER. */
#define HVPART_PARTITION_CREATION_FLAGS_VALID_MASK				\
	(HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST |			\
	 HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE |	\
	 HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED |		\
	 HVPART_PARTITION_CREATION_FLAG_EXO_PARTITION |			\
	 HVPART_PARTITION_CREATION_FLAG_VTL1_OVERRIDE |			\
	 HVPART_PARTITION_CREATION_FLAG_VTL2_OVERRIDE |			\
	 HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |			\
	 HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU |		\
	 HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_LBR |		\
	 HVPART_PARTITION_CREATION_FLAG_INTERCEPT_MESSAGE_PAGE_ENABLED |	\
	 HVPART_PARTITION_CREATION_FLAG_HYPERCALL_DOORBELL_PAGE_ENABLED |	\
	 HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE)

/* HV_COMPATIBILITY_VERSION = (major << 8) | minor: the values hvpart accepts. */
#define HVPART_COMPATIBILITY_19H1		0x0605
#define HVPART_COMPATIBILITY_20H1		0x0607
#define HVPART_COMPATIBILITY_21H1		0x0608
#define HVPART_COMPATIBILITY_21H2		0x0609
#define HVPART_COMPATIBILITY_PRERELEASE	0xfe00
#define HVPART_COMPATIBILITY_EXPERIMENT	0xff00

/* HV_PROXIMITY_DOMAIN_INFO flags. */
#define HVPART_PROXIMITY_FLAG_PREFERRED	0x00000001U	/* bit 0 */
#define HVPART_PROXIMITY_FLAG_INFO_VALID	0x80000000U	/* bit 31 */
#define HVPART_PROXIMITY_FLAGS_RSVD_MASK	0x7ffffffeU	/* bits 30:1 */
#define HVPART_PROXIMITY_DOMAIN_MAX		63

/*
 * HV_PARTITION_PROPERTY_CODE values hvpart implements.  Early properties
 * may be set only while the partition is Created (before Initialize).
 */
#define HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES	0x00010001	/* early */
#define HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR		0x00060000	/* ro */
#define HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES	0x00060002	/* early */
#define HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION	0x00060005	/* ro */
#define HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH	0x00060006	/* ro */
#define HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0	0x0006000a	/* early */
#define HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1	0x0006000b	/* early */

/* HV_PROCESSOR_VENDOR, the value of HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR. */
#define HVPART_PROCESSOR_VENDOR_AMD		0x0000
#define HVPART_PROCESSOR_VENDOR_INTEL	0x0001
#define HVPART_PROCESSOR_VENDOR_HYGON	0x0002
#define HVPART_PROCESSOR_VENDOR_ARM		0x0010

/*
 * HV_PARTITION_SYNTHETIC_PROCESSOR_FEATURES, the value of
 * HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES: the Hyper-V
 * enlightenments a partition's guests are offered.  A partition may have
 * those KVM emulates on the host, which the host partition's value of the
 * property lists; the other bits are refused.
 */
#define HVPART_SYNTHETIC_HYPERVISOR_PRESENT		(1ULL << 0)
#define HVPART_SYNTHETIC_HV1				(1ULL << 1)
#define HVPART_SYNTHETIC_ACCESS_VP_RUN_TIME_REG		(1ULL << 2)
#define HVPART_SYNTHETIC_ACCESS_PARTITION_REFERENCE_COUNTER	(1ULL << 3)
#define HVPART_SYNTHETIC_ACCESS_SYNIC_REGS		(1ULL << 4)
#define HVPART_SYNTHETIC_ACCESS_SYNTHETIC_TIMER_REGS	(1ULL << 5)
#define HVPART_SYNTHETIC_ACCESS_INTR_CTRL_REGS		(1ULL << 6)
#define HVPART_SYNTHETIC_ACCESS_HYPERCALL_REGS		(1ULL << 7)
#define HVPART_SYNTHETIC_ACCESS_VP_INDEX		(1ULL << 8)
#define HVPART_SYNTHETIC_ACCESS_PARTITION_REFERENCE_TSC	(1ULL << 9)
#define HVPART_SYNTHETIC_ACCESS_GUEST_IDLE_REG		(1ULL << 10)
#define HVPART_SYNTHETIC_ACCESS_FREQUENCY_REGS		(1ULL << 11)
#define HVPART_SYNTHETIC_ENABLE_EXTENDED_GVA_RANGES_FLUSH	(1ULL << 15)
#define HVPART_SYNTHETIC_FAST_HYPERCALL_OUTPUT		(1ULL << 18)
#define HVPART_SYNTHETIC_START_VIRTUAL_PROCESSOR	(1ULL << 20)
#define HVPART_SYNTHETIC_DIRECT_SYNTHETIC_TIMERS	(1ULL << 22)
#define HVPART_SYNTHETIC_EXTENDED_PROCESSOR_MASKS	(1ULL << 24)
#define HVPART_SYNTHETIC_TB_FLUSH_HYPERCALLS		(1ULL << 25)
#define HVPART_SYNTHETIC_SYNTHETIC_CLUSTER_IPI		(1ULL << 26)
#define HVPART_SYNTHETIC_NOTIFY_LONG_SPIN_WAIT		(1ULL << 27)
#define HVPART_SYNTHETIC_QUERY_NUMA_DISTANCE		(1ULL << 28)
#define HVPART_SYNTHETIC_SIGNAL_EVENTS			(1ULL << 29)
#define HVPART_SYNTHETIC_RETARGET_DEVICE_INTERRUPT	(1ULL << 30)
#define HVPART_SYNTHETIC_RESTORE_TIME			(1ULL << 31)
#define HVPART_SYNTHETIC_ENLIGHTENED_VMCS		(1ULL << 32)
/* 12-14, 16, 17, 19, 21, 23 and 33-63 are reserved: INVALID_PARAMETER. */
#define HVPART_SYNTHETIC_RSVD_MASK			0xfffffffe00ab7000ULL

/* Number of 64-bit banks in DisabledProcessorFeatures. */
#define HVPART_PARTITION_PROCESSOR_FEATURE_BANKS	2

/**
 * struct hvpart_proximity_domain_info - HV_PROXIMITY_DOMAIN_INFO
 * @domain_id: NUMA proximity domain, 0-63; ignored unless
 *	HVPART_PROXIMITY_FLAG_INFO_VALID is set in @flags.
 * @flags: HVPART_PROXIMITY_FLAG_*; bits 30:1 are reserved and must be zero.
 */
struct hvpart_proximity_domain_info {
	__u32 domain_id;
	__u32 flags;
};

/**
 * struct hvpart_input_create_partition_amd64 - HvCallCreatePartition input, AMD64
 * @flags: HVPART_PARTITION_CREATION_FLAG_* (offset 0).
 * @proximity_domain_info: initial NUMA locality hint (offset 8).
 * @compatibility_version: HV_COMPATIBILITY_VERSION (offset 16).
 * @padding: must be zero (offset 20).
 * @disabled_processor_features: banked processor features hidden from the
 *	partition, a set bit disables a feature; reserved bits are accepted
 *	(offset 24).
 * @disabled_processor_xsave_features: XSAVE features hidden from the
 *	partition (offset 40).
 * @reserved_z0: must be zero (offset 48).
 *
 * The 56-byte AMD64 input page of call code 0x0040.
 */
struct hvpart_input_create_partition_amd64 {
	__u64 flags;
	struct hvpart_proximity_domain_info proximity_domain_info;
	__u32 compatibility_version;
	__u32 padding;
	__u64 disabled_processor_features[HVPART_PARTITION_PROCESSOR_FEATURE_BANKS];
	__u64 disabled_processor_xsave_features;
	__u64 reserved_z0;
};

/**
 * struct hvpart_input_create_partition_arm64 - HvCallCreatePartition input, ARM64
 * @flags: HVPART_PARTITION_CREATION_FLAG_* (offset 0).
 * @proximity_domain_info: initial NUMA locality hint (offset 8).
 * @compatibility_version: HV_COMPATIBILITY_VERSION (offset 16).
 * @padding: must be zero (offset 20).
 * @disabled_processor_features: banked processor features hidden from the
 *	partition (offset 24).
 * @reserved_z0: must be zero (offset 40).
 *
 * The 48-byte ARM64 input page of call code 0x0040: no XSAVE field.
 */
struct hvpart_input_create_partition_arm64 {
	__u64 flags;
	struct hvpart_proximity_domain_info proximity_domain_info;
	__u32 compatibility_version;
	__u32 padding;
	__u64 disabled_processor_features[HVPART_PARTITION_PROCESSOR_FEATURE_BANKS];
	__u64 reserved_z0;
};

/**
 * struct hvpart_output_create_partition - HvCallCreatePartition output page
 * @new_partition_id: the id of the new partition.
 */
struct hvpart_output_create_partition {
	__u64 new_partition_id;
};

/**
 * struct hvpart_input_partition_id - input of calls that name one partition
 * @partition_id: the partition (Initialize, Finalize and Delete).
 */
struct hvpart_input_partition_id {
	__u64 partition_id;
};

/**
 * struct hvpart_input_deposit_memory - HvCallDepositMemory input (a rep call)
 * @partition_id: the partition whose pool receives the pages.
 * @gpa_page_list: one page number per rep, from rep start to rep count.
 *
 * hvpart keeps no hypervisor memory: a deposit is accounted, not used.
 * The page numbers are kept as they came and handed back, as they are,
 * by HvCallWithdrawMemory; hvpart never maps or touches them.
 */
struct hvpart_input_deposit_memory {
	__u64 partition_id;
	__u64 gpa_page_list[];
};

/**
 * struct hvpart_input_withdraw_memory - HvCallWithdrawMemory input (a rep call)
 * @partition_id: the partition whose pool gives the pages back.
 * @proximity_domain_info: the NUMA node wanted; hvpart keeps one pool per
 *	partition, so only its reserved flag bits are checked.
 *
 * The output page is a list of page numbers, one per rep completed.
 */
struct hvpart_input_withdraw_memory {
	__u64 partition_id;
	struct hvpart_proximity_domain_info proximity_domain_info;
};

/**
 * struct hvpart_input_get_partition_property - HvCallGetPartitionProperty input
 * @partition_id: the partition.
 * @property_code: HVPART_PARTITION_PROPERTY_*.
 * @padding: must be zero.
 */
struct hvpart_input_get_partition_property {
	__u64 partition_id;
	__u32 property_code;
	__u32 padding;
};

/**
 * struct hvpart_output_get_partition_property - HvCallGetPartitionProperty output
 * @property_value: the value.
 */
struct hvpart_output_get_partition_property {
	__u64 property_value;
};

/**
 * struct hvpart_input_set_partition_property - HvCallSetPartitionProperty input
 * @partition_id: the partition.
 * @property_code: HVPART_PARTITION_PROPERTY_*.
 * @padding: must be zero.
 * @property_value: the new value.
 */
struct hvpart_input_set_partition_property {
	__u64 partition_id;
	__u32 property_code;
	__u32 padding;
	__u64 property_value;
};

/**
 * struct hvpart_output_get_partition_id - HvCallGetPartitionId output
 * @partition_id: the caller's own partition.
 */
struct hvpart_output_get_partition_id {
	__u64 partition_id;
};

/*
 * Compile-time checks of every offset and size, in kernel and userspace
 * builds alike.
 */
#ifdef __cplusplus
#define HVPART_ABI_ASSERT(expr)	static_assert(expr, #expr)
#else
#define HVPART_ABI_ASSERT(expr)	_Static_assert(expr, #expr)
#endif
#define HVPART_ABI_OFFSET(type, member, off) \
	HVPART_ABI_ASSERT(__builtin_offsetof(type, member) == (off))

HVPART_ABI_ASSERT(sizeof(struct hvpart_proximity_domain_info) == 8);
HVPART_ABI_OFFSET(struct hvpart_proximity_domain_info, domain_id, 0);
HVPART_ABI_OFFSET(struct hvpart_proximity_domain_info, flags, 4);

HVPART_ABI_ASSERT(sizeof(struct hvpart_input_create_partition_amd64) == 56);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_amd64, flags, 0);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_amd64, proximity_domain_info, 8);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_amd64, compatibility_version, 16);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_amd64, padding, 20);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_amd64, disabled_processor_features, 24);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_amd64, disabled_processor_xsave_features, 40);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_amd64, reserved_z0, 48);

HVPART_ABI_ASSERT(sizeof(struct hvpart_input_create_partition_arm64) == 48);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_arm64, flags, 0);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_arm64, proximity_domain_info, 8);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_arm64, compatibility_version, 16);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_arm64, padding, 20);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_arm64, disabled_processor_features, 24);
HVPART_ABI_OFFSET(struct hvpart_input_create_partition_arm64, reserved_z0, 40);

HVPART_ABI_ASSERT(sizeof(struct hvpart_output_create_partition) == 8);
HVPART_ABI_ASSERT(sizeof(struct hvpart_input_partition_id) == 8);
HVPART_ABI_ASSERT(sizeof(struct hvpart_input_deposit_memory) == 8);
HVPART_ABI_OFFSET(struct hvpart_input_deposit_memory, gpa_page_list, 8);
HVPART_ABI_ASSERT(sizeof(struct hvpart_input_withdraw_memory) == 16);
HVPART_ABI_OFFSET(struct hvpart_input_withdraw_memory, proximity_domain_info, 8);
HVPART_ABI_ASSERT(sizeof(struct hvpart_input_get_partition_property) == 16);
HVPART_ABI_OFFSET(struct hvpart_input_get_partition_property, property_code, 8);
HVPART_ABI_OFFSET(struct hvpart_input_get_partition_property, padding, 12);
HVPART_ABI_ASSERT(sizeof(struct hvpart_input_set_partition_property) == 24);
HVPART_ABI_OFFSET(struct hvpart_input_set_partition_property, property_code, 8);
HVPART_ABI_OFFSET(struct hvpart_input_set_partition_property, padding, 12);
HVPART_ABI_OFFSET(struct hvpart_input_set_partition_property, property_value, 16);
HVPART_ABI_ASSERT(sizeof(struct hvpart_output_get_partition_property) == 8);
HVPART_ABI_ASSERT(sizeof(struct hvpart_output_get_partition_id) == 8);

#endif /* _UAPI_LINUX_HVPART_HYPERCALL_H */
