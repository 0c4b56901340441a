//! Validation and serde: compiled `validate()` on a typed value (valid and invalid), payload
//! validation in one pass from a `serde_json::Value` and from JSON bytes, end to end from bytes
//! through the typed model, and deserialize + validate + serialize throughput per request type.
//! In the same run, the `jsonschema` crate validates the same payloads as `serde_json::Value`
//! against the JSON Schema of the same type, taken from our OpenAPI export. Allocation counts
//! are printed first.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use schemagen_benches::{Counting, OPERATIONS, allocations, payload};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::hint::black_box;
use voicecall_apis::runtime::{PayloadKind, Report, UnknownPayload, Validate};

#[global_allocator]
static ALLOC: Counting = Counting;

fn typed<T: DeserializeOwned>(v: &serde_json::Value) -> T {
    serde_json::from_value(v.clone()).expect("valid fixture deserializes")
}

/// The JSON Schema of an operation's request body, from the OpenAPI export: the components
/// become `$defs`, and OpenAPI's `nullable: true` becomes a `null` alternative of the type.
fn json_schema(op: &str) -> serde_json::Value {
    let (api_name, op_id) = op.split_once('.').expect("api.operation");
    let schemas = schemagen::load_paths(&[schemagen_benches::repo_root()
        .join("schemas")
        .join(format!("{api_name}.yaml"))])
    .expect("schema");
    let api = schemas.ir.api(api_name).expect("api");
    let body = match &api
        .operation(op_id)
        .and_then(|o| o.request.as_ref())
        .expect("request")
        .shape
        .kind
    {
        schemagen::ir::ShapeKind::Named(n) => api.ty(n).expect("type").name.clone(),
        other => panic!("request body is not a named type: {other:?}"),
    };
    let doc: serde_json::Value =
        serde_json::from_str(&schemagen::openapi::export(api).to_json()).expect("export is JSON");
    fn convert(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(r)) = m.get_mut("$ref") {
                    *r = r.replace("#/components/schemas/", "#/$defs/");
                }
                if m.remove("nullable") == Some(serde_json::Value::Bool(true)) {
                    match m.get("type").cloned() {
                        Some(t @ serde_json::Value::String(_)) => {
                            m.insert("type".into(), serde_json::json!([t, "null"]));
                        }
                        _ => {
                            let inner = serde_json::Value::Object(std::mem::take(m));
                            m.insert("anyOf".into(), serde_json::json!([inner, {"type": "null"}]));
                        }
                    }
                }
                for x in m.values_mut() {
                    convert(x);
                }
            }
            serde_json::Value::Array(xs) => xs.iter_mut().for_each(convert),
            _ => {}
        }
    }
    let mut defs = doc["components"]["schemas"].clone();
    convert(&mut defs);
    let component = doc["components"]["schemas"]
        .as_object()
        .and_then(|m| {
            m.keys()
                .find(|k| k.as_str() == body || k.ends_with(&body))
                .cloned()
        })
        .unwrap_or(body);
    serde_json::json!({ "$ref": format!("#/$defs/{component}"), "$defs": defs })
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
    type Entry<'a> = &'a dyn Fn() -> Result<Report, UnknownPayload>;
    let entries: [(&str, Entry<'_>); 2] = [
        ("validate_payload_bytes(valid)", &|| {
            voicecall_apis::validate_payload_bytes(op, PayloadKind::Request, &bytes)
        }),
        ("validate_payload(valid Value)", &|| {
            voicecall_apis::validate_payload(op, PayloadKind::Request, &valid)
        }),
    ];
    for (entry, run) in entries {
        let _ = run();
        let before = allocations();
        let report = black_box(run());
        let allocs = allocations() - before;
        drop(report);
        println!("allocations: {op} {entry} = {allocs}");
    }

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
    // The same checks on both sides: jsonschema validates formats too (off by default), with
    // our three custom formats registered, using the same check functions.
    let schema = json_schema(op);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .with_format("e164", voicecall_apis::runtime::is_e164)
        .with_format("decimal", voicecall_apis::runtime::is_decimal_string)
        .with_format(
            "json-string",
            voicecall_apis::runtime::is_json_object_string,
        )
        .build(&schema)
        .expect("the exported schema compiles");
    assert!(
        validator.is_valid(&valid),
        "jsonschema must accept the valid payload of {op}"
    );
    // The first invalid payload that a JSON Schema validator can see too (not a cross-field rule).
    let invalid_js = schemagen_benches::invalid_payloads(op)
        .into_iter()
        .find(|p| !validator.is_valid(p))
        .expect("jsonschema rejects at least one invalid payload");
    // A payload with a structure error (a wrong JSON type) does not deserialize into the typed
    // model at all, so there is no typed validation to time; it is reported as n/a.
    if let Ok(typed_invalid) = serde_json::from_value::<T>(invalid_js.clone()) {
        g.bench_function("typed invalid (same payload as jsonschema)", |b| {
            b.iter(|| black_box(black_box(&typed_invalid).validate()))
        });
    }
    g.bench_function("payload invalid (same payload as jsonschema)", |b| {
        b.iter(|| {
            black_box(voicecall_apis::validate_payload(
                op,
                PayloadKind::Request,
                black_box(&invalid_js),
            ))
        })
    });
    g.bench_function("jsonschema valid (all errors)", |b| {
        b.iter(|| black_box(validator.iter_errors(black_box(&valid)).count()))
    });
    g.bench_function("jsonschema invalid (all errors)", |b| {
        b.iter(|| black_box(validator.iter_errors(black_box(&invalid_js)).count()))
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
        BenchmarkId::new("payload bytes validate", bytes.len()),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                black_box(voicecall_apis::validate_payload_bytes(
                    op,
                    PayloadKind::Request,
                    black_box(bytes),
                ))
            })
        },
    );
    g.bench_with_input(
        BenchmarkId::new("jsonschema parse+validate", bytes.len()),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                let v: serde_json::Value =
                    serde_json::from_slice(black_box(bytes)).expect("parses");
                black_box(validator.iter_errors(&v).count())
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

/// Shorter than criterion's defaults (3 s warm-up, 5 s measurement) so that the whole suite
/// runs in a few minutes on a 2-core machine; BENCHMARKS.md was measured with these settings.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = all
}
criterion_main!(benches);
