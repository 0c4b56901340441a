//! The editor JSON Schema of the schema language (`docs/schema-language.schema.json`) against
//! the decoder: the same keys per mapping, the same closed value sets, every shipped schema
//! accepted by an independent validator, and the structural broken fixtures rejected.

use schemagen::schema::keys::*;
use schemagen_tests::{files_with_ext, fixture, repo_root};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn editor_schema() -> Value {
    let path = repo_root().join("docs").join("schema-language.schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is valid JSON: {e}", path.display()))
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&editor_schema())
        .unwrap_or_else(|e| panic!("the editor schema compiles as draft 2020-12: {e}"))
}

/// Reads a YAML file with the project's own YAML reader (the one the decoder uses, so scalars
/// resolve the same way) and converts it to JSON.
fn yaml_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    let file = schemagen::source::SourceFile::new(path, text);
    let mut diags = Vec::new();
    let node = schemagen::schema::yaml::parse(schemagen::source::FileId(0), &file, &mut diags)
        .unwrap_or_else(|| panic!("{} is YAML the reader accepts: {diags:?}", path.display()));
    node.to_json()
}

/// Every error of `instance`, one line each, with its instance path.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(instance)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect()
}

fn render(errors: &[(String, String)]) -> String {
    errors
        .iter()
        .map(|(path, msg)| format!("  at `{path}`: {msg}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `$defs` entry, or the root for `""`.
fn def<'a>(schema: &'a Value, name: &str) -> &'a Value {
    if name.is_empty() {
        return schema;
    }
    schema
        .get("$defs")
        .and_then(|d| d.get(name))
        .unwrap_or_else(|| panic!("the editor schema has `$defs/{name}`"))
}

fn property_names(schema: &Value, name: &str) -> BTreeSet<String> {
    def(schema, name)
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("`$defs/{name}` has `properties`"))
        .keys()
        .cloned()
        .collect()
}

fn enum_values(v: &Value, what: &str) -> Vec<String> {
    v.get("enum")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{what} has an `enum`"))
        .iter()
        .map(|x| {
            x.as_str()
                .unwrap_or_else(|| panic!("{what}: enum value {x} is a string"))
                .to_string()
        })
        .collect()
}

/// A decoder key table by name.
type KeyTable = (&'static str, &'static [&'static str]);

/// Which decoder key tables each mapping of the editor schema stands for. `""` is the root.
/// Written out by hand on purpose: it is the list to extend when the language grows.
fn key_table_map() -> Vec<(&'static str, Vec<KeyTable>)> {
    vec![
        ("", vec![("TOP_KEYS", TOP_KEYS)]),
        ("api", vec![("API_KEYS", API_KEYS)]),
        ("server", vec![("SERVER_KEYS", SERVER_KEYS)]),
        ("serverVariable", vec![("SERVER_VAR_KEYS", SERVER_VAR_KEYS)]),
        ("authScheme", vec![("AUTH_KEYS", AUTH_KEYS)]),
        ("typeExpr", vec![("TYPE_ATTR_KEYS", TYPE_ATTR_KEYS)]),
        (
            "field",
            vec![
                ("TYPE_ATTR_KEYS", TYPE_ATTR_KEYS),
                ("FIELD_EXTRA_KEYS", FIELD_EXTRA_KEYS),
            ],
        ),
        (
            "objectType",
            vec![
                ("TYPEDEF_COMMON", TYPEDEF_COMMON),
                ("OBJECT_KEYS", OBJECT_KEYS),
            ],
        ),
        (
            "enumType",
            vec![("TYPEDEF_COMMON", TYPEDEF_COMMON), ("ENUM_KEYS", ENUM_KEYS)],
        ),
        ("enumValue", vec![("ENUM_VALUE_KEYS", ENUM_VALUE_KEYS)]),
        (
            "unionType",
            vec![
                ("TYPEDEF_COMMON", TYPEDEF_COMMON),
                ("UNION_KEYS", UNION_KEYS),
            ],
        ),
        ("unionBody", vec![("UNION_INNER_KEYS", UNION_INNER_KEYS)]),
        (
            "oneOfType",
            vec![
                ("TYPEDEF_COMMON", TYPEDEF_COMMON),
                ("ONE_OF_KEYS", ONE_OF_KEYS),
            ],
        ),
        (
            "aliasType",
            vec![
                ("TYPEDEF_COMMON", TYPEDEF_COMMON),
                ("TYPE_ATTR_KEYS", TYPE_ATTR_KEYS),
            ],
        ),
        ("rule", vec![("RULE_KEYS", RULE_KEYS)]),
        ("condition", vec![("CONDITION_KEYS", CONDITION_KEYS)]),
        ("precedence", vec![("PRECEDENCE_KEYS", PRECEDENCE_KEYS)]),
        (
            "parameter",
            vec![
                ("TYPE_ATTR_KEYS", TYPE_ATTR_KEYS),
                ("PARAM_KEYS", PARAM_KEYS),
            ],
        ),
        (
            "header",
            vec![
                ("TYPE_ATTR_KEYS", TYPE_ATTR_KEYS),
                ("HEADER_KEYS", HEADER_KEYS),
            ],
        ),
        ("operation", vec![("OPERATION_KEYS", OPERATION_KEYS)]),
        ("request", vec![("REQUEST_KEYS", REQUEST_KEYS)]),
        ("response", vec![("RESPONSE_KEYS", RESPONSE_KEYS)]),
    ]
}

#[test]
fn every_mapping_has_exactly_the_keys_of_its_decoder_tables() {
    let schema = editor_schema();
    let mut problems = Vec::new();
    for (name, tables) in key_table_map() {
        let shown = if name.is_empty() {
            "the root".to_string()
        } else {
            format!("`$defs/{name}`")
        };
        let in_schema = property_names(&schema, name);
        let mut in_decoder = BTreeSet::new();
        for (table, keys) in &tables {
            for key in *keys {
                in_decoder.insert(key.to_string());
                if !in_schema.contains(*key) {
                    problems.push(format!(
                        "key `{key}` of decoder table {table} is missing from {shown} in the JSON Schema"
                    ));
                }
            }
        }
        let table_names: Vec<&str> = tables.iter().map(|(t, _)| *t).collect();
        for key in in_schema.difference(&in_decoder) {
            problems.push(format!(
                "key `{key}` of {shown} in the JSON Schema is in none of the decoder tables {}",
                table_names.join(" + ")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the editor schema and the decoder's key tables disagree:\n{}",
        problems.join("\n")
    );
}

/// A named type offers the five kind keys (for completion when a type is started) and picks
/// the kind by which of them is present, as the decoder does; each kind key belongs to its kind.
#[test]
fn named_types_offer_the_kind_keys() {
    let schema = editor_schema();
    let kinds: [(&str, &str, &[&str]); 5] = [
        ("fields", "OBJECT_KEYS", OBJECT_KEYS),
        ("enum", "ENUM_KEYS", ENUM_KEYS),
        ("union", "UNION_KEYS", UNION_KEYS),
        ("one_of", "ONE_OF_KEYS", ONE_OF_KEYS),
        ("type", "TYPE_ATTR_KEYS", TYPE_ATTR_KEYS),
    ];
    for (key, table, keys) in kinds {
        assert!(
            keys.contains(&key),
            "kind key `{key}` is missing from decoder table {table}"
        );
    }
    let expected: BTreeSet<String> = kinds.iter().map(|(k, _, _)| k.to_string()).collect();
    assert_eq!(property_names(&schema, "namedType"), expected);
}

#[test]
fn closed_value_sets_match_the_decoder() {
    let schema = editor_schema();
    let prop = |d: &str, p: &str| -> Value {
        def(&schema, d)
            .pointer(&format!("/properties/{p}"))
            .cloned()
            .unwrap_or_else(|| panic!("`$defs/{d}` has property `{p}`"))
    };
    let formats: Vec<String> = schemagen::ir::Format::ALL
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    let cases: Vec<(&str, Vec<String>, Vec<String>)> = vec![
        (
            "UNKNOWN_FIELDS_VALUES vs objectType.unknown_fields",
            UNKNOWN_FIELDS_VALUES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            enum_values(&prop("objectType", "unknown_fields"), "unknown_fields"),
        ),
        (
            "AUTH_SCHEMES vs authScheme.scheme",
            AUTH_SCHEMES.iter().map(|s| s.to_string()).collect(),
            enum_values(&prop("authScheme", "scheme"), "scheme"),
        ),
        (
            "SEVERITIES vs rule.severity",
            SEVERITIES.iter().map(|s| s.to_string()).collect(),
            enum_values(&prop("rule", "severity"), "severity"),
        ),
        (
            "PARAM_LOCATIONS vs parameter.in",
            PARAM_LOCATIONS.iter().map(|s| s.to_string()).collect(),
            enum_values(&prop("parameter", "in"), "in"),
        ),
        (
            "Format::ALL vs $defs/format",
            formats,
            enum_values(def(&schema, "format"), "$defs/format"),
        ),
    ];
    for (what, decoder, json_schema) in cases {
        let a: BTreeSet<_> = decoder.iter().collect();
        let b: BTreeSet<_> = json_schema.iter().collect();
        assert!(!a.is_empty(), "{what}: the decoder's list is empty");
        assert_eq!(
            a,
            b,
            "{what}: only in the decoder {:?}, only in the JSON Schema {:?}",
            a.difference(&b).collect::<Vec<_>>(),
            b.difference(&a).collect::<Vec<_>>()
        );
    }
}

/// Every mapping rejects unknown keys and every key is documented, so editors flag typos and
/// show a description on hover.
#[test]
fn every_mapping_is_closed_and_every_key_is_described() {
    /// A description on the schema itself, or on the local schema its `$ref` names.
    fn described(root: &Value, sub: &Value) -> bool {
        let text = |v: &Value| {
            v.get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| !d.trim().is_empty())
        };
        text(sub)
            || sub
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|pointer| root.pointer(pointer))
                .is_some_and(text)
    }
    fn walk(root: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    // A named type lists the kind keys for completion and leaves checking the
                    // mapping to the kind its `if`/`then` branches pick (each closed itself).
                    let closed_by_kind = at == "#/$defs/namedType";
                    if !closed_by_kind
                        && map.get("additionalProperties") != Some(&Value::Bool(false))
                    {
                        problems.push(format!("{at}: `additionalProperties: false` is missing"));
                    }
                    for (key, sub) in props {
                        if !described(root, sub) {
                            problems.push(format!("{at}/properties/{key}: no `description`"));
                        }
                    }
                }
                for (k, sub) in map {
                    // `if`/`then`/`else` only narrow a mapping declared next to them; they are
                    // not mappings of their own.
                    if !matches!(k.as_str(), "if" | "then" | "else") {
                        walk(root, sub, &format!("{at}/{k}"), problems);
                    }
                }
            }
            Value::Array(items) => {
                for (i, sub) in items.iter().enumerate() {
                    walk(root, sub, &format!("{at}/{i}"), problems);
                }
            }
            _ => {}
        }
    }
    let schema = editor_schema();
    assert_eq!(
        schema.get("$schema").and_then(Value::as_str),
        Some("https://json-schema.org/draft/2020-12/schema")
    );
    for key in ["title", "description"] {
        assert!(
            schema.get(key).and_then(Value::as_str).is_some(),
            "the editor schema has a `{key}`"
        );
    }
    let mut problems = Vec::new();
    walk(&schema, &schema, "#", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_editor_schema_is_a_valid_draft_2020_12_schema() {
    let schema = editor_schema();
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("the editor schema is not a valid JSON Schema: {e}");
    }
    // Draft 2020-12 behaviour the schema relies on: `$defs` references and `if`/`then`/`else`.
    let v = validator();
    let op = |extra: Value| {
        let mut o = serde_json::json!({
            "summary": "s", "method": "GET", "path": "/p",
            "responses": { "200": { "description": "ok" } }
        });
        if let (Some(o), Some(extra)) = (o.as_object_mut(), extra.as_object()) {
            o.extend(extra.clone());
        }
        serde_json::json!({
            "api": { "name": "n", "title": "t", "version": "1" },
            "operations": { "op": o }
        })
    };
    assert!(v.is_valid(&op(serde_json::json!({}))));
    assert!(!v.is_valid(&op(serde_json::json!({ "method": "FETCH" }))));
}

/// Decisions the schema makes about the decoder's forms, one instance each.
#[test]
fn the_editor_schema_follows_the_decoder_on_small_cases() {
    let v = validator();
    let file = |types: Value| {
        serde_json::json!({
            "api": { "name": "n", "title": "t", "version": "1" },
            "types": types
        })
    };
    let accepted = [
        (
            "object without fields",
            file(serde_json::json!({ "T": { "description": "d" } })),
        ),
        (
            "enum shorthand and mapping values",
            file(serde_json::json!({
                "E": { "enum": ["A", 1, { "value": "B", "rust_name": "Bee" }], "open": true }
            })),
        ),
        (
            "alias with attributes",
            file(serde_json::json!({
                "Tags": { "type": "array", "max_items": 3, "items": { "type": "string", "min_length": 1 } }
            })),
        ),
        (
            "field shorthand and unknown_fields",
            file(serde_json::json!({
                "T": { "fields": { "a": "string", "b": { "type": "int32", "required": true } },
                       "unknown_fields": "reject" }
            })),
        ),
        (
            "rules of all three kinds",
            file(serde_json::json!({
                "T": { "fields": { "a": "string", "b": "string" }, "rules": [
                    { "forbidden": ["a"], "when": { "field": "b", "equals": "x" } },
                    { "required": "a", "when": { "field": "b", "present": true }, "severity": "warning" },
                    { "precedence": { "winner": "a", "over": "b" }, "code": "a.over_b" }
                ] }
            })),
        ),
    ];
    for (what, instance) in &accepted {
        let errs = errors(&v, instance);
        assert!(
            errs.is_empty(),
            "{what} must be accepted:\n{}",
            render(&errs)
        );
    }
    let rejected = [
        (
            "two kinds at once",
            file(serde_json::json!({ "T": { "fields": {}, "enum": ["A"] } })),
        ),
        (
            "a misspelled typedef key",
            file(serde_json::json!({ "T": { "feilds": {} } })),
        ),
        (
            "unknown_fields outside its set",
            file(serde_json::json!({
                "T": { "fields": {}, "unknown_fields": "ignore" }
            })),
        ),
        (
            "a rule without `when`",
            file(serde_json::json!({
                "T": { "fields": {}, "rules": [ { "forbidden": ["a"] } ] }
            })),
        ),
        (
            "a precedence rule with `when`",
            file(serde_json::json!({
                "T": { "fields": {}, "rules": [ {
                    "precedence": { "winner": "a", "over": "b" },
                    "when": { "field": "a", "present": true }
                } ] }
            })),
        ),
        (
            "a rule of two kinds",
            file(serde_json::json!({
                "T": { "fields": {}, "rules": [ {
                    "forbidden": ["a"], "required": ["b"], "when": { "field": "c", "present": true }
                } ] }
            })),
        ),
        (
            "a condition with two tests",
            file(serde_json::json!({
                "T": { "fields": {}, "rules": [ {
                    "forbidden": ["a"], "when": { "field": "c", "present": true, "equals": 1 }
                } ] }
            })),
        ),
        (
            "a field mapping without `type`",
            file(serde_json::json!({
                "T": { "fields": { "a": { "required": true } } }
            })),
        ),
    ];
    for (what, instance) in &rejected {
        assert!(!v.is_valid(instance), "{what} must be rejected");
    }
    let api = |auth: Value| serde_json::json!({ "api": { "name": "n", "title": "t", "version": "1", "auth": auth } });
    assert!(v.is_valid(&api(serde_json::json!({
        "k": { "scheme": "api_key", "header": "Authorization", "prefix": "Key" },
        "b": { "scheme": "basic", "password_empty": true },
        "j": { "scheme": "bearer", "bearer_format": "JWT" }
    }))));
    for (what, auth) in [
        (
            "`header` with basic",
            serde_json::json!({ "k": { "scheme": "basic", "header": "X" } }),
        ),
        (
            "api_key without `header`",
            serde_json::json!({ "k": { "scheme": "api_key" } }),
        ),
        (
            "an unknown scheme",
            serde_json::json!({ "k": { "scheme": "digest" } }),
        ),
    ] {
        assert!(!v.is_valid(&api(auth)), "{what} must be rejected");
    }
    let op = |method: &str, status: &str| {
        serde_json::json!({
            "api": { "name": "n", "title": "t", "version": "1" },
            "operations": { "op": {
                "summary": "s", "method": method, "path": "/p",
                "responses": { status: { "description": "ok" } }
            } }
        })
    };
    // The decoder reads the method in any letter case.
    assert!(v.is_valid(&op("patch", "default")));
    assert!(v.is_valid(&op("Delete", "204")));
    assert!(!v.is_valid(&op("GET", "2xx")));
    assert!(!v.is_valid(&op("GET", "600")));
}

/// The schemas the project ships: the vendor schemas and the build-script demo's.
fn shipped_schemas() -> Vec<PathBuf> {
    let root = repo_root();
    let mut files = files_with_ext(&root.join("schemas"), "yaml");
    files.extend(files_with_ext(
        &root.join("tests").join("buildscript-demo").join("schemas"),
        "yaml",
    ));
    files
}

#[test]
fn every_shipped_schema_validates_against_the_editor_schema() {
    let v = validator();
    let files = shipped_schemas();
    assert!(
        files.len() >= 5,
        "expected the four vendor schemas and the demo schema, found {files:?}"
    );
    let mut failures = Vec::new();
    for path in &files {
        let errs = errors(&v, &yaml_as_json(path));
        if !errs.is_empty() {
            failures.push(format!("{}:\n{}", path.display(), render(&errs)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_shipped_schema_points_editors_at_the_editor_schema() {
    let root = repo_root();
    let target = root.join("docs").join("schema-language.schema.json");
    for path in shipped_schemas() {
        let text = std::fs::read_to_string(&path).expect("schema readable");
        let first = text.lines().next().unwrap_or_default();
        let rel = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| {
                panic!(
                    "{}: the first line is not a yaml-language-server modeline: {first}",
                    path.display()
                )
            });
        let dir = path.parent().expect("a schema is in a directory");
        let resolved = dir.join(rel);
        assert!(
            resolved.canonicalize().ok() == target.canonicalize().ok(),
            "{}: `{rel}` does not lead to docs/schema-language.schema.json",
            path.display()
        );
    }
}

/// Broken fixtures whose mistake is structural (an unknown key, a value of the wrong kind, a
/// missing key, a value outside a closed set or an invalid identifier), each with the instance
/// path of the mapping where the JSON Schema must report it.
///
/// The others are out of scope for a JSON Schema: `01-invalid-yaml` and `30-nesting-too-deep`
/// never reach it (the YAML reader refuses them); duplicate keys (05, 06, 07) vanish in the
/// conversion to JSON; and the rest depend on other parts of the file or on the meaning of a
/// value (type references, path and server variables, rule fields, bounds against each other,
/// constraints against the resolved type, defaults and consts against the type, regex syntax,
/// Rust name collisions, recursion).
const REJECTED_BROKEN: &[(&str, &[&str])] = &[
    ("02-unknown-key.yaml", &["/types/Call/fields/id"]),
    (
        "03-wrong-value-type.yaml",
        &["/types/Call/fields/id/required"],
    ),
    ("17-unknown-format.yaml", &["/types/Call/fields/at/format"]),
    ("18-missing-api-keys.yaml", &["/api"]),
    (
        "21-bad-rust-name-override.yaml",
        &[
            "/types/Call/fields/self/rust_name",
            "/types/Call/fields/kind/rust_name",
        ],
    ),
    (
        "22-bad-status-and-method.yaml",
        &[
            "/operations/get_call/method",
            "/operations/get_call/responses",
        ],
    ),
    ("26-three-mistakes.yaml", &["/types/Call/fields/id"]),
    ("27-wrong-structure.yaml", &["/types", "/operations"]),
    (
        "28-enum-and-union-empty.yaml",
        &["/types/Nothing/enum", "/types/Either/one_of"],
    ),
    ("multi-file/a-first.yaml", &["/types/Call/fields/owner"]),
];

/// Broken fixtures a JSON Schema cannot catch, with the reason (see [`REJECTED_BROKEN`]).
const OUT_OF_SCOPE_BROKEN: &[(&str, &str)] = &[
    ("01-invalid-yaml.yaml", "not YAML"),
    ("04-unknown-type.yaml", "a reference to a type name"),
    (
        "05-duplicate-type.yaml",
        "duplicate keys do not survive JSON",
    ),
    (
        "06-duplicate-field.yaml",
        "duplicate keys do not survive JSON",
    ),
    (
        "07-duplicate-operation.yaml",
        "duplicate keys do not survive JSON",
    ),
    ("08-rust-name-collision.yaml", "derived Rust names"),
    (
        "09-undeclared-path-parameter.yaml",
        "the path against the parameters",
    ),
    (
        "10-unused-path-parameter.yaml",
        "the path against the parameters",
    ),
    (
        "11-enum-default-not-in-values.yaml",
        "the default against the values",
    ),
    ("12-minimum-above-maximum.yaml", "one bound against another"),
    (
        "13-min-length-above-max-length.yaml",
        "one bound against another",
    ),
    ("14-invalid-pattern.yaml", "Rust regex syntax"),
    (
        "15-rule-unknown-field.yaml",
        "rule fields against the object's fields",
    ),
    (
        "16-constraint-does-not-fit-type.yaml",
        "constraints against the resolved type",
    ),
    (
        "19-unknown-auth-scheme.yaml",
        "a reference to an auth scheme name",
    ),
    (
        "20-union-variant-problems.yaml",
        "variants against the types they name",
    ),
    (
        "23-rule-value-not-in-enum.yaml",
        "rule values against the field's enum",
    ),
    ("24-server-variables.yaml", "the URL against the variables"),
    (
        "25-default-and-const-types.yaml",
        "values against the field's type",
    ),
    (
        "29-self-defined-type.yaml",
        "recursion through type references",
    ),
    ("30-nesting-too-deep.yaml", "the YAML reader refuses it"),
    (
        "multi-file/b-second.yaml",
        "names across files, type references, bounds",
    ),
];

/// Every broken fixture is classified, so a new one is a decision, not an oversight.
#[test]
fn every_broken_fixture_is_classified() {
    let dir = fixture("broken");
    let mut on_disk: BTreeSet<String> = BTreeSet::new();
    for sub in ["", "multi-file"] {
        for path in files_with_ext(&dir.join(sub), "yaml") {
            let rel = path.strip_prefix(&dir).expect("under broken/");
            on_disk.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    let rejected: BTreeSet<String> = REJECTED_BROKEN.iter().map(|(n, _)| n.to_string()).collect();
    let out: BTreeSet<String> = OUT_OF_SCOPE_BROKEN
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert!(
        rejected.is_disjoint(&out),
        "classified twice: {:?}",
        rejected.intersection(&out).collect::<Vec<_>>()
    );
    let listed: BTreeSet<String> = rejected.union(&out).cloned().collect();
    assert_eq!(
        on_disk,
        listed,
        "unclassified: {:?}; listed but missing: {:?}",
        on_disk.difference(&listed).collect::<Vec<_>>(),
        listed.difference(&on_disk).collect::<Vec<_>>()
    );
}

#[test]
fn structural_broken_fixtures_are_rejected_by_the_editor_schema() {
    assert!(!REJECTED_BROKEN.is_empty());
    let v = validator();
    for (name, paths) in REJECTED_BROKEN {
        let path = fixture("broken").join(name);
        assert!(path.is_file(), "{} does not exist", path.display());
        let errs = errors(&v, &yaml_as_json(&path));
        assert!(
            !errs.is_empty(),
            "{name}: the editor schema accepts a structurally broken schema"
        );
        for want in *paths {
            assert!(
                errs.iter().any(|(at, _)| at == want),
                "{name}: expected an error at `{want}`, got:\n{}",
                render(&errs)
            );
        }
    }
}
