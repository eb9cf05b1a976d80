// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_nsattack: the unprivileged child in its own namespaces, the
 * attack through the fake /dev/kvm, and a real VM for comparison.
 */
#include "hvpart_nsattack.h"

/* ---- the child: an unprivileged user in their own namespaces ---------- */

static bool drop_privileges(void)
{
	bool ok = !setgroups(0, NULL) && !setgid(UNPRIV_ID) &&
		  !setuid(UNPRIV_ID);
	int err = errno;

	/*
	 * A credential change makes the process non-dumpable, which leaves
	 * /proc/self/uid_map owned by root: make it ours again.
	 */
	if (ok && prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)) {
		ok = false;
		err = errno;
	}
	e2e_report(ok && getuid() == UNPRIV_ID && geteuid() == UNPRIV_ID &&
		   getgid() == UNPRIV_ID,
		   "child drops to uid and gid 1000 (setgroups, setgid, setuid)",
		   "errno %s, uid %d euid %d gid %d", e2e_errname(err),
		   (int)getuid(), (int)geteuid(), (int)getgid());
	return ok;
}

static bool enter_namespaces(void)
{
	char max_ns[32] = "?";
	int err;

	err = unshare(CLONE_NEWUSER | CLONE_NEWNS) ? errno : 0;
	if (err && !e2e_read_file("/proc/sys/user/max_user_namespaces",
				  max_ns, sizeof(max_ns)))
		snprintf(max_ns, sizeof(max_ns), "unreadable");
	max_ns[strcspn(max_ns, "\n")] = '\0';
	e2e_report(!err,
		   "uid 1000 unshares a user and a mount namespace (CLONE_NEWUSER | CLONE_NEWNS)",
		   "errno %s: user namespaces unavailable to unprivileged users in this kernel? (CONFIG_USER_NS, /proc/sys/user/max_user_namespaces = %s)",
		   e2e_errname(err), max_ns);
	if (err)
		return false;

	err = 0;
	if (!e2e_write_file("/proc/self/setgroups", "deny") ||
	    !e2e_write_file("/proc/self/uid_map", "0 1000 1") ||
	    !e2e_write_file("/proc/self/gid_map", "0 1000 1"))
		err = errno ? errno : EIO;
	e2e_report(!err && geteuid() == 0,
		   "the namespace maps uid and gid 1000 to 0 (setgroups deny, uid_map, gid_map)",
		   "errno %s, euid now %d", e2e_errname(err), (int)geteuid());
	if (err)
		return false;

	err = mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ? errno : 0;
	e2e_report(!err, "/ made private in the new mount namespace", "errno %s",
		   e2e_errname(err));
	if (err)
		return false;

	err = mount("tmpfs", WORK_DIR, "tmpfs", MS_NOSUID | MS_NODEV,
		    "mode=0755") ? errno : 0;
	if (!err && (mkdir(FUSE_DIR, 0755) || mkdir(DN_DIR, 0755)))
		err = errno;
	e2e_report(!err,
		   "a tmpfs of the user's own on " WORK_DIR " with " FUSE_DIR " and " DN_DIR,
		   "errno %s", e2e_errname(err));
	return !err;
}

static bool arm_dnotify(struct target *t)
{
	struct sigaction sa;
	char name[64];
	int err = 0;
	bool ok;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = dn_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	t->fd = open(DN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->fd < 0 || sigaction(SIGRTMIN, &sa, NULL) ||
	    fcntl(t->fd, F_SETSIG, SIGRTMIN) ||
	    fcntl(t->fd, F_NOTIFY, DN_CREATE | DN_MULTISHOT) ||
	    fstat(t->fd, &t->st))
		err = errno;
	e2e_report(!err,
		   "dnotify armed on a directory fd D (F_SETSIG SIGRTMIN, F_NOTIFY DN_CREATE|DN_MULTISHOT)",
		   "fd %d, errno %s (CONFIG_DNOTIFY?)", t->fd, e2e_errname(err));
	if (err)
		return false;
	snprintf(name, sizeof(name), "f%u", t->probes++);
	ok = dnotify_fires(t->fd, name);
	e2e_report(ok,
		   "dnotify works: a file created in D signals SIGRTMIN with si_fd D",
		   "%d signals, last si_fd %d, D is %d", LOAD(dn_signals),
		   LOAD(dn_last_fd), t->fd);
	return true;
}

static bool take_lock(struct target *t)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct lock_probe r;
	int err = 0;
	bool ok;

	t->fd = open(LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (t->fd < 0 || fcntl(t->fd, F_SETLK, &fl) || fstat(t->fd, &t->st))
		err = errno;
	e2e_report(!err, "a POSIX write lock taken through a file fd L (F_SETLK F_WRLCK)",
		   "fd %d, errno %s", t->fd, e2e_errname(err));
	if (err)
		return false;
	ok = lock_held_by_me(&r);
	e2e_report(ok,
		   "the lock works: another process's F_GETLK names this process as the holder",
		   "errno %s, type %d, pid %d, this process %d",
		   e2e_errname(r.err), r.type, (int)r.pid, (int)getpid());
	return true;
}

/* T still open, still the same file, and still doing its job. */
static void target_intact(struct target *t)
{
	char name[200], file[32];
	struct lock_probe r;
	struct stat st;
	int flags, err;
	bool ok;

	flags = fcntl(t->fd, F_GETFD);
	err = flags < 0 ? errno : 0;
	snprintf(name, sizeof(name), "%s: fd %d is still open (F_GETFD)",
		 t->name, t->fd);
	e2e_report(flags >= 0, name, "errno %s", e2e_errname(err));

	snprintf(name, sizeof(name),
		 "%s: fd %d is still the same file (fstat st_dev and st_ino)",
		 t->name, t->fd);
	if (fstat(t->fd, &st))
		e2e_report(false, name, "fstat: errno %s", e2e_errname(errno));
	else
		e2e_report(st.st_dev == t->st.st_dev &&
			   st.st_ino == t->st.st_ino, name,
			   "dev %#llx ino %llu, was dev %#llx ino %llu",
			   (unsigned long long)st.st_dev,
			   (unsigned long long)st.st_ino,
			   (unsigned long long)t->st.st_dev,
			   (unsigned long long)t->st.st_ino);

	if (t->is_dir) {
		snprintf(file, sizeof(file), "f%u", t->probes++);
		snprintf(name, sizeof(name),
			 "%s: dnotify still fires: creating a file in D signals SIGRTMIN with si_fd D within 1 s",
			 t->name);
		ok = dnotify_fires(t->fd, file);
		e2e_report(ok, name,
			   "%d signals, last si_fd %d, D is %d",
			   LOAD(dn_signals), LOAD(dn_last_fd), t->fd);
	} else {
		snprintf(name, sizeof(name),
			 "%s: the POSIX lock is still held: another process's F_GETLK names this process",
			 t->name);
		ok = lock_held_by_me(&r);
		e2e_report(ok, name,
			   "errno %s, type %d, pid %d, this process %d",
			   e2e_errname(r.err), r.type, (int)r.pid,
			   (int)getpid());
	}
}

/* Step 4: the fake's KVM_CREATE_VM answers T; Initialize gets T. */
static void attack(struct target *t)
{
	struct hvpart_partition_op op;
	int opens0, ioctls0, fake, ret, err;
	char name[240], what[160];
	u64 id;

	id = create_partition(t->name);
	if (!id)
		return;
	STORE(srv.answer, t->fd);
	opens0 = LOAD(srv.opens);
	ioctls0 = LOAD(srv.ioctls);

	fake = open(FAKE_KVM, O_RDWR | O_CLOEXEC);
	err = fake < 0 ? errno : 0;
	snprintf(name, sizeof(name),
		 "%s: the user opens the fake " FAKE_KVM " and FUSE sees that open",
		 t->name);
	e2e_report(fake >= 0 && LOAD(srv.opens) == opens0 + 1, name,
		   "fd %d, errno %s, FUSE_OPEN count %d, was %d", fake,
		   e2e_errname(err), LOAD(srv.opens), opens0);
	if (fake < 0)
		return;
	test_opens++;

	ret = ioctl(fake, KVM_CREATE_VM, 0);
	err = ret < 0 ? errno : 0;
	test_ioctls++;
	snprintf(name, sizeof(name),
		 "%s: KVM_CREATE_VM on the fake " FAKE_KVM " returns %d, the number of fd %s",
		 t->name, t->fd, t->is_dir ? "D" : "L");
	e2e_report(ret == t->fd, name, "returned %d, errno %s", ret,
		   e2e_errname(err));

	snprintf(what, sizeof(what), "%s, vm_fd = the fake's answer",
		 t->name);
	init_refused(id, t->fd, what);
	snprintf(what, sizeof(what), "%s, vm_fd = the fake " FAKE_KVM " fd",
		 t->name);
	init_refused(id, fake, what);

	snprintf(name, sizeof(name),
		 "%s: hvpart neither opened the fake " FAKE_KVM " nor sent it an ioctl",
		 t->name);
	e2e_report(LOAD(srv.opens) == opens0 + 1 &&
		   LOAD(srv.ioctls) == ioctls0 + 1, name,
		   "FUSE_OPEN %d and FUSE_IOCTL %d (last cmd %#x), the test's own: 1 and 1",
		   LOAD(srv.opens) - opens0, LOAD(srv.ioctls) - ioctls0,
		   LOAD(srv.last_ioctl_cmd));
	close(fake);

	target_intact(t);

	err = hv_op(HVPART_INITIALIZE_PARTITION, id, -1, &op);
	snprintf(name, sizeof(name),
		 "%s: the partition stayed Created: Initialize with vm_fd -1 then succeeds",
		 t->name);
	e2e_report(!err && op.status == HVPART_STATUS_SUCCESS, name,
		   "errno %s, status %s", e2e_errname(err),
		   e2e_status_str((u16)op.status));
	if (!err)
		mark_initialized(id);
}

/* Step 5: what used to open /dev/kvm in the caller's mount namespace. */
static void no_kvm_opens(void)
{
	int opens0, ioctls0, err;
	char name[240];
	u32 status;
	u64 id, value;
	bool ok;

	/* Should anything still ask the fake, it takes no fd of ours. */
	STORE(srv.answer, -ENOTTY);
	opens0 = LOAD(srv.opens);
	ioctls0 = LOAD(srv.ioctls);
	id = create_partition("no fake /dev/kvm use");
	if (!id)
		return;

#if defined(__x86_64__) || defined(__i386__)
	{
		u32 nent;
		u64 nid;

		ok = get_cpuid(id, &nent, &status, &err);
		e2e_report(ok,
			   "HVPART_GET_CPUID works for the user with the fake /dev/kvm in place",
			   "errno %s, status %s, nent %u", e2e_errname(err),
			   e2e_status_str((u16)status), nent);

		/* Nested virtualization used to be checked through /dev/kvm. */
		err = hv_create(HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE,
				&nid, &status);
		e2e_report(!err ? status == HVPART_STATUS_SUCCESS :
			   status == HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED,
			   "a create with NESTED_VIRTUALIZATION_CAPABLE is answered (SUCCESS or PROCESSOR_FEATURE_NOT_SUPPORTED)",
			   "errno %s, status %s", e2e_errname(err),
			   e2e_status_str((u16)status));
		e2e_note("nested-virtualization create by the user: %s",
			 e2e_status_str((u16)status));
	}
#endif

	ok = get_features0(id, &value, &status, &err);
	e2e_report(ok,
		   "HVPART_GET_PARTITION_PROPERTY PROCESSOR_FEATURES0 works for the user and is not 0",
		   "errno %s, status %s, value %#llx", e2e_errname(err),
		   e2e_status_str((u16)status), (unsigned long long)value);

	snprintf(name, sizeof(name),
		 "hvpart opened the fake " FAKE_KVM " for none of these (FUSE_OPEN count stays %d)",
		 opens0);
	e2e_report(LOAD(srv.opens) == opens0 && LOAD(srv.ioctls) == ioctls0,
		   name, "FUSE_OPEN %d, FUSE_IOCTL %d (last cmd %#x)",
		   LOAD(srv.opens), LOAD(srv.ioctls), LOAD(srv.last_ioctl_cmd));
}

/* Step 6: the user's own VM, from the real /dev/kvm, binds. */
static void real_vm(void)
{
	struct hvpart_partition_op op;
	int opens0, ioctls0, vm, err, ret;
	struct stat st0, st;
	u64 id;

	opens0 = LOAD(srv.opens);
	ioctls0 = LOAD(srv.ioctls);
	id = create_partition("real VM");
	if (!id)
		return;

	init_refused(id, kvm_fd, "real VM, vm_fd = the real /dev/kvm fd (not a VM)");
	err = fcntl(kvm_fd, F_GETFD) < 0 ? errno : 0;
	e2e_report(!err,
		   "real VM: the real /dev/kvm fd is still open after the refusal",
		   "errno %s", e2e_errname(err));

	vm = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	err = vm < 0 ? errno : 0;
	e2e_report(vm >= 0,
		   "real VM: the user makes a VM with KVM_CREATE_VM on the real /dev/kvm fd",
		   "errno %s", e2e_errname(err));
	if (vm < 0)
		return;
	if (fstat(vm, &st0))
		memset(&st0, 0, sizeof(st0));

	err = hv_op(HVPART_INITIALIZE_PARTITION, id, vm, &op);
	e2e_report(!err && op.status == HVPART_STATUS_SUCCESS && op.vm_fd == vm,
		   "real VM: HVPART_INITIALIZE_PARTITION with the user's own VM fd succeeds, vm_fd unchanged",
		   "errno %s, status %s, vm_fd %d (passed %d)",
		   e2e_errname(err), e2e_status_str((u16)op.status), op.vm_fd,
		   vm);
	if (!err)
		mark_initialized(id);
	err = fstat(vm, &st) ? errno : 0;
	e2e_report(!err && st.st_dev == st0.st_dev && st.st_ino == st0.st_ino,
		   "real VM: the VM fd is still the user's, open and the same file",
		   "errno %s", e2e_errname(err));
	ret = ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY);
	err = ret < 0 ? errno : 0;
	e2e_report(ret > 0,
		   "real VM: the VM fd still answers KVM ioctls (KVM_CHECK_EXTENSION)",
		   "returned %d, errno %s", ret, e2e_errname(err));

#if defined(__aarch64__)
	{
		struct hvpart_vcpu_init vi;

		memset(&vi, 0, sizeof(vi));
		vi.partition_id = id;
		vi.status = STATUS_CANARY;
		err = ioctl(hv_fd, HVPART_GET_VCPU_INIT, &vi) ? errno : 0;
		e2e_report(!err && vi.status == HVPART_STATUS_SUCCESS,
			   "real VM: HVPART_GET_VCPU_INIT works on the initialized partition",
			   "errno %s, status %s", e2e_errname(err),
			   e2e_status_str((u16)vi.status));
	}
#else
	{
		u32 nent, status;
		bool ok = get_cpuid(id, &nent, &status, &err);

		e2e_report(ok,
			   "real VM: HVPART_GET_CPUID works on the initialized partition",
			   "errno %s, status %s, nent %u", e2e_errname(err),
			   e2e_status_str((u16)status), nent);
	}
#endif
	e2e_report(LOAD(srv.opens) == opens0 && LOAD(srv.ioctls) == ioctls0,
		   "real VM: hvpart opened the fake /dev/kvm for none of it",
		   "FUSE_OPEN %d, was %d; FUSE_IOCTL %d, was %d",
		   LOAD(srv.opens), opens0, LOAD(srv.ioctls), ioctls0);

	err = hv_op(HVPART_FINALIZE_PARTITION, id, -1, &op);
	if (!err) {
		err = hv_op(HVPART_DELETE_PARTITION, id, -1, &op);
		if (!err)
			forget_partition(id);
	}
	e2e_report(!err, "real VM: finalize and delete the partition",
		   "errno %s, status %s", e2e_errname(err),
		   e2e_status_str((u16)op.status));
	close(vm);
}

int child_main(void)
{
	struct target d = { .name = "dnotify dir fd D", .fd = -1, .is_dir = true };
	struct target l = { .name = "POSIX-locked file fd L", .fd = -1 };

	alarm(CHILD_TIMEOUT_S);
	if (!drop_privileges() || !enter_namespaces())
		return 1;
	if (!start_fuse() || !fake_dev_kvm()) {
		cleanup();
		return 1;
	}
	e2e_report(LOAD(srv.opens) == 0 && LOAD(srv.ioctls) == 0,
		   "setting up the fake /dev/kvm opened nothing on it",
		   "FUSE_OPEN %d, FUSE_IOCTL %d", LOAD(srv.opens),
		   LOAD(srv.ioctls));

	if (arm_dnotify(&d))
		attack(&d);
	if (take_lock(&l))
		attack(&l);
	no_kvm_opens();
	real_vm();

	e2e_report(LOAD(srv.opens) == test_opens,
		   "the FUSE server saw only the user's own opens of the fake /dev/kvm",
		   "FUSE_OPEN %d, the test's %d", LOAD(srv.opens), test_opens);
	e2e_report(LOAD(srv.ioctls) == test_ioctls,
		   "the FUSE server saw only the user's own ioctls on the fake /dev/kvm",
		   "FUSE_IOCTL %d (last cmd %#x), the test's %d",
		   LOAD(srv.ioctls), LOAD(srv.last_ioctl_cmd), test_ioctls);
	e2e_note("FUSE requests answered ENOSYS: %d", LOAD(srv.enosys));

	cleanup();
	if (d.fd >= 0)
		close(d.fd);
	if (l.fd >= 0)
		close(l.fd);
	return 0;
}
