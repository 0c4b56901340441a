//! Entry points of the fuzz targets (`fuzz/`, run with `cargo fuzz` on nightly) and of their
//! bounded stable-toolchain harness (`tests/fuzz_smoke.rs`): both call exactly these functions,
//! so a crash found by one is replayed by the other. Each function takes arbitrary bytes and must
//! never panic; a broken invariant (a schema without errors that does not generate, two
//! validators that disagree) is reported by panicking, which is what a fuzzer notices.

use crate::emit::EmitOptions;
use crate::runtime::PayloadKind;
use serde_json::Value;
use std::sync::OnceLock;

/// The vendor schemas, embedded so the targets need no files at run time.
pub const VENDOR_SCHEMAS: &[(&str, &str)] = &[
    ("bird.yaml", include_str!("../../schemas/bird.yaml")),
    ("close.yaml", include_str!("../../schemas/close.yaml")),
    (
        "salesforce.yaml",
        include_str!("../../schemas/salesforce.yaml"),
    ),
    ("vcita.yaml", include_str!("../../schemas/vcita.yaml")),
];

/// Inputs larger than this are ignored (the interesting bugs are in small inputs, and a fuzzer's
/// time is better spent on many of them).
pub const MAX_INPUT: usize = 64 * 1024;

/// `yaml_loader`: arbitrary bytes as a schema file. Loading must not panic; the diagnostics must
/// render; a schema without errors must generate, and the generated files must parse as Rust.
pub fn yaml_loader(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let schemas = crate::load_str("fuzz.yaml", text);
    let _ = schemas.diagnostics.render(&schemas.sources);
    let _ = schemas.diagnostics.render_json(&schemas.sources);
    if schemas.diagnostics.has_errors() {
        return;
    }
    match crate::generate(&schemas, &EmitOptions::default()) {
        Ok(files) => {
            for (path, text) in &files {
                if let Err(e) = syn::parse_file(text) {
                    panic!("generated {} does not parse: {e}\n{text}", path.display());
                }
            }
        }
        Err(e) => panic!("a schema without errors does not generate: {e}"),
    }
}

/// The vendor schemas, loaded once.
pub fn vendor_schemas() -> &'static crate::Schemas {
    static SCHEMAS: OnceLock<crate::Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let mut sources = crate::source::SourceMap::new();
        for (name, text) in VENDOR_SCHEMAS {
            sources.add(format!("schemas/{name}"), *text);
        }
        let s = crate::load_sources(sources);
        assert!(
            !s.diagnostics.has_errors(),
            "{}",
            s.diagnostics.render(&s.sources)
        );
        s
    })
}

/// Every documented payload of the vendor schemas: `(api, operation, kind)`.
pub fn vendor_payloads() -> Vec<(String, String, PayloadKind)> {
    let mut out = Vec::new();
    for api in &vendor_schemas().ir.apis {
        for op in &api.operations {
            if op.request.is_some() {
                out.push((api.name.clone(), op.id.clone(), PayloadKind::Request));
            }
            for r in &op.responses {
                if let crate::ir::Status::Code(c) = r.status {
                    out.push((api.name.clone(), op.id.clone(), PayloadKind::Response(c)));
                }
            }
        }
    }
    out
}

/// A compiled validator as the targets see it: `("api.operation", None for the request or
/// Some(status), value)` → the violation lines, `None` when the payload is not documented.
pub type CompiledValidator<'a> = &'a dyn Fn(&str, Option<u16>, &Value) -> Option<Vec<String>>;

/// `payload_validator`: arbitrary bytes as a JSON payload of every documented request and
/// response of the vendor schemas. Both validators must not panic and must report identical
/// violation lines. Returns how many payload kinds were checked (0 when the bytes are not
/// JSON).
pub fn payload_validator(data: &[u8], compiled: CompiledValidator<'_>) -> usize {
    if data.len() > MAX_INPUT {
        return 0;
    }
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return 0;
    };
    payload_value(&value, compiled)
}

/// [`payload_validator`] on a value already parsed.
pub fn payload_value(value: &Value, compiled: CompiledValidator<'_>) -> usize {
    let schemas = vendor_schemas();
    let mut n = 0;
    for (api_name, op, kind) in vendor_payloads() {
        let Some(api) = schemas.ir.api(&api_name) else {
            continue;
        };
        let interpreted = crate::validate::validate_payload(api, &op, kind, value)
            .unwrap_or_else(|e| panic!("documented payload refused: {e}"));
        let interpreted: Vec<String> = interpreted
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect();
        let status = match kind {
            PayloadKind::Request => None,
            PayloadKind::Response(s) => Some(s),
        };
        let name = format!("{api_name}.{op}");
        let Some(compiled) = compiled(&name, status, value) else {
            panic!("{name} {kind:?}: the compiled validator does not know this payload");
        };
        assert_eq!(
            interpreted, compiled,
            "{name} {kind:?}: the interpreted and compiled validators disagree on {value}"
        );
        n += 1;
    }
    n
}

/// A compiled validator of JSON text as the targets see it: like [`CompiledValidator`], given
/// the payload's bytes (the single pass over the text).
pub type CompiledTextValidator<'a> = &'a dyn Fn(&str, Option<u16>, &[u8]) -> Option<Vec<String>>;

/// `payload_validator`, from the text's side: arbitrary bytes as JSON text of every documented
/// request and response of the vendor schemas. The single pass over the text (`text`) must
/// report exactly what validating the parsed value (`value`) reports, and one `syntax` error
/// when the bytes are not JSON. Returns how many payload kinds were checked.
pub fn payload_text(
    data: &[u8],
    text: CompiledTextValidator<'_>,
    value: CompiledValidator<'_>,
) -> usize {
    if data.len() > MAX_INPUT {
        return 0;
    }
    let parsed = serde_json::from_slice::<Value>(data);
    let mut n = 0;
    for (api_name, op, kind) in vendor_payloads() {
        let status = match kind {
            PayloadKind::Request => None,
            PayloadKind::Response(s) => Some(s),
        };
        let name = format!("{api_name}.{op}");
        let expected = match &parsed {
            Ok(v) => value(&name, status, v)
                .unwrap_or_else(|| panic!("{name} {kind:?}: not known from a value")),
            Err(e) => vec![format!("\"\" syntax the payload is not JSON: {e}")],
        };
        let Some(got) = text(&name, status, data) else {
            panic!("{name} {kind:?}: the compiled text validator does not know this payload");
        };
        assert_eq!(
            expected,
            got,
            "{name} {kind:?}: the single pass over the text and the parsed value disagree on {:?}",
            String::from_utf8_lossy(data)
        );
        n += 1;
    }
    n
}

/// `openapi_importer`: arbitrary bytes as an OpenAPI document, read both as JSON and as YAML.
/// The import must not panic; a schema it produces is itself fed to [`yaml_loader`] (so it must
/// load, and generate when it has no errors, without panicking).
pub fn openapi_importer(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for syntax in [
        crate::openapi::SpecSyntax::Json,
        crate::openapi::SpecSyntax::Yaml,
    ] {
        let opts = crate::openapi::ImportOptions::default();
        if let Ok(imported) = crate::openapi::import_text(text, syntax, &opts) {
            yaml_loader(imported.schema.as_bytes());
        }
    }
}
