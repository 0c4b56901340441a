//! Operations: the paths and methods, operation names (an `operationId`, else one derived from
//! the method and path), auth requirements and parameters.

use super::Importer;
use super::helpers::{derive_operation_name, first_sentence, template_names};
use super::model::Expr;
use super::names::{Names, camel_words};
use super::writer::Mapping;
use crate::ident;
use crate::openapi::doc::{Doc, join};
use crate::openapi::ext;
use crate::schema::keys;
use std::collections::{HashMap, HashSet};

impl<'a> Importer<'a> {
    pub(super) fn operations(
        &mut self,
        auth_names: &HashMap<String, String>,
        api_ct: &[String],
        api_headers: &[String],
        header_refs: Vec<(String, String)>,
    ) -> Vec<(String, Doc)> {
        let root = self.root;
        let mut out: Vec<(String, Doc)> = Vec::new();
        let Some(paths) = root.get("paths") else {
            return out;
        };
        let Some(paths) = paths.as_object() else {
            self.warn("wrong-type", "/paths", "`paths` must be an object; ignored");
            return out;
        };
        let global_security = root.get("security");
        if root
            .get("webhooks")
            .and_then(Doc::as_object)
            .is_some_and(|w| !w.is_empty())
        {
            self.warn(
                "unsupported-keyword",
                "/webhooks",
                "webhooks are not imported",
            );
        }
        let any_security = global_security.is_some()
            || paths.iter().any(|(_, item)| {
                item.as_object()
                    .is_some_and(|ops| ops.iter().any(|(_, op)| op.get("security").is_some()))
            });
        if !any_security && !auth_names.is_empty() {
            self.warn(
                "no-security",
                "/components/securitySchemes",
                "auth schemes are declared but no operation requires one; every operation accepts every scheme",
            );
        }
        // Collect the operations first, so that explicit operationIds are claimed before any
        // name is derived from a method and path.
        struct Found<'d> {
            path: &'d str,
            method: &'d str,
            op: &'d Doc,
            shared: Option<&'d Doc>,
            ptr: String,
        }
        let mut found: Vec<Found<'a>> = Vec::new();
        for (path, item) in paths {
            let iptr = join("/paths", path);
            if path.starts_with("x-") {
                continue;
            }
            if !path.starts_with('/') {
                self.warn(
                    "invalid-path",
                    &iptr,
                    format!("path `{path}` does not start with `/`; ignored"),
                );
                continue;
            }
            let Some((item, iptr)) = self.resolve_local(item, &iptr) else {
                continue;
            };
            let Some(entries) = item.as_object() else {
                self.warn(
                    "wrong-type",
                    &iptr,
                    "a path item must be an object; ignored",
                );
                continue;
            };
            let shared = item.get("parameters");
            for (method, op) in entries {
                let optr = join(&iptr, method);
                match method.as_str() {
                    "get" | "put" | "post" | "delete" | "patch" => {}
                    "head" | "options" | "trace" => {
                        self.warn(
                            "unsupported-method",
                            &optr,
                            format!(
                                "{} operations are not supported; ignored",
                                method.to_ascii_uppercase()
                            ),
                        );
                        continue;
                    }
                    "servers" => {
                        self.warn(
                            "unsupported-keyword",
                            &optr,
                            "servers of one path are not supported; the API's servers are used",
                        );
                        continue;
                    }
                    "parameters" | "summary" | "description" | "$ref" => continue,
                    m if m.starts_with("x-") => continue,
                    other => {
                        self.warn(
                            "unknown-key",
                            &optr,
                            format!("`{other}` is not an HTTP method; ignored"),
                        );
                        continue;
                    }
                }
                if op.as_object().is_none() {
                    self.warn(
                        "wrong-type",
                        &optr,
                        "an operation must be an object; ignored",
                    );
                    continue;
                }
                found.push(Found {
                    path,
                    method,
                    op,
                    shared,
                    ptr: optr,
                });
            }
        }
        let listed: Vec<(&str, &str, Option<&str>)> = found
            .iter()
            .map(|f| {
                let id = f.op.get("operationId").and_then(Doc::as_str);
                (f.method, f.path, id)
            })
            .collect();
        let names = operation_names(&listed);
        for (f, OperationName { name: key, derived }) in found.iter().zip(names) {
            if derived {
                if let Some(id) = f.op.get("operationId").and_then(Doc::as_str) {
                    self.warn(
                        "renamed",
                        &join(&f.ptr, "operationId"),
                        renamed_message(id, &key),
                    );
                }
            }
            let upper = f.method.to_ascii_uppercase();
            let entry = self.operation(
                &key,
                &upper,
                f.path,
                f.op,
                f.shared,
                &f.ptr,
                auth_names,
                global_security,
                any_security,
                api_ct,
                api_headers,
                &header_refs,
            );
            out.push((key, entry));
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation(
        &mut self,
        key: &str,
        method: &str,
        path: &str,
        op: &Doc,
        shared: Option<&Doc>,
        optr: &str,
        auth_names: &HashMap<String, String>,
        global_security: Option<&Doc>,
        any_security: bool,
        api_ct: &[String],
        api_headers: &[String],
        header_refs: &[(String, String)],
    ) -> Doc {
        let op_camel = camel_words(key);
        let mut entry = Mapping::new(&[keys::OPERATION_KEYS]);
        let description = op
            .get("description")
            .and_then(Doc::as_str)
            .filter(|d| !d.trim().is_empty());
        let summary = op
            .get("summary")
            .and_then(Doc::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .or_else(|| description.map(first_sentence))
            .unwrap_or_else(|| format!("{method} {path}"));
        entry.put("summary", Doc::String(summary));
        if let Some(d) = description {
            entry.put("description", Doc::String(d.to_string()));
        }
        entry.put("method", Doc::String(method.to_string()));
        entry.put("path", Doc::String(path.to_string()));
        // Auth: the operation's requirement, else the document's; no requirement anywhere
        // means every scheme (the schema language's default).
        let security = op.get("security").or(global_security);
        if any_security {
            let sptr = if op.get("security").is_some() {
                join(optr, "security")
            } else {
                "/security".to_string()
            };
            let mut list: Vec<String> = Vec::new();
            match security {
                None => {}
                Some(Doc::Array(reqs)) => {
                    for (i, r) in reqs.iter().enumerate() {
                        let Some(names) = r.as_object() else { continue };
                        if names.len() > 1 {
                            self.warn("unsupported-auth", &format!("{sptr}/{i}"), "a requirement of several schemes at once is imported as any one of them");
                        }
                        for (n, _) in names {
                            match auth_names.get(n) {
                                Some(m) if !list.contains(m) => list.push(m.clone()),
                                Some(_) => {}
                                None => {
                                    if self
                                        .root
                                        .get("components")
                                        .and_then(|c| c.get("securitySchemes"))
                                        .and_then(|s| s.get(n))
                                        .is_none()
                                    {
                                        self.warn(
                                            "unknown-auth",
                                            &format!("{sptr}/{i}"),
                                            format!(
                                                "security scheme `{n}` is not declared; ignored"
                                            ),
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
                Some(other) => self.warn(
                    "wrong-type",
                    &sptr,
                    format!("`security` must be an array, found {}", other.kind_name()),
                ),
            }
            entry.put(
                "auth",
                Doc::Array(list.into_iter().map(Doc::String).collect()),
            );
        }
        if op.get("deprecated").and_then(Doc::as_bool) == Some(true) {
            entry.put("deprecated", Doc::Bool(true));
        }
        if let Some(idempotent) = op.get(ext::IDEMPOTENT).and_then(Doc::as_bool) {
            entry.put("idempotent", Doc::Bool(idempotent));
        }
        if op.get("servers").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(optr, "servers"),
                "servers of one operation are not supported; the API's servers are used",
            );
        }
        if op.get("callbacks").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(optr, "callbacks"),
                "callbacks are not supported; ignored",
            );
        }
        // Parameters: the path item's, overridden by the operation's (by name and location).
        let mut raw: Vec<(String, &Doc)> = Vec::new();
        for (base, list) in [(None, shared), (Some(optr), op.get("parameters"))] {
            let Some(list) = list else { continue };
            let lptr = match base {
                Some(b) => join(b, "parameters"),
                None => join(optr.rsplit_once('/').map_or(optr, |x| x.0), "parameters"),
            };
            let Some(items) = list.as_array() else {
                self.warn(
                    "wrong-type",
                    &lptr,
                    "`parameters` must be an array; ignored",
                );
                continue;
            };
            for (i, p) in items.iter().enumerate() {
                let pptr = format!("{lptr}/{i}");
                if let Some(r) = p.get("$ref").and_then(Doc::as_str) {
                    if header_refs.iter().any(|(_, hr)| hr == r) {
                        continue;
                    }
                }
                let Some((resolved, pptr)) = self.resolve_local(p, &pptr) else {
                    continue;
                };
                let (Some(name), Some(loc)) = (
                    resolved.get("name").and_then(Doc::as_str),
                    resolved.get("in").and_then(Doc::as_str),
                ) else {
                    self.warn(
                        "wrong-type",
                        &pptr,
                        "a parameter needs `name` and `in`; ignored",
                    );
                    continue;
                };
                raw.retain(|(_, q)| {
                    !(q.get("name").and_then(Doc::as_str) == Some(name)
                        && q.get("in").and_then(Doc::as_str) == Some(loc))
                });
                raw.push((pptr, resolved));
            }
        }
        let template = template_names(path);
        let mut params: Vec<(String, Doc)> = Vec::new();
        let mut names = Names::new(false, "param", &[]);
        for h in api_headers {
            names.claim(h, None);
        }
        for (pptr, p) in raw {
            let name = p
                .get("name")
                .and_then(Doc::as_str)
                .unwrap_or("")
                .to_string();
            let loc = p.get("in").and_then(Doc::as_str).unwrap_or("");
            match loc {
                l if keys::PARAM_LOCATIONS.contains(&l) => {}
                "cookie" => {
                    self.warn(
                        "unsupported-parameter",
                        &pptr,
                        format!("cookie parameter `{name}` is not supported; ignored"),
                    );
                    continue;
                }
                other => {
                    self.warn(
                        "wrong-type",
                        &pptr,
                        format!("parameter location `{other}` is not valid; ignored"),
                    );
                    continue;
                }
            }
            if loc == "header"
                && ["accept", "content-type", "authorization"]
                    .contains(&name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            if loc == "path" && !template.contains(&name) {
                self.warn(
                    "unused-path-parameter",
                    &pptr,
                    format!("path parameter `{name}` is not in the path `{path}`; ignored"),
                );
                continue;
            }
            if params.iter().any(|(n, _)| *n == name) || api_headers.contains(&name) {
                self.warn("duplicate-parameter", &pptr, format!("a second parameter named `{name}` (in another location) cannot be expressed; ignored"));
                continue;
            }
            let hint = format!("{op_camel}{}", camel_words(&name));
            let Some((mut body, _)) = self.param_entry(p, &pptr, &hint, true, &mut names) else {
                continue;
            };
            if let Doc::Object(e) = &mut body {
                if loc == "path" {
                    e.retain(|(k, _)| k != "required");
                }
            }
            params.push((name, body));
        }
        for t in &template {
            if !params.iter().any(|(n, _)| n == t) {
                self.warn(
                    "undeclared-path-parameter",
                    optr,
                    format!("the path uses `{{{t}}}`, which is not declared; declared as a string"),
                );
                let (_, over) = names.claim(t, None);
                let mut e = Mapping::new(&[keys::PARAM_KEYS, keys::TYPE_ATTR_KEYS]);
                e.put("in", Doc::String("path".into()));
                e.expr(&Expr::of("string"));
                if let Some(o) = over {
                    e.put("rust_name", Doc::String(o));
                }
                params.push((t.clone(), e.into_doc()));
            }
        }
        if !params.is_empty() {
            entry.put("parameters", Doc::Object(params));
        }
        if let Some(rb) = op.get("requestBody") {
            let rptr = join(optr, "requestBody");
            if let Some((rb, rptr)) = self.resolve_local(rb, &rptr) {
                if let Some(req) = self.request(rb, &rptr, &op_camel, api_ct) {
                    entry.put("request", req);
                }
            }
        }
        let mut responses: Vec<(String, Doc)> = Vec::new();
        match op.get("responses") {
            Some(Doc::Object(rs)) => {
                let mut first_success = true;
                for (status, r) in rs {
                    let rptr = join(&join(optr, "responses"), status);
                    if status.starts_with("x-") {
                        continue;
                    }
                    let valid = status == "default"
                        || (status.len() == 3
                            && status
                                .parse::<u16>()
                                .is_ok_and(|c| (100..=599).contains(&c)));
                    if !valid {
                        self.warn("unsupported-status", &rptr, format!("status `{status}` is not supported (only three-digit codes and `default`); ignored"));
                        continue;
                    }
                    let Some((r, rptr)) = self.resolve_local(r, &rptr) else {
                        continue;
                    };
                    if r.get(ext::SYNTHETIC).and_then(Doc::as_bool) == Some(true) {
                        continue;
                    }
                    let hint = if status.starts_with('2') && first_success {
                        first_success = false;
                        format!("{op_camel}Response")
                    } else if status == "default" {
                        format!("{op_camel}DefaultResponse")
                    } else {
                        format!("{op_camel}Response{status}")
                    };
                    responses.push((
                        status.clone(),
                        self.response(r, &rptr, &hint, status, api_ct),
                    ));
                }
            }
            Some(other) => self.warn(
                "wrong-type",
                &join(optr, "responses"),
                format!("`responses` must be an object, found {}", other.kind_name()),
            ),
            None => self.warn(
                "missing-responses",
                optr,
                "the operation documents no responses",
            ),
        }
        entry.put("responses", Doc::Object(responses));
        entry.into_doc()
    }
}

/// The name the import gives an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OperationName {
    /// The operation's key under `operations:` (its `operationId`, or one derived from the
    /// method and path).
    pub(crate) name: String,
    /// The name is derived from the method and path: the operation has no usable
    /// `operationId` (none, empty, used before, or one whose Rust name is taken).
    pub(crate) derived: bool,
}

/// Names every operation of a document, given as (method, path, `operationId`) in document
/// order. An `operationId` names its operation when it gives a distinct method name; the
/// others are named after their method and path (`put_activity_call_by_id`), after every
/// usable `operationId` is claimed. The import and the subset selection (`openapi::subset`)
/// both name operations with this.
pub(crate) fn operation_names(ops: &[(&str, &str, Option<&str>)]) -> Vec<OperationName> {
    let mut op_names = Names::new(false, "operation", &[]);
    let mut keys: Vec<Option<String>> = Vec::with_capacity(ops.len());
    let mut taken: HashSet<String> = HashSet::new();
    for (_, _, id) in ops {
        // The operation's key: its operationId when that gives a distinct method name.
        let given = id.filter(|s| !s.is_empty());
        let key = given.filter(|id| {
            !taken.contains(*id) && ident::snake(id).is_some_and(|r| op_names.free(&r))
        });
        if let Some(id) = key {
            op_names.claim(id, None);
            taken.insert(id.to_string());
        }
        keys.push(key.map(str::to_string));
    }
    ops.iter()
        .zip(keys)
        .map(|((method, path, _), key)| match key {
            Some(name) => OperationName {
                name,
                derived: false,
            },
            None => {
                let derived = derive_operation_name(method, path);
                let (rust, _) = op_names.claim(&derived, None);
                let mut name = ident::unraw(&rust).to_string();
                while taken.contains(&name) {
                    let (rust, _) = op_names.claim(&name, None);
                    name = ident::unraw(&rust).to_string();
                }
                taken.insert(name.clone());
                OperationName {
                    name,
                    derived: true,
                }
            }
        })
        .collect()
}

/// The warning for an `operationId` that does not name its operation.
pub(crate) fn renamed_message(id: &str, name: &str) -> String {
    format!(
        "operationId `{id}` is used twice or has no Rust name; this operation is named `{name}`"
    )
}
