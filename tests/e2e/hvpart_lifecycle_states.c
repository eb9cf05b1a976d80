// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_lifecycle: the raw-call rules of 0x41-0x46, every call in every
 * state, unknown ids, and a non-owner without CAP_SYS_ADMIN.
 */
#include "hvpart_lifecycle.h"

/* ---- raw-call rules of the new call codes ------------------------------------ */

void test_raw_rules(void)
{
	static const u16 fast_ok[] = { HVPART_CALL_INITIALIZE_PARTITION,
				       HVPART_CALL_FINALIZE_PARTITION,
				       HVPART_CALL_DELETE_PARTITION };
	static const char *const fast_names[] = { "initialize", "finalize", "delete" };
	struct hvpart_input_get_partition_property gin;
	struct hvpart_input_set_partition_property sin;
	u64 id, v, sentinel = SENTINEL;
	struct res r;
	char name[200];
	unsigned int i;

	id = create_full(0, COMPAT, 0, 0, 0, NULL);
	if (!id) {
		e2e_report(false, "create a partition for the raw-call rules", "failed");
		return;
	}

	/* GetPartitionId: no input, 8 bytes out, the host's own id. */
	memset(out_page, 0xa5, 16);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page, 16);
	memcpy(&v, out_page, 8);
	e2e_report(r.ret == 0 && r.status == 0 && v == HVPART_PARTITION_ID_HOST &&
		   out_page[8] == 0xa5 && out_page[15] == 0xa5,
		   "hvcall 0x46 GetPartitionId, no input -> SUCCESS, HVPART_PARTITION_ID_HOST, only 8 bytes written",
		   "ret %d errno %s result 0x%" PRIx64 " id 0x%" PRIx64 " byte 8 0x%x",
		   r.ret, e2e_errname(r.err), r.status, v, out_page[8]);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, in_page + 4, 4096, out_page, 8);
	expect("hvcall 0x46 with a misaligned input page it does not read -> SUCCESS",
	       &r, RAW, S_OK, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page, 7);
	expect("hvcall 0x46 with output_size 7 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page + 4, 8);
	expect("hvcall 0x46 with output at page+4 -> INVALID_ALIGNMENT", &r, RAW,
	       S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page + HVPAGE - 4, 8);
	expect("hvcall 0x46 with output crossing 4 KiB -> INVALID_ALIGNMENT", &r,
	       RAW, S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, none_page, 8);
	expect_errno("hvcall 0x46 with output in a PROT_NONE page -> EFAULT", &r,
		     RAW, EFAULT);

	/* Fast bit: only Initialize, Finalize and Delete are fast-capable. */
	r = hvcall(HVPART_CALL_GET_PARTITION_ID | HVPART_HYPERCALL_FAST_BIT, NULL, 0,
		   out_page, 8);
	expect("hvcall 0x46 with the fast bit -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	gin = (struct hvpart_input_get_partition_property){ id, P_COMPAT, 0 };
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY | HVPART_HYPERCALL_FAST_BIT,
		   in_page, 16, out_page, 8);
	expect("hvcall 0x44 with the fast bit -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	sin = (struct hvpart_input_set_partition_property){ id, P_FEAT0, 0, host_banks[0] };
	memcpy(in_page, &sin, sizeof(sin));
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY | HVPART_HYPERCALL_FAST_BIT,
		   in_page, 24, NULL, 0);
	expect("hvcall 0x45 with the fast bit -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);

	/* Control-word rules hold for the new codes too. */
	memcpy(in_page, &id, 8);
	r = hvcall(HVPART_CALL_INITIALIZE_PARTITION | BIT64(31), in_page, 8, NULL, 0);
	expect("hvcall 0x41 with the nested control bit (31) -> INVALID_HYPERCALL_INPUT",
	       &r, RAW, S_INPUT, false);
	r = hvcall(HVPART_CALL_FINALIZE_PARTITION | (1ULL << HVPART_HYPERCALL_REP_COMP_SHIFT),
		   in_page, 8, NULL, 0);
	expect("hvcall 0x42 with rep count 1 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY | (1ULL << HVPART_HYPERCALL_VARHEAD_SHIFT),
		   in_page, 16, out_page, 8);
	expect("hvcall 0x44 with variable header size 1 -> INVALID_HYPERCALL_INPUT",
	       &r, RAW, S_INPUT, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID | (1ULL << HVPART_HYPERCALL_REP_START_SHIFT),
		   NULL, 0, out_page, 8);
	expect("hvcall 0x46 with rep start 1 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);

	/* Sizes. */
	memcpy(in_page, &id, 8);
	r = hvcall(HVPART_CALL_INITIALIZE_PARTITION, in_page, 7, NULL, 0);
	expect("hvcall 0x41 with input_size 7 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_FINALIZE_PARTITION, in_page, 0, NULL, 0);
	expect("hvcall 0x42 with input_size 0 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 15, out_page, 8);
	expect("hvcall 0x44 with input_size 15 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, out_page, 7);
	expect("hvcall 0x44 with output_size 7 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, NULL, 0);
	expect("hvcall 0x44 without an output page -> INVALID_HYPERCALL_INPUT", &r,
	       RAW, S_INPUT, false);
	memcpy(in_page, &sin, sizeof(sin));
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, in_page, 23, NULL, 0);
	expect("hvcall 0x45 with input_size 23 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, in_page, 4096, none_page, 0);
	expect("hvcall 0x45 with input_size 4096 and an output it does not use -> SUCCESS",
	       &r, RAW, S_OK, false);

	/* Placement. */
	memcpy(in_page + 8, &id, 8);
	r = hvcall(HVPART_CALL_DELETE_PARTITION, in_page + 4, 8, NULL, 0);
	expect("hvcall 0x43 with input at page+4 -> INVALID_ALIGNMENT", &r, RAW,
	       S_ALIGN, false);
	memcpy(in_page + HVPAGE - 16, &gin, 16);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page + HVPAGE - 8, 16,
		   out_page, 8);
	expect("hvcall 0x44 with its 16-byte input at page_end-8 -> INVALID_ALIGNMENT",
	       &r, RAW, S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page + HVPAGE - 16, 16,
		   out_page, 8);
	expect("hvcall 0x44 with its input at page_end-16 (ends at the boundary) -> SUCCESS",
	       &r, RAW, S_OK, false);
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, in_page + 8, 8);
	expect("hvcall 0x44 with output overlapping the input -> INVALID_ALIGNMENT",
	       &r, RAW, S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, out_page + 4, 8);
	expect("hvcall 0x44 with output at page+4 -> INVALID_ALIGNMENT", &r, RAW,
	       S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, in_page + 16, 8);
	expect("hvcall 0x44 with output right after the input (adjacent) -> SUCCESS",
	       &r, RAW, S_OK, false);
	memcpy(in_page + HVPAGE - 16, &sin, 16);
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, in_page + HVPAGE - 16, 24,
		   NULL, 0);
	expect("hvcall 0x45 with its 24-byte input at page_end-16 -> INVALID_ALIGNMENT",
	       &r, RAW, S_ALIGN, false);

	/* Faults: nothing dispatched. */
	r = hvcall(HVPART_CALL_DELETE_PARTITION, none_page, 8, NULL, 0);
	expect_errno("hvcall 0x43 with input in a PROT_NONE page -> EFAULT", &r,
		     RAW, EFAULT);
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, none_page, 8);
	expect_errno("hvcall 0x44 with output in a PROT_NONE page -> EFAULT", &r,
		     RAW, EFAULT);
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, none_page, 24, NULL, 0);
	expect_errno("hvcall 0x45 with input in a PROT_NONE page -> EFAULT", &r,
		     RAW, EFAULT);

	/* Get-property writes exactly its 8 bytes. */
	memcpy(in_page, &gin, sizeof(gin));
	memcpy(out_page, &sentinel, 8);
	memcpy(out_page + 8, &sentinel, 8);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 4096, out_page, 4096);
	memcpy(&v, out_page, 8);
	e2e_report(r.ret == 0 && r.status == 0 && v == COMPAT &&
		   !memcmp(out_page + 8, &sentinel, 8),
		   "hvcall 0x44 with 4096-byte pages -> SUCCESS, value in the first 8 bytes only",
		   "ret %d result 0x%" PRIx64 " value 0x%" PRIx64, r.ret,
		   r.status, v);

	/* Padding. */
	r = raw_get(id, P_COMPAT, 1);
	expect("hvcall 0x44 with padding 1 -> INVALID_PARAMETER", &r, RAW, S_PARAM,
	       false);
	r = raw_get(id, P_COMPAT, 0x80000000);
	expect("hvcall 0x44 with padding 0x80000000 -> INVALID_PARAMETER", &r, RAW,
	       S_PARAM, false);
	r = raw_set(id, P_FEAT0, host_banks[0], 1);
	expect("hvcall 0x45 with padding 1 -> INVALID_PARAMETER", &r, RAW, S_PARAM,
	       false);

	/* The fast bit on the fast-capable calls, input from the page. */
	for (i = 0; i < ARRAY_SIZE(fast_ok); i++) {
		memcpy(in_page, &id, 8);
		r = hvcall(fast_ok[i] | HVPART_HYPERCALL_FAST_BIT, in_page, 8, NULL, 0);
		snprintf(name, sizeof(name),
			 "hvcall 0x%x (%s) with the fast bit on a %s partition -> SUCCESS",
			 fast_ok[i], fast_names[i],
			 i == 0 ? "Created" : i == 1 ? "Initialized" : "Finalized");
		expect(name, &r, RAW, S_OK, false);
	}
}

/* ---- every call in every state ------------------------------------------------ */

static const u16 table[NCALLS][NSTATES] = {
	/*		Created	Initialized	Finalized	Deleted */
	[C_INIT]  = { S_OK,	S_STATE,	S_STATE,	S_ID },
	[C_FIN]   = { S_STATE,	S_OK,		S_STATE,	S_ID },
	[C_DEL]   = { S_OK,	S_STATE,	S_OK,		S_ID },
	[C_GETP]  = { S_OK,	S_OK,		S_OK,		S_ID },
	[C_SETP]  = { S_OK,	S_STATE,	S_STATE,	S_ID },
	[C_VMFD]  = { S_STATE,	S_OK,		S_STATE,	S_ID },
	[C_CPUID] = { S_OK,	S_OK,		S_OK,		S_ID },
};

static enum state after(enum call c, enum state s, bool success)
{
	if (!success)
		return s;
	switch (c) {
	case C_INIT: return ST_INIT;
	case C_FIN: return ST_FIN;
	case C_DEL: return ST_DELETED;
	default: return s;
	}
}

void test_state_table(void)
{
	char name[200], why[120];
	enum call c;
	enum path p;
	enum state s;

	for (c = 0; c < NCALLS; c++) {
		for (p = TYPED; p <= RAW; p++) {
			if (p == RAW && !call_has_raw(c))
				continue;
			for (s = 0; s < NSTATES; s++) {
				u16 want = table[c][s];
				enum state next;
				struct res r;
				int now;
				u64 id;

				snprintf(why, sizeof(why), "state table: make a %s partition",
					 state_names[s]);
				id = make_partition(s, 0, why);
				if (!id)
					continue;
				r = do_call(c, p, id);
				snprintf(name, sizeof(name), "%s %s on a %s partition -> %s",
					 path_names[p], call_names[c], state_names[s],
					 hvc_status_name(want));
				if (expect(name, &r, p, want, c == C_INIT || c == C_VMFD) &&
				    want == S_OK && c == C_GETP && r.value != COMPAT)
					e2e_report(false, "get-property value", "0x%" PRIx64,
						   r.value);
				close_fd(&r);

				next = after(c, s, want == S_OK);
				now = probe_state(id);
				snprintf(name, sizeof(name),
					 "%s %s on a %s partition: it is %s afterwards",
					 path_names[p], call_names[c], state_names[s],
					 state_names[next]);
				e2e_report(now == (int)next, name, "probe says %s",
					   now >= 0 ? state_names[now] : "unknown");
				retire(id);
			}
		}
	}
}

/* ---- unknown ids ------------------------------------------------------------------ */

void test_unknown_ids(void)
{
	u64 gone = make_partition(ST_DELETED, 0, "make a deleted partition for the id cases");
	const struct {
		const char *what;
		u64 id;
	} ids[] = {
		{ "id 0 (HV_PARTITION_ID_INVALID)", HVPART_PARTITION_ID_INVALID },
		{ "HV_PARTITION_ID_SELF", HVPART_PARTITION_ID_SELF },
		{ "the host's id (GetPartitionId's)", HVPART_PARTITION_ID_HOST },
		{ "never-created id 1000000", NEVER_ID },
		{ "a deleted id", gone },
		{ "id 2^32 + 1", (1ULL << 32) + 1 },
	};
	char name[200];
	unsigned int i;
	enum call c;
	enum path p;
	struct res r;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		bool is_host = ids[i].id == HVPART_PARTITION_ID_SELF ||
			       ids[i].id == HVPART_PARTITION_ID_HOST;

		if (!ids[i].id && i == 4)
			continue;
		for (c = 0; c < NCALLS; c++) {
			/*
			 * The host partition answers property reads with its
			 * own values and refuses sets; nothing else takes it.
			 */
			u16 want = !is_host ? S_ID : c == C_GETP ? S_OK :
				   c == C_SETP ? S_DENIED : S_ID;

			for (p = TYPED; p <= RAW; p++) {
				if (p == RAW && !call_has_raw(c))
					continue;
				r = do_call(c, p, ids[i].id);
				snprintf(name, sizeof(name), "%s %s with %s -> %s",
					 path_names[p], call_names[c], ids[i].what,
					 hvc_status_name(want) + strlen("HV_STATUS_"));
				expect(name, &r, p, want, false);
				if (want == S_OK && c == C_GETP && r.value != HVPART_COMPATIBILITY_21H2)
					e2e_report(false, name, "compatibility version 0x%" PRIx64
						   ", want the newest release, 0x%x", r.value,
						   HVPART_COMPATIBILITY_21H2);
				close_fd(&r);
			}
		}
	}
	/* The id is checked before the property code. */
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, NEVER_ID, 0x12345678, 0);
	expect("typed get-property, unknown id and unknown code -> INVALID_PARTITION_ID",
	       &r, TYPED, S_ID, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, NEVER_ID, P_VENDOR, 0);
	expect("typed set-property, unknown id and read-only code -> INVALID_PARTITION_ID",
	       &r, TYPED, S_ID, false);
}

/* ---- a non-owner without CAP_SYS_ADMIN ------------------------------------------- */

static bool no_caps(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	bool none = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7))
			none = strtoull(line + 7, NULL, 16) == 0;
	fclose(f);
	return none;
}

static void unprivileged_child(const u64 ids[NSTATES - 1], u64 *own)
{
	char name[200];
	enum call c;
	enum path p;
	enum state s;
	struct res r;
	int fd;

	if (setgroups(0, NULL) || setresgid(OTHER_UID, OTHER_UID, OTHER_UID) ||
	    setresuid(OTHER_UID, OTHER_UID, OTHER_UID)) {
		e2e_report(false, "drop to uid/gid 1000", "errno %s",
			   e2e_errname(errno));
		_exit(1);
	}
	e2e_report(geteuid() == OTHER_UID && getuid() == OTHER_UID && no_caps(),
		   "child runs as uid 1000 with no effective capabilities",
		   "uid %d euid %d", (int)getuid(), (int)geteuid());

	close(hv_fd);
	fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	e2e_report(fd >= 0, "uid 1000 opens /dev/hvpart (chmod 0666 for the test)",
		   "errno %s", e2e_errname(errno));
	if (fd < 0)
		_exit(1);
	hv_fd = fd;

	for (s = 0; s < ST_DELETED; s++) {
		for (c = 0; c < NCALLS; c++) {
			for (p = TYPED; p <= RAW; p++) {
				if (p == RAW && !call_has_raw(c))
					continue;
				r = do_call(c, p, ids[s]);
				snprintf(name, sizeof(name),
					 "uid 1000: %s %s on root's %s partition -> ACCESS_DENIED",
					 path_names[p], call_names[c], state_names[s]);
				expect(name, &r, p, S_DENIED, false);
				close_fd(&r);
			}
		}
	}
	/* Owner before property code; id before owner. */
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, ids[ST_CREATED], 0x12345678, 0);
	expect("uid 1000: get-property with an unknown code on root's partition -> ACCESS_DENIED",
	       &r, TYPED, S_DENIED, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, ids[ST_CREATED], P_VENDOR, 0);
	expect("uid 1000: set-property of a read-only code on root's partition -> ACCESS_DENIED",
	       &r, TYPED, S_DENIED, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, NEVER_ID);
	expect("uid 1000: finalize of an unknown id -> INVALID_PARTITION_ID", &r,
	       TYPED, S_ID, false);

	/* Its own partition: the owner may. */
	*own = create_full(0, COMPAT, 0, 0, 0, NULL);
	e2e_report(*own != 0, "uid 1000 creates a partition of its own", "failed");
	if (*own) {
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, *own, P_COMPAT, 0);
		expect("uid 1000: get-property on its own partition -> SUCCESS", &r,
		       TYPED, S_OK, false);
		/*
		 * /dev/kvm is root's (mode 0600), but the fd root's process
		 * opened for e2e_kvm_vm() came along with fork(): a VM of the
		 * child's own, as a VMM started with that fd would make.
		 */
		r = typed_init_vm(*own);
		expect("uid 1000: typed initialize of its own partition with a VM of its own -> SUCCESS",
		       &r, TYPED, S_OK, false);
		close_fd(&r);
	}
	_exit(0);
}

void test_non_owner(void)
{
	u64 ids[ST_DELETED], *own;
	enum state s;
	pid_t pid;
	struct res r;

	for (s = 0; s < ST_DELETED; s++)
		ids[s] = make_partition(s, 0, "make a root partition for the non-owner cases");
	own = mmap(NULL, 8, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		   -1, 0);
	if (own == MAP_FAILED)
		exit(2);
	*own = 0;
	if (chmod("/dev/hvpart", 0666))
		e2e_report(false, "chmod 0666 /dev/hvpart", "errno %s",
			   e2e_errname(errno));
	pid = e2e_fork();
	if (pid == 0)
		unprivileged_child(ids, own);
	e2e_report(e2e_wait_ok(pid), "the uid 1000 child ran to its end", "it did not");
	chmod("/dev/hvpart", 0600);

	/* Nothing the child tried changed anything. */
	for (s = 0; s < ST_DELETED; s++) {
		char name[160];
		int now = probe_state(ids[s]);

		snprintf(name, sizeof(name),
			 "root's %s partition is still %s after the refused calls",
			 state_names[s], state_names[s]);
		e2e_report(now == (int)s, name, "probe says %s",
			   now >= 0 ? state_names[now] : "unknown");
		retire(ids[s]);
	}
	if (*own) {
		/* The child's /dev/hvpart file is closed: no VM, still Initialized. */
		r = typed_op(HVPART_FINALIZE_PARTITION, *own);
		expect("root (CAP_SYS_ADMIN) finalizes uid 1000's partition, Initialized after its process exited -> SUCCESS",
		       &r, TYPED, S_OK, false);
		r = typed_op(HVPART_DELETE_PARTITION, *own);
		expect("root (CAP_SYS_ADMIN) deletes uid 1000's partition -> SUCCESS",
		       &r, TYPED, S_OK, false);
	}
	munmap(own, 8);
}
