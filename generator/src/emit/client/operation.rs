//! One async method per operation: its arguments, the URL (path segments and query), the
//! headers (credentials and header parameters), the body (validated, serialized), the send, and
//! the decoding of the documented statuses into `{Op}Response` / `{Op}Error` (made by
//! [`super::response::dispatch`]).

use super::{auth, client_type, json_content_type, response};
use crate::emit::docs::{doc_markdown, escape_markdown};
use crate::emit::{Cx, ident};
use crate::ir::{
    ApiIr, AuthIr, Method, OperationIr, ParamIr, ParamLocation, PathSegment, RequestIr, ShapeKind,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The async method of one operation.
pub(super) fn operation_method(cx: &Cx<'_>, op: &OperationIr, crt: &TokenStream) -> TokenStream {
    let OperationIr {
        id,
        rust_name,
        response_type,
        error_type,
        summary,
        description,
        method,
        path,
        segments,
        auth,
        params,
        request,
        responses,
        deprecated,
        span: _,
    } = op;
    let ApiIr {
        auth: api_auth,
        content_types,
        name: _,
        module: _,
        title: _,
        version: _,
        description: _,
        servers: _,
        headers: _,
        types: _,
        operations: _,
        file: _,
    } = cx.api;
    let (ok_name, err_name) = (ident(response_type), ident(error_type));
    let method_name = ident(rust_name);
    let args: Vec<Arg<'_>> = params.iter().map(Arg::of).collect();
    let (signature, arg_docs) = signature(cx, &args, segments, request.as_ref());
    let url_steps = url_steps(&args, segments, &err_name, crt);
    let header_steps = header_steps(api_auth, auth, id, &args, &err_name, crt);
    let request_content_types = request.as_ref().map(|r| r.content_types.as_slice());
    let content_type = json_content_type(request_content_types.unwrap_or_default())
        .or_else(|| json_content_type(content_types))
        .unwrap_or("application/json");
    let (validate_step, payload_step) =
        body_steps(cx, request.as_ref(), content_type, &err_name, crt);
    let (bytes, dispatch) = response::dispatch(responses, &ok_name, &err_name, crt);
    let url_binding = if url_steps.is_empty() {
        quote!(let url = ::std::string::String::from(self.base_url.as_str());)
    } else {
        quote!(let mut url = ::std::string::String::from(self.base_url.as_str());)
    };
    let headers_binding = if header_steps.is_empty() {
        quote!(let headers = self.headers.clone();)
    } else {
        quote!(let mut headers = self.headers.clone();)
    };
    let http_method = format_ident!("{}", method.as_str());
    let d = method_doc(MethodDoc {
        id,
        summary,
        description: description.as_deref(),
        method: *method,
        path,
        arg_docs: &arg_docs,
        ok_name: &ok_name,
        err_name: &err_name,
        deprecated: *deprecated,
    });
    let err = quote!(#crt::ClientError<#err_name>);
    quote! {
        #d
        pub async fn #method_name(&self, #(#signature),*) -> ::core::result::Result<#ok_name, #err> {
            #validate_step
            #url_binding
            #(#url_steps)*
            #headers_binding
            #(#header_steps)*
            #payload_step
            let request = #crt::build_request::<#err_name>(::http::Method::#http_method, &url, headers, payload, self.config.timeout)?;
            let (parts, #bytes) = #crt::send::<T, #err_name>(&self.transport, request).await?;
            #dispatch
        }
    }
}

/// A parameter as the method takes it.
struct Arg<'a> {
    /// The argument ([`ParamIr::arg_name`]).
    ident: Ident,
    wire: &'a str,
    location: ParamLocation,
    required: bool,
    /// Its type: a number or `bool` by value, anything else as `&str`.
    ty: TokenStream,
    /// Numbers and `bool`s are turned into text with `ToString`.
    to_string: bool,
    description: Option<&'a str>,
}

impl<'a> Arg<'a> {
    fn of(p: &'a ParamIr) -> Self {
        let ParamIr {
            wire_name,
            arg_name,
            location,
            shape,
            required,
            description,
            // `arg_name` is the argument: `rust_name` kept clear of the method's locals.
            rust_name: _,
            // Only API-wide headers have a constant.
            const_name: _,
            // Shown in the schema's docs, not the method's.
            example: _,
            span: _,
        } = p;
        let (ty, to_string) = match shape.kind {
            ShapeKind::Int32 => (quote!(i32), true),
            ShapeKind::Int64 => (quote!(i64), true),
            ShapeKind::Number => (quote!(f64), true),
            ShapeKind::Boolean => (quote!(bool), true),
            _ => (quote!(&str), false),
        };
        Arg {
            ident: ident(arg_name),
            wire: wire_name,
            location: *location,
            required: *required,
            ty,
            to_string,
            description: description.as_deref(),
        }
    }

    /// `value` (this argument or the value inside it) as `&str`.
    fn text(&self, value: TokenStream) -> TokenStream {
        if self.to_string {
            quote!(&::std::string::ToString::to_string(&#value))
        } else {
            value
        }
    }

    /// The name in the method's docs.
    fn doc_name(&self) -> String {
        crate::ident::unraw(&self.ident.to_string()).to_string()
    }

    /// `: description` for the method's docs.
    fn doc_description(&self) -> String {
        self.description
            .map(|d| format!(": {}", d.trim()))
            .unwrap_or_default()
    }
}

/// The method's arguments with their doc lines: path parameters in the order of their first
/// use in the path (a parameter the template uses twice is one argument, filling both
/// places), then query and header parameters, then the body.
fn signature(
    cx: &Cx<'_>,
    args: &[Arg<'_>],
    segments: &[PathSegment],
    request: Option<&RequestIr>,
) -> (Vec<TokenStream>, Vec<String>) {
    let mut signature = Vec::new();
    let mut docs = Vec::new();
    let mut path_args: Vec<usize> = Vec::new();
    for s in segments {
        if let PathSegment::Param(i) = s {
            if !path_args.contains(i) {
                path_args.push(*i);
            }
        }
    }
    for a in path_args.iter().map(|&i| &args[i]) {
        let (id, ty) = (&a.ident, &a.ty);
        signature.push(quote!(#id: #ty));
        docs.push(format!(
            "- `{}`: path parameter `{}`{}",
            a.doc_name(),
            a.wire,
            a.doc_description()
        ));
    }
    for a in args.iter().filter(|a| a.location != ParamLocation::Path) {
        let (id, ty) = (&a.ident, &a.ty);
        if a.required {
            signature.push(quote!(#id: #ty));
        } else {
            signature.push(quote!(#id: ::core::option::Option<#ty>));
        }
        let where_ = match a.location {
            ParamLocation::Query => "query parameter",
            _ => "header",
        };
        docs.push(format!(
            "- `{}`: {where_} `{}`{}{}",
            a.doc_name(),
            a.wire,
            if a.required { "" } else { " (optional)" },
            a.doc_description()
        ));
    }
    if let Some(RequestIr {
        shape,
        required,
        content_types: _,
    }) = request
    {
        let t = client_type(cx, shape);
        if *required {
            signature.push(quote!(body: &#t));
        } else {
            signature.push(quote!(body: ::core::option::Option<&#t>));
        }
        docs.push(format!(
            "- `body`: the request body{}",
            if *required { "" } else { " (optional)" }
        ));
    }
    (signature, docs)
}

/// The statements appending the path (literal text and checked path parameters) and the query
/// parameters to `url`.
fn url_steps(
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

/// The statements adding the credentials (after checking the configured scheme is one the
/// operation accepts) and the header parameters to `headers`.
fn header_steps(
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
                if !::core::matches!(self.config.auth, #(#accepted)|*) {
                    return ::core::result::Result::Err(#crt::ClientError::AuthNotAccepted {
                        scheme: self.config.auth.scheme(),
                        operation: #op_id,
                    });
                }
            });
        }
        steps.push(quote!(headers.insert(self.auth.0.clone(), self.auth.1.clone());));
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
fn body_steps(
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
                if self.config.validate_requests {
                    #crt::validate::<_, #err_name>(body)?;
                }
            }
        });
        (quote!(#validate), quote!(let payload = #serialize;))
    } else {
        let validate = cx.validators.then(|| {
            quote! {
                if let (true, ::core::option::Option::Some(body)) = (self.config.validate_requests, body) {
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

/// What the method's doc says.
struct MethodDoc<'a> {
    id: &'a str,
    summary: &'a str,
    description: Option<&'a str>,
    method: Method,
    path: &'a str,
    arg_docs: &'a [String],
    ok_name: &'a Ident,
    err_name: &'a Ident,
    deprecated: bool,
}

/// The method's doc: the summary and description, the method and path, the arguments, what
/// it returns and every way it fails. Schema text is escaped; the links are the generator's.
fn method_doc(m: MethodDoc<'_>) -> TokenStream {
    let MethodDoc {
        id,
        summary,
        description,
        method,
        path,
        arg_docs,
        ok_name,
        err_name,
        deprecated,
    } = m;
    let mut text = escape_markdown(summary.trim().trim_end_matches('.'));
    text.push('.');
    if let Some(d) = description {
        text.push_str("\n\n");
        text.push_str(&escape_markdown(d));
    }
    text.push_str("\n\n");
    text.push_str(&escape_markdown(&format!(
        "`{} {path}` (operation `{id}`).",
        method.as_str()
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
    if deprecated {
        text.push_str("\n\nDeprecated.");
    }
    doc_markdown(&text)
}

#[cfg(test)]
mod tests {
    use crate::emit::test_support::{arg_names, doc_text, generate_api, method, parse, with_cx};
    use quote::quote;

    const TWICE: &str = r#"
api:
  name: things
  title: Things
  version: "1"
  servers:
    - url: https://api.example.com
operations:
  get_thing:
    summary: Get a thing
    method: GET
    path: /things/{id}/x/{id}
    parameters:
      id:
        in: path
        type: string
        description: The thing's id.
      verbose:
        in: query
        type: boolean
    responses:
      "200":
        description: The thing.
        body: any
"#;

    #[test]
    fn a_path_parameter_used_twice_is_one_argument_filling_both_places() {
        let tokens = with_cx(TWICE, |cx| {
            let method =
                super::operation_method(cx, &cx.api.operations[0], &quote!(crate::client_runtime));
            quote!(impl<T> Client<T> { #method })
        });
        let (file, text) = parse(tokens);
        let m = method(&file, "get_thing");
        assert_eq!(arg_names(&m.sig), ["id", "verbose"]);
        let segment = "path_segment::<GetThingError>(\"id\", id)";
        assert_eq!(text.matches(segment).count(), 2, "{text}");
        let docs = doc_text(&m.attrs);
        assert_eq!(docs.matches("path parameter `id`").count(), 1, "{docs}");
    }

    #[test]
    fn the_generated_client_takes_the_parameter_once() {
        let (file, _) = generate_api(TWICE, "things");
        assert_eq!(
            arg_names(&method(&file, "get_thing").sig),
            ["id", "verbose"]
        );
    }
}
