//! Generation: `generate()` per vendor schema, the whole `regenerate --check` pipeline on
//! `schemas/`, and synthetic schemas of growing size.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use schemagen_benches::{generate_from_text, repo_root, synthetic_schema};
use std::hint::black_box;

fn vendors(c: &mut Criterion) {
    let mut g = c.benchmark_group("generate");
    for name in ["salesforce", "vcita", "bird", "close"] {
        let path = repo_root().join("schemas").join(format!("{name}.yaml"));
        let text = std::fs::read_to_string(&path).expect("schema");
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter(|| black_box(generate_from_text("s.yaml", text)))
        });
    }
    g.finish();
}

fn regenerate_check(c: &mut Criterion) {
    let schemas = repo_root().join("schemas");
    let out = repo_root().join("generated/src");
    c.bench_function("regenerate --check (load, check, emit, compare)", |b| {
        b.iter(|| {
            let s = schemagen::load_paths(&[&schemas]).expect("readable");
            let files =
                schemagen::generate(&s, &schemagen::emit::EmitOptions::default()).expect("emits");
            let stale = schemagen::write::stale(&files, &out).expect("readable");
            assert!(stale.is_empty(), "generated/ is stale");
            black_box(files.len())
        })
    });
}

fn synthetic(c: &mut Criterion) {
    let mut g = c.benchmark_group("generate synthetic (20 fields per type)");
    g.sample_size(10);
    for n in [10usize, 100, 1_000] {
        let text = synthetic_schema(n, 20);
        g.throughput(criterion::Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| black_box(generate_from_text("s.yaml", text)))
        });
    }
    g.finish();
}

/// Import + generate a real multi-megabyte vendor spec: Twilio's Api v2010 (2.1 MB, 197
/// operations), the same pipeline as `schemagen import-openapi` + `regenerate`.
fn import_and_generate(c: &mut Criterion) {
    let path = repo_root().join("tests/fixtures/openapi/twilio/twilio_api_v2010.json");
    let spec = std::fs::read_to_string(&path).expect("vendored spec");
    let mut g = c.benchmark_group("import + generate");
    g.sample_size(10);
    g.throughput(criterion::Throughput::Bytes(spec.len() as u64));
    let opts = schemagen::openapi::ImportOptions {
        name: Some("twilio_api".into()),
        ..Default::default()
    };
    g.bench_function("twilio_api_v2010.json (2.1 MB)", |b| {
        b.iter(|| {
            let imported =
                schemagen::openapi::import_text(&spec, schemagen::openapi::SpecSyntax::Json, &opts)
                    .expect("imports");
            black_box(generate_from_text("twilio_api.yaml", &imported.schema))
        })
    });
    g.bench_function("twilio_api_v2010.json (2.1 MB), import only", |b| {
        b.iter(|| {
            black_box(
                schemagen::openapi::import_text(&spec, schemagen::openapi::SpecSyntax::Json, &opts)
                    .expect("imports")
                    .schema
                    .len(),
            )
        })
    });
    g.finish();
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
    targets = vendors, regenerate_check, synthetic, import_and_generate
}
criterion_main!(benches);
