// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl init and finalize: HvCallInitializePartition (0x0041) and
 * HvCallFinalizePartition (0x0042) through their typed ioctls.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvctl.h"

enum {
	OPT_DEVICE = 256,
};

static const struct option op_options[] = {
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* One lifecycle command: a typed ioctl on struct hvpart_partition_op. */
struct op_cmd {
	const char *name;
	unsigned long request;
	const char *ioctl_name;
	const char *state_need;
	bool kvm;
	void (*usage)(void);
};

static void init_usage(void)
{
	printf("Usage: %s init [--device PATH] ID\n\n", PROG_NAME);
	puts("Issue HvCallInitializePartition (0x0041) through\n"
	     "HVPART_INITIALIZE_PARTITION.  Prints nothing on success.\n"
	     "\n"
	     "  ID                     the partition id, decimal or 0x hex; 'self' is\n"
	     "                         HV_PARTITION_ID_SELF (0xffffffffffffffff)\n"
	     "  --device PATH          the hvpart device (default " HVCTL_DEFAULT_DEVICE ")\n"
	     "\n"
	     "The partition must be Created; it becomes Initialized.  The kernel creates\n"
	     "the partition's KVM VM (through /dev/kvm, so kvm must be loaded) in the\n"
	     "calling process and returns an fd for it.  A VMM keeps that fd and drives\n"
	     "the VM with KVM ioctls; hvctl has no use for it and closes it.  The\n"
	     "partition keeps its own reference, so after 'hvctl init' the partition is\n"
	     "Initialized with a VM that no process drives, until 'hvctl finalize'\n"
	     "drops it.  Early properties (hvctl help set-property) can no longer be\n"
	     "set.");
}

static void finalize_usage(void)
{
	printf("Usage: %s finalize [--device PATH] ID\n\n", PROG_NAME);
	puts("Issue HvCallFinalizePartition (0x0042) through\n"
	     "HVPART_FINALIZE_PARTITION.  Prints nothing on success.\n"
	     "\n"
	     "  ID                     the partition id, decimal or 0x hex; 'self' is\n"
	     "                         HV_PARTITION_ID_SELF (0xffffffffffffffff)\n"
	     "  --device PATH          the hvpart device (default " HVCTL_DEFAULT_DEVICE ")\n"
	     "\n"
	     "The partition must be Initialized; it becomes Finalized and drops its\n"
	     "reference to its KVM VM, which ends once no VMM holds an fd for it either.\n"
	     "A finalized partition can only be deleted (hvctl delete).");
}

static const struct op_cmd init_cmd = {
	.name = "init",
	.request = HVPART_INITIALIZE_PARTITION,
	.ioctl_name = "HVPART_INITIALIZE_PARTITION",
	.state_need = "Created",
	.kvm = true,
	.usage = init_usage,
};

static const struct op_cmd finalize_cmd = {
	.name = "finalize",
	.request = HVPART_FINALIZE_PARTITION,
	.ioctl_name = "HVPART_FINALIZE_PARTITION",
	.state_need = "Initialized",
	.usage = finalize_usage,
};

static int op_main(const struct op_cmd *cmd, int argc, char *argv[])
{
	struct hvpart_partition_op op;
	struct hvctl_call r = {
		.cmd = cmd->name,
		.ioctl_name = cmd->ioctl_name,
		.state_need = cmd->state_need,
		.kvm = cmd->kvm,
	};
	int c, fd, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", op_options, NULL)) != -1) {
		switch (c) {
		case OPT_DEVICE:
			hvctl_device = optarg;
			break;
		case 'h':
			cmd->usage();
			return HVCTL_EXIT_OK;
		default:
			return hvctl_getopt_error(cmd->name, c, argv);
		}
	}
	if (optind >= argc) {
		hvctl_err("%s: missing partition ID (see hvctl help %s)",
			  cmd->name, cmd->name);
		return HVCTL_EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		hvctl_err("%s: unexpected argument '%s'", cmd->name,
			  argv[optind + 1]);
		return HVCTL_EXIT_USAGE;
	}
	if (hvctl_partition_arg(cmd->name, argv[optind], &r.id))
		return HVCTL_EXIT_USAGE;
	if (!*hvctl_device) {
		hvctl_err("%s: option '--device' needs a path", cmd->name);
		return HVCTL_EXIT_USAGE;
	}

	ret = hvctl_open_device(&fd);
	if (ret)
		return ret;
	memset(&op, 0, sizeof(op));
	op.partition_id = r.id;
	op.status = HVCTL_STATUS_SENTINEL;
	op.vm_fd = -1;
	r.ret = ioctl(fd, cmd->request, &op);
	r.err = r.ret < 0 ? errno : 0;
	r.status = op.status;
	/* The partition holds the VM; only a VMM needs this fd. */
	if (op.vm_fd >= 0)
		close(op.vm_fd);
	close(fd);
	return hvctl_report(&r, NULL);
}

int init_main(int argc, char *argv[])
{
	return op_main(&init_cmd, argc, argv);
}

int finalize_main(int argc, char *argv[])
{
	return op_main(&finalize_cmd, argc, argv);
}
