#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks: the module builds warning-free with W=1 against the guest
# kernels' headers (x86_64, and arm64 cross-built), sparse (C=2) is clean
# on both, and checkpatch is clean on every C file and header.  One "ok"/"not ok" line per check, then
# "static: N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kdir=$(scripts/guest-kernel.sh --headers)
akdir=$(scripts/guest-kernel-arm64.sh --headers)
arm64=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
src=$(scripts/linux-source.sh)
out=$top/build/style
# shellcheck source=scripts/lib/checks.sh
. "$top/scripts/lib/checks.sh"

rm -rf "$out"
mkdir -p "$out/src"
git ls-files -co --exclude-standard VERSION Kbuild Kconfig drivers lib uapi tests/kunit |
	tar cf - -T - | tar xf - -C "$out/src"
cp -a "$out/src" "$out/src-arm64"

# W=1: any compiler warning fails the check.
make -C "$kdir" M="$out/src" W=1 modules >"$out/w1.log" 2>&1
status=$?
grep -E 'warning:|error:' "$out/w1.log" >"$out/w1.bad"
[ $status -eq 0 ] || echo "build failed (exit $status)" >>"$out/w1.bad"
check "module builds with W=1 and no warnings" "$out/w1.bad"

# sparse: rebuild everything with C=2 and keep what it says about our files.
if command -v sparse >/dev/null; then
	make -C "$kdir" M="$out/src" C=2 modules >"$out/sparse.log" 2>&1
	grep -E "^$out/src/.*: (warning|error):" "$out/sparse.log" >"$out/sparse.bad"
	check "sparse (C=2) is clean" "$out/sparse.bad"
fi

# arm64: the same two, cross-built.
make -C "$akdir" M="$out/src-arm64" "${arm64[@]}" W=1 modules >"$out/w1-arm64.log" 2>&1
status=$?
grep -E 'warning:|error:' "$out/w1-arm64.log" >"$out/w1-arm64.bad"
[ $status -eq 0 ] || echo "build failed (exit $status)" >>"$out/w1-arm64.bad"
check "arm64 module cross-builds with W=1 and no warnings" "$out/w1-arm64.bad"
if command -v sparse >/dev/null; then
	make -C "$akdir" M="$out/src-arm64" "${arm64[@]}" C=2 modules \
		>"$out/sparse-arm64.log" 2>&1
	grep -E "^$out/src-arm64/.*: (warning|error):" "$out/sparse-arm64.log" \
		>"$out/sparse-arm64.bad"
	check "arm64 sparse (C=2) is clean" "$out/sparse-arm64.bad"
fi

# The ARM64 feature table in Documentation is lib's, generated.
scripts/arm64-feature-table.py --check >"$out/arm64-table.bad" 2>&1
check "Documentation's ARM64 feature table matches lib (scripts/arm64-feature-table.py)" \
	"$out/arm64-table.bad"

# checkpatch, from the kernel source kunit.py uses.
if [ -x "$src/scripts/checkpatch.pl" ]; then
	git ls-files -co --exclude-standard '*.c' '*.h' >"$out/files"
	while read -r f; do
		perl "$src/scripts/checkpatch.pl" --no-tree --terse -f "$f" 2>&1 |
			grep -E ': (ERROR|WARNING|CHECK):' >"$out/cp.log"
		check "checkpatch $f" "$out/cp.log"
	done <"$out/files"
else
	echo "not ok - checkpatch: $src/scripts/checkpatch.pl missing"
	fail=$((fail + 1))
fi

echo "static: $pass passed, $fail failed"
[ $fail -eq 0 ]
