//! Validation and serde: compiled `validate()` on a typed value (valid and invalid), payload
//! validation from a `serde_json::Value`, end to end from bytes, and deserialize + validate +
//! serialize throughput per request type. Allocation counts are printed first.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use schemagen_benches::{Counting, OPERATIONS, allocations, payload};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::hint::black_box;
use voicecall_apis::runtime::{PayloadKind, Validate};

#[global_allocator]
static ALLOC: Counting = Counting;

fn typed<T: DeserializeOwned>(v: &serde_json::Value) -> T {
    serde_json::from_value(v.clone()).expect("valid fixture deserializes")
}

fn bench_type<T: DeserializeOwned + Serialize + Validate>(c: &mut Criterion, op: &str) {
    let valid = payload(op, true);
    let value: T = typed(&valid);
    let bytes = serde_json::to_vec(&valid).expect("bytes");
    // Allocation count of one validate() of the valid value (after a warm-up).
    let _ = value.validate();
    let before = allocations();
    let report = black_box(value.validate());
    let allocs = allocations() - before;
    drop(report);
    println!("allocations: {op} validate(valid) = {allocs}");

    let mut g = c.benchmark_group(format!("validate/{op}"));
    g.bench_function("typed valid", |b| {
        b.iter(|| black_box(black_box(&value).validate()))
    });
    let invalid = payload(op, false);
    g.bench_function("payload valid (structure + typed)", |b| {
        b.iter(|| {
            black_box(voicecall_apis::validate_payload(
                op,
                PayloadKind::Request,
                black_box(&valid),
            ))
        })
    });
    g.bench_function("payload invalid (structure + typed)", |b| {
        b.iter(|| {
            black_box(voicecall_apis::validate_payload(
                op,
                PayloadKind::Request,
                black_box(&invalid),
            ))
        })
    });
    g.finish();

    let mut g = c.benchmark_group(format!("serde/{op}"));
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("parse+validate", bytes.len()),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                let v: T = serde_json::from_slice(black_box(bytes)).expect("parses");
                black_box(v.validate().is_valid())
            })
        },
    );
    g.bench_with_input(
        BenchmarkId::new("parse+validate+serialize", bytes.len()),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                let v: T = serde_json::from_slice(black_box(bytes)).expect("parses");
                assert!(v.validate().is_valid());
                black_box(serde_json::to_vec(&v).expect("serializes"))
            })
        },
    );
    g.finish();
}

fn all(c: &mut Criterion) {
    use voicecall_apis::{bird, close, salesforce, vcita};
    let [
        sf_create,
        sf_update,
        vcita_update,
        bird_update,
        close_update,
    ] = OPERATIONS;
    bench_type::<salesforce::CreateVoiceCall>(c, sf_create);
    bench_type::<salesforce::UpdateVoiceCall>(c, sf_update);
    bench_type::<vcita::UpdateVoiceCall>(c, vcita_update);
    bench_type::<bird::UpdateCall>(c, bird_update);
    bench_type::<close::UpdateCallActivity>(c, close_update);
}

criterion_group!(benches, all);
criterion_main!(benches);
