//! Schema conversion: the dispatch on a schema's keywords (`$ref`, `allOf`, `oneOf`/`anyOf`,
//! `type`), the annotations beside the type, the inferred type, and references.

use super::helpers::{is_identifier_like, is_null_schema, is_nullable};
use super::model::{Annot, Expr, Target};
use super::names::camel_words;
use super::{Importer, SCHEMAS};
use crate::openapi::doc::{self, Doc, join};
use crate::openapi::ext;

impl<'a> Importer<'a> {
    pub(super) fn convert(&mut self, s: &Doc, ptr: &str, target: Target) -> (Expr, Annot) {
        if self.depth > 64 {
            self.warn(
                "too-deep",
                ptr,
                "schemas nested more than 64 deep are imported as `any`",
            );
            return (Expr::any(), Annot::default());
        }
        if let (Target::Inline(_), Some(idx)) = (&target, self.hoisted_at.get(ptr).copied()) {
            let annot = Self::annotations(s);
            return (self.named(idx), annot);
        }
        self.depth += 1;
        let r = self.convert_inner(s, ptr, target);
        self.depth -= 1;
        r
    }

    /// What a schema says besides its type.
    pub(super) fn annotations(s: &Doc) -> Annot {
        let flag = |k: &str| s.get(k).and_then(Doc::as_bool) == Some(true);
        let text = |k: &str| {
            s.get(k)
                .and_then(Doc::as_str)
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string)
        };
        let example = s.get("example").cloned().or_else(|| {
            s.get("examples")
                .and_then(Doc::as_array)
                .and_then(|a| a.first().cloned())
        });
        let default = s.get("default").filter(|d| **d != Doc::Null).cloned();
        Annot {
            nullable: flag("nullable"),
            description: text("description")
                .or_else(|| text("title").filter(|t| !is_identifier_like(t))),
            default,
            example,
            deprecated: flag("deprecated"),
            read_only: flag("readOnly"),
            write_only: flag("writeOnly"),
            since: text(ext::SINCE),
            rust_name: text(ext::RUST_NAME),
        }
    }

    pub(super) fn convert_inner(&mut self, s: &Doc, ptr: &str, target: Target) -> (Expr, Annot) {
        match s {
            Doc::Object(_) => {}
            Doc::Bool(true) => return (Expr::any(), Annot::default()),
            Doc::Bool(false) => {
                self.warn(
                    "unsupported-schema",
                    ptr,
                    "the schema `false` (nothing is valid) is imported as `any`",
                );
                return (Expr::any(), Annot::default());
            }
            other => {
                self.warn(
                    "wrong-type",
                    ptr,
                    format!(
                        "a schema must be an object, found {}; imported as `any`",
                        other.kind_name()
                    ),
                );
                return (Expr::any(), Annot::default());
            }
        }
        let mut annot = Self::annotations(s);
        if let Some(r) = s.get("$ref") {
            let hint = match &target {
                Target::Inline(h) => h.clone(),
                Target::Component(i) => self.hint_in(*i, ""),
            };
            let (e, inner) = self.reference(r, ptr, &hint);
            return (e, annot.over(inner));
        }
        if let Some(all) = s.get("allOf") {
            let Some(parts) = all.as_array() else {
                self.warn(
                    "wrong-type",
                    &join(ptr, "allOf"),
                    "`allOf` must be an array; ignored",
                );
                return (Expr::any(), annot);
            };
            let structural = [
                "properties",
                "additionalProperties",
                "items",
                "oneOf",
                "anyOf",
                "enum",
            ]
            .iter()
            .any(|k| s.get(k).is_some());
            if parts.len() == 1 && !structural {
                let (e, inner) = self.convert(&parts[0], &format!("{ptr}/allOf/0"), target);
                return (e, annot.over(inner));
            }
            let mut stack = vec![ptr.to_string()];
            let merged = self.flatten_all_of(s, ptr, &mut stack);
            let (e, inner) = self.convert(&merged, ptr, target);
            return (e, annot.over(inner));
        }
        for key in ["oneOf", "anyOf"] {
            if s.get(key).is_some() {
                if let Some(e) = self.alternatives(s, ptr, key, &target, &mut annot) {
                    return (e, annot);
                }
                break;
            }
        }
        match s.get("not") {
            // "Anything but `null`": the schema language's `any` on a field that is not
            // nullable, as the export writes it.
            Some(n) if is_null_schema(n) => {}
            Some(_) => self.warn(
                "unsupported-keyword",
                &join(ptr, "not"),
                "`not` is not supported; ignored",
            ),
            None => {}
        }
        let ty = match self.type_of(s, ptr, &mut annot) {
            Some(t) => t,
            None => return (Expr::any(), annot),
        };
        match ty.as_str() {
            "string" => self.string(s, ptr, &target, annot),
            "integer" => self.integer(s, ptr, annot),
            "number" => self.number(s, ptr, annot),
            "boolean" => self.boolean(s, annot),
            "array" => self.array(s, ptr, &target, annot),
            "object" => self.object(s, ptr, &target, annot),
            "null" => {
                annot.nullable = true;
                (Expr::any(), annot)
            }
            other => {
                self.warn(
                    "unsupported-type",
                    &join(ptr, "type"),
                    format!("type `{other}` is not a JSON Schema type; imported as `any`"),
                );
                (Expr::any(), annot)
            }
        }
    }

    /// The one type of a schema (`null` removed and noted), inferred when not given.
    pub(super) fn type_of(&mut self, s: &Doc, ptr: &str, annot: &mut Annot) -> Option<String> {
        let mut types: Vec<String> = match s.get("type") {
            None => Vec::new(),
            Some(Doc::String(t)) => vec![t.clone()],
            Some(Doc::Array(list)) => list
                .iter()
                .filter_map(Doc::as_str)
                .map(str::to_string)
                .collect(),
            Some(other) => {
                self.warn(
                    "wrong-type",
                    &join(ptr, "type"),
                    format!(
                        "`type` must be a string or an array, found {}",
                        other.kind_name()
                    ),
                );
                Vec::new()
            }
        };
        if types.iter().any(|t| t == "null") {
            annot.nullable = true;
            types.retain(|t| t != "null");
            if types.is_empty() {
                return Some("null".into());
            }
        }
        match types.len() {
            1 => return types.pop(),
            0 => {}
            _ => {
                // `[integer, number]` is a number.
                if types.iter().all(|t| t == "integer" || t == "number") {
                    return Some("number".into());
                }
                self.warn(
                    "unsupported-type",
                    &join(ptr, "type"),
                    format!(
                        "a value of several types ({}) is imported as `any`",
                        types.join(", ")
                    ),
                );
                return None;
            }
        }
        let has = |k: &str| s.get(k).is_some();
        if has("properties") || has("additionalProperties") || has("required") {
            return Some("object".into());
        }
        if has("items") || has("prefixItems") {
            return Some("array".into());
        }
        let sample = s
            .get("enum")
            .and_then(Doc::as_array)
            .and_then(|e| e.iter().find(|v| **v != Doc::Null))
            .or_else(|| s.get("const"));
        if let Some(v) = sample {
            return match v {
                Doc::String(_) => Some("string".into()),
                Doc::Bool(_) => Some("boolean".into()),
                Doc::Number(n) if n.is_i64() || n.is_u64() => Some("integer".into()),
                Doc::Number(_) => Some("number".into()),
                _ => None,
            };
        }
        if has("format") || has("pattern") || has("minLength") || has("maxLength") {
            return Some("string".into());
        }
        if has("minimum") || has("maximum") {
            return Some("number".into());
        }
        None
    }

    /// A `$ref`: a named type for a component schema, else the referenced schema inline.
    /// The annotations returned are the target's for an inline schema (a property reached by
    /// pointer says what the field is), only its nullability for a component.
    pub(super) fn reference(&mut self, r: &Doc, ptr: &str, hint: &str) -> (Expr, Annot) {
        let rptr = join(ptr, "$ref");
        let none = Annot::default;
        let Some(text) = r.as_str() else {
            self.warn(
                "wrong-type",
                &rptr,
                "`$ref` must be a string; imported as `any`",
            );
            return (Expr::any(), none());
        };
        if let Some(rest) = text.strip_prefix(SCHEMAS) {
            if !rest.contains('/') {
                let key = doc::unescape_token(rest);
                return match self.components.get(&key).copied() {
                    Some(idx) => {
                        let nullable = self
                            .component_docs
                            .get(&key)
                            .is_some_and(|d| is_nullable(d));
                        let annot = Annot {
                            nullable,
                            ..Annot::default()
                        };
                        (self.named(idx), annot)
                    }
                    None => {
                        self.warn(
                            "dangling-ref",
                            &rptr,
                            format!("`{text}` does not exist; imported as `any`"),
                        );
                        (Expr::any(), none())
                    }
                };
            }
        }
        let Some(pointer) = text.strip_prefix('#') else {
            self.warn(
                "external-ref",
                &rptr,
                format!(
                    "`{text}` is in another document, which was not read; imported as `any`. Pass `--ref {}=FILE` with a local copy of it (nothing is fetched)",
                    text.split('#').next().unwrap_or(text)
                ),
            );
            return (Expr::any(), none());
        };
        let pointer = &doc::normalize_pointer(pointer);
        let Some(target) = self.root.pointer(pointer) else {
            self.warn(
                "dangling-ref",
                &rptr,
                format!("`{text}` does not exist; imported as `any`"),
            );
            return (Expr::any(), none());
        };
        if self.inline_stack.iter().any(|p| p == pointer) {
            self.warn(
                "recursive-ref",
                &rptr,
                format!(
                    "`{text}` refers back to itself outside `components.schemas`; imported as `any`"
                ),
            );
            return (Expr::any(), none());
        }
        self.inline_stack.push(pointer.to_string());
        let hint = if hint.is_empty() {
            let last = pointer.rsplit('/').next().unwrap_or("");
            camel_words(&doc::unescape_token(last))
        } else {
            hint.to_string()
        };
        let (e, a) = self.convert(target, pointer, Target::Inline(hint));
        self.inline_stack.pop();
        (e, a)
    }

    /// Resolves a local `$ref` of a non-schema object (parameter, response, ...).
    /// Returns the object and its pointer.
    pub(super) fn resolve_local<'d>(&mut self, d: &'d Doc, ptr: &str) -> Option<(&'d Doc, String)>
    where
        'a: 'd,
    {
        let mut here = d;
        let mut at = ptr.to_string();
        for _ in 0..16 {
            let Some(r) = here.get("$ref") else {
                return Some((here, at));
            };
            let text = r.as_str().unwrap_or("");
            let target = text
                .strip_prefix('#')
                .and_then(|p| self.root.pointer(p).map(|t| (t, doc::normalize_pointer(p))));
            match target {
                Some((t, p)) => {
                    here = t;
                    at = p;
                }
                None => {
                    self.warn(
                        "dangling-ref",
                        &join(ptr, "$ref"),
                        format!("`{text}` does not resolve to a local object; ignored"),
                    );
                    return None;
                }
            }
        }
        self.warn(
            "recursive-ref",
            &join(ptr, "$ref"),
            "the reference chain does not end; ignored",
        );
        None
    }
}
