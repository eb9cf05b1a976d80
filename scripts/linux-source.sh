#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of Debian's linux-source-6.1, extracted once into
# $HVPART_CACHE and keyed by the package version.
#
#   scripts/linux-source.sh --link   also link this checkout into the tree
#                                    as drivers/hvpart (for kunit.py)
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
if [ "${1:-}" = --link ]; then
	top=$(cd "$(dirname "$0")/.." && pwd)
	# Make decides by timestamps: objects built from another checkout
	# linked here earlier can look newer than this one's sources.  Drop
	# every KUnit build's when the link moves.
	if [ "$(readlink "$src/drivers/hvpart" 2>/dev/null)" != "$top" ]; then
		rm -rf "$cache"/kunit-*-"$version"/drivers/hvpart
	fi
	ln -sfn "$top" "$src/drivers/hvpart"
	grep -q '^obj-\$(CONFIG_HVPART)' "$src/drivers/Makefile" ||
		echo 'obj-$(CONFIG_HVPART) += hvpart/' >> "$src/drivers/Makefile"
	grep -q 'drivers/hvpart/Kconfig' "$src/drivers/Kconfig" ||
		echo 'source "drivers/hvpart/Kconfig"' >> "$src/drivers/Kconfig"
fi
echo "$src"
