/* SPDX-License-Identifier: GPL-2.0 */
/* kvm_vm.c: the one place that looks inside KVM's own structures. */
#ifndef HVPART_KVM_VM_H
#define HVPART_KVM_VM_H

#include <linux/fs.h>

bool hvpart_kvm_has_file_is_kvm(void);
int hvpart_kvm_vm_check(struct file *file,
			const struct file_operations *vm_fops);

#endif /* HVPART_KVM_VM_H */
