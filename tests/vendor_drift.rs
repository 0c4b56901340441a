//! The vendor drift check (`.ci/vendor-drift`) as a test: every comparison listed in
//! `schemas/vendor-drift/comparisons.txt` runs `schemagen diff` in process with its accept file
//! and must pass (nothing breaking left unaccepted, no stale entry). The accept files must give a
//! reason for every entry, and an accept file that no comparison uses is an error.
//!
//! The vendors' documents live in `shared/vendor-specs/` beside the checkout, never in the
//! repository. Without them (a clone used outside this project's CI) the comparisons cannot run:
//! the test then says so and passes, unless `CI` is set, where their absence is a failure.

use schemagen_tests::repo_root;
use std::path::PathBuf;

fn shared() -> PathBuf {
    repo_root().join("..").join("shared")
}

struct Comparison {
    accept: String,
    args: Vec<String>,
}

fn comparisons() -> Vec<Comparison> {
    let list = repo_root().join("schemas/vendor-drift/comparisons.txt");
    let text = std::fs::read_to_string(&list).expect("comparisons.txt is readable");
    let shared = shared();
    let root = repo_root();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace();
            let accept = words.next().expect("accept file").to_string();
            let args = words
                .map(|w| {
                    let w = w.replace("$SHARED", &shared.display().to_string());
                    // Repository-relative paths (the OLD schema) are made absolute.
                    if w.starts_with("schemas/") {
                        root.join(&w).display().to_string()
                    } else {
                        w
                    }
                })
                .collect();
            Comparison { accept, args }
        })
        .collect()
}

fn run(args: &[String]) -> (u8, String, String) {
    use clap::Parser as _;
    let argv = ["schemagen", "diff"]
        .into_iter()
        .map(String::from)
        .chain(args.iter().cloned());
    let cli = schemagen::cli::Cli::try_parse_from(argv).expect("arguments parse");
    let schemagen::cli::Command::Diff(a) = cli.command else {
        panic!("not a diff command");
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = schemagen::diff::command::run(&a, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn every_vendor_schema_matches_its_published_contract_up_to_accepted_differences() {
    let list = comparisons();
    assert!(
        list.len() >= 4,
        "close and three vcita comparisons are listed"
    );
    if !shared().join("vendor-specs").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have shared/vendor-specs beside the checkout"
        );
        eprintln!("note: no shared/vendor-specs beside the checkout; the drift check did not run");
        return;
    }
    for c in &list {
        let accept = repo_root()
            .join("schemas/vendor-drift")
            .join(&c.accept)
            .display()
            .to_string();
        let mut args = c.args.clone();
        args.extend(["--accept".to_string(), accept.clone()]);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{accept}:\n{out}\n{err}");
        // Every difference of a vendor comparison is accounted for, not only breaking ones.
        for line in out.lines().filter(|l| !l.starts_with("summary:")) {
            assert!(
                line.contains("  accepted: "),
                "{accept}: a difference without an accept entry:\n{line}"
            );
        }
        // Without the accept file, the same comparison shows what was accepted.
        let (_, bare, _) = run(&c.args);
        assert!(
            !bare.contains("accepted:"),
            "{accept}: nothing is accepted without --accept"
        );
    }
}

#[test]
fn accept_files_are_all_used_and_every_entry_has_a_reason() {
    let used: Vec<String> = comparisons().into_iter().map(|c| c.accept).collect();
    let dir = repo_root().join("schemas/vendor-drift");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("schemas/vendor-drift")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".accept.yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in &files {
        assert!(used.contains(f), "{f} is used by no comparison");
        let parsed = schemagen::diff::accept::load_accept(&dir.join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(!parsed.entries.is_empty(), "{f} accepts nothing");
        for e in &parsed.entries {
            assert!(
                e.reason.split_whitespace().count() >= 5,
                "{}: a reason of a few words at least",
                e.location
            );
        }
    }
    for u in &used {
        assert!(files.contains(u), "comparisons.txt names a missing {u}");
    }
}
