/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart_nsattack: what its files share (hvpart_nsattack.c has the parent
 * and main; hvpart_nsattack_stage.c the FUSE server behind the fake
 * /dev/kvm and the probes of dnotify and the POSIX lock;
 * hvpart_nsattack_hvpart.c the calls; hvpart_nsattack_child.c the attack).
 */
#ifndef HVPART_E2E_NSATTACK_H
#define HVPART_E2E_NSATTACK_H

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

/* ---- the FUSE server -------------------------------------------------- */

/* Shared with the server thread; every access is __atomic. */
struct fuse_srv {
	int fd;
	int answer;		/* FUSE_IOCTL's result */
	int opens;		/* FUSE_OPEN requests seen */
	int ioctls;		/* FUSE_IOCTL requests seen */
	u32 last_ioctl_cmd;
	int enosys;		/* requests answered ENOSYS */
	int init_minor;		/* the minor the kernel offered */
};
#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define INC(x)		__atomic_fetch_add(&(x), 1, __ATOMIC_SEQ_CST)

struct lock_probe {
	int err;
	short type;
	pid_t pid;
};

/* The two fds the fake's KVM_CREATE_VM answer points hvpart at. */
struct target {
	const char *name;
	int fd;
	bool is_dir;
	struct stat st;
	unsigned int probes;	/* files created in DN_DIR so far */
};

/* hvpart_nsattack.c */
extern int hv_fd;
extern int kvm_fd;

/* hvpart_nsattack_stage.c */
extern struct fuse_srv srv;
extern int test_opens;
extern int test_ioctls;
extern int dn_signals;
extern int dn_last_fd;
void dn_handler(int sig, siginfo_t *si, void *uc);
void sleep_ms(long ms);
bool dnotify_fires(int dfd, const char *file);
struct lock_probe lock_probe(void);
bool lock_held_by_me(struct lock_probe *r);
extern pthread_t srv_thread;
extern bool srv_started;
bool start_fuse(void);
extern bool over_dev;
bool fake_dev_kvm(void);

/* hvpart_nsattack_hvpart.c */
int hv_create(u64 flags, u64 *id, u32 *status);
u64 create_partition(const char *what);
void mark_initialized(u64 id);
void forget_partition(u64 id);
int hv_op(unsigned long cmd, u64 id, int vm_fd,
	  struct hvpart_partition_op *op);
void init_refused(u64 id, int vm_fd, const char *what);
bool get_features0(u64 id, u64 *value, u32 *status, int *err);
#if defined(__x86_64__) || defined(__i386__)
bool get_cpuid(u64 id, u32 *nent, u32 *status, int *err);
#endif
void cleanup(void);

/* hvpart_nsattack_child.c */
int child_main(void);

#endif /* HVPART_E2E_NSATTACK_H */
