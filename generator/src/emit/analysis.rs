//! Facts about one API that several emitters need, computed once in linear time: a type index,
//! which types have anything to validate, and which references are recursive without
//! indirection (and so need a `Box`). Recomputing these per field made generation quadratic in
//! the number of types.

use super::formats::TypedFormats;
use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// Precomputed facts of one API.
pub(crate) struct Analysis<'a> {
    index: BTreeMap<&'a str, &'a TypeIr>,
    checks: BTreeSet<&'a str>,
    /// Strongly connected component of each type in the graph of direct references (fields and
    /// variants that are not behind a `Vec` or a map).
    scc: BTreeMap<&'a str, usize>,
    /// Components whose members reach themselves directly (size > 1, or a self reference).
    cyclic: BTreeSet<usize>,
    /// Types a request body can contain ([`ApiIr::request_types`]).
    pub(crate) request: BTreeSet<&'a str>,
    formats: TypedFormats,
}

/// The named types a shape refers to directly (not through an array or a map).
fn direct_ref(s: &Shape) -> Option<&str> {
    match &s.kind {
        ShapeKind::Named(n) => Some(n.as_str()),
        _ => None,
    }
}

/// Every named type a shape mentions, at any depth.
fn all_refs<'a>(s: &'a Shape, out: &mut Vec<&'a str>) {
    match &s.kind {
        ShapeKind::Named(n) => out.push(n),
        ShapeKind::Array(i) | ShapeKind::Map(i) => all_refs(i, out),
        _ => {}
    }
}

/// Whether the shape itself (not what it refers to) has a constraint to check on the typed
/// value. A typed format (a date-time type, `uuid::Uuid`) has none: its type cannot hold a
/// malformed value, and payloads have their text checked with the structure.
fn own_constraints(s: &Shape, formats: TypedFormats) -> bool {
    (!s.constraints.is_empty() && !formats.is_typed(s))
        || match &s.kind {
            ShapeKind::Array(i) | ShapeKind::Map(i) => own_constraints(i, formats),
            _ => false,
        }
}

impl<'a> Analysis<'a> {
    pub(crate) fn new(api: &'a ApiIr, formats: TypedFormats) -> Self {
        let index: BTreeMap<&str, &TypeIr> =
            api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut direct: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut seeds: Vec<&str> = Vec::new();
        for t in &api.types {
            let mut refs = Vec::new();
            let mut dir = Vec::new();
            let mut own = false;
            let shape =
                |s: &'a Shape, refs: &mut Vec<&'a str>, dir: &mut Vec<&'a str>, own: &mut bool| {
                    all_refs(s, refs);
                    dir.extend(direct_ref(s));
                    *own |= own_constraints(s, formats);
                };
            match &t.kind {
                TypeKind::Object(o) => {
                    own |= !o.rules.is_empty();
                    for f in &o.fields {
                        shape(&f.shape, &mut refs, &mut dir, &mut own);
                    }
                }
                // A deprecated value is reported with a warning.
                TypeKind::Enum(e) => own |= e.values.iter().any(|v| v.deprecated),
                TypeKind::Union(u) => {
                    for v in &u.variants {
                        refs.push(&v.type_name);
                        dir.push(&v.type_name);
                    }
                }
                TypeKind::OneOf(o) => {
                    for v in &o.variants {
                        shape(&v.shape, &mut refs, &mut dir, &mut own);
                    }
                }
                TypeKind::Alias(s) => shape(s, &mut refs, &mut dir, &mut own),
            }
            if own {
                seeds.push(&t.name);
            }
            for r in refs {
                reverse.entry(r).or_default().push(&t.name);
            }
            direct.insert(&t.name, dir);
        }
        // A type has checks if it has its own, or refers (at any depth) to one that has.
        let mut checks: BTreeSet<&str> = BTreeSet::new();
        let mut queue = seeds;
        while let Some(n) = queue.pop() {
            if checks.insert(n) {
                if let Some(users) = reverse.get(n) {
                    queue.extend(users.iter().copied());
                }
            }
        }
        let (scc, cyclic) = components(&api.types, &direct);
        Analysis {
            index,
            checks,
            scc,
            cyclic,
            request: api.request_types(),
            formats,
        }
    }

    /// The named type.
    pub(crate) fn ty(&self, name: &str) -> Option<&'a TypeIr> {
        self.index.get(name).copied()
    }

    /// Whether values of the named type have anything to validate.
    pub(crate) fn type_has_checks(&self, name: &str) -> bool {
        self.checks.contains(name)
    }

    /// Whether values of the shape have anything to validate.
    pub(crate) fn shape_has_checks(&self, s: &Shape) -> bool {
        (!s.constraints.is_empty() && !self.formats.is_typed(s))
            || match &s.kind {
                ShapeKind::Array(i) | ShapeKind::Map(i) => self.shape_has_checks(i),
                ShapeKind::Named(n) => self.type_has_checks(n),
                _ => false,
            }
    }

    /// Whether a direct reference from `owner` to the named type `to` closes a cycle, so the
    /// field needs a `Box` to have a finite size.
    pub(crate) fn needs_box_named(&self, owner: &str, to: &str) -> bool {
        match (self.scc.get(owner), self.scc.get(to)) {
            (Some(a), Some(b)) => a == b && self.cyclic.contains(a),
            _ => false,
        }
    }

    /// [`Analysis::needs_box_named`] for a field's shape.
    pub(crate) fn needs_box(&self, owner: &str, s: &Shape) -> bool {
        direct_ref(s).is_some_and(|to| self.needs_box_named(owner, to))
    }
}

/// Tarjan's strongly connected components, iteratively (no recursion depth limit).
fn components<'a>(
    types: &'a [TypeIr],
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
) -> (BTreeMap<&'a str, usize>, BTreeSet<usize>) {
    let mut index_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut low: BTreeMap<&str, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut comp: BTreeMap<&str, usize> = BTreeMap::new();
    let mut cyclic = BTreeSet::new();
    let mut next = 0usize;
    let mut comps = 0usize;
    let empty: Vec<&str> = Vec::new();
    for root in types.iter().map(|t| t.name.as_str()) {
        if index_of.contains_key(root) {
            continue;
        }
        // Each frame: node and the position in its edge list.
        let mut work: Vec<(&str, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos == 0 && !index_of.contains_key(v) {
                index_of.insert(v, next);
                low.insert(v, next);
                next += 1;
                stack.push(v);
                on_stack.insert(v);
            }
            let out = edges.get(v).unwrap_or(&empty);
            if *pos < out.len() {
                let w = out[*pos];
                *pos += 1;
                if !edges.contains_key(w) {
                    continue;
                }
                if !index_of.contains_key(w) {
                    work.push((w, 0));
                } else if on_stack.contains(w) {
                    let lw = index_of[w];
                    if let Some(lv) = low.get_mut(v) {
                        *lv = (*lv).min(lw);
                    }
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let lv = low[v];
                if let Some(lp) = low.get_mut(parent) {
                    *lp = (*lp).min(lv);
                }
            }
            if low[v] == index_of[v] {
                let mut members = 0;
                let mut self_loop = false;
                while let Some(w) = stack.pop() {
                    on_stack.remove(w);
                    comp.insert(w, comps);
                    members += 1;
                    self_loop |= edges.get(w).is_some_and(|e| e.contains(&w));
                    if w == v {
                        break;
                    }
                }
                if members > 1 || self_loop {
                    cyclic.insert(comps);
                }
                comps += 1;
            }
        }
    }
    (comp, cyclic)
}
