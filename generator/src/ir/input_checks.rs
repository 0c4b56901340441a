//! Checks on the input's shape that lowering runs while it still has the syntax tree, where
//! each attribute and URL variable has its own location: server URL variables, and constraints
//! against the type they are written on. Cross-cutting checks on the lowered IR live in
//! `check.rs`, which never sees the syntax tree.

use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::schema::ast;

/// Every `{variable}` of a server URL must be declared, and every declared one used. Runs on
/// the input, where the URL and each variable have their own location.
pub(crate) fn server_variables_match_the_url(server: &ast::Server, d: &mut Vec<Diagnostic>) {
    let url = &server.url.value;
    let mut used = Vec::new();
    let mut rest = url.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            d.push(Diagnostic::bad_value(
                server.url.span,
                format!("server URL `{url}` has a `{{` without `}}`"),
                "close the variable with `}`",
            ));
            break;
        };
        used.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    for name in &used {
        if !server.variables.iter().any(|v| v.name.value == *name) {
            d.push(Diagnostic::invalid(
                "undeclared-server-variable",
                server.url.span,
                format!("server URL uses `{{{name}}}`, which is not declared"),
                format!("`{{{name}}}` has no variable"),
                format!("declare it under `variables:` as `{name}: {{ description: ... }}`"),
            ));
        }
    }
    for v in &server.variables {
        if !used.contains(&v.name.value.as_str()) {
            d.push(Diagnostic::invalid(
                "unused-server-variable",
                v.name.span,
                format!(
                    "server variable `{}` does not appear in the URL `{url}`",
                    v.name.value
                ),
                "not in the URL",
                format!(
                    "add `{{{}}}` to the URL, or remove the variable",
                    v.name.value
                ),
            ));
        }
    }
}

/// Constraints must fit the type they are on, must be satisfiable, and patterns must compile.
/// Runs on the input attributes, where each constraint has its own location.
pub(crate) fn constraints_fit(
    kind: &ShapeKind,
    type_name: &str,
    attrs: &ast::Attrs,
    d: &mut Vec<Diagnostic>,
) {
    let is_string = matches!(kind, ShapeKind::String);
    let is_int = matches!(kind, ShapeKind::Int32 | ShapeKind::Int64);
    let is_num = is_int || matches!(kind, ShapeKind::Number);
    let is_array = matches!(kind, ShapeKind::Array(_));
    let mismatch =
        |ok: bool, span: Option<Span>, key: &str, applies: &str, d: &mut Vec<Diagnostic>| {
            if let (false, Some(span)) = (ok, span) {
                d.push(Diagnostic::constraint_type_mismatch(
                    span, key, type_name, applies,
                ));
            }
        };
    mismatch(
        is_string,
        attrs.format.as_ref().map(|x| x.span),
        "format",
        "`type: string`",
        d,
    );
    mismatch(
        is_string,
        attrs.pattern.as_ref().map(|x| x.span),
        "pattern",
        "`type: string`",
        d,
    );
    mismatch(
        is_string,
        attrs.min_length.as_ref().map(|x| x.span),
        "min_length",
        "`type: string`",
        d,
    );
    mismatch(
        is_string,
        attrs.max_length.as_ref().map(|x| x.span),
        "max_length",
        "`type: string`",
        d,
    );
    mismatch(
        is_num,
        attrs.minimum.as_ref().map(|x| x.span),
        "minimum",
        "a number type (int32, int64, number)",
        d,
    );
    mismatch(
        is_num,
        attrs.maximum.as_ref().map(|x| x.span),
        "maximum",
        "a number type (int32, int64, number)",
        d,
    );
    mismatch(
        is_array,
        attrs.min_items.as_ref().map(|x| x.span),
        "min_items",
        "`type: array`",
        d,
    );
    mismatch(
        is_array,
        attrs.max_items.as_ref().map(|x| x.span),
        "max_items",
        "`type: array`",
        d,
    );
    if let Some(c) = &attrs.const_value {
        let ok = match (kind, &c.value) {
            (ShapeKind::String, serde_json::Value::String(_))
            | (ShapeKind::Boolean, serde_json::Value::Bool(_)) => true,
            (ShapeKind::Int32, serde_json::Value::Number(n)) => {
                n.as_i64().is_some_and(|i| i32::try_from(i).is_ok())
            }
            (ShapeKind::Int64, serde_json::Value::Number(n)) => n.as_i64().is_some(),
            _ => false,
        };
        if !ok {
            d.push(Diagnostic::value_type_mismatch(c.span, "const", type_name));
        }
    }
    for bound in [&attrs.minimum, &attrs.maximum].into_iter().flatten() {
        if is_int && !bound.value.is_i64() {
            d.push(Diagnostic::bad_value(
                bound.span,
                format!(
                    "bound `{}` is not a whole number, but the type is `{type_name}`",
                    bound.value
                ),
                "use a whole number",
            ));
        }
        if matches!(kind, ShapeKind::Int32)
            && bound
                .value
                .as_i64()
                .is_some_and(|i| i32::try_from(i).is_err())
        {
            d.push(Diagnostic::bad_value(
                bound.span,
                format!("bound `{}` is outside the int32 range", bound.value),
                "use `type: int64`, or a bound within -2147483648..=2147483647",
            ));
        }
    }
    if let (Some(lo), Some(hi)) = (&attrs.minimum, &attrs.maximum) {
        if lo.value.as_f64().unwrap_or(0.0) > hi.value.as_f64().unwrap_or(0.0) {
            d.push(
                Diagnostic::impossible_constraint(
                    lo.span,
                    format!(
                        "`minimum` {} is greater than `maximum` {}",
                        lo.value, hi.value
                    ),
                )
                .with_related(hi.span, "maximum"),
            );
        }
    }
    let pair = |lo: &Option<ast::Spanned<u64>>,
                hi: &Option<ast::Spanned<u64>>,
                a: &str,
                b: &str,
                d: &mut Vec<Diagnostic>| {
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo.value > hi.value {
                d.push(
                    Diagnostic::impossible_constraint(
                        lo.span,
                        format!("`{a}` {} is greater than `{b}` {}", lo.value, hi.value),
                    )
                    .with_related(hi.span, b.to_string()),
                );
            }
        }
    };
    pair(
        &attrs.min_length,
        &attrs.max_length,
        "min_length",
        "max_length",
        d,
    );
    pair(
        &attrs.min_items,
        &attrs.max_items,
        "min_items",
        "max_items",
        d,
    );
    if let Some(p) = &attrs.pattern {
        if let Err(e) = regex::Regex::new(&p.value) {
            d.push(Diagnostic::invalid_pattern(p.span, &e.to_string()));
        }
    }
}
