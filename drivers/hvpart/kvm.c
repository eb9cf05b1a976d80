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

#include "hvpart.h"
#include "kvm_arch.h"
#include "kvm_vm.h"

#define HVPART_KVM_DEV		"/dev/kvm"

const struct hvpart_vm_ops *hvpart_vm_ops = &hvpart_kvm_ops;

/*
 * What KVM offers on this host, as asked by hvpart_kvm_host_probe(); under
 * hvpart_kvm_host_lock.  @cpuid is NULL until KVM answered.
 */
static DEFINE_MUTEX(hvpart_kvm_host_lock);
static struct hvc_cpuid_entry *hvpart_kvm_cpuid;
static u32 hvpart_kvm_cpuid_count;
static u32 hvpart_kvm_vcpu_supported;
static u64 hvpart_kvm_synthetic;
static u32 hvpart_kvm_pa_bits;
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
long hvpart_kvm_ioctl(struct file *file, unsigned int cmd,
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
unsigned long hvpart_scratch_map(size_t size)
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
/* Shape the caller's VM for creation @flags; called without p->lock. */
static int hvpart_kvm_configure_vm(u64 flags, struct file *vm)
{
	long ret;

	ret = hvpart_kvm_arch_configure_vm(flags, vm);
	if (ret)
		return ret;
	if (!(flags & HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU)) {
		ret = hvpart_kvm_disable_pmu(vm);
		if (ret)
			return ret;
	}
	return 0;
}

/* KVM's supported CPUID, as asked at load: a kvmalloc()ed copy. */
static int hvpart_kvm_supported_cpuid(struct hvc_cpuid_entry **entries,
				      u32 *count)
{
	struct hvc_cpuid_entry *copy;
	int ret = 0;

	mutex_lock(&hvpart_kvm_host_lock);
	/* Known without a CPUID: KVM has none on this architecture. */
	if (!hvpart_kvm_cpuid) {
		ret = hvpart_kvm_known ? -EOPNOTSUPP : -ENODEV;
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
 * One of KVM's answers at load (@field of the cached ones), or -ENODEV
 * when KVM did not answer: for the ops that report them.
 */
#define hvpart_kvm_host_answer(out, field) ({			\
	int __ret = 0;						\
								\
	mutex_lock(&hvpart_kvm_host_lock);			\
	if (hvpart_kvm_known)					\
		*(out) = hvpart_kvm_##field;			\
	else							\
		__ret = -ENODEV;				\
	mutex_unlock(&hvpart_kvm_host_lock);			\
	__ret;							\
})

/**
 * hvpart_kvm_host_vcpu_features() - the vCPU features KVM has (arm64)
 * @supported: out: 1 << HVC_ARM64_VCPU_* for each, as asked at load.
 *
 * Return: 0, or -ENODEV when KVM did not answer.
 */
int hvpart_kvm_host_vcpu_features(u32 *supported)
{
	return hvpart_kvm_host_answer(supported, vcpu_supported);
}

/* The synthetic features KVM emulates, as asked at load. */
static int hvpart_kvm_synthetic_offered(u64 *offered)
{
	return hvpart_kvm_host_answer(offered, synthetic);
}

/* A VM's guest physical address bits, as asked at load. */
static int hvpart_kvm_physical_address_width(u32 *bits)
{
	return hvpart_kvm_host_answer(bits, pa_bits);
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
	u32 count = 0, vcpu, pa_bits = 0;
	struct file *kvm;
	u64 synthetic;
	int err;

	if (!current->mm)
		return;
	kvm = hvpart_kvm_open();
	if (IS_ERR(kvm))
		return;
	err = hvpart_kvm_arch_query_cpuid(kvm, &entries, &count);
	/* An architecture without CPUID has nothing to say there. */
	if (err == -EOPNOTSUPP)
		err = 0;
	if (!err)
		pa_bits = hvpart_kvm_arch_query_pa_bits(kvm, entries, count);
	synthetic = hvpart_kvm_arch_query_synthetic(kvm);
	vcpu = hvpart_kvm_arch_query_vcpu_features(kvm);
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
	hvpart_kvm_synthetic = synthetic;
	hvpart_kvm_pa_bits = pa_bits;
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
	hvpart_kvm_synthetic = 0;
	hvpart_kvm_pa_bits = 0;
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
	.processor_vendor	= hvpart_kvm_arch_processor_vendor,
	.synthetic_offered	= hvpart_kvm_synthetic_offered,
	.physical_address_width	= hvpart_kvm_physical_address_width,
#if IS_ENABLED(CONFIG_ARM64)
	.arm64_host		= hvpart_kvm_arch_arm64_host,
	.vcpu_target		= hvpart_kvm_arch_vcpu_target,
#endif
};
