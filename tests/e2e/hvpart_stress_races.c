// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_stress: racing deletes of the same partitions (phase 2b) and,
 * with KVM, racing initializes of one partition.
 */
#include "hvpart_stress.h"

/* ---- 2b. racing deletes of the same partitions --------------------------- */

static u64 dup_ids[DUP_PARTS];
static u32 dup_compat[DUP_PARTS];
static unsigned int dup_wins[DUP_PARTS];
static struct tally *t2b_del, *t2b_get;

/* Even threads walk the ids forwards, odd ones backwards: all at once. */
static void *dup_worker(void *arg)
{
	struct worker *w = arg;
	unsigned int j, k;
	struct out o;
	u64 id;

	pthread_barrier_wait(&barrier);
	for (j = 0; j < DUP_PARTS; j++) {
		k = w->idx & 1 ? DUP_PARTS - 1 - j : j;
		id = dup_ids[k];
		if (!id)
			continue;
		if (w->idx % 4 == 1) {
			o = get_prop(w->fd, w->page, j & 1, id, P_COMPAT);
			if (judge(t2b_get, &o, id, ANY) == 0 &&
			    o.value != dup_compat[k])
				tally_fail(t2b_get, "partition %" PRIu64 ": compatibility version 0x%" PRIx64 ", created with 0x%x",
					   id, o.value, dup_compat[k]);
		}
		o = lifecycle(w->fd, w->page, (w->idx >> 1) & 1, LC_DEL, id);
		if (judge(t2b_del, &o, id, ANY) == 0)
			__atomic_add_fetch(&dup_wins[k], 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

void phase_dup_delete(void)
{
	static struct worker w[THREADS];
	unsigned int k, none = 0, many = 0, made = 0;
	struct out o;

	t2b_del = TALLY("2b: 16 racing deletes of one partition answer SUCCESS or INVALID_PARTITION_ID",
			false, S_OK, S_ID);
	t2b_get = TALLY("2b: get-property racing the deletes answers SUCCESS or INVALID_PARTITION_ID",
			false, S_OK, S_ID);
	for (k = 0; k < DUP_PARTS; k++) {
		dup_compat[k] = compats[k % ARRAY_SIZE(compats)];
		o = create_typed(hv_fd, 0, dup_compat[k]);
		dup_ids[k] = o.ret == 0 && o.status == S_OK ? o.value : 0;
		dup_wins[k] = 0;
		made += !!dup_ids[k];
	}
	e2e_report(made == DUP_PARTS, "2b: create 1,000 partitions to delete",
		   "%u made", made);
	run_workers(w, THREADS, dup_worker, 6);
	tally_report(t2b_del);
	tally_report(t2b_get);
	for (k = 0; k < DUP_PARTS; k++) {
		if (!dup_ids[k])
			continue;
		none += dup_wins[k] == 0;
		many += dup_wins[k] > 1;
	}
	e2e_report(!none && !many,
		   "2b: exactly one of the 16 racing deletes of each partition succeeds",
		   "%u partitions with no successful delete, %u with more than one",
		   none, many);
	e2e_report(count_partitions() == 0, "2b: no partition left after the racing deletes",
		   "the list is not empty");
}

/* ---- KVM: racing initializes --------------------------------------------- */

static u64 race_ids[KVM_RACE_PARTS];
static unsigned int race_wins[KVM_RACE_PARTS];
static struct tally *tk_race;

static void *race_worker(void *arg)
{
	struct worker *w = arg;
	unsigned int k;
	struct out o;

	pthread_barrier_wait(&barrier);
	for (k = 0; k < KVM_RACE_PARTS; k++) {
		o = lifecycle(w->fd, w->page, w->idx & 2, LC_INIT, race_ids[k]);
		if (judge_close(tk_race, &o, race_ids[k], ANY) == 0)
			__atomic_add_fetch(&race_wins[k], 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

void phase_kvm_race(void)
{
	static struct worker w[KVM_THREADS];
	unsigned int k, none = 0, many = 0, done = 0;
	struct out o;

	tk_race = TALLY("kvm: racing initializes of one partition (typed ones each with a VM of its own) answer SUCCESS or INVALID_PARTITION_STATE",
			false, S_OK, S_STATE);
	for (k = 0; k < KVM_RACE_PARTS; k++) {
		o = create_typed(hv_fd, HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED,
				 HVPART_COMPATIBILITY_21H2);
		race_ids[k] = o.ret == 0 ? o.value : 0;
		race_wins[k] = 0;
	}
	run_workers(w, KVM_THREADS, race_worker, 12);
	tally_report(tk_race);
	for (k = 0; k < KVM_RACE_PARTS; k++) {
		none += race_wins[k] == 0;
		many += race_wins[k] > 1;
		o = lifecycle(hv_fd, NULL, false, LC_FIN, race_ids[k]);
		if (o.ret == 0) {
			o = lifecycle(hv_fd, NULL, false, LC_DEL, race_ids[k]);
			done += o.ret == 0;
		}
	}
	e2e_report(!none && !many,
		   "kvm: exactly one of 4 racing initializes of each partition succeeds",
		   "%u partitions with no successful initialize, %u with more than one",
		   none, many);
	e2e_report(done == KVM_RACE_PARTS,
		   "kvm: each raced partition finalizes and deletes",
		   "%u of %d", done, KVM_RACE_PARTS);
}
