// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_limits: the per-user bounds max_partitions_per_user and
 * max_initialized_per_user, and what a killed VMM leaves behind.
 *
 * Runs as root in the QEMU guest (x86_64) with kvm and kvm-amd loaded,
 * debugfs at /sys/kernel/debug and a fresh hvpart loaded
 * (tests/e2e/init.sh).  Steps:
 *
 *  1. Save both module params, set max_partitions_per_user=6 and
 *     max_initialized_per_user=3; note the KVM VM folders in debugfs, the
 *     kernel threads (kthreadd's children, kworkers left out: the
 *     workqueue pools start and reap those on their own) and KVM's vendor
 *     module refcount.  Root, with CAP_SYS_ADMIN, is not bound: it creates
 *     7 and initializes 4.
 *  2. A child opens /dev/hvpart and /dev/kvm as root, drops to uid/gid
 *     1000 (no capabilities left) and RLIMIT_NOFILE 16, then creates until
 *     refused (6 succeed, the 7th is ENOSPC/HVPART_STATUS_NO_RESOURCES) and
 *     initializes each of the 6 with a VM of its own, closing each VM fd
 *     right away: 3 succeed, the others are refused with
 *     ENOSPC/HVPART_STATUS_NO_RESOURCES, leaving the partition Created and the
 *     VM fd open.  Then it says it is ready and sleeps.
 *  3. The parent sees the 3 VMs in debugfs (held only by hvpart), kills
 *     the child with SIGKILL and checks that the VMs, their kernel threads
 *     and the module references are gone, that the 3 partitions are still
 *     Initialized and the other 3 still Created (as root: finalize; and
 *     initialize with vm_fd -1, finalize), and deletes all 6.
 *  4. A second uid 1000 child again creates 6 and initializes 3 (the
 *     counts were given back, and are still enforced), then finalizes and
 *     deletes its own.
 *  5. max_pool_pages_per_user=8: a uid 1000 child deposits 5 pages into
 *     each of two partitions; the second deposit is refused whole
 *     (INSUFFICIENT_MEMORY, with the module's verdict naming the bound),
 *     3 fit, a withdrawal gives room back; root is not bound.
 *  6. The params are restored.
 *
 * KVM names a VM's debugfs folder "<pid>-<fd>" after the fd KVM_CREATE_VM
 * returns, and a VM whose name is taken gets no folder.  The children
 * close each VM fd at once, so the next VM would get the same number: an
 * fd on /dev/null takes each closed VM's number, so that every VM has a
 * folder of its own.  With 0-2, /dev/hvpart, /dev/kvm, the pipe and 6 of
 * those, the child stays under RLIMIT_NOFILE 16: the refusals come from
 * the module params, not from running out of fds.
 *
 * Output: "ok - ..." / "not ok - ..." lines, then
 * "hvpart_limits: N passed, M failed"; exit status 1 on any failure.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "e2e_util.h"

#define PARAMS		"/sys/module/hvpart/parameters/"
#define P_PARTS		"max_partitions_per_user"
#define P_INIT		"max_initialized_per_user"
#define P_POOL		"max_pool_pages_per_user"
#define NPART		6	/* max_partitions_per_user for the test */
#define NINIT		3	/* max_initialized_per_user for the test */
#define USER_ID		1000
#define CHILD_NOFILE	16
#define STATUS_PRESET	0xdeadbeefU
#define READY_TIMEOUT_MS 120000

/* The parent's /dev/hvpart, as root. */
static int hv_fd = -1;
static pid_t parent_pid;

/* The first child's partition ids, for the parent's teardown as root. */
static u64 *shared_ids;

/* ---- calls ---------------------------------------------------------------- */

/* Create a partition; its id, 0 when refused (errno in *err). */
static u64 create_partition(int fd, int *err, u32 *status)
{
	struct hvpart_create_partition_amd64 c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	c.status = STATUS_PRESET;
	errno = 0;
	ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, &c);
	*err = ret ? errno : 0;
	*status = c.status;
	return ret == 0 ? c.new_partition_id : 0;
}

/* One typed lifecycle ioctl; returns 0 or its errno. */
static int partition_op(int fd, unsigned long req, u64 id, int vm_fd,
			struct hvpart_partition_op *op)
{
	memset(op, 0, sizeof(*op));
	op->partition_id = id;
	op->status = STATUS_PRESET;
	op->vm_fd = vm_fd;
	errno = 0;
	return ioctl(fd, req, op) ? errno : 0;
}

/*
 * HvCallDepositMemory of @n made-up page numbers from @first, or
 * HvCallWithdrawMemory of up to @n (@first unused): the status, the reps
 * completed in *@done.
 */
static u16 pool_call(int fd, u16 code, u64 id, u64 first, u16 n, u16 *done)
{
	/* Aligned so that neither crosses a 4 KiB boundary. */
	static u64 in[1 + 64] __aligned(1024), out[64] __aligned(512);
	struct hvc_control c = { .code = code, .rep_count = n };
	struct hvpart_hvcall hc = {
		.input = (uintptr_t)in, .input_size = sizeof(in),
		.output = (uintptr_t)out, .output_size = sizeof(out),
	};
	u16 i;

	memset(in, 0, sizeof(in));
	in[0] = id;
	for (i = 0; code == HVPART_CALL_DEPOSIT_MEMORY && i < n; i++)
		in[1 + i] = first + i;
	hc.control = hvc_control_encode(&c);
	ioctl(fd, HVPART_HVCALL, &hc);
	*done = (hc.result & HVPART_HYPERCALL_REP_DONE_MASK) >>
		HVPART_HYPERCALL_REP_DONE_SHIFT;
	return hc.result & HVPART_HYPERCALL_RESULT_MASK;
}

/* The documented answer of HVPART_GET_VM_FD on a Created partition. */
static bool still_created(int fd, u64 id)
{
	struct hvpart_partition_op op;
	int err = partition_op(fd, HVPART_GET_VM_FD, id, 12345, &op);

	if (!err && op.vm_fd >= 0)
		close(op.vm_fd);
	return err == EINVAL && op.status == HVPART_STATUS_INVALID_PARTITION_STATE;
}

/* ---- what the kernel holds ------------------------------------------------ */

/*
 * kthreadd's children (ppid 2), without the workqueue's kworkers, whose
 * pools grow and shrink by themselves.  *kvm_named: those named "kvm*"
 * (x86 KVM's per-VM "kvm-nx-lpage-recovery" thread among them).
 */
static int count_kthreads(int *kvm_named)
{
	char path[sizeof(((struct dirent *)0)->d_name) + 16], buf[512], state;
	struct dirent *de;
	DIR *d = opendir("/proc");
	int n = 0, kvm = 0, ppid;
	char *open_paren, *close_paren;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if (!e2e_read_file(path, buf, sizeof(buf)))
			continue;	/* exited meanwhile */
		open_paren = strchr(buf, '(');
		close_paren = strrchr(buf, ')');
		if (!open_paren || !close_paren || close_paren < open_paren ||
		    sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2)
			continue;
		if (ppid != 2)
			continue;
		*close_paren = '\0';
		if (!strncmp(open_paren + 1, "kworker/", 8))
			continue;
		n++;
		if (!strncmp(open_paren + 1, "kvm", 3))
			kvm++;
	}
	closedir(d);
	if (kvm_named)
		*kvm_named = kvm;
	return n;
}

/* Wait (up to 2 s) until there are at most @want; the last count seen. */
static int wait_kthreads(int want, int *kvm_named)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int i, n = count_kthreads(kvm_named);

	for (i = 0; i < 100 && n > want; i++) {
		nanosleep(&ts, NULL);
		n = count_kthreads(kvm_named);
	}
	return n;
}

/* KVM's vendor module refcount: each VM file and /dev/kvm fd holds one. */
static long kvm_vendor_refcnt(void)
{
	static const char *const paths[] = {
		"/sys/module/kvm_amd/refcnt", "/sys/module/kvm_intel/refcnt",
	};
	char buf[32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(paths); i++)
		if (e2e_read_file(paths[i], buf, sizeof(buf)))
			return strtol(buf, NULL, 10);
	return -1;
}

static long wait_kvm_vendor_refcnt(long want)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	long n = kvm_vendor_refcnt();
	int i;

	for (i = 0; i < 100 && n != want; i++) {
		nanosleep(&ts, NULL);
		n = kvm_vendor_refcnt();
	}
	return n;
}

/* ---- module params -------------------------------------------------------- */

static bool param_get(const char *name, char *buf, size_t len)
{
	char path[128];
	size_t n;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	if (!e2e_read_file(path, buf, len))
		return false;
	n = strcspn(buf, "\n");
	buf[n] = '\0';
	return n > 0;
}

/* Write @value and read it back. */
static bool param_set(const char *name, const char *value)
{
	char path[128], back[32];

	snprintf(path, sizeof(path), PARAMS "%s", name);
	return e2e_write_file(path, value) &&
	       param_get(name, back, sizeof(back)) && !strcmp(back, value);
}

/* ---- the uid 1000 VMM ----------------------------------------------------- */

/* The effective capabilities, from /proc/self/status; ~0 when unknown. */
static unsigned long long cap_eff(void)
{
	char buf[4096], *p;

	if (!e2e_read_file("/proc/self/status", buf, sizeof(buf)))
		return ~0ULL;
	p = strstr(buf, "\nCapEff:");
	if (!p)
		return ~0ULL;
	return strtoull(p + 8, NULL, 16);
}

/*
 * In a child: open /dev/hvpart and /dev/kvm as root, then become uid/gid
 * 1000 with no capabilities, optionally with RLIMIT_NOFILE CHILD_NOFILE.
 * Exits the child on failure.
 */
static void become_user(const char *tag, int *hv, int *kvm, bool limit_fds)
{
	struct rlimit rl = { CHILD_NOFILE, CHILD_NOFILE };
	char name[200];
	bool dropped;

	/* Its own open file: its release must not wait for the parent's. */
	close(hv_fd);
	*hv = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	*kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	snprintf(name, sizeof(name), "%s: open /dev/hvpart and /dev/kvm as root",
		 tag);
	e2e_report(*hv >= 0 && *kvm >= 0, name, "errno %s", e2e_errname(errno));
	if (*hv < 0 || *kvm < 0)
		_exit(1);

	dropped = setgroups(0, NULL) == 0 && setgid(USER_ID) == 0 &&
		  setuid(USER_ID) == 0;
	snprintf(name, sizeof(name),
		 "%s: dropped to uid/gid %d without CAP_SYS_ADMIN (CapEff 0)",
		 tag, USER_ID);
	e2e_report(dropped && getuid() == USER_ID && geteuid() == USER_ID &&
		   getgid() == USER_ID && getegid() == USER_ID &&
		   cap_eff() == 0, name,
		   "set*id %s, uid %d euid %d gid %d egid %d CapEff 0x%llx",
		   dropped ? "worked" : e2e_errname(errno), (int)getuid(),
		   (int)geteuid(), (int)getgid(), (int)getegid(), cap_eff());
	if (!dropped || getuid() != USER_ID)
		_exit(1);
	/* After the uid change, which clears it: die with the parent. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent_pid)
		_exit(1);

	if (limit_fds) {
		snprintf(name, sizeof(name), "%s: setrlimit RLIMIT_NOFILE %d",
			 tag, CHILD_NOFILE);
		e2e_report(setrlimit(RLIMIT_NOFILE, &rl) == 0, name, "errno %s",
			   e2e_errname(errno));
	}
}

/* Create until refused: NPART succeed, the next is NO_RESOURCES. */
static void create_until_refused(const char *tag, int hv, u64 ids[NPART])
{
	struct hvpart_partition_op op;
	char name[200];
	u32 status;
	int i, err;
	u64 id;

	for (i = 0; i < NPART; i++) {
		ids[i] = create_partition(hv, &err, &status);
		snprintf(name, sizeof(name),
			 "%s: create %d of %d as uid %d -> SUCCESS", tag, i + 1,
			 NPART, USER_ID);
		e2e_report(ids[i] && !err && status == HVPART_STATUS_SUCCESS, name,
			   "errno %s status %s", e2e_errname(err),
			   e2e_status_str(status));
	}
	id = create_partition(hv, &err, &status);
	snprintf(name, sizeof(name),
		 "%s: create %d at max_partitions_per_user=%d -> ENOSPC, HV_STATUS_NO_RESOURCES, no id",
		 tag, NPART + 1, NPART);
	e2e_report(!id && err == ENOSPC && status == HVPART_STATUS_NO_RESOURCES,
		   name, "errno %s status %s id %" PRIu64, e2e_errname(err),
		   e2e_status_str(status), id);
	if (id)		/* accepted: give it back */
		partition_op(hv, HVPART_DELETE_PARTITION, id, -1, &op);
}

/*
 * Initialize each partition with a VM of this process, closing the VM fd
 * right away: the first NINIT succeed, the others are refused before
 * anything changes.
 */
static void initialize_each(const char *tag, int hv, int kvm,
			    const u64 ids[NPART])
{
	struct hvpart_partition_op op, get;
	struct e2e_fd_mark mark;
	char name[240];
	int i, vm, err, gerr;
	bool kept, open_after;

	for (i = 0; i < NPART; i++) {
		if (!ids[i])
			continue;
		vm = ioctl(kvm, KVM_CREATE_VM, 0);
		err = vm < 0 ? errno : 0;
		snprintf(name, sizeof(name),
			 "%s: KVM_CREATE_VM for partition %d as uid %d", tag,
			 i + 1, USER_ID);
		e2e_report(vm >= 0, name, "errno %s", e2e_errname(err));
		if (vm < 0)
			continue;
		e2e_fd_mark(&mark, vm);
		err = partition_op(hv, HVPART_INITIALIZE_PARTITION, ids[i], vm,
				   &op);
		if (i < NINIT) {
			snprintf(name, sizeof(name),
				 "%s: initialize %d of %d with its own VM -> SUCCESS, vm_fd back unchanged",
				 tag, i + 1, NINIT);
			e2e_report(!err && op.status == HVPART_STATUS_SUCCESS &&
				   op.vm_fd == vm, name,
				   "errno %s status %s vm_fd %d (passed %d)",
				   e2e_errname(err), e2e_status_str(op.status),
				   op.vm_fd, vm);
			e2e_fd_kept(&mark);
			close(vm);
			/* hvpart holds it now, and gives it back on asking. */
			gerr = partition_op(hv, HVPART_GET_VM_FD, ids[i], 12345,
					    &get);
			snprintf(name, sizeof(name),
				 "%s: partition %d holds its VM after the VM fd was closed (HVPART_GET_VM_FD -> SUCCESS)",
				 tag, i + 1);
			e2e_report(!gerr && get.status == HVPART_STATUS_SUCCESS &&
				   get.vm_fd >= 0, name,
				   "errno %s status %s vm_fd %d",
				   e2e_errname(gerr),
				   e2e_status_str(get.status), get.vm_fd);
			if (!gerr && get.vm_fd >= 0)
				close(get.vm_fd);
		} else {
			snprintf(name, sizeof(name),
				 "%s: initialize %d at max_initialized_per_user=%d -> ENOSPC, HV_STATUS_NO_RESOURCES, vm_fd as passed",
				 tag, i + 1, NINIT);
			e2e_report(err == ENOSPC &&
				   op.status == HVPART_STATUS_NO_RESOURCES &&
				   op.vm_fd == vm, name,
				   "errno %s status %s vm_fd %d (passed %d)",
				   e2e_errname(err), e2e_status_str(op.status),
				   op.vm_fd, vm);
			open_after = fcntl(vm, F_GETFD) >= 0;
			kept = e2e_fd_kept(&mark);
			snprintf(name, sizeof(name),
				 "%s: after the refusal of %d its VM fd %d is still open (F_GETFD) and the same file",
				 tag, i + 1, vm);
			e2e_report(open_after && kept, name,
				   "F_GETFD %s, same file %s",
				   open_after ? "ok" : "failed",
				   kept ? "yes" : "no");
			snprintf(name, sizeof(name),
				 "%s: after the refusal partition %d is still Created (HVPART_GET_VM_FD -> INVALID_PARTITION_STATE)",
				 tag, i + 1);
			e2e_report(still_created(hv, ids[i]), name,
				   "it is not");
			close(vm);
		}
		/* Take the closed VM's number: the next VM's folder differs. */
		if (open("/dev/null", O_RDONLY | O_CLOEXEC) < 0)
			e2e_note("%s: open /dev/null: %s", tag,
				 e2e_errname(errno));
	}
}

/* Step 2: make 6, bind 3, say so on @ready, sleep until killed. */
static void first_child(int ready)
{
	const char *tag = "uid 1000 VMM";
	char byte = 'R';
	int hv, kvm;

	become_user(tag, &hv, &kvm, true);
	create_until_refused(tag, hv, shared_ids);
	initialize_each(tag, hv, kvm, shared_ids);
	if (write(ready, &byte, 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

/* Step 4: the same again, then finalize and delete its own. */
static void second_child(void)
{
	const char *tag = "second uid 1000 VMM";
	struct hvpart_partition_op op;
	u64 ids[NPART];
	char name[200];
	int hv, kvm, i, err;

	become_user(tag, &hv, &kvm, true);
	create_until_refused(tag, hv, ids);
	initialize_each(tag, hv, kvm, ids);
	for (i = 0; i < NPART; i++) {
		if (!ids[i])
			continue;
		if (i < NINIT) {
			err = partition_op(hv, HVPART_FINALIZE_PARTITION, ids[i],
					   -1, &op);
			snprintf(name, sizeof(name),
				 "%s: finalize its partition %d -> SUCCESS",
				 tag, i + 1);
			e2e_report(!err && op.status == HVPART_STATUS_SUCCESS, name,
				   "errno %s status %s", e2e_errname(err),
				   e2e_status_str(op.status));
		}
		err = partition_op(hv, HVPART_DELETE_PARTITION, ids[i], -1,
				   &op);
		snprintf(name, sizeof(name),
			 "%s: delete its partition %d -> SUCCESS", tag, i + 1);
		e2e_report(!err && op.status == HVPART_STATUS_SUCCESS, name,
			   "errno %s status %s", e2e_errname(err),
			   e2e_status_str(op.status));
	}
	fflush(NULL);
	_exit(0);
}

/* ---- the parent, as root -------------------------------------------------- */

/* Root is not bound: 7 partitions at 6, 4 initialized at 3; then gone. */
static void root_is_exempt(void)
{
	struct hvpart_partition_op op;
	u64 ids[NPART + 1];
	unsigned int i, created = 0, inited = 0, undone = 0;
	int err;
	u32 status;

	for (i = 0; i < NPART + 1; i++) {
		ids[i] = create_partition(hv_fd, &err, &status);
		if (ids[i])
			created++;
		else
			e2e_note("root create %u: errno %s status %s", i + 1,
				 e2e_errname(err), e2e_status_str(status));
	}
	e2e_report(created == NPART + 1,
		   "root (CAP_SYS_ADMIN) is exempt: 7 creates at max_partitions_per_user=6 all succeed",
		   "%u of %d succeeded", created, NPART + 1);
	for (i = 0; i < NINIT + 1; i++) {
		if (!ids[i])
			continue;
		err = partition_op(hv_fd, HVPART_INITIALIZE_PARTITION, ids[i], -1,
				   &op);
		if (!err && op.status == HVPART_STATUS_SUCCESS)
			inited++;
		else
			e2e_note("root initialize %u: errno %s status %s", i + 1,
				 e2e_errname(err), e2e_status_str(op.status));
	}
	e2e_report(inited == NINIT + 1,
		   "root (CAP_SYS_ADMIN) is exempt: 4 initializes (vm_fd -1) at max_initialized_per_user=3 all succeed",
		   "%u of %d succeeded", inited, NINIT + 1);
	for (i = 0; i < NPART + 1; i++) {
		if (!ids[i])
			continue;
		if (i < NINIT + 1)
			partition_op(hv_fd, HVPART_FINALIZE_PARTITION, ids[i], -1,
				     &op);
		err = partition_op(hv_fd, HVPART_DELETE_PARTITION, ids[i], -1,
				   &op);
		if (!err && op.status == HVPART_STATUS_SUCCESS)
			undone++;
	}
	e2e_report(undone == created,
		   "root: finalize and delete its 7 partitions",
		   "%u of %u deleted", undone, created);
}

/* Read the child's ready byte, waiting at most READY_TIMEOUT_MS. */
static bool wait_ready(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char byte;
	int ret;

	do
		ret = poll(&pfd, 1, READY_TIMEOUT_MS);
	while (ret < 0 && errno == EINTR);
	return ret == 1 && read(fd, &byte, 1) == 1 && byte == 'R';
}

/* As root, after the kill: the first NINIT Initialized, the rest Created. */
static void root_teardown(const u64 ids[NPART])
{
	struct hvpart_partition_op op;
	char name[240];
	int i, err;

	for (i = 0; i < NPART; i++) {
		if (!ids[i])
			continue;
		if (i < NINIT) {
			err = partition_op(hv_fd, HVPART_FINALIZE_PARTITION,
					   ids[i], -1, &op);
			snprintf(name, sizeof(name),
				 "after the kill partition %d is still Initialized: finalize as root -> SUCCESS",
				 i + 1);
			e2e_report(!err && op.status == HVPART_STATUS_SUCCESS, name,
				   "errno %s status %s", e2e_errname(err),
				   e2e_status_str(op.status));
		} else {
			err = partition_op(hv_fd, HVPART_INITIALIZE_PARTITION,
					   ids[i], -1, &op);
			snprintf(name, sizeof(name),
				 "after the kill partition %d (refused) is still Created: initialize as root with vm_fd -1 -> SUCCESS",
				 i + 1);
			e2e_report(!err && op.status == HVPART_STATUS_SUCCESS, name,
				   "errno %s status %s", e2e_errname(err),
				   e2e_status_str(op.status));
			err = partition_op(hv_fd, HVPART_FINALIZE_PARTITION,
					   ids[i], -1, &op);
			snprintf(name, sizeof(name),
				 "then finalize partition %d as root -> SUCCESS",
				 i + 1);
			e2e_report(!err && op.status == HVPART_STATUS_SUCCESS, name,
				   "errno %s status %s", e2e_errname(err),
				   e2e_status_str(op.status));
		}
	}
	for (i = 0; i < NPART; i++) {
		if (!ids[i])
			continue;
		err = partition_op(hv_fd, HVPART_DELETE_PARTITION, ids[i], -1,
				   &op);
		snprintf(name, sizeof(name),
			 "delete partition %d of the killed VMM as root -> SUCCESS",
			 i + 1);
		e2e_report(!err && op.status == HVPART_STATUS_SUCCESS, name,
			   "errno %s status %s", e2e_errname(err),
			   e2e_status_str(op.status));
	}
}

/* Steps 2 and 3. */
static void kill_phase(int vm_base, int kt_base, long vref_base)
{
	int p[2], st = 0, n, kvm_kt = 0;
	bool ready;
	long vref;
	pid_t pid;

	memset(shared_ids, 0, NPART * sizeof(*shared_ids));
	if (pipe2(p, O_CLOEXEC)) {
		e2e_report(false, "pipe for the uid 1000 VMM", "errno %s",
			   e2e_errname(errno));
		return;
	}
	pid = e2e_fork();
	if (pid == 0) {
		close(p[0]);
		first_child(p[1]);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		e2e_report(false, "fork the uid 1000 VMM", "errno %s",
			   e2e_errname(errno));
		return;
	}
	ready = wait_ready(p[0]);
	close(p[0]);
	e2e_report(ready, "the uid 1000 VMM is ready (its VM fds closed)",
		   "it died or took over %d ms", READY_TIMEOUT_MS);
	if (ready) {
		n = e2e_wait_vm_dirs(vm_base + NINIT);
		e2e_report(n == vm_base + NINIT,
			   "while it lives, KVM debugfs shows its 3 VMs (baseline + 3), held only through hvpart",
			   "baseline %d, now %d", vm_base, n);
		n = count_kthreads(&kvm_kt);
		e2e_note("while it lives: %d kernel threads (baseline %d), %d named kvm*; KVM vendor module refcount %ld (baseline %ld)",
			 n, kt_base, kvm_kt, kvm_vendor_refcnt(), vref_base);
	}

	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	e2e_report(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		   "SIGKILL the uid 1000 VMM; it dies of it",
		   "wait status 0x%x", st);

	n = e2e_wait_vm_dirs(vm_base);
	e2e_report(n == vm_base,
		   "after the kill KVM debugfs VM folders are back to the baseline (hvpart dropped the VMs with the file)",
		   "baseline %d, now %d", vm_base, n);
	n = wait_kthreads(kt_base, &kvm_kt);
	e2e_report(n >= 0 && n <= kt_base,
		   "after the kill the kernel threads (kthreadd's children, no kworkers) are back to the baseline",
		   "baseline %d, now %d (%d named kvm*)", kt_base, n, kvm_kt);
	if (vref_base >= 0) {
		vref = wait_kvm_vendor_refcnt(vref_base);
		e2e_report(vref == vref_base,
			   "after the kill KVM's vendor module refcount is back to the baseline",
			   "baseline %ld, now %ld", vref_base, vref);
	}

	root_teardown(shared_ids);
}

/* Step 5, the uid 1000 side: two partitions, one bound over both pools. */
static void pool_child(void)
{
	struct hvpart_partition_op op;
	struct hvpart_verdict v;
	u64 ids[2];
	int hv, kvm, err;
	u16 st, done;
	u32 status;

	become_user("pool", &hv, &kvm, false);
	ids[0] = create_partition(hv, &err, &status);
	ids[1] = create_partition(hv, &err, &status);
	e2e_report(ids[0] && ids[1], "pool: uid 1000 creates two partitions",
		   "errno %s", e2e_errname(err));
	st = pool_call(hv, HVPART_CALL_DEPOSIT_MEMORY, ids[0], 0x1000, 5, &done);
	e2e_report(st == HVPART_STATUS_SUCCESS && done == 5,
		   "pool: 5 pages into the first", "%s, %u done",
		   e2e_status_str(st), done);
	st = pool_call(hv, HVPART_CALL_DEPOSIT_MEMORY, ids[1], 0x2000, 5, &done);
	memset(&v, 0, sizeof(v));
	ioctl(hv, HVPART_GET_VERDICT, &v);
	e2e_report(st == HVPART_STATUS_INSUFFICIENT_MEMORY && done == 0 &&
		   strstr(v.cause, P_POOL),
		   "pool: 5 more into the second pass " P_POOL "=8 over both: refused whole, the verdict names the bound",
		   "%s, %u done, verdict '%s'", e2e_status_str(st), done, v.cause);
	st = pool_call(hv, HVPART_CALL_DEPOSIT_MEMORY, ids[1], 0x2000, 3, &done);
	e2e_report(st == HVPART_STATUS_SUCCESS && done == 3,
		   "pool: 3 fit", "%s, %u done", e2e_status_str(st), done);
	st = pool_call(hv, HVPART_CALL_WITHDRAW_MEMORY, ids[0], 0, 64, &done);
	e2e_report(st == HVPART_STATUS_NO_RESOURCES && done == 5,
		   "pool: the first's 5 withdrawn (NO_RESOURCES once dry)",
		   "%s, %u done", e2e_status_str(st), done);
	st = pool_call(hv, HVPART_CALL_DEPOSIT_MEMORY, ids[1], 0x3000, 5, &done);
	e2e_report(st == HVPART_STATUS_SUCCESS && done == 5,
		   "pool: the room is back: 5 more into the second",
		   "%s, %u done", e2e_status_str(st), done);
	st = pool_call(hv, HVPART_CALL_WITHDRAW_MEMORY, ids[1], 0, 64, &done);
	e2e_report(st == HVPART_STATUS_NO_RESOURCES && done == 8,
		   "pool: the second's 8 withdrawn", "%s, %u done",
		   e2e_status_str(st), done);
	err = partition_op(hv, HVPART_DELETE_PARTITION, ids[0], -1, &op) |
	      partition_op(hv, HVPART_DELETE_PARTITION, ids[1], -1, &op);
	e2e_report(!err, "pool: both deleted, their pools empty", "errno %s",
		   e2e_errname(err));
	_exit(e2e_failed() ? 1 : 0);
}

/* Step 5: the pool bound for uid 1000, and root, which it does not bind. */
static void pool_phase(void)
{
	struct hvpart_partition_op op;
	u16 st, done;
	u32 status;
	pid_t pid;
	int err;
	u64 id;

	pid = e2e_fork();
	if (pid == 0)
		pool_child();
	e2e_report(e2e_wait_ok(pid), "the uid 1000 depositor exits 0",
		   "fork failed or it failed");

	id = create_partition(hv_fd, &err, &status);
	st = pool_call(hv_fd, HVPART_CALL_DEPOSIT_MEMORY, id, 0x4000, 20, &done);
	e2e_report(id && st == HVPART_STATUS_SUCCESS && done == 20,
		   "pool: root (CAP_SYS_ADMIN) deposits 20 past " P_POOL "=8",
		   "%s, %u done", e2e_status_str(st), done);
	st = pool_call(hv_fd, HVPART_CALL_WITHDRAW_MEMORY, id, 0, 20, &done);
	err = partition_op(hv_fd, HVPART_DELETE_PARTITION, id, -1, &op);
	e2e_report(st == HVPART_STATUS_SUCCESS && done == 20 && !err,
		   "pool: root withdraws its 20 and deletes", "%s, %u done, errno %s",
		   e2e_status_str(st), done, e2e_errname(err));
}

/* Step 4. */
static void again_phase(int vm_base)
{
	pid_t pid = e2e_fork();
	int n;

	if (pid == 0)
		second_child();
	e2e_report(e2e_wait_ok(pid),
		   "the second uid 1000 VMM (counts given back) exits 0",
		   "fork failed or it failed");
	n = e2e_wait_vm_dirs(vm_base);
	e2e_report(n == vm_base,
		   "after the second VMM KVM debugfs VM folders are back to the baseline",
		   "baseline %d, now %d", vm_base, n);
}

int main(void)
{
	char saved_parts[32], saved_init[32], saved_pool[32];
	int vm_base, kt_base, kvm_kt = 0;
	bool params, limits_set;
	long vref_base;

	e2e_init("hvpart_limits");
	parent_pid = getpid();

	params = param_get(P_PARTS, saved_parts, sizeof(saved_parts)) &&
		 param_get(P_INIT, saved_init, sizeof(saved_init)) &&
		 param_get(P_POOL, saved_pool, sizeof(saved_pool));
	e2e_report(params,
		   "hvpart has the params " P_PARTS ", " P_INIT " and " P_POOL,
		   "no readable " PARAMS P_PARTS " or " PARAMS P_INIT);
	if (!params)
		return e2e_summary();
	e2e_note("saved " P_PARTS "=%s " P_INIT "=%s", saved_parts, saved_init);

	hv_fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	e2e_report(hv_fd >= 0, "open /dev/hvpart as root", "errno %s",
		   e2e_errname(errno));
	shared_ids = mmap(NULL, NPART * sizeof(*shared_ids),
			  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			  -1, 0);
	if (shared_ids == MAP_FAILED) {
		perror("mmap");
		return 2;
	}

	limits_set = param_set(P_PARTS, "6") && param_set(P_INIT, "3") &&
		     param_set(P_POOL, "8");
	e2e_report(limits_set,
		   "as root set " P_PARTS "=6, " P_INIT "=3 and " P_POOL "=8 (read back)",
		   "errno %s", e2e_errname(errno));

	vm_base = e2e_vm_dirs();
	e2e_report(vm_base >= 0,
		   "KVM debugfs folder " E2E_KVM_DEBUGFS " is readable",
		   "debugfs not mounted, or no kvm/ in it");
	kt_base = count_kthreads(&kvm_kt);
	e2e_report(kt_base > 0, "kernel threads counted in /proc",
		   "count %d", kt_base);
	vref_base = kvm_vendor_refcnt();
	e2e_note("baseline: %d KVM VM folders, %d kernel threads (%d named kvm*), KVM vendor module refcount %ld",
		 vm_base, kt_base, kvm_kt, vref_base);

	if (hv_fd >= 0 && limits_set && vm_base >= 0 && kt_base > 0) {
		root_is_exempt();
		kill_phase(vm_base, kt_base, vref_base);
		again_phase(vm_base);
		pool_phase();
	}

	e2e_report(param_set(P_PARTS, saved_parts) &&
		   param_set(P_INIT, saved_init) &&
		   param_set(P_POOL, saved_pool),
		   "restore " P_PARTS ", " P_INIT " and " P_POOL,
		   "errno %s", e2e_errname(errno));
	if (hv_fd >= 0)
		close(hv_fd);
	return e2e_summary();
}
