/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart internals: partition objects, the partition table and the
 * hypercall handler.  The ioctl layer in main.c is the only user-facing
 * part; everything here works on kernel buffers so KUnit can drive it.
 */
#ifndef HVPART_H
#define HVPART_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/uidgid.h>

#include "../../lib/hvpart_codec.h"

/** enum hvpart_state - where a partition is in its lifecycle */
enum hvpart_state {
	HVPART_STATE_CREATED,
	HVPART_STATE_INITIALIZED,
	HVPART_STATE_FINALIZED,
	HVPART_STATE_DELETED,	/* out of the table, last references going */
};

struct file;
struct mm_struct;

/**
 * struct hvpart_partition - one partition
 * @id: its HV_PARTITION_ID, never reused while the module is loaded.
 * @refcount: table reference plus one per lookup in flight.
 * @rcu: frees the object after lookups under RCU are done.
 * @lock: serialises lifecycle calls and guards @state, @cpu, @vm, @vm_mm.
 * @state: enum hvpart_state.
 * @args: the creation input, as validated.
 * @cpu: disabled features (from @args, changed by early properties) and
 *	creation flags: what the vCPUs are offered.
 * @vm: the KVM VM's file while Initialized; the partition's reference.
 * @vm_mm: the mm of the process that created @vm (held with mmgrab()).
 * @node: NUMA node its memory comes from, or NUMA_NO_NODE.
 * @owner: effective uid of the creator.
 * @creator: tgid of the creator.
 * @created_ns: creation time, CLOCK_REALTIME in nanoseconds.
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
	int node;
	kuid_t owner;
	pid_t creator;
	u64 created_ns;
};

/**
 * struct hvpart_caller - who is calling, and in which input layout
 * @uid: effective uid of the caller.
 * @admin: the caller may act on any partition (CAP_SYS_ADMIN); only
 *	valid once @admin_known is set.
 * @admin_known: @admin was decided.  capable() is asked only when a call
 *	needs it, so ordinary calls neither audit a denial nor mark the task
 *	as having used a privilege.
 * @layout: the HvCallCreatePartition layout of the input.
 * @want_vm_file: Initialize hands back a reference to the new VM's file,
 *	for the typed ioctl to install as an fd (HVPART_HVCALL has nowhere
 *	to return one).
 * @vm_file: out: that reference, or NULL.
 * @verdict: filled in with the cause of a failure.
 */
struct hvpart_caller {
	kuid_t uid;
	bool admin;
	bool admin_known;
	enum hvc_layout layout;
	bool want_vm_file;
	struct file *vm_file;
	struct hvc_verdict verdict;
};

/**
 * struct hvpart_vm_ops - how partitions reach KVM
 * @create_vm: create a VM in the calling process for @p, shaped by its
 *	creation flags; returns a reference to the VM's file and leaves no
 *	fd behind.
 * @supported_cpuid: KVM_GET_SUPPORTED_CPUID into a kvmalloc()ed array.
 * @nested_supported: can KVM offer nested virtualization on this host.
 * @processor_vendor: HV_PROCESSOR_VENDOR_* of the host.
 * @arm64_host: set on arm64 only, where it replaces @supported_cpuid: the
 *	host's feature registers, indexed by enum hvc_arm64_reg, and the
 *	KVM vCPU features KVM supports, as 1 << HVC_ARM64_VCPU_*.
 * @vcpu_target: arm64 only: KVM_ARM_PREFERRED_TARGET for a VM.
 *
 * KUnit swaps in its own ops: UML has no KVM.
 */
struct hvpart_vm_ops {
	int (*create_vm)(struct hvpart_partition *p, struct file **vm);
	int (*supported_cpuid)(struct hvc_cpuid_entry **entries, u32 *count);
	bool (*nested_supported)(void);
	u32 (*processor_vendor)(void);
	int (*arm64_host)(u64 regs[HVC_ARM64_REGS], u32 *vcpu_supported);
	int (*vcpu_target)(struct file *vm, u32 *target);
};

extern const struct hvpart_vm_ops *hvpart_vm_ops;
extern const struct hvpart_vm_ops hvpart_kvm_ops;

/* partition.c */
int hvpart_partition_create(const struct hvc_create_args *args, int node,
			    kuid_t owner, u64 *id);
struct hvpart_partition *hvpart_partition_get(u64 id);
void hvpart_partition_put(struct hvpart_partition *p);
int hvpart_partition_remove(struct hvpart_partition *p);
unsigned long hvpart_partition_count(void);
int hvpart_partition_walk(unsigned long *index,
			  int (*fn)(const struct hvpart_partition *p, void *arg),
			  void *arg);
unsigned int hvpart_table_generation(void);
void hvpart_table_destroy(void);
extern unsigned int hvpart_max_partitions;

void hvpart_partition_release_vm(struct hvpart_partition *p);

/* netlink.c */
struct sk_buff;
int hvpart_nl_fill(struct sk_buff *skb, const struct hvpart_partition *p,
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
void hvpart_hvcall_undo(const struct hvc_call *call, const void *output);
void hvpart_caller_init(struct hvpart_caller *caller, enum hvc_layout layout);
u16 hvpart_vm_file(struct hvpart_caller *caller, u64 id, struct file **vm);
u16 hvpart_cpuid(struct hvpart_caller *caller, u64 id,
		 struct hvc_cpuid_entry **entries, u32 *count);
u16 hvpart_vcpu_init(struct hvpart_caller *caller, u64 id, u32 *target,
		     u32 *features);
bool hvpart_caller_may_act_on(struct hvpart_caller *caller,
			      const struct hvpart_partition *p);

#endif /* HVPART_H */
