// SPDX-License-Identifier: GPL-2.0
/*
 * End-to-end test of the "hvpart" generic netlink family through hvctl:
 * list and show (text and JSON, checked field by field against what the
 * ioctls created), vm_attached following the VM an initialize bound (and
 * the /dev/hvpart file that bound it), monitor events in order, an
 * unprivileged lister, and a 100,000-partition dump.  Runs in the QEMU
 * guest right after insmod.
 *
 * Prints "ok - NAME" / "not ok - NAME" lines and
 * "hvpart_netlink: N passed, N failed" (e2e_util's reporter).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hvpart_codec.h"
#include "e2e_util.h"

#define HVCTL		"/bin/hvctl"
#define MANY		100000

static int dev = -1;

/* ---- a minimal JSON reader: enough for hvctl's output ---- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	bool b;
	unsigned long long num;	/* non-negative integers */
	long long snum;		/* and their signed reading */
	char *str;
	struct jval *items;	/* array elements or object values */
	char **keys;		/* object keys */
	size_t n;
};

static const char *jp;

static void jskip(void)
{
	while (isspace((unsigned char)*jp))
		jp++;
}

static bool jparse(struct jval *v);

static bool jparse_str(char **out)
{
	size_t cap = 16, len = 0;
	char *s = malloc(cap);

	if (*jp++ != '"')
		return false;
	while (*jp && *jp != '"') {
		char c = *jp++;

		if (c == '\\') {
			c = *jp++;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'u') {
				c = (char)strtol((char[]){ jp[0], jp[1], jp[2],
							    jp[3], 0 }, NULL, 16);
				jp += 4;
			}
		}
		if (len + 2 > cap)
			s = realloc(s, cap *= 2);
		s[len++] = c;
	}
	if (*jp++ != '"')
		return false;
	s[len] = 0;
	*out = s;
	return true;
}

static bool jparse_list(struct jval *v, char close, bool object)
{
	size_t cap = 8;

	v->items = calloc(cap, sizeof(*v->items));
	v->keys = object ? calloc(cap, sizeof(*v->keys)) : NULL;
	jp++;
	jskip();
	if (*jp == close) {
		jp++;
		return true;
	}
	for (;;) {
		if (v->n == cap) {
			cap *= 2;
			v->items = realloc(v->items, cap * sizeof(*v->items));
			if (object)
				v->keys = realloc(v->keys, cap * sizeof(*v->keys));
		}
		jskip();
		if (object) {
			if (!jparse_str(&v->keys[v->n]))
				return false;
			jskip();
			if (*jp++ != ':')
				return false;
		}
		memset(&v->items[v->n], 0, sizeof(v->items[v->n]));
		if (!jparse(&v->items[v->n++]))
			return false;
		jskip();
		if (*jp == ',') {
			jp++;
			continue;
		}
		return *jp++ == close;
	}
}

static bool jparse(struct jval *v)
{
	jskip();
	if (*jp == '{') {
		v->type = J_OBJ;
		return jparse_list(v, '}', true);
	}
	if (*jp == '[') {
		v->type = J_ARR;
		return jparse_list(v, ']', false);
	}
	if (*jp == '"') {
		v->type = J_STR;
		return jparse_str(&v->str);
	}
	if (!strncmp(jp, "true", 4) || !strncmp(jp, "false", 5)) {
		v->type = J_BOOL;
		v->b = *jp == 't';
		jp += v->b ? 4 : 5;
		return true;
	}
	if (!strncmp(jp, "null", 4)) {
		v->type = J_NULL;
		jp += 4;
		return true;
	}
	if (*jp == '-' || isdigit((unsigned char)*jp)) {
		char *end;

		v->type = J_NUM;
		if (*jp == '-') {
			v->snum = strtoll(jp, &end, 10);
			v->num = (unsigned long long)v->snum;
		} else {
			v->num = strtoull(jp, &end, 10);
			v->snum = (long long)v->num;
		}
		jp = end;
		return true;
	}
	return false;
}

static bool jparse_text(const char *text, struct jval *v)
{
	memset(v, 0, sizeof(*v));
	jp = text;
	if (!jparse(v))
		return false;
	jskip();
	return *jp == 0;
}

static const struct jval *jget(const struct jval *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

static void jfree(struct jval *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		jfree(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
}

/* ---- running hvctl ---- */

/* Run hvctl with args; its stdout in *out (malloc'ed). Returns exit code. */
static int hvctl_run(char **out, const char *const *args)
{
	size_t cap = 1 << 16, len = 0;
	int pipefd[2], status;
	const char *argv[16];
	ssize_t n;
	pid_t pid;
	int i;

	argv[0] = "hvctl";
	for (i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execv(HVCTL, (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	*out = malloc(cap);
	while ((n = read(pipefd[0], *out + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096)
			*out = realloc(*out, cap *= 2);
	}
	(*out)[len] = 0;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

#define HVCTL_RUN(out, ...) hvctl_run(out, (const char *const[]){ __VA_ARGS__, NULL })

/* ---- partitions through the ioctls ---- */

static unsigned long long create(unsigned long long flags, unsigned int domain,
				 unsigned int prox_flags, unsigned long long bank0,
				 unsigned long long xsave)
{
	struct hvpart_create_partition_amd64 c = { .input = {
		.flags = flags,
		.proximity_domain_info = { domain, prox_flags },
		.compatibility_version = HVPART_COMPATIBILITY_21H1,
		.disabled_processor_features = { bank0, 0 },
		.disabled_processor_xsave_features = xsave,
	} };

	if (ioctl(dev, HVPART_CREATE_PARTITION_AMD64, &c))
		return 0;
	return c.new_partition_id;
}

/*
 * A typed lifecycle call on /dev/hvpart file @hv; @vm_fd goes in for
 * initialize (a VM of this process's, or -1 for none) and must come back.
 */
static int lifecycle_on(int hv, unsigned long request, unsigned long long id,
			int vm_fd)
{
	struct hvpart_partition_op op = { .partition_id = id, .vm_fd = vm_fd };
	int ret = ioctl(hv, request, &op);

	if (request == HVPART_INITIALIZE_PARTITION && op.vm_fd != vm_fd)
		return -EPROTO;
	return ret ? -errno : 0;
}

static int lifecycle(unsigned long request, unsigned long long id)
{
	return lifecycle_on(dev, request, id, -1);
}

static bool kvm_present(void)
{
	return access("/dev/kvm", R_OK | W_OK) == 0;
}

/* "show ID" as JSON: state @state and vm_attached @attached. */
static bool show_says(unsigned long long id, const char *state, bool attached)
{
	const struct jval *st, *at;
	char ids[24], *out = NULL;
	struct jval v;
	bool ok;

	snprintf(ids, sizeof(ids), "%llu", id);
	if (HVCTL_RUN(&out, "-j", "show", ids) != 0) {
		free(out);
		return false;
	}
	ok = jparse_text(out, &v) && v.type == J_OBJ;
	st = ok ? jget(&v, "state") : NULL;
	at = ok ? jget(&v, "vm_attached") : NULL;
	ok = st && st->type == J_STR && !strcmp(st->str, state) &&
	     at && at->type == J_BOOL && at->b == attached;
	jfree(&v);
	free(out);
	return ok;
}

/* ---- the tests ---- */

static void test_show_fields(void)
{
	unsigned long long flags = HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |
				   HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE;
	unsigned long long id;
	const struct jval *f;
	struct timespec now;
	struct jval v;
	char *out;
	int rc;

	clock_gettime(CLOCK_REALTIME, &now);
	id = create(flags, 0, HVPART_PROXIMITY_FLAG_INFO_VALID, 1ULL << 4, 1ULL << 2);
	e2e_check(id != 0, "create a partition to show");
	{
		char ids[24];

		snprintf(ids, sizeof(ids), "%llu", id);
		rc = HVCTL_RUN(&out, "-j", "show", ids);
	}
	e2e_check(rc == 0, "hvctl -j show exits 0 (got %d)", rc);
	e2e_check(jparse_text(out, &v) && v.type == J_OBJ, "hvctl -j show prints one JSON object");

	f = jget(&v, "id");
	e2e_check(f && f->type == J_NUM && f->num == id, "show: id");
	f = jget(&v, "state");
	e2e_check(f && f->type == J_STR && !strcmp(f->str, "created"), "show: state created");
	f = jget(&v, "flags");
	e2e_check(f && f->type == J_NUM && f->num == flags, "show: flags");
	f = jget(&v, "flag_names");
	e2e_check(f && f->type == J_ARR && f->n == 2 &&
		  !strcmp(f->items[0].str, "LAPIC_ENABLED") &&
		  !strcmp(f->items[1].str, "X2APIC_CAPABLE"), "show: flag_names");
	f = jget(&v, "compatibility_version");
	e2e_check(f && f->num == HVPART_COMPATIBILITY_21H1, "show: compatibility_version");
	f = jget(&v, "proximity_domain");
	e2e_check(f && f->num == 0, "show: proximity_domain");
	f = jget(&v, "proximity_flags");
	e2e_check(f && f->num == HVPART_PROXIMITY_FLAG_INFO_VALID, "show: proximity_flags");
	f = jget(&v, "disabled_features");
	e2e_check(f && f->type == J_ARR && f->n == 2 && f->items[0].num == 1ULL << 4 &&
		  f->items[1].num == 0, "show: disabled_features");
	f = jget(&v, "disabled_xsave");
	e2e_check(f && f->num == 1ULL << 2, "show: disabled_xsave");
	f = jget(&v, "owner_uid");
	e2e_check(f && f->num == getuid(), "show: owner_uid");
	f = jget(&v, "creator_pid");
	e2e_check(f && f->num == (unsigned long long)getpid(), "show: creator_pid");
	f = jget(&v, "create_time_ns");
	e2e_check(f && f->num >= (unsigned long long)now.tv_sec * 1000000000ULL &&
		  f->num < ((unsigned long long)now.tv_sec + 60) * 1000000000ULL,
		  "show: create_time_ns is now");
	f = jget(&v, "numa_node");
	e2e_check(f && f->type == J_NUM && f->snum == 0, "show: numa_node 0 (required domain 0)");
	f = jget(&v, "vm_attached");
	e2e_check(f && f->type == J_BOOL && !f->b, "show: vm_attached false");
	jfree(&v);
	free(out);

	/* Text output of the same partition. */
	{
		char ids[24], line[64];

		snprintf(ids, sizeof(ids), "%llu", id);
		rc = HVCTL_RUN(&out, "show", ids);
		snprintf(line, sizeof(line), "id: %llu\n", id);
		e2e_check(rc == 0 && strstr(out, line) && strstr(out, "state: created"),
			  "hvctl show prints id and state as text");
		free(out);

		if (kvm_present()) {
			/* The VMM's own VM; the partition holds it after close. */
			int vm = e2e_kvm_vm();

			e2e_check(vm >= 0 &&
				  lifecycle_on(dev, HVPART_INITIALIZE_PARTITION, id, vm) == 0,
				  "initialize the shown partition with a VM of this process's");
			if (vm >= 0)
				close(vm);
			rc = HVCTL_RUN(&out, "-j", "show", ids);
			e2e_check(jparse_text(out, &v) &&
				  jget(&v, "vm_attached") && jget(&v, "vm_attached")->b &&
				  !strcmp(jget(&v, "state")->str, "initialized"),
				  "show: initialized, vm_attached true");
			jfree(&v);
			free(out);
			lifecycle(HVPART_FINALIZE_PARTITION, id);
		}
		e2e_check(lifecycle(HVPART_DELETE_PARTITION, id) == 0, "delete the shown partition");
		rc = HVCTL_RUN(&out, "show", ids);
		e2e_check(rc == 1, "hvctl show of a deleted id exits 1 (got %d)", rc);
		free(out);
	}
}

/*
 * vm_attached follows the binding: none with vm_fd -1; with a VM, true
 * while the /dev/hvpart file that bound it is open, false once it closed
 * (the partition stays Initialized).
 */
static void test_vm_attached(void)
{
	unsigned long long id = create(0, 0, 0, 0, 0);
	int hv2, vm;

	e2e_check(id && lifecycle(HVPART_INITIALIZE_PARTITION, id) == 0,
		  "initialize with vm_fd -1 (no VM)");
	e2e_check(show_says(id, "initialized", false),
		  "show after initialize with vm_fd -1: initialized, vm_attached false");
	lifecycle(HVPART_FINALIZE_PARTITION, id);
	e2e_check(lifecycle(HVPART_DELETE_PARTITION, id) == 0, "finalize and delete it");
	if (!kvm_present())
		return;

	id = create(0, 0, 0, 0, 0);
	hv2 = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	vm = e2e_kvm_vm();
	e2e_check(id && hv2 >= 0 && vm >= 0 &&
		  lifecycle_on(hv2, HVPART_INITIALIZE_PARTITION, id, vm) == 0,
		  "initialize through a second /dev/hvpart file with a VM of this process's");
	if (vm >= 0)
		close(vm);
	e2e_check(show_says(id, "initialized", true),
		  "show with that file open (the VM fd closed): initialized, vm_attached true");
	if (hv2 >= 0)
		close(hv2);
	e2e_check(show_says(id, "initialized", false),
		  "show after that /dev/hvpart file closed: still initialized, vm_attached false");
	lifecycle(HVPART_FINALIZE_PARTITION, id);
	e2e_check(lifecycle(HVPART_DELETE_PARTITION, id) == 0, "finalize and delete it");
}

static void test_list(void)
{
	unsigned long long ids[3];
	struct jval v;
	char *out;
	size_t i;
	int rc;

	for (i = 0; i < 3; i++)
		ids[i] = create(0, 0, 0, 0, 0);
	e2e_check(ids[0] && ids[1] == ids[0] + 1 && ids[2] == ids[1] + 1,
		  "create three partitions");
	lifecycle(HVPART_DELETE_PARTITION, ids[1]);

	rc = HVCTL_RUN(&out, "-j", "list");
	e2e_check(rc == 0, "hvctl -j list exits 0");
	e2e_check(jparse_text(out, &v) && v.type == J_ARR, "hvctl -j list prints a JSON array");
	e2e_check(v.n == 2 && jget(&v.items[0], "id")->num == ids[0] &&
		  jget(&v.items[1], "id")->num == ids[2],
		  "list holds exactly the live partitions, in id order (got %zu)", v.n);
	jfree(&v);
	free(out);

	rc = HVCTL_RUN(&out, "-j", "-p", "list");
	e2e_check(rc == 0 && strchr(out, '\n') != strrchr(out, '\n') &&
		  jparse_text(out, &v) && v.n == 2, "hvctl -j -p list is indented, same content");
	jfree(&v);
	free(out);

	rc = HVCTL_RUN(&out, "list");
	e2e_check(rc == 0 && strstr(out, "ID") && strstr(out, "STATE"), "hvctl list prints a heading");
	free(out);

	lifecycle(HVPART_DELETE_PARTITION, ids[0]);
	lifecycle(HVPART_DELETE_PARTITION, ids[2]);
	rc = HVCTL_RUN(&out, "-j", "list");
	e2e_check(rc == 0 && jparse_text(out, &v) && v.n == 0, "an empty list is []");
	jfree(&v);
	free(out);
}

/*
 * One line from @fd into @buf, waiting at most @ms for each byte: a
 * missing event must fail the check, not hang the suite.  Byte by byte,
 * so nothing past the line is taken from the pipe.
 */
static bool read_line_timeout(int fd, char *buf, size_t size, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t len = 0;

	while (len + 1 < size) {
		char c;

		if (poll(&pfd, 1, ms) != 1 || read(fd, &c, 1) != 1)
			return false;
		buf[len++] = c;
		if (c == '\n')
			break;
	}
	buf[len] = '\0';
	return len > 0;
}

static void test_monitor(void)
{
	static const struct {
		const char *event, *state;
		bool attached;
	} with_vm[] = {
		{ "create", "created", false },
		{ "state", "initialized", true },
		{ "state", "initialized", false },	/* the binding file closed */
		{ "state", "finalized", false },
		{ "delete", "deleted", false },
	}, no_vm[] = {
		{ "create", "created", false },
		{ "state", "initialized", false },
		{ "state", "finalized", false },
		{ "delete", "deleted", false },
	};
	bool kvm = kvm_present();
	unsigned int n = kvm ? ARRAY_SIZE(with_vm) : ARRAY_SIZE(no_vm);
	unsigned long long id;
	char count[8], line[4096];
	int pipefd[2], status, vm = -1, hv2 = -1;
	unsigned int i;
	pid_t pid;

	snprintf(count, sizeof(count), "%u", n);
	if (pipe(pipefd))
		return;
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execl(HVCTL, "hvctl", "-j", "monitor", "--count", count, NULL);
		_exit(127);
	}
	close(pipefd[1]);
	/* Nothing says when monitor has joined the group: give it time. */
	sleep(2);

	id = create(0, 0, 0, 0, 0);
	if (kvm) {
		/*
		 * A VM of this process's, bound through a /dev/hvpart file of
		 * its own, which is then closed: the binding ends, an event
		 * says so, and the partition stays Initialized.
		 */
		hv2 = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
		vm = e2e_kvm_vm();
		lifecycle_on(hv2 >= 0 ? hv2 : dev, HVPART_INITIALIZE_PARTITION, id, vm);
		if (vm >= 0)
			close(vm);
		if (hv2 >= 0)
			close(hv2);
	} else {
		lifecycle(HVPART_INITIALIZE_PARTITION, id);
	}
	lifecycle(HVPART_FINALIZE_PARTITION, id);
	lifecycle(HVPART_DELETE_PARTITION, id);

	for (i = 0; i < n; i++) {
		const char *event = kvm ? with_vm[i].event : no_vm[i].event;
		const char *state = kvm ? with_vm[i].state : no_vm[i].state;
		bool attached = kvm ? with_vm[i].attached : no_vm[i].attached;
		const struct jval *at;
		struct jval v;
		bool ok;

		if (!read_line_timeout(pipefd[0], line, sizeof(line), 20000)) {
			e2e_check(false, "monitor event %u arrives (within 20 s)", i + 1);
			kill(pid, SIGKILL);
			break;
		}
		ok = jparse_text(line, &v) && v.type == J_OBJ &&
		     jget(&v, "event") && !strcmp(jget(&v, "event")->str, event) &&
		     jget(&v, "state") && !strcmp(jget(&v, "state")->str, state) &&
		     jget(&v, "id") && jget(&v, "id")->num == id;
		at = ok ? jget(&v, "vm_attached") : NULL;
		ok = ok && at && at->type == J_BOOL && at->b == attached;
		e2e_check(ok, "monitor event %u is %s, state %s, vm_attached %s, id %llu",
			  i + 1, event, state, attached ? "true" : "false", id);
		jfree(&v);
	}
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	e2e_check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "hvctl monitor --count %u exits 0 after its events", n);
}

/* Any user may list; only the device's owner may change anything. */
static void test_unprivileged(void)
{
	unsigned long long id = create(0, 0, 0, 0, 0);
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		char *out;
		int rc;

		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(10);
		rc = HVCTL_RUN(&out, "-j", "list");
		if (rc != 0 || !strstr(out, "\"id\""))
			_exit(11);
		rc = HVCTL_RUN(&out, "create");
		if (rc != 3)	/* /dev/hvpart is 0600 root */
			_exit(12);
		rc = HVCTL_RUN(&out, "delete", "1");
		if (rc != 3)
			_exit(13);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	e2e_check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "uid 1000 can list but not create or delete (child exit %d)",
		  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	lifecycle(HVPART_DELETE_PARTITION, id);
}

/*
 * Dumps under concurrent create and delete: 2,000 stable partitions must
 * all appear in every list, in strictly increasing id order, while a
 * child creates and deletes others as fast as it can.
 */
static void test_dump_under_churn(void)
{
	unsigned long long stable[2000];
	unsigned int round, missing = 0;
	bool ordered = true, parsed = true;
	int status, rc, bad_rc = 0;
	pid_t churn;
	size_t i, j;

	for (i = 0; i < 2000; i++)
		stable[i] = create(0, 0, 0, 0, 0);
	e2e_check(stable[0] && stable[1999] == stable[0] + 1999,
		  "create 2,000 stable partitions");

	churn = fork();
	if (churn == 0) {
		for (;;) {
			unsigned long long id = create(0, 0, 0, 0, 0);

			if (id)
				lifecycle(HVPART_DELETE_PARTITION, id);
		}
	}

	for (round = 0; round < 5; round++) {
		struct jval v;
		char *out;

		rc = HVCTL_RUN(&out, "-j", "list");
		if (rc)
			bad_rc = rc;
		if (!jparse_text(out, &v) || v.type != J_ARR) {
			parsed = false;
			free(out);
			continue;
		}
		for (i = 1; i < v.n; i++)
			if (jget(&v.items[i], "id")->num <=
			    jget(&v.items[i - 1], "id")->num)
				ordered = false;
		for (i = 0, j = 0; i < 2000; i++) {
			while (j < v.n && jget(&v.items[j], "id")->num < stable[i])
				j++;
			if (j == v.n || jget(&v.items[j], "id")->num != stable[i])
				missing++;
		}
		jfree(&v);
		free(out);
	}
	kill(churn, SIGKILL);
	waitpid(churn, &status, 0);

	e2e_check(!bad_rc, "5 lists during churn exit 0 (got %d)", bad_rc);
	e2e_check(parsed, "every list during churn is valid JSON");
	e2e_check(ordered, "every list during churn is in strictly increasing id order");
	e2e_check(!missing, "no stable partition missing from any list during churn (%u missing)",
		  missing);
	/* The stable ones and whatever the killed child left behind. */
	{
		struct jval v;
		char *out;

		HVCTL_RUN(&out, "-j", "list");
		if (jparse_text(out, &v) && v.type == J_ARR)
			for (i = 0; i < v.n; i++)
				lifecycle(HVPART_DELETE_PARTITION,
					  jget(&v.items[i], "id")->num);
		jfree(&v);
		free(out);
	}
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_many(void)
{
	unsigned long long first = 0, id, expect;
	struct timespec t0;
	bool ok = true;
	struct jval v;
	char *out;
	size_t i;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < MANY; i++) {
		id = create(0, 0, 0, 0, 0);
		if (!id) {
			ok = false;
			break;
		}
		if (!first)
			first = id;
	}
	e2e_check(ok, "create %d partitions (%.1f s)", MANY, seconds_since(&t0));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = HVCTL_RUN(&out, "-j", "list");
	e2e_check(rc == 0, "hvctl -j list of %d partitions exits 0 (%.1f s)", MANY,
		  seconds_since(&t0));
	ok = jparse_text(out, &v) && v.type == J_ARR && v.n == MANY;
	e2e_check(ok, "the list has all %d partitions (got %zu)", MANY, v.n);
	for (i = 0, expect = first; ok && i < v.n; i++, expect++) {
		const struct jval *f = jget(&v.items[i], "id");

		if (!f || f->num != expect) {
			ok = false;
			e2e_check(false, "entry %zu is id %llu", i, expect);
		}
	}
	if (ok)
		e2e_check(true, "the list is complete and in id order, %llu to %llu",
			  first, expect - 1);
	jfree(&v);
	free(out);

	for (id = first; id < first + MANY; id++)
		lifecycle(HVPART_DELETE_PARTITION, id);
	rc = HVCTL_RUN(&out, "-j", "list");
	e2e_check(rc == 0 && !strcmp(out, "[]\n"), "all deleted: the list is empty again");
	free(out);
}

int main(void)
{
	e2e_init("hvpart_netlink");
	dev = open("/dev/hvpart", O_RDWR);
	e2e_check(dev >= 0, "open /dev/hvpart");
	if (dev < 0)
		goto out;

	test_show_fields();
	test_vm_attached();
	test_list();
	test_monitor();
	test_unprivileged();
	test_dump_under_churn();
	test_many();
out:
	return e2e_summary();
}
