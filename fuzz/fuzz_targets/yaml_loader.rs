//! Arbitrary bytes as a schema file: loading, rendering diagnostics and (for a schema without
//! errors) generating must never panic. Shared with `tests/fuzz_smoke.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    schemagen::fuzzing::yaml_loader(data);
});
