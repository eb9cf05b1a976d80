/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvctl: drive /dev/hvpart from the command line.
 *
 * One file per command or group of commands (cmd_*.c), the command table
 * and global options in hvctl.c, shared helpers in util.c.  Every command
 * returns one of the documented exit codes below; errors are one line on
 * stderr, and hvctl_report() words a call's failure the same way for all.
 */
#ifndef HVCTL_H
#define HVCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "hvpart_codec.h"

#define PROG_NAME		"hvctl"
#define HVCTL_DEFAULT_DEVICE	"/dev/hvpart"
#define HVCTL_NODE_DIR		"/sys/devices/system/node"

/* Set before a typed ioctl: a status the kernel never writes back. */
#define HVCTL_STATUS_SENTINEL	0xffffffffU

/* Exit codes: documented in `hvctl help`, keep them stable. */
enum hvctl_exit {
	HVCTL_EXIT_OK = 0,	/* success */
	HVCTL_EXIT_FAILED = 1,	/* failure HV_STATUS, or decode: page invalid */
	HVCTL_EXIT_USAGE = 2,	/* bad command, option, argument or hex input */
	HVCTL_EXIT_DEVICE = 3,	/* device missing or not accessible */
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

/* The device path: --device, before or after the command. */
extern const char *hvctl_device;

int create_main(int argc, char *argv[]);
int delete_main(int argc, char *argv[]);
int decode_main(int argc, char *argv[]);
int init_main(int argc, char *argv[]);
int finalize_main(int argc, char *argv[]);
int get_property_main(int argc, char *argv[]);
int set_property_main(int argc, char *argv[]);
int cpuid_main(int argc, char *argv[]);

__printf(1, 2) void hvctl_err(const char *fmt, ...);

bool hvctl_name_eq(const char *arg, const char *prefix, const char *name);
int hvctl_parse_u64(const char *s, u64 *out);
int hvctl_parse_u32(const char *s, u32 *out);
int hvctl_parse_layout(const char *s, enum hvc_layout *layout);
int hvctl_parse_bit(const char *tok, unsigned int *bit);
int hvctl_parse_partition_id(const char *s, u64 *id);
int hvctl_partition_arg(const char *cmd, const char *s, u64 *id);
void hvctl_partition_name(u64 id, char *buf, size_t len);
const char *hvctl_feature_name(unsigned int bank, unsigned int bit);
bool hvctl_node_online(u32 node);

int hvctl_open_device(int *fd);
void *hvctl_page_alloc(void);
int hvctl_getopt_error(const char *cmd, int c, char *argv[]);
int hvctl_call_errno(int ret, int err, u16 status);
const char *hvctl_errno_hint(int err);
int hvctl_report(const struct hvctl_call *c, const char *cause);

#endif /* HVCTL_H */
