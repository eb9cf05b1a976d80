// SPDX-License-Identifier: GPL-2.0
/*
 * KVM backing through KVM's file interface, not its symbols.
 *
 * The VMM creates its VM itself (KVM_CREATE_VM) and hands the fd to
 * Initialize: hvpart takes a reference to that file, checks that it is a
 * VM of the caller's with no vCPUs, and shapes it for the partition's
 * creation flags.  hvpart never opens /dev/kvm on a caller's behalf and
 * never touches a caller's fd table.
 *
 * What hvpart learns from KVM about the host (the supported CPUID, the
 * vCPU features) it asks once, in the context of whoever loads hvpart or
 * KVM (hvpart_kvm_host_probe()): that loader holds CAP_SYS_MODULE, and no
 * caller of /dev/hvpart can change the memory KVM answers into.
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/mutex.h>
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
#include "kvm_vm.h"

#define HVPART_KVM_DEV		"/dev/kvm"
/* Room for KVM_GET_SUPPORTED_CPUID; KVM itself caps it at 256 entries. */
#define HVPART_CPUID_MAX	256

const struct hvpart_vm_ops *hvpart_vm_ops = &hvpart_kvm_ops;

/*
 * What KVM offers on this host, as asked by hvpart_kvm_host_probe(); under
 * hvpart_kvm_host_lock.  @cpuid is NULL until KVM answered.
 */
static DEFINE_MUTEX(hvpart_kvm_host_lock);
static struct hvc_cpuid_entry *hvpart_kvm_cpuid;
static u32 hvpart_kvm_cpuid_count;
static u32 hvpart_kvm_vcpu_supported;
static bool hvpart_kvm_known;
/* A VM file's operations, where KVM's file_is_kvm() is out of reach. */
static const struct file_operations *hvpart_kvm_vm_fops;

#ifndef HVPART_HAVE_VFS_IOCTL
/* What vfs_ioctl() does, where the kernel no longer exports it (7.x). */
static long vfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	long ret;

	if (!file->f_op->unlocked_ioctl)
		return -ENOTTY;
	ret = file->f_op->unlocked_ioctl(file, cmd, arg);
	return ret == -ENOIOCTLCMD ? -ENOTTY : ret;
}
#endif

/* As the ioctl syscall would: the LSM hook, then vfs_ioctl(). */
static long hvpart_kvm_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	long ret;

	ret = security_file_ioctl(file, cmd, arg);
	if (ret)
		return ret;
	return vfs_ioctl(file, cmd, arg);
}

/*
 * /dev/kvm, and only the real one: whatever the path resolves to must be
 * the KVM misc device, not a file some mount put there.
 */
static struct file *hvpart_kvm_open(void)
{
	struct file *kvm = filp_open(HVPART_KVM_DEV, O_RDWR, 0);
	struct inode *inode;

	if (IS_ERR(kvm))
		return kvm;
	inode = file_inode(kvm);
	if (!S_ISCHR(inode->i_mode) ||
	    inode->i_rdev != MKDEV(MISC_MAJOR, KVM_MINOR)) {
		fput(kvm);
		return ERR_PTR(-ENODEV);
	}
	return kvm;
}

/* A private anonymous mapping in the current process, for pointer arguments. */
static unsigned long hvpart_scratch_map(size_t size)
{
	return vm_mmap(NULL, 0, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
}

/*
 * Without ENABLE_PERFMON_PMU the VM gets no virtual PMU at all, where KVM
 * can say so (KVM_CAP_PMU_CAPABILITY); the CPUID filter hides it anyway.
 *
 * KVM_ENABLE_CAP reads its argument from user memory, so it goes through
 * a scratch mapping of the caller's.  The caller can change it there, but
 * only to configure its own VM, which it can do through its own fd as
 * well: the argument decides nothing for anyone else.
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

#if IS_ENABLED(CONFIG_KVM)
static int hvpart_kvm_check_vm(struct file *vm)
{
	const struct file_operations *vm_fops;

	mutex_lock(&hvpart_kvm_host_lock);
	vm_fops = hvpart_kvm_vm_fops;
	mutex_unlock(&hvpart_kvm_host_lock);
	return hvpart_kvm_vm_check(vm, vm_fops);
}

/*
 * The file operations of KVM's VM files, for hvpart_kvm_vm_check() where
 * file_is_kvm() is not exported to hvpart (7.x): KVM makes a VM for the
 * loader (the current process, hvpart_kvm_host_probe()) and installs its
 * fd there; hvpart takes that file and closes the fd it had made, before
 * the loader's next system call could see it.
 */
static const struct file_operations *hvpart_kvm_learn_vm_fops(struct file *kvm)
{
	const struct file_operations *fops;
	struct file *vm;
	long fd;

	if (hvpart_kvm_has_file_is_kvm())
		return NULL;
	fd = hvpart_kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	if (fd < 0) {
		pr_warn("KVM_CREATE_VM failed (%ld): VM fds will be refused\n", fd);
		return NULL;
	}
	vm = fget(fd);
	close_fd(fd);
	if (!vm)
		return NULL;
	fops = vm->f_op;
	fput(vm);
	return fops;
}
#else
static int hvpart_kvm_check_vm(struct file *vm)
{
	return -EINVAL;
}

static const struct file_operations *hvpart_kvm_learn_vm_fops(struct file *kvm)
{
	return NULL;
}
#endif

/* Shape the caller's VM for creation @flags; called without p->lock. */
static int hvpart_kvm_configure_vm(u64 flags, struct file *vm)
{
	long ret;

#if IS_ENABLED(CONFIG_X86) && !IS_ENABLED(CONFIG_UML)
	if (flags & HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED) {
		ret = hvpart_kvm_ioctl(vm, KVM_CREATE_IRQCHIP, 0);
		/* The VMM made the irqchip already: what the flag asks for. */
		if (ret && ret != -EEXIST)
			return ret;
	}
#endif
	if (!(flags & HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU)) {
		ret = hvpart_kvm_disable_pmu(vm);
		if (ret)
			return ret;
	}
	return 0;
}

#if IS_ENABLED(CONFIG_X86) && !IS_ENABLED(CONFIG_UML)
static_assert(sizeof(struct hvc_cpuid_entry) == sizeof(struct kvm_cpuid_entry2));
static_assert(offsetof(struct hvc_cpuid_entry, regs) ==
	      offsetof(struct kvm_cpuid_entry2, eax));
static_assert(offsetof(struct kvm_cpuid2, entries) == 8);
static_assert(offsetof(struct hvc_cpuid_entry, padding) ==
	      offsetof(struct kvm_cpuid_entry2, padding));

/*
 * KVM_GET_SUPPORTED_CPUID through a scratch mapping of the current
 * process, which is the loader's (hvpart_kvm_host_probe()).
 */
static int hvpart_kvm_query_cpuid(struct file *kvm,
				  struct hvc_cpuid_entry **entries, u32 *count)
{
	size_t size = sizeof(struct kvm_cpuid2) +
		      HVPART_CPUID_MAX * sizeof(struct kvm_cpuid_entry2);
	struct kvm_cpuid2 __user *ucpuid;
	struct hvc_cpuid_entry *buf;
	unsigned long uaddr;
	u32 nent;
	long ret;

	uaddr = hvpart_scratch_map(size);
	if (IS_ERR_VALUE(uaddr))
		return (int)uaddr;
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
	return ret;
}

static u32 hvpart_host_processor_vendor(void)
{
	switch (boot_cpu_data.x86_vendor) {
	case X86_VENDOR_INTEL:
		return HVPART_PROCESSOR_VENDOR_INTEL;
	case X86_VENDOR_HYGON:
		return HVPART_PROCESSOR_VENDOR_HYGON;
	default:
		return HVPART_PROCESSOR_VENDOR_AMD;
	}
}
#else
static int hvpart_kvm_query_cpuid(struct file *kvm,
				  struct hvc_cpuid_entry **entries, u32 *count)
{
	*entries = NULL;
	*count = 0;
	return 0;
}
#endif

/* KVM's supported CPUID, as asked at load: a kvmalloc()ed copy. */
static int hvpart_kvm_supported_cpuid(struct hvc_cpuid_entry **entries,
				      u32 *count)
{
	struct hvc_cpuid_entry *copy;
	int ret = 0;

	if (!IS_ENABLED(CONFIG_X86) || IS_ENABLED(CONFIG_UML))
		return -EOPNOTSUPP;
	mutex_lock(&hvpart_kvm_host_lock);
	if (!hvpart_kvm_cpuid) {
		ret = -ENODEV;
		goto out;
	}
	copy = kvmalloc_array(hvpart_kvm_cpuid_count ? hvpart_kvm_cpuid_count : 1,
			      sizeof(*copy), GFP_KERNEL);
	if (!copy) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(copy, hvpart_kvm_cpuid,
	       hvpart_kvm_cpuid_count * sizeof(*copy));
	*entries = copy;
	*count = hvpart_kvm_cpuid_count;
out:
	mutex_unlock(&hvpart_kvm_host_lock);
	return ret;
}

/*
 * KVM offers SVM or VMX in its supported CPUID exactly when it can run a
 * nested hypervisor (kvm-amd's or kvm-intel's "nested" parameter).
 */
static bool hvpart_kvm_nested_supported(void)
{
	bool nested = false;
	u32 i;

	mutex_lock(&hvpart_kvm_host_lock);
	for (i = 0; hvpart_kvm_cpuid && i < hvpart_kvm_cpuid_count; i++) {
		const struct hvc_cpuid_entry *e = &hvpart_kvm_cpuid[i];

		if (e->function == HVC_CPUID_LEAF_FEATURES &&
		    (e->regs[HVC_CPUID_ECX] & HVC_CPUID_1_ECX_VMX))
			nested = true;
		if (e->function == HVC_CPUID_LEAF_EXT_FEATURES &&
		    (e->regs[HVC_CPUID_ECX] & HVC_CPUID_80000001_ECX_SVM))
			nested = true;
	}
	mutex_unlock(&hvpart_kvm_host_lock);
	return nested;
}

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

static u32 hvpart_kvm_query_vcpu_features(struct file *kvm)
{
	u32 supported = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvpart_arm64_vcpu_caps); i++)
		if (hvpart_kvm_ioctl(kvm, KVM_CHECK_EXTENSION,
				     hvpart_arm64_vcpu_caps[i].cap) > 0)
			supported |= BIT(hvpart_arm64_vcpu_caps[i].feature);
	return supported;
}

/*
 * The system-wide (sanitised) ID registers are what KVM starts every
 * vCPU's from; the vCPU features are KVM's answer at load.
 */
static int hvpart_kvm_arm64_host(u64 regs[HVC_ARM64_REGS], u32 *vcpu_supported)
{
	unsigned int i;
	int ret = 0;

	mutex_lock(&hvpart_kvm_host_lock);
	if (hvpart_kvm_known)
		*vcpu_supported = hvpart_kvm_vcpu_supported;
	else
		ret = -ENODEV;
	mutex_unlock(&hvpart_kvm_host_lock);
	if (ret)
		return ret;

	regs[HVC_ARM64_NO_REG] = 0;
	for (i = HVC_ARM64_NO_REG + 1; i < HVC_ARM64_REGS; i++)
		regs[i] = read_sanitised_ftr_reg(hvpart_arm64_sysregs[i]);
	return 0;
}

/*
 * KVM_ARM_PREFERRED_TARGET of the caller's own VM.  The answer lands in a
 * scratch mapping of the caller's and goes back to the same caller only,
 * so what the caller may write there misleads nobody but itself.  KVM
 * answers VM ioctls only in the VM's process; hvpart_vcpu_init() checks
 * that first.
 */
static int hvpart_kvm_vcpu_target(struct file *vm, u32 *target)
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
#else
static u32 hvpart_kvm_query_vcpu_features(struct file *kvm)
{
	return 0;
}
#endif

#if !IS_ENABLED(CONFIG_X86) || IS_ENABLED(CONFIG_UML)
static u32 hvpart_host_processor_vendor(void)
{
	return HVPART_PROCESSOR_VENDOR_ARM;
}
#endif

/**
 * hvpart_kvm_host_probe() - ask KVM what it offers on this host
 *
 * Called where hvpart or KVM is loaded: the current process is the loader,
 * which holds CAP_SYS_MODULE in the initial namespace, so neither the path
 * /dev/kvm nor the scratch memory KVM answers into is a caller's to fake.
 * The answer is kept until KVM goes away (hvpart_kvm_host_forget()).
 * Without KVM, or in a kernel thread, it leaves the answer unknown: calls
 * that need it then answer HVPART_STATUS_NO_RESOURCES.
 */
void hvpart_kvm_host_probe(void)
{
	const struct file_operations *vm_fops;
	struct hvc_cpuid_entry *entries = NULL;
	struct file *kvm;
	u32 count = 0, vcpu;
	int err;

	if (!current->mm)
		return;
	kvm = hvpart_kvm_open();
	if (IS_ERR(kvm))
		return;
	err = hvpart_kvm_query_cpuid(kvm, &entries, &count);
	vcpu = hvpart_kvm_query_vcpu_features(kvm);
	vm_fops = hvpart_kvm_learn_vm_fops(kvm);
	fput(kvm);
	if (err) {
		pr_warn("KVM_GET_SUPPORTED_CPUID failed (%d)\n", err);
		return;
	}

	mutex_lock(&hvpart_kvm_host_lock);
	swap(hvpart_kvm_cpuid, entries);
	hvpart_kvm_cpuid_count = count;
	hvpart_kvm_vcpu_supported = vcpu;
	hvpart_kvm_vm_fops = vm_fops;
	hvpart_kvm_known = true;
	mutex_unlock(&hvpart_kvm_host_lock);
	kvfree(entries);
}

/**
 * hvpart_kvm_host_forget() - KVM is going away: its answer goes with it
 */
void hvpart_kvm_host_forget(void)
{
	struct hvc_cpuid_entry *entries;

	mutex_lock(&hvpart_kvm_host_lock);
	entries = hvpart_kvm_cpuid;
	hvpart_kvm_cpuid = NULL;
	hvpart_kvm_cpuid_count = 0;
	hvpart_kvm_vcpu_supported = 0;
	hvpart_kvm_vm_fops = NULL;
	hvpart_kvm_known = false;
	mutex_unlock(&hvpart_kvm_host_lock);
	kvfree(entries);
}

#ifdef CONFIG_MODULES
/* KVM proper and the vendor modules that register /dev/kvm on x86. */
static bool hvpart_module_is_kvm(const struct module *mod)
{
	return !strcmp(mod->name, "kvm") || !strcmp(mod->name, "kvm_amd") ||
	       !strcmp(mod->name, "kvm_intel");
}

/*
 * KVM loaded after hvpart: ask it once it is live, in its loader's
 * context; forget the answer when it starts to unload.
 */
static int hvpart_kvm_module_event(struct notifier_block *nb,
				   unsigned long event, void *data)
{
	struct module *mod = data;

	if (!hvpart_module_is_kvm(mod))
		return NOTIFY_DONE;
	if (event == MODULE_STATE_LIVE)
		hvpart_kvm_host_probe();
	else if (event == MODULE_STATE_GOING)
		hvpart_kvm_host_forget();
	return NOTIFY_DONE;
}

static struct notifier_block hvpart_kvm_module_nb = {
	.notifier_call = hvpart_kvm_module_event,
};

static int hvpart_kvm_follow(void)
{
	return register_module_notifier(&hvpart_kvm_module_nb);
}

static void hvpart_kvm_unfollow(void)
{
	unregister_module_notifier(&hvpart_kvm_module_nb);
}
#else
/* Built in, with KVM built in or absent: nothing loads later. */
static int hvpart_kvm_follow(void)
{
	return 0;
}

static void hvpart_kvm_unfollow(void)
{
}
#endif

/**
 * hvpart_kvm_init() - for module init: probe KVM, and follow its loads
 *
 * Return: 0 or a negative errno.
 */
int hvpart_kvm_init(void)
{
	/*
	 * Not in the KUnit build: its hvpart_kvm suite probes from its test
	 * thread, with the loader's mm borrowed, before this runs; an mmap
	 * of the loader's own after that trips 6.1's lockdep checks of the
	 * maple tree ("suspicious RCU usage").
	 */
#ifndef HVPART_KUNIT_BUILD
	hvpart_kvm_host_probe();
#endif
	return hvpart_kvm_follow();
}

/**
 * hvpart_kvm_exit() - for module exit
 */
void hvpart_kvm_exit(void)
{
	hvpart_kvm_unfollow();
	hvpart_kvm_host_forget();
}

const struct hvpart_vm_ops hvpart_kvm_ops = {
	.check_vm		= hvpart_kvm_check_vm,
	.configure_vm		= hvpart_kvm_configure_vm,
	.supported_cpuid	= hvpart_kvm_supported_cpuid,
	.nested_supported	= hvpart_kvm_nested_supported,
	.processor_vendor	= hvpart_host_processor_vendor,
#if IS_ENABLED(CONFIG_ARM64)
	.arm64_host		= hvpart_kvm_arm64_host,
	.vcpu_target		= hvpart_kvm_vcpu_target,
#endif
};
