// SPDX-License-Identifier: GPL-2.0
/*
 * Is a file the caller hands in a KVM VM of its own?  Kept apart from the
 * rest of the driver: <linux/kvm_host.h> pulls in the kernel's Hyper-V
 * headers, whose names clash with hvpart's uapi header.
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kvm_host.h>
#include <linux/module.h>
#include <linux/sched.h>

#include "kvm_vm.h"

/*
 * KVM's own test, through symbol_get(): hvpart loads without KVM, and a
 * link-time dependency on kvm.ko would refuse that.  No KVM loaded, no
 * KVM file.  The file, if it is KVM's, holds KVM's module in turn.
 */
static bool hvpart_file_is_kvm(struct file *file)
{
	bool (*is_kvm)(struct file *file) = symbol_get(file_is_kvm);
	bool ret;

	if (!is_kvm)
		return false;
	ret = is_kvm(file);
	symbol_put(file_is_kvm);
	return ret;
}

/**
 * hvpart_kvm_vm_check() - is @file a VM the current process may bind
 * @file: a file from the caller's fd table.
 *
 * KVM's own test (file_is_kvm(): its VM file operations) says what the
 * file is; the name of an anonymous inode would not.  The VM must belong
 * to the current process, as KVM answers VM ioctls only there, and have
 * no vCPUs yet: what hvpart configures must come before them.  KVM
 * checks the vCPU count again under its own lock in every ioctl hvpart
 * configures with, so a vCPU created after this check makes those fail.
 *
 * Return: 0, or -EINVAL.
 */
int hvpart_kvm_vm_check(struct file *file)
{
	struct kvm *kvm;

	if (!hvpart_file_is_kvm(file))
		return -EINVAL;
	kvm = file->private_data;
	if (kvm->mm != current->mm)
		return -EINVAL;
	if (READ_ONCE(kvm->created_vcpus))
		return -EINVAL;
	return 0;
}
