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
