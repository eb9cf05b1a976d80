// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl decode: read an HvCallCreatePartition input page written in hex,
 * print its fields and check it with the codec the module uses.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvctl.h"
#include "print.h"

/*
 * Field offsets.  The two layouts agree up to the feature banks (the uapi
 * header asserts every offset); XSAVE is AMD64's alone and ReservedZ0
 * moves.
 */
#define AMD64_OFFSET(member)						\
	offsetof(struct hvpart_input_create_partition_amd64, member)
#define ARM64_OFFSET(member)						\
	offsetof(struct hvpart_input_create_partition_arm64, member)

enum {
	OPT_LAYOUT = 256,
};

static const struct option decode_options[] = {
	{ "layout", required_argument, NULL, OPT_LAYOUT },
	{ NULL, 0, NULL, 0 },
};

static const char *const decode_args[] = { "FILE" };

/* The page as read: at most one hypercall page. */
struct hex_page {
	u8 bytes[HVPART_HYPERCALL_PAGE_SIZE];
	size_t len;
	const char *source;
	unsigned int line;
};

static void decode_usage(void)
{
	printf("Usage: %s decode [-j [-p]] [--layout amd64|arm64] [FILE|-]\n\n",
	       PROG_NAME);
	printf("Decode an HvCallCreatePartition input page written in hex (FILE, or stdin\n"
	       "when FILE is '-' or absent), print every field with its offset and size,\n"
	       "and check the page with the same codec as the hvpart module.\n"
	       "\n"
	       "  --layout amd64|arm64   the page's layout (default: this host's, %s)\n"
	       "  -j, --json             one JSON object: layout, size, fields (offset,\n"
	       "                         size, field, value and names, name or note),\n"
	       "                         ignored_bytes, verdict, status and cause\n"
	       "  -p, --pretty           with -j, indent the JSON\n"
	       "\n"
	       "After a value, its set bits by name: creation flags, proximity flags,\n"
	       "and disabled processor features by the feature names of the page's\n"
	       "layout (x64's for amd64, ARM64's for arm64, as hvctl help set-property\n"
	       "lists them on that architecture), bitN for a feature bit without one.\n"
	       "\n"
	       "Hex input: tokens separated by whitespace or commas, each an optional 0x\n"
	       "and hex digits read as bytes in order: 0x0020 is the bytes 00 20, not a\n"
	       "number; a single digit is one byte.  'xxd -p' output works as it is.\n"
	       "'#' starts a comment to the end of the line.  At most one 4096-byte page;\n"
	       "bytes past the layout are ignored.\n"
	       "\n"
	       "Exit status: 0 the page is valid, 1 it is invalid, 2 usage error or\n"
	       "malformed or short input, 4 the input could not be read.\n",
	       hvc_layout_name(HVC_LAYOUT_NATIVE));
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int hex_push(struct hex_page *p, int byte)
{
	if (p->len >= sizeof(p->bytes)) {
		hvctl_err("decode: %s:%u: more than a %zu-byte page", p->source,
			  p->line, sizeof(p->bytes));
		return -1;
	}
	p->bytes[p->len++] = (u8)byte;
	return 0;
}

static int hex_token(struct hex_page *p, const char *tok, size_t n)
{
	const char *digits = tok;
	size_t i, nd = n;

	if (n >= 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) {
		digits += 2;
		nd -= 2;
	}
	for (i = 0; i < nd; i++)
		if (hex_digit(digits[i]) < 0)
			break;
	if (!nd || i < nd) {
		hvctl_err("decode: %s:%u: '%.*s' is not hex", p->source, p->line,
			  (int)n, tok);
		return -1;
	}
	if (nd == 1)
		return hex_push(p, hex_digit(digits[0]));
	if (nd % 2) {
		hvctl_err("decode: %s:%u: '%.*s' has an odd number of digits",
			  p->source, p->line, (int)n, tok);
		return -1;
	}
	for (i = 0; i < nd; i += 2)
		if (hex_push(p, hex_digit(digits[i]) << 4 |
			     hex_digit(digits[i + 1])))
			return -1;
	return 0;
}

static bool hex_separator(char c)
{
	return isspace((unsigned char)c) || c == ',';
}

static int hex_line(struct hex_page *p, char *line)
{
	char *hash = strchr(line, '#');
	size_t n;

	if (hash)
		*hash = '\0';
	while (*line) {
		while (*line && hex_separator(*line))
			line++;
		for (n = 0; line[n] && !hex_separator(line[n]); n++)
			;
		if (n && hex_token(p, line, n))
			return -1;
		line += n;
	}
	return 0;
}

/* Read the whole input into @p; return an exit code, -1 on success. */
static int hex_read(FILE *f, struct hex_page *p)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = -1;

	while ((n = getline(&line, &cap, f)) != -1) {
		p->line++;
		if (strlen(line) != (size_t)n) {
			hvctl_err("decode: %s:%u: NUL byte in hex input",
				  p->source, p->line);
			ret = HVCTL_EXIT_USAGE;
			break;
		}
		if (hex_line(p, line)) {
			ret = HVCTL_EXIT_USAGE;
			break;
		}
	}
	if (ret < 0 && ferror(f)) {
		hvctl_err("decode: %s: %s", p->source, strerror(errno));
		ret = HVCTL_EXIT_SYSTEM;
	}
	free(line);
	return ret;
}

/* What follows a field's value: the names of its bits, or a note. */
enum field_note {
	NOTE_NONE,
	NOTE_NAMES,	/* comma-separated bit names: JSON "names" */
	NOTE_NAME,	/* the value's name: JSON "name" */
	NOTE_TEXT,	/* a remark: JSON "note" */
};

/*
 * One field: a line of the table in text, with @value as @text; an object
 * of the "fields" array in JSON, with @value as a number.
 */
static void field(size_t offset, size_t size, const char *name, u64 value,
		  const char *text, enum field_note kind, const char *note)
{
	static const char *const note_key[] = { NULL, NULL, "name", "note" };

	if (!print_is_json()) {
		printf("%6zu %5zu  %-34s %s%s%s%s%s\n", offset, size, name,
		       text, note && *note ? "  " : "",
		       kind == NOTE_TEXT && note && *note ? "(" : "",
		       note ? note : "",
		       kind == NOTE_TEXT && note && *note ? ")" : "");
		return;
	}
	print_open_object(NULL);
	print_u64(PRINT_JSON, "offset", NULL, offset);
	print_u64(PRINT_JSON, "size", NULL, size);
	print_string(PRINT_JSON, "field", NULL, name);
	print_u64(PRINT_JSON, "value", NULL, value);
	if (kind == NOTE_NAMES)
		hvctl_print_names("names", note);
	else if (kind != NOTE_NONE && note && *note)
		print_string(PRINT_JSON, note_key[kind], NULL, note);
	print_close_object();
}

static void field_u64(size_t offset, const char *name, u64 value,
		      enum field_note kind, const char *note)
{
	char text[24];

	snprintf(text, sizeof(text), "0x%016llx", (unsigned long long)value);
	field(offset, 8, name, value, text, kind, note);
}

static void decode_print(const struct hvc_create_args *a, size_t len)
{
	enum hvc_layout l = a->layout;
	u32 size = hvc_create_input_size(l);
	const char *compat;
	char text[32];
	char names[HVCTL_FEATURE_NAMES_LEN];

	print_string(PRINT_ANY, "layout", "layout: %s", hvc_layout_name(l));
	print_u64(PRINT_ANY, "size",
		  ", %llu bytes (HvCallCreatePartition input)\n", size);
	if (!print_is_json())
		printf("%6s %5s  %-34s %s\n", "offset", "size", "field",
		       "value");
	print_open_array("fields");

	hvctl_bit_names(a->flags, hvc_creation_flag_names,
			hvc_creation_flag_count, names, sizeof(names));
	field_u64(AMD64_OFFSET(flags), "flags", a->flags, NOTE_NAMES, names);

	snprintf(text, sizeof(text), "%u", a->proximity_domain_id);
	field(AMD64_OFFSET(proximity_domain_info.domain_id),
	      sizeof(a->proximity_domain_id),
	      "proximity_domain_info.domain_id", a->proximity_domain_id, text,
	      NOTE_TEXT,
	      a->proximity_flags & HVPART_PROXIMITY_FLAG_INFO_VALID ? "" :
	      "ignored: INFO_VALID is clear");

	hvctl_bit_names(a->proximity_flags, hvctl_proximity_flag_names,
			hvctl_proximity_flag_count, names, sizeof(names));
	snprintf(text, sizeof(text), "0x%08x", a->proximity_flags);
	field(AMD64_OFFSET(proximity_domain_info.flags),
	      sizeof(a->proximity_flags), "proximity_domain_info.flags",
	      a->proximity_flags, text, NOTE_NAMES, names);

	compat = hvc_name_of(hvc_compat_version_names, hvc_compat_version_count,
			     a->compatibility_version);
	snprintf(text, sizeof(text), "0x%04x", a->compatibility_version);
	field(AMD64_OFFSET(compatibility_version),
	      sizeof(a->compatibility_version), "compatibility_version",
	      a->compatibility_version, text, NOTE_NAME,
	      compat ? compat : "unknown");

	snprintf(text, sizeof(text), "0x%08x", a->padding);
	field(AMD64_OFFSET(padding), sizeof(a->padding), "padding",
	      a->padding, text, NOTE_NONE, NULL);

	/* Feature bits by the names of the page's layout: x64 or ARM64. */
	hvctl_feature_names(l, 0, a->disabled_processor_features[0], names,
			    sizeof(names));
	field_u64(AMD64_OFFSET(disabled_processor_features[0]),
		  "disabled_processor_features[0]",
		  a->disabled_processor_features[0], NOTE_NAMES, names);
	hvctl_feature_names(l, 1, a->disabled_processor_features[1], names,
			    sizeof(names));
	field_u64(AMD64_OFFSET(disabled_processor_features[1]),
		  "disabled_processor_features[1]",
		  a->disabled_processor_features[1], NOTE_NAMES, names);
	if (l == HVC_LAYOUT_AMD64) {
		hvctl_feature_names(l, HVC_BANK_XSAVE,
				    a->disabled_processor_xsave_features,
				    names, sizeof(names));
		field_u64(AMD64_OFFSET(disabled_processor_xsave_features),
			  "disabled_processor_xsave_features",
			  a->disabled_processor_xsave_features, NOTE_NAMES,
			  names);
	}
	field_u64(l == HVC_LAYOUT_AMD64 ? AMD64_OFFSET(reserved_z0) :
		  ARM64_OFFSET(reserved_z0), "reserved_z0",
		  a->reserved_z0, NOTE_NONE, NULL);
	print_close_array();

	print_u64(PRINT_JSON, "ignored_bytes", NULL,
		  len > size ? len - size : 0);
	if (len > size && !print_is_json())
		printf("ignored: %zu bytes past the %u-byte layout\n",
		       len - size, size);
}

/*
 * The codec's verdict: text 'verdict: STATUS[ (0xN): cause]'; JSON
 * "verdict" (the status's name), "status" (its number) and "cause" (null
 * for success).
 */
static void decode_verdict(const struct hvc_verdict *v, const char *cause)
{
	print_string(PRINT_ANY, "verdict", "verdict: %s",
		     hvc_status_name(v->status));
	print_u64(PRINT_JSON, "status", NULL, v->status);
	print_string(PRINT_JSON, "cause", NULL, cause);
	if (cause && !print_is_json())
		printf(" (0x%x): %s", v->status, cause);
	if (!print_is_json())
		putchar('\n');
}

static int decode_option(int c, const char *arg, void *ctx)
{
	enum hvc_layout *layout = ctx;

	(void)c;	/* OPT_LAYOUT, the only one */
	if (hvctl_parse_layout(arg, layout)) {
		hvctl_err("decode: unknown layout '%s' (want amd64 or arm64)",
			  arg);
		return HVCTL_EXIT_USAGE;
	}
	return 0;
}

static const struct hvctl_cmd_opts decode_opts = {
	.cmd = "decode",
	.json = true,
	.longs = decode_options,
	.args = decode_args,
	.min_args = 0,
	.max_args = 1,
	.usage = decode_usage,
	.option = decode_option,
};

int decode_main(int argc, char *argv[])
{
	enum hvc_layout layout = HVC_LAYOUT_NATIVE;
	struct hvc_create_args a;
	struct hvc_verdict v;
	struct hex_page *p;
	const char *path = "-";
	char cause[160];
	FILE *f = stdin;
	int ret;

	ret = hvctl_opts_parse(&decode_opts, argc, argv, &layout);
	if (ret != HVCTL_OPTS_GO_ON)
		return ret;
	if (optind < argc)
		path = argv[optind];

	p = calloc(1, sizeof(*p));
	if (!p) {
		hvctl_err("decode: %s", strerror(errno));
		return HVCTL_EXIT_SYSTEM;
	}
	if (strcmp(path, "-")) {
		f = fopen(path, "r");
		if (!f) {
			hvctl_err("decode: %s: %s", path, strerror(errno));
			free(p);
			return HVCTL_EXIT_SYSTEM;
		}
	}
	p->source = strcmp(path, "-") ? path : "stdin";
	ret = hex_read(f, p);
	if (f != stdin)
		fclose(f);
	if (ret >= 0)
		goto out;

	if (!hvc_create_decode(layout, p->bytes, (u32)p->len, &a)) {
		hvctl_err("decode: %s: page is %zu bytes, the %s layout needs %u",
			  p->source, p->len, hvc_layout_name(layout),
			  hvc_create_input_size(layout));
		ret = HVCTL_EXIT_USAGE;
		goto out;
	}
	print_open_object(NULL);
	decode_print(&a, p->len);
	if (hvc_create_validate(&a, hvctl_node_online, &v) ==
	    HVPART_STATUS_SUCCESS) {
		decode_verdict(&v, NULL);
		ret = HVCTL_EXIT_OK;
	} else {
		hvc_verdict_format(&v, cause, sizeof(cause));
		decode_verdict(&v, cause);
		ret = HVCTL_EXIT_FAILED;
	}
	print_close_object();
	if (hvctl_flush_stdout("decode"))
		ret = HVCTL_EXIT_SYSTEM;
out:
	free(p);
	return ret;
}
