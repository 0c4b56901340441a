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
        #[arg(long)]
        check: bool,
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
        } => regenerate(&schemas, &out, check),
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
    let schemas = match crate::load_paths(&default_paths(paths)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
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

/// Loads and checks schemas, printing diagnostics; `Err(code)` when the run must stop.
fn load_checked(paths: &[PathBuf]) -> Result<crate::Schemas, u8> {
    let schemas = crate::load_paths(paths).map_err(|e| {
        eprintln!("error: {e}");
        2
    })?;
    if !schemas.diagnostics.is_empty() {
        eprint!("{}", schemas.diagnostics.render(&schemas.sources));
    }
    if schemas.diagnostics.has_errors() {
        eprintln!("error: the schemas have errors; nothing was generated");
        return Err(1);
    }
    Ok(schemas)
}

fn regenerate(paths: &[PathBuf], out: &std::path::Path, check: bool) -> u8 {
    let schemas = match load_checked(paths) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let files = match crate::emit::emit(
        &schemas.ir,
        &schemas.sources,
        &crate::emit::EmitOptions::default(),
    ) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if check {
        return match crate::write::stale(&files, out) {
            Ok(stale) if stale.is_empty() => {
                eprintln!("up to date: {} file(s) in {}", files.len(), out.display());
                0
            }
            Ok(stale) => {
                for (path, why) in &stale {
                    println!("stale: {} ({why})", path.display());
                }
                eprintln!(
                    "{} file(s) out of date; run `cargo run -p schemagen -- regenerate`",
                    stale.len()
                );
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
    let schemas = match load_checked(&[schema.to_path_buf()]) {
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
            let ops: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
            eprintln!(
                "error: {e}; operations of `{}`: {}",
                api.name,
                ops.join(", ")
            );
            2
        }
    }
}
