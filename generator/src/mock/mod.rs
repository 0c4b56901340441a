//! Mock servers: what a validating fake of an API needs to know, from the IR. Both ways in use
//! it, so that they serve the same API the same way:
//!
//! - the emitter (`emit/mock.rs`) writes it into each generated `mock` module, whose
//!   `MockServer` runs on the runtime's mock server (`schemagen_runtime::mock`) with the
//!   generated validators;
//! - `schemagen mock` ([`serve`], with the `mock-server` feature) builds the same description
//!   at run time and serves it on the same runtime server with the interpreted validators
//!   (`validate.rs`).
//!
//! [`example`] makes the default response bodies from the schema's examples and defaults.

pub mod example;
#[cfg(feature = "mock-server")]
pub mod serve;

use crate::ir::*;

/// How a parameter's text becomes the JSON value it is checked as (the runtime's
/// `mock::ParamKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A string as it is (strings, enums, and anything else).
    String,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
}

/// The kind of a parameter of `shape`, through aliases.
pub fn param_kind(api: &ApiIr, shape: &Shape) -> ParamKind {
    let mut shape = shape;
    // Aliases of aliases end: lowering refuses a type defined only by itself.
    for _ in 0..=api.types.len() {
        match &shape.kind {
            ShapeKind::Int32 | ShapeKind::Int64 => return ParamKind::Integer,
            ShapeKind::Number => return ParamKind::Number,
            ShapeKind::Boolean => return ParamKind::Boolean,
            ShapeKind::Named(n) => match api.ty(n).map(|t| &t.kind) {
                Some(TypeKind::Alias(s)) => shape = s,
                _ => return ParamKind::String,
            },
            _ => return ParamKind::String,
        }
    }
    ParamKind::String
}

/// The parameters a mock checks for `op`: its own (each once), then the headers the API
/// requires with every request (each once).
pub fn operation_params<'a>(api: &'a ApiIr, op: &'a OperationIr) -> Vec<&'a ParamIr> {
    let mut out: Vec<&ParamIr> = Vec::new();
    for p in op.params.iter().chain(&api.headers) {
        if !out
            .iter()
            .any(|q| q.wire_name == p.wire_name && q.location == p.location)
        {
            out.push(p);
        }
    }
    out
}

/// Whether a parameter must be sent (path parameters always).
pub fn param_required(p: &ParamIr) -> bool {
    p.required || p.location == ParamLocation::Path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_kinds_follow_aliases() {
        let s = crate::load_str(
            "t.yaml",
            "api: { name: t, title: T, version: \"1\" }
types:
  Count: { type: int32, minimum: 0 }
  Ids: { type: Count }
  Color: { enum: [red] }
operations:
  op:
    summary: s
    method: GET
    path: /x/{a}/{b}/{c}/{d}
    responses: { \"200\": { description: ok } }
    parameters:
      a: { in: path, type: Ids }
      b: { in: path, type: Color }
      c: { in: path, type: boolean }
      d: { in: path, type: number }
      e: { in: query, type: string }
",
        );
        assert!(
            !s.diagnostics.has_errors(),
            "{}",
            s.diagnostics.render(&s.sources)
        );
        let api = &s.ir.apis[0];
        let op = &api.operations[0];
        let kinds: Vec<ParamKind> = operation_params(api, op)
            .iter()
            .map(|p| param_kind(api, &p.shape))
            .collect();
        assert_eq!(
            kinds,
            [
                ParamKind::Integer,
                ParamKind::String,
                ParamKind::Boolean,
                ParamKind::Number,
                ParamKind::String
            ]
        );
        assert!(
            param_required(&op.params[0]),
            "path parameters are required"
        );
        assert!(!param_required(&op.params[4]));
    }
}
