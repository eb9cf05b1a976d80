// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the real KVM backing of kvm.c, where the kernel has KVM: on the
 * debug guest kernel under QEMU, hvpart.ko with its suites is loaded after
 * kvm and kvm-amd, with devtmpfs on /dev (tests/e2e/init.sh).  UML has no
 * KVM: there, and wherever /dev/kvm cannot be opened, the cases skip.
 *
 * KUnit runs each case in a kernel thread, which has no mm; KVM creates a
 * VM in the calling process's mm, and hvpart maps scratch memory there.
 * The cases make their VMs themselves, as a VMM does.
 * The suite runs while the module loads, in the loading process, so
 * suite_init keeps a reference to that process's mm and each case borrows
 * it with kthread_use_mm().
 */
#include <kunit/test.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/kvm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../../drivers/hvpart/hvpart.h"

static struct mm_struct *hvpart_kvm_test_mm;

static int hvpart_kvm_suite_init(struct kunit_suite *suite)
{
	if (current->mm && mmget_not_zero(current->mm))
		hvpart_kvm_test_mm = current->mm;
	return 0;
}

static void hvpart_kvm_suite_exit(struct kunit_suite *suite)
{
	if (hvpart_kvm_test_mm)
		mmput(hvpart_kvm_test_mm);
	hvpart_kvm_test_mm = NULL;
}

/* Borrow the loader's mm, or skip where there is no KVM to reach. */
static void hvpart_kvm_enter(struct kunit *test)
{
	struct file *kvm;

	if (IS_ENABLED(CONFIG_UML))
		kunit_skip(test, "UML has no KVM");
	if (!hvpart_kvm_test_mm)
		kunit_skip(test, "no process mm to borrow (built in, not loaded)");
	kvm = filp_open("/dev/kvm", O_RDWR, 0);
	if (IS_ERR(kvm))
		kunit_skip(test, "no /dev/kvm (%ld)", PTR_ERR(kvm));
	fput(kvm);
	kthread_use_mm(hvpart_kvm_test_mm);
}

static void hvpart_kvm_leave(struct kunit *test)
{
	kthread_unuse_mm(hvpart_kvm_test_mm);
}

static long hvpart_kvm_test_ioctl(struct file *f, unsigned int cmd,
				  unsigned long arg)
{
	return f->f_op->unlocked_ioctl(f, cmd, arg);
}

/* A VM as a VMM makes one; the test keeps the file and drops its fd. */
static struct file *hvpart_kvm_test_new_vm(struct kunit *test)
{
	struct file *kvm, *vm;
	int fd;

	kvm = filp_open("/dev/kvm", O_RDWR, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(kvm));
	fd = hvpart_kvm_test_ioctl(kvm, KVM_CREATE_VM, 0);
	fput(kvm);
	KUNIT_ASSERT_GE(test, fd, 0);
	vm = fget(fd);
	close_fd(fd);
	KUNIT_ASSERT_NOT_NULL(test, vm);
	return vm;
}

/*
 * check_vm() takes a VM of this process with no vCPUs and nothing else;
 * configure_vm() shapes it for the creation flags.
 */
static void hvpart_kvm_configure_vm_real(struct kunit *test)
{
	struct file *vm, *kvm;
	int fd;

	hvpart_kvm_enter(test);
	vm = hvpart_kvm_test_new_vm(test);
	KUNIT_EXPECT_EQ(test, hvpart_kvm_ops.check_vm(vm), 0);
	kvm = filp_open("/dev/kvm", O_RDWR, 0);
	if (!IS_ERR(kvm)) {
		KUNIT_EXPECT_EQ(test, hvpart_kvm_ops.check_vm(kvm), -EINVAL);
		fput(kvm);
	}

	KUNIT_EXPECT_EQ(test, hvpart_kvm_ops.configure_vm(
				HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED, vm), 0);
#if IS_ENABLED(CONFIG_X86)
	/* LAPIC_ENABLED made the in-kernel irqchip already... */
	KUNIT_EXPECT_EQ(test, hvpart_kvm_test_ioctl(vm, KVM_CREATE_IRQCHIP, 0),
			(long)-EEXIST);
	/* ...and one the VMM made itself does as well. */
	KUNIT_EXPECT_EQ(test, hvpart_kvm_ops.configure_vm(
				HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED, vm), 0);
#endif
	/* The VM takes vCPUs like any other; then it is too late to bind. */
	fd = hvpart_kvm_test_ioctl(vm, KVM_CREATE_VCPU, 0);
	KUNIT_EXPECT_GE(test, fd, 0);
	if (fd >= 0)
		close_fd(fd);
	KUNIT_EXPECT_EQ(test, hvpart_kvm_ops.check_vm(vm), -EINVAL);
	fput(vm);
	hvpart_kvm_leave(test);
}

/* KVM's supported CPUID comes back whole, and the filter cuts it. */
static void hvpart_kvm_cpuid_real(struct kunit *test)
{
	struct hvc_partition_cpu cpu = {};
	struct hvc_cpuid_entry *entries;
	u64 host[HVC_BANKS], cut[HVC_BANKS];
	u32 count;
	int err;

	hvpart_kvm_enter(test);
	/* What module init does in a build without the suites. */
	hvpart_kvm_host_probe();
	err = hvpart_kvm_ops.supported_cpuid(&entries, &count);
	if (!IS_ENABLED(CONFIG_X86)) {
		KUNIT_EXPECT_EQ(test, err, -EOPNOTSUPP);
		hvpart_kvm_leave(test);
		return;
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_GT(test, count, 10U);
	KUNIT_EXPECT_EQ(test, entries[0].function, 0U);
	hvc_cpuid_host_banks(entries, count, host);
	/* The guest CPU of the suite has SSE3 (bank 0 bit 0). */
	KUNIT_EXPECT_TRUE(test, host[0] & 1);
	cpu.disabled[0] = ~0ULL;
	cpu.disabled[1] = ~0ULL;
	cpu.disabled[HVC_BANK_XSAVE] = ~0ULL;
	count = hvc_cpuid_filter(entries, count, &cpu);
	hvc_cpuid_host_banks(entries, count, cut);
	KUNIT_EXPECT_EQ(test, cut[0], 0ULL);
	KUNIT_EXPECT_EQ(test, cut[HVC_BANK_XSAVE], 0ULL);
	kvfree(entries);
	hvpart_kvm_leave(test);
}

static struct kunit_case hvpart_kvm_cases[] = {
	KUNIT_CASE(hvpart_kvm_configure_vm_real),
	KUNIT_CASE(hvpart_kvm_cpuid_real),
	{}
};

static struct kunit_suite hvpart_kvm_suite = {
	.name = "hvpart_kvm",
	.suite_init = hvpart_kvm_suite_init,
	.suite_exit = hvpart_kvm_suite_exit,
	.test_cases = hvpart_kvm_cases,
};

kunit_test_suites(&hvpart_kvm_suite);
