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
