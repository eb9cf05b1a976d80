/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvctl's one print path, after iproute2's json_print: each value is
 * printed by one call that writes text or JSON, whichever the output is.
 *
 * The PRINT_* type of a call says in which outputs it shows: PRINT_TEXT
 * only in text, PRINT_JSON only in JSON, PRINT_ANY in both.  In text the
 * value goes through the call's printf format (none: nothing printed); in
 * JSON it becomes a member named by the key, or an element when the key
 * is NULL (in an array).  Objects and arrays exist in JSON only.
 *
 * JSON numbers are printed exactly, as C prints them: a u64 may exceed
 * 2^53, which some parsers (JavaScript's) cannot hold exactly.  Strings
 * are escaped as RFC 8259 asks; bytes from 0x80 up pass through, so they
 * must be UTF-8.  Compact JSON is one line; pretty JSON indents by two.
 * A newline follows each top-level value.
 *
 * print.c depends on nothing else in hvctl, so tests/hvctl/ can build it
 * on its own.
 */
#ifndef HVCTL_PRINT_H
#define HVCTL_PRINT_H

#include <stdio.h>

#include "hvpart_shim.h"

enum print_type {
	PRINT_TEXT = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};

void print_init(FILE *out, bool json, bool pretty);
bool print_is_json(void);

void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);

/* Text: the format gets an unsigned long long, or a long long for s64. */
void print_u64(enum print_type type, const char *key, const char *fmt,
	       u64 value);
void print_s64(enum print_type type, const char *key, const char *fmt,
	       long long value);
void print_string(enum print_type type, const char *key, const char *fmt,
		  const char *value);
/* Text: the format gets "yes" or "no" for its %s. */
void print_bool(enum print_type type, const char *key, const char *fmt,
		bool value);

void print_json_string(FILE *out, const char *s);

#endif /* HVCTL_PRINT_H */
