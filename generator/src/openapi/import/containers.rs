//! Containers: arrays, maps (`additionalProperties`) and objects with fields.

use super::Importer;
use super::model::{Annot, Expr, FieldOut, Kind, Target};
use super::names::{Names, camel_words};
use crate::openapi::doc::{Doc, join};
use crate::openapi::ext;

impl<'a> Importer<'a> {
    pub(super) fn array(
        &mut self,
        s: &Doc,
        ptr: &str,
        target: &Target,
        annot: Annot,
    ) -> (Expr, Annot) {
        let mut e = Expr::of("array");
        let hint = match target {
            Target::Inline(h) => format!("{h}Item"),
            Target::Component(i) => self.hint_in(*i, "Item"),
        };
        let items = match s.get("items") {
            Some(items @ (Doc::Object(_) | Doc::Bool(_))) => {
                let (ie, ia) = self.convert(items, &join(ptr, "items"), Target::Inline(hint));
                if ia.nullable && ie.name != "any" {
                    self.warn(
                        "nullable-dropped",
                        &join(ptr, "items"),
                        "array items cannot be `null` in the schema language; `nullable` dropped",
                    );
                }
                ie
            }
            Some(other) => {
                self.warn(
                    "wrong-type",
                    &join(ptr, "items"),
                    format!(
                        "`items` must be a schema, found {}; imported as `any`",
                        other.kind_name()
                    ),
                );
                Expr::any()
            }
            None => Expr::any(),
        };
        if s.get("prefixItems").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "prefixItems"),
                "tuples (`prefixItems`) are not supported; the items are `any`",
            );
        }
        if s.get("uniqueItems").and_then(Doc::as_bool) == Some(true) {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "uniqueItems"),
                "`uniqueItems` is not checked; ignored",
            );
        }
        e.items = Some(Box::new(items));
        e.min_items = self.count(s, ptr, "minItems");
        e.max_items = self.count(s, ptr, "maxItems");
        if let (Some(lo), Some(hi)) = (e.min_items, e.max_items) {
            if lo > hi {
                self.warn(
                    "impossible-constraint",
                    ptr,
                    format!("`minItems` {lo} is greater than `maxItems` {hi}; both dropped"),
                );
                e.min_items = None;
                e.max_items = None;
            }
        }
        (e, annot)
    }

    pub(super) fn object(
        &mut self,
        s: &Doc,
        ptr: &str,
        target: &Target,
        annot: Annot,
    ) -> (Expr, Annot) {
        let props = s.get("properties");
        let props_list: &[(String, Doc)] = match props {
            Some(Doc::Object(p)) => p,
            Some(other) => {
                self.warn(
                    "wrong-type",
                    &join(ptr, "properties"),
                    format!(
                        "`properties` must be an object, found {}; ignored",
                        other.kind_name()
                    ),
                );
                &[]
            }
            None => &[],
        };
        let additional: Option<&Doc> = match s.get("additionalProperties") {
            None | Some(Doc::Bool(false)) => None,
            Some(d @ (Doc::Bool(true) | Doc::Object(_))) => Some(d),
            Some(other) => {
                self.warn(
                    "wrong-type",
                    &join(ptr, "additionalProperties"),
                    format!(
                        "`additionalProperties` must be a boolean or a schema, found {}; ignored",
                        other.kind_name()
                    ),
                );
                None
            }
        };
        for key in ["minProperties", "maxProperties"] {
            if s.get(key).is_some() {
                self.warn(
                    "unsupported-keyword",
                    &join(ptr, key),
                    format!("`{key}` is not checked; ignored"),
                );
            }
        }
        if s.get("patternProperties").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "patternProperties"),
                "`patternProperties` is not supported; ignored",
            );
        }
        let hint_base = match target {
            Target::Inline(h) => h.clone(),
            Target::Component(i) => self.hint_in(*i, ""),
        };
        if props_list.is_empty() {
            let map_of = match (additional, target) {
                (Some(v), _) => Some(v),
                (None, Target::Inline(_)) => Some(&Doc::Bool(true)),
                (None, Target::Component(_)) => None,
            };
            if let Some(v) = map_of {
                let mut e = Expr::of("map");
                let (ve, va) = self.convert(
                    v,
                    &join(ptr, "additionalProperties"),
                    Target::Inline(format!("{hint_base}Value")),
                );
                if va.nullable && ve.name != "any" {
                    self.warn(
                        "nullable-dropped",
                        &join(ptr, "additionalProperties"),
                        "map values cannot be `null` in the schema language; `nullable` dropped",
                    );
                }
                e.values = Some(Box::new(ve));
                return (e, annot);
            }
        } else if let Some(Doc::Object(a)) = additional {
            if !a.is_empty() {
                self.warn("unsupported-keyword", &join(ptr, "additionalProperties"), "`additionalProperties` beside `properties` are not kept (unknown fields are ignored when reading)");
            }
        }
        let idx = self.define(target, ptr, s);
        let outer_parent = self.parent;
        self.parent = Some(idx);
        let required: Vec<String> = s
            .get("required")
            .and_then(Doc::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Doc::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut names = Names::new(false, "field", &[]);
        let pptr = join(ptr, "properties");
        for (wire, ps) in props_list {
            if *ps == Doc::Bool(false) {
                continue;
            }
            let fptr = join(&pptr, wire);
            let hint = self.hint_in(idx, &camel_words(wire));
            let (expr, fa) = self.convert(ps, &fptr, Target::Inline(hint));
            let (_, over) = names.claim(wire, fa.rust_name.as_deref());
            fields.push(FieldOut {
                wire: wire.clone(),
                rust_name: over,
                expr,
                required: required.contains(wire),
                annot: fa,
            });
        }
        for r in &required {
            if !props_list.iter().any(|(k, _)| k == r) {
                self.warn(
                    "unknown-required",
                    &join(ptr, "required"),
                    format!("required field `{r}` is not among the properties; ignored"),
                );
            }
        }
        self.parent = outer_parent;
        let rules = s.get(ext::RULES).cloned();
        let reject_unknown = matches!(s.get("additionalProperties"), Some(Doc::Bool(false)));
        self.types[idx].kind = Kind::Object {
            fields,
            rules,
            reject_unknown,
        };
        (self.named(idx), annot)
    }
}
