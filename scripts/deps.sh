#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages hvpart's build and tests need, if missing.
set -euo pipefail

# gcc-12-multilib, not the gcc-multilib metapackage: that one conflicts
# with every cross compiler (its /usr/include/asm link would shadow theirs);
# the -m32 build gets the asm link of its own (Makefile, M32_INCLUDE).
pkgs=(build-essential gcc-12-multilib linux-headers-amd64 linux-source-6.1 linux-kbuild-6.1
      qemu-system-x86 busybox-static libnl-genl-3-dev libnl-3-dev sparse
      bc flex bison libelf-dev libssl-dev pkg-config cpio xz-utils kmod
      python3 rsync python3-yaml python3-jsonschema groff-base man-db
      clang libclang-rt-14-dev gnuplot-nox
      qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
      libnl-genl-3-dev:arm64 libnl-3-dev:arm64)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
# libnl's arm64 archives (for the arm64 guest's static hvctl) and the
# arm64 kernel packages need the foreign architecture.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$SUDO dpkg --add-architecture arm64
fi
$SUDO apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >&2
