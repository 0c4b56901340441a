//! Arbitrary bytes as a JSON payload of every documented request and response of the vendor
//! APIs: the interpreted and the compiled validators must not panic and must agree. Shared with
//! `tests/fuzz_smoke.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicecall_apis::runtime::PayloadKind;

fn compiled(name: &str, status: Option<u16>, value: &serde_json::Value) -> Option<Vec<String>> {
    let kind = match status {
        None => PayloadKind::Request,
        Some(s) => PayloadKind::Response(s),
    };
    let report = voicecall_apis::validate_payload(name, kind, value).ok()?;
    Some(
        report
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect(),
    )
}

fuzz_target!(|data: &[u8]| {
    schemagen::fuzzing::payload_validator(data, &compiled);
});
