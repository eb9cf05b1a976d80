/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvctl: drive /dev/hvpart from the command line.
 *
 * One file per command (cmd_*.c), the command table and global options in
 * hvctl.c, shared helpers in util.c.  Every command returns one of the
 * documented exit codes below; errors are one line on stderr.
 */
#ifndef HVCTL_H
#define HVCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "hvpart_codec.h"

#define PROG_NAME		"hvctl"
#define HVCTL_DEFAULT_DEVICE	"/dev/hvpart"
#define HVCTL_NODE_DIR		"/sys/devices/system/node"

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

/* The device path: --device, before or after the command. */
extern const char *hvctl_device;

int create_main(int argc, char *argv[]);
int delete_main(int argc, char *argv[]);
int decode_main(int argc, char *argv[]);

__printf(1, 2) void hvctl_err(const char *fmt, ...);

bool hvctl_name_eq(const char *arg, const char *prefix, const char *name);
int hvctl_parse_u64(const char *s, u64 *out);
int hvctl_parse_u32(const char *s, u32 *out);
int hvctl_parse_layout(const char *s, enum hvc_layout *layout);
bool hvctl_node_online(u32 node);

int hvctl_open_device(int *fd);
void *hvctl_page_alloc(void);
int hvctl_getopt_error(const char *cmd, int c, char *argv[]);
int hvctl_call_errno(int ret, int err, u16 status);
const char *hvctl_errno_hint(int err);

#endif /* HVCTL_H */
