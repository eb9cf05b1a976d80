# SPDX-License-Identifier: GPL-2.0
#
# Front-end for hvpart.  Kbuild does the module; this file drives it and
# the userspace parts.
#
#   make              module + hvctl for this host (KDIR= to override)
#   make check        KUnit under UML + the QEMU end-to-end suite
#   make demo         boot a QEMU VM with hvpart loaded, create partitions
#   make clean
#
# The QEMU targets build against the newest installed Debian
# linux-headers-*-amd64 (the guest kernel), never against `uname -r`.

PWD_ABS   := $(abspath .)
BUILD     ?= $(PWD_ABS)/build
KDIR      ?= /lib/modules/$(shell uname -r)/build
CC        ?= gcc
HVPART_CACHE ?= $(HOME)/.cache/hvpart
export HVPART_CACHE

USER_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -I$(PWD_ABS)/uapi -I$(PWD_ABS)/lib

MODULE_SRCS := Kbuild Kconfig $(wildcard drivers/hvpart/*.[ch] lib/*.[ch] \
	uapi/linux/*.h tests/kunit/*.[ch])
HVCTL_SRCS  := $(wildcard tools/hvctl/*.c tools/hvctl/*.h) lib/hvpart_codec.c
E2E_SRCS    := $(wildcard tests/e2e/*.c)

.PHONY: all module hvctl guest check demo kunit e2e clean help style sparse

all: module hvctl

help:
	@sed -n '3,13p' Makefile

# Modules are built from a copy: objects left in the source folder by an
# in-place M= build would leak into kunit.py's O= build through VPATH.
# $(1): kernel build dir, $(2): output folder, $(3): extra make arguments.
define build_module
	@mkdir -p $(2)
	@tar cf - $(MODULE_SRCS) | tar xf - -C $(2) --keep-newer-files 2>/dev/null || \
		tar cf - $(MODULE_SRCS) | tar xf - -C $(2)
	$(MAKE) -C $(1) M=$(2) W=1 $(3) modules
endef

module:
	$(call build_module,$(KDIR),$(BUILD)/host/module,)
	@cp $(BUILD)/host/module/hvpart.ko $(BUILD)/hvpart.ko
	@echo "built $(BUILD)/hvpart.ko for $(KDIR)"

hvctl: $(BUILD)/host/hvctl

$(BUILD)/host/hvctl: $(HVCTL_SRCS) uapi/linux/hvpart.h lib/hvpart_codec.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $(filter %.c,$^)

# Everything the x86_64 guest runs: the module built against the guest
# kernel's headers, static hvctl and the static test program.
GUEST_BUILD = $(BUILD)/guest-x86_64

guest:
	@scripts/deps.sh
	$(eval GUEST_KDIR := $(shell scripts/guest-kernel.sh --headers))
	$(if $(GUEST_KDIR),,$(error no linux-headers-*-amd64 for the guest; see scripts/guest-kernel.sh))
	$(call build_module,$(GUEST_KDIR),$(GUEST_BUILD)/module,)
	@mkdir -p $(GUEST_BUILD)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvctl $(filter %.c,$(HVCTL_SRCS))
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_e2e $(E2E_SRCS) lib/hvpart_codec.c

kunit:
	@scripts/deps.sh
	scripts/kunit-uml.sh

# E2E_ARGS: more run.sh options, e.g. E2E_ARGS="--smp 4 --verbose".
E2E_ARGS ?=

e2e: guest
	tests/e2e/run.sh --build $(GUEST_BUILD) $(E2E_ARGS)

check:
	@scripts/check.sh

demo: guest
	tests/e2e/run.sh --build $(GUEST_BUILD) --demo $(E2E_ARGS)

style:
	scripts/style.sh

clean:
	rm -rf $(BUILD)
