#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages a make target needs, if missing.
#
#   scripts/deps.sh [GROUP...]          default: check
#   scripts/deps.sh --list [GROUP...]   print the packages, install nothing
#
# GROUP is what a target needs (each includes the ones before it where
# it says so):
#   tools   hvctl on the host: a compiler and libnl
#   demo    make demo / make guest's module: tools + the guest kernel's
#           headers, QEMU for x86_64, busybox-static, what unpacks the
#           kernel (python3, xz, zstd) and builds the initramfs (cpio, kmod)
#   e2e     make e2e / make guest: demo + the -m32 compiler
#   bench   make bench: e2e + gnuplot
#   arm64   make guest-arm64 / e2e-arm64: QEMU for arm64, the cross
#           compiler, libnl for arm64, Debian 12's kbuild programs
#   root    make check on Debian 13: mmdebstrap, which makes the Debian 12
#           root the suite runs in (scripts/debian12-root.sh)
#   check   make check: all of the above, sparse, the kernel source for
#           KUnit and the debug kernels, clang for libFuzzer, the man and
#           spec tools, mmdebstrap for the kernel matrix and check-fresh
#
# Debian 12 (bookworm) and 13 (trixie) name some packages differently; the
# names below follow /etc/os-release.
set -euo pipefail

log() { echo "deps: $*" >&2; }

codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
case $codename in
trixie|forky|sid) gccver=14; clangver=19 ;;
*) gccver=12; clangver=14 ;;
esac

group_pkgs() {
	case $1 in
	tools)
		echo build-essential pkg-config libnl-genl-3-dev libnl-3-dev
		;;
	demo)
		group_pkgs tools
		echo linux-headers-amd64 qemu-system-x86 busybox-static python3 \
			xz-utils zstd cpio kmod
		;;
	e2e)
		group_pkgs demo
		# gcc-N-multilib, not the gcc-multilib metapackage: that one
		# conflicts with every cross compiler (its /usr/include/asm link
		# would shadow theirs); the -m32 build links asm itself (Makefile,
		# M32_INCLUDE).
		echo "gcc-$gccver-multilib"
		;;
	bench)
		group_pkgs e2e
		echo gnuplot-nox
		;;
	arm64)
		group_pkgs demo
		echo qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
			libnl-genl-3-dev:arm64 libnl-3-dev:arm64 linux-kbuild-6.1
		;;
	root)
		echo mmdebstrap
		;;
	check)
		group_pkgs bench
		group_pkgs arm64
		echo git linux-source-6.1 sparse bc flex bison libelf-dev libssl-dev \
			rsync python3-yaml python3-jsonschema groff-base man-db \
			clang "libclang-rt-$clangver-dev" mmdebstrap dwarves
		;;
	*)
		log "unknown group $1 (tools, demo, e2e, bench, arm64, root, check)"
		exit 2
		;;
	esac
}

list=
if [ "${1:-}" = --list ]; then
	list=1
	shift
fi
[ $# -gt 0 ] || set -- check
pkgs=()
for g in "$@"; do
	# shellcheck disable=SC2207 # package names have no spaces
	pkgs+=($(group_pkgs "$g"))
done

if [ -n "$list" ]; then
	printf '%s\n' "${pkgs[@]}" | sort -u
	exit 0
fi

missing=()
foreign=
declare -A seen=()
for p in "${pkgs[@]}"; do
	[ -z "${seen[$p]:-}" ] || continue
	seen[$p]=1
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
	case $p in *:arm64) foreign=1 ;; esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

log "installing ${missing[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
# libnl's arm64 archives (for the arm64 guest's static hvctl) need the
# foreign architecture.
if [ -n "$foreign" ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$SUDO dpkg --add-architecture arm64
fi
$SUDO apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
	"${missing[@]}" >&2
