// SPDX-License-Identifier: GPL-2.0
/*
 * HvCallDepositMemory and HvCallWithdrawMemory: a partition's memory pool.
 *
 * Hyper-V runs a partition on pages its parent deposits, and hands them
 * back on withdraw; code written for mshv deposits before Initialize and
 * withdraws before Delete.  KVM takes a VM's memory from the VMM's own
 * mappings instead, so hvpart uses none of it: a deposit is accounted and
 * kept as a list of page numbers, a withdraw hands the same numbers back,
 * and Delete waits for an empty pool, as Hyper-V's does.  hvpart never
 * maps or touches a deposited page: the numbers are the caller's to mean.
 */
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvpart.h"

/* A page number past 52-bit physical addresses names no page. */
#define HVPART_POOL_PAGE_LIMIT	(1ULL << (52 - 12))
/* The first room a pool gets; it doubles from there. */
#define HVPART_POOL_MIN_ROOM	512

unsigned int hvpart_max_pool_pages_per_user = 65536;
module_param_named(max_pool_pages_per_user, hvpart_max_pool_pages_per_user,
		   uint, 0644);
MODULE_PARM_DESC(max_pool_pages_per_user,
		 "Most pages the pools of one user's partitions hold, for a depositor without CAP_SYS_ADMIN, 0 for no limit (default 65536; 8 bytes of kernel memory each)");

/* Room for @pages in @p's pool, under p->lock. */
static int hvpart_pool_reserve(struct hvpart_partition *p, u32 pages)
{
	struct hvpart_pool *old = p->pool, *pool;
	u32 room = max_t(u32, old ? old->room : 0, HVPART_POOL_MIN_ROOM);

	if (old && pages <= old->room)
		return 0;
	while (room < pages)
		room *= 2;
	/* Charged to the depositor's memory cgroup: it asked for it. */
	pool = kvmalloc(struct_size(pool, page, room), GFP_KERNEL_ACCOUNT);
	if (!pool)
		return -ENOMEM;
	pool->room = room;
	pool->pages = old ? old->pages : 0;
	if (old)
		memcpy(pool->page, old->page, old->pages * sizeof(*pool->page));
	kvfree(old);
	p->pool = pool;
	return 0;
}

/**
 * hvpart_call_deposit_memory() - HvCallDepositMemory
 * @caller: the caller; rep count and rep start from its control word.
 * @input: struct hvpart_input_deposit_memory with rep count page numbers.
 * @output: none.
 *
 * All of elements rep start to rep count - 1 go into the pool, or none.
 * A Finalized partition takes no more (only withdraw and Delete remain).
 * The pages count against the partition's owner, within
 * max_pool_pages_per_user unless the caller has CAP_SYS_ADMIN: the pool
 * is kernel memory a user could otherwise pile up across partitions.
 *
 * Return: the HV_STATUS; caller->reps_done is rep count on success.
 */
u16 hvpart_call_deposit_memory(struct hvpart_caller *caller,
			       const void *input, void *output)
{
	const struct hvpart_input_deposit_memory *in = input;
	u32 first = caller->rep_start, reps = caller->rep_count - first;
	struct hvpart_partition *p;
	u16 status;
	int err;
	u32 i;

	if (hvc_partition_id_is_host(in->partition_id))
		return hvpart_refuse(caller, HVPART_STATUS_ACCESS_DENIED,
				     HVC_FAULT_NONE, in->partition_id);
	for (i = first; i < caller->rep_count; i++)
		if (in->gpa_page_list[i] >= HVPART_POOL_PAGE_LIMIT)
			return hvpart_refuse(caller,
					     HVPART_STATUS_INVALID_PARAMETER,
					     HVC_FAULT_DEPOSIT_PAGE,
					     in->gpa_page_list[i]);
	status = hvpart_partition_lock(caller, in->partition_id,
				       HVPART_IN(CREATED) | HVPART_IN(INITIALIZED),
				       &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	err = hvpart_user_charge(p->owner, HVPART_USER_POOL_PAGES, reps,
				 READ_ONCE(hvpart_max_pool_pages_per_user));
	if (err == -EDQUOT && hvpart_caller_is_admin(caller))
		err = hvpart_user_charge(p->owner, HVPART_USER_POOL_PAGES, reps, 0);
	if (err == -EDQUOT) {
		status = hvpart_refuse(caller, HVPART_STATUS_INSUFFICIENT_MEMORY,
				       HVC_FAULT_POOL_LIMIT, reps);
	} else if (err) {
		status = hvpart_refuse_errno(caller, err);
	} else if (hvpart_pool_reserve(p, hvpart_pool_pages(p) + reps)) {
		hvpart_user_uncharge(p->owner, HVPART_USER_POOL_PAGES, reps);
		status = hvpart_refuse_errno(caller, -ENOMEM);
	}
	if (status == HVPART_STATUS_SUCCESS) {
		memcpy(&p->pool->page[p->pool->pages], &in->gpa_page_list[first],
		       reps * sizeof(*p->pool->page));
		p->pool->pages += reps;
		caller->reps_done = caller->rep_count;
	}
	hvpart_partition_unlock(p);
	return status;
}

/**
 * hvpart_call_withdraw_memory() - HvCallWithdrawMemory
 * @caller: the caller; rep count and rep start from its control word.
 * @input: struct hvpart_input_withdraw_memory.
 * @output: room for rep count page numbers.
 *
 * Hands back rep count - rep start pages, those deposited last (in the
 * order they came), into output elements rep start onwards.  A pool that holds fewer gives what
 * it has and says NO_RESOURCES, as Hyper-V's does: mshv's withdraw loop
 * stops on it.  Any state: a Finalized partition gives its pool back
 * this way.
 *
 * Return: the HV_STATUS; caller->reps_done says how far the output
 * elements were filled, whatever the status.
 */
u16 hvpart_call_withdraw_memory(struct hvpart_caller *caller,
				const void *input, void *output)
{
	const struct hvpart_input_withdraw_memory *in = input;
	u32 flags = in->proximity_domain_info.flags;
	u32 first = caller->rep_start, reps;
	struct hvpart_partition *p;
	u64 *out = output;
	u16 status;

	if (hvc_partition_id_is_host(in->partition_id))
		return hvpart_refuse(caller, HVPART_STATUS_ACCESS_DENIED,
				     HVC_FAULT_NONE, in->partition_id);
	if (flags & HVPART_PROXIMITY_FLAGS_RSVD_MASK) {
		hvpart_refuse(caller, HVPART_STATUS_INVALID_PARAMETER,
			      HVC_FAULT_PROXIMITY_RESERVED, flags);
		caller->verdict.bit = __ffs(flags & HVPART_PROXIMITY_FLAGS_RSVD_MASK);
		return caller->verdict.status;
	}
	status = hvpart_partition_lock(caller, in->partition_id, HVPART_IN_ANY,
				       &p);
	if (status != HVPART_STATUS_SUCCESS)
		return status;
	reps = min_t(u32, caller->rep_count - first, hvpart_pool_pages(p));
	if (reps) {
		hvpart_user_uncharge(p->owner, HVPART_USER_POOL_PAGES, reps);
		p->pool->pages -= reps;
		memcpy(&out[first], &p->pool->page[p->pool->pages],
		       reps * sizeof(*out));
	}
	caller->reps_done = first + reps;
	if (caller->reps_done < caller->rep_count)
		status = hvpart_refuse(caller, HVPART_STATUS_NO_RESOURCES,
				       HVC_FAULT_POOL_SHORT,
				       caller->rep_count - caller->reps_done);
	hvpart_partition_unlock(p);
	return status;
}

/**
 * hvpart_pool_free() - free a partition's pool, with the partition
 * @p: the partition, which nobody else can reach any more.
 */
void hvpart_pool_free(struct hvpart_partition *p)
{
	kvfree(p->pool);
	p->pool = NULL;
}
