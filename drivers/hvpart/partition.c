// SPDX-License-Identifier: GPL-2.0
/*
 * The partition table: partition objects keyed by id in an xarray.
 *
 * Lookups run under RCU and take a reference with refcount_inc_not_zero();
 * the table holds one reference of its own, dropped when a partition
 * leaves the table.  Creation is serialised by hvpart_table_lock so that
 * the id counter only moves when a partition really entered the table:
 * a failed create leaves no trace, not even a gap in the ids.
 *
 * The slot of the next id is kept reserved (XA_ZERO_ENTRY: invisible to
 * lookups and walks).  It holds the xarray nodes on the path to the next
 * id, so that deleting the newest partition does not free them only for
 * the next create to allocate them again: without it a create+delete
 * pair allocated and RCU-freed a chain of nodes, one per level of the
 * tree (three at 10000 ids).
 */
#include <linux/file.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>

#include "hvpart.h"

unsigned int hvpart_max_partitions;
module_param_named(max_partitions, hvpart_max_partitions, uint, 0644);
MODULE_PARM_DESC(max_partitions,
		 "Most partitions that may exist at once, 0 for no limit (default 0)");

static DEFINE_XARRAY(hvpart_table);
static DEFINE_MUTEX(hvpart_table_lock);
/* Next id to hand out; ids start at 1 and are never reused. */
static u64 hvpart_next_id = 1;
static unsigned long hvpart_count;
/* Moves on every insert and removal: tells a dump that it raced one. */
static unsigned int hvpart_generation = 1;

/*
 * Move the generation on, under hvpart_table_lock.  Netlink treats a
 * dump sequence of 0 as "none yet", so 0 is skipped when it wraps.
 */
static void hvpart_table_changed(void)
{
	unsigned int gen = hvpart_generation + 1;

	WRITE_ONCE(hvpart_generation, gen ? gen : 1);
}

/**
 * hvpart_partition_create() - make a partition and enter it in the table
 * @args: the validated creation input.
 * @node: NUMA node for the object, or NUMA_NO_NODE.
 * @owner: effective uid of the creator.
 * @id: the new id, on success.
 *
 * Return: 0, -ENOMEM when memory (on @node) ran out, or -ENOSPC at the
 * max_partitions limit or when ids are exhausted.
 */
int hvpart_partition_create(const struct hvc_create_args *args, int node,
			    kuid_t owner, u64 *id)
{
	unsigned int max = READ_ONCE(hvpart_max_partitions);
	struct hvpart_partition *p;
	gfp_t gfp = GFP_KERNEL_ACCOUNT;
	void *old;
	int err;

	/* A required (not preferred) domain must not fall back elsewhere. */
	if (node != NUMA_NO_NODE &&
	    !(args->proximity_flags & HV_PROXIMITY_FLAG_PREFERRED))
		gfp |= __GFP_THISNODE;

	/* Unlocked early answer at the limit; rechecked under the lock. */
	if (max && READ_ONCE(hvpart_count) >= max)
		return -ENOSPC;

	p = kzalloc_node(sizeof(*p), gfp, node);
	if (!p)
		return -ENOMEM;

	/*
	 * One reference for the table and one for this function: once the
	 * partition is in the table a delete can drop the table's at any
	 * time.  Holding p->lock until the create event is out keeps every
	 * later event of this partition behind it.  The lock order is
	 * p->lock, then the table lock, as for every lifecycle call.
	 */
	refcount_set(&p->refcount, 2);
	mutex_init(&p->lock);
	p->state = HVPART_STATE_CREATED;
	p->args = *args;
	p->cpu.disabled[0] = args->disabled_processor_features[0];
	p->cpu.disabled[1] = args->disabled_processor_features[1];
	p->cpu.disabled[HVC_BANK_XSAVE] = args->disabled_processor_xsave_features;
	p->cpu.flags = args->flags;
	p->node = node;
	p->owner = owner;
	p->creator = task_tgid_nr(current);
	p->created_ns = ktime_get_real_ns();

	mutex_lock(&p->lock);
	mutex_lock(&hvpart_table_lock);
	if (max && hvpart_count >= max) {
		err = -ENOSPC;
		goto err_unlock;
	}
	if (hvpart_next_id > ULONG_MAX ||
	    hvpart_next_id == HV_PARTITION_ID_SELF) {
		err = -ENOSPC;
		goto err_unlock;
	}
	p->id = hvpart_next_id;
	/*
	 * Reserve the slot after this one first: once p is in, the create
	 * cannot fail any more.  A reservation left by a failed create is
	 * harmless, as the next create makes the same one.
	 */
	if (p->id < ULONG_MAX) {
		err = xa_reserve(&hvpart_table, (unsigned long)p->id + 1,
				 GFP_KERNEL);
		if (err)
			goto err_unlock;
	}
	/* The slot is empty or reserved: no partition ever had this id. */
	old = xa_store(&hvpart_table, (unsigned long)p->id, p, GFP_KERNEL);
	err = xa_err(old);
	if (err)
		goto err_unlock;
	hvpart_next_id++;
	WRITE_ONCE(hvpart_count, hvpart_count + 1);
	hvpart_table_changed();
	mutex_unlock(&hvpart_table_lock);

	*id = p->id;
	hvpart_nl_notify(p, HVPART_CMD_PARTITION_CREATE_NTF);
	mutex_unlock(&p->lock);
	hvpart_partition_put(p);
	return 0;

err_unlock:
	mutex_unlock(&hvpart_table_lock);
	mutex_unlock(&p->lock);
	kfree(p);
	return err == -EBUSY ? -ENOSPC : err;
}

/**
 * hvpart_partition_get() - look a partition up and take a reference
 * @id: the partition id.
 *
 * Return: the partition, or NULL for 0, SELF and ids not in the table.
 */
struct hvpart_partition *hvpart_partition_get(u64 id)
{
	struct hvpart_partition *p;

	if (id == HV_PARTITION_ID_INVALID || id > ULONG_MAX)
		return NULL;

	rcu_read_lock();
	p = xa_load(&hvpart_table, (unsigned long)id);
	if (p && !refcount_inc_not_zero(&p->refcount))
		p = NULL;
	rcu_read_unlock();
	return p;
}

/**
 * hvpart_partition_put() - drop a reference taken by hvpart_partition_get()
 * @p: the partition.
 */
void hvpart_partition_put(struct hvpart_partition *p)
{
	if (refcount_dec_and_test(&p->refcount))
		kfree_rcu(p, rcu);
}

/**
 * hvpart_partition_remove() - take a partition out of the table
 * @p: the partition, with a reference held by the caller.
 *
 * Drops the table's reference; the caller still owns its own.
 *
 * Return: 0, or -ENOENT when another caller removed it first.
 */
int hvpart_partition_remove(struct hvpart_partition *p)
{
	void *old;

	mutex_lock(&hvpart_table_lock);
	old = xa_cmpxchg(&hvpart_table, (unsigned long)p->id, p, NULL, 0);
	if (old == p) {
		WRITE_ONCE(hvpart_count, hvpart_count - 1);
		hvpart_table_changed();
	}
	mutex_unlock(&hvpart_table_lock);

	if (old != p)
		return -ENOENT;
	hvpart_nl_notify(p, HVPART_CMD_PARTITION_DELETE_NTF);
	hvpart_partition_put(p);
	return 0;
}

/**
 * hvpart_partition_walk() - call @fn on each partition, in id order
 * @index: the first id to visit; on return, the id after the last one
 *	@fn accepted (0 after the last possible id).
 * @fn: called under rcu_read_lock(), without a reference: the partition
 *	stays valid until it returns.  A non-zero return ends the walk
 *	before that partition.
 * @arg: for @fn.
 *
 * One xarray walk, rather than a lookup from the root per partition.
 *
 * Return: what @fn returned last, 0 when the walk reached the end.
 */
int hvpart_partition_walk(unsigned long *index,
			  int (*fn)(const struct hvpart_partition *p, void *arg),
			  void *arg)
{
	XA_STATE(xas, &hvpart_table, *index);
	struct hvpart_partition *p;
	int ret = 0;

	rcu_read_lock();
	xas_for_each(&xas, p, ULONG_MAX) {
		/* Retry entries, and the reserved slot of the next id. */
		if (xas_retry(&xas, p))
			continue;
		ret = fn(p, arg);
		if (ret)
			break;
		*index = xas.xa_index + 1;
		if (!*index)	/* the last possible id */
			break;
	}
	rcu_read_unlock();
	return ret;
}

/**
 * hvpart_table_generation() - a number that moves on every insert and
 *	removal
 *
 * Return: the generation.
 */
unsigned int hvpart_table_generation(void)
{
	return READ_ONCE(hvpart_generation);
}

/**
 * hvpart_partition_count() - partitions in the table now
 *
 * Return: the count.
 */
unsigned long hvpart_partition_count(void)
{
	unsigned long count;

	mutex_lock(&hvpart_table_lock);
	count = hvpart_count;
	mutex_unlock(&hvpart_table_lock);
	return count;
}

/**
 * hvpart_partition_release_vm() - drop the partition's hold on its VM
 * @p: the partition, with @p->lock held.
 *
 * The VM itself ends when its VMM has closed its fds too.
 */
void hvpart_partition_release_vm(struct hvpart_partition *p)
{
	lockdep_assert_held(&p->lock);
	if (p->vm) {
		fput(p->vm);
		p->vm = NULL;
	}
	if (p->vm_mm) {
		mmdrop(p->vm_mm);
		p->vm_mm = NULL;
	}
}

/**
 * hvpart_table_destroy() - free every partition; for module unload
 *
 * The device is gone by now, so nobody can look a partition up.
 */
void hvpart_table_destroy(void)
{
	struct hvpart_partition *p;
	unsigned long index;

	/*
	 * Lifecycle calls take p->lock before the table lock, so the table
	 * lock is not held here while each partition is locked.
	 */
	xa_for_each(&hvpart_table, index, p) {
		mutex_lock(&hvpart_table_lock);
		xa_erase(&hvpart_table, index);
		WRITE_ONCE(hvpart_count, hvpart_count - 1);
		hvpart_table_changed();
		mutex_unlock(&hvpart_table_lock);

		mutex_lock(&p->lock);
		hvpart_partition_release_vm(p);
		p->state = HVPART_STATE_DELETED;
		mutex_unlock(&p->lock);
		hvpart_partition_put(p);
	}
	xa_destroy(&hvpart_table);
}
