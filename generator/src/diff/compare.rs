//! The structural comparison of two shapes, one from each API: names are resolved, aliases
//! followed, and objects, arrays, maps, enums and unions walked side by side. Type names are
//! never compared, because a vendor's document and a hand-written schema name things
//! differently.
//!
//! Named types are compared once per (OLD type, NEW type, direction): the differences are kept
//! relative to the type and replayed under every pointer where the pair appears, and a pair
//! already being compared further up (a recursive type) is not entered again.

use super::classify::{Facts, Scope, classify};
use super::escape_token;
use super::resolve::{Node, Resolved, resolve};
use super::{Class, Direction, Kind};
use crate::ir::{ApiIr, EnumIr, ObjectIr, OneOfIr, Shape, ShapeKind, TypeIr, UnionIr};
use serde_json::{Number, Value};
use std::collections::{HashMap, HashSet};

/// How deep shapes may nest before the walk stops (only a pathological alias of itself gets
/// there; real types nest a few levels).
const MAX_DEPTH: usize = 256;

/// A difference inside a body or a parameter, before its operation and part are known.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// RFC 6901 pointer (`/*` for array items and map values).
    pub pointer: String,
    /// What changed.
    pub kind: Kind,
    /// Its class.
    pub class: Class,
    /// OLD's value.
    pub old: Value,
    /// NEW's value.
    pub new: Value,
}

type PairKey = (String, String, Direction);

/// Compares shapes of two APIs.
pub struct Walker<'a> {
    old: &'a ApiIr,
    new: &'a ApiIr,
    in_progress: HashSet<PairKey>,
    cache: HashMap<PairKey, Vec<Found>>,
    cut: bool,
    depth: usize,
}

/// Appends one difference, classified.
pub(crate) fn push(
    out: &mut Vec<Found>,
    direction: Direction,
    pointer: &str,
    kind: Kind,
    facts: &Facts,
    old: Value,
    new: Value,
) {
    out.push(Found {
        pointer: pointer.to_string(),
        kind,
        class: classify(direction, kind, facts),
        old,
        new,
    });
}

/// How a field or parameter is described in `field-added`-like values: its type and presence.
pub(crate) fn describe(shape: &Shape, required: bool, nullable: bool) -> Value {
    let mut s = Shape::type_name(shape);
    s.push_str(if required { ", required" } else { ", optional" });
    if nullable {
        s.push_str(", nullable");
    }
    Value::String(s)
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::String(s.to_string()))
}

/// The scope of a change between two optional constraints where having one is tighter than
/// having none (format, pattern, const).
fn presence_scope<T: PartialEq>(old: &Option<T>, new: &Option<T>) -> Option<Scope> {
    match (old, new) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => None,
        (Some(_), None) => Some(Scope::Looser),
        (None, Some(_)) => Some(Scope::Tighter),
        (Some(_), Some(_)) => Some(Scope::Different),
    }
}

/// The scope of a change of a bound; `lower` for minimums. `None` when equal.
fn bound_scope(old: Option<f64>, new: Option<f64>, lower: bool) -> Option<Scope> {
    match (old, new) {
        (None, None) => None,
        (Some(_), None) => Some(Scope::Looser),
        (None, Some(_)) => Some(Scope::Tighter),
        (Some(a), Some(b)) if a == b => None,
        (Some(a), Some(b)) => {
            let looser = if lower { b < a } else { b > a };
            Some(if looser {
                Scope::Looser
            } else {
                Scope::Tighter
            })
        }
    }
}

fn num(n: &Option<Number>) -> Value {
    n.clone().map_or(Value::Null, Value::Number)
}

fn count(n: Option<u64>) -> Value {
    n.map_or(Value::Null, Value::from)
}

impl<'a> Walker<'a> {
    /// A walker over shapes of `old` and `new`.
    pub fn new(old: &'a ApiIr, new: &'a ApiIr) -> Self {
        Walker {
            old,
            new,
            in_progress: HashSet::new(),
            cache: HashMap::new(),
            cut: false,
            depth: 0,
        }
    }

    /// Compares a shape of OLD with one of NEW found at `pointer`, appending to `out`.
    pub fn shapes(
        &mut self,
        old: &Shape,
        new: &Shape,
        direction: Direction,
        pointer: &str,
        out: &mut Vec<Found>,
    ) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        let (o, n) = (resolve(self.old, old), resolve(self.new, new));
        self.resolved(&o, &n, direction, pointer, out);
        self.depth -= 1;
    }

    fn resolved(
        &mut self,
        o: &Resolved<'_>,
        n: &Resolved<'_>,
        dir: Direction,
        ptr: &str,
        out: &mut Vec<Found>,
    ) {
        let none = Facts::default();
        match (o.node, n.node) {
            (Node::Enum(_, e), Node::String) => {
                if let Some(c) = const_string(n) {
                    // A one-value string is an enum of that value.
                    let facts = Facts {
                        old_open: e.open,
                        ..none
                    };
                    values(
                        e.values.iter().map(|v| v.wire.as_str()),
                        [c],
                        dir,
                        ptr,
                        &facts,
                        out,
                    );
                } else if !e.open {
                    let v = |s: &str| Value::String(s.into());
                    let kind = Kind::EnumOpened;
                    push(out, dir, ptr, kind, &none, v("closed enum"), v("string"));
                }
                self.constraints(o, n, dir, ptr, out);
            }
            (Node::String, Node::Enum(_, e)) => {
                if let Some(c) = const_string(o) {
                    let facts = Facts {
                        new_open: e.open,
                        ..none
                    };
                    values(
                        [c],
                        e.values.iter().map(|v| v.wire.as_str()),
                        dir,
                        ptr,
                        &facts,
                        out,
                    );
                } else if !e.open {
                    let v = |s: &str| Value::String(s.into());
                    let kind = Kind::EnumClosed;
                    push(out, dir, ptr, kind, &none, v("string"), v("closed enum"));
                }
                self.constraints(o, n, dir, ptr, out);
            }
            (Node::Enum(ot, oe), Node::Enum(nt, ne)) => {
                self.constraints(o, n, dir, ptr, out);
                self.named(ot, nt, dir, ptr, out, |_, rel| enums(oe, ne, dir, rel));
            }
            (Node::Object(ot, oo), Node::Object(nt, no)) => {
                self.constraints(o, n, dir, ptr, out);
                self.named(ot, nt, dir, ptr, out, |w, rel| w.objects(oo, no, dir, rel));
            }
            (Node::Union(ot, ou), Node::Union(nt, nu)) => {
                self.named(ot, nt, dir, ptr, out, |w, rel| {
                    w.unions(ot, ou, nt, nu, dir, rel);
                });
            }
            (Node::OneOf(ot, oo), Node::OneOf(nt, no)) => {
                self.named(ot, nt, dir, ptr, out, |w, rel| w.one_ofs(oo, no, dir, rel));
            }
            (Node::Array(a), Node::Array(b)) | (Node::Map(a), Node::Map(b)) => {
                self.constraints(o, n, dir, ptr, out);
                self.shapes(a, b, dir, &format!("{ptr}/*"), out);
            }
            (a, b) if a.label() == b.label() => self.constraints(o, n, dir, ptr, out),
            (a, b) => {
                let scope = match (a, b) {
                    (_, Node::Any) => Scope::Looser,
                    (Node::Any, _) => Scope::Tighter,
                    (Node::Integer, Node::Number) => Scope::Looser,
                    (Node::Number, Node::Integer) => Scope::Tighter,
                    _ => Scope::Different,
                };
                let facts = Facts { scope, ..none };
                let (ol, nl) = (a.label().into(), b.label().into());
                push(
                    out,
                    dir,
                    ptr,
                    Kind::TypeChanged,
                    &facts,
                    Value::String(ol),
                    nl,
                );
                if matches!(
                    (a, b),
                    (Node::Integer, Node::Number) | (Node::Number, Node::Integer)
                ) {
                    self.constraints(o, n, dir, ptr, out);
                }
            }
        }
    }

    /// Compares the constraints of two shapes of the same JSON type.
    fn constraints(
        &mut self,
        o: &Resolved<'_>,
        n: &Resolved<'_>,
        dir: Direction,
        ptr: &str,
        out: &mut Vec<Found>,
    ) {
        let (a, b) = (&o.constraints, &n.constraints);
        let mut emit = |kind: Kind, scope: Option<Scope>, width: bool, old: Value, new: Value| {
            if let Some(scope) = scope {
                let facts = Facts {
                    scope,
                    width,
                    ..Facts::default()
                };
                push(out, dir, ptr, kind, &facts, old, new);
            }
        };
        let fmt = |f: Option<crate::ir::Format>| opt_str(f.map(|f| f.name()));
        emit(
            Kind::FormatChanged,
            presence_scope(&a.format, &b.format),
            false,
            fmt(a.format),
            fmt(b.format),
        );
        let width = o.int32 != n.int32;
        let f64_of = |x: &Option<Number>| x.as_ref().and_then(Number::as_f64);
        let (omin, nmin) = (o.effective_min(), n.effective_min());
        emit(
            Kind::MinimumChanged,
            bound_scope(f64_of(&omin), f64_of(&nmin), true),
            width,
            num(&omin),
            num(&nmin),
        );
        let (omax, nmax) = (o.effective_max(), n.effective_max());
        emit(
            Kind::MaximumChanged,
            bound_scope(f64_of(&omax), f64_of(&nmax), false),
            width,
            num(&omax),
            num(&nmax),
        );
        let counts = [
            (Kind::MinLengthChanged, a.min_length, b.min_length, true),
            (Kind::MaxLengthChanged, a.max_length, b.max_length, false),
            (Kind::MinItemsChanged, a.min_items, b.min_items, true),
            (Kind::MaxItemsChanged, a.max_items, b.max_items, false),
        ];
        for (kind, x, y, lower) in counts {
            let to_f = |v: Option<u64>| v.map(|v| v as f64);
            emit(
                kind,
                bound_scope(to_f(x), to_f(y), lower),
                false,
                count(x),
                count(y),
            );
        }
        emit(
            Kind::PatternChanged,
            presence_scope(&a.pattern, &b.pattern),
            false,
            opt_str(a.pattern.as_deref()),
            opt_str(b.pattern.as_deref()),
        );
        let enum_vs_const = matches!(
            (o.node, n.node),
            (Node::Enum(..), Node::String) | (Node::String, Node::Enum(..))
        );
        let (old_const, new_const) = if enum_vs_const {
            (&None, &None)
        } else {
            (&a.const_value, &b.const_value)
        };
        emit(
            Kind::ConstChanged,
            presence_scope(old_const, new_const),
            false,
            old_const.clone().unwrap_or(Value::Null),
            new_const.clone().unwrap_or(Value::Null),
        );
    }

    /// Runs `compute` for a pair of named types once, replaying its differences under `ptr`.
    fn named(
        &mut self,
        o: &TypeIr,
        n: &TypeIr,
        dir: Direction,
        ptr: &str,
        out: &mut Vec<Found>,
        compute: impl FnOnce(&mut Self, &mut Vec<Found>),
    ) {
        let key = (o.name.clone(), n.name.clone(), dir);
        let relative = if let Some(found) = self.cache.get(&key) {
            found.clone()
        } else if self.in_progress.contains(&key) {
            // A recursive type: everything below was or will be reported where the pair was
            // first entered.
            self.cut = true;
            return;
        } else {
            self.in_progress.insert(key.clone());
            let outer_cut = std::mem::replace(&mut self.cut, false);
            let mut rel = Vec::new();
            compute(self, &mut rel);
            self.in_progress.remove(&key);
            if !self.cut {
                // Only a walk that was not cut short by a cycle is complete for every context.
                self.cache.insert(key, rel.clone());
            }
            self.cut |= outer_cut;
            rel
        };
        out.extend(relative.into_iter().map(|mut f| {
            f.pointer = format!("{ptr}{}", f.pointer);
            f
        }));
    }

    /// Compares two objects' fields and unknown-member policy (pointers relative to the object).
    fn objects(&mut self, o: &ObjectIr, n: &ObjectIr, dir: Direction, out: &mut Vec<Found>) {
        let base = Facts {
            old_rejects_unknown: o.reject_unknown,
            new_rejects_unknown: n.reject_unknown,
            ..Facts::default()
        };
        let mut dropped = false;
        for f in &o.fields {
            let ptr = format!("/{}", escape_token(&f.wire_name));
            let Some(g) = n.fields.iter().find(|g| g.wire_name == f.wire_name) else {
                dropped = true;
                let facts = Facts {
                    required: f.required,
                    ..base
                };
                let old = describe(&f.shape, f.required, f.nullable);
                push(out, dir, &ptr, Kind::FieldRemoved, &facts, old, Value::Null);
                continue;
            };
            if f.required != g.required {
                let kind = if g.required {
                    Kind::RequiredAdded
                } else {
                    Kind::RequiredRemoved
                };
                push(
                    out,
                    dir,
                    &ptr,
                    kind,
                    &base,
                    f.required.into(),
                    g.required.into(),
                );
            }
            if f.nullable != g.nullable {
                let kind = if g.nullable {
                    Kind::NullableAdded
                } else {
                    Kind::NullableRemoved
                };
                push(
                    out,
                    dir,
                    &ptr,
                    kind,
                    &base,
                    f.nullable.into(),
                    g.nullable.into(),
                );
            }
            self.shapes(&f.shape, &g.shape, dir, &ptr, out);
        }
        for g in &n.fields {
            if o.fields.iter().any(|f| f.wire_name == g.wire_name) {
                continue;
            }
            let ptr = format!("/{}", escape_token(&g.wire_name));
            let facts = Facts {
                required: g.required,
                ..base
            };
            let new = describe(&g.shape, g.required, g.nullable);
            push(out, dir, &ptr, Kind::FieldAdded, &facts, Value::Null, new);
        }
        if o.reject_unknown != n.reject_unknown {
            let policy =
                |reject: bool| Value::String(if reject { "reject" } else { "allow" }.into());
            let kind = if n.reject_unknown {
                Kind::UnknownFieldsRejected
            } else {
                Kind::UnknownFieldsAllowed
            };
            let facts = Facts {
                dropped_fields: dropped,
                ..base
            };
            let (old, new) = (policy(o.reject_unknown), policy(n.reject_unknown));
            push(out, dir, "", kind, &facts, old, new);
        }
    }

    /// Compares two tagged unions: the tag, then the variants by tag value.
    fn unions(
        &mut self,
        ot: &TypeIr,
        o: &UnionIr,
        nt: &TypeIr,
        n: &UnionIr,
        dir: Direction,
        out: &mut Vec<Found>,
    ) {
        if o.tag != n.tag {
            let label = |tag: &str| Value::String(format!("tagged union by `{tag}`"));
            let facts = Facts::default();
            push(
                out,
                dir,
                "",
                Kind::TypeChanged,
                &facts,
                label(&o.tag),
                label(&n.tag),
            );
            return;
        }
        let tag_ptr = format!("/{}", escape_token(&o.tag));
        let facts = Facts::default();
        let variant_shape = |t: &TypeIr, name: &str| Shape {
            kind: ShapeKind::Named(name.to_string()),
            constraints: Default::default(),
            span: t.span,
        };
        for v in &o.variants {
            match n.variants.iter().find(|w| w.tag_value == v.tag_value) {
                None => {
                    let old = Value::String(v.tag_value.clone());
                    push(
                        out,
                        dir,
                        &tag_ptr,
                        Kind::VariantRemoved,
                        &facts,
                        old,
                        Value::Null,
                    );
                }
                Some(w) => {
                    let (a, b) = (
                        variant_shape(ot, &v.type_name),
                        variant_shape(nt, &w.type_name),
                    );
                    self.shapes(&a, &b, dir, "", out);
                }
            }
        }
        for w in &n.variants {
            if !o.variants.iter().any(|v| v.tag_value == w.tag_value) {
                let new = Value::String(w.tag_value.clone());
                push(
                    out,
                    dir,
                    &tag_ptr,
                    Kind::VariantAdded,
                    &facts,
                    Value::Null,
                    new,
                );
            }
        }
    }

    /// Compares two untagged unions, pairing variants by JSON type (same position first).
    fn one_ofs(&mut self, o: &OneOfIr, n: &OneOfIr, dir: Direction, out: &mut Vec<Found>) {
        let old_labels: Vec<&str> = o
            .variants
            .iter()
            .map(|v| resolve(self.old, &v.shape).node.label())
            .collect();
        let new_labels: Vec<&str> = n
            .variants
            .iter()
            .map(|v| resolve(self.new, &v.shape).node.label())
            .collect();
        let mut used = vec![false; n.variants.len()];
        let facts = Facts::default();
        let describe = |name: &str, label: &str| Value::String(format!("{name}: {label}"));
        for (i, v) in o.variants.iter().enumerate() {
            let same_place = (new_labels.get(i) == Some(&old_labels[i]) && !used[i]).then_some(i);
            let pick = same_place.or_else(|| {
                (0..n.variants.len()).find(|&j| !used[j] && new_labels[j] == old_labels[i])
            });
            match pick {
                Some(j) => {
                    used[j] = true;
                    self.shapes(&v.shape, &n.variants[j].shape, dir, "", out);
                }
                None => {
                    let old = describe(&v.name, old_labels[i]);
                    push(out, dir, "", Kind::VariantRemoved, &facts, old, Value::Null);
                }
            }
        }
        for (j, w) in n.variants.iter().enumerate() {
            if !used[j] {
                let new = describe(&w.name, new_labels[j]);
                push(out, dir, "", Kind::VariantAdded, &facts, Value::Null, new);
            }
        }
    }
}

/// Compares two enums' values and openness (pointers relative to the enum).
fn enums(o: &EnumIr, n: &EnumIr, dir: Direction, out: &mut Vec<Found>) {
    let facts = Facts {
        old_open: o.open,
        new_open: n.open,
        ..Facts::default()
    };
    let state = |open: bool| Value::String(if open { "open enum" } else { "closed enum" }.into());
    if o.open != n.open {
        let kind = if n.open {
            Kind::EnumOpened
        } else {
            Kind::EnumClosed
        };
        push(out, dir, "", kind, &facts, state(o.open), state(n.open));
    }
    let (a, b) = (o.values.iter(), n.values.iter());
    values(
        a.map(|v| v.wire.as_str()),
        b.map(|v| v.wire.as_str()),
        dir,
        "",
        &facts,
        out,
    );
}

/// One `enum-value-removed` per OLD value NEW lacks, one `enum-value-added` per NEW value OLD
/// lacks.
fn values<'v>(
    old: impl IntoIterator<Item = &'v str>,
    new: impl IntoIterator<Item = &'v str>,
    dir: Direction,
    ptr: &str,
    facts: &Facts,
    out: &mut Vec<Found>,
) {
    let old: Vec<&str> = old.into_iter().collect();
    let new: Vec<&str> = new.into_iter().collect();
    for v in old.iter().filter(|v| !new.contains(v)) {
        let value = Value::String((*v).to_string());
        push(
            out,
            dir,
            ptr,
            Kind::EnumValueRemoved,
            facts,
            value,
            Value::Null,
        );
    }
    for w in new.iter().filter(|w| !old.contains(w)) {
        let value = Value::String((*w).to_string());
        push(
            out,
            dir,
            ptr,
            Kind::EnumValueAdded,
            facts,
            Value::Null,
            value,
        );
    }
}

/// The `const` of a resolved string, when it is a string.
fn const_string<'r>(r: &'r Resolved<'_>) -> Option<&'r str> {
    match &r.constraints.const_value {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}
