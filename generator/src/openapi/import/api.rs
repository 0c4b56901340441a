//! The run: the `api:` section (name, title, version, servers, auth, common headers, content
//! types), then components, operations and the post-passes, and the YAML text.

use super::helpers::module_name;
use super::names::{Names, camel_words};
use super::writer::Mapping;
use super::{ImportOptions, Importer};
use crate::openapi::doc::{self, Doc, escape_token, join};
use crate::openapi::ext;
use crate::schema::keys;

impl<'a> Importer<'a> {
    pub(super) fn run(&mut self, opts: &ImportOptions) -> (String, String) {
        let root = self.root;
        let api_name = self.api_name(opts);
        let (auth_doc, auth_names) = self.auth();
        let mut api = Mapping::new(&[keys::API_KEYS]);
        api.put("name", Doc::String(api_name.clone()));
        let info = root.get("info");
        if info.is_none() {
            self.warn(
                "missing-info",
                "",
                "the document has no `info`; the title and version are made up",
            );
        }
        let title = info
            .and_then(|i| i.get("title"))
            .and_then(Doc::as_str)
            .filter(|t| !t.trim().is_empty())
            .unwrap_or("API");
        let version = match info.and_then(|i| i.get("version")) {
            Some(Doc::String(v)) => v.clone(),
            Some(Doc::Number(n)) => n.to_string(),
            _ => "0".to_string(),
        };
        api.put("title", Doc::String(title.to_string()));
        api.put("version", Doc::String(version));
        if let Some(d) = info
            .and_then(|i| i.get("description"))
            .and_then(Doc::as_str)
        {
            if !d.trim().is_empty() {
                api.put("description", Doc::String(d.to_string()));
            }
        }
        let servers = self.servers();
        if !servers.is_empty() {
            api.put("servers", Doc::Array(servers));
        }
        if !auth_doc.is_empty() {
            api.put("auth", Doc::Object(auth_doc));
        }
        // Components first (so references resolve, including recursive ones), then the rest.
        let order = self.register_components();
        let headers = self.api_headers();
        let api_header_names: Vec<String> = headers.iter().map(|(n, _, _)| n.clone()).collect();
        if !headers.is_empty() {
            api.put(
                "headers",
                Doc::Object(
                    headers
                        .iter()
                        .map(|(n, _, d)| (n.clone(), d.clone()))
                        .collect(),
                ),
            );
        }
        let content_types: Vec<String> = info
            .and_then(|i| i.get(ext::CONTENT_TYPES))
            .and_then(Doc::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Doc::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .filter(|v: &Vec<String>| !v.is_empty())
            .unwrap_or_else(|| vec!["application/json".to_string()]);
        if content_types != ["application/json"] {
            api.put(
                "content_types",
                Doc::Array(content_types.iter().cloned().map(Doc::String).collect()),
            );
        }
        for (key, idx) in order {
            self.component(idx, &key);
        }
        let ops = self.operations(
            &auth_names,
            &content_types,
            &api_header_names,
            headers
                .iter()
                .map(|(n, r, _)| (n.clone(), r.clone()))
                .collect(),
        );
        self.finish_unions();
        self.check_defaults();
        self.check_rules();
        let mut top = Mapping::new(&[keys::TOP_KEYS]);
        top.put("api", api.into_doc());
        let types = self.types_doc();
        if !types.is_empty() {
            top.put("types", Doc::Object(types));
        }
        if !ops.is_empty() {
            top.put("operations", Doc::Object(ops));
        }
        let source = opts
            .source
            .as_deref()
            .map_or(String::new(), |s| format!(" from {s}"));
        let mut text = format!(
            "# Imported{source} by `schemagen import-openapi`. Review it, then edit it as the source of truth.\n"
        );
        text.push_str(&doc::to_yaml(&top.into_doc()));
        (text, api_name)
    }

    pub(super) fn api_name(&mut self, opts: &ImportOptions) -> String {
        let from_doc = self
            .root
            .get("info")
            .and_then(|i| i.get(ext::NAME))
            .and_then(Doc::as_str)
            .map(str::to_string);
        let title = self
            .root
            .get("info")
            .and_then(|i| i.get("title"))
            .and_then(Doc::as_str)
            .map(str::to_string);
        let candidates = [
            opts.name.clone(),
            from_doc,
            opts.fallback_name.clone(),
            title,
        ];
        for candidate in candidates.into_iter().flatten() {
            if let Some(n) = module_name(&candidate) {
                return n;
            }
        }
        "api".to_string()
    }

    /// Component parameters marked as API-wide headers: (name, component ref, entry).
    pub(super) fn api_headers(&mut self) -> Vec<(String, String, Doc)> {
        let root = self.root;
        let mut out = Vec::new();
        let Some(params) = root
            .get("components")
            .and_then(|c| c.get("parameters"))
            .and_then(Doc::as_object)
        else {
            return out;
        };
        let mut names = Names::new(false, "header", &[]);
        for (key, p) in params {
            if p.get(ext::API_HEADER).and_then(Doc::as_bool) != Some(true) {
                continue;
            }
            let ptr = join("/components/parameters", key);
            if p.get("in").and_then(Doc::as_str) != Some("header") {
                continue;
            }
            let Some(name) = p.get("name").and_then(Doc::as_str) else {
                continue;
            };
            let hint = format!("{}Header", camel_words(name));
            let Some((entry, _)) = self.param_entry(p, &ptr, &hint, false, &mut names) else {
                continue;
            };
            out.push((
                name.to_string(),
                format!("#/components/parameters/{}", escape_token(key)),
                entry,
            ));
        }
        out
    }
}
