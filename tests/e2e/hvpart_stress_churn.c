// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_stress, phase 2: the churn of every call on private, shared and
 * deleted partitions while hvctl lists them.
 */
#include "hvpart_stress.h"

/* ---- 2. churn ------------------------------------------------------------ */

enum pstate { PS_CREATED, PS_INIT, PS_FIN };

/* A shared slot: the compatibility index in 63:56, the id below; 0 empty. */
#define SLOT(id, ci)	((u64)(ci) << 56 | (id))
#define SLOT_ID(v)	((v) & ((1ULL << 56) - 1))
#define SLOT_CI(v)	((unsigned int)((v) >> 56))

static u64 slots[SHARED_SLOTS];
static unsigned long churn_creates, churn_deletes;
static u64 churn_max_id;
static int churn_done;
static double churn_deadline;

static struct tally *t2_create, *t2_pinit, *t2_pfin, *t2_pget, *t2_pset,
		    *t2_pdel, *t2_stale, *t2_sinit, *t2_sfin, *t2_sdel,
		    *t2_sget, *t2_sset, *t2_self, *t2_list;

static void note_id(u64 id)
{
	u64 m = __atomic_load_n(&churn_max_id, __ATOMIC_RELAXED);

	while (id > m && !__atomic_compare_exchange_n(&churn_max_id, &m, id,
						      true, __ATOMIC_RELAXED,
						      __ATOMIC_RELAXED))
		;
}

static bool churn_create(struct worker *w, u64 *id, unsigned int *ci)
{
	bool raw = rnd(&w->rng) & 1;
	struct out o;

	*ci = rnd(&w->rng) % ARRAY_SIZE(compats);
	o = create_any(w->fd, w->page, raw,
		       flag_sets[rnd(&w->rng) % ARRAY_SIZE(flag_sets)],
		       compats[*ci]);
	if (judge(t2_create, &o, 0, S_OK) != 0)
		return false;
	if (!o.value) {
		tally_fail(t2_create, "create: new id 0");
		return false;
	}
	__atomic_add_fetch(&churn_creates, 1, __ATOMIC_RELAXED);
	note_id(o.value);
	*id = o.value;
	return true;
}

static void gone_add(struct worker *w, u64 id)
{
	w->gone[w->ngone++ % GONE_MAX] = id;
}

/* One call on one of the thread's own partitions: exact statuses. */
static void churn_private(struct worker *w, unsigned int r)
{
	unsigned int i = rnd(&w->rng) % w->npriv;
	bool raw = rnd(&w->rng) & 1;
	u8 *st = &w->priv_state[i];
	u64 id = w->priv[i];
	struct out o;
	int want;

	switch (r % 5) {
	case 0:
		o = lifecycle(w->fd, w->page, raw, LC_INIT, id);
		want = *st == PS_CREATED ? S_OK : S_STATE;
		if (judge_close(t2_pinit, &o, id, want) >= 0 && want == S_OK)
			*st = PS_INIT;
		break;
	case 1:
		o = lifecycle(w->fd, w->page, raw, LC_FIN, id);
		want = *st == PS_INIT ? S_OK : S_STATE;
		if (judge(t2_pfin, &o, id, want) >= 0 && want == S_OK)
			*st = PS_FIN;
		break;
	case 2:
		o = get_prop(w->fd, w->page, raw, id, P_COMPAT);
		if (judge(t2_pget, &o, id, S_OK) == 0 &&
		    o.value != w->priv_compat[i])
			tally_fail(t2_pget, "partition %" PRIu64 ": compatibility version 0x%" PRIx64 ", created with 0x%x",
				   id, o.value, w->priv_compat[i]);
		break;
	case 3:
		/*
		 * Without KVM the feature banks cannot be read: an early
		 * property answers NO_RESOURCES while Created, and
		 * INVALID_PARTITION_STATE after (the state is checked first).
		 * With KVM, a read-only property is INVALID_PARAMETER in every
		 * state.
		 */
		if (kvm_mode) {
			o = set_prop(w->fd, w->page, raw, id, P_VENDOR, 0);
			judge(t2_pset, &o, id, S_PARAM);
		} else {
			o = set_prop(w->fd, w->page, raw, id, P_FEAT0, 0);
			judge(t2_pset, &o, id, *st == PS_CREATED ? S_NORES : S_STATE);
		}
		break;
	default:
		o = lifecycle(w->fd, w->page, raw, LC_DEL, id);
		want = *st == PS_INIT ? S_STATE : S_OK;
		if (judge(t2_pdel, &o, id, want) == 0 && want == S_OK) {
			__atomic_add_fetch(&churn_deletes, 1, __ATOMIC_RELAXED);
			gone_add(w, id);
			w->npriv--;
			w->priv[i] = w->priv[w->npriv];
			w->priv_compat[i] = w->priv_compat[w->npriv];
			w->priv_state[i] = w->priv_state[w->npriv];
		}
		break;
	}
}

/* A deleted, never assigned, 0 or SELF id: INVALID_PARTITION_ID, always. */
static void churn_stale(struct worker *w)
{
	u64 id, r = rnd(&w->rng);
	unsigned int sel = (r >> 8) % 8;
	bool raw = r & 1;
	struct out o;

	if (sel == 0)
		id = HVPART_PARTITION_ID_SELF;
	else if (sel == 1)
		id = 0;
	else if (sel == 2 || !w->ngone)
		id = NEVER_ID + (r >> 20) % 1000;
	else
		id = w->gone[(r >> 16) % (w->ngone < GONE_MAX ? w->ngone : GONE_MAX)];
	switch ((r >> 4) % 4) {
	case 0:
		o = lifecycle(w->fd, w->page, raw, LC_INIT, id);
		break;
	case 1:
		o = lifecycle(w->fd, w->page, raw, LC_FIN, id);
		break;
	case 2:
		o = lifecycle(w->fd, w->page, raw, LC_DEL, id);
		break;
	default:
		/* SELF is the host partition, whose properties any user reads. */
		o = get_prop(w->fd, w->page, raw, id, P_COMPAT);
		judge_close(t2_stale, &o, id,
			    id == HVPART_PARTITION_ID_SELF ? S_OK : S_ID);
		return;
	}
	judge_close(t2_stale, &o, id, S_ID);
}

static void churn_shared_create(struct worker *w)
{
	unsigned int s = rnd(&w->rng) % SHARED_SLOTS, ci;
	u64 id, empty = 0;
	struct out o;

	if (__atomic_load_n(&slots[s], __ATOMIC_ACQUIRE) || !churn_create(w, &id, &ci))
		return;
	if (__atomic_compare_exchange_n(&slots[s], &empty, SLOT(id, ci), false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;
	/* Someone filled the slot first: nobody else knows this one. */
	o = lifecycle(w->fd, w->page, false, LC_DEL, id);
	if (judge(t2_pdel, &o, id, S_OK) == 0)
		__atomic_add_fetch(&churn_deletes, 1, __ATOMIC_RELAXED);
}

/* One call on a shared partition: any status the race allows. */
static void churn_shared(struct worker *w)
{
	unsigned int s = rnd(&w->rng) % SHARED_SLOTS;
	u64 v = __atomic_load_n(&slots[s], __ATOMIC_ACQUIRE);
	u64 id = SLOT_ID(v), r = rnd(&w->rng);
	bool raw = r & 1;
	struct out o;

	if (!v) {
		churn_shared_create(w);
		return;
	}
	switch ((r >> 4) % 5) {
	case 0:
		o = lifecycle(w->fd, w->page, raw, LC_INIT, id);
		judge_close(t2_sinit, &o, id, ANY);
		break;
	case 1:
		o = lifecycle(w->fd, w->page, raw, LC_FIN, id);
		judge(t2_sfin, &o, id, ANY);
		break;
	case 2:
		o = lifecycle(w->fd, w->page, raw, LC_DEL, id);
		if (judge(t2_sdel, &o, id, ANY) == 0) {
			__atomic_add_fetch(&churn_deletes, 1, __ATOMIC_RELAXED);
			__atomic_compare_exchange_n(&slots[s], &v, 0, false,
						    __ATOMIC_ACQ_REL,
						    __ATOMIC_RELAXED);
		}
		break;
	case 3:
		o = kvm_mode ? set_prop(w->fd, w->page, raw, id, P_VENDOR, 0) :
			       set_prop(w->fd, w->page, raw, id, P_FEAT0, 0);
		judge(t2_sset, &o, id, ANY);
		break;
	default:
		o = get_prop(w->fd, w->page, raw, id, P_COMPAT);
		if (judge(t2_sget, &o, id, ANY) == 0 &&
		    o.value != compats[SLOT_CI(v)])
			tally_fail(t2_sget, "partition %" PRIu64 ": compatibility version 0x%" PRIx64 ", created with 0x%x",
				   id, o.value, compats[SLOT_CI(v)]);
		break;
	}
}

static void *churn_worker(void *arg)
{
	struct worker *w = arg;
	unsigned int n = kvm_mode ? KVM_OPS : CHURN_OPS, r, ci;
	struct out o;
	u64 id;

	pthread_barrier_wait(&barrier);
	for (w->ops = 0; w->ops < n; w->ops++) {
		if (w->ops >= CHURN_MIN_OPS && !(w->ops % 64) &&
		    now() > churn_deadline)
			break;
		r = rnd(&w->rng) % 100;
		if (r < 15 || !w->npriv) {
			if (w->npriv < PRIVATE_MAX && churn_create(w, &id, &ci)) {
				w->priv[w->npriv] = id;
				w->priv_compat[w->npriv] = compats[ci];
				w->priv_state[w->npriv++] = PS_CREATED;
			} else if (w->npriv == PRIVATE_MAX) {
				churn_private(w, 4);
			}
		} else if (r < 60) {
			churn_private(w, r);
		} else if (r < 66) {
			churn_stale(w);
		} else if (r < 98) {
			churn_shared(w);
		} else {
			o = get_partition_id(w->fd, w->page);
			if (judge(t2_self, &o, 0, S_OK) == 0 &&
			    o.value != HVPART_PARTITION_ID_HOST)
				tally_fail(t2_self, "GetPartitionId: 0x%" PRIx64,
					   o.value);
		}
	}
	return NULL;
}

/* hvctl -j list while the churn runs: well formed, ids that were created. */
static void *churn_lister(void *arg)
{
	unsigned int i, lists = kvm_mode ? 2 : CHURN_LISTS;
	struct plist pl;
	size_t j;
	u64 max;

	(void)arg;
	for (i = 0; i < lists; i++) {
		list_partitions(&pl);
		max = __atomic_load_n(&churn_max_id, __ATOMIC_RELAXED);
		__atomic_add_fetch(&t2_list->calls, 1, __ATOMIC_RELAXED);
		if (pl.rc || !pl.parsed || !pl.ordered)
			tally_fail(t2_list, "exit %d, %s, %s", pl.rc,
				   pl.parsed ? "parsed" : pl.err,
				   pl.ordered ? "in order" : "not in id order");
		for (j = 0; j < pl.n; j++) {
			/*
			 * A reply that races a delete may say deleted
			 * (Documentation/netlink.rst).
			 */
			if (pl.id[j] && pl.id[j] <= max &&
			    (pl.state[j] == HVPART_PARTITION_STATE_CREATED ||
			     pl.state[j] == HVPART_PARTITION_STATE_DELETED ||
			     pl.state[j] == HVPART_PARTITION_STATE_INITIALIZED ||
			     pl.state[j] == HVPART_PARTITION_STATE_FINALIZED))
				continue;
			tally_fail(t2_list, "entry id %" PRIu64 " state %u (highest id created %" PRIu64 ")",
				   pl.id[j], pl.state[j], max);
			break;
		}
		if (!pl.rc && pl.parsed)
			__atomic_add_fetch(&t2_list->hits[0], 1, __ATOMIC_RELAXED);
		plist_free(&pl);
		if (__atomic_load_n(&churn_done, __ATOMIC_ACQUIRE))
			break;
	}
	return NULL;
}

/* Finalize (if initialized) and delete one leftover; true when it is gone. */
static bool cleanup_one(u64 id, struct tally *t)
{
	struct out o = lifecycle(hv_fd, NULL, false, LC_DEL, id);

	if (o.ret == -1 && o.status == S_STATE) {
		o = lifecycle(hv_fd, NULL, false, LC_FIN, id);
		if (judge(t, &o, id, S_OK) != 0)
			return false;
		o = lifecycle(hv_fd, NULL, false, LC_DEL, id);
	}
	return judge(t, &o, id, S_OK) == 0;
}

static void churn_tallies(void)
{
	if (kvm_mode) {
		t2_pinit = TALLY("kvm churn: initialize of an own partition (typed: with a VM of the thread's)",
				 false, S_OK, S_STATE);
		t2_sinit = TALLY("kvm churn: initialize of a shared partition",
				 false, S_OK, S_STATE, S_ID);
		t2_sfin = TALLY("kvm churn: finalize of a shared partition", false,
				S_OK, S_STATE, S_ID);
		t2_sdel = TALLY("kvm churn: delete of a shared partition", false,
				S_OK, S_STATE, S_ID);
		t2_pset = TALLY("kvm churn: set of a read-only property of an own partition",
				false, S_PARAM);
		t2_sset = TALLY("kvm churn: set of a read-only property of a shared partition",
				false, S_PARAM, S_ID);
	} else {
		t2_pinit = TALLY("2: initialize without a VM (vm_fd -1, hvcall) of an own partition",
				 false, S_OK, S_STATE);
		t2_sinit = TALLY("2: initialize without a VM of a shared partition",
				 false, S_OK, S_STATE, S_ID);
		t2_sfin = TALLY("2: finalize of a shared partition", false,
				S_OK, S_STATE, S_ID);
		t2_sdel = TALLY("2: delete of a shared partition", false, S_OK,
				S_STATE, S_ID);
		t2_pset = TALLY("2: set-property without KVM of an own partition (NO_RESOURCES while Created)",
				false, S_NORES, S_STATE);
		t2_sset = TALLY("2: set-property without KVM of a shared partition",
				false, S_NORES, S_STATE, S_ID);
	}
	t2_create = TALLY(kvm_mode ? "kvm churn: create" : "2: create during churn",
			  false, S_OK);
	t2_pfin = TALLY(kvm_mode ? "kvm churn: finalize of an own partition" :
			"2: finalize of an own partition", false, S_OK, S_STATE);
	t2_pget = TALLY(kvm_mode ? "kvm churn: get-property of an own partition" :
			"2: get-property of an own partition", false, S_OK);
	t2_pdel = TALLY(kvm_mode ? "kvm churn: delete of an own partition" :
			"2: delete of an own partition", false, S_OK, S_STATE);
	t2_stale = TALLY(kvm_mode ? "kvm churn: calls on deleted and never assigned ids" :
			 "2: calls on deleted, never assigned, 0 and SELF ids",
			 false, S_ID, S_OK);
	t2_sget = TALLY(kvm_mode ? "kvm churn: get-property of a shared partition" :
			"2: get-property of a shared partition", false, S_OK, S_ID);
	t2_self = TALLY(kvm_mode ? "kvm churn: GetPartitionId" :
			"2: GetPartitionId during churn", false, S_OK);
	t2_list = TALLY(kvm_mode ? "kvm churn: hvctl -j list during churn is well formed" :
			"2: hvctl -j list during churn is well formed: ids created, any state (deleted: racing a delete)",
			false, S_OK);
}

void phase_churn(unsigned int nthreads)
{
	static struct worker w[THREADS];
	unsigned int i, j, first, left = 0, cleaned = 0;
	unsigned long live;
	pthread_t lister;
	struct tally *tc;
	struct plist pl;
	bool same = true;
	double secs;
	u64 ops = 0;

	memset(slots, 0, sizeof(slots));
	churn_creates = churn_deletes = churn_max_id = 0;
	churn_done = 0;
	first = ntallies;
	churn_tallies();
	tc = TALLY(kvm_mode ? "kvm churn: cleanup deletes every partition left" :
		   "2: cleanup deletes every partition left", false, S_OK);

	churn_deadline = now() + CHURN_BUDGET;
	if (pthread_create(&lister, NULL, churn_lister, NULL)) {
		perror("pthread_create");
		exit(2);
	}
	secs = run_workers(w, nthreads, churn_worker, kvm_mode ? 11 : 5);
	__atomic_store_n(&churn_done, 1, __ATOMIC_RELEASE);
	pthread_join(lister, NULL);
	for (i = 0; i < nthreads; i++)
		ops += w[i].ops;
	e2e_note("%s: %" PRIu64 " calls by %u threads in %.2f s (%.0f calls/s; at most %u each, or %.0f s once %u each ran), %lu creates, %lu deletes, %lu hvctl lists",
		 kvm_mode ? "kvm churn" : "2", ops, nthreads, secs, ops / secs,
		 kvm_mode ? KVM_OPS : CHURN_OPS, CHURN_BUDGET, CHURN_MIN_OPS,
		 churn_creates, churn_deletes, t2_list->calls);
	for (i = first; i < ntallies; i++)
		if (&tallies[i] != tc)
			tally_report(&tallies[i]);

	live = churn_creates - churn_deletes;
	list_partitions(&pl);
	if (list_sane(kvm_mode ? "kvm churn: hvctl -j list after the churn" :
		      "2: hvctl -j list after the churn", &pl)) {
		for (i = 0; i < nthreads; i++)
			for (j = 0; j < w[i].npriv; j++)
				same &= plist_has(&pl, w[i].priv[j], NULL);
		for (i = 0; i < SHARED_SLOTS; i++)
			same &= !slots[i] || plist_has(&pl, SLOT_ID(slots[i]), NULL);
		e2e_report(pl.n == live && same,
			   kvm_mode ? "kvm churn: the table holds creates - deletes partitions, the ones the threads hold" :
			   "2: the table holds creates - deletes partitions, the ones the threads hold",
			   "%zu listed, %lu created - deleted, all held ones listed: %s",
			   pl.n, live, same ? "yes" : "no");
	}
	/* Whatever is listed goes, the threads' and any stray one alike. */
	for (i = 0; i < pl.n; i++)
		cleaned += cleanup_one(pl.id[i], tc);
	left = pl.n - cleaned;
	plist_free(&pl);
	tally_report(tc);
	e2e_report(!left && count_partitions() == 0,
		   kvm_mode ? "kvm churn: no partition left after the cleanup" :
		   "2: no partition left after the cleanup",
		   "%u could not be deleted", left);
}
