//! Structure checks over raw JSON: a `check_json` function per named type that lists every
//! wrong JSON type, missing required field, unexpected `null` and unknown enum value, each with
//! its pointer, before typed deserialization is attempted (the first phase of the two-phase
//! validation, `runtime::validate_value`; the payload entry points use the single-pass
//! validators of `scan`, which report the same).

use super::{Cx, ident};
use crate::ir::*;
use proc_macro2::{Ident, Span as PmSpan, TokenStream};
use quote::quote;

fn path_ident(depth: usize) -> Ident {
    Ident::new(&format!("j{depth}"), PmSpan::call_site())
}

/// Statements checking the JSON `value` (a `&Value` expression) against `shape` at `path`.
/// `path` is an identifier bound to a `&Path`. (The mock's parameter checks use it too.)
pub(crate) fn shape_json(
    cx: &Cx<'_>,
    value: TokenStream,
    shape: &Shape,
    path: &Ident,
    depth: usize,
) -> TokenStream {
    let rt = &cx.runtime;
    let simple = |f: &str| {
        let f = Ident::new(f, PmSpan::call_site());
        quote!(#rt::#f(#value, #path, report);)
    };
    match &shape.kind {
        ShapeKind::String => match shape.constraints.format.filter(|f| f.is_structural()) {
            // Checked here, not with the constraints: typed deserialization needs every
            // malformed date or UUID reported first (see `Format::is_structural`).
            Some(f) => {
                let name = f.name();
                let check = Ident::new(f.check_fn(), PmSpan::call_site());
                quote!(#rt::expect_formatted_string(#value, #path, report, #name, #rt::#check);)
            }
            None => simple("expect_string"),
        },
        ShapeKind::Boolean => simple("expect_boolean"),
        ShapeKind::Int32 => simple("expect_i32"),
        ShapeKind::Int64 => simple("expect_i64"),
        ShapeKind::Number => simple("expect_number"),
        ShapeKind::Any => quote!(),
        ShapeKind::Array(items) => {
            let inner = path_ident(depth + 1);
            let body = shape_json(cx, quote!(item), items, &inner, depth + 1);
            if body.is_empty() {
                return quote!(#rt::expect_array(#value, #path, report););
            }
            quote! {
                if let ::core::option::Option::Some(items) = #rt::expect_array(#value, #path, report) {
                    for (i, item) in items.iter().enumerate() {
                        let #inner = &#path.index(i);
                        #body
                    }
                }
            }
        }
        ShapeKind::Map(values) => {
            let inner = path_ident(depth + 1);
            let body = shape_json(cx, quote!(item), values, &inner, depth + 1);
            if body.is_empty() {
                return quote!(#rt::expect_object(#value, #path, report););
            }
            quote! {
                if let ::core::option::Option::Some(entries) = #rt::expect_object(#value, #path, report) {
                    for (key, item) in entries.iter() {
                        let #inner = &#path.key(key);
                        #body
                    }
                }
            }
        }
        ShapeKind::Named(n) => match cx.ty(n) {
            Some(t) => {
                let id = ident(&t.rust_name);
                quote!(#id::check_json(#value, #path, report);)
            }
            None => quote!(),
        },
    }
}

/// The `check_json` associated function of one named type.
pub(crate) fn type_check_json(cx: &Cx<'_>, t: &TypeIr) -> TokenStream {
    let TypeIr {
        rust_name,
        kind,
        // Read by `object_json` (through `t`): request types and known members.
        name: _,
        // Documentation only.
        description: _,
        deprecated: _,
        span: _,
    } = t;
    let rt = &cx.runtime;
    let name = ident(rust_name);
    let path = Ident::new("path", PmSpan::call_site());
    let body = match kind {
        TypeKind::Object(o) => object_json(cx, t, o),
        TypeKind::Enum(e) => enum_json(cx, e),
        TypeKind::Union(u) => union_json(cx, u),
        TypeKind::OneOf(o) => one_of_json(cx, o, &path),
        TypeKind::Alias(s) => shape_json(cx, quote!(value), s, &path, 0),
    };
    let (v, p, r) = if body.is_empty() {
        (quote!(_value), quote!(_path), quote!(_report))
    } else {
        (quote!(value), quote!(path), quote!(report))
    };
    quote! {
        impl #name {
            /// Checks the structure of a JSON value for this type (JSON types, required fields,
            /// `null`s, enum values), reporting every problem with its pointer.
            pub fn check_json(#v: &::serde_json::Value, #p: &#rt::Path<'_>, #r: &mut #rt::Report) {
                #body
            }
        }
    }
}

/// An object's structure: a JSON object, each member's presence, `null` and structure, and the
/// members it does not declare.
fn object_json(cx: &Cx<'_>, t: &TypeIr, o: &ObjectIr) -> TokenStream {
    let ObjectIr {
        fields,
        reject_unknown,
        // Constraints and rules are the validator's (see `validate`).
        rules: _,
    } = o;
    let rt = &cx.runtime;
    let members: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let FieldIr {
                wire_name,
                required,
                nullable,
                shape,
                // The member is looked up by its wire name.
                rust_name: _,
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
            let p0 = path_ident(0);
            let check = shape_json(cx, quote!(item), shape, &p0, 0);
            if check.is_empty() {
                quote!(#rt::member(map, #wire_name, #required, #nullable, path, report);)
            } else {
                quote! {
                    if let ::core::option::Option::Some(item) = #rt::member(map, #wire_name, #required, #nullable, path, report) {
                        let #p0 = &path.key(#wire_name);
                        #check
                    }
                }
            }
        })
        .collect();
    // Unknown members: an error when the object rejects them, a did-you-mean warning when it
    // allows them and a request body can contain it, otherwise not looked at.
    let unknown = if *reject_unknown || cx.analysis.request.contains(t.name.as_str()) {
        let known = cx.api.known_members(t);
        quote!(#rt::unknown_members(map, &[#(#known),*], #reject_unknown, path, report);)
    } else {
        quote!()
    };
    if members.is_empty() && unknown.is_empty() {
        quote!(#rt::expect_object(value, path, report);)
    } else {
        quote! {
            if let ::core::option::Option::Some(map) = #rt::expect_object(value, path, report) {
                #(#members)*
                #unknown
            }
        }
    }
}

/// An enum's structure: a string, and for a closed enum one of its values.
fn enum_json(cx: &Cx<'_>, e: &EnumIr) -> TokenStream {
    let EnumIr {
        values,
        open,
        // Documentation only.
        default: _,
    } = e;
    let rt = &cx.runtime;
    if *open {
        return quote!(if !value.is_string() { #rt::type_violation(report, path, "string", value); });
    }
    let values: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    quote! {
        match value.as_str() {
            ::core::option::Option::Some(s) => {
                if !::core::matches!(s, #(#values)|*) {
                    #rt::enum_violation(report, path, s, &[#(#values),*]);
                }
            }
            ::core::option::Option::None => #rt::type_violation(report, path, "string", value),
        }
    }
}

/// A tagged union's structure: an object whose tag is one of the variants', then that
/// variant's object.
fn union_json(cx: &Cx<'_>, u: &UnionIr) -> TokenStream {
    let UnionIr { tag, variants } = u;
    let rt = &cx.runtime;
    let values: Vec<&str> = variants.iter().map(|v| v.tag_value.as_str()).collect();
    let arms = variants.iter().map(|v| {
        let UnionVariantIr {
            tag_value,
            type_name,
            // The typed enum's concern.
            rust_name: _,
            span: _,
        } = v;
        match cx.ty(type_name) {
            Some(x) => {
                let id = ident(&x.rust_name);
                quote!(#tag_value => #id::check_json(value, path, report),)
            }
            None => quote!(#tag_value => {}),
        }
    });
    quote! {
        match value.as_object() {
            ::core::option::Option::Some(map) => match map.get(#tag) {
                ::core::option::Option::Some(::serde_json::Value::String(found)) => match found.as_str() {
                    #(#arms)*
                    other => #rt::enum_violation(report, &path.key(#tag), other, &[#(#values),*]),
                },
                ::core::option::Option::Some(other) => #rt::type_violation(report, &path.key(#tag), "string", other),
                ::core::option::Option::None => #rt::required_violation(report, &path.key(#tag)),
            },
            ::core::option::Option::None => #rt::type_violation(report, path, "object", value),
        }
    }
}

/// An untagged union's structure: the first alternative whose check finds no error wins;
/// when none does, one type violation naming them all.
fn one_of_json(cx: &Cx<'_>, o: &OneOfIr, path: &Ident) -> TokenStream {
    let OneOfIr { variants } = o;
    let rt = &cx.runtime;
    let names = variants
        .iter()
        .map(|v| v.shape.type_name())
        .collect::<Vec<_>>()
        .join(", ");
    let expected = format!("one of: {names}");
    let tries = variants.iter().map(|v| {
        let OneOfVariantIr {
            shape,
            // The typed enum's concern.
            name: _,
            rust_name: _,
        } = v;
        let check = shape_json(cx, quote!(value), shape, path, 0);
        quote! {
            {
                let mut scratch = #rt::Report::new();
                {
                    let report = &mut scratch;
                    #check
                    let _ = report;
                }
                if !scratch.has_errors() {
                    return;
                }
            }
        }
    });
    quote! {
        #(#tries)*
        #rt::type_violation(report, path, #expected, value);
    }
}
