//! Validators: a `Validate` impl per named type that checks every constraint and rule of a
//! typed value and reports every violation with its JSON pointer. Building paths does not
//! allocate, so a valid value is checked without any allocation.

use super::{Cx, ident};
use crate::ir::*;
use proc_macro2::{Ident, Span as PmSpan, TokenStream};
use quote::quote;

fn path_ident(depth: usize) -> Ident {
    Ident::new(&format!("p{depth}"), PmSpan::call_site())
}

pub(crate) fn int_lit(n: &serde_json::Number) -> TokenStream {
    let v = n
        .as_i64()
        .unwrap_or_else(|| n.as_f64().map_or(0, |f| f as i64));
    quote!(#v)
}

pub(crate) fn float_lit(n: &serde_json::Number) -> TokenStream {
    let v = n.as_f64().unwrap_or(0.0);
    quote!(#v)
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    }
}

/// Where a check runs: the runtime path, the value (an expression of type `&T`) and the
/// identifier of its `Path`.
struct At<'a> {
    rt: &'a TokenStream,
    value: &'a TokenStream,
    path: &'a Ident,
}

/// Statements checking `value` (an expression of type `&T`) of `shape` at path `path`.
pub(crate) fn shape_checks(
    cx: &Cx<'_>,
    value: TokenStream,
    shape: &Shape,
    path: &Ident,
    depth: usize,
) -> TokenStream {
    let rt = &cx.runtime;
    let Shape {
        kind,
        constraints,
        span: _,
    } = shape;
    let Constraints {
        minimum,
        maximum,
        min_items,
        max_items,
        const_value,
        // Strings only (see `string_checks`).
        format: _,
        min_length: _,
        max_length: _,
        pattern: _,
    } = constraints;
    let at = At {
        rt,
        value: &value,
        path,
    };
    let mut out = TokenStream::new();
    match kind {
        // A typed format (a date-time type, `uuid::Uuid`) holds no malformed value.
        ShapeKind::String if cx.formats.is_typed(shape) => {}
        ShapeKind::String => out.extend(string_checks(&at, constraints)),
        ShapeKind::Int32 | ShapeKind::Int64 => {
            let wide = if matches!(kind, ShapeKind::Int32) {
                quote!(i64::from(*#value))
            } else {
                quote!(*#value)
            };
            out.extend(integer_checks(&at, &wide, constraints));
        }
        ShapeKind::Number => {
            if let Some(m) = minimum {
                let l = float_lit(m);
                out.extend(quote!(#rt::check_minimum_f64(report, &#path, *#value, #l);));
            }
            if let Some(m) = maximum {
                let l = float_lit(m);
                out.extend(quote!(#rt::check_maximum_f64(report, &#path, *#value, #l);));
            }
        }
        ShapeKind::Boolean => {
            if let Some(serde_json::Value::Bool(b)) = const_value {
                let shown = b.to_string();
                out.extend(
                    quote!(if *#value != #b { #rt::const_violation(report, &#path, #shown); }),
                );
            }
        }
        ShapeKind::Any => {}
        ShapeKind::Array(items) => {
            if min_items.is_some() || max_items.is_some() {
                let lo = opt_u64(*min_items);
                let hi = opt_u64(*max_items);
                out.extend(quote!(#rt::check_items(report, &#path, #value.len(), #lo, #hi);));
            }
            if cx.analysis.shape_has_checks(items) {
                let inner = path_ident(depth + 1);
                let body = shape_checks(cx, quote!(item), items, &inner, depth + 1);
                out.extend(quote! {
                    for (i, item) in #value.iter().enumerate() {
                        let #inner = #path.index(i);
                        #body
                    }
                });
            }
        }
        ShapeKind::Map(values) => {
            if cx.analysis.shape_has_checks(values) {
                let inner = path_ident(depth + 1);
                let body = shape_checks(cx, quote!(item), values, &inner, depth + 1);
                out.extend(quote! {
                    for (key, item) in #value.iter() {
                        let #inner = #path.key(key);
                        #body
                    }
                });
            }
        }
        ShapeKind::Named(n) => {
            if cx.analysis.type_has_checks(n) {
                out.extend(quote!(#rt::Validate::validate_at(#value, &#path, report);));
            }
        }
    }
    out
}

/// The checks of a string: format, length, pattern, constant.
fn string_checks(at: &At<'_>, constraints: &Constraints) -> TokenStream {
    let At { rt, value, path } = at;
    let Constraints {
        format,
        min_length,
        max_length,
        pattern,
        const_value,
        // Numbers and arrays only (see `shape_checks`).
        minimum: _,
        maximum: _,
        min_items: _,
        max_items: _,
    } = constraints;
    let mut out = TokenStream::new();
    if let Some(f) = format {
        let name = f.name();
        let check = Ident::new(f.check_fn(), PmSpan::call_site());
        out.extend(quote!(#rt::check_format(report, &#path, #value, #name, #rt::#check(#value));));
    }
    if min_length.is_some() || max_length.is_some() {
        let lo = opt_u64(*min_length);
        let hi = opt_u64(*max_length);
        out.extend(quote!(#rt::check_length(report, &#path, #value, #lo, #hi);));
    }
    if let Some(p) = pattern {
        out.extend(quote! {
            {
                static PATTERN: ::std::sync::LazyLock<::regex::Regex> =
                    ::std::sync::LazyLock::new(|| ::regex::Regex::new(#p).expect("pattern checked by schemagen"));
                if !PATTERN.is_match(#value) {
                    #rt::pattern_violation(report, &#path, #p);
                }
            }
        });
    }
    if let Some(serde_json::Value::String(c)) = const_value {
        let shown = format!("{c:?}");
        out.extend(
            quote!(if #value.as_str() != #c { #rt::const_violation(report, &#path, #shown); }),
        );
    }
    out
}

/// The checks of an integer (`wide` is the value as an `i64`): bounds and constant.
fn integer_checks(at: &At<'_>, wide: &TokenStream, constraints: &Constraints) -> TokenStream {
    let At { rt, path, value: _ } = at;
    let mut out = TokenStream::new();
    if let Some(m) = &constraints.minimum {
        let l = int_lit(m);
        out.extend(quote!(#rt::check_minimum_i64(report, &#path, #wide, #l);));
    }
    if let Some(m) = &constraints.maximum {
        let l = int_lit(m);
        out.extend(quote!(#rt::check_maximum_i64(report, &#path, #wide, #l);));
    }
    if let Some(serde_json::Value::Number(c)) = &constraints.const_value {
        let l = int_lit(c);
        let shown = c.to_string();
        out.extend(quote!(if #wide != #l { #rt::const_violation(report, &#path, #shown); }));
    }
    out
}

/// `Option<&T>` of a field, whatever its presence wrapper.
fn field_value(f: &FieldIr) -> TokenStream {
    let id = ident(&f.rust_name);
    match f.presence() {
        Presence::Required => quote!(::core::option::Option::Some(&self.#id)),
        Presence::RequiredNullable | Presence::Optional => quote!(self.#id.as_ref()),
        Presence::OptionalNullable => quote!(self.#id.value()),
    }
}

/// Whether the field is present on the wire (a `null` counts as present).
fn field_present(f: &FieldIr) -> TokenStream {
    let id = ident(&f.rust_name);
    match f.presence() {
        Presence::Required | Presence::RequiredNullable => quote!(true),
        Presence::Optional => quote!(self.#id.is_some()),
        Presence::OptionalNullable => quote!(!self.#id.is_absent()),
    }
}

/// Whether the field is absent from the wire.
fn field_absent(f: &FieldIr) -> TokenStream {
    let id = ident(&f.rust_name);
    match f.presence() {
        Presence::Required | Presence::RequiredNullable => quote!(false),
        Presence::Optional => quote!(self.#id.is_none()),
        Presence::OptionalNullable => quote!(self.#id.is_absent()),
    }
}

/// An expression comparing `x` (a `&T` of the field's type) with a JSON literal.
fn equals_literal(shape: &Shape, lit: &serde_json::Value) -> TokenStream {
    match (&shape.kind, lit) {
        (ShapeKind::Number, serde_json::Value::Number(n)) => {
            let f = n.as_f64().unwrap_or(0.0);
            quote!(*x == #f)
        }
        (_, serde_json::Value::String(s)) => quote!(x.as_str() == #s),
        (ShapeKind::Int32, serde_json::Value::Number(n)) => {
            let i = n.as_i64().unwrap_or(0);
            quote!(i64::from(*x) == #i)
        }
        (_, serde_json::Value::Number(n)) => {
            let i = n.as_i64().unwrap_or(0);
            quote!(*x == #i)
        }
        (_, serde_json::Value::Bool(b)) => quote!(*x == #b),
        _ => quote!(false),
    }
}

/// The expression of a rule's condition over the object's fields.
fn condition(fields: &[FieldIr], c: &ConditionIr) -> TokenStream {
    let ConditionIr { field, test } = c;
    let f = &fields[*field];
    match test {
        ConditionTestIr::Present(true) => field_present(f),
        ConditionTestIr::Present(false) => field_absent(f),
        ConditionTestIr::OneOf(values) => {
            let tests = values.iter().map(|lit| equals_literal(&f.shape, lit));
            let id = ident(&f.rust_name);
            match f.presence() {
                Presence::Required => quote!({ let x = &self.#id; #(#tests)||* }),
                _ => {
                    let v = field_value(f);
                    quote!(#v.is_some_and(|x| #(#tests)||*))
                }
            }
        }
    }
}

/// The checks of an object's cross-field rules, the `n`-th rule's condition bound to `when{n}`.
fn rule_checks(fields: &[FieldIr], rules: &[RuleIr]) -> TokenStream {
    let mut out = TokenStream::new();
    for (n, r) in rules.iter().enumerate() {
        let RuleIr {
            kind,
            warning,
            code,
            message,
            span: _,
        } = r;
        let push = if *warning {
            quote!(report.warning)
        } else {
            quote!(report.error)
        };
        let when = Ident::new(&format!("when{n}"), PmSpan::call_site());
        match kind {
            RuleKindIr::Forbidden {
                fields: named,
                when: c,
            }
            | RuleKindIr::Required {
                fields: named,
                when: c,
            } => {
                let forbid = matches!(kind, RuleKindIr::Forbidden { fields: _, when: _ });
                let c = condition(fields, c);
                let each = named.iter().map(|i| {
                    let f = &fields[*i];
                    let test = if forbid {
                        field_present(f)
                    } else {
                        field_absent(f)
                    };
                    let wire = &f.wire_name;
                    quote!(if #when && #test { #push(&path.key(#wire), #code, #message); })
                });
                out.extend(quote!(let #when = #c; #(#each)*));
            }
            RuleKindIr::Precedence { winner, over } => {
                let (w, l) = (&fields[*winner], &fields[*over]);
                let (pw, pl) = (field_present(w), field_present(l));
                let wire = &l.wire_name;
                out.extend(quote!(if #pw && #pl { #push(&path.key(#wire), #code, #message); }));
            }
        }
    }
    out
}

/// The `Validate` impl of one named type.
pub(crate) fn type_validate(cx: &Cx<'_>, t: &TypeIr) -> TokenStream {
    let TypeIr {
        name,
        rust_name,
        kind,
        // Documentation only: a deprecated type is not reported (a deprecated enum value is).
        deprecated: _,
        description: _,
        span: _,
    } = t;
    let rt = &cx.runtime;
    let name_id = ident(rust_name);
    if !cx.analysis.type_has_checks(name) {
        return quote! {
            impl #rt::Validate for #name_id {
                fn validate_at(&self, _path: &#rt::Path<'_>, _report: &mut #rt::Report) {}
            }
        };
    }
    let body = match kind {
        TypeKind::Object(o) => object_body(cx, o),
        TypeKind::Union(u) => union_body(cx, &name_id, u),
        TypeKind::OneOf(o) => one_of_body(cx, &name_id, o),
        TypeKind::Alias(s) => {
            let p0 = path_ident(0);
            let checks = shape_checks(cx, quote!(value), s, &p0, 0);
            quote!(let value = &self.0; let #p0 = *path; #checks)
        }
        TypeKind::Enum(e) => enum_body(cx, &name_id, e),
    };
    quote! {
        impl #rt::Validate for #name_id {
            fn validate_at(&self, path: &#rt::Path<'_>, report: &mut #rt::Report) {
                #body
            }
        }
    }
}

/// An object's checks: each field with something to check, then the rules.
fn object_body(cx: &Cx<'_>, o: &ObjectIr) -> TokenStream {
    let ObjectIr {
        fields,
        rules,
        // Unknown members are the structure check's (see `json_check`).
        reject_unknown: _,
    } = o;
    let rt = &cx.runtime;
    let p0 = path_ident(0);
    let checked = fields.iter().filter(|f| cx.analysis.shape_has_checks(&f.shape)).map(|f| {
        let FieldIr {
            wire_name,
            rust_name,
            shape,
            // Through `presence()`.
            required: _,
            nullable: _,
            // Documentation only.
            description: _,
            default: _,
            example: _,
            deprecated: _,
            read_only: _,
            write_only: _,
            since: _,
            span: _,
        } = f;
        let id = ident(rust_name);
        let checks = shape_checks(cx, quote!(value), shape, &p0, 0);
        match f.presence() {
            Presence::Required => quote! { { let value = &self.#id; let #p0 = path.key(#wire_name); #checks } },
            Presence::RequiredNullable | Presence::Optional => {
                quote! { if let ::core::option::Option::Some(value) = &self.#id { let #p0 = path.key(#wire_name); #checks } }
            }
            Presence::OptionalNullable => {
                quote! { if let #rt::Nullable::Value(value) = &self.#id { let #p0 = path.key(#wire_name); #checks } }
            }
        }
    });
    let rules = rule_checks(fields, rules);
    quote!(#(#checked)* #rules)
}

/// A tagged union's checks: the variant's object.
fn union_body(cx: &Cx<'_>, name: &Ident, u: &UnionIr) -> TokenStream {
    let UnionIr {
        variants,
        // The tag is the enum's variant: nothing to check.
        tag: _,
    } = u;
    let rt = &cx.runtime;
    let arms = variants.iter().map(|v| {
        let UnionVariantIr {
            rust_name,
            type_name,
            tag_value: _,
            span: _,
        } = v;
        let id = ident(rust_name);
        if cx.analysis.type_has_checks(type_name) {
            quote!(#name::#id(inner) => #rt::Validate::validate_at(inner, path, report),)
        } else {
            quote!(#name::#id(_) => {})
        }
    });
    quote!(match self { #(#arms)* })
}

/// An untagged union's checks: the alternative's shape.
fn one_of_body(cx: &Cx<'_>, name: &Ident, o: &OneOfIr) -> TokenStream {
    let OneOfIr { variants } = o;
    let p0 = path_ident(0);
    let arms = variants.iter().map(|v| {
        let OneOfVariantIr {
            rust_name,
            shape,
            name: _,
        } = v;
        let id = ident(rust_name);
        let checks = shape_checks(cx, quote!(value), shape, &p0, 0);
        if checks.is_empty() {
            quote!(#name::#id(_) => {})
        } else {
            quote!(#name::#id(value) => { let #p0 = *path; #checks })
        }
    });
    quote!(match self { #(#arms)* })
}

/// An enum's checks: a warning for a deprecated value.
fn enum_body(cx: &Cx<'_>, name: &Ident, e: &EnumIr) -> TokenStream {
    let EnumIr {
        values,
        // Any value of the enum is valid, known or not.
        open: _,
        default: _,
    } = e;
    let rt = &cx.runtime;
    let checks = values.iter().filter(|v| v.deprecated).map(|v| {
        let EnumValueIr {
            wire,
            rust_name,
            deprecated: _,
            description: _,
            span: _,
        } = v;
        let id = ident(rust_name);
        quote! {
            if ::core::matches!(self, #name::#id) {
                #rt::deprecated_value(report, path, #wire);
            }
        }
    });
    quote!(#(#checks)*)
}
