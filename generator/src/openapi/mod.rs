//! OpenAPI 3: export the IR as an OpenAPI 3.0.3 document ([`export`]) and import an OpenAPI
//! 3.0/3.1 document into the schema language ([`import`]).
//!
//! The export keeps everything the schema language says: what OpenAPI cannot express goes into
//! `x-schemagen-*` extensions (listed in [`ext`]), which the import reads back, so that
//! export → import → lower gives the same IR. The import walks the document itself (an ordered
//! JSON tree, [`doc::Doc`]) rather than deserializing it into `openapiv3` types: real specs are
//! often slightly off (a wrong type in one operation, a dangling `$ref`) and 3.1 documents do not
//! fit the 3.0 types, and a walk can report each problem with a JSON pointer and carry on.

pub mod bundle;
pub mod doc;
pub mod export;
pub mod import;
pub mod subset;

pub use export::{Exported, export};
pub use import::{ImportDiagnostic, ImportOptions, Imported, SpecSyntax, import_text};

/// The extensions the export writes and the import reads.
pub mod ext {
    /// `info`: the schema's `api.name` (the generated module name).
    pub const NAME: &str = "x-schemagen-name";
    /// `info`: the API's default content types.
    pub const CONTENT_TYPES: &str = "x-schemagen-content-types";
    /// Schema, property or parameter: a Rust name override.
    pub const RUST_NAME: &str = "x-schemagen-rust-name";
    /// Object schema: the cross-field rules, in the schema language's syntax.
    pub const RULES: &str = "x-schemagen-rules";
    /// Property: the API version that introduced the field.
    pub const SINCE: &str = "x-schemagen-since";
    /// `oneOf` schema: the Rust variant names of an untagged union, in order.
    pub const VARIANTS: &str = "x-schemagen-variants";
    /// Single-value `enum`: a constant, not an enum type.
    pub const CONST: &str = "x-schemagen-const";
    /// Wrapper schema of a tagged union's variant: the variant's own type.
    pub const VARIANT_OF: &str = "x-schemagen-variant-of";
    /// Component parameter: a header the API sends with every operation.
    pub const API_HEADER: &str = "x-schemagen-api-header";
    /// API key scheme: the prefix before the key (`Authorization: AccessKey <key>`).
    pub const PREFIX: &str = "x-schemagen-prefix";
    /// Basic scheme: the key is the user name and the password is empty.
    pub const PASSWORD_EMPTY: &str = "x-schemagen-password-empty";
    /// Bearer scheme: the token is a JWT the client signs itself (`self_signed:`, in the
    /// schema language's syntax).
    pub const SELF_SIGNED: &str = "x-schemagen-self-signed";
    /// Operation: whether repeating the request is harmless, written when it differs from the
    /// method's default.
    pub const IDEMPOTENT: &str = "x-schemagen-idempotent";
    /// Response: added only because OpenAPI needs one; the schema documents none.
    pub const SYNTHETIC: &str = "x-schemagen-synthetic";
    /// Open enum (a plain string): the known values.
    pub const ENUM_KNOWN: &str = "x-enum-known";
    /// Another spelling of an open enum's known values used by some vendors.
    pub const EXTENSIBLE_ENUM: &str = "x-extensible-enum";
    /// Enum: Rust variant names, aligned with the values (as openapi-generator reads them).
    pub const ENUM_VARNAMES: &str = "x-enum-varnames";
    /// Enum: per-value descriptions, aligned with the values.
    pub const ENUM_DESCRIPTIONS: &str = "x-enum-descriptions";
    /// Enum: the deprecated values.
    pub const ENUM_DEPRECATED: &str = "x-enum-deprecated";
}

/// Patterns written beside formats that OpenAPI tools do not know.
pub mod patterns {
    /// `format: e164`: `+` and 2 to 15 digits, not starting with 0.
    pub const E164: &str = r"^\+[1-9][0-9]{1,14}$";
    /// `format: decimal`: a decimal number written as a string.
    pub const DECIMAL: &str = r"^-?[0-9]+(\.[0-9]+)?$";
}

/// The output syntax of an exported document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Pretty-printed JSON.
    Json,
    /// Block YAML.
    Yaml,
}

impl OutputFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Yaml => "yaml",
        }
    }
}

/// Renders an exported document.
pub fn render(e: &Exported, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => e.to_json(),
        OutputFormat::Yaml => e.to_yaml(),
    }
}
