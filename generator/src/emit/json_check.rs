//! Structure checks over raw JSON: a `check_json` function per named type that lists every
//! wrong JSON type, missing required field, unexpected `null` and unknown enum value, each with
//! its pointer, before typed deserialization is attempted. Also the per-API payload dispatch.

use super::{Cx, ident, rust_type};
use crate::ir::*;
use proc_macro2::{Ident, Span as PmSpan, TokenStream};
use quote::quote;

fn path_ident(depth: usize) -> Ident {
    Ident::new(&format!("j{depth}"), PmSpan::call_site())
}

/// Statements checking the JSON `value` (a `&Value` expression) against `shape` at `path`.
/// `path` is an identifier bound to a `&Path`.
fn shape_json(
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
        ShapeKind::String => simple("expect_string"),
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
    let rt = &cx.runtime;
    let name = ident(&t.rust_name);
    let path = Ident::new("path", PmSpan::call_site());
    let body = match &t.kind {
        TypeKind::Object(o) => {
            let fields: Vec<TokenStream> = o
                .fields
                .iter()
                .map(|f| {
                    let wire = &f.wire_name;
                    let (required, nullable) = (f.required, f.nullable);
                    let p0 = path_ident(0);
                    let check = shape_json(cx, quote!(item), &f.shape, &p0, 0);
                    if check.is_empty() {
                        quote!(#rt::member(map, #wire, #required, #nullable, path, report);)
                    } else {
                        quote! {
                            if let ::core::option::Option::Some(item) = #rt::member(map, #wire, #required, #nullable, path, report) {
                                let #p0 = &path.key(#wire);
                                #check
                            }
                        }
                    }
                })
                .collect();
            // Unknown members: an error when the object rejects them, a did-you-mean warning
            // when it allows them and a request body can contain it, otherwise not looked at.
            let members = if o.reject_unknown || cx.analysis.request.contains(t.name.as_str()) {
                let known = cx.api.known_members(t);
                let reject = o.reject_unknown;
                quote!(#rt::unknown_members(map, &[#(#known),*], #reject, path, report);)
            } else {
                quote!()
            };
            if fields.is_empty() && members.is_empty() {
                quote!(#rt::expect_object(value, path, report);)
            } else {
                quote! {
                    if let ::core::option::Option::Some(map) = #rt::expect_object(value, path, report) {
                        #(#fields)*
                        #members
                    }
                }
            }
        }
        TypeKind::Enum(e) if e.open => {
            quote!(if !value.is_string() { #rt::type_violation(report, path, "string", value); })
        }
        TypeKind::Enum(e) => {
            let values: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
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
        TypeKind::Union(u) => {
            let tag = &u.tag;
            let values: Vec<&str> = u.variants.iter().map(|v| v.tag_value.as_str()).collect();
            let arms = u.variants.iter().map(|v| {
                let wire = &v.tag_value;
                match cx.ty(&v.type_name) {
                    Some(x) => {
                        let id = ident(&x.rust_name);
                        quote!(#wire => #id::check_json(value, path, report),)
                    }
                    None => quote!(#wire => {}),
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
        TypeKind::OneOf(o) => {
            let names = o
                .variants
                .iter()
                .map(|v| v.shape.type_name())
                .collect::<Vec<_>>()
                .join(", ");
            let expected = format!("one of: {names}");
            let tries = o.variants.iter().map(|v| {
                let check = shape_json(cx, quote!(value), &v.shape, &path, 0);
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

/// `validate_payload` of one API: dispatches an operation id and payload kind to the typed
/// validation of the documented body.
pub(crate) fn operations_dispatch(cx: &Cx<'_>) -> TokenStream {
    let rt = &cx.runtime;
    let mut arms = Vec::new();
    let mut helpers = Vec::new();
    let body_call = |shape: &Shape, fn_name: &str, helpers: &mut Vec<TokenStream>| -> TokenStream {
        match &shape.kind {
            ShapeKind::Named(n) => match cx.ty(n) {
                Some(t) => {
                    let id = ident(&t.rust_name);
                    quote!(#rt::validate_value::<#id>(value, #id::check_json))
                }
                None => quote!(#rt::Report::new()),
            },
            ShapeKind::Any => quote!(#rt::Report::new()),
            _ => {
                let f = Ident::new(fn_name, PmSpan::call_site());
                let ty = rust_type(cx, shape);
                let path = Ident::new("path", PmSpan::call_site());
                let check = shape_json(cx, quote!(value), shape, &path, 0);
                helpers.push(quote! {
                    fn #f(value: &::serde_json::Value, path: &#rt::Path<'_>, report: &mut #rt::Report) {
                        #check
                    }
                });
                quote!(#rt::validate_value::<#ty>(value, #f))
            }
        }
    };
    for op in &cx.api.operations {
        let id = &op.id;
        if let Some(req) = &op.request {
            let call = body_call(
                &req.shape,
                &format!("check_{}_request", helper_base(&op.rust_name)),
                &mut helpers,
            );
            arms.push(
                quote!((#id, #rt::PayloadKind::Request) => ::core::result::Result::Ok(#call),),
            );
        }
        let mut default_arm = None;
        for r in &op.responses {
            let call = match &r.body {
                Some(b) => {
                    let suffix = match r.status {
                        Status::Code(c) => c.to_string(),
                        Status::Default => "default".to_string(),
                    };
                    body_call(
                        b,
                        &format!("check_{}_response_{suffix}", helper_base(&op.rust_name)),
                        &mut helpers,
                    )
                }
                None => quote!(#rt::Report::new()),
            };
            match r.status {
                Status::Code(c) => arms.push(quote!((#id, #rt::PayloadKind::Response(#c)) => ::core::result::Result::Ok(#call),)),
                Status::Default => default_arm = Some(quote!((#id, #rt::PayloadKind::Response(_)) => ::core::result::Result::Ok(#call),)),
            }
        }
        if let Some(a) = default_arm {
            arms.push(a);
        }
    }
    let api_name = &cx.api.name;
    // Every documented payload may be bodiless (or `any`): then nothing reads the value.
    let value = if arms
        .iter()
        .any(|a| a.to_string().contains("validate_value :: <"))
    {
        quote!(value)
    } else {
        quote!(_value)
    };
    quote! {
        #(#helpers)*

        /// Validates a JSON payload of one of this API's operations (by operation id): first
        /// its structure, then, when that is sound, every constraint and rule. Errors when the
        /// operation or that payload is not documented.
        pub fn validate_payload(
            operation: &str,
            kind: #rt::PayloadKind,
            #value: &::serde_json::Value,
        ) -> ::core::result::Result<#rt::Report, #rt::UnknownPayload> {
            match (operation, kind) {
                #(#arms)*
                _ => ::core::result::Result::Err(#rt::UnknownPayload::new(&::std::format!("{}.{}", #api_name, operation), kind)),
            }
        }
    }
}

/// The operation's name in helper function names (see [`crate::ident::operation_base`]).
fn helper_base(rust_name: &str) -> &str {
    crate::ident::operation_base(rust_name)
}
