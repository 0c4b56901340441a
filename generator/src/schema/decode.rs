//! Turns a YAML [`Node`] tree into the [`ast`](super::ast), checking every key.
//!
//! Decoding never stops at the first mistake: an unknown key, a value of the wrong kind or a
//! missing key is recorded and decoding carries on with the rest of the file.

use super::ast::*;
use super::yaml::{Key, Node, NodeKind};
use crate::diagnostics::Diagnostic;

use super::keys::*;
/// Reads one mapping: checks keys against the allowed list and hands out values by key.
use super::reader::*;

fn concat(parts: &[&[&'static str]]) -> Vec<&'static str> {
    parts.iter().flat_map(|p| p.iter().copied()).collect()
}

/// Decodes a whole file. Returns `None` only when the top level is unusable.
pub fn decode_file(root: &Node, d: &mut Vec<Diagnostic>) -> Option<SchemaFile> {
    if matches!(root.kind, NodeKind::Null) {
        d.push(Diagnostic::missing_key(
            root.span,
            "api",
            "a schema file",
            "start the file with an `api:` section (see docs/schema-language.md)",
        ));
        return None;
    }
    let top = MapReader::new(root, "the schema file", "the top level", TOP_KEYS, d)?;
    let api = match top.require(
        "api",
        "start the file with an `api:` section giving at least `name`, `title` and `version`",
        d,
    ) {
        Some(n) => decode_api(n, d),
        None => None,
    };
    let types = top
        .entries_of("types", d)
        .into_iter()
        .filter_map(|(k, v)| decode_typedef(k, v, d))
        .collect();
    let operations = top
        .entries_of("operations", d)
        .into_iter()
        .filter_map(|(k, v)| decode_operation(k, v, d))
        .collect();
    Some(SchemaFile {
        span: root.span,
        api: api?,
        types,
        operations,
    })
}

fn decode_api(n: &Node, d: &mut Vec<Diagnostic>) -> Option<Api> {
    let m = MapReader::new(n, "api", "`api`", API_KEYS, d)?;
    let name = m
        .require(
            "name",
            "add `name: <module name>` in snake_case, e.g. `name: close`",
            d,
        )
        .and_then(|n| as_string(n, "name", d));
    let title = m
        .require("title", "add a human-readable `title:`", d)
        .and_then(|n| as_string(n, "title", d));
    let version = m
        .require(
            "version",
            "add the API version the schema describes, e.g. `version: \"1.0\"`",
            d,
        )
        .and_then(|n| as_string(n, "version", d));
    let mut servers = Vec::new();
    if let Some(sn) = m.get("servers") {
        match &sn.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    if let Some(s) = decode_server(item, d) {
                        servers.push(s);
                    }
                }
            }
            _ => d.push(Diagnostic::wrong_type(
                sn.span,
                "servers",
                "a list of servers",
                sn.kind_name(),
            )),
        }
    }
    let mut auth = Vec::new();
    let mut undecoded_auth = Vec::new();
    for (k, v) in m.entries_of("auth", d) {
        match decode_auth(k, v, d) {
            Some(a) => auth.push(a),
            None => undecoded_auth.push(k.text.clone()),
        }
    }
    let headers = m
        .entries_of("headers", d)
        .into_iter()
        .filter_map(|(k, v)| decode_param(k, v, Some(ParamLocation::Header), d))
        .collect();
    let content_types = m.string_list("content_types", d).unwrap_or_default();
    Some(Api {
        name: name?,
        title: title?.value,
        version: version?.value,
        description: m.text("description", d),
        servers,
        auth,
        undecoded_auth,
        headers,
        content_types,
        span: n.span,
    })
}

fn decode_server(n: &Node, d: &mut Vec<Diagnostic>) -> Option<Server> {
    let m = MapReader::new(n, "server", "a server", SERVER_KEYS, d)?;
    let url = m
        .require("url", "add the server's `url:`", d)
        .and_then(|n| as_string(n, "url", d));
    let variables = m
        .entries_of("variables", d)
        .into_iter()
        .filter_map(|(k, v)| {
            let vm = MapReader::new(v, &k.text, "a server variable", SERVER_VAR_KEYS, d)?;
            Some(ServerVariable {
                name: key_spanned(k),
                description: vm.text("description", d),
                default: vm.text("default", d),
            })
        })
        .collect();
    Some(Server {
        url: url?,
        description: m.text("description", d),
        variables,
    })
}

/// A bearer scheme's `self_signed:`: the algorithm, the lifetime and the claims.
fn decode_self_signed(n: &Node, d: &mut Vec<Diagnostic>) -> Option<SelfSigned> {
    let m = MapReader::new(n, "self_signed", "`self_signed`", SELF_SIGNED_KEYS, d)?;
    let algorithm = m
        .require(
            "algorithm",
            "add `algorithm:` with the JWT signing algorithm, e.g. `RS256`",
            d,
        )
        .and_then(|v| as_string(v, "algorithm", d));
    if let Some(a) = &algorithm {
        if !JWT_ALGORITHMS.contains(&a.value.as_str()) {
            d.push(Diagnostic::invalid_value(
                a.span,
                "algorithm",
                &a.value,
                JWT_ALGORITHMS,
            ));
        }
    }
    let lifetime = m.require(
        "lifetime_seconds",
        "add `lifetime_seconds:` with how long each token is valid, e.g. `300`",
        d,
    );
    let lifetime_seconds = lifetime.and_then(|_| m.count("lifetime_seconds", d));
    if let Some(l) = &lifetime_seconds {
        if l.value == 0 {
            d.push(Diagnostic::invalid(
                "invalid-value",
                l.span,
                "`lifetime_seconds` must be at least 1",
                "a token valid for no time",
                "give the token lifetime in seconds, e.g. `300`",
            ));
        }
    }
    let claims = m
        .entries_of("claims", d)
        .into_iter()
        .filter_map(|(ck, cv)| {
            let cm = MapReader::new(cv, &ck.text, "a claim", CLAIM_KEYS, d)?;
            if JWT_SIGNER_CLAIMS.contains(&ck.text.as_str()) {
                d.push(Diagnostic::invalid(
                    "invalid-value",
                    ck.span,
                    format!("the signer sets `{}` itself", ck.text),
                    "not a claim to declare",
                    "remove it: every self-signed token carries `iat`, `exp` and `jti`",
                ));
                return None;
            }
            Some(Claim {
                name: key_spanned(ck),
                description: cm.text("description", d),
                required: if cm.has("required") {
                    cm.boolean("required", d)
                } else {
                    true
                },
                example: cm.text("example", d),
                rust_name: cm.string("rust_name", d),
            })
        })
        .collect();
    Some(SelfSigned {
        algorithm: algorithm?,
        lifetime_seconds: lifetime_seconds?,
        claims,
    })
}

fn decode_auth(k: &Key, n: &Node, d: &mut Vec<Diagnostic>) -> Option<AuthScheme> {
    let m = MapReader::new(n, &k.text, "an auth scheme", AUTH_KEYS, d)?;
    let scheme = m
        .require(
            "scheme",
            "add `scheme: bearer`, `scheme: basic` or `scheme: api_key`",
            d,
        )
        .and_then(|n| as_string(n, "scheme", d))?;
    let only = |keys: &[&str], scheme_name: &str, d: &mut Vec<Diagnostic>| {
        for key in [
            "bearer_format",
            "password_empty",
            "header",
            "prefix",
            "self_signed",
        ] {
            if !keys.contains(&key) {
                if let Some(span) = m.key_span(key) {
                    d.push(Diagnostic::invalid(
                        "unknown-key",
                        span,
                        format!("`{key}` does not apply to `scheme: {scheme_name}`"),
                        "not used by this scheme",
                        format!("remove `{key}`, or change the scheme"),
                    ));
                }
            }
        }
    };
    let kind = match scheme.value.as_str() {
        "bearer" => {
            only(&["bearer_format", "self_signed"], "bearer", d);
            AuthKind::Bearer {
                bearer_format: m.text("bearer_format", d),
                self_signed: m.get("self_signed").and_then(|n| decode_self_signed(n, d)),
            }
        }
        "basic" => {
            only(&["password_empty"], "basic", d);
            AuthKind::Basic {
                password_empty: m.boolean("password_empty", d),
            }
        }
        "api_key" => {
            only(&["header", "prefix"], "api_key", d);
            let header = m
                .require(
                    "header",
                    "add `header: Authorization` (or the header the token goes in)",
                    d,
                )
                .and_then(|n| as_string(n, "header", d))?;
            AuthKind::ApiKey {
                header: header.value,
                prefix: m.text("prefix", d),
            }
        }
        other => {
            d.push(Diagnostic::invalid_value(
                scheme.span,
                "scheme",
                other,
                AUTH_SCHEMES,
            ));
            return None;
        }
    };
    Some(AuthScheme {
        name: key_spanned(k),
        kind,
        description: m.text("description", d),
    })
}

/// Decodes a type expression: a bare name, or a mapping of `type` and attributes. `extra` are
/// the keys the caller reads itself (e.g. field attributes).
fn decode_type_expr<'a>(
    n: &'a Node,
    what: &str,
    context: &'static str,
    extra: &[&'static str],
    d: &mut Vec<Diagnostic>,
) -> Option<(TypeExpr, Option<MapReader<'a>>)> {
    if let NodeKind::Str(s) = &n.kind {
        let expr = TypeExpr {
            name: Spanned::new(s.clone(), n.span),
            attrs: Attrs::default(),
            span: n.span,
        };
        return Some((expr, None));
    }
    let allowed = concat(&[TYPE_ATTR_KEYS, extra]);
    let m = MapReader::new(n, what, context, &allowed, d)?;
    let name = m
        .require(
            "type",
            "add `type:` with a built-in type (string, int32, array, ...) or a name from `types:`",
            d,
        )
        .and_then(|t| as_string(t, "type", d));
    let attrs = decode_attrs(&m, d);
    let name = name?;
    Some((
        TypeExpr {
            name,
            attrs,
            span: n.span,
        },
        Some(m),
    ))
}

fn decode_attrs(m: &MapReader<'_>, d: &mut Vec<Diagnostic>) -> Attrs {
    let sub = |key: &str, d: &mut Vec<Diagnostic>| {
        m.get(key)
            .and_then(|n| decode_type_expr(n, key, "a type expression", &[], d))
            .map(|(e, _)| Box::new(e))
    };
    Attrs {
        format: m.string("format", d),
        minimum: m.number("minimum", d),
        maximum: m.number("maximum", d),
        min_length: m.count("min_length", d),
        max_length: m.count("max_length", d),
        min_items: m.count("min_items", d),
        max_items: m.count("max_items", d),
        pattern: m.string("pattern", d),
        const_value: m.json("const"),
        items: sub("items", d),
        values: sub("values", d),
    }
}

fn decode_field(k: &Key, n: &Node, d: &mut Vec<Diagnostic>) -> Option<Field> {
    let (ty, m) = decode_type_expr(n, &k.text, "a field", FIELD_EXTRA_KEYS, d)?;
    let Some(m) = m else {
        return Some(Field {
            name: key_spanned(k),
            ty,
            required: false,
            nullable: false,
            description: None,
            default: None,
            example: None,
            deprecated: false,
            read_only: false,
            write_only: false,
            rust_name: None,
            since: None,
        });
    };
    Some(Field {
        name: key_spanned(k),
        ty,
        required: m.boolean("required", d),
        nullable: m.boolean("nullable", d),
        description: m.text("description", d),
        default: m.json("default"),
        example: m.get("example").map(Node::to_json),
        deprecated: m.boolean("deprecated", d),
        read_only: m.boolean("read_only", d),
        write_only: m.boolean("write_only", d),
        rust_name: m.string("rust_name", d),
        since: m.text("since", d),
    })
}

fn decode_typedef(k: &Key, n: &Node, d: &mut Vec<Diagnostic>) -> Option<TypeDef> {
    let NodeKind::Map(entries) = &n.kind else {
        d.push(Diagnostic::wrong_type(
            n.span,
            &k.text,
            "a mapping with `fields:`, `enum:`, `union:`, `one_of:` or `type:`",
            n.kind_name(),
        ));
        return None;
    };
    let has = |key: &str| entries.iter().any(|(ek, _)| ek.text == key);
    let kinds: Vec<&str> = ["fields", "enum", "union", "one_of", "type"]
        .into_iter()
        .filter(|key| has(key))
        .collect();
    if kinds.len() > 1 {
        d.push(Diagnostic::invalid(
            "ambiguous-type-kind",
            k.span,
            format!("type `{}` has {} at once", k.text, kinds.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")),
            "more than one kind of type",
            "a named type is exactly one of: an object (`fields:`), an enum (`enum:`), a union (`union:`), an untagged union (`one_of:`) or an alias (`type:`)",
        ));
        return None;
    }
    let kind = kinds.first().copied().unwrap_or("fields");
    let allowed = match kind {
        "fields" => concat(&[TYPEDEF_COMMON, OBJECT_KEYS]),
        "enum" => concat(&[TYPEDEF_COMMON, ENUM_KEYS]),
        "union" => concat(&[TYPEDEF_COMMON, UNION_KEYS]),
        "one_of" => concat(&[TYPEDEF_COMMON, ONE_OF_KEYS]),
        _ => concat(&[TYPEDEF_COMMON, TYPE_ATTR_KEYS]),
    };
    let context: &'static str = match kind {
        "fields" => "an object type",
        "enum" => "an enum type",
        "union" => "a union type",
        "one_of" => "a one_of type",
        _ => "an alias type",
    };
    let m = MapReader::new(n, &k.text, context, &allowed, d)?;
    if kinds.is_empty() && !has("rules") {
        // An empty object type is fine (`fields` may be omitted); nothing to add.
    }
    let def_kind = match kind {
        "fields" => {
            let fields = m
                .entries_of("fields", d)
                .into_iter()
                .filter_map(|(fk, fv)| decode_field(fk, fv, d))
                .collect();
            let mut rules = Vec::new();
            if let Some(rn) = m.get("rules") {
                match &rn.kind {
                    NodeKind::Seq(items) => {
                        rules.extend(items.iter().filter_map(|r| decode_rule(r, d)))
                    }
                    _ => d.push(Diagnostic::wrong_type(
                        rn.span,
                        "rules",
                        "a list of rules",
                        rn.kind_name(),
                    )),
                }
            }
            let reject_unknown =
                m.string("unknown_fields", d)
                    .and_then(|u| match u.value.as_str() {
                        "allow" => Some(Spanned::new(false, u.span)),
                        "reject" => Some(Spanned::new(true, u.span)),
                        other => {
                            d.push(Diagnostic::invalid_value(
                                u.span,
                                "unknown_fields",
                                other,
                                UNKNOWN_FIELDS_VALUES,
                            ));
                            None
                        }
                    });
            TypeDefKind::Object {
                fields,
                rules,
                reject_unknown,
            }
        }
        "enum" => {
            let mut values = Vec::new();
            if let Some(en) = m.get("enum") {
                match &en.kind {
                    NodeKind::Seq(items) => {
                        for item in items {
                            if let Some(v) = decode_enum_value(item, d) {
                                values.push(v);
                            }
                        }
                    }
                    _ => d.push(Diagnostic::wrong_type(
                        en.span,
                        "enum",
                        "a list of values",
                        en.kind_name(),
                    )),
                }
            }
            TypeDefKind::Enum {
                values,
                open: m.boolean("open", d),
                default: m.string("default", d),
            }
        }
        "union" => {
            let un = m.get("union")?;
            let um = MapReader::new(un, "union", "`union`", UNION_INNER_KEYS, d)?;
            let tag = um
                .require(
                    "tag",
                    "add `tag:` with the wire name of the field that selects the variant",
                    d,
                )
                .and_then(|t| as_string(t, "tag", d));
            let variants = um
                .entries_of("variants", d)
                .into_iter()
                .filter_map(|(vk, vv)| as_string(vv, &vk.text, d).map(|t| (key_spanned(vk), t)))
                .collect::<Vec<_>>();
            if !um.has("variants") {
                d.push(Diagnostic::missing_key(
                    un.span,
                    "variants",
                    "`union`",
                    "map each tag value to an object type, e.g. `variants: { say: SayCommand }`",
                ));
            }
            TypeDefKind::Union {
                tag: tag?,
                variants,
            }
        }
        "one_of" => {
            let variants = m
                .entries_of("one_of", d)
                .into_iter()
                .filter_map(|(vk, vv)| {
                    decode_type_expr(vv, &vk.text, "a type expression", &[], d)
                        .map(|(e, _)| (key_spanned(vk), e))
                })
                .collect();
            TypeDefKind::OneOf { variants }
        }
        _ => {
            let name = m.string("type", d)?;
            TypeDefKind::Alias(Box::new(TypeExpr {
                name,
                attrs: decode_attrs(&m, d),
                span: n.span,
            }))
        }
    };
    Some(TypeDef {
        name: key_spanned(k),
        description: m.text("description", d),
        rust_name: m.string("rust_name", d),
        deprecated: m.boolean("deprecated", d),
        kind: def_kind,
    })
}

fn decode_enum_value(n: &Node, d: &mut Vec<Diagnostic>) -> Option<EnumValue> {
    if let Some(s) = n
        .scalar_text()
        .filter(|_| !matches!(n.kind, NodeKind::Map(_)))
    {
        return Some(EnumValue {
            value: Spanned::new(s, n.span),
            description: None,
            rust_name: None,
            deprecated: false,
        });
    }
    let m = MapReader::new(n, "enum value", "an enum value", ENUM_VALUE_KEYS, d)?;
    let value = m
        .require("value", "add `value:` with the exact wire spelling", d)
        .and_then(|v| as_string(v, "value", d))?;
    Some(EnumValue {
        value,
        description: m.text("description", d),
        rust_name: m.string("rust_name", d),
        deprecated: m.boolean("deprecated", d),
    })
}

fn decode_rule(n: &Node, d: &mut Vec<Diagnostic>) -> Option<Rule> {
    let m = MapReader::new(n, "rule", "a rule", RULE_KEYS, d)?;
    let kinds: Vec<&str> = ["forbidden", "required", "precedence"]
        .into_iter()
        .filter(|k| m.has(k))
        .collect();
    if kinds.len() != 1 {
        d.push(Diagnostic::invalid(
            "invalid-rule",
            n.span,
            "a rule needs exactly one of `forbidden`, `required` or `precedence`",
            "here",
            "write one rule per list item, e.g. `- forbidden: [a]` with `when: { field: b, equals: X }`",
        ));
        return None;
    }
    let warning = match m.string("severity", d) {
        None => false,
        Some(s) if s.value == "warning" => true,
        Some(s) if s.value == "error" => false,
        Some(s) => {
            d.push(Diagnostic::invalid_value(
                s.span, "severity", &s.value, SEVERITIES,
            ));
            false
        }
    };
    let when = |d: &mut Vec<Diagnostic>| -> Option<Condition> {
        let wn = m.require(
            "when",
            "add `when: { field: F, equals: V }` (or `one_of: [..]`, or `present: true`)",
            d,
        )?;
        decode_condition(wn, d)
    };
    let kind = match kinds[0] {
        "forbidden" => RuleKind::Forbidden {
            fields: m.string_list("forbidden", d)?,
            when: when(d)?,
        },
        "required" => RuleKind::Required {
            fields: m.string_list("required", d)?,
            when: when(d)?,
        },
        _ => {
            if let Some(span) = m.key_span("when") {
                d.push(Diagnostic::invalid(
                    "unknown-key",
                    span,
                    "`when` does not apply to a `precedence` rule",
                    "not used",
                    "a precedence rule applies whenever both fields are present; remove `when`",
                ));
            }
            let pn = m.get("precedence")?;
            let pm = MapReader::new(pn, "precedence", "`precedence`", PRECEDENCE_KEYS, d)?;
            let winner = pm
                .require("winner", "add `winner:` with the field that is used", d)
                .and_then(|v| as_string(v, "winner", d));
            let over = pm
                .require("over", "add `over:` with the field that is ignored", d)
                .and_then(|v| as_string(v, "over", d));
            RuleKind::Precedence {
                winner: winner?,
                over: over?,
            }
        }
    };
    Some(Rule {
        kind,
        warning,
        code: m.string("code", d),
        message: m.text("message", d),
        span: n.span,
    })
}

fn decode_condition(n: &Node, d: &mut Vec<Diagnostic>) -> Option<Condition> {
    let m = MapReader::new(n, "when", "a rule condition", CONDITION_KEYS, d)?;
    let field = m
        .require(
            "field",
            "add `field:` with the field the condition tests",
            d,
        )
        .and_then(|f| as_string(f, "field", d));
    let tests: Vec<&str> = ["equals", "one_of", "present"]
        .into_iter()
        .filter(|k| m.has(k))
        .collect();
    if tests.len() != 1 {
        d.push(Diagnostic::invalid(
            "invalid-rule",
            n.span,
            "a condition needs exactly one of `equals`, `one_of` or `present`",
            "here",
            "e.g. `when: { field: initiationMethod, equals: Transfer }`",
        ));
        return None;
    }
    let test = match tests[0] {
        "equals" => ConditionTest::Equals(m.json("equals")?),
        "one_of" => {
            let on = m.get("one_of")?;
            match &on.kind {
                NodeKind::Seq(items) => ConditionTest::OneOf(
                    items
                        .iter()
                        .map(|i| Spanned::new(i.to_json(), i.span))
                        .collect(),
                ),
                _ => {
                    d.push(Diagnostic::wrong_type(
                        on.span,
                        "one_of",
                        "a list of values",
                        on.kind_name(),
                    ));
                    return None;
                }
            }
        }
        _ => match m.get("present") {
            Some(Node {
                kind: NodeKind::Bool(b),
                ..
            }) => ConditionTest::Present(*b),
            Some(other) => {
                d.push(Diagnostic::wrong_type(
                    other.span,
                    "present",
                    "`true` or `false`",
                    other.kind_name(),
                ));
                return None;
            }
            None => return None,
        },
    };
    Some(Condition {
        field: field?,
        test,
    })
}

fn decode_param(
    k: &Key,
    n: &Node,
    fixed: Option<ParamLocation>,
    d: &mut Vec<Diagnostic>,
) -> Option<Param> {
    let (context, extra): (&'static str, &[&'static str]) = match fixed {
        Some(_) => ("a header", HEADER_KEYS),
        None => ("a parameter", PARAM_KEYS),
    };
    let (ty, m) = decode_type_expr(n, &k.text, context, extra, d)?;
    let Some(m) = m else {
        if fixed.is_none() {
            d.push(Diagnostic::missing_key(
                n.span,
                "in",
                "a parameter",
                "say where the parameter goes: `in: path`, `in: query` or `in: header`",
            ));
            return None;
        }
        return Some(Param {
            name: key_spanned(k),
            location: ParamLocation::Header,
            ty,
            required: false,
            description: None,
            example: None,
            rust_name: None,
        });
    };
    let location = match fixed {
        Some(l) => l,
        None => {
            let loc = m
                .require(
                    "in",
                    "say where the parameter goes: `in: path`, `in: query` or `in: header`",
                    d,
                )
                .and_then(|v| as_string(v, "in", d))?;
            match loc.value.as_str() {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                other => {
                    d.push(Diagnostic::invalid_value(
                        loc.span,
                        "in",
                        other,
                        PARAM_LOCATIONS,
                    ));
                    return None;
                }
            }
        }
    };
    let required = location == ParamLocation::Path || m.boolean("required", d);
    Some(Param {
        name: key_spanned(k),
        location,
        ty,
        required,
        description: m.text("description", d),
        example: m.get("example").map(Node::to_json),
        rust_name: m.string("rust_name", d),
    })
}

fn decode_operation(k: &Key, n: &Node, d: &mut Vec<Diagnostic>) -> Option<Operation> {
    let m = MapReader::new(n, &k.text, "an operation", OPERATION_KEYS, d)?;
    let summary = m
        .require("summary", "add a one-line `summary:`", d)
        .and_then(|v| as_string(v, "summary", d));
    let method = m
        .require(
            "method",
            "add `method:` (GET, POST, PUT, PATCH or DELETE)",
            d,
        )
        .and_then(|v| as_string(v, "method", d));
    let path = m
        .require(
            "path",
            "add `path:`, relative to the server URL, e.g. `/calls/{id}`",
            d,
        )
        .and_then(|v| as_string(v, "path", d));
    let parameters = m
        .entries_of("parameters", d)
        .into_iter()
        .filter_map(|(pk, pv)| decode_param(pk, pv, None, d))
        .collect();
    let request = m.get("request").and_then(|rn| {
        let rm = MapReader::new(rn, "request", "`request`", REQUEST_KEYS, d)?;
        let body = rm.require("body", "add `body:` with the request body's type", d)?;
        let (body, _) = decode_type_expr(body, "body", "a type expression", &[], d)?;
        let required = if rm.has("required") {
            rm.boolean("required", d)
        } else {
            true
        };
        Some(RequestBody {
            body,
            required,
            content_types: rm.string_list("content_types", d).unwrap_or_default(),
        })
    });
    let responses = m
        .entries_of("responses", d)
        .into_iter()
        .filter_map(|(rk, rv)| {
            let rm = MapReader::new(rv, &rk.text, "a response", RESPONSE_KEYS, d)?;
            let description = rm
                .require(
                    "description",
                    "add a `description:` of what this status means",
                    d,
                )
                .and_then(|v| as_string(v, "description", d));
            let body = rm
                .get("body")
                .and_then(|b| decode_type_expr(b, "body", "a type expression", &[], d))
                .map(|(e, _)| e);
            Some((
                key_spanned(rk),
                ResponseDef {
                    description: description?.value,
                    body,
                    content_types: rm.string_list("content_types", d).unwrap_or_default(),
                },
            ))
        })
        .collect();
    if !m.has("responses") {
        d.push(Diagnostic::missing_key(k.span, "responses", "an operation", "list the documented responses by status, e.g. `responses: { \"200\": { description: OK } }`"));
    }
    Some(Operation {
        id: key_spanned(k),
        summary: summary?.value,
        description: m.text("description", d),
        method: method?,
        path: path?,
        auth: m.string_list("auth", d),
        parameters,
        request,
        responses,
        deprecated: m.boolean("deprecated", d),
        idempotent: m.has("idempotent").then(|| m.boolean("idempotent", d)),
    })
}
