#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's YNL tooling and schemas, from Debian 13 (trixie)'s
# linux-source-6.12: Documentation/netlink (the schemas, genetlink-legacy.yaml
# among them) and tools/net/ynl (ynl-gen-c.py and its lib), unpacked from
# the package's source tarball into $HVPART_CACHE/ynl-VERSION, once per
# Debian version of the package.  Nothing of it is kept in this tree.
#
#	tests/netlink/fetch_ynl.sh	print that folder, fetching it if needed
#
# The package comes through scripts/apt-get.sh (download only, the host's
# apt untouched).  Offline, the newest folder already unpacked is used.
set -euo pipefail

log() { echo "fetch_ynl: $*" >&2; }
die() { log "error: $*"; exit 1; }

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
pkg=linux-source-6.12
suite=trixie

# The newest complete folder in the cache, for when the archive is out of
# reach.
cached() {
	local d

	d=$(find "$cache" -maxdepth 1 -name 'ynl-*' 2>/dev/null |
		sort -V | while read -r d; do
			[ -f "$d/.complete" ] && echo "$d"
		done | tail -n 1)
	[ -n "$d" ] && echo "$d"
}

# The version of $pkg in $suite, from the download-only lists.
version() {
	local list

	"$top/scripts/apt-get.sh" update || return 1
	list=$(find "$cache/apt/state/lists" -maxdepth 1 \
		-name "*_dists_${suite}_main_binary-amd64_Packages*" | head -n 1)
	[ -n "$list" ] || return 1
	/usr/lib/apt/apt-helper cat-file "$list" |
		awk -v p="$pkg" '/^Package: /{ n = $2 } n == p && /^Version: /{ print $2 }' |
		sort -V | tail -n 1
}

if ! ver=$(version) || [ -z "$ver" ]; then
	dir=$(cached) || die "cannot resolve $pkg in $suite, and nothing cached"
	log "archive out of reach; using $dir"
	echo "$dir"
	exit 0
fi
dir=$cache/ynl-$ver
if [ -f "$dir/.complete" ]; then
	echo "$dir"
	exit 0
fi

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.ynl.XXXXXX")
# shellcheck disable=SC2064 # expand now
trap "rm -rf '$tmp'" EXIT
log "fetching $pkg $ver ($suite) for the YNL tools (once; ~150 MB)"
"$top/scripts/apt-get.sh" download "$tmp/deb" "$pkg=$ver" >/dev/null ||
	die "download of $pkg $ver failed"
deb=$(find "$tmp/deb" -name "${pkg}_*.deb" | head -n 1)
[ -n "$deb" ] || die "no $pkg .deb downloaded"
mkdir -p "$tmp/ynl"
# Only the two folders, out of the source tarball inside the package.
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/src/$pkg.tar.xz" |
	tar -xJf - -C "$tmp/ynl" --strip-components=1 \
		"$pkg/Documentation/netlink" "$pkg/tools/net/ynl" ||
	die "unpacking $deb failed"
[ -f "$tmp/ynl/tools/net/ynl/ynl-gen-c.py" ] ||
	die "$deb has no tools/net/ynl/ynl-gen-c.py"
echo "$pkg $ver ($suite)" >"$tmp/ynl/.source"
touch "$tmp/ynl/.complete"
if ! mv -T "$tmp/ynl" "$dir" 2>/dev/null; then
	[ -f "$dir/.complete" ] || die "could not move the tools into $dir"
fi
echo "$dir"
