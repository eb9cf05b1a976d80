/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart internals: partition objects, the partition table and the
 * hypercall handler.  The ioctl layer in main.c is the only user-facing
 * part; everything here works on kernel buffers so KUnit can drive it.
 */
#ifndef HVPART_H
#define HVPART_H

#include <linux/types.h>
#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/uidgid.h>

#include "../../lib/hvpart_codec.h"

/** enum hvpart_state - where a partition is in its lifecycle */
enum hvpart_state {
	HVPART_STATE_CREATED,
	HVPART_STATE_INITIALIZED,
	HVPART_STATE_FINALIZED,
};

/**
 * struct hvpart_partition - one partition
 * @id: its HV_PARTITION_ID, never reused while the module is loaded.
 * @refcount: table reference plus one per lookup in flight.
 * @rcu: frees the object after lookups under RCU are done.
 * @state: enum hvpart_state.
 * @args: the creation input, as validated.
 * @node: NUMA node its memory comes from, or NUMA_NO_NODE.
 * @owner: effective uid of the creator.
 * @creator: tgid of the creator.
 * @created_ns: creation time, CLOCK_REALTIME in nanoseconds.
 */
struct hvpart_partition {
	u64 id;
	refcount_t refcount;
	struct rcu_head rcu;
	enum hvpart_state state;
	struct hvc_create_args args;
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
 * @verdict: filled in with the cause of a failure.
 */
struct hvpart_caller {
	kuid_t uid;
	bool admin;
	bool admin_known;
	enum hvc_layout layout;
	struct hvc_verdict verdict;
};

/* partition.c */
int hvpart_partition_create(const struct hvc_create_args *args, int node,
			    kuid_t owner, u64 *id);
struct hvpart_partition *hvpart_partition_get(u64 id);
void hvpart_partition_put(struct hvpart_partition *p);
int hvpart_partition_remove(struct hvpart_partition *p);
unsigned long hvpart_partition_count(void);
void hvpart_table_destroy(void);
extern unsigned int hvpart_max_partitions;

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
bool hvpart_caller_may_act_on(struct hvpart_caller *caller,
			      const struct hvpart_partition *p);

#endif /* HVPART_H */
