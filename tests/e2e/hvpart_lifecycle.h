/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart_lifecycle: what its files share (hvpart_lifecycle.c has the
 * phases and main; hvpart_lifecycle_calls.c the calls, their judging, the
 * partitions and the host facts; one file a behaviour for the rest).
 */
#ifndef HVPART_E2E_LIFECYCLE_H
#define HVPART_E2E_LIFECYCLE_H

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

/* ---- calls ---------------------------------------------------------------- */

enum call { C_INIT, C_FIN, C_DEL, C_GETP, C_SETP, C_VMFD, C_CPUID, NCALLS };
enum path { TYPED, RAW };
enum state { ST_CREATED, ST_INIT, ST_FIN, ST_DELETED, NSTATES };

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

/* hvpart_lifecycle.c */
extern int hv_fd;
extern int kvm_fd;
extern u8 *in_page, *out_page, *none_page;
extern struct kvm_cpuid2 *host;
extern u64 host_banks[3];
extern bool nested_ok;

/* hvpart_lifecycle_calls.c */
extern const char *const call_names[NCALLS];
extern const char *const path_names[];
extern const char *const state_names[NSTATES];
struct res typed_op(unsigned long req, u64 id);
struct res typed_init(u64 id, int vm_fd);
struct res typed_init_vm(u64 id);
struct res typed_prop(unsigned long req, u64 id, u32 code, u64 value);
struct res hvcall(u64 control, const void *in, u32 in_size, void *out,
		  u32 out_size);
struct res raw_op(u16 code, u64 id);
struct res raw_get(u64 id, u32 code, u32 padding);
struct res raw_set(u64 id, u32 code, u64 value, u32 padding);
struct res typed_cpuid_into(u64 id, struct kvm_cpuid2 *c, u32 reserved);
struct kvm_cpuid2 *get_cpuid(u64 id);
void describe(char *buf, size_t len, const struct res *r, enum path p);
bool fd_in_ok(const struct res *r);
bool expect(const char *name, const struct res *r, enum path p,
	    u16 want, bool fd_call);
void expect_errno(const char *name, const struct res *r, enum path p,
		  int err);
void close_fd(struct res *r);
struct res do_call(enum call c, enum path p, u64 id);
bool call_has_raw(enum call c);
u64 create_full(u64 flags, u32 compat, u64 d0, u64 d1, u64 dx, u16 *status);
u64 make_partition(enum state st, u64 flags, const char *why);
int probe_state(u64 id);
void retire(u64 id);
int count_fds(void);
int next_fd(void);
u32 reg_of(const struct kvm_cpuid_entry2 *e, unsigned int reg);
int cpuid_bit(const struct kvm_cpuid2 *c, u32 leaf, u32 sub,
	      unsigned int reg, unsigned int bit);
bool nested_param(void);
int cpuinfo_vendor(void);
bool setup_host(void);

/* hvpart_lifecycle_states.c */
void test_raw_rules(void);
void test_state_table(void);
void test_unknown_ids(void);
void test_non_owner(void);

/* hvpart_lifecycle_vmfd.c */
void test_vm_fd(void);
void no_kvm_cases(const char *why);
void test_dev_kvm_missing(void);

/* hvpart_lifecycle_cpuid.c */
void test_irqchip(void);
void test_flags_cpuid(void);
void test_disabled_cpuid(void);

/* hvpart_lifecycle_props.c */
void expect_value(const char *name, const struct res *r, enum path p,
		  u64 want);
void test_properties(void);

#endif /* HVPART_E2E_LIFECYCLE_H */
