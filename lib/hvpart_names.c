// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvpart ABI codec, names: of creation flags, compatibility versions,
 * properties, statuses (with the errno each maps to), processor features,
 * and the verdicts, in words.  What hvctl prints and the module logs;
 * pure C, as the rest of lib/.
 */
#include "hvpart_codec.h"

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

/* Partition properties hvpart implements; see hvc_property_writable(). */
const struct hvc_name hvc_property_names[] = {
	{ HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES,
	  "SYNTHETIC_PROC_FEATURES" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR, "PROCESSOR_VENDOR" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES,
	  "PROCESSOR_XSAVE_FEATURES" },
	{ HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION, "COMPATIBILITY_VERSION" },
	{ HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH,
	  "PHYSICAL_ADDRESS_WIDTH" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0, "PROCESSOR_FEATURES0" },
	{ HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1, "PROCESSOR_FEATURES1" },
};

const unsigned int hvc_property_count = HVC_ARRAY_SIZE(hvc_property_names);

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
	case HVC_FAULT_CONTROL_REP_RANGE:
		return snprintf(buf, len,
				"rep start %llu is not below rep count %u",
				value, v->bit);
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
	case HVC_FAULT_SYNTHETIC_RESERVED:
		return snprintf(buf, len,
				"synthetic processor feature bit %u is reserved",
				v->bit);
	case HVC_FAULT_SYNTHETIC_NOT_OFFERED:
		return snprintf(buf, len,
				"synthetic processor feature bit %u is not one KVM emulates on this host",
				v->bit);
	case HVC_FAULT_DEPOSIT_PAGE:
		return snprintf(buf, len,
				"page number 0x%llx is beyond 52-bit physical addresses",
				value);
	case HVC_FAULT_POOL_LIMIT:
		return snprintf(buf, len,
				"a deposit of %llu pages would take the owner's pools over max_pool_pages_per_user",
				value);
	case HVC_FAULT_POOL_NOT_EMPTY:
		return snprintf(buf, len,
				"%llu deposited pages are still in the partition's pool: withdraw them first",
				value);
	case HVC_FAULT_POOL_SHORT:
		return snprintf(buf, len,
				"the partition's pool held %llu pages fewer than asked for",
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
 * The feature properties (processor banks, XSAVE, synthetic) are early
 * properties; vendor, compatibility version and physical address width
 * are read-only.
 *
 * Return: true for the early properties.
 */
bool hvc_property_writable(u32 code)
{
	return code == HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES ||
	       code == HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0 ||
	       code == HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1 ||
	       code == HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES;
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
