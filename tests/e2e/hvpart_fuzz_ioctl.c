// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_fuzz_ioctl: a seeded, bounded ioctl fuzzer for /dev/hvpart, with
 * an oracle that predicts every answer.
 *
 *   hvpart_fuzz_ioctl [-s SEED] [-n ITERATIONS] [-d DEVICE] [-v]
 *
 * -s defaults to 1 and -n to 100000 (about 14 s under TCG); -v prints
 * every call before it is made.  A run is a function of the seed and of
 * the module's answers: where an answer differs from the prediction, the
 * model follows what the module did.
 *
 * Runs as root in the QEMU guest on a fresh `insmod hvpart.ko`, BEFORE KVM
 * is loaded (tests/e2e/init.sh, fuzz_phase).  Without KVM no process can
 * make a VM, so no partition ever gets one: HVPART_INITIALIZE_PARTITION
 * takes vm_fd -1 (no VM) and initializes, as HvCallInitializePartition
 * does, and every other vm_fd is refused before dispatch: EBADF when it is
 * not an open fd, EINVAL when it is one (nothing open here is a KVM VM).
 * HVPART_GET_VM_FD of an Initialized partition answers OPERATION_DENIED
 * (no VM); the feature properties and HVPART_GET_CPUID answer
 * NO_RESOURCES (Documentation/hvpart.rst, section 5.7).  The model relies
 * on that: the program refuses to run when /dev/kvm exists (as on arm64,
 * where KVM is built in).
 *
 * Each iteration draws one call from a deterministic PRNG (splitmix64,
 * seeded by -s):
 *   - HVPART_HVCALL with a random control word (mostly the call codes
 *     0x40-0x46, also random ones, reserved bits, the fast bit, rep count
 *     and start, a variable header), random sizes (the layout, more,
 *     less, over 4096), input and output pointers that are valid,
 *     misaligned, crossing a 4 KiB boundary (into a RW page or into a
 *     PROT_NONE one), NULL, PROT_NONE, read-only, unmapped, kernel or
 *     non-canonical, and input pages that are mostly well-formed inputs
 *     of the call (a create from the lib codec, hvc_create_encode(), often
 *     with one field corrupted), the struct itself sometimes unreadable,
 *     straddling into PROT_NONE or read-only;
 *   - the typed ioctls (create AMD64 and ARM64, initialize, finalize,
 *     delete, get and set property, get-vm-fd, get-cpuid) with ids that
 *     are mostly those of live partitions, sometimes 0, SELF, gone, the
 *     next one or random, and random struct contents; initialize's vm_fd
 *     mostly -1, else an open fd that is no VM (/dev/hvpart itself,
 *     /dev/null, a pipe, a directory), a closed number, a negative one
 *     or a random one;
 *   - unknown ioctl numbers and known numbers with the wrong size or
 *     direction (ENOTTY);
 *   - the argument struct NULL, unmapped, PROT_NONE, read-only, or running
 *     into a PROT_NONE page (EFAULT, and nothing done);
 *   - now and then the caller switches to euid 1000 (no CAP_SYS_ADMIN:
 *     ACCESS_DENIED on root's partitions, its own it may act on, within
 *     max_partitions_per_user and max_initialized_per_user), and
 *     max_partitions is set to a random limit near the live count, the two
 *     per-user limits to small ones.
 *
 * The oracle: a model of the partitions (id -> state, owner, compatibility
 * version), the next id, max_partitions and the per-user limits (which
 * root, with CAP_SYS_ADMIN, is exempt from), the NUMA nodes with memory and
 * the host's vendor.  For HVPART_HVCALL the control word, size and
 * placement stages are predicted with lib's own rules
 * (hvc_control_decode(), hvc_control_check(), hvc_sizes_check(),
 * hvc_pages_check()), the create input with hvc_create_validate(), the
 * rest from the model, in the order of section 2.4.  Every call must
 * answer exactly as predicted: the return value, the errno, the HV_STATUS
 * (result or status field) or its absence, the outputs (new id, property
 * value, initialize's vm_fd back as passed and every other call's -1, the
 * output layout zeroed when a dispatched call fails,
 * nothing else in the data pages written).  Independently of the model,
 * every answer must be as documented: 0 with HVPART_STATUS_SUCCESS, -1 with
 * the errno of the status (e2e_status_errno()), or a transport errno with
 * no status.  After each refused create the next id must still be
 * unknown, every successful create must get the next id, and every
 * AUDIT_EVERY iterations every tracked partition must still answer with
 * its compatibility version and the next ids must be unknown.  At the end
 * every partition made is deleted and none may remain.
 *
 * Mismatches are printed ("# mismatch N: ...") up to MAX_SHOWN, then only
 * counted; the check lines are per category.  To reproduce one, run with
 * the same -s and -n (and -v to trace every call).  The last line is
 * "hvpart_fuzz_ioctl: N passed, M failed", exit status 1 on any failure.
 */
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

#define F_NESTED	HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE

/* ---- the PRNG ----------------------------------------------------------- */

static u64 rng;

/* splitmix64: one 64-bit state, good enough and fully reproducible. */
static u64 rnd(void)
{
	u64 z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 below(u64 n)
{
	return n ? rnd() % n : 0;
}

/* True with probability @pm per mille. */
static bool chance(unsigned int pm)
{
	return below(1000) < pm;
}

/* An index into @w, drawn with the weights in @w. */
static unsigned int pick(const unsigned int *w, unsigned int n)
{
	unsigned int i, sum = 0;
	u64 r;

	for (i = 0; i < n; i++)
		sum += w[i];
	r = below(sum);
	for (i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

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

static const enum page data_pages[] = { PG_A, PG_B, PG_RO, PG_E };

static size_t pagesz;
static u8 *arena;
static int page_prot[NPAGES];
static u8 *snap;	/* copies of the data pages */

static u8 *page_at(enum page p)
{
	return arena + p * pagesz;
}

static u64 addr_of(enum page p, size_t off)
{
	return (u64)(uintptr_t)(page_at(p) + off);
}

/* Whether [addr, addr + len) is all readable (and writable if @write). */
static bool mem_ok(u64 addr, u64 len, bool write)
{
	u64 base = (u64)(uintptr_t)arena, end = base + NPAGES * pagesz, a;
	int prot;

	if (!len)
		return true;
	if (addr < base || addr >= end || len > end - addr)
		return false;
	for (a = addr; a < addr + len; a = (a - base) / pagesz * pagesz + base + pagesz) {
		prot = page_prot[(a - base) / pagesz];
		if (!(prot & PROT_READ) || (write && !(prot & PROT_WRITE)))
			return false;
	}
	return true;
}

static void set_prot(enum page p, int prot)
{
	if (mprotect(page_at(p), pagesz, prot)) {
		perror("mprotect");
		exit(2);
	}
}

/*
 * Write @len bytes at @addr wherever they land in a readable page of the
 * arena (read-only pages too, through mprotect); bytes that land anywhere
 * else are dropped, as the kernel could not read them either.
 */
static void mem_put(u64 addr, const void *src, size_t len)
{
	u64 base = (u64)(uintptr_t)arena, end = base + NPAGES * pagesz;
	const u8 *s = src;
	size_t i;

	for (i = 0; i < len; i++) {
		u64 a = addr + i;
		enum page p;

		if (a < addr || a < base || a >= end)
			continue;
		p = (a - base) / pagesz;
		if (!(page_prot[p] & PROT_READ))
			continue;
		if (!(page_prot[p] & PROT_WRITE))
			set_prot(p, PROT_READ | PROT_WRITE);
		*(u8 *)(uintptr_t)a = s[i];
		if (!(page_prot[p] & PROT_WRITE))
			set_prot(p, page_prot[p]);
	}
}

/* Read what is readable of [addr, addr + len); the rest reads as 0. */
static void mem_get(u64 addr, void *dst, size_t len)
{
	u8 *d = dst;
	size_t i;

	for (i = 0; i < len; i++)
		d[i] = mem_ok(addr + i, 1, false) ? *(u8 *)(uintptr_t)(addr + i) : 0;
}

static void snapshot(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(data_pages); i++)
		memcpy(snap + i * pagesz, page_at(data_pages[i]), pagesz);
}

/* Patch the snapshot where a write is expected: @len bytes at @addr. */
static void snap_expect(u64 addr, const void *src, size_t len)
{
	unsigned int i;
	size_t k;

	for (k = 0; k < len; k++) {
		for (i = 0; i < ARRAY_SIZE(data_pages); i++) {
			u64 b = addr_of(data_pages[i], 0);

			if (addr + k >= b && addr + k < b + pagesz)
				snap[i * pagesz + (addr + k - b)] = ((const u8 *)src)[k];
		}
	}
}

/* The first data byte that differs from the snapshot, or NULL. */
static const u8 *snap_differs(void)
{
	unsigned int i;
	size_t k;

	for (i = 0; i < ARRAY_SIZE(data_pages); i++) {
		const u8 *p = page_at(data_pages[i]);

		if (!memcmp(snap + i * pagesz, p, pagesz))
			continue;
		for (k = 0; k < pagesz; k++)
			if (snap[i * pagesz + k] != p[k])
				return p + k;
	}
	return NULL;
}

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

static const char *const pk_names[NPK] = {
	"good", "misaligned", "crossing-rw", "crossing-none", "null", "prot-none",
	"read-only", "unmapped", "low", "kernel", "near-other", "wild", "top",
};

static const u64 kernel_addrs[] = {
	0xffff888000000000ULL, 0xffffffff81000000ULL, 0xffffc90000000000ULL,
	0xfffffe0000000000ULL, 0x8000000000000000ULL, 0x0000800000000000ULL,
};

/* An address of kind @k for a buffer of @len bytes; @other for PK_NEAR. */
static u64 buf_addr(enum ptr_kind k, u32 len, u64 other)
{
	static const enum page rw[] = { PG_A, PG_B, PG_E };
	u32 room = len < HVPAGE ? HVPAGE - (len < 8 ? 8 : len) : 0;
	size_t sub = HVPAGE * below(pagesz / HVPAGE);
	u64 k8 = 8 * below(room / 8 + 1);

	switch (k) {
	case PK_GOOD:
		return addr_of(rw[below(3)], sub + k8);
	case PK_MISALIGNED:
		return addr_of(rw[below(3)], sub + k8) + 1 + below(7);
	case PK_CROSS_RW:
		return addr_of(PG_B, 0) - 1 - below(len > 1 ? len - 1 : 8);
	case PK_CROSS_NONE:
		return addr_of(chance(500) ? PG_NONE : PG_HOLE, 0) -
		       1 - below(len > 1 ? len - 1 : 8);
	case PK_NULL:
		return 0;
	case PK_NONE:
		return addr_of(PG_NONE, sub + k8);
	case PK_RO:
		return addr_of(PG_RO, sub + k8);
	case PK_HOLE:
		return addr_of(PG_HOLE, sub + k8);
	case PK_LOW:
		return 0x1000 + 8 * below(0x6000 / 8);
	case PK_KERNEL:
		return kernel_addrs[below(ARRAY_SIZE(kernel_addrs))] + 8 * below(512);
	case PK_NEAR:
		return other + 8 * below(17) - 64 + (chance(200) ? below(8) : 0);
	case PK_WILD:
		return rnd() | 0x8000000000000000ULL;
	default:
		return 0 - 8 * (1 + below(8));
	}
}

/* Where an argument struct of @size bytes goes. */
static u64 struct_addr(enum ptr_kind k, u32 size)
{
	switch (k) {
	case PK_GOOD:
		return addr_of(PG_S, below(pagesz - size));
	case PK_CROSS_NONE:
		return addr_of(PG_SNONE, 0) - 1 - below(size - 1);
	case PK_NULL:
		return 0;
	case PK_NONE:
		return addr_of(PG_SNONE, 8 * below(64));
	case PK_RO:
		return addr_of(PG_SRO, below(pagesz - size));
	case PK_HOLE:
		return addr_of(PG_HOLE, 8 * below(64));
	case PK_LOW:
		return 0x1000 + 8 * below(0x6000 / 8);
	case PK_KERNEL:
		return kernel_addrs[below(ARRAY_SIZE(kernel_addrs))] + 8 * below(512);
	default:
		return rnd() | 0x8000000000000000ULL;
	}
}

/* A struct placement: mostly good, else one that cannot be copied both ways. */
static enum ptr_kind struct_kind(unsigned int bad_pm)
{
	static const enum ptr_kind bad[] = {
		PK_NULL, PK_NONE, PK_RO, PK_RO, PK_HOLE, PK_LOW, PK_KERNEL,
		PK_CROSS_NONE, PK_CROSS_NONE, PK_WILD,
	};

	if (!chance(bad_pm))
		return PK_GOOD;
	return bad[below(ARRAY_SIZE(bad))];
}

/* ---- the model ---------------------------------------------------------- */

enum pstate { P_GONE, P_CREATED, P_INITIALIZED, P_FINALIZED };

#define IN(s)		(1U << (s))
#define IN_ANY		(IN(P_CREATED) | IN(P_INITIALIZED) | IN(P_FINALIZED))

struct part {
	u8 state;
	u32 owner;
	u32 compat;
};

static struct part *parts;	/* by id, [0, parts_cap) */
static u64 parts_cap;
static u64 next_id = 1;
static u64 *live;		/* ids of live partitions, unordered */
static unsigned int nlive, live_cap;
static u64 recent_gone[8];
static unsigned int nrecent_gone;
static u64 focus_id;		/* a partition the next calls favour */
static unsigned int focus_left;

static unsigned int max_parts;	/* the module parameter, 0: no limit */
static unsigned int max_parts_orig;
static bool max_parts_known;

/* A per-user limit: a module parameter a caller without CAP_SYS_ADMIN meets. */
struct user_limit {
	const char *param;
	unsigned int dflt;
	unsigned int value;	/* 0: no limit */
	unsigned int orig;
	bool known;		/* read, so fuzzed and restored */
};

static struct user_limit max_user = { .param = MAX_USER_PARAM, .dflt = MAX_USER_DEFAULT };
static struct user_limit max_init = { .param = MAX_INIT_PARAM, .dflt = MAX_INIT_DEFAULT };
static bool node_mem[HVPART_PROXIMITY_DOMAIN_MAX + 1];
static bool nested;
static u64 vendor;
static uid_t caller_uid;	/* the effective uid calls are made with */

static struct part *part_of(u64 id)
{
	if (!id || id >= next_id || id >= parts_cap || parts[id].state == P_GONE)
		return NULL;
	return &parts[id];
}

static void model_add(u64 id, u32 owner, u32 compat)
{
	if (id >= parts_cap) {
		u64 cap = parts_cap ? parts_cap : 1024;

		while (cap <= id)
			cap *= 2;
		parts = realloc(parts, cap * sizeof(*parts));
		if (!parts) {
			perror("realloc");
			exit(2);
		}
		memset(parts + parts_cap, 0, (cap - parts_cap) * sizeof(*parts));
		parts_cap = cap;
	}
	if (nlive == live_cap) {
		live_cap = live_cap ? 2 * live_cap : 64;
		live = realloc(live, live_cap * sizeof(*live));
		if (!live) {
			perror("realloc");
			exit(2);
		}
	}
	parts[id].state = P_CREATED;
	parts[id].owner = owner;
	parts[id].compat = compat;
	live[nlive++] = id;
	if (id >= next_id)
		next_id = id + 1;
}

static void model_remove(u64 id)
{
	unsigned int i;

	if (!part_of(id))
		return;
	parts[id].state = P_GONE;
	for (i = 0; i < nlive; i++) {
		if (live[i] == id) {
			live[i] = live[--nlive];
			break;
		}
	}
	recent_gone[nrecent_gone++ % ARRAY_SIZE(recent_gone)] = id;
}

/* A recently deleted id, 0 if none. */
static u64 gone_id(void)
{
	unsigned int n = nrecent_gone < ARRAY_SIZE(recent_gone) ?
			 nrecent_gone : ARRAY_SIZE(recent_gone);

	return n ? recent_gone[below(n)] : 0;
}

/* A partition id for a call: mostly a live one. */
static u64 pick_id(void)
{
	static const unsigned int w[] = { 640, 80, 40, 40, 50, 30, 50, 40, 30 };

	if (focus_left) {
		focus_left--;
		if (part_of(focus_id) && chance(800))
			return focus_id;
	}
	switch (pick(w, ARRAY_SIZE(w))) {
	case 0:
		if (nlive)
			return live[below(nlive)];
		return next_id;
	case 1:
		return gone_id();
	case 2:
		return HVPART_PARTITION_ID_INVALID;
	case 3:
		return chance(500) ? HVPART_PARTITION_ID_SELF : HVPART_PARTITION_ID_HOST;
	case 4:
		return next_id + below(3);
	case 5:
		return rnd();
	case 6:
		return 1 + below(next_id + 4);
	case 7:
		return (nlive ? live[below(nlive)] : 1) | (1ULL << (32 + below(32)));
	default:
		return 0 - 1 - below(4);
	}
}

static bool may_act(const struct part *p)
{
	return caller_uid == 0 || p->owner == caller_uid;
}

/*
 * The caller's partitions, in @states: what the per-user limits count.
 * Root has CAP_SYS_ADMIN and no limit.
 */
static bool over_user_limit(const struct user_limit *l, unsigned int states)
{
	unsigned int i, n = 0;

	if (caller_uid == 0 || !l->value)
		return false;
	for (i = 0; i < nlive; i++)
		n += parts[live[i]].owner == caller_uid &&
		     (states & IN(parts[live[i]].state));
	return n >= l->value;
}

/* Section 4.3, steps 1 to 4. */
static u16 lock_check(u64 id, unsigned int states, struct part **pp)
{
	struct part *p = part_of(id);

	if (!p)
		return S_ID;
	if (!may_act(p))
		return S_DENIED;
	if (!(states & IN(p->state)))
		return S_STATE;
	*pp = p;
	return S_OK;
}

static bool node_online(u32 node)
{
	return node <= HVPART_PROXIMITY_DOMAIN_MAX && node_mem[node];
}

/*
 * What one call must answer.  @transport: a plain errno, no status; else
 * @status.  @dispatched: the call ran (its output layout was zeroed, and
 * on success written with @out_value).
 */
struct pred {
	bool transport;
	int err;
	u16 status;
	bool dispatched;
	u64 out_value;
};

static struct pred pred_errno(int err)
{
	return (struct pred){ .transport = true, .err = err };
}

static struct pred pred_status(u16 status)
{
	return (struct pred){ .status = status };
}

/* HvCallCreatePartition from a decoded input (section 3.3). */
static u16 model_create(enum hvc_layout layout, const void *in, u64 *id)
{
	struct hvc_create_args a;
	struct hvc_verdict v;
	u16 st;

	hvc_create_decode(layout, in, hvc_create_input_size(layout), &a);
	st = hvc_create_validate(&a, node_online, &v);
	if (st != S_OK)
		return st;
	if ((a.flags & F_NESTED) && !nested)
		return S_NOFEAT;
	if (max_parts && nlive >= max_parts)
		return S_NORES;
	if (over_user_limit(&max_user, IN_ANY))
		return S_NORES;
	*id = next_id;
	return S_OK;
}

/* Calls 0x41-0x46 from their input layout (sections 4 to 6). */
static u16 model_call(u16 code, const u8 *in, u64 *out)
{
	struct hvpart_input_set_partition_property sp;
	struct part *p;
	u64 id;
	u16 st;

	memcpy(&id, in, sizeof(id));
	switch (code) {
	case HVPART_CALL_INITIALIZE_PARTITION:
		/* No KVM, so no VM: it initializes without one. */
		st = lock_check(id, IN(P_CREATED), &p);
		if (!st && over_user_limit(&max_init, IN(P_INITIALIZED)))
			st = S_NORES;
		return st;
	case HVPART_CALL_FINALIZE_PARTITION:
		return lock_check(id, IN(P_INITIALIZED), &p);
	case HVPART_CALL_DELETE_PARTITION:
		return lock_check(id, IN(P_CREATED) | IN(P_FINALIZED), &p);
	case HVPART_CALL_GET_PARTITION_PROPERTY:
	case HVPART_CALL_SET_PARTITION_PROPERTY:
		memcpy(&sp, in, code == HVPART_CALL_GET_PARTITION_PROPERTY ? 16 : 24);
		if (sp.padding)
			return S_PARAM;
		/* The host partition: its own values to read, none to set. */
		if (hvc_partition_id_is_host(id)) {
			if (code == HVPART_CALL_SET_PARTITION_PROPERTY)
				return S_DENIED;
			if (!hvc_property_known(sp.property_code))
				return S_UNKPROP;
			if (sp.property_code == P_VENDOR)
				*out = vendor;
			else if (sp.property_code == P_COMPAT)
				*out = HVPART_COMPATIBILITY_21H2;
			else
				return S_NORES;	/* feature banks need KVM */
			return S_OK;
		}
		st = lock_check(id, IN_ANY, &p);
		if (st)
			return st;
		if (!hvc_property_known(sp.property_code))
			return S_UNKPROP;
		if (code == HVPART_CALL_GET_PARTITION_PROPERTY) {
			if (sp.property_code == P_VENDOR)
				*out = vendor;
			else if (sp.property_code == P_COMPAT)
				*out = p->compat;
			else
				return S_NORES;	/* feature banks need KVM */
			return S_OK;
		}
		if (!hvc_property_writable(sp.property_code))
			return S_PARAM;
		if (p->state != P_CREATED)
			return S_STATE;
		return S_NORES;			/* feature banks need KVM */
	case HVPART_CALL_GET_PARTITION_ID:
		*out = HVPART_PARTITION_ID_HOST;
		return S_OK;
	}
	return S_CODE;
}

/* ---- reporting ------------------------------------------------------------ */

enum cat {
	C_HVCALL, C_CREATE, C_OP, C_PROP, C_VMFD, C_CPUID, C_ENOTTY, C_EFAULT,
	C_PROBE, C_AUDIT, NCAT
};

static const char *const cat_names[NCAT] = {
	"HVPART_HVCALL (control word, sizes, placement, faults, the calls)",
	"typed create, AMD64 and ARM64 layouts",
	"typed initialize, finalize, delete",
	"typed get and set property",
	"HVPART_GET_VM_FD",
	"HVPART_GET_CPUID",
	"unknown ioctl numbers and wrong sizes -> ENOTTY",
	"argument structs that cannot be copied -> EFAULT, nothing done",
	"the next id is still unknown after each refused create",
	"periodic audits: tracked partitions live with their data, next ids unknown",
};

static unsigned int cat_calls[NCAT], cat_bad[NCAT];
static unsigned int mismatches;
static unsigned int doc_calls, doc_bad;
static unsigned int creates_ok, creates_bad_id;
static unsigned int iter;
static bool verbose;
static int fd = -1;

static char desc[256];
static char why[1024];
static size_t why_len;

/* Counts of outcomes: statuses by value, transport errnos. */
static unsigned int status_count[0x80];
static unsigned int err_count[5];	/* EFAULT, EINVAL, ENOTTY, EBADF, other */

__printf(1, 2)
static void describe(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (verbose)
		printf("# %u euid %u: %s\n", iter, (unsigned int)caller_uid, desc);
}

__printf(1, 2)
static void complain(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (why_len + 8 >= sizeof(why))
		return;
	if (why_len)
		why_len += snprintf(why + why_len, sizeof(why) - why_len, "; ");
	va_start(ap, fmt);
	n = vsnprintf(why + why_len, sizeof(why) - why_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		why_len += (size_t)n;
	if (why_len >= sizeof(why))
		why_len = sizeof(why) - 1;
}

/* One call of category @c is over: count it, report what went wrong. */
static void finish(enum cat c)
{
	cat_calls[c]++;
	if (!why_len)
		return;
	cat_bad[c]++;
	if (++mismatches <= MAX_SHOWN)
		e2e_note("mismatch %u: iteration %u, euid %u: %s: %s", mismatches,
			 iter, (unsigned int)caller_uid, desc, why);
	else if (mismatches == MAX_SHOWN + 1)
		e2e_note("more mismatches: counted, not shown");
	why_len = 0;
	why[0] = '\0';
}

/* The statuses hvpart may return (section 8: not TOO_DEEP, VP_INDEX, ...). */
static bool status_documented(u64 s)
{
	switch (s) {
	case HVPART_STATUS_SUCCESS:
	case HVPART_STATUS_INVALID_HYPERCALL_CODE:
	case HVPART_STATUS_INVALID_HYPERCALL_INPUT:
	case HVPART_STATUS_INVALID_ALIGNMENT:
	case HVPART_STATUS_INVALID_PARAMETER:
	case HVPART_STATUS_ACCESS_DENIED:
	case HVPART_STATUS_INVALID_PARTITION_STATE:
	case HVPART_STATUS_OPERATION_DENIED:
	case HVPART_STATUS_UNKNOWN_PROPERTY:
	case HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE:
	case HVPART_STATUS_INSUFFICIENT_MEMORY:
	case HVPART_STATUS_INVALID_PARTITION_ID:
	case HVPART_STATUS_NO_RESOURCES:
	case HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED:
	case HVPART_STATUS_OPERATION_FAILED:
		return true;
	}
	return false;
}

static const char *got_str(int ret, int err, bool written, u64 status)
{
	static char buf[160];

	if (written)
		snprintf(buf, sizeof(buf), "ret %d errno %s, status 0x%" PRIx64 " %s",
			 ret, ret ? e2e_errname(err) : "-", status,
			 status <= 0xffff ? hvc_status_name((u16)status) : "(not a status)");
	else
		snprintf(buf, sizeof(buf), "ret %d errno %s, no status", ret,
			 ret ? e2e_errname(err) : "-");
	return buf;
}

static const char *want_str(const struct pred *p)
{
	static char buf[120];

	if (p->transport)
		snprintf(buf, sizeof(buf), "want errno %s with no status",
			 e2e_errname(p->err));
	else
		snprintf(buf, sizeof(buf), "want %s", e2e_status_str(p->status));
	return buf;
}

/*
 * Model-free: the answer is one the contract allows.  @written: a status
 * was written back (result or status field changed from its preset).
 */
static void doc_check(int ret, int err, bool written, u64 status)
{
	bool ok;

	doc_calls++;
	if (written) {
		ok = status_documented(status) &&
		     (status == S_OK ? ret == 0 :
		      ret == -1 && err == e2e_status_errno((u16)status));
		if (status < ARRAY_SIZE(status_count))
			status_count[status]++;
	} else {
		ok = ret == -1 && (err == EFAULT || err == EINVAL ||
				   err == ENOTTY || err == E2BIG || err == EBADF);
		err_count[err == EFAULT ? 0 : err == EINVAL ? 1 : err == ENOTTY ? 2 :
			  err == EBADF ? 3 : 4]++;
	}
	if (!ok) {
		doc_bad++;
		complain("not as documented: %s", got_str(ret, err, written, status));
	}
}

/* Model-based: the answer is the predicted one. */
static bool judge(const struct pred *p, int ret, int err, bool written, u64 status)
{
	bool ok;

	doc_check(ret, err, written, status);
	if (p->transport)
		ok = ret == -1 && err == p->err && !written;
	else
		ok = written && status == p->status &&
		     (p->status == S_OK ? ret == 0 :
		      ret == -1 && err == e2e_status_errno(p->status));
	if (!ok)
		complain("%s; got %s", want_str(p), got_str(ret, err, written, status));
	return ok;
}

/* ---- the caller ----------------------------------------------------------- */

static void set_caller(uid_t uid)
{
	if (uid == caller_uid)
		return;
	if (seteuid(uid)) {
		perror("seteuid");
		exit(2);
	}
	caller_uid = uid;
}

/* ---- probes and audits ---------------------------------------------------- */

/* A typed get of COMPATIBILITY_VERSION; returns the status, -errno if none. */
static long get_compat(u64 id, u64 *value)
{
	struct hvpart_partition_property pp = {
		.partition_id = id, .property_code = P_COMPAT,
		.status = 0xdead0000U, .property_value = 0x5a5a5a5a5a5a5a5aULL,
	};
	int ret, err;

	errno = 0;
	ret = ioctl(fd, HVPART_GET_PARTITION_PROPERTY, &pp);
	err = ret ? errno : 0;
	*value = pp.property_value;
	if (pp.status == 0xdead0000U)
		return -(long)err;
	if ((pp.status == S_OK) != (ret == 0) ||
	    (ret && err != e2e_status_errno((u16)pp.status)))
		return -1000;
	return pp.status;
}

/* The id @id answers INVALID_PARTITION_ID (nothing was created there). */
static void probe_unknown(enum cat c, u64 id, const char *after)
{
	uid_t saved = caller_uid;
	long st;
	u64 v;

	set_caller(0);
	describe("probe: get-property of id %" PRIu64 " after %s", id, after);
	st = get_compat(id, &v);
	if (st != S_ID)
		complain("id %" PRIu64 " answers %ld (%s), want INVALID_PARTITION_ID: a partition exists that no create reported",
			 id, st,
			 st >= 0 ? hvc_status_name((u16)st) : "no status");
	finish(c);
	set_caller(saved);
}

static void probe_live(enum cat c, u64 id, const char *after)
{
	struct part *p = part_of(id);
	uid_t saved = caller_uid;
	long st;
	u64 v;

	set_caller(0);
	describe("probe: get-property of live id %" PRIu64 " after %s", id, after);
	st = get_compat(id, &v);
	if (st != S_OK || v != p->compat)
		complain("id %" PRIu64 " answers %ld (%s) value 0x%" PRIx64
			 ", want SUCCESS with 0x%x", id, st,
			 st >= 0 ? hvc_status_name((u16)st) : "no status", v, p->compat);
	finish(c);
	set_caller(saved);
}

/* The memory model holds only while the hole stays unmapped. */
static unsigned int hole_mapped;

static void audit(void)
{
	uid_t saved = caller_uid;
	unsigned char vec[16];
	unsigned int i;

	if (mincore(page_at(PG_HOLE), pagesz, vec) != -1 || errno != ENOMEM)
		hole_mapped++;
	set_caller(0);
	for (i = 0; i < nlive; i++)
		probe_live(C_AUDIT, live[i], "the last iterations");
	probe_unknown(C_AUDIT, next_id, "the last iterations");
	probe_unknown(C_AUDIT, next_id + 1, "the last iterations");
	if (nrecent_gone)
		probe_unknown(C_AUDIT, gone_id(), "its delete");
	set_caller(saved);
}

/* ---- inputs ----------------------------------------------------------------- */

static const u32 compat_versions[] = {
	HVPART_COMPATIBILITY_19H1, HVPART_COMPATIBILITY_20H1, HVPART_COMPATIBILITY_21H1,
	HVPART_COMPATIBILITY_21H2, HVPART_COMPATIBILITY_PRERELEASE, HVPART_COMPATIBILITY_EXPERIMENT,
};

static u32 pick_prop(void)
{
	static const u32 codes[] = {
		P_VENDOR, P_XSAVE, P_COMPAT, P_FEAT0, P_FEAT1, P_COMPAT, P_VENDOR,
		0, 0x00060001, 0x00060003, 0x0006000c, 0x00050000, 0xffffffff,
	};

	if (chance(80))
		return (u32)rnd();
	return codes[below(ARRAY_SIZE(codes))];
}

static u64 pick_value(void)
{
	switch (below(5)) {
	case 0:
		return 0;
	case 1:
		return ~0ULL;
	case 2:
		return 1ULL << below(64);
	default:
		return rnd();
	}
}

/* A create input: well-formed, often with one field made wrong. */
static void gen_create(enum hvc_layout layout, void *buf, const char **what)
{
	static const char *const corrupt[] = {
		"undefined flag", "reserved proximity flag", "domain > 63",
		"required offline node", "bad compat version", "padding",
		"reserved_z0", "nested", "random flags",
	};
	struct hvc_create_args a;
	unsigned int i, c;
	u32 d;

	memset(&a, 0, sizeof(a));
	a.layout = layout;
	for (i = 0; i < hvc_creation_flag_count; i++)
		if (hvc_creation_flag_names[i].value !=
		    HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE_BIT &&
		    chance(200))
			a.flags |= 1ULL << hvc_creation_flag_names[i].value;
	switch (below(10)) {
	case 0:
		a.proximity_flags = HVPART_PROXIMITY_FLAG_INFO_VALID;
		a.proximity_domain_id = 0;
		break;
	case 1:
		a.proximity_flags = HVPART_PROXIMITY_FLAG_INFO_VALID |
				    HVPART_PROXIMITY_FLAG_PREFERRED;
		a.proximity_domain_id = below(HVPART_PROXIMITY_DOMAIN_MAX + 1);
		break;
	case 2:
		a.proximity_flags = chance(500) ? HVPART_PROXIMITY_FLAG_PREFERRED : 0;
		a.proximity_domain_id = (u32)rnd();
		break;
	default:
		break;
	}
	a.compatibility_version = compat_versions[below(ARRAY_SIZE(compat_versions))];
	for (i = 0; i < 2; i++)
		if (chance(400))
			a.disabled_processor_features[i] = rnd();
	if (layout == HVC_LAYOUT_AMD64 && chance(400))
		a.disabled_processor_xsave_features = rnd();
	*what = "well-formed";
	if (chance(450)) {
		c = below(ARRAY_SIZE(corrupt));
		*what = corrupt[c];
		switch (c) {
		case 0:
			do {
				i = below(64);
			} while (HVPART_PARTITION_CREATION_FLAGS_VALID_MASK & (1ULL << i));
			a.flags |= 1ULL << i;
			break;
		case 1:
			a.proximity_flags |= 1U << (1 + below(30));
			break;
		case 2:
			a.proximity_flags |= HVPART_PROXIMITY_FLAG_INFO_VALID;
			a.proximity_domain_id = chance(500) ? 64 + below(1000) : (u32)rnd() | 64;
			break;
		case 3:
			d = 1 + below(HVPART_PROXIMITY_DOMAIN_MAX);
			a.proximity_flags = HVPART_PROXIMITY_FLAG_INFO_VALID;
			a.proximity_domain_id = d;
			break;
		case 4:
			a.compatibility_version = chance(500) ? (u32)rnd() :
				a.compatibility_version + (chance(500) ? 1 : -1);
			break;
		case 5:
			a.padding = (u32)rnd() | 1;
			break;
		case 6:
			a.reserved_z0 = 1ULL << below(64);
			break;
		case 7:
			a.flags |= F_NESTED;
			break;
		default:
			a.flags = rnd();
			break;
		}
	}
	hvc_create_encode(&a, buf, hvc_create_input_size(layout));
}

/* Up to 64 bytes of input page for call @code. */
static void gen_input(u16 code, u8 *buf, const char **what)
{
	struct hvpart_input_set_partition_property sp;
	unsigned int i;

	for (i = 0; i < 64; i += 8) {
		u64 r = rnd();

		memcpy(buf + i, &r, 8);
	}
	*what = "random bytes";
	if (chance(80))
		return;
	switch (code) {
	case HVPART_CALL_CREATE_PARTITION:
		gen_create(HVC_LAYOUT_NATIVE, buf, what);
		return;
	case HVPART_CALL_INITIALIZE_PARTITION:
	case HVPART_CALL_FINALIZE_PARTITION:
	case HVPART_CALL_DELETE_PARTITION:
	case HVPART_CALL_GET_PARTITION_PROPERTY:
	case HVPART_CALL_SET_PARTITION_PROPERTY:
		sp.partition_id = pick_id();
		sp.property_code = pick_prop();
		sp.padding = chance(60) ? (u32)rnd() | 1 : 0;
		sp.property_value = pick_value();
		memcpy(buf, &sp, sizeof(sp));
		*what = "id";
		return;
	}
}

/* ---- HVPART_HVCALL -------------------------------------------------------- */

static u64 gen_control(void)
{
	static const u16 near_codes[] = {
		0x0000, 0x0001, 0x0002, 0x003f, 0x0047, 0x0048, 0x0050, 0x0140,
		0x4040, 0x8040, 0xff40, 0xffff,
	};
	u64 c;

	if (chance(20))
		return rnd();
	if (chance(720))
		c = HVPART_CALL_CREATE_PARTITION + below(7);
	else if (chance(500))
		c = near_codes[below(ARRAY_SIZE(near_codes))];
	else
		c = (u16)rnd();
	if (chance(120))
		c |= HVPART_HYPERCALL_FAST_BIT;
	if (chance(50))
		c |= (1 + below(0x3ff)) << HVPART_HYPERCALL_VARHEAD_SHIFT;
	if (chance(60))
		c |= HVPART_HYPERCALL_RSVD_MASK & (chance(500) ? rnd() : 1ULL << below(64));
	if (chance(40))
		c |= (1 + below(0xfff)) << HVPART_HYPERCALL_REP_COMP_SHIFT;
	if (chance(40))
		c |= (1 + below(0xfff)) << HVPART_HYPERCALL_REP_START_SHIFT;
	return c;
}

static u32 gen_size(u32 layout)
{
	switch (pick((const unsigned int[]){ 500, 180, 80, 90, 50, 100 }, 6)) {
	case 0:
		return layout;
	case 1:
		return layout + below(HVPAGE - layout + 1);
	case 2:
		return HVPAGE;
	case 3:
		return layout ? below(layout) : below(16);
	case 4:
		switch (below(4)) {
		case 0:
			return HVPAGE + 1;
		case 1:
			return 2 * HVPAGE;
		case 2:
			return 0xffffffffU;
		default:
			return HVPAGE + 1 + (u32)below(0xfffff000U);
		}
	default:
		return below(HVPAGE + 1);
	}
}

static enum ptr_kind gen_buf_kind(void)
{
	static const unsigned int w[NPK] = {
		560, 60, 50, 40, 50, 40, 50, 30, 20, 40, 30, 20, 10,
	};

	return pick(w, NPK);
}

/* Where the hvcall struct sits, its contents, and the answer. */
static void act_hvcall(void)
{
	struct hvpart_hvcall hc, back;
	enum ptr_kind ik, ok, sk;
	const struct hvc_call *call;
	u32 in_len = 0, out_len = 0;
	u8 content[64], in_bytes[64];
	const char *what;
	struct hvc_control ctl;
	struct hvc_verdict v;
	struct pred p;
	u64 hc_addr, id = 0, out_value = 0;
	bool written, readable_result;
	int ret, err;
	u16 code;

	hc.control = gen_control();
	code = (u16)(hc.control & HVPART_HYPERCALL_CODE_MASK);
	call = hvc_call_find(code);
	if (call) {
		in_len = call->input_size[HVC_LAYOUT_NATIVE];
		out_len = call->output_size;
	}
	ik = gen_buf_kind();
	ok = gen_buf_kind();
	hc.input = buf_addr(ik, in_len, 0);
	hc.output = buf_addr(ok, out_len ? out_len : 8, hc.input);
	if (ik == PK_NEAR)
		hc.input = buf_addr(PK_NEAR, in_len, hc.output);
	hc.input_size = gen_size(in_len);
	hc.output_size = gen_size(out_len);
	hc.result = rnd() | 0x8000000000000000ULL;	/* never a result value */

	/* The output layout filled with a pattern, then the input over it. */
	memset(content, 0xa5, sizeof(content));
	mem_put(hc.output, content, out_len + 8);
	gen_input(code, content, &what);
	mem_put(hc.input, content, in_len ? in_len : 8);

	sk = struct_kind(100);
	hc_addr = struct_addr(sk, sizeof(hc));
	mem_put(hc_addr, &hc, sizeof(hc));
	describe("HVPART_HVCALL struct %s: control 0x%" PRIx64 " input %s 0x%" PRIx64
		 " size %u (%s) output %s 0x%" PRIx64 " size %u", pk_names[sk],
		 (u64)hc.control, pk_names[ik], (u64)hc.input, hc.input_size, what,
		 pk_names[ok], (u64)hc.output, hc.output_size);

	/* Section 2.4, in order. */
	memset(in_bytes, 0, sizeof(in_bytes));
	if (!mem_ok(hc_addr, sizeof(hc), false)) {
		p = pred_errno(EFAULT);
	} else if (hc.input_size > HVPAGE || hc.output_size > HVPAGE) {
		p = pred_errno(EINVAL);
	} else if (!mem_ok(hc_addr + 8, 8, true)) {
		p = pred_errno(EFAULT);
	} else {
		hvc_control_decode(hc.control, &ctl);
		p = pred_status(hvc_control_check(&ctl, call, &v));
		if (p.status == S_OK)
			p.status = hvc_sizes_check(call, HVC_LAYOUT_NATIVE, hc.input_size,
						   hc.output_size, &v);
		if (p.status == S_OK)
			p.status = hvc_pages_check(hc.input, in_len, hc.output, out_len, &v);
		if (p.status != S_OK) {
			/* refused before the buffers are touched */
		} else if (!mem_ok(hc.input, in_len, false)) {
			p = pred_errno(EFAULT);
		} else if (!mem_ok(hc.output, out_len, true)) {
			p = pred_errno(EFAULT);
		} else {
			mem_get(hc.input, in_bytes, in_len);
			p.dispatched = true;
			if (code == HVPART_CALL_CREATE_PARTITION)
				p.status = model_create(HVC_LAYOUT_NATIVE, in_bytes, &out_value);
			else
				p.status = model_call(code, in_bytes, &out_value);
			p.out_value = out_value;
		}
	}

	snapshot();
	errno = 0;
	ret = ioctl(fd, HVPART_HVCALL, (void *)(uintptr_t)hc_addr);
	err = ret ? errno : 0;

	readable_result = mem_ok(hc_addr + 8, 8, false);
	memset(&back, 0, sizeof(back));
	if (readable_result)
		mem_get(hc_addr, &back, sizeof(back));
	written = readable_result && back.result != hc.result;
	if (judge(&p, ret, err, written, back.result)) {
		const u8 *diff;

		if (p.dispatched && out_len) {
			u64 zero = 0;

			snap_expect(hc.output, p.status == S_OK ? &p.out_value : &zero, 8);
		}
		diff = snap_differs();
		if (diff)
			complain("data byte at 0x%" PRIxPTR " changed (%s)", (uintptr_t)diff,
				 p.dispatched ? "outside what the call may write" :
				 "by a call that was not dispatched");
		if (mem_ok(hc_addr, sizeof(hc), false) &&
		    (back.control != hc.control || back.input != hc.input ||
		     back.output != hc.output || back.input_size != hc.input_size ||
		     back.output_size != hc.output_size))
			complain("the struct's input fields changed");
	}

	/* The model follows what happened. */
	if (written && back.result == S_OK && call) {
		if (!mem_ok(hc.input, in_len, false))
			in_len = 0;
		memset(in_bytes, 0, sizeof(in_bytes));
		mem_get(hc.input, in_bytes, in_len);
		memcpy(&id, in_bytes, sizeof(id));
		if (code == HVPART_CALL_CREATE_PARTITION) {
			struct hvc_create_args a;
			u64 new_id;

			hvc_create_decode(HVC_LAYOUT_NATIVE, in_bytes, sizeof(in_bytes), &a);
			mem_get(hc.output, &new_id, sizeof(new_id));
			creates_ok++;
			if (new_id != next_id) {
				creates_bad_id++;
				complain("new id %" PRIu64 ", want %" PRIu64, new_id, next_id);
			}
			model_add(new_id, caller_uid, a.compatibility_version);
			if (chance(300)) {
				focus_id = new_id;
				focus_left = 2 + below(5);
			}
		} else if (code == HVPART_CALL_DELETE_PARTITION) {
			model_remove(id);
		} else if (code == HVPART_CALL_FINALIZE_PARTITION && part_of(id)) {
			parts[id].state = P_FINALIZED;
		} else if (code == HVPART_CALL_INITIALIZE_PARTITION && part_of(id)) {
			parts[id].state = P_INITIALIZED;
		}
	}
	finish(sk == PK_GOOD ? C_HVCALL : C_EFAULT);
	if (code == HVPART_CALL_CREATE_PARTITION && !(written && back.result == S_OK))
		probe_unknown(C_PROBE, next_id, "a refused create");
}

/* ---- typed ioctls ----------------------------------------------------------- */

union typed_arg {
	struct hvpart_create_partition_amd64 amd64;
	struct hvpart_create_partition_arm64 arm64;
	struct hvpart_partition_op op;
	struct hvpart_partition_property prop;
	struct hvpart_cpuid cpuid;
	u8 bytes[80];
};

/* The typed struct rules (section 9): copied in and out before anything. */
static bool typed_copyable(u64 addr, u32 size)
{
	return mem_ok(addr, size, true);
}

/* Issue @cmd on the struct at @addr; read back what is readable. */
static int typed_ioctl(unsigned long cmd, u64 addr, union typed_arg *back,
		       u32 size, int *err)
{
	int ret;

	errno = 0;
	ret = ioctl(fd, cmd, (void *)(uintptr_t)addr);
	*err = ret ? errno : 0;
	memset(back, 0, sizeof(*back));
	mem_get(addr, back, size);
	return ret;
}

/* A struct that could not be copied must be as it was, where readable. */
static void check_untouched(u64 addr, const union typed_arg *arg,
			    const union typed_arg *back, u32 size)
{
	u32 i;

	for (i = 0; i < size; i++) {
		if (mem_ok(addr + i, 1, false) && back->bytes[i] != arg->bytes[i]) {
			complain("byte %u of the uncopyable struct changed", i);
			return;
		}
	}
}

static void act_create(void)
{
	bool arm = chance(350);
	enum hvc_layout layout = arm ? HVC_LAYOUT_ARM64 : HVC_LAYOUT_AMD64;
	u32 in_len = hvc_create_input_size(layout), size = in_len + 16;
	union typed_arg arg, back;
	u64 *new_id, *bnew_id, id = 0, addr;
	u32 *status, *bstatus, *reserved;
	enum ptr_kind sk;
	const char *what;
	struct pred p;
	bool written;
	int ret, err;

	memset(&arg, 0, sizeof(arg));
	gen_create(layout, &arg, &what);
	new_id = (u64 *)(arg.bytes + in_len);
	status = (u32 *)(arg.bytes + in_len + 8);
	reserved = (u32 *)(arg.bytes + in_len + 12);
	*new_id = rnd();
	*status = 0xdead0000U | (u32)below(0x10000);
	if (chance(50))
		*reserved = (u32)rnd() | 1;
	sk = struct_kind(80);
	addr = struct_addr(sk, size);
	mem_put(addr, &arg, size);
	describe("HVPART_CREATE_PARTITION_%s struct %s at 0x%" PRIx64 ": %s input, reserved 0x%x",
		 arm ? "ARM64" : "AMD64", pk_names[sk], addr, what, *reserved);

	if (!typed_copyable(addr, size))
		p = pred_errno(EFAULT);
	else if (*reserved)
		p = pred_status(S_PARAM);
	else
		p = pred_status(model_create(layout, &arg, &id));

	ret = typed_ioctl(arm ? HVPART_CREATE_PARTITION_ARM64 : HVPART_CREATE_PARTITION_AMD64,
			  addr, &back, size, &err);
	bnew_id = (u64 *)(back.bytes + in_len);
	bstatus = (u32 *)(back.bytes + in_len + 8);
	written = typed_copyable(addr, size) && *bstatus != *status;
	if (judge(&p, ret, err, written, *bstatus)) {
		if (p.transport) {
			check_untouched(addr, &arg, &back, size);
		} else {
			if (*bnew_id != (p.status == S_OK ? id : 0))
				complain("new_partition_id %" PRIu64 ", want %" PRIu64,
					 *bnew_id, p.status == S_OK ? id : 0);
			if (memcmp(back.bytes, arg.bytes, in_len) ||
			    memcmp(back.bytes + in_len + 12, reserved, 4))
				complain("the input or reserved bytes changed");
		}
	}
	if (written && *bstatus == S_OK) {
		creates_ok++;
		if (*bnew_id != next_id) {
			creates_bad_id++;
			complain("new id %" PRIu64 ", want %" PRIu64, *bnew_id, next_id);
		}
		model_add(*bnew_id, caller_uid, arm ? arg.arm64.input.compatibility_version :
			  arg.amd64.input.compatibility_version);
		if (chance(300)) {
			focus_id = *bnew_id;
			focus_left = 2 + below(5);
		}
	}
	finish(sk == PK_GOOD ? C_CREATE : C_EFAULT);
	if (!(written && *bstatus == S_OK))
		probe_unknown(C_PROBE, next_id, "a refused create");
}

enum op { OP_INIT, OP_FINALIZE, OP_DELETE, OP_VMFD };

/* Open fds that are no KVM VM: /dev/hvpart itself, /dev/null, a pipe, "/". */
static int not_vm[5];
static unsigned int nnot_vm;

static bool fd_open(int n)
{
	return n >= 0 && fcntl(n, F_GETFD) != -1;
}

/* Initialize's vm_fd: mostly -1, else something hvpart must refuse. */
static __s32 pick_vm_fd(void)
{
	int n;

	switch (pick((const unsigned int[]){ 600, 200, 80, 60, 60 }, 5)) {
	case 0:
		return -1;
	case 1:
		return nnot_vm ? not_vm[below(nnot_vm)] : fd;
	case 2:
		/* The lowest free number above the standard ones: closed. */
		n = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		if (n >= 0)
			close(n);
		return n >= 0 ? n : 1000;
	case 3:
		return chance(500) ? -2 - (__s32)below(1000) : INT32_MIN;
	default:
		return (__s32)rnd();
	}
}

static void act_op(enum op op)
{
	static const char *const names[] = {
		"HVPART_INITIALIZE_PARTITION", "HVPART_FINALIZE_PARTITION",
		"HVPART_DELETE_PARTITION", "HVPART_GET_VM_FD",
	};
	static const unsigned long cmds[] = {
		HVPART_INITIALIZE_PARTITION, HVPART_FINALIZE_PARTITION,
		HVPART_DELETE_PARTITION, HVPART_GET_VM_FD,
	};
	union typed_arg arg, back;
	u32 size = sizeof(arg.op);
	struct e2e_fd_mark mark;
	enum ptr_kind sk;
	struct part *pt;
	struct pred p;
	bool written, marked;
	int ret, err;
	u64 addr;
	u64 unused;
	u8 in[8];

	memset(&arg, 0, sizeof(arg));
	arg.op.partition_id = pick_id();
	arg.op.status = 0xdead0000U | (u32)below(0x10000);
	/* Initialize reads vm_fd; the others must ignore whatever is there. */
	arg.op.vm_fd = op == OP_INIT ? pick_vm_fd() : (__s32)rnd();
	sk = struct_kind(80);
	addr = struct_addr(sk, size);
	mem_put(addr, &arg, size);
	describe("%s struct %s at 0x%" PRIx64 ": id 0x%" PRIx64 " vm_fd %d", names[op],
		 pk_names[sk], addr, (u64)arg.op.partition_id, arg.op.vm_fd);

	memcpy(in, &arg.op.partition_id, 8);
	if (!typed_copyable(addr, size)) {
		p = pred_errno(EFAULT);
	} else if (op == OP_INIT && arg.op.vm_fd != -1) {
		/* Before dispatch: not open, or open and no VM (no KVM here). */
		p = pred_errno(fd_open(arg.op.vm_fd) ? EINVAL : EBADF);
	} else if (op == OP_VMFD) {
		/* Initialized only without a VM here (no KVM): no VM to give. */
		p = pred_status(lock_check(arg.op.partition_id, IN(P_INITIALIZED), &pt));
		if (p.status == S_OK)
			p.status = S_OPDENIED;
	} else {
		p = pred_status(model_call(HVPART_CALL_INITIALIZE_PARTITION + op, in, &unused));
	}

	marked = op == OP_INIT && fd_open(arg.op.vm_fd) &&
		 e2e_fd_mark(&mark, arg.op.vm_fd);
	ret = typed_ioctl(cmds[op], addr, &back, size, &err);
	if (marked && !e2e_fd_kept(&mark))
		complain("the fd passed as vm_fd (%d) was closed or replaced", arg.op.vm_fd);
	written = typed_copyable(addr, size) && back.op.status != arg.op.status;
	if (judge(&p, ret, err, written, back.op.status)) {
		if (p.transport) {
			check_untouched(addr, &arg, &back, size);
		} else {
			if (back.op.partition_id != arg.op.partition_id)
				complain("partition_id changed");
			if (op == OP_INIT ? back.op.vm_fd != arg.op.vm_fd :
			    op == OP_VMFD && p.status == S_OK ? back.op.vm_fd < 0 :
			    back.op.vm_fd != -1)
				complain("vm_fd %d (passed %d)", back.op.vm_fd, arg.op.vm_fd);
		}
	}
	if (written && back.op.status == S_OK) {
		/* Initialize's vm_fd is the caller's own (or no fd at all). */
		if (op == OP_VMFD && back.op.vm_fd >= 0)
			close(back.op.vm_fd);
		if (op == OP_DELETE)
			model_remove(arg.op.partition_id);
		else if (op == OP_INIT && part_of(arg.op.partition_id))
			parts[arg.op.partition_id].state = P_INITIALIZED;
		else if (op == OP_FINALIZE && part_of(arg.op.partition_id))
			parts[arg.op.partition_id].state = P_FINALIZED;
	}
	finish(sk != PK_GOOD ? C_EFAULT : op == OP_VMFD ? C_VMFD : C_OP);
	/* A delete that could not copy its struct deleted nothing. */
	if (op == OP_DELETE && sk != PK_GOOD && part_of(arg.op.partition_id))
		probe_live(C_EFAULT, arg.op.partition_id, "an uncopyable delete");
}

static void act_prop(bool set)
{
	union typed_arg arg, back;
	u32 size = sizeof(arg.prop);
	struct hvpart_input_set_partition_property in;
	enum ptr_kind sk;
	u64 value = 0;
	struct pred p;
	bool written;
	int ret, err;
	u64 addr;

	memset(&arg, 0, sizeof(arg));
	arg.prop.partition_id = pick_id();
	arg.prop.property_code = pick_prop();
	arg.prop.status = 0xdead0000U | (u32)below(0x10000);
	arg.prop.property_value = pick_value();
	sk = struct_kind(60);
	addr = struct_addr(sk, size);
	mem_put(addr, &arg, size);
	describe("HVPART_%s_PARTITION_PROPERTY struct %s at 0x%" PRIx64 ": id 0x%" PRIx64
		 " code 0x%x value 0x%" PRIx64, set ? "SET" : "GET", pk_names[sk], addr,
		 (u64)arg.prop.partition_id, arg.prop.property_code,
		 (u64)arg.prop.property_value);

	memset(&in, 0, sizeof(in));
	in.partition_id = arg.prop.partition_id;
	in.property_code = arg.prop.property_code;
	in.property_value = arg.prop.property_value;
	if (!typed_copyable(addr, size))
		p = pred_errno(EFAULT);
	else
		p = pred_status(model_call(set ? HVPART_CALL_SET_PARTITION_PROPERTY :
					   HVPART_CALL_GET_PARTITION_PROPERTY, (u8 *)&in, &value));

	ret = typed_ioctl(set ? HVPART_SET_PARTITION_PROPERTY : HVPART_GET_PARTITION_PROPERTY,
			  addr, &back, size, &err);
	written = typed_copyable(addr, size) && back.prop.status != arg.prop.status;
	if (judge(&p, ret, err, written, back.prop.status)) {
		if (p.transport) {
			check_untouched(addr, &arg, &back, size);
		} else {
			u64 want = set ? arg.prop.property_value : p.status == S_OK ? value : 0;

			if (back.prop.partition_id != arg.prop.partition_id ||
			    back.prop.property_code != arg.prop.property_code)
				complain("partition_id or property_code changed");
			if (back.prop.property_value != want)
				complain("property_value 0x%" PRIx64 ", want 0x%" PRIx64,
					 (u64)back.prop.property_value, want);
		}
	}
	finish(sk == PK_GOOD ? C_PROP : C_EFAULT);
}

/* HVPART_GET_CPUID is x86's; elsewhere it is ENOTTY (section 9.6). */
#if defined(__x86_64__) || defined(__i386__)
#define CPUID_NATIVE	true
#else
#define CPUID_NATIVE	false
#endif

static void act_cpuid(void)
{
	static const enum ptr_kind kinds[] = {
		PK_GOOD, PK_GOOD, PK_GOOD, PK_GOOD, PK_GOOD, PK_GOOD, PK_RO,
		PK_NULL, PK_NONE, PK_HOLE, PK_KERNEL, PK_CROSS_NONE,
	};
	union typed_arg arg, back;
	u32 size = sizeof(arg.cpuid), nent, bnent;
	enum ptr_kind sk, ck;
	struct part *pt;
	struct pred p;
	bool written;
	int ret, err;
	u64 addr;

	memset(&arg, 0, sizeof(arg));
	arg.cpuid.partition_id = pick_id();
	arg.cpuid.status = 0xdead0000U | (u32)below(0x10000);
	if (chance(60))
		arg.cpuid.reserved = (u32)rnd() | 1;
	ck = kinds[below(ARRAY_SIZE(kinds))];
	arg.cpuid.cpuid = ck == PK_CROSS_NONE ? addr_of(PG_NONE, 0) - 2 : buf_addr(ck, 8, 0);
	nent = (u32)below(300);
	mem_put(arg.cpuid.cpuid, &nent, sizeof(nent));
	sk = struct_kind(60);
	addr = struct_addr(sk, size);
	mem_put(addr, &arg, size);
	describe("HVPART_GET_CPUID struct %s at 0x%" PRIx64 ": id 0x%" PRIx64
		 " reserved 0x%x cpuid %s 0x%" PRIx64 " nent %u", pk_names[sk], addr,
		 (u64)arg.cpuid.partition_id, arg.cpuid.reserved, pk_names[ck],
		 (u64)arg.cpuid.cpuid, nent);

	/* Section 9.6; without KVM there is never an answer to write. */
	if (!CPUID_NATIVE)
		p = pred_errno(ENOTTY);
	else if (!typed_copyable(addr, size))
		p = pred_errno(EFAULT);
	else if (arg.cpuid.reserved)
		p = pred_status(S_PARAM);
	else if (!mem_ok(arg.cpuid.cpuid, 4, false))
		p = pred_errno(EFAULT);
	else {
		p = pred_status(lock_check(arg.cpuid.partition_id, IN_ANY, &pt));
		if (p.status == S_OK)
			p.status = S_NORES;
	}

	snapshot();
	ret = typed_ioctl(HVPART_GET_CPUID, addr, &back, size, &err);
	written = typed_copyable(addr, size) && back.cpuid.status != arg.cpuid.status;
	if (judge(&p, ret, err, written, back.cpuid.status)) {
		if (!written)
			check_untouched(addr, &arg, &back, size);
		mem_get(arg.cpuid.cpuid, &bnent, sizeof(bnent));
		if (mem_ok(arg.cpuid.cpuid, 4, false) && bnent != nent)
			complain("nent %u, want %u untouched", bnent, nent);
		if (snap_differs())
			complain("the kvm_cpuid2 buffer or other data changed");
	}
	finish(sk == PK_GOOD ? C_CPUID : C_EFAULT);
}

/* ---- unknown ioctls ------------------------------------------------------- */

static const unsigned long known_cmds[] = {
	HVPART_HVCALL, HVPART_CREATE_PARTITION_AMD64, HVPART_CREATE_PARTITION_ARM64,
	HVPART_INITIALIZE_PARTITION, HVPART_FINALIZE_PARTITION, HVPART_DELETE_PARTITION,
	HVPART_GET_PARTITION_PROPERTY, HVPART_SET_PARTITION_PROPERTY, HVPART_GET_VM_FD,
	/* Answers 0 for the numbers it does not know, never ENOTTY. */
	HVPART_CHECK_EXTENSION,
#if defined(__x86_64__) || defined(__i386__)
	HVPART_GET_CPUID,
#else
	HVPART_GET_VCPU_INIT,
#endif
};

static bool cmd_known(unsigned long cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known_cmds); i++)
		if (known_cmds[i] == cmd)
			return true;
	return false;
}

static unsigned long gen_unknown_cmd(void)
{
	/* Magics the VFS does not serve itself ('T', 'X', 'f', 0x94, 0x00 it does). */
	static const unsigned int magics[] = { 0xAE, 0x42, 0xBC, 0xBE, 0x01, 0xFF };
	static const unsigned int sizes[] = {
		0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 128,
	};
	unsigned long cmd;
	unsigned int dir, nr, magic, sz;

	/* The other architecture's CPU-feature view (section 9.7). */
	if (chance(50))
		return CPUID_NATIVE ? HVPART_GET_VCPU_INIT : HVPART_GET_CPUID;
	do {
		dir = below(4);
		magic = HVPART_IOCTL_MAGIC;
		switch (below(4)) {
		case 0:
			nr = below(16);
			sz = sizes[below(ARRAY_SIZE(sizes))];
			break;
		case 1:
			nr = below(256);
			sz = below(1 << 14);
			break;
		case 2:
			/* A known one with the size or direction off. */
			cmd = known_cmds[below(ARRAY_SIZE(known_cmds))];
			nr = _IOC_NR(cmd);
			sz = _IOC_SIZE(cmd);
			if (chance(500))
				sz = (sz + (chance(500) ? 8 : -8)) & 0x3fff;
			else
				dir = _IOC_DIR(cmd) ^ (1 + below(3));
			break;
		default:
			magic = magics[below(ARRAY_SIZE(magics))];
			nr = below(256);
			sz = sizes[below(ARRAY_SIZE(sizes))];
			break;
		}
		cmd = _IOC(dir, magic, nr, sz);
	} while (cmd_known(cmd));
	return cmd;
}

static void act_unknown(void)
{
	static const enum ptr_kind kinds[] = {
		PK_GOOD, PK_GOOD, PK_GOOD, PK_NULL, PK_NONE, PK_RO, PK_KERNEL,
	};
	unsigned long cmd = gen_unknown_cmd();
	enum ptr_kind k = kinds[below(ARRAY_SIZE(kinds))];
	u64 addr = struct_addr(k, 128);
	struct pred p = pred_errno(ENOTTY);
	u8 junk[128];
	unsigned int i;
	int ret, err;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (u8)rnd();
	mem_put(addr, junk, sizeof(junk));
	describe("unknown ioctl 0x%lx (dir %lu magic 0x%lx nr 0x%lx size %lu), arg %s 0x%" PRIx64,
		 cmd, (unsigned long)_IOC_DIR(cmd), (unsigned long)_IOC_TYPE(cmd),
		 (unsigned long)_IOC_NR(cmd), (unsigned long)_IOC_SIZE(cmd), pk_names[k], addr);
	errno = 0;
	ret = ioctl(fd, cmd, (void *)(uintptr_t)addr);
	err = ret ? errno : 0;
	judge(&p, ret, err, false, 0);
	if (k == PK_GOOD) {
		u8 back[128];

		mem_get(addr, back, sizeof(back));
		if (memcmp(back, junk, sizeof(junk)))
			complain("the argument changed");
	}
	finish(C_ENOTTY);
}

/* ---- max_partitions ------------------------------------------------------- */

static bool write_max_parts(unsigned int value)
{
	uid_t saved = caller_uid;
	FILE *f;
	bool ok;

	set_caller(0);
	f = fopen(MAX_PARTS_PARAM, "w");
	ok = f && fprintf(f, "%u\n", value) > 0;
	if (f && fclose(f))
		ok = false;
	set_caller(saved);
	if (ok)
		max_parts = value;
	return ok;
}

static bool write_user_limit(struct user_limit *l, unsigned int value)
{
	uid_t saved = caller_uid;
	FILE *f;
	bool ok;

	set_caller(0);
	f = fopen(l->param, "w");
	ok = f && fprintf(f, "%u\n", value) > 0;
	if (f && fclose(f))
		ok = false;
	set_caller(saved);
	if (ok)
		l->value = value;
	return ok;
}

/* A small limit, where the fuzzed calls meet it; now and then the original. */
static void act_user_limit(struct user_limit *l, unsigned int most)
{
	unsigned int v = chance(250) ? l->orig : 1 + (unsigned int)below(most);

	if (verbose)
		printf("# %u: %s %u\n", iter, l->param, v);
	if (!write_user_limit(l, v)) {
		e2e_note("cannot write %s (%s): limit not fuzzed", l->param,
			 e2e_errname(errno));
		l->known = false;
	}
}

static void act_max_parts(void)
{
	unsigned int v;

	switch (below(3)) {
	case 1:
		if (max_user.known)
			act_user_limit(&max_user, 8);
		return;
	case 2:
		if (max_init.known)
			act_user_limit(&max_init, 4);
		return;
	}
	if (!max_parts_known)
		return;
	switch (below(5)) {
	case 0:
	case 1:
		v = 0;
		break;
	case 2:
		v = nlive;
		break;
	case 3:
		v = nlive + 1 + below(3);
		break;
	default:
		v = 1 + below(LIVE_SOFT_MAX);
		break;
	}
	if (verbose)
		printf("# %u: max_partitions %u\n", iter, v);
	if (!write_max_parts(v)) {
		e2e_note("cannot write %s (%s): limit not fuzzed", MAX_PARTS_PARAM,
			 e2e_errname(errno));
		max_parts_known = false;
	}
}

/* ---- one iteration -------------------------------------------------------- */

enum action {
	A_HVCALL, A_CREATE, A_INIT, A_FINALIZE, A_DELETE, A_GETPROP, A_SETPROP,
	A_VMFD, A_CPUID, A_UNKNOWN, A_MAXPARTS, NACTIONS
};

static void iterate(void)
{
	unsigned int w[NACTIONS] = {
		[A_HVCALL] = 420, [A_CREATE] = 150, [A_INIT] = 40, [A_FINALIZE] = 30,
		[A_DELETE] = 60, [A_GETPROP] = 90, [A_SETPROP] = 50, [A_VMFD] = 30,
		[A_CPUID] = 40, [A_UNKNOWN] = 60, [A_MAXPARTS] = 4,
	};

	/* Keep the number of live partitions around LIVE_SOFT_MAX. */
	if (nlive > LIVE_SOFT_MAX) {
		w[A_CREATE] = 40;
		w[A_DELETE] = 200;
		w[A_FINALIZE] = 80;	/* Initialized ones go only this way */
	}
	set_caller(chance(120) ? OTHER_UID : 0);
	switch (pick(w, NACTIONS)) {
	case A_HVCALL:
		act_hvcall();
		break;
	case A_CREATE:
		act_create();
		break;
	case A_INIT:
		act_op(OP_INIT);
		break;
	case A_FINALIZE:
		act_op(OP_FINALIZE);
		break;
	case A_DELETE:
		act_op(OP_DELETE);
		break;
	case A_GETPROP:
		act_prop(false);
		break;
	case A_SETPROP:
		act_prop(true);
		break;
	case A_VMFD:
		act_op(OP_VMFD);
		break;
	case A_CPUID:
		act_cpuid();
		break;
	case A_UNKNOWN:
		act_unknown();
		break;
	default:
		act_max_parts();
		break;
	}
}

/* ---- setup and the end ---------------------------------------------------- */

static int setup_memory(void)
{
	enum page p;

	pagesz = (size_t)sysconf(_SC_PAGESIZE);
	if (pagesz < HVPAGE || pagesz % HVPAGE) {
		fprintf(stderr, "page size %zu is not a multiple of 4096\n", pagesz);
		return -1;
	}
	arena = mmap(NULL, NPAGES * pagesz, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	snap = malloc(ARRAY_SIZE(data_pages) * pagesz);
	if (arena == MAP_FAILED || !snap) {
		perror("mmap");
		return -1;
	}
	for (p = 0; p < NPAGES; p++)
		page_prot[p] = PROT_READ | PROT_WRITE;
	page_prot[PG_NONE] = PROT_NONE;
	page_prot[PG_SNONE] = PROT_NONE;
	page_prot[PG_RO] = PROT_READ;
	page_prot[PG_SRO] = PROT_READ;
	page_prot[PG_HOLE] = PROT_NONE;
	for (p = 0; p < NPAGES; p++)
		if (p != PG_HOLE && page_prot[p] != (PROT_READ | PROT_WRITE))
			set_prot(p, page_prot[p]);
	if (munmap(page_at(PG_HOLE), pagesz)) {
		perror("munmap");
		return -1;
	}
	return 0;
}

/* The nodes with memory, as hvctl reads them: "0", "0-1,3". */
static void read_nodes(void)
{
	char buf[256], *s;
	FILE *f = fopen(HAS_MEMORY, "r");
	unsigned long a, b;

	if (!f || !fgets(buf, sizeof(buf), f)) {
		node_mem[0] = true;	/* no NUMA: node 0 holds everything */
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	for (s = buf; *s >= '0' && *s <= '9';) {
		a = strtoul(s, &s, 10);
		b = a;
		if (*s == '-')
			b = strtoul(s + 1, &s, 10);
		for (; a <= b && a <= HVPART_PROXIMITY_DOMAIN_MAX; a++)
			node_mem[a] = true;
		if (*s == ',')
			s++;
	}
}

/* Section 5.9: kvm_amd's, then kvm_intel's nested parameter. */
static bool read_nested(void)
{
	static const char *const params[] = {
		"/sys/module/kvm_amd/parameters/nested",
		"/sys/module/kvm_intel/parameters/nested",
	};
	unsigned int i;
	char c;

	for (i = 0; i < ARRAY_SIZE(params); i++) {
		FILE *f = fopen(params[i], "r");

		if (!f)
			continue;
		c = (char)fgetc(f);
		fclose(f);
		return c == 'Y' || c == '1';
	}
	return false;
}

static u64 host_vendor(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int eax, ebx, ecx, edx;
	char v[13];

	if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx))
		return HVPART_PROCESSOR_VENDOR_AMD;
	memcpy(v, &ebx, 4);
	memcpy(v + 4, &edx, 4);
	memcpy(v + 8, &ecx, 4);
	v[12] = '\0';
	if (!strcmp(v, "GenuineIntel"))
		return HVPART_PROCESSOR_VENDOR_INTEL;
	if (!strcmp(v, "HygonGenuine"))
		return HVPART_PROCESSOR_VENDOR_HYGON;
	return HVPART_PROCESSOR_VENDOR_AMD;
#else
	return HVPART_PROCESSOR_VENDOR_ARM;
#endif
}

/*
 * Where the ids stand: one good create tells the next id; no id below it
 * may be live (the fuzzer's model starts empty).  Returns false on failure.
 */
static bool start_state(void)
{
	struct hvpart_create_partition_amd64 c;
	struct hvpart_partition_op op;
	unsigned int found = 0;
	u64 id, v;
	int ret;

	memset(&c, 0, sizeof(c));
	c.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	ret = ioctl(fd, HVPART_CREATE_PARTITION_AMD64, &c);
	e2e_report(ret == 0 && c.status == S_OK && c.new_partition_id,
		   "start: a plain typed create succeeds", "ret %d errno %s status 0x%x",
		   ret, e2e_errname(errno), c.status);
	if (ret)
		return false;
	for (id = 1; id < c.new_partition_id; id++)
		if (get_compat(id, &v) != S_ID)
			found++;
	memset(&op, 0, sizeof(op));
	op.partition_id = c.new_partition_id;
	ret = ioctl(fd, HVPART_DELETE_PARTITION, &op);
	e2e_report(ret == 0 && !found,
		   "start: no partition is live (the model starts empty) and the probe is deleted",
		   "%u live below id %" PRIu64 ", delete ret %d", found,
		   (u64)c.new_partition_id, ret);
	next_id = c.new_partition_id + 1;
	return ret == 0 && !found;
}

/* The open fds that are no VM, for initialize's vm_fd; "/" as a directory. */
static bool open_not_vm(void)
{
	int pipefd[2];

	not_vm[nnot_vm++] = fd;
	not_vm[nnot_vm] = open("/dev/null", O_RDWR | O_CLOEXEC);
	nnot_vm += not_vm[nnot_vm] >= 0;
	not_vm[nnot_vm] = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	nnot_vm += not_vm[nnot_vm] >= 0;
	if (!pipe(pipefd)) {
		fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
		fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
		not_vm[nnot_vm++] = pipefd[0];
		not_vm[nnot_vm++] = pipefd[1];
	}
	e2e_report(nnot_vm == ARRAY_SIZE(not_vm),
		   "open /dev/null, / and a pipe: fds that are no VM, for initialize's vm_fd",
		   "%u of %zu", nnot_vm, ARRAY_SIZE(not_vm));
	return nnot_vm == ARRAY_SIZE(not_vm);
}

static void delete_all(void)
{
	struct hvpart_partition_op op;
	unsigned int n = 0, bad = 0, left = 0, ids = 0;
	u64 id, v;
	long st;
	int ret;

	set_caller(0);
	while (nlive) {
		id = live[0];
		if (parts[id].state == P_INITIALIZED) {
			memset(&op, 0, sizeof(op));
			op.partition_id = id;
			if (ioctl(fd, HVPART_FINALIZE_PARTITION, &op))
				bad++;
		}
		memset(&op, 0, sizeof(op));
		op.partition_id = id;
		ret = ioctl(fd, HVPART_DELETE_PARTITION, &op);
		if (ret || op.status != S_OK) {
			bad++;
			if (bad <= 5)
				e2e_note("end: delete %" PRIu64 ": ret %d status 0x%x",
					 id, ret, op.status);
		}
		model_remove(id);
		n++;
	}
	e2e_report(!bad, "end: every live partition deleted as root",
		   "%u of %u deletes failed", bad, n);
	e2e_note("end: deleted %u partitions", n);

	for (id = 1; id < next_id + 4; id++, ids++) {
		st = get_compat(id, &v);
		if (st != S_ID) {
			left++;
			if (left <= 5)
				e2e_note("end: id %" PRIu64 " answers %ld", id, st);
		}
	}
	e2e_report(!left, "end: no partition remains (every id from 1 past the last one is unknown)",
		   "%u of %u ids still answer", left, ids);
	if (max_parts_known)
		e2e_report(write_max_parts(max_parts_orig),
			   "end: max_partitions restored", "errno %s", e2e_errname(errno));
	if (max_user.known)
		e2e_report(write_user_limit(&max_user, max_user.orig),
			   "end: max_partitions_per_user restored", "errno %s",
			   e2e_errname(errno));
	if (max_init.known)
		e2e_report(write_user_limit(&max_init, max_init.orig),
			   "end: max_initialized_per_user restored", "errno %s",
			   e2e_errname(errno));
}

static void read_max_parts(void)
{
	FILE *f = fopen(MAX_PARTS_PARAM, "r");

	if (f) {
		max_parts_known = fscanf(f, "%u", &max_parts_orig) == 1;
		fclose(f);
	}
	max_parts = max_parts_known ? max_parts_orig : 0;
	if (!max_parts_known)
		e2e_note("no %s: max_partitions not fuzzed", MAX_PARTS_PARAM);
}

static void read_user_limit(struct user_limit *l)
{
	FILE *f = fopen(l->param, "r");

	if (f) {
		l->known = fscanf(f, "%u", &l->orig) == 1;
		fclose(f);
	}
	l->value = l->known ? l->orig : l->dflt;
	if (!l->known)
		e2e_note("no %s: the model takes its documented default %u, not fuzzed",
			 l->param, l->dflt);
}

static void print_outcomes(void)
{
	static const char *const errs[] = { "EFAULT", "EINVAL", "ENOTTY", "EBADF", "other" };
	char line[1024];
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(status_count); i++)
		if (status_count[i] && n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, " %s %u",
				      hvc_status_name((u16)i) + strlen("HV_STATUS_"),
				      status_count[i]);
	e2e_note("outcomes with a status:%s", line);
	n = 0;
	for (i = 0; i < ARRAY_SIZE(err_count); i++)
		if (n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, " %s %u", errs[i],
				      err_count[i]);
	e2e_note("outcomes without a status (transport errno):%s", line);
	n = 0;
	for (i = 0; i < NCAT; i++)
		if (n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, "%s%u", i ? " " : "",
				      cat_calls[i]);
	e2e_note("calls per category (hvcall create op prop vmfd cpuid enotty efault probe audit): %s",
		 line);
}

int main(int argc, char **argv)
{
	u64 seed = DEFAULT_SEED;
	unsigned int iters = DEFAULT_ITERS, i;
	const char *dev = "/dev/hvpart";
	struct timespec t0, t1;
	char name[256];
	int opt;

	while ((opt = getopt(argc, argv, "s:n:d:vh")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			iters = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'd':
			dev = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-s SEED] [-n ITERATIONS] [-d DEVICE] [-v]\n",
				argv[0]);
			return 2;
		}
	}
	e2e_init("hvpart_fuzz_ioctl");
	rng = seed;
	e2e_note("seed %" PRIu64 " (0x%" PRIx64 "), %u iterations; reproduce with -s %" PRIu64
		 " -n %u", seed, seed, iters, seed, iters);
	if (setup_memory())
		return 2;

	e2e_report(geteuid() == 0, "runs as root", "euid %d", (int)geteuid());
	e2e_report(access("/dev/kvm", F_OK) != 0,
		   "no /dev/kvm: the model expects hvpart without KVM", "it exists");
	fd = open(dev, O_RDWR | O_CLOEXEC);
	e2e_report(fd >= 0, "open /dev/hvpart", "errno %s", e2e_errname(errno));
	if (fd < 0 || geteuid() != 0 || !access("/dev/kvm", F_OK))
		return e2e_summary();
	read_nodes();
	read_max_parts();
	read_user_limit(&max_user);
	read_user_limit(&max_init);
	nested = read_nested();
	vendor = host_vendor();
	e2e_note("model: vendor %" PRIu64 ", nested %d, max_partitions %u, per user %u and %u Initialized, node 0 has memory %d",
		 vendor, nested, max_parts, max_user.value, max_init.value, node_mem[0]);
	if (!open_not_vm())
		return e2e_summary();
	if (!start_state())
		return e2e_summary();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < iters; i++) {
		iter = i;
		iterate();
		if (i % AUDIT_EVERY == AUDIT_EVERY - 1)
			audit();
	}
	set_caller(0);
	audit();
	clock_gettime(CLOCK_MONOTONIC, &t1);

	e2e_note("%u iterations in %.1f s, %u calls checked, %u partitions created, %u live at the end, next id %" PRIu64,
		 iters, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		 doc_calls, creates_ok, nlive, next_id);
	print_outcomes();
	if (mismatches)
		e2e_note("%u mismatches in all; reproduce with -s %" PRIu64 " -n %u (-v traces every call)",
			 mismatches, seed, iters);

	snprintf(name, sizeof(name), "%u calls answered as documented (0 and SUCCESS, or -1 with the status's errno, or a transport errno without a status)",
		 doc_calls);
	e2e_report(!doc_bad, name, "%u did not", doc_bad);
	for (i = 0; i < NCAT; i++) {
		snprintf(name, sizeof(name), "%s: %u calls as predicted", cat_names[i],
			 cat_calls[i]);
		e2e_report(!cat_bad[i] && (cat_calls[i] || iters < 1000), name,
			   "%u of %u did not",
			   cat_bad[i], cat_calls[i]);
	}
	e2e_report(!hole_mapped, "the unmapped page of the memory model stayed unmapped",
		   "mapped at %u audits", hole_mapped);
	snprintf(name, sizeof(name), "%u successful creates, each got the next id", creates_ok);
	e2e_report(!creates_bad_id && (creates_ok || iters < 1000), name, "%u did not", creates_bad_id);

	delete_all();
	close(fd);
	return e2e_summary();
}
