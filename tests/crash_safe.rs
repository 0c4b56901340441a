//! Crash-safe regeneration: regeneration interrupted mid-way (an injected write failure before
//! each file in turn, and a child process killed with SIGKILL at random moments while it
//! regenerates over and over) leaves every generated file either its old or its new version,
//! never truncated or mixed; `regenerate --check` then lists exactly what is stale, and a full
//! run brings everything up to date.

use schemagen::emit::{EmitOptions, Files};
use schemagen::write::{Staleness, stale, write_if_changed, write_if_changed_with};
use schemagen_tests::repo_root;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn generate(schemas: &Path) -> Files {
    let s = schemagen::load_paths(&[schemas]).expect("readable");
    assert!(
        !s.diagnostics.has_errors(),
        "{}",
        s.diagnostics.render(&s.sources)
    );
    schemagen::emit::emit(
        s.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("generates")
}

/// Two schema directories: the vendor schemas (old), and an edited copy (new) in which every
/// API's title changed and `vcita.yaml` is gone (so `vcita.rs` becomes an orphan).
fn two_versions(tmp: &Path) -> (PathBuf, PathBuf) {
    let old = tmp.join("old");
    let new = tmp.join("new");
    std::fs::create_dir_all(&old).expect("dir");
    std::fs::create_dir_all(&new).expect("dir");
    for entry in std::fs::read_dir(repo_root().join("schemas"))
        .expect("schemas")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
    {
        let name = entry.file_name();
        let text = std::fs::read_to_string(entry.path()).expect("read");
        std::fs::write(old.join(&name), &text).expect("write");
        if name != "vcita.yaml" {
            let edited = text.replacen("  title: ", "  title: Edited ", 1);
            assert_ne!(edited, text);
            std::fs::write(new.join(&name), edited).expect("write");
        }
    }
    (old, new)
}

/// Every file of `out`: `.rs` files must be byte-for-byte the old or the new version of
/// themselves (and an old-only file may be gone); anything else may only be a temporary file of
/// an atomic write that a killed process could not remove. Returns the leftover temporary files.
fn assert_old_or_new(out: &Path, old: &Files, new: &Files) -> Vec<PathBuf> {
    let mut leftovers = Vec::new();
    for entry in std::fs::read_dir(out).expect("out").flatten() {
        let path = entry.path();
        let rel = PathBuf::from(entry.file_name());
        let name = rel.to_string_lossy().into_owned();
        if name.starts_with(".schemagen-") && name.ends_with(".tmp") {
            leftovers.push(path);
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        let is_old = old.get(&rel).is_some_and(|t| t.as_bytes() == bytes);
        let is_new = new.get(&rel).is_some_and(|t| t.as_bytes() == bytes);
        assert!(
            is_old || is_new,
            "{name} is neither its old nor its new version ({} bytes)",
            bytes.len()
        );
    }
    for rel in new.keys().filter(|r| !old.contains_key(*r)) {
        let _ = rel; // a file new in this version may not be written yet
    }
    for rel in old.keys().filter(|r| new.contains_key(*r)) {
        assert!(out.join(rel).exists(), "{} vanished", rel.display());
    }
    leftovers
}

fn cli(args: &[&str]) -> u8 {
    use clap::Parser as _;
    let cli = schemagen::cli::Cli::try_parse_from(
        std::iter::once("schemagen").chain(args.iter().copied()),
    )
    .expect("arguments parse");
    schemagen::cli::run(cli)
}

#[test]
fn an_injected_write_failure_before_any_file_leaves_old_or_new_versions_and_check_lists_the_rest() {
    let tmp = tempfile::tempdir().expect("temp");
    let (old_dir, new_dir) = two_versions(tmp.path());
    let (old, new) = (generate(&old_dir), generate(&new_dir));
    let out = tmp.path().join("out");
    let out_s = out.to_str().expect("utf-8").to_string();
    let new_s = new_dir.to_str().expect("utf-8").to_string();
    // How many files a full run replaces or removes.
    let total = {
        write_if_changed(&old, &out).expect("write old");
        stale(&new, &out).expect("stale").len()
    };
    assert!(total >= 5, "only {total} files differ");
    for fail_at in 0..total {
        std::fs::remove_dir_all(&out).expect("reset");
        write_if_changed(&old, &out).expect("write old");
        let mut calls = 0;
        let mut touched: Vec<PathBuf> = Vec::new();
        let err = write_if_changed_with(&new, &out, &mut |p: &Path| {
            if calls == fail_at {
                return Err(std::io::Error::other("injected failure"));
            }
            calls += 1;
            touched.push(p.to_path_buf());
            Ok(())
        })
        .expect_err("the injected failure stops the run");
        assert_eq!(err.to_string(), "injected failure");
        let leftovers = assert_old_or_new(&out, &old, &new);
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
        // Exactly the files not yet written are stale, and `regenerate --check` says so.
        let still: BTreeMap<PathBuf, Staleness> =
            stale(&new, &out).expect("stale").into_iter().collect();
        assert_eq!(still.len(), total - fail_at, "{still:?}");
        for p in &touched {
            assert!(
                !still.contains_key(p),
                "{} was written but is stale",
                p.display()
            );
        }
        assert_eq!(
            cli(&[
                "regenerate",
                "--schemas",
                &new_s,
                "--out",
                &out_s,
                "--check"
            ]),
            1
        );
    }
    // A full run finishes the job.
    assert_eq!(
        cli(&["regenerate", "--schemas", &new_s, "--out", &out_s]),
        0
    );
    assert!(stale(&new, &out).expect("stale").is_empty());
    assert_eq!(
        cli(&[
            "regenerate",
            "--schemas",
            &new_s,
            "--out",
            &out_s,
            "--check"
        ]),
        0
    );
    assert_old_or_new(&out, &new, &new);
}

const CHILD: &str = "SCHEMAGEN_CRASH_CHILD";

/// Run by [`killing_regeneration_at_random_moments_never_leaves_a_partial_file`] as a child
/// process (the same test binary): regenerates `out`, alternating between the two versions,
/// until it is killed. Without the environment variable it does nothing.
#[test]
fn crash_child_regenerates_until_killed() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let mut parts = spec.split('\n');
    let (old_dir, new_dir, out) = (
        PathBuf::from(parts.next().expect("old")),
        PathBuf::from(parts.next().expect("new")),
        PathBuf::from(parts.next().expect("out")),
    );
    let versions = [generate(&old_dir), generate(&new_dir)];
    std::fs::write(out.join("..").join("ready"), "").expect("ready");
    for i in 0.. {
        write_if_changed(&versions[i % 2], &out).expect("write");
    }
}

#[test]
fn killing_regeneration_at_random_moments_never_leaves_a_partial_file() {
    let tmp = tempfile::tempdir().expect("temp");
    let (old_dir, new_dir) = two_versions(tmp.path());
    let (old, new) = (generate(&old_dir), generate(&new_dir));
    let out = tmp.path().join("out");
    let exe = std::env::current_exe().expect("test binary");
    let mut leftovers = 0;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..6 {
        std::fs::create_dir_all(&out).expect("out");
        let _ = std::fs::remove_file(tmp.path().join("ready"));
        write_if_changed(&old, &out).expect("write old");
        let spec = format!(
            "{}\n{}\n{}",
            old_dir.display(),
            new_dir.display(),
            out.display()
        );
        let mut child = std::process::Command::new(&exe)
            .args([
                "crash_child_regenerates_until_killed",
                "--exact",
                "--test-threads=1",
            ])
            .env(CHILD, spec)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("child starts");
        let started = std::time::Instant::now();
        while !tmp.path().join("ready").exists() {
            assert!(
                started.elapsed().as_secs() < 60,
                "the child never got ready"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = 20 + (seed % 300) + round * 10;
        std::thread::sleep(std::time::Duration::from_millis(wait));
        child.kill().expect("kill");
        child.wait().expect("reaped");
        let left = assert_old_or_new(&out, &old, &new);
        leftovers += left.len();
        for l in left {
            std::fs::remove_file(l).expect("remove leftover");
        }
        // `--check` lists what is stale against the new version, and a full run fixes it.
        let out_s = out.to_str().expect("utf-8");
        let new_s = new_dir.to_str().expect("utf-8");
        let stale_now = stale(&new, &out).expect("stale");
        let code = cli(&["regenerate", "--schemas", new_s, "--out", out_s, "--check"]);
        assert_eq!(code, if stale_now.is_empty() { 0 } else { 1 });
        assert_eq!(cli(&["regenerate", "--schemas", new_s, "--out", out_s]), 0);
        assert!(stale(&new, &out).expect("stale").is_empty());
        std::fs::remove_dir_all(&out).expect("reset");
    }
    // A killed process may leave an atomic write's temporary file behind (never a generated
    // file); it is hidden, and neither `--check` nor the next run is confused by it.
    eprintln!("temporary files left by killed runs: {leftovers}");
}
