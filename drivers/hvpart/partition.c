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
 * Each user's partitions, and those of them that are initialized, are
 * counted in hvpart_users (under hvpart_table_lock) and bounded by
 * max_partitions_per_user and max_initialized_per_user: a partition and
 * its VM outlive the process that made them, so RLIMIT_NOFILE does not
 * bound them.  The entry of a user who owns nothing any more is kept for
 * the next create, while fewer than HVPART_IDLE_USERS_MAX such entries
 * are kept: making and dropping it was another seventh of a create+delete
 * pair.
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

/**
 * struct hvpart_user - what one user owns
 * @partitions: partitions in the table, in any state.
 * @initialized: those of them that are Initialized.
 */
struct hvpart_user {
	unsigned int partitions;
	unsigned int initialized;
};

/* uid -> struct hvpart_user, under hvpart_table_lock. */
static DEFINE_XARRAY(hvpart_users);
/* Entries of hvpart_users that own nothing; under hvpart_table_lock. */
static unsigned int hvpart_idle_users;

static DEFINE_XARRAY(hvpart_table);
static DEFINE_MUTEX(hvpart_table_lock);
/* Next id to hand out; ids start at 1 and are never reused. */
static u64 hvpart_next_id = 1;
static unsigned long hvpart_count;
/* Moves on every insert and removal: tells a dump that it raced one. */
static unsigned int hvpart_generation = 1;

static bool hvpart_user_idle(const struct hvpart_user *u)
{
	return !u->partitions && !u->initialized;
}

/*
 * The user's entry, made on first use; under hvpart_table_lock.  Every
 * hvpart_user_get() is followed by hvpart_user_put() once the counts
 * are changed, or not.
 */
static struct hvpart_user *hvpart_user_get(kuid_t uid)
{
	unsigned long key = __kuid_val(uid);
	struct hvpart_user *u = xa_load(&hvpart_users, key);

	if (u) {
		if (hvpart_user_idle(u))
			hvpart_idle_users--;
		return u;
	}
	u = kzalloc(sizeof(*u), GFP_KERNEL_ACCOUNT);
	if (!u)
		return NULL;
	if (xa_err(xa_store(&hvpart_users, key, u, GFP_KERNEL_ACCOUNT))) {
		kfree(u);
		return NULL;
	}
	return u;
}

/*
 * The counts of @u may have changed: an entry that owns nothing stays
 * for the user's next create while fewer than HVPART_IDLE_USERS_MAX do,
 * and is freed otherwise: a user namespace gives one user many uids to
 * create from, so idle entries must not pile up.
 */
static void hvpart_user_put(kuid_t uid, struct hvpart_user *u)
{
	if (!hvpart_user_idle(u))
		return;
	if (hvpart_idle_users < HVPART_IDLE_USERS_MAX) {
		hvpart_idle_users++;
		return;
	}
	xa_erase(&hvpart_users, __kuid_val(uid));
	kfree(u);
}

/**
 * hvpart_user_charge_initialized() - count one more initialized partition
 * @uid: its owner.
 * @max: the most the owner may have, 0 for no limit.
 *
 * Return: 0, -EDQUOT at @max, or -ENOMEM.
 */
int hvpart_user_charge_initialized(kuid_t uid, unsigned int max)
{
	struct hvpart_user *u;
	int err = 0;

	mutex_lock(&hvpart_table_lock);
	u = hvpart_user_get(uid);
	if (!u)
		err = -ENOMEM;
	else if (max && u->initialized >= max)
		err = -EDQUOT;
	else
		u->initialized++;
	if (u)
		hvpart_user_put(uid, u);
	mutex_unlock(&hvpart_table_lock);
	return err;
}

/**
 * hvpart_user_uncharge_initialized() - one initialized partition less
 * @uid: its owner.
 */
void hvpart_user_uncharge_initialized(kuid_t uid)
{
	struct hvpart_user *u;

	mutex_lock(&hvpart_table_lock);
	u = xa_load(&hvpart_users, __kuid_val(uid));
	if (!WARN_ON_ONCE(!u || !u->initialized)) {
		u->initialized--;
		hvpart_user_put(uid, u);
	}
	mutex_unlock(&hvpart_table_lock);
}

/* A partition leaves the table: its owner owns one less. */
static void hvpart_user_uncharge_partition(kuid_t uid)
{
	struct hvpart_user *u = xa_load(&hvpart_users, __kuid_val(uid));

	lockdep_assert_held(&hvpart_table_lock);
	if (!WARN_ON_ONCE(!u || !u->partitions)) {
		u->partitions--;
		hvpart_user_put(uid, u);
	}
}

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
 * @unborn: leave it unborn: hidden from everyone, and without its create
 *	event, until hvpart_partition_publish() or hvpart_partition_abort().
 * @id: the new id, on success.
 *
 * Return: 0, -ENOMEM when memory (on @node) ran out, -EDQUOT at @user_max,
 * or -ENOSPC at the max_partitions limit or when ids are exhausted.
 */
int hvpart_partition_create(const struct hvc_create_args *args, int node,
			    kuid_t owner, unsigned int user_max, bool unborn,
			    u64 *id)
{
	unsigned int max = READ_ONCE(hvpart_max_partitions);
	struct hvpart_partition *p;
	gfp_t gfp = GFP_KERNEL_ACCOUNT;
	struct hvpart_user *u;
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
	u = hvpart_user_get(owner);
	if (!u) {
		err = -ENOMEM;
		goto err_unlock;
	}
	if (user_max && u->partitions >= user_max) {
		hvpart_user_put(owner, u);
		err = -EDQUOT;
		goto err_unlock;
	}
	/* SELF and the host's id are never a child's. */
	if (hvpart_next_id > ULONG_MAX ||
	    hvpart_next_id >= HVPART_PARTITION_ID_HOST) {
		err = -ENOSPC;
		goto err_unlock;
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
	u->partitions++;
	hvpart_next_id++;
	WRITE_ONCE(hvpart_count, hvpart_count + 1);
	hvpart_table_changed();
	mutex_unlock(&hvpart_table_lock);

	*id = p->id;
	if (!unborn)
		hvpart_nl_notify(p, HVPART_CMD_PARTITION_CREATE_NTF);
	mutex_unlock(&p->lock);
	hvpart_partition_put(p);
	return 0;

err_user:
	hvpart_user_put(owner, u);
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
 */
void hvpart_partition_publish(u64 id)
{
	struct hvpart_partition *p = hvpart_partition_get_unborn(id);

	if (WARN_ON_ONCE(!p))
		return;
	/* Nobody else can see it yet, so nobody holds its lock for long. */
	mutex_lock(&p->lock);
	WRITE_ONCE(p->state, HVPART_STATE_CREATED);
	hvpart_nl_notify(p, HVPART_CMD_PARTITION_CREATE_NTF);
	mutex_unlock(&p->lock);
	hvpart_partition_put(p);
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
 * hvpart_user_entries() - users with an entry now, idle ones included
 *
 * For the tests: idle entries must stay bounded, however many uids
 * create and delete.
 *
 * Return: the count.
 */
unsigned int hvpart_user_entries(void)
{
	struct hvpart_user *u;
	unsigned long uid;
	unsigned int n = 0;

	mutex_lock(&hvpart_table_lock);
	xa_for_each(&hvpart_users, uid, u)
		n++;
	mutex_unlock(&hvpart_table_lock);
	return n;
}

/**
 * hvpart_partition_bind_vm() - the partition holds the caller's VM
 * @p: the partition, with @p->lock held and no VM.
 * @vm: the VM; the partition takes a reference of its own.
 * @session: the /dev/hvpart file the VM is bound through: it holds the
 *	VM no longer than it lives itself (hvpart_session_release()).
 */
void hvpart_partition_bind_vm(struct hvpart_partition *p, struct file *vm,
			      struct hvpart_session *session)
{
	lockdep_assert_held(&p->lock);
	/* netlink reads it without p->lock, for "vm-attached". */
	WRITE_ONCE(p->vm, get_file(vm));
	if (current->mm) {
		mmgrab(current->mm);
		p->vm_mm = current->mm;
	}
	p->vm_session = session;
	if (session) {
		spin_lock(&session->lock);
		list_add_tail(&p->vm_link, &session->vms);
		spin_unlock(&session->lock);
	}
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
	if (p->vm_session) {
		spin_lock(&p->vm_session->lock);
		list_del_init(&p->vm_link);
		spin_unlock(&p->vm_session->lock);
		p->vm_session = NULL;
	}
	if (p->vm) {
		fput(p->vm);
		WRITE_ONCE(p->vm, NULL);
	}
	if (p->vm_mm) {
		mmdrop(p->vm_mm);
		p->vm_mm = NULL;
	}
}

/**
 * hvpart_session_init() - a new open file of /dev/hvpart
 * @session: its state.
 */
void hvpart_session_init(struct hvpart_session *session)
{
	spin_lock_init(&session->lock);
	INIT_LIST_HEAD(&session->vms);
}

/**
 * hvpart_session_release() - the file is going: so do the VMs bound
 *	through it
 * @session: its state.
 *
 * The partitions stay Initialized, without a VM.  A partition on the list
 * is alive: leaving the table takes Finalize or module unload first, and
 * both unlink it under the session's lock; the reference taken here keeps
 * it so while its lock is awaited.
 */
void hvpart_session_release(struct hvpart_session *session)
{
	struct hvpart_partition *p;

	spin_lock(&session->lock);
	while (!list_empty(&session->vms)) {
		p = list_first_entry(&session->vms, struct hvpart_partition,
				     vm_link);
		refcount_inc(&p->refcount);
		spin_unlock(&session->lock);

		mutex_lock(&p->lock);
		if (p->vm_session == session) {
			hvpart_partition_release_vm(p);
			/* Still Initialized; the event says the VM is gone. */
			hvpart_nl_notify(p, HVPART_CMD_PARTITION_STATE_NTF);
		}
		mutex_unlock(&p->lock);
		hvpart_partition_put(p);
		spin_lock(&session->lock);
	}
	spin_unlock(&session->lock);
}

/**
 * hvpart_table_destroy() - free every partition; for module unload
 *
 * The device is gone by now, so nobody can look a partition up.
 */
void hvpart_table_destroy(void)
{
	struct hvpart_partition *p;
	struct hvpart_user *u;
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
	xa_for_each(&hvpart_users, index, u)
		kfree(u);
	xa_destroy(&hvpart_users);
	hvpart_idle_users = 0;
}
