// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_faults: fail every allocation create and initialize make, one at a
 * time, and check that each failure is HVPART_STATUS_INSUFFICIENT_MEMORY (or a
 * success where the allocation was optional) and leaves nothing behind: no
 * partition, no reference to the caller's KVM VM, no state change.
 * Initialize takes a VM the program made (KVM_CREATE_VM) before the fault
 * is armed, so the faults hit what hvpart does with it: its bookkeeping
 * and shaping the VM (the in-kernel irqchip of LAPIC_ENABLED).
 *
 * Runs as root in the debug guest kernel (scripts/debug-kernel.sh:
 * CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC) with hvpart loaded and, for the
 * initialize part, kvm and kvm-amd loaded and debugfs mounted.  It uses
 * the task's /proc/thread-self/fail-nth: writing N makes the N-th
 * fault-injection point this thread reaches fail, and reading 0 back says
 * the fault fired.  failslab and fail_page_alloc skip sleeping allocations
 * unless told otherwise, so ignore-gfp-wait is turned off first (and
 * restored after).  N runs from 1 until a call goes through without
 * reaching the N-th point: then every allocation of that call has failed
 * once.
 *
 *   hvpart_faults [create|initialize]...   (default: both)
 *
 * Output: "ok - ..." / "not ok - ..." lines, then
 * "hvpart_faults: N passed, M failed"; exit status 1 on any failure.
 * Without fail-nth (a kernel without fault injection) it fails loudly: a
 * skipped check must not pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "e2e_util.h"

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define FAULT_DIR	"/sys/kernel/debug"
/* More than any create or initialize makes; a bound, not a figure. */
#define MAX_NTH		4000

static int hv_fd = -1;

/* The injection knobs this program changes, and their values before. */
static const char *const knobs[] = {
	FAULT_DIR "/failslab/ignore-gfp-wait",
	FAULT_DIR "/failslab/verbose",
	FAULT_DIR "/fail_page_alloc/ignore-gfp-wait",
	FAULT_DIR "/fail_page_alloc/verbose",
};
static char saved[ARRAY_SIZE(knobs)][32];

static bool knobs_set(void)
{
	static const char *const values[] = { "N", "0", "N", "0" };
	unsigned int i;
	bool ok = true;

	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		ok &= e2e_read_file(knobs[i], saved[i], sizeof(saved[i]));
		ok &= e2e_write_file(knobs[i], values[i]);
	}
	return ok;
}

static void knobs_restore(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		e2e_write_file(knobs[i], saved[i]);
}

/* Arm the N-th injection point of this thread. */
static bool arm(unsigned int nth)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", nth);
	return e2e_write_file(FAIL_NTH, buf);
}

/* Did the armed fault fire?  Disarms it either way. */
static bool fired(void)
{
	char buf[16] = "";

	e2e_read_file(FAIL_NTH, buf, sizeof(buf));
	e2e_write_file(FAIL_NTH, "0");
	return atoi(buf) == 0;
}

static int create(u64 flags, u64 *id, u16 *status)
{
	struct hvpart_create_partition_amd64 c;
	int ret;

	memset(&c, 0, sizeof(c));
	c.input.flags = flags;
	c.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	c.status = 0xdead;
	c.new_partition_id = 0;
	ret = ioctl(hv_fd, HVPART_CREATE_PARTITION_AMD64, &c);
	*id = c.new_partition_id;
	*status = (u16)c.status;
	return ret;
}

/* A typed lifecycle call; @vm_fd is what goes in (Initialize) and comes back. */
static int partition_op(unsigned long req, u64 id, u16 *status, int *vm_fd)
{
	struct hvpart_partition_op op = {
		.partition_id = id, .status = 0xdead, .vm_fd = vm_fd ? *vm_fd : -1,
	};
	int ret = ioctl(hv_fd, req, &op);

	*status = (u16)op.status;
	if (vm_fd)
		*vm_fd = op.vm_fd;
	return ret;
}

/* The state the partition is in, by trying the calls that tell. */
static u16 get_vendor(u64 id)
{
	struct hvpart_partition_property p = {
		.partition_id = id,
		.property_code = HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR,
	};

	ioctl(hv_fd, HVPART_GET_PARTITION_PROPERTY, &p);
	return (u16)p.status;
}

struct tally {
	unsigned int fired, enomem, succeeded, bad;
};

static void note_tally(const char *what, unsigned int calls,
		       const struct tally *t)
{
	e2e_note("%s: %u calls, %u injected failures: %u INSUFFICIENT_MEMORY, %u succeeded anyway, %u wrong",
		 what, calls, t->fired, t->enomem, t->succeeded, t->bad);
}

/*
 * Create with the N-th allocation failing.  A refusal must be
 * INSUFFICIENT_MEMORY with ENOMEM and no id, and the id it would have had
 * must not exist; a success must be a whole partition.
 */
static void faults_create(void)
{
	unsigned int nth, calls = 0;
	struct tally t = {};
	bool done = false;
	u64 id, probe;
	u16 status;
	int ret, err;

	for (nth = 1; nth <= MAX_NTH && !done; nth++) {
		if (!arm(nth)) {
			e2e_report(false, "create: arm fail-nth", "%s",
				   e2e_errname(errno));
			return;
		}
		ret = create(HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED, &id,
			     &status);
		err = errno;
		calls++;
		if (!fired()) {
			done = true;
			e2e_report(ret == 0 && status == HVPART_STATUS_SUCCESS && id,
				   "create: with no fault left to inject it succeeds",
				   "n %u: ret %d status %s", nth, ret,
				   e2e_status_str(status));
		} else if (ret == 0 && status == HVPART_STATUS_SUCCESS) {
			t.fired++;
			t.succeeded++;
			if (get_vendor(id) != HVPART_STATUS_SUCCESS) {
				t.bad++;
				e2e_report(false, "create: a success under an injected fault is a whole partition",
					   "n %u: id %llu does not answer", nth,
					   (unsigned long long)id);
			}
		} else {
			t.fired++;
			if (ret == -1 && err == ENOMEM &&
			    status == HVPART_STATUS_INSUFFICIENT_MEMORY && !id) {
				t.enomem++;
			} else {
				t.bad++;
				e2e_report(false, "create: an injected allocation failure is INSUFFICIENT_MEMORY, ENOMEM, id 0",
					   "n %u: ret %d errno %s status %s id %llu",
					   nth, ret, e2e_errname(err),
					   e2e_status_str(status),
					   (unsigned long long)id);
			}
		}
		if (id) {
			partition_op(HVPART_DELETE_PARTITION, id, &status,
				     NULL);
			if (status != HVPART_STATUS_SUCCESS)
				t.bad++;
		}
	}
	note_tally("create", calls, &t);
	e2e_report(done, "create: every allocation point was failed once (fail-nth ran out)",
		   "still injecting at n %u", nth);
	e2e_report(t.fired > 0 && t.enomem > 0,
		   "create: injected failures reached hvpart's allocations",
		   "%u fired, %u INSUFFICIENT_MEMORY", t.fired, t.enomem);
	e2e_report(!t.bad, "create: every injected failure answered as documented",
		   "%u wrong", t.bad);

	/* No refused create made a partition: the next one is whole. */
	ret = create(0, &probe, &status);
	e2e_report(ret == 0 && probe, "create: works normally after the injections",
		   "ret %d status %s", ret, e2e_status_str(status));
	if (probe) {
		e2e_report(get_vendor(probe - 1) == HVPART_STATUS_INVALID_PARTITION_ID,
			   "create: the id before the last one is gone (deleted, never half-made)",
			   "id %llu answers", (unsigned long long)(probe - 1));
		partition_op(HVPART_DELETE_PARTITION, probe, &status, NULL);
	}
}

/*
 * Initialize with the N-th allocation failing (hvpart's and KVM's, made
 * on the program's VM).  A refusal must leave the partition Created, the
 * program's VM fd open and as it was, and no reference of hvpart's: once
 * the program closes its fd the VM is gone.  The same partition must
 * initialize once the faults stop.
 */
static void faults_initialize(void)
{
	unsigned int nth, calls = 0;
	struct tally t = {};
	struct e2e_fd_mark mark;
	bool done = false, kept;
	int base, now, vm, vm_back, ret, err;
	u16 status;
	u64 id;

	base = e2e_vm_dirs();
	e2e_report(base >= 0, "initialize: KVM's debugfs is readable", "no %s",
		   E2E_KVM_DEBUGFS);
	if (base < 0)
		return;
	if (create(HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED, &id, &status) ||
	    !id) {
		e2e_report(false, "initialize: create the partition", "%s",
			   e2e_status_str(status));
		return;
	}
	vm = -1;
	for (nth = 1; nth <= MAX_NTH && !done; nth++) {
		/* The VMM's part, before the fault is armed. */
		vm = e2e_kvm_vm();
		if (vm < 0) {
			e2e_report(false, "initialize: KVM_CREATE_VM for the initialize",
				   "n %u: errno %s", nth, e2e_errname(errno));
			break;
		}
		e2e_fd_mark(&mark, vm);
		if (!arm(nth)) {
			e2e_fd_kept(&mark);
			close(vm);
			return;
		}
		vm_back = vm;
		ret = partition_op(HVPART_INITIALIZE_PARTITION, id, &status,
				   &vm_back);
		err = errno;
		calls++;
		if (!fired()) {
			done = true;
			kept = e2e_fd_kept(&mark);
			e2e_report(ret == 0 && status == HVPART_STATUS_SUCCESS &&
				   vm_back == vm && kept,
				   "initialize: with no fault left to inject it succeeds, the VM fd back unchanged and still open",
				   "n %u: ret %d status %s vm_fd %d (passed %d), fd kept %d",
				   nth, ret, e2e_status_str(status), vm_back, vm,
				   kept);
			break;
		}
		t.fired++;
		kept = e2e_fd_kept(&mark);
		if (ret == 0 && status == HVPART_STATUS_SUCCESS) {
			/* An optional allocation failed; start over. */
			t.succeeded++;
			if (vm_back != vm || !kept) {
				t.bad++;
				e2e_report(false, "initialize: a successful initialize leaves the VM fd alone",
					   "n %u: vm_fd %d (passed %d), fd kept %d",
					   nth, vm_back, vm, kept);
			}
			close(vm);
			partition_op(HVPART_FINALIZE_PARTITION, id, &status,
				     NULL);
			partition_op(HVPART_DELETE_PARTITION, id, &status,
				     NULL);
			create(HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED, &id,
			       &status);
			continue;
		}
		if (ret == -1 && err == ENOMEM &&
		    status == HVPART_STATUS_INSUFFICIENT_MEMORY && vm_back == vm &&
		    kept)
			t.enomem++;
		else
			t.bad++;
		if (!(ret == -1 && err == ENOMEM))
			e2e_report(false, "initialize: an injected allocation failure is INSUFFICIENT_MEMORY, ENOMEM",
				   "n %u: ret %d errno %s status %s", nth, ret,
				   e2e_errname(err), e2e_status_str(status));
		if (vm_back != vm || !kept)
			e2e_report(false, "initialize: a refused initialize leaves the VM fd alone",
				   "n %u: vm_fd %d (passed %d), fd kept %d", nth,
				   vm_back, vm, kept);
		/* hvpart kept no reference: the VM goes with the program's fd. */
		close(vm);
		vm = -1;
		now = e2e_wait_vm_dirs(base);
		if (now != base) {
			t.bad++;
			e2e_report(false, "initialize: a refused initialize keeps no reference to the VM",
				   "n %u: %d VMs after closing the fd, baseline %d",
				   nth, now, base);
		}
		/* Still Created: finalize is refused for that state. */
		partition_op(HVPART_FINALIZE_PARTITION, id, &status, NULL);
		if (status != HVPART_STATUS_INVALID_PARTITION_STATE) {
			t.bad++;
			e2e_report(false, "initialize: a refused initialize leaves the partition Created",
				   "n %u: finalize says %s", nth,
				   e2e_status_str(status));
		}
	}
	note_tally("initialize", calls, &t);
	e2e_report(done, "initialize: every allocation point was failed once (fail-nth ran out)",
		   "still injecting at n %u", nth);
	e2e_report(t.enomem > 0, "initialize: injected failures reached what initialize allocates",
		   "%u fired, %u INSUFFICIENT_MEMORY", t.fired, t.enomem);
	e2e_report(!t.bad, "initialize: every injected failure answered as documented and left nothing",
		   "%u wrong", t.bad);
	if (done) {
		close(vm);
		partition_op(HVPART_FINALIZE_PARTITION, id, &status, NULL);
	}
	partition_op(HVPART_DELETE_PARTITION, id, &status, NULL);
	e2e_report(status == HVPART_STATUS_SUCCESS, "initialize: the partition deletes",
		   "%s", e2e_status_str(status));
	now = e2e_wait_vm_dirs(base);
	e2e_report(now == base, "initialize: KVM's VM folders back to the baseline",
		   "%d, baseline %d", now, base);
}

int main(int argc, char **argv)
{
	bool do_create = argc < 2, do_init = argc < 2;
	int i;

	e2e_init("hvpart_faults");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "create"))
			do_create = true;
		else if (!strcmp(argv[i], "initialize"))
			do_init = true;
		else
			e2e_report(false, "known phase", "'%s'", argv[i]);
	}
	hv_fd = open("/dev/hvpart", O_RDWR | O_CLOEXEC);
	e2e_report(hv_fd >= 0, "open /dev/hvpart", "%s", e2e_errname(errno));
	e2e_report(access(FAIL_NTH, W_OK) == 0,
		   "the kernel has fault injection (" FAIL_NTH ")",
		   "%s: a kernel without CONFIG_FAULT_INJECTION",
		   e2e_errname(errno));
	if (hv_fd < 0 || access(FAIL_NTH, W_OK))
		return e2e_summary();
	e2e_report(knobs_set(), "failslab and fail_page_alloc fail sleeping allocations too",
		   "cannot write %s/fail*/ignore-gfp-wait", FAULT_DIR);
	if (do_create)
		faults_create();
	if (do_init)
		faults_initialize();
	knobs_restore();
	close(hv_fd);
	return e2e_summary();
}
