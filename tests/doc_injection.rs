//! Documentation injection: schema text reaches doc comments everywhere (API, servers, auth,
//! headers, types, fields, enum values, unions, operations, parameters, responses). Whatever it
//! holds (`*/`, quotes, backslashes, backticks, `#[`, HTML, code fences of both kinds, indented
//! code, broken and intra-doc links, bare URLs, tables, many lines), the generated crate builds
//! under `#![deny(warnings)]`, `cargo doc` passes with `RUSTDOCFLAGS=-D warnings`, and no doctest
//! is found. The checked-in crate's docs pass the same way.

mod support;

use schemagen_tests::{fixture, repo_root};
use std::process::Command;

fn injection_files() -> schemagen::emit::Files {
    let schemas = schemagen::load_paths(&[fixture("doc-injection/injection.yaml")]).expect("read");
    assert!(
        !schemas.diagnostics.has_errors(),
        "{}",
        schemas.diagnostics.render(&schemas.sources)
    );
    let opts = schemagen::emit::EmitOptions {
        client_feature: None,
        mock_feature: None,
        ..Default::default()
    };
    schemagen::emit::emit(schemas.checked().expect("no schema errors"), &opts).expect("generates")
}

#[test]
fn hostile_descriptions_become_plain_doc_lines() {
    let files = injection_files();
    let code = &files[std::path::Path::new("injection.rs")];
    syn::parse_file(code).expect("parses");
    for line in code.lines() {
        let Some(doc) = line
            .trim_start()
            .strip_prefix("///")
            .or_else(|| line.trim_start().strip_prefix("//!"))
        else {
            continue;
        };
        let text = doc.strip_prefix(' ').unwrap_or(doc);
        assert!(
            !text.starts_with("```") && !text.starts_with("~~~"),
            "a code fence survived: {line}"
        );
        assert!(
            !text.starts_with("    ") && !text.starts_with('\t'),
            "an indented (code block) line survived: {line}"
        );
        assert!(
            !text.contains('\r') && !text.contains('\u{202e}'),
            "a CR or bidi override survived: {line:?}"
        );
    }
    // The text is still there, readable.
    assert!(
        code.contains(r"\[broken\](link)"),
        "brackets are escaped, not dropped"
    );
    assert!(
        code.contains("<https://example.com/a_b?c=d>"),
        "bare URLs become autolinks"
    );
    assert!(
        code.contains("``double `tick` code``"),
        "code spans are kept as written"
    );
}

#[test]
fn the_injection_crate_builds_and_documents_with_warnings_denied_and_has_no_doctest() {
    let krate = support::TempCrate::new("doc-injection", &injection_files(), true);
    krate.cargo_ok(&["build", "--lib"]);
    krate.cargo_ok_env(
        &["doc", "--no-deps", "--lib"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    let out = krate.cargo_ok(&["test", "--doc"]);
    assert!(
        out.contains("running 0 tests"),
        "a description became a doctest:\n{out}"
    );
}

#[test]
fn the_checked_in_crate_documents_with_warnings_denied() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch");
    let out = Command::new(cargo)
        .args(["doc", "-p", "voicecall-apis", "--no-deps", "--all-features"])
        .current_dir(repo_root())
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo doc -p voicecall-apis fails:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
