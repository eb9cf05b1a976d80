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
 * The last slot of the leaf node that holds the next id is kept reserved
 * (XA_ZERO_ENTRY: invisible to lookups and walks).  It holds the xarray
 * nodes on the path to the next id, so that deleting the newest partition
 * does not free them only for the next create to allocate them again:
 * without it a create+delete pair allocated and RCU-freed a chain of
 * nodes, one per level of the tree (three at 10000 ids).  One reservation
 * per leaf, made when the ids enter it, rather than one per create: each
 * is a walk of the tree, a tenth of a create+delete pair.
 *
 * Each user's partitions are counted, under hvpart_table_lock, by
 * users.c.
 */
#include <linux/file.h>
#include <linux/fs.h>
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

unsigned int hvpart_max_partitions_per_user = 1024;
module_param_named(max_partitions_per_user, hvpart_max_partitions_per_user,
		   uint, 0644);
MODULE_PARM_DESC(max_partitions_per_user,
		 "Most partitions one user without CAP_SYS_ADMIN may own, 0 for no limit (default 1024)");

unsigned int hvpart_max_initialized_per_user = 16;
module_param_named(max_initialized_per_user, hvpart_max_initialized_per_user,
		   uint, 0644);
MODULE_PARM_DESC(max_initialized_per_user,
		 "Most initialized partitions (each can hold a KVM VM) one user without CAP_SYS_ADMIN may own, 0 for no limit (default 16)");

static DEFINE_XARRAY(hvpart_table);
DEFINE_MUTEX(hvpart_table_lock);
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
 * @user_max: the most partitions @owner may have, 0 for no limit.
 * @unborn: leave it unborn: hidden from everyone until
 *	hvpart_partition_publish() or hvpart_partition_abort().
 * @pp: the new partition, on success: locked and with a reference, which
 *	hvpart_partition_unlock() gives back, so that the caller's create
 *	event goes out before anybody can act on it.
 *
 * Return: 0, -ENOMEM when memory (on @node) ran out, -EDQUOT at @user_max,
 * or -ENOSPC at the max_partitions limit or when ids are exhausted.
 */
int hvpart_partition_create(const struct hvc_create_args *args, int node,
			    kuid_t owner, unsigned int user_max, bool unborn,
			    struct hvpart_partition **pp)
{
	unsigned int max = READ_ONCE(hvpart_max_partitions);
	struct hvpart_partition *p;
	gfp_t gfp = GFP_KERNEL_ACCOUNT;
	void *old;
	int err;

	/* A required (not preferred) domain must not fall back elsewhere. */
	if (node != NUMA_NO_NODE &&
	    !(args->proximity_flags & HVPART_PROXIMITY_FLAG_PREFERRED))
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
	INIT_LIST_HEAD(&p->vm_link);
	p->vcpu_target = HVPART_VCPU_TARGET_NONE;
	p->state = unborn ? HVPART_STATE_UNBORN : HVPART_STATE_CREATED;
	p->args = *args;
	p->cpu.disabled[0] = args->disabled_processor_features[0];
	p->cpu.disabled[1] = args->disabled_processor_features[1];
	p->cpu.disabled[HVC_BANK_XSAVE] = args->disabled_processor_xsave_features;
	p->cpu.flags = args->flags;
	p->node = node;
	p->owner = owner;
	p->creator = get_pid(task_tgid(current));
	p->created_ns = ktime_get_real_ns();

	mutex_lock(&p->lock);
	mutex_lock(&hvpart_table_lock);
	if (max && hvpart_count >= max) {
		err = -ENOSPC;
		goto err_unlock;
	}
	err = hvpart_user_charge_partition(owner, user_max);
	if (err)
		goto err_unlock;
	/* SELF and the host's id are never a child's. */
	if (hvpart_next_id > ULONG_MAX ||
	    hvpart_next_id >= HVPART_PARTITION_ID_HOST) {
		err = -ENOSPC;
		goto err_user;
	}
	p->id = hvpart_next_id;
	/*
	 * When the next id starts a leaf (or this is the first), reserve
	 * that leaf's last slot first: once p is in, the create cannot fail
	 * any more.  A reservation left by a failed create is harmless, as
	 * the next create makes the same one.
	 */
	if (p->id < ULONG_MAX &&
	    (p->id == 1 || !((p->id + 1) & XA_CHUNK_MASK))) {
		err = xa_reserve(&hvpart_table,
				 (unsigned long)(p->id + 1) | XA_CHUNK_MASK,
				 GFP_KERNEL_ACCOUNT);
		if (err)
			goto err_user;
	}
	/* The slot is empty or reserved: no partition ever had this id. */
	old = xa_store(&hvpart_table, (unsigned long)p->id, p,
		       GFP_KERNEL_ACCOUNT);
	err = xa_err(old);
	if (err)
		goto err_user;
	hvpart_next_id++;
	WRITE_ONCE(hvpart_count, hvpart_count + 1);
	hvpart_table_changed();
	mutex_unlock(&hvpart_table_lock);

	*pp = p;
	return 0;

err_user:
	hvpart_user_uncharge_partition(owner);
err_unlock:
	mutex_unlock(&hvpart_table_lock);
	mutex_unlock(&p->lock);
	put_pid(p->creator);
	kfree(p);
	return err == -EBUSY ? -ENOSPC : err;
}

/*
 * Take @p out of the table, uncounted for its owner; the table's reference
 * is then the caller's to drop.  False when another caller took it first.
 */
static bool hvpart_table_take(struct hvpart_partition *p)
{
	void *old;

	mutex_lock(&hvpart_table_lock);
	old = xa_cmpxchg(&hvpart_table, (unsigned long)p->id, p, NULL, 0);
	if (old == p) {
		WRITE_ONCE(hvpart_count, hvpart_count - 1);
		hvpart_user_uncharge_partition(p->owner);
		hvpart_table_changed();
	}
	mutex_unlock(&hvpart_table_lock);
	return old == p;
}

/* The unborn partition @id, with a reference; NULL if there is none. */
static struct hvpart_partition *hvpart_partition_get_unborn(u64 id)
{
	struct hvpart_partition *p;

	if (id == HVPART_PARTITION_ID_INVALID || id > ULONG_MAX)
		return NULL;
	rcu_read_lock();
	p = xa_load(&hvpart_table, (unsigned long)id);
	if (p && (READ_ONCE(p->state) != HVPART_STATE_UNBORN ||
		  !refcount_inc_not_zero(&p->refcount)))
		p = NULL;
	rcu_read_unlock();
	return p;
}

/**
 * hvpart_partition_publish() - an unborn partition's id reached its
 *	creator: from now on everyone sees it
 * @id: the partition.
 *
 * Return: the partition, locked and with a reference, for its create
 * event (hvpart_partition_unlock() gives both back); NULL if there is no
 * such unborn partition.
 */
struct hvpart_partition *hvpart_partition_publish(u64 id)
{
	struct hvpart_partition *p = hvpart_partition_get_unborn(id);

	if (WARN_ON_ONCE(!p))
		return NULL;
	/* Nobody else can see it yet, so nobody holds its lock for long. */
	mutex_lock(&p->lock);
	WRITE_ONCE(p->state, HVPART_STATE_CREATED);
	return p;
}

/**
 * hvpart_partition_abort() - an unborn partition's id could not reach its
 *	creator: take it back out, as if it had never been made
 * @id: the partition.  The id stays consumed: ids are never reused.
 *
 * Nobody else ever saw it, so nobody else can have acted on it.
 */
void hvpart_partition_abort(u64 id)
{
	struct hvpart_partition *p = hvpart_partition_get_unborn(id);
	bool taken;

	if (WARN_ON_ONCE(!p))
		return;
	taken = hvpart_table_take(p);
	WRITE_ONCE(p->state, HVPART_STATE_DELETED);
	if (taken)
		hvpart_partition_put(p);
	hvpart_partition_put(p);
}

/**
 * hvpart_partition_get() - look a partition up and take a reference
 * @id: the partition id.
 *
 * Return: the partition, or NULL for 0, SELF, ids not in the table and
 * unborn partitions.
 */
struct hvpart_partition *hvpart_partition_get(u64 id)
{
	struct hvpart_partition *p;

	if (id == HVPART_PARTITION_ID_INVALID || id > ULONG_MAX)
		return NULL;

	rcu_read_lock();
	p = xa_load(&hvpart_table, (unsigned long)id);
	if (p && (READ_ONCE(p->state) == HVPART_STATE_UNBORN ||
		  !refcount_inc_not_zero(&p->refcount)))
		p = NULL;
	rcu_read_unlock();
	return p;
}

/* After the last lookup under RCU that could have seen it. */
static void hvpart_partition_free_rcu(struct rcu_head *rcu)
{
	struct hvpart_partition *p = container_of(rcu, struct hvpart_partition,
						  rcu);

	put_pid(p->creator);
	hvpart_pool_free(p);
	kfree(p);
}

/**
 * hvpart_partition_put() - drop a reference taken by hvpart_partition_get()
 * @p: the partition.
 */
void hvpart_partition_put(struct hvpart_partition *p)
{
	if (refcount_dec_and_test(&p->refcount))
		call_rcu(&p->rcu, hvpart_partition_free_rcu);
}

/**
 * hvpart_partition_lock() - the partition a call names, locked
 * @caller: the caller; its verdict says why a check failed.
 * @id: the partition id the call names.
 * @states: the states the call accepts, HVPART_IN() bits.
 * @pp: out: the partition, on success.
 *
 * Look the partition up, check that the caller may act on it, lock it,
 * and check that it is in one of @states.  On success the caller holds a
 * reference and the lock; hvpart_partition_unlock() gives both back.  The
 * checks run in the documented order: id, owner, state.
 *
 * Return: HVPART_STATUS_SUCCESS, INVALID_PARTITION_ID, ACCESS_DENIED,
 * INVALID_PARTITION_STATE, or OPERATION_FAILED for a fatal signal (the
 * ioctl then fails with EINTR: hvpart_caller_errno()).
 */
u16 hvpart_partition_lock(struct hvpart_caller *caller, u64 id,
				 unsigned long states,
				 struct hvpart_partition **pp)
{
	struct hvpart_partition *p = hvpart_partition_get(id);
	u16 status;

	if (!p)
		return hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_ID,
				     HVC_FAULT_PARTITION_ID, id);
	if (!hvpart_caller_may_act_on(caller, p)) {
		hvpart_partition_put(p);
		return hvpart_refuse(caller, HVPART_STATUS_ACCESS_DENIED,
				     HVC_FAULT_NONE, id);
	}
	/*
	 * Killable: the holder may be blocked in a user access of its own
	 * process (KVM calls through the caller's memory), and a caller
	 * waiting behind it must still be able to die.
	 */
	if (mutex_lock_killable(&p->lock)) {
		hvpart_partition_put(p);
		return hvpart_refuse_errno(caller, -EINTR);
	}
	if (states & BIT(p->state)) {
		*pp = p;
		return HVPART_STATUS_SUCCESS;
	}
	/* Deleted while we waited for the lock: the id is gone. */
	if (p->state == HVPART_STATE_DELETED)
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_ID,
				       HVC_FAULT_PARTITION_ID, id);
	else
		status = hvpart_refuse(caller, HVPART_STATUS_INVALID_PARTITION_STATE,
				       HVC_FAULT_NONE, p->state);
	mutex_unlock(&p->lock);
	hvpart_partition_put(p);
	return status;
}

/**
 * hvpart_partition_unlock() - undo hvpart_partition_lock()
 * @p: the partition.
 */
void hvpart_partition_unlock(struct hvpart_partition *p)
{
	mutex_unlock(&p->lock);
	hvpart_partition_put(p);
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
	if (!hvpart_table_take(p))
		return -ENOENT;
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
		if (READ_ONCE(p->state) == HVPART_STATE_UNBORN)
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
		WRITE_ONCE(p->state, HVPART_STATE_DELETED);
		mutex_unlock(&p->lock);
		hvpart_partition_put(p);
	}
	xa_destroy(&hvpart_table);
	hvpart_users_destroy();
}
