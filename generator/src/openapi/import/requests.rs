//! What an operation takes and returns: parameter entries (also the API-wide headers), the
//! request body and responses, with the media type chosen for each body.

use super::Importer;
use super::model::{Annot, Expr, Target};
use super::names::Names;
use super::writer::Mapping;
use crate::openapi::doc::{Doc, join};
use crate::openapi::ext;
use crate::schema::keys;

impl<'a> Importer<'a> {
    /// A parameter (or API header) entry: the type expression with `in`, `required`, ...
    pub(super) fn param_entry(
        &mut self,
        p: &Doc,
        ptr: &str,
        hint: &str,
        with_in: bool,
        names: &mut Names,
    ) -> Option<(Doc, bool)> {
        let name = p.get("name").and_then(Doc::as_str)?;
        let loc = p.get("in").and_then(Doc::as_str).unwrap_or("query");
        let schema = match (p.get("schema"), p.get("content").and_then(Doc::as_object)) {
            (Some(s), _) => Some((s.clone(), join(ptr, "schema"))),
            (None, Some(content)) => content.first().and_then(|(mt, m)| {
                m.get("schema")
                    .map(|s| (s.clone(), join(&join(&join(ptr, "content"), mt), "schema")))
            }),
            (None, None) => None,
        };
        let (expr, annot) = match schema {
            Some((s, sptr)) => self.convert(&s, &sptr, Target::Inline(hint.to_string())),
            None => {
                self.warn(
                    "missing-schema",
                    ptr,
                    format!("parameter `{name}` has no schema; imported as a string"),
                );
                (Expr::of("string"), Annot::default())
            }
        };
        let mut e = Mapping::new(if with_in {
            &[keys::PARAM_KEYS, keys::TYPE_ATTR_KEYS]
        } else {
            &[keys::HEADER_KEYS, keys::TYPE_ATTR_KEYS]
        });
        if with_in {
            e.put("in", Doc::String(loc.to_string()));
        }
        e.expr(&expr);
        let required = p.get("required").and_then(Doc::as_bool) == Some(true) || loc == "path";
        if required {
            e.put("required", Doc::Bool(true));
        }
        let mut description = p
            .get("description")
            .and_then(Doc::as_str)
            .filter(|d| !d.trim().is_empty())
            .map(str::to_string)
            .or(annot.description.clone());
        if let Some(d) = &annot.default {
            let note = format!(
                "Defaults to `{}`.",
                match d {
                    Doc::String(s) => s.clone(),
                    other => other.to_json().to_string(),
                }
            );
            description = Some(match description {
                Some(x) => format!("{} {note}", x.trim_end()),
                None => note,
            });
        }
        if let Some(d) = description {
            e.put("description", Doc::String(d));
        }
        let example = p.get("example").cloned().or(annot.example.clone());
        if let Some(x) = example {
            e.put("example", x);
        }
        let hint_name = p
            .get(ext::RUST_NAME)
            .and_then(Doc::as_str)
            .map(str::to_string);
        let (_, over) = names.claim(name, hint_name.as_deref());
        if let Some(o) = over {
            e.put("rust_name", Doc::String(o));
        }
        Some((e.into_doc(), required))
    }

    /// Picks the media type whose schema becomes the body, and the content types that share
    /// that schema.
    pub(super) fn media(
        &mut self,
        content: &[(String, Doc)],
        ptr: &str,
    ) -> Option<(Doc, String, Vec<String>)> {
        let rank = |mt: &str| {
            let m = mt.to_ascii_lowercase();
            if m == "application/json" {
                0
            } else if m.contains("json") {
                1
            } else if m == "application/x-www-form-urlencoded" {
                2
            } else if m == "multipart/form-data" {
                3
            } else {
                4
            }
        };
        let (mt, m) = content.iter().min_by_key(|(mt, _)| rank(mt))?;
        let schema = m.get("schema").cloned().unwrap_or(Doc::Object(Vec::new()));
        let sptr = join(&join(&join(ptr, "content"), mt), "schema");
        let same: Vec<String> = content
            .iter()
            .filter(|(_, other)| {
                other
                    .get("schema")
                    .cloned()
                    .unwrap_or(Doc::Object(Vec::new()))
                    == schema
            })
            .map(|(k, _)| k.clone())
            .collect();
        if same.len() < content.len() {
            self.warn(
                "unsupported-content",
                &join(ptr, "content"),
                format!("only the body of `{mt}` is imported; content types with other schemas are dropped"),
            );
        }
        Some((schema, sptr, same))
    }

    pub(super) fn request(
        &mut self,
        rb: &Doc,
        ptr: &str,
        op_camel: &str,
        api_ct: &[String],
    ) -> Option<Doc> {
        let content = rb.get("content").and_then(Doc::as_object).unwrap_or(&[]);
        let Some((schema, sptr, cts)) = self.media(content, ptr) else {
            self.warn(
                "missing-schema",
                ptr,
                "the request body has no content; ignored",
            );
            return None;
        };
        let (expr, annot) =
            self.convert(&schema, &sptr, Target::Inline(format!("{op_camel}Request")));
        if annot.nullable {
            self.warn(
                "nullable-dropped",
                &sptr,
                "a request body cannot be `null` in the schema language; `nullable` dropped",
            );
        }
        let mut e = Mapping::new(&[keys::REQUEST_KEYS]);
        e.put("body", expr.to_doc());
        if rb.get("required").and_then(Doc::as_bool) != Some(true) {
            e.put("required", Doc::Bool(false));
        }
        if cts != api_ct {
            e.put(
                "content_types",
                Doc::Array(cts.into_iter().map(Doc::String).collect()),
            );
        }
        Some(e.into_doc())
    }

    pub(super) fn response(
        &mut self,
        r: &Doc,
        ptr: &str,
        hint: &str,
        status: &str,
        api_ct: &[String],
    ) -> Doc {
        let description = r
            .get("description")
            .and_then(Doc::as_str)
            .filter(|d| !d.trim().is_empty())
            .map_or_else(|| format!("Status {status}."), str::to_string);
        let mut e = Mapping::new(&[keys::RESPONSE_KEYS]);
        e.put("description", Doc::String(description));
        if let Some(content) = r
            .get("content")
            .and_then(Doc::as_object)
            .filter(|c| !c.is_empty())
        {
            if let Some((schema, sptr, cts)) = self.media(content, ptr) {
                let (expr, annot) = self.convert(&schema, &sptr, Target::Inline(hint.to_string()));
                if annot.nullable && expr.name != "any" {
                    self.warn("nullable-dropped", &sptr, "a response body cannot be `null` in the schema language; `nullable` dropped");
                }
                e.put("body", expr.to_doc());
                if cts != api_ct {
                    e.put(
                        "content_types",
                        Doc::Array(cts.into_iter().map(Doc::String).collect()),
                    );
                }
            }
        }
        e.into_doc()
    }
}
