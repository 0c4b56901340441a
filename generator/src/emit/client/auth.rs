//! The client's `Auth` enum: one variant per auth scheme of the schema, a constructor per
//! scheme (and a signing constructor with its claims struct per self-signed JWT scheme), the
//! scheme's name, and the runtime `Credential` that says how the credential is sent.

use super::path_text;
use crate::emit::docs::{doc, doc_markdown};
use crate::emit::ident;
use crate::ir::{ApiIr, AuthIr, AuthKind, ClaimIr, SelfSignedJwt};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The `Auth` enum and its impl, and the claims structs of self-signed schemes (nothing when
/// the API names no auth scheme).
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
    let signed = auth.iter().filter_map(|a| self_signed(a, crt));
    let scheme_arms = auth.iter().map(|a| {
        let pattern = pattern(a);
        let name = &a.name;
        quote!(#pattern => #name,)
    });
    let credential_arms = auth.iter().map(|a| credential_arm(a, crt));
    let choice = if auth.len() > 1 {
        " The API accepts several schemes: choose one."
    } else {
        ""
    };
    let crt_s = path_text(crt);
    let enum_doc = doc_markdown(&format!(
        "The credentials the client sends, one variant per auth scheme of the schema.{choice} \
         Credentials are [`Secret`]s or [`Token`]s (fixed, or asked from a token source and \
         cached until shortly before they expire): `Debug` never shows them, and a credential \
         with a control character (CR, LF, ...), a space or a non-ASCII character is refused \
         (a fixed one when the client is built).\n\n[`Secret`]: {crt_s}::Secret\n\
         [`Token`]: {crt_s}::Token"
    ));
    let (signed_ctors, claims_types): (Vec<_>, Vec<_>) = signed.unzip();
    quote! {
        #enum_doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        pub enum Auth { #(#variants)* }

        impl Auth {
            #(#ctors)*
            #(#signed_ctors)*

            /// The scheme's name in the schema.
            pub fn scheme(&self) -> &'static str {
                match self { #(#scheme_arms)* }
            }

            /// How the credential is sent, checked as far as it is known.
            fn credential(&self) -> ::core::result::Result<#crt::Credential, #crt::ClientError> {
                match self { #(#credential_arms)* }
            }
        }

        #(#claims_types)*
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
    match kind {
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
        AuthKind::Basic {
            password_empty: true,
        } => quote!(#d #v(#crt::Secret),),
        AuthKind::Bearer { .. } | AuthKind::ApiKey { .. } => quote!(#d #v(#crt::Token),),
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
    let (arg, ty) = match kind {
        AuthKind::Basic { password_empty: _ } => (format_ident!("key"), quote!(#crt::Secret)),
        _ => (format_ident!("token"), quote!(#crt::Token)),
    };
    quote! {
        #d
        pub fn #f(#arg: impl ::core::convert::Into<#ty>) -> Self {
            Auth::#v(#arg.into())
        }
    }
}

/// For a self-signed JWT scheme: the signing constructor (`Auth::bearer_jwt_signed`) and the
/// claims struct it takes.
fn self_signed(a: &AuthIr, crt: &TokenStream) -> Option<(TokenStream, TokenStream)> {
    let AuthIr {
        name,
        rust_name,
        kind,
        constructor: _,
        description: _,
        span: _,
    } = a;
    let AuthKind::Bearer {
        self_signed: Some(jwt),
        bearer_format: _,
    } = kind
    else {
        return None;
    };
    let SelfSignedJwt {
        algorithm,
        lifetime_seconds,
        claims,
        claims_type,
        constructor,
    } = jwt;
    let v = ident(rust_name);
    let f = ident(constructor);
    let claims_ty = ident(claims_type);
    let alg = format_ident!("{}", algorithm.variant());
    let lifetime = Literal::u64_unsuffixed(*lifetime_seconds);
    let adds = claims.iter().map(|c| {
        let (wire, field) = (&c.name, ident(&c.rust_name));
        if c.required {
            quote!(signer = signer.claim(#wire, claims.#field);)
        } else {
            quote! {
                if let ::core::option::Option::Some(value) = claims.#field {
                    signer = signer.claim(#wire, value);
                }
            }
        }
    });
    let names: Vec<String> = claims.iter().map(|c| format!("`{}`", c.name)).collect();
    let ctor_doc = doc_markdown(&format!(
        "Authenticates with `{name}` using tokens the client signs itself: {alg} JWTs signed \
         with `private_key_pem` (the private key in PEM), carrying the claims of \
         [`{claims_type}`] ({}) plus `iat` (now), `exp` ({lifetime_seconds} seconds later) and \
         a random `jti`. A token is signed when the first request needs one, and again shortly \
         before it expires or after the server refuses it; parallel calls share it.\n\n\
         Fails when the key is not a PEM private key for {alg}. The key is kept only in the \
         signer and never shows in `Debug` output or errors.",
        names.join(", "),
        alg = algorithm.as_str(),
    ));
    let ctor = quote! {
        #ctor_doc
        pub fn #f(
            private_key_pem: impl ::core::convert::AsRef<[u8]>,
            claims: #claims_ty,
        ) -> ::core::result::Result<Self, #crt::ClientError> {
            let mut signer = #crt::JwtSigner::new(
                #crt::JwtAlgorithm::#alg,
                private_key_pem.as_ref(),
                ::core::time::Duration::from_secs(#lifetime),
            )
            .map_err(#crt::ClientError::credentials)?;
            #(#adds)*
            ::core::result::Result::Ok(Auth::#v(#crt::Token::from_source(signer)))
        }
    };
    Some((ctor, claims_struct(name, jwt)))
}

/// The struct of a self-signed scheme's claim values, with `new` taking the required ones.
fn claims_struct(scheme: &str, jwt: &SelfSignedJwt) -> TokenStream {
    let ty = ident(&jwt.claims_type);
    let mut fields = Vec::new();
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for c in &jwt.claims {
        let ClaimIr {
            name,
            rust_name,
            description,
            required,
            example,
            span: _,
        } = c;
        let id = ident(rust_name);
        let mut text = format!(
            "`{name}`{}: {}",
            if *required { "" } else { " (optional)" },
            description.as_deref().unwrap_or("a claim of the token.")
        );
        if let Some(e) = example {
            text.push_str(&format!(" Example: `{e}`."));
        }
        let d = doc(&text);
        if *required {
            fields.push(quote!(#d pub #id: ::std::string::String,));
            params.push(quote!(#id: impl ::core::convert::Into<::std::string::String>));
            inits.push(quote!(#id: #id.into(),));
        } else {
            fields.push(quote!(#d pub #id: ::core::option::Option<::std::string::String>,));
            inits.push(quote!(#id: ::core::option::Option::None,));
        }
    }
    let struct_doc = doc(&format!(
        "The claims of the JWTs the client signs for `{scheme}` (besides `iat`, `exp` and \
         `jti`, which the signer sets)."
    ));
    quote! {
        #struct_doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq)]
        pub struct #ty { #(#fields)* }

        impl #ty {
            /// The required claims; the optional ones start unset.
            pub fn new(#(#params),*) -> Self {
                #ty { #(#inits)* }
            }
        }
    }
}

/// The arm of `Auth::credential` of one scheme: how its credential is sent.
fn credential_arm(a: &AuthIr, crt: &TokenStream) -> TokenStream {
    let AuthIr {
        rust_name,
        kind,
        name: _,
        constructor: _,
        description: _,
        span: _,
    } = a;
    let v = ident(rust_name);
    match kind {
        AuthKind::Bearer {
            bearer_format: _,
            self_signed: _,
        } => quote!(Auth::#v(token) => #crt::Credential::bearer(token),),
        AuthKind::Basic {
            password_empty: true,
        } => quote!(Auth::#v(key) => #crt::Credential::basic(key, &#crt::Secret::new("")),),
        AuthKind::Basic {
            password_empty: false,
        } => quote!(Auth::#v { user, password } => #crt::Credential::basic(user, password),),
        AuthKind::ApiKey { header, prefix } => {
            let prefix = match prefix {
                Some(p) => quote!(::core::option::Option::Some(#p)),
                None => quote!(::core::option::Option::None),
            };
            quote!(Auth::#v(token) => #crt::Credential::token_header(#header, #prefix, token),)
        }
    }
}

/// How a scheme's credential is sent, in words.
fn wire(kind: &AuthKind) -> String {
    match kind {
        AuthKind::Bearer {
            bearer_format: _,
            self_signed: _,
        } => "`Authorization: Bearer <token>`".to_string(),
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
