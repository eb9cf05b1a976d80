// SPDX-License-Identifier: GPL-2.0
/*
 * HvCallGetPartitionProperty and HvCallSetPartitionProperty: the values a
 * partition has (its processor feature banks, synthetic features, vendor,
 * compatibility version, physical address width) and those of the host
 * partition, which the callers of /dev/hvpart run in.
 */
#include <linux/mm.h>
#include <linux/string.h>

#include "hvpart.h"

/*
 * The feature banks a partition's vCPUs are offered (@cpu), or those KVM
 * offers on this host before any partition's cut (@cpu NULL).  x86 reads
 * them off KVM's supported CPUID, filtered for the partition; arm64 off
 * the host's ID registers and the vCPU features the partition may use.
 */
static int hvpart_feature_banks(const struct hvc_partition_cpu *cpu,
				u64 banks[HVC_BANKS])
{
	struct hvc_cpuid_entry *entries;
	u64 regs[HVC_ARM64_REGS];
	u64 host[HVC_BANKS];
	u32 count, vcpu;
	int err;

	if (hvpart_vm_ops->arm64_host) {
		err = hvpart_vm_ops->arm64_host(regs, &vcpu);
		if (err)
			return err;
		hvc_arm64_host_banks(regs, vcpu, banks);
		if (cpu) {
			memcpy(host, banks, sizeof(host));
			hvc_arm64_offered_banks(host,
						hvc_arm64_vcpu_features(vcpu, cpu),
						banks);
		}
		return 0;
	}

	err = hvpart_vm_ops->supported_cpuid(&entries, &count);
	if (err)
		return err;
	if (cpu)
		count = hvc_cpuid_filter(entries, count, cpu);
	hvc_cpuid_host_banks(entries, count, banks);
	kvfree(entries);
	return 0;
}

/* Which bank a feature property reads and writes. */
static unsigned int hvpart_property_bank(u32 code)
{
	switch (code) {
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0:
		return 0;
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1:
		return 1;
	default:
		return HVC_BANK_XSAVE;
	}
}

/*
 * A property's value, for a partition (its CPU view, synthetic features
 * and creation version) or for the host partition (@p NULL: what KVM
 * offers with nothing disabled).  The same reads answer both, so a
 * ported VMM sees one meaning of each property.
 */
static u16 hvpart_property_read(struct hvpart_caller *caller, u32 code,
				const struct hvpart_partition *p, u64 *value)
{
	u64 banks[HVC_BANKS];
	u32 bits = 0;
	int err;

	switch (code) {
	case HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES:
		if (p) {
			*value = p->synthetic_features;
			return HVPART_STATUS_SUCCESS;
		}
		err = hvpart_vm_ops->synthetic_offered(value);
		break;
	case HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR:
		*value = hvpart_vm_ops->processor_vendor();
		return HVPART_STATUS_SUCCESS;
	case HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION:
		/*
		 * The host was never created: its version is the newest
		 * release one it may create.
		 */
		*value = p ? p->args.compatibility_version :
			     HVPART_COMPATIBILITY_21H2;
		return HVPART_STATUS_SUCCESS;
	case HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH:
		err = hvpart_vm_ops->physical_address_width(&bits);
		*value = bits;
		break;
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0:
	case HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1:
	case HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES:
		err = hvpart_feature_banks(p ? &p->cpu : NULL, banks);
		if (!err)
			*value = banks[hvpart_property_bank(code)];
		break;
	default:
		return hvpart_refuse(caller, HVPART_STATUS_UNKNOWN_PROPERTY,
				     HVC_FAULT_NONE, code);
	}
	if (err) {
		*value = 0;
		return hvpart_refuse_errno(caller, err);
	}
	return HVPART_STATUS_SUCCESS;
}

/*
 * What both property calls check first: the padding, then whose value:
 * the host partition's (*@pp NULL, nothing locked) or a partition's,
 * locked as hvpart_partition_lock() locks it.
 */
static u16 hvpart_property_lock(struct hvpart_caller *caller, u64 id,
				u32 padding, struct hvpart_partition **pp)
{
	*pp = NULL;
	if (padding)
		return hvpart_refuse(caller, HVPART_STATUS_INVALID_PARAMETER,
				     HVC_FAULT_PADDING, padding);
	if (hvc_partition_id_is_host(id))
		return HVPART_STATUS_SUCCESS;
	return hvpart_partition_lock(caller, id, HVPART_IN_ANY, pp);
}

/**
 * hvpart_call_get_partition_property() - HvCallGetPartitionProperty
 * @caller: the caller.
 * @input: struct hvpart_input_get_partition_property.
 * @output: struct hvpart_output_get_partition_property.
 *
 * The host partition (HVPART_PARTITION_ID_HOST or SELF) answers as code
 * ported from mshv reads the root partition's values.
 *
 * Return: the HV_STATUS.
 */
u16 hvpart_call_get_partition_property(struct hvpart_caller *caller,
				       const void *input, void *output)
{
	const struct hvpart_input_get_partition_property *in = input;
	struct hvpart_output_get_partition_property *out = output;
	struct hvpart_partition *p;
	u16 status;

	status = hvpart_property_lock(caller, in->partition_id, in->padding, &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	status = hvpart_property_read(caller, in->property_code, p,
				      &out->property_value);
	if (p)
		hvpart_partition_unlock(p);
	return status;
}

/*
 * A synthetic feature set: every bit named, and emulated by KVM here.
 * Reserved bits are a malformed value; named ones KVM lacks are out of
 * range, as processor features the host lacks are.
 */
static u16 hvpart_synthetic_write(struct hvpart_caller *caller,
				  struct hvpart_partition *p, u64 value)
{
	u64 offered;
	int err;

	if (value & HVPART_SYNTHETIC_RSVD_MASK) {
		hvpart_refuse(caller, HVPART_STATUS_INVALID_PARAMETER,
			      HVC_FAULT_SYNTHETIC_RESERVED,
			      value & HVPART_SYNTHETIC_RSVD_MASK);
		caller->verdict.bit = __ffs64(value & HVPART_SYNTHETIC_RSVD_MASK);
		return caller->verdict.status;
	}
	err = hvpart_vm_ops->synthetic_offered(&offered);
	if (err)
		return hvpart_refuse_errno(caller, err);
	if (value & ~offered) {
		hvpart_refuse(caller, HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE,
			      HVC_FAULT_SYNTHETIC_NOT_OFFERED, value & ~offered);
		caller->verdict.bit = __ffs64(value & ~offered);
		return caller->verdict.status;
	}
	p->synthetic_features = value;
	return HVPART_STATUS_SUCCESS;
}

/* A bank set: the value is what is enabled, of what KVM offers. */
static u16 hvpart_bank_write(struct hvpart_caller *caller,
			     struct hvpart_partition *p, u32 code, u64 value)
{
	unsigned int bank = hvpart_property_bank(code);
	u64 banks[HVC_BANKS];
	int err;

	err = hvpart_feature_banks(NULL, banks);
	if (err)
		return hvpart_refuse_errno(caller, err);
	if (value & ~banks[bank])
		return hvpart_refuse(caller,
				     HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE,
				     HVC_FAULT_NONE, value & ~banks[bank]);
	WRITE_ONCE(p->cpu.disabled[bank], ~value);
	return HVPART_STATUS_SUCCESS;
}

/**
 * hvpart_call_set_partition_property() - HvCallSetPartitionProperty
 * @caller: the caller.
 * @input: struct hvpart_input_set_partition_property.
 * @output: none.
 *
 * Only early properties may be set, and only before Initialize.
 *
 * Return: the HV_STATUS.
 */
u16 hvpart_call_set_partition_property(struct hvpart_caller *caller,
				       const void *input, void *output)
{
	const struct hvpart_input_set_partition_property *in = input;
	struct hvpart_partition *p;
	u16 status;

	status = hvpart_property_lock(caller, in->partition_id, in->padding, &p);
	/* The host's values are what they are: nobody sets them here. */
	if (status == HVPART_STATUS_SUCCESS && !p)
		return hvpart_refuse(caller, HVPART_STATUS_ACCESS_DENIED,
				     HVC_FAULT_NONE, in->partition_id);
	if (status != HVPART_STATUS_SUCCESS)
		return status;

	if (!hvc_property_known(in->property_code))
		status = hvpart_refuse(caller, HVPART_STATUS_UNKNOWN_PROPERTY,
				       HVC_FAULT_NONE, in->property_code);
	else if (!hvc_property_writable(in->property_code))
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARAMETER,
				       HVC_FAULT_NONE, in->property_code);
	else if (p->state != HVPART_STATE_CREATED)
		/* Early properties shape the VM: they end at Initialize. */
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_STATE,
				       HVC_FAULT_NONE, p->state);
	else if (in->property_code ==
		 HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES)
		status = hvpart_synthetic_write(caller, p, in->property_value);
	else
		status = hvpart_bank_write(caller, p, in->property_code,
					   in->property_value);
	hvpart_partition_unlock(p);
	return status;
}
