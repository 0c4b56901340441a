//! Helpers shared by the command-line tests: the repository root, running the built
//! `schemagen`, and reading its output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// Runs the built `schemagen` with `args` in the workspace root.
pub fn schemagen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemagen"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
