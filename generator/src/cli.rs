//! Command-line interface of `schemagen`. Exit codes: 0 success, 1 schema errors, stale output
//! or an invalid payload, 2 usage or I/O errors.

use crate::diagnostics::Diagnostics;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Schema-driven generator of Rust models, validators and clients.
#[derive(Debug, Parser)]
#[command(name = "schemagen", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Rendered like a compiler, with source lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and check schemas; report every mistake.
    Check {
        /// Schema files or directories (default: `schemas/`).
        paths: Vec<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
    },
    /// Regenerate the `voicecall-apis` sources from the schemas.
    Regenerate {
        /// Schema directory or files.
        #[arg(long, default_value = "schemas")]
        schemas: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, default_value = "generated/src")]
        out: PathBuf,
        /// Write nothing; list stale files and exit 1 if anything would change.
        ///
        /// When nothing the verdict depends on changed since the last full run (the generator
        /// binary, the schema files, the output files), the verdict comes from that run's
        /// freshness record without generating again.
        #[arg(long)]
        check: bool,
        /// Always generate and compare: neither use nor leave a freshness record.
        #[arg(long)]
        no_cache: bool,
    },
    /// Validate a JSON payload against an operation of a schema (interpreting the schema).
    ///
    /// Prints one line per violation, `<json-pointer> <code> <message>`, warnings prefixed
    /// with `warning:`. Exit 0 when valid, 1 when invalid, 2 on usage or I/O errors.
    Validate {
        /// The schema file.
        #[arg(long)]
        schema: PathBuf,
        /// The operation id, e.g. `update_call_activity`.
        #[arg(long)]
        operation: String,
        /// Validate the request body (the default).
        #[arg(long, conflicts_with = "response")]
        request: bool,
        /// Validate the response body of this HTTP status.
        #[arg(long, value_name = "STATUS")]
        response: Option<u16>,
        /// The JSON payload file (`-` for standard input).
        payload: PathBuf,
    },
    /// Export schemas as OpenAPI 3.0.3 documents.
    ///
    /// `--schema FILE` writes one document (to `--out`, or standard output); `--all` writes
    /// `NAME.openapi.json` (or `.yaml`) into `--out-dir` for every schema in `--schemas`.
    /// Exit 0 when written, 1 on schema errors, 2 on usage or I/O errors.
    Openapi {
        /// The schema file to export.
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        schema: Option<PathBuf>,
        /// Export every schema of `--schemas` into `--out-dir`.
        #[arg(long, requires = "out_dir")]
        all: bool,
        /// Output file (default: standard output).
        #[arg(long, conflicts_with = "all")]
        out: Option<PathBuf>,
        /// Output directory of `--all`.
        #[arg(long, requires = "all")]
        out_dir: Option<PathBuf>,
        /// The schema directory of `--all`.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Output syntax (default: from the `--out` extension, else JSON).
        #[arg(long, value_enum)]
        format: Option<SpecFormat>,
    },
    /// Import an OpenAPI 3.0/3.1 document (JSON or YAML) into the schema language.
    ///
    /// Everything the schema language cannot say is reported as a warning with a JSON pointer
    /// into the spec; the result is then checked like `schemagen check`. Exit 0 when imported,
    /// 1 when the spec is unusable or the result has schema errors (it is still written), 2 on
    /// usage or I/O errors.
    ImportOpenapi {
        /// The OpenAPI document (`.json`, `.yaml` or `.yml`).
        spec: PathBuf,
        /// The schema file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The schema's `api.name` (default: the one a schemagen export recorded, else the
        /// `--out` file name, else the spec's title).
        #[arg(long)]
        name: Option<String>,
        /// Read the document a `$ref` names by ADDRESS (a URL, say) from FILE instead; nothing
        /// is fetched. Repeatable. Relative `$ref`s to files beside the spec are read anyway.
        #[arg(long = "ref", value_name = "ADDRESS=FILE", value_parser = parse_ref)]
        refs: Vec<(String, PathBuf)>,
        /// Import only this operation (its `operationId`, which selects every operation that
        /// has it, or the name the import gives it, e.g. `put_activity_call_by_id` for an
        /// operationId used twice), with the types it reaches. Repeatable; with `--tag`, the
        /// operations either selects.
        #[arg(long = "operation", value_name = "ID")]
        operations: Vec<String>,
        /// Import only the operations with this tag, with the types they reach. Repeatable.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Replace `--out` when it exists with other contents (a schema edited since it was
        /// imported, or one written by hand); without it such a file is left alone.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Compare two descriptions of an API: is a client built from OLD still served by NEW?
    ///
    /// Each side is a schema file or an OpenAPI 3.0/3.1 document (JSON or YAML). Operations
    /// pair by method and path template; each difference is printed with its JSON pointer, a
    /// stable kind code and a class (breaking, stricter, compatible). Exit 0 when nothing
    /// breaking is left unaccepted, 1 when something is (or an accept entry is stale), 2 on
    /// usage or I/O errors.
    Diff(crate::diff::DiffArgs),
    /// Serve a schema as a validating fake vendor, on 127.0.0.1 unless told otherwise.
    ///
    /// Every operation of the schema is served with the same checks as a generated
    /// `MockServer`: 404 for an unknown path, 405 for a wrong method, 401 without credentials
    /// of an accepted scheme, 413 for a body above the limit, the invalid-request status (400)
    /// with every violation for a bad parameter, header, content type or body, and otherwise
    /// the lowest documented success status with a body built from the schema's examples.
    /// Prints the base URL on the first line of standard output, then one line per request
    /// with its verdict. Stops on Ctrl-C or SIGTERM (exit 0); exit 1 when the schema has
    /// errors, 2 when it cannot be read or the address cannot be bound.
    #[cfg(feature = "mock-server")]
    Mock {
        /// The schema file.
        #[arg(long)]
        schema: PathBuf,
        /// The address to listen on: an IP address, or a host name such as `localhost`
        /// (its first IPv4 address, else its first address).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// The port (default: any free port; the first line of output says which).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The largest request body accepted, in bytes; a larger one is answered 413.
        #[arg(long, value_name = "BYTES", default_value_t = crate::runtime::mock::DEFAULT_MAX_BODY_BYTES)]
        max_body_bytes: usize,
    },
    /// Write a complete crate from schemas: `Cargo.toml` (exactly the dependencies the output
    /// needs, pinned, and the `client` feature), a README listing the APIs and operations, and
    /// `src/`. The crate builds with `cargo build --all-features` as it is. Files are rewritten
    /// only when their bytes change; a `Cargo.toml` that schemagen did not write is never
    /// overwritten. Exit 0 when written, 1 on schema errors, 2 on usage or I/O errors.
    Generate {
        /// Schema files or directories.
        #[arg(long, required = true, num_args = 1..)]
        schemas: Vec<PathBuf>,
        /// The crate directory (created if missing).
        #[arg(long = "crate", value_name = "DIR")]
        crate_dir: PathBuf,
        /// The package name (default: the directory's name).
        #[arg(long)]
        name: Option<String>,
        /// Keep only this operation (by id, in any schema) and the types it reaches;
        /// repeatable. APIs left without operations are left out.
        #[arg(long = "operation", value_name = "ID")]
        operations: Vec<String>,
        /// Where the crate gets its runtime: `inline` (default) writes it into `src/runtime.rs`,
        /// so the crate builds anywhere; `crate` depends on `schemagen-runtime` (see
        /// `--runtime-path`), so every crate generated by schemagen shares its types.
        #[arg(long, value_name = "inline|crate", default_value = "inline")]
        runtime: crate::emit::RuntimeSource,
        /// With `--runtime crate`: the directory of the `schemagen-runtime` crate (a checkout's
        /// `templates/runtime`), written into the manifest as an absolute path dependency.
        /// Required with `--runtime crate`: the crate is not on a registry.
        #[arg(long, value_name = "DIR")]
        runtime_path: Option<String>,
        /// The Rust type of `date-time` and `date` strings: `chrono` (default:
        /// `DateTime<FixedOffset>`, `NaiveDate`), `jiff` (`Timestamp`, `civil::Date`), `time`
        /// (`OffsetDateTime`, `Date`) or `string` (the text as received).
        #[arg(long, value_name = "chrono|jiff|time|string", default_value = "chrono")]
        date_time: crate::emit::formats::DateTimeType,
        /// The Rust type of `uuid` strings: `uuid` (default: `uuid::Uuid`) or `string`.
        #[arg(long, value_name = "uuid|string", default_value = "uuid")]
        uuid: crate::emit::formats::UuidType,
    },
}

/// Syntax of an exported OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpecFormat {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(run(cli))
}

/// Runs a parsed command; returns the exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check { paths, format } => check(paths, format),
        Command::Regenerate {
            schemas,
            out,
            check,
            no_cache,
        } => regenerate(&schemas, &out, check, !no_cache),
        Command::Validate {
            schema,
            operation,
            request: _,
            response,
            payload,
        } => {
            let kind = response.map_or(
                crate::runtime::PayloadKind::Request,
                crate::runtime::PayloadKind::Response,
            );
            validate(&schema, &operation, kind, &payload)
        }
        Command::Openapi {
            schema,
            all: _,
            out,
            out_dir,
            schemas,
            format,
        } => match (schema, out_dir) {
            (Some(schema), _) => openapi_one(&schema, out.as_deref(), format),
            (None, Some(dir)) => openapi_all(&schemas, &dir, format),
            (None, None) => {
                eprintln!("error: give `--schema FILE` or `--all --out-dir DIR`");
                2
            }
        },
        Command::ImportOpenapi {
            spec,
            out,
            name,
            refs,
            operations,
            tags,
            force,
        } => import_openapi(&spec, out.as_deref(), name, &refs, operations, tags, force),
        Command::Generate {
            schemas,
            crate_dir,
            name,
            operations,
            runtime,
            runtime_path,
            date_time,
            uuid,
        } => {
            let formats = crate::emit::formats::TypedFormats { date_time, uuid };
            let runtime = match runtime {
                crate::emit::RuntimeSource::Inline if runtime_path.is_some() => {
                    eprintln!("error: `--runtime-path` needs `--runtime crate`");
                    return 2;
                }
                crate::emit::RuntimeSource::Inline => crate::krate::CrateRuntime::Inline,
                crate::emit::RuntimeSource::Crate => match runtime_crate_path(runtime_path) {
                    Ok(path) => crate::krate::CrateRuntime::Crate { path: Some(path) },
                    Err(code) => return code,
                },
            };
            generate_crate(&schemas, &crate_dir, name, &operations, &runtime, formats)
        }
        #[cfg(feature = "mock-server")]
        Command::Mock {
            schema,
            host,
            port,
            max_body_bytes,
        } => {
            if let Err(code) = one_file(&schema) {
                return code;
            }
            let host = match resolve_host(&host) {
                Ok(h) => h,
                Err(code) => return code,
            };
            crate::mock::serve::run(&crate::mock::serve::MockArgs {
                schema,
                host,
                port,
                max_body_bytes,
            })
        }
        Command::Diff(args) => crate::diff::command::run(
            &args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
    }
}

/// The `--runtime-path` of `generate --runtime crate`, checked and made absolute, so that the
/// manifest's path dependency resolves from the crate wherever it is. `schemagen-runtime` is
/// not on a registry, so the path is required.
fn runtime_crate_path(path: Option<String>) -> Result<String, u8> {
    let Some(path) = path else {
        eprintln!(
            "error: `--runtime crate` needs `--runtime-path DIR`, the `schemagen-runtime` crate's \
             directory (a checkout's `templates/runtime`): the crate is not on a registry. Or \
             leave `--runtime` at `inline`"
        );
        return Err(2);
    };
    let manifest = std::path::Path::new(&path).join("Cargo.toml");
    let is_runtime = std::fs::read_to_string(&manifest).is_ok_and(|m| {
        m.lines()
            .any(|l| l.replace(' ', "") == "name=\"schemagen-runtime\"")
    });
    if !is_runtime {
        eprintln!(
            "error: `--runtime-path {path}`: {} is not the manifest of the `schemagen-runtime` \
             crate; give the crate's directory (a checkout's `templates/runtime`)",
            manifest.display()
        );
        return Err(2);
    }
    match std::fs::canonicalize(&path) {
        Ok(abs) => Ok(abs.to_string_lossy().into_owned()),
        Err(e) => {
            eprintln!("error: `--runtime-path {path}`: {e}");
            Err(2)
        }
    }
}

/// The address `--host` names: an IP address as written, or a host name's first address (the
/// first IPv4 one if it has any).
#[cfg(feature = "mock-server")]
fn resolve_host(host: &str) -> Result<std::net::IpAddr, u8> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(ip);
    }
    match std::net::ToSocketAddrs::to_socket_addrs(&(host, 0)) {
        // IPv4 first, so that `localhost` is 127.0.0.1 wherever the resolver lists ::1 first.
        Ok(addrs) => match addrs.min_by_key(|a| a.is_ipv6()) {
            Some(a) => Ok(a.ip()),
            None => {
                eprintln!(
                    "error: `--host {host}` has no address; give an IP address such as 127.0.0.1"
                );
                Err(2)
            }
        },
        Err(e) => {
            eprintln!(
                "error: `--host {host}` does not resolve ({e}); give an IP address such as 127.0.0.1"
            );
            Err(2)
        }
    }
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("schemas")]
    } else {
        paths
    }
}

fn print_diagnostics(
    d: &Diagnostics,
    sources: &crate::source::SourceMap,
    format: DiagnosticFormat,
) {
    match format {
        DiagnosticFormat::Text => {
            if !d.is_empty() {
                eprint!("{}", d.render(sources));
            }
        }
        DiagnosticFormat::Json => print!("{}", d.render_json(sources)),
    }
}

fn check(paths: Vec<PathBuf>, format: DiagnosticFormat) -> u8 {
    let schemas = match load_some(&default_paths(paths)) {
        Ok(s) => s,
        Err(code) => return code,
    };
    print_diagnostics(&schemas.diagnostics, &schemas.sources, format);
    if schemas.diagnostics.has_errors() {
        1
    } else {
        if format == DiagnosticFormat::Text {
            eprintln!(
                "checked {} schema file(s): {}",
                schemas.files_read.len(),
                schemas.diagnostics.summary()
            );
        }
        0
    }
}

/// Loads schemas; `Err(2)` after printing when a path cannot be read or the paths name no
/// schema file at all (an empty directory would otherwise check, or generate, nothing and
/// succeed; for `regenerate` that would remove every generated file).
fn load_some(paths: &[PathBuf]) -> Result<crate::Schemas, u8> {
    let schemas = crate::load_paths(paths).map_err(|e| {
        eprintln!("error: {e}");
        2u8
    })?;
    if schemas.files_read.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        eprintln!(
            "error: no schema files (`*.yaml` or `*.yml`) in {}; give schema files or a \
             directory that holds some",
            shown.join(", ")
        );
        return Err(2);
    }
    Ok(schemas)
}

/// Loads and checks schemas, printing diagnostics; `Err(code)` when the run must stop, saying
/// that nothing was `done` (generated, exported, validated).
fn load_checked(paths: &[PathBuf], done: &str) -> Result<crate::Schemas, u8> {
    let schemas = load_some(paths)?;
    if !schemas.diagnostics.is_empty() {
        eprint!("{}", schemas.diagnostics.render(&schemas.sources));
    }
    if schemas.diagnostics.has_errors() {
        eprintln!("error: the schemas have errors; nothing was {done}");
        return Err(1);
    }
    Ok(schemas)
}

/// Loads and checks the one schema file a `--schema FILE` option names.
fn load_one(schema: &std::path::Path, done: &str) -> Result<crate::Schemas, u8> {
    one_file(schema)?;
    load_checked(&[schema.to_path_buf()], done)
}

/// `Err(2)` after printing when a `--schema FILE` option names a directory.
fn one_file(schema: &std::path::Path) -> Result<(), u8> {
    if schema.is_dir() {
        let files = crate::schema_files(&[schema])
            .map(|(f, _)| f)
            .unwrap_or_default();
        let hint = match files.first() {
            Some(f) => format!("give one of its files, e.g. `{}`", f.display()),
            None => "it holds no schema file (`*.yaml` or `*.yml`)".to_string(),
        };
        eprintln!(
            "error: `--schema` takes one schema file, and `{}` is a directory; {hint}",
            schema.display()
        );
        return Err(2);
    }
    Ok(())
}

fn regenerate(paths: &[PathBuf], out: &std::path::Path, check: bool, cache: bool) -> u8 {
    let options = crate::emit::EmitOptions::default();
    // Everything besides file contents that the generated bytes depend on.
    let context = format!("regenerate\0{paths:?}\0{out:?}\0{options:?}");
    let record = cache
        .then(|| crate::freshness::Record::for_output("regenerate", out))
        .flatten();
    if let (true, Some(record)) = (check, &record) {
        let fresh = crate::freshness::Fingerprint::new(&context).and_then(|fp| {
            let (inputs, _) = crate::schema_files(paths).ok()?;
            record.check(fp, &inputs, out)
        });
        if let Some(fresh) = fresh {
            eprint!("{}", fresh.warnings);
            eprintln!(
                "up to date: {} file(s) in {}",
                fresh.outputs.len(),
                out.display()
            );
            return 0;
        }
    }
    let schemas = match load_checked(paths, "generated") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let files = match crate::generate(&schemas, &options) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    // The record covers the bytes this run loaded and verified or wrote, never a second read
    // of the disk, and the directory listing taken before comparing or writing: whatever
    // changes meanwhile makes the next check miss rather than trust it.
    let listing = crate::freshness::rust_files_in(out).ok();
    let remember = |record: &crate::freshness::Record, names: &[PathBuf]| {
        let Some(mut fp) = crate::freshness::Fingerprint::new(&context) else {
            return;
        };
        for (_, file) in schemas.sources.files() {
            fp.input(&file.path, file.text.as_bytes());
        }
        for (rel, text) in &files {
            fp.output(rel, Some(text.as_bytes()));
        }
        fp.listing(names);
        let fresh = crate::freshness::Fresh {
            outputs: files.keys().cloned().collect(),
            warnings: if schemas.diagnostics.is_empty() {
                String::new()
            } else {
                schemas.diagnostics.render(&schemas.sources)
            },
        };
        // A record that cannot be written only costs the next check its fast path.
        let _ = record.save(fp, &fresh);
    };
    if check {
        return match crate::write::stale(&files, out) {
            Ok(stale) if stale.is_empty() => {
                if let (Some(record), Some(names)) = (&record, &listing) {
                    remember(record, names);
                }
                eprintln!("up to date: {} file(s) in {}", files.len(), out.display());
                0
            }
            Ok(stale) => {
                for (path, why) in &stale {
                    println!("stale: {} ({why})", path.display());
                }
                // The command that fixes it: the same paths, without `--check`.
                let mut fix = "cargo run -p schemagen -- regenerate".to_string();
                if paths != [PathBuf::from("schemas")] {
                    for p in paths {
                        fix.push_str(&format!(" --schemas {}", p.display()));
                    }
                }
                if out != std::path::Path::new("generated/src") {
                    fix.push_str(&format!(" --out {}", out.display()));
                }
                eprintln!("{} file(s) out of date; run `{fix}`", stale.len());
                1
            }
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", out.display());
                2
            }
        };
    }
    match crate::write::write_if_changed(&files, out) {
        Ok(summary) => {
            if let (Some(record), Some(before)) = (&record, &listing) {
                // What the directory holds now: the listing from before, the files written,
                // less the orphans removed.
                let mut names: Vec<PathBuf> = before
                    .iter()
                    .chain(files.keys().filter(|rel| {
                        rel.parent() == Some(std::path::Path::new(""))
                            && rel.extension().is_some_and(|x| x == "rs")
                    }))
                    .filter(|n| {
                        !summary
                            .removed
                            .iter()
                            .any(|r| r.strip_prefix(out).is_ok_and(|r| r == n.as_path()))
                    })
                    .cloned()
                    .collect();
                names.sort();
                names.dedup();
                remember(record, &names);
            }
            for p in &summary.written {
                println!("wrote {}", p.display());
            }
            for p in &summary.removed {
                println!("removed {}", p.display());
            }
            eprintln!(
                "{} written, {} unchanged, {} removed",
                summary.written.len(),
                summary.unchanged.len(),
                summary.removed.len()
            );
            0
        }
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", out.display());
            2
        }
    }
}

/// The first line of every `Cargo.toml` that `generate --crate` writes.
const MANIFEST_MARKER: &str = "# @generated by schemagen";

fn generate_crate(
    paths: &[PathBuf],
    dir: &std::path::Path,
    name: Option<String>,
    operations: &[String],
    runtime: &crate::krate::CrateRuntime,
    formats: crate::emit::formats::TypedFormats,
) -> u8 {
    let name = match name {
        Some(n) => n,
        None => match dir.file_name().map(|n| n.to_string_lossy().into_owned()) {
            Some(n) => n,
            None => {
                eprintln!("error: give the package a name with `--name NAME`");
                return 2;
            }
        },
    };
    if !crate::krate::is_package_name(&name) {
        eprintln!(
            "error: `{name}` is not a package name (letters, digits, `-` and `_`, starting with a \
             letter); give one with `--name`"
        );
        return 2;
    }
    let mut schemas = match load_checked(paths, "generated") {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(unknown) = schemas.retain_operations(operations) {
        for u in unknown {
            eprintln!("error: {u}");
        }
        return 2;
    }
    let sources = match crate::generate(&schemas, &crate::krate::emit_options(runtime, formats)) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let manifest_path = dir.join("Cargo.toml");
    match std::fs::read_to_string(&manifest_path) {
        Ok(existing) if !existing.starts_with(MANIFEST_MARKER) => {
            eprintln!(
                "error: {} exists and was not written by schemagen; nothing was written (choose \
                 another directory, or remove it)",
                manifest_path.display()
            );
            return 2;
        }
        _ => {}
    }
    let files = crate::krate::crate_files(&name, &schemas.ir, runtime, formats, sources);
    // `src/` is written like `regenerate` writes it (orphaned generated files removed); the
    // manifest and README beside it.
    let (src, top): (crate::emit::Files, crate::emit::Files) =
        files.into_iter().partition(|(p, _)| p.starts_with("src"));
    let src: crate::emit::Files = src
        .into_iter()
        .filter_map(|(p, t)| p.strip_prefix("src").ok().map(|r| (r.to_path_buf(), t)))
        .collect();
    let (mut written, mut removed) = (0, 0);
    for result in [
        crate::write::write_if_changed(&src, &dir.join("src")),
        crate::write::write_if_changed(&top, dir),
    ] {
        match result {
            Ok(summary) => {
                for p in &summary.written {
                    println!("wrote {}", p.display());
                }
                for p in &summary.removed {
                    println!("removed {}", p.display());
                }
                written += summary.written.len();
                removed += summary.removed.len();
            }
            Err(e) => {
                eprintln!("error: cannot write to {}: {e}", dir.display());
                return 2;
            }
        }
    }
    let removed = if removed > 0 {
        format!(", {removed} removed")
    } else {
        String::new()
    };
    eprintln!(
        "crate `{name}` in {}: {written} file(s) written{removed}; build it with `cargo build --all-features`",
        dir.display()
    );
    0
}

/// Reads a payload file (or standard input for `-`) and parses it as JSON. `Err(code)` after
/// printing: 2 when it cannot be read, 1 when it is not JSON (an invalid payload).
pub fn read_payload(path: &std::path::Path) -> Result<serde_json::Value, u8> {
    let text = if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map(|_| s)
    } else {
        std::fs::read_to_string(path)
    };
    let text = text.map_err(|e| {
        eprintln!("error: cannot read `{}`: {e}", path.display());
        2
    })?;
    serde_json::from_str(&text).map_err(|e| {
        println!("\"\" syntax the payload is not JSON: {e}");
        1
    })
}

/// Prints a report in the validate output contract and returns the exit code.
pub fn print_report(report: &crate::runtime::Report) -> u8 {
    for v in report.violations() {
        println!("{v}");
    }
    u8::from(report.has_errors())
}

fn validate(
    schema: &std::path::Path,
    operation: &str,
    kind: crate::runtime::PayloadKind,
    payload: &std::path::Path,
) -> u8 {
    let schemas = match load_one(schema, "validated") {
        Ok(s) => s,
        Err(1) => return 2,
        Err(code) => return code,
    };
    let Some(api) = schemas.ir.apis.first() else {
        eprintln!("error: `{}` defines no API", schema.display());
        return 2;
    };
    let value = match read_payload(payload) {
        Ok(v) => v,
        Err(code) => return code,
    };
    match crate::validate::validate_payload(api, operation, kind, &value) {
        Ok(report) => print_report(&report),
        Err(e) => {
            match api.operations.iter().find(|o| o.id == operation) {
                // The operation exists: say which payloads it documents.
                Some(op) => {
                    let mut documented = Vec::new();
                    if op.request.is_some() {
                        documented.push("the request (`--request`)".to_string());
                    }
                    for r in op.responses.iter().filter(|r| r.body.is_some()) {
                        documented.push(match r.status {
                            crate::ir::Status::Code(c) => format!("`--response {c}`"),
                            crate::ir::Status::Default => {
                                "the `default` response (`--response` with any other status)"
                                    .to_string()
                            }
                        });
                    }
                    let listed = if documented.is_empty() {
                        "none".to_string()
                    } else {
                        documented.join(", ")
                    };
                    eprintln!("error: {e}; payloads documented by `{operation}`: {listed}");
                }
                None => {
                    let ops: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
                    eprintln!(
                        "error: {e}; operations of `{}`: {}",
                        api.name,
                        ops.join(", ")
                    );
                }
            }
            2
        }
    }
}

fn output_format(
    format: Option<SpecFormat>,
    out: Option<&std::path::Path>,
) -> crate::openapi::OutputFormat {
    use crate::openapi::OutputFormat;
    match format {
        Some(SpecFormat::Json) => OutputFormat::Json,
        Some(SpecFormat::Yaml) => OutputFormat::Yaml,
        None => match out.and_then(|o| o.extension()).and_then(|e| e.to_str()) {
            Some("yaml" | "yml") => OutputFormat::Yaml,
            _ => OutputFormat::Json,
        },
    }
}

fn write_output(path: &std::path::Path, text: &str) -> Result<(), u8> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            eprintln!("error: cannot create {}: {e}", parent.display());
            return Err(2);
        }
    }
    crate::write::write_atomic(path, text.as_bytes()).map_err(|e| {
        eprintln!("error: cannot write {}: {e}", path.display());
        2
    })
}

fn openapi_one(
    schema: &std::path::Path,
    out: Option<&std::path::Path>,
    format: Option<SpecFormat>,
) -> u8 {
    let schemas = match load_one(schema, "exported") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(api) = schemas.ir.apis.first() else {
        eprintln!("error: `{}` defines no API", schema.display());
        return 1;
    };
    let exported = crate::openapi::export(api);
    for w in &exported.warnings {
        eprintln!("{}", w.one_line(&schemas.sources));
    }
    let text = crate::openapi::render(&exported, output_format(format, out));
    match out {
        Some(path) => match write_output(path, &text) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                0
            }
            Err(code) => code,
        },
        None => {
            print!("{text}");
            0
        }
    }
}

fn openapi_all(dir: &std::path::Path, out_dir: &std::path::Path, format: Option<SpecFormat>) -> u8 {
    let schemas = match load_checked(&[dir.to_path_buf()], "exported") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let format = output_format(format, None);
    for api in &schemas.ir.apis {
        let file = &schemas.sources.get(api.file).path;
        let stem = file
            .file_stem()
            .map_or_else(|| api.name.clone(), |s| s.to_string_lossy().into_owned());
        let exported = crate::openapi::export(api);
        for w in &exported.warnings {
            eprintln!("{}: {}", file.display(), w.one_line(&schemas.sources));
        }
        let path = out_dir.join(format!("{stem}.openapi.{}", format.extension()));
        if let Err(code) = write_output(&path, &crate::openapi::render(&exported, format)) {
            return code;
        }
        println!("wrote {}", path.display());
    }
    0
}

/// Parses `ADDRESS=FILE` (the address may itself contain `=`; the file is after the last one).
pub fn parse_ref(s: &str) -> Result<(String, PathBuf), String> {
    match s.rsplit_once('=') {
        Some((a, f)) if !a.is_empty() && !f.is_empty() => Ok((a.to_string(), PathBuf::from(f))),
        _ => Err(format!("expected ADDRESS=FILE, found `{s}`")),
    }
}

fn import_openapi(
    spec: &std::path::Path,
    out: Option<&std::path::Path>,
    name: Option<String>,
    refs: &[(String, PathBuf)],
    operations: Vec<String>,
    tags: Vec<String>,
    force: bool,
) -> u8 {
    use crate::openapi::import;
    if let Some(n) = &name {
        let ok = crate::ident::snake(n).as_deref() == Some(n.as_str()) && !n.starts_with('_');
        if !ok {
            eprintln!("error: `--name {n}` is not a snake_case module name (e.g. `petstore`)");
            return 2;
        }
    }
    let text = match std::fs::read_to_string(spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", spec.display());
            return 2;
        }
    };
    let file_name = spec.file_name().map(|f| f.to_string_lossy().into_owned());
    let syntax = import::SpecSyntax::guess(file_name.as_deref(), &text);
    let doc = match import::parse_spec(&text, syntax) {
        Ok(d) => d,
        Err(d) => {
            eprintln!("{}", d.one_line_in(&spec.display().to_string()));
            return 1;
        }
    };
    let external = match crate::openapi::bundle::read_external(&doc, Some(spec), refs) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let opts = import::ImportOptions {
        name,
        fallback_name: out
            .and_then(|o| o.file_stem())
            .map(|s| s.to_string_lossy().into_owned()),
        source: file_name,
        address: spec.to_string_lossy().replace('\\', "/"),
        external,
        operations,
        tags,
    };
    let imported = match import::import_doc(&doc, &opts) {
        Ok(i) => i,
        Err(diags) => {
            for d in diags {
                eprintln!("{}", d.one_line_in(&spec.display().to_string()));
            }
            return 1;
        }
    };
    print_import_diagnostics(spec, &imported.diagnostics);
    let shown = out.map_or_else(|| "(output)".to_string(), |o| o.display().to_string());
    let loaded = crate::load_str(&shown, &imported.schema);
    match out {
        Some(path) => {
            // A schema is the source of truth once imported: never replace other contents
            // (hand edits, or another API's schema) unless asked to.
            let existing = std::fs::read_to_string(path).ok();
            if existing.is_some_and(|e| e != imported.schema) && !force {
                eprintln!(
                    "error: {} exists with other contents; nothing was written. Choose another \
                     `--out`, or pass `--force` to replace it",
                    path.display()
                );
                return 2;
            }
            if let Err(code) = write_output(path, &imported.schema) {
                return code;
            }
        }
        None => print!("{}", imported.schema),
    }
    if !loaded.diagnostics.is_empty() {
        eprint!("{}", loaded.diagnostics.render(&loaded.sources));
    }
    if loaded.diagnostics.has_errors() {
        eprintln!("error: the imported schema does not load cleanly; fix it by hand");
        return 1;
    }
    let (types, ops) = loaded
        .ir
        .apis
        .first()
        .map_or((0, 0), |a| (a.types.len(), a.operations.len()));
    eprintln!(
        "imported `{}` (OpenAPI {}): {types} type(s), {ops} operation(s), {} warning(s){}",
        imported.api_name,
        imported.openapi_version,
        imported.diagnostics.len(),
        out.map_or(String::new(), |o| format!(", written to {}", o.display()))
    );
    0
}

/// Prints import warnings, at most five of each code (with a count of the rest).
fn print_import_diagnostics(spec: &std::path::Path, diags: &[crate::openapi::ImportDiagnostic]) {
    let mut shown: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in diags {
        let n = shown.entry(d.code).or_default();
        *n += 1;
        if *n <= 5 {
            eprintln!("{}", d.one_line_in(&spec.display().to_string()));
        }
    }
    for (code, n) in shown {
        if n > 5 {
            eprintln!(
                "{}: ... and {} more `{code}` warning(s)",
                spec.display(),
                n - 5
            );
        }
    }
}
