//! Subsets of a document: only the operations selected by `operationId` (or by the name the
//! import gives them) or by tag, and only the components they reach.
//!
//! A pre-pass over a bundled document, before the import ([`super::import::import_doc`] runs
//! it when [`super::ImportOptions`] selects operations or tags). It keeps:
//!
//! - the selected operations, each under its path item with the item's own keys (shared
//!   `parameters`, `summary`, …); other operations are dropped, and path items left without
//!   one are dropped;
//! - the `components` entries (of every section: schemas, parameters, responses,
//!   requestBodies, headers, securitySchemes, …) reachable through local `$ref`s (and
//!   discriminator mappings) from what is kept, transitively, plus the security schemes that
//!   the kept operations or the document require and the component parameters marked as
//!   API-wide headers ([`super::ext::API_HEADER`]);
//! - everything else as it is (`info`, `servers`, `security`, `tags`, extensions; `webhooks`,
//!   which the import does not read, is kept but reaches nothing).
//!
//! Operations keep the names the import gives them in the whole document: an operation whose
//! `operationId` is used twice (`update`) and is named after its method and path
//! (`put_activity_call_by_id`) gets that name as its `operationId` in the subset, with the same
//! `renamed` warning as a full import. A `$ref` into a part of the document that the subset
//! drops (`#/paths/~1other/get/...`) is replaced by a copy of its target.

use super::doc::{Doc, join, normalize_pointer, unescape_token};
use super::ext;
use super::import::{operation_names, renamed_message};
use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use std::collections::{HashMap, HashSet};

/// The methods the import reads (others are operations too, but never selected).
const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];
/// Every key of a path item that is an operation.
const ALL_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];
/// How many `$ref`s in a row are followed (or copies nested) before giving up.
const MAX_HOPS: usize = 16;

/// A document cut down to the selected operations.
#[derive(Debug, Clone)]
pub struct Subset {
    /// The document.
    pub doc: Doc,
    /// The number of operations kept.
    pub operations: usize,
    /// Warnings (located in the original document) the import of the subset would otherwise
    /// not give: `renamed` for kept operations named after their method and path.
    pub warnings: Vec<Diagnostic>,
}

/// One operation the import reads.
struct Op<'d> {
    /// Index of its entry under `paths`.
    entry: usize,
    method: &'d str,
    op: &'d Doc,
    /// Its pointer, as the import reports it (through a referenced path item).
    ptr: String,
    id: Option<&'d str>,
    name: String,
    derived: bool,
}

/// Follows local `$ref`s from `d` (at `ptr`): the object reached and its pointer, or `None`
/// when a reference does not resolve locally or the chain does not end.
fn resolve<'d>(root: &'d Doc, d: &'d Doc, ptr: &str) -> Option<(&'d Doc, String)> {
    let mut here = d;
    let mut at = ptr.to_string();
    for _ in 0..MAX_HOPS {
        let Some(r) = here.get("$ref") else {
            return Some((here, at));
        };
        let p = r.as_str()?.strip_prefix('#')?;
        here = root.pointer(p)?;
        at = normalize_pointer(p);
    }
    None
}

/// The operations the import reads, in its order, with the names it gives them.
fn operations(root: &Doc) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    let Some(paths) = root.get("paths").and_then(Doc::as_object) else {
        return out;
    };
    for (entry, (path, item)) in paths.iter().enumerate() {
        if path.starts_with("x-") || !path.starts_with('/') {
            continue;
        }
        let Some((item, iptr)) = resolve(root, item, &join("/paths", path)) else {
            continue;
        };
        let Some(methods) = item.as_object() else {
            continue;
        };
        for (method, op) in methods {
            if !METHODS.contains(&method.as_str()) || op.as_object().is_none() {
                continue;
            }
            out.push(Op {
                entry,
                method,
                op,
                ptr: join(&iptr, method),
                id: op.get("operationId").and_then(Doc::as_str),
                name: String::new(),
                derived: false,
            });
        }
    }
    let listed: Vec<(&str, &str, Option<&str>)> = out
        .iter()
        .map(|o| (o.method, paths[o.entry].0.as_str(), o.id))
        .collect();
    for (o, n) in out.iter_mut().zip(operation_names(&listed)) {
        o.name = n.name;
        o.derived = n.derived;
    }
    out
}

fn tags_of(op: &Doc) -> impl Iterator<Item = &str> {
    op.get("tags")
        .and_then(Doc::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Doc::as_str)
}

fn error(code: &'static str, message: String, hint: String) -> Diagnostic {
    Diagnostic::at_pointer(Severity::Error, code, "", "/paths", message).with_hint(hint)
}

/// The document with only the operations named in `operations` (an `operationId`, selecting
/// every operation that has it, or the name the import gives an operation) or tagged with one
/// of `tags`, and what they reach. `Err` lists every id and tag that selects nothing.
pub fn subset(
    root: &Doc,
    operations_wanted: &[String],
    tags: &[String],
) -> Result<Subset, Vec<Diagnostic>> {
    let ops = operations(root);
    let mut keep = vec![false; ops.len()];
    let mut errors = Vec::new();
    for wanted in operations_wanted {
        let mut any = false;
        for (o, k) in ops.iter().zip(keep.iter_mut()) {
            if o.id == Some(wanted.as_str()) || o.name == *wanted {
                *k = true;
                any = true;
            }
        }
        if !any {
            let mut known: Vec<&str> = Vec::new();
            for o in &ops {
                for c in o.id.into_iter().chain([o.name.as_str()]) {
                    if !known.contains(&c) {
                        known.push(c);
                    }
                }
            }
            let how = "operations are selected by `operationId` or by the name the import gives \
                       them (one named after the method and path, like `get_pets_by_id`, when the \
                       operationId is missing or used twice)";
            let hint = match did_you_mean(wanted, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("{how}; the document has {} operation(s)", ops.len()),
            };
            errors.push(error(
                "unknown-operation",
                format!("no operation has the operationId or name `{wanted}`"),
                hint,
            ));
        }
    }
    for wanted in tags {
        let mut any = false;
        for (o, k) in ops.iter().zip(keep.iter_mut()) {
            if tags_of(o.op).any(|t| t == wanted) {
                *k = true;
                any = true;
            }
        }
        if !any {
            let mut known: Vec<&str> = Vec::new();
            for t in ops.iter().flat_map(|o| tags_of(o.op)) {
                if !known.contains(&t) {
                    known.push(t);
                }
            }
            let hint = match did_you_mean(wanted, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if known.is_empty() => "no operation of the document has a tag".to_string(),
                None if known.len() <= 12 => format!("the tags used: {}", known.join(", ")),
                None => format!("the operations use {} tags", known.len()),
            };
            errors.push(error(
                "unknown-tag",
                format!("no operation has the tag `{wanted}`"),
                hint,
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let kept: Vec<&Op> = ops
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|x| x.0)
        .collect();
    let mut warnings = Vec::new();
    for o in &kept {
        if let (true, Some(id)) = (o.derived, o.id) {
            warnings.push(Diagnostic::at_pointer(
                Severity::Warning,
                "renamed",
                "",
                &join(&o.ptr, "operationId"),
                renamed_message(id, &o.name),
            ));
        }
    }

    // The document without components, with only the kept operations.
    let mut doc: Vec<(String, Doc)> = Vec::new();
    for (key, value) in root.as_object().unwrap_or(&[]) {
        match key.as_str() {
            "paths" => doc.push((key.clone(), kept_paths(root, value, &kept))),
            // Filled in below.
            "components" => doc.push((key.clone(), Doc::Null)),
            _ => doc.push((key.clone(), value.clone())),
        }
    }

    // What is reachable from it.
    let mut reach = Reach::new(root);
    for (key, value) in &doc {
        if key != "webhooks" && key != "components" {
            reach.visit(value);
        }
    }
    let components = root.get("components");
    let section = |name: &str| {
        components
            .and_then(|c| c.get(name))
            .and_then(Doc::as_object)
    };
    if let Some(params) = section("parameters") {
        for (name, p) in params {
            if p.get(ext::API_HEADER).and_then(Doc::as_bool) == Some(true) {
                reach.mark("parameters", name);
            }
        }
    }
    let required = |d: &Doc| -> Vec<String> {
        let reqs = d.get("security").and_then(Doc::as_array).unwrap_or(&[]);
        reqs.iter()
            .filter_map(Doc::as_object)
            .flat_map(|r| r.iter().map(|(n, _)| n.clone()))
            .collect()
    };
    let any_security =
        root.get("security").is_some() || ops.iter().any(|o| o.op.get("security").is_some());
    if let Some(schemes) = section("securitySchemes") {
        if any_security {
            let mut names = required(root);
            for o in &kept {
                names.extend(required(o.op));
            }
            for n in names {
                reach.mark("securitySchemes", &n);
            }
        } else {
            // No requirement anywhere: every operation accepts every scheme.
            for (n, _) in schemes {
                reach.mark("securitySchemes", n);
            }
        }
    }
    reach.run();

    // The components reached, in document order.
    if let Some(components) = components {
        let kept_components = match components.as_object() {
            Some(sections) => Doc::Object(
                sections
                    .iter()
                    .filter_map(|(name, entries)| match entries.as_object() {
                        Some(entries) if !name.starts_with("x-") => {
                            let entries: Vec<(String, Doc)> = entries
                                .iter()
                                .filter(|(k, _)| reach.kept.contains(&(name.clone(), k.clone())))
                                .cloned()
                                .collect();
                            (!entries.is_empty()).then(|| (name.clone(), Doc::Object(entries)))
                        }
                        _ => Some((name.clone(), entries.clone())),
                    })
                    .collect(),
            ),
            None => components.clone(),
        };
        for (key, value) in doc.iter_mut() {
            if key == "components" {
                *value = kept_components.clone();
            }
        }
    }
    let mut doc = Doc::Object(doc);

    // References into parts the subset dropped become copies of their targets.
    let copies: HashMap<String, &Doc> = reach
        .elsewhere
        .iter()
        .filter_map(|r| {
            let p = r.strip_prefix('#')?;
            let target = root.pointer(p)?;
            (doc.pointer(p) != Some(target)).then(|| (r.clone(), target))
        })
        .collect();
    if !copies.is_empty() {
        inline(&mut doc, &copies, 0);
    }
    Ok(Subset {
        doc,
        operations: kept.len(),
        warnings,
    })
}

/// `paths` with only the kept operations; a kept operation named after its method and path gets
/// that name as its `operationId`.
fn kept_paths(root: &Doc, paths: &Doc, kept: &[&Op]) -> Doc {
    let Some(entries) = paths.as_object() else {
        return paths.clone();
    };
    let mut out = Vec::new();
    for (i, (path, item)) in entries.iter().enumerate() {
        if path.starts_with("x-") {
            out.push((path.clone(), item.clone()));
            continue;
        }
        let here: Vec<&&Op> = kept.iter().filter(|o| o.entry == i).collect();
        if here.is_empty() {
            continue;
        }
        // `operations` resolved this item, so it resolves.
        let Some((item, _)) = resolve(root, item, "") else {
            continue;
        };
        let mut new_item = Vec::new();
        for (key, value) in item.as_object().unwrap_or(&[]) {
            if !ALL_METHODS.contains(&key.as_str()) {
                new_item.push((key.clone(), value.clone()));
                continue;
            }
            let Some(o) = here.iter().find(|o| o.method == key) else {
                continue;
            };
            let mut op = value.clone();
            if o.id != Some(o.name.as_str()) {
                if let Doc::Object(fields) = &mut op {
                    let id = Doc::String(o.name.clone());
                    match fields.iter_mut().rev().find(|(k, _)| k == "operationId") {
                        Some(field) => field.1 = id,
                        None => fields.insert(0, ("operationId".into(), id)),
                    }
                }
            }
            new_item.push((key.clone(), op));
        }
        out.push((path.clone(), Doc::Object(new_item)));
    }
    Doc::Object(out)
}

/// The walk over references.
struct Reach<'d> {
    root: &'d Doc,
    /// (section, name) of every component reached.
    kept: HashSet<(String, String)>,
    queue: Vec<(String, String)>,
    /// Local references outside `components` (as written), whose targets were walked.
    elsewhere: HashSet<String>,
}

impl<'d> Reach<'d> {
    fn new(root: &'d Doc) -> Self {
        Reach {
            root,
            kept: HashSet::new(),
            queue: Vec::new(),
            elsewhere: HashSet::new(),
        }
    }

    fn mark(&mut self, section: &str, name: &str) {
        let key = (section.to_string(), name.to_string());
        if self.kept.insert(key.clone()) {
            self.queue.push(key);
        }
    }

    /// Walks the components reached until no new one is.
    fn run(&mut self) {
        while let Some((section, name)) = self.queue.pop() {
            let found = self
                .root
                .get("components")
                .and_then(|c| c.get(&section))
                .and_then(|s| s.get(&name));
            if let Some(d) = found {
                self.visit(d);
            }
        }
    }

    /// Records every reference in `d`.
    fn visit(&mut self, d: &Doc) {
        match d {
            Doc::Object(entries) => {
                for (k, v) in entries {
                    match (k.as_str(), v) {
                        ("$ref", Doc::String(r)) => self.reference(r),
                        ("discriminator", _) => {
                            let mapping = v.get("mapping").and_then(Doc::as_object);
                            for (_, target) in mapping.unwrap_or(&[]) {
                                match target.as_str() {
                                    Some(r) if r.starts_with('#') => self.reference(r),
                                    Some(name) if !name.contains('/') => self.mark("schemas", name),
                                    _ => {}
                                }
                            }
                        }
                        (ext::VARIANT_OF, Doc::String(name)) => self.mark("schemas", name),
                        _ => {}
                    }
                    self.visit(v);
                }
            }
            Doc::Array(items) => items.iter().for_each(|i| self.visit(i)),
            _ => {}
        }
    }

    fn reference(&mut self, r: &str) {
        let Some(p) = r.strip_prefix('#') else {
            return; // external: left as it is
        };
        if let Some(rest) = p.strip_prefix("/components/") {
            let mut tokens = rest.split('/');
            if let (Some(section), Some(name)) = (tokens.next(), tokens.next()) {
                self.mark(&unescape_token(section), &unescape_token(name));
            }
        } else if !p.is_empty() && self.elsewhere.insert(r.to_string()) {
            if let Some(target) = self.root.pointer(p) {
                self.visit(target);
            }
        }
    }
}

/// Replaces every `{"$ref": R}` with a copy of its target when R is in `copies`, and within the
/// copies too, at most [`MAX_HOPS`] copies deep (a cycle through dropped parts stays a
/// reference, which the import reports).
fn inline(d: &mut Doc, copies: &HashMap<String, &Doc>, depth: usize) {
    if depth >= MAX_HOPS {
        return;
    }
    let target = d
        .get("$ref")
        .and_then(Doc::as_str)
        .and_then(|r| copies.get(r));
    if let Some(target) = target {
        *d = (*target).clone();
        inline(d, copies, depth + 1);
        return;
    }
    match d {
        Doc::Object(entries) => entries
            .iter_mut()
            .for_each(|(_, v)| inline(v, copies, depth)),
        Doc::Array(items) => items.iter_mut().for_each(|v| inline(v, copies, depth)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::doc::parse_yaml;

    fn doc(yaml: &str) -> Doc {
        parse_yaml(yaml).expect("test document parses")
    }

    fn keys(d: &Doc, pointer: &str) -> Vec<String> {
        d.pointer(pointer)
            .and_then(Doc::as_object)
            .unwrap_or(&[])
            .iter()
            .map(|(k, _)| k.clone())
            .collect()
    }

    fn ok(d: &Doc, ops: &[&str], tags: &[&str]) -> Subset {
        let ops: Vec<String> = ops.iter().map(|s| s.to_string()).collect();
        let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
        subset(d, &ops, &tags).unwrap_or_else(|e| panic!("subset fails: {e:?}"))
    }

    const NESTED: &str = r##"
openapi: 3.0.3
info: { title: T, version: "1" }
servers: [{ url: "https://example.com" }]
paths:
  /a/{id}:
    parameters: [{ $ref: "#/components/parameters/Id" }]
    get:
      operationId: getA
      tags: [a]
      responses:
        "200": { $ref: "#/components/responses/AResponse" }
    delete:
      operationId: deleteA
      tags: [a, admin]
      responses: { "204": { description: gone } }
  /b:
    post:
      operationId: postB
      tags: [b]
      requestBody: { $ref: "#/components/requestBodies/BBody" }
      responses: { "200": { description: ok, headers: { X-Rate: { $ref: "#/components/headers/Rate" } } } }
components:
  parameters:
    Id: { name: id, in: path, required: true, schema: { $ref: "#/components/schemas/IdType" } }
    Unused: { name: q, in: query, schema: { type: string } }
  responses:
    AResponse:
      description: an A
      content: { application/json: { schema: { $ref: "#/components/schemas/A" } } }
  requestBodies:
    BBody: { content: { application/json: { schema: { $ref: "#/components/schemas/B" } } } }
  headers:
    Rate: { schema: { type: integer } }
  schemas:
    IdType: { type: string }
    A:
      type: object
      properties:
        inner: { $ref: "#/components/schemas/Inner" }
        list: { type: array, items: { $ref: "#/components/schemas/Item" } }
    Inner:
      type: object
      properties: { deep: { allOf: [{ $ref: "#/components/schemas/Deep" }] } }
    Deep: { type: object, additionalProperties: { $ref: "#/components/schemas/Leaf" } }
    Leaf: { type: string }
    Item: { oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }], discriminator: { propertyName: kind, mapping: { cat: "#/components/schemas/Cat", dog: Dog, bird: Bird } } }
    Cat: { type: object, properties: { kind: { type: string } } }
    Dog: { type: object, properties: { kind: { type: string } } }
    Bird: { type: object, properties: { kind: { type: string } } }
    B: { type: object, properties: { name: { type: string } } }
    Unrelated: { type: object, properties: { b: { $ref: "#/components/schemas/B" } } }
"##;

    #[test]
    fn components_are_kept_when_reached_through_nested_references() {
        let d = doc(NESTED);
        let s = ok(&d, &["getA"], &[]);
        assert_eq!(s.operations, 1);
        assert_eq!(keys(&s.doc, "/paths"), ["/a/{id}"]);
        // The path item keeps its shared parameters, not the other operation.
        assert_eq!(keys(&s.doc, "/paths/~1a~1{id}"), ["parameters", "get"]);
        assert_eq!(
            keys(&s.doc, "/components/schemas"),
            [
                "IdType", "A", "Inner", "Deep", "Leaf", "Item", "Cat", "Dog", "Bird"
            ]
        );
        assert_eq!(keys(&s.doc, "/components/parameters"), ["Id"]);
        assert_eq!(keys(&s.doc, "/components/responses"), ["AResponse"]);
        assert!(s.doc.pointer("/components/requestBodies").is_none());
        assert!(s.doc.pointer("/components/headers").is_none());
        // What is not a component or a path stays.
        assert_eq!(s.doc.get("info"), d.get("info"));
        assert_eq!(s.doc.get("servers"), d.get("servers"));
        assert!(s.warnings.is_empty());
        // Component order and the document's top-level order are the document's.
        assert_eq!(keys(&s.doc, ""), keys(&d, ""));
    }

    #[test]
    fn request_bodies_and_headers_are_reached_and_path_items_left_empty_are_dropped() {
        let d = doc(NESTED);
        let s = ok(&d, &["postB"], &[]);
        assert_eq!(keys(&s.doc, "/paths"), ["/b"]);
        assert_eq!(keys(&s.doc, "/components/schemas"), ["B"]);
        assert_eq!(keys(&s.doc, "/components/requestBodies"), ["BBody"]);
        assert_eq!(keys(&s.doc, "/components/headers"), ["Rate"]);
        assert!(s.doc.pointer("/components/parameters").is_none());
    }

    #[test]
    fn a_tag_selects_all_its_operations_and_ids_add_to_it() {
        let d = doc(NESTED);
        let s = ok(&d, &[], &["a"]);
        assert_eq!(
            keys(&s.doc, "/paths/~1a~1{id}"),
            ["parameters", "get", "delete"]
        );
        assert_eq!(s.operations, 2);
        let s = ok(&d, &["postB"], &["admin"]);
        assert_eq!(keys(&s.doc, "/paths"), ["/a/{id}", "/b"]);
        assert_eq!(keys(&s.doc, "/paths/~1a~1{id}"), ["parameters", "delete"]);
        assert_eq!(s.operations, 2);
    }

    #[test]
    fn reference_cycles_terminate() {
        let d = doc(r##"
openapi: 3.1.0
info: { title: T, version: "1" }
paths:
  /tree:
    get:
      operationId: tree
      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Node" } } } } }
  /other:
    get:
      operationId: other
      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Other" } } } } }
components:
  schemas:
    Node: { type: object, properties: { children: { type: array, items: { $ref: "#/components/schemas/Node" } }, owner: { $ref: "#/components/schemas/Owner" } } }
    Owner: { type: object, properties: { root: { $ref: "#/components/schemas/Node" }, self: { $ref: "#/components/schemas/Owner" } } }
    Other: { type: object, properties: { node: { $ref: "#/components/schemas/Node" } } }
"##);
        let s = ok(&d, &["tree"], &[]);
        assert_eq!(keys(&s.doc, "/components/schemas"), ["Node", "Owner"]);
        let s = ok(&d, &["other"], &[]);
        assert_eq!(
            keys(&s.doc, "/components/schemas"),
            ["Node", "Owner", "Other"]
        );
    }

    const SECURED: &str = r##"
openapi: 3.0.3
info: { title: T, version: "1" }
security: [{ key: [] }]
paths:
  /open:
    get: { operationId: open, security: [], responses: { "200": { description: ok } } }
  /admin:
    get: { operationId: admin, security: [{ oauth: [read] }, { basic: [], key: [] }], responses: { "200": { description: ok } } }
  /plain:
    get: { operationId: plain, responses: { "200": { description: ok } } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
    basic: { type: http, scheme: basic }
    oauth: { $ref: "#/components/securitySchemes/oauthReal" }
    oauthReal: { type: oauth2, flows: {} }
    unused: { type: http, scheme: bearer }
"##;

    #[test]
    fn security_schemes_required_by_kept_operations_or_globally_are_kept() {
        let d = doc(SECURED);
        assert_eq!(s_schemes(&d, &["plain"]), ["key"]);
        assert_eq!(s_schemes(&d, &["open"]), ["key"]);
        assert_eq!(
            s_schemes(&d, &["admin"]),
            ["key", "basic", "oauth", "oauthReal"]
        );
        assert_eq!(
            ok(&d, &["plain"], &[]).doc.get("security"),
            d.get("security")
        );
    }

    fn s_schemes(d: &Doc, ops: &[&str]) -> Vec<String> {
        keys(&ok(d, ops, &[]).doc, "/components/securitySchemes")
    }

    #[test]
    fn without_any_requirement_every_scheme_is_kept() {
        // No requirement anywhere means every operation accepts every scheme.
        let d = doc(r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /x: { get: { operationId: x, responses: { "200": { description: ok } } } }
components:
  securitySchemes:
    basic: { type: http, scheme: basic }
    bearer: { type: http, scheme: bearer }
"##);
        assert_eq!(s_schemes(&d, &["x"]), ["basic", "bearer"]);
        // Without one in the kept operations (though others have one), none is.
        let d = doc(r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /x: { get: { operationId: x, responses: { "200": { description: ok } } } }
  /y: { get: { operationId: y, security: [{ basic: [] }], responses: { "200": { description: ok } } } }
components:
  securitySchemes:
    basic: { type: http, scheme: basic }
"##);
        assert!(
            ok(&d, &["x"], &[])
                .doc
                .pointer("/components")
                .is_some_and(|c| c.get("securitySchemes").is_none())
        );
    }

    const DUPLICATES: &str = r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /call/{id}:
    get: { operationId: get, tags: [calls], responses: { "200": { description: ok } } }
    put: { operationId: update, tags: [calls], responses: { "200": { description: ok } } }
  /note/{id}:
    put: { operationId: update, tags: [notes], responses: { "200": { description: ok } } }
    delete: { tags: [notes], responses: { "204": { description: gone } } }
"##;

    #[test]
    fn operations_are_selected_by_operation_id_or_by_the_name_the_import_gives() {
        let d = doc(DUPLICATES);
        // The document's id selects every operation that has it.
        let s = ok(&d, &["update"], &[]);
        assert_eq!(s.operations, 2);
        assert_eq!(keys(&s.doc, "/paths"), ["/call/{id}", "/note/{id}"]);
        // The second `update` is named after its method and path, in the subset too.
        let s = ok(&d, &["put_note_by_id"], &[]);
        assert_eq!(s.operations, 1);
        assert_eq!(
            s.doc.pointer("/paths/~1note~1{id}/put/operationId"),
            Some(&Doc::String("put_note_by_id".into()))
        );
        assert_eq!(s.warnings.len(), 1);
        assert_eq!(s.warnings[0].code, "renamed");
        assert_eq!(
            s.warnings[0].pointer(),
            Some("/paths/~1note~1{id}/put/operationId")
        );
        // An operation without an id keeps the name it has in the whole document.
        let s = ok(&d, &["delete_note_by_id"], &[]);
        assert_eq!(
            s.doc.pointer("/paths/~1note~1{id}/delete/operationId"),
            Some(&Doc::String("delete_note_by_id".into()))
        );
        assert!(s.warnings.is_empty());
        // The first `update` keeps its id.
        let s = ok(&d, &["update"], &["notes"]);
        assert_eq!(
            s.doc.pointer("/paths/~1call~1{id}/put/operationId"),
            Some(&Doc::String("update".into()))
        );
    }

    #[test]
    fn unknown_ids_and_tags_are_errors_with_a_hint() {
        let d = doc(DUPLICATES);
        let errs = subset(
            &d,
            &["updat".into(), "put_note_by_id".into(), "zzz".into()],
            &["call".into(), "nothing-like-it".into()],
        )
        .expect_err("unknown ids fail");
        let summary: Vec<(&str, &str, Option<&str>)> = errs
            .iter()
            .map(|e| (e.code, e.message.as_str(), e.hint.as_deref()))
            .collect();
        assert_eq!(summary.len(), 4, "{summary:#?}");
        assert!(errs.iter().all(|e| e.severity == Severity::Error));
        assert_eq!(
            summary[0].1,
            "no operation has the operationId or name `updat`"
        );
        assert!(summary[0].2.unwrap().starts_with("did you mean `update`?"));
        assert_eq!(summary[1].0, "unknown-operation");
        assert!(summary[1].1.contains("`zzz`"));
        assert!(!summary[1].2.unwrap().contains("did you mean"));
        assert_eq!(
            summary[2],
            (
                "unknown-tag",
                "no operation has the tag `call`",
                Some("did you mean `calls`?")
            )
        );
        assert_eq!(summary[3].2, Some("the tags used: calls, notes"));
    }

    #[test]
    fn references_into_dropped_operations_become_copies() {
        let d = doc(r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /a:
    get:
      operationId: a
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/paths/~1b/get/responses/200/content/application~1json/schema" } } } }
  /b:
    get:
      operationId: b
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Item" } } } } }
components:
  schemas:
    Item: { type: string }
"##);
        let s = ok(&d, &["a"], &[]);
        assert_eq!(keys(&s.doc, "/paths"), ["/a"]);
        assert_eq!(
            s.doc
                .pointer("/paths/~1a/get/responses/200/content/application~1json/schema"),
            d.pointer("/paths/~1b/get/responses/200/content/application~1json/schema")
        );
        assert_eq!(keys(&s.doc, "/components/schemas"), ["Item"]);
        // Kept, the target is referenced as before.
        let s = ok(&d, &["a", "b"], &[]);
        assert_eq!(s.doc, d);
    }

    #[test]
    fn referenced_path_items_are_filtered_and_api_headers_kept() {
        let d = doc(r##"
openapi: 3.1.0
info: { title: T, version: "1" }
paths:
  /shared: { $ref: "#/components/pathItems/Shared" }
components:
  pathItems:
    Shared:
      get: { operationId: one, responses: { "200": { description: ok } } }
      post: { operationId: two, responses: { "200": { description: ok } } }
  parameters:
    Version: { name: X-Version, in: header, x-schemagen-api-header: true, schema: { $ref: "#/components/schemas/Version" } }
  schemas:
    Version: { type: string }
"##);
        let s = ok(&d, &["two"], &[]);
        assert_eq!(keys(&s.doc, "/paths/~1shared"), ["post"]);
        assert!(s.doc.pointer("/components/pathItems").is_none());
        assert_eq!(keys(&s.doc, "/components/parameters"), ["Version"]);
        assert_eq!(keys(&s.doc, "/components/schemas"), ["Version"]);
    }
}
