#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the cases in kunit.py's --json output: prints "passed failed skipped".

Parameterised cases count once per parameter.  An unreadable file counts
as one failure, so a run that produced no results never looks green.
"""
import json
import sys


def walk(group, counts):
    for sub in group.get("sub_groups") or []:
        walk(sub, counts)
    for case in group.get("test_cases") or []:
        if case.get("sub_groups") or case.get("test_cases"):
            walk(case, counts)
            continue
        status = case.get("status")
        if status == "PASS":
            counts[0] += 1
        elif status == "SKIP":
            counts[2] += 1
        else:
            counts[1] += 1


def main():
    counts = [0, 0, 0]
    try:
        with open(sys.argv[1]) as f:
            walk(json.load(f), counts)
    except (OSError, ValueError) as e:
        print(f"kunit-count: {e}", file=sys.stderr)
        counts[1] += 1
    if counts == [0, 0, 0]:
        counts[1] = 1
    print(*counts)


if __name__ == "__main__":
    main()
