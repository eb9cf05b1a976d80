// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvpart: the ioctl layer.  It copies exactly the call's layout in,
 * applies the placement rules of the user's pages, runs the hypercall
 * handler and hands back the exact HV_STATUS plus a matching errno.
 */
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/genetlink.h>

#include "hvpart.h"

/*
 * Every typed ioctl starts alike: its argument is read, and proven
 * writable, before anything runs (a call with side effects must be able
 * to report them); and ends alike: the argument goes back with the
 * status in it, and the ioctl returns the status's errno.  Inlined, so
 * that each copy has a size the compiler knows (hardened usercopy checks
 * one of variable size on every call).
 */
static __always_inline int hvpart_arg_in(void *arg, void __user *uarg,
					 size_t size)
{
	if (copy_from_user(arg, uarg, size) || copy_to_user(uarg, arg, size))
		return -EFAULT;
	return 0;
}

static __always_inline long hvpart_arg_out(void __user *uarg, const void *arg,
					   size_t size,
					   const struct hvpart_caller *caller,
					   u16 status)
{
	if (copy_to_user(uarg, arg, size))
		return -EFAULT;
	return hvpart_caller_errno(caller, status);
}

/**
 * hvpart_caller_of() - the current task as a caller through an open file
 * @caller: filled in.
 * @file: the /dev/hvpart file: its session keeps the VMs bound and the
 *	last refusal.
 * @layout: the create layout its input uses.
 *
 * A create through the ioctls leaves the partition unborn until its id
 * has been copied out (hvpart_hvcall_finish()).
 */
void hvpart_caller_of(struct hvpart_caller *caller, struct file *file,
			     enum hvc_layout layout)
{
	hvpart_caller_init(caller, layout);
	caller->session = file->private_data;
	caller->unborn = true;
}

/*
 * The typed create ioctls.  Both arguments are the exact input page of one
 * layout followed by the same tail: new id, status, a reserved word.
 * Both run through the same handler as HVPART_HVCALL.
 */
struct hvpart_create_tail {
	u64 new_partition_id;
	u32 status;
	u32 reserved;
};

union hvpart_create_arg {
	struct hvpart_create_partition_amd64 amd64;
	struct hvpart_create_partition_arm64 arm64;
};

/*
 * The argument of a typed create, copied at a size the compiler knows:
 * hardened usercopy checks a copy of variable size on every call, a
 * twentieth of a create+delete pair for these three copies.
 */
static bool hvpart_create_arg_read(union hvpart_create_arg *arg,
				   const void __user *uarg,
				   enum hvc_layout layout)
{
	if (layout == HVC_LAYOUT_ARM64)
		return !copy_from_user(&arg->arm64, uarg, sizeof(arg->arm64));
	return !copy_from_user(&arg->amd64, uarg, sizeof(arg->amd64));
}

static bool hvpart_create_arg_write(void __user *uarg,
				    const union hvpart_create_arg *arg,
				    enum hvc_layout layout)
{
	if (layout == HVC_LAYOUT_ARM64)
		return !copy_to_user(uarg, &arg->arm64, sizeof(arg->arm64));
	return !copy_to_user(uarg, &arg->amd64, sizeof(arg->amd64));
}

static long hvpart_ioctl_create(struct file *file, void __user *uarg,
				enum hvc_layout layout)
{
	u32 in_len = hvc_create_input_size(layout);
	struct hvpart_output_create_partition out = {};
	struct hvpart_caller caller;
	union hvpart_create_arg arg;
	struct hvpart_create_tail *tail = (void *)&arg + in_len;
	bool delivered;
	u16 status;

	BUILD_BUG_ON(offsetof(struct hvpart_create_partition_amd64,
			      new_partition_id) !=
		     sizeof(struct hvpart_input_create_partition_amd64));
	BUILD_BUG_ON(offsetof(struct hvpart_create_partition_arm64,
			      new_partition_id) !=
		     sizeof(struct hvpart_input_create_partition_arm64));
	BUILD_BUG_ON(sizeof(struct hvpart_create_partition_arm64) !=
		     sizeof(struct hvpart_input_create_partition_arm64) +
		     sizeof(struct hvpart_create_tail));

	/* Read, and prove writable, before anything is created. */
	if (!hvpart_create_arg_read(&arg, uarg, layout) ||
	    !hvpart_create_arg_write(uarg, &arg, layout))
		return -EFAULT;

	hvpart_caller_of(&caller, file, layout);
	if (tail->reserved)
		status = HVPART_STATUS_INVALID_PARAMETER;
	else
		status = hvpart_hvcall(&caller, HVPART_CALL_CREATE_PARTITION,
				       &arg, in_len, &out, sizeof(out));
	tail->new_partition_id = out.new_partition_id;
	tail->status = status;
	delivered = hvpart_create_arg_write(uarg, &arg, layout);
	if (status == HVPART_STATUS_SUCCESS)
		hvpart_hvcall_finish(&caller,
				     hvc_call_find(HVPART_CALL_CREATE_PARTITION),
				     &out, delivered);
	if (!delivered)
		return -EFAULT;
	return hvpart_caller_errno(&caller, status);
}

/* Not a call code: HVPART_GET_VM_FD, which no hypercall mirrors. */
#define HVPART_OP_GET_VM_FD	0

/*
 * The VM fd Initialize binds: the caller's own file, of which hvpart takes
 * a reference; the fd stays the caller's.  Not a dispatch: a bad fd is a
 * transport error, as an unreadable buffer is.
 */
static long hvpart_vm_fd_get(int fd, struct file **vm)
{
	struct file *file;
	int err;

	*vm = NULL;
	if (fd == -1)
		return 0;
	file = fget(fd);
	if (!file)
		return -EBADF;
	err = hvpart_vm_ops->check_vm(file);
	if (err) {
		fput(file);
		return err;
	}
	*vm = file;
	return 0;
}

static long hvpart_ioctl_partition_op(struct file *file,
				      struct hvpart_partition_op __user *uarg,
				      u16 code)
{
	struct hvpart_input_partition_id in = {};
	struct hvpart_caller caller;
	struct hvpart_partition_op arg;
	struct file *vm = NULL;
	int fd = -1;
	long err;
	u16 status;

	if (hvpart_arg_in(&arg, uarg, sizeof(arg)))
		return -EFAULT;

	hvpart_caller_of(&caller, file, HVC_LAYOUT_NATIVE);
	if (code == HVPART_OP_GET_VM_FD) {
		status = hvpart_vm_file(&caller, arg.partition_id, &vm);
		/* A new fd, made by hvpart, installed only once it is known. */
		if (vm) {
			fd = get_unused_fd_flags(O_CLOEXEC);
			if (fd < 0) {
				fput(vm);
				vm = NULL;
				status = HVPART_STATUS_NO_RESOURCES;
			}
		}
		arg.vm_fd = fd;
	} else if (code == HVPART_CALL_INITIALIZE_PARTITION) {
		err = hvpart_vm_fd_get(arg.vm_fd, &caller.vm_file);
		if (err)
			return err;
		in.partition_id = arg.partition_id;
		status = hvpart_hvcall(&caller, code, &in, sizeof(in), NULL, 0);
		if (caller.vm_file)
			fput(caller.vm_file);
	} else {
		in.partition_id = arg.partition_id;
		status = hvpart_hvcall(&caller, code, &in, sizeof(in), NULL, 0);
		arg.vm_fd = -1;
	}

	arg.status = status;
	if (copy_to_user(uarg, &arg, sizeof(arg))) {
		if (vm) {
			put_unused_fd(fd);
			fput(vm);
		}
		return -EFAULT;
	}
	if (vm)
		fd_install(fd, vm);
	return hvpart_caller_errno(&caller, status);
}

static long hvpart_ioctl_property(struct file *file,
				  struct hvpart_partition_property __user *uarg,
				  u16 code)
{
	struct hvpart_output_get_partition_property out = {};
	struct hvpart_partition_property arg;
	struct hvpart_caller caller;
	u16 status;

	if (hvpart_arg_in(&arg, uarg, sizeof(arg)))
		return -EFAULT;

	hvpart_caller_of(&caller, file, HVC_LAYOUT_NATIVE);
	if (code == HVPART_CALL_GET_PARTITION_PROPERTY) {
		struct hvpart_input_get_partition_property in = {
			.partition_id = arg.partition_id,
			.property_code = arg.property_code,
		};

		status = hvpart_hvcall(&caller, code, &in, sizeof(in),
				       &out, sizeof(out));
		arg.property_value = out.property_value;
	} else {
		struct hvpart_input_set_partition_property in = {
			.partition_id = arg.partition_id,
			.property_code = arg.property_code,
			.property_value = arg.property_value,
		};

		status = hvpart_hvcall(&caller, code, &in, sizeof(in), NULL, 0);
	}
	arg.status = status;
	return hvpart_arg_out(uarg, &arg, sizeof(arg), &caller, status);
}

/* struct kvm_cpuid2, which only x86 defines: nent, padding, entries. */
struct hvpart_user_cpuid {
	u32 nent;
	u32 padding;
	struct hvc_cpuid_entry entries[];
};

static long hvpart_ioctl_cpuid(struct file *file,
			       struct hvpart_cpuid __user *uarg)
{
	struct hvpart_user_cpuid __user *ucpuid;
	struct hvc_cpuid_entry *entries = NULL;
	struct hvpart_caller caller;
	struct hvpart_cpuid arg;
	u32 nent, count = 0;
	long ret = 0;
	u16 status;

	if (hvpart_arg_in(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	ucpuid = u64_to_user_ptr(arg.cpuid);

	hvpart_caller_of(&caller, file, HVC_LAYOUT_NATIVE);
	if (arg.reserved) {
		status = HVPART_STATUS_INVALID_PARAMETER;
	} else {
		if (get_user(nent, &ucpuid->nent))
			return -EFAULT;
		status = hvpart_cpuid(&caller, arg.partition_id, &entries,
				      &count);
	}
	if (status == HVPART_STATUS_SUCCESS) {
		/* As KVM_GET_SUPPORTED_CPUID: too small says how big. */
		if (count > nent)
			ret = put_user(count, &ucpuid->nent) ? -EFAULT : -E2BIG;
		else if (put_user(count, &ucpuid->nent) ||
			 copy_to_user(ucpuid->entries, entries,
				      array_size(count, sizeof(*entries))))
			ret = -EFAULT;
		kvfree(entries);
		if (ret)
			return ret;
	}
	arg.status = status;
	return hvpart_arg_out(uarg, &arg, sizeof(arg), &caller, status);
}

static long hvpart_ioctl_vcpu_init(struct file *file,
				   struct hvpart_vcpu_init __user *uarg)
{
	struct hvpart_caller caller;
	struct hvpart_vcpu_init arg;
	u16 status;

	if (hvpart_arg_in(&arg, uarg, sizeof(arg)))
		return -EFAULT;

	hvpart_caller_of(&caller, file, HVC_LAYOUT_NATIVE);
	if (arg.reserved)
		status = HVPART_STATUS_INVALID_PARAMETER;
	else
		status = hvpart_vcpu_init(&caller, arg.partition_id,
					  &arg.target, arg.features);
	if (status != HVPART_STATUS_SUCCESS) {
		arg.target = 0;
		memset(arg.features, 0, sizeof(arg.features));
	}
	arg.status = status;
	return hvpart_arg_out(uarg, &arg, sizeof(arg), &caller, status);
}

/*
 * HVPART_GET_VERDICT: the last refusal of this file, with its cause in the
 * words of lib's hvc_verdict_format(); a status given without a verdict
 * (HVC_FAULT_NONE) has no cause to add to its own name.
 */
static long hvpart_ioctl_verdict(struct file *file,
				 struct hvpart_verdict __user *uarg)
{
	struct hvpart_session *session = file->private_data;
	struct hvpart_verdict arg = {};
	struct hvc_verdict v;

	spin_lock(&session->lock);
	v = session->refusal;
	spin_unlock(&session->lock);
	arg.status = v.status;
	if (v.fault != HVC_FAULT_NONE)
		hvc_verdict_format(&v, arg.cause, sizeof(arg.cause));
	if (copy_to_user(uarg, &arg, sizeof(arg)))
		return -EFAULT;
	return 0;
}

/* HVPART_CHECK_EXTENSION: 0 for no, positive for yes (KVM's convention). */
static long hvpart_check_extension(unsigned long cap)
{
	switch (cap) {
	case HVPART_CAP_API_VERSION:
		return HVPART_API_VERSION;
	case HVPART_CAP_HVCALL:
	case HVPART_CAP_TYPED_CALLS:
	case HVPART_CAP_MEMORY_POOL:
	case HVPART_CAP_SYNTHETIC_FEATURES:
	case HVPART_CAP_VERDICT:
		return 1;
	case HVPART_CAP_GET_CPUID:
		return !hvpart_vm_ops->arm64_host;
	case HVPART_CAP_GET_VCPU_INIT:
		return !!hvpart_vm_ops->arm64_host;
	case HVPART_CAP_NETLINK:
		return HVPART_GENL_VERSION;
	case HVPART_CAP_NESTED_VIRT:
		return hvpart_vm_ops->nested_supported();
	default:
		return 0;
	}
}

static long hvpart_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case HVPART_HVCALL:
		return hvpart_ioctl_hvcall(file, uarg);
	case HVPART_CREATE_PARTITION_AMD64:
		return hvpart_ioctl_create(file, uarg, HVC_LAYOUT_AMD64);
	case HVPART_CREATE_PARTITION_ARM64:
		return hvpart_ioctl_create(file, uarg, HVC_LAYOUT_ARM64);
	case HVPART_INITIALIZE_PARTITION:
		return hvpart_ioctl_partition_op(file, uarg,
						 HVPART_CALL_INITIALIZE_PARTITION);
	case HVPART_FINALIZE_PARTITION:
		return hvpart_ioctl_partition_op(file, uarg,
						 HVPART_CALL_FINALIZE_PARTITION);
	case HVPART_DELETE_PARTITION:
		return hvpart_ioctl_partition_op(file, uarg,
						 HVPART_CALL_DELETE_PARTITION);
	case HVPART_GET_VM_FD:
		return hvpart_ioctl_partition_op(file, uarg,
						 HVPART_OP_GET_VM_FD);
	case HVPART_GET_PARTITION_PROPERTY:
		return hvpart_ioctl_property(file, uarg,
					     HVPART_CALL_GET_PARTITION_PROPERTY);
	case HVPART_SET_PARTITION_PROPERTY:
		return hvpart_ioctl_property(file, uarg,
					     HVPART_CALL_SET_PARTITION_PROPERTY);
	/* Each architecture's CPU-feature view; the other is not there. */
	case HVPART_GET_CPUID:
		if (hvpart_vm_ops->arm64_host)
			return -ENOTTY;
		return hvpart_ioctl_cpuid(file, uarg);
	case HVPART_GET_VCPU_INIT:
		if (!hvpart_vm_ops->arm64_host)
			return -ENOTTY;
		return hvpart_ioctl_vcpu_init(file, uarg);
	case HVPART_CHECK_EXTENSION:
		return hvpart_check_extension(arg);
	case HVPART_GET_VERDICT:
		return hvpart_ioctl_verdict(file, uarg);
	default:
		return -ENOTTY;
	}
}

/*
 * Each open file description is a session: the VMs bound through it last
 * no longer than it does (hvpart_session_release()).
 */
static int hvpart_open(struct inode *inode, struct file *file)
{
	struct hvpart_session *session;

	session = kmalloc(sizeof(*session), GFP_KERNEL_ACCOUNT);
	if (!session)
		return -ENOMEM;
	hvpart_session_init(session);
	file->private_data = session;
	return nonseekable_open(inode, file);
}

static int hvpart_release(struct inode *inode, struct file *file)
{
	struct hvpart_session *session = file->private_data;

	hvpart_session_release(session);
	kfree(session);
	return 0;
}

static const struct file_operations hvpart_fops = {
	.owner		= THIS_MODULE,
	.open		= hvpart_open,
	.release	= hvpart_release,
	.unlocked_ioctl	= hvpart_ioctl,
	/*
	 * Every struct has the same layout for 32-bit callers, and
	 * HVPART_CHECK_EXTENSION's number passes compat_ptr() unchanged.
	 */
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/*
 * A fixed minor, from the range Documentation/admin-guide/devices.txt
 * reserves for local use (243-254), so that depmod lists /dev/hvpart in
 * modules.devname: the node then exists before the module is loaded
 * (kmod-static-nodes), and the first open loads it.
 */
#define HVPART_MINOR	243

static struct miscdevice hvpart_dev = {
	.minor	= HVPART_MINOR,
	.name	= "hvpart",
	.fops	= &hvpart_fops,
	.mode	= 0600,
};

static int __init hvpart_init(void)
{
	int err;

	err = hvpart_kvm_init();
	if (err)
		return err;
	err = hvpart_nl_init();
	if (err)
		goto err_kvm;
	err = misc_register(&hvpart_dev);
	if (err)
		goto err_nl;
	return 0;

err_nl:
	hvpart_nl_exit();
err_kvm:
	hvpart_kvm_exit();
	return err;
}

static void __exit hvpart_exit(void)
{
	misc_deregister(&hvpart_dev);
	hvpart_nl_exit();
	hvpart_table_destroy();
	hvpart_kvm_exit();
	/*
	 * Partitions are freed by an RCU callback in this module's text;
	 * with lazy RCU (7.x) it can run seconds after the last put.
	 */
	rcu_barrier();
}

module_init(hvpart_init);
module_exit(hvpart_exit);

MODULE_DESCRIPTION("Hyper-V partition ABI (HvCallCreatePartition) on KVM hosts");
MODULE_AUTHOR("hvpart developers");
MODULE_LICENSE("GPL");
/* From VERSION via Kbuild: hvctl -V reads it back from sysfs. */
MODULE_VERSION(HVPART_VERSION);
MODULE_ALIAS_GENL_FAMILY(HVPART_GENL_NAME);
MODULE_ALIAS_MISCDEV(HVPART_MINOR);
MODULE_ALIAS("devname:hvpart");
