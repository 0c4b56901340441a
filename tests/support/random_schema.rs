//! Random schemas from every construct of the schema language: objects with every field kind and
//! attribute, open and closed enums, tagged unions, `one_of`, aliases, arrays, maps, every
//! required/nullable combination, rules, headers, servers with variables, auth schemes and
//! operations with path, query and header parameters. A strategy draws raw choices; `to_yaml`
//! turns them into a schema that is valid by construction (names unique after conversion to
//! Rust names, rules naming existing fields with values they can hold, union variants that are
//! objects without the tag field, declared path parameters), written as block YAML.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Type names: Rust keywords, std and serde names, names the generated code uses, digits,
/// separators and non-ASCII letters. Distinct after conversion to UpperCamelCase.
pub const TYPE_NAMES: &[&str] = &[
    "Call",
    "Option",
    "Result",
    "String",
    "Box",
    "Vec",
    "Value",
    "Serialize",
    "Deserialize",
    "Default",
    "Some",
    "None",
    "Ok",
    "Err",
    "Report",
    "Path",
    "Nullable",
    "Validate",
    "Client",
    "Config",
    "Auth",
    "Self",
    "type",
    "match",
    "3dSecure",
    "call status",
    "e-mail",
    "Über",
    "Copy",
    "Debug",
    "PartialEq",
    "Send",
    "Sized",
    "Map",
    "Other",
    "Error",
    "Formatter",
    "From",
];

/// Field names, distinct after conversion to snake_case.
pub const FIELD_NAMES: &[&str] = &[
    "id",
    "type",
    "ref",
    "match",
    "async",
    "self",
    "crate",
    "value",
    "status",
    "noteHtml",
    "start_time",
    "Option",
    "1st",
    "größe",
    "e-mail",
    "x y",
    "data",
    "items",
    "len",
    "Self",
    "report",
    "path",
    "serializer",
    "deserializer",
    "f",
    "__field0",
    "map",
    "key",
    "i",
    "item",
    "entries",
    "scratch",
    "when0",
    "p0",
    "j0",
    "Box",
    "String",
];

/// Enum values, distinct after conversion to UpperCamelCase (and never `Other`).
pub const ENUM_VALUES: &[&str] = &[
    "active",
    "in-progress",
    "DONE",
    "no_answer",
    "1",
    "dtmf speech",
    "Close.io",
    "self",
    "type",
    "None",
    "Some",
    "Ok",
    "Err",
    "Default",
    "é-accent",
    "x-1",
    "ALL",
    "KNOWN",
    "as_str",
];

/// `one_of` variant names, distinct after conversion.
const ONE_OF_NAMES: &[&str] = &[
    "Text", "Number", "List", "Obj", "Flag", "Self", "None", "Map",
];

/// Parameter names (path, query and header parameters of operations).
const PARAM_NAMES: &[&str] = &[
    "id", "type", "self", "callId", "ref", "body", "url", "request", "value", "1st", "x-y",
    "headers", "parts", "error", "payload", "bytes",
];

/// API-wide header names (share the parameter scope with `PARAM_NAMES`).
const HEADER_NAMES: &[&str] = &["X-Request-Id", "Telephony-Provider-Name", "auth", "timeout"];

const OPERATION_IDS: &[&str] = &["update_call", "type", "self", "get_2", "match", "new"];

const AUTH_NAMES: &[&str] = &["bearer_jwt", "api_key", "basic", "self"];

/// Descriptions, from plain to hostile (doc-comment injection).
pub const TEXTS: &[&str] = &[
    "A plain description.",
    "Ends a block comment */ and opens one /* here.",
    "Quotes \" and backslashes \\ and `backticks` and an unclosed ` tick.",
    "#[derive(Debug)] and #![deny(warnings)] are not attributes here.",
    "<p>HTML</p> <b>bold <i>unclosed <div> <script>alert(1)</script> <!-- comment",
    "```rust\nfn main() { panic!() }\n```",
    "~~~\nnot code\n~~~",
    "    indented code-like line\n\tand a tab-indented one",
    "[broken](link) and [intra-doc] and [`Vec`] and [Self::x] and [^1] footnote",
    "See https://example.com/a_b?c=d. and http://x.y",
    "| a | b |\n|---|---|\n| `c | [d]` | e |",
    "line 1\nline 2\n\nparagraph 2\r\nCRLF\rCR only",
    "bidi \u{202e}override\u{202c} and zero\u{0}byte",
    "non-ASCII: größe, 日本語, emoji 🎉",
];

#[derive(Debug, Clone)]
pub enum RawShape {
    Str {
        format: Option<usize>,
        min_len: Option<u8>,
        max_len: Option<u8>,
        pattern: bool,
        konst: bool,
    },
    Bool {
        konst: bool,
    },
    Int32 {
        min: Option<i32>,
        span: Option<u16>,
        konst: bool,
    },
    Int64 {
        min: Option<i64>,
        span: Option<u32>,
    },
    Number {
        min: Option<i16>,
        span: Option<u16>,
    },
    Any,
    Array(Box<RawShape>, Option<u8>, Option<u8>),
    Map(Box<RawShape>),
    Named(usize),
}

#[derive(Debug, Clone)]
pub struct RawField {
    pub shape: RawShape,
    pub required: bool,
    pub nullable: bool,
    pub text: Option<usize>,
    /// 0 none, 1 deprecated, 2 read_only, 3 write_only, 4 since, 5 example, 6 default,
    /// 7 rust_name override.
    pub extra: u8,
}

#[derive(Debug, Clone)]
pub struct RawRule {
    pub kind: u8,
    pub a: usize,
    pub b: usize,
    pub warning: bool,
    pub code: bool,
    pub message: bool,
}

#[derive(Debug, Clone)]
pub enum RawType {
    Object(Vec<RawField>, Vec<RawRule>),
    Enum {
        values: usize,
        first: usize,
        open: bool,
        default: bool,
    },
    Union(Vec<usize>),
    OneOf(Vec<RawShape>),
    Alias(RawShape),
}

#[derive(Debug, Clone)]
pub struct RawParam {
    pub location: u8,
    pub shape: u8,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct RawOperation {
    pub method: u8,
    pub path_params: u8,
    pub params: Vec<RawParam>,
    pub request: Option<RawShape>,
    pub request_required: bool,
    pub responses: Vec<(u8, Option<RawShape>)>,
    pub auth_subset: u8,
    pub deprecated: bool,
    pub text: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct RawSchema {
    pub title: usize,
    pub description: Option<usize>,
    pub server: Option<bool>,
    pub auth: Vec<u8>,
    pub headers: Vec<bool>,
    pub type_names: Vec<usize>,
    pub types: Vec<RawType>,
    pub operations: Vec<RawOperation>,
}

fn shape() -> impl Strategy<Value = RawShape> {
    let leaf = prop_oneof![
        (
            prop::option::of(0usize..8),
            prop::option::of(0u8..5),
            prop::option::of(5u8..40),
            prop::bool::weighted(0.15),
            prop::bool::weighted(0.1)
        )
            .prop_map(|(format, min_len, max_len, pattern, konst)| RawShape::Str {
                format,
                min_len,
                max_len,
                pattern,
                konst
            }),
        prop::bool::weighted(0.2).prop_map(|konst| RawShape::Bool { konst }),
        (
            prop::option::of(-1000i32..1000),
            prop::option::of(0u16..5000),
            prop::bool::weighted(0.1)
        )
            .prop_map(|(min, span, konst)| RawShape::Int32 { min, span, konst }),
        (
            prop::option::of(any::<i32>().prop_map(i64::from)),
            prop::option::of(any::<u32>())
        )
            .prop_map(|(min, span)| RawShape::Int64 { min, span }),
        (
            prop::option::of(any::<i16>()),
            prop::option::of(any::<u16>())
        )
            .prop_map(|(min, span)| RawShape::Number { min, span }),
        Just(RawShape::Any),
        (0usize..64).prop_map(RawShape::Named),
        (0usize..64).prop_map(RawShape::Named),
    ];
    leaf.prop_recursive(2, 8, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::option::of(0u8..3),
                prop::option::of(3u8..30)
            )
                .prop_map(|(s, lo, hi)| RawShape::Array(Box::new(s), lo, hi)),
            inner.prop_map(|s| RawShape::Map(Box::new(s))),
        ]
    })
}

fn field() -> impl Strategy<Value = RawField> {
    (
        shape(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0..TEXTS.len()),
        0u8..10,
    )
        .prop_map(|(shape, required, nullable, text, extra)| RawField {
            shape,
            required,
            nullable,
            text,
            extra,
        })
}

fn rule() -> impl Strategy<Value = RawRule> {
    (
        0u8..4,
        any::<usize>(),
        any::<usize>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(kind, a, b, warning, code, message)| RawRule {
            kind,
            a,
            b,
            warning,
            code,
            message,
        })
}

fn raw_type() -> impl Strategy<Value = RawType> {
    prop_oneof![
        3 => (prop::collection::vec(field(), 0..7), prop::collection::vec(rule(), 0..3))
            .prop_map(|(f, r)| RawType::Object(f, r)),
        2 => (1usize..6, 0..ENUM_VALUES.len(), any::<bool>(), any::<bool>())
            .prop_map(|(values, first, open, default)| RawType::Enum { values, first, open, default }),
        1 => prop::collection::vec(0usize..64, 1..4).prop_map(RawType::Union),
        1 => prop::collection::vec(shape(), 1..4).prop_map(RawType::OneOf),
        1 => shape().prop_map(RawType::Alias),
    ]
}

fn operation() -> impl Strategy<Value = RawOperation> {
    (
        0u8..5,
        0u8..3,
        prop::collection::vec(
            (0u8..2, 0u8..5, any::<bool>()).prop_map(|(location, shape, required)| RawParam {
                location,
                shape,
                required,
            }),
            0..3,
        ),
        prop::option::of(shape()),
        any::<bool>(),
        prop::collection::vec((0u8..6, prop::option::of(shape())), 0..4),
        any::<u8>(),
        prop::bool::weighted(0.2),
        prop::option::of(0..TEXTS.len()),
    )
        .prop_map(
            |(
                method,
                path_params,
                params,
                request,
                request_required,
                responses,
                auth_subset,
                deprecated,
                text,
            )| {
                RawOperation {
                    method,
                    path_params,
                    params,
                    request,
                    request_required,
                    responses,
                    auth_subset,
                    deprecated,
                    text,
                }
            },
        )
}

/// The strategy of random schemas.
pub fn raw_schema() -> impl Strategy<Value = RawSchema> {
    (
        0..TEXTS.len(),
        prop::option::of(0..TEXTS.len()),
        prop::option::of(any::<bool>()),
        prop::collection::vec(0u8..4, 0..3),
        prop::collection::vec(any::<bool>(), 0..3),
        prop::sample::subsequence((0..TYPE_NAMES.len()).collect::<Vec<_>>(), 2..9),
        prop::collection::vec(raw_type(), 9),
        prop::collection::vec(operation(), 0..4),
    )
        .prop_map(
            |(title, description, server, auth, headers, mut type_names, types, operations)| {
                // Shuffle-free but varied: rotate by the first type's kind.
                let k = types.len() % type_names.len().max(1);
                type_names.rotate_left(k);
                RawSchema {
                    title,
                    description,
                    server,
                    auth,
                    headers,
                    types: types.into_iter().take(type_names.len()).collect(),
                    type_names,
                    operations,
                }
            },
        )
}

/// What the builder knows about each type, for resolving references.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Object,
    Enum,
    Other,
}

struct Builder<'a> {
    raw: &'a RawSchema,
    names: Vec<&'static str>,
    kinds: Vec<Kind>,
    /// Enum values (wire) of each enum type.
    enum_values: Vec<Vec<&'static str>>,
}

impl RawSchema {
    /// The schema as block YAML, with `api.name` set to `name`.
    pub fn to_yaml(&self, name: &str) -> String {
        let mut out = String::from("# A random schema of tests/properties.rs\n");
        yaml_block(&self.to_json(name), 0, &mut out);
        out
    }

    /// The schema as a JSON value (the YAML above, as data).
    pub fn to_json(&self, name: &str) -> Value {
        let names: Vec<&'static str> = self.type_names.iter().map(|i| TYPE_NAMES[*i]).collect();
        let mut kinds: Vec<Kind> = self
            .types
            .iter()
            .map(|t| match t {
                RawType::Object(..) => Kind::Object,
                RawType::Enum { .. } => Kind::Enum,
                _ => Kind::Other,
            })
            .collect();
        // At least one object, for union variants.
        kinds[0] = Kind::Object;
        let enum_values = self
            .types
            .iter()
            .map(|t| match t {
                RawType::Enum { values, first, .. } => (0..*values)
                    .map(|i| ENUM_VALUES[(first + i) % ENUM_VALUES.len()])
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let b = Builder {
            raw: self,
            names,
            kinds,
            enum_values,
        };
        b.schema(name)
    }
}

impl Builder<'_> {
    fn schema(&self, name: &str) -> Value {
        let raw = self.raw;
        let mut api = Map::new();
        api.insert("name".into(), json!(name));
        api.insert("title".into(), json!(TEXTS[raw.title]));
        api.insert("version".into(), json!("1.0"));
        if let Some(d) = raw.description {
            api.insert("description".into(), json!(TEXTS[d]));
        }
        if let Some(with_vars) = raw.server {
            let server = if with_vars {
                json!({
                    "url": "https://{tenant}.example.com/{version}",
                    "description": "A server with variables.",
                    "variables": {
                        "tenant": { "description": "The tenant.", "default": "acme" },
                        "version": { "description": "The version [v1]." },
                    },
                })
            } else {
                json!({ "url": "https://api.example.com/v1" })
            };
            api.insert("servers".into(), json!([server]));
        }
        let mut auth_names = Vec::new();
        if !raw.auth.is_empty() {
            let mut auth = Map::new();
            for (i, kind) in raw.auth.iter().enumerate() {
                let name = AUTH_NAMES[i];
                auth_names.push(name);
                let scheme = match kind {
                    0 => {
                        json!({ "scheme": "bearer", "bearer_format": "JWT", "description": TEXTS[i] })
                    }
                    1 => json!({ "scheme": "basic", "password_empty": true }),
                    2 => json!({ "scheme": "basic" }),
                    _ => json!({ "scheme": "api_key", "header": "X-Api-Key", "prefix": "Key" }),
                };
                auth.insert(name.into(), scheme);
            }
            api.insert("auth".into(), Value::Object(auth));
        }
        if !raw.headers.is_empty() {
            let mut headers = Map::new();
            for (i, required) in raw.headers.iter().enumerate() {
                headers.insert(
                    HEADER_NAMES[i].into(),
                    json!({ "type": "string", "required": required, "description": TEXTS[i], "example": "x" }),
                );
            }
            api.insert("headers".into(), Value::Object(headers));
        }
        let mut types = Map::new();
        for (i, t) in raw.types.iter().enumerate() {
            types.insert(self.names[i].into(), self.type_def(i, t));
        }
        let mut operations = Map::new();
        for (i, op) in raw.operations.iter().enumerate() {
            operations.insert(OPERATION_IDS[i].into(), self.operation(op, &auth_names));
        }
        let mut root = Map::new();
        root.insert("api".into(), Value::Object(api));
        root.insert("types".into(), Value::Object(types));
        if !operations.is_empty() {
            root.insert("operations".into(), Value::Object(operations));
        }
        Value::Object(root)
    }

    /// A reference to type `n` (mod count); `below`: only types before `current` (aliases and
    /// `one_of` may not loop back to themselves without an object in between).
    fn named(&self, n: usize, current: usize, below: bool) -> Option<&'static str> {
        let count = self.names.len();
        if below {
            (current > 0).then(|| self.names[n % current])
        } else {
            Some(self.names[n % count])
        }
    }

    fn shape(&self, s: &RawShape, current: usize, below: bool) -> Map<String, Value> {
        let mut m = Map::new();
        match s {
            RawShape::Str {
                format,
                min_len,
                max_len,
                pattern,
                konst,
            } => {
                m.insert("type".into(), json!("string"));
                if *konst {
                    m.insert("const".into(), json!("FIXED"));
                } else if let Some(f) = format {
                    let names = [
                        "date-time",
                        "date",
                        "uuid",
                        "uri",
                        "email",
                        "e164",
                        "decimal-string",
                        "json-string",
                    ];
                    m.insert("format".into(), json!(names[*f % names.len()]));
                } else {
                    if let Some(lo) = min_len {
                        m.insert("min_length".into(), json!(lo));
                    }
                    if let Some(hi) = max_len {
                        m.insert("max_length".into(), json!(hi));
                    }
                    if *pattern {
                        m.insert("pattern".into(), json!("^[a-z\"\\\\]+$"));
                    }
                }
            }
            RawShape::Bool { konst } => {
                m.insert("type".into(), json!("boolean"));
                if *konst {
                    m.insert("const".into(), json!(true));
                }
            }
            RawShape::Int32 { min, span, konst } => {
                m.insert("type".into(), json!("int32"));
                if *konst {
                    m.insert("const".into(), json!(7));
                } else {
                    if let Some(lo) = min {
                        m.insert("minimum".into(), json!(lo));
                    }
                    if let Some(sp) = span {
                        m.insert("maximum".into(), json!(min.unwrap_or(0) + i32::from(*sp)));
                    }
                }
            }
            RawShape::Int64 { min, span } => {
                m.insert("type".into(), json!("int64"));
                if let Some(lo) = min {
                    m.insert("minimum".into(), json!(lo));
                }
                if let Some(sp) = span {
                    m.insert("maximum".into(), json!(min.unwrap_or(0) + i64::from(*sp)));
                }
            }
            RawShape::Number { min, span } => {
                m.insert("type".into(), json!("number"));
                if let Some(lo) = min {
                    m.insert("minimum".into(), json!(f64::from(*lo) / 4.0));
                }
                if let Some(sp) = span {
                    m.insert(
                        "maximum".into(),
                        json!(f64::from(min.unwrap_or(0)) / 4.0 + f64::from(*sp)),
                    );
                }
            }
            RawShape::Any => {
                m.insert("type".into(), json!("any"));
            }
            RawShape::Array(items, lo, hi) => {
                m.insert("type".into(), json!("array"));
                m.insert(
                    "items".into(),
                    Value::Object(self.shape(items, current, below)),
                );
                if let Some(lo) = lo {
                    m.insert("min_items".into(), json!(lo));
                }
                if let Some(hi) = hi {
                    m.insert("max_items".into(), json!(hi));
                }
            }
            RawShape::Map(values) => {
                m.insert("type".into(), json!("map"));
                m.insert(
                    "values".into(),
                    Value::Object(self.shape(values, current, below)),
                );
            }
            RawShape::Named(n) => match self.named(*n, current, below) {
                Some(name) => {
                    m.insert("type".into(), json!(name));
                }
                None => {
                    m.insert("type".into(), json!("string"));
                }
            },
        }
        m
    }

    /// The field names of object type `i` (distinct; never the union tag `kind`).
    fn field_names(&self, i: usize, n: usize) -> Vec<&'static str> {
        (0..n)
            .map(|k| FIELD_NAMES[(i * 7 + k) % FIELD_NAMES.len()])
            .collect()
    }

    fn type_def(&self, i: usize, t: &RawType) -> Value {
        let mut m = Map::new();
        if i % 2 == 0 {
            m.insert("description".into(), json!(TEXTS[i % TEXTS.len()]));
        }
        if i % 5 == 4 {
            m.insert("deprecated".into(), json!(true));
        }
        let t = match (t, self.kinds[i]) {
            (RawType::Object(..), _) | (_, Kind::Object) => match t {
                RawType::Object(f, r) => RawType::Object(f.clone(), r.clone()),
                _ => RawType::Object(Vec::new(), Vec::new()),
            },
            (other, _) => other.clone(),
        };
        match &t {
            RawType::Object(fields, rules) => {
                let names = self.field_names(i, fields.len());
                let mut fm = Map::new();
                for (k, (f, name)) in fields.iter().zip(&names).enumerate() {
                    let mut x = self.shape(&f.shape, i, false);
                    x.insert("required".into(), json!(f.required));
                    x.insert("nullable".into(), json!(f.nullable));
                    if let Some(d) = f.text {
                        x.insert("description".into(), json!(TEXTS[d]));
                    }
                    match f.extra {
                        1 => {
                            x.insert("deprecated".into(), json!(true));
                        }
                        2 => {
                            x.insert("read_only".into(), json!(true));
                        }
                        3 => {
                            x.insert("write_only".into(), json!(true));
                        }
                        4 => {
                            x.insert("since".into(), json!("2.0"));
                        }
                        5 => {
                            x.insert("example".into(), json!({"any": ["yaml", 1]}));
                        }
                        6 => {
                            if let Some(d) = default_for(&x) {
                                x.insert("default".into(), d);
                            }
                        }
                        7 => {
                            x.insert("rust_name".into(), json!(format!("renamed_{k}")));
                        }
                        _ => {}
                    }
                    fm.insert((*name).into(), Value::Object(x));
                }
                m.insert("fields".into(), Value::Object(fm));
                if !fields.is_empty() {
                    let rules: Vec<Value> = rules
                        .iter()
                        .map(|r| self.rule(r, &names, fields, i))
                        .collect();
                    if !rules.is_empty() {
                        m.insert("rules".into(), json!(rules));
                    }
                }
            }
            RawType::Enum { open, default, .. } => {
                let values = &self.enum_values[i];
                let list: Vec<Value> = values
                    .iter()
                    .enumerate()
                    .map(|(k, v)| {
                        if k % 2 == 0 {
                            json!(v)
                        } else {
                            json!({ "value": v, "description": TEXTS[k % TEXTS.len()], "deprecated": k == 3 })
                        }
                    })
                    .collect();
                m.insert("enum".into(), json!(list));
                m.insert("open".into(), json!(open));
                if *default {
                    m.insert("default".into(), json!(values[values.len() - 1]));
                }
            }
            RawType::Union(variants) => {
                let objects: Vec<usize> = (0..self.names.len())
                    .filter(|k| self.kinds[*k] == Kind::Object)
                    .collect();
                let mut vm = Map::new();
                for (k, v) in variants.iter().enumerate() {
                    let target = objects[v % objects.len()];
                    vm.insert(ENUM_VALUES[k].into(), json!(self.names[target]));
                }
                m.insert("union".into(), json!({ "tag": "kind", "variants": vm }));
            }
            RawType::OneOf(variants) => {
                let mut vm = Map::new();
                for (k, v) in variants.iter().enumerate() {
                    vm.insert(
                        ONE_OF_NAMES[k].into(),
                        Value::Object(self.shape(v, i, true)),
                    );
                }
                m.insert("one_of".into(), Value::Object(vm));
            }
            RawType::Alias(s) => {
                for (k, v) in self.shape(s, i, true) {
                    m.insert(k, v);
                }
            }
        }
        Value::Object(m)
    }

    /// A value a rule may compare the field with, if the field is simple enough.
    fn rule_value(&self, f: &RawField, current: usize) -> Option<Value> {
        match &f.shape {
            RawShape::Str { konst: true, .. } => Some(json!("FIXED")),
            RawShape::Str { .. } => Some(json!("x")),
            RawShape::Bool { .. } => Some(json!(true)),
            RawShape::Int32 { .. } | RawShape::Int64 { .. } => Some(json!(1)),
            RawShape::Number { .. } => Some(json!(1.5)),
            RawShape::Named(n) => {
                let k = n % self.names.len();
                let _ = current;
                (self.kinds[k] == Kind::Enum).then(|| json!(self.enum_values[k][0]))
            }
            _ => None,
        }
    }

    fn rule(&self, r: &RawRule, names: &[&str], fields: &[RawField], current: usize) -> Value {
        let n = names.len();
        let (a, b) = (r.a % n, r.b % n);
        let mut m = Map::new();
        let when = match self.rule_value(&fields[b], current) {
            Some(v) if r.kind % 2 == 0 => json!({ "field": names[b], "equals": v }),
            Some(v) => json!({ "field": names[b], "one_of": [v] }),
            None => json!({ "field": names[b], "present": r.warning }),
        };
        match r.kind {
            0 => {
                m.insert("forbidden".into(), json!([names[a]]));
                m.insert("when".into(), when);
            }
            1 | 2 => {
                m.insert("required".into(), json!([names[a]]));
                m.insert("when".into(), when);
            }
            _ => {
                if a == b {
                    m.insert("forbidden".into(), json!([names[a]]));
                    m.insert("when".into(), json!({ "field": names[a], "present": true }));
                } else {
                    m.insert(
                        "precedence".into(),
                        json!({ "winner": names[a], "over": names[b] }),
                    );
                }
            }
        }
        if r.warning {
            m.insert("severity".into(), json!("warning"));
        }
        if r.code {
            m.insert("code".into(), json!("custom.code_1"));
        }
        if r.message {
            m.insert("message".into(), json!(TEXTS[(a + b) % TEXTS.len()]));
        }
        Value::Object(m)
    }

    fn operation(&self, op: &RawOperation, auth: &[&str]) -> Value {
        let mut m = Map::new();
        m.insert(
            "summary".into(),
            json!(TEXTS[op.method as usize % TEXTS.len()]),
        );
        if let Some(t) = op.text {
            m.insert("description".into(), json!(TEXTS[t]));
        }
        let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
        m.insert("method".into(), json!(methods[op.method as usize % 5]));
        let mut used = 0;
        let mut path = String::from("/things");
        let mut params = Map::new();
        let param_shape = |s: u8| match s {
            0 => json!("string"),
            1 => json!("int32"),
            2 => json!("int64"),
            3 => json!("boolean"),
            _ => json!("number"),
        };
        for k in 0..op.path_params {
            let name = PARAM_NAMES[used];
            used += 1;
            path.push_str(&format!("/{{{name}}}/sub"));
            params.insert(
                name.into(),
                json!({ "in": "path", "type": param_shape(k), "description": TEXTS[k as usize] }),
            );
        }
        for p in &op.params {
            let name = PARAM_NAMES[used];
            used += 1;
            let location = if p.location == 0 { "query" } else { "header" };
            params.insert(
                name.into(),
                json!({ "in": location, "type": param_shape(p.shape), "required": p.required }),
            );
        }
        m.insert("path".into(), json!(path));
        if !params.is_empty() {
            m.insert("parameters".into(), Value::Object(params));
        }
        if !auth.is_empty() {
            let chosen: Vec<&str> = auth
                .iter()
                .enumerate()
                .filter(|(i, _)| op.auth_subset & (1 << i) != 0)
                .map(|(_, a)| *a)
                .collect();
            if !chosen.is_empty() {
                m.insert("auth".into(), json!(chosen));
            }
        }
        if let Some(body) = &op.request {
            let shape = Value::Object(self.shape(body, self.names.len(), false));
            m.insert(
                "request".into(),
                json!({ "body": shape, "required": op.request_required }),
            );
        }
        let mut responses = Map::new();
        let statuses = ["200", "201", "204", "404", "500", "default"];
        for (s, body) in &op.responses {
            let mut r = Map::new();
            r.insert(
                "description".into(),
                json!(TEXTS[*s as usize % TEXTS.len()]),
            );
            if let Some(b) = body {
                r.insert(
                    "body".into(),
                    Value::Object(self.shape(b, self.names.len(), false)),
                );
            }
            responses.insert(
                statuses[*s as usize % statuses.len()].into(),
                Value::Object(r),
            );
        }
        m.insert("responses".into(), Value::Object(responses));
        if op.deprecated {
            m.insert("deprecated".into(), json!(true));
        }
        Value::Object(m)
    }
}

/// A default that fits an unconstrained scalar field, if the field is one.
fn default_for(field: &Map<String, Value>) -> Option<Value> {
    let constrained = [
        "format",
        "min_length",
        "max_length",
        "pattern",
        "const",
        "minimum",
        "maximum",
    ]
    .iter()
    .any(|k| field.contains_key(*k));
    if constrained {
        return None;
    }
    match field.get("type")?.as_str()? {
        "string" => Some(json!("dflt")),
        "boolean" => Some(json!(false)),
        "int32" | "int64" => Some(json!(0)),
        "number" => Some(json!(0.5)),
        _ => None,
    }
}

/// Block YAML with JSON-quoted scalars (valid YAML 1.2), nested mappings and sequences indented.
fn yaml_block(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push_str(&pad);
                out.push_str(&serde_json::to_string(k).expect("key"));
                out.push(':');
                yaml_value(x, indent, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                out.push_str(&pad);
                out.push('-');
                yaml_value(x, indent, out);
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&serde_json::to_string(other).expect("scalar"));
            out.push('\n');
        }
    }
}

fn yaml_value(x: &Value, indent: usize, out: &mut String) {
    match x {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            yaml_block(x, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml_block(x, indent + 2, out);
        }
        other => {
            out.push(' ');
            out.push_str(&serde_json::to_string(other).expect("scalar"));
            out.push('\n');
        }
    }
}
