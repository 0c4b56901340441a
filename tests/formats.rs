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

/// The straightforward forms of the other checks, as they were before they were made fast
/// (one pass, table lookups, eight bytes at a time): the fast ones must agree with them.
mod plain {
    pub fn e164(s: &str) -> bool {
        match s.as_bytes() {
            [b'+', first, rest @ ..] => {
                (b'1'..=b'9').contains(first)
                    && (1..=14).contains(&rest.len())
                    && rest.iter().all(u8::is_ascii_digit)
            }
            _ => false,
        }
    }

    pub fn uuid(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    }

    pub fn date(s: &str) -> bool {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let t = b.get(r)?;
            t.iter()
                .all(u8::is_ascii_digit)
                .then(|| std::str::from_utf8(t).ok()?.parse().ok())?
        };
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return false;
        };
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        b.len() == 10 && b[4] == b'-' && b[7] == b'-' && d >= 1 && d <= days
    }

    pub fn email(s: &str) -> bool {
        let Some((local, domain)) = s.split_once('@') else {
            return false;
        };
        !local.is_empty()
            && !domain.contains('@')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && domain.contains('.')
            && domain.split('.').all(|label| !label.is_empty())
    }

    pub fn decimal(s: &str) -> bool {
        let unsigned = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = match unsigned.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (unsigned, None),
        };
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|c| c.is_ascii_digit());
        all_digits(int) && frac.is_none_or(all_digits)
    }

    pub fn json_object(s: &str) -> bool {
        s.trim_start_matches([' ', '\t', '\n', '\r'])
            .starts_with('{')
            && serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok()
    }
}

mod properties {
    use super::{plain, reference};
    use proptest::prelude::*;
    use voicecall_apis::runtime::{
        is_date, is_date_time, is_decimal_string, is_e164, is_email, is_json_object_string, is_uri,
        is_uuid,
    };

    /// A string of characters from `alphabet`, mostly, and now and then any character.
    fn from(alphabet: &'static str, max: usize) -> impl Strategy<Value = String> {
        let chars: Vec<char> = alphabet.chars().collect();
        prop::collection::vec(
            prop_oneof![9 => prop::sample::select(chars), 1 => any::<char>()],
            0..max,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    /// A valid value with one character replaced, inserted or removed now and then.
    fn near(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
        (
            prop::sample::select(valid),
            any::<prop::sample::Index>(),
            prop::option::of(prop::sample::select(vec![
                '0', '9', '-', ':', 'T', 't', 'Z', '.', '+', '@', ' ', 'a', 'F', 'g', '\u{e9}',
                '{', '}', '"', '\\', ',',
            ])),
            0u8..3,
        )
            .prop_map(|(v, at, c, how)| {
                let mut cs: Vec<char> = v.chars().collect();
                let i = at.index(cs.len() + 1);
                match (how, c) {
                    (0, Some(c)) if i < cs.len() => cs[i] = c,
                    (1, Some(c)) => cs.insert(i, c),
                    (2, _) if i < cs.len() => {
                        cs.remove(i);
                    }
                    _ => {}
                }
                cs.into_iter().collect()
            })
    }

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

        #[test]
        fn date_time_near_valid_values_agrees_with_the_reference(
            s in near(&["2024-05-14T18:02:11Z", "1998-12-31T23:59:60Z", "2024-02-29t00:00:00.5-08:00", "2000-12-31T15:59:60.123-08:00"]),
        ) {
            prop_assert_eq!(is_date_time(&s), reference::date_time(&s), "{:?}", s);
        }

        #[test]
        fn date_agrees_with_the_plain_check(
            s in prop_oneof![near(&["2024-05-14", "2024-02-29", "1900-02-28", "2000-02-29", "2023-12-31"]), from("0123456789-", 12)],
        ) {
            prop_assert_eq!(is_date(&s), plain::date(&s), "{:?}", s);
        }

        #[test]
        fn uuid_agrees_with_the_plain_check(
            s in prop_oneof![near(&["5324881f-1e84-4367-8930-f69a74b30ca6", "00000000-0000-0000-0000-000000000000", "ABCDEF01-2345-6789-abcd-ef0123456789"]), from("0123456789abcdefABCDEFg-", 40)],
        ) {
            prop_assert_eq!(is_uuid(&s), plain::uuid(&s), "{:?}", s);
        }

        #[test]
        fn e164_agrees_with_the_plain_check(s in prop_oneof![near(&["+14152988103", "+12", "+123456789012345"]), from("+0123456789", 18)]) {
            prop_assert_eq!(is_e164(&s), plain::e164(&s), "{:?}", s);
        }

        #[test]
        fn decimal_agrees_with_the_plain_check(s in prop_oneof![near(&["-123.4567", "0", "12.0"]), from("-0123456789.", 8)]) {
            prop_assert_eq!(is_decimal_string(&s), plain::decimal(&s), "{:?}", s);
        }

        #[test]
        fn email_agrees_with_the_plain_check(s in prop_oneof![near(&["jane.doe@example.com", "a@b.c", "x@y..z"]), from("ab.@ \t\u{a0}\u{85}\u{7f}", 12)]) {
            prop_assert_eq!(is_email(&s), plain::email(&s), "{:?}", s);
        }

        #[test]
        fn json_string_agrees_with_serde_json(
            s in prop_oneof![
                near(&[r#"{"SourceType": "Service", "Department__c": "Billing"}"#, r#" {"a": [1, -2.5e3, true, null, {"b": "\u00e9\ud800"}]}"#, "{}"]),
                from("{}[]\",:0123456789-.eE+ truefalsn\\u", 24),
            ],
        ) {
            prop_assert_eq!(is_json_object_string(&s), plain::json_object(&s), "{:?}", s);
        }
    }

    #[test]
    fn json_string_agrees_with_serde_json_on_deep_nesting_and_wide_numbers() {
        for n in [1, 63, 64, 65, 200] {
            let s = format!("{}{}", "{\"a\":[".repeat(n), "]}".repeat(n));
            assert_eq!(
                is_json_object_string(&s),
                plain::json_object(&s),
                "{n} levels"
            );
            let broken = format!("{}{}", "{\"a\":[".repeat(n), "}]".repeat(n));
            assert_eq!(
                is_json_object_string(&broken),
                plain::json_object(&broken),
                "{n} levels, broken"
            );
        }
        for s in [
            r#"{"a": 1e400}"#,
            r#"{"a": "\udc00"}"#,
            r#"{"a": 01}"#,
            r#"{"a": 1.}"#,
            "{\"a\": \"\u{1}\"}",
            r#"{"a": 1} x"#,
            r#"{"a": 1}  "#,
        ] {
            assert_eq!(is_json_object_string(s), plain::json_object(s), "{s}");
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
