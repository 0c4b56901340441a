//! The intermediate representation: resolved, checked, with wire and Rust names and the source
//! location of everything. Nothing after lowering looks at YAML again.

mod input_checks;
mod lower;

pub use lower::lower;

use crate::source::{FileId, Span};

/// Every API of one run, ordered by module name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ir {
    /// APIs by module name (sorted).
    pub apis: Vec<ApiIr>,
}

impl Ir {
    /// Whether any API declares a self-signed JWT (the generated clients then sign tokens).
    pub fn self_signs_jwt(&self) -> bool {
        self.apis.iter().any(ApiIr::self_signs_jwt)
    }

    /// The API with this module name.
    pub fn api(&self, name: &str) -> Option<&ApiIr> {
        self.apis.iter().find(|a| a.name == name)
    }
}

/// One vendor API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiIr {
    /// Module name (as written in `api.name`).
    pub name: String,
    /// Rust module identifier.
    pub module: String,
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// Description.
    pub description: Option<String>,
    /// Servers.
    pub servers: Vec<ServerIr>,
    /// Auth schemes.
    pub auth: Vec<AuthIr>,
    /// Headers sent with every operation.
    pub headers: Vec<ParamIr>,
    /// Default content types.
    pub content_types: Vec<String>,
    /// Named types in source order.
    pub types: Vec<TypeIr>,
    /// Operations in source order.
    pub operations: Vec<OperationIr>,
    /// The schema file.
    pub file: FileId,
}

impl ApiIr {
    /// Every shape the API writes down at the top level: fields, aliases, `one_of` variants,
    /// operation parameters and API headers (array items and map values are inside them).
    pub fn shapes(&self) -> Vec<&Shape> {
        let mut out = Vec::new();
        for t in &self.types {
            match &t.kind {
                TypeKind::Object(o) => out.extend(o.fields.iter().map(|f| &f.shape)),
                TypeKind::Alias(s) => out.push(s),
                TypeKind::OneOf(o) => out.extend(o.variants.iter().map(|v| &v.shape)),
                TypeKind::Enum(_) | TypeKind::Union(_) => {}
            }
        }
        for op in &self.operations {
            out.extend(op.params.iter().map(|p| &p.shape));
        }
        out.extend(self.headers.iter().map(|h| &h.shape));
        out
    }

    /// Whether an auth scheme of this API is a self-signed JWT.
    pub fn self_signs_jwt(&self) -> bool {
        self.auth.iter().any(|a| {
            matches!(
                &a.kind,
                AuthKind::Bearer {
                    self_signed: Some(_),
                    ..
                }
            )
        })
    }

    /// The named type with this schema name.
    pub fn ty(&self, name: &str) -> Option<&TypeIr> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The operation with this id.
    pub fn operation(&self, id: &str) -> Option<&OperationIr> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// The member names an object type accepts: its fields' wire names, then the tag of every
    /// tagged union that lists it as a variant (the tag travels in the same JSON object).
    /// Both payload validators take this list for `unknown_fields`.
    pub fn known_members<'a>(&'a self, t: &'a TypeIr) -> Vec<&'a str> {
        let mut known: Vec<&str> = match &t.kind {
            TypeKind::Object(o) => o.fields.iter().map(|f| f.wire_name.as_str()).collect(),
            _ => Vec::new(),
        };
        for u in &self.types {
            if let TypeKind::Union(un) = &u.kind {
                if un.variants.iter().any(|v| v.type_name == t.name)
                    && !known.contains(&un.tag.as_str())
                {
                    known.push(un.tag.as_str());
                }
            }
        }
        known
    }

    /// The names of the named types a request body can contain (reachable from some
    /// operation's request shape), in schema order. Objects among them that allow unknown
    /// members get a did-you-mean warning for a member one edit away from a field.
    pub fn request_types(&self) -> std::collections::BTreeSet<&str> {
        self.reachable_types(
            self.operations
                .iter()
                .filter_map(|o| o.request.as_ref().map(|r| &r.shape))
                .collect(),
        )
    }

    /// The names of the named types reachable from `roots`: through fields, items, map values,
    /// union variants, `one_of` alternatives and aliases, transitively.
    pub fn reachable_types<'a>(
        &'a self,
        roots: Vec<&'a Shape>,
    ) -> std::collections::BTreeSet<&'a str> {
        let index: std::collections::BTreeMap<&str, &TypeIr> =
            self.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = roots;
        while let Some(shape) = stack.pop() {
            match &shape.kind {
                ShapeKind::Array(s) | ShapeKind::Map(s) => stack.push(s),
                ShapeKind::Named(n) => {
                    let Some(t) = index.get(n.as_str()) else {
                        continue;
                    };
                    if !seen.insert(t.name.as_str()) {
                        continue;
                    }
                    match &t.kind {
                        TypeKind::Object(o) => stack.extend(o.fields.iter().map(|f| &f.shape)),
                        TypeKind::Union(u) => {
                            for v in &u.variants {
                                if let Some(vt) = index.get(v.type_name.as_str()) {
                                    if seen.insert(vt.name.as_str()) {
                                        if let TypeKind::Object(o) = &vt.kind {
                                            stack.extend(o.fields.iter().map(|f| &f.shape));
                                        }
                                    }
                                }
                            }
                        }
                        TypeKind::OneOf(o) => stack.extend(o.variants.iter().map(|v| &v.shape)),
                        TypeKind::Alias(s) => stack.push(s),
                        TypeKind::Enum(_) => {}
                    }
                }
                _ => {}
            }
        }
        seen
    }

    /// Keeps only the operations whose ids are in `ids`, and the named types they reach
    /// (parameters, API-wide headers, request and response bodies), in their order.
    pub fn retain_operations(&mut self, ids: &[String]) {
        self.operations.retain(|o| ids.contains(&o.id));
        let mut roots: Vec<&Shape> = self.headers.iter().map(|h| &h.shape).collect();
        for o in &self.operations {
            roots.extend(o.params.iter().map(|p| &p.shape));
            roots.extend(o.request.iter().map(|r| &r.shape));
            roots.extend(o.responses.iter().filter_map(|r| r.body.as_ref()));
        }
        let keep: std::collections::BTreeSet<String> = self
            .reachable_types(roots)
            .into_iter()
            .map(str::to_string)
            .collect();
        self.types.retain(|t| keep.contains(&t.name));
    }
}

/// A server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerIr {
    /// URL template.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// Variables.
    pub variables: Vec<ServerVariableIr>,
}

/// One server variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariableIr {
    /// Name in the URL.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Description.
    pub description: Option<String>,
    /// Default.
    pub default: Option<String>,
}

/// An auth scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthIr {
    /// Name.
    pub name: String,
    /// Rust name (UpperCamel).
    pub rust_name: String,
    /// The snake_case constructor of the client's `Auth` for this scheme.
    pub constructor: String,
    /// Kind.
    pub kind: AuthKind,
    /// Description.
    pub description: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// The kinds of auth, with their settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// e.g. `JWT`.
        bearer_format: Option<String>,
        /// The token is a JWT the client signs itself (`self_signed:`).
        self_signed: Option<SelfSignedJwt>,
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

/// A bearer token that is a JWT the client signs itself with the caller's private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfSignedJwt {
    /// The signing algorithm.
    pub algorithm: JwtAlgorithm,
    /// How long each token is valid, in seconds (at least 1).
    pub lifetime_seconds: u64,
    /// The claims the caller gives values for, in source order (the signer adds `iat`, `exp`
    /// and `jti`).
    pub claims: Vec<ClaimIr>,
    /// The client's struct of the claim values (`BearerJwtClaims`).
    pub claims_type: String,
    /// The `Auth` constructor that takes the private key and the claims (`bearer_jwt_signed`).
    pub constructor: String,
}

/// One claim of a self-signed JWT: a string the caller gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimIr {
    /// The claim name (`iss`).
    pub name: String,
    /// The field of the claims struct.
    pub rust_name: String,
    /// What its value is.
    pub description: Option<String>,
    /// Whether a value must be given (otherwise the field is an `Option`).
    pub required: bool,
    /// An example value.
    pub example: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// The JWT signing algorithms a self-signed token can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// RSASSA-PSS with SHA-384.
    Ps384,
    /// RSASSA-PSS with SHA-512.
    Ps512,
    /// ECDSA P-256 with SHA-256.
    Es256,
    /// ECDSA P-384 with SHA-384.
    Es384,
    /// Ed25519.
    EdDsa,
}

impl JwtAlgorithm {
    /// Every algorithm, in the order of `keys::JWT_ALGORITHMS`.
    pub const ALL: &'static [JwtAlgorithm] = &[
        JwtAlgorithm::Rs256,
        JwtAlgorithm::Rs384,
        JwtAlgorithm::Rs512,
        JwtAlgorithm::Ps256,
        JwtAlgorithm::Ps384,
        JwtAlgorithm::Ps512,
        JwtAlgorithm::Es256,
        JwtAlgorithm::Es384,
        JwtAlgorithm::EdDsa,
    ];

    /// The name in the schema and in a JWT header (`RS256`).
    pub fn as_str(self) -> &'static str {
        match self {
            JwtAlgorithm::Rs256 => "RS256",
            JwtAlgorithm::Rs384 => "RS384",
            JwtAlgorithm::Rs512 => "RS512",
            JwtAlgorithm::Ps256 => "PS256",
            JwtAlgorithm::Ps384 => "PS384",
            JwtAlgorithm::Ps512 => "PS512",
            JwtAlgorithm::Es256 => "ES256",
            JwtAlgorithm::Es384 => "ES384",
            JwtAlgorithm::EdDsa => "EdDSA",
        }
    }

    /// The algorithm named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.as_str() == name)
    }

    /// The name of the runtime's `JwtAlgorithm` variant (`Rs256`).
    pub fn variant(self) -> &'static str {
        match self {
            JwtAlgorithm::Rs256 => "Rs256",
            JwtAlgorithm::Rs384 => "Rs384",
            JwtAlgorithm::Rs512 => "Rs512",
            JwtAlgorithm::Ps256 => "Ps256",
            JwtAlgorithm::Ps384 => "Ps384",
            JwtAlgorithm::Ps512 => "Ps512",
            JwtAlgorithm::Es256 => "Es256",
            JwtAlgorithm::Es384 => "Es384",
            JwtAlgorithm::EdDsa => "EdDsa",
        }
    }
}

/// The built-in kinds a shape can have.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// JSON string.
    String,
    /// JSON boolean.
    Boolean,
    /// 32-bit integer.
    Int32,
    /// 64-bit integer.
    Int64,
    /// Any number.
    Number,
    /// Any JSON.
    Any,
    /// Array of shapes.
    Array(Box<Shape>),
    /// Map of string to shapes.
    Map(Box<Shape>),
    /// A named type, by schema name.
    Named(String),
}

/// String formats with meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// RFC 3339 date-time.
    DateTime,
    /// RFC 3339 full-date.
    Date,
    /// UUID.
    Uuid,
    /// Absolute URI.
    Uri,
    /// E-mail address.
    Email,
    /// E.164 phone number.
    E164,
    /// Decimal in a string.
    DecimalString,
    /// JSON object in a string.
    JsonString,
}

impl Format {
    /// Every format, with its schema spelling.
    pub const ALL: &'static [(&'static str, Format)] = &[
        ("date-time", Format::DateTime),
        ("date", Format::Date),
        ("uuid", Format::Uuid),
        ("uri", Format::Uri),
        ("email", Format::Email),
        ("e164", Format::E164),
        ("decimal-string", Format::DecimalString),
        ("json-string", Format::JsonString),
    ];

    /// The schema spelling.
    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }

    /// The runtime check function's name.
    pub fn check_fn(self) -> &'static str {
        match self {
            Format::DateTime => "is_date_time",
            Format::Date => "is_date",
            Format::Uuid => "is_uuid",
            Format::Uri => "is_uri",
            Format::Email => "is_email",
            Format::E164 => "is_e164",
            Format::DecimalString => "is_decimal_string",
            Format::JsonString => "is_json_object_string",
        }
    }

    /// Words for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::DateTime => "an RFC 3339 date-time",
            Format::Date => "an RFC 3339 date",
            Format::Uuid => "a UUID",
            Format::Uri => "an absolute URI",
            Format::Email => "an e-mail address",
            Format::E164 => "an E.164 phone number (`+` and 2 to 15 digits)",
            Format::DecimalString => "a decimal number written as a string",
            Format::JsonString => "a string holding a JSON object",
        }
    }

    /// Whether the format is checked with the structure (phase 1 of payload validation) rather
    /// than with the constraints (phase 2). These are the formats a build may map to a typed
    /// value (a date-time type, `uuid::Uuid`): typed deserialization cannot start until every
    /// malformed value has been reported with its pointer, so the structure check reports them,
    /// whatever Rust type the build chose.
    pub fn is_structural(self) -> bool {
        matches!(self, Format::DateTime | Format::Date | Format::Uuid)
    }
}

/// Constraints on a shape.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// String format.
    pub format: Option<Format>,
    /// Inclusive lower bound.
    pub minimum: Option<serde_json::Number>,
    /// Inclusive upper bound.
    pub maximum: Option<serde_json::Number>,
    /// Minimum characters.
    pub min_length: Option<u64>,
    /// Maximum characters.
    pub max_length: Option<u64>,
    /// Minimum items.
    pub min_items: Option<u64>,
    /// Maximum items.
    pub max_items: Option<u64>,
    /// Regex.
    pub pattern: Option<String>,
    /// The only accepted value.
    pub const_value: Option<serde_json::Value>,
}

impl Constraints {
    /// True when there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A resolved type expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// What it is.
    pub kind: ShapeKind,
    /// What it must satisfy.
    pub constraints: Constraints,
    /// Where it was written.
    pub span: Span,
}

impl Shape {
    /// The format that decides this shape's Rust type when the build types it: a string with a
    /// structural format ([`Format::is_structural`]) and no other string constraint. A length,
    /// `pattern` or `const` constraint needs the text itself, so such a string stays a string.
    pub fn typed_format(&self) -> Option<Format> {
        let Constraints {
            format,
            min_length,
            max_length,
            pattern,
            const_value,
            // Not string constraints.
            minimum: _,
            maximum: _,
            min_items: _,
            max_items: _,
        } = &self.constraints;
        match (&self.kind, format) {
            (ShapeKind::String, Some(f))
                if f.is_structural()
                    && min_length.is_none()
                    && max_length.is_none()
                    && pattern.is_none()
                    && const_value.is_none() =>
            {
                Some(*f)
            }
            _ => None,
        }
    }

    /// A short name of the shape's type for messages: `string`, `array of CallFlowCommand`.
    pub fn type_name(&self) -> String {
        match &self.kind {
            ShapeKind::String => "string".into(),
            ShapeKind::Boolean => "boolean".into(),
            ShapeKind::Int32 => "int32".into(),
            ShapeKind::Int64 => "int64".into(),
            ShapeKind::Number => "number".into(),
            ShapeKind::Any => "any".into(),
            ShapeKind::Array(i) => format!("array of {}", i.type_name()),
            ShapeKind::Map(v) => format!("map of {}", v.type_name()),
            ShapeKind::Named(n) => n.clone(),
        }
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeIr {
    /// Schema name.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Description.
    pub description: Option<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// Kind.
    pub kind: TypeKind,
    /// Where it is defined.
    pub span: Span,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object.
    Object(ObjectIr),
    /// An enum.
    Enum(EnumIr),
    /// A tagged union.
    Union(UnionIr),
    /// An untagged union.
    OneOf(OneOfIr),
    /// An alias.
    Alias(Shape),
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObjectIr {
    /// Fields.
    pub fields: Vec<FieldIr>,
    /// Rules.
    pub rules: Vec<RuleIr>,
    /// Members the object does not declare are an error (`unknown_fields: reject`); otherwise
    /// they are ignored.
    pub reject_unknown: bool,
}

/// A field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldIr {
    /// Wire name.
    pub wire_name: String,
    /// Rust name.
    pub rust_name: String,
    /// Type.
    pub shape: Shape,
    /// Must be present.
    pub required: bool,
    /// May be null.
    pub nullable: bool,
    /// Description.
    pub description: Option<String>,
    /// Default.
    pub default: Option<serde_json::Value>,
    /// Example.
    pub example: Option<serde_json::Value>,
    /// Deprecated.
    pub deprecated: bool,
    /// Only in responses.
    pub read_only: bool,
    /// Only in requests.
    pub write_only: bool,
    /// Version introduced.
    pub since: Option<String>,
    /// Where it is.
    pub span: Span,
}

/// How a field is represented, from requiredness and nullability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>`, always serialized.
    RequiredNullable,
    /// Optional, not nullable: `Option<T>`, skipped when `None`.
    Optional,
    /// Optional and nullable: `Nullable<T>`, three states.
    OptionalNullable,
}

impl FieldIr {
    /// The field's presence class.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// An enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumIr {
    /// Values.
    pub values: Vec<EnumValueIr>,
    /// Keeps unknown values.
    pub open: bool,
    /// Default.
    pub default: Option<String>,
}

/// An enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueIr {
    /// Wire value.
    pub wire: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Description.
    pub description: Option<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// Where it is.
    pub span: Span,
}

/// A tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionIr {
    /// Tag field wire name.
    pub tag: String,
    /// Variants.
    pub variants: Vec<UnionVariantIr>,
}

/// A variant of a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariantIr {
    /// Tag value.
    pub tag_value: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Object type's schema name.
    pub type_name: String,
    /// Where it is.
    pub span: Span,
}

/// An untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfIr {
    /// Variants, tried in order.
    pub variants: Vec<OneOfVariantIr>,
}

/// A variant of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariantIr {
    /// Name as written.
    pub name: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Its shape.
    pub shape: Shape,
}

/// A cross-field rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleIr {
    /// What it says.
    pub kind: RuleKindIr,
    /// Warning rather than error.
    pub warning: bool,
    /// Stable code.
    pub code: String,
    /// Message.
    pub message: String,
    /// Where it is.
    pub span: Span,
}

/// Rule kinds, with fields by index into the object's fields.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKindIr {
    /// Fields must be absent when the condition holds.
    Forbidden {
        /// Field indexes.
        fields: Vec<usize>,
        /// Condition.
        when: ConditionIr,
    },
    /// Fields must be present when the condition holds.
    Required {
        /// Field indexes.
        fields: Vec<usize>,
        /// Condition.
        when: ConditionIr,
    },
    /// Both present: `winner` wins over `over`.
    Precedence {
        /// Field index of the winner.
        winner: usize,
        /// Field index of the loser.
        over: usize,
    },
}

/// The condition of a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionIr {
    /// Field index.
    pub field: usize,
    /// Test.
    pub test: ConditionTestIr,
}

/// What a condition tests.
#[derive(Debug, Clone, PartialEq)]
pub enum ConditionTestIr {
    /// Equal to one of these values.
    OneOf(Vec<serde_json::Value>),
    /// Present or absent (a `null` counts as present).
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

/// A parameter or header.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamIr {
    /// Wire name.
    pub wire_name: String,
    /// Rust name.
    pub rust_name: String,
    /// The name of the client method's argument (an operation's parameter) or of the client
    /// `Config` field (an API-wide header): the Rust name, kept clear of the generated code's
    /// own locals and fields.
    pub arg_name: String,
    /// The constant holding the header's name (API-wide headers).
    pub const_name: String,
    /// Location.
    pub location: ParamLocation,
    /// Type.
    pub shape: Shape,
    /// Required.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// Example.
    pub example: Option<serde_json::Value>,
    /// Where it is.
    pub span: Span,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether an operation with this method is idempotent unless its schema says otherwise:
    /// GET, PUT and DELETE are (RFC 9110), POST and PATCH are not.
    pub fn idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// A parameter, by index into the operation's parameters.
    Param(usize),
}

/// A response status key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// A code.
    Code(u16),
    /// `default`.
    Default,
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationIr {
    /// Operation id.
    pub id: String,
    /// Rust method name.
    pub rust_name: String,
    /// The client's `{Op}Response` enum name.
    pub response_type: String,
    /// The client's `{Op}Error` enum name.
    pub error_type: String,
    /// Summary.
    pub summary: String,
    /// Description.
    pub description: Option<String>,
    /// Method.
    pub method: Method,
    /// Path template as written.
    pub path: String,
    /// Parsed path template.
    pub segments: Vec<PathSegment>,
    /// Auth scheme names accepted.
    pub auth: Vec<String>,
    /// Parameters.
    pub params: Vec<ParamIr>,
    /// Request body.
    pub request: Option<RequestIr>,
    /// Responses, sorted by status.
    pub responses: Vec<ResponseIr>,
    /// Deprecated.
    pub deprecated: bool,
    /// Whether repeating the request is harmless: the schema's `idempotent`, or the method's
    /// default ([`Method::idempotent`]). Retries of failures after sending depend on it.
    pub idempotent: bool,
    /// Where it is.
    pub span: Span,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestIr {
    /// Body type.
    pub shape: Shape,
    /// Must be sent.
    pub required: bool,
    /// Content types.
    pub content_types: Vec<String>,
}

/// A response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseIr {
    /// Status.
    pub status: Status,
    /// Description.
    pub description: String,
    /// Body type.
    pub body: Option<Shape>,
    /// Content types.
    pub content_types: Vec<String>,
}
