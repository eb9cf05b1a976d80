// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: the command-line tool of hvpart, the Hyper-V partition ABI on KVM.
 *
 *	hvctl [--device PATH] [-j|--json] [-p|--pretty] COMMAND [ARGS...]
 *
 * The command table below is the whole grammar; each command parses its
 * own options and prints its own help (hvctl help COMMAND).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hvctl.h"
#include "print.h"

static int help_main(int argc, char *argv[]);

static const struct {
	const char *name;
	int (*fn)(int argc, char *argv[]);
	const char *description;
} subcommands[] = {
	{ "create", create_main,
	  "Create a partition (HvCallCreatePartition) and print its id" },
	{ "init", init_main,
	  "Initialize a partition: its KVM VM (HvCallInitializePartition)" },
	{ "finalize", finalize_main,
	  "Finalize a partition, dropping its VM (HvCallFinalizePartition)" },
	{ "delete", delete_main,
	  "Delete a partition (HvCallDeletePartition)" },
	{ "get-property", get_property_main,
	  "Print a partition property (HvCallGetPartitionProperty)" },
	{ "set-property", set_property_main,
	  "Set a partition property (HvCallSetPartitionProperty)" },
	{ "cpuid", cpuid_main,
#ifdef HVCTL_ARM64
	  "Print the KVM vCPU init and ARM64 features of a partition" },
#else
	  "Print the CPUID a partition's vCPUs will see, by feature" },
#endif
	{ "list", list_main,
	  "List every partition (generic netlink dump)" },
	{ "show", show_main,
	  "Print one partition's attributes" },
	{ "monitor", monitor_main,
	  "Print partition events as they happen (--count N to stop)" },
	{ "decode", decode_main,
	  "Decode and check an HvCallCreatePartition input page in hex" },
	{ "help", help_main,
	  "Show this help, or a command's: hvctl help COMMAND" },
};

#define SUBCOMMAND_COUNT	ARRAY_SIZE(subcommands)

static void show_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [--device PATH] [-j [-p]] COMMAND [ARGS...]\n"
		"       %s -V|--version\n\n", PROG_NAME, PROG_NAME);
	fputs("Issue Hyper-V partition hypercalls through /dev/hvpart (the hvpart module);\n"
	      "list, show and monitor read its generic netlink family \"hvpart\".\n\n"
	      "Commands:\n", f);
	for (i = 0; i < SUBCOMMAND_COUNT; i++)
		fprintf(f, "  %-13s %s\n", subcommands[i].name,
			subcommands[i].description);
	fputs("\nGlobal options:\n"
	      "  --device PATH  the hvpart device (default " HVCTL_DEFAULT_DEVICE ");\n"
	      "                 the commands that use it also take it after their name\n"
	      "  -j, --json     JSON output with stable keys, for every command that\n"
	      "                 prints (create, get-property, cpuid, list, show,\n"
	      "                 monitor, decode); also taken after the command's name.\n"
	      "                 The others (init, finalize, delete, set-property, help)\n"
	      "                 print nothing to format and refuse it\n"
	      "  -p, --pretty   with -j, indent the JSON\n"
	      "  -V, --version  hvctl's version and the loaded module's\n"
	      "  -h, --help     this help; 'hvctl COMMAND --help' for a command's\n"
	      "\nNumbers are decimal or 0x-prefixed hexadecimal.  A partition ID is a\n"
	      "number or 'self' (HV_PARTITION_ID_SELF).\n"
	      "\nLifecycle: create -> init -> finalize -> delete; a partition that was\n"
	      "never initialized can be deleted at once.  Early properties\n"
	      "(set-property) can be set only before init.\n"
	      "\nExit status:\n"
	      "  0  success\n"
	      "  1  the call returned a failure HV_STATUS, decode found the page invalid,\n"
	      "     show found no such partition, or init could not open /dev/kvm\n"
	      "  2  usage error: bad command, option or argument; malformed or short hex input\n"
	      "  3  the device or the netlink family is missing, or the device is not\n"
	      "     accessible: the message says what to do\n"
	      "  4  any other system error (including an ioctl that was not dispatched)\n",
	      f);
}

static int find_subcommand(const char *name)
{
	size_t i;

	for (i = 0; i < SUBCOMMAND_COUNT; i++)
		if (!strcmp(name, subcommands[i].name))
			return (int)i;
	return -1;
}

/*
 * The module's version from sysfs, as MODULE_VERSION set it; NULL
 * without the module, "unknown" for a module built without a version.
 */
static const char *module_version(char *buf, size_t len)
{
	FILE *f;

	if (access(HVCTL_MODULE_DIR, F_OK))
		return NULL;
	f = fopen(HVCTL_MODULE_VERSION, "re");
	if (!f || !fgets(buf, (int)len, f))
		snprintf(buf, len, "unknown");
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* -V: text 'hvctl VERSION' and 'module: VERSION|not loaded'; or JSON. */
static int show_version(void)
{
	const char *module;
	char buf[64];

	module = module_version(buf, sizeof(buf));
	print_init(stdout, hvctl_json, hvctl_pretty);
	print_open_object(NULL);
	print_string(PRINT_ANY, "hvctl", PROG_NAME " %s\n", HVPART_VERSION);
	/* JSON null: no module loaded. */
	print_string(PRINT_JSON, "module", NULL, module);
	print_string(PRINT_TEXT, NULL, "module: %s\n",
		     module ? module : "not loaded");
	print_close_object();
	return hvctl_flush_stdout("--version");
}

static int help_main(int argc, char *argv[])
{
	char help_opt[] = "--help";
	char *sub_argv[3];
	int i;

	if (hvctl_json) {
		hvctl_err("help: -j: help prints no JSON (see hvctl help)");
		return HVCTL_EXIT_USAGE;
	}
	if (argc > 1 && !strcmp(argv[1], "--help"))
		argc = 1;
	if (argc == 1) {
		show_usage(stdout);
		return HVCTL_EXIT_OK;
	}
	if (argc > 2) {
		hvctl_err("help: unexpected argument '%s'", argv[2]);
		return HVCTL_EXIT_USAGE;
	}
	i = find_subcommand(argv[1]);
	if (i < 0) {
		hvctl_err("help: unknown command '%s' (see hvctl help)",
			  argv[1]);
		return HVCTL_EXIT_USAGE;
	}
	if (subcommands[i].fn == help_main) {
		show_usage(stdout);
		return HVCTL_EXIT_OK;
	}
	sub_argv[0] = argv[1];
	sub_argv[1] = help_opt;
	sub_argv[2] = NULL;
	return subcommands[i].fn(2, sub_argv);
}

/* -j, --json, -p, --pretty, or both letters at once: true when @arg is one. */
static bool global_output_option(const char *arg)
{
	bool json = false, pretty = false;
	const char *c;

	if (!strcmp(arg, "--json")) {
		json = true;
	} else if (!strcmp(arg, "--pretty")) {
		pretty = true;
	} else {
		if (arg[0] != '-' || !arg[1])
			return false;
		for (c = arg + 1; *c; c++) {
			if (*c == 'j')
				json = true;
			else if (*c == 'p')
				pretty = true;
			else
				return false;
		}
	}
	hvctl_json |= json;
	hvctl_pretty |= pretty;
	return true;
}

int main(int argc, char *argv[])
{
	int i, cmd;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			show_usage(stdout);
			return HVCTL_EXIT_OK;
		}
		if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			/* -j before -V chooses JSON: read the rest first. */
			while (++i < argc && global_output_option(argv[i]))
				;
			if (i < argc) {
				hvctl_err("--version: unexpected argument '%s'",
					  argv[i]);
				return HVCTL_EXIT_USAGE;
			}
			return show_version();
		}
		if (global_output_option(argv[i]))
			continue;
		if (!strncmp(argv[i], "--device=", 9)) {
			hvctl_device = argv[i] + 9;
			continue;
		}
		if (strcmp(argv[i], "--device")) {
			hvctl_err("unknown option '%s' (see hvctl help)",
				  argv[i]);
			return HVCTL_EXIT_USAGE;
		}
		if (i + 1 >= argc) {
			hvctl_err("option '--device' needs an argument");
			return HVCTL_EXIT_USAGE;
		}
		hvctl_device = argv[++i];
	}
	if (!*hvctl_device) {
		hvctl_err("option '--device' needs a path");
		return HVCTL_EXIT_USAGE;
	}
	if (i >= argc) {
		hvctl_err("no command given (see hvctl help)");
		return HVCTL_EXIT_USAGE;
	}
	cmd = find_subcommand(argv[i]);
	if (cmd < 0) {
		hvctl_err("unknown command '%s' (see hvctl help)", argv[i]);
		return HVCTL_EXIT_USAGE;
	}
	return subcommands[cmd].fn(argc - i, argv + i);
}
