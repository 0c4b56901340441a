//! The checked-in generated crate is exactly what the generator produces (byte for byte: the
//! checked-in `generated/src` is the one reviewed copy of the output, so there are no snapshot
//! copies of it), generation is deterministic, and the runtimes are embedded verbatim.

use schemagen::emit::{EmitOptions, emit};
use schemagen_tests::{repo_root, vendor_schemas};

#[test]
fn regenerating_into_a_temporary_directory_matches_the_checked_in_crate() {
    let s = vendor_schemas();
    let files = emit(
        s.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("generation succeeds");
    let tmp = tempfile::tempdir().expect("temp dir");
    let summary = schemagen::write::write_if_changed(&files, tmp.path()).expect("writes");
    assert_eq!(summary.written.len(), files.len());
    let checked_in = repo_root().join("generated/src");
    for rel in files.keys() {
        let fresh = std::fs::read(tmp.path().join(rel)).expect("fresh file");
        let old = std::fs::read(checked_in.join(rel)).unwrap_or_default();
        assert!(
            fresh == old,
            "generated/src/{} is stale: run `cargo run -p schemagen -- regenerate`",
            rel.display()
        );
    }
    assert!(
        schemagen::write::stale(&files, &checked_in)
            .expect("readable")
            .is_empty()
    );
    // A second write changes nothing.
    let again = schemagen::write::write_if_changed(&files, tmp.path()).expect("writes");
    assert!(again.written.is_empty() && again.unchanged.len() == files.len());
}

#[test]
fn generation_is_deterministic() {
    let a = vendor_schemas();
    let b = vendor_schemas();
    let fa = emit(
        a.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("first");
    let fb = emit(
        b.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("second");
    assert_eq!(fa, fb);
}

#[test]
fn every_generated_file_starts_with_the_generated_header_and_parses() {
    let s = vendor_schemas();
    let files = emit(
        s.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("generation succeeds");
    assert_eq!(
        files
            .keys()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>(),
        ["bird.rs", "close.rs", "lib.rs", "salesforce.rs", "vcita.rs"]
    );
    for (rel, text) in &files {
        assert!(
            text.starts_with(schemagen::write::GENERATED_MARKER),
            "{} lacks the header",
            rel.display()
        );
        assert!(text.contains("Do not edit"), "{}", rel.display());
    }
}

#[test]
fn the_inlined_runtime_is_the_runtime_crates_source() {
    let s = vendor_schemas();
    let opts = EmitOptions {
        runtime: schemagen::emit::RuntimeSource::Inline,
        ..EmitOptions::default()
    };
    let files = emit(s.checked().expect("no schema errors"), &opts).expect("generation succeeds");
    let runtime = files
        .get(std::path::Path::new("runtime.rs"))
        .expect("runtime.rs is written when inlined");
    // One source of truth: every line of the crate's lib.rs, client.rs and mock.rs outside the
    // marked crate-only regions is in the output, in order.
    let crate_src = std::fs::read_to_string(repo_root().join("templates/runtime/src/lib.rs"))
        .expect("runtime lib.rs");
    assert_eq!(crate_src, schemagen::emit::RUNTIME_TEMPLATE);
    // Every line of client.rs and its submodules is there too, in order, but for the
    // submodule declarations (written inline) and the feature gates: the vendor schemas have
    // a self-signed JWT, so its gate goes, and tracing keeps the `tracing` feature.
    let client_src = std::fs::read_to_string(repo_root().join("templates/runtime/src/client.rs"))
        .expect("runtime client.rs");
    assert_eq!(client_src, schemagen::emit::CLIENT_RUNTIME_TEMPLATE);
    let mut rest = runtime.as_str();
    for line in client_src.lines().filter(|l| {
        let t = l.trim();
        let declaration = t.starts_with("mod ") && t.ends_with(';');
        !(declaration || t.contains("feature = \"jwt\"") || t.starts_with("// schemagen:"))
    }) {
        let at = rest
            .find(line)
            .unwrap_or_else(|| panic!("client.rs line missing from the inlined runtime: {line}"));
        rest = &rest[at + line.len()..];
    }
    for (name, src) in schemagen::emit::CLIENT_SUBMODULES {
        let body = runtime
            .split_once(&format!("\nmod {name} {{\n"))
            .unwrap_or_else(|| panic!("submodule `{name}` is inlined"))
            .1;
        let mut rest = body;
        for line in src.lines().filter(|l| !l.contains("feature = \"jwt\"")) {
            let at = rest
                .find(line)
                .unwrap_or_else(|| panic!("client/{name}.rs line missing: {line}"));
            rest = &rest[at + line.len()..];
        }
    }
    let mock_src = std::fs::read_to_string(repo_root().join("templates/runtime/src/mock.rs"))
        .expect("runtime mock.rs");
    assert_eq!(mock_src, schemagen::emit::MOCK_RUNTIME_TEMPLATE);
    assert!(runtime.contains(&format!(
        "#[cfg(feature = \"mock\")]\npub mod mock {{\n{mock_src}}}\n"
    )));
    let scan_src = std::fs::read_to_string(repo_root().join("templates/runtime/src/scan.rs"))
        .expect("runtime scan.rs");
    assert_eq!(scan_src, schemagen::emit::SCAN_RUNTIME_TEMPLATE);
    assert!(runtime.contains(&format!("pub mod scan {{\n{scan_src}")));
    let mut rest = runtime.as_str();
    let mut skipping = false;
    // The vendor schemas use chrono and uuid: those regions are kept, without their
    // `#[cfg(feature)]` lines (the runtime crate's features), and the others are dropped.
    for line in crate_src.lines() {
        match line.trim() {
            "// schemagen:crate-only"
            | "// schemagen:client-module"
            | "// schemagen:scan-module"
            | "// schemagen:mock-module"
            | "// schemagen:when jiff"
            | "// schemagen:when time" => skipping = true,
            "// schemagen:when chrono" | "// schemagen:when uuid" => {}
            "#[cfg(feature = \"chrono\")]" | "#[cfg(feature = \"uuid\")]" => {
                assert!(!runtime.contains(line.trim()), "{line} is dropped")
            }
            "// schemagen:end" => skipping = false,
            _ if skipping => {}
            _ => {
                let at = rest
                    .find(line)
                    .unwrap_or_else(|| panic!("line missing from the inlined runtime: {line}"));
                rest = &rest[at + line.len()..];
            }
        }
    }
    // The crate layout re-exports the crate instead, with its version check.
    let crate_files = emit(
        s.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("generation succeeds");
    let lib = &crate_files[std::path::Path::new("lib.rs")];
    assert!(lib.contains("pub use ::schemagen_runtime as runtime;"));
    let (major, minor, _) = schemagen::runtime::VERSION;
    assert!(lib.contains(&format!("runtime::is_compatible({major}, {minor})")));
}

#[test]
fn stale_and_orphaned_files_are_reported_and_repaired() {
    let s = vendor_schemas();
    let files = emit(
        s.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("generation succeeds");
    let tmp = tempfile::tempdir().expect("temp dir");
    schemagen::write::write_if_changed(&files, tmp.path()).expect("writes");
    std::fs::write(
        tmp.path().join("close.rs"),
        "// @generated by schemagen, edited by hand\n",
    )
    .expect("edit");
    std::fs::write(
        tmp.path().join("old_vendor.rs"),
        "// @generated by schemagen from old.yaml\n",
    )
    .expect("orphan");
    std::fs::write(tmp.path().join("handwritten.rs"), "// not generated\n").expect("hand-written");
    std::fs::remove_file(tmp.path().join("vcita.rs")).expect("remove");
    let stale = schemagen::write::stale(&files, tmp.path()).expect("readable");
    let described: Vec<String> = stale
        .iter()
        .map(|(p, why)| {
            format!(
                "{} {why}",
                p.file_name().and_then(|n| n.to_str()).unwrap_or("?")
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            "close.rs changed",
            "old_vendor.rs orphaned",
            "vcita.rs missing"
        ]
    );
    let summary = schemagen::write::write_if_changed(&files, tmp.path()).expect("repairs");
    assert_eq!(summary.written.len(), 2);
    assert_eq!(summary.removed.len(), 1);
    assert!(
        tmp.path().join("handwritten.rs").exists(),
        "files without the marker are never touched"
    );
    assert!(
        schemagen::write::stale(&files, tmp.path())
            .expect("readable")
            .is_empty()
    );
}
