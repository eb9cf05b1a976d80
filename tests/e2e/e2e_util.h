/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the end-to-end programs (hvpart_lifecycle, hvpart_vmm_x86,
 * hvpart_vmm_arm64 and the others in tests/e2e; hvpart_bench too; not
 * tools/examples, which stand alone): the one TAP-like reporter of them
 * all, whose counters survive fork(), the contract's HV_STATUS -> errno table, KVM's
 * debugfs VM directories, and the VM a VMM makes for itself and passes to
 * HVPART_INITIALIZE_PARTITION.
 */
#ifndef HVPART_E2E_UTIL_H
#define HVPART_E2E_UTIL_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "hvpart_codec.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT64(n)	(1ULL << (n))

/* Where init.sh mounts debugfs; KVM names each VM's folder "<pid>-<fd>". */
#define E2E_KVM_DEBUGFS	"/sys/kernel/debug/kvm"

/*
 * Set up the counters (in a shared mapping, so forked children report
 * into the same totals) and line-buffered stdout.  @prog names the
 * summary line.
 */
void e2e_init(const char *prog);

/* "ok - NAME" or "not ok - NAME (details)". */
__printf(3, 4)
void e2e_report(bool ok, const char *name, const char *fmt, ...);

/*
 * "ok - NAME" or "not ok - NAME", NAME formatted from @fmt: a check whose
 * name carries what it saw (hvpart_netlink's).  Counted with e2e_report's.
 */
__printf(2, 3)
void e2e_check(bool ok, const char *fmt, ...);

/* "# ..." lines: information, not a check. */
__printf(1, 2)
void e2e_note(const char *fmt, ...);

/* "PROG: N passed, M failed"; returns the exit status (1 on failure). */
int e2e_summary(void);

unsigned int e2e_failed(void);

const char *e2e_errname(int e);

/* The contract's errno for an HV_STATUS (0 for SUCCESS). */
int e2e_status_errno(u16 status);

/* "HV_STATUS_X (0xN)" in a static buffer: for one printf at a time. */
const char *e2e_status_str(u16 status);

/* Number of KVM VM folders in debugfs, -1 when debugfs has no kvm/. */
int e2e_vm_dirs(void);

/* Whether the VM folder "<pid>-<fd>" exists. */
bool e2e_vm_dir_exists(pid_t pid, int fd);

/*
 * Wait (up to 2 s) until the VM folder count is @want; returns the last
 * count seen.  VM teardown is synchronous with the last fput in practice,
 * the wait only absorbs scheduling noise.
 */
int e2e_wait_vm_dirs(int want);

/*
 * A new KVM VM of this process, as a VMM makes one for
 * HVPART_INITIALIZE_PARTITION: KVM_CREATE_VM (type 0) on /dev/kvm.
 * /dev/kvm is opened (O_RDWR | O_CLOEXEC) on the first call that can open
 * it and then kept open for the program's life: one more fd from then on,
 * an fd children forked later inherit (they make VMs of their own with
 * it), and one that keeps working when the path goes away.  Thread-safe.
 * Returns the VM's fd, the caller's to close, or -1 with errno (open's or
 * KVM_CREATE_VM's).
 */
int e2e_kvm_vm(void);

/* Whether @fd1 and @fd2 of this process are the same open file (kcmp). */
bool e2e_same_file(int fd1, int fd2);

/*
 * An fd a call must leave alone (HVPART_INITIALIZE_PARTITION's vm_fd):
 * noted before the call, checked after.  Every KVM VM shares one
 * anonymous inode, so st_dev/st_ino say "still a file of that kind"; the
 * dup, compared with kcmp, says "still this very open file".
 */
struct e2e_fd_mark {
	int fd;
	int dup;
	struct stat st;
};

/* Note @fd (fstat and a dup); false, nothing held, when it is not open. */
bool e2e_fd_mark(struct e2e_fd_mark *m, int fd);

/*
 * After the call: the fd is still open, on the same st_dev/st_ino, and the
 * same open file as the dup.  Closes the dup.
 */
bool e2e_fd_kept(struct e2e_fd_mark *m);

struct kvm_cpuid2;
struct kvm_cpuid_entry2;

/* A zeroed struct kvm_cpuid2 with room for @nent entries; exits on ENOMEM. */
struct kvm_cpuid2 *e2e_alloc_cpuid(u32 nent);

/* KVM's own lookup: leaf, and subleaf where the entry says it matters. */
const struct kvm_cpuid_entry2 *e2e_cpuid_find(const struct kvm_cpuid2 *c,
					      u32 leaf, u32 subleaf);

/* Read a small file (sysfs, procfs, debugfs) into @buf, NUL-terminated. */
bool e2e_read_file(const char *path, char *buf, size_t len);

/* Write @value to a file; true when all of it was written. */
bool e2e_write_file(const char *path, const char *value);

/* Flush stdio before fork(), so children do not repeat buffered output. */
pid_t e2e_fork(void);

/* Wait for @pid; true when it exited with status 0. */
bool e2e_wait_ok(pid_t pid);

#endif /* HVPART_E2E_UTIL_H */
