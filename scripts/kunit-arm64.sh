#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run hvpart's KUnit suites on arm64: kunit.py --arch=arm64 cross-builds a
# kernel from Debian's linux-source-6.1 with the suites built in and boots
# it in qemu-system-aarch64 (virt).  The build is cached under
# $HVPART_CACHE, keyed by the source package version; this checkout is
# linked into the tree as drivers/hvpart, as for scripts/kunit-uml.sh.
#
# Prints kunit.py's output and ends with "kunit-arm64: N passed, N failed".
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/kunit.sh
. "$top/scripts/lib/kunit.sh"
cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)

kunit_run kunit-arm64 "$cache/kunit-arm64-$version" --arch=arm64 \
	--cross_compile=aarch64-linux-gnu- --timeout=600
