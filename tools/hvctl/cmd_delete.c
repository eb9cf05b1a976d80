// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl delete: HvCallDeletePartition (0x0043) through HVPART_HVCALL.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvctl.h"

#define RESULT_SENTINEL		(~0ULL)

enum {
	OPT_DEVICE = 256,
};

static const struct option delete_options[] = {
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void delete_usage(void)
{
	printf("Usage: %s delete [--device PATH] ID\n\n", PROG_NAME);
	puts("Issue HvCallDeletePartition (0x0043) through HVPART_HVCALL.\n"
	     "Prints nothing on success.\n"
	     "\n"
	     "  ID                     the partition id, decimal or 0x hex; 'self' is\n"
	     "                         HV_PARTITION_ID_SELF (0xffffffffffffffff)\n"
	     "  --device PATH          the hvpart device (default " HVCTL_DEFAULT_DEVICE ")\n"
	     "\n"
	     "A partition can be deleted while created (not initialized) or finalized.");
}

static int parse_partition_id(const char *s, u64 *id)
{
	if (!strcasecmp(s, "self")) {
		*id = HV_PARTITION_ID_SELF;
		return 0;
	}
	return hvctl_parse_u64(s, id);
}

/* Why Delete failed, in the words of the ABI's documented errors. */
static const char *delete_cause(u64 id, u16 status, int err)
{
	switch (status) {
	case HV_STATUS_INVALID_PARTITION_ID:
		if (id == HV_PARTITION_ID_INVALID)
			return "0 is not a partition id";
		if (id == HV_PARTITION_ID_SELF)
			return "self cannot be deleted";
		return "no such partition";
	case HV_STATUS_ACCESS_DENIED:
		return "the partition belongs to another user";
	case HV_STATUS_INVALID_PARTITION_STATE:
		return "the partition is neither created nor finalized (finalize it first)";
	case HV_STATUS_OPERATION_DENIED:
		return "the partition's memory pool is not drained";
	}
	return strerror(err);
}

static int delete_report(u64 id, const struct hvpart_hvcall *call, int ret,
			 int err)
{
	char name[24];
	u16 status;

	if (id == HV_PARTITION_ID_SELF)
		snprintf(name, sizeof(name), "self");
	else
		snprintf(name, sizeof(name), "%llu", (unsigned long long)id);

	if (call->result == RESULT_SENTINEL) {
		if (ret >= 0) {
			hvctl_err("delete %s: HVPART_HVCALL returned %d without a result",
				  name, ret);
			return HVCTL_EXIT_SYSTEM;
		}
		hvctl_err("delete %s: HVPART_HVCALL: %s%s", name, strerror(err),
			  hvctl_errno_hint(err));
		return HVCTL_EXIT_SYSTEM;
	}
	status = (u16)(call->result & HV_HYPERCALL_RESULT_MASK);
	if (status != HV_STATUS_SUCCESS) {
		hvctl_err("delete %s failed: %s (0x%x): %s", name,
			  hvc_status_name(status), status,
			  delete_cause(id, status,
				       hvctl_call_errno(ret, err, status)));
		return HVCTL_EXIT_FAILED;
	}
	if (ret) {
		hvctl_err("delete %s: HVPART_HVCALL returned %d (%s), yet HV_STATUS_SUCCESS",
			  name, ret, ret < 0 ? strerror(err) : "?");
		return HVCTL_EXIT_SYSTEM;
	}
	return HVCTL_EXIT_OK;
}

int delete_main(int argc, char *argv[])
{
	struct hv_input_partition_id input;
	struct hvpart_hvcall call;
	int c, fd, ret, err;
	void *page;
	u64 id;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", delete_options,
				NULL)) != -1) {
		switch (c) {
		case OPT_DEVICE:
			hvctl_device = optarg;
			break;
		case 'h':
			delete_usage();
			return HVCTL_EXIT_OK;
		default:
			return hvctl_getopt_error("delete", c, argv);
		}
	}
	if (optind >= argc) {
		hvctl_err("delete: missing partition ID (see hvctl help delete)");
		return HVCTL_EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		hvctl_err("delete: unexpected argument '%s'", argv[optind + 1]);
		return HVCTL_EXIT_USAGE;
	}
	if (parse_partition_id(argv[optind], &id)) {
		hvctl_err("delete: bad partition ID '%s' (want a number or 'self')",
			  argv[optind]);
		return HVCTL_EXIT_USAGE;
	}
	if (!*hvctl_device) {
		hvctl_err("delete: option '--device' needs a path");
		return HVCTL_EXIT_USAGE;
	}

	ret = hvctl_open_device(&fd);
	if (ret)
		return ret;
	page = hvctl_page_alloc();
	if (!page) {
		close(fd);
		return HVCTL_EXIT_SYSTEM;
	}
	input.partition_id = id;
	memcpy(page, &input, sizeof(input));

	memset(&call, 0, sizeof(call));
	call.control = HVCALL_DELETE_PARTITION;
	call.result = RESULT_SENTINEL;
	call.input = (u64)(uintptr_t)page;
	call.input_size = sizeof(input);
	call.output = 0;
	call.output_size = 0;

	ret = ioctl(fd, HVPART_HVCALL, &call);
	err = ret < 0 ? errno : 0;
	free(page);
	close(fd);
	return delete_report(id, &call, ret, err);
}
