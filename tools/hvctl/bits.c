// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: the names of bits, both ways: a value's set bits as names
 * (feature banks, synthetic features, flag tables) and a name as its bank
 * and bit, for the commands that print or parse them.
 */
#include <stdio.h>
#include <string.h>

#include "hvctl.h"
#include "print.h"

/*
 * The names of the set bits of @value, comma-separated, in bit order, from
 * @name_of; bits without a name as HVCTL_UNNAMED_BIT.
 */
static void hvctl_set_bit_names(u64 value,
				const char *(*name_of)(const void *ctx,
						       unsigned int bit),
				const void *ctx, char *buf, size_t len)
{
	const char *name;
	unsigned int bit;
	size_t off = 0;
	int n;

	buf[0] = '\0';
	for (bit = 0; bit < 64 && off < len; bit++) {
		if (!(value & (1ULL << bit)))
			continue;
		if (off)
			buf[off++] = ',';
		if (off >= len) {
			buf[len - 1] = '\0';
			break;
		}
		name = name_of(ctx, bit);
		if (name)
			n = snprintf(buf + off, len - off, "%s", name);
		else
			n = snprintf(buf + off, len - off, HVCTL_UNNAMED_BIT,
				     bit);
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

struct hvctl_feature_bank {
	enum hvc_layout layout;
	unsigned int bank;
};

static const char *hvctl_feature_name_of(const void *ctx, unsigned int bit)
{
	const struct hvctl_feature_bank *fb = ctx;

	return hvc_feature_name(fb->layout, fb->bank, bit);
}

struct hvctl_name_table {
	const struct hvc_name *names;
	unsigned int count;
};

static const char *hvctl_table_name_of(const void *ctx, unsigned int bit)
{
	const struct hvctl_name_table *t = ctx;

	return hvc_name_of(t->names, t->count, bit);
}

/**
 * hvctl_feature_names() - the names of the set bits of a feature bank
 * @layout: whose names: AMD64 (x64) or ARM64.
 * @bank: 0, 1 or HVC_BANK_XSAVE.
 * @value: the bank.
 * @buf: where to write them, comma-separated, in bit order, bits without a
 *	name in @layout as "bitN"; "" when no bit is set.
 * @len: size of @buf.
 */
void hvctl_feature_names(enum hvc_layout layout, unsigned int bank,
			 u64 value, char *buf, size_t len)
{
	const struct hvctl_feature_bank fb = { layout, bank };

	hvctl_set_bit_names(value, hvctl_feature_name_of, &fb, buf, len);
}

/* The synthetic feature table's name of a bit, NULL for none. */
static const char *hvctl_synthetic_name_of(const void *ctx, unsigned int bit)
{
	unsigned int i;

	(void)ctx;
	for (i = 0; i < hvc_synthetic_feature_count; i++)
		if (hvc_synthetic_features[i].bit == bit)
			return hvc_synthetic_features[i].name;
	return NULL;
}

/**
 * hvctl_synthetic_names() - the names of a synthetic feature value's bits
 * @value: HVPART_SYNTHETIC_* bits.
 * @buf: where to write them, comma-separated, in bit order, unnamed bits
 *	as "bitN"; "" when no bit is set.
 * @len: size of @buf.
 */
void hvctl_synthetic_names(u64 value, char *buf, size_t len)
{
	hvctl_set_bit_names(value, hvctl_synthetic_name_of, NULL, buf, len);
}

/**
 * hvctl_bit_names() - the names of the set bits of a value
 * @value: the value.
 * @names: names by bit number.
 * @count: entries in @names.
 * @buf: where to write them, comma-separated, bits without a name in
 *	@names as "bitN"; "" when no bit is set.
 * @len: size of @buf.
 */
void hvctl_bit_names(u64 value, const struct hvc_name *names,
		     unsigned int count, char *buf, size_t len)
{
	const struct hvctl_name_table t = { names, count };

	hvctl_set_bit_names(value, hvctl_table_name_of, &t, buf, len);
}

/**
 * hvctl_bits_named() - does every set bit of a value have a name
 * @value: the value.
 * @names: names by bit number.
 * @count: entries in @names.
 *
 * Return: true when @value has no bit that @names lacks.
 */
bool hvctl_bits_named(u64 value, const struct hvc_name *names,
		      unsigned int count)
{
	unsigned int bit;

	for (bit = 0; bit < 64; bit++)
		if (value & (1ULL << bit) && !hvc_name_of(names, count, bit))
			return false;
	return true;
}

/* The property of each feature bank, indexed by bank. */
static const u32 hvctl_bank_property[HVC_BANKS] = {
	HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES0,
	HVPART_PARTITION_PROPERTY_PROCESSOR_FEATURES1,
	HVPART_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES,
};

/**
 * hvctl_bank_name() - the property name of a feature bank
 * @bank: 0, 1 or HVC_BANK_XSAVE.
 *
 * Return: e.g. "PROCESSOR_FEATURES0"; NULL for another number.
 */
const char *hvctl_bank_name(unsigned int bank)
{
	if (bank >= HVC_BANKS)
		return NULL;
	return hvc_name_of(hvc_property_names, hvc_property_count,
			   hvctl_bank_property[bank]);
}

/**
 * hvctl_feature_lookup() - a feature by the name a user typed
 * @layout: whose names: AMD64 (x64) or ARM64, from lib's one table.
 * @tok: the name; any case, '-' same as '_'.
 * @bank: out: its bank.
 * @bit: out: its bit in the bank.
 *
 * Return: 0, or -1 when @layout has no feature of that name.
 */
int hvctl_feature_lookup(enum hvc_layout layout, const char *tok,
			 unsigned int *bank, unsigned int *bit)
{
	const char *name;
	unsigned int i;

	for (i = 0; hvc_feature_at(layout, i, bank, bit, &name); i++)
		if (hvctl_name_eq(tok, NULL, name))
			return 0;
	return -1;
}

/**
 * hvctl_print_names() - a comma-separated list of names as a JSON array
 * @key: the member name.
 * @names: e.g. what hvctl_bit_names() wrote; "" is an empty array.
 *
 * JSON only; nothing in text.
 */
void hvctl_print_names(const char *key, const char *names)
{
	char name[64];
	const char *p = names, *comma;
	size_t n;

	if (!print_is_json())
		return;
	print_open_array(key);
	while (*p) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		print_string(PRINT_JSON, NULL, NULL, name);
		p += n + !!comma;
	}
	print_close_array();
}
