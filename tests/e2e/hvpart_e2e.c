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
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <inttypes.h>
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
#include <unistd.h>

#include "e2e_util.h"

#define SENTINEL	0xdeadbeefdeadbeefULL
#define HVPAGE		HVPART_HYPERCALL_PAGE_SIZE

#if defined(__aarch64__)
#define native_input	struct hvpart_input_create_partition_arm64
#else
#define native_input	struct hvpart_input_create_partition_amd64
#endif
#define NATIVE_SIZE	((u32)sizeof(native_input))

/* Control words. */
#define CTL_CREATE	((u64)HVPART_CALL_CREATE_PARTITION)
#define CTL_DELETE	((u64)HVPART_CALL_DELETE_PARTITION)

static const char *dev_path = "/dev/hvpart";
static int fd = -1;
static unsigned int passed, failed;
static u64 next_id = 1;
/* An unexpected success consumed an unknown id: resync at the next one. */
static bool id_resync;

/* Memory: see setup_memory(). */
static size_t pagesz;
static u8 *in_page;	/* RW, followed by in_page2 (RW) */
static u8 *in_page2;
static u8 *none_page;	/* PROT_NONE, right after in_page2 */
static u8 *ro_page;	/* PROT_READ */
static u8 *out_page;	/* RW */

__printf(3, 4)
static void report(bool ok, const char *name, const char *fmt, ...);

static void report(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		printf("ok - %s\n", name);
	} else {
		failed++;
		printf("not ok - %s (", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf(")\n");
	}
	fflush(stdout);
}

/* What one ioctl did. */
struct outcome {
	int ret;
	int err;
	u64 result;
};

/* What a case expects: a dispatched HV_STATUS, or a plain errno. */
enum exp_kind { EXP_STATUS, EXP_ERRNO };

struct expect {
	enum exp_kind kind;
	u16 status;	/* EXP_STATUS */
	int err;	/* the errno: of the status, or the plain one */
};

/* A dispatched status: every INVALID_* one comes with EINVAL. */
#define STATUS(s)	((struct expect){ .kind = EXP_STATUS, .status = (s), \
					  .err = (s) ? EINVAL : 0 })
#define STATUS_E(s, e)	((struct expect){ .kind = EXP_STATUS, .status = (s), \
					  .err = (e) })
#define ERRNO(e)	((struct expect){ .kind = EXP_ERRNO, .err = (e) })
#define SUCCESS		STATUS(HVPART_STATUS_SUCCESS)

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

static struct outcome hvcall(u64 control, const void *in, u32 in_size,
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
static void judge_create(const char *name, const struct outcome *o,
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
			report(false, name, "%s, but new id %" PRIu64
			       " where %" PRIu64 " was next", got, id, next_id);
			next_id = id + 1;
			return;
		}
		report(ok, name, "%s; %s", got, want);
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
		report(false, name, "%s, new id %" PRIu64 "; %s", got, id, want);
		return;
	}
	report(ok, name, "%s; %s", got, want);
}

static void default_input(native_input *p)
{
	memset(p, 0, sizeof(*p));
	p->compatibility_version = HVPART_COMPATIBILITY_21H2;
}

/* A create through HVPART_HVCALL from in_page to out_page. */
static void create_case(const char *name, u64 control, const native_input *p,
			struct expect e)
{
	struct outcome o;

	memcpy(in_page, p, sizeof(*p));
	memset(out_page, 0xa5, 8);
	o = hvcall(control, in_page, NATIVE_SIZE, out_page, 8);
	judge_create(name, &o, &e, out_page);
}

/* Write into the read-only page. */
static void ro_write(size_t off, const void *data, size_t len)
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
static void create_at(const char *name, u64 control, void *in, u32 in_size,
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
static u64 create_good(const char *name)
{
	native_input p;
	u64 id, before = next_id;

	default_input(&p);
	create_case(name, CTL_CREATE, &p, SUCCESS);
	memcpy(&id, out_page, sizeof(id));
	return next_id == before + 1 ? id : 0;
}

/* After cases that must consume no id: the next create gets next_id. */
static void check_next_id(const char *after)
{
	char name[160];

	snprintf(name, sizeof(name), "next create gets id %" PRIu64 " after %s",
		 next_id, after);
	create_good(name);
}

/* A delete through HVPART_HVCALL with the id at @in. */
static void delete_at(const char *name, u64 control, u64 id, void *in,
		      u32 in_size, struct expect e)
{
	char got[160], want[96];
	struct outcome o;

	if (in && (u8 *)in >= in_page && (u8 *)in + 8 <= in_page + 2 * pagesz)
		memcpy(in, &id, sizeof(id));
	o = hvcall(control, in, in_size, NULL, 0);
	describe(got, sizeof(got), &o);
	describe_expect(want, sizeof(want), &e);
	report(outcome_matches(&o, &e), name, "%s; %s", got, want);
}

static void delete_case(const char *name, u64 control, u64 id, struct expect e)
{
	delete_at(name, control, id, in_page, 8, e);
}

/* ---- l. the device node ------------------------------------------------ */

static bool test_open(void)
{
	struct stat st;
	int rc;

	fd = open(dev_path, O_RDWR | O_CLOEXEC);
	report(fd >= 0, "open /dev/hvpart O_RDWR as root", "errno %s",
	       e2e_errname(errno));
	if (fd < 0)
		return false;
	rc = fstat(fd, &st);
	report(rc == 0 && S_ISCHR(st.st_mode) && (st.st_mode & 07777) == 0600,
	       "/dev/hvpart is a char device with mode 0600",
	       "rc %d mode 0%o", rc, (unsigned int)st.st_mode);
	return true;
}

/* ---- a. transport errors: EFAULT / EINVAL, nothing dispatched ---------- */

static void test_transport(void)
{
	struct hvpart_hvcall *hc;
	native_input p;
	struct outcome o;
	int ret;

	errno = 0;
	ret = ioctl(fd, HVPART_HVCALL, NULL);
	report(ret == -1 && errno == EFAULT, "hvcall: NULL argument -> EFAULT",
	       "ret %d errno %s", ret, e2e_errname(errno));

	errno = 0;
	ret = ioctl(fd, HVPART_HVCALL, none_page);
	report(ret == -1 && errno == EFAULT,
	       "hvcall: argument in a PROT_NONE page -> EFAULT",
	       "ret %d errno %s", ret, e2e_errname(errno));

	/*
	 * The struct's first 24 bytes readable (a good create), the rest in
	 * the PROT_NONE page: EFAULT, result untouched, no id consumed.
	 */
	default_input(&p);
	memcpy(in_page, &p, sizeof(p));
	hc = (struct hvpart_hvcall *)(in_page2 + pagesz - 24);
	hc->control = CTL_CREATE;
	hc->result = SENTINEL;
	hc->input = (u64)(uintptr_t)in_page;
	errno = 0;
	ret = ioctl(fd, HVPART_HVCALL, hc);
	report(ret == -1 && errno == EFAULT && hc->result == SENTINEL,
	       "hvcall: struct running into a PROT_NONE page -> EFAULT, result untouched",
	       "ret %d errno %s result 0x%" PRIx64, ret, e2e_errname(errno),
	       (u64)hc->result);

	/*
	 * A struct in a read-only page: it can be read, but the result
	 * cannot be written back, so nothing may run (EFAULT).
	 */
	default_input(&p);
	memcpy(in_page, &p, sizeof(p));
	{
		struct hvpart_hvcall ro = {
			.control = CTL_CREATE, .result = SENTINEL,
			.input = (u64)(uintptr_t)in_page,
			.output = (u64)(uintptr_t)out_page,
			.input_size = NATIVE_SIZE, .output_size = 8,
		};

		ro_write(0, &ro, sizeof(ro));
		errno = 0;
		ret = ioctl(fd, HVPART_HVCALL, ro_page);
		report(ret == -1 && errno == EFAULT,
		       "hvcall: good create with the struct in a PROT_READ page -> EFAULT",
		       "ret %d errno %s", ret, e2e_errname(errno));
		check_next_id("a create whose result could not be written (nothing created)");
	}

	/* Sizes over 4096: EINVAL before anything else, even the call code. */
	default_input(&p);
	memcpy(in_page, &p, sizeof(p));
	o = hvcall(CTL_CREATE, in_page, HVPAGE + 1, out_page, 8);
	judge_create("hvcall: input_size 4097 -> EINVAL, not dispatched", &o,
		     &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(CTL_CREATE, in_page, NATIVE_SIZE, out_page, HVPAGE + 1);
	judge_create("hvcall: output_size 4097 -> EINVAL, not dispatched", &o,
		     &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(CTL_CREATE, in_page, 0xffffffffU, out_page, 8);
	judge_create("hvcall: input_size 0xffffffff -> EINVAL, not dispatched", &o,
		     &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(CTL_CREATE, in_page, NATIVE_SIZE, out_page, 0xffffffffU);
	judge_create("hvcall: output_size 0xffffffff -> EINVAL, not dispatched", &o,
		     &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(0x9999, in_page, HVPAGE + 1, out_page, 8);
	judge_create("hvcall: input_size 4097 with unknown call code -> EINVAL, not dispatched",
		     &o, &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(CTL_CREATE | BIT64(31), in_page, NATIVE_SIZE, out_page, 8192);
	judge_create("hvcall: output_size 8192 with a reserved control bit -> EINVAL, not dispatched",
		     &o, &(struct expect)ERRNO(EINVAL), out_page);

	check_next_id("the transport errors");
}

/* ---- b. unknown call codes --------------------------------------------- */

static void test_call_codes(void)
{
	/*
	 * 0x0040-0x0046 are implemented; hvpart_lifecycle covers 0x0041-0x0046.
	 * Everything around them stays unknown.
	 */
	static const u16 codes[] = { 0x0000, 0x0001, 0x0002, 0x003f, 0x0047,
				     0x0048, 0x0049, 0x004a, 0x0050, 0x0100,
				     0x0141, 0x4040, 0x4041, 0x9999, 0xffff };
	char name[128];
	native_input p;
	unsigned int i;

	default_input(&p);
	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		snprintf(name, sizeof(name),
			 "call code 0x%04x -> INVALID_HYPERCALL_CODE", codes[i]);
		create_case(name, codes[i], &p, STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	}
	create_case("call code 0x10040 (fast bit + unknown code 0) -> INVALID_HYPERCALL_CODE",
		    HVPART_HYPERCALL_FAST_BIT, &p,
		    STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));

	/* The call code is checked before the rest of the control word... */
	create_case("unknown code 0x9999 with the nested bit (31) -> INVALID_HYPERCALL_CODE",
		    0x9999 | BIT64(31), &p, STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	create_case("unknown code 0x9999 with rep count 1 -> INVALID_HYPERCALL_CODE",
		    0x9999 | BIT64(32), &p, STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	/* ...before the sizes, the placement and the buffers. */
	create_at("unknown code 0x9999, input 0 size 0 -> INVALID_HYPERCALL_CODE",
		  0x9999, NULL, 0, NULL, 0, STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	create_at("unknown code 0x9999, misaligned input -> INVALID_HYPERCALL_CODE",
		  0x9999, in_page + 4, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	create_at("unknown code 0x9999, input in a PROT_NONE page -> INVALID_HYPERCALL_CODE",
		  0x9999, none_page, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));

	check_next_id("unknown call codes");
}

/* ---- c. the control word ----------------------------------------------- */

static void test_control(void)
{
	static const unsigned int rsvd_bits[] = { 27, 28, 29, 30, 31, 44, 45,
						  46, 47, 60, 61, 62, 63 };
	static const struct {
		const char *what;
		u64 bits;
	} fields[] = {
		{ "rep count 1", 1ULL << HVPART_HYPERCALL_REP_COMP_SHIFT },
		{ "rep count 0xfff", HVPART_HYPERCALL_REP_COMP_MASK },
		{ "rep start 1", 1ULL << HVPART_HYPERCALL_REP_START_SHIFT },
		{ "rep start 0xfff", HVPART_HYPERCALL_REP_START_MASK },
		{ "rep count 2 and rep start 1",
		  (2ULL << HVPART_HYPERCALL_REP_COMP_SHIFT) |
		  (1ULL << HVPART_HYPERCALL_REP_START_SHIFT) },
		{ "variable header size 1", 1ULL << HVPART_HYPERCALL_VARHEAD_SHIFT },
		{ "variable header size 0x3ff", HVPART_HYPERCALL_VARHEAD_MASK },
		{ "fast bit (CreatePartition is not fast-capable)",
		  HVPART_HYPERCALL_FAST_BIT },
	};
	char name[160];
	native_input p;
	unsigned int i;
	u64 id;

	default_input(&p);
	for (i = 0; i < ARRAY_SIZE(rsvd_bits); i++) {
		snprintf(name, sizeof(name),
			 "create with control bit %u (reserved) -> INVALID_HYPERCALL_INPUT",
			 rsvd_bits[i]);
		create_case(name, CTL_CREATE | BIT64(rsvd_bits[i]), &p,
			    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	create_case("create with every reserved control bit -> INVALID_HYPERCALL_INPUT",
		    CTL_CREATE | HVPART_HYPERCALL_RSVD_MASK, &p,
		    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		snprintf(name, sizeof(name),
			 "create with %s -> INVALID_HYPERCALL_INPUT", fields[i].what);
		create_case(name, CTL_CREATE | fields[i].bits, &p,
			    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}

	/* The control word is checked before the placement and the buffers. */
	create_at("create with fast bit and misaligned input -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE | HVPART_HYPERCALL_FAST_BIT, in_page + 4, NATIVE_SIZE,
		  out_page, 8, STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	create_at("create with the nested bit (31) and input in a PROT_NONE page -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE | BIT64(31), none_page, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));

	check_next_id("bad control words");

	/* DeletePartition: same rules, but the fast bit is accepted. */
	id = create_good("create a partition for the delete control-word cases");
	for (i = 0; i < ARRAY_SIZE(rsvd_bits); i += 4) {
		snprintf(name, sizeof(name),
			 "delete with control bit %u (reserved) -> INVALID_HYPERCALL_INPUT",
			 rsvd_bits[i]);
		delete_case(name, CTL_DELETE | BIT64(rsvd_bits[i]), id,
			    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	for (i = 0; i < ARRAY_SIZE(fields) - 1; i++) {
		snprintf(name, sizeof(name),
			 "delete with %s -> INVALID_HYPERCALL_INPUT", fields[i].what);
		delete_case(name, CTL_DELETE | fields[i].bits, id,
			    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	delete_case("delete with fast bit, id in the input page -> SUCCESS (fast-capable)",
		    CTL_DELETE | HVPART_HYPERCALL_FAST_BIT, id, SUCCESS);
	delete_case("delete again after the fast delete -> INVALID_PARTITION_ID",
		    CTL_DELETE, id, STATUS(HVPART_STATUS_INVALID_PARTITION_ID));
}

/* ---- d. buffer sizes against the call's layout ------------------------- */

static void test_sizes(void)
{
	static const u32 bad_in[] = { 0, 1, 8, 48, NATIVE_SIZE - 1 };
	static const u32 bad_out[] = { 0, 1, 4, 7 };
	char name[160];
	unsigned int i;
	u64 id;

	for (i = 0; i < ARRAY_SIZE(bad_in); i++) {
		if (bad_in[i] >= NATIVE_SIZE)
			continue;
		snprintf(name, sizeof(name),
			 "create with input_size %u (< %u) -> INVALID_HYPERCALL_INPUT",
			 bad_in[i], NATIVE_SIZE);
		create_at(name, CTL_CREATE, in_page, bad_in[i], out_page, 8,
			  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	for (i = 0; i < ARRAY_SIZE(bad_out); i++) {
		snprintf(name, sizeof(name),
			 "create with output_size %u (< 8) -> INVALID_HYPERCALL_INPUT",
			 bad_out[i]);
		create_at(name, CTL_CREATE, in_page, NATIVE_SIZE, out_page,
			  bad_out[i], STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	/* Sizes are checked before placement and buffers. */
	create_at("create with input_size 55 and misaligned input -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE, in_page + 4, NATIVE_SIZE - 1, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	create_at("create with output 0 and output_size 0 -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE, in_page, NATIVE_SIZE, NULL, 0,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	create_at("create with input 0 and input_size 0 -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE, NULL, 0, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	check_next_id("too small sizes");

	/* A whole page is fine: only the layout is read. */
	memset(in_page, 0xff, HVPAGE);
	{
		native_input p;

		default_input(&p);
		memcpy(in_page, &p, sizeof(p));
	}
	memset(out_page, 0xa5, HVPAGE);
	{
		struct outcome o = hvcall(CTL_CREATE, in_page, HVPAGE, out_page,
					  HVPAGE);

		judge_create("create with input_size 4096 (0xff past the layout) and output_size 4096 -> SUCCESS",
			     &o, &(struct expect)SUCCESS, out_page);
	}
	create_at("create with input_size 4096, output_size 8 -> SUCCESS",
		  CTL_CREATE, in_page, HVPAGE, out_page, 8, SUCCESS);
	create_at("create with input_size 56, output_size 4096 -> SUCCESS",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page, HVPAGE, SUCCESS);
	create_at("create with input_size 1000, output_size 100 -> SUCCESS",
		  CTL_CREATE, in_page, 1000, out_page, 100, SUCCESS);

	id = create_good("create a partition for the delete size cases");
	delete_at("delete with input_size 0 -> INVALID_HYPERCALL_INPUT",
		  CTL_DELETE, id, in_page, 0, STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	delete_at("delete with input_size 7 -> INVALID_HYPERCALL_INPUT",
		  CTL_DELETE, id, in_page, 7, STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	delete_at("delete with input_size 4097 -> EINVAL, not dispatched",
		  CTL_DELETE, id, in_page, HVPAGE + 1, ERRNO(EINVAL));
	delete_at("delete with input_size 4096 -> SUCCESS", CTL_DELETE, id,
		  in_page, HVPAGE, SUCCESS);
}

/* ---- e. alignment, page crossing, overlap ------------------------------ */

static void test_placement(void)
{
	u8 *end = in_page + HVPAGE;	/* a 4 KiB boundary, in_page2 behind it */
	char name[160];
	unsigned int off;
	u64 id;

	for (off = 1; off < 8; off++) {
		snprintf(name, sizeof(name),
			 "create with input at page+%u (misaligned) -> INVALID_ALIGNMENT", off);
		create_at(name, CTL_CREATE, in_page + off, NATIVE_SIZE, out_page, 8,
			  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	}
	create_at("create with output at page+4 (misaligned) -> INVALID_ALIGNMENT",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page + 4, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with output at page+1 (misaligned) -> INVALID_ALIGNMENT",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page + 1, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with output at page_end-4 (misaligned) -> INVALID_ALIGNMENT",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page + HVPAGE - 4, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with input at page_end-8 (layout crosses 4 KiB) -> INVALID_ALIGNMENT",
		  CTL_CREATE, end - 8, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	snprintf(name, sizeof(name),
		 "create with input at page_end-%u (crosses by 8) -> INVALID_ALIGNMENT",
		 NATIVE_SIZE - 8);
	create_at(name, CTL_CREATE, end - (NATIVE_SIZE - 8), NATIVE_SIZE,
		  out_page, 8, STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with input at PROT_NONE page_end-8 (crossing beats EFAULT) -> INVALID_ALIGNMENT",
		  CTL_CREATE, none_page + pagesz - 8, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with misaligned input in a PROT_NONE page (alignment beats EFAULT) -> INVALID_ALIGNMENT",
		  CTL_CREATE, none_page + 4, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with input == output -> INVALID_ALIGNMENT (overlap)",
		  CTL_CREATE, in_page, NATIVE_SIZE, in_page, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with output at input+8 -> INVALID_ALIGNMENT (overlap)",
		  CTL_CREATE, in_page, NATIVE_SIZE, in_page + 8, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	snprintf(name, sizeof(name),
		 "create with output at input+%u (last qword) -> INVALID_ALIGNMENT (overlap)",
		 NATIVE_SIZE - 8);
	create_at(name, CTL_CREATE, in_page, NATIVE_SIZE, in_page + NATIVE_SIZE - 8, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	check_next_id("misplaced pages");

	/* Exactly at the edges is fine. */
	snprintf(name, sizeof(name),
		 "create with input at page_end-%u (ends at the boundary) -> SUCCESS",
		 NATIVE_SIZE);
	create_at(name, CTL_CREATE, end - NATIVE_SIZE, NATIVE_SIZE, out_page, 8,
		  SUCCESS);
	snprintf(name, sizeof(name),
		 "create with input at page_end-%u, input_size 4096 (only the layout counts) -> SUCCESS",
		 NATIVE_SIZE);
	create_at(name, CTL_CREATE, end - NATIVE_SIZE, HVPAGE, out_page, 8,
		  SUCCESS);
	create_at("create with output at page_end-8 -> SUCCESS",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page + HVPAGE - 8, 8, SUCCESS);
	snprintf(name, sizeof(name),
		 "create with output at input+%u (adjacent) -> SUCCESS", NATIVE_SIZE);
	create_at(name, CTL_CREATE, in_page, NATIVE_SIZE, in_page + NATIVE_SIZE, 8,
		  SUCCESS);
	create_at("create with output right before input (adjacent) -> SUCCESS",
		  CTL_CREATE, in_page + 64, NATIVE_SIZE, in_page + 56, 8, SUCCESS);
	create_at("create with input and output in the same page, apart -> SUCCESS",
		  CTL_CREATE, in_page + 512, NATIVE_SIZE, in_page + 2048, 8, SUCCESS);

	id = create_good("create a partition for the delete placement cases");
	delete_at("delete with input at page+4 (misaligned) -> INVALID_ALIGNMENT",
		  CTL_DELETE, id, in_page + 4, 8, STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	delete_at("delete with input at page_end-4 (misaligned, crossing) -> INVALID_ALIGNMENT",
		  CTL_DELETE, id, end - 4, 8, STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	delete_at("delete with input at page_end-8 -> SUCCESS",
		  CTL_DELETE, id, end - 8, 8, SUCCESS);
}

/* ---- f. unreadable input, unwritable output ---------------------------- */

static void test_faults(void)
{
	u64 id;

	create_at("create with input in a PROT_NONE page -> EFAULT, not dispatched",
		  CTL_CREATE, none_page, NATIVE_SIZE, out_page, 8, ERRNO(EFAULT));
	create_at("create with input at address 0, input_size 56 -> EFAULT, not dispatched",
		  CTL_CREATE, NULL, NATIVE_SIZE, out_page, 8, ERRNO(EFAULT));
	check_next_id("unreadable input");

	create_at("create with output in a PROT_READ page -> EFAULT, not dispatched",
		  CTL_CREATE, in_page, NATIVE_SIZE, ro_page, 8, ERRNO(EFAULT));
	check_next_id("an unwritable output (no partition created)");
	create_at("create with output in a PROT_NONE page -> EFAULT, not dispatched",
		  CTL_CREATE, in_page, NATIVE_SIZE, none_page, 8, ERRNO(EFAULT));
	check_next_id("an output in a PROT_NONE page");
	create_at("create with output at address 0, output_size 8 -> EFAULT, not dispatched",
		  CTL_CREATE, in_page, NATIVE_SIZE, NULL, 8, ERRNO(EFAULT));
	check_next_id("an output at address 0");

	id = create_good("create a partition for the delete fault cases");
	delete_at("delete with input in a PROT_NONE page -> EFAULT, not dispatched",
		  CTL_DELETE, id, none_page, 8, ERRNO(EFAULT));
	delete_case("delete after the EFAULT delete -> SUCCESS (it was not deleted)",
		    CTL_DELETE, id, SUCCESS);
}

/* ---- g. validation of the create input --------------------------------- */

static bool flag_defined(unsigned int bit)
{
	static const unsigned int defined[] = { 0, 1, 4, 8, 9, 10, 13, 15, 16,
						19, 20, 22 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(defined); i++)
		if (defined[i] == bit)
			return true;
	return false;
}

struct input_case {
	const char *name;
	void (*tweak)(native_input *p, u64 arg);
	u64 arg;
	u16 status;
};

static void tw_prox(native_input *p, u64 arg)
{
	p->proximity_domain_info.domain_id = (u32)arg;
	p->proximity_domain_info.flags = (u32)(arg >> 32);
}

static void tw_compat(native_input *p, u64 arg)
{
	p->compatibility_version = (u32)arg;
}

static void tw_padding(native_input *p, u64 arg)
{
	p->padding = (u32)arg;
}

static void tw_rz0(native_input *p, u64 arg)
{
	p->reserved_z0 = arg;
}

static void tw_features(native_input *p, u64 arg)
{
	p->disabled_processor_features[0] = arg;
	p->disabled_processor_features[1] = arg;
}

#if !defined(__aarch64__)
static void tw_xsave(native_input *p, u64 arg)
{
	p->disabled_processor_xsave_features = arg;
}

static void tw_all_features(native_input *p, u64 arg)
{
	tw_features(p, arg);
	tw_xsave(p, arg);
}
#endif

static void tw_flags(native_input *p, u64 arg)
{
	p->flags = arg;
}

#define PROX(domain, flags)	(((u64)(flags) << 32) | (u32)(domain))
#define VALID			HVPART_PROXIMITY_FLAG_INFO_VALID
#define PREF			HVPART_PROXIMITY_FLAG_PREFERRED
#define BADP			HVPART_STATUS_INVALID_PARAMETER
#define OK			HVPART_STATUS_SUCCESS

static const struct input_case input_cases[] = {
	/* Proximity domain info. */
	{ "proximity Valid, domain 0 (online) -> SUCCESS", tw_prox, PROX(0, VALID), OK },
	{ "proximity Valid|Preferred, domain 0 -> SUCCESS", tw_prox, PROX(0, VALID | PREF), OK },
	{ "proximity Valid, domain 64 -> INVALID_PARAMETER", tw_prox, PROX(64, VALID), BADP },
	{ "proximity Valid, domain 0xffffffff -> INVALID_PARAMETER", tw_prox, PROX(0xffffffff, VALID), BADP },
	{ "proximity Valid|Preferred, domain 64 -> INVALID_PARAMETER", tw_prox, PROX(64, VALID | PREF), BADP },
	{ "proximity Valid, domain 1 (node offline) -> INVALID_PARAMETER", tw_prox, PROX(1, VALID), BADP },
	{ "proximity Valid, domain 63 (node offline) -> INVALID_PARAMETER", tw_prox, PROX(63, VALID), BADP },
	{ "proximity Valid|Preferred, domain 1 (falls back) -> SUCCESS", tw_prox, PROX(1, VALID | PREF), OK },
	{ "proximity Valid|Preferred, domain 63 (falls back) -> SUCCESS", tw_prox, PROX(63, VALID | PREF), OK },
	{ "proximity not Valid, domain 64 (ignored) -> SUCCESS", tw_prox, PROX(64, 0), OK },
	{ "proximity not Valid, domain 0xffffffff (ignored) -> SUCCESS", tw_prox, PROX(0xffffffff, 0), OK },
	{ "proximity not Valid, domain 1 (ignored) -> SUCCESS", tw_prox, PROX(1, 0), OK },
	{ "proximity Preferred only, domain 7 (ignored) -> SUCCESS", tw_prox, PROX(7, PREF), OK },
	{ "proximity reserved flag bit with Valid -> INVALID_PARAMETER", tw_prox, PROX(0, VALID | 0x2), BADP },
	{ "proximity all flag bits, domain 0 -> INVALID_PARAMETER", tw_prox, PROX(0, 0xffffffffU), BADP },
	/* Compatibility version. */
	{ "compatibility version 0x0605 -> SUCCESS", tw_compat, 0x0605, OK },
	{ "compatibility version 0x0607 -> SUCCESS", tw_compat, 0x0607, OK },
	{ "compatibility version 0x0608 -> SUCCESS", tw_compat, 0x0608, OK },
	{ "compatibility version 0x0609 -> SUCCESS", tw_compat, 0x0609, OK },
	{ "compatibility version 0xfe00 -> SUCCESS", tw_compat, 0xfe00, OK },
	{ "compatibility version 0xff00 -> SUCCESS", tw_compat, 0xff00, OK },
	{ "compatibility version 0 -> INVALID_PARAMETER", tw_compat, 0, BADP },
	{ "compatibility version 0x0600 -> INVALID_PARAMETER", tw_compat, 0x0600, BADP },
	{ "compatibility version 0x0606 -> INVALID_PARAMETER", tw_compat, 0x0606, BADP },
	{ "compatibility version 0x0610 -> INVALID_PARAMETER", tw_compat, 0x0610, BADP },
	{ "compatibility version 0xffff -> INVALID_PARAMETER", tw_compat, 0xffff, BADP },
	{ "compatibility version 0x10609 -> INVALID_PARAMETER", tw_compat, 0x10609, BADP },
	{ "compatibility version 0xffffffff -> INVALID_PARAMETER", tw_compat, 0xffffffff, BADP },
	/* Padding and ReservedZ0. */
	{ "padding 1 -> INVALID_PARAMETER", tw_padding, 1, BADP },
	{ "padding 0x80000000 -> INVALID_PARAMETER", tw_padding, 0x80000000, BADP },
	{ "padding 0xffffffff -> INVALID_PARAMETER", tw_padding, 0xffffffff, BADP },
	{ "ReservedZ0 bit 0 -> INVALID_PARAMETER", tw_rz0, BIT64(0), BADP },
	{ "ReservedZ0 = 2 (mshv's SNP isolation) -> INVALID_PARAMETER", tw_rz0, 2, BADP },
	{ "ReservedZ0 = 3 (mshv's TDX isolation) -> INVALID_PARAMETER", tw_rz0, 3, BADP },
	{ "ReservedZ0 bit 31 -> INVALID_PARAMETER", tw_rz0, BIT64(31), BADP },
	{ "ReservedZ0 bit 32 -> INVALID_PARAMETER", tw_rz0, BIT64(32), BADP },
	{ "ReservedZ0 bit 63 -> INVALID_PARAMETER", tw_rz0, BIT64(63), BADP },
	/* Feature masks take anything, reserved bits included. */
	{ "DisabledProcessorFeatures all ones in both banks -> SUCCESS", tw_features, ~0ULL, OK },
	{ "DisabledProcessorFeatures 0x8000000000000001 in both banks -> SUCCESS", tw_features, 0x8000000000000001ULL, OK },
#if !defined(__aarch64__)
	{ "DisabledProcessorXsaveFeatures all ones -> SUCCESS", tw_xsave, ~0ULL, OK },
	{ "both feature masks all ones -> SUCCESS", tw_all_features, ~0ULL, OK },
#endif
	/* Several defined flags at once. */
	{ "every defined flag at once -> SUCCESS", tw_flags, HVPART_PARTITION_CREATION_FLAGS_VALID_MASK, OK },
	{ "every defined flag plus bit 2 -> INVALID_PARAMETER", tw_flags,
	  HVPART_PARTITION_CREATION_FLAGS_VALID_MASK | BIT64(2), BADP },
	{ "flags all ones -> INVALID_PARAMETER", tw_flags, ~0ULL, BADP },
};

#define NESTED_BIT	HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE_BIT
#define NESTED_FLAG	HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE
#define NOFEAT		STATUS_E(HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED, EOPNOTSUPP)

/*
 * NESTED_VIRTUALIZATION_CAPABLE is accepted only where KVM offers nested
 * virtualization (kvm_amd's or kvm_intel's "nested" parameter); without
 * KVM loaded it is PROCESSOR_FEATURE_NOT_SUPPORTED.  The other flags are
 * validated first.
 */
static bool nested_supported(void)
{
	static const char *const params[] = {
		"/sys/module/kvm_amd/parameters/nested",
		"/sys/module/kvm_intel/parameters/nested",
	};
	unsigned int i;
	char v[4];

	for (i = 0; i < ARRAY_SIZE(params); i++) {
		FILE *f = fopen(params[i], "r");

		if (!f)
			continue;
		if (!fgets(v, sizeof(v), f))
			v[0] = 0;
		fclose(f);
		if (v[0] == 'Y' || v[0] == '1')
			return true;
	}
	return false;
}

static void test_validation(void)
{
	bool nested = nested_supported();
	char name[160];
	native_input p;
	unsigned int i, bit;

	for (bit = 0; bit < 64; bit++) {
		bool def = flag_defined(bit);
		bool nofeat = bit == NESTED_BIT && !nested;

		default_input(&p);
		p.flags = BIT64(bit);
		snprintf(name, sizeof(name), "create with flags bit %u -> %s%s", bit,
			 nofeat ? "PROCESSOR_FEATURE_NOT_SUPPORTED" :
			 def ? "SUCCESS" : "INVALID_PARAMETER",
			 bit == NESTED_BIT ? (nested ? " (KVM has nested)" :
					      " (no nested KVM)") : "");
		create_case(name, CTL_CREATE, &p,
			    nofeat ? NOFEAT : def ? SUCCESS : STATUS(BADP));
	}
	check_next_id("the flag bits");

	for (bit = 1; bit <= 30; bit++) {
		default_input(&p);
		p.proximity_domain_info.flags = 1U << bit;
		snprintf(name, sizeof(name),
			 "create with proximity flags bit %u (reserved) -> INVALID_PARAMETER", bit);
		create_case(name, CTL_CREATE, &p, STATUS(BADP));
	}
	check_next_id("the reserved proximity flag bits");

	for (i = 0; i < ARRAY_SIZE(input_cases); i++) {
		const struct input_case *c = &input_cases[i];

		struct expect e = STATUS(c->status);

		default_input(&p);
		c->tweak(&p, c->arg);
		snprintf(name, sizeof(name), "create with %s", c->name);
		/* Nested virtualization only where KVM offers it. */
		if (c->status == OK && (p.flags & NESTED_FLAG) && !nested) {
			const char *arrow = strstr(c->name, " -> ");
			int len = arrow ? (int)(arrow - c->name) : (int)strlen(c->name);

			e = NOFEAT;
			snprintf(name, sizeof(name),
				 "create with %.*s, no nested KVM -> PROCESSOR_FEATURE_NOT_SUPPORTED",
				 len, c->name);
		}
		create_case(name, CTL_CREATE, &p, e);
	}
	check_next_id("the input field cases");
}

/* ---- i. the typed create ioctls ---------------------------------------- */

struct typed_case {
	const char *name;
	size_t poke_off;	/* byte offset in the ioctl struct, or 0 */
	u64 poke;		/* value to write there (8 bytes, or 4 below) */
	unsigned int poke_len;
	u16 status;
};

/*
 * Run one typed create.  @buf is the ioctl struct (72 or 64 bytes) with a
 * good input, then the case's poke; status and new_partition_id are out
 * members, preset to garbage that must be overwritten.
 */
static void typed_run(const char *name, unsigned long req, size_t id_off, size_t status_off, const struct typed_case *c)
{
	u8 buf[72];
	u64 id, garbage_id = 0x1122334455667788ULL;
	u32 status, garbage_status = 0xdeadbeef, compat = HVPART_COMPATIBILITY_21H2;
	int ret, err;
	bool ok;

	memset(buf, 0, sizeof(buf));
	memcpy(buf + 16, &compat, 4);		/* CompatibilityVersion */
	memcpy(buf + id_off, &garbage_id, 8);
	memcpy(buf + status_off, &garbage_status, 4);
	if (c->poke_len)
		memcpy(buf + c->poke_off, &c->poke, c->poke_len);

	errno = 0;
	ret = ioctl(fd, req, buf);
	err = ret ? errno : 0;
	memcpy(&id, buf + id_off, 8);
	memcpy(&status, buf + status_off, 4);

	if (c->status == HVPART_STATUS_SUCCESS) {
		ok = ret == 0 && status == 0;
		if (ok && id_resync) {
			printf("# resynced expected id to %" PRIu64 "\n", id);
			next_id = id;
			id_resync = false;
		}
		if (ok && id != next_id) {
			report(false, name, "ret 0, new_partition_id %" PRIu64
			       " where %" PRIu64 " was next", id, next_id);
			next_id = id + 1;
			return;
		}
		report(ok, name, "ret %d errno %s status 0x%x new_partition_id 0x%" PRIx64
		       "; want success", ret, e2e_errname(err), status, id);
		if (ok)
			next_id++;
		return;
	}
	ok = ret == -1 && err == EINVAL && status == c->status && id == 0;
	if (ret == 0) {
		if (id == next_id)
			next_id++;
		else
			id_resync = true;
	}
	report(ok, name, "ret %d errno %s status 0x%x new_partition_id 0x%" PRIx64
	       "; want -1 EINVAL, status 0x%x, new_partition_id 0",
	       ret, e2e_errname(err), status, id, c->status);
}

static void test_typed(void)
{
	static const struct typed_case amd64[] = {
		{ "AMD64 typed create, good input -> SUCCESS", 0, 0, 0, OK },
		{ "AMD64 typed create, flags bit 2 -> EINVAL, status 0x5", 0, BIT64(2), 8, BADP },
		{ "AMD64 typed create, flags bit 63 -> EINVAL, status 0x5", 0, BIT64(63), 8, BADP },
		{ "AMD64 typed create, LAPIC_ENABLED|X2APIC_CAPABLE -> SUCCESS", 0,
		  HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |
		  HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE, 8, OK },
		{ "AMD64 typed create, ReservedZ0 (offset 48) = 1 -> EINVAL, status 0x5", 48, 1, 8, BADP },
		{ "AMD64 typed create, xsave mask (offset 40) all ones -> SUCCESS", 40, ~0ULL, 8, OK },
		{ "AMD64 typed create, feature bank 1 (offset 32) all ones -> SUCCESS", 32, ~0ULL, 8, OK },
		{ "AMD64 typed create, padding (offset 20) = 1 -> EINVAL, status 0x5", 20, 1, 4, BADP },
		{ "AMD64 typed create, compatibility version 0 -> EINVAL, status 0x5", 16, 0, 4, BADP },
		{ "AMD64 typed create, proximity reserved flag bit 1 -> EINVAL, status 0x5", 12, 2, 4, BADP },
		{ "AMD64 typed create, proximity Valid domain 1 -> EINVAL, status 0x5", 8,
		  PROX(1, VALID), 8, BADP },
		{ "AMD64 typed create, reserved member (offset 68) = 1 -> EINVAL, status 0x5", 68, 1, 4, BADP },
		{ "AMD64 typed create, reserved member = 0x80000000 -> EINVAL, status 0x5", 68, 0x80000000, 4, BADP },
	};
	static const struct typed_case arm64[] = {
		{ "ARM64 typed create, good input -> SUCCESS", 0, 0, 0, OK },
		{ "ARM64 typed create, flags bit 2 -> EINVAL, status 0x5", 0, BIT64(2), 8, BADP },
		{ "ARM64 typed create, X2APIC_CAPABLE -> SUCCESS", 0,
		  HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE, 8, OK },
		{ "ARM64 typed create, ReservedZ0 (offset 40) = 1 -> EINVAL, status 0x5", 40, 1, 8, BADP },
		{ "ARM64 typed create, ReservedZ0 (offset 40) all ones -> EINVAL, status 0x5", 40, ~0ULL, 8, BADP },
		{ "ARM64 typed create, feature bank 1 (offset 32) all ones -> SUCCESS", 32, ~0ULL, 8, OK },
		{ "ARM64 typed create, padding (offset 20) = 1 -> EINVAL, status 0x5", 20, 1, 4, BADP },
		{ "ARM64 typed create, compatibility version 0x0610 -> EINVAL, status 0x5", 16, 0x0610, 4, BADP },
		{ "ARM64 typed create, reserved member (offset 60) = 1 -> EINVAL, status 0x5", 60, 1, 4, BADP },
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(amd64); i++)
		typed_run(amd64[i].name, HVPART_CREATE_PARTITION_AMD64, 56, 64,
			  &amd64[i]);
	for (i = 0; i < ARRAY_SIZE(arm64); i++)
		typed_run(arm64[i].name, HVPART_CREATE_PARTITION_ARM64, 48, 56,
			  &arm64[i]);

	errno = 0;
	ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, NULL);
	report(ret == -1 && errno == EFAULT, "AMD64 typed create, NULL argument -> EFAULT",
	       "ret %d errno %s", ret, e2e_errname(errno));
	errno = 0;
	ret = ioctl(fd, HVPART_CREATE_PARTITION_ARM64, none_page);
	report(ret == -1 && errno == EFAULT,
	       "ARM64 typed create, argument in a PROT_NONE page -> EFAULT",
	       "ret %d errno %s", ret, e2e_errname(errno));
	check_next_id("the typed creates");

	/* Good inputs that cannot be fully read, or written back. */
	{
		struct hvpart_create_partition_amd64 a = { 0 };
		struct hvpart_create_partition_arm64 r = { 0 };
		u8 *edge = in_page2 + pagesz - 40;

		a.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
		r.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
		memcpy(edge, &a, 40);	/* the rest is in the PROT_NONE page */
		errno = 0;
		ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, edge);
		report(ret == -1 && errno == EFAULT,
		       "AMD64 typed create, struct running into a PROT_NONE page -> EFAULT",
		       "ret %d errno %s", ret, e2e_errname(errno));
		ro_write(512, &a, sizeof(a));
		errno = 0;
		ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, ro_page + 512);
		report(ret == -1 && errno == EFAULT,
		       "AMD64 typed create, good input in a PROT_READ page -> EFAULT",
		       "ret %d errno %s", ret, e2e_errname(errno));
		ro_write(1024, &r, sizeof(r));
		errno = 0;
		ret = ioctl(fd, HVPART_CREATE_PARTITION_ARM64, ro_page + 1024);
		report(ret == -1 && errno == EFAULT,
		       "ARM64 typed create, good input in a PROT_READ page -> EFAULT",
		       "ret %d errno %s", ret, e2e_errname(errno));
		check_next_id("typed creates whose result could not be written (nothing created)");
	}
}

/* ---- j. delete ---------------------------------------------------------- */

static void test_delete(void)
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

static void test_ownership(void)
{
	u64 p, q, r;

	p = create_good("create partition P as root for the ownership cases");
	if (seteuid(OTHER_UID)) {
		report(false, "seteuid(1000)", "errno %s", e2e_errname(errno));
		return;
	}
	delete_case("delete root's partition P as uid 1000 without CAP_SYS_ADMIN -> ACCESS_DENIED, EACCES",
		    CTL_DELETE, p, STATUS_E(HVPART_STATUS_ACCESS_DENIED, EACCES));
	q = create_good("create partition Q as uid 1000 (fd opened by root)");
	delete_case("delete Q as uid 1000, its owner -> SUCCESS", CTL_DELETE, q,
		    SUCCESS);
	r = create_good("create partition R as uid 1000");
	if (seteuid(0)) {
		report(false, "seteuid(0)", "errno %s", e2e_errname(errno));
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

static void test_concurrency(void)
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
		report(false, "concurrency: allocate result tables", "errno %s",
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
	report(ran && !bad, name, "%u failed, children %s", bad,
	       ran ? "ok" : "failed");
	qsort(conc_ids, CONC_TOTAL, sizeof(*conc_ids), cmp_u64);
	for (i = 0; i < CONC_TOTAL; i++)
		if (conc_ids[i] != first + i)
			gaps++;
	snprintf(name, sizeof(name),
		 "concurrency: their ids are exactly %" PRIu64 "..%" PRIu64
		 " (unique, no gaps)", first, first + CONC_TOTAL - 1);
	report(!gaps, name, "%u ids out of place, lowest %" PRIu64 " highest %" PRIu64,
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
	report(ran && !bad && !other, name,
	       "%u ids not deleted exactly once; %u SUCCESS, %u INVALID_PARTITION_ID, %u other; children %s",
	       bad, ok_del, gone, other, ran ? "ok" : "failed");

	munmap(slots, create_sz);
	munmap(dslots, delete_sz);
	free(conc_ids);
	check_next_id("the concurrent creates and deletes");
}

/* ---- k. unknown ioctls -------------------------------------------------- */

static void test_unknown_ioctls(void)
{
	struct {
		const char *name;
		unsigned long req;
	} reqs[] = {
		{ "_IO(0xBD, 0x7f)", _IO(HVPART_IOCTL_MAGIC, 0x7f) },
		{ "_IO(0xBD, 0x00)", _IO(HVPART_IOCTL_MAGIC, 0x00) },
		{ "_IOWR(0xBD, 0x00, 48 bytes)", _IOC(_IOC_READ | _IOC_WRITE, HVPART_IOCTL_MAGIC, 0x00, 48) },
		{ "_IOR(0xBD, 0x00, struct hvpart_hvcall)", _IOR(HVPART_IOCTL_MAGIC, 0x00, struct hvpart_hvcall) },
		{ "_IOW(0xBD, 0x00, struct hvpart_hvcall)", _IOW(HVPART_IOCTL_MAGIC, 0x00, struct hvpart_hvcall) },
		{ "_IOWR(0xBD, 0x01, 56 bytes: the bare input page)", _IOC(_IOC_READ | _IOC_WRITE, HVPART_IOCTL_MAGIC, 0x01, 56) },
		{ "_IOWR(0xBD, 0x01, 80 bytes)", _IOC(_IOC_READ | _IOC_WRITE, HVPART_IOCTL_MAGIC, 0x01, 80) },
		{ "_IOWR(0xBD, 0xff, 40 bytes)", _IOC(_IOC_READ | _IOC_WRITE, HVPART_IOCTL_MAGIC, 0xff, 40) },
		{ "_IOWR(0xAE, 0x00, struct hvpart_hvcall) (KVM's magic)", _IOWR(0xAE, 0x00, struct hvpart_hvcall) },
		{ "_IO(0x42, 0x01)", _IO(0x42, 0x01) },
		{ "0 (no magic at all)", 0 },
	};
	u8 buf[128];
	char name[160];
	unsigned int i;
	int ret, err;

	for (i = 0; i < ARRAY_SIZE(reqs); i++) {
		memset(buf, 0, sizeof(buf));
		errno = 0;
		ret = ioctl(fd, reqs[i].req, buf);
		err = ret ? errno : 0;
		snprintf(name, sizeof(name), "unknown ioctl %s -> ENOTTY", reqs[i].name);
		report(ret == -1 && err == ENOTTY, name, "ret %d errno %s", ret,
		       e2e_errname(err));
	}
	check_next_id("unknown ioctls");
}

/*
 * HVPART_CHECK_EXTENSION: each capability's answer, and that it says what
 * the module does: the architecture's CPU-feature ioctl is there exactly
 * when its capability is, nested virtualization is granted exactly when
 * HVPART_CAP_NESTED_VIRT says so.  Numbers the module does not know
 * answer 0, never an error: a VMM built against a newer header asks an
 * older module.
 */
static void test_check_extension(void)
{
	static const unsigned long unknown[] = {
		7, 64, 1000, 0x7fffffff, 0xffffffffUL, (unsigned long)-1,
	};
	struct hvpart_vcpu_init vi = { 0 };
	struct hvpart_cpuid ci = { 0 };
	int cpuid, vcpu_init, nested, ret, err;
	native_input p;
	unsigned int i;

	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_API_VERSION);
	report(ret == HVPART_API_VERSION, "check extension API_VERSION -> HVPART_API_VERSION",
	       "ret %d, header %d", ret, HVPART_API_VERSION);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_HVCALL);
	report(ret == 1, "check extension HVCALL -> 1", "ret %d", ret);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_TYPED_CALLS);
	report(ret == 1, "check extension TYPED_CALLS -> 1", "ret %d", ret);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_NETLINK);
	report(ret == HVPART_GENL_VERSION, "check extension NETLINK -> HVPART_GENL_VERSION",
	       "ret %d, header %d", ret, HVPART_GENL_VERSION);

	cpuid = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_GET_CPUID);
	vcpu_init = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_GET_VCPU_INIT);
	report((cpuid == 0 || cpuid == 1) && cpuid + vcpu_init == 1,
	       "check extension: exactly one of GET_CPUID and GET_VCPU_INIT",
	       "GET_CPUID %d, GET_VCPU_INIT %d", cpuid, vcpu_init);
	errno = 0;
	ret = ioctl(fd, HVPART_GET_CPUID, &ci);
	err = ret ? errno : 0;
	report((err == ENOTTY) == !cpuid,
	       "check extension GET_CPUID says whether HVPART_GET_CPUID is there",
	       "cap %d, ioctl errno %s", cpuid, e2e_errname(err));
	errno = 0;
	ret = ioctl(fd, HVPART_GET_VCPU_INIT, &vi);
	err = ret ? errno : 0;
	report((err == ENOTTY) == !vcpu_init,
	       "check extension GET_VCPU_INIT says whether HVPART_GET_VCPU_INIT is there",
	       "cap %d, ioctl errno %s", vcpu_init, e2e_errname(err));

	nested = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_NESTED_VIRT);
	report((nested == 0 || nested == 1) && (nested == 1) == nested_supported(),
	       "check extension NESTED_VIRT agrees with KVM's nested parameter",
	       "cap %d, nested parameter %d", nested, nested_supported());
	default_input(&p);
	p.flags = NESTED_FLAG;
	create_case(nested == 1 ? "check extension NESTED_VIRT 1: a nested create -> SUCCESS" :
		    "check extension NESTED_VIRT 0: a nested create -> PROCESSOR_FEATURE_NOT_SUPPORTED",
		    CTL_CREATE, &p, nested == 1 ? SUCCESS : NOFEAT);
	if (nested == 1) {
		u64 id;

		memcpy(&id, out_page, sizeof(id));
		delete_case("delete the nested partition", CTL_DELETE, id, SUCCESS);
	}

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		char name[96];

		errno = 0;
		ret = ioctl(fd, HVPART_CHECK_EXTENSION, unknown[i]);
		err = ret < 0 ? errno : 0;
		snprintf(name, sizeof(name), "check extension %#lx (unknown) -> 0",
			 unknown[i]);
		report(ret == 0, name, "ret %d errno %s", ret, e2e_errname(err));
	}
	check_next_id("check extension");
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
	setvbuf(stdout, NULL, _IOLBF, 0);
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
		close(fd);
	}

	/* Named after the binary: the same program also runs as hvpart_e2e32. */
	printf("%s: %u passed, %u failed\n", basename(argv[0]), passed, failed);
	return failed ? 1 : 0;
}
