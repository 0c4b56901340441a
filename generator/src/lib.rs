//! `schemagen`: loads hand-written YAML API schemas, reports every mistake at once with its
//! location, lowers them to an IR, and emits Rust models, validators and client stubs.
//!
//! The same functions serve the `schemagen` command, build scripts and tests:
//!
//! ```no_run
//! let schemas = schemagen::load_paths(&["schemas/close.yaml"]).expect("readable files");
//! if schemas.diagnostics.has_errors() {
//!     eprint!("{}", schemas.diagnostics.render(&schemas.sources));
//! }
//! ```

#![deny(missing_docs)]

pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod ident;
pub mod ir;
pub mod krate;
pub mod mock;
pub mod schema;
pub mod source;

/// The runtime crate the generated code relies on; the interpreter (`schemagen validate`) runs
/// the same format checks and reports.
pub use schemagen_runtime as runtime;

use diagnostics::Diagnostics;
use ir::Ir;
use source::SourceMap;
use std::path::{Path, PathBuf};

/// Schemas loaded, lowered and checked.
#[derive(Debug, Clone)]
pub struct Schemas {
    /// Every file read, for rendering diagnostics.
    pub sources: SourceMap,
    /// The lowered IR (partial when there are errors).
    pub ir: Ir,
    /// Every error and warning.
    pub diagnostics: Diagnostics,
    /// Every schema file read, in order (for build-script rerun tracking).
    pub files_read: Vec<PathBuf>,
    /// Every directory listed to find schema files.
    pub dirs_read: Vec<PathBuf>,
}

/// An input that could not be read at all (as opposed to a schema mistake).
#[derive(Debug)]
pub struct LoadError {
    /// The path.
    pub path: PathBuf,
    /// What went wrong.
    pub source: std::io::Error,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read `{}`: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Expands directories to their `*.yaml` / `*.yml` files (sorted by name) and reads every file.
pub fn load_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Schemas, LoadError> {
    let (files, dirs) = schema_files(paths)?;
    let mut sources = SourceMap::new();
    for f in &files {
        let bytes = std::fs::read(f).map_err(|source| LoadError {
            path: f.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| LoadError {
            path: f.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 text: {e}"),
            ),
        })?;
        sources.add(f, text);
    }
    let mut schemas = load_sources(sources);
    schemas.files_read = files;
    schemas.dirs_read = dirs;
    Ok(schemas)
}

/// The schema files `paths` name, in load order: a directory stands for its `*.yaml` / `*.yml`
/// files sorted by name, a file for itself. Also returns the directories that were listed.
pub fn schema_files<P: AsRef<Path>>(
    paths: &[P],
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), LoadError> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for p in paths {
        let p = p.as_ref();
        let meta = std::fs::metadata(p).map_err(|source| LoadError {
            path: p.to_path_buf(),
            source,
        })?;
        if meta.is_dir() {
            dirs.push(p.to_path_buf());
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|source| LoadError {
                    path: p.to_path_buf(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.to_path_buf());
        }
    }
    Ok((files, dirs))
}

/// Loads schemas from text already in memory (tests, fuzzing, build scripts).
pub fn load_sources(sources: SourceMap) -> Schemas {
    let mut d = Vec::new();
    let mut decoded = Vec::new();
    for (id, file) in sources.files() {
        if let Some(ast) = schema::parse_file(id, file, &mut d) {
            decoded.push((id, ast));
        }
    }
    let ir = ir::lower(&decoded, &mut d);
    check::check_ir(&ir, &mut d);
    let mut diagnostics = Diagnostics::new();
    for x in d {
        diagnostics.push(x);
    }
    Schemas {
        sources,
        ir,
        diagnostics,
        files_read: Vec::new(),
        dirs_read: Vec::new(),
    }
}

/// An IR that passed every check without an error, with the sources it came from. Only
/// [`Schemas::checked`] makes one, so the emitters never see an IR that still holds errors.
#[derive(Debug, Clone, Copy)]
pub struct CheckedIr<'a> {
    ir: &'a Ir,
    sources: &'a SourceMap,
}

impl<'a> CheckedIr<'a> {
    /// The checked IR.
    pub fn ir(&self) -> &'a Ir {
        self.ir
    }

    /// The sources it was lowered from.
    pub fn sources(&self) -> &'a SourceMap {
        self.sources
    }
}

impl Schemas {
    /// Keeps only the operations with these ids (in any API) and the types they reach; an API
    /// left without operations is dropped. `Err` lists every id no API has, each with a
    /// did-you-mean hint when one is close. Nothing changes when `ids` is empty.
    pub fn retain_operations(&mut self, ids: &[String]) -> Result<(), Vec<String>> {
        if ids.is_empty() {
            return Ok(());
        }
        let known: Vec<&str> = self
            .ir
            .apis
            .iter()
            .flat_map(|a| a.operations.iter().map(|o| o.id.as_str()))
            .collect();
        let unknown: Vec<String> = ids
            .iter()
            .filter(|id| !known.contains(&id.as_str()))
            .map(
                |id| match diagnostics::did_you_mean(id, known.iter().copied()) {
                    Some(near) => format!("no operation `{id}`; did you mean `{near}`?"),
                    None => format!("no operation `{id}` in the schemas"),
                },
            )
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        for api in &mut self.ir.apis {
            api.retain_operations(ids);
        }
        self.ir.apis.retain(|a| !a.operations.is_empty());
        Ok(())
    }

    /// The IR, when lowering and checking found no error (warnings allowed).
    pub fn checked(&self) -> Option<CheckedIr<'_>> {
        (!self.diagnostics.has_errors()).then_some(CheckedIr {
            ir: &self.ir,
            sources: &self.sources,
        })
    }
}

/// Why [`generate`] produced nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenerateError {
    /// The schemas have errors: `Schemas::diagnostics` lists them.
    Schema {
        /// How many.
        errors: usize,
    },
    /// The emitters failed (an option that does not parse, or a generator bug).
    Emit(emit::EmitError),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Schema { errors } => write!(
                f,
                "the schemas have {errors} error(s); nothing was generated"
            ),
            GenerateError::Emit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GenerateError {}

/// The pipeline's last stage, the one way to generate: the schemas were loaded, lowered and
/// checked by [`load_paths`], [`load_sources`] or [`load_str`]; when the check found no error,
/// emit every file. The command line, the build-script [`Builder`], the fuzz entry points and
/// the benchmarks all generate through here.
pub fn generate(schemas: &Schemas, opts: &emit::EmitOptions) -> Result<emit::Files, GenerateError> {
    let checked = schemas.checked().ok_or(GenerateError::Schema {
        errors: schemas.diagnostics.error_count(),
    })?;
    emit::emit(checked, opts).map_err(GenerateError::Emit)
}

/// Loads one schema from a string.
pub fn load_str(name: &str, text: &str) -> Schemas {
    let mut sources = SourceMap::new();
    sources.add(name, text);
    load_sources(sources)
}

pub mod builder;
pub mod emit;
pub mod freshness;
pub mod validate;
pub mod write;

pub use builder::{BuildError, Builder, Layout, compile_schemas};
pub mod fuzzing;
pub mod openapi;
