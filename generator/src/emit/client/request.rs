//! The request an operation's method builds: the URL (path segments and query parameters), the
//! headers (credentials and header parameters) and the body (validated, serialized).

use super::auth;
use super::operation::Arg;
use crate::emit::Cx;
use crate::ir::{AuthIr, ParamLocation, PathSegment, RequestIr};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The statements appending the path (literal text and checked path parameters) and the query
/// parameters to `url`.
pub(super) fn url_steps(
    args: &[Arg<'_>],
    segments: &[PathSegment],
    err_name: &Ident,
    crt: &TokenStream,
) -> Vec<TokenStream> {
    let mut steps = Vec::new();
    for s in segments {
        match s {
            PathSegment::Literal(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => steps.push(quote!(url.push(#c);)),
                    _ => steps.push(quote!(url.push_str(#text);)),
                }
            }
            PathSegment::Param(i) => {
                let a = &args[*i];
                let (id, wire) = (&a.ident, a.wire);
                let text = a.text(quote!(#id));
                steps.push(quote!(url.push_str(&#crt::path_segment::<#err_name>(#wire, #text)?);));
            }
        }
    }
    for a in args.iter().filter(|a| a.location == ParamLocation::Query) {
        let (id, wire) = (&a.ident, a.wire);
        if a.required {
            let t = a.text(quote!(#id));
            steps.push(quote!(#crt::push_query(&mut url, #wire, #t);));
        } else {
            let t = a.text(quote!(value));
            steps.push(quote! {
                if let ::core::option::Option::Some(value) = #id {
                    #crt::push_query(&mut url, #wire, #t);
                }
            });
        }
    }
    steps
}

/// The check that the configured auth scheme is one the operation accepts (the engine adds the
/// credential), and the statements adding the header parameters to `headers`.
pub(super) fn header_steps(
    api_auth: &[AuthIr],
    op_auth: &[String],
    op_id: &str,
    args: &[Arg<'_>],
    err_name: &Ident,
    crt: &TokenStream,
) -> Vec<TokenStream> {
    let mut steps = Vec::new();
    if !api_auth.is_empty() && !op_auth.is_empty() {
        let all = api_auth.iter().all(|a| op_auth.contains(&a.name));
        if !all {
            let accepted = api_auth
                .iter()
                .filter(|a| op_auth.contains(&a.name))
                .map(auth::pattern);
            steps.push(quote! {
                if !::core::matches!(self.engine.config().api.auth, #(#accepted)|*) {
                    return ::core::result::Result::Err(#crt::ClientError::auth_not_accepted(
                        self.engine.config().api.auth.scheme(),
                        #op_id,
                    ));
                }
            });
        }
    }
    for a in args.iter().filter(|a| a.location == ParamLocation::Header) {
        let (id, wire) = (&a.ident, a.wire);
        let name = quote!(#crt::header_name::<#err_name>(#wire)?);
        if a.required {
            let t = a.text(quote!(#id));
            steps.push(quote! {
                headers.insert(#name, #crt::header_value::<#err_name>(#wire, #t)?);
            });
        } else {
            let t = a.text(quote!(value));
            steps.push(quote! {
                if let ::core::option::Option::Some(value) = #id {
                    headers.insert(#name, #crt::header_value::<#err_name>(#wire, #t)?);
                }
            });
        }
    }
    steps
}

/// The body's validation (when validators are generated and the config asks for it) and the
/// `payload` binding: the content type and the serialized body, if any.
pub(super) fn body_steps(
    cx: &Cx<'_>,
    request: Option<&RequestIr>,
    content_type: &str,
    err_name: &Ident,
    crt: &TokenStream,
) -> (TokenStream, TokenStream) {
    let Some(RequestIr {
        required,
        // The body's type is the argument's (see `signature`); its content types chose
        // `content_type`.
        shape: _,
        content_types: _,
    }) = request
    else {
        return (
            quote!(),
            quote!(let payload = ::core::option::Option::None;),
        );
    };
    let ct = content_type;
    let serialize =
        quote!(::core::option::Option::Some((#ct, #crt::json_body::<_, #err_name>(body)?)));
    if *required {
        let validate = cx.validators.then(|| {
            quote! {
                if self.engine.config().validate_requests {
                    #crt::validate::<_, #err_name>(body)?;
                }
            }
        });
        (quote!(#validate), quote!(let payload = #serialize;))
    } else {
        let validate = cx.validators.then(|| {
            quote! {
                if let (true, ::core::option::Option::Some(body)) = (self.engine.config().validate_requests, body) {
                    #crt::validate::<_, #err_name>(body)?;
                }
            }
        });
        let payload = quote! {
            let payload = match body {
                ::core::option::Option::Some(body) => #serialize,
                ::core::option::Option::None => ::core::option::Option::None,
            };
        };
        (quote!(#validate), payload)
    }
}
