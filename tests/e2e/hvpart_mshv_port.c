// SPDX-License-Identifier: GPL-2.0
/*
 * A client ported from mshv, end to end: the partition's life as Linux's
 * mshv root driver (drivers/hv/mshv_root_hv_call.c) and the VMMs on top of
 * it (rust-vmm's mshv-ioctls, QEMU's mshv accelerator) drive it, every
 * call a raw hypercall through HVPART_HVCALL with the pages they build:
 *
 *   GetPartitionId, then the host's properties by SELF (its processor
 *   features, synthetic features, physical address width);
 *   CreatePartition with the AMD64 page and the default VMM's features;
 *   SetPartitionProperty(SYNTHETIC_PROC_FEATURES) between create and
 *   initialize;
 *   DepositMemory in rep batches before Initialize, and Initialize as a
 *   fast call that deposits and retries on INSUFFICIENT_MEMORY;
 *   FinalizePartition, WithdrawMemory in batches until NO_RESOURCES, and
 *   DeletePartition, all fast where mshv makes them fast.
 *
 * Written from the public sources' behaviour, in this project's code.  The
 * page numbers deposited are made up: hvpart only keeps and returns them.
 *
 *	hvpart_mshv_port [DEVICE]	default /dev/hvpart
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/hvpart.h>

#include "e2e_util.h"

/* mshv's batch sizes: what fits a hypercall page after the header. */
#define PORT_DEPOSIT_MAX	((4096 - 8) / 8)		/* 511 */
#define PORT_WITHDRAW_MAX	(4096 / 8)			/* 512 */
/* Pages mshv deposits before Initialize (HV_INIT_PARTITION_DEPOSIT_PAGES). */
#define PORT_INIT_PAGES		208
/* And a second deposit, so that the rep loop takes two batches. */
#define PORT_MORE_PAGES		600
/* Made-up page numbers: a base no real page list would start at. */
#define PORT_PFN_BASE		0x123400000ULL

/* rust-vmm's default synthetic features: x86's, less two on ARM64. */
#if defined(__aarch64__)
#define PORT_SYNTHETIC_NOT_ARM64				\
	(HVPART_SYNTHETIC_ACCESS_GUEST_IDLE_REG |		\
	 HVPART_SYNTHETIC_TB_FLUSH_HYPERCALLS)
#else
#define PORT_SYNTHETIC_NOT_ARM64	0
#endif
#define PORT_SYNTHETIC_DEFAULT					\
	((HVPART_SYNTHETIC_HYPERVISOR_PRESENT |			\
	 HVPART_SYNTHETIC_HV1 |					\
	 HVPART_SYNTHETIC_ACCESS_PARTITION_REFERENCE_COUNTER |	\
	 HVPART_SYNTHETIC_ACCESS_SYNIC_REGS |			\
	 HVPART_SYNTHETIC_ACCESS_SYNTHETIC_TIMER_REGS |		\
	 HVPART_SYNTHETIC_ACCESS_PARTITION_REFERENCE_TSC |	\
	 HVPART_SYNTHETIC_ACCESS_FREQUENCY_REGS |		\
	 HVPART_SYNTHETIC_ACCESS_INTR_CTRL_REGS |		\
	 HVPART_SYNTHETIC_ACCESS_VP_INDEX |			\
	 HVPART_SYNTHETIC_ACCESS_HYPERCALL_REGS |		\
	 HVPART_SYNTHETIC_ACCESS_GUEST_IDLE_REG |		\
	 HVPART_SYNTHETIC_TB_FLUSH_HYPERCALLS |			\
	 HVPART_SYNTHETIC_SYNTHETIC_CLUSTER_IPI |		\
	 HVPART_SYNTHETIC_DIRECT_SYNTHETIC_TIMERS) & ~PORT_SYNTHETIC_NOT_ARM64)

static int dev_fd;
/* Calls whose errno was not the one their HV_STATUS maps to. */
static unsigned int errno_mismatches;
/* Input and output pages, page-aligned as mshv's per-cpu pages are. */
static u64 *in_page;
static u64 *out_page;

/* One raw hypercall, as mshv's hv_do_hypercall(): the result value. */
static u64 port_hvcall(u64 control, u32 out_len)
{
	struct hvpart_hvcall hc = {
		.control = control,
		.input = (uintptr_t)in_page,
		.output = out_len ? (uintptr_t)out_page : 0,
		.input_size = 4096,
		.output_size = out_len,
	};
	int ret = ioctl(dev_fd, HVPART_HVCALL, &hc);
	u16 status = hc.result & HVPART_HYPERCALL_RESULT_MASK;

	/* The errno follows the status, as mshv's hv_result_to_errno(). */
	if ((ret < 0 ? errno : 0) != e2e_status_errno(status)) {
		errno_mismatches++;
		e2e_note("call 0x%04x: errno %s for %s", (u16)control,
			 e2e_errname(ret < 0 ? errno : 0),
			 e2e_status_str(status));
	}
	return hc.result;
}

static u16 status_of(u64 result)
{
	return result & HVPART_HYPERCALL_RESULT_MASK;
}

static u16 reps_of(u64 result)
{
	return (result & HVPART_HYPERCALL_REP_DONE_MASK) >>
	       HVPART_HYPERCALL_REP_DONE_SHIFT;
}

static u64 control_of(u16 code, bool fast, u16 reps, u16 start)
{
	struct hvc_control c = {
		.code = code, .fast = fast, .rep_count = reps, .rep_start = start,
	};

	return hvc_control_encode(&c);
}

/*
 * mshv's hv_do_rep_hypercall(): issue, and while the call succeeds with
 * reps left, issue again from the reps completed.
 */
static u64 port_rep_hvcall(u16 code, u16 reps, u32 out_len)
{
	u16 start = 0;
	u64 result;

	do {
		result = port_hvcall(control_of(code, false, reps, start),
				     out_len);
		if (status_of(result) != HVPART_STATUS_SUCCESS)
			break;
		if (reps_of(result) <= start)	/* no progress: stop */
			break;
		start = reps_of(result);
	} while (start < reps);
	return result;
}

/* A fast call with one u64 argument, as hv_do_fast_hypercall8(). */
static u16 port_fast8(u16 code, u64 arg)
{
	memset(in_page, 0, 4096);
	in_page[0] = arg;
	return status_of(port_hvcall(control_of(code, true, 0, 0), 0));
}

static u16 port_get_property(u64 id, u32 code, u64 *value)
{
	struct hvpart_input_get_partition_property *in = (void *)in_page;
	u64 result;

	memset(in_page, 0, 4096);
	memset(out_page, 0, 4096);
	in->partition_id = id;
	in->property_code = code;
	result = port_hvcall(control_of(HVPART_CALL_GET_PARTITION_PROPERTY,
					false, 0, 0), 8);
	*value = out_page[0];
	return status_of(result);
}

static u16 port_set_property(u64 id, u32 code, u64 value)
{
	struct hvpart_input_set_partition_property *in = (void *)in_page;

	memset(in_page, 0, 4096);
	in->partition_id = id;
	in->property_code = code;
	in->property_value = value;
	return status_of(port_hvcall(control_of(HVPART_CALL_SET_PARTITION_PROPERTY,
						false, 0, 0), 0));
}

/* hv_call_deposit_pages(): page numbers from @first, in rep batches. */
static u16 port_deposit(u64 id, u64 first, u32 pages)
{
	struct hvpart_input_deposit_memory *in = (void *)in_page;
	u32 done = 0, batch, i;
	u64 result;

	while (done < pages) {
		batch = pages - done < PORT_DEPOSIT_MAX ? pages - done :
							  PORT_DEPOSIT_MAX;
		memset(in_page, 0, 4096);
		in->partition_id = id;
		for (i = 0; i < batch; i++)
			in->gpa_page_list[i] = first + done + i;
		result = port_rep_hvcall(HVPART_CALL_DEPOSIT_MEMORY, batch, 0);
		if (status_of(result) != HVPART_STATUS_SUCCESS)
			return status_of(result);
		if (reps_of(result) != batch)
			return HVPART_STATUS_OPERATION_FAILED;
		done += batch;
	}
	return HVPART_STATUS_SUCCESS;
}

/*
 * hv_call_withdraw_memory(): batches until the pool says NO_RESOURCES;
 * each page number handed back is marked in @seen (indexed from
 * PORT_PFN_BASE).  Returns the status mshv returns (NO_RESOURCES counts
 * as success) and the pages withdrawn.
 */
static u16 port_withdraw(u64 id, unsigned char *seen, u32 nseen, u32 *got,
			 bool *strange)
{
	struct hvpart_input_withdraw_memory *in = (void *)in_page;
	u64 result;
	u16 i, n;

	*got = 0;
	for (;;) {
		memset(in_page, 0, 4096);
		memset(out_page, 0, 4096);
		in->partition_id = id;
		result = port_rep_hvcall(HVPART_CALL_WITHDRAW_MEMORY,
					 PORT_WITHDRAW_MAX, 4096);
		n = reps_of(result);
		for (i = 0; i < n; i++) {
			u64 pfn = out_page[i] - PORT_PFN_BASE;

			if (out_page[i] < PORT_PFN_BASE || pfn >= nseen ||
			    seen[pfn])
				*strange = true;
			else
				seen[pfn] = 1;
		}
		*got += n;
		if (status_of(result) == HVPART_STATUS_NO_RESOURCES)
			return HVPART_STATUS_SUCCESS;
		if (status_of(result) != HVPART_STATUS_SUCCESS)
			return status_of(result);
	}
}

#if defined(__aarch64__)
/* rust-vmm's ARM64 default: every feature off but these. */
static const char *const port_arm64_on[] = {
	"gic_v3v4", "apa_base", "pan", "sha1", "sha256", "sha512", "sha3",
	"sm3", "sm4", "fp", "fp_hp", "adv_simd", "adv_simd_hp", "pmu_v3",
	"crc32", "lse2", "sve", "sve_v2", "sve_v2p1", "sve_aes",
	"sve_bit_perm", "sve_sha3", "sve_sm4",
};

/* hv_call_create_partition() with rust-vmm's default arguments (ARM64). */
static u16 port_create(u64 *id)
{
	struct hvpart_input_create_partition_arm64 *in = (void *)in_page;
	unsigned int i, j, bank, bit;
	const char *name;
	u64 result;

	memset(in_page, 0, 4096);
	memset(out_page, 0, 4096);
	in->flags = HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |
		    HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE |
		    HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED;
	in->compatibility_version = HVPART_COMPATIBILITY_21H2;
	in->disabled_processor_features[0] = ~0ULL;
	in->disabled_processor_features[1] = ~0ULL;
	for (i = 0; hvc_feature_at(HVC_LAYOUT_ARM64, i, &bank, &bit, &name); i++)
		for (j = 0; j < ARRAY_SIZE(port_arm64_on); j++)
			if (!strcmp(name, port_arm64_on[j]))
				in->disabled_processor_features[bank] &=
					~(1ULL << bit);
	result = port_hvcall(control_of(HVPART_CALL_CREATE_PARTITION, false, 0, 0),
			     8);
	*id = out_page[0];
	return status_of(result);
}
#else
/* hv_call_create_partition() with rust-vmm's default arguments (x86). */
static u16 port_create(u64 *id)
{
	struct hvpart_input_create_partition_amd64 *in = (void *)in_page;
	u64 result;

	memset(in_page, 0, 4096);
	memset(out_page, 0, 4096);
	in->flags = HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |
		    HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE |
		    HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED;
	/* hv_numa_node_to_pxm_info(NUMA_NO_NODE): no domain, no flags. */
	in->compatibility_version = HVPART_COMPATIBILITY_21H2;
	/* Every feature on, but the bank's reserved top bit, set as mshv does. */
	in->disabled_processor_features[0] = 1ULL << 63;
	/* XSAVE: all off but xsave, xsaveopt, avx, compaction, supervisor. */
	in->disabled_processor_xsave_features = ~(0x7ULL | 1ULL << 11 |
						  1ULL << 12);
	result = port_hvcall(control_of(HVPART_CALL_CREATE_PARTITION, false, 0, 0),
			     8);
	*id = out_page[0];
	return status_of(result);
}
#endif

int main(int argc, char *argv[])
{
	const char *dev = argc > 1 ? argv[1] : "/dev/hvpart";
	u32 npages = PORT_INIT_PAGES + PORT_MORE_PAGES, got = 0, i;
	u64 host_id = 0, id = 0, value = 0, offered = 0, mask;
	unsigned char *seen;
	bool strange = false;
	u16 st;

	e2e_init("hvpart_mshv_port");
	dev_fd = open(dev, O_RDWR | O_CLOEXEC);
	if (dev_fd < 0) {
		e2e_report(false, "open the device", "%s: %s", dev,
			   e2e_errname(errno));
		return e2e_summary();
	}
	in_page = aligned_alloc(4096, 4096);
	out_page = aligned_alloc(4096, 4096);
	seen = calloc(npages, 1);
	if (!in_page || !out_page || !seen)
		return 2;

	/* What a VMM built against this header asks an older module first. */
	e2e_check(ioctl(dev_fd, HVPART_CHECK_EXTENSION, HVPART_CAP_MEMORY_POOL) == 1 &&
		  ioctl(dev_fd, HVPART_CHECK_EXTENSION,
			HVPART_CAP_SYNTHETIC_FEATURES) == 1,
		  "the module has the memory pool and the synthetic features (HVPART_CHECK_EXTENSION)");

	/* mshv_root's init: who am I, and what does the host offer. */
	memset(in_page, 0, 4096);
	memset(out_page, 0, 4096);
	st = status_of(port_hvcall(control_of(HVPART_CALL_GET_PARTITION_ID,
					      false, 0, 0), 8));
	host_id = out_page[0];
	e2e_check(st == HVPART_STATUS_SUCCESS &&
		  host_id == HVPART_PARTITION_ID_HOST,
		  "GetPartitionId answers the host's id (%s, 0x%llx)",
		  e2e_status_str(st), (unsigned long long)host_id);
	st = port_get_property(HVPART_PARTITION_ID_SELF,
			       HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0,
			       &value);
	e2e_check(st == HVPART_STATUS_SUCCESS && value,
		  "the host's PROCESSOR_FEATURES0 by SELF (get_host_partition_property): %s, 0x%llx",
		  e2e_status_str(st), (unsigned long long)value);
	st = port_get_property(HVPART_PARTITION_ID_SELF,
			       HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH,
			       &value);
	e2e_check(st == HVPART_STATUS_SUCCESS && value >= 32 && value <= 52,
		  "the host's PHYSICAL_ADDRESS_WIDTH by SELF (the IPA limit QEMU's mshv reads): %s, %llu bits",
		  e2e_status_str(st), (unsigned long long)value);
	st = port_get_property(host_id,
			       HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES,
			       &offered);
	e2e_check(st == HVPART_STATUS_SUCCESS &&
		  !(offered & HVPART_SYNTHETIC_RSVD_MASK),
		  "the host's SYNTHETIC_PROC_FEATURES by its id: %s, 0x%llx",
		  e2e_status_str(st), (unsigned long long)offered);
#if defined(__x86_64__) || defined(__i386__)
	/* KVM on x86 emulates Hyper-V: at least the base of mshv's set. */
	e2e_check((offered & 0x3ff) == 0x3ff,
		  "KVM emulates the base enlightenments (hv1 to reference TSC): 0x%llx",
		  (unsigned long long)offered);
#endif

	/* MSHV_CREATE_PARTITION: create, then the early property. */
	st = port_create(&id);
	e2e_check(st == HVPART_STATUS_SUCCESS && id &&
		  id != HVPART_PARTITION_ID_HOST,
		  "CreatePartition with mshv's page: %s, id %llu",
		  e2e_status_str(st), (unsigned long long)id);
	if (st != HVPART_STATUS_SUCCESS)
		return e2e_summary();
	mask = PORT_SYNTHETIC_DEFAULT;
	st = port_set_property(id, HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES,
			       mask);
	e2e_check(st == ((mask & ~offered) ?
			 HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE :
			 HVPART_STATUS_SUCCESS),
		  "rust-vmm's default SYNTHETIC_PROC_FEATURES: %s (not emulated here: 0x%llx)",
		  e2e_status_str(st), (unsigned long long)(mask & ~offered));
	/* The port's one change: ask for what the host offers of it. */
	mask &= offered;
	st = port_set_property(id, HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES,
			       mask);
	e2e_check(st == HVPART_STATUS_SUCCESS,
		  "SYNTHETIC_PROC_FEATURES as much of the default as the host offers: %s",
		  e2e_status_str(st));
	st = port_get_property(id, HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES,
			       &value);
	e2e_check(st == HVPART_STATUS_SUCCESS && value == mask,
		  "it reads back: 0x%llx", (unsigned long long)value);

	/* mshv_partition_ioctl_initialize(): deposit, then initialize. */
	st = port_deposit(id, PORT_PFN_BASE, PORT_INIT_PAGES);
	e2e_check(st == HVPART_STATUS_SUCCESS,
		  "DepositMemory of %u pages before Initialize: %s",
		  PORT_INIT_PAGES, e2e_status_str(st));
	st = port_deposit(id, PORT_PFN_BASE + PORT_INIT_PAGES, PORT_MORE_PAGES);
	e2e_check(st == HVPART_STATUS_SUCCESS,
		  "DepositMemory of %u more, in two rep batches: %s",
		  PORT_MORE_PAGES, e2e_status_str(st));
	for (i = 0; i < 3; i++) {
		st = port_fast8(HVPART_CALL_INITIALIZE_PARTITION, id);
		if (st != HVPART_STATUS_INSUFFICIENT_MEMORY)
			break;
		port_deposit(id, PORT_PFN_BASE + npages, 1);
	}
	e2e_check(st == HVPART_STATUS_SUCCESS,
		  "InitializePartition, fast, as hv_call_initialize_partition(): %s",
		  e2e_status_str(st));
	st = port_get_property(id, HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR,
			       &value);
	e2e_check(st == HVPART_STATUS_SUCCESS,
		  "the partition's PROCESSOR_VENDOR: %s, %llu",
		  e2e_status_str(st), (unsigned long long)value);

	/* destroy_partition(): finalize, withdraw everything, delete. */
	st = port_fast8(HVPART_CALL_FINALIZE_PARTITION, id);
	e2e_check(st == HVPART_STATUS_SUCCESS, "FinalizePartition, fast: %s",
		  e2e_status_str(st));
	st = port_fast8(HVPART_CALL_DELETE_PARTITION, id);
	e2e_check(st == HVPART_STATUS_OPERATION_DENIED,
		  "DeletePartition before the pool is withdrawn: %s",
		  e2e_status_str(st));
	st = port_withdraw(id, seen, npages, &got, &strange);
	e2e_check(st == HVPART_STATUS_SUCCESS && got == npages && !strange,
		  "WithdrawMemory until NO_RESOURCES hands back each deposited page once: %s, %u of %u%s",
		  e2e_status_str(st), got, npages,
		  strange ? ", and pages never deposited or twice" : "");
	st = port_fast8(HVPART_CALL_DELETE_PARTITION, id);
	e2e_check(st == HVPART_STATUS_SUCCESS, "DeletePartition, fast: %s",
		  e2e_status_str(st));
	st = port_get_property(id, HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR,
			       &value);
	e2e_check(st == HVPART_STATUS_INVALID_PARTITION_ID,
		  "the deleted partition is gone: %s", e2e_status_str(st));

	e2e_check(!errno_mismatches,
		  "every call's errno is its HV_STATUS's (%u were not)",
		  errno_mismatches);
	free(seen);
	free(in_page);
	free(out_page);
	close(dev_fd);
	return e2e_summary();
}
