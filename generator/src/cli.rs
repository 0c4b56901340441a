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
