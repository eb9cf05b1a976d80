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
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/fuse.h>
#include <linux/kvm.h>

#include "e2e_util.h"

#define PROG		"hvpart_nsattack"
#define UNPRIV_ID	1000
/* The child's own tmpfs, over the guest's /tmp in its mount namespace. */
#define WORK_DIR	"/tmp"
#define FUSE_DIR	WORK_DIR "/fuse"
#define FUSE_NAME	"kvm"
#define FUSE_FILE	FUSE_DIR "/" FUSE_NAME
#define DN_DIR		WORK_DIR "/dn"
#define LOCK_FILE	WORK_DIR "/lock"
#define FAKE_KVM	"/dev/kvm"
#define STATUS_CANARY	0xdeadbeefU
#define FUSE_FILE_NODE	2
#define FUSE_MAX_WRITE	4096
#define FUSE_BUF_SIZE	(FUSE_MIN_READ_BUFFER + 128 * 1024)
/* A hung call (hvpart waiting on the FUSE server, say) ends the child. */
#define CHILD_TIMEOUT_S	150
#define CPUID_NENT	256
#define MAX_PARTITIONS	8
/*
 * A FUSE server's answer for what it does not implement: ENOSYS (38 in
 * asm-generic/errno.h, which x86 and arm64 share).  The kernel then stops
 * sending some (ACCESS) and turns GETXATTR's into EOPNOTSUPP.
 */
#define FUSE_NOT_IMPLEMENTED	38

static int hv_fd = -1;
static int kvm_fd = -1;		/* the real /dev/kvm, opened as root */

/* ---- the FUSE server -------------------------------------------------- */

/* Shared with the server thread; every access is __atomic. */
static struct {
	int fd;
	int answer;		/* FUSE_IOCTL's result */
	int opens;		/* FUSE_OPEN requests seen */
	int ioctls;		/* FUSE_IOCTL requests seen */
	u32 last_ioctl_cmd;
	int enosys;		/* requests answered ENOSYS */
	int init_minor;		/* the minor the kernel offered */
} srv = { .fd = -1 };

/* What the test itself did through the fake /dev/kvm. */
static int test_opens;
static int test_ioctls;

#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define INC(x)		__atomic_fetch_add(&(x), 1, __ATOMIC_SEQ_CST)

static void fuse_reply(u64 unique, int error, const void *data, size_t len)
{
	struct fuse_out_header h = {
		.len = (u32)(sizeof(h) + len),
		.error = error ? -error : 0,
		.unique = unique,
	};
	struct iovec iov[2] = {
		{ .iov_base = &h, .iov_len = sizeof(h) },
		{ .iov_base = (void *)data, .iov_len = len },
	};

	/* ENOENT: the request was interrupted meanwhile; nothing to do. */
	if (writev(LOAD(srv.fd), iov, len ? 2 : 1) < 0 && errno != ENOENT)
		fprintf(stderr, PROG ": fuse reply: %s\n", strerror(errno));
}

static void fuse_attr_of(u64 node, struct fuse_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->ino = node;
	a->blksize = 4096;
	/* uid and gid 0 of the mount's user namespace: the child's. */
	if (node == FUSE_ROOT_ID) {
		a->mode = S_IFDIR | 0755;
		a->nlink = 2;
	} else {
		a->mode = S_IFREG | 0666;
		a->nlink = 1;
	}
}

static void fuse_handle(const u8 *buf, size_t n)
{
	const struct fuse_in_header *in = (const void *)buf;
	const u8 *arg = buf + sizeof(*in);
	size_t arglen = n - sizeof(*in);

	switch (in->opcode) {
	case FUSE_INIT: {
		struct fuse_init_in ii;
		struct fuse_init_out o;

		memset(&ii, 0, sizeof(ii));
		memcpy(&ii, arg, arglen < sizeof(ii) ? arglen : sizeof(ii));
		memset(&o, 0, sizeof(o));
		o.major = FUSE_KERNEL_VERSION;
		o.minor = ii.minor < FUSE_KERNEL_MINOR_VERSION ?
			  ii.minor : FUSE_KERNEL_MINOR_VERSION;
		o.max_readahead = ii.max_readahead;
		o.max_write = FUSE_MAX_WRITE;
		STORE(srv.init_minor, (int)ii.minor);
		fuse_reply(in->unique, 0, &o,
			   o.minor < 23 ? FUSE_COMPAT_22_INIT_OUT_SIZE : sizeof(o));
		break;
	}
	case FUSE_LOOKUP: {
		struct fuse_entry_out e;

		if (in->nodeid != FUSE_ROOT_ID || !arglen || arg[arglen - 1] ||
		    strcmp((const char *)arg, FUSE_NAME)) {
			fuse_reply(in->unique, ENOENT, NULL, 0);
			break;
		}
		memset(&e, 0, sizeof(e));
		e.nodeid = FUSE_FILE_NODE;
		e.generation = 1;
		e.entry_valid = 3600;
		e.attr_valid = 3600;
		fuse_attr_of(FUSE_FILE_NODE, &e.attr);
		fuse_reply(in->unique, 0, &e, sizeof(e));
		break;
	}
	case FUSE_GETATTR: {
		struct fuse_attr_out a;

		if (in->nodeid != FUSE_ROOT_ID && in->nodeid != FUSE_FILE_NODE) {
			fuse_reply(in->unique, ENOENT, NULL, 0);
			break;
		}
		memset(&a, 0, sizeof(a));
		a.attr_valid = 3600;
		fuse_attr_of(in->nodeid, &a.attr);
		fuse_reply(in->unique, 0, &a, sizeof(a));
		break;
	}
	case FUSE_OPEN:
	case FUSE_OPENDIR: {
		struct fuse_open_out o;

		if (in->opcode == FUSE_OPEN)
			INC(srv.opens);
		memset(&o, 0, sizeof(o));
		o.fh = in->unique;
		fuse_reply(in->unique, 0, &o, sizeof(o));
		break;
	}
	case FUSE_IOCTL: {
		struct fuse_ioctl_in ii;
		struct fuse_ioctl_out o;

		memset(&ii, 0, sizeof(ii));
		memcpy(&ii, arg, arglen < sizeof(ii) ? arglen : sizeof(ii));
		STORE(srv.last_ioctl_cmd, ii.cmd);
		INC(srv.ioctls);
		memset(&o, 0, sizeof(o));
		o.result = LOAD(srv.answer);
		fuse_reply(in->unique, 0, &o, sizeof(o));
		break;
	}
	case FUSE_FLUSH:
	case FUSE_RELEASE:
	case FUSE_RELEASEDIR:
		fuse_reply(in->unique, 0, NULL, 0);
		break;
	case FUSE_FORGET:
	case FUSE_BATCH_FORGET:
	case FUSE_INTERRUPT:
		/* These take no reply. */
		break;
	default:
		/* FUSE_GETXATTR, FUSE_ACCESS, FUSE_STATFS and the rest. */
		INC(srv.enosys);
		fuse_reply(in->unique, FUSE_NOT_IMPLEMENTED, NULL, 0);
		break;
	}
}

static void *fuse_serve(void *unused)
{
	static u64 buf[FUSE_BUF_SIZE / sizeof(u64)];
	ssize_t n;

	(void)unused;
	for (;;) {
		n = read(LOAD(srv.fd), buf, sizeof(buf));
		if (n < 0) {
			/* ENOENT: a request was aborted before we read it. */
			if (errno == EINTR || errno == ENOENT || errno == EAGAIN)
				continue;
			/* ENODEV: unmounted and aborted; anything else: a bug */
			if (errno != ENODEV)
				fprintf(stderr, PROG ": FUSE server stops: read: %s\n",
					strerror(errno));
			break;
		}
		if ((size_t)n >= sizeof(struct fuse_in_header))
			fuse_handle((const u8 *)buf, (size_t)n);
	}
	return NULL;
}

/* ---- dnotify and the POSIX lock --------------------------------------- */

static int dn_signals;
static int dn_last_fd = -1;

static void dn_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	STORE(dn_last_fd, si->si_fd);
	INC(dn_signals);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Create DN_DIR/@file and wait up to 1 s for dnotify's SIGRTMIN on @dfd. */
static bool dnotify_fires(int dfd, const char *file)
{
	int before = LOAD(dn_signals);
	char path[128];
	int fd, i;

	snprintf(path, sizeof(path), DN_DIR "/%s", file);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return false;
	close(fd);
	for (i = 0; i < 100; i++) {
		if (LOAD(dn_signals) > before && LOAD(dn_last_fd) == dfd)
			return true;
		sleep_ms(10);
	}
	return false;
}

struct lock_probe {
	int err;
	short type;
	pid_t pid;
};

/* F_GETLK on LOCK_FILE from another process: who holds what. */
static struct lock_probe lock_probe(void)
{
	struct lock_probe r = { .err = EIO };
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return r;
	pid = e2e_fork();
	if (pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(LOCK_FILE, O_RDWR | O_CLOEXEC);

		r.err = 0;
		if (fd < 0 || fcntl(fd, F_GETLK, &fl)) {
			r.err = errno;
		} else {
			r.type = fl.l_type;
			r.pid = fl.l_pid;
		}
		if (write(p[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &r, sizeof(r)) != sizeof(r))
		r.err = EIO;
	close(p[0]);
	e2e_wait_ok(pid);
	return r;
}

static bool lock_held_by_me(struct lock_probe *r)
{
	*r = lock_probe();
	return !r->err && r->type == F_WRLCK && r->pid == getpid();
}

/* ---- hvpart ------------------------------------------------------------ */

/* What the child must finalize or delete at the end. */
static struct {
	u64 id;
	bool initialized;
} parts[MAX_PARTITIONS];
static unsigned int nparts;

static int hv_create(u64 flags, u64 *id, u32 *status)
{
#if defined(__aarch64__)
	struct hvpart_create_partition_arm64 c;
	const unsigned long cmd = HVPART_CREATE_PARTITION_ARM64;
#else
	struct hvpart_create_partition_amd64 c;
	const unsigned long cmd = HVPART_CREATE_PARTITION_AMD64;
#endif
	int err;

	memset(&c, 0, sizeof(c));
	c.input.flags = flags;
	c.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	c.status = STATUS_CANARY;
	err = ioctl(hv_fd, cmd, &c) ? errno : 0;
	*id = c.new_partition_id;
	*status = c.status;
	if (*id && nparts < MAX_PARTITIONS)
		parts[nparts++].id = *id;
	return err;
}

/* A partition created by the unprivileged user, or 0 (reported). */
static u64 create_partition(const char *what)
{
	char name[200];
	u32 status;
	u64 id;
	int err;

	err = hv_create(0, &id, &status);
	snprintf(name, sizeof(name),
		 "%s: the unprivileged user creates a partition through the inherited /dev/hvpart fd",
		 what);
	e2e_report(!err && status == HVPART_STATUS_SUCCESS && id, name,
		   "errno %s, status 0x%x, id %llu", e2e_errname(err), status,
		   (unsigned long long)id);
	return err || status != HVPART_STATUS_SUCCESS ? 0 : id;
}

static void mark_initialized(u64 id)
{
	unsigned int i;

	for (i = 0; i < nparts; i++)
		if (parts[i].id == id)
			parts[i].initialized = true;
}

/* Deleted already: nothing left for cleanup(). */
static void forget_partition(u64 id)
{
	unsigned int i;

	for (i = 0; i < nparts; i++)
		if (parts[i].id == id)
			parts[i].id = 0;
}

/* One lifecycle ioctl; the errno, 0 on success. */
static int hv_op(unsigned long cmd, u64 id, int vm_fd,
		 struct hvpart_partition_op *op)
{
	memset(op, 0, sizeof(*op));
	op->partition_id = id;
	op->status = STATUS_CANARY;
	op->vm_fd = vm_fd;
	return ioctl(hv_fd, cmd, op) ? errno : 0;
}

/* Initialize with a vm_fd that is not a VM of the caller's: refused. */
static void init_refused(u64 id, int vm_fd, const char *what)
{
	struct hvpart_partition_op op;
	char name[240];
	int err;

	err = hv_op(HVPART_INITIALIZE_PARTITION, id, vm_fd, &op);
	snprintf(name, sizeof(name),
		 "%s: HVPART_INITIALIZE_PARTITION with vm_fd %d fails with EINVAL",
		 what, vm_fd);
	e2e_report(err == EINVAL, name, "errno %s, status 0x%x",
		   e2e_errname(err), op.status);
	snprintf(name, sizeof(name),
		 "%s: the refused Initialize leaves status as the caller put it (0x%x)",
		 what, STATUS_CANARY);
	e2e_report(op.status == STATUS_CANARY, name, "status 0x%x (%s)",
		   op.status, e2e_status_str((u16)op.status));
	snprintf(name, sizeof(name),
		 "%s: the refused Initialize leaves vm_fd as it was (%d)",
		 what, vm_fd);
	e2e_report(op.vm_fd == vm_fd, name, "vm_fd %d", op.vm_fd);
	if (!err)
		mark_initialized(id);
}

static bool get_features0(u64 id, u64 *value, u32 *status, int *err)
{
	struct hvpart_partition_property pp;

	memset(&pp, 0, sizeof(pp));
	pp.partition_id = id;
	pp.property_code = HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0;
	pp.status = STATUS_CANARY;
	*err = ioctl(hv_fd, HVPART_GET_PARTITION_PROPERTY, &pp) ? errno : 0;
	*value = pp.property_value;
	*status = pp.status;
	return !*err && pp.status == HVPART_STATUS_SUCCESS && pp.property_value;
}

#if defined(__x86_64__) || defined(__i386__)
static bool get_cpuid(u64 id, u32 *nent, u32 *status, int *err)
{
	struct kvm_cpuid2 *c = e2e_alloc_cpuid(CPUID_NENT);
	struct hvpart_cpuid hc;

	memset(&hc, 0, sizeof(hc));
	hc.partition_id = id;
	hc.status = STATUS_CANARY;
	hc.cpuid = (u64)(uintptr_t)c;
	*err = ioctl(hv_fd, HVPART_GET_CPUID, &hc) ? errno : 0;
	*nent = c->nent;
	*status = hc.status;
	free(c);
	return !*err && hc.status == HVPART_STATUS_SUCCESS && *nent &&
	       *nent <= CPUID_NENT;
}
#endif

/* ---- the child: an unprivileged user in their own namespaces ---------- */

static bool drop_privileges(void)
{
	bool ok = !setgroups(0, NULL) && !setgid(UNPRIV_ID) &&
		  !setuid(UNPRIV_ID);
	int err = errno;

	/*
	 * A credential change makes the process non-dumpable, which leaves
	 * /proc/self/uid_map owned by root: make it ours again.
	 */
	if (ok && prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)) {
		ok = false;
		err = errno;
	}
	e2e_report(ok && getuid() == UNPRIV_ID && geteuid() == UNPRIV_ID &&
		   getgid() == UNPRIV_ID,
		   "child drops to uid and gid 1000 (setgroups, setgid, setuid)",
		   "errno %s, uid %d euid %d gid %d", e2e_errname(err),
		   (int)getuid(), (int)geteuid(), (int)getgid());
	return ok;
}

static bool enter_namespaces(void)
{
	char max_ns[32] = "?";
	int err;

	err = unshare(CLONE_NEWUSER | CLONE_NEWNS) ? errno : 0;
	if (err && !e2e_read_file("/proc/sys/user/max_user_namespaces",
				  max_ns, sizeof(max_ns)))
		snprintf(max_ns, sizeof(max_ns), "unreadable");
	max_ns[strcspn(max_ns, "\n")] = '\0';
	e2e_report(!err,
		   "uid 1000 unshares a user and a mount namespace (CLONE_NEWUSER | CLONE_NEWNS)",
		   "errno %s: user namespaces unavailable to unprivileged users in this kernel? (CONFIG_USER_NS, /proc/sys/user/max_user_namespaces = %s)",
		   e2e_errname(err), max_ns);
	if (err)
		return false;

	err = 0;
	if (!e2e_write_file("/proc/self/setgroups", "deny") ||
	    !e2e_write_file("/proc/self/uid_map", "0 1000 1") ||
	    !e2e_write_file("/proc/self/gid_map", "0 1000 1"))
		err = errno ? errno : EIO;
	e2e_report(!err && geteuid() == 0,
		   "the namespace maps uid and gid 1000 to 0 (setgroups deny, uid_map, gid_map)",
		   "errno %s, euid now %d", e2e_errname(err), (int)geteuid());
	if (err)
		return false;

	err = mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ? errno : 0;
	e2e_report(!err, "/ made private in the new mount namespace", "errno %s",
		   e2e_errname(err));
	if (err)
		return false;

	err = mount("tmpfs", WORK_DIR, "tmpfs", MS_NOSUID | MS_NODEV,
		    "mode=0755") ? errno : 0;
	if (!err && (mkdir(FUSE_DIR, 0755) || mkdir(DN_DIR, 0755)))
		err = errno;
	e2e_report(!err,
		   "a tmpfs of the user's own on " WORK_DIR " with " FUSE_DIR " and " DN_DIR,
		   "errno %s", e2e_errname(err));
	return !err;
}

static pthread_t srv_thread;
static bool srv_started;

static bool start_fuse(void)
{
	sigset_t all, old;
	char opts[128];
	struct stat st;
	int fd, err;

	fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	err = fd < 0 ? errno : 0;
	e2e_report(fd >= 0,
		   "the user opens /dev/fuse in their namespace",
		   "errno %s (no FUSE in this kernel, or /dev/fuse not 0666)",
		   e2e_errname(err));
	if (fd < 0)
		return false;
	STORE(srv.fd, fd);

	snprintf(opts, sizeof(opts),
		 "fd=%d,rootmode=40000,user_id=0,group_id=0", fd);
	err = mount("fuse", FUSE_DIR, "fuse", MS_NOSUID | MS_NODEV, opts) ?
	      errno : 0;
	e2e_report(!err, "the user mounts a FUSE file system of raw /dev/fuse on " FUSE_DIR,
		   "mount(\"fuse\", \"%s\", \"fuse\", \"%s\"): errno %s",
		   FUSE_DIR, opts, e2e_errname(err));
	if (err)
		return false;

	/*
	 * Only now: before the mount, /dev/fuse has no connection and a
	 * read fails with EPERM.  FUSE_INIT waits queued meanwhile.
	 * Signals (dnotify's SIGRTMIN) go to the main thread, not here.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&srv_thread, NULL, fuse_serve, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		e2e_report(false, "the FUSE server thread starts", "%s",
			   strerror(err));
		return false;
	}
	srv_started = true;

	err = stat(FUSE_FILE, &st) ? errno : 0;
	e2e_report(!err && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0666,
		   "the FUSE server answers: " FUSE_FILE " is a regular file, mode 0666",
		   "errno %s, mode 0%o", e2e_errname(err), (unsigned int)st.st_mode);
	e2e_note("FUSE protocol: the kernel offered 7.%d", LOAD(srv.init_minor));
	return !err;
}

static bool over_dev;	/* the fake sits on a tmpfs over /dev */

static bool fake_dev_kvm(void)
{
	struct stat fst, st;
	int err, fd;

	if (stat(FUSE_FILE, &fst))
		return false;
	err = mount(FUSE_FILE, FAKE_KVM, NULL, MS_BIND, NULL) ? errno : 0;
	if (err) {
		e2e_note("binding the FUSE file over the char device " FAKE_KVM
			 " failed (errno %s): mounting a tmpfs over /dev and binding it over a file there",
			 e2e_errname(err));
		err = mount("tmpfs", "/dev", "tmpfs", MS_NOSUID, "mode=0755") ?
		      errno : 0;
		if (!err) {
			over_dev = true;
			fd = open(FAKE_KVM, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
			if (fd < 0)
				err = errno;
			else
				close(fd);
		}
		if (!err)
			err = mount(FUSE_FILE, FAKE_KVM, NULL, MS_BIND, NULL) ?
			      errno : 0;
	} else {
		e2e_note("the FUSE file is bind-mounted straight over the char device " FAKE_KVM);
	}
	if (!err && stat(FAKE_KVM, &st))
		err = errno;
	e2e_report(!err && S_ISREG(st.st_mode) && st.st_dev == fst.st_dev &&
		   st.st_ino == fst.st_ino,
		   "in the user's mount namespace " FAKE_KVM " is the FUSE file",
		   "errno %s", e2e_errname(err));
	return !err;
}

/* The two fds the fake's KVM_CREATE_VM answer points hvpart at. */
struct target {
	const char *name;
	int fd;
	bool is_dir;
	struct stat st;
	unsigned int probes;	/* files created in DN_DIR so far */
};

static bool arm_dnotify(struct target *t)
{
	struct sigaction sa;
	char name[64];
	int err = 0;
	bool ok;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = dn_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	t->fd = open(DN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->fd < 0 || sigaction(SIGRTMIN, &sa, NULL) ||
	    fcntl(t->fd, F_SETSIG, SIGRTMIN) ||
	    fcntl(t->fd, F_NOTIFY, DN_CREATE | DN_MULTISHOT) ||
	    fstat(t->fd, &t->st))
		err = errno;
	e2e_report(!err,
		   "dnotify armed on a directory fd D (F_SETSIG SIGRTMIN, F_NOTIFY DN_CREATE|DN_MULTISHOT)",
		   "fd %d, errno %s (CONFIG_DNOTIFY?)", t->fd, e2e_errname(err));
	if (err)
		return false;
	snprintf(name, sizeof(name), "f%u", t->probes++);
	ok = dnotify_fires(t->fd, name);
	e2e_report(ok,
		   "dnotify works: a file created in D signals SIGRTMIN with si_fd D",
		   "%d signals, last si_fd %d, D is %d", LOAD(dn_signals),
		   LOAD(dn_last_fd), t->fd);
	return true;
}

static bool take_lock(struct target *t)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct lock_probe r;
	int err = 0;
	bool ok;

	t->fd = open(LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (t->fd < 0 || fcntl(t->fd, F_SETLK, &fl) || fstat(t->fd, &t->st))
		err = errno;
	e2e_report(!err, "a POSIX write lock taken through a file fd L (F_SETLK F_WRLCK)",
		   "fd %d, errno %s", t->fd, e2e_errname(err));
	if (err)
		return false;
	ok = lock_held_by_me(&r);
	e2e_report(ok,
		   "the lock works: another process's F_GETLK names this process as the holder",
		   "errno %s, type %d, pid %d, this process %d",
		   e2e_errname(r.err), r.type, (int)r.pid, (int)getpid());
	return true;
}

/* T still open, still the same file, and still doing its job. */
static void target_intact(struct target *t)
{
	char name[200], file[32];
	struct lock_probe r;
	struct stat st;
	int flags, err;
	bool ok;

	flags = fcntl(t->fd, F_GETFD);
	err = flags < 0 ? errno : 0;
	snprintf(name, sizeof(name), "%s: fd %d is still open (F_GETFD)",
		 t->name, t->fd);
	e2e_report(flags >= 0, name, "errno %s", e2e_errname(err));

	snprintf(name, sizeof(name),
		 "%s: fd %d is still the same file (fstat st_dev and st_ino)",
		 t->name, t->fd);
	if (fstat(t->fd, &st))
		e2e_report(false, name, "fstat: errno %s", e2e_errname(errno));
	else
		e2e_report(st.st_dev == t->st.st_dev &&
			   st.st_ino == t->st.st_ino, name,
			   "dev %#llx ino %llu, was dev %#llx ino %llu",
			   (unsigned long long)st.st_dev,
			   (unsigned long long)st.st_ino,
			   (unsigned long long)t->st.st_dev,
			   (unsigned long long)t->st.st_ino);

	if (t->is_dir) {
		snprintf(file, sizeof(file), "f%u", t->probes++);
		snprintf(name, sizeof(name),
			 "%s: dnotify still fires: creating a file in D signals SIGRTMIN with si_fd D within 1 s",
			 t->name);
		ok = dnotify_fires(t->fd, file);
		e2e_report(ok, name,
			   "%d signals, last si_fd %d, D is %d",
			   LOAD(dn_signals), LOAD(dn_last_fd), t->fd);
	} else {
		snprintf(name, sizeof(name),
			 "%s: the POSIX lock is still held: another process's F_GETLK names this process",
			 t->name);
		ok = lock_held_by_me(&r);
		e2e_report(ok, name,
			   "errno %s, type %d, pid %d, this process %d",
			   e2e_errname(r.err), r.type, (int)r.pid,
			   (int)getpid());
	}
}

/* Step 4: the fake's KVM_CREATE_VM answers T; Initialize gets T. */
static void attack(struct target *t)
{
	struct hvpart_partition_op op;
	int opens0, ioctls0, fake, ret, err;
	char name[240], what[160];
	u64 id;

	id = create_partition(t->name);
	if (!id)
		return;
	STORE(srv.answer, t->fd);
	opens0 = LOAD(srv.opens);
	ioctls0 = LOAD(srv.ioctls);

	fake = open(FAKE_KVM, O_RDWR | O_CLOEXEC);
	err = fake < 0 ? errno : 0;
	snprintf(name, sizeof(name),
		 "%s: the user opens the fake " FAKE_KVM " and FUSE sees that open",
		 t->name);
	e2e_report(fake >= 0 && LOAD(srv.opens) == opens0 + 1, name,
		   "fd %d, errno %s, FUSE_OPEN count %d, was %d", fake,
		   e2e_errname(err), LOAD(srv.opens), opens0);
	if (fake < 0)
		return;
	test_opens++;

	ret = ioctl(fake, KVM_CREATE_VM, 0);
	err = ret < 0 ? errno : 0;
	test_ioctls++;
	snprintf(name, sizeof(name),
		 "%s: KVM_CREATE_VM on the fake " FAKE_KVM " returns %d, the number of fd %s",
		 t->name, t->fd, t->is_dir ? "D" : "L");
	e2e_report(ret == t->fd, name, "returned %d, errno %s", ret,
		   e2e_errname(err));

	snprintf(what, sizeof(what), "%s, vm_fd = the fake's answer",
		 t->name);
	init_refused(id, t->fd, what);
	snprintf(what, sizeof(what), "%s, vm_fd = the fake " FAKE_KVM " fd",
		 t->name);
	init_refused(id, fake, what);

	snprintf(name, sizeof(name),
		 "%s: hvpart neither opened the fake " FAKE_KVM " nor sent it an ioctl",
		 t->name);
	e2e_report(LOAD(srv.opens) == opens0 + 1 &&
		   LOAD(srv.ioctls) == ioctls0 + 1, name,
		   "FUSE_OPEN %d and FUSE_IOCTL %d (last cmd %#x), the test's own: 1 and 1",
		   LOAD(srv.opens) - opens0, LOAD(srv.ioctls) - ioctls0,
		   LOAD(srv.last_ioctl_cmd));
	close(fake);

	target_intact(t);

	err = hv_op(HVPART_INITIALIZE_PARTITION, id, -1, &op);
	snprintf(name, sizeof(name),
		 "%s: the partition stayed Created: Initialize with vm_fd -1 then succeeds",
		 t->name);
	e2e_report(!err && op.status == HVPART_STATUS_SUCCESS, name,
		   "errno %s, status %s", e2e_errname(err),
		   e2e_status_str((u16)op.status));
	if (!err)
		mark_initialized(id);
}

/* Step 5: what used to open /dev/kvm in the caller's mount namespace. */
static void no_kvm_opens(void)
{
	int opens0, ioctls0, err;
	char name[240];
	u32 status;
	u64 id, value;
	bool ok;

	/* Should anything still ask the fake, it takes no fd of ours. */
	STORE(srv.answer, -ENOTTY);
	opens0 = LOAD(srv.opens);
	ioctls0 = LOAD(srv.ioctls);
	id = create_partition("no fake /dev/kvm use");
	if (!id)
		return;

#if defined(__x86_64__) || defined(__i386__)
	{
		u32 nent;
		u64 nid;

		ok = get_cpuid(id, &nent, &status, &err);
		e2e_report(ok,
			   "HVPART_GET_CPUID works for the user with the fake /dev/kvm in place",
			   "errno %s, status %s, nent %u", e2e_errname(err),
			   e2e_status_str((u16)status), nent);

		/* Nested virtualization used to be checked through /dev/kvm. */
		err = hv_create(HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE,
				&nid, &status);
		e2e_report(!err ? status == HVPART_STATUS_SUCCESS :
			   status == HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED,
			   "a create with NESTED_VIRTUALIZATION_CAPABLE is answered (SUCCESS or PROCESSOR_FEATURE_NOT_SUPPORTED)",
			   "errno %s, status %s", e2e_errname(err),
			   e2e_status_str((u16)status));
		e2e_note("nested-virtualization create by the user: %s",
			 e2e_status_str((u16)status));
	}
#endif

	ok = get_features0(id, &value, &status, &err);
	e2e_report(ok,
		   "HVPART_GET_PARTITION_PROPERTY PROCESSOR_FEATURES0 works for the user and is not 0",
		   "errno %s, status %s, value %#llx", e2e_errname(err),
		   e2e_status_str((u16)status), (unsigned long long)value);

	snprintf(name, sizeof(name),
		 "hvpart opened the fake " FAKE_KVM " for none of these (FUSE_OPEN count stays %d)",
		 opens0);
	e2e_report(LOAD(srv.opens) == opens0 && LOAD(srv.ioctls) == ioctls0,
		   name, "FUSE_OPEN %d, FUSE_IOCTL %d (last cmd %#x)",
		   LOAD(srv.opens), LOAD(srv.ioctls), LOAD(srv.last_ioctl_cmd));
}

/* Step 6: the user's own VM, from the real /dev/kvm, binds. */
static void real_vm(void)
{
	struct hvpart_partition_op op;
	int opens0, ioctls0, vm, err, ret;
	struct stat st0, st;
	u64 id;

	opens0 = LOAD(srv.opens);
	ioctls0 = LOAD(srv.ioctls);
	id = create_partition("real VM");
	if (!id)
		return;

	init_refused(id, kvm_fd, "real VM, vm_fd = the real /dev/kvm fd (not a VM)");
	err = fcntl(kvm_fd, F_GETFD) < 0 ? errno : 0;
	e2e_report(!err,
		   "real VM: the real /dev/kvm fd is still open after the refusal",
		   "errno %s", e2e_errname(err));

	vm = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	err = vm < 0 ? errno : 0;
	e2e_report(vm >= 0,
		   "real VM: the user makes a VM with KVM_CREATE_VM on the real /dev/kvm fd",
		   "errno %s", e2e_errname(err));
	if (vm < 0)
		return;
	if (fstat(vm, &st0))
		memset(&st0, 0, sizeof(st0));

	err = hv_op(HVPART_INITIALIZE_PARTITION, id, vm, &op);
	e2e_report(!err && op.status == HVPART_STATUS_SUCCESS && op.vm_fd == vm,
		   "real VM: HVPART_INITIALIZE_PARTITION with the user's own VM fd succeeds, vm_fd unchanged",
		   "errno %s, status %s, vm_fd %d (passed %d)",
		   e2e_errname(err), e2e_status_str((u16)op.status), op.vm_fd,
		   vm);
	if (!err)
		mark_initialized(id);
	err = fstat(vm, &st) ? errno : 0;
	e2e_report(!err && st.st_dev == st0.st_dev && st.st_ino == st0.st_ino,
		   "real VM: the VM fd is still the user's, open and the same file",
		   "errno %s", e2e_errname(err));
	ret = ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY);
	err = ret < 0 ? errno : 0;
	e2e_report(ret > 0,
		   "real VM: the VM fd still answers KVM ioctls (KVM_CHECK_EXTENSION)",
		   "returned %d, errno %s", ret, e2e_errname(err));

#if defined(__aarch64__)
	{
		struct hvpart_vcpu_init vi;

		memset(&vi, 0, sizeof(vi));
		vi.partition_id = id;
		vi.status = STATUS_CANARY;
		err = ioctl(hv_fd, HVPART_GET_VCPU_INIT, &vi) ? errno : 0;
		e2e_report(!err && vi.status == HVPART_STATUS_SUCCESS,
			   "real VM: HVPART_GET_VCPU_INIT works on the initialized partition",
			   "errno %s, status %s", e2e_errname(err),
			   e2e_status_str((u16)vi.status));
	}
#else
	{
		u32 nent, status;
		bool ok = get_cpuid(id, &nent, &status, &err);

		e2e_report(ok,
			   "real VM: HVPART_GET_CPUID works on the initialized partition",
			   "errno %s, status %s, nent %u", e2e_errname(err),
			   e2e_status_str((u16)status), nent);
	}
#endif
	e2e_report(LOAD(srv.opens) == opens0 && LOAD(srv.ioctls) == ioctls0,
		   "real VM: hvpart opened the fake /dev/kvm for none of it",
		   "FUSE_OPEN %d, was %d; FUSE_IOCTL %d, was %d",
		   LOAD(srv.opens), opens0, LOAD(srv.ioctls), ioctls0);

	err = hv_op(HVPART_FINALIZE_PARTITION, id, -1, &op);
	if (!err) {
		err = hv_op(HVPART_DELETE_PARTITION, id, -1, &op);
		if (!err)
			forget_partition(id);
	}
	e2e_report(!err, "real VM: finalize and delete the partition",
		   "errno %s, status %s", e2e_errname(err),
		   e2e_status_str((u16)op.status));
	close(vm);
}

static void cleanup(void)
{
	struct hvpart_partition_op op;
	unsigned int i, bad = 0;
	struct timespec ts;
	int err;

	for (i = 0; i < nparts; i++) {
		if (!parts[i].id)
			continue;
		err = 0;
		if (parts[i].initialized)
			err = hv_op(HVPART_FINALIZE_PARTITION, parts[i].id, -1,
				    &op);
		if (!err)
			err = hv_op(HVPART_DELETE_PARTITION, parts[i].id, -1,
				    &op);
		if (err) {
			bad++;
			e2e_note("partition %llu: %s, status %s",
				 (unsigned long long)parts[i].id,
				 e2e_errname(err), e2e_status_str((u16)op.status));
		}
	}
	e2e_report(!bad, "at the end every partition of the user is finalized and deleted",
		   "%u refused", bad);

	umount2(FAKE_KVM, MNT_DETACH);
	if (over_dev)
		umount2("/dev", MNT_DETACH);
	umount2(FUSE_DIR, MNT_DETACH);
	if (srv_started) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 2;
		if (pthread_timedjoin_np(srv_thread, NULL, &ts))
			e2e_note("the FUSE server thread outlived the unmount; exit ends it");
	}
}

static int child_main(void)
{
	struct target d = { .name = "dnotify dir fd D", .fd = -1, .is_dir = true };
	struct target l = { .name = "POSIX-locked file fd L", .fd = -1 };

	alarm(CHILD_TIMEOUT_S);
	if (!drop_privileges() || !enter_namespaces())
		return 1;
	if (!start_fuse() || !fake_dev_kvm()) {
		cleanup();
		return 1;
	}
	e2e_report(LOAD(srv.opens) == 0 && LOAD(srv.ioctls) == 0,
		   "setting up the fake /dev/kvm opened nothing on it",
		   "FUSE_OPEN %d, FUSE_IOCTL %d", LOAD(srv.opens),
		   LOAD(srv.ioctls));

	if (arm_dnotify(&d))
		attack(&d);
	if (take_lock(&l))
		attack(&l);
	no_kvm_opens();
	real_vm();

	e2e_report(LOAD(srv.opens) == test_opens,
		   "the FUSE server saw only the user's own opens of the fake /dev/kvm",
		   "FUSE_OPEN %d, the test's %d", LOAD(srv.opens), test_opens);
	e2e_report(LOAD(srv.ioctls) == test_ioctls,
		   "the FUSE server saw only the user's own ioctls on the fake /dev/kvm",
		   "FUSE_IOCTL %d (last cmd %#x), the test's %d",
		   LOAD(srv.ioctls), LOAD(srv.last_ioctl_cmd), test_ioctls);
	e2e_note("FUSE requests answered ENOSYS: %d", LOAD(srv.enosys));

	cleanup();
	if (d.fd >= 0)
		close(d.fd);
	if (l.fd >= 0)
		close(l.fd);
	return 0;
}

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
