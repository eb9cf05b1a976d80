// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl get-property and set-property: HvCallGetPartitionProperty (0x0044)
 * and HvCallSetPartitionProperty (0x0045) through their typed ioctls.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvctl.h"
#include "print.h"

#define PROPERTY_PREFIX		"HV_PARTITION_PROPERTY_"

enum {
	OPT_RAW = 256,
};

static const struct option get_options[] = {
	{ "raw", no_argument, NULL, OPT_RAW },
	{ NULL, 0, NULL, 0 },
};

static const char *const get_args[] = { "partition ID", "PROPERTY" };
static const char *const set_args[] = { "partition ID", "PROPERTY", "VALUE" };

static const struct hvc_name vendor_names[] = {
	{ HVPART_PROCESSOR_VENDOR_AMD, "AMD" },
	{ HVPART_PROCESSOR_VENDOR_INTEL, "Intel" },
	{ HVPART_PROCESSOR_VENDOR_HYGON, "Hygon" },
	{ HVPART_PROCESSOR_VENDOR_ARM, "ARM" },
};

/* A property as the user named it. */
struct property {
	u32 code;
	const char *name;	/* NULL for a code hvctl does not know */
	int bank;		/* its feature bank, -1 for other properties */
	char label[32];		/* name, or the code in hex */
};

/* What set-property's VALUE asks for. */
struct value_spec {
	bool edit;		/* +name/-name edits of the current value */
	u64 value;		/* without edits: the value */
	u64 set;		/* with edits: bits to set, then */
	u64 clear;		/* bits to clear */
};

static void print_properties(void)
{
	unsigned int i;
	u32 code;

	puts("Properties (any case, '-' same as '_', optional " PROPERTY_PREFIX
	     " prefix):");
	for (i = 0; i < hvc_property_count; i++) {
		code = hvc_property_names[i].value;
		printf("  %-26s 0x%08x  %s\n", hvc_property_names[i].name, code,
		       hvc_property_writable(code) ?
		       "early: settable only before init" :
		       "read-only");
	}
}

/*
 * The names of a bank's features on this architecture, wrapped, in table
 * order; nothing for a bank without names (XSAVE on ARM64).
 */
static void print_feature_names(unsigned int bank)
{
	unsigned int i, b, bit;
	const char *name;
	bool any = false;
	size_t col = 0, n;

	for (i = 0; hvc_feature_at(HVC_LAYOUT_NATIVE, i, &b, &bit, &name);
	     i++) {
		if (b != bank)
			continue;
		if (!any)
			printf("%s:\n", hvctl_bank_name(bank));
		any = true;
		n = strlen(name);
		if (col && col + 1 + n > 76) {
			putchar('\n');
			col = 0;
		}
		printf("%s%s", col ? " " : "  ", name);
		col += (col ? 1 : 2) + n;
	}
	if (any)
		putchar('\n');
}

static void get_usage(void)
{
	printf("Usage: %s get-property [-j [-p]] [--raw] [--device PATH] ID PROPERTY\n\n",
	       PROG_NAME);
	puts("Issue HvCallGetPartitionProperty (0x0044) through\n"
	     "HVPART_GET_PARTITION_PROPERTY and print the value.\n"
	     "\n"
	     "  ID                     the partition id, decimal or 0x hex, or 'self'\n"
	     "  PROPERTY               a property name (below) or code (0x0006000a)\n"
	     "  --raw                  print only the value, 0x and 16 hex digits\n"
	     "  -j, --json             one JSON object: id, property (null for a code\n"
	     "                         hvctl does not know), code, value, and features\n"
	     "                         (names) or name; --raw leaves out the last two\n"
	     "  -p, --pretty           with -j, indent the JSON\n"
	     "  --device PATH          the hvpart device (default " HVCTL_DEFAULT_DEVICE ")\n"
	     "\n"
	     "Output, one line: the value as 0x and 16 hex digits, then two spaces and\n"
	     "  PROCESSOR_VENDOR       the vendor: AMD, Intel, Hygon, ARM or unknown\n"
	     "  COMPATIBILITY_VERSION  the version's name (as hvctl help create lists)\n"
	     "  PROCESSOR_FEATURES0/1, PROCESSOR_XSAVE_FEATURES, SYNTHETIC_PROC_FEATURES\n"
	     "                         the set bits, comma-separated: feature names\n"
	     "                         (hvctl help set-property), bitN for bits without\n"
	     "                         one; nothing when no bit is set\n"
	     "  PHYSICAL_ADDRESS_WIDTH the guest physical address bits a VM gets\n"
	     "\n"
	     "A feature property is what the partition's vCPUs are offered: what KVM\n"
	     "supports on this host less the partition's disabled features and what\n"
	     "its creation flags withhold; reading one needs KVM (/dev/kvm).\n"
	     "SYNTHETIC_PROC_FEATURES is the partition's Hyper-V enlightenments (0\n"
	     "until set); for 'self' it is those KVM emulates on this host.\n");
	print_properties();
}

static void set_usage(void)
{
	unsigned int bank;

	printf("Usage: %s set-property [--device PATH] ID PROPERTY VALUE\n\n",
	       PROG_NAME);
	puts("Issue HvCallSetPartitionProperty (0x0045) through\n"
	     "HVPART_SET_PARTITION_PROPERTY.  Prints nothing on success.\n"
	     "\n"
	     "  ID                     the partition id, decimal or 0x hex, or 'self'\n"
	     "  PROPERTY               a property name (below) or code (0x0006000a)\n"
	     "  VALUE                  a number; for a feature property also\n"
	     "     NAME[,NAME...]      exactly these features (names below, or bitN)\n"
	     "     +NAME|-NAME[,...]   these features added to or removed from the\n"
	     "                         current value, which is read first (as with\n"
	     "                         get-property); later edits win\n"
	     "  --device PATH          the hvpart device (default " HVCTL_DEFAULT_DEVICE ")\n"
	     "\n"
	     "Options go before ID, so that VALUE may start with '-'.\n"
	     "\n"
	     "A feature property's value is the set of features the partition offers\n"
	     "its vCPUs; features KVM does not support on this host are refused\n"
	     "(HV_STATUS_PROPERTY_VALUE_OUT_OF_RANGE).  Feature properties are early\n"
	     "properties: they can be set only while the partition is Created, before\n"
	     "init.  Setting one needs KVM (/dev/kvm).  SYNTHETIC_PROC_FEATURES takes a\n"
	     "number: the Hyper-V enlightenments KVM emulates on this host, at most\n"
	     "(hvctl get-property self SYNTHETIC_PROC_FEATURES lists them).\n");
	print_properties();
	puts("\nFeatures (any case, '-' same as '_'):");
	for (bank = 0; bank < HVC_BANKS; bank++)
		print_feature_names(bank);
}

static int property_bank(u32 code)
{
	const char *name = hvc_name_of(hvc_property_names, hvc_property_count,
				       code);
	unsigned int bank;

	for (bank = 0; name && bank < HVC_BANKS; bank++)
		if (!strcmp(hvctl_bank_name(bank), name))
			return (int)bank;
	return -1;
}

static int parse_property(const char *cmd, const char *s, struct property *p)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < hvc_property_count; i++)
		if (hvctl_name_eq(s, PROPERTY_PREFIX,
				  hvc_property_names[i].name))
			break;
	if (i < hvc_property_count) {
		p->code = hvc_property_names[i].value;
	} else if (!isdigit((unsigned char)s[0]) ||
		   hvctl_parse_u32(s, &p->code)) {
		hvctl_err("%s: unknown property '%s' (see hvctl help %s)", cmd, s,
			  cmd);
		return HVCTL_EXIT_USAGE;
	}
	p->name = hvc_name_of(hvc_property_names, hvc_property_count, p->code);
	p->bank = property_bank(p->code);
	if (p->name)
		snprintf(p->label, sizeof(p->label), "%s", p->name);
	else
		snprintf(p->label, sizeof(p->label), "property 0x%08x", p->code);
	return 0;
}

/*
 * The bit of a feature name (this architecture's) or bitN in @p's bank;
 * -1 after an error.
 */
static int parse_feature(const char *tok, const struct property *p)
{
	unsigned int bank, bit;

	if (!hvctl_feature_lookup(HVC_LAYOUT_NATIVE, tok, &bank, &bit)) {
		if ((int)bank == p->bank)
			return (int)bit;
		hvctl_err("set-property: '%s' is a %s feature, not %s", tok,
			  hvctl_bank_name(bank), p->label);
		return -1;
	}
	if (!hvctl_parse_bit(tok, &bit))
		return (int)bit;
	hvctl_err("set-property: unknown feature '%s' (hvctl help set-property lists them)",
		  tok);
	return -1;
}

/* One item of a feature list, with its +/- if any. */
static int parse_item(char *tok, const struct property *p,
		      struct value_spec *v, bool first)
{
	bool edit = *tok == '+' || *tok == '-';
	int bit;

	if (!first && edit != v->edit) {
		hvctl_err("set-property: VALUE mixes feature names with +/- edits");
		return -1;
	}
	v->edit = edit;
	bit = parse_feature(tok + edit, p);
	if (bit < 0)
		return -1;
	if (!edit) {
		v->value |= 1ULL << bit;
	} else if (*tok == '+') {
		v->set |= 1ULL << bit;
		v->clear &= ~(1ULL << bit);
	} else {
		v->clear |= 1ULL << bit;
		v->set &= ~(1ULL << bit);
	}
	return 0;
}

static int parse_value(const char *s, const struct property *p,
		       struct value_spec *v)
{
	char *copy, *rest, *tok;
	bool first = true;
	int ret = 0;

	memset(v, 0, sizeof(*v));
	if (isdigit((unsigned char)s[0]) || !*s) {
		if (!hvctl_parse_u64(s, &v->value))
			return 0;
		hvctl_err("set-property: bad value '%s'", s);
		return HVCTL_EXIT_USAGE;
	}
	if (p->bank < 0) {
		hvctl_err("set-property: %s takes a number, not '%s'", p->label,
			  s);
		return HVCTL_EXIT_USAGE;
	}
	copy = strdup(s);
	if (!copy) {
		hvctl_err("set-property: %s", strerror(errno));
		return HVCTL_EXIT_SYSTEM;
	}
	rest = copy;
	while (!ret && (tok = strsep(&rest, ",")) != NULL) {
		if (!*tok || ((*tok == '+' || *tok == '-') && !tok[1])) {
			hvctl_err("set-property: empty item in VALUE '%s'", s);
			ret = HVCTL_EXIT_USAGE;
		} else if (parse_item(tok, p, v, first)) {
			ret = HVCTL_EXIT_USAGE;
		}
		first = false;
	}
	free(copy);
	return ret;
}

/* One property ioctl; @value is read for set and written for get. */
static void property_ioctl(int fd, bool set, const struct property *p,
			   u64 *value, struct hvctl_call *r)
{
	struct hvpart_partition_property arg;

	memset(&arg, 0, sizeof(arg));
	arg.partition_id = r->id;
	arg.property_code = p->code;
	arg.status = HVCTL_STATUS_SENTINEL;
	arg.property_value = set ? *value : 0;
	r->ioctl_name = set ? "HVPART_SET_PARTITION_PROPERTY" :
			      "HVPART_GET_PARTITION_PROPERTY";
	r->kvm = p->bank >= 0 ||
		 p->code == HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES ||
		 p->code == HVPART_PARTITION_PROPERTY_PHYSICAL_ADDRESS_WIDTH;
	r->ret = ioctl(fd, set ? HVPART_SET_PARTITION_PROPERTY :
				 HVPART_GET_PARTITION_PROPERTY, &arg);
	r->err = r->ret < 0 ? errno : 0;
	r->status = arg.status;
	if (!set)
		*value = arg.property_value;
}

/* Why a property call failed, where the words are the property's. */
static const char *property_cause(const struct hvctl_call *r, bool set,
				  const struct property *p, u64 value,
				  char *buf, size_t len)
{
	char name[24];

	switch (r->status) {
	case HVPART_STATUS_UNKNOWN_PROPERTY:
		snprintf(buf, len, "property 0x%08x is unknown", p->code);
		return buf;
	case HVPART_STATUS_PROPERTY_VALUE_OUT_OF_RANGE:
		if (p->code == HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES) {
			snprintf(buf, len,
				 "value 0x%016llx asks for synthetic features KVM does not emulate on this host",
				 (unsigned long long)value);
			return buf;
		}
		snprintf(buf, len,
			 "value 0x%016llx offers features the host does not support",
			 (unsigned long long)value);
		return buf;
	case HVPART_STATUS_INVALID_PARAMETER:
		if (!set || !p->name || hvc_property_writable(p->code))
			break;
		snprintf(buf, len, "%s is read-only", p->name);
		return buf;
	case HVPART_STATUS_INVALID_PARTITION_STATE:
		if (!set)
			break;
		hvctl_partition_name(r->id, name, sizeof(name));
		snprintf(buf, len,
			 "partition %s is not in the state set-property needs (Created): %s can be set only before init",
			 name, p->label);
		return buf;
	}
	return NULL;
}

static int property_report(const struct hvctl_call *r, bool set,
			   const struct property *p, u64 value)
{
	char buf[160];

	return hvctl_report(r, property_cause(r, set, p, value, buf,
					      sizeof(buf)));
}

/* The name of a vendor or compatibility version value, else NULL. */
static const char *value_name(const struct property *p, u64 value)
{
	const char *name = NULL;

	if (p->code == HVPART_PARTITION_PROPERTY_PROCESSOR_VENDOR)
		name = value > UINT_MAX ? NULL :
		       hvc_name_of(vendor_names, ARRAY_SIZE(vendor_names),
				   (u32)value);
	else if (p->code == HVPART_PARTITION_PROPERTY_COMPATIBILITY_VERSION)
		name = value > UINT_MAX ? NULL :
		       hvc_name_of(hvc_compat_version_names,
				   hvc_compat_version_count, (u32)value);
	else
		return NULL;
	return name ? name : "unknown";
}

/*
 * Text: the value, then what it means.  JSON: an object with the
 * partition, the property and the value, and the meaning as "features"
 * (names) or "name"; --raw leaves the meaning out of both.
 */
static void print_value(u64 id, const struct property *p, u64 value,
			bool raw)
{
	bool features = p->bank >= 0 ||
		p->code == HVPART_PARTITION_PROPERTY_SYNTHETIC_PROC_FEATURES;
	char names[HVCTL_FEATURE_NAMES_LEN];
	const char *name = NULL;

	names[0] = '\0';
	if (!raw && p->bank >= 0)
		hvctl_feature_names(HVC_LAYOUT_NATIVE, (unsigned int)p->bank,
				    value, names, sizeof(names));
	else if (!raw && features)
		hvctl_synthetic_names(value, names, sizeof(names));
	else if (!raw)
		name = value_name(p, value);

	print_open_object(NULL);
	print_u64(PRINT_JSON, "id", NULL, id);
	print_string(PRINT_JSON, "property", NULL, p->name);
	print_u64(PRINT_JSON, "code", NULL, p->code);
	print_u64(PRINT_ANY, "value", "0x%016llx", value);
	if (!raw && features)
		hvctl_print_names("features", names);
	if (*names)
		print_string(PRINT_TEXT, NULL, "  %s", names);
	if (name)
		print_string(PRINT_ANY, "name", "  %s", name);
	print_close_object();
	if (!print_is_json())
		putchar('\n');
}

/* ID and PROPERTY, the arguments both commands start with. */
static int parse_id_property(const char *cmd, char *argv[], u64 *id,
			     struct property *p)
{
	if (hvctl_partition_arg(cmd, argv[optind], id))
		return HVCTL_EXIT_USAGE;
	if (parse_property(cmd, argv[optind + 1], p))
		return HVCTL_EXIT_USAGE;
	return 0;
}

static const struct hvctl_cmd_opts get_opts = {
	.cmd = "get-property",
	.device = true,
	.json = true,
	.longs = get_options,
	.args = get_args,
	.min_args = 2,
	.max_args = 2,
	.usage = get_usage,
	.option = hvctl_opt_flag,	/* --raw */
};

/* Options go before ID ("+"), so that VALUE may be "-avx". */
static const struct hvctl_cmd_opts set_opts = {
	.cmd = "set-property",
	.device = true,
	.in_order = true,
	.args = set_args,
	.min_args = 3,
	.max_args = 3,
	.usage = set_usage,
};

int get_property_main(int argc, char *argv[])
{
	struct hvctl_call r = { .cmd = "get-property" };
	struct property p;
	bool raw = false;
	int fd, ret;
	u64 value = 0;

	ret = hvctl_opts_parse(&get_opts, argc, argv, &raw);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;
	ret = parse_id_property(r.cmd, argv, &r.id, &p);
	if (ret)
		return ret;

	ret = hvctl_open_device(&fd);
	if (ret)
		return ret;
	property_ioctl(fd, false, &p, &value, &r);
	close(fd);
	ret = property_report(&r, false, &p, value);
	if (ret)
		return ret;
	print_value(r.id, &p, value, raw);
	return hvctl_flush_stdout(r.cmd);
}

int set_property_main(int argc, char *argv[])
{
	struct hvctl_call r = { .cmd = "set-property" };
	struct value_spec v;
	struct property p;
	int fd, ret;
	u64 value;

	ret = hvctl_opts_parse(&set_opts, argc, argv, NULL);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;
	ret = parse_id_property(r.cmd, argv, &r.id, &p);
	if (ret)
		return ret;
	ret = parse_value(argv[optind + 2], &p, &v);
	if (ret)
		return ret;

	ret = hvctl_open_device(&fd);
	if (ret)
		return ret;
	value = v.value;
	if (v.edit) {
		property_ioctl(fd, false, &p, &value, &r);
		ret = property_report(&r, false, &p, value);
		if (ret) {
			close(fd);
			return ret;
		}
		value = (value | v.set) & ~v.clear;
	}
	property_ioctl(fd, true, &p, &value, &r);
	close(fd);
	return property_report(&r, true, &p, value);
}
