//! Models: one Rust item per named type, serializing exactly to the vendor's wire format, and
//! the API's constants. One function per item kind: [`type_item`] dispatches on the type's
//! kind.

mod constants;
mod enums;
mod object;
mod unions;

pub(crate) use constants::api_constants;

use super::docs::{constraint_words, doc};
use super::{Cx, ident, rust_type};
use crate::ir::{Shape, ShapeKind, TypeIr, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The item for one named type.
pub(crate) fn type_item(cx: &Cx<'_>, t: &TypeIr) -> TokenStream {
    match &t.kind {
        TypeKind::Object(o) => object::object(cx, t, o),
        TypeKind::Enum(e) if e.open => enums::open_enum(cx, t, e),
        TypeKind::Enum(e) => enums::closed_enum(cx, t, e),
        TypeKind::Union(u) => unions::union(cx, t, u),
        TypeKind::OneOf(o) => unions::one_of(cx, t, o),
        TypeKind::Alias(s) => alias(cx, t, s),
    }
}

/// The derives of a data-carrying type (struct or enum with payloads), with `Default` when every
/// field has one.
fn data_derives(cx: &Cx<'_>, with_default: bool) -> TokenStream {
    let default = with_default.then(|| quote!(Default,));
    derives(
        cx,
        quote!(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize),
    )
}

/// `#[derive(...)]` of `base` and the extra derives the options ask for. The standard derives
/// are named bare: derive macros live in the macro namespace, where a schema's type names (types
/// and traits live in the type namespace) cannot shadow them, and each expands to absolute
/// paths. serde's are written out, since nothing imports them.
///
/// An extra derive the type already has (`Hash` on a closed enum, say, or `std::hash::Hash`
/// beside the bare `Hash`) is left out, as is a repeated one: deriving a trait twice is a
/// conflicting implementation.
fn derives(cx: &Cx<'_>, base: TokenStream) -> TokenStream {
    let mut seen: Vec<String> = syn::parse::Parser::parse2(
        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        base.clone(),
    )
    .map(|paths| paths.iter().map(derive_key).collect())
    .unwrap_or_default();
    let mut extra = Vec::new();
    for d in &cx.derives {
        let key =
            syn::parse2::<syn::Path>(d.clone()).map_or_else(|_| d.to_string(), |p| derive_key(&p));
        if !seen.contains(&key) {
            seen.push(key);
            extra.push(d);
        }
    }
    quote!(#[derive(#base #(, #extra)*)])
}

/// What makes two derive paths the same derive: the path without a leading `::`, and the
/// standard library's derives by their bare name whichever of `std` or `core` spells them.
fn derive_key(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    const STD: [&str; 9] = [
        "Debug",
        "Clone",
        "Copy",
        "PartialEq",
        "Eq",
        "PartialOrd",
        "Ord",
        "Hash",
        "Default",
    ];
    match segments.as_slice() {
        [root, .., last] if (root == "std" || root == "core") && STD.contains(&last.as_str()) => {
            last.clone()
        }
        _ => segments.join("::"),
    }
}

/// Doc text of a type: its description (or `fallback`), and whether it is deprecated.
fn type_doc(description: &Option<String>, deprecated: bool, fallback: &str) -> String {
    let mut text = description.clone().unwrap_or_else(|| fallback.to_string());
    if deprecated {
        text.push_str("\n\nDeprecated.");
    }
    text
}

/// The `#[serde(with)]` path of a shape that holds `time` values (at any depth of arrays and
/// maps): the runtime's RFC 3339 adapter, since time's own serde format is another one. `None`
/// for every other shape and date-time choice.
fn time_adapter(cx: &Cx<'_>, shape: &Shape) -> Option<String> {
    cx.formats.needs_time_adapter(shape).then(|| {
        format!(
            "{}::time_rfc3339",
            crate::emit::docs::path_text(&cx.runtime)
        )
    })
}

/// `Box<ty>` where the reference is recursive without indirection, `ty` otherwise.
fn boxed(needs_box: bool, ty: TokenStream) -> TokenStream {
    if needs_box {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

/// An alias: a transparent newtype over a shape, with `From` the inner type.
fn alias(cx: &Cx<'_>, t: &TypeIr, s: &Shape) -> TokenStream {
    let TypeIr {
        name,
        rust_name,
        description,
        deprecated,
        // Dispatched on by `type_item`: `s`.
        kind: _,
        span: _,
    } = t;
    let name_id = ident(rust_name);
    let mut text = type_doc(description, *deprecated, &format!("The `{name}` type."));
    let words = constraint_words(s);
    if !words.is_empty() {
        text.push_str("\n\n");
        text.push_str(&words.join(" "));
    }
    let docs = doc(&text);
    let ty = boxed(cx.analysis.needs_box(name, s), rust_type(cx, s));
    // Not every date-time type has a `Default`.
    let defaultable = !matches!(s.kind, ShapeKind::Named(_)) && !cx.formats.is_typed(s);
    let derive = data_derives(cx, defaultable);
    let with = time_adapter(cx, s).map(|adapter| quote!(#[serde(with = #adapter)]));
    quote! {
        #docs
        #derive
        #[serde(transparent)]
        pub struct #name_id(#with pub #ty);

        impl ::core::convert::From<#ty> for #name_id {
            fn from(value: #ty) -> Self {
                #name_id(value)
            }
        }
    }
}

/// How serde spells variant names on the wire: the `rename_all` rule (on the enum) that maps
/// every variant to its wire value, if one does, and otherwise a `rename` per variant whose wire
/// value is not its name. `pairs` are (Rust variant name, wire value). The rules are serde's
/// own, so what serde derives is exactly the wire value.
pub(super) fn variant_renames(pairs: &[(String, &str)]) -> (TokenStream, Vec<TokenStream>) {
    let snake = |v: &str| {
        let mut out = String::new();
        for (i, c) in v.chars().enumerate() {
            if i > 0 && c.is_uppercase() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    };
    type Rule<'a> = (&'a str, &'a dyn Fn(&str) -> String);
    let rules: [Rule<'_>; 7] = [
        ("lowercase", &|v: &str| v.to_ascii_lowercase()),
        ("UPPERCASE", &|v: &str| v.to_ascii_uppercase()),
        ("camelCase", &|v: &str| {
            let mut c = v.chars();
            c.next()
                .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
                .unwrap_or_default()
        }),
        ("snake_case", &snake),
        ("SCREAMING_SNAKE_CASE", &|v: &str| {
            snake(v).to_ascii_uppercase()
        }),
        ("kebab-case", &|v: &str| snake(v).replace('_', "-")),
        ("SCREAMING-KEBAB-CASE", &|v: &str| {
            snake(v).to_ascii_uppercase().replace('_', "-")
        }),
    ];
    let names = |(v, _): &(String, &str)| crate::ident::unraw(v).to_string();
    let all_as_is = pairs.iter().all(|p| names(p) == p.1);
    if !all_as_is && !pairs.is_empty() {
        for (rule, apply) in rules {
            if pairs.iter().all(|p| apply(&names(p)) == p.1) {
                return (
                    quote!(#[serde(rename_all = #rule)]),
                    pairs.iter().map(|_| quote!()).collect(),
                );
            }
        }
    }
    let each = pairs
        .iter()
        .map(|p| {
            let wire = p.1;
            if names(p) == wire {
                quote!()
            } else {
                quote!(#[serde(rename = #wire)])
            }
        })
        .collect();
    (quote!(), each)
}

#[cfg(test)]
mod tests {
    use crate::emit::test_support::{all_items, doc_text, generate_api, parse, with_cx};

    const HOSTILE_DOCS: &str = r#"
api:
  name: docs
  title: Docs
  version: "1"
types:
  Comment:
    description: "Ends a block comment */ and starts one /* here. Keeps `code` spans, escapes a stray ` backtick, and ``` is no fence."
    fields:
      body:
        type: string
        description: "A field doc with */ and `x` and a lone `."
"#;

    #[test]
    fn an_extra_derive_a_type_already_has_is_not_derived_twice() {
        let yaml = r#"
api:
  name: d
  title: D
  version: "1"
types:
  Status:
    enum: [open, closed]
  Note:
    fields:
      body:
        type: string
"#;
        let schemas = crate::emit::test_support::schemas(yaml);
        let checked = schemas.checked().expect("no errors");
        let opts = crate::emit::EmitOptions {
            extra_derives: vec!["Hash".into(), "std::hash::Hash".into(), "Eq".into()],
            ..Default::default()
        };
        let base = crate::emit::Cx::new(&opts).expect("options parse");
        let cx = base.clone_for(&checked.ir().apis[0]);
        let mut types = 0;
        for t in &cx.api.types {
            let (file, _) = parse(super::type_item(&cx, t));
            for item in all_items(&file.items) {
                let attrs = match item {
                    syn::Item::Struct(s) => &s.attrs,
                    syn::Item::Enum(e) => &e.attrs,
                    _ => continue,
                };
                types += 1;
                let mut keys = Vec::new();
                for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
                    let paths = a
                        .parse_args_with(
                            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                        )
                        .expect("derive paths");
                    keys.extend(paths.iter().map(super::derive_key));
                }
                for name in ["Hash", "Eq", "Debug"] {
                    let count = keys.iter().filter(|k| *k == name).count();
                    assert_eq!(count, 1, "{name} in {keys:?}");
                }
            }
        }
        assert_eq!(types, 2);
    }

    #[test]
    fn a_doc_with_a_comment_end_or_backticks_renders_safely() {
        let tokens = with_cx(HOSTILE_DOCS, |cx| super::type_item(cx, &cx.api.types[0]));
        let (file, text) = parse(tokens);
        // Nothing was swallowed by a comment: the struct and its field are there.
        let s = all_items(&file.items)
            .into_iter()
            .find_map(|i| match i {
                syn::Item::Struct(s) if s.ident == "Comment" => Some(s),
                _ => None,
            })
            .expect("the struct is an item");
        let docs = doc_text(&s.attrs);
        assert!(
            docs.contains("Ends a block comment */ and starts one /* here."),
            "{docs}"
        );
        assert!(docs.contains("Keeps `code` spans"), "{docs}");
        assert!(docs.contains("escapes a stray \\` backtick"), "{docs}");
        assert!(!docs.contains("\n```"), "{docs}");
        let field = s.fields.iter().next().expect("one field");
        assert_eq!(
            field.ident.as_ref().map(ToString::to_string).as_deref(),
            Some("body")
        );
        let field_docs = doc_text(&field.attrs);
        assert!(
            field_docs.contains("with */ and `x` and a lone \\`."),
            "{field_docs}"
        );
        // The formatted text parses back to the same docs.
        let reparsed = syn::parse_file(&text).expect("the formatted text parses");
        assert_eq!(prettyplease::unparse(&reparsed), text);
    }

    #[test]
    fn the_generated_file_with_hostile_docs_parses() {
        let (file, _) = generate_api(HOSTILE_DOCS, "docs");
        assert!(
            all_items(&file.items)
                .iter()
                .any(|i| matches!(i, syn::Item::Struct(s) if s.ident == "Comment"))
        );
    }

    #[test]
    fn variant_renames_use_a_serde_rule_when_one_fits_and_renames_only_what_differs() {
        let pairs = |p: &[(&str, &'static str)]| -> Vec<(String, &'static str)> {
            p.iter().map(|(a, b)| (a.to_string(), *b)).collect()
        };
        let text = |t: &proc_macro2::TokenStream| t.to_string();
        let (all, each) =
            super::variant_renames(&pairs(&[("InProgress", "in-progress"), ("Done", "done")]));
        assert_eq!(
            text(&all),
            quote::quote!(#[serde(rename_all = "kebab-case")]).to_string()
        );
        assert!(each.iter().all(|e| e.is_empty()));
        let (all, _) = super::variant_renames(&pairs(&[("AnsweredByStaff", "ANSWERED_BY_STAFF")]));
        assert!(text(&all).contains("SCREAMING_SNAKE_CASE"));
        // No rule fits both: a rename only where the wire value is not the name.
        let (all, each) =
            super::variant_renames(&pairs(&[("External", "External"), ("CloseIo", "Close.io")]));
        assert!(all.is_empty());
        assert!(each[0].is_empty());
        assert!(text(&each[1]).contains("Close.io"));
    }
}
