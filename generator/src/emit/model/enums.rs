//! Enums: a closed set (any other value is rejected) is a plain enum with `ALL`; an open set
//! keeps unknown values in `Other` and (de)serializes by hand.

use super::{derives, type_doc};
use crate::emit::docs::doc;
use crate::emit::{Cx, ident};
use crate::ir::{EnumIr, EnumValueIr, TypeIr};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Wire values as a comma-separated list of code spans, for docs.
pub(super) fn backticked<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One value of an enum as its emitters use it.
struct Value<'a> {
    /// The variant.
    id: Ident,
    wire: &'a str,
    /// The variant's doc.
    doc: TokenStream,
    /// `#[default]` on the enum's default value.
    default: TokenStream,
}

/// The values of an enum, with the docs of their variants; `default` is the default's wire
/// value.
fn enum_values<'a>(values: &'a [EnumValueIr], default: Option<&str>) -> Vec<Value<'a>> {
    values
        .iter()
        .map(|v| {
            let EnumValueIr {
                wire,
                rust_name,
                description,
                deprecated,
                span: _,
            } = v;
            let mut text = description.clone().unwrap_or_else(|| format!("`{wire}`."));
            text.push_str(&format!("\n\nWire value `{wire}`."));
            if *deprecated {
                text.push_str(" Deprecated.");
            }
            let default = if default == Some(wire.as_str()) {
                quote!(#[default])
            } else {
                quote!()
            };
            Value {
                id: ident(rust_name),
                wire,
                doc: doc(&text),
                default,
            }
        })
        .collect()
}

/// A closed enum: one variant per value, `ALL`, `as_str` and `Display`.
pub(super) fn closed_enum(cx: &Cx<'_>, t: &TypeIr, e: &EnumIr) -> TokenStream {
    let TypeIr {
        name,
        rust_name,
        description,
        deprecated,
        // Dispatched on by `type_item`: `e`.
        kind: _,
        span: _,
    } = t;
    let EnumIr {
        values,
        default,
        // Dispatched on by `type_item`.
        open: _,
    } = e;
    let name_id = ident(rust_name);
    let values = enum_values(values, default.as_deref());
    let list = backticked(values.iter().map(|v| v.wire));
    let mut text = type_doc(description, *deprecated, &format!("The `{name}` values."));
    text.push_str(&format!(
        "\n\nA closed set: {list}; any other value is rejected."
    ));
    let docs = doc(&text);
    let pairs: Vec<(String, &str)> = values.iter().map(|v| (v.id.to_string(), v.wire)).collect();
    let (rename_all, renames) = super::variant_renames(&pairs);
    let variants = values.iter().zip(renames).map(|(v, rename)| {
        let Value {
            id,
            wire: _,
            doc,
            default,
        } = v;
        quote!(#doc #default #rename #id,)
    });
    let arms = values
        .iter()
        .map(|Value { id, wire, .. }| quote!(#name_id::#id => #wire,));
    let all = values.iter().map(|Value { id, .. }| quote!(#name_id::#id));
    let mut base = quote!(
        Debug,
        Clone,
        Copy,
        PartialEq,
        Eq,
        Hash,
        PartialOrd,
        Ord,
        ::serde::Serialize,
        ::serde::Deserialize
    );
    if default.is_some() {
        base = quote!(#base, Default);
    }
    let derive = derives(cx, base);
    quote! {
        #docs
        #derive
        #rename_all
        pub enum #name_id { #(#variants)* }

        impl #name_id {
            /// Every value, in schema order.
            pub const ALL: &'static [#name_id] = &[#(#all),*];

            /// The exact wire spelling.
            pub const fn as_str(&self) -> &'static str {
                match self { #(#arms)* }
            }
        }

        impl ::core::fmt::Display for #name_id {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// An open enum: one variant per value and `Other`, `KNOWN`, `as_str`, `is_known`, `From<&str>`,
/// `Display` and string (de)serialization.
pub(super) fn open_enum(cx: &Cx<'_>, t: &TypeIr, e: &EnumIr) -> TokenStream {
    let TypeIr {
        name,
        rust_name,
        description,
        deprecated,
        // Dispatched on by `type_item`: `e`.
        kind: _,
        span: _,
    } = t;
    let EnumIr {
        values,
        default,
        // Dispatched on by `type_item`.
        open: _,
    } = e;
    let name_id = ident(rust_name);
    let rt = &cx.runtime;
    let values = enum_values(values, default.as_deref());
    let list = backticked(values.iter().map(|v| v.wire));
    let mut text = type_doc(description, *deprecated, &format!("The `{name}` values."));
    text.push_str(&format!(
        "\n\nAn open set: {list}, and any value the vendor adds later, kept in `Other`."
    ));
    let docs = doc(&text);
    let variants = values.iter().map(|v| {
        let Value {
            id, doc, default, ..
        } = v;
        quote!(#doc #default #id,)
    });
    let to_str = values
        .iter()
        .map(|Value { id, wire, .. }| quote!(#name_id::#id => #wire,));
    let from_str = values
        .iter()
        .map(|Value { id, wire, .. }| quote!(#wire => #name_id::#id,));
    let known = values.iter().map(|Value { id, .. }| quote!(#name_id::#id));
    let mut base = quote!(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord);
    if default.is_some() {
        base = quote!(#base, Default);
    }
    let derive = derives(cx, base);
    quote! {
        #docs
        #derive
        pub enum #name_id {
            #(#variants)*
            /// A value this schema does not list, kept as sent.
            Other(::std::string::String),
        }

        impl #name_id {
            /// Every value the schema lists, in schema order.
            pub const KNOWN: &'static [#name_id] = &[#(#known),*];

            /// The exact wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name_id::Other(other) => other.as_str(),
                }
            }

            /// True for a value the schema lists.
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, #name_id::Other(_))
            }
        }

        impl ::core::convert::From<&str> for #name_id {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name_id::Other(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::core::fmt::Display for #name_id {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name_id {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name_id {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #rt::deserialize_str_enum(deserializer)
            }
        }
    }
}
