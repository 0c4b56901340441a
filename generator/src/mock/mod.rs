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

/// The path of the API's default (first) server URL, without a trailing `/`: `/telephony/v1`
/// for `https://{MyDomain}.my.salesforce-scrt.com/telephony/v1`; empty when the URL has no
/// path or the API no server. Server variables in the path stay as `{name}`; the mock matches
/// any one segment there.
pub fn base_path(api: &ApiIr) -> String {
    let Some(server) = api.servers.first() else {
        return String::new();
    };
    let url = server.url.as_str();
    let url = url.split(['?', '#']).next().unwrap_or("");
    let path = match url.split_once("://") {
        Some((_, after_scheme)) => after_scheme.find('/').map_or("", |i| &after_scheme[i..]),
        // A relative server URL (`/v1`) is all path.
        None => url,
    };
    if !path.starts_with('/') {
        return String::new();
    }
    // The runtime matches literal segments and whole-segment variables (`/{version}`). The
    // prefix stops before the first segment it could not match (`/v{n}`, an empty segment), so
    // that every server URL gives a prefix the mock accepts, at worst a shorter one.
    let mut prefix = String::new();
    for segment in path.trim_end_matches('/').split('/').skip(1) {
        let whole_variable = segment.len() > 2
            && segment.starts_with('{')
            && segment.ends_with('}')
            && !segment[1..segment.len() - 1].contains(['{', '}']);
        if segment.is_empty() || (segment.contains(['{', '}']) && !whole_variable) {
            break;
        }
        prefix.push('/');
        prefix.push_str(segment);
    }
    prefix
}

/// A field of a form body and how its text becomes JSON (the runtime's `mock::FormField`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// The wire name.
    pub name: String,
    /// The kind of its value (of each item, for an array).
    pub kind: ParamKind,
    /// Whether it is an array (each occurrence of the key an item).
    pub list: bool,
}

/// The fields through which a mock reads a form body of `shape`: the fields of the object type
/// it names (through aliases); `None` when it is not an object type, so that form bodies of it
/// are not checked. Fields of object, map or `any` type are read as text, which the body check
/// then refuses unless the type is `any`.
pub fn form_fields(api: &ApiIr, shape: &Shape) -> Option<Vec<FormField>> {
    let object = match &resolve(api, shape).kind {
        ShapeKind::Named(n) => match api.ty(n).map(|t| &t.kind) {
            Some(TypeKind::Object(o)) => o,
            _ => return None,
        },
        _ => return None,
    };
    Some(
        object
            .fields
            .iter()
            .map(|f| match &resolve(api, &f.shape).kind {
                ShapeKind::Array(items) => FormField {
                    name: f.wire_name.clone(),
                    kind: param_kind(api, items),
                    list: true,
                },
                _ => FormField {
                    name: f.wire_name.clone(),
                    kind: param_kind(api, &f.shape),
                    list: false,
                },
            })
            .collect(),
    )
}

/// The content type of form bodies, which a mock decodes and checks when the body type is an
/// object type ([`form_fields`]).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Whether a mock reads a body of `request` sent as `content_type` (and so checks it and
/// types it): JSON (`application/json`, `*/*+json`), or a form of an object type. The runtime
/// decides the same way (`BodySpec::unchecked_content_types`); bodies of other content types are
/// accepted without a check.
pub fn reads_body(api: &ApiIr, request: &RequestIr, content_type: &str) -> bool {
    let c = content_type.trim().to_ascii_lowercase();
    c == "application/json"
        || c.ends_with("+json")
        || (c == FORM_CONTENT_TYPE && form_fields(api, &request.shape).is_some())
}

/// The form fields a mock reads a body of `request` through: [`form_fields`] when the request
/// documents form bodies, else `None` (nothing to read).
pub fn request_form_fields(api: &ApiIr, request: &RequestIr) -> Option<Vec<FormField>> {
    request
        .content_types
        .iter()
        .any(|c| c.trim().eq_ignore_ascii_case(FORM_CONTENT_TYPE))
        .then(|| form_fields(api, &request.shape))
        .flatten()
}

/// `shape` through aliases: the first shape that is not a named alias.
fn resolve<'a>(api: &'a ApiIr, shape: &'a Shape) -> &'a Shape {
    let mut shape = shape;
    // Aliases of aliases end: lowering refuses a type defined only by itself.
    for _ in 0..=api.types.len() {
        match &shape.kind {
            ShapeKind::Named(n) => match api.ty(n).map(|t| &t.kind) {
                Some(TypeKind::Alias(s)) => shape = s,
                _ => return shape,
            },
            _ => return shape,
        }
    }
    shape
}

/// Whether a parameter must be sent (path parameters always).
pub fn param_required(p: &ParamIr) -> bool {
    p.required || p.location == ParamLocation::Path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_path_is_the_path_of_the_first_server_url() {
        let with = |url: &str| {
            // Declare exactly the variables the URL uses.
            let vars: Vec<String> = ["host", "v"]
                .iter()
                .filter(|v| url.contains(&format!("{{{v}}}")))
                .map(|v| format!("{v}: {{ default: x }}"))
                .collect();
            let variables = if vars.is_empty() {
                String::new()
            } else {
                format!("\n      variables: {{ {} }}", vars.join(", "))
            };
            let text = format!(
                "api:\n  name: t\n  title: T\n  version: \"1\"\n  servers:\n    - url: \"{url}\"{variables}\n"
            );
            let s = crate::load_str("t.yaml", &text);
            assert!(
                !s.diagnostics.has_errors(),
                "{url}: {}",
                s.diagnostics.render(&s.sources)
            );
            base_path(&s.ir.apis[0])
        };
        assert_eq!(
            with("https://{host}.example.com/telephony/v1"),
            "/telephony/v1"
        );
        assert_eq!(with("https://{host}.example.com/api/{v}/"), "/api/{v}");
        assert_eq!(with("https://{host}.example.com"), "");
        assert_eq!(with("https://{host}.example.com/?q={v}"), "");
        assert_eq!(with("/{v}/rest"), "/{v}/rest");
        // Up to a segment the mock could not match: a variable inside a segment, or an empty one.
        assert_eq!(with("https://{host}.example.com/api/v{v}/calls"), "/api");
        assert_eq!(with("https://{host}.example.com/api//calls"), "/api");
    }

    #[test]
    fn form_fields_are_the_body_type_fields() {
        let s = crate::load_str(
            "t.yaml",
            "api: { name: t, title: T, version: \"1\" }
types:
  Tags: { type: array, items: string }
  Form:
    fields:
      n: { type: int32 }
      ok: { type: boolean }
      tags: { type: Tags }
      note: { type: string }
  Same: { type: Form }
operations:
  op:
    summary: s
    method: POST
    path: /x
    request: { body: Same, content_types: [application/x-www-form-urlencoded] }
    responses: { \"200\": { description: ok } }
",
        );
        assert!(
            !s.diagnostics.has_errors(),
            "{}",
            s.diagnostics.render(&s.sources)
        );
        let api = &s.ir.apis[0];
        let body = &api.operations[0].request.as_ref().expect("a body").shape;
        let fields = form_fields(api, body).expect("an object type");
        let seen: Vec<(&str, ParamKind, bool)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.kind, f.list))
            .collect();
        assert_eq!(
            seen,
            [
                ("n", ParamKind::Integer, false),
                ("ok", ParamKind::Boolean, false),
                ("tags", ParamKind::String, true),
                ("note", ParamKind::String, false),
            ]
        );
        let tags = &api.ty("Tags").expect("Tags");
        if let TypeKind::Alias(shape) = &tags.kind {
            assert_eq!(form_fields(api, shape), None, "an array is no form");
        } else {
            panic!("Tags is an alias");
        }
    }

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
