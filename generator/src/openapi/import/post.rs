//! Post-passes after everything is converted: tagged unions' variants lose their tag field (or
//! are copied), cross-field rules and defaults that would not load are dropped.

use super::Importer;
use super::model::{Expr, FieldOut, Kind};
use super::names::{Names, camel_words};
use crate::ident;
use crate::openapi::doc::{Doc, join};
use crate::openapi::ext;
use crate::schema::keys;

impl<'a> Importer<'a> {
    /// A tagged union's variants must be objects without the tag field: strip the tag from
    /// variant types only used in unions, copy the others; unions whose variants are not
    /// objects become untagged unions.
    pub(super) fn finish_unions(&mut self) {
        for u in self.unions.clone() {
            let Kind::Union { tag, variants } = self.types[u].kind.clone() else {
                continue;
            };
            let all_objects = variants.iter().all(|(_, n)| {
                self.by_name
                    .get(n)
                    .is_some_and(|i| matches!(self.types[*i].kind, Kind::Object { .. }))
            });
            if !all_objects {
                let ptr = self.types[u].pointer.clone();
                self.warn("untagged-union", &ptr, "a variant of the discriminated union is not an object; imported as an untagged union");
                let mut names = Names::new(true, "Variant", &[]);
                let vs = variants
                    .iter()
                    .map(|(v, n)| {
                        let (rust, _) = names.claim(v, None);
                        *self.refs.entry(n.clone()).or_default() += 1;
                        (ident::unraw(&rust).to_string(), Expr::of(n))
                    })
                    .collect();
                self.types[u].kind = Kind::OneOf { variants: vs };
                continue;
            }
            let mut new_variants = Vec::new();
            for (value, name) in variants {
                let vi = self.by_name[&name];
                let has_tag = matches!(&self.types[vi].kind, Kind::Object { fields, .. } if fields.iter().any(|f| f.wire == tag));
                let only_here = self.refs.get(&name).copied().unwrap_or(0) == 0
                    && self.variant_tags.get(&name).is_some_and(|t| t.len() == 1);
                if !has_tag || only_here {
                    if let Kind::Object { fields, .. } = &mut self.types[vi].kind {
                        fields.retain(|f| f.wire != tag);
                    }
                    new_variants.push((value, name));
                } else {
                    let copy_name = format!(
                        "{}{}Variant",
                        ident::unraw(&self.types[vi].rust),
                        camel_words(&tag)
                    );
                    let existing = self
                        .by_name
                        .get(&copy_name)
                        .copied()
                        .filter(|i| self.types[*i].pointer == self.types[vi].pointer);
                    let ci = match existing {
                        Some(ci) => ci,
                        None => {
                            let pointer = self.types[vi].pointer.clone();
                            let parent = self.parent;
                            self.parent = Some(vi);
                            let ci = self.add_type(&copy_name, None, &pointer, true);
                            self.parent = parent;
                            let mut kind = self.types[vi].kind.clone();
                            if let Kind::Object { fields, rules, .. } = &mut kind {
                                fields.retain(|f| f.wire != tag);
                                let mentions_tag = rules.as_ref().is_some_and(|r| {
                                    format!("{r:?}").contains(&format!("{tag:?}"))
                                });
                                if mentions_tag {
                                    *rules = None;
                                }
                            }
                            self.types[ci].kind = kind;
                            self.types[ci].description = self.types[vi].description.clone();
                            ci
                        }
                    };
                    new_variants.push((value, self.types[ci].name.clone()));
                }
            }
            self.types[u].kind = Kind::Union {
                tag,
                variants: new_variants,
            };
        }
    }

    /// Cross-field rules (`x-schemagen-rules`) are passed through only when they are well
    /// formed and name fields of their object with values those fields can hold.
    pub(super) fn check_rules(&mut self) {
        for ti in 0..self.types.len() {
            let Kind::Object {
                fields,
                rules: Some(rules),
                ..
            } = &self.types[ti].kind
            else {
                continue;
            };
            let list: Vec<Doc> = rules.as_array().map(<[Doc]>::to_vec).unwrap_or_default();
            let total = if matches!(rules, Doc::Array(_)) {
                list.len()
            } else {
                1
            };
            let kept: Vec<Doc> = list
                .into_iter()
                .filter(|r| self.rule_ok(r, fields))
                .map(|r| {
                    // The schema language's order: what, when, severity, code, message.
                    let mut e = r.as_object().map(<[_]>::to_vec).unwrap_or_default();
                    e.sort_by_key(|(k, _)| keys::RULE_KEYS.iter().position(|o| o == k));
                    Doc::Object(e)
                })
                .collect();
            let ptr = join(&self.types[ti].pointer, ext::RULES);
            if kept.len() < total {
                self.warn(
                    "invalid-rule",
                    &ptr,
                    format!(
                        "{} of {total} rule(s) are malformed or name unknown fields; dropped",
                        total - kept.len()
                    ),
                );
            }
            if let Kind::Object { rules, .. } = &mut self.types[ti].kind {
                *rules = (!kept.is_empty()).then_some(Doc::Array(kept));
            }
        }
    }

    pub(super) fn rule_ok(&self, r: &Doc, fields: &[FieldOut]) -> bool {
        let Some(entries) = r.as_object() else {
            return false;
        };
        let field = |n: Option<&Doc>| -> Option<&FieldOut> {
            let n = n?.as_str()?;
            fields.iter().find(|f| f.wire == n)
        };
        let names_ok = |v: Option<&Doc>| -> bool {
            v.and_then(Doc::as_array)
                .is_some_and(|a| !a.is_empty() && a.iter().all(|x| field(Some(x)).is_some()))
        };
        let mut kinds = 0;
        let mut needs_when = false;
        for (k, v) in entries {
            // The language's rule keys; a key it has that is not checked here drops the rule.
            if !keys::RULE_KEYS.contains(&k.as_str()) {
                return false;
            }
            let ok = match k.as_str() {
                "forbidden" | "required" => {
                    kinds += 1;
                    needs_when = true;
                    names_ok(Some(v))
                }
                "precedence" => {
                    kinds += 1;
                    // `winner` and `over`, each naming a field, and nothing else.
                    keys::PRECEDENCE_KEYS
                        .iter()
                        .all(|p| field(v.get(p)).is_some())
                        && v.as_object()
                            .is_some_and(|o| o.len() == keys::PRECEDENCE_KEYS.len())
                }
                "when" => {
                    let Some(f) = field(v.get("field")) else {
                        return false;
                    };
                    let tests: Vec<&(String, Doc)> = v
                        .as_object()
                        .unwrap_or(&[])
                        .iter()
                        .filter(|(k, _)| k != "field")
                        .collect();
                    match tests.as_slice() {
                        [(k, _)] if !keys::CONDITION_KEYS.contains(&k.as_str()) => false,
                        [(k, x)] if k == "equals" => self.fits(&f.expr, x, 0),
                        [(k, Doc::Array(xs))] if k == "one_of" => {
                            xs.iter().all(|x| self.fits(&f.expr, x, 0))
                        }
                        [(k, Doc::Bool(_))] if k == "present" => true,
                        _ => false,
                    }
                }
                "severity" => v.as_str().is_some_and(|s| keys::SEVERITIES.contains(&s)),
                "code" => v.as_str().is_some_and(|c| {
                    !c.is_empty()
                        && c.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                        })
                }),
                "message" => v.as_str().is_some(),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        let has_when = entries.iter().any(|(k, _)| k == "when");
        kinds == 1 && needs_when == has_when
    }

    /// Defaults that do not fit their field's type would fail loading: drop them.
    pub(super) fn check_defaults(&mut self) {
        let mut drops: Vec<(usize, usize)> = Vec::new();
        for (ti, t) in self.types.iter().enumerate() {
            if let Kind::Object { fields, .. } = &t.kind {
                for (fi, f) in fields.iter().enumerate() {
                    if let Some(d) = &f.annot.default {
                        if !self.fits(&f.expr, d, 0) {
                            drops.push((ti, fi));
                        }
                    }
                }
            }
        }
        for (ti, fi) in drops {
            let ptr = self.types[ti].pointer.clone();
            if let Kind::Object { fields, .. } = &mut self.types[ti].kind {
                let f = &mut fields[fi];
                let wire = f.wire.clone();
                f.annot.default = None;
                self.warn(
                    "default-dropped",
                    &join(&join(&ptr, "properties"), &wire),
                    format!("the default of `{wire}` does not fit its type; dropped"),
                );
            }
        }
    }

    pub(super) fn fits(&self, e: &Expr, v: &Doc, depth: usize) -> bool {
        if depth > 16 {
            return true;
        }
        // Scalar types: the front end's test. (An array or object is never a scalar's value,
        // so it need not be converted to tell.)
        let scalar = match v {
            Doc::Array(_) | Doc::Object(_) => serde_json::Value::Null,
            _ => v.to_json(),
        };
        if let Some(fits) = keys::scalar_value_fits(&e.name, &scalar) {
            return fits;
        }
        match (e.name.as_str(), v) {
            ("any", _) => true,
            ("array", Doc::Array(xs)) => e
                .items
                .as_ref()
                .is_none_or(|i| xs.iter().all(|x| self.fits(i, x, depth + 1))),
            ("map", Doc::Object(m)) => e
                .values
                .as_ref()
                .is_none_or(|i| m.iter().all(|(_, x)| self.fits(i, x, depth + 1))),
            (name, _) if !keys::BUILTIN_TYPES.contains(&name) => {
                match self.by_name.get(name).map(|i| &self.types[*i].kind) {
                    Some(Kind::Enum { values, open, .. }) => match v {
                        Doc::String(s) => *open || values.iter().any(|x| x.wire == *s),
                        _ => false,
                    },
                    Some(Kind::Alias(inner)) => self.fits(inner, v, depth + 1),
                    Some(Kind::OneOf { variants }) => {
                        variants.iter().any(|(_, x)| self.fits(x, v, depth + 1))
                    }
                    Some(Kind::Object { .. } | Kind::Union { .. }) => matches!(v, Doc::Object(_)),
                    Some(Kind::Pending) | None => true,
                }
            }
            _ => false,
        }
    }
}
