//! OpenAPI 3: the vendor schemas exported (parsed back with `openapiv3` and checked for sound
//! references and required parts), export → import → lower round trips, and imports of the
//! Petstore fixture, Twilio's 50 published specs, OpenAPI 3.1 documents and malformed documents,
//! each loaded by the normal pipeline, generated, parsed with `syn` and compiled with cargo.

use schemagen::ir::*;
use schemagen::openapi::doc;
use schemagen::openapi::import::{ImportOptions, Imported, SpecSyntax, import_text};
use schemagen::source::{FileId, Span};
use schemagen_tests::{files_with_ext, fixture, repo_root, vendor_schemas};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

// ---- helpers ---------------------------------------------------------------------------------

fn import_str(text: &str, syntax: SpecSyntax) -> Imported {
    match import_text(text, syntax, &ImportOptions::default()) {
        Ok(i) => i,
        Err(d) => panic!("import failed: {d:?}"),
    }
}

fn import_file(path: &Path) -> Imported {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    // Named after the file, as `import-openapi SPEC --out schemas/NAME.yaml` does.
    let opts = ImportOptions {
        name: None,
        fallback_name: path.file_stem().map(|f| f.to_string_lossy().into_owned()),
        source: path.file_name().map(|f| f.to_string_lossy().into_owned()),
        ..ImportOptions::default()
    };
    match import_text(&text, SpecSyntax::guess(path.to_str(), &text), &opts) {
        Ok(i) => i,
        Err(d) => panic!("{}: import failed: {d:?}", path.display()),
    }
}

/// Loads an imported schema with the normal pipeline; any error fails the test.
fn load(name: &str, imported: &Imported) -> schemagen::Schemas {
    let s = schemagen::load_str(name, &imported.schema);
    assert!(
        !s.diagnostics.has_errors(),
        "{name} does not load:\n{}\n--- schema ---\n{}",
        s.diagnostics.render(&s.sources),
        imported.schema
    );
    s
}

/// Generates the code of loaded schemas and parses every file with `syn`.
fn generate_and_parse(s: &schemagen::Schemas) -> schemagen::emit::Files {
    let files = schemagen::emit::emit(
        s.checked().expect("no schema errors"),
        &schemagen::emit::EmitOptions::default(),
    )
    .unwrap_or_else(|e| panic!("generation failed: {e}"));
    for (path, text) in &files {
        if let Err(e) = syn::parse_file(text) {
            panic!("{} does not parse: {e}", path.display());
        }
    }
    files
}

fn twilio_specs() -> Vec<PathBuf> {
    let specs = files_with_ext(&fixture("openapi/twilio"), "json");
    assert_eq!(specs.len(), 50, "the 50 Twilio specs are checked in");
    specs
}

fn api_of(s: &schemagen::Schemas) -> &ApiIr {
    s.ir.apis.first().expect("one API")
}

fn ty<'a>(api: &'a ApiIr, name: &str) -> &'a TypeIr {
    api.ty(name).unwrap_or_else(|| {
        panic!(
            "no type `{name}`; types: {:?}",
            api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
        )
    })
}

fn fields(t: &TypeIr) -> &[FieldIr] {
    match &t.kind {
        TypeKind::Object(o) => &o.fields,
        other => panic!("`{}` is not an object: {other:?}", t.name),
    }
}

fn field<'a>(t: &'a TypeIr, wire: &str) -> &'a FieldIr {
    fields(t)
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("`{}` has no field `{wire}`", t.name))
}

fn named(s: &Shape) -> &str {
    match &s.kind {
        ShapeKind::Named(n) => n,
        other => panic!("not a named type: {other:?}"),
    }
}

// ---- structural validation of an exported document -------------------------------------------

fn collect_refs<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    if let Some(r) = x.as_str() {
                        out.push((at.clone(), r));
                    }
                } else {
                    collect_refs(x, format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect_refs(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn resolve<'a>(doc: &'a Value, r: &str) -> Option<&'a Value> {
    doc.pointer(r.strip_prefix('#')?)
}

fn template_names(t: &str) -> Vec<String> {
    t.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
        .collect()
}

/// Everything that would make the document unusable: dangling references, operations without
/// an id or responses, undeclared or unused path parameters, unknown security schemes,
/// required properties that do not exist, undeclared server variables.
fn structural_problems(doc: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let mut refs = Vec::new();
    collect_refs(doc, String::new(), &mut refs);
    for (at, r) in &refs {
        if resolve(doc, r).is_none() {
            p.push(format!("{at}: `{r}` does not resolve"));
        }
    }
    for (i, s) in doc["servers"].as_array().into_iter().flatten().enumerate() {
        for v in template_names(s["url"].as_str().unwrap_or("")) {
            if !s["variables"][&v]["default"].is_string() {
                p.push(format!("/servers/{i}: variable `{v}` has no default"));
            }
        }
    }
    let schemes = &doc["components"]["securitySchemes"];
    let mut ids = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let at = format!("{path} {method}");
            match op["operationId"].as_str() {
                Some(id) if !ids.contains(&id) => ids.push(id),
                Some(id) => p.push(format!("{at}: operationId `{id}` is used twice")),
                None => p.push(format!("{at}: no operationId")),
            }
            if op["responses"].as_object().is_none_or(|r| r.is_empty()) {
                p.push(format!("{at}: no responses"));
            }
            for r in op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, r)| r)
            {
                let r = r
                    .get("$ref")
                    .and_then(|x| x.as_str())
                    .and_then(|x| resolve(doc, x))
                    .unwrap_or(r);
                if !r["description"].is_string() {
                    p.push(format!("{at}: a response without a description"));
                }
            }
            let params: Vec<&Value> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| {
                    x.get("$ref")
                        .and_then(|r| r.as_str())
                        .and_then(|r| resolve(doc, r))
                        .unwrap_or(x)
                })
                .collect();
            let path_params: Vec<&str> = params
                .iter()
                .filter(|x| x["in"] == "path")
                .filter_map(|x| x["name"].as_str())
                .collect();
            for name in template_names(path) {
                if !path_params.contains(&name.as_str()) {
                    p.push(format!("{at}: `{{{name}}}` is not declared"));
                }
            }
            for x in &params {
                if x["in"] == "path" {
                    let name = x["name"].as_str().unwrap_or("");
                    if !template_names(path).iter().any(|t| t == name) {
                        p.push(format!("{at}: path parameter `{name}` is not in the path"));
                    }
                    if x["required"] != true {
                        p.push(format!("{at}: path parameter `{name}` is not required"));
                    }
                }
                if x.get("schema").is_none() {
                    p.push(format!("{at}: parameter without a schema"));
                }
            }
            for req in op["security"].as_array().into_iter().flatten() {
                for (name, _) in req.as_object().into_iter().flatten() {
                    if schemes.get(name).is_none() {
                        p.push(format!("{at}: security scheme `{name}` is not declared"));
                    }
                }
            }
        }
    }
    for (name, s) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        if let Some(req) = s["required"].as_array() {
            for r in req {
                let r = r.as_str().unwrap_or("");
                if s["properties"].get(r).is_none() {
                    p.push(format!("schema `{name}`: required `{r}` is not a property"));
                }
            }
        }
        if let Some(map) = s["discriminator"]["mapping"].as_object() {
            for (tag, target) in map {
                let tag_name = s["discriminator"]["propertyName"].as_str().unwrap_or("");
                // The variant declares the tag itself, or in one of its `allOf` parts.
                let declares = |v: &Value| {
                    v["properties"].get(tag_name).is_some()
                        || v["allOf"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .any(|part| part["properties"].get(tag_name).is_some())
                };
                match target.as_str().and_then(|t| resolve(doc, t)) {
                    Some(v) if declares(v) => {}
                    Some(_) => p.push(format!(
                        "schema `{name}`: variant `{tag}` does not declare the tag property"
                    )),
                    None => p.push(format!("schema `{name}`: mapping `{tag}` does not resolve")),
                }
            }
        }
    }
    p
}

// ---- export ----------------------------------------------------------------------------------

#[test]
fn every_vendor_schema_exports_a_document_that_parses_back_and_is_sound() {
    let s = schemas_to_round_trip();
    for api in &s.ir.apis {
        let exported = schemagen::openapi::export(api);
        assert!(
            exported.warnings.is_empty(),
            "{}: {:?}",
            api.name,
            exported.warnings
        );
        let text = exported.to_json();
        let parsed: openapiv3::OpenAPI = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: openapiv3 does not read the export: {e}", api.name));
        assert_eq!(parsed.openapi, "3.0.3");
        assert_eq!(parsed.info.title, api.title);
        assert_eq!(
            parsed.operations().count(),
            api.operations.len(),
            "{}",
            api.name
        );
        for (_, _, op) in parsed.operations() {
            assert!(op.operation_id.is_some());
            assert!(!op.responses.responses.is_empty() || op.responses.default.is_some());
        }
        let components = parsed.components.as_ref().expect("components");
        for t in &api.types {
            assert!(
                components.schemas.contains_key(&t.name),
                "{}: `{}` is not a component",
                api.name,
                t.name
            );
        }
        assert_eq!(components.security_schemes.len(), api.auth.len());
        let value: Value = serde_json::from_str(&text).expect("json");
        let problems = structural_problems(&value);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            api.name,
            problems.join("\n")
        );
        // The YAML rendering is the same document.
        let yaml = exported.to_yaml();
        let back = doc::parse_yaml(&yaml).unwrap_or_else(|e| panic!("{}: {e}\n{yaml}", api.name));
        assert_eq!(
            back.to_json(),
            value,
            "{}: the YAML differs from the JSON",
            api.name
        );
        let parsed_yaml: openapiv3::OpenAPI =
            serde_json::from_value(back.to_json()).expect("openapiv3 reads the YAML");
        assert_eq!(parsed_yaml, parsed);
    }
}

#[test]
fn the_export_keeps_what_the_schema_language_says() {
    let s = vendor_schemas();
    let doc_of = |name: &str| -> Value {
        let api = s.ir.api(name).expect("api");
        serde_json::from_str(&schemagen::openapi::export(api).to_json()).expect("json")
    };
    let close = doc_of("close");
    let schemas = &close["components"]["schemas"];
    // An open enum is a plain string whose known values are listed, not an `enum`.
    assert!(schemas["CallSource"].get("enum").is_none());
    assert_eq!(
        schemas["CallSource"]["x-enum-known"],
        json!(["Close.io", "External"])
    );
    assert_eq!(schemas["CallStatus"]["enum"][1], "in-progress");
    assert_eq!(schemas["CallStatus"]["x-enum-varnames"][1], "InProgress");
    // `unknown_fields: reject` exports as `additionalProperties: false`; the default exports
    // nothing (unknown members allowed).
    let bird = doc_of("bird");
    let bird_schemas = &bird["components"]["schemas"];
    assert_eq!(
        bird_schemas["UpdateCall"]["additionalProperties"],
        json!(false)
    );
    assert_eq!(
        bird_schemas["SayCommand"]["additionalProperties"],
        json!(false)
    );
    assert!(bird_schemas["Call"].get("additionalProperties").is_none());
    assert!(
        schemas["UpdateCallActivity"]
            .get("additionalProperties")
            .is_none()
    );
    let f = &schemas["UpdateCallActivity"]["properties"];
    assert_eq!(
        f["duration"],
        json!({"type": "integer", "format": "int64", "maximum": 604800, "nullable": true, "description": f["duration"]["description"]})
    );
    assert_eq!(f["phone"]["format"], "e164");
    assert_eq!(f["phone"]["pattern"], r"^\+[1-9][0-9]{1,14}$");
    // A named type with annotations is wrapped so the annotations are not ignored beside `$ref`.
    assert_eq!(
        f["status"]["allOf"],
        json!([{"$ref": "#/components/schemas/CallStatus"}])
    );
    assert_eq!(
        schemas["UpdateCallActivity"]["x-schemagen-rules"][0]["precedence"],
        json!({"winner": "note_html", "over": "note"})
    );
    assert_eq!(
        close["components"]["securitySchemes"]["api_key"],
        json!({"type": "http", "scheme": "basic", "description": close["components"]["securitySchemes"]["api_key"]["description"], "x-schemagen-password-empty": true})
    );
    let op = &close["paths"]["/activity/call/{id}/"]["put"];
    assert_eq!(op["operationId"], "update_call_activity");
    assert_eq!(op["security"], json!([{"api_key": []}, {"oauth": []}]));

    let bird = doc_of("bird");
    let schemas = &bird["components"]["schemas"];
    let union = &schemas["CallFlowCommand"];
    assert_eq!(union["discriminator"]["propertyName"], "command");
    assert_eq!(
        union["discriminator"]["mapping"]["say"],
        "#/components/schemas/SayCommand"
    );
    assert_eq!(union["oneOf"].as_array().map(Vec::len), Some(9));
    assert_eq!(
        schemas["SayCommand"]["properties"]["command"],
        json!({"type": "string", "enum": ["say"]})
    );
    assert!(
        schemas["SayCommand"]["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("command")))
    );
    assert_eq!(
        bird["components"]["securitySchemes"]["access_key"]["type"],
        "apiKey"
    );
    assert_eq!(
        bird["components"]["securitySchemes"]["access_key"]["in"],
        "header"
    );
    assert_eq!(
        bird["components"]["securitySchemes"]["access_key"]["name"],
        "Authorization"
    );
    assert_eq!(
        bird["components"]["securitySchemes"]["access_key"]["x-schemagen-prefix"],
        "AccessKey"
    );
    assert_eq!(schemas["SayLocale"]["default"], "en-US");

    let sf = doc_of("salesforce");
    let header = &sf["components"]["parameters"]["Telephony-Provider-Name"];
    assert_eq!(header["in"], "header");
    assert_eq!(header["required"], true);
    assert_eq!(header["x-schemagen-api-header"], true);
    let create = &sf["paths"]["/voiceCalls"]["post"];
    assert_eq!(
        create["parameters"],
        json!([{"$ref": "#/components/parameters/Telephony-Provider-Name"}])
    );
    assert_eq!(
        create["requestBody"]["content"]
            .as_object()
            .map(|c| c.keys().cloned().collect::<Vec<_>>()),
        Some(vec![
            "application/json".to_string(),
            "application/xml".to_string()
        ])
    );
    assert_eq!(
        sf["components"]["schemas"]["CreateVoiceCall"]["x-schemagen-rules"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(
        sf["components"]["schemas"]["CreateVoiceCallErrors"]["x-schemagen-variants"],
        json!(["List", "Message"])
    );
    assert_eq!(sf["servers"][0]["variables"]["MyDomain"]["default"], "");

    let vcita = doc_of("vcita");
    let f = &vcita["components"]["schemas"]["UpdateVoiceCall"]["properties"];
    assert_eq!(f["rate"]["format"], "decimal");
    assert_eq!(f["rate"]["pattern"], r"^-?[0-9]+(\.[0-9]+)?$");
}

// ---- round trip ------------------------------------------------------------------------------

fn zero() -> Span {
    Span::new(FileId(0), 0, 0)
}

fn norm_number(n: &mut Option<serde_json::Number>) {
    if let Some(x) = n.as_ref().and_then(serde_json::Number::as_f64) {
        *n = serde_json::Number::from_f64(x);
    }
}

fn norm_shape(s: &mut Shape) {
    s.span = zero();
    norm_number(&mut s.constraints.minimum);
    norm_number(&mut s.constraints.maximum);
    match &mut s.kind {
        ShapeKind::Array(i) | ShapeKind::Map(i) => norm_shape(i),
        _ => {}
    }
}

fn norm_param(p: &mut ParamIr) {
    p.description = None;
    p.span = zero();
    norm_shape(&mut p.shape);
}

/// The API without descriptions, locations or the file it came from.
fn normalize(api: &ApiIr) -> ApiIr {
    let mut a = api.clone();
    a.file = FileId(0);
    a.description = None;
    for s in &mut a.servers {
        s.description = None;
        for v in &mut s.variables {
            v.description = None;
        }
    }
    for x in &mut a.auth {
        x.description = None;
        x.span = zero();
        // The claims of a self-signed JWT travel in `x-schemagen-self-signed`, descriptions
        // included; only their places in the source differ.
        if let schemagen::ir::AuthKind::Bearer {
            self_signed: Some(jwt),
            ..
        } = &mut x.kind
        {
            jwt.claims.iter_mut().for_each(|c| c.span = zero());
        }
    }
    a.headers.iter_mut().for_each(norm_param);
    for t in &mut a.types {
        t.description = None;
        t.span = zero();
        match &mut t.kind {
            TypeKind::Object(o) => {
                for f in &mut o.fields {
                    f.description = None;
                    f.span = zero();
                    norm_shape(&mut f.shape);
                }
                for r in &mut o.rules {
                    r.span = zero();
                }
            }
            TypeKind::Enum(e) => {
                for v in &mut e.values {
                    v.description = None;
                    v.span = zero();
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    v.span = zero();
                }
            }
            TypeKind::OneOf(o) => {
                for v in &mut o.variants {
                    norm_shape(&mut v.shape);
                }
            }
            TypeKind::Alias(s) => norm_shape(s),
        }
    }
    for op in &mut a.operations {
        op.description = None;
        op.span = zero();
        op.params.iter_mut().for_each(norm_param);
        if let Some(r) = &mut op.request {
            norm_shape(&mut r.shape);
        }
        for r in &mut op.responses {
            r.description.clear();
            if let Some(b) = &mut r.body {
                norm_shape(b);
            }
        }
    }
    a
}

fn assert_same_api(original: &ApiIr, back: &ApiIr, how: &str) {
    let (a, b) = (normalize(original), normalize(back));
    let names = |x: &ApiIr| x.types.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{}: types differ after {how}", a.name);
    for (x, y) in a.types.iter().zip(&b.types) {
        assert_eq!(x, y, "{}: type `{}` differs after {how}", a.name, x.name);
    }
    for (x, y) in a.operations.iter().zip(&b.operations) {
        assert_eq!(x, y, "{}: operation `{}` differs after {how}", a.name, x.id);
    }
    assert_eq!(a, b, "{}: the API differs after {how}", a.name);
}

/// The vendor schemas and a fixture with every construct of the schema language.
fn schemas_to_round_trip() -> schemagen::Schemas {
    let s = schemagen::load_paths(&[repo_root().join("schemas"), fixture("openapi/corners.yaml")])
        .expect("readable");
    assert!(
        !s.diagnostics.has_errors(),
        "{}",
        s.diagnostics.render(&s.sources)
    );
    assert_eq!(s.ir.apis.len(), 5);
    s
}

#[test]
fn export_then_import_then_lower_gives_the_same_ir() {
    let s = schemas_to_round_trip();
    for api in &s.ir.apis {
        let exported = schemagen::openapi::export(api);
        for (syntax, text) in [
            (SpecSyntax::Json, exported.to_json()),
            (SpecSyntax::Yaml, exported.to_yaml()),
        ] {
            let imported = import_str(&text, syntax);
            assert!(
                imported.diagnostics.is_empty(),
                "{}: the import of the export reports: {:#?}",
                api.name,
                imported.diagnostics
            );
            assert_eq!(imported.api_name, api.name);
            let loaded = load(&format!("{}.yaml", api.name), &imported);
            assert!(
                loaded.diagnostics.is_empty(),
                "{}",
                loaded.diagnostics.render(&loaded.sources)
            );
            assert_same_api(
                api,
                api_of(&loaded),
                &format!("export ({syntax:?}) and import"),
            );
            // And once more: the round trip is stable.
            let again = import_str(
                &schemagen::openapi::export(api_of(&loaded)).to_json(),
                SpecSyntax::Json,
            );
            assert_eq!(
                again.schema, imported.schema,
                "{}: a second round trip changes the schema",
                api.name
            );
        }
    }
}

// ---- import: Petstore --------------------------------------------------------------------------

#[test]
fn the_petstore_imports_into_a_schema_that_loads_and_generates() {
    let imported = import_file(&fixture("openapi/petstore.json"));
    assert_eq!(imported.api_name, "petstore");
    let s = load("petstore.yaml", &imported);
    let api = api_of(&s);
    let codes: Vec<(&str, &str)> = imported
        .diagnostics
        .iter()
        .map(|d| (d.code, d.pointer().unwrap_or_default()))
        .collect();
    assert!(
        codes.contains(&(
            "integer-enum",
            "/components/schemas/Order/properties/priority/enum"
        )),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(
            "unsupported-auth",
            "/components/securitySchemes/petstore_auth"
        )),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(
            "renamed",
            "/paths/~1store~1order~1{orderId}/get/operationId"
        )) || !codes.iter().any(|(c, _)| *c == "renamed"),
        "{codes:?}"
    );

    // Servers and auth.
    assert_eq!(api.servers[0].variables[0].default.as_deref(), Some("api"));
    assert!(
        matches!(api.auth.iter().find(|a| a.name == "api_key").map(|a| &a.kind), Some(schemagen::ir::AuthKind::ApiKey { header, prefix: None }) if header == "api_key")
    );

    // allOf merged: a Pet is a NewPet with an id; the inline enum is hoisted once.
    let pet = ty(api, "Pet");
    let names: Vec<&str> = fields(pet).iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "name",
            "category",
            "photoUrls",
            "tags",
            "status",
            "birthday",
            "id"
        ]
    );
    assert_eq!(
        named(&field(pet, "status").shape),
        named(&field(ty(api, "NewPet"), "status").shape)
    );
    assert!(field(pet, "id").required && field(pet, "id").read_only);
    assert!(field(pet, "birthday").nullable && !field(pet, "birthday").required);
    // Recursive types stay references (the generator boxes them).
    let category = ty(api, "Category");
    assert_eq!(named(&field(category, "parent").shape), "Category");
    assert!(
        matches!(&field(category, "subcategories").shape.kind, ShapeKind::Array(i) if named(i) == "Category")
    );
    // A discriminated oneOf is a tagged union; the variants lose the tag field.
    match &ty(api, "Animal").kind {
        TypeKind::Union(u) => {
            assert_eq!(u.tag, "petType");
            let v: Vec<(&str, &str)> = u
                .variants
                .iter()
                .map(|v| (v.tag_value.as_str(), v.type_name.as_str()))
                .collect();
            // `Dog` is also used on its own (with its `petType`), so the union gets a copy
            // without the tag.
            assert_eq!(
                v,
                [
                    ("cat", "Cat"),
                    ("dog", "DogPetTypeVariant"),
                    ("Lizard", "Lizard")
                ]
            );
        }
        other => panic!("Animal is not a union: {other:?}"),
    }
    let no_tag = |t: &str| fields(ty(api, t)).iter().all(|f| f.wire_name != "petType");
    assert!(no_tag("Cat") && no_tag("DogPetTypeVariant"));
    assert!(field(ty(api, "Dog"), "petType").required);
    assert_eq!(named(&field(ty(api, "User"), "favoriteDog").shape), "Dog");
    // Names that are not Rust identifiers.
    let user = ty(api, "User");
    let rust = |w: &str| field(user, w).rust_name.as_str();
    assert_eq!(rust("self"), "self_");
    assert_eq!(rust("type"), "r#type");
    assert_eq!(rust("2fa-enabled"), "_2fa_enabled");
    assert_ne!(rust("userName"), rust("user_name"));
    // Inline objects, enums and oneOf are hoisted into named types.
    assert!(matches!(
        ty(api, named(&field(user, "address").shape)).kind,
        TypeKind::Object(_)
    ));
    assert!(matches!(
        ty(api, named(&field(user, "contact").shape)).kind,
        TypeKind::OneOf(_)
    ));
    let order = ty(api, "Order");
    assert_eq!(field(order, "priority").shape.kind, ShapeKind::Int64);
    assert!(
        field(order, "priority")
            .description
            .as_deref()
            .is_some_and(|d| d.contains("One of: 1, 2, 3."))
    );
    assert!(
        matches!(&field(order, "metadata").shape.kind, ShapeKind::Map(v) if v.kind == ShapeKind::String)
    );
    assert_eq!(
        field(order, "price").shape.constraints.format,
        Some(Format::DecimalString)
    );
    assert_eq!(field(order, "price").shape.constraints.pattern, None);
    match &ty(api, named(&field(order, "status").shape)).kind {
        TypeKind::Enum(e) => {
            let rust: Vec<&str> = e.values.iter().map(|v| v.rust_name.as_str()).collect();
            assert_eq!(rust.len(), 5);
            let mut unique = rust.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 5, "{rust:?}");
        }
        other => panic!("{other:?}"),
    }

    // Operations: ids kept, derived from method and path when missing, collisions resolved.
    let ids: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "listPets",
            "createPets",
            "showPetById",
            "post_pets_by_pet_id",
            "delete_pets_by_pet_id",
            "uploadFile",
            "getInventory",
            "placeOrder",
            "get_store_order_by_order_id_2",
            "get_store_order_by_order_id",
            "createUser",
            "getCategory",
            "listAnimals",
        ]
    );
    let op = |id: &str| api.operation(id).expect("operation");
    let list = op("listPets");
    assert_eq!(list.auth, ["petstore_auth"]);
    let params: Vec<(&str, ParamLocation)> = list
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.location))
        .collect();
    assert_eq!(
        params,
        [
            ("limit", ParamLocation::Query),
            ("status", ParamLocation::Query),
            ("X-Request-ID", ParamLocation::Header)
        ]
    );
    assert_eq!(list.params[0].shape.kind, ShapeKind::Int32);
    assert!(list.responses.iter().any(|r| r.status == Status::Default));
    let form = op("post_pets_by_pet_id");
    let req = form.request.as_ref().expect("form body");
    assert_eq!(req.content_types, ["application/x-www-form-urlencoded"]);
    assert!(!req.required);
    assert_eq!(form.params[0].wire_name, "petId");
    assert_eq!(form.params[0].shape.kind, ShapeKind::Int64);
    assert_eq!(
        op("createPets")
            .request
            .as_ref()
            .expect("body")
            .content_types,
        ["application/json", "application/xml"]
    );
    assert_eq!(op("getInventory").auth, ["api_key"]);
    assert!(op("createUser").auth.is_empty());
    assert_eq!(op("createUser").responses[0].status, Status::Default);

    generate_and_parse(&s);
}

// ---- import: real specs ----------------------------------------------------------------------

#[test]
fn the_twilio_core_api_keeps_its_shapes() {
    let imported = import_file(&fixture("openapi/twilio/twilio_api_v2010.json"));
    let s = load("twilio_api_v2010.yaml", &imported);
    let api = api_of(&s);
    assert!(api.operations.len() >= 190, "{}", api.operations.len());
    let create = api.operation("CreateCall").expect("CreateCall");
    assert_eq!(create.method, Method::Post);
    assert_eq!(create.path, "/2010-04-01/Accounts/{AccountSid}/Calls.json");
    let req = create.request.as_ref().expect("body");
    assert_eq!(req.content_types, ["application/x-www-form-urlencoded"]);
    let body = ty(api, named(&req.shape));
    assert_eq!(body.name, "CreateCallRequest");
    assert!(field(body, "To").required && field(body, "From").required);
    let list = api.operation("ListCall").expect("ListCall");
    let names: Vec<(&str, &str)> = list
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.rust_name.as_str()))
        .collect();
    assert!(names.contains(&("StartTime", "start_time")), "{names:?}");
    assert!(
        names.contains(&("StartTime<", "start_time_lt")),
        "{names:?}"
    );
    assert!(
        names.contains(&("StartTime>", "start_time_gt")),
        "{names:?}"
    );
    assert_eq!(api.auth.len(), 1);
    assert!(matches!(
        api.auth[0].kind,
        schemagen::ir::AuthKind::Basic { .. }
    ));
}

/// A crate of generated code, checked with cargo (its own target directory under `target/`).
fn cargo_check(crate_name: &str, files: &schemagen::emit::Files) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    for (rel, text) in files {
        let path = dir.join("src").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    }
    let root = repo_root();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock");
    // The same dependencies as the checked-in generated crate, clients and mock servers
    // included; the copied lock file keeps their versions.
    let manifest = format!(
        "[package]\nname = {crate_name:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [features]\nclient = [\"dep:http\", \"schemagen-runtime/client\"]\nmock = [\"schemagen-runtime/mock\"]\n\n[dependencies]\n\
         schemagen-runtime = {{ path = {:?}, features = [\"chrono\", \"uuid\"] }}\n\
         chrono = {{ version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }}\n\
         uuid = {{ version = \"1\", default-features = false, features = [\"std\", \"serde\"] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\nregex = \"1\"\n\
         http = {{ version = \"1\", optional = true }}\n",
        root.join("templates/runtime").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = std::process::Command::new(cargo)
        .args(["check", "--quiet", "--features", "client,mock"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the generated crate does not compile:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Imports the Petstore and the given Twilio specs (named after their files) and loads them
/// with the normal pipeline as one set of schemas; every warning points into its spec.
fn import_set(twilio: &[PathBuf]) -> schemagen::Schemas {
    let mut sources = schemagen::source::SourceMap::new();
    sources.add(
        "petstore.yaml",
        import_file(&fixture("openapi/petstore.json")).schema,
    );
    for path in twilio {
        let imported = import_file(path);
        let root: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        for d in &imported.diagnostics {
            assert_eq!(
                d.severity,
                schemagen::diagnostics::Severity::Warning,
                "{}",
                d.one_line_in(&path.display().to_string())
            );
            assert!(
                root.pointer(d.pointer().unwrap_or_default()).is_some(),
                "{} points nowhere",
                d.one_line_in(&path.display().to_string())
            );
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        sources.add(format!("{stem}.yaml"), imported.schema);
    }
    let s = schemagen::load_sources(sources);
    assert!(
        !s.diagnostics.has_errors(),
        "{}",
        s.diagnostics.render(&s.sources)
    );
    assert_eq!(s.ir.apis.len(), twilio.len() + 1);
    s
}

/// Twilio's 50 published specs and the Petstore: imported, loaded by the normal pipeline as one
/// set of schemas, generated, and every generated file parsed with `syn`.
#[test]
fn every_twilio_spec_and_the_petstore_import_and_generate() {
    let s = import_set(&twilio_specs());
    let ops: usize = s.ir.apis.iter().map(|a| a.operations.len()).sum();
    assert!(ops > 1300, "{ops} operations");
    generate_and_parse(&s);
}

/// The code generated from the Petstore, Twilio's core API (the 2 MB spec, 197 operations) and
/// its Voice API compiles, clients included.
#[test]
fn the_code_generated_from_imported_specs_compiles() {
    let twilio = ["twilio_api_v2010.json", "twilio_voice_v1.json"]
        .map(|f| fixture("openapi/twilio").join(f));
    let s = import_set(&twilio);
    cargo_check("openapi-imports", &generate_and_parse(&s));
}

/// All 50 Twilio specs compiled as one crate (670,000 generated lines, a few minutes). Run it
/// with `cargo test -p schemagen-tests --test openapi -- --ignored`.
#[test]
#[ignore = "compiles 670,000 generated lines"]
fn the_code_generated_from_every_twilio_spec_compiles() {
    let s = import_set(&twilio_specs());
    cargo_check("openapi-twilio", &generate_and_parse(&s));
}

// ---- import: OpenAPI 3.1 and YAML -----------------------------------------------------------

#[test]
fn openapi_3_1_documents_are_accepted() {
    let spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "Three One", "version": "2"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "examples": ["t-1"]}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
                }
            }
        },
        "components": {"schemas": {
            "Thing": {
                "type": "object",
                "required": ["kind", "label"],
                "properties": {
                    "kind": {"const": "thing"},
                    "label": {"type": ["string", "null"], "examples": ["a label"]},
                    "count": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
                    "size": {"type": ["number", "null"]},
                    "owner": {"$ref": "#/components/schemas/Owner", "description": "3.1 allows siblings of $ref."},
                    "parent": {"anyOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "null"}]},
                    "tags": {"type": "array", "items": {"type": "string"}, "prefixItems": [{"type": "string"}]}
                }
            },
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}}
        }}
    });
    let imported = import_str(&spec.to_string(), SpecSyntax::Json);
    assert_eq!(imported.openapi_version, "3.1.0");
    let s = load("three_one.yaml", &imported);
    let api = api_of(&s);
    let thing = ty(api, "Thing");
    assert_eq!(
        field(thing, "kind").shape.constraints.const_value,
        Some(json!("thing"))
    );
    let label = field(thing, "label");
    assert!(label.required && label.nullable);
    assert_eq!(label.example, Some(json!("a label")));
    let count = &field(thing, "count").shape;
    assert_eq!(
        (
            count.constraints.minimum.clone(),
            count.constraints.maximum.clone()
        ),
        (Some(1.into()), Some(9.into()))
    );
    assert!(field(thing, "size").nullable);
    assert_eq!(
        field(thing, "owner").description.as_deref(),
        Some("3.1 allows siblings of $ref.")
    );
    let parent = field(thing, "parent");
    assert!(parent.nullable);
    assert_eq!(named(&parent.shape), "Thing");
    assert_eq!(api.operations[0].params[0].example, Some(json!("t-1")));
    assert!(
        imported
            .diagnostics
            .iter()
            .any(|d| d.code == "unsupported-keyword"
                && d.pointer().unwrap_or_default().ends_with("/prefixItems"))
    );
    generate_and_parse(&s);
}

#[test]
fn a_yaml_spec_imports_like_its_json() {
    let json_text = std::fs::read_to_string(fixture("openapi/petstore.json")).expect("read");
    let parsed = doc::parse_json(&json_text).expect("json");
    let yaml_text = doc::to_yaml(&parsed);
    let from_json = import_str(&json_text, SpecSyntax::Json);
    let from_yaml = import_str(&yaml_text, SpecSyntax::Yaml);
    assert_eq!(from_yaml.schema, from_json.schema);
    // Hand-written YAML: unquoted status codes and numbers.
    let hand = "openapi: 3.0.0\ninfo:\n  title: Tiny\n  version: 1\npaths:\n  /ping:\n    get:\n      responses:\n        200:\n          description: pong\n          content:\n            text/plain:\n              schema: { type: string }\n";
    let tiny = import_str(hand, SpecSyntax::Yaml);
    let s = load("tiny.yaml", &tiny);
    let op = &api_of(&s).operations[0];
    assert_eq!(op.id, "get_ping");
    assert_eq!(op.responses[0].status, Status::Code(200));
    assert_eq!(op.responses[0].content_types, ["text/plain"]);
}

// ---- import: sum types without a discriminator ------------------------------------------------

/// A document whose component `Shape` is the schema under test, the body of `make_shape`;
/// `Square` (an object tagged `square`) and `Label` (a string) are there to be referred to.
fn shape_spec(shape: Value) -> String {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Shapes", "version": "1"},
        "paths": {"/shapes": {"post": {
            "operationId": "make_shape",
            "requestBody": {"required": true, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Shape"}}}},
            "responses": {"204": {"description": "done"}}
        }}},
        "components": {"schemas": {
            "Shape": shape,
            "Square": {"type": "object", "required": ["kind", "side"], "properties": {
                "kind": {"type": "string", "const": "square"},
                "side": {"type": "number"}
            }},
            "Label": {"type": "string"}
        }}
    })
    .to_string()
}

/// An inline alternative tagged by `kind` (given as its property schema), with `radius`.
fn circle(kind: Value, required: Value) -> Value {
    json!({"type": "object", "description": "A circle.", "required": required,
           "properties": {"kind": kind, "radius": {"type": "number"}}})
}

fn square_ref() -> Value {
    json!({"$ref": "#/components/schemas/Square"})
}

fn inferred_tags(imported: &Imported) -> Vec<(String, String)> {
    imported
        .diagnostics
        .iter()
        .filter(|d| d.code == "inferred-tag")
        .map(|d| {
            (
                d.pointer().unwrap_or_default().to_string(),
                d.message.clone(),
            )
        })
        .collect()
}

/// Dropshot-style sum types: a `oneOf` of objects that each fix the same required string
/// property to a value of their own is a tagged union, whether the alternatives are inline or
/// references, the value is an `enum` of one or a `const`, and `type: string` is written or not.
#[test]
fn a_one_of_whose_alternatives_fix_one_property_imports_as_a_tagged_union() {
    let spec = shape_spec(json!({"description": "A shape.", "oneOf": [
        circle(json!({"type": "string", "enum": ["circle"]}), json!(["kind", "radius"])),
        square_ref(),
        {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": ["point"]}}},
        {"type": "null"}
    ]}));
    let imported = import_str(&spec, SpecSyntax::Json);
    assert!(
        imported.schema.contains(
"union: { tag: kind, variants: { circle: ShapeCircle, square: Square, point: ShapePoint } }"
        ),
        "{}",
        imported.schema
    );
    let warned = inferred_tags(&imported);
    assert_eq!(warned.len(), 1, "{:#?}", imported.diagnostics);
    assert_eq!(warned[0].0, "/components/schemas/Shape/oneOf");
    assert!(warned[0].1.contains("tag `kind`"), "{}", warned[0].1);
    let s = load("shapes", &imported);
    assert!(
        s.diagnostics.is_empty(),
        "{}",
        s.diagnostics.render(&s.sources)
    );
    let api = api_of(&s);
    match &ty(api, "Shape").kind {
        TypeKind::Union(u) => {
            assert_eq!(u.tag, "kind");
            let vs: Vec<(&str, &str)> = u
                .variants
                .iter()
                .map(|v| (v.tag_value.as_str(), v.type_name.as_str()))
                .collect();
            assert_eq!(
                vs,
                [
                    ("circle", "ShapeCircle"),
                    ("square", "Square"),
                    ("point", "ShapePoint")
                ]
            );
        }
        other => panic!("`Shape` is not a tagged union: {other:?}"),
    }
    // The variants are the alternatives without the tag; an inline one keeps its description.
    let wires = |name: &str| {
        fields(ty(api, name))
            .iter()
            .map(|f| f.wire_name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(wires("ShapeCircle"), ["radius"]);
    assert_eq!(wires("Square"), ["side"]);
    assert!(wires("ShapePoint").is_empty());
    assert_eq!(
        ty(api, "ShapeCircle").description.as_deref(),
        Some("A circle.")
    );
    // Payloads are read by the tag (the `null` alternative is no variant).
    let check = |v: Value| {
        schemagen::validate::validate_payload(
            api,
            "make_shape",
            schemagen::runtime::PayloadKind::Request,
            &v,
        )
        .expect("documented")
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
    };
    assert!(check(json!({"kind": "square", "side": 2})).is_empty());
    assert!(check(json!({"kind": "point"})).is_empty());
    let wrong = check(json!({"kind": "hexagon"}));
    assert!(wrong.len() == 1 && wrong[0].contains("kind"), "{wrong:?}");
    assert!(
        !check(json!({"kind": "circle"})).is_empty(),
        "radius is required"
    );
    generate_and_parse(&s);
}

/// When several properties could be the tag, the first in the first alternative's order is.
#[test]
fn of_several_possible_tags_the_first_property_is_taken() {
    // Written as text: the order of the properties is the point.
    let spec = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
      "components": {"schemas": {"Shape": {"oneOf": [
        {"type": "object", "required": ["kind", "type"], "properties": {
          "type": {"type": "string", "enum": ["one"]}, "kind": {"type": "string", "enum": ["x"]}}},
        {"type": "object", "required": ["kind", "type"], "properties": {
          "kind": {"type": "string", "enum": ["y"]}, "type": {"type": "string", "enum": ["two"]}}}
      ]}}}}"##;
    for (text, tag, other, variant, kept) in [
        (spec.to_string(), "type", "kind", "ShapeOne", "kind"),
        (
            spec.replacen(r#""type": {"type": "string", "enum": ["one"]}, "kind": {"type": "string", "enum": ["x"]}"#,
                          r#""kind": {"type": "string", "enum": ["x"]}, "type": {"type": "string", "enum": ["one"]}"#, 1),
            "kind",
            "type",
            "ShapeX",
            "type",
        ),
    ] {
        let imported = import_str(&text, SpecSyntax::Json);
        let warned = inferred_tags(&imported);
        assert_eq!(warned.len(), 1, "{:#?}", imported.diagnostics);
        assert!(
            warned[0].1.contains(&format!("tag `{tag}`"))
                && warned[0].1.contains(&format!("not `{other}`")),
            "{}",
            warned[0].1
        );
        let s = load("shapes", &imported);
        match &ty(api_of(&s), "Shape").kind {
            TypeKind::Union(u) => assert_eq!(u.tag, tag),
            other => panic!("`Shape` is not a tagged union: {other:?}"),
        }
        // The variants keep the other property.
        let f = fields(ty(api_of(&s), variant));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].wire_name, kept);
    }
}

/// Anything short of an exact tag leaves the `oneOf` an untagged union, without a warning.
#[test]
fn near_misses_of_a_tag_stay_untagged_unions() {
    let string_circle = || {
        circle(
            json!({"type": "string", "enum": ["circle"]}),
            json!(["kind"]),
        )
    };
    let cases: Vec<(&str, Value)> = vec![
        (
            "the tag is not required in one alternative",
            json!({"oneOf": [circle(json!({"type": "string", "enum": ["circle"]}), json!(["radius"])), square_ref()]}),
        ),
        (
            "two alternatives with the same value",
            json!({"oneOf": [circle(json!({"type": "string", "enum": ["square"]}), json!(["kind"])), square_ref()]}),
        ),
        (
            "an enum with two values",
            json!({"oneOf": [circle(json!({"type": "string", "enum": ["circle", "round"]}), json!(["kind"])), square_ref()]}),
        ),
        (
            "a non-object alternative",
            json!({"oneOf": [string_circle(), square_ref(), {"$ref": "#/components/schemas/Label"}]}),
        ),
        (
            "a tag that may be null",
            json!({"oneOf": [circle(json!({"type": ["string", "null"], "enum": ["circle"]}), json!(["kind"])), square_ref()]}),
        ),
        (
            "a tag that is not a string",
            json!({"oneOf": [circle(json!({"type": "integer", "enum": [1]}), json!(["kind"])), square_ref()]}),
        ),
        (
            "an alternative merged from `allOf`",
            json!({"oneOf": [string_circle(), {"allOf": [square_ref()]}]}),
        ),
        ("`anyOf`", json!({"anyOf": [string_circle(), square_ref()]})),
        (
            "an untagged union the export wrote",
            json!({"oneOf": [string_circle(), square_ref()], "x-schemagen-variants": ["Circle", "Square"]}),
        ),
    ];
    for (label, shape) in cases {
        let imported = import_str(&shape_spec(shape), SpecSyntax::Json);
        assert!(
            inferred_tags(&imported).is_empty(),
            "{label}: {:#?}",
            imported.diagnostics
        );
        let s = load("shapes", &imported);
        match &ty(api_of(&s), "Shape").kind {
            TypeKind::OneOf(o) => assert!(o.variants.len() >= 2, "{label}"),
            other => panic!("{label}: `Shape` is not an untagged union: {other:?}"),
        }
    }
}

// ---- import: malformed documents -------------------------------------------------------------

/// Imports must never panic, and whatever they produce must load without errors.
fn check_import_is_sound(
    label: &str,
    text: &str,
    syntax: SpecSyntax,
) -> Result<Imported, Vec<String>> {
    match import_text(text, syntax, &ImportOptions::default()) {
        Ok(imported) => {
            // Every warning points at a place in the spec.
            if let Ok(spec) = serde_json::from_str::<Value>(text) {
                for d in &imported.diagnostics {
                    assert!(
                        spec.pointer(d.pointer().unwrap_or_default()).is_some(),
                        "{} points nowhere",
                        d.one_line_in(label)
                    );
                }
            }
            let s = schemagen::load_str("imported.yaml", &imported.schema);
            assert!(
                !s.diagnostics.has_errors(),
                "{label}: the import does not load:\n{}\n--- schema ---\n{}",
                s.diagnostics.render(&s.sources),
                imported.schema
            );
            Ok(imported)
        }
        Err(d) => Err(d.iter().map(|d| d.code.to_string()).collect()),
    }
}

fn codes_of(r: &Result<Imported, Vec<String>>) -> Vec<(String, String)> {
    match r {
        Ok(i) => i
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    d.pointer().unwrap_or_default().to_string(),
                )
            })
            .collect(),
        Err(codes) => codes.iter().map(|c| (c.clone(), String::new())).collect(),
    }
}

#[test]
fn malformed_specs_give_diagnostics_not_panics() {
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("not json", "{\"openapi\": ".to_string(), "invalid-json", ""),
        ("swagger 2", json!({"swagger": "2.0", "info": {}, "paths": {}}).to_string(), "unsupported-version", ""),
        ("array root", "[1, 2]".to_string(), "not-openapi", ""),
        ("no version", json!({"info": {"title": "x"}}).to_string(), "not-openapi", ""),
        ("openapi 4", json!({"openapi": "4.0.0", "paths": {}}).to_string(), "unsupported-version", ""),
        (
            "dangling ref",
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
                   "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/Nope"}}}}}}).to_string(),
            "dangling-ref",
            "/components/schemas/A/properties/b/$ref",
        ),
        (
            "cyclic allOf",
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
                   "components": {"schemas": {
                       "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"properties": {"a": {"type": "string"}}}]},
                       "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"b": {"type": "string"}}}]}}}}).to_string(),
            "cyclic-all-of",
            "/components/schemas/A/allOf/0/$ref",
        ),
        (
            "self alias",
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
                   "components": {"schemas": {"A": {"$ref": "#/components/schemas/A"}}}}).to_string(),
            "recursive-alias",
            "/components/schemas/A",
        ),
        (
            "external ref",
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
                   "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "other.json#/B"}}}}}}).to_string(),
            "external-ref",
            "/components/schemas/A/properties/b/$ref",
        ),
        (
            "wrong types",
            json!({"openapi": "3.0.0", "info": {"title": 7, "version": {"x": 1}}, "servers": "nope",
                   "paths": {"/a/{id}": {"get": {"parameters": {"x": 1}, "responses": []}, "post": "nope", "head": {}},
                             "/b": {"put": {"requestBody": {"content": {"application/json": {"schema": 42}}}, "responses": {"2XX": {"description": "x"}, "200": 5}}},
                             "nopath": {}},
                   "components": {"schemas": {"A": {"type": 7, "properties": [1], "required": "a", "enum": {}},
                                              "B": {"type": "string", "enum": [1, {"x": 1}, null], "minLength": -1, "pattern": "(?<=x)y"},
                                              "C": {"type": "integer", "minimum": 10, "maximum": 1, "format": "int32"},
                                              "D": "not a schema", "E": {"type": ["string", "integer"]},
                                              "F": {"type": "object", "properties": {"x": {"$ref": 5}}},
                                              "G": {"oneOf": "x"}, "H": {"allOf": {}}, "I": {"not": {"type": "string"}}},
                                  "securitySchemes": {"k": {"type": "apiKey", "in": "query", "name": "key"}, "m": {"type": "mutualTLS"}, "d": {"type": "http", "scheme": "digest"}}}}).to_string(),
            "undeclared-path-parameter",
            "/paths/~1a~1{id}/get",
        ),
        (
            "a discriminator over non-objects",
            json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
                   "components": {"schemas": {
                       "U": {"oneOf": [{"$ref": "#/components/schemas/S"}, {"$ref": "#/components/schemas/O"}], "discriminator": {"propertyName": "kind"}},
                       "S": {"type": "string"}, "O": {"type": "object", "properties": {"kind": {"type": "string"}}}}}}).to_string(),
            "untagged-union",
            "/components/schemas/U/discriminator",
        ),
        ("deep nesting", format!("{{\"openapi\": \"3.0.0\", \"paths\": {{}}, \"components\": {{\"schemas\": {{\"A\": {}{}}}}}}}", "{\"type\": \"array\", \"items\": ".repeat(100), "{}".to_string() + &"}".repeat(100)), "too-deep", ""),
        ("deeper than the JSON parser", format!("{}{}", "[".repeat(300), "]".repeat(300)), "invalid-json", ""),
    ];
    for (label, text, code, pointer) in cases {
        let r = check_import_is_sound(label, &text, SpecSyntax::Json);
        let codes = codes_of(&r);
        assert!(
            codes
                .iter()
                .any(|(c, p)| c == code && (pointer.is_empty() || p == pointer)),
            "{label}: expected `{code}` at `{pointer}`, got {codes:#?}"
        );
    }
    // Broken YAML is an error, not a panic.
    let r = check_import_is_sound("yaml", "openapi: 3.0.0\npaths: [\n", SpecSyntax::Yaml);
    assert_eq!(codes_of(&r), [("invalid-yaml".to_string(), String::new())]);
}

/// Replaces every value of the Petstore fixture, one at a time, with values of other kinds:
/// every import either fails with a diagnostic or gives a schema that loads.
#[test]
fn every_single_corruption_of_the_petstore_is_survived() {
    let text = std::fs::read_to_string(fixture("openapi/petstore.json")).expect("read");
    let original: Value = serde_json::from_str(&text).expect("json");
    fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                )
            }),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    pointers(&original, String::new(), &mut all);
    assert!(all.len() > 300, "{}", all.len());
    let replacements = [
        json!(null),
        json!(7),
        json!("x"),
        json!([]),
        json!({"$ref": "#/nowhere"}),
    ];
    for (n, p) in all.iter().enumerate().skip(1) {
        // Every value gets one replacement, in turn; each kind is used about as often.
        let r = &replacements[n % replacements.len()];
        let mut v = original.clone();
        if let Some(slot) = v.pointer_mut(p) {
            *slot = r.clone();
        }
        let _ = check_import_is_sound(&format!("{p} = {r}"), &v.to_string(), SpecSyntax::Json);
    }
}

// ---- the command line ------------------------------------------------------------------------

fn run(args: &[&str]) -> u8 {
    use clap::Parser as _;
    match schemagen::cli::Cli::try_parse_from(
        std::iter::once("schemagen").chain(args.iter().copied()),
    ) {
        Ok(cli) => schemagen::cli::run(cli),
        Err(e) => {
            eprintln!("{e}");
            2
        }
    }
}

#[test]
fn the_command_line_exports_and_imports() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = repo_root();
    let out_dir = tmp.path().join("openapi");
    let schemas = root.join("schemas");
    assert_eq!(
        run(&[
            "openapi",
            "--all",
            "--schemas",
            schemas.to_str().expect("utf-8"),
            "--out-dir",
            out_dir.to_str().expect("utf-8")
        ]),
        0
    );
    let written: Vec<String> = files_with_ext(&out_dir, "json")
        .iter()
        .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        written,
        [
            "bird.openapi.json",
            "close.openapi.json",
            "salesforce.openapi.json",
            "vcita.openapi.json"
        ]
    );

    let yaml = tmp.path().join("close.openapi.yaml");
    let close = root.join("schemas/close.yaml");
    assert_eq!(
        run(&[
            "openapi",
            "--schema",
            close.to_str().expect("utf-8"),
            "--out",
            yaml.to_str().expect("utf-8")
        ]),
        0
    );
    let text = std::fs::read_to_string(&yaml).expect("written");
    assert!(text.starts_with("openapi: \"3.0.3\"\n"), "{text}");

    // The export of a schema with errors fails with 1; a missing file is an I/O error, 2.
    let broken = tmp.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "api:\n  name: broken\n  title: B\n  version: \"1\"\n  nope: 1\n",
    )
    .expect("write");
    assert_eq!(
        run(&["openapi", "--schema", broken.to_str().expect("utf-8")]),
        1
    );
    assert_eq!(
        run(&[
            "openapi",
            "--schema",
            tmp.path().join("missing.yaml").to_str().expect("utf-8")
        ]),
        2
    );
    assert_eq!(run(&["openapi"]), 2);

    // Import: the result is written and loads; the name comes from `--out` unless given.
    let out = tmp.path().join("schemas/pets.yaml");
    let spec = fixture("openapi/petstore.json");
    assert_eq!(
        run(&[
            "import-openapi",
            spec.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8")
        ]),
        0
    );
    let s = schemagen::load_paths(&[&out]).expect("readable");
    assert!(!s.diagnostics.has_errors());
    assert_eq!(api_of(&s).name, "pets");
    let named_out = tmp.path().join("named.yaml");
    assert_eq!(
        run(&[
            "import-openapi",
            spec.to_str().expect("utf-8"),
            "--out",
            named_out.to_str().expect("utf-8"),
            "--name",
            "store"
        ]),
        0
    );
    assert!(
        std::fs::read_to_string(&named_out)
            .expect("written")
            .contains("  name: store\n")
    );
    assert_eq!(
        run(&[
            "import-openapi",
            spec.to_str().expect("utf-8"),
            "--name",
            "Not Snake"
        ]),
        2
    );
    // A round trip through the command line: export, then import.
    let exported = out_dir.join("bird.openapi.json");
    let back = tmp.path().join("bird.yaml");
    assert_eq!(
        run(&[
            "import-openapi",
            exported.to_str().expect("utf-8"),
            "--out",
            back.to_str().expect("utf-8")
        ]),
        0
    );
    // Unreadable and unusable specs.
    assert_eq!(
        run(&[
            "import-openapi",
            tmp.path().join("missing.json").to_str().expect("utf-8")
        ]),
        2
    );
    let garbage = tmp.path().join("garbage.json");
    std::fs::write(&garbage, "{ not json").expect("write");
    assert_eq!(
        run(&["import-openapi", garbage.to_str().expect("utf-8")]),
        1
    );
}

/// GitHub's REST API description (13 MB, 1,200 operations; MIT, from the npm package
/// `@octokit/openapi`), fetched with `npm pack` into `target/`, imported, generated and compiled:
/// 1.5 million generated lines, several minutes of `cargo check`. Run it with
/// `cargo test -p schemagen-tests --test openapi -- --ignored`.
#[test]
#[ignore = "downloads a 29 MB package with npm and compiles 1.5 million generated lines"]
fn the_github_rest_api_imports_generates_and_compiles() {
    let cache = repo_root()
        .join("target")
        .join("tests")
        .join("openapi-github");
    let spec = cache.join("package/generated/api.github.com.json");
    if !spec.exists() {
        std::fs::create_dir_all(&cache).expect("cache dir");
        let npm = std::process::Command::new("npm")
            .args(["pack", "@octokit/openapi@23.0.2"])
            .current_dir(&cache)
            .status()
            .expect("npm runs");
        assert!(npm.success(), "npm pack failed");
        let tar = std::process::Command::new("tar")
            .args([
                "xzf",
                "octokit-openapi-23.0.2.tgz",
                "package/generated/api.github.com.json",
            ])
            .current_dir(&cache)
            .status()
            .expect("tar runs");
        assert!(tar.success(), "tar failed");
    }
    let imported = import_file(&spec);
    let mut sources = schemagen::source::SourceMap::new();
    sources.add("github.yaml", imported.schema);
    let s = schemagen::load_sources(sources);
    assert!(
        !s.diagnostics.has_errors(),
        "{}",
        s.diagnostics.render(&s.sources)
    );
    assert!(api_of(&s).operations.len() > 1000);
    let files = generate_and_parse(&s);
    cargo_check("github-import", &files);
}

#[test]
fn additional_properties_false_imports_as_rejected_unknown_members() {
    let spec = r##"{
      "openapi": "3.0.3",
      "info": {"title": "Calls", "version": "1"},
      "paths": {"/calls/{id}": {"patch": {
        "operationId": "patch_call",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Patch"}}}},
        "responses": {"204": {"description": "done"}}
      }}},
      "components": {"schemas": {
        "Patch": {"type": "object", "additionalProperties": false,
                  "properties": {"status": {"type": "string"}, "note": {"$ref": "#/components/schemas/Note"}}},
        "Note": {"type": "object", "properties": {"text": {"type": "string"}}}
      }}
    }"##;
    let imported = import_str(spec, SpecSyntax::Json);
    assert_eq!(
        imported.schema.matches("unknown_fields: reject").count(),
        1,
        "{}",
        imported.schema
    );
    let s = load("calls", &imported);
    let api = api_of(&s);
    let reject = |name: &str| match &ty(api, name).kind {
        TypeKind::Object(o) => o.reject_unknown,
        other => panic!("{name} is {other:?}"),
    };
    assert!(reject("Patch"));
    assert!(!reject("Note"));
    let check = |v: Value| {
        schemagen::validate::validate_payload(
            api,
            "patch_call",
            schemagen::runtime::PayloadKind::Request,
            &v,
        )
        .expect("documented")
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        check(json!({"stauts": "done"})),
        ["/stauts unknown_field unknown field \"stauts\"; did you mean \"status\"?"]
    );
    // The nested object allows unknown members: a near miss is only a warning.
    assert_eq!(
        check(json!({"note": {"txet": "hi"}})),
        [
            "warning: /note/txet possible_typo unknown field \"txet\" is ignored; did you mean \"text\"?"
        ]
    );
    // And the export writes it back.
    let exported: Value =
        serde_json::from_str(&schemagen::openapi::export(api).to_json()).expect("json");
    assert_eq!(
        exported["components"]["schemas"]["Patch"]["additionalProperties"],
        json!(false)
    );
}

/// Names the OpenAPI rules make legal but Rust cannot hold as they are: a path template that
/// uses one parameter twice, a path-level and an operation-level parameter of one name, and a
/// query parameter `type` beside a header `Type`. The client compiles, and fills both places of
/// the repeated parameter from one argument.
#[test]
fn colliding_parameter_names_from_real_documents_generate_a_client_that_compiles() {
    let imported = import_file(&fixture("openapi/name-collisions.json"));
    let s = load("name_collisions", &imported);
    let api = api_of(&s);
    let item = api.operation("get_item").expect("get_item");
    assert_eq!(
        item.params.len(),
        1,
        "the operation's `id` overrides the path item's"
    );
    assert_eq!(item.params[0].shape.kind, ShapeKind::Int64);
    let thing = api.operation("get_thing").expect("get_thing");
    assert_eq!(thing.params.len(), 2, "`id` once, `action` once");
    let opts = schemagen::emit::EmitOptions {
        client: true,
        ..Default::default()
    };
    let files =
        schemagen::emit::emit(s.checked().expect("no schema errors"), &opts).expect("generates");
    let module = files
        .iter()
        .find(|(p, _)| p.to_str() == Some("name_collisions.rs"))
        .map(|(_, t)| t.as_str())
        .expect("module");
    let method = module
        .split("pub async fn get_thing(")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("get_thing method");
    assert_eq!(
        method.matches("id:").count(),
        1,
        "one `id` argument: {method}"
    );
    cargo_check("name_collisions", &files);
}

#[test]
fn an_export_loss_is_a_diagnostic_located_in_the_exported_document() {
    let s = schemagen::load_str(
        "t.yaml",
        "api: { name: t, title: T, version: \"1\" }\noperations:\n  a: { summary: a, method: GET, path: /x, responses: { \"204\": { description: ok } } }\n  b: { summary: b, method: GET, path: /x, responses: { \"204\": { description: ok } } }\n",
    );
    assert!(!s.diagnostics.has_errors());
    let exported = schemagen::openapi::export(&s.ir.apis[0]);
    let lines: Vec<String> = exported
        .warnings
        .iter()
        .map(|w| w.one_line(&s.sources))
        .collect();
    assert_eq!(
        lines,
        [
            "t (OpenAPI export)#/paths/~1x/get: warning[operation-left-out]: operation `b` is left out: another operation already uses GET /x"
        ]
    );
}

// ---- import: a subset of the operations (`--operation`, `--tag`) -----------------------------

fn import_subset(
    path: &Path,
    operations: &[&str],
    tags: &[&str],
) -> Result<Imported, Vec<schemagen::diagnostics::Diagnostic>> {
    let text = std::fs::read_to_string(path).expect("spec is readable");
    let opts = ImportOptions {
        fallback_name: path.file_stem().map(|f| f.to_string_lossy().into_owned()),
        source: path.file_name().map(|f| f.to_string_lossy().into_owned()),
        operations: operations.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        ..ImportOptions::default()
    };
    import_text(&text, SpecSyntax::guess(path.to_str(), &text), &opts)
}

/// The types the operations reach: their parameters, bodies and responses, and the types those
/// name, transitively.
fn reachable_types(api: &ApiIr) -> std::collections::BTreeSet<String> {
    fn names(s: &Shape, out: &mut Vec<String>) {
        match &s.kind {
            ShapeKind::Named(n) => out.push(n.clone()),
            ShapeKind::Array(i) | ShapeKind::Map(i) => names(i, out),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for h in &api.headers {
        names(&h.shape, &mut todo);
    }
    for op in &api.operations {
        for p in &op.params {
            names(&p.shape, &mut todo);
        }
        if let Some(r) = &op.request {
            names(&r.shape, &mut todo);
        }
        for r in &op.responses {
            if let Some(b) = &r.body {
                names(b, &mut todo);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(n) = todo.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        match &ty(api, &n).kind {
            TypeKind::Object(o) => o.fields.iter().for_each(|f| names(&f.shape, &mut todo)),
            TypeKind::Enum(_) => {}
            TypeKind::Union(u) => todo.extend(u.variants.iter().map(|v| v.type_name.clone())),
            TypeKind::OneOf(o) => o.variants.iter().for_each(|v| names(&v.shape, &mut todo)),
            TypeKind::Alias(s) => names(s, &mut todo),
        }
    }
    seen
}

fn type_names(api: &ApiIr) -> std::collections::BTreeSet<String> {
    api.types.iter().map(|t| t.name.clone()).collect()
}

/// Twilio's core API (197 operations, 405 types) cut down to two operations: exactly those, the
/// handful of types they reach, each as the whole import has it, and a crate that compiles.
#[test]
fn a_subset_of_twilio_keeps_two_operations_and_the_types_they_reach() {
    let spec = fixture("openapi/twilio").join("twilio_api_v2010.json");
    let full = import_file(&spec);
    let sub = import_subset(&spec, &["UpdateCall", "FetchCall"], &[])
        .unwrap_or_else(|d| panic!("subset fails: {d:?}"));
    let full_s = load("twilio_api_v2010.yaml", &full);
    let sub_s = load("twilio_api_v2010.yaml", &sub);
    let (full_api, api) = (api_of(&full_s), api_of(&sub_s));
    let ids: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["FetchCall", "UpdateCall"]);
    let types = type_names(api);
    assert!(
        types.len() * 20 < full_api.types.len(),
        "{} of {} types: {types:?}",
        types.len(),
        full_api.types.len()
    );
    assert!(types.contains("api.v2010.account.call"), "{types:?}");
    assert_eq!(reachable_types(api), types, "every type is reachable");
    // What is kept is written as the whole import writes it.
    let (whole, part) = (
        doc::parse_yaml(&full.schema).expect("yaml"),
        doc::parse_yaml(&sub.schema).expect("yaml"),
    );
    for section in ["types", "operations"] {
        for (name, entry) in part
            .get(section)
            .and_then(doc::Doc::as_object)
            .expect(section)
        {
            assert_eq!(
                Some(entry),
                whole.get(section).and_then(|s| s.get(name)),
                "{section}: {name}"
            );
        }
    }
    assert_eq!(
        part.get("api").and_then(|a| a.get("auth")),
        whole.get("api").and_then(|a| a.get("auth"))
    );
    eprintln!(
        "twilio_api_v2010 subset: {} operation(s), {} type(s), {} schema line(s) (whole: {}, {}, {})",
        api.operations.len(),
        api.types.len(),
        sub.schema.lines().count(),
        full_api.operations.len(),
        full_api.types.len(),
        full.schema.lines().count()
    );
    cargo_check("openapi-subset", &generate_and_parse(&sub_s));
}

/// A tag selects every operation that has it; an unknown id or tag is an error with a hint.
#[test]
fn a_tag_selects_its_operations_and_unknown_ids_are_errors() {
    let spec = fixture("openapi/twilio").join("twilio_api_v2010.json");
    let raw: Value =
        serde_json::from_str(&std::fs::read_to_string(&spec).expect("readable")).expect("json");
    let mut tagged = Vec::new();
    for (_, item) in raw["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let has = op["tags"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "Api20100401Call"));
            if has && ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                tagged.push(op["operationId"].as_str().expect("id").to_string());
            }
        }
    }
    tagged.sort();
    assert_eq!(tagged.len(), 5, "{tagged:?}");
    let sub = import_subset(&spec, &[], &["Api20100401Call"]).expect("subset");
    let s = load("twilio_calls.yaml", &sub);
    let mut ids: Vec<String> = api_of(&s).operations.iter().map(|o| o.id.clone()).collect();
    ids.sort();
    assert_eq!(ids, tagged);
    assert_eq!(reachable_types(api_of(&s)), type_names(api_of(&s)));

    let errs = import_subset(&spec, &["UpdateCal", "FetchCall"], &["Api20100401Cal"])
        .expect_err("unknown id and tag");
    let lines: Vec<String> = errs.iter().map(|d| d.one_line_in("api.json")).collect();
    assert_eq!(errs.len(), 2, "{lines:#?}");
    assert_eq!(errs[0].code, "unknown-operation");
    assert!(errs[0].message.contains("`UpdateCal`"), "{lines:#?}");
    assert!(
        errs[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `UpdateCall`?"),
        "{lines:#?}"
    );
    assert_eq!(errs[1].code, "unknown-tag");
    assert_eq!(
        errs[1].hint.as_deref(),
        Some("did you mean `Api20100401Call`?")
    );
    assert!(
        lines[0].starts_with("api.json#/paths: error[unknown-operation]"),
        "{lines:#?}"
    );
}

/// Close's export (286 operations, 485 schemas, operationIds such as `update` used 40 times):
/// the call update, selected by the name the import gives it, with the types it reaches.
#[test]
fn a_subset_of_closes_export_keeps_the_call_update() {
    let spec =
        repo_root().join("../shared/vendor-specs/close/close-openapi.api-evangelist.b2151c19.yml");
    if !spec.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing (required when CI is set)",
            spec.display()
        );
        eprintln!("note: {} is absent; skipped", spec.display());
        return;
    }
    let sub = import_subset(&spec, &["put_activity_call_by_id"], &[])
        .unwrap_or_else(|d| panic!("subset fails: {d:?}"));
    let s = load("close.yaml", &sub);
    let api = api_of(&s);
    let ops: Vec<(&str, &str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.method.as_str(), o.path.as_str()))
        .collect();
    assert_eq!(
        ops,
        [("put_activity_call_by_id", "PUT", "/activity/call/{id}/")]
    );
    let types = type_names(api);
    assert_eq!(
        types.iter().map(String::as_str).collect::<Vec<_>>(),
        [
            "CallActivity",
            "CallStatus",
            "PhoneActivitySource",
            "UpdateCallActivity",
            "UpdateCallActivityStatus"
        ]
    );
    assert_eq!(reachable_types(api), types);
    // The name is the one the whole import gives, with the same warning.
    assert!(
        sub.diagnostics.iter().any(|d| d.code == "renamed"
            && d.pointer() == Some("/paths/~1activity~1call~1{id}~1/put/operationId")),
        "{:?}",
        sub.diagnostics
    );
    // The document's id selects every operation that has it.
    let all_updates = import_subset(&spec, &["update"], &[]).expect("subset");
    let s = load("close.yaml", &all_updates);
    assert_eq!(api_of(&s).operations.len(), 40);
    eprintln!(
        "close subset: {} operation(s), {} type(s), {} schema line(s)",
        api.operations.len(),
        api.types.len(),
        sub.schema.lines().count()
    );
    generate_and_parse(&load("close.yaml", &sub));
}

#[test]
fn the_command_line_imports_a_subset() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = fixture("openapi/twilio").join("twilio_api_v2010.json");
    let out = tmp.path().join("calls.yaml");
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "import-openapi",
            spec.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let call = |a: Vec<String>| run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        call(args(&[
            "--operation",
            "FetchCall",
            "--tag",
            "Api20100401Recording"
        ])),
        0
    );
    let written = std::fs::read_to_string(&out).expect("written");
    let s = schemagen::load_str("calls.yaml", &written);
    let ops: Vec<&str> = api_of(&s)
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert!(ops.contains(&"FetchCall") && ops.len() > 1, "{ops:?}");
    std::fs::remove_file(&out).expect("remove");
    // An unknown id: exit 1, nothing written.
    assert_eq!(call(args(&["--operation", "FetchCal"])), 1);
    assert!(!out.exists());
}
