//! Unions: a tagged union is an enum serde picks the variant of by the tag member; an untagged
//! union (`one_of`) is an enum serde tries variant by variant.

use super::enums::backticked;
use super::{boxed, data_derives, type_doc};
use crate::emit::docs::doc;
use crate::emit::{Cx, ident, rust_type};
use crate::ir::{OneOfIr, OneOfVariantIr, TypeIr, UnionIr, UnionVariantIr};
use proc_macro2::TokenStream;
use quote::quote;

/// A tagged union: one variant per tag value holding its object type, and `tag()`.
pub(super) fn union(cx: &Cx<'_>, t: &TypeIr, u: &UnionIr) -> TokenStream {
    let TypeIr {
        name,
        rust_name,
        description,
        deprecated,
        // Dispatched on by `type_item`: `u`.
        kind: _,
        span: _,
    } = t;
    let UnionIr { tag, variants } = u;
    let name_id = ident(rust_name);
    let list = backticked(variants.iter().map(|v| v.tag_value.as_str()));
    let mut text = type_doc(description, *deprecated, &format!("The `{name}` union."));
    text.push_str(&format!(
        "\n\nThe `{tag}` field chooses the variant: {list}."
    ));
    let docs = doc(&text);
    let mut items = Vec::new();
    let mut arms = Vec::new();
    let mut from_arms = Vec::new();
    let pairs: Vec<(String, &str)> = variants
        .iter()
        .map(|v| (v.rust_name.clone(), v.tag_value.as_str()))
        .collect();
    let (rename_all, renames) = super::variant_renames(&pairs);
    for (v, rename) in variants.iter().zip(renames) {
        let UnionVariantIr {
            tag_value,
            rust_name,
            type_name,
            span: _,
        } = v;
        let id = ident(rust_name);
        let inner = cx.ty(type_name).map_or_else(
            || quote!(::serde_json::Value),
            |x| {
                let i = ident(&x.rust_name);
                quote!(#i)
            },
        );
        let inner = boxed(cx.analysis.needs_box_named(name, type_name), inner);
        let vdoc = doc(&format!("`\"{tag}\": \"{tag_value}\"`."));
        items.push(quote!(#vdoc #rename #id(#inner),));
        arms.push(quote!(#name_id::#id(_) => #tag_value,));
        let index = from_arms.len();
        let wrap = if cx.analysis.needs_box_named(name, type_name) {
            quote!(|v| #name_id::#id(::std::boxed::Box::new(v)))
        } else {
            quote!(#name_id::#id)
        };
        from_arms.push(quote!(#index => ::serde::Deserialize::deserialize(rest).map(#wrap),));
    }
    let tag_values: Vec<&str> = variants.iter().map(|v| v.tag_value.as_str()).collect();
    let rt = &cx.runtime;
    // Serialization is derived (the tag is written first); deserialization reads the tag first
    // and the variant straight from the rest of the object (see `deserialize_tagged`).
    let derive = super::derives(cx, quote!(Debug, Clone, PartialEq, ::serde::Serialize));
    quote! {
        #docs
        #derive
        #[serde(tag = #tag)]
        #rename_all
        pub enum #name_id { #(#items)* }

        impl #name_id {
            /// The value of the tag field for this variant.
            pub const fn tag(&self) -> &'static str {
                match self { #(#arms)* }
            }
        }

        impl #rt::TaggedUnion for #name_id {
            const TAG: &'static str = #tag;
            const VARIANTS: &'static [&'static str] = &[#(#tag_values),*];
            fn variant<'de, D: ::serde::Deserializer<'de>>(index: usize, rest: D) -> ::core::result::Result<Self, D::Error> {
                match index {
                    #(#from_arms)*
                    _ => ::core::result::Result::Err(<D::Error as ::serde::de::Error>::custom("unknown variant index")),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name_id {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #rt::deserialize_tagged(deserializer)
            }
        }
    }
}

/// An untagged union: one variant per alternative, tried in order.
pub(super) fn one_of(cx: &Cx<'_>, t: &TypeIr, o: &OneOfIr) -> TokenStream {
    let TypeIr {
        name,
        rust_name,
        description,
        deprecated,
        // Dispatched on by `type_item`: `o`.
        kind: _,
        span: _,
    } = t;
    let OneOfIr { variants } = o;
    let name_id = ident(rust_name);
    let docs = doc(&type_doc(
        description,
        *deprecated,
        &format!("The `{name}` alternatives."),
    ));
    let variants = variants.iter().map(|v| {
        let OneOfVariantIr {
            name: variant_name,
            rust_name,
            shape,
        } = v;
        let id = ident(rust_name);
        let ty = boxed(cx.analysis.needs_box(name, shape), rust_type(cx, shape));
        let vdoc = doc(&format!(
            "The `{variant_name}` alternative ({}).",
            shape.type_name()
        ));
        let with = super::time_adapter(cx, shape).map(|adapter| quote!(#[serde(with = #adapter)]));
        quote!(#vdoc #with #id(#ty),)
    });
    let derive = data_derives(cx, false);
    quote! {
        #docs
        #derive
        #[serde(untagged)]
        pub enum #name_id { #(#variants)* }
    }
}
