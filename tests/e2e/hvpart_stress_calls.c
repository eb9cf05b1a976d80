// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_stress: the calls (typed and HVPART_HVCALL), the tallies that
 * judge every answer of one kind of call, and the worker threads.
 */
#include "hvpart_stress.h"

struct out create_typed(int fd, u64 flags, u32 compat)
{
	struct hvpart_create_partition_amd64 c;
	struct out o = { 0 };

	memset(&c, 0, sizeof(c));
	c.input.flags = flags;
	c.input.compatibility_version = compat;
	c.status = STATUS_PRESET;
	errno = 0;
	o.ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, &c);
	o.err = o.ret ? errno : 0;
	o.dispatched = c.status != STATUS_PRESET;
	o.status = c.status;
	o.value = c.new_partition_id;
	return o;
}

static struct out hvcall(int fd, u8 *page, u64 control, const void *in,
			 u32 in_size, bool has_out)
{
	struct hvpart_hvcall hc = {
		.control = control, .result = RESULT_PRESET,
		.input = (u64)(uintptr_t)page,
		.output = has_out ? (u64)(uintptr_t)(page + 2048) : 0,
		.input_size = in_size, .output_size = has_out ? 8 : 0,
	};
	struct out o = { 0 };

	if (in_size)
		memcpy(page, in, in_size);
	memset(page + 2048, 0xa5, 8);
	errno = 0;
	o.ret = ioctl(fd, HVPART_HVCALL, &hc);
	o.err = o.ret ? errno : 0;
	o.dispatched = hc.result != RESULT_PRESET;
	o.status = hc.result;
	if (has_out)
		memcpy(&o.value, page + 2048, 8);
	return o;
}

static struct out create_raw(int fd, u8 *page, u64 flags, u32 compat)
{
	struct hvpart_input_create_partition_amd64 in = {
		.flags = flags, .compatibility_version = compat,
	};

	return hvcall(fd, page, HVPART_CALL_CREATE_PARTITION, &in, sizeof(in), true);
}

struct out create_any(int fd, u8 *page, bool raw, u64 flags, u32 compat)
{
	return raw ? create_raw(fd, page, flags, compat) :
		     create_typed(fd, flags, compat);
}

static struct out op_typed(int fd, unsigned long req, u64 id)
{
	struct hvpart_partition_op op = {
		.partition_id = id, .status = STATUS_PRESET, .vm_fd = FD_PRESET,
	};
	struct out o = { .has_fd = true };

	errno = 0;
	o.ret = ioctl(fd, req, &op);
	o.err = o.ret ? errno : 0;
	o.dispatched = op.status != STATUS_PRESET;
	o.status = op.status;
	o.vm_fd = op.vm_fd;
	return o;
}

/*
 * Typed initialize with a VM of this process's own in the KVM phase
 * (KVM_CREATE_VM; judge_close() closes it), vm_fd -1 without KVM.
 */
static struct out init_typed(int fd, u64 id)
{
	struct hvpart_partition_op op = {
		.partition_id = id, .status = STATUS_PRESET, .vm_fd = -1,
	};
	struct out o = { .has_fd = true, .fd_in = true, .vm_in = -1 };
	struct e2e_fd_mark mark;
	bool open_fd = false;

	if (kvm_mode) {
		o.vm_in = e2e_kvm_vm();
		if (o.vm_in < 0) {
			o.ret = -1;
			o.err = errno;
			o.no_vm = true;
			o.vm_fd = -1;
			return o;
		}
		open_fd = e2e_fd_mark(&mark, o.vm_in);
	}
	op.vm_fd = o.vm_in;
	errno = 0;
	o.ret = ioctl(fd, HVPART_INITIALIZE_PARTITION, &op);
	o.err = o.ret ? errno : 0;
	o.dispatched = op.status != STATUS_PRESET;
	o.status = op.status;
	o.vm_fd = op.vm_fd;
	o.fd_kept = o.vm_in < 0 || (open_fd && e2e_fd_kept(&mark));
	return o;
}

static struct out op_raw(int fd, u8 *page, u16 code, u64 id)
{
	struct hvpart_input_partition_id in = { .partition_id = id };

	return hvcall(fd, page, code, &in, sizeof(in), false);
}

struct out lifecycle(int fd, u8 *page, bool raw, enum lc c, u64 id)
{
	static const unsigned long reqs[] = {
		HVPART_INITIALIZE_PARTITION, HVPART_FINALIZE_PARTITION,
		HVPART_DELETE_PARTITION,
	};
	static const u16 codes[] = {
		HVPART_CALL_INITIALIZE_PARTITION, HVPART_CALL_FINALIZE_PARTITION,
		HVPART_CALL_DELETE_PARTITION,
	};

	if (raw)
		return op_raw(fd, page, codes[c], id);
	return c == LC_INIT ? init_typed(fd, id) : op_typed(fd, reqs[c], id);
}

static struct out prop_typed(int fd, unsigned long req, u64 id, u32 code,
			     u64 value)
{
	struct hvpart_partition_property pp = {
		.partition_id = id, .property_code = code,
		.status = STATUS_PRESET, .property_value = value,
	};
	struct out o = { 0 };

	errno = 0;
	o.ret = ioctl(fd, req, &pp);
	o.err = o.ret ? errno : 0;
	o.dispatched = pp.status != STATUS_PRESET;
	o.status = pp.status;
	o.value = pp.property_value;
	return o;
}

struct out get_prop(int fd, u8 *page, bool raw, u64 id, u32 code)
{
	struct hvpart_input_get_partition_property in = {
		.partition_id = id, .property_code = code,
	};

	if (!raw)
		return prop_typed(fd, HVPART_GET_PARTITION_PROPERTY, id, code,
				  RESULT_PRESET);
	return hvcall(fd, page, HVPART_CALL_GET_PARTITION_PROPERTY, &in, sizeof(in),
		      true);
}

struct out set_prop(int fd, u8 *page, bool raw, u64 id, u32 code,
		    u64 value)
{
	struct hvpart_input_set_partition_property in = {
		.partition_id = id, .property_code = code,
		.property_value = value,
	};

	if (!raw)
		return prop_typed(fd, HVPART_SET_PARTITION_PROPERTY, id, code,
				  value);
	return hvcall(fd, page, HVPART_CALL_SET_PARTITION_PROPERTY, &in, sizeof(in),
		      false);
}

struct out get_partition_id(int fd, u8 *page)
{
	return hvcall(fd, page, HVPART_CALL_GET_PARTITION_ID, NULL, 0, true);
}

struct tally *tallies;
unsigned int ntallies;

struct tally *tally_new(const char *name, bool fd_call,
			const u16 *allowed, unsigned int n)
{
	struct tally *t;

	if (!tallies)
		tallies = shared_alloc(TALLIES_MAX * sizeof(*tallies));
	if (ntallies == TALLIES_MAX || n > ARRAY_SIZE(t->allowed)) {
		fprintf(stderr, "hvpart_stress: tally table full\n");
		exit(2);
	}
	t = &tallies[ntallies++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->fd_call = fd_call;
	t->n = n;
	memcpy(t->allowed, allowed, n * sizeof(*allowed));
	return t;
}

__printf(2, 3)
void tally_fail(struct tally *t, const char *fmt, ...)
{
	int zero = 0;
	va_list ap;

	__atomic_add_fetch(&t->bad, 1, __ATOMIC_RELAXED);
	if (!__atomic_compare_exchange_n(&t->claimed, &zero, 1, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return;
	va_start(ap, fmt);
	vsnprintf(t->first, sizeof(t->first), fmt, ap);
	va_end(ap);
}

static void describe(char *buf, size_t len, const struct out *o)
{
	int n;

	if (o->no_vm)
		n = snprintf(buf, len, "KVM_CREATE_VM failed: errno %s, nothing called",
			     e2e_errname(o->err));
	else if (!o->dispatched)
		n = snprintf(buf, len, "ret %d errno %s, not dispatched",
			     o->ret, e2e_errname(o->err));
	else if (o->status > 0xffff)
		n = snprintf(buf, len, "ret %d errno %s, status 0x%" PRIx64,
			     o->ret, e2e_errname(o->err), o->status);
	else
		n = snprintf(buf, len, "ret %d errno %s, %s (0x%" PRIx64 ")",
			     o->ret, e2e_errname(o->err),
			     hvc_status_name((u16)o->status), o->status);
	if (o->fd_in && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ", vm_fd %d (passed %d)%s", o->vm_fd,
			 o->vm_in, o->fd_kept ? "" : ", the fd passed was closed or replaced");
	else if (o->has_fd && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ", vm_fd %d", o->vm_fd);
}

/*
 * The answer carries @status with the contract's errno and vm_fd:
 * initialize's back as passed with the fd left alone, else -1 unless a
 * call that hands out an fd (@fd_call) succeeded.
 */
static bool answer_ok(const struct out *o, u16 status, bool fd_call)
{
	if (status == S_OK) {
		if (o->ret != 0)
			return false;
	} else if (o->ret != -1 || o->err != e2e_status_errno(status)) {
		return false;
	}
	if (o->fd_in)
		return o->vm_fd == o->vm_in && o->fd_kept;
	if (o->has_fd)
		return status == S_OK && fd_call ? o->vm_fd >= 0 :
						   o->vm_fd == -1;
	return true;
}

/*
 * Judge one answer: the index of its status among the allowed ones, or -1
 * (counted, and the first described) when it is none of them, has the wrong
 * errno or vm_fd, or is not @want (ANY: any allowed status).
 */
int judge(struct tally *t, const struct out *o, u64 id, int want)
{
	char got[120];
	unsigned int i;

	__atomic_add_fetch(&t->calls, 1, __ATOMIC_RELAXED);
	for (i = 0; i < t->n; i++) {
		if (!o->dispatched || o->status != t->allowed[i])
			continue;
		if (!answer_ok(o, t->allowed[i], t->fd_call))
			break;
		if (want != ANY && want != t->allowed[i])
			break;
		__atomic_add_fetch(&t->hits[i], 1, __ATOMIC_RELAXED);
		return i;
	}
	describe(got, sizeof(got), o);
	if (want != ANY)
		tally_fail(t, "partition %" PRIu64 ": %s; want %s errno %s", id,
			   got, hvc_status_name(want),
			   e2e_errname(e2e_status_errno(want)));
	else
		tally_fail(t, "partition %" PRIu64 ": %s", id, got);
	return -1;
}

/* judge() that also closes the VM fd initialize was given (the caller's). */
int judge_close(struct tally *t, struct out *o, u64 id, int want)
{
	int i = judge(t, o, id, want);

	if (o->fd_in && o->vm_in >= 0)
		close(o->vm_in);
	else if (o->has_fd && !o->fd_in && o->ret == 0 && o->vm_fd >= 0)
		close(o->vm_fd);
	return i;
}

static bool tally_ok(const struct tally *t)
{
	return t->calls && !t->bad;
}

void tally_report(struct tally *t)
{
	char want[200], counts[240];
	size_t w = 0, c = 0;
	unsigned int i;

	want[0] = counts[0] = 0;
	for (i = 0; i < t->n; i++) {
		u16 s = t->allowed[i];

		w += snprintf(want + w, sizeof(want) - w, "%s%s/%s",
			      i ? " or " : "", hvc_status_name(s),
			      e2e_errname(e2e_status_errno(s)));
		c += snprintf(counts + c, sizeof(counts) - c, "%s%lu %s",
			      i ? ", " : "", t->hits[i], hvc_status_name(s));
		if (w >= sizeof(want) || c >= sizeof(counts))
			break;
	}
	e2e_note("%s: %lu calls: %s", t->name, t->calls, counts);
	e2e_report(tally_ok(t), t->name,
		   "%lu of %lu answers wrong; first: %s; want %s", t->bad,
		   t->calls, t->bad ? t->first : "-", want);
}

pthread_barrier_t barrier;
static double workers_t0;

/*
 * Start @n workers on @fn, half of them with an fd of their own, and
 * release them together (the barrier includes the caller).
 */
void start_workers(struct worker *w, unsigned int n,
		   void *(*fn)(void *), u64 seed)
{
	unsigned int i;

	pthread_barrier_init(&barrier, NULL, n + 1);
	for (i = 0; i < n; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].idx = i;
		w[i].fd = i & 1 ? open(DEV, O_RDWR | O_CLOEXEC) : hv_fd;
		if (w[i].fd < 0) {
			perror("open " DEV);
			w[i].fd = hv_fd;
		}
		w[i].page = hvcall_page();
		w[i].rng = seed * 1000003 + i * 7919 + 1;
		if (pthread_create(&w[i].th, NULL, fn, &w[i])) {
			perror("pthread_create");
			exit(2);
		}
	}
	pthread_barrier_wait(&barrier);
	workers_t0 = now();
}

/* Wait for them all; the seconds from the release to the last join. */
double join_workers(struct worker *w, unsigned int n)
{
	unsigned int i;
	double secs;

	for (i = 0; i < n; i++)
		pthread_join(w[i].th, NULL);
	secs = now() - workers_t0;
	for (i = 0; i < n; i++) {
		if (w[i].fd != hv_fd)
			close(w[i].fd);
		free(w[i].page);
	}
	pthread_barrier_destroy(&barrier);
	return secs;
}

double run_workers(struct worker *w, unsigned int n,
		   void *(*fn)(void *), u64 seed)
{
	start_workers(w, n, fn, seed);
	return join_workers(w, n);
}
