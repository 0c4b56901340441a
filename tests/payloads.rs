//! Payload validation: the interpreted validator (`schemagen validate`) and the compiled one
//! (the generated crate) agree on every payload of the corpus, and both find exactly the
//! violation each invalid payload was written to show. Every valid payload and every example
//! from the vendor documents round-trips through the generated types unchanged.

use schemagen_tests::{files_with_ext, fixture, vendor_schemas};
use serde_json::Value;
use voicecall_apis::runtime::{PayloadKind, Report};

struct Case {
    api: String,
    operation: String,
    kind: PayloadKind,
    path: std::path::PathBuf,
    valid: bool,
}

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    let root = fixture("payloads");
    let mut ops: Vec<_> = std::fs::read_dir(&root)
        .expect("payload corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    ops.sort();
    for op_dir in ops {
        let name = op_dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8")
            .to_string();
        let (api, operation) = name.split_once('.').expect("api.operation");
        let mut kinds: Vec<_> = std::fs::read_dir(&op_dir)
            .expect("kinds")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        kinds.sort();
        for kind_dir in kinds {
            let k = kind_dir
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8")
                .to_string();
            let kind = match k.strip_prefix("response-") {
                Some(status) => PayloadKind::Response(status.parse().expect("status")),
                None => PayloadKind::Request,
            };
            for (sub, valid) in [("valid", true), ("invalid", false)] {
                for path in files_with_ext(&kind_dir.join(sub), "json") {
                    cases.push(Case {
                        api: api.to_string(),
                        operation: operation.to_string(),
                        kind,
                        path,
                        valid,
                    });
                }
            }
        }
    }
    cases
}

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable"))
        .expect("fixture is JSON")
}

fn lines(report: &Report) -> Vec<String> {
    report
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn corpus_is_large_enough() {
    let cases = corpus();
    for op in [
        "salesforce.create_voice_call",
        "salesforce.update_voice_call",
        "vcita.update_voice_call",
        "bird.update_call",
        "close.update_call_activity",
    ] {
        let of = |valid: bool| {
            cases
                .iter()
                .filter(|c| {
                    format!("{}.{}", c.api, c.operation) == op
                        && c.kind == PayloadKind::Request
                        && c.valid == valid
                })
                .count()
        };
        assert!(
            of(true) >= 5,
            "{op}: at least 5 valid requests, found {}",
            of(true)
        );
        assert!(
            of(false) >= 10,
            "{op}: at least 10 invalid requests, found {}",
            of(false)
        );
    }
}

#[test]
fn interpreted_and_compiled_validators_agree_and_find_the_documented_violation() {
    let schemas = vendor_schemas();
    let mut checked = 0;
    for case in corpus() {
        let value = read_json(&case.path);
        let api = schemas.ir.api(&case.api).expect("api");
        let kind = match case.kind {
            PayloadKind::Request => schemagen::runtime::PayloadKind::Request,
            PayloadKind::Response(s) => schemagen::runtime::PayloadKind::Response(s),
        };
        let interpreted = schemagen::validate::validate_payload(api, &case.operation, kind, &value)
            .expect("documented payload");
        let interpreted: Vec<String> = interpreted
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect();
        let compiled = voicecall_apis::validate_payload(
            &format!("{}.{}", case.api, case.operation),
            case.kind,
            &value,
        )
        .expect("documented payload");
        let shown = case.path.display();
        // The two runtimes are the same source file compiled twice; compare by text.
        assert_eq!(
            interpreted,
            lines(&compiled),
            "{shown}: validators disagree"
        );
        // The single pass over the text gives the very same report: from the file as it is
        // (pretty-printed), as a string, and compact.
        let name = format!("{}.{}", case.api, case.operation);
        let text = std::fs::read_to_string(&case.path).expect("readable");
        for (how, report) in [
            (
                "bytes",
                voicecall_apis::validate_payload_bytes(&name, case.kind, text.as_bytes()),
            ),
            (
                "str",
                voicecall_apis::validate_payload_str(&name, case.kind, &text),
            ),
            (
                "compact bytes",
                voicecall_apis::validate_payload_bytes(
                    &name,
                    case.kind,
                    &serde_json::to_vec(&value).expect("serializes"),
                ),
            ),
        ] {
            let report = report.expect("documented payload");
            assert_eq!(
                interpreted,
                lines(&report),
                "{shown}: the single pass over {how} disagrees"
            );
        }
        // Without falling back to parsing: the single pass decides every payload of the corpus.
        let strict = schemagen_tests::validate_strict(&name, case.kind, text.as_bytes());
        assert_eq!(
            interpreted,
            lines(&strict),
            "{shown}: the single pass alone disagrees"
        );
        // And the compiled two-phase validator (structure check, then typed `Validate`).
        if let Some(two_phase) = two_phase_by_name(&name, case.kind, &value) {
            assert_eq!(
                interpreted,
                lines(&two_phase),
                "{shown}: the two-phase compiled validator disagrees"
            );
        }
        assert_eq!(
            compiled.is_valid(),
            case.valid,
            "{shown}: verdict\n{compiled}"
        );
        let expect = case.path.with_extension("expect");
        if !case.valid {
            let want = std::fs::read_to_string(&expect)
                .unwrap_or_else(|_| panic!("{shown}: invalid payloads need a .expect file"));
            let want: Vec<&str> = want
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let got: Vec<String> = compiled
                .errors()
                .map(|v| format!("{} {}", v.pointer, v.code))
                .collect();
            assert_eq!(got, want, "{shown}: wrong violations\n{compiled}");
        }
        checked += 1;
    }
    assert!(checked >= 150, "only {checked} payloads checked");
}

/// The compiled two-phase validation (`check_json`, then the typed `Validate`) of a payload,
/// which the single pass replaces in `validate_payload`; `None` for payloads without a named
/// body type.
fn two_phase_by_name(op: &str, kind: PayloadKind, v: &Value) -> Option<Report> {
    use voicecall_apis::runtime::validate_value;
    use voicecall_apis::*;
    Some(match (op, kind) {
        ("salesforce.create_voice_call", PayloadKind::Request) => {
            validate_value::<salesforce::CreateVoiceCall>(
                v,
                salesforce::CreateVoiceCall::check_json,
            )
        }
        ("salesforce.create_voice_call", PayloadKind::Response(200)) => {
            validate_value::<salesforce::CreateVoiceCallResponse>(
                v,
                salesforce::CreateVoiceCallResponse::check_json,
            )
        }
        ("salesforce.update_voice_call", PayloadKind::Request) => {
            validate_value::<salesforce::UpdateVoiceCall>(
                v,
                salesforce::UpdateVoiceCall::check_json,
            )
        }
        ("salesforce.update_voice_call", PayloadKind::Response(200)) => {
            validate_value::<salesforce::UpdateVoiceCallResponse>(
                v,
                salesforce::UpdateVoiceCallResponse::check_json,
            )
        }
        ("vcita.update_voice_call", PayloadKind::Request) => {
            validate_value::<vcita::UpdateVoiceCall>(v, vcita::UpdateVoiceCall::check_json)
        }
        ("vcita.update_voice_call", PayloadKind::Response(200)) => {
            validate_value::<vcita::UpdateVoiceCallResponse>(
                v,
                vcita::UpdateVoiceCallResponse::check_json,
            )
        }
        ("vcita.update_voice_call", PayloadKind::Response(_)) => {
            validate_value::<vcita::ErrorResponse>(v, vcita::ErrorResponse::check_json)
        }
        ("bird.update_call", PayloadKind::Request) => {
            validate_value::<bird::UpdateCall>(v, bird::UpdateCall::check_json)
        }
        ("bird.update_call", PayloadKind::Response(202)) => {
            validate_value::<bird::Call>(v, bird::Call::check_json)
        }
        ("close.update_call_activity", PayloadKind::Request) => {
            validate_value::<close::UpdateCallActivity>(v, close::UpdateCallActivity::check_json)
        }
        ("close.update_call_activity", PayloadKind::Response(200)) => {
            validate_value::<close::CallActivity>(v, close::CallActivity::check_json)
        }
        _ => return None,
    })
}

#[test]
fn acceptance_examples_from_the_issue() {
    let close = serde_json::json!({ "duration": 604801 });
    let r = voicecall_apis::validate_payload(
        "close.update_call_activity",
        PayloadKind::Request,
        &close,
    )
    .expect("op");
    assert_eq!(
        lines(&r),
        ["/duration maximum must be at most 604800, found 604801"]
    );

    let mut vcita = read_json(
        &fixture("payloads/vcita.update_voice_call/request/valid").join(
            files_with_ext(
                &fixture("payloads/vcita.update_voice_call/request/valid"),
                "json",
            )[0]
            .file_name()
            .expect("name"),
        ),
    );
    vcita["rate"] = serde_json::json!(0.05);
    let r =
        voicecall_apis::validate_payload("vcita.update_voice_call", PayloadKind::Request, &vcita)
            .expect("op");
    assert_eq!(
        r.errors()
            .map(|v| (v.pointer.as_str(), v.code))
            .collect::<Vec<_>>(),
        [("/rate", "type")]
    );

    let sf = serde_json::json!({
        "callCenterApiName": "ACME_Center", "vendorCallKey": "c-1", "to": "+14155550100", "from": "+14155550199",
        "initiationMethod": "Inbound", "startTime": "2024-05-01T10:00:00Z", "participants": []
    });
    let r =
        voicecall_apis::validate_payload("salesforce.create_voice_call", PayloadKind::Request, &sf)
            .expect("op");
    assert_eq!(
        r.errors()
            .map(|v| (v.pointer.as_str(), v.code))
            .collect::<Vec<_>>(),
        [("/participants", "min_items")]
    );
}

#[test]
fn every_type_problem_is_listed_not_only_the_first() {
    let body = serde_json::json!({ "duration": "long", "phone": 5, "status": 3, "note": ["x"] });
    let r =
        voicecall_apis::validate_payload("close.update_call_activity", PayloadKind::Request, &body)
            .expect("op");
    let got: Vec<(&str, &str)> = r.errors().map(|v| (v.pointer.as_str(), v.code)).collect();
    assert_eq!(
        got,
        [
            ("/duration", "type"),
            ("/note", "type"),
            ("/phone", "type"),
            ("/status", "type")
        ]
    );
}

/// Deserializes into the generated type and serializes back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> Value {
    let typed: T = serde_json::from_value(v.clone())
        .unwrap_or_else(|e| panic!("does not deserialize: {e}\n{v}"));
    serde_json::to_value(&typed).expect("serializes")
}

fn round_trip_by_name(op: &str, kind: PayloadKind, v: &Value) -> Option<Value> {
    use voicecall_apis::*;
    Some(match (op, kind) {
        ("salesforce.create_voice_call", PayloadKind::Request) => {
            round_trip::<salesforce::CreateVoiceCall>(v)
        }
        ("salesforce.create_voice_call", PayloadKind::Response(200)) => {
            round_trip::<salesforce::CreateVoiceCallResponse>(v)
        }
        ("salesforce.update_voice_call", PayloadKind::Request) => {
            round_trip::<salesforce::UpdateVoiceCall>(v)
        }
        ("salesforce.update_voice_call", PayloadKind::Response(200)) => {
            round_trip::<salesforce::UpdateVoiceCallResponse>(v)
        }
        ("vcita.update_voice_call", PayloadKind::Request) => {
            round_trip::<vcita::UpdateVoiceCall>(v)
        }
        ("vcita.update_voice_call", PayloadKind::Response(200)) => {
            round_trip::<vcita::UpdateVoiceCallResponse>(v)
        }
        ("vcita.update_voice_call", PayloadKind::Response(_)) => {
            round_trip::<vcita::ErrorResponse>(v)
        }
        ("bird.update_call", PayloadKind::Request) => round_trip::<bird::UpdateCall>(v),
        ("bird.update_call", PayloadKind::Response(202)) => round_trip::<bird::Call>(v),
        ("close.update_call_activity", PayloadKind::Request) => {
            round_trip::<close::UpdateCallActivity>(v)
        }
        ("close.update_call_activity", PayloadKind::Response(200)) => {
            round_trip::<close::CallActivity>(v)
        }
        _ => return None,
    })
}

/// JSON equality with numbers compared by value (`120` and `120.0` are the same JSON number;
/// a `number` field is an `f64` and serializes as `120.0`), and date-times compared by meaning:
/// the typed models (chrono) keep the instant and the offset, but write a zero offset as `Z`
/// and the fraction with 0, 3, 6 or 9 digits (`…:02.841000+00:00` comes back as `…:02.841Z`);
/// UUIDs come back in lowercase.
fn same_json(a: &Value, b: &Value) -> bool {
    use voicecall_apis::chrono::DateTime;
    match (a, b) {
        (Value::String(x), Value::String(y)) if x != y => {
            match (
                DateTime::parse_from_rfc3339(x),
                DateTime::parse_from_rfc3339(y),
            ) {
                (Ok(p), Ok(q)) => p == q && p.offset() == q.offset(),
                _ => x.to_ascii_lowercase() == *y && schemagen::runtime::is_uuid(x),
            }
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// Fields the schema does not declare are not kept by the typed models (serde ignores them);
/// compare only what the schema declares by removing undeclared keys from the expectation.
fn strip_unknown(expected: &Value, actual: &Value) -> Value {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => Value::Object(
            e.iter()
                .filter(|(k, _)| a.contains_key(*k))
                .map(|(k, v)| (k.clone(), strip_unknown(v, &a[k])))
                .collect(),
        ),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            Value::Array(e.iter().zip(a).map(|(x, y)| strip_unknown(x, y)).collect())
        }
        _ => expected.clone(),
    }
}

#[test]
fn valid_payloads_and_vendor_examples_round_trip_unchanged() {
    let mut n = 0;
    for case in corpus().into_iter().filter(|c| c.valid) {
        let v = read_json(&case.path);
        let name = format!("{}.{}", case.api, case.operation);
        let Some(back) = round_trip_by_name(&name, case.kind, &v) else {
            continue;
        };
        let expected = strip_unknown(&v, &back);
        assert!(
            same_json(&expected, &back),
            "{}:\n{expected}\n{back}",
            case.path.display()
        );
        n += 1;
    }
    for path in files_with_ext(&fixture("examples"), "json") {
        let file = path.file_name().and_then(|n| n.to_str()).expect("utf-8");
        let mut parts = file.splitn(4, '.');
        let (api, op, kind) = (
            parts.next().expect("api"),
            parts.next().expect("op"),
            parts.next().expect("kind"),
        );
        let kind = match kind.strip_prefix("response-") {
            Some(s) => PayloadKind::Response(s.parse().expect("status")),
            None => PayloadKind::Request,
        };
        let v = read_json(&path);
        let name = format!("{api}.{op}");
        let report = voicecall_apis::validate_payload(&name, kind, &v).expect("documented");
        assert!(
            report.is_valid(),
            "{file}: the vendor's own example must validate\n{report}"
        );
        let back = round_trip_by_name(&name, kind, &v).expect("typed");
        assert!(
            same_json(&v, &back),
            "{file}: vendor example must round-trip exactly\n{v}\n{back}"
        );
        n += 1;
    }
    assert!(n > 50, "only {n} payloads round-tripped");
}

#[test]
fn optional_nullable_fields_keep_absent_null_and_value_apart() {
    use voicecall_apis::close::UpdateCallActivity;
    use voicecall_apis::runtime::Nullable;
    let v = serde_json::json!({ "note": null, "duration": 60 });
    let typed: UpdateCallActivity = serde_json::from_value(v.clone()).expect("deserializes");
    assert_eq!(typed.note, Nullable::Null);
    assert_eq!(typed.duration, Nullable::Value(60));
    assert_eq!(typed.note_html, Nullable::Absent);
    assert_eq!(
        serde_json::to_value(&typed).expect("serializes"),
        v,
        "absent stays absent, null stays null"
    );
    assert_eq!(
        serde_json::to_string(&UpdateCallActivity::default()).expect("serializes"),
        "{}"
    );
}

#[test]
fn open_response_enums_keep_unknown_values_and_closed_request_enums_reject_them() {
    let call: voicecall_apis::bird::CallStatus =
        serde_json::from_str("\"transferring\"").expect("open enum");
    assert_eq!(call.as_str(), "transferring");
    assert!(!call.is_known());
    assert_eq!(
        serde_json::to_string(&call).expect("ser"),
        "\"transferring\""
    );
    let err = serde_json::from_str::<voicecall_apis::vcita::CallDirection>("\"inbound\"");
    assert!(err.is_err(), "request enums are closed and case-sensitive");
}

#[test]
fn readme_example_builds_a_valid_close_update() -> Result<(), Box<dyn std::error::Error>> {
    use voicecall_apis::close::{CallStatus, UpdateCallActivity};
    use voicecall_apis::runtime::{Nullable, Validate};
    let update = UpdateCallActivity {
        note_html: Nullable::Value("<p>Customer asked for a callback.</p>".into()),
        duration: Nullable::Value(184),
        outcome_id: Nullable::Null,
        status: Some(CallStatus::Completed),
        ..Default::default()
    };
    let report = update.validate();
    assert!(report.is_valid(), "{report}");
    let body = serde_json::to_string(&update)?;
    assert_eq!(
        body,
        r#"{"duration":184,"note_html":"<p>Customer asked for a callback.</p>","outcome_id":null,"status":"completed"}"#
    );
    Ok(())
}

/// The fixes that the vendors' published contracts called for, in both validators.
#[test]
fn vendor_contract_fixes_hold_in_both_validators() {
    let schemas = vendor_schemas();
    let both = |api: &str, op: &str, value: Value| -> (Vec<String>, bool) {
        let ir = schemas.ir.api(api).expect("api");
        let interpreted = schemagen::validate::validate_payload(
            ir,
            op,
            schemagen::runtime::PayloadKind::Request,
            &value,
        )
        .expect("documented payload");
        let compiled =
            voicecall_apis::validate_payload(&format!("{api}.{op}"), PayloadKind::Request, &value)
                .expect("documented payload");
        let i: Vec<String> = interpreted
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(i, lines(&compiled), "{api}.{op}: validators disagree");
        (i, compiled.is_valid())
    };
    let close = |v: Value| both("close", "update_call_activity", v);
    assert_eq!(
        close(serde_json::json!({"status": "timeout"})),
        (vec![], true)
    );
    let (lines_, valid) = close(serde_json::json!({"status": "canceled"}));
    assert!(
        !valid && lines_[0].starts_with("/status enum"),
        "{lines_:?}"
    );
    // A near-miss member name in a body that allows unknown members: a warning only.
    let (lines_, valid) = close(serde_json::json!({"stauts": "completed"}));
    assert!(valid, "{lines_:?}");
    assert_eq!(
        lines_,
        [
            "warning: /stauts possible_typo unknown field \"stauts\" is ignored; did you mean \"status\"?"
        ]
    );

    let mut vcita = read_json(
        &fixture("payloads/vcita.update_voice_call/request/valid")
            .join("01-answered-by-staff-required-fields.json"),
    );
    vcita["status"] = serde_json::json!("VOICEMAIL");
    assert_eq!(
        both("vcita", "update_voice_call", vcita.clone()),
        (vec![], true)
    );
    vcita["status"] = serde_json::json!("VOICEMAIL_RECEIVED");
    let (lines_, valid) = both("vcita", "update_voice_call", vcita);
    assert!(valid);
    assert_eq!(lines_.len(), 1);
    assert!(
        lines_[0].starts_with("warning: /status deprecated_value"),
        "{lines_:?}"
    );

    let (lines_, valid) = both(
        "salesforce",
        "update_voice_call",
        serde_json::json!({"totalRecordingDuration": 525}),
    );
    assert!(!valid);
    assert!(
        lines_
            .iter()
            .any(|l| l.starts_with("/recordingLocation required_when")),
        "{lines_:?}"
    );

    let (lines_, valid) = both(
        "bird",
        "update_call",
        serde_json::json!({"stauts": "completed"}),
    );
    assert!(!valid);
    assert_eq!(
        lines_,
        ["/stauts unknown_field unknown field \"stauts\"; did you mean \"status\"?"]
    );
}

/// Tagged unions read the tag first: the variant comes straight from the rest of the object
/// when the tag leads, and from a buffered object otherwise; both give the same value, from
/// text and from a `Value`, and an unknown or missing tag is an error that names it.
#[test]
fn tagged_unions_decode_the_same_whether_or_not_the_tag_comes_first() {
    use voicecall_apis::bird::CallFlowCommand;
    let first =
        r#"{"command": "say", "options": {"text": "Hello", "voice": "female", "locale": "en-US"}}"#;
    let later =
        r#"{"options": {"text": "Hello", "voice": "female", "locale": "en-US"}, "command": "say"}"#;
    let a: CallFlowCommand = serde_json::from_str(first).expect("tag first");
    let b: CallFlowCommand = serde_json::from_str(later).expect("tag later");
    assert_eq!(a, b);
    assert_eq!(a.tag(), "say");
    let c: CallFlowCommand =
        serde_json::from_value(serde_json::from_str(later).expect("JSON")).expect("from a Value");
    assert_eq!(a, c);
    // Serialization writes the tag first, so a round trip takes the unbuffered path.
    let text = serde_json::to_string(&b).expect("serializes");
    assert!(text.starts_with(r#"{"command":"say""#), "{text}");
    let unknown = serde_json::from_str::<CallFlowCommand>(r#"{"command": "dance"}"#)
        .expect_err("unknown tag");
    assert!(unknown.to_string().contains("dance"), "{unknown}");
    let buffered_unknown =
        serde_json::from_str::<CallFlowCommand>(r#"{"options": {}, "command": "dance"}"#)
            .expect_err("unknown tag");
    assert!(
        buffered_unknown.to_string().contains("dance"),
        "{buffered_unknown}"
    );
    let missing =
        serde_json::from_str::<CallFlowCommand>(r#"{"options": {}}"#).expect_err("no tag");
    assert!(missing.to_string().contains("command"), "{missing}");
    let empty = serde_json::from_str::<CallFlowCommand>("{}").expect_err("no tag");
    assert!(empty.to_string().contains("command"), "{empty}");
}

/// The single pass over JSON text reports exactly what validating the parsed text reports,
/// on text written to catch it out; `decides` says whether it does so alone or by falling back
/// to parsing (repeated or escaped member names, text that is not JSON).
#[test]
fn the_single_pass_over_text_reports_what_the_parsed_text_gets() {
    let long_escaped = format!("{{\\\"k\\\": \\\"{}\\\"}}", "\\u00e9\\\"x\\\\".repeat(700));
    let medium_escaped = format!("{{\\\"k\\\": \\\"{}\\\"}}", "\\u00e9".repeat(60));
    let cases: Vec<(&str, String, bool)> = vec![
        // Not JSON.
        ("close.update_call_activity", String::new(), false),
        ("close.update_call_activity", "{".into(), false),
        ("close.update_call_activity", r#"{"duration": 1,}"#.into(), false),
        ("close.update_call_activity", r#"{"duration": 1} x"#.into(), false),
        ("close.update_call_activity", r#"{"duration": 01}"#.into(), false),
        ("close.update_call_activity", r#"{"duration": 1e400}"#.into(), false),
        ("close.update_call_activity", r#"{"note": "\ud800"}"#.into(), false),
        ("close.update_call_activity", "{\"note\": \"a\u{1}b\"}".into(), false),
        ("close.update_call_activity", r#"{"note": "\x"}"#.into(), false),
        ("close.update_call_activity", r#"{"custom_fields": {"a": [1, 2,]}}"#.into(), false),
        (
            "close.update_call_activity",
            format!(r#"{{"custom_fields": {{"a": {}{}}}}}"#, "[".repeat(200), "]".repeat(200)),
            false,
        ),
        // A member given twice: a parsed value keeps the last.
        ("close.update_call_activity", r#"{"duration": 604801, "duration": 1}"#.into(), false),
        ("close.update_call_activity", r#"{"duration": 1, "duration": 604801}"#.into(), false),
        ("bird.update_call", r#"{"stauts": 1, "stauts": "x"}"#.into(), true),
        (
            "bird.update_call",
            r#"{"callFlow": [{"command": "say", "command": "hangup"}]}"#.into(),
            false,
        ),
        // Member names with escapes.
        ("close.update_call_activity", r#"{"dura\u0074ion": 604801}"#.into(), false),
        // Escapes in checked strings.
        (
            "close.update_call_activity",
            r#"{"recording_url": "https:\/\/example.com\/a.mp3", "status": "\u0063ompleted", "phone": "+1415555\u00301"}"#.into(),
            true,
        ),
        ("close.update_call_activity", r#"{"status": "c\u00f6mpleted"}"#.into(), true),
        ("close.update_call_activity", r#"{"recording_url": "https:\/\/exa mple.com"}"#.into(), true),
        ("close.update_call_activity", "{\"note\": \"\u{e9}\u{1F600}\\\"quoted\\\" \\ud83d\\ude00\"}".into(), true),
        (
            "salesforce.create_voice_call",
            format!(
                r#"{{"callCenterApiName": "C", "vendorCallKey": "k", "to": "+14155550100", "from": "+14155550199", "initiationMethod": "Inbound", "startTime": "2024-05-01T10:00:00Z", "participants": [{{"participantKey": "p", "type": "END_USER"}}], "callAttributes": "{long_escaped}"}}"#
            ),
            true,
        ),
        (
            "salesforce.create_voice_call",
            format!(
                r#"{{"callCenterApiName": "C", "vendorCallKey": "k", "to": "+14155550100", "from": "+14155550199", "initiationMethod": "Inbound", "startTime": "2024-05-01T10:00:00Z", "participants": [{{"participantKey": "p", "type": "END_USER"}}], "callAttributes": "{medium_escaped}"}}"#
            ),
            true,
        ),
        // Tags later in the object, or not strings.
        (
            "bird.update_call",
            r#"{"callFlow": [{"options": {"text": "hi"}, "command": "say"}, {"command": "hangup"}]}"#.into(),
            true,
        ),
        ("bird.update_call", r#"{"callFlow": [{"options": {}, "command": 7}]}"#.into(), true),
        ("bird.update_call", r#"{"callFlow": [{"options": {}}, {"command": "dance"}]}"#.into(), true),
        ("bird.update_call", r#"{"callFlow": [{"command": ["say"]}, 5, null]}"#.into(), true),
        // Numbers as serde_json stores them.
        ("close.update_call_activity", r#"{"duration": -0}"#.into(), true),
        ("close.update_call_activity", r#"{"duration": -0.0}"#.into(), true),
        ("close.update_call_activity", r#"{"duration": 0.0}"#.into(), true),
        ("close.update_call_activity", r#"{"duration": 1E2}"#.into(), true),
        ("close.update_call_activity", r#"{"duration": 9223372036854775807}"#.into(), true),
        ("close.update_call_activity", r#"{"duration": 9223372036854775808}"#.into(), true),
        ("close.update_call_activity", r#"{"duration": 99999999999999999999}"#.into(), true),
        ("close.update_call_activity", r#"{"duration": -9223372036854775808}"#.into(), true),
        ("close.update_call_activity", r#"{"duration": -9223372036854775809}"#.into(), true),
        ("vcita.update_voice_call", r#"{"duration": -1.5e-3, "rate": "x"}"#.into(), true),
        // Whitespace everywhere, and none.
        ("close.update_call_activity", " \t\r\n{ \"duration\" :\n 5 , \"note\"\t:\"x\" } \n".into(), true),
        ("close.update_call_activity", r#"{"custom_fields":{"a":[{"b":null}],"c":{}},"users":[]}"#.into(), true),
        // Types all wrong.
        ("close.update_call_activity", "[]".into(), true),
        ("close.update_call_activity", "\"x\"".into(), true),
        ("close.update_call_activity", "null".into(), true),
        ("salesforce.update_voice_call", r#"{"participants": {"a": 1}, "totalRecordingDuration": "x"}"#.into(), true),
    ];
    let schemas = vendor_schemas();
    for (name, text, decides) in cases {
        let kind = PayloadKind::Request;
        let expected: Vec<String> = match serde_json::from_str::<Value>(&text) {
            Ok(v) => {
                let compiled =
                    voicecall_apis::validate_payload(name, kind, &v).expect("documented");
                let (api, op) = name.split_once('.').expect("api.op");
                let interpreted = schemagen::validate::validate_payload(
                    schemas.ir.api(api).expect("api"),
                    op,
                    schemagen::runtime::PayloadKind::Request,
                    &v,
                )
                .expect("documented");
                assert_eq!(
                    lines(&compiled),
                    interpreted
                        .violations()
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>(),
                    "{name} {text}: the validators disagree"
                );
                lines(&compiled)
            }
            Err(e) => vec![format!("\"\" syntax the payload is not JSON: {e}")],
        };
        let from_bytes = voicecall_apis::validate_payload_bytes(name, kind, text.as_bytes())
            .expect("documented");
        assert_eq!(lines(&from_bytes), expected, "{name} {text}: from bytes");
        let from_str = voicecall_apis::validate_payload_str(name, kind, &text).expect("documented");
        assert_eq!(lines(&from_str), expected, "{name} {text}: from a str");
        match schemagen_tests::validate_alone(name, kind, text.as_bytes()) {
            Some(report) => {
                assert!(
                    decides,
                    "{name} {text}: expected the single pass to give up"
                );
                assert_eq!(
                    lines(&report),
                    expected,
                    "{name} {text}: the single pass alone"
                );
            }
            None => assert!(!decides, "{name} {text}: the single pass gave up"),
        }
    }
}

/// The README's example of validating JSON text in one pass.
#[test]
fn readme_example_validates_bytes() -> Result<(), Box<dyn std::error::Error>> {
    let report = voicecall_apis::validate_payload_bytes(
        "close.update_call_activity",
        PayloadKind::Request,
        br#"{"duration": 604801}"#,
    )?;
    assert_eq!(
        report.to_string(),
        "/duration maximum must be at most 604800, found 604801"
    );
    Ok(())
}
