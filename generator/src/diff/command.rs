//! The `schemagen diff` command: arguments, and a run that writes to any output so that tests
//! can read what it prints.

use super::accept::{self, AcceptFile};
use super::load::{self, Side, SideKind};
use super::render::{self, Report, Summary};
use super::{DiffOptions, semver};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// Output format of `schemagen diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DiffFormat {
    /// One line per difference, then a summary.
    #[default]
    Text,
    /// One JSON document.
    Json,
}

/// Arguments of `schemagen diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The old side: a schema file or an OpenAPI 3.0/3.1 document (JSON or YAML).
    pub old: PathBuf,
    /// The new side: a schema file or an OpenAPI 3.0/3.1 document (JSON or YAML).
    pub new: PathBuf,
    /// Compare only this operation (an id of OLD, or of NEW when OLD has none by that name);
    /// repeatable.
    #[arg(long = "operation", value_name = "ID")]
    pub operations: Vec<String>,
    /// Pair OLD's operation OLD_ID with NEW's NEW_ID, whatever their paths; repeatable.
    #[arg(long = "map", value_name = "OLD_ID=NEW_ID", value_parser = parse_map)]
    pub maps: Vec<(String, String)>,
    /// A YAML file of accepted differences, each with a reason.
    #[arg(long, value_name = "FILE")]
    pub accept: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// When importing an OpenAPI side, read the document a `$ref` names by ADDRESS (a URL,
    /// say) from FILE instead; nothing is fetched. Repeatable.
    #[arg(long = "ref", value_name = "ADDRESS=FILE", value_parser = crate::cli::parse_ref)]
    pub refs: Vec<(String, PathBuf)>,
}

/// Parses `OLD_ID=NEW_ID`.
fn parse_map(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() && !b.contains('=') => {
            Ok((a.to_string(), b.to_string()))
        }
        _ => Err(format!("expected OLD_ID=NEW_ID, found `{s}`")),
    }
}

fn note_import(side: &Side, which: &str, err: &mut dyn Write) {
    if let SideKind::OpenApi { version, warnings } = &side.kind {
        if *warnings > 0 {
            let _ = writeln!(
                err,
                "note: {which} `{}` was imported from OpenAPI {version} with {warnings} \
                 warning(s), not shown (`schemagen import-openapi` lists them)",
                side.path.display()
            );
        }
    }
}

/// Runs `schemagen diff`, printing results to `out` and errors and notes to `err`. Returns the
/// exit code: 0 when nothing breaking is left unaccepted and no accept entry is stale, 1 when
/// something is, 2 on usage or I/O errors.
pub fn run(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut sides = Vec::new();
    for path in [&args.old, &args.new] {
        match load::load_side(path, &args.refs) {
            Ok(s) => sides.push(s),
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return 2;
            }
        }
    }
    let (Some(new), Some(old)) = (sides.pop(), sides.pop()) else {
        return 2;
    };
    let accept_file = match &args.accept {
        Some(path) => match accept::load_accept(path) {
            Ok(f) => f,
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return 2;
            }
        },
        None => AcceptFile::default(),
    };
    note_import(&old, "OLD", err);
    note_import(&new, "NEW", err);
    let opts = DiffOptions {
        operations: args.operations.clone(),
        maps: args.maps.clone(),
    };
    let mut comparison = match super::compare_apis(old.api(), new.api(), &opts) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let exists = |id: &str| old.api().operation(id).is_some() || new.api().operation(id).is_some();
    let stale = accept::apply(
        &accept_file,
        &mut comparison.differences,
        &comparison.compared,
        &exists,
    );
    let versions_of_one_schema = old.kind == SideKind::Schema
        && new.kind == SideKind::Schema
        && old.api().name == new.api().name;
    let verdict = versions_of_one_schema
        .then(|| semver::semver(old.api(), new.api(), &comparison.differences));
    let report = Report {
        old: &old,
        new: &new,
        differences: &comparison.differences,
        stale: &stale,
        semver: verdict.as_ref(),
    };
    let text = match args.format {
        DiffFormat::Text => render::text(&report),
        DiffFormat::Json => render::json(&report),
    };
    if out.write_all(text.as_bytes()).is_err() {
        return 2;
    }
    let summary = Summary::of(&comparison.differences);
    u8::from(summary.unaccepted_breaking > 0 || !stale.is_empty())
}
