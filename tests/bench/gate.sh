#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The performance regression gate of `make check`: boot the bench guest
# once under QEMU's -icount shift=0,sleep=off (tests/e2e/run.sh --icount,
# one vCPU), run "hvpart_bench gate" there, and hold its figures against
# tests/bench/gate-baseline.json.
#
#   tests/bench/gate.sh --build DIR [--baseline FILE] [--record]
#
# Under -icount a guest nanosecond is one guest instruction, so the
# figures are instruction counts (medians of 7 batches): the null round
# trip, a create+delete pair and a get-property.  Measured noise over 10
# boots of one build: none for the null call and get-property (946 and
# 1385 every time), 1.2 % for create+delete (6437 to 6512: where the
# timer tick, and so the RCU callbacks that free partitions, fall moves
# with each boot's initramfs); the host's load does not enter.  The
# tolerance in the baseline (5 %) is four times that noise, and leaves
# room for what else moves the counts: the compiler, the guest kernel.
#
# With the baseline's guest kernel, each count must stay within the
# tolerance above the baseline's, and so must each ratio to the null
# round trip.  With another guest kernel (a Debian point release), only
# the ratios are held, and a note says to record a new baseline: the
# kernel's share of each count is not hvpart's.  A count more than the
# tolerance below the baseline passes, with a note to record the
# improvement (--record writes the figures of this run as the baseline).
#
# Output: "ok - " / "not ok - " lines, then "bench-gate: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

log() { echo "bench-gate: $*" >&2; }
die() { log "error: $*"; exit 2; }

build=
baseline=$here/gate-baseline.json
record=
while [ $# -gt 0 ]; do
	case $1 in
	--build) [ $# -ge 2 ] || die "--build wants a folder"; build=$2; shift 2 ;;
	--baseline) [ $# -ge 2 ] || die "--baseline wants a file"; baseline=$2; shift 2 ;;
	--record) record=1; shift ;;
	*) die "unknown argument: $1" ;;
	esac
done
[ -n "$build" ] || die "usage: $0 --build DIR [--baseline FILE] [--record]"
[ -x "$build/hvpart_bench" ] || die "no $build/hvpart_bench (make bench-gate builds it)"
console=$(cd "$build/.." && pwd)/bench-gate-console.log

rc=0
"$root/tests/e2e/run.sh" --build "$build" --init "$here/init.sh" --smp 1 \
	--icount --mem 1G --timeout 600 --extra "$build/hvpart_bench" \
	--append hvpart_bench=gate --console "$console" >&2 || rc=$?
figures=$(sed -n '/^BENCH-JSON-BEGIN gate$/,/^BENCH-JSON-END$/{/^BENCH-JSON-/d;p;}' "$console")
kernel=$(sed -n 's/^bench-guest: .*kernel \([^ ,]*\),.*/\1/p' "$console" | head -n 1)
if [ "$rc" -ne 0 ] || [ -z "$figures" ] || [ -z "$kernel" ]; then
	echo "not ok - the gate's guest run (exit $rc; console: $console)"
	echo "bench-gate: 0 passed, 1 failed"
	exit 1
fi

python3 - "$baseline" "$kernel" "${record:-0}" "$figures" <<'PY'
import json, sys

path, kernel, record, figures = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
now = json.loads(figures)
KEYS = [("null_ns", "null round trip"),
        ("create_delete_typed_ns", "create+delete pair"),
        ("get_property_ns", "get-property, 1000 live")]
if record:
    base = {"kernel": kernel, "tolerance_pct": 5.0,
            "unit": "guest instructions (QEMU -icount shift=0), median of 7 batches",
            "figures": {k: now[k] for k, _ in KEYS}}
    with open(path, "w") as f:
        json.dump(base, f, indent=2)
        f.write("\n")
    print("# recorded %s for %s" % (path, kernel))
with open(path) as f:
    base = json.load(f)
tol = base["tolerance_pct"] / 100
ref = base["figures"]
passed = failed = 0


def check(ok, text):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
    print("%s - %s" % ("ok" if ok else "not ok", text))


same = base["kernel"] == kernel
if not same:
    print("# guest kernel %s, baseline recorded on %s: holding the ratios only;"
          " record a baseline for this kernel (tests/bench/gate.sh --record)"
          % (kernel, base["kernel"]))
for key, name in KEYS:
    v, b = now[key], ref[key]
    delta = (v - b) / b * 100
    if same:
        check(v <= b * (1 + tol), "%s: %.0f instructions, baseline %.0f (%+.1f %%, tolerance +%.0f %%)"
              % (name, v, b, delta, tol * 100))
    else:
        print("# %s: %.0f instructions, baseline %.0f on %s (%+.1f %%)"
              % (name, v, b, base["kernel"], delta))
    if v < b * (1 - tol):
        print("# %s is %.1f %% under the baseline: record the improvement (--record)"
              % (name, -delta))
    if key != "null_ns":
        r, rb = v / now["null_ns"], b / ref["null_ns"]
        check(r <= rb * (1 + tol), "%s / null round trip: %.3f, baseline %.3f (%+.1f %%)"
              % (name, r, rb, (r - rb) / rb * 100))
print("bench-gate: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
