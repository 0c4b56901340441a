//! What a change between two versions of one schema means for the generated Rust crate.
//!
//! `major` when anything is breaking on the wire, or when something Rust code can name changed
//! or went away (a type, field, enum variant, union variant or operation, its Rust name or its
//! Rust type); `minor` for additions; `patch` otherwise. Names are matched by schema name (types,
//! operations), wire name (fields, enum values) and tag value or variant name (unions), so a
//! renamed Rust name shows as a change and not as a removal plus an addition.

use super::{Class, Difference};
use crate::ir::{ApiIr, OperationIr, Shape, ShapeKind, TypeIr, TypeKind};
use std::collections::BTreeSet;
use std::fmt;

/// The semver level of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing Rust code or a client can notice.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaks on the wire or in Rust code.
    Major,
}

impl Level {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

/// One change Rust code can notice.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustChange {
    /// Whether it breaks code that compiled against the old crate.
    pub level: Level,
    /// What changed, e.g. ``type `CallStatus`: value `canceled` removed``.
    pub what: String,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Semver {
    /// The level.
    pub level: Level,
    /// Breaking wire differences (accepted ones included: accepting a break does not make it
    /// compatible for the crate's users).
    pub breaking: usize,
    /// Rust-visible changes, major ones first, then by text.
    pub changes: Vec<RustChange>,
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let count = |l: Level| self.changes.iter().filter(|c| c.level == l).count();
        write!(f, "semver: {}", self.level.as_str())?;
        match self.level {
            Level::Major => {
                let mut why = Vec::new();
                if self.breaking > 0 {
                    why.push(plural(
                        self.breaking,
                        "breaking difference",
                        "breaking differences",
                    ));
                }
                let n = count(Level::Major);
                if n > 0 {
                    why.push(plural(n, "breaking Rust change", "breaking Rust changes"));
                }
                write!(f, " ({})", why.join(", "))
            }
            Level::Minor => write!(
                f,
                " ({})",
                plural(count(Level::Minor), "addition", "additions")
            ),
            Level::Patch => Ok(()),
        }
    }
}

struct Changes(Vec<RustChange>);

impl Changes {
    fn major(&mut self, what: String) {
        self.0.push(RustChange {
            level: Level::Major,
            what,
        });
    }

    fn minor(&mut self, what: String) {
        self.0.push(RustChange {
            level: Level::Minor,
            what,
        });
    }
}

/// The semver verdict for OLD → NEW, two versions of one schema.
pub fn semver(old: &ApiIr, new: &ApiIr, differences: &[Difference]) -> Semver {
    let mut c = Changes(Vec::new());
    let constructed = request_types(old);
    for t in &old.types {
        match new.ty(&t.name) {
            None => c.major(format!("type `{}` removed", t.name)),
            Some(u) => types(t, u, constructed.contains(&t.name), &mut c),
        }
    }
    for u in &new.types {
        if old.ty(&u.name).is_none() {
            c.minor(format!("type `{}` added", u.name));
        }
    }
    for o in &old.operations {
        match new.operation(&o.id) {
            None => c.major(format!("operation `{}` removed", o.id)),
            Some(n) => operations(o, n, &mut c),
        }
    }
    for n in &new.operations {
        if old.operation(&n.id).is_none() {
            c.minor(format!("operation `{}` added", n.id));
        }
    }
    let mut changes = c.0;
    changes.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.what.cmp(&b.what)));
    changes.dedup();
    let breaking = differences
        .iter()
        .filter(|d| d.class == Class::Breaking)
        .count();
    let level = if breaking > 0 || changes.iter().any(|c| c.level == Level::Major) {
        Level::Major
    } else if changes.iter().any(|c| c.level == Level::Minor) {
        Level::Minor
    } else {
        Level::Patch
    };
    Semver {
        level,
        breaking,
        changes,
    }
}

/// Names of the types an OLD client builds: reachable from request bodies and parameters.
fn request_types(api: &ApiIr) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Shape> = Vec::new();
    for op in &api.operations {
        stack.extend(op.request.as_ref().map(|r| &r.shape));
        stack.extend(op.params.iter().map(|p| &p.shape));
    }
    while let Some(s) = stack.pop() {
        match &s.kind {
            ShapeKind::Array(i) | ShapeKind::Map(i) => stack.push(i),
            ShapeKind::Named(n) => {
                if !seen.insert(n.clone()) {
                    continue;
                }
                match api.ty(n).map(|t| &t.kind) {
                    Some(TypeKind::Object(o)) => stack.extend(o.fields.iter().map(|f| &f.shape)),
                    Some(TypeKind::Alias(a)) => stack.push(a),
                    Some(TypeKind::OneOf(o)) => stack.extend(o.variants.iter().map(|v| &v.shape)),
                    Some(TypeKind::Union(u)) => {
                        for v in &u.variants {
                            if seen.insert(v.type_name.clone()) {
                                if let Some(TypeKind::Object(o)) =
                                    api.ty(&v.type_name).map(|t| &t.kind)
                                {
                                    stack.extend(o.fields.iter().map(|f| &f.shape));
                                }
                            }
                        }
                    }
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            _ => {}
        }
    }
    seen
}

fn kind_name(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Object(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "tagged union",
        TypeKind::OneOf(_) => "untagged union",
        TypeKind::Alias(_) => "newtype",
    }
}

fn types(t: &TypeIr, u: &TypeIr, constructed: bool, c: &mut Changes) {
    let name = &t.name;
    if t.rust_name != u.rust_name {
        c.major(format!(
            "type `{name}`: Rust name `{}` → `{}`",
            t.rust_name, u.rust_name
        ));
    }
    match (&t.kind, &u.kind) {
        (TypeKind::Object(a), TypeKind::Object(b)) => {
            for f in &a.fields {
                let Some(g) = b.fields.iter().find(|g| g.wire_name == f.wire_name) else {
                    c.major(format!("type `{name}`: field `{}` removed", f.wire_name));
                    continue;
                };
                let w = &f.wire_name;
                if f.rust_name != g.rust_name {
                    c.major(format!(
                        "type `{name}`: field `{w}`: Rust name `{}` → `{}`",
                        f.rust_name, g.rust_name
                    ));
                }
                if f.presence() != g.presence() {
                    c.major(format!(
                        "type `{name}`: field `{w}`: {:?} → {:?} (its Rust type changes)",
                        f.presence(),
                        g.presence()
                    ));
                }
                if Shape::type_name(&f.shape) != Shape::type_name(&g.shape) {
                    c.major(format!(
                        "type `{name}`: field `{w}`: type `{}` → `{}`",
                        Shape::type_name(&f.shape),
                        Shape::type_name(&g.shape)
                    ));
                }
            }
            // A struct derives `Default` when every field is optional, and the documentation
            // tells users to build such structs with `..Default::default()`: a new optional
            // field is then an addition (minor). A struct users build with a literal (it has a
            // required field), or one that loses `Default`, no longer compiles: major.
            let all_optional = |o: &crate::ir::ObjectIr| o.fields.iter().all(|f| !f.required);
            let loses_default = all_optional(a) && !all_optional(b);
            for g in &b.fields {
                if a.fields.iter().any(|f| f.wire_name == g.wire_name) {
                    continue;
                }
                let what = format!("type `{name}`: field `{}` added", g.wire_name);
                if loses_default || (constructed && !all_optional(a)) {
                    c.major(format!("{what} to a struct users build"));
                } else {
                    c.minor(what);
                }
            }
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            if a.open != b.open {
                c.major(format!(
                    "type `{name}`: {} → {} (the `Other` variant)",
                    if a.open { "open" } else { "closed" },
                    if b.open { "open" } else { "closed" }
                ));
            }
            for v in &a.values {
                match b.values.iter().find(|w| w.wire == v.wire) {
                    None => c.major(format!("type `{name}`: value `{}` removed", v.wire)),
                    Some(w) if w.rust_name != v.rust_name => c.major(format!(
                        "type `{name}`: value `{}`: Rust name `{}` → `{}`",
                        v.wire, v.rust_name, w.rust_name
                    )),
                    Some(_) => {}
                }
            }
            // The generated enums are exhaustive (no `#[non_exhaustive]`): a new variant breaks
            // every exhaustive `match` on the enum, so it is major, not an addition.
            for w in &b.values {
                if !a.values.iter().any(|v| v.wire == w.wire) {
                    c.major(format!(
                        "type `{name}`: value `{}` added (exhaustive matches break)",
                        w.wire
                    ));
                }
            }
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let va = a
                .variants
                .iter()
                .map(|v| (&v.tag_value, &v.rust_name, &v.type_name));
            let vb: Vec<_> = (b.variants.iter())
                .map(|v| (&v.tag_value, &v.rust_name, &v.type_name))
                .collect();
            variants(name, va.collect(), vb, c);
        }
        (TypeKind::OneOf(a), TypeKind::OneOf(b)) => {
            let names = |o: &crate::ir::OneOfIr| -> Vec<(String, String, String)> {
                (o.variants.iter())
                    .map(|v| {
                        (
                            v.name.clone(),
                            v.rust_name.clone(),
                            Shape::type_name(&v.shape),
                        )
                    })
                    .collect()
            };
            let (na, nb) = (names(a), names(b));
            variants(
                name,
                na.iter().map(|(x, y, z)| (x, y, z)).collect(),
                nb.iter().map(|(x, y, z)| (x, y, z)).collect(),
                c,
            );
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if Shape::type_name(a) != Shape::type_name(b) {
                c.major(format!(
                    "type `{name}`: `{}` → `{}`",
                    Shape::type_name(a),
                    Shape::type_name(b)
                ));
            }
        }
        (a, b) => c.major(format!(
            "type `{name}`: {} → {}",
            kind_name(a),
            kind_name(b)
        )),
    }
}

/// Union variants as (key, Rust name, payload type).
fn variants(
    name: &str,
    a: Vec<(&String, &String, &String)>,
    b: Vec<(&String, &String, &String)>,
    c: &mut Changes,
) {
    for (key, rust, ty) in &a {
        match b.iter().find(|(k, _, _)| k == key) {
            None => c.major(format!("type `{name}`: variant `{key}` removed")),
            Some((_, r, t)) => {
                if r != rust || t != ty {
                    c.major(format!(
                        "type `{name}`: variant `{key}`: `{rust}({ty})` → `{r}({t})`"
                    ));
                }
            }
        }
    }
    for (key, _, _) in &b {
        if !a.iter().any(|(k, _, _)| k == key) {
            c.major(format!(
                "type `{name}`: variant `{key}` added (exhaustive matches break)"
            ));
        }
    }
}

fn operations(o: &OperationIr, n: &OperationIr, c: &mut Changes) {
    let id = &o.id;
    if o.rust_name != n.rust_name {
        c.major(format!(
            "operation `{id}`: method `{}` → `{}`",
            o.rust_name, n.rust_name
        ));
    }
    // Parameters are arguments of the client method: any change to them changes its signature.
    let sig =
        |p: &crate::ir::ParamIr| (p.rust_name.clone(), Shape::type_name(&p.shape), p.required);
    let (a, b): (Vec<_>, Vec<_>) = (
        o.params.iter().map(sig).collect(),
        n.params.iter().map(sig).collect(),
    );
    if a != b {
        c.major(format!(
            "operation `{id}`: parameters of the client method changed"
        ));
    }
    let body = |op: &OperationIr| op.request.as_ref().map(|r| Shape::type_name(&r.shape));
    if body(o) != body(n) {
        c.major(format!(
            "operation `{id}`: request body `{}` → `{}`",
            body(o).unwrap_or_else(|| "none".into()),
            body(n).unwrap_or_else(|| "none".into())
        ));
    }
    // Each documented status is a variant of the method's response or error enum.
    let statuses = |op: &OperationIr| -> Vec<(crate::ir::Status, Option<String>)> {
        (op.responses.iter())
            .map(|r| (r.status, r.body.as_ref().map(Shape::type_name)))
            .collect()
    };
    if statuses(o) != statuses(n) {
        c.major(format!(
            "operation `{id}`: responses changed (the response and error enums change)"
        ));
    }
}
