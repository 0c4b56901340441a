//! `schemagen diff`: what changes on the wire between two descriptions of one API, and whether a
//! client built from the OLD one still works against a server that behaves like the NEW one.
//!
//! Each side is a schema file or an OpenAPI 3.0/3.1 document ([`load`]). Operations are paired
//! by HTTP method and path template ([`operations`]), then compared structurally, because the
//! type names of a vendor's document and of a hand-written schema differ ([`compare`]). Every
//! difference gets a stable kind code, a JSON pointer and a [`Class`] ([`classify`]). An accept
//! file ([`accept`]) marks differences as known; [`semver`] says what the change means for the
//! generated crate, and [`render`] prints the result.
//!
//! ```no_run
//! use schemagen::diff::{self, DiffOptions};
//! let old = diff::load::load_side(std::path::Path::new("old.yaml"), &[]).expect("loads");
//! let new = diff::load::load_side(std::path::Path::new("new.yaml"), &[]).expect("loads");
//! let found = diff::compare_apis(old.api(), new.api(), &DiffOptions::default()).expect("ids");
//! for d in &found.differences {
//!     println!("{} {} {} {}", d.class, d.operation, d.pointer, d.kind);
//! }
//! ```

pub mod accept;
pub mod classify;
pub mod command;
pub mod compare;
pub mod load;
pub mod operations;
pub mod render;
mod resolve;
pub mod semver;

pub use command::{DiffArgs, DiffFormat};

use crate::ir::{ApiIr, Status};
use serde_json::Value;
use std::fmt;

/// How a difference affects a client built from OLD that talks to a server behaving like NEW.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// The client sends what the server rejects, or cannot decode what the server sends.
    Breaking,
    /// The client refuses (in its validators) what the server would accept or send, but
    /// everything it does send still works.
    Stricter,
    /// Nothing the client does stops working.
    Compatible,
}

impl Class {
    /// The lower-case name used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Stricter => "stricter",
            Class::Compatible => "compatible",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Which way data flows where a difference was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// The client sends it (request body, parameters): NEW must accept what OLD sends.
    Request,
    /// The server sends it (response bodies): OLD must decode what NEW sends.
    Response,
}

/// Where in an operation a difference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The operation itself (added or removed).
    Operation,
    /// Path, query and header parameters.
    Parameters,
    /// The request body.
    Request,
    /// The response of one status.
    Response(Status),
}

impl Part {
    /// The data flow of this part.
    pub fn direction(self) -> Direction {
        match self {
            Part::Operation | Part::Parameters | Part::Request => Direction::Request,
            Part::Response(_) => Direction::Response,
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::Operation => f.write_str("operation"),
            Part::Parameters => f.write_str("parameters"),
            Part::Request => f.write_str("request"),
            Part::Response(Status::Code(c)) => write!(f, "response {c}"),
            Part::Response(Status::Default) => f.write_str("response default"),
        }
    }
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// The kind of a difference; its [`Kind::code`] is stable and kebab-case.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($(#[$doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The stable code, e.g. `enum-value-removed`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Kind::$variant => $code,)*
                }
            }

            /// The kind with this code.
            pub fn from_code(code: &str) -> Option<Kind> {
                Kind::ALL.iter().copied().find(|k| k.code() == code)
            }
        }
    };
}

kinds! {
    /// NEW declares a field OLD does not.
    FieldAdded = "field-added",
    /// OLD declares a field NEW does not.
    FieldRemoved = "field-removed",
    /// An optional field or parameter became required.
    RequiredAdded = "required-added",
    /// A required field or parameter became optional.
    RequiredRemoved = "required-removed",
    /// A field may now be `null`.
    NullableAdded = "nullable-added",
    /// A field may no longer be `null`.
    NullableRemoved = "nullable-removed",
    /// The JSON type changed (string, boolean, integer, number, any, array, map, object, enum,
    /// union).
    TypeChanged = "type-changed",
    /// An enum gained a value (one difference per value).
    EnumValueAdded = "enum-value-added",
    /// An enum lost a value (one difference per value).
    EnumValueRemoved = "enum-value-removed",
    /// A closed enum became open (or a plain string).
    EnumOpened = "enum-opened",
    /// An open enum (or a plain string) became a closed enum.
    EnumClosed = "enum-closed",
    /// The string format changed, appeared or went away.
    FormatChanged = "format-changed",
    /// The inclusive lower bound changed (an `int32` counts as bounded by its range).
    MinimumChanged = "minimum-changed",
    /// The inclusive upper bound changed (an `int32` counts as bounded by its range).
    MaximumChanged = "maximum-changed",
    /// The minimum string length changed.
    MinLengthChanged = "min-length-changed",
    /// The maximum string length changed.
    MaxLengthChanged = "max-length-changed",
    /// The minimum item count changed.
    MinItemsChanged = "min-items-changed",
    /// The maximum item count changed.
    MaxItemsChanged = "max-items-changed",
    /// The regular expression changed, appeared or went away.
    PatternChanged = "pattern-changed",
    /// The only accepted value changed, appeared or went away.
    ConstChanged = "const-changed",
    /// A union gained a variant.
    VariantAdded = "variant-added",
    /// A union lost a variant.
    VariantRemoved = "variant-removed",
    /// An object now rejects members it does not declare.
    UnknownFieldsRejected = "unknown-fields-rejected",
    /// An object now ignores members it does not declare.
    UnknownFieldsAllowed = "unknown-fields-allowed",
    /// NEW has a body where OLD has none.
    BodyAdded = "body-added",
    /// OLD has a body where NEW has none.
    BodyRemoved = "body-removed",
    /// The request body became required or optional.
    BodyRequiredChanged = "body-required-changed",
    /// NEW declares a parameter OLD does not.
    ParameterAdded = "parameter-added",
    /// OLD declares a parameter NEW does not.
    ParameterRemoved = "parameter-removed",
    /// NEW declares a response status OLD does not.
    ResponseAdded = "response-added",
    /// OLD declares a response status NEW does not.
    ResponseRemoved = "response-removed",
    /// NEW has an operation OLD does not.
    OperationAdded = "operation-added",
    /// OLD has an operation NEW does not.
    OperationRemoved = "operation-removed",
    /// The operation became idempotent or stopped being so (the schema's `idempotent`, or the
    /// method's default).
    IdempotencyChanged = "idempotency-changed",
    /// An auth scheme the operation accepts changed how its self-signed JWT is made
    /// (declared or dropped, algorithm, claims, lifetime).
    SelfSignedChanged = "self-signed-changed",
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One difference between OLD and NEW.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// OLD's operation id (NEW's for an added operation).
    pub operation: String,
    /// NEW's operation id when it differs from OLD's.
    pub new_operation: Option<String>,
    /// Where in the operation.
    pub part: Part,
    /// RFC 6901 pointer into the body (`/*` for array items and map values), empty for the
    /// body root; `/path/NAME`, `/query/NAME` or `/header/NAME` for parameters.
    pub pointer: String,
    /// What changed.
    pub kind: Kind,
    /// How it affects an OLD client.
    pub class: Class,
    /// OLD's value (`null` when absent).
    pub old: Value,
    /// NEW's value (`null` when absent).
    pub new: Value,
    /// The reason from the accept file, when an entry accepts this difference.
    pub accepted: Option<String>,
}

impl Difference {
    /// The order of the output: operation, part, pointer, kind, then the values.
    pub fn sort_key(&self) -> (&str, Part, &str, Kind, String, String) {
        (
            &self.operation,
            self.part,
            &self.pointer,
            self.kind,
            self.old.to_string(),
            self.new.to_string(),
        )
    }
}

/// Which operations to compare and how to pair them.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Compare only these operations (ids of OLD, or of NEW when OLD has none by that name).
    pub operations: Vec<String>,
    /// Explicit pairs `(OLD id, NEW id)`; they win over matching by method and path.
    pub maps: Vec<(String, String)>,
}

/// An option that names something neither side has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// What is wrong, with a did-you-mean hint when one is close.
    pub message: String,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}

/// The result of comparing two APIs.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Every difference, sorted by [`Difference::sort_key`].
    pub differences: Vec<Difference>,
    /// The operation ids compared: OLD's ids of paired or removed operations and NEW's ids of
    /// added ones (accept entries about other operations are neither matched nor stale).
    pub compared: Vec<String>,
}

/// Compares two APIs operation by operation.
pub fn compare_apis(
    old: &ApiIr,
    new: &ApiIr,
    opts: &DiffOptions,
) -> Result<Comparison, UsageError> {
    let pairing = operations::pair(old, new, opts)?;
    let mut differences = operations::compare_pairing(old, new, &pairing);
    differences.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    differences.dedup();
    Ok(Comparison {
        differences,
        compared: pairing.compared_ids(),
    })
}

/// RFC 6901 escaping of one pointer token.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
