// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl cpuid: the CPU features a partition's vCPUs are offered, by
 * feature name or raw.  x86 (and any other non-ARM build): the CPUID of
 * HVPART_GET_CPUID.  arm64, where HVPART_GET_CPUID is ENOTTY: the vCPU
 * init of HVPART_GET_VCPU_INIT and the ARM64 feature banks.
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvctl.h"
#include "print.h"

#if defined(__x86_64__) || defined(__i386__)
#include <linux/kvm.h>
#else
/* Only x86 has these in <linux/kvm.h>; HVPART_GET_CPUID uses the layout. */
struct kvm_cpuid_entry2 {
	__u32 function;
	__u32 index;
	__u32 flags;
	__u32 eax;
	__u32 ebx;
	__u32 ecx;
	__u32 edx;
	__u32 padding[3];
};

struct kvm_cpuid2 {
	__u32 nent;
	__u32 padding;
	struct kvm_cpuid_entry2 entries[];
};
#endif

static_assert(sizeof(struct kvm_cpuid_entry2) ==
	      sizeof(struct hvc_cpuid_entry), "kvm_cpuid_entry2 layout");
static_assert(offsetof(struct kvm_cpuid_entry2, eax) ==
	      offsetof(struct hvc_cpuid_entry, regs), "kvm_cpuid_entry2 regs");
static_assert(offsetof(struct kvm_cpuid2, entries) == 8, "kvm_cpuid2 layout");

/* Entries to offer first: KVM_GET_SUPPORTED_CPUID's own limit. */
#define CPUID_NENT_FIRST	256
/* A bound on what the kernel may ask for on E2BIG. */
#define CPUID_NENT_MAX		65536
#define CPUID_TRIES		4

/* KVM_CPUID_FLAG_SIGNIFCANT_INDEX: the entry is for one subleaf only. */
#define CPUID_FLAG_SIGNIFICANT_INDEX	1

enum {
	OPT_RAW = 256,
};

static const struct option cpuid_options[] = {
	{ "raw", no_argument, NULL, OPT_RAW },
	{ NULL, 0, NULL, 0 },
};

static const char *const cpuid_args[] = { "partition ID" };

/* Headings of the feature view, and its JSON keys, indexed by bank. */
static const char *const bank_heading[HVC_BANKS] = {
	"# bank0: PROCESSOR_FEATURES0",
	"# bank1: PROCESSOR_FEATURES1",
	"# xsave: PROCESSOR_XSAVE_FEATURES",
};

static const char *const bank_key[HVC_BANKS] = { "bank0", "bank1", "xsave" };

/*
 * JSON: one object, {"id": ID, then the view's keys}; opened once all is
 * fetched, so that a failure prints no half object.
 */
static void view_open(u64 id)
{
	print_open_object(NULL);
	print_u64(PRINT_JSON, "id", NULL, id);
}

/* A '#' heading in text; in JSON, an object named @key. */
static void section_open(const char *heading, const char *key)
{
	print_string(PRINT_TEXT, NULL, "%s\n", heading);
	print_open_object(key);
}

/* 'NAME: yes|no' in text; "NAME": true|false in JSON. */
static void print_feature(const char *name, bool on)
{
	if (print_is_json())
		print_bool(PRINT_JSON, name, NULL, on);
	else
		printf("%s: %s\n", name, on ? "yes" : "no");
}

#ifdef HVCTL_ARM64
/* The feature banks, read as properties, indexed by bank. */
static const u32 bank_property[HVPART_PARTITION_PROCESSOR_FEATURE_BANKS] = {
	HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0,
	HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1,
};

/* The KVM vCPU features the ARM64 feature banks decide, in bit order. */
static const struct hvc_name vcpu_features[] = {
	{ HVC_ARM64_VCPU_PSCI_0_2, "psci_0_2" },
	{ HVC_ARM64_VCPU_PMU_V3, "pmu_v3" },
	{ HVC_ARM64_VCPU_SVE, "sve" },
	{ HVC_ARM64_VCPU_PTRAUTH_ADDRESS, "ptrauth_address" },
	{ HVC_ARM64_VCPU_PTRAUTH_GENERIC, "ptrauth_generic" },
};

static void cpuid_usage(void)
{
	printf("Usage: %s cpuid [-j [-p]] [--raw] [--device PATH] ID\n\n",
	       PROG_NAME);
	puts("Print the CPU features the partition's vCPUs will see.  On arm64 that is\n"
	     "the vCPU init HVPART_GET_VCPU_INIT returns for KVM_ARM_VCPU_INIT (KVM's\n"
	     "preferred target, and the KVM vCPU features the partition's creation\n"
	     "flags and disabled features allow), and the ARM64 feature banks the vCPUs\n"
	     "are offered (HVPART_GET_PARTITION_PROPERTY of PROCESSOR_FEATURES0 and\n"
	     "PROCESSOR_FEATURES1).  The partition must be Initialized (hvctl init).\n"
	     "Needs KVM (/dev/kvm).\n"
	     "\n"
	     "  ID                     the partition id, decimal or 0x hex, or 'self'\n"
	     "  --raw                  print only the vCPU init, on one line\n"
	     "  -j, --json             one JSON object: id, target, then an object per\n"
	     "                         heading (kvm_vcpu_features, bank0, bank1) of\n"
	     "                         NAME: true|false; with --raw id, target, features\n"
	     "  -p, --pretty           with -j, indent the JSON\n"
	     "  --device PATH          the hvpart device (default " HVCTL_DEFAULT_DEVICE ")\n"
	     "\n"
	     "Feature view: 'target: N', then one 'NAME: yes' or 'NAME: no' line per\n"
	     "feature, under '#' headings:\n"
	     "  # kvm vcpu features    psci_0_2, pmu_v3 (ENABLE_PERFMON_PMU and pmu_v3\n"
	     "                         not disabled), sve (sve not disabled),\n"
	     "                         ptrauth_address and ptrauth_generic (apa_base\n"
	     "                         and gpa not disabled): KVM_ARM_VCPU_* bits,\n"
	     "                         each only where KVM supports it\n"
	     "  # bank0: PROCESSOR_FEATURES0, # bank1: PROCESSOR_FEATURES1\n"
	     "                         every ARM64 feature, in bit order (names as\n"
	     "                         hvctl help set-property)\n"
	     "\n"
	     "Raw: 'target=N features=0xXXXXXXXX', the target and struct\n"
	     "kvm_vcpu_init's features[0] (8 hex digits).");
}

/* HVPART_GET_VCPU_INIT into @vi; return an exit code. */
static int vcpu_init_fetch(int fd, struct hvctl_call *r,
			   struct hvpart_vcpu_init *vi)
{
	memset(vi, 0, sizeof(*vi));
	vi->partition_id = r->id;
	vi->status = HVCTL_STATUS_SENTINEL;
	r->ioctl_name = "HVPART_GET_VCPU_INIT";
	r->state_need = "Initialized";
	r->ret = ioctl(fd, HVPART_GET_VCPU_INIT, vi);
	r->err = r->ret < 0 ? errno : 0;
	r->status = vi->status;
	return hvctl_report(r, NULL);
}

/* The feature banks, as the partition's vCPUs are offered them. */
static int banks_fetch(int fd, u64 id,
		       u64 banks[HVPART_PARTITION_PROCESSOR_FEATURE_BANKS])
{
	struct hvpart_partition_property arg;
	struct hvctl_call r = {
		.cmd = "cpuid",
		.ioctl_name = "HVPART_GET_PARTITION_PROPERTY",
		.id = id,
		.kvm = true,
	};
	unsigned int bank;
	int ret;

	for (bank = 0; bank < HVPART_PARTITION_PROCESSOR_FEATURE_BANKS; bank++) {
		memset(&arg, 0, sizeof(arg));
		arg.partition_id = id;
		arg.property_code = bank_property[bank];
		arg.status = HVCTL_STATUS_SENTINEL;
		r.ret = ioctl(fd, HVPART_GET_PARTITION_PROPERTY, &arg);
		r.err = r.ret < 0 ? errno : 0;
		r.status = arg.status;
		ret = hvctl_report(&r, NULL);
		if (ret)
			return ret;
		banks[bank] = arg.property_value;
	}
	return HVCTL_EXIT_OK;
}

static void print_vcpu_view(const struct hvpart_vcpu_init *vi,
			    const u64 banks[HVPART_PARTITION_PROCESSOR_FEATURE_BANKS])
{
	unsigned int bank, i, b, bit;
	const char *name;

	print_u64(PRINT_ANY, "target", "target: %llu\n", vi->target);
	section_open("# kvm vcpu features", "kvm_vcpu_features");
	for (i = 0; i < ARRAY_SIZE(vcpu_features); i++)
		print_feature(vcpu_features[i].name,
			      vi->features[0] & (1U << vcpu_features[i].value));
	print_close_object();
	for (bank = 0; bank < HVPART_PARTITION_PROCESSOR_FEATURE_BANKS; bank++) {
		section_open(bank_heading[bank], bank_key[bank]);
		for (i = 0; hvc_feature_at(HVC_LAYOUT_ARM64, i, &b, &bit, &name);
		     i++)
			if (b == bank)
				print_feature(name, banks[bank] & (1ULL << bit));
		print_close_object();
	}
}

/* Fetch and print; return an exit code. */
static int cpuid_show(int fd, struct hvctl_call *r, bool raw)
{
	u64 banks[HVPART_PARTITION_PROCESSOR_FEATURE_BANKS];
	struct hvpart_vcpu_init vi;
	int ret;

	ret = vcpu_init_fetch(fd, r, &vi);
	if (ret)
		return ret;
	if (raw) {
		view_open(r->id);
		print_u64(PRINT_ANY, "target", "target=%llu", vi.target);
		print_u64(PRINT_ANY, "features", " features=0x%08llx\n",
			  vi.features[0]);
		print_close_object();
		return HVCTL_EXIT_OK;
	}
	ret = banks_fetch(fd, r->id, banks);
	if (ret)
		return ret;
	view_open(r->id);
	print_vcpu_view(&vi, banks);
	print_close_object();
	return HVCTL_EXIT_OK;
}
#else
/* CPUID bits that creation flags, not feature banks, decide. */
static const struct {
	const char *name;
	u32 leaf;
	u8 reg;
	u8 bit;
} flag_bits[] = {
	{ "x2apic", 0x1, HVC_CPUID_ECX, 21 },
	{ "svm", 0x80000001, HVC_CPUID_ECX, 2 },
	{ "vmx", 0x1, HVC_CPUID_ECX, 5 },
	{ "htt", 0x1, HVC_CPUID_EDX, 28 },
};

/* User state components of XCR0. */
static const struct hvc_name xcr0_names[] = {
	{ 0, "x87" },
	{ 1, "sse" },
	{ 2, "avx" },
	{ 3, "bndregs" },
	{ 4, "bndcsr" },
	{ 5, "opmask" },
	{ 6, "zmm_hi256" },
	{ 7, "hi16_zmm" },
	{ 9, "pkru" },
	{ 17, "xtilecfg" },
	{ 18, "xtiledata" },
};

static void cpuid_usage(void)
{
	printf("Usage: %s cpuid [-j [-p]] [--raw] [--device PATH] ID\n\n",
	       PROG_NAME);
	puts("Print the CPUID the partition's vCPUs will see: KVM's supported CPUID\n"
	     "(KVM_GET_SUPPORTED_CPUID) less the partition's disabled features and\n"
	     "what its creation flags withhold, as HVPART_GET_CPUID returns it for\n"
	     "KVM_SET_CPUID2.  Needs KVM (/dev/kvm).\n"
	     "\n"
	     "  ID                     the partition id, decimal or 0x hex, or 'self'\n"
	     "  --raw                  print every entry instead of the feature view\n"
	     "  -j, --json             one JSON object: id, then an object per heading\n"
	     "                         (bank0, bank1, xsave, creation_flags) of\n"
	     "                         NAME: true|false, xcr0 and xcr0_names; with --raw\n"
	     "                         id and entries (function, index, eax..edx)\n"
	     "  -p, --pretty           with -j, indent the JSON\n"
	     "  --device PATH          the hvpart device (default " HVCTL_DEFAULT_DEVICE ")\n"
	     "\n"
	     "Feature view: one 'NAME: yes' or 'NAME: no' line per feature, under\n"
	     "'#' headings:\n"
	     "  # bank0: PROCESSOR_FEATURES0, # bank1: PROCESSOR_FEATURES1,\n"
	     "  # xsave: PROCESSOR_XSAVE_FEATURES\n"
	     "                         every feature hvpart maps to a CPUID bit, in\n"
	     "                         bit order (names as hvctl help set-property)\n"
	     "  # creation flags       x2apic (1:ECX.21, X2APIC_CAPABLE),\n"
	     "                         svm (0x80000001:ECX.2) and vmx (1:ECX.5)\n"
	     "                         (NESTED_VIRTUALIZATION_CAPABLE),\n"
	     "                         htt (1:EDX.28, SMT_ENABLED_GUEST),\n"
	     "                         pmu (leaf 0xa version or 0x80000001:ECX.23,\n"
	     "                         ENABLE_PERFMON_PMU)\n"
	     "  # XSAVE state components\n"
	     "                         'xcr0: 0x...' (16 hex digits), the XCR0 bits\n"
	     "                         offered (leaf 0xd subleaf 0 EDX:EAX; 0 without\n"
	     "                         XSAVE), then their names\n"
	     "\n"
	     "Raw: one line per entry, in the kernel's order:\n"
	     "  0xFUNCTION 0xINDEX: eax=0x... ebx=0x... ecx=0x... edx=0x...");
}

/* The entry CPUID(@leaf, @subleaf) reads, as KVM looks it up; or NULL. */
static const struct hvc_cpuid_entry *
cpuid_find(const struct hvc_cpuid_entry *entries, u32 count, u32 leaf,
	   u32 subleaf)
{
	u32 i;

	for (i = 0; i < count; i++)
		if (entries[i].function == leaf &&
		    (entries[i].index == subleaf ||
		     !(entries[i].flags & CPUID_FLAG_SIGNIFICANT_INDEX)))
			return &entries[i];
	return NULL;
}

static bool cpuid_bit(const struct hvc_cpuid_entry *entries, u32 count,
		      u32 leaf, unsigned int reg, unsigned int bit)
{
	const struct hvc_cpuid_entry *e = cpuid_find(entries, count, leaf, 0);

	return e && (e->regs[reg] >> bit) & 1;
}

static void print_features(const struct hvc_cpuid_entry *entries, u32 count)
{
	char names[HVCTL_FEATURE_NAMES_LEN];
	const struct hvc_cpuid_feature *f;
	const struct hvc_cpuid_entry *e;
	u64 banks[HVC_BANKS], xcr0 = 0;
	unsigned int bank, i;
	bool pmu;

	hvc_cpuid_host_banks(entries, count, banks);
	for (bank = 0; bank < HVC_BANKS; bank++) {
		section_open(bank_heading[bank], bank_key[bank]);
		for (i = 0; i < hvc_x64_feature_count; i++) {
			f = &hvc_x64_features[i];
			if (f->bank == bank)
				print_feature(f->name,
					      banks[bank] & (1ULL << f->bit));
		}
		print_close_object();
	}

	section_open("# creation flags", "creation_flags");
	for (i = 0; i < ARRAY_SIZE(flag_bits); i++)
		print_feature(flag_bits[i].name,
			      cpuid_bit(entries, count, flag_bits[i].leaf,
					flag_bits[i].reg, flag_bits[i].bit));
	e = cpuid_find(entries, count, 0xa, 0);
	pmu = (e && (e->regs[HVC_CPUID_EAX] & 0xff)) ||
	      cpuid_bit(entries, count, 0x80000001, HVC_CPUID_ECX, 23);
	print_feature("pmu", pmu);
	print_close_object();

	print_string(PRINT_TEXT, NULL, "%s\n", "# XSAVE state components");
	e = cpuid_find(entries, count, 0xd, 0);
	if (e)
		xcr0 = (u64)e->regs[HVC_CPUID_EDX] << 32 |
		       e->regs[HVC_CPUID_EAX];
	hvctl_bit_names(xcr0, xcr0_names, ARRAY_SIZE(xcr0_names), names,
			sizeof(names));
	print_u64(PRINT_ANY, "xcr0", "xcr0: 0x%016llx", xcr0);
	hvctl_print_names("xcr0_names", names);
	if (*names)
		print_string(PRINT_TEXT, NULL, "  %s", names);
	print_string(PRINT_TEXT, NULL, "%s", "\n");
}

static void print_raw(const struct hvc_cpuid_entry *entries, u32 count)
{
	const struct hvc_cpuid_entry *e;
	u32 i;

	print_open_array("entries");
	for (i = 0; i < count; i++) {
		e = &entries[i];
		print_open_object(NULL);
		print_u64(PRINT_ANY, "function", "0x%08llx", e->function);
		print_u64(PRINT_ANY, "index", " 0x%02llx:", e->index);
		print_u64(PRINT_ANY, "eax", " eax=0x%08llx",
			  e->regs[HVC_CPUID_EAX]);
		print_u64(PRINT_ANY, "ebx", " ebx=0x%08llx",
			  e->regs[HVC_CPUID_EBX]);
		print_u64(PRINT_ANY, "ecx", " ecx=0x%08llx",
			  e->regs[HVC_CPUID_ECX]);
		print_u64(PRINT_ANY, "edx", " edx=0x%08llx\n",
			  e->regs[HVC_CPUID_EDX]);
		print_close_object();
	}
	print_close_array();
}

static struct kvm_cpuid2 *cpuid_alloc(u32 nent)
{
	struct kvm_cpuid2 *cpuid;

	cpuid = calloc(1, sizeof(*cpuid) + nent * sizeof(cpuid->entries[0]));
	if (!cpuid) {
		hvctl_err("cpuid: %s", strerror(errno));
		return NULL;
	}
	cpuid->nent = nent;
	return cpuid;
}

/*
 * HVPART_GET_CPUID, with room for more entries while the kernel answers
 * E2BIG with a larger nent.  Return an exit code; on success *@out holds
 * the entries (free() it) and *@count how many.
 */
static int cpuid_fetch(int fd, struct hvctl_call *r,
		       struct hvc_cpuid_entry **out, u32 *count)
{
	struct kvm_cpuid2 *cpuid = NULL;
	u32 nent = CPUID_NENT_FIRST;
	struct hvpart_cpuid arg;
	int tries, ret;

	for (tries = 0; tries < CPUID_TRIES; tries++) {
		free(cpuid);
		cpuid = cpuid_alloc(nent);
		if (!cpuid)
			return HVCTL_EXIT_SYSTEM;
		memset(&arg, 0, sizeof(arg));
		arg.partition_id = r->id;
		arg.status = HVCTL_STATUS_SENTINEL;
		arg.cpuid = (u64)(uintptr_t)cpuid;
		r->ret = ioctl(fd, HVPART_GET_CPUID, &arg);
		r->err = r->ret < 0 ? errno : 0;
		r->status = arg.status;
		if (r->ret >= 0 || r->err != E2BIG || cpuid->nent <= nent ||
		    cpuid->nent > CPUID_NENT_MAX)
			break;
		nent = cpuid->nent;
	}
	ret = hvctl_report(r, NULL);
	if (!ret && cpuid->nent > nent) {
		hvctl_err("cpuid: HVPART_GET_CPUID returned %u entries in room for %u",
			  cpuid->nent, nent);
		ret = HVCTL_EXIT_SYSTEM;
	}
	if (!ret) {
		*count = cpuid->nent;
		*out = calloc(*count ? *count : 1, sizeof(**out));
		if (!*out) {
			hvctl_err("cpuid: %s", strerror(errno));
			ret = HVCTL_EXIT_SYSTEM;
		} else {
			memcpy(*out, cpuid->entries, *count * sizeof(**out));
		}
	}
	free(cpuid);
	return ret;
}

/* Fetch and print; return an exit code. */
static int cpuid_show(int fd, struct hvctl_call *r, bool raw)
{
	struct hvc_cpuid_entry *entries;
	int ret;
	u32 count;

	r->ioctl_name = "HVPART_GET_CPUID";
	ret = cpuid_fetch(fd, r, &entries, &count);
	if (ret)
		return ret;
	view_open(r->id);
	if (raw)
		print_raw(entries, count);
	else
		print_features(entries, count);
	print_close_object();
	free(entries);
	return HVCTL_EXIT_OK;
}
#endif /* HVCTL_ARM64 */

static const struct hvctl_cmd_opts cpuid_opts = {
	.cmd = "cpuid",
	.device = true,
	.json = true,
	.longs = cpuid_options,
	.args = cpuid_args,
	.min_args = 1,
	.max_args = 1,
	.usage = cpuid_usage,
	.option = hvctl_opt_flag,	/* --raw */
};

int cpuid_main(int argc, char *argv[])
{
	struct hvctl_call r = {
		.cmd = "cpuid",
		.kvm = true,
	};
	bool raw = false;
	int fd, ret;

	ret = hvctl_opts_parse(&cpuid_opts, argc, argv, &raw);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;
	if (hvctl_partition_arg("cpuid", argv[optind], &r.id))
		return HVCTL_EXIT_USAGE;

	ret = hvctl_open_device(&fd);
	if (ret)
		return ret;
	ret = cpuid_show(fd, &r, raw);
	close(fd);
	if (ret)
		return ret;
	return hvctl_flush_stdout("cpuid");
}
