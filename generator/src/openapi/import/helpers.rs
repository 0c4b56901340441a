//! Small helpers on names, templates, text, numbers and schemas that need no importer state.

use crate::ident;
use crate::openapi::doc::{self, Doc};

/// A valid `api.name` from any text: snake_case, not a keyword.
pub(super) fn module_name(candidate: &str) -> Option<String> {
    let s = ident::snake(candidate)?;
    let s = ident::unraw(&s).trim_start_matches('_').to_string();
    let s = if s.is_empty() || s.as_bytes()[0].is_ascii_digit() {
        format!("api_{s}")
    } else {
        s
    };
    let s = if ident::is_keyword(&s) || ["crate", "self", "super"].contains(&s.as_str()) {
        format!("{s}_api")
    } else {
        s
    };
    (ident::snake(&s).as_deref() == Some(s.as_str())).then_some(s)
}

/// A title that reads as a type name rather than prose.
pub(super) fn is_identifier_like(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 80
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && t.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// The `{name}`s of a URL or path template.
pub(super) fn template_names(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = rest[open + 1..open + close].to_string();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    out
}

/// `get` `/pets/{petId}/photos` → `get pets by petId photos`.
pub(super) fn derive_operation_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_string()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(p) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push(format!("by {p}"));
        } else {
            words.push(seg.to_string());
        }
    }
    words.join(" ")
}

pub(super) fn first_sentence(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("").trim();
    let end = line.find(". ").map_or(line.len(), |i| i + 1);
    let s = &line[..end];
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}...")
    } else {
        s.to_string()
    }
}

/// Removes the sentence the export appends to open enums.
pub(super) fn strip_known_values(d: &str) -> String {
    match d.rfind("Known values: ") {
        Some(i) if d.ends_with("; other values may appear.") => d[..i].trim_end().to_string(),
        _ => d.to_string(),
    }
}

pub(super) fn normalize_number(n: &serde_json::Number) -> serde_json::Number {
    if n.is_i64() || n.is_u64() {
        return n.clone();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => serde_json::Number::from(f as i64),
        _ => n.clone(),
    }
}

pub(super) fn int_number(f: f64) -> serde_json::Number {
    if f.is_finite() && f.abs() < 9.2e18 {
        serde_json::Number::from(f as i64)
    } else {
        serde_json::Number::from_f64(f).unwrap_or_else(|| 0.into())
    }
}

pub(super) fn single_string_value(s: &Doc) -> Option<String> {
    if let Some(Doc::String(c)) = s.get("const") {
        return Some(c.clone());
    }
    match s.get("enum").and_then(Doc::as_array) {
        Some([Doc::String(v)]) => Some(v.clone()),
        _ => None,
    }
}

/// `{type: "null"}`, `{enum: [null]}`, `{nullable: true}` alone, `{const: null}`.
pub(super) fn is_null_schema(s: &Doc) -> bool {
    match s.get("type") {
        Some(Doc::String(t)) if t == "null" => return true,
        Some(Doc::Array(l)) if !l.is_empty() && l.iter().all(|t| t.as_str() == Some("null")) => {
            return true;
        }
        _ => {}
    }
    if let Some(Doc::Array(l)) = s.get("enum") {
        if !l.is_empty() && l.iter().all(|v| *v == Doc::Null) {
            return true;
        }
    }
    if s.get("const") == Some(&Doc::Null) {
        return true;
    }
    s.as_object().is_some_and(|e| {
        !e.is_empty()
            && e.iter()
                .all(|(k, v)| k == "nullable" && *v == Doc::Bool(true))
    })
}

/// Whether a component schema may be `null`.
pub(super) fn is_nullable(s: &Doc) -> bool {
    if s.get("nullable").and_then(Doc::as_bool) == Some(true) {
        return true;
    }
    if let Some(Doc::Array(l)) = s.get("type") {
        if l.iter().any(|t| t.as_str() == Some("null")) {
            return true;
        }
    }
    if let Some(Doc::Array(l)) = s.get("enum") {
        if l.contains(&Doc::Null) {
            return true;
        }
    }
    ["oneOf", "anyOf"].iter().any(|k| {
        s.get(k)
            .and_then(Doc::as_array)
            .is_some_and(|alts| alts.iter().any(is_null_schema))
    })
}

/// An alternative that only says which fields are required (GitHub's "one of these fields").
pub(super) fn constraint_only(a: &Doc) -> bool {
    a.as_object().is_some_and(|e| {
        e.iter().all(|(k, _)| {
            matches!(
                k.as_str(),
                "required" | "description" | "title" | "not" | "minProperties" | "maxProperties"
            )
        })
    })
}

/// Whether a schema is an object with fields (following references and `allOf`).
pub(super) fn is_objectish(root: &Doc, s: &Doc, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    if let Some(r) = s.get("$ref").and_then(Doc::as_str) {
        return r
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .is_some_and(|t| is_objectish(root, t, depth + 1));
    }
    if s.get("properties").is_some() {
        return true;
    }
    if let Some(parts) = s.get("allOf").and_then(Doc::as_array) {
        return parts.iter().any(|p| is_objectish(root, p, depth + 1));
    }
    s.get("type").and_then(Doc::as_str) == Some("object")
        && s.get("additionalProperties")
            .is_none_or(|a| *a == Doc::Bool(false))
}

/// A schema with its local `$ref`s followed; `None` for a reference that does not resolve
/// (another document, a missing pointer, a chain that does not end).
pub(super) fn resolve_refs<'d>(root: &'d Doc, s: &'d Doc) -> Option<&'d Doc> {
    let mut here = s;
    for _ in 0..16 {
        let Some(r) = here.get("$ref") else {
            return Some(here);
        };
        let pointer = r.as_str()?.strip_prefix('#')?;
        here = root.pointer(&doc::normalize_pointer(pointer))?;
    }
    None
}

/// An object with properties and nothing that makes it more (or other) than that: no
/// composition, no `null`, no other type.
pub(super) fn plain_object(s: &Doc) -> bool {
    let typed = match s.get("type") {
        None => true,
        Some(Doc::String(t)) => t == "object",
        Some(_) => false,
    };
    typed
        && !is_nullable(s)
        && ["allOf", "oneOf", "anyOf", "not", "$ref"]
            .iter()
            .all(|k| s.get(k).is_none())
        && s.get("properties")
            .and_then(Doc::as_object)
            .is_some_and(|p| !p.is_empty())
}

/// The values of `name` in each alternative when it can be their tag: a required property of
/// every one, a string with exactly one allowed value (`enum` of one or `const`), the values
/// pairwise distinct and giving distinct Rust variant names.
pub(super) fn tag_values(
    root: &Doc,
    alts: &[(&str, &Doc, Option<String>)],
    name: &str,
) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut variants = std::collections::HashSet::new();
    for (_, a, _) in alts {
        let required = a
            .get("required")
            .and_then(Doc::as_array)
            .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(name)));
        if !required {
            return None;
        }
        let p = a.get("properties").and_then(|ps| ps.get(name))?;
        let p = resolve_refs(root, p)?;
        let string = match p.get("type") {
            None => true,
            Some(Doc::String(t)) => t == "string",
            Some(_) => false,
        };
        if !string || is_nullable(p) {
            return None;
        }
        let value = single_string_value(p)?;
        let variant = ident::variant_name(&value)?;
        if values.contains(&value) || !variants.insert(ident::unraw(&variant).to_string()) {
            return None;
        }
        values.push(value);
    }
    Some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        assert_eq!(
            module_name("Swagger Petstore").as_deref(),
            Some("swagger_petstore")
        );
        assert_eq!(module_name("Twilio - Api").as_deref(), Some("twilio_api"));
        assert_eq!(module_name("type").as_deref(), Some("type_api"));
        assert_eq!(module_name("3scale").as_deref(), Some("api_3scale"));
    }

    #[test]
    fn operation_names() {
        assert_eq!(
            ident::snake(&derive_operation_name("get", "/pets/{petId}")).as_deref(),
            Some("get_pets_by_pet_id")
        );
    }
}
