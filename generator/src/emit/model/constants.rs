//! The API's constants: its name, title and version, the default server, the auth schemes,
//! the content types, and the name of every API-wide header.

use crate::emit::docs::doc;
use crate::emit::{Cx, ident};
use crate::ir::{ApiIr, AuthIr, AuthKind, ParamIr, ServerIr, ServerVariableIr};
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
        // `lib.rs` documents the module with the description (see `crate_root`).
        module: _,
        description: _,
        types: _,
        operations: _,
        file: _,
    } = cx.api;
    let server_items = servers.first().map(default_server);
    let auth_doc = auth_schemes_doc(auth);
    let names = auth.iter().map(|a| a.name.as_str());
    let header_consts = headers.iter().map(header_const);
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
        pub const CONTENT_TYPES: &[&str] = &[#(#content_types),*];
        #(#header_consts)*
    }
}

/// `DEFAULT_SERVER`: the first server's URL template, its variables in the doc.
fn default_server(server: &ServerIr) -> TokenStream {
    let ServerIr {
        url,
        variables,
        // Not documented (the URL speaks for itself).
        description: _,
    } = server;
    let mut text = format!("The default server URL template: `{url}`.");
    for v in variables {
        let ServerVariableIr {
            name,
            description,
            // The client's `ServerVariables` carries the Rust name and the default.
            rust_name: _,
            default: _,
        } = v;
        text.push_str(&format!(
            "\n\n`{{{name}}}`: {}",
            description.as_deref().unwrap_or("filled in by the caller.")
        ));
    }
    let docs = doc(&text);
    quote!(#docs pub const DEFAULT_SERVER: &str = #url;)
}

/// The doc of `AUTH_SCHEMES`: how each scheme's credential is sent.
fn auth_schemes_doc(auth: &[AuthIr]) -> TokenStream {
    let lines = auth.iter().map(|a| {
        let AuthIr {
            name,
            kind,
            // The client's `Auth` carries the Rust names and the description.
            rust_name: _,
            constructor: _,
            description: _,
            span: _,
        } = a;
        let wire = match kind {
            AuthKind::Bearer {
                bearer_format: _,
                self_signed: _,
            } => "Authorization: Bearer <token>".to_string(),
            AuthKind::Basic {
                password_empty: true,
            } => "Authorization: Basic base64(<key>:)".to_string(),
            AuthKind::Basic {
                password_empty: false,
            } => "Authorization: Basic base64(<user>:<password>)".to_string(),
            AuthKind::ApiKey { header, prefix } => match prefix {
                Some(p) => format!("{header}: {p} <token>"),
                None => format!("{header}: <token>"),
            },
        };
        format!("- `{name}`: `{wire}`")
    });
    let text = format!(
        "Auth schemes this API accepts:\n\n{}",
        lines.collect::<Vec<_>>().join("\n")
    );
    doc(&text)
}

/// The constant holding an API-wide header's name ([`ParamIr::const_name`]).
fn header_const(h: &ParamIr) -> TokenStream {
    let ParamIr {
        wire_name,
        const_name,
        required,
        description,
        // The client's `Config` field carries the rest (see `client::config`).
        rust_name: _,
        arg_name: _,
        location: _,
        shape: _,
        example: _,
        span: _,
    } = h;
    let c = ident(const_name);
    let text = format!(
        "Name of the `{wire_name}` header{}.{}",
        if *required {
            ", which every request must carry"
        } else {
            ""
        },
        description
            .as_deref()
            .map(|d| format!("\n\n{d}"))
            .unwrap_or_default()
    );
    let docs = doc(&text);
    quote!(#docs pub const #c: &str = #wire_name;)
}
