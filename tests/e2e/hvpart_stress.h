/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart_stress: what its files share (hvpart_stress.c has the small
 * helpers and main; hvpart_stress_calls.c the calls, the tallies that
 * judge them and the worker threads; hvpart_stress_state.c what hvctl and
 * the slab figures say; one file a phase for the rest).
 */
#ifndef HVPART_E2E_STRESS_H
#define HVPART_E2E_STRESS_H

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "e2e_util.h"

#define HVCTL		"/bin/hvctl"
#define RMMOD		"/bin/rmmod"
#define DEV		"/dev/hvpart"

#define THREADS		16
#define MANY		10000
#define CHURN_OPS	20000	/* calls per churn thread, no KVM, at most */
#define CHURN_MIN_OPS	200	/* calls per churn thread before the budget counts */
#define CHURN_BUDGET	5.0	/* seconds: a debug kernel is 200 times slower */
#define CHURN_LISTS	20	/* hvctl -j list runs, at most, during the churn */
#define SHARED_SLOTS	8
#define PRIVATE_MAX	16
#define GONE_MAX	32
#define DUP_PARTS	1000
#define SENTINELS	64
#define RMMOD_TRIES	8
#define KILL_ROUNDS	100
#define KILL_CHILDREN	4
#define KILL_MAX_US	20000
#define POOL		8
#define LOG_MAX		512
#define CHILD_LIVE	16
#define KVM_THREADS	4
#define KVM_OPS		150
#define KVM_RACE_PARTS	10
#define NEVER_ID	(1ULL << 40)

/*
 * Slab growth allowed from before phase 1 to after the last cleanup.  A
 * partition is a kmalloc-cg-256 object (struct hvpart_partition, about 200
 * bytes) plus its share of xarray nodes: leaking the 10,000 partitions of
 * phase 1 alone would leave 10,000 x 256 B = 2.5 MB, and phase 1 checks
 * that the figures do see its 10,000 live partitions (+2.5 MB in both).
 *
 * SLAB_OBJ_BOUND is for the bytes of active objects in /proc/slabinfo,
 * read after the page cache is dropped and every cache shrunk
 * (/sys/kernel/slab/<cache>/shrink flushes the per-CPU slabs, so SLUB's
 * active count is exact): what other subsystems keep is tens of KB
 * (seen: -150 to +80 KB), and 1 MiB still fails on a leak of 4,096
 * objects of 256 bytes.  SLAB_PAGE_BOUND is for Slab in /proc/meminfo,
 * which also counts the pages of partly used slabs that the kill phase's
 * 400 processes and the per-CPU lists leave fragmented: seen +230 to +300 kB
 * with 2 CPUs and +420 to +740 kB with 4 (the note "caches whose slab pages
 * grew most" says where); 2 MiB leaves room for that and still fails on a
 * leak of the 10,000 partitions.
 */
#define SLAB_OBJ_BOUND	(1024 * 1024)
#define SLAB_PAGE_BOUND	(2 * 1024 * 1024)

#define STATUS_PRESET	0xdeadbeefU
#define RESULT_PRESET	0xdeadbeefdeadbeefULL
#define FD_PRESET	12345

#define S_OK		HVPART_STATUS_SUCCESS
#define S_ID		HVPART_STATUS_INVALID_PARTITION_ID
#define S_STATE		HVPART_STATUS_INVALID_PARTITION_STATE
#define S_PARAM		HVPART_STATUS_INVALID_PARAMETER
#define S_NORES		HVPART_STATUS_NO_RESOURCES
#define ANY		-1

#define P_VENDOR	HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR
#define P_COMPAT	HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION
#define P_FEAT0		HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0

/* The sizes of compats[] and flag_sets[] (hvpart_stress.c). */
#define NCOMPATS	6
#define NFLAG_SETS	5

/* ---- calls --------------------------------------------------------------- */

/* What one call did: the status (or the whole result value), errno, outputs. */
struct out {
	int ret;
	int err;
	bool dispatched;	/* the status or result was written */
	u64 status;		/* typed: the u32 status; raw: the result value */
	u64 value;		/* the new id, or the property value */
	bool has_fd;		/* a struct hvpart_partition_op call */
	int vm_fd;
	bool fd_in;		/* initialize: vm_fd went in, must come back */
	int vm_in;		/* ...the fd passed, the caller's own (or -1) */
	bool fd_kept;		/* ...still open on the same file after */
	bool no_vm;		/* ...KVM_CREATE_VM failed: nothing called */
};

enum lc { LC_INIT, LC_FIN, LC_DEL };

/* ---- tallies: every answer of one kind of call, judged ------------------- */

/*
 * The statuses a kind of call may get, and what it got.  In shared memory:
 * the children of phase 4 count into the same tallies.
 */
struct tally {
	const char *name;
	u16 allowed[4];
	unsigned int n;
	bool fd_call;		/* a call that hands out an fd on SUCCESS */
	unsigned long calls;
	unsigned long hits[4];
	unsigned long bad;
	int claimed;
	char first[240];
};

#define TALLIES_MAX	64

#define TALLY(name, fd_call, ...)					\
	tally_new(name, fd_call, (const u16[]){ __VA_ARGS__ },		\
		  sizeof((const u16[]){ __VA_ARGS__ }) / sizeof(u16))

/* ---- hvctl -j list ------------------------------------------------------- */

struct plist {
	int rc;			/* hvctl's exit status */
	bool parsed;		/* a JSON array of partition objects */
	bool ordered;		/* ids strictly increasing */
	size_t n;
	u64 *id;
	u64 *flags;
	u32 *compat;
	u8 *state;		/* enum hvpart_partition_state, 0 unknown */
	char err[160];		/* the first parse problem */
};

/* ---- slab figures -------------------------------------------------------- */

#define CACHES_MAX	512

struct slab_cache {
	char name[64];
	long long obj_bytes;		/* active_objs x objsize */
	long long page_bytes;		/* num_slabs x pagesperslab pages */
};

struct slab_fig {
	long slab_kb;			/* /proc/meminfo Slab: */
	bool have_slabinfo;
	long long active_bytes;		/* sum of active_objs x objsize */
	unsigned int ncaches;
	struct slab_cache cache[CACHES_MAX];
};

/* ---- threads ------------------------------------------------------------- */

struct worker {
	pthread_t th;
	unsigned int idx;
	int fd;			/* hv_fd, or an fd of its own */
	u8 *page;
	u64 rng;
	/* churn */
	u64 priv[PRIVATE_MAX];
	u32 priv_compat[PRIVATE_MAX];
	u8 priv_state[PRIVATE_MAX];
	unsigned int npriv;
	u64 gone[GONE_MAX];
	unsigned int ngone;
	unsigned int ops;
};

/* hvpart_stress.c */
extern const u32 compats[NCOMPATS];
extern const u64 flag_sets[NFLAG_SETS];
extern int hv_fd;
extern bool kvm_mode;
u64 rnd(u64 *s);
double now(void);
void sleep_us(unsigned long us);
int cmp_u64(const void *a, const void *b);
void *xcalloc(size_t n, size_t size);
void *shared_alloc(size_t size);
u8 *hvcall_page(void);
long module_refcnt(void);
bool module_listed(void);
bool dev_present(void);

/* hvpart_stress_calls.c */
struct out create_typed(int fd, u64 flags, u32 compat);
struct out create_any(int fd, u8 *page, bool raw, u64 flags, u32 compat);
struct out lifecycle(int fd, u8 *page, bool raw, enum lc c, u64 id);
struct out get_prop(int fd, u8 *page, bool raw, u64 id, u32 code);
struct out set_prop(int fd, u8 *page, bool raw, u64 id, u32 code,
		    u64 value);
struct out get_partition_id(int fd, u8 *page);
extern struct tally *tallies;
extern unsigned int ntallies;
struct tally *tally_new(const char *name, bool fd_call,
			const u16 *allowed, unsigned int n);
__printf(2, 3)
void tally_fail(struct tally *t, const char *fmt, ...);
int judge(struct tally *t, const struct out *o, u64 id, int want);
int judge_close(struct tally *t, struct out *o, u64 id, int want);
void tally_report(struct tally *t);
extern pthread_barrier_t barrier;
void start_workers(struct worker *w, unsigned int n,
		   void *(*fn)(void *), u64 seed);
double join_workers(struct worker *w, unsigned int n);
double run_workers(struct worker *w, unsigned int n,
		   void *(*fn)(void *), u64 seed);

/* hvpart_stress_state.c */
void list_partitions(struct plist *pl);
void plist_free(struct plist *pl);
bool plist_has(const struct plist *pl, u64 id, size_t *at);
bool list_sane(const char *what, const struct plist *pl);
long count_partitions(void);
void slab_settled(struct slab_fig *f);
void slab_growers(const char *what, const struct slab_fig *a,
		  const struct slab_fig *b, bool pages);

/* hvpart_stress_creates.c */
void phase_creates(const struct slab_fig *base);

/* hvpart_stress_churn.c */
void phase_churn(unsigned int nthreads);

/* hvpart_stress_races.c */
void phase_dup_delete(void);
void phase_kvm_race(void);

/* hvpart_stress_rmmod.c */
void phase_rmmod(void);

/* hvpart_stress_kill.c */
void phase_kill(void);

#endif /* HVPART_E2E_STRESS_H */
