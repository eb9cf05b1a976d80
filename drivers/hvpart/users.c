// SPDX-License-Identifier: GPL-2.0
/*
 * What each user owns: partitions, those of them that are initialized,
 * and the pages deposited in their pools, counted under hvpart_table_lock
 * and bounded by max_partitions_per_user, max_initialized_per_user and
 * max_pool_pages_per_user.  A partition, its VM and its pool outlive the
 * process that made them, so RLIMIT_NOFILE does not bound them.
 *
 * The entry of a user who owns nothing any more is kept for the next
 * create, while fewer than HVPART_IDLE_USERS_MAX such entries are kept:
 * making and dropping it was a seventh of a create+delete pair.  Past
 * that, an entry that goes idle is freed at once: a user namespace gives
 * one user many uids to create from.
 */
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/xarray.h>

#include "hvpart.h"

/**
 * struct hvpart_user - what one user owns
 * @partitions: partitions in the table, in any state.
 * @counts: by enum hvpart_user_count: those of them that are
 *	Initialized, the pages in their pools.
 */
struct hvpart_user {
	unsigned int partitions;
	unsigned int counts[HVPART_USER_COUNTS];
};

/* uid -> struct hvpart_user, under hvpart_table_lock. */
static DEFINE_XARRAY(hvpart_users);
/* Entries of hvpart_users that own nothing; under hvpart_table_lock. */
static unsigned int hvpart_idle_users;

static bool hvpart_user_idle(const struct hvpart_user *u)
{
	return !u->partitions && !u->counts[HVPART_USER_INITIALIZED] &&
	       !u->counts[HVPART_USER_POOL_PAGES];
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
 * hvpart_user_charge_partition() - count one more partition for its owner
 * @uid: its owner.
 * @max: the most the owner may have, 0 for no limit.
 *
 * Under hvpart_table_lock; undone by hvpart_user_uncharge_partition().
 *
 * Return: 0, -EDQUOT at @max, or -ENOMEM.
 */
int hvpart_user_charge_partition(kuid_t uid, unsigned int max)
{
	struct hvpart_user *u;
	int err = 0;

	lockdep_assert_held(&hvpart_table_lock);
	u = hvpart_user_get(uid);
	if (!u)
		return -ENOMEM;
	if (max && u->partitions >= max)
		err = -EDQUOT;
	else
		u->partitions++;
	hvpart_user_put(uid, u);
	return err;
}

/**
 * hvpart_user_charge() - count more of what a user owns
 * @uid: the owner.
 * @what: which count.
 * @n: how many more.
 * @max: the most the owner may have, 0 for no limit.
 *
 * Return: 0, -EDQUOT past @max (nothing counted), or -ENOMEM.
 */
int hvpart_user_charge(kuid_t uid, enum hvpart_user_count what,
		       unsigned int n, unsigned int max)
{
	struct hvpart_user *u;
	int err = 0;

	mutex_lock(&hvpart_table_lock);
	u = hvpart_user_get(uid);
	if (!u)
		err = -ENOMEM;
	else if (max && (u64)u->counts[what] + n > max)
		err = -EDQUOT;
	else
		u->counts[what] += n;
	if (u)
		hvpart_user_put(uid, u);
	mutex_unlock(&hvpart_table_lock);
	return err;
}

/**
 * hvpart_user_uncharge() - count less of what a user owns
 * @uid: the owner.
 * @what: which count.
 * @n: how many less, at most what hvpart_user_charge() counted.
 */
void hvpart_user_uncharge(kuid_t uid, enum hvpart_user_count what,
			  unsigned int n)
{
	struct hvpart_user *u;

	mutex_lock(&hvpart_table_lock);
	u = xa_load(&hvpart_users, __kuid_val(uid));
	if (!WARN_ON_ONCE(!u || u->counts[what] < n)) {
		u->counts[what] -= n;
		hvpart_user_put(uid, u);
	}
	mutex_unlock(&hvpart_table_lock);
}

/**
 * hvpart_user_uncharge_partition() - a partition left the table (or never
 *	made it in): its owner owns one less
 * @uid: its owner.
 *
 * Under hvpart_table_lock.
 */
void hvpart_user_uncharge_partition(kuid_t uid)
{
	struct hvpart_user *u = xa_load(&hvpart_users, __kuid_val(uid));

	lockdep_assert_held(&hvpart_table_lock);
	if (!WARN_ON_ONCE(!u || !u->partitions)) {
		u->partitions--;
		hvpart_user_put(uid, u);
	}
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
 * hvpart_users_destroy() - free every user's entry; for module unload
 */
void hvpart_users_destroy(void)
{
	struct hvpart_user *u;
	unsigned long index;

	xa_for_each(&hvpart_users, index, u)
		kfree(u);
	xa_destroy(&hvpart_users);
	hvpart_idle_users = 0;
}
