//! Where the client sends requests and what it sends with every request: the default server's
//! `ServerVariables`, and the `ApiConfig` (server variables, credentials, API-wide headers),
//! the API's part of the runtime's generic `Config`, with its `Api` implementation (the
//! default base URL, the headers of every request, the credential).

use super::json_content_type;
use crate::emit::docs::{doc, doc_markdown};
use crate::emit::{Cx, ident};
use crate::ir::{ApiIr, OperationIr, ParamIr, ServerIr, ServerVariableIr};
use proc_macro2::TokenStream;
use quote::quote;

/// The server requests go to when `Config::base_url` is not set: the schema's first server.
#[derive(Clone, Copy)]
pub(super) enum DefaultServer<'a> {
    /// The schema names no server: the base URL must be set.
    None,
    /// A URL without variables (the module's `DEFAULT_SERVER`).
    Fixed,
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
            DefaultServer::Fixed
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

/// `ApiConfig` (the API's part of a configuration: server variables, credentials, API-wide
/// headers) with `new` and its `Api` implementation, and `Config`, the runtime's generic
/// configuration around it.
pub(super) fn config(cx: &Cx<'_>, crt: &TokenStream) -> TokenStream {
    let ApiIr {
        name,
        title,
        servers,
        auth,
        headers,
        operations,
        module: _,
        version: _,
        description: _,
        content_types: _,
        types: _,
        file: _,
    } = cx.api;
    let server = DefaultServer::of(servers);
    let has_auth = !auth.is_empty();
    let optional = |on: bool, tokens: TokenStream| if on { tokens } else { quote!() };
    let server_field = optional(
        server.has_variables(),
        quote! {
            /// The values of the default server URL's variables (used when `Config::base_url`
            /// is not set).
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
    let header_fields = headers.iter().map(header_field);
    let (new_fn, from_impl) = new_fn(server, has_auth, headers);
    let default_base_url = default_base_url(servers, crt);
    let headers_body = default_headers(headers, operations, crt);
    let credential_body = if has_auth {
        quote!(self.auth.credential().map(::core::option::Option::Some))
    } else {
        quote!(::core::result::Result::Ok(::core::option::Option::None))
    };
    let api_doc = doc_markdown(&format!(
        "The part of a [`Config`] that is specific to the {}: {}. `Debug` never shows a \
         credential.",
        crate::emit::docs::escape_markdown(title),
        what_it_holds(server.has_variables(), has_auth, !headers.is_empty()),
    ));
    let config_doc = doc_markdown(
        "What a [`Client`] needs: the API's part ([`ApiConfig`]) and what every client has \
         (base URL, timeout, request validation, retries, clock), each with a builder method. \
         Build it with `Config::new(api_config)`.",
    );
    quote! {
        #api_doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        #[non_exhaustive]
        pub struct ApiConfig {
            #server_field
            #auth_field
            #(#header_fields)*
        }

        impl ApiConfig {
            #new_fn
        }

        #from_impl

        impl #crt::Api for ApiConfig {
            const NAME: &'static str = #name;

            fn default_base_url(&self) -> ::core::result::Result<::std::string::String, #crt::ClientError> {
                #default_base_url
            }

            fn headers(&self) -> ::core::result::Result<::http::HeaderMap, #crt::ClientError> {
                #headers_body
            }

            fn credential(&self) -> ::core::result::Result<::core::option::Option<#crt::Credential>, #crt::ClientError> {
                #credential_body
            }
        }

        #config_doc
        pub type Config = #crt::Config<ApiConfig>;
    }
}

/// What an `ApiConfig` holds, in words.
fn what_it_holds(server: bool, auth: bool, headers: bool) -> String {
    let mut parts = Vec::new();
    if server {
        parts.push("the server variables");
    }
    if auth {
        parts.push("the credentials");
    }
    if headers {
        parts.push("the headers sent with every request");
    }
    match parts.as_slice() {
        [] => "nothing (the API needs no settings of its own)".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The `ApiConfig` field of an API-wide header, named by [`ParamIr::arg_name`].
fn header_field(h: &ParamIr) -> TokenStream {
    let ParamIr {
        wire_name,
        arg_name,
        required,
        description,
        example,
        // `arg_name` is the field's name: `rust_name` kept clear of the configuration's fields.
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

/// `ApiConfig::new`, taking the server variables, the credentials and the required headers
/// (optional headers start unset), and, when it takes exactly the server variables or the
/// credentials, the `From` impl that lets `Config::new` take them directly.
fn new_fn(
    server: DefaultServer<'_>,
    has_auth: bool,
    headers: &[ParamIr],
) -> (TokenStream, TokenStream) {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut from = Vec::new();
    if server.has_variables() {
        params.push(quote!(server: ServerVariables));
        inits.push(quote!(server,));
        from.push(quote!(ServerVariables));
    }
    if has_auth {
        params.push(quote!(auth: Auth));
        inits.push(quote!(auth,));
        from.push(quote!(Auth));
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
    let new = quote! {
        /// The API's part of a configuration, from everything it cannot do without.
        pub fn new(#(#params),*) -> Self {
            ApiConfig { #(#inits)* }
        }
    };
    let from_impl = match (params.len(), from.as_slice()) {
        (0, _) => quote! {
            impl ::core::default::Default for ApiConfig {
                fn default() -> Self {
                    ApiConfig::new()
                }
            }
        },
        (1, [ty]) => quote! {
            impl ::core::convert::From<#ty> for ApiConfig {
                fn from(value: #ty) -> Self {
                    ApiConfig::new(value)
                }
            }
        },
        _ => quote!(),
    };
    (new, from_impl)
}

/// The body of `Api::default_base_url`: the default server (with its variables filled in); an
/// error when the schema names none.
fn default_base_url(servers: &[ServerIr], crt: &TokenStream) -> TokenStream {
    match DefaultServer::of(servers) {
        DefaultServer::Templated { .. } => quote!(self.server.url()),
        DefaultServer::Fixed => quote! {
            #crt::base_url::<::core::convert::Infallible>(super::DEFAULT_SERVER)
        },
        DefaultServer::None => quote! {
            ::core::result::Result::Err(#crt::ClientError::config(
                "base URL",
                "is not set and the schema names no server",
            ))
        },
    }
}

/// The body of `Api::headers`: `Accept` (the first JSON content type of a response with a
/// body), then each API-wide header, checked.
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
        ::core::result::Result::Ok(headers)
    }
}

/// Checks an API-wide header's value and adds it to the headers of every request.
fn header_insert(h: &ParamIr, crt: &TokenStream) -> TokenStream {
    let ParamIr {
        wire_name,
        arg_name,
        required,
        // `arg_name` is the `ApiConfig` field (see `header_field`).
        rust_name: _,
        const_name: _,
        location: _,
        // The value is the field's text.
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
            headers.insert(#name, #crt::header_value::<#infallible>(#wire_name, &self.#id)?);
        }
    } else {
        quote! {
            if let ::core::option::Option::Some(value) = &self.#id {
                headers.insert(#name, #crt::header_value::<#infallible>(#wire_name, value)?);
            }
        }
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
        let fields = struct_fields(&file, "ApiConfig");
        assert_eq!(fields, ["timeout_header"]);
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
            compact.contains("(\"timeout\",&self.timeout_header)?"),
            "{text}"
        );
        assert!(
            text.contains("pub const TIMEOUT: &str = \"timeout\";"),
            "{text}"
        );
    }
}
