// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: helpers shared by the commands: error output, number and name
 * parsing, the device, hypercall pages, the NUMA node check and the
 * report of a call's outcome.  The names of bits are in bits.c.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hvctl.h"
#include "print.h"

const char *hvctl_device = HVCTL_DEFAULT_DEVICE;
bool hvctl_json;
bool hvctl_pretty;

/* Bits of hvpart_proximity_domain_info.flags. */
const struct hvc_name hvctl_proximity_flag_names[] = {
	{ 0, "PREFERRED" },
	{ 31, "INFO_VALID" },
};

const unsigned int hvctl_proximity_flag_count =
	ARRAY_SIZE(hvctl_proximity_flag_names);

/**
 * hvctl_err() - print one error line on stderr, prefixed "hvctl: "
 * @fmt: printf format, without the trailing newline.
 */
void hvctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static char hvctl_fold(char c)
{
	return c == '-' ? '_' : (char)toupper((unsigned char)c);
}

/* Length of @prefix at the start of @arg (folded), or 0. */
static size_t hvctl_prefix_len(const char *arg, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i]; i++)
		if (hvctl_fold(arg[i]) != hvctl_fold(prefix[i]))
			return 0;
	return i;
}

/**
 * hvctl_name_eq() - compare a user-typed name with an ABI name
 * @arg: what the user typed.
 * @prefix: an optional prefix the user may also type (NULL for none),
 *	e.g. "HV_PARTITION_CREATION_FLAG_".
 * @name: the name as the ABI spells it.
 *
 * Case does not matter and '-' equals '_'.
 *
 * Return: true when they name the same thing.
 */
bool hvctl_name_eq(const char *arg, const char *prefix, const char *name)
{
	size_t i;

	if (prefix)
		arg += hvctl_prefix_len(arg, prefix);
	for (i = 0; arg[i] && name[i]; i++)
		if (hvctl_fold(arg[i]) != hvctl_fold(name[i]))
			return false;
	return !arg[i] && !name[i];
}

/**
 * hvctl_parse_u64() - parse a decimal or 0x-prefixed hexadecimal number
 * @s: the text; no sign, no spaces, no octal.
 * @out: the value.
 *
 * Return: 0, or -1 when @s is not such a number or does not fit.
 */
int hvctl_parse_u64(const char *s, u64 *out)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	/* strtoull() would take a sign and leading spaces: refuse them. */
	if (!isxdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/**
 * hvctl_parse_u32() - hvctl_parse_u64() for a 32-bit value
 * @s: the text.
 * @out: the value.
 *
 * Return: 0, or -1 when @s is not a number or is over 0xffffffff.
 */
int hvctl_parse_u32(const char *s, u32 *out)
{
	u64 v;

	if (hvctl_parse_u64(s, &v) || v > UINT_MAX)
		return -1;
	*out = (u32)v;
	return 0;
}

/**
 * hvctl_parse_layout() - "amd64" or "arm64", any case
 * @s: the text.
 * @layout: the layout.
 *
 * Return: 0, or -1 for anything else.
 */
int hvctl_parse_layout(const char *s, enum hvc_layout *layout)
{
	if (hvctl_name_eq(s, NULL, hvc_layout_name(HVC_LAYOUT_AMD64)))
		*layout = HVC_LAYOUT_AMD64;
	else if (hvctl_name_eq(s, NULL, hvc_layout_name(HVC_LAYOUT_ARM64)))
		*layout = HVC_LAYOUT_ARM64;
	else
		return -1;
	return 0;
}

/**
 * hvctl_parse_bit() - "bitN", "bit N", "bit_N" or "bit-N", any case
 * @tok: the text.
 * @bit: N, 0-63.
 *
 * Return: 0, or -1 when @tok is not such a bit.
 */
int hvctl_parse_bit(const char *tok, unsigned int *bit)
{
	const char *p = tok + 3;
	u32 n;

	if (strncasecmp(tok, "bit", 3))
		return -1;
	if (*p == ' ' || *p == '_' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p) || hvctl_parse_u32(p, &n) || n > 63)
		return -1;
	*bit = n;
	return 0;
}

/**
 * hvctl_parse_partition_id() - a partition id: a number or "self"
 * @s: the text; "self" (any case) is HVPART_PARTITION_ID_SELF.
 * @id: the id.
 *
 * Return: 0, or -1 when @s is neither.
 */
int hvctl_parse_partition_id(const char *s, u64 *id)
{
	if (!strcasecmp(s, "self")) {
		*id = HVPART_PARTITION_ID_SELF;
		return 0;
	}
	return hvctl_parse_u64(s, id);
}

/**
 * hvctl_partition_arg() - parse a command's ID argument, explaining errors
 * @cmd: the command name.
 * @s: the text.
 * @id: the id.
 *
 * Return: 0, or HVCTL_EXIT_USAGE with an error printed.
 */
int hvctl_partition_arg(const char *cmd, const char *s, u64 *id)
{
	if (!hvctl_parse_partition_id(s, id))
		return 0;
	hvctl_err("%s: bad partition ID '%s' (want a number or 'self')", cmd, s);
	return HVCTL_EXIT_USAGE;
}

/**
 * hvctl_partition_name() - how messages name a partition
 * @id: the id.
 * @buf: where to write: "self" or the decimal id.
 * @len: size of @buf; 24 bytes hold any id.
 */
void hvctl_partition_name(u64 id, char *buf, size_t len)
{
	if (id == HVPART_PARTITION_ID_SELF)
		snprintf(buf, len, "self");
	else
		snprintf(buf, len, "%llu", (unsigned long long)id);
}

/**
 * hvctl_verdict() - the module's reason for the last refusal on a file
 * @fd: the open device the refused call went through.
 * @status: the status that call got.
 * @buf: where the cause goes, "" when the module gives none for it (a
 *	module without HVPART_GET_VERDICT, or a status the name says it all
 *	for).
 * @len: size of @buf.
 */
void hvctl_verdict(int fd, u16 status, char *buf, size_t len)
{
	struct hvpart_verdict v;

	buf[0] = '\0';
	memset(&v, 0, sizeof(v));
	if (ioctl(fd, HVPART_GET_VERDICT, &v) || v.status != status)
		return;
	v.cause[sizeof(v.cause) - 1] = '\0';
	snprintf(buf, len, "%s", v.cause);
}

/**
 * hvctl_node_online() - can a NUMA node hold a partition on this host
 * @node: the node (proximity domain) number.
 *
 * The kernel accepts a node that has memory (N_MEMORY), which sysfs lists
 * in node/has_memory as a range list such as "0-1,3".  A kernel without
 * NUMA sysfs has node 0 only.
 *
 * Return: true when the node has memory.
 */
bool hvctl_node_online(u32 node)
{
	char list[4096], *tok, *save = NULL;
	unsigned long lo, hi;
	FILE *f;
	bool found = false;

	f = fopen(HVCTL_NODE_DIR "/has_memory", "re");
	if (!f)
		return node == 0;
	if (!fgets(list, sizeof(list), f))
		list[0] = '\0';
	fclose(f);

	for (tok = strtok_r(list, ",\n", &save); tok && !found;
	     tok = strtok_r(NULL, ",\n", &save)) {
		char *end;

		lo = strtoul(tok, &end, 10);
		hi = *end == '-' ? strtoul(end + 1, NULL, 10) : lo;
		found = node >= lo && node <= hi;
	}
	return found;
}

/* Is the process in group @gid now (its login session's groups). */
static bool hvctl_in_group(gid_t gid)
{
	gid_t groups[NGROUPS_MAX];
	int n, i;

	if (getegid() == gid)
		return true;
	n = getgroups(ARRAY_SIZE(groups), groups);
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/* Is the user listed in group @g (/etc/group), if not in this session. */
static bool hvctl_listed_in(const struct group *g, const char *user)
{
	char **m;

	for (m = g->gr_mem; user && m && *m; m++)
		if (!strcmp(*m, user))
			return true;
	return false;
}

/**
 * hvctl_access_hint() - what to do when a device node refuses the user
 * @path: the node (/dev/hvpart, /dev/kvm).
 * @buf: where to write the advice, without parentheses.
 * @len: size of @buf.
 *
 * With the udev rule the node belongs to group kvm, as /dev/kvm does:
 * join it, and log in again for the session to have it.  Without the
 * rule it is root's alone.
 */
void hvctl_access_hint(const char *path, char *buf, size_t len)
{
	const struct passwd *pw = getpwuid(getuid());
	const char *user = pw ? pw->pw_name : NULL;
	const struct group *g;
	struct stat st;

	if (stat(path, &st)) {
		snprintf(buf, len, "run as root, or see hvctl help");
		return;
	}
	g = getgrgid(st.st_gid);
	if (!g || strcmp(g->gr_name, "kvm")) {
		snprintf(buf, len,
			 "%s is root-only without the udev rule: install it (make install-tools) or run as root",
			 path);
		return;
	}
	if (!hvctl_in_group(st.st_gid) && hvctl_listed_in(g, user))
		snprintf(buf, len,
			 "you are in group kvm, but this login is not: log in again");
	else if (!hvctl_in_group(st.st_gid))
		snprintf(buf, len,
			 "join group kvm: sudo usermod -aG kvm %s, then log in again",
			 user ? user : "$USER");
	else
		snprintf(buf, len,
			 "%s is group kvm but mode %04o: the udev rule makes it 0660",
			 path, (unsigned int)(st.st_mode & 07777));
}

/**
 * hvctl_open_device() - open the hvpart device, explaining failures
 * @fd: the open descriptor.
 *
 * Return: HVCTL_EXIT_OK, HVCTL_EXIT_DEVICE when the device is missing or
 * not accessible, HVCTL_EXIT_SYSTEM for other errors.
 */
int hvctl_open_device(int *fd)
{
	char hint[160];
	int err;

	*fd = open(hvctl_device, O_RDWR | O_CLOEXEC);
	if (*fd >= 0)
		return HVCTL_EXIT_OK;

	err = errno;
	switch (err) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case ENOTDIR:
		hvctl_err("%s: %s (" HVCTL_HINT_NOT_LOADED ")", hvctl_device,
			  strerror(err));
		return HVCTL_EXIT_DEVICE;
	case EACCES:
	case EPERM:
		hvctl_access_hint(hvctl_device, hint, sizeof(hint));
		hvctl_err("%s: %s (%s)", hvctl_device, strerror(err), hint);
		return HVCTL_EXIT_DEVICE;
	default:
		hvctl_err("%s: %s", hvctl_device, strerror(err));
		return HVCTL_EXIT_SYSTEM;
	}
}

/**
 * hvctl_page_alloc() - a zeroed, page-aligned 4 KiB hypercall page
 *
 * Any call's input or output placed at its start is 8-byte aligned and
 * cannot cross a page boundary.
 *
 * Return: the page (free() it), or NULL with an error printed.
 */
void *hvctl_page_alloc(void)
{
	void *page = aligned_alloc(HVPART_HYPERCALL_PAGE_SIZE,
				   HVPART_HYPERCALL_PAGE_SIZE);

	if (!page) {
		hvctl_err("cannot allocate a hypercall page: %s",
			  strerror(errno));
		return NULL;
	}
	memset(page, 0, HVPART_HYPERCALL_PAGE_SIZE);
	return page;
}

/**
 * hvctl_getopt_error() - report what getopt_long() refused
 * @cmd: the command name.
 * @c: what getopt_long() returned: ':' (missing argument) or '?'.
 * @argv: the command's arguments.
 *
 * For optstrings that start with ':' and opterr set to 0.
 *
 * Return: HVCTL_EXIT_USAGE.
 */
int hvctl_getopt_error(const char *cmd, int c, char *argv[])
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		hvctl_err("%s: option '%s' needs an argument", cmd, opt);
	else if (optopt > 0 && optopt < 256)
		hvctl_err("%s: unknown option '-%c' (see hvctl help %s)", cmd,
			  optopt, cmd);
	else
		hvctl_err("%s: unknown or ambiguous option '%s' (see hvctl help %s)",
			  cmd, opt, cmd);
	return HVCTL_EXIT_USAGE;
}

/**
 * hvctl_call_errno() - the errno that explains a dispatched call's failure
 * @ret: what ioctl() returned.
 * @err: errno after ioctl(), 0 unless @ret is negative.
 * @status: the HV_STATUS that came back.
 *
 * The syscall's errno when it set one, else the errno that goes with the
 * status.
 *
 * Return: a positive errno.
 */
int hvctl_call_errno(int ret, int err, u16 status)
{
	if (ret < 0 && err > 0)
		return err;
	return -hvc_status_errno(status);
}

/**
 * hvctl_errno_hint() - a hint for an ioctl that failed without a dispatch
 * @err: the errno.
 *
 * Return: text to append to strerror(), "" when there is nothing to say.
 */
const char *hvctl_errno_hint(int err)
{
	switch (err) {
	case ENOTTY:
		return " (not an hvpart device, or a module of another version?)";
	case EFAULT:
		return " (the module could not access hvctl's buffers)";
	default:
		return "";
	}
}

/* The causes every partition call shares, or NULL. */
static const char *hvctl_common_cause(const struct hvctl_call *c,
				      const char *name, char *buf, size_t len)
{
	switch (c->status) {
	case HVPART_STATUS_INVALID_PARTITION_ID:
		if (c->id == HVPART_PARTITION_ID_INVALID)
			return "0 is not a partition id";
		if (hvc_partition_id_is_host(c->id))
			return "self is the host partition, not one of its children";
		return "no such partition";
	case HVPART_STATUS_ACCESS_DENIED:
		if (hvc_partition_id_is_host(c->id))
			return "the host partition's properties are read-only";
		snprintf(buf, len, "partition %s belongs to another user", name);
		return buf;
	case HVPART_STATUS_INVALID_PARTITION_STATE:
		if (!c->state_need)
			break;
		snprintf(buf, len,
			 "partition %s is not in the state %s needs (%s)", name,
			 c->cmd, c->state_need);
		return buf;
	case HVPART_STATUS_NO_RESOURCES:
		if (!c->kvm)
			break;
		return "no KVM: is the kvm module loaded and /dev/kvm present?";
	case HVPART_STATUS_OPERATION_DENIED:
		return "the VM belongs to another process";
	}
	return NULL;
}

/**
 * hvctl_report() - report the outcome of a call, on stderr
 * @c: the call.
 * @cause: why it failed, in the command's own words; NULL to use the
 *	causes all partition calls share, else the errno's text.
 *
 * Return: HVCTL_EXIT_OK when the call succeeded; HVCTL_EXIT_FAILED for a
 * failure HV_STATUS; HVCTL_EXIT_SYSTEM when it was not dispatched or the
 * ioctl's return contradicts the status.
 */
int hvctl_report(const struct hvctl_call *c, const char *cause)
{
	char name[24], buf[160];
	const char *hint;
	u16 status;

	hvctl_partition_name(c->id, name, sizeof(name));
	if (c->status == HVCTL_STATUS_SENTINEL) {
		if (c->ret >= 0) {
			hvctl_err("%s %s: %s returned %d without reporting a status",
				  c->cmd, name, c->ioctl_name, c->ret);
			return HVCTL_EXIT_SYSTEM;
		}
		hint = hvctl_errno_hint(c->err);
		if (c->kvm && (c->err == ENODEV || c->err == ENOENT))
			hint = " (" HVCTL_HINT_NO_KVM ")";
		hvctl_err("%s %s: %s: %s%s", c->cmd, name, c->ioctl_name,
			  strerror(c->err), hint);
		return HVCTL_EXIT_SYSTEM;
	}
	status = (u16)c->status;
	if (status != HVPART_STATUS_SUCCESS) {
		if (!cause)
			cause = hvctl_common_cause(c, name, buf, sizeof(buf));
		if (!cause)
			cause = strerror(hvctl_call_errno(c->ret, c->err, status));
		hvctl_err("%s %s failed: %s (0x%x): %s", c->cmd, name,
			  hvc_status_name(status), status, cause);
		return HVCTL_EXIT_FAILED;
	}
	if (c->ret) {
		hvctl_err("%s %s: %s returned %d (%s), yet HV_STATUS_SUCCESS",
			  c->cmd, name, c->ioctl_name, c->ret,
			  c->ret < 0 ? strerror(c->err) : "?");
		return HVCTL_EXIT_SYSTEM;
	}
	return HVCTL_EXIT_OK;
}
