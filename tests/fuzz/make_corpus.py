#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of tests/fuzz/fuzz_codec.c.

    tests/fuzz/make_corpus.py [DIR]     (default: tests/fuzz/corpus)

Each seed is one fuzz input in the layout fuzz_codec.c's header comment
describes: a 152-byte header (control word, sizes, pages, layout, the
HvCallCreatePartition input page, a partition's creation flags and
disabled feature banks), then CPUID entries, or the ARM64 registers and
supported KVM vCPU features that the same bytes are also read as.  The
output is deterministic, so tests/fuzz/run.sh can check that the
committed corpus is this script's.
"""
import os
import struct
import sys

CREATE, INITIALIZE, GET_PROPERTY = 0x40, 0x41, 0x44
DEPOSIT, WITHDRAW = 0x48, 0x49
FAST = 1 << 16

SMT, NESTED, LAPIC, PMU, X2APIC = 1 << 0, 1 << 1, 1 << 13, 1 << 15, 1 << 22
PROX_PREFERRED, PROX_VALID = 1 << 0, 1 << 31
COMPAT_21H2, COMPAT_21H1 = 0x0609, 0x0608

AMD64, ARM64 = 0, 1
# Mode bits above the layout: the input address counts down from 2^64, the
# output address is an offset from the input, lengths count back from the
# end of their page.
TOP, RELATIVE, TO_PAGE_END = 1 << 1, 1 << 2, 1 << 3


def page(flags=SMT | LAPIC | X2APIC | PMU, domain=0, prox=0,
         compat=COMPAT_21H2, padding=0, bank0=0, bank1=0, xsave=0, rz0=0,
         layout=AMD64):
    """An HvCallCreatePartition input page, padded to 56 bytes."""
    head = struct.pack("<QIIII2Q", flags, domain, prox, compat, padding,
                       bank0, bank1)
    if layout == AMD64:
        return head + struct.pack("<QQ", xsave, rz0)
    return head + struct.pack("<Q", rz0) + bytes(8)


def seed(control=CREATE, in_size=56, out_size=8, in_addr=0x10000,
         out_addr=0x11000, in_len=56, out_len=8, layout=AMD64, mode=0,
         page_len=56,
         fault=0, bit=0, online=0x1, value=0, input_page=None,
         cpu_flags=SMT | LAPIC | X2APIC | PMU, disabled=(0, 0, 0),
         cpuid=(), arm64=None):
    if input_page is None:
        input_page = page(layout=layout)
    data = struct.pack("<QIIQQIIBBHIQQ", control, in_size, out_size,
                       in_addr, out_addr, in_len, out_len, layout | mode,
                       page_len,
                       fault, bit, online, value)
    data += input_page
    data += struct.pack("<4Q", cpu_flags, *disabled)
    assert len(data) == 152, len(data)
    for function, index, flags, regs in cpuid:
        data += struct.pack("<7I3I", function, index, flags, *regs, 0, 0, 0)
    if arm64 is not None:
        regs, vcpu_supported = arm64
        assert len(regs) == ARM64_REG_SLOTS
        data += struct.pack("<13QI", *regs, vcpu_supported)
    return data


SIG = 1  # KVM_CPUID_FLAG_SIGNIFCANT_INDEX

# enum hvc_arm64_reg: slot 0 is HVC_ARM64_NO_REG, then the registers.
ARM64_REG_SLOTS = 13
(PFR0, PFR1, DFR0, ISAR0, ISAR1, ISAR2, MMFR0, MMFR1, MMFR2, ZFR0, CTR,
 DCZID) = range(1, ARM64_REG_SLOTS)
# KVM_ARM_VCPU_*: PSCI 0.2, PMUv3, SVE, pointer auth (address, generic).
VCPU_ALL = (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6)


def fields(*pairs):
    """A register value from (shift, value) pairs of its 4-bit fields."""
    return sum(v << sh for sh, v in pairs)


def arm64_regs(values):
    """The 13 register slots, from {slot: value}; the rest are 0."""
    return tuple(values.get(slot, 0) for slot in range(ARM64_REG_SLOTS))


# Roughly the sanitised ID registers of an Armv8.2 host with SVE and
# pointer authentication (a Neoverse V1).
ARM64_HOST = arm64_regs({
    PFR0: fields((0, 2), (4, 2), (8, 1), (12, 1), (16, 1), (20, 1),
                 (24, 1), (28, 1), (32, 1), (48, 1), (56, 1), (60, 1)),
    PFR1: fields((4, 2)),
    DFR0: fields((0, 8), (8, 4)),
    ISAR0: fields((4, 2), (8, 1), (12, 2), (16, 1), (20, 2), (28, 1),
                  (32, 1), (44, 1), (48, 1), (52, 2), (56, 2), (60, 1)),
    ISAR1: fields((0, 2), (4, 1), (12, 1), (16, 1), (20, 2), (24, 1),
                  (32, 1), (36, 1), (44, 1), (52, 1)),
    ISAR2: fields((28, 1)),
    MMFR0: fields((4, 2)),
    MMFR1: fields((0, 2), (12, 1), (20, 2)),
    MMFR2: fields((0, 1), (4, 1), (12, 1), (32, 1), (36, 1)),
    ZFR0: fields((4, 2), (20, 1), (44, 1)),
    CTR: 0x9444c004,
    DCZID: 0x4,
})
ARM64_ONES = (2**64 - 1,) * ARM64_REG_SLOTS

# Roughly what KVM_GET_SUPPORTED_CPUID says on a Zen 3 host.
KVM_TABLE = (
    (0x0, 0, 0, (0x10, 0x68747541, 0x444d4163, 0x69746e65)),
    (0x1, 0, 0, (0x00a50f00, 0x00000800, 0xf6f83203, 0x178bfbff)),
    (0x6, 0, 0, (0x4, 0, 0x1, 0)),
    (0x7, 0, SIG, (0x1, 0x219c07ab, 0x0040069c, 0x00000010)),
    (0x7, 1, SIG, (0x00000010, 0, 0, 0)),
    (0xa, 0, 0, (0x07300402, 0, 0, 0x00000603)),
    (0xd, 0, SIG, (0x207, 0x988, 0x988, 0)),
    (0xd, 1, SIG, (0xf, 0x340, 0, 0)),
    (0xd, 2, SIG, (0x100, 0x240, 0, 0)),
    (0xd, 9, SIG, (0x8, 0x980, 0, 0)),
    (0x80000000, 0, 0, (0x80000022, 0x68747541, 0x444d4163, 0x69746e65)),
    (0x80000001, 0, 0, (0x00a50f00, 0, 0x75c237ff, 0x2fd3fbff)),
    (0x80000007, 0, 0, (0, 0, 0, 0x100)),
    (0x80000008, 0, 0, (0x3030, 0x0300d205, 0, 0)),
    (0x80000022, 0, 0, (0x3, 0x104, 0, 0)),
)

ONES = (0xffffffff,) * 4
# Every leaf a feature lives in, all bits set, and leaf 0xD's subleaves.
ALL_ONES_TABLE = tuple(
    (leaf, sub, SIG if leaf in (0x7, 0xd) else 0, ONES)
    for leaf, sub in ((0x1, 0), (0x6, 0), (0x7, 0), (0x7, 1), (0xa, 0),
                      (0xd, 0), (0xd, 1), (0xd, 2), (0xd, 3), (0xd, 4),
                      (0xd, 5), (0xd, 6), (0xd, 7), (0xd, 17), (0xd, 18),
                      (0x80000001, 0), (0x80000007, 0), (0x80000008, 0),
                      (0x80000022, 0)))

SEEDS = {
    # Valid inputs: every check says SUCCESS.
    "amd64-valid": seed(),
    "arm64-valid": seed(layout=ARM64, in_size=48, in_len=48, page_len=48,
                        input_page=page(layout=ARM64, compat=COMPAT_21H1,
                                        prox=PROX_VALID | PROX_PREFERRED,
                                        domain=5, bank0=0x3, bank1=0x1)),
    "amd64-node-online": seed(online=1 << 2,
                              input_page=page(prox=PROX_VALID, domain=2,
                                              xsave=0x4)),
    # One invalid field each.
    "flags-undefined": seed(input_page=page(flags=SMT | (1 << 2))),
    "proximity-reserved": seed(input_page=page(prox=PROX_VALID | (1 << 5))),
    "proximity-domain-64": seed(input_page=page(prox=PROX_VALID, domain=64)),
    "proximity-node-offline": seed(online=0x1,
                                   input_page=page(prox=PROX_VALID,
                                                   domain=3)),
    "compat-unknown": seed(input_page=page(compat=0x0606)),
    "padding-nonzero": seed(input_page=page(padding=0x1)),
    "reserved-z0-arm64": seed(layout=ARM64, in_size=48, page_len=48,
                              input_page=page(layout=ARM64, rz0=1 << 40)),
    "page-short": seed(page_len=40, in_size=40, fault=7, bit=3),
    # Control words and pages the rules refuse.
    "control-reserved": seed(control=CREATE | (1 << 27) | (1 << 44) |
                             (1 << 63)),
    "control-reps-varhead": seed(control=CREATE | (3 << 17) | (2 << 32) |
                                 (1 << 48)),
    "control-fast": seed(control=CREATE | FAST, in_addr=0x10004,
                         out_addr=0x10ffc, out_len=16),
    "control-unknown-code": seed(control=0x0001, value=0x79),
    # Rep calls: a full deposit page, a withdraw with rep start past the
    # count, and one whose output is a page short.
    "rep-deposit-511": seed(control=DEPOSIT | (511 << 32) | (3 << 48),
                            in_size=4096, out_size=0),
    "rep-withdraw-start-past": seed(control=WITHDRAW | (2 << 32) | (2 << 48),
                                    in_size=16, out_size=16),
    "rep-withdraw-short": seed(control=WITHDRAW | (512 << 32), in_size=16,
                               out_size=4088),
    "pages-overlap": seed(control=INITIALIZE | FAST, in_size=8, out_size=0,
                          in_addr=0x20ff8, in_len=8, out_addr=0x20ff0,
                          out_len=16, bit=22, value=0x0006000a),
    # Found by the fuzzer: pages that end at 2^64 and overlap.
    "pages-overlap-top": seed(mode=TOP | RELATIVE | TO_PAGE_END, in_addr=0x38,
                              out_addr=0x28, in_len=0, out_len=0),
    # CPUID tables to filter.
    "cpuid-kvm-smt-off-avx-off": seed(control=GET_PROPERTY, cpu_flags=LAPIC,
                                      disabled=(1 << 7, 1 << 4, 1 << 2),
                                      cpuid=KVM_TABLE),
    "cpuid-all-ones-xsave-off": seed(cpu_flags=SMT | NESTED,
                                     disabled=(~0 & (2**64 - 1), 0, 0x1),
                                     cpuid=ALL_ONES_TABLE),
    "cpuid-all-ones-avx512-amx-off": seed(cpu_flags=SMT | PMU | X2APIC |
                                          LAPIC,
                                          disabled=(0, 1 << 4,
                                                    (1 << 6) | (1 << 27) |
                                                    (1 << 5)),
                                          cpuid=ALL_ONES_TABLE),
    # ARM64 registers, supported vCPU features and a partition's cut.
    "arm64-host-sve-off": seed(control=GET_PROPERTY, layout=ARM64,
                               in_size=48, in_len=48, page_len=48,
                               cpu_flags=LAPIC, disabled=(0, 1 << 37, 0),
                               arm64=(ARM64_HOST, VCPU_ALL)),
    "arm64-host-pmu-gpa-off": seed(control=GET_PROPERTY, layout=ARM64,
                                   in_size=48, in_len=48, page_len=48,
                                   cpu_flags=LAPIC | PMU,
                                   disabled=(1 << 44, 0, 0),
                                   arm64=(ARM64_HOST, VCPU_ALL)),
    "arm64-all-ones-apa-off": seed(layout=ARM64, in_size=48, in_len=48,
                                   page_len=48, cpu_flags=PMU,
                                   disabled=(1 << 35, 0, 2**64 - 1),
                                   bit=37, fault=1,
                                   arm64=(ARM64_ONES, 2**32 - 1)),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(SEEDS.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print(f"make_corpus: {len(SEEDS)} seeds in {out}")


if __name__ == "__main__":
    main()
