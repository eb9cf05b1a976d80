// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_e2e: unknown ioctl numbers, what HVPART_CHECK_EXTENSION answers
 * for each capability, and HVPART_GET_VERDICT.
 */
#include "hvpart_e2e.h"

/* ---- k. unknown ioctls -------------------------------------------------- */

void test_unknown_ioctls(void)
{
	struct {
		const char *name;
		unsigned long req;
	} reqs[] = {
		{ "_IO(0xBD, 0x7f)", _IO(HVPART_IOCTL_MAGIC, 0x7f) },
		{ "_IO(0xBD, 0x00)", _IO(HVPART_IOCTL_MAGIC, 0x00) },
		{ "_IOWR(0xBD, 0x00, 48 bytes)", _IOC(_IOC_READ | _IOC_WRITE, HVPART_IOCTL_MAGIC, 0x00, 48) },
		{ "_IOR(0xBD, 0x00, struct hvpart_hvcall)", _IOR(HVPART_IOCTL_MAGIC, 0x00, struct hvpart_hvcall) },
		{ "_IOW(0xBD, 0x00, struct hvpart_hvcall)", _IOW(HVPART_IOCTL_MAGIC, 0x00, struct hvpart_hvcall) },
		{ "_IOWR(0xBD, 0x01, 56 bytes: the bare input page)", _IOC(_IOC_READ | _IOC_WRITE, HVPART_IOCTL_MAGIC, 0x01, 56) },
		{ "_IOWR(0xBD, 0x01, 80 bytes)", _IOC(_IOC_READ | _IOC_WRITE, HVPART_IOCTL_MAGIC, 0x01, 80) },
		{ "_IOWR(0xBD, 0xff, 40 bytes)", _IOC(_IOC_READ | _IOC_WRITE, HVPART_IOCTL_MAGIC, 0xff, 40) },
		{ "_IOWR(0xAE, 0x00, struct hvpart_hvcall) (KVM's magic)", _IOWR(0xAE, 0x00, struct hvpart_hvcall) },
		{ "_IO(0x42, 0x01)", _IO(0x42, 0x01) },
		{ "0 (no magic at all)", 0 },
	};
	u8 buf[128];
	char name[160];
	unsigned int i;
	int ret, err;

	for (i = 0; i < ARRAY_SIZE(reqs); i++) {
		memset(buf, 0, sizeof(buf));
		errno = 0;
		ret = ioctl(fd, reqs[i].req, buf);
		err = ret ? errno : 0;
		snprintf(name, sizeof(name), "unknown ioctl %s -> ENOTTY", reqs[i].name);
		e2e_report(ret == -1 && err == ENOTTY, name, "ret %d errno %s", ret,
			   e2e_errname(err));
	}
	check_next_id("unknown ioctls");
}

/*
 * HVPART_CHECK_EXTENSION: each capability's answer, and that it says what
 * the module does: the architecture's CPU-feature ioctl is there exactly
 * when its capability is, nested virtualization is granted exactly when
 * HVPART_CAP_NESTED_VIRT says so.  Numbers the module does not know
 * answer 0, never an error: a VMM built against a newer header asks an
 * older module.
 */
void test_check_extension(void)
{
	static const unsigned long unknown[] = {
		10, 64, 1000, 0x7fffffff, 0xffffffffUL, (unsigned long)-1,
	};
	struct hvpart_vcpu_init vi = { 0 };
	struct hvpart_cpuid ci = { 0 };
	int cpuid, vcpu_init, nested, ret, err;
	native_input p;
	unsigned int i;

	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_API_VERSION);
	e2e_report(ret == HVPART_API_VERSION, "check extension API_VERSION -> HVPART_API_VERSION",
		   "ret %d, header %d", ret, HVPART_API_VERSION);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_HVCALL);
	e2e_report(ret == 1, "check extension HVCALL -> 1", "ret %d", ret);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_TYPED_CALLS);
	e2e_report(ret == 1, "check extension TYPED_CALLS -> 1", "ret %d", ret);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_MEMORY_POOL);
	e2e_report(ret == 1, "check extension MEMORY_POOL -> 1", "ret %d", ret);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_SYNTHETIC_FEATURES);
	e2e_report(ret == 1, "check extension SYNTHETIC_FEATURES -> 1", "ret %d", ret);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_VERDICT);
	e2e_report(ret == 1, "check extension VERDICT -> 1", "ret %d", ret);
	ret = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_NETLINK);
	e2e_report(ret == HVPART_GENL_VERSION, "check extension NETLINK -> HVPART_GENL_VERSION",
		   "ret %d, header %d", ret, HVPART_GENL_VERSION);

	cpuid = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_GET_CPUID);
	vcpu_init = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_GET_VCPU_INIT);
	e2e_report((cpuid == 0 || cpuid == 1) && cpuid + vcpu_init == 1,
		   "check extension: exactly one of GET_CPUID and GET_VCPU_INIT",
		   "GET_CPUID %d, GET_VCPU_INIT %d", cpuid, vcpu_init);
	errno = 0;
	ret = ioctl(fd, HVPART_GET_CPUID, &ci);
	err = ret ? errno : 0;
	e2e_report((err == ENOTTY) == !cpuid,
		   "check extension GET_CPUID says whether HVPART_GET_CPUID is there",
		   "cap %d, ioctl errno %s", cpuid, e2e_errname(err));
	errno = 0;
	ret = ioctl(fd, HVPART_GET_VCPU_INIT, &vi);
	err = ret ? errno : 0;
	e2e_report((err == ENOTTY) == !vcpu_init,
		   "check extension GET_VCPU_INIT says whether HVPART_GET_VCPU_INIT is there",
		   "cap %d, ioctl errno %s", vcpu_init, e2e_errname(err));

	nested = ioctl(fd, HVPART_CHECK_EXTENSION, HVPART_CAP_NESTED_VIRT);
	e2e_report((nested == 0 || nested == 1) && (nested == 1) == nested_supported(),
		   "check extension NESTED_VIRT agrees with KVM's nested parameter",
		   "cap %d, nested parameter %d", nested, nested_supported());
	default_input(&p);
	p.flags = NESTED_FLAG;
	create_case(nested == 1 ? "check extension NESTED_VIRT 1: a nested create -> SUCCESS" :
		    "check extension NESTED_VIRT 0: a nested create -> PROCESSOR_FEATURE_NOT_SUPPORTED",
		    CTL_CREATE, &p, nested == 1 ? SUCCESS : NOFEAT);
	if (nested == 1) {
		u64 id;

		memcpy(&id, out_page, sizeof(id));
		delete_case("delete the nested partition", CTL_DELETE, id, SUCCESS);
	}

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		char name[96];

		errno = 0;
		ret = ioctl(fd, HVPART_CHECK_EXTENSION, unknown[i]);
		err = ret < 0 ? errno : 0;
		snprintf(name, sizeof(name), "check extension %#lx (unknown) -> 0",
			 unknown[i]);
		e2e_report(ret == 0, name, "ret %d errno %s", ret, e2e_errname(err));
	}
	check_next_id("check extension");
}

/* HVPART_GET_VERDICT on @f: true when it answers @status and @cause. */
static bool verdict_is(int f, u16 status, const char *cause, char *got,
		       size_t len)
{
	struct hvpart_verdict v;

	memset(&v, 0xa5, sizeof(v));
	if (ioctl(f, HVPART_GET_VERDICT, &v)) {
		snprintf(got, len, "errno %s", e2e_errname(errno));
		return false;
	}
	v.cause[sizeof(v.cause) - 1] = '\0';
	snprintf(got, len, "status 0x%x reserved %u cause '%s'", v.status,
		 v.reserved, v.cause);
	return v.status == status && !v.reserved && !strcmp(v.cause, cause);
}

/*
 * HVPART_GET_VERDICT: the module's own cause for the last refusal on an
 * open file, kept per file and left alone by later successes; a status
 * given without a verdict (an ioctl's reserved field) has no cause.
 */
void test_verdict(void)
{
	struct hvpart_create_partition_amd64 amd64;
	struct hvpart_create_partition_arm64 arm64;
	char path[64], got[200];
	native_input p;
	int other, ret;
	void *arg;
	u64 id;

	/* A second open file of the device, with a verdict of its own. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	other = open(path, O_RDWR | O_CLOEXEC);
	e2e_report(other >= 0 && verdict_is(other, HVPART_STATUS_SUCCESS, "", got,
					    sizeof(got)),
		   "verdict of a new open file: SUCCESS, no cause", "%s", got);

	default_input(&p);
	p.flags |= 1ULL << 2;
	create_case("a create with flags bit 2 (for the verdict)", CTL_CREATE, &p,
		    STATUS(HVPART_STATUS_INVALID_PARAMETER));
	e2e_report(verdict_is(fd, HVPART_STATUS_INVALID_PARAMETER,
			      "flags bit 2 is undefined", got, sizeof(got)),
		   "verdict after it: INVALID_PARAMETER, 'flags bit 2 is undefined'",
		   "%s", got);
	e2e_report(other >= 0 && verdict_is(other, HVPART_STATUS_SUCCESS, "", got,
					    sizeof(got)),
		   "the other open file's verdict is its own: still SUCCESS", "%s", got);

	id = create_good("a good create after it");
	e2e_report(verdict_is(fd, HVPART_STATUS_INVALID_PARAMETER,
			      "flags bit 2 is undefined", got, sizeof(got)),
		   "a success leaves the last refusal's verdict", "%s", got);
	delete_case("delete it", CTL_DELETE, id, SUCCESS);

	/* A typed create's reserved word: refused before the call, no cause. */
	memset(&amd64, 0, sizeof(amd64));
	memset(&arm64, 0, sizeof(arm64));
	amd64.reserved = 1;
	arm64.reserved = 1;
	arg = sizeof(native_input) == sizeof(amd64.input) ? (void *)&amd64 :
							     (void *)&arm64;
	ret = ioctl(fd, sizeof(native_input) == sizeof(amd64.input) ?
		    HVPART_CREATE_PARTITION_AMD64 : HVPART_CREATE_PARTITION_ARM64, arg);
	e2e_report(ret == -1 && errno == EINVAL &&
		   verdict_is(fd, HVPART_STATUS_INVALID_PARAMETER, "", got, sizeof(got)),
		   "verdict after a typed create's reserved word: INVALID_PARAMETER, no cause",
		   "ret %d, %s", ret, got);

	/* Its struct is written, never read: an unwritable one is EFAULT. */
	errno = 0;
	ret = ioctl(fd, HVPART_GET_VERDICT, ro_page);
	e2e_report(ret == -1 && errno == EFAULT, "HVPART_GET_VERDICT into a read-only page -> EFAULT",
		   "ret %d errno %s", ret, e2e_errname(errno));
	if (other >= 0)
		close(other);
	check_next_id("the verdicts");
}
