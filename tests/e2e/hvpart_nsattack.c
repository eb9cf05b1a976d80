// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_nsattack: a fake /dev/kvm in an unprivileged user's own mount
 * namespace must not make hvpart close or free an unrelated fd of theirs.
 *
 * The bug this guards against: Initialize used to open "/dev/kvm" by path
 * in the caller's mount namespace, issue KVM_CREATE_VM on it, take the fd
 * NUMBER it answered out of the caller's fd table (close_fd_get_file())
 * and fput() it.  A user with their own user and mount namespace can bind
 * a FUSE file over /dev/kvm whose FUSE_IOCTL reply is any number: that of
 * a directory fd armed with dnotify (a use-after-free when the directory
 * changes next) or of a file holding a POSIX lock ("Leaked POSIX lock").
 * Now (Documentation, uapi/linux/hvpart.h) the VMM brings its own VM fd,
 * anything that is not a KVM VM of the caller's is EINVAL with the status
 * left alone, and hvpart never opens /dev/kvm in the caller's context nor
 * removes or closes the caller's fds.
 *
 * Runs as root in the QEMU guest with KVM up and hvpart freshly loaded
 * (tests/e2e/init.sh).  The parent opens /dev/hvpart and the real
 * /dev/kvm, makes /dev/fuse usable by everyone (as udev does), and forks
 * a child that
 *   1. drops to uid/gid 1000, unshares a user and a mount namespace (uid
 *	and gid 1000 mapped to 0), makes / private, mounts a tmpfs on /tmp;
 *   2. serves a one-file FUSE file system on raw /dev/fuse from a thread
 *	(INIT, LOOKUP and GETATTR of "kvm", OPEN, IOCTL answering a chosen
 *	number, FLUSH, RELEASE; ENOSYS for the rest) and counts FUSE_OPEN
 *	and FUSE_IOCTL; binds its "kvm" over /dev/kvm (or, if that bind is
 *	refused, over an empty file on a tmpfs mounted on /dev);
 *   3. arms a directory fd D with dnotify (DN_CREATE | DN_MULTISHOT,
 *	SIGRTMIN through F_SETSIG) and takes a POSIX write lock through a
 *	file fd L, and shows both work;
 *   4. for T in D, L: creates a partition through the inherited
 *	/dev/hvpart fd, makes the FUSE ioctl answer T, opens the fake
 *	/dev/kvm, gets T from its KVM_CREATE_VM, and passes T and then the
 *	fake fd itself as Initialize's vm_fd: EINVAL, status untouched, T
 *	still open and the same file, dnotify still firing on D, the lock
 *	still held through L (a forked process's F_GETLK), no open or ioctl
 *	by hvpart through the fake, and the partition still Created (an
 *	Initialize with vm_fd -1 then succeeds);
 *   5. calls what used to open /dev/kvm in the caller's namespace:
 *	HVPART_GET_CPUID and a nested-virtualization create on x86,
 *	HVPART_GET_PARTITION_PROPERTY PROCESSOR_FEATURES0 on both: they
 *	work, and the FUSE server sees no open;
 *   6. binds a real VM (KVM_CREATE_VM on the real /dev/kvm fd the parent
 *	opened) after the /dev/kvm fd itself is refused; on arm64 also
 *	HVPART_GET_VCPU_INIT; still no open of the fake.
 * The parent then checks that the VMs are gone and that the kernel log
 * written meanwhile (/dev/kmsg) has no leaked lock, BUG, KASAN or WARNING.
 *
 * A guest without /dev/fuse or user namespaces fails the run; it never
 * passes for lack of them.
 *
 * Output: "ok - ..." / "not ok - ..." lines, "# ..." notes, then
 * "hvpart_nsattack: N passed, M failed"; exit status 1 on any failure.
 */
#include "hvpart_nsattack.h"

int hv_fd = -1;
int kvm_fd = -1;		/* the real /dev/kvm, opened as root */

/* ---- the parent: root, outside the namespaces ------------------------- */

static int kmsg_fd = -1;
static long dmesg_skip = -1;	/* without /dev/kmsg: lines of dmesg before */

/*
 * What the log must not say, and how the check names it: the names must
 * not contain the patterns, or run.sh would take the check line itself
 * for a splat on the console.
 */
static const struct {
	const char *pattern;
	const char *name;
} splats[] = {
	{ "Leaked POSIX lock", "leaked POSIX lock report" },
	{ "Leaked locks", "leaked locks report" },
	{ "BUG:", "kernel bug report" },
	{ "KASAN", "KASAN report" },
	{ "WARNING:", "kernel warning" },
	{ "UBSAN:", "UBSAN report" },
	{ "general protection", "#GP fault report" },
};

static long dmesg_lines(void)
{
	char line[1024];
	long n = 0;
	FILE *f = popen("dmesg", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n++;
	pclose(f);
	return n;
}

static void kmsg_start(void)
{
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0 && lseek(kmsg_fd, 0, SEEK_END) >= 0)
		return;
	if (kmsg_fd >= 0)
		close(kmsg_fd);
	kmsg_fd = -1;
	dmesg_skip = dmesg_lines();
	e2e_note("no /dev/kmsg (errno %s): the kernel log check reads dmesg past line %ld",
		 e2e_errname(errno), dmesg_skip);
}

static void kmsg_match(const char *msg, char first[][160], unsigned int *hits)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(splats); i++)
		if (strstr(msg, splats[i].pattern) && !hits[i]++)
			snprintf(first[i], 160, "%.150s", msg);
}

static void kmsg_check(void)
{
	unsigned int hits[ARRAY_SIZE(splats)] = { 0 }, i;
	char first[ARRAY_SIZE(splats)][160];
	char rec[8192], name[160];
	FILE *f = NULL;
	long lines = 0;
	ssize_t n;

	memset(first, 0, sizeof(first));
	if (kmsg_fd < 0 && dmesg_skip >= 0)
		f = popen("dmesg", "r");
	if (kmsg_fd >= 0) {
		for (;;) {
			n = read(kmsg_fd, rec, sizeof(rec) - 1);
			if (n < 0 && errno == EPIPE)
				continue;	/* overwritten: go on */
			if (n <= 0)
				break;		/* EAGAIN: the end */
			rec[n] = '\0';
			lines++;
			/* "prio,seq,time,flags;message\n KEY=value..." */
			kmsg_match(strchr(rec, ';') ? strchr(rec, ';') + 1 : rec,
				   first, hits);
		}
		close(kmsg_fd);
	} else if (f) {
		while (fgets(rec, sizeof(rec), f))
			if (++lines > dmesg_skip)
				kmsg_match(rec, first, hits);
		pclose(f);
		lines -= dmesg_skip;
	} else {
		e2e_report(false, "the kernel log can be read (/dev/kmsg or dmesg)",
			   "errno %s", e2e_errname(errno));
		return;
	}
	e2e_note("kernel log lines written during the test: %ld", lines);
	for (i = 0; i < ARRAY_SIZE(splats); i++) {
		snprintf(name, sizeof(name),
			 "the kernel log written during the test has no %s",
			 splats[i].name);
		e2e_report(!hits[i], name, "%u lines, first: %s", hits[i],
			   first[i]);
	}
}

/* /dev/fuse must exist; without udev it is 0600 root: make it 0666. */
static void fuse_dev_check(void)
{
	struct stat st;
	int err;

	err = stat("/dev/fuse", &st) ? errno : 0;
	e2e_report(!err && S_ISCHR(st.st_mode),
		   "/dev/fuse exists (FUSE built in or fuse.ko loaded)",
		   "errno %s: this kernel has no FUSE; the attack cannot be staged",
		   e2e_errname(err));
	if (err || (st.st_mode & 0666) == 0666)
		return;
	e2e_note("/dev/fuse is mode 0%o without udev: making it 0666 as udev's rule does",
		 (unsigned int)(st.st_mode & 07777));
	err = chmod("/dev/fuse", 0666) ? errno : 0;
	e2e_report(!err, "chmod 0666 /dev/fuse", "errno %s", e2e_errname(err));
}

static bool wait_child(pid_t pid, int *status)
{
	int i;

	for (i = 0; i < (CHILD_TIMEOUT_S + 30) * 10; i++) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return true;
		if (r < 0 && errno != EINTR)
			return false;
		sleep_ms(100);
	}
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return false;
}

int main(void)
{
	int base = -1, now, status = 0, err;
	bool waited;
	pid_t pid;

	e2e_init(PROG);
	kmsg_start();

	hv_fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	err = hv_fd < 0 ? errno : 0;
	e2e_report(hv_fd >= 0, "root opens /dev/hvpart before dropping privileges",
		   "errno %s", e2e_errname(err));
	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	err = kvm_fd < 0 ? errno : 0;
	e2e_report(kvm_fd >= 0, "root opens the real /dev/kvm before dropping privileges",
		   "errno %s", e2e_errname(err));
	fuse_dev_check();

	if (hv_fd >= 0 && kvm_fd >= 0) {
		base = e2e_vm_dirs();
		pid = e2e_fork();
		if (pid == 0) {
			status = child_main();
			fflush(NULL);
			_exit(status);
		}
		waited = pid > 0 && wait_child(pid, &status);
		e2e_report(waited && WIFEXITED(status) && !WEXITSTATUS(status),
			   "the unprivileged child ran every step and exited 0",
			   "%s, %s %d%s", waited ? "waited" : "timed out or lost",
			   WIFSIGNALED(status) ? "signal" : "exit status",
			   WIFSIGNALED(status) ? WTERMSIG(status) :
			   WEXITSTATUS(status),
			   WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM ?
			   " (the watchdog: a call hung)" : "");
	}
	if (hv_fd >= 0)
		close(hv_fd);
	if (kvm_fd >= 0)
		close(kvm_fd);
	if (base >= 0) {
		now = e2e_wait_vm_dirs(base);
		e2e_report(now == base,
			   "no VM left once the child is gone (KVM debugfs VM folders back to the baseline)",
			   "%d folders, baseline %d", now, base);
	} else {
		e2e_note("no " E2E_KVM_DEBUGFS ": the VM leak check is skipped");
	}
	/* Let the child's mount namespace (its tmpfs, the lock file) go. */
	sleep_ms(300);
	kmsg_check();
	return e2e_summary();
}
