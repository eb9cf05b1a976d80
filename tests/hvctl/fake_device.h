/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The calls fake_device.c stands in for, as the linker's --wrap names
 * them: __wrap_X replaces X in hvctl, __real_X is the C library's X.
 */
#ifndef HVCTL_FAKE_DEVICE_H
#define HVCTL_FAKE_DEVICE_H

int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);
int __real_ioctl(int fd, unsigned long request, ...);
int __wrap_ioctl(int fd, unsigned long request, ...);

#endif /* HVCTL_FAKE_DEVICE_H */
