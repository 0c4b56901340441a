//! Generates models and validators from `schemas/` into `$OUT_DIR`: against the
//! `schemagen-runtime` crate by default, or with the runtime inlined into the output when the
//! `inline-runtime` feature is on.

fn main() -> Result<(), schemagen::BuildError> {
    if std::env::var_os("CARGO_FEATURE_INLINE_RUNTIME").is_some() {
        schemagen::Builder::new()
            .input("schemas")
            .runtime(schemagen::emit::RuntimeSource::Inline)
            .compile()
            .map(|_| ())
    } else {
        schemagen::compile_schemas(&["schemas"])
    }
}
