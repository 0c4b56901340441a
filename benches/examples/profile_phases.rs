use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let text = schemagen_benches::synthetic_schema(n, 20);
    let t = Instant::now();
    let s = schemagen::load_str("s.yaml", &text);
    let load = t.elapsed();
    let t = Instant::now();
    let files = schemagen::emit::emit(
        &s.ir,
        &s.sources,
        &schemagen::emit::EmitOptions {
            client: false,
            ..Default::default()
        },
    )
    .unwrap();
    let emit = t.elapsed();
    let t = Instant::now();
    let files2 = schemagen::emit::emit(
        &s.ir,
        &s.sources,
        &schemagen::emit::EmitOptions {
            client: false,
            validators: false,
            ..Default::default()
        },
    )
    .unwrap();
    let emit_models = t.elapsed();
    let size: usize = files.values().map(String::len).sum();
    let size2: usize = files2.values().map(String::len).sum();
    println!(
        "types {n}: load {load:?}, emit all {emit:?} ({size} B), emit models only {emit_models:?} ({size2} B)"
    );
    // tokens vs formatting: parse the output back and unparse, to time syn + prettyplease alone
    let t = Instant::now();
    for text in files.values() {
        let f = syn::parse_file(text).unwrap();
        std::hint::black_box(prettyplease::unparse(&f));
    }
    println!(
        "syn parse + prettyplease of the output alone: {:?}",
        t.elapsed()
    );
    if n <= 2 {
        if let Some(f) = files.get(std::path::Path::new("synthetic.rs")) {
            std::fs::write("/tmp/synthetic2.rs", f).unwrap();
        }
    }
}
#[allow(dead_code)]
fn dump() {}
