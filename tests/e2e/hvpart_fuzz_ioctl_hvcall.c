// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_fuzz_ioctl: HVPART_HVCALL with fuzzed control words, sizes,
 * pages and inputs.
 */
#include "hvpart_fuzz_ioctl.h"

/* ---- HVPART_HVCALL -------------------------------------------------------- */

static u64 gen_control(void)
{
	static const u16 near_codes[] = {
		0x0000, 0x0001, 0x0002, 0x003f, 0x0047, 0x0048, 0x0049, 0x004a,
		0x0050, 0x0140, 0x4040, 0x8040, 0xff40, 0xffff,
	};
	u64 c, reps;

	if (chance(20))
		return rnd();
	/* A partition with pages in its pool now and then gives some back. */
	if (focus_left && part_of(focus_id) && parts[focus_id].npool &&
	    chance(300)) {
		reps = 1 + below(8);
		return HVPART_CALL_WITHDRAW_MEMORY |
		       reps << HVPART_HYPERCALL_REP_COMP_SHIFT;
	}
	if (chance(720))
		c = HVPART_CALL_CREATE_PARTITION + below(7);
	else if (chance(500))
		c = near_codes[below(ARRAY_SIZE(near_codes))];
	else
		c = (u16)rnd();
	if (chance(120))
		c |= HVPART_HYPERCALL_FAST_BIT;
	if (chance(50))
		c |= (1 + below(0x3ff)) << HVPART_HYPERCALL_VARHEAD_SHIFT;
	if (chance(60))
		c |= HVPART_HYPERCALL_RSVD_MASK & (chance(500) ? rnd() : 1ULL << below(64));
	if (chance(40))
		c |= (1 + below(0xfff)) << HVPART_HYPERCALL_REP_COMP_SHIFT;
	if (chance(40))
		c |= (1 + below(0xfff)) << HVPART_HYPERCALL_REP_START_SHIFT;
	/* The rep calls mostly with a rep range they take: a few elements. */
	if (((u16)c == HVPART_CALL_DEPOSIT_MEMORY ||
	     (u16)c == HVPART_CALL_WITHDRAW_MEMORY) && chance(700)) {
		reps = 1 + below(8);
		c &= ~(HVPART_HYPERCALL_REP_COMP_MASK | HVPART_HYPERCALL_REP_START_MASK);
		c |= reps << HVPART_HYPERCALL_REP_COMP_SHIFT;
		if (chance(200))
			c |= below(reps) << HVPART_HYPERCALL_REP_START_SHIFT;
	}
	return c;
}

static u32 gen_size(u32 layout)
{
	switch (pick((const unsigned int[]){ 500, 180, 80, 90, 50, 100 }, 6)) {
	case 0:
		return layout;
	case 1:
		return layout + below(HVPAGE - layout + 1);
	case 2:
		return HVPAGE;
	case 3:
		return layout ? below(layout) : below(16);
	case 4:
		switch (below(4)) {
		case 0:
			return HVPAGE + 1;
		case 1:
			return 2 * HVPAGE;
		case 2:
			return 0xffffffffU;
		default:
			return HVPAGE + 1 + (u32)below(0xfffff000U);
		}
	default:
		return below(HVPAGE + 1);
	}
}

static enum ptr_kind gen_buf_kind(void)
{
	static const unsigned int w[NPK] = {
		560, 60, 50, 40, 50, 40, 50, 30, 20, 40, 30, 20, 10,
	};

	return pick(w, NPK);
}

/* Where the hvcall struct sits, its contents, and the answer. */
void act_hvcall(void)
{
	struct hvpart_hvcall hc, back;
	enum ptr_kind ik, ok, sk;
	const struct hvc_call *call;
	u32 in_len = 0, out_len = 0;
	/* A rep call's input or output may take its whole page. */
	u8 content[HVPAGE + 8], in_bytes[HVPAGE];
	u64 out_pages[HVPAGE / 8];
	const char *what;
	struct hvc_control ctl;
	struct hvc_verdict v;
	struct pred p;
	u64 hc_addr, id = 0, out_value = 0;
	bool written, readable_result;
	int ret, err;
	u16 code;

	hc.control = gen_control();
	code = (u16)(hc.control & HVPART_HYPERCALL_CODE_MASK);
	call = hvc_call_find(code);
	hvc_control_decode(hc.control, &ctl);
	if (call) {
		in_len = hvc_input_len(call, HVC_LAYOUT_NATIVE, ctl.rep_count);
		out_len = hvc_output_len(call, ctl.rep_count);
	}
	ik = gen_buf_kind();
	ok = gen_buf_kind();
	hc.input = buf_addr(ik, in_len, 0);
	hc.output = buf_addr(ok, out_len ? out_len : 8, hc.input);
	if (ik == PK_NEAR)
		hc.input = buf_addr(PK_NEAR, in_len, hc.output);
	hc.input_size = gen_size(in_len);
	hc.output_size = gen_size(out_len);
	hc.result = rnd() | 0x8000000000000000ULL;	/* never a result value */

	/* The output layout filled with a pattern, then the input over it. */
	memset(content, 0xa5, sizeof(content));
	mem_put(hc.output, content, out_len + 8 < sizeof(content) ?
		out_len + 8 : sizeof(content));
	gen_input(code, content, &what);
	mem_put(hc.input, content, in_len < 8 ? 8 :
		in_len < sizeof(content) ? in_len : sizeof(content));

	sk = struct_kind(100);
	hc_addr = struct_addr(sk, sizeof(hc));
	mem_put(hc_addr, &hc, sizeof(hc));
	describe("HVPART_HVCALL struct %s: control 0x%" PRIx64 " input %s 0x%" PRIx64
		 " size %u (%s) output %s 0x%" PRIx64 " size %u", pk_names[sk],
		 (u64)hc.control, pk_names[ik], (u64)hc.input, hc.input_size, what,
		 pk_names[ok], (u64)hc.output, hc.output_size);

	/* Section 2.4, in order. */
	memset(in_bytes, 0, sizeof(in_bytes));
	if (!mem_ok(hc_addr, sizeof(hc), false)) {
		p = pred_errno(EFAULT);
	} else if (hc.input_size > HVPAGE || hc.output_size > HVPAGE) {
		p = pred_errno(EINVAL);
	} else if (!mem_ok(hc_addr + 8, 8, true)) {
		p = pred_errno(EFAULT);
	} else {
		p = pred_status(hvc_control_check(&ctl, call, &v));
		if (p.status == S_OK)
			p.status = hvc_sizes_check(call, HVC_LAYOUT_NATIVE, ctl.rep_count,
						   hc.input_size, hc.output_size, &v);
		if (p.status == S_OK)
			p.status = hvc_pages_check(hc.input, in_len, hc.output, out_len, &v);
		if (p.status != S_OK) {
			/* refused before the buffers are touched */
		} else if (!mem_ok(hc.input, in_len, false)) {
			p = pred_errno(EFAULT);
		} else if (!mem_ok(hc.output, out_len, true)) {
			p = pred_errno(EFAULT);
		} else {
			mem_get(hc.input, in_bytes, in_len);
			p.dispatched = true;
			memset(out_pages, 0, sizeof(out_pages));
			if (code == HVPART_CALL_CREATE_PARTITION)
				p.status = model_create(HVC_LAYOUT_NATIVE, in_bytes, &out_value);
			else if (hvc_call_is_rep(call))
				p.status = model_rep(&ctl, in_bytes, out_pages, &p.reps);
			else
				p.status = model_call(code, in_bytes, &out_value);
			p.out_value = out_value;
		}
	}

	snapshot();
	errno = 0;
	ret = ioctl(fd, HVPART_HVCALL, (void *)(uintptr_t)hc_addr);
	err = ret ? errno : 0;

	readable_result = mem_ok(hc_addr + 8, 8, false);
	memset(&back, 0, sizeof(back));
	if (readable_result)
		mem_get(hc_addr, &back, sizeof(back));
	written = readable_result && back.result != hc.result;
	if (judge(&p, ret, err, written, back.result)) {
		const u8 *diff;

		if (p.dispatched && out_len && hvc_call_is_rep(call)) {
			/* Zeroed, then the elements of the reps completed. */
			snap_expect(hc.output, out_pages, out_len);
		} else if (p.dispatched && out_len) {
			u64 zero = 0;

			snap_expect(hc.output, p.status == S_OK ? &p.out_value : &zero, 8);
		}
		diff = snap_differs();
		if (diff)
			complain("data byte at 0x%" PRIxPTR " changed (%s)", (uintptr_t)diff,
				 p.dispatched ? "outside what the call may write" :
				 "by a call that was not dispatched");
		if (mem_ok(hc_addr, sizeof(hc), false) &&
		    (back.control != hc.control || back.input != hc.input ||
		     back.output != hc.output || back.input_size != hc.input_size ||
		     back.output_size != hc.output_size))
			complain("the struct's input fields changed");
	}

	/* The model follows what happened: a rep call whatever its status. */
	if (written && call && hvc_call_is_rep(call) && p.dispatched) {
		model_rep_done(&ctl, in_bytes, back.result);
	} else if (written && back.result == S_OK && call) {
		if (!mem_ok(hc.input, in_len, false))
			in_len = 0;
		memset(in_bytes, 0, sizeof(in_bytes));
		mem_get(hc.input, in_bytes, in_len);
		memcpy(&id, in_bytes, sizeof(id));
		if (code == HVPART_CALL_CREATE_PARTITION) {
			struct hvc_create_args a;
			u64 new_id;

			hvc_create_decode(HVC_LAYOUT_NATIVE, in_bytes, sizeof(in_bytes), &a);
			mem_get(hc.output, &new_id, sizeof(new_id));
			creates_ok++;
			if (new_id != next_id) {
				creates_bad_id++;
				complain("new id %" PRIu64 ", want %" PRIu64, new_id, next_id);
			}
			model_add(new_id, caller_uid, a.compatibility_version);
			if (chance(300)) {
				focus_id = new_id;
				focus_left = 2 + below(5);
			}
		} else if (code == HVPART_CALL_DELETE_PARTITION) {
			model_remove(id);
		} else if (code == HVPART_CALL_FINALIZE_PARTITION && part_of(id)) {
			parts[id].state = P_FINALIZED;
		} else if (code == HVPART_CALL_INITIALIZE_PARTITION && part_of(id)) {
			parts[id].state = P_INITIALIZED;
		}
	}
	finish(sk == PK_GOOD ? C_HVCALL : C_EFAULT);
	if (code == HVPART_CALL_CREATE_PARTITION && !(written && back.result == S_OK))
		probe_unknown(C_PROBE, next_id, "a refused create");
}
