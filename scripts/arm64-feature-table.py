#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the ARM64 feature table of Documentation/hvpart.rst (section 11.3)
from lib/hvpart_arm64_features.c's hvc_arm64_features[], so the two cannot drift.

  scripts/arm64-feature-table.py            print the RST table
  scripts/arm64-feature-table.py --check    exit 1 unless the document's
                                            table is what this prints
"""
import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
LIB = TOP / "lib" / "hvpart_arm64_features.c"
DOC = TOP / "Documentation" / "hvpart.rst"
BEGIN = ".. arm64-feature-table-begin"
END = ".. arm64-feature-table-end"

REGS = {
    "ID_AA64PFR0": "ID_AA64PFR0_EL1", "ID_AA64PFR1": "ID_AA64PFR1_EL1",
    "ID_AA64DFR0": "ID_AA64DFR0_EL1", "ID_AA64ISAR0": "ID_AA64ISAR0_EL1",
    "ID_AA64ISAR1": "ID_AA64ISAR1_EL1", "ID_AA64ISAR2": "ID_AA64ISAR2_EL1",
    "ID_AA64MMFR0": "ID_AA64MMFR0_EL1", "ID_AA64MMFR1": "ID_AA64MMFR1_EL1",
    "ID_AA64MMFR2": "ID_AA64MMFR2_EL1", "ID_AA64ZFR0": "ID_AA64ZFR0_EL1",
    "CTR": "CTR_EL0", "DCZID": "DCZID_EL0",
}
VCPU = {"PMU_V3": "PMU_V3", "SVE": "SVE", "PTRAUTH_ADDRESS": "PTRAUTH_ADDRESS",
        "PTRAUTH_GENERIC": "PTRAUTH_GENERIC"}


def entries():
    src = LIB.read_text()
    body = src[src.index("hvc_arm64_features[] = {"):]
    body = body[:body.index("};")]
    body = re.sub(r"\s+", " ", body)
    rows = []
    for m in re.finditer(r"HVC_A64(_S|_VCPU|_HIDDEN|_NONE|_FIELD)?\(([^()]*)\)", body):
        kind, args = m.group(1) or "", [a.strip() for a in m.group(2).split(",")]
        bank, bit, name = int(args[0]), int(args[1]), args[2].strip('"')
        field, match, vcpu, gates, hidden = "", "", "", False, False
        if kind == "_NONE":
            field = "none (firmware or hypervisor)"
        elif kind == "_FIELD":
            reg, fld, width, cmp_, val = args[3], args[4].strip('"'), args[6], args[7], args[8]
            field = f"{REGS[reg]}.{fld}"
            match = {"GE": ">=", "SGE": ">= (signed)", "EQ": "=="}[cmp_] + f" {val}"
        else:
            reg, fld = args[3], args[4].strip('"')
            field = f"{REGS[reg]}.{fld}"
            if kind == "_VCPU":
                match = {"GE": ">=", "SGE": ">= (signed)"}[args[6]] + f" {args[7]}"
                vcpu = VCPU[args[8]]
                gates = args[9] == "true"
            else:
                match = (">= (signed) " if kind == "_S" else ">= ") + args[6]
                hidden = kind == "_HIDDEN"
        if vcpu:
            kvm = f"vCPU feature {vcpu}" + (" (gates it)" if gates else "")
        elif hidden:
            kvm = "never offered (KVM 6.1 hides it)"
        else:
            kvm = "shown as the host has it"
        rows.append((f"{bank}.{bit}", name, f"{field} {match}".strip(), kvm))
    return rows


def table():
    rows = [("Bit", "Name", "Where a guest finds it", "KVM arm64 (6.1)")] + entries()
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    rule = "  ".join("=" * w for w in widths)
    out = [rule, "  ".join(c.ljust(w) for c, w in zip(rows[0], widths)).rstrip(), rule]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows[1:]]
    out.append(rule)
    return "\n".join(out) + "\n"


def main():
    text = table()
    if sys.argv[1:] == ["--check"]:
        doc = DOC.read_text()
        try:
            got = doc[doc.index(BEGIN) + len(BEGIN):doc.index(END)].strip("\n") + "\n"
        except ValueError:
            print(f"{DOC}: no {BEGIN} / {END} markers")
            return 1
        if got != text:
            print(f"{DOC}: the ARM64 feature table differs from lib/hvpart_arm64_features.c; "
                  "regenerate it with scripts/arm64-feature-table.py")
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
