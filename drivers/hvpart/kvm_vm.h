/* SPDX-License-Identifier: GPL-2.0 */
/* kvm_vm.c: the one place that looks inside KVM's own structures. */
#ifndef HVPART_KVM_VM_H
#define HVPART_KVM_VM_H

#include <linux/fs.h>

#if IS_ENABLED(CONFIG_KVM)
bool hvpart_kvm_has_file_is_kvm(void);
int hvpart_kvm_vm_check(struct file *file,
			const struct file_operations *vm_fops);
#else
/* No KVM in this kernel (UML): no file is a VM, none needs learning. */
static inline bool hvpart_kvm_has_file_is_kvm(void)
{
	return true;
}

static inline int hvpart_kvm_vm_check(struct file *file,
				      const struct file_operations *vm_fops)
{
	return -EINVAL;
}
#endif

#endif /* HVPART_KVM_VM_H */
