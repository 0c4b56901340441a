//! Checks on the input's shape that lowering runs while it still has the syntax tree, where
//! each attribute and URL variable has its own location: server URL variables, and constraints
//! against the type they are written on. Cross-cutting checks on the lowered IR live in
//! `check.rs`, which never sees the syntax tree.

use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::schema::{ast, keys};

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
    let builtin = builtin_name(kind);
    let is_int = matches!(kind, ShapeKind::Int32 | ShapeKind::Int64);
    let mismatch = |span: Option<Span>, key: &str, d: &mut Vec<Diagnostic>| {
        if let Some(span) = span.filter(|_| !keys::constraint_fits(builtin, key)) {
            d.push(Diagnostic::constraint_type_mismatch(
                span,
                key,
                type_name,
                keys::constraint_applies_to(key),
            ));
        }
    };
    mismatch(attrs.format.as_ref().map(|x| x.span), "format", d);
    mismatch(attrs.pattern.as_ref().map(|x| x.span), "pattern", d);
    mismatch(attrs.min_length.as_ref().map(|x| x.span), "min_length", d);
    mismatch(attrs.max_length.as_ref().map(|x| x.span), "max_length", d);
    mismatch(attrs.minimum.as_ref().map(|x| x.span), "minimum", d);
    mismatch(attrs.maximum.as_ref().map(|x| x.span), "maximum", d);
    mismatch(attrs.min_items.as_ref().map(|x| x.span), "min_items", d);
    mismatch(attrs.max_items.as_ref().map(|x| x.span), "max_items", d);
    if let Some(c) = &attrs.const_value {
        let ok = keys::constraint_fits(builtin, "const")
            && keys::scalar_value_fits(builtin, &c.value) == Some(true);
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

/// The built-in type name of a kind, as the key tables spell it; empty for a named type.
fn builtin_name(kind: &ShapeKind) -> &'static str {
    match kind {
        ShapeKind::String => "string",
        ShapeKind::Boolean => "boolean",
        ShapeKind::Int32 => "int32",
        ShapeKind::Int64 => "int64",
        ShapeKind::Number => "number",
        ShapeKind::Any => "any",
        ShapeKind::Array(_) => "array",
        ShapeKind::Map(_) => "map",
        ShapeKind::Named(_) => "",
    }
}
