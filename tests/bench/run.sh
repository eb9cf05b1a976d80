#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: boot the QEMU guest with tests/bench/init.sh as /init
# through tests/e2e/run.sh, RUNS times in each of two modes,
#
#   tcg      multi-threaded TCG, -smp 4: guest time is the host's time, so
#            figures drift with the host's load (50 % between runs seen)
#   icount   -icount shift=0,sleep=off, one host thread, -smp 1: guest time
#            advances one nanosecond per guest instruction, so every time
#            figure is a count of guest instructions, whatever the host does
#            (one vCPU: QEMU 7.2 under icount did not get past the firmware
#            with four)
#
# then turn the consoles into
#
#   OUT/results.txt   every figure in each mode: median of the runs and
#                     their spread ((max - min) / median), then the targets
#                     of Documentation/performance.rst, judged on the icount
#                     medians
#   OUT/results.json  the same: "meta", "runs" (each run's core and kvm
#                     JSON), "summary" and "targets"
#   OUT/cost.png      create and get-property cost against live partitions
#
#   tests/bench/run.sh --build DIR [--out OUT] [--mem SIZE] [--timeout S]
#                      [--modes tcg,icount] [--runs N] [--perf]
#
# --perf profiles instead of measuring, once, in the first of --modes
# (--modes icount --perf: a profile in guest instructions): the host's perf (Debian's
# linux-perf, dynamically linked) goes into the initramfs with its
# libraries and loader, the guest records each workload of
# "hvpart_bench loop" with "perf record -a -g -e cpu-clock" and prints
# "perf report --stdio" of it, and this script writes OUT/profile-NAME.txt
# for each (Documentation/performance.rst, "Profiling").
#
# DIR is what `make guest` and `make bench` build (hvpart_bench in it).
# OUT defaults to DIR/../bench.  Exit status 1 when the guest run failed;
# the files are then written from whatever the guest printed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

log() { echo "bench: $*" >&2; }
die() { log "error: $*"; exit 2; }

build=
out=
mem=4G
tmo=1800
perf=
modes=tcg,icount
runs=3
while [ $# -gt 0 ]; do
	case $1 in
	--build) [ $# -ge 2 ] || die "--build wants a folder"; build=$2; shift 2 ;;
	--out) [ $# -ge 2 ] || die "--out wants a folder"; out=$2; shift 2 ;;
	--mem) [ $# -ge 2 ] || die "--mem wants a size"; mem=$2; shift 2 ;;
	--timeout) [ $# -ge 2 ] || die "--timeout wants seconds"; tmo=$2; shift 2 ;;
	--perf) perf=1; shift ;;
	--modes) [ $# -ge 2 ] || die "--modes wants tcg, icount or both"; modes=$2; shift 2 ;;
	--runs) [ $# -ge 2 ] || die "--runs wants a count"; runs=$2; shift 2 ;;
	*) die "unknown argument: $1" ;;
	esac
done
[ -n "$build" ] || die "usage: $0 --build DIR [--out OUT] [--mem SIZE] [--timeout S] [--modes tcg,icount] [--runs N] [--perf]"
case $runs in ''|*[!0-9]*|0) die "--runs wants a count of 1 or more, not '$runs'" ;; esac
IFS=, read -r -a mode_list <<<"$modes"
[ ${#mode_list[@]} -gt 0 ] || die "--modes is empty"
for m in "${mode_list[@]}"; do
	case $m in tcg|icount) ;; *) die "unknown mode '$m' (--modes tcg,icount)" ;; esac
done
build=$(cd "$build" && pwd)
[ -x "$build/hvpart_bench" ] || die "no $build/hvpart_bench (make bench)"
[ -n "$out" ] || out=$(dirname "$build")/bench
mkdir -p "$out"
out=$(cd "$out" && pwd)
console=$out/console.log

# The blocks between MARKER-BEGIN PHASE and MARKER-END, for one phase.
block() {
	sed -n "/^$1-BEGIN $2\$/,/^$1-END\$/{/^$1-/d;p;}" "$console"
}

# guest MODE: one boot of the bench guest in MODE (tcg or icount), its
# console in $console; the exit status of tests/e2e/run.sh.
guest() {
	local how=(--smp 4)

	[ "$1" = tcg ] || how=(--smp 1 --icount)
	"$root/tests/e2e/run.sh" --build "$build" --init "$here/init.sh" \
		"${how[@]}" --mem "$mem" --timeout "$tmo" \
		--extra "$build/hvpart_bench" \
		${extra_root[@]+"${extra_root[@]}"} --console "$console"
}

# perf, its libraries (ldd's paths) and the loader, as a tree for
# tests/e2e/run.sh --extra-root; /bench-profile tells init.sh to profile.
extra_root=()
if [ -n "$perf" ]; then
	perf_bin=$(command -v perf || true)
	[ -n "$perf_bin" ] || die "no perf on this host (apt-get install linux-perf)"
	proot=$out/perf-root
	rm -rf "$proot"
	mkdir -p "$proot/usr/bin"
	cp -L "$perf_bin" "$proot/usr/bin/perf"
	while read -r lib; do
		mkdir -p "$proot$(dirname "$lib")"
		cp -L "$lib" "$proot$lib"
	done < <(ldd "$perf_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
					$1 ~ /^\// { print $1 }')
	touch "$proot/bench-profile"
	extra_root=(--extra-root "$proot")
	console=$out/profile-console.log
	log "perf and $(find "$proot" -name '*.so*' | wc -l) libraries in the initramfs"
fi

rc=0
if [ -n "$perf" ]; then
	guest "${mode_list[0]}" || rc=$?
	rm -rf "$proot"
	n=0
	for name in $(sed -n 's/^PROFILE-BEGIN \([A-Za-z0-9_-]*\)$/\1/p' "$console"); do
		block PROFILE "$name" > "$out/profile-$name.txt"
		n=$((n + 1))
	done
	log "wrote $n profiles (${mode_list[0]} mode): $out/profile-*.txt (console: $console)"
	[ "$n" -gt 0 ] || rc=1
	exit "$rc"
fi

# Each run: its console, and its core and kvm JSON in one file.
rm -f "$out"/run-*.json "$out"/console-*.log
for m in "${mode_list[@]}"; do
	for r in $(seq 1 "$runs"); do
		console=$out/console-$m-$r.log
		log "$m run $r of $runs"
		t0=$(date +%s)
		guest "$m" || { rc=1; log "$m run $r failed (console: $console)"; }
		{
			echo '{"mode": "'"$m"'", "run": '"$r"', "wall_s": '"$(( $(date +%s) - t0 ))"','
			grep -m 1 '^bench-guest: ' "$console" | sed 's/^bench-guest: //;s/["\\]//g;s/.*/"guest": "&",/' || true
			echo '"core":'; block BENCH-JSON core | grep . || echo null
			echo ', "kvm":'; block BENCH-JSON kvm | grep . || echo null
			echo '}'
		} > "$out/run-$m-$r.json"
	done
done

python3 "$here/summary.py" --out "$out" --mem "$mem" --host-cpus "$(nproc)" \
	--version "$(cat "$root/VERSION")" \
	--git "$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)" \
	"$out"/run-*.json || rc=1

if command -v gnuplot >/dev/null && [ -s "$out/cost.dat" ]; then
	gnuplot <<GP
set terminal png size 900,560
set output "$out/cost.png"
set title "hvpart: cost against live partitions (QEMU guest, icount: guest instructions)"
set logscale x
set xlabel "live partitions"
set ylabel "per operation: ns (tcg), guest instructions (icount)"
set yrange [0:*]
set key top left
set grid
plot for [c=2:*] "$out/cost.dat" using 1:c with linespoints lw 2 title columnheader(c)
GP
else
	log "no gnuplot or no scaling data: no cost.png"
fi

cat "$out/results.txt"
log "wrote $out/results.txt, results.json, cost.png (consoles: $out/console-*.log)"
exit "$rc"
