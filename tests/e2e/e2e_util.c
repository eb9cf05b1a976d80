// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the KVM-backed end-to-end programs; see e2e_util.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kcmp.h>
#include <linux/kvm.h>

#include "e2e_util.h"

struct e2e_counters {
	unsigned int passed;
	unsigned int failed;
};

static struct e2e_counters *counters;
static const char *prog_name = "e2e";

void e2e_init(const char *prog)
{
	prog_name = prog;
	setvbuf(stdout, NULL, _IOLBF, 0);
	counters = mmap(NULL, sizeof(*counters), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counters == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	counters->passed = counters->failed = 0;
}

/*
 * The one place a check line is printed and counted: "ok - NAME" or
 * "not ok - NAME", then " (DETAILS)" when @fmt is given and the check
 * failed.
 */
static void result_line(bool ok, const char *name, const char *fmt,
			va_list *ap)
{
	__atomic_fetch_add(ok ? &counters->passed : &counters->failed, 1,
			   __ATOMIC_SEQ_CST);
	printf("%s - %s", ok ? "ok" : "not ok", name);
	if (!ok && fmt) {
		printf(" (");
		vprintf(fmt, *ap);
		printf(")");
	}
	printf("\n");
	fflush(stdout);
}

void e2e_report(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	result_line(ok, name, fmt, &ap);
	va_end(ap);
}

void e2e_check(bool ok, const char *fmt, ...)
{
	char name[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	result_line(ok, name, NULL, NULL);
}

void e2e_note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

unsigned int e2e_failed(void)
{
	return counters->failed;
}

int e2e_summary(void)
{
	printf("%s: %u passed, %u failed\n", prog_name, counters->passed,
	       counters->failed);
	fflush(stdout);
	return counters->failed ? 1 : 0;
}

const char *e2e_errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case ENOTTY: return "ENOTTY";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENOMEM: return "ENOMEM";
	case EIO: return "EIO";
	case ENOENT: return "ENOENT";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EEXIST: return "EEXIST";
	case E2BIG: return "E2BIG";
	case EBADF: return "EBADF";
	}
	return strerror(e);
}

/*
 * The contract (uapi/linux/hvpart.h, Documentation/hvpart.rst), written
 * out here rather than taken from lib/: the test checks the module against
 * the documented table, not against the module's own copy of it.
 */
static const struct {
	u16 status;
	int err;
} status_errnos[] = {
	{ HVPART_STATUS_SUCCESS, 0 },
	{ HVPART_STATUS_INVALID_HYPERCALL_CODE, EINVAL },
	{ HVPART_STATUS_INVALID_HYPERCALL_INPUT, EINVAL },
	{ HVPART_STATUS_INVALID_ALIGNMENT, EINVAL },
	{ HVPART_STATUS_INVALID_PARAMETER, EINVAL },
	{ HVPART_STATUS_ACCESS_DENIED, EACCES },
	{ HVPART_STATUS_INVALID_PARTITION_STATE, EINVAL },
	{ HVPART_STATUS_OPERATION_DENIED, EPERM },
	{ HVPART_STATUS_UNKNOWN_PROPERTY, EINVAL },
	{ HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE, ERANGE },
	{ HVPART_STATUS_INSUFFICIENT_MEMORY, ENOMEM },
	{ HVPART_STATUS_INVALID_PARTITION_ID, EINVAL },
	{ HVPART_STATUS_INVALID_VP_INDEX, EINVAL },
	{ HVPART_STATUS_NO_RESOURCES, ENOSPC },
	{ HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED, EOPNOTSUPP },
};

/* A status outside the table. */
static const int unlisted_errno = EIO;

int e2e_status_errno(u16 status)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(status_errnos); i++)
		if (status_errnos[i].status == status)
			return status_errnos[i].err;
	return unlisted_errno;
}

const char *e2e_status_str(u16 status)
{
	static char buf[4][80];
	static unsigned int n;
	char *b = buf[n++ % 4];

	snprintf(b, sizeof(buf[0]), "%s (0x%x)", hvc_status_name(status),
		 status);
	return b;
}

static bool vm_dir_name(const char *s)
{
	const char *p = s;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != '-' || *p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

int e2e_vm_dirs(void)
{
	struct dirent *de;
	DIR *d = opendir(E2E_KVM_DEBUGFS);
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (vm_dir_name(de->d_name))
			n++;
	closedir(d);
	return n;
}

bool e2e_vm_dir_exists(pid_t pid, int fd)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), E2E_KVM_DEBUGFS "/%d-%d", (int)pid, fd);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int e2e_wait_vm_dirs(int want)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int i, n = e2e_vm_dirs();

	for (i = 0; i < 100 && n != want; i++) {
		nanosleep(&ts, NULL);
		n = e2e_vm_dirs();
	}
	return n;
}

/* /dev/kvm, once open: -1 until then. */
static int kvm_dev = -1;

int e2e_kvm_vm(void)
{
	int kvm = __atomic_load_n(&kvm_dev, __ATOMIC_ACQUIRE), none = -1, fd;

	if (kvm < 0) {
		fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return -1;
		/* Another thread may have opened it meanwhile: keep one. */
		if (__atomic_compare_exchange_n(&kvm_dev, &none, fd, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			kvm = fd;
		} else {
			close(fd);
			kvm = none;
		}
	}
	return ioctl(kvm, KVM_CREATE_VM, 0);
}

bool e2e_same_file(int fd1, int fd2)
{
	pid_t me = getpid();

	return syscall(SYS_kcmp, me, me, KCMP_FILE, fd1, fd2) == 0;
}

bool e2e_fd_mark(struct e2e_fd_mark *m, int fd)
{
	m->fd = fd;
	m->dup = -1;
	if (fd < 0 || fstat(fd, &m->st))
		return false;
	m->dup = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	return m->dup >= 0;
}

bool e2e_fd_kept(struct e2e_fd_mark *m)
{
	struct stat now;
	bool ok;

	ok = m->dup >= 0 && fstat(m->fd, &now) == 0 &&
	     now.st_dev == m->st.st_dev && now.st_ino == m->st.st_ino &&
	     e2e_same_file(m->fd, m->dup);
	if (m->dup >= 0)
		close(m->dup);
	m->dup = -1;
	return ok;
}

pid_t e2e_fork(void)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		perror("fork");
	return pid;
}

bool e2e_wait_ok(pid_t pid)
{
	int st;

	if (pid <= 0)
		return false;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

#if defined(__x86_64__) || defined(__i386__)
struct kvm_cpuid2 *e2e_alloc_cpuid(u32 nent)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) +
				      nent * sizeof(struct kvm_cpuid_entry2));

	if (!c) {
		perror("calloc");
		exit(2);
	}
	c->nent = nent;
	return c;
}

const struct kvm_cpuid_entry2 *e2e_cpuid_find(const struct kvm_cpuid2 *c,
					      u32 leaf, u32 subleaf)
{
	u32 i;

	for (i = 0; c && i < c->nent; i++)
		if (c->entries[i].function == leaf &&
		    (c->entries[i].index == subleaf ||
		     !(c->entries[i].flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX)))
			return &c->entries[i];
	return NULL;
}
#endif

bool e2e_read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return true;
}

bool e2e_write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = write(fd, value, strlen(value));
	close(fd);
	return n == (ssize_t)strlen(value);
}
