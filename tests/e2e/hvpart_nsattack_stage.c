// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_nsattack: the stage of the attack: the FUSE server behind the fake
 * /dev/kvm, dnotify and the POSIX lock that tell whether hvpart touched
 * the target files, and the fake /dev/kvm itself.
 */
#include "hvpart_nsattack.h"

struct fuse_srv srv = { .fd = -1 };
/* What the test itself did through the fake /dev/kvm. */
int test_opens;
int test_ioctls;

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

int dn_signals;
int dn_last_fd = -1;

void dn_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	STORE(dn_last_fd, si->si_fd);
	INC(dn_signals);
}

void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Create DN_DIR/@file and wait up to 1 s for dnotify's SIGRTMIN on @dfd. */
bool dnotify_fires(int dfd, const char *file)
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
/* F_GETLK on LOCK_FILE from another process: who holds what. */
struct lock_probe lock_probe(void)
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

bool lock_held_by_me(struct lock_probe *r)
{
	*r = lock_probe();
	return !r->err && r->type == F_WRLCK && r->pid == getpid();
}

pthread_t srv_thread;
bool srv_started;

bool start_fuse(void)
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

bool over_dev;	/* the fake sits on a tmpfs over /dev */

bool fake_dev_kvm(void)
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
