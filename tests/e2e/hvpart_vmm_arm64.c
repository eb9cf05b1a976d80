// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_vmm_arm64: a tiny arm64 VMM that runs guest code on KVM-backed
 * partitions and proves that the partition's creation flags and disabled
 * ARM64 features are what its guest sees.
 *
 * Runs as root in the arm64 QEMU guest (KVM built in, VHE at EL2) with
 * debugfs at /sys/kernel/debug and hvpart loaded (tests/e2e/init.sh).
 * Two partitions, each driven like a real VMM would:
 *
 *   create (48-byte ARM64 layout) -> KVM_CREATE_VM (the VMM's own VM)
 *   -> HVPART_INITIALIZE_PARTITION with that VM's fd -> HVPART_GET_VCPU_INIT -> KVM_SET_USER_MEMORY_REGION (64 KiB at 0)
 *   -> KVM_CREATE_VCPU -> KVM_ARM_VCPU_INIT with hvpart's target and
 *   features (-> SVE finalize, PMU init where given) -> KVM_RUN.
 *
 * "control" asks for the PMU (ENABLE_PERFMON_PMU) and disables nothing;
 * it is created with HVPART_CREATE_PARTITION_ARM64.  "hidden" disables
 * sve (bank 1 bit 37) and gpa (bank 0 bit 44) and has no PMU flag; it is
 * created through HVPART_HVCALL with a 48-byte input page, the native
 * layout.  The guest code, at EL1 with the MMU off, stores 0x1234 to an
 * unbacked address (an MMIO exit the VMM checks), then reads
 * ID_AA64PFR0_EL1, ID_AA64ISAR1_EL1 and ID_AA64DFR0_EL1 and stores each to
 * the MMIO page: what KVM shows this vCPU.  The hidden guest must see no
 * SVE, no pointer authentication and no PMU; the control guest sees each
 * one KVM supports, so the test proves hiding rather than absence.  Then
 * finalize and delete both, close the fds, and show through KVM's debugfs
 * folders that the VMs are gone.
 *
 * Output: "ok - ..." / "not ok - ..." lines, then
 * "hvpart_vmm_arm64: N passed, M failed"; exit status 1 on any failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "e2e_util.h"

#define GUEST_MEM	0x10000
#define MMIO_GPA	0x10000000ULL
#define GUEST_DATA	0x1234

/* ID register fields the checks read (Arm ARM). */
#define PFR0_SVE_SHIFT		32
#define ISAR1_APA_SHIFT		4
#define ISAR1_API_SHIFT		8
#define ISAR1_GPA_SHIFT		24
#define ISAR1_GPI_SHIFT		28
#define DFR0_PMUVER_SHIFT	8

/* KVM_{GET,SET}_ONE_REG ids. */
#define CORE_REG(field) \
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
	 (offsetof(struct kvm_regs, field) / sizeof(__u32)))
#define ID_REG(op0, op1, crn, crm, op2) \
	ARM64_SYS_REG(op0, op1, crn, crm, op2)
#define REG_ID_AA64PFR0		ID_REG(3, 0, 0, 4, 0)
#define REG_ID_AA64DFR0		ID_REG(3, 0, 0, 5, 0)
#define REG_ID_AA64ISAR1	ID_REG(3, 0, 0, 6, 1)

/* Bits of the Hyper-V ARM64 banks the hidden partition disables. */
#define BANK0_GPA		44
#define BANK1_SVE		37

/*
 * The guest: x0 = MMIO_GPA; str w1 (0x1234) -> [x0]; then ID_AA64PFR0,
 * ID_AA64ISAR1, ID_AA64DFR0 -> [x0 + 8], [x0 + 16], [x0 + 24]; loop.
 * Checked with aarch64-linux-gnu-objdump.
 */
static const __u32 guest_code[] = {
	0xd2a20000,	/* movz x0, #0x1000, lsl #16 */
	0x52824681,	/* movz w1, #0x1234 */
	0xb9000001,	/* str  w1, [x0] */
	0xd5380402,	/* mrs  x2, id_aa64pfr0_el1 */
	0xd5380623,	/* mrs  x3, id_aa64isar1_el1 */
	0xd5380504,	/* mrs  x4, id_aa64dfr0_el1 */
	0xf9000402,	/* str  x2, [x0, #8] */
	0xf9000803,	/* str  x3, [x0, #16] */
	0xf9000c04,	/* str  x4, [x0, #24] */
	0x14000000,	/* b    . */
};

enum { SEEN_PFR0, SEEN_ISAR1, SEEN_DFR0, SEEN_REGS };

/* One partition and its VM, as the VMM holds them. */
struct vmm {
	const char *name;
	bool raw_hvcall;	/* create through HVPART_HVCALL */
	u64 flags;
	u64 disabled[2];
	u64 id;
	int vm_fd;
	int vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
	void *mem;
	struct hvpart_vcpu_init init;
	bool wrote_data;	/* the first MMIO exit was the 0x1234 store */
	bool ran;		/* every ID register reached the MMIO page */
	u64 seen[SEEN_REGS];
};

static int hv_fd = -1;
static int kvm_fd = -1;

/* What this host's KVM can give a vCPU. */
static bool kvm_sve, kvm_ptrauth, kvm_pmu;

static unsigned int field(u64 v, unsigned int shift)
{
	return (v >> shift) & 0xf;
}

static bool create_typed(struct vmm *v)
{
	struct hvpart_create_partition_arm64 c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.input.flags = v->flags;
	c.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	c.input.disabled_processor_features[0] = v->disabled[0];
	c.input.disabled_processor_features[1] = v->disabled[1];
	c.status = 0xdeadbeef;
	ret = ioctl(hv_fd, HVPART_CREATE_PARTITION_ARM64, &c);
	e2e_report(ret == 0 && c.status == HVPART_STATUS_SUCCESS &&
		   c.new_partition_id != 0,
		   "create: HVPART_CREATE_PARTITION_ARM64 makes partition",
		   "%s: ret %d (%s), status %s, id %llu", v->name, ret,
		   ret ? e2e_errname(errno) : "0", e2e_status_str(c.status),
		   (unsigned long long)c.new_partition_id);
	v->id = c.new_partition_id;
	return ret == 0 && v->id;
}

/* The native 48-byte page through the raw hypercall ioctl. */
static bool create_hvcall(struct vmm *v)
{
	struct hvc_create_args a = {
		.layout = HVC_LAYOUT_ARM64,
		.flags = v->flags,
		.compatibility_version = HVPART_COMPATIBILITY_21H2,
		.disabled_processor_features = { v->disabled[0], v->disabled[1] },
	};
	u64 in[8];	/* the input page's start, 8-byte aligned */
	u64 out = 0;
	struct hvpart_hvcall h;
	u32 size;
	int ret;

	memset(in, 0, sizeof(in));
	size = hvc_create_encode(&a, in, sizeof(in));
	memset(&h, 0, sizeof(h));
	h.control = HVPART_CALL_CREATE_PARTITION;
	h.input = (u64)(unsigned long)in;
	h.input_size = size;
	h.output = (u64)(unsigned long)&out;
	h.output_size = sizeof(out);
	ret = ioctl(hv_fd, HVPART_HVCALL, &h);
	e2e_report(size == 48 && ret == 0 && h.result == HVPART_STATUS_SUCCESS &&
		   out != 0,
		   "create: HVPART_HVCALL with a 48-byte ARM64 input page makes partition",
		   "%s: input %u bytes, ret %d (%s), result 0x%llx, id %llu",
		   v->name, size, ret, ret ? e2e_errname(errno) : "0",
		   (unsigned long long)h.result, (unsigned long long)out);
	v->id = out;
	return ret == 0 && out;
}

static bool vcpu_init(struct vmm *v, u16 want, const char *when)
{
	int ret, want_errno = e2e_status_errno(want);

	memset(&v->init, 0, sizeof(v->init));
	v->init.partition_id = v->id;
	v->init.status = 0xdeadbeef;
	ret = ioctl(hv_fd, HVPART_GET_VCPU_INIT, &v->init);
	e2e_report(v->init.status == want &&
		   (want == HVPART_STATUS_SUCCESS ? ret == 0 :
		    ret == -1 && errno == want_errno),
		   "HVPART_GET_VCPU_INIT answers as documented",
		   "%s %s: want %s, got ret %d (%s), status %s", v->name, when,
		   e2e_status_str(want), ret, ret ? e2e_errname(errno) : "0",
		   e2e_status_str((u16)v->init.status));
	return ret == 0 && v->init.status == HVPART_STATUS_SUCCESS;
}

static bool initialize_partition(struct vmm *v)
{
	struct hvpart_partition_op op = {
		.partition_id = v->id, .status = 0xdeadbeef,
	};
	struct e2e_fd_mark mark;
	int ret, err;

	/* The VMM makes its VM itself and hands it to the partition. */
	v->vm_fd = e2e_kvm_vm();
	e2e_report(v->vm_fd >= 0, "KVM_CREATE_VM on /dev/kvm (the VMM's own VM)",
		   "%s: errno %s", v->name, e2e_errname(errno));
	if (v->vm_fd < 0)
		return false;
	e2e_fd_mark(&mark, v->vm_fd);
	op.vm_fd = v->vm_fd;
	ret = ioctl(hv_fd, HVPART_INITIALIZE_PARTITION, &op);
	err = ret ? errno : 0;
	e2e_report(ret == 0 && op.status == HVPART_STATUS_SUCCESS && op.vm_fd == v->vm_fd,
		   "initialize with the VMM's VM fd succeeds, vm_fd back unchanged",
		   "%s: ret %d (%s), status %s, vm_fd %d (passed %d)", v->name, ret,
		   ret ? e2e_errname(err) : "0", e2e_status_str(op.status),
		   op.vm_fd, v->vm_fd);
	e2e_report(e2e_fd_kept(&mark),
		   "the VMM's VM fd is still open and the same file after initialize",
		   "%s: fd %d changed or closed", v->name, v->vm_fd);
	if (ret) {
		close(v->vm_fd);
		v->vm_fd = -1;
		return false;
	}
	return true;
}

static u64 get_property(struct vmm *v, u32 code)
{
	struct hvpart_partition_property p = {
		.partition_id = v->id,
		.property_code = code,
	};

	if (ioctl(hv_fd, HVPART_GET_PARTITION_PROPERTY, &p) ||
	    p.status != HVPART_STATUS_SUCCESS) {
		e2e_report(false, "get-property of a feature bank",
			   "%s: code 0x%x: %s, status %s", v->name, code,
			   e2e_errname(errno), e2e_status_str(p.status));
		return 0;
	}
	return p.property_value;
}

/* The vCPU features hvpart hands out follow KVM and the partition. */
static void check_features(struct vmm *v, bool want_sve, bool want_ptrauth,
			   bool want_pmu)
{
	struct kvm_vcpu_init pref;
	__u32 f = v->init.features[0];
	unsigned int i;
	bool rest_zero = true;

	memset(&pref, 0, sizeof(pref));
	if (ioctl(v->vm_fd, KVM_ARM_PREFERRED_TARGET, &pref))
		e2e_report(false, "KVM_ARM_PREFERRED_TARGET on the VM", "%s: %s",
			   v->name, e2e_errname(errno));
	else
		e2e_report(v->init.target == pref.target,
			   "GET_VCPU_INIT's target is KVM_ARM_PREFERRED_TARGET's",
			   "%s: %u vs %u", v->name, v->init.target, pref.target);
	for (i = 1; i < ARRAY_SIZE(v->init.features); i++)
		rest_zero &= !v->init.features[i];
	e2e_report(rest_zero && !v->init.reserved,
		   "GET_VCPU_INIT sets only features[0]", "%s", v->name);
	e2e_report(f & (1U << KVM_ARM_VCPU_PSCI_0_2),
		   "GET_VCPU_INIT offers PSCI 0.2", "%s: 0x%x", v->name, f);
	e2e_report(!!(f & (1U << KVM_ARM_VCPU_SVE)) == want_sve,
		   "GET_VCPU_INIT's SVE follows KVM and the sve bit",
		   "%s: features 0x%x, want SVE %d", v->name, f, want_sve);
	e2e_report(!!(f & (1U << KVM_ARM_VCPU_PTRAUTH_ADDRESS)) == want_ptrauth &&
		   !!(f & (1U << KVM_ARM_VCPU_PTRAUTH_GENERIC)) == want_ptrauth,
		   "GET_VCPU_INIT's pointer auth follows KVM and the gpa bit, both kinds together",
		   "%s: features 0x%x, want ptrauth %d", v->name, f,
		   want_ptrauth);
	e2e_report(!!(f & (1U << KVM_ARM_VCPU_PMU_V3)) == want_pmu,
		   "GET_VCPU_INIT's PMUv3 follows KVM and ENABLE_PERFMON_PMU",
		   "%s: features 0x%x, want PMU %d", v->name, f, want_pmu);
}

static bool set_reg(int fd, u64 id, u64 value)
{
	struct kvm_one_reg r = { .id = id, .addr = (u64)(unsigned long)&value };

	return ioctl(fd, KVM_SET_ONE_REG, &r) == 0;
}

static bool setup_vcpu(struct vmm *v)
{
	struct kvm_userspace_memory_region region;
	struct kvm_device_attr pmu_init = {
		.group = KVM_ARM_VCPU_PMU_V3_CTRL,
		.attr = KVM_ARM_VCPU_PMU_V3_INIT,
	};
	int feature, mmap_size;
	bool ok = true;

	v->mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v->mem == MAP_FAILED) {
		e2e_report(false, "guest memory", "%s: mmap: %s", v->name,
			   e2e_errname(errno));
		v->mem = NULL;
		return false;
	}
	memcpy(v->mem, guest_code, sizeof(guest_code));
	region = (struct kvm_userspace_memory_region) {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = GUEST_MEM,
		.userspace_addr = (u64)(unsigned long)v->mem,
	};
	if (ioctl(v->vm_fd, KVM_SET_USER_MEMORY_REGION, &region)) {
		e2e_report(false, "KVM_SET_USER_MEMORY_REGION on the VM",
			   "%s: %s", v->name, e2e_errname(errno));
		return false;
	}
	v->vcpu_fd = ioctl(v->vm_fd, KVM_CREATE_VCPU, 0);
	if (v->vcpu_fd < 0) {
		e2e_report(false, "KVM_CREATE_VCPU on the VM", "%s: %s",
			   v->name, e2e_errname(errno));
		return false;
	}
	/* struct hvpart_vcpu_init's target and features are a kvm_vcpu_init. */
	if (ioctl(v->vcpu_fd, KVM_ARM_VCPU_INIT, &v->init.target)) {
		e2e_report(false, "KVM_ARM_VCPU_INIT takes GET_VCPU_INIT's answer",
			   "%s: features 0x%x: %s", v->name,
			   v->init.features[0], e2e_errname(errno));
		return false;
	}
	e2e_report(true, "KVM_ARM_VCPU_INIT takes GET_VCPU_INIT's answer",
		   "%s", v->name);
	if (v->init.features[0] & (1U << KVM_ARM_VCPU_SVE)) {
		feature = KVM_ARM_VCPU_SVE;
		if (ioctl(v->vcpu_fd, KVM_ARM_VCPU_FINALIZE, &feature))
			ok = false;
		e2e_report(ok, "KVM_ARM_VCPU_FINALIZE(SVE) for an SVE vCPU",
			   "%s: %s", v->name, e2e_errname(errno));
	}
	if (v->init.features[0] & (1U << KVM_ARM_VCPU_PMU_V3)) {
		/* No in-kernel GIC: a PMU without an interrupt. */
		if (ioctl(v->vcpu_fd, KVM_SET_DEVICE_ATTR, &pmu_init))
			ok = false;
		e2e_report(ok, "KVM_ARM_VCPU_PMU_V3_INIT for a PMU vCPU",
			   "%s: %s", v->name, e2e_errname(errno));
	}
	if (!set_reg(v->vcpu_fd, CORE_REG(regs.pc), 0)) {
		e2e_report(false, "KVM_SET_ONE_REG pc", "%s: %s", v->name,
			   e2e_errname(errno));
		return false;
	}
	mmap_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size <= 0)
		return false;
	v->run_size = (size_t)mmap_size;
	v->run = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->vcpu_fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return false;
	}
	return ok;
}

/* KVM_RUN through the MMIO stores: the 0x1234 word, then three registers. */
static void run_guest(struct vmm *v)
{
	unsigned int stores = 0, i;
	u64 value;

	for (i = 0; i < 16 && stores < 1 + SEEN_REGS; i++) {
		if (ioctl(v->vcpu_fd, KVM_RUN, 0)) {
			e2e_report(false, "KVM_RUN", "%s: %s", v->name,
				   e2e_errname(errno));
			return;
		}
		if (v->run->exit_reason != KVM_EXIT_MMIO) {
			e2e_report(false, "the guest exits only for MMIO",
				   "%s: exit reason %u after %u stores",
				   v->name, v->run->exit_reason, stores);
			return;
		}
		value = 0;
		memcpy(&value, v->run->mmio.data,
		       v->run->mmio.len <= 8 ? v->run->mmio.len : 8);
		if (stores == 0) {
			v->wrote_data = v->run->mmio.is_write &&
					v->run->mmio.phys_addr == MMIO_GPA &&
					v->run->mmio.len == 4 &&
					value == GUEST_DATA;
			e2e_report(v->wrote_data,
				   "guest code runs on the partition's VM: MMIO exit for its store",
				   "%s: write %u, addr 0x%llx, len %u, data 0x%llx",
				   v->name, v->run->mmio.is_write,
				   (unsigned long long)v->run->mmio.phys_addr,
				   v->run->mmio.len, (unsigned long long)value);
		} else if (v->run->mmio.is_write && v->run->mmio.len == 8 &&
			   v->run->mmio.phys_addr == MMIO_GPA + 8 * stores) {
			v->seen[stores - 1] = value;
		} else {
			e2e_report(false, "the guest stores its ID registers in order",
				   "%s: store %u at 0x%llx len %u", v->name,
				   stores,
				   (unsigned long long)v->run->mmio.phys_addr,
				   v->run->mmio.len);
			return;
		}
		stores++;
	}
	v->ran = stores == 1 + SEEN_REGS;
	e2e_report(v->ran, "the guest reports its ID registers", "%s: %u stores",
		   v->name, stores);
}

static void start(struct vmm *v)
{
	bool made = v->raw_hvcall ? create_hvcall(v) : create_typed(v);

	if (!made)
		return;
	vcpu_init(v, HVPART_STATUS_INVALID_PARTITION_STATE, "before initialize");
	if (!initialize_partition(v) ||
	    !vcpu_init(v, HVPART_STATUS_SUCCESS, "after initialize"))
		return;
	if (setup_vcpu(v))
		run_guest(v);
}

/* What the guest read must match what hvpart promised. */
static void check_guest(struct vmm *v, bool want_sve, bool want_ptrauth,
			bool want_pmu)
{
	u64 pfr0 = v->seen[SEEN_PFR0], isar1 = v->seen[SEEN_ISAR1];
	u64 dfr0 = v->seen[SEEN_DFR0];
	bool sve, ptrauth_a, ptrauth_g, pmu;

	if (!v->ran)
		return;
	sve = field(pfr0, PFR0_SVE_SHIFT) != 0;
	ptrauth_a = field(isar1, ISAR1_APA_SHIFT) || field(isar1, ISAR1_API_SHIFT);
	ptrauth_g = field(isar1, ISAR1_GPA_SHIFT) || field(isar1, ISAR1_GPI_SHIFT);
	/* PMUVer 0xf is IMPLEMENTATION DEFINED: no PMUv3. */
	pmu = field(dfr0, DFR0_PMUVER_SHIFT) != 0 &&
	      field(dfr0, DFR0_PMUVER_SHIFT) != 0xf;
	e2e_note("%s guest: ID_AA64PFR0 0x%016llx ISAR1 0x%016llx DFR0 0x%016llx",
		 v->name, (unsigned long long)pfr0,
		 (unsigned long long)isar1, (unsigned long long)dfr0);
	e2e_report(sve == want_sve, "the guest sees SVE exactly when offered",
		   "%s: ID_AA64PFR0_EL1.SVE %u, want %d", v->name,
		   field(pfr0, PFR0_SVE_SHIFT), want_sve);
	e2e_report(ptrauth_a == want_ptrauth && ptrauth_g == want_ptrauth,
		   "the guest sees pointer auth exactly when offered",
		   "%s: ID_AA64ISAR1_EL1 0x%llx, want %d", v->name,
		   (unsigned long long)isar1, want_ptrauth);
	e2e_report(pmu == want_pmu, "the guest sees PMUv3 exactly when offered",
		   "%s: ID_AA64DFR0_EL1.PMUVer %u, want %d", v->name,
		   field(dfr0, DFR0_PMUVER_SHIFT), want_pmu);
}

/* The feature-bank properties say what the guest sees. */
static void check_banks(struct vmm *v, bool want_sve, bool want_gpa_hidden)
{
	u64 b0 = get_property(v, HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0);
	u64 b1 = get_property(v, HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1);
	u64 xs = get_property(v, HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES);

	e2e_report(!!(b1 & BIT64(BANK1_SVE)) == want_sve,
		   "PROCESSOR_FEATURES1 offers sve exactly when the vCPU gets it",
		   "%s: bank1 0x%016llx", v->name, (unsigned long long)b1);
	if (want_gpa_hidden)
		e2e_report(!(b0 & BIT64(BANK0_GPA)) && !(b0 & BIT64(35)),
			   "PROCESSOR_FEATURES0 offers neither gpa nor apa_base with pointer auth withheld",
			   "%s: bank0 0x%016llx", v->name,
			   (unsigned long long)b0);
	e2e_report(xs == 0, "PROCESSOR_XSAVE_FEATURES is 0 on arm64",
		   "%s: 0x%llx", v->name, (unsigned long long)xs);
	e2e_note("%s: bank0 0x%016llx bank1 0x%016llx", v->name,
		 (unsigned long long)b0, (unsigned long long)b1);
}

static void op_ok(struct vmm *v, unsigned long req, const char *what)
{
	struct hvpart_partition_op op = { .partition_id = v->id, .vm_fd = -1 };
	int ret = ioctl(hv_fd, req, &op);

	e2e_report(ret == 0 && op.status == HVPART_STATUS_SUCCESS, what,
		   "%s: ret %d (%s), status %s", v->name, ret,
		   ret ? e2e_errname(errno) : "0", e2e_status_str(op.status));
}

static void teardown(struct vmm *v)
{
	if (!v->id)
		return;
	if (v->vm_fd >= 0) {
		op_ok(v, HVPART_FINALIZE_PARTITION, "finalize after the guest ran");
		vcpu_init(v, HVPART_STATUS_INVALID_PARTITION_STATE, "after finalize");
	}
	op_ok(v, HVPART_DELETE_PARTITION, "delete");
	if (v->run)
		munmap(v->run, v->run_size);
	if (v->vcpu_fd >= 0)
		close(v->vcpu_fd);
	if (v->vm_fd >= 0)
		close(v->vm_fd);
	if (v->mem)
		munmap(v->mem, GUEST_MEM);
}

static bool kvm_cap(int cap)
{
	return ioctl(kvm_fd, KVM_CHECK_EXTENSION, cap) > 0;
}

int main(void)
{
	struct vmm control = {
		.name = "control",
		.flags = HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU,
		.vm_fd = -1, .vcpu_fd = -1,
	};
	struct vmm hidden = {
		.name = "hidden",
		.raw_hvcall = true,
		.disabled = { BIT64(BANK0_GPA), BIT64(BANK1_SVE) },
		.vm_fd = -1, .vcpu_fd = -1,
	};
	int base, now;

	e2e_init("hvpart_vmm_arm64");
	hv_fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	e2e_report(hv_fd >= 0 && kvm_fd >= 0, "open /dev/hvpart and /dev/kvm",
		   "hvpart %d, kvm %d: %s", hv_fd, kvm_fd, e2e_errname(errno));
	if (hv_fd < 0 || kvm_fd < 0)
		return e2e_summary();
	kvm_sve = kvm_cap(KVM_CAP_ARM_SVE);
	kvm_ptrauth = kvm_cap(KVM_CAP_ARM_PTRAUTH_ADDRESS) &&
		      kvm_cap(KVM_CAP_ARM_PTRAUTH_GENERIC);
	kvm_pmu = kvm_cap(KVM_CAP_ARM_PMU_V3);
	e2e_note("KVM offers: sve %d, ptrauth %d, pmu_v3 %d", kvm_sve,
		 kvm_ptrauth, kvm_pmu);
	/* Without these the hiding proves nothing: QEMU's -cpu max has them. */
	e2e_report(kvm_sve && kvm_ptrauth && kvm_pmu,
		   "KVM in the guest offers SVE, pointer auth and PMUv3",
		   "sve %d ptrauth %d pmu %d", kvm_sve, kvm_ptrauth, kvm_pmu);
	base = e2e_vm_dirs();

	start(&control);
	start(&hidden);
	if (control.vm_fd >= 0) {
		check_features(&control, kvm_sve, kvm_ptrauth, kvm_pmu);
		check_banks(&control, kvm_sve, false);
	}
	if (hidden.vm_fd >= 0) {
		check_features(&hidden, false, false, false);
		check_banks(&hidden, false, true);
	}
	check_guest(&control, kvm_sve, kvm_ptrauth, kvm_pmu);
	check_guest(&hidden, false, false, false);

	teardown(&control);
	teardown(&hidden);
	now = e2e_wait_vm_dirs(base);
	e2e_report(base >= 0 && now == base,
		   "leak check: KVM's VM folders back to the baseline after close",
		   "baseline %d, now %d", base, now);
	close(kvm_fd);
	close(hv_fd);
	return e2e_summary();
}
