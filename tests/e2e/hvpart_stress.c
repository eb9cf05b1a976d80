// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_stress: /dev/hvpart under concurrency, end to end.
 *
 * Runs as root in the x86_64 QEMU guest (tests/e2e/init.sh, stress_phase
 * and phase 4d), each time on a fresh load of hvpart with max_partitions
 * at its default, 0 (no limit).  Partition ids are taken from what create
 * returns.
 *
 *   hvpart_stress [-p PHASE]
 *
 *   nokvm (default)  KVM not loaded, every CPU online:
 *	1. 10,000 creates from 16 threads released together by a barrier,
 *	   through HVPART_CREATE_PARTITION_AMD64 and HVPART_HVCALL: every one
 *	   succeeds, the ids are non-zero, unique and consecutive; hvctl -j
 *	   list shows exactly them with their flags and compatibility
 *	   version, and so does a get-property on each; then 16 threads
 *	   delete them all, every delete succeeds, and none is left.
 *	2. Churn: 16 threads create, initialize (without a VM: vm_fd -1),
 *	   finalize, delete, get and set properties, up to 20,000 calls each
 *	   or for 5 s once each made 200, on private partitions (exact
 *	   statuses) and on a few shared ones (any status the contract allows
 *	   for the race), on deleted ids, and through both paths, while a
 *	   thread runs hvctl -j list; every call answers a documented status
 *	   with its errno, the list stays well formed, and the table holds
 *	   creates - deletes partitions at the end.  Then each of 1,000
 *	   partitions is deleted by 16 threads at once: exactly one delete
 *	   of each succeeds.
 *	3. rmmod under load: threads create, query, delete and open and close
 *	   /dev/hvpart while rmmod hvpart is run again and again: every rmmod
 *	   fails, the module, its node and the partitions stay, and the
 *	   module's reference count is back to this program's one fd after.
 *	   init.sh's rmmod after the program must succeed.
 *	4. Killed processes: children create, query and delete in a loop and
 *	   are SIGKILLed after 0 to 20 ms, 400 times; afterwards every
 *	   partition they logged as created exists with its properties, every
 *	   one they logged as deleted is gone, the only others are at most one
 *	   per child killed with a create out, and the ids handed out are
 *	   exactly those: a killed create leaves a whole partition or none.
 *	5. Memory: the active slab objects (/proc/slabinfo) and Slab
 *	   (/proc/meminfo) after caches are dropped and shrunk, before phase 1
 *	   and after the last cleanup: no partition left, objects back within
 *	   1 MiB, slab pages within 2 MiB (see SLAB_OBJ_BOUND).
 *
 *   kvm              KVM loaded, only CPU 0 online: a smaller churn whose
 *	typed initializes pass real VMs the threads make (KVM_CREATE_VM),
 *	racing initializes of one partition, each with a VM of its own
 *	(exactly one succeeds), and no KVM VM left afterwards (KVM's debugfs
 *	and kvm_amd's reference count).
 *
 * Why KVM gets a phase of its own: under QEMU TCG, kvm-amd in the guest
 * hangs now and then when VMs are created and destroyed with more than one
 * guest CPU online (init.sh, single_cpu()).  So the big phases run before
 * KVM is loaded, with every CPU online, where no VM can be made and
 * initialize takes vm_fd -1 (the feature properties answer exactly
 * HVPART_STATUS_NO_RESOURCES, Documentation/hvpart.rst section 5.7), and the
 * KVM churn runs later on CPU 0 alone: it tests the VM paths' locking, not
 * parallelism.
 *
 * Typed initialize must give vm_fd back as passed and leave the fd open on
 * the same file, whatever it answers.
 *
 * Nothing passes or fails on time: every phase is bounded by a number of
 * calls or rounds (the churn also by a time budget, so that it stays short
 * on a debug kernel; every call it makes is checked all the same), and
 * figures (creates per second, slab sizes, kills) are "# " notes.  The contract: uapi/linux/hvpart.h, Documentation/hvpart.rst.
 * Every check prints "ok - NAME" or "not ok - NAME (details)"; the last line
 * is "hvpart_stress: N passed, M failed", exit status 1 on any failure.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "e2e_util.h"

#define HVCTL		"/bin/hvctl"
#define RMMOD		"/bin/rmmod"
#define DEV		"/dev/hvpart"

#define THREADS		16
#define MANY		10000
#define CHURN_OPS	20000	/* calls per churn thread, no KVM, at most */
#define CHURN_MIN_OPS	200	/* calls per churn thread before the budget counts */
#define CHURN_BUDGET	5.0	/* seconds: a debug kernel is 200 times slower */
#define CHURN_LISTS	20	/* hvctl -j list runs, at most, during the churn */
#define SHARED_SLOTS	8
#define PRIVATE_MAX	16
#define GONE_MAX	32
#define DUP_PARTS	1000
#define SENTINELS	64
#define RMMOD_TRIES	8
#define KILL_ROUNDS	100
#define KILL_CHILDREN	4
#define KILL_MAX_US	20000
#define POOL		8
#define LOG_MAX		512
#define CHILD_LIVE	16
#define KVM_THREADS	4
#define KVM_OPS		150
#define KVM_RACE_PARTS	10
#define NEVER_ID	(1ULL << 40)

/*
 * Slab growth allowed from before phase 1 to after the last cleanup.  A
 * partition is a kmalloc-cg-256 object (struct hvpart_partition, about 200
 * bytes) plus its share of xarray nodes: leaking the 10,000 partitions of
 * phase 1 alone would leave 10,000 x 256 B = 2.5 MB, and phase 1 checks
 * that the figures do see its 10,000 live partitions (+2.5 MB in both).
 *
 * SLAB_OBJ_BOUND is for the bytes of active objects in /proc/slabinfo,
 * read after the page cache is dropped and every cache shrunk
 * (/sys/kernel/slab/<cache>/shrink flushes the per-CPU slabs, so SLUB's
 * active count is exact): what other subsystems keep is tens of KB
 * (seen: -150 to +80 KB), and 1 MiB still fails on a leak of 4,096
 * objects of 256 bytes.  SLAB_PAGE_BOUND is for Slab in /proc/meminfo,
 * which also counts the pages of partly used slabs that the kill phase's
 * 400 processes and the per-CPU lists leave fragmented: seen +230 to +300 kB
 * with 2 CPUs and +420 to +740 kB with 4 (the note "caches whose slab pages
 * grew most" says where); 2 MiB leaves room for that and still fails on a
 * leak of the 10,000 partitions.
 */
#define SLAB_OBJ_BOUND	(1024 * 1024)
#define SLAB_PAGE_BOUND	(2 * 1024 * 1024)

#define STATUS_PRESET	0xdeadbeefU
#define RESULT_PRESET	0xdeadbeefdeadbeefULL
#define FD_PRESET	12345

#define S_OK		HVPART_STATUS_SUCCESS
#define S_ID		HVPART_STATUS_INVALID_PARTITION_ID
#define S_STATE		HVPART_STATUS_INVALID_PARTITION_STATE
#define S_PARAM		HVPART_STATUS_INVALID_PARAMETER
#define S_NORES		HVPART_STATUS_NO_RESOURCES
#define ANY		-1

#define P_VENDOR	HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR
#define P_COMPAT	HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION
#define P_FEAT0		HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0

static const u32 compats[] = {
	HVPART_COMPATIBILITY_19H1, HVPART_COMPATIBILITY_20H1, HVPART_COMPATIBILITY_21H1,
	HVPART_COMPATIBILITY_21H2, HVPART_COMPATIBILITY_PRERELEASE,
	HVPART_COMPATIBILITY_EXPERIMENT,
};

/* Valid creation flags that need no KVM (not NESTED_VIRTUALIZATION_CAPABLE). */
static const u64 flag_sets[] = {
	0,
	HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED,
	HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |
		HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE,
	HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST |
		HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED,
	HVPART_PARTITION_CREATION_FLAG_EXO_PARTITION |
		HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU,
};

static int hv_fd = -1;
static bool kvm_mode;

/* ---- small things -------------------------------------------------------- */

static u64 rnd(u64 *s)
{
	u64 x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void sleep_us(unsigned long us)
{
	struct timespec t = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&t, &t) && errno == EINTR)
		;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		perror("calloc");
		exit(2);
	}
	return p;
}

/* Anonymous memory that forked children share. */
static void *shared_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

/* A page for HVPART_HVCALL: input at 0, output at 2048. */
static u8 *hvcall_page(void)
{
	void *p = NULL;

	if (posix_memalign(&p, HVPART_HYPERCALL_PAGE_SIZE, HVPART_HYPERCALL_PAGE_SIZE)) {
		perror("posix_memalign");
		exit(2);
	}
	memset(p, 0, HVPART_HYPERCALL_PAGE_SIZE);
	return p;
}

/* A module's reference count; -1 when it is not loaded. */
static long refcnt_of(const char *module)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "/sys/module/%s/refcnt", module);
	if (!e2e_read_file(path, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

/* hvpart's: its open files (and running netlink dumps). */
static long module_refcnt(void)
{
	return refcnt_of("hvpart");
}

/*
 * KVM's vendor module's: every VM holds one (Documentation/hvpart.rst
 * section 5.6).  A VM whose "<pid>-<fd>" debugfs name was taken already
 * has no folder, so this counts VMs where debugfs may not.
 */
static long kvm_vendor_refcnt(void)
{
	long n = refcnt_of("kvm_amd");

	return n >= 0 ? n : refcnt_of("kvm_intel");
}

static bool module_listed(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/modules", "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "hvpart ", 7);
	fclose(f);
	return found;
}

static bool dev_present(void)
{
	struct stat st;

	return stat(DEV, &st) == 0 && S_ISCHR(st.st_mode);
}

/* ---- calls --------------------------------------------------------------- */

/* What one call did: the status (or the whole result value), errno, outputs. */
struct out {
	int ret;
	int err;
	bool dispatched;	/* the status or result was written */
	u64 status;		/* typed: the u32 status; raw: the result value */
	u64 value;		/* the new id, or the property value */
	bool has_fd;		/* a struct hvpart_partition_op call */
	int vm_fd;
	bool fd_in;		/* initialize: vm_fd went in, must come back */
	int vm_in;		/* ...the fd passed, the caller's own (or -1) */
	bool fd_kept;		/* ...still open on the same file after */
	bool no_vm;		/* ...KVM_CREATE_VM failed: nothing called */
};

static struct out create_typed(int fd, u64 flags, u32 compat)
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

static struct out create_any(int fd, u8 *page, bool raw, u64 flags, u32 compat)
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

enum lc { LC_INIT, LC_FIN, LC_DEL };

static struct out lifecycle(int fd, u8 *page, bool raw, enum lc c, u64 id)
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

static struct out get_prop(int fd, u8 *page, bool raw, u64 id, u32 code)
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

static struct out set_prop(int fd, u8 *page, bool raw, u64 id, u32 code,
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

static struct out get_partition_id(int fd, u8 *page)
{
	return hvcall(fd, page, HVPART_CALL_GET_PARTITION_ID, NULL, 0, true);
}

/* ---- tallies: every answer of one kind of call, judged ------------------- */

/*
 * The statuses a kind of call may get, and what it got.  In shared memory:
 * the children of phase 4 count into the same tallies.
 */
struct tally {
	const char *name;
	u16 allowed[4];
	unsigned int n;
	bool fd_call;		/* a call that hands out an fd on SUCCESS */
	unsigned long calls;
	unsigned long hits[4];
	unsigned long bad;
	int claimed;
	char first[240];
};

#define TALLIES_MAX	64

static struct tally *tallies;
static unsigned int ntallies;

static struct tally *tally_new(const char *name, bool fd_call,
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

#define TALLY(name, fd_call, ...)					\
	tally_new(name, fd_call, (const u16[]){ __VA_ARGS__ },		\
		  sizeof((const u16[]){ __VA_ARGS__ }) / sizeof(u16))

__printf(2, 3)
static void tally_fail(struct tally *t, const char *fmt, ...)
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
static int judge(struct tally *t, const struct out *o, u64 id, int want)
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
static int judge_close(struct tally *t, struct out *o, u64 id, int want)
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

static void tally_report(struct tally *t)
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

/* ---- hvctl -j list ------------------------------------------------------- */

struct plist {
	int rc;			/* hvctl's exit status */
	bool parsed;		/* a JSON array of partition objects */
	bool ordered;		/* ids strictly increasing */
	size_t n;
	u64 *id;
	u64 *flags;
	u32 *compat;
	u8 *state;		/* enum hvpart_partition_state, 0 unknown */
	char err[160];		/* the first parse problem */
};

static const char *find_in(const char *s, const char *end, const char *key)
{
	size_t k = strlen(key);

	for (; s + k <= end; s++)
		if (!memcmp(s, key, k))
			return s + k;
	return NULL;
}

static bool num_in(const char *s, const char *end, const char *key, u64 *v)
{
	const char *p = find_in(s, end, key);
	char *e;

	if (!p || *p < '0' || *p > '9')
		return false;
	*v = strtoull(p, &e, 10);
	return e <= end;
}

static u8 state_of(const char *s, const char *end)
{
	static const char *const names[] = {
		NULL, "\"created\"", "\"initialized\"", "\"finalized\"",
		"\"deleted\"",
	};
	const char *p = find_in(s, end, "\"state\":");
	unsigned int i;

	for (i = 1; p && i < ARRAY_SIZE(names); i++)
		if (!strncmp(p, names[i], strlen(names[i])))
			return i;
	return 0;
}

/*
 * hvctl -j list's objects start with "id" and hold no nested object, so
 * {"id": opens each one.
 */
static void plist_parse(struct plist *pl, const char *text)
{
	const char *key = "{\"id\":", *p, *next, *end = text + strlen(text);
	size_t cap = 0, len = strlen(text);
	u64 v;

	pl->parsed = len >= 3 && text[0] == '[' && !strcmp(end - 2, "]\n");
	pl->ordered = true;
	if (!pl->parsed) {
		snprintf(pl->err, sizeof(pl->err), "not a JSON array: '%.60s'",
			 text);
		return;
	}
	for (p = strstr(text, key); p && p < end; p = next) {
		next = strstr(p + 1, key);
		if (!next)
			next = end;
		if (pl->n == cap) {
			cap = cap ? cap * 2 : 1024;
			pl->id = realloc(pl->id, cap * sizeof(*pl->id));
			pl->flags = realloc(pl->flags, cap * sizeof(*pl->flags));
			pl->compat = realloc(pl->compat, cap * sizeof(*pl->compat));
			pl->state = realloc(pl->state, cap * sizeof(*pl->state));
			if (!pl->id || !pl->flags || !pl->compat || !pl->state) {
				perror("realloc");
				exit(2);
			}
		}
		if (!num_in(p, next, key, &pl->id[pl->n]) ||
		    !num_in(p, next, "\"flags\":", &pl->flags[pl->n]) ||
		    !num_in(p, next, "\"compatibility_version\":", &v)) {
			if (pl->parsed)
				snprintf(pl->err, sizeof(pl->err),
					 "entry %zu lacks id, flags or compatibility_version",
					 pl->n);
			pl->parsed = false;
			continue;
		}
		pl->compat[pl->n] = (u32)v;
		pl->state[pl->n] = state_of(p, next);
		if (pl->n && pl->id[pl->n] <= pl->id[pl->n - 1])
			pl->ordered = false;
		pl->n++;
	}
	if (pl->parsed && !pl->n && strcmp(text, "[]\n")) {
		snprintf(pl->err, sizeof(pl->err), "no entries in '%.60s'", text);
		pl->parsed = false;
	}
}

/*
 * Run hvctl -j list (fork and exec: safe from a threaded process, the
 * child only execs).  Its stderr goes to /dev/null: during churn hvctl may
 * warn that every dump raced a change.
 */
static void list_partitions(struct plist *pl)
{
	size_t cap = 1 << 16, len = 0;
	int pipefd[2], status, null;
	char *text;
	ssize_t n;
	pid_t pid;

	memset(pl, 0, sizeof(*pl));
	pl->rc = -1;
	if (pipe2(pipefd, O_CLOEXEC)) {
		snprintf(pl->err, sizeof(pl->err), "pipe: %s", strerror(errno));
		return;
	}
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		execl(HVCTL, "hvctl", "-j", "list", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	if (null >= 0)
		close(null);
	text = xcalloc(1, cap);
	while (pid > 0 && (n = read(pipefd[0], text + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096) {
			text = realloc(text, cap *= 2);
			if (!text) {
				perror("realloc");
				exit(2);
			}
		}
	}
	text[len] = 0;
	close(pipefd[0]);
	if (pid < 0) {
		snprintf(pl->err, sizeof(pl->err), "fork: %s", strerror(errno));
		free(text);
		return;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pl->rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	plist_parse(pl, text);
	free(text);
}

static void plist_free(struct plist *pl)
{
	free(pl->id);
	free(pl->flags);
	free(pl->compat);
	free(pl->state);
	memset(pl, 0, sizeof(*pl));
}

static bool plist_has(const struct plist *pl, u64 id, size_t *at)
{
	const u64 *p = bsearch(&id, pl->id, pl->n, sizeof(u64), cmp_u64);

	if (p && at)
		*at = p - pl->id;
	return p;
}

/* The list ran, parsed and is in id order; else one failure, reported. */
static bool list_sane(const char *what, const struct plist *pl)
{
	bool ok = pl->rc == 0 && pl->parsed && pl->ordered;

	if (!ok)
		e2e_report(false, what, "hvctl -j list: exit %d, %s, %s", pl->rc,
			   pl->parsed ? "parsed" : pl->err,
			   pl->ordered ? "in order" : "not in id order");
	return ok;
}

/* Partitions in the table now, by the list; -1 when the list failed. */
static long count_partitions(void)
{
	struct plist pl;
	long n;

	list_partitions(&pl);
	n = pl.rc == 0 && pl.parsed ? (long)pl.n : -1;
	plist_free(&pl);
	return n;
}

/* ---- slab figures -------------------------------------------------------- */

#define CACHES_MAX	512

struct slab_cache {
	char name[64];
	long long obj_bytes;		/* active_objs x objsize */
	long long page_bytes;		/* num_slabs x pagesperslab pages */
};

struct slab_fig {
	long slab_kb;			/* /proc/meminfo Slab: */
	bool have_slabinfo;
	long long active_bytes;		/* sum of active_objs x objsize */
	unsigned int ncaches;
	struct slab_cache cache[CACHES_MAX];
};

/* Drop the page cache, dentries and inodes, then shrink every slab cache. */
static void settle_caches(void)
{
	char path[512];
	struct dirent *de;
	DIR *d;

	sync();
	e2e_write_file("/proc/sys/vm/drop_caches", "3\n");
	d = opendir("/sys/kernel/slab");
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink",
			 de->d_name);
		e2e_write_file(path, "1\n");
	}
	if (d)
		closedir(d);
}

static void slab_read(struct slab_fig *f)
{
	long active, num, size, per, slabs, page = sysconf(_SC_PAGESIZE);
	char line[512], name[64];
	struct slab_cache *c;
	FILE *m;

	memset(f, 0, sizeof(*f));
	f->slab_kb = -1;
	m = fopen("/proc/meminfo", "re");
	while (m && fgets(line, sizeof(line), m))
		if (sscanf(line, "Slab: %ld kB", &f->slab_kb) == 1)
			break;
	if (m)
		fclose(m);
	m = fopen("/proc/slabinfo", "re");
	if (!m)
		return;
	f->have_slabinfo = true;
	while (fgets(line, sizeof(line), m)) {
		if (sscanf(line, "%63s %ld %ld %ld %*d %ld : tunables %*d %*d %*d : slabdata %*d %ld",
			   name, &active, &num, &size, &per, &slabs) != 6)
			continue;
		f->active_bytes += (long long)active * size;
		if (f->ncaches == CACHES_MAX)
			continue;
		c = &f->cache[f->ncaches++];
		snprintf(c->name, sizeof(c->name), "%s", name);
		c->obj_bytes = (long long)active * size;
		c->page_bytes = (long long)slabs * per * page;
	}
	fclose(m);
}

static void slab_settled(struct slab_fig *f)
{
	settle_caches();
	slab_read(f);
}

static long long cache_bytes(const struct slab_cache *c, bool pages)
{
	return pages ? c->page_bytes : c->obj_bytes;
}

/* The caches whose objects (or pages) grew most from @a to @b, as a note. */
static void slab_growers(const char *what, const struct slab_fig *a,
			 const struct slab_fig *b, bool pages)
{
	char buf[400];
	size_t len = 0;
	unsigned int i, j, k, shown[3] = { 0 };
	long long best[3] = { 0 };

	for (i = 0; i < b->ncaches; i++) {
		long long g = cache_bytes(&b->cache[i], pages);

		for (j = 0; j < a->ncaches; j++)
			if (!strcmp(a->cache[j].name, b->cache[i].name)) {
				g -= cache_bytes(&a->cache[j], pages);
				break;
			}
		for (k = 0; k < 3; k++) {
			if (g <= best[k])
				continue;
			memmove(&best[k + 1], &best[k], (2 - k) * sizeof(best[0]));
			memmove(&shown[k + 1], &shown[k], (2 - k) * sizeof(shown[0]));
			best[k] = g;
			shown[k] = i;
			break;
		}
	}
	buf[0] = 0;
	for (k = 0; k < 3 && best[k] > 0; k++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s +%lld KB",
				k ? ", " : "", b->cache[shown[k]].name,
				best[k] / 1024);
	e2e_note("%s: caches whose %s grew most: %s", what,
		 pages ? "slab pages" : "objects", len ? buf : "none");
}

/* ---- threads ------------------------------------------------------------- */

struct worker {
	pthread_t th;
	unsigned int idx;
	int fd;			/* hv_fd, or an fd of its own */
	u8 *page;
	u64 rng;
	/* churn */
	u64 priv[PRIVATE_MAX];
	u32 priv_compat[PRIVATE_MAX];
	u8 priv_state[PRIVATE_MAX];
	unsigned int npriv;
	u64 gone[GONE_MAX];
	unsigned int ngone;
	unsigned int ops;
};

static pthread_barrier_t barrier;
static double workers_t0;

/*
 * Start @n workers on @fn, half of them with an fd of their own, and
 * release them together (the barrier includes the caller).
 */
static void start_workers(struct worker *w, unsigned int n,
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
static double join_workers(struct worker *w, unsigned int n)
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

static double run_workers(struct worker *w, unsigned int n,
			  void *(*fn)(void *), u64 seed)
{
	start_workers(w, n, fn, seed);
	return join_workers(w, n);
}

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

static void phase_creates(const struct slab_fig *base)
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

static void phase_churn(unsigned int nthreads)
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

static void phase_dup_delete(void)
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

static void phase_rmmod(void)
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

static void phase_kill(void)
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

static void phase_kvm_race(void)
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

/* ---- main ---------------------------------------------------------------- */

static void run_nokvm(void)
{
	struct slab_fig base, end;
	long grow, n;
	long long agrow = 0;
	unsigned int tries;
	struct out o;

	e2e_report(access("/dev/kvm", F_OK) != 0,
		   "no /dev/kvm: initialize goes without a VM, the feature banks answer NO_RESOURCES",
		   "/dev/kvm exists");
	n = count_partitions();
	e2e_report(n == 0, "no partition before the stress", "%ld listed", n);
	n = module_refcnt();
	e2e_report(n == 1, "hvpart's reference count is this program's one fd",
		   "refcnt %ld", n);

	/* Warm up what a first create, delete and list allocate for good. */
	o = create_typed(hv_fd, 0, HVPART_COMPATIBILITY_21H2);
	if (o.ret == 0)
		lifecycle(hv_fd, NULL, false, LC_DEL, o.value);
	count_partitions();
	slab_settled(&base);
	e2e_note("5: before: Slab %ld kB; slab objects %lld KB (%s)", base.slab_kb,
		 base.active_bytes / 1024,
		 base.have_slabinfo ? "/proc/slabinfo" : "no /proc/slabinfo");

	phase_creates(&base);
	phase_churn(THREADS);
	phase_dup_delete();
	phase_rmmod();
	phase_kill();

	/*
	 * Deleted partitions are freed after an RCU grace period (kfree_rcu):
	 * settle again a few times while the figure is over the bound.
	 */
	for (tries = 0; tries < 10; tries++) {
		if (tries)
			sleep_us(300000);
		slab_settled(&end);
		grow = end.slab_kb - base.slab_kb;
		agrow = end.active_bytes - base.active_bytes;
		if (grow * 1024 < SLAB_PAGE_BOUND &&
		    (!end.have_slabinfo || agrow < SLAB_OBJ_BOUND))
			break;
	}
	e2e_note("5: after: Slab %ld kB (%+ld kB); slab objects %lld KB (%+lld KB); settled %u times",
		 end.slab_kb, grow, end.active_bytes / 1024, agrow / 1024,
		 tries + 1);
	slab_growers("5: after the cleanup", &base, &end, false);
	slab_growers("5: after the cleanup", &base, &end, true);
	n = count_partitions();
	e2e_report(n == 0, "5: no partition left at the end", "%ld listed", n);
	if (end.have_slabinfo)
		e2e_report(agrow < SLAB_OBJ_BOUND,
			   "5: active slab objects (/proc/slabinfo) back within 1 MiB of before the stress",
			   "%+lld KB", agrow / 1024);
	e2e_report(base.slab_kb >= 0 && grow * 1024 < SLAB_PAGE_BOUND,
		   "5: Slab (/proc/meminfo) back within 2 MiB of before the stress",
		   "%+ld kB", grow);
	if (!end.have_slabinfo)
		e2e_note("5: no /proc/slabinfo: only Slab checked");
}

static void run_kvm(void)
{
	int base = e2e_vm_dirs(), now_dirs, i, vm;
	long n, vref, vnow;

	e2e_report(access("/dev/kvm", R_OK | W_OK) == 0, "kvm: /dev/kvm exists",
		   "%s", strerror(errno));
	/*
	 * e2e_kvm_vm() keeps /dev/kvm open from its first call on, and that
	 * fd holds kvm_amd: make the call before the reference count is read.
	 */
	vm = e2e_kvm_vm();
	e2e_report(vm >= 0, "kvm: KVM_CREATE_VM works (the VMs the threads pass to initialize)",
		   "errno %s", e2e_errname(errno));
	if (vm >= 0)
		close(vm);
	if (base >= 0)
		base = e2e_wait_vm_dirs(base);
	vref = kvm_vendor_refcnt();
	e2e_report(base == 0, "kvm: no KVM VM before the KVM churn",
		   "%d VM folders in " E2E_KVM_DEBUGFS, base);
	n = count_partitions();
	e2e_report(n == 0, "kvm: no partition before the KVM churn", "%ld listed", n);
	phase_churn(KVM_THREADS);
	phase_kvm_race();
	now_dirs = e2e_wait_vm_dirs(base);
	e2e_report(now_dirs == base,
		   "kvm: no KVM VM left after the KVM churn (debugfs)",
		   "%d VM folders, %d before", now_dirs, base);
	/* VMs go with the last fput, at once in practice: the wait absorbs noise. */
	for (i = 0, vnow = kvm_vendor_refcnt(); i < 100 && vnow != vref; i++) {
		sleep_us(20000);
		vnow = kvm_vendor_refcnt();
	}
	e2e_report(vref >= 0 && vnow == vref,
		   "kvm: no KVM VM left after the KVM churn (kvm_amd reference count back)",
		   "refcnt %ld, %ld before", vnow, vref);
	n = count_partitions();
	e2e_report(n == 0, "kvm: no partition left", "%ld listed", n);
}

int main(int argc, char **argv)
{
	const char *phase = "nokvm";
	double t0;
	int c;

	while ((c = getopt(argc, argv, "p:")) != -1) {
		if (c != 'p') {
			fprintf(stderr, "usage: hvpart_stress [-p nokvm|kvm]\n");
			return 2;
		}
		phase = optarg;
	}
	if (!strcmp(phase, "kvm")) {
		kvm_mode = true;
	} else if (strcmp(phase, "nokvm")) {
		fprintf(stderr, "hvpart_stress: unknown phase '%s'\n", phase);
		return 2;
	}
	e2e_init("hvpart_stress");
	t0 = now();
	e2e_note("phase %s, %ld CPUs online", phase, sysconf(_SC_NPROCESSORS_ONLN));
	hv_fd = open(DEV, O_RDWR | O_CLOEXEC);
	e2e_report(hv_fd >= 0, "open /dev/hvpart", "%s", strerror(errno));
	if (hv_fd >= 0) {
		if (kvm_mode)
			run_kvm();
		else
			run_nokvm();
		close(hv_fd);
	}
	e2e_note("phase %s took %.1f s", phase, now() - t0);
	return e2e_summary();
}
