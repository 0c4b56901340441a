//! The build-script API, in the manner of `prost-build`: a one-call function for the common case
//! and a [`Builder`] for the rest. `generate()` returns the files as a value; writing is a
//! separate step that rewrites only files whose bytes changed.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), schemagen::BuildError> {
//!     schemagen::compile_schemas(&["schemas"])
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: declares `pub mod runtime` and one module per schema
//! include!(concat!(env!("OUT_DIR"), "/schemagen.rs"));
//! ```

use crate::emit::{EmitOptions, Files, RuntimeSource};
use crate::write::WriteSummary;
use std::path::{Path, PathBuf};

/// How the generated files are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// For `include!` from a build script: an index file `schemagen.rs` that declares
    /// `pub mod runtime` and one module per API, each including its sibling file.
    #[default]
    Include,
    /// A whole crate's `src/`: `lib.rs` declares the modules (as in `voicecall-apis`).
    Crate,
}

/// Generates Rust from schemas; see the module documentation.
#[derive(Debug, Clone)]
pub struct Builder {
    inputs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    layout: Layout,
    options: EmitOptions,
    cargo_metadata: Option<bool>,
}

/// A failed build-script generation. Its `Debug` is the same one-line summary as its `Display`,
/// so `fn main() -> Result<(), BuildError>` fails the build with that line, not a backtrace.
pub enum BuildError {
    /// The schemas have errors; they were printed to standard error.
    Schema {
        /// Number of errors.
        errors: usize,
        /// The schema files that have errors.
        files: Vec<PathBuf>,
    },
    /// A schema or output path could not be read or written.
    Io(String),
    /// Generation itself failed.
    Emit(crate::emit::EmitError),
    /// No output directory: not in a build script, and none was set.
    NoOutDir,
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Schema { errors, files } => {
                let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "schemagen: {errors} error(s) in {} (see the diagnostics above)",
                    names.join(", ")
                )
            }
            BuildError::Io(e) => write!(f, "schemagen: {e}"),
            BuildError::Emit(e) => write!(f, "schemagen: {e}"),
            BuildError::NoOutDir => write!(
                f,
                "schemagen: no output directory: set one with `Builder::out_dir`, or run from a build script (OUT_DIR)"
            ),
        }
    }
}

impl std::fmt::Debug for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {}

/// The result of [`Builder::generate`]: the files, and what was read to make them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Generated files by path relative to the output directory.
    pub files: Files,
    /// Every schema file read.
    pub files_read: Vec<PathBuf>,
    /// Every directory listed for schema files.
    pub dirs_read: Vec<PathBuf>,
    /// Rendered warnings (empty when there are none).
    pub warnings: String,
}

impl Generated {
    /// Writes every file whose bytes changed into `out` (atomically, file by file).
    pub fn write(&self, out: &Path) -> std::io::Result<WriteSummary> {
        crate::write::write_if_changed(&self.files, out)
    }

    /// The `cargo:rerun-if-changed=` lines for every schema file read and every input
    /// directory (so a file added to it is noticed), leaving out paths inside `out_dir`.
    pub fn rerun_if_changed(&self, out_dir: Option<&Path>) -> Vec<String> {
        let inside_out = |p: &Path| out_dir.is_some_and(|o| p.starts_with(o));
        let mut lines: Vec<String> = self
            .files_read
            .iter()
            .chain(&self.dirs_read)
            .filter(|p| !inside_out(p))
            .map(|p| format!("cargo:rerun-if-changed={}", p.display()))
            .collect();
        lines.sort();
        lines.dedup();
        lines
    }
}

impl Default for Builder {
    /// Models and validators, no client and no mock (a build script's crate opts in with
    /// [`Builder::client`] and [`Builder::mock`]), include layout, output to `$OUT_DIR`.
    fn default() -> Self {
        Builder {
            inputs: Vec::new(),
            out_dir: None,
            layout: Layout::default(),
            options: EmitOptions {
                client: false,
                client_feature: None,
                tracing_feature: None,
                mock: false,
                mock_feature: None,
                ..EmitOptions::default()
            },
            cargo_metadata: None,
        }
    }
}

impl Builder {
    /// A builder with the default options: models and validators, include layout, output to
    /// `$OUT_DIR`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Emit the async clients and their runtime (default: no). The crate then needs the `http`
    /// dependency and the runtime's `client` feature (with the runtime inlined: `http`,
    /// `reqwest`, `tokio` with `sync` and `time`, `httpdate`, and `jsonwebtoken` when a schema
    /// declares a self-signed JWT); with `feature` set, the client code is compiled only when
    /// that cargo feature of the crate is on.
    pub fn client(mut self, yes: bool, feature: Option<&str>) -> Self {
        self.options.client = yes;
        self.options.client_feature = feature.map(str::to_string);
        self
    }

    /// With the runtime inlined: the cargo feature of the crate that turns on the tracing of
    /// client calls (default: none, tracing compiled out). The crate then declares the feature
    /// and an optional `tracing` dependency it enables. With the runtime crate, enable its
    /// `tracing` feature instead.
    pub fn tracing(mut self, feature: Option<&str>) -> Self {
        self.options.tracing_feature = feature.map(str::to_string);
        self
    }

    /// Emit a mock server per API (default: no): a `mock` module with a `MockServer` that
    /// serves every operation and checks requests with the validators. The crate then depends on
    /// `schemagen-runtime` with its `mock` feature (with the runtime inlined: `http`, `hyper`,
    /// `hyper-util`, `http-body-util` and `tokio`, as `Cargo.toml` of a `generate --crate`
    /// crate lists them); with `feature` set, the mock code is compiled only when that cargo
    /// feature of the crate is on (typically a feature the crate's dev-dependency on itself, or
    /// its tests, turn on).
    pub fn mock(mut self, yes: bool, feature: Option<&str>) -> Self {
        self.options.mock = yes;
        self.options.mock_feature = feature.map(str::to_string);
        self
    }

    /// Adds a schema file, or a directory whose `*.yaml` / `*.yml` files are all read.
    pub fn input(mut self, path: impl AsRef<Path>) -> Self {
        self.inputs.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds several inputs.
    pub fn inputs<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.inputs
            .extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// The output directory (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The file layout (default: [`Layout::Include`]).
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Emit validators (default: yes).
    pub fn validators(mut self, yes: bool) -> Self {
        self.options.validators = yes;
        self
    }

    /// Where the runtime comes from (default: [`RuntimeSource::Crate`], the `schemagen-runtime`
    /// crate, which the crate using the output must depend on, with its `client` feature for
    /// clients). [`RuntimeSource::Inline`] writes the runtime's source into the output instead
    /// (`runtime.rs`), for self-contained code.
    pub fn runtime(mut self, source: RuntimeSource) -> Self {
        self.options.runtime = source;
        self
    }

    /// The Rust types of `date-time`/`date` strings (default: chrono) and of `uuid` strings
    /// (default: `uuid::Uuid`). The crate using the output depends on the crates chosen (with
    /// their `serde` feature; for `time`, the runtime's `time` feature, or `formatting` and
    /// `parsing` when the runtime is inlined).
    pub fn formats(
        mut self,
        date_time: crate::emit::formats::DateTimeType,
        uuid: crate::emit::formats::UuidType,
    ) -> Self {
        self.options.formats = crate::emit::formats::TypedFormats { date_time, uuid };
        self
    }

    /// Where the runtime module is, as seen from the API modules (default: `crate::runtime`,
    /// right when the index is included at the crate root).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.options.runtime_path = path.into();
        self
    }

    /// An extra derive for every generated struct and enum, e.g. `Hash` or `schemars::JsonSchema`.
    pub fn extra_derive(mut self, path: impl Into<String>) -> Self {
        self.options.extra_derives.push(path.into());
        self
    }

    /// All emit options at once (the same options the `regenerate` command takes).
    pub fn options(mut self, options: EmitOptions) -> Self {
        self.options = options;
        self
    }

    /// Print `cargo:` lines (default: when running in a build script, i.e. `OUT_DIR` is set).
    pub fn cargo_metadata(mut self, yes: bool) -> Self {
        self.cargo_metadata = Some(yes);
        self
    }

    /// Loads, checks and generates, without writing. Schema diagnostics are printed to standard
    /// error (errors fail with [`BuildError::Schema`]).
    pub fn generate(&self) -> Result<Generated, BuildError> {
        let schemas = crate::load_paths(&self.inputs).map_err(|e| BuildError::Io(e.to_string()))?;
        let rendered = if schemas.diagnostics.is_empty() {
            String::new()
        } else {
            schemas.diagnostics.render(&schemas.sources)
        };
        if schemas.diagnostics.has_errors() {
            eprint!("{rendered}");
            return Err(BuildError::Schema {
                errors: schemas.diagnostics.error_count(),
                files: schemas.diagnostics.files_with_errors(&schemas.sources),
            });
        }
        let mut options = self.options.clone();
        options.crate_root = self.layout == Layout::Crate;
        let mut files = match crate::generate(&schemas, &options) {
            Ok(f) => f,
            Err(crate::GenerateError::Emit(e)) => return Err(BuildError::Emit(e)),
            Err(crate::GenerateError::Schema { errors }) => {
                return Err(BuildError::Schema {
                    errors,
                    files: schemas.diagnostics.files_with_errors(&schemas.sources),
                });
            }
        };
        if self.layout == Layout::Include {
            include_layout(&mut files, &schemas.ir, &options);
        }
        Ok(Generated {
            files,
            files_read: schemas.files_read,
            dirs_read: schemas.dirs_read,
            warnings: rendered,
        })
    }

    /// Generates and writes into the output directory, printing `cargo:rerun-if-changed` lines
    /// for every input read and `cargo:warning` lines for schema warnings.
    pub fn compile(&self) -> Result<WriteSummary, BuildError> {
        let env_out = std::env::var_os("OUT_DIR").map(PathBuf::from);
        let metadata = self.cargo_metadata.unwrap_or(env_out.is_some());
        let out = self
            .out_dir
            .clone()
            .or_else(|| env_out.clone())
            .ok_or(BuildError::NoOutDir)?;
        let result = self.generate();
        if metadata {
            // Rerun lines are printed even when generation fails, so fixing the schema reruns.
            let (files, dirs) = match &result {
                Ok(g) => (g.files_read.clone(), g.dirs_read.clone()),
                Err(_) => (
                    self.inputs
                        .iter()
                        .filter(|p| p.is_file())
                        .cloned()
                        .collect(),
                    self.inputs.iter().filter(|p| p.is_dir()).cloned().collect(),
                ),
            };
            let probe = Generated {
                files: Files::new(),
                files_read: files,
                dirs_read: dirs,
                warnings: String::new(),
            };
            let mut lines = probe.rerun_if_changed(env_out.as_deref());
            if let Err(BuildError::Schema { files, .. }) = &result {
                let failed = Generated {
                    files: Files::new(),
                    files_read: files.clone(),
                    dirs_read: Vec::new(),
                    warnings: String::new(),
                };
                lines.extend(failed.rerun_if_changed(env_out.as_deref()));
                lines.sort();
                lines.dedup();
            }
            for l in lines {
                println!("{l}");
            }
        }
        let generated = result?;
        if metadata {
            for line in generated
                .warnings
                .lines()
                .filter(|l| l.starts_with("warning"))
            {
                println!("cargo:warning={line}");
            }
        }
        generated
            .write(&out)
            .map_err(|e| BuildError::Io(format!("cannot write to {}: {e}", out.display())))
    }
}

/// Rewrites the output for `include!`: no inner attributes (they are not allowed in included
/// files), and an index that declares the modules.
fn include_layout(files: &mut Files, ir: &crate::ir::Ir, options: &EmitOptions) {
    for text in files.values_mut() {
        if text.lines().any(|l| l.starts_with("//!")) {
            *text = text
                .lines()
                .filter(|l| !l.starts_with("//!"))
                .map(|l| format!("{l}\n"))
                .collect();
        }
    }
    let mut index = String::from(
        "// @generated by schemagen. Do not edit: change the schemas and regenerate.\n",
    );
    index.push_str("// Include this file at the crate root: include!(concat!(env!(\"OUT_DIR\"), \"/schemagen.rs\"));\n\n");
    match options.runtime {
        RuntimeSource::Crate => {
            index.push_str("/// Runtime support (the `schemagen-runtime` crate): validation reports, JSON pointers,\n/// format checks, `Nullable`, and the client support in `runtime::client`.\n");
            index.push_str("pub use ::schemagen_runtime as runtime;\n");
            index.push_str(&crate::emit::runtime_version_check_text());
        }
        RuntimeSource::Inline => {
            index.push_str("/// Runtime support: validation reports, JSON pointers, format checks, `Nullable`.\n");
            index.push_str(
                "pub mod runtime {\n    include!(concat!(env!(\"OUT_DIR\"), \"/runtime.rs\"));\n}\n",
            );
        }
    }
    for api in &ir.apis {
        let module = crate::ident::unraw(&api.module);
        index.push('\n');
        for line in crate::emit::doc_lines(&format!("{} (version {}).", api.title, api.version)) {
            index.push_str(&format!(
                "///{}{line}\n",
                if line.is_empty() { "" } else { " " }
            ));
        }
        index.push_str(&format!(
            "pub mod {} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}\n",
            api.module
        ));
    }
    files.insert(PathBuf::from("schemagen.rs"), index);
}

/// The one-call form for build scripts: generates models and validators for the given schema
/// files or directories into `$OUT_DIR`, with `cargo:rerun-if-changed` for every input.
pub fn compile_schemas<P: AsRef<Path>>(inputs: &[P]) -> Result<(), BuildError> {
    Builder::new().inputs(inputs).compile().map(|_| ())
}
