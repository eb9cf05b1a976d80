// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_e2e: the /dev/hvpart ioctl contract, end to end.
 *
 * Runs as root in the QEMU guest right after a fresh `insmod hvpart.ko`
 * (tests/e2e/init.sh), so partition ids start at 1.  Every case prints
 * "ok - NAME" or "not ok - NAME (got ...)"; the last line is
 * "hvpart_e2e: N passed, M failed" (the binary's name: built with -m32 it
 * is hvpart_e2e32, which drives the same ioctls through compat_ioctl) and
 * the exit status is 1 on any failure.
 *
 * The contract (DESIGN.md "The raw hypercall ioctl", uapi/linux/hvpart.h),
 * in the order the kernel checks it:
 *   a. the struct cannot be copied -> EFAULT; a size over 4096 -> EINVAL;
 *      neither dispatches (result untouched).
 *   b. unknown call code -> INVALID_HYPERCALL_CODE.
 *   c. reserved control bits, rep count, rep start, variable header, fast
 *      bit on a call that is not fast-capable -> INVALID_HYPERCALL_INPUT.
 *   d. a size smaller than the call's layout -> INVALID_HYPERCALL_INPUT.
 *   e. misaligned, page-crossing or overlapping pages -> INVALID_ALIGNMENT.
 *   f. unreadable input or unwritable output -> EFAULT, not dispatched.
 *   g. the create input's fields -> INVALID_PARAMETER.
 * A dispatched failure is -1 with errno EINVAL (every status here is an
 * INVALID_* one, except NESTED_VIRTUALIZATION_CAPABLE without nested KVM:
 * PROCESSOR_FEATURE_NOT_SUPPORTED, EOPNOTSUPP) and result == the
 * HV_STATUS; success is 0 and result 0.  The lifecycle calls 0x41-0x46
 * are hvpart_lifecycle's.
 * Every successful create consumes exactly the next id, every failure none:
 * the program tracks the expected next id through the whole run.
 *
 * Usage: hvpart_e2e [-d DEVICE] [-n FIRST_ID]
 */
#include "hvpart_e2e.h"

static const char *dev_path = "/dev/hvpart";
int fd = -1;
u64 next_id = 1;
/* An unexpected success consumed an unknown id: resync at the next one. */
bool id_resync;

/* Memory: see setup_memory(). */
size_t pagesz;
u8 *in_page;	/* RW, followed by in_page2 (RW) */
u8 *in_page2;
u8 *none_page;	/* PROT_NONE, right after in_page2 */
u8 *ro_page;	/* PROT_READ */
u8 *out_page;	/* RW */

static void describe(char *buf, size_t len, const struct outcome *o)
{
	if (o->result == SENTINEL)
		snprintf(buf, len, "ret %d errno %s, result untouched",
			 o->ret, e2e_errname(o->err));
	else
		snprintf(buf, len, "ret %d errno %s, result 0x%" PRIx64 " %s",
			 o->ret, e2e_errname(o->err), o->result,
			 hvc_status_name((u16)o->result));
}

static void describe_expect(char *buf, size_t len, const struct expect *e)
{
	if (e->kind == EXP_ERRNO)
		snprintf(buf, len, "want errno %s, not dispatched",
			 e2e_errname(e->err));
	else if (e->status == HVPART_STATUS_SUCCESS)
		snprintf(buf, len, "want success");
	else
		snprintf(buf, len, "want %s (0x%x) errno %s",
			 hvc_status_name(e->status), e->status, e2e_errname(e->err));
}

static bool outcome_matches(const struct outcome *o, const struct expect *e)
{
	if (e->kind == EXP_ERRNO)
		return o->ret == -1 && o->err == e->err && o->result == SENTINEL;
	if (e->status == HVPART_STATUS_SUCCESS)
		return o->ret == 0 && o->err == 0 && o->result == 0;
	return o->ret == -1 && o->err == e->err && o->result == e->status;
}

struct outcome hvcall(u64 control, const void *in, u32 in_size,
		      void *out, u32 out_size)
{
	struct hvpart_hvcall hc = {
		.control = control,
		.result = SENTINEL,
		.input = (u64)(uintptr_t)in,
		.output = (u64)(uintptr_t)out,
		.input_size = in_size,
		.output_size = out_size,
	};
	struct outcome o;

	errno = 0;
	o.ret = ioctl(fd, HVPART_HVCALL, &hc);
	o.err = o.ret ? errno : 0;
	o.result = hc.result;
	return o;
}

/*
 * Judge a create: the outcome must match, and a success must have written
 * the next id to @out.  Keeps next_id in step, also across failures.
 */
void judge_create(const char *name, const struct outcome *o,
		  const struct expect *e, const void *out)
{
	char got[160], want[96];
	u64 id = 0;
	bool ok = outcome_matches(o, e);

	describe(got, sizeof(got), o);
	describe_expect(want, sizeof(want), e);

	if (o->ret == 0 && out)
		memcpy(&id, out, sizeof(id));

	if (e->kind == EXP_STATUS && e->status == HVPART_STATUS_SUCCESS) {
		if (ok && id_resync) {
			printf("# resynced expected id to %" PRIu64 "\n", id);
			next_id = id;
			id_resync = false;
		}
		if (ok && id != next_id) {
			e2e_report(false, name, "%s, but new id %" PRIu64
				   " where %" PRIu64 " was next", got, id, next_id);
			next_id = id + 1;
			return;
		}
		e2e_report(ok, name, "%s; %s", got, want);
		if (ok)
			next_id++;
		return;
	}
	if (o->ret == 0) {
		/* Unexpected success: it consumed an id. */
		if (out && id == next_id)
			next_id++;
		else
			id_resync = true;
		e2e_report(false, name, "%s, new id %" PRIu64 "; %s", got, id, want);
		return;
	}
	e2e_report(ok, name, "%s; %s", got, want);
}

void default_input(native_input *p)
{
	memset(p, 0, sizeof(*p));
	p->compatibility_version = HVPART_COMPATIBILITY_21H2;
}

/* A create through HVPART_HVCALL from in_page to out_page. */
void create_case(const char *name, u64 control, const native_input *p,
		 struct expect e)
{
	struct outcome o;

	memcpy(in_page, p, sizeof(*p));
	memset(out_page, 0xa5, 8);
	o = hvcall(control, in_page, NATIVE_SIZE, out_page, 8);
	judge_create(name, &o, &e, out_page);
}

/* Write into the read-only page. */
void ro_write(size_t off, const void *data, size_t len)
{
	if (mprotect(ro_page, pagesz, PROT_READ | PROT_WRITE)) {
		perror("mprotect");
		exit(2);
	}
	memcpy(ro_page + off, data, len);
	if (mprotect(ro_page, pagesz, PROT_READ)) {
		perror("mprotect");
		exit(2);
	}
}

/* Whether 8 bytes at @p are in memory this program may read. */
static bool readable(const void *p)
{
	const u8 *b = p;

	return (b >= in_page && b + 8 <= in_page + 2 * pagesz) ||
	       (b >= ro_page && b + 8 <= out_page + pagesz);
}

/* A create from a default input placed at @in, output at @out. */
void create_at(const char *name, u64 control, void *in, u32 in_size,
	       void *out, u32 out_size, struct expect e)
{
	native_input p;
	struct outcome o;

	default_input(&p);
	if (in && (u8 *)in >= in_page && (u8 *)in + sizeof(p) <= in_page + 2 * pagesz)
		memcpy(in, &p, sizeof(p));
	o = hvcall(control, in, in_size, out, out_size);
	judge_create(name, &o, &e, readable(out) ? out : NULL);
}

/* A good create; returns the id, 0 on failure. */
u64 create_good(const char *name)
{
	native_input p;
	u64 id, before = next_id;

	default_input(&p);
	create_case(name, CTL_CREATE, &p, SUCCESS);
	memcpy(&id, out_page, sizeof(id));
	return next_id == before + 1 ? id : 0;
}

/* After cases that must consume no id: the next create gets next_id. */
void check_next_id(const char *after)
{
	char name[160];

	snprintf(name, sizeof(name), "next create gets id %" PRIu64 " after %s",
		 next_id, after);
	create_good(name);
}

/* A delete through HVPART_HVCALL with the id at @in. */
void delete_at(const char *name, u64 control, u64 id, void *in,
	       u32 in_size, struct expect e)
{
	char got[160], want[96];
	struct outcome o;

	if (in && (u8 *)in >= in_page && (u8 *)in + 8 <= in_page + 2 * pagesz)
		memcpy(in, &id, sizeof(id));
	o = hvcall(control, in, in_size, NULL, 0);
	describe(got, sizeof(got), &o);
	describe_expect(want, sizeof(want), &e);
	e2e_report(outcome_matches(&o, &e), name, "%s; %s", got, want);
}

void delete_case(const char *name, u64 control, u64 id, struct expect e)
{
	delete_at(name, control, id, in_page, 8, e);
}

/* ---- l. the device node ------------------------------------------------ */

static bool test_open(void)
{
	struct stat st;
	int rc;

	fd = open(dev_path, O_RDWR | O_CLOEXEC);
	e2e_report(fd >= 0, "open /dev/hvpart O_RDWR as root", "errno %s",
		   e2e_errname(errno));
	if (fd < 0)
		return false;
	rc = fstat(fd, &st);
	e2e_report(rc == 0 && S_ISCHR(st.st_mode) && (st.st_mode & 07777) == 0600,
		   "/dev/hvpart is a char device with mode 0600",
		   "rc %d mode 0%o", rc, (unsigned int)st.st_mode);
	return true;
}

/* ---- h. plain successes and the id sequence ---------------------------- */

static void test_first_creates(void)
{
	native_input p;
	struct outcome o;

	/* The very first call: exact result value, return value, output. */
	default_input(&p);
	memcpy(in_page, &p, sizeof(p));
	memset(out_page, 0xa5, 8);
	o = hvcall(CTL_CREATE, in_page, NATIVE_SIZE, out_page, 8);
	judge_create("first create on a fresh module load gets id 1", &o,
		     &(struct expect)SUCCESS, out_page);
	create_good("second create gets id 2");
	create_good("third create gets id 3");
}

static int setup_memory(void)
{
	u8 *base;

	pagesz = (size_t)sysconf(_SC_PAGESIZE);
	if (pagesz < HVPAGE || pagesz % HVPAGE) {
		fprintf(stderr, "page size %zu is not a multiple of 4096\n", pagesz);
		return -1;
	}
	/* in_page | in_page2 | none_page | ro_page | out_page */
	base = mmap(NULL, 5 * pagesz, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		perror("mmap");
		return -1;
	}
	in_page = base;
	in_page2 = base + pagesz;
	none_page = base + 2 * pagesz;
	ro_page = base + 3 * pagesz;
	out_page = base + 4 * pagesz;
	memset(ro_page, 0x5a, pagesz);
	if (mprotect(none_page, pagesz, PROT_NONE) ||
	    mprotect(ro_page, pagesz, PROT_READ)) {
		perror("mprotect");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "d:n:h")) != -1) {
		switch (opt) {
		case 'd':
			dev_path = optarg;
			break;
		case 'n':
			next_id = strtoull(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: %s [-d DEVICE] [-n FIRST_ID]\n",
				argv[0]);
			return 2;
		}
	}
	/* Named after the binary: the same program also runs as hvpart_e2e32. */
	e2e_init(basename(argv[0]));
	if (setup_memory())
		return 2;

	if (test_open()) {
		test_first_creates();
		test_transport();
		test_call_codes();
		test_control();
		test_sizes();
		test_placement();
		test_faults();
		test_validation();
		test_typed();
		test_delete();
		test_ownership();
		test_concurrency();
		test_unknown_ioctls();
		test_check_extension();
		test_verdict();
		close(fd);
	}
	return e2e_summary();
}
