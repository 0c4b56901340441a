//! Accept files: differences that are known and deliberate, each with a reason.
//!
//! ```yaml
//! # what this file accepts, and why
//! accept:
//!   - operation: update_call_activity   # OLD's id
//!     part: request                      # optional; request | parameters | response 200 | ...
//!     pointer: /status
//!     kind: enum-value-added
//!     new: cancel                        # optional: only the difference with this new value
//!     reason: one line saying why this difference is accepted
//! ```
//!
//! An accepted difference is shown with its reason and does not make the run fail. An entry
//! that matches no difference is stale and makes the run fail, so the file cannot rot.

use super::{Difference, Kind};
use crate::diagnostics::did_you_mean;
use crate::schema::yaml::{self, Node, NodeKind};
use crate::source::{SourceFile, SourceMap, Span};
use serde_json::Value;
use std::fmt;
use std::path::Path;

/// The keys of an entry.
const KEYS: &[&str] = &[
    "operation",
    "part",
    "pointer",
    "kind",
    "old",
    "new",
    "reason",
];

/// One entry of an accept file.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptEntry {
    /// OLD's operation id.
    pub operation: String,
    /// `request`, `parameters`, `operation`, `response 200`, `response default`; any when absent.
    pub part: Option<String>,
    /// The difference's pointer (empty for a body root).
    pub pointer: String,
    /// The difference's kind.
    pub kind: Kind,
    /// Only the difference with this OLD value.
    pub old: Option<Value>,
    /// Only the difference with this NEW value.
    pub new: Option<Value>,
    /// Why the difference is accepted.
    pub reason: String,
    /// `file:line:column` of the entry.
    pub location: String,
}

impl AcceptEntry {
    /// Whether this entry accepts the difference.
    pub fn matches(&self, d: &Difference) -> bool {
        (d.operation == self.operation || d.new_operation.as_deref() == Some(&self.operation))
            && self.part.as_ref().is_none_or(|p| *p == d.part.to_string())
            && d.pointer == self.pointer
            && d.kind == self.kind
            && self.old.as_ref().is_none_or(|v| *v == d.old)
            && self.new.as_ref().is_none_or(|v| *v == d.new)
    }
}

impl fmt::Display for AcceptEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.operation)?;
        if let Some(p) = &self.part {
            write!(f, " {p}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "\"\""
        } else {
            &self.pointer
        };
        write!(f, " {pointer} {}", self.kind)?;
        if let Some(v) = &self.old {
            write!(f, " old={v}")?;
        }
        if let Some(v) = &self.new {
            write!(f, " new={v}")?;
        }
        Ok(())
    }
}

/// A parsed accept file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AcceptFile {
    /// The entries, in file order.
    pub entries: Vec<AcceptEntry>,
}

/// Why an accept file cannot be used: every mistake, one `file:line:column: error: ...` line
/// each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptError {
    /// The lines.
    pub message: String,
}

impl fmt::Display for AcceptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AcceptError {}

/// Reads and parses an accept file.
pub fn load_accept(path: &Path) -> Result<AcceptFile, AcceptError> {
    let text = std::fs::read_to_string(path).map_err(|e| AcceptError {
        message: format!("error: cannot read `{}`: {e}", path.display()),
    })?;
    parse_accept(path, &text)
}

struct Errors<'a> {
    file: &'a SourceFile,
    shown: String,
    lines: Vec<String>,
}

impl Errors<'_> {
    fn at(&self, span: Span) -> String {
        let (line, col) = self.file.line_col(span.start);
        format!("{}:{line}:{col}", self.shown)
    }

    fn push(&mut self, span: Span, message: impl fmt::Display) {
        let at = self.at(span);
        self.lines.push(format!("{at}: error: {message}"));
    }
}

/// Whether a part name is one the output uses.
fn valid_part(p: &str) -> bool {
    match p.strip_prefix("response ") {
        Some(s) => s == "default" || (s.len() == 3 && s.parse::<u16>().is_ok()),
        None => matches!(p, "request" | "parameters" | "operation"),
    }
}

/// Parses an accept file's text; `path` names it in messages.
pub fn parse_accept(path: &Path, text: &str) -> Result<AcceptFile, AcceptError> {
    let mut sources = SourceMap::new();
    let id = sources.add(path, text);
    let file = sources.get(id);
    let mut diags = Vec::new();
    let root = yaml::parse(id, file, &mut diags);
    let mut errors = Errors {
        file,
        shown: path.display().to_string(),
        lines: Vec::new(),
    };
    for d in &diags {
        match d.span() {
            Some(span) => errors.push(span, &d.message),
            None => errors
                .lines
                .push(format!("{}: error: {}", errors.shown, d.message)),
        }
    }
    let mut out = AcceptFile::default();
    if let Some(root) = &root {
        match &root.kind {
            NodeKind::Map(entries) => {
                for (k, v) in entries {
                    if k.text != "accept" {
                        let hint = did_you_mean(&k.text, ["accept"].into_iter())
                            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                        errors.push(k.span, format!("unknown key `{}`{hint}", k.text));
                        continue;
                    }
                    match &v.kind {
                        NodeKind::Seq(items) => {
                            for item in items {
                                if let Some(e) = entry(item, &mut errors) {
                                    out.entries.push(e);
                                }
                            }
                        }
                        NodeKind::Null => {}
                        _ => errors.push(
                            v.span,
                            format!("`accept` must be a list, found {}", v.kind_name()),
                        ),
                    }
                }
            }
            NodeKind::Null => {}
            _ => errors.push(
                root.span,
                format!(
                    "an accept file is a mapping with an `accept:` list, found {}",
                    root.kind_name()
                ),
            ),
        }
    }
    if errors.lines.is_empty() {
        Ok(out)
    } else {
        Err(AcceptError {
            message: errors.lines.join("\n"),
        })
    }
}

fn entry(item: &Node, errors: &mut Errors<'_>) -> Option<AcceptEntry> {
    let NodeKind::Map(pairs) = &item.kind else {
        errors.push(
            item.span,
            format!(
                "an accept entry must be a mapping, found {}",
                item.kind_name()
            ),
        );
        return None;
    };
    let before = errors.lines.len();
    let get = |key: &str| pairs.iter().find(|(k, _)| k.text == key).map(|(_, v)| v);
    for (k, _) in pairs {
        if !KEYS.contains(&k.text.as_str()) {
            let hint = did_you_mean(&k.text, KEYS.iter().copied())
                .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
            errors.push(
                k.span,
                format!("unknown key `{}` in an accept entry{hint}", k.text),
            );
        }
    }
    let text = |key: &str, required: bool, errors: &mut Errors<'_>| -> Option<String> {
        match get(key) {
            None if required => {
                errors.push(
                    item.span,
                    format!("this accept entry has no `{key}` (required)"),
                );
                None
            }
            None => None,
            Some(v) => match &v.kind {
                NodeKind::Str(s) => Some(s.clone()),
                NodeKind::Null if key == "pointer" => Some(String::new()),
                _ => match v.scalar_text() {
                    Some(s) if key != "reason" => Some(s),
                    _ => {
                        errors.push(
                            v.span,
                            format!("`{key}` must be a string, found {}", v.kind_name()),
                        );
                        None
                    }
                },
            },
        }
    };
    let operation = text("operation", true, errors);
    let part = text("part", false, errors);
    let pointer = text("pointer", true, errors);
    let kind_text = text("kind", true, errors);
    let reason = text("reason", true, errors);
    if let (Some(p), Some(node)) = (&part, get("part")) {
        if !valid_part(p) {
            errors.push(
                node.span,
                format!(
                    "unknown part `{p}`; use `request`, `parameters`, `operation`, \
                     `response STATUS` or `response default`"
                ),
            );
        }
    }
    if let (Some(p), Some(node)) = (&pointer, get("pointer")) {
        if !p.is_empty() && !p.starts_with('/') {
            errors.push(
                node.span,
                format!("`pointer` must be empty or start with `/`, found `{p}`"),
            );
        }
    }
    let kind = match (&kind_text, get("kind")) {
        (Some(k), Some(node)) => {
            let kind = Kind::from_code(k);
            if kind.is_none() {
                let hint = did_you_mean(k, Kind::ALL.iter().map(|k| k.code()))
                    .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                errors.push(node.span, format!("unknown difference kind `{k}`{hint}"));
            }
            kind
        }
        _ => None,
    };
    if let (Some(r), Some(node)) = (&reason, get("reason")) {
        if r.trim().is_empty() {
            errors.push(
                node.span,
                "`reason` must say why the difference is accepted",
            );
        }
    }
    if errors.lines.len() > before {
        return None;
    }
    Some(AcceptEntry {
        operation: operation?,
        part,
        pointer: pointer?,
        kind: kind?,
        old: get("old").map(Node::to_json),
        new: get("new").map(Node::to_json),
        reason: reason?,
        location: errors.at(item.span),
    })
}

/// Marks the differences the entries accept. Returns the stale entries: those that match no
/// difference, except entries about an operation that exists but was not compared (left out by
/// `--operation`). `exists` tells whether an operation id exists in OLD or NEW.
pub fn apply(
    file: &AcceptFile,
    differences: &mut [Difference],
    compared: &[String],
    exists: &dyn Fn(&str) -> bool,
) -> Vec<AcceptEntry> {
    let mut stale = Vec::new();
    for e in &file.entries {
        let mut matched = false;
        for d in differences.iter_mut().filter(|d| e.matches(d)) {
            matched = true;
            if d.accepted.is_none() {
                d.accepted = Some(e.reason.clone());
            }
        }
        let skipped = !compared.contains(&e.operation) && exists(&e.operation);
        if !matched && !skipped {
            stale.push(e.clone());
        }
    }
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_parse_and_mistakes_are_located() {
        let ok = parse_accept(
            Path::new("a.yaml"),
            "# why\naccept:\n  - operation: op\n    part: response 200\n    pointer: /a/*\n    \
             kind: enum-value-added\n    new: x\n    reason: vendor added it\n",
        );
        let file = ok.expect("parses");
        assert_eq!(file.entries.len(), 1);
        assert_eq!(file.entries[0].kind, Kind::EnumValueAdded);
        assert_eq!(file.entries[0].new, Some(Value::String("x".into())));
        assert_eq!(file.entries[0].location, "a.yaml:3:5");

        let bad = parse_accept(
            Path::new("a.yaml"),
            "accept:\n  - operation: op\n    pointer: /a\n    kind: enum-valu-added\n",
        );
        let message = bad.expect_err("fails").message;
        assert!(
            message.contains("a.yaml:2:5: error: this accept entry has no `reason`"),
            "{message}"
        );
        assert!(
            message.contains("did you mean `enum-value-added`"),
            "{message}"
        );
    }
}
