//! The writer: the output model as a schema-language document (types in order, each type,
//! field and type expression with its keys in the language's order).

use super::Importer;
use super::model::{Expr, FieldOut, Kind, TypeOut};
use crate::openapi::doc::Doc;
use crate::schema::keys;
use std::collections::BTreeMap;

impl Expr {
    /// The value of the attribute `key` (one of [`keys::TYPE_ATTR_KEYS`]), if it is set.
    fn attr(&self, key: &str) -> Option<Doc> {
        let count = |n: Option<u64>| n.map(|n| Doc::Number(n.into()));
        match key {
            "format" => self.format.map(|f| Doc::String(f.into())),
            "minimum" => self.minimum.clone().map(Doc::Number),
            "maximum" => self.maximum.clone().map(Doc::Number),
            "min_length" => count(self.min_length),
            "max_length" => count(self.max_length),
            "min_items" => count(self.min_items),
            "max_items" => count(self.max_items),
            "pattern" => self.pattern.clone().map(Doc::String),
            "const" => self.const_value.clone(),
            "items" => self.items.as_ref().map(|i| i.to_doc()),
            "values" => self.values.as_ref().map(|v| v.to_doc()),
            _ => None,
        }
    }

    /// The attributes (without `type`), in the language's order ([`keys::TYPE_ATTR_KEYS`]),
    /// each only where the front end's table lets it stand on the type
    /// ([`keys::constraint_fits`]).
    pub(super) fn attrs(&self) -> Vec<(String, Doc)> {
        keys::TYPE_ATTR_KEYS
            .iter()
            .filter(|k| keys::constraint_fits(&self.name, k))
            .filter_map(|k| self.attr(k).map(|v| (k.to_string(), v)))
            .collect()
    }

    pub(super) fn to_doc(&self) -> Doc {
        if self.is_bare() {
            return Doc::String(self.name.clone());
        }
        let mut entries = vec![("type".to_string(), Doc::String(self.name.clone()))];
        entries.extend(self.attrs());
        Doc::Object(entries)
    }
}

impl<'a> Importer<'a> {
    pub(super) fn types_doc(&self) -> Vec<(String, Doc)> {
        let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut roots = Vec::new();
        for (i, t) in self.types.iter().enumerate() {
            if t.skip {
                continue;
            }
            match t.parent.filter(|p| *p != i && !self.types[*p].skip) {
                Some(p) => children.entry(p).or_default().push(i),
                None => roots.push(i),
            }
        }
        let mut order = Vec::new();
        let mut seen = vec![false; self.types.len()];
        fn walk(
            i: usize,
            children: &BTreeMap<usize, Vec<usize>>,
            seen: &mut [bool],
            order: &mut Vec<usize>,
        ) {
            if seen[i] {
                return;
            }
            seen[i] = true;
            order.push(i);
            for c in children.get(&i).map(Vec::as_slice).unwrap_or(&[]) {
                walk(*c, children, seen, order);
            }
        }
        for r in roots {
            walk(r, &children, &mut seen, &mut order);
        }
        for (i, t) in self.types.iter().enumerate() {
            if !t.skip && !seen[i] {
                order.push(i);
            }
        }
        order
            .into_iter()
            .map(|i| (self.types[i].name.clone(), self.type_doc(&self.types[i])))
            .collect()
    }

    pub(super) fn type_doc(&self, t: &TypeOut) -> Doc {
        let mut e: Vec<(String, Doc)> = Vec::new();
        if let Some(d) = &t.description {
            e.push(("description".into(), Doc::String(d.clone())));
        }
        if let Some(r) = &t.rust_override {
            e.push(("rust_name".into(), Doc::String(r.clone())));
        }
        if t.deprecated {
            e.push(("deprecated".into(), Doc::Bool(true)));
        }
        match &t.kind {
            Kind::Pending => {
                e.push(("type".into(), Doc::String("any".into())));
            }
            Kind::Alias(x) => {
                e.push(("type".into(), Doc::String(x.name.clone())));
                e.extend(x.attrs());
            }
            Kind::Object {
                fields,
                rules,
                reject_unknown,
            } => {
                let fs = fields
                    .iter()
                    .map(|f| (f.wire.clone(), field_doc(f)))
                    .collect();
                e.push(("fields".into(), Doc::Object(fs)));
                if let Some(r) = rules {
                    e.push(("rules".into(), r.clone()));
                }
                if *reject_unknown {
                    e.push(("unknown_fields".into(), Doc::String("reject".into())));
                }
            }
            Kind::Enum {
                values,
                open,
                default,
            } => {
                let vs = values
                    .iter()
                    .map(|v| {
                        if v.rust_name.is_none() && v.description.is_none() && !v.deprecated {
                            return Doc::String(v.wire.clone());
                        }
                        let mut m = vec![("value".to_string(), Doc::String(v.wire.clone()))];
                        if let Some(d) = &v.description {
                            m.push(("description".into(), Doc::String(d.clone())));
                        }
                        if let Some(r) = &v.rust_name {
                            m.push(("rust_name".into(), Doc::String(r.clone())));
                        }
                        if v.deprecated {
                            m.push(("deprecated".into(), Doc::Bool(true)));
                        }
                        Doc::Object(m)
                    })
                    .collect();
                e.push(("enum".into(), Doc::Array(vs)));
                if *open {
                    e.push(("open".into(), Doc::Bool(true)));
                }
                if let Some(d) = default {
                    e.push(("default".into(), Doc::String(d.clone())));
                }
            }
            Kind::Union { tag, variants } => {
                e.push((
                    "union".into(),
                    Doc::Object(vec![
                        ("tag".into(), Doc::String(tag.clone())),
                        (
                            "variants".into(),
                            Doc::Object(
                                variants
                                    .iter()
                                    .map(|(v, n)| (v.clone(), Doc::String(n.clone())))
                                    .collect(),
                            ),
                        ),
                    ]),
                ));
            }
            Kind::OneOf { variants } => {
                e.push((
                    "one_of".into(),
                    Doc::Object(
                        variants
                            .iter()
                            .map(|(v, x)| (v.clone(), x.to_doc()))
                            .collect(),
                    ),
                ));
            }
        }
        Doc::Object(e)
    }
}

pub(super) fn field_doc(f: &FieldOut) -> Doc {
    let a = &f.annot;
    let plain = !f.required
        && !a.nullable
        && a.description.is_none()
        && a.default.is_none()
        && a.example.is_none()
        && !a.deprecated
        && !a.read_only
        && !a.write_only
        && a.since.is_none()
        && f.rust_name.is_none()
        && f.expr.is_bare();
    if plain {
        return Doc::String(f.expr.name.clone());
    }
    let mut e = vec![("type".to_string(), Doc::String(f.expr.name.clone()))];
    e.extend(f.expr.attrs());
    let mut flag = |k: &str, b: bool| {
        if b {
            e.push((k.to_string(), Doc::Bool(true)));
        }
    };
    flag("required", f.required);
    flag("nullable", a.nullable);
    flag("deprecated", a.deprecated);
    flag("read_only", a.read_only);
    flag("write_only", a.write_only);
    if let Some(d) = &a.description {
        e.push(("description".into(), Doc::String(d.clone())));
    }
    if let Some(d) = &a.default {
        e.push(("default".into(), d.clone()));
    }
    if let Some(x) = &a.example {
        e.push(("example".into(), x.clone()));
    }
    if let Some(r) = &f.rust_name {
        e.push(("rust_name".into(), Doc::String(r.clone())));
    }
    if let Some(s) = &a.since {
        e.push(("since".into(), Doc::String(s.clone())));
    }
    Doc::Object(e)
}
