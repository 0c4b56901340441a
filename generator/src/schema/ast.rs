//! The input syntax tree: what a schema file says, with spans, before any resolution.

use crate::source::Span;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its location.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a value.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A whole schema file.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaFile {
    /// The span of the whole document.
    pub span: Span,
    /// The `api:` section.
    pub api: Api,
    /// The `types:` section, in source order.
    pub types: Vec<TypeDef>,
    /// The `operations:` section, in source order.
    pub operations: Vec<Operation>,
}

/// The `api:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Module name.
    pub name: Spanned<String>,
    /// Human title.
    pub title: String,
    /// API version.
    pub version: String,
    /// Description.
    pub description: Option<String>,
    /// Servers.
    pub servers: Vec<Server>,
    /// Auth schemes by name.
    pub auth: Vec<AuthScheme>,
    /// Names of auth schemes that are declared but did not decode (their error is reported
    /// where they are declared), so that references to them are not reported again.
    pub undecoded_auth: Vec<String>,
    /// Headers sent with every operation.
    pub headers: Vec<Param>,
    /// Content types; empty means `application/json`.
    pub content_types: Vec<Spanned<String>>,
    /// Where the section is.
    pub span: Span,
}

/// One server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// URL template, e.g. `https://{MyDomain}.example.com`.
    pub url: Spanned<String>,
    /// Description.
    pub description: Option<String>,
    /// Variables used in the URL.
    pub variables: Vec<ServerVariable>,
}

/// One variable of a server URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Name as in the URL.
    pub name: Spanned<String>,
    /// Description.
    pub description: Option<String>,
    /// Default value.
    pub default: Option<String>,
}

/// One auth scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// Name, used by `operations.*.auth`.
    pub name: Spanned<String>,
    /// Kind and its settings.
    pub kind: AuthKind,
    /// Description.
    pub description: Option<String>,
}

/// The kinds of auth.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// e.g. `JWT`.
        bearer_format: Option<String>,
        /// The token is a JWT the client signs itself.
        self_signed: Option<SelfSigned>,
    },
    /// `Authorization: Basic base64(user:password)`.
    Basic {
        /// The key is the user name and the password is empty.
        password_empty: bool,
    },
    /// `<header>: <prefix> <token>`.
    ApiKey {
        /// Header name.
        header: String,
        /// Prefix before the token.
        prefix: Option<String>,
    },
}

/// A self-signed JWT: how the client signs its own bearer tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfSigned {
    /// The signing algorithm (one of `keys::JWT_ALGORITHMS`).
    pub algorithm: Spanned<String>,
    /// How long each token is valid, in seconds.
    pub lifetime_seconds: Spanned<u64>,
    /// The claims the caller gives values for, in source order.
    pub claims: Vec<Claim>,
}

/// One claim of a self-signed JWT.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The claim name (`iss`).
    pub name: Spanned<String>,
    /// What its value is.
    pub description: Option<String>,
    /// Whether a value must be given (default `true`).
    pub required: bool,
    /// An example value.
    pub example: Option<String>,
    /// Rust name override of its field.
    pub rust_name: Option<Spanned<String>>,
}

/// A type expression: a name plus attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    /// Built-in or named type.
    pub name: Spanned<String>,
    /// Constraints and formats.
    pub attrs: Attrs,
    /// Where the expression is.
    pub span: Span,
}

/// Constraint attributes of a type expression.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attrs {
    /// `format:`.
    pub format: Option<Spanned<String>>,
    /// `minimum:`.
    pub minimum: Option<Spanned<serde_json::Number>>,
    /// `maximum:`.
    pub maximum: Option<Spanned<serde_json::Number>>,
    /// `min_length:`.
    pub min_length: Option<Spanned<u64>>,
    /// `max_length:`.
    pub max_length: Option<Spanned<u64>>,
    /// `min_items:`.
    pub min_items: Option<Spanned<u64>>,
    /// `max_items:`.
    pub max_items: Option<Spanned<u64>>,
    /// `pattern:`.
    pub pattern: Option<Spanned<String>>,
    /// `const:`.
    pub const_value: Option<Spanned<serde_json::Value>>,
    /// `items:`.
    pub items: Option<Box<TypeExpr>>,
    /// `values:`.
    pub values: Option<Box<TypeExpr>>,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Name.
    pub name: Spanned<String>,
    /// Description.
    pub description: Option<String>,
    /// Rust name override.
    pub rust_name: Option<Spanned<String>>,
    /// Deprecated.
    pub deprecated: bool,
    /// What kind of type.
    pub kind: TypeDefKind,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDefKind {
    /// `fields:`.
    Object {
        /// Fields in source order.
        fields: Vec<Field>,
        /// Cross-field rules.
        rules: Vec<Rule>,
        /// `unknown_fields: reject` (default: allowed).
        reject_unknown: Option<Spanned<bool>>,
    },
    /// `enum:`.
    Enum {
        /// Values in source order.
        values: Vec<EnumValue>,
        /// Keeps unknown values.
        open: bool,
        /// Default value.
        default: Option<Spanned<String>>,
    },
    /// `union:`.
    Union {
        /// Tag field.
        tag: Spanned<String>,
        /// Tag value → object type name.
        variants: Vec<(Spanned<String>, Spanned<String>)>,
    },
    /// `one_of:`.
    OneOf {
        /// Rust variant name → type.
        variants: Vec<(Spanned<String>, TypeExpr)>,
    },
    /// `type:` alias.
    Alias(Box<TypeExpr>),
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name.
    pub name: Spanned<String>,
    /// Type.
    pub ty: TypeExpr,
    /// Must be present.
    pub required: bool,
    /// May be null.
    pub nullable: bool,
    /// Description.
    pub description: Option<String>,
    /// Default value.
    pub default: Option<Spanned<serde_json::Value>>,
    /// Example value.
    pub example: Option<serde_json::Value>,
    /// Deprecated.
    pub deprecated: bool,
    /// Only in responses.
    pub read_only: bool,
    /// Only in requests.
    pub write_only: bool,
    /// Rust name override.
    pub rust_name: Option<Spanned<String>>,
    /// API version that introduced it.
    pub since: Option<String>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// Wire value.
    pub value: Spanned<String>,
    /// Description.
    pub description: Option<String>,
    /// Rust name override.
    pub rust_name: Option<Spanned<String>>,
    /// Deprecated.
    pub deprecated: bool,
}

/// A cross-field rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// What it says.
    pub kind: RuleKind,
    /// Warning instead of error.
    pub warning: bool,
    /// Stable code.
    pub code: Option<Spanned<String>>,
    /// Message for users.
    pub message: Option<String>,
    /// Where it is.
    pub span: Span,
}

/// The kinds of rules.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// Fields that must be absent when the condition holds.
    Forbidden {
        /// Fields.
        fields: Vec<Spanned<String>>,
        /// Condition.
        when: Condition,
    },
    /// Fields that must be present when the condition holds.
    Required {
        /// Fields.
        fields: Vec<Spanned<String>>,
        /// Condition.
        when: Condition,
    },
    /// When both are present, `winner` is used and `over` ignored.
    Precedence {
        /// The field that wins.
        winner: Spanned<String>,
        /// The field that is ignored.
        over: Spanned<String>,
    },
}

/// The condition of a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Field tested.
    pub field: Spanned<String>,
    /// Test.
    pub test: ConditionTest,
}

/// What a condition tests.
#[derive(Debug, Clone, PartialEq)]
pub enum ConditionTest {
    /// Equal to the value.
    Equals(Spanned<serde_json::Value>),
    /// Equal to one of the values.
    OneOf(Vec<Spanned<serde_json::Value>>),
    /// Present (true) or absent (false).
    Present(bool),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// A parameter (or an API-wide header).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Wire name.
    pub name: Spanned<String>,
    /// Location.
    pub location: ParamLocation,
    /// Type.
    pub ty: TypeExpr,
    /// Must be given.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// Example.
    pub example: Option<serde_json::Value>,
    /// Rust name override.
    pub rust_name: Option<Spanned<String>>,
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Operation id.
    pub id: Spanned<String>,
    /// One-line summary.
    pub summary: String,
    /// Description.
    pub description: Option<String>,
    /// HTTP method.
    pub method: Spanned<String>,
    /// Path template.
    pub path: Spanned<String>,
    /// Auth scheme names; `None` means all.
    pub auth: Option<Vec<Spanned<String>>>,
    /// Parameters.
    pub parameters: Vec<Param>,
    /// Request body.
    pub request: Option<RequestBody>,
    /// Responses by status key.
    pub responses: Vec<(Spanned<String>, ResponseDef)>,
    /// Deprecated.
    pub deprecated: bool,
    /// Whether repeating the request is harmless; `None`: the method's default.
    pub idempotent: Option<bool>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Body type.
    pub body: TypeExpr,
    /// Must be sent.
    pub required: bool,
    /// Content types; empty means the API's.
    pub content_types: Vec<Spanned<String>>,
}

/// A response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseDef {
    /// Description.
    pub description: String,
    /// Body type, if documented.
    pub body: Option<TypeExpr>,
    /// Content types; empty means the API's.
    pub content_types: Vec<Spanned<String>>,
}
