/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvpart: the Hyper-V partition ABI on KVM hosts.
 *
 * This header is the user ABI of /dev/hvpart, in three parts:
 *
 * 1. The hypercall ABI itself, in <linux/hvpart_hypercall.h>, which this
 *    header includes: the control word, the result value, HV_STATUS
 *    codes, call codes, properties and the input and output pages, byte
 *    for byte as the Hyper-V documentation defines them.
 *
 * 2. The ioctls of /dev/hvpart (magic HVPART_IOCTL_MAGIC):
 *
 *    HVPART_HVCALL (0x00)
 *	Issue one hypercall: control word in, result value out, input and
 *	output pages as user addresses.  See struct hvpart_hvcall.
 *
 *    HVPART_CREATE_PARTITION_AMD64, HVPART_CREATE_PARTITION_ARM64 (0x01)
 *	HvCallCreatePartition with the AMD64 or ARM64 input layout; the two
 *	share a number and differ in the size encoded in the ioctl.  See
 *	struct hvpart_create_partition_amd64.
 *
 *    HVPART_INITIALIZE_PARTITION (0x02), HVPART_FINALIZE_PARTITION (0x03),
 *    HVPART_DELETE_PARTITION (0x04)
 *	The lifecycle calls by partition id.  Initialize binds a KVM VM
 *	the caller created itself (KVM_CREATE_VM) to the partition, or none.
 *	hvpart never closes or removes an fd of the caller's.
 *
 *    HVPART_GET_PARTITION_PROPERTY (0x05), HVPART_SET_PARTITION_PROPERTY (0x06)
 *	HvCallGetPartitionProperty and HvCallSetPartitionProperty.
 *
 *    HVPART_GET_VM_FD (0x07)
 *	A new fd for the partition's KVM VM, for the process that owns it.
 *
 *    HVPART_GET_CPUID (0x08)
 *	KVM's supported CPUID with the partition's disabled features
 *	removed, ready for KVM_SET_CPUID2.  x86 only: ENOTTY on arm64.
 *
 *    HVPART_GET_VCPU_INIT (0x09)
 *	The struct kvm_vcpu_init (target and vCPU features) a partition's
 *	vCPUs get: KVM_ARM_PREFERRED_TARGET with the features its creation
 *	flags and disabled ARM64 features allow, ready for
 *	KVM_ARM_VCPU_INIT.  arm64 only: ENOTTY elsewhere.
 *
 *    HVPART_CHECK_EXTENSION (0x0a)
 *	Does this module have a capability (HVPART_CAP_*), as
 *	KVM_CHECK_EXTENSION answers for KVM: the argument is the number,
 *	the return value 0 for no (or a number the module does not know)
 *	and positive for yes.  A VMM asks before it relies on anything
 *	newer than HVPART_API_VERSION 1.
 *
 *    HVPART_GET_VERDICT (0x0b)
 *	Why the last refused call on this open file was refused, in words,
 *	as the module decided it.  See struct hvpart_verdict.
 *
 *    Each ioctl returns 0 when the HV_STATUS is HVPART_STATUS_SUCCESS,
 *    and otherwise -1 with an errno that matches the status (INVALID_* ->
 *    EINVAL, ACCESS_DENIED -> EACCES, INSUFFICIENT_MEMORY -> ENOMEM, the
 *    full table is in Documentation/hvpart.rst).  The exact HV_STATUS is
 *    always written back when the call was dispatched.
 *
 * 3. The generic netlink family "hvpart" (HVPART_GENL_NAME), described by
 *    Documentation/netlink/specs/hvpart.yaml; its constants are in
 *    <linux/hvpart_netlink.h>, which ynl-gen-c generates from that spec
 *    and this header includes:
 *
 *    HVPART_CMD_PARTITION_GET
 *	do: one partition, by HVPART_A_PARTITION_ID; dump: every partition,
 *	in id order, spanning as many messages as needed.  A dump that
 *	raced with a create or delete is flagged NLM_F_DUMP_INTR.
 *    HVPART_CMD_PARTITION_CREATE_NTF, _STATE_NTF, _DELETE_NTF
 *	Events on the multicast group "monitor" (HVPART_MCGRP_MONITOR),
 *	carrying the same attributes as partition-get.
 *
 *    No operation changes anything, so any user may list partitions.
 *
 * Structs use fixed-width types only, no bitfields, natural alignment and
 * explicit padding that must be zero, so 32-bit callers share the layout.
 */
#ifndef _UAPI_LINUX_HVPART_H
#define _UAPI_LINUX_HVPART_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Quoted: found beside this file, in the module build and once installed. */
#include "hvpart_hypercall.h"

#define HVPART_IOCTL_MAGIC	0xBD

/**
 * struct hvpart_hvcall - HVPART_HVCALL argument: one hypercall
 * @control: in: hypercall input value (call code, fast, rep count, ...).
 * @result: out: hypercall result value (HV_STATUS in 15:0, reps done in
 *	43:32), written whenever the call was dispatched.
 * @input: in: user address of the input page; 8-byte aligned, the call's
 *	input must not cross a 4 KiB boundary.
 * @output: in: user address of the output page, 0 if the call has none.
 * @input_size: in: bytes readable at @input, at most 4096.
 * @output_size: in: bytes writable at @output, at most 4096.
 *
 * Only the call's input layout is read from @input and only its output
 * layout is written to @output.  A size smaller than the call's layout is
 * HVPART_STATUS_INVALID_HYPERCALL_INPUT; misaligned, page-crossing or
 * overlapping pages are HVPART_STATUS_INVALID_ALIGNMENT.  Transport errors
 * are plain errnos and dispatch nothing: EFAULT for an unreadable or
 * unwritable buffer, EINVAL for a size over 4096.
 */
struct hvpart_hvcall {
	__u64 control;
	__u64 result;
	__u64 input;
	__u64 output;
	__u32 input_size;
	__u32 output_size;
};

/**
 * struct hvpart_create_partition_amd64 - HVPART_CREATE_PARTITION_AMD64 argument
 * @input: in: the AMD64 input page of HvCallCreatePartition.
 * @new_partition_id: out: the new partition's id on success, else 0.
 * @status: out: the HV_STATUS of the call.
 * @reserved: must be zero.
 */
struct hvpart_create_partition_amd64 {
	struct hvpart_input_create_partition_amd64 input;
	__u64 new_partition_id;
	__u32 status;
	__u32 reserved;
};

/**
 * struct hvpart_create_partition_arm64 - HVPART_CREATE_PARTITION_ARM64 argument
 * @input: in: the ARM64 input page of HvCallCreatePartition.
 * @new_partition_id: out: the new partition's id on success, else 0.
 * @status: out: the HV_STATUS of the call.
 * @reserved: must be zero.
 */
struct hvpart_create_partition_arm64 {
	struct hvpart_input_create_partition_arm64 input;
	__u64 new_partition_id;
	__u32 status;
	__u32 reserved;
};

/**
 * struct hvpart_partition_op - argument of the typed lifecycle ioctls
 * @partition_id: in: the partition.
 * @status: out: the HV_STATUS of the call.
 * @vm_fd: HVPART_INITIALIZE_PARTITION: in: a KVM VM fd of the caller's
 *	own, from KVM_CREATE_VM in this process and with no vCPUs yet, or
 *	-1 to initialize without a VM.  hvpart takes a reference to the VM
 *	and leaves the fd as it is; the field is written back unchanged.
 *	An fd that is not open fails with EBADF, one that is not such a VM
 *	with EINVAL, both before the call is dispatched (@status is left
 *	as it was).  HVPART_GET_VM_FD: out: a new fd (O_CLOEXEC) for the
 *	partition's VM, else -1.  Other ioctls leave it -1.
 */
struct hvpart_partition_op {
	__u64 partition_id;
	__u32 status;
	__s32 vm_fd;
};

/**
 * struct hvpart_partition_property - argument of the property ioctls
 * @partition_id: in: the partition.
 * @property_code: in: HVPART_PARTITION_PROPERTY_*.
 * @status: out: the HV_STATUS of the call.
 * @property_value: out for get, in for set.
 */
struct hvpart_partition_property {
	__u64 partition_id;
	__u32 property_code;
	__u32 status;
	__u64 property_value;
};

/**
 * struct hvpart_cpuid - HVPART_GET_CPUID argument
 * @partition_id: in: the partition.
 * @status: out: the HV_STATUS of the call.
 * @reserved: must be zero.
 * @cpuid: in: user address of a struct kvm_cpuid2 whose nent says how many
 *	entries fit.  On success it holds KVM_GET_SUPPORTED_CPUID's answer
 *	with the partition's disabled features removed.  When it is too
 *	small the ioctl fails with E2BIG, leaves @status as it was and sets
 *	nent to the number of entries needed.
 */
struct hvpart_cpuid {
	__u64 partition_id;
	__u32 status;
	__u32 reserved;
	__u64 cpuid;
};

/**
 * struct hvpart_vcpu_init - HVPART_GET_VCPU_INIT argument
 * @partition_id: in: the partition; it must be initialized, else
 *	INVALID_PARTITION_STATE, with a VM, else OPERATION_DENIED.
 * @status: out: the HV_STATUS of the call.
 * @target: out: the vCPU target, as struct kvm_vcpu_init's: what
 *	KVM_ARM_PREFERRED_TARGET answered for the VM at Initialize.
 * @features: out: vCPU feature bits, as struct kvm_vcpu_init's: PSCI 0.2;
 *	PMUv3 only with ENABLE_PERFMON_PMU and pmu_v3 not disabled; SVE
 *	unless sve is disabled; address and generic pointer authentication
 *	unless apa_base or gpa is disabled; each only where KVM supports it.
 * @reserved: must be zero.
 *
 * @target and @features are laid out as struct kvm_vcpu_init, so
 * &@target can be passed to KVM_ARM_VCPU_INIT as it is.
 */
struct hvpart_vcpu_init {
	__u64 partition_id;
	__u32 status;
	__u32 target;
	__u32 features[7];
	__u32 reserved;
};

/* Room for a cause in words, with its NUL. */
#define HVPART_VERDICT_CAUSE_LEN	120

/**
 * struct hvpart_verdict - HVPART_GET_VERDICT argument
 * @status: out: the HV_STATUS of the last call on this open file that
 *	did not succeed, SUCCESS when none has failed yet.
 * @reserved: out: zero.
 * @cause: out: why, NUL-terminated, e.g. "flags bit 2 is undefined"; ""
 *	where the status says it all (an unknown id, a wrong state).
 *
 * Kept per open file (a file shared between threads has one, the last
 * refusal of any of them), so that a caller learns the module's own
 * reason for a refusal instead of checking its input again to guess it.
 */
struct hvpart_verdict {
	__u32 status;
	__u32 reserved;
	char cause[HVPART_VERDICT_CAUSE_LEN];
};

#define HVPART_HVCALL \
	_IOWR(HVPART_IOCTL_MAGIC, 0x00, struct hvpart_hvcall)
#define HVPART_CREATE_PARTITION_AMD64 \
	_IOWR(HVPART_IOCTL_MAGIC, 0x01, struct hvpart_create_partition_amd64)
#define HVPART_CREATE_PARTITION_ARM64 \
	_IOWR(HVPART_IOCTL_MAGIC, 0x01, struct hvpart_create_partition_arm64)

#define HVPART_INITIALIZE_PARTITION \
	_IOWR(HVPART_IOCTL_MAGIC, 0x02, struct hvpart_partition_op)
#define HVPART_FINALIZE_PARTITION \
	_IOWR(HVPART_IOCTL_MAGIC, 0x03, struct hvpart_partition_op)
#define HVPART_DELETE_PARTITION \
	_IOWR(HVPART_IOCTL_MAGIC, 0x04, struct hvpart_partition_op)
#define HVPART_GET_PARTITION_PROPERTY \
	_IOWR(HVPART_IOCTL_MAGIC, 0x05, struct hvpart_partition_property)
#define HVPART_SET_PARTITION_PROPERTY \
	_IOWR(HVPART_IOCTL_MAGIC, 0x06, struct hvpart_partition_property)
#define HVPART_GET_VM_FD \
	_IOWR(HVPART_IOCTL_MAGIC, 0x07, struct hvpart_partition_op)
#define HVPART_GET_CPUID \
	_IOWR(HVPART_IOCTL_MAGIC, 0x08, struct hvpart_cpuid)
#define HVPART_GET_VCPU_INIT \
	_IOWR(HVPART_IOCTL_MAGIC, 0x09, struct hvpart_vcpu_init)
/* The argument is an HVPART_CAP_* number, not a pointer. */
#define HVPART_CHECK_EXTENSION \
	_IO(HVPART_IOCTL_MAGIC, 0x0a)
#define HVPART_GET_VERDICT \
	_IOR(HVPART_IOCTL_MAGIC, 0x0b, struct hvpart_verdict)

/*
 * The revision of this ABI, HVPART_CHECK_EXTENSION(HVPART_CAP_API_VERSION)'s
 * answer.  It moves only when a call changes meaning; additions get a
 * capability of their own instead.
 */
#define HVPART_API_VERSION		1

/* Capabilities for HVPART_CHECK_EXTENSION: what a yes means. */
#define HVPART_CAP_API_VERSION		0	/* answers HVPART_API_VERSION */
#define HVPART_CAP_HVCALL		1	/* HVPART_HVCALL, 0x0040-0x0046 */
#define HVPART_CAP_TYPED_CALLS		2	/* the typed ioctls 0x01-0x07 */
#define HVPART_CAP_GET_CPUID		3	/* HVPART_GET_CPUID (x86 hosts) */
#define HVPART_CAP_GET_VCPU_INIT	4	/* HVPART_GET_VCPU_INIT (arm64) */
#define HVPART_CAP_NETLINK		5	/* answers HVPART_GENL_VERSION */
#define HVPART_CAP_NESTED_VIRT		6	/* NESTED_VIRTUALIZATION_CAPABLE
						 * can be granted: KVM offers
						 * nested virtualization now
						 */
#define HVPART_CAP_MEMORY_POOL		7	/* HvCallDepositMemory and
						 * HvCallWithdrawMemory
						 */
#define HVPART_CAP_SYNTHETIC_FEATURES	8	/* SYNTHETIC_PROC_FEATURES and
						 * PHYSICAL_ADDRESS_WIDTH
						 */
#define HVPART_CAP_VERDICT		9	/* HVPART_GET_VERDICT */

/*
 * The netlink family's names and numbers (HVPART_GENL_*, HVPART_A_*,
 * HVPART_CMD_*, HVPART_MCGRP_*), generated from its YNL spec.  Quoted, so
 * that it is found beside this file wherever this file is.
 */
#include "hvpart_netlink.h"

/* Compile-time checks of the ioctl structs (HVPART_ABI_ASSERT: hvpart_hypercall.h). */
HVPART_ABI_ASSERT(sizeof(struct hvpart_hvcall) == 40);
HVPART_ABI_OFFSET(struct hvpart_hvcall, control, 0);
HVPART_ABI_OFFSET(struct hvpart_hvcall, result, 8);
HVPART_ABI_OFFSET(struct hvpart_hvcall, input, 16);
HVPART_ABI_OFFSET(struct hvpart_hvcall, output, 24);
HVPART_ABI_OFFSET(struct hvpart_hvcall, input_size, 32);
HVPART_ABI_OFFSET(struct hvpart_hvcall, output_size, 36);

HVPART_ABI_ASSERT(sizeof(struct hvpart_create_partition_amd64) == 72);
HVPART_ABI_OFFSET(struct hvpart_create_partition_amd64, new_partition_id, 56);
HVPART_ABI_OFFSET(struct hvpart_create_partition_amd64, status, 64);
HVPART_ABI_OFFSET(struct hvpart_create_partition_amd64, reserved, 68);

HVPART_ABI_ASSERT(sizeof(struct hvpart_create_partition_arm64) == 64);
HVPART_ABI_OFFSET(struct hvpart_create_partition_arm64, new_partition_id, 48);
HVPART_ABI_OFFSET(struct hvpart_create_partition_arm64, status, 56);
HVPART_ABI_OFFSET(struct hvpart_create_partition_arm64, reserved, 60);

HVPART_ABI_ASSERT(sizeof(struct hvpart_partition_op) == 16);
HVPART_ABI_OFFSET(struct hvpart_partition_op, status, 8);
HVPART_ABI_OFFSET(struct hvpart_partition_op, vm_fd, 12);
HVPART_ABI_ASSERT(sizeof(struct hvpart_partition_property) == 24);
HVPART_ABI_OFFSET(struct hvpart_partition_property, property_code, 8);
HVPART_ABI_OFFSET(struct hvpart_partition_property, status, 12);
HVPART_ABI_OFFSET(struct hvpart_partition_property, property_value, 16);
HVPART_ABI_ASSERT(sizeof(struct hvpart_cpuid) == 24);
HVPART_ABI_OFFSET(struct hvpart_cpuid, status, 8);
HVPART_ABI_OFFSET(struct hvpart_cpuid, reserved, 12);
HVPART_ABI_OFFSET(struct hvpart_cpuid, cpuid, 16);
HVPART_ABI_ASSERT(sizeof(struct hvpart_vcpu_init) == 48);
HVPART_ABI_ASSERT(sizeof(struct hvpart_verdict) == 128);
HVPART_ABI_OFFSET(struct hvpart_verdict, cause, 8);
HVPART_ABI_OFFSET(struct hvpart_vcpu_init, status, 8);
HVPART_ABI_OFFSET(struct hvpart_vcpu_init, target, 12);
HVPART_ABI_OFFSET(struct hvpart_vcpu_init, features, 16);
HVPART_ABI_OFFSET(struct hvpart_vcpu_init, reserved, 44);

#endif /* _UAPI_LINUX_HVPART_H */
