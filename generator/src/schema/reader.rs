//! Reading decoded YAML mappings: every key checked against the allowed list (with a
//! did-you-mean), required keys, and typed values with their spans; every problem is reported
//! and reading carries on. The decoder builds the syntax tree with these.

use super::ast::*;
use super::yaml::{Key, Node, NodeKind};
use crate::diagnostics::Diagnostic;
use crate::source::Span;

/// Reads one mapping: checks keys against the allowed list and hands out values by key.
pub(super) struct MapReader<'a> {
    node: &'a Node,
    entries: Vec<&'a (Key, Node)>,
    context: &'static str,
}

impl<'a> MapReader<'a> {
    /// Starts reading `node` as a mapping with the given allowed keys. Unknown and duplicate
    /// keys are reported here. Returns `None` (with a diagnostic) if `node` is not a mapping.
    pub(super) fn new(
        node: &'a Node,
        what: &str,
        context: &'static str,
        allowed: &[&str],
        d: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let NodeKind::Map(entries) = &node.kind else {
            d.push(Diagnostic::wrong_type(
                node.span,
                what,
                "a mapping",
                node.kind_name(),
            ));
            return None;
        };
        let mut kept: Vec<&'a (Key, Node)> = Vec::new();
        for entry in entries {
            if let Some(first) = kept.iter().find(|e| e.0.text == entry.0.text) {
                d.push(Diagnostic::duplicate_key(
                    entry.0.span,
                    &entry.0.text,
                    first.0.span,
                ));
                continue;
            }
            if !allowed.contains(&entry.0.text.as_str()) {
                d.push(Diagnostic::unknown_key(
                    entry.0.span,
                    &entry.0.text,
                    context,
                    allowed,
                ));
                continue;
            }
            kept.push(entry);
        }
        Some(MapReader {
            node,
            entries: kept,
            context,
        })
    }

    pub(super) fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries.iter().find(|e| e.0.text == key).map(|e| &e.1)
    }

    pub(super) fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|e| e.0.text == key)
            .map(|e| e.0.span)
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(super) fn require(
        &self,
        key: &str,
        hint: &str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<&'a Node> {
        let v = self.get(key);
        if v.is_none() {
            d.push(Diagnostic::missing_key(
                self.first_line(),
                key,
                self.context,
                hint,
            ));
        }
        v
    }

    /// A span for "missing key" messages: the first key of the mapping, or the mapping itself.
    pub(super) fn first_line(&self) -> Span {
        match &self.node.kind {
            NodeKind::Map(entries) if !entries.is_empty() => entries[0].0.span,
            _ => self.node.span,
        }
    }

    pub(super) fn string(&self, key: &str, d: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
        self.get(key).and_then(|n| as_string(n, key, d))
    }

    pub(super) fn text(&self, key: &str, d: &mut Vec<Diagnostic>) -> Option<String> {
        self.string(key, d).map(|s| s.value)
    }

    pub(super) fn boolean(&self, key: &str, d: &mut Vec<Diagnostic>) -> bool {
        match self.get(key) {
            None => false,
            Some(Node {
                kind: NodeKind::Bool(b),
                ..
            }) => *b,
            Some(n) => {
                d.push(Diagnostic::wrong_type(
                    n.span,
                    key,
                    "`true` or `false`",
                    n.kind_name(),
                ));
                false
            }
        }
    }

    pub(super) fn count(&self, key: &str, d: &mut Vec<Diagnostic>) -> Option<Spanned<u64>> {
        let n = self.get(key)?;
        match n.kind {
            NodeKind::Int(i) if i >= 0 => Some(Spanned::new(i as u64, n.span)),
            _ => {
                d.push(Diagnostic::wrong_type(
                    n.span,
                    key,
                    "a whole number, 0 or more",
                    n.kind_name(),
                ));
                None
            }
        }
    }

    pub(super) fn number(
        &self,
        key: &str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<serde_json::Number>> {
        let n = self.get(key)?;
        let num = match n.kind {
            NodeKind::Int(i) => Some(serde_json::Number::from(i)),
            NodeKind::Float(f) => serde_json::Number::from_f64(f),
            _ => None,
        };
        if num.is_none() {
            d.push(Diagnostic::wrong_type(
                n.span,
                key,
                "a number",
                n.kind_name(),
            ));
        }
        num.map(|v| Spanned::new(v, n.span))
    }

    pub(super) fn json(&self, key: &str) -> Option<Spanned<serde_json::Value>> {
        self.get(key).map(|n| Spanned::new(n.to_json(), n.span))
    }

    pub(super) fn string_list(
        &self,
        key: &str,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Vec<Spanned<String>>> {
        let n = self.get(key)?;
        match &n.kind {
            NodeKind::Seq(items) => {
                Some(items.iter().filter_map(|i| as_string(i, key, d)).collect())
            }
            NodeKind::Str(_) => as_string(n, key, d).map(|s| vec![s]),
            _ => {
                d.push(Diagnostic::wrong_type(
                    n.span,
                    key,
                    "a list of strings",
                    n.kind_name(),
                ));
                None
            }
        }
    }

    /// Entries of a nested mapping under `key` (each with its key).
    pub(super) fn entries_of(
        &self,
        key: &str,
        d: &mut Vec<Diagnostic>,
    ) -> Vec<(&'a Key, &'a Node)> {
        match self.get(key) {
            None => Vec::new(),
            Some(n) => map_entries(n, key, d),
        }
    }
}

pub(super) fn map_entries<'a>(
    n: &'a Node,
    key: &str,
    d: &mut Vec<Diagnostic>,
) -> Vec<(&'a Key, &'a Node)> {
    match &n.kind {
        NodeKind::Map(entries) => {
            let mut out: Vec<(&Key, &Node)> = Vec::new();
            for (k, v) in entries {
                if let Some(first) = out.iter().find(|(fk, _)| fk.text == k.text) {
                    d.push(Diagnostic::duplicate_key(k.span, &k.text, first.0.span));
                    continue;
                }
                out.push((k, v));
            }
            out
        }
        NodeKind::Null => Vec::new(),
        _ => {
            d.push(Diagnostic::wrong_type(
                n.span,
                key,
                "a mapping",
                n.kind_name(),
            ));
            Vec::new()
        }
    }
}

pub(super) fn as_string(n: &Node, key: &str, d: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
    match &n.kind {
        NodeKind::Str(s) => Some(Spanned::new(s.clone(), n.span)),
        NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) => {
            // A plain `1.0` or `true` where text is expected: accept its text, YAML users rarely
            // mean a number for a version or a description.
            n.scalar_text().map(|s| Spanned::new(s, n.span))
        }
        _ => {
            d.push(Diagnostic::wrong_type(
                n.span,
                key,
                "a string",
                n.kind_name(),
            ));
            None
        }
    }
}

pub(super) fn key_spanned(k: &Key) -> Spanned<String> {
    Spanned::new(k.text.clone(), k.span)
}
