// SPDX-License-Identifier: GPL-2.0
/*
 * The "hvpart" generic netlink family: partition-get (do and dump) and
 * create/state/delete events on the "monitor" group.  Nothing here
 * changes a partition, so no operation needs admin rights.
 *
 * Identities (owner uid, creator pid) go only where the reader is known:
 * partition-get names them in the user and pid namespaces of the task
 * that asks.  Events go to every listener of the group at once, so they
 * carry none: a listener asks partition-get for them.
 */
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/uidgid.h>
#include <net/genetlink.h>

#include "hvpart.h"

static struct genl_family hvpart_genl_family;

/*
 * The groups here, the policy and the ops below are what ynl-gen-c
 * renders from Documentation/netlink/specs/hvpart.yaml (--mode kernel),
 * made static: tests/netlink/spec_test.sh regenerates them and fails on
 * any difference.  The generated files themselves are not built: they
 * include <uapi/linux/hvpart_netlink.h>, which resolves only inside a
 * kernel tree.
 */
enum {
	HVPART_NLGRP_MONITOR,
};

static const struct genl_multicast_group hvpart_nl_mcgrps[] = {
	[HVPART_NLGRP_MONITOR] = { "monitor", },
};

static u32 hvpart_nl_state(enum hvpart_state state)
{
	switch (state) {
	case HVPART_STATE_CREATED:
		return HVPART_PARTITION_STATE_CREATED;
	case HVPART_STATE_INITIALIZED:
		return HVPART_PARTITION_STATE_INITIALIZED;
	case HVPART_STATE_FINALIZED:
		return HVPART_PARTITION_STATE_FINALIZED;
	default:
		return HVPART_PARTITION_STATE_DELETED;
	}
}

/*
 * Room for every attribute, for genlmsg_new(): a u64 may need a pad
 * attribute in front to align its payload.
 */
#define HVPART_NL_U64_ATTRS	6	/* id, flags, 3 feature banks, time */
#define HVPART_NL_U32_ATTRS	8	/* the others: u32, s32 and u8 */
#define HVPART_NL_ATTRS_SIZE \
	(HVPART_NL_U64_ATTRS * nla_total_size_64bit(sizeof(u64)) + \
	 HVPART_NL_U32_ATTRS * nla_total_size(sizeof(u32)))

/**
 * hvpart_nl_fill() - put one partition's attributes in a message
 * @skb: the message buffer.
 * @p: the partition; read without its lock, so a snapshot may mix
 *	values from just before and just after a concurrent change.
 * @reader: the namespaces to name the owner and creator in; NULL leaves
 *	both out (events).
 * @portid: netlink port of the requester, 0 for events.
 * @seq: sequence number of the request, 0 for events.
 * @flags: netlink message flags.
 * @cmd: HVPART_CMD_*.
 *
 * Return: 0, or -EMSGSIZE when @skb is full (nothing is left in it).
 */
int hvpart_nl_fill(struct sk_buff *skb, const struct hvpart_partition *p,
		   const struct hvpart_nl_reader *reader,
		   u32 portid, u32 seq, int flags, u8 cmd)
{
	enum hvpart_state state = READ_ONCE(p->state);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &hvpart_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	/* In the order of the spec's reply, which readers may rely on. */
	if (nla_put_u64_64bit(skb, HVPART_A_PARTITION_ID, p->id,
			      HVPART_A_PARTITION_PAD) ||
	    nla_put_u32(skb, HVPART_A_PARTITION_STATE, hvpart_nl_state(state)) ||
	    nla_put_u64_64bit(skb, HVPART_A_PARTITION_FLAGS, p->args.flags,
			      HVPART_A_PARTITION_PAD) ||
	    nla_put_u32(skb, HVPART_A_PARTITION_COMPAT_VERSION,
			p->args.compatibility_version) ||
	    nla_put_u32(skb, HVPART_A_PARTITION_PROXIMITY_DOMAIN,
			p->args.proximity_domain_id) ||
	    nla_put_u32(skb, HVPART_A_PARTITION_PROXIMITY_FLAGS,
			p->args.proximity_flags) ||
	    nla_put_u64_64bit(skb, HVPART_A_PARTITION_DISABLED_FEATURES0,
			      READ_ONCE(p->cpu.disabled[0]),
			      HVPART_A_PARTITION_PAD) ||
	    nla_put_u64_64bit(skb, HVPART_A_PARTITION_DISABLED_FEATURES1,
			      READ_ONCE(p->cpu.disabled[1]),
			      HVPART_A_PARTITION_PAD) ||
	    nla_put_u64_64bit(skb, HVPART_A_PARTITION_DISABLED_XSAVE,
			      READ_ONCE(p->cpu.disabled[HVC_BANK_XSAVE]),
			      HVPART_A_PARTITION_PAD))
		goto err_cancel;
	/* 0 for the creator where the reader's pid namespace cannot see it. */
	if (reader &&
	    (nla_put_u32(skb, HVPART_A_PARTITION_OWNER_UID,
			 from_kuid_munged(reader->user_ns, p->owner)) ||
	     nla_put_u32(skb, HVPART_A_PARTITION_CREATOR_PID,
			 pid_nr_ns(p->creator, reader->pid_ns))))
		goto err_cancel;
	if (nla_put_u64_64bit(skb, HVPART_A_PARTITION_CREATE_TIME, p->created_ns,
			      HVPART_A_PARTITION_PAD) ||
	    nla_put_s32(skb, HVPART_A_PARTITION_NUMA_NODE, p->node) ||
	    nla_put_u8(skb, HVPART_A_PARTITION_VM_ATTACHED, !!READ_ONCE(p->vm)))
		goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	/* A dump sends what it has and resumes with this partition. */
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * The task that asks: a request and the dump it starts run in its
 * sendmsg() and recvmsg(), so it is the one the answer is for.
 */
static void hvpart_nl_reader_current(struct hvpart_nl_reader *reader)
{
	reader->user_ns = current_user_ns();
	reader->pid_ns = task_active_pid_ns(current);
}

static int hvpart_nl_partition_get_doit(struct sk_buff *skb,
					struct genl_info *info)
{
	struct hvpart_nl_reader reader;
	struct hvpart_partition *p;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, HVPART_A_PARTITION_ID))
		return -EINVAL;

	p = hvpart_partition_get(nla_get_u64(info->attrs[HVPART_A_PARTITION_ID]));
	if (!p) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[HVPART_A_PARTITION_ID],
				    "no such partition");
		return -ENOENT;
	}

	msg = genlmsg_new(HVPART_NL_ATTRS_SIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto err_put;
	}
	hvpart_nl_reader_current(&reader);
	err = hvpart_nl_fill(msg, p, &reader, info->snd_portid, info->snd_seq, 0,
			     HVPART_CMD_PARTITION_GET);
	if (err)
		goto err_free;
	hvpart_partition_put(p);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
err_put:
	hvpart_partition_put(p);
	return err;
}

struct hvpart_nl_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct hvpart_nl_reader reader;
};

static int hvpart_nl_dump_one(const struct hvpart_partition *p, void *arg)
{
	struct hvpart_nl_dump *d = arg;
	void *last = skb_tail_pointer(d->skb);
	int err;

	err = hvpart_nl_fill(d->skb, p, &d->reader, NETLINK_CB(d->cb->skb).portid,
			     d->cb->nlh->nlmsg_seq, NLM_F_MULTI,
			     HVPART_CMD_PARTITION_GET);
	if (!err)
		nl_dump_check_consistent(d->cb, last);
	return err;
}

/*
 * cb->args[0] is the next id to dump.  cb->seq carries the table's
 * generation, so a dump that spans a create or delete is flagged
 * NLM_F_DUMP_INTR.
 */
static int hvpart_nl_partition_get_dumpit(struct sk_buff *skb,
					  struct netlink_callback *cb)
{
	struct hvpart_nl_dump d = { .skb = skb, .cb = cb };
	unsigned long index = cb->args[0];
	int err;

	hvpart_nl_reader_current(&d.reader);
	cb->seq = hvpart_table_generation();
	err = hvpart_partition_walk(&index, hvpart_nl_dump_one, &d);
	cb->args[0] = index;

	/* A partition too big for an empty message would stall the dump. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

/**
 * hvpart_nl_notify() - tell the "monitor" group about a partition
 * @p: the partition, referenced by the caller.
 * @cmd: HVPART_CMD_PARTITION_{CREATE,STATE,DELETE}_NTF.
 */
void hvpart_nl_notify(const struct hvpart_partition *p, u8 cmd)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&hvpart_genl_family, &init_net,
				HVPART_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(HVPART_NL_ATTRS_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (hvpart_nl_fill(msg, p, NULL, 0, 0, 0, cmd)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast(&hvpart_genl_family, msg, 0, HVPART_NLGRP_MONITOR,
			  GFP_KERNEL);
}

/* Generated, as hvpart_nl_mcgrps. */
static const struct nla_policy hvpart_partition_get_nl_policy[HVPART_A_PARTITION_ID + 1] = {
	[HVPART_A_PARTITION_ID] = { .type = NLA_U64, },
};

static const struct genl_ops hvpart_nl_ops[1] = {
	{
		.cmd		= HVPART_CMD_PARTITION_GET,
		.doit		= hvpart_nl_partition_get_doit,
		.dumpit		= hvpart_nl_partition_get_dumpit,
		.policy		= hvpart_partition_get_nl_policy,
		.maxattr	= HVPART_A_PARTITION_ID,
	},
};

static struct genl_family hvpart_genl_family __ro_after_init = {
	.name		= HVPART_GENL_NAME,
	.version	= HVPART_GENL_VERSION,
	.module		= THIS_MODULE,
	.ops		= hvpart_nl_ops,
	.n_ops		= ARRAY_SIZE(hvpart_nl_ops),
	.mcgrps		= hvpart_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(hvpart_nl_mcgrps),
};

/**
 * hvpart_nl_init() - register the family
 *
 * Return: 0 or what genl_register_family() returns.
 */
int __init hvpart_nl_init(void)
{
	return genl_register_family(&hvpart_genl_family);
}

/**
 * hvpart_nl_exit() - unregister the family
 */
void hvpart_nl_exit(void)
{
	genl_unregister_family(&hvpart_genl_family);
}
