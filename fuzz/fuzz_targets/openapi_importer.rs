//! Arbitrary bytes as an OpenAPI document (JSON and YAML): importing must never panic, and an
//! imported schema must load (and generate) without panicking. Shared with
//! `tests/fuzz_smoke.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    schemagen::fuzzing::openapi_importer(data);
});
