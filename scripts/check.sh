#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test hvpart has, on a fresh Debian 12 machine.
#   1. static checks (W=1 build, checkpatch, sparse), and the netlink spec
#      against the header and the code
#   2. KUnit under UML (and, with the end-to-end suites, on arm64 under
#      QEMU and inside the debug kernel)
#   3. hvctl's host-side tests, libFuzzer over lib/ for FUZZ_SECONDS (60),
#      and make install / dkms-install into staging folders
#   4. the QEMU end-to-end suites in Debian's guest kernels: x86_64 (then
#      the performance gate: instructions per call under -icount against
#      tests/bench/gate-baseline.json), and
#      arm64 (cross-built; qemu-system-aarch64 virt at EL2 with KVM); then
#      the x86_64 suite again on the debug kernel (KASAN, kmemleak, lockdep,
#      UBSAN, fault injection) with panic_on_warn and a kmemleak scan, and
#      the concurrency suites on a KCSAN kernel (a data race in hvpart fails)
#   5. the kernel matrix (scripts/kernel-matrix.sh): W=1, sparse and the
#      e2e suite on Debian 13's 6.12 and trixie-backports' newest kernel,
#      x86_64 and arm64, built with gcc-14 in a trixie root
#   6. check-fresh (scripts/fresh-machine.sh): the README's first command
#      in fresh Debian 12 and 13 roots
# Each part ends its output with "<part>: N passed, N failed"; this script
# adds them up and ends with "N passed, N failed[, N skipped]".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# The suite builds Debian 12's 6.1 kernels (KUnit, KASAN, KCSAN) with
# Debian 12's compiler: elsewhere (Debian 13) it runs in a Debian 12 root.
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
if [ "$codename" != bookworm ]; then
	echo "check: this is Debian ${codename:-?}, not 12: running make check in a Debian 12 root (scripts/debian12-root.sh)"
	scripts/deps.sh root || { echo "0 passed, 1 failed"; exit 1; }
	exec scripts/debian12-root.sh make --no-print-directory check
fi
scripts/deps.sh check || { echo "0 passed, 1 failed"; exit 1; }

total_pass=0
total_fail=0
total_skip=0
summary=()

run_part() {
	local name=$1
	shift
	local log rc line p f s
	log=$(mktemp)
	echo "=== $name: $*"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[a-z0-9._-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(sed -nE 's/.*: ([0-9]+) passed.*/\1/p' <<<"$line")
	f=$(sed -nE 's/.*passed, ([0-9]+) failed.*/\1/p' <<<"$line")
	s=$(sed -nE 's/.*failed, ([0-9]+) skipped.*/\1/p' <<<"$line")
	# A part that reports no count is one check: did it succeed.
	if [ -z "$line" ]; then
		if [ "$rc" -eq 0 ]; then p=1; else f=1; fi
	fi
	p=${p:-0}
	f=${f:-0}
	s=${s:-0}
	# A part that fails without saying why still counts as a failure.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
	summary+=("$name: $p passed, $f failed, $s skipped (exit $rc)")
	rm -f "$log"
}

run_part static scripts/style.sh
run_part spec tests/netlink/spec_test.sh
run_part kunit scripts/kunit-uml.sh
run_part guest-build make --no-print-directory guest
run_part hvctl tests/hvctl/decode_test.sh build/guest-x86_64/hvctl
run_part fuzz tests/fuzz/run.sh
run_part install tests/install/install_test.sh
# Four CPUs: hvpart_stress's concurrency phases run on all of them (its
# KVM phase, like every KVM suite, on CPU 0 only: init.sh, single_cpu).
run_part e2e tests/e2e/run.sh --build build/guest-x86_64 --smp 4
# Instructions per call under -icount against a committed baseline.
run_part bench-gate make --no-print-directory bench-gate
run_part guest-build-arm64 make --no-print-directory guest-arm64
run_part e2e-arm64 tests/e2e/run.sh --arch arm64 --build build/guest-arm64
run_part kunit-arm64 scripts/kunit-arm64.sh
run_part guest-build-debug make --no-print-directory guest-debug
run_part e2e-debug tests/e2e/run.sh --build build/guest-debug \
	--kernel "$(scripts/debug-kernel.sh)" \
	--kunit-ko build/guest-debug/kunit/hvpart.ko --timeout 2400
run_part guest-build-kcsan make --no-print-directory guest-kcsan
run_part e2e-kcsan tests/e2e/run.sh --race --smp 4 --build build/guest-kcsan \
	--kernel "$(scripts/debug-kernel.sh --config kcsan)"

for arch in amd64 arm64; do
	for k in 6.12 newest; do
		name=matrix-$k
		[ "$arch" = amd64 ] || name=matrix-$arch-$k
		run_part "$name" scripts/kernel-matrix.sh --arch "$arch" "$k"
	done
done
run_part fresh scripts/fresh-machine.sh

echo "=== summary"
printf '%s\n' "${summary[@]}"
if [ "$total_skip" -gt 0 ]; then
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
	echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" -eq 0 ]
