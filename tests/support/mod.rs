//! Helpers of the robustness tests: a temporary crate of generated code built with cargo, and
//! random schemas.

#![allow(dead_code)]

pub mod random_schema;

use schemagen_tests::repo_root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The date and UUID crates of every typed-format choice (unused ones cost nothing but their
/// build, shared by every temporary crate).
pub const DATE_DEPS: &str = "chrono = { version = \"=0.4.45\", default-features = false, features = [\"std\", \"serde\"] }\n\
     jiff = { version = \"=1.0.2\", default-features = false, features = [\"std\", \"serde\"] }\n\
     time = { version = \"=0.3.55\", default-features = false, features = [\"std\", \"formatting\", \"parsing\"] }\n\
     uuid = { version = \"=1.29.3\", default-features = false, features = [\"std\", \"serde\"] }\n";

/// A temporary crate holding generated files under `src/`, built with cargo in the scratch
/// target directory `<target>/tmp/scratch` (cargo's `CARGO_TARGET_TMPDIR`, so it follows
/// `CARGO_TARGET_DIR`), which every test that builds a crate shares, so dependencies are built
/// once.
pub struct TempCrate {
    pub dir: tempfile::TempDir,
    pub target: PathBuf,
}

impl TempCrate {
    /// `files` are written under `src/`; `lib.rs` gets `#![deny(warnings)]` in front. The crate
    /// depends on `schemagen-runtime` from this checkout (unused when the runtime is inlined).
    /// With `client`, it also depends on `http` and `reqwest` and turns on the runtime's `client`
    /// and `mock` features (for clients and mock servers generated without a feature gate).
    pub fn new(name: &str, files: &schemagen::emit::Files, client: bool) -> Self {
        let dir = tempfile::Builder::new()
            .prefix(&format!("schemagen-{name}-"))
            .tempdir()
            .expect("temp dir");
        let src = dir.path().join("src");
        std::fs::create_dir_all(&src).expect("src");
        for (rel, text) in files {
            let text = if rel == Path::new("lib.rs") {
                format!("#![deny(warnings)]\n{text}")
            } else {
                text.clone()
            };
            let path = src.join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("module dir");
            std::fs::write(path, text).expect("write generated file");
        }
        let root = repo_root();
        std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("lock");
        let runtime_dir = root.join("templates/runtime");
        let (client_deps, runtime_features) = if client {
            (
                "http = \"=1.5.0\"\nreqwest = { version = \"=0.12.28\", default-features = false, features = [\"rustls-tls\"] }\n",
                ", features = [\"client\", \"mock\", \"chrono\", \"jiff\", \"time\", \"uuid\"]",
            )
        } else {
            (
                "",
                ", features = [\"chrono\", \"jiff\", \"time\", \"uuid\"]",
            )
        };
        let runtime_dep = format!(
            "schemagen-runtime = {{ path = {:?}{runtime_features} }}\n",
            runtime_dir.display().to_string()
        );
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
             [dependencies]\nserde = {{ version = \"=1.0.229\", features = [\"derive\"] }}\nserde_json = \"=1.0.154\"\n\
             regex = \"=1.13.1\"\n{runtime_dep}{DATE_DEPS}{client_deps}"
        );
        std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("manifest");
        let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch");
        TempCrate { dir, target }
    }

    /// Adds a file (e.g. `tests/round_trip.rs`).
    pub fn add(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }

    /// Runs cargo with `args` and extra environment; returns (success, stdout, stderr).
    pub fn cargo(&self, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut cmd = Command::new(cargo);
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUSTFLAGS")
            .env_remove("RUSTDOCFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("cargo runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs cargo and fails the test, with its output, unless it succeeds.
    pub fn cargo_ok(&self, args: &[&str]) -> String {
        self.cargo_ok_env(args, &[])
    }

    /// [`TempCrate::cargo_ok`] with extra environment.
    pub fn cargo_ok_env(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let (ok, stdout, stderr) = self.cargo(args, env);
        if !ok {
            let kept = self.dir.path().to_path_buf();
            let keep = std::env::temp_dir().join(format!(
                "failed-{}",
                kept.file_name().and_then(|n| n.to_str()).unwrap_or("crate")
            ));
            let _ = copy_dir(&kept, &keep);
            panic!(
                "`cargo {}` failed (crate copied to {}):\n{stderr}\n{stdout}",
                args.join(" "),
                keep.display()
            );
        }
        stdout
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), dest)?;
        }
    }
    Ok(())
}
