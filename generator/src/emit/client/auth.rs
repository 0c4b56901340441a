//! The client's `Auth` enum: one variant per auth scheme of the schema, a constructor per
//! scheme, the scheme's name, and the checked header the credential is sent in.

use super::path_text;
use crate::emit::docs::{doc, doc_markdown};
use crate::emit::ident;
use crate::ir::{ApiIr, AuthIr, AuthKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `Auth` enum and its impl (nothing when the API names no auth scheme).
pub(super) fn auth_enum(api: &ApiIr, crt: &TokenStream) -> TokenStream {
    let ApiIr {
        auth,
        name: _,
        module: _,
        title: _,
        version: _,
        description: _,
        servers: _,
        headers: _,
        content_types: _,
        types: _,
        operations: _,
        file: _,
    } = api;
    if auth.is_empty() {
        return quote!();
    }
    let variants = auth.iter().map(|a| variant(a, crt));
    let ctors = auth.iter().map(|a| constructor(a, crt));
    let scheme_arms = auth.iter().map(|a| {
        let pattern = pattern(a);
        let name = &a.name;
        quote!(#pattern => #name,)
    });
    let header_arms = auth.iter().map(|a| header_arm(a, crt));
    let choice = if auth.len() > 1 {
        " The API accepts several schemes: choose one."
    } else {
        ""
    };
    let enum_doc = doc_markdown(&format!(
        "The credentials the client sends, one variant per auth scheme of the schema.{choice} \
         Credentials are [`Secret`]s: `Debug` prints `Secret(***)`, and a credential with \
         a control character (CR, LF, ...), a space or a non-ASCII character is refused \
         when the client is built.\n\n[`Secret`]: {}::Secret",
        path_text(crt)
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
}

/// Whether the scheme takes a user name and a password (otherwise one secret).
fn user_and_password(kind: &AuthKind) -> bool {
    matches!(
        kind,
        AuthKind::Basic {
            password_empty: false
        }
    )
}

/// The pattern matching a scheme's variant whatever it holds: `Auth::Bearer(_)`,
/// `Auth::Login { .. }`. Also the operations' check of the schemes they accept.
pub(super) fn pattern(a: &AuthIr) -> TokenStream {
    let v = ident(&a.rust_name);
    if user_and_password(&a.kind) {
        quote!(Auth::#v { .. })
    } else {
        quote!(Auth::#v(_))
    }
}

/// One variant of `Auth`: the credential of one scheme.
fn variant(a: &AuthIr, crt: &TokenStream) -> TokenStream {
    let AuthIr {
        name,
        rust_name,
        kind,
        description,
        constructor: _,
        span: _,
    } = a;
    let v = ident(rust_name);
    let text = format!(
        "`{name}`: {}.{}",
        wire(kind),
        description
            .as_deref()
            .map(|d| format!("\n\n{d}"))
            .unwrap_or_default()
    );
    let d = doc(&text);
    if user_and_password(kind) {
        quote! {
            #d
            #v {
                /// The user name.
                user: #crt::Secret,
                /// The password.
                password: #crt::Secret,
            },
        }
    } else {
        quote!(#d #v(#crt::Secret),)
    }
}

/// The constructor of one scheme's variant (`Auth::bearer_jwt(token)`).
fn constructor(a: &AuthIr, crt: &TokenStream) -> TokenStream {
    let AuthIr {
        name,
        rust_name,
        constructor,
        kind,
        // The variant's doc carries the description.
        description: _,
        span: _,
    } = a;
    let v = ident(rust_name);
    let f = ident(constructor);
    let d = doc(&format!("Authenticates with `{name}`: {}.", wire(kind)));
    if user_and_password(kind) {
        return quote! {
            #d
            pub fn #f(
                user: impl ::core::convert::Into<#crt::Secret>,
                password: impl ::core::convert::Into<#crt::Secret>,
            ) -> Self {
                Auth::#v { user: user.into(), password: password.into() }
            }
        };
    }
    let arg = match kind {
        AuthKind::Basic { password_empty: _ } => format_ident!("key"),
        _ => format_ident!("token"),
    };
    quote! {
        #d
        pub fn #f(#arg: impl ::core::convert::Into<#crt::Secret>) -> Self {
            Auth::#v(#arg.into())
        }
    }
}

/// The arm of `Auth::header` of one scheme: the header name and the encoded credential.
fn header_arm(a: &AuthIr, crt: &TokenStream) -> TokenStream {
    let AuthIr {
        rust_name,
        kind,
        name: _,
        constructor: _,
        description: _,
        span: _,
    } = a;
    let v = ident(rust_name);
    let infallible = quote!(::core::convert::Infallible);
    let (pattern, name, value) = match kind {
        AuthKind::Bearer { bearer_format: _ } => (
            quote!(Auth::#v(token)),
            quote!(::http::header::AUTHORIZATION),
            quote!(#crt::bearer::<#infallible>(token)?),
        ),
        AuthKind::Basic {
            password_empty: true,
        } => (
            quote!(Auth::#v(key)),
            quote!(::http::header::AUTHORIZATION),
            quote!(#crt::basic::<#infallible>(key, &#crt::Secret::new(""))?),
        ),
        AuthKind::Basic {
            password_empty: false,
        } => (
            quote!(Auth::#v { user, password }),
            quote!(::http::header::AUTHORIZATION),
            quote!(#crt::basic::<#infallible>(user, password)?),
        ),
        AuthKind::ApiKey { header, prefix } => {
            let name = if header.eq_ignore_ascii_case("authorization") {
                quote!(::http::header::AUTHORIZATION)
            } else {
                quote!(#crt::header_name::<#infallible>(#header)?)
            };
            let prefix = match prefix {
                Some(p) => quote!(::core::option::Option::Some(#p)),
                None => quote!(::core::option::Option::None),
            };
            (
                quote!(Auth::#v(token)),
                name,
                quote!(#crt::credential::<#infallible>(#header, #prefix, token)?),
            )
        }
    };
    quote! {
        #pattern => ::core::result::Result::Ok((#name, #value)),
    }
}

/// How a scheme's credential is sent, in words.
fn wire(kind: &AuthKind) -> String {
    match kind {
        AuthKind::Bearer { bearer_format: _ } => "`Authorization: Bearer <token>`".to_string(),
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
