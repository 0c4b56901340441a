//! OpenAPI 3.0/3.1 → the schema language (YAML text that the normal pipeline loads).
//!
//! The document is walked as an ordered JSON tree ([`Doc`]): every keyword the schema language
//! can say is converted, everything else becomes an [`ImportDiagnostic`] with a JSON pointer into
//! the spec, and the import carries on. Inline objects, enums and unions are hoisted into named
//! types (named after where they appear); names that do not make Rust identifiers, or that make
//! the same one, get `rust_name:` overrides; operations without an `operationId` are named after
//! their method and path.

use super::doc::{self, Doc, escape_token, join};
use super::{ext, patterns};
use crate::diagnostics::Severity;
use crate::ident;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

/// Options of an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The schema's `api.name` (the generated module name).
    pub name: Option<String>,
    /// The name to use when neither `name` nor the document's `x-schemagen-name` gives one
    /// (e.g. the output file's name); the document's title in snake_case comes last.
    pub fallback_name: Option<String>,
    /// Where the spec came from, for the header comment of the output.
    pub source: Option<String>,
    /// The spec's own address (file path or URL), against which relative `$ref`s resolve.
    pub address: String,
    /// External documents that `$ref`s point to, by address (see [`super::bundle`]); they are
    /// bundled into the document before the import. Nothing is fetched.
    pub external: std::collections::BTreeMap<String, Doc>,
}

/// One thing the import could not carry over as it is, located by a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDiagnostic {
    /// Error: nothing could be imported. Warning: this part was dropped or changed.
    pub severity: Severity,
    /// Stable code, e.g. `unsupported-format`.
    pub code: &'static str,
    /// JSON pointer into the spec (`/components/schemas/Pet/properties/tag`).
    pub pointer: String,
    /// What happened, in one sentence.
    pub message: String,
}

impl fmt::Display for ImportDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{sev}[{}] #{}: {}",
            self.code, self.pointer, self.message
        )
    }
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The schema, as YAML text in the schema language.
    pub schema: String,
    /// The `api.name` chosen.
    pub api_name: String,
    /// The OpenAPI version the document declared.
    pub openapi_version: String,
    /// Everything that was dropped or changed (warnings only).
    pub diagnostics: Vec<ImportDiagnostic>,
}

/// The syntax of a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecSyntax {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

impl SpecSyntax {
    /// From a file name (`.json`, `.yaml`, `.yml`), else from the first character of the text.
    pub fn guess(file_name: Option<&str>, text: &str) -> SpecSyntax {
        let lower = file_name.map(str::to_ascii_lowercase).unwrap_or_default();
        if lower.ends_with(".json") {
            SpecSyntax::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            SpecSyntax::Yaml
        } else if text.trim_start().starts_with('{') {
            SpecSyntax::Json
        } else {
            SpecSyntax::Yaml
        }
    }
}

fn error(code: &'static str, pointer: &str, message: impl Into<String>) -> ImportDiagnostic {
    ImportDiagnostic {
        severity: Severity::Error,
        code,
        pointer: pointer.to_string(),
        message: message.into(),
    }
}

/// Parses a spec's text.
pub fn parse_spec(text: &str, syntax: SpecSyntax) -> Result<Doc, ImportDiagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match syntax {
        SpecSyntax::Json => doc::parse_json(text).map_err(|e| {
            error(
                "invalid-json",
                "",
                format!("the spec is not valid JSON: {e}"),
            )
        }),
        SpecSyntax::Yaml => doc::parse_yaml(text).map_err(|e| {
            error(
                "invalid-yaml",
                "",
                format!("the spec is not usable YAML: {e}"),
            )
        }),
    }
}

/// Parses and imports a spec. `Err` when nothing could be imported (not JSON/YAML, not an
/// OpenAPI 3 document); otherwise the schema with every warning.
pub fn import_text(
    text: &str,
    syntax: SpecSyntax,
    opts: &ImportOptions,
) -> Result<Imported, Vec<ImportDiagnostic>> {
    let doc = parse_spec(text, syntax).map_err(|d| vec![d])?;
    import_doc(&doc, opts)
}

/// Imports a parsed spec.
pub fn import_doc(spec: &Doc, opts: &ImportOptions) -> Result<Imported, Vec<ImportDiagnostic>> {
    let bundled;
    let spec = if opts.external.is_empty() {
        spec
    } else {
        bundled = super::bundle::bundle(spec, &opts.address, &opts.external).doc;
        &bundled
    };
    let Some(_) = spec.as_object() else {
        return Err(vec![error(
            "not-openapi",
            "",
            format!("the spec must be an object, found {}", spec.kind_name()),
        )]);
    };
    if spec.get("swagger").is_some() {
        return Err(vec![error(
            "unsupported-version",
            "/swagger",
            "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3 first",
        )]);
    }
    let mut im = Importer::new(spec);
    let version = match spec.get("openapi") {
        Some(Doc::String(v)) => v.clone(),
        other => {
            if spec.get("paths").is_none() && spec.get("components").is_none() {
                return Err(vec![error(
                    "not-openapi",
                    "",
                    "not an OpenAPI document: it has no `openapi` version, `paths` or `components`",
                )]);
            }
            im.warn(
                "unsupported-version",
                "/openapi",
                match other {
                    None => "the document has no `openapi` version; read as OpenAPI 3.0".into(),
                    Some(o) => format!(
                        "`openapi` must be a version string, found {}; read as OpenAPI 3.0",
                        o.kind_name()
                    ),
                },
            );
            "3.0.0".to_string()
        }
    };
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        if version.starts_with('3') {
            im.warn(
                "unsupported-version",
                "/openapi",
                format!("OpenAPI {version} is read as 3.1"),
            );
        } else {
            return Err(vec![error(
                "unsupported-version",
                "/openapi",
                format!("OpenAPI {version} is not supported; only 3.0 and 3.1 documents are"),
            )]);
        }
    }
    let (schema, api_name) = im.run(opts);
    Ok(Imported {
        schema,
        api_name,
        openapi_version: version,
        diagnostics: im.diags,
    })
}

// ---- the output model ------------------------------------------------------------------------

const BUILTINS: &[&str] = &[
    "string", "boolean", "int32", "int64", "integer", "number", "any", "array", "map",
];

/// Type names that would shadow what generated code uses unqualified.
const RESERVED_TYPES: &[&str] = &[
    "Some", "None", "Ok", "Err", "Option", "Result", "Box", "Vec", "String",
];

/// A type expression of the schema language.
#[derive(Debug, Clone, Default, PartialEq)]
struct Expr {
    name: String,
    format: Option<&'static str>,
    minimum: Option<serde_json::Number>,
    maximum: Option<serde_json::Number>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    pattern: Option<String>,
    const_value: Option<Doc>,
    items: Option<Box<Expr>>,
    values: Option<Box<Expr>>,
}

impl Expr {
    fn of(name: &str) -> Expr {
        Expr {
            name: name.to_string(),
            ..Default::default()
        }
    }

    fn any() -> Expr {
        Expr::of("any")
    }

    fn is_bare(&self) -> bool {
        *self == Expr::of(&self.name)
    }

    /// The attributes (without `type`), in the language's order.
    fn attrs(&self) -> Vec<(String, Doc)> {
        let mut out = Vec::new();
        let mut put = |k: &str, v: Doc| out.push((k.to_string(), v));
        if let Some(f) = self.format {
            put("format", Doc::String(f.into()));
        }
        if let Some(n) = &self.minimum {
            put("minimum", Doc::Number(n.clone()));
        }
        if let Some(n) = &self.maximum {
            put("maximum", Doc::Number(n.clone()));
        }
        for (k, v) in [
            ("min_length", self.min_length),
            ("max_length", self.max_length),
            ("min_items", self.min_items),
            ("max_items", self.max_items),
        ] {
            if let Some(v) = v {
                put(k, Doc::Number(v.into()));
            }
        }
        if let Some(p) = &self.pattern {
            put("pattern", Doc::String(p.clone()));
        }
        if let Some(c) = &self.const_value {
            put("const", c.clone());
        }
        if let Some(i) = &self.items {
            put("items", i.to_doc());
        }
        if let Some(v) = &self.values {
            put("values", v.to_doc());
        }
        out
    }

    fn to_doc(&self) -> Doc {
        if self.is_bare() {
            return Doc::String(self.name.clone());
        }
        let mut entries = vec![("type".to_string(), Doc::String(self.name.clone()))];
        entries.extend(self.attrs());
        Doc::Object(entries)
    }
}

/// What a schema says besides its type (where a field can carry it).
#[derive(Debug, Clone, Default)]
struct Annot {
    nullable: bool,
    description: Option<String>,
    default: Option<Doc>,
    example: Option<Doc>,
    deprecated: bool,
    read_only: bool,
    write_only: bool,
    since: Option<String>,
    rust_name: Option<String>,
}

impl Annot {
    /// `self` (the outer schema) wins; flags combine.
    fn over(mut self, inner: Annot) -> Annot {
        self.nullable |= inner.nullable;
        self.deprecated |= inner.deprecated;
        self.read_only |= inner.read_only;
        self.write_only |= inner.write_only;
        self.description = self.description.or(inner.description);
        self.default = self.default.or(inner.default);
        self.example = self.example.or(inner.example);
        self.since = self.since.or(inner.since);
        self.rust_name = self.rust_name.or(inner.rust_name);
        self
    }
}

#[derive(Debug, Clone)]
struct FieldOut {
    wire: String,
    rust_name: Option<String>,
    expr: Expr,
    required: bool,
    annot: Annot,
}

#[derive(Debug, Clone)]
struct EnumValue {
    wire: String,
    rust_name: Option<String>,
    description: Option<String>,
    deprecated: bool,
}

#[derive(Debug, Clone)]
enum Kind {
    Pending,
    Object {
        fields: Vec<FieldOut>,
        rules: Option<Doc>,
        /// `additionalProperties: false`.
        reject_unknown: bool,
    },
    Enum {
        values: Vec<EnumValue>,
        open: bool,
        default: Option<String>,
    },
    Union {
        tag: String,
        variants: Vec<(String, String)>,
    },
    OneOf {
        variants: Vec<(String, Expr)>,
    },
    Alias(Expr),
}

#[derive(Debug, Clone)]
struct TypeOut {
    name: String,
    rust: String,
    rust_override: Option<String>,
    description: Option<String>,
    deprecated: bool,
    kind: Kind,
    pointer: String,
    parent: Option<usize>,
    skip: bool,
}

#[derive(Debug, Clone)]
enum Target {
    /// Defines the component's own type (by index).
    Component(usize),
    /// A new type, named from the hint, if one is needed.
    Inline(String),
}

/// A name that is unique in one Rust scope: `None` when the derived name is used, else the
/// override.
struct Names {
    used: HashSet<String>,
    reserved: &'static [&'static str],
    camel: bool,
    fallback: &'static str,
}

impl Names {
    fn new(camel: bool, fallback: &'static str, reserved: &'static [&'static str]) -> Names {
        Names {
            used: HashSet::new(),
            reserved,
            camel,
            fallback,
        }
    }

    fn derive(&self, wire: &str) -> Option<String> {
        if self.camel {
            ident::variant_name(wire)
        } else {
            ident::snake(wire)
        }
    }

    fn free(&self, name: &str) -> bool {
        let key = ident::unraw(name);
        !self.used.contains(key) && !self.reserved.contains(&key)
    }

    /// Claims a name for `wire`; returns `(rust name, override)`.
    fn claim(&mut self, wire: &str, hint: Option<&str>) -> (String, Option<String>) {
        let derived = self.derive(wire);
        if let Some(h) = hint {
            if let Ok(checked) = ident::check_override(h) {
                if self.free(&checked) {
                    self.used.insert(ident::unraw(&checked).to_string());
                    let over = (derived.as_deref() != Some(checked.as_str()))
                        .then(|| ident::unraw(&checked).to_string());
                    return (checked, over);
                }
            }
        }
        if let Some(d) = &derived {
            if self.free(d) {
                self.used.insert(ident::unraw(d).to_string());
                return (d.clone(), None);
            }
        }
        let base = self
            .derive(&symbolic(wire))
            .filter(|s| self.free(s))
            .or_else(|| derived.clone())
            .unwrap_or_else(|| self.fallback.to_string());
        let mut base = ident::unraw(&base).to_string();
        if ident::check_override(&base).is_err() {
            base = self.fallback.to_string();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.free(&candidate) || ident::check_override(&candidate).is_err() {
            candidate = if self.camel {
                format!("{base}{n}")
            } else {
                format!("{base}_{n}")
            };
            n += 1;
        }
        self.used.insert(candidate.clone());
        let rust = ident::check_override(&candidate).unwrap_or_else(|_| candidate.clone());
        (rust, Some(candidate))
    }
}

/// Punctuation as words, so that `StartTime<` and `StartTime` get different names.
fn symbolic(wire: &str) -> String {
    let mut out = String::new();
    for c in wire.chars() {
        let word = match c {
            '<' => " lt ",
            '>' => " gt ",
            '=' => " eq ",
            '!' => " not ",
            '+' => " plus ",
            '*' => " star ",
            '@' => " at ",
            '#' => " hash ",
            '$' => " dollar ",
            '%' => " percent ",
            '&' => " and ",
            '|' => " or ",
            '~' => " tilde ",
            '^' => " caret ",
            '?' => " question ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(word);
    }
    if out.trim().is_empty() {
        out = match wire {
            "" => "empty".to_string(),
            "-" => "minus".to_string(),
            "." => "dot".to_string(),
            "/" => "slash".to_string(),
            "_" => "underscore".to_string(),
            _ => out,
        };
    }
    out
}

fn camel_words(s: &str) -> String {
    ident::type_name(s)
        .map(|n| ident::unraw(&n).trim_end_matches('_').to_string())
        .unwrap_or_default()
}

// ---- the importer ----------------------------------------------------------------------------

const SCHEMAS: &str = "#/components/schemas/";

struct Importer<'a> {
    root: &'a Doc,
    diags: Vec<ImportDiagnostic>,
    types: Vec<TypeOut>,
    by_name: HashMap<String, usize>,
    type_names: Names,
    /// Component key → type index.
    components: HashMap<String, usize>,
    component_docs: HashMap<String, &'a Doc>,
    /// Type name → number of references outside tagged unions.
    refs: HashMap<String, usize>,
    /// Variant type → the tag fields of the unions it is in.
    variant_tags: HashMap<String, BTreeSet<String>>,
    unions: Vec<usize>,
    inline_stack: Vec<String>,
    parent: Option<usize>,
    depth: usize,
    /// Pointer of an inline schema → the type hoisted from it (so a schema reached twice, e.g.
    /// through `allOf`, gives one type).
    hoisted_at: HashMap<String, usize>,
}

impl<'a> Importer<'a> {
    fn new(root: &'a Doc) -> Self {
        Importer {
            root,
            diags: Vec::new(),
            types: Vec::new(),
            by_name: HashMap::new(),
            type_names: Names::new(true, "Type", RESERVED_TYPES),
            components: HashMap::new(),
            component_docs: HashMap::new(),
            refs: HashMap::new(),
            variant_tags: HashMap::new(),
            unions: Vec::new(),
            inline_stack: Vec::new(),
            parent: None,
            depth: 0,
            hoisted_at: HashMap::new(),
        }
    }

    /// Records a warning at `pointer`, or at its nearest ancestor that exists in the spec (a
    /// merged `allOf` object has no place of its own).
    fn warn(&mut self, code: &'static str, pointer: &str, message: impl Into<String>) {
        let mut at = pointer;
        while !at.is_empty() && self.root.pointer(at).is_none() {
            at = at.rsplit_once('/').map_or("", |(head, _)| head);
        }
        self.diags.push(ImportDiagnostic {
            severity: Severity::Warning,
            code,
            pointer: at.to_string(),
            message: message.into(),
        });
    }

    // ---- type registry -----------------------------------------------------------------------

    /// Adds a type with a unique schema name and Rust name; `hint` is a wanted Rust name.
    fn add_type(
        &mut self,
        wanted: &str,
        rust_hint: Option<&str>,
        pointer: &str,
        hoisted: bool,
    ) -> usize {
        let mut name = if wanted.is_empty() {
            "Type".to_string()
        } else if BUILTINS.contains(&wanted) {
            format!("{wanted}Type")
        } else {
            wanted.to_string()
        };
        let base = name.clone();
        let mut n = 2;
        // A hoisted type's schema name is its Rust name: both must be free.
        while self.by_name.contains_key(&name)
            || (hoisted && !ident::type_name(&name).is_some_and(|r| self.type_names.free(&r)))
        {
            name = format!("{base}{n}");
            n += 1;
            if n > 10_000 {
                break;
            }
        }
        let derived = ident::type_name(&name);
        let (rust, mut over) = {
            // `Names` derives variant names; type names differ only in the digit prefix.
            let hint = rust_hint.map(str::to_string).or_else(|| {
                derived
                    .as_ref()
                    .map(|d| ident::unraw(d).to_string())
                    .filter(|d| ident::check_override(d).is_ok())
            });
            self.type_names.claim(&name, hint.as_deref())
        };
        if over.is_some() && derived.as_deref() == Some(rust.as_str()) {
            over = None;
        }
        if over.is_none() && derived.as_deref() != Some(rust.as_str()) {
            over = Some(ident::unraw(&rust).to_string());
        }
        let idx = self.types.len();
        self.types.push(TypeOut {
            name: name.clone(),
            rust,
            rust_override: over,
            description: None,
            deprecated: false,
            kind: Kind::Pending,
            pointer: pointer.to_string(),
            parent: self.parent,
            skip: false,
        });
        self.by_name.insert(name, idx);
        idx
    }

    /// The type a named kind defines: the component's own, or a new one from the hint.
    fn define(&mut self, target: &Target, pointer: &str, s: &Doc) -> usize {
        match target {
            Target::Component(i) => *i,
            Target::Inline(hint) => {
                // An identifier-like `title` (`CreateCallRequest`) names the type.
                let title = s
                    .get("title")
                    .and_then(Doc::as_str)
                    .filter(|t| is_identifier_like(t))
                    .and_then(ident::type_name)
                    .map(|t| ident::unraw(&t).to_string());
                let hint = match &title {
                    Some(t) => t.as_str(),
                    None if hint.is_empty() => "Inline",
                    None => hint,
                };
                let idx = self.add_type(hint, None, pointer, true);
                self.hoisted_at.insert(pointer.to_string(), idx);
                idx
            }
        }
    }

    fn named(&mut self, idx: usize) -> Expr {
        let name = self.types[idx].name.clone();
        *self.refs.entry(name.clone()).or_default() += 1;
        Expr::of(&name)
    }

    fn hint_in(&self, idx: usize, suffix: &str) -> String {
        format!("{}{}", ident::unraw(&self.types[idx].rust), suffix)
    }

    // ---- the run -----------------------------------------------------------------------------

    fn run(&mut self, opts: &ImportOptions) -> (String, String) {
        let root = self.root;
        let api_name = self.api_name(opts);
        let (auth_doc, auth_names) = self.auth();
        let mut api = vec![("name".to_string(), Doc::String(api_name.clone()))];
        let info = root.get("info");
        if info.is_none() {
            self.warn(
                "missing-info",
                "",
                "the document has no `info`; the title and version are made up",
            );
        }
        let title = info
            .and_then(|i| i.get("title"))
            .and_then(Doc::as_str)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or("API");
        let version = match info.and_then(|i| i.get("version")) {
            Some(Doc::String(v)) => v.clone(),
            Some(Doc::Number(n)) => n.to_string(),
            _ => "0".to_string(),
        };
        api.push(("title".into(), Doc::String(title.to_string())));
        api.push(("version".into(), Doc::String(version)));
        if let Some(d) = info
            .and_then(|i| i.get("description"))
            .and_then(Doc::as_str)
        {
            if !d.trim().is_empty() {
                api.push(("description".into(), Doc::String(d.to_string())));
            }
        }
        let servers = self.servers();
        if !servers.is_empty() {
            api.push(("servers".into(), Doc::Array(servers)));
        }
        if !auth_doc.is_empty() {
            api.push(("auth".into(), Doc::Object(auth_doc)));
        }
        // Components first (so references resolve, including recursive ones), then the rest.
        let order = self.register_components();
        let headers = self.api_headers();
        let api_header_names: Vec<String> = headers.iter().map(|(n, _, _)| n.clone()).collect();
        if !headers.is_empty() {
            api.push((
                "headers".into(),
                Doc::Object(
                    headers
                        .iter()
                        .map(|(n, _, d)| (n.clone(), d.clone()))
                        .collect(),
                ),
            ));
        }
        let content_types: Vec<String> = info
            .and_then(|i| i.get(ext::CONTENT_TYPES))
            .and_then(Doc::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Doc::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .filter(|v: &Vec<String>| !v.is_empty())
            .unwrap_or_else(|| vec!["application/json".to_string()]);
        if content_types != ["application/json"] {
            api.push((
                "content_types".into(),
                Doc::Array(content_types.iter().cloned().map(Doc::String).collect()),
            ));
        }
        for (key, idx) in order {
            self.component(idx, &key);
        }
        let ops = self.operations(
            &auth_names,
            &content_types,
            &api_header_names,
            headers
                .iter()
                .map(|(n, r, _)| (n.clone(), r.clone()))
                .collect(),
        );
        self.finish_unions();
        self.check_defaults();
        self.check_rules();
        let mut top = vec![("api".to_string(), Doc::Object(api))];
        let types = self.types_doc();
        if !types.is_empty() {
            top.push(("types".into(), Doc::Object(types)));
        }
        if !ops.is_empty() {
            top.push(("operations".into(), Doc::Object(ops)));
        }
        let source = opts
            .source
            .as_deref()
            .map_or(String::new(), |s| format!(" from {s}"));
        let mut text = format!(
            "# Imported{source} by `schemagen import-openapi`. Review it, then edit it as the source of truth.\n"
        );
        text.push_str(&doc::to_yaml(&Doc::Object(top)));
        (text, api_name)
    }

    fn api_name(&mut self, opts: &ImportOptions) -> String {
        let from_doc = self
            .root
            .get("info")
            .and_then(|i| i.get(ext::NAME))
            .and_then(Doc::as_str)
            .map(str::to_string);
        let title = self
            .root
            .get("info")
            .and_then(|i| i.get("title"))
            .and_then(Doc::as_str)
            .map(str::to_string);
        let candidates = [
            opts.name.clone(),
            from_doc,
            opts.fallback_name.clone(),
            title,
        ];
        for candidate in candidates.into_iter().flatten() {
            if let Some(n) = module_name(&candidate) {
                return n;
            }
        }
        "api".to_string()
    }

    fn servers(&mut self) -> Vec<Doc> {
        let root = self.root;
        let Some(list) = root.get("servers") else {
            return Vec::new();
        };
        let Some(list) = list.as_array() else {
            self.warn(
                "wrong-type",
                "/servers",
                "`servers` must be an array; ignored",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let ptr = format!("/servers/{i}");
            let Some(url) = s.get("url").and_then(Doc::as_str) else {
                self.warn("wrong-type", &ptr, "a server needs a `url` string; ignored");
                continue;
            };
            let mut entry = vec![("url".to_string(), Doc::String(url.to_string()))];
            if let Some(d) = s.get("description").and_then(Doc::as_str) {
                entry.push(("description".into(), Doc::String(d.to_string())));
            }
            let used = template_names(url);
            let mut vars = Vec::new();
            if let Some(vs) = s.get("variables").and_then(Doc::as_object) {
                for (name, v) in vs {
                    if !used.contains(name) {
                        self.warn(
                            "unused-server-variable",
                            &join(&join(&ptr, "variables"), name),
                            format!("server variable `{name}` is not in the URL; dropped"),
                        );
                        continue;
                    }
                    let mut var = Vec::new();
                    let mut description = v
                        .get("description")
                        .and_then(Doc::as_str)
                        .map(str::to_string);
                    if let Some(e) = v.get("enum").and_then(Doc::as_array) {
                        let list: Vec<String> = e
                            .iter()
                            .filter_map(Doc::as_str)
                            .map(|s| format!("`{s}`"))
                            .collect();
                        if !list.is_empty() {
                            let note = format!("One of {}.", list.join(", "));
                            description = Some(match description {
                                Some(d) => format!("{}\n\n{note}", d.trim_end()),
                                None => note,
                            });
                        }
                    }
                    if let Some(d) = description {
                        var.push(("description".to_string(), Doc::String(d)));
                    }
                    if let Some(d) = v.get("default").and_then(Doc::as_str) {
                        if !d.is_empty() {
                            var.push(("default".to_string(), Doc::String(d.to_string())));
                        }
                    }
                    vars.push((name.clone(), Doc::Object(var)));
                }
            }
            for name in &used {
                if !vars.iter().any(|(n, _)| n == name) {
                    self.warn(
                        "undeclared-server-variable",
                        &ptr,
                        format!("the server URL uses `{{{name}}}`, which is not declared; declared without a default"),
                    );
                    vars.push((name.clone(), Doc::Object(Vec::new())));
                }
            }
            if !vars.is_empty() {
                entry.push(("variables".into(), Doc::Object(vars)));
            }
            out.push(Doc::Object(entry));
        }
        out
    }

    /// Auth schemes, and the map from the spec's scheme names to the schema's.
    fn auth(&mut self) -> (Vec<(String, Doc)>, HashMap<String, String>) {
        let root = self.root;
        let mut out = Vec::new();
        let mut names = HashMap::new();
        let Some(schemes) = root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
        else {
            return (out, names);
        };
        let Some(schemes) = schemes.as_object() else {
            self.warn(
                "wrong-type",
                "/components/securitySchemes",
                "`securitySchemes` must be an object; ignored",
            );
            return (out, names);
        };
        let mut used_auth: HashSet<String> = HashSet::new();
        for (key, s) in schemes {
            let ptr = join("/components/securitySchemes", key);
            let (s, ptr) = match self.resolve_local(s, &ptr) {
                Some(x) => x,
                None => continue,
            };
            let description = s
                .get("description")
                .and_then(Doc::as_str)
                .map(str::to_string);
            let kind = s.get("type").and_then(Doc::as_str).unwrap_or("");
            let mut entry: Vec<(String, Doc)> = Vec::new();
            let mut put =
                |k: &str, v: &str| entry.push((k.to_string(), Doc::String(v.to_string())));
            match kind {
                "http" => {
                    let scheme = s.get("scheme").and_then(Doc::as_str).unwrap_or("");
                    match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => {
                            put("scheme", "bearer");
                            if let Some(f) = s.get("bearerFormat").and_then(Doc::as_str) {
                                put("bearer_format", f);
                            }
                        }
                        "basic" => {
                            put("scheme", "basic");
                            if s.get(ext::PASSWORD_EMPTY).and_then(Doc::as_bool) == Some(true) {
                                entry.push(("password_empty".into(), Doc::Bool(true)));
                            }
                        }
                        "digest" | "negotiate" | "hoba" | "mutual" | "vapid" | "scram-sha-1"
                        | "scram-sha-256" | "" => {
                            self.warn(
                                "unsupported-auth",
                                &ptr,
                                format!("HTTP auth scheme `{scheme}` is not supported (only bearer, basic and token schemes); dropped"),
                            );
                            continue;
                        }
                        _ => {
                            // `Authorization: <Scheme> <token>`.
                            put("scheme", "api_key");
                            put("header", "Authorization");
                            put("prefix", scheme);
                        }
                    }
                }
                "apiKey" => {
                    let location = s.get("in").and_then(Doc::as_str).unwrap_or("");
                    let Some(header) = s.get("name").and_then(Doc::as_str) else {
                        self.warn(
                            "wrong-type",
                            &ptr,
                            "an apiKey scheme needs a `name`; dropped",
                        );
                        continue;
                    };
                    if location != "header" {
                        self.warn(
                            "unsupported-auth",
                            &ptr,
                            format!("API keys in `{location}` are not supported (only in a header); dropped"),
                        );
                        continue;
                    }
                    put("scheme", "api_key");
                    put("header", header);
                    if let Some(p) = s.get(ext::PREFIX).and_then(Doc::as_str) {
                        put("prefix", p);
                    }
                }
                "oauth2" | "openIdConnect" => {
                    self.warn(
                        "unsupported-auth",
                        &ptr,
                        format!("`{kind}` is imported as a bearer token: how the token is obtained is not generated"),
                    );
                    put("scheme", "bearer");
                }
                other => {
                    self.warn(
                        "unsupported-auth",
                        &ptr,
                        format!("security scheme type `{other}` is not supported; dropped"),
                    );
                    continue;
                }
            }
            if let Some(d) = description {
                entry.push(("description".into(), Doc::String(d)));
            }
            // Auth schemes have no `rust_name:`; rename the scheme itself when needed.
            let free = |n: &str, used: &HashSet<String>| {
                ident::type_name(n).is_some_and(|r| !used.contains(ident::unraw(&r)))
            };
            let name = if free(key, &used_auth) {
                key.clone()
            } else {
                let base = ident::snake(&symbolic(key))
                    .map(|s| ident::unraw(&s).to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "auth".into());
                let mut candidate = base.clone();
                let mut i = 2;
                while !free(&candidate, &used_auth) {
                    candidate = format!("{base}_{i}");
                    i += 1;
                }
                self.warn(
                    "renamed",
                    &ptr,
                    format!("auth scheme `{key}` is renamed `{candidate}` so that it has a Rust name of its own"),
                );
                candidate
            };
            if let Some(r) = ident::type_name(&name) {
                used_auth.insert(ident::unraw(&r).to_string());
            }
            names.insert(key.clone(), name.clone());
            out.push((name, Doc::Object(entry)));
        }
        (out, names)
    }

    fn register_components(&mut self) -> Vec<(String, usize)> {
        let root = self.root;
        let mut order = Vec::new();
        let Some(schemas) = root.get("components").and_then(|c| c.get("schemas")) else {
            return order;
        };
        let Some(schemas) = schemas.as_object() else {
            self.warn(
                "wrong-type",
                "/components/schemas",
                "`components.schemas` must be an object; ignored",
            );
            return order;
        };
        for (key, s) in schemas {
            let ptr = join("/components/schemas", key);
            let wanted = s
                .get(ext::NAME)
                .and_then(Doc::as_str)
                .unwrap_or(key)
                .to_string();
            let hint = s
                .get(ext::RUST_NAME)
                .and_then(Doc::as_str)
                .map(str::to_string);
            let idx = self.add_type(&wanted, hint.as_deref(), &ptr, false);
            if s.get(ext::VARIANT_OF).is_some() {
                // A wrapper the export wrote to carry a union's tag; the union refers to the
                // variant type itself.
                self.types[idx].skip = true;
            } else {
                order.push((key.clone(), idx));
            }
            self.components.insert(key.clone(), idx);
            self.component_docs.insert(key.clone(), s);
        }
        order
    }

    /// Component parameters marked as API-wide headers: (name, component ref, entry).
    fn api_headers(&mut self) -> Vec<(String, String, Doc)> {
        let root = self.root;
        let mut out = Vec::new();
        let Some(params) = root
            .get("components")
            .and_then(|c| c.get("parameters"))
            .and_then(Doc::as_object)
        else {
            return out;
        };
        let mut names = Names::new(false, "header", &[]);
        for (key, p) in params {
            if p.get(ext::API_HEADER).and_then(Doc::as_bool) != Some(true) {
                continue;
            }
            let ptr = join("/components/parameters", key);
            if p.get("in").and_then(Doc::as_str) != Some("header") {
                continue;
            }
            let Some(name) = p.get("name").and_then(Doc::as_str) else {
                continue;
            };
            let hint = format!("{}Header", camel_words(name));
            let Some((entry, _)) = self.param_entry(p, &ptr, &hint, false, &mut names) else {
                continue;
            };
            out.push((
                name.to_string(),
                format!("#/components/parameters/{}", escape_token(key)),
                entry,
            ));
        }
        out
    }

    fn component(&mut self, idx: usize, key: &str) {
        let Some(s) = self.component_docs.get(key).copied() else {
            return;
        };
        let ptr = join("/components/schemas", key);
        self.parent = Some(idx);
        let (expr, annot) = self.convert(s, &ptr, Target::Component(idx));
        self.parent = None;
        if expr.name == self.types[idx].name {
            // The component defined itself; that is not a reference.
            if let Some(n) = self.refs.get_mut(&expr.name) {
                *n = n.saturating_sub(1);
            }
        }
        let t = &mut self.types[idx];
        if matches!(t.kind, Kind::Pending) {
            if expr.name == t.name {
                let name = t.name.clone();
                t.kind = Kind::Alias(Expr::any());
                self.warn(
                    "recursive-alias",
                    &ptr,
                    format!("schema `{name}` is defined as itself; imported as `any`"),
                );
            } else {
                t.kind = Kind::Alias(expr);
            }
        }
        let t = &mut self.types[idx];
        t.description = annot.description.map(|d| strip_known_values(&d));
        t.deprecated = annot.deprecated;
    }

    // ---- schemas -----------------------------------------------------------------------------

    fn convert(&mut self, s: &Doc, ptr: &str, target: Target) -> (Expr, Annot) {
        if self.depth > 64 {
            self.warn(
                "too-deep",
                ptr,
                "schemas nested more than 64 deep are imported as `any`",
            );
            return (Expr::any(), Annot::default());
        }
        if let (Target::Inline(_), Some(idx)) = (&target, self.hoisted_at.get(ptr).copied()) {
            let annot = Self::annotations(s);
            return (self.named(idx), annot);
        }
        self.depth += 1;
        let r = self.convert_inner(s, ptr, target);
        self.depth -= 1;
        r
    }

    /// What a schema says besides its type.
    fn annotations(s: &Doc) -> Annot {
        let flag = |k: &str| s.get(k).and_then(Doc::as_bool) == Some(true);
        let text = |k: &str| {
            s.get(k)
                .and_then(Doc::as_str)
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string)
        };
        let example = s.get("example").cloned().or_else(|| {
            s.get("examples")
                .and_then(Doc::as_array)
                .and_then(|a| a.first().cloned())
        });
        let default = s.get("default").filter(|d| **d != Doc::Null).cloned();
        Annot {
            nullable: flag("nullable"),
            description: text("description")
                .or_else(|| text("title").filter(|t| !is_identifier_like(t))),
            default,
            example,
            deprecated: flag("deprecated"),
            read_only: flag("readOnly"),
            write_only: flag("writeOnly"),
            since: text(ext::SINCE),
            rust_name: text(ext::RUST_NAME),
        }
    }

    fn convert_inner(&mut self, s: &Doc, ptr: &str, target: Target) -> (Expr, Annot) {
        match s {
            Doc::Object(_) => {}
            Doc::Bool(true) => return (Expr::any(), Annot::default()),
            Doc::Bool(false) => {
                self.warn(
                    "unsupported-schema",
                    ptr,
                    "the schema `false` (nothing is valid) is imported as `any`",
                );
                return (Expr::any(), Annot::default());
            }
            other => {
                self.warn(
                    "wrong-type",
                    ptr,
                    format!(
                        "a schema must be an object, found {}; imported as `any`",
                        other.kind_name()
                    ),
                );
                return (Expr::any(), Annot::default());
            }
        }
        let mut annot = Self::annotations(s);
        if let Some(r) = s.get("$ref") {
            let hint = match &target {
                Target::Inline(h) => h.clone(),
                Target::Component(i) => self.hint_in(*i, ""),
            };
            let (e, inner) = self.reference(r, ptr, &hint);
            return (e, annot.over(inner));
        }
        if let Some(all) = s.get("allOf") {
            let Some(parts) = all.as_array() else {
                self.warn(
                    "wrong-type",
                    &join(ptr, "allOf"),
                    "`allOf` must be an array; ignored",
                );
                return (Expr::any(), annot);
            };
            let structural = [
                "properties",
                "additionalProperties",
                "items",
                "oneOf",
                "anyOf",
                "enum",
            ]
            .iter()
            .any(|k| s.get(k).is_some());
            if parts.len() == 1 && !structural {
                let (e, inner) = self.convert(&parts[0], &format!("{ptr}/allOf/0"), target);
                return (e, annot.over(inner));
            }
            let mut stack = vec![ptr.to_string()];
            let merged = self.flatten_all_of(s, ptr, &mut stack);
            let (e, inner) = self.convert(&merged, ptr, target);
            return (e, annot.over(inner));
        }
        for key in ["oneOf", "anyOf"] {
            if s.get(key).is_some() {
                if let Some(e) = self.alternatives(s, ptr, key, &target, &mut annot) {
                    return (e, annot);
                }
                break;
            }
        }
        if s.get("not").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "not"),
                "`not` is not supported; ignored",
            );
        }
        let ty = match self.type_of(s, ptr, &mut annot) {
            Some(t) => t,
            None => return (Expr::any(), annot),
        };
        match ty.as_str() {
            "string" => self.string(s, ptr, &target, annot),
            "integer" => self.integer(s, ptr, annot),
            "number" => self.number(s, ptr, annot),
            "boolean" => self.boolean(s, annot),
            "array" => self.array(s, ptr, &target, annot),
            "object" => self.object(s, ptr, &target, annot),
            "null" => {
                annot.nullable = true;
                (Expr::any(), annot)
            }
            other => {
                self.warn(
                    "unsupported-type",
                    &join(ptr, "type"),
                    format!("type `{other}` is not a JSON Schema type; imported as `any`"),
                );
                (Expr::any(), annot)
            }
        }
    }

    /// The one type of a schema (`null` removed and noted), inferred when not given.
    fn type_of(&mut self, s: &Doc, ptr: &str, annot: &mut Annot) -> Option<String> {
        let mut types: Vec<String> = match s.get("type") {
            None => Vec::new(),
            Some(Doc::String(t)) => vec![t.clone()],
            Some(Doc::Array(list)) => list
                .iter()
                .filter_map(Doc::as_str)
                .map(str::to_string)
                .collect(),
            Some(other) => {
                self.warn(
                    "wrong-type",
                    &join(ptr, "type"),
                    format!(
                        "`type` must be a string or an array, found {}",
                        other.kind_name()
                    ),
                );
                Vec::new()
            }
        };
        if types.iter().any(|t| t == "null") {
            annot.nullable = true;
            types.retain(|t| t != "null");
            if types.is_empty() {
                return Some("null".into());
            }
        }
        match types.len() {
            1 => return types.pop(),
            0 => {}
            _ => {
                // `[integer, number]` is a number.
                if types.iter().all(|t| t == "integer" || t == "number") {
                    return Some("number".into());
                }
                self.warn(
                    "unsupported-type",
                    &join(ptr, "type"),
                    format!(
                        "a value of several types ({}) is imported as `any`",
                        types.join(", ")
                    ),
                );
                return None;
            }
        }
        let has = |k: &str| s.get(k).is_some();
        if has("properties") || has("additionalProperties") || has("required") {
            return Some("object".into());
        }
        if has("items") || has("prefixItems") {
            return Some("array".into());
        }
        let sample = s
            .get("enum")
            .and_then(Doc::as_array)
            .and_then(|e| e.iter().find(|v| **v != Doc::Null))
            .or_else(|| s.get("const"));
        if let Some(v) = sample {
            return match v {
                Doc::String(_) => Some("string".into()),
                Doc::Bool(_) => Some("boolean".into()),
                Doc::Number(n) if n.is_i64() || n.is_u64() => Some("integer".into()),
                Doc::Number(_) => Some("number".into()),
                _ => None,
            };
        }
        if has("format") || has("pattern") || has("minLength") || has("maxLength") {
            return Some("string".into());
        }
        if has("minimum") || has("maximum") {
            return Some("number".into());
        }
        None
    }

    /// A `$ref`: a named type for a component schema, else the referenced schema inline.
    /// The annotations returned are the target's for an inline schema (a property reached by
    /// pointer says what the field is), only its nullability for a component.
    fn reference(&mut self, r: &Doc, ptr: &str, hint: &str) -> (Expr, Annot) {
        let rptr = join(ptr, "$ref");
        let none = Annot::default;
        let Some(text) = r.as_str() else {
            self.warn(
                "wrong-type",
                &rptr,
                "`$ref` must be a string; imported as `any`",
            );
            return (Expr::any(), none());
        };
        if let Some(rest) = text.strip_prefix(SCHEMAS) {
            if !rest.contains('/') {
                let key = doc::unescape_token(rest);
                return match self.components.get(&key).copied() {
                    Some(idx) => {
                        let nullable = self
                            .component_docs
                            .get(&key)
                            .is_some_and(|d| is_nullable(d));
                        let annot = Annot {
                            nullable,
                            ..Annot::default()
                        };
                        (self.named(idx), annot)
                    }
                    None => {
                        self.warn(
                            "dangling-ref",
                            &rptr,
                            format!("`{text}` does not exist; imported as `any`"),
                        );
                        (Expr::any(), none())
                    }
                };
            }
        }
        let Some(pointer) = text.strip_prefix('#') else {
            self.warn(
                "external-ref",
                &rptr,
                format!("`{text}` is in another document; only local references are supported, imported as `any`"),
            );
            return (Expr::any(), none());
        };
        let pointer = &doc::normalize_pointer(pointer);
        let Some(target) = self.root.pointer(pointer) else {
            self.warn(
                "dangling-ref",
                &rptr,
                format!("`{text}` does not exist; imported as `any`"),
            );
            return (Expr::any(), none());
        };
        if self.inline_stack.iter().any(|p| p == pointer) {
            self.warn(
                "recursive-ref",
                &rptr,
                format!(
                    "`{text}` refers back to itself outside `components.schemas`; imported as `any`"
                ),
            );
            return (Expr::any(), none());
        }
        self.inline_stack.push(pointer.to_string());
        let hint = if hint.is_empty() {
            let last = pointer.rsplit('/').next().unwrap_or("");
            camel_words(&doc::unescape_token(last))
        } else {
            hint.to_string()
        };
        let (e, a) = self.convert(target, pointer, Target::Inline(hint));
        self.inline_stack.pop();
        (e, a)
    }

    /// Resolves a local `$ref` of a non-schema object (parameter, response, ...).
    /// Returns the object and its pointer.
    fn resolve_local<'d>(&mut self, d: &'d Doc, ptr: &str) -> Option<(&'d Doc, String)>
    where
        'a: 'd,
    {
        let mut here = d;
        let mut at = ptr.to_string();
        for _ in 0..16 {
            let Some(r) = here.get("$ref") else {
                return Some((here, at));
            };
            let text = r.as_str().unwrap_or("");
            let target = text
                .strip_prefix('#')
                .and_then(|p| self.root.pointer(p).map(|t| (t, doc::normalize_pointer(p))));
            match target {
                Some((t, p)) => {
                    here = t;
                    at = p;
                }
                None => {
                    self.warn(
                        "dangling-ref",
                        &join(ptr, "$ref"),
                        format!("`{text}` does not resolve to a local object; ignored"),
                    );
                    return None;
                }
            }
        }
        self.warn(
            "recursive-ref",
            &join(ptr, "$ref"),
            "the reference chain does not end; ignored",
        );
        None
    }

    /// Merges `allOf` parts (following references) into one schema without `allOf`.
    fn flatten_all_of(&mut self, s: &Doc, ptr: &str, stack: &mut Vec<String>) -> Doc {
        let mut merged: Vec<(String, Doc)> = Vec::new();
        let mut properties: Vec<(String, Doc)> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        // (pointer of the `allOf` entry, pointer of the schema it stands for, the schema)
        let mut parts: Vec<(String, String, Doc)> = Vec::new();
        if let Some(list) = s.get("allOf").and_then(Doc::as_array) {
            for (i, p) in list.iter().enumerate() {
                let pptr = format!("{ptr}/allOf/{i}");
                let mut base = pptr.clone();
                let resolved = match p.get("$ref").and_then(Doc::as_str) {
                    Some(text) => {
                        let Some(pointer) = text.strip_prefix('#') else {
                            self.warn("external-ref", &join(&pptr, "$ref"), format!("`{text}` is in another document; this part of `allOf` is ignored"));
                            continue;
                        };
                        let pointer = &doc::normalize_pointer(pointer);
                        if stack.iter().any(|x| x == pointer) {
                            self.warn(
                                "cyclic-all-of",
                                &join(&pptr, "$ref"),
                                format!("`allOf` includes `{text}`, which includes this schema again; that part is ignored"),
                            );
                            continue;
                        }
                        let Some(target) = self.root.pointer(pointer) else {
                            self.warn(
                                "dangling-ref",
                                &join(&pptr, "$ref"),
                                format!("`{text}` does not exist; this part of `allOf` is ignored"),
                            );
                            continue;
                        };
                        base = pointer.clone();
                        stack.push(pointer.to_string());
                        let flat = if target.get("allOf").is_some() {
                            // Already merged: its properties refer to where they are written.
                            base.clear();
                            self.flatten_all_of(target, pointer, stack)
                        } else {
                            target.clone()
                        };
                        stack.pop();
                        flat
                    }
                    None if p.get("allOf").is_some() => {
                        base.clear();
                        self.flatten_all_of(p, &pptr, stack)
                    }
                    None => p.clone(),
                };
                parts.push((pptr, base, resolved));
            }
        }
        // The schema's own keywords come last so they win.
        let own: Vec<(String, Doc)> = s
            .as_object()
            .unwrap_or(&[])
            .iter()
            .filter(|(k, _)| k != "allOf")
            .cloned()
            .collect();
        parts.push((ptr.to_string(), ptr.to_string(), Doc::Object(own)));
        let mut discriminator_noted = false;
        for (pptr, base, part) in parts {
            let Some(entries) = part.as_object() else {
                continue;
            };
            for (k, v) in entries {
                match k.as_str() {
                    "properties" => {
                        for (pk, pv) in v.as_object().unwrap_or(&[]) {
                            // Refer to the property where it is written, so that a type hoisted
                            // from it is the same one wherever the object is merged in.
                            // (Diagnostics inside it then point at the real location too.)
                            let pv = if base.is_empty() || !matches!(pv, Doc::Object(_)) {
                                pv.clone()
                            } else {
                                let at = join(&join(&base, "properties"), pk);
                                Doc::Object(vec![("$ref".into(), Doc::String(format!("#{at}")))])
                            };
                            match properties.iter_mut().find(|(n, _)| n == pk) {
                                Some(slot) => slot.1 = pv,
                                None => properties.push((pk.clone(), pv)),
                            }
                        }
                    }
                    "required" => {
                        for r in v.as_array().unwrap_or(&[]).iter().filter_map(Doc::as_str) {
                            if !required.iter().any(|x| x == r) {
                                required.push(r.to_string());
                            }
                        }
                    }
                    "discriminator" if pptr != ptr => {
                        if !discriminator_noted {
                            discriminator_noted = true;
                            self.warn(
                                "unsupported-keyword",
                                &join(&pptr, "discriminator"),
                                "a discriminator on an `allOf` parent (inheritance) is not supported; the merged object is imported without it",
                            );
                        }
                    }
                    "oneOf" | "anyOf" if pptr != ptr => {
                        self.warn(
                            "unsupported-keyword",
                            &join(&pptr, k),
                            format!("`{k}` inside an `allOf` part is not merged; ignored"),
                        );
                    }
                    "$ref" => {}
                    _ => {
                        let own = pptr == ptr;
                        match merged.iter_mut().find(|(n, _)| n == k) {
                            Some(slot) if own => slot.1 = v.clone(),
                            Some(_) => {}
                            None => merged.push((k.clone(), v.clone())),
                        }
                    }
                }
            }
        }
        if !properties.is_empty() {
            merged.push(("properties".into(), Doc::Object(properties)));
            if !merged.iter().any(|(k, _)| k == "type") {
                merged.push(("type".into(), Doc::String("object".into())));
            }
        }
        if !required.is_empty() {
            merged.push((
                "required".into(),
                Doc::Array(required.into_iter().map(Doc::String).collect()),
            ));
        }
        Doc::Object(merged)
    }

    /// `oneOf` / `anyOf`: `None` when the alternatives only constrain the object beside them.
    fn alternatives(
        &mut self,
        s: &Doc,
        ptr: &str,
        key: &str,
        target: &Target,
        annot: &mut Annot,
    ) -> Option<Expr> {
        let aptr = join(ptr, key);
        let Some(alts) = s.get(key).and_then(Doc::as_array) else {
            self.warn(
                "wrong-type",
                &aptr,
                format!("`{key}` must be an array; ignored"),
            );
            return None;
        };
        let structural = s.get("properties").is_some() || s.get("type").is_some();
        if structural && alts.iter().all(constraint_only) {
            self.warn(
                "unsupported-keyword",
                &aptr,
                format!(
                    "`{key}` alternatives that only list `required` fields are not checked; ignored"
                ),
            );
            return None;
        }
        if s.get("properties").is_some() {
            self.warn(
                "unsupported-keyword",
                ptr,
                format!(
                    "`properties` beside `{key}` are not merged into the alternatives; ignored"
                ),
            );
        }
        let mut kept: Vec<(String, &Doc)> = Vec::new();
        for (i, a) in alts.iter().enumerate() {
            if is_null_schema(a) {
                annot.nullable = true;
            } else {
                kept.push((format!("{aptr}/{i}"), a));
            }
        }
        if kept.is_empty() {
            return Some(Expr::any());
        }
        if kept.len() == 1 {
            let (p, a) = kept[0].clone();
            let (e, inner) = self.convert(a, &p, target.clone());
            let outer = std::mem::take(annot);
            *annot = outer.over(inner);
            return Some(e);
        }
        if let Some(disc) = s.get("discriminator") {
            if let Some(e) = self.tagged_union(s, disc, &kept, ptr, target) {
                return Some(e);
            }
        }
        Some(self.one_of(s, &kept, ptr, target, annot))
    }

    fn one_of(
        &mut self,
        s: &Doc,
        kept: &[(String, &Doc)],
        ptr: &str,
        target: &Target,
        annot: &mut Annot,
    ) -> Expr {
        let idx = self.define(target, ptr, s);
        let outer_parent = self.parent;
        self.parent = Some(idx);
        let given: Option<Vec<String>> = s
            .get(ext::VARIANTS)
            .and_then(Doc::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Doc::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .filter(|v: &Vec<String>| v.len() == kept.len());
        let mut names = Names::new(true, "Variant", &[]);
        let mut variants = Vec::new();
        for (i, (p, a)) in kept.iter().enumerate() {
            let wanted = match &given {
                Some(g) => g[i].clone(),
                None => self.variant_label(a),
            };
            let (rust, over) = names.claim(&wanted, None);
            let vname = match over {
                None if ident::variant_name(&wanted).is_some() => wanted.clone(),
                _ => ident::unraw(&rust).to_string(),
            };
            let hint = self.hint_in(idx, &camel_words(&vname));
            let (e, inner) = self.convert(a, p, Target::Inline(hint));
            annot.nullable |= inner.nullable;
            variants.push((vname, e));
        }
        self.parent = outer_parent;
        self.types[idx].kind = Kind::OneOf { variants };
        self.named(idx)
    }

    /// A variant name for an untagged alternative.
    fn variant_label(&self, a: &Doc) -> String {
        if let Some(key) = a
            .get("$ref")
            .and_then(Doc::as_str)
            .and_then(|r| r.strip_prefix(SCHEMAS))
        {
            let key = doc::unescape_token(key);
            if let Some(i) = self.components.get(&key) {
                return ident::unraw(&self.types[*i].rust).to_string();
            }
            return camel_words(&key);
        }
        let t = match a.get("type") {
            Some(Doc::String(t)) => t.as_str(),
            Some(Doc::Array(l)) => l
                .iter()
                .filter_map(Doc::as_str)
                .find(|t| *t != "null")
                .unwrap_or(""),
            _ if a.get("properties").is_some() => "object",
            _ if a.get("items").is_some() => "array",
            _ => "",
        };
        match t {
            "string" if a.get("enum").is_some() => "Enum",
            "string" => "String",
            "integer" => "Integer",
            "number" => "Number",
            "boolean" => "Boolean",
            "array" => "List",
            "object" if a.get("properties").is_none() => "Map",
            "object" => "Object",
            _ => "Variant",
        }
        .to_string()
    }

    /// `oneOf` with a discriminator: a tagged union when every alternative is a component
    /// object; `None` (an untagged union then) otherwise.
    fn tagged_union(
        &mut self,
        s: &Doc,
        disc: &Doc,
        kept: &[(String, &Doc)],
        ptr: &str,
        target: &Target,
    ) -> Option<Expr> {
        let dptr = join(ptr, "discriminator");
        let Some(tag) = disc.get("propertyName").and_then(Doc::as_str) else {
            self.warn(
                "wrong-type",
                &dptr,
                "a discriminator needs a `propertyName`; imported as an untagged union",
            );
            return None;
        };
        let mut variants: Vec<(String, String)> = Vec::new();
        let component_key = |r: &str| -> Option<String> {
            match r.strip_prefix(SCHEMAS) {
                Some(k) if !k.contains('/') => Some(doc::unescape_token(k)),
                Some(_) => None,
                None if !r.contains('/') && !r.starts_with('#') => Some(r.to_string()),
                None => None,
            }
        };
        let fail = |me: &mut Self, why: String| {
            me.warn(
                "untagged-union",
                &dptr,
                format!("{why}; imported as an untagged union"),
            );
        };
        if let Some(mapping) = disc.get("mapping").and_then(Doc::as_object) {
            for (value, r) in mapping {
                let Some(key) = r.as_str().and_then(component_key) else {
                    fail(
                        self,
                        format!("mapping `{value}` does not name a component schema"),
                    );
                    return None;
                };
                let Some(key) = self.variant_key(&key) else {
                    fail(
                        self,
                        format!("mapping `{value}` refers to `{key}`, which does not exist"),
                    );
                    return None;
                };
                variants.push((value.clone(), key));
            }
        }
        for (_, a) in kept {
            let Some(key) = a.get("$ref").and_then(Doc::as_str).and_then(component_key) else {
                fail(
                    self,
                    "an alternative is not a reference to a component schema".into(),
                );
                return None;
            };
            let Some(key) = self.variant_key(&key) else {
                fail(self, format!("`{key}` does not exist"));
                return None;
            };
            if variants.iter().any(|(_, k)| *k == key) {
                continue;
            }
            let value = self
                .component_docs
                .get(&key)
                .and_then(|d| d.get("properties"))
                .and_then(|p| p.get(tag))
                .and_then(single_string_value)
                .unwrap_or_else(|| key.clone());
            variants.push((value, key));
        }
        let mut seen = HashSet::new();
        for (value, key) in &variants {
            let objectish = self
                .component_docs
                .get(key)
                .is_some_and(|d| is_objectish(self.root, d, 0));
            if !objectish {
                fail(self, format!("variant `{key}` is not an object"));
                return None;
            }
            match ident::variant_name(value) {
                Some(v) if seen.insert(ident::unraw(&v).to_string()) => {}
                _ => {
                    fail(
                        self,
                        format!("tag value `{value}` does not give a distinct Rust variant name"),
                    );
                    return None;
                }
            }
        }
        if variants.is_empty() {
            return None;
        }
        let idx = self.define(target, ptr, s);
        let mut out = Vec::new();
        for (value, key) in variants {
            let vidx = self.components[&key];
            let name = self.types[vidx].name.clone();
            self.variant_tags
                .entry(name.clone())
                .or_default()
                .insert(tag.to_string());
            out.push((value, name));
        }
        self.types[idx].kind = Kind::Union {
            tag: tag.to_string(),
            variants: out,
        };
        self.unions.push(idx);
        Some(self.named(idx))
    }

    /// The component a discriminator names, seeing through the export's tag wrappers.
    fn variant_key(&self, key: &str) -> Option<String> {
        let d = self.component_docs.get(key)?;
        if let Some(of) = d.get(ext::VARIANT_OF).and_then(Doc::as_str) {
            if let Some(k) = d
                .get("allOf")
                .and_then(Doc::as_array)
                .and_then(|a| a.first())
                .and_then(|f| f.get("$ref"))
                .and_then(Doc::as_str)
                .and_then(|r| r.strip_prefix(SCHEMAS))
                .map(doc::unescape_token)
                .filter(|k| self.components.contains_key(k))
            {
                return Some(k);
            }
            if self.components.contains_key(of) {
                return Some(of.to_string());
            }
        }
        Some(key.to_string())
    }

    fn string(&mut self, s: &Doc, ptr: &str, target: &Target, mut annot: Annot) -> (Expr, Annot) {
        let known = s
            .get(ext::ENUM_KNOWN)
            .or_else(|| s.get(ext::EXTENSIBLE_ENUM))
            .and_then(Doc::as_array);
        if s.get("enum").is_some() || known.is_some() {
            let mut values: Vec<String> = Vec::new();
            let mut push = |v: &Doc, me: &mut Self, annot: &mut Annot| match v {
                Doc::Null => annot.nullable = true,
                Doc::String(x) => {
                    if !values.contains(x) {
                        values.push(x.clone());
                    }
                }
                Doc::Number(_) | Doc::Bool(_) => {
                    let x = v.to_json().to_string();
                    me.warn(
                        "wrong-type",
                        &join(ptr, "enum"),
                        format!(
                            "enum value {x} of a string is not a string; kept as the string \"{x}\""
                        ),
                    );
                    if !values.contains(&x) {
                        values.push(x);
                    }
                }
                other => me.warn(
                    "wrong-type",
                    &join(ptr, "enum"),
                    format!(
                        "an enum value of a string must be a string, found {}; dropped",
                        other.kind_name()
                    ),
                ),
            };
            match s.get("enum") {
                Some(Doc::Array(list)) => {
                    for v in list {
                        push(v, self, &mut annot);
                    }
                }
                Some(other) => self.warn(
                    "wrong-type",
                    &join(ptr, "enum"),
                    format!(
                        "`enum` must be an array, found {}; ignored",
                        other.kind_name()
                    ),
                ),
                None => {}
            }
            for v in known.unwrap_or(&[]) {
                push(v, self, &mut annot);
            }
            let open = known.is_some();
            let is_const = values.len() == 1
                && !open
                && (s.get(ext::CONST).and_then(Doc::as_bool) == Some(true)
                    || matches!(target, Target::Inline(_)));
            if is_const {
                let mut e = self.string_constraints(s, ptr);
                e.const_value = Some(Doc::String(values.remove(0)));
                return (e, annot);
            }
            if !values.is_empty() {
                return (self.enum_type(s, ptr, target, values, open, &annot), annot);
            }
        }
        let mut e = self.string_constraints(s, ptr);
        if let Some(c) = s.get("const") {
            match c {
                Doc::String(_) => e.const_value = Some(c.clone()),
                Doc::Null => annot.nullable = true,
                other => self.warn(
                    "wrong-type",
                    &join(ptr, "const"),
                    format!(
                        "`const` of a string must be a string, found {}; dropped",
                        other.kind_name()
                    ),
                ),
            }
        }
        (e, annot)
    }

    fn string_constraints(&mut self, s: &Doc, ptr: &str) -> Expr {
        let mut e = Expr::of("string");
        let mut implied = None;
        if let Some(f) = s.get("format") {
            match f.as_str() {
                Some("date-time") => e.format = Some("date-time"),
                Some("date") => e.format = Some("date"),
                Some("uuid") => e.format = Some("uuid"),
                Some("uri" | "url") => e.format = Some("uri"),
                Some("email") => e.format = Some("email"),
                Some("e164") => {
                    e.format = Some("e164");
                    implied = Some(patterns::E164);
                }
                Some("decimal" | "decimal-string") => {
                    e.format = Some("decimal-string");
                    implied = Some(patterns::DECIMAL);
                }
                Some("json-string") => e.format = Some("json-string"),
                Some("" | "password") => {}
                Some(other) => self.warn(
                    "unsupported-format",
                    &join(ptr, "format"),
                    format!("string format `{other}` is not in the schema language; kept as a plain string"),
                ),
                None => self.warn("wrong-type", &join(ptr, "format"), "`format` must be a string; ignored"),
            }
        }
        if let Some(p) = s.get("pattern") {
            match p.as_str() {
                Some(p) if Some(p) == implied => {}
                Some(p) => match regex::Regex::new(p) {
                    Ok(_) => e.pattern = Some(p.to_string()),
                    Err(_) => self.warn(
                        "unsupported-pattern",
                        &join(ptr, "pattern"),
                        format!("pattern `{p}` is not a Rust regular expression (lookaround or backreferences?); dropped"),
                    ),
                },
                None => self.warn("wrong-type", &join(ptr, "pattern"), "`pattern` must be a string; ignored"),
            }
        }
        e.min_length = self.count(s, ptr, "minLength");
        e.max_length = self.count(s, ptr, "maxLength");
        if let (Some(lo), Some(hi)) = (e.min_length, e.max_length) {
            if lo > hi {
                self.warn(
                    "impossible-constraint",
                    ptr,
                    format!("`minLength` {lo} is greater than `maxLength` {hi}; both dropped"),
                );
                e.min_length = None;
                e.max_length = None;
            }
        }
        e
    }

    fn count(&mut self, s: &Doc, ptr: &str, key: &str) -> Option<u64> {
        let v = s.get(key)?;
        match v.as_number().and_then(|n| {
            n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                    .map(|f| f as u64)
            })
        }) {
            Some(n) => Some(n),
            None => {
                self.warn(
                    "wrong-type",
                    &join(ptr, key),
                    format!("`{key}` must be a whole number, 0 or more; ignored"),
                );
                None
            }
        }
    }

    fn enum_type(
        &mut self,
        s: &Doc,
        ptr: &str,
        target: &Target,
        values: Vec<String>,
        open: bool,
        annot: &Annot,
    ) -> Expr {
        let idx = self.define(target, ptr, s);
        let list = |k: &str| -> Vec<Option<String>> {
            s.get(k)
                .and_then(Doc::as_array)
                .map(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        let varnames = list(ext::ENUM_VARNAMES);
        let descriptions = list(ext::ENUM_DESCRIPTIONS);
        let deprecated: Vec<String> = list(ext::ENUM_DEPRECATED).into_iter().flatten().collect();
        let reserved: &'static [&'static str] = if open { &["Other"] } else { &[] };
        let mut names = Names::new(true, "Value", reserved);
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let hint = varnames.get(i).cloned().flatten().map(|h| {
                if ident::check_override(&h).is_ok()
                    && h.starts_with(|c: char| c.is_ascii_uppercase())
                {
                    h
                } else {
                    ident::variant_name(&h).map_or(h, |n| ident::unraw(&n).to_string())
                }
            });
            let (_, over) = names.claim(v, hint.as_deref());
            out.push(EnumValue {
                wire: v.clone(),
                rust_name: over,
                description: descriptions
                    .get(i)
                    .cloned()
                    .flatten()
                    .filter(|d| !d.is_empty()),
                deprecated: deprecated.contains(v),
            });
        }
        let default = match (&target, &annot.default) {
            (Target::Component(_), Some(Doc::String(d))) if values.contains(d) || open => {
                Some(d.clone())
            }
            _ => None,
        };
        self.types[idx].kind = Kind::Enum {
            values: out,
            open,
            default,
        };
        self.named(idx)
    }

    fn bound(&mut self, s: &Doc, ptr: &str, key: &str) -> Option<serde_json::Number> {
        let v = s.get(key)?;
        match v.as_number() {
            Some(n) => Some(normalize_number(n)),
            None => {
                if !matches!(v, Doc::Bool(_)) {
                    self.warn(
                        "wrong-type",
                        &join(ptr, key),
                        format!("`{key}` must be a number; ignored"),
                    );
                }
                None
            }
        }
    }

    fn integer(&mut self, s: &Doc, ptr: &str, mut annot: Annot) -> (Expr, Annot) {
        let mut e = Expr::of(match s.get("format").and_then(Doc::as_str) {
            Some("int32") => "int32",
            _ => "int64",
        });
        let mut lo = self.bound(s, ptr, "minimum");
        let mut hi = self.bound(s, ptr, "maximum");
        // 3.0: `exclusiveMinimum: true` with `minimum`; 3.1: `exclusiveMinimum: <number>`.
        match s.get("exclusiveMinimum") {
            Some(Doc::Bool(true)) => {
                lo = lo
                    .and_then(|n| n.as_f64())
                    .map(|f| int_number(f.floor() + 1.0))
            }
            Some(Doc::Number(n)) => lo = n.as_f64().map(|f| int_number(f.floor() + 1.0)),
            _ => {}
        }
        match s.get("exclusiveMaximum") {
            Some(Doc::Bool(true)) => {
                hi = hi
                    .and_then(|n| n.as_f64())
                    .map(|f| int_number(f.ceil() - 1.0))
            }
            Some(Doc::Number(n)) => hi = n.as_f64().map(|f| int_number(f.ceil() - 1.0)),
            _ => {}
        }
        let lo = lo.map(|n| {
            if n.is_i64() {
                n
            } else {
                int_number(n.as_f64().unwrap_or(0.0).ceil())
            }
        });
        let hi = hi.map(|n| {
            if n.is_i64() {
                n
            } else {
                int_number(n.as_f64().unwrap_or(0.0).floor())
            }
        });
        let fits32 = |n: &Option<serde_json::Number>| {
            n.as_ref()
                .is_none_or(|n| n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()))
        };
        if e.name == "int32" && !(fits32(&lo) && fits32(&hi)) {
            e.name = "int64".into();
        }
        let valid =
            |n: &Option<serde_json::Number>| n.as_ref().is_none_or(|n| n.as_i64().is_some());
        if valid(&lo) && valid(&hi) {
            e.minimum = lo;
            e.maximum = hi;
        } else {
            self.warn(
                "wrong-type",
                ptr,
                "integer bounds beyond the 64-bit range are dropped",
            );
        }
        self.check_bounds(&mut e, ptr);
        if s.get("multipleOf").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "multipleOf"),
                "`multipleOf` is not checked; ignored",
            );
        }
        if let Some(list) = s.get("enum").and_then(Doc::as_array) {
            let ints: Vec<&Doc> = list.iter().filter(|v| **v != Doc::Null).collect();
            if list.contains(&Doc::Null) {
                annot.nullable = true;
            }
            if ints.len() == 1 && ints[0].as_number().and_then(|n| n.as_i64()).is_some() {
                e.const_value = Some(ints[0].clone());
            } else if !ints.is_empty() {
                // Integer enums are not in the schema language: the Rust type stays an
                // integer (a one_of of constants would deserialize every number into its
                // first variant), and the values go into the documentation.
                let text = ints
                    .iter()
                    .map(|v| v.to_json().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.warn(
                    "integer-enum",
                    &join(ptr, "enum"),
                    format!("integer enum [{text}] is imported as a plain integer; the values are listed in the description"),
                );
                let note = format!("One of: {text}.");
                annot.description = Some(match annot.description.take() {
                    Some(d) => format!("{}\n\n{note}", d.trim_end()),
                    None => note,
                });
            }
        }
        if let Some(c) = s.get("const") {
            if c.as_number().and_then(|n| n.as_i64()).is_some() {
                e.const_value = Some(c.clone());
            }
        }
        (e, annot)
    }

    fn check_bounds(&mut self, e: &mut Expr, ptr: &str) {
        if let (Some(lo), Some(hi)) = (&e.minimum, &e.maximum) {
            if lo.as_f64().unwrap_or(0.0) > hi.as_f64().unwrap_or(0.0) {
                self.warn(
                    "impossible-constraint",
                    ptr,
                    format!("`minimum` {lo} is greater than `maximum` {hi}; both dropped"),
                );
                e.minimum = None;
                e.maximum = None;
            }
        }
    }

    fn number(&mut self, s: &Doc, ptr: &str, mut annot: Annot) -> (Expr, Annot) {
        let mut e = Expr::of("number");
        e.minimum = self.bound(s, ptr, "minimum");
        e.maximum = self.bound(s, ptr, "maximum");
        for key in ["exclusiveMinimum", "exclusiveMaximum"] {
            let v = match s.get(key) {
                Some(Doc::Bool(true)) => None,
                Some(Doc::Number(n)) => Some(normalize_number(n)),
                _ => continue,
            };
            if let Some(n) = v {
                if key == "exclusiveMinimum" {
                    e.minimum = Some(n);
                } else {
                    e.maximum = Some(n);
                }
            }
            self.warn(
                "unsupported-keyword",
                &join(ptr, key),
                format!("`{key}` is checked as an inclusive bound"),
            );
        }
        self.check_bounds(&mut e, ptr);
        if let Some(list) = s.get("enum").and_then(Doc::as_array) {
            if list.contains(&Doc::Null) {
                annot.nullable = true;
            }
            let nums: Vec<String> = list
                .iter()
                .filter(|v| **v != Doc::Null)
                .map(|v| v.to_json().to_string())
                .collect();
            if !nums.is_empty() {
                self.warn("number-enum", &join(ptr, "enum"), format!("number enum [{}] is imported as a plain number; the values are listed in the description", nums.join(", ")));
                let note = format!("One of: {}.", nums.join(", "));
                annot.description = Some(match annot.description.take() {
                    Some(d) => format!("{}\n\n{note}", d.trim_end()),
                    None => note,
                });
            }
        }
        if s.get("multipleOf").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "multipleOf"),
                "`multipleOf` is not checked; ignored",
            );
        }
        if s.get("const").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "const"),
                "`const` of a number is not in the schema language; ignored",
            );
        }
        (e, annot)
    }

    fn boolean(&mut self, s: &Doc, mut annot: Annot) -> (Expr, Annot) {
        let mut e = Expr::of("boolean");
        if let Some(list) = s.get("enum").and_then(Doc::as_array) {
            if list.contains(&Doc::Null) {
                annot.nullable = true;
            }
            let bools: Vec<&Doc> = list.iter().filter(|v| matches!(v, Doc::Bool(_))).collect();
            if bools.len() == 1 {
                e.const_value = Some(bools[0].clone());
            }
        }
        if let Some(c @ Doc::Bool(_)) = s.get("const") {
            e.const_value = Some(c.clone());
        }
        (e, annot)
    }

    fn array(&mut self, s: &Doc, ptr: &str, target: &Target, annot: Annot) -> (Expr, Annot) {
        let mut e = Expr::of("array");
        let hint = match target {
            Target::Inline(h) => format!("{h}Item"),
            Target::Component(i) => self.hint_in(*i, "Item"),
        };
        let items = match s.get("items") {
            Some(items @ (Doc::Object(_) | Doc::Bool(_))) => {
                let (ie, ia) = self.convert(items, &join(ptr, "items"), Target::Inline(hint));
                if ia.nullable && ie.name != "any" {
                    self.warn(
                        "nullable-dropped",
                        &join(ptr, "items"),
                        "array items cannot be `null` in the schema language; `nullable` dropped",
                    );
                }
                ie
            }
            Some(other) => {
                self.warn(
                    "wrong-type",
                    &join(ptr, "items"),
                    format!(
                        "`items` must be a schema, found {}; imported as `any`",
                        other.kind_name()
                    ),
                );
                Expr::any()
            }
            None => Expr::any(),
        };
        if s.get("prefixItems").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "prefixItems"),
                "tuples (`prefixItems`) are not supported; the items are `any`",
            );
        }
        if s.get("uniqueItems").and_then(Doc::as_bool) == Some(true) {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "uniqueItems"),
                "`uniqueItems` is not checked; ignored",
            );
        }
        e.items = Some(Box::new(items));
        e.min_items = self.count(s, ptr, "minItems");
        e.max_items = self.count(s, ptr, "maxItems");
        if let (Some(lo), Some(hi)) = (e.min_items, e.max_items) {
            if lo > hi {
                self.warn(
                    "impossible-constraint",
                    ptr,
                    format!("`minItems` {lo} is greater than `maxItems` {hi}; both dropped"),
                );
                e.min_items = None;
                e.max_items = None;
            }
        }
        (e, annot)
    }

    fn object(&mut self, s: &Doc, ptr: &str, target: &Target, annot: Annot) -> (Expr, Annot) {
        let props = s.get("properties");
        let props_list: &[(String, Doc)] = match props {
            Some(Doc::Object(p)) => p,
            Some(other) => {
                self.warn(
                    "wrong-type",
                    &join(ptr, "properties"),
                    format!(
                        "`properties` must be an object, found {}; ignored",
                        other.kind_name()
                    ),
                );
                &[]
            }
            None => &[],
        };
        let additional: Option<&Doc> = match s.get("additionalProperties") {
            None | Some(Doc::Bool(false)) => None,
            Some(d @ (Doc::Bool(true) | Doc::Object(_))) => Some(d),
            Some(other) => {
                self.warn(
                    "wrong-type",
                    &join(ptr, "additionalProperties"),
                    format!(
                        "`additionalProperties` must be a boolean or a schema, found {}; ignored",
                        other.kind_name()
                    ),
                );
                None
            }
        };
        for key in ["minProperties", "maxProperties"] {
            if s.get(key).is_some() {
                self.warn(
                    "unsupported-keyword",
                    &join(ptr, key),
                    format!("`{key}` is not checked; ignored"),
                );
            }
        }
        if s.get("patternProperties").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "patternProperties"),
                "`patternProperties` is not supported; ignored",
            );
        }
        let hint_base = match target {
            Target::Inline(h) => h.clone(),
            Target::Component(i) => self.hint_in(*i, ""),
        };
        if props_list.is_empty() {
            let map_of = match (additional, target) {
                (Some(v), _) => Some(v),
                (None, Target::Inline(_)) => Some(&Doc::Bool(true)),
                (None, Target::Component(_)) => None,
            };
            if let Some(v) = map_of {
                let mut e = Expr::of("map");
                let (ve, va) = self.convert(
                    v,
                    &join(ptr, "additionalProperties"),
                    Target::Inline(format!("{hint_base}Value")),
                );
                if va.nullable && ve.name != "any" {
                    self.warn(
                        "nullable-dropped",
                        &join(ptr, "additionalProperties"),
                        "map values cannot be `null` in the schema language; `nullable` dropped",
                    );
                }
                e.values = Some(Box::new(ve));
                return (e, annot);
            }
        } else if let Some(Doc::Object(a)) = additional {
            if !a.is_empty() {
                self.warn("unsupported-keyword", &join(ptr, "additionalProperties"), "`additionalProperties` beside `properties` are not kept (unknown fields are ignored when reading)");
            }
        }
        let idx = self.define(target, ptr, s);
        let outer_parent = self.parent;
        self.parent = Some(idx);
        let required: Vec<String> = s
            .get("required")
            .and_then(Doc::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Doc::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut names = Names::new(false, "field", &[]);
        let pptr = join(ptr, "properties");
        for (wire, ps) in props_list {
            if *ps == Doc::Bool(false) {
                continue;
            }
            let fptr = join(&pptr, wire);
            let hint = self.hint_in(idx, &camel_words(wire));
            let (expr, fa) = self.convert(ps, &fptr, Target::Inline(hint));
            let (_, over) = names.claim(wire, fa.rust_name.as_deref());
            fields.push(FieldOut {
                wire: wire.clone(),
                rust_name: over,
                expr,
                required: required.contains(wire),
                annot: fa,
            });
        }
        for r in &required {
            if !props_list.iter().any(|(k, _)| k == r) {
                self.warn(
                    "unknown-required",
                    &join(ptr, "required"),
                    format!("required field `{r}` is not among the properties; ignored"),
                );
            }
        }
        self.parent = outer_parent;
        let rules = s.get(ext::RULES).cloned();
        let reject_unknown = matches!(s.get("additionalProperties"), Some(Doc::Bool(false)));
        self.types[idx].kind = Kind::Object {
            fields,
            rules,
            reject_unknown,
        };
        (self.named(idx), annot)
    }

    // ---- operations --------------------------------------------------------------------------

    fn operations(
        &mut self,
        auth_names: &HashMap<String, String>,
        api_ct: &[String],
        api_headers: &[String],
        header_refs: Vec<(String, String)>,
    ) -> Vec<(String, Doc)> {
        let root = self.root;
        let mut out: Vec<(String, Doc)> = Vec::new();
        let Some(paths) = root.get("paths") else {
            return out;
        };
        let Some(paths) = paths.as_object() else {
            self.warn("wrong-type", "/paths", "`paths` must be an object; ignored");
            return out;
        };
        let global_security = root.get("security");
        if root
            .get("webhooks")
            .and_then(Doc::as_object)
            .is_some_and(|w| !w.is_empty())
        {
            self.warn(
                "unsupported-keyword",
                "/webhooks",
                "webhooks are not imported",
            );
        }
        let any_security = global_security.is_some()
            || paths.iter().any(|(_, item)| {
                item.as_object()
                    .is_some_and(|ops| ops.iter().any(|(_, op)| op.get("security").is_some()))
            });
        if !any_security && !auth_names.is_empty() {
            self.warn(
                "no-security",
                "/components/securitySchemes",
                "auth schemes are declared but no operation requires one; every operation accepts every scheme",
            );
        }
        // Collect the operations first, so that explicit operationIds are claimed before any
        // name is derived from a method and path.
        struct Found<'d> {
            path: &'d str,
            method: &'d str,
            op: &'d Doc,
            shared: Option<&'d Doc>,
            ptr: String,
        }
        let mut found: Vec<Found<'a>> = Vec::new();
        for (path, item) in paths {
            let iptr = join("/paths", path);
            if path.starts_with("x-") {
                continue;
            }
            if !path.starts_with('/') {
                self.warn(
                    "invalid-path",
                    &iptr,
                    format!("path `{path}` does not start with `/`; ignored"),
                );
                continue;
            }
            let Some((item, iptr)) = self.resolve_local(item, &iptr) else {
                continue;
            };
            let Some(entries) = item.as_object() else {
                self.warn(
                    "wrong-type",
                    &iptr,
                    "a path item must be an object; ignored",
                );
                continue;
            };
            let shared = item.get("parameters");
            for (method, op) in entries {
                let optr = join(&iptr, method);
                match method.as_str() {
                    "get" | "put" | "post" | "delete" | "patch" => {}
                    "head" | "options" | "trace" => {
                        self.warn(
                            "unsupported-method",
                            &optr,
                            format!(
                                "{} operations are not supported; ignored",
                                method.to_ascii_uppercase()
                            ),
                        );
                        continue;
                    }
                    "servers" => {
                        self.warn(
                            "unsupported-keyword",
                            &optr,
                            "servers of one path are not supported; the API's servers are used",
                        );
                        continue;
                    }
                    "parameters" | "summary" | "description" | "$ref" => continue,
                    m if m.starts_with("x-") => continue,
                    other => {
                        self.warn(
                            "unknown-key",
                            &optr,
                            format!("`{other}` is not an HTTP method; ignored"),
                        );
                        continue;
                    }
                }
                if op.as_object().is_none() {
                    self.warn(
                        "wrong-type",
                        &optr,
                        "an operation must be an object; ignored",
                    );
                    continue;
                }
                found.push(Found {
                    path,
                    method,
                    op,
                    shared,
                    ptr: optr,
                });
            }
        }
        let mut op_names = Names::new(false, "operation", &[]);
        let mut keys: Vec<Option<String>> = Vec::with_capacity(found.len());
        let mut taken: HashSet<String> = HashSet::new();
        for f in &found {
            // The operation's key: its operationId when that gives a distinct method name.
            let given =
                f.op.get("operationId")
                    .and_then(Doc::as_str)
                    .filter(|s| !s.is_empty());
            let key = given.filter(|id| {
                !taken.contains(*id) && ident::snake(id).is_some_and(|r| op_names.free(&r))
            });
            if let Some(id) = key {
                op_names.claim(id, None);
                taken.insert(id.to_string());
            }
            keys.push(key.map(str::to_string));
        }
        for (f, key) in found.iter().zip(keys) {
            let key = match key {
                Some(k) => k,
                None => {
                    let derived = derive_operation_name(f.method, f.path);
                    let (rust, _) = op_names.claim(&derived, None);
                    let mut name = ident::unraw(&rust).to_string();
                    while taken.contains(&name) {
                        let (rust, _) = op_names.claim(&name, None);
                        name = ident::unraw(&rust).to_string();
                    }
                    if let Some(id) = f.op.get("operationId").and_then(Doc::as_str) {
                        self.warn("renamed", &join(&f.ptr, "operationId"), format!("operationId `{id}` is used twice or has no Rust name; this operation is named `{name}`"));
                    }
                    taken.insert(name.clone());
                    name
                }
            };
            let upper = f.method.to_ascii_uppercase();
            let entry = self.operation(
                &key,
                &upper,
                f.path,
                f.op,
                f.shared,
                &f.ptr,
                auth_names,
                global_security,
                any_security,
                api_ct,
                api_headers,
                &header_refs,
            );
            out.push((key, entry));
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        key: &str,
        method: &str,
        path: &str,
        op: &Doc,
        shared: Option<&Doc>,
        optr: &str,
        auth_names: &HashMap<String, String>,
        global_security: Option<&Doc>,
        any_security: bool,
        api_ct: &[String],
        api_headers: &[String],
        header_refs: &[(String, String)],
    ) -> Doc {
        let op_camel = camel_words(key);
        let mut entry: Vec<(String, Doc)> = Vec::new();
        let description = op
            .get("description")
            .and_then(Doc::as_str)
            .filter(|d| !d.trim().is_empty());
        let summary = op
            .get("summary")
            .and_then(Doc::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .or_else(|| description.map(first_sentence))
            .unwrap_or_else(|| format!("{method} {path}"));
        entry.push(("summary".into(), Doc::String(summary)));
        if let Some(d) = description {
            entry.push(("description".into(), Doc::String(d.to_string())));
        }
        entry.push(("method".into(), Doc::String(method.to_string())));
        entry.push(("path".into(), Doc::String(path.to_string())));
        // Auth: the operation's requirement, else the document's; no requirement anywhere
        // means every scheme (the schema language's default).
        let security = op.get("security").or(global_security);
        if any_security {
            let sptr = if op.get("security").is_some() {
                join(optr, "security")
            } else {
                "/security".to_string()
            };
            let mut list: Vec<String> = Vec::new();
            match security {
                None => {}
                Some(Doc::Array(reqs)) => {
                    for (i, r) in reqs.iter().enumerate() {
                        let Some(names) = r.as_object() else { continue };
                        if names.len() > 1 {
                            self.warn("unsupported-auth", &format!("{sptr}/{i}"), "a requirement of several schemes at once is imported as any one of them");
                        }
                        for (n, _) in names {
                            match auth_names.get(n) {
                                Some(m) if !list.contains(m) => list.push(m.clone()),
                                Some(_) => {}
                                None => {
                                    if self
                                        .root
                                        .get("components")
                                        .and_then(|c| c.get("securitySchemes"))
                                        .and_then(|s| s.get(n))
                                        .is_none()
                                    {
                                        self.warn(
                                            "unknown-auth",
                                            &format!("{sptr}/{i}"),
                                            format!(
                                                "security scheme `{n}` is not declared; ignored"
                                            ),
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
                Some(other) => self.warn(
                    "wrong-type",
                    &sptr,
                    format!("`security` must be an array, found {}", other.kind_name()),
                ),
            }
            entry.push((
                "auth".into(),
                Doc::Array(list.into_iter().map(Doc::String).collect()),
            ));
        }
        if op.get("deprecated").and_then(Doc::as_bool) == Some(true) {
            entry.push(("deprecated".into(), Doc::Bool(true)));
        }
        if op.get("servers").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(optr, "servers"),
                "servers of one operation are not supported; the API's servers are used",
            );
        }
        if op.get("callbacks").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(optr, "callbacks"),
                "callbacks are not supported; ignored",
            );
        }
        // Parameters: the path item's, overridden by the operation's (by name and location).
        let mut raw: Vec<(String, &Doc)> = Vec::new();
        for (base, list) in [(None, shared), (Some(optr), op.get("parameters"))] {
            let Some(list) = list else { continue };
            let lptr = match base {
                Some(b) => join(b, "parameters"),
                None => join(optr.rsplit_once('/').map_or(optr, |x| x.0), "parameters"),
            };
            let Some(items) = list.as_array() else {
                self.warn(
                    "wrong-type",
                    &lptr,
                    "`parameters` must be an array; ignored",
                );
                continue;
            };
            for (i, p) in items.iter().enumerate() {
                let pptr = format!("{lptr}/{i}");
                if let Some(r) = p.get("$ref").and_then(Doc::as_str) {
                    if header_refs.iter().any(|(_, hr)| hr == r) {
                        continue;
                    }
                }
                let Some((resolved, pptr)) = self.resolve_local(p, &pptr) else {
                    continue;
                };
                let (Some(name), Some(loc)) = (
                    resolved.get("name").and_then(Doc::as_str),
                    resolved.get("in").and_then(Doc::as_str),
                ) else {
                    self.warn(
                        "wrong-type",
                        &pptr,
                        "a parameter needs `name` and `in`; ignored",
                    );
                    continue;
                };
                raw.retain(|(_, q)| {
                    !(q.get("name").and_then(Doc::as_str) == Some(name)
                        && q.get("in").and_then(Doc::as_str) == Some(loc))
                });
                raw.push((pptr, resolved));
            }
        }
        let template = template_names(path);
        let mut params: Vec<(String, Doc)> = Vec::new();
        let mut names = Names::new(false, "param", &[]);
        for h in api_headers {
            names.claim(h, None);
        }
        for (pptr, p) in raw {
            let name = p
                .get("name")
                .and_then(Doc::as_str)
                .unwrap_or("")
                .to_string();
            let loc = p.get("in").and_then(Doc::as_str).unwrap_or("");
            match loc {
                "path" | "query" | "header" => {}
                "cookie" => {
                    self.warn(
                        "unsupported-parameter",
                        &pptr,
                        format!("cookie parameter `{name}` is not supported; ignored"),
                    );
                    continue;
                }
                other => {
                    self.warn(
                        "wrong-type",
                        &pptr,
                        format!("parameter location `{other}` is not valid; ignored"),
                    );
                    continue;
                }
            }
            if loc == "header"
                && ["accept", "content-type", "authorization"]
                    .contains(&name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            if loc == "path" && !template.contains(&name) {
                self.warn(
                    "unused-path-parameter",
                    &pptr,
                    format!("path parameter `{name}` is not in the path `{path}`; ignored"),
                );
                continue;
            }
            if params.iter().any(|(n, _)| *n == name) || api_headers.contains(&name) {
                self.warn("duplicate-parameter", &pptr, format!("a second parameter named `{name}` (in another location) cannot be expressed; ignored"));
                continue;
            }
            let hint = format!("{op_camel}{}", camel_words(&name));
            let Some((mut body, _)) = self.param_entry(p, &pptr, &hint, true, &mut names) else {
                continue;
            };
            if let Doc::Object(e) = &mut body {
                if loc == "path" {
                    e.retain(|(k, _)| k != "required");
                }
            }
            params.push((name, body));
        }
        for t in &template {
            if !params.iter().any(|(n, _)| n == t) {
                self.warn(
                    "undeclared-path-parameter",
                    optr,
                    format!("the path uses `{{{t}}}`, which is not declared; declared as a string"),
                );
                let (_, over) = names.claim(t, None);
                let mut e = vec![
                    ("in".to_string(), Doc::String("path".into())),
                    ("type".into(), Doc::String("string".into())),
                ];
                if let Some(o) = over {
                    e.push(("rust_name".into(), Doc::String(o)));
                }
                params.push((t.clone(), Doc::Object(e)));
            }
        }
        if !params.is_empty() {
            entry.push(("parameters".into(), Doc::Object(params)));
        }
        if let Some(rb) = op.get("requestBody") {
            let rptr = join(optr, "requestBody");
            if let Some((rb, rptr)) = self.resolve_local(rb, &rptr) {
                if let Some(req) = self.request(rb, &rptr, &op_camel, api_ct) {
                    entry.push(("request".into(), req));
                }
            }
        }
        let mut responses: Vec<(String, Doc)> = Vec::new();
        match op.get("responses") {
            Some(Doc::Object(rs)) => {
                let mut first_success = true;
                for (status, r) in rs {
                    let rptr = join(&join(optr, "responses"), status);
                    if status.starts_with("x-") {
                        continue;
                    }
                    let valid = status == "default"
                        || (status.len() == 3
                            && status
                                .parse::<u16>()
                                .is_ok_and(|c| (100..=599).contains(&c)));
                    if !valid {
                        self.warn("unsupported-status", &rptr, format!("status `{status}` is not supported (only three-digit codes and `default`); ignored"));
                        continue;
                    }
                    let Some((r, rptr)) = self.resolve_local(r, &rptr) else {
                        continue;
                    };
                    if r.get(ext::SYNTHETIC).and_then(Doc::as_bool) == Some(true) {
                        continue;
                    }
                    let hint = if status.starts_with('2') && first_success {
                        first_success = false;
                        format!("{op_camel}Response")
                    } else if status == "default" {
                        format!("{op_camel}DefaultResponse")
                    } else {
                        format!("{op_camel}Response{status}")
                    };
                    responses.push((
                        status.clone(),
                        self.response(r, &rptr, &hint, status, api_ct),
                    ));
                }
            }
            Some(other) => self.warn(
                "wrong-type",
                &join(optr, "responses"),
                format!("`responses` must be an object, found {}", other.kind_name()),
            ),
            None => self.warn(
                "missing-responses",
                optr,
                "the operation documents no responses",
            ),
        }
        entry.push(("responses".into(), Doc::Object(responses)));
        Doc::Object(entry)
    }

    /// A parameter (or API header) entry: the type expression with `in`, `required`, ...
    fn param_entry(
        &mut self,
        p: &Doc,
        ptr: &str,
        hint: &str,
        with_in: bool,
        names: &mut Names,
    ) -> Option<(Doc, bool)> {
        let name = p.get("name").and_then(Doc::as_str)?;
        let loc = p.get("in").and_then(Doc::as_str).unwrap_or("query");
        let schema = match (p.get("schema"), p.get("content").and_then(Doc::as_object)) {
            (Some(s), _) => Some((s.clone(), join(ptr, "schema"))),
            (None, Some(content)) => content.first().and_then(|(mt, m)| {
                m.get("schema")
                    .map(|s| (s.clone(), join(&join(&join(ptr, "content"), mt), "schema")))
            }),
            (None, None) => None,
        };
        let (expr, annot) = match schema {
            Some((s, sptr)) => self.convert(&s, &sptr, Target::Inline(hint.to_string())),
            None => {
                self.warn(
                    "missing-schema",
                    ptr,
                    format!("parameter `{name}` has no schema; imported as a string"),
                );
                (Expr::of("string"), Annot::default())
            }
        };
        let mut e: Vec<(String, Doc)> = Vec::new();
        if with_in {
            e.push(("in".into(), Doc::String(loc.to_string())));
        }
        e.push(("type".into(), Doc::String(expr.name.clone())));
        e.extend(expr.attrs());
        let required = p.get("required").and_then(Doc::as_bool) == Some(true) || loc == "path";
        if required {
            e.push(("required".into(), Doc::Bool(true)));
        }
        let mut description = p
            .get("description")
            .and_then(Doc::as_str)
            .filter(|d| !d.trim().is_empty())
            .map(str::to_string)
            .or(annot.description.clone());
        if let Some(d) = &annot.default {
            let note = format!(
                "Defaults to `{}`.",
                match d {
                    Doc::String(s) => s.clone(),
                    other => other.to_json().to_string(),
                }
            );
            description = Some(match description {
                Some(x) => format!("{} {note}", x.trim_end()),
                None => note,
            });
        }
        if let Some(d) = description {
            e.push(("description".into(), Doc::String(d)));
        }
        let example = p.get("example").cloned().or(annot.example.clone());
        if let Some(x) = example {
            e.push(("example".into(), x));
        }
        let hint_name = p
            .get(ext::RUST_NAME)
            .and_then(Doc::as_str)
            .map(str::to_string);
        let (_, over) = names.claim(name, hint_name.as_deref());
        if let Some(o) = over {
            e.push(("rust_name".into(), Doc::String(o)));
        }
        Some((Doc::Object(e), required))
    }

    /// Picks the media type whose schema becomes the body, and the content types that share
    /// that schema.
    fn media(
        &mut self,
        content: &[(String, Doc)],
        ptr: &str,
    ) -> Option<(Doc, String, Vec<String>)> {
        let rank = |mt: &str| {
            let m = mt.to_ascii_lowercase();
            if m == "application/json" {
                0
            } else if m.contains("json") {
                1
            } else if m == "application/x-www-form-urlencoded" {
                2
            } else if m == "multipart/form-data" {
                3
            } else {
                4
            }
        };
        let (mt, m) = content.iter().min_by_key(|(mt, _)| rank(mt))?;
        let schema = m.get("schema").cloned().unwrap_or(Doc::Object(Vec::new()));
        let sptr = join(&join(&join(ptr, "content"), mt), "schema");
        let same: Vec<String> = content
            .iter()
            .filter(|(_, other)| {
                other
                    .get("schema")
                    .cloned()
                    .unwrap_or(Doc::Object(Vec::new()))
                    == schema
            })
            .map(|(k, _)| k.clone())
            .collect();
        if same.len() < content.len() {
            self.warn(
                "unsupported-content",
                &join(ptr, "content"),
                format!("only the body of `{mt}` is imported; content types with other schemas are dropped"),
            );
        }
        Some((schema, sptr, same))
    }

    fn request(&mut self, rb: &Doc, ptr: &str, op_camel: &str, api_ct: &[String]) -> Option<Doc> {
        let content = rb.get("content").and_then(Doc::as_object).unwrap_or(&[]);
        let Some((schema, sptr, cts)) = self.media(content, ptr) else {
            self.warn(
                "missing-schema",
                ptr,
                "the request body has no content; ignored",
            );
            return None;
        };
        let (expr, annot) =
            self.convert(&schema, &sptr, Target::Inline(format!("{op_camel}Request")));
        if annot.nullable {
            self.warn(
                "nullable-dropped",
                &sptr,
                "a request body cannot be `null` in the schema language; `nullable` dropped",
            );
        }
        let mut e = vec![("body".to_string(), expr.to_doc())];
        if rb.get("required").and_then(Doc::as_bool) != Some(true) {
            e.push(("required".into(), Doc::Bool(false)));
        }
        if cts != api_ct {
            e.push((
                "content_types".into(),
                Doc::Array(cts.into_iter().map(Doc::String).collect()),
            ));
        }
        Some(Doc::Object(e))
    }

    fn response(&mut self, r: &Doc, ptr: &str, hint: &str, status: &str, api_ct: &[String]) -> Doc {
        let description = r
            .get("description")
            .and_then(Doc::as_str)
            .filter(|d| !d.trim().is_empty())
            .map_or_else(|| format!("Status {status}."), str::to_string);
        let mut e = vec![("description".to_string(), Doc::String(description))];
        if let Some(content) = r
            .get("content")
            .and_then(Doc::as_object)
            .filter(|c| !c.is_empty())
        {
            if let Some((schema, sptr, cts)) = self.media(content, ptr) {
                let (expr, annot) = self.convert(&schema, &sptr, Target::Inline(hint.to_string()));
                if annot.nullable && expr.name != "any" {
                    self.warn("nullable-dropped", &sptr, "a response body cannot be `null` in the schema language; `nullable` dropped");
                }
                e.push(("body".into(), expr.to_doc()));
                if cts != api_ct {
                    e.push((
                        "content_types".into(),
                        Doc::Array(cts.into_iter().map(Doc::String).collect()),
                    ));
                }
            }
        }
        Doc::Object(e)
    }

    // ---- after everything is converted ---------------------------------------------------

    /// A tagged union's variants must be objects without the tag field: strip the tag from
    /// variant types only used in unions, copy the others; unions whose variants are not
    /// objects become untagged unions.
    fn finish_unions(&mut self) {
        for u in self.unions.clone() {
            let Kind::Union { tag, variants } = self.types[u].kind.clone() else {
                continue;
            };
            let all_objects = variants.iter().all(|(_, n)| {
                self.by_name
                    .get(n)
                    .is_some_and(|i| matches!(self.types[*i].kind, Kind::Object { .. }))
            });
            if !all_objects {
                let ptr = self.types[u].pointer.clone();
                self.warn("untagged-union", &ptr, "a variant of the discriminated union is not an object; imported as an untagged union");
                let mut names = Names::new(true, "Variant", &[]);
                let vs = variants
                    .iter()
                    .map(|(v, n)| {
                        let (rust, _) = names.claim(v, None);
                        *self.refs.entry(n.clone()).or_default() += 1;
                        (ident::unraw(&rust).to_string(), Expr::of(n))
                    })
                    .collect();
                self.types[u].kind = Kind::OneOf { variants: vs };
                continue;
            }
            let mut new_variants = Vec::new();
            for (value, name) in variants {
                let vi = self.by_name[&name];
                let has_tag = matches!(&self.types[vi].kind, Kind::Object { fields, .. } if fields.iter().any(|f| f.wire == tag));
                let only_here = self.refs.get(&name).copied().unwrap_or(0) == 0
                    && self.variant_tags.get(&name).is_some_and(|t| t.len() == 1);
                if !has_tag || only_here {
                    if let Kind::Object { fields, .. } = &mut self.types[vi].kind {
                        fields.retain(|f| f.wire != tag);
                    }
                    new_variants.push((value, name));
                } else {
                    let copy_name = format!(
                        "{}{}Variant",
                        ident::unraw(&self.types[vi].rust),
                        camel_words(&tag)
                    );
                    let existing = self
                        .by_name
                        .get(&copy_name)
                        .copied()
                        .filter(|i| self.types[*i].pointer == self.types[vi].pointer);
                    let ci = match existing {
                        Some(ci) => ci,
                        None => {
                            let pointer = self.types[vi].pointer.clone();
                            let parent = self.parent;
                            self.parent = Some(vi);
                            let ci = self.add_type(&copy_name, None, &pointer, true);
                            self.parent = parent;
                            let mut kind = self.types[vi].kind.clone();
                            if let Kind::Object { fields, rules, .. } = &mut kind {
                                fields.retain(|f| f.wire != tag);
                                let mentions_tag = rules.as_ref().is_some_and(|r| {
                                    format!("{r:?}").contains(&format!("{tag:?}"))
                                });
                                if mentions_tag {
                                    *rules = None;
                                }
                            }
                            self.types[ci].kind = kind;
                            self.types[ci].description = self.types[vi].description.clone();
                            ci
                        }
                    };
                    new_variants.push((value, self.types[ci].name.clone()));
                }
            }
            self.types[u].kind = Kind::Union {
                tag,
                variants: new_variants,
            };
        }
    }

    /// Cross-field rules (`x-schemagen-rules`) are passed through only when they are well
    /// formed and name fields of their object with values those fields can hold.
    fn check_rules(&mut self) {
        for ti in 0..self.types.len() {
            let Kind::Object {
                fields,
                rules: Some(rules),
                ..
            } = &self.types[ti].kind
            else {
                continue;
            };
            let list: Vec<Doc> = rules.as_array().map(<[Doc]>::to_vec).unwrap_or_default();
            let total = if matches!(rules, Doc::Array(_)) {
                list.len()
            } else {
                1
            };
            let kept: Vec<Doc> = list
                .into_iter()
                .filter(|r| self.rule_ok(r, fields))
                .map(|r| {
                    // The schema language's order: what, when, severity, code, message.
                    let order = [
                        "forbidden",
                        "required",
                        "precedence",
                        "when",
                        "severity",
                        "code",
                        "message",
                    ];
                    let mut e = r.as_object().map(<[_]>::to_vec).unwrap_or_default();
                    e.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
                    Doc::Object(e)
                })
                .collect();
            let ptr = join(&self.types[ti].pointer, ext::RULES);
            if kept.len() < total {
                self.warn(
                    "invalid-rule",
                    &ptr,
                    format!(
                        "{} of {total} rule(s) are malformed or name unknown fields; dropped",
                        total - kept.len()
                    ),
                );
            }
            if let Kind::Object { rules, .. } = &mut self.types[ti].kind {
                *rules = (!kept.is_empty()).then_some(Doc::Array(kept));
            }
        }
    }

    fn rule_ok(&self, r: &Doc, fields: &[FieldOut]) -> bool {
        let Some(entries) = r.as_object() else {
            return false;
        };
        let field = |n: Option<&Doc>| -> Option<&FieldOut> {
            let n = n?.as_str()?;
            fields.iter().find(|f| f.wire == n)
        };
        let names_ok = |v: Option<&Doc>| -> bool {
            v.and_then(Doc::as_array)
                .is_some_and(|a| !a.is_empty() && a.iter().all(|x| field(Some(x)).is_some()))
        };
        let mut kinds = 0;
        let mut needs_when = false;
        for (k, v) in entries {
            let ok = match k.as_str() {
                "forbidden" | "required" => {
                    kinds += 1;
                    needs_when = true;
                    names_ok(Some(v))
                }
                "precedence" => {
                    kinds += 1;
                    field(v.get("winner")).is_some()
                        && field(v.get("over")).is_some()
                        && v.as_object().is_some_and(|o| o.len() == 2)
                }
                "when" => {
                    let Some(f) = field(v.get("field")) else {
                        return false;
                    };
                    let tests: Vec<&(String, Doc)> = v
                        .as_object()
                        .unwrap_or(&[])
                        .iter()
                        .filter(|(k, _)| k != "field")
                        .collect();
                    match tests.as_slice() {
                        [(k, x)] if k == "equals" => self.fits(&f.expr, x, 0),
                        [(k, Doc::Array(xs))] if k == "one_of" => {
                            xs.iter().all(|x| self.fits(&f.expr, x, 0))
                        }
                        [(k, Doc::Bool(_))] if k == "present" => true,
                        _ => false,
                    }
                }
                "severity" => matches!(v.as_str(), Some("warning" | "error")),
                "code" => v.as_str().is_some_and(|c| {
                    !c.is_empty()
                        && c.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                        })
                }),
                "message" => v.as_str().is_some(),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        let has_when = entries.iter().any(|(k, _)| k == "when");
        kinds == 1 && needs_when == has_when
    }

    /// Defaults that do not fit their field's type would fail loading: drop them.
    fn check_defaults(&mut self) {
        let mut drops: Vec<(usize, usize)> = Vec::new();
        for (ti, t) in self.types.iter().enumerate() {
            if let Kind::Object { fields, .. } = &t.kind {
                for (fi, f) in fields.iter().enumerate() {
                    if let Some(d) = &f.annot.default {
                        if !self.fits(&f.expr, d, 0) {
                            drops.push((ti, fi));
                        }
                    }
                }
            }
        }
        for (ti, fi) in drops {
            let ptr = self.types[ti].pointer.clone();
            if let Kind::Object { fields, .. } = &mut self.types[ti].kind {
                let f = &mut fields[fi];
                let wire = f.wire.clone();
                f.annot.default = None;
                self.warn(
                    "default-dropped",
                    &join(&join(&ptr, "properties"), &wire),
                    format!("the default of `{wire}` does not fit its type; dropped"),
                );
            }
        }
    }

    fn fits(&self, e: &Expr, v: &Doc, depth: usize) -> bool {
        if depth > 16 {
            return true;
        }
        match (e.name.as_str(), v) {
            ("any", _) => true,
            ("string", Doc::String(_)) | ("boolean", Doc::Bool(_)) => true,
            ("int32", Doc::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            ("int64" | "integer", Doc::Number(n)) => n.as_i64().is_some(),
            ("number", Doc::Number(_)) => true,
            ("array", Doc::Array(xs)) => e
                .items
                .as_ref()
                .is_none_or(|i| xs.iter().all(|x| self.fits(i, x, depth + 1))),
            ("map", Doc::Object(m)) => e
                .values
                .as_ref()
                .is_none_or(|i| m.iter().all(|(_, x)| self.fits(i, x, depth + 1))),
            (name, _) if !BUILTINS.contains(&name) => {
                match self.by_name.get(name).map(|i| &self.types[*i].kind) {
                    Some(Kind::Enum { values, open, .. }) => match v {
                        Doc::String(s) => *open || values.iter().any(|x| x.wire == *s),
                        _ => false,
                    },
                    Some(Kind::Alias(inner)) => self.fits(inner, v, depth + 1),
                    Some(Kind::OneOf { variants }) => {
                        variants.iter().any(|(_, x)| self.fits(x, v, depth + 1))
                    }
                    Some(Kind::Object { .. } | Kind::Union { .. }) => matches!(v, Doc::Object(_)),
                    Some(Kind::Pending) | None => true,
                }
            }
            _ => false,
        }
    }

    fn types_doc(&self) -> Vec<(String, Doc)> {
        let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut roots = Vec::new();
        for (i, t) in self.types.iter().enumerate() {
            if t.skip {
                continue;
            }
            match t.parent.filter(|p| *p != i && !self.types[*p].skip) {
                Some(p) => children.entry(p).or_default().push(i),
                None => roots.push(i),
            }
        }
        let mut order = Vec::new();
        let mut seen = vec![false; self.types.len()];
        fn walk(
            i: usize,
            children: &BTreeMap<usize, Vec<usize>>,
            seen: &mut [bool],
            order: &mut Vec<usize>,
        ) {
            if seen[i] {
                return;
            }
            seen[i] = true;
            order.push(i);
            for c in children.get(&i).map(Vec::as_slice).unwrap_or(&[]) {
                walk(*c, children, seen, order);
            }
        }
        for r in roots {
            walk(r, &children, &mut seen, &mut order);
        }
        for (i, t) in self.types.iter().enumerate() {
            if !t.skip && !seen[i] {
                order.push(i);
            }
        }
        order
            .into_iter()
            .map(|i| (self.types[i].name.clone(), self.type_doc(&self.types[i])))
            .collect()
    }

    fn type_doc(&self, t: &TypeOut) -> Doc {
        let mut e: Vec<(String, Doc)> = Vec::new();
        if let Some(d) = &t.description {
            e.push(("description".into(), Doc::String(d.clone())));
        }
        if let Some(r) = &t.rust_override {
            e.push(("rust_name".into(), Doc::String(r.clone())));
        }
        if t.deprecated {
            e.push(("deprecated".into(), Doc::Bool(true)));
        }
        match &t.kind {
            Kind::Pending => {
                e.push(("type".into(), Doc::String("any".into())));
            }
            Kind::Alias(x) => {
                e.push(("type".into(), Doc::String(x.name.clone())));
                e.extend(x.attrs());
            }
            Kind::Object {
                fields,
                rules,
                reject_unknown,
            } => {
                let fs = fields
                    .iter()
                    .map(|f| (f.wire.clone(), field_doc(f)))
                    .collect();
                e.push(("fields".into(), Doc::Object(fs)));
                if let Some(r) = rules {
                    e.push(("rules".into(), r.clone()));
                }
                if *reject_unknown {
                    e.push(("unknown_fields".into(), Doc::String("reject".into())));
                }
            }
            Kind::Enum {
                values,
                open,
                default,
            } => {
                let vs = values
                    .iter()
                    .map(|v| {
                        if v.rust_name.is_none() && v.description.is_none() && !v.deprecated {
                            return Doc::String(v.wire.clone());
                        }
                        let mut m = vec![("value".to_string(), Doc::String(v.wire.clone()))];
                        if let Some(d) = &v.description {
                            m.push(("description".into(), Doc::String(d.clone())));
                        }
                        if let Some(r) = &v.rust_name {
                            m.push(("rust_name".into(), Doc::String(r.clone())));
                        }
                        if v.deprecated {
                            m.push(("deprecated".into(), Doc::Bool(true)));
                        }
                        Doc::Object(m)
                    })
                    .collect();
                e.push(("enum".into(), Doc::Array(vs)));
                if *open {
                    e.push(("open".into(), Doc::Bool(true)));
                }
                if let Some(d) = default {
                    e.push(("default".into(), Doc::String(d.clone())));
                }
            }
            Kind::Union { tag, variants } => {
                e.push((
                    "union".into(),
                    Doc::Object(vec![
                        ("tag".into(), Doc::String(tag.clone())),
                        (
                            "variants".into(),
                            Doc::Object(
                                variants
                                    .iter()
                                    .map(|(v, n)| (v.clone(), Doc::String(n.clone())))
                                    .collect(),
                            ),
                        ),
                    ]),
                ));
            }
            Kind::OneOf { variants } => {
                e.push((
                    "one_of".into(),
                    Doc::Object(
                        variants
                            .iter()
                            .map(|(v, x)| (v.clone(), x.to_doc()))
                            .collect(),
                    ),
                ));
            }
        }
        Doc::Object(e)
    }
}

fn field_doc(f: &FieldOut) -> Doc {
    let a = &f.annot;
    let plain = !f.required
        && !a.nullable
        && a.description.is_none()
        && a.default.is_none()
        && a.example.is_none()
        && !a.deprecated
        && !a.read_only
        && !a.write_only
        && a.since.is_none()
        && f.rust_name.is_none()
        && f.expr.is_bare();
    if plain {
        return Doc::String(f.expr.name.clone());
    }
    let mut e = vec![("type".to_string(), Doc::String(f.expr.name.clone()))];
    e.extend(f.expr.attrs());
    let mut flag = |k: &str, b: bool| {
        if b {
            e.push((k.to_string(), Doc::Bool(true)));
        }
    };
    flag("required", f.required);
    flag("nullable", a.nullable);
    flag("deprecated", a.deprecated);
    flag("read_only", a.read_only);
    flag("write_only", a.write_only);
    if let Some(d) = &a.description {
        e.push(("description".into(), Doc::String(d.clone())));
    }
    if let Some(d) = &a.default {
        e.push(("default".into(), d.clone()));
    }
    if let Some(x) = &a.example {
        e.push(("example".into(), x.clone()));
    }
    if let Some(r) = &f.rust_name {
        e.push(("rust_name".into(), Doc::String(r.clone())));
    }
    if let Some(s) = &a.since {
        e.push(("since".into(), Doc::String(s.clone())));
    }
    Doc::Object(e)
}

// ---- helpers ---------------------------------------------------------------------------------

/// A valid `api.name` from any text: snake_case, not a keyword.
fn module_name(candidate: &str) -> Option<String> {
    let s = ident::snake(candidate)?;
    let s = ident::unraw(&s).trim_start_matches('_').to_string();
    let s = if s.is_empty() || s.as_bytes()[0].is_ascii_digit() {
        format!("api_{s}")
    } else {
        s
    };
    let s = if ident::is_keyword(&s) || ["crate", "self", "super"].contains(&s.as_str()) {
        format!("{s}_api")
    } else {
        s
    };
    (ident::snake(&s).as_deref() == Some(s.as_str())).then_some(s)
}

/// A title that reads as a type name rather than prose.
fn is_identifier_like(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 80
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && t.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// The `{name}`s of a URL or path template.
fn template_names(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = rest[open + 1..open + close].to_string();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    out
}

/// `get` `/pets/{petId}/photos` → `get pets by petId photos`.
fn derive_operation_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_string()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(p) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push(format!("by {p}"));
        } else {
            words.push(seg.to_string());
        }
    }
    words.join(" ")
}

fn first_sentence(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("").trim();
    let end = line.find(". ").map_or(line.len(), |i| i + 1);
    let s = &line[..end];
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}...")
    } else {
        s.to_string()
    }
}

/// Removes the sentence the export appends to open enums.
fn strip_known_values(d: &str) -> String {
    match d.rfind("Known values: ") {
        Some(i) if d.ends_with("; other values may appear.") => d[..i].trim_end().to_string(),
        _ => d.to_string(),
    }
}

fn normalize_number(n: &serde_json::Number) -> serde_json::Number {
    if n.is_i64() || n.is_u64() {
        return n.clone();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => serde_json::Number::from(f as i64),
        _ => n.clone(),
    }
}

fn int_number(f: f64) -> serde_json::Number {
    if f.is_finite() && f.abs() < 9.2e18 {
        serde_json::Number::from(f as i64)
    } else {
        serde_json::Number::from_f64(f).unwrap_or_else(|| 0.into())
    }
}

fn single_string_value(s: &Doc) -> Option<String> {
    if let Some(Doc::String(c)) = s.get("const") {
        return Some(c.clone());
    }
    match s.get("enum").and_then(Doc::as_array) {
        Some([Doc::String(v)]) => Some(v.clone()),
        _ => None,
    }
}

/// `{type: "null"}`, `{enum: [null]}`, `{nullable: true}` alone, `{const: null}`.
fn is_null_schema(s: &Doc) -> bool {
    match s.get("type") {
        Some(Doc::String(t)) if t == "null" => return true,
        Some(Doc::Array(l)) if !l.is_empty() && l.iter().all(|t| t.as_str() == Some("null")) => {
            return true;
        }
        _ => {}
    }
    if let Some(Doc::Array(l)) = s.get("enum") {
        if !l.is_empty() && l.iter().all(|v| *v == Doc::Null) {
            return true;
        }
    }
    if s.get("const") == Some(&Doc::Null) {
        return true;
    }
    s.as_object().is_some_and(|e| {
        !e.is_empty()
            && e.iter()
                .all(|(k, v)| k == "nullable" && *v == Doc::Bool(true))
    })
}

/// Whether a component schema may be `null`.
fn is_nullable(s: &Doc) -> bool {
    if s.get("nullable").and_then(Doc::as_bool) == Some(true) {
        return true;
    }
    if let Some(Doc::Array(l)) = s.get("type") {
        if l.iter().any(|t| t.as_str() == Some("null")) {
            return true;
        }
    }
    if let Some(Doc::Array(l)) = s.get("enum") {
        if l.contains(&Doc::Null) {
            return true;
        }
    }
    ["oneOf", "anyOf"].iter().any(|k| {
        s.get(k)
            .and_then(Doc::as_array)
            .is_some_and(|alts| alts.iter().any(is_null_schema))
    })
}

/// An alternative that only says which fields are required (GitHub's "one of these fields").
fn constraint_only(a: &Doc) -> bool {
    a.as_object().is_some_and(|e| {
        e.iter().all(|(k, _)| {
            matches!(
                k.as_str(),
                "required" | "description" | "title" | "not" | "minProperties" | "maxProperties"
            )
        })
    })
}

/// Whether a schema is an object with fields (following references and `allOf`).
fn is_objectish(root: &Doc, s: &Doc, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    if let Some(r) = s.get("$ref").and_then(Doc::as_str) {
        return r
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .is_some_and(|t| is_objectish(root, t, depth + 1));
    }
    if s.get("properties").is_some() {
        return true;
    }
    if let Some(parts) = s.get("allOf").and_then(Doc::as_array) {
        return parts.iter().any(|p| is_objectish(root, p, depth + 1));
    }
    s.get("type").and_then(Doc::as_str) == Some("object")
        && s.get("additionalProperties")
            .is_none_or(|a| *a == Doc::Bool(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_collisions() {
        let mut n = Names::new(false, "field", &[]);
        assert_eq!(n.claim("StartTime", None), ("start_time".into(), None));
        assert_eq!(
            n.claim("StartTime<", None),
            ("start_time_lt".into(), Some("start_time_lt".into()))
        );
        assert_eq!(n.claim("start_time", None).1, Some("start_time_2".into()));
        assert_eq!(n.claim("type", None), ("r#type".into(), None));
        assert_eq!(n.claim("€", None).1, Some("field".into()));
    }

    #[test]
    fn module_names() {
        assert_eq!(
            module_name("Swagger Petstore").as_deref(),
            Some("swagger_petstore")
        );
        assert_eq!(module_name("Twilio - Api").as_deref(), Some("twilio_api"));
        assert_eq!(module_name("type").as_deref(), Some("type_api"));
        assert_eq!(module_name("3scale").as_deref(), Some("api_3scale"));
    }

    #[test]
    fn operation_names() {
        assert_eq!(
            ident::snake(&derive_operation_name("get", "/pets/{petId}")).as_deref(),
            Some("get_pets_by_pet_id")
        );
    }
}
