#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the YNL spec of the hvpart family against the code.

    spec_check.py [TOP]

Compares Documentation/netlink/specs/hvpart.yaml with the uapi header
(uapi/linux/hvpart.h: names and values of every enum and define the spec
renders) and with the family as implemented (drivers/hvpart/netlink.c:
the nla_put_*() type of every attribute, the request policy, the genl_ops,
the multicast groups, the notifications the driver sends).  Validates the
spec against the YNL schema of its protocol first
(Documentation/netlink/<protocol>.yaml) when python3-jsonschema is there.

Prints "ok - NAME", "not ok - NAME" (with the reasons indented below) or
"skip - NAME", then "spec: N passed, N failed[, N skipped]"; exits 1 when a
check failed.
"""

import os
import re
import sys

try:
    import yaml
except ImportError:
    print("not ok - python3-yaml is installed (scripts/deps.sh installs it)")
    print("spec: 0 passed, 1 failed")
    sys.exit(1)

TOP = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(os.path.dirname(__file__), "..", ".."))
SPEC = os.path.join(TOP, "Documentation/netlink/specs/hvpart.yaml")
HEADER = os.path.join(TOP, "uapi/linux/hvpart.h")
NETLINK_C = os.path.join(TOP, "drivers/hvpart/netlink.c")
DRIVER_DIR = os.path.join(TOP, "drivers/hvpart")

counts = {"passed": 0, "failed": 0, "skipped": 0}


def report(name, problems):
    """One result line; problems is a list of strings (empty: passed)."""
    if problems:
        print(f"not ok - {name}")
        for p in problems:
            print(f"    {p}")
        counts["failed"] += 1
    else:
        print(f"ok - {name}")
        counts["passed"] += 1


def skip(name, why):
    print(f"skip - {name}: {why}")
    counts["skipped"] += 1


def c_name(name):
    """YNL's rendering of a spec name as a C identifier."""
    return name.upper().replace("-", "_")


# ---------------------------------------------------------------- C parsing

def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"),
                  text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def c_int(expr, known):
    """Value of a simple C integer expression over literals and known names."""
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b", r"\1", expr)
    expr = re.sub(r"[A-Za-z_]\w*",
                  lambda m: str(known[m.group(0)]) if m.group(0) in known
                  else m.group(0), expr)
    if not re.fullmatch(r"[\s0-9a-fA-FxX()+\-*<>|&~]*", expr):
        raise ValueError(f"cannot evaluate {expr!r}")
    return eval(expr, {"__builtins__": {}})  # pylint: disable=eval-used


def parse_defines(text):
    """#define NAME VALUE (one line) -> {NAME: int or str}, ints evaluated."""
    raw = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+([^\n\\]+)$", text, re.M):
        raw[m.group(1)] = m.group(2).strip()
    out = {}
    for name, val in raw.items():
        s = re.fullmatch(r'"([^"]*)"', val)
        if s:
            out[name] = s.group(1)
            continue
        try:
            out[name] = c_int(val, out)
        except (ValueError, SyntaxError, NameError, TypeError):
            pass
    return out


def parse_enums(text):
    """Every enum in TEXT: list of (tag or None, [(NAME, value)...])."""
    enums = []
    for m in re.finditer(r"\benum\s*(\w*)\s*\{(.*?)\}\s*;", text, re.S):
        known = {}
        entries = []
        nxt = 0
        for item in m.group(2).split(","):
            item = item.strip()
            if not item:
                continue
            name, _, expr = item.partition("=")
            name = name.strip()
            val = c_int(expr, known) if expr.strip() else nxt
            known[name] = val
            entries.append((name, val))
            nxt = val + 1
        enums.append((m.group(1) or None, entries))
    return enums


def enum_with_prefix(enums, prefix):
    for tag, entries in enums:
        if entries and all(n.lstrip("_").startswith(prefix)
                           for n, _ in entries):
            return tag, entries
    return None, None


def header_type_comments(raw_header, prefix):
    """NAME -> first word of its trailing comment ("u64", "s32"...)."""
    out = {}
    for m in re.finditer(r"^\s*(" + prefix + r"\w+),\s*/\*\s*(\w+)",
                         raw_header, re.M):
        out[m.group(1)] = m.group(2)
    return out


def c_function(text, name):
    """Body of the C function NAME (from its opening brace to the match)."""
    m = re.search(r"\b" + name + r"\s*\([^;{]*\)\s*\{", text)
    if not m:
        return ""
    depth = 0
    for i in range(m.end() - 1, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[m.end():i]
    return ""


PUT_TYPES = {
    "nla_put_u8": "u8", "nla_put_u16": "u16", "nla_put_u32": "u32",
    "nla_put_u64_64bit": "u64", "nla_put_s8": "s8", "nla_put_s16": "s16",
    "nla_put_s32": "s32", "nla_put_s64": "s64", "nla_put_flag": "flag",
    "nla_put_string": "string", "nla_put_uint": "uint", "nla_put_sint": "sint",
    "nla_put": "binary", "nla_put_be16": "u16", "nla_put_be32": "u32",
    "nla_put_in_addr": "u32", "nla_put_be64": "u64",
}
NLA_TYPES = {
    "NLA_U8": "u8", "NLA_U16": "u16", "NLA_U32": "u32", "NLA_U64": "u64",
    "NLA_S8": "s8", "NLA_S16": "s16", "NLA_S32": "s32", "NLA_S64": "s64",
    "NLA_FLAG": "flag", "NLA_NUL_STRING": "string", "NLA_STRING": "string",
    "NLA_BINARY": "binary", "NLA_NESTED": "nest", "NLA_UINT": "uint",
    "NLA_SINT": "sint",
}


def nla_puts(body):
    """[(ATTR, type, pad ATTR or None)] in the order BODY puts them."""
    out = []
    # netlink.c's hvpart_nla_put_*() lay attributes out as nla_put_*().
    for m in re.finditer(r"\b(?:hvpart_)?(nla_put\w*)\s*\(\s*\w+\s*,\s*(\w+)\s*,([^;]*?)\)"
                         r"\s*(\|\||;|\))", body, re.S):
        fn, attr, rest = m.group(1), m.group(2), m.group(3)
        pad = None
        if fn == "nla_put_u64_64bit":
            pad = rest.rsplit(",", 1)[-1].strip()
        out.append((attr, PUT_TYPES.get(fn, fn), pad))
    return out


# ---------------------------------------------------------------- checks

def main():
    with open(SPEC, encoding="utf-8") as f:
        first = f.readline()
        f.seek(0)
        spec = yaml.safe_load(f)
    with open(HEADER, encoding="utf-8") as f:
        raw_header = f.read()
    with open(NETLINK_C, encoding="utf-8") as f:
        nl_c = strip_comments(f.read())
    driver = ""
    for fn in sorted(os.listdir(DRIVER_DIR)):
        if fn.endswith(".c"):
            with open(os.path.join(DRIVER_DIR, fn), encoding="utf-8") as f:
                driver += strip_comments(f.read())
    header = strip_comments(raw_header)
    defines = parse_defines(header)
    enums = parse_enums(header)
    family = spec["name"]
    fam_pfx = c_name(family) + "_"

    # --- the spec itself
    report("spec starts with an SPDX-License-Identifier line",
           [] if first.startswith("# SPDX-License-Identifier: ") else
           [f"first line is {first.strip()!r}"])

    proto = spec.get("protocol", "genetlink")
    schema_path = os.path.join(TOP, "Documentation/netlink", proto + ".yaml")
    name = f"spec validates against Documentation/netlink/{proto}.yaml"
    try:
        import jsonschema  # pylint: disable=import-outside-toplevel
    except ImportError:
        jsonschema = None
    if jsonschema is None:
        skip(name, "python3-jsonschema is not installed")
    elif not os.path.exists(schema_path):
        report(name, [f"{schema_path} is missing"])
    else:
        with open(schema_path, encoding="utf-8") as f:
            schema = yaml.safe_load(f)
        validator = jsonschema.Draft7Validator(schema)
        report(name, [f"{'/'.join(map(str, e.absolute_path)) or '.'}: "
                      f"{e.message[:200]}"
                      for e in validator.iter_errors(spec)])

    # --- family name, version, multicast groups
    probs = []
    fam_def = c_name(spec.get("c-family-name", family + "-family-name"))
    if defines.get(fam_def) != family:
        probs.append(f"{fam_def} is {defines.get(fam_def)!r}, spec name "
                     f"{family!r}")
    ver_def = c_name(spec.get("c-version-name", family + "-family-version"))
    if defines.get(ver_def) != spec.get("version", 1):
        probs.append(f"{ver_def} is {defines.get(ver_def)!r}, spec version "
                     f"{spec.get('version', 1)}")
    report(f"family name and version match {fam_def}, {ver_def}", probs)

    probs = []
    groups = [g["name"] for g in spec.get("mcast-groups", {}).get("list", [])]
    for g in spec.get("mcast-groups", {}).get("list", []):
        d = c_name(g.get("c-define-name", f"{family}-mcgrp-{g['name']}"))
        if defines.get(d) != g["name"]:
            probs.append(f"{d} is {defines.get(d)!r}, want {g['name']!r}")
    impl = re.search(r"genl_multicast_group\s+\w+\[\]\s*=\s*\{(.*?)\};",
                     nl_c, re.S)
    impl_groups = []
    if impl:
        for d in re.findall(r"\.name\s*=\s*(\w+|\"[^\"]*\")", impl.group(1)):
            impl_groups.append(d.strip('"') if d.startswith('"')
                               else defines.get(d, d))
    if sorted(impl_groups) != sorted(groups):
        probs.append(f"netlink.c registers groups {impl_groups}, spec lists "
                     f"{groups}")
    report("multicast groups: spec, header defines and netlink.c agree", probs)

    # --- definitions: enums and flags
    for d in spec.get("definitions", []):
        if d["type"] not in ("enum", "flags"):
            continue
        pfx = c_name(d.get("name-prefix", f"{family}-{d['name']}-"))
        vals = []
        nxt = d.get("value-start", 0)
        for e in d["entries"]:
            e = {"name": e} if isinstance(e, str) else e
            v = e.get("value", nxt)
            vals.append((pfx + c_name(e["name"]), v))
            nxt = v + 1
        probs = []
        if "header" in d:
            # Defined by the header as #defines: masks (flags) or values.
            for n, v in vals:
                want = (1 << v) if d["type"] == "flags" else v
                if defines.get(n) != want:
                    probs.append(f"{n} is {defines.get(n)!r}, spec says "
                                 f"{want:#x}")
                if d["type"] == "flags" and n + "_BIT" in defines and \
                        defines[n + "_BIT"] != v:
                    probs.append(f"{n}_BIT is {defines[n + '_BIT']}, spec "
                                 f"says {v}")
            extra = sorted(n for n in defines
                           if n.startswith(pfx) and
                           not re.search(r"_(BIT|MASK|SHIFT|MAX)$", n) and
                           n not in dict(vals))
            if extra:
                probs.append(f"header defines {extra}, not in the spec")
            report(f"definition {d['name']}: every {pfx}* define matches",
                   probs)
            continue
        ename = d.get("enum-name", f"{family}-{d['name']}")
        tag = c_name(ename).lower() if ename else None
        got = None
        for t, entries in enums:
            if t == tag and (tag or entries and
                             entries[0][0].startswith(pfx)):
                got = entries
        if got is None:
            probs.append(f"no enum {tag or '(anonymous)'} with {pfx}* in the "
                         f"header")
        elif got != vals:
            probs.append(f"header: {got}")
            probs.append(f"spec:   {vals}")
        report(f"definition {d['name']}: enum {tag} matches in order", probs)

    # --- attribute sets
    for aset in spec["attribute-sets"]:
        pfx = c_name(aset.get("name-prefix",
                              f"{family}-a-{aset['name']}-"))
        vals = []
        nxt = 1
        for a in aset["attributes"]:
            v = a.get("value", nxt)
            vals.append((pfx + c_name(a["name"]), v))
            nxt = v + 1
        cnt = c_name(aset.get("attr-cnt-name", f"--{pfx}max"))
        mx = c_name(aset.get("attr-max-name", f"{pfx}max"))
        tag, got = enum_with_prefix(enums, pfx)
        probs = []
        ename = aset.get("enum-name", f"{family}-{aset['name']}-attrs")
        want_tag = c_name(ename).lower() if ename else None
        if got is None:
            probs.append(f"no enum of {pfx}* in the header")
        else:
            if tag != want_tag:
                probs.append(f"header enum tag {tag}, spec {want_tag}")
            body = [(n, v) for n, v in got if n not in (cnt, mx)]
            if body != vals:
                probs.append(f"header: {body}")
                probs.append(f"spec:   {vals}")
            last = vals[-1][1]
            if (cnt, last + 1) not in got:
                probs.append(f"{cnt} should be {last + 1}")
            if (mx, last) not in got:
                probs.append(f"{mx} should be {last}")
        report(f"attribute set {aset['name']}: names and values match the "
               f"header in order, with {mx}", probs)

        # Types: the header's comments and netlink.c's nla_put_*().
        types = {pfx + c_name(a["name"]): a["type"]
                 for a in aset["attributes"]}
        probs = []
        for n, t in header_type_comments(raw_header, pfx).items():
            if n in types and types[n] != t:
                probs.append(f"header comment says {n} is {t}, spec "
                             f"{types[n]}")
        report(f"attribute set {aset['name']}: types match the header's "
               f"comments", probs)

    # --- operations
    ops = spec["operations"]["list"]
    opfx = c_name(spec["operations"].get("name-prefix", f"{family}-cmd-"))
    op_vals = []
    nxt = 1
    for o in ops:
        v = o.get("value", nxt)
        op_vals.append((opfx + c_name(o["name"]), v))
        nxt = v + 1
    ocnt = c_name(spec.get("cmd-cnt-name", f"--{opfx}max"))
    omx = c_name(spec.get("cmd-max-name", f"{opfx}max"))
    tag, got = enum_with_prefix(enums, opfx)
    probs = []
    ename = spec["operations"].get("enum-name", f"{family}-cmd")
    if got is None:
        probs.append(f"no enum of {opfx}* in the header")
    else:
        want_tag = c_name(ename).lower() if ename else None
        if tag != want_tag:
            probs.append(f"header enum tag {tag}, spec {want_tag}")
        body = [(n, v) for n, v in got if n not in (ocnt, omx)]
        if body != op_vals:
            probs.append(f"header: {body}")
            probs.append(f"spec:   {op_vals}")
        last = op_vals[-1][1]
        if (ocnt, last + 1) not in got or (omx, last) not in got:
            probs.append(f"{ocnt}/{omx} should be {last + 1}/{last}")
    report(f"operations: command names and values match the header in "
           f"order, with {omx}", probs)

    # --- the family as implemented
    sets = {s["name"]: s for s in spec["attribute-sets"]}
    by_name = {o["name"]: o for o in ops}

    fill = c_function(nl_c, "hvpart_nl_fill")
    puts = nla_puts(fill)
    for o in ops:
        if "do" not in o and "dump" not in o:
            continue
        aset = sets[o["attribute-set"]]
        pfx = c_name(aset.get("name-prefix", f"{family}-a-{aset['name']}-"))
        types = {pfx + c_name(a["name"]): a["type"]
                 for a in aset["attributes"]}
        probs = []
        for attr, t, pad in puts:
            if attr not in types:
                probs.append(f"netlink.c puts {attr}, not in the spec")
            elif types[attr] != t:
                probs.append(f"netlink.c puts {attr} as {t}, spec says "
                             f"{types[attr]}")
            if pad and types.get(pad) != "pad":
                probs.append(f"{pad} pads a u64 but is "
                             f"{types.get(pad)!r} in the spec")
        report(f"{o['name']}: every attribute netlink.c puts has the spec's "
               f"type", probs)

        put_order = [a for a, _, _ in puts]
        for mode in ("do", "dump"):
            if mode not in o:
                continue
            reply = [pfx + c_name(a)
                     for a in o[mode].get("reply", {}).get("attributes", [])]
            report(f"{o['name']} {mode}: reply lists what hvpart_nl_fill() "
                   f"puts, in order",
                   [] if reply == put_order else
                   [f"netlink.c: {put_order}", f"spec:      {reply}"])
        every = [pfx + c_name(a["name"]) for a in aset["attributes"]
                 if a["type"] not in ("pad", "unused")]
        report(f"{o['name']}: the reply carries every attribute of set "
               f"{aset['name']}",
               [f"missing {sorted(set(every) - set(put_order))}"]
               if set(every) - set(put_order) else [])

    # genl_ops: handlers, flags and per-op policies.
    genl_ops = re.search(r"genl_ops\s+\w+\[\]\s*=\s*\{(.*?)\n\};", nl_c, re.S)
    impl_ops = {}
    if genl_ops:
        for blk in re.findall(r"\{([^{}]*)\}", genl_ops.group(1)):
            fields = dict(re.findall(r"\.(\w+)\s*=\s*([^,\n]+)", blk))
            if "cmd" in fields:
                impl_ops[fields["cmd"].strip()] = fields
    policy = spec.get("kernel-policy", "split")
    for o in ops:
        cname = opfx + c_name(o["name"])
        if "do" not in o and "dump" not in o:
            continue
        f = impl_ops.get(cname)
        if f is None:
            report(f"{o['name']}: in netlink.c's genl_ops",
                   [f"no .cmd = {cname}"])
            continue
        probs = []
        if ("doit" in f) != ("do" in o):
            probs.append(f".doit {'present' if 'doit' in f else 'missing'}, "
                         f"spec {'has' if 'do' in o else 'has no'} do")
        if ("dumpit" in f) != ("dump" in o):
            probs.append(f".dumpit {'present' if 'dumpit' in f else 'missing'}"
                         f", spec {'has' if 'dump' in o else 'has no'} dump")
        flags = f.get("flags", "")
        want = set(o.get("flags", []))
        have = set()
        if "GENL_ADMIN_PERM" in flags:
            have.add("admin-perm")
        if "GENL_UNS_ADMIN_PERM" in flags:
            have.add("uns-admin-perm")
        if want != have:
            probs.append(f"flags {sorted(have)} in netlink.c, spec "
                         f"{sorted(want)}")
        report(f"{o['name']}: genl_ops handlers and flags match the spec",
               probs)

        probs = []
        aset = sets[o["attribute-set"]]
        pfx = c_name(aset.get("name-prefix", f"{family}-a-{aset['name']}-"))
        types = {pfx + c_name(a["name"]): a["type"]
                 for a in aset["attributes"]}
        if policy == "per-op":
            pol = f.get("policy", "").strip()
            m = re.search(r"nla_policy\s*\n?\s*" + re.escape(pol) +
                          r"\[(\w+)\s*\+\s*1\]\s*=\s*\{(.*?)\};", nl_c, re.S)
            if not pol or not m:
                probs.append("kernel-policy is per-op but the op has no "
                             ".policy array")
            else:
                entries = re.findall(r"\[(\w+)\]\s*=\s*\{\s*\.type\s*=\s*"
                                     r"(\w+)", m.group(2))
                req = [pfx + c_name(a) for a in
                       o.get("do", o.get("dump", {})).get("request", {})
                       .get("attributes", [])]
                if sorted(a for a, _ in entries) != sorted(req):
                    probs.append(f"policy has {[a for a, _ in entries]}, "
                                 f"spec request {req}")
                for a, t in entries:
                    if NLA_TYPES.get(t) != types.get(a):
                        probs.append(f"policy types {a} {t}, spec "
                                     f"{types.get(a)}")
                maxattr = f.get("maxattr", "").strip()
                top = max((dict(vals_of(aset, pfx))[a] for a in req),
                          default=0)
                if dict(vals_of(aset, pfx)).get(maxattr) != top or \
                        m.group(1) != maxattr:
                    probs.append(f"maxattr {maxattr} / array size "
                                 f"{m.group(1)} + 1, the request's last "
                                 f"attribute is {top}")
            fam = re.search(r"struct\s+genl_family\s+\w+\s+[^=;]*=\s*\{(.*?)\};",
                            nl_c, re.S)
            if fam and re.search(r"\.policy\s*=", fam.group(1)):
                probs.append("per-op policy, but the family has a global "
                             ".policy")
        report(f"{o['name']}: request policy is the spec's ({policy})",
               probs)

    # Notifications: sent by the driver, on a group the spec lists.
    sent = set(re.findall(r"hvpart_nl_notify\s*\([^;]*?\b(" + opfx +
                          r"\w+)\s*\)", driver))
    ntfs = []
    for o in ops:
        if "notify" not in o and "event" not in o:
            continue
        cname = opfx + c_name(o["name"])
        ntfs.append(cname)
        probs = []
        if "notify" in o:
            tgt = by_name.get(o["notify"])
            if tgt is None or "reply" not in tgt.get("do", {}):
                probs.append(f"notify: {o['notify']} is not an op with a do "
                             f"reply")
        if o.get("mcgrp") not in groups:
            probs.append(f"mcgrp {o.get('mcgrp')!r} is not in mcast-groups")
        if cname not in sent:
            probs.append(f"no hvpart_nl_notify(..., {cname}) in "
                         f"drivers/hvpart")
        report(f"{o['name']}: sent by the driver on group {o.get('mcgrp')}",
               probs)
    extra = sorted(sent - set(ntfs))
    report("every notification the driver sends is in the spec",
           [f"not in the spec: {extra}"] if extra else [])

    print(f"spec: {counts['passed']} passed, {counts['failed']} failed" +
          (f", {counts['skipped']} skipped" if counts["skipped"] else ""))
    return 1 if counts["failed"] else 0


def vals_of(aset, pfx):
    nxt = 1
    for a in aset["attributes"]:
        v = a.get("value", nxt)
        yield pfx + c_name(a["name"]), v
        nxt = v + 1


if __name__ == "__main__":
    sys.exit(main())
