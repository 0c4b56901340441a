//! IR → OpenAPI 3.0.3, built with the `openapiv3` crate.
//!
//! Everything the schema language says is kept: what OpenAPI has a keyword for goes there, the
//! rest (Rust name overrides, open enums, cross-field rules, the module name, ...) goes into
//! `x-schemagen-*` extensions, so that importing an exported document gives the same IR back.

use super::{ext, patterns};
use crate::ident;
use crate::ir::AuthKind;
use crate::ir::*;
use openapiv3 as oa;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// An exported document and what could not be expressed in it.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The document.
    pub document: oa::OpenAPI,
    /// Things that were left out (e.g. two operations on one path and method): warnings
    /// located by a JSON pointer into the exported document.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

impl Exported {
    /// The document as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.document)
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
        s.push('\n');
        s
    }

    /// The document as YAML (keys in the same order as the JSON).
    pub fn to_yaml(&self) -> String {
        let json = serde_json::to_string(&self.document).unwrap_or_default();
        match super::doc::parse_json(&json) {
            Ok(doc) => super::doc::to_yaml(&doc),
            Err(e) => format!("# cannot render the document: {e}\n"),
        }
    }
}

/// Exports one API.
pub fn export(api: &ApiIr) -> Exported {
    let mut x = Exporter::new(api);
    let document = x.document();
    Exported {
        document,
        warnings: x.warnings,
    }
}

struct Exporter<'a> {
    api: &'a ApiIr,
    /// Schema name → component name.
    components: BTreeMap<String, String>,
    /// Header name → component parameter name.
    header_components: Vec<(String, String)>,
    /// Variant type → (tag field, tag values): the tag property is written into the type.
    tagged_in_place: BTreeMap<String, (String, Vec<String>)>,
    /// (union, tag value) → wrapper component carrying the tag, for variant types that are
    /// also used elsewhere.
    wrappers: BTreeMap<(String, String), String>,
    warnings: Vec<crate::diagnostics::Diagnostic>,
}

fn component_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

impl<'a> Exporter<'a> {
    fn new(api: &'a ApiIr) -> Self {
        let mut components = BTreeMap::new();
        let mut used = BTreeSet::new();
        for t in &api.types {
            let mut c = component_safe(&t.name);
            if c.is_empty() {
                c = "Type".to_string();
            }
            let base = c.clone();
            let mut n = 2;
            while !used.insert(c.clone()) {
                c = format!("{base}_{n}");
                n += 1;
            }
            components.insert(t.name.clone(), c);
        }
        let mut header_components = Vec::new();
        let mut used_params = BTreeSet::new();
        for h in &api.headers {
            let mut c = component_safe(&h.wire_name);
            let base = c.clone();
            let mut n = 2;
            while !used_params.insert(c.clone()) {
                c = format!("{base}_{n}");
                n += 1;
            }
            header_components.push((h.wire_name.clone(), c));
        }
        let mut x = Exporter {
            api,
            components,
            header_components,
            tagged_in_place: BTreeMap::new(),
            wrappers: BTreeMap::new(),
            warnings: Vec::new(),
        };
        x.plan_union_tags();
        x
    }

    /// Decides where each tagged union's tag property is written: into the variant type when
    /// the type is only used as a variant under one tag field, else into a wrapper component.
    fn plan_union_tags(&mut self) {
        let mut used_elsewhere = BTreeSet::new();
        let mut note = |s: &Shape| collect_named(s, &mut used_elsewhere);
        for t in &self.api.types {
            match &t.kind {
                TypeKind::Object(o) => o.fields.iter().for_each(|f| note(&f.shape)),
                TypeKind::OneOf(o) => o.variants.iter().for_each(|v| note(&v.shape)),
                TypeKind::Alias(s) => note(s),
                TypeKind::Enum(_) | TypeKind::Union(_) => {}
            }
        }
        for op in &self.api.operations {
            op.params.iter().for_each(|p| note(&p.shape));
            if let Some(r) = &op.request {
                note(&r.shape);
            }
            op.responses
                .iter()
                .filter_map(|r| r.body.as_ref())
                .for_each(&mut note);
        }
        self.api.headers.iter().for_each(|p| note(&p.shape));
        let mut uses: BTreeMap<&str, Vec<(&str, &str, &str)>> = BTreeMap::new();
        for t in &self.api.types {
            if let TypeKind::Union(u) = &t.kind {
                for v in &u.variants {
                    uses.entry(v.type_name.as_str()).or_default().push((
                        t.name.as_str(),
                        u.tag.as_str(),
                        v.tag_value.as_str(),
                    ));
                }
            }
        }
        for (ty, list) in uses {
            let one_tag = list.iter().all(|(_, tag, _)| *tag == list[0].1);
            if one_tag && !used_elsewhere.contains(ty) {
                let values = list.iter().map(|(_, _, v)| v.to_string()).collect();
                self.tagged_in_place
                    .insert(ty.to_string(), (list[0].1.to_string(), values));
            } else {
                for (union, _, value) in list {
                    let base = component_safe(&format!("{union}.{value}"));
                    let mut name = base.clone();
                    let mut n = 2;
                    while self.components.values().any(|c| *c == name)
                        || self.wrappers.values().any(|c| *c == name)
                    {
                        name = format!("{base}_{n}");
                        n += 1;
                    }
                    self.wrappers
                        .insert((union.to_string(), value.to_string()), name);
                }
            }
        }
    }

    fn schema_ref(&self, name: &str) -> String {
        let c = self
            .components
            .get(name)
            .cloned()
            .unwrap_or_else(|| component_safe(name));
        format!("#/components/schemas/{c}")
    }

    fn document(&mut self) -> oa::OpenAPI {
        let api = self.api;
        let mut info = oa::Info {
            title: api.title.clone(),
            description: api.description.clone(),
            version: api.version.clone(),
            ..Default::default()
        };
        info.extensions.insert(ext::NAME.into(), json!(api.name));
        info.extensions
            .insert(ext::CONTENT_TYPES.into(), json!(api.content_types));
        let servers = api
            .servers
            .iter()
            .map(|s| oa::Server {
                url: s.url.clone(),
                description: s.description.clone(),
                variables: (!s.variables.is_empty()).then(|| {
                    s.variables
                        .iter()
                        .map(|v| {
                            (
                                v.name.clone(),
                                oa::ServerVariable {
                                    enumeration: Vec::new(),
                                    // OpenAPI requires a default; an empty one means "none".
                                    default: v.default.clone().unwrap_or_default(),
                                    description: v.description.clone(),
                                    extensions: Default::default(),
                                },
                            )
                        })
                        .collect()
                }),
                extensions: Default::default(),
            })
            .collect();
        let mut components = oa::Components::default();
        for a in &api.auth {
            components
                .security_schemes
                .insert(a.name.clone(), oa::ReferenceOr::Item(security_scheme(a)));
        }
        for (h, (_, c)) in api.headers.iter().zip(&self.header_components) {
            let mut p = self.parameter(h);
            p_data_mut(&mut p)
                .extensions
                .insert(ext::API_HEADER.into(), json!(true));
            components
                .parameters
                .insert(c.clone(), oa::ReferenceOr::Item(p));
        }
        for t in &api.types {
            let c = self.components[&t.name].clone();
            let schema = self.type_schema(t);
            components.schemas.insert(c, schema);
        }
        for t in &api.types {
            if let TypeKind::Union(u) = &t.kind {
                for v in &u.variants {
                    if let Some(w) = self.wrappers.get(&(t.name.clone(), v.tag_value.clone())) {
                        let tag_part = oa::Schema {
                            schema_data: Default::default(),
                            schema_kind: oa::SchemaKind::Type(oa::Type::Object(oa::ObjectType {
                                properties: [(u.tag.clone(), tag_property(&[&v.tag_value]))]
                                    .into_iter()
                                    .collect(),
                                required: vec![u.tag.clone()],
                                ..Default::default()
                            })),
                        };
                        let mut data = oa::SchemaData::default();
                        data.extensions
                            .insert(ext::VARIANT_OF.into(), json!(v.type_name));
                        components.schemas.insert(
                            w.clone(),
                            oa::ReferenceOr::Item(oa::Schema {
                                schema_data: data,
                                schema_kind: oa::SchemaKind::AllOf {
                                    all_of: vec![
                                        oa::ReferenceOr::ref_(&self.schema_ref(&v.type_name)),
                                        oa::ReferenceOr::Item(tag_part),
                                    ],
                                },
                            }),
                        );
                    }
                }
            }
        }
        let mut paths = oa::Paths::default();
        for op in &api.operations {
            let item = paths
                .paths
                .entry(op.path.clone())
                .or_insert_with(|| oa::ReferenceOr::Item(oa::PathItem::default()));
            let oa::ReferenceOr::Item(item) = item else {
                continue;
            };
            let slot = match op.method {
                Method::Get => &mut item.get,
                Method::Post => &mut item.post,
                Method::Put => &mut item.put,
                Method::Patch => &mut item.patch,
                Method::Delete => &mut item.delete,
            };
            if slot.is_some() {
                self.warnings
                    .push(crate::diagnostics::Diagnostic::at_pointer(
                        crate::diagnostics::Severity::Warning,
                        "operation-left-out",
                        &format!("{} (OpenAPI export)", self.api.name),
                        &format!(
                            "/paths/{}/{}",
                            super::doc::escape_token(&op.path),
                            op.method.as_str().to_ascii_lowercase()
                        ),
                        format!(
                            "operation `{}` is left out: another operation already uses {} {}",
                            op.id,
                            op.method.as_str(),
                            op.path
                        ),
                    ));
                continue;
            }
            *slot = Some(operation(self, op));
        }
        oa::OpenAPI {
            openapi: OPENAPI_VERSION.to_string(),
            info,
            servers,
            paths,
            components: Some(components),
            ..Default::default()
        }
    }

    fn parameter(&self, p: &ParamIr) -> oa::Parameter {
        let mut data = oa::ParameterData {
            name: p.wire_name.clone(),
            description: p.description.clone(),
            required: p.required || p.location == ParamLocation::Path,
            deprecated: None,
            format: oa::ParameterSchemaOrContent::Schema(self.shape(&p.shape)),
            example: p.example.clone(),
            examples: Default::default(),
            explode: None,
            extensions: Default::default(),
        };
        if ident::snake(&p.wire_name).as_deref() != Some(p.rust_name.as_str()) {
            data.extensions
                .insert(ext::RUST_NAME.into(), json!(ident::unraw(&p.rust_name)));
        }
        match p.location {
            ParamLocation::Path => oa::Parameter::Path {
                parameter_data: data,
                style: oa::PathStyle::Simple,
            },
            ParamLocation::Query => oa::Parameter::Query {
                parameter_data: data,
                allow_reserved: false,
                style: oa::QueryStyle::Form,
                allow_empty_value: None,
            },
            ParamLocation::Header => oa::Parameter::Header {
                parameter_data: data,
                style: oa::HeaderStyle::Simple,
            },
        }
    }

    /// A shape where a schema is expected: a reference for named types.
    fn shape(&self, s: &Shape) -> oa::ReferenceOr<oa::Schema> {
        match &s.kind {
            ShapeKind::Named(n) => oa::ReferenceOr::ref_(&self.schema_ref(n)),
            _ => oa::ReferenceOr::Item(self.inline_shape(s, oa::SchemaData::default())),
        }
    }

    /// A shape as a schema with the given annotations; named types become `allOf: [$ref]` so
    /// the annotations are not ignored beside a `$ref`.
    fn inline_shape(&self, s: &Shape, data: oa::SchemaData) -> oa::Schema {
        let c = &s.constraints;
        let kind = match &s.kind {
            ShapeKind::Named(n) => oa::SchemaKind::AllOf {
                all_of: vec![oa::ReferenceOr::ref_(&self.schema_ref(n))],
            },
            ShapeKind::String => {
                let (format, implied) = match c.format {
                    None => (oa::VariantOrUnknownOrEmpty::Empty, None),
                    Some(Format::DateTime) => (
                        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::DateTime),
                        None,
                    ),
                    Some(Format::Date) => (
                        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Date),
                        None,
                    ),
                    Some(Format::Uuid) => (unknown("uuid"), None),
                    Some(Format::Uri) => (unknown("uri"), None),
                    Some(Format::Email) => (unknown("email"), None),
                    Some(Format::E164) => (unknown("e164"), Some(patterns::E164)),
                    Some(Format::DecimalString) => (unknown("decimal"), Some(patterns::DECIMAL)),
                    Some(Format::JsonString) => (unknown("json-string"), None),
                };
                oa::SchemaKind::Type(oa::Type::String(oa::StringType {
                    format,
                    pattern: c.pattern.clone().or_else(|| implied.map(str::to_string)),
                    enumeration: match &c.const_value {
                        Some(serde_json::Value::String(v)) => vec![Some(v.clone())],
                        _ => Vec::new(),
                    },
                    min_length: c.min_length.map(to_usize),
                    max_length: c.max_length.map(to_usize),
                }))
            }
            ShapeKind::Boolean => oa::SchemaKind::Type(oa::Type::Boolean(oa::BooleanType {
                enumeration: match &c.const_value {
                    Some(serde_json::Value::Bool(b)) => vec![Some(*b)],
                    _ => Vec::new(),
                },
            })),
            ShapeKind::Int32 | ShapeKind::Int64 => {
                let format = if s.kind == ShapeKind::Int32 {
                    oa::IntegerFormat::Int32
                } else {
                    oa::IntegerFormat::Int64
                };
                oa::SchemaKind::Type(oa::Type::Integer(oa::IntegerType {
                    format: oa::VariantOrUnknownOrEmpty::Item(format),
                    multiple_of: None,
                    exclusive_minimum: false,
                    exclusive_maximum: false,
                    minimum: c.minimum.as_ref().and_then(serde_json::Number::as_i64),
                    maximum: c.maximum.as_ref().and_then(serde_json::Number::as_i64),
                    enumeration: match &c.const_value {
                        Some(serde_json::Value::Number(n)) => {
                            n.as_i64().into_iter().map(Some).collect()
                        }
                        _ => Vec::new(),
                    },
                }))
            }
            ShapeKind::Number => oa::SchemaKind::Type(oa::Type::Number(oa::NumberType {
                format: oa::VariantOrUnknownOrEmpty::Empty,
                multiple_of: None,
                exclusive_minimum: false,
                exclusive_maximum: false,
                minimum: c.minimum.as_ref().and_then(serde_json::Number::as_f64),
                maximum: c.maximum.as_ref().and_then(serde_json::Number::as_f64),
                enumeration: Vec::new(),
            })),
            ShapeKind::Any => oa::SchemaKind::Any(oa::AnySchema::default()),
            ShapeKind::Array(items) => oa::SchemaKind::Type(oa::Type::Array(oa::ArrayType {
                items: Some(boxed(self.shape(items))),
                min_items: c.min_items.map(to_usize),
                max_items: c.max_items.map(to_usize),
                unique_items: false,
            })),
            ShapeKind::Map(values) => {
                let additional = if values.kind == ShapeKind::Any && values.constraints.is_empty() {
                    oa::AdditionalProperties::Any(true)
                } else {
                    oa::AdditionalProperties::Schema(Box::new(self.shape(values)))
                };
                oa::SchemaKind::Type(oa::Type::Object(oa::ObjectType {
                    additional_properties: Some(additional),
                    ..Default::default()
                }))
            }
        };
        let mut data = data;
        if c.const_value.is_some() {
            data.extensions.insert(ext::CONST.into(), json!(true));
        }
        oa::Schema {
            schema_data: data,
            schema_kind: kind,
        }
    }

    fn type_schema(&self, t: &TypeIr) -> oa::ReferenceOr<oa::Schema> {
        let mut data = oa::SchemaData {
            description: t.description.clone(),
            deprecated: t.deprecated,
            ..Default::default()
        };
        if ident::type_name(&t.name).as_deref() != Some(t.rust_name.as_str()) {
            data.extensions
                .insert(ext::RUST_NAME.into(), json!(ident::unraw(&t.rust_name)));
        }
        if self.components.get(&t.name).is_some_and(|c| *c != t.name) {
            data.extensions.insert(ext::NAME.into(), json!(t.name));
        }
        let schema = match &t.kind {
            TypeKind::Object(o) => self.object_schema(t, o, data),
            TypeKind::Enum(e) => enum_schema(e, data),
            TypeKind::Union(u) => {
                let mapping = u
                    .variants
                    .iter()
                    .map(|v| {
                        let target = match self.wrappers.get(&(t.name.clone(), v.tag_value.clone()))
                        {
                            Some(w) => format!("#/components/schemas/{w}"),
                            None => self.schema_ref(&v.type_name),
                        };
                        (v.tag_value.clone(), target)
                    })
                    .collect::<Vec<_>>();
                let mut seen = BTreeSet::new();
                let one_of = mapping
                    .iter()
                    .filter(|(_, target)| seen.insert(target.clone()))
                    .map(|(_, target)| oa::ReferenceOr::ref_(target))
                    .collect();
                data.discriminator = Some(oa::Discriminator {
                    property_name: u.tag.clone(),
                    mapping: mapping.into_iter().collect(),
                    extensions: Default::default(),
                });
                oa::Schema {
                    schema_data: data,
                    schema_kind: oa::SchemaKind::OneOf { one_of },
                }
            }
            TypeKind::OneOf(o) => {
                data.extensions.insert(
                    ext::VARIANTS.into(),
                    json!(
                        o.variants
                            .iter()
                            .map(|v| v.name.clone())
                            .collect::<Vec<_>>()
                    ),
                );
                oa::Schema {
                    schema_data: data,
                    schema_kind: oa::SchemaKind::OneOf {
                        one_of: o.variants.iter().map(|v| self.shape(&v.shape)).collect(),
                    },
                }
            }
            TypeKind::Alias(s) => self.inline_shape(s, data),
        };
        oa::ReferenceOr::Item(schema)
    }

    fn object_schema(&self, t: &TypeIr, o: &ObjectIr, mut data: oa::SchemaData) -> oa::Schema {
        let mut properties: Vec<(String, oa::ReferenceOr<Box<oa::Schema>>)> = Vec::new();
        let mut required = Vec::new();
        if let Some((tag, values)) = self.tagged_in_place.get(&t.name) {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            properties.push((tag.clone(), tag_property(&values)));
            required.push(tag.clone());
        }
        for f in &o.fields {
            if f.required {
                required.push(f.wire_name.clone());
            }
            properties.push((f.wire_name.clone(), self.field_schema(f)));
        }
        if !o.rules.is_empty() {
            data.extensions.insert(ext::RULES.into(), rules_json(o));
        }
        oa::Schema {
            schema_data: data,
            schema_kind: oa::SchemaKind::Type(oa::Type::Object(oa::ObjectType {
                properties: properties.into_iter().collect(),
                required,
                additional_properties: o
                    .reject_unknown
                    .then_some(oa::AdditionalProperties::Any(false)),
                ..Default::default()
            })),
        }
    }

    fn field_schema(&self, f: &FieldIr) -> oa::ReferenceOr<Box<oa::Schema>> {
        let mut data = oa::SchemaData {
            nullable: f.nullable,
            read_only: f.read_only,
            write_only: f.write_only,
            deprecated: f.deprecated,
            example: f.example.clone(),
            description: f.description.clone(),
            default: f.default.clone(),
            ..Default::default()
        };
        if let Some(since) = &f.since {
            data.extensions.insert(ext::SINCE.into(), json!(since));
        }
        if ident::snake(&f.wire_name).as_deref() != Some(f.rust_name.as_str()) {
            data.extensions
                .insert(ext::RUST_NAME.into(), json!(ident::unraw(&f.rust_name)));
        }
        if let ShapeKind::Named(n) = &f.shape.kind {
            if data == oa::SchemaData::default() {
                return oa::ReferenceOr::ref_(&self.schema_ref(n));
            }
            if f.nullable {
                // OpenAPI 3.0.3: `nullable` acts only beside a `type`, so beside a bare `$ref`
                // (or `allOf: [$ref]`) strict tools ignore it. A nullable reference is the
                // referenced schema or a schema that admits only `null`.
                data.nullable = false;
                return oa::ReferenceOr::Item(Box::new(oa::Schema {
                    schema_data: data,
                    schema_kind: oa::SchemaKind::AnyOf {
                        any_of: vec![oa::ReferenceOr::ref_(&self.schema_ref(n)), null_only()],
                    },
                }));
            }
        }
        let mut schema = self.inline_shape(&f.shape, data);
        match &mut schema.schema_kind {
            // A field that is not nullable does not take `null`, not even as `any` (`{}` alone
            // would admit it): anything but `null`.
            oa::SchemaKind::Any(any) if !f.nullable && *any == oa::AnySchema::default() => {
                any.not = Some(Box::new(null_only()));
            }
            // OpenAPI 3.0.3: a nullable enum admits `null` only if it lists it.
            oa::SchemaKind::Type(oa::Type::String(t))
                if f.nullable && !t.enumeration.is_empty() =>
            {
                t.enumeration.push(None);
            }
            oa::SchemaKind::Type(oa::Type::Integer(t))
                if f.nullable && !t.enumeration.is_empty() =>
            {
                t.enumeration.push(None);
            }
            oa::SchemaKind::Type(oa::Type::Boolean(t))
                if f.nullable && !t.enumeration.is_empty() =>
            {
                t.enumeration.push(None);
            }
            _ => {}
        }
        oa::ReferenceOr::Item(Box::new(schema))
    }
}

/// A schema that admits only `null` in OpenAPI 3.0.3: `{type: string, nullable: true,
/// enum: [null]}` (the `type` is there because `nullable` acts only beside one).
fn null_only() -> oa::ReferenceOr<oa::Schema> {
    oa::ReferenceOr::Item(oa::Schema {
        schema_data: oa::SchemaData {
            nullable: true,
            ..Default::default()
        },
        schema_kind: oa::SchemaKind::Type(oa::Type::String(oa::StringType {
            enumeration: vec![None],
            ..Default::default()
        })),
    })
}

fn p_data_mut(p: &mut oa::Parameter) -> &mut oa::ParameterData {
    match p {
        oa::Parameter::Query { parameter_data, .. }
        | oa::Parameter::Header { parameter_data, .. }
        | oa::Parameter::Path { parameter_data, .. }
        | oa::Parameter::Cookie { parameter_data, .. } => parameter_data,
    }
}

fn collect_named(s: &Shape, out: &mut BTreeSet<String>) {
    match &s.kind {
        ShapeKind::Named(n) => {
            out.insert(n.clone());
        }
        ShapeKind::Array(i) | ShapeKind::Map(i) => collect_named(i, out),
        _ => {}
    }
}

fn unknown<T>(s: &str) -> oa::VariantOrUnknownOrEmpty<T> {
    oa::VariantOrUnknownOrEmpty::Unknown(s.to_string())
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn boxed(r: oa::ReferenceOr<oa::Schema>) -> oa::ReferenceOr<Box<oa::Schema>> {
    match r {
        oa::ReferenceOr::Reference { reference } => oa::ReferenceOr::Reference { reference },
        oa::ReferenceOr::Item(s) => oa::ReferenceOr::Item(Box::new(s)),
    }
}

fn tag_property(values: &[&str]) -> oa::ReferenceOr<Box<oa::Schema>> {
    oa::ReferenceOr::Item(Box::new(oa::Schema {
        schema_data: Default::default(),
        schema_kind: oa::SchemaKind::Type(oa::Type::String(oa::StringType {
            enumeration: values.iter().map(|v| Some(v.to_string())).collect(),
            ..Default::default()
        })),
    }))
}

/// The sentence appended to an open enum's description (and removed again on import).
pub fn known_values_sentence(values: &[&str]) -> String {
    let list = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("Known values: {list}; other values may appear.")
}

fn enum_schema(e: &EnumIr, mut data: oa::SchemaData) -> oa::Schema {
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    data.extensions.insert(
        ext::ENUM_VARNAMES.into(),
        json!(
            e.values
                .iter()
                .map(|v| ident::unraw(&v.rust_name).to_string())
                .collect::<Vec<_>>()
        ),
    );
    if e.values.iter().any(|v| v.description.is_some()) {
        data.extensions.insert(
            ext::ENUM_DESCRIPTIONS.into(),
            json!(
                e.values
                    .iter()
                    .map(|v| v.description.clone().unwrap_or_default())
                    .collect::<Vec<_>>()
            ),
        );
    }
    let deprecated: Vec<&str> = e
        .values
        .iter()
        .filter(|v| v.deprecated)
        .map(|v| v.wire.as_str())
        .collect();
    if !deprecated.is_empty() {
        data.extensions
            .insert(ext::ENUM_DEPRECATED.into(), json!(deprecated));
    }
    data.default = e.default.clone().map(serde_json::Value::String);
    let enumeration = if e.open {
        // An open enum accepts any string: listing the values under `enum` would make every
        // OpenAPI tool reject the values added later, so they go into an extension and the text.
        data.extensions.insert(ext::ENUM_KNOWN.into(), json!(wires));
        let sentence = known_values_sentence(&wires);
        data.description = Some(match data.description.take() {
            Some(d) => format!("{}\n\n{sentence}", d.trim_end()),
            None => sentence,
        });
        Vec::new()
    } else {
        wires.iter().map(|w| Some(w.to_string())).collect()
    };
    oa::Schema {
        schema_data: data,
        schema_kind: oa::SchemaKind::Type(oa::Type::String(oa::StringType {
            enumeration,
            ..Default::default()
        })),
    }
}

fn rules_json(o: &ObjectIr) -> serde_json::Value {
    let name = |i: usize| o.fields.get(i).map_or("", |f| f.wire_name.as_str());
    let cond = |c: &ConditionIr| -> serde_json::Value {
        match &c.test {
            ConditionTestIr::OneOf(vs) if vs.len() == 1 => {
                json!({ "field": name(c.field), "equals": vs[0] })
            }
            ConditionTestIr::OneOf(vs) => json!({ "field": name(c.field), "one_of": vs }),
            ConditionTestIr::Present(p) => json!({ "field": name(c.field), "present": p }),
        }
    };
    let rules: Vec<serde_json::Value> = o
        .rules
        .iter()
        .map(|r| {
            let mut m = serde_json::Map::new();
            match &r.kind {
                RuleKindIr::Forbidden { fields, when } => {
                    m.insert(
                        "forbidden".into(),
                        json!(fields.iter().map(|i| name(*i)).collect::<Vec<_>>()),
                    );
                    m.insert("when".into(), cond(when));
                }
                RuleKindIr::Required { fields, when } => {
                    m.insert(
                        "required".into(),
                        json!(fields.iter().map(|i| name(*i)).collect::<Vec<_>>()),
                    );
                    m.insert("when".into(), cond(when));
                }
                RuleKindIr::Precedence { winner, over } => {
                    m.insert(
                        "precedence".into(),
                        json!({ "winner": name(*winner), "over": name(*over) }),
                    );
                }
            }
            if r.warning && !matches!(r.kind, RuleKindIr::Precedence { .. }) {
                m.insert("severity".into(), json!("warning"));
            }
            m.insert("code".into(), json!(r.code));
            m.insert("message".into(), json!(r.message));
            serde_json::Value::Object(m)
        })
        .collect();
    serde_json::Value::Array(rules)
}

/// A self-signed JWT in the schema language's syntax (`rust_name` only where it is not the
/// derived one), for `x-schemagen-self-signed`; the claims are a list of mappings with their
/// `name`, since their order is the order of the generated struct's fields and JSON objects
/// here are sorted by key.
fn self_signed_extension(jwt: &SelfSignedJwt) -> serde_json::Value {
    let SelfSignedJwt {
        algorithm,
        lifetime_seconds,
        claims,
        // Derived from the scheme's name.
        claims_type: _,
        constructor: _,
    } = jwt;
    let mut out = Vec::new();
    for c in claims {
        let ClaimIr {
            name,
            rust_name,
            description,
            required,
            example,
            span: _,
        } = c;
        let mut m = serde_json::Map::new();
        m.insert("name".into(), json!(name));
        if let Some(d) = description {
            m.insert("description".into(), json!(d));
        }
        if !required {
            m.insert("required".into(), json!(false));
        }
        if let Some(e) = example {
            m.insert("example".into(), json!(e));
        }
        if crate::ident::snake(name).as_deref() != Some(rust_name.as_str()) {
            m.insert("rust_name".into(), json!(rust_name));
        }
        out.push(serde_json::Value::Object(m));
    }
    json!({
        "algorithm": algorithm.as_str(),
        "lifetime_seconds": lifetime_seconds,
        "claims": out,
    })
}

fn security_scheme(a: &AuthIr) -> oa::SecurityScheme {
    match &a.kind {
        AuthKind::Bearer {
            bearer_format,
            self_signed,
        } => {
            let mut extensions = oa::SchemaData::default().extensions;
            if let Some(jwt) = self_signed {
                extensions.insert(ext::SELF_SIGNED.to_string(), self_signed_extension(jwt));
            }
            oa::SecurityScheme::HTTP {
                scheme: "bearer".into(),
                bearer_format: bearer_format.clone(),
                description: a.description.clone(),
                extensions,
            }
        }
        AuthKind::Basic { password_empty } => {
            let mut extensions = oa::SchemaData::default().extensions;
            if *password_empty {
                extensions.insert(ext::PASSWORD_EMPTY.to_string(), json!(true));
            }
            oa::SecurityScheme::HTTP {
                scheme: "basic".into(),
                bearer_format: None,
                description: a.description.clone(),
                extensions,
            }
        }
        // `<header>: <prefix> <token>` is an API key in a header whose value starts with the
        // prefix. `type: http` with a made-up scheme (`AccessKey`) is not in the IANA registry
        // and most tools ignore or reject it; `apiKey` works everywhere, and the prefix is
        // kept in an extension (and should be in the description for people).
        AuthKind::ApiKey { header, prefix } => {
            let mut extensions = oa::SchemaData::default().extensions;
            if let Some(p) = prefix {
                extensions.insert(ext::PREFIX.to_string(), json!(p));
            }
            oa::SecurityScheme::APIKey {
                location: oa::APIKeyLocation::Header,
                name: header.clone(),
                description: a.description.clone(),
                extensions,
            }
        }
    }
}

fn operation(x: &Exporter<'_>, op: &OperationIr) -> oa::Operation {
    let api = x.api;
    let mut parameters: Vec<oa::ReferenceOr<oa::Parameter>> = op
        .params
        .iter()
        .map(|p| oa::ReferenceOr::Item(x.parameter(p)))
        .collect();
    for (_, c) in &x.header_components {
        parameters.push(oa::ReferenceOr::ref_(&format!(
            "#/components/parameters/{c}"
        )));
    }
    let request_body = op.request.as_ref().map(|r| {
        let schema = x.shape(&r.shape);
        oa::ReferenceOr::Item(oa::RequestBody {
            description: None,
            content: r
                .content_types
                .iter()
                .map(|ct| {
                    (
                        ct.clone(),
                        oa::MediaType {
                            schema: Some(schema.clone()),
                            ..Default::default()
                        },
                    )
                })
                .collect(),
            required: r.required,
            extensions: Default::default(),
        })
    });
    let mut responses = oa::Responses::default();
    for r in &op.responses {
        let content = match &r.body {
            Some(b) => {
                let schema = x.shape(b);
                r.content_types
                    .iter()
                    .map(|ct| {
                        (
                            ct.clone(),
                            oa::MediaType {
                                schema: Some(schema.clone()),
                                ..Default::default()
                            },
                        )
                    })
                    .collect()
            }
            None => Default::default(),
        };
        let response = oa::ReferenceOr::Item(oa::Response {
            description: r.description.clone(),
            content,
            ..Default::default()
        });
        match r.status {
            Status::Code(c) => {
                responses
                    .responses
                    .insert(oa::StatusCode::Code(c), response);
            }
            Status::Default => responses.default = Some(response),
        }
    }
    if op.responses.is_empty() {
        let mut extensions = oa::SchemaData::default().extensions;
        extensions.insert(ext::SYNTHETIC.to_string(), json!(true));
        responses.default = Some(oa::ReferenceOr::Item(oa::Response {
            description: "No responses are documented.".into(),
            extensions,
            ..Default::default()
        }));
    }
    let security = op
        .auth
        .iter()
        .filter(|a| api.auth.iter().any(|x| x.name == **a))
        .map(|a| [(a.clone(), Vec::new())].into_iter().collect())
        .collect();
    let mut extensions = oa::SchemaData::default().extensions;
    if op.idempotent != op.method.idempotent() {
        extensions.insert(ext::IDEMPOTENT.to_string(), json!(op.idempotent));
    }
    oa::Operation {
        summary: Some(op.summary.clone()),
        description: op.description.clone(),
        operation_id: Some(op.id.clone()),
        parameters,
        request_body,
        responses,
        deprecated: op.deprecated,
        security: Some(security),
        extensions,
        ..Default::default()
    }
}
