//! An ordered JSON tree (object keys keep their document order), its parsing from JSON and
//! YAML text, JSON pointers, and a YAML writer.
//!
//! `serde_json::Value` sorts object keys (the workspace does not enable `preserve_order`), which
//! would reorder fields, operations and variants; this tree keeps them as written.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt::Write as _;

/// A JSON value whose objects keep their keys in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as parsed.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Doc>),
    /// An object, keys in order (a repeated key keeps its last value, like JSON parsers do).
    Object(Vec<(String, Doc)>),
}

impl Doc {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Doc> {
        match self {
            Doc::Object(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|e| &e.1),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Doc::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Doc::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The entries, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Doc)]> {
        match self {
            Doc::Object(e) => Some(e),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Doc]> {
        match self {
            Doc::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<&serde_json::Number> {
        match self {
            Doc::Number(n) => Some(n),
            _ => None,
        }
    }

    /// A short name of the JSON kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Doc::Null => "null",
            Doc::Bool(_) => "a boolean",
            Doc::Number(_) => "a number",
            Doc::String(_) => "a string",
            Doc::Array(_) => "an array",
            Doc::Object(_) => "an object",
        }
    }

    /// Converts to a `serde_json::Value` (object keys then sort; use for values only).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Doc::Null => serde_json::Value::Null,
            Doc::Bool(b) => serde_json::Value::Bool(*b),
            Doc::Number(n) => serde_json::Value::Number(n.clone()),
            Doc::String(s) => serde_json::Value::String(s.clone()),
            Doc::Array(a) => serde_json::Value::Array(a.iter().map(Doc::to_json).collect()),
            Doc::Object(e) => {
                serde_json::Value::Object(e.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    /// Converts from a `serde_json::Value`.
    pub fn from_json(v: &serde_json::Value) -> Doc {
        match v {
            serde_json::Value::Null => Doc::Null,
            serde_json::Value::Bool(b) => Doc::Bool(*b),
            serde_json::Value::Number(n) => Doc::Number(n.clone()),
            serde_json::Value::String(s) => Doc::String(s.clone()),
            serde_json::Value::Array(a) => Doc::Array(a.iter().map(Doc::from_json).collect()),
            serde_json::Value::Object(m) => Doc::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), Doc::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Resolves a JSON pointer (`/a/b/0`, RFC 6901 escapes) from this value.
    pub fn pointer(&self, pointer: &str) -> Option<&Doc> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut here = self;
        for raw in rest.split('/') {
            let token = unescape_token(raw);
            here = match here {
                Doc::Object(_) => here.get(&token)?,
                Doc::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(here)
    }
}

/// Escapes one JSON pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_token`], and percent-decoding as used in URI fragments.
pub fn unescape_token(token: &str) -> String {
    let decoded = percent_decode(token);
    decoded.replace("~1", "/").replace("~0", "~")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A pointer with every token in its plain escaped form (percent-decoding undone), so that two
/// spellings of one location compare equal.
pub fn normalize_pointer(pointer: &str) -> String {
    match pointer.strip_prefix('/') {
        None => pointer.to_string(),
        Some(rest) => rest
            .split('/')
            .map(|t| format!("/{}", escape_token(&unescape_token(t))))
            .collect(),
    }
}

/// Appends a token to a JSON pointer.
pub fn join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

// ---- parsing ---------------------------------------------------------------------------------

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocVisitor)
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Doc;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Doc, E> {
        Ok(Doc::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Doc, E> {
        Ok(Doc::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Doc, E> {
        Ok(Doc::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Doc, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Doc::Null, Doc::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Doc, E> {
        Ok(Doc::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Doc, E> {
        Ok(Doc::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Doc, E> {
        Ok(Doc::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Doc, E> {
        Ok(Doc::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Doc, D::Error> {
        Doc::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Doc>()? {
            items.push(item);
        }
        Ok(Doc::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let mut entries: Vec<(String, Doc)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Doc>()?;
            entries.push((key, value));
        }
        Ok(Doc::Object(entries))
    }
}

/// Parses JSON text. The error says where the text stops being JSON.
pub fn parse_json(text: &str) -> Result<Doc, String> {
    serde_json::from_str::<Doc>(text).map_err(|e| e.to_string())
}

/// Parses YAML text (one document, no aliases or tags) with the schema loader's YAML parser.
pub fn parse_yaml(text: &str) -> Result<Doc, String> {
    use crate::schema::yaml::{self, Node, NodeKind};
    let mut sources = crate::source::SourceMap::new();
    let id = sources.add("spec.yaml", text);
    let mut d = Vec::new();
    let root = yaml::parse(id, sources.get(id), &mut d);
    if let Some(first) = d.first() {
        let start = first.span().map_or(0, |s| s.start);
        let (line, col) = sources.get(id).line_col(start);
        return Err(format!("{} at line {line}, column {col}", first.message));
    }
    fn convert(n: &Node) -> Doc {
        match &n.kind {
            NodeKind::Null => Doc::Null,
            NodeKind::Bool(b) => Doc::Bool(*b),
            NodeKind::Int(i) => Doc::Number((*i).into()),
            NodeKind::Float(f) => serde_json::Number::from_f64(*f).map_or(Doc::Null, Doc::Number),
            NodeKind::Str(s) => Doc::String(s.clone()),
            NodeKind::Seq(items) => Doc::Array(items.iter().map(convert).collect()),
            NodeKind::Map(entries) => Doc::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.text.clone(), convert(v)))
                    .collect(),
            ),
        }
    }
    Ok(root.as_ref().map_or(Doc::Null, convert))
}

// ---- YAML writing ----------------------------------------------------------------------------

/// Writes a value as block-style YAML (short lists and mappings of scalars in flow style),
/// quoting every string that YAML could read as something else. Ends with a newline.
pub fn to_yaml(doc: &Doc) -> String {
    let mut out = String::new();
    match doc {
        Doc::Object(entries) if !entries.is_empty() => write_entries(&mut out, entries, 0),
        Doc::Array(items) if !items.is_empty() => write_items(&mut out, items, 0),
        other => {
            out.push_str(&inline(other).unwrap_or_default());
            out.push('\n');
        }
    }
    out
}

const FLOW_WIDTH: usize = 96;

fn write_entries(out: &mut String, entries: &[(String, Doc)], indent: usize) {
    for (k, v) in entries {
        let pad = " ".repeat(indent);
        let key = scalar_string(k);
        write_value(out, &format!("{pad}{key}:"), v, indent);
    }
}

fn write_items(out: &mut String, items: &[Doc], indent: usize) {
    let pad = " ".repeat(indent);
    for v in items {
        match v {
            Doc::Object(entries) if !entries.is_empty() && flow(v, indent).is_none() => {
                // `- key: value` with the rest of the mapping aligned under the first key.
                let mut first = String::new();
                write_entries(&mut first, &entries[..1], indent + 2);
                out.push_str(&pad);
                out.push_str("- ");
                out.push_str(first.trim_start());
                write_entries(out, &entries[1..], indent + 2);
            }
            _ => write_value(out, &format!("{pad}-"), v, indent),
        }
    }
}

/// Writes `prefix` (a key with its colon, or a dash) and the value after it.
fn write_value(out: &mut String, prefix: &str, v: &Doc, indent: usize) {
    if let Some(text) = flow(v, indent) {
        let _ = writeln!(out, "{prefix} {text}");
        return;
    }
    match v {
        Doc::String(s) if !s.contains('\n') => {
            let _ = writeln!(out, "{prefix} {}", folded(s, indent + 2));
        }
        Doc::String(s) => {
            let _ = writeln!(out, "{prefix} {}", block_literal(s, indent + 2));
        }
        Doc::Object(entries) => {
            let _ = writeln!(out, "{prefix}");
            write_entries(out, entries, indent + 2);
        }
        Doc::Array(items) => {
            let _ = writeln!(out, "{prefix}");
            write_items(out, items, indent + 2);
        }
        other => {
            let _ = writeln!(out, "{prefix} {}", inline(other).unwrap_or_default());
        }
    }
}

/// The one-line form of a value, if it is short and simple enough.
fn flow(v: &Doc, indent: usize) -> Option<String> {
    let text = match v {
        Doc::String(s) if s.contains('\n') => return None,
        Doc::String(s) if s.len() + indent > FLOW_WIDTH && can_fold(s) => return None,
        other => flow_text(other, 0)?,
    };
    (text.len() + indent <= FLOW_WIDTH).then_some(text)
}

/// Flow style, nesting at most two levels.
fn flow_text(v: &Doc, depth: usize) -> Option<String> {
    match v {
        Doc::String(s) if s.contains('\n') => None,
        Doc::Array(items) if !items.is_empty() && depth < 2 => {
            let parts: Option<Vec<String>> =
                items.iter().map(|i| flow_text(i, depth + 1)).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        Doc::Object(entries) if !entries.is_empty() && depth < 2 => {
            let parts: Option<Vec<String>> = entries
                .iter()
                .map(|(k, v)| flow_text(v, depth + 1).map(|v| format!("{}: {v}", scalar_string(k))))
                .collect();
            Some(format!("{{ {} }}", parts?.join(", ")))
        }
        other => inline(other),
    }
}

/// Scalars and empty collections on one line; `None` for anything nested.
fn inline(v: &Doc) -> Option<String> {
    Some(match v {
        Doc::Null => "null".to_string(),
        Doc::Bool(b) => b.to_string(),
        Doc::Number(n) => n.to_string(),
        Doc::String(s) => scalar_string(s),
        Doc::Array(a) if a.is_empty() => "[]".to_string(),
        Doc::Object(o) if o.is_empty() => "{}".to_string(),
        _ => return None,
    })
}

/// A string as a plain scalar when that is unambiguous, else double-quoted (JSON escapes are
/// valid YAML escapes).
pub fn scalar_string(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_' || first == '/' || first == '$') {
        // Leading digits (numbers, dates, versions) and indicators are quoted.
        return false;
    }
    if s.ends_with(' ') || s.contains("  ") {
        return false;
    }
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " _-./()+$@".contains(c));
    if !ok_chars {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "~"
    ) && !lower.starts_with(".inf")
        && !lower.starts_with(".nan")
}

/// Whether a one-line string can be written as a folded block (`>-`) without changing it:
/// printable, single spaces only, no leading or trailing space.
fn can_fold(s: &str) -> bool {
    s.chars()
        .all(|c| c == ' ' || (yaml_printable(c) && c != '\t'))
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
}

/// A long one-line string as a folded block (`>-`), wrapped at spaces.
fn folded(s: &str, indent: usize) -> String {
    if !can_fold(s) {
        return scalar_string(s);
    }
    let pad = " ".repeat(indent);
    let width = FLOW_WIDTH.saturating_sub(indent).max(40);
    let mut out = String::from(">-");
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push('\n');
            out.push_str(&pad);
            out.push_str(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push('\n');
    out.push_str(&pad);
    out.push_str(&line);
    out
}

/// Characters written unescaped: YAML's `c-printable`, minus the byte-order mark and the
/// characters YAML 1.1 reads as line breaks (NEL, LS, PS).
fn yaml_printable(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | ' '..='~' => true,
        '\u{feff}' | '\u{2028}' | '\u{2029}' => false,
        '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}' => true,
        _ => false,
    }
}

/// A string in double quotes with JSON-style escapes, escaping everything YAML could not
/// carry as it is.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if yaml_printable(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// A multi-line string as a literal block (`|`), or quoted when a block cannot hold it exactly.
fn block_literal(s: &str, indent: usize) -> String {
    let printable = s
        .chars()
        .all(|c| c == '\n' || (yaml_printable(c) && c != '\t' && c != '\r'));
    let first_line_ok = !s.starts_with(' ') && !s.starts_with('\n');
    let no_trailing_space = s.lines().all(|l| !l.ends_with(' '));
    if !(printable && first_line_ok && no_trailing_space) {
        return quoted(s);
    }
    let trailing = s.len() - s.trim_end_matches('\n').len();
    let chomp = match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    };
    let pad = " ".repeat(indent);
    let mut out = chomp.to_string();
    let body = s.trim_end_matches('\n');
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    for _ in 1..trailing {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trips_through_the_schema_parser() {
        let text = r##"{"a": "plain", "b": "needs: quoting", "c": ["x", 1, true, null],
            "d": {"e": "multi\nline\n", "f": "two\n\n", "g": "1.0", "h": "no", "i": ""},
            "j": [{"k": "v", "l": {"m": [1, 2, {"n": "o"}]}}], "p": {}, "q": [],
            "r": "  leading", "s": "tab\there", "t": "line\n  indented\nend", "u": "#x",
            "v": "- dash", "w": "a: b", "x": "https://example.com/{id}", "y": -1.5,
            "z": "a long line of words that goes on and on past the width of the flow style so that it is folded into several lines: #1, [2], {3}",
            "c1": "control \u0001 and \u0085 and \u0090 and \u00a0 and \ufeff", "q": "quote \" and backslash \\"}"##;
        let doc = parse_json(text).expect("json");
        let yaml = to_yaml(&doc);
        let back = parse_yaml(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(back, doc, "{yaml}");
    }

    #[test]
    fn pointers() {
        let doc = parse_json(r#"{"a/b": {"c~d": [10, 20]}}"#).expect("json");
        assert_eq!(doc.pointer("/a~1b/c~0d/1"), Some(&Doc::Number(20.into())));
        assert_eq!(join("", "a/b"), "/a~1b");
        assert!(doc.pointer("/nope").is_none());
    }
}
