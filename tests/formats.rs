//! The runtime's format checks against the JSON Schema Test Suite's format cases (data under
//! `tests/fixtures/json-schema-test-suite/`, see its SOURCE.md), and against the examples the
//! RFCs and our own issues name.

use schemagen_tests::fixture;
use voicecall_apis::runtime::format_name_check;

/// Every string case of one suite file: (description, data, valid).
fn cases(format: &str) -> Vec<(String, String, bool)> {
    let path = fixture(&format!("json-schema-test-suite/{format}.json"));
    let text = std::fs::read_to_string(&path).expect("suite file");
    let groups: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut out = Vec::new();
    for g in groups.as_array().expect("groups") {
        for t in g["tests"].as_array().expect("tests") {
            // Non-strings are not this format's business (the type keyword decides them).
            if let Some(data) = t["data"].as_str() {
                out.push((
                    t["description"].as_str().unwrap_or_default().to_string(),
                    data.to_string(),
                    t["valid"].as_bool().expect("valid"),
                ));
            }
        }
    }
    out
}

#[test]
fn the_json_schema_test_suite_format_cases_pass() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for format in ["date-time", "date", "uri", "uuid"] {
        for (description, data, valid) in cases(format) {
            let got = format_name_check(format, &data).expect("known format");
            if got != valid {
                wrong.push(format!(
                    "{format}: {data:?} ({description}): expected {valid}, got {got}"
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} cases");
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn leap_seconds_only_at_the_end_of_a_utc_day() {
    for ok in [
        "1998-12-31T23:59:60Z",
        "1998-12-31T15:59:60.123-08:00",
        "1999-01-01T00:59:60+01:00",
    ] {
        assert_eq!(format_name_check("date-time", ok), Some(true), "{ok}");
    }
    for bad in [
        "2024-05-14T12:00:60Z",
        "1998-12-31T23:59:60+01:00",
        "1998-12-31T23:58:60Z",
    ] {
        assert_eq!(format_name_check("date-time", bad), Some(false), "{bad}");
    }
}

#[test]
fn uris_follow_the_rfc_3986_grammar() {
    for ok in [
        "urn:",
        "https://example.com/",
        "https://user:pw@example.com:8443/a/b?c=d&e#frag",
        "http://[::1]/",
        "http://[2001:db8::7]:80/x",
        "http://[::ffff:192.0.2.1]/",
        "http://[v1.fe80::a+en1]/",
        "mailto:jane@example.com",
        "tel:+1-816-555-1212",
        "http://example.com/%C3%A9",
    ] {
        assert_eq!(format_name_check("uri", ok), Some(true), "{ok}");
    }
    for bad in [
        "https://example.com:abc/",
        "http://a:80:80/",
        "http://a@b@c/",
        "https://example.com/#a#b",
        "http://[::g]/",
        "https://[::1/",
        "http://[1:2:3:4:5:6:7:8:9]/",
        "http://[1::2::3]/",
        "/relative/path",
        "http://exa mple.com/",
    ] {
        assert_eq!(format_name_check("uri", bad), Some(false), "{bad}");
    }
}
