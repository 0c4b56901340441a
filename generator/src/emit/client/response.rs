//! Per operation, the `{Op}Response` enum of its documented success responses and the
//! `{Op}Error` enum of its documented error responses (with `Display` and `Error`), one
//! variant per status, named after the status; and the `match` on the status with which each
//! operation's method decodes a response into them.

use super::client_type;
use crate::emit::Cx;
use crate::emit::docs::doc;
use crate::emit::ident;
use crate::ir::{OperationIr, ResponseIr, Status};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

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

/// The success and error enums of one operation, named by lowering
/// ([`OperationIr::response_type`], [`OperationIr::error_type`]).
pub(super) fn operation_types(cx: &Cx<'_>, op: &OperationIr) -> TokenStream {
    let OperationIr {
        id,
        response_type,
        error_type,
        responses,
        // The method's concern (see `operation::operation_method`).
        idempotent: _,
        rust_name: _,
        summary: _,
        description: _,
        method: _,
        path: _,
        segments: _,
        auth: _,
        params: _,
        request: _,
        deprecated: _,
        span: _,
    } = op;
    let (ok_name, err_name) = (ident(response_type), ident(error_type));
    let mut ok_variants = Vec::new();
    let mut err_variants = Vec::new();
    let mut err_display = Vec::new();
    for r in responses {
        match response_variant(cx, r, &err_name) {
            Variant::Success(v) => ok_variants.push(v),
            Variant::Error { variant, display } => {
                err_variants.push(variant);
                err_display.push(display);
            }
        }
    }
    let ok_doc = doc(&format!(
        "The documented success responses of `{id}`, one variant per status, with the decoded \
         body."
    ));
    let err_doc = doc(&format!(
        "The documented error responses of `{id}` (in `ClientErrorKind::Api`), one variant \
         per status, with the decoded body."
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

/// The variant of one documented response, in the success or the error enum.
enum Variant {
    /// A status below 400.
    Success(TokenStream),
    /// A status from 400 on, or `default`: the variant and its `Display` arm.
    Error {
        variant: TokenStream,
        display: TokenStream,
    },
}

/// The variant of one response: `NotFound404(Body)`, `NoContent204`, or
/// `Default { status, body }`.
fn response_variant(cx: &Cx<'_>, r: &ResponseIr, err_name: &Ident) -> Variant {
    let ResponseIr {
        status,
        description,
        body,
        // The body is decoded as JSON; the client's `Accept` is chosen API-wide.
        content_types: _,
    } = r;
    let body_ty = body.as_ref().map(|b| client_type(cx, b));
    let d = doc(description);
    match *status {
        Status::Code(code) => {
            let (v, words) = status_variant(code);
            let v = format_ident!("{v}");
            let variant = match &body_ty {
                Some(t) => quote!(#d #v(#t),),
                None => quote!(#d #v,),
            };
            if code < 400 {
                return Variant::Success(variant);
            }
            let pat = if body_ty.is_some() {
                quote!(#err_name::#v(_))
            } else {
                quote!(#err_name::#v)
            };
            Variant::Error {
                variant,
                display: quote!(#pat => f.write_str(#words),),
            }
        }
        Status::Default => {
            let body_field = body_ty.map(|t| {
                quote! {
                    /// The decoded body.
                    body: #t,
                }
            });
            Variant::Error {
                variant: quote! {
                    #d
                    Default {
                        /// The status.
                        status: ::http::StatusCode,
                        #body_field
                    },
                },
                display: quote!(#err_name::Default { status, .. } => ::core::write!(f, "{status} (the default response)"),),
            }
        }
    }
}

/// The decoding of an operation's response, in its method: a `match` on the status of the
/// engine's `response` with an arm per documented status, and the `default` response or
/// `ClientErrorKind::UnexpectedStatus` for any other.
pub(super) fn dispatch(
    responses: &[ResponseIr],
    ok_name: &Ident,
    err_name: &Ident,
    _crt: &TokenStream,
) -> TokenStream {
    let decode = quote!(response.json::<_, #err_name>()?);
    let mut arms = Vec::new();
    let mut default = None;
    for r in responses {
        let ResponseIr {
            status,
            body,
            // The enums carry the description (see `response_variant`).
            description: _,
            // Decoded as JSON whatever the declared type.
            content_types: _,
        } = r;
        let has_body = body.is_some();
        match *status {
            Status::Code(code) => {
                let (v, _) = status_variant(code);
                let v = format_ident!("{v}");
                let code_lit = proc_macro2::Literal::u16_unsuffixed(code);
                let arm = match (code < 400, has_body) {
                    (true, true) => quote! {
                        #code_lit => ::core::result::Result::Ok(#ok_name::#v(#decode)),
                    },
                    (true, false) => quote! {
                        #code_lit => ::core::result::Result::Ok(#ok_name::#v),
                    },
                    (false, true) => quote! {
                        #code_lit => {
                            let error = #err_name::#v(#decode);
                            ::core::result::Result::Err(response.api(error))
                        }
                    },
                    (false, false) => quote! {
                        #code_lit => ::core::result::Result::Err(response.api(#err_name::#v)),
                    },
                };
                arms.push(arm);
            }
            Status::Default => {
                let body = has_body.then(|| quote!(body: #decode,));
                default = Some(quote! {{
                    let error = #err_name::Default {
                        status: response.status(),
                        #body
                    };
                    ::core::result::Result::Err(response.api(error))
                }});
            }
        }
    }
    let fallback =
        default.unwrap_or_else(|| quote!(::core::result::Result::Err(response.unexpected())));
    if arms.is_empty() {
        // Only the fallback: no `match` with a single wildcard arm.
        fallback
    } else {
        quote! {
            match response.status().as_u16() {
                #(#arms)*
                _ => #fallback,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::ident;
    use crate::emit::test_support::{all_items, generate_api, method, parse, with_cx};
    use quote::quote;

    const SELF_OP: &str = r#"
api:
  name: selfish
  title: Selfish
  version: "1"
  servers:
    - url: https://api.example.com
operations:
  self:
    summary: Who am I
    method: GET
    path: /me
    responses:
      "200":
        description: The caller.
        body: any
      "404":
        description: Nobody.
      default:
        description: Anything else.
"#;

    /// The variants of the enum `name` in the file.
    fn enum_variants(file: &syn::File, name: &str) -> Vec<String> {
        all_items(&file.items)
            .into_iter()
            .find_map(|i| match i {
                syn::Item::Enum(e) if e.ident == name => Some(e),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no enum `{name}`"))
            .variants
            .iter()
            .map(|v| v.ident.to_string())
            .collect()
    }

    #[test]
    fn the_operation_self_has_self_response_and_self_error() {
        let tokens = with_cx(SELF_OP, |cx| {
            super::operation_types(cx, &cx.api.operations[0])
        });
        let (file, text) = parse(tokens);
        assert_eq!(enum_variants(&file, "SelfResponse"), ["Ok200"]);
        assert_eq!(
            enum_variants(&file, "SelfError"),
            ["NotFound404", "Default"]
        );
        assert!(
            text.contains("impl ::core::fmt::Display for SelfError"),
            "{text}"
        );
    }

    #[test]
    fn the_method_of_self_returns_them() {
        let (file, _) = generate_api(SELF_OP, "selfish");
        let m = method(&file, "self_");
        let output = &m.sig.output;
        let output = quote!(#output).to_string();
        assert!(output.contains("SelfResponse"), "{output}");
        assert!(output.contains("ClientError < SelfError >"), "{output}");
    }

    #[test]
    fn the_dispatch_of_self_decodes_into_them() {
        let text = with_cx(SELF_OP, |cx| {
            let op = &cx.api.operations[0];
            let (ok, err) = (ident(&op.response_type), ident(&op.error_type));
            let dispatch =
                super::dispatch(&op.responses, &ok, &err, &quote!(crate::runtime::client));
            dispatch.to_string()
        });
        assert!(text.contains("SelfResponse :: Ok200"), "{text}");
        assert!(text.contains("SelfError :: NotFound404"), "{text}");
        assert!(text.contains("SelfError :: Default"), "{text}");
    }
}
