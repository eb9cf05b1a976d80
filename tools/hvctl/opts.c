// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: the one command-line parser of the commands.  Each command
 * describes what it takes (struct hvctl_cmd_opts) and handles only its
 * own options; -j, -p, --device, --help, the number of arguments and
 * their errors are worded here, the same way for every command.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "hvctl.h"
#include "print.h"

/* Values of the shared long options: past any char a command uses. */
enum {
	OPT_SHARED_DEVICE = 0x1000,
};

/* Room for a command's own long options and the shared ones. */
#define OPTS_MAX	32

static const struct option shared_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'p' },
	{ "device", required_argument, NULL, OPT_SHARED_DEVICE },
	{ "help", no_argument, NULL, 'h' },
};

/* The commands that print JSON, for the error that refuses -j. */
#define JSON_COMMANDS	"create, get-property, cpuid, list, show, monitor, decode"

/*
 * The command's long options, then the shared ones, in @all; false when
 * they do not fit (a bug in hvctl, caught by its tests).
 */
static bool opts_merge(const struct hvctl_cmd_opts *o, struct option *all)
{
	size_t n = 0, i;

	for (i = 0; o->longs && o->longs[i].name; i++) {
		if (n >= OPTS_MAX - ARRAY_SIZE(shared_options) - 1)
			return false;
		all[n++] = o->longs[i];
	}
	for (i = 0; i < ARRAY_SIZE(shared_options); i++)
		all[n++] = shared_options[i];
	memset(&all[n], 0, sizeof(all[n]));
	return true;
}

/* The arguments after the options: too few or too many is a usage error. */
static int opts_args(const struct hvctl_cmd_opts *o, int argc, char *argv[])
{
	int have = argc - optind;

	if (have < o->min_args) {
		hvctl_err("%s: missing %s (see hvctl help %s)", o->cmd,
			  o->args[have], o->cmd);
		return HVCTL_EXIT_USAGE;
	}
	if (have > o->max_args) {
		hvctl_err("%s: unexpected argument '%s'", o->cmd,
			  argv[optind + o->max_args]);
		return HVCTL_EXIT_USAGE;
	}
	return 0;
}

/**
 * hvctl_opts_parse() - parse a command's options and count its arguments
 * @o: what the command takes.
 * @argc: the command's argument count, its name included.
 * @argv: its arguments; argv[optind] is the first non-option on return.
 * @ctx: passed to @o->option.
 *
 * Every command takes -j/--json, -p/--pretty and --help after its name,
 * and --device PATH when it opens the device.  A command that prints no
 * JSON refuses -j, here or before the command, rather than ignore it.
 * On success print.c is set up for the output -j and -p chose.
 *
 * Return: HVCTL_OPTS_GO_ON to go on; otherwise the exit code the command
 * returns at once: HVCTL_EXIT_OK when --help printed the usage, or an
 * error's, with the error printed.
 */
int hvctl_opts_parse(const struct hvctl_cmd_opts *o, int argc, char *argv[],
		     void *ctx)
{
	struct option all[OPTS_MAX];
	char shorts[64];
	int c, ret;

	if (!opts_merge(o, all) ||
	    snprintf(shorts, sizeof(shorts), "%s:jph%s", o->in_order ? "+" : "",
		     o->shorts ? o->shorts : "") >= (int)sizeof(shorts)) {
		hvctl_err("%s: too many options (a bug in hvctl)", o->cmd);
		return HVCTL_EXIT_SYSTEM;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		switch (c) {
		case 'j':
			hvctl_json = true;
			break;
		case 'p':
			hvctl_pretty = true;
			break;
		case 'h':
			o->usage();
			return HVCTL_EXIT_OK;
		case OPT_SHARED_DEVICE:
			if (!o->device) {
				hvctl_err("%s: --device: %s does not open the device (see hvctl help %s)",
					  o->cmd, o->cmd, o->cmd);
				return HVCTL_EXIT_USAGE;
			}
			hvctl_device = optarg;
			break;
		case ':':
		case '?':
			return hvctl_getopt_error(o->cmd, c, argv);
		default:
			ret = o->option ? o->option(c, optarg, ctx) :
					  hvctl_getopt_error(o->cmd, '?', argv);
			if (ret)
				return ret;
		}
	}
	if ((hvctl_json || hvctl_pretty) && !o->json) {
		hvctl_err("%s: %s: %s prints no JSON (only %s do)", o->cmd,
			  hvctl_json ? "-j" : "-p", o->cmd, JSON_COMMANDS);
		return HVCTL_EXIT_USAGE;
	}
	if (!hvctl_json && hvctl_pretty) {
		hvctl_err("%s: -p indents JSON: use it with -j", o->cmd);
		return HVCTL_EXIT_USAGE;
	}
	ret = opts_args(o, argc, argv);
	if (ret)
		return ret;
	if (o->device && !*hvctl_device) {
		hvctl_err("%s: option '--device' needs a path", o->cmd);
		return HVCTL_EXIT_USAGE;
	}
	print_init(stdout, hvctl_json, hvctl_pretty);
	return HVCTL_OPTS_GO_ON;
}

/**
 * hvctl_opt_flag() - the @option of a command whose one option is a flag
 * @c: the option (the command's only one, so not looked at).
 * @arg: its argument: a flag has none.
 * @ctx: the command's bool for the flag, set here.
 *
 * --raw of cpuid and get-property.
 *
 * Return: 0.
 */
int hvctl_opt_flag(int c, const char *arg, void *ctx)
{
	bool *flag = ctx;

	(void)c;
	(void)arg;
	*flag = true;
	return 0;
}
