//! Objects: a struct with one field per member, its serde attributes following the field's
//! presence (required, nullable, optional, both).

use super::{boxed, data_derives, type_doc};
use crate::emit::docs::{constraint_words, doc, path_text};
use crate::emit::{Cx, ident, rust_type};
use crate::ir::{FieldIr, ObjectIr, Presence, TypeIr};
use proc_macro2::TokenStream;
use quote::quote;

/// The struct of an object type (`Default` when every field is optional).
pub(super) fn object(cx: &Cx<'_>, t: &TypeIr, o: &ObjectIr) -> TokenStream {
    let TypeIr {
        name,
        rust_name,
        description,
        deprecated,
        // Dispatched on by `type_item`: `o`.
        kind: _,
        span: _,
    } = t;
    let ObjectIr {
        fields,
        // Checked by the validator (see `validate::rule_checks`).
        rules: _,
        // Unknown members are ignored by serde either way; `check_json` reports them.
        reject_unknown: _,
    } = o;
    let name_id = ident(rust_name);
    let docs = doc(&type_doc(
        description,
        *deprecated,
        &format!("The `{name}` object."),
    ));
    let all_optional = fields.iter().all(|f| !f.required);
    let fields = fields.iter().map(|f| field(cx, name, f));
    let derive = data_derives(cx, all_optional);
    quote! {
        #docs
        #derive
        pub struct #name_id { #(#fields)* }
    }
}

/// One struct field: its doc, its serde attribute and its type.
fn field(cx: &Cx<'_>, owner: &str, f: &FieldIr) -> TokenStream {
    let FieldIr {
        wire_name,
        rust_name,
        // The field's presence (see `field_type`).
        required: _,
        nullable: _,
        // Documented (see `field_doc`).
        shape: _,
        description: _,
        default: _,
        example: _,
        deprecated: _,
        read_only: _,
        write_only: _,
        since: _,
        span: _,
    } = f;
    let fname = ident(rust_name);
    let ty = field_type(cx, owner, f);
    let fdoc = doc(&field_doc(f));
    // `rename` only where the wire name is not the field's name (serde reads `r#type` as `type`).
    let rename = (crate::ident::unraw(rust_name) != wire_name.as_str())
        .then(|| quote!(rename = #wire_name,));
    let with = super::time_adapter(cx, &f.shape).map(|adapter| quote!(with = #adapter,));
    let serde_attr = match f.presence() {
        Presence::Required | Presence::RequiredNullable => match (&rename, &with) {
            (None, None) => quote!(),
            _ => {
                let items = quote!(#rename #with);
                let items = strip_trailing_comma(items);
                quote!(#[serde(#items)])
            }
        },
        Presence::Optional => {
            quote!(#[serde(#rename #with default, skip_serializing_if = "::core::option::Option::is_none")])
        }
        Presence::OptionalNullable => {
            let skip = format!("{}::Nullable::is_absent", path_text(&cx.runtime));
            quote!(#[serde(#rename #with default, skip_serializing_if = #skip)])
        }
    };
    quote! { #fdoc #serde_attr pub #fname: #ty, }
}

/// `a = 1, b = 2,` without its last comma.
fn strip_trailing_comma(items: TokenStream) -> TokenStream {
    let mut tokens: Vec<proc_macro2::TokenTree> = items.into_iter().collect();
    if matches!(tokens.last(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ',') {
        tokens.pop();
    }
    tokens.into_iter().collect()
}

/// The field's Rust type, with its presence wrapper (and a box where the type is recursive).
fn field_type(cx: &Cx<'_>, owner: &str, f: &FieldIr) -> TokenStream {
    let inner = boxed(
        cx.analysis.needs_box(owner, &f.shape),
        rust_type(cx, &f.shape),
    );
    let rt = &cx.runtime;
    match f.presence() {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => quote!(::core::option::Option<#inner>),
        Presence::OptionalNullable => quote!(#rt::Nullable<#inner>),
    }
}

/// The field's doc: its description, then its wire name, presence, constraints and the rest.
fn field_doc(f: &FieldIr) -> String {
    let FieldIr {
        wire_name,
        description,
        default,
        example,
        deprecated,
        read_only,
        write_only,
        since,
        shape,
        required,
        nullable,
        // The Rust name is the field itself.
        rust_name: _,
        span: _,
    } = f;
    let mut text = description
        .clone()
        .unwrap_or_else(|| format!("The `{wire_name}` field."));
    let mut notes: Vec<String> = Vec::new();
    notes.push(format!(
        "Wire name `{wire_name}`; {}{}.",
        if *required { "required" } else { "optional" },
        if *nullable { ", may be `null`" } else { "" }
    ));
    notes.extend(constraint_words(shape));
    if let Some(d) = default {
        notes.push(format!("Default: `{d}`."));
    }
    if let Some(e) = example {
        notes.push(format!("Example: `{e}`."));
    }
    if let Some(s) = since {
        notes.push(format!("Since API version {s}."));
    }
    if *read_only {
        notes.push("Read-only: only in responses.".into());
    }
    if *write_only {
        notes.push("Write-only: only in requests.".into());
    }
    if *deprecated {
        notes.push("Deprecated.".into());
    }
    text.push_str("\n\n");
    text.push_str(&notes.join(" "));
    text
}
