#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: boot the QEMU guest (TCG, -smp 4) with tests/bench/init.sh
# as /init through tests/e2e/run.sh, then turn the console into
#
#   OUT/results.txt   the guest's tables
#   OUT/results.json  both phases' JSON under "core" and "kvm", plus "meta"
#   OUT/cost.png      create and get-property cost against live partitions
#
#   tests/bench/run.sh --build DIR [--out OUT] [--mem SIZE] [--timeout S]
#                      [--perf]
#
# --perf profiles instead of measuring: the host's perf (Debian's
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
while [ $# -gt 0 ]; do
	case $1 in
	--build) [ $# -ge 2 ] || die "--build wants a folder"; build=$2; shift 2 ;;
	--out) [ $# -ge 2 ] || die "--out wants a folder"; out=$2; shift 2 ;;
	--mem) [ $# -ge 2 ] || die "--mem wants a size"; mem=$2; shift 2 ;;
	--timeout) [ $# -ge 2 ] || die "--timeout wants seconds"; tmo=$2; shift 2 ;;
	--perf) perf=1; shift ;;
	*) die "unknown argument: $1" ;;
	esac
done
[ -n "$build" ] || die "usage: $0 --build DIR [--out OUT] [--mem SIZE] [--timeout S]"
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
"$root/tests/e2e/run.sh" --build "$build" --init "$here/init.sh" --smp 4 \
	--mem "$mem" --timeout "$tmo" --extra "$build/hvpart_bench" \
	${extra_root[@]+"${extra_root[@]}"} --console "$console" || rc=$?

if [ -n "$perf" ]; then
	rm -rf "$proot"
	n=0
	for name in $(sed -n 's/^PROFILE-BEGIN \([A-Za-z0-9_-]*\)$/\1/p' "$console"); do
		block PROFILE "$name" > "$out/profile-$name.txt"
		n=$((n + 1))
	done
	log "wrote $n profiles: $out/profile-*.txt (console: $console)"
	[ "$n" -gt 0 ] || rc=1
	exit "$rc"
fi

{
	echo "hvpart benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), hvpart $(cat "$root/VERSION")," \
	     "git $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "QEMU TCG guest, -smp 4, -m $mem, host $(nproc) CPUs:" \
	     "absolute times are emulated, compare the ratios"
	grep -m 1 '^bench-guest: ' "$console" || true
	echo
	block BENCH-TABLE core
	echo
	block BENCH-TABLE kvm
} > "$out/results.txt"

python3 - "$out/results.json" "$out/cost.dat" "$mem" "$(nproc)" \
	"$(cat "$root/VERSION")" 3< <(block BENCH-JSON core) 4< <(block BENCH-JSON kvm) <<'PY'
import json, os, sys
path, dat, mem, ncpu, version = sys.argv[1:6]

def load(fdn):
    text = os.fdopen(fdn).read().strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError as e:
        return {"error": "unparsable JSON from the guest: %s" % e}

res = {"meta": {"version": version, "accel": "tcg", "smp": 4, "mem": mem,
                "host_cpus": int(ncpu),
                "note": "TCG emulation: absolute ns are not hardware numbers; "
                        "ratios measured in the same run are the meaningful figures"},
       "core": load(3), "kvm": load(4)}
with open(path, "w") as f:
    json.dump(res, f, indent=2)
    f.write("\n")
with open(dat, "w") as f:
    f.write("# live create_ns get_property_ns\n")
    for row in (res["core"] or {}).get("scale", []):
        f.write("%d %.1f %.1f\n" % (row["live"], row["create_ns"], row["get_property_ns"]))
PY

if command -v gnuplot >/dev/null && [ -s "$out/cost.dat" ]; then
	gnuplot <<GP
set terminal png size 900,560
set output "$out/cost.png"
set title "hvpart: cost against live partitions (QEMU TCG guest)"
set logscale x
set xlabel "live partitions"
set ylabel "ns per operation (TCG)"
set yrange [0:*]
set key top left
set grid
plot "$out/cost.dat" using 1:2 with linespoints lw 2 title "create", \
     "$out/cost.dat" using 1:3 with linespoints lw 2 title "get-property (lookup)"
GP
else
	log "no gnuplot or no scaling data: no cost.png"
fi

cat "$out/results.txt"
log "wrote $out/results.txt, results.json, cost.png (console: $console)"
exit "$rc"
