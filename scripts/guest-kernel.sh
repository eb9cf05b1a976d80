#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The x86_64 QEMU guest kernel: Debian's generic amd64 kernel whose headers
# are installed on this host (the newest linux-headers-<ver>-<abi>-amd64).
#
#   scripts/guest-kernel.sh --headers   print the headers dir to build against
#   scripts/guest-kernel.sh [--dir]     ensure and print the cache dir
#
# The cache dir, $HVPART_CACHE/guest-<krel> (HVPART_CACHE defaults to
# ~/.cache/hvpart), holds:
#   vmlinuz    the bzImage
#   vmlinux    the uncompressed kernel pulled out of it (boots through PVH,
#              about twice as fast as the bzImage under TCG)
#   modules/   the image's /lib/modules/<krel> tree (kvm.ko, ...)
#
# The image package is downloaded and unpacked, never installed on the host.
# The cache is built in a temp dir and renamed into place, so it is either
# complete or absent; a warm cache costs nothing.  Logs go to stderr, only
# the path goes to stdout.
set -euo pipefail

log() { echo "guest-kernel: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	echo "usage: $0 [--headers | --dir]" >&2
	exit 2
}

# Newest installed generic amd64 headers; flavours such as cloud-amd64 or
# rt-amd64 are skipped: the guest boots the generic kernel.
find_headers() {
	local d best=
	local -a rels=()

	for d in /usr/src/linux-headers-*-amd64; do
		[ -d "$d" ] || continue
		d=${d#/usr/src/linux-headers-}
		[[ $d =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?-[0-9]+-amd64$ ]] || continue
		rels+=("$d")
	done
	[ ${#rels[@]} -gt 0 ] ||
		die "no /usr/src/linux-headers-*-amd64 (apt-get install linux-headers-amd64)"
	best=$(printf '%s\n' "${rels[@]}" | sort -V | tail -n 1)
	echo "$best"
}

# $1: bzImage, $2: output vmlinux.  The payload is xz: find the stream's
# magic and decompress it; trailing bytes after the stream are ignored.
extract_vmlinux() {
	python3 - "$1" "$2" <<'EOF'
import lzma
import sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
magic = b"\xfd7zXZ\x00"
pos = data.find(magic)
while pos >= 0:
    try:
        out = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[pos:])
    except lzma.LZMAError:
        out = b""
    if out[:4] == b"\x7fELF":
        open(dst, "wb").write(out)
        sys.exit(0)
    pos = data.find(magic, pos + 1)
sys.exit("no xz-compressed ELF payload in " + src)
EOF
}

# $1: krel, $2: final cache dir.
build_cache() {
	local krel=$1 dir=$2 parent tmp deb

	parent=$(dirname "$dir")
	mkdir -p "$parent"
	tmp=$(mktemp -d "$parent/.guest-$krel.XXXXXX")
	# shellcheck disable=SC2064 # expand now: $tmp is local
	trap "rm -rf '$tmp'" EXIT

	log "downloading linux-image-$krel (not installed on the host)"
	mkdir -p "$tmp/deb"
	(cd "$tmp/deb" &&
	 apt-get -q -o APT::Sandbox::User=root download "linux-image-$krel" >&2) ||
		die "apt-get download linux-image-$krel failed (apt-get update?)"
	deb=$(find "$tmp/deb" -maxdepth 1 -name "linux-image-${krel}_*.deb" | head -n 1)
	[ -n "$deb" ] || die "no linux-image-$krel .deb downloaded"

	log "unpacking $(basename "$deb")"
	dpkg-deb -x "$deb" "$tmp/root"
	[ -f "$tmp/root/boot/vmlinuz-$krel" ] || die "no boot/vmlinuz-$krel in $deb"
	[ -d "$tmp/root/lib/modules/$krel" ] || die "no lib/modules/$krel in $deb"

	mkdir "$tmp/out"
	mv "$tmp/root/boot/vmlinuz-$krel" "$tmp/out/vmlinuz"
	mv "$tmp/root/lib/modules/$krel" "$tmp/out/modules"
	log "extracting vmlinux from the bzImage"
	extract_vmlinux "$tmp/out/vmlinuz" "$tmp/out/vmlinux"
	echo "$krel" > "$tmp/out/krel"

	# Another run may have finished first: keep its cache, drop ours.
	if ! mv -T "$tmp/out" "$dir" 2>/dev/null; then
		[ -f "$dir/vmlinux" ] || die "could not move the cache into $dir"
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
	--headers) mode=headers ;;
	--dir) mode=dir ;;
	-h|--help) usage ;;
	*) usage ;;
	esac
	;;
*) usage ;;
esac

krel=$(find_headers)
if [ "$mode" = headers ]; then
	echo "/usr/src/linux-headers-$krel"
	exit 0
fi

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
dir=$cache/guest-$krel
if [ -f "$dir/vmlinux" ] && [ -f "$dir/vmlinuz" ] && [ -d "$dir/modules" ]; then
	echo "$dir"
	exit 0
fi
[ ! -e "$dir" ] || die "$dir exists but is incomplete; remove it"
build_cache "$krel" "$dir"
echo "$dir"
