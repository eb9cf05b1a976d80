// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_stress, phase 3: rmmod hvpart under load, which must fail.
 */
#include "hvpart_stress.h"

/* ---- 3. rmmod under load ------------------------------------------------- */

static u64 sent_ids[SENTINELS];
static int hammer_stop;
static struct tally *t3_cycle, *t3_sget, *t3_open;

static void *hammer(void *arg)
{
	struct worker *w = arg;
	unsigned int r, s;
	struct out o;
	u64 id;
	int fd;

	pthread_barrier_wait(&barrier);
	while (!__atomic_load_n(&hammer_stop, __ATOMIC_ACQUIRE)) {
		r = rnd(&w->rng) % 10;
		if (r == 0) {
			/* A fresh open while rmmod runs: it works, and so do calls. */
			fd = open(DEV, O_RDWR | O_CLOEXEC);
			if (fd < 0) {
				__atomic_add_fetch(&t3_open->calls, 1, __ATOMIC_RELAXED);
				tally_fail(t3_open, "open " DEV ": %s", strerror(errno));
				continue;
			}
			o = get_partition_id(fd, w->page);
			if (judge(t3_open, &o, 0, S_OK) == 0 &&
			    o.value != HVPART_PARTITION_ID_HOST)
				tally_fail(t3_open, "GetPartitionId: 0x%" PRIx64, o.value);
			close(fd);
		} else if (r < 5) {
			o = create_any(w->fd, w->page, r & 1, 0, compats[r % 6]);
			if (judge(t3_cycle, &o, 0, S_OK) != 0)
				continue;
			id = o.value;
			o = lifecycle(w->fd, w->page, r & 2, LC_DEL, id);
			judge(t3_cycle, &o, id, S_OK);
		} else {
			s = rnd(&w->rng) % SENTINELS;
			o = get_prop(w->fd, w->page, r & 1, sent_ids[s], P_COMPAT);
			if (judge(t3_sget, &o, sent_ids[s], S_OK) == 0 &&
			    o.value != compats[s % ARRAY_SIZE(compats)])
				tally_fail(t3_sget, "partition %" PRIu64 ": compatibility version 0x%" PRIx64,
					   sent_ids[s], o.value);
		}
	}
	return NULL;
}

/* Run a program; its exit status (128 + signal), stdout and stderr in @msg. */
static int run_cmd(const char *path, char *const argv[], char *msg, size_t len)
{
	int pipefd[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	msg[0] = 0;
	if (pipe2(pipefd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		execv(path, argv);
		_exit(127);
	}
	close(pipefd[1]);
	while (pid > 0 && (size_t)got < len - 1 &&
	       (n = read(pipefd[0], msg + got, len - 1 - got)) > 0)
		got += n;
	msg[got] = 0;
	while (got && msg[got - 1] == '\n')
		msg[--got] = 0;
	close(pipefd[0]);
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void phase_rmmod(void)
{
	static struct worker w[THREADS / 2];
	static char *const argv[] = { "rmmod", "hvpart", NULL };
	unsigned int i, refused = 0, stayed = 0, bad = 0, deleted = 0;
	char msg[256], first[256] = "";
	struct plist pl;
	struct out o;
	u64 rng = 42;
	size_t at;
	long ref;
	int rc;

	t3_cycle = TALLY("3: create and delete during rmmod attempts", false, S_OK);
	t3_sget = TALLY("3: get-property of 64 partitions during rmmod attempts",
			false, S_OK);
	t3_open = TALLY("3: open /dev/hvpart and GetPartitionId during rmmod attempts",
			false, S_OK);
	for (i = 0; i < SENTINELS; i++) {
		o = create_typed(hv_fd, 0, compats[i % ARRAY_SIZE(compats)]);
		sent_ids[i] = o.ret == 0 && o.status == S_OK ? o.value : 0;
		bad += !sent_ids[i];
	}
	e2e_report(!bad, "3: create 64 partitions that must survive rmmod attempts",
		   "%u creates failed", bad);

	hammer_stop = 0;
	start_workers(w, ARRAY_SIZE(w), hammer, 7);
	for (i = 0; i < RMMOD_TRIES; i++) {
		sleep_us(rnd(&rng) % 20000);
		rc = run_cmd(RMMOD, argv, msg, sizeof(msg));
		if (rc != 0)
			refused++;
		if (!first[0])
			snprintf(first, sizeof(first), "exit %d: %s", rc, msg);
		stayed += module_listed() && dev_present();
	}
	__atomic_store_n(&hammer_stop, 1, __ATOMIC_RELEASE);
	join_workers(w, ARRAY_SIZE(w));
	e2e_note("3: rmmod hvpart under load: %s", first);
	e2e_report(refused == RMMOD_TRIES,
		   "3: rmmod hvpart under load fails every time (8 tries)",
		   "%u of %d refused; first %s", refused, RMMOD_TRIES, first);
	e2e_report(stayed == RMMOD_TRIES,
		   "3: hvpart stays in /proc/modules and /dev/hvpart stays after each rmmod",
		   "%u of %d times", stayed, RMMOD_TRIES);
	tally_report(t3_cycle);
	tally_report(t3_sget);
	tally_report(t3_open);

	list_partitions(&pl);
	if (list_sane("3: hvctl -j list after the rmmod attempts", &pl)) {
		bad = 0;
		for (i = 0; i < SENTINELS; i++)
			if (!plist_has(&pl, sent_ids[i], &at) ||
			    pl.compat[at] != compats[i % ARRAY_SIZE(compats)] ||
			    pl.state[at] != HVPART_PARTITION_STATE_CREATED)
				bad++;
		e2e_report(pl.n == SENTINELS && !bad,
			   "3: after the rmmod attempts the table is exactly the 64 partitions, intact",
			   "%zu listed, %u of the 64 missing or changed", pl.n, bad);
	}
	plist_free(&pl);
	ref = module_refcnt();
	e2e_report(ref == 1,
		   "3: hvpart's reference count is back to this program's one open fd",
		   "refcnt %ld", ref);
	for (i = 0; i < SENTINELS; i++) {
		if (!sent_ids[i])
			continue;
		o = lifecycle(hv_fd, NULL, false, LC_DEL, sent_ids[i]);
		deleted += o.ret == 0 && o.status == S_OK;
	}
	e2e_report(deleted == SENTINELS && count_partitions() == 0,
		   "3: the 64 partitions delete, none left", "%u deleted", deleted);
}
