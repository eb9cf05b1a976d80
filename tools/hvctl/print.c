// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: text and JSON output from the same calls; see print.h.
 */
#include "print.h"

/* Deeper than any output of hvctl: a partition in an array, in an array. */
#define PRINT_MAX_DEPTH		8

static struct {
	FILE *out;
	bool json;
	bool pretty;
	unsigned int depth;
	/* Nothing printed yet in the container open at this depth. */
	bool empty[PRINT_MAX_DEPTH + 1];
} pr;

static FILE *print_out(void)
{
	return pr.out ? pr.out : stdout;
}

/**
 * print_init() - choose the output
 * @out: where to print.
 * @json: JSON rather than text.
 * @pretty: indent the JSON.
 */
void print_init(FILE *out, bool json, bool pretty)
{
	pr.out = out;
	pr.json = json;
	pr.pretty = pretty;
	pr.depth = 0;
}

/**
 * print_is_json() - is the output JSON
 *
 * Return: true when print_init() chose JSON.
 */
bool print_is_json(void)
{
	return pr.json;
}

/*
 * The characters JSON escapes in two characters, by value ('\\' is the
 * highest); the other control characters take \u00XX.
 */
#define JSON_SHORT_ESCAPES	('\\' + 1)
static const char json_short_escapes[JSON_SHORT_ESCAPES][3] = {
	['"'] = "\\\"",
	['\\'] = "\\\\",
	['\b'] = "\\b",
	['\f'] = "\\f",
	['\n'] = "\\n",
	['\r'] = "\\r",
	['\t'] = "\\t",
};

/**
 * print_json_string() - print a string as a JSON string, quotes included
 * @out: where to print.
 * @s: the string.
 *
 * Escapes '"', '\\' and the control characters, U+0000 to U+001F and DEL.
 */
void print_json_string(FILE *out, const char *s)
{
	const unsigned char *p;

	/* Most strings need no escape: one write for the run before any. */
	for (p = (const unsigned char *)s;
	     *p >= 0x20 && *p != 0x7f && *p != '"' && *p != '\\'; p++)
		;
	putc_unlocked('"', out);
	fwrite(s, 1, (const char *)p - s, out);
	for (; *p; p++) {
		if (*p < JSON_SHORT_ESCAPES && json_short_escapes[*p][0])
			fputs(json_short_escapes[*p], out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			putc_unlocked(*p, out);
	}
	putc_unlocked('"', out);
}

/*
 * A number in decimal, without printf: a 100k-partition `hvctl -j list`
 * prints 1.4 million of them, and vfprintf() was a quarter of its time
 * (Documentation/performance.rst).
 */
static void json_number(FILE *out, unsigned long long value, bool negative)
{
	char buf[24], *p = buf + sizeof(buf);

	do {
		*--p = '0' + value % 10;
		value /= 10;
	} while (value);
	if (negative)
		*--p = '-';
	fwrite(p, 1, buf + sizeof(buf) - p, out);
}

static void print_indent(void)
{
	unsigned int i;

	fputc('\n', print_out());
	for (i = 0; i < pr.depth; i++)
		fputs("  ", print_out());
}

/* What goes before a value: a comma, the indentation, the key. */
static void json_begin(const char *key)
{
	FILE *out = print_out();

	if (pr.depth) {
		if (!pr.empty[pr.depth])
			putc_unlocked(',', out);
		if (pr.pretty)
			print_indent();
		pr.empty[pr.depth] = false;
	}
	if (key) {
		print_json_string(out, key);
		fputs(pr.pretty ? ": " : ":", out);
	}
}

/* After a value: the newline that ends a top-level one. */
static void json_end(void)
{
	if (!pr.depth)
		fputc('\n', print_out());
}

static void json_open(const char *key, char c)
{
	json_begin(key);
	fputc(c, print_out());
	if (pr.depth < PRINT_MAX_DEPTH)
		pr.depth++;
	pr.empty[pr.depth] = true;
}

static void json_close(char c)
{
	bool empty = pr.empty[pr.depth];

	if (pr.depth)
		pr.depth--;
	if (pr.pretty && !empty)
		print_indent();
	fputc(c, print_out());
	json_end();
}

/**
 * print_open_object() - open a JSON object
 * @key: its name in the enclosing object, NULL at the top or in an array.
 */
void print_open_object(const char *key)
{
	if (pr.json)
		json_open(key, '{');
}

/**
 * print_close_object() - close the JSON object print_open_object() opened
 */
void print_close_object(void)
{
	if (pr.json)
		json_close('}');
}

/**
 * print_open_array() - open a JSON array
 * @key: its name in the enclosing object, NULL at the top or in an array.
 */
void print_open_array(const char *key)
{
	if (pr.json)
		json_open(key, '[');
}

/**
 * print_close_array() - close the JSON array print_open_array() opened
 */
void print_close_array(void)
{
	if (pr.json)
		json_close(']');
}

/* Does a call of @type print in JSON; in text, does it print at all. */
static bool print_json_wants(enum print_type type, const char *fmt,
			     bool *text)
{
	*text = !pr.json && (type & PRINT_TEXT) && fmt;
	return pr.json && (type & PRINT_JSON);
}

/**
 * print_u64() - print an unsigned number
 * @type: PRINT_TEXT, PRINT_JSON or PRINT_ANY.
 * @key: the JSON member name; NULL in an array.
 * @fmt: the text format, which gets an unsigned long long; NULL for none.
 * @value: the number.
 */
void print_u64(enum print_type type, const char *key, const char *fmt,
	       u64 value)
{
	bool text;

	if (print_json_wants(type, fmt, &text)) {
		json_begin(key);
		json_number(print_out(), value, false);
		json_end();
	} else if (text) {
		fprintf(print_out(), fmt, (unsigned long long)value);
	}
}

/**
 * print_s64() - print a signed number
 * @type: PRINT_TEXT, PRINT_JSON or PRINT_ANY.
 * @key: the JSON member name; NULL in an array.
 * @fmt: the text format, which gets a long long; NULL for none.
 * @value: the number.
 */
void print_s64(enum print_type type, const char *key, const char *fmt,
	       long long value)
{
	bool text;

	if (print_json_wants(type, fmt, &text)) {
		json_begin(key);
		/* The magnitude, computed so that LLONG_MIN has one too. */
		json_number(print_out(),
			    value < 0 ? 0ULL - (unsigned long long)value :
					(unsigned long long)value, value < 0);
		json_end();
	} else if (text) {
		fprintf(print_out(), fmt, value);
	}
}

/**
 * print_string() - print a string
 * @type: PRINT_TEXT, PRINT_JSON or PRINT_ANY.
 * @key: the JSON member name; NULL in an array.
 * @fmt: the text format, which gets the string; NULL for none.
 * @value: the string; NULL is JSON null, and "-" in text.
 */
void print_string(enum print_type type, const char *key, const char *fmt,
		  const char *value)
{
	bool text;

	if (print_json_wants(type, fmt, &text)) {
		json_begin(key);
		if (value)
			print_json_string(print_out(), value);
		else
			fputs("null", print_out());
		json_end();
	} else if (text) {
		fprintf(print_out(), fmt, value ? value : "-");
	}
}

/**
 * print_bool() - print a truth value
 * @type: PRINT_TEXT, PRINT_JSON or PRINT_ANY.
 * @key: the JSON member name; NULL in an array.
 * @fmt: the text format, which gets "yes" or "no"; NULL for none.
 * @value: the value: true or false in JSON.
 */
void print_bool(enum print_type type, const char *key, const char *fmt,
		bool value)
{
	bool text;

	if (print_json_wants(type, fmt, &text)) {
		json_begin(key);
		fputs(value ? "true" : "false", print_out());
		json_end();
	} else if (text) {
		fprintf(print_out(), fmt, value ? "yes" : "no");
	}
}
