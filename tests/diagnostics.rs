//! One test per broken-schema fixture: every mistake class yields a located error with a hint,
//! all mistakes of a run are reported together, and the rendering is snapshotted.

use schemagen_tests::{files_with_ext, fixture, render_relative, repo_root};
use std::path::Path;

/// The codes a fixture declares on its first line: `# expect: code`.
fn expected_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect: "))
        .expect("fixture starts with `# expect: code`")
        .trim()
        .to_string()
}

fn load(paths: &[&Path]) -> schemagen::Schemas {
    // Relative paths keep the snapshots independent of where the repository is checked out.
    let root = repo_root();
    let rel: Vec<_> = paths
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
        .collect();
    std::env::set_current_dir(&root).expect("repository root exists");
    schemagen::load_paths(&rel).expect("fixtures are readable")
}

#[test]
fn every_broken_fixture_reports_its_mistake_with_a_location_and_hint() {
    let files = files_with_ext(&fixture("broken"), "yaml");
    assert!(
        files.len() >= 20,
        "the corpus has at least 20 broken schemas, found {}",
        files.len()
    );
    for path in files {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
        let schemas = load(&[&path]);
        let code = expected_code(&path);
        assert!(
            schemas.diagnostics.has_errors(),
            "{name}: no error reported"
        );
        assert!(
            schemas.diagnostics.iter().any(|d| d.code == code),
            "{name}: expected a `{code}` diagnostic, got {:?}",
            schemas
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        );
        for d in schemas.diagnostics.iter() {
            assert!(d.hint.is_some(), "{name}: `{}` has no hint", d.code);
            let span = d.span().expect("a schema diagnostic has a span");
            assert!(span.end >= span.start);
        }
        let rendered = render_relative(&schemas);
        assert!(
            rendered.contains(&format!("{name}.yaml:")),
            "{name}: rendering names file:line:column"
        );
        insta::assert_snapshot!(name, rendered);
    }
}

#[test]
fn mistakes_across_two_files_are_all_reported_in_one_run() {
    let dir = fixture("broken/multi-file");
    let schemas = load(&[dir.as_path()]);
    let codes: Vec<&str> = schemas
        .diagnostics
        .sorted()
        .iter()
        .map(|d| d.code)
        .collect();
    for expected in [
        "unknown-key",
        "unknown-type",
        "impossible-constraint",
        "duplicate-name",
        "undeclared-path-parameter",
    ] {
        assert!(
            codes.contains(&expected),
            "missing `{expected}` in {codes:?}"
        );
    }
    let files: std::collections::BTreeSet<_> = schemas
        .diagnostics
        .iter()
        .filter_map(|d| d.span())
        .map(|s| s.file)
        .collect();
    assert_eq!(files.len(), 2, "both files have diagnostics");
    insta::assert_snapshot!("multi-file", render_relative(&schemas));
}

#[test]
fn misspelled_key_unknown_type_and_bad_path_parameter_are_three_located_errors() {
    let path = fixture("broken/26-three-mistakes.yaml");
    let schemas = load(&[&path]);
    let located: Vec<(String, usize, usize)> = schemas
        .diagnostics
        .sorted()
        .iter()
        .map(|d| {
            let span = d.span().expect("a schema diagnostic has a span");
            let f = schemas.sources.get(span.file);
            let (l, c) = f.line_col(span.start);
            (d.code.to_string(), l, c)
        })
        .collect();
    assert_eq!(
        located,
        vec![
            ("unknown-key".to_string(), 9, 27),
            ("unknown-type".to_string(), 10, 22),
            ("undeclared-path-parameter".to_string(), 15, 18),
        ]
    );
}

#[test]
fn json_format_has_file_line_column_code_message_hint() {
    let path = fixture("broken/02-unknown-key.yaml");
    let schemas = load(&[&path]);
    let json = schemas.diagnostics.render_json(&schemas.sources);
    let first: serde_json::Value =
        serde_json::from_str(json.lines().next().expect("one line")).expect("valid JSON");
    for key in [
        "file", "line", "column", "severity", "code", "message", "hint",
    ] {
        assert!(first.get(key).is_some(), "missing `{key}` in {first}");
    }
    assert_eq!(first["code"], "unknown-key");
    assert_eq!(first["line"], 9);
    assert!(
        first["hint"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean `required`"))
    );
}

#[test]
fn nothing_panics_on_truncated_or_garbled_schemas() {
    let text = std::fs::read_to_string(repo_root().join("schemas/bird.yaml")).expect("bird schema");
    // Every prefix on a line boundary, and a few byte-level corruptions.
    let mut cut = 0;
    for line in text.lines().take(400) {
        cut += line.len() + 1;
        let _ = schemagen::load_str("prefix.yaml", &text[..cut.min(text.len())]);
    }
    for garbage in [
        "",
        ":",
        "- - -",
        "api: [",
        "api:\n  name: {",
        "\t\tapi",
        "types: !!binary x",
        "*alias",
        "&a [1, *a]",
    ] {
        let s = schemagen::load_str("garbage.yaml", garbage);
        assert!(s.diagnostics.has_errors(), "`{garbage}` must be reported");
    }
}
