//! Where the client sends requests and what it sends with every request: the default server's
//! `ServerVariables`, the `Config` (base URL, credentials, API-wide headers, timeout,
//! validation), and the server selection `Client::with_transport` performs.

use crate::emit::docs::doc;
use crate::emit::{Cx, ident};
use crate::ir::{ApiIr, ParamIr, ServerIr, ServerVariableIr};
use proc_macro2::TokenStream;
use quote::quote;

/// The server requests go to when `Config::base_url` is not set: the schema's first server.
#[derive(Clone, Copy)]
pub(super) enum DefaultServer<'a> {
    /// The schema names no server: the base URL must be set.
    None,
    /// A URL without variables.
    Fixed {
        /// The URL.
        url: &'a str,
    },
    /// A URL template whose variables `ServerVariables` fills in.
    Templated {
        /// The template.
        url: &'a str,
        /// Its variables (at least one).
        variables: &'a [ServerVariableIr],
    },
}

impl<'a> DefaultServer<'a> {
    /// The default server of an API's servers.
    pub(super) fn of(servers: &'a [ServerIr]) -> Self {
        let Some(server) = servers.first() else {
            return DefaultServer::None;
        };
        let ServerIr {
            url,
            variables,
            // Not shown in the client's docs: the module's `DEFAULT_SERVER` documents the server.
            description: _,
        } = server;
        if variables.is_empty() {
            DefaultServer::Fixed { url }
        } else {
            DefaultServer::Templated { url, variables }
        }
    }

    /// Whether the client has a `ServerVariables` (and `Config` a `server` field).
    pub(super) fn has_variables(self) -> bool {
        matches!(self, DefaultServer::Templated { .. })
    }
}

/// `ServerVariables`: the values of the default server URL's variables (nothing when it has
/// none), with `new`, `url` and, when every variable has a default, `Default`.
pub(super) fn server_variables(api: &ApiIr, crt: &TokenStream) -> TokenStream {
    let ApiIr {
        servers,
        name: _,
        module: _,
        title: _,
        version: _,
        description: _,
        auth: _,
        headers: _,
        content_types: _,
        types: _,
        operations: _,
        file: _,
    } = api;
    let DefaultServer::Templated { url, variables } = DefaultServer::of(servers) else {
        return quote!();
    };
    let (mut fields, mut params, mut inits, mut pairs, mut defaults) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for v in variables {
        let ServerVariableIr {
            name,
            rust_name,
            description,
            default,
        } = v;
        let id = ident(rust_name);
        let text = format!(
            "`{{{name}}}`: {}{}",
            description
                .as_deref()
                .unwrap_or("a variable of the default server URL."),
            default
                .as_deref()
                .map(|d| format!("\n\nDefault: `{d}`."))
                .unwrap_or_default()
        );
        let d = doc(&text);
        fields.push(quote!(#d pub #id: ::std::string::String,));
        params.push(quote!(#id: impl ::core::convert::Into<::std::string::String>));
        inits.push(quote!(#id: #id.into(),));
        pairs.push(quote!((#name, self.#id.as_str())));
        if let Some(d) = default {
            defaults.push(quote!(#id: ::std::string::String::from(#d),));
        }
    }
    let default_impl = if defaults.len() == variables.len() {
        quote! {
            impl ::core::default::Default for ServerVariables {
                /// The schema's default value of every variable.
                fn default() -> Self {
                    ServerVariables { #(#defaults)* }
                }
            }
        }
    } else {
        quote!()
    };
    let struct_doc = doc(&format!(
        "The values of the variables of the default server URL, `{url}`. Each value \
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
}

/// `Config`: what a client needs, with `new` (the required parts) and builder methods.
pub(super) fn config(cx: &Cx<'_>, crt: &TokenStream) -> TokenStream {
    let ApiIr {
        servers,
        auth,
        headers,
        name: _,
        module: _,
        title: _,
        version: _,
        description: _,
        content_types: _,
        types: _,
        operations: _,
        file: _,
    } = cx.api;
    let server = DefaultServer::of(servers);
    let has_auth = !auth.is_empty();
    let optional = |on: bool, tokens: TokenStream| if on { tokens } else { quote!() };
    let server_field = optional(
        server.has_variables(),
        quote! {
            /// The values of the default server URL's variables (used when `base_url` is
            /// `None`).
            pub server: ServerVariables,
        },
    );
    let auth_field = optional(
        has_auth,
        quote! {
            /// The credentials.
            pub auth: Auth,
        },
    );
    let validate_field = optional(
        cx.validators,
        quote! {
            /// Validate each request body before sending it (default `true`): an invalid
            /// body returns `ClientError::Invalid` with every violation, and nothing is sent.
            pub validate_requests: bool,
        },
    );
    let validate_builder = optional(
        cx.validators,
        quote! {
            /// Turns request validation on (the default) or off.
            pub fn with_validation(mut self, validate: bool) -> Self {
                self.validate_requests = validate;
                self
            }
        },
    );
    let base_url_doc = base_url_doc(server);
    let header_fields = headers.iter().map(header_field);
    let new_fn = new_fn(server, has_auth, headers, cx.validators, crt);
    quote! {
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
            #new_fn

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
    }
}

/// The doc of `Config::base_url`: what `None` means.
fn base_url_doc(server: DefaultServer<'_>) -> TokenStream {
    doc(&match server {
        DefaultServer::Templated { url, .. } => format!(
            "The base URL every operation path is appended to. `None` (the default): the \
             schema's server, `{url}`, with `server` filled in."
        ),
        DefaultServer::Fixed { url } => format!(
            "The base URL every operation path is appended to. `None` (the default): the \
             schema's server, `{url}`."
        ),
        DefaultServer::None => {
            "The base URL every operation path is appended to; the schema names no server, so it \
             must be set."
                .to_string()
        }
    })
}

/// The `Config` field of an API-wide header, named by [`ParamIr::arg_name`].
fn header_field(h: &ParamIr) -> TokenStream {
    let ParamIr {
        wire_name,
        arg_name,
        required,
        description,
        example,
        // `arg_name` is the field's name: `rust_name` kept clear of `Config`'s own fields.
        rust_name: _,
        // The module's constant of the header name (see `model::api_constants`).
        const_name: _,
        // Always a header.
        location: _,
        // Header values are text whatever the declared type: the field is a `String`.
        shape: _,
        span: _,
    } = h;
    let id = ident(arg_name);
    let mut text = format!(
        "The value of the `{wire_name}` header{}.",
        if *required {
            ", sent with every request"
        } else {
            ", sent with every request when set"
        }
    );
    if let Some(d) = description {
        text.push_str("\n\n");
        text.push_str(d);
    }
    if let Some(e) = example {
        text.push_str(&format!(" Example: `{e}`."));
    }
    text.push_str(
        "\n\nPrintable ASCII only: a value with CR, LF or another control character is \
         refused when the client is built.",
    );
    let d = doc(&text);
    if *required {
        quote!(#d pub #id: ::std::string::String,)
    } else {
        quote!(#d pub #id: ::core::option::Option<::std::string::String>,)
    }
}

/// `Config::new`: takes the server variables, the credentials and the required headers;
/// everything else starts at its default.
fn new_fn(
    server: DefaultServer<'_>,
    has_auth: bool,
    headers: &[ParamIr],
    validators: bool,
    crt: &TokenStream,
) -> TokenStream {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    if server.has_variables() {
        params.push(quote!(server: ServerVariables));
        inits.push(quote!(server,));
    }
    if has_auth {
        params.push(quote!(auth: Auth));
        inits.push(quote!(auth,));
    }
    for h in headers.iter().filter(|h| h.required) {
        let id = ident(&h.arg_name);
        params.push(quote!(#id: impl ::core::convert::Into<::std::string::String>));
        inits.push(quote!(#id: #id.into(),));
    }
    for h in headers.iter().filter(|h| !h.required) {
        let id = ident(&h.arg_name);
        inits.push(quote!(#id: ::core::option::Option::None,));
    }
    inits.push(quote!(timeout: #crt::DEFAULT_TIMEOUT,));
    let mut text = String::from("A configuration with the default server, a 30-second timeout");
    if validators {
        text.push_str(" and request validation on");
        inits.push(quote!(validate_requests: true,));
    }
    text.push('.');
    let d = doc(&text);
    quote! {
        #d
        pub fn new(#(#params),*) -> Self {
            Config {
                base_url: ::core::option::Option::None,
                #(#inits)*
            }
        }
    }
}

/// The statements of `Client::with_transport` that choose the base URL: `Config::base_url`
/// when set, otherwise the default server (with its variables filled in); an error when
/// neither is there.
pub(super) fn select_base_url(servers: &[ServerIr], crt: &TokenStream) -> TokenStream {
    let infallible = quote!(::core::convert::Infallible);
    match DefaultServer::of(servers) {
        DefaultServer::Templated { .. } => quote! {
            let base_url = match &config.base_url {
                ::core::option::Option::Some(url) => #crt::base_url::<#infallible>(url)?,
                ::core::option::Option::None => config.server.url()?,
            };
        },
        DefaultServer::Fixed { .. } => quote! {
            let base_url = #crt::base_url::<#infallible>(config.base_url.as_deref().unwrap_or(super::DEFAULT_SERVER))?;
        },
        DefaultServer::None => quote! {
            let base_url = match &config.base_url {
                ::core::option::Option::Some(url) => #crt::base_url::<#infallible>(url)?,
                ::core::option::Option::None => {
                    return ::core::result::Result::Err(#crt::ClientError::Config {
                        what: ::std::string::String::from("base URL"),
                        reason: ::std::string::String::from("is not set and the schema names no server"),
                    });
                }
            };
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::test_support::{all_items, generate_api, method, parse, with_cx};
    use quote::quote;

    const TIMEOUT_HEADER: &str = r#"
api:
  name: timed
  title: Timed
  version: "1"
  headers:
    timeout:
      type: string
      required: true
      description: The vendor's own timeout header.
operations:
  ping:
    summary: Ping
    method: GET
    path: /ping
    responses:
      "204":
        description: Pong.
"#;

    /// The named fields of the struct `name` in the file.
    fn struct_fields(file: &syn::File, name: &str) -> Vec<String> {
        all_items(&file.items)
            .into_iter()
            .find_map(|i| match i {
                syn::Item::Struct(s) if s.ident == name => Some(s),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no struct `{name}`"))
            .fields
            .iter()
            .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
            .collect()
    }

    #[test]
    fn an_api_header_named_timeout_is_the_config_field_timeout_header() {
        let tokens = with_cx(TIMEOUT_HEADER, |cx| {
            super::config(cx, &quote!(crate::runtime::client))
        });
        let (file, text) = parse(tokens);
        let fields = struct_fields(&file, "Config");
        assert_eq!(
            fields,
            ["base_url", "timeout_header", "timeout", "validate_requests"]
        );
        let new = method(&file, "new");
        assert_eq!(
            crate::emit::test_support::arg_names(&new.sig),
            ["timeout_header"]
        );
        assert!(
            text.contains("timeout_header: timeout_header.into()"),
            "{text}"
        );
        assert!(text.contains("The value of the `timeout` header"), "{text}");
    }

    #[test]
    fn the_client_sends_the_timeout_header_from_its_own_field() {
        let (_, text) = generate_api(TIMEOUT_HEADER, "timed");
        let compact: String = text.split_whitespace().collect();
        assert!(
            compact.contains("(\"timeout\",&config.timeout_header)?"),
            "{text}"
        );
        assert!(
            text.contains("pub const TIMEOUT: &str = \"timeout\";"),
            "{text}"
        );
    }
}
