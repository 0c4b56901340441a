//! Tests of lowering: one case per rule that lowering enforces (with the input-shape checks it
//! runs), a small schema that breaks it and the code it must report; and what lowering makes of
//! valid input.

use crate::ir::*;

/// The error codes a schema yields, in source order.
fn codes(yaml: &str) -> Vec<&'static str> {
    crate::load_str("t.yaml", yaml).diagnostics.error_codes()
}

const API: &str = "api: { name: t, title: T, version: \"1\", auth: { key: { scheme: bearer } } }\n";

fn types(t: &str) -> String {
    format!("{API}types:\n{t}\n")
}

fn op(o: &str) -> String {
    format!(
        "{API}types:\n  B: {{ fields: {{ x: string }} }}\noperations:\n  o:\n    summary: s\n{o}\n    responses: {{ \"200\": {{ description: ok, body: B }} }}\n"
    )
}

#[test]
fn type_references_resolve_or_are_reported() {
    assert_eq!(
        codes(&types("  A: { fields: { b: Bee } }")),
        ["unknown-type"]
    );
    assert_eq!(codes(&types("  string: { fields: {} }")), ["reserved-name"]);
    assert_eq!(
        codes(&types("  A: { fields: {} }\n  A2: { fields: {} }")),
        Vec::<&str>::new()
    );
}

#[test]
fn enums_need_values_and_a_default_among_them() {
    assert_eq!(codes(&types("  E: { enum: [] }")), ["empty-enum"]);
    assert_eq!(
        codes(&types("  E: { enum: [A], default: B }")),
        ["default-not-in-enum"]
    );
    assert_eq!(
        codes(&types("  U: { union: { tag: k, variants: {} } }")),
        ["empty-union"]
    );
}

#[test]
fn rules_name_fields_of_their_object() {
    let bad = types(
        "  O:\n    fields: { a: string }\n    rules: [ { required: [b], when: { field: a, present: true } } ]",
    );
    assert_eq!(codes(&bad), ["unknown-rule-field"]);
    let ok = types(
        "  O:\n    fields: { a: string, b: string }\n    rules: [ { required: [b], when: { field: a, present: true } } ]",
    );
    let s = crate::load_str("t.yaml", &ok);
    let TypeKind::Object(o) = &s.ir.apis[0].types[0].kind else {
        panic!("object")
    };
    assert_eq!(
        o.rules[0].kind,
        RuleKindIr::Required {
            fields: vec![1],
            when: ConditionIr {
                field: 0,
                test: ConditionTestIr::Present(true)
            }
        }
    );
}

#[test]
fn constraints_fit_their_type_and_can_be_met() {
    assert_eq!(
        codes(&types(
            "  O: { fields: { a: { type: string, max_items: 3 } } }"
        )),
        ["constraint-type-mismatch"]
    );
    assert_eq!(
        codes(&types(
            "  O: { fields: { a: { type: int32, minimum: 5, maximum: 1 } } }"
        )),
        ["impossible-constraint"]
    );
    assert_eq!(
        codes(&types(
            "  O: { fields: { a: { type: string, pattern: \"(\" } } }"
        )),
        ["invalid-pattern"]
    );
    assert_eq!(
        codes(&types(
            "  O: { fields: { a: { type: int32, format: uuid } } }"
        )),
        ["constraint-type-mismatch"]
    );
}

#[test]
fn path_parameters_match_the_template() {
    assert_eq!(
        codes(&op("    method: GET\n    path: /a/{id}")),
        ["undeclared-path-parameter"]
    );
    assert_eq!(
        codes(&op(
            "    method: GET\n    path: /a\n    parameters: { id: { in: path, type: string } }"
        )),
        ["unused-path-parameter"]
    );
    // A parameter the template uses twice is declared once, and fills both places.
    let s = crate::load_str(
        "t.yaml",
        &op(
            "    method: GET\n    path: /a/{id}/b/{id}\n    parameters: { id: { in: path, type: string } }",
        ),
    );
    assert!(!s.diagnostics.has_errors());
    let o = &s.ir.apis[0].operations[0];
    assert_eq!(o.params.len(), 1);
    let uses = o
        .segments
        .iter()
        .filter(|s| **s == PathSegment::Param(0))
        .count();
    assert_eq!(uses, 2);
}

#[test]
fn methods_statuses_and_auth_names_are_checked() {
    assert_eq!(
        codes(&op("    method: FETCH\n    path: /a")),
        ["invalid-value"]
    );
    let bad_status = format!(
        "{API}operations:\n  o: {{ summary: s, method: GET, path: /a, responses: {{ \"2xx\": {{ description: ok }} }} }}\n"
    );
    assert_eq!(codes(&bad_status), ["invalid-value"]);
    assert_eq!(
        codes(&op("    method: GET\n    path: /a\n    auth: [token]")),
        ["unknown-auth"]
    );
}

#[test]
fn server_variables_match_the_url() {
    let undeclared = "api: { name: t, title: T, version: \"1\", servers: [ { url: \"https://{org}.example.com\" } ] }\n";
    assert_eq!(codes(undeclared), ["undeclared-server-variable"]);
    let unused = "api: { name: t, title: T, version: \"1\", servers: [ { url: \"https://example.com\", variables: { org: { default: x } } } ] }\n";
    assert_eq!(codes(unused), ["unused-server-variable"]);
}

#[test]
fn names_are_made_here_for_everything_the_output_contains() {
    let s = crate::load_str(
        "t.yaml",
        "api: { name: t, title: T, version: \"1\", auth: { api_key: { scheme: bearer } }, headers: { Timeout: { type: string }, API-Name: { type: string } } }\n\
             operations:\n  self:\n    summary: s\n    method: POST\n    path: /a/{body}\n    parameters: { body: { in: path, type: string } }\n    responses: { \"204\": { description: ok } }\n",
    );
    assert!(!s.diagnostics.has_errors(), "{:?}", s.diagnostics.sorted());
    let api = &s.ir.apis[0];
    let o = &api.operations[0];
    assert_eq!(
        (
            o.rust_name.as_str(),
            o.response_type.as_str(),
            o.error_type.as_str()
        ),
        ("self_", "SelfResponse", "SelfError")
    );
    assert_eq!(
        o.params[0].arg_name, "body_param",
        "clear of the method's locals"
    );
    let h: Vec<(&str, &str)> = api
        .headers
        .iter()
        .map(|h| (h.arg_name.as_str(), h.const_name.as_str()))
        .collect();
    assert_eq!(
        h,
        [
            ("timeout_header", "TIMEOUT"),
            ("api_name", "API_NAME_HEADER")
        ]
    );
    assert_eq!(api.auth[0].constructor, "api_key");
    assert_eq!(api.auth[0].rust_name, "ApiKey");
}

#[test]
fn unknown_members_setting_lowers() {
    let s = crate::load_str(
        "t.yaml",
        &types("  A: { unknown_fields: reject, fields: { a: string } }\n  B: { fields: {} }"),
    );
    let reject: Vec<bool> = s.ir.apis[0]
        .types
        .iter()
        .map(|t| matches!(&t.kind, TypeKind::Object(o) if o.reject_unknown))
        .collect();
    assert_eq!(reject, [true, false]);
    assert_eq!(
        codes(&types("  A: { unknown_fields: deny, fields: {} }")),
        ["invalid-value"]
    );
}

#[test]
fn a_mistake_is_reported_once_not_again_where_it_is_used() {
    // An unknown type name: its constraints are not checked against it.
    assert_eq!(
        codes(&types(
            "  O: { fields: { a: { type: int46, maximum: 5, items: string } } }"
        )),
        ["unknown-type"]
    );
    // Still checked against a type that exists, including the `integer` spelling.
    assert_eq!(
        codes(&types(
            "  O: { fields: { a: { type: integer, max_length: 5 } } }"
        )),
        ["constraint-type-mismatch"]
    );
    // An auth scheme that does not decode is still declared: operations naming it are not
    // told to declare it.
    let broken = "api: { name: t, title: T, version: \"1\", auth: { key: { scheme: bearr } } }\n\
        types:\n  B: { fields: { x: string } }\noperations:\n  o:\n    summary: s\n    method: GET\n    path: /x\n    auth: [key]\n    responses: { \"200\": { description: ok, body: B } }\n";
    let found = codes(broken);
    assert!(!found.contains(&"unknown-auth"), "{found:?}");
    assert_eq!(found.len(), 1, "{found:?}");
    // A name that is declared nowhere still is.
    let undeclared = broken.replace("auth: [key]", "auth: [other]");
    assert!(codes(&undeclared).contains(&"unknown-auth"));
}
