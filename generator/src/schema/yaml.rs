//! A YAML document as a tree of nodes that each remember their source span.
//!
//! This is the only module that knows the YAML library (`saphyr-parser`); everything after it
//! works on [`Node`]s, so the parser can be swapped without touching the rest.

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceFile, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};

/// One YAML value with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the value is.
    pub kind: NodeKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of YAML values, after resolving plain scalars with the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in i64.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Any other scalar; `raw` tells whether it was quoted.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order; keys are kept as written (scalars only).
    Map(Vec<(Key, Node)>),
}

/// A mapping key: always a scalar, kept as its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key as written (unquoted).
    pub text: String,
    /// Where it is.
    pub span: Span,
}

impl Node {
    /// A short description of the kind, for messages ("a string", "a mapping").
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// The scalar as text (for strings, numbers and booleans), as YAML wrote it.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            NodeKind::Str(s) => Some(s.clone()),
            NodeKind::Int(i) => Some(i.to_string()),
            NodeKind::Float(f) => Some(f.to_string()),
            NodeKind::Bool(b) => Some(b.to_string()),
            NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => None,
        }
    }

    /// Converts to JSON (for defaults, examples and const values).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            NodeKind::Null => serde_json::Value::Null,
            NodeKind::Bool(b) => serde_json::Value::Bool(*b),
            NodeKind::Int(i) => serde_json::Value::from(*i),
            NodeKind::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            NodeKind::Str(s) => serde_json::Value::String(s.clone()),
            NodeKind::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            NodeKind::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.text.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// How deep mappings and sequences may nest. Real schemas stay far below it; the limit keeps a
/// hostile file from exhausting the stack or the time of the tools that walk the tree.
pub const MAX_DEPTH: usize = 128;

enum Frame {
    Seq {
        start: Span,
        items: Vec<Node>,
    },
    Map {
        start: Span,
        entries: Vec<(Key, Node)>,
        pending_key: Option<Key>,
    },
}

/// Parses one YAML document. Returns `None` (with a diagnostic) when the YAML is invalid.
pub fn parse(file_id: FileId, file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    let to_span = |s: saphyr_parser::Span| {
        let start = file.offset_of(s.start.line(), s.start.col());
        let end = file.offset_of(s.end.line(), s.end.col());
        Span::new(file_id, start, end)
    };
    let mut parser = Parser::new_from_str(&file.text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    let mut reported_unsupported = false;
    while let Some(event) = parser.next_event() {
        let (event, raw_span) = match event {
            Ok(e) => e,
            Err(e) => {
                let m = e.marker();
                let start = file.offset_of(m.line(), m.col());
                let end = file.text[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                diags.push(Diagnostic::invalid_yaml(
                    Span::new(file_id, start, end),
                    e.info(),
                ));
                return None;
            }
        };
        let span = to_span(raw_span);
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    diags.push(Diagnostic::unsupported_yaml(
                        span,
                        "a second YAML document in one file",
                    ));
                    return None;
                }
                continue;
            }
            Event::Alias(_) => {
                if !reported_unsupported {
                    diags.push(Diagnostic::unsupported_yaml(span, "a YAML alias (`*name`)"));
                    reported_unsupported = true;
                }
                Node {
                    kind: NodeKind::Null,
                    span,
                }
            }
            Event::Scalar(value, style, _anchor, tag) => {
                if tag.is_some() && !reported_unsupported {
                    diags.push(Diagnostic::unsupported_yaml(span, "a YAML tag (`!tag`)"));
                    reported_unsupported = true;
                }
                let kind = if style == ScalarStyle::Plain {
                    resolve_plain(&value)
                } else {
                    NodeKind::Str(value.into_owned())
                };
                Node { kind, span }
            }
            Event::SequenceStart(_, _) | Event::MappingStart(_, _) if stack.len() >= MAX_DEPTH => {
                diags.push(Diagnostic::too_deep(span, MAX_DEPTH));
                return None;
            }
            Event::SequenceStart(_, _) => {
                stack.push(Frame::Seq {
                    start: span,
                    items: Vec::new(),
                });
                continue;
            }
            Event::MappingStart(_, _) => {
                stack.push(Frame::Map {
                    start: span,
                    entries: Vec::new(),
                    pending_key: None,
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq { start, items }) => Node {
                    kind: NodeKind::Seq(items),
                    span: Span::new(file_id, start.start, span.end.max(start.end)),
                },
                _ => continue,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map { start, entries, .. }) => Node {
                    kind: NodeKind::Map(entries),
                    span: Span::new(file_id, start.start, span.end.max(start.end)),
                },
                _ => continue,
            },
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    let text = match node.scalar_text() {
                        Some(t) => t,
                        None => {
                            if matches!(node.kind, NodeKind::Null) {
                                String::new()
                            } else {
                                diags.push(Diagnostic::unsupported_yaml(
                                    node.span,
                                    "a mapping key that is not a plain value",
                                ));
                                String::new()
                            }
                        }
                    };
                    *pending_key = Some(Key {
                        text,
                        span: node.span,
                    });
                }
                Some(key) => entries.push((key, node)),
            },
        }
    }
    Some(root.unwrap_or(Node {
        kind: NodeKind::Null,
        span: Span::new(file_id, 0, 0),
    }))
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(s: &str) -> NodeKind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        _ => {}
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return NodeKind::Int(i);
        }
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return NodeKind::Int(i);
        }
    }
    let looks_float = {
        let b = digits.as_bytes();
        !b.is_empty()
            && (b[0].is_ascii_digit() || b[0] == b'.')
            && digits
                .bytes()
                .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'-' | b'+'))
            && digits.bytes().any(|c| c.is_ascii_digit())
    };
    if looks_float {
        if let Ok(f) = s.parse::<f64>() {
            return NodeKind::Float(f);
        }
    }
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" => NodeKind::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => NodeKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => NodeKind::Float(f64::NAN),
        _ => NodeKind::Str(s.to_string()),
    }
}
