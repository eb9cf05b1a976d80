# SPDX-License-Identifier: GPL-2.0
#
# Front-end for hvpart.  Kbuild does the module; this file drives it and
# the userspace parts.
#
#   make              module + hvctl for this host (KDIR= to override; without
#                     a kernel build dir, hvctl alone and what to install)
#   make check        every test (scripts/check.sh lists the parts)
#   make check-fresh  the README's first command in fresh Debian 12 and 13
#                     roots (mmdebstrap): no install step can be missing
#   make matrix       the kernel matrix alone: Debian 13's 6.12 and the
#                     newest trixie-backports kernel, x86_64 and arm64
#   make e2e-arm64    the end-to-end suite on arm64 (cross-built, QEMU virt EL2)
#   make e2e-debug    the x86_64 suite on the debug kernel (KASAN, kmemleak,
#                     lockdep, UBSAN; built once, cached), KUnit included
#   make e2e-kcsan    the concurrency suites on the KCSAN kernel (built once,
#                     cached); a data race in hvpart fails
#   make demo         boot a QEMU VM with hvpart loaded, create partitions,
#                     run the x86 VMM example of tools/examples on KVM
#   make bench        benchmarks in a QEMU VM, three runs under TCG and three
#                     under -icount: build/bench/results.{txt,json}, cost.png
#                     (not part of make check)
#   make bench-gate   the regression gate of make check: instructions per
#                     call under -icount against tests/bench/gate-baseline.json
#   make install      install-tools, then install-module if KDIR exists
#   make install-tools  hvctl, its man page and completion, the udev rule and
#                     modprobe.d file (DESTDIR=, PREFIX=/usr)
#   make install-module  modules_install + depmod for KDIR (INSTALL_MOD_PATH=)
#   make dkms-install the module sources and dkms.conf in
#                     DESTDIR/usr/src/hvpart-VERSION, for `dkms install`
#   make clean
#   make distclean-cache  remove ~/.cache/hvpart (guest and debug kernels,
#                     build roots, download lists: about 5 GB)
#
# The QEMU targets build against the newest installed Debian
# linux-headers-*-amd64 (the guest kernel), never against `uname -r`.

PWD_ABS   := $(abspath .)
BUILD     ?= $(PWD_ABS)/build
KDIR      ?= /lib/modules/$(shell uname -r)/build
CC        ?= gcc
HVPART_CACHE ?= $(HOME)/.cache/hvpart
export HVPART_CACHE
VERSION   := $(shell cat $(PWD_ABS)/VERSION)

# Installation.  DESTDIR stages everything; PREFIX places hvctl and its
# documentation.  udev and modprobe look only in /lib and /etc, whatever
# PREFIX is; /lib is where Debian 12 packages put their rules.
PREFIX       ?= /usr
SBINDIR      ?= $(PREFIX)/sbin
MANDIR       ?= $(PREFIX)/share/man
BASHCOMPDIR  ?= $(PREFIX)/share/bash-completion/completions
UDEVRULESDIR ?= /lib/udev/rules.d
MODPROBEDIR  ?= /lib/modprobe.d
DKMSDIR      ?= /usr/src
INSTALL      ?= install
DEPMOD       ?= $(shell PATH="$$PATH:/sbin:/usr/sbin" command -v depmod || echo depmod)
# The module goes to $(INSTALL_MOD_PATH)/lib/modules/RELEASE/$(INSTALL_MOD_DIR);
# a DESTDIR alone stages it too.
INSTALL_MOD_PATH ?= $(DESTDIR)
INSTALL_MOD_DIR  ?= extra
# RELEASE is KDIR's UTS_RELEASE, the one in the module's vermagic: Debian's
# headers carry the upstream version (6.1.192) in kernel.release instead.
KRELEASE = $(or $(shell sed -n 's/^.define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null), \
	$(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null))

USER_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -I$(PWD_ABS)/uapi -I$(PWD_ABS)/lib
# hvctl -V prints VERSION; Kbuild gives the module the same (MODULE_VERSION).
USER_CFLAGS += -DHVPART_VERSION='"$(VERSION)"'

MODULE_SRCS := VERSION Kbuild Kconfig $(wildcard drivers/hvpart/*.[ch] lib/*.[ch] \
	uapi/linux/*.h tests/kunit/*.[ch])
# lib/ in user space: hvctl, the guest's test programs, the bench.
LIB_SRCS    := lib/hvpart_codec.c lib/hvpart_names.c lib/hvpart_x86_features.c \
	       lib/hvpart_arm64_features.c
HVCTL_SRCS  := $(wildcard tools/hvctl/*.c tools/hvctl/*.h) $(LIB_SRCS)
# hvctl speaks generic netlink through libnl-genl-3; the guest's is static.
HVCTL_NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null || echo -I/usr/include/libnl3)
HVCTL_NL_LIBS   := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3)
HVCTL_NL_STATIC := -lnl-genl-3 -lnl-3 -lpthread -lm
# The guest's test programs: one main each, sharing tests/e2e/e2e_util.c
# (hvpart_bench too: the VM it passes to initialize).
E2E_UTIL    := tests/e2e/e2e_util.c
# A program split by behaviour: tests/e2e/NAME.c (main) and NAME_*.c,
# sharing NAME.h.
e2e_srcs     = $(sort $(wildcard tests/e2e/$(1).c tests/e2e/$(1)_*.c))

.PHONY: all deps module module-missing hvctl guest-module check-fresh matrix \
	distclean-cache guest guest-arm64 guest-debug guest-kcsan check demo bench bench-prog bench-gate \
	kunit e2e e2e-arm64 e2e-debug e2e-kcsan \
	clean help style sparse \
	install install-tools install-module install-module-skip dkms-install

# Without a kernel build dir, plain make still builds hvctl, and says how
# to get the module.
all: hvctl $(if $(wildcard $(KDIR)/Makefile),module,module-missing)

module-missing:
	@echo "make: no kernel build dir at $(KDIR): built hvctl only." >&2
	@echo "  For the module, install this kernel's headers (Debian:" >&2
	@echo "  apt-get install linux-headers-$$(uname -r)) and run make again," >&2
	@echo "  or name a build dir: make KDIR=/usr/src/linux-headers-<release>." >&2
	@echo "  To try hvpart in a QEMU VM instead: make demo." >&2

help:
	@sed -n '3,/^$$/{/^$$/d;p;}' Makefile

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
	$(if $(wildcard $(KDIR)/Makefile),,$(error no kernel build dir at $(KDIR): \
		apt-get install linux-headers-$(shell uname -r), or set KDIR=))
	$(call build_module,$(KDIR),$(BUILD)/host/module,)
	@cp $(BUILD)/host/module/hvpart.ko $(BUILD)/hvpart.ko
	@echo "built $(BUILD)/hvpart.ko for $(KDIR)"

hvctl: $(BUILD)/host/hvctl

$(BUILD)/host/hvctl: $(HVCTL_SRCS) $(wildcard uapi/linux/*.h) lib/hvpart_codec.h lib/hvpart_calls.h VERSION
	@[ -f /usr/include/libnl3/netlink/genl/genl.h ] || { echo "make: hvctl needs" \
		"libnl-genl-3 (apt-get install libnl-genl-3-dev)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(HVCTL_NL_CFLAGS) -o $@ $(filter %.c,$^) $(HVCTL_NL_LIBS)

# Everything the x86_64 guest runs: the module built against the guest
# kernel's headers, static hvctl and the static test program.
GUEST_BUILD = $(BUILD)/guest-x86_64

# The x86 uapi <asm/...> headers serve -m32 too; Debian links them into
# /usr/include only through gcc-multilib, which conflicts with the arm64
# cross compiler, so the -m32 build links them itself.
M32_INCLUDE = $(GUEST_BUILD)/m32-include

# Recipes are expanded before their first line runs, so the packages the
# $(eval $(shell ...)) lines need come from a prerequisite, not a first
# line.  Each target installs only what it needs (scripts/deps.sh groups).
deps: deps-check

deps-%:
	@scripts/deps.sh $*

# What the demo boots: the module against the guest kernel's headers, a
# static hvctl and the x86 VMM example of tools/examples (in examples/:
# the arm64 one has an e2e program's name).
guest-module: deps-demo
	$(eval GUEST_KDIR := $(shell scripts/guest-kernel.sh --headers))
	$(if $(GUEST_KDIR),,$(error no linux-headers-*-amd64 for the guest; see scripts/guest-kernel.sh))
	$(call build_module,$(GUEST_KDIR),$(GUEST_BUILD)/module,)
	@mkdir -p $(GUEST_BUILD)/examples
	$(CC) $(USER_CFLAGS) $(HVCTL_NL_CFLAGS) -static -o $(GUEST_BUILD)/hvctl \
		$(filter %.c,$(HVCTL_SRCS)) $(HVCTL_NL_STATIC)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/examples/hvpart_vmm_x86 tools/examples/hvpart_vmm_x86.c

guest: deps-e2e guest-module
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_e2e $(call e2e_srcs,hvpart_e2e) $(E2E_UTIL) $(LIB_SRCS)
	@mkdir -p $(M32_INCLUDE) && ln -sfn /usr/include/x86_64-linux-gnu/asm $(M32_INCLUDE)/asm
	$(CC) $(USER_CFLAGS) -I$(M32_INCLUDE) -m32 -static -o $(GUEST_BUILD)/hvpart_e2e32 $(call e2e_srcs,hvpart_e2e) $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_lifecycle $(call e2e_srcs,hvpart_lifecycle) $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_vmm tests/e2e/hvpart_vmm.c $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_netlink tests/e2e/hvpart_netlink.c $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -pthread -o $(GUEST_BUILD)/hvpart_stress $(call e2e_srcs,hvpart_stress) $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_faults tests/e2e/hvpart_faults.c $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_fuzz_ioctl $(call e2e_srcs,hvpart_fuzz_ioctl) $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -pthread -o $(GUEST_BUILD)/hvpart_nsattack $(call e2e_srcs,hvpart_nsattack) $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_limits tests/e2e/hvpart_limits.c $(E2E_UTIL) $(LIB_SRCS)
	$(CC) $(USER_CFLAGS) -static -o $(GUEST_BUILD)/hvpart_mshv_port tests/e2e/hvpart_mshv_port.c $(E2E_UTIL) $(LIB_SRCS)

# The arm64 guest's: the module cross-built against Debian's arm64 headers
# (scripts/guest-kernel-arm64.sh), static hvctl against libnl's arm64
# archives, and the static test programs that are not x86's own.
GUEST_ARM64_BUILD = $(BUILD)/guest-arm64
ARM64_CC = aarch64-linux-gnu-gcc

guest-arm64: deps-arm64
	$(eval GUEST_ARM64_KDIR := $(shell scripts/guest-kernel-arm64.sh --headers))
	$(if $(GUEST_ARM64_KDIR),,$(error no arm64 guest headers; see scripts/guest-kernel-arm64.sh))
	$(call build_module,$(GUEST_ARM64_KDIR),$(GUEST_ARM64_BUILD)/module,ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	@mkdir -p $(GUEST_ARM64_BUILD)
	$(ARM64_CC) $(USER_CFLAGS) -I/usr/include/libnl3 -static -o $(GUEST_ARM64_BUILD)/hvctl \
		$(filter %.c,$(HVCTL_SRCS)) $(HVCTL_NL_STATIC)
	$(ARM64_CC) $(USER_CFLAGS) -static -o $(GUEST_ARM64_BUILD)/hvpart_e2e $(call e2e_srcs,hvpart_e2e) $(E2E_UTIL) $(LIB_SRCS)
	$(ARM64_CC) $(USER_CFLAGS) -static -o $(GUEST_ARM64_BUILD)/hvpart_vmm_arm64 tests/e2e/hvpart_vmm_arm64.c $(E2E_UTIL) $(LIB_SRCS)
	$(ARM64_CC) $(USER_CFLAGS) -static -o $(GUEST_ARM64_BUILD)/hvpart_netlink tests/e2e/hvpart_netlink.c $(E2E_UTIL) $(LIB_SRCS)
	$(ARM64_CC) $(USER_CFLAGS) -static -pthread -o $(GUEST_ARM64_BUILD)/hvpart_nsattack $(call e2e_srcs,hvpart_nsattack) $(E2E_UTIL) $(LIB_SRCS)
	$(ARM64_CC) $(USER_CFLAGS) -static -o $(GUEST_ARM64_BUILD)/hvpart_mshv_port tests/e2e/hvpart_mshv_port.c $(E2E_UTIL) $(LIB_SRCS)
	@mkdir -p $(GUEST_ARM64_BUILD)/examples
	$(ARM64_CC) $(USER_CFLAGS) -static -o $(GUEST_ARM64_BUILD)/examples/hvpart_vmm_arm64 tools/examples/hvpart_vmm_arm64.c

# The debug guest: the module built against the debug kernel
# (scripts/debug-kernel.sh: KASAN, kmemleak, lockdep, UBSAN, fault
# injection), once plain and once with its KUnit suites, next to the x86_64
# guest's static programs.
GUEST_DEBUG_BUILD = $(BUILD)/guest-debug

guest-debug: deps-check guest
	$(eval DEBUG_KDIR := $(shell scripts/debug-kernel.sh --build))
	$(if $(DEBUG_KDIR),,$(error the debug kernel did not build; see scripts/debug-kernel.sh))
	$(call build_module,$(DEBUG_KDIR),$(GUEST_DEBUG_BUILD)/module,)
	$(call build_module,$(DEBUG_KDIR),$(GUEST_DEBUG_BUILD)/kunit,CONFIG_HVPART_KUNIT_TEST=y)
	@for f in $(GUEST_BUILD)/*; do \
		[ -f "$$f" ] && cp "$$f" $(GUEST_DEBUG_BUILD)/ || true; \
	done
	@mkdir -p $(GUEST_DEBUG_BUILD)/examples && cp $(GUEST_BUILD)/examples/* $(GUEST_DEBUG_BUILD)/examples/

kunit: deps-check
	scripts/kunit-uml.sh

# E2E_ARGS: more run.sh options, e.g. E2E_ARGS="--smp 4 --verbose".
E2E_ARGS ?=

e2e: guest
	tests/e2e/run.sh --build $(GUEST_BUILD) $(E2E_ARGS)

e2e-arm64: guest-arm64
	tests/e2e/run.sh --arch arm64 --build $(GUEST_ARM64_BUILD) $(E2E_ARGS)

# The x86_64 suite on the debug kernel, with the KUnit suites first and a
# kmemleak scan last; any KASAN, lockdep, UBSAN or kmemleak report fails.
DEBUG_E2E_ARGS = --kernel $(shell scripts/debug-kernel.sh) \
	--kunit-ko $(GUEST_DEBUG_BUILD)/kunit/hvpart.ko --timeout 2400

e2e-debug: guest-debug
	tests/e2e/run.sh --build $(GUEST_DEBUG_BUILD) $(DEBUG_E2E_ARGS) $(E2E_ARGS)

# The race guest: the module built against the KCSAN kernel
# (scripts/debug-kernel.sh --config kcsan), next to the x86_64 guest's
# static programs.
GUEST_KCSAN_BUILD = $(BUILD)/guest-kcsan

guest-kcsan: deps-check guest
	$(eval KCSAN_KDIR := $(shell scripts/debug-kernel.sh --config kcsan --build))
	$(if $(KCSAN_KDIR),,$(error the KCSAN kernel did not build; see scripts/debug-kernel.sh))
	$(call build_module,$(KCSAN_KDIR),$(GUEST_KCSAN_BUILD)/module,)
	@for f in $(GUEST_BUILD)/*; do \
		[ -f "$$f" ] && cp "$$f" $(GUEST_KCSAN_BUILD)/ || true; \
	done
	@mkdir -p $(GUEST_KCSAN_BUILD)/examples && cp $(GUEST_BUILD)/examples/* $(GUEST_KCSAN_BUILD)/examples/

# The concurrency suites on the KCSAN kernel; a data race that names
# hvpart fails.
e2e-kcsan: guest-kcsan
	tests/e2e/run.sh --race --smp 4 --build $(GUEST_KCSAN_BUILD) \
		--kernel $(shell scripts/debug-kernel.sh --config kcsan) $(E2E_ARGS)

check:
	@scripts/check.sh

check-fresh:
	@scripts/fresh-machine.sh

matrix: deps-check guest guest-arm64
	@rc=0; for a in amd64 arm64; do for k in 6.12 newest; do \
		scripts/kernel-matrix.sh --arch $$a $$k || rc=1; done; done; exit $$rc

demo: guest-module
	tests/e2e/run.sh --build $(GUEST_BUILD) --demo $(E2E_ARGS)

# BENCH_ARGS: more tests/bench/run.sh options, e.g. BENCH_ARGS="--mem 6G".
BENCH_ARGS ?=

bench-prog: guest
	$(CC) $(USER_CFLAGS) -I$(PWD_ABS)/tests/e2e -static -pthread -o $(GUEST_BUILD)/hvpart_bench \
		tests/bench/hvpart_bench.c $(E2E_UTIL) $(LIB_SRCS)

bench: deps-bench bench-prog
	tests/bench/run.sh --build $(GUEST_BUILD) --out $(BUILD)/bench $(BENCH_ARGS)

# The regression gate of make check: one -icount boot, instruction counts
# against tests/bench/gate-baseline.json (tests/bench/gate.sh).
bench-gate: bench-prog
	tests/bench/gate.sh --build $(GUEST_BUILD) $(GATE_ARGS)

style:
	scripts/style.sh

# `make install` works without a kernel build dir: the module is then left
# to install-module with KDIR= or to DKMS.
install: install-tools $(if $(wildcard $(KDIR)/Makefile),install-module,install-module-skip)

install-tools: hvctl
	$(INSTALL) -D -m 0755 $(BUILD)/host/hvctl $(DESTDIR)$(SBINDIR)/hvctl
	$(INSTALL) -D -m 0644 tools/hvctl/hvctl.8 $(DESTDIR)$(MANDIR)/man8/hvctl.8
	$(INSTALL) -D -m 0644 tools/hvctl/hvctl.bash-completion \
		$(DESTDIR)$(BASHCOMPDIR)/hvctl
	$(INSTALL) -D -m 0644 packaging/udev/60-hvpart.rules \
		$(DESTDIR)$(UDEVRULESDIR)/60-hvpart.rules
	$(INSTALL) -D -m 0644 packaging/modprobe.d/hvpart.conf \
		$(DESTDIR)$(MODPROBEDIR)/hvpart.conf

# With CONFIG_MODULE_SIG_ALL, Kbuild signs on install with the kernel's
# build key, which distribution headers do not ship (DKMS signs with the
# machine's key instead): sign only when the key is there.
KSIGKEY = $(shell sed -n 's/^CONFIG_MODULE_SIG_KEY="\{0,1\}\([^"]*\)"\{0,1\}$$/\1/p' \
	$(KDIR)/include/config/auto.conf 2>/dev/null)
KSIGN = $(if $(filter pkcs11:%,$(KSIGKEY))$(wildcard $(KSIGKEY) $(KDIR)/$(KSIGKEY)),,CONFIG_MODULE_SIG_ALL=)

# Built in a folder of its own per release, then installed by Kbuild with
# KERNELRELEASE set to that release (see KRELEASE); depmod -b for a staging
# root.
install-module:
	$(if $(wildcard $(KDIR)/Makefile),,$(error no kernel build dir at $(KDIR); set KDIR=))
	$(if $(KRELEASE),,$(error no kernel release in $(KDIR)/include))
	$(call build_module,$(KDIR),$(BUILD)/install/$(KRELEASE),)
	$(MAKE) -C $(KDIR) M=$(BUILD)/install/$(KRELEASE) KERNELRELEASE=$(KRELEASE) \
		INSTALL_MOD_PATH=$(INSTALL_MOD_PATH) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		$(KSIGN) modules_install
	$(DEPMOD) -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KRELEASE)

install-module-skip:
	@echo "install: no kernel build dir at $(KDIR): module not installed" \
		"(make install-module KDIR=..., or make dkms-install)" >&2

# The sources Kbuild needs, as `make module` copies them, and dkms.conf with
# the version filled in.
DKMS_TREE = $(DESTDIR)$(DKMSDIR)/hvpart-$(VERSION)

dkms-install:
	@for f in $(MODULE_SRCS); do \
		$(INSTALL) -D -m 0644 "$$f" "$(DKMS_TREE)/$$f" || exit 1; \
	done
	sed '/^PACKAGE_VERSION=/s/@VERSION@/$(VERSION)/' dkms.conf >$(DKMS_TREE)/dkms.conf
	@echo "staged $(DKMS_TREE); then: dkms install hvpart/$(VERSION)"

clean:
	rm -rf $(BUILD)

# Build roots hold root-owned files; guest kernels are re-fetched on demand.
distclean-cache:
	rm -rf $(HVPART_CACHE)
