// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_lifecycle: the partition lifecycle on KVM, end to end.
 *
 * Runs as root in the QEMU guest (tests/e2e/init.sh).  Partition ids are
 * taken from what create returns, so it runs on any module load.
 *
 *   hvpart_lifecycle [-p PHASE]
 *
 *   full (default)  kvm and kvm-amd loaded, debugfs mounted:
 *                   raw-call rules of 0x41-0x46, every call in every state
 *                   through the typed ioctls and HVPART_HVCALL, unknown ids,
 *                   a non-owner without CAP_SYS_ADMIN, a second process,
 *                   a VMM that exits before finalize, the VM fd the VMM
 *                   passes in and how long the partition holds it,
 *                   creation flags in KVM and in HVPART_GET_CPUID,
 *                   disabled features in HVPART_GET_CPUID, properties,
 *                   /dev/kvm missing, and no VM or fd left behind.
 *   nokvm           kvm not loaded: no VM fd can be made; initialize with
 *                   vm_fd -1 (and the raw call) works, an fd that is not a
 *                   VM is refused before dispatch; no nested virtualization.
 *   nonested        kvm_amd loaded with nested=0: NESTED_VIRTUALIZATION_CAPABLE
 *                   -> PROCESSOR_FEATURE_NOT_SUPPORTED.
 *   rmmod           closing /dev/hvpart releases the partitions' VMs (one
 *                   only the partition held goes at once, one the VMM still
 *                   holds when the VMM closes it); rmmod hvpart with
 *                   Initialized, Finalized and Created partitions succeeds.
 *
 * Typed initialize takes a VM the program made itself (e2e_kvm_vm()) or
 * -1; every such call must give vm_fd back as passed and leave the fd open
 * on the same file, whatever the outcome.
 *
 * The contract: uapi/linux/hvpart.h and Documentation/hvpart.rst.  Every
 * check prints "ok - NAME" or "not ok - NAME (got ...; want ...)"; the
 * last line is "hvpart_lifecycle: N passed, M failed", exit status 1 on any
 * failure.
 */
#include "hvpart_lifecycle.h"

int hv_fd = -1;
int kvm_fd = -1;
u8 *in_page, *out_page, *none_page;
struct kvm_cpuid2 *host;		/* KVM_GET_SUPPORTED_CPUID */
u64 host_banks[3];		/* FEATURES0/1, XSAVE with nothing disabled */
bool nested_ok;			/* kvm_amd/kvm_intel nested=1 */

/* ---- phases ------------------------------------------------------------------------- */

static void phase_full(void)
{
	int base_dirs, base_fds, n, vm;
	cpu_set_t cpu0;

	/*
	 * KVM_GET_SUPPORTED_CPUID reports the APIC id of the CPU it runs on
	 * (CPUID.1:EBX[31:24], 0xB/0x1F EDX): stay on CPU 0, so that this
	 * process's answer and hvpart's (asked in this process) compare.
	 */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	e2e_report(sched_setaffinity(0, sizeof(cpu0), &cpu0) == 0,
		   "pin to CPU 0 (KVM's CPUID carries the current CPU's APIC id)",
		   "errno %s", e2e_errname(errno));

	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	e2e_report(kvm_fd >= 0, "open /dev/kvm (kvm and kvm-amd loaded)", "errno %s",
		   e2e_errname(errno));
	base_dirs = e2e_vm_dirs();
	e2e_report(base_dirs >= 0, "KVM debugfs " E2E_KVM_DEBUGFS " is readable",
		   "debugfs not mounted or no kvm/");
	/*
	 * The VMs this program passes to initialize come from e2e_kvm_vm(),
	 * whose /dev/kvm fd stays open from its first call: make that call
	 * before the fd baseline (and before test_dev_kvm_missing needs it).
	 */
	vm = e2e_kvm_vm();
	e2e_report(vm >= 0, "KVM_CREATE_VM through e2e_kvm_vm() (its /dev/kvm fd stays open)",
		   "errno %s", e2e_errname(errno));
	if (vm >= 0)
		close(vm);
	if (base_dirs >= 0)
		base_dirs = e2e_wait_vm_dirs(base_dirs);
	if (kvm_fd < 0 || base_dirs < 0 || vm < 0 || !setup_host())
		return;
	base_fds = count_fds();

	test_raw_rules();
	test_state_table();
	test_unknown_ids();
	test_non_owner();
	test_vm_fd();
	test_irqchip();
	test_flags_cpuid();
	test_disabled_cpuid();
	test_properties();
	test_dev_kvm_missing();

	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(n == base_dirs,
		   "leak check: KVM debugfs VM folders back to the baseline after everything was finalized and deleted",
		   "baseline %d now %d", base_dirs, n);
	n = count_fds();
	e2e_report(n == base_fds, "leak check: this process holds no fd it did not have before",
		   "%d fds before, %d now", base_fds, n);
	free(host);
}

static void phase_nokvm(void)
{
	struct res r;
	u16 status;
	u64 id, v;

	e2e_report(access("/dev/kvm", F_OK) != 0, "no /dev/kvm yet (kvm not loaded)",
		   "it exists");
	no_kvm_cases("kvm not loaded");
	id = create_full(F_NESTED, COMPAT, 0, 0, 0, &status);
	e2e_report(!id && status == S_NOFEAT,
		   "kvm not loaded: create with NESTED_VIRTUALIZATION_CAPABLE -> PROCESSOR_FEATURE_NOT_SUPPORTED",
		   "id %" PRIu64 " status %s", id, e2e_status_str(status));
	retire(id);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page, 8);
	memcpy(&v, out_page, 8);
	e2e_report(r.ret == 0 && v == HVPART_PARTITION_ID_HOST,
		   "kvm not loaded: hvcall GetPartitionId -> the host's id", "ret %d value 0x%" PRIx64,
		   r.ret, v);
}

static void phase_nonested(void)
{
	struct hvpart_create_partition_amd64 c;
	u16 status;
	int ret;
	u64 id;

	e2e_report(!nested_param(), "kvm_amd is loaded with nested=0",
		   "nested is on");
	memset(&c, 0, sizeof(c));
	c.input.flags = F_NESTED;
	c.input.compatibility_version = COMPAT;
	c.status = STATUS_PRESET;
	c.new_partition_id = 77;
	errno = 0;
	ret = ioctl(hv_fd, HVPART_CREATE_PARTITION_AMD64, &c);
	e2e_report(ret == -1 && errno == EOPNOTSUPP &&
		   c.status == S_NOFEAT && c.new_partition_id == 0,
		   "nested=0: create with NESTED_VIRTUALIZATION_CAPABLE -> PROCESSOR_FEATURE_NOT_SUPPORTED, EOPNOTSUPP, id 0",
		   "ret %d errno %s status 0x%x id %" PRIu64, ret, e2e_errname(errno),
		   c.status, (u64)c.new_partition_id);
	memcpy(in_page, &c.input, sizeof(c.input));
	{
		struct res r = hvcall(HVPART_CALL_CREATE_PARTITION, in_page, sizeof(c.input),
				      out_page, 8);

		expect("nested=0: hvcall create with NESTED_VIRTUALIZATION_CAPABLE -> PROCESSOR_FEATURE_NOT_SUPPORTED",
		       &r, RAW, S_NOFEAT, false);
	}
	id = create_full(F_NESTED | BIT64(2), COMPAT, 0, 0, 0, &status);
	e2e_report(!id && status == S_PARAM,
		   "nested=0: NESTED plus undefined flag bit 2 -> INVALID_PARAMETER (flags checked first)",
		   "status %s", e2e_status_str(status));
	id = create_full(0, COMPAT, 0, 0, 0, &status);
	e2e_report(id != 0, "nested=0: create without the flag -> SUCCESS", "%s",
		   e2e_status_str(status));
	if (id) {
		struct kvm_cpuid2 *cp = get_cpuid(id);

		e2e_report(cp && !cpuid_bit(cp, 0x80000001, 0, ECX, 2),
			   "nested=0: get-cpuid offers no SVM", "svm %d",
			   cp ? cpuid_bit(cp, 0x80000001, 0, ECX, 2) : -1);
		free(cp);
	}
	retire(id);
}

/*
 * Closing /dev/hvpart, then rmmod hvpart with Initialized partitions; this
 * process holds one VM fd.
 */
static void phase_rmmod(void)
{
	int base = e2e_vm_dirs(), n, held_fd, vcpu, st;
	struct res r;
	pid_t pid;
	u64 a, b, c, e;

	e2e_report(base >= 0, "KVM debugfs is readable", "no " E2E_KVM_DEBUGFS);
	a = make_partition(ST_CREATED, 0, "rmmod: make partition A");
	b = make_partition(ST_CREATED, F_LAPIC, "rmmod: make partition B");
	c = make_partition(ST_FIN, 0, "rmmod: make partition C (Finalized)");
	make_partition(ST_CREATED, 0, "rmmod: make partition D (Created)");
	e = make_partition(ST_CREATED, 0, "rmmod: make partition E");
	/* make_partition(ST_FIN) made and released a VM: wait for it. */
	base = e2e_wait_vm_dirs(base);
	r = typed_init_vm(a);
	expect("rmmod: typed initialize A with the VMM's VM (the VMM keeps the fd)", &r,
	       TYPED, S_OK, false);
	held_fd = r.ret == 0 ? r.vm_in : -1;
	if (held_fd < 0)
		close_fd(&r);
	r = typed_init_vm(b);
	expect("rmmod: typed initialize B with a VM whose fd the VMM then closes (only the partition holds it)",
	       &r, TYPED, S_OK, false);
	close_fd(&r);
	r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, e);
	expect("rmmod: hvcall initialize E (no VM)", &r, RAW, S_OK, false);
	(void)c;
	n = e2e_vm_dirs();
	e2e_report(n == base + 2, "rmmod: two VMs exist (baseline + 2)", "baseline %d now %d",
		   base, n);

	/*
	 * The partitions hold their VMs through this process's /dev/hvpart
	 * file: closing it ends that.  The module cannot go while it is open
	 * anyway.
	 */
	close(hv_fd);
	hv_fd = -1;
	n = e2e_wait_vm_dirs(base + 1);
	e2e_report(n == base + 1 && held_fd >= 0 && e2e_vm_dir_exists(getpid(), held_fd),
		   "rmmod: closing /dev/hvpart released the partitions' VMs: B's (held only by hvpart) is gone, A's (the VMM holds an fd) lives",
		   "baseline %d now %d", base, n);
	pid = e2e_fork();
	if (pid == 0) {
		execl("/bin/rmmod", "rmmod", "hvpart", (char *)NULL);
		_exit(127);
	}
	st = -1;
	waitpid(pid, &st, 0);
	e2e_report(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		   "rmmod hvpart with Initialized, Finalized and Created partitions succeeds",
		   "status 0x%x", st);
	e2e_report(access("/dev/hvpart", F_OK) != 0, "rmmod: /dev/hvpart is gone",
		   "still there");
	n = e2e_wait_vm_dirs(base + 1);
	e2e_report(n == base + 1 && held_fd >= 0 && e2e_vm_dir_exists(getpid(), held_fd),
		   "rmmod: A's VM (the VMM holds an fd) lives on without hvpart",
		   "baseline %d now %d", base, n);
	if (held_fd >= 0) {
		vcpu = ioctl(held_fd, KVM_CREATE_VCPU, 0);
		e2e_report(vcpu >= 0, "rmmod: the VMM's VM fd still works without hvpart",
			   "errno %s", e2e_errname(errno));
		if (vcpu >= 0)
			close(vcpu);
		close(held_fd);
	}
	n = e2e_wait_vm_dirs(base);
	e2e_report(n == base, "rmmod: A's VM is gone once the VMM closed its fd",
		   "baseline %d now %d", base, n);
}

static int setup_memory(void)
{
	size_t pagesz = (size_t)sysconf(_SC_PAGESIZE);
	u8 *base;

	if (pagesz != HVPAGE) {
		fprintf(stderr, "page size %zu: this test wants 4096\n", pagesz);
		return -1;
	}
	/* in_page | out_page | none_page */
	base = mmap(NULL, 3 * pagesz, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -1;
	in_page = base;
	out_page = base + pagesz;
	none_page = base + 2 * pagesz;
	return mprotect(none_page, pagesz, PROT_NONE);
}

int main(int argc, char **argv)
{
	const char *phase = "full";
	int opt;

	while ((opt = getopt(argc, argv, "p:h")) != -1) {
		switch (opt) {
		case 'p':
			phase = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-p full|nokvm|nonested|rmmod]\n", argv[0]);
			return 2;
		}
	}
	e2e_init("hvpart_lifecycle");
	if (setup_memory()) {
		perror("setup_memory");
		return 2;
	}
	hv_fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	e2e_report(hv_fd >= 0, "open /dev/hvpart", "errno %s", e2e_errname(errno));
	if (hv_fd < 0)
		return e2e_summary();

	if (!strcmp(phase, "full")) {
		phase_full();
	} else if (!strcmp(phase, "nokvm")) {
		phase_nokvm();
	} else if (!strcmp(phase, "nonested")) {
		phase_nonested();
	} else if (!strcmp(phase, "rmmod")) {
		phase_rmmod();
	} else {
		fprintf(stderr, "unknown phase %s\n", phase);
		return 2;
	}
	if (hv_fd >= 0)
		close(hv_fd);
	return e2e_summary();
}
