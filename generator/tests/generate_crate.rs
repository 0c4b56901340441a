//! `schemagen generate --crate DIR`: a complete crate that builds with `cargo build
//! --all-features` and passes clippy without edits, from a vendor schema and from an imported
//! third-party OpenAPI document; rewrites nothing when nothing changed; never overwrites a
//! `Cargo.toml` it did not write.

mod common;

use common::{repo, schemagen, text};
use std::path::Path;
use std::process::Command;

/// Runs cargo in a generated crate, with the workspace's lock file so the versions are the
/// tested ones, and a target directory shared between runs.
fn cargo_in(dir: &Path, args: &[&str]) {
    std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "`cargo {}` failed in {}:\n{}",
        args.join(" "),
        dir.display(),
        text(&out.stderr)
    );
}

#[test]
fn the_pinned_versions_are_the_workspace_ones() {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).expect("workspace manifest");
    let pin = |krate: &str| -> String {
        let line = manifest
            .lines()
            .find(|l| l.starts_with(&format!("{krate} = ")))
            .unwrap_or_else(|| panic!("{krate} is pinned in the workspace"));
        let start = line.find("\"=").expect("an exact version") + 1;
        let end = line[start..].find('"').expect("closing quote") + start;
        line[start..end].to_string()
    };
    use schemagen::krate::versions;
    assert_eq!(versions::SERDE, pin("serde"));
    assert_eq!(versions::SERDE_JSON, pin("serde_json"));
    assert_eq!(versions::REGEX, pin("regex"));
    assert_eq!(versions::HTTP, pin("http"));
    assert_eq!(versions::REQWEST, pin("reqwest"));
    assert_eq!(versions::CHRONO, pin("chrono"));
    assert_eq!(versions::JIFF, pin("jiff"));
    assert_eq!(versions::TIME, pin("time"));
    assert_eq!(versions::UUID, pin("uuid"));
    assert_eq!(versions::TOKIO, pin("tokio"));
    assert_eq!(versions::HTTPDATE, pin("httpdate"));
    assert_eq!(versions::JSONWEBTOKEN, pin("jsonwebtoken"));
    assert_eq!(versions::TRACING, pin("tracing"));
    assert_eq!(versions::HYPER, pin("hyper"));
    assert_eq!(versions::HYPER_UTIL, pin("hyper-util"));
    assert_eq!(versions::HTTP_BODY_UTIL, pin("http-body-util"));
}

#[test]
fn a_vendor_schema_becomes_a_crate_that_builds_and_passes_clippy() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("close-api");
    let d = dir.to_str().expect("utf-8");
    let out = schemagen(&[
        "generate",
        "--schemas",
        "schemas/close.yaml",
        "--crate",
        d,
        "--name",
        "close-api",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"close-api\""));
    assert!(
        manifest
            .contains("client = [\"dep:http\", \"dep:reqwest\", \"dep:tokio\", \"dep:httpdate\"]")
    );
    assert!(manifest.contains("mock = [\"dep:http\", \"dep:hyper\""));
    // Close's schema has no `pattern`, so no `regex`.
    assert!(!manifest.contains("regex"), "{manifest}");
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("readme");
    assert!(readme.contains("| `update_call_activity` | `PUT /activity/call/{id}/` |"));
    for f in ["lib.rs", "close.rs", "runtime.rs"] {
        assert!(dir.join("src").join(f).is_file(), "src/{f}");
    }
    cargo_in(&dir, &["build", "--quiet", "--all-features"]);
    cargo_in(
        &dir,
        &[
            "clippy",
            "--quiet",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    );
    // The same command again writes nothing.
    let again = schemagen(&[
        "generate",
        "--schemas",
        "schemas/close.yaml",
        "--crate",
        d,
        "--name",
        "close-api",
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text(&again.stderr).contains(": 0 file(s) written"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn an_imported_third_party_document_becomes_a_crate_that_builds() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let schema = tmp.path().join("petstore.yaml");
    let out = schemagen(&[
        "import-openapi",
        "tests/fixtures/openapi/petstore.json",
        "--out",
        schema.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dir = tmp.path().join("petstore-api");
    let out = schemagen(&[
        "generate",
        "--schemas",
        schema.to_str().expect("utf-8"),
        "--crate",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("name = \"petstore-api\""),
        "named after the directory"
    );
    cargo_in(&dir, &["build", "--quiet", "--all-features"]);
}

#[test]
fn the_runtime_crate_and_another_date_library_build_too() {
    // `--runtime crate` depends on this checkout's runtime with the features the chosen types
    // need (here `time`, whose serde adapter lives in the runtime, and `uuid`).
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("bird-api");
    let runtime = repo().join("templates/runtime");
    let out = schemagen(&[
        "generate",
        "--schemas",
        "schemas/bird.yaml",
        "schemas/salesforce.yaml",
        "--crate",
        dir.to_str().expect("utf-8"),
        "--runtime",
        "crate",
        "--runtime-path",
        runtime.to_str().expect("utf-8"),
        "--date-time",
        "time",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("features = [\"time\", \"uuid\"] }"),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"schemagen-runtime/client\""),
        "{manifest}"
    );
    assert!(
        !manifest.contains("\nreqwest = "),
        "the runtime brings the transport"
    );
    assert!(!dir.join("src/runtime.rs").exists());
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("pub use ::time;") && lib.contains("pub use ::uuid;"));
    cargo_in(&dir, &["build", "--quiet", "--all-features"]);
    // A wrong pairing is a usage error.
    let out = schemagen(&[
        "generate",
        "--schemas",
        "schemas/bird.yaml",
        "--crate",
        dir.to_str().expect("utf-8"),
        "--runtime-path",
        runtime.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`--runtime-path` needs `--runtime crate`"));
}

#[test]
fn a_cargo_toml_schemagen_did_not_write_is_never_overwritten() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mine = "[package]\nname = \"mine\"\nversion = \"1.0.0\"\n";
    std::fs::write(tmp.path().join("Cargo.toml"), mine).expect("write");
    let out = schemagen(&[
        "generate",
        "--schemas",
        "schemas/close.yaml",
        "--crate",
        tmp.path().to_str().expect("utf-8"),
        "--name",
        "close-api",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("was not written by schemagen"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("Cargo.toml")).expect("read"),
        mine
    );
    assert!(!tmp.path().join("src").exists(), "nothing was written");
}

#[test]
fn usage_errors_exit_2_and_schema_errors_exit_1() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let d = tmp.path().join("x");
    let out = schemagen(&[
        "generate",
        "--schemas",
        "schemas/close.yaml",
        "--crate",
        d.to_str().expect("utf-8"),
        "--name",
        "not a name",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not a package name"));
    let out = schemagen(&[
        "generate",
        "--schemas",
        "tests/fixtures/broken/26-three-mistakes.yaml",
        "--crate",
        d.to_str().expect("utf-8"),
        "--name",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!d.exists(), "nothing was written");
}

#[test]
fn operation_keeps_only_the_named_operations_and_the_types_they_reach() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let schema = tmp.path().join("petstore.yaml");
    let out = schemagen(&[
        "import-openapi",
        "tests/fixtures/openapi/petstore.json",
        "--out",
        schema.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dir = tmp.path().join("orders");
    let args = |op: &'static str| {
        vec![
            "generate".to_string(),
            "--schemas".to_string(),
            schema.display().to_string(),
            "--crate".to_string(),
            dir.display().to_string(),
            "--operation".to_string(),
            op.to_string(),
        ]
    };
    // A misspelt id: nothing written, and a hint.
    let bad = Command::new(env!("CARGO_BIN_EXE_schemagen"))
        .args(args("placeOrdr"))
        .current_dir(repo())
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("did you mean `placeOrder`?"),
        "{}",
        text(&bad.stderr)
    );
    assert!(!dir.exists());
    let ok = Command::new(env!("CARGO_BIN_EXE_schemagen"))
        .args(args("placeOrder"))
        .current_dir(repo())
        .output()
        .expect("runs");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("readme");
    assert!(readme.contains("`placeOrder`"));
    assert!(!readme.contains("`listPets`"), "only the named operation");
    let module = std::fs::read_to_string(dir.join("src/petstore.rs")).expect("module");
    assert!(module.contains("pub struct Order "), "the type it reaches");
    for gone in ["pub struct Pet ", "pub struct User ", "pub enum Animal "] {
        assert!(!module.contains(gone), "`{gone}` is not reached");
    }
    cargo_in(&dir, &["build", "--quiet", "--all-features"]);
}

#[test]
fn a_self_signed_jwt_schema_builds_with_every_feature_in_both_runtime_modes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let runtime = repo().join("templates/runtime");
    for (mode, extra) in [
        ("inline", Vec::new()),
        (
            "crate",
            vec![
                "--runtime".to_string(),
                "crate".to_string(),
                "--runtime-path".to_string(),
                runtime.display().to_string(),
            ],
        ),
    ] {
        let dir = tmp.path().join(format!("salesforce-{mode}"));
        let mut args = vec![
            "generate".to_string(),
            "--schemas".to_string(),
            "schemas/salesforce.yaml".to_string(),
            "--crate".to_string(),
            dir.display().to_string(),
            "--name".to_string(),
            "salesforce-api".to_string(),
        ];
        args.extend(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = schemagen(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
        let jwt = if mode == "inline" {
            "\"dep:jsonwebtoken\"]"
        } else {
            "\"schemagen-runtime/jwt\"]"
        };
        assert!(manifest.contains(jwt), "{manifest}");
        assert!(manifest.contains("tracing = [\"client\", "), "{manifest}");
        cargo_in(
            &dir,
            &[
                "clippy",
                "--quiet",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
        );
    }
}

#[test]
fn with_the_runtime_crate_the_mock_feature_builds_alone_and_with_the_client() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("bird-api");
    let runtime = repo().join("templates/runtime");
    let out = schemagen(&[
        "generate",
        "--schemas",
        "schemas/bird.yaml",
        "--crate",
        dir.to_str().expect("utf-8"),
        "--runtime",
        "crate",
        "--runtime-path",
        runtime.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("mock = [\"schemagen-runtime/mock\"]"),
        "{manifest}"
    );
    assert!(!manifest.contains("hyper = "), "{manifest}");
    let module = std::fs::read_to_string(dir.join("src/bird.rs")).expect("module");
    assert!(module.contains("#[cfg(feature = \"mock\")]\npub mod mock {"));
    cargo_in(&dir, &["build", "--quiet", "--features", "mock"]);
    cargo_in(&dir, &["build", "--quiet", "--features", "mock,client"]);
}
