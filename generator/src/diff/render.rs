//! The output of `schemagen diff`: one text line per difference with a summary, or one JSON
//! document. Both are deterministic: differences come sorted, JSON object keys sorted.

use super::accept::AcceptEntry;
use super::load::Side;
use super::semver::Semver;
use super::{Class, Difference};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// Everything one run prints.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// OLD.
    pub old: &'a Side,
    /// NEW.
    pub new: &'a Side,
    /// The differences, sorted, with their accept reasons.
    pub differences: &'a [Difference],
    /// Accept entries that matched nothing.
    pub stale: &'a [AcceptEntry],
    /// The semver verdict, when both sides are versions of one schema.
    pub semver: Option<&'a Semver>,
}

/// Counts per class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Breaking differences (accepted or not).
    pub breaking: usize,
    /// Stricter differences.
    pub stricter: usize,
    /// Compatible differences.
    pub compatible: usize,
    /// Breaking differences no accept entry covers: these make the run fail.
    pub unaccepted_breaking: usize,
}

impl Summary {
    /// Counts the differences.
    pub fn of(differences: &[Difference]) -> Summary {
        let mut s = Summary::default();
        for d in differences {
            match d.class {
                Class::Breaking => {
                    s.breaking += 1;
                    if d.accepted.is_none() {
                        s.unaccepted_breaking += 1;
                    }
                }
                Class::Stricter => s.stricter += 1,
                Class::Compatible => s.compatible += 1,
            }
        }
        s
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "(absent)".into(),
        other => other.to_string(),
    }
}

fn pointer_text(p: &str) -> &str {
    if p.is_empty() { "\"\"" } else { p }
}

/// One difference as a text line (without a newline).
pub fn line(d: &Difference) -> String {
    let op = match &d.new_operation {
        Some(n) => format!("{}={n}", d.operation),
        None => d.operation.clone(),
    };
    let mut s = format!(
        "{:<10} {op} {} {} {}: {} → {}",
        d.class,
        d.part,
        pointer_text(&d.pointer),
        d.kind,
        value_text(&d.old),
        value_text(&d.new)
    );
    if let Some(reason) = &d.accepted {
        let _ = write!(s, "  accepted: {reason}");
    }
    s
}

/// The text output.
pub fn text(r: &Report<'_>) -> String {
    let mut out = String::new();
    for d in r.differences {
        let _ = writeln!(out, "{}", line(d));
    }
    let s = Summary::of(r.differences);
    let accepted = s.breaking - s.unaccepted_breaking;
    let _ = write!(out, "summary: {} breaking", s.breaking);
    if accepted > 0 {
        let _ = write!(out, " ({accepted} accepted)");
    }
    let _ = writeln!(
        out,
        ", {} stricter, {} compatible",
        s.stricter, s.compatible
    );
    for e in r.stale {
        let _ = writeln!(out, "stale accept entry: {e} (matches no difference)");
    }
    if let Some(v) = r.semver {
        for c in &v.changes {
            let _ = writeln!(out, "rust {}: {}", c.level.as_str(), c.what);
        }
        let _ = writeln!(out, "{v}");
    }
    out
}

fn side(s: &Side) -> Value {
    let api = s.api();
    json!({
        "path": s.path.display().to_string(),
        "kind": s.kind_name(),
        "api": api.name,
        "version": api.version,
    })
}

/// The JSON output (pretty-printed, with a final newline).
pub fn json(r: &Report<'_>) -> String {
    let differences: Vec<Value> = r
        .differences
        .iter()
        .map(|d| {
            json!({
                "operation": d.operation,
                "new_operation": d.new_operation,
                "part": d.part.to_string(),
                "pointer": d.pointer,
                "kind": d.kind.code(),
                "class": d.class.as_str(),
                "old": d.old,
                "new": d.new,
                "accepted": d.accepted,
            })
        })
        .collect();
    let stale: Vec<Value> = r
        .stale
        .iter()
        .map(|e| {
            json!({
                "location": e.location,
                "operation": e.operation,
                "part": e.part,
                "pointer": e.pointer,
                "kind": e.kind.code(),
                "old": e.old,
                "new": e.new,
                "reason": e.reason,
            })
        })
        .collect();
    let s = Summary::of(r.differences);
    let doc = json!({
        "old": side(r.old),
        "new": side(r.new),
        "differences": differences,
        "stale_accepts": stale,
        "summary": {
            "breaking": s.breaking,
            "stricter": s.stricter,
            "compatible": s.compatible,
            "unaccepted_breaking": s.unaccepted_breaking,
        },
        "semver": r.semver.map(|v| v.level.as_str()),
        "semver_changes": r.semver.map(|v| {
            v.changes
                .iter()
                .map(|c| json!({ "level": c.level.as_str(), "what": c.what }))
                .collect::<Vec<_>>()
        }),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
