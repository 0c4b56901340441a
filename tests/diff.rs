//! `schemagen diff`: one fixture pair per kind of difference (text and JSON output snapshotted),
//! and the command line's exit codes, accept files and usage errors.
//!
//! The command runs in process, like the other command-line tests: the arguments go through the
//! same clap parser as the binary, and `schemagen::diff::command::run` writes into buffers.

use schemagen_tests::{fixture, repo_root, schema};
use std::path::{Path, PathBuf};

struct Run {
    code: u8,
    out: String,
    err: String,
}

/// Paths in the output relative to the repository root, for stable snapshots.
fn clean(bytes: Vec<u8>) -> String {
    let root = format!("{}/", repo_root().display());
    String::from_utf8_lossy(&bytes).replace(&root, "")
}

fn diff(args: &[&str]) -> Run {
    use clap::Parser as _;
    let argv = ["schemagen", "diff"]
        .into_iter()
        .chain(args.iter().copied());
    match schemagen::cli::Cli::try_parse_from(argv) {
        Ok(cli) => match cli.command {
            schemagen::cli::Command::Diff(a) => {
                let (mut out, mut err) = (Vec::new(), Vec::new());
                let code = schemagen::diff::command::run(&a, &mut out, &mut err);
                Run {
                    code,
                    out: clean(out),
                    err: clean(err),
                }
            }
            other => panic!("`diff` parsed as {other:?}"),
        },
        Err(e) => Run {
            code: 2,
            out: String::new(),
            err: e.to_string(),
        },
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn pair_paths(dir: &str, new: &str) -> (PathBuf, PathBuf) {
    (
        fixture(&format!("diff/{dir}/old.yaml")),
        fixture(&format!("diff/{dir}/{new}")),
    )
}

/// Runs a fixture pair in both formats, checks the exit code and snapshots both outputs.
fn check_pair(dir: &str, new: &str, code: u8) -> String {
    let (old, new) = pair_paths(dir, new);
    let text = diff(&[s(&old), s(&new)]);
    assert_eq!(text.code, code, "{}{}", text.out, text.err);
    insta::assert_snapshot!(format!("{dir}.text"), text.out);
    let json = diff(&[s(&old), s(&new), "--format", "json"]);
    assert_eq!(json.code, code, "{}", json.err);
    let parsed: serde_json::Value = serde_json::from_str(&json.out).expect("one JSON document");
    assert_eq!(
        parsed["differences"].as_array().map(Vec::len),
        Some(
            (text.out.lines())
                .filter(|l| ["breaking ", "stricter ", "compatible "]
                    .iter()
                    .any(|c| l.starts_with(c)))
                .count()
        ),
        "the JSON lists the differences the text lists"
    );
    insta::assert_snapshot!(format!("{dir}.json"), json.out);
    text.out
}

macro_rules! pairs {
    ($($test:ident: $dir:literal, $new:literal => $code:literal, [$($needle:literal),*];)*) => {
        $(
            #[test]
            fn $test() {
                let out = check_pair($dir, $new, $code);
                $(assert!(out.contains($needle), "`{}` not in:\n{out}", $needle);)*
            }
        )*
    };
}

pairs! {
    enum_value_removed_from_a_request_enum: "enum-value-removed", "new.yaml" => 1,
        ["breaking   update_order request /status enum-value-removed: \"canceled\" → (absent)",
         "stricter   update_order request /status enum-value-added"];
    optional_request_field_made_required: "required-added", "new.yaml" => 1,
        ["breaking   update_order request /status required-added: false → true"];
    field_type_changed: "type-changed", "new.yaml" => 1,
        ["breaking   update_order request /quantity type-changed: \"integer\" → \"string\"",
         "breaking   update_order response 200 /total type-changed"];
    response_field_made_optional: "response-field-optional", "new.yaml" => 1,
        ["breaking   update_order response 200 /id required-removed",
         "breaking   update_order response 200 /total nullable-added",
         "compatible update_order response 200 /created field-added"];
    enum_opened_and_closed: "enum-open-closed", "new.yaml" => 0,
        ["stricter   update_order request /status enum-opened",
         "compatible update_order response 200 /status enum-closed",
         "semver: major"];
    bounds: "bounds", "new.yaml" => 1,
        ["breaking   update_order request /quantity maximum-changed: 100 → 50",
         "stricter   update_order request /quantity minimum-changed: 1 → 0",
         "stricter   update_order request /tags/* min-length-changed"];
    format_pattern_and_const: "format-pattern-const", "new.yaml" => 1,
        ["breaking   update_order request /email format-changed: \"email\" → \"uri\"",
         "breaking   update_order request /email pattern-changed",
         "compatible update_order response 200 /id const-changed"];
    union_variants: "union-variants", "new.yaml" => 1,
        ["breaking   update_order response 200 /events/*/kind variant-added: (absent) → \"refunded\"",
         "breaking   update_order response 200 /ref variant-added"];
    unknown_fields_rejected: "unknown-fields-rejected", "new.yaml" => 1,
        ["breaking   update_order request \"\" unknown-fields-rejected: \"allow\" → \"reject\"",
         "breaking   update_order request /tags field-removed"];
    parameters: "parameters", "new.yaml" => 1,
        ["breaking   update_order parameters /path/id format-changed",
         "breaking   update_order parameters /query/dry_run required-added",
         "breaking   update_order parameters /header/X-Tenant parameter-added",
         "stricter   update_order parameters /header/X-Request-Id required-removed"];
    responses: "responses", "new.yaml" => 1,
        ["breaking   update_order response 201 \"\" response-added",
         "compatible update_order response 409 \"\" response-added",
         "stricter   update_order request \"\" body-required-changed: true → false"];
    operations_added_and_removed: "operations", "new.yaml" => 1,
        ["breaking   delete_order operation \"\" operation-removed",
         "compatible get_order operation \"\" operation-added"];
    recursive_types_terminate_and_renames_are_major: "recursive-and-renamed", "new.yaml" => 0,
        ["update_order response 200 /tree/name max-length-changed",
         "rust major: type `Order`: Rust name `Order` → `PurchaseOrder`",
         "semver: major (2 breaking Rust changes)"];
    an_openapi_document_against_a_schema: "openapi-vs-schema", "new.json" => 1,
        ["breaking   update_order=putOrder request /status enum-value-removed: \"canceled\"",
         "breaking   update_order=putOrder response 200 /note required-removed"];
    identical: "identical", "new.yaml" => 0, ["summary: 0 breaking, 0 stricter, 0 compatible"];
}

#[test]
fn an_openapi_document_side_has_no_semver_line() {
    let (old, new) = pair_paths("openapi-vs-schema", "new.json");
    let run = diff(&[s(&old), s(&new)]);
    assert!(!run.out.contains("semver:"), "{}", run.out);
    assert!(
        run.err.contains("note: NEW") || run.err.is_empty(),
        "{}",
        run.err
    );
    let json = diff(&[s(&old), s(&new), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.out).expect("JSON");
    assert_eq!(v["semver"], serde_json::Value::Null);
    assert_eq!(v["new"]["kind"], "openapi 3.1.0");
}

#[test]
fn every_vendor_schema_compared_with_itself_has_no_difference() {
    for name in ["bird", "close", "salesforce", "vcita"] {
        let path = schema(name);
        let run = diff(&[s(&path), s(&path)]);
        assert_eq!(run.code, 0, "{name}: {}{}", run.out, run.err);
        assert!(
            !run.out.lines().any(|l| l.starts_with("breaking")),
            "{name}: {}",
            run.out
        );
        assert!(run.out.ends_with("semver: patch\n"), "{name}: {}", run.out);
    }
}

#[test]
fn the_binary_entry_point_runs_diff() {
    use clap::Parser as _;
    let path = fixture("diff/identical/old.yaml");
    let cli = schemagen::cli::Cli::try_parse_from(["schemagen", "diff", s(&path), s(&path)])
        .expect("arguments parse");
    assert_eq!(schemagen::cli::run(cli), 0);
}

fn accept_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("accept.yaml");
    std::fs::write(&path, text).expect("write the accept file");
    path
}

#[test]
fn an_accept_file_accepts_breaking_differences() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let accept = accept_file(
        tmp.path(),
        "# the shop dropped `canceled`\naccept:\n  - operation: update_order\n    part: request\n    \
         pointer: /status\n    kind: enum-value-removed\n    old: canceled\n    \
         reason: nobody cancels orders through the API\n",
    );
    let (old, new) = pair_paths("enum-value-removed", "new.yaml");
    let run = diff(&[s(&old), s(&new), "--accept", s(&accept)]);
    assert_eq!(run.code, 0, "{}{}", run.out, run.err);
    assert!(
        run.out.contains(
            "enum-value-removed: \"canceled\" → (absent)  accepted: nobody cancels orders through \
             the API"
        ),
        "{}",
        run.out
    );
    assert!(
        run.out.contains("summary: 1 breaking (1 accepted)"),
        "{}",
        run.out
    );
    let json = diff(&[s(&old), s(&new), "--accept", s(&accept), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.out).expect("JSON");
    assert_eq!(v["summary"]["unaccepted_breaking"], 0);
    assert_eq!(v["summary"]["breaking"], 1);
}

#[test]
fn a_stale_accept_entry_fails_the_run() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let accept = accept_file(
        tmp.path(),
        "accept:\n  - operation: update_order\n    pointer: /note\n    kind: nullable-removed\n    \
         reason: it was fixed long ago\n",
    );
    let path = fixture("diff/identical/old.yaml");
    let run = diff(&[s(&path), s(&path), "--accept", s(&accept)]);
    assert_eq!(run.code, 1, "{}{}", run.out, run.err);
    assert!(
        run.out.contains(
            "accept.yaml:2:5: update_order /note nullable-removed (matches no difference)"
        ),
        "{}",
        run.out
    );
    assert!(run.out.contains("stale accept entry: "), "{}", run.out);
}

#[test]
fn an_accept_entry_without_a_reason_is_a_usage_error_with_its_location() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let accept = accept_file(
        tmp.path(),
        "accept:\n  - operation: update_order\n    pointer: /status\n    kind: enum-value-removed\n",
    );
    let (old, new) = pair_paths("enum-value-removed", "new.yaml");
    let run = diff(&[s(&old), s(&new), "--accept", s(&accept)]);
    assert_eq!(run.code, 2, "{}{}", run.out, run.err);
    assert!(
        run.err
            .contains("accept.yaml:2:5: error: this accept entry has no `reason` (required)"),
        "{}",
        run.err
    );
    assert!(run.out.is_empty(), "{}", run.out);
}

#[test]
fn a_bad_kind_in_an_accept_file_gets_a_hint() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let accept = accept_file(
        tmp.path(),
        "accept:\n  - operation: update_order\n    pointer: /status\n    kind: enum-removed\n    \
         reason: r\n    reasn: typo\n",
    );
    let path = fixture("diff/identical/old.yaml");
    let run = diff(&[s(&path), s(&path), "--accept", s(&accept)]);
    assert_eq!(run.code, 2);
    assert!(
        run.err
            .contains("accept.yaml:4:11: error: unknown difference kind `enum-removed`"),
        "{}",
        run.err
    );
    assert!(
        run.err
            .contains("unknown key `reasn` in an accept entry; did you mean `reason`?"),
        "{}",
        run.err
    );
}

#[test]
fn an_unknown_operation_is_a_usage_error_with_a_hint() {
    let (old, new) = pair_paths("enum-value-removed", "new.yaml");
    let run = diff(&[s(&old), s(&new), "--operation", "update_ordr"]);
    assert_eq!(run.code, 2, "{}{}", run.out, run.err);
    assert!(
        run.err.contains(
            "unknown operation `update_ordr` in OLD nor NEW; did you mean `update_order`?"
        ),
        "{}",
        run.err
    );
}

#[test]
fn operation_selects_by_old_or_new_id_and_map_pairs_explicitly() {
    let (old, new) = pair_paths("openapi-vs-schema", "new.json");
    let by_new = diff(&[s(&old), s(&new), "--operation", "putOrder"]);
    let by_old = diff(&[s(&old), s(&new), "--operation", "update_order"]);
    assert_eq!(by_new.code, 1);
    assert_eq!(by_new.out, by_old.out);

    let (old, new) = pair_paths("operations", "new.yaml");
    let mapped = diff(&[
        s(&old),
        s(&new),
        "--map",
        "delete_order=get_order",
        "--operation",
        "delete_order",
    ]);
    assert!(!mapped.out.contains("operation-removed"), "{}", mapped.out);
    assert!(
        mapped
            .out
            .contains("delete_order=get_order response 200 \"\" response-added"),
        "{}",
        mapped.out
    );
    let bad = diff(&[s(&old), s(&new), "--map", "delete_order"]);
    assert_eq!(bad.code, 2);
    assert!(bad.err.contains("expected OLD_ID=NEW_ID"), "{}", bad.err);
    let unknown = diff(&[s(&old), s(&new), "--map", "delete_ordr=get_order"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.err.contains("did you mean `delete_order`?"),
        "{}",
        unknown.err
    );
}

#[test]
fn unreadable_and_foreign_files_are_usage_errors() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = fixture("diff/identical/old.yaml");
    let missing = tmp.path().join("missing.yaml");
    let run = diff(&[s(&missing), s(&path)]);
    assert_eq!(run.code, 2);
    assert!(run.err.contains("cannot read"), "{}", run.err);

    let other = tmp.path().join("other.yaml");
    std::fs::write(&other, "name: not an API\n").expect("write");
    let run = diff(&[s(&path), s(&other)]);
    assert_eq!(run.code, 2);
    assert!(run.err.contains("neither a schema"), "{}", run.err);

    let broken = tmp.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "api:\n  name: shop\n  title: Shop\n  version: '1'\n  colour: red\n",
    )
    .expect("write");
    let run = diff(&[s(&path), s(&broken)]);
    assert_eq!(run.code, 2);
    assert!(run.err.contains("unknown key `colour`"), "{}", run.err);
}

#[test]
fn an_external_ref_the_import_drops_is_reported_not_fatal() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let old = fixture("diff/openapi-vs-schema/old.yaml");
    let text = std::fs::read_to_string(fixture("diff/openapi-vs-schema/new.json")).expect("read");
    let text = text.replace(
        "\"#/components/schemas/OrderResource\"",
        "\"https://example.com/entities/order.json\"",
    );
    let new = tmp.path().join("external.json");
    std::fs::write(&new, text).expect("write");
    let run = diff(&[s(&old), s(&new)]);
    assert_eq!(run.code, 1, "{}{}", run.out, run.err);
    assert!(
        run.out.contains(
            "breaking   update_order=putOrder response 200 \"\" type-changed: \"object\" → \"any\""
        ),
        "{}",
        run.out
    );
    assert!(run.err.contains("warning(s), not shown"), "{}", run.err);
}

#[test]
fn idempotency_and_self_signed_changes_are_classified() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: String| {
        let p = tmp.path().join(name);
        std::fs::write(&p, text).expect("write");
        p
    };
    let close = std::fs::read_to_string(repo_root().join("schemas/close.yaml")).expect("close");
    // Close's PUT declared not idempotent: an OLD client would retry what NEW says not to.
    let not_idempotent = write(
        "close-new.yaml",
        close.replace(
            "    method: PUT\n",
            "    method: PUT\n    idempotent: false\n",
        ),
    );
    let old = repo_root().join("schemas/close.yaml");
    let run = diff(&[s(&old), s(&not_idempotent)]);
    assert_eq!(run.code, 1, "{}{}", run.out, run.err);
    assert!(
        run.out.contains(
            "breaking   update_call_activity operation \"\" idempotency-changed: true → false"
        ),
        "{}",
        run.out
    );
    // The other way round only makes the OLD client more careful than it needs to be.
    let run = diff(&[s(&not_idempotent), s(&old)]);
    assert_eq!(run.code, 0, "{}{}", run.out, run.err);
    assert!(
        run.out
            .contains("compatible update_call_activity operation \"\" idempotency-changed"),
        "{}",
        run.out
    );

    let sf = std::fs::read_to_string(repo_root().join("schemas/salesforce.yaml")).expect("sf");
    let old = repo_root().join("schemas/salesforce.yaml");
    let es256 = write(
        "sf-es256.yaml",
        sf.replace("algorithm: RS256", "algorithm: ES256"),
    );
    let run = diff(&[s(&old), s(&es256)]);
    assert_eq!(run.code, 1, "{}{}", run.out, run.err);
    assert!(
        run.out.contains("/auth/bearer_jwt self-signed-changed"),
        "{}",
        run.out
    );
    let longer = write(
        "sf-longer.yaml",
        sf.replace("lifetime_seconds: 300", "lifetime_seconds: 600"),
    );
    let run = diff(&[s(&old), s(&longer)]);
    assert_eq!(run.code, 0, "{}{}", run.out, run.err);
    assert!(
        run.out.contains(
            "compatible create_voice_call operation /auth/bearer_jwt self-signed-changed"
        ),
        "{}",
        run.out
    );
}
