//! The `Client` struct: a wrapper of the runtime's generic `Engine` (which it dereferences to,
//! for `config()`, `base_url()` and `transport()`), the constructors `new` (default transport)
//! and `with_transport` (which checks the configuration once), and one method per operation.

use super::{operation, path_text};
use crate::emit::Cx;
use crate::emit::docs::{doc_markdown, escape_markdown};
use crate::ir::ApiIr;
use proc_macro2::TokenStream;
use quote::quote;

/// `Client`, its impls and its operation methods.
pub(super) fn client(cx: &Cx<'_>, crt: &TokenStream) -> TokenStream {
    let ApiIr {
        title,
        operations,
        name: _,
        module: _,
        version: _,
        description: _,
        // The `ApiConfig` carries them (see `config`).
        servers: _,
        auth: _,
        headers: _,
        // Each operation's body picks its content type (see `operation`).
        content_types: _,
        types: _,
        file: _,
    } = cx.api;
    let methods = operations
        .iter()
        .map(|op| operation::operation_method(cx, op, crt));
    let crt_s = path_text(crt);
    let client_doc = doc_markdown(&format!(
        "An async client of the {}. `T` is the [`Transport`] requests go through; the \
         default, [`ReqwestTransport`], is reqwest with rustls TLS. Cloning is cheap when the \
         transport's is (reqwest clients share their connection pool), and clones share cached \
         tokens. It dereferences to the generic [`Engine`]: `config()`, `base_url()`, \
         `transport()`.\n\n\
         [`Transport`]: {crt_s}::Transport\n[`ReqwestTransport`]: {crt_s}::ReqwestTransport\n\
         [`Engine`]: {crt_s}::Engine",
        escape_markdown(title),
    ));
    quote! {
        #client_doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        pub struct Client<T = #crt::ReqwestTransport> {
            engine: #crt::Engine<ApiConfig, T>,
        }

        impl<T> ::core::ops::Deref for Client<T> {
            type Target = #crt::Engine<ApiConfig, T>;

            fn deref(&self) -> &Self::Target {
                &self.engine
            }
        }

        impl Client<#crt::ReqwestTransport> {
            /// A client over the default transport (reqwest, rustls TLS, no redirects).
            /// Fails when the configuration is refused (base URL, server variables, a
            /// credential or header value with a control character) or the TLS set-up fails.
            pub fn new(config: Config) -> ::core::result::Result<Self, #crt::ClientError> {
                #crt::Engine::new(config).map(|engine| Client { engine })
            }
        }

        impl<T: #crt::Transport> Client<T> {
            /// A client over `transport`. Checks the configuration once: the base URL, the
            /// server variables, the credentials and every header value.
            pub fn with_transport(config: Config, transport: T) -> ::core::result::Result<Self, #crt::ClientError> {
                #crt::Engine::with_transport(config, transport).map(|engine| Client { engine })
            }

            #(#methods)*
        }
    }
}
