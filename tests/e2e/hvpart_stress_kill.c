// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_stress, phase 4: processes SIGKILLed in the middle of their
 * calls leave whole partitions or none.
 */
#include "hvpart_stress.h"

/* ---- 4. processes killed mid-call ---------------------------------------- */

enum kop { KOP_NONE, KOP_OPEN, KOP_CREATE, KOP_DELETE, KOP_GET, KOP_POOL, NKOPS };

enum { KE_LIVE = 1, KE_DELETING, KE_DELETED };

struct kid_entry {
	u64 id;
	u32 compat;
	u32 state;
};

/* What one child did, in shared memory: read once it is dead. */
struct kid_log {
	u32 started;
	u32 inflight;		/* enum kop while a call is out */
	u32 calls;
	u32 n;
	struct kid_entry e[LOG_MAX];
};

static u64 pool_ids[POOL];
static struct tally *t4_create, *t4_del, *t4_get;

static void kid_set(u32 *p, u32 v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

static void kid_get(int fd, u8 *page, bool raw, u64 id, u32 compat)
{
	struct out o = get_prop(fd, page, raw, id, P_COMPAT);

	if (judge(t4_get, &o, id, S_OK) == 0 && o.value != compat)
		tally_fail(t4_get, "partition %" PRIu64 ": compatibility version 0x%" PRIx64 ", created with 0x%x",
			   id, o.value, compat);
}

/* A child: create, query and delete until killed.  Never returns. */
static void kid_run(struct kid_log *log, unsigned int seed, bool own_fd)
{
	unsigned int live[CHILD_LIVE], nlive = 0, i, k, ci, r;
	u64 rng = seed * 2654435761ULL + 17;
	u8 *page = hvcall_page();
	int fd = hv_fd;
	struct out o;
	bool raw;

	kid_set(&log->started, 1);
	if (own_fd) {
		kid_set(&log->inflight, KOP_OPEN);
		fd = open(DEV, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			_exit(3);
		kid_set(&log->inflight, KOP_NONE);
	}
	for (;;) {
		r = rnd(&rng) % 100;
		raw = rnd(&rng) & 1;
		if (r < 30 && nlive < CHILD_LIVE && log->n < LOG_MAX) {
			ci = rnd(&rng) % ARRAY_SIZE(compats);
			kid_set(&log->inflight, KOP_CREATE);
			o = create_any(fd, page, raw, 0, compats[ci]);
			if (judge(t4_create, &o, 0, S_OK) == 0) {
				k = log->n;
				log->e[k].id = o.value;
				log->e[k].compat = compats[ci];
				kid_set(&log->e[k].state, KE_LIVE);
				kid_set(&log->n, k + 1);
				live[nlive++] = k;
			}
		} else if (r < 50 && nlive) {
			i = rnd(&rng) % nlive;
			k = live[i];
			kid_set(&log->e[k].state, KE_DELETING);
			kid_set(&log->inflight, KOP_DELETE);
			o = lifecycle(fd, page, raw, LC_DEL, log->e[k].id);
			if (judge(t4_del, &o, log->e[k].id, S_OK) == 0) {
				kid_set(&log->e[k].state, KE_DELETED);
				live[i] = live[--nlive];
			}
		} else if (r < 75 && nlive) {
			k = live[rnd(&rng) % nlive];
			kid_set(&log->inflight, KOP_GET);
			kid_get(fd, page, raw, log->e[k].id, log->e[k].compat);
		} else {
			i = rnd(&rng) % POOL;
			kid_set(&log->inflight, KOP_POOL);
			kid_get(fd, page, raw, pool_ids[i],
				compats[i % ARRAY_SIZE(compats)]);
		}
		kid_set(&log->inflight, KOP_NONE);
		log->calls++;
	}
}

void phase_kill(void)
{
	const unsigned int nlogs = KILL_ROUNDS * KILL_CHILDREN;
	unsigned long inflight[NKOPS] = { 0 }, calls = 0, logged = 0;
	unsigned int round, c, i, k, early = 0, unstarted = 0, bad = 0;
	unsigned int live_missing = 0, dead_present = 0, in_doubt = 0;
	unsigned int in_doubt_present = 0, unlogged = 0, unlogged_bad = 0;
	struct tally *tg, *tc;
	pid_t pid[KILL_CHILDREN];
	u64 rng = 4242, probe0, probe1;
	struct kid_log *logs;
	bool *claimed;
	struct plist pl;
	struct out o;
	size_t at;
	long ref;
	int st;

	t4_create = TALLY("4: creates of the killed children", false, S_OK);
	t4_del = TALLY("4: deletes of the killed children", false, S_OK);
	t4_get = TALLY("4: get-property of the killed children", false, S_OK);
	tg = TALLY("4: ids logged as deleted answer INVALID_PARTITION_ID", false, S_ID);
	tc = TALLY("4: cleanup deletes every partition left", false, S_OK);
	logs = shared_alloc(nlogs * sizeof(*logs));

	/* Ids move only on successful creates: probe0 and probe1 bracket them. */
	o = create_typed(hv_fd, 0, HVPART_COMPATIBILITY_21H2);
	probe0 = o.ret == 0 ? o.value : 0;
	for (i = 0; i < POOL; i++) {
		o = create_typed(hv_fd, 0, compats[i % ARRAY_SIZE(compats)]);
		pool_ids[i] = o.ret == 0 ? o.value : 0;
		bad += !pool_ids[i];
	}
	e2e_report(probe0 && !bad, "4: create the probe and 8 shared partitions",
		   "probe %" PRIu64 ", %u shared ones failed", probe0, bad);

	for (round = 0; round < KILL_ROUNDS; round++) {
		for (c = 0; c < KILL_CHILDREN; c++) {
			pid[c] = e2e_fork();
			if (pid[c] == 0)
				kid_run(&logs[round * KILL_CHILDREN + c],
					round * KILL_CHILDREN + c, c & 1);
		}
		/* The first rounds kill at once, during open or the first call. */
		for (c = 0; c < KILL_CHILDREN; c++) {
			if (round >= 4)
				sleep_us(rnd(&rng) % (KILL_MAX_US / KILL_CHILDREN));
			if (pid[c] > 0)
				kill(pid[c], SIGKILL);
		}
		for (c = 0; c < KILL_CHILDREN; c++) {
			if (pid[c] <= 0) {
				early++;
				continue;
			}
			while (waitpid(pid[c], &st, 0) < 0 && errno == EINTR)
				;
			if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
				early++;
		}
	}
	for (i = 0; i < nlogs; i++) {
		unstarted += !logs[i].started;
		inflight[logs[i].inflight < NKOPS ? logs[i].inflight : 0]++;
		calls += logs[i].calls;
		logged += logs[i].n;
	}
	e2e_note("4: %u children SIGKILLed after 0 to %d ms (%u before they ran), %lu calls, %lu creates logged",
		 nlogs, KILL_MAX_US / 1000, unstarted, calls, logged);
	e2e_note("4: killed with a call out: %lu open, %lu create, %lu delete, %lu get-property, %lu shared get-property; %lu between calls",
		 inflight[KOP_OPEN], inflight[KOP_CREATE], inflight[KOP_DELETE],
		 inflight[KOP_GET], inflight[KOP_POOL], inflight[KOP_NONE]);
	e2e_report(!early, "4: every child ran until SIGKILL (none failed or exited)",
		   "%u did not die of SIGKILL", early);
	tally_report(t4_create);
	tally_report(t4_del);
	tally_report(t4_get);
	ref = module_refcnt();
	e2e_report(ref == 1,
		   "4: the killed children's files are released (refcnt back to one fd)",
		   "refcnt %ld", ref);

	o = create_typed(hv_fd, 0, HVPART_COMPATIBILITY_21H2);
	probe1 = o.ret == 0 ? o.value : 0;
	list_partitions(&pl);
	if (!list_sane("4: hvctl -j list after the kills", &pl))
		goto out;
	claimed = xcalloc(pl.n ? pl.n : 1, sizeof(*claimed));
	for (i = 0; i < POOL; i++)
		if (plist_has(&pl, pool_ids[i], &at) &&
		    pl.compat[at] == compats[i % ARRAY_SIZE(compats)])
			claimed[at] = true;
		else
			bad++;
	if (plist_has(&pl, probe0, &at))
		claimed[at] = true;
	if (plist_has(&pl, probe1, &at))
		claimed[at] = true;
	for (i = 0; i < nlogs; i++) {
		for (k = 0; k < logs[i].n; k++) {
			struct kid_entry *e = &logs[i].e[k];
			bool there = plist_has(&pl, e->id, &at);

			if (there)
				claimed[at] = true;
			if (e->state == KE_LIVE) {
				live_missing += !there || pl.compat[at] != e->compat ||
						pl.state[at] != HVPART_PARTITION_STATE_CREATED;
			} else if (e->state == KE_DELETED) {
				dead_present += there;
				o = get_prop(hv_fd, NULL, false, e->id, P_COMPAT);
				judge(tg, &o, e->id, S_ID);
			} else {
				in_doubt++;
				in_doubt_present += there;
				live_missing += there && pl.compat[at] != e->compat;
			}
		}
	}
	/* Listed but never logged: a create out when its child was killed. */
	for (at = 0; at < pl.n; at++) {
		if (claimed[at])
			continue;
		unlogged++;
		o = get_prop(hv_fd, NULL, false, pl.id[at], P_COMPAT);
		if (pl.state[at] != HVPART_PARTITION_STATE_CREATED ||
		    o.ret || o.status != S_OK || o.value != pl.compat[at] ||
		    pl.flags[at] != 0)
			unlogged_bad++;
	}
	free(claimed);
	e2e_note("4: %zu partitions listed: %u logged created, %u in doubt (killed in delete, %u still there), %u never logged",
		 pl.n, (unsigned int)(logged - in_doubt), in_doubt, in_doubt_present,
		 unlogged);
	e2e_report(!bad, "4: the 8 shared partitions survive the kills intact",
		   "%u missing or changed", bad);
	e2e_report(!live_missing,
		   "4: every partition a child logged as created exists, Created, with its version",
		   "%u missing or changed", live_missing);
	e2e_report(!dead_present, "4: no partition a child logged as deleted is listed",
		   "%u listed", dead_present);
	tally_report(tg);
	e2e_report(unlogged <= inflight[KOP_CREATE] && !unlogged_bad,
		   "4: unlogged partitions are whole and at most one per child killed in a create",
		   "%u unlogged (%u not whole), %lu children killed in a create",
		   unlogged, unlogged_bad, inflight[KOP_CREATE]);
	e2e_report(probe0 && probe1 &&
		   probe1 - probe0 - 1 == POOL + logged + unlogged,
		   "4: the ids handed out are exactly the partitions made: no create half done",
		   "ids %" PRIu64 " to %" PRIu64 " between the probes, %d shared + %lu logged + %u unlogged",
		   probe0 + 1, probe1 - 1, POOL, logged, unlogged);
	for (at = 0; at < pl.n; at++) {
		o = lifecycle(hv_fd, NULL, false, LC_DEL, pl.id[at]);
		judge(tc, &o, pl.id[at], S_OK);
	}
	tally_report(tc);
out:
	plist_free(&pl);
	munmap(logs, nlogs * sizeof(*logs));
	e2e_report(count_partitions() == 0, "4: no partition left after the cleanup",
		   "the list is not empty");
}
