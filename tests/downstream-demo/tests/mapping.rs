//! The mapping produces bodies both vendors accept, and refuses records they would reject.

use downstream_demo::{CallRecord, MapError, to_close, to_salesforce};

fn record() -> CallRecord {
    CallRecord {
        answered_at: "2026-03-02T14:05:00Z".parse().expect("RFC 3339"),
        ended_at: "2026-03-02T14:11:42Z".parse().expect("RFC 3339"),
        talk_seconds: 402,
        hold_seconds: 35,
        holds: 2,
        recording_url: Some("https://recordings.example.com/r/8812.mp3".into()),
        customer_phone: "+14155550148".into(),
        notes_html: Some("<p>Asked for a refund.</p>".into()),
    }
}

#[test]
fn a_finished_call_maps_to_valid_updates_for_both_vendors() {
    let sf = to_salesforce(&record()).expect("valid Salesforce update");
    let json = serde_json::to_value(&sf).expect("serializes");
    assert_eq!(json["totalHoldDuration"], 35);
    assert_eq!(
        json["recordingLocation"],
        "https://recordings.example.com/r/8812.mp3"
    );
    assert!(json.get("agent").is_none(), "absent fields are not sent");

    let close = to_close(&record()).expect("valid Close update");
    let json = serde_json::to_value(&close).expect("serializes");
    assert_eq!(json["duration"], 402);
    assert_eq!(json["status"], "completed");
    assert!(json.get("note").is_none());
}

#[test]
fn records_the_vendors_would_reject_are_refused_with_pointers() {
    let mut long = record();
    long.talk_seconds = 700_000;
    long.customer_phone = "555-0148".into();
    match to_close(&long) {
        Err(MapError::Invalid(report)) => {
            let got: Vec<(&str, &str)> = report
                .errors()
                .map(|v| (v.pointer.as_str(), v.code))
                .collect();
            assert_eq!(got, [("/duration", "maximum"), ("/phone", "format")]);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let mut huge = record();
    huge.holds = u32::MAX;
    assert_eq!(
        to_salesforce(&huge).err(),
        Some(MapError::OutOfRange("holds"))
    );
}

#[test]
fn without_a_recording_no_hold_figures_are_sent() {
    let mut r = record();
    r.recording_url = None;
    let sf = to_salesforce(&r).expect("valid");
    let json = serde_json::to_value(&sf).expect("serializes");
    assert!(json.get("totalHoldDuration").is_none() && json.get("recordingLocation").is_none());
}
