/* SPDX-License-Identifier: GPL-2.0 */
/* kvm_vm.c: the one place that looks inside KVM's own structures. */
#ifndef HVPART_KVM_VM_H
#define HVPART_KVM_VM_H

struct file;

int hvpart_kvm_vm_check(struct file *file);

#endif /* HVPART_KVM_VM_H */
