// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_lifecycle: the calls (typed and HVPART_HVCALL), how their
 * outcomes are judged, partitions made in a given state, and the host
 * facts the checks compare with (KVM's CPUID, nested virtualization).
 */
#include "hvpart_lifecycle.h"

const char *const call_names[NCALLS] = {
	"initialize", "finalize", "delete", "get-property",
	"set-property (early)", "get-vm-fd", "get-cpuid",
};
const char *const path_names[] = { "typed", "hvcall" };
const char *const state_names[NSTATES] = {
	"Created", "Initialized", "Finalized", "Deleted",
};

struct res typed_op(unsigned long req, u64 id)
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
struct res typed_init(u64 id, int vm_fd)
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
struct res typed_init_vm(u64 id)
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

struct res typed_prop(unsigned long req, u64 id, u32 code, u64 value)
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

struct res hvcall(u64 control, const void *in, u32 in_size, void *out,
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

struct res raw_op(u16 code, u64 id)
{
	memcpy(in_page, &id, 8);
	return hvcall(code, in_page, 8, NULL, 0);
}

struct res raw_get(u64 id, u32 code, u32 padding)
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

struct res raw_set(u64 id, u32 code, u64 value, u32 padding)
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
struct res typed_cpuid_into(u64 id, struct kvm_cpuid2 *c, u32 reserved)
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
struct kvm_cpuid2 *get_cpuid(u64 id)
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

void describe(char *buf, size_t len, const struct res *r, enum path p)
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
bool fd_in_ok(const struct res *r)
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

bool expect(const char *name, const struct res *r, enum path p,
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
void expect_errno(const char *name, const struct res *r, enum path p,
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
void close_fd(struct res *r)
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
struct res do_call(enum call c, enum path p, u64 id)
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

bool call_has_raw(enum call c)
{
	return c != C_VMFD && c != C_CPUID;
}

/* ---- partitions ------------------------------------------------------------ */

u64 create_full(u64 flags, u32 compat, u64 d0, u64 d1, u64 dx, u16 *status)
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
u64 make_partition(enum state st, u64 flags, const char *why)
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
int probe_state(u64 id)
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
void retire(u64 id)
{
	struct res r;

	if (!id)
		return;
	r = typed_op(HVPART_FINALIZE_PARTITION, id);
	r = typed_op(HVPART_DELETE_PARTITION, id);
	(void)r;
}

int count_fds(void)
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
int next_fd(void)
{
	int fd = fcntl(0, F_DUPFD, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* ---- host facts ---------------------------------------------------------------- */

u32 reg_of(const struct kvm_cpuid_entry2 *e, unsigned int reg)
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

int cpuid_bit(const struct kvm_cpuid2 *c, u32 leaf, u32 sub,
	      unsigned int reg, unsigned int bit)
{
	return (reg_of(e2e_cpuid_find(c, leaf, sub), reg) >> bit) & 1;
}

bool nested_param(void)
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
int cpuinfo_vendor(void)
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

bool setup_host(void)
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
