#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The arm64 QEMU guest: Debian's arm64 kernel of the same ABI as the amd64
# headers installed on this host, its headers for cross-building the
# module, and an arm64 busybox for the initramfs.
#
#   scripts/guest-kernel-arm64.sh [--dir]   ensure and print the cache dir
#   scripts/guest-kernel-arm64.sh --headers print the headers dir
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

usage() {
	echo "usage: $0 [--dir | --headers]" >&2
	exit 2
}

KBUILD=/usr/lib/linux-kbuild-6.1

# $1: dir, $2...: packages; apt-get download into $1.
download() {
	local dir=$1
	shift
	(cd "$dir" && apt-get -q -o APT::Sandbox::User=root download "$@" >&2) ||
		die "apt-get download $* failed (dpkg --add-architecture arm64 and apt-get update?)"
}

# $1: dir, $2: package name; print the one .deb of it in $1.
deb_of() {
	local deb

	deb=$(find "$1" -maxdepth 1 -name "${2}_*_arm64.deb" | head -n 1)
	[ -n "$deb" ] || die "no $2 .deb downloaded"
	echo "$deb"
}

# $1: krel, $2: final cache dir.
build_cache() {
	local krel=$1 dir=$2 parent tmp hdr

	parent=$(dirname "$dir")
	mkdir -p "$parent"
	tmp=$(mktemp -d "$parent/.guest-$krel.XXXXXX")
	# shellcheck disable=SC2064 # expand now: $tmp is local
	trap "rm -rf '$tmp'" EXIT

	log "downloading linux-image-$krel, linux-headers-$krel, busybox-static (arm64; not installed)"
	mkdir -p "$tmp/deb" "$tmp/img" "$tmp/hdr" "$tmp/bb" "$tmp/out"
	download "$tmp/deb" "linux-image-$krel:arm64" "linux-headers-$krel:arm64" \
		busybox-static:arm64

	dpkg-deb -x "$(deb_of "$tmp/deb" "linux-image-$krel")" "$tmp/img"
	dpkg-deb -x "$(deb_of "$tmp/deb" "linux-headers-$krel")" "$tmp/hdr"
	dpkg-deb -x "$(deb_of "$tmp/deb" busybox-static)" "$tmp/bb"
	[ -f "$tmp/img/boot/vmlinuz-$krel" ] || die "no boot/vmlinuz-$krel"
	[ -d "$tmp/img/lib/modules/$krel" ] || die "no lib/modules/$krel"
	[ -x "$tmp/bb/bin/busybox" ] || die "no bin/busybox in busybox-static"
	hdr=$tmp/hdr/usr/src/linux-headers-$krel
	[ -f "$hdr/Makefile" ] || die "no usr/src/linux-headers-$krel"

	mv "$tmp/img/boot/vmlinuz-$krel" "$tmp/out/vmlinuz"
	mv "$tmp/img/lib/modules/$krel" "$tmp/out/modules"
	mv "$tmp/bb/bin/busybox" "$tmp/out/busybox"
	# The modules tree's build link points at /usr/src; ours is here.
	rm -f "$tmp/out/modules/build" "$tmp/out/modules/source"
	rm -f "$hdr/scripts" "$hdr/tools"
	ln -s "$KBUILD/scripts" "$hdr/scripts"
	ln -s "$KBUILD/tools" "$hdr/tools"
	mv "$hdr" "$tmp/out/headers"
	echo "$krel" > "$tmp/out/krel"

	if ! mv -T "$tmp/out" "$dir" 2>/dev/null; then
		[ -f "$dir/vmlinuz" ] || die "could not move the cache into $dir"
		log "$dir appeared meanwhile; using it"
	fi
	rm -rf "$tmp"
	trap - EXIT
	log "cached in $dir"
}

mode=dir
case $# in
0) ;;
1)
	case $1 in
	--dir) mode=dir ;;
	--headers) mode=headers ;;
	*) usage ;;
	esac
	;;
*) usage ;;
esac

# Same ABI as the amd64 guest, so both builds share linux-headers-*-common.
amd64=$(basename "$("$(dirname "$0")/guest-kernel.sh" --headers)")
krel=${amd64#linux-headers-}
krel=${krel%-amd64}-arm64
[ -d "$KBUILD/scripts" ] || die "no $KBUILD (apt-get install linux-kbuild-6.1)"

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
dir=$cache/guest-$krel
if ! { [ -f "$dir/vmlinuz" ] && [ -d "$dir/modules" ] &&
       [ -f "$dir/headers/Makefile" ] && [ -x "$dir/busybox" ]; }; then
	[ ! -e "$dir" ] || die "$dir exists but is incomplete; remove it"
	build_cache "$krel" "$dir"
fi
if [ "$mode" = headers ]; then
	echo "$dir/headers"
else
	echo "$dir"
fi
