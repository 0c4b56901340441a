//! The build-script-generated types serialize, deserialize and validate as the schema says.

use buildscript_demo::callcenter::{CallSummary, Outcome};
use buildscript_demo::runtime::{Nullable, PayloadKind, Validate};

#[test]
fn a_valid_summary_round_trips_and_validates() {
    let id = "0f8c2a52-5d1e-4a8e-9c57-2f6f3f3a9b10"
        .parse()
        .expect("a UUID");
    let s = buildscript_demo::resolved_inbound(id, 312, "dana");
    assert!(s.validate().is_empty(), "{}", s.validate());
    let json = serde_json::to_value(&s).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!({"id": "0f8c2a52-5d1e-4a8e-9c57-2f6f3f3a9b10", "direction": "inbound", "duration": 312, "agent": "dana", "outcome": "resolved"})
    );
    let back: CallSummary = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, s);
}

#[test]
fn every_violation_is_reported_with_its_pointer_in_schema_order() {
    let mut s = buildscript_demo::resolved_inbound(uuid::Uuid::nil(), -5, "dana");
    s.tags = Some(vec![String::new(), "ok".into()]);
    s.outcome = Some(Outcome::Callback);
    s.agent = Nullable::Null;
    let report = s.validate();
    let got: Vec<(String, &str)> = report
        .errors()
        .map(|v| (v.pointer.clone(), v.code))
        .collect();
    assert_eq!(
        got,
        [
            ("/duration".to_string(), "minimum"),
            ("/tags/0".to_string(), "min_length"),
            ("/follow_up_at".to_string(), "required_when"),
        ]
    );
}

#[test]
fn payload_validation_checks_structure_first() {
    let body = serde_json::json!({"id": 5, "direction": "sideways", "duration": "long"});
    let report = buildscript_demo::callcenter::validate_payload(
        "store_summary",
        PayloadKind::Request,
        &body,
    )
    .expect("documented");
    let got: Vec<(&str, &str)> = report
        .errors()
        .map(|v| (v.pointer.as_str(), v.code))
        .collect();
    assert_eq!(
        got,
        [
            ("/direction", "enum"),
            ("/duration", "type"),
            ("/id", "type")
        ]
    );
    // A malformed UUID is reported with the structure (the typed model holds a `uuid::Uuid`),
    // together with every other structural problem.
    let body = serde_json::json!({"id": "not-a-uuid", "direction": "sideways", "duration": 1});
    let report = buildscript_demo::callcenter::validate_payload(
        "store_summary",
        PayloadKind::Request,
        &body,
    )
    .expect("documented");
    let got: Vec<(&str, &str)> = report
        .errors()
        .map(|v| (v.pointer.as_str(), v.code))
        .collect();
    assert_eq!(got, [("/direction", "enum"), ("/id", "format")]);
}
