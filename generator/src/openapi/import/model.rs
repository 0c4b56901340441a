//! The output model: the schema-language types, fields and type expressions the import
//! builds before the writer turns them into YAML.

use crate::openapi::doc::Doc;

/// A type expression of the schema language.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Expr {
    pub(super) name: String,
    pub(super) format: Option<&'static str>,
    pub(super) minimum: Option<serde_json::Number>,
    pub(super) maximum: Option<serde_json::Number>,
    pub(super) min_length: Option<u64>,
    pub(super) max_length: Option<u64>,
    pub(super) min_items: Option<u64>,
    pub(super) max_items: Option<u64>,
    pub(super) pattern: Option<String>,
    pub(super) const_value: Option<Doc>,
    pub(super) items: Option<Box<Expr>>,
    pub(super) values: Option<Box<Expr>>,
}

impl Expr {
    pub(super) fn of(name: &str) -> Expr {
        Expr {
            name: name.to_string(),
            ..Default::default()
        }
    }

    pub(super) fn any() -> Expr {
        Expr::of("any")
    }

    pub(super) fn is_bare(&self) -> bool {
        *self == Expr::of(&self.name)
    }
}

/// What a schema says besides its type (where a field can carry it).
#[derive(Debug, Clone, Default)]
pub(super) struct Annot {
    pub(super) nullable: bool,
    pub(super) description: Option<String>,
    pub(super) default: Option<Doc>,
    pub(super) example: Option<Doc>,
    pub(super) deprecated: bool,
    pub(super) read_only: bool,
    pub(super) write_only: bool,
    pub(super) since: Option<String>,
    pub(super) rust_name: Option<String>,
}

impl Annot {
    /// `self` (the outer schema) wins; flags combine.
    pub(super) fn over(mut self, inner: Annot) -> Annot {
        self.nullable |= inner.nullable;
        self.deprecated |= inner.deprecated;
        self.read_only |= inner.read_only;
        self.write_only |= inner.write_only;
        self.description = self.description.or(inner.description);
        self.default = self.default.or(inner.default);
        self.example = self.example.or(inner.example);
        self.since = self.since.or(inner.since);
        self.rust_name = self.rust_name.or(inner.rust_name);
        self
    }
}

#[derive(Debug, Clone)]
pub(super) struct FieldOut {
    pub(super) wire: String,
    pub(super) rust_name: Option<String>,
    pub(super) expr: Expr,
    pub(super) required: bool,
    pub(super) annot: Annot,
}

#[derive(Debug, Clone)]
pub(super) struct EnumValue {
    pub(super) wire: String,
    pub(super) rust_name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) deprecated: bool,
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
    Pending,
    Object {
        fields: Vec<FieldOut>,
        rules: Option<Doc>,
        /// `additionalProperties: false`.
        reject_unknown: bool,
    },
    Enum {
        values: Vec<EnumValue>,
        open: bool,
        default: Option<String>,
    },
    Union {
        tag: String,
        variants: Vec<(String, String)>,
    },
    OneOf {
        variants: Vec<(String, Expr)>,
    },
    Alias(Expr),
}

#[derive(Debug, Clone)]
pub(super) struct TypeOut {
    pub(super) name: String,
    pub(super) rust: String,
    pub(super) rust_override: Option<String>,
    pub(super) description: Option<String>,
    pub(super) deprecated: bool,
    pub(super) kind: Kind,
    pub(super) pointer: String,
    pub(super) parent: Option<usize>,
    pub(super) skip: bool,
}

#[derive(Debug, Clone)]
pub(super) enum Target {
    /// Defines the component's own type (by index).
    Component(usize),
    /// A new type, named from the hint, if one is needed.
    Inline(String),
}
