/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart internals: partition objects, the partition table and the
 * hypercall handler.  The user-facing parts are the ioctls of main.c and
 * the netlink family of netlink.c; everything declared here works on
 * kernel buffers, so KUnit can drive it.
 */
#ifndef HVPART_H
#define HVPART_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/uidgid.h>

#include "../../lib/hvpart_codec.h"

/**
 * enum hvpart_state - where a partition is in its lifecycle
 * @HVPART_STATE_CREATED: created, as HvCallCreatePartition answered.
 * @HVPART_STATE_INITIALIZED: HvCallInitializePartition succeeded.
 * @HVPART_STATE_FINALIZED: HvCallFinalizePartition succeeded.
 * @HVPART_STATE_DELETED: out of the table, last references going.
 * @HVPART_STATE_UNBORN: in the table, but not yet known to anyone but its
 *	creator: its id has not reached the caller yet.  Lookups and walks
 *	do not see it.
 */
enum hvpart_state {
	HVPART_STATE_CREATED,
	HVPART_STATE_INITIALIZED,
	HVPART_STATE_FINALIZED,
	HVPART_STATE_DELETED,
	HVPART_STATE_UNBORN,
};

struct file;
struct mm_struct;

/**
 * struct hvpart_session - one open file description of /dev/hvpart
 * @lock: guards @vms and @refusal.
 * @vms: partitions whose VM was bound through this file
 *	(hvpart_partition.vm_link): they hold it until the file is released.
 * @refusal: the verdict of the last call through this file that did not
 *	succeed, for HVPART_GET_VERDICT.
 */
struct hvpart_session {
	spinlock_t lock;
	struct list_head vms;
	struct hvc_verdict refusal;
};

/**
 * struct hvpart_partition - one partition
 * @id: its HV_PARTITION_ID, never reused while the module is loaded.
 * @refcount: table reference plus one per lookup in flight.
 * @rcu: frees the object after lookups under RCU are done.
 * @lock: serialises lifecycle calls and guards @state, @cpu, @vm, @vm_mm
 *	and @vm_session.  Nothing the caller can block (a fault on its
 *	memory, a path lookup) runs under it.
 * @state: enum hvpart_state; written with WRITE_ONCE(), as netlink reads
 *	it without @lock.
 * @args: the creation input, as validated.
 * @cpu: disabled features (from @args, changed by early properties) and
 *	creation flags: what the vCPUs are offered.
 * @vm: the KVM VM's file while Initialized and bound; the partition's
 *	reference.
 * @vm_mm: the mm of the process that bound @vm (held with mmgrab()).
 * @vm_session: the /dev/hvpart file @vm was bound through; @vm lasts no
 *	longer than that file.
 * @vm_link: in @vm_session's list, under its lock.
 * @vcpu_target: arm64: KVM_ARM_PREFERRED_TARGET of @vm, asked when it was
 *	bound (KVM answers it only in the VM's process);
 *	HVPART_VCPU_TARGET_NONE without one.
 * @node: NUMA node its memory comes from, or NUMA_NO_NODE.
 * @owner: effective uid of the creator.
 * @creator: the creator's thread group, so that netlink can name it in
 *	each reader's pid namespace.
 * @created_ns: creation time, CLOCK_REALTIME in nanoseconds.
 * @synthetic_features: HVPART_SYNTHETIC_* the guests are offered (an early
 *	property), under @lock.
 * @pool: the page numbers deposited (HvCallDepositMemory), NULL before
 *	the first deposit; under @lock.  A pointer, not the list: most
 *	partitions never get a deposit, and the object stays in its
 *	kmalloc size class (256 bytes) without it.
 */
struct hvpart_partition {
	u64 id;
	refcount_t refcount;
	struct rcu_head rcu;
	struct mutex lock;
	enum hvpart_state state;
	struct hvc_create_args args;
	struct hvc_partition_cpu cpu;
	struct file *vm;
	struct mm_struct *vm_mm;
	struct hvpart_session *vm_session;
	struct list_head vm_link;
	u32 vcpu_target;
	int node;
	kuid_t owner;
	struct pid *creator;
	u64 created_ns;
	u64 synthetic_features;
	struct hvpart_pool *pool;
};

/**
 * struct hvpart_pool - a partition's deposited pages (pool.c)
 * @pages: how many @page holds.
 * @room: how many @page has room for.
 * @page: the page numbers, in the order they came.
 */
struct hvpart_pool {
	u32 pages;
	u32 room;
	u64 page[];
};

/* Pages in @p's pool, under p->lock. */
static inline u32 hvpart_pool_pages(const struct hvpart_partition *p)
{
	return p->pool ? p->pool->pages : 0;
}

/* No vCPU target: 0 is one (KVM_ARM_TARGET_AEM_V8). */
#define HVPART_VCPU_TARGET_NONE	U32_MAX

/**
 * struct hvpart_caller - who is calling, and in which input layout
 * @uid: effective uid of the caller.
 * @admin: the caller may act on any partition (CAP_SYS_ADMIN); only
 *	valid once @admin_known is set.
 * @admin_known: @admin was decided.  capable() is asked only when a call
 *	needs it, so ordinary calls neither audit a denial nor mark the task
 *	as having used a privilege.
 * @layout: the HvCallCreatePartition layout of the input.
 * @unborn: a create leaves the new partition unborn (hidden from
 *	everyone else) until hvpart_hvcall_finish() says whether its id
 *	reached the caller; for the ioctls, which copy the id out last.
 * @session: the /dev/hvpart file the call came through, or NULL.
 * @vm_file: in: for Initialize, the caller's KVM VM to bind (checked by
 *	hvpart_vm_ops->check_vm), or NULL for none.
 * @rep_count: a rep call's rep count, from the control word.
 * @rep_start: a rep call's rep start, from the control word.
 * @reps_done: out: a rep call's reps completed, for the result value.
 * @err: out: the kernel error a call failed on, 0 for none
 *	(hvpart_refuse_errno()).
 * @verdict: filled in with the cause of a failure.
 */
struct hvpart_caller {
	kuid_t uid;
	bool admin;
	bool admin_known;
	enum hvc_layout layout;
	bool unborn;
	struct hvpart_session *session;
	struct file *vm_file;
	u16 rep_count;
	u16 rep_start;
	u16 reps_done;
	int err;
	struct hvc_verdict verdict;
};

/**
 * struct hvpart_vm_ops - how partitions reach KVM
 * @check_vm: is a file the caller hands in a KVM VM of the calling
 *	process with no vCPUs: 0 or -EINVAL.
 * @configure_vm: shape the caller's VM for creation flags; called without
 *	any partition lock held, as it may fault on the caller's memory.
 * @supported_cpuid: KVM_GET_SUPPORTED_CPUID as KVM answered it at load,
 *	in a kvmalloc()ed array; -ENODEV when KVM did not answer.
 * @nested_supported: can KVM offer nested virtualization on this host.
 * @processor_vendor: HVPART_PROCESSOR_VENDOR_* of the host.
 * @synthetic_offered: HVPART_SYNTHETIC_* KVM emulates on this host (x86:
 *	from KVM_GET_SUPPORTED_HV_CPUID at load; arm64 KVM has none): 0, or
 *	-ENODEV when KVM did not answer.
 * @physical_address_width: the guest physical address bits a VM gets
 *	(x86: CPUID 0x80000008 of KVM's supported CPUID; arm64: KVM's IPA
 *	size): 0, or -ENODEV when KVM did not answer.
 * @arm64_host: set on arm64 only, where it replaces @supported_cpuid: the
 *	host's feature registers, indexed by enum hvc_arm64_reg, and the
 *	KVM vCPU features KVM supports, as 1 << HVC_ARM64_VCPU_*.
 * @vcpu_target: arm64 only: KVM_ARM_PREFERRED_TARGET for a VM of the
 *	calling process; called at Initialize without any partition lock
 *	held.
 *
 * KUnit swaps in its own ops: UML has no KVM.
 */
struct hvpart_vm_ops {
	int (*check_vm)(struct file *vm);
	int (*configure_vm)(u64 flags, struct file *vm);
	int (*supported_cpuid)(struct hvc_cpuid_entry **entries, u32 *count);
	bool (*nested_supported)(void);
	u32 (*processor_vendor)(void);
	int (*synthetic_offered)(u64 *offered);
	int (*physical_address_width)(u32 *bits);
	int (*arm64_host)(u64 regs[HVC_ARM64_REGS], u32 *vcpu_supported);
	int (*vcpu_target)(struct file *vm, u32 *target);
};

extern const struct hvpart_vm_ops *hvpart_vm_ops;
extern const struct hvpart_vm_ops hvpart_kvm_ops;

/* kvm.c */
int hvpart_kvm_init(void);
void hvpart_kvm_exit(void);
void hvpart_kvm_host_probe(void);
void hvpart_kvm_host_forget(void);

/* partition.c */
int hvpart_partition_create(const struct hvc_create_args *args, int node,
			    kuid_t owner, unsigned int user_max, bool unborn,
			    struct hvpart_partition **pp);
struct hvpart_partition *hvpart_partition_publish(u64 id);
void hvpart_partition_abort(u64 id);
struct hvpart_partition *hvpart_partition_get(u64 id);
void hvpart_partition_put(struct hvpart_partition *p);

/* Sets of states, for hvpart_partition_lock(). */
#define HVPART_IN(state)	BIT(HVPART_STATE_##state)
#define HVPART_IN_ANY		(HVPART_IN(CREATED) | HVPART_IN(INITIALIZED) | \
				 HVPART_IN(FINALIZED))
u16 hvpart_partition_lock(struct hvpart_caller *caller, u64 id,
			  unsigned long states, struct hvpart_partition **pp);
void hvpart_partition_unlock(struct hvpart_partition *p);
int hvpart_partition_remove(struct hvpart_partition *p);
unsigned long hvpart_partition_count(void);
/* Entries kept for users who own nothing, at most (partition.c). */
#define HVPART_IDLE_USERS_MAX	64
unsigned int hvpart_user_entries(void);
int hvpart_partition_walk(unsigned long *index,
			  int (*fn)(const struct hvpart_partition *p, void *arg),
			  void *arg);
unsigned int hvpart_table_generation(void);
void hvpart_table_destroy(void);
extern unsigned int hvpart_max_partitions;
extern unsigned int hvpart_max_partitions_per_user;
extern unsigned int hvpart_max_initialized_per_user;
extern unsigned int hvpart_max_pool_pages_per_user;

extern struct mutex hvpart_table_lock;
int hvpart_user_charge_partition(kuid_t uid, unsigned int max);
void hvpart_user_uncharge_partition(kuid_t uid);
void hvpart_users_destroy(void);
/* What users.c counts for each user, besides the partitions. */
enum hvpart_user_count {
	HVPART_USER_INITIALIZED,
	HVPART_USER_POOL_PAGES,
	HVPART_USER_COUNTS
};

int hvpart_user_charge(kuid_t uid, enum hvpart_user_count what,
		       unsigned int n, unsigned int max);
void hvpart_user_uncharge(kuid_t uid, enum hvpart_user_count what,
			  unsigned int n);

void hvpart_partition_bind_vm(struct hvpart_partition *p, struct file *vm,
			      struct hvpart_session *session);
void hvpart_partition_release_vm(struct hvpart_partition *p);
void hvpart_session_init(struct hvpart_session *session);
void hvpart_session_release(struct hvpart_session *session);

/* netlink.c */
struct sk_buff;
struct user_namespace;
struct pid_namespace;

/**
 * struct hvpart_nl_reader - whose namespaces a message names identities in
 * @user_ns: the owner's uid is given as this namespace sees it.
 * @pid_ns: the creator's pid is given as this namespace sees it.
 */
struct hvpart_nl_reader {
	struct user_namespace *user_ns;
	struct pid_namespace *pid_ns;
};

int hvpart_nl_fill(struct sk_buff *skb, const struct hvpart_partition *p,
		   const struct hvpart_nl_reader *reader,
		   u32 portid, u32 seq, int flags, u8 cmd);
void hvpart_nl_notify(const struct hvpart_partition *p, u8 cmd);
int hvpart_nl_init(void);
void hvpart_nl_exit(void);

/* hvcall.c */
const struct hvc_call *hvpart_hvcall_lookup(u16 code);
u16 hvpart_hvcall_check(struct hvpart_caller *caller, u64 control,
			u32 input_size, u32 output_size,
			const struct hvc_call **callp);
u16 hvpart_hvcall_run(struct hvpart_caller *caller, const struct hvc_call *call,
		      const void *input, void *output);
u16 hvpart_hvcall(struct hvpart_caller *caller, u64 control,
		  const void *input, u32 input_size,
		  void *output, u32 output_size);
void hvpart_hvcall_finish(struct hvpart_caller *caller,
			  const struct hvc_call *call, const void *output,
			  bool delivered);
void hvpart_caller_init(struct hvpart_caller *caller, enum hvc_layout layout);
void hvpart_caller_of(struct hvpart_caller *caller, struct file *file,
		      enum hvc_layout layout);
struct hvpart_hvcall;
long hvpart_ioctl_hvcall(struct file *file, struct hvpart_hvcall __user *uarg);
bool hvpart_caller_is_admin(struct hvpart_caller *caller);
u16 hvpart_refuse(struct hvpart_caller *caller, u16 status,
		  enum hvc_fault fault, u64 value);
u16 hvpart_refuse_errno(struct hvpart_caller *caller, int err);
long hvpart_caller_errno(const struct hvpart_caller *caller, u16 status);

/* Calls with a file of their own (property.c, pool.c). */
u16 hvpart_call_get_partition_property(struct hvpart_caller *caller,
				       const void *input, void *output);
u16 hvpart_call_set_partition_property(struct hvpart_caller *caller,
				       const void *input, void *output);
u16 hvpart_call_deposit_memory(struct hvpart_caller *caller,
			       const void *input, void *output);
u16 hvpart_call_withdraw_memory(struct hvpart_caller *caller,
				const void *input, void *output);
void hvpart_pool_free(struct hvpart_partition *p);
u16 hvpart_vm_file(struct hvpart_caller *caller, u64 id, struct file **vm);
u16 hvpart_cpuid(struct hvpart_caller *caller, u64 id,
		 struct hvc_cpuid_entry **entries, u32 *count);
u16 hvpart_vcpu_init(struct hvpart_caller *caller, u64 id, u32 *target,
		     u32 *features);
bool hvpart_caller_may_act_on(struct hvpart_caller *caller,
			      const struct hvpart_partition *p);

#endif /* HVPART_H */
