// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_lifecycle: the partition lifecycle on KVM, end to end.
 *
 * Runs as root in the QEMU guest (tests/e2e/init.sh).  Partition ids are
 * taken from what create returns, so it runs on any module load.
 *
 *   hvpart_lifecycle [-p PHASE]
 *
 *   full (default)  kvm and kvm-amd loaded, debugfs mounted:
 *                   raw-call rules of 0x41-0x46, every call in every state
 *                   through the typed ioctls and HVPART_HVCALL, unknown ids,
 *                   a non-owner without CAP_SYS_ADMIN, a second process,
 *                   a VMM that exits before finalize, the VM fd the VMM
 *                   passes in and how long the partition holds it,
 *                   creation flags in KVM and in HVPART_GET_CPUID,
 *                   disabled features in HVPART_GET_CPUID, properties,
 *                   /dev/kvm missing, and no VM or fd left behind.
 *   nokvm           kvm not loaded: no VM fd can be made; initialize with
 *                   vm_fd -1 (and the raw call) works, an fd that is not a
 *                   VM is refused before dispatch; no nested virtualization.
 *   nonested        kvm_amd loaded with nested=0: NESTED_VIRTUALIZATION_CAPABLE
 *                   -> PROCESSOR_FEATURE_NOT_SUPPORTED.
 *   rmmod           closing /dev/hvpart releases the partitions' VMs (one
 *                   only the partition held goes at once, one the VMM still
 *                   holds when the VMM closes it); rmmod hvpart with
 *                   Initialized, Finalized and Created partitions succeeds.
 *
 * Typed initialize takes a VM the program made itself (e2e_kvm_vm()) or
 * -1; every such call must give vm_fd back as passed and leave the fd open
 * on the same file, whatever the outcome.
 *
 * The contract: uapi/linux/hvpart.h and Documentation/hvpart.rst.  Every
 * check prints "ok - NAME" or "not ok - NAME (got ...; want ...)"; the
 * last line is "hvpart_lifecycle: N passed, M failed", exit status 1 on any
 * failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "e2e_util.h"

#define SENTINEL	0xdeadbeefdeadbeefULL
#define STATUS_PRESET	0xdeadbeefU
#define FD_PRESET	12345
#define HVPAGE		HVPART_HYPERCALL_PAGE_SIZE
#define CPUID_MAX	256
#define OTHER_UID	1000
#define NEVER_ID	1000000ULL
#define COMPAT		HVPART_COMPATIBILITY_21H2

#define F_SMT		HVPART_PARTITION_CREATION_FLAG_SMT_ENABLED_GUEST
#define F_NESTED	HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE
#define F_LAPIC		HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED
#define F_PMU		HVPART_PARTITION_CREATION_FLAG_ENABLE_PERFMON_PMU
#define F_X2APIC	HVPART_PARTITION_CREATION_FLAG_X2APIC_CAPABLE

#define P_VENDOR	HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR
#define P_XSAVE		HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES
#define P_COMPAT	HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION
#define P_FEAT0		HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0
#define P_FEAT1		HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1

#define S_OK		HVPART_STATUS_SUCCESS
#define S_ID		HVPART_STATUS_INVALID_PARTITION_ID
#define S_STATE		HVPART_STATUS_INVALID_PARTITION_STATE
#define S_DENIED	HVPART_STATUS_ACCESS_DENIED
#define S_OPDENIED	HVPART_STATUS_OPERATION_DENIED
#define S_PARAM		HVPART_STATUS_INVALID_PARAMETER
#define S_UNKPROP	HVPART_STATUS_UNKNOWN_PROPERTY
#define S_RANGE		HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE
#define S_NORES		HVPART_STATUS_NO_RESOURCES
#define S_NOFEAT	HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED
#define S_INPUT		HVPART_STATUS_INVALID_HYPERCALL_INPUT
#define S_ALIGN		HVPART_STATUS_INVALID_ALIGNMENT
/* A plain errno, nothing dispatched. */
#define S_NONE		0xffff

enum { EAX, EBX, ECX, EDX };

static int hv_fd = -1;
static int kvm_fd = -1;
static u8 *in_page, *out_page, *none_page;
static struct kvm_cpuid2 *host;		/* KVM_GET_SUPPORTED_CPUID */
static u64 host_banks[3];		/* FEATURES0/1, XSAVE with nothing disabled */
static bool nested_ok;			/* kvm_amd/kvm_intel nested=1 */

/* ---- calls ---------------------------------------------------------------- */

enum call { C_INIT, C_FIN, C_DEL, C_GETP, C_SETP, C_VMFD, C_CPUID, NCALLS };
enum path { TYPED, RAW };
enum state { ST_CREATED, ST_INIT, ST_FIN, ST_DELETED, NSTATES };

static const char *const call_names[NCALLS] = {
	"initialize", "finalize", "delete", "get-property",
	"set-property (early)", "get-vm-fd", "get-cpuid",
};
static const char *const path_names[] = { "typed", "hvcall" };
static const char *const state_names[NSTATES] = {
	"Created", "Initialized", "Finalized", "Deleted",
};

/* What one call did: typed status or hypercall result, and outputs. */
struct res {
	int ret;
	int err;
	u64 status;
	int vm_fd;
	u64 value;
	bool has_fd;	/* the call returns a vm_fd member */
	bool fd_in;	/* initialize: vm_fd went in and must come back as it was */
	int vm_in;	/* ...the fd passed, the program's own (-1: none) */
	bool fd_kept;	/* ...still open on the same file after the call */
	bool no_vm;	/* ...KVM_CREATE_VM failed: nothing was called */
};

static struct res typed_op(unsigned long req, u64 id)
{
	struct hvpart_partition_op op = {
		.partition_id = id, .status = STATUS_PRESET, .vm_fd = FD_PRESET,
	};
	struct res r = { .has_fd = true };

	errno = 0;
	r.ret = ioctl(hv_fd, req, &op);
	r.err = r.ret ? errno : 0;
	r.status = op.status;
	r.vm_fd = op.vm_fd;
	return r;
}

/*
 * HVPART_INITIALIZE_PARTITION with @vm_fd going in: vm_fd must come back
 * as passed and an open fd must stay open on the same file.
 */
static struct res typed_init(u64 id, int vm_fd)
{
	struct hvpart_partition_op op = {
		.partition_id = id, .status = STATUS_PRESET, .vm_fd = vm_fd,
	};
	struct res r = { .has_fd = true, .fd_in = true, .vm_in = vm_fd };
	struct e2e_fd_mark mark;
	bool open_fd = e2e_fd_mark(&mark, vm_fd);

	errno = 0;
	r.ret = ioctl(hv_fd, HVPART_INITIALIZE_PARTITION, &op);
	r.err = r.ret ? errno : 0;
	r.status = op.status;
	r.vm_fd = op.vm_fd;
	r.fd_kept = !open_fd || e2e_fd_kept(&mark);
	return r;
}

/*
 * Typed initialize as a VMM does it: a VM of this process's own
 * (KVM_CREATE_VM), passed in.  The fd stays the caller's: close_fd()
 * closes it.
 */
static struct res typed_init_vm(u64 id)
{
	int vm = e2e_kvm_vm();
	struct res r;

	if (vm < 0) {
		r = (struct res){ .ret = -1, .err = errno, .status = STATUS_PRESET,
				  .vm_fd = -1, .has_fd = true, .fd_in = true,
				  .vm_in = -1, .no_vm = true };
		return r;
	}
	return typed_init(id, vm);
}

static struct res typed_prop(unsigned long req, u64 id, u32 code, u64 value)
{
	struct hvpart_partition_property pp = {
		.partition_id = id, .property_code = code,
		.status = STATUS_PRESET, .property_value = value,
	};
	struct res r = { 0 };

	errno = 0;
	r.ret = ioctl(hv_fd, req, &pp);
	r.err = r.ret ? errno : 0;
	r.status = pp.status;
	r.value = pp.property_value;
	return r;
}

static struct res hvcall(u64 control, const void *in, u32 in_size, void *out,
			 u32 out_size)
{
	struct hvpart_hvcall hc = {
		.control = control, .result = SENTINEL,
		.input = (u64)(uintptr_t)in, .output = (u64)(uintptr_t)out,
		.input_size = in_size, .output_size = out_size,
	};
	struct res r = { 0 };

	errno = 0;
	r.ret = ioctl(hv_fd, HVPART_HVCALL, &hc);
	r.err = r.ret ? errno : 0;
	r.status = hc.result;
	return r;
}

static struct res raw_op(u16 code, u64 id)
{
	memcpy(in_page, &id, 8);
	return hvcall(code, in_page, 8, NULL, 0);
}

static struct res raw_get(u64 id, u32 code, u32 padding)
{
	struct hvpart_input_get_partition_property in = {
		.partition_id = id, .property_code = code, .padding = padding,
	};
	struct res r;
	u64 sentinel = SENTINEL;

	memcpy(in_page, &in, sizeof(in));
	memcpy(out_page, &sentinel, 8);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, sizeof(in),
		   out_page, 8);
	memcpy(&r.value, out_page, 8);
	return r;
}

static struct res raw_set(u64 id, u32 code, u64 value, u32 padding)
{
	struct hvpart_input_set_partition_property in = {
		.partition_id = id, .property_code = code, .padding = padding,
		.property_value = value,
	};

	memcpy(in_page, &in, sizeof(in));
	return hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, in_page, sizeof(in),
		      NULL, 0);
}

/* HVPART_GET_CPUID into @c (nent = its room); reserved as given. */
static struct res typed_cpuid_into(u64 id, struct kvm_cpuid2 *c, u32 reserved)
{
	struct hvpart_cpuid hc = {
		.partition_id = id, .status = STATUS_PRESET,
		.reserved = reserved, .cpuid = (u64)(uintptr_t)c,
	};
	struct res r = { 0 };

	errno = 0;
	r.ret = ioctl(hv_fd, HVPART_GET_CPUID, &hc);
	r.err = r.ret ? errno : 0;
	r.status = hc.status;
	return r;
}

/* A partition's CPUID, NULL when the call failed. */
static struct kvm_cpuid2 *get_cpuid(u64 id)
{
	struct kvm_cpuid2 *c = e2e_alloc_cpuid(CPUID_MAX);
	struct res r = typed_cpuid_into(id, c, 0);

	if (r.ret || r.status) {
		free(c);
		return NULL;
	}
	return c;
}

/* ---- judging -------------------------------------------------------------- */

static void describe(char *buf, size_t len, const struct res *r, enum path p)
{
	int n;

	if (p == RAW && r->status == SENTINEL)
		n = snprintf(buf, len, "ret %d errno %s, result untouched",
			     r->ret, e2e_errname(r->err));
	else if (p == TYPED && r->status == STATUS_PRESET)
		n = snprintf(buf, len, "ret %d errno %s, status untouched",
			     r->ret, e2e_errname(r->err));
	else
		n = snprintf(buf, len, "ret %d errno %s, %s %s", r->ret,
			     e2e_errname(r->err),
			     p == RAW ? "result" : "status",
			     e2e_status_str((u16)r->status));
	if (r->no_vm && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ", KVM_CREATE_VM failed: nothing called");
	else if (r->fd_in && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ", vm_fd %d (passed %d)%s", r->vm_fd,
			 r->vm_in, r->fd_kept ? "" : ", the fd passed was closed or replaced");
	else if (r->has_fd && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ", vm_fd %d", r->vm_fd);
}

/* Initialize's vm_fd: back as passed, the fd passed still open and the same. */
static bool fd_in_ok(const struct res *r)
{
	return !r->fd_in || (!r->no_vm && r->vm_fd == r->vm_in && r->fd_kept);
}

/*
 * The outcome matches @want: the exact status, the contract's errno, and
 * vm_fd: initialize's as passed, else -1 unless the call succeeded and
 * hands out an fd (@fd_call).
 */
static bool res_ok(const struct res *r, u16 want, bool fd_call)
{
	int e = e2e_status_errno(want);

	if (want == S_OK) {
		if (r->ret != 0 || r->status != 0)
			return false;
	} else if (r->ret != -1 || r->err != e || r->status != want) {
		return false;
	}
	if (r->fd_in)
		return fd_in_ok(r);
	if (r->has_fd) {
		if (want == S_OK && fd_call)
			return r->vm_fd >= 0;
		return r->vm_fd == -1;
	}
	return true;
}

static bool expect(const char *name, const struct res *r, enum path p,
		   u16 want, bool fd_call)
{
	char got[160];
	bool ok = res_ok(r, want, fd_call);

	describe(got, sizeof(got), r, p);
	e2e_report(ok, name, "%s; want %s errno %s%s", got,
		   e2e_status_str(want), e2e_errname(e2e_status_errno(want)),
		   r->fd_in ? ", vm_fd as passed, the fd left alone" :
		   r->has_fd ? (want == S_OK && fd_call ? ", vm_fd >= 0" :
				", vm_fd -1") : "");
	return ok;
}

/* A transport error: -1, @err, result (or status) untouched. */
static void expect_errno(const char *name, const struct res *r, enum path p,
			 int err)
{
	char got[200];
	bool ok = r->ret == -1 && r->err == err &&
		  r->status == (p == RAW ? SENTINEL : STATUS_PRESET) &&
		  fd_in_ok(r);

	describe(got, sizeof(got), r, p);
	e2e_report(ok, name, "%s; want errno %s, not dispatched%s", got,
		   e2e_errname(err),
		   r->fd_in ? ", vm_fd as passed, the fd left alone" : "");
}

/*
 * Close what a call left this program: the VM fd initialize was given
 * (the program's own), or the one get-vm-fd handed out.
 */
static void close_fd(struct res *r)
{
	if (r->fd_in) {
		if (r->vm_in >= 0)
			close(r->vm_in);
		r->vm_in = -1;
	} else if (r->has_fd && r->ret == 0 && r->vm_fd >= 0) {
		close(r->vm_fd);
	}
	r->vm_fd = -1;
}

/*
 * One call by kind and path.  C_GETP reads COMPATIBILITY_VERSION; C_SETP
 * writes FEATURES0 = every feature the host offers (in range, and no
 * change for a partition with nothing disabled).  Typed initialize passes
 * a VM of this process's own.  A VM fd it passes or returns is left open
 * in the result (close_fd()).
 */
static struct res do_call(enum call c, enum path p, u64 id)
{
	struct kvm_cpuid2 *cpuid;
	struct res r;

	switch (c) {
	case C_INIT:
		return p == TYPED ? typed_init_vm(id) :
				    raw_op(HVPART_CALL_INITIALIZE_PARTITION, id);
	case C_FIN:
		return p == TYPED ? typed_op(HVPART_FINALIZE_PARTITION, id) :
				    raw_op(HVPART_CALL_FINALIZE_PARTITION, id);
	case C_DEL:
		return p == TYPED ? typed_op(HVPART_DELETE_PARTITION, id) :
				    raw_op(HVPART_CALL_DELETE_PARTITION, id);
	case C_GETP:
		return p == TYPED ? typed_prop(HVPART_GET_PARTITION_PROPERTY,
					       id, P_COMPAT, SENTINEL) :
				    raw_get(id, P_COMPAT, 0);
	case C_SETP:
		return p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY,
					       id, P_FEAT0, host_banks[0]) :
				    raw_set(id, P_FEAT0, host_banks[0], 0);
	case C_VMFD:
		return typed_op(HVPART_GET_VM_FD, id);
	case C_CPUID:
	default:
		cpuid = e2e_alloc_cpuid(CPUID_MAX);
		r = typed_cpuid_into(id, cpuid, 0);
		free(cpuid);
		return r;
	}
}

static bool call_has_raw(enum call c)
{
	return c != C_VMFD && c != C_CPUID;
}

/* ---- partitions ------------------------------------------------------------ */

static u64 create_full(u64 flags, u32 compat, u64 d0, u64 d1, u64 dx, u16 *status)
{
	struct hvpart_create_partition_amd64 c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.input.flags = flags;
	c.input.compatibility_version = compat;
	c.input.disabled_processor_features[0] = d0;
	c.input.disabled_processor_features[1] = d1;
	c.input.disabled_processor_xsave_features = dx;
	c.status = STATUS_PRESET;
	ret = ioctl(hv_fd, HVPART_CREATE_PARTITION_AMD64, &c);
	if (status)
		*status = (u16)c.status;
	return ret == 0 && c.status == 0 ? c.new_partition_id : 0;
}

/* A partition created and driven to @st; 0 (reported) on failure. */
static u64 make_partition(enum state st, u64 flags, const char *why)
{
	struct res r;
	u16 status;
	u64 id = create_full(flags, COMPAT, 0, 0, 0, &status);

	if (!id) {
		e2e_report(false, why, "create -> %s", e2e_status_str(status));
		return 0;
	}
	if (st >= ST_INIT) {
		/* With a VM of this process's, which the partition keeps. */
		r = typed_init_vm(id);
		if (r.ret || !fd_in_ok(&r)) {
			e2e_report(false, why, "initialize %" PRIu64 " -> ret %d errno %s status 0x%" PRIx64 "%s",
				   id, r.ret, e2e_errname(r.err), r.status,
				   r.no_vm ? " (KVM_CREATE_VM failed)" : "");
			close_fd(&r);
			return id;
		}
		close_fd(&r);
	}
	if (st >= ST_FIN) {
		r = typed_op(HVPART_FINALIZE_PARTITION, id);
		if (r.ret)
			e2e_report(false, why, "finalize %" PRIu64 " -> status 0x%" PRIx64,
				   id, r.status);
	}
	if (st >= ST_DELETED) {
		r = typed_op(HVPART_DELETE_PARTITION, id);
		if (r.ret)
			e2e_report(false, why, "delete %" PRIu64 " -> status 0x%" PRIx64,
				   id, r.status);
	}
	return id;
}

/*
 * Where a partition is, from calls that change nothing: get-property
 * fails with INVALID_PARTITION_ID once Deleted; an early set of the value
 * it already has works only while Created; get-vm-fd answers
 * INVALID_PARTITION_STATE unless Initialized, and then SUCCESS in the
 * process that bound the VM, OPERATION_DENIED when there is no VM of
 * this process's.  Only for partitions with nothing disabled.
 */
static int probe_state(u64 id)
{
	struct res r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_COMPAT, 0);

	if (r.ret && r.status == S_ID)
		return ST_DELETED;
	if (r.ret)
		return -1;
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0]);
	if (r.ret == 0)
		return ST_CREATED;
	r = typed_op(HVPART_GET_VM_FD, id);
	if (r.ret == 0 || r.status == S_OPDENIED) {
		close_fd(&r);
		return ST_INIT;
	}
	return r.status == S_STATE ? ST_FIN : -1;
}

/* Finalize and delete whatever state it is in; for cleanup. */
static void retire(u64 id)
{
	struct res r;

	if (!id)
		return;
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	(void)r;
}

static int count_fds(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

/* The lowest free fd number: where the next fd would go. */
static int next_fd(void)
{
	int fd = fcntl(0, F_DUPFD, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}


/* ---- host facts ---------------------------------------------------------------- */

static u32 reg_of(const struct kvm_cpuid_entry2 *e, unsigned int reg)
{
	if (!e)
		return 0;
	switch (reg) {
	case EAX: return e->eax;
	case EBX: return e->ebx;
	case ECX: return e->ecx;
	default: return e->edx;
	}
}

static int cpuid_bit(const struct kvm_cpuid2 *c, u32 leaf, u32 sub,
		     unsigned int reg, unsigned int bit)
{
	return (reg_of(e2e_cpuid_find(c, leaf, sub), reg) >> bit) & 1;
}

static bool nested_param(void)
{
	static const char *const params[] = {
		"/sys/module/kvm_amd/parameters/nested",
		"/sys/module/kvm_intel/parameters/nested",
	};
	unsigned int i;
	char v[4] = "";

	for (i = 0; i < ARRAY_SIZE(params); i++) {
		FILE *f = fopen(params[i], "r");

		if (!f)
			continue;
		if (!fgets(v, sizeof(v), f))
			v[0] = 0;
		fclose(f);
		if (v[0] == 'Y' || v[0] == '1')
			return true;
	}
	return false;
}

/* HVPART_PROCESSOR_VENDOR_* from /proc/cpuinfo, -1 when unknown. */
static int cpuinfo_vendor(void)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "vendor_id", 9))
			continue;
		if (strstr(line, "AuthenticAMD"))
			v = HVPART_PROCESSOR_VENDOR_AMD;
		else if (strstr(line, "GenuineIntel"))
			v = HVPART_PROCESSOR_VENDOR_INTEL;
		else if (strstr(line, "HygonGenuine"))
			v = HVPART_PROCESSOR_VENDOR_HYGON;
		break;
	}
	fclose(f);
	return v;
}

static bool setup_host(void)
{
	struct res r;
	u64 id;
	unsigned int b;
	static const u32 codes[] = { P_FEAT0, P_FEAT1, P_XSAVE };

	host = e2e_alloc_cpuid(CPUID_MAX);
	if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, host)) {
		e2e_report(false, "KVM_GET_SUPPORTED_CPUID on /dev/kvm", "errno %s",
			   e2e_errname(errno));
		return false;
	}
	nested_ok = nested_param();
	id = create_full(0, COMPAT, 0, 0, 0, NULL);
	if (!id) {
		e2e_report(false, "create a partition to read the host's feature banks", "failed");
		return false;
	}
	for (b = 0; b < 3; b++) {
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, codes[b], 0);
		host_banks[b] = r.value;
		if (r.ret)
			e2e_report(false, "read the feature banks of a partition with nothing disabled",
				   "property 0x%x -> %s", codes[b],
				   e2e_status_str((u16)r.status));
	}
	typed_op(HVPART_DELETE_PARTITION, id);
	e2e_note("host: KVM_GET_SUPPORTED_CPUID has %u entries; FEATURES0 0x%016" PRIx64
		 " FEATURES1 0x%016" PRIx64 " XSAVE 0x%016" PRIx64 "; nested %s",
		 host->nent, host_banks[0], host_banks[1], host_banks[2],
		 nested_ok ? "yes" : "no");
	return true;
}

/* ---- raw-call rules of the new call codes ------------------------------------ */

static void test_raw_rules(void)
{
	static const u16 fast_ok[] = { HVPART_CALL_INITIALIZE_PARTITION,
				       HVPART_CALL_FINALIZE_PARTITION,
				       HVPART_CALL_DELETE_PARTITION };
	static const char *const fast_names[] = { "initialize", "finalize", "delete" };
	struct hvpart_input_get_partition_property gin;
	struct hvpart_input_set_partition_property sin;
	u64 id, v, sentinel = SENTINEL;
	struct res r;
	char name[200];
	unsigned int i;

	id = create_full(0, COMPAT, 0, 0, 0, NULL);
	if (!id) {
		e2e_report(false, "create a partition for the raw-call rules", "failed");
		return;
	}

	/* GetPartitionId: no input, 8 bytes out, the host's own id. */
	memset(out_page, 0xa5, 16);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page, 16);
	memcpy(&v, out_page, 8);
	e2e_report(r.ret == 0 && r.status == 0 && v == HVPART_PARTITION_ID_HOST &&
		   out_page[8] == 0xa5 && out_page[15] == 0xa5,
		   "hvcall 0x46 GetPartitionId, no input -> SUCCESS, HVPART_PARTITION_ID_HOST, only 8 bytes written",
		   "ret %d errno %s result 0x%" PRIx64 " id 0x%" PRIx64 " byte 8 0x%x",
		   r.ret, e2e_errname(r.err), r.status, v, out_page[8]);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, in_page + 4, 4096, out_page, 8);
	expect("hvcall 0x46 with a misaligned input page it does not read -> SUCCESS",
	       &r, RAW, S_OK, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page, 7);
	expect("hvcall 0x46 with output_size 7 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page + 4, 8);
	expect("hvcall 0x46 with output at page+4 -> INVALID_ALIGNMENT", &r, RAW,
	       S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page + HVPAGE - 4, 8);
	expect("hvcall 0x46 with output crossing 4 KiB -> INVALID_ALIGNMENT", &r,
	       RAW, S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, none_page, 8);
	expect_errno("hvcall 0x46 with output in a PROT_NONE page -> EFAULT", &r,
		     RAW, EFAULT);

	/* Fast bit: only Initialize, Finalize and Delete are fast-capable. */
	r = hvcall(HVPART_CALL_GET_PARTITION_ID | HVPART_HYPERCALL_FAST_BIT, NULL, 0,
		   out_page, 8);
	expect("hvcall 0x46 with the fast bit -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	gin = (struct hvpart_input_get_partition_property){ id, P_COMPAT, 0 };
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY | HVPART_HYPERCALL_FAST_BIT,
		   in_page, 16, out_page, 8);
	expect("hvcall 0x44 with the fast bit -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	sin = (struct hvpart_input_set_partition_property){ id, P_FEAT0, 0, host_banks[0] };
	memcpy(in_page, &sin, sizeof(sin));
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY | HVPART_HYPERCALL_FAST_BIT,
		   in_page, 24, NULL, 0);
	expect("hvcall 0x45 with the fast bit -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);

	/* Control-word rules hold for the new codes too. */
	memcpy(in_page, &id, 8);
	r = hvcall(HVPART_CALL_INITIALIZE_PARTITION | BIT64(31), in_page, 8, NULL, 0);
	expect("hvcall 0x41 with the nested control bit (31) -> INVALID_HYPERCALL_INPUT",
	       &r, RAW, S_INPUT, false);
	r = hvcall(HVPART_CALL_FINALIZE_PARTITION | (1ULL << HVPART_HYPERCALL_REP_COMP_SHIFT),
		   in_page, 8, NULL, 0);
	expect("hvcall 0x42 with rep count 1 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY | (1ULL << HVPART_HYPERCALL_VARHEAD_SHIFT),
		   in_page, 16, out_page, 8);
	expect("hvcall 0x44 with variable header size 1 -> INVALID_HYPERCALL_INPUT",
	       &r, RAW, S_INPUT, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID | (1ULL << HVPART_HYPERCALL_REP_START_SHIFT),
		   NULL, 0, out_page, 8);
	expect("hvcall 0x46 with rep start 1 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);

	/* Sizes. */
	memcpy(in_page, &id, 8);
	r = hvcall(HVPART_CALL_INITIALIZE_PARTITION, in_page, 7, NULL, 0);
	expect("hvcall 0x41 with input_size 7 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_FINALIZE_PARTITION, in_page, 0, NULL, 0);
	expect("hvcall 0x42 with input_size 0 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 15, out_page, 8);
	expect("hvcall 0x44 with input_size 15 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, out_page, 7);
	expect("hvcall 0x44 with output_size 7 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, NULL, 0);
	expect("hvcall 0x44 without an output page -> INVALID_HYPERCALL_INPUT", &r,
	       RAW, S_INPUT, false);
	memcpy(in_page, &sin, sizeof(sin));
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, in_page, 23, NULL, 0);
	expect("hvcall 0x45 with input_size 23 -> INVALID_HYPERCALL_INPUT", &r, RAW,
	       S_INPUT, false);
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, in_page, 4096, none_page, 0);
	expect("hvcall 0x45 with input_size 4096 and an output it does not use -> SUCCESS",
	       &r, RAW, S_OK, false);

	/* Placement. */
	memcpy(in_page + 8, &id, 8);
	r = hvcall(HVPART_CALL_DELETE_PARTITION, in_page + 4, 8, NULL, 0);
	expect("hvcall 0x43 with input at page+4 -> INVALID_ALIGNMENT", &r, RAW,
	       S_ALIGN, false);
	memcpy(in_page + HVPAGE - 16, &gin, 16);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page + HVPAGE - 8, 16,
		   out_page, 8);
	expect("hvcall 0x44 with its 16-byte input at page_end-8 -> INVALID_ALIGNMENT",
	       &r, RAW, S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page + HVPAGE - 16, 16,
		   out_page, 8);
	expect("hvcall 0x44 with its input at page_end-16 (ends at the boundary) -> SUCCESS",
	       &r, RAW, S_OK, false);
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, in_page + 8, 8);
	expect("hvcall 0x44 with output overlapping the input -> INVALID_ALIGNMENT",
	       &r, RAW, S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, out_page + 4, 8);
	expect("hvcall 0x44 with output at page+4 -> INVALID_ALIGNMENT", &r, RAW,
	       S_ALIGN, false);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, in_page + 16, 8);
	expect("hvcall 0x44 with output right after the input (adjacent) -> SUCCESS",
	       &r, RAW, S_OK, false);
	memcpy(in_page + HVPAGE - 16, &sin, 16);
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, in_page + HVPAGE - 16, 24,
		   NULL, 0);
	expect("hvcall 0x45 with its 24-byte input at page_end-16 -> INVALID_ALIGNMENT",
	       &r, RAW, S_ALIGN, false);

	/* Faults: nothing dispatched. */
	r = hvcall(HVPART_CALL_DELETE_PARTITION, none_page, 8, NULL, 0);
	expect_errno("hvcall 0x43 with input in a PROT_NONE page -> EFAULT", &r,
		     RAW, EFAULT);
	memcpy(in_page, &gin, sizeof(gin));
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 16, none_page, 8);
	expect_errno("hvcall 0x44 with output in a PROT_NONE page -> EFAULT", &r,
		     RAW, EFAULT);
	r = hvcall(HVPART_CALL_SET_PARTITION_PROPERTY, none_page, 24, NULL, 0);
	expect_errno("hvcall 0x45 with input in a PROT_NONE page -> EFAULT", &r,
		     RAW, EFAULT);

	/* Get-property writes exactly its 8 bytes. */
	memcpy(in_page, &gin, sizeof(gin));
	memcpy(out_page, &sentinel, 8);
	memcpy(out_page + 8, &sentinel, 8);
	r = hvcall(HVPART_CALL_GET_PARTITION_PROPERTY, in_page, 4096, out_page, 4096);
	memcpy(&v, out_page, 8);
	e2e_report(r.ret == 0 && r.status == 0 && v == COMPAT &&
		   !memcmp(out_page + 8, &sentinel, 8),
		   "hvcall 0x44 with 4096-byte pages -> SUCCESS, value in the first 8 bytes only",
		   "ret %d result 0x%" PRIx64 " value 0x%" PRIx64, r.ret,
		   r.status, v);

	/* Padding. */
	r = raw_get(id, P_COMPAT, 1);
	expect("hvcall 0x44 with padding 1 -> INVALID_PARAMETER", &r, RAW, S_PARAM,
	       false);
	r = raw_get(id, P_COMPAT, 0x80000000);
	expect("hvcall 0x44 with padding 0x80000000 -> INVALID_PARAMETER", &r, RAW,
	       S_PARAM, false);
	r = raw_set(id, P_FEAT0, host_banks[0], 1);
	expect("hvcall 0x45 with padding 1 -> INVALID_PARAMETER", &r, RAW, S_PARAM,
	       false);

	/* The fast bit on the fast-capable calls, input from the page. */
	for (i = 0; i < ARRAY_SIZE(fast_ok); i++) {
		memcpy(in_page, &id, 8);
		r = hvcall(fast_ok[i] | HVPART_HYPERCALL_FAST_BIT, in_page, 8, NULL, 0);
		snprintf(name, sizeof(name),
			 "hvcall 0x%x (%s) with the fast bit on a %s partition -> SUCCESS",
			 fast_ok[i], fast_names[i],
			 i == 0 ? "Created" : i == 1 ? "Initialized" : "Finalized");
		expect(name, &r, RAW, S_OK, false);
	}
}

/* ---- every call in every state ------------------------------------------------ */

static const u16 table[NCALLS][NSTATES] = {
	/*		Created	Initialized	Finalized	Deleted */
	[C_INIT]  = { S_OK,	S_STATE,	S_STATE,	S_ID },
	[C_FIN]   = { S_STATE,	S_OK,		S_STATE,	S_ID },
	[C_DEL]   = { S_OK,	S_STATE,	S_OK,		S_ID },
	[C_GETP]  = { S_OK,	S_OK,		S_OK,		S_ID },
	[C_SETP]  = { S_OK,	S_STATE,	S_STATE,	S_ID },
	[C_VMFD]  = { S_STATE,	S_OK,		S_STATE,	S_ID },
	[C_CPUID] = { S_OK,	S_OK,		S_OK,		S_ID },
};

static enum state after(enum call c, enum state s, bool success)
{
	if (!success)
		return s;
	switch (c) {
	case C_INIT: return ST_INIT;
	case C_FIN: return ST_FIN;
	case C_DEL: return ST_DELETED;
	default: return s;
	}
}

static void test_state_table(void)
{
	char name[200], why[120];
	enum call c;
	enum path p;
	enum state s;

	for (c = 0; c < NCALLS; c++) {
		for (p = TYPED; p <= RAW; p++) {
			if (p == RAW && !call_has_raw(c))
				continue;
			for (s = 0; s < NSTATES; s++) {
				u16 want = table[c][s];
				enum state next;
				struct res r;
				int now;
				u64 id;

				snprintf(why, sizeof(why), "state table: make a %s partition",
					 state_names[s]);
				id = make_partition(s, 0, why);
				if (!id)
					continue;
				r = do_call(c, p, id);
				snprintf(name, sizeof(name), "%s %s on a %s partition -> %s",
					 path_names[p], call_names[c], state_names[s],
					 hvc_status_name(want));
				if (expect(name, &r, p, want, c == C_INIT || c == C_VMFD) &&
				    want == S_OK && c == C_GETP && r.value != COMPAT)
					e2e_report(false, "get-property value", "0x%" PRIx64,
						   r.value);
				close_fd(&r);

				next = after(c, s, want == S_OK);
				now = probe_state(id);
				snprintf(name, sizeof(name),
					 "%s %s on a %s partition: it is %s afterwards",
					 path_names[p], call_names[c], state_names[s],
					 state_names[next]);
				e2e_report(now == (int)next, name, "probe says %s",
					   now >= 0 ? state_names[now] : "unknown");
				retire(id);
			}
		}
	}
}

/* ---- unknown ids ------------------------------------------------------------------ */

static void test_unknown_ids(void)
{
	u64 gone = make_partition(ST_DELETED, 0, "make a deleted partition for the id cases");
	const struct {
		const char *what;
		u64 id;
	} ids[] = {
		{ "id 0 (HV_PARTITION_ID_INVALID)", HVPART_PARTITION_ID_INVALID },
		{ "HV_PARTITION_ID_SELF", HVPART_PARTITION_ID_SELF },
		{ "the host's id (GetPartitionId's)", HVPART_PARTITION_ID_HOST },
		{ "never-created id 1000000", NEVER_ID },
		{ "a deleted id", gone },
		{ "id 2^32 + 1", (1ULL << 32) + 1 },
	};
	char name[200];
	unsigned int i;
	enum call c;
	enum path p;
	struct res r;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		bool is_host = ids[i].id == HVPART_PARTITION_ID_SELF ||
			       ids[i].id == HVPART_PARTITION_ID_HOST;

		if (!ids[i].id && i == 4)
			continue;
		for (c = 0; c < NCALLS; c++) {
			/*
			 * The host partition answers property reads with its
			 * own values and refuses sets; nothing else takes it.
			 */
			u16 want = !is_host ? S_ID : c == C_GETP ? S_OK :
				   c == C_SETP ? S_DENIED : S_ID;

			for (p = TYPED; p <= RAW; p++) {
				if (p == RAW && !call_has_raw(c))
					continue;
				r = do_call(c, p, ids[i].id);
				snprintf(name, sizeof(name), "%s %s with %s -> %s",
					 path_names[p], call_names[c], ids[i].what,
					 hvc_status_name(want) + strlen("HV_STATUS_"));
				expect(name, &r, p, want, false);
				if (want == S_OK && c == C_GETP && r.value != HVPART_COMPATIBILITY_21H2)
					e2e_report(false, name, "compatibility version 0x%" PRIx64
						   ", want the newest release, 0x%x", r.value,
						   HVPART_COMPATIBILITY_21H2);
				close_fd(&r);
			}
		}
	}
	/* The id is checked before the property code. */
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, NEVER_ID, 0x12345678, 0);
	expect("typed get-property, unknown id and unknown code -> INVALID_PARTITION_ID",
	       &r, TYPED, S_ID, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, NEVER_ID, P_VENDOR, 0);
	expect("typed set-property, unknown id and read-only code -> INVALID_PARTITION_ID",
	       &r, TYPED, S_ID, false);
}

/* ---- a non-owner without CAP_SYS_ADMIN ------------------------------------------- */

static bool no_caps(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	bool none = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7))
			none = strtoull(line + 7, NULL, 16) == 0;
	fclose(f);
	return none;
}

static void unprivileged_child(const u64 ids[NSTATES - 1], u64 *own)
{
	char name[200];
	enum call c;
	enum path p;
	enum state s;
	struct res r;
	int fd;

	if (setgroups(0, NULL) || setresgid(OTHER_UID, OTHER_UID, OTHER_UID) ||
	    setresuid(OTHER_UID, OTHER_UID, OTHER_UID)) {
		e2e_report(false, "drop to uid/gid 1000", "errno %s",
			   e2e_errname(errno));
		_exit(1);
	}
	e2e_report(geteuid() == OTHER_UID && getuid() == OTHER_UID && no_caps(),
		   "child runs as uid 1000 with no effective capabilities",
		   "uid %d euid %d", (int)getuid(), (int)geteuid());

	close(hv_fd);
	fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	e2e_report(fd >= 0, "uid 1000 opens /dev/hvpart (chmod 0666 for the test)",
		   "errno %s", e2e_errname(errno));
	if (fd < 0)
		_exit(1);
	hv_fd = fd;

	for (s = 0; s < ST_DELETED; s++) {
		for (c = 0; c < NCALLS; c++) {
			for (p = TYPED; p <= RAW; p++) {
				if (p == RAW && !call_has_raw(c))
					continue;
				r = do_call(c, p, ids[s]);
				snprintf(name, sizeof(name),
					 "uid 1000: %s %s on root's %s partition -> ACCESS_DENIED",
					 path_names[p], call_names[c], state_names[s]);
				expect(name, &r, p, S_DENIED, false);
				close_fd(&r);
			}
		}
	}
	/* Owner before property code; id before owner. */
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, ids[ST_CREATED], 0x12345678, 0);
	expect("uid 1000: get-property with an unknown code on root's partition -> ACCESS_DENIED",
	       &r, TYPED, S_DENIED, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, ids[ST_CREATED], P_VENDOR, 0);
	expect("uid 1000: set-property of a read-only code on root's partition -> ACCESS_DENIED",
	       &r, TYPED, S_DENIED, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, NEVER_ID);
	expect("uid 1000: finalize of an unknown id -> INVALID_PARTITION_ID", &r,
	       TYPED, S_ID, false);

	/* Its own partition: the owner may. */
	*own = create_full(0, COMPAT, 0, 0, 0, NULL);
	e2e_report(*own != 0, "uid 1000 creates a partition of its own", "failed");
	if (*own) {
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, *own, P_COMPAT, 0);
		expect("uid 1000: get-property on its own partition -> SUCCESS", &r,
		       TYPED, S_OK, false);
		/*
		 * /dev/kvm is root's (mode 0600), but the fd root's process
		 * opened for e2e_kvm_vm() came along with fork(): a VM of the
		 * child's own, as a VMM started with that fd would make.
		 */
		r = typed_init_vm(*own);
		expect("uid 1000: typed initialize of its own partition with a VM of its own -> SUCCESS",
		       &r, TYPED, S_OK, false);
		close_fd(&r);
	}
	_exit(0);
}

static void test_non_owner(void)
{
	u64 ids[ST_DELETED], *own;
	enum state s;
	pid_t pid;
	struct res r;

	for (s = 0; s < ST_DELETED; s++)
		ids[s] = make_partition(s, 0, "make a root partition for the non-owner cases");
	own = mmap(NULL, 8, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		   -1, 0);
	if (own == MAP_FAILED)
		exit(2);
	*own = 0;
	if (chmod("/dev/hvpart", 0666))
		e2e_report(false, "chmod 0666 /dev/hvpart", "errno %s",
			   e2e_errname(errno));
	pid = e2e_fork();
	if (pid == 0)
		unprivileged_child(ids, own);
	e2e_report(e2e_wait_ok(pid), "the uid 1000 child ran to its end", "it did not");
	chmod("/dev/hvpart", 0600);

	/* Nothing the child tried changed anything. */
	for (s = 0; s < ST_DELETED; s++) {
		char name[160];
		int now = probe_state(ids[s]);

		snprintf(name, sizeof(name),
			 "root's %s partition is still %s after the refused calls",
			 state_names[s], state_names[s]);
		e2e_report(now == (int)s, name, "probe says %s",
			   now >= 0 ? state_names[now] : "unknown");
		retire(ids[s]);
	}
	if (*own) {
		/* The child's /dev/hvpart file is closed: no VM, still Initialized. */
		r = typed_op(HVPART_FINALIZE_PARTITION, *own);
		expect("root (CAP_SYS_ADMIN) finalizes uid 1000's partition, Initialized after its process exited -> SUCCESS",
		       &r, TYPED, S_OK, false);
		r = typed_op(HVPART_DELETE_PARTITION, *own);
		expect("root (CAP_SYS_ADMIN) deletes uid 1000's partition -> SUCCESS",
		       &r, TYPED, S_OK, false);
	}
	munmap(own, 8);
}

/* ---- the VM fd, other processes, a VMM that exits -------------------------------- */

struct shared {
	pid_t pid;
	int vm_fd;
	u64 id;
};

static void test_vm_fd(void)
{
	int base_dirs = e2e_vm_dirs(), before, n, vm, fd2, fd3, vcpu, hv2, saved;
	struct shared *sh;
	struct res r, r2;
	pid_t pid;
	u64 id;

	/*
	 * Typed initialize with the VMM's own VM: hvpart takes a reference,
	 * the fd stays the VMM's, and get-vm-fd hands out the same file.
	 */
	id = make_partition(ST_CREATED, 0, "make a partition for the VM fd cases");
	if (!id)
		return;
	r = typed_init_vm(id);
	expect("typed initialize with the VMM's own VM -> SUCCESS, vm_fd back as passed, the VMM's fd still open and the same file",
	       &r, TYPED, S_OK, false);
	vm = r.ret == 0 ? r.vm_in : -1;
	if (vm < 0)
		close_fd(&r);
	if (vm >= 0) {
		e2e_report(e2e_vm_dir_exists(getpid(), vm),
			   "KVM debugfs has <pid>-<vm_fd> for the VMM's VM",
			   "no %d-%d", (int)getpid(), vm);
		r2 = typed_op(HVPART_GET_VM_FD, id);
		expect("get-vm-fd in the initializing process -> SUCCESS, a new fd",
		       &r2, TYPED, S_OK, true);
		fd2 = r2.vm_fd;
		if (fd2 >= 0) {
			e2e_report(fd2 != vm && e2e_same_file(vm, fd2),
				   "get-vm-fd's fd is the same VM file as the one the VMM passed (kcmp)",
				   "vm %d fd2 %d, kcmp errno %s", vm, fd2,
				   e2e_errname(errno));
			e2e_report(fcntl(fd2, F_GETFD) & FD_CLOEXEC,
				   "the VM fd from get-vm-fd is close-on-exec", "no FD_CLOEXEC");
			vcpu = ioctl(fd2, KVM_CREATE_VCPU, 0);
			e2e_report(vcpu >= 0,
				   "KVM_CREATE_VCPU works on get-vm-fd's fd (the VM is this process's)",
				   "errno %s", e2e_errname(errno));
			if (vcpu >= 0)
				close(vcpu);
			r2 = typed_op(HVPART_GET_VM_FD, id);
			fd3 = r2.vm_fd;
			e2e_report(r2.ret == 0 && fd3 >= 0 && fd3 != fd2 &&
				   e2e_same_file(fd2, fd3),
				   "a second get-vm-fd gives another fd to the same VM file",
				   "ret %d vm_fd %d", r2.ret, fd3);
			close_fd(&r2);
			close(fd2);
		}
		vcpu = ioctl(vm, KVM_CREATE_VCPU, 1);
		e2e_report(vcpu >= 0,
			   "KVM_CREATE_VCPU works on the VMM's own fd after initialize",
			   "errno %s", e2e_errname(errno));
		if (vcpu >= 0)
			close(vcpu);
		close(vm);
		e2e_report(e2e_vm_dir_exists(getpid(), vm),
			   "the VM lives on after the VMM closed its fd: the partition holds it while this /dev/hvpart file is open",
			   "folder %d-%d gone", (int)getpid(), vm);
	}

	/* A second process: same owner, other mm, the same /dev/hvpart file. */
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		exit(2);
	pid = e2e_fork();
	if (pid == 0) {
		r = typed_op(HVPART_GET_VM_FD, id);
		expect("second process: get-vm-fd on another process's VM -> OPERATION_DENIED, EPERM",
		       &r, TYPED, S_OPDENIED, false);
		close_fd(&r);
		r = typed_init_vm(id);
		expect("second process: typed initialize (a VM of its own) of an Initialized partition -> INVALID_PARTITION_STATE",
		       &r, TYPED, S_STATE, false);
		close_fd(&r);
		r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, id);
		expect("second process: hvcall initialize of an Initialized partition -> INVALID_PARTITION_STATE",
		       &r, RAW, S_STATE, false);
		_exit(0);
	}
	e2e_wait_ok(pid);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	expect("finalize once the VMM closed its fds -> SUCCESS", &r, TYPED, S_OK, false);
	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(n == base_dirs && (vm < 0 || !e2e_vm_dir_exists(getpid(), vm)),
		   "after finalize the VM is gone (no fd left anywhere)",
		   "baseline %d now %d", base_dirs, n);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete after finalize -> SUCCESS", &r, TYPED, S_OK, false);

	/* Raw initialize: no VM, and no fd in the caller. */
	id = make_partition(ST_CREATED, 0, "make a partition for raw initialize");
	before = next_fd();
	n = count_fds();
	r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, id);
	expect("hvcall initialize -> SUCCESS", &r, RAW, S_OK, false);
	e2e_report(next_fd() == before && count_fds() == n,
		   "hvcall initialize leaves no fd in the caller",
		   "next fd %d -> %d, open fds %d -> %d", before, next_fd(), n,
		   count_fds());
	e2e_report(e2e_vm_dirs() == base_dirs,
		   "hvcall initialize makes no VM (no new KVM debugfs folder)",
		   "baseline %d now %d", base_dirs, e2e_vm_dirs());
	r = typed_op(HVPART_GET_VM_FD, id);
	expect("get-vm-fd after hvcall initialize (no VM) -> OPERATION_DENIED, EPERM",
	       &r, TYPED, S_OPDENIED, false);
	close_fd(&r);
	r = typed_init_vm(id);
	expect("typed initialize with a VM after hvcall initialize -> INVALID_PARTITION_STATE",
	       &r, TYPED, S_STATE, false);
	close_fd(&r);
	retire(id);
	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(n == base_dirs, "after hvcall initialize, finalize and delete: no VM",
		   "baseline %d now %d", base_dirs, n);

	/* Typed initialize with vm_fd -1: the same, through the typed call. */
	id = make_partition(ST_CREATED, 0, "make a partition for vm_fd -1");
	before = next_fd();
	r = typed_init(id, -1);
	expect("typed initialize with vm_fd -1 -> SUCCESS, vm_fd -1 back", &r, TYPED,
	       S_OK, false);
	e2e_report(next_fd() == before && e2e_vm_dirs() == base_dirs,
		   "typed initialize with vm_fd -1 makes no VM and no fd",
		   "next fd %d -> %d, VM folders %d (baseline %d)", before,
		   next_fd(), e2e_vm_dirs(), base_dirs);
	r = typed_op(HVPART_GET_VM_FD, id);
	expect("get-vm-fd after initialize with vm_fd -1 -> OPERATION_DENIED, EPERM",
	       &r, TYPED, S_OPDENIED, false);
	close_fd(&r);
	retire(id);

	/* Another process finalizes while the VMM still holds its fd. */
	id = make_partition(ST_CREATED, 0, "make a partition finalized by another process");
	r = typed_init_vm(id);
	expect("typed initialize with the VMM's VM (the VMM keeps its fd)", &r,
	       TYPED, S_OK, false);
	vm = r.ret == 0 ? r.vm_in : -1;
	if (vm < 0)
		close_fd(&r);
	pid = e2e_fork();
	if (pid == 0) {
		r = typed_op(HVPART_FINALIZE_PARTITION, id);
		expect("second process of the owner finalizes a partition whose VMM is running -> SUCCESS",
		       &r, TYPED, S_OK, false);
		_exit(0);
	}
	e2e_wait_ok(pid);
	if (vm >= 0) {
		e2e_report(e2e_vm_dir_exists(getpid(), vm),
			   "the VMM's VM survives another process's finalize while the VMM holds its fd",
			   "folder gone");
		vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
		e2e_report(vcpu >= 0, "the VMM's VM fd still works after finalize",
			   "errno %s", e2e_errname(errno));
		if (vcpu >= 0)
			close(vcpu);
		close(vm);
		n = e2e_wait_vm_dirs(base_dirs);
		e2e_report(n == base_dirs, "...and goes when the VMM closes it",
			   "baseline %d now %d", base_dirs, n);
	}
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete it -> SUCCESS", &r, TYPED, S_OK, false);

	/*
	 * The VMM exits before finalize, through the /dev/hvpart file it
	 * shares with this process (fork): the binding lasts while that open
	 * file does, so the VM lives on.
	 */
	id = make_partition(ST_CREATED, 0, "make a partition whose VMM exits");
	sh->pid = 0;
	sh->vm_fd = -1;
	pid = e2e_fork();
	if (pid == 0) {
		r = typed_init_vm(id);
		expect("VMM child (sharing the parent's /dev/hvpart file): typed initialize with its VM -> SUCCESS",
		       &r, TYPED, S_OK, false);
		sh->pid = getpid();
		sh->vm_fd = r.ret == 0 ? r.vm_in : -1;
		_exit(0);	/* no finalize, fds closed by exit */
	}
	e2e_report(e2e_wait_ok(pid), "the VMM child exited", "it did not");
	if (sh->vm_fd >= 0) {
		e2e_report(e2e_vm_dir_exists(sh->pid, sh->vm_fd),
			   "after the VMM exited, its VM lives on: the /dev/hvpart file that bound it is still open here",
			   "no folder %d-%d", (int)sh->pid, sh->vm_fd);
	}
	r = typed_op(HVPART_GET_VM_FD, id);
	expect("get-vm-fd after the VMM exited -> OPERATION_DENIED, EPERM", &r,
	       TYPED, S_OPDENIED, false);
	close_fd(&r);
	r = typed_init_vm(id);
	expect("initialize after the VMM exited -> INVALID_PARTITION_STATE (still Initialized)",
	       &r, TYPED, S_STATE, false);
	close_fd(&r);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete before finalize -> INVALID_PARTITION_STATE", &r, TYPED,
	       S_STATE, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	expect("finalize from another process after the VMM exited -> SUCCESS",
	       &r, TYPED, S_OK, false);
	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(n == base_dirs && (sh->vm_fd < 0 ||
				      !e2e_vm_dir_exists(sh->pid, sh->vm_fd)),
		   "finalize released the exited VMM's VM (KVM debugfs folder gone)",
		   "baseline %d now %d", base_dirs, n);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete after that finalize -> SUCCESS", &r, TYPED, S_OK, false);

	/*
	 * A VMM with a /dev/hvpart file of its own exits before finalize:
	 * its file goes with it, and so does the partition's VM; the
	 * partition stays Initialized.
	 */
	id = make_partition(ST_CREATED, 0, "make a partition whose VMM exits with its own /dev/hvpart");
	sh->pid = 0;
	sh->vm_fd = -1;
	pid = e2e_fork();
	if (pid == 0) {
		hv2 = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
		e2e_report(hv2 >= 0, "VMM child: opens /dev/hvpart itself", "errno %s",
			   e2e_errname(errno));
		if (hv2 < 0)
			_exit(1);
		hv_fd = hv2;
		r = typed_init_vm(id);
		expect("VMM child (its own /dev/hvpart file): typed initialize with its VM -> SUCCESS",
		       &r, TYPED, S_OK, false);
		sh->pid = getpid();
		sh->vm_fd = r.ret == 0 ? r.vm_in : -1;
		_exit(0);
	}
	e2e_report(e2e_wait_ok(pid), "the VMM child with its own /dev/hvpart exited",
		   "it did not");
	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(sh->vm_fd >= 0 && n == base_dirs &&
		   !e2e_vm_dir_exists(sh->pid, sh->vm_fd),
		   "its /dev/hvpart file closed with it, and hvpart let go of the VM: gone (KVM debugfs)",
		   "vm_fd %d, baseline %d now %d", sh->vm_fd, base_dirs, n);
	e2e_report(probe_state(id) == ST_INIT,
		   "the partition stays Initialized after the binding ended",
		   "probe says %d", probe_state(id));
	r = typed_op(HVPART_GET_VM_FD, id);
	expect("get-vm-fd after the binding ended (no VM) -> OPERATION_DENIED, EPERM",
	       &r, TYPED, S_OPDENIED, false);
	close_fd(&r);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete of that Initialized partition -> INVALID_PARTITION_STATE", &r,
	       TYPED, S_STATE, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	expect("finalize of a partition whose VM binding ended -> SUCCESS", &r,
	       TYPED, S_OK, false);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("...and delete -> SUCCESS", &r, TYPED, S_OK, false);

	/*
	 * The same in one process: initialize through a second /dev/hvpart
	 * file, close the VM fd, then that file.
	 */
	id = make_partition(ST_CREATED, 0, "make a partition bound through a second /dev/hvpart file");
	hv2 = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	e2e_report(hv2 >= 0, "open /dev/hvpart a second time", "errno %s",
		   e2e_errname(errno));
	if (id && hv2 >= 0) {
		saved = hv_fd;
		hv_fd = hv2;
		r = typed_init_vm(id);
		hv_fd = saved;
		expect("typed initialize through the second /dev/hvpart file -> SUCCESS",
		       &r, TYPED, S_OK, false);
		vm = r.ret == 0 ? r.vm_in : -1;
		close_fd(&r);
		e2e_report(vm >= 0 && e2e_vm_dir_exists(getpid(), vm),
			   "with its fd closed the VM lives on while that /dev/hvpart file is open",
			   "no folder %d-%d", (int)getpid(), vm);
		close(hv2);
		hv2 = -1;
		n = e2e_wait_vm_dirs(base_dirs);
		e2e_report(n == base_dirs && (vm < 0 || !e2e_vm_dir_exists(getpid(), vm)),
			   "closing that /dev/hvpart file released the VM (KVM debugfs folder gone)",
			   "baseline %d now %d", base_dirs, n);
		r = typed_op(HVPART_GET_VM_FD, id);
		expect("get-vm-fd in the same process after the binding file closed -> OPERATION_DENIED, EPERM",
		       &r, TYPED, S_OPDENIED, false);
		close_fd(&r);
		r = typed_op(HVPART_FINALIZE_PARTITION, id);
		expect("finalize after the binding file closed -> SUCCESS", &r, TYPED,
		       S_OK, false);
	}
	if (hv2 >= 0)
		close(hv2);
	retire(id);
	munmap(sh, sizeof(*sh));
}

/* ---- creation flags ---------------------------------------------------------------- */

static void test_irqchip(void)
{
	static const struct {
		u64 flags;
		bool vmm_first;	/* the VMM makes the irqchip before initialize */
		const char *what;
		int err;
	} cases[] = {
		{ F_LAPIC, false, "LAPIC_ENABLED: the VMM's KVM_CREATE_IRQCHIP -> EEXIST (hvpart made it)", EEXIST },
		{ 0, false, "no LAPIC_ENABLED: the VMM's KVM_CREATE_IRQCHIP -> 0", 0 },
		{ F_LAPIC | F_X2APIC, false, "LAPIC_ENABLED|X2APIC_CAPABLE: KVM_CREATE_IRQCHIP -> EEXIST", EEXIST },
		{ F_LAPIC, true, "LAPIC_ENABLED, irqchip made by the VMM before initialize: initialize -> SUCCESS, a second KVM_CREATE_IRQCHIP -> EEXIST", EEXIST },
	};
	unsigned int i;
	struct res r;
	int ret, err, vm;
	u64 id;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		id = make_partition(ST_CREATED, cases[i].flags, "make a partition for the irqchip cases");
		if (!id)
			continue;
		vm = e2e_kvm_vm();
		if (vm >= 0 && cases[i].vmm_first && ioctl(vm, KVM_CREATE_IRQCHIP, 0)) {
			e2e_report(false, cases[i].what, "the VMM's own KVM_CREATE_IRQCHIP: errno %s",
				   e2e_errname(errno));
			close(vm);
			retire(id);
			continue;
		}
		r = vm >= 0 ? typed_init(id, vm) : typed_init_vm(id);
		if (r.ret || !fd_in_ok(&r)) {
			e2e_report(false, cases[i].what, "initialize failed: ret %d errno %s %s",
				   r.ret, e2e_errname(r.err),
				   e2e_status_str((u16)r.status));
			close_fd(&r);
			retire(id);
			continue;
		}
		errno = 0;
		ret = ioctl(r.vm_in, KVM_CREATE_IRQCHIP, 0);
		err = ret ? errno : 0;
		e2e_report((ret == 0 && !cases[i].err) ||
			   (ret == -1 && err == cases[i].err && cases[i].err),
			   cases[i].what, "ret %d errno %s", ret, e2e_errname(err));
		close_fd(&r);
		retire(id);
	}
}

/* The bits the creation flags govern: zero without the flag. */
struct flag_bit {
	u64 flag;
	const char *what;
	u32 leaf, sub;
	unsigned int reg;
	u32 mask;
};

static const struct flag_bit flag_bits[] = {
	/* x2APIC needs KVM's in-kernel LAPIC: offered with both flags. */
	{ F_X2APIC | F_LAPIC, "x2APIC (CPUID.1:ECX.21)", 0x1, 0, ECX, 1U << 21 },
	{ F_SMT, "HTT (CPUID.1:EDX.28)", 0x1, 0, EDX, 1U << 28 },
	{ F_NESTED, "SVM (CPUID.80000001:ECX.2)", 0x80000001, 0, ECX, 1U << 2 },
	{ F_NESTED, "VMX (CPUID.1:ECX.5)", 0x1, 0, ECX, 1U << 5 },
	{ F_PMU, "arch perfmon (CPUID.0xA.EAX)", 0xa, 0, EAX, ~0U },
	{ F_PMU, "arch perfmon (CPUID.0xA.EBX)", 0xa, 0, EBX, ~0U },
	{ F_PMU, "arch perfmon (CPUID.0xA.ECX)", 0xa, 0, ECX, ~0U },
	{ F_PMU, "arch perfmon (CPUID.0xA.EDX)", 0xa, 0, EDX, ~0U },
	{ F_PMU, "PerfCtrExtCore (CPUID.80000001:ECX.23)", 0x80000001, 0, ECX, 1U << 23 },
};

/*
 * Entries of @got that differ from the host outside @allow (a list of
 * leaf/sub/reg/mask the caller expects to differ); also counts entries.
 */
struct allow {
	u32 leaf, sub;
	unsigned int reg;
	u32 mask;
};

static unsigned int diff_host(const struct kvm_cpuid2 *got,
			      const struct allow *allow, unsigned int nallow,
			      char *where, size_t len)
{
	unsigned int i, a, reg, diffs = 0;

	where[0] = 0;
	for (i = 0; i < host->nent; i++) {
		const struct kvm_cpuid_entry2 *h = &host->entries[i];
		const struct kvm_cpuid_entry2 *g = e2e_cpuid_find(got, h->function, h->index);

		if (!g) {
			bool ok = false;

			for (a = 0; a < nallow; a++)
				if (allow[a].leaf == h->function &&
				    allow[a].sub == h->index && allow[a].mask == 0)
					ok = true;
			if (!ok) {
				diffs++;
				snprintf(where, len, "entry 0x%x.%u missing",
					 h->function, h->index);
			}
			continue;
		}
		for (reg = EAX; reg <= EDX; reg++) {
			u32 x = reg_of(h, reg) ^ reg_of(g, reg);

			for (a = 0; a < nallow; a++)
				if (allow[a].leaf == h->function &&
				    allow[a].sub == h->index && allow[a].reg == reg)
					x &= ~allow[a].mask;
			if (x) {
				diffs++;
				snprintf(where, len,
					 "0x%x.%u reg %u: host 0x%08x got 0x%08x",
					 h->function, h->index, reg, reg_of(h, reg),
					 reg_of(g, reg));
			}
		}
	}
	return diffs;
}

/* SMT_ENABLED_GUEST sets its own topology bits: not KVM's. */
static const struct allow smt_allow[] = {
	{ 0x1, 0, EDX, 1U << 28 },
	{ 0x1, 0, EBX, 0xff0000 },
	{ 0x8000001e, 0, EBX, 0xff00 },
};

/* Every flag that lets a KVM CPUID bit through. */
static u64 all_flags(void)
{
	return F_X2APIC | F_LAPIC | F_SMT | F_PMU | (nested_ok ? F_NESTED : 0);
}

static void test_flags_cpuid(void)
{
	u64 all = all_flags();
	struct allow allow[ARRAY_SIZE(flag_bits) + 5];
	struct kvm_cpuid2 *none, *full, *one;
	char name[200], where[160];
	unsigned int i, nallow = 0;
	u16 status;
	u64 id;

	e2e_report(cpuid_bit(host, 1, 0, ECX, 21) && cpuid_bit(host, 0x80000001, 0, ECX, 2),
		   "KVM_GET_SUPPORTED_CPUID offers x2APIC and SVM (so hiding them means something)",
		   "x2apic %d svm %d", cpuid_bit(host, 1, 0, ECX, 21),
		   cpuid_bit(host, 0x80000001, 0, ECX, 2));
	e2e_note("host CPUID: HTT %d, PerfCtrExtCore %d, leaf 0xA eax 0x%x",
		 cpuid_bit(host, 1, 0, EDX, 28), cpuid_bit(host, 0x80000001, 0, ECX, 23),
		 reg_of(e2e_cpuid_find(host, 0xa, 0), EAX));

	/* Every such flag and nothing disabled: exactly KVM's CPUID. */
	id = create_full(all, COMPAT, 0, 0, 0, &status);
	full = id ? get_cpuid(id) : NULL;
	e2e_report(full != NULL, "create with X2APIC|LAPIC|SMT|PMU (and NESTED where KVM has it) and get its CPUID",
		   "create %s", e2e_status_str(status));
	if (full) {
		unsigned int d = diff_host(full, smt_allow, ARRAY_SIZE(smt_allow),
					   where, sizeof(where));

		snprintf(name, sizeof(name),
			 "CPUID with flags 0x%" PRIx64 " and nothing disabled is KVM_GET_SUPPORTED_CPUID's, entry for entry (SMT topology aside)",
			 all);
		e2e_report(d == 0 && full->nent == host->nent, name,
			   "%u differences (last: %s), nent %u vs %u", d, where,
			   full->nent, host->nent);
	}
	free(full);
	retire(id);

	/* No flags: the governed bits are zero, nothing else moves. */
	id = create_full(0, COMPAT, 0, 0, 0, NULL);
	none = id ? get_cpuid(id) : NULL;
	e2e_report(none != NULL, "create without flags and get its CPUID", "failed");
	if (none) {
		for (i = 0; i < ARRAY_SIZE(flag_bits); i++) {
			const struct flag_bit *f = &flag_bits[i];
			u32 v = reg_of(e2e_cpuid_find(none, f->leaf, f->sub), f->reg) & f->mask;

			snprintf(name, sizeof(name), "no creation flags: %s is clear", f->what);
			e2e_report(v == 0, name, "0x%x", v);
			allow[nallow++] = (struct allow){ f->leaf, f->sub, f->reg, f->mask };
		}
		allow[nallow++] = (struct allow){ 0x8000001e, 0, EBX, 0xff00 };
		allow[nallow++] = (struct allow){ 0x1, 0, EBX, 0xff0000 };
		allow[nallow++] = (struct allow){ 0x80000022, 0, EAX, ~0U };
		allow[nallow++] = (struct allow){ 0x80000022, 0, EBX, ~0U };
		i = diff_host(none, allow, nallow, where, sizeof(where));
		e2e_report(i == 0 && none->nent == host->nent,
			   "no creation flags: nothing but the flag-governed bits differs from KVM's CPUID",
			   "%u differences (last: %s)", i, where);
	}
	free(none);
	retire(id);

	/*
	 * Each flag alone brings its bits back to the host's value; SMT is
	 * different: it sets HTT whatever KVM says (checked below).
	 */
	for (i = 0; i < ARRAY_SIZE(flag_bits); i++) {
		const struct flag_bit *f = &flag_bits[i];
		u32 want, got;

		if ((f->flag == F_NESTED && !nested_ok) || f->flag == F_SMT)
			continue;
		id = create_full(f->flag, COMPAT, 0, 0, 0, &status);
		one = id ? get_cpuid(id) : NULL;
		want = reg_of(e2e_cpuid_find(host, f->leaf, f->sub), f->reg) & f->mask;
		got = one ? reg_of(e2e_cpuid_find(one, f->leaf, f->sub), f->reg) & f->mask : ~0U;
		snprintf(name, sizeof(name), "flag 0x%" PRIx64 " alone: %s as KVM offers it (0x%x)",
			 f->flag, f->what, want);
		e2e_report(one && got == want, name, "got 0x%x (create %s)", got,
			   e2e_status_str(status));
		free(one);
		retire(id);
	}

	/* x2APIC without an in-kernel LAPIC, and the LAPIC alone: no x2APIC. */
	{
		static const u64 partial[] = { F_X2APIC, F_LAPIC };

		for (i = 0; i < ARRAY_SIZE(partial); i++) {
			id = create_full(partial[i], COMPAT, 0, 0, 0, NULL);
			one = id ? get_cpuid(id) : NULL;
			snprintf(name, sizeof(name),
				 "%s alone: no x2APIC (CPUID.1:ECX.21 clear)",
				 partial[i] == F_X2APIC ? "X2APIC_CAPABLE" : "LAPIC_ENABLED");
			e2e_report(one && !cpuid_bit(one, 1, 0, ECX, 21), name, "%s",
				   one ? "set" : "no CPUID");
			free(one);
			retire(id);
		}
	}

	/* SMT_ENABLED_GUEST: HTT and two logical processors, else one. */
	for (i = 0; i < 2; i++) {
		u32 ebx, edx;

		id = create_full(i ? F_SMT : 0, COMPAT, 0, 0, 0, NULL);
		one = id ? get_cpuid(id) : NULL;
		ebx = reg_of(e2e_cpuid_find(one, 1, 0), EBX);
		edx = reg_of(e2e_cpuid_find(one, 1, 0), EDX);
		snprintf(name, sizeof(name),
			 "%s: HTT %s, CPUID.1:EBX[23:16] = %u logical processors",
			 i ? "SMT_ENABLED_GUEST" : "no SMT_ENABLED_GUEST",
			 i ? "set" : "clear", i ? 2 : 1);
		e2e_report(one && ((edx >> 28) & 1) == i && ((ebx >> 16) & 0xff) == i + 1,
			   name, "edx 0x%08x ebx 0x%08x", edx, ebx);
		free(one);
		retire(id);
	}

	/* Nested where KVM has it: create works. */
	if (nested_ok) {
		id = create_full(F_NESTED, COMPAT, 0, 0, 0, &status);
		e2e_report(id != 0,
			   "NESTED_VIRTUALIZATION_CAPABLE with kvm_amd nested=1 -> SUCCESS",
			   "%s", e2e_status_str(status));
		if (id) {
			struct res r = typed_init_vm(id);

			expect("...and it initializes (with a VM of this process's)",
			       &r, TYPED, S_OK, false);
			close_fd(&r);
		}
		retire(id);
	} else {
		e2e_note("kvm_amd nested is off: NESTED flag cases left to the nonested phase");
	}
}

/* ---- disabled features in HVPART_GET_CPUID ---------------------------------------- */

/*
 * Leaf 0xD subleaves that disabling AVX removes, as far as KVM reports
 * them: 2 (YMM) and, since AVX-512 goes with AVX, 5 to 7.
 */
static unsigned int avx_subleaves(void)
{
	static const u32 subs[] = { 2, 5, 6, 7 };
	const struct kvm_cpuid_entry2 *e;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(subs); i++) {
		e = e2e_cpuid_find(host, 0xd, subs[i]);
		if (e && e->index == subs[i])
			n++;
	}
	return n;
}

struct feature_case {
	unsigned int bank;	/* 0, 1, or 2 for XSAVE */
	unsigned int bit;
	const char *name;
	u32 leaf, sub;
	unsigned int reg, reg_bit;
	bool alone;		/* the only CPUID bit that changes */
};

static const struct feature_case feature_cases[] = {
	{ 0, 0, "sse3", 0x1, 0, ECX, 0, true },
	{ 0, 1, "lahf_sahf", 0x80000001, 0, ECX, 0, true },
	{ 0, 2, "ssse3", 0x1, 0, ECX, 9, true },
	{ 0, 3, "sse4_1", 0x1, 0, ECX, 19, true },
	{ 0, 4, "sse4_2", 0x1, 0, ECX, 20, true },
	{ 0, 7, "popcnt", 0x1, 0, ECX, 23, true },
	{ 0, 8, "cmpxchg16b", 0x1, 0, ECX, 13, true },
	{ 2, 1, "xsaveopt", 0xd, 1, EAX, 0, true },
	{ 2, 3, "avx2", 0x7, 0, EBX, 5, true },
	{ 2, 4, "fma", 0x1, 0, ECX, 12, true },
	{ 2, 2, "avx", 0x1, 0, ECX, 28, false },
	{ 2, 0, "xsave", 0x1, 0, ECX, 26, false },
};

static void test_disabled_cpuid(void)
{
	struct kvm_cpuid2 *c;
	char name[200], where[160];
	unsigned int i, d;
	u64 id, disabled[3];
	struct res r;

	for (i = 0; i < ARRAY_SIZE(feature_cases); i++) {
		const struct feature_case *f = &feature_cases[i];
		int has = cpuid_bit(host, f->leaf, f->sub, f->reg, f->reg_bit);

		if (!has) {
			e2e_note("host lacks %s: its disabled-bit case is skipped", f->name);
			continue;
		}
		memset(disabled, 0, sizeof(disabled));
		disabled[f->bank] = 1ULL << f->bit;
		id = create_full(all_flags(), COMPAT, disabled[0], disabled[1],
				 disabled[2], NULL);
		c = id ? get_cpuid(id) : NULL;
		snprintf(name, sizeof(name),
			 "%s bit %u (%s) disabled: CPUID 0x%x.%u reg %u bit %u clear",
			 f->bank == 2 ? "xsave" : f->bank ? "bank 1" : "bank 0",
			 f->bit, f->name, f->leaf, f->sub, f->reg, f->reg_bit);
		e2e_report(c && !cpuid_bit(c, f->leaf, f->sub, f->reg, f->reg_bit),
			   name, "%s", c ? "still set" : "no CPUID");
		if (c && f->alone) {
			struct allow a[ARRAY_SIZE(smt_allow) + 1] = {
				{ f->leaf, f->sub, f->reg, 1U << f->reg_bit },
			};

			memcpy(a + 1, smt_allow, sizeof(smt_allow));
			d = diff_host(c, a, ARRAY_SIZE(a), where, sizeof(where));
			snprintf(name, sizeof(name),
				 "%s disabled: no other CPUID bit changes", f->name);
			e2e_report(d == 0 && c->nent == host->nent, name,
				   "%u differences (last: %s), nent %u vs %u", d,
				   where, c->nent, host->nent);
		}
		if (c && f->bank == 2 && f->bit == 2) {
			u32 xcr0 = reg_of(e2e_cpuid_find(c, 0xd, 0), EAX);
			bool had_d2 = e2e_cpuid_find(host, 0xd, 2) &&
				      e2e_cpuid_find(host, 0xd, 2)->index == 2;
			const struct kvm_cpuid_entry2 *d2 = e2e_cpuid_find(c, 0xd, 2);

			e2e_report(!(xcr0 & 4) && (xcr0 & 3) == 3,
				   "avx disabled: XCR0 bit 2 (YMM) gone from CPUID 0xD.0 EAX, x87 and SSE stay",
				   "0xD.0 EAX 0x%x (host 0x%x)", xcr0,
				   reg_of(e2e_cpuid_find(host, 0xd, 0), EAX));
			e2e_report(had_d2 && (!d2 || d2->index != 2) &&
				   c->nent == host->nent - avx_subleaves(),
				   "avx disabled: the CPUID 0xD.2 entry is removed (and the AVX-512 ones, if any)",
				   "host had it %d, still there %d, nent %u vs %u - %u",
				   had_d2, d2 && d2->index == 2, c->nent, host->nent,
				   avx_subleaves());
			e2e_report(!cpuid_bit(c, 0x7, 0, EBX, 5) && !cpuid_bit(c, 1, 0, ECX, 12),
				   "avx disabled: AVX2 and FMA (which need AVX) are hidden too",
				   "avx2 %d fma %d", cpuid_bit(c, 0x7, 0, EBX, 5),
				   cpuid_bit(c, 1, 0, ECX, 12));
		}
		if (c && f->bank == 2 && f->bit == 0) {
			e2e_report(!e2e_cpuid_find(c, 0xd, 0) && !cpuid_bit(c, 1, 0, ECX, 28),
				   "xsave disabled: no CPUID leaf 0xD entries and no AVX",
				   "0xD present %d avx %d", e2e_cpuid_find(c, 0xd, 0) != NULL,
				   cpuid_bit(c, 1, 0, ECX, 28));
		}
		free(c);
		retire(id);
	}

	/* SSE4.2 and AVX at once, as the VMM test does. */
	id = create_full(0, COMPAT, 1ULL << 4, 0, 1ULL << 2, NULL);
	c = id ? get_cpuid(id) : NULL;
	e2e_report(c && !cpuid_bit(c, 1, 0, ECX, 20) && !cpuid_bit(c, 1, 0, ECX, 28) &&
		   cpuid_bit(c, 1, 0, ECX, 19) && cpuid_bit(c, 1, 0, ECX, 26),
		   "sse4_2 and avx disabled: SSE4.2 and AVX clear, SSE4.1 and XSAVE set",
		   "ecx 0x%08x", c ? reg_of(e2e_cpuid_find(c, 1, 0), ECX) : 0);
	free(c);

	/* HVPART_GET_CPUID's own rules. */
	c = e2e_alloc_cpuid(CPUID_MAX);
	c->nent = 0;
	r = typed_cpuid_into(id, c, 0);
	e2e_report(r.ret == -1 && r.err == E2BIG && r.status == STATUS_PRESET &&
		   c->nent == host->nent - avx_subleaves(),
		   "get-cpuid with nent 0 -> E2BIG, nent = entries needed, status untouched",
		   "ret %d errno %s status 0x%" PRIx64 " nent %u (want %u)", r.ret,
		   e2e_errname(r.err), r.status, c->nent, host->nent - avx_subleaves());
	c->nent = host->nent - avx_subleaves() - 1;
	r = typed_cpuid_into(id, c, 0);
	e2e_report(r.ret == -1 && r.err == E2BIG && c->nent == host->nent - avx_subleaves(),
		   "get-cpuid with one entry too few -> E2BIG, nent = entries needed",
		   "ret %d errno %s nent %u", r.ret, e2e_errname(r.err), c->nent);
	c->nent = host->nent - avx_subleaves();
	r = typed_cpuid_into(id, c, 0);
	e2e_report(r.ret == 0 && r.status == 0 && c->nent == host->nent - avx_subleaves(),
		   "get-cpuid with exactly the room needed -> SUCCESS",
		   "ret %d errno %s status 0x%" PRIx64 " nent %u", r.ret,
		   e2e_errname(r.err), r.status, c->nent);
	c->nent = CPUID_MAX;
	r = typed_cpuid_into(id, c, 0);
	e2e_report(r.ret == 0 && c->nent == host->nent - avx_subleaves(),
		   "get-cpuid with room to spare -> SUCCESS, nent = entries written",
		   "ret %d nent %u", r.ret, c->nent);
	r = typed_cpuid_into(id, c, 1);
	expect("get-cpuid with reserved 1 -> INVALID_PARAMETER", &r, TYPED, S_PARAM,
	       false);
	{
		struct hvpart_cpuid hc = { .partition_id = id, .status = STATUS_PRESET };
		int ret = ioctl(hv_fd, HVPART_GET_CPUID, &hc);

		e2e_report(ret == -1 && errno == EFAULT,
			   "get-cpuid with cpuid pointer 0 -> EFAULT", "ret %d errno %s",
			   ret, e2e_errname(errno));
	}
	free(c);
	retire(id);
}

/* ---- properties ------------------------------------------------------------------------ */

static void expect_value(const char *name, const struct res *r, enum path p,
			 u64 want)
{
	char got[160];

	describe(got, sizeof(got), r, p);
	e2e_report(r->ret == 0 && r->status == 0 && r->value == want, name,
		   "%s, value 0x%" PRIx64 "; want SUCCESS and 0x%" PRIx64, got,
		   r->value, want);
}

static void test_properties(void)
{
	static const u32 unknown[] = { 0x12345678, 0x00060001, 0, 0x00060003,
				       0x0006000c, 0xffffffff };
	int vendor = cpuinfo_vendor();
	u64 id, bad_bit = 0;
	struct kvm_cpuid2 *c;
	char name[200];
	unsigned int i;
	enum path p;
	struct res r;

	/* Vendor. */
	id = create_full(0, COMPAT, 0, 0, 0, NULL);
	e2e_report(vendor >= 0, "/proc/cpuinfo names the vendor", "unknown vendor_id");
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_VENDOR, SENTINEL);
	snprintf(name, sizeof(name),
		 "typed get PROCESSOR_VENDOR -> %d (%s per /proc/cpuinfo)", vendor,
		 vendor == HVPART_PROCESSOR_VENDOR_AMD ? "AMD" : "Intel");
	expect_value(name, &r, TYPED, (u64)vendor);
	r = raw_get(id, P_VENDOR, 0);
	snprintf(name, sizeof(name), "hvcall get PROCESSOR_VENDOR -> %d", vendor);
	expect_value(name, &r, RAW, (u64)vendor);

	/* Compatibility version: the create input's. */
	for (i = 0; i < 2; i++) {
		u32 ver = i ? HVPART_COMPATIBILITY_PRERELEASE : HVPART_COMPATIBILITY_19H1;
		u64 vid = create_full(0, ver, 0, 0, 0, NULL);

		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, vid, P_COMPAT, 0);
		snprintf(name, sizeof(name),
			 "typed get COMPATIBILITY_VERSION of a 0x%x partition -> 0x%x", ver, ver);
		expect_value(name, &r, TYPED, ver);
		r = raw_get(vid, P_COMPAT, 0);
		snprintf(name, sizeof(name),
			 "hvcall get COMPATIBILITY_VERSION of a 0x%x partition -> 0x%x", ver, ver);
		expect_value(name, &r, RAW, ver);
		retire(vid);
	}

	/* Feature banks: what KVM offers, less what is disabled. */
	e2e_report((host_banks[0] & 0x19f) == 0x19f,
		   "FEATURES0 with nothing disabled has sse3, lahf_sahf, ssse3, sse4_1, sse4_2, popcnt, cmpxchg16b (bits 0-4, 7, 8)",
		   "0x%" PRIx64, host_banks[0]);
	e2e_report((host_banks[2] & 0x5) == 0x5,
		   "XSAVE_FEATURES with nothing disabled has xsave and avx (bits 0, 2)",
		   "0x%" PRIx64, host_banks[2]);
	{
		u64 did = create_full(0, COMPAT, 1ULL << 4, 0, 1ULL << 2, NULL);

		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_FEAT0, 0);
		expect_value("FEATURES0 of a partition created with sse4_2 disabled = host & ~bit 4",
			     &r, TYPED, host_banks[0] & ~(1ULL << 4));
		r = raw_get(did, P_FEAT0, 0);
		expect_value("hvcall FEATURES0 of that partition = host & ~bit 4", &r, RAW,
			     host_banks[0] & ~(1ULL << 4));
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_XSAVE, 0);
		e2e_report(r.ret == 0 && !(r.value & 4) && (r.value & 1) &&
			   !(r.value & ~host_banks[2]),
			   "XSAVE_FEATURES of a partition created with avx disabled: no avx, xsave stays, nothing beyond the host",
			   "0x%" PRIx64, r.value);
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_FEAT1, 0);
		expect_value("FEATURES1 of that partition = the host's", &r, TYPED,
			     host_banks[1]);
		retire(did);
		did = create_full(0, COMPAT, ~0ULL, ~0ULL, ~0ULL, NULL);
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_FEAT0, 0);
		expect_value("FEATURES0 with every bit disabled -> 0", &r, TYPED, 0);
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, did, P_XSAVE, 0);
		expect_value("XSAVE_FEATURES with every bit disabled -> 0", &r, TYPED, 0);
		retire(did);
	}

	/* Early sets before initialize: they shape the CPUID. */
	for (p = TYPED; p <= RAW; p++) {
		u64 want0 = host_banks[0] & ~(1ULL << 4);
		u64 wantx = host_banks[2] & ~(1ULL << 2);

		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, want0) :
				 raw_set(id, P_FEAT0, want0, 0);
		snprintf(name, sizeof(name), "%s set FEATURES0 = host & ~sse4_2 on a Created partition -> SUCCESS",
			 path_names[p]);
		expect(name, &r, p, S_OK, false);
		r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_FEAT0, 0);
		expect_value("...and get FEATURES0 reads it back", &r, TYPED, want0);
		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_XSAVE, wantx) :
				 raw_set(id, P_XSAVE, wantx, 0);
		snprintf(name, sizeof(name), "%s set XSAVE_FEATURES = host & ~avx -> SUCCESS",
			 path_names[p]);
		expect(name, &r, p, S_OK, false);
		c = get_cpuid(id);
		e2e_report(c && !cpuid_bit(c, 1, 0, ECX, 20) && !cpuid_bit(c, 1, 0, ECX, 28) &&
			   cpuid_bit(c, 1, 0, ECX, 19),
			   "...and get-cpuid hides SSE4.2 and AVX, keeps SSE4.1",
			   "ecx 0x%08x", c ? reg_of(e2e_cpuid_find(c, 1, 0), ECX) : 0);
		free(c);
		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0]) :
				 raw_set(id, P_FEAT0, host_banks[0], 0);
		r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_XSAVE, host_banks[2]);
		c = get_cpuid(id);
		e2e_report(c && cpuid_bit(c, 1, 0, ECX, 20) && cpuid_bit(c, 1, 0, ECX, 28),
			   "setting the full host value brings SSE4.2 and AVX back",
			   "ecx 0x%08x", c ? reg_of(e2e_cpuid_find(c, 1, 0), ECX) : 0);
		free(c);
	}

	/* Out of range: a bit the host does not offer. */
	for (i = 0; i < 61; i++)
		if (!(host_banks[0] & (1ULL << i))) {
			bad_bit = 1ULL << i;
			break;
		}
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0] | BIT64(63));
	expect("typed set FEATURES0 = host | bit 63 -> PROPERTY_VALUE_OUT_OF_RANGE, ERANGE",
	       &r, TYPED, S_RANGE, false);
	r = raw_set(id, P_FEAT0, host_banks[0] | BIT64(63), 0);
	expect("hvcall set FEATURES0 = host | bit 63 -> PROPERTY_VALUE_OUT_OF_RANGE",
	       &r, RAW, S_RANGE, false);
	if (bad_bit) {
		snprintf(name, sizeof(name),
			 "set FEATURES0 = host | 0x%" PRIx64 " (a bank-0 bit KVM does not offer) -> PROPERTY_VALUE_OUT_OF_RANGE",
			 bad_bit);
		r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0] | bad_bit);
		expect(name, &r, TYPED, S_RANGE, false);
	}
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT1, host_banks[1] | BIT64(63));
	expect("set FEATURES1 = host | bit 63 -> PROPERTY_VALUE_OUT_OF_RANGE", &r, TYPED,
	       S_RANGE, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_XSAVE, host_banks[2] | BIT64(63));
	expect("set XSAVE_FEATURES = host | bit 63 -> PROPERTY_VALUE_OUT_OF_RANGE", &r, TYPED,
	       S_RANGE, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_FEAT0, 0);
	expect_value("a refused set changes nothing: FEATURES0 still the host's", &r, TYPED,
		     host_banks[0]);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, 0);
	expect("set FEATURES0 = 0 (offer nothing) -> SUCCESS", &r, TYPED, S_OK, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_FEAT0, 0);
	expect_value("...and FEATURES0 reads 0", &r, TYPED, 0);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0]);

	/* Read-only and unknown codes. */
	for (p = TYPED; p <= RAW; p++) {
		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_VENDOR, (u64)vendor) :
				 raw_set(id, P_VENDOR, (u64)vendor, 0);
		snprintf(name, sizeof(name), "%s set PROCESSOR_VENDOR (read-only) -> INVALID_PARAMETER",
			 path_names[p]);
		expect(name, &r, p, S_PARAM, false);
		r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_COMPAT, COMPAT) :
				 raw_set(id, P_COMPAT, COMPAT, 0);
		snprintf(name, sizeof(name), "%s set COMPATIBILITY_VERSION (read-only) -> INVALID_PARAMETER",
			 path_names[p]);
		expect(name, &r, p, S_PARAM, false);
		for (i = 0; i < ARRAY_SIZE(unknown); i++) {
			r = p == TYPED ? typed_prop(HVPART_GET_PARTITION_PROPERTY, id, unknown[i], 0) :
					 raw_get(id, unknown[i], 0);
			snprintf(name, sizeof(name), "%s get of unknown property 0x%08x -> UNKNOWN_PROPERTY",
				 path_names[p], unknown[i]);
			expect(name, &r, p, S_UNKPROP, false);
			r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, unknown[i], 0) :
					 raw_set(id, unknown[i], 0, 0);
			snprintf(name, sizeof(name), "%s set of unknown property 0x%08x -> UNKNOWN_PROPERTY",
				 path_names[p], unknown[i]);
			expect(name, &r, p, S_UNKPROP, false);
		}
	}

	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_COMPAT, ~0ULL);
	expect("set COMPATIBILITY_VERSION = ~0 -> INVALID_PARAMETER (read-only before range)",
	       &r, TYPED, S_PARAM, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_COMPAT, 0);
	expect_value("...and the version is unchanged", &r, TYPED, COMPAT);

	/* Early set from Initialize on; the order of the checks. */
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0] & ~(1ULL << 4));
	expect("set FEATURES0 = host & ~sse4_2 before initialize -> SUCCESS", &r, TYPED, S_OK, false);
	r = typed_init_vm(id);
	expect("initialize after the early set -> SUCCESS", &r, TYPED, S_OK, false);
	close_fd(&r);
	c = get_cpuid(id);
	e2e_report(c && !cpuid_bit(c, 1, 0, ECX, 20),
		   "the early set survives initialize: get-cpuid of the Initialized partition hides SSE4.2",
		   "ecx 0x%08x", c ? reg_of(e2e_cpuid_find(c, 1, 0), ECX) : 0);
	free(c);
	for (p = TYPED; p <= RAW; p++) {
		static const u32 early[] = { P_FEAT0, P_FEAT1, P_XSAVE };
		static const char *const early_names[] = { "FEATURES0", "FEATURES1", "XSAVE_FEATURES" };

		for (i = 0; i < 3; i++) {
			r = p == TYPED ? typed_prop(HVPART_SET_PARTITION_PROPERTY, id, early[i], host_banks[i]) :
					 raw_set(id, early[i], host_banks[i], 0);
			snprintf(name, sizeof(name), "%s set %s after initialize -> INVALID_PARTITION_STATE",
				 path_names[p], early_names[i]);
			expect(name, &r, p, S_STATE, false);
		}
	}
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0] | BIT64(63));
	expect("set FEATURES0 out of range after initialize -> INVALID_PARTITION_STATE (state before range)",
	       &r, TYPED, S_STATE, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_VENDOR, 0);
	expect("set PROCESSOR_VENDOR after initialize -> INVALID_PARAMETER (read-only before state)",
	       &r, TYPED, S_PARAM, false);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, 0x12345678, 0);
	expect("set unknown property after initialize -> UNKNOWN_PROPERTY (code before state)",
	       &r, TYPED, S_UNKPROP, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_FEAT0, 0);
	expect_value("get FEATURES0 after initialize still works", &r, TYPED,
		     host_banks[0] & ~(1ULL << 4));
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	r = typed_prop(HVPART_SET_PARTITION_PROPERTY, id, P_FEAT0, host_banks[0]);
	expect("set FEATURES0 after finalize -> INVALID_PARTITION_STATE", &r, TYPED, S_STATE, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_COMPAT, 0);
	expect_value("get COMPATIBILITY_VERSION after finalize -> SUCCESS", &r, TYPED, COMPAT);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	expect("delete it -> SUCCESS", &r, TYPED, S_OK, false);
}

/* ---- no KVM, /dev/kvm missing ------------------------------------------------------ */

/*
 * Without KVM there is no VM to pass: initialize with vm_fd -1 works (the
 * raw call too), and an fd that is not a VM is refused before dispatch.
 */
static void no_kvm_cases(const char *why)
{
	char name[200];
	struct res r;
	u64 id = make_partition(ST_CREATED, 0, "make a partition for the no-KVM cases");
	u64 id2 = make_partition(ST_CREATED, 0, "make a second partition for the no-KVM cases");
	int fd;

	if (!id || !id2) {
		retire(id);
		retire(id2);
		return;
	}
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	r = typed_init(id, fd);
	snprintf(name, sizeof(name),
		 "%s: typed initialize with an fd of /dev/null (not a VM) -> EINVAL, not dispatched",
		 why);
	expect_errno(name, &r, TYPED, EINVAL);
	if (fd >= 0)
		close(fd);
	fd = fcntl(0, F_DUPFD_CLOEXEC, 64);
	if (fd >= 0)
		close(fd);
	r = typed_init(id, fd >= 0 ? fd : 1000);
	snprintf(name, sizeof(name),
		 "%s: typed initialize with a closed fd number -> EBADF, not dispatched", why);
	expect_errno(name, &r, TYPED, EBADF);
	r = typed_op(HVPART_GET_VM_FD, id);
	snprintf(name, sizeof(name), "%s: still Created: get-vm-fd -> INVALID_PARTITION_STATE", why);
	expect(name, &r, TYPED, S_STATE, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	snprintf(name, sizeof(name), "%s: still Created: finalize -> INVALID_PARTITION_STATE", why);
	expect(name, &r, TYPED, S_STATE, false);

	r = typed_init(id, -1);
	snprintf(name, sizeof(name), "%s: typed initialize with vm_fd -1 -> SUCCESS, vm_fd -1 back",
		 why);
	expect(name, &r, TYPED, S_OK, false);
	r = typed_op(HVPART_GET_VM_FD, id);
	snprintf(name, sizeof(name), "%s: Initialized without a VM: get-vm-fd -> OPERATION_DENIED",
		 why);
	expect(name, &r, TYPED, S_OPDENIED, false);
	close_fd(&r);
	r = typed_init(id, -1);
	snprintf(name, sizeof(name), "%s: initialize again -> INVALID_PARTITION_STATE", why);
	expect(name, &r, TYPED, S_STATE, false);
	r = typed_prop(HVPART_GET_PARTITION_PROPERTY, id, P_COMPAT, 0);
	snprintf(name, sizeof(name), "%s: get COMPATIBILITY_VERSION still works", why);
	expect_value(name, &r, TYPED, COMPAT);
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	snprintf(name, sizeof(name), "%s: finalize -> SUCCESS", why);
	expect(name, &r, TYPED, S_OK, false);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	snprintf(name, sizeof(name), "%s: delete -> SUCCESS", why);
	expect(name, &r, TYPED, S_OK, false);

	r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, id2);
	snprintf(name, sizeof(name), "%s: hvcall initialize -> SUCCESS", why);
	expect(name, &r, RAW, S_OK, false);
	r = typed_op(HVPART_FINALIZE_PARTITION, id2);
	snprintf(name, sizeof(name), "%s: ...then finalize -> SUCCESS", why);
	expect(name, &r, TYPED, S_OK, false);
	r = typed_op(HVPART_DELETE_PARTITION, id2);
	snprintf(name, sizeof(name), "%s: ...and delete -> SUCCESS", why);
	expect(name, &r, TYPED, S_OK, false);
}

/*
 * hvpart no longer opens /dev/kvm: with the path gone, a VMM that opened
 * it before (as e2e_kvm_vm() did in phase_full) still initializes with
 * its VM, and the raw call needs none.
 */
static void test_dev_kvm_missing(void)
{
	u64 a = make_partition(ST_CREATED, 0, "make a partition for /dev/kvm missing");
	u64 b = make_partition(ST_CREATED, 0, "make a second partition for /dev/kvm missing");
	struct res r;
	int fd;

	if (rename("/dev/kvm", "/dev/kvm.off")) {
		e2e_report(false, "mv /dev/kvm /dev/kvm.off", "errno %s", e2e_errname(errno));
		retire(a);
		retire(b);
		return;
	}
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	e2e_report(fd < 0 && errno == ENOENT, "/dev/kvm moved away: it cannot be opened",
		   "open -> %d errno %s", fd, e2e_errname(errno));
	if (fd >= 0)
		close(fd);
	r = typed_init_vm(a);
	expect("/dev/kvm moved away: typed initialize with a VM made through the /dev/kvm fd opened before -> SUCCESS (hvpart opens no /dev/kvm)",
	       &r, TYPED, S_OK, false);
	close_fd(&r);
	r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, b);
	expect("/dev/kvm moved away: hvcall initialize -> SUCCESS (no VM)", &r, RAW,
	       S_OK, false);
	if (rename("/dev/kvm.off", "/dev/kvm")) {
		e2e_report(false, "mv /dev/kvm.off /dev/kvm", "errno %s", e2e_errname(errno));
		exit(2);
	}
	r = typed_op(HVPART_GET_VM_FD, a);
	expect("/dev/kvm back: get-vm-fd of the partition initialized while it was away -> SUCCESS",
	       &r, TYPED, S_OK, true);
	close_fd(&r);
	retire(a);
	retire(b);
}

/* ---- phases ------------------------------------------------------------------------- */

static void phase_full(void)
{
	int base_dirs, base_fds, n, vm;
	cpu_set_t cpu0;

	/*
	 * KVM_GET_SUPPORTED_CPUID reports the APIC id of the CPU it runs on
	 * (CPUID.1:EBX[31:24], 0xB/0x1F EDX): stay on CPU 0, so that this
	 * process's answer and hvpart's (asked in this process) compare.
	 */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	e2e_report(sched_setaffinity(0, sizeof(cpu0), &cpu0) == 0,
		   "pin to CPU 0 (KVM's CPUID carries the current CPU's APIC id)",
		   "errno %s", e2e_errname(errno));

	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	e2e_report(kvm_fd >= 0, "open /dev/kvm (kvm and kvm-amd loaded)", "errno %s",
		   e2e_errname(errno));
	base_dirs = e2e_vm_dirs();
	e2e_report(base_dirs >= 0, "KVM debugfs " E2E_KVM_DEBUGFS " is readable",
		   "debugfs not mounted or no kvm/");
	/*
	 * The VMs this program passes to initialize come from e2e_kvm_vm(),
	 * whose /dev/kvm fd stays open from its first call: make that call
	 * before the fd baseline (and before test_dev_kvm_missing needs it).
	 */
	vm = e2e_kvm_vm();
	e2e_report(vm >= 0, "KVM_CREATE_VM through e2e_kvm_vm() (its /dev/kvm fd stays open)",
		   "errno %s", e2e_errname(errno));
	if (vm >= 0)
		close(vm);
	if (base_dirs >= 0)
		base_dirs = e2e_wait_vm_dirs(base_dirs);
	if (kvm_fd < 0 || base_dirs < 0 || vm < 0 || !setup_host())
		return;
	base_fds = count_fds();

	test_raw_rules();
	test_state_table();
	test_unknown_ids();
	test_non_owner();
	test_vm_fd();
	test_irqchip();
	test_flags_cpuid();
	test_disabled_cpuid();
	test_properties();
	test_dev_kvm_missing();

	n = e2e_wait_vm_dirs(base_dirs);
	e2e_report(n == base_dirs,
		   "leak check: KVM debugfs VM folders back to the baseline after everything was finalized and deleted",
		   "baseline %d now %d", base_dirs, n);
	n = count_fds();
	e2e_report(n == base_fds, "leak check: this process holds no fd it did not have before",
		   "%d fds before, %d now", base_fds, n);
	free(host);
}

static void phase_nokvm(void)
{
	struct res r;
	u16 status;
	u64 id, v;

	e2e_report(access("/dev/kvm", F_OK) != 0, "no /dev/kvm yet (kvm not loaded)",
		   "it exists");
	no_kvm_cases("kvm not loaded");
	id = create_full(F_NESTED, COMPAT, 0, 0, 0, &status);
	e2e_report(!id && status == S_NOFEAT,
		   "kvm not loaded: create with NESTED_VIRTUALIZATION_CAPABLE -> PROCESSOR_FEATURE_NOT_SUPPORTED",
		   "id %" PRIu64 " status %s", id, e2e_status_str(status));
	retire(id);
	r = hvcall(HVPART_CALL_GET_PARTITION_ID, NULL, 0, out_page, 8);
	memcpy(&v, out_page, 8);
	e2e_report(r.ret == 0 && v == HVPART_PARTITION_ID_HOST,
		   "kvm not loaded: hvcall GetPartitionId -> the host's id", "ret %d value 0x%" PRIx64,
		   r.ret, v);
}

static void phase_nonested(void)
{
	struct hvpart_create_partition_amd64 c;
	u16 status;
	int ret;
	u64 id;

	e2e_report(!nested_param(), "kvm_amd is loaded with nested=0",
		   "nested is on");
	memset(&c, 0, sizeof(c));
	c.input.flags = F_NESTED;
	c.input.compatibility_version = COMPAT;
	c.status = STATUS_PRESET;
	c.new_partition_id = 77;
	errno = 0;
	ret = ioctl(hv_fd, HVPART_CREATE_PARTITION_AMD64, &c);
	e2e_report(ret == -1 && errno == EOPNOTSUPP &&
		   c.status == S_NOFEAT && c.new_partition_id == 0,
		   "nested=0: create with NESTED_VIRTUALIZATION_CAPABLE -> PROCESSOR_FEATURE_NOT_SUPPORTED, EOPNOTSUPP, id 0",
		   "ret %d errno %s status 0x%x id %" PRIu64, ret, e2e_errname(errno),
		   c.status, (u64)c.new_partition_id);
	memcpy(in_page, &c.input, sizeof(c.input));
	{
		struct res r = hvcall(HVPART_CALL_CREATE_PARTITION, in_page, sizeof(c.input),
				      out_page, 8);

		expect("nested=0: hvcall create with NESTED_VIRTUALIZATION_CAPABLE -> PROCESSOR_FEATURE_NOT_SUPPORTED",
		       &r, RAW, S_NOFEAT, false);
	}
	id = create_full(F_NESTED | BIT64(2), COMPAT, 0, 0, 0, &status);
	e2e_report(!id && status == S_PARAM,
		   "nested=0: NESTED plus undefined flag bit 2 -> INVALID_PARAMETER (flags checked first)",
		   "status %s", e2e_status_str(status));
	id = create_full(0, COMPAT, 0, 0, 0, &status);
	e2e_report(id != 0, "nested=0: create without the flag -> SUCCESS", "%s",
		   e2e_status_str(status));
	if (id) {
		struct kvm_cpuid2 *cp = get_cpuid(id);

		e2e_report(cp && !cpuid_bit(cp, 0x80000001, 0, ECX, 2),
			   "nested=0: get-cpuid offers no SVM", "svm %d",
			   cp ? cpuid_bit(cp, 0x80000001, 0, ECX, 2) : -1);
		free(cp);
	}
	retire(id);
}

/*
 * Closing /dev/hvpart, then rmmod hvpart with Initialized partitions; this
 * process holds one VM fd.
 */
static void phase_rmmod(void)
{
	int base = e2e_vm_dirs(), n, held_fd, vcpu, st;
	struct res r;
	pid_t pid;
	u64 a, b, c, e;

	e2e_report(base >= 0, "KVM debugfs is readable", "no " E2E_KVM_DEBUGFS);
	a = make_partition(ST_CREATED, 0, "rmmod: make partition A");
	b = make_partition(ST_CREATED, F_LAPIC, "rmmod: make partition B");
	c = make_partition(ST_FIN, 0, "rmmod: make partition C (Finalized)");
	make_partition(ST_CREATED, 0, "rmmod: make partition D (Created)");
	e = make_partition(ST_CREATED, 0, "rmmod: make partition E");
	/* make_partition(ST_FIN) made and released a VM: wait for it. */
	base = e2e_wait_vm_dirs(base);
	r = typed_init_vm(a);
	expect("rmmod: typed initialize A with the VMM's VM (the VMM keeps the fd)", &r,
	       TYPED, S_OK, false);
	held_fd = r.ret == 0 ? r.vm_in : -1;
	if (held_fd < 0)
		close_fd(&r);
	r = typed_init_vm(b);
	expect("rmmod: typed initialize B with a VM whose fd the VMM then closes (only the partition holds it)",
	       &r, TYPED, S_OK, false);
	close_fd(&r);
	r = raw_op(HVPART_CALL_INITIALIZE_PARTITION, e);
	expect("rmmod: hvcall initialize E (no VM)", &r, RAW, S_OK, false);
	(void)c;
	n = e2e_vm_dirs();
	e2e_report(n == base + 2, "rmmod: two VMs exist (baseline + 2)", "baseline %d now %d",
		   base, n);

	/*
	 * The partitions hold their VMs through this process's /dev/hvpart
	 * file: closing it ends that.  The module cannot go while it is open
	 * anyway.
	 */
	close(hv_fd);
	hv_fd = -1;
	n = e2e_wait_vm_dirs(base + 1);
	e2e_report(n == base + 1 && held_fd >= 0 && e2e_vm_dir_exists(getpid(), held_fd),
		   "rmmod: closing /dev/hvpart released the partitions' VMs: B's (held only by hvpart) is gone, A's (the VMM holds an fd) lives",
		   "baseline %d now %d", base, n);
	pid = e2e_fork();
	if (pid == 0) {
		execl("/bin/rmmod", "rmmod", "hvpart", (char *)NULL);
		_exit(127);
	}
	st = -1;
	waitpid(pid, &st, 0);
	e2e_report(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		   "rmmod hvpart with Initialized, Finalized and Created partitions succeeds",
		   "status 0x%x", st);
	e2e_report(access("/dev/hvpart", F_OK) != 0, "rmmod: /dev/hvpart is gone",
		   "still there");
	n = e2e_wait_vm_dirs(base + 1);
	e2e_report(n == base + 1 && held_fd >= 0 && e2e_vm_dir_exists(getpid(), held_fd),
		   "rmmod: A's VM (the VMM holds an fd) lives on without hvpart",
		   "baseline %d now %d", base, n);
	if (held_fd >= 0) {
		vcpu = ioctl(held_fd, KVM_CREATE_VCPU, 0);
		e2e_report(vcpu >= 0, "rmmod: the VMM's VM fd still works without hvpart",
			   "errno %s", e2e_errname(errno));
		if (vcpu >= 0)
			close(vcpu);
		close(held_fd);
	}
	n = e2e_wait_vm_dirs(base);
	e2e_report(n == base, "rmmod: A's VM is gone once the VMM closed its fd",
		   "baseline %d now %d", base, n);
}

static int setup_memory(void)
{
	size_t pagesz = (size_t)sysconf(_SC_PAGESIZE);
	u8 *base;

	if (pagesz != HVPAGE) {
		fprintf(stderr, "page size %zu: this test wants 4096\n", pagesz);
		return -1;
	}
	/* in_page | out_page | none_page */
	base = mmap(NULL, 3 * pagesz, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -1;
	in_page = base;
	out_page = base + pagesz;
	none_page = base + 2 * pagesz;
	return mprotect(none_page, pagesz, PROT_NONE);
}

int main(int argc, char **argv)
{
	const char *phase = "full";
	int opt;

	while ((opt = getopt(argc, argv, "p:h")) != -1) {
		switch (opt) {
		case 'p':
			phase = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-p full|nokvm|nonested|rmmod]\n", argv[0]);
			return 2;
		}
	}
	e2e_init("hvpart_lifecycle");
	if (setup_memory()) {
		perror("setup_memory");
		return 2;
	}
	hv_fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	e2e_report(hv_fd >= 0, "open /dev/hvpart", "errno %s", e2e_errname(errno));
	if (hv_fd < 0)
		return e2e_summary();

	if (!strcmp(phase, "full")) {
		phase_full();
	} else if (!strcmp(phase, "nokvm")) {
		phase_nokvm();
	} else if (!strcmp(phase, "nonested")) {
		phase_nonested();
	} else if (!strcmp(phase, "rmmod")) {
		phase_rmmod();
	} else {
		fprintf(stderr, "unknown phase %s\n", phase);
		return 2;
	}
	if (hv_fd >= 0)
		close(hv_fd);
	return e2e_summary();
}
