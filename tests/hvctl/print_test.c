// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of hvctl's printer (tools/hvctl/print.c): JSON string
 * escaping, compact and pretty JSON, and text from the same calls.
 * decode_test.sh builds it with print.c alone, and runs it.
 * Prints "ok - NAME" or "not ok - NAME" per case; exits 1 when one failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"

static int failed;

static void expect(const char *name, char *got, const char *want)
{
	if (!strcmp(got, want)) {
		printf("ok - %s\n", name);
	} else {
		printf("not ok - %s\n#   got:  '%s'\n#   want: '%s'\n", name, got,
		       want);
		failed++;
	}
	free(got);
}

/* The calls of a small partition-like object, in any output. */
static void sample(void)
{
	print_open_object(NULL);
	print_u64(PRINT_ANY, "id", "id %llu", 7);
	print_string(PRINT_ANY, "state", " state %s", "created");
	print_open_array("banks");
	print_u64(PRINT_JSON, NULL, NULL, 18446744073709551615ULL);
	print_u64(PRINT_JSON, NULL, NULL, 0);
	print_close_array();
	print_open_array("none");
	print_close_array();
	print_s64(PRINT_ANY, "node", " node %lld", -1);
	print_bool(PRINT_ANY, "vm", " vm %s", true);
	print_string(PRINT_TEXT, NULL, " text-only %s", "x");
	print_string(PRINT_JSON, "null", NULL, NULL);
	print_close_object();
}

static char *run(bool json, bool pretty, void (*fn)(void))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		perror("open_memstream");
		exit(2);
	}
	print_init(f, json, pretty);
	fn();
	fclose(f);
	return buf;
}

static const char *escape_input;

static void escape(void)
{
	print_open_array(NULL);
	print_string(PRINT_JSON, NULL, NULL, escape_input);
	print_close_array();
}

static void two_events(void)
{
	print_open_object(NULL);
	print_string(PRINT_JSON, "event", NULL, "create");
	print_close_object();
	print_open_object(NULL);
	print_string(PRINT_JSON, "event", NULL, "delete");
	print_close_object();
}

static void empty_array(void)
{
	print_open_array(NULL);
	print_close_array();
}

int main(void)
{
	expect("compact JSON", run(true, false, sample),
	       "{\"id\":7,\"state\":\"created\",\"banks\":[18446744073709551615,0],\"none\":[],\"node\":-1,\"vm\":true,\"null\":null}\n");
	expect("pretty JSON", run(true, true, sample),
	       "{\n"
	       "  \"id\": 7,\n"
	       "  \"state\": \"created\",\n"
	       "  \"banks\": [\n"
	       "    18446744073709551615,\n"
	       "    0\n"
	       "  ],\n"
	       "  \"none\": [],\n"
	       "  \"node\": -1,\n"
	       "  \"vm\": true,\n"
	       "  \"null\": null\n"
	       "}\n");
	expect("text from the same calls", run(false, false, sample),
	       "id 7 state created node -1 vm yes text-only x");
	expect("one object per line", run(true, false, two_events),
	       "{\"event\":\"create\"}\n{\"event\":\"delete\"}\n");
	expect("empty array", run(true, true, empty_array), "[]\n");

	escape_input = "quote\" backslash\\ slash/";
	expect("escape quote and backslash", run(true, false, escape),
	       "[\"quote\\\" backslash\\\\ slash/\"]\n");
	escape_input = "\b\f\n\r\t";
	expect("escape named controls", run(true, false, escape),
	       "[\"\\b\\f\\n\\r\\t\"]\n");
	escape_input = "\x01\x1f\x7f";
	expect("escape other controls", run(true, false, escape),
	       "[\"\\u0001\\u001f\\u007f\"]\n");
	escape_input = "caf\xc3\xa9 \xe2\x82\xac";
	expect("UTF-8 passes through", run(true, false, escape),
	       "[\"caf\xc3\xa9 \xe2\x82\xac\"]\n");
	escape_input = "";
	expect("empty string", run(true, false, escape), "[\"\"]\n");

	return failed ? 1 : 0;
}
