//! Async clients: inside each API file, a `client` module (behind a cargo feature) with only
//! what is specific to the API: the `Auth` choice (and, for self-signed JWT schemes, their
//! claims and signing constructors), the default server's `ServerVariables`, the `ApiConfig`
//! (the API's part of the runtime's generic `Config`, and its `Api` implementation), a `Client`
//! around the runtime's generic `Engine` with one async method per operation, and per
//! operation an enum of the documented success responses and one of the documented error
//! responses.
//!
//! The generic half lives in `templates/runtime/src/client.rs` and `client/` (`Config`,
//! `Engine`: retries, credentials, tracing; transport, errors, secrets, encodings); the code
//! emitted here only wires the schema's facts (servers, auth schemes, headers, paths, bodies,
//! statuses, idempotency) to it.
//!
//! One function per generated item kind: [`client_module`] calls them in output order.

mod auth;
mod config;
mod operation;
mod request;
mod response;
mod scaffold;

use super::docs::{escape_markdown, inner_doc_markdown, path_text};
use super::{Cx, ident};
use crate::ir::{ApiIr, Shape, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The client part of the emit options, as the API emitters see it.
#[derive(Debug, Clone)]
pub(crate) struct ClientCx {
    /// `#[cfg(feature = ...)]` gate of the client code, if any.
    pub feature: Option<String>,
    /// Path of the client runtime as seen from an API module.
    pub runtime_path: String,
}

/// The whole `client` module of one API: its docs, then `ServerVariables`, `Auth` (with the
/// claims of self-signed schemes), `ApiConfig` and `Config`, `Client` (with one method per
/// operation) and each operation's response and error enums.
pub(crate) fn client_module(cx: &Cx<'_>, client: &ClientCx) -> TokenStream {
    let crt = nested_path(&client.runtime_path);
    let cfg = cfg_attr(client);
    let module_docs = module_docs(cx.api, &crt);
    let server_variables = config::server_variables(cx.api, &crt);
    let auth = auth::auth_enum(cx.api, &crt);
    let config = config::config(cx, &crt);
    let client = scaffold::client(cx, &crt);
    let op_types = cx
        .api
        .operations
        .iter()
        .map(|op| response::operation_types(cx, op));
    quote! {
        #cfg
        pub mod client {
            #module_docs

            #server_variables
            #auth
            #config
            #client
            #(#op_types)*
        }
    }
}

/// The `client` module's own docs (`//!`): what it holds and how to use it.
fn module_docs(api: &ApiIr, crt: &TokenStream) -> TokenStream {
    let ApiIr {
        title,
        version,
        // The model's docs (the enclosing module) carry the description and everything else.
        name: _,
        module: _,
        description: _,
        servers: _,
        auth: _,
        headers: _,
        content_types: _,
        types: _,
        operations: _,
        file: _,
    } = api;
    let crt = path_text(crt);
    let text = format!(
        "An async client of the {} (version {}): one method per operation, named after its \
         operation id.\n\n\
         Build a [`Config`] from the API's [`ApiConfig`] (credentials, server variables, \
         required headers) and adjust what every client has (base URL, timeout, validation, \
         retries, clock), then a [`Client`] with [`Client::new`] (reqwest with rustls TLS) or \
         [`Client::with_transport`] (any [`Transport`]). A method validates the body, sends \
         the request (retrying what may be retried) and returns the documented success \
         response, or a [`ClientError`]: the documented error responses are \
         `ClientErrorKind::Api`, any other status is `ClientErrorKind::UnexpectedStatus` with \
         its status, headers and raw body.\n\n\
         # Retries\n\n\
         On by default ([`RetryPolicy`]): a request that never left, `429` and `503` are \
         retried for every operation; `502`, `504`, timeouts and connections dropped after \
         sending only for idempotent operations (each method says whether it is). A credential \
         from a token source is replaced once when the server answers `401`.\
         \n\n# Errors\n\nEvery method returns: the documented error statuses as \
         `ClientErrorKind::Api` with the operation's error enum; an invalid body (when \
         validation is on) as `ClientErrorKind::Invalid`, before anything is sent; an empty, \
         `.` or `..` path parameter as `ClientErrorKind::InvalidPathParameter`; any other \
         status as `ClientErrorKind::UnexpectedStatus`; a body that does not decode as \
         `ClientErrorKind::Decode`; a timeout or connection failure as \
         `ClientErrorKind::Transport`. Every error tells how many attempts were made \
         ([`ClientError::attempts`]) and whether the request may have been applied \
         ([`ClientError::may_have_been_applied`]).\
         \n\n[`Transport`]: {crt}::Transport\n[`ClientError`]: {crt}::ClientError\n\
         [`ClientError::attempts`]: {crt}::ClientError::attempts\n\
         [`ClientError::may_have_been_applied`]: {crt}::ClientError::may_have_been_applied\n\
         [`RetryPolicy`]: {crt}::RetryPolicy",
        escape_markdown(title),
        escape_markdown(version)
    );
    inner_doc_markdown(&text)
}

/// A path as seen from an API module, rewritten for the `client` module nested inside it.
fn nested_path(path: &str) -> TokenStream {
    let text = if let Some(rest) = path.strip_prefix("self::") {
        format!("super::{rest}")
    } else if path.starts_with("super::") {
        format!("super::{path}")
    } else {
        path.to_string()
    };
    match syn::parse_str::<syn::Path>(&text) {
        Ok(p) => quote!(#p),
        Err(_) => quote!(crate::runtime::client),
    }
}

/// The `#[cfg(feature = "...")]` attribute of client items (empty without a gate).
fn cfg_attr(client: &ClientCx) -> TokenStream {
    match &client.feature {
        Some(f) => quote!(#[cfg(feature = #f)]),
        None => quote!(),
    }
}

/// The Rust type of a shape as seen from the `client` module: named types live in `super`.
fn client_type(cx: &Cx<'_>, shape: &Shape) -> TokenStream {
    match &shape.kind {
        ShapeKind::Array(items) => {
            let t = client_type(cx, items);
            quote!(::std::vec::Vec<#t>)
        }
        ShapeKind::Map(values) => {
            let t = client_type(cx, values);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        ShapeKind::Named(n) => match cx.ty(n) {
            Some(t) => {
                let id = ident(&t.rust_name);
                quote!(super::#id)
            }
            None => quote!(::serde_json::Value),
        },
        _ => super::rust_type(cx, shape),
    }
}

/// The first JSON content type of a list (`application/json`, `application/problem+json`).
fn json_content_type(types: &[String]) -> Option<&str> {
    types
        .iter()
        .map(String::as_str)
        .find(|t| *t == "application/json" || t.ends_with("+json") || t.ends_with("/json"))
}
