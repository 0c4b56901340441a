//! Emitters: IR → Rust token streams → formatted files. One submodule per artifact, one
//! function per item kind. Output is collected in an ordered map keyed by path, so it never
//! depends on discovery order.
//!
//! - [`emit`] (here): the runtime files, every API file on all cores, then `lib.rs`.
//! - `api`: one API file, its items in output order; `crate_root`: `lib.rs`.
//! - `model`: the API's constants and one item per named type; `validate`: `Validate` impls;
//!   `json_check`: `check_json`; `scan`: the single-pass validators (`runtime::scan::Scan`)
//!   and the API's `validate_payload`, `validate_payload_bytes`, `validate_payload_str`;
//!   `client`: the `client` module; `mock`: the `mock` module (a `MockServer` per API) and its
//!   parameter checks.
//! - `cx`: the context every emitter gets; `analysis`: facts about an API several emitters
//!   need; `docs`: doc-comment text; `format`: syn + prettyplease.
//!
//! Item emitters destructure the IR structs they read without `..`, so that a new IR field
//! does not compile until each of them decides what to do with it; every Rust name of a schema
//! item comes from the IR (lowering makes them and checks them for collisions).

mod analysis;
mod api;
mod client;
mod crate_root;
mod cx;
mod docs;
mod format;
pub mod formats;
mod json_check;
mod mock;
mod model;
mod runtime;
mod scan;
#[cfg(test)]
mod test_support;
mod validate;

pub(crate) use cx::Cx;
pub(crate) use docs::doc_lines;

use crate::ir::*;
use proc_macro2::{Ident, Span as PmSpan, TokenStream};
use quote::quote;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use runtime::{
    CLIENT_RUNTIME_TEMPLATE, CLIENT_SUBMODULES, MOCK_RUNTIME_TEMPLATE, RUNTIME_TEMPLATE,
    RuntimeSource, SCAN_RUNTIME_TEMPLATE, version_check_text as runtime_version_check_text,
};

/// What to generate and how to lay it out. Every option is declared once here and used by the
/// CLI and the build-script builder alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitOptions {
    /// Emit validators (`Validate` impls and JSON structure checks).
    pub validators: bool,
    /// Emit `lib.rs` declaring every module (for a whole crate); otherwise only the API files
    /// and `runtime.rs`, for `include!` from a build script.
    pub crate_root: bool,
    /// Where the runtime comes from: the `schemagen-runtime` crate (the default), or inlined
    /// into the output as `runtime.rs`.
    pub runtime: RuntimeSource,
    /// Path to the runtime module as seen from the API modules.
    pub runtime_path: String,
    /// Extra derives for every generated struct and enum (e.g. `Hash`), as paths.
    pub extra_derives: Vec<String>,
    /// Emit an async client per API (a `client` module in each API file); they rely on the
    /// runtime's `client` module.
    pub client: bool,
    /// The cargo feature that gates the client code (`#[cfg(feature = "...")]`); `None` compiles
    /// it unconditionally. The generated crate must declare the feature and make it enable the
    /// optional `http` dependency and the runtime's `client` feature (or, with the runtime
    /// inlined, the optional `reqwest` dependency).
    pub client_feature: Option<String>,
    /// Path to the client runtime module as seen from the API modules.
    pub client_runtime_path: String,
    /// The Rust types of `date-time`/`date` and `uuid` strings.
    pub formats: formats::TypedFormats,
    /// With the runtime inlined: the cargo feature of the output that turns on the tracing of
    /// client calls (the crate then needs an optional `tracing` dependency that the feature
    /// enables); `None` compiles tracing out. With the runtime crate, tracing is the runtime's
    /// own `tracing` feature and this option is not used.
    pub tracing_feature: Option<String>,
    /// Emit a mock server per API (a `mock` module in each API file with a `MockServer`); it
    /// relies on the runtime's `mock` module and on the validators.
    pub mock: bool,
    /// The cargo feature that gates the mock code; `None` compiles it unconditionally. The
    /// generated crate must declare the feature and make it enable the runtime's `mock`
    /// feature (or, with the runtime inlined, the optional `http`, `hyper`, `hyper-util`,
    /// `http-body-util` and `tokio` dependencies).
    pub mock_feature: Option<String>,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            validators: true,
            crate_root: true,
            runtime: RuntimeSource::default(),
            runtime_path: "crate::runtime".to_string(),
            extra_derives: Vec::new(),
            client: true,
            client_feature: Some("client".to_string()),
            client_runtime_path: "crate::runtime::client".to_string(),
            formats: formats::TypedFormats::default(),
            tracing_feature: Some("tracing".to_string()),
            mock: true,
            mock_feature: Some("mock".to_string()),
        }
    }
}

/// A generation failure (a bug in the generator or an option that does not parse): the one
/// [`Diagnostic`](crate::diagnostics::Diagnostic) type, located at the output file
/// ([`Location::Output`](crate::diagnostics::Location::Output)), boxed to keep results small.
pub type EmitError = Box<crate::diagnostics::Diagnostic>;

/// The failure of generating `file`.
pub(crate) fn emit_error(file: &std::path::Path, message: impl Into<String>) -> EmitError {
    Box::new(crate::diagnostics::Diagnostic::in_output(
        "emit-failed",
        &file.display().to_string(),
        message,
    ))
}

/// Generated files by relative path.
pub type Files = BTreeMap<PathBuf, String>;

/// Generates every file for a checked IR ([`crate::Schemas::checked`]).
pub fn emit(checked: crate::CheckedIr<'_>, opts: &EmitOptions) -> Result<Files, EmitError> {
    let (ir, sources) = (checked.ir(), checked.sources());
    let mut files = Files::new();
    if opts.runtime == RuntimeSource::Inline {
        let used = opts
            .formats
            .crates_used(ir.apis.iter().flat_map(|a| a.shapes()));
        files.insert(
            PathBuf::from("runtime.rs"),
            runtime::inline(opts, used, ir.self_signs_jwt()),
        );
    }
    // Each API file is independent: emit them on all cores, a worker per core pulling the next
    // API. Token streams are not `Send`, so each worker builds its own context; results land in
    // the ordered map, so the output does not depend on which worker finished first.
    Cx::new(opts)?;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workers = cores.min(ir.apis.len()).max(1);
    // Cores left over when there are fewer API files than cores format chunks of each file.
    let format_workers = (cores / ir.apis.len().max(1)).clamp(1, 8);
    let results: Vec<(PathBuf, Result<String, EmitError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    let cx_base = match Cx::new(opts) {
                        Ok(c) => c,
                        Err(e) => return vec![(PathBuf::from("(options)"), Err(e))],
                    };
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(api) = ir.apis.get(i) else { break };
                        done.push(api::emit_api(&cx_base, api, sources, format_workers));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![(
                        PathBuf::from("(worker)"),
                        Err(emit_error(
                            std::path::Path::new("(worker)"),
                            "an emitter thread panicked",
                        )),
                    )]
                })
            })
            .collect()
    });
    let mut errors: Vec<EmitError> = Vec::new();
    for (path, text) in results {
        match text {
            Ok(t) => {
                files.insert(path, t);
            }
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by(|a, b| a.location.cmp(&b.location));
    if let Some(e) = errors.into_iter().next() {
        return Err(e);
    }
    if opts.crate_root {
        let path = PathBuf::from("lib.rs");
        let header =
            "// @generated by schemagen. Do not edit: change the schemas and regenerate.\n\n";
        files.insert(
            path.clone(),
            format::format_file(&path, header, crate_root::crate_root(ir, opts))?,
        );
    }
    Ok(files)
}

/// An identifier from a name that may carry a raw prefix (`r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, PmSpan::call_site()),
        None => Ident::new(name, PmSpan::call_site()),
    }
}

fn ident_text(name: &str) -> &str {
    crate::ident::unraw(name)
}

/// The Rust type of a shape (without presence wrappers).
pub(crate) fn rust_type(cx: &Cx<'_>, shape: &Shape) -> TokenStream {
    match &shape.kind {
        ShapeKind::String => cx
            .formats
            .rust_type(shape)
            .unwrap_or_else(|| quote!(::std::string::String)),
        ShapeKind::Boolean => quote!(bool),
        ShapeKind::Int32 => quote!(i32),
        ShapeKind::Int64 => quote!(i64),
        ShapeKind::Number => quote!(f64),
        ShapeKind::Any => quote!(::serde_json::Value),
        ShapeKind::Array(items) => {
            let t = rust_type(cx, items);
            quote!(::std::vec::Vec<#t>)
        }
        ShapeKind::Map(values) => {
            let t = rust_type(cx, values);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        ShapeKind::Named(n) => match cx.ty(n) {
            Some(t) => {
                let id = ident(&t.rust_name);
                quote!(#id)
            }
            None => quote!(::serde_json::Value),
        },
    }
}
