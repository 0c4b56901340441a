//! Resolving a shape to what it is on the wire: named types are looked up and aliases followed,
//! their constraints merged with the ones written where the alias is used.

use crate::ir::{
    ApiIr, Constraints, EnumIr, ObjectIr, OneOfIr, Shape, ShapeKind, TypeIr, TypeKind, UnionIr,
};

/// How many aliases of aliases are followed before giving up (the checker rejects cycles; this
/// only keeps a partial IR from looping).
const MAX_ALIASES: usize = 64;

/// What a shape is on the wire.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'a> {
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// An integer; `int32` is kept as a bound (see [`Resolved::effective_min`]).
    Integer,
    /// Any number.
    Number,
    /// Any JSON value.
    Any,
    /// An array of these items.
    Array(&'a Shape),
    /// A map of these values.
    Map(&'a Shape),
    /// A named object.
    Object(&'a TypeIr, &'a ObjectIr),
    /// A named enum.
    Enum(&'a TypeIr, &'a EnumIr),
    /// A named tagged union.
    Union(&'a TypeIr, &'a UnionIr),
    /// A named untagged union.
    OneOf(&'a TypeIr, &'a OneOfIr),
}

impl Node<'_> {
    /// The JSON type's name, as used in `type-changed` values.
    pub(crate) fn label(&self) -> &'static str {
        match self {
            Node::String => "string",
            Node::Boolean => "boolean",
            Node::Integer => "integer",
            Node::Number => "number",
            Node::Any => "any",
            Node::Array(_) => "array",
            Node::Map(_) => "map",
            Node::Object(..) => "object",
            Node::Enum(..) => "enum",
            Node::Union(..) => "tagged union",
            Node::OneOf(..) => "untagged union",
        }
    }
}

/// A shape resolved through names and aliases.
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'a> {
    /// What it is.
    pub node: Node<'a>,
    /// Every constraint on the way, the tighter one winning for bounds.
    pub constraints: Constraints,
    /// An `int32` (bounded by its range).
    pub int32: bool,
}

impl Resolved<'_> {
    /// The lower bound, counting an `int32`'s range as one.
    pub(crate) fn effective_min(&self) -> Option<serde_json::Number> {
        let width = self.int32.then(|| serde_json::Number::from(i32::MIN));
        tighter(self.constraints.minimum.clone(), width, true)
    }

    /// The upper bound, counting an `int32`'s range as one.
    pub(crate) fn effective_max(&self) -> Option<serde_json::Number> {
        let width = self.int32.then(|| serde_json::Number::from(i32::MAX));
        tighter(self.constraints.maximum.clone(), width, false)
    }
}

/// The tighter of two bounds (`lower`: the larger; otherwise the smaller).
fn tighter(
    a: Option<serde_json::Number>,
    b: Option<serde_json::Number>,
    lower: bool,
) -> Option<serde_json::Number> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            let a_wins = if lower { x >= y } else { x <= y };
            Some(if a_wins { a } else { b })
        }
        (a, b) => a.or(b),
    }
}

fn tighter_count(a: Option<u64>, b: Option<u64>, lower: bool) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if lower { a.max(b) } else { a.min(b) }),
        (a, b) => a.or(b),
    }
}

/// `outer` (written where an alias is used) merged with `inner` (the alias's own).
fn merge(outer: &Constraints, inner: &Constraints) -> Constraints {
    Constraints {
        format: outer.format.or(inner.format),
        minimum: tighter(outer.minimum.clone(), inner.minimum.clone(), true),
        maximum: tighter(outer.maximum.clone(), inner.maximum.clone(), false),
        min_length: tighter_count(outer.min_length, inner.min_length, true),
        max_length: tighter_count(outer.max_length, inner.max_length, false),
        min_items: tighter_count(outer.min_items, inner.min_items, true),
        max_items: tighter_count(outer.max_items, inner.max_items, false),
        pattern: outer.pattern.clone().or_else(|| inner.pattern.clone()),
        const_value: outer
            .const_value
            .clone()
            .or_else(|| inner.const_value.clone()),
    }
}

/// Resolves a shape of `api`. An unknown name (only in a partial IR) resolves to `any`.
pub(crate) fn resolve<'a>(api: &'a ApiIr, shape: &'a Shape) -> Resolved<'a> {
    let mut constraints = shape.constraints.clone();
    let mut kind = &shape.kind;
    for _ in 0..MAX_ALIASES {
        let node = match kind {
            ShapeKind::String => Node::String,
            ShapeKind::Boolean => Node::Boolean,
            ShapeKind::Int32 => {
                return Resolved {
                    node: Node::Integer,
                    constraints,
                    int32: true,
                };
            }
            ShapeKind::Int64 => Node::Integer,
            ShapeKind::Number => Node::Number,
            ShapeKind::Any => Node::Any,
            ShapeKind::Array(items) => Node::Array(items),
            ShapeKind::Map(values) => Node::Map(values),
            ShapeKind::Named(name) => match api.ty(name).map(|t| (t, &t.kind)) {
                None => Node::Any,
                Some((_, TypeKind::Alias(inner))) => {
                    constraints = merge(&constraints, &inner.constraints);
                    kind = &inner.kind;
                    continue;
                }
                Some((t, TypeKind::Object(o))) => Node::Object(t, o),
                Some((t, TypeKind::Enum(e))) => Node::Enum(t, e),
                Some((t, TypeKind::Union(u))) => Node::Union(t, u),
                Some((t, TypeKind::OneOf(o))) => Node::OneOf(t, o),
            },
        };
        return Resolved {
            node,
            constraints,
            int32: false,
        };
    }
    Resolved {
        node: Node::Any,
        constraints,
        int32: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_merge_constraints_and_int32_is_a_bound() {
        let schemas = crate::load_str(
            "t.yaml",
            "api: { name: t, title: T, version: '1' }\n\
             types:\n  Short: { type: string, max_length: 10, format: email }\n\
             \x20 Shorter: { type: Short }\n\
             \x20 Small: { type: int32, minimum: 0 }\n",
        );
        assert!(
            !schemas.diagnostics.has_errors(),
            "{:?}",
            schemas.diagnostics
        );
        let api = &schemas.ir.apis[0];
        let shape = |name: &str| Shape {
            kind: ShapeKind::Named(name.into()),
            constraints: Constraints::default(),
            span: api.types[0].span,
        };
        let s = shape("Shorter");
        let r = resolve(api, &s);
        assert_eq!(r.node.label(), "string");
        assert_eq!(r.constraints.max_length, Some(10));
        assert_eq!(r.constraints.format, Some(crate::ir::Format::Email));
        let s = shape("Small");
        let r = resolve(api, &s);
        assert_eq!(r.node.label(), "integer");
        assert_eq!(r.effective_min(), Some(0.into()));
        assert_eq!(r.effective_max(), Some(i32::MAX.into()));
        let s = shape("Missing");
        assert_eq!(resolve(api, &s).node.label(), "any");
    }

    #[test]
    fn merging_keeps_the_tighter_bound_and_the_outer_format() {
        let outer = Constraints {
            max_length: Some(5),
            minimum: Some(1.into()),
            ..Constraints::default()
        };
        let inner = Constraints {
            max_length: Some(10),
            minimum: Some(3.into()),
            format: Some(crate::ir::Format::Uuid),
            ..Constraints::default()
        };
        let m = merge(&outer, &inner);
        assert_eq!(m.max_length, Some(5));
        assert_eq!(m.minimum, Some(3.into()));
        assert_eq!(m.format, Some(crate::ir::Format::Uuid));
    }
}
