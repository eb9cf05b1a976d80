/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvpart_e2e: what its files share (hvpart_e2e.c has the calls, how their
 * outcomes are judged, the id sequence, the device node and main; one
 * file a part of the contract for the rest).
 */
#ifndef HVPART_E2E_E2E_H
#define HVPART_E2E_E2E_H

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e_util.h"

#define SENTINEL	0xdeadbeefdeadbeefULL
#define HVPAGE		HVPART_HYPERCALL_PAGE_SIZE

#if defined(__aarch64__)
#define native_input	struct hvpart_input_create_partition_arm64
#else
#define native_input	struct hvpart_input_create_partition_amd64
#endif
#define NATIVE_SIZE	((u32)sizeof(native_input))

/* Control words. */
#define CTL_CREATE	((u64)HVPART_CALL_CREATE_PARTITION)
#define CTL_DELETE	((u64)HVPART_CALL_DELETE_PARTITION)

/* What one ioctl did. */
struct outcome {
	int ret;
	int err;
	u64 result;
};

/* What a case expects: a dispatched HV_STATUS, or a plain errno. */
enum exp_kind { EXP_STATUS, EXP_ERRNO };

struct expect {
	enum exp_kind kind;
	u16 status;	/* EXP_STATUS */
	int err;	/* the errno: of the status, or the plain one */
};

/* A dispatched status: every INVALID_* one comes with EINVAL. */
#define STATUS(s)	((struct expect){ .kind = EXP_STATUS, .status = (s), \
					  .err = (s) ? EINVAL : 0 })
#define STATUS_E(s, e)	((struct expect){ .kind = EXP_STATUS, .status = (s), \
					  .err = (e) })
#define ERRNO(e)	((struct expect){ .kind = EXP_ERRNO, .err = (e) })
#define SUCCESS		STATUS(HVPART_STATUS_SUCCESS)
#define NESTED_BIT	HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE_BIT
#define NESTED_FLAG	HVPART_PARTITION_CREATION_FLAG_NESTED_VIRTUALIZATION_CAPABLE
#define NOFEAT		STATUS_E(HVPART_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED, EOPNOTSUPP)

/* hvpart_e2e.c */
extern int fd;
extern u64 next_id;
extern bool id_resync;
extern size_t pagesz;
extern u8 *in_page;
extern u8 *in_page2;
extern u8 *none_page;
extern u8 *ro_page;
extern u8 *out_page;
struct outcome hvcall(u64 control, const void *in, u32 in_size,
		      void *out, u32 out_size);
void judge_create(const char *name, const struct outcome *o,
		  const struct expect *e, const void *out);
void default_input(native_input *p);
void create_case(const char *name, u64 control, const native_input *p,
		 struct expect e);
void ro_write(size_t off, const void *data, size_t len);
void create_at(const char *name, u64 control, void *in, u32 in_size,
	       void *out, u32 out_size, struct expect e);
u64 create_good(const char *name);
void check_next_id(const char *after);
void delete_at(const char *name, u64 control, u64 id, void *in,
	       u32 in_size, struct expect e);
void delete_case(const char *name, u64 control, u64 id, struct expect e);

/* hvpart_e2e_hvcall.c */
void test_transport(void);
void test_call_codes(void);
void test_control(void);
void test_sizes(void);
void test_placement(void);
void test_faults(void);

/* hvpart_e2e_create.c */
bool nested_supported(void);
void test_validation(void);
void test_typed(void);

/* hvpart_e2e_delete.c */
void test_delete(void);
void test_ownership(void);
void test_concurrency(void);

/* hvpart_e2e_ioctls.c */
void test_unknown_ioctls(void);
void test_check_extension(void);
void test_verdict(void);

#endif /* HVPART_E2E_E2E_H */
