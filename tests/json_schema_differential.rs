//! Our own contract agrees with our validators: every vendor schema is exported to OpenAPI
//! 3.0.3, each operation's request and response bodies become standalone JSON Schemas (read with
//! OpenAPI 3.0.3's own rules: `nullable` acts only beside a `type`), and an independent validator
//! (the `jsonschema` crate, formats on, our three custom formats registered) judges the payload
//! corpus and mutations of it. Both must give the same verdict, except for the short list of
//! deliberate differences below, each recognised by the violations our validator reports.

use schemagen_tests::{files_with_ext, fixture, vendor_schemas};
use serde_json::{Value, json};
use voicecall_apis::runtime::{PayloadKind, Report};

/// Turns an exported OpenAPI 3.0.3 schema into JSON Schema 2020-12, keyword by keyword, the
/// strict way: `nullable: true` adds `null` to a `type` written beside it and does nothing
/// without one (OpenAPI 3.0.3, "nullable"); OpenAPI-only keywords go.
fn to_json_schema(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref") {
                *r = r.replace("#/components/schemas/", "#/$defs/");
            }
            let nullable = m.remove("nullable") == Some(Value::Bool(true));
            if nullable {
                if let Some(t @ Value::String(_)) = m.get("type").cloned() {
                    m.insert("type".into(), json!([t, "null"]));
                    // A nullable enum admits `null` only if the list has it (3.0.3 says so).
                }
            }
            for k in [
                "example",
                "readOnly",
                "writeOnly",
                "deprecated",
                "discriminator",
                "xml",
                "externalDocs",
            ] {
                m.remove(k);
            }
            m.retain(|k, _| !k.starts_with("x-"));
            for x in m.values_mut() {
                to_json_schema(x);
            }
        }
        Value::Array(xs) => xs.iter_mut().for_each(to_json_schema),
        _ => {}
    }
}

/// The schema of a body: the exported operation's `schema` with every component as `$defs`.
fn body_schema(doc: &Value, defs: &Value, op_id: &str, kind: PayloadKind) -> Option<Value> {
    for item in doc["paths"].as_object()?.values() {
        for op in item.as_object()?.values() {
            if op["operationId"] != op_id {
                continue;
            }
            let content = match kind {
                PayloadKind::Request => &op["requestBody"]["content"],
                PayloadKind::Response(s) => &op["responses"][s.to_string()]["content"],
            };
            let schema = content.as_object()?.values().next()?["schema"].clone();
            let mut schema = schema;
            to_json_schema(&mut schema);
            return Some(json!({ "allOf": [schema], "$defs": defs }));
        }
    }
    None
}

/// Why our validator and the JSON Schema may disagree on purpose.
fn deliberate(ours: &Report, payload: &Value) -> Option<&'static str> {
    let errors: Vec<_> = ours.errors().collect();
    // Cross-field rules: JSON Schema cannot say "`recordingLocation` is required when
    // `totalHoldDuration` is present".
    if !errors.is_empty()
        && errors
            .iter()
            .all(|v| matches!(v.code, "required_when" | "forbidden_when"))
    {
        return Some("cross-field rule");
    }
    // Integers written with a fraction of zero (`1.0`): JSON Schema counts them as integers,
    // serde's integer types do not take them.
    if !errors.is_empty()
        && errors.iter().all(|v| {
            v.code == "type"
                && payload
                    .pointer(&v.pointer)
                    .and_then(Value::as_f64)
                    .is_some_and(|f| f.fract() == 0.0)
        })
    {
        return Some("integer written as a float");
    }
    None
}

/// Mutations of a valid payload: each member removed, set to `null`, set to a value of
/// another JSON type, and an unknown member added.
fn mutations(valid: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let Some(m) = valid.as_object() else {
        return out;
    };
    for k in m.keys() {
        let mut removed = valid.clone();
        removed.as_object_mut().map(|o| o.remove(k));
        out.push(removed);
        for replacement in [
            json!(null),
            json!(7),
            json!("x"),
            json!([]),
            json!({}),
            json!(1.5),
        ] {
            let mut changed = valid.clone();
            changed[k] = replacement;
            out.push(changed);
        }
    }
    let mut extra = valid.clone();
    extra["zzUnknownMember"] = json!(1);
    out.push(extra);
    out
}

#[test]
fn exported_json_schemas_and_our_validators_agree() {
    let schemas = vendor_schemas();
    let mut compared = 0;
    let mut deliberate_counts = std::collections::BTreeMap::new();
    let mut disagreements = Vec::new();
    for api in &schemas.ir.apis {
        let mut doc: Value =
            serde_json::from_str(&schemagen::openapi::export(api).to_json()).expect("json");
        let mut defs = doc["components"]["schemas"].take();
        to_json_schema(&mut defs);
        for op in &api.operations {
            let dir = fixture(&format!("payloads/{}.{}", api.name, op.id));
            let mut kinds = vec![(PayloadKind::Request, dir.join("request"))];
            for r in &op.responses {
                if let schemagen::ir::Status::Code(c) = r.status {
                    kinds.push((PayloadKind::Response(c), dir.join(format!("response-{c}"))));
                }
            }
            for (kind, kdir) in kinds {
                let Some(schema) = body_schema(&doc, &defs, &op.id, kind) else {
                    continue;
                };
                let validator = jsonschema::options()
                    .should_validate_formats(true)
                    .with_format("e164", voicecall_apis::runtime::is_e164)
                    .with_format("decimal", voicecall_apis::runtime::is_decimal_string)
                    .with_format(
                        "json-string",
                        voicecall_apis::runtime::is_json_object_string,
                    )
                    .build(&schema)
                    .unwrap_or_else(|e| panic!("{}.{} {kind}: {e}", api.name, op.id));
                let mut payloads = Vec::new();
                for sub in ["valid", "invalid"] {
                    for f in files_with_ext(&kdir.join(sub), "json") {
                        let v: Value =
                            serde_json::from_str(&std::fs::read_to_string(&f).expect("readable"))
                                .expect("JSON");
                        if sub == "valid" {
                            payloads.extend(mutations(&v));
                        }
                        payloads.push(v);
                    }
                }
                for p in payloads {
                    let ours = voicecall_apis::validate_payload(
                        &format!("{}.{}", api.name, op.id),
                        kind,
                        &p,
                    )
                    .expect("documented");
                    let theirs = validator.is_valid(&p);
                    compared += 1;
                    if ours.is_valid() == theirs {
                        continue;
                    }
                    match deliberate(&ours, &p) {
                        Some(why) => *deliberate_counts.entry(why).or_insert(0) += 1,
                        None => disagreements.push(format!(
                            "{}.{} {kind}: ours {}, jsonschema {}: {p}\n  ours: {ours}\n  theirs: {}",
                            api.name,
                            op.id,
                            if ours.is_valid() { "valid" } else { "invalid" },
                            if theirs { "valid" } else { "invalid" },
                            validator
                                .iter_errors(&p)
                                .map(|e| format!("{} {e}", e.instance_path()))
                                .collect::<Vec<_>>()
                                .join("; ")
                        )),
                    }
                }
            }
        }
    }
    assert!(compared > 2000, "only {compared} payloads compared");
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s) (deliberate: {deliberate_counts:?}):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    eprintln!("{compared} payloads compared; deliberate differences: {deliberate_counts:?}");
}
