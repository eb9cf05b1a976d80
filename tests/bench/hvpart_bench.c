// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_bench: the figures of `make bench`, measured in the QEMU guest.
 *
 *   hvpart_bench core [--max N]    null round trip, create+delete, threads,
 *                                  scaling to N live partitions (1000000),
 *                                  the 100k netlink dump, slab per partition
 *   hvpart_bench kvm               a VMM's KVM_CREATE_VM + initialize
 *                                  against the KVM_CREATE_VM alone
 *   hvpart_bench gate              the few figures of the regression gate
 *                                  (tests/bench/gate.sh): null, create+
 *                                  delete, get-property; under QEMU's
 *                                  -icount shift=0 a guest ns is one
 *                                  guest instruction
 *   hvpart_bench loop WHAT N       one workload, untimed, for a profiler
 *                                  (tests/bench/run.sh --perf): null, cd
 *                                  (create+delete), get (the middle id
 *                                  of IDS_FILE, else a new partition),
 *                                  fill (N creates, ids kept in
 *                                  IDS_FILE), empty (deletes those), dump
 *                                  (N raw dumps, 32 KiB reads), dump4k
 *                                  (4 KiB reads)
 *
 * Each figure is measured next to its baseline in the same run.  Times
 * are medians of several batches, clock_gettime(CLOCK_MONOTONIC).  The
 * output is a text table between BENCH-TABLE-BEGIN and BENCH-TABLE-END
 * and one JSON object between BENCH-JSON-BEGIN and BENCH-JSON-END;
 * tests/bench/run.sh collects both.  Diagnostics are "# " lines.
 *
 * The kvm phase runs apart because KVM under TCG wants one online CPU
 * (see tests/e2e/init.sh), while the thread figures want four.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/hvpart.h>
#include <linux/kvm.h>
#include <linux/netlink.h>

#include "hvpart_shim.h"
#include "e2e_util.h"
#define BATCHES		7
#define UNKNOWN_CALL	0x0001ULL	/* no such call code: rejected first */
#define CTL_CREATE	((uint64_t)HVPART_CALL_CREATE_PARTITION)
#define CTL_DELETE	((uint64_t)HVPART_CALL_DELETE_PARTITION)
#define DUMP_AT		100000UL
#define RATE_BATCH	1000UL

static int fd;
static char json[1 << 16];
static size_t json_len;
static char table[1 << 14];
static size_t table_len;

__printf(1, 2)
static void jappend(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	json_len += vsnprintf(json + json_len, sizeof(json) - json_len, fmt, ap);
	va_end(ap);
	if (json_len >= sizeof(json))
		json_len = sizeof(json) - 1;
}

__printf(1, 2)
static void trow(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	table_len += vsnprintf(table + table_len, sizeof(table) - table_len,
			       fmt, ap);
	va_end(ap);
	if (table_len >= sizeof(table))
		table_len = sizeof(table) - 1;
}

__printf(1, 2)
static void note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- the operations ------------------------------------------------- */

static int hvcall(uint64_t control, const void *in, uint32_t in_size,
		  void *out, uint32_t out_size)
{
	struct hvpart_hvcall hc = {
		.control = control,
		.input = (uint64_t)(uintptr_t)in,
		.output = (uint64_t)(uintptr_t)out,
		.input_size = in_size,
		.output_size = out_size,
	};

	return ioctl(fd, HVPART_HVCALL, &hc);
}

/* A typed create on @dev; returns the id, 0 on failure (errno set). */
static uint64_t create_typed(int dev)
{
	struct hvpart_create_partition_amd64 c;

	memset(&c, 0, sizeof(c));
	c.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	if (ioctl(dev, HVPART_CREATE_PARTITION_AMD64, &c))
		return 0;
	return c.new_partition_id;
}

static int delete_typed(int dev, uint64_t id)
{
	struct hvpart_partition_op op = { .partition_id = id, .vm_fd = -1 };

	return ioctl(dev, HVPART_DELETE_PARTITION, &op);
}

static uint64_t create_hvcall(void)
{
	struct hvpart_input_create_partition_amd64 in;
	uint64_t id = 0;

	memset(&in, 0, sizeof(in));
	in.compatibility_version = HVPART_COMPATIBILITY_21H2;
	if (hvcall(CTL_CREATE, &in, sizeof(in), &id, sizeof(id)))
		return 0;
	return id;
}

static int delete_hvcall(uint64_t id)
{
	uint64_t in = id;

	return hvcall(CTL_DELETE, &in, sizeof(in), NULL, 0);
}

static int get_compat(uint64_t id, uint64_t *value)
{
	struct hvpart_partition_property p = {
		.partition_id = id,
		.property_code = HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION,
	};
	int ret = ioctl(fd, HVPART_GET_PARTITION_PROPERTY, &p);

	*value = p.property_value;
	return ret;
}

static void die(const char *what)
{
	printf("# error: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ---- timed loops, ns per operation, median of BATCHES --------------- */

enum op { OP_NULL, OP_CD_TYPED, OP_CD_HVCALL, OP_GET };

static uint64_t get_id;

static double time_op(enum op op, unsigned long n)
{
	double v[BATCHES];
	unsigned int b;
	unsigned long i;
	uint64_t t0, id, val;

	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			switch (op) {
			case OP_NULL:
				if (hvcall(UNKNOWN_CALL, NULL, 0, NULL, 0) == 0)
					die("null call succeeded");
				break;
			case OP_CD_TYPED:
				id = create_typed(fd);
				if (!id || delete_typed(fd, id))
					die("typed create+delete");
				break;
			case OP_CD_HVCALL:
				id = create_hvcall();
				if (!id || delete_hvcall(id))
					die("hvcall create+delete");
				break;
			case OP_GET:
				if (get_compat(get_id, &val) ||
				    val != HVPART_COMPATIBILITY_21H2)
					die("get-property");
				break;
			}
		}
		v[b] = (double)(now_ns() - t0) / n;
	}
	return median(v, BATCHES);
}

/* ---- memory ---------------------------------------------------------- */

/* A /proc/meminfo field in kB, -1 when missing. */
static long meminfo_kb(const char *field)
{
	char line[256];
	size_t len = strlen(field);
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			kb = strtol(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

#define MAX_CACHES 512

struct slab_cache {
	char name[64];
	long long bytes;	/* num_objs * objsize */
};

struct slab_snap {
	unsigned int n;
	struct slab_cache c[MAX_CACHES];
};

/* /proc/slabinfo; false when it cannot be read. */
static bool slab_snapshot(struct slab_snap *s)
{
	char line[512], name[64];
	long active, num, size;
	FILE *f = fopen("/proc/slabinfo", "r");

	s->n = 0;
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f) && s->n < MAX_CACHES) {
		if (line[0] == '#' || !strncmp(line, "slabinfo", 8))
			continue;
		if (sscanf(line, "%63s %ld %ld %ld", name, &active, &num,
			   &size) != 4)
			continue;
		snprintf(s->c[s->n].name, sizeof(s->c[0].name), "%s", name);
		s->c[s->n].bytes = (long long)num * size;
		s->n++;
	}
	fclose(f);
	return s->n > 0;
}

static struct slab_snap slab_before, slab_after;

/* The caches that grew most, into the JSON and the table. */
static void slab_report(unsigned long count)
{
	struct slab_cache top[6] = {};
	unsigned int i, j, k;
	long long d;

	for (i = 0; i < slab_after.n; i++) {
		d = slab_after.c[i].bytes;
		for (j = 0; j < slab_before.n; j++)
			if (!strcmp(slab_before.c[j].name, slab_after.c[i].name)) {
				d -= slab_before.c[j].bytes;
				break;
			}
		for (k = 0; k < ARRAY_SIZE(top); k++) {
			if (d <= top[k].bytes)
				continue;
			memmove(&top[k + 1], &top[k],
				(ARRAY_SIZE(top) - k - 1) * sizeof(top[0]));
			snprintf(top[k].name, sizeof(top[k].name), "%s",
				 slab_after.c[i].name);
			top[k].bytes = d;
			break;
		}
	}
	jappend("\"slabinfo_top\":[");
	for (k = 0; k < ARRAY_SIZE(top) && top[k].bytes >= (long long)count; k++) {
		jappend("%s{\"cache\":\"%s\",\"bytes_per_partition\":%.1f}",
			k ? "," : "", top[k].name, (double)top[k].bytes / count);
		trow("  slabinfo %-22s %10.1f B/partition\n", top[k].name,
		     (double)top[k].bytes / count);
	}
	jappend("],");
}

/* ---- netlink dump ---------------------------------------------------- */

/* Time `hvctl -j list > pipe`; bytes read into @bytes.  ns, <0 on error. */
static double time_dump(unsigned long long *bytes)
{
	char buf[65536];
	int p[2], status;
	uint64_t t0, t1;
	ssize_t r;
	pid_t pid;

	*bytes = 0;
	if (pipe(p))
		return -1;
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execl("/bin/hvctl", "hvctl", "-j", "list", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while ((r = read(p[0], buf, sizeof(buf))) > 0)
		*bytes += r;
	close(p[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	t1 = now_ns();
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return (double)(t1 - t0);
}

/*
 * The same dump without hvctl: a plain NETLINK_GENERIC socket, the family
 * id resolved through nlctrl, partition-get with NLM_F_DUMP, and the
 * messages counted, never parsed past their headers.  The kernel sizes
 * each dump round's skb after the largest read buffer the socket has
 * seen (up to about 32 KiB), NLMSG_GOODSIZE at least: @bufsize chooses.
 */
struct raw_dump {
	unsigned long messages;		/* partition-get replies */
	unsigned long rounds;		/* recv() calls that returned data */
	unsigned long long bytes;
	bool interrupted;		/* NLM_F_DUMP_INTR seen */
};

static int nl_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int rcvbuf = 1 << 20;
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (s < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		close(s);
		return -1;
	}
	return s;
}

static int nl_send(int s, uint16_t type, uint16_t flags, uint8_t cmd,
		   const void *attrs, size_t attrs_len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[256];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + attrs_len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = 1;
	g->cmd = cmd;
	g->version = 1;
	if (attrs_len)
		memcpy((char *)g + GENL_HDRLEN, attrs, attrs_len);
	return sendto(s, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&sa,
		      sizeof(sa)) < 0 ? -1 : 0;
}

/*
 * The id of the generic netlink family "hvpart", 0 when not found.  Read
 * @bufsize bytes at most: the socket's largest read sizes its dumps.
 */
static uint16_t nl_family_id(int s, size_t bufsize)
{
	char attrs[NLA_HDRLEN + NLA_ALIGN(sizeof(HVPART_GENL_NAME))];
	struct nlattr *na = (struct nlattr *)attrs;
	static char buf[16384];
	struct nlmsghdr *nlh;
	ssize_t len;
	int alen;

	memset(attrs, 0, sizeof(attrs));
	na->nla_type = CTRL_ATTR_FAMILY_NAME;
	na->nla_len = NLA_HDRLEN + sizeof(HVPART_GENL_NAME);
	memcpy(attrs + NLA_HDRLEN, HVPART_GENL_NAME, sizeof(HVPART_GENL_NAME));
	if (nl_send(s, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, attrs,
		    sizeof(attrs)))
		return 0;
	len = recv(s, buf, bufsize < sizeof(buf) ? bufsize : sizeof(buf), 0);
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
	     nlh = NLMSG_NEXT(nlh, len)) {
		if (nlh->nlmsg_type != GENL_ID_CTRL)
			return 0;
		na = (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
		alen = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
		while (alen >= NLA_HDRLEN && na->nla_len >= NLA_HDRLEN &&
		       na->nla_len <= alen) {
			if (na->nla_type == CTRL_ATTR_FAMILY_ID)
				return *(uint16_t *)((char *)na + NLA_HDRLEN);
			alen -= NLA_ALIGN(na->nla_len);
			na = (struct nlattr *)((char *)na + NLA_ALIGN(na->nla_len));
		}
	}
	return 0;
}

/* One dump of every partition, read @bufsize bytes at a time. */
static int raw_dump_run(size_t bufsize, struct raw_dump *d)
{
	static char buf[1 << 17];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	uint16_t family;
	bool done = false;
	ssize_t len;
	int s, ret = -1;

	memset(d, 0, sizeof(*d));
	if (bufsize > sizeof(buf))
		bufsize = sizeof(buf);
	s = nl_socket();
	if (s < 0)
		return -1;
	family = nl_family_id(s, bufsize);
	if (!family) {
		errno = ENOENT;
		goto out;
	}
	if (nl_send(s, family, NLM_F_DUMP, HVPART_CMD_PARTITION_GET, NULL, 0))
		goto out;
	while (!done) {
		len = recv(s, buf, bufsize, MSG_TRUNC);
		if (len <= 0)
			goto out;
		if ((size_t)len > bufsize) {
			errno = EMSGSIZE;	/* a message was cut */
			goto out;
		}
		d->rounds++;
		d->bytes += len;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				d->interrupted = true;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				errno = -((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
				goto out;
			}
			g = NLMSG_DATA(nlh);
			if (nlh->nlmsg_type == family &&
			    g->cmd == HVPART_CMD_PARTITION_GET)
				d->messages++;
		}
	}
	ret = 0;
out:
	close(s);
	return ret;
}

/* Median ns of BATCHES raw dumps, with the counts of the last; <0 on error. */
static double time_raw_dump(size_t bufsize, struct raw_dump *d)
{
	double v[BATCHES];
	unsigned int b;
	uint64_t t0;

	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		if (raw_dump_run(bufsize, d))
			return -1;
		v[b] = (double)(now_ns() - t0);
	}
	return median(v, BATCHES);
}

/* ---- threads --------------------------------------------------------- */

struct worker {
	pthread_t t;
	unsigned long n;
	uint64_t *ids;
	pthread_barrier_t *bar;
	int err;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned long i;
	int dev = open("/dev/hvpart", O_RDWR | O_CLOEXEC);

	if (dev < 0)
		w->err = errno;
	pthread_barrier_wait(w->bar);
	for (i = 0; i < w->n && !w->err; i++) {
		w->ids[i] = create_typed(dev);
		if (!w->ids[i])
			w->err = errno;
	}
	pthread_barrier_wait(w->bar);
	for (i = 0; i < w->n && w->ids[i]; i++)
		delete_typed(dev, w->ids[i]);
	if (dev >= 0)
		close(dev);
	return NULL;
}

/* Creates per second with @nt threads making @total creates in all. */
static double thread_rate(unsigned int nt, unsigned long total)
{
	struct worker w[8];
	pthread_barrier_t bar;
	uint64_t t0, t1;
	unsigned int i;
	int err = 0;

	pthread_barrier_init(&bar, NULL, nt + 1);
	for (i = 0; i < nt; i++) {
		w[i].n = total / nt;
		w[i].ids = calloc(w[i].n, sizeof(uint64_t));
		w[i].bar = &bar;
		w[i].err = 0;
		if (!w[i].ids || pthread_create(&w[i].t, NULL, worker_main, &w[i]))
			die("thread");
	}
	pthread_barrier_wait(&bar);
	t0 = now_ns();
	pthread_barrier_wait(&bar);
	t1 = now_ns();
	for (i = 0; i < nt; i++) {
		pthread_join(w[i].t, NULL);
		if (w[i].err)
			err = w[i].err;
		free(w[i].ids);
	}
	pthread_barrier_destroy(&bar);
	if (err) {
		errno = err;
		die("threaded create");
	}
	return (double)(total / nt * nt) * 1e9 / (double)(t1 - t0);
}

/* ---- the core phase ---------------------------------------------------- */

struct level {
	unsigned long live;
	double create_ns;
	double get_ns;
};

/* Create cost at @live live partitions: RATE_BATCH more, then gone. */
static double create_cost(uint64_t *spare)
{
	double bv[BATCHES];
	unsigned int b;
	unsigned long i;
	uint64_t t0;

	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		for (i = 0; i < RATE_BATCH; i++) {
			spare[i] = create_typed(fd);
			if (!spare[i])
				die("create at level");
		}
		bv[b] = (double)(now_ns() - t0) / RATE_BATCH;
		for (i = 0; i < RATE_BATCH; i++)
			delete_typed(fd, spare[i]);
	}
	return median(bv, BATCHES);
}

static void core_phase(unsigned long max)
{
	static const unsigned long levels[] = { 1, 1000, 100000, 1000000 };
	static const unsigned int threads[] = { 1, 2, 4 };
	struct level lv[ARRAY_SIZE(levels)];
	double null_ns, typed_ns, raw_ns, rate, rate1 = 0, dump_ns = -1;
	unsigned long long dump_bytes = 0;
	static const size_t raw_bufs[] = { 4096, 32768 };
	double raw_ns_v[ARRAY_SIZE(raw_bufs)] = { -1, -1 };
	struct raw_dump raw[ARRAY_SIZE(raw_bufs)];
	unsigned long live = 0, i;
	long slab0, slab1, sunr0, sunr1, avail0, avail1;
	bool have_slabinfo;
	const char *stop = NULL;
	unsigned int l, k, nlv = 0;
	uint64_t *ids, t0;
	char stopbuf[128], label[64];
	double n;

	null_ns = time_op(OP_NULL, 20000);
	typed_ns = time_op(OP_CD_TYPED, 2000);
	raw_ns = time_op(OP_CD_HVCALL, 2000);
	jappend("\"null_ns\":%.1f,", null_ns);
	jappend("\"create_delete_typed_ns\":%.1f,\"create_delete_typed_ratio\":%.3f,",
		typed_ns, typed_ns / null_ns);
	jappend("\"create_delete_hvcall_ns\":%.1f,\"create_delete_hvcall_ratio\":%.3f,",
		raw_ns, raw_ns / null_ns);
	trow("%-44s %12s %10s\n", "figure", "value", "ratio");
	trow("%-44s %9.0f ns %10s\n", "null round trip (unknown call code)",
	     null_ns, "1.00");
	trow("%-44s %9.0f ns %9.2fx\n", "create+delete, typed ioctls", typed_ns,
	     typed_ns / null_ns);
	trow("%-44s %9.0f ns %9.2fx\n", "create+delete, HVPART_HVCALL", raw_ns,
	     raw_ns / null_ns);

	/* Threads, on an otherwise empty table. */
	jappend("\"threads\":[");
	for (k = 0; k < ARRAY_SIZE(threads); k++) {
		rate = thread_rate(threads[k], 20000);
		if (k == 0)
			rate1 = rate;
		jappend("%s{\"threads\":%u,\"creates_per_s\":%.0f,\"speedup\":%.2f}",
			k ? "," : "", threads[k], rate, rate / rate1);
		trow("create throughput, %u thread%-17s %9.0f /s %9.2fx\n",
		     threads[k], threads[k] > 1 ? "s" : "", rate, rate / rate1);
	}
	jappend("],");

	/* Scaling: fill to each level, measure there, go on. */
	ids = calloc(max + RATE_BATCH, sizeof(*ids));
	if (!ids)
		die("calloc ids");
	slab0 = meminfo_kb("Slab");
	sunr0 = meminfo_kb("SUnreclaim");
	avail0 = meminfo_kb("MemAvailable");
	have_slabinfo = slab_snapshot(&slab_before);
	for (l = 0; l < ARRAY_SIZE(levels) && levels[l] <= max && !stop; l++) {
		t0 = now_ns();
		for (; live < levels[l]; live++) {
			ids[live] = create_typed(fd);
			if (!ids[live]) {
				snprintf(stopbuf, sizeof(stopbuf),
					 "create %lu failed: %s", live + 1,
					 strerror(errno));
				stop = stopbuf;
				break;
			}
			if (live % 100000 == 99999)
				note("%lu live partitions", live + 1);
		}
		if (stop)
			break;
		note("filled to %lu in %.2f s", live, (now_ns() - t0) / 1e9);
		lv[nlv].live = live;
		lv[nlv].create_ns = create_cost(ids + live);
		get_id = ids[live / 2];
		lv[nlv].get_ns = time_op(OP_GET, 5000);
		nlv++;
		if (live == DUMP_AT) {
			dump_ns = time_dump(&dump_bytes);
			for (k = 0; k < ARRAY_SIZE(raw_bufs); k++)
				raw_ns_v[k] = time_raw_dump(raw_bufs[k],
							    &raw[k]);
		}
	}
	slab1 = meminfo_kb("Slab");
	sunr1 = meminfo_kb("SUnreclaim");
	avail1 = meminfo_kb("MemAvailable");

	jappend("\"scale\":[");
	trow("%-12s %14s %14s %16s\n", "live", "create ns", "creates/s",
	     "get-property ns");
	for (l = 0; l < nlv; l++) {
		jappend("%s{\"live\":%lu,\"create_ns\":%.1f,\"creates_per_s\":%.0f,\"get_property_ns\":%.1f}",
			l ? "," : "", lv[l].live, lv[l].create_ns,
			1e9 / lv[l].create_ns, lv[l].get_ns);
		trow("%-12lu %14.0f %14.0f %16.0f\n", lv[l].live,
		     lv[l].create_ns, 1e9 / lv[l].create_ns, lv[l].get_ns);
	}
	jappend("],\"scale_reached\":%lu,\"scale_target\":%lu,", live, max);
	if (stop) {
		jappend("\"scale_stopped\":\"%s\",", stop);
		trow("scaling stopped at %lu live: %s\n", live, stop);
	}
	if (dump_ns >= 0) {
		jappend("\"dump\":{\"partitions\":%lu,\"ms\":%.1f,\"bytes\":%llu},",
			DUMP_AT, dump_ns / 1e6, dump_bytes);
		trow("%-44s %9.1f ms %7llu kB\n",
		     "netlink dump, hvctl -j list, 100k", dump_ns / 1e6,
		     dump_bytes / 1024);
	} else if (live >= DUMP_AT) {
		note("hvctl -j list failed");
	}
	for (k = 0; live >= DUMP_AT && k < ARRAY_SIZE(raw_bufs); k++) {
		if (raw_ns_v[k] < 0) {
			note("raw dump with a %zu-byte buffer failed: %s",
			     raw_bufs[k], strerror(errno));
			continue;
		}
		jappend("\"raw_dump_%zuk\":{\"partitions\":%lu,\"ms\":%.1f,\"bytes\":%llu,\"rounds\":%lu,\"interrupted\":%s,\"ratio_to_hvctl\":%.4f},",
			raw_bufs[k] / 1024, raw[k].messages, raw_ns_v[k] / 1e6,
			raw[k].bytes, raw[k].rounds,
			raw[k].interrupted ? "true" : "false",
			dump_ns > 0 ? raw_ns_v[k] / dump_ns : 0.0);
		snprintf(label, sizeof(label),
			 "netlink dump, raw reader, %zu KiB reads, 100k",
			 raw_bufs[k] / 1024);
		trow("%-44s %9.1f ms %7llu kB\n", label, raw_ns_v[k] / 1e6,
		     raw[k].bytes / 1024);
		trow("  %lu partitions in %lu reads%s\n", raw[k].messages,
		     raw[k].rounds, raw[k].interrupted ? ", interrupted" : "");
	}
	if (live) {
		n = live;
		jappend("\"memory\":{\"partitions\":%lu,\"slab_bytes_per_partition\":%.1f,\"sunreclaim_bytes_per_partition\":%.1f,\"memavailable_bytes_per_partition\":%.1f,",
			live, (slab1 - slab0) * 1024.0 / n,
			(sunr1 - sunr0) * 1024.0 / n,
			(avail0 - avail1) * 1024.0 / n);
		trow("kernel memory at %lu live partitions:\n", live);
		trow("  /proc/meminfo Slab delta       %10.1f B/partition\n",
		     (slab1 - slab0) * 1024.0 / n);
		trow("  /proc/meminfo SUnreclaim delta %10.1f B/partition\n",
		     (sunr1 - sunr0) * 1024.0 / n);
		trow("  MemAvailable drop              %10.1f B/partition\n",
		     (avail0 - avail1) * 1024.0 / n);
		if (have_slabinfo && slab_snapshot(&slab_after))
			slab_report(live);
		jappend("\"slabinfo\":%s},", have_slabinfo ? "true" : "false");
	}

	t0 = now_ns();
	for (i = 0; i < live; i++)
		delete_typed(fd, ids[i]);
	n = (now_ns() - t0);
	jappend("\"delete_all_ns_per_partition\":%.1f", live ? n / live : 0.0);
	note("deleted %lu partitions in %.2f s", live, n / 1e9);
	free(ids);
}

/* ---- the kvm phase ------------------------------------------------------ */

/*
 * What hvpart adds to a VM: the VMM makes its VM (KVM_CREATE_VM) and passes
 * it to initialize, then finalize, delete and close; against the
 * KVM_CREATE_VM and close alone.  Both make their VMs through
 * e2e_kvm_vm(), on one /dev/kvm fd.
 */
static void kvm_phase(void)
{
	double iv[BATCHES], kv[BATCHES], init_ns, raw_ns;
	struct hvpart_partition_op op;
	int hold, vm, b, i;
	const int n = 10;
	uint64_t id, t0;

	/*
	 * One VM held open throughout: KVM enables virtualization on the
	 * first VM and disables it with the last, which is not what either
	 * figure is about.
	 */
	hold = e2e_kvm_vm();
	if (hold < 0) {
		jappend("\"skipped\":\"no KVM VM from /dev/kvm: %s\"", strerror(errno));
		trow("initialize vs KVM_CREATE_VM: skipped, no VM from /dev/kvm\n");
		return;
	}
	for (b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			vm = e2e_kvm_vm();
			if (vm < 0)
				die("KVM_CREATE_VM");
			close(vm);
		}
		kv[b] = (double)(now_ns() - t0) / n;

		/* The create is not part of the figure. */
		init_ns = 0;
		for (i = 0; i < n; i++) {
			id = create_typed(fd);
			if (!id)
				die("create for initialize");
			t0 = now_ns();
			vm = e2e_kvm_vm();
			if (vm < 0)
				die("KVM_CREATE_VM");
			op = (struct hvpart_partition_op){ .partition_id = id,
							   .vm_fd = vm };
			if (ioctl(fd, HVPART_INITIALIZE_PARTITION, &op))
				die("HVPART_INITIALIZE_PARTITION");
			op = (struct hvpart_partition_op){ .partition_id = id };
			if (ioctl(fd, HVPART_FINALIZE_PARTITION, &op))
				die("HVPART_FINALIZE_PARTITION");
			if (delete_typed(fd, id))
				die("HVPART_DELETE_PARTITION");
			close(vm);
			init_ns += now_ns() - t0;
		}
		iv[b] = init_ns / n;
	}
	close(hold);
	raw_ns = median(kv, BATCHES);
	init_ns = median(iv, BATCHES);
	jappend("\"initialize_ns\":%.1f,\"kvm_create_vm_ns\":%.1f,\"initialize_ratio\":%.3f",
		init_ns, raw_ns, init_ns / raw_ns);
	trow("%-44s %9.0f ns %10s\n", "raw KVM_CREATE_VM + close", raw_ns,
	     "1.00");
	trow("%-44s %9.0f ns %9.2fx\n", "CREATE_VM+initialize+finalize+delete+close",
	     init_ns, init_ns / raw_ns);
}

/* ---- the regression gate ------------------------------------------- */

/*
 * The figures tests/bench/gate.sh holds against its baseline: cheap (well
 * under a second of guest time) and, under -icount, counted in guest
 * instructions.  The lookup is of a partition among RATE_BATCH others, so
 * that it is not the only entry of the table.
 */
static void gate_phase(void)
{
	uint64_t ids[RATE_BATCH];
	double null_ns, cd_ns, get_ns;
	unsigned long i;

	null_ns = time_op(OP_NULL, 20000);
	cd_ns = time_op(OP_CD_TYPED, 2000);
	for (i = 0; i < RATE_BATCH; i++) {
		ids[i] = create_typed(fd);
		if (!ids[i])
			die("create for the lookup");
	}
	get_id = ids[RATE_BATCH / 2];
	get_ns = time_op(OP_GET, 5000);
	for (i = 0; i < RATE_BATCH; i++)
		delete_typed(fd, ids[i]);
	jappend("\"null_ns\":%.1f,\"create_delete_typed_ns\":%.1f,\"get_property_ns\":%.1f,\"create_delete_ratio\":%.3f",
		null_ns, cd_ns, get_ns, cd_ns / null_ns);
	trow("%-44s %12.0f\n", "null round trip", null_ns);
	trow("%-44s %12.0f\n", "create+delete, typed ioctls", cd_ns);
	trow("%-44s %12.0f\n", "get-property, 1000 live", get_ns);
}

/* ---- loops for a profiler ------------------------------------------ */

#define IDS_FILE	"/tmp/hvpart-bench-ids"

static int loop_main(const char *what, unsigned long n)
{
	struct raw_dump d;
	unsigned long i;
	uint64_t id, val;
	bool own;
	FILE *f;

	if (!strcmp(what, "null")) {
		for (i = 0; i < n; i++)
			if (hvcall(UNKNOWN_CALL, NULL, 0, NULL, 0) == 0)
				die("null call succeeded");
	} else if (!strcmp(what, "cd")) {
		for (i = 0; i < n; i++) {
			id = create_typed(fd);
			if (!id || delete_typed(fd, id))
				die("typed create+delete");
		}
	} else if (!strcmp(what, "get")) {
		/* The middle of the table, as the scaling figures look up. */
		id = 0;
		f = fopen(IDS_FILE, "r");
		if (f && !fseek(f, 0, SEEK_END) && ftell(f) >= (long)sizeof(id) &&
		    !fseek(f, ftell(f) / sizeof(id) / 2 * sizeof(id), SEEK_SET) &&
		    fread(&id, sizeof(id), 1, f) == 1)
			note("looking up %llu", (unsigned long long)id);
		if (f)
			fclose(f);
		own = !id;
		if (own)
			id = create_typed(fd);
		if (!id)
			die("create");
		for (i = 0; i < n; i++)
			if (get_compat(id, &val))
				die("get-property");
		if (own)
			delete_typed(fd, id);
	} else if (!strcmp(what, "fill")) {
		f = fopen(IDS_FILE, "a");
		if (!f)
			die(IDS_FILE);
		for (i = 0; i < n; i++) {
			id = create_typed(fd);
			if (!id || fwrite(&id, sizeof(id), 1, f) != 1)
				die("fill");
		}
		fclose(f);
	} else if (!strcmp(what, "empty")) {
		f = fopen(IDS_FILE, "r");
		if (!f)
			die(IDS_FILE);
		while (fread(&id, sizeof(id), 1, f) == 1)
			if (delete_typed(fd, id))
				die("empty");
		fclose(f);
		unlink(IDS_FILE);
	} else if (!strcmp(what, "dump") || !strcmp(what, "dump4k")) {
		for (i = 0; i < n; i++)
			if (raw_dump_run(what[4] ? 4096 : 32768, &d))
				die("raw dump");
		note("%lu dumps of %lu partitions in %lu reads each", n,
		     d.messages, d.rounds);
	} else {
		fprintf(stderr, "loop: unknown workload %s\n", what);
		return 2;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	unsigned long max = 1000000;
	bool kvm_mode, gate_mode;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "loop")) {
		fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
		if (fd < 0)
			die("open /dev/hvpart");
		return loop_main(argv[2], strtoul(argv[3], NULL, 10));
	}
	if (argc < 2 || (strcmp(argv[1], "core") && strcmp(argv[1], "kvm") &&
			 strcmp(argv[1], "gate"))) {
		fprintf(stderr, "usage: %s core [--max N] | kvm | gate | loop WHAT N\n",
			argv[0]);
		return 2;
	}
	kvm_mode = !strcmp(argv[1], "kvm");
	gate_mode = !strcmp(argv[1], "gate");
	if (argc == 4 && !strcmp(argv[2], "--max"))
		max = strtoul(argv[3], NULL, 10);
	if (max < 1)
		max = 1;
	fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("open /dev/hvpart");

	jappend("{\"phase\":\"%s\",", argv[1]);
	if (kvm_mode)
		kvm_phase();
	else if (gate_mode)
		gate_phase();
	else
		core_phase(max);
	jappend("}");

	printf("BENCH-TABLE-BEGIN %s\n%sBENCH-TABLE-END\n", argv[1], table);
	printf("BENCH-JSON-BEGIN %s\n%s\nBENCH-JSON-END\n", argv[1], json);
	close(fd);
	return 0;
}
