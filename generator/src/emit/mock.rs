//! Mock servers: inside each API file, behind a cargo feature, a `mock` module with a
//! `MockServer` that serves every operation of the schema on the runtime's mock server
//! (`runtime::mock`), checking requests with the generated validators; per operation a typed
//! request (`{Op}Request`) and the `on_`, `enqueue_` and `received_` methods. Beside the module,
//! in the API module, a check function per parameter (`mock_check_{op}_{param}`), which uses the
//! same structure checks and constraint checks as the validators.
//!
//! The facts come from `crate::mock`, which `schemagen mock` reads too: the parameters an
//! operation checks, how their text becomes JSON, and the default bodies.

use super::docs::{doc, doc_markdown, escape_markdown, inner_doc_markdown};
use super::{Cx, EmitError, ident, json_check, rust_type, validate};
use crate::ir::*;
use crate::mock::{self as facts, ParamKind};
use proc_macro2::{Ident, Literal, Span as PmSpan, TokenStream};
use quote::quote;

/// The mock part of the emit options, as the API emitters see it.
#[derive(Debug, Clone)]
pub(crate) struct MockCx {
    /// `#[cfg(feature = ...)]` gate of the mock code, if any.
    pub feature: Option<String>,
}

/// The mock items of one API: the parameter checks, then the `mock` module.
pub(crate) fn mock_items(cx: &Cx<'_>, mock: &MockCx) -> Result<TokenStream, EmitError> {
    let cfg = match &mock.feature {
        Some(f) => quote!(#[cfg(feature = #f)]),
        None => quote!(),
    };
    let rt = nested(&cx.runtime);
    let mut checks = Vec::new();
    for op in &cx.api.operations {
        for p in facts::operation_params(cx.api, op) {
            checks.push(param_check(cx, op, p, &cfg));
        }
    }
    let module_docs = module_docs(cx.api, &rt);
    let requests = cx.api.operations.iter().map(|op| request_type(cx, op, &rt));
    let server = server(cx, &rt);
    let spec = spec(cx, &rt)?;
    Ok(quote! {
        #(#checks)*

        #cfg
        pub mod mock {
            #module_docs

            #(#requests)*
            #server
            #spec
        }
    })
}

/// A runtime path as seen from the `mock` module nested in an API module.
fn nested(runtime: &TokenStream) -> TokenStream {
    let text = super::docs::path_text(runtime);
    let text = if let Some(rest) = text.strip_prefix("self::") {
        format!("super::{rest}")
    } else if text.starts_with("super::") {
        format!("super::{text}")
    } else {
        text
    };
    match syn::parse_str::<syn::Path>(&text) {
        Ok(p) => quote!(#p),
        Err(_) => quote!(crate::runtime),
    }
}

/// The Rust type of a shape as seen from the `mock` module: named types live in `super`.
fn mock_type(cx: &Cx<'_>, shape: &Shape) -> TokenStream {
    match &shape.kind {
        ShapeKind::Array(items) => {
            let t = mock_type(cx, items);
            quote!(::std::vec::Vec<#t>)
        }
        ShapeKind::Map(values) => {
            let t = mock_type(cx, values);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        ShapeKind::Named(n) => match cx.ty(n) {
            Some(t) => {
                let id = ident(&t.rust_name);
                quote!(super::#id)
            }
            None => quote!(::serde_json::Value),
        },
        _ => rust_type(cx, shape),
    }
}

fn id(name: &str) -> Ident {
    Ident::new(name, PmSpan::call_site())
}

/// `mock_check_{op}_{param}`: a parameter's value (as JSON) checked like a field of its
/// shape: structure first, then, when sound, every constraint.
fn param_check(cx: &Cx<'_>, op: &OperationIr, p: &ParamIr, cfg: &TokenStream) -> TokenStream {
    let ParamIr {
        rust_name,
        shape,
        wire_name,
        location,
        // Read by the spec and the typed request.
        arg_name: _,
        const_name: _,
        required: _,
        description: _,
        example: _,
        span: _,
    } = p;
    let rt = &cx.runtime;
    let name = id(&crate::ident::mock_param_check(&op.rust_name, rust_name));
    let where_ = match location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
    };
    let doc = doc(&format!(
        "Checks the value of the {where_} `{wire_name}` of `{}` for the mock server.",
        op.id
    ));
    let structure = json_check::shape_json(cx, quote!(value), shape, &id("path"), 0);
    let constraints = validate::shape_checks(cx, quote!(value), shape, &id("p0"), 0);
    let ty = rust_type(cx, shape);
    let structure = if structure.is_empty() {
        quote!()
    } else {
        quote! {
            {
                let path = &root;
                #structure
            }
        }
    };
    let constraints = if constraints.is_empty() {
        quote!()
    } else {
        quote! {
            if !report.has_errors() {
                match <#ty as ::serde::Deserialize>::deserialize(value) {
                    ::core::result::Result::Ok(typed) => {
                        let p0 = root;
                        let value = &typed;
                        #constraints
                    }
                    ::core::result::Result::Err(e) => {
                        report.error(&root, "type", ::std::string::ToString::to_string(&e))
                    }
                }
            }
        }
    };
    if structure.is_empty() && constraints.is_empty() {
        return quote! {
            #doc
            #cfg
            fn #name(_value: &::serde_json::Value) -> #rt::Report {
                #rt::Report::new()
            }
        };
    }
    quote! {
        #doc
        #cfg
        fn #name(value: &::serde_json::Value) -> #rt::Report {
            let mut owned = #rt::Report::new();
            let root = #rt::Path::root();
            {
                let report = &mut owned;
                #structure
                #constraints
            }
            owned.sort();
            owned
        }
    }
}

/// The `mock` module's own docs.
fn module_docs(api: &ApiIr, rt: &TokenStream) -> TokenStream {
    let ApiIr {
        title,
        version,
        // Read by `base_path`.
        servers: _,
        // The model's docs say the rest.
        name: _,
        module: _,
        description: _,
        auth: _,
        headers: _,
        content_types: _,
        types: _,
        operations: _,
        file: _,
    } = api;
    let rt = super::docs::path_text(rt);
    let base_path = facts::base_path(api);
    let prefix = if base_path.is_empty() {
        String::new()
    } else {
        format!(
            " Every operation is served at the root and under `{}`, the path of the schema's \
             server URL, so the base URL may be given with the vendor's path or without it.",
            escape_markdown(&base_path)
        )
    };
    inner_doc_markdown(&format!(
        "A mock server of the {} (version {}): a validating fake of the vendor for tests, \
         serving every operation of the schema on `127.0.0.1`.\n\n\
         Start a [`MockServer`] inside a tokio runtime and point a client at its base \
         URL.{prefix} It \
         answers `404` for an unknown path, `405` for a wrong method, `401` without credentials \
         of a scheme the operation accepts, `413` for a body above the limit, and the \
         invalid-request status (`400`) for a bad parameter, header, content type or body, with \
         every violation as `in`, `pointer`, `code` and `message`. A valid request gets the \
         operation's queued responses, then the server-wide queue, then its handler, else the \
         lowest documented success status with a body built from the schema's examples. Every \
         request is recorded: typed per operation (`received_...`), and raw with its verdict \
         ([`Server::requests`]).\n\n\
         [`Server::requests`]: {rt}::mock::Server::requests",
        escape_markdown(title),
        escape_markdown(version)
    ))
}

/// `{Op}Request`: the typed request of an operation, and how it is built from a checked one.
fn request_type(cx: &Cx<'_>, op: &OperationIr, rt: &TokenStream) -> TokenStream {
    let OperationIr {
        id: op_id,
        rust_name,
        method,
        path,
        request,
        params: _,
        // The client's and the validators' concern.
        response_type: _,
        error_type: _,
        summary: _,
        description: _,
        segments: _,
        auth: _,
        responses: _,
        deprecated: _,
        // Retries are the client's concern; the mock answers every try.
        idempotent: _,
        span: _,
    } = op;
    let name = id(&crate::ident::mock_request_type(rust_name));
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    // The operation's own parameters are typed fields; API-wide headers stay in `raw`.
    let own = facts::operation_params(cx.api, op);
    for (index, p) in own.iter().enumerate() {
        if !op.params.iter().any(|q| std::ptr::eq(q, *p)) {
            continue;
        }
        let field = ident(&crate::ident::mock_request_field(&p.arg_name));
        let ty = mock_type(cx, &p.shape);
        let where_ = match p.location {
            ParamLocation::Path => "Path parameter",
            ParamLocation::Query => "Query parameter",
            ParamLocation::Header => "Header",
        };
        let mut text = format!("{where_} `{}`", p.wire_name);
        if let Some(d) = &p.description {
            text.push_str(": ");
            text.push_str(d);
        }
        let docs = doc(&text);
        let index = Literal::usize_unsuffixed(index);
        if facts::param_required(p) {
            fields.push(quote!(#docs pub #field: #ty,));
            inits.push(quote!(#field: checked.param(#index)?,));
        } else {
            fields.push(quote!(#docs pub #field: ::core::option::Option<#ty>,));
            inits.push(quote!(#field: checked.optional_param(#index)?,));
        }
    }
    if let Some(
        r @ RequestIr {
            shape,
            required,
            content_types,
        },
    ) = request
    {
        let ty = mock_type(cx, shape);
        let read = content_types
            .iter()
            .any(|c| facts::reads_body(cx.api, r, c));
        if !read {
            // No body of this operation makes a typed value: it stays in `raw`.
        } else if *required {
            fields.push(quote!(#[doc = " The request body."] pub body: #ty,));
            inits.push(quote!(body: checked.body()?,));
        } else {
            fields.push(quote!(
                #[doc = " The request body, if one was sent."]
                pub body: ::core::option::Option<#ty>,
            ));
            inits.push(quote!(body: checked.optional_body()?,));
        }
    }
    let docs = doc(&format!(
        "A valid `{op_id}` request (`{} {path}`) as the mock server received it.",
        method.as_str()
    ));
    quote! {
        #docs
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        pub struct #name {
            #(#fields)*
            /// The request as received: method, target, headers and body bytes.
            pub raw: #rt::mock::RawRequest,
        }

        impl #name {
            fn from_checked(
                checked: &#rt::mock::Checked<'_>,
            ) -> ::core::result::Result<Self, #rt::Report> {
                ::core::result::Result::Ok(#name {
                    #(#inits)*
                    raw: ::core::clone::Clone::clone(checked.request()),
                })
            }
        }
    }
}

/// `MockServer`: its fields, constructors and per-operation methods, and `Deref` to the
/// runtime's server.
fn server(cx: &Cx<'_>, rt: &TokenStream) -> TokenStream {
    let api = cx.api;
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut methods = Vec::new();
    for op in &api.operations {
        let field = ident(&op.rust_name);
        let req = id(&crate::ident::mock_request_type(&op.rust_name));
        let [on, enqueue, received] = crate::ident::mock_methods(&op.rust_name).map(|m| id(&m));
        fields.push(quote!(#field: ::std::sync::Arc<#rt::mock::Typed<#req>>,));
        inits.push(
            quote!(#field: ::std::sync::Arc::new(#rt::mock::Typed::new(#req::from_checked)),),
        );
        let op_id = &op.id;
        let on_doc = doc_markdown(&format!(
            "Answers valid `{op_id}` requests with `handler` (replacing the previous one), \
             unless a queued response comes first. A handler that panics is answered `500`."
        ));
        let enqueue_doc = doc_markdown(&format!(
            "Queues `response` for the next valid `{op_id}` request (before the server-wide \
             queue and the handler)."
        ));
        let received_doc = doc_markdown(&format!(
            "The valid `{op_id}` requests received so far, typed, in order."
        ));
        methods.push(quote! {
            #on_doc
            pub fn #on(
                &self,
                handler: impl ::core::ops::Fn(&#req) -> #rt::mock::Response + ::core::marker::Send + ::core::marker::Sync + 'static,
            ) {
                self.operations.#field.on(handler);
            }
            #enqueue_doc
            pub fn #enqueue(&self, response: #rt::mock::Response) {
                self.operations.#field.enqueue(response);
            }
            #received_doc
            pub fn #received(&self) -> ::std::vec::Vec<#req> {
                self.operations.#field.received()
            }
        });
    }
    let docs = doc_markdown(&format!(
        "A validating fake of the {}, for tests: see the module documentation. It stops when \
         dropped. It dereferences to the running [`Server`]: its base URL, every request \
         received ([`Server::requests`]), the server-wide queue of responses and the delay of \
         every answer.\n\n[`Server`]: {rt_s}::mock::Server\n[`Server::requests`]: \
         {rt_s}::mock::Server::requests",
        escape_markdown(&api.title),
        rt_s = super::docs::path_text(rt)
    ));
    // Without operations, nothing reads the (empty) typed side.
    let unread = if api.operations.is_empty() {
        quote!(#[allow(dead_code)])
    } else {
        quote!()
    };
    quote! {
        /// The typed side of each operation.
        #[derive(::core::fmt::Debug)]
        struct Operations {
            #(#fields)*
        }

        #docs
        #[derive(::core::fmt::Debug)]
        pub struct MockServer {
            server: #rt::mock::Server,
            #unread
            operations: Operations,
        }

        impl MockServer {
            /// Starts a mock server on `127.0.0.1` and a free port, on the current tokio
            /// runtime. Fails outside a tokio runtime, or when no port can be bound.
            pub async fn start() -> ::core::result::Result<Self, #rt::mock::MockError> {
                Self::start_with(#rt::mock::Options::default()).await
            }

            /// Starts a mock server as `options` say (address, body size limit, a hook called
            /// with every exchange).
            pub async fn start_with(
                options: #rt::mock::Options,
            ) -> ::core::result::Result<Self, #rt::mock::MockError> {
                let operations = Operations { #(#inits)* };
                let server = #rt::mock::Server::start(api_spec(&operations), options).await?;
                ::core::result::Result::Ok(MockServer { server, operations })
            }

            #(#methods)*
        }

        impl ::core::ops::Deref for MockServer {
            type Target = #rt::mock::Server;
            fn deref(&self) -> &#rt::mock::Server {
                &self.server
            }
        }
    }
}

/// `api_spec`: the API as the runtime's server serves it, and the validator calls it makes.
fn spec(cx: &Cx<'_>, rt: &TokenStream) -> Result<TokenStream, EmitError> {
    let ApiIr {
        name,
        auth,
        operations,
        // Read by `base_path`.
        servers: _,
        // Parameters and headers are read per operation (`operation_params`).
        headers: _,
        module: _,
        title: _,
        version: _,
        description: _,
        content_types: _,
        types: _,
        file: _,
    } = cx.api;
    let m = quote!(#rt::mock);
    let base_path = facts::base_path(cx.api);
    let schemes = auth.iter().map(|a| {
        let AuthIr {
            name,
            kind,
            rust_name: _,
            constructor: _,
            description: _,
            span: _,
        } = a;
        let kind = match kind {
            // A self-signed JWT is still a bearer token on the wire.
            AuthKind::Bearer {
                bearer_format: _,
                self_signed: _,
            } => quote!(#m::AuthKind::Bearer),
            AuthKind::Basic { password_empty } => {
                quote!(#m::AuthKind::Basic { password_empty: #password_empty })
            }
            AuthKind::ApiKey { header, prefix } => {
                let prefix = match prefix {
                    Some(p) => quote!(::core::option::Option::Some(::std::string::String::from(#p))),
                    None => quote!(::core::option::Option::None),
                };
                quote!(#m::AuthKind::ApiKey { header: ::std::string::String::from(#header), prefix: #prefix })
            }
        };
        quote!(#m::AuthScheme { name: ::std::string::String::from(#name), kind: #kind })
    });
    let schemes = vec_of(schemes.collect());
    let mut ops = Vec::new();
    for op in operations {
        ops.push(operation_spec(cx, op, &m, &ident(&op.rust_name))?);
    }
    let ops = vec_of(ops);
    let operations_arg = if operations.is_empty() {
        quote!(_operations)
    } else {
        quote!(operations)
    };
    // Each helper only when something calls it.
    let check_body = if operations.iter().any(|o| o.request.is_some()) {
        quote! {
            /// Validates a request body of `operation`: the one place the mock server calls the
            /// payload validator. JSON syntax is checked first (without building anything), so
            /// that malformed text gets the same answer as from `schemagen mock`; then the
            /// single-pass validator reads the bytes once, without building a `Value`.
            fn check_body(operation: &str, bytes: &[u8]) -> #rt::Report {
                if let ::core::result::Result::Err(e) = ::serde_json::from_slice::<::serde::de::IgnoredAny>(bytes) {
                    return #m::syntax_error(&e);
                }
                super::validate_payload_bytes(operation, #rt::PayloadKind::Request, bytes)
                    .unwrap_or_else(|e| #m::unknown_payload(&e))
            }
        }
    } else {
        quote!()
    };
    let check_response = if operations.is_empty() {
        quote!()
    } else {
        quote! {
            /// Validates a response body of `operation`; `None` when `status` is not documented.
            fn check_response(
                operation: &str,
                status: u16,
                value: &::serde_json::Value,
            ) -> ::core::option::Option<#rt::Report> {
                super::validate_payload(operation, #rt::PayloadKind::Response(status), value).ok()
            }
        }
    };
    Ok(quote! {
        /// The API as the server serves it: paths, methods, auth schemes, parameters, bodies,
        /// default responses, and the generated validators.
        fn api_spec(#operations_arg: &Operations) -> #m::ApiSpec {
            #m::ApiSpec {
                name: ::std::string::String::from(#name),
                base_path: ::std::string::String::from(#base_path),
                auth: #schemes,
                operations: #ops,
            }
        }

        #check_body
        #check_response
    })
}

/// `Vec::from([...])` rather than `vec![...]`, whose contents the formatter leaves on one line.
fn vec_of(items: Vec<TokenStream>) -> TokenStream {
    if items.is_empty() {
        quote!(::std::vec::Vec::new())
    } else {
        quote!(::std::vec::Vec::from([#(#items),*]))
    }
}

fn string_vec(items: &[String]) -> TokenStream {
    vec_of(
        items
            .iter()
            .map(|i| quote!(::std::string::String::from(#i)))
            .collect(),
    )
}

/// A JSON value as a raw string literal (readable in the generated file).
fn json_literal(value: &serde_json::Value) -> Result<TokenStream, EmitError> {
    let text = value.to_string();
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let lit: Literal = format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .map_err(|_| {
            super::emit_error(
                std::path::Path::new("(mock)"),
                "a default body does not make a string literal",
            )
        })?;
    Ok(quote!(#lit))
}

/// The runtime's `ParamKind` of a kind.
fn runtime_kind(m: &TokenStream, kind: ParamKind) -> TokenStream {
    match kind {
        ParamKind::String => quote!(#m::ParamKind::String),
        ParamKind::Integer => quote!(#m::ParamKind::Integer),
        ParamKind::Number => quote!(#m::ParamKind::Number),
        ParamKind::Boolean => quote!(#m::ParamKind::Boolean),
    }
}

fn operation_spec(
    cx: &Cx<'_>,
    op: &OperationIr,
    m: &TokenStream,
    typed: &Ident,
) -> Result<TokenStream, EmitError> {
    let OperationIr {
        id: op_id,
        rust_name,
        method,
        path,
        auth,
        request,
        // Read through `operation_params` and `response_bodies`.
        params: _,
        responses: _,
        response_type: _,
        error_type: _,
        summary: _,
        description: _,
        segments: _,
        deprecated: _,
        // Retries are the client's concern; the mock answers every try.
        idempotent: _,
        span: _,
    } = op;
    let method = method.as_str();
    let params = facts::operation_params(cx.api, op).into_iter().map(|p| {
        let name = &p.wire_name;
        let location = match p.location {
            ParamLocation::Path => quote!(#m::ParamLocation::Path),
            ParamLocation::Query => quote!(#m::ParamLocation::Query),
            ParamLocation::Header => quote!(#m::ParamLocation::Header),
        };
        let required = facts::param_required(p);
        let kind = runtime_kind(m, facts::param_kind(cx.api, &p.shape));
        let check = id(&crate::ident::mock_param_check(rust_name, &p.rust_name));
        quote! {
            #m::ParamSpec {
                name: ::std::string::String::from(#name),
                location: #location,
                required: #required,
                kind: #kind,
                check: ::std::sync::Arc::new(super::#check),
            }
        }
    });
    let body = match request {
        Some(
            r @ RequestIr {
                shape: _,
                required,
                content_types,
            },
        ) => {
            let types = string_vec(content_types);
            let form = match facts::request_form_fields(cx.api, r) {
                Some(fields) => {
                    let fields = fields.iter().map(|f| {
                        let facts::FormField { name, kind, list } = f;
                        let kind = runtime_kind(m, *kind);
                        quote!(#m::FormField {
                            name: ::std::string::String::from(#name),
                            kind: #kind,
                            list: #list,
                        })
                    });
                    let fields = vec_of(fields.collect());
                    quote!(::core::option::Option::Some(#fields))
                }
                None => quote!(::core::option::Option::None),
            };
            quote! {
                ::core::option::Option::Some(#m::BodySpec {
                    required: #required,
                    content_types: #types,
                    check: ::std::sync::Arc::new(|bytes: &[u8]| check_body(#op_id, bytes)),
                    form: #form,
                })
            }
        }
        None => quote!(::core::option::Option::None),
    };
    let mut responses = Vec::new();
    for (status, body) in crate::mock::example::response_bodies(cx.api, op) {
        let status = match status {
            Some(s) => quote!(::core::option::Option::Some(#s)),
            None => quote!(::core::option::Option::None),
        };
        let body = match body {
            Some(b) => {
                let lit = json_literal(&b)?;
                quote!(::core::option::Option::Some(#m::json(#lit)))
            }
            None => quote!(::core::option::Option::None),
        };
        responses.push(quote!(#m::ResponseSpec { status: #status, body: #body }));
    }
    let auth = string_vec(auth);
    let params = vec_of(params.collect());
    let responses = vec_of(responses);
    Ok(quote! {
        #m::OperationSpec {
            id: ::std::string::String::from(#op_id),
            method: ::std::string::String::from(#method),
            path: ::std::string::String::from(#path),
            auth: #auth,
            params: #params,
            body: #body,
            responses: #responses,
            check_response: ::core::option::Option::Some(::std::sync::Arc::new(
                |status: u16, value: &::serde_json::Value| check_response(#op_id, status, value),
            )),
            typed: ::core::option::Option::Some(::std::sync::Arc::clone(&operations.#typed) as ::std::sync::Arc<dyn #m::TypedOperation>),
        }
    })
}
