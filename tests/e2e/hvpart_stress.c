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
#include "hvpart_stress.h"

const u32 compats[NCOMPATS] = {
	HVPART_COMPATIBILITY_19H1, HVPART_COMPATIBILITY_20H1, HVPART_COMPATIBILITY_21H1,
	HVPART_COMPATIBILITY_21H2, HVPART_COMPATIBILITY_PRERELEASE,
	HVPART_COMPATIBILITY_EXPERIMENT,
};

/* Valid creation flags that need no KVM (not NESTED_VIRTUALIZATION_CAPABLE). */
const u64 flag_sets[NFLAG_SETS] = {
	0,
	HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED,
	HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED |
		HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE,
	HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST |
		HVPART_PARTITION_CREATION_FLAG_GPA_SUPER_PAGES_ENABLED,
	HVPART_PARTITION_CREATION_FLAG_EXO_PARTITION |
		HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU,
};

int hv_fd = -1;
bool kvm_mode;

/* ---- small things -------------------------------------------------------- */

u64 rnd(u64 *s)
{
	u64 x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

void sleep_us(unsigned long us)
{
	struct timespec t = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&t, &t) && errno == EINTR)
		;
}

int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		perror("calloc");
		exit(2);
	}
	return p;
}

/* Anonymous memory that forked children share. */
void *shared_alloc(size_t size)
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
u8 *hvcall_page(void)
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
long module_refcnt(void)
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

bool module_listed(void)
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

bool dev_present(void)
{
	struct stat st;

	return stat(DEV, &st) == 0 && S_ISCHR(st.st_mode);
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
