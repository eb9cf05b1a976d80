// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_fuzz_ioctl: max_partitions and the per-user limits changed while
 * the calls go on.
 */
#include "hvpart_fuzz_ioctl.h"

/* ---- max_partitions ------------------------------------------------------- */

bool write_max_parts(unsigned int value)
{
	uid_t saved = caller_uid;
	FILE *f;
	bool ok;

	set_caller(0);
	f = fopen(MAX_PARTS_PARAM, "w");
	ok = f && fprintf(f, "%u\n", value) > 0;
	if (f && fclose(f))
		ok = false;
	set_caller(saved);
	if (ok)
		max_parts = value;
	return ok;
}

bool write_user_limit(struct user_limit *l, unsigned int value)
{
	uid_t saved = caller_uid;
	FILE *f;
	bool ok;

	set_caller(0);
	f = fopen(l->param, "w");
	ok = f && fprintf(f, "%u\n", value) > 0;
	if (f && fclose(f))
		ok = false;
	set_caller(saved);
	if (ok)
		l->value = value;
	return ok;
}

/* A small limit, where the fuzzed calls meet it; now and then the original. */
static void act_user_limit(struct user_limit *l, unsigned int most)
{
	unsigned int v = chance(250) ? l->orig : 1 + (unsigned int)below(most);

	if (verbose)
		printf("# %u: %s %u\n", iter, l->param, v);
	if (!write_user_limit(l, v)) {
		e2e_note("cannot write %s (%s): limit not fuzzed", l->param,
			 e2e_errname(errno));
		l->known = false;
	}
}

void act_max_parts(void)
{
	unsigned int v;

	switch (below(3)) {
	case 1:
		if (max_user.known)
			act_user_limit(&max_user, 8);
		return;
	case 2:
		if (max_init.known)
			act_user_limit(&max_init, 4);
		return;
	}
	if (!max_parts_known)
		return;
	switch (below(5)) {
	case 0:
	case 1:
		v = 0;
		break;
	case 2:
		v = nlive;
		break;
	case 3:
		v = nlive + 1 + below(3);
		break;
	default:
		v = 1 + below(LIVE_SOFT_MAX);
		break;
	}
	if (verbose)
		printf("# %u: max_partitions %u\n", iter, v);
	if (!write_max_parts(v)) {
		e2e_note("cannot write %s (%s): limit not fuzzed", MAX_PARTS_PARAM,
			 e2e_errname(errno));
		max_parts_known = false;
	}
}
