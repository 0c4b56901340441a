//! One async method per operation: its arguments and docs, the request (URL, headers and body,
//! built by [`super::request`]), the send, and the decoding of the documented statuses into
//! `{Op}Response` / `{Op}Error` (by [`super::response::dispatch`]).

use super::{client_type, json_content_type, request, response};
use crate::emit::docs::{doc_markdown, escape_markdown};
use crate::emit::{Cx, ident};
use crate::ir::{
    ApiIr, Method, OperationIr, ParamIr, ParamLocation, PathSegment, RequestIr, ShapeKind,
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
        idempotent,
        span: _,
    } = op;
    let ApiIr {
        auth: api_auth,
        content_types,
        name: api_name,
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
    let url_steps = request::url_steps(&args, segments, &err_name, crt);
    let header_steps = request::header_steps(api_auth, auth, id, &args, &err_name, crt);
    let request_content_types = request.as_ref().map(|r| r.content_types.as_slice());
    let content_type = json_content_type(request_content_types.unwrap_or_default())
        .or_else(|| json_content_type(content_types))
        .unwrap_or("application/json");
    let (validate_step, payload_step) =
        request::body_steps(cx, request.as_ref(), content_type, &err_name, crt);
    let dispatch = response::dispatch(responses, &ok_name, &err_name, crt);
    let url_binding = if url_steps.is_empty() {
        quote!(let url = ::std::string::String::from(self.engine.base_url());)
    } else {
        quote!(let mut url = ::std::string::String::from(self.engine.base_url());)
    };
    let has_header_params = params.iter().any(|p| p.location == ParamLocation::Header);
    let headers_binding = if has_header_params {
        quote!(let mut headers = ::http::HeaderMap::new();)
    } else {
        quote!(let headers = ::http::HeaderMap::new();)
    };
    let http_method = format_ident!("{}", method.as_str());
    let authenticated = !api_auth.is_empty() && !auth.is_empty();
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
        idempotent: *idempotent,
    });
    let err = quote!(#crt::ClientError<#err_name>);
    quote! {
        #d
        pub async fn #method_name(&self, #(#signature),*) -> ::core::result::Result<#ok_name, #err> {
            static OPERATION: #crt::Operation = #crt::Operation {
                api: #api_name,
                id: #id,
                method: ::http::Method::#http_method,
                path: #path,
                idempotent: #idempotent,
                authenticated: #authenticated,
            };
            #validate_step
            #url_binding
            #(#url_steps)*
            #headers_binding
            #(#header_steps)*
            #payload_step
            let response = self.engine.send::<#err_name>(&OPERATION, url, headers, payload).await?;
            #dispatch
        }
    }
}

/// A parameter as the method takes it.
pub(super) struct Arg<'a> {
    /// The argument ([`ParamIr::arg_name`]).
    pub(super) ident: Ident,
    pub(super) wire: &'a str,
    pub(super) location: ParamLocation,
    pub(super) required: bool,
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
    pub(super) fn text(&self, value: TokenStream) -> TokenStream {
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
    idempotent: bool,
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
        idempotent,
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
    text.push_str(if idempotent {
        "\n\nIdempotent: besides a request that never left, `429` and `503`, a `502`, `504`, \
         timeout or connection dropped after sending is retried too."
    } else {
        "\n\nNot idempotent: only a request that never left, `429` and `503` are retried; a \
         `502`, `504`, timeout or connection dropped after sending is returned, and \
         `ClientError::may_have_been_applied` says whether the request may have been applied."
    });
    text.push_str(&format!(
        "\n\nReturns the documented success response as [`{ok_name}`]; the documented error \
         responses are `ClientErrorKind::Api` with [`{err_name}`] (see the module \
         documentation for the other errors)."
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
                super::operation_method(cx, &cx.api.operations[0], &quote!(crate::runtime::client));
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
