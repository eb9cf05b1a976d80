# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced, not run: running hvpart's KUnit suites with kunit.py from
# Debian's linux-source-6.1, for scripts/kunit-uml.sh and kunit-arm64.sh.

# The checkout this file is in.
kunit_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# kunit_run NAME BUILD [KUNIT.PY OPTION...]: run the suites of tests/kunit
# with kunit.py, its build in BUILD (kept, so the next run is incremental)
# and this checkout linked into the tree as drivers/hvpart; print
# kunit.py's output, then "NAME: N passed, N failed, N skipped".  Return
# 0 when kunit.py succeeded and no test failed.
kunit_run() {
	local name=$1 build=$2 src counts passed failed skipped rc=0
	shift 2

	src=$("$kunit_top/scripts/linux-source.sh" --link)
	(cd "$src" && ./tools/testing/kunit/kunit.py run "$@" \
		--build_dir="$build" --kunitconfig="$kunit_top/tests/kunit" \
		--jobs="$(nproc)" --json="$build/hvpart-kunit.json") 2>&1 || rc=$?

	# Every test case, parameterised ones once per parameter.  No JSON
	# (kunit.py failed before running any): nothing counted.
	counts=$(python3 "$kunit_top/scripts/kunit-count.py" "$build/hvpart-kunit.json" 2>/dev/null ||
		 echo "0 0 0")
	read -r passed failed skipped <<<"$counts"
	if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
		failed=1
	fi
	echo "$name: $passed passed, $failed failed, $skipped skipped"
	[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
}
