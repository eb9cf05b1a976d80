// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_fuzz_ioctl: a seeded, bounded ioctl fuzzer for /dev/hvpart, with
 * an oracle that predicts every answer.
 *
 *   hvpart_fuzz_ioctl [-s SEED] [-n ITERATIONS] [-d DEVICE] [-v]
 *
 * -s defaults to 1 and -n to 100000 (about 14 s under TCG); -v prints
 * every call before it is made.  A run is a function of the seed and of
 * the module's answers: where an answer differs from the prediction, the
 * model follows what the module did.
 *
 * Runs as root in the QEMU guest on a fresh `insmod hvpart.ko`, BEFORE KVM
 * is loaded (tests/e2e/init.sh, fuzz_phase).  Without KVM no process can
 * make a VM, so no partition ever gets one: HVPART_INITIALIZE_PARTITION
 * takes vm_fd -1 (no VM) and initializes, as HvCallInitializePartition
 * does, and every other vm_fd is refused before dispatch: EBADF when it is
 * not an open fd, EINVAL when it is one (nothing open here is a KVM VM).
 * HVPART_GET_VM_FD of an Initialized partition answers OPERATION_DENIED
 * (no VM); the feature properties and HVPART_GET_CPUID answer
 * NO_RESOURCES (Documentation/hvpart.rst, section 5.7).  The model relies
 * on that: the program refuses to run when /dev/kvm exists (as on arm64,
 * where KVM is built in).
 *
 * Each iteration draws one call from a deterministic PRNG (splitmix64,
 * seeded by -s):
 *   - HVPART_HVCALL with a random control word (mostly the call codes
 *     0x40-0x46, also random ones, reserved bits, the fast bit, rep count
 *     and start, a variable header), random sizes (the layout, more,
 *     less, over 4096), input and output pointers that are valid,
 *     misaligned, crossing a 4 KiB boundary (into a RW page or into a
 *     PROT_NONE one), NULL, PROT_NONE, read-only, unmapped, kernel or
 *     non-canonical, and input pages that are mostly well-formed inputs
 *     of the call (a create from the lib codec, hvc_create_encode(), often
 *     with one field corrupted), the struct itself sometimes unreadable,
 *     straddling into PROT_NONE or read-only;
 *   - the typed ioctls (create AMD64 and ARM64, initialize, finalize,
 *     delete, get and set property, get-vm-fd, get-cpuid) with ids that
 *     are mostly those of live partitions, sometimes 0, SELF, gone, the
 *     next one or random, and random struct contents; initialize's vm_fd
 *     mostly -1, else an open fd that is no VM (/dev/hvpart itself,
 *     /dev/null, a pipe, a directory), a closed number, a negative one
 *     or a random one;
 *   - unknown ioctl numbers and known numbers with the wrong size or
 *     direction (ENOTTY);
 *   - the argument struct NULL, unmapped, PROT_NONE, read-only, or running
 *     into a PROT_NONE page (EFAULT, and nothing done);
 *   - now and then the caller switches to euid 1000 (no CAP_SYS_ADMIN:
 *     ACCESS_DENIED on root's partitions, its own it may act on, within
 *     max_partitions_per_user and max_initialized_per_user), and
 *     max_partitions is set to a random limit near the live count, the two
 *     per-user limits to small ones.
 *
 * The oracle: a model of the partitions (id -> state, owner, compatibility
 * version), the next id, max_partitions and the per-user limits (which
 * root, with CAP_SYS_ADMIN, is exempt from), the NUMA nodes with memory and
 * the host's vendor.  For HVPART_HVCALL the control word, size and
 * placement stages are predicted with lib's own rules
 * (hvc_control_decode(), hvc_control_check(), hvc_sizes_check(),
 * hvc_pages_check()), the create input with hvc_create_validate(), the
 * rest from the model, in the order of section 2.4.  Every call must
 * answer exactly as predicted: the return value, the errno, the HV_STATUS
 * (result or status field) or its absence, the outputs (new id, property
 * value, initialize's vm_fd back as passed and every other call's -1, the
 * output layout zeroed when a dispatched call fails,
 * nothing else in the data pages written).  Independently of the model,
 * every answer must be as documented: 0 with HVPART_STATUS_SUCCESS, -1 with
 * the errno of the status (e2e_status_errno()), or a transport errno with
 * no status.  After each refused create the next id must still be
 * unknown, every successful create must get the next id, and every
 * AUDIT_EVERY iterations every tracked partition must still answer with
 * its compatibility version and the next ids must be unknown.  At the end
 * every partition made is deleted and none may remain.
 *
 * Mismatches are printed ("# mismatch N: ...") up to MAX_SHOWN, then only
 * counted; the check lines are per category.  To reproduce one, run with
 * the same -s and -n (and -v to trace every call).  The last line is
 * "hvpart_fuzz_ioctl: N passed, M failed", exit status 1 on any failure.
 */
#include "hvpart_fuzz_ioctl.h"

/* ---- one iteration -------------------------------------------------------- */

enum action {
	A_HVCALL, A_CREATE, A_INIT, A_FINALIZE, A_DELETE, A_GETPROP, A_SETPROP,
	A_VMFD, A_CPUID, A_UNKNOWN, A_MAXPARTS, NACTIONS
};

static void iterate(void)
{
	unsigned int w[NACTIONS] = {
		[A_HVCALL] = 420, [A_CREATE] = 150, [A_INIT] = 40, [A_FINALIZE] = 30,
		[A_DELETE] = 60, [A_GETPROP] = 90, [A_SETPROP] = 50, [A_VMFD] = 30,
		[A_CPUID] = 40, [A_UNKNOWN] = 60, [A_MAXPARTS] = 4,
	};

	/* Keep the number of live partitions around LIVE_SOFT_MAX. */
	if (nlive > LIVE_SOFT_MAX) {
		w[A_CREATE] = 40;
		w[A_DELETE] = 200;
		w[A_FINALIZE] = 80;	/* Initialized ones go only this way */
	}
	set_caller(chance(120) ? OTHER_UID : 0);
	switch (pick(w, NACTIONS)) {
	case A_HVCALL:
		act_hvcall();
		break;
	case A_CREATE:
		act_create();
		break;
	case A_INIT:
		act_op(OP_INIT);
		break;
	case A_FINALIZE:
		act_op(OP_FINALIZE);
		break;
	case A_DELETE:
		act_op(OP_DELETE);
		break;
	case A_GETPROP:
		act_prop(false);
		break;
	case A_SETPROP:
		act_prop(true);
		break;
	case A_VMFD:
		act_op(OP_VMFD);
		break;
	case A_CPUID:
		act_cpuid();
		break;
	case A_UNKNOWN:
		act_unknown();
		break;
	default:
		act_max_parts();
		break;
	}
}

/* ---- setup and the end ---------------------------------------------------- */

static int setup_memory(void)
{
	enum page p;

	pagesz = (size_t)sysconf(_SC_PAGESIZE);
	if (pagesz < HVPAGE || pagesz % HVPAGE) {
		fprintf(stderr, "page size %zu is not a multiple of 4096\n", pagesz);
		return -1;
	}
	arena = mmap(NULL, NPAGES * pagesz, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	snap = malloc(ARRAY_SIZE(data_pages) * pagesz);
	if (arena == MAP_FAILED || !snap) {
		perror("mmap");
		return -1;
	}
	for (p = 0; p < NPAGES; p++)
		page_prot[p] = PROT_READ | PROT_WRITE;
	page_prot[PG_NONE] = PROT_NONE;
	page_prot[PG_SNONE] = PROT_NONE;
	page_prot[PG_RO] = PROT_READ;
	page_prot[PG_SRO] = PROT_READ;
	page_prot[PG_HOLE] = PROT_NONE;
	for (p = 0; p < NPAGES; p++)
		if (p != PG_HOLE && page_prot[p] != (PROT_READ | PROT_WRITE))
			set_prot(p, page_prot[p]);
	if (munmap(page_at(PG_HOLE), pagesz)) {
		perror("munmap");
		return -1;
	}
	return 0;
}

/* The nodes with memory, as hvctl reads them: "0", "0-1,3". */
static void read_nodes(void)
{
	char buf[256], *s;
	FILE *f = fopen(HAS_MEMORY, "r");
	unsigned long a, b;

	if (!f || !fgets(buf, sizeof(buf), f)) {
		node_mem[0] = true;	/* no NUMA: node 0 holds everything */
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	for (s = buf; *s >= '0' && *s <= '9';) {
		a = strtoul(s, &s, 10);
		b = a;
		if (*s == '-')
			b = strtoul(s + 1, &s, 10);
		for (; a <= b && a <= HVPART_PROXIMITY_DOMAIN_MAX; a++)
			node_mem[a] = true;
		if (*s == ',')
			s++;
	}
}

/* Section 5.9: kvm_amd's, then kvm_intel's nested parameter. */
static bool read_nested(void)
{
	static const char *const params[] = {
		"/sys/module/kvm_amd/parameters/nested",
		"/sys/module/kvm_intel/parameters/nested",
	};
	unsigned int i;
	char c;

	for (i = 0; i < ARRAY_SIZE(params); i++) {
		FILE *f = fopen(params[i], "r");

		if (!f)
			continue;
		c = (char)fgetc(f);
		fclose(f);
		return c == 'Y' || c == '1';
	}
	return false;
}

static u64 host_vendor(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int eax, ebx, ecx, edx;
	char v[13];

	if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx))
		return HVPART_PROCESSOR_VENDOR_AMD;
	memcpy(v, &ebx, 4);
	memcpy(v + 4, &edx, 4);
	memcpy(v + 8, &ecx, 4);
	v[12] = '\0';
	if (!strcmp(v, "GenuineIntel"))
		return HVPART_PROCESSOR_VENDOR_INTEL;
	if (!strcmp(v, "HygonGenuine"))
		return HVPART_PROCESSOR_VENDOR_HYGON;
	return HVPART_PROCESSOR_VENDOR_AMD;
#else
	return HVPART_PROCESSOR_VENDOR_ARM;
#endif
}

/*
 * Where the ids stand: one good create tells the next id; no id below it
 * may be live (the fuzzer's model starts empty).  Returns false on failure.
 */
static bool start_state(void)
{
	struct hvpart_create_partition_amd64 c;
	struct hvpart_partition_op op;
	unsigned int found = 0;
	u64 id, v;
	int ret;

	memset(&c, 0, sizeof(c));
	c.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, &c);
	e2e_report(ret == 0 && c.status == S_OK && c.new_partition_id,
		   "start: a plain typed create succeeds", "ret %d errno %s status 0x%x",
		   ret, e2e_errname(errno), c.status);
	if (ret)
		return false;
	for (id = 1; id < c.new_partition_id; id++)
		if (get_compat(id, &v) != S_ID)
			found++;
	memset(&op, 0, sizeof(op));
	op.partition_id = c.new_partition_id;
	ret = ioctl(fd, HVPART_DELETE_PARTITION, &op);
	e2e_report(ret == 0 && !found,
		   "start: no partition is live (the model starts empty) and the probe is deleted",
		   "%u live below id %" PRIu64 ", delete ret %d", found,
		   (u64)c.new_partition_id, ret);
	next_id = c.new_partition_id + 1;
	return ret == 0 && !found;
}

/* The open fds that are no VM, for initialize's vm_fd; "/" as a directory. */
static bool open_not_vm(void)
{
	int pipefd[2];

	not_vm[nnot_vm++] = fd;
	not_vm[nnot_vm] = open("/dev/null", O_RDWR | O_CLOEXEC);
	nnot_vm += not_vm[nnot_vm] >= 0;
	not_vm[nnot_vm] = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	nnot_vm += not_vm[nnot_vm] >= 0;
	if (!pipe(pipefd)) {
		fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
		fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
		not_vm[nnot_vm++] = pipefd[0];
		not_vm[nnot_vm++] = pipefd[1];
	}
	e2e_report(nnot_vm == ARRAY_SIZE(not_vm),
		   "open /dev/null, / and a pipe: fds that are no VM, for initialize's vm_fd",
		   "%u of %zu", nnot_vm, ARRAY_SIZE(not_vm));
	return nnot_vm == ARRAY_SIZE(not_vm);
}

/* Give a partition's pool back (section 4.9), so that it can be deleted. */
static bool withdraw_all(u64 id)
{
	/* Pages of their own: neither may cross a 4 KiB boundary. */
	static u64 page_in[2] __aligned(16);
	static u64 page_out[HVPAGE / 8] __aligned(HVPAGE);
	struct hvc_control c = { .code = HVPART_CALL_WITHDRAW_MEMORY };
	struct hvpart_hvcall hc = {
		.input = (uintptr_t)page_in, .output = (uintptr_t)page_out,
		.input_size = sizeof(page_in), .output_size = sizeof(page_out),
	};
	u16 done;

	page_in[0] = id;
	page_in[1] = 0;
	while (parts[id].npool) {
		c.rep_count = parts[id].npool < ARRAY_SIZE(page_out) ?
			      parts[id].npool : ARRAY_SIZE(page_out);
		hc.control = hvc_control_encode(&c);
		if (ioctl(fd, HVPART_HVCALL, &hc))
			return false;
		done = (hc.result & HVPART_HYPERCALL_REP_DONE_MASK) >>
		       HVPART_HYPERCALL_REP_DONE_SHIFT;
		if (done != c.rep_count)
			return false;
		parts[id].npool -= c.rep_count;
	}
	return true;
}

static void delete_all(void)
{
	struct hvpart_partition_op op;
	unsigned int n = 0, bad = 0, left = 0, ids = 0;
	u64 id, v;
	long st;
	int ret;

	set_caller(0);
	while (nlive) {
		id = live[0];
		if (parts[id].state == P_INITIALIZED) {
			memset(&op, 0, sizeof(op));
			op.partition_id = id;
			if (ioctl(fd, HVPART_FINALIZE_PARTITION, &op))
				bad++;
		}
		if (!withdraw_all(id))
			bad++;
		memset(&op, 0, sizeof(op));
		op.partition_id = id;
		ret = ioctl(fd, HVPART_DELETE_PARTITION, &op);
		if (ret || op.status != S_OK) {
			bad++;
			if (bad <= 5)
				e2e_note("end: delete %" PRIu64 ": ret %d status 0x%x",
					 id, ret, op.status);
		}
		model_remove(id);
		n++;
	}
	e2e_report(!bad, "end: every live partition deleted as root",
		   "%u of %u deletes failed", bad, n);
	e2e_note("end: deleted %u partitions", n);

	for (id = 1; id < next_id + 4; id++, ids++) {
		st = get_compat(id, &v);
		if (st != S_ID) {
			left++;
			if (left <= 5)
				e2e_note("end: id %" PRIu64 " answers %ld", id, st);
		}
	}
	e2e_report(!left, "end: no partition remains (every id from 1 past the last one is unknown)",
		   "%u of %u ids still answer", left, ids);
	if (max_parts_known)
		e2e_report(write_max_parts(max_parts_orig),
			   "end: max_partitions restored", "errno %s", e2e_errname(errno));
	if (max_user.known)
		e2e_report(write_user_limit(&max_user, max_user.orig),
			   "end: max_partitions_per_user restored", "errno %s",
			   e2e_errname(errno));
	if (max_init.known)
		e2e_report(write_user_limit(&max_init, max_init.orig),
			   "end: max_initialized_per_user restored", "errno %s",
			   e2e_errname(errno));
}

static void read_max_parts(void)
{
	FILE *f = fopen(MAX_PARTS_PARAM, "r");

	if (f) {
		max_parts_known = fscanf(f, "%u", &max_parts_orig) == 1;
		fclose(f);
	}
	max_parts = max_parts_known ? max_parts_orig : 0;
	if (!max_parts_known)
		e2e_note("no %s: max_partitions not fuzzed", MAX_PARTS_PARAM);
}

static void read_user_limit(struct user_limit *l)
{
	FILE *f = fopen(l->param, "r");

	if (f) {
		l->known = fscanf(f, "%u", &l->orig) == 1;
		fclose(f);
	}
	l->value = l->known ? l->orig : l->dflt;
	if (!l->known)
		e2e_note("no %s: the model takes its documented default %u, not fuzzed",
			 l->param, l->dflt);
}

static void print_outcomes(void)
{
	static const char *const errs[] = { "EFAULT", "EINVAL", "ENOTTY", "EBADF", "other" };
	char line[1024];
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(status_count); i++)
		if (status_count[i] && n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, " %s %u",
				      hvc_status_name((u16)i) + strlen("HV_STATUS_"),
				      status_count[i]);
	e2e_note("outcomes with a status:%s", line);
	n = 0;
	for (i = 0; i < ARRAY_SIZE(err_count); i++)
		if (n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, " %s %u", errs[i],
				      err_count[i]);
	e2e_note("outcomes without a status (transport errno):%s", line);
	n = 0;
	for (i = 0; i < NCAT; i++)
		if (n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, "%s%u", i ? " " : "",
				      cat_calls[i]);
	e2e_note("calls per category (hvcall create op prop vmfd cpuid enotty efault probe audit): %s",
		 line);
}

int main(int argc, char **argv)
{
	u64 seed = DEFAULT_SEED;
	unsigned int iters = DEFAULT_ITERS, i;
	const char *dev = "/dev/hvpart";
	struct timespec t0, t1;
	char name[256];
	int opt;

	while ((opt = getopt(argc, argv, "s:n:d:vh")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			iters = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'd':
			dev = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-s SEED] [-n ITERATIONS] [-d DEVICE] [-v]\n",
				argv[0]);
			return 2;
		}
	}
	e2e_init("hvpart_fuzz_ioctl");
	rng = seed;
	e2e_note("seed %" PRIu64 " (0x%" PRIx64 "), %u iterations; reproduce with -s %" PRIu64
		 " -n %u", seed, seed, iters, seed, iters);
	if (setup_memory())
		return 2;

	e2e_report(geteuid() == 0, "runs as root", "euid %d", (int)geteuid());
	e2e_report(access("/dev/kvm", F_OK) != 0,
		   "no /dev/kvm: the model expects hvpart without KVM", "it exists");
	fd = open(dev, O_RDWR | O_CLOEXEC);
	e2e_report(fd >= 0, "open /dev/hvpart", "errno %s", e2e_errname(errno));
	if (fd < 0 || geteuid() != 0 || !access("/dev/kvm", F_OK))
		return e2e_summary();
	read_nodes();
	read_max_parts();
	read_user_limit(&max_user);
	read_user_limit(&max_init);
	nested = read_nested();
	vendor = host_vendor();
	e2e_note("model: vendor %" PRIu64 ", nested %d, max_partitions %u, per user %u and %u Initialized, node 0 has memory %d",
		 vendor, nested, max_parts, max_user.value, max_init.value, node_mem[0]);
	if (!open_not_vm())
		return e2e_summary();
	if (!start_state())
		return e2e_summary();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < iters; i++) {
		iter = i;
		iterate();
		if (i % AUDIT_EVERY == AUDIT_EVERY - 1)
			audit();
	}
	set_caller(0);
	audit();
	clock_gettime(CLOCK_MONOTONIC, &t1);

	e2e_note("%u iterations in %.1f s, %u calls checked, %u partitions created, %u live at the end, next id %" PRIu64,
		 iters, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		 doc_calls, creates_ok, nlive, next_id);
	print_outcomes();
	if (mismatches)
		e2e_note("%u mismatches in all; reproduce with -s %" PRIu64 " -n %u (-v traces every call)",
			 mismatches, seed, iters);

	snprintf(name, sizeof(name), "%u calls answered as documented (0 and SUCCESS, or -1 with the status's errno, or a transport errno without a status)",
		 doc_calls);
	e2e_report(!doc_bad, name, "%u did not", doc_bad);
	for (i = 0; i < NCAT; i++) {
		snprintf(name, sizeof(name), "%s: %u calls as predicted", cat_names[i],
			 cat_calls[i]);
		e2e_report(!cat_bad[i] && (cat_calls[i] || iters < 1000), name,
			   "%u of %u did not",
			   cat_bad[i], cat_calls[i]);
	}
	e2e_report(!hole_mapped, "the unmapped page of the memory model stayed unmapped",
		   "mapped at %u audits", hole_mapped);
	snprintf(name, sizeof(name), "%u successful creates, each got the next id", creates_ok);
	e2e_report(!creates_bad_id && (creates_ok || iters < 1000), name, "%u did not", creates_bad_id);
	e2e_report(iters < 10000 || (pool_deposits && pool_withdraws),
		   "the rep calls were reached: deposits and withdrawals that moved pages",
		   "%u deposits, %u withdrawals", pool_deposits, pool_withdraws);
	e2e_note("%u deposits and %u withdrawals moved pages", pool_deposits,
		 pool_withdraws);

	delete_all();
	close(fd);
	return e2e_summary();
}
