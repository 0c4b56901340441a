//! Typed date-times and UUIDs: what each library choice does to the wire text, and that every
//! choice compiles and keeps the meaning of valid vendor payloads.
//!
//! `voicecall-apis` uses chrono (`DateTime<FixedOffset>` keeps the offset as written). The text
//! of a date-time can still change on re-serialization, and these tests pin exactly how.

mod support;

use schemagen::emit::formats::{DateTimeType, TypedFormats, UuidType};
use schemagen::emit::{EmitOptions, emit};
use serde_json::{Value, json};
use voicecall_apis::{bird, close};

/// Reads a Close call activity with `date_created` set to `text` and returns the text the model
/// writes back.
fn chrono_rewrites(text: &str) -> String {
    let mut body = json!({
        "_type": "Call", "activity_at": null, "contact_id": null, "created_by": null,
        "created_by_name": null, "date_created": text, "date_updated": "2024-05-14T13:31:10Z",
        "id": "acti_1", "lead_id": "lead_1", "organization_id": "orga_1", "outcome_id": null,
        "sequence_id": null, "sequence_name": null, "sequence_subscription_id": null,
        "source": "Close.io", "status": "completed", "updated_by": null,
        "updated_by_name": null, "user_id": "user_1", "user_name": "Jane", "users": []
    });
    let report = voicecall_apis::validate_payload(
        "close.update_call_activity",
        voicecall_apis::runtime::PayloadKind::Response(200),
        &body,
    )
    .expect("documented");
    assert!(report.is_valid(), "{text}: {report}");
    let typed: close::CallActivity =
        serde_json::from_value(body.take()).unwrap_or_else(|e| panic!("{text}: {e}"));
    match serde_json::to_value(&typed).expect("serializes")["date_created"].take() {
        Value::String(s) => s,
        other => panic!("{other}"),
    }
}

#[test]
fn chrono_keeps_instant_and_offset_and_rewrites_exactly_these_spellings() {
    for (input, output) in [
        // Unchanged: `Z`, a non-zero offset, a fraction of 3, 6 or 9 digits.
        ("2024-05-14T13:30:02Z", "2024-05-14T13:30:02Z"),
        ("2024-05-14T13:30:02+02:00", "2024-05-14T13:30:02+02:00"),
        (
            "2024-05-14T13:30:02.841-05:30",
            "2024-05-14T13:30:02.841-05:30",
        ),
        ("2024-05-14T13:30:02.123456Z", "2024-05-14T13:30:02.123456Z"),
        // A zero offset is written `Z` (`-00:00`, "offset unknown" in RFC 3339, too).
        ("2024-05-14T13:30:02+00:00", "2024-05-14T13:30:02Z"),
        ("2024-05-14T13:30:02-00:00", "2024-05-14T13:30:02Z"),
        // Lowercase `t` and `z` are written in uppercase.
        ("2024-05-14t13:30:02z", "2024-05-14T13:30:02Z"),
        // The fraction is padded or trimmed to 0, 3, 6 or 9 digits.
        (
            "2024-05-14T13:30:02.841000+00:00",
            "2024-05-14T13:30:02.841Z",
        ),
        ("2024-05-14T13:30:02.5Z", "2024-05-14T13:30:02.500Z"),
        ("2024-05-14T13:30:02.000Z", "2024-05-14T13:30:02Z"),
        // Digits past nanoseconds are dropped.
        (
            "2024-05-14T13:30:02.1234567891Z",
            "2024-05-14T13:30:02.123456789Z",
        ),
        // A leap second is kept.
        ("1998-12-31T23:59:60Z", "1998-12-31T23:59:60Z"),
    ] {
        assert_eq!(chrono_rewrites(input), output, "{input}");
    }
}

#[test]
fn malformed_dates_and_uuids_are_reported_with_the_structure_all_at_once() {
    // Two malformed date-times and a wrong type in one body: all three are reported, each with
    // its pointer, before typed deserialization (which could not hold them) is tried.
    let body = json!({"activity_at": "yesterday", "duration": "long"});
    let report = voicecall_apis::validate_payload(
        "close.update_call_activity",
        voicecall_apis::runtime::PayloadKind::Request,
        &body,
    )
    .expect("documented");
    let got: Vec<(&str, &str)> = report
        .errors()
        .map(|v| (v.pointer.as_str(), v.code))
        .collect();
    assert_eq!(got, [("/activity_at", "format"), ("/duration", "type")]);
    // The interpreter says the same.
    let schemas = schemagen_tests::vendor_schemas();
    let api = schemas
        .ir
        .apis
        .iter()
        .find(|a| a.name == "close")
        .expect("close");
    let interpreted = schemagen::validate::validate_payload(
        api,
        "update_call_activity",
        schemagen::runtime::PayloadKind::Request,
        &body,
    )
    .expect("documented");
    assert_eq!(interpreted.to_string(), report.to_string());
}

#[test]
fn uuids_are_typed_and_written_in_lowercase() {
    let upper = "1F3B4C5D-6E7F-4A8B-9C0D-1E2F3A4B5C6D";
    let id: voicecall_apis::uuid::Uuid = upper.parse().expect("a UUID");
    let cmd = serde_json::to_value(id).expect("serializes");
    assert_eq!(cmd, json!(upper.to_ascii_lowercase()));
    // Bird's call ids in responses are `uuid::Uuid`.
    let _: fn(&bird::Call) -> &voicecall_apis::uuid::Uuid = |c| &c.id;
}

/// Every date-time library compiles against the vendor schemas, and each writes the texts this
/// test pins (a temporary crate with one module per choice).
#[test]
fn every_date_time_library_compiles_and_writes_the_documented_text() {
    let schemas = schemagen_tests::vendor_schemas();
    let mut files = schemagen::emit::Files::new();
    let mut lib = String::from("#![allow(missing_docs)]\n");
    for (name, date_time) in DateTimeType::ALL {
        let opts = EmitOptions {
            client: false,
            mock: false,
            runtime_path: "super::runtime".into(),
            formats: TypedFormats {
                date_time: *date_time,
                uuid: if *date_time == DateTimeType::String {
                    UuidType::String
                } else {
                    UuidType::Uuid
                },
            },
            ..EmitOptions::default()
        };
        let out = emit(schemas.checked().expect("no schema errors"), &opts).expect("emits");
        for (path, text) in out {
            let path = if path == std::path::Path::new("lib.rs") {
                std::path::PathBuf::from("mod.rs")
            } else {
                path
            };
            files.insert(
                std::path::Path::new(&format!("with_{name}")).join(path),
                text,
            );
        }
        lib.push_str(&format!("pub mod with_{name};\n"));
    }
    // `lib.rs` of the temporary crate; each module's own `mod.rs` is the generated crate root.
    files.insert("lib.rs".into(), lib);
    let krate = support::TempCrate::new("typed-formats", &files, false);
    krate.add(
        "tests/texts.rs",
        r#"
fn rewrite<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> String {
    let body = serde_json::json!({"activity_at": text});
    let typed: T = serde_json::from_value(body).expect("deserializes");
    serde_json::to_value(&typed).expect("serializes")["activity_at"].as_str().expect("text").to_string()
}

#[test]
fn texts() {
    use typed_formats::*;
    let cases = [
        "2024-05-14T13:30:02+02:00",
        "2024-05-14T13:30:02.841000+00:00",
        "2024-05-14t13:30:02.5z",
    ];
    let got = |f: fn(&str) -> String| cases.map(f);
    // chrono: offset kept, zero offset as `Z`, fraction in groups of 3 digits.
    assert_eq!(
        got(rewrite::<with_chrono::close::UpdateCallActivity>),
        ["2024-05-14T13:30:02+02:00", "2024-05-14T13:30:02.841Z", "2024-05-14T13:30:02.500Z"]
    );
    // jiff: a `Timestamp` is an instant, always written in UTC, fraction without trailing zeros.
    assert_eq!(
        got(rewrite::<with_jiff::close::UpdateCallActivity>),
        ["2024-05-14T11:30:02Z", "2024-05-14T13:30:02.841Z", "2024-05-14T13:30:02.5Z"]
    );
    // time: offset kept and written as `Z` when zero, fraction without trailing zeros.
    assert_eq!(
        got(rewrite::<with_time::close::UpdateCallActivity>),
        ["2024-05-14T13:30:02+02:00", "2024-05-14T13:30:02.841Z", "2024-05-14T13:30:02.5Z"]
    );
    // string: the text as received.
    assert_eq!(got(rewrite::<with_string::close::UpdateCallActivity>), cases);
}
"#,
    );
    krate.cargo_ok(&["test", "--quiet", "--test", "texts"]);
}
