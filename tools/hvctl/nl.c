// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: the generic netlink family "hvpart" through libnl-genl-3.
 *
 * hvctl_nl_open() connects and resolves the family, hvctl_nl_get() sends
 * partition-get as a do or a dump and runs the callbacks of
 * hvctl_nl_cb() until the answer is complete; monitor uses the same
 * callbacks for events.  Extended ACK messages are read from the error
 * and NLMSG_DONE messages: libnl 3.7 does not parse them itself.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "hvctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/*
 * libnl checks the length of each attribute it knows; it ignores others.
 * NUMA_NODE is an s32: libnl 3.7 knows no length for NLA_S32, so it is
 * checked as a u32, which has the same length.
 */
static const struct nla_policy hvctl_nl_policy[HVPART_A_PARTITION_MAX + 1] = {
	[HVPART_A_PARTITION_ID]			= { .type = NLA_U64 },
	[HVPART_A_PARTITION_STATE]		= { .type = NLA_U32 },
	[HVPART_A_PARTITION_FLAGS]		= { .type = NLA_U64 },
	[HVPART_A_PARTITION_COMPAT_VERSION]	= { .type = NLA_U32 },
	[HVPART_A_PARTITION_PROXIMITY_DOMAIN]	= { .type = NLA_U32 },
	[HVPART_A_PARTITION_PROXIMITY_FLAGS]	= { .type = NLA_U32 },
	[HVPART_A_PARTITION_DISABLED_FEATURES0]	= { .type = NLA_U64 },
	[HVPART_A_PARTITION_DISABLED_FEATURES1]	= { .type = NLA_U64 },
	[HVPART_A_PARTITION_DISABLED_XSAVE]	= { .type = NLA_U64 },
	[HVPART_A_PARTITION_OWNER_UID]		= { .type = NLA_U32 },
	[HVPART_A_PARTITION_CREATOR_PID]	= { .type = NLA_U32 },
	[HVPART_A_PARTITION_CREATE_TIME]	= { .type = NLA_U64 },
	[HVPART_A_PARTITION_NUMA_NODE]		= { .type = NLA_U32 },
	[HVPART_A_PARTITION_VM_ATTACHED]	= { .type = NLA_U8 },
};

/**
 * hvctl_nl_open() - connect to the hvpart family
 * @cmd: the command, for messages.
 * @nl: the socket and family id; hvctl_nl_close() it.
 * @rcvbuf: the socket receive buffer size in bytes.
 *
 * Return: HVCTL_EXIT_OK; HVCTL_EXIT_DEVICE when the family does not
 * exist; HVCTL_EXIT_SYSTEM for other failures.  Errors are printed.
 */
int hvctl_nl_open(const char *cmd, struct hvctl_nl *nl, int rcvbuf)
{
	int one = 1;
	int ret;

	nl->family = -1;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		hvctl_err("%s: cannot allocate a netlink socket", cmd);
		return HVCTL_EXIT_SYSTEM;
	}
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		hvctl_err("%s: cannot open a generic netlink socket: %s", cmd,
			  nl_geterror(ret));
		goto err_free;
	}
	/*
	 * Extended ACK messages, and errors without a copy of the request.
	 * Kernels without them just send bare errors.
	 */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	/*
	 * libnl sets 32 KiB on connect, too little for a burst of events.
	 * The kernel caps SO_RCVBUF at net.core.rmem_max; root may go past.
	 */
	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)))
		nl_socket_set_buffer_size(nl->sk, rcvbuf, 0);
	/* Dumps come in messages as big as the buffer recvmsg() offers. */
	nl_socket_enable_msg_peek(nl->sk);

	nl->family = genl_ctrl_resolve(nl->sk, HVPART_GENL_NAME);
	if (nl->family == -NLE_OBJ_NOTFOUND) {
		hvctl_err("generic netlink family \"%s\" not found (" HVCTL_HINT_NOT_LOADED ")",
			  HVPART_GENL_NAME);
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return HVCTL_EXIT_DEVICE;
	}
	if (nl->family < 0) {
		hvctl_err("%s: cannot resolve the generic netlink family \"%s\": %s",
			  cmd, HVPART_GENL_NAME, nl_geterror(nl->family));
		goto err_free;
	}
	return HVCTL_EXIT_OK;

err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return HVCTL_EXIT_SYSTEM;
}

/**
 * hvctl_nl_close() - close what hvctl_nl_open() opened
 * @nl: the socket; may be closed already.
 */
void hvctl_nl_close(struct hvctl_nl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

/*
 * The extended ACK message in @nlh, an error or NLMSG_DONE, whose
 * attributes start @off bytes into its payload.
 */
static void hvctl_nl_extack(struct nlmsghdr *nlh, size_t off,
			    struct hvctl_nl_reply *reply)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t len = (size_t)nlmsg_datalen(nlh);
	const char *msg;

	off = NLMSG_ALIGN(off);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off >= len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlmsg_data(nlh) + off),
		      (int)(len - off), NULL) < 0 || !tb[NLMSGERR_ATTR_MSG])
		return;
	msg = nla_data(tb[NLMSGERR_ATTR_MSG]);
	snprintf(reply->msg, sizeof(reply->msg), "%.*s",
		 (int)strnlen(msg, (size_t)nla_len(tb[NLMSGERR_ATTR_MSG])),
		 msg);
}

static int hvctl_nl_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			  void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct hvctl_nl_reply *reply = arg;
	size_t off = sizeof(*e);

	(void)nla;
	reply->error = -e->error;
	reply->done = true;
	/* Unless capped, the request follows the error, then the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len >= sizeof(e->msg))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	hvctl_nl_extack(nlh, off, reply);
	return NL_STOP;
}

/* NLMSG_DONE: the end of a dump, with the dump's error if it failed. */
static int hvctl_nl_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct hvctl_nl_reply *reply = arg;
	int err = 0;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err < 0) {
		reply->error = -err;
		hvctl_nl_extack(nlh, sizeof(err), reply);
	}
	reply->done = true;
	return NL_STOP;
}

static int hvctl_nl_ack(struct nl_msg *msg, void *arg)
{
	struct hvctl_nl_reply *reply = arg;

	(void)msg;
	reply->done = true;
	return NL_STOP;
}

/* Note it and go on: the dump runs to NLMSG_DONE, then list restarts it. */
static int hvctl_nl_dump_intr(struct nl_msg *msg, void *arg)
{
	struct hvctl_nl_reply *reply = arg;

	(void)msg;
	reply->interrupted = true;
	return NL_OK;
}

static u32 hvctl_nl_u32(struct nlattr *tb[], int type, u32 absent)
{
	return tb[type] ? nla_get_u32(tb[type]) : absent;
}

static u64 hvctl_nl_u64(struct nlattr *tb[], int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

/* A partition message: parse it and hand it to reply->fn. */
static int hvctl_nl_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[HVPART_A_PARTITION_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct hvctl_nl_reply *reply = arg;
	struct hvctl_partition p;
	struct genlmsghdr *gnlh;
	int ret;

	if (!genlmsg_valid_hdr(nlh, 0))
		goto err_bad;
	gnlh = genlmsg_hdr(nlh);
	switch (gnlh->cmd) {
	case HVPART_CMD_PARTITION_GET:
	case HVPART_CMD_PARTITION_CREATE_NTF:
	case HVPART_CMD_PARTITION_STATE_NTF:
	case HVPART_CMD_PARTITION_DELETE_NTF:
		break;
	default:
		return NL_SKIP;		/* a command of a newer module */
	}
	if (genlmsg_parse(nlh, 0, tb, HVPART_A_PARTITION_MAX,
			  hvctl_nl_policy) < 0 ||
	    !tb[HVPART_A_PARTITION_ID] || !tb[HVPART_A_PARTITION_STATE])
		goto err_bad;

	memset(&p, 0, sizeof(p));
	p.id = nla_get_u64(tb[HVPART_A_PARTITION_ID]);
	p.state = nla_get_u32(tb[HVPART_A_PARTITION_STATE]);
	p.flags = hvctl_nl_u64(tb, HVPART_A_PARTITION_FLAGS);
	p.compat_version = hvctl_nl_u32(tb, HVPART_A_PARTITION_COMPAT_VERSION,
					0);
	p.proximity_domain =
		hvctl_nl_u32(tb, HVPART_A_PARTITION_PROXIMITY_DOMAIN, 0);
	p.proximity_flags =
		hvctl_nl_u32(tb, HVPART_A_PARTITION_PROXIMITY_FLAGS, 0);
	p.disabled[0] = hvctl_nl_u64(tb, HVPART_A_PARTITION_DISABLED_FEATURES0);
	p.disabled[1] = hvctl_nl_u64(tb, HVPART_A_PARTITION_DISABLED_FEATURES1);
	p.disabled[HVC_BANK_XSAVE] =
		hvctl_nl_u64(tb, HVPART_A_PARTITION_DISABLED_XSAVE);
	p.has_identity = tb[HVPART_A_PARTITION_OWNER_UID] != NULL;
	p.owner_uid = hvctl_nl_u32(tb, HVPART_A_PARTITION_OWNER_UID, 0);
	p.creator_pid = hvctl_nl_u32(tb, HVPART_A_PARTITION_CREATOR_PID, 0);
	p.create_time_ns = hvctl_nl_u64(tb, HVPART_A_PARTITION_CREATE_TIME);
	p.numa_node = tb[HVPART_A_PARTITION_NUMA_NODE] ?
		nla_get_s32(tb[HVPART_A_PARTITION_NUMA_NODE]) : -1;
	p.vm_attached = tb[HVPART_A_PARTITION_VM_ATTACHED] &&
		nla_get_u8(tb[HVPART_A_PARTITION_VM_ATTACHED]);

	ret = reply->fn(&p, gnlh->cmd, reply->arg);
	if (!ret)
		return NL_OK;
	if (ret < 0)
		reply->local = ret;
	reply->done = true;
	return NL_STOP;

err_bad:
	reply->local = -EBADMSG;
	reply->done = true;
	return NL_STOP;
}

/* Events carry sequence number 0: accept any. */
static int hvctl_nl_seq_any(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/**
 * hvctl_nl_cb() - the callbacks that fill a reply
 * @reply: what they fill; its @fn gets each partition.
 * @events: for multicast events rather than the answer to a request: no
 *	sequence number check.
 *
 * Return: the callbacks (nl_cb_put() them), or NULL when out of memory.
 */
struct nl_cb *hvctl_nl_cb(struct hvctl_nl_reply *reply, bool events)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	if (events)
		nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, hvctl_nl_seq_any,
			  NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, hvctl_nl_valid, reply);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, hvctl_nl_finish, reply);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, hvctl_nl_ack, reply);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, hvctl_nl_dump_intr, reply);
	nl_cb_err(cb, NL_CB_CUSTOM, hvctl_nl_error, reply);
	return cb;
}

/**
 * hvctl_nl_get() - partition-get, as a do or a dump
 * @nl: the socket.
 * @id: the partition for a do; NULL for a dump of them all.
 * @reply: @fn and @arg set by the caller; the rest is filled here.
 *
 * Return: 0 when the kernel answered, whether with partitions or an
 * error (in @reply); a negative libnl error when the request could not
 * be sent or the answer not read.
 */
int hvctl_nl_get(struct hvctl_nl *nl, const u64 *id,
		 struct hvctl_nl_reply *reply)
{
	struct nl_msg *msg;
	struct nl_cb *cb;
	int ret;

	reply->done = false;
	reply->interrupted = false;
	reply->error = 0;
	reply->msg[0] = '\0';
	reply->local = 0;

	msg = nlmsg_alloc();
	if (!msg)
		return -NLE_NOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 id ? 0 : NLM_F_DUMP, HVPART_CMD_PARTITION_GET,
			 HVPART_GENL_VERSION) ||
	    (id && nla_put_u64(msg, HVPART_A_PARTITION_ID, *id) < 0)) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	cb = hvctl_nl_cb(reply, false);
	if (!cb) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	ret = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	/* A do ends with its ACK, a dump with NLMSG_DONE; either with an error. */
	while (ret >= 0 && !reply->done) {
		ret = nl_recvmsgs(nl->sk, cb);
		if (reply->done)
			ret = 0;
	}
	nl_cb_put(cb);
	return ret < 0 ? ret : 0;
}

/**
 * hvctl_nl_strerror() - the text of a libnl error
 * @err: a negative libnl error code.
 *
 * Return: its text.
 */
const char *hvctl_nl_strerror(int err)
{
	return nl_geterror(err);
}

/**
 * hvctl_nl_fail() - report a failed request
 * @what: the command and its object, e.g. "show 7".
 * @reply: the reply.
 *
 * The kernel's extended ACK message when it gave one, else its errno.
 *
 * Return: HVCTL_EXIT_FAILED when the partition does not exist,
 * HVCTL_EXIT_SYSTEM for any other error.
 */
int hvctl_nl_fail(const char *what, const struct hvctl_nl_reply *reply)
{
	if (reply->local == -EBADMSG) {
		hvctl_err("%s: malformed message from the hvpart module", what);
		return HVCTL_EXIT_SYSTEM;
	}
	if (reply->local) {
		hvctl_err("%s: %s", what, strerror(-reply->local));
		return HVCTL_EXIT_SYSTEM;
	}
	if (reply->msg[0])
		hvctl_err("%s: %s", what, reply->msg);
	else if (reply->error == ENOENT)
		hvctl_err("%s: no such partition", what);
	else
		hvctl_err("%s: %s", what, strerror(reply->error));
	return reply->error == ENOENT ? HVCTL_EXIT_FAILED : HVCTL_EXIT_SYSTEM;
}
