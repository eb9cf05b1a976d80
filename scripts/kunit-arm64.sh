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
cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src=$("$top/scripts/linux-source.sh" --link)
build=$cache/kunit-arm64-$version

rc=0
(cd "$src" && ./tools/testing/kunit/kunit.py run --arch=arm64 \
	--cross_compile=aarch64-linux-gnu- --build_dir="$build" \
	--kunitconfig="$top/tests/kunit" --jobs="$(nproc)" --timeout=600 \
	--json="$build/hvpart-kunit.json") 2>&1 || rc=$?

counts=$(python3 "$top/scripts/kunit-count.py" "$build/hvpart-kunit.json" 2>/dev/null ||
	 echo "0 0 0")
read -r passed failed skipped <<<"$counts"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
fi
echo "kunit-arm64: $passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
