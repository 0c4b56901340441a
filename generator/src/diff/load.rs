//! Loading one side of a diff: a schema file (YAML with a top-level `api:`) or an OpenAPI
//! 3.0/3.1 document (JSON or YAML with `openapi:`), imported in memory and lowered like a schema.

use crate::ir::ApiIr;
use crate::openapi::doc::{self, Doc};
use crate::openapi::import::{self, ImportOptions, SpecSyntax};
use std::fmt;
use std::path::{Path, PathBuf};

/// What a side was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SideKind {
    /// A schema file.
    Schema,
    /// An OpenAPI document, imported.
    OpenApi {
        /// The `openapi` version it declared.
        version: String,
        /// How many import warnings (parts dropped or changed) there were; not printed.
        warnings: usize,
    },
}

/// One loaded side: exactly one API, without schema errors.
#[derive(Debug, Clone)]
pub struct Side {
    /// The path as given.
    pub path: PathBuf,
    /// Schema or OpenAPI.
    pub kind: SideKind,
    /// The loaded schema (for an OpenAPI document: the imported one).
    pub schemas: crate::Schemas,
}

impl Side {
    /// The side's API (loading made sure there is exactly one).
    pub fn api(&self) -> &ApiIr {
        &self.schemas.ir.apis[0]
    }

    /// A short description for the output: `schema` or `openapi 3.1.0`.
    pub fn kind_name(&self) -> String {
        match &self.kind {
            SideKind::Schema => "schema".into(),
            SideKind::OpenApi { version, .. } => format!("openapi {version}"),
        }
    }
}

/// Why a side could not be loaded (a usage or I/O error: exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFailure {
    /// What to print: one `error:` line, or rendered schema diagnostics and a last line.
    pub message: String,
}

impl fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadFailure {}

fn fail(message: impl Into<String>) -> LoadFailure {
    LoadFailure {
        message: message.into(),
    }
}

/// Reads and loads a side from a file. `refs` names local copies of documents that an OpenAPI
/// side's external `$ref`s point to (`ADDRESS=FILE`).
pub fn load_side(path: &Path, refs: &[(String, PathBuf)]) -> Result<Side, LoadFailure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| fail(format!("error: cannot read `{}`: {e}", path.display())))?;
    load_text_with_refs(path, &text, refs)
}

/// Whether a parsed document is a schema file (an `api` key and nothing of OpenAPI's).
fn is_schema(d: &Doc) -> bool {
    d.get("api").is_some()
        && ["openapi", "swagger", "paths", "components"]
            .iter()
            .all(|k| d.get(k).is_none())
}

/// Loads a side from text; `path` names it in messages and guesses the syntax.
pub fn load_text(path: &Path, text: &str) -> Result<Side, LoadFailure> {
    load_text_with_refs(path, text, &[])
}

/// [`load_text`], with local copies of external `$ref` targets (`ADDRESS=FILE`).
pub fn load_text_with_refs(
    path: &Path,
    text: &str,
    refs: &[(String, PathBuf)],
) -> Result<Side, LoadFailure> {
    let shown = path.display().to_string();
    let file_name = path.file_name().map(|f| f.to_string_lossy().into_owned());
    let syntax = SpecSyntax::guess(file_name.as_deref(), text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = match syntax {
        SpecSyntax::Json => doc::parse_json(body),
        SpecSyntax::Yaml => doc::parse_yaml(body),
    };
    let looks_like_schema = body.lines().any(|l| l.starts_with("api:"));
    let (kind, schemas) = match parsed {
        Ok(d) if is_schema(&d) => (SideKind::Schema, crate::load_str(&shown, text)),
        Ok(d) if d.get("openapi").is_some() || d.get("swagger").is_some() => {
            let external = crate::openapi::bundle::read_external(&d, Some(path), refs)
                .map_err(|e| fail(format!("error: {e}")))?;
            let opts = ImportOptions {
                source: file_name,
                address: path.to_string_lossy().replace('\\', "/"),
                external,
                ..ImportOptions::default()
            };
            let imported = import::import_doc(&d, &opts).map_err(|diags| {
                let lines: Vec<String> = diags.iter().map(|d| d.one_line_in(&shown)).collect();
                fail(lines.join("\n"))
            })?;
            let kind = SideKind::OpenApi {
                version: imported.openapi_version.clone(),
                warnings: imported.diagnostics.len(),
            };
            (
                kind,
                crate::load_str(&format!("{shown} (imported)"), &imported.schema),
            )
        }
        // A schema with a YAML mistake: the schema loader says where.
        Err(_) if looks_like_schema => (SideKind::Schema, crate::load_str(&shown, text)),
        Err(e) => {
            return Err(fail(format!(
                "error: `{shown}` is neither a schema nor an OpenAPI document: {e}"
            )));
        }
        Ok(_) => {
            return Err(fail(format!(
                "error: `{shown}` is neither a schema (no top-level `api:`) nor an OpenAPI \
                 document (no `openapi:`)"
            )));
        }
    };
    if schemas.diagnostics.has_errors() {
        let what = match kind {
            SideKind::Schema => "the schema has errors",
            SideKind::OpenApi { .. } => {
                "the schema imported from the OpenAPI document has errors (see `schemagen \
                 import-openapi`)"
            }
        };
        return Err(fail(format!(
            "{}error: `{shown}`: {what}; nothing was compared",
            schemas.diagnostics.render(&schemas.sources)
        )));
    }
    if schemas.ir.apis.len() != 1 {
        return Err(fail(format!(
            "error: `{shown}` must describe exactly one API, found {}",
            schemas.ir.apis.len()
        )));
    }
    Ok(Side {
        path: path.to_path_buf(),
        kind,
        schemas,
    })
}
