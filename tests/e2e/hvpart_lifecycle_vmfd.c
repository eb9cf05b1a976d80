// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_lifecycle: the VM fd a VMM passes to initialize and how long the
 * partition holds it, other processes, a VMM that exits before finalize,
 * and initialize without KVM or with /dev/kvm missing.
 */
#include "hvpart_lifecycle.h"

/* ---- the VM fd, other processes, a VMM that exits -------------------------------- */

struct shared {
	pid_t pid;
	int vm_fd;
	u64 id;
};

void test_vm_fd(void)
{
	int base_dirs = e2e_vm_dirs(), before, n, vm, fd2, fd3, vcpu, hv2, saved;
	struct shared *sh;
	struct res r, r2;
	pid_t pid;
	u64 id;

	/*
	 * Typed initialize with the VMM's own VM: hvpart takes a reference,
	 * the fd stays the VMM's, and get-vm-fd hands out the same file.
	 */
	id = make_partition(ST_CREATED, 0, "make a partition for the VM fd cases");
	if (!id)
		return;
	r = typed_init_vm(id);
	expect("typed initialize with the VMM's own VM -> SUCCESS, vm_fd back as passed, the VMM's fd still open and the same file",
	       &r, TYPED, S_OK, false);
	vm = r.ret == 0 ? r.vm_in : -1;
	if (vm < 0)
		close_fd(&r);
	if (vm >= 0) {
		e2e_report(e2e_vm_dir_exists(getpid(), vm),
			   "KVM debugfs has <pid>-<vm_fd> for the VMM's VM",
			   "no %d-%d", (int)getpid(), vm);
		r2 = typed_op(HVPART_GET_VM_FD, id);
		expect("get-vm-fd in the initializing process -> SUCCESS, a new fd",
		       &r2, TYPED, S_OK, true);
		fd2 = r2.vm_fd;
		if (fd2 >= 0) {
			e2e_report(fd2 != vm && e2e_same_file(vm, fd2),
				   "get-vm-fd's fd is the same VM file as the one the VMM passed (kcmp)",
				   "vm %d fd2 %d, kcmp errno %s", vm, fd2,
				   e2e_errname(errno));
			e2e_report(fcntl(fd2, F_GETFD) & FD_CLOEXEC,
				   "the VM fd from get-vm-fd is close-on-exec", "no FD_CLOEXEC");
			vcpu = ioctl(fd2, KVM_CREATE_VCPU, 0);
			e2e_report(vcpu >= 0,
				   "KVM_CREATE_VCPU works on get-vm-fd's fd (the VM is this process's)",
				   "errno %s", e2e_errname(errno));
			if (vcpu >= 0)
				close(vcpu);
			r2 = typed_op(HVPART_GET_VM_FD, id);
			fd3 = r2.vm_fd;
			e2e_report(r2.ret == 0 && fd3 >= 0 && fd3 != fd2 &&
				   e2e_same_file(fd2, fd3),
				   "a second get-vm-fd gives another fd to the same VM file",
				   "ret %d vm_fd %d", r2.ret, fd3);
			close_fd(&r2);
			close(fd2);
		}
		vcpu = ioctl(vm, KVM_CREATE_VCPU, 1);
		e2e_report(vcpu >= 0,
			   "KVM_CREATE_VCPU works on the VMM's own fd after initialize",
			   "errno %s", e2e_errname(errno));
		if (vcpu >= 0)
			close(vcpu);
		close(vm);
		e2e_report(e2e_vm_dir_exists(getpid(), vm),
			   "the VM lives on after the VMM closed its fd: the partition holds it while this /dev/hvpart file is open",
			   "folder %d-%d gone", (int)getpid(), vm);
	}

	/* A second process: same owner, other mm, the same /dev/hvpart file. */
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		exit(2);
	pid = e2e_fork();
	if (pid == 0) {
		r = typed_op(HVPART_GET_VM_FD, id);
		expect("second process: get-vm-fd on another process's VM -> OPERATION_DENIED, EPERM",
		       &r, TYPED, S_OPDENIED, false);
		close_fd(&r);
		r = typed_init_vm(id);
		expect("second process: typed initialize (a VM of its own) of an Initialized partition -> INVALID_PARTITION_STATE",
		       &r, TYPED, S_STATE, false);
		close_fd(&r);
		r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, id);
		expect("second process: hvcall initialize of an Initialized partition -> INVALID_PARTITION_STATE",
		       &r, RAW, S_STATE, false);
		_exit(0);
	}
	e2e_wait_ok(pid);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	expect("finalize once the VMM closed its fds -> SUCCESS", &r, TYPED, S_OK, false);
	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(n == base_dirs && (vm < 0 || !e2e_vm_dir_exists(getpid(), vm)),
		   "after finalize the VM is gone (no fd left anywhere)",
		   "baseline %d now %d", base_dirs, n);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete after finalize -> SUCCESS", &r, TYPED, S_OK, false);

	/* Raw initialize: no VM, and no fd in the caller. */
	id = make_partition(ST_CREATED, 0, "make a partition for raw initialize");
	before = next_fd();
	n = count_fds();
	r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, id);
	expect("hvcall initialize -> SUCCESS", &r, RAW, S_OK, false);
	e2e_report(next_fd() == before && count_fds() == n,
		   "hvcall initialize leaves no fd in the caller",
		   "next fd %d -> %d, open fds %d -> %d", before, next_fd(), n,
		   count_fds());
	e2e_report(e2e_vm_dirs() == base_dirs,
		   "hvcall initialize makes no VM (no new KVM debugfs folder)",
		   "baseline %d now %d", base_dirs, e2e_vm_dirs());
	r = typed_op(HVPART_GET_VM_FD, id);
	expect("get-vm-fd after hvcall initialize (no VM) -> OPERATION_DENIED, EPERM",
	       &r, TYPED, S_OPDENIED, false);
	close_fd(&r);
	r = typed_init_vm(id);
	expect("typed initialize with a VM after hvcall initialize -> INVALID_PARTITION_STATE",
	       &r, TYPED, S_STATE, false);
	close_fd(&r);
	retire(id);
	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(n == base_dirs, "after hvcall initialize, finalize and delete: no VM",
		   "baseline %d now %d", base_dirs, n);

	/* Typed initialize with vm_fd -1: the same, through the typed call. */
	id = make_partition(ST_CREATED, 0, "make a partition for vm_fd -1");
	before = next_fd();
	r = typed_init(id, -1);
	expect("typed initialize with vm_fd -1 -> SUCCESS, vm_fd -1 back", &r, TYPED,
	       S_OK, false);
	e2e_report(next_fd() == before && e2e_vm_dirs() == base_dirs,
		   "typed initialize with vm_fd -1 makes no VM and no fd",
		   "next fd %d -> %d, VM folders %d (baseline %d)", before,
		   next_fd(), e2e_vm_dirs(), base_dirs);
	r = typed_op(HVPART_GET_VM_FD, id);
	expect("get-vm-fd after initialize with vm_fd -1 -> OPERATION_DENIED, EPERM",
	       &r, TYPED, S_OPDENIED, false);
	close_fd(&r);
	retire(id);

	/* Another process finalizes while the VMM still holds its fd. */
	id = make_partition(ST_CREATED, 0, "make a partition finalized by another process");
	r = typed_init_vm(id);
	expect("typed initialize with the VMM's VM (the VMM keeps its fd)", &r,
	       TYPED, S_OK, false);
	vm = r.ret == 0 ? r.vm_in : -1;
	if (vm < 0)
		close_fd(&r);
	pid = e2e_fork();
	if (pid == 0) {
		r = typed_op(HVPART_FINALIZE_PARTITION, id);
		expect("second process of the owner finalizes a partition whose VMM is running -> SUCCESS",
		       &r, TYPED, S_OK, false);
		_exit(0);
	}
	e2e_wait_ok(pid);
	if (vm >= 0) {
		e2e_report(e2e_vm_dir_exists(getpid(), vm),
			   "the VMM's VM survives another process's finalize while the VMM holds its fd",
			   "folder gone");
		vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
		e2e_report(vcpu >= 0, "the VMM's VM fd still works after finalize",
			   "errno %s", e2e_errname(errno));
		if (vcpu >= 0)
			close(vcpu);
		close(vm);
		n = e2e_wait_vm_dirs(base_dirs);
		e2e_report(n == base_dirs, "...and goes when the VMM closes it",
			   "baseline %d now %d", base_dirs, n);
	}
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete it -> SUCCESS", &r, TYPED, S_OK, false);

	/*
	 * The VMM exits before finalize, through the /dev/hvpart file it
	 * shares with this process (fork): the binding lasts while that open
	 * file does, so the VM lives on.
	 */
	id = make_partition(ST_CREATED, 0, "make a partition whose VMM exits");
	sh->pid = 0;
	sh->vm_fd = -1;
	pid = e2e_fork();
	if (pid == 0) {
		r = typed_init_vm(id);
		expect("VMM child (sharing the parent's /dev/hvpart file): typed initialize with its VM -> SUCCESS",
		       &r, TYPED, S_OK, false);
		sh->pid = getpid();
		sh->vm_fd = r.ret == 0 ? r.vm_in : -1;
		_exit(0);	/* no finalize, fds closed by exit */
	}
	e2e_report(e2e_wait_ok(pid), "the VMM child exited", "it did not");
	if (sh->vm_fd >= 0) {
		e2e_report(e2e_vm_dir_exists(sh->pid, sh->vm_fd),
			   "after the VMM exited, its VM lives on: the /dev/hvpart file that bound it is still open here",
			   "no folder %d-%d", (int)sh->pid, sh->vm_fd);
	}
	r = typed_op(HVPART_GET_VM_FD, id);
	expect("get-vm-fd after the VMM exited -> OPERATION_DENIED, EPERM", &r,
	       TYPED, S_OPDENIED, false);
	close_fd(&r);
	r = typed_init_vm(id);
	expect("initialize after the VMM exited -> INVALID_PARTITION_STATE (still Initialized)",
	       &r, TYPED, S_STATE, false);
	close_fd(&r);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete before finalize -> INVALID_PARTITION_STATE", &r, TYPED,
	       S_STATE, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	expect("finalize from another process after the VMM exited -> SUCCESS",
	       &r, TYPED, S_OK, false);
	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(n == base_dirs && (sh->vm_fd < 0 ||
				      !e2e_vm_dir_exists(sh->pid, sh->vm_fd)),
		   "finalize released the exited VMM's VM (KVM debugfs folder gone)",
		   "baseline %d now %d", base_dirs, n);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete after that finalize -> SUCCESS", &r, TYPED, S_OK, false);

	/*
	 * A VMM with a /dev/hvpart file of its own exits before finalize:
	 * its file goes with it, and so does the partition's VM; the
	 * partition stays Initialized.
	 */
	id = make_partition(ST_CREATED, 0, "make a partition whose VMM exits with its own /dev/hvpart");
	sh->pid = 0;
	sh->vm_fd = -1;
	pid = e2e_fork();
	if (pid == 0) {
		hv2 = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
		e2e_report(hv2 >= 0, "VMM child: opens /dev/hvpart itself", "errno %s",
			   e2e_errname(errno));
		if (hv2 < 0)
			_exit(1);
		hv_fd = hv2;
		r = typed_init_vm(id);
		expect("VMM child (its own /dev/hvpart file): typed initialize with its VM -> SUCCESS",
		       &r, TYPED, S_OK, false);
		sh->pid = getpid();
		sh->vm_fd = r.ret == 0 ? r.vm_in : -1;
		_exit(0);
	}
	e2e_report(e2e_wait_ok(pid), "the VMM child with its own /dev/hvpart exited",
		   "it did not");
	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(sh->vm_fd >= 0 && n == base_dirs &&
		   !e2e_vm_dir_exists(sh->pid, sh->vm_fd),
		   "its /dev/hvpart file closed with it, and hvpart let go of the VM: gone (KVM debugfs)",
		   "vm_fd %d, baseline %d now %d", sh->vm_fd, base_dirs, n);
	e2e_report(probe_state(id) == ST_INIT,
		   "the partition stays Initialized after the binding ended",
		   "probe says %d", probe_state(id));
	r = typed_op(HVPART_GET_VM_FD, id);
	expect("get-vm-fd after the binding ended (no VM) -> OPERATION_DENIED, EPERM",
	       &r, TYPED, S_OPDENIED, false);
	close_fd(&r);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete of that Initialized partition -> INVALID_PARTITION_STATE", &r,
	       TYPED, S_STATE, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	expect("finalize of a partition whose VM binding ended -> SUCCESS", &r,
	       TYPED, S_OK, false);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("...and delete -> SUCCESS", &r, TYPED, S_OK, false);

	/*
	 * The same in one process: initialize through a second /dev/hvpart
	 * file, close the VM fd, then that file.
	 */
	id = make_partition(ST_CREATED, 0, "make a partition bound through a second /dev/hvpart file");
	hv2 = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	e2e_report(hv2 >= 0, "open /dev/hvpart a second time", "errno %s",
		   e2e_errname(errno));
	if (id && hv2 >= 0) {
		saved = hv_fd;
		hv_fd = hv2;
		r = typed_init_vm(id);
		hv_fd = saved;
		expect("typed initialize through the second /dev/hvpart file -> SUCCESS",
		       &r, TYPED, S_OK, false);
		vm = r.ret == 0 ? r.vm_in : -1;
		close_fd(&r);
		e2e_report(vm >= 0 && e2e_vm_dir_exists(getpid(), vm),
			   "with its fd closed the VM lives on while that /dev/hvpart file is open",
			   "no folder %d-%d", (int)getpid(), vm);
		close(hv2);
		hv2 = -1;
		n = e2e_wait_vm_dirs(base_dirs);
		e2e_report(n == base_dirs && (vm < 0 || !e2e_vm_dir_exists(getpid(), vm)),
			   "closing that /dev/hvpart file released the VM (KVM debugfs folder gone)",
			   "baseline %d now %d", base_dirs, n);
		r = typed_op(HVPART_GET_VM_FD, id);
		expect("get-vm-fd in the same process after the binding file closed -> OPERATION_DENIED, EPERM",
		       &r, TYPED, S_OPDENIED, false);
		close_fd(&r);
		r = typed_op(HVPART_FINALIZE_PARTITION, id);
		expect("finalize after the binding file closed -> SUCCESS", &r, TYPED,
		       S_OK, false);
	}
	if (hv2 >= 0)
		close(hv2);
	retire(id);
	munmap(sh, sizeof(*sh));
}

/* ---- no KVM, /dev/kvm missing ------------------------------------------------------ */

/*
 * Without KVM there is no VM to pass: initialize with vm_fd -1 works (the
 * raw call too), and an fd that is not a VM is refused before dispatch.
 */
void no_kvm_cases(const char *why)
{
	char name[200];
	struct res r;
	u64 id = make_partition(ST_CREATED, 0, "make a partition for the no-KVM cases");
	u64 id2 = make_partition(ST_CREATED, 0, "make a second partition for the no-KVM cases");
	int fd;

	if (!id || !id2) {
		retire(id);
		retire(id2);
		return;
	}
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	r = typed_init(id, fd);
	snprintf(name, sizeof(name),
		 "%s: typed initialize with an fd of /dev/null (not a VM) -> EINVAL, not dispatched",
		 why);
	expect_errno(name, &r, TYPED, EINVAL);
	if (fd >= 0)
		close(fd);
	fd = fcntl(0, F_DUPFD_CLOEXEC, 64);
	if (fd >= 0)
		close(fd);
	r = typed_init(id, fd >= 0 ? fd : 1000);
	snprintf(name, sizeof(name),
		 "%s: typed initialize with a closed fd number -> EBADF, not dispatched", why);
	expect_errno(name, &r, TYPED, EBADF);
	r = typed_op(HVPART_GET_VM_FD, id);
	snprintf(name, sizeof(name), "%s: still Created: get-vm-fd -> INVALID_PARTITION_STATE", why);
	expect(name, &r, TYPED, S_STATE, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	snprintf(name, sizeof(name), "%s: still Created: finalize -> INVALID_PARTITION_STATE", why);
	expect(name, &r, TYPED, S_STATE, false);

	r = typed_init(id, -1);
	snprintf(name, sizeof(name), "%s: typed initialize with vm_fd -1 -> SUCCESS, vm_fd -1 back",
		 why);
	expect(name, &r, TYPED, S_OK, false);
	r = typed_op(HVPART_GET_VM_FD, id);
	snprintf(name, sizeof(name), "%s: Initialized without a VM: get-vm-fd -> OPERATION_DENIED",
		 why);
	expect(name, &r, TYPED, S_OPDENIED, false);
	close_fd(&r);
	r = typed_init(id, -1);
	snprintf(name, sizeof(name), "%s: initialize again -> INVALID_PARTITION_STATE", why);
	expect(name, &r, TYPED, S_STATE, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_COMPAT, 0);
	snprintf(name, sizeof(name), "%s: get COMPATIBILITY_VERSION still works", why);
	expect_value(name, &r, TYPED, COMPAT);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	snprintf(name, sizeof(name), "%s: finalize -> SUCCESS", why);
	expect(name, &r, TYPED, S_OK, false);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	snprintf(name, sizeof(name), "%s: delete -> SUCCESS", why);
	expect(name, &r, TYPED, S_OK, false);

	r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, id2);
	snprintf(name, sizeof(name), "%s: hvcall initialize -> SUCCESS", why);
	expect(name, &r, RAW, S_OK, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, id2);
	snprintf(name, sizeof(name), "%s: ...then finalize -> SUCCESS", why);
	expect(name, &r, TYPED, S_OK, false);
	r = typed_op(HVPART_DELETE_PARTITION, id2);
	snprintf(name, sizeof(name), "%s: ...and delete -> SUCCESS", why);
	expect(name, &r, TYPED, S_OK, false);
}

/*
 * hvpart no longer opens /dev/kvm: with the path gone, a VMM that opened
 * it before (as e2e_kvm_vm() did in phase_full) still initializes with
 * its VM, and the raw call needs none.
 */
void test_dev_kvm_missing(void)
{
	u64 a = make_partition(ST_CREATED, 0, "make a partition for /dev/kvm missing");
	u64 b = make_partition(ST_CREATED, 0, "make a second partition for /dev/kvm missing");
	struct res r;
	int fd;

	if (rename("/dev/kvm", "/dev/kvm.off")) {
		e2e_report(false, "mv /dev/kvm /dev/kvm.off", "errno %s", e2e_errname(errno));
		retire(a);
		retire(b);
		return;
	}
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	e2e_report(fd < 0 && errno == ENOENT, "/dev/kvm moved away: it cannot be opened",
		   "open -> %d errno %s", fd, e2e_errname(errno));
	if (fd >= 0)
		close(fd);
	r = typed_init_vm(a);
	expect("/dev/kvm moved away: typed initialize with a VM made through the /dev/kvm fd opened before -> SUCCESS (hvpart opens no /dev/kvm)",
	       &r, TYPED, S_OK, false);
	close_fd(&r);
	r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, b);
	expect("/dev/kvm moved away: hvcall initialize -> SUCCESS (no VM)", &r, RAW,
	       S_OK, false);
	if (rename("/dev/kvm.off", "/dev/kvm")) {
		e2e_report(false, "mv /dev/kvm.off /dev/kvm", "errno %s", e2e_errname(errno));
		exit(2);
	}
	r = typed_op(HVPART_GET_VM_FD, a);
	expect("/dev/kvm back: get-vm-fd of the partition initialized while it was away -> SUCCESS",
	       &r, TYPED, S_OK, true);
	close_fd(&r);
	retire(a);
	retire(b);
}
