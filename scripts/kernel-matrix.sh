#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels people run, beyond Debian 12's 6.1 (which make check's own
# static and e2e parts cover): build hvpart against one with W=1 and
# sparse, then run the end-to-end suite in QEMU on that kernel.
#
#   scripts/kernel-matrix.sh --list                 the matrix, resolved
#   scripts/kernel-matrix.sh [--arch A] NAME        build + e2e on NAME
#
# NAME is one of
#   6.12     Debian 13 (trixie) stable: its newest 6.12 amd64/arm64 kernel
#   newest   the newest kernel in trixie-backports (7.x in late 2026)
# resolved in Debian's archive through scripts/apt-get.sh (download only).
# Both are built with gcc-14 inside a trixie root (scripts/build-root.sh);
# the guest's test programs are the host's static ones (make guest, make
# guest-arm64), which do not depend on the kernel.
#
# Output: one "ok"/"not ok" line per build check, the e2e suite's lines,
# then "matrix-NAME: N passed, N failed" over both.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

log() { echo "kernel-matrix: $*" >&2; }
die() { log "error: $*"; echo "matrix: 0 passed, 1 failed"; exit 1; }

usage() {
	sed -n '8,9p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# $1 NAME, $2 arch: the Debian release of that kernel (e.g.
# 6.12.117+deb13), without the flavour.
resolve() {
	local name=$1 arch=$2 suite re pkg

	case $name in
	6.12) suite=trixie; re='linux-image-6\.12\.[0-9]+\+deb13-'"$arch" ;;
	newest) suite=trixie-backports; re='linux-image-[0-9.]+\+deb13-'"$arch" ;;
	*) return 1 ;;
	esac
	pkg=$(scripts/apt-get.sh newest "$suite" "$re" "$arch") || return 1
	[ -n "$pkg" ] || return 1
	pkg=${pkg#linux-image-}
	echo "${pkg%-"$arch"}"
}

arch=amd64
list=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) [ $# -ge 2 ] || usage; arch=$2; shift 2 ;;
	--list) list=1; shift ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) break ;;
	esac
done
case $arch in
amd64|x86_64) arch=amd64 ;;
arm64) ;;
*) die "--arch wants amd64 or arm64" ;;
esac

if [ -n "$list" ]; then
	echo "6.1     $(basename "$(scripts/guest-kernel.sh --headers)") (Debian 12; make check's e2e)"
	for n in 6.12 newest; do
		printf '%-7s %s\n' "$n" "$(resolve "$n" "$arch")-$arch"
	done
	exit 0
fi
[ $# -eq 1 ] || usage
name=$1
part=matrix-$name
[ "$arch" = amd64 ] || part=matrix-$arch-$name
rel=$(resolve "$name" "$arch") || die "no kernel for $name ($arch) in Debian's archive"
krel=$rel-$arch
log "$name is $krel"

# shellcheck source=scripts/lib/checks.sh
. "$top/scripts/lib/checks.sh"
# A failed build's first 40 lines; its whole log is in $out.
check_max_lines=40
finish() {
	echo "$part: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

# The module, W=1 then sparse, in the trixie root.
root=$(scripts/build-root.sh) || die "no trixie build root"
hdr=$(scripts/build-root.sh headers "$rel" "$arch") || die "no headers for $krel"
out=build/matrix-$krel
rm -rf "$out" "$root/build/hvpart-$krel"
mkdir -p "$out/guest/module" "$root/build/hvpart-$krel"
git ls-files -co --exclude-standard VERSION Kbuild Kconfig drivers lib uapi tests/kunit |
	tar cf - -T - | tar xf - -C "$root/build/hvpart-$krel"
cross=()
[ "$arch" = amd64 ] || cross=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
src=/build/hvpart-$krel
scripts/build-root.sh run make -C "$hdr" M="$src" "${cross[@]}" W=1 modules \
	>"$out/w1.log" 2>&1
status=$?
grep -E 'warning:|error:' "$out/w1.log" >"$out/w1.bad"
[ $status -eq 0 ] || echo "build failed (exit $status); see $out/w1.log" >>"$out/w1.bad"
check "$krel: module builds with W=1 and no warnings (gcc-14, trixie root)" "$out/w1.bad"
scripts/build-root.sh run make -C "$hdr" M="$src" "${cross[@]}" C=2 modules \
	>"$out/sparse.log" 2>&1
grep -E "^$src/.*: (warning|error):" "$out/sparse.log" >"$out/sparse.bad"
check "$krel: sparse (C=2) is clean" "$out/sparse.bad"
# The uapi header beside this kernel's mshv uapi header, both orders.
mshv=$root/usr/src/linux-headers-$rel-common/include/uapi/linux/mshv.h
if [ -f "$mshv" ]; then
	mkdir -p "$out/mshv/linux"
	cp "$mshv" "$out/mshv/linux/"
	: >"$out/mshv.bad"
	for order in -DHVPART_FIRST -UHVPART_FIRST; do
		gcc -Wall -Wextra -Werror "$order" -I "$out/mshv" -I uapi \
			-o "$out/mshv/beside_mshv" tests/abi/beside_mshv.c \
			>>"$out/mshv.bad" 2>&1 || echo "order $order failed" >>"$out/mshv.bad"
	done
	check "$krel: <linux/hvpart.h> builds beside its <linux/mshv.h>, either order" "$out/mshv.bad"
else
	echo "# $krel has no mshv uapi header (Linux 6.15 on): nothing to build beside"
fi
if [ ! -f "$root$src/hvpart.ko" ]; then
	finish
fi
cp "$root$src/hvpart.ko" "$out/guest/module/hvpart.ko"

# The guest: this kernel, this module, the host's static programs.
if [ "$arch" = amd64 ]; then
	progs=build/guest-x86_64
	[ -x "$progs/hvpart_e2e" ] || make --no-print-directory guest >&2 ||
		die "make guest failed"
	kdir=$(scripts/guest-kernel.sh --krel "$krel") || die "no guest kernel $krel"
	run_arch=x86_64
	extra=(--smp 4 --tcg-single)
else
	progs=build/guest-arm64
	[ -x "$progs/hvpart_e2e" ] || make --no-print-directory guest-arm64 >&2 ||
		die "make guest-arm64 failed"
	kdir=$(scripts/guest-kernel-arm64.sh --krel "$krel") || die "no guest kernel $krel"
	run_arch=arm64
	extra=()
fi
for f in "$progs"/*; do
	[ -f "$f" ] && cp "$f" "$out/guest/"
done
# The VMM example of tools/examples (run.sh wants it in examples/).
mkdir -p "$out/guest/examples"
cp "$progs"/examples/* "$out/guest/examples/" || die "no $progs/examples (make guest)"
tests/e2e/run.sh --arch "$run_arch" --build "$out/guest" --kernel "$kdir" \
	"${extra[@]}" --console "$out/e2e-console.log" >"$out/e2e.log" 2>&1
status=$?
grep -E '^(ok|not ok) - ' "$out/e2e.log" | sed "s/^\(ok\|not ok\) - /\1 - $krel: /"
line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$out/e2e.log" | tail -n 1)
p=$(sed -nE 's/^e2e: ([0-9]+) passed.*/\1/p' <<<"$line")
f=$(sed -nE 's/.*passed, ([0-9]+) failed.*/\1/p' <<<"$line")
pass=$((pass + ${p:-0}))
fail=$((fail + ${f:-0}))
if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
	echo "not ok - $krel: e2e run ended with status $status; see $out/e2e.log"
	tail -n 20 "$out/e2e.log" | sed 's/^/    /'
	fail=$((fail + 1))
fi
finish
