// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_stress, phase 1: 10,000 concurrent creates, listed, read and
 * deleted by 16 threads.
 */
#include "hvpart_stress.h"

/* ---- 1. 10,000 concurrent creates ---------------------------------------- */

static u64 p1_ids[MANY];
static unsigned int p1_next;
static struct tally *t1_create, *t1_get, *t1_del, *t1_gone;

static bool p1_raw(unsigned int k)
{
	return k % 5 == 0;	/* every fifth create through HVPART_HVCALL */
}

static void *p1_create(void *arg)
{
	struct worker *w = arg;
	unsigned int k;
	struct out o;

	pthread_barrier_wait(&barrier);
	while ((k = __atomic_fetch_add(&p1_next, 1, __ATOMIC_RELAXED)) < MANY) {
		o = create_any(w->fd, w->page, p1_raw(k),
			       flag_sets[k % ARRAY_SIZE(flag_sets)],
			       compats[k % ARRAY_SIZE(compats)]);
		if (judge(t1_create, &o, 0, S_OK) == 0) {
			p1_ids[k] = o.value;
			if (!o.value)
				tally_fail(t1_create, "create %u: new id 0", k);
		}
	}
	return NULL;
}

static void *p1_get(void *arg)
{
	struct worker *w = arg;
	unsigned int k;
	struct out o;

	pthread_barrier_wait(&barrier);
	for (k = w->idx; k < MANY; k += THREADS) {
		if (!p1_ids[k])
			continue;
		o = get_prop(w->fd, w->page, k & 2, p1_ids[k], P_COMPAT);
		if (judge(t1_get, &o, p1_ids[k], S_OK) == 0 &&
		    o.value != compats[k % ARRAY_SIZE(compats)])
			tally_fail(t1_get, "partition %" PRIu64 ": compatibility version 0x%" PRIx64 ", created with 0x%x",
				   p1_ids[k], o.value,
				   compats[k % ARRAY_SIZE(compats)]);
	}
	return NULL;
}

static void *p1_delete(void *arg)
{
	struct worker *w = arg;
	unsigned int k;
	struct out o;

	pthread_barrier_wait(&barrier);
	for (k = w->idx; k < MANY; k += THREADS) {
		if (!p1_ids[k])
			continue;
		o = lifecycle(w->fd, w->page, k & 4, LC_DEL, p1_ids[k]);
		judge(t1_del, &o, p1_ids[k], S_OK);
	}
	return NULL;
}

static void *p1_check_gone(void *arg)
{
	struct worker *w = arg;
	unsigned int k;
	struct out o;

	pthread_barrier_wait(&barrier);
	for (k = w->idx; k < MANY; k += THREADS) {
		if (!p1_ids[k])
			continue;
		o = get_prop(w->fd, w->page, k & 1, p1_ids[k], P_COMPAT);
		judge(t1_gone, &o, p1_ids[k], S_ID);
	}
	return NULL;
}

void phase_creates(const struct slab_fig *base)
{
	static struct worker w[THREADS];
	u64 sorted[MANY], min, dups = 0, zeros = 0;
	unsigned int k, *by_id;
	struct slab_fig live;
	struct plist pl;
	size_t bad = 0, i;
	double secs;
	long grow;

	t1_create = TALLY("1: 10,000 concurrent creates all succeed", false, S_OK);
	t1_get = TALLY("1: get-property on each of the 10,000 answers its compatibility version",
		       false, S_OK);
	t1_del = TALLY("1: 16 threads delete the 10,000: every delete succeeds",
		       false, S_OK);
	t1_gone = TALLY("1: after the deletes every id answers INVALID_PARTITION_ID",
			false, S_ID);

	secs = run_workers(w, THREADS, p1_create, 1);
	e2e_note("1: %d creates (%d through HVPART_HVCALL) by %d threads in %.2f s: %.0f creates/s",
		 MANY, MANY / 5, THREADS, secs, MANY / secs);
	tally_report(t1_create);

	memcpy(sorted, p1_ids, sizeof(sorted));
	qsort(sorted, MANY, sizeof(u64), cmp_u64);
	for (k = 0; k < MANY; k++) {
		zeros += !sorted[k];
		dups += k && sorted[k] && sorted[k] == sorted[k - 1];
	}
	min = sorted[0];
	e2e_report(!zeros && !dups, "1: the 10,000 ids are non-zero and unique",
		   "%" PRIu64 " zero, %" PRIu64 " duplicated", zeros, dups);
	e2e_report(!zeros && sorted[MANY - 1] - min == MANY - 1,
		   "1: the ids are consecutive (no id lost to a race)",
		   "ids %" PRIu64 " to %" PRIu64, min, sorted[MANY - 1]);

	/* Which create made each id, for the list's flags and versions. */
	by_id = xcalloc(MANY, sizeof(*by_id));
	for (k = 0; k < MANY; k++)
		if (p1_ids[k] >= min && p1_ids[k] - min < MANY)
			by_id[p1_ids[k] - min] = k;

	list_partitions(&pl);
	if (list_sane("1: hvctl -j list of the 10,000", &pl)) {
		e2e_report(pl.n == MANY, "1: hvctl -j list shows 10,000 partitions",
			   "%zu listed", pl.n);
		for (i = 0; i < pl.n; i++) {
			k = pl.id[i] >= min && pl.id[i] - min < MANY ?
				by_id[pl.id[i] - min] : 0;
			if (pl.id[i] < min || pl.id[i] - min >= MANY ||
			    pl.id[i] != p1_ids[k] ||
			    pl.flags[i] != flag_sets[k % ARRAY_SIZE(flag_sets)] ||
			    pl.compat[i] != compats[k % ARRAY_SIZE(compats)] ||
			    pl.state[i] != HVPART_PARTITION_STATE_CREATED) {
				if (!bad)
					e2e_note("1: first wrong entry: id %" PRIu64 " flags 0x%" PRIx64 " compat 0x%x state %u",
						 pl.id[i], pl.flags[i], pl.compat[i],
						 pl.state[i]);
				bad++;
			}
		}
		e2e_report(pl.n == MANY && !bad,
			   "1: the list is exactly the created ids, each Created with its flags and version",
			   "%zu of %zu entries wrong", bad, pl.n);
	}
	plist_free(&pl);
	free(by_id);

	run_workers(w, THREADS, p1_get, 2);
	tally_report(t1_get);

	slab_settled(&live);
	grow = live.slab_kb - base->slab_kb;
	e2e_note("1: Slab with 10,000 partitions: %ld kB (+%ld kB), slab objects +%lld KB",
		 live.slab_kb, grow,
		 (live.active_bytes - base->active_bytes) / 1024);
	slab_growers("1: with 10,000 partitions", base, &live, false);
	if (live.have_slabinfo)
		e2e_report(live.active_bytes - base->active_bytes >= SLAB_OBJ_BOUND,
			   "1: /proc/slabinfo sees 10,000 live partitions (growth >= the leak bound)",
			   "active objects grew by %lld KB, bound %d KB",
			   (live.active_bytes - base->active_bytes) / 1024,
			   SLAB_OBJ_BOUND / 1024);
	else
		e2e_report(grow * 1024 >= SLAB_PAGE_BOUND,
			   "1: Slab sees 10,000 live partitions (growth >= the leak bound)",
			   "Slab grew by %ld kB, bound %d kB", grow,
			   SLAB_PAGE_BOUND / 1024);

	secs = run_workers(w, THREADS, p1_delete, 3);
	e2e_note("1: %d deletes by %d threads in %.2f s: %.0f deletes/s", MANY,
		 THREADS, secs, MANY / secs);
	tally_report(t1_del);
	e2e_report(count_partitions() == 0, "1: no partition left after the deletes",
		   "the list is not empty");
	run_workers(w, THREADS, p1_check_gone, 4);
	tally_report(t1_gone);
}
