//! Lowering: AST → IR. Resolves type references, rule fields and auth names, derives Rust
//! names, and parses path templates. Every problem is reported and lowering carries on; the
//! cross-cutting checks in [`crate::check`] run on the result.

use super::*;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::ident;
use crate::schema::ast::{self, Spanned};
use crate::schema::keys::BUILTIN_TYPES as BUILTINS;
use std::collections::BTreeMap;

/// Lowers every decoded file into one IR, ordered by API name.
pub fn lower(files: &[(FileId, ast::SchemaFile)], d: &mut Vec<Diagnostic>) -> Ir {
    let mut apis: BTreeMap<String, (ApiIr, Span)> = BTreeMap::new();
    for (file, schema) in files {
        let api = lower_api(*file, schema, d);
        if let Some((_, first)) = apis.get(&api.name) {
            d.push(Diagnostic::duplicate_name(
                schema.api.name.span,
                "api",
                &api.name,
                *first,
            ));
            continue;
        }
        apis.insert(api.name.clone(), (api, schema.api.name.span));
    }
    Ir {
        apis: apis.into_values().map(|(a, _)| a).collect(),
    }
}

struct Ctx<'a> {
    types: &'a BTreeMap<&'a str, &'a ast::TypeDef>,
}

fn lower_api(file: FileId, s: &ast::SchemaFile, d: &mut Vec<Diagnostic>) -> ApiIr {
    let a = &s.api;
    let module = match ident::snake(&a.name.value) {
        Some(m) if ident::unraw(&m) == a.name.value && !m.starts_with("r#") => m,
        _ => {
            d.push(Diagnostic::bad_value(
                a.name.span,
                format!("api name `{}` is not a snake_case module name", a.name.value),
                "use lowercase letters, digits and `_`, e.g. `close` or `salesforce_voice`; it names the generated module",
            ));
            ident::snake(&a.name.value).unwrap_or_else(|| "api".to_string())
        }
    };
    let mut by_name: BTreeMap<&str, &ast::TypeDef> = BTreeMap::new();
    for t in &s.types {
        if let Some(first) = by_name.get(t.name.value.as_str()) {
            d.push(Diagnostic::duplicate_name(
                t.name.span,
                "type",
                &t.name.value,
                first.name.span,
            ));
            continue;
        }
        if BUILTINS.contains(&t.name.value.as_str()) {
            d.push(Diagnostic::invalid(
                "reserved-name",
                t.name.span,
                format!("type name `{}` is a built-in type", t.name.value),
                "built-in",
                "choose another name; built-in types are string, boolean, int32, int64, integer, number, any, array, map",
            ));
            continue;
        }
        by_name.insert(&t.name.value, t);
    }
    let ctx = Ctx { types: &by_name };
    for sv in &a.servers {
        super::input_checks::server_variables_match_the_url(sv, d);
    }
    let servers = a
        .servers
        .iter()
        .map(|sv| ServerIr {
            url: sv.url.value.clone(),
            description: sv.description.clone(),
            variables: sv
                .variables
                .iter()
                .map(|v| ServerVariableIr {
                    name: v.name.value.clone(),
                    rust_name: name_or_report(
                        ident::snake(&v.name.value),
                        v.name.span,
                        "server variable",
                        &v.name.value,
                        d,
                    ),
                    description: v.description.clone(),
                    default: v.default.clone(),
                })
                .collect(),
        })
        .collect();
    let auth = a
        .auth
        .iter()
        .map(|au| AuthIr {
            name: au.name.value.clone(),
            rust_name: name_or_report(
                ident::type_name(&au.name.value),
                au.name.span,
                "auth scheme",
                &au.name.value,
                d,
            ),
            constructor: ident::auth_constructor(&au.name.value),
            kind: match &au.kind {
                ast::AuthKind::Bearer {
                    bearer_format,
                    self_signed,
                } => AuthKind::Bearer {
                    bearer_format: bearer_format.clone(),
                    self_signed: self_signed
                        .as_ref()
                        .and_then(|s| lower_self_signed(&au.name.value, s, d)),
                },
                ast::AuthKind::Basic { password_empty } => AuthKind::Basic {
                    password_empty: *password_empty,
                },
                ast::AuthKind::ApiKey { header, prefix } => AuthKind::ApiKey {
                    header: header.clone(),
                    prefix: prefix.clone(),
                },
            },
            description: au.description.clone(),
            span: au.name.span,
        })
        .collect::<Vec<_>>();
    let headers = a
        .headers
        .iter()
        .map(|h| {
            let mut p = lower_param(&ctx, h, d);
            p.arg_name = ident::clear_of(&p.rust_name, ident::CONFIG_FIELDS, "header");
            p
        })
        .collect();
    let content_types = if a.content_types.is_empty() {
        vec!["application/json".to_string()]
    } else {
        a.content_types.iter().map(|c| c.value.clone()).collect()
    };
    let types = s
        .types
        .iter()
        .filter(|t| {
            by_name
                .get(t.name.value.as_str())
                .is_some_and(|x| std::ptr::eq(*x, *t))
        })
        .map(|t| lower_type(&ctx, t, d))
        .collect();
    let mut operations: Vec<OperationIr> = Vec::new();
    for op in &s.operations {
        let lowered = lower_operation(&ctx, op, &auth, &a.undecoded_auth, &content_types, d);
        operations.push(lowered);
    }
    ApiIr {
        name: a.name.value.clone(),
        module,
        title: a.title.clone(),
        version: a.version.clone(),
        description: a.description.clone(),
        servers,
        auth,
        headers,
        content_types,
        types,
        operations,
        file,
    }
}

fn name_or_report(
    name: Option<String>,
    span: Span,
    what: &str,
    wire: &str,
    d: &mut Vec<Diagnostic>,
) -> String {
    match name {
        Some(n) => n,
        None => {
            d.push(Diagnostic::no_rust_name(span, what, wire));
            crate::ident::PLACEHOLDER.to_string()
        }
    }
}

/// A bearer scheme's self-signed JWT: the algorithm (checked by decoding), the lifetime, and
/// the claims with their field names and the names of the claims struct and the constructor.
fn lower_self_signed(
    scheme: &str,
    s: &ast::SelfSigned,
    d: &mut Vec<Diagnostic>,
) -> Option<SelfSignedJwt> {
    let algorithm = JwtAlgorithm::from_name(&s.algorithm.value)?;
    let claims = s
        .claims
        .iter()
        .map(|c| ClaimIr {
            name: c.name.value.clone(),
            rust_name: rust_name(
                &c.rust_name,
                ident::snake(&c.name.value),
                c.name.span,
                "claim",
                &c.name.value,
                d,
            ),
            description: c.description.clone(),
            required: c.required,
            example: c.example.clone(),
            span: c.name.span,
        })
        .collect();
    let (claims_type, constructor) = ident::self_signed_names(scheme);
    Some(SelfSignedJwt {
        algorithm,
        lifetime_seconds: s.lifetime_seconds.value.max(1),
        claims,
        claims_type,
        constructor,
    })
}

/// The Rust name: the override if given (checked), else derived.
fn rust_name(
    over: &Option<Spanned<String>>,
    derived: Option<String>,
    span: Span,
    what: &str,
    wire: &str,
    d: &mut Vec<Diagnostic>,
) -> String {
    if let Some(o) = over {
        return match ident::check_override(&o.value) {
            Ok(n) => n,
            Err(why) => {
                d.push(Diagnostic::bad_rust_name(o.span, &o.value, why));
                crate::ident::PLACEHOLDER.to_string()
            }
        };
    }
    name_or_report(derived, span, what, wire, d)
}

fn lower_shape(ctx: &Ctx<'_>, e: &ast::TypeExpr, d: &mut Vec<Diagnostic>) -> Shape {
    let name = e.name.value.as_str();
    let attrs = &e.attrs;
    let mut known_type = true;
    let kind = match name {
        "string" => ShapeKind::String,
        "boolean" => ShapeKind::Boolean,
        "int32" => ShapeKind::Int32,
        "int64" | "integer" => ShapeKind::Int64,
        "number" => ShapeKind::Number,
        "any" => ShapeKind::Any,
        "array" => match &attrs.items {
            Some(items) => ShapeKind::Array(Box::new(lower_shape(ctx, items, d))),
            None => {
                d.push(Diagnostic::missing_key(
                    e.name.span,
                    "items",
                    "an `array` type",
                    "say what the array holds, e.g. `items: string` or `items: Participant`",
                ));
                ShapeKind::Array(Box::new(Shape {
                    kind: ShapeKind::Any,
                    constraints: Constraints::default(),
                    span: e.span,
                }))
            }
        },
        "map" => match &attrs.values {
            Some(values) => ShapeKind::Map(Box::new(lower_shape(ctx, values, d))),
            None => {
                d.push(Diagnostic::missing_key(
                    e.name.span,
                    "values",
                    "a `map` type",
                    "say what the map's values are, e.g. `values: any`",
                ));
                ShapeKind::Map(Box::new(Shape {
                    kind: ShapeKind::Any,
                    constraints: Constraints::default(),
                    span: e.span,
                }))
            }
        },
        other => {
            if ctx.types.contains_key(other) {
                ShapeKind::Named(other.to_string())
            } else {
                let known = BUILTINS.iter().copied().chain(ctx.types.keys().copied());
                d.push(Diagnostic::unknown_type(e.name.span, other, known));
                known_type = false;
                ShapeKind::Any
            }
        }
    };
    // Constraints are checked against a type that exists: beside an unknown type name (already
    // reported, with a did-you-mean) they would only add errors that go once the name is fixed.
    if known_type {
        super::input_checks::constraints_fit(&kind, name, attrs, d);
    }
    if known_type && attrs.items.is_some() && !matches!(kind, ShapeKind::Array(_)) {
        d.push(Diagnostic::constraint_type_mismatch(
            attrs.items.as_ref().map_or(e.span, |i| i.span),
            "items",
            name,
            "`type: array`",
        ));
    }
    if known_type && attrs.values.is_some() && !matches!(kind, ShapeKind::Map(_)) {
        d.push(Diagnostic::constraint_type_mismatch(
            attrs.values.as_ref().map_or(e.span, |i| i.span),
            "values",
            name,
            "`type: map`",
        ));
    }
    let format = attrs.format.as_ref().and_then(|f| {
        let found = Format::ALL
            .iter()
            .find(|(n, _)| *n == f.value)
            .map(|(_, f)| *f);
        if found.is_none() {
            let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
            d.push(Diagnostic::invalid_value(
                f.span, "format", &f.value, &names,
            ));
        }
        found
    });
    Shape {
        kind,
        constraints: Constraints {
            format,
            minimum: attrs.minimum.as_ref().map(|m| m.value.clone()),
            maximum: attrs.maximum.as_ref().map(|m| m.value.clone()),
            min_length: attrs.min_length.as_ref().map(|m| m.value),
            max_length: attrs.max_length.as_ref().map(|m| m.value),
            min_items: attrs.min_items.as_ref().map(|m| m.value),
            max_items: attrs.max_items.as_ref().map(|m| m.value),
            pattern: attrs.pattern.as_ref().map(|m| m.value.clone()),
            const_value: attrs.const_value.as_ref().map(|m| m.value.clone()),
        },
        span: e.span,
    }
}

fn lower_type(ctx: &Ctx<'_>, t: &ast::TypeDef, d: &mut Vec<Diagnostic>) -> TypeIr {
    let rust = rust_name(
        &t.rust_name,
        ident::type_name(&t.name.value),
        t.name.span,
        "type",
        &t.name.value,
        d,
    );
    let kind = match &t.kind {
        ast::TypeDefKind::Object {
            fields,
            rules,
            reject_unknown,
        } => {
            let fields: Vec<FieldIr> = fields
                .iter()
                .map(|f| FieldIr {
                    wire_name: f.name.value.clone(),
                    rust_name: rust_name(
                        &f.rust_name,
                        ident::snake(&f.name.value),
                        f.name.span,
                        "field",
                        &f.name.value,
                        d,
                    ),
                    shape: lower_shape(ctx, &f.ty, d),
                    required: f.required,
                    nullable: f.nullable,
                    description: f.description.clone(),
                    default: f.default.as_ref().map(|v| v.value.clone()),
                    example: f.example.clone(),
                    deprecated: f.deprecated,
                    read_only: f.read_only,
                    write_only: f.write_only,
                    since: f.since.clone(),
                    span: f.name.span,
                })
                .collect();
            let rules = rules
                .iter()
                .filter_map(|r| lower_rule(&t.name.value, &fields, r, d))
                .collect();
            TypeKind::Object(ObjectIr {
                fields,
                rules,
                reject_unknown: reject_unknown.as_ref().is_some_and(|r| r.value),
            })
        }
        ast::TypeDefKind::Enum {
            values,
            open,
            default,
        } => {
            let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
            let mut out = Vec::new();
            for v in values {
                if let Some(first) = seen.get(v.value.value.as_str()) {
                    d.push(Diagnostic::duplicate_name(
                        v.value.span,
                        "enum value",
                        &v.value.value,
                        *first,
                    ));
                    continue;
                }
                seen.insert(&v.value.value, v.value.span);
                out.push(EnumValueIr {
                    wire: v.value.value.clone(),
                    rust_name: rust_name(
                        &v.rust_name,
                        ident::variant_name(&v.value.value),
                        v.value.span,
                        "enum value",
                        &v.value.value,
                        d,
                    ),
                    description: v.description.clone(),
                    deprecated: v.deprecated,
                    span: v.value.span,
                });
            }
            if values.is_empty() {
                d.push(Diagnostic::invalid(
                    "empty-enum",
                    t.name.span,
                    format!("enum `{}` has no values", t.name.value),
                    "no values",
                    "list the exact wire values under `enum:`",
                ));
            }
            if let Some(def) = default {
                if !values.iter().any(|v| v.value.value == def.value) {
                    let names: Vec<&str> = values.iter().map(|v| v.value.value.as_str()).collect();
                    d.push(Diagnostic::default_not_in_enum(
                        def.span,
                        &def.value,
                        &t.name.value,
                        &names,
                    ));
                }
            }
            TypeKind::Enum(EnumIr {
                values: out,
                open: *open,
                default: default.as_ref().map(|x| x.value.clone()),
            })
        }
        ast::TypeDefKind::Union { tag, variants } => {
            let mut out = Vec::new();
            for (value, ty) in variants {
                if !ctx.types.contains_key(ty.value.as_str()) {
                    let known = ctx.types.keys().copied();
                    d.push(Diagnostic::unknown_type(ty.span, &ty.value, known));
                    continue;
                }
                out.push(UnionVariantIr {
                    tag_value: value.value.clone(),
                    rust_name: name_or_report(
                        ident::variant_name(&value.value),
                        value.span,
                        "union variant",
                        &value.value,
                        d,
                    ),
                    type_name: ty.value.clone(),
                    span: value.span,
                });
            }
            if variants.is_empty() {
                d.push(Diagnostic::invalid(
                    "empty-union",
                    t.name.span,
                    format!("union `{}` has no variants", t.name.value),
                    "no variants",
                    "map each tag value to an object type under `variants:`",
                ));
            }
            TypeKind::Union(UnionIr {
                tag: tag.value.clone(),
                variants: out,
            })
        }
        ast::TypeDefKind::OneOf { variants } => {
            let out = variants
                .iter()
                .map(|(name, e)| OneOfVariantIr {
                    name: name.value.clone(),
                    rust_name: name_or_report(
                        ident::variant_name(&name.value),
                        name.span,
                        "one_of variant",
                        &name.value,
                        d,
                    ),
                    shape: lower_shape(ctx, e, d),
                })
                .collect::<Vec<_>>();
            if out.is_empty() {
                d.push(Diagnostic::invalid(
                    "empty-union",
                    t.name.span,
                    format!("one_of `{}` has no alternatives", t.name.value),
                    "no alternatives",
                    "list the alternatives by variant name under `one_of:`",
                ));
            }
            TypeKind::OneOf(OneOfIr { variants: out })
        }
        ast::TypeDefKind::Alias(e) => TypeKind::Alias(lower_shape(ctx, e, d)),
    };
    TypeIr {
        name: t.name.value.clone(),
        rust_name: rust,
        description: t.description.clone(),
        deprecated: t.deprecated,
        kind,
        span: t.name.span,
    }
}

fn field_index(
    object: &str,
    fields: &[FieldIr],
    f: &Spanned<String>,
    d: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let i = fields.iter().position(|x| x.wire_name == f.value);
    if i.is_none() {
        d.push(Diagnostic::unknown_rule_field(
            f.span,
            &f.value,
            object,
            fields.iter().map(|x| x.wire_name.as_str()),
        ));
    }
    i
}

fn lower_rule(
    object: &str,
    fields: &[FieldIr],
    r: &ast::Rule,
    d: &mut Vec<Diagnostic>,
) -> Option<RuleIr> {
    let cond = |c: &ast::Condition, d: &mut Vec<Diagnostic>| -> Option<ConditionIr> {
        let field = field_index(object, fields, &c.field, d);
        let test = match &c.test {
            ast::ConditionTest::Equals(v) => ConditionTestIr::OneOf(vec![v.value.clone()]),
            ast::ConditionTest::OneOf(vs) => {
                ConditionTestIr::OneOf(vs.iter().map(|v| v.value.clone()).collect())
            }
            ast::ConditionTest::Present(p) => ConditionTestIr::Present(*p),
        };
        Some(ConditionIr {
            field: field?,
            test,
        })
    };
    let list = |fs: &[Spanned<String>], d: &mut Vec<Diagnostic>| -> Option<Vec<usize>> {
        let idx: Vec<Option<usize>> = fs
            .iter()
            .map(|f| field_index(object, fields, f, d))
            .collect();
        idx.into_iter().collect()
    };
    let (kind, default_code, warning, default_message) = match &r.kind {
        ast::RuleKind::Forbidden { fields: fs, when } => {
            let (l, c) = (list(fs, d), cond(when, d));
            let names = fs
                .iter()
                .map(|f| format!("`{}`", f.value))
                .collect::<Vec<_>>()
                .join(", ");
            (
                RuleKindIr::Forbidden {
                    fields: l?,
                    when: c?,
                },
                "forbidden_when",
                r.warning,
                format!("{names} must not be given here"),
            )
        }
        ast::RuleKind::Required { fields: fs, when } => {
            let (l, c) = (list(fs, d), cond(when, d));
            let names = fs
                .iter()
                .map(|f| format!("`{}`", f.value))
                .collect::<Vec<_>>()
                .join(", ");
            (
                RuleKindIr::Required {
                    fields: l?,
                    when: c?,
                },
                "required_when",
                r.warning,
                format!("{names} must be given here"),
            )
        }
        ast::RuleKind::Precedence { winner, over } => {
            let (w, o) = (
                field_index(object, fields, winner, d),
                field_index(object, fields, over, d),
            );
            let msg = format!("`{}` takes precedence over `{}`", winner.value, over.value);
            (
                RuleKindIr::Precedence {
                    winner: w?,
                    over: o?,
                },
                "precedence",
                true,
                msg,
            )
        }
    };
    if let Some(code) = &r.code {
        let ok = !code.value.is_empty()
            && code
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
        if !ok {
            d.push(Diagnostic::bad_value(
                code.span,
                format!("rule code `{}` is not a lowercase code", code.value),
                "use lowercase letters, digits, `_` and `.`, e.g. `ignored_for_transfer`",
            ));
        }
    }
    Some(RuleIr {
        kind,
        warning,
        code: r
            .code
            .as_ref()
            .map_or_else(|| default_code.to_string(), |c| c.value.clone()),
        message: r.message.clone().unwrap_or(default_message),
        span: r.span,
    })
}

fn lower_param(ctx: &Ctx<'_>, p: &ast::Param, d: &mut Vec<Diagnostic>) -> ParamIr {
    let rust_name = rust_name(
        &p.rust_name,
        ident::snake(&p.name.value),
        p.name.span,
        "parameter",
        &p.name.value,
        d,
    );
    ParamIr {
        wire_name: p.name.value.clone(),
        arg_name: ident::clear_of(&rust_name, ident::METHOD_LOCALS, "param"),
        const_name: ident::header_constant(&p.name.value),
        rust_name,
        location: match p.location {
            ast::ParamLocation::Path => ParamLocation::Path,
            ast::ParamLocation::Query => ParamLocation::Query,
            ast::ParamLocation::Header => ParamLocation::Header,
        },
        shape: lower_shape(ctx, &p.ty, d),
        required: p.required,
        description: p.description.clone(),
        example: p.example.clone(),
        span: p.name.span,
    }
}

fn lower_operation(
    ctx: &Ctx<'_>,
    op: &ast::Operation,
    auth: &[AuthIr],
    undecoded_auth: &[String],
    api_ct: &[String],
    d: &mut Vec<Diagnostic>,
) -> OperationIr {
    let method = match op.method.value.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => {
            d.push(Diagnostic::invalid_value(
                op.method.span,
                "method",
                &op.method.value,
                &["GET", "POST", "PUT", "PATCH", "DELETE"],
            ));
            Method::Get
        }
    };
    let mut params: Vec<ParamIr> = op
        .parameters
        .iter()
        .map(|p| lower_param(ctx, p, d))
        .collect();
    separate_parameters_by_location(&mut params, &op.parameters);
    let segments = parse_path(op, &params, d);
    let auth_names = match &op.auth {
        None => auth.iter().map(|a| a.name.clone()).collect(),
        Some(list) => list
            .iter()
            .filter_map(|n| {
                if auth.iter().any(|a| a.name == n.value) {
                    Some(n.value.clone())
                } else if undecoded_auth.contains(&n.value) {
                    // Declared, with its mistake reported at the declaration.
                    None
                } else {
                    let hint = match did_you_mean(&n.value, auth.iter().map(|a| a.name.as_str())) {
                        Some(b) => format!(
                            "did you mean `{b}`? auth schemes are declared under `api.auth`"
                        ),
                        None => "declare the scheme under `api.auth`, or remove it from the list"
                            .to_string(),
                    };
                    d.push(Diagnostic::invalid(
                        "unknown-auth",
                        n.span,
                        format!("unknown auth scheme `{}`", n.value),
                        "not declared",
                        hint,
                    ));
                    None
                }
            })
            .collect(),
    };
    let request = op.request.as_ref().map(|r| RequestIr {
        shape: lower_shape(ctx, &r.body, d),
        required: r.required,
        content_types: if r.content_types.is_empty() {
            api_ct.to_vec()
        } else {
            r.content_types.iter().map(|c| c.value.clone()).collect()
        },
    });
    let mut responses: Vec<ResponseIr> = Vec::new();
    for (status, r) in &op.responses {
        let st = if status.value == "default" {
            Status::Default
        } else {
            match status.value.parse::<u16>() {
                Ok(c) if (100..=599).contains(&c) && status.value.len() == 3 => Status::Code(c),
                _ => {
                    d.push(Diagnostic::bad_value(
                        status.span,
                        format!("`{}` is not an HTTP status", status.value),
                        "use a three-digit status code such as \"200\" or \"404\", or `default`",
                    ));
                    continue;
                }
            }
        };
        responses.push(ResponseIr {
            status: st,
            description: r.description.clone(),
            body: r.body.as_ref().map(|b| lower_shape(ctx, b, d)),
            content_types: if r.content_types.is_empty() {
                api_ct.to_vec()
            } else {
                r.content_types.iter().map(|c| c.value.clone()).collect()
            },
        });
    }
    responses.sort_by_key(|r| r.status);
    let rust_name = name_or_report(
        ident::snake(&op.id.value),
        op.id.span,
        "operation",
        &op.id.value,
        d,
    );
    let (response_type, error_type) = ident::operation_type_names(&rust_name);
    OperationIr {
        id: op.id.value.clone(),
        rust_name,
        response_type,
        error_type,
        summary: op.summary.clone(),
        description: op.description.clone(),
        method,
        path: op.path.value.clone(),
        segments,
        auth: auth_names,
        params,
        request,
        responses,
        deprecated: op.deprecated,
        idempotent: op.idempotent.unwrap_or(method.idempotent()),
        span: op.id.span,
    }
}

/// Parameters in different places (a query parameter `type` and a header `Type`) may share a
/// Rust name; OpenAPI allows it. The first one declared keeps the name, and each later one whose
/// name was derived (not given with `rust_name:`) gets its location as a suffix: `type_header`.
/// Parameters in the same place with the same Rust name stay a collision, reported by the
/// check.
fn separate_parameters_by_location(params: &mut [ParamIr], input: &[ast::Param]) {
    for i in 1..params.len() {
        if input[i].rust_name.is_some() {
            continue;
        }
        let clash = params[..i].iter().any(|p| {
            ident::unraw(&p.rust_name) == ident::unraw(&params[i].rust_name)
                && p.location != params[i].location
        });
        if clash {
            let suffix = match params[i].location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            let renamed = format!("{}_{suffix}", ident::unraw(&params[i].rust_name));
            params[i].arg_name = ident::clear_of(&renamed, ident::METHOD_LOCALS, "param");
            params[i].rust_name = renamed;
        }
    }
}

/// Splits a path template into literals and parameters; reports parameters that are used but
/// not declared, and declared but not used.
fn parse_path(
    op: &ast::Operation,
    params: &[ParamIr],
    d: &mut Vec<Diagnostic>,
) -> Vec<PathSegment> {
    let path = &op.path.value;
    let mut segments = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    let mut undeclared: Vec<(&str, Span)> = Vec::new();
    let mut rest = path.as_str();
    let mut offset = 0usize;
    // The span of the path value includes quotes when quoted; find the text start.
    let base = op.path.span.start + usize::from(op.path.span.end - op.path.span.start > path.len());
    if !path.starts_with('/') {
        d.push(Diagnostic::bad_value(
            op.path.span,
            format!("path `{path}` does not start with `/`"),
            "write the path relative to the server URL, starting with `/`",
        ));
    }
    while let Some(open) = rest.find('{') {
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_string()));
        }
        let Some(close) = rest[open..].find('}') else {
            d.push(Diagnostic::bad_value(
                op.path.span,
                format!("path `{path}` has a `{{` without `}}`"),
                "close the parameter with `}`",
            ));
            return segments;
        };
        let name = &rest[open + 1..open + close];
        let span = Span::new(
            op.path.span.file,
            base + offset + open,
            base + offset + open + close + 1,
        );
        match params
            .iter()
            .position(|p| p.wire_name == name && p.location == ParamLocation::Path)
        {
            Some(i) => segments.push(PathSegment::Param(i)),
            None => undeclared.push((name, span)),
        }
        used.push(name);
        offset += open + close + 1;
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_string()));
    }
    let mut unused: Vec<&ParamIr> = params
        .iter()
        .filter(|p| p.location == ParamLocation::Path && !used.contains(&p.wire_name.as_str()))
        .collect();
    // A template name with no parameter and a parameter not in the template are usually one
    // mistake (a misspelling or a rename): report them together, once.
    for (name, span) in undeclared {
        if unused.is_empty() {
            d.push(Diagnostic::undeclared_path_param(span, name, &op.id.value));
        } else {
            let p = unused.remove(0);
            d.push(Diagnostic::mismatched_path_param(
                span,
                name,
                &op.id.value,
                &p.wire_name,
                p.span,
            ));
        }
    }
    for p in unused {
        d.push(Diagnostic::unused_path_param(p.span, &p.wire_name, path));
    }
    segments
}

#[cfg(test)]
#[path = "lower_tests.rs"]
mod tests;
