//! The context every item emitter receives: the API being emitted, the paths and derives the
//! options ask for, and the facts about the API that several emitters need.

use super::{EmitError, EmitOptions, analysis, client, mock};
use crate::ir::{ApiIr, TypeIr};
use proc_macro2::TokenStream;
use quote::quote;

/// Context of one API's emission.
pub(crate) struct Cx<'a> {
    pub api: &'a ApiIr,
    pub runtime: TokenStream,
    pub derives: Vec<TokenStream>,
    pub validators: bool,
    pub client: Option<client::ClientCx>,
    pub formats: super::formats::TypedFormats,
    pub mock: Option<mock::MockCx>,
    pub analysis: analysis::Analysis<'a>,
}

static EMPTY_API: std::sync::OnceLock<ApiIr> = std::sync::OnceLock::new();

impl<'a> Cx<'a> {
    pub(super) fn new(opts: &EmitOptions) -> Result<Cx<'static>, EmitError> {
        let bad = |what: &str, e: syn::Error| {
            super::emit_error(
                std::path::Path::new("(options)"),
                format!("{what} does not parse as a Rust path: {e}"),
            )
        };
        let runtime: syn::Path =
            syn::parse_str(&opts.runtime_path).map_err(|e| bad("runtime_path", e))?;
        let mut derives = Vec::new();
        for d in &opts.extra_derives {
            let p: syn::Path = syn::parse_str(d).map_err(|e| bad("extra derive", e))?;
            derives.push(quote!(#p));
        }
        if opts.client {
            let _: syn::Path = syn::parse_str(&opts.client_runtime_path)
                .map_err(|e| bad("client_runtime_path", e))?;
        }
        if opts.mock && !opts.validators {
            return Err(super::emit_error(
                std::path::Path::new("(options)"),
                "the mock servers check requests with the validators: turn the validators on, or the mock off",
            ));
        }
        let api = EMPTY_API.get_or_init(|| ApiIr {
            name: String::new(),
            module: String::new(),
            title: String::new(),
            version: String::new(),
            description: None,
            servers: Vec::new(),
            auth: Vec::new(),
            headers: Vec::new(),
            content_types: Vec::new(),
            types: Vec::new(),
            operations: Vec::new(),
            file: crate::source::FileId(0),
        });
        Ok(Cx {
            api,
            runtime: quote!(#runtime),
            derives,
            validators: opts.validators,
            client: opts.client.then(|| client::ClientCx {
                feature: opts.client_feature.clone(),
                runtime_path: opts.client_runtime_path.clone(),
            }),
            mock: opts.mock.then(|| mock::MockCx {
                feature: opts.mock_feature.clone(),
            }),
            formats: opts.formats,
            analysis: analysis::Analysis::new(api, opts.formats),
        })
    }

    pub(super) fn clone_for<'b>(&self, api: &'b ApiIr) -> Cx<'b> {
        Cx {
            api,
            runtime: self.runtime.clone(),
            derives: self.derives.clone(),
            validators: self.validators,
            client: self.client.clone(),
            mock: self.mock.clone(),
            formats: self.formats,
            analysis: analysis::Analysis::new(api, self.formats),
        }
    }
}

impl<'a> Cx<'a> {
    /// The named type, by schema name.
    pub(crate) fn ty(&self, name: &str) -> Option<&'a TypeIr> {
        self.analysis.ty(name)
    }
}
