// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl create: HvCallCreatePartition through the typed create ioctl of
 * either layout, or through HVPART_HVCALL with --raw.
 */
#include <ctype.h>
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

#define FLAG_PREFIX		"HV_PARTITION_CREATION_FLAG_"
#define COMPAT_PREFIX		"HV_COMPATIBILITY_"

/* Set before the call: a value the kernel never writes back. */
#define STATUS_SENTINEL		0xffffffffU
#define RESULT_SENTINEL		(~0ULL)

enum {
	OPT_FLAGS = 256,
	OPT_DOMAIN,
	OPT_PREFERRED,
	OPT_PROXIMITY_FLAGS,
	OPT_COMPAT,
	OPT_DISABLE_FEATURES,
	OPT_DISABLE_XSAVE,
	OPT_LAYOUT,
	OPT_RAW,
};

static const struct option create_options[] = {
	{ "flags", required_argument, NULL, OPT_FLAGS },
	{ "domain", required_argument, NULL, OPT_DOMAIN },
	{ "preferred", no_argument, NULL, OPT_PREFERRED },
	{ "proximity-flags", required_argument, NULL, OPT_PROXIMITY_FLAGS },
	{ "compat", required_argument, NULL, OPT_COMPAT },
	{ "disable-features", required_argument, NULL, OPT_DISABLE_FEATURES },
	{ "disable-xsave", required_argument, NULL, OPT_DISABLE_XSAVE },
	{ "layout", required_argument, NULL, OPT_LAYOUT },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ NULL, 0, NULL, 0 },
};

/* What the caller asked for, before it becomes struct hvc_create_args. */
struct create_opts {
	struct hvc_create_args args;
	bool domain_set;
	bool preferred;
	bool proximity_flags_set;
	u32 proximity_flags;
	bool layout_set;
	bool raw;
	/*
	 * Feature options as typed: names resolve in the layout's table,
	 * which --layout may choose after them.
	 */
	const char *features[16];
	unsigned int nfeatures;
	const char *xsave[16];
	unsigned int nxsave;
};

/* What came back from the kernel. */
struct create_result {
	const char *ioctl_name;
	int ret;
	int err;
	bool dispatched;
	u16 status;
	u64 id;
	char cause[HVPART_VERDICT_CAUSE_LEN];	/* the module's, or "" */
};

static void create_usage(void)
{
	unsigned int i;

	printf("Usage: %s create [-j [-p]] [OPTIONS]\n\n", PROG_NAME);
	puts("Issue HvCallCreatePartition (0x0040) and print the new partition id.\n"
	     "\n"
	     "Options:\n"
	     "  -j, --json             print {\"id\": ID} instead of the bare id\n"
	     "  -p, --pretty           with -j, indent the JSON\n"
	     "  --flags LIST           creation flags, comma-separated: names (below; any\n"
	     "                         case, '-' same as '_'), bitN, or numbers (0x2000);\n"
	     "                         may repeat, all OR-ed; numbers and bitN are not checked\n"
	     "  --domain N             proximity domain id (0-63); sets ProximityInfoValid\n"
	     "  --preferred            the domain is a preference (ProximityPreferred);\n"
	     "                         needs --domain\n"
	     "  --proximity-flags X    raw ProximityDomainInfo.Flags; replaces the flag bits\n"
	     "                         of --domain and --preferred\n"
	     "  --compat V             compatibility version: a name (below) or a number\n"
	     "                         (default 21H2 = 0x0609)\n"
	     "  --disable-features B0[,B1]|NAME[,NAME...]\n"
	     "                         DisabledProcessorFeatures banks 0 and 1 (default 0):\n"
	     "                         two numbers, or feature names of the layout (as\n"
	     "                         hvctl help set-property lists this host's); an\n"
	     "                         XSAVE name is as --disable-xsave NAME; may repeat\n"
	     "  --disable-xsave X|NAME[,NAME...]\n"
	     "                         DisabledProcessorXsaveFeatures (amd64 layout only):\n"
	     "                         a number, or XSAVE feature names or bitN\n"
	     "  --layout amd64|arm64   input layout and typed ioctl (default: this host's)\n"
	     "  --raw                  go through HVPART_HVCALL instead of the typed ioctl\n"
	     "                         (this host's layout only)\n"
	     "  --device PATH          the hvpart device (default " HVCTL_DEFAULT_DEVICE ")\n");
	puts("Creation flags:");
	for (i = 0; i < hvc_creation_flag_count; i++)
		printf("  %-32s bit %u\n", hvc_creation_flag_names[i].name,
		       hvc_creation_flag_names[i].value);
	puts("\nCompatibility versions:");
	for (i = 0; i < hvc_compat_version_count; i++)
		printf("  %-32s 0x%04x\n", hvc_compat_version_names[i].name,
		       hvc_compat_version_names[i].value);
	printf("\nThis host's layout is %s.\n",
	       hvc_layout_name(HVC_LAYOUT_NATIVE));
}

/* "bitN", "bit N", "bit_N" or "bit-N" with N in 0-63. */
static bool parse_flag_bit(const char *tok, u64 *flags)
{
	unsigned int bit;

	if (hvctl_parse_bit(tok, &bit))
		return false;
	*flags |= 1ULL << bit;
	return true;
}

/* One item of --flags: a number, bitN or a flag name, OR-ed into @ctx. */
static int parse_flag(const char *tok, void *ctx)
{
	u64 *flags = ctx;
	unsigned int i;
	u64 v;

	if (isdigit((unsigned char)tok[0])) {
		if (hvctl_parse_u64(tok, &v)) {
			hvctl_err("create: bad flag number '%s'", tok);
			return -1;
		}
		*flags |= v;
		return 0;
	}
	if (parse_flag_bit(tok, flags))
		return 0;
	for (i = 0; i < hvc_creation_flag_count; i++) {
		if (hvctl_name_eq(tok, FLAG_PREFIX,
				  hvc_creation_flag_names[i].name)) {
			*flags |= 1ULL << hvc_creation_flag_names[i].value;
			return 0;
		}
	}
	hvctl_err("create: unknown flag '%s' (see hvctl help create)", tok);
	return -1;
}

/*
 * Call @item with each comma-separated item of option @opt's value @list,
 * until one fails; an empty item is an error.  Return 0 or -1, with the
 * error printed.
 */
static int parse_list(const char *list, const char *opt,
		      int (*item)(const char *tok, void *ctx), void *ctx)
{
	char *copy, *rest, *tok;
	int ret = 0;

	copy = strdup(list);
	if (!copy) {
		hvctl_err("create: %s", strerror(errno));
		return -1;
	}
	rest = copy;
	while (!ret && (tok = strsep(&rest, ",")) != NULL) {
		if (!*tok) {
			hvctl_err("create: empty item in %s '%s'", opt, list);
			ret = -1;
		} else {
			ret = item(tok, ctx);
		}
	}
	free(copy);
	return ret;
}

static int parse_flags(const char *list, u64 *flags)
{
	if (!*list)
		return 0;
	return parse_list(list, "--flags", parse_flag, flags);
}

static int parse_compat(const char *s, u32 *version)
{
	unsigned int i;

	for (i = 0; i < hvc_compat_version_count; i++) {
		if (hvctl_name_eq(s, COMPAT_PREFIX,
				  hvc_compat_version_names[i].name)) {
			*version = hvc_compat_version_names[i].value;
			return 0;
		}
	}
	if (!hvctl_parse_u32(s, version))
		return 0;
	hvctl_err("create: unknown compatibility version '%s' (see hvctl help create)",
		  s);
	return -1;
}

/* Where the names of each layout's features are listed. */
static const char *feature_list_hint(enum hvc_layout layout)
{
	if (layout == HVC_LAYOUT_NATIVE)
		return "hvctl help set-property lists them";
	return layout == HVC_LAYOUT_ARM64 ?
	       "Documentation/hvpart.rst lists the ARM64 names" :
	       "Documentation/hvpart.rst lists the x64 names";
}

/*
 * One item of --disable-features (@xsave false) or --disable-xsave: a
 * feature name of the layout, or bitN (--disable-xsave only: a bank 0 or
 * 1 bit would be ambiguous), into the disabled banks of @a.  A name of
 * the XSAVE bank given to --disable-features goes to the XSAVE bank.
 */
static int disable_item(const char *tok, bool xsave, struct create_opts *o)
{
	struct hvc_create_args *a = &o->args;
	const char *opt = xsave ? "--disable-xsave" : "--disable-features";
	unsigned int bank, bit;

	if (!hvctl_feature_lookup(a->layout, tok, &bank, &bit)) {
		if (xsave && bank != HVC_BANK_XSAVE) {
			hvctl_err("create: '%s' is a %s feature, not an XSAVE one: use --disable-features %s",
				  tok, hvctl_bank_name(bank), tok);
			return -1;
		}
	} else if (xsave && !hvctl_parse_bit(tok, &bit)) {
		bank = HVC_BANK_XSAVE;
	} else {
		hvctl_err("create: unknown feature '%s' in %s for the %s layout (%s)",
			  tok, opt, hvc_layout_name(a->layout),
			  feature_list_hint(a->layout));
		return -1;
	}
	if (bank == HVC_BANK_XSAVE)
		a->disabled_processor_xsave_features |= 1ULL << bit;
	else
		a->disabled_processor_features[bank] |= 1ULL << bit;
	return 0;
}

/* parse_disable()'s walk through one option's list. */
struct disable_list {
	struct create_opts *o;
	const char *list;	/* the option's value, for the messages */
	const char *opt;	/* and its name */
	bool xsave;		/* --disable-xsave, not --disable-features */
	bool numbers;		/* numbers (banks), not feature names */
	unsigned int n;		/* the numbers taken so far */
};

static int disable_list_item(const char *tok, void *ctx)
{
	struct disable_list *d = ctx;
	struct hvc_create_args *a = &d->o->args;
	u64 v;

	if (d->numbers != !!isdigit((unsigned char)tok[0])) {
		hvctl_err("create: %s '%s' mixes numbers and feature names",
			  d->opt, d->list);
		return -1;
	}
	if (!d->numbers)
		return disable_item(tok, d->xsave, d->o);
	if (hvctl_parse_u64(tok, &v) || d->n >= (d->xsave ? 1 : 2)) {
		hvctl_err(d->xsave ? "create: bad XSAVE mask '%s' (want X or NAME[,NAME...])" :
			  "create: bad feature banks '%s' (want B0[,B1] or NAME[,NAME...])",
			  d->list);
		return -1;
	}
	if (d->xsave)
		a->disabled_processor_xsave_features |= v;
	else
		a->disabled_processor_features[d->n++] |= v;
	return 0;
}

/*
 * --disable-features B0[,B1] (numbers: the two banks) or NAME[,NAME...];
 * --disable-xsave X (a number) or NAME[,NAME...].  Numbers are OR-ed in
 * as they are; names resolve in the table of the layout.
 */
static int parse_disable(const char *list, bool xsave, struct create_opts *o)
{
	struct disable_list d = {
		.o = o,
		.list = list,
		.opt = xsave ? "--disable-xsave" : "--disable-features",
		.xsave = xsave,
		.numbers = isdigit((unsigned char)list[0]),
	};

	return parse_list(list, d.opt, disable_list_item, &d);
}

/* Keep a feature option for after the layout is known. */
static int keep_disable(const char **list, unsigned int *n, const char *arg)
{
	if (*n >= 16) {
		hvctl_err("create: more than 16 --disable-features or --disable-xsave options");
		return HVCTL_EXIT_USAGE;
	}
	list[(*n)++] = arg;
	return 0;
}

/* A 32-bit number option: store it in *@v and note that it was given. */
static int parse_u32_option(const char *arg, const char *what, u32 *v,
			    bool *given)
{
	if (hvctl_parse_u32(arg, v)) {
		hvctl_err("create: bad %s '%s'", what, arg);
		return HVCTL_EXIT_USAGE;
	}
	*given = true;
	return 0;
}

static int create_option(int c, const char *arg, void *ctx)
{
	struct create_opts *o = ctx;
	struct hvc_create_args *a = &o->args;

	switch (c) {
	case OPT_FLAGS:
		if (parse_flags(arg, &a->flags))
			return HVCTL_EXIT_USAGE;
		break;
	case OPT_DOMAIN:
		return parse_u32_option(arg, "proximity domain",
					&a->proximity_domain_id, &o->domain_set);
	case OPT_PREFERRED:
		o->preferred = true;
		break;
	case OPT_PROXIMITY_FLAGS:
		return parse_u32_option(arg, "proximity flags",
					&o->proximity_flags,
					&o->proximity_flags_set);
	case OPT_COMPAT:
		if (parse_compat(arg, &a->compatibility_version))
			return HVCTL_EXIT_USAGE;
		break;
	case OPT_DISABLE_FEATURES:
		return keep_disable(o->features, &o->nfeatures, arg);
	case OPT_DISABLE_XSAVE:
		return keep_disable(o->xsave, &o->nxsave, arg);
	case OPT_LAYOUT:
		if (hvctl_parse_layout(arg, &a->layout)) {
			hvctl_err("create: unknown layout '%s' (want amd64 or arm64)",
				  arg);
			return HVCTL_EXIT_USAGE;
		}
		o->layout_set = true;
		break;
	case OPT_RAW:
		o->raw = true;
		break;
	}
	return 0;
}

static const struct hvctl_cmd_opts create_cmd_opts = {
	.cmd = "create",
	.device = true,
	.json = true,
	.longs = create_options,
	.usage = create_usage,
	.option = create_option,
};

/* Parse the options into @o; return an exit code, -1 to go on. */
static int create_parse(int argc, char *argv[], struct create_opts *o)
{
	struct hvc_create_args *a = &o->args;
	unsigned int i;
	int ret;

	memset(o, 0, sizeof(*o));
	a->layout = HVC_LAYOUT_NATIVE;
	a->compatibility_version = HVPART_COMPATIBILITY_21H2;

	ret = hvctl_opts_parse(&create_cmd_opts, argc, argv, o);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;
	if (o->nxsave && a->layout != HVC_LAYOUT_AMD64) {
		hvctl_err("create: --disable-xsave is amd64-only (the %s layout has no XSAVE field)",
			  hvc_layout_name(a->layout));
		return HVCTL_EXIT_USAGE;
	}
	for (i = 0; i < o->nfeatures; i++)
		if (parse_disable(o->features[i], false, o))
			return HVCTL_EXIT_USAGE;
	for (i = 0; i < o->nxsave; i++)
		if (parse_disable(o->xsave[i], true, o))
			return HVCTL_EXIT_USAGE;
	if (o->preferred && !o->domain_set) {
		hvctl_err("create: --preferred needs --domain");
		return HVCTL_EXIT_USAGE;
	}
	if (o->raw && a->layout != HVC_LAYOUT_NATIVE) {
		hvctl_err("create: --raw takes only this host's layout (%s)",
			  hvc_layout_name(HVC_LAYOUT_NATIVE));
		return HVCTL_EXIT_USAGE;
	}

	if (o->proximity_flags_set)
		a->proximity_flags = o->proximity_flags;
	else
		a->proximity_flags =
			(o->domain_set ? HVPART_PROXIMITY_FLAG_INFO_VALID : 0) |
			(o->preferred ? HVPART_PROXIMITY_FLAG_PREFERRED : 0);
	return -1;
}

/*
 * Issue typed create ioctl @request (named @name) with @arg, whose @id and
 * @status members are written back, and note the outcome in @r.
 */
static void create_typed_ioctl(int fd, unsigned long request,
			       const char *name, void *arg, const __u64 *id,
			       __u32 *status, struct create_result *r)
{
	*status = STATUS_SENTINEL;
	r->ioctl_name = name;
	r->ret = ioctl(fd, request, arg);
	r->err = r->ret < 0 ? errno : 0;
	r->dispatched = *status != STATUS_SENTINEL;
	r->status = (u16)*status;
	r->id = *id;
}

static void create_typed(int fd, const struct hvc_create_args *a,
			 struct create_result *r)
{
	struct hvpart_create_partition_amd64 amd64;
	struct hvpart_create_partition_arm64 arm64;

	if (a->layout == HVC_LAYOUT_AMD64) {
		memset(&amd64, 0, sizeof(amd64));
		hvc_create_encode(a, &amd64.input, sizeof(amd64.input));
		create_typed_ioctl(fd, HVPART_CREATE_PARTITION_AMD64,
				   "HVPART_CREATE_PARTITION_AMD64", &amd64,
				   &amd64.new_partition_id, &amd64.status, r);
	} else {
		memset(&arm64, 0, sizeof(arm64));
		hvc_create_encode(a, &arm64.input, sizeof(arm64.input));
		create_typed_ioctl(fd, HVPART_CREATE_PARTITION_ARM64,
				   "HVPART_CREATE_PARTITION_ARM64", &arm64,
				   &arm64.new_partition_id, &arm64.status, r);
	}
}

static int create_raw(int fd, const struct hvc_create_args *a,
		      struct create_result *r)
{
	struct hvpart_output_create_partition output;
	struct hvpart_hvcall call;
	void *in, *out;

	in = hvctl_page_alloc();
	out = in ? hvctl_page_alloc() : NULL;
	if (!out) {
		free(in);
		return -1;
	}
	memset(&call, 0, sizeof(call));
	call.control = HVPART_CALL_CREATE_PARTITION;
	call.result = RESULT_SENTINEL;
	call.input = (u64)(uintptr_t)in;
	call.input_size = hvc_create_encode(a, in, HVPART_HYPERCALL_PAGE_SIZE);
	call.output = (u64)(uintptr_t)out;
	call.output_size = sizeof(output);

	r->ioctl_name = "HVPART_HVCALL";
	r->ret = ioctl(fd, HVPART_HVCALL, &call);
	r->err = r->ret < 0 ? errno : 0;
	r->dispatched = call.result != RESULT_SENTINEL;
	r->status = (u16)(call.result & HVPART_HYPERCALL_RESULT_MASK);
	memcpy(&output, out, sizeof(output));
	r->id = output.new_partition_id;
	free(out);
	free(in);
	return 0;
}

/*
 * Why the call failed: the module's own verdict (HVPART_GET_VERDICT), or
 * the errno's text where it gives none (causes such as memory or
 * privileges, which the status names well enough).
 */
static void create_cause(const struct create_result *r, char *buf,
			 size_t len)
{
	if (r->cause[0])
		snprintf(buf, len, "%s", r->cause);
	else
		snprintf(buf, len, "%s",
			 strerror(hvctl_call_errno(r->ret, r->err, r->status)));
}

static int create_report(const struct create_result *r)
{
	char cause[160];

	if (!r->dispatched) {
		if (r->ret >= 0) {
			hvctl_err("create: %s returned %d without reporting a status",
				  r->ioctl_name, r->ret);
			return HVCTL_EXIT_SYSTEM;
		}
		hvctl_err("create: %s: %s%s", r->ioctl_name, strerror(r->err),
			  hvctl_errno_hint(r->err));
		return HVCTL_EXIT_SYSTEM;
	}
	if (r->status != HVPART_STATUS_SUCCESS) {
		create_cause(r, cause, sizeof(cause));
		hvctl_err("create failed: %s (0x%x): %s",
			  hvc_status_name(r->status), r->status, cause);
		return HVCTL_EXIT_FAILED;
	}
	if (r->ret) {
		hvctl_err("create: %s returned %d (%s), yet HV_STATUS_SUCCESS",
			  r->ioctl_name, r->ret, r->ret < 0 ? strerror(r->err) : "?");
		return HVCTL_EXIT_SYSTEM;
	}
	print_open_object(NULL);
	print_u64(PRINT_ANY, "id", "%llu\n", r->id);
	print_close_object();
	return hvctl_flush_stdout("create");
}

int create_main(int argc, char *argv[])
{
	struct create_result r;
	struct create_opts o;
	int ret, fd;

	ret = create_parse(argc, argv, &o);
	if (ret >= 0)
		return ret;

	ret = hvctl_open_device(&fd);
	if (ret)
		return ret;

	memset(&r, 0, sizeof(r));
	if (o.raw) {
		if (create_raw(fd, &o.args, &r)) {
			close(fd);
			return HVCTL_EXIT_SYSTEM;
		}
	} else {
		create_typed(fd, &o.args, &r);
	}
	if (r.dispatched && r.status != HVPART_STATUS_SUCCESS)
		hvctl_verdict(fd, r.status, r.cause, sizeof(r.cause));
	close(fd);
	return create_report(&r);
}
