#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise the runs of tests/bench/run.sh.

Each OUT/run-MODE-N.json holds one guest boot: its mode (tcg or icount),
the guest line, and hvpart_bench's core and kvm JSON.  This writes

  OUT/results.json  meta, every run, and per mode a summary of every
                    numeric figure (median, min, max, spread), and the
                    targets of Documentation/performance.rst
  OUT/results.txt   the same as tables: each figure in both modes
  OUT/cost.dat      create and get-property cost against live partitions,
                    one column per mode, for gnuplot

Spread is (max - min) / median of the runs of one mode, in percent.  In
icount mode a time figure counts guest instructions: QEMU's -icount
shift=0 advances guest time one nanosecond per instruction.
"""
import argparse
import json
import statistics
import sys

MODES = ("tcg", "icount")

# Rows of results.txt: label, flattened key, unit kind.  "t" is a time in
# ns (instructions under icount), "ms" one in ms (millions of
# instructions), "x" a ratio, "/s" a rate, "B" bytes.
ROWS = [
    ("null round trip (unknown call code)", "core.null_ns", "t"),
    ("create+delete, typed ioctls", "core.create_delete_typed_ns", "t"),
    ("  ratio to one null round trip", "core.create_delete_typed_ratio", "x"),
    ("create+delete, HVPART_HVCALL", "core.create_delete_hvcall_ns", "t"),
    ("  ratio to one null round trip", "core.create_delete_hvcall_ratio", "x"),
    # Under icount the guest has one vCPU: the threads take turns.
    ("create throughput, 1 thread (/s)", "core.threads[threads=1].creates_per_s", "/s"),
    ("create throughput, 2 threads (/s)", "core.threads[threads=2].creates_per_s", "/s"),
    ("create throughput, 4 threads (/s)", "core.threads[threads=4].creates_per_s", "/s"),
]
for _live in (1, 1000, 100000, 1000000):
    ROWS.append(("create at %d live" % _live,
                 "core.scale[live=%d].create_ns" % _live, "t"))
for _live in (1, 1000, 100000, 1000000):
    ROWS.append(("get-property at %d live" % _live,
                 "core.scale[live=%d].get_property_ns" % _live, "t"))
ROWS += [
    ("netlink dump 100k, hvctl -j list", "core.dump.ms", "ms"),
    ("netlink dump 100k, raw reader, 32 KiB", "core.raw_dump_32k.ms", "ms"),
    ("netlink dump 100k, raw reader, 4 KiB", "core.raw_dump_4k.ms", "ms"),
    ("slab per partition (meminfo Slab)", "core.memory.slab_bytes_per_partition", "B"),
    ("SUnreclaim per partition", "core.memory.sunreclaim_bytes_per_partition", "B"),
    ("MemAvailable drop per partition", "core.memory.memavailable_bytes_per_partition", "B"),
    ("delete, per partition of 1M", "core.delete_all_ns_per_partition", "t"),
    ("raw KVM_CREATE_VM + close", "kvm.kvm_create_vm_ns", "t"),
    ("CREATE_VM+initialize+finalize+delete+close", "kvm.initialize_ns", "t"),
    ("  ratio to raw KVM_CREATE_VM", "kvm.initialize_ratio", "x"),
]


def flatten(obj, prefix, out):
    """Numeric leaves as "a.b[key=v].c"; lists of objects keyed by their
    first member."""
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, (int, float)):
        out[prefix] = float(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            flatten(v, "%s.%s" % (prefix, k) if prefix else k, out)
    elif isinstance(obj, list):
        for item in obj:
            if isinstance(item, dict) and item:
                k0 = next(iter(item))
                flatten({k: v for k, v in item.items() if k != k0},
                        "%s[%s=%s]" % (prefix, k0, item[k0]), out)


def summarise(values):
    med = statistics.median(values)
    lo, hi = min(values), max(values)
    return {"median": med, "min": lo, "max": hi, "runs": len(values),
            "spread_pct": (hi - lo) / med * 100 if med else 0.0}


def fmt(v, kind):
    if v is None:
        return "-"
    if kind == "x":
        return "%.2fx" % v
    if kind in ("ms", "B"):
        return "%.1f" % v
    return "%.0f" % v


def cell(summary, key, kind):
    s = summary.get(key)
    if not s:
        return "%24s" % "-"
    return "%12s %11s" % (fmt(s["median"], kind), "±%.1f%%" % s["spread_pct"])


def targets(summary, mode):
    """The targets of Documentation/performance.rst on one mode's medians."""
    def med(key):
        s = summary.get(key)
        return s["median"] if s else None

    res = []
    null, pair = med("core.null_ns"), med("core.create_delete_typed_ns")
    if null and pair:
        v = pair / (2 * null)
        res.append({"target": "create+delete pair within 1.5x a pair of null calls",
                    "value": v, "limit": 1.5, "met": v <= 1.5,
                    "shown": "%.2fx" % v})
    lives = sorted(int(k.split("=")[1].split("]")[0]) for k in summary
                   if k.startswith("core.scale[live=") and k.endswith("get_property_ns"))
    if len(lives) >= 2:
        lo = med("core.scale[live=%d].get_property_ns" % lives[0])
        hi = med("core.scale[live=%d].get_property_ns" % lives[-1])
        v = hi / lo
        res.append({"target": "lookup flat to %d live (within 10 %% of 1 live)" % lives[-1],
                    "value": v, "limit": 1.1, "met": v <= 1.1,
                    "shown": "%.3fx (%.0f at %d, %.0f at %d)" % (v, lo, lives[0], hi, lives[-1])})
    v = med("core.memory.slab_bytes_per_partition")
    if v is not None:
        res.append({"target": "under 512 bytes of slab per partition", "value": v,
                    "limit": 512, "met": v < 512, "shown": "%.1f B" % v})
    v = med("core.raw_dump_32k.ms")
    if v is not None:
        unit = "M instructions" if mode == "icount" else "ms"
        res.append({"target": "100k netlink dump under 100 ms (kernel's share: raw reader)",
                    "value": v, "limit": 100, "met": v < 100,
                    "shown": "%.1f %s" % (v, unit)})
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--mem", required=True)
    ap.add_argument("--host-cpus", type=int, required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--git", required=True)
    ap.add_argument("runs", nargs="*")
    a = ap.parse_args()

    runs, bad = [], 0
    for path in a.runs:
        try:
            with open(path) as f:
                runs.append(json.load(f))
        except (OSError, ValueError) as e:
            print("bench: %s: %s" % (path, e), file=sys.stderr)
            bad += 1
    runs.sort(key=lambda r: (MODES.index(r["mode"]), r["run"]))
    modes = [m for m in MODES if any(r["mode"] == m for r in runs)]
    flat = {m: [] for m in modes}
    for r in runs:
        f = {}
        flatten({"core": r.get("core"), "kvm": r.get("kvm")}, "", f)
        flat[r["mode"]].append(f)
    summary = {}
    for m in modes:
        keys = sorted(set().union(*flat[m]))
        summary[m] = {k: summarise([f[k] for f in flat[m] if k in f]) for k in keys}
    judge = "icount" if "icount" in summary else (modes[0] if modes else None)
    tgt = targets(summary[judge], judge) if judge else []

    meta = {"version": a.version, "git": a.git, "mem": a.mem,
            "host_cpus": a.host_cpus, "modes": {
                "tcg": "multi-threaded TCG, -smp 4: times are emulated ns "
                       "and move with the host's load",
                "icount": "-icount shift=0,sleep=off, -smp 1: a time in ns "
                          "is a count of guest instructions"},
            "spread": "(max - min) / median of the runs of one mode, percent",
            "targets_judged_on": judge}
    with open(a.out + "/results.json", "w") as f:
        json.dump({"meta": meta, "runs": runs, "summary": summary,
                   "targets": tgt}, f, indent=2)
        f.write("\n")

    lines = ["hvpart benchmark, hvpart %s, git %s, -m %s, host %d CPUs"
             % (a.version, a.git, a.mem, a.host_cpus)]
    for r in runs:
        lines.append("run %s %d: %ds wall; %s" % (r["mode"], r["run"], r.get("wall_s", 0),
                                                r.get("guest", "no guest line")))
    lines.append("")
    lines.append("Median of the runs in each mode, and their spread (max - min) / median.")
    lines.append("tcg: emulated ns, -smp 4.  icount: guest instructions, -smp 1 "
                 "(ms: millions of instructions; /s: per 10^9 instructions).")
    hdr = "%-44s" % "figure"
    for m in modes:
        hdr += " %24s" % ("%s (%d runs)" % (m, len(flat[m])))
    lines.append(hdr)
    for label, key, kind in ROWS:
        if not any(key in summary[m] for m in modes):
            continue
        row = "%-44s" % label
        for m in modes:
            row += " " + cell(summary[m], key, kind)
        lines.append(row)
    if tgt:
        lines.append("")
        lines.append("Targets, on the %s medians:" % judge)
        for t in tgt:
            lines.append("  %-62s %-8s %s" % (t["target"], "met" if t["met"] else "NOT met",
                                             t["shown"]))
    with open(a.out + "/results.txt", "w") as f:
        f.write("\n".join(lines) + "\n")

    with open(a.out + "/cost.dat", "w") as f:
        cols = [(m, w) for m in modes for w in ("create", "get_property")]
        f.write("live " + " ".join("%s_%s" % (w, m) for m, w in cols) + "\n")
        lives = sorted({int(k.split("=")[1].split("]")[0]) for m in modes
                        for k in summary[m] if k.startswith("core.scale[live=")})
        for live in lives:
            vals = []
            for m, w in cols:
                s = summary[m].get("core.scale[live=%d].%s_ns" % (live, w))
                vals.append("%.1f" % s["median"] if s else "NaN")
            f.write("%d %s\n" % (live, " ".join(vals)))
    return 1 if bad or not runs else 0


if __name__ == "__main__":
    sys.exit(main())
