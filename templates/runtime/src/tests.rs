//! Unit tests of the runtime.

use super::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Patch {
    name: String,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    note: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    count: Nullable<i32>,
}

#[test]
fn nullable_serde_round_trip_all_states() {
    let p = Patch {
        name: "a".into(),
        note: Nullable::Value("hi".into()),
        count: Nullable::Null,
    };
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(json, r#"{"name":"a","note":"hi","count":null}"#);
    assert_eq!(serde_json::from_str::<Patch>(&json).unwrap(), p);

    let absent = Patch {
        name: "b".into(),
        ..Patch::default()
    };
    let json = serde_json::to_string(&absent).unwrap();
    assert_eq!(json, r#"{"name":"b"}"#);
    let back: Patch = serde_json::from_str(&json).unwrap();
    assert!(back.note.is_absent());
    assert!(back.count.is_absent());
    assert_eq!(back, absent);

    let back: Patch = serde_json::from_str(r#"{"name":"c","note":null,"count":7}"#).unwrap();
    assert!(back.note.is_null());
    assert_eq!(back.count, Nullable::Value(7));

    assert!(serde_json::from_str::<Patch>(r#"{"name":"c","count":"x"}"#).is_err());
}

#[test]
fn nullable_serializes_absent_and_null_as_null_standalone() {
    assert_eq!(
        serde_json::to_string(&Nullable::<i32>::Absent).unwrap(),
        "null"
    );
    assert_eq!(
        serde_json::to_string(&Nullable::<i32>::Null).unwrap(),
        "null"
    );
    assert_eq!(serde_json::to_string(&Nullable::Value(3)).unwrap(), "3");
    assert_eq!(
        serde_json::from_str::<Nullable<i32>>("null").unwrap(),
        Nullable::Null
    );
    assert_eq!(
        serde_json::from_str::<Nullable<i32>>("5").unwrap(),
        Nullable::Value(5)
    );
}

#[test]
fn nullable_methods_and_conversions() {
    let v: Nullable<String> = "x".to_string().into();
    assert!(v.is_value() && !v.is_null() && !v.is_absent());
    assert_eq!(v.value().map(String::as_str), Some("x"));
    assert_eq!(v.as_ref(), Nullable::Value(&"x".to_string()));
    assert_eq!(v.clone().map(|s| s.len()), Nullable::Value(1));
    assert_eq!(v.into_value(), Some("x".to_string()));

    let n: Nullable<u8> = None.into();
    assert!(n.is_null());
    assert_eq!(n.value(), None);
    assert_eq!(n.map(|x| x + 1), Nullable::Null);
    let s: Nullable<u8> = Some(4).into();
    assert_eq!(s, Nullable::Value(4));

    let d: Nullable<std::fs::File> = Nullable::default();
    assert!(d.is_absent());
    assert!(d.into_value().is_none());
}

#[test]
fn path_pointers() {
    const ROOT: Path<'static> = Path::root();
    assert_eq!(ROOT.index(3).to_pointer(), "/3");
    let root = Path::root();
    assert_eq!(root.to_pointer(), "");
    assert!(root.is_root());
    let a = root.key("a");
    let a0 = a.index(0);
    let a0b = a0.key("b");
    assert_eq!(a0b.to_pointer(), "/a/0/b");
    assert_eq!(a0b.to_string(), "/a/0/b");
    assert_eq!(a0b.segment(), Some(Segment::Key("b")));
    assert_eq!(a0b.parent().map(Path::to_pointer), Some("/a/0".to_string()));
    assert_eq!(root.key("").to_pointer(), "/");
    assert_eq!(root.key("a/b~c").to_pointer(), "/a~1b~0c");
    assert_eq!(root.key("~/~").index(12).to_pointer(), "/~0~1~0/12");
    assert_eq!(root.key("~01").to_pointer(), "/~001");
    assert_eq!(root.key("é/x").to_pointer(), "/é~1x");
}

#[test]
fn report_counts_ordering_and_display() {
    let root = Path::root();
    let mut r = Report::new();
    assert!(r.is_empty() && r.is_valid() && !r.has_errors());
    r.warning(&root.key("z"), "deprecated", "field z is deprecated");
    assert!(r.is_valid() && !r.is_empty());
    r.error(&root.key("b"), "type", "expected string, found integer");
    r.error(&root, "required", String::from("missing field `name`"));
    r.error(&root.key("b"), "format", "bad");
    r.error(&root.key("b"), "format", "abc");
    assert_eq!(r.len(), 5);
    assert_eq!(r.errors().count(), 4);
    assert_eq!(r.warnings().count(), 1);
    assert!(r.has_errors() && !r.is_valid());

    r.sort();
    let order: Vec<(&str, &str, &str)> = r
        .violations()
        .iter()
        .map(|v| (v.pointer.as_str(), v.code, v.message.as_str()))
        .collect();
    assert_eq!(
        order,
        vec![
            ("", "required", "missing field `name`"),
            ("/b", "format", "abc"),
            ("/b", "format", "bad"),
            ("/b", "type", "expected string, found integer"),
            ("/z", "deprecated", "field z is deprecated"),
        ]
    );
    assert_eq!(
        r.to_string(),
        "\"\" required missing field `name`\n\
         /b format abc\n\
         /b format bad\n\
         /b type expected string, found integer\n\
         warning: /z deprecated field z is deprecated"
    );

    let mut other = Report::new();
    other.push(Violation {
        pointer: "/q".into(),
        code: "x",
        message: "y".into(),
        severity: Severity::Warning,
    });
    r.extend(other);
    assert_eq!(r.len(), 6);
    let err: Box<dyn std::error::Error> = Box::new(r.clone());
    assert!(err.to_string().ends_with("\nwarning: /q x y"));
    assert_eq!(r.into_violations().len(), 6);
    assert_eq!(Report::new().to_string(), "");
    assert!(Severity::Error < Severity::Warning);
}

#[test]
fn report_sort_is_stable_for_equal_keys() {
    let mut r = Report::new();
    let p = Path::root();
    let p = p.key("a");
    r.warning(&p, "c", "m");
    r.error(&p, "c", "m");
    r.sort();
    assert_eq!(r.violations()[0].severity, Severity::Warning);
    assert_eq!(r.violations()[1].severity, Severity::Error);
}

struct Positive(i64);

impl Validate for Positive {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        if self.0 <= 0 {
            report.error(path, "minimum", "must be positive");
        }
    }
}

#[test]
fn validate_blanket_impls() {
    let items = vec![Positive(1), Positive(0), Positive(-2)];
    let r = items.validate();
    let ptrs: Vec<&str> = r.violations().iter().map(|v| v.pointer.as_str()).collect();
    assert_eq!(ptrs, vec!["/1", "/2"]);

    let mut map = BTreeMap::new();
    map.insert("a/b".to_string(), vec![Positive(0)]);
    map.insert("ok".to_string(), vec![Positive(3)]);
    let r = map.validate();
    assert_eq!(r.violations().len(), 1);
    assert_eq!(r.violations()[0].pointer, "/a~1b/0");

    assert!(Some(Positive(0)).validate().has_errors());
    assert!(None::<Positive>.validate().is_empty());
    assert!(Nullable::Value(Positive(0)).validate().has_errors());
    assert!(Nullable::<Positive>::Null.validate().is_empty());
    assert!(Nullable::<Positive>::Absent.validate().is_empty());
    assert!(Box::new(Positive(-1)).validate().has_errors());
    assert_eq!(Positive(0).validate().violations()[0].pointer, "");

    assert!(String::from("x").validate().is_empty());
    assert!(true.validate().is_empty());
    assert!(1i32.validate().is_empty());
    assert!(1i64.validate().is_empty());
    assert!(1u32.validate().is_empty());
    assert!(1u64.validate().is_empty());
    assert!(1.5f64.validate().is_empty());
    assert!(serde_json::json!({"a": 1}).validate().is_empty());
}

#[test]
fn e164() {
    for good in ["+14155550123", "+12", "+123456789012345", "+442071838750"] {
        assert!(is_e164(good), "{good}");
    }
    for bad in [
        "",
        "+",
        "+1",
        "14155550123",
        "+04155550123",
        "+1234567890123456",
        "+1 415",
        "+1-415",
        "++1415",
        "+١٢٣",
    ] {
        assert!(!is_e164(bad), "{bad}");
    }
}

#[test]
fn uuid() {
    for good in [
        "123e4567-e89b-12d3-a456-426614174000",
        "123E4567-E89B-12D3-A456-426614174000",
        "00000000-0000-0000-0000-000000000000",
    ] {
        assert!(is_uuid(good), "{good}");
    }
    for bad in [
        "",
        "123e4567-e89b-12d3-a456-42661417400",
        "123e4567-e89b-12d3-a456-4266141740000",
        "123e4567e89b12d3a456426614174000",
        "123e4567-e89b-12d3-a456_426614174000",
        "123e456-7e89b-12d3-a456-426614174000",
        "g23e4567-e89b-12d3-a456-426614174000",
        "{123e4567-e89b-12d3-a456-426614174000}",
    ] {
        assert!(!is_uuid(bad), "{bad}");
    }
}

#[test]
fn date() {
    for good in [
        "2024-02-29",
        "2000-02-29",
        "2023-12-31",
        "0001-01-01",
        "2023-04-30",
    ] {
        assert!(is_date(good), "{good}");
    }
    for bad in [
        "2023-02-29",
        "1900-02-29",
        "2023-04-31",
        "2023-13-01",
        "2023-00-10",
        "2023-01-00",
        "2023-1-01",
        "23-01-01",
        "2023/01/01",
        "2023-01-01T00:00:00Z",
        "",
        "2023-01-0x",
    ] {
        assert!(!is_date(bad), "{bad}");
    }
}

#[test]
fn date_time() {
    for good in [
        "2024-02-29T12:00:00Z",
        "2024-02-29t12:00:00z",
        "2023-06-01T23:59:60Z",
        "2023-06-01T00:00:00.5Z",
        "2023-06-01T00:00:00.123456789+05:30",
        "2023-06-01T00:00:00-23:59",
        "2023-06-01T00:00:00+00:00",
    ] {
        assert!(is_date_time(good), "{good}");
    }
    for bad in [
        "2023-02-29T12:00:00Z",
        "2023-06-01T24:00:00Z",
        "2023-06-01T23:60:00Z",
        "2023-06-01T23:59:61Z",
        "2023-06-01 12:00:00Z",
        "2023-06-01T12:00:00",
        "2023-06-01T12:00:00.Z",
        "2023-06-01T12:00:00+24:00",
        "2023-06-01T12:00:00+05:60",
        "2023-06-01T12:00:00+0530",
        "2023-06-01T12:00:00+05:30x",
        "2023-06-01T12:00:00ZZ",
        "2023-06-01T12:00Z",
        "2023-06-01T1:00:00Z",
        "2023-06-01",
        "",
        "2023-06-01T12:00:00.1.2Z",
    ] {
        assert!(!is_date_time(bad), "{bad}");
    }
}

#[test]
fn uri() {
    for good in [
        "https://example.com/a?b=c#d",
        "mailto:x@y.z",
        "urn:isbn:0451450523",
        "http://[::1]:8080/p%20q",
        "a+b-c.d:x",
        "tel:+1-415-555-0123",
    ] {
        assert!(is_uri(good), "{good}");
    }
    // A scheme with an empty path is a URI by the RFC 3986 grammar (`urn:`, `https:`).
    assert!(is_uri("https:") && is_uri("urn:"));
    for bad in [
        "not a url",
        "",
        ":foo",
        "1http://x",
        "/relative/path",
        "http://exa mple.com",
        "http://example.com/%zz",
        "http://example.com/%2",
        "http://example.com/é",
        "http://example.com/\u{7}",
        "ht_tp://x",
        "http://x/<a>",
    ] {
        assert!(!is_uri(bad), "{bad}");
    }
}

#[test]
fn email() {
    for good in ["a@b.c", "first.last+tag@example.co.uk", "x@sub.example.com"] {
        assert!(is_email(good), "{good}");
    }
    for bad in [
        "", "a", "@b.c", "a@", "a@b", "a@b.", "a@.b", "a@b..c", "a b@c.d", "a@b@c.d", "a@b c.d",
        "a\t@b.c",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
}

#[test]
fn decimal_string() {
    for good in ["0", "1", "-1", "12.50", "-0.001", "007"] {
        assert!(is_decimal_string(good), "{good}");
    }
    for bad in [
        "", "-", "1.", ".5", "-.5", "1e5", "+1", " 1", "1 ", "1.2.3", "--1", "1,5", "NaN", "١",
    ] {
        assert!(!is_decimal_string(bad), "{bad}");
    }
}

#[test]
fn json_object_string() {
    for good in [
        "{\"a\":1}",
        "{}",
        "  \n{\"a\":[1,{\"b\":null}]} ",
        "{\"s\":\"x\\u0041\"}",
    ] {
        assert!(is_json_object_string(good), "{good}");
    }
    for bad in [
        "[]",
        "",
        "1",
        "\"{}\"",
        "{",
        "{\"a\":1}x",
        "{a:1}",
        "null",
        "{\"a\":1}{}",
    ] {
        assert!(!is_json_object_string(bad), "{bad}");
    }
}

#[test]
fn char_len_counts_scalars() {
    assert_eq!(char_len(""), 0);
    assert_eq!(char_len("abc"), 3);
    assert_eq!(char_len("héé"), 3);
    assert_eq!(char_len("😀"), 1);
}

#[test]
fn format_names() {
    assert_eq!(
        format_name_check("date-time", "2023-06-01T00:00:00Z"),
        Some(true)
    );
    assert_eq!(format_name_check("date", "2023-02-29"), Some(false));
    assert_eq!(
        format_name_check("uuid", "123e4567-e89b-12d3-a456-426614174000"),
        Some(true)
    );
    assert_eq!(format_name_check("uri", "not a url"), Some(false));
    assert_eq!(format_name_check("email", "a@b.c"), Some(true));
    assert_eq!(format_name_check("e164", "+0123"), Some(false));
    assert_eq!(format_name_check("decimal-string", "1.5"), Some(true));
    assert_eq!(format_name_check("json-string", "[]"), Some(false));
    assert_eq!(format_name_check("hostname", "x"), None);
    assert_eq!(format_name_check("", "x"), None);
}

#[test]
fn json_shape_helpers() {
    use serde_json::json;
    assert_eq!(json_type_name(&json!(null)), "null");
    assert_eq!(json_type_name(&json!(true)), "boolean");
    assert_eq!(json_type_name(&json!(3)), "integer");
    assert_eq!(json_type_name(&json!(-3)), "integer");
    assert_eq!(json_type_name(&json!(u64::MAX)), "integer");
    assert_eq!(json_type_name(&json!(3.0)), "number");
    assert_eq!(json_type_name(&json!("s")), "string");
    assert_eq!(json_type_name(&json!([1])), "array");
    assert_eq!(json_type_name(&json!({})), "object");
    let parsed: serde_json::Value = serde_json::from_str("1e3").unwrap();
    assert_eq!(json_type_name(&parsed), "number");

    assert!(is_i32(&json!(0)));
    assert!(is_i32(&json!(i32::MAX)));
    assert!(is_i32(&json!(i32::MIN)));
    assert!(!is_i32(&json!(i64::from(i32::MAX) + 1)));
    assert!(!is_i32(&json!(i64::from(i32::MIN) - 1)));
    assert!(!is_i32(&json!(3.0)));
    assert!(!is_i32(&parsed));
    assert!(!is_i32(&json!("1")));
    assert!(is_i64(&json!(i64::MIN)));
    assert!(is_i64(&json!(i64::MAX)));
    assert!(!is_i64(&json!(u64::MAX)));
    assert!(!is_i64(&json!(3.0)));
    assert!(!is_i64(&parsed));
    assert!(!is_i64(&json!(null)));

    let mut r = Report::new();
    let root = Path::root();
    type_violation(&mut r, &root.key("n"), "integer", &json!("x"));
    assert_eq!(
        r.violations(),
        &[Violation {
            pointer: "/n".into(),
            code: "type",
            message: "expected integer, found string".into(),
            severity: Severity::Error,
        }]
    );
}

#[test]
fn one_edit_apart_counts_insertions_deletions_replacements_and_swaps() {
    for (a, b) in [
        ("stauts", "status"),  // swap
        ("statu", "status"),   // deletion
        ("statuss", "status"), // insertion
        ("statas", "status"),  // replacement
        ("xstatus", "status"), // insertion at the front
        ("tatus", "status"),   // deletion at the front
        ("nöte", "note"),      // non-ASCII replacement
        ("a", ""),
    ] {
        assert!(one_edit_apart(a, b), "{a:?} vs {b:?}");
        assert!(one_edit_apart(b, a), "{b:?} vs {a:?}");
    }
    for (a, b) in [
        ("status", "status"),
        ("sutats", "status"),
        ("stat", "status"),
        ("abcd", "badc"),
        ("ab", "ba c"),
        ("", ""),
    ] {
        assert!(!one_edit_apart(a, b), "{a:?} vs {b:?}");
    }
}

#[test]
fn unknown_members_are_errors_when_rejected_and_typo_warnings_when_allowed() {
    let map = serde_json::json!({"status": "x", "stauts": "y", "other": 1});
    let map = map.as_object().expect("object");
    let mut rejected = Report::new();
    unknown_members(
        map,
        &["status", "callFlow"],
        true,
        &Path::root(),
        &mut rejected,
    );
    rejected.sort();
    let lines: Vec<String> = rejected
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "/other unknown_field unknown field \"other\"; this object takes only: status, callFlow",
            "/stauts unknown_field unknown field \"stauts\"; did you mean \"status\"?",
        ]
    );
    let mut allowed = Report::new();
    unknown_members(
        map,
        &["status", "callFlow"],
        false,
        &Path::root(),
        &mut allowed,
    );
    assert!(allowed.is_valid());
    let lines: Vec<String> = allowed
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "warning: /stauts possible_typo unknown field \"stauts\" is ignored; did you mean \"status\"?"
        ]
    );
}

#[test]
fn version_matches_the_package_and_compatibility_follows_cargo_semver() {
    let (major, minor, patch) = VERSION;
    assert_eq!(
        format!("{major}.{minor}.{patch}"),
        env!("CARGO_PKG_VERSION"),
        "VERSION must follow Cargo.toml"
    );
    assert!(is_compatible(major, minor));
    // For 0.x, another minor version is another major version.
    assert!(!is_compatible(major, minor + 1));
    assert!(!is_compatible(major + 1, minor));
    if major == 0 && minor > 0 {
        assert!(!is_compatible(0, minor - 1));
    }
}

#[cfg(feature = "time")]
mod time_adapter {
    use crate::Nullable;
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Call {
        #[serde(with = "crate::time_rfc3339")]
        started: time::OffsetDateTime,
        #[serde(
            with = "crate::time_rfc3339",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        ended: Option<time::OffsetDateTime>,
        #[serde(
            with = "crate::time_rfc3339",
            default,
            skip_serializing_if = "Nullable::is_absent"
        )]
        due: Nullable<time::Date>,
        #[serde(with = "crate::time_rfc3339", default)]
        holidays: Vec<time::Date>,
        #[serde(with = "crate::time_rfc3339", default)]
        marks: BTreeMap<String, time::OffsetDateTime>,
    }

    #[test]
    fn rfc3339_text_round_trips_through_every_wrapper() {
        let text = r#"{"started":"2024-05-14T12:00:00.5+02:00","due":null,"holidays":["2024-12-25"],"marks":{"a":"2024-05-14T10:00:00Z"}}"#;
        let call: Call = serde_json::from_str(text).unwrap();
        assert_eq!(call.started.offset().whole_hours(), 2);
        assert_eq!(call.due, Nullable::Null);
        assert_eq!(call.ended, None);
        assert_eq!(
            serde_json::to_string(&call).unwrap(),
            // The offset is kept; the fraction keeps its significant digits.
            text
        );
        let absent: Call = serde_json::from_str(r#"{"started":"2024-05-14T12:00:00Z"}"#).unwrap();
        assert_eq!(absent.due, Nullable::Absent);
        assert!(absent.holidays.is_empty());
    }

    #[test]
    fn malformed_text_is_refused_with_what_was_expected() {
        for bad in [
            r#"{"started":"2024-05-14 12:00:00Z"}"#,
            r#"{"started":"2024-05-14T12:00:00Z","due":"2024-02-30"}"#,
            r#"{"started":"2024-05-14T12:00:00Z","holidays":["24-12-25"]}"#,
        ] {
            let err = serde_json::from_str::<Call>(bad).unwrap_err().to_string();
            assert!(err.contains("expected an RFC 3339"), "{bad}: {err}");
        }
    }
}

/// The retry policy, `Retry-After` and the classification of failures (the `client` feature).
#[cfg(feature = "client")]
mod client_retries {
    use super::client::*;
    use std::time::{Duration, SystemTime};

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn waits_grow_with_full_jitter_under_the_cap() {
        let policy = RetryPolicy::new()
            .with_max_attempts(10)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(S(1))
            .with_budget(S(1000));
        for _ in 0..200 {
            for attempt in 1..10u32 {
                let wait = policy.wait(attempt, S(0), None).expect("a retry");
                let ceiling = Duration::from_millis(100 * (1 << (attempt - 1))).min(S(1));
                assert!(wait <= ceiling, "attempt {attempt}: {wait:?} > {ceiling:?}");
            }
        }
        // Jitter: the waits are not all the same.
        let waits: std::collections::BTreeSet<Duration> =
            (0..50).filter_map(|_| policy.wait(4, S(0), None)).collect();
        assert!(waits.len() > 1, "{waits:?}");
    }

    #[test]
    fn retries_stop_at_the_attempt_limit_the_cap_and_the_budget() {
        let policy = RetryPolicy::new(); // 3 attempts, cap 20 s, budget 30 s
        assert_eq!(policy.wait(1, S(0), Some(S(5))), Some(S(5)));
        assert_eq!(policy.wait(3, S(0), Some(S(1))), None, "attempt limit");
        assert_eq!(
            policy.wait(1, S(0), Some(S(21))),
            None,
            "longer than the cap"
        );
        assert_eq!(policy.wait(1, S(12), Some(S(19))), None, "past the budget");
        assert_eq!(policy.wait(1, S(11), Some(S(19))), Some(S(19)));
        assert_eq!(RetryPolicy::none().wait(1, S(0), None), None);
        assert!(!RetryPolicy::none().retries());
        assert_eq!(RetryPolicy::new().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + S(1_893_456_000); // 2030-01-01T00:00:00Z
        let value = |v: &'static str| http::HeaderValue::from_static(v);
        assert_eq!(retry_after(&value("120"), now), Some(S(120)));
        assert_eq!(retry_after(&value(" 7 "), now), Some(S(7)));
        assert_eq!(
            retry_after(&value("Tue, 01 Jan 2030 00:01:00 GMT"), now),
            Some(S(60))
        );
        // A date in the past is no wait; nonsense is no `Retry-After` at all.
        assert_eq!(
            retry_after(&value("Mon, 31 Dec 2029 23:00:00 GMT"), now),
            Some(S(0))
        );
        for bad in ["", "-1", "1.5", "soon", "Tue, 01 Jan 2030"] {
            assert_eq!(retry_after(&value(bad), now), None, "{bad:?}");
        }
    }

    #[test]
    fn what_is_retried_depends_on_the_failure_and_idempotency() {
        let status = |s: u16| http::StatusCode::from_u16(s).expect("status");
        for s in [429, 503] {
            assert!(status_retry_reason(status(s), false).is_some(), "{s}");
        }
        for s in [502, 504] {
            assert!(status_retry_reason(status(s), true).is_some(), "{s}");
            assert!(status_retry_reason(status(s), false).is_none(), "{s}");
        }
        for s in [200, 400, 401, 404, 409, 500, 501] {
            assert!(status_retry_reason(status(s), true).is_none(), "{s}");
        }
        let refused = TransportError::new(TransportErrorKind::Connect, "refused");
        assert_eq!(
            transport_retry_reason(&refused, false),
            Some(RetryReason::NotSent)
        );
        let connect_timeout = TransportError::connect_timeout("slow handshake");
        assert!(connect_timeout.is_timeout() && !connect_timeout.may_have_been_sent());
        assert_eq!(
            transport_retry_reason(&connect_timeout, false),
            Some(RetryReason::NotSent)
        );
        let timeout = TransportError::new(TransportErrorKind::Timeout, "slow");
        assert_eq!(transport_retry_reason(&timeout, false), None);
        assert_eq!(
            transport_retry_reason(&timeout, true),
            Some(RetryReason::Timeout)
        );
        let dropped = TransportError::new(TransportErrorKind::Request, "closed");
        assert_eq!(transport_retry_reason(&dropped, false), None);
        assert_eq!(
            transport_retry_reason(&dropped, true),
            Some(RetryReason::ConnectionLost)
        );
    }

    #[test]
    fn which_answers_may_have_applied_the_request() {
        let applied = |s: u16| status_may_have_been_applied(http::StatusCode::from_u16(s).unwrap());
        for s in [200, 201, 204, 302, 500, 502, 504] {
            assert!(applied(s), "{s}");
        }
        for s in [400, 401, 404, 409, 429, 501, 503] {
            assert!(!applied(s), "{s}");
        }
    }

    #[test]
    fn errors_say_how_many_attempts_and_whether_applied() {
        let e: ClientError = ClientError::config("base URL", "is empty");
        assert_eq!(e.attempts(), 0);
        assert_eq!(
            e.to_string(),
            "invalid client configuration: base URL is empty"
        );
        let e = e.after(3, true);
        assert_eq!(
            e.to_string(),
            "invalid client configuration: base URL is empty (3 attempts; the request may have been applied)"
        );
        let e: ClientError = ClientError::config("x", "y").after(1, false);
        assert!(
            e.to_string()
                .ends_with("(1 attempt; the request was not applied)")
        );
        assert_eq!(
            std::mem::size_of::<ClientError<[u8; 512]>>(),
            std::mem::size_of::<usize>()
        );
    }

    /// A source that counts its fetches and hands out tokens valid for `lifetime`.
    struct Counting {
        fetches: std::sync::Arc<std::sync::atomic::AtomicU32>,
        lifetime: Duration,
    }

    impl TokenSource for Counting {
        fn fetch(&self, now: SystemTime) -> TokenFuture<'_> {
            let n = self
                .fetches
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let token = AccessToken::new(format!("t{n}"), Some(now + self.lifetime));
            Box::pin(async move { Ok(token) })
        }
    }

    #[tokio::test]
    async fn tokens_are_cached_until_shortly_before_they_expire() {
        let fetches = std::sync::Arc::default();
        let token = Token::from_source(Counting {
            fetches: std::sync::Arc::clone(&fetches),
            lifetime: S(300),
        });
        let t0 = SystemTime::UNIX_EPOCH + S(1_000_000);
        let first = token.get(t0).await.expect("token");
        assert_eq!(first.expose_secret(), "t0");
        // Fresh until 30 s before expiry.
        assert_eq!(token.get(t0 + S(269)).await.unwrap().expose_secret(), "t0");
        assert_eq!(token.get(t0 + S(270)).await.unwrap().expose_secret(), "t1");
        assert_eq!(token.fetches(), 2);
        // A refused token is replaced; a token already replaced by another call is reused.
        let refused = Secret::new("t1");
        let fresh = token.replace(&refused, t0 + S(271)).await.unwrap().unwrap();
        assert_eq!(fresh.expose_secret(), "t2");
        let again = token.replace(&refused, t0 + S(271)).await.unwrap().unwrap();
        assert_eq!(again.expose_secret(), "t2");
        assert_eq!(token.fetches(), 3);
        assert!(format!("{token:?}").contains("<source>"));
        // Short-lived tokens: the margin is half the lifetime.
        let short = Token::from_source(Counting {
            fetches: std::sync::Arc::default(),
            lifetime: S(20),
        });
        short.get(t0).await.unwrap();
        short.get(t0 + S(9)).await.unwrap();
        assert_eq!(short.fetches(), 1);
        short.get(t0 + S(10)).await.unwrap();
        assert_eq!(short.fetches(), 2);
        // A fixed token is never fetched or replaced, and never shown.
        let fixed = Token::from("fixed-sEcReT");
        assert!(fixed.replace(&Secret::new("x"), t0).await.is_none());
        assert!(!format!("{fixed:?}").contains("sEcReT"));
    }
}

#[cfg(feature = "mock")]
mod mock {
    use crate::mock::*;
    use crate::{Path, Report};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn base64_decodes_with_and_without_padding_and_refuses_the_rest() {
        assert_eq!(base64_decode("a2V5Og==").as_deref(), Some(&b"key:"[..]));
        assert_eq!(base64_decode("a2V5Og").as_deref(), Some(&b"key:"[..]));
        assert_eq!(base64_decode("").as_deref(), Some(&b""[..]));
        assert_eq!(
            base64_decode("+/+/").as_deref(),
            Some(&[0xfb, 0xff, 0xbf][..])
        );
        assert_eq!(
            base64_decode("a2V5O"),
            None,
            "a lone sextet cannot end Base64"
        );
        assert_eq!(base64_decode("a2V5Og=x"), None);
        assert_eq!(base64_decode("a2 V5"), None);
    }

    #[test]
    fn percent_decoding_keeps_malformed_escapes_and_refuses_non_utf8() {
        assert_eq!(percent_decode("a%2Fb%20c", false).as_deref(), Some("a/b c"));
        assert_eq!(percent_decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(percent_decode("a+b", true).as_deref(), Some("a b"));
        assert_eq!(percent_decode("%zz%4", false).as_deref(), Some("%zz%4"));
        assert_eq!(percent_decode("%", false).as_deref(), Some("%"));
        assert_eq!(percent_decode("%C3%A9", false).as_deref(), Some("é"));
        assert_eq!(percent_decode("%ff", false), None);
    }

    #[test]
    fn parameter_text_becomes_json_by_kind() {
        use serde_json::json;
        assert_eq!(ParamKind::Integer.value("42"), json!(42));
        assert_eq!(ParamKind::Integer.value("-7"), json!(-7));
        assert_eq!(
            ParamKind::Integer.value("18446744073709551615"),
            json!(u64::MAX)
        );
        assert_eq!(ParamKind::Integer.value("4.5"), json!("4.5"));
        assert_eq!(ParamKind::Number.value("4.5"), json!(4.5));
        assert_eq!(ParamKind::Number.value("NaN"), json!("NaN"));
        assert_eq!(ParamKind::Boolean.value("true"), json!(true));
        assert_eq!(ParamKind::Boolean.value("True"), json!("True"));
        assert_eq!(ParamKind::String.value("42"), json!("42"));
    }

    fn nothing() -> ParamCheck {
        Arc::new(|_| Report::new())
    }

    fn op(id: &str, method: &str, path: &str, params: Vec<ParamSpec>) -> OperationSpec {
        OperationSpec {
            id: id.into(),
            method: method.into(),
            path: path.into(),
            auth: Vec::new(),
            params,
            body: None,
            responses: vec![ResponseSpec {
                status: Some(200),
                body: Some(serde_json::json!({ "op": id })),
            }],
            check_response: None,
            typed: None,
        }
    }

    fn path_param(name: &str) -> ParamSpec {
        ParamSpec {
            name: name.into(),
            location: ParamLocation::Path,
            required: true,
            kind: ParamKind::String,
            check: nothing(),
        }
    }

    async fn get(server: &Server, target: &str) -> (u16, serde_json::Value) {
        call(server, "GET", target).await
    }

    async fn call(server: &Server, method: &str, target: &str) -> (u16, serde_json::Value) {
        let mut s = tokio::net::TcpStream::connect(server.addr())
            .await
            .expect("connects");
        let raw = format!("{method} {target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
        s.write_all(raw.as_bytes()).await.expect("sends");
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).await.expect("reads");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, serde_json::from_str(body).unwrap_or_default())
    }

    #[tokio::test]
    async fn the_more_specific_template_wins_and_parameters_may_share_a_segment() {
        let spec = ApiSpec {
            name: "t".into(),
            base_path: String::new(),
            auth: Vec::new(),
            operations: vec![
                op("by_id", "GET", "/calls/{id}", vec![path_param("id")]),
                op("active", "GET", "/calls/active", Vec::new()),
                op("drop", "DELETE", "/calls/{id}", vec![path_param("id")]),
                op(
                    "file",
                    "GET",
                    "/files/{name}.{ext}",
                    vec![path_param("name"), path_param("ext")],
                ),
            ],
        };
        let server = Server::start(spec, Options::default())
            .await
            .expect("starts");
        assert_eq!(get(&server, "/calls/active").await.1["op"], "active");
        assert_eq!(get(&server, "/calls/c1").await.1["op"], "by_id");
        assert_eq!(get(&server, "/files/report.pdf").await.1["op"], "file");
        assert_eq!(get(&server, "/files/report").await.0, 404);
        assert_eq!(
            get(&server, "/files/.pdf").await.0,
            404,
            "an empty parameter"
        );
        assert_eq!(get(&server, "/calls/c1/extra").await.0, 404);
        assert_eq!(call(&server, "DELETE", "/calls/c1").await.1["op"], "drop");
        let (status, body) = call(&server, "POST", "/calls/c1").await;
        assert_eq!(status, 405);
        assert_eq!(
            body["message"],
            "`/calls/c1` does not take POST; it takes DELETE, GET"
        );
        let exchanges = server.requests();
        assert_eq!(exchanges.len(), 8);
        assert_eq!(exchanges[2].operation.as_deref(), Some("file"));
        assert_eq!(exchanges[3].operation, None);
    }

    #[tokio::test]
    async fn without_keeping_requests_they_are_counted_and_logged_only() {
        let spec = ApiSpec {
            name: "t".into(),
            base_path: String::new(),
            auth: Vec::new(),
            operations: vec![op("x", "GET", "/x", Vec::new())],
        };
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        let options = Options::default()
            .keep_requests(false)
            .with_max_body_bytes(usize::MAX)
            .on_exchange(move |e| log.lock().expect("log").push(e.summary()));
        let server = Server::start(spec, options).await.expect("starts");
        assert_eq!(get(&server, "/x").await.0, 200);
        assert_eq!(get(&server, "/y").await.0, 404);
        assert!(server.requests().is_empty());
        assert_eq!(server.request_count(), 2);
        assert_eq!(
            *seen.lock().expect("log"),
            [
                "GET /x -> 200 x ok",
                "GET /y -> 404 - invalid: path \"\" not_found no operation of the t API has the path `/y`; it serves `/x`"
            ]
        );
    }

    #[tokio::test]
    async fn an_inconsistent_description_does_not_start() {
        let unknown_param = ApiSpec {
            name: "t".into(),
            base_path: String::new(),
            auth: Vec::new(),
            operations: vec![op("x", "GET", "/x/{id}", Vec::new())],
        };
        assert!(matches!(
            Server::start(unknown_param, Options::default()).await,
            Err(MockError::Spec(m)) if m.contains("no path parameter `id`")
        ));
        let mut with_auth = op("x", "GET", "/x", Vec::new());
        with_auth.auth = vec!["nope".into()];
        let unknown_scheme = ApiSpec {
            name: "t".into(),
            base_path: String::new(),
            auth: Vec::new(),
            operations: vec![with_auth],
        };
        assert!(matches!(
            Server::start(unknown_scheme, Options::default()).await,
            Err(MockError::Spec(m)) if m.contains("unknown auth scheme `nope`")
        ));
    }

    #[test]
    fn the_default_answer_and_the_invalid_status_follow_the_documented_responses() {
        let mut o = op("x", "GET", "/x", Vec::new());
        o.responses = vec![
            ResponseSpec {
                status: Some(202),
                body: None,
            },
            ResponseSpec {
                status: Some(201),
                body: Some(serde_json::json!(1)),
            },
            ResponseSpec {
                status: Some(422),
                body: None,
            },
        ];
        assert_eq!(o.default_answer(), (201, Some(&serde_json::json!(1))));
        assert_eq!(o.invalid_status(), 422, "422 documented, 400 not");
        o.responses.push(ResponseSpec {
            status: Some(400),
            body: None,
        });
        assert_eq!(o.invalid_status(), 400);
        o.responses = vec![ResponseSpec {
            status: None,
            body: Some(serde_json::json!("d")),
        }];
        assert_eq!(o.default_answer(), (200, Some(&serde_json::json!("d"))));
        assert_eq!(o.documented_body(503), Some(&serde_json::json!("d")));
        o.responses.clear();
        assert_eq!(o.default_answer(), (204, None));
    }

    #[tokio::test]
    async fn an_error_document_the_documented_body_refuses_is_merged_into_it_or_replaced() {
        // The documented 400 body requires `code`, and (second server) refuses other members.
        let make = |reject_others: bool| {
            let mut o = op(
                "x",
                "GET",
                "/x/{n}",
                vec![ParamSpec {
                    name: "n".into(),
                    location: ParamLocation::Path,
                    required: true,
                    kind: ParamKind::Integer,
                    check: Arc::new(|v| {
                        let mut r = Report::new();
                        if !v.is_i64() {
                            r.error(&Path::root(), "type", "must be an integer");
                        }
                        r
                    }),
                }],
            );
            o.responses.push(ResponseSpec {
                status: Some(400),
                body: Some(serde_json::json!({ "code": "bad" })),
            });
            o.check_response = Some(Arc::new(move |status, v| {
                (status == 400).then(|| {
                    let mut r = Report::new();
                    let Some(m) = v.as_object() else {
                        r.error(&Path::root(), "type", "object");
                        return r;
                    };
                    if !m.contains_key("code") {
                        r.error(&Path::root().key("code"), "required", "missing");
                    }
                    if reject_others && m.len() > 1 {
                        r.error(&Path::root(), "unknown_field", "only `code`");
                    }
                    r
                })
            }));
            ApiSpec {
                name: "t".into(),
                base_path: String::new(),
                auth: Vec::new(),
                operations: vec![o],
            }
        };
        let merged = Server::start(make(false), Options::default())
            .await
            .expect("starts");
        let (status, body) = get(&merged, "/x/ten").await;
        assert_eq!(status, 400);
        assert_eq!(body["code"], "bad");
        assert_eq!(body["violations"][0]["pointer"], "/n");
        assert_eq!(get(&merged, "/x/10").await.0, 200);
        let replaced = Server::start(make(true), Options::default())
            .await
            .expect("starts");
        let (status, body) = get(&replaced, "/x/ten").await;
        assert_eq!((status, body), (400, serde_json::json!({ "code": "bad" })));
        // The violations are still recorded.
        let last = replaced.requests().pop().expect("recorded");
        assert_eq!(last.violations[0].violation.pointer, "/n");
        assert!(
            last.summary()
                .ends_with("invalid: path /n type must be an integer")
        );
    }

    async fn send_body(
        server: &Server,
        method: &str,
        target: &str,
        content_type: &str,
        body: &[u8],
    ) -> (u16, serde_json::Value) {
        let mut s = tokio::net::TcpStream::connect(server.addr())
            .await
            .expect("connects");
        let head = format!(
            "{method} {target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        s.write_all(head.as_bytes()).await.expect("sends");
        s.write_all(body).await.expect("sends");
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).await.expect("reads");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, serde_json::from_str(body).unwrap_or_default())
    }

    #[tokio::test]
    async fn operations_are_served_at_the_root_and_under_the_base_path() {
        let spec = ApiSpec {
            name: "t".into(),
            base_path: "/{tenant}/v1/".into(),
            auth: Vec::new(),
            operations: vec![
                op("list", "GET", "/calls", Vec::new()),
                op("by_id", "GET", "/calls/{id}", vec![path_param("id")]),
                op("root", "GET", "/", Vec::new()),
            ],
        };
        let server = Server::start(spec, Options::default())
            .await
            .expect("starts");
        assert_eq!(get(&server, "/calls").await.1["op"], "list");
        assert_eq!(get(&server, "/acme/v1/calls").await.1["op"], "list");
        assert_eq!(get(&server, "/acme/v1/calls/c9").await.1["op"], "by_id");
        assert_eq!(get(&server, "/acme/v1").await.1["op"], "root");
        assert_eq!(get(&server, "/acme/v1/").await.1["op"], "root");
        // A wrong prefix, a missing variable segment, a prefix twice.
        for wrong in ["/acme/v2/calls", "/v1/calls", "/acme/v1/acme/v1/calls"] {
            let (status, body) = get(&server, wrong).await;
            assert_eq!(status, 404, "{wrong}");
            assert_eq!(
                body["message"],
                format!(
                    "no operation of the t API has the path `{wrong}`; it serves `/`, `/calls`, \
                     `/calls/{{id}}`, each with or without the prefix `/{{tenant}}/v1`"
                ),
            );
        }
        let recorded = server.requests();
        assert_eq!(recorded[2].request.target, "/acme/v1/calls/c9");
        assert_eq!(recorded[2].operation.as_deref(), Some("by_id"));
        // The 405 names the path as sent.
        let (status, body) = call(&server, "DELETE", "/acme/v1/calls").await;
        assert_eq!(status, 405);
        assert_eq!(
            body["message"],
            "`/acme/v1/calls` does not take DELETE; it takes GET"
        );
    }

    #[tokio::test]
    async fn a_malformed_base_path_does_not_start() {
        for (base, why) in [
            ("telephony/v1", "must start with `/`"),
            ("/a//b", "empty segment"),
            ("/v{n}", "a variable must be a whole segment"),
        ] {
            let spec = ApiSpec {
                name: "t".into(),
                base_path: base.into(),
                auth: Vec::new(),
                operations: Vec::new(),
            };
            assert!(
                matches!(
                    Server::start(spec, Options::default()).await,
                    Err(MockError::Spec(m)) if m.contains(why)
                ),
                "{base}"
            );
        }
    }

    #[test]
    fn form_bodies_decode_by_field_kind() {
        use serde_json::json;
        let fields = [
            FormField {
                name: "count".into(),
                kind: ParamKind::Integer,
                list: false,
            },
            FormField {
                name: "tag".into(),
                kind: ParamKind::String,
                list: true,
            },
        ];
        assert_eq!(
            decode_form(b"note=a+b%26c&count=3&tag=x&tag=y%20z&empty=", &fields),
            Ok(json!({ "note": "a b&c", "count": 3, "tag": ["x", "y z"], "empty": "" }))
        );
        assert_eq!(
            decode_form(b"count=three", &fields),
            Ok(json!({ "count": "three" })),
            "text that is not the kind stays a string, for the check to refuse"
        );
        let repeated = decode_form(b"count=1&count=2&count=3", &fields).expect_err("repeated");
        assert_eq!(repeated.len(), 1);
        assert_eq!(repeated[0].violation.pointer, "/count");
        assert_eq!(repeated[0].violation.code, "repeated");
        let not_utf8 = decode_form(b"a=%ff", &fields).expect_err("not UTF-8");
        assert_eq!(not_utf8[0].violation.code, "encoding");
        assert!(decode_form(&[0xff], &fields).is_err());
    }

    /// `POST /f` with a form and an XML content type: the check refuses `{"n": <not 1..9>}`.
    fn form_spec(form: Option<Vec<FormField>>) -> ApiSpec {
        let mut o = op("f", "POST", "/f", Vec::new());
        o.body = Some(BodySpec {
            required: true,
            content_types: vec![FORM_CONTENT_TYPE.into(), "application/xml".into()],
            check: Arc::new(|bytes| {
                let mut r = Report::new();
                let v: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
                if !v["n"].as_i64().is_some_and(|n| (1..10).contains(&n)) {
                    r.error(&Path::root().key("n"), "maximum", "must be 1 to 9");
                }
                r
            }),
            form,
        });
        ApiSpec {
            name: "t".into(),
            base_path: String::new(),
            auth: Vec::new(),
            operations: vec![o],
        }
    }

    #[tokio::test]
    async fn form_bodies_are_checked_and_other_content_types_accepted_unchecked() {
        let fields = vec![FormField {
            name: "n".into(),
            kind: ParamKind::Integer,
            list: false,
        }];
        let spec = form_spec(Some(fields));
        assert_eq!(
            spec.operations[0]
                .body
                .as_ref()
                .map(BodySpec::unchecked_content_types),
            Some(vec!["application/xml"])
        );
        let server = Server::start(spec, Options::default())
            .await
            .expect("starts");
        let form = "application/x-www-form-urlencoded; charset=utf-8";
        assert_eq!(send_body(&server, "POST", "/f", form, b"n=4").await.0, 200);
        let (status, body) = send_body(&server, "POST", "/f", form, b"n=12").await;
        assert_eq!(status, 400);
        assert_eq!(body["violations"][0]["pointer"], "/n");
        let (status, body) =
            send_body(&server, "POST", "/f", "application/json", br#"{"n": 4}"#).await;
        assert_eq!(status, 400);
        let message = body["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("application/x-www-form-urlencoded, application/xml"),
            "{message}"
        );
        let (status, _) = send_body(&server, "POST", "/f", "application/xml", b"<n>12</n>").await;
        assert_eq!(status, 200, "XML is accepted without a check");
        let summaries: Vec<String> = server.requests().iter().map(Exchange::summary).collect();
        assert_eq!(summaries[0], "POST /f -> 200 f ok");
        assert!(
            summaries[2]
                .contains("`application/json` is not a content type this operation accepts"),
            "{}",
            summaries[2]
        );
        assert_eq!(
            summaries[3],
            "POST /f -> 200 f ok; body not checked (content type application/xml)"
        );
        assert_eq!(
            server.requests()[3].unchecked_body.as_deref(),
            Some("application/xml")
        );
    }

    #[tokio::test]
    async fn a_form_body_of_a_type_without_fields_is_accepted_unchecked() {
        let server = Server::start(form_spec(None), Options::default())
            .await
            .expect("starts");
        let (status, _) = send_body(
            &server,
            "POST",
            "/f",
            "application/x-www-form-urlencoded",
            b"n=12",
        )
        .await;
        assert_eq!(status, 200);
        let last = server.requests().pop().expect("recorded");
        assert_eq!(
            last.unchecked_body.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
    }
}

// ---- single pass (`scan`) ----------------------------------------------------------------------

/// A type whose documents are any JSON: scanning only checks that the text is JSON.
struct Anything;

impl scan::Scan for Anything {
    fn scan<'j, S: scan::Source<'j>>(
        src: &mut S,
        at: S::At,
        _: &Path<'_>,
        _: &mut scan::Out,
    ) -> scan::Scanned {
        src.skip(at)
    }
}

#[test]
fn the_text_scanner_accepts_what_serde_json_parses_and_stops_otherwise() {
    let texts = [
        "null",
        " true ",
        "[]",
        "{}",
        "0",
        "-0",
        "1.5e-3",
        "\"\\u00e9\\ud83d\\ude00\"",
        r#"{"a": [1, {"b": null}], "c": "x\ny"}"#,
        "",
        "{",
        "[1,]",
        "01",
        "1.",
        "\"\\x\"",
        "\"\\ud800\"",
        "\"a\u{1}\"",
        "1e400",
        "[1] 2",
        "{\"a\" 1}",
        "nul",
        "\"\\udc00\"",
    ];
    for text in texts {
        let parsed = serde_json::from_str::<serde_json::Value>(text).is_ok();
        let scanned = scan::scan_text::<Anything>(text.as_bytes()).is_ok();
        assert_eq!(scanned, parsed, "{text:?}");
    }
    // Not UTF-8 inside a string: serde_json refuses it, and so does the scanner.
    assert!(scan::scan_text::<Anything>(b"\"\xff\"").is_err());
    assert!(serde_json::from_slice::<serde_json::Value>(b"\"\xff\"").is_err());
    // serde_json's nesting limit: 127 levels read, 128 refused.
    for (depth, ok) in [(127, true), (128, false)] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(scan::scan_text::<Anything>(text.as_bytes()).is_ok(), ok);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), ok);
    }
}

#[test]
fn numbers_are_classified_as_serde_json_stores_them() {
    use scan::Num;
    let classify = |text: &str| match scan::scan_text::<Anything>(text.as_bytes()) {
        Ok(_) => {
            let v: serde_json::Value = serde_json::from_str(text).expect("JSON");
            Num::of(v.as_number().expect("a number")).type_name()
        }
        Err(_) => "not JSON",
    };
    for (text, name) in [
        ("0", "integer"),
        ("-1", "integer"),
        ("18446744073709551615", "integer"),
        ("18446744073709551616", "number"),
        ("-9223372036854775808", "integer"),
        ("-9223372036854775809", "number"),
        ("-0", "number"),
        ("1.0", "number"),
        ("1e2", "number"),
    ] {
        assert_eq!(classify(text), name, "{text}");
    }
    assert_eq!(Num::Text("-0").as_i64(), Some(0));
    assert_eq!(Num::Text("-0.0").as_i32(), Some(0));
    assert_eq!(Num::Text("0.0").as_i64(), None);
    assert_eq!(Num::Unsigned(u64::MAX).as_i64(), None);
    assert_eq!(Num::Unsigned(3_000_000_000).as_i32(), None);
    assert_eq!(Num::Negative(-5).as_f64(), -5.0);
}

#[test]
fn strings_are_compared_and_counted_unescaped() {
    let s = scan::Str::parsed("é✓x");
    assert_eq!(s.char_count(), 3);
    assert!(s.is("é✓x"));
    assert_eq!(s.position(&["a", "é✓x"]), Some(1));
    assert_eq!(s.with_text(str::len), Ok(6));
}

#[test]
fn the_lenient_json_check_follows_serde_json_ignoring_a_value() {
    for text in [
        r#"{"a": 1e400}"#,
        r#"{"a": "\udc00"}"#,
        r#"{"a": [1, 2,]}"#,
        r#"{"a": 1} x"#,
        r#" {"a": {"b": [true, false, null, -0.5E+3]}} "#,
        "{}",
        "{\"a\": \"\u{1}\"}",
    ] {
        let reference = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
        assert_eq!(
            scan::ignored_json(text.as_bytes()),
            Some(reference),
            "{text}"
        );
    }
    let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
    assert_eq!(
        scan::ignored_json(deep.as_bytes()),
        None,
        "too deep to follow"
    );
    assert!(is_json_object_string(&format!("{{\"a\": {deep}}}")));
}
