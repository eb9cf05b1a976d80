// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl delete: HvCallDeletePartition (0x0043) through HVPART_HVCALL.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvctl.h"

#define RESULT_SENTINEL		(~0ULL)

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

static const char *const delete_args[] = { "partition ID" };

static const struct hvctl_cmd_opts delete_opts = {
	.cmd = "delete",
	.device = true,
	.args = delete_args,
	.min_args = 1,
	.max_args = 1,
	.usage = delete_usage,
};

/* Why Delete failed, where its words differ from every call's. */
static const char *delete_cause(u64 id, u16 status, char *buf, size_t len)
{
	char name[24];

	switch (status) {
	case HVPART_STATUS_INVALID_PARTITION_ID:
		if (id == HVPART_PARTITION_ID_SELF)
			return "self cannot be deleted";
		break;
	case HVPART_STATUS_INVALID_PARTITION_STATE:
		hvctl_partition_name(id, name, sizeof(name));
		snprintf(buf, len,
			 "partition %s is not in the state delete needs (Created or Finalized): finalize it first",
			 name);
		return buf;
	case HVPART_STATUS_OPERATION_DENIED:
		return "the partition's memory pool is not drained";
	}
	return NULL;
}

int delete_main(int argc, char *argv[])
{
	struct hvpart_input_partition_id input;
	struct hvctl_call r = {
		.cmd = "delete",
		.ioctl_name = "HVPART_HVCALL",
		.state_need = "Created or Finalized",
	};
	struct hvpart_hvcall call;
	char buf[160];
	int fd, ret;
	void *page;
	u64 id;

	ret = hvctl_opts_parse(&delete_opts, argc, argv, NULL);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;
	if (hvctl_partition_arg("delete", argv[optind], &id))
		return HVCTL_EXIT_USAGE;

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
	call.control = HVPART_CALL_DELETE_PARTITION;
	call.result = RESULT_SENTINEL;
	call.input = (u64)(uintptr_t)page;
	call.input_size = sizeof(input);
	call.output = 0;
	call.output_size = 0;

	r.ret = ioctl(fd, HVPART_HVCALL, &call);
	r.err = r.ret < 0 ? errno : 0;
	free(page);
	close(fd);

	r.id = id;
	r.status = HVCTL_STATUS_SENTINEL;
	if (call.result != RESULT_SENTINEL)
		r.status = (u16)(call.result & HVPART_HYPERCALL_RESULT_MASK);
	return hvctl_report(&r, delete_cause(id, (u16)r.status, buf,
					     sizeof(buf)));
}
