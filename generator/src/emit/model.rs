//! Models: one Rust item per named type, serializing exactly to the vendor's wire format.

use super::docs::{doc, path_text};
use super::{Cx, ident, rust_type};
use crate::ir::AuthKind;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// API-level constants: servers, auth, headers, content types.
pub(crate) fn api_constants(cx: &Cx<'_>) -> TokenStream {
    let ApiIr {
        name,
        title,
        version,
        servers,
        auth,
        headers,
        content_types,
        ..
    } = cx.api;
    let server_items = servers.first().map(|s| {
        let url = &s.url;
        let mut text = format!("The default server URL template: `{url}`.");
        for v in &s.variables {
            text.push_str(&format!(
                "\n\n`{{{}}}`: {}",
                v.name,
                v.description
                    .as_deref()
                    .unwrap_or("filled in by the caller.")
            ));
        }
        let docs = doc(&text);
        quote!(#docs pub const DEFAULT_SERVER: &str = #url;)
    });
    let auth_docs = auth.iter().map(|a| match &a.kind {
        AuthKind::Bearer { .. } => format!("`{}`: `Authorization: Bearer <token>`", a.name),
        AuthKind::Basic {
            password_empty: true,
        } => format!("`{}`: `Authorization: Basic base64(<key>:)`", a.name),
        AuthKind::Basic {
            password_empty: false,
        } => format!(
            "`{}`: `Authorization: Basic base64(<user>:<password>)`",
            a.name
        ),
        AuthKind::ApiKey { header, prefix } => match prefix {
            Some(p) => format!("`{}`: `{header}: {p} <token>`", a.name),
            None => format!("`{}`: `{header}: <token>`", a.name),
        },
    });
    let auth_text = format!(
        "Auth schemes this API accepts:\n\n{}",
        auth_docs
            .map(|l| format!("- {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let auth_doc = doc(&auth_text);
    let names: Vec<&str> = auth.iter().map(|a| a.name.as_str()).collect();
    let header_consts = headers.iter().map(|h| {
        let c = ident(&h.const_name);
        let wire = &h.wire_name;
        let text = format!(
            "Name of the `{wire}` header{}.{}",
            if h.required {
                ", which every request must carry"
            } else {
                ""
            },
            h.description
                .as_deref()
                .map(|d| format!("\n\n{d}"))
                .unwrap_or_default()
        );
        let docs = doc(&text);
        quote!(#docs pub const #c: &str = #wire;)
    });
    let cts = content_types.iter();
    quote! {
        /// The schema's API name.
        pub const API_NAME: &str = #name;
        /// The API's title.
        pub const API_TITLE: &str = #title;
        /// The API version the schema describes.
        pub const API_VERSION: &str = #version;
        #server_items
        #auth_doc
        pub const AUTH_SCHEMES: &[&str] = &[#(#names),*];
        /// Content types the API accepts, preferred first.
        pub const CONTENT_TYPES: &[&str] = &[#(#cts),*];
        #(#header_consts)*
    }
}

/// The derives of a data-carrying type (struct or enum with payloads), with `Default` when every
/// field has one.
fn data_derives(cx: &Cx<'_>, with_default: bool) -> TokenStream {
    let default = with_default.then(|| quote!(::core::default::Default,));
    derives(
        cx,
        quote!(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, #default ::serde::Serialize, ::serde::Deserialize),
    )
}

fn derives(cx: &Cx<'_>, base: TokenStream) -> TokenStream {
    let extra = &cx.derives;
    quote!(#[derive(#base #(, #extra)*)])
}

/// Doc text of a type, with its description.
fn type_doc(t: &TypeIr, fallback: &str) -> String {
    let mut text = t
        .description
        .clone()
        .unwrap_or_else(|| fallback.to_string());
    if t.deprecated {
        text.push_str("\n\nDeprecated.");
    }
    text
}

/// The item for one named type.
pub(crate) fn type_item(cx: &Cx<'_>, t: &TypeIr) -> TokenStream {
    match &t.kind {
        TypeKind::Object(o) => object(cx, t, o),
        TypeKind::Enum(e) if e.open => open_enum(cx, t, e),
        TypeKind::Enum(e) => closed_enum(cx, t, e),
        TypeKind::Union(u) => union(cx, t, u),
        TypeKind::OneOf(o) => one_of(cx, t, o),
        TypeKind::Alias(s) => alias(cx, t, s),
    }
}

/// Describes constraints in words for docs.
pub(crate) fn constraint_words(s: &Shape) -> Vec<String> {
    let Constraints {
        format,
        minimum,
        maximum,
        min_length,
        max_length,
        min_items,
        max_items,
        pattern,
        const_value,
    } = &s.constraints;
    let mut w = Vec::new();
    if let Some(f) = format {
        w.push(format!("Format: {} (`{}`).", f.describe(), f.name()));
    }
    if let Some(m) = minimum {
        w.push(format!("At least {m}."));
    }
    if let Some(m) = maximum {
        w.push(format!("At most {m}."));
    }
    if let Some(m) = min_length {
        w.push(format!("At least {m} characters."));
    }
    if let Some(m) = max_length {
        w.push(format!("At most {m} characters."));
    }
    if let Some(m) = min_items {
        w.push(format!("At least {m} item(s)."));
    }
    if let Some(m) = max_items {
        w.push(format!("At most {m} items."));
    }
    if let Some(p) = pattern {
        w.push(format!("Matches the pattern `{}`.", p.replace('`', "'")));
    }
    if let Some(c) = const_value {
        w.push(format!("Always `{c}`."));
    }
    if let ShapeKind::Array(items) = &s.kind {
        for x in constraint_words(items) {
            w.push(format!("Each item: {}", x.to_lowercase()));
        }
    }
    w
}

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
        ..
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

/// The field's Rust type, with its presence wrapper (and a box where the type is recursive).
pub(crate) fn field_type(cx: &Cx<'_>, owner: &str, f: &FieldIr) -> TokenStream {
    let inner = rust_type(cx, &f.shape);
    let inner = if cx.analysis.needs_box(owner, &f.shape) {
        quote!(::std::boxed::Box<#inner>)
    } else {
        inner
    };
    let rt = &cx.runtime;
    match f.presence() {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => quote!(::core::option::Option<#inner>),
        Presence::OptionalNullable => quote!(#rt::Nullable<#inner>),
    }
}

fn object(cx: &Cx<'_>, t: &TypeIr, o: &ObjectIr) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = doc(&type_doc(t, &format!("The `{}` object.", t.name)));
    let rt_path = path_text(&cx.runtime);
    let all_optional = o.fields.iter().all(|f| !f.required);
    let fields = o.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        let ty = field_type(cx, &t.name, f);
        let fdoc = doc(&field_doc(f));
        let serde_attr = match f.presence() {
            Presence::Required | Presence::RequiredNullable => quote!(#[serde(rename = #wire)]),
            Presence::Optional => quote!(#[serde(rename = #wire, default, skip_serializing_if = "::core::option::Option::is_none")]),
            Presence::OptionalNullable => {
                let skip = format!("{rt_path}::Nullable::is_absent");
                quote!(#[serde(rename = #wire, default, skip_serializing_if = #skip)])
            }
        };
        quote! { #fdoc #serde_attr pub #fname: #ty, }
    });
    let derive = data_derives(cx, all_optional);
    quote! {
        #docs
        #derive
        pub struct #name { #(#fields)* }
    }
}

/// Wire values as a comma-separated list of code spans, for docs.
fn backticked<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn value_doc(v: &EnumValueIr) -> TokenStream {
    let mut text = v
        .description
        .clone()
        .unwrap_or_else(|| format!("`{}`.", v.wire));
    text.push_str(&format!("\n\nWire value `{}`.", v.wire));
    if v.deprecated {
        text.push_str(" Deprecated.");
    }
    doc(&text)
}

fn closed_enum(cx: &Cx<'_>, t: &TypeIr, e: &EnumIr) -> TokenStream {
    let name = ident(&t.rust_name);
    let list = backticked(e.values.iter().map(|v| v.wire.as_str()));
    let mut text = type_doc(t, &format!("The `{}` values.", t.name));
    text.push_str(&format!(
        "\n\nA closed set: {list}; any other value is rejected."
    ));
    let docs = doc(&text);
    let has_default = e.default.is_some();
    let variants = e.values.iter().map(|v| {
        let id = ident(&v.rust_name);
        let wire = &v.wire;
        let vdoc = value_doc(v);
        let def = if e.default.as_deref() == Some(wire.as_str()) {
            quote!(#[default])
        } else {
            quote!()
        };
        quote!(#vdoc #def #[serde(rename = #wire)] #id,)
    });
    let arms = e.values.iter().map(|v| {
        let id = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#name::#id => #wire,)
    });
    let all = e.values.iter().map(|v| {
        let id = ident(&v.rust_name);
        quote!(#name::#id)
    });
    let mut base = quote!(
        ::core::fmt::Debug,
        ::core::clone::Clone,
        ::core::marker::Copy,
        ::core::cmp::PartialEq,
        ::core::cmp::Eq,
        ::core::hash::Hash,
        ::core::cmp::PartialOrd,
        ::core::cmp::Ord,
        ::serde::Serialize,
        ::serde::Deserialize
    );
    if has_default {
        base = quote!(#base, ::core::default::Default);
    }
    let derive = derives(cx, base);
    quote! {
        #docs
        #derive
        pub enum #name { #(#variants)* }

        impl #name {
            /// Every value, in schema order.
            pub const ALL: &'static [#name] = &[#(#all),*];

            /// The exact wire spelling.
            pub const fn as_str(&self) -> &'static str {
                match self { #(#arms)* }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn open_enum(cx: &Cx<'_>, t: &TypeIr, e: &EnumIr) -> TokenStream {
    let name = ident(&t.rust_name);
    let rt = &cx.runtime;
    let list = backticked(e.values.iter().map(|v| v.wire.as_str()));
    let mut text = type_doc(t, &format!("The `{}` values.", t.name));
    text.push_str(&format!(
        "\n\nAn open set: {list}, and any value the vendor adds later, kept in `Other`."
    ));
    let docs = doc(&text);
    let variants = e.values.iter().map(|v| {
        let id = ident(&v.rust_name);
        let vdoc = value_doc(v);
        let def = if e.default.as_deref() == Some(v.wire.as_str()) {
            quote!(#[default])
        } else {
            quote!()
        };
        quote!(#vdoc #def #id,)
    });
    let to_str = e.values.iter().map(|v| {
        let id = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#name::#id => #wire,)
    });
    let from_str = e.values.iter().map(|v| {
        let id = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#wire => #name::#id,)
    });
    let known = e.values.iter().map(|v| {
        let id = ident(&v.rust_name);
        quote!(#name::#id)
    });
    let mut base = quote!(
        ::core::fmt::Debug,
        ::core::clone::Clone,
        ::core::cmp::PartialEq,
        ::core::cmp::Eq,
        ::core::hash::Hash,
        ::core::cmp::PartialOrd,
        ::core::cmp::Ord
    );
    if e.default.is_some() {
        base = quote!(#base, ::core::default::Default);
    }
    let derive = derives(cx, base);
    quote! {
        #docs
        #derive
        pub enum #name {
            #(#variants)*
            /// A value this schema does not list, kept as sent.
            Other(::std::string::String),
        }

        impl #name {
            /// Every value the schema lists, in schema order.
            pub const KNOWN: &'static [#name] = &[#(#known),*];

            /// The exact wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::Other(other) => other.as_str(),
                }
            }

            /// True for a value the schema lists.
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, #name::Other(_))
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::Other(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #rt::deserialize_str_enum(deserializer)
            }
        }
    }
}

fn union(cx: &Cx<'_>, t: &TypeIr, u: &UnionIr) -> TokenStream {
    let name = ident(&t.rust_name);
    let tag = &u.tag;
    let list = backticked(u.variants.iter().map(|v| v.tag_value.as_str()));
    let mut text = type_doc(t, &format!("The `{}` union.", t.name));
    text.push_str(&format!(
        "\n\nThe `{tag}` field chooses the variant: {list}."
    ));
    let docs = doc(&text);
    let variants = u.variants.iter().map(|v| {
        let id = ident(&v.rust_name);
        let wire = &v.tag_value;
        let inner = cx.ty(&v.type_name).map_or_else(
            || quote!(::serde_json::Value),
            |x| {
                let i = ident(&x.rust_name);
                quote!(#i)
            },
        );
        let inner = if cx.analysis.needs_box_named(&t.name, &v.type_name) {
            quote!(::std::boxed::Box<#inner>)
        } else {
            inner
        };
        let vdoc = doc(&format!("`\"{tag}\": \"{wire}\"`."));
        quote!(#vdoc #[serde(rename = #wire)] #id(#inner),)
    });
    let arms = u.variants.iter().map(|v| {
        let id = ident(&v.rust_name);
        let wire = &v.tag_value;
        quote!(#name::#id(_) => #wire,)
    });
    let derive = data_derives(cx, false);
    quote! {
        #docs
        #derive
        #[serde(tag = #tag)]
        pub enum #name { #(#variants)* }

        impl #name {
            /// The value of the tag field for this variant.
            pub const fn tag(&self) -> &'static str {
                match self { #(#arms)* }
            }
        }
    }
}

fn one_of(cx: &Cx<'_>, t: &TypeIr, o: &OneOfIr) -> TokenStream {
    let name = ident(&t.rust_name);
    let docs = doc(&type_doc(t, &format!("The `{}` alternatives.", t.name)));
    let variants = o.variants.iter().map(|v| {
        let id = ident(&v.rust_name);
        let ty = rust_type(cx, &v.shape);
        let ty = if cx.analysis.needs_box(&t.name, &v.shape) {
            quote!(::std::boxed::Box<#ty>)
        } else {
            ty
        };
        let vdoc = doc(&format!(
            "The `{}` alternative ({}).",
            v.name,
            v.shape.type_name()
        ));
        quote!(#vdoc #id(#ty),)
    });
    let derive = data_derives(cx, false);
    quote! {
        #docs
        #derive
        #[serde(untagged)]
        pub enum #name { #(#variants)* }
    }
}

fn alias(cx: &Cx<'_>, t: &TypeIr, s: &Shape) -> TokenStream {
    let name = ident(&t.rust_name);
    let mut text = type_doc(t, &format!("The `{}` type.", t.name));
    let words = constraint_words(s);
    if !words.is_empty() {
        text.push_str("\n\n");
        text.push_str(&words.join(" "));
    }
    let docs = doc(&text);
    let ty = rust_type(cx, s);
    let ty = if cx.analysis.needs_box(&t.name, s) {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    };
    let defaultable = !matches!(s.kind, ShapeKind::Named(_));
    let derive = data_derives(cx, defaultable);
    quote! {
        #docs
        #derive
        #[serde(transparent)]
        pub struct #name(pub #ty);

        impl ::core::convert::From<#ty> for #name {
            fn from(value: #ty) -> Self {
                #name(value)
            }
        }
    }
}
