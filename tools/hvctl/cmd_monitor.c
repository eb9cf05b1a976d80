// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl monitor: the events of the "monitor" multicast group of the
 * hvpart generic netlink family, one line (or JSON object) each, until
 * SIGINT or SIGTERM, or --count events.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "hvctl.h"
#include "print.h"

/*
 * Events are queued until hvctl reads them; a burst bigger than this is
 * lost (ENOBUFS), which monitor reports and survives.  Without
 * CAP_NET_ADMIN the kernel caps it at net.core.rmem_max.
 */
#define MONITOR_RCVBUF		(4 << 20)

#define NS_PER_SEC		1000000000ULL

enum {
	OPT_COUNT = 256,
};

static const struct option monitor_options[] = {
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "timestamp", no_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 },
};

static void monitor_usage(void)
{
	printf("Usage: %s monitor [-j [-p]] [-t] [--count N]\n\n", PROG_NAME);
	puts("Print the events of the hvpart module's partitions as they happen, from\n"
	     "the \"monitor\" group of the generic netlink family \"hvpart\", until\n"
	     "interrupted (SIGINT or SIGTERM: exit 0).  Any user may monitor.\n"
	     "\n"
	     "  --count N      exit 0 after N events (N >= 1)\n"
	     "  -t, --timestamp\n"
	     "                 each event with the time hvctl received it: text\n"
	     "                 '[2026-12-05T20:53:29.123456Z] ' (UTC) before the line,\n"
	     "                 JSON \"timestamp_ns\" (CLOCK_REALTIME) first\n"
	     "  -j, --json     one JSON object per event, on a line of its own\n"
	     "  -p, --pretty   with -j, indent the JSON (an object spans lines)\n"
	     "\n"
	     "Events: create (a partition was created), state (it was initialized or\n"
	     "finalized, or lost its VM), delete (it was deleted; its state is\n"
	     "'deleted').  Each carries the partition as it is after the event,\n"
	     "without owner_uid and creator_pid: events go to every listener, so\n"
	     "they name nobody ('hvctl show ID' does, in your namespaces).\n"
	     "\n"
	     "Text: 'EVENT id=N state=S numa_node=N|any vm_attached=yes|no flags=F',\n"
	     "with F as in list.  JSON: {\"event\": EVENT, then the keys of show but\n"
	     "owner_uid and creator_pid}.  Output is flushed after each event.");
}

struct monitor_state {
	unsigned long long count;	/* events left to print, 0: no limit */
	bool timestamp;			/* -t: each event with its time */
	int ret;			/* an exit code, once output failed */
};

/* Now, CLOCK_REALTIME in nanoseconds; never 0 (that is "no time"). */
static u64 monitor_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts))
		return 1;
	return (u64)ts.tv_sec * NS_PER_SEC + (u64)ts.tv_nsec;
}

static const char *monitor_event_name(u8 cmd)
{
	switch (cmd) {
	case HVPART_CMD_PARTITION_CREATE_NTF:
		return "create";
	case HVPART_CMD_PARTITION_STATE_NTF:
		return "state";
	case HVPART_CMD_PARTITION_DELETE_NTF:
		return "delete";
	default:
		return NULL;
	}
}

static int monitor_event(const struct hvctl_partition *p, u8 cmd, void *arg)
{
	struct monitor_state *m = arg;
	const char *event = monitor_event_name(cmd);

	if (!event)
		return 0;
	hvctl_print_partition(p, HVCTL_VIEW_EVENT, event,
			      m->timestamp ? monitor_now() : 0);
	m->ret = hvctl_flush_stdout("monitor");
	if (m->ret)
		return -EIO;
	if (m->count && !--m->count)
		return 1;
	return 0;
}

/* SIGINT and SIGTERM as a descriptor to poll, so a signal ends cleanly. */
static int monitor_signalfd(void)
{
	sigset_t mask;
	int fd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		return -1;
	fd = signalfd(-1, &mask, SFD_CLOEXEC);
	return fd;
}

static int monitor_subscribe(struct hvctl_nl *nl)
{
	int grp, ret;

	grp = genl_ctrl_resolve_grp(nl->sk, HVPART_GENL_NAME,
				    HVPART_MCGRP_MONITOR);
	if (grp < 0) {
		hvctl_err("monitor: no multicast group \"%s\" in the generic netlink family \"%s\": %s",
			  HVPART_MCGRP_MONITOR, HVPART_GENL_NAME,
			  nl_geterror(grp));
		return grp == -NLE_OBJ_NOTFOUND ? HVCTL_EXIT_DEVICE :
						  HVCTL_EXIT_SYSTEM;
	}
	ret = nl_socket_add_membership(nl->sk, grp);
	if (ret < 0) {
		hvctl_err("monitor: cannot join the multicast group \"%s\": %s",
			  HVPART_MCGRP_MONITOR, nl_geterror(ret));
		return HVCTL_EXIT_SYSTEM;
	}
	ret = nl_socket_set_nonblocking(nl->sk);
	if (ret < 0) {
		hvctl_err("monitor: %s", nl_geterror(ret));
		return HVCTL_EXIT_SYSTEM;
	}
	return HVCTL_EXIT_OK;
}

/* Print events until a signal, --count or a failure: the exit code. */
static int monitor_loop(struct hvctl_nl *nl, int sigfd,
			struct hvctl_nl_reply *reply)
{
	struct monitor_state *m = reply->arg;
	struct pollfd pfd[2] = {
		{ .fd = nl_socket_get_fd(nl->sk), .events = POLLIN },
		{ .fd = sigfd, .events = POLLIN },
	};
	struct nl_cb *cb;
	int ret = HVCTL_EXIT_OK;

	cb = hvctl_nl_cb(reply, true);
	if (!cb) {
		hvctl_err("monitor: out of memory");
		return HVCTL_EXIT_SYSTEM;
	}
	while (!reply->done) {
		if (poll(pfd, ARRAY_SIZE(pfd), -1) < 0) {
			if (errno == EINTR)
				continue;
			hvctl_err("monitor: poll: %s", strerror(errno));
			ret = HVCTL_EXIT_SYSTEM;
			break;
		}
		if (pfd[1].revents)
			break;			/* SIGINT or SIGTERM */
		if (!(pfd[0].revents & (POLLIN | POLLERR)))
			continue;
		ret = nl_recvmsgs(nl->sk, cb);
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the queue overflowed; go on from here. */
			hvctl_err("monitor: events were lost: the receive buffer overflowed");
			ret = HVCTL_EXIT_OK;
		} else if (reply->local) {
			ret = m->ret ? m->ret : hvctl_nl_fail("monitor", reply);
			break;
		} else if (ret < 0) {
			hvctl_err("monitor: %s", nl_geterror(ret));
			ret = HVCTL_EXIT_SYSTEM;
			break;
		}
		ret = HVCTL_EXIT_OK;
	}
	nl_cb_put(cb);
	return ret;
}

static int monitor_option(int c, const char *arg, void *ctx)
{
	struct monitor_state *m = ctx;
	u64 count;

	if (c == 't') {
		m->timestamp = true;
		return 0;
	}
	if (hvctl_parse_u64(arg, &count) || !count) {
		hvctl_err("monitor: bad count '%s' (want a number of events, 1 or more)",
			  arg);
		return HVCTL_EXIT_USAGE;
	}
	m->count = count;
	return 0;
}

static const struct hvctl_cmd_opts monitor_opts = {
	.cmd = "monitor",
	.json = true,
	.shorts = "t",
	.longs = monitor_options,
	.usage = monitor_usage,
	.option = monitor_option,
};

int monitor_main(int argc, char *argv[])
{
	struct monitor_state m = { 0, false, HVCTL_EXIT_OK };
	struct hvctl_nl_reply reply;
	struct hvctl_nl nl;
	int ret, sigfd;

	ret = hvctl_opts_parse(&monitor_opts, argc, argv, &m);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;

	ret = hvctl_nl_open("monitor", &nl, MONITOR_RCVBUF);
	if (ret)
		return ret;
	ret = monitor_subscribe(&nl);
	if (ret)
		goto out;
	sigfd = monitor_signalfd();
	if (sigfd < 0) {
		hvctl_err("monitor: signalfd: %s", strerror(errno));
		ret = HVCTL_EXIT_SYSTEM;
		goto out;
	}

	memset(&reply, 0, sizeof(reply));
	reply.fn = monitor_event;
	reply.arg = &m;
	ret = monitor_loop(&nl, sigfd, &reply);
	close(sigfd);
out:
	hvctl_nl_close(&nl);
	return ret;
}
