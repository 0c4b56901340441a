//! The `Client` struct: its fields, `Debug`, the constructors `new` (default transport) and
//! `with_transport` (which checks the configuration once and prepares the headers every
//! request carries), the accessors, and one method per operation.

use super::config::select_base_url;
use super::{json_content_type, operation, path_text};
use crate::emit::docs::{doc_markdown, escape_markdown};
use crate::emit::{Cx, ident};
use crate::ir::{ApiIr, OperationIr, ParamIr};
use proc_macro2::TokenStream;
use quote::quote;

/// `Client`, its impls and its operation methods.
pub(super) fn client(cx: &Cx<'_>, crt: &TokenStream) -> TokenStream {
    let ApiIr {
        title,
        servers,
        auth,
        headers,
        operations,
        name: _,
        module: _,
        version: _,
        description: _,
        // Each operation's body picks its content type (see `operation`).
        content_types: _,
        types: _,
        file: _,
    } = cx.api;
    // Without operations (or without one that sends credentials) these fields are never read.
    let unread = quote!(#[allow(dead_code)]);
    let headers_allow = if operations.is_empty() {
        unread.clone()
    } else {
        quote!()
    };
    let auth_allow = if operations.iter().any(|o| !o.auth.is_empty()) {
        quote!()
    } else {
        unread
    };
    let (auth_field, auth_init, auth_setup) = if auth.is_empty() {
        (quote!(), quote!(), quote!())
    } else {
        (
            quote!(auth: (::http::HeaderName, ::http::HeaderValue),),
            quote!(auth,),
            quote!(let auth = config.auth.header()?;),
        )
    };
    let select_base_url = select_base_url(servers, crt);
    let headers_setup = default_headers(headers, operations, crt);
    let methods = operations
        .iter()
        .map(|op| operation::operation_method(cx, op, crt));
    let crt_s = path_text(crt);
    let client_doc = doc_markdown(&format!(
        "An async client of the {}. `T` is the [`Transport`] requests go through; the \
         default, [`ReqwestTransport`], is reqwest with rustls TLS. Cloning is cheap when the \
         transport's is (reqwest clients share their connection pool).\n\n\
         [`Transport`]: {crt_s}::Transport\n[`ReqwestTransport`]: {crt_s}::ReqwestTransport",
        escape_markdown(title),
    ));
    quote! {
        #client_doc
        #[derive(::core::clone::Clone)]
        pub struct Client<T = #crt::ReqwestTransport> {
            config: Config,
            base_url: ::std::string::String,
            #headers_allow
            headers: ::http::HeaderMap,
            #auth_allow
            #auth_field
            transport: T,
        }

        impl<T: ::core::fmt::Debug> ::core::fmt::Debug for Client<T> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("config", &self.config)
                    .field("transport", &self.transport)
                    .finish_non_exhaustive()
            }
        }

        impl Client<#crt::ReqwestTransport> {
            /// A client over the default transport (reqwest, rustls TLS, no redirects).
            /// Fails when the configuration is refused (base URL, server variables, a
            /// credential or header value with a control character) or the TLS set-up fails.
            pub fn new(config: Config) -> ::core::result::Result<Self, #crt::ClientError> {
                let transport = #crt::ReqwestTransport::new().map_err(#crt::ClientError::Transport)?;
                Self::with_transport(config, transport)
            }
        }

        impl<T: #crt::Transport> Client<T> {
            /// A client over `transport`. Checks the configuration once: the base URL, the
            /// server variables, the credentials and every header value.
            pub fn with_transport(config: Config, transport: T) -> ::core::result::Result<Self, #crt::ClientError> {
                #select_base_url
                #auth_setup
                #headers_setup
                ::core::result::Result::Ok(Client {
                    config,
                    base_url,
                    headers,
                    #auth_init
                    transport,
                })
            }

            /// The configuration the client was built with.
            pub fn config(&self) -> &Config {
                &self.config
            }

            /// The base URL every operation path is appended to (no trailing `/`).
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The transport.
            pub fn transport(&self) -> &T {
                &self.transport
            }

            #(#methods)*
        }
    }
}

/// The statements of `with_transport` that build the headers every request carries: `Accept`
/// (the first JSON content type of a response with a body), then each API-wide header.
fn default_headers(
    headers: &[ParamIr],
    operations: &[OperationIr],
    crt: &TokenStream,
) -> TokenStream {
    let accept = operations
        .iter()
        .flat_map(|o| &o.responses)
        .filter(|r| r.body.is_some())
        .find_map(|r| json_content_type(&r.content_types))
        .map(|ct| {
            quote! {
                headers.insert(::http::header::ACCEPT, ::http::HeaderValue::from_static(#ct));
            }
        });
    let binding = if accept.is_some() || !headers.is_empty() {
        quote!(let mut headers = ::http::HeaderMap::new();)
    } else {
        quote!(let headers = ::http::HeaderMap::new();)
    };
    let inserts = headers.iter().map(|h| header_insert(h, crt));
    quote! {
        #binding
        #accept
        #(#inserts)*
    }
}

/// Checks an API-wide header's value from `Config` and adds it to the default headers.
fn header_insert(h: &ParamIr, crt: &TokenStream) -> TokenStream {
    let ParamIr {
        wire_name,
        arg_name,
        required,
        // `arg_name` is the `Config` field (see `config::header_field`).
        rust_name: _,
        const_name: _,
        location: _,
        // The value is the `Config` field's text.
        shape: _,
        description: _,
        example: _,
        span: _,
    } = h;
    let id = ident(arg_name);
    let infallible = quote!(::core::convert::Infallible);
    let name = quote!(#crt::header_name::<#infallible>(#wire_name)?);
    if *required {
        quote! {
            headers.insert(#name, #crt::header_value::<#infallible>(#wire_name, &config.#id)?);
        }
    } else {
        quote! {
            if let ::core::option::Option::Some(value) = &config.#id {
                headers.insert(#name, #crt::header_value::<#infallible>(#wire_name, value)?);
            }
        }
    }
}
