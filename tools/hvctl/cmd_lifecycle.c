// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl init and finalize: HvCallInitializePartition (0x0041) and
 * HvCallFinalizePartition (0x0042) through their typed ioctls.  init
 * makes the partition's KVM VM itself, as a VMM would, and passes it in.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "hvctl.h"

#define HVCTL_KVM_DEVICE	"/dev/kvm"

static const char *const op_args[] = { "partition ID" };

/* One lifecycle command: a typed ioctl on struct hvpart_partition_op. */
struct op_cmd {
	const char *name;
	unsigned long request;
	const char *ioctl_name;
	const char *state_need;
	bool own_vm;	/* make a KVM VM and pass it in vm_fd (init) */
	const char *noresources;	/* why NO_RESOURCES, NULL: the usual */
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
	     "The partition must be Created; it becomes Initialized.  Like a VMM, hvctl\n"
	     "makes the partition's KVM VM itself (KVM_CREATE_VM on /dev/kvm, so kvm must\n"
	     "be loaded and /dev/kvm open to the caller) and passes its fd in; the\n"
	     "module binds the VM to the partition for as long as the /dev/hvpart file\n"
	     "that initialized it stays open.  hvctl exits at once, so the binding ends\n"
	     "with it: the partition stays Initialized without a VM (vm_attached false\n"
	     "in 'hvctl show') until 'hvctl finalize'.  A VMM keeps both files open and\n"
	     "runs the VM.  Early properties (hvctl help set-property) can no longer be\n"
	     "set.  Exit status 1 also when /dev/kvm cannot be opened.");
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
	     "reference to its KVM VM, if it still holds one, which ends once no VMM\n"
	     "holds an fd for it either.  A finalized partition can only be deleted\n"
	     "(hvctl delete).");
}

static const struct op_cmd init_cmd = {
	.name = "init",
	.request = HVPART_INITIALIZE_PARTITION,
	.ioctl_name = "HVPART_INITIALIZE_PARTITION",
	.state_need = "Created",
	.own_vm = true,
	.noresources = "this user has max_initialized_per_user partitions Initialized already",
	.usage = init_usage,
};

static const struct op_cmd finalize_cmd = {
	.name = "finalize",
	.request = HVPART_FINALIZE_PARTITION,
	.ioctl_name = "HVPART_FINALIZE_PARTITION",
	.state_need = "Initialized",
	.usage = finalize_usage,
};

/*
 * The VM a VMM passes to HVPART_INITIALIZE_PARTITION: KVM_CREATE_VM on
 * /dev/kvm, with the caller's own access to it.  Returns an exit code;
 * *@vm is the VM's fd on success.
 */
static int op_make_vm(const struct op_cmd *cmd, u64 id, int *vm)
{
	char name[24], hint[160] = "";
	int kvm, err;

	hvctl_partition_name(id, name, sizeof(name));
	kvm = open(HVCTL_KVM_DEVICE, O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		err = errno;
		if (err == ENOENT || err == ENODEV || err == ENXIO)
			snprintf(hint, sizeof(hint), "%s", HVCTL_HINT_NO_KVM);
		else if (err == EACCES || err == EPERM)
			hvctl_access_hint(HVCTL_KVM_DEVICE, hint, sizeof(hint));
		hvctl_err("%s %s: cannot open " HVCTL_KVM_DEVICE " to make the partition's VM: %s%s%s%s",
			  cmd->name, name, strerror(err), *hint ? " (" : "",
			  hint, *hint ? ")" : "");
		return HVCTL_EXIT_FAILED;
	}
	*vm = ioctl(kvm, KVM_CREATE_VM, 0);
	err = errno;
	close(kvm);
	if (*vm < 0) {
		hvctl_err("%s %s: KVM_CREATE_VM on " HVCTL_KVM_DEVICE ": %s",
			  cmd->name, name, strerror(err));
		return HVCTL_EXIT_SYSTEM;
	}
	return HVCTL_EXIT_OK;
}

static int op_main(const struct op_cmd *cmd, int argc, char *argv[])
{
	struct hvpart_partition_op op;
	struct hvctl_call r = {
		.cmd = cmd->name,
		.ioctl_name = cmd->ioctl_name,
		.state_need = cmd->state_need,
	};
	const struct hvctl_cmd_opts opts = {
		.cmd = cmd->name,
		.device = true,
		.args = op_args,
		.min_args = 1,
		.max_args = 1,
		.usage = cmd->usage,
	};
	int fd, ret, vm = -1;

	ret = hvctl_opts_parse(&opts, argc, argv, NULL);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;
	if (hvctl_partition_arg(cmd->name, argv[optind], &r.id))
		return HVCTL_EXIT_USAGE;

	ret = hvctl_open_device(&fd);
	if (ret)
		return ret;
	if (cmd->own_vm) {
		ret = op_make_vm(cmd, r.id, &vm);
		if (ret) {
			close(fd);
			return ret;
		}
	}
	memset(&op, 0, sizeof(op));
	op.partition_id = r.id;
	op.status = HVCTL_STATUS_SENTINEL;
	op.vm_fd = vm;
	r.ret = ioctl(fd, cmd->request, &op);
	r.err = r.ret < 0 ? errno : 0;
	r.status = op.status;
	/*
	 * The VM is hvctl's own; the partition took its reference, which
	 * lasts until fd (the /dev/hvpart file that bound it) is closed,
	 * that is, until hvctl exits.
	 */
	if (vm >= 0)
		close(vm);
	close(fd);
	return hvctl_report(&r, r.status == HVPART_STATUS_NO_RESOURCES ?
			    cmd->noresources : NULL);
}

int init_main(int argc, char *argv[])
{
	return op_main(&init_cmd, argc, argv);
}

int finalize_main(int argc, char *argv[])
{
	return op_main(&finalize_cmd, argc, argv);
}
