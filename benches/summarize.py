#!/usr/bin/env python3
"""Prints the validation and serde benchmark medians (from target/criterion/**/new/estimates.json,
written by `cargo bench -p schemagen-benches --bench validation`) as Markdown tables with ratios."""
import json, pathlib, sys

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
OPS = ["salesforce.create_voice_call", "salesforce.update_voice_call", "vcita.update_voice_call",
       "bird.update_call", "close.update_call_activity"]

def median(group, bench):
    path = root / group / bench / "new" / "estimates.json"
    if not path.exists():
        matches = list((root / group).glob(bench + "*/new/estimates.json")) if (root / group).exists() else []
        if not matches:
            return None
        path = matches[0]
    return json.loads(path.read_text())["median"]["point_estimate"]

def fmt(ns):
    if ns is None:
        return "n/a"
    return f"{ns:.0f} ns" if ns < 1000 else f"{ns / 1000:.2f} µs"

def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.1f}×"

print("| operation | typed validate (valid) | jsonschema (valid) | ratio | typed validate (invalid) | jsonschema (invalid) | ratio |")
print("|---|---|---|---|---|---|---|")
for op in OPS:
    g = f"validate_{op}"
    tv, jv = median(g, "typed valid"), median(g, "jsonschema valid (all errors)")
    ti, ji = median(g, "typed invalid (same payload as jsonschema)"), median(g, "jsonschema invalid (all errors)")
    print(f"| {op} | {fmt(tv)} | {fmt(jv)} | {ratio(jv, tv)} | {fmt(ti)} | {fmt(ji)} | {ratio(ji, ti)} |")
print()
print("| operation | payload from `Value`: structure + typed (valid) | jsonschema (valid) | ratio |")
print("|---|---|---|---|")
for op in OPS:
    g = f"validate_{op}"
    pv, jv = median(g, "payload valid (structure + typed)"), median(g, "jsonschema valid (all errors)")
    print(f"| {op} | {fmt(pv)} | {fmt(jv)} | {ratio(jv, pv)} |")
print()
print("| operation | bytes | parse + validate (typed) | parse to `Value` + jsonschema | ratio | parse + validate + serialize | MB/s | payloads/s |")
print("|---|---|---|---|---|---|---|---|")
for op in OPS:
    g = root / f"serde_{op}"
    if not g.exists():
        continue
    sizes = sorted({p.name for p in (g / "parse+validate").iterdir()}) if (g / "parse+validate").exists() else []
    for size in sizes:
        ours = median(f"serde_{op}", f"parse+validate/{size}")
        theirs = median(f"serde_{op}", f"jsonschema parse+validate/{size}")
        full = median(f"serde_{op}", f"parse+validate+serialize/{size}")
        mbs = int(size) / full * 1e9 / 1e6 if full else 0
        print(f"| {op} | {size} | {fmt(ours)} | {fmt(theirs)} | {ratio(theirs, ours)} | {fmt(full)} | {mbs:.0f} | {1e9 / full:,.0f} |")
