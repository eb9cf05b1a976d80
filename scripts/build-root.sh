#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A Debian 13 (trixie) build root, for kernels built with gcc-14 (trixie's
# 6.12 and trixie-backports' 7.x): their headers' kbuild programs need
# trixie's libc and their modules its compiler, which a Debian 12 host has
# neither of.  Made once with mmdebstrap and cached; kernel headers are
# unpacked into it on demand (dpkg-deb -x), never installed on the host.
#
#   scripts/build-root.sh                      ensure and print the root
#   scripts/build-root.sh headers KREL [ARCH]  unpack linux-headers-KREL
#                                              (ARCH amd64 or arm64) into
#                                              it; print the headers dir
#                                              as seen inside the root
#   scripts/build-root.sh run CMD...           CMD in the root, with /proc
#
# The root is $HVPART_CACHE/root-trixie-<hash of its package list>, built
# in a temp dir and renamed into place.  Needs root (chroot, mount).
set -euo pipefail

log() { echo "build-root: $*" >&2; }
die() { log "error: $*"; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
mirror=${HVPART_MIRROR:-http://deb.debian.org/debian}
PKGS=build-essential,gcc-14,make,libelf-dev,sparse,bc,flex,bison,libssl-dev
PKGS+=,kmod,dwarves,python3,cpio,xz-utils,zstd,gcc-aarch64-linux-gnu
key=$(echo "trixie $PKGS" | sha256sum | cut -c1-12)
root=$cache/root-trixie-$key

ensure_root() {
	local tmp

	[ -f "$root/.complete" ] && return 0
	[ "$(id -u)" -eq 0 ] || die "needs root (mmdebstrap, chroot)"
	command -v mmdebstrap >/dev/null ||
		die "no mmdebstrap (apt-get install mmdebstrap)"
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.root-trixie.XXXXXX")
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf '$tmp'" EXIT
	log "mmdebstrap trixie into $root (once; about a minute)"
	mmdebstrap --quiet --variant=apt --include="$PKGS" trixie "$tmp/root" \
		"$mirror" >&2 || die "mmdebstrap failed"
	touch "$tmp/root/.complete"
	if ! mv -T "$tmp/root" "$root" 2>/dev/null; then
		[ -f "$root/.complete" ] || die "could not move the root into $root"
	fi
	rm -rf "$tmp"
	trap - EXIT
}

# run CMD...: in the root, with /proc (objtool reads its limits there).
run_in_root() {
	local rc=0

	mkdir -p "$root/proc"
	mount -t proc proc "$root/proc"
	chroot "$root" "$@" || rc=$?
	umount "$root/proc"
	return $rc
}

# headers KREL ARCH: linux-headers-KREL-ARCH, its -common and the kbuild
# programs (amd64: the arm64 package's are arm64 binaries, so an arm64
# tree gets the amd64 ones, as a cross build needs).
unpack_headers() {
	local krel=$1 arch=$2 ver tmp deb
	local hdr=/usr/src/linux-headers-$krel-$arch

	if [ -f "$root$hdr/.complete" ]; then
		echo "$hdr"
		return 0
	fi
	ver=${krel%%-*}
	ver=${ver%%+*}
	tmp=$(mktemp -d "$cache/.headers.XXXXXX")
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf '$tmp'" EXIT
	log "unpacking linux-headers-$krel-$arch into the root"
	"$here/apt-get.sh" download "$tmp" "linux-headers-$krel-$arch:$arch" \
		"linux-headers-$krel-common" "linux-kbuild-$krel:amd64" >&2
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	[ -f "$root$hdr/Makefile" ] || die "no $hdr/Makefile after unpacking"
	if [ "$arch" != amd64 ]; then
		rm -f "$root$hdr/scripts" "$root$hdr/tools"
		ln -s "/usr/lib/linux-kbuild-$krel/scripts" "$root$hdr/scripts"
		ln -s "/usr/lib/linux-kbuild-$krel/tools" "$root$hdr/tools"
	fi
	touch "$root$hdr/.complete"
	rm -rf "$tmp"
	trap - EXIT
	echo "$hdr"
}

cmd=${1:-root}
case $cmd in
root)
	ensure_root
	echo "$root"
	;;
headers)
	[ $# -ge 2 ] || die "headers KREL [ARCH]"
	ensure_root
	unpack_headers "$2" "${3:-amd64}"
	;;
run)
	shift
	[ $# -ge 1 ] || die "run CMD..."
	ensure_root
	run_in_root "$@"
	;;
*)
	die "unknown command $cmd"
	;;
esac
