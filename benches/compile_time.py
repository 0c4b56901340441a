#!/usr/bin/env python3
"""Helpers of benches/compile-time.sh and benches/incremental-vs-progenitor.sh.

  compile_time.py units HTML                      one line per compiled unit of a
                                                  `cargo build --timings` report: name,
                                                  target, start, seconds (tab-separated)
  compile_time.py table TSV [MIN]                 medians of a samples file (lines
                                                  `what<TAB>variant<TAB>seconds`): one row
                                                  per `what` (only those with a median of
                                                  at least MIN seconds, if given), one
                                                  column per variant in first-seen order,
                                                  and each column's ratio to the first
  compile_time.py rows TSV                        the same, one row per variant: median,
                                                  range, ratio to the first variant
  compile_time.py kinds FILE...                   lines of generated Rust per item kind
  compile_time.py strip FILE KIND...              the file without some kinds of items
                                                  (client, checks, validate, serde)
"""
import json
import re
import statistics
import sys
from collections import OrderedDict


def units(html_path):
    text = open(html_path, encoding="utf-8").read()
    start = text.index("const UNIT_DATA = ") + len("const UNIT_DATA = ")
    data, _ = json.JSONDecoder().raw_decode(text[start:])
    for u in data:
        target = u.get("target", "").strip() or "lib"
        print(f"{u['name']}\t{target}\t{u['start']:.3f}\t{u['duration']:.3f}")


def table(tsv_path, min_secs=None):
    samples = OrderedDict()
    variants = []
    for line in open(tsv_path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3:
            continue
        what, variant, secs = parts
        if variant not in variants:
            variants.append(variant)
        samples.setdefault(what, {}).setdefault(variant, []).append(float(secs))
    head = ["what"] + [f"{v} (median)" for v in variants]
    head += [f"{v} / {variants[0]}" for v in variants[1:]]
    head.append("runs")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for what, by in samples.items():
        med = {v: statistics.median(by[v]) for v in variants if v in by}
        if min_secs is not None and max(med.values()) < min_secs:
            continue
        row = [what] + [fmt(med.get(v)) for v in variants]
        base = med.get(variants[0])
        for v in variants[1:]:
            m = med.get(v)
            row.append(f"{m / base:.2f}×" if m is not None and base else "n/a")
        row.append("/".join(str(len(by.get(v, []))) for v in variants))
        print("| " + " | ".join(row) + " |")


def rows(tsv_path):
    """One row per variant of a samples file: median, range and ratio to the first variant."""
    by = OrderedDict()
    for line in open(tsv_path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3:
            by.setdefault(parts[1], []).append(float(parts[2]))
    if not by:
        return
    first = next(iter(by))
    base = statistics.median(by[first])
    print(f"| crate | median | min – max | ratio to {first} | runs |")
    print("|---|---|---|---|---|")
    for v, xs in by.items():
        m = statistics.median(xs)
        print(f"| {v} | {fmt(m)} | {fmt(min(xs))} – {fmt(max(xs))} | {m / base:.2f}× | {len(xs)} |")


def fmt(secs):
    if secs is None:
        return "n/a"
    return f"{secs * 1000:.1f} ms" if secs < 1 else f"{secs:.2f} s"


# --- lines per item kind --------------------------------------------------------------------

def strip_literals(line, state):
    """The line with string/char literal contents and `//` comments blanked, so that braces are
    counted only where they are code. `state` carries an open string across lines."""
    out = []
    i = 0
    n = len(line)
    while i < n:
        if state["in"] is not None:
            end = state["in"]
            if end == '"':
                if line[i] == "\\":
                    i += 2
                    continue
                if line[i] == '"':
                    state["in"] = None
                i += 1
                continue
            # raw string: ends with `"` followed by the right number of `#`
            if line.startswith(end, i):
                state["in"] = None
                i += len(end)
                continue
            i += 1
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        m = re.match(r'b?r(#*)"', line[i:])
        if m and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
            state["in"] = '"' + m.group(1)
            i += len(m.group(0))
            continue
        if c == '"':
            state["in"] = '"'
            i += 1
            continue
        if c == "'":
            m = re.match(r"'(\\.|\\u\{[0-9a-fA-F]+\}|\\x..|[^\\'])'", line[i:])
            if m:
                i += len(m.group(0))
                continue
        out.append(c)
        i += 1
    return "".join(out)


def classify(text, module):
    h = " ".join(text.split("{", 1)[0].split())
    if "builder" in module:
        return "builders (types)" if "types" in module else "client"
    if re.search(r"\bimpl\b.*\bValidate for\b", h):
        return "validators (Validate impls)"
    if module.endswith("client") or re.search(
        r"\bimpl\b.*\bClient\b|\bstruct (Client|Config)\b|\bimpl\b.*\bConfig\b", h
    ):
        return "client"
    if re.search(r"\bfn (check_json|validate_payload)\b", text):
        return "structure checks"
    if re.match(r"(pub(\([^)]*\))?\s+)?(struct|enum|type)\b", h):
        return "type definitions (with derives, docs)"
    if re.search(r"\bimpl\b", h):
        return "other impls (From, TryFrom, FromStr, Display, Default, ...)"
    return "other (constants, uses, modules)"


OTHER = "other (constants, uses, modules)"
BLANK = "blank lines and plain comments"


def items(lines):
    """Splits a generated file into spans `(kind, start, end, module)`: each top-level item (and
    each item of an inline module) with the doc comments and attributes before it; the lines
    opening and closing inline modules; blank lines and plain comments."""
    state = {"in": None}
    modules = []  # (name, first line of its docs and attributes)
    pending = None  # first doc or attribute line waiting for its item
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        module = "::".join(m for m, _ in modules)
        if stripped == "" or (stripped.startswith("//") and not stripped.startswith(("///", "//!"))):
            yield (BLANK, i, i + 1, module)
            i += 1
            continue
        if stripped.startswith("//!"):
            yield (OTHER, i, i + 1, module)
            i += 1
            continue
        if stripped.startswith("///"):
            pending = i if pending is None else pending
            i += 1
            continue
        if stripped.startswith(("#[", "#![")):
            # an attribute, possibly over several lines
            pending = i if pending is None else pending
            balance = 0
            while True:
                code = strip_literals(lines[i], state)
                balance += code.count("[") - code.count("]")
                i += 1
                if balance <= 0 or i >= len(lines):
                    break
            continue
        first = i if pending is None else pending
        pending = None
        if stripped == "}" and modules:
            # the end of an inline module
            name, opened = modules.pop()
            yield ("end of module " + name, i, i + 1, module)
            i += 1
            continue
        m = re.match(r"(pub(\([^)]*\))?\s+)?mod\s+(\w+)\s*\{\s*$", stripped)
        if m:
            modules.append((m.group(3), first))
            yield ("module " + m.group(3), first, i + 1, module)
            i += 1
            continue
        # an item: until its braces balance and it ends with `}` or `;`
        start = i
        depth = 0
        text = []
        while i < len(lines):
            code = strip_literals(lines[i], state)
            text.append(code)
            depth += code.count("{") - code.count("}")
            i += 1
            tail = code.rstrip()
            if depth == 0 and (tail.endswith("}") or tail.endswith(";")):
                break
        yield (classify("\n".join(text), module), first, i, module)
    if pending is not None:
        yield (OTHER, pending, len(lines), "")


def read_lines(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def kinds(paths):
    """Lines of generated Rust per item kind, as a Markdown table."""
    totals = OrderedDict()
    for path in paths:
        for kind, start, end, _ in items(read_lines(path)):
            if kind.startswith(("module ", "end of module ")):
                kind = OTHER
            totals[kind] = totals.get(kind, 0) + end - start
    total = sum(totals.values())
    print("| item kind | lines | share |")
    print("|---|---|---|")
    for kind, count in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"| {kind} | {count:,} | {100 * count / total:.0f}% |")
    print(f"| total | {total:,} | 100% |")


STRIP = {
    "client": "the `client` module",
    "checks": "structure checks (`check_json`, `validate_payload`)",
    "validate": "`Validate` impls",
    "serde": "serde derives and `#[serde]` attributes",
}


def strip(path, what):
    """Prints the file without the items of the kinds named (a measurement aid: the result is
    what the generator would write without them, as far as the rest still compiles)."""
    lines = read_lines(path)
    drop = set()
    skip_module = None
    for kind, start, end, module in items(lines):
        if skip_module is not None:
            drop.update(range(start, end))
            if kind == "end of module " + skip_module[0] and module == skip_module[1]:
                skip_module = None
            continue
        if kind == "module client" and "client" in what:
            skip_module = ("client", module)
            drop.update(range(start, end))
            continue
        if ("checks" in what and kind == "structure checks") or (
            "validate" in what and kind.startswith("validators")
        ):
            drop.update(range(start, end))
    out = [line for n, line in enumerate(lines) if n not in drop]
    if "serde" in what:
        out = strip_serde(out)
    sys.stdout.write("\n".join(out) + "\n")


def strip_serde(lines):
    text = "\n".join(lines)
    text = re.sub(r",\s*::serde::Serialize", "", text)
    text = re.sub(r",\s*::serde::Deserialize", "", text)
    out = []
    state = {"in": None}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip().startswith("#[serde("):
            balance = 0
            while True:
                code = strip_literals(lines[i], state)
                balance += code.count("[") - code.count("]")
                i += 1
                if balance <= 0:
                    break
            continue
        out.append(lines[i])
        i += 1
    return out


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "units" and len(sys.argv) == 3:
        units(sys.argv[2])
    elif cmd == "table" and len(sys.argv) in (3, 4):
        table(sys.argv[2], float(sys.argv[3]) if len(sys.argv) == 4 else None)
    elif cmd == "rows" and len(sys.argv) == 3:
        rows(sys.argv[2])
    elif cmd == "kinds" and len(sys.argv) >= 3:
        kinds(sys.argv[2:])
    elif cmd == "strip" and len(sys.argv) >= 4 and set(sys.argv[3:]) <= set(STRIP):
        strip(sys.argv[2], set(sys.argv[3:]))
    else:
        sys.exit(__doc__)
