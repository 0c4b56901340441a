//! Bundling: external `$ref`s (`https://…/voiceCall.json`, `./entities/call.json#/Call`)
//! replaced by references to copies of the documents they point to, placed under
//! `components/schemas`, so that the importer, which reads references inside one document only,
//! sees one self-contained document.
//!
//! The caller supplies the external documents, keyed by the address the `$ref`s use (without
//! the fragment): nothing is fetched. A `$ref` relative to a bundled document (`recording.json`
//! inside `https://host/entities/call.json`) is resolved against that document's address first.
//! A `$ref` to an address nobody supplied stays as it is, and the importer reports it.

use super::doc::{Doc, escape_token};
use std::collections::BTreeMap;

/// The address part of a `$ref` (before `#`) and its fragment (after `#`, may be empty).
fn split_ref(r: &str) -> (&str, &str) {
    match r.split_once('#') {
        Some((addr, frag)) => (addr, frag),
        None => (r, ""),
    }
}

/// `reference` resolved against `base` the way a browser resolves a relative link: an
/// absolute address (with a scheme, or starting with `/` on a scheme-less base) stays as it is;
/// otherwise it replaces the last segment of `base`, with `./` and `../` applied.
pub fn resolve_address(base: &str, reference: &str) -> String {
    if reference.is_empty() {
        return base.to_string();
    }
    if reference.contains("://") || base.is_empty() {
        return reference.to_string();
    }
    let (root, path) = match base.find("://") {
        Some(i) => {
            let after = &base[i + 3..];
            match after.find('/') {
                Some(j) => base.split_at(i + 3 + j),
                None => (base, ""),
            }
        }
        None => ("", base),
    };
    let mut segments: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        let mut s: Vec<&str> = path.split('/').collect();
        s.pop();
        s
    };
    for part in reference.trim_start_matches('/').split('/') {
        match part {
            "." => {}
            ".." => {
                if segments.len() > 1 || segments.first().is_some_and(|s| !s.is_empty()) {
                    segments.pop();
                }
            }
            other => segments.push(other),
        }
    }
    let joined = segments.join("/");
    if root.is_empty() {
        joined
    } else if joined.starts_with('/') {
        format!("{root}{joined}")
    } else {
        format!("{root}/{joined}")
    }
}

/// A component name for a bundled document: the last segment of its address without the
/// extension, kept to characters OpenAPI allows in component keys.
fn component_stem(address: &str) -> String {
    let last = address
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(address);
    let stem = last.split('.').next().unwrap_or(last);
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "External".to_string()
    } else {
        cleaned
    }
}

/// Every `$ref` value in a document, in document order.
fn collect_refs<'d>(d: &'d Doc, out: &mut Vec<&'d str>) {
    match d {
        Doc::Object(entries) => {
            for (k, v) in entries {
                if k == "$ref" {
                    if let Doc::String(s) = v {
                        out.push(s);
                    }
                } else {
                    collect_refs(v, out);
                }
            }
        }
        Doc::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

/// Rewrites every `$ref` in `d` with `f` (which returns `None` to leave one as it is).
fn rewrite_refs(d: &mut Doc, f: &dyn Fn(&str) -> Option<String>) {
    match d {
        Doc::Object(entries) => {
            for (k, v) in entries.iter_mut() {
                if k == "$ref" {
                    if let Doc::String(s) = v {
                        if let Some(new) = f(s) {
                            *s = new;
                        }
                    }
                } else {
                    rewrite_refs(v, f);
                }
            }
        }
        Doc::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(i, f)),
        _ => {}
    }
}

/// The result of bundling.
#[derive(Debug, Clone)]
pub struct Bundled {
    /// The self-contained document.
    pub doc: Doc,
    /// Address → component key of every external document that was bundled.
    pub bundled: BTreeMap<String, String>,
}

/// Bundles `root`, whose own address (a file path or URL; empty when unknown) is
/// `root_address`: every external `$ref` whose address (resolved against the document that
/// contains it) is a key of `external` points afterwards to a copy of that document under
/// `components/schemas`.
pub fn bundle(root: &Doc, root_address: &str, external: &BTreeMap<String, Doc>) -> Bundled {
    if external.is_empty() {
        return Bundled {
            doc: root.clone(),
            bundled: BTreeMap::new(),
        };
    }
    let mut taken: Vec<String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Doc::as_object)
        .map(|s| s.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    // Address → component key, discovered breadth-first from the root.
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut queue: Vec<(String, &Doc)> = vec![(root_address.to_string(), root)];
    while let Some((base, d)) = queue.pop() {
        let mut refs = Vec::new();
        collect_refs(d, &mut refs);
        for r in refs {
            let (addr, _) = split_ref(r);
            if addr.is_empty() {
                continue;
            }
            let full = resolve_address(&base, addr);
            if keys.contains_key(&full) {
                continue;
            }
            let Some(target) = external.get(&full) else {
                continue;
            };
            let stem = component_stem(&full);
            let mut key = stem.clone();
            let mut n = 2;
            while taken.contains(&key) {
                key = format!("{stem}{n}");
                n += 1;
            }
            taken.push(key.clone());
            keys.insert(full.clone(), key);
            order.push(full.clone());
            queue.push((full, target));
        }
    }
    let rewrite_in = |base: &str, own_key: Option<&str>, d: &mut Doc| {
        rewrite_refs(d, &|r: &str| {
            let (addr, frag) = split_ref(r);
            if addr.is_empty() {
                // A reference inside a bundled document is relative to that document.
                return own_key.map(|k| format!("#/components/schemas/{}{frag}", escape_token(k)));
            }
            let full = resolve_address(base, addr);
            keys.get(&full)
                .map(|k| format!("#/components/schemas/{}{frag}", escape_token(k)))
        });
    };
    let mut doc = root.clone();
    rewrite_in(root_address, None, &mut doc);
    let mut added = Vec::new();
    for addr in &order {
        let (Some(key), Some(target)) = (keys.get(addr), external.get(addr)) else {
            continue;
        };
        let mut copy = target.clone();
        rewrite_in(addr, Some(key), &mut copy);
        added.push((key.clone(), copy));
    }
    insert_schemas(&mut doc, added);
    Bundled { doc, bundled: keys }
}

/// Reads the external documents a caller names (`--ref ADDRESS=FILE`), plus every document a
/// relative `$ref` of `root` (or of a document read this way) points to that exists on disk
/// next to `spec_path`. JSON or YAML, by extension. `Err` names the file that could not be read.
pub fn read_external(
    root: &Doc,
    spec_path: Option<&std::path::Path>,
    named: &[(String, std::path::PathBuf)],
) -> Result<BTreeMap<String, Doc>, String> {
    let read = |path: &std::path::Path| -> Result<Doc, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let name = path.file_name().map(|f| f.to_string_lossy().into_owned());
        let syntax = super::import::SpecSyntax::guess(name.as_deref(), &text);
        super::import::parse_spec(&text, syntax)
            .map_err(|d| format!("`{}`: {}", path.display(), d.message))
    };
    let mut out = BTreeMap::new();
    for (address, file) in named {
        out.insert(address.clone(), read(file)?);
    }
    // Relative references to files beside the spec, followed transitively.
    let Some(spec_path) = spec_path else {
        return Ok(out);
    };
    let spec_address = spec_path.to_string_lossy().replace('\\', "/");
    let mut queue: Vec<(String, Doc)> = vec![(spec_address, root.clone())];
    while let Some((base, d)) = queue.pop() {
        let mut refs = Vec::new();
        collect_refs(&d, &mut refs);
        for r in refs {
            let (addr, _) = split_ref(r);
            if addr.is_empty() || addr.contains("://") {
                continue;
            }
            let full = resolve_address(&base, addr);
            if out.contains_key(&full) {
                continue;
            }
            let path = std::path::PathBuf::from(&full);
            if !path.is_file() {
                continue;
            }
            let doc = read(&path)?;
            out.insert(full.clone(), doc.clone());
            queue.push((full, doc));
        }
    }
    Ok(out)
}

/// Appends entries to `components/schemas`, creating the objects where missing.
fn insert_schemas(doc: &mut Doc, added: Vec<(String, Doc)>) {
    if added.is_empty() {
        return;
    }
    let Doc::Object(root) = doc else { return };
    let components = match root.iter().position(|(k, _)| k == "components") {
        Some(i) => &mut root[i].1,
        None => {
            root.push(("components".into(), Doc::Object(Vec::new())));
            let last = root.len() - 1;
            &mut root[last].1
        }
    };
    let Doc::Object(components) = components else {
        return;
    };
    let schemas = match components.iter().position(|(k, _)| k == "schemas") {
        Some(i) => &mut components[i].1,
        None => {
            components.push(("schemas".into(), Doc::Object(Vec::new())));
            let last = components.len() - 1;
            &mut components[last].1
        }
    };
    if let Doc::Object(schemas) = schemas {
        schemas.extend(added);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::doc::parse_json;

    #[test]
    fn addresses_resolve_like_links() {
        let base = "https://host.example/entities/communication/voiceCall.json";
        assert_eq!(
            resolve_address(base, "voiceCallRecording.json"),
            "https://host.example/entities/communication/voiceCallRecording.json"
        );
        assert_eq!(
            resolve_address(base, "../common/money.json"),
            "https://host.example/entities/common/money.json"
        );
        assert_eq!(
            resolve_address(base, "/root.json"),
            "https://host.example/root.json"
        );
        assert_eq!(
            resolve_address(base, "https://other.example/x.json"),
            "https://other.example/x.json"
        );
        assert_eq!(
            resolve_address("specs/api.yaml", "./entities/call.json"),
            "specs/entities/call.json"
        );
        assert_eq!(resolve_address("", "call.json"), "call.json");
    }

    #[test]
    fn external_documents_become_components_and_references_follow() {
        let root = parse_json(
            r##"{"openapi": "3.0.0", "paths": {}, "components": {"schemas": {
                "Call": {"type": "object"},
                "Envelope": {"properties": {
                    "data": {"$ref": "https://h.example/e/call.json"},
                    "part": {"$ref": "https://h.example/e/call.json#/properties/id"},
                    "gone": {"$ref": "https://h.example/e/missing.json"}
                }}
            }}}"##,
        )
        .expect("json");
        let call = parse_json(
            r##"{"type": "object", "properties": {
                "id": {"type": "string"},
                "again": {"$ref": "#/properties/id"},
                "recording": {"$ref": "recording.json"}
            }}"##,
        )
        .expect("json");
        let recording =
            parse_json(r#"{"type": "object", "properties": {"url": {"type": "string"}}}"#)
                .expect("json");
        let external: BTreeMap<String, Doc> = [
            ("https://h.example/e/call.json".to_string(), call),
            ("https://h.example/e/recording.json".to_string(), recording),
        ]
        .into_iter()
        .collect();
        let b = bundle(&root, "", &external);
        let j = b.doc.to_json();
        let schemas = &j["components"]["schemas"];
        // `Call` was taken, so the bundled `call.json` is `call`; names are case-sensitive.
        assert_eq!(
            schemas["Envelope"]["properties"]["data"]["$ref"],
            "#/components/schemas/call"
        );
        assert_eq!(
            schemas["Envelope"]["properties"]["part"]["$ref"],
            "#/components/schemas/call/properties/id"
        );
        assert_eq!(
            schemas["Envelope"]["properties"]["gone"]["$ref"],
            "https://h.example/e/missing.json"
        );
        assert_eq!(
            schemas["call"]["properties"]["again"]["$ref"],
            "#/components/schemas/call/properties/id"
        );
        assert_eq!(
            schemas["call"]["properties"]["recording"]["$ref"],
            "#/components/schemas/recording"
        );
        assert_eq!(schemas["recording"]["properties"]["url"]["type"], "string");
        assert_eq!(b.bundled.len(), 2);
    }

    #[test]
    fn without_external_documents_nothing_changes() {
        let root = parse_json(r##"{"openapi": "3.0.0", "paths": {}}"##).expect("json");
        assert_eq!(bundle(&root, "", &BTreeMap::new()).doc, root);
    }
}
