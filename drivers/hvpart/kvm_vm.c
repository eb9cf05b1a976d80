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
 * From 7.x, file_is_kvm() is exported to KVM's vendor modules only, and
 * not at all where KVM is built in (arm64): hvpart_kvm_vm_check() then
 * compares file operations instead.
 */
static int hvpart_file_is_kvm(struct file *file)
{
	bool (*is_kvm)(struct file *file) = symbol_get(file_is_kvm);
	bool ret;

	if (!is_kvm)
		return -ENOENT;
	ret = is_kvm(file);
	symbol_put(file_is_kvm);
	return ret;
}

/**
 * hvpart_kvm_has_file_is_kvm() - can hvpart ask KVM whether a file is a VM
 *
 * Return: true where KVM's file_is_kvm() is there for hvpart to call.
 */
bool hvpart_kvm_has_file_is_kvm(void)
{
	bool (*is_kvm)(struct file *file) = symbol_get(file_is_kvm);

	if (!is_kvm)
		return false;
	symbol_put(file_is_kvm);
	return true;
}

/**
 * hvpart_kvm_vm_check() - is @file a VM the current process may bind
 * @file: a file from the caller's fd table.
 * @vm_fops: the file operations of a VM file KVM made in the loader's
 *	context (hvpart_kvm_host_probe()), or NULL; used only where KVM's
 *	file_is_kvm() cannot be called.
 *
 * KVM's own test (file_is_kvm(): its VM file operations), or the same
 * comparison made by hvpart, says what the file is; the name of an
 * anonymous inode would not.  A file whose operations are KVM's holds
 * KVM's module, so @vm_fops stays valid while it is compared.  The VM must belong
 * to the current process, as KVM answers VM ioctls only there, and have
 * no vCPUs yet: what hvpart configures must come before them.  KVM
 * checks the vCPU count again under its own lock in every ioctl hvpart
 * configures with, so a vCPU created after this check makes those fail.
 *
 * Return: 0, or -EINVAL.
 */
int hvpart_kvm_vm_check(struct file *file,
			const struct file_operations *vm_fops)
{
	struct kvm *kvm;
	int is_kvm;

	is_kvm = hvpart_file_is_kvm(file);
	if (is_kvm == -ENOENT)
		is_kvm = vm_fops && file->f_op == vm_fops;
	if (is_kvm != 1)
		return -EINVAL;
	kvm = file->private_data;
	if (kvm->mm != current->mm)
		return -EINVAL;
	if (READ_ONCE(kvm->created_vcpus))
		return -EINVAL;
	return 0;
}
