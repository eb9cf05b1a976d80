/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvctl: drive /dev/hvpart from the command line.
 *
 * One file per command or group of commands (cmd_*.c), the command table
 * and global options in hvctl.c, every command's option parsing in
 * opts.c (one getopt_long() loop over a per-command table), shared
 * helpers in util.c, the generic netlink side (libnl-genl) in nl.c, text
 * and JSON output in print.c.
 * Every command returns one of the documented exit codes below; errors
 * are one line on stderr, and hvctl_report() words a call's failure the
 * same way for all.
 */
#ifndef HVCTL_H
#define HVCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "hvpart_codec.h"

#define PROG_NAME		"hvctl"
#define HVCTL_DEFAULT_DEVICE	"/dev/hvpart"
#define HVCTL_NODE_DIR		"/sys/devices/system/node"

/*
 * hvctl for an arm64 kernel (a 32-bit ARM build runs on one too): there
 * the CPU-feature view is HVPART_GET_VCPU_INIT's, HVPART_GET_CPUID ENOTTY.
 */
#if defined(__aarch64__) || defined(__arm__)
#define HVCTL_ARM64		1
#endif

/* Set before a typed ioctl: a status the kernel never writes back. */
#define HVCTL_STATUS_SENTINEL	0xffffffffU

/* Room for hvctl_feature_names(): 64 names of under 40 bytes each. */
#define HVCTL_FEATURE_NAMES_LEN	(64 * 40)

/*
 * How every output names a set bit that has no name: flags, features,
 * XCR0 components, in text and JSON alike.  The parsers take it back
 * (hvctl_parse_bit()).
 */
#define HVCTL_UNNAMED_BIT	"bit%u"

/* What to do when the module is missing, for every message that says so. */
#define HVCTL_HINT_NOT_LOADED	"hvpart module not loaded? sudo modprobe hvpart"
#define HVCTL_HINT_NO_KVM	"kvm module not loaded? sudo modprobe kvm_intel or kvm_amd"

/* The version of hvctl: VERSION, passed by the Makefile. */
#ifndef HVPART_VERSION
#define HVPART_VERSION		"unknown"
#endif
#define HVCTL_MODULE_VERSION	"/sys/module/hvpart/version"
#define HVCTL_MODULE_DIR	"/sys/module/hvpart"

/* Exit codes: documented in `hvctl help`, keep them stable. */
enum hvctl_exit {
	HVCTL_EXIT_OK = 0,	/* success */
	HVCTL_EXIT_FAILED = 1,	/* failure HV_STATUS, decode: page invalid,
				 * show: no such partition, init: no /dev/kvm
				 */
	HVCTL_EXIT_USAGE = 2,	/* bad command, option, argument or hex input */
	HVCTL_EXIT_DEVICE = 3,	/* device or netlink family missing, or device
				 * not accessible
				 */
	HVCTL_EXIT_SYSTEM = 4,	/* any other system error */
};

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))
#endif

/**
 * struct hvctl_call - one call of a command, as hvctl_report() sees it
 * @cmd: the command name, e.g. "init".
 * @ioctl_name: the ioctl issued, e.g. "HVPART_INITIALIZE_PARTITION".
 * @id: the partition the call names.
 * @state_need: the partition state(s) the call needs, for the
 *	INVALID_PARTITION_STATE message; NULL when the call has none.
 * @kvm: the call needs KVM: explain NO_RESOURCES and ENODEV that way.
 * @ret: what ioctl() returned.
 * @err: errno after ioctl(), 0 unless @ret is negative.
 * @status: the HV_STATUS written back, HVCTL_STATUS_SENTINEL when the
 *	call was not dispatched.
 */
struct hvctl_call {
	const char *cmd;
	const char *ioctl_name;
	u64 id;
	const char *state_need;
	bool kvm;
	int ret;
	int err;
	u32 status;
};

/**
 * struct hvctl_partition - a partition as the netlink family reports it
 * @id: HVPART_A_PARTITION_ID.
 * @state: enum hvpart_partition_state.
 * @flags: creation flags.
 * @compat_version: compatibility version.
 * @proximity_domain: proximity domain id.
 * @proximity_flags: proximity domain flags.
 * @disabled: disabled processor features banks 0 and 1, then the
 *	disabled XSAVE features, as they are now.
 * @has_identity: the message named the owner and the creator (replies
 *	do, in the asker's namespaces; events do not).
 * @owner_uid: the owner, in hvctl's user namespace.
 * @creator_pid: the creating process, in hvctl's pid namespace (0: not
 *	visible there).
 * @create_time_ns: creation time, CLOCK_REALTIME in nanoseconds.
 * @numa_node: the NUMA node, -1 for any.
 * @vm_attached: the partition holds a KVM VM.
 */
struct hvctl_partition {
	u64 id;
	u32 state;
	u64 flags;
	u32 compat_version;
	u32 proximity_domain;
	u32 proximity_flags;
	u64 disabled[HVC_BANKS];
	bool has_identity;
	u32 owner_uid;
	u32 creator_pid;
	u64 create_time_ns;
	int numa_node;
	bool vm_attached;
};

struct nl_sock;
struct option;

/**
 * struct hvctl_nl - a generic netlink socket bound to the hvpart family
 * @sk: the libnl socket.
 * @family: the family id.
 */
struct hvctl_nl {
	struct nl_sock *sk;
	int family;
};

/**
 * struct hvctl_nl_reply - what came back for a request, or on the group
 * @fn: called for each partition message with the HVPART_CMD_* it came
 *	with; returns 0 to go on, 1 to stop receiving (done), or a negative
 *	errno to fail.
 * @arg: passed to @fn.
 * @done: the request was answered (ACK, NLMSG_DONE or an error), or @fn
 *	stopped.
 * @interrupted: the dump was flagged NLM_F_DUMP_INTR: a partition was
 *	created or deleted while it ran.
 * @error: the kernel's errno, positive; 0 when it reported none.
 * @msg: the kernel's extended ACK message, "" when it gave none.
 * @local: a negative errno from @fn, or -EBADMSG for a message that did
 *	not parse; 0 when none.
 */
struct hvctl_nl_reply {
	int (*fn)(const struct hvctl_partition *p, u8 cmd, void *arg);
	void *arg;
	bool done;
	bool interrupted;
	int error;
	char msg[256];
	int local;
};

/* How hvctl_print_partition() lays a partition out in text. */
enum hvctl_view {
	HVCTL_VIEW_LIST,	/* one line, in the columns of list */
	HVCTL_VIEW_SHOW,	/* 'key: value' lines */
	HVCTL_VIEW_EVENT,	/* one 'EVENT key=value...' line */
};

/* hvctl_opts_parse(): the command line is good, the command goes on. */
#define HVCTL_OPTS_GO_ON	(-1)

/**
 * struct hvctl_cmd_opts - what a command takes on its command line
 * @cmd: the command name.
 * @device: it opens the device, so takes --device PATH after its name.
 * @json: it prints JSON with -j; without, -j and -p are refused.
 * @in_order: options end at the first argument ("+" of getopt), so that
 *	one may start with '-'.
 * @shorts: its own short options, getopt style; NULL for none.
 * @longs: its own long options, NULL-terminated; NULL for none.  Their
 *	values must not be 'j', 'p', 'h' or 0x1000.
 * @args: the names of its arguments, in order, for "missing" errors.
 * @min_args: how many it needs.
 * @max_args: how many it takes.
 * @usage: prints its help on stdout.
 * @option: handles one of its own options (@c as getopt_long() returned
 *	it, @arg its argument or NULL); returns 0 or an exit code, with the
 *	error printed.
 */
struct hvctl_cmd_opts {
	const char *cmd;
	bool device;
	bool json;
	bool in_order;
	const char *shorts;
	const struct option *longs;
	const char *const *args;
	int min_args;
	int max_args;
	void (*usage)(void);
	int (*option)(int c, const char *arg, void *ctx);
};

/* The device path: --device, before or after the command. */
extern const char *hvctl_device;
/* -j/--json and -p/--pretty, before or after the command. */
extern bool hvctl_json;
extern bool hvctl_pretty;
extern const struct hvc_name hvctl_proximity_flag_names[];
extern const unsigned int hvctl_proximity_flag_count;

int create_main(int argc, char *argv[]);
int delete_main(int argc, char *argv[]);
int decode_main(int argc, char *argv[]);
int init_main(int argc, char *argv[]);
int finalize_main(int argc, char *argv[]);
int get_property_main(int argc, char *argv[]);
int set_property_main(int argc, char *argv[]);
int cpuid_main(int argc, char *argv[]);
int list_main(int argc, char *argv[]);
int show_main(int argc, char *argv[]);
int monitor_main(int argc, char *argv[]);

__printf(1, 2) void hvctl_err(const char *fmt, ...);

bool hvctl_name_eq(const char *arg, const char *prefix, const char *name);
int hvctl_parse_u64(const char *s, u64 *out);
int hvctl_parse_u32(const char *s, u32 *out);
int hvctl_parse_layout(const char *s, enum hvc_layout *layout);
int hvctl_parse_bit(const char *tok, unsigned int *bit);
int hvctl_parse_partition_id(const char *s, u64 *id);
int hvctl_partition_arg(const char *cmd, const char *s, u64 *id);
void hvctl_partition_name(u64 id, char *buf, size_t len);
void hvctl_feature_names(enum hvc_layout layout, unsigned int bank,
			 u64 value, char *buf, size_t len);
void hvctl_synthetic_names(u64 value, char *buf, size_t len);
void hvctl_verdict(int fd, u16 status, char *buf, size_t len);
void hvctl_bit_names(u64 value, const struct hvc_name *names,
		     unsigned int count, char *buf, size_t len);
bool hvctl_bits_named(u64 value, const struct hvc_name *names,
		      unsigned int count);
int hvctl_feature_lookup(enum hvc_layout layout, const char *tok,
			 unsigned int *bank, unsigned int *bit);
const char *hvctl_bank_name(unsigned int bank);
void hvctl_print_names(const char *key, const char *names);
bool hvctl_node_online(u32 node);

int hvctl_open_device(int *fd);
void *hvctl_page_alloc(void);
int hvctl_getopt_error(const char *cmd, int c, char *argv[]);
int hvctl_opts_parse(const struct hvctl_cmd_opts *o, int argc, char *argv[],
		     void *ctx);
int hvctl_opt_flag(int c, const char *arg, void *ctx);
void hvctl_access_hint(const char *path, char *buf, size_t len);
int hvctl_call_errno(int ret, int err, u16 status);
const char *hvctl_errno_hint(int err);
int hvctl_report(const struct hvctl_call *c, const char *cause);

int hvctl_nl_open(const char *cmd, struct hvctl_nl *nl, int rcvbuf);
void hvctl_nl_close(struct hvctl_nl *nl);
struct nl_cb *hvctl_nl_cb(struct hvctl_nl_reply *reply, bool events);
int hvctl_nl_get(struct hvctl_nl *nl, const u64 *id,
		 struct hvctl_nl_reply *reply);
int hvctl_nl_fail(const char *what, const struct hvctl_nl_reply *reply);
const char *hvctl_nl_strerror(int err);
const char *hvctl_state_name(u32 state);
void hvctl_print_partition(const struct hvctl_partition *p,
			   enum hvctl_view view, const char *event,
			   u64 stamp_ns);
int hvctl_flush_stdout(const char *cmd);
void hvctl_iso_time(u64 ns, unsigned int digits, char *buf, size_t len);

#endif /* HVCTL_H */
