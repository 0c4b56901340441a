//! Async clients: inside each API file, a `client` module (behind a cargo feature) with a
//! `Config`, an `Auth` choice, the default server's `ServerVariables`, a `Client` generic over
//! its transport with one async method per operation, and per operation an enum of the
//! documented success responses and one of the documented error responses.
//!
//! The hand-written half lives in `templates/client_runtime.rs` (transport trait, reqwest
//! transport, errors, secrets, encodings); the code emitted here only wires the schema's facts
//! (servers, auth schemes, headers, paths, bodies, statuses) to it.

use super::docs::{doc, doc_markdown, escape_markdown, inner_doc_markdown, path_text};
use super::{Cx, ident};
use crate::ir::AuthKind;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The client part of the emit options, as the API emitters see it.
#[derive(Debug, Clone)]
pub(crate) struct ClientCx {
    /// `#[cfg(feature = ...)]` gate of the client code, if any.
    pub feature: Option<String>,
    /// Path of the client runtime as seen from an API module.
    pub runtime_path: String,
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
        Err(_) => quote!(crate::client_runtime),
    }
}

/// The `#[cfg(feature = "...")]` attribute of client items (empty without a gate).
fn cfg_attr(client: &ClientCx) -> TokenStream {
    match &client.feature {
        Some(f) => quote!(#[cfg(feature = #f)]),
        None => quote!(),
    }
}

/// Status codes with a name: `(code, UpperCamel, words)`.
const STATUS_NAMES: &[(u16, &str, &str)] = &[
    (200, "Ok", "OK"),
    (201, "Created", "Created"),
    (202, "Accepted", "Accepted"),
    (203, "NonAuthoritative", "Non-Authoritative Information"),
    (204, "NoContent", "No Content"),
    (205, "ResetContent", "Reset Content"),
    (206, "PartialContent", "Partial Content"),
    (207, "MultiStatus", "Multi-Status"),
    (300, "MultipleChoices", "Multiple Choices"),
    (301, "MovedPermanently", "Moved Permanently"),
    (302, "Found", "Found"),
    (303, "SeeOther", "See Other"),
    (304, "NotModified", "Not Modified"),
    (307, "TemporaryRedirect", "Temporary Redirect"),
    (308, "PermanentRedirect", "Permanent Redirect"),
    (400, "BadRequest", "Bad Request"),
    (401, "Unauthorized", "Unauthorized"),
    (402, "PaymentRequired", "Payment Required"),
    (403, "Forbidden", "Forbidden"),
    (404, "NotFound", "Not Found"),
    (405, "MethodNotAllowed", "Method Not Allowed"),
    (406, "NotAcceptable", "Not Acceptable"),
    (408, "RequestTimeout", "Request Timeout"),
    (409, "Conflict", "Conflict"),
    (410, "Gone", "Gone"),
    (411, "LengthRequired", "Length Required"),
    (412, "PreconditionFailed", "Precondition Failed"),
    (413, "ContentTooLarge", "Content Too Large"),
    (415, "UnsupportedMediaType", "Unsupported Media Type"),
    (422, "UnprocessableEntity", "Unprocessable Entity"),
    (423, "Locked", "Locked"),
    (424, "FailedDependency", "Failed Dependency"),
    (425, "TooEarly", "Too Early"),
    (428, "PreconditionRequired", "Precondition Required"),
    (429, "TooManyRequests", "Too Many Requests"),
    (
        451,
        "UnavailableForLegalReasons",
        "Unavailable For Legal Reasons",
    ),
    (500, "InternalServerError", "Internal Server Error"),
    (501, "NotImplemented", "Not Implemented"),
    (502, "BadGateway", "Bad Gateway"),
    (503, "ServiceUnavailable", "Service Unavailable"),
    (504, "GatewayTimeout", "Gateway Timeout"),
];

/// The variant name of a status (`Ok200`, `NotFound404`, `Status299`) and its words.
fn status_variant(code: u16) -> (String, String) {
    match STATUS_NAMES.iter().find(|(c, _, _)| *c == code) {
        Some((_, camel, words)) => (format!("{camel}{code}"), format!("{code} {words}")),
        None => (format!("Status{code}"), format!("status {code}")),
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

/// How a parameter is taken and turned into text.
fn param_arg(p: &ParamIr) -> (TokenStream, bool) {
    // (type, needs to_string)
    match p.shape.kind {
        ShapeKind::Int32 => (quote!(i32), true),
        ShapeKind::Int64 => (quote!(i64), true),
        ShapeKind::Number => (quote!(f64), true),
        ShapeKind::Boolean => (quote!(bool), true),
        _ => (quote!(&str), false),
    }
}

/// The client method argument of a parameter (made by lowering, clear of the method's locals).
fn arg_ident(p: &ParamIr) -> proc_macro2::Ident {
    ident(&p.arg_name)
}

/// The snake_case constructor name of an auth scheme.
fn auth_fn(a: &AuthIr) -> proc_macro2::Ident {
    ident(&a.constructor)
}

/// The whole `client` module of one API.
pub(crate) fn client_module(cx: &Cx<'_>, client: &ClientCx) -> TokenStream {
    let api = cx.api;
    let crt = nested_path(&client.runtime_path);
    let cfg = cfg_attr(client);

    let server = api.servers.first();
    let vars: &[ServerVariableIr] = server.map_or(&[], |s| s.variables.as_slice());
    let has_vars = !vars.is_empty();
    let has_auth = !api.auth.is_empty();

    // --- module docs -----------------------------------------------------------------------
    let mut module_text = format!(
        "An async client of the {} (version {}): one method per operation, named after its \
         operation id.\n\n\
         Build a [`Config`] (base URL or server variables, credentials, required headers, \
         timeout), then a [`Client`] with [`Client::new`] (reqwest with rustls TLS) or \
         [`Client::with_transport`] (any [`Transport`]). A method validates the body, \
         sends the request and returns the documented success response, or a \
         [`ClientError`]: the documented error responses are `ClientError::Api`, any other \
         status is `ClientError::UnexpectedStatus` with its status, headers and raw body.",
        escape_markdown(&api.title),
        escape_markdown(&api.version)
    );
    module_text.push_str(&format!(
        "\n\n[`Transport`]: {}::Transport\n[`ClientError`]: {}::ClientError",
        path_text(&crt),
        path_text(&crt)
    ));
    let module_docs = inner_doc_markdown(&module_text);

    // --- server variables ------------------------------------------------------------------
    let server_items = if has_vars {
        let template = server.map(|s| s.url.as_str()).unwrap_or_default();
        let fields = vars.iter().map(|v| {
            let id = ident(&v.rust_name);
            let text = format!(
                "`{{{}}}`: {}{}",
                v.name,
                v.description
                    .as_deref()
                    .unwrap_or("a variable of the default server URL."),
                v.default
                    .as_deref()
                    .map(|d| format!("\n\nDefault: `{d}`."))
                    .unwrap_or_default()
            );
            let d = doc(&text);
            quote!(#d pub #id: ::std::string::String,)
        });
        let params = vars.iter().map(|v| {
            let id = ident(&v.rust_name);
            quote!(#id: impl ::core::convert::Into<::std::string::String>)
        });
        let inits = vars.iter().map(|v| {
            let id = ident(&v.rust_name);
            quote!(#id: #id.into(),)
        });
        let pairs = vars.iter().map(|v| {
            let id = ident(&v.rust_name);
            let name = &v.name;
            quote!((#name, self.#id.as_str()))
        });
        let default_impl = if vars.iter().all(|v| v.default.is_some()) {
            let inits = vars.iter().map(|v| {
                let id = ident(&v.rust_name);
                let d = v.default.as_deref().unwrap_or_default();
                quote!(#id: ::std::string::String::from(#d),)
            });
            quote! {
                impl ::core::default::Default for ServerVariables {
                    /// The schema's default value of every variable.
                    fn default() -> Self {
                        ServerVariables { #(#inits)* }
                    }
                }
            }
        } else {
            quote!()
        };
        let struct_doc = doc(&format!(
            "The values of the variables of the default server URL, `{template}`. Each value \
             must be plain text (ASCII letters, digits, `-`, `.`, `_`, `~`), so that it cannot \
             change the URL's host or path."
        ));
        quote! {
            #struct_doc
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq)]
            pub struct ServerVariables { #(#fields)* }

            impl ServerVariables {
                /// The value of every variable.
                pub fn new(#(#params),*) -> Self {
                    ServerVariables { #(#inits)* }
                }

                /// The default server URL with the variables filled in. Fails when a value is
                /// empty, is `.` or `..`, or holds anything but ASCII letters, digits, `-`, `.`,
                /// `_` and `~`.
                pub fn url(&self) -> ::core::result::Result<::std::string::String, #crt::ClientError> {
                    #crt::server_url(super::DEFAULT_SERVER, &[#(#pairs),*])
                }
            }

            #default_impl
        }
    } else {
        quote!()
    };

    // --- auth ------------------------------------------------------------------------------
    let auth_items = if has_auth {
        let variants = api.auth.iter().map(|a| {
            let v = ident(&a.rust_name);
            let wire = auth_wire(a);
            let text = format!(
                "`{}`: {wire}.{}",
                a.name,
                a.description
                    .as_deref()
                    .map(|d| format!("\n\n{d}"))
                    .unwrap_or_default()
            );
            let d = doc(&text);
            match &a.kind {
                AuthKind::Basic {
                    password_empty: false,
                } => quote! {
                    #d
                    #v {
                        /// The user name.
                        user: #crt::Secret,
                        /// The password.
                        password: #crt::Secret,
                    },
                },
                _ => quote!(#d #v(#crt::Secret),),
            }
        });
        let ctors = api.auth.iter().map(|a| {
            let v = ident(&a.rust_name);
            let f = auth_fn(a);
            match &a.kind {
                AuthKind::Basic {
                    password_empty: false,
                } => {
                    let d = doc(&format!(
                        "Authenticates with `{}`: {}.",
                        a.name,
                        auth_wire(a)
                    ));
                    quote! {
                        #d
                        pub fn #f(
                            user: impl ::core::convert::Into<#crt::Secret>,
                            password: impl ::core::convert::Into<#crt::Secret>,
                        ) -> Self {
                            Auth::#v { user: user.into(), password: password.into() }
                        }
                    }
                }
                _ => {
                    let d = doc(&format!(
                        "Authenticates with `{}`: {}.",
                        a.name,
                        auth_wire(a)
                    ));
                    let arg = match &a.kind {
                        AuthKind::Basic { .. } => format_ident!("key"),
                        _ => format_ident!("token"),
                    };
                    quote! {
                        #d
                        pub fn #f(#arg: impl ::core::convert::Into<#crt::Secret>) -> Self {
                            Auth::#v(#arg.into())
                        }
                    }
                }
            }
        });
        let scheme_arms = api.auth.iter().map(|a| {
            let v = ident(&a.rust_name);
            let name = &a.name;
            match &a.kind {
                AuthKind::Basic {
                    password_empty: false,
                } => quote!(Auth::#v { .. } => #name,),
                _ => quote!(Auth::#v(_) => #name,),
            }
        });
        let header_arms = api.auth.iter().map(|a| {
            let v = ident(&a.rust_name);
            match &a.kind {
                AuthKind::Bearer { .. } => quote! {
                    Auth::#v(token) => ::core::result::Result::Ok((
                        ::http::header::AUTHORIZATION,
                        #crt::bearer::<::core::convert::Infallible>(token)?,
                    )),
                },
                AuthKind::Basic {
                    password_empty: true,
                } => quote! {
                    Auth::#v(key) => ::core::result::Result::Ok((
                        ::http::header::AUTHORIZATION,
                        #crt::basic::<::core::convert::Infallible>(key, &#crt::Secret::new(""))?,
                    )),
                },
                AuthKind::Basic {
                    password_empty: false,
                } => quote! {
                    Auth::#v { user, password } => ::core::result::Result::Ok((
                        ::http::header::AUTHORIZATION,
                        #crt::basic::<::core::convert::Infallible>(user, password)?,
                    )),
                },
                AuthKind::ApiKey { header, prefix } => {
                    let name = if header.eq_ignore_ascii_case("authorization") {
                        quote!(::http::header::AUTHORIZATION)
                    } else {
                        quote!(#crt::header_name::<::core::convert::Infallible>(#header)?)
                    };
                    let prefix = match prefix {
                        Some(p) => quote!(::core::option::Option::Some(#p)),
                        None => quote!(::core::option::Option::None),
                    };
                    quote! {
                        Auth::#v(token) => ::core::result::Result::Ok((
                            #name,
                            #crt::credential::<::core::convert::Infallible>(#header, #prefix, token)?,
                        )),
                    }
                }
            }
        });
        let choice = if api.auth.len() > 1 {
            " The API accepts several schemes: choose one."
        } else {
            ""
        };
        let enum_doc = doc_markdown(&format!(
            "The credentials the client sends, one variant per auth scheme of the schema.{choice} \
             Credentials are [`Secret`]s: `Debug` prints `Secret(***)`, and a credential with \
             a control character (CR, LF, ...), a space or a non-ASCII character is refused \
             when the client is built.\n\n[`Secret`]: {}::Secret",
            path_text(&crt)
        ));
        quote! {
            #enum_doc
            #[derive(::core::fmt::Debug, ::core::clone::Clone)]
            pub enum Auth { #(#variants)* }

            impl Auth {
                #(#ctors)*

                /// The scheme's name in the schema.
                pub fn scheme(&self) -> &'static str {
                    match self { #(#scheme_arms)* }
                }

                /// The header this credential is sent in, checked.
                fn header(&self) -> ::core::result::Result<(::http::HeaderName, ::http::HeaderValue), #crt::ClientError> {
                    match self { #(#header_arms)* }
                }
            }
        }
    } else {
        quote!()
    };

    // --- config ----------------------------------------------------------------------------
    let header_field = |h: &ParamIr| ident(&h.arg_name);
    let header_fields = api.headers.iter().map(|h| {
        let id = header_field(h);
        let mut text = format!(
            "The value of the `{}` header{}.",
            h.wire_name,
            if h.required {
                ", sent with every request"
            } else {
                ", sent with every request when set"
            }
        );
        if let Some(d) = &h.description {
            text.push_str("\n\n");
            text.push_str(d);
        }
        if let Some(e) = &h.example {
            text.push_str(&format!(" Example: `{e}`."));
        }
        text.push_str(
            "\n\nPrintable ASCII only: a value with CR, LF or another control character is \
             refused when the client is built.",
        );
        let d = doc(&text);
        if h.required {
            quote!(#d pub #id: ::std::string::String,)
        } else {
            quote!(#d pub #id: ::core::option::Option<::std::string::String>,)
        }
    });
    let required_headers: Vec<&ParamIr> = api.headers.iter().filter(|h| h.required).collect();
    let mut new_params = Vec::new();
    let mut new_inits = Vec::new();
    if has_vars {
        new_params.push(quote!(server: ServerVariables));
        new_inits.push(quote!(server,));
    }
    if has_auth {
        new_params.push(quote!(auth: Auth));
        new_inits.push(quote!(auth,));
    }
    for h in &required_headers {
        let id = header_field(h);
        new_params.push(quote!(#id: impl ::core::convert::Into<::std::string::String>));
        new_inits.push(quote!(#id: #id.into(),));
    }
    for h in api.headers.iter().filter(|h| !h.required) {
        let id = header_field(h);
        new_inits.push(quote!(#id: ::core::option::Option::None,));
    }
    let server_field = if has_vars {
        quote! {
            /// The values of the default server URL's variables (used when `base_url` is
            /// `None`).
            pub server: ServerVariables,
        }
    } else {
        quote!()
    };
    let auth_field = if has_auth {
        quote! {
            /// The credentials.
            pub auth: Auth,
        }
    } else {
        quote!()
    };
    let validate_field = if cx.validators {
        quote! {
            /// Validate each request body before sending it (default `true`): an invalid
            /// body returns `ClientError::Invalid` with every violation, and nothing is sent.
            pub validate_requests: bool,
        }
    } else {
        quote!()
    };
    let validate_init = if cx.validators {
        quote!(validate_requests: true,)
    } else {
        quote!()
    };
    let validate_builder = if cx.validators {
        quote! {
            /// Turns request validation on (the default) or off.
            pub fn with_validation(mut self, validate: bool) -> Self {
                self.validate_requests = validate;
                self
            }
        }
    } else {
        quote!()
    };
    let default_url = server.map(|s| s.url.as_str()).unwrap_or_default();
    let base_url_doc = doc(&if has_vars {
        format!(
            "The base URL every operation path is appended to. `None` (the default): the \
             schema's server, `{default_url}`, with `server` filled in."
        )
    } else if server.is_some() {
        format!(
            "The base URL every operation path is appended to. `None` (the default): the \
             schema's server, `{default_url}`."
        )
    } else {
        "The base URL every operation path is appended to; the schema names no server, so it \
         must be set."
            .to_string()
    });
    let new_doc = {
        let mut text = String::from("A configuration with the default server, a 30-second timeout");
        if cx.validators {
            text.push_str(" and request validation on");
        }
        text.push('.');
        doc(&text)
    };
    let config_items = quote! {
        /// What a [`Client`] needs: where the API is, the credentials, the required headers,
        /// the timeout. `Debug` never shows a credential.
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        #[non_exhaustive]
        pub struct Config {
            #base_url_doc
            pub base_url: ::core::option::Option<::std::string::String>,
            #server_field
            #auth_field
            #(#header_fields)*
            /// The timeout of each request, from connecting to reading the whole response body
            /// (default 30 seconds). The default transport applies it; a custom transport
            /// finds it in the request's extensions.
            pub timeout: ::core::time::Duration,
            #validate_field
        }

        impl Config {
            #new_doc
            pub fn new(#(#new_params),*) -> Self {
                Config {
                    base_url: ::core::option::Option::None,
                    #(#new_inits)*
                    timeout: #crt::DEFAULT_TIMEOUT,
                    #validate_init
                }
            }

            /// Sends requests to `base_url` instead of the schema's server (e.g. a proxy or a
            /// local test server). It must be `http` or `https` with a host, without user
            /// information, query or fragment.
            pub fn with_base_url(mut self, base_url: impl ::core::convert::Into<::std::string::String>) -> Self {
                self.base_url = ::core::option::Option::Some(base_url.into());
                self
            }

            /// Sets the timeout of each request.
            pub fn with_timeout(mut self, timeout: ::core::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            #validate_builder
        }
    };

    // --- client ----------------------------------------------------------------------------
    let resolve_base = if has_vars {
        quote! {
            let base_url = match &config.base_url {
                ::core::option::Option::Some(url) => #crt::base_url::<::core::convert::Infallible>(url)?,
                ::core::option::Option::None => config.server.url()?,
            };
        }
    } else if server.is_some() {
        quote! {
            let base_url = #crt::base_url::<::core::convert::Infallible>(config.base_url.as_deref().unwrap_or(super::DEFAULT_SERVER))?;
        }
    } else {
        quote! {
            let base_url = match &config.base_url {
                ::core::option::Option::Some(url) => #crt::base_url::<::core::convert::Infallible>(url)?,
                ::core::option::Option::None => {
                    return ::core::result::Result::Err(#crt::ClientError::Config {
                        what: ::std::string::String::from("base URL"),
                        reason: ::std::string::String::from("is not set and the schema names no server"),
                    });
                }
            };
        }
    };
    let accept = api
        .operations
        .iter()
        .flat_map(|o| &o.responses)
        .filter(|r| r.body.is_some())
        .find_map(|r| json_content_type(&r.content_types))
        .map(|ct| {
            quote! {
                headers.insert(::http::header::ACCEPT, ::http::HeaderValue::from_static(#ct));
            }
        });
    let header_inserts = api.headers.iter().map(|h| {
        let id = header_field(h);
        let wire = &h.wire_name;
        if h.required {
            quote! {
                headers.insert(#crt::header_name::<::core::convert::Infallible>(#wire)?, #crt::header_value::<::core::convert::Infallible>(#wire, &config.#id)?);
            }
        } else {
            quote! {
                if let ::core::option::Option::Some(value) = &config.#id {
                    headers.insert(#crt::header_name::<::core::convert::Infallible>(#wire)?, #crt::header_value::<::core::convert::Infallible>(#wire, value)?);
                }
            }
        }
    });
    let mut_headers = if accept.is_some() || !api.headers.is_empty() {
        quote!(let mut headers = ::http::HeaderMap::new();)
    } else {
        quote!(let headers = ::http::HeaderMap::new();)
    };
    // Without operations (or without one that sends credentials) these fields are never read.
    let unread = quote!(#[allow(dead_code)]);
    let headers_allow = if api.operations.is_empty() {
        unread.clone()
    } else {
        quote!()
    };
    let auth_allow = if api.operations.iter().any(|o| !o.auth.is_empty()) {
        quote!()
    } else {
        unread
    };
    let (auth_struct_field, auth_init, auth_setup) = if has_auth {
        (
            quote!(auth: (::http::HeaderName, ::http::HeaderValue),),
            quote!(auth,),
            quote!(let auth = config.auth.header()?;),
        )
    } else {
        (quote!(), quote!(), quote!())
    };
    let methods = api
        .operations
        .iter()
        .map(|op| operation_method(cx, op, &crt));
    let op_types = api.operations.iter().map(|op| operation_types(cx, op));
    let client_doc = doc_markdown(&format!(
        "An async client of the {}. `T` is the [`Transport`] requests go through; the \
         default, [`ReqwestTransport`], is reqwest with rustls TLS. Cloning is cheap when the \
         transport's is (reqwest clients share their connection pool).\n\n\
         [`Transport`]: {crt_s}::Transport\n[`ReqwestTransport`]: {crt_s}::ReqwestTransport",
        escape_markdown(&api.title),
        crt_s = path_text(&crt)
    ));
    let client_items = quote! {
        #client_doc
        #[derive(::core::clone::Clone)]
        pub struct Client<T = #crt::ReqwestTransport> {
            config: Config,
            base_url: ::std::string::String,
            #headers_allow
            headers: ::http::HeaderMap,
            #auth_allow
            #auth_struct_field
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
                #resolve_base
                #auth_setup
                #mut_headers
                #accept
                #(#header_inserts)*
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
    };

    quote! {
        #cfg
        pub mod client {
            #module_docs

            #server_items
            #auth_items
            #config_items
            #client_items
            #(#op_types)*
        }
    }
}

/// How a scheme's credential is sent, in words.
fn auth_wire(a: &AuthIr) -> String {
    match &a.kind {
        AuthKind::Bearer { .. } => "`Authorization: Bearer <token>`".to_string(),
        AuthKind::Basic {
            password_empty: true,
        } => "`Authorization: Basic base64(<key>:)`, the key as the user name and an empty \
              password"
            .to_string(),
        AuthKind::Basic {
            password_empty: false,
        } => "`Authorization: Basic base64(<user>:<password>)`".to_string(),
        AuthKind::ApiKey { header, prefix } => match prefix {
            Some(p) => format!("`{header}: {p} <token>`"),
            None => format!("`{header}: <token>`"),
        },
    }
}

/// `{Op}Response` / `{Op}Error` type names (made by lowering).
fn op_type_names(op: &OperationIr) -> (proc_macro2::Ident, proc_macro2::Ident) {
    (ident(&op.response_type), ident(&op.error_type))
}

/// The success and error enums of one operation.
fn operation_types(cx: &Cx<'_>, op: &OperationIr) -> TokenStream {
    let (ok_name, err_name) = op_type_names(op);
    let id = &op.id;
    let mut ok_variants = Vec::new();
    let mut err_variants = Vec::new();
    let mut err_display = Vec::new();
    for r in &op.responses {
        let body_ty = r.body.as_ref().map(|b| client_type(cx, b));
        let d = doc(&r.description);
        match r.status {
            Status::Code(code) => {
                let (v, words) = status_variant(code);
                let v = format_ident!("{v}");
                let variant = match &body_ty {
                    Some(t) => quote!(#d #v(#t),),
                    None => quote!(#d #v,),
                };
                if code < 400 {
                    ok_variants.push(variant);
                } else {
                    err_variants.push(variant);
                    let pat = if body_ty.is_some() {
                        quote!(#err_name::#v(_))
                    } else {
                        quote!(#err_name::#v)
                    };
                    err_display.push(quote!(#pat => f.write_str(#words),));
                }
            }
            Status::Default => {
                let v = match &body_ty {
                    Some(t) => quote! {
                        #d
                        Default {
                            /// The status.
                            status: ::http::StatusCode,
                            /// The decoded body.
                            body: #t,
                        },
                    },
                    None => quote! {
                        #d
                        Default {
                            /// The status.
                            status: ::http::StatusCode,
                        },
                    },
                };
                err_variants.push(v);
                err_display.push(quote!(#err_name::Default { status, .. } => ::core::write!(f, "{status} (the default response)"),));
            }
        }
    }
    let ok_doc = doc(&format!(
        "The documented success responses of `{id}`, one variant per status, with the decoded \
         body."
    ));
    let err_doc = doc(&format!(
        "The documented error responses of `{id}` (in `ClientError::Api`), one variant per \
         status, with the decoded body."
    ));
    let (display_body, f) = if err_display.is_empty() {
        (quote!(match *self {}), quote!(_f))
    } else {
        (quote!(match self { #(#err_display)* }), quote!(f))
    };
    quote! {
        #ok_doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        pub enum #ok_name { #(#ok_variants)* }

        #err_doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        pub enum #err_name { #(#err_variants)* }

        impl ::core::fmt::Display for #err_name {
            fn fmt(&self, #f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #display_body
            }
        }

        impl ::std::error::Error for #err_name {}
    }
}

/// The async method of one operation.
fn operation_method(cx: &Cx<'_>, op: &OperationIr, crt: &TokenStream) -> TokenStream {
    let api = cx.api;
    let (ok_name, err_name) = op_type_names(op);
    let method_name = ident(&op.rust_name);
    let op_id = &op.id;
    let err = quote!(#crt::ClientError<#err_name>);

    // Arguments: path parameters in the order of their first use in the path (a parameter the
    // template uses twice is one argument, filling both places), then query and header
    // parameters, then the body.
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    let mut path_params: Vec<usize> = Vec::new();
    for s in &op.segments {
        if let PathSegment::Param(i) = s {
            if !path_params.contains(i) {
                path_params.push(*i);
            }
        }
    }
    for &i in &path_params {
        let p = &op.params[i];
        let a = arg_ident(p);
        let (ty, _) = param_arg(p);
        args.push(quote!(#a: #ty));
        arg_docs.push(format!(
            "- `{}`: path parameter `{}`{}",
            crate::ident::unraw(&a.to_string()),
            p.wire_name,
            p.description
                .as_deref()
                .map(|d| format!(": {}", d.trim()))
                .unwrap_or_default()
        ));
    }
    let others: Vec<&ParamIr> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect();
    for p in &others {
        let a = arg_ident(p);
        let (ty, _) = param_arg(p);
        let where_ = match p.location {
            ParamLocation::Query => "query parameter",
            _ => "header",
        };
        if p.required {
            args.push(quote!(#a: #ty));
        } else {
            args.push(quote!(#a: ::core::option::Option<#ty>));
        }
        arg_docs.push(format!(
            "- `{}`: {where_} `{}`{}{}",
            crate::ident::unraw(&a.to_string()),
            p.wire_name,
            if p.required { "" } else { " (optional)" },
            p.description
                .as_deref()
                .map(|d| format!(": {}", d.trim()))
                .unwrap_or_default()
        ));
    }
    let body_ident = format_ident!("body");
    if let Some(req) = &op.request {
        let t = client_type(cx, &req.shape);
        if req.required {
            args.push(quote!(#body_ident: &#t));
        } else {
            args.push(quote!(#body_ident: ::core::option::Option<&#t>));
        }
        arg_docs.push(format!(
            "- `body`: the request body{}",
            if req.required { "" } else { " (optional)" }
        ));
    }

    // URL.
    let mut url_steps = Vec::new();
    for s in &op.segments {
        match s {
            PathSegment::Literal(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => url_steps.push(quote!(url.push(#c);)),
                    _ => url_steps.push(quote!(url.push_str(#text);)),
                }
            }
            PathSegment::Param(i) => {
                let p = &op.params[*i];
                let a = arg_ident(p);
                let wire = &p.wire_name;
                let (_, to_string) = param_arg(p);
                let text = if to_string {
                    quote!(&::std::string::ToString::to_string(&#a))
                } else {
                    quote!(#a)
                };
                url_steps
                    .push(quote!(url.push_str(&#crt::path_segment::<#err_name>(#wire, #text)?);));
            }
        }
    }
    for p in others.iter().filter(|p| p.location == ParamLocation::Query) {
        let a = arg_ident(p);
        let wire = &p.wire_name;
        let (_, to_string) = param_arg(p);
        let text = |v: TokenStream| {
            if to_string {
                quote!(&::std::string::ToString::to_string(&#v))
            } else {
                v
            }
        };
        if p.required {
            let t = text(quote!(#a));
            url_steps.push(quote!(#crt::push_query(&mut url, #wire, #t);));
        } else {
            let t = text(quote!(value));
            url_steps.push(quote! {
                if let ::core::option::Option::Some(value) = #a {
                    #crt::push_query(&mut url, #wire, #t);
                }
            });
        }
    }

    // Headers.
    let mut header_steps = Vec::new();
    let api_schemes: Vec<&str> = api.auth.iter().map(|a| a.name.as_str()).collect();
    let sends_auth = !api.auth.is_empty() && !op.auth.is_empty();
    if sends_auth {
        let all = api_schemes.iter().all(|s| op.auth.iter().any(|o| o == s));
        if !all {
            let accepted = api
                .auth
                .iter()
                .filter(|a| op.auth.contains(&a.name))
                .map(|a| {
                    let v = ident(&a.rust_name);
                    match &a.kind {
                        AuthKind::Basic {
                            password_empty: false,
                        } => quote!(Auth::#v { .. }),
                        _ => quote!(Auth::#v(_)),
                    }
                });
            header_steps.push(quote! {
                if !::core::matches!(self.config.auth, #(#accepted)|*) {
                    return ::core::result::Result::Err(#crt::ClientError::AuthNotAccepted {
                        scheme: self.config.auth.scheme(),
                        operation: #op_id,
                    });
                }
            });
        }
        header_steps.push(quote!(headers.insert(self.auth.0.clone(), self.auth.1.clone());));
    }
    for p in others
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
    {
        let a = arg_ident(p);
        let wire = &p.wire_name;
        let (_, to_string) = param_arg(p);
        let text = |v: TokenStream| {
            if to_string {
                quote!(&::std::string::ToString::to_string(&#v))
            } else {
                v
            }
        };
        if p.required {
            let t = text(quote!(#a));
            header_steps.push(quote! {
                headers.insert(#crt::header_name::<#err_name>(#wire)?, #crt::header_value::<#err_name>(#wire, #t)?);
            });
        } else {
            let t = text(quote!(value));
            header_steps.push(quote! {
                if let ::core::option::Option::Some(value) = #a {
                    headers.insert(#crt::header_name::<#err_name>(#wire)?, #crt::header_value::<#err_name>(#wire, #t)?);
                }
            });
        }
    }
    let headers_binding = if header_steps.is_empty() {
        quote!(let headers = self.headers.clone();)
    } else {
        quote!(let mut headers = self.headers.clone();)
    };

    // Body: validate, serialize.
    let (validate_step, payload_step) = match &op.request {
        Some(req) => {
            let ct = json_content_type(&req.content_types)
                .or_else(|| json_content_type(&api.content_types))
                .unwrap_or("application/json");
            if req.required {
                let v = if cx.validators {
                    quote! {
                        if self.config.validate_requests {
                            #crt::validate::<_, #err_name>(body)?;
                        }
                    }
                } else {
                    quote!()
                };
                (
                    v,
                    quote! {
                        let payload = ::core::option::Option::Some((#ct, #crt::json_body::<_, #err_name>(body)?));
                    },
                )
            } else {
                let v = if cx.validators {
                    quote! {
                        if let (true, ::core::option::Option::Some(body)) = (self.config.validate_requests, body) {
                            #crt::validate::<_, #err_name>(body)?;
                        }
                    }
                } else {
                    quote!()
                };
                (
                    v,
                    quote! {
                        let payload = match body {
                            ::core::option::Option::Some(body) => ::core::option::Option::Some((#ct, #crt::json_body::<_, #err_name>(body)?)),
                            ::core::option::Option::None => ::core::option::Option::None,
                        };
                    },
                )
            }
        }
        None => (
            quote!(),
            quote!(let payload = ::core::option::Option::None;),
        ),
    };

    // Responses.
    let mut arms = Vec::new();
    let mut default_expr = None;
    for r in &op.responses {
        match r.status {
            Status::Code(code) => {
                let (v, _) = status_variant(code);
                let v = format_ident!("{v}");
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                let arm = match (r.status, r.body.is_some()) {
                    (Status::Code(c), has_body) => (c < 400, has_body),
                    (Status::Default, has_body) => (false, has_body),
                };
                let arm = match arm {
                    (true, true) => quote! {
                        #code => ::core::result::Result::Ok(#ok_name::#v(#crt::decode_json::<_, #err_name>(parts.status, bytes)?)),
                    },
                    (true, false) => quote! {
                        #code => ::core::result::Result::Ok(#ok_name::#v),
                    },
                    (false, true) => quote! {
                        #code => {
                            let error = #err_name::#v(#crt::decode_json::<_, #err_name>(parts.status, bytes)?);
                            ::core::result::Result::Err(#crt::ClientError::Api { status: parts.status, headers: parts.headers, error })
                        }
                    },
                    (false, false) => quote! {
                        #code => ::core::result::Result::Err(#crt::ClientError::Api {
                            status: parts.status,
                            headers: parts.headers,
                            error: #err_name::#v,
                        }),
                    },
                };
                arms.push(arm);
            }
            Status::Default => {
                default_expr = Some(if r.body.is_some() {
                    quote! {{
                        let error = #err_name::Default {
                            status: parts.status,
                            body: #crt::decode_json::<_, #err_name>(parts.status, bytes)?,
                        };
                        ::core::result::Result::Err(#crt::ClientError::Api { status: parts.status, headers: parts.headers, error })
                    }}
                } else {
                    quote! {
                        ::core::result::Result::Err(#crt::ClientError::Api {
                            status: parts.status,
                            headers: parts.headers,
                            error: #err_name::Default { status: parts.status },
                        })
                    }
                });
            }
        }
    }
    // The body is read by a response with a body, and by the fallback for undocumented statuses.
    let bytes = if default_expr.is_none() || op.responses.iter().any(|r| r.body.is_some()) {
        quote!(bytes)
    } else {
        quote!(_bytes)
    };
    let fallback = default_expr
        .unwrap_or_else(|| quote!(::core::result::Result::Err(#crt::unexpected(parts, bytes))));
    let dispatch = if arms.is_empty() {
        // Only the fallback: no `match` with a single wildcard arm.
        fallback
    } else {
        quote! {
            match parts.status.as_u16() {
                #(#arms)*
                _ => #fallback,
            }
        }
    };

    let url_binding = if url_steps.is_empty() {
        quote!(let url = ::std::string::String::from(self.base_url.as_str());)
    } else {
        quote!(let mut url = ::std::string::String::from(self.base_url.as_str());)
    };
    let method = format_ident!("{}", op.method.as_str());
    // Schema text is escaped; the links below are the generator's own.
    let mut text = escape_markdown(op.summary.trim().trim_end_matches('.'));
    text.push('.');
    if let Some(d) = &op.description {
        text.push_str("\n\n");
        text.push_str(&escape_markdown(d));
    }
    text.push_str("\n\n");
    text.push_str(&escape_markdown(&format!(
        "`{} {}` (operation `{}`).",
        op.method.as_str(),
        op.path,
        op.id
    )));
    if !arg_docs.is_empty() {
        text.push_str("\n\nArguments:\n\n");
        text.push_str(&escape_markdown(&arg_docs.join("\n")));
    }
    text.push_str(&format!(
        "\n\nReturns the documented success response as [`{ok_name}`]. Errors: the documented \
         error statuses as `ClientError::Api` with [`{err_name}`]; an invalid body (when \
         validation is on) as `ClientError::Invalid`, before anything is sent; an empty, `.` or \
         `..` path parameter as `ClientError::InvalidPathParameter`; any other status as \
         `ClientError::UnexpectedStatus`; a body that does not decode as `ClientError::Decode`; \
         a timeout or connection failure as `ClientError::Transport`."
    ));
    if op.deprecated {
        text.push_str("\n\nDeprecated.");
    }
    let d = doc_markdown(&text);
    quote! {
        #d
        pub async fn #method_name(&self, #(#args),*) -> ::core::result::Result<#ok_name, #err> {
            #validate_step
            #url_binding
            #(#url_steps)*
            #headers_binding
            #(#header_steps)*
            #payload_step
            let request = #crt::build_request::<#err_name>(::http::Method::#method, &url, headers, payload, self.config.timeout)?;
            let (parts, #bytes) = #crt::send::<T, #err_name>(&self.transport, request).await?;
            #dispatch
        }
    }
}
