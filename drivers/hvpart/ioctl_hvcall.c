// SPDX-License-Identifier: GPL-2.0
/*
 * HVPART_HVCALL: a raw hypercall, as Hyper-V takes one: the control word,
 * the input and output pages at user addresses, the result value back.
 * The placement rules of the pages and the copies are here; the checks of
 * the call itself and the call are hvcall.c's.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "hvpart.h"

/* Largest input or output layout of a simple call, in u64 units. */
#define HVPART_MAX_LAYOUT_QWORDS	8

/*
 * Pages for a call's input and output in kernel memory: on the stack for
 * the simple calls' small layouts, a page each for a rep call's lists.
 */
struct hvpart_hvcall_pages {
	u64 input[HVPART_MAX_LAYOUT_QWORDS];
	u64 output[HVPART_MAX_LAYOUT_QWORDS];
	void *in;
	void *out;
};

static int hvpart_hvcall_pages_get(struct hvpart_hvcall_pages *pages,
				   u32 in_len, u32 out_len)
{
	memset(pages, 0, sizeof(*pages));
	pages->in = pages->input;
	pages->out = pages->output;
	if (in_len > sizeof(pages->input)) {
		pages->in = kzalloc(HVPART_HYPERCALL_PAGE_SIZE, GFP_KERNEL);
		if (!pages->in)
			return -ENOMEM;
	}
	if (out_len > sizeof(pages->output)) {
		pages->out = kzalloc(HVPART_HYPERCALL_PAGE_SIZE, GFP_KERNEL);
		if (!pages->out)
			return -ENOMEM;
	}
	return 0;
}

static void hvpart_hvcall_pages_put(struct hvpart_hvcall_pages *pages)
{
	if (pages->in && pages->in != pages->input)
		kfree(pages->in);
	if (pages->out && pages->out != pages->output)
		kfree(pages->out);
}

/**
 * hvpart_ioctl_hvcall() - HVPART_HVCALL: one hypercall from user pages
 * @file: the /dev/hvpart file.
 * @uarg: the caller's struct hvpart_hvcall.
 *
 * Return: 0 or the status's errno; a transport errno without a status.
 */
long hvpart_ioctl_hvcall(struct file *file, struct hvpart_hvcall __user *uarg)
{
	struct hvpart_hvcall_pages pages;
	struct hvpart_caller caller;
	const struct hvc_call *call;
	struct hvpart_hvcall arg;
	u32 in_len, out_len;
	bool delivered = true;
	u16 status;
	long ret;

	/* Zeroed only for a call that passes the checks (the null call does not). */
	pages.in = NULL;
	pages.out = NULL;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.input_size > HVPART_HYPERCALL_PAGE_SIZE ||
	    arg.output_size > HVPART_HYPERCALL_PAGE_SIZE)
		return -EINVAL;
	/*
	 * result must be writable before a call with side effects runs; the
	 * probe writes back what is there, so a refusal changes nothing.
	 */
	if (put_user(arg.result, &uarg->result))
		return -EFAULT;

	hvpart_caller_of(&caller, file, HVC_LAYOUT_NATIVE);
	status = hvpart_hvcall_check(&caller, arg.control, arg.input_size,
				     arg.output_size, &call);
	if (status == HVPART_STATUS_SUCCESS) {
		in_len = hvc_input_len(call, caller.layout, caller.rep_count);
		out_len = hvc_output_len(call, caller.rep_count);
		status = hvc_pages_check(arg.input, in_len, arg.output,
					 out_len, &caller.verdict);
	}
	if (status != HVPART_STATUS_SUCCESS)
		goto out_result;

	/* Within the offered sizes, which are at most a page each. */
	if (WARN_ON_ONCE(in_len > HVPART_HYPERCALL_PAGE_SIZE ||
			 out_len > HVPART_HYPERCALL_PAGE_SIZE))
		return -EIO;
	ret = hvpart_hvcall_pages_get(&pages, in_len, out_len);
	if (ret)
		goto out_pages;
	ret = -EFAULT;
	if (copy_from_user(pages.in, u64_to_user_ptr(arg.input), in_len))
		goto out_pages;
	/* An unwritable output page is a transport error: nothing is run. */
	if (out_len && clear_user(u64_to_user_ptr(arg.output), out_len))
		goto out_pages;

	status = hvpart_hvcall_run(&caller, call, pages.in, pages.out);
	/*
	 * An output that cannot be written: no result either.  A rep call
	 * hands back the elements it completed, whatever its status.
	 */
	if (out_len && (status == HVPART_STATUS_SUCCESS || caller.reps_done))
		delivered = !copy_to_user(u64_to_user_ptr(arg.output),
					  pages.out, out_len);

out_result:
	if (delivered &&
	    put_user((u64)status |
		     (u64)caller.reps_done << HVPART_HYPERCALL_REP_DONE_SHIFT,
		     &uarg->result))
		delivered = false;
	if (status == HVPART_STATUS_SUCCESS)
		hvpart_hvcall_finish(&caller, call, pages.out, delivered);
	ret = delivered ? hvpart_caller_errno(&caller, status) : -EFAULT;
out_pages:
	hvpart_hvcall_pages_put(&pages);
	return ret;
}
