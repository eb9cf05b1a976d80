// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_fuzz_ioctl: the typed ioctls (create, initialize, finalize,
 * delete, properties, HVPART_GET_VM_FD, HVPART_GET_CPUID) with fuzzed
 * argument structs, and unknown ioctl numbers.
 */
#include "hvpart_fuzz_ioctl.h"

/* ---- typed ioctls ----------------------------------------------------------- */

union typed_arg {
	struct hvpart_create_partition_amd64 amd64;
	struct hvpart_create_partition_arm64 arm64;
	struct hvpart_partition_op op;
	struct hvpart_partition_property prop;
	struct hvpart_cpuid cpuid;
	u8 bytes[80];
};

/* The typed struct rules (section 9): copied in and out before anything. */
static bool typed_copyable(u64 addr, u32 size)
{
	return mem_ok(addr, size, true);
}

/* Issue @cmd on the struct at @addr; read back what is readable. */
static int typed_ioctl(unsigned long cmd, u64 addr, union typed_arg *back,
		       u32 size, int *err)
{
	int ret;

	errno = 0;
	ret = ioctl(fd, cmd, (void *)(uintptr_t)addr);
	*err = ret ? errno : 0;
	memset(back, 0, sizeof(*back));
	mem_get(addr, back, size);
	return ret;
}

/* A struct that could not be copied must be as it was, where readable. */
static void check_untouched(u64 addr, const union typed_arg *arg,
			    const union typed_arg *back, u32 size)
{
	u32 i;

	for (i = 0; i < size; i++) {
		if (mem_ok(addr + i, 1, false) && back->bytes[i] != arg->bytes[i]) {
			complain("byte %u of the uncopyable struct changed", i);
			return;
		}
	}
}

void act_create(void)
{
	bool arm = chance(350);
	enum hvc_layout layout = arm ? HVC_LAYOUT_ARM64 : HVC_LAYOUT_AMD64;
	u32 in_len = hvc_create_input_size(layout), size = in_len + 16;
	union typed_arg arg, back;
	u64 *new_id, *bnew_id, id = 0, addr;
	u32 *status, *bstatus, *reserved;
	enum ptr_kind sk;
	const char *what;
	struct pred p;
	bool written;
	int ret, err;

	memset(&arg, 0, sizeof(arg));
	gen_create(layout, &arg, &what);
	new_id = (u64 *)(arg.bytes + in_len);
	status = (u32 *)(arg.bytes + in_len + 8);
	reserved = (u32 *)(arg.bytes + in_len + 12);
	*new_id = rnd();
	*status = 0xdead0000U | (u32)below(0x10000);
	if (chance(50))
		*reserved = (u32)rnd() | 1;
	sk = struct_kind(80);
	addr = struct_addr(sk, size);
	mem_put(addr, &arg, size);
	describe("HVPART_CREATE_PARTITION_%s struct %s at 0x%" PRIx64 ": %s input, reserved 0x%x",
		 arm ? "ARM64" : "AMD64", pk_names[sk], addr, what, *reserved);

	if (!typed_copyable(addr, size))
		p = pred_errno(EFAULT);
	else if (*reserved)
		p = pred_status(S_PARAM);
	else
		p = pred_status(model_create(layout, &arg, &id));

	ret = typed_ioctl(arm ? HVPART_CREATE_PARTITION_ARM64 : HVPART_CREATE_PARTITION_AMD64,
			  addr, &back, size, &err);
	bnew_id = (u64 *)(back.bytes + in_len);
	bstatus = (u32 *)(back.bytes + in_len + 8);
	written = typed_copyable(addr, size) && *bstatus != *status;
	if (judge(&p, ret, err, written, *bstatus)) {
		if (p.transport) {
			check_untouched(addr, &arg, &back, size);
		} else {
			if (*bnew_id != (p.status == S_OK ? id : 0))
				complain("new_partition_id %" PRIu64 ", want %" PRIu64,
					 *bnew_id, p.status == S_OK ? id : 0);
			if (memcmp(back.bytes, arg.bytes, in_len) ||
			    memcmp(back.bytes + in_len + 12, reserved, 4))
				complain("the input or reserved bytes changed");
		}
	}
	if (written && *bstatus == S_OK) {
		creates_ok++;
		if (*bnew_id != next_id) {
			creates_bad_id++;
			complain("new id %" PRIu64 ", want %" PRIu64, *bnew_id, next_id);
		}
		model_add(*bnew_id, caller_uid, arm ? arg.arm64.input.compatibility_version :
			  arg.amd64.input.compatibility_version);
		if (chance(300)) {
			focus_id = *bnew_id;
			focus_left = 2 + below(5);
		}
	}
	finish(sk == PK_GOOD ? C_CREATE : C_EFAULT);
	if (!(written && *bstatus == S_OK))
		probe_unknown(C_PROBE, next_id, "a refused create");
}

/* Open fds that are no KVM VM: /dev/hvpart itself, /dev/null, a pipe, "/". */
int not_vm[5];
unsigned int nnot_vm;

static bool fd_open(int n)
{
	return n >= 0 && fcntl(n, F_GETFD) != -1;
}

/* Initialize's vm_fd: mostly -1, else something hvpart must refuse. */
static __s32 pick_vm_fd(void)
{
	int n;

	switch (pick((const unsigned int[]){ 600, 200, 80, 60, 60 }, 5)) {
	case 0:
		return -1;
	case 1:
		return nnot_vm ? not_vm[below(nnot_vm)] : fd;
	case 2:
		/* The lowest free number above the standard ones: closed. */
		n = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		if (n >= 0)
			close(n);
		return n >= 0 ? n : 1000;
	case 3:
		return chance(500) ? -2 - (__s32)below(1000) : INT32_MIN;
	default:
		return (__s32)rnd();
	}
}

void act_op(enum op op)
{
	static const char *const names[] = {
		"HVPART_INITIALIZE_PARTITION", "HVPART_FINALIZE_PARTITION",
		"HVPART_DELETE_PARTITION", "HVPART_GET_VM_FD",
	};
	static const unsigned long cmds[] = {
		HVPART_INITIALIZE_PARTITION, HVPART_FINALIZE_PARTITION,
		HVPART_DELETE_PARTITION, HVPART_GET_VM_FD,
	};
	union typed_arg arg, back;
	u32 size = sizeof(arg.op);
	struct e2e_fd_mark mark;
	enum ptr_kind sk;
	struct part *pt;
	struct pred p;
	bool written, marked;
	int ret, err;
	u64 addr;
	u64 unused;
	u8 in[8];

	memset(&arg, 0, sizeof(arg));
	arg.op.partition_id = pick_id();
	arg.op.status = 0xdead0000U | (u32)below(0x10000);
	/* Initialize reads vm_fd; the others must ignore whatever is there. */
	arg.op.vm_fd = op == OP_INIT ? pick_vm_fd() : (__s32)rnd();
	sk = struct_kind(80);
	addr = struct_addr(sk, size);
	mem_put(addr, &arg, size);
	describe("%s struct %s at 0x%" PRIx64 ": id 0x%" PRIx64 " vm_fd %d", names[op],
		 pk_names[sk], addr, (u64)arg.op.partition_id, arg.op.vm_fd);

	memcpy(in, &arg.op.partition_id, 8);
	if (!typed_copyable(addr, size)) {
		p = pred_errno(EFAULT);
	} else if (op == OP_INIT && arg.op.vm_fd != -1) {
		/* Before dispatch: not open, or open and no VM (no KVM here). */
		p = pred_errno(fd_open(arg.op.vm_fd) ? EINVAL : EBADF);
	} else if (op == OP_VMFD) {
		/* Initialized only without a VM here (no KVM): no VM to give. */
		p = pred_status(lock_check(arg.op.partition_id, IN(P_INITIALIZED), &pt));
		if (p.status == S_OK)
			p.status = S_OPDENIED;
	} else {
		p = pred_status(model_call(HVPART_CALL_INITIALIZE_PARTITION + op, in, &unused));
	}

	marked = op == OP_INIT && fd_open(arg.op.vm_fd) &&
		 e2e_fd_mark(&mark, arg.op.vm_fd);
	ret = typed_ioctl(cmds[op], addr, &back, size, &err);
	if (marked && !e2e_fd_kept(&mark))
		complain("the fd passed as vm_fd (%d) was closed or replaced", arg.op.vm_fd);
	written = typed_copyable(addr, size) && back.op.status != arg.op.status;
	if (judge(&p, ret, err, written, back.op.status)) {
		if (p.transport) {
			check_untouched(addr, &arg, &back, size);
		} else {
			if (back.op.partition_id != arg.op.partition_id)
				complain("partition_id changed");
			if (op == OP_INIT ? back.op.vm_fd != arg.op.vm_fd :
			    op == OP_VMFD && p.status == S_OK ? back.op.vm_fd < 0 :
			    back.op.vm_fd != -1)
				complain("vm_fd %d (passed %d)", back.op.vm_fd, arg.op.vm_fd);
		}
	}
	if (written && back.op.status == S_OK) {
		/* Initialize's vm_fd is the caller's own (or no fd at all). */
		if (op == OP_VMFD && back.op.vm_fd >= 0)
			close(back.op.vm_fd);
		if (op == OP_DELETE)
			model_remove(arg.op.partition_id);
		else if (op == OP_INIT && part_of(arg.op.partition_id))
			parts[arg.op.partition_id].state = P_INITIALIZED;
		else if (op == OP_FINALIZE && part_of(arg.op.partition_id))
			parts[arg.op.partition_id].state = P_FINALIZED;
	}
	finish(sk != PK_GOOD ? C_EFAULT : op == OP_VMFD ? C_VMFD : C_OP);
	/* A delete that could not copy its struct deleted nothing. */
	if (op == OP_DELETE && sk != PK_GOOD && part_of(arg.op.partition_id))
		probe_live(C_EFAULT, arg.op.partition_id, "an uncopyable delete");
}

void act_prop(bool set)
{
	union typed_arg arg, back;
	u32 size = sizeof(arg.prop);
	struct hvpart_input_set_partition_property in;
	enum ptr_kind sk;
	u64 value = 0;
	struct pred p;
	bool written;
	int ret, err;
	u64 addr;

	memset(&arg, 0, sizeof(arg));
	arg.prop.partition_id = pick_id();
	arg.prop.property_code = pick_prop();
	arg.prop.status = 0xdead0000U | (u32)below(0x10000);
	arg.prop.property_value = pick_value();
	sk = struct_kind(60);
	addr = struct_addr(sk, size);
	mem_put(addr, &arg, size);
	describe("HVPART_%s_PARTITION_PROPERTY struct %s at 0x%" PRIx64 ": id 0x%" PRIx64
		 " code 0x%x value 0x%" PRIx64, set ? "SET" : "GET", pk_names[sk], addr,
		 (u64)arg.prop.partition_id, arg.prop.property_code,
		 (u64)arg.prop.property_value);

	memset(&in, 0, sizeof(in));
	in.partition_id = arg.prop.partition_id;
	in.property_code = arg.prop.property_code;
	in.property_value = arg.prop.property_value;
	if (!typed_copyable(addr, size))
		p = pred_errno(EFAULT);
	else
		p = pred_status(model_call(set ? HVPART_CALL_SET_PARTITION_PROPERTY :
					   HVPART_CALL_GET_PARTITION_PROPERTY, (u8 *)&in, &value));

	ret = typed_ioctl(set ? HVPART_SET_PARTITION_PROPERTY : HVPART_GET_PARTITION_PROPERTY,
			  addr, &back, size, &err);
	written = typed_copyable(addr, size) && back.prop.status != arg.prop.status;
	if (judge(&p, ret, err, written, back.prop.status)) {
		if (p.transport) {
			check_untouched(addr, &arg, &back, size);
		} else {
			u64 want = set ? arg.prop.property_value : p.status == S_OK ? value : 0;

			if (back.prop.partition_id != arg.prop.partition_id ||
			    back.prop.property_code != arg.prop.property_code)
				complain("partition_id or property_code changed");
			if (back.prop.property_value != want)
				complain("property_value 0x%" PRIx64 ", want 0x%" PRIx64,
					 (u64)back.prop.property_value, want);
		}
	}
	finish(sk == PK_GOOD ? C_PROP : C_EFAULT);
}

/* HVPART_GET_CPUID is x86's; elsewhere it is ENOTTY (section 9.6). */
#if defined(__x86_64__) || defined(__i386__)
#define CPUID_NATIVE	true
#else
#define CPUID_NATIVE	false
#endif

void act_cpuid(void)
{
	static const enum ptr_kind kinds[] = {
		PK_GOOD, PK_GOOD, PK_GOOD, PK_GOOD, PK_GOOD, PK_GOOD, PK_RO,
		PK_NULL, PK_NONE, PK_HOLE, PK_KERNEL, PK_CROSS_NONE,
	};
	union typed_arg arg, back;
	u32 size = sizeof(arg.cpuid), nent, bnent;
	enum ptr_kind sk, ck;
	struct part *pt;
	struct pred p;
	bool written;
	int ret, err;
	u64 addr;

	memset(&arg, 0, sizeof(arg));
	arg.cpuid.partition_id = pick_id();
	arg.cpuid.status = 0xdead0000U | (u32)below(0x10000);
	if (chance(60))
		arg.cpuid.reserved = (u32)rnd() | 1;
	ck = kinds[below(ARRAY_SIZE(kinds))];
	arg.cpuid.cpuid = ck == PK_CROSS_NONE ? addr_of(PG_NONE, 0) - 2 : buf_addr(ck, 8, 0);
	nent = (u32)below(300);
	mem_put(arg.cpuid.cpuid, &nent, sizeof(nent));
	sk = struct_kind(60);
	addr = struct_addr(sk, size);
	mem_put(addr, &arg, size);
	describe("HVPART_GET_CPUID struct %s at 0x%" PRIx64 ": id 0x%" PRIx64
		 " reserved 0x%x cpuid %s 0x%" PRIx64 " nent %u", pk_names[sk], addr,
		 (u64)arg.cpuid.partition_id, arg.cpuid.reserved, pk_names[ck],
		 (u64)arg.cpuid.cpuid, nent);

	/* Section 9.6; without KVM there is never an answer to write. */
	if (!CPUID_NATIVE)
		p = pred_errno(ENOTTY);
	else if (!typed_copyable(addr, size))
		p = pred_errno(EFAULT);
	else if (arg.cpuid.reserved)
		p = pred_status(S_PARAM);
	else if (!mem_ok(arg.cpuid.cpuid, 4, false))
		p = pred_errno(EFAULT);
	else {
		p = pred_status(lock_check(arg.cpuid.partition_id, IN_ANY, &pt));
		if (p.status == S_OK)
			p.status = S_NORES;
	}

	snapshot();
	ret = typed_ioctl(HVPART_GET_CPUID, addr, &back, size, &err);
	written = typed_copyable(addr, size) && back.cpuid.status != arg.cpuid.status;
	if (judge(&p, ret, err, written, back.cpuid.status)) {
		if (!written)
			check_untouched(addr, &arg, &back, size);
		mem_get(arg.cpuid.cpuid, &bnent, sizeof(bnent));
		if (mem_ok(arg.cpuid.cpuid, 4, false) && bnent != nent)
			complain("nent %u, want %u untouched", bnent, nent);
		if (snap_differs())
			complain("the kvm_cpuid2 buffer or other data changed");
	}
	finish(sk == PK_GOOD ? C_CPUID : C_EFAULT);
}

/* ---- unknown ioctls ------------------------------------------------------- */

static const unsigned long known_cmds[] = {
	HVPART_HVCALL, HVPART_CREATE_PARTITION_AMD64, HVPART_CREATE_PARTITION_ARM64,
	HVPART_INITIALIZE_PARTITION, HVPART_FINALIZE_PARTITION, HVPART_DELETE_PARTITION,
	HVPART_GET_PARTITION_PROPERTY, HVPART_SET_PARTITION_PROPERTY, HVPART_GET_VM_FD,
	/* Answers 0 for the numbers it does not know, never ENOTTY. */
	HVPART_CHECK_EXTENSION,
	HVPART_GET_VERDICT,
#if defined(__x86_64__) || defined(__i386__)
	HVPART_GET_CPUID,
#else
	HVPART_GET_VCPU_INIT,
#endif
};

static bool cmd_known(unsigned long cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known_cmds); i++)
		if (known_cmds[i] == cmd)
			return true;
	return false;
}

static unsigned long gen_unknown_cmd(void)
{
	/* Magics the VFS does not serve itself ('T', 'X', 'f', 0x94, 0x00 it does). */
	static const unsigned int magics[] = { 0xAE, 0x42, 0xBC, 0xBE, 0x01, 0xFF };
	static const unsigned int sizes[] = {
		0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 128,
	};
	unsigned long cmd;
	unsigned int dir, nr, magic, sz;

	/* The other architecture's CPU-feature view (section 9.7). */
	if (chance(50))
		return CPUID_NATIVE ? HVPART_GET_VCPU_INIT : HVPART_GET_CPUID;
	do {
		dir = below(4);
		magic = HVPART_IOCTL_MAGIC;
		switch (below(4)) {
		case 0:
			nr = below(16);
			sz = sizes[below(ARRAY_SIZE(sizes))];
			break;
		case 1:
			nr = below(256);
			sz = below(1 << 14);
			break;
		case 2:
			/* A known one with the size or direction off. */
			cmd = known_cmds[below(ARRAY_SIZE(known_cmds))];
			nr = _IOC_NR(cmd);
			sz = _IOC_SIZE(cmd);
			if (chance(500))
				sz = (sz + (chance(500) ? 8 : -8)) & 0x3fff;
			else
				dir = _IOC_DIR(cmd) ^ (1 + below(3));
			break;
		default:
			magic = magics[below(ARRAY_SIZE(magics))];
			nr = below(256);
			sz = sizes[below(ARRAY_SIZE(sizes))];
			break;
		}
		cmd = _IOC(dir, magic, nr, sz);
	} while (cmd_known(cmd));
	return cmd;
}

void act_unknown(void)
{
	static const enum ptr_kind kinds[] = {
		PK_GOOD, PK_GOOD, PK_GOOD, PK_NULL, PK_NONE, PK_RO, PK_KERNEL,
	};
	unsigned long cmd = gen_unknown_cmd();
	enum ptr_kind k = kinds[below(ARRAY_SIZE(kinds))];
	u64 addr = struct_addr(k, 128);
	struct pred p = pred_errno(ENOTTY);
	u8 junk[128];
	unsigned int i;
	int ret, err;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (u8)rnd();
	mem_put(addr, junk, sizeof(junk));
	describe("unknown ioctl 0x%lx (dir %lu magic 0x%lx nr 0x%lx size %lu), arg %s 0x%" PRIx64,
		 cmd, (unsigned long)_IOC_DIR(cmd), (unsigned long)_IOC_TYPE(cmd),
		 (unsigned long)_IOC_NR(cmd), (unsigned long)_IOC_SIZE(cmd), pk_names[k], addr);
	errno = 0;
	ret = ioctl(fd, cmd, (void *)(uintptr_t)addr);
	err = ret ? errno : 0;
	judge(&p, ret, err, false, 0);
	if (k == PK_GOOD) {
		u8 back[128];

		mem_get(addr, back, sizeof(back));
		if (memcmp(back, junk, sizeof(junk)))
			complain("the argument changed");
	}
	finish(C_ENOTTY);
}
