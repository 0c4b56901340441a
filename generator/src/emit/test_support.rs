//! Helpers of the emitters' unit tests: load a tiny schema, run an item emitter or the whole
//! pipeline, parse the output with syn and look items up in it.

use super::{Cx, EmitOptions};
use proc_macro2::TokenStream;

/// Loads a schema that must have no errors.
pub(crate) fn schemas(yaml: &str) -> crate::Schemas {
    let schemas = crate::load_str("test.yaml", yaml);
    assert!(
        schemas.checked().is_some(),
        "the test schema has errors:\n{}",
        schemas.diagnostics.render(&schemas.sources)
    );
    schemas
}

/// Runs `f` with the emit context (default options: validators and client on) of the
/// schema's only API.
pub(crate) fn with_cx<R>(yaml: &str, f: impl FnOnce(&Cx<'_>) -> R) -> R {
    let schemas = schemas(yaml);
    let checked = schemas.checked().expect("no errors");
    let base = Cx::new(&EmitOptions::default()).expect("default options parse");
    let cx = base.clone_for(&checked.ir().apis[0]);
    f(&cx)
}

/// An item emitter's tokens, parsed as a file (they must parse on their own), and the text
/// prettyplease makes of them.
pub(crate) fn parse(tokens: TokenStream) -> (syn::File, String) {
    let file = syn::parse_file(&tokens.to_string()).expect("the emitted tokens parse");
    let text = prettyplease::unparse(&file);
    (file, text)
}

/// Generates every file with the default options and parses the API file `module.rs`.
pub(crate) fn generate_api(yaml: &str, module: &str) -> (syn::File, String) {
    let files = crate::generate(&schemas(yaml), &EmitOptions::default()).expect("generates");
    let text = files
        .get(std::path::Path::new(&format!("{module}.rs")))
        .unwrap_or_else(|| panic!("no {module}.rs among {:?}", files.keys()))
        .clone();
    let file = syn::parse_file(&text).expect("the generated file parses");
    (file, text)
}

/// Every item of a file, including those inside inline modules, depth first.
pub(crate) fn all_items(items: &[syn::Item]) -> Vec<&syn::Item> {
    let mut out = Vec::new();
    for item in items {
        out.push(item);
        if let syn::Item::Mod(m) = item {
            if let Some((_, inner)) = &m.content {
                out.extend(all_items(inner));
            }
        }
    }
    out
}

/// The method `name` of some impl in the file.
pub(crate) fn method<'a>(file: &'a syn::File, name: &str) -> &'a syn::ImplItemFn {
    all_items(&file.items)
        .into_iter()
        .filter_map(|i| match i {
            syn::Item::Impl(imp) => Some(imp),
            _ => None,
        })
        .flat_map(|imp| &imp.items)
        .find_map(|i| match i {
            syn::ImplItem::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no method `{name}`"))
}

/// The names of a function's typed arguments (not `self`).
pub(crate) fn arg_names(sig: &syn::Signature) -> Vec<String> {
    sig.inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => match &*t.pat {
                syn::Pat::Ident(p) => Some(p.ident.to_string()),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The text of every `#[doc = "..."]` attribute, joined by newlines.
pub(crate) fn doc_text(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}
