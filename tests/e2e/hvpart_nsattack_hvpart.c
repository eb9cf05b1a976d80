// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_nsattack: the child's hvpart calls, and the partitions it must
 * finalize or delete at the end.
 */
#include "hvpart_nsattack.h"

/* ---- hvpart ------------------------------------------------------------ */

/* What the child must finalize or delete at the end. */
static struct {
	u64 id;
	bool initialized;
} parts[MAX_PARTITIONS];
static unsigned int nparts;

int hv_create(u64 flags, u64 *id, u32 *status)
{
#if defined(__aarch64__)
	struct hvpart_create_partition_arm64 c;
	const unsigned long cmd = HVPART_CREATE_PARTITION_ARM64;
#else
	struct hvpart_create_partition_amd64 c;
	const unsigned long cmd = HVPART_CREATE_PARTITION_AMD64;
#endif
	int err;

	memset(&c, 0, sizeof(c));
	c.input.flags = flags;
	c.input.compatibility_version = HVPART_COMPATIBILITY_21H2;
	c.status = STATUS_CANARY;
	err = ioctl(hv_fd, cmd, &c) ? errno : 0;
	*id = c.new_partition_id;
	*status = c.status;
	if (*id && nparts < MAX_PARTITIONS)
		parts[nparts++].id = *id;
	return err;
}

/* A partition created by the unprivileged user, or 0 (reported). */
u64 create_partition(const char *what)
{
	char name[200];
	u32 status;
	u64 id;
	int err;

	err = hv_create(0, &id, &status);
	snprintf(name, sizeof(name),
		 "%s: the unprivileged user creates a partition through the inherited /dev/hvpart fd",
		 what);
	e2e_report(!err && status == HVPART_STATUS_SUCCESS && id, name,
		   "errno %s, status 0x%x, id %llu", e2e_errname(err), status,
		   (unsigned long long)id);
	return err || status != HVPART_STATUS_SUCCESS ? 0 : id;
}

void mark_initialized(u64 id)
{
	unsigned int i;

	for (i = 0; i < nparts; i++)
		if (parts[i].id == id)
			parts[i].initialized = true;
}

/* Deleted already: nothing left for cleanup(). */
void forget_partition(u64 id)
{
	unsigned int i;

	for (i = 0; i < nparts; i++)
		if (parts[i].id == id)
			parts[i].id = 0;
}

/* One lifecycle ioctl; the errno, 0 on success. */
int hv_op(unsigned long cmd, u64 id, int vm_fd,
	  struct hvpart_partition_op *op)
{
	memset(op, 0, sizeof(*op));
	op->partition_id = id;
	op->status = STATUS_CANARY;
	op->vm_fd = vm_fd;
	return ioctl(hv_fd, cmd, op) ? errno : 0;
}

/* Initialize with a vm_fd that is not a VM of the caller's: refused. */
void init_refused(u64 id, int vm_fd, const char *what)
{
	struct hvpart_partition_op op;
	char name[240];
	int err;

	err = hv_op(HVPART_INITIALIZE_PARTITION, id, vm_fd, &op);
	snprintf(name, sizeof(name),
		 "%s: HVPART_INITIALIZE_PARTITION with vm_fd %d fails with EINVAL",
		 what, vm_fd);
	e2e_report(err == EINVAL, name, "errno %s, status 0x%x",
		   e2e_errname(err), op.status);
	snprintf(name, sizeof(name),
		 "%s: the refused Initialize leaves status as the caller put it (0x%x)",
		 what, STATUS_CANARY);
	e2e_report(op.status == STATUS_CANARY, name, "status 0x%x (%s)",
		   op.status, e2e_status_str((u16)op.status));
	snprintf(name, sizeof(name),
		 "%s: the refused Initialize leaves vm_fd as it was (%d)",
		 what, vm_fd);
	e2e_report(op.vm_fd == vm_fd, name, "vm_fd %d", op.vm_fd);
	if (!err)
		mark_initialized(id);
}

bool get_features0(u64 id, u64 *value, u32 *status, int *err)
{
	struct hvpart_partition_property pp;

	memset(&pp, 0, sizeof(pp));
	pp.partition_id = id;
	pp.property_code = HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0;
	pp.status = STATUS_CANARY;
	*err = ioctl(hv_fd, HVPART_GET_PARTITION_PROPERTY, &pp) ? errno : 0;
	*value = pp.property_value;
	*status = pp.status;
	return !*err && pp.status == HVPART_STATUS_SUCCESS && pp.property_value;
}

#if defined(__x86_64__) || defined(__i386__)
bool get_cpuid(u64 id, u32 *nent, u32 *status, int *err)
{
	struct kvm_cpuid2 *c = e2e_alloc_cpuid(CPUID_NENT);
	struct hvpart_cpuid hc;

	memset(&hc, 0, sizeof(hc));
	hc.partition_id = id;
	hc.status = STATUS_CANARY;
	hc.cpuid = (u64)(uintptr_t)c;
	*err = ioctl(hv_fd, HVPART_GET_CPUID, &hc) ? errno : 0;
	*nent = c->nent;
	*status = hc.status;
	free(c);
	return !*err && hc.status == HVPART_STATUS_SUCCESS && *nent &&
	       *nent <= CPUID_NENT;
}
#endif

void cleanup(void)
{
	struct hvpart_partition_op op;
	unsigned int i, bad = 0;
	struct timespec ts;
	int err;

	for (i = 0; i < nparts; i++) {
		if (!parts[i].id)
			continue;
		err = 0;
		if (parts[i].initialized)
			err = hv_op(HVPART_FINALIZE_PARTITION, parts[i].id, -1,
				    &op);
		if (!err)
			err = hv_op(HVPART_DELETE_PARTITION, parts[i].id, -1,
				    &op);
		if (err) {
			bad++;
			e2e_note("partition %llu: %s, status %s",
				 (unsigned long long)parts[i].id,
				 e2e_errname(err), e2e_status_str((u16)op.status));
		}
	}
	e2e_report(!bad, "at the end every partition of the user is finalized and deleted",
		   "%u refused", bad);

	umount2(FAKE_KVM, MNT_DETACH);
	if (over_dev)
		umount2("/dev", MNT_DETACH);
	umount2(FUSE_DIR, MNT_DETACH);
	if (srv_started) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 2;
		if (pthread_timedjoin_np(srv_thread, NULL, &ts))
			e2e_note("the FUSE server thread outlived the unmount; exit ends it");
	}
}
