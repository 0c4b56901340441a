#!/usr/bin/env python3
"""Prints the validation and serde benchmark medians (from target/criterion/**/new/estimates.json,
written by `cargo bench -p schemagen-benches --bench validation`) as Markdown tables with ratios:
first the four ratios the targets are set on, for every operation, then the details."""
import json, pathlib

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
OPS = ["salesforce.create_voice_call", "salesforce.update_voice_call", "vcita.update_voice_call",
       "bird.update_call", "close.update_call_activity"]

def median(group, bench):
    """The median of `group/bench`, or of `group/bench/<input size>` for the serde benches."""
    base = root / group / bench
    path = base / "new" / "estimates.json"
    if not path.exists():
        matches = sorted(base.glob("*/new/estimates.json")) if base.exists() else []
        if not matches:
            return None
        path = matches[0]
    return json.loads(path.read_text())["median"]["point_estimate"]

def size(op):
    """The payload's size in bytes (the serde benches' input parameter)."""
    d = root / f"serde_{op}" / "parse+validate"
    sizes = sorted(p.name for p in d.iterdir() if p.name.isdigit()) if d.exists() else []
    return int(sizes[0]) if sizes else None

def fmt(ns):
    if ns is None:
        return "n/a"
    return f"{ns:.0f} ns" if ns < 1000 else f"{ns / 1000:.2f} µs"

def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.1f}×"

def verdict(a, b, target):
    if a is None or b is None or b == 0:
        return "n/a"
    r = a / b
    return f"**{r:.1f}×**" if r >= target else f"{r:.1f}× (missed)"

def row(*cells):
    print("| " + " | ".join(cells) + " |")

# The four ratios the targets are set on (all from the same run).
print("| operation | typed `validate()` | jsonschema | ratio (≥ 20×) | payload from `Value` | ratio (≥ 3×) "
      "| payload from bytes | parse to `Value` + jsonschema | ratio (≥ 4×) | bytes → typed → `validate()` | ratio (≥ 2×) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for op in OPS:
    g, s = f"validate_{op}", f"serde_{op}"
    typed, js = median(g, "typed valid"), median(g, "jsonschema valid (all errors)")
    value = median(g, "payload valid (structure + typed)")
    text, js_text = median(s, "payload bytes validate"), median(s, "jsonschema parse+validate")
    e2e = median(s, "parse+validate")
    row(op, fmt(typed), fmt(js), verdict(js, typed, 20), fmt(value), verdict(js, value, 3),
        fmt(text), fmt(js_text), verdict(js_text, text, 4), fmt(e2e), verdict(js_text, e2e, 2))
print()
print("| operation | typed validate (valid) | jsonschema (valid) | ratio | typed validate (invalid) | jsonschema (invalid) | ratio |")
print("|---|---|---|---|---|---|---|")
for op in OPS:
    g = f"validate_{op}"
    tv, jv = median(g, "typed valid"), median(g, "jsonschema valid (all errors)")
    ti, ji = median(g, "typed invalid (same payload as jsonschema)"), median(g, "jsonschema invalid (all errors)")
    row(op, fmt(tv), fmt(jv), ratio(jv, tv), fmt(ti), fmt(ji), ratio(ji, ti))
print()
print("| operation | payload from `Value` (valid) | payload from `Value` (invalid) | jsonschema (valid) | jsonschema (invalid) |")
print("|---|---|---|---|---|")
for op in OPS:
    g = f"validate_{op}"
    row(op, fmt(median(g, "payload valid (structure + typed)")),
        fmt(median(g, "payload invalid (same payload as jsonschema)")),
        fmt(median(g, "jsonschema valid (all errors)")), fmt(median(g, "jsonschema invalid (all errors)")))
print()
print("| operation | bytes | payload from bytes | MB/s | parse + validate (typed) | parse to `Value` + jsonschema | parse + validate + serialize | payloads/s (bytes path) |")
print("|---|---|---|---|---|---|---|---|")
for op in OPS:
    s = f"serde_{op}"
    n = size(op)
    text = median(s, "payload bytes validate")
    mbs = f"{n / text * 1e3:.0f}" if n and text else "n/a"
    per_s = f"{1e9 / text:,.0f}" if text else "n/a"
    row(op, str(n or "n/a"), fmt(text), mbs, fmt(median(s, "parse+validate")),
        fmt(median(s, "jsonschema parse+validate")), fmt(median(s, "parse+validate+serialize")), per_s)
