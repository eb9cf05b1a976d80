// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_fuzz_ioctl: the model of the partitions and of what each call
 * must answer, the judging and its counts, the caller's uid, and the
 * probes and audits of unknown and live ids.
 */
#include "hvpart_fuzz_ioctl.h"

struct part *parts;	/* by id, [0, parts_cap) */
static u64 parts_cap;
u64 next_id = 1;
u64 *live;		/* ids of live partitions, unordered */
unsigned int nlive, live_cap;
static u64 recent_gone[8];
static unsigned int nrecent_gone;
u64 focus_id;		/* a partition the next calls favour */
unsigned int focus_left;

unsigned int max_parts;	/* the module parameter, 0: no limit */
unsigned int max_parts_orig;
bool max_parts_known;

struct user_limit max_user = { .param = MAX_USER_PARAM, .dflt = MAX_USER_DEFAULT };
struct user_limit max_init = { .param = MAX_INIT_PARAM, .dflt = MAX_INIT_DEFAULT };
bool node_mem[HVPART_PROXIMITY_DOMAIN_MAX + 1];
bool nested;
u64 vendor;
uid_t caller_uid;	/* the effective uid calls are made with */

struct part *part_of(u64 id)
{
	if (!id || id >= next_id || id >= parts_cap || parts[id].state == P_GONE)
		return NULL;
	return &parts[id];
}

void model_add(u64 id, u32 owner, u32 compat)
{
	if (id >= parts_cap) {
		u64 cap = parts_cap ? parts_cap : 1024;

		while (cap <= id)
			cap *= 2;
		parts = realloc(parts, cap * sizeof(*parts));
		if (!parts) {
			perror("realloc");
			exit(2);
		}
		memset(parts + parts_cap, 0, (cap - parts_cap) * sizeof(*parts));
		parts_cap = cap;
	}
	if (nlive == live_cap) {
		live_cap = live_cap ? 2 * live_cap : 64;
		live = realloc(live, live_cap * sizeof(*live));
		if (!live) {
			perror("realloc");
			exit(2);
		}
	}
	parts[id].state = P_CREATED;
	parts[id].owner = owner;
	parts[id].compat = compat;
	live[nlive++] = id;
	if (id >= next_id)
		next_id = id + 1;
}

void model_remove(u64 id)
{
	unsigned int i;

	if (!part_of(id))
		return;
	parts[id].state = P_GONE;
	free(parts[id].pool);
	parts[id].pool = NULL;
	parts[id].npool = 0;
	parts[id].pool_cap = 0;
	for (i = 0; i < nlive; i++) {
		if (live[i] == id) {
			live[i] = live[--nlive];
			break;
		}
	}
	recent_gone[nrecent_gone++ % ARRAY_SIZE(recent_gone)] = id;
}

/* A recently deleted id, 0 if none. */
static u64 gone_id(void)
{
	unsigned int n = nrecent_gone < ARRAY_SIZE(recent_gone) ?
			 nrecent_gone : ARRAY_SIZE(recent_gone);

	return n ? recent_gone[below(n)] : 0;
}

/* A partition id for a call: mostly a live one. */
u64 pick_id(void)
{
	static const unsigned int w[] = { 640, 80, 40, 40, 50, 30, 50, 40, 30 };

	if (focus_left) {
		focus_left--;
		if (part_of(focus_id) && chance(800))
			return focus_id;
	}
	switch (pick(w, ARRAY_SIZE(w))) {
	case 0:
		if (nlive)
			return live[below(nlive)];
		return next_id;
	case 1:
		return gone_id();
	case 2:
		return HVPART_PARTITION_ID_INVALID;
	case 3:
		return chance(500) ? HVPART_PARTITION_ID_SELF : HVPART_PARTITION_ID_HOST;
	case 4:
		return next_id + below(3);
	case 5:
		return rnd();
	case 6:
		return 1 + below(next_id + 4);
	case 7:
		return (nlive ? live[below(nlive)] : 1) | (1ULL << (32 + below(32)));
	default:
		return 0 - 1 - below(4);
	}
}

static bool may_act(const struct part *p)
{
	return caller_uid == 0 || p->owner == caller_uid;
}

/*
 * The caller's partitions, in @states: what the per-user limits count.
 * Root has CAP_SYS_ADMIN and no limit.
 */
static bool over_user_limit(const struct user_limit *l, unsigned int states)
{
	unsigned int i, n = 0;

	if (caller_uid == 0 || !l->value)
		return false;
	for (i = 0; i < nlive; i++)
		n += parts[live[i]].owner == caller_uid &&
		     (states & IN(parts[live[i]].state));
	return n >= l->value;
}

/* Section 4.3, steps 1 to 4. */
u16 lock_check(u64 id, unsigned int states, struct part **pp)
{
	struct part *p = part_of(id);

	if (!p)
		return S_ID;
	if (!may_act(p))
		return S_DENIED;
	if (!(states & IN(p->state)))
		return S_STATE;
	*pp = p;
	return S_OK;
}

static bool node_online(u32 node)
{
	return node <= HVPART_PROXIMITY_DOMAIN_MAX && node_mem[node];
}
struct pred pred_errno(int err)
{
	return (struct pred){ .transport = true, .err = err };
}

struct pred pred_status(u16 status)
{
	return (struct pred){ .status = status };
}

/* HvCallCreatePartition from a decoded input (section 3.3). */
u16 model_create(enum hvc_layout layout, const void *in, u64 *id)
{
	struct hvc_create_args a;
	struct hvc_verdict v;
	u16 st;

	hvc_create_decode(layout, in, hvc_create_input_size(layout), &a);
	st = hvc_create_validate(&a, node_online, &v);
	if (st != S_OK)
		return st;
	if ((a.flags & F_NESTED) && !nested)
		return S_NOFEAT;
	if (max_parts && nlive >= max_parts)
		return S_NORES;
	if (over_user_limit(&max_user, IN_ANY))
		return S_NORES;
	*id = next_id;
	return S_OK;
}

/* Calls 0x41-0x46 from their input layout (sections 4 to 6). */
u16 model_call(u16 code, const u8 *in, u64 *out)
{
	struct hvpart_input_set_partition_property sp;
	struct part *p;
	u64 id;
	u16 st;

	memcpy(&id, in, sizeof(id));
	switch (code) {
	case HVPART_CALL_INITIALIZE_PARTITION:
		/* No KVM, so no VM: it initializes without one. */
		st = lock_check(id, IN(P_CREATED), &p);
		if (!st && over_user_limit(&max_init, IN(P_INITIALIZED)))
			st = S_NORES;
		return st;
	case HVPART_CALL_FINALIZE_PARTITION:
		return lock_check(id, IN(P_INITIALIZED), &p);
	case HVPART_CALL_DELETE_PARTITION:
		st = lock_check(id, IN(P_CREATED) | IN(P_FINALIZED), &p);
		/* Its pool must be withdrawn first (section 4.7). */
		if (!st && p->npool)
			st = S_OPDENIED;
		return st;
	case HVPART_CALL_GET_PARTITION_PROPERTY:
	case HVPART_CALL_SET_PARTITION_PROPERTY:
		memcpy(&sp, in, code == HVPART_CALL_GET_PARTITION_PROPERTY ? 16 : 24);
		if (sp.padding)
			return S_PARAM;
		/* The host partition: its own values to read, none to set. */
		if (hvc_partition_id_is_host(id)) {
			if (code == HVPART_CALL_SET_PARTITION_PROPERTY)
				return S_DENIED;
			if (!hvc_property_known(sp.property_code))
				return S_UNKPROP;
			if (sp.property_code == P_VENDOR)
				*out = vendor;
			else if (sp.property_code == P_COMPAT)
				*out = HVPART_COMPATIBILITY_21H2;
			else
				return S_NORES;	/* KVM's answers need KVM */
			return S_OK;
		}
		st = lock_check(id, IN_ANY, &p);
		if (st)
			return st;
		if (!hvc_property_known(sp.property_code))
			return S_UNKPROP;
		if (code == HVPART_CALL_GET_PARTITION_PROPERTY) {
			if (sp.property_code == P_VENDOR)
				*out = vendor;
			else if (sp.property_code == P_COMPAT)
				*out = p->compat;
			else if (sp.property_code == P_SYNTH)
				*out = p->synthetic;
			else
				return S_NORES;	/* KVM's answers need KVM */
			return S_OK;
		}
		if (!hvc_property_writable(sp.property_code))
			return S_PARAM;
		if (p->state != P_CREATED)
			return S_STATE;
		/* A reserved synthetic bit is refused before KVM is asked. */
		if (sp.property_code == P_SYNTH &&
		    (sp.property_value & HVPART_SYNTHETIC_RSVD_MASK))
			return S_PARAM;
		return S_NORES;			/* what KVM offers needs KVM */
	case HVPART_CALL_GET_PARTITION_ID:
		*out = HVPART_PARTITION_ID_HOST;
		return S_OK;
	}
	return S_CODE;
}

const char *const cat_names[NCAT] = {
	"HVPART_HVCALL (control word, sizes, placement, faults, the calls)",
	"typed create, AMD64 and ARM64 layouts",
	"typed initialize, finalize, delete",
	"typed get and set property",
	"HVPART_GET_VM_FD",
	"HVPART_GET_CPUID",
	"unknown ioctl numbers and wrong sizes -> ENOTTY",
	"argument structs that cannot be copied -> EFAULT, nothing done",
	"the next id is still unknown after each refused create",
	"periodic audits: tracked partitions live with their data, next ids unknown",
};

unsigned int cat_calls[NCAT], cat_bad[NCAT];
unsigned int mismatches;
unsigned int doc_calls, doc_bad;
unsigned int creates_ok, creates_bad_id;
/* Rep calls that moved pages, to show the generator reaches them. */
unsigned int pool_deposits, pool_withdraws;
unsigned int iter;
bool verbose;
int fd = -1;

static char desc[256];
static char why[1024];
static size_t why_len;

/* Counts of outcomes: statuses by value, transport errnos. */
unsigned int status_count[0x80];
unsigned int err_count[5];	/* EFAULT, EINVAL, ENOTTY, EBADF, other */

__printf(1, 2)
void describe(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (verbose)
		printf("# %u euid %u: %s\n", iter, (unsigned int)caller_uid, desc);
}

__printf(1, 2)
void complain(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (why_len + 8 >= sizeof(why))
		return;
	if (why_len)
		why_len += snprintf(why + why_len, sizeof(why) - why_len, "; ");
	va_start(ap, fmt);
	n = vsnprintf(why + why_len, sizeof(why) - why_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		why_len += (size_t)n;
	if (why_len >= sizeof(why))
		why_len = sizeof(why) - 1;
}

/* One call of category @c is over: count it, report what went wrong. */
void finish(enum cat c)
{
	cat_calls[c]++;
	if (!why_len)
		return;
	cat_bad[c]++;
	if (++mismatches <= MAX_SHOWN)
		e2e_note("mismatch %u: iteration %u, euid %u: %s: %s", mismatches,
			 iter, (unsigned int)caller_uid, desc, why);
	else if (mismatches == MAX_SHOWN + 1)
		e2e_note("more mismatches: counted, not shown");
	why_len = 0;
	why[0] = '\0';
}

/* The statuses hvpart may return (section 8: not TOO_DEEP, VP_INDEX, ...). */
static bool status_documented(u64 s)
{
	switch (s) {
	case HVPART_STATUS_SUCCESS:
	case HVPART_STATUS_INVALID_HYPERCALL_CODE:
	case HVPART_STATUS_INVALID_HYPERCALL_INPUT:
	case HVPART_STATUS_INVALID_ALIGNMENT:
	case HVPART_STATUS_INVALID_PARAMETER:
	case HVPART_STATUS_ACCESS_DENIED:
	case HVPART_STATUS_INVALID_PARTITION_STATE:
	case HVPART_STATUS_OPERATION_DENIED:
	case HVPART_STATUS_UNKNOWN_PROPERTY:
	case HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE:
	case HVPART_STATUS_INSUFFICIENT_MEMORY:
	case HVPART_STATUS_INVALID_PARTITION_ID:
	case HVPART_STATUS_NO_RESOURCES:
	case HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED:
	case HVPART_STATUS_OPERATION_FAILED:
		return true;
	}
	return false;
}

static const char *got_str(int ret, int err, bool written, u64 status)
{
	static char buf[160];

	if (written)
		snprintf(buf, sizeof(buf), "ret %d errno %s, status 0x%" PRIx64 " %s",
			 ret, ret ? e2e_errname(err) : "-", status,
			 status <= 0xffff ? hvc_status_name((u16)status) : "(not a status)");
	else
		snprintf(buf, sizeof(buf), "ret %d errno %s, no status", ret,
			 ret ? e2e_errname(err) : "-");
	return buf;
}

static const char *want_str(const struct pred *p)
{
	static char buf[120];

	if (p->transport)
		snprintf(buf, sizeof(buf), "want errno %s with no status",
			 e2e_errname(p->err));
	else
		snprintf(buf, sizeof(buf), "want %s", e2e_status_str(p->status));
	return buf;
}

/*
 * Model-free: the answer is one the contract allows.  @written: a status
 * was written back (result or status field changed from its preset).
 */
static void doc_check(int ret, int err, bool written, u64 status)
{
	bool ok;

	doc_calls++;
	if (written) {
		/* HV_STATUS in 15:0, a rep call's reps in 43:32, nothing else. */
		u64 st = status & HVPART_HYPERCALL_RESULT_MASK;

		ok = !(status & ~(HVPART_HYPERCALL_RESULT_MASK |
				  HVPART_HYPERCALL_REP_DONE_MASK)) &&
		     status_documented(st) &&
		     (st == S_OK ? ret == 0 :
		      ret == -1 && err == e2e_status_errno((u16)st));
		if (st < ARRAY_SIZE(status_count))
			status_count[st]++;
	} else {
		ok = ret == -1 && (err == EFAULT || err == EINVAL ||
				   err == ENOTTY || err == E2BIG || err == EBADF);
		err_count[err == EFAULT ? 0 : err == EINVAL ? 1 : err == ENOTTY ? 2 :
			  err == EBADF ? 3 : 4]++;
	}
	if (!ok) {
		doc_bad++;
		complain("not as documented: %s", got_str(ret, err, written, status));
	}
}

/* Model-based: the answer is the predicted one. */
bool judge(const struct pred *p, int ret, int err, bool written, u64 status)
{
	bool ok;

	doc_check(ret, err, written, status);
	if (p->transport)
		ok = ret == -1 && err == p->err && !written;
	else
		ok = written &&
		     status == ((u64)p->reps << HVPART_HYPERCALL_REP_DONE_SHIFT |
				p->status) &&
		     (p->status == S_OK ? ret == 0 :
		      ret == -1 && err == e2e_status_errno(p->status));
	if (!ok)
		complain("%s; got %s", want_str(p), got_str(ret, err, written, status));
	return ok;
}

/* Pages in the pools of @owner's partitions: what max_pool_pages_per_user bounds. */
static u64 owner_pool(u32 owner)
{
	unsigned int i;
	u64 n = 0;

	for (i = 0; i < nlive; i++)
		if (parts[live[i]].owner == owner)
			n += parts[live[i]].npool;
	return n;
}

/*
 * HvCallDepositMemory and HvCallWithdrawMemory (section 4.9) from their
 * input, elements from index 0; @reps: the reps completed; @out: a
 * withdraw's page numbers, from element rep start on.
 */
u16 model_rep(const struct hvc_control *c, const u8 *in, u64 *out, u16 *reps)
{
	struct hvpart_input_withdraw_memory wd;
	u32 first = c->rep_start, n = c->rep_count - c->rep_start, i;
	struct part *p;
	u64 id, page;
	u16 st;

	*reps = 0;
	memcpy(&id, in, sizeof(id));
	if (hvc_partition_id_is_host(id))
		return S_DENIED;
	if (c->code == HVPART_CALL_DEPOSIT_MEMORY) {
		for (i = first; i < c->rep_count; i++) {
			memcpy(&page, in + 8 + 8 * i, sizeof(page));
			if (page >= POOL_PAGE_LIMIT)
				return S_PARAM;
		}
		st = lock_check(id, IN(P_CREATED) | IN(P_INITIALIZED), &p);
		if (st)
			return st;
		if (caller_uid != 0 && (u64)owner_pool(p->owner) + n > POOL_MAX)
			return S_NOMEM;
		*reps = c->rep_count;
		return S_OK;
	}
	memcpy(&wd, in, sizeof(wd));
	if (wd.proximity_domain_info.flags & HVPART_PROXIMITY_FLAGS_RSVD_MASK)
		return S_PARAM;
	st = lock_check(id, IN_ANY, &p);
	if (st)
		return st;
	if (n > p->npool)
		n = p->npool;
	memcpy(out + first, p->pool + p->npool - n, n * sizeof(*out));
	*reps = first + n;
	return *reps < c->rep_count ? S_NORES : S_OK;
}

/* The model follows a rep call that ran: @result is its result value. */
void model_rep_done(const struct hvc_control *c, const u8 *in, u64 result)
{
	u16 reps = (result & HVPART_HYPERCALL_REP_DONE_MASK) >>
		   HVPART_HYPERCALL_REP_DONE_SHIFT;
	struct part *p;
	u64 id;
	u32 n;

	memcpy(&id, in, sizeof(id));
	p = part_of(id);
	if (!p || reps <= c->rep_start)
		return;
	n = reps - c->rep_start;
	if (c->code == HVPART_CALL_WITHDRAW_MEMORY) {
		p->npool -= n < p->npool ? n : p->npool;
		pool_withdraws++;
		return;
	}
	pool_deposits++;
	/* Give it back soon: the next calls favour it (gen_control()). */
	focus_id = id;
	focus_left = 20;
	if (p->npool + n > p->pool_cap) {
		p->pool_cap = (p->npool + n) * 2;
		p->pool = realloc(p->pool, p->pool_cap * sizeof(*p->pool));
		if (!p->pool) {
			perror("realloc");
			exit(2);
		}
	}
	memcpy(p->pool + p->npool, in + 8 + 8 * c->rep_start, n * 8);
	p->npool += n;
}

/* ---- the caller ----------------------------------------------------------- */

void set_caller(uid_t uid)
{
	if (uid == caller_uid)
		return;
	if (seteuid(uid)) {
		perror("seteuid");
		exit(2);
	}
	caller_uid = uid;
}

/* ---- probes and audits ---------------------------------------------------- */

/* A typed get of COMPATIBILITY_VERSION; returns the status, -errno if none. */
long get_compat(u64 id, u64 *value)
{
	struct hvpart_partition_property pp = {
		.partition_id = id, .property_code = P_COMPAT,
		.status = 0xdead0000U, .property_value = 0x5a5a5a5a5a5a5a5aULL,
	};
	int ret, err;

	errno = 0;
	ret = ioctl(fd, HVPART_GET_PARTITION_PROPERTY, &pp);
	err = ret ? errno : 0;
	*value = pp.property_value;
	if (pp.status == 0xdead0000U)
		return -(long)err;
	if ((pp.status == S_OK) != (ret == 0) ||
	    (ret && err != e2e_status_errno((u16)pp.status)))
		return -1000;
	return pp.status;
}

/* The id @id answers INVALID_PARTITION_ID (nothing was created there). */
void probe_unknown(enum cat c, u64 id, const char *after)
{
	uid_t saved = caller_uid;
	long st;
	u64 v;

	set_caller(0);
	describe("probe: get-property of id %" PRIu64 " after %s", id, after);
	st = get_compat(id, &v);
	if (st != S_ID)
		complain("id %" PRIu64 " answers %ld (%s), want INVALID_PARTITION_ID: a partition exists that no create reported",
			 id, st,
			 st >= 0 ? hvc_status_name((u16)st) : "no status");
	finish(c);
	set_caller(saved);
}

void probe_live(enum cat c, u64 id, const char *after)
{
	struct part *p = part_of(id);
	uid_t saved = caller_uid;
	long st;
	u64 v;

	set_caller(0);
	describe("probe: get-property of live id %" PRIu64 " after %s", id, after);
	st = get_compat(id, &v);
	if (st != S_OK || v != p->compat)
		complain("id %" PRIu64 " answers %ld (%s) value 0x%" PRIx64
			 ", want SUCCESS with 0x%x", id, st,
			 st >= 0 ? hvc_status_name((u16)st) : "no status", v, p->compat);
	finish(c);
	set_caller(saved);
}

/* The memory model holds only while the hole stays unmapped. */
unsigned int hole_mapped;

void audit(void)
{
	uid_t saved = caller_uid;
	unsigned char vec[16];
	unsigned int i;

	if (mincore(page_at(PG_HOLE), pagesz, vec) != -1 || errno != ENOMEM)
		hole_mapped++;
	set_caller(0);
	for (i = 0; i < nlive; i++)
		probe_live(C_AUDIT, live[i], "the last iterations");
	probe_unknown(C_AUDIT, next_id, "the last iterations");
	probe_unknown(C_AUDIT, next_id + 1, "the last iterations");
	if (nrecent_gone)
		probe_unknown(C_AUDIT, gone_id(), "its delete");
	set_caller(saved);
}
