//! Cross-cutting checks. Each is a named function with the rule it enforces; all of them
//! report every violation and never stop early.

use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::source::Span;
use std::collections::BTreeMap;

/// Runs every check on the lowered IR.
pub fn check_ir(ir: &Ir, d: &mut Vec<Diagnostic>) {
    for api in &ir.apis {
        rust_names_are_unique(api, d);
        union_variants_are_objects_without_the_tag(api, d);
        rule_values_fit_their_fields(api, d);
        values_fit_their_types(api, d);
        no_type_is_defined_only_by_itself(api, d);
    }
}

/// A type must not be defined in terms of itself through aliases and `one_of` alternatives
/// alone (`A: { type: A }`, or `A` one of `B`, `B` an alias of `A`): no JSON value has such a
/// type, the Rust type could never be built, and validation would never reach a value to stop
/// at. A cycle through an object field, an array or a map is fine.
fn no_type_is_defined_only_by_itself(api: &ApiIr, d: &mut Vec<Diagnostic>) {
    fn named(s: &Shape) -> Option<&str> {
        match &s.kind {
            ShapeKind::Named(n) => Some(n.as_str()),
            _ => None,
        }
    }
    fn edges(t: &TypeIr) -> Vec<&str> {
        match &t.kind {
            TypeKind::Alias(s) => named(s).into_iter().collect(),
            TypeKind::OneOf(o) => o.variants.iter().filter_map(|v| named(&v.shape)).collect(),
            _ => Vec::new(),
        }
    }
    let index: BTreeMap<&str, &TypeIr> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    // 0 = unvisited, 1 = on the current path, 2 = done. Iterative, so deep chains cannot
    // overflow the stack.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let mut reported: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for start in api.types.iter().map(|t| t.name.as_str()) {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<(&str, Vec<&str>)> = vec![(
            start,
            index.get(start).map(|t| edges(t)).unwrap_or_default(),
        )];
        state.insert(start, 1);
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            match next.pop() {
                Some(to) => match state.get(to).copied().unwrap_or(0) {
                    0 => {
                        state.insert(to, 1);
                        let e = index.get(to).map(|t| edges(t)).unwrap_or_default();
                        path.push((to, e));
                    }
                    1 => {
                        let from = path.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let mut cycle: Vec<&str> = path[from..].iter().map(|(n, _)| *n).collect();
                        cycle.push(to);
                        if let Some(t) = index.get(to).filter(|_| reported.insert(to)) {
                            d.push(Diagnostic::invalid(
                                "self-defined-type",
                                t.span,
                                format!("type `{to}` is defined only in terms of itself ({})", cycle.join(" → ")),
                                "no value can have this type",
                                "break the cycle with an object field, an array or a map (for a recursive structure, make the recursive field optional)",
                            ));
                        }
                    }
                    _ => {}
                },
                None => {
                    state.insert(node, 2);
                    path.pop();
                }
            }
        }
    }
}

/// Two items of one scope must not get the same Rust name, even when their wire names differ
/// (`noteHtml` and `note_html`): the generated code would not compile.
fn rust_names_are_unique(api: &ApiIr, d: &mut Vec<Diagnostic>) {
    // For the scopes of derived names: the first item of each own Rust name. Items whose own
    // names already collide are reported once, in their own scope.
    fn first_of_each(names: Vec<&str>) -> Vec<usize> {
        let mut seen = std::collections::BTreeSet::new();
        (0..names.len())
            .filter(|&i| seen.insert(crate::ident::unraw(names[i])))
            .collect()
    }
    let scope = |what: &str, items: Vec<(&str, &str, Span)>, d: &mut Vec<Diagnostic>| {
        let mut seen: BTreeMap<&str, (&str, Span)> = BTreeMap::new();
        for (wire, rust, span) in items {
            if rust == crate::ident::PLACEHOLDER {
                continue;
            }
            let key = crate::ident::unraw(rust);
            match seen.get(key) {
                Some((other, first)) if *other != wire => {
                    d.push(Diagnostic::rust_name_collision(
                        span, what, wire, other, key, *first,
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (wire, span));
                }
            }
        }
    };
    // Types share the module with the generated helper items.
    let mut types: Vec<(&str, &str, Span)> = api
        .types
        .iter()
        .map(|t| (t.name.as_str(), t.rust_name.as_str(), t.span))
        .collect();
    types.sort_by_key(|t| t.2);
    scope("type", types, d);
    for t in &api.types {
        match &t.kind {
            TypeKind::Object(o) => {
                scope(
                    "field",
                    o.fields
                        .iter()
                        .map(|f| (f.wire_name.as_str(), f.rust_name.as_str(), f.span))
                        .collect(),
                    d,
                );
            }
            TypeKind::Enum(e) => {
                let mut items: Vec<(&str, &str, Span)> = e
                    .values
                    .iter()
                    .map(|v| (v.wire.as_str(), v.rust_name.as_str(), v.span))
                    .collect();
                if e.open {
                    // The catch-all variant of an open enum.
                    if let Some(v) = e
                        .values
                        .iter()
                        .find(|v| crate::ident::unraw(&v.rust_name) == "Other")
                    {
                        d.push(Diagnostic::invalid(
                            "rust-name-collision",
                            v.span,
                            format!("enum value `{}` becomes `Other`, the variant that keeps unknown values of the open enum `{}`", v.wire, t.name),
                            "becomes `Other`",
                            "give the value a `rust_name:`",
                        ));
                    }
                }
                items.sort_by_key(|i| i.2);
                scope("enum value", items, d);
            }
            TypeKind::Union(u) => scope(
                "union variant",
                u.variants
                    .iter()
                    .map(|v| (v.tag_value.as_str(), v.rust_name.as_str(), v.span))
                    .collect(),
                d,
            ),
            TypeKind::OneOf(o) => scope(
                "one_of variant",
                o.variants
                    .iter()
                    .map(|v| (v.name.as_str(), v.rust_name.as_str(), v.shape.span))
                    .collect(),
                d,
            ),
            TypeKind::Alias(_) => {}
        }
    }
    scope(
        "operation",
        api.operations
            .iter()
            .map(|o| (o.id.as_str(), o.rust_name.as_str(), o.span))
            .collect(),
        d,
    );
    scope(
        "header",
        api.headers
            .iter()
            .map(|h| (h.wire_name.as_str(), h.rust_name.as_str(), h.span))
            .collect(),
        d,
    );
    let headers = first_of_each(api.headers.iter().map(|h| h.rust_name.as_str()).collect());
    for op in &api.operations {
        // An operation's parameters, and the API-wide headers it sends (each header once).
        let mut items: Vec<(&str, &str, Span)> = op
            .params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.rust_name.as_str(), p.span))
            .collect();
        items.extend(
            headers
                .iter()
                .map(|&i| &api.headers[i])
                .map(|p| (p.wire_name.as_str(), p.rust_name.as_str(), p.span)),
        );
        scope("parameter", items, d);
        // The client method's arguments (a template that uses a parameter twice still
        // declares it once, so it is one argument).
        let params = first_of_each(op.params.iter().map(|p| p.rust_name.as_str()).collect());
        scope(
            "argument",
            params
                .iter()
                .map(|&i| &op.params[i])
                .map(|p| (p.wire_name.as_str(), p.arg_name.as_str(), p.span))
                .collect(),
            d,
        );
        // The fields of the mock's typed request: the arguments, clear of `body` and `raw`.
        let fields: Vec<(&str, String, Span)> = params
            .iter()
            .map(|&i| &op.params[i])
            .map(|p| {
                let field = crate::ident::mock_request_field(&p.arg_name);
                (p.wire_name.as_str(), field, p.span)
            })
            .collect();
        scope(
            "mock request field",
            fields
                .iter()
                .map(|(w, f, s)| (*w, f.as_str(), *s))
                .collect(),
            d,
        );
    }
    // Names derived from other names: made by lowering, checked here with the rest.
    let ops = first_of_each(
        api.operations
            .iter()
            .map(|o| o.rust_name.as_str())
            .collect(),
    );
    scope(
        "client config field",
        headers
            .iter()
            .map(|&i| &api.headers[i])
            .map(|h| (h.wire_name.as_str(), h.arg_name.as_str(), h.span))
            .collect(),
        d,
    );
    scope(
        "header constant",
        headers
            .iter()
            .map(|&i| &api.headers[i])
            .map(|h| (h.wire_name.as_str(), h.const_name.as_str(), h.span))
            .collect(),
        d,
    );
    // The signing constructors of self-signed schemes sit beside the plain ones, and their
    // claims structs beside the operations' enums.
    fn signed(a: &AuthIr) -> Option<(&AuthIr, &SelfSignedJwt)> {
        match &a.kind {
            AuthKind::Bearer {
                self_signed: Some(s),
                ..
            } => Some((a, s)),
            _ => None,
        }
    }
    scope(
        "auth constructor",
        api.auth
            .iter()
            .map(|a| (a.name.as_str(), a.constructor.as_str(), a.span))
            .chain(
                api.auth
                    .iter()
                    .filter_map(signed)
                    .map(|(a, s)| (a.name.as_str(), s.constructor.as_str(), a.span)),
            )
            .collect(),
        d,
    );
    scope(
        "client type",
        api.auth
            .iter()
            .filter_map(signed)
            .map(|(a, s)| (a.name.as_str(), s.claims_type.as_str(), a.span))
            .chain(ops.iter().map(|&i| &api.operations[i]).flat_map(|o| {
                [
                    (o.id.as_str(), o.response_type.as_str(), o.span),
                    (o.id.as_str(), o.error_type.as_str(), o.span),
                ]
            }))
            .collect(),
        d,
    );
    for (_, s) in api.auth.iter().filter_map(signed) {
        scope(
            "claim field",
            s.claims
                .iter()
                .map(|c| (c.name.as_str(), c.rust_name.as_str(), c.span))
                .collect(),
            d,
        );
    }
}

/// A tagged union's variants must be object types, and must not declare the tag field
/// themselves (the union writes it).
fn union_variants_are_objects_without_the_tag(api: &ApiIr, d: &mut Vec<Diagnostic>) {
    for t in &api.types {
        let TypeKind::Union(u) = &t.kind else {
            continue;
        };
        for v in &u.variants {
            match api.ty(&v.type_name).map(|x| &x.kind) {
                Some(TypeKind::Object(o)) => {
                    if let Some(f) = o.fields.iter().find(|f| f.wire_name == u.tag) {
                        d.push(Diagnostic::invalid(
                            "union-tag-in-variant",
                            f.span,
                            format!(
                                "`{}` declares the field `{}`, which is the tag of union `{}`",
                                v.type_name, u.tag, t.name
                            ),
                            "the union writes this field",
                            format!(
                                "remove `{}` from `{}`; its value comes from the variant's tag",
                                u.tag, v.type_name
                            ),
                        ));
                    }
                }
                Some(_) => d.push(Diagnostic::invalid(
                    "union-variant-not-object",
                    v.span,
                    format!(
                        "variant `{}` of union `{}` is `{}`, which is not an object type",
                        v.tag_value, t.name, v.type_name
                    ),
                    "not an object",
                    "a tagged union's variants must be object types (with `fields:`)",
                )),
                None => {}
            }
        }
    }
}

/// The values a rule compares a field with must be values the field can take (e.g. a value of
/// its enum), otherwise the rule can never fire.
fn rule_values_fit_their_fields(api: &ApiIr, d: &mut Vec<Diagnostic>) {
    for t in &api.types {
        let TypeKind::Object(o) = &t.kind else {
            continue;
        };
        for r in &o.rules {
            let cond = match &r.kind {
                RuleKindIr::Forbidden { when, .. } | RuleKindIr::Required { when, .. } => when,
                RuleKindIr::Precedence { .. } => continue,
            };
            let ConditionTestIr::OneOf(values) = &cond.test else {
                continue;
            };
            let field = &o.fields[cond.field];
            for v in values {
                if !value_fits(api, &field.shape, v) {
                    d.push(Diagnostic::invalid(
                        "rule-value-mismatch",
                        r.span,
                        format!("rule compares `{}` with `{}`, which `{}` can never hold", field.wire_name, v, field.wire_name),
                        "this rule can never apply",
                        "compare with a value of the field's type (for an enum, one of its values, exactly spelled)",
                    ));
                }
            }
        }
    }
}

/// Defaults and const values must fit their field's type (and an enum's values).
fn values_fit_their_types(api: &ApiIr, d: &mut Vec<Diagnostic>) {
    for t in &api.types {
        let TypeKind::Object(o) = &t.kind else {
            continue;
        };
        for f in &o.fields {
            if let Some(def) = &f.default {
                if !value_fits(api, &f.shape, def) {
                    let ty = f.shape.type_name();
                    let mut diag = Diagnostic::value_type_mismatch(f.span, "default", &ty);
                    if let ShapeKind::Named(n) = &f.shape.kind {
                        if let Some(TypeKind::Enum(e)) = api.ty(n).map(|x| &x.kind) {
                            let names: Vec<&str> =
                                e.values.iter().map(|v| v.wire.as_str()).collect();
                            diag =
                                Diagnostic::default_not_in_enum(f.span, &json_text(def), n, &names);
                        }
                    }
                    d.push(diag);
                }
            }
        }
    }
}

fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a JSON value can be a value of the shape (types and enum values; not constraints).
pub fn value_fits(api: &ApiIr, s: &Shape, v: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (&s.kind, v) {
        (ShapeKind::Any, _) => true,
        (ShapeKind::String, V::String(_)) | (ShapeKind::Boolean, V::Bool(_)) => true,
        (ShapeKind::Int32, V::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
        (ShapeKind::Int64, V::Number(n)) => n.as_i64().is_some(),
        (ShapeKind::Number, V::Number(_)) => true,
        (ShapeKind::Array(items), V::Array(xs)) => xs.iter().all(|x| value_fits(api, items, x)),
        (ShapeKind::Map(values), V::Object(m)) => m.values().all(|x| value_fits(api, values, x)),
        (ShapeKind::Named(n), _) => match api.ty(n).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => match v {
                V::String(s) => e.open || e.values.iter().any(|x| &x.wire == s),
                _ => false,
            },
            Some(TypeKind::Alias(inner)) => value_fits(api, inner, v),
            Some(TypeKind::OneOf(o)) => o.variants.iter().any(|x| value_fits(api, &x.shape, v)),
            Some(TypeKind::Object(_)) | Some(TypeKind::Union(_)) => v.is_object(),
            None => true,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    //! One case per rule: a small schema that breaks it, the code it must report, and the same
    //! schema repaired, which must load cleanly.

    /// The error codes a schema yields, in source order.
    fn codes(yaml: &str) -> Vec<&'static str> {
        crate::load_str("t.yaml", yaml).diagnostics.error_codes()
    }

    fn api(types: &str, operations: &str) -> String {
        format!(
            "api: {{ name: t, title: T, version: \"1\", auth: {{ key: {{ scheme: bearer }} }} }}\n\
             types:\n{types}\noperations:\n{operations}\n"
        )
    }

    const NO_OPS: &str = "  {}";

    #[test]
    fn a_type_defined_only_by_itself_is_an_error() {
        let bad = api(
            "  A: { type: B }\n  B: { one_of: { X: A, Y: string } }",
            NO_OPS,
        );
        assert_eq!(codes(&bad), ["self-defined-type"]);
        let ok = api("  A: { fields: { next: A } }", NO_OPS);
        assert_eq!(codes(&ok), Vec::<&str>::new());
    }

    #[test]
    fn rust_names_collide_per_scope() {
        let fields = api(
            "  A: { fields: { noteHtml: string, note_html: string } }",
            NO_OPS,
        );
        assert_eq!(codes(&fields), ["rust-name-collision"]);
        let types = api(
            "  call_log: { fields: {} }\n  CallLog: { fields: {} }",
            NO_OPS,
        );
        assert_eq!(codes(&types), ["rust-name-collision"]);
        let values = api("  E: { enum: [in-progress, in_progress] }", NO_OPS);
        assert_eq!(codes(&values), ["rust-name-collision"]);
        let other = api("  E: { open: true, enum: [other] }", NO_OPS);
        assert_eq!(codes(&other), ["rust-name-collision"]);
        let ops = api(
            "  {}",
            "  getCall: { summary: a, method: GET, path: /a, responses: { \"204\": { description: ok } } }\n  get_call: { summary: b, method: GET, path: /b, responses: { \"204\": { description: ok } } }",
        );
        // One collision is one error, not one per derived name (`GetCallResponse`, ...).
        assert_eq!(codes(&ops), ["rust-name-collision"]);
        let fixed = api(
            "  A: { fields: { noteHtml: string, note_html: { type: string, rust_name: note_html_2 } } }",
            NO_OPS,
        );
        assert_eq!(codes(&fixed), Vec::<&str>::new());
    }

    #[test]
    fn client_names_derived_from_other_names_are_checked_too() {
        // Two parameters in one place whose Rust names collide: one error (not a second one for
        // their client arguments).
        let same_place = api(
            "  {}",
            "  get: { summary: a, method: GET, path: /a, parameters: { page-size: { in: query, type: string }, page_size: { in: query, type: string } }, responses: { \"204\": { description: ok } } }",
        );
        assert_eq!(codes(&same_place), ["rust-name-collision"]);
        // Two API headers that differ only in case and punctuation make one constant.
        let headers = "api: { name: t, title: T, version: \"1\", headers: { X-Trace: { type: string }, x_trace: { type: string } } }\n";
        assert_eq!(codes(headers), ["rust-name-collision"]);
    }

    #[test]
    fn mock_request_fields_are_checked_too() {
        // `raw` is a field of every mock request, so the parameter `raw` is `raw_param` there,
        // which a parameter of that name already is.
        let clash = api(
            "  {}",
            "  get: { summary: a, method: GET, path: /a, parameters: { raw: { in: query, type: string }, raw_param: { in: query, type: string } }, responses: { \"204\": { description: ok } } }",
        );
        assert_eq!(codes(&clash), ["rust-name-collision"]);
        let fine = api(
            "  {}",
            "  get: { summary: a, method: GET, path: /a, parameters: { raw: { in: query, type: string } }, responses: { \"204\": { description: ok } } }",
        );
        assert_eq!(codes(&fine), Vec::<&str>::new());
        assert_eq!(crate::ident::mock_request_field("raw"), "raw_param");
        assert_eq!(crate::ident::mock_request_field("body"), "body_param");
        assert_eq!(crate::ident::mock_request_field("r#type"), "r#type");
    }

    #[test]
    fn parameters_in_different_places_may_share_a_name() {
        let s = crate::load_str(
            "t.yaml",
            &api(
                "  {}",
                "  search: { summary: s, method: GET, path: /s, parameters: { type: { in: query, type: string }, Type: { in: header, type: string } }, responses: { \"204\": { description: ok } } }",
            ),
        );
        assert!(!s.diagnostics.has_errors(), "{:?}", s.diagnostics.sorted());
        let op = s.ir.apis[0].operation("search").expect("op");
        let names: Vec<&str> = op.params.iter().map(|p| p.arg_name.as_str()).collect();
        assert_eq!(names, ["r#type", "type_header"]);
    }

    #[test]
    fn union_variants_are_objects_without_the_tag() {
        let not_object = api(
            "  U: { union: { tag: kind, variants: { a: S } } }\n  S: { type: string }",
            NO_OPS,
        );
        assert_eq!(codes(&not_object), ["union-variant-not-object"]);
        let tag_in_variant = api(
            "  U: { union: { tag: kind, variants: { a: A } } }\n  A: { fields: { kind: string } }",
            NO_OPS,
        );
        assert_eq!(codes(&tag_in_variant), ["union-tag-in-variant"]);
        let ok = api(
            "  U: { union: { tag: kind, variants: { a: A } } }\n  A: { fields: { x: string } }",
            NO_OPS,
        );
        assert_eq!(codes(&ok), Vec::<&str>::new());
    }

    #[test]
    fn rule_values_fit_their_fields() {
        let bad = api(
            "  E: { enum: [A, B] }\n  O:\n    fields: { e: E, x: string }\n    rules: [ { forbidden: [x], when: { field: e, equals: C } } ]",
            NO_OPS,
        );
        assert_eq!(codes(&bad), ["rule-value-mismatch"]);
        let ok = bad.replace("equals: C", "equals: B");
        assert_eq!(codes(&ok), Vec::<&str>::new());
    }

    #[test]
    fn defaults_and_consts_fit_their_types() {
        let bad = api(
            "  O: { fields: { n: { type: int32, default: \"x\" }, s: { type: string, const: 3 } } }",
            NO_OPS,
        );
        assert_eq!(codes(&bad), ["value-type-mismatch", "value-type-mismatch"]);
        let ok = api(
            "  O: { fields: { n: { type: int32, default: 3 }, s: { type: string, const: x } } }",
            NO_OPS,
        );
        assert_eq!(codes(&ok), Vec::<&str>::new());
    }
}
