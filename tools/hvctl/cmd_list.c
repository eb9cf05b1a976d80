// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl list and show: partition-get of the hvpart generic netlink family,
 * as a dump and as a do, in text or JSON (print.c).
 *
 * hvctl_print_partition() is the one place a partition is printed: list,
 * show and monitor lay it out differently in text, but their JSON objects
 * have the same keys, in the same order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hvctl.h"
#include "print.h"

/* Receive buffer: a dump only needs room for one message at a time. */
#define LIST_RCVBUF		(1 << 20)

/*
 * A dump flagged NLM_F_DUMP_INTR raced with a create or delete: it may
 * have missed a partition or shown a deleted one.  list then dumps again,
 * up to this many times in all, so that what it prints is one consistent
 * table; if the table never stops changing, it prints the last dump with
 * a warning, as iproute2 does.
 */
#define LIST_DUMP_TRIES		5

#define NS_PER_SEC		1000000000ULL

static const char *const show_args[] = { "partition ID" };

/**
 * hvctl_state_name() - the name of an enum hvpart_partition_state
 * @state: the state.
 *
 * Return: "created", "initialized", "finalized", "deleted" or "unknown".
 */
const char *hvctl_state_name(u32 state)
{
	switch (state) {
	case HVPART_PARTITION_STATE_CREATED:
		return "created";
	case HVPART_PARTITION_STATE_INITIALIZED:
		return "initialized";
	case HVPART_PARTITION_STATE_FINALIZED:
		return "finalized";
	case HVPART_PARTITION_STATE_DELETED:
		return "deleted";
	default:
		return "unknown";
	}
}

/**
 * hvctl_iso_time() - a CLOCK_REALTIME time as ISO 8601 in UTC
 * @ns: the time in nanoseconds.
 * @digits: the fraction of a second: 0, 6 (microseconds) or 9.
 * @buf: where to write it, e.g. "2026-12-05T20:53:29.123456Z".
 * @len: size of @buf.
 */
void hvctl_iso_time(u64 ns, unsigned int digits, char *buf, size_t len)
{
	time_t t = (time_t)(ns / NS_PER_SEC);
	struct tm tm;
	size_t n;

	n = gmtime_r(&t, &tm) ?
		strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm) : 0;
	if (!n) {
		snprintf(buf, len, "-");
		return;
	}
	if (digits == 9)
		snprintf(buf + n, len - n, ".%09lluZ",
			 (unsigned long long)(ns % NS_PER_SEC));
	else if (digits == 6)
		snprintf(buf + n, len - n, ".%06lluZ",
			 (unsigned long long)(ns % NS_PER_SEC / 1000));
	else
		snprintf(buf + n, len - n, "Z");
}

/* The text format of a field in @view; NULL where the view omits it. */
static const char *vf(enum hvctl_view view, const char *list,
		      const char *show, const char *event)
{
	switch (view) {
	case HVCTL_VIEW_LIST:
		return list;
	case HVCTL_VIEW_SHOW:
		return show;
	default:
		return event;
	}
}

/**
 * hvctl_print_partition() - print a partition, in text or JSON
 * @p: the partition.
 * @view: its text layout.
 * @event: for monitor, the event: "create", "state" or "delete"; NULL
 *	otherwise.
 * @stamp_ns: for monitor -t, when the event came (CLOCK_REALTIME); 0
 *	for none.
 *
 * JSON: one object with the keys below (event and its time first, for
 * monitor).  The keys are the YNL attribute names of
 * Documentation/netlink/specs/hvpart.yaml with '_' for '-', but for
 * those Documentation/hvctl.rst section 4 maps.
 */
void hvctl_print_partition(const struct hvctl_partition *p,
			   enum hvctl_view view, const char *event,
			   u64 stamp_ns)
{
	char flags[512], names[512], text[600], created[48];
	/* JSON has no use for the text columns: they are not formatted. */
	bool tx = !print_is_json();
	const char *compat;
	unsigned int bit;

	print_open_object(NULL);
	if (stamp_ns) {
		hvctl_iso_time(stamp_ns, 6, created, sizeof(created));
		print_string(PRINT_TEXT, NULL, "[%s] ", created);
		print_u64(PRINT_JSON, "timestamp_ns", NULL, stamp_ns);
	}
	if (event)
		print_string(PRINT_ANY, "event", "%s", event);
	print_u64(PRINT_ANY, "id", vf(view, "%-8llu ", "id: %llu\n", " id=%llu"),
		  p->id);
	print_string(PRINT_ANY, "state",
		     vf(view, "%-11s ", "state: %s\n", " state=%s"),
		     hvctl_state_name(p->state));

	print_u64(PRINT_JSON, "flags", NULL, p->flags);
	print_open_array("flag_names");
	for (bit = 0; bit < 64; bit++) {
		if (!(p->flags & (1ULL << bit)))
			continue;
		hvctl_bit_names(1ULL << bit, hvc_creation_flag_names,
				hvc_creation_flag_count, names, sizeof(names));
		print_string(PRINT_JSON, NULL, NULL, names);
	}
	print_close_array();
	if (tx) {
		hvctl_bit_names(p->flags, hvc_creation_flag_names,
				hvc_creation_flag_count, flags, sizeof(flags));
		snprintf(text, sizeof(text), "0x%llx%s%s",
			 (unsigned long long)p->flags, flags[0] ? " " : "",
			 flags);
		print_string(PRINT_TEXT, NULL,
			     vf(view, NULL, "flags: %s\n", NULL), text);
	}

	print_u64(PRINT_JSON, "compatibility_version", NULL, p->compat_version);
	if (tx) {
		compat = hvc_name_of(hvc_compat_version_names,
				     hvc_compat_version_count,
				     p->compat_version);
		snprintf(text, sizeof(text), "0x%04x %s", p->compat_version,
			 compat ? compat : "unknown");
		print_string(PRINT_TEXT, NULL,
			     vf(view, NULL, "compatibility_version: %s\n", NULL),
			     text);
	}

	print_u64(PRINT_ANY, "proximity_domain",
		  vf(view, NULL, "proximity_domain: %llu\n", NULL),
		  p->proximity_domain);
	print_u64(PRINT_JSON, "proximity_flags", NULL, p->proximity_flags);
	if (tx) {
		hvctl_bit_names(p->proximity_flags, hvctl_proximity_flag_names,
				hvctl_proximity_flag_count, names,
				sizeof(names));
		snprintf(text, sizeof(text), "0x%08x%s%s", p->proximity_flags,
			 names[0] ? " " : "", names);
		print_string(PRINT_TEXT, NULL,
			     vf(view, NULL, "proximity_flags: %s\n", NULL),
			     text);
	}

	print_open_array("disabled_features");
	print_u64(PRINT_JSON, NULL, NULL, p->disabled[0]);
	print_u64(PRINT_JSON, NULL, NULL, p->disabled[1]);
	print_close_array();
	if (tx) {
		snprintf(text, sizeof(text), "0x%016llx 0x%016llx",
			 (unsigned long long)p->disabled[0],
			 (unsigned long long)p->disabled[1]);
		print_string(PRINT_TEXT, NULL,
			     vf(view, NULL, "disabled_features: %s\n", NULL),
			     text);
	}
	print_u64(PRINT_ANY, "disabled_xsave",
		  vf(view, NULL, "disabled_xsave: 0x%016llx\n", NULL),
		  p->disabled[HVC_BANK_XSAVE]);

	/* Events carry no identities (Documentation/netlink.rst). */
	if (p->has_identity) {
		print_u64(PRINT_ANY, "owner_uid",
			  vf(view, "%-7llu ", "owner_uid: %llu\n",
			     " owner_uid=%llu"),
			  p->owner_uid);
		print_u64(PRINT_ANY, "creator_pid",
			  vf(view, NULL, "creator_pid: %llu\n", NULL),
			  p->creator_pid);
	}
	print_u64(PRINT_JSON, "create_time_ns", NULL, p->create_time_ns);
	if (tx) {
		hvctl_iso_time(p->create_time_ns, 9, created, sizeof(created));
		print_string(PRINT_TEXT, NULL,
			     vf(view, NULL, "created: %s\n", NULL), created);
	}

	print_s64(PRINT_JSON, "numa_node", NULL, p->numa_node);
	if (tx) {
		if (p->numa_node < 0)
			snprintf(text, sizeof(text), "any");
		else
			snprintf(text, sizeof(text), "%d", p->numa_node);
		print_string(PRINT_TEXT, NULL,
			     vf(view, "%-4s ", "numa_node: %s\n",
				" numa_node=%s"), text);
	}
	print_bool(PRINT_ANY, "vm_attached",
		   vf(view, "%-3s ", "vm_attached: %s\n", " vm_attached=%s"),
		   p->vm_attached);

	if (tx) {
		/* The variable-width columns of list last, on any line. */
		hvctl_iso_time(p->create_time_ns, 0, created, sizeof(created));
		print_string(PRINT_TEXT, NULL, vf(view, "%-20s ", NULL, NULL),
			     created);
		/* Names when every bit has one, else the number. */
		if (!p->flags ||
		    !hvctl_bits_named(p->flags, hvc_creation_flag_names,
				      hvc_creation_flag_count))
			snprintf(text, sizeof(text), "0x%llx",
				 (unsigned long long)p->flags);
		else
			snprintf(text, sizeof(text), "%s", flags);
		print_string(PRINT_TEXT, NULL,
			     vf(view, "%s\n", NULL, " flags=%s\n"), text);
	}
	print_close_object();
}

/**
 * hvctl_flush_stdout() - flush stdout, reporting a failure
 * @cmd: the command, for the message.
 *
 * Return: HVCTL_EXIT_OK, or HVCTL_EXIT_SYSTEM with an error printed.
 */
int hvctl_flush_stdout(const char *cmd)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return HVCTL_EXIT_OK;
	hvctl_err("%s: cannot write the output: %s", cmd, strerror(errno));
	return HVCTL_EXIT_SYSTEM;
}

static void list_usage(void)
{
	printf("Usage: %s list [-j [-p]]\n\n", PROG_NAME);
	puts("List every partition of the hvpart module, in id order, from a dump of\n"
	     "the generic netlink family \"hvpart\".  Any user may list.\n"
	     "\n"
	     "  -j, --json     a JSON array of objects, one per partition (see show)\n"
	     "  -p, --pretty   with -j, indent the JSON\n"
	     "\n"
	     "Text: a heading, then a line per partition (nothing when there is\n"
	     "none) with the columns\n"
	     "  ID STATE OWNER NODE VM CREATED FLAGS\n"
	     "OWNER is the owner's uid, NODE the NUMA node ('any' or a number), VM\n"
	     "yes while the partition holds a KVM VM, CREATED the creation time in\n"
	     "UTC (ISO 8601), FLAGS the creation flags by name, comma-separated, or\n"
	     "as a 0x number when one has no name.\n"
	     "\n"
	     "A dump that ran while partitions were created or deleted is repeated\n"
	     "(up to 5 times in all), so the list is one consistent snapshot.");
}

/* The partitions of a dump, in the order they came. */
struct list_table {
	struct hvctl_partition *p;
	size_t count;
	size_t size;
};

static int list_add(const struct hvctl_partition *p, u8 cmd, void *arg)
{
	struct list_table *t = arg;
	struct hvctl_partition *grown;

	if (cmd != HVPART_CMD_PARTITION_GET)
		return 0;
	if (t->count == t->size) {
		size_t size = t->size ? t->size * 2 : 1024;

		grown = reallocarray(t->p, size, sizeof(*t->p));
		if (!grown)
			return -ENOMEM;
		t->p = grown;
		t->size = size;
	}
	t->p[t->count++] = *p;
	return 0;
}

static const struct hvctl_cmd_opts list_opts = {
	.cmd = "list",
	.json = true,
	.usage = list_usage,
};

int list_main(int argc, char *argv[])
{
	struct list_table table = { NULL, 0, 0 };
	struct hvctl_nl_reply reply;
	struct hvctl_nl nl;
	int ret, tries;
	size_t i;

	ret = hvctl_opts_parse(&list_opts, argc, argv, NULL);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;

	ret = hvctl_nl_open("list", &nl, LIST_RCVBUF);
	if (ret)
		return ret;
	memset(&reply, 0, sizeof(reply));
	reply.fn = list_add;
	reply.arg = &table;
	for (tries = 1; ; tries++) {
		table.count = 0;
		ret = hvctl_nl_get(&nl, NULL, &reply);
		if (ret < 0) {
			hvctl_err("list: partition-get dump: %s",
				  hvctl_nl_strerror(ret));
			ret = HVCTL_EXIT_SYSTEM;
			goto out;
		}
		if (reply.error || reply.local) {
			ret = hvctl_nl_fail("list", &reply);
			goto out;
		}
		if (!reply.interrupted || tries == LIST_DUMP_TRIES)
			break;
	}
	if (reply.interrupted)
		hvctl_err("list: partitions were created or deleted during each of %d dumps: this one may be inconsistent",
			  LIST_DUMP_TRIES);

	print_open_array(NULL);
	if (!print_is_json() && table.count)
		printf("%-8s %-11s %-7s %-4s %-3s %-20s %s\n", "ID", "STATE",
		       "OWNER", "NODE", "VM", "CREATED", "FLAGS");
	for (i = 0; i < table.count; i++)
		hvctl_print_partition(&table.p[i], HVCTL_VIEW_LIST, NULL, 0);
	print_close_array();
	ret = hvctl_flush_stdout("list");
out:
	free(table.p);
	hvctl_nl_close(&nl);
	return ret;
}

static void show_usage(void)
{
	printf("Usage: %s show [-j [-p]] ID\n\n", PROG_NAME);
	puts("Print one partition, from partition-get of the generic netlink family\n"
	     "\"hvpart\".  Any user may show any partition.\n"
	     "\n"
	     "  ID             the partition id, decimal or 0x hex\n"
	     "  -j, --json     a JSON object\n"
	     "  -p, --pretty   with -j, indent the JSON\n"
	     "\n"
	     "Text: 'key: value' lines.  JSON keys, stable, the netlink attribute\n"
	     "names (Documentation/netlink/specs/hvpart.yaml) with '_' for '-' but\n"
	     "where noted:\n"
	     "  id, state (created, initialized, finalized or deleted), flags,\n"
	     "  flag_names (array; no attribute), compatibility_version\n"
	     "  (compat-version), proximity_domain, proximity_flags, disabled_features\n"
	     "  ([disabled-features0, disabled-features1]), disabled_xsave, owner_uid,\n"
	     "  creator_pid, create_time_ns (create-time; CLOCK_REALTIME), numa_node\n"
	     "  (-1: any), vm_attached (boolean).  Numbers are printed exactly; the\n"
	     "  64-bit ones (flags, feature banks, xsave) can exceed 2^53.\n"
	     "\n"
	     "Exits 1 when there is no such partition.");
}

struct show_result {
	struct hvctl_partition p;
	bool found;
};

static int show_store(const struct hvctl_partition *p, u8 cmd, void *arg)
{
	struct show_result *r = arg;

	if (cmd != HVPART_CMD_PARTITION_GET)
		return 0;
	r->p = *p;
	r->found = true;
	return 0;		/* then the ACK ends the request */
}

static const struct hvctl_cmd_opts show_opts = {
	.cmd = "show",
	.json = true,
	.args = show_args,
	.min_args = 1,
	.max_args = 1,
	.usage = show_usage,
};

int show_main(int argc, char *argv[])
{
	struct show_result part;
	struct hvctl_nl_reply reply;
	struct hvctl_nl nl;
	char what[48];
	int ret;
	u64 id;

	ret = hvctl_opts_parse(&show_opts, argc, argv, NULL);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;
	if (hvctl_partition_arg("show", argv[optind], &id))
		return HVCTL_EXIT_USAGE;
	snprintf(what, sizeof(what), "show ");
	hvctl_partition_name(id, what + 5, sizeof(what) - 5);

	ret = hvctl_nl_open("show", &nl, LIST_RCVBUF);
	if (ret)
		return ret;
	memset(&reply, 0, sizeof(reply));
	memset(&part, 0, sizeof(part));
	reply.fn = show_store;
	reply.arg = &part;
	ret = hvctl_nl_get(&nl, &id, &reply);
	hvctl_nl_close(&nl);
	if (ret < 0) {
		hvctl_err("%s: partition-get: %s", what, hvctl_nl_strerror(ret));
		return HVCTL_EXIT_SYSTEM;
	}
	if (reply.error || reply.local)
		return hvctl_nl_fail(what, &reply);
	if (!part.found) {
		hvctl_err("%s: the hvpart module sent no partition", what);
		return HVCTL_EXIT_SYSTEM;
	}

	hvctl_print_partition(&part.p, HVCTL_VIEW_SHOW, NULL, 0);
	return hvctl_flush_stdout("show");
}
