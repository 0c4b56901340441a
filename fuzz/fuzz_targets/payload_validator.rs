//! Arbitrary bytes as a JSON payload of every documented request and response of the vendor
//! APIs: the interpreted and the compiled validators must not panic and must agree, and the
//! single pass over the bytes must report what validating the parsed value reports. Shared
//! with `tests/fuzz_smoke.rs`.
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

fn compiled_text(name: &str, status: Option<u16>, bytes: &[u8]) -> Option<Vec<String>> {
    let kind = match status {
        None => PayloadKind::Request,
        Some(s) => PayloadKind::Response(s),
    };
    let report = voicecall_apis::validate_payload_bytes(name, kind, bytes).ok()?;
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
    schemagen::fuzzing::payload_text(data, &compiled_text, &compiled);
});
