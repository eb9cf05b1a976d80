#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run hvpart's KUnit suites under UML with kunit.py from Debian's
# linux-source-6.1.  The extracted source and the build are cached under
# $HVPART_CACHE, keyed by the source package version; this checkout is
# linked into the tree as drivers/hvpart.
#
# Prints kunit.py's output and ends with "kunit: N passed, N failed".
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src=$("$top/scripts/linux-source.sh" --link)
build=$cache/kunit-uml-$version

# UML keeps its memory in a file under TMPDIR: keep it on disk.
export TMPDIR=$cache/tmp
mkdir -p "$TMPDIR"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
(cd "$src" && ./tools/testing/kunit/kunit.py run --build_dir="$build" \
	--kunitconfig="$top/tests/kunit" --jobs="$(nproc)" \
	--json="$build/hvpart-kunit.json") 2>&1 | tee "$log" || rc=$?

# Count every test case, parameterised ones once per parameter.
counts=$(python3 "$top/scripts/kunit-count.py" "$build/hvpart-kunit.json")
read -r passed failed skipped <<<"$counts"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
fi
echo "kunit: $passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
