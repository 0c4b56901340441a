//! Typed formats: which Rust type a `date-time`, `date` or `uuid` string becomes. A build picks
//! a date-time library (chrono, jiff, time, or plain `String`) and whether UUIDs are
//! `uuid::Uuid`; every other format stays an exact string checked by the validators.
//!
//! Whatever the choice, the wire text is validated by the same checks (in the structure phase,
//! see [`Format::is_structural`]), so a payload gets the same report with every library.

use crate::ir::{Format, Shape, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust types of `date-time` and `date` strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateTimeType {
    /// `chrono::DateTime<chrono::FixedOffset>` and `chrono::NaiveDate` (chrono's `serde`
    /// feature). The offset is kept as written.
    #[default]
    Chrono,
    /// `jiff::Timestamp` and `jiff::civil::Date` (jiff's `serde` feature). A timestamp is an
    /// instant: it serializes in UTC (`Z`), whatever offset it was read with.
    Jiff,
    /// `time::OffsetDateTime` and `time::Date` (time's `formatting` and `parsing` features),
    /// through the runtime's `time_rfc3339` adapter, since time's own serde format is not
    /// RFC 3339.
    Time,
    /// `String`: the text exactly as received, checked by the validators.
    String,
}

impl DateTimeType {
    /// Every choice with its command-line spelling.
    pub const ALL: &'static [(&'static str, DateTimeType)] = &[
        ("chrono", DateTimeType::Chrono),
        ("jiff", DateTimeType::Jiff),
        ("time", DateTimeType::Time),
        ("string", DateTimeType::String),
    ];
}

impl std::str::FromStr for DateTimeType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        DateTimeType::ALL
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                format!("unknown date-time type `{s}`: expected chrono, jiff, time or string")
            })
    }
}

/// The Rust type of `uuid` strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UuidType {
    /// `uuid::Uuid` (uuid's `serde` feature); it serializes in lowercase hyphenated form.
    #[default]
    Uuid,
    /// `String`: the text exactly as received, checked by the validators.
    String,
}

impl std::str::FromStr for UuidType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "uuid" => Ok(UuidType::Uuid),
            "string" => Ok(UuidType::String),
            other => Err(format!(
                "unknown uuid type `{other}`: expected uuid or string"
            )),
        }
    }
}

/// The typed-format choices of one build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TypedFormats {
    /// Dates and date-times.
    pub date_time: DateTimeType,
    /// UUIDs.
    pub uuid: UuidType,
}

impl TypedFormats {
    /// The Rust type of a shape whose format makes it typed in this build, `None` for a string
    /// kept as text.
    pub fn rust_type(&self, shape: &Shape) -> Option<TokenStream> {
        let format = shape.typed_format()?;
        match (format, self.date_time, self.uuid) {
            (Format::DateTime, DateTimeType::Chrono, _) => {
                Some(quote!(::chrono::DateTime<::chrono::FixedOffset>))
            }
            (Format::Date, DateTimeType::Chrono, _) => Some(quote!(::chrono::NaiveDate)),
            (Format::DateTime, DateTimeType::Jiff, _) => Some(quote!(::jiff::Timestamp)),
            (Format::Date, DateTimeType::Jiff, _) => Some(quote!(::jiff::civil::Date)),
            (Format::DateTime, DateTimeType::Time, _) => Some(quote!(::time::OffsetDateTime)),
            (Format::Date, DateTimeType::Time, _) => Some(quote!(::time::Date)),
            (Format::Uuid, _, UuidType::Uuid) => Some(quote!(::uuid::Uuid)),
            _ => None,
        }
    }

    /// Whether the shape is a typed value in this build (its format then needs no check on the
    /// typed value: the type cannot hold a malformed one).
    pub fn is_typed(&self, shape: &Shape) -> bool {
        self.rust_type(shape).is_some()
    }

    /// Whether the shape holds, at any depth of arrays and maps (not through named types,
    /// which carry their own attributes), a value serialized through the runtime's
    /// `time_rfc3339` adapter.
    pub fn needs_time_adapter(&self, shape: &Shape) -> bool {
        match &shape.kind {
            ShapeKind::Array(i) | ShapeKind::Map(i) => self.needs_time_adapter(i),
            _ => {
                self.date_time == DateTimeType::Time
                    && self.is_typed(shape)
                    && shape.typed_format() != Some(Format::Uuid)
            }
        }
    }

    /// Which crates the output needs: (chrono, jiff, time, uuid), for the shapes given.
    pub fn crates_used<'a>(&self, shapes: impl IntoIterator<Item = &'a Shape>) -> UsedCrates {
        let mut used = UsedCrates::default();
        for s in shapes {
            let mut stack = vec![s];
            while let Some(s) = stack.pop() {
                match &s.kind {
                    ShapeKind::Array(i) | ShapeKind::Map(i) => stack.push(i),
                    _ => match (s.typed_format(), self.rust_type(s).is_some()) {
                        (Some(Format::Uuid), true) => used.uuid = true,
                        (Some(_), true) => match self.date_time {
                            DateTimeType::Chrono => used.chrono = true,
                            DateTimeType::Jiff => used.jiff = true,
                            DateTimeType::Time => used.time = true,
                            DateTimeType::String => {}
                        },
                        _ => {}
                    },
                }
            }
        }
        used
    }
}

/// The date and UUID crates an output uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UsedCrates {
    /// `chrono`.
    pub chrono: bool,
    /// `jiff`.
    pub jiff: bool,
    /// `time`.
    pub time: bool,
    /// `uuid`.
    pub uuid: bool,
}

impl UsedCrates {
    /// Whether the crate named `name` is used.
    pub fn uses(&self, name: &str) -> bool {
        match name {
            "chrono" => self.chrono,
            "jiff" => self.jiff,
            "time" => self.time,
            "uuid" => self.uuid,
            _ => false,
        }
    }

    /// The names of the crates used, in a stable order.
    pub fn names(&self) -> Vec<&'static str> {
        ["chrono", "jiff", "time", "uuid"]
            .into_iter()
            .filter(|n| self.uses(n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Constraints;

    fn string(format: Format) -> Shape {
        Shape {
            kind: ShapeKind::String,
            constraints: Constraints {
                format: Some(format),
                ..Constraints::default()
            },
            span: crate::source::Span::new(crate::source::FileId(0), 0, 0),
        }
    }

    #[test]
    fn each_library_maps_dates_and_a_length_constraint_keeps_the_text() {
        for (name, lib) in DateTimeType::ALL {
            assert_eq!(name.parse::<DateTimeType>(), Ok(*lib));
            let f = TypedFormats {
                date_time: *lib,
                uuid: UuidType::Uuid,
            };
            assert_eq!(
                f.is_typed(&string(Format::DateTime)),
                *lib != DateTimeType::String
            );
            assert!(f.is_typed(&string(Format::Uuid)));
            assert!(!f.is_typed(&string(Format::Uri)));
            let mut bounded = string(Format::DateTime);
            bounded.constraints.max_length = Some(40);
            assert!(!f.is_typed(&bounded));
        }
        assert!("moment".parse::<DateTimeType>().is_err());
        assert_eq!("string".parse::<UuidType>(), Ok(UuidType::String));
    }

    #[test]
    fn only_time_needs_the_adapter_and_it_reaches_through_arrays() {
        let time = TypedFormats {
            date_time: DateTimeType::Time,
            uuid: UuidType::Uuid,
        };
        let list = Shape {
            kind: ShapeKind::Array(Box::new(string(Format::Date))),
            constraints: Constraints::default(),
            span: crate::source::Span::new(crate::source::FileId(0), 0, 0),
        };
        assert!(time.needs_time_adapter(&list));
        assert!(!time.needs_time_adapter(&string(Format::Uuid)));
        assert!(!TypedFormats::default().needs_time_adapter(&list));
        let used = time.crates_used([&list, &string(Format::Uuid)]);
        assert!(used.time && used.uuid && !used.chrono && !used.jiff);
    }
}
