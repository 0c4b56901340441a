//! The writer: the output model as a schema-language document (types in order, each type,
//! field and type expression with its keys in the language's order). Every mapping of the
//! output, here and in the modules that build the `api:` section and the operations, is built
//! through [`Mapping`], which takes its keys from the decoder's tables in `schema::keys`.

use super::Importer;
use super::model::{Expr, FieldOut, Kind, TypeOut};
use crate::openapi::doc::Doc;
use crate::schema::keys;
use std::collections::BTreeMap;

/// A mapping of the schema language as the import writes it. Every key must be one that the
/// decoder accepts in that place (the [`keys`] tables the mapping is made with): the writer and
/// the decoder share one vocabulary. Keys come out in the order they are put.
pub(super) struct Mapping {
    tables: &'static [&'static [&'static str]],
    entries: Vec<(String, Doc)>,
}

impl Mapping {
    /// An empty mapping whose keys come from `tables`.
    pub(super) fn new(tables: &'static [&'static [&'static str]]) -> Mapping {
        Mapping {
            tables,
            entries: Vec::new(),
        }
    }

    /// Adds `key: value`.
    pub(super) fn put(&mut self, key: &str, value: Doc) {
        debug_assert!(
            self.tables.iter().any(|t| t.contains(&key)),
            "`{key}` is not a key of the schema language here"
        );
        self.entries.push((key.to_string(), value));
    }

    /// Adds `key: true` when `on`.
    pub(super) fn flag(&mut self, key: &str, on: bool) {
        if on {
            self.put(key, Doc::Bool(true));
        }
    }

    /// Adds `type:` and the attributes of a type expression.
    pub(super) fn expr(&mut self, e: &Expr) {
        self.put("type", Doc::String(e.name.clone()));
        for (k, v) in e.attrs() {
            self.put(&k, v);
        }
    }

    /// The mapping as a document.
    pub(super) fn into_doc(self) -> Doc {
        Doc::Object(self.entries)
    }
}

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
        let mut m = Mapping::new(&[keys::TYPE_ATTR_KEYS]);
        m.expr(self);
        m.into_doc()
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
        let mut e = Mapping::new(&[
            keys::TYPEDEF_COMMON,
            keys::TYPE_ATTR_KEYS,
            keys::OBJECT_KEYS,
            keys::ENUM_KEYS,
            keys::UNION_KEYS,
            keys::ONE_OF_KEYS,
        ]);
        if let Some(d) = &t.description {
            e.put("description", Doc::String(d.clone()));
        }
        if let Some(r) = &t.rust_override {
            e.put("rust_name", Doc::String(r.clone()));
        }
        e.flag("deprecated", t.deprecated);
        match &t.kind {
            Kind::Pending => e.expr(&Expr::any()),
            Kind::Alias(x) => e.expr(x),
            Kind::Object {
                fields,
                rules,
                reject_unknown,
            } => {
                let fs = fields
                    .iter()
                    .map(|f| (f.wire.clone(), field_doc(f)))
                    .collect();
                e.put("fields", Doc::Object(fs));
                if let Some(r) = rules {
                    e.put("rules", r.clone());
                }
                if *reject_unknown {
                    e.put("unknown_fields", Doc::String("reject".into()));
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
                        let mut m = Mapping::new(&[keys::ENUM_VALUE_KEYS]);
                        m.put("value", Doc::String(v.wire.clone()));
                        if let Some(d) = &v.description {
                            m.put("description", Doc::String(d.clone()));
                        }
                        if let Some(r) = &v.rust_name {
                            m.put("rust_name", Doc::String(r.clone()));
                        }
                        m.flag("deprecated", v.deprecated);
                        m.into_doc()
                    })
                    .collect();
                e.put("enum", Doc::Array(vs));
                e.flag("open", *open);
                if let Some(d) = default {
                    e.put("default", Doc::String(d.clone()));
                }
            }
            Kind::Union { tag, variants } => {
                let mut u = Mapping::new(&[keys::UNION_INNER_KEYS]);
                u.put("tag", Doc::String(tag.clone()));
                u.put(
                    "variants",
                    Doc::Object(
                        variants
                            .iter()
                            .map(|(v, n)| (v.clone(), Doc::String(n.clone())))
                            .collect(),
                    ),
                );
                e.put("union", u.into_doc());
            }
            Kind::OneOf { variants } => {
                e.put(
                    "one_of",
                    Doc::Object(
                        variants
                            .iter()
                            .map(|(v, x)| (v.clone(), x.to_doc()))
                            .collect(),
                    ),
                );
            }
        }
        e.into_doc()
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
    let mut e = Mapping::new(&[keys::TYPE_ATTR_KEYS, keys::FIELD_EXTRA_KEYS]);
    e.expr(&f.expr);
    e.flag("required", f.required);
    e.flag("nullable", a.nullable);
    e.flag("deprecated", a.deprecated);
    e.flag("read_only", a.read_only);
    e.flag("write_only", a.write_only);
    if let Some(d) = &a.description {
        e.put("description", Doc::String(d.clone()));
    }
    if let Some(d) = &a.default {
        e.put("default", d.clone());
    }
    if let Some(x) = &a.example {
        e.put("example", x.clone());
    }
    if let Some(r) = &f.rust_name {
        e.put("rust_name", Doc::String(r.clone()));
    }
    if let Some(s) = &a.since {
        e.put("since", Doc::String(s.clone()));
    }
    e.into_doc()
}
