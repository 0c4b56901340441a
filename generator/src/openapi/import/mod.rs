//! OpenAPI 3.0/3.1 → the schema language (YAML text that the normal pipeline loads).
//!
//! The document is walked as an ordered JSON tree ([`Doc`]): every keyword the schema language
//! can say is converted, everything else becomes an [`ImportDiagnostic`] (a [`Diagnostic`]) with a JSON pointer into
//! the spec, and the import carries on. Inline objects, enums and unions are hoisted into named
//! types (named after where they appear); names that do not make Rust identifiers, or that make
//! the same one, get `rust_name:` overrides; operations without an `operationId` are named after
//! their method and path.

mod api;
mod auth;
mod composition;
mod containers;
mod convert;
mod helpers;
mod model;
mod names;
mod operations;
mod post;
mod registry;
mod requests;
mod scalars;
mod servers;
mod writer;

use super::doc::{self, Doc};
use crate::diagnostics::{Diagnostic, Severity};
use model::TypeOut;
use names::{Names, RESERVED_TYPES};
use std::collections::{BTreeSet, HashMap};

pub(crate) use operations::{operation_names, renamed_message};

/// Options of an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The schema's `api.name` (the generated module name).
    pub name: Option<String>,
    /// The name to use when neither `name` nor the document's `x-schemagen-name` gives one
    /// (e.g. the output file's name); the document's title in snake_case comes last.
    pub fallback_name: Option<String>,
    /// Where the spec came from, for the header comment of the output.
    pub source: Option<String>,
    /// The spec's own address (file path or URL), against which relative `$ref`s resolve.
    pub address: String,
    /// External documents that `$ref`s point to, by address (see [`super::bundle`]); they are
    /// bundled into the document before the import. Nothing is fetched.
    pub external: std::collections::BTreeMap<String, Doc>,
    /// Import only these operations (by `operationId`, or by the name the import gives them)
    /// and the operations tagged with one of [`ImportOptions::tags`], with the components they
    /// reach (see [`super::subset`]). Both empty: every operation.
    pub operations: Vec<String>,
    /// Import only the operations with one of these tags (and those in
    /// [`ImportOptions::operations`]).
    pub tags: Vec<String>,
}

/// One thing the import could not carry over as it is: the project's one [`Diagnostic`] type,
/// located by a JSON pointer into the spec ([`Location::Pointer`], with an empty document name
/// that the caller fills in with [`Diagnostic::in_document`]).
///
/// [`Location::Pointer`]: crate::diagnostics::Location::Pointer
pub type ImportDiagnostic = Diagnostic;

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The schema, as YAML text in the schema language.
    pub schema: String,
    /// The `api.name` chosen.
    pub api_name: String,
    /// The OpenAPI version the document declared.
    pub openapi_version: String,
    /// Everything that was dropped or changed (warnings only).
    pub diagnostics: Vec<ImportDiagnostic>,
}

/// The syntax of a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecSyntax {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

impl SpecSyntax {
    /// From a file name (`.json`, `.yaml`, `.yml`), else from the first character of the text.
    pub fn guess(file_name: Option<&str>, text: &str) -> SpecSyntax {
        let lower = file_name.map(str::to_ascii_lowercase).unwrap_or_default();
        if lower.ends_with(".json") {
            SpecSyntax::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            SpecSyntax::Yaml
        } else if text.trim_start().starts_with('{') {
            SpecSyntax::Json
        } else {
            SpecSyntax::Yaml
        }
    }
}

fn error(code: &'static str, pointer: &str, message: impl Into<String>) -> ImportDiagnostic {
    Diagnostic::at_pointer(Severity::Error, code, "", pointer, message)
}

/// Parses a spec's text.
pub fn parse_spec(text: &str, syntax: SpecSyntax) -> Result<Doc, Box<ImportDiagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = match syntax {
        SpecSyntax::Json => doc::parse_json(text).map_err(|e| {
            error(
                "invalid-json",
                "",
                format!("the spec is not valid JSON: {e}"),
            )
        }),
        SpecSyntax::Yaml => doc::parse_yaml(text).map_err(|e| {
            error(
                "invalid-yaml",
                "",
                format!("the spec is not usable YAML: {e}"),
            )
        }),
    };
    parsed.map_err(Box::new)
}

/// Parses and imports a spec. `Err` when nothing could be imported (not JSON/YAML, not an
/// OpenAPI 3 document); otherwise the schema with every warning.
pub fn import_text(
    text: &str,
    syntax: SpecSyntax,
    opts: &ImportOptions,
) -> Result<Imported, Vec<ImportDiagnostic>> {
    let doc = parse_spec(text, syntax).map_err(|d| vec![*d])?;
    import_doc(&doc, opts)
}

/// Imports a parsed spec.
pub fn import_doc(spec: &Doc, opts: &ImportOptions) -> Result<Imported, Vec<ImportDiagnostic>> {
    let bundled;
    let spec = if opts.external.is_empty() {
        spec
    } else {
        bundled = super::bundle::bundle(spec, &opts.address, &opts.external).doc;
        &bundled
    };
    let Some(_) = spec.as_object() else {
        return Err(vec![error(
            "not-openapi",
            "",
            format!("the spec must be an object, found {}", spec.kind_name()),
        )]);
    };
    if spec.get("swagger").is_some() {
        return Err(vec![error(
            "unsupported-version",
            "/swagger",
            "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3 first",
        )]);
    }
    // The subset, if one is asked for: after bundling (so that references are local), before
    // the import.
    let subset = if opts.operations.is_empty() && opts.tags.is_empty() {
        None
    } else {
        Some(super::subset::subset(spec, &opts.operations, &opts.tags)?)
    };
    let spec = subset.as_ref().map_or(spec, |s| &s.doc);
    let mut im = Importer::new(spec);
    if let Some(s) = &subset {
        im.diags.extend(s.warnings.iter().cloned());
    }
    let version = match spec.get("openapi") {
        Some(Doc::String(v)) => v.clone(),
        other => {
            if spec.get("paths").is_none() && spec.get("components").is_none() {
                return Err(vec![error(
                    "not-openapi",
                    "",
                    "not an OpenAPI document: it has no `openapi` version, `paths` or `components`",
                )]);
            }
            im.warn(
                "unsupported-version",
                "/openapi",
                match other {
                    None => "the document has no `openapi` version; read as OpenAPI 3.0".into(),
                    Some(o) => format!(
                        "`openapi` must be a version string, found {}; read as OpenAPI 3.0",
                        o.kind_name()
                    ),
                },
            );
            "3.0.0".to_string()
        }
    };
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        if version.starts_with('3') {
            im.warn(
                "unsupported-version",
                "/openapi",
                format!("OpenAPI {version} is read as 3.1"),
            );
        } else {
            return Err(vec![error(
                "unsupported-version",
                "/openapi",
                format!("OpenAPI {version} is not supported; only 3.0 and 3.1 documents are"),
            )]);
        }
    }
    let (schema, api_name) = im.run(opts);
    Ok(Imported {
        schema,
        api_name,
        openapi_version: version,
        diagnostics: im.diags,
    })
}

// ---- the importer ----------------------------------------------------------------------------

const SCHEMAS: &str = "#/components/schemas/";

struct Importer<'a> {
    root: &'a Doc,
    diags: Vec<ImportDiagnostic>,
    types: Vec<TypeOut>,
    by_name: HashMap<String, usize>,
    type_names: Names,
    /// Component key → type index.
    components: HashMap<String, usize>,
    component_docs: HashMap<String, &'a Doc>,
    /// Type name → number of references outside tagged unions.
    refs: HashMap<String, usize>,
    /// Variant type → the tag fields of the unions it is in.
    variant_tags: HashMap<String, BTreeSet<String>>,
    unions: Vec<usize>,
    inline_stack: Vec<String>,
    parent: Option<usize>,
    depth: usize,
    /// Pointer of an inline schema → the type hoisted from it (so a schema reached twice, e.g.
    /// through `allOf`, gives one type).
    hoisted_at: HashMap<String, usize>,
}

impl<'a> Importer<'a> {
    fn new(root: &'a Doc) -> Self {
        Importer {
            root,
            diags: Vec::new(),
            types: Vec::new(),
            by_name: HashMap::new(),
            type_names: Names::new(true, "Type", RESERVED_TYPES),
            components: HashMap::new(),
            component_docs: HashMap::new(),
            refs: HashMap::new(),
            variant_tags: HashMap::new(),
            unions: Vec::new(),
            inline_stack: Vec::new(),
            parent: None,
            depth: 0,
            hoisted_at: HashMap::new(),
        }
    }

    /// Records a warning at `pointer`, or at its nearest ancestor that exists in the spec (a
    /// merged `allOf` object has no place of its own).
    fn warn(&mut self, code: &'static str, pointer: &str, message: impl Into<String>) {
        let mut at = pointer;
        while !at.is_empty() && self.root.pointer(at).is_none() {
            at = at.rsplit_once('/').map_or("", |(head, _)| head);
        }
        self.diags.push(Diagnostic::at_pointer(
            Severity::Warning,
            code,
            "",
            at,
            message,
        ));
    }

    // ---- type registry -----------------------------------------------------------------------
}
