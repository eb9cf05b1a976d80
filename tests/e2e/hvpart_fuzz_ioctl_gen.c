// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_fuzz_ioctl: the PRNG, the arena of pages with known protections,
 * the addresses buffers and argument structs are put at, and the inputs
 * (create layouts, property codes and values).
 */
#include "hvpart_fuzz_ioctl.h"

/* ---- the PRNG ----------------------------------------------------------- */

u64 rng;

/* splitmix64: one 64-bit state, good enough and fully reproducible. */
u64 rnd(void)
{
	u64 z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u64 below(u64 n)
{
	return n ? rnd() % n : 0;
}

/* True with probability @pm per mille. */
bool chance(unsigned int pm)
{
	return below(1000) < pm;
}

/* An index into @w, drawn with the weights in @w. */
unsigned int pick(const unsigned int *w, unsigned int n)
{
	unsigned int i, sum = 0;
	u64 r;

	for (i = 0; i < n; i++)
		sum += w[i];
	r = below(sum);
	for (i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

const enum page data_pages[NDATA_PAGES] = { PG_A, PG_B, PG_RO, PG_E };

size_t pagesz;
u8 *arena;
int page_prot[NPAGES];
u8 *snap;	/* copies of the data pages */

u8 *page_at(enum page p)
{
	return arena + p * pagesz;
}

u64 addr_of(enum page p, size_t off)
{
	return (u64)(uintptr_t)(page_at(p) + off);
}

/* Whether [addr, addr + len) is all readable (and writable if @write). */
bool mem_ok(u64 addr, u64 len, bool write)
{
	u64 base = (u64)(uintptr_t)arena, end = base + NPAGES * pagesz, a;
	int prot;

	if (!len)
		return true;
	if (addr < base || addr >= end || len > end - addr)
		return false;
	for (a = addr; a < addr + len; a = (a - base) / pagesz * pagesz + base + pagesz) {
		prot = page_prot[(a - base) / pagesz];
		if (!(prot & PROT_READ) || (write && !(prot & PROT_WRITE)))
			return false;
	}
	return true;
}

void set_prot(enum page p, int prot)
{
	if (mprotect(page_at(p), pagesz, prot)) {
		perror("mprotect");
		exit(2);
	}
}

/*
 * Write @len bytes at @addr wherever they land in a readable page of the
 * arena (read-only pages too, through mprotect); bytes that land anywhere
 * else are dropped, as the kernel could not read them either.
 */
void mem_put(u64 addr, const void *src, size_t len)
{
	u64 base = (u64)(uintptr_t)arena, end = base + NPAGES * pagesz;
	const u8 *s = src;
	size_t i;

	for (i = 0; i < len; i++) {
		u64 a = addr + i;
		enum page p;

		if (a < addr || a < base || a >= end)
			continue;
		p = (a - base) / pagesz;
		if (!(page_prot[p] & PROT_READ))
			continue;
		if (!(page_prot[p] & PROT_WRITE))
			set_prot(p, PROT_READ | PROT_WRITE);
		*(u8 *)(uintptr_t)a = s[i];
		if (!(page_prot[p] & PROT_WRITE))
			set_prot(p, page_prot[p]);
	}
}

/* Read what is readable of [addr, addr + len); the rest reads as 0. */
void mem_get(u64 addr, void *dst, size_t len)
{
	u8 *d = dst;
	size_t i;

	for (i = 0; i < len; i++)
		d[i] = mem_ok(addr + i, 1, false) ? *(u8 *)(uintptr_t)(addr + i) : 0;
}

void snapshot(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(data_pages); i++)
		memcpy(snap + i * pagesz, page_at(data_pages[i]), pagesz);
}

/* Patch the snapshot where a write is expected: @len bytes at @addr. */
void snap_expect(u64 addr, const void *src, size_t len)
{
	unsigned int i;
	size_t k;

	for (k = 0; k < len; k++) {
		for (i = 0; i < ARRAY_SIZE(data_pages); i++) {
			u64 b = addr_of(data_pages[i], 0);

			if (addr + k >= b && addr + k < b + pagesz)
				snap[i * pagesz + (addr + k - b)] = ((const u8 *)src)[k];
		}
	}
}

/* The first data byte that differs from the snapshot, or NULL. */
const u8 *snap_differs(void)
{
	unsigned int i;
	size_t k;

	for (i = 0; i < ARRAY_SIZE(data_pages); i++) {
		const u8 *p = page_at(data_pages[i]);

		if (!memcmp(snap + i * pagesz, p, pagesz))
			continue;
		for (k = 0; k < pagesz; k++)
			if (snap[i * pagesz + k] != p[k])
				return p + k;
	}
	return NULL;
}

const char *const pk_names[NPK] = {
	"good", "misaligned", "crossing-rw", "crossing-none", "null", "prot-none",
	"read-only", "unmapped", "low", "kernel", "near-other", "wild", "top",
};

static const u64 kernel_addrs[] = {
	0xffff888000000000ULL, 0xffffffff81000000ULL, 0xffffc90000000000ULL,
	0xfffffe0000000000ULL, 0x8000000000000000ULL, 0x0000800000000000ULL,
};

/* An address of kind @k for a buffer of @len bytes; @other for PK_NEAR. */
u64 buf_addr(enum ptr_kind k, u32 len, u64 other)
{
	static const enum page rw[] = { PG_A, PG_B, PG_E };
	u32 room = len < HVPAGE ? HVPAGE - (len < 8 ? 8 : len) : 0;
	size_t sub = HVPAGE * below(pagesz / HVPAGE);
	u64 k8 = 8 * below(room / 8 + 1);

	switch (k) {
	case PK_GOOD:
		return addr_of(rw[below(3)], sub + k8);
	case PK_MISALIGNED:
		return addr_of(rw[below(3)], sub + k8) + 1 + below(7);
	case PK_CROSS_RW:
		return addr_of(PG_B, 0) - 1 - below(len > 1 ? len - 1 : 8);
	case PK_CROSS_NONE:
		return addr_of(chance(500) ? PG_NONE : PG_HOLE, 0) -
		       1 - below(len > 1 ? len - 1 : 8);
	case PK_NULL:
		return 0;
	case PK_NONE:
		return addr_of(PG_NONE, sub + k8);
	case PK_RO:
		return addr_of(PG_RO, sub + k8);
	case PK_HOLE:
		return addr_of(PG_HOLE, sub + k8);
	case PK_LOW:
		return 0x1000 + 8 * below(0x6000 / 8);
	case PK_KERNEL:
		return kernel_addrs[below(ARRAY_SIZE(kernel_addrs))] + 8 * below(512);
	case PK_NEAR:
		return other + 8 * below(17) - 64 + (chance(200) ? below(8) : 0);
	case PK_WILD:
		return rnd() | 0x8000000000000000ULL;
	default:
		return 0 - 8 * (1 + below(8));
	}
}

/* Where an argument struct of @size bytes goes. */
u64 struct_addr(enum ptr_kind k, u32 size)
{
	switch (k) {
	case PK_GOOD:
		return addr_of(PG_S, below(pagesz - size));
	case PK_CROSS_NONE:
		return addr_of(PG_SNONE, 0) - 1 - below(size - 1);
	case PK_NULL:
		return 0;
	case PK_NONE:
		return addr_of(PG_SNONE, 8 * below(64));
	case PK_RO:
		return addr_of(PG_SRO, below(pagesz - size));
	case PK_HOLE:
		return addr_of(PG_HOLE, 8 * below(64));
	case PK_LOW:
		return 0x1000 + 8 * below(0x6000 / 8);
	case PK_KERNEL:
		return kernel_addrs[below(ARRAY_SIZE(kernel_addrs))] + 8 * below(512);
	default:
		return rnd() | 0x8000000000000000ULL;
	}
}

/* A struct placement: mostly good, else one that cannot be copied both ways. */
enum ptr_kind struct_kind(unsigned int bad_pm)
{
	static const enum ptr_kind bad[] = {
		PK_NULL, PK_NONE, PK_RO, PK_RO, PK_HOLE, PK_LOW, PK_KERNEL,
		PK_CROSS_NONE, PK_CROSS_NONE, PK_WILD,
	};

	if (!chance(bad_pm))
		return PK_GOOD;
	return bad[below(ARRAY_SIZE(bad))];
}

/* ---- inputs ----------------------------------------------------------------- */

static const u32 compat_versions[] = {
	HVPART_COMPATIBILITY_19H1, HVPART_COMPATIBILITY_20H1, HVPART_COMPATIBILITY_21H1,
	HVPART_COMPATIBILITY_21H2, HVPART_COMPATIBILITY_PRERELEASE, HVPART_COMPATIBILITY_EXPERIMENT,
};

u32 pick_prop(void)
{
	static const u32 codes[] = {
		P_VENDOR, P_XSAVE, P_COMPAT, P_FEAT0, P_FEAT1, P_COMPAT, P_VENDOR,
		P_SYNTH, P_PAWIDTH, P_SYNTH, 0x00010000,
		0, 0x00060001, 0x00060003, 0x0006000c, 0x00050000, 0xffffffff,
	};

	if (chance(80))
		return (u32)rnd();
	return codes[below(ARRAY_SIZE(codes))];
}

u64 pick_value(void)
{
	switch (below(5)) {
	case 0:
		return 0;
	case 1:
		return ~0ULL;
	case 2:
		return 1ULL << below(64);
	default:
		return rnd();
	}
}

/* A create input: well-formed, often with one field made wrong. */
void gen_create(enum hvc_layout layout, void *buf, const char **what)
{
	static const char *const corrupt[] = {
		"undefined flag", "reserved proximity flag", "domain > 63",
		"required offline node", "bad compat version", "padding",
		"reserved_z0", "nested", "random flags",
	};
	struct hvc_create_args a;
	unsigned int i, c;
	u32 d;

	memset(&a, 0, sizeof(a));
	a.layout = layout;
	for (i = 0; i < hvc_creation_flag_count; i++)
		if (hvc_creation_flag_names[i].value !=
		    HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE_BIT &&
		    chance(200))
			a.flags |= 1ULL << hvc_creation_flag_names[i].value;
	switch (below(10)) {
	case 0:
		a.proximity_flags = HVPART_PROXIMITY_FLAG_INFO_VALID;
		a.proximity_domain_id = 0;
		break;
	case 1:
		a.proximity_flags = HVPART_PROXIMITY_FLAG_INFO_VALID |
				    HVPART_PROXIMITY_FLAG_PREFERRED;
		a.proximity_domain_id = below(HVPART_PROXIMITY_DOMAIN_MAX + 1);
		break;
	case 2:
		a.proximity_flags = chance(500) ? HVPART_PROXIMITY_FLAG_PREFERRED : 0;
		a.proximity_domain_id = (u32)rnd();
		break;
	default:
		break;
	}
	a.compatibility_version = compat_versions[below(ARRAY_SIZE(compat_versions))];
	for (i = 0; i < 2; i++)
		if (chance(400))
			a.disabled_processor_features[i] = rnd();
	if (layout == HVC_LAYOUT_AMD64 && chance(400))
		a.disabled_processor_xsave_features = rnd();
	*what = "well-formed";
	if (chance(450)) {
		c = below(ARRAY_SIZE(corrupt));
		*what = corrupt[c];
		switch (c) {
		case 0:
			do {
				i = below(64);
			} while (HVPART_PARTITION_CREATION_FLAGS_VALID_MASK & (1ULL << i));
			a.flags |= 1ULL << i;
			break;
		case 1:
			a.proximity_flags |= 1U << (1 + below(30));
			break;
		case 2:
			a.proximity_flags |= HVPART_PROXIMITY_FLAG_INFO_VALID;
			a.proximity_domain_id = chance(500) ? 64 + below(1000) : (u32)rnd() | 64;
			break;
		case 3:
			d = 1 + below(HVPART_PROXIMITY_DOMAIN_MAX);
			a.proximity_flags = HVPART_PROXIMITY_FLAG_INFO_VALID;
			a.proximity_domain_id = d;
			break;
		case 4:
			a.compatibility_version = chance(500) ? (u32)rnd() :
				a.compatibility_version + (chance(500) ? 1 : -1);
			break;
		case 5:
			a.padding = (u32)rnd() | 1;
			break;
		case 6:
			a.reserved_z0 = 1ULL << below(64);
			break;
		case 7:
			a.flags |= F_NESTED;
			break;
		default:
			a.flags = rnd();
			break;
		}
	}
	hvc_create_encode(&a, buf, hvc_create_input_size(layout));
}

/* Up to 64 bytes of input page for call @code. */
void gen_input(u16 code, u8 *buf, const char **what)
{
	struct hvpart_input_set_partition_property sp;
	unsigned int i;

	for (i = 0; i < 64; i += 8) {
		u64 r = rnd();

		memcpy(buf + i, &r, 8);
	}
	*what = "random bytes";
	if (chance(80))
		return;
	switch (code) {
	case HVPART_CALL_CREATE_PARTITION:
		gen_create(HVC_LAYOUT_NATIVE, buf, what);
		return;
	case HVPART_CALL_INITIALIZE_PARTITION:
	case HVPART_CALL_FINALIZE_PARTITION:
	case HVPART_CALL_DELETE_PARTITION:
	case HVPART_CALL_GET_PARTITION_PROPERTY:
	case HVPART_CALL_SET_PARTITION_PROPERTY:
		sp.partition_id = pick_id();
		sp.property_code = pick_prop();
		sp.padding = chance(60) ? (u32)rnd() | 1 : 0;
		sp.property_value = pick_value();
		memcpy(buf, &sp, sizeof(sp));
		*what = "id";
		return;
	case HVPART_CALL_DEPOSIT_MEMORY:
		/* An id, then page numbers: most of them pages, some not. */
		sp.partition_id = pick_id();
		memcpy(buf, &sp.partition_id, 8);
		for (i = 8; i < 64; i += 8) {
			u64 page = chance(50) ? POOL_PAGE_LIMIT + below(1000) :
				   rnd() % POOL_PAGE_LIMIT;

			memcpy(buf + i, &page, 8);
		}
		*what = "id and pages";
		return;
	case HVPART_CALL_WITHDRAW_MEMORY:
		sp.partition_id = pick_id();
		sp.property_code = 0;
		/* The proximity flags: reserved bits now and then. */
		sp.padding = chance(100) ? 1U << (1 + below(30)) : 0;
		memcpy(buf, &sp, 16);
		*what = "id";
		return;
	}
}
