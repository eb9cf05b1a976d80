/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart_fuzz_ioctl: what its files share (hvpart_fuzz_ioctl.c has the
 * iteration, setup, the end and main; hvpart_fuzz_ioctl_gen.c the PRNG,
 * the arena and the inputs; hvpart_fuzz_ioctl_model.c the model and the
 * judging; one file a kind of action for the rest).
 */
#ifndef HVPART_E2E_FUZZ_IOCTL_H
#define HVPART_E2E_FUZZ_IOCTL_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "e2e_util.h"

#define DEFAULT_SEED	1ULL
#define DEFAULT_ITERS	100000U	/* about 14 s under TCG */
#define OTHER_UID	1000
#define MAX_SHOWN	20
#define AUDIT_EVERY	256
#define LIVE_SOFT_MAX	40
#define HVPAGE		HVPART_HYPERCALL_PAGE_SIZE
#define MAX_PARTS_PARAM	"/sys/module/hvpart/parameters/max_partitions"
#define MAX_USER_PARAM	"/sys/module/hvpart/parameters/max_partitions_per_user"
#define MAX_INIT_PARAM	"/sys/module/hvpart/parameters/max_initialized_per_user"
/* The documented defaults of the per-user limits. */
#define MAX_USER_DEFAULT	1024
#define MAX_INIT_DEFAULT	16
#define HAS_MEMORY	"/sys/devices/system/node/has_memory"

#define S_OK		HVPART_STATUS_SUCCESS
#define S_CODE		HVPART_STATUS_INVALID_HYPERCALL_CODE
#define S_PARAM		HVPART_STATUS_INVALID_PARAMETER
#define S_DENIED	HVPART_STATUS_ACCESS_DENIED
#define S_STATE		HVPART_STATUS_INVALID_PARTITION_STATE
#define S_OPDENIED	HVPART_STATUS_OPERATION_DENIED
#define S_UNKPROP	HVPART_STATUS_UNKNOWN_PROPERTY
#define S_ID		HVPART_STATUS_INVALID_PARTITION_ID
#define S_NORES		HVPART_STATUS_NO_RESOURCES
#define S_NOFEAT	HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED

#define P_VENDOR	HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR
#define P_XSAVE		HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES
#define P_COMPAT	HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION
#define P_FEAT0		HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0
#define P_FEAT1		HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1
#define P_SYNTH		HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES
#define P_PAWIDTH	HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH
#define S_NOMEM		HVPART_STATUS_INSUFFICIENT_MEMORY

#define F_NESTED	HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE

/* ---- memory: pages with known protections ------------------------------ */

/*
 * The arena, one system page each.  A, B and E are RW data pages (input
 * and output pages point there); NONE follows B, HOLE (unmapped) follows
 * E, so a buffer at the end of B or E runs into memory the kernel cannot
 * touch; RO is read-only.  S holds the ioctl argument structs, SNONE
 * follows it, SRO is a read-only page for structs.
 */
enum page {
	PG_A, PG_B, PG_NONE, PG_RO, PG_E, PG_HOLE, PG_S, PG_SNONE, PG_SRO,
	NPAGES
};

/* The size of data_pages[] (hvpart_fuzz_ioctl_gen.c). */
#define NDATA_PAGES	4

/* Kinds of addresses for buffers and argument structs. */
enum ptr_kind {
	PK_GOOD,	/* in a RW data page (S for structs), room to spare */
	PK_MISALIGNED,	/* GOOD + 1..7 */
	PK_CROSS_RW,	/* the end of A: runs into B, readable */
	PK_CROSS_NONE,	/* the end of B or E: runs into NONE or the hole */
	PK_NULL,
	PK_NONE,	/* a PROT_NONE page */
	PK_RO,		/* a read-only page */
	PK_HOLE,	/* an unmapped page of the arena */
	PK_LOW,		/* below mmap_min_addr */
	PK_KERNEL,	/* kernel-looking */
	PK_NEAR,	/* within 64 bytes of the other buffer */
	PK_WILD,	/* random, with the top bit set */
	PK_TOP,		/* the last bytes of the address space */
	NPK
};
/* ---- the model ---------------------------------------------------------- */

enum pstate { P_GONE, P_CREATED, P_INITIALIZED, P_FINALIZED };

#define IN(s)		(1U << (s))
#define IN_ANY		(IN(P_CREATED) | IN(P_INITIALIZED) | IN(P_FINALIZED))

struct part {
	u8 state;
	u32 owner;
	u32 compat;
	u64 synthetic;	/* SYNTHETIC_PROC_FEATURES: 0, nothing sets it without KVM */
	u64 *pool;	/* page numbers deposited, in order (pool.c) */
	u32 npool;
	u32 pool_cap;
};

/* max_pool_pages_per_user's default, which the fuzzer leaves as it is. */
#define POOL_MAX	65536
/* A deposited page number must be below this (52-bit addresses). */
#define POOL_PAGE_LIMIT	(1ULL << 40)

/* A per-user limit: a module parameter a caller without CAP_SYS_ADMIN meets. */
struct user_limit {
	const char *param;
	unsigned int dflt;
	unsigned int value;	/* 0: no limit */
	unsigned int orig;
	bool known;		/* read, so fuzzed and restored */
};

/*
 * What one call must answer.  @transport: a plain errno, no status; else
 * @status.  @dispatched: the call ran (its output layout was zeroed, and
 * on success written with @out_value).
 */
struct pred {
	bool transport;
	int err;
	u16 status;
	u16 reps;	/* a rep call's reps completed, in the result value */
	bool dispatched;
	u64 out_value;
};

/* ---- reporting ------------------------------------------------------------ */

enum cat {
	C_HVCALL, C_CREATE, C_OP, C_PROP, C_VMFD, C_CPUID, C_ENOTTY, C_EFAULT,
	C_PROBE, C_AUDIT, NCAT
};

enum op { OP_INIT, OP_FINALIZE, OP_DELETE, OP_VMFD };

/* hvpart_fuzz_ioctl_gen.c */
extern u64 rng;
u64 rnd(void);
u64 below(u64 n);
bool chance(unsigned int pm);
unsigned int pick(const unsigned int *w, unsigned int n);
extern const enum page data_pages[NDATA_PAGES];
extern size_t pagesz;
extern u8 *arena;
extern int page_prot[NPAGES];
extern u8 *snap;
u8 *page_at(enum page p);
u64 addr_of(enum page p, size_t off);
bool mem_ok(u64 addr, u64 len, bool write);
void set_prot(enum page p, int prot);
void mem_put(u64 addr, const void *src, size_t len);
void mem_get(u64 addr, void *dst, size_t len);
void snapshot(void);
void snap_expect(u64 addr, const void *src, size_t len);
const u8 *snap_differs(void);
extern const char *const pk_names[NPK];
u64 buf_addr(enum ptr_kind k, u32 len, u64 other);
u64 struct_addr(enum ptr_kind k, u32 size);
enum ptr_kind struct_kind(unsigned int bad_pm);
u32 pick_prop(void);
u64 pick_value(void);
void gen_create(enum hvc_layout layout, void *buf, const char **what);
void gen_input(u16 code, u8 *buf, const char **what);

/* hvpart_fuzz_ioctl_model.c */
extern struct part *parts;
extern u64 next_id;
extern u64 *live;
extern unsigned int nlive, live_cap;
extern u64 focus_id;
extern unsigned int focus_left;
extern unsigned int max_parts;
extern unsigned int max_parts_orig;
extern bool max_parts_known;
extern struct user_limit max_user;
extern struct user_limit max_init;
extern bool node_mem[HVPART_PROXIMITY_DOMAIN_MAX + 1];
extern bool nested;
extern u64 vendor;
extern uid_t caller_uid;
struct part *part_of(u64 id);
void model_add(u64 id, u32 owner, u32 compat);
void model_remove(u64 id);
u64 pick_id(void);
u16 lock_check(u64 id, unsigned int states, struct part **pp);
struct pred pred_errno(int err);
struct pred pred_status(u16 status);
u16 model_create(enum hvc_layout layout, const void *in, u64 *id);
u16 model_call(u16 code, const u8 *in, u64 *out);
u16 model_rep(const struct hvc_control *c, const u8 *in, u64 *out, u16 *reps);
void model_rep_done(const struct hvc_control *c, const u8 *in, u64 result);
extern const char *const cat_names[NCAT];
extern unsigned int cat_calls[NCAT], cat_bad[NCAT];
extern unsigned int mismatches;
extern unsigned int doc_calls, doc_bad;
extern unsigned int creates_ok, creates_bad_id;
extern unsigned int pool_deposits, pool_withdraws;
extern unsigned int iter;
extern bool verbose;
extern int fd;
extern unsigned int status_count[0x80];
extern unsigned int err_count[5];
__printf(1, 2)
void describe(const char *fmt, ...);
__printf(1, 2)
void complain(const char *fmt, ...);
void finish(enum cat c);
bool judge(const struct pred *p, int ret, int err, bool written, u64 status);
void set_caller(uid_t uid);
long get_compat(u64 id, u64 *value);
void probe_unknown(enum cat c, u64 id, const char *after);
void probe_live(enum cat c, u64 id, const char *after);
extern unsigned int hole_mapped;
void audit(void);

/* hvpart_fuzz_ioctl_hvcall.c */
void act_hvcall(void);

/* hvpart_fuzz_ioctl_typed.c */
void act_create(void);
extern int not_vm[5];
extern unsigned int nnot_vm;
void act_op(enum op op);
void act_prop(bool set);
void act_cpuid(void);
void act_unknown(void);

/* hvpart_fuzz_ioctl_limits.c */
bool write_max_parts(unsigned int value);
bool write_user_limit(struct user_limit *l, unsigned int value);
void act_max_parts(void);

#endif /* HVPART_E2E_FUZZ_IOCTL_H */
