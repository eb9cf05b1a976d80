#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The arm64 QEMU guest: Debian's arm64 kernel of the same ABI as the amd64
# headers installed on this host, its headers for cross-building the
# module, and an arm64 busybox for the initramfs.
#
#   scripts/guest-kernel-arm64.sh [--dir]   ensure and print the cache dir
#   scripts/guest-kernel-arm64.sh --headers print the headers dir
#   scripts/guest-kernel-arm64.sh --krel KREL
#                                  the cache dir of Debian arm64 kernel
#                                  KREL (e.g. 6.12.117+deb13-arm64), from
#                                  scripts/apt-get.sh, without headers/
#                                  (scripts/build-root.sh builds for it)
#
# The cache dir, $HVPART_CACHE/guest-<krel> (krel like 6.1.0-57-arm64),
# holds:
#   vmlinuz    the kernel image QEMU boots (KVM built in, VHE at EL2)
#   modules/   the image's /lib/modules/<krel> tree
#   headers/   linux-headers-<krel>, with scripts/ and tools/ pointing at
#              the host's linux-kbuild-6.1: the packaged ones are arm64
#              binaries, and the host's are the same version
#   busybox    busybox-static for arm64
#
# Packages are downloaded and unpacked, never installed.  The cache is
# built in a temp dir and renamed into place, so it is either complete or
# absent.  Logs go to stderr, only the path goes to stdout.
set -euo pipefail

log() { echo "guest-kernel-arm64: $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=scripts/lib/cache.sh
. "$(dirname "$0")/lib/cache.sh"

usage() {
	echo "usage: $0 [--dir | --headers | --krel KREL]" >&2
	exit 2
}

KBUILD=/usr/lib/linux-kbuild-6.1

# $1: dir, $2...: packages; apt-get download into $1.
download() {
	local dir=$1
	shift
	if [ -n "$krel_opt" ]; then
		"$here/apt-get.sh" download "$dir" "$@" || die "apt-get.sh download $* failed"
		return 0
	fi
	(cd "$dir" && apt-get -q -o APT::Sandbox::User=root download "$@" >&2) ||
		die "apt-get download $* failed (dpkg --add-architecture arm64 and apt-get update?)"
}

deb_of() {
	local deb

	deb=$(find "$1" -maxdepth 1 -name "${2}_*_arm64.deb" | head -n 1)
	[ -n "$deb" ] || die "no $2 .deb downloaded"
	echo "$deb"
}

# $1: krel, $2: final cache dir.
build_cache() {
	local krel=$1 dir=$2 tmp hdr bb

	cache_build_start "$dir"
	tmp=$cache_tmp
	log "downloading linux-image-$krel, busybox-static (arm64; not installed)"
	mkdir -p "$tmp/deb" "$tmp/hdr" "$tmp/bb" "$tmp/out"
	"$here/kernel-image.sh" "$krel" arm64 "$tmp/out" ||
		die "could not unpack linux-image-$krel"
	download "$tmp/deb" busybox-static:arm64
	dpkg-deb -x "$(deb_of "$tmp/deb" busybox-static)" "$tmp/bb"
	bb=$tmp/bb/bin/busybox
	[ -x "$bb" ] || bb=$tmp/bb/usr/bin/busybox
	[ -x "$bb" ] || die "no bin/busybox in busybox-static"
	mv "$bb" "$tmp/out/busybox"
	echo "$krel" > "$tmp/out/krel"
	if [ -z "$krel_opt" ]; then
		download "$tmp/deb" "linux-headers-$krel:arm64"
		dpkg-deb -x "$(deb_of "$tmp/deb" "linux-headers-$krel")" "$tmp/hdr"
		hdr=$tmp/hdr/usr/src/linux-headers-$krel
		[ -f "$hdr/Makefile" ] || die "no usr/src/linux-headers-$krel"
		rm -f "$hdr/scripts" "$hdr/tools"
		ln -s "$KBUILD/scripts" "$hdr/scripts"
		ln -s "$KBUILD/tools" "$hdr/tools"
		mv "$hdr" "$tmp/out/headers"
	fi
	cache_build_finish "$dir" vmlinuz
}

here=$(cd "$(dirname "$0")" && pwd)
mode=dir
krel_opt=
case $# in
0) ;;
1)
	case $1 in
	--dir) mode=dir ;;
	--headers) mode=headers ;;
	*) usage ;;
	esac
	;;
2)
	[ "$1" = --krel ] || usage
	krel_opt=$2
	[[ $krel_opt =~ ^[0-9]+\.[0-9][0-9.]*[-+][A-Za-z0-9.+-]*arm64$ ]] ||
		die "--krel wants a Debian arm64 release such as 6.12.117+deb13-arm64"
	;;
*) usage ;;
esac

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
if [ -n "$krel_opt" ]; then
	krel=$krel_opt
	dir=$cache/guest-$krel
	if ! { [ -f "$dir/vmlinuz" ] && [ -d "$dir/modules" ] && [ -x "$dir/busybox" ]; }; then
		build_cache "$krel" "$dir"
	fi
	echo "$dir"
	exit 0
fi

# Same ABI as the amd64 guest, so both builds share linux-headers-*-common.
amd64=$(basename "$("$here/guest-kernel.sh" --headers)")
krel=${amd64#linux-headers-}
krel=${krel%-amd64}-arm64
[ -d "$KBUILD/scripts" ] || die "no $KBUILD (apt-get install linux-kbuild-6.1)"

dir=$cache/guest-$krel
if ! { [ -f "$dir/vmlinuz" ] && [ -d "$dir/modules" ] &&
       [ -f "$dir/headers/Makefile" ] && [ -x "$dir/busybox" ]; }; then
	build_cache "$krel" "$dir"
fi
if [ "$mode" = headers ]; then
	echo "$dir/headers"
else
	echo "$dir"
fi
