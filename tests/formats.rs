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

/// Straightforward reference implementations, built from the RFCs' grammars with regular
/// expressions, for the property tests below.
mod reference {
    use regex::Regex;
    use std::sync::OnceLock;

    pub fn uri(s: &str) -> bool {
        static RE: OnceLock<Regex> = OnceLock::new();
        RE.get_or_init(|| {
            let unreserved = r"[A-Za-z0-9\-._~]";
            let pct = r"%[0-9A-Fa-f]{2}";
            let sub = r"[!$&'()*+,;=]";
            let pchar = format!("(?:{unreserved}|{pct}|{sub}|[:@])");
            let dec = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])";
            let ipv4 = format!(r"{dec}\.{dec}\.{dec}\.{dec}");
            let h = "[0-9A-Fa-f]{1,4}";
            let ls32 = format!("(?:{h}:{h}|{ipv4})");
            let ipv6 = [
                format!("(?:{h}:){{6}}{ls32}"),
                format!("::(?:{h}:){{5}}{ls32}"),
                format!("(?:{h})?::(?:{h}:){{4}}{ls32}"),
                format!("(?:(?:{h}:){{0,1}}{h})?::(?:{h}:){{3}}{ls32}"),
                format!("(?:(?:{h}:){{0,2}}{h})?::(?:{h}:){{2}}{ls32}"),
                format!("(?:(?:{h}:){{0,3}}{h})?::{h}:{ls32}"),
                format!("(?:(?:{h}:){{0,4}}{h})?::{ls32}"),
                format!("(?:(?:{h}:){{0,5}}{h})?::{h}"),
                format!("(?:(?:{h}:){{0,6}}{h})?::"),
            ]
            .join("|");
            let future = format!(r"[vV][0-9A-Fa-f]+\.(?:{unreserved}|{sub}|:)+");
            let host = format!(r"(?:\[(?:{ipv6}|{future})\]|(?:{unreserved}|{pct}|{sub})*)");
            let authority = format!("(?:(?:{unreserved}|{pct}|{sub}|:)*@)?{host}(?::[0-9]*)?");
            let segment = format!("{pchar}*");
            let nz = format!("{pchar}+");
            let hier = format!(
                "(?://{authority}(?:/{segment})*|/(?:{nz}(?:/{segment})*)?|{nz}(?:/{segment})*|)"
            );
            let tail = format!("(?:{pchar}|[/?])*");
            Regex::new(&format!(
                r"^[A-Za-z][A-Za-z0-9+\-.]*:{hier}(?:\?{tail})?(?:#{tail})?$"
            ))
            .expect("reference regex")
        })
        .is_match(s)
    }

    pub fn date_time(s: &str) -> bool {
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(
                r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))$",
            )
            .expect("reference regex")
        });
        let Some(c) = re.captures(s) else {
            return false;
        };
        let n = |i: usize| -> i64 { c.get(i).map_or(0, |m| m.as_str().parse().unwrap_or(-1)) };
        let (y, mo, d, h, mi, sec) = (n(1), n(2), n(3), n(4), n(5), n(6));
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        if !(1..=12).contains(&mo) || d < 1 || d > days[(mo - 1) as usize] {
            return false;
        }
        let (oh, om) = (n(9), n(10));
        if h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59 {
            return false;
        }
        let sign = if c.get(8).map(|m| m.as_str()) == Some("-") {
            -1
        } else {
            1
        };
        let utc_minute = (h * 60 + mi - sign * (oh * 60 + om)).rem_euclid(1440);
        sec < 60 || utc_minute == 1439
    }
}

mod properties {
    use super::reference;
    use proptest::prelude::*;
    use voicecall_apis::runtime::{is_date_time, is_uri};

    fn uri_like() -> impl Strategy<Value = String> {
        let prefix = prop::sample::select(vec![
            "http://",
            "https://",
            "urn:",
            "mailto:",
            "http://[",
            "ftp://u:p@",
            "",
            "a+b.c:",
            "1a:",
        ]);
        let body = prop::string::string_regex(r"[a-zA-Z0-9:/?#\[\]@%.!$&'()*+,;=_~ v-]{0,20}")
            .expect("strategy");
        (prefix, body).prop_map(|(p, b)| format!("{p}{b}"))
    }

    fn date_time_like() -> impl Strategy<Value = String> {
        (
            1990u32..2030,
            0u32..14,
            0u32..33,
            0u32..26,
            0u32..61,
            55u32..62,
            prop::sample::select(vec![
                "Z", "z", "+00:00", "-08:00", "+01:00", "+14:60", "", ".5Z", "+1:00",
            ]),
        )
            .prop_map(|(y, mo, d, h, mi, s, z)| {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{z}")
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        #[test]
        fn uri_agrees_with_the_reference(s in uri_like()) {
            prop_assert_eq!(is_uri(&s), reference::uri(&s), "{:?}", s);
        }

        #[test]
        fn date_time_agrees_with_the_reference(s in date_time_like()) {
            prop_assert_eq!(is_date_time(&s), reference::date_time(&s), "{:?}", s);
        }
    }

    /// The generators above make both valid and invalid values, so the comparisons are not
    /// vacuous.
    #[test]
    fn the_generators_reach_both_verdicts() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let (mut uri_valid, mut dt_valid) = (0, 0);
        for _ in 0..2000 {
            let u = uri_like().new_tree(&mut runner).expect("value").current();
            uri_valid += usize::from(reference::uri(&u));
            let d = date_time_like()
                .new_tree(&mut runner)
                .expect("value")
                .current();
            dt_valid += usize::from(reference::date_time(&d));
        }
        assert!(
            (200..1800).contains(&uri_valid),
            "{uri_valid} valid URIs of 2000"
        );
        assert!(
            (100..1900).contains(&dt_valid),
            "{dt_valid} valid date-times of 2000"
        );
    }
}

/// JSON Schema counts `-0` as an integer (zero); serde_json reads it as the float `-0.0`.
#[test]
fn minus_zero_is_an_integer_in_both_validators() {
    let schemas = schemagen_tests::vendor_schemas();
    let api = schemas.ir.api("close").expect("close");
    for text in [r#"{"duration": -0}"#, r#"{"duration": 0}"#] {
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let compiled = voicecall_apis::validate_payload(
            "close.update_call_activity",
            voicecall_apis::runtime::PayloadKind::Request,
            &value,
        )
        .expect("documented");
        assert!(compiled.is_valid(), "{text}: {compiled}");
        let interpreted = schemagen::validate::validate_payload(
            api,
            "update_call_activity",
            schemagen::runtime::PayloadKind::Request,
            &value,
        )
        .expect("documented");
        assert!(interpreted.is_valid(), "{text}: {interpreted}");
    }
    // A fraction of zero is still not an integer here (a documented difference from JSON
    // Schema: serde's integer types refuse it).
    let value: serde_json::Value = serde_json::from_str(r#"{"duration": 1.0}"#).expect("JSON");
    let r = voicecall_apis::validate_payload(
        "close.update_call_activity",
        voicecall_apis::runtime::PayloadKind::Request,
        &value,
    )
    .expect("documented");
    assert!(!r.is_valid());
}
