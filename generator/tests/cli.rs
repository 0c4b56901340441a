//! The command-line contract: exit codes and output lines of `schemagen`.

mod common;

use common::{schemagen, text};

#[test]
fn check_exits_0_on_the_shipped_schemas() {
    let out = schemagen(&["check", "schemas/"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("checked 4 schema file(s): 0 errors"));
}

#[test]
fn check_exits_1_with_every_located_error() {
    let out = schemagen(&["check", "tests/fixtures/broken/26-three-mistakes.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for located in [
        "26-three-mistakes.yaml:9:27",
        "26-three-mistakes.yaml:10:22",
        "26-three-mistakes.yaml:15:18",
    ] {
        assert!(err.contains(located), "missing {located} in\n{err}");
    }
    assert!(err.contains("3 errors, 0 warnings"));
}

#[test]
fn check_json_prints_one_object_per_line() {
    let out = schemagen(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/broken/26-three-mistakes.yaml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["code"], "unknown-key");
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[0]["column"].as_u64()),
        (Some(9), Some(27))
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(schemagen(&["check", "no/such/dir"]).status.code(), Some(2));
    assert_eq!(schemagen(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        schemagen(&["validate", "--schema", "schemas/close.yaml"])
            .status
            .code(),
        Some(2)
    );
    let out = schemagen(&[
        "validate",
        "--schema",
        "schemas/close.yaml",
        "--operation",
        "update_call_activity",
        "missing.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read `missing.json`"));
    let out = schemagen(&[
        "validate",
        "--schema",
        "schemas/close.yaml",
        "--operation",
        "delete_everything",
        "tests/fixtures/examples/close.update_call_activity.response-200.created-status.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("operations of `close`: update_call_activity"));
}

#[test]
fn validate_prints_one_line_per_violation_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let payload = dir.path().join("p.json");
    std::fs::write(
        &payload,
        r#"{"duration": 604801, "phone": "555", "note": "a", "note_html": "<p>b</p>"}"#,
    )
    .expect("write");
    let out = schemagen(&[
        "validate",
        "--schema",
        "schemas/close.yaml",
        "--operation",
        "update_call_activity",
        payload.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with("/duration maximum "));
    // Sorted by pointer; warnings are marked, not moved.
    assert!(lines[1].starts_with("warning: /note precedence "));
    assert!(lines[2].starts_with("/phone format "));
}

#[test]
fn validate_exits_0_on_a_valid_payload_even_with_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let payload = dir.path().join("p.json");
    std::fs::write(&payload, r#"{"note": "a", "note_html": "<p>b</p>"}"#).expect("write");
    let out = schemagen(&[
        "validate",
        "--schema",
        "schemas/close.yaml",
        "--operation",
        "update_call_activity",
        "--request",
        payload.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).starts_with("warning: /note precedence"));
    let resp =
        "tests/fixtures/examples/close.update_call_activity.response-200.created-status.json";
    let out = schemagen(&[
        "validate",
        "--schema",
        "schemas/close.yaml",
        "--operation",
        "update_call_activity",
        "--response",
        "200",
        resp,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn regenerate_check_reports_stale_files_and_exits_1_without_writing() {
    assert_eq!(schemagen(&["regenerate", "--check"]).status.code(), Some(0));
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().to_str().expect("utf-8");
    let out = schemagen(&["regenerate", "--check", "--out", out_dir]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("stale: ") && l.ends_with("(missing)"))
            .count(),
        5
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "--check writes nothing"
    );
    let out = schemagen(&["regenerate", "--out", out_dir]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        schemagen(&["regenerate", "--check", "--out", out_dir])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn regenerate_refuses_broken_schemas_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = schemagen(&[
        "regenerate",
        "--schemas",
        "tests/fixtures/broken/02-unknown-key.yaml",
        "--out",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing was generated"));
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

/// `regenerate` with its freshness records kept in `cache`.
fn regenerate_cached(cache: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_schemagen"))
        .arg("regenerate")
        .args(args)
        .env("SCHEMAGEN_CACHE_DIR", cache)
        .current_dir(common::repo())
        .output()
        .expect("runs")
}

#[test]
fn regenerate_check_answers_from_a_freshness_record_only_while_nothing_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schemas = dir.path().join("schemas");
    std::fs::create_dir(&schemas).expect("mkdir");
    for name in ["close.yaml", "bird.yaml"] {
        std::fs::copy(
            common::repo().join("schemas").join(name),
            schemas.join(name),
        )
        .expect("copy");
    }
    let out = dir.path().join("out");
    let cache = dir.path().join("cache");
    let (schemas_s, out_s) = (
        schemas.to_str().expect("utf-8"),
        out.to_str().expect("utf-8"),
    );
    let args = ["--schemas", schemas_s, "--out", out_s];
    let check = [&args[..], &["--check"]].concat();
    let code = |a: &[&str]| regenerate_cached(&cache, a).status.code();

    // `--no-cache` neither reads nor leaves a record.
    assert_eq!(code(&[&args[..], &["--no-cache"]].concat()), Some(0));
    assert!(!cache.exists(), "--no-cache wrote a record");
    // A regeneration leaves one; checks agree with it while nothing changes.
    assert_eq!(code(&args), Some(0));
    assert_eq!(std::fs::read_dir(&cache).expect("cache").count(), 1);
    let checked = regenerate_cached(&cache, &check);
    assert_eq!(checked.status.code(), Some(0));
    assert!(text(&checked.stderr).contains("up to date: 3 file(s) in"));

    // Each change the full check would see is seen with a record in place.
    let close = out.join("close.rs");
    let original = std::fs::read_to_string(&close).expect("read");
    std::fs::write(&close, format!("{original}// edited\n")).expect("write");
    let stale = regenerate_cached(&cache, &check);
    assert_eq!(stale.status.code(), Some(1));
    assert!(text(&stale.stdout).contains("close.rs (changed)"));
    std::fs::write(&close, &original).expect("write");
    assert_eq!(code(&check), Some(0));

    let orphan = out.join("old.rs");
    std::fs::write(&orphan, "// @generated by schemagen\n").expect("write");
    assert!(text(&regenerate_cached(&cache, &check).stdout).contains("old.rs (orphaned)"));
    std::fs::remove_file(&orphan).expect("rm");
    assert_eq!(code(&check), Some(0));

    let schema = schemas.join("close.yaml");
    let yaml = std::fs::read_to_string(&schema).expect("read");
    let edited = yaml.replacen("maximum: 604800", "maximum: 604801", 1);
    assert_ne!(edited, yaml);
    std::fs::write(&schema, &edited).expect("write");
    assert_eq!(code(&check), Some(1));
    // Regenerating brings it back in line, and the record follows.
    assert_eq!(code(&args), Some(0));
    assert_eq!(code(&check), Some(0));
    std::fs::write(schemas.join("extra.yaml"), "not: [a schema").expect("write");
    assert_eq!(
        code(&check),
        Some(1),
        "a new schema file is loaded, not skipped"
    );
}

#[test]
fn paths_without_schema_files_are_a_usage_error_and_nothing_is_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let kept = out.join("close.rs");
    std::fs::write(&kept, "// @generated by schemagen\n").expect("write");
    let (empty_s, out_s) = (empty.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    for args in [
        vec!["check", empty_s],
        vec!["regenerate", "--schemas", empty_s, "--out", out_s],
        vec![
            "regenerate",
            "--schemas",
            empty_s,
            "--out",
            out_s,
            "--check",
        ],
    ] {
        let run = schemagen(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(
            text(&run.stderr).contains("no schema files (`*.yaml` or `*.yml`) in"),
            "{}",
            text(&run.stderr)
        );
    }
    assert!(kept.exists(), "a generated file was removed");
}

#[test]
fn a_directory_given_as_one_schema_file_is_refused_with_a_file_to_use() {
    for args in [
        vec![
            "validate",
            "--schema",
            "schemas",
            "--operation",
            "update_call",
            "-",
        ],
        vec!["openapi", "--schema", "schemas"],
    ] {
        let run = schemagen(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = text(&run.stderr);
        assert!(err.contains("`schemas` is a directory"), "{err}");
        assert!(err.contains("e.g. `schemas/bird.yaml`"), "{err}");
    }
}

#[test]
fn a_missing_response_payload_lists_what_the_operation_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let payload = dir.path().join("p.json");
    std::fs::write(&payload, "{}").expect("write");
    let run = schemagen(&[
        "validate",
        "--schema",
        "schemas/close.yaml",
        "--operation",
        "update_call_activity",
        "--response",
        "500",
        payload.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = text(&run.stderr);
    assert!(
        err.contains("payloads documented by `update_call_activity`: the request (`--request`), `--response 200`"),
        "{err}"
    );
}

#[test]
fn import_never_replaces_other_contents_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("close.yaml");
    let original =
        std::fs::read_to_string(common::repo().join("schemas/close.yaml")).expect("read");
    std::fs::write(&out, &original).expect("write");
    let out_s = out.to_str().expect("utf-8");
    let spec = "tests/fixtures/openapi/petstore.json";
    let refused = schemagen(&["import-openapi", spec, "--out", out_s]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("pass `--force` to replace it"));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), original);
    // With --force it is replaced; importing the same again is no conflict.
    assert_eq!(
        schemagen(&["import-openapi", spec, "--out", out_s, "--force"])
            .status
            .code(),
        Some(0)
    );
    let imported = std::fs::read_to_string(&out).expect("read");
    assert_ne!(imported, original);
    assert_eq!(
        schemagen(&["import-openapi", spec, "--out", out_s])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(std::fs::read_to_string(&out).expect("read"), imported);
}

#[test]
fn generate_with_the_runtime_crate_needs_its_directory_and_writes_it_absolute() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("calls");
    let krate_s = krate.to_str().expect("utf-8");
    let base = [
        "generate",
        "--schemas",
        "schemas/close.yaml",
        "--crate",
        krate_s,
        "--runtime",
        "crate",
    ];
    let missing = schemagen(&base);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("needs `--runtime-path DIR`"));
    let wrong = schemagen(&[&base[..], &["--runtime-path", "schemas"]].concat());
    assert_eq!(wrong.status.code(), Some(2));
    assert!(text(&wrong.stderr).contains("is not the manifest of the `schemagen-runtime` crate"));
    assert!(!krate.exists(), "nothing is written on a usage error");
    let ok = schemagen(&[&base[..], &["--runtime-path", "templates/runtime"]].concat());
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).expect("manifest");
    let absolute = std::fs::canonicalize(common::repo().join("templates/runtime")).expect("path");
    assert!(
        manifest.contains(&format!("path = \"{}\"", absolute.display())),
        "{manifest}"
    );
}

#[test]
fn generate_reports_removed_files_as_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krate = dir.path().join("two");
    let krate_s = krate.to_str().expect("utf-8");
    let two = schemagen(&[
        "generate",
        "--schemas",
        "schemas/close.yaml",
        "schemas/bird.yaml",
        "--crate",
        krate_s,
    ]);
    assert_eq!(two.status.code(), Some(0), "{}", text(&two.stderr));
    let one = schemagen(&[
        "generate",
        "--schemas",
        "schemas/close.yaml",
        "--crate",
        krate_s,
    ]);
    assert_eq!(one.status.code(), Some(0));
    let out = text(&one.stdout);
    assert!(
        out.lines()
            .any(|l| l.starts_with("removed ") && l.ends_with("bird.rs")),
        "{out}"
    );
    assert!(
        !out.lines()
            .any(|l| l.starts_with("wrote ") && l.ends_with("bird.rs")),
        "{out}"
    );
    assert!(
        text(&one.stderr).contains(", 1 removed;"),
        "{}",
        text(&one.stderr)
    );
    assert!(!krate.join("src/bird.rs").exists());
}

#[test]
fn a_stale_check_names_the_command_that_fixes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_s = dir.path().to_str().expect("utf-8");
    let run = schemagen(&[
        "regenerate",
        "--schemas",
        "schemas/close.yaml",
        "--out",
        out_s,
        "--check",
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).contains(&format!(
            "run `cargo run -p schemagen -- regenerate --schemas schemas/close.yaml --out {out_s}`"
        )),
        "{}",
        text(&run.stderr)
    );
}
