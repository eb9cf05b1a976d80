// SPDX-License-Identifier: GPL-2.0
/*
 * KVM backing through KVM's file interface, not its symbols: /dev/kvm is
 * opened in the calling process and driven with its ordinary ioctls, so
 * the VM belongs to the caller's mm exactly as if the VMM had created it.
 * Ioctls that take a pointer get one into a scratch mapping of the
 * caller's own memory: kernel buffers cannot pass as __user pointers.
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#if IS_ENABLED(CONFIG_ARM64)
#include <asm/cpufeature.h>
#include <asm/sysreg.h>
#endif

#include "hvpart.h"

#define HVPART_KVM_DEV		"/dev/kvm"
#define HVPART_KVM_VM_NAME	"kvm-vm"
/* Room for KVM_GET_SUPPORTED_CPUID; KVM itself caps it at 256 entries. */
#define HVPART_CPUID_MAX	256

const struct hvpart_vm_ops *hvpart_vm_ops = &hvpart_kvm_ops;

/* As the ioctl syscall would: the LSM hook, then the file's handler. */
static long hvpart_kvm_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	long ret;

	if (!file->f_op->unlocked_ioctl)
		return -ENOTTY;
	ret = security_file_ioctl(file, cmd, arg);
	if (ret)
		return ret;
	return file->f_op->unlocked_ioctl(file, cmd, arg);
}

static struct file *hvpart_kvm_open(void)
{
	return filp_open(HVPART_KVM_DEV, O_RDWR, 0);
}

/* A private anonymous mapping in the caller, for pointer arguments. */
static unsigned long hvpart_scratch_map(size_t size)
{
	return vm_mmap(NULL, 0, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
}

/*
 * Without ENABLE_PERFMON_PMU the VM gets no virtual PMU at all, where KVM
 * can say so (KVM_CAP_PMU_CAPABILITY); the CPUID filter hides it anyway.
 */
static int hvpart_kvm_disable_pmu(struct file *vm)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_PMU_CAPABILITY,
		.args = { KVM_PMU_CAP_DISABLE },
	};
	unsigned long uaddr;
	long ret;

	ret = hvpart_kvm_ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_PMU_CAPABILITY);
	if (ret <= 0 || !(ret & KVM_PMU_CAP_DISABLE))
		return 0;

	uaddr = hvpart_scratch_map(PAGE_SIZE);
	if (IS_ERR_VALUE(uaddr))
		return (int)uaddr;
	ret = -EFAULT;
	if (!copy_to_user((void __user *)uaddr, &cap, sizeof(cap)))
		ret = hvpart_kvm_ioctl(vm, KVM_ENABLE_CAP, uaddr);
	vm_munmap(uaddr, PAGE_SIZE);
	return ret;
}

/* Renamed file_close_fd() in Linux 6.8; Kbuild probes which one exists. */
#ifdef HVPART_HAVE_CLOSE_FD_GET_FILE
#define hvpart_file_close_fd	close_fd_get_file
#else
#define hvpart_file_close_fd	file_close_fd
#endif

/* KVM's VM files are anonymous inodes named "kvm-vm". */
static bool hvpart_file_is_kvm_vm(struct file *file)
{
	return file_inode(file)->i_sb->s_magic == ANON_INODE_FS_MAGIC &&
	       !strcmp(file_dentry(file)->d_name.name, HVPART_KVM_VM_NAME);
}

/* A new KVM VM in the caller's process, as a file and not as an fd. */
static int hvpart_kvm_new_vm(struct file **vmp)
{
	struct file *kvm, *vm;
	int fd;

	kvm = hvpart_kvm_open();
	if (IS_ERR(kvm))
		return PTR_ERR(kvm);
	fd = hvpart_kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	fput(kvm);
	if (fd < 0)
		return fd;

	/*
	 * KVM installed an fd in the caller's table.  Take it straight back
	 * out: the VM is configured before anyone can reach it, and hvpart
	 * decides who gets an fd.  Another thread of the caller may have
	 * swapped the number already, so check what came out.
	 */
	vm = hvpart_file_close_fd(fd);
	if (!vm)
		return -EBADF;
	if (!hvpart_file_is_kvm_vm(vm)) {
		fput(vm);
		return -EBADF;
	}
	*vmp = vm;
	return 0;
}

static int hvpart_kvm_create_vm(struct hvpart_partition *p, struct file **vmp)
{
	struct file *vm;
	long ret;

	ret = hvpart_kvm_new_vm(&vm);
	if (ret)
		return ret;

#if IS_ENABLED(CONFIG_X86) && !IS_ENABLED(CONFIG_UML)
	if (p->cpu.flags & HV_PARTITION_CREATION_FLAG_LAPIC_ENABLED) {
		ret = hvpart_kvm_ioctl(vm, KVM_CREATE_IRQCHIP, 0);
		if (ret)
			goto err_put;
	}
#endif
	if (!(p->cpu.flags & HV_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU)) {
		ret = hvpart_kvm_disable_pmu(vm);
		if (ret)
			goto err_put;
	}

	*vmp = vm;
	return 0;

err_put:
	fput(vm);
	return ret;
}

#if IS_ENABLED(CONFIG_X86) && !IS_ENABLED(CONFIG_UML)
static_assert(sizeof(struct hvc_cpuid_entry) == sizeof(struct kvm_cpuid_entry2));
static_assert(offsetof(struct hvc_cpuid_entry, regs) ==
	      offsetof(struct kvm_cpuid_entry2, eax));
static_assert(offsetof(struct kvm_cpuid2, entries) == 8);
static_assert(offsetof(struct hvc_cpuid_entry, padding) ==
	      offsetof(struct kvm_cpuid_entry2, padding));

static int hvpart_kvm_supported_cpuid(struct hvc_cpuid_entry **entries,
				      u32 *count)
{
	size_t size = sizeof(struct kvm_cpuid2) +
		      HVPART_CPUID_MAX * sizeof(struct kvm_cpuid_entry2);
	struct kvm_cpuid2 __user *ucpuid;
	struct hvc_cpuid_entry *buf;
	unsigned long uaddr;
	struct file *kvm;
	u32 nent;
	long ret;

	kvm = hvpart_kvm_open();
	if (IS_ERR(kvm))
		return PTR_ERR(kvm);

	uaddr = hvpart_scratch_map(size);
	if (IS_ERR_VALUE(uaddr)) {
		ret = (long)uaddr;
		goto out_put;
	}
	ucpuid = (struct kvm_cpuid2 __user *)uaddr;
	ret = -EFAULT;
	if (put_user((u32)HVPART_CPUID_MAX, &ucpuid->nent))
		goto out_unmap;
	ret = hvpart_kvm_ioctl(kvm, KVM_GET_SUPPORTED_CPUID, uaddr);
	if (ret)
		goto out_unmap;
	ret = -EFAULT;
	if (get_user(nent, &ucpuid->nent) || nent > HVPART_CPUID_MAX)
		goto out_unmap;

	ret = -ENOMEM;
	buf = kvmalloc_array(nent ? nent : 1, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		goto out_unmap;
	if (copy_from_user(buf, ucpuid->entries, nent * sizeof(*buf))) {
		kvfree(buf);
		ret = -EFAULT;
		goto out_unmap;
	}
	*entries = buf;
	*count = nent;
	ret = 0;

out_unmap:
	vm_munmap(uaddr, size);
out_put:
	fput(kvm);
	return ret;
}

/*
 * KVM offers SVM or VMX in its supported CPUID exactly when it can run a
 * nested hypervisor; asking KVM avoids trusting a sysfs path the caller's
 * mount namespace could fake.
 */
static bool hvpart_kvm_nested_supported(void)
{
	struct hvc_cpuid_entry *entries;
	bool nested = false;
	u32 count, i;

	if (hvpart_kvm_supported_cpuid(&entries, &count))
		return false;
	for (i = 0; i < count; i++) {
		if (entries[i].function == 0x1 &&
		    (entries[i].regs[HVC_CPUID_ECX] & BIT(5)))
			nested = true;
		if (entries[i].function == 0x80000001 &&
		    (entries[i].regs[HVC_CPUID_ECX] & BIT(2)))
			nested = true;
	}
	kvfree(entries);
	return nested;
}

static u32 hvpart_host_processor_vendor(void)
{
	switch (boot_cpu_data.x86_vendor) {
	case X86_VENDOR_INTEL:
		return HV_PROCESSOR_VENDOR_INTEL;
	case X86_VENDOR_HYGON:
		return HV_PROCESSOR_VENDOR_HYGON;
	default:
		return HV_PROCESSOR_VENDOR_AMD;
	}
}
#else
static int hvpart_kvm_supported_cpuid(struct hvc_cpuid_entry **entries,
				      u32 *count)
{
	return -EOPNOTSUPP;
}
#endif

#if IS_ENABLED(CONFIG_ARM64)
static_assert(HVC_ARM64_VCPU_PSCI_0_2 == KVM_ARM_VCPU_PSCI_0_2);
static_assert(HVC_ARM64_VCPU_PMU_V3 == KVM_ARM_VCPU_PMU_V3);
static_assert(HVC_ARM64_VCPU_SVE == KVM_ARM_VCPU_SVE);
static_assert(HVC_ARM64_VCPU_PTRAUTH_ADDRESS == KVM_ARM_VCPU_PTRAUTH_ADDRESS);
static_assert(HVC_ARM64_VCPU_PTRAUTH_GENERIC == KVM_ARM_VCPU_PTRAUTH_GENERIC);
static_assert(sizeof_field(struct hvpart_vcpu_init, features) ==
	      sizeof_field(struct kvm_vcpu_init, features));
static_assert(offsetof(struct hvpart_vcpu_init, features) -
	      offsetof(struct hvpart_vcpu_init, target) ==
	      offsetof(struct kvm_vcpu_init, features));

/* The registers of enum hvc_arm64_reg, as the kernel's cpufeature knows them. */
static const u32 hvpart_arm64_sysregs[HVC_ARM64_REGS] = {
	[HVC_ARM64_ID_AA64PFR0] = SYS_ID_AA64PFR0_EL1,
	[HVC_ARM64_ID_AA64PFR1] = SYS_ID_AA64PFR1_EL1,
	[HVC_ARM64_ID_AA64DFR0] = SYS_ID_AA64DFR0_EL1,
	[HVC_ARM64_ID_AA64ISAR0] = SYS_ID_AA64ISAR0_EL1,
	[HVC_ARM64_ID_AA64ISAR1] = SYS_ID_AA64ISAR1_EL1,
	[HVC_ARM64_ID_AA64ISAR2] = SYS_ID_AA64ISAR2_EL1,
	[HVC_ARM64_ID_AA64MMFR0] = SYS_ID_AA64MMFR0_EL1,
	[HVC_ARM64_ID_AA64MMFR1] = SYS_ID_AA64MMFR1_EL1,
	[HVC_ARM64_ID_AA64MMFR2] = SYS_ID_AA64MMFR2_EL1,
	[HVC_ARM64_ID_AA64ZFR0] = SYS_ID_AA64ZFR0_EL1,
	[HVC_ARM64_CTR] = SYS_CTR_EL0,
	[HVC_ARM64_DCZID] = SYS_DCZID_EL0,
};

/* KVM capabilities that say a vCPU feature is there. */
static const struct {
	u32 cap;
	u8 feature;
} hvpart_arm64_vcpu_caps[] = {
	{ KVM_CAP_ARM_PSCI_0_2, KVM_ARM_VCPU_PSCI_0_2 },
	{ KVM_CAP_ARM_PMU_V3, KVM_ARM_VCPU_PMU_V3 },
	{ KVM_CAP_ARM_SVE, KVM_ARM_VCPU_SVE },
	{ KVM_CAP_ARM_PTRAUTH_ADDRESS, KVM_ARM_VCPU_PTRAUTH_ADDRESS },
	{ KVM_CAP_ARM_PTRAUTH_GENERIC, KVM_ARM_VCPU_PTRAUTH_GENERIC },
};

/*
 * The system-wide (sanitised) ID registers are what KVM starts every
 * vCPU's from; the capabilities come from /dev/kvm as a VMM would ask.
 */
static int hvpart_kvm_arm64_host(u64 regs[HVC_ARM64_REGS], u32 *vcpu_supported)
{
	struct file *kvm;
	unsigned int i;
	u32 supported = 0;

	kvm = hvpart_kvm_open();
	if (IS_ERR(kvm))
		return PTR_ERR(kvm);
	for (i = 0; i < ARRAY_SIZE(hvpart_arm64_vcpu_caps); i++)
		if (hvpart_kvm_ioctl(kvm, KVM_CHECK_EXTENSION,
				     hvpart_arm64_vcpu_caps[i].cap) > 0)
			supported |= BIT(hvpart_arm64_vcpu_caps[i].feature);
	fput(kvm);

	regs[HVC_ARM64_NO_REG] = 0;
	for (i = HVC_ARM64_NO_REG + 1; i < HVC_ARM64_REGS; i++)
		regs[i] = read_sanitised_ftr_reg(hvpart_arm64_sysregs[i]);
	*vcpu_supported = supported;
	return 0;
}

static int hvpart_kvm_preferred_target(struct file *vm, u32 *target)
{
	struct kvm_vcpu_init init;
	unsigned long uaddr;
	long ret;

	uaddr = hvpart_scratch_map(PAGE_SIZE);
	if (IS_ERR_VALUE(uaddr))
		return (int)uaddr;
	ret = hvpart_kvm_ioctl(vm, KVM_ARM_PREFERRED_TARGET, uaddr);
	if (!ret && copy_from_user(&init, (void __user *)uaddr, sizeof(init)))
		ret = -EFAULT;
	vm_munmap(uaddr, PAGE_SIZE);
	if (ret)
		return ret;
	*target = init.target;
	return 0;
}

/*
 * KVM answers VM ioctls only in the process that created the VM (EIO
 * elsewhere), and the partition's VM may be another process's, e.g. an
 * earlier `hvctl init`.  The preferred target is the host's, not the
 * VM's: then ask a short-lived VM of the caller's own.
 */
static int hvpart_kvm_vcpu_target(struct file *vm, u32 *target)
{
	struct file *own;
	int ret;

	ret = hvpart_kvm_preferred_target(vm, target);
	if (ret != -EIO)
		return ret;
	ret = hvpart_kvm_new_vm(&own);
	if (ret)
		return ret;
	ret = hvpart_kvm_preferred_target(own, target);
	fput(own);
	return ret;
}
#endif

#if !IS_ENABLED(CONFIG_X86) || IS_ENABLED(CONFIG_UML)
static bool hvpart_kvm_nested_supported(void)
{
	return false;
}

static u32 hvpart_host_processor_vendor(void)
{
	return HV_PROCESSOR_VENDOR_ARM;
}
#endif

const struct hvpart_vm_ops hvpart_kvm_ops = {
	.create_vm		= hvpart_kvm_create_vm,
	.supported_cpuid	= hvpart_kvm_supported_cpuid,
	.nested_supported	= hvpart_kvm_nested_supported,
	.processor_vendor	= hvpart_host_processor_vendor,
#if IS_ENABLED(CONFIG_ARM64)
	.arm64_host		= hvpart_kvm_arm64_host,
	.vcpu_target		= hvpart_kvm_vcpu_target,
#endif
};
