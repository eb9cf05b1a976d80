#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of Debian's linux-source-6.1, extracted once into
# $HVPART_CACHE and keyed by the package version.
set -euo pipefail

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
tarball=/usr/src/linux-source-6.1.tar.xz
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src=$cache/linux-source-$version
mkdir -p "$cache"

if [ ! -d "$src" ]; then
	echo "linux-source: extracting $tarball" >&2
	tmp=$(mktemp -d "$cache/extract.XXXXXX")
	tar -xf "$tarball" -C "$tmp"
	mv "$tmp/linux-source-6.1" "$src"
	rmdir "$tmp"
fi
echo "$src"
