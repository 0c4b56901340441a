//! The build-script API: rerun-if-changed lines, the same output as the CLI, and a real crate
//! that is built, edited and rebuilt with cargo.

use schemagen::{Builder, Layout};
use schemagen_tests::repo_root;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn rerun_lines_name_every_file_and_directory_read_and_nothing_in_out_dir() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let schemas = tmp.path().join("schemas");
    std::fs::create_dir_all(&schemas).expect("dir");
    let source = repo_root().join("tests/buildscript-demo/schemas/callcenter.yaml");
    std::fs::copy(&source, schemas.join("callcenter.yaml")).expect("copy");
    std::fs::write(schemas.join("notes.txt"), "not a schema").expect("write");
    let out = tmp.path().join("out");
    let extra = out.join("generated.yaml");
    std::fs::create_dir_all(&out).expect("out");
    let other = std::fs::read_to_string(&source).expect("schema").replacen(
        "name: callcenter",
        "name: callcenter_copy",
        1,
    );
    std::fs::write(&extra, other).expect("write");
    let g = Builder::new()
        .input(&schemas)
        .out_dir(&out)
        .generate()
        .expect("generates");
    let lines = g.rerun_if_changed(Some(&out));
    assert_eq!(
        lines,
        [
            format!("cargo:rerun-if-changed={}", schemas.display()),
            format!(
                "cargo:rerun-if-changed={}",
                schemas.join("callcenter.yaml").display()
            ),
        ]
    );
    // A schema inside OUT_DIR is read but never named (cargo would rerun forever).
    let g = Builder::new()
        .input(&schemas)
        .input(&extra)
        .out_dir(&out)
        .generate();
    let lines = match g {
        Ok(g) => g.rerun_if_changed(Some(&out)),
        Err(e) => panic!("{e}"),
    };
    assert!(
        lines.iter().all(|l| !l.contains("generated.yaml")),
        "{lines:?}"
    );
}

#[test]
fn the_builder_and_the_cli_give_the_same_output() {
    let g = Builder::new()
        .input(repo_root().join("schemas"))
        .options(schemagen::emit::EmitOptions::default())
        .layout(Layout::Crate)
        .generate()
        .expect("generates");
    for (rel, text) in &g.files {
        let on_disk = std::fs::read_to_string(repo_root().join("generated/src").join(rel))
            .expect("written by `regenerate`");
        assert!(
            *text == on_disk,
            "{} differs between the builder and `schemagen regenerate`",
            rel.display()
        );
    }
    assert!(g.files.contains_key(Path::new("lib.rs")));
}

#[test]
fn the_builder_generates_mock_servers_on_request() {
    let close = repo_root().join("schemas/close.yaml");
    let plain = Builder::new().input(&close).generate().expect("generates");
    let plain = &plain.files[Path::new("close.rs")];
    assert!(!plain.contains("pub mod mock"), "no mock unless asked for");
    let with = Builder::new()
        .input(&close)
        .mock(true, Some("fake-vendor"))
        .generate()
        .expect("generates");
    let module = &with.files[Path::new("close.rs")];
    assert!(module.contains("#[cfg(feature = \"fake-vendor\")]\npub mod mock {"));
    assert!(module.contains("pub struct MockServer"));
    assert!(module.contains("fn mock_check_update_call_activity_id("));
    let ungated = Builder::new()
        .input(&close)
        .mock(true, None)
        .generate()
        .expect("generates");
    assert!(!ungated.files[Path::new("close.rs")].contains("#[cfg(feature"));
    // The mock checks requests with the validators.
    let err = Builder::new()
        .input(&close)
        .validators(false)
        .mock(true, None)
        .generate()
        .expect_err("a mock needs the validators");
    assert!(err.to_string().contains("turn the validators on"), "{err}");
}

#[test]
fn include_layout_has_an_index_and_no_inner_attributes() {
    let g = Builder::new()
        .input(repo_root().join("schemas/close.yaml"))
        .generate()
        .expect("generates");
    let index = g.files.get(Path::new("schemagen.rs")).expect("index");
    assert!(
        index.contains("pub use ::schemagen_runtime as runtime;")
            && index.contains("pub mod close {")
    );
    assert!(!g.files.contains_key(Path::new("lib.rs")));
    for (rel, text) in &g.files {
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("//!") || l.starts_with("#![")),
            "{} has inner attributes",
            rel.display()
        );
    }
}

#[test]
fn a_broken_schema_is_a_one_line_error_not_a_panic() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let schema = tmp.path().join("broken.yaml");
    std::fs::write(
        &schema,
        "api:\n  name: demo\n  title: Demo\n  version: \"1\"\n  descripton: typo\n",
    )
    .expect("write");
    let err = Builder::new()
        .input(&schema)
        .out_dir(tmp.path())
        .cargo_metadata(false)
        .compile()
        .expect_err("fails");
    let shown = format!("{err:?}");
    assert_eq!(shown.lines().count(), 1, "{shown}");
    assert!(
        shown.contains("1 error(s)") && shown.contains("broken.yaml"),
        "{shown}"
    );
}

// ---- a real crate, built with cargo ----------------------------------------------------------

struct Crate {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Crate {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = repo_root();
        let demo = root.join("tests/buildscript-demo");
        std::fs::create_dir_all(dir.path().join("schemas")).expect("dirs");
        std::fs::create_dir_all(dir.path().join("src")).expect("dirs");
        std::fs::copy(
            demo.join("schemas/callcenter.yaml"),
            dir.path().join("schemas/callcenter.yaml"),
        )
        .expect("schema");
        std::fs::copy(demo.join("build.rs"), dir.path().join("build.rs")).expect("build.rs");
        std::fs::write(
            dir.path().join("src/lib.rs"),
            "include!(concat!(env!(\"OUT_DIR\"), \"/schemagen.rs\"));\n",
        )
        .expect("lib");
        std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("lock");
        let manifest = format!(
            "[package]\nname = \"buildscript-copy\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
             [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
             schemagen-runtime = {{ path = {:?}, features = [\"chrono\", \"uuid\"] }}\n\
             chrono = {{ version = \"=0.4.45\", default-features = false, features = [\"std\", \"serde\"] }}\n\
             uuid = {{ version = \"=1.29.3\", default-features = false, features = [\"std\", \"serde\"] }}\n\n\
             [build-dependencies]\nschemagen = {{ path = {:?} }}\n",
            root.join("templates/runtime").display().to_string(),
            root.join("generator").display().to_string()
        );
        std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("manifest");
        // The shared scratch target directory (like trybuild), kept between runs for speed.
        let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch");
        Crate { dir, target }
    }

    fn cargo_build(&self) -> (bool, String, String) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let out = Command::new(cargo)
            .args(["build", "-v", "--message-format=json"])
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn schema(&self) -> PathBuf {
        self.dir.path().join("schemas/callcenter.yaml")
    }
}

/// The generated module of the last build, found through cargo's build-script message.
fn generated_module(stdout: &str) -> String {
    let out_dir = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| {
            m["reason"] == "build-script-executed"
                && m["package_id"]
                    .as_str()
                    .is_some_and(|p| p.contains("buildscript-copy"))
        })
        .filter_map(|m| m["out_dir"].as_str().map(PathBuf::from))
        .next_back()
        .expect("the build script ran");
    std::fs::read_to_string(out_dir.join("callcenter.rs")).expect("generated module")
}

fn build_script_ran(stderr: &str) -> bool {
    stderr.lines().any(|l| {
        l.contains("Running") && l.contains("buildscript-copy") && l.contains("build-script-build")
    })
}

#[test]
fn editing_a_schema_regenerates_and_an_unchanged_build_does_not_rerun() {
    let krate = Crate::new();
    let (ok, stdout, stderr) = krate.cargo_build();
    assert!(ok, "first build fails:\n{stderr}");
    assert!(!generated_module(&stdout).contains("priority"));

    let (ok, _, stderr) = krate.cargo_build();
    assert!(ok, "{stderr}");
    assert!(
        !build_script_ran(&stderr),
        "an unchanged build reran the build script:\n{stderr}"
    );

    let text = std::fs::read_to_string(krate.schema()).expect("schema");
    let edited = text.replacen(
        "      follow_up_at:",
        "      priority:\n        type: int32\n        minimum: 1\n        maximum: 5\n        description: How urgent the follow-up is.\n      follow_up_at:",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(krate.schema(), edited).expect("edit");
    let (ok, stdout, stderr) = krate.cargo_build();
    assert!(ok, "{stderr}");
    assert!(
        build_script_ran(&stderr),
        "the edit did not rerun the build script"
    );
    assert!(
        generated_module(&stdout).contains("pub priority"),
        "the new field is generated"
    );

    // A broken schema: the located diagnostic is in the build output, with a one-line summary.
    std::fs::write(
        krate.schema(),
        std::fs::read_to_string(krate.schema())
            .expect("schema")
            .replacen("maximum: 5", "maximun: 5", 1),
    )
    .expect("break");
    let (ok, _, stderr) = krate.cargo_build();
    assert!(!ok, "a broken schema must fail the build");
    assert!(
        stderr.contains("schemas/callcenter.yaml:"),
        "no location in:\n{stderr}"
    );
    assert!(
        stderr.contains("unknown key `maximun`") && stderr.contains("did you mean `maximum`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("schemagen: 1 error(s) in schemas/callcenter.yaml"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_client_is_opt_in_for_build_scripts() {
    let schema = repo_root().join("schemas/close.yaml");
    let plain = Builder::new().input(&schema).generate().expect("generates");
    assert!(!plain.files.values().any(|t| t.contains("pub mod client")));
    let index = plain.files.get(Path::new("schemagen.rs")).expect("index");
    assert!(
        index.contains("pub use ::schemagen_runtime as runtime;"),
        "{index}"
    );
    assert!(index.contains("runtime::is_compatible("), "{index}");
    assert!(!plain.files.contains_key(Path::new("runtime.rs")));
    let with = Builder::new()
        .input(&schema)
        .client(true, Some("http"))
        .runtime(schemagen::emit::RuntimeSource::Inline)
        .generate()
        .expect("generates");
    let index = with.files.get(Path::new("schemagen.rs")).expect("index");
    assert!(index.contains("pub mod runtime {"), "{index}");
    let runtime = with
        .files
        .get(Path::new("runtime.rs"))
        .expect("inlined runtime");
    assert!(
        runtime.contains("#[cfg(feature = \"http\")]\npub mod client {"),
        "the client module is gated by the crate's feature"
    );
    // Included files may not carry inner doc comments.
    assert!(!runtime.lines().any(|l| l.starts_with("//!")));
}
