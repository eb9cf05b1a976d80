#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The x86_64 QEMU guest kernel: Debian's generic amd64 kernel whose headers
# are installed on this host (the newest linux-headers-<ver>-<abi>-amd64),
# or any Debian amd64 kernel by its release (--krel: the kernel matrix).
#
#   scripts/guest-kernel.sh --headers   print the headers dir to build against
#   scripts/guest-kernel.sh [--dir]     ensure and print the cache dir
#   scripts/guest-kernel.sh --krel KREL [--dir]
#                                       the same for release KREL (e.g.
#                                       6.12.117+deb13-amd64), fetched
#                                       through scripts/apt-get.sh
#
# The cache dir, $HVPART_CACHE/guest-<krel> (HVPART_CACHE defaults to
# ~/.cache/hvpart), holds:
#   vmlinuz    the bzImage
#   vmlinux    the uncompressed kernel pulled out of it (boots through PVH,
#              about twice as fast as the bzImage under TCG)
#   modules/   the image's /lib/modules/<krel> tree (kvm.ko, ...)
#
# The image package is downloaded and unpacked (scripts/kernel-image.sh),
# never installed on the host.
# The cache is built in a temp dir and renamed into place, so it is either
# complete or absent; a warm cache costs nothing.  Logs go to stderr, only
# the path goes to stdout.
set -euo pipefail

log() { echo "guest-kernel: $*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=scripts/lib/cache.sh
. "$(dirname "$0")/lib/cache.sh"

usage() {
	echo "usage: $0 [--headers | [--krel KREL] [--dir]]" >&2
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
		# 6.1.0-57-amd64 (Debian 12), 6.12.117+deb13-amd64 (Debian 13)
		[[ $d =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?(-[0-9]+|\+deb[0-9]+)-amd64$ ]] || continue
		rels+=("$d")
	done
	[ ${#rels[@]} -gt 0 ] ||
		die "no /usr/src/linux-headers-*-amd64 (apt-get install linux-headers-amd64)"
	best=$(printf '%s\n' "${rels[@]}" | sort -V | tail -n 1)
	echo "$best"
}

# $1: bzImage, $2: output vmlinux.  The payload is xz (6.1) or zstd
# (6.12 on): find a stream's magic and decompress from there; trailing
# bytes after the stream are ignored.
extract_vmlinux() {
	python3 - "$1" "$2" <<'EOF'
import lzma
import subprocess
import sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()


def unxz(blob):
    try:
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(blob)
    except lzma.LZMAError:
        return b""


def unzstd(blob):
    # zstd stops at the end of the frame and complains about the rest.
    run = subprocess.run(["zstd", "-dcq"], input=blob, capture_output=True)
    return run.stdout


for magic, unpack in ((b"\xfd7zXZ\x00", unxz), (b"\x28\xb5\x2f\xfd", unzstd)):
    pos = data.find(magic)
    while pos >= 0:
        out = unpack(data[pos:])
        if out[:4] == b"\x7fELF":
            open(dst, "wb").write(out)
            sys.exit(0)
        pos = data.find(magic, pos + 1)
sys.exit("no xz- or zstd-compressed ELF payload in " + src)
EOF
}

# $1: krel, $2: final cache dir.
build_cache() {
	local krel=$1 dir=$2 tmp

	cache_build_start "$dir"
	tmp=$cache_tmp
	mkdir "$tmp/out"
	"$here/kernel-image.sh" "$krel" amd64 "$tmp/out" ||
		die "could not unpack linux-image-$krel"
	log "extracting vmlinux from the bzImage"
	extract_vmlinux "$tmp/out/vmlinuz" "$tmp/out/vmlinux"
	echo "$krel" > "$tmp/out/krel"
	cache_build_finish "$dir" vmlinux
}

here=$(cd "$(dirname "$0")" && pwd)
mode=dir
krel=
while [ $# -gt 0 ]; do
	case $1 in
	--headers) mode=headers; shift ;;
	--dir) mode=dir; shift ;;
	--krel)
		[ $# -ge 2 ] || usage
		krel=$2
		[[ $krel =~ ^[0-9]+\.[0-9][0-9.]*[-+][A-Za-z0-9.+-]*amd64$ ]] ||
			die "--krel wants a Debian amd64 release such as 6.12.117+deb13-amd64"
		shift 2
		;;
	*) usage ;;
	esac
done

if [ "$mode" = headers ]; then
	[ -z "$krel" ] || usage
	echo "/usr/src/linux-headers-$(find_headers)"
	exit 0
fi
[ -n "$krel" ] || krel=$(find_headers)

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
dir=$cache/guest-$krel
if [ -f "$dir/vmlinux" ] && [ -f "$dir/vmlinuz" ] && [ -d "$dir/modules" ]; then
	echo "$dir"
	exit 0
fi
build_cache "$krel" "$dir"
echo "$dir"
