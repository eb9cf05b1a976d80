#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the hvpart family against its YNL spec, with the kernel's YNL tools.

    spec_check.py TOP YNL [--regen]

TOP is this tree; YNL is a folder holding the kernel's Documentation/netlink
(the schemas) and tools/net/ynl (ynl-gen-c.py and its lib), as
tests/netlink/fetch_ynl.sh unpacks them from Debian's linux-source-6.12.

What is checked against Documentation/netlink/specs/hvpart.yaml:

- the spec: its SPDX line, and its validity under the kernel's schema of
  its protocol (Documentation/netlink/<protocol>.yaml from YNL);
- uapi/linux/hvpart_netlink.h: byte for byte what ynl-gen-c --mode uapi
  renders (--regen writes it instead, as the kernel's ynl-regen.sh does);
  <linux/hvpart.h> includes it;
- the definitions the spec leaves to <linux/hvpart.h> (``header:``): a C
  file of _Static_assert()s, one per entry with YNL's C name and value,
  compiled against the header; and no define of their prefixes missing
  from the spec;
- drivers/hvpart/netlink.c: the policy, the ops table, the multicast
  groups and the handler prototypes are, token for token, the ones
  ynl-gen-c --mode kernel renders (``static`` aside); the family struct
  points at them; the attributes hvpart_nl_fill() puts have the spec's
  types, in the order of the spec's replies; the driver sends every
  notification of the spec and no other;
- Documentation/netlink.rst: its tables of commands and attributes give the
  spec's names, numbers and types.

C is read as tokens (comments and preprocessor lines dropped), never
matched line by line.  Prints "ok - NAME" or "not ok - NAME" (the reasons
indented below) per check, then "spec: N passed, N failed"; exits 1 when a
check failed.
"""

import difflib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("not ok - python3-yaml is installed (scripts/deps.sh installs it)")
    print("spec: 0 passed, 1 failed")
    sys.exit(1)

counts = {"passed": 0, "failed": 0}


def report(name, problems):
    """One result line; problems is a list of strings (empty: passed)."""
    if problems:
        print(f"not ok - {name}")
        for p in problems:
            for line in str(p).splitlines() or [""]:
                print(f"    {line}")
        counts["failed"] += 1
    else:
        print(f"ok - {name}")
        counts["passed"] += 1


# ---------------------------------------------------------------- C tokens

TOKEN = re.compile(r"""
    (?P<skip>\s+|/\*.*?\*/|//[^\n]*|^[ \t]*\#(?:\\\n|[^\n])*)
  | (?P<tok>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'
      |[A-Za-z_]\w*|\.?\d[\w.]*
      |->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!~<>=?:;,.(){}\[\]])
""", re.S | re.M | re.X)


def tokens(text):
    """C tokens of TEXT, without comments and preprocessor lines."""
    out = []
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"cannot tokenize at {text[pos:pos + 40]!r}")
        if m.group("tok"):
            out.append(m.group("tok"))
        pos = m.end()
    return out


OPEN = {"(": ")", "[": "]", "{": "}"}


def close_of(toks, i):
    """Index of the bracket closing the one at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j] in OPEN:
            depth += 1
        elif toks[j] in OPEN.values():
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"unbalanced {toks[i]}")


def statements(toks):
    """Top-level declarations and definitions: token lists ending at ;."""
    out, cur, depth = [], [], 0
    for t in toks:
        cur.append(t)
        if t in OPEN:
            depth += 1
        elif t in OPEN.values():
            depth -= 1
        elif t == ";" and depth == 0:
            out.append(cur)
            cur = []
    return out


def declared_name(stmt):
    """What a statement declares, for messages."""
    if stmt[0] == "enum" and "{" in stmt:
        inner = stmt[stmt.index("{") + 1]
        return f"enum {{ {inner}, ... }}"
    for i, t in enumerate(stmt[:-1]):
        if re.fullmatch(r"[A-Za-z_]\w*", t) and stmt[i + 1] in "[(=":
            return t
    return " ".join(stmt[:6])


def find(seq, sub):
    """Index of the first occurrence of list SUB in list SEQ, or -1."""
    n = len(sub)
    for i in range(len(seq) - n + 1):
        if seq[i:i + n] == sub:
            return i
    return -1


def unstatic(toks):
    return [t for t in toks if t != "static"]


def calls(toks, name):
    """[[arg tokens...]...] of every call of NAME in TOKS (not its
    definition)."""
    out = []
    for i, t in enumerate(toks[:-1]):
        if t != name or toks[i + 1] != "(":
            continue
        end = close_of(toks, i + 1)
        if end + 1 < len(toks) and toks[end + 1] == "{":
            continue
        args, cur, depth = [], [], 0
        for u in toks[i + 2:end]:
            if u in OPEN:
                depth += 1
            elif u in OPEN.values():
                depth -= 1
            if u == "," and depth == 0:
                args.append(cur)
                cur = []
            else:
                cur.append(u)
        args.append(cur)
        out.append(args)
    return out


def function_body(toks, name):
    """Tokens of the body of the function NAME, or []."""
    for i, t in enumerate(toks[:-1]):
        if t == name and toks[i + 1] == "(":
            end = close_of(toks, i + 1)
            if end + 1 < len(toks) and toks[end + 1] == "{":
                return toks[end + 2:close_of(toks, end + 1)]
    return []


def initializer(toks, type_toks):
    """{field: tokens} of the designated initializer of the first variable
    whose declaration has the tokens TYPE_TOKS."""
    for i in range(len(toks)):
        if toks[i:i + len(type_toks)] != type_toks:
            continue
        # A definition, not a declaration: "=" before the next ";".
        j = i
        while j < len(toks) and toks[j] not in ("=", ";"):
            j += 1
        if j + 1 < len(toks) and toks[j] == "=" and toks[j + 1] == "{":
            i = j + 1
            break
    else:
        return None
    body = toks[i + 1:close_of(toks, i)]
    fields, depth, key, cur = {}, 0, None, []
    for j, t in enumerate(body):
        if t in OPEN:
            depth += 1
        elif t in OPEN.values():
            depth -= 1
        if depth == 0 and t == "." and j + 2 < len(body) and body[j + 2] == "=":
            key, cur = body[j + 1], []
            continue
        if key is None or (cur == [] and t in (key, "=")):
            continue
        if depth == 0 and t == ",":
            fields[key], key = cur, None
        else:
            cur.append(t)
    if key is not None:
        fields[key] = cur
    return fields


# ---------------------------------------------------------------- YNL

def load_ynl_gen(ynl):
    """ynl-gen-c.py as a module (its Family class renders C names)."""
    tools = os.path.join(ynl, "tools/net/ynl")
    sys.path.insert(0, tools)
    spec = importlib.util.spec_from_file_location(
        "ynl_gen_c", os.path.join(tools, "ynl-gen-c.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def work_tree(tmp, ynl, spec_path, spec, gen):
    """A kernel-like tree for ynl-gen-c: it looks for MAINTAINERS above the
    spec (for the path it names in the banner) and for the schema two
    folders up.  Returns the spec path there and what was left out."""
    proto = spec.get("protocol", "genetlink")
    schema = os.path.join(ynl, "Documentation/netlink", proto + ".yaml")
    os.makedirs(os.path.join(tmp, "Documentation/netlink/specs"))
    open(os.path.join(tmp, "MAINTAINERS"), "w", encoding="utf-8").close()
    shutil.copy(schema, os.path.join(tmp, "Documentation/netlink"))
    # 6.12's ynl-gen-c derives a policy range from the enum of every
    # enum-typed attribute, request or not, and gives up on an enum with
    # gaps (compatibility, the two flags sets).  Neither output depends on
    # the enum of an attribute no request carries: drop those references
    # for the run, and fail if a request carries one.
    lib = gen.SpecFamily(spec_path, schema)
    sparse = set()
    for name, enum in lib.consts.items():
        if enum["type"] not in ("enum", "flags"):
            continue
        vals = [e.value for e in enum.entries.values()]
        if max(vals) - min(vals) + 1 != len(vals):
            sparse.add(name)
    requested = set()
    for op in spec["operations"]["list"]:
        for mode in ("do", "dump"):
            req = (op.get(mode) or {}).get("request") or {}
            requested.update((op.get("attribute-set"), a)
                             for a in req.get("attributes", []))
    dropped, blocked = [], []
    for aset in spec["attribute-sets"]:
        for attr in aset["attributes"]:
            if attr.get("enum") in sparse:
                if (aset["name"], attr["name"]) in requested:
                    blocked.append(f"{aset['name']}.{attr['name']}")
                dropped.append(f"{aset['name']}.{attr['name']} "
                               f"(enum {attr['enum']})")
                del attr["enum"]
    with open(spec_path, encoding="utf-8") as f:
        first = f.readline()
    out = os.path.join(tmp, "Documentation/netlink/specs",
                       os.path.basename(spec_path))
    with open(out, "w", encoding="utf-8") as f:
        f.write(first)
        yaml.safe_dump(spec, f, sort_keys=False)
    return out, dropped, blocked


def ynl_gen(ynl, spec, mode, header, out):
    """Run the stock ynl-gen-c.py; returns its complaints, if any."""
    cmd = [sys.executable, os.path.join(ynl, "tools/net/ynl/ynl-gen-c.py"),
           "--mode", mode, "--header" if header else "--source",
           "--spec", spec, "-o", out]
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0 or not os.path.exists(out):
        return [f"{' '.join(cmd[1:])}: exit {r.returncode}",
                (r.stdout + r.stderr).strip()[-2000:]]
    return []


def compile_c(top, source):
    """Compile SOURCE against uapi/ with the host's gcc; errors or []."""
    r = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Werror",
                        "-fsyntax-only", "-I", os.path.join(top, "uapi"),
                        "-x", "c", "-"],
                       input=source, capture_output=True, text=True,
                       check=False)
    return [] if r.returncode == 0 else [r.stderr.strip()[-3000:]]


def header_macros(top):
    """{NAME: body} of every macro <linux/hvpart.h> defines, from cpp."""
    r = subprocess.run(["gcc", "-E", "-dM", "-I", os.path.join(top, "uapi"),
                        "-x", "c", "-"], input="#include <linux/hvpart.h>\n",
                       capture_output=True, text=True, check=False)
    out = {}
    for line in r.stdout.splitlines():
        _, name, body = (line.split(None, 2) + [""])[:3]
        out[name] = body
    return out


# ---------------------------------------------------------------- checks

def check_uapi(top, ynl, tmp, spec_path, regen):
    """uapi/linux/hvpart_netlink.h against ynl-gen-c --mode uapi."""
    header = os.path.join(top, "uapi/linux/hvpart_netlink.h")
    gen = os.path.join(tmp, "uapi.h")
    name = "uapi/linux/hvpart_netlink.h is what ynl-gen-c --mode uapi renders"
    probs = ynl_gen(ynl, spec_path, "uapi", True, gen)
    if probs:
        report(name, probs)
        return
    with open(gen, encoding="utf-8") as f:
        want = f.read()
    if regen:
        with open(header, "w", encoding="utf-8") as f:
            f.write(want)
        print(f"# wrote {os.path.relpath(header, top)}")
    try:
        with open(header, encoding="utf-8") as f:
            have = f.read()
    except OSError as e:
        report(name, [str(e)])
        return
    diff = list(difflib.unified_diff(
        have.splitlines(), want.splitlines(), "uapi/linux/hvpart_netlink.h",
        "ynl-gen-c --mode uapi", lineterm="", n=1))
    if diff:
        diff = diff[:60] + ["(tests/netlink/spec_test.sh --regen writes it)"]
    report(name, diff)

    report("<linux/hvpart.h> includes <linux/hvpart_netlink.h>",
           compile_c(top, "#include <linux/hvpart.h>\n"
                          "#ifndef _UAPI_LINUX_HVPART_NETLINK_H\n"
                          "#error no <linux/hvpart_netlink.h>\n#endif\n"))


def check_header_definitions(top, family, gen):
    """Definitions the spec leaves to <linux/hvpart.h> (header:)."""
    macros = header_macros(top)
    for name, enum in family.consts.items():
        if not enum.get("header") or enum["type"] not in ("enum", "flags"):
            continue
        src = ["#include <linux/hvpart.h>"]
        names = set()
        for e in enum.entries.values():
            names.add(e.c_name)
            # Flags are masks in the header, YNL's user_value(); their bit
            # numbers, where defined, are NAME_BIT.
            src.append(f"_Static_assert({e.c_name} == {e.user_value()}ULL, "
                       f"\"{e.c_name} is {e.user_value():#x} in the spec\");")
            if enum["type"] == "flags":
                src.append(f"#ifdef {e.c_name}_BIT\n"
                           f"_Static_assert({e.c_name}_BIT == {e.value}, "
                           f"\"{e.c_name}_BIT is {e.value} in the spec\");\n"
                           f"#endif")
        probs = compile_c(top, "\n".join(src) + "\n")
        pfx = gen.c_upper(enum.value_pfx)
        extra = sorted(m for m in macros if m.startswith(pfx) and
                       m not in names and
                       not re.search(r"_(BIT|MASK|SHIFT|MAX)$", m))
        if extra:
            probs.append(f"<linux/hvpart.h> defines {extra}, which the spec "
                         f"does not list")
        report(f"definition {name}: every {pfx}* of the spec has its value in "
               f"<linux/hvpart.h> (compiled), and no other", probs)


def check_kernel(top, ynl, tmp, spec_path):
    """netlink.c against ynl-gen-c --mode kernel."""
    gen_c = os.path.join(tmp, "nl-gen.c")
    gen_h = os.path.join(tmp, "nl-gen.h")
    probs = (ynl_gen(ynl, spec_path, "kernel", False, gen_c) +
             ynl_gen(ynl, spec_path, "kernel", True, gen_h))
    report("ynl-gen-c --mode kernel renders the spec", probs)
    if probs:
        return {}
    with open(os.path.join(top, "drivers/hvpart/netlink.c"),
              encoding="utf-8") as f:
        nl = unstatic(tokens(f.read()))
    nl_stmts = {declared_name(s): s for s in statements(nl)}
    names = {}
    for path in (gen_c, gen_h):
        with open(path, encoding="utf-8") as f:
            gen = unstatic(tokens(f.read()))
        for stmt in statements(gen):
            if stmt[0] == "extern":
                continue
            name = declared_name(stmt)
            if "genl_ops" in stmt:
                names["ops"] = name
            elif "genl_multicast_group" in stmt:
                names["mcgrps"] = name
            proto = stmt[-2] == ")" and "{" not in stmt
            # A prototype is met by the definition of the function.
            want = stmt[:-1] + ["{"] if proto else stmt
            what = "prototype" if proto else "definition"
            have = nl_stmts.get(name)
            detail = []
            if find(nl, want) < 0:
                detail = [f"ynl-gen-c: {' '.join(stmt)}",
                          f"netlink.c: {' '.join(have) if have else '(none)'}"]
            report(f"netlink.c: {name}, {what} as ynl-gen-c renders it",
                   detail)
    return names


def check_family(nl, family, names):
    """The genl_family hand-written for 6.1: names the generated tables."""
    fields = initializer(nl, ["struct", "genl_family"]) or {}
    want = {"name": [family.fam_key], "version": [family.ver_key]}
    if "ops" in names:
        want["ops"] = [names["ops"]]
        want["n_ops"] = ["ARRAY_SIZE", "(", names["ops"], ")"]
    if "mcgrps" in names:
        want["mcgrps"] = [names["mcgrps"]]
        want["n_mcgrps"] = ["ARRAY_SIZE", "(", names["mcgrps"], ")"]
    probs = [f".{k} = {' '.join(fields.get(k, ['(missing)']))}, want "
             f"{' '.join(v)}" for k, v in want.items() if fields.get(k) != v]
    if not fields:
        probs = ["no struct genl_family initializer in netlink.c"]
    report("netlink.c: the genl_family has the spec's name and version and "
           "the generated ops and groups", probs)


def attr_c_names(family, set_name):
    aset = family.attr_sets[set_name]
    return {attr.enum_name: attr for attr in aset.attrs.values()}


PUT_TYPES = {
    "nla_put_u8": "u8", "nla_put_u16": "u16", "nla_put_u32": "u32",
    "nla_put_u64_64bit": "u64", "nla_put_s8": "s8", "nla_put_s16": "s16",
    "nla_put_s32": "s32", "nla_put_s64_64bit": "s64", "nla_put_s64": "s64",
    "nla_put_flag": "flag", "nla_put_string": "string",
    "nla_put_uint": "uint", "nla_put_sint": "sint", "nla_put": "binary",
}


def check_fill(nl, family):
    """The attributes hvpart_nl_fill() puts."""
    body = function_body(nl, "hvpart_nl_fill")
    # In source order.
    puts = []
    i = 0
    while i < len(body) - 1:
        t = body[i]
        if t.startswith("nla_put") and body[i + 1] == "(":
            end = close_of(body, i + 1)
            args = calls(body[i:end + 1], t)[0]
            pad = args[-1] if t.endswith("_64bit") else None
            puts.append((" ".join(args[1]), PUT_TYPES.get(t, t),
                         " ".join(pad) if pad else None))
            i = end
        i += 1
    if not puts:
        report("hvpart_nl_fill() puts attributes", ["no nla_put_*() in it"])
        return
    for op in family.msgs.values():
        if op.is_async or not ("do" in op.yaml or "dump" in op.yaml):
            continue
        attrs = attr_c_names(family, op["attribute-set"])
        probs = []
        for attr, typ, pad in puts:
            a = attrs.get(attr)
            if a is None:
                probs.append(f"puts {attr}, not in set {op['attribute-set']}")
            elif a.type != typ:
                probs.append(f"puts {attr} as {typ}, the spec says {a.type}")
            if pad and (attrs.get(pad) is None or attrs[pad].type != "pad"):
                probs.append(f"{pad} pads a u64 but is not the set's pad "
                             f"attribute")
        report(f"hvpart_nl_fill(): every attribute it puts has the spec's "
               f"type ({op['name']})", probs)
        by_name = {a.name: c for c, a in attrs.items()}
        order = [a for a, _, _ in puts]
        for mode in ("do", "dump"):
            if mode not in op.yaml:
                continue
            reply = [by_name.get(a, a) for a in
                     op.yaml[mode].get("reply", {}).get("attributes", [])]
            report(f"{op['name']} {mode}: the spec's reply is what "
                   f"hvpart_nl_fill() puts, in order",
                   [] if reply == order else
                   [f"netlink.c: {order}", f"spec:      {reply}"])


def check_notifications(top, family):
    """Every notification of the spec is sent, and no other."""
    sent = set()
    ddir = os.path.join(top, "drivers/hvpart")
    for fn in sorted(os.listdir(ddir)):
        if fn.endswith(".c"):
            with open(os.path.join(ddir, fn), encoding="utf-8") as f:
                for args in calls(tokens(f.read()), "hvpart_nl_notify"):
                    sent.add(" ".join(args[-1]))
    groups = [g["name"] for g in family.yaml.get("mcast-groups",
                                                   {}).get("list", [])]
    ntfs = set()
    for op in family.msgs.values():
        if "notify" not in op.yaml and "event" not in op.yaml:
            continue
        ntfs.add(op.enum_name)
        probs = []
        if op.yaml.get("mcgrp") not in groups:
            probs.append(f"mcgrp {op.yaml.get('mcgrp')!r} is not in "
                         f"mcast-groups")
        if op.enum_name not in sent:
            probs.append(f"no hvpart_nl_notify(..., {op.enum_name}) in "
                         f"drivers/hvpart")
        report(f"{op.name}: sent by the driver on group "
               f"{op.yaml.get('mcgrp')}",
               probs)
    extra = sorted(sent - ntfs)
    report("every notification the driver sends is in the spec",
           [f"not in the spec: {extra}"] if extra else [])


def check_docs(top, family):
    """Documentation/netlink.rst's command and attribute tables."""
    with open(os.path.join(top, "Documentation/netlink.rst"),
              encoding="utf-8") as f:
        rst = f.read().splitlines()
    cmds = {}
    attrs = {}
    for line in rst:
        m = re.match(r"``(HVPART_CMD_\w+)``\s+(\d+)\s", line)
        if m:
            cmds[m.group(1)] = int(m.group(2))
        m = re.match(r"``([a-z][a-z0-9-]*)``\s+(\d+)\s+(\S+)\s", line)
        if m:
            attrs[m.group(1)] = (int(m.group(2)), m.group(3))
    want = {op.enum_name: op.value for op in family.msgs.values()}
    want.setdefault(family.op_prefix + "UNSPEC", 0)
    probs = [f"{n} is {cmds.get(n)!r}, the spec says {v}"
             for n, v in sorted(want.items()) if cmds.get(n) != v]
    probs += [f"{n} is not in the spec" for n in sorted(set(cmds) - set(want))]
    report("Documentation/netlink.rst: the commands and their values are the "
           "spec's", probs)
    probs = []
    for aset in family.attr_sets.values():
        for attr in aset.attrs.values():
            typ = attr.type if attr.type != "unused" else "--"
            got = attrs.get(attr.name)
            if got != (attr.value, typ):
                probs.append(f"{attr.name} is {got!r}, the spec says "
                             f"{(attr.value, typ)!r}")
    report("Documentation/netlink.rst: the attributes, their numbers and "
           "types are the spec's", probs)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    regen = "--regen" in sys.argv[1:]
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    top, ynl = (os.path.abspath(a) for a in args)
    spec_path = os.path.join(top, "Documentation/netlink/specs/hvpart.yaml")
    with open(spec_path, encoding="utf-8") as f:
        first = f.readline()
        f.seek(0)
        spec = yaml.safe_load(f)
    src = ""
    try:
        with open(os.path.join(ynl, ".source"), encoding="utf-8") as f:
            src = f.read().strip()
    except OSError:
        pass
    print(f"# YNL tools and schemas: {src or ynl}")

    report("spec starts with an SPDX-License-Identifier line",
           [] if first.startswith("# SPDX-License-Identifier: ") else
           [f"first line is {first.strip()!r}"])

    proto = spec.get("protocol", "genetlink")
    schema_path = os.path.join(ynl, "Documentation/netlink", proto + ".yaml")
    name = f"spec validates against the kernel's {proto}.yaml schema"
    try:
        import jsonschema  # pylint: disable=import-outside-toplevel
    except ImportError:
        report(name, ["python3-jsonschema is not installed "
                      "(scripts/deps.sh installs it)"])
        jsonschema = None
    if jsonschema is not None:
        with open(schema_path, encoding="utf-8") as f:
            schema = yaml.safe_load(f)
        validator = jsonschema.Draft7Validator(schema)
        report(name, [f"{'/'.join(map(str, e.absolute_path)) or '.'}: "
                      f"{e.message[:200]}"
                      for e in validator.iter_errors(spec)])
        if counts["failed"]:
            return finish()

    gen = load_ynl_gen(ynl)
    with tempfile.TemporaryDirectory(prefix="hvpart-ynl.") as tmp:
        try:
            work, dropped, blocked = work_tree(os.path.join(tmp, "tree"),
                                               ynl, spec_path, spec, gen)
        except Exception as e:  # pylint: disable=broad-except
            report("YNL's lib loads the spec", [repr(e)])
            return finish()
        print(f"# ynl-gen-c runs without the enum of {', '.join(dropped)}"
              if dropped else "# ynl-gen-c runs on the spec as it is")
        report("no request carries an attribute whose enum has gaps (6.12's "
               "ynl-gen-c cannot render its policy)",
               [f"requested: {', '.join(blocked)}"] if blocked else [])
        try:
            family = gen.Family(work, [])
        except Exception as e:  # pylint: disable=broad-except
            report("ynl-gen-c's Family() loads the spec", [repr(e)])
            return finish()
        check_uapi(top, ynl, tmp, work, regen)
        check_header_definitions(top, family, gen)
        names = check_kernel(top, ynl, tmp, work)

    with open(os.path.join(top, "drivers/hvpart/netlink.c"),
              encoding="utf-8") as f:
        nl = tokens(f.read())
    check_family(nl, family, names)
    check_fill(nl, family)
    check_notifications(top, family)
    check_docs(top, family)
    return finish()


def finish():
    print(f"spec: {counts['passed']} passed, {counts['failed']} failed")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
