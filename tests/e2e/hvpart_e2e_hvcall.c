// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_e2e: HVPART_HVCALL's checks in the order the kernel makes them:
 * transport errors, call codes, the control word, sizes, page placement
 * and unreadable or unwritable pages.
 */
#include "hvpart_e2e.h"

/* ---- a. transport errors: EFAULT / EINVAL, nothing dispatched ---------- */

void test_transport(void)
{
	struct hvpart_hvcall *hc;
	native_input p;
	struct outcome o;
	int ret;

	errno = 0;
	ret = ioctl(fd, HVPART_HVCALL, NULL);
	e2e_report(ret == -1 && errno == EFAULT, "hvcall: NULL argument -> EFAULT",
		   "ret %d errno %s", ret, e2e_errname(errno));

	errno = 0;
	ret = ioctl(fd, HVPART_HVCALL, none_page);
	e2e_report(ret == -1 && errno == EFAULT,
		   "hvcall: argument in a PROT_NONE page -> EFAULT",
		   "ret %d errno %s", ret, e2e_errname(errno));

	/*
	 * The struct's first 24 bytes readable (a good create), the rest in
	 * the PROT_NONE page: EFAULT, result untouched, no id consumed.
	 */
	default_input(&p);
	memcpy(in_page, &p, sizeof(p));
	hc = (struct hvpart_hvcall *)(in_page2 + pagesz - 24);
	hc->control = CTL_CREATE;
	hc->result = SENTINEL;
	hc->input = (u64)(uintptr_t)in_page;
	errno = 0;
	ret = ioctl(fd, HVPART_HVCALL, hc);
	e2e_report(ret == -1 && errno == EFAULT && hc->result == SENTINEL,
		   "hvcall: struct running into a PROT_NONE page -> EFAULT, result untouched",
		   "ret %d errno %s result 0x%" PRIx64, ret, e2e_errname(errno),
		   (u64)hc->result);

	/*
	 * A struct in a read-only page: it can be read, but the result
	 * cannot be written back, so nothing may run (EFAULT).
	 */
	default_input(&p);
	memcpy(in_page, &p, sizeof(p));
	{
		struct hvpart_hvcall ro = {
			.control = CTL_CREATE, .result = SENTINEL,
			.input = (u64)(uintptr_t)in_page,
			.output = (u64)(uintptr_t)out_page,
			.input_size = NATIVE_SIZE, .output_size = 8,
		};

		ro_write(0, &ro, sizeof(ro));
		errno = 0;
		ret = ioctl(fd, HVPART_HVCALL, ro_page);
		e2e_report(ret == -1 && errno == EFAULT,
			   "hvcall: good create with the struct in a PROT_READ page -> EFAULT",
			   "ret %d errno %s", ret, e2e_errname(errno));
		check_next_id("a create whose result could not be written (nothing created)");
	}

	/* Sizes over 4096: EINVAL before anything else, even the call code. */
	default_input(&p);
	memcpy(in_page, &p, sizeof(p));
	o = hvcall(CTL_CREATE, in_page, HVPAGE + 1, out_page, 8);
	judge_create("hvcall: input_size 4097 -> EINVAL, not dispatched", &o,
		     &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(CTL_CREATE, in_page, NATIVE_SIZE, out_page, HVPAGE + 1);
	judge_create("hvcall: output_size 4097 -> EINVAL, not dispatched", &o,
		     &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(CTL_CREATE, in_page, 0xffffffffU, out_page, 8);
	judge_create("hvcall: input_size 0xffffffff -> EINVAL, not dispatched", &o,
		     &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(CTL_CREATE, in_page, NATIVE_SIZE, out_page, 0xffffffffU);
	judge_create("hvcall: output_size 0xffffffff -> EINVAL, not dispatched", &o,
		     &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(0x9999, in_page, HVPAGE + 1, out_page, 8);
	judge_create("hvcall: input_size 4097 with unknown call code -> EINVAL, not dispatched",
		     &o, &(struct expect)ERRNO(EINVAL), out_page);
	o = hvcall(CTL_CREATE | BIT64(31), in_page, NATIVE_SIZE, out_page, 8192);
	judge_create("hvcall: output_size 8192 with a reserved control bit -> EINVAL, not dispatched",
		     &o, &(struct expect)ERRNO(EINVAL), out_page);

	check_next_id("the transport errors");
}

/* ---- b. unknown call codes --------------------------------------------- */

void test_call_codes(void)
{
	/*
	 * 0x0040-0x0046, 0x0048 and 0x0049 are implemented; hvpart_lifecycle
	 * covers 0x0041-0x0046, hvpart_mshv_port 0x0048 and 0x0049.
	 * Everything around them stays unknown.
	 */
	static const u16 codes[] = { 0x0000, 0x0001, 0x0002, 0x003f, 0x0047,
				     0x004a, 0x004b, 0x0050, 0x0100, 0x0141,
				     0x4040, 0x4041, 0x4048, 0x9999, 0xffff };
	char name[128];
	native_input p;
	unsigned int i;

	default_input(&p);
	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		snprintf(name, sizeof(name),
			 "call code 0x%04x -> INVALID_HYPERCALL_CODE", codes[i]);
		create_case(name, codes[i], &p, STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	}
	create_case("call code 0x10040 (fast bit + unknown code 0) -> INVALID_HYPERCALL_CODE",
		    HVPART_HYPERCALL_FAST_BIT, &p,
		    STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));

	/* The call code is checked before the rest of the control word... */
	create_case("unknown code 0x9999 with the nested bit (31) -> INVALID_HYPERCALL_CODE",
		    0x9999 | BIT64(31), &p, STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	create_case("unknown code 0x9999 with rep count 1 -> INVALID_HYPERCALL_CODE",
		    0x9999 | BIT64(32), &p, STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	/* ...before the sizes, the placement and the buffers. */
	create_at("unknown code 0x9999, input 0 size 0 -> INVALID_HYPERCALL_CODE",
		  0x9999, NULL, 0, NULL, 0, STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	create_at("unknown code 0x9999, misaligned input -> INVALID_HYPERCALL_CODE",
		  0x9999, in_page + 4, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));
	create_at("unknown code 0x9999, input in a PROT_NONE page -> INVALID_HYPERCALL_CODE",
		  0x9999, none_page, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_CODE));

	check_next_id("unknown call codes");
}

/* ---- c. the control word ----------------------------------------------- */

void test_control(void)
{
	static const unsigned int rsvd_bits[] = { 27, 28, 29, 30, 31, 44, 45,
						  46, 47, 60, 61, 62, 63 };
	static const struct {
		const char *what;
		u64 bits;
	} fields[] = {
		{ "rep count 1", 1ULL << HVPART_HYPERCALL_REP_COMP_SHIFT },
		{ "rep count 0xfff", HVPART_HYPERCALL_REP_COMP_MASK },
		{ "rep start 1", 1ULL << HVPART_HYPERCALL_REP_START_SHIFT },
		{ "rep start 0xfff", HVPART_HYPERCALL_REP_START_MASK },
		{ "rep count 2 and rep start 1",
		  (2ULL << HVPART_HYPERCALL_REP_COMP_SHIFT) |
		  (1ULL << HVPART_HYPERCALL_REP_START_SHIFT) },
		{ "variable header size 1", 1ULL << HVPART_HYPERCALL_VARHEAD_SHIFT },
		{ "variable header size 0x3ff", HVPART_HYPERCALL_VARHEAD_MASK },
		{ "fast bit (CreatePartition is not fast-capable)",
		  HVPART_HYPERCALL_FAST_BIT },
	};
	char name[160];
	native_input p;
	unsigned int i;
	u64 id;

	default_input(&p);
	for (i = 0; i < ARRAY_SIZE(rsvd_bits); i++) {
		snprintf(name, sizeof(name),
			 "create with control bit %u (reserved) -> INVALID_HYPERCALL_INPUT",
			 rsvd_bits[i]);
		create_case(name, CTL_CREATE | BIT64(rsvd_bits[i]), &p,
			    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	create_case("create with every reserved control bit -> INVALID_HYPERCALL_INPUT",
		    CTL_CREATE | HVPART_HYPERCALL_RSVD_MASK, &p,
		    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		snprintf(name, sizeof(name),
			 "create with %s -> INVALID_HYPERCALL_INPUT", fields[i].what);
		create_case(name, CTL_CREATE | fields[i].bits, &p,
			    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}

	/* The control word is checked before the placement and the buffers. */
	create_at("create with fast bit and misaligned input -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE | HVPART_HYPERCALL_FAST_BIT, in_page + 4, NATIVE_SIZE,
		  out_page, 8, STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	create_at("create with the nested bit (31) and input in a PROT_NONE page -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE | BIT64(31), none_page, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));

	check_next_id("bad control words");

	/* DeletePartition: same rules, but the fast bit is accepted. */
	id = create_good("create a partition for the delete control-word cases");
	for (i = 0; i < ARRAY_SIZE(rsvd_bits); i += 4) {
		snprintf(name, sizeof(name),
			 "delete with control bit %u (reserved) -> INVALID_HYPERCALL_INPUT",
			 rsvd_bits[i]);
		delete_case(name, CTL_DELETE | BIT64(rsvd_bits[i]), id,
			    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	for (i = 0; i < ARRAY_SIZE(fields) - 1; i++) {
		snprintf(name, sizeof(name),
			 "delete with %s -> INVALID_HYPERCALL_INPUT", fields[i].what);
		delete_case(name, CTL_DELETE | fields[i].bits, id,
			    STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	delete_case("delete with fast bit, id in the input page -> SUCCESS (fast-capable)",
		    CTL_DELETE | HVPART_HYPERCALL_FAST_BIT, id, SUCCESS);
	delete_case("delete again after the fast delete -> INVALID_PARTITION_ID",
		    CTL_DELETE, id, STATUS(HVPART_STATUS_INVALID_PARTITION_ID));
}

/* ---- d. buffer sizes against the call's layout ------------------------- */

void test_sizes(void)
{
	static const u32 bad_in[] = { 0, 1, 8, 48, NATIVE_SIZE - 1 };
	static const u32 bad_out[] = { 0, 1, 4, 7 };
	char name[160];
	unsigned int i;
	u64 id;

	for (i = 0; i < ARRAY_SIZE(bad_in); i++) {
		if (bad_in[i] >= NATIVE_SIZE)
			continue;
		snprintf(name, sizeof(name),
			 "create with input_size %u (< %u) -> INVALID_HYPERCALL_INPUT",
			 bad_in[i], NATIVE_SIZE);
		create_at(name, CTL_CREATE, in_page, bad_in[i], out_page, 8,
			  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	for (i = 0; i < ARRAY_SIZE(bad_out); i++) {
		snprintf(name, sizeof(name),
			 "create with output_size %u (< 8) -> INVALID_HYPERCALL_INPUT",
			 bad_out[i]);
		create_at(name, CTL_CREATE, in_page, NATIVE_SIZE, out_page,
			  bad_out[i], STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	}
	/* Sizes are checked before placement and buffers. */
	create_at("create with input_size 55 and misaligned input -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE, in_page + 4, NATIVE_SIZE - 1, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	create_at("create with output 0 and output_size 0 -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE, in_page, NATIVE_SIZE, NULL, 0,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	create_at("create with input 0 and input_size 0 -> INVALID_HYPERCALL_INPUT",
		  CTL_CREATE, NULL, 0, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	check_next_id("too small sizes");

	/* A whole page is fine: only the layout is read. */
	memset(in_page, 0xff, HVPAGE);
	{
		native_input p;

		default_input(&p);
		memcpy(in_page, &p, sizeof(p));
	}
	memset(out_page, 0xa5, HVPAGE);
	{
		struct outcome o = hvcall(CTL_CREATE, in_page, HVPAGE, out_page,
					  HVPAGE);

		judge_create("create with input_size 4096 (0xff past the layout) and output_size 4096 -> SUCCESS",
			     &o, &(struct expect)SUCCESS, out_page);
	}
	create_at("create with input_size 4096, output_size 8 -> SUCCESS",
		  CTL_CREATE, in_page, HVPAGE, out_page, 8, SUCCESS);
	create_at("create with input_size 56, output_size 4096 -> SUCCESS",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page, HVPAGE, SUCCESS);
	create_at("create with input_size 1000, output_size 100 -> SUCCESS",
		  CTL_CREATE, in_page, 1000, out_page, 100, SUCCESS);

	id = create_good("create a partition for the delete size cases");
	delete_at("delete with input_size 0 -> INVALID_HYPERCALL_INPUT",
		  CTL_DELETE, id, in_page, 0, STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	delete_at("delete with input_size 7 -> INVALID_HYPERCALL_INPUT",
		  CTL_DELETE, id, in_page, 7, STATUS(HVPART_STATUS_INVALID_HYPERCALL_INPUT));
	delete_at("delete with input_size 4097 -> EINVAL, not dispatched",
		  CTL_DELETE, id, in_page, HVPAGE + 1, ERRNO(EINVAL));
	delete_at("delete with input_size 4096 -> SUCCESS", CTL_DELETE, id,
		  in_page, HVPAGE, SUCCESS);
}

/* ---- e. alignment, page crossing, overlap ------------------------------ */

void test_placement(void)
{
	u8 *end = in_page + HVPAGE;	/* a 4 KiB boundary, in_page2 behind it */
	char name[160];
	unsigned int off;
	u64 id;

	for (off = 1; off < 8; off++) {
		snprintf(name, sizeof(name),
			 "create with input at page+%u (misaligned) -> INVALID_ALIGNMENT", off);
		create_at(name, CTL_CREATE, in_page + off, NATIVE_SIZE, out_page, 8,
			  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	}
	create_at("create with output at page+4 (misaligned) -> INVALID_ALIGNMENT",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page + 4, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with output at page+1 (misaligned) -> INVALID_ALIGNMENT",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page + 1, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with output at page_end-4 (misaligned) -> INVALID_ALIGNMENT",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page + HVPAGE - 4, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with input at page_end-8 (layout crosses 4 KiB) -> INVALID_ALIGNMENT",
		  CTL_CREATE, end - 8, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	snprintf(name, sizeof(name),
		 "create with input at page_end-%u (crosses by 8) -> INVALID_ALIGNMENT",
		 NATIVE_SIZE - 8);
	create_at(name, CTL_CREATE, end - (NATIVE_SIZE - 8), NATIVE_SIZE,
		  out_page, 8, STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with input at PROT_NONE page_end-8 (crossing beats EFAULT) -> INVALID_ALIGNMENT",
		  CTL_CREATE, none_page + pagesz - 8, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with misaligned input in a PROT_NONE page (alignment beats EFAULT) -> INVALID_ALIGNMENT",
		  CTL_CREATE, none_page + 4, NATIVE_SIZE, out_page, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with input == output -> INVALID_ALIGNMENT (overlap)",
		  CTL_CREATE, in_page, NATIVE_SIZE, in_page, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	create_at("create with output at input+8 -> INVALID_ALIGNMENT (overlap)",
		  CTL_CREATE, in_page, NATIVE_SIZE, in_page + 8, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	snprintf(name, sizeof(name),
		 "create with output at input+%u (last qword) -> INVALID_ALIGNMENT (overlap)",
		 NATIVE_SIZE - 8);
	create_at(name, CTL_CREATE, in_page, NATIVE_SIZE, in_page + NATIVE_SIZE - 8, 8,
		  STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	check_next_id("misplaced pages");

	/* Exactly at the edges is fine. */
	snprintf(name, sizeof(name),
		 "create with input at page_end-%u (ends at the boundary) -> SUCCESS",
		 NATIVE_SIZE);
	create_at(name, CTL_CREATE, end - NATIVE_SIZE, NATIVE_SIZE, out_page, 8,
		  SUCCESS);
	snprintf(name, sizeof(name),
		 "create with input at page_end-%u, input_size 4096 (only the layout counts) -> SUCCESS",
		 NATIVE_SIZE);
	create_at(name, CTL_CREATE, end - NATIVE_SIZE, HVPAGE, out_page, 8,
		  SUCCESS);
	create_at("create with output at page_end-8 -> SUCCESS",
		  CTL_CREATE, in_page, NATIVE_SIZE, out_page + HVPAGE - 8, 8, SUCCESS);
	snprintf(name, sizeof(name),
		 "create with output at input+%u (adjacent) -> SUCCESS", NATIVE_SIZE);
	create_at(name, CTL_CREATE, in_page, NATIVE_SIZE, in_page + NATIVE_SIZE, 8,
		  SUCCESS);
	create_at("create with output right before input (adjacent) -> SUCCESS",
		  CTL_CREATE, in_page + 64, NATIVE_SIZE, in_page + 56, 8, SUCCESS);
	create_at("create with input and output in the same page, apart -> SUCCESS",
		  CTL_CREATE, in_page + 512, NATIVE_SIZE, in_page + 2048, 8, SUCCESS);

	id = create_good("create a partition for the delete placement cases");
	delete_at("delete with input at page+4 (misaligned) -> INVALID_ALIGNMENT",
		  CTL_DELETE, id, in_page + 4, 8, STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	delete_at("delete with input at page_end-4 (misaligned, crossing) -> INVALID_ALIGNMENT",
		  CTL_DELETE, id, end - 4, 8, STATUS(HVPART_STATUS_INVALID_ALIGNMENT));
	delete_at("delete with input at page_end-8 -> SUCCESS",
		  CTL_DELETE, id, end - 8, 8, SUCCESS);
}

/* ---- f. unreadable input, unwritable output ---------------------------- */

void test_faults(void)
{
	u64 id;

	create_at("create with input in a PROT_NONE page -> EFAULT, not dispatched",
		  CTL_CREATE, none_page, NATIVE_SIZE, out_page, 8, ERRNO(EFAULT));
	create_at("create with input at address 0, input_size 56 -> EFAULT, not dispatched",
		  CTL_CREATE, NULL, NATIVE_SIZE, out_page, 8, ERRNO(EFAULT));
	check_next_id("unreadable input");

	create_at("create with output in a PROT_READ page -> EFAULT, not dispatched",
		  CTL_CREATE, in_page, NATIVE_SIZE, ro_page, 8, ERRNO(EFAULT));
	check_next_id("an unwritable output (no partition created)");
	create_at("create with output in a PROT_NONE page -> EFAULT, not dispatched",
		  CTL_CREATE, in_page, NATIVE_SIZE, none_page, 8, ERRNO(EFAULT));
	check_next_id("an output in a PROT_NONE page");
	create_at("create with output at address 0, output_size 8 -> EFAULT, not dispatched",
		  CTL_CREATE, in_page, NATIVE_SIZE, NULL, 8, ERRNO(EFAULT));
	check_next_id("an output at address 0");

	id = create_good("create a partition for the delete fault cases");
	delete_at("delete with input in a PROT_NONE page -> EFAULT, not dispatched",
		  CTL_DELETE, id, none_page, 8, ERRNO(EFAULT));
	delete_case("delete after the EFAULT delete -> SUCCESS (it was not deleted)",
		    CTL_DELETE, id, SUCCESS);
}
