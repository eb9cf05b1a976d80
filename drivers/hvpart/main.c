// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvpart: the ioctl layer.  It copies exactly the call's layout in,
 * applies the placement rules of the user's pages, runs the hypercall
 * handler and hands back the exact HV_STATUS plus a matching errno.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "hvpart.h"

/* Largest input or output layout of any call, in u64 units. */
#define HVPART_MAX_LAYOUT_QWORDS	8

static long hvpart_errno_of(u16 status)
{
	return hvc_status_errno(status);
}

static long hvpart_ioctl_hvcall(struct hvpart_hvcall __user *uarg)
{
	u64 input[HVPART_MAX_LAYOUT_QWORDS] = {};
	u64 output[HVPART_MAX_LAYOUT_QWORDS] = {};
	struct hvpart_caller caller;
	const struct hvc_call *call;
	struct hvpart_hvcall arg;
	u32 in_len, out_len;
	u16 status;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.input_size > HV_HYPERCALL_PAGE_SIZE ||
	    arg.output_size > HV_HYPERCALL_PAGE_SIZE)
		return -EINVAL;
	/*
	 * result must be writable before a call with side effects runs; the
	 * probe writes back what is there, so a refusal changes nothing.
	 */
	if (put_user(arg.result, &uarg->result))
		return -EFAULT;

	hvpart_caller_init(&caller, HVC_LAYOUT_NATIVE);
	status = hvpart_hvcall_check(&caller, arg.control, arg.input_size,
				     arg.output_size, &call);
	if (status == HV_STATUS_SUCCESS) {
		in_len = call->input_size[caller.layout];
		out_len = call->output_size;
		status = hvc_pages_check(arg.input, in_len, arg.output,
					 out_len, &caller.verdict);
	}
	if (status != HV_STATUS_SUCCESS)
		goto out_result;

	BUILD_BUG_ON(sizeof(input) < sizeof(struct hv_input_create_partition_amd64));
	if (WARN_ON_ONCE(in_len > sizeof(input) || out_len > sizeof(output)))
		return -EIO;
	if (copy_from_user(input, u64_to_user_ptr(arg.input), in_len))
		return -EFAULT;
	/* An unwritable output page is a transport error: nothing is run. */
	if (out_len && clear_user(u64_to_user_ptr(arg.output), out_len))
		return -EFAULT;

	status = hvpart_hvcall_run(&caller, call, input, output);
	if (status == HV_STATUS_SUCCESS && out_len &&
	    copy_to_user(u64_to_user_ptr(arg.output), output, out_len)) {
		hvpart_hvcall_undo(call, output);
		return -EFAULT;
	}

out_result:
	if (put_user((u64)status, &uarg->result)) {
		if (status == HV_STATUS_SUCCESS)
			hvpart_hvcall_undo(call, output);
		return -EFAULT;
	}
	return hvpart_errno_of(status);
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

static long hvpart_ioctl_create(void __user *uarg, enum hvc_layout layout)
{
	u32 in_len = hvc_create_input_size(layout);
	struct hv_output_create_partition out = {};
	struct hvpart_caller caller;
	union hvpart_create_arg arg;
	struct hvpart_create_tail *tail = (void *)&arg + in_len;
	u32 size = in_len + sizeof(*tail);
	u16 status;

	BUILD_BUG_ON(offsetof(struct hvpart_create_partition_amd64,
			      new_partition_id) !=
		     sizeof(struct hv_input_create_partition_amd64));
	BUILD_BUG_ON(offsetof(struct hvpart_create_partition_arm64,
			      new_partition_id) !=
		     sizeof(struct hv_input_create_partition_arm64));
	BUILD_BUG_ON(sizeof(struct hvpart_create_partition_arm64) !=
		     sizeof(struct hv_input_create_partition_arm64) +
		     sizeof(struct hvpart_create_tail));

	/* Read, and prove writable, before anything is created. */
	if (copy_from_user(&arg, uarg, size) || copy_to_user(uarg, &arg, size))
		return -EFAULT;

	hvpart_caller_init(&caller, layout);
	if (tail->reserved)
		status = HV_STATUS_INVALID_PARAMETER;
	else
		status = hvpart_hvcall(&caller, HVCALL_CREATE_PARTITION,
				       &arg, in_len, &out, sizeof(out));
	tail->new_partition_id = out.new_partition_id;
	tail->status = status;
	if (copy_to_user(uarg, &arg, size)) {
		if (status == HV_STATUS_SUCCESS)
			hvpart_hvcall_undo(hvc_call_find(HVCALL_CREATE_PARTITION),
					   &out);
		return -EFAULT;
	}
	return hvpart_errno_of(status);
}

static long hvpart_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case HVPART_HVCALL:
		return hvpart_ioctl_hvcall(uarg);
	case HVPART_CREATE_PARTITION_AMD64:
		return hvpart_ioctl_create(uarg, HVC_LAYOUT_AMD64);
	case HVPART_CREATE_PARTITION_ARM64:
		return hvpart_ioctl_create(uarg, HVC_LAYOUT_ARM64);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hvpart_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.unlocked_ioctl	= hvpart_ioctl,
	/* Every struct has the same layout for 32-bit callers. */
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice hvpart_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "hvpart",
	.fops	= &hvpart_fops,
	.mode	= 0600,
};

static int __init hvpart_init(void)
{
	return misc_register(&hvpart_dev);
}

static void __exit hvpart_exit(void)
{
	misc_deregister(&hvpart_dev);
	hvpart_table_destroy();
}

module_init(hvpart_init);
module_exit(hvpart_exit);

MODULE_DESCRIPTION("Hyper-V partition ABI (HvCallCreatePartition) on KVM hosts");
MODULE_AUTHOR("hvpart developers");
MODULE_LICENSE("GPL");
