//! A bounded run of every fuzz target on the stable toolchain: arbitrary-input proptests that
//! call the same entry points as the cargo-fuzz targets in `fuzz/` (`schemagen::fuzzing`), with
//! random bytes, random text and random mutations of the real schemas and payloads. Every input
//! that ever crashed a target is kept under `tests/fixtures/fuzz-regressions/<target>/` and
//! replayed here. Long runs: see CONTRIBUTING.md.

use proptest::prelude::*;
use proptest::test_runner::Config;
use schemagen::fuzzing;
use schemagen_tests::{files_with_ext, fixture, repo_root};
use serde_json::Value;
use voicecall_apis::runtime::PayloadKind;

fn compiled(name: &str, status: Option<u16>, value: &Value) -> Option<Vec<String>> {
    let kind = match status {
        None => PayloadKind::Request,
        Some(s) => PayloadKind::Response(s),
    };
    let report = voicecall_apis::validate_payload(name, kind, value).ok()?;
    Some(
        report
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect(),
    )
}

fn compiled_text(name: &str, status: Option<u16>, bytes: &[u8]) -> Option<Vec<String>> {
    let kind = match status {
        None => PayloadKind::Request,
        Some(s) => PayloadKind::Response(s),
    };
    let report = voicecall_apis::validate_payload_bytes(name, kind, bytes).ok()?;
    Some(
        report
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect(),
    )
}

/// Both fuzz targets on payload bytes: the validators agree on the parsed value, and the single
/// pass over the text agrees with them.
fn payload(data: &[u8]) -> usize {
    fuzzing::payload_text(data, &compiled_text, &compiled);
    fuzzing::payload_validator(data, &compiled)
}

fn config(cases: u32) -> Config {
    // `PROPTEST_CASES` runs more (or fewer) cases than the bounded CI default.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        max_shrink_iters: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

/// The real schemas: the vendor schemas, the broken-schema corpus, the adversarial fixtures.
fn schema_texts() -> Vec<String> {
    let mut out: Vec<String> = fuzzing::VENDOR_SCHEMAS
        .iter()
        .map(|(_, t)| t.to_string())
        .collect();
    for dir in ["broken", "adversarial"] {
        for p in files_with_ext(&fixture(dir), "yaml") {
            out.push(std::fs::read_to_string(p).expect("fixture"));
        }
    }
    out.push(
        std::fs::read_to_string(repo_root().join("tests/buildscript-demo/schemas/callcenter.yaml"))
            .expect("demo schema"),
    );
    out
}

/// Every payload of the corpus and every vendor example.
fn payload_values() -> Vec<Value> {
    let mut out = Vec::new();
    let mut dirs = vec![fixture("examples")];
    let root = fixture("payloads");
    for op in std::fs::read_dir(&root).expect("corpus").flatten() {
        for kind in std::fs::read_dir(op.path()).expect("kinds").flatten() {
            dirs.push(kind.path().join("valid"));
            dirs.push(kind.path().join("invalid"));
        }
    }
    dirs.sort();
    for d in dirs {
        for p in files_with_ext(&d, "json") {
            let text = std::fs::read_to_string(&p).expect("payload");
            out.push(serde_json::from_str(&text).expect("payload is JSON"));
        }
    }
    out
}

/// Byte-level edits of a text: what a fuzzer's mutator does.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, &'static str),
    Truncate(usize),
    SwapLines(usize, usize),
    Byte(usize, u8),
}

const TOKENS: &[&str] = &[
    "\n",
    " ",
    "  ",
    "\t",
    ":",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "|",
    ">-",
    "---\n",
    "...\n",
    "? ",
    "%YAML 1.2\n",
    "~",
    "null",
    "true",
    "-1",
    "1e999",
    "99999999999999999999",
    "type: ",
    "fields:",
    "enum:",
    "union:",
    "one_of:",
    "required: true",
    "nullable: true",
    "rust_name: ",
    "Self",
    "self",
    "type",
    "€",
    "\u{202e}",
    "\r",
    "\0",
    "<<: *a",
    "{a: [b, {c: d}]}",
    "items: string",
    "values: any",
];

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), 1usize..64).prop_map(|(a, n)| Edit::Duplicate(a, n)),
        (any::<usize>(), proptest::sample::select(TOKENS)).prop_map(|(a, t)| Edit::Insert(a, t)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Edit::Byte(a, b)),
    ]
}

fn apply(text: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut t = text.to_vec();
    for e in edits {
        let len = t.len().max(1);
        match *e {
            Edit::Delete(a, n) => {
                let a = a % len;
                let b = (a + n).min(t.len());
                if a < b {
                    t.drain(a..b);
                }
            }
            Edit::Duplicate(a, n) => {
                let a = a % len;
                let b = (a + n).min(t.len());
                if a < b {
                    let piece = t[a..b].to_vec();
                    t.splice(b..b, piece);
                }
            }
            Edit::Insert(a, s) => {
                let a = a % (t.len() + 1);
                t.splice(a..a, s.bytes());
            }
            Edit::Truncate(a) => t.truncate(a % len),
            Edit::SwapLines(a, b) => {
                let mut lines: Vec<Vec<u8>> =
                    t.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                lines.swap(a % n, b % n);
                t = lines.join(&b'\n');
            }
            Edit::Byte(a, b) => {
                if !t.is_empty() {
                    let i = a % t.len();
                    t[i] = b;
                }
            }
        }
    }
    t
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn yaml_loader_random_bytes(data in proptest::collection::vec(any::<u8>(), 0..256)) {
        fuzzing::yaml_loader(&data);
    }

    #[test]
    fn yaml_loader_random_yamlish_text(text in "[a-zA-Z0-9_ :\\-\\[\\]{},#&*!|>'\"\\n\\t?%@`~.]{0,160}") {
        fuzzing::yaml_loader(text.as_bytes());
    }

    #[test]
    fn payload_validator_random_bytes(data in proptest::collection::vec(any::<u8>(), 0..128)) {
        payload(&data);
    }

    #[test]
    fn payload_text_random_jsonish_text(text in "[\\[\\]{}\",: a-z0-9.eE+\\-\\\\/u]{0,96}") {
        payload(text.as_bytes());
    }
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn yaml_loader_mutated_real_schemas(
        which in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec(edit_strategy(), 1..6),
    ) {
        let texts = schema_texts_cached();
        let base = which.get(texts);
        fuzzing::yaml_loader(&apply(base.as_bytes(), &edits));
    }
}

fn schema_texts_cached() -> &'static [String] {
    static T: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    T.get_or_init(schema_texts)
}

fn payloads_cached() -> &'static [Value] {
    static T: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    T.get_or_init(payload_values)
}

/// Arbitrary JSON, a few levels deep.
fn json_strategy() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e12f64..1.0e12).prop_map(Value::from),
        proptest::sample::select(
            &[
                "",
                "x",
                "2024-05-01T10:00:00Z",
                "+14155550100",
                "https://example.com/a",
                "0.05",
                "{}",
                "completed",
                "Inbound",
                "END_USER",
                "say",
                "answer",
                "hangup",
                "INBOUND",
                "VONAGE",
                "MISSED",
                "\u{0}",
                "é",
                "a/b~c",
            ][..]
        )
        .prop_map(Value::from),
        "[a-zA-Z0-9 _./~-]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key_strategy(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Keys of the vendor payloads, and some others.
fn key_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(&[
            "status", "callFlow", "command", "options", "text", "duration", "note", "note_html",
            "phone", "participants", "participantKey", "type", "initiationMethod",
            "parentVoiceCallId", "startTime", "rate", "direction", "conditions", "media",
            "recordingLocation", "totalHoldDuration", "to", "from", "errors", "voiceCallId",
            "data", "success", "id", "_type", "users", "disconnectReason", "value", "isError",
        ][..]).prop_map(String::from),
        1 => "[a-zA-Z_~/]{0,8}",
    ]
}

/// A random edit of a JSON value at a random place: replace a node, remove a key, add a key.
#[derive(Debug, Clone)]
enum JsonEdit {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Add(Vec<usize>, String, Value),
}

fn json_edit_strategy() -> impl Strategy<Value = JsonEdit> {
    let path = proptest::collection::vec(any::<usize>(), 0..5);
    prop_oneof![
        (path.clone(), json_strategy()).prop_map(|(p, v)| JsonEdit::Replace(p, v)),
        path.clone().prop_map(JsonEdit::Remove),
        (path, key_strategy(), json_strategy()).prop_map(|(p, k, v)| JsonEdit::Add(p, k, v)),
    ]
}

/// Follows `steps` (each taken modulo the number of children) as far as the value goes; returns
/// the node reached.
fn walk<'a>(v: &'a mut Value, steps: &[usize]) -> &'a mut Value {
    let Some((first, rest)) = steps.split_first() else {
        return v;
    };
    let len = match v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        _ => 0,
    };
    if len == 0 {
        return v;
    }
    let i = first % len;
    match v {
        Value::Array(a) => walk(&mut a[i], rest),
        Value::Object(o) => {
            let (_, child) = o.iter_mut().nth(i).expect("in range");
            walk(child, rest)
        }
        _ => unreachable!("a value with children"),
    }
}

fn apply_json(mut v: Value, edits: &[JsonEdit]) -> Value {
    for e in edits {
        match e {
            JsonEdit::Replace(p, x) => *walk(&mut v, p) = x.clone(),
            JsonEdit::Remove(p) => {
                let (last, parent) = p.split_last().map_or((0, &p[..]), |(l, r)| (*l, r));
                match walk(&mut v, parent) {
                    Value::Object(o) if !o.is_empty() => {
                        let k = o.keys().nth(last % o.len()).cloned().expect("in range");
                        o.remove(&k);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        let n = a.len();
                        a.remove(last % n);
                    }
                    _ => {}
                }
            }
            JsonEdit::Add(p, k, x) => match walk(&mut v, p) {
                Value::Object(o) => {
                    o.insert(k.clone(), x.clone());
                }
                Value::Array(a) => a.push(x.clone()),
                _ => {}
            },
        }
    }
    v
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn payload_validator_random_json(value in json_strategy()) {
        let bytes = serde_json::to_vec(&value).expect("serializes");
        prop_assert!(payload(&bytes) > 0);
        let pretty = serde_json::to_vec_pretty(&value).expect("serializes");
        prop_assert!(fuzzing::payload_text(&pretty, &compiled_text, &compiled) > 0);
    }

    #[test]
    fn payload_validator_mutated_real_payloads(
        which in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec(json_edit_strategy(), 1..4),
    ) {
        let base = which.get(payloads_cached()).clone();
        let bytes = serde_json::to_vec(&apply_json(base, &edits)).expect("serializes");
        prop_assert!(payload(&bytes) > 0);
    }

    /// Byte-level edits of the payload files as they are (pretty-printed): broken JSON,
    /// repeated members, escapes cut in half, bytes that are not UTF-8.
    #[test]
    fn payload_text_byte_edits_of_real_payloads(
        which in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec(edit_strategy(), 1..4),
    ) {
        let base = which.get(payload_texts_cached());
        payload(&apply(base.as_bytes(), &edits));
    }
}

fn payload_texts_cached() -> &'static [String] {
    static T: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        payloads_cached()
            .iter()
            .map(|v| serde_json::to_string_pretty(v).expect("serializes"))
            .collect()
    })
}

#[test]
fn deeply_nested_inputs_do_not_overflow_the_stack() {
    // Deeper YAML (20 000 levels) still overflows a test thread's 2 MiB stack in the loader, and
    // `- ` nesting takes quadratic time: reported with issue 9, to be fixed with a nesting limit
    // in `schema/yaml.rs`. JSON is capped by serde_json's recursion limit.
    for n in [64usize, 1_000, 3_000] {
        for (open, close) in [("[", "]"), ("{a: ", "}"), ("- ", ""), ("a:\n ", "")] {
            let mut text = open.repeat(n);
            text.push_str(&close.repeat(n));
            fuzzing::yaml_loader(text.as_bytes());
        }
        let json = format!("{}{}", "[".repeat(n), "]".repeat(n));
        payload(json.as_bytes());
        let json = format!("{}1{}", "{\"callFlow\":[".repeat(n), "]}".repeat(n));
        payload(json.as_bytes());
    }
}

#[test]
fn every_input_that_ever_crashed_a_target_is_replayed() {
    let root = fixture("fuzz-regressions");
    let mut n = 0;
    for (target, run) in [
        (
            "yaml_loader",
            (|d: &[u8]| fuzzing::yaml_loader(d)) as fn(&[u8]),
        ),
        ("payload_validator", |d: &[u8]| {
            payload(d);
        }),
        ("openapi_importer", |d: &[u8]| fuzzing::openapi_importer(d)),
    ] {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
            .collect();
        files.sort();
        for f in files {
            run(&std::fs::read(&f).expect("regression input"));
            n += 1;
        }
    }
    assert!(n > 0, "no regression inputs found under {}", root.display());
}

/// Real OpenAPI documents: the fixtures of the importer and the export of every vendor schema.
fn openapi_texts() -> &'static [String] {
    static T: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut out = Vec::new();
        let mut stack = vec![fixture("openapi")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p
                    .extension()
                    .is_some_and(|x| x == "json" || x == "yaml" || x == "yml")
                {
                    if let Ok(t) = std::fs::read_to_string(&p) {
                        out.push(t);
                    }
                }
            }
        }
        for api in &fuzzing::vendor_schemas().ir.apis {
            out.push(schemagen::openapi::export(api).to_json());
        }
        // The targets ignore inputs over `MAX_INPUT`: mutate the documents they would read.
        out.retain(|t| t.len() <= fuzzing::MAX_INPUT);
        out.sort();
        out
    })
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn openapi_importer_random_bytes(data in proptest::collection::vec(any::<u8>(), 0..256)) {
        fuzzing::openapi_importer(&data);
    }

    #[test]
    fn openapi_importer_mutated_real_documents(
        which in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec(edit_strategy(), 1..5),
    ) {
        let base = which.get(openapi_texts());
        fuzzing::openapi_importer(&apply(base.as_bytes(), &edits));
    }

    #[test]
    fn openapi_importer_json_edits_of_real_documents(
        which in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec(json_edit_strategy(), 1..4),
    ) {
        let base = which.get(openapi_texts());
        if let Ok(v) = serde_json::from_str::<Value>(base) {
            let bytes = serde_json::to_vec(&apply_json(v, &edits)).expect("serializes");
            fuzzing::openapi_importer(&bytes);
        }
    }
}
