// SPDX-License-Identifier: GPL-2.0
/*
 * <linux/hvpart.h> beside the mshv uapi header (<linux/mshv.h>, Linux 6.15
 * on), in either order (-DHVPART_FIRST): a VMM that speaks both builds.
 * scripts/kernel-matrix.sh compiles it with -Wall -Werror against the mshv
 * header of each kernel that has one.  The kernel-internal headers are
 * checked by the module build itself (drivers/hvpart/abi_check.c).
 */
#ifdef HVPART_FIRST
#include <linux/hvpart.h>
#include <linux/mshv.h>
#else
#include <linux/mshv.h>
#include <linux/hvpart.h>
#endif

_Static_assert(HVPART_IOCTL_MAGIC != MSHV_IOCTL,
	       "hvpart's ioctls must not share mshv's magic");
_Static_assert(sizeof(struct hvpart_input_create_partition_amd64) == 56,
	       "AMD64 HvCallCreatePartition input");

int main(void)
{
	struct hvpart_input_create_partition_amd64 in = { 0 };
	struct mshv_create_partition pt = { 0 };

	in.compatibility_version = HVPART_COMPATIBILITY_21H2;
	pt.pt_flags = 0;
	return (int)(in.flags + pt.pt_flags) + (MSHV_CREATE_PARTITION == 0);
}
