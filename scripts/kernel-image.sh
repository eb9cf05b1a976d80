#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack Debian kernel KREL for ARCH into OUT: OUT/vmlinuz (the image QEMU
# boots) and OUT/modules (its /lib/modules/KREL tree, without the build
# and source links).  For scripts/guest-kernel.sh and guest-kernel-arm64.sh.
#
#   scripts/kernel-image.sh KREL ARCH OUT
#
# The packages are downloaded by the host's apt where its suites have
# them, else by scripts/apt-get.sh; never installed.  Newer kernels split
# linux-image-KREL: it depends on linux-binary-KREL (the image, in
# /usr/lib/modules/KREL/vmlinuz) and linux-modules-KREL, fetched along.
# Debian 13's packages put everything under /usr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
log() { echo "kernel-image: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 3 ] || { echo "usage: $0 KREL ARCH OUT" >&2; exit 2; }
krel=$1 arch=$2 out=$3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kernel-image.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/deb" "$tmp/root" "$out"

# $1: package; prints its .deb.
fetch() {
	local deb

	if ! (cd "$tmp/deb" && apt-get -q -o APT::Sandbox::User=root download \
	      "$1:$arch" >/dev/null 2>&1); then
		"$here/apt-get.sh" download "$tmp/deb" "$1:$arch" ||
			die "no package $1:$arch (apt-get update?)"
	fi
	deb=$(find "$tmp/deb" -maxdepth 1 -name "${1}_*_${arch}.deb" | head -n 1)
	[ -n "$deb" ] || die "no $1 .deb downloaded"
	echo "$deb"
}

log "downloading linux-image-$krel ($arch; not installed on the host)"
image=$(fetch "linux-image-$krel")
dpkg-deb -x "$image" "$tmp/root"
for part in linux-binary linux-modules; do
	dpkg-deb -f "$image" Depends | grep -q "$part-$krel" || continue
	dpkg-deb -x "$(fetch "$part-$krel")" "$tmp/root"
done
mods=
for d in "$tmp/root/lib/modules/$krel" "$tmp/root/usr/lib/modules/$krel"; do
	[ -d "$d" ] && mods=$d
done
[ -n "$mods" ] || die "no lib/modules/$krel in linux-image-$krel"
vmlinuz=$tmp/root/boot/vmlinuz-$krel
[ -f "$vmlinuz" ] || vmlinuz=$mods/vmlinuz
[ -f "$vmlinuz" ] || die "no vmlinuz-$krel in linux-image-$krel"
mv "$vmlinuz" "$out/vmlinuz"
rm -f "$mods/build" "$mods/source"
mv "$mods" "$out/modules"
