// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_e2e: delete, ownership, and concurrent creates and deletes (ids
 * unique and gap-free, each delete happening once).
 */
#include "hvpart_e2e.h"

void test_delete(void)
{
	u64 a, b;

	a = create_good("create partition A for delete");
	b = create_good("create partition B for delete");
	delete_case("delete A -> SUCCESS", CTL_DELETE, a, SUCCESS);
	delete_case("delete A again -> INVALID_PARTITION_ID", CTL_DELETE, a,
		    STATUS(HVPART_STATUS_INVALID_PARTITION_ID));
	delete_case("delete id 0 (HV_PARTITION_ID_INVALID) -> INVALID_PARTITION_ID",
		    CTL_DELETE, HVPART_PARTITION_ID_INVALID,
		    STATUS(HVPART_STATUS_INVALID_PARTITION_ID));
	delete_case("delete HV_PARTITION_ID_SELF -> INVALID_PARTITION_ID",
		    CTL_DELETE, HVPART_PARTITION_ID_SELF,
		    STATUS(HVPART_STATUS_INVALID_PARTITION_ID));
	delete_case("delete never-created id 1000000 -> INVALID_PARTITION_ID",
		    CTL_DELETE, 1000000, STATUS(HVPART_STATUS_INVALID_PARTITION_ID));
	delete_case("delete the next id, not created yet -> INVALID_PARTITION_ID",
		    CTL_DELETE, next_id, STATUS(HVPART_STATUS_INVALID_PARTITION_ID));
	delete_case("delete B -> SUCCESS (A's delete left B alone)", CTL_DELETE, b,
		    SUCCESS);
	delete_case("delete B again -> INVALID_PARTITION_ID", CTL_DELETE, b,
		    STATUS(HVPART_STATUS_INVALID_PARTITION_ID));
	delete_case("delete id 1 (created by an earlier case) -> SUCCESS",
		    CTL_DELETE, 1, SUCCESS);
	check_next_id("deletes (ids are not reused)");
}

/* ---- m. ownership (DESIGN.md: only the owner or an admin may delete) --- */

#define OTHER_UID	1000

void test_ownership(void)
{
	u64 p, q, r;

	p = create_good("create partition P as root for the ownership cases");
	if (seteuid(OTHER_UID)) {
		e2e_report(false, "seteuid(1000)", "errno %s", e2e_errname(errno));
		return;
	}
	delete_case("delete root's partition P as uid 1000 without CAP_SYS_ADMIN -> ACCESS_DENIED, EACCES",
		    CTL_DELETE, p, STATUS_E(HVPART_STATUS_ACCESS_DENIED, EACCES));
	q = create_good("create partition Q as uid 1000 (fd opened by root)");
	delete_case("delete Q as uid 1000, its owner -> SUCCESS", CTL_DELETE, q,
		    SUCCESS);
	r = create_good("create partition R as uid 1000");
	if (seteuid(0)) {
		e2e_report(false, "seteuid(0)", "errno %s", e2e_errname(errno));
		exit(2);
	}
	delete_case("delete uid 1000's partition R as root (CAP_SYS_ADMIN) -> SUCCESS",
		    CTL_DELETE, r, SUCCESS);
	delete_case("delete P as root, after the refused delete -> SUCCESS",
		    CTL_DELETE, p, SUCCESS);
}

/* ---- n. concurrency: ids stay unique and gap-free, deletes happen once -- */

#define CONC_PROCS	4
#define CONC_EACH	200
#define CONC_TOTAL	(CONC_PROCS * CONC_EACH)

struct conc_slot {
	u64 id;
	u64 result;
	int ret;
	int err;
};

/* Run @fn in CONC_PROCS children at once; false if one did not exit 0. */
static bool conc_run(void (*fn)(unsigned int child, struct conc_slot *slots),
		     struct conc_slot *slots)
{
	pid_t pids[CONC_PROCS];
	unsigned int c;
	bool ok = true;
	int st;

	for (c = 0; c < CONC_PROCS; c++) {
		pids[c] = fork();
		if (pids[c] == 0) {
			fn(c, slots);
			_exit(0);
		}
		if (pids[c] < 0) {
			perror("fork");
			ok = false;
		}
	}
	for (c = 0; c < CONC_PROCS; c++)
		if (pids[c] > 0 &&
		    (waitpid(pids[c], &st, 0) != pids[c] || !WIFEXITED(st) ||
		     WEXITSTATUS(st)))
			ok = false;
	return ok;
}

static void conc_create(unsigned int child, struct conc_slot *slots)
{
	native_input p;
	unsigned int i;

	default_input(&p);
	memcpy(in_page, &p, sizeof(p));
	for (i = 0; i < CONC_EACH; i++) {
		struct conc_slot *s = &slots[child * CONC_EACH + i];
		struct outcome o = hvcall(CTL_CREATE, in_page, NATIVE_SIZE,
					  out_page, 8);

		s->ret = o.ret;
		s->err = o.err;
		s->result = o.result;
		memcpy(&s->id, out_page, 8);
		if (o.ret)
			s->id = 0;
	}
}

/* Every child deletes every id, in the same order: they race on each. */
static u64 *conc_ids;

static void conc_delete(unsigned int child, struct conc_slot *slots)
{
	unsigned int i;

	for (i = 0; i < CONC_TOTAL; i++) {
		struct conc_slot *s = &slots[child * CONC_TOTAL + i];
		struct outcome o;

		memcpy(in_page, &conc_ids[i], 8);
		o = hvcall(CTL_DELETE, in_page, 8, NULL, 0);
		s->ret = o.ret;
		s->err = o.err;
		s->result = o.result;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

void test_concurrency(void)
{
	size_t create_sz = CONC_TOTAL * sizeof(struct conc_slot);
	size_t delete_sz = CONC_PROCS * CONC_TOTAL * sizeof(struct conc_slot);
	struct conc_slot *slots, *dslots;
	unsigned int i, c, bad = 0, gaps = 0, ok_del = 0, gone = 0, other = 0;
	char name[160];
	u64 first = next_id;
	bool ran;

	slots = mmap(NULL, create_sz, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	dslots = mmap(NULL, delete_sz, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	conc_ids = calloc(CONC_TOTAL, sizeof(*conc_ids));
	if (slots == MAP_FAILED || dslots == MAP_FAILED || !conc_ids) {
		e2e_report(false, "concurrency: allocate result tables", "errno %s",
			   e2e_errname(errno));
		return;
	}

	ran = conc_run(conc_create, slots);
	for (i = 0; i < CONC_TOTAL; i++) {
		if (slots[i].ret || slots[i].result)
			bad++;
		conc_ids[i] = slots[i].id;
	}
	snprintf(name, sizeof(name),
		 "concurrency: %u creates from %u processes at once all succeed",
		 CONC_TOTAL, CONC_PROCS);
	e2e_report(ran && !bad, name, "%u failed, children %s", bad,
		   ran ? "ok" : "failed");
	qsort(conc_ids, CONC_TOTAL, sizeof(*conc_ids), cmp_u64);
	for (i = 0; i < CONC_TOTAL; i++)
		if (conc_ids[i] != first + i)
			gaps++;
	snprintf(name, sizeof(name),
		 "concurrency: their ids are exactly %" PRIu64 "..%" PRIu64
		 " (unique, no gaps)", first, first + CONC_TOTAL - 1);
	e2e_report(!gaps, name, "%u ids out of place, lowest %" PRIu64 " highest %" PRIu64,
		   gaps, conc_ids[0], conc_ids[CONC_TOTAL - 1]);
	if (conc_ids[CONC_TOTAL - 1])
		next_id = conc_ids[CONC_TOTAL - 1] + 1;
	else
		id_resync = true;

	ran = conc_run(conc_delete, dslots);
	for (i = 0; i < CONC_TOTAL; i++) {
		unsigned int wins = 0;

		for (c = 0; c < CONC_PROCS; c++) {
			struct conc_slot *s = &dslots[c * CONC_TOTAL + i];

			if (s->ret == 0 && s->result == 0) {
				wins++;
				ok_del++;
			} else if (s->ret == -1 && s->err == EINVAL &&
				   s->result == HVPART_STATUS_INVALID_PARTITION_ID) {
				gone++;
			} else {
				other++;
			}
		}
		if (wins != 1)
			bad++;
	}
	snprintf(name, sizeof(name),
		 "concurrency: %u processes racing to delete each of the %u ids: exactly one SUCCESS per id, INVALID_PARTITION_ID for the rest",
		 CONC_PROCS, CONC_TOTAL);
	e2e_report(ran && !bad && !other, name,
		   "%u ids not deleted exactly once; %u SUCCESS, %u INVALID_PARTITION_ID, %u other; children %s",
		   bad, ok_del, gone, other, ran ? "ok" : "failed");

	munmap(slots, create_sz);
	munmap(dslots, delete_sz);
	free(conc_ids);
	check_next_id("the concurrent creates and deletes");
}
