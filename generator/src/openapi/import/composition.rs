//! Composition: `allOf` merged into one object, `oneOf`/`anyOf` as untagged unions, and
//! discriminated `oneOf`s as tagged unions (declared, or inferred from a property every
//! alternative fixes to a value of its own).

use super::helpers::{
    constraint_only, is_null_schema, is_nullable, is_objectish, plain_object, resolve_refs,
    single_string_value, tag_values,
};
use super::model::{Annot, Expr, Kind, Target};
use super::names::{Names, camel_words};
use super::{Importer, SCHEMAS};
use crate::ident;
use crate::openapi::doc::{self, Doc, join};
use crate::openapi::ext;
use std::collections::HashSet;

impl<'a> Importer<'a> {
    /// Merges `allOf` parts (following references) into one schema without `allOf`.
    pub(super) fn flatten_all_of(&mut self, s: &Doc, ptr: &str, stack: &mut Vec<String>) -> Doc {
        let mut merged: Vec<(String, Doc)> = Vec::new();
        let mut properties: Vec<(String, Doc)> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        // (pointer of the `allOf` entry, pointer of the schema it stands for, the schema)
        let mut parts: Vec<(String, String, Doc)> = Vec::new();
        if let Some(list) = s.get("allOf").and_then(Doc::as_array) {
            for (i, p) in list.iter().enumerate() {
                let pptr = format!("{ptr}/allOf/{i}");
                let mut base = pptr.clone();
                let resolved = match p.get("$ref").and_then(Doc::as_str) {
                    Some(text) => {
                        let Some(pointer) = text.strip_prefix('#') else {
                            self.warn("external-ref", &join(&pptr, "$ref"), format!("`{text}` is in another document, which was not read; this part of `allOf` is ignored. Pass `--ref {}=FILE` with a local copy of it (nothing is fetched)", text.split('#').next().unwrap_or(text)));
                            continue;
                        };
                        let pointer = &doc::normalize_pointer(pointer);
                        if stack.iter().any(|x| x == pointer) {
                            self.warn(
                                "cyclic-all-of",
                                &join(&pptr, "$ref"),
                                format!("`allOf` includes `{text}`, which includes this schema again; that part is ignored"),
                            );
                            continue;
                        }
                        let Some(target) = self.root.pointer(pointer) else {
                            self.warn(
                                "dangling-ref",
                                &join(&pptr, "$ref"),
                                format!("`{text}` does not exist; this part of `allOf` is ignored"),
                            );
                            continue;
                        };
                        base = pointer.clone();
                        stack.push(pointer.to_string());
                        let flat = if target.get("allOf").is_some() {
                            // Already merged: its properties refer to where they are written.
                            base.clear();
                            self.flatten_all_of(target, pointer, stack)
                        } else {
                            target.clone()
                        };
                        stack.pop();
                        flat
                    }
                    None if p.get("allOf").is_some() => {
                        base.clear();
                        self.flatten_all_of(p, &pptr, stack)
                    }
                    None => p.clone(),
                };
                parts.push((pptr, base, resolved));
            }
        }
        // The schema's own keywords come last so they win.
        let own: Vec<(String, Doc)> = s
            .as_object()
            .unwrap_or(&[])
            .iter()
            .filter(|(k, _)| k != "allOf")
            .cloned()
            .collect();
        parts.push((ptr.to_string(), ptr.to_string(), Doc::Object(own)));
        let mut discriminator_noted = false;
        for (pptr, base, part) in parts {
            let Some(entries) = part.as_object() else {
                continue;
            };
            for (k, v) in entries {
                match k.as_str() {
                    "properties" => {
                        for (pk, pv) in v.as_object().unwrap_or(&[]) {
                            // Refer to the property where it is written, so that a type hoisted
                            // from it is the same one wherever the object is merged in.
                            // (Diagnostics inside it then point at the real location too.)
                            let pv = if base.is_empty() || !matches!(pv, Doc::Object(_)) {
                                pv.clone()
                            } else {
                                let at = join(&join(&base, "properties"), pk);
                                Doc::Object(vec![("$ref".into(), Doc::String(format!("#{at}")))])
                            };
                            match properties.iter_mut().find(|(n, _)| n == pk) {
                                Some(slot) => slot.1 = pv,
                                None => properties.push((pk.clone(), pv)),
                            }
                        }
                    }
                    "required" => {
                        for r in v.as_array().unwrap_or(&[]).iter().filter_map(Doc::as_str) {
                            if !required.iter().any(|x| x == r) {
                                required.push(r.to_string());
                            }
                        }
                    }
                    "discriminator" if pptr != ptr => {
                        if !discriminator_noted {
                            discriminator_noted = true;
                            self.warn(
                                "unsupported-keyword",
                                &join(&pptr, "discriminator"),
                                "a discriminator on an `allOf` parent (inheritance) is not supported; the merged object is imported without it",
                            );
                        }
                    }
                    "oneOf" | "anyOf" if pptr != ptr => {
                        self.warn(
                            "unsupported-keyword",
                            &join(&pptr, k),
                            format!("`{k}` inside an `allOf` part is not merged; ignored"),
                        );
                    }
                    "$ref" => {}
                    _ => {
                        let own = pptr == ptr;
                        match merged.iter_mut().find(|(n, _)| n == k) {
                            Some(slot) if own => slot.1 = v.clone(),
                            Some(_) => {}
                            None => merged.push((k.clone(), v.clone())),
                        }
                    }
                }
            }
        }
        if !properties.is_empty() {
            merged.push(("properties".into(), Doc::Object(properties)));
            if !merged.iter().any(|(k, _)| k == "type") {
                merged.push(("type".into(), Doc::String("object".into())));
            }
        }
        if !required.is_empty() {
            merged.push((
                "required".into(),
                Doc::Array(required.into_iter().map(Doc::String).collect()),
            ));
        }
        Doc::Object(merged)
    }

    /// `oneOf` / `anyOf`: `None` when the alternatives only constrain the object beside them.
    pub(super) fn alternatives(
        &mut self,
        s: &Doc,
        ptr: &str,
        key: &str,
        target: &Target,
        annot: &mut Annot,
    ) -> Option<Expr> {
        let aptr = join(ptr, key);
        let Some(alts) = s.get(key).and_then(Doc::as_array) else {
            self.warn(
                "wrong-type",
                &aptr,
                format!("`{key}` must be an array; ignored"),
            );
            return None;
        };
        let structural = s.get("properties").is_some() || s.get("type").is_some();
        if structural && alts.iter().all(constraint_only) {
            self.warn(
                "unsupported-keyword",
                &aptr,
                format!(
                    "`{key}` alternatives that only list `required` fields are not checked; ignored"
                ),
            );
            return None;
        }
        if s.get("properties").is_some() {
            self.warn(
                "unsupported-keyword",
                ptr,
                format!(
                    "`properties` beside `{key}` are not merged into the alternatives; ignored"
                ),
            );
        }
        let mut kept: Vec<(String, &Doc)> = Vec::new();
        for (i, a) in alts.iter().enumerate() {
            if is_null_schema(a) {
                annot.nullable = true;
            } else {
                kept.push((format!("{aptr}/{i}"), a));
            }
        }
        if kept.is_empty() {
            return Some(Expr::any());
        }
        if kept.len() == 1 {
            let (p, a) = kept[0].clone();
            let (e, inner) = self.convert(a, &p, target.clone());
            let outer = std::mem::take(annot);
            *annot = outer.over(inner);
            return Some(e);
        }
        if let Some(disc) = s.get("discriminator") {
            if let Some(e) = self.tagged_union(s, disc, &kept, ptr, target) {
                return Some(e);
            }
        } else if key == "oneOf" && s.get(ext::VARIANTS).is_none() {
            // (An untagged union the export wrote names its variants; it stays one.)
            if let Some(e) = self.inferred_union(s, &kept, ptr, target) {
                return Some(e);
            }
        }
        Some(self.one_of(s, &kept, ptr, target, annot))
    }

    pub(super) fn one_of(
        &mut self,
        s: &Doc,
        kept: &[(String, &Doc)],
        ptr: &str,
        target: &Target,
        annot: &mut Annot,
    ) -> Expr {
        let idx = self.define(target, ptr, s);
        let outer_parent = self.parent;
        self.parent = Some(idx);
        let given: Option<Vec<String>> = s
            .get(ext::VARIANTS)
            .and_then(Doc::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Doc::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .filter(|v: &Vec<String>| v.len() == kept.len());
        let mut names = Names::new(true, "Variant", &[]);
        let mut variants = Vec::new();
        for (i, (p, a)) in kept.iter().enumerate() {
            let wanted = match &given {
                Some(g) => g[i].clone(),
                None => self.variant_label(a),
            };
            let (rust, over) = names.claim(&wanted, None);
            let vname = match over {
                None if ident::variant_name(&wanted).is_some() => wanted.clone(),
                _ => ident::unraw(&rust).to_string(),
            };
            let hint = self.hint_in(idx, &camel_words(&vname));
            let (e, inner) = self.convert(a, p, Target::Inline(hint));
            annot.nullable |= inner.nullable;
            variants.push((vname, e));
        }
        self.parent = outer_parent;
        self.types[idx].kind = Kind::OneOf { variants };
        self.named(idx)
    }

    /// A variant name for an untagged alternative.
    pub(super) fn variant_label(&self, a: &Doc) -> String {
        if let Some(key) = a
            .get("$ref")
            .and_then(Doc::as_str)
            .and_then(|r| r.strip_prefix(SCHEMAS))
        {
            let key = doc::unescape_token(key);
            if let Some(i) = self.components.get(&key) {
                return ident::unraw(&self.types[*i].rust).to_string();
            }
            return camel_words(&key);
        }
        let t = match a.get("type") {
            Some(Doc::String(t)) => t.as_str(),
            Some(Doc::Array(l)) => l
                .iter()
                .filter_map(Doc::as_str)
                .find(|t| *t != "null")
                .unwrap_or(""),
            _ if a.get("properties").is_some() => "object",
            _ if a.get("items").is_some() => "array",
            _ => "",
        };
        match t {
            "string" if a.get("enum").is_some() => "Enum",
            "string" => "String",
            "integer" => "Integer",
            "number" => "Number",
            "boolean" => "Boolean",
            "array" => "List",
            "object" if a.get("properties").is_none() => "Map",
            "object" => "Object",
            _ => "Variant",
        }
        .to_string()
    }

    /// `oneOf` with a discriminator: a tagged union when every alternative is a component
    /// object; `None` (an untagged union then) otherwise.
    pub(super) fn tagged_union(
        &mut self,
        s: &Doc,
        disc: &Doc,
        kept: &[(String, &Doc)],
        ptr: &str,
        target: &Target,
    ) -> Option<Expr> {
        let dptr = join(ptr, "discriminator");
        let Some(tag) = disc.get("propertyName").and_then(Doc::as_str) else {
            self.warn(
                "wrong-type",
                &dptr,
                "a discriminator needs a `propertyName`; imported as an untagged union",
            );
            return None;
        };
        let mut variants: Vec<(String, String)> = Vec::new();
        let component_key = |r: &str| -> Option<String> {
            match r.strip_prefix(SCHEMAS) {
                Some(k) if !k.contains('/') => Some(doc::unescape_token(k)),
                Some(_) => None,
                None if !r.contains('/') && !r.starts_with('#') => Some(r.to_string()),
                None => None,
            }
        };
        let fail = |me: &mut Self, why: String| {
            me.warn(
                "untagged-union",
                &dptr,
                format!("{why}; imported as an untagged union"),
            );
        };
        if let Some(mapping) = disc.get("mapping").and_then(Doc::as_object) {
            for (value, r) in mapping {
                let Some(key) = r.as_str().and_then(component_key) else {
                    fail(
                        self,
                        format!("mapping `{value}` does not name a component schema"),
                    );
                    return None;
                };
                let Some(key) = self.variant_key(&key) else {
                    fail(
                        self,
                        format!("mapping `{value}` refers to `{key}`, which does not exist"),
                    );
                    return None;
                };
                variants.push((value.clone(), key));
            }
        }
        for (_, a) in kept {
            let Some(key) = a.get("$ref").and_then(Doc::as_str).and_then(component_key) else {
                fail(
                    self,
                    "an alternative is not a reference to a component schema".into(),
                );
                return None;
            };
            let Some(key) = self.variant_key(&key) else {
                fail(self, format!("`{key}` does not exist"));
                return None;
            };
            if variants.iter().any(|(_, k)| *k == key) {
                continue;
            }
            let value = self
                .component_docs
                .get(&key)
                .and_then(|d| d.get("properties"))
                .and_then(|p| p.get(tag))
                .and_then(single_string_value)
                .unwrap_or_else(|| key.clone());
            variants.push((value, key));
        }
        let mut seen = HashSet::new();
        for (value, key) in &variants {
            let objectish = self
                .component_docs
                .get(key)
                .is_some_and(|d| is_objectish(self.root, d, 0));
            if !objectish {
                fail(self, format!("variant `{key}` is not an object"));
                return None;
            }
            match ident::variant_name(value) {
                Some(v) if seen.insert(ident::unraw(&v).to_string()) => {}
                _ => {
                    fail(
                        self,
                        format!("tag value `{value}` does not give a distinct Rust variant name"),
                    );
                    return None;
                }
            }
        }
        if variants.is_empty() {
            return None;
        }
        let idx = self.define(target, ptr, s);
        let mut out = Vec::new();
        for (value, key) in variants {
            let vidx = self.components[&key];
            let name = self.types[vidx].name.clone();
            self.variant_tags
                .entry(name.clone())
                .or_default()
                .insert(tag.to_string());
            out.push((value, name));
        }
        self.types[idx].kind = Kind::Union {
            tag: tag.to_string(),
            variants: out,
        };
        self.unions.push(idx);
        Some(self.named(idx))
    }

    /// `oneOf` without a discriminator that is a tagged union in all but name: every
    /// alternative is an object (inline or a reference) with the same required string property
    /// fixed to one value (`enum` of one value or `const`), the values pairwise distinct. It is
    /// imported like a declared discriminator, with a warning naming the inferred tag; `None`
    /// (an untagged union then, without a word) when anything is not exactly so.
    pub(super) fn inferred_union(
        &mut self,
        s: &Doc,
        kept: &[(String, &Doc)],
        ptr: &str,
        target: &Target,
    ) -> Option<Expr> {
        // Each alternative: where it is, what it says, and the component it names, if any.
        let mut alts: Vec<(&str, &Doc, Option<String>)> = Vec::new();
        for (p, a) in kept {
            let component = a
                .get("$ref")
                .and_then(Doc::as_str)
                .and_then(|r| r.strip_prefix(SCHEMAS))
                .filter(|k| !k.contains('/'))
                .map(doc::unescape_token);
            let resolved = match &component {
                // A component is the variant type itself: it must be an object as written
                // (not an alias of one), and not a wrapper the export wrote.
                Some(key) => {
                    let d = self.component_docs.get(key).copied()?;
                    if d.get(ext::VARIANT_OF).is_some() || is_nullable(d) {
                        return None;
                    }
                    d
                }
                None => resolve_refs(self.root, a)?,
            };
            if !plain_object(resolved) {
                return None;
            }
            alts.push((p, resolved, component));
        }
        // The property names that could be the tag, in the first alternative's order; the
        // first one is taken, so the choice does not depend on anything but the document.
        let first = alts.first()?.1.get("properties").and_then(Doc::as_object)?;
        let mut qualifying: Vec<(String, Vec<String>)> = Vec::new();
        for (name, _) in first {
            if let Some(values) = tag_values(self.root, &alts, name) {
                qualifying.push((name.clone(), values));
            }
        }
        let (tag, values) = qualifying.first().cloned()?;
        let idx = self.define(target, ptr, s);
        let outer_parent = self.parent;
        self.parent = Some(idx);
        let mut variants = Vec::new();
        for ((p, a, component), value) in alts.into_iter().zip(values) {
            let name = match component.and_then(|k| self.components.get(&k).copied()) {
                Some(vidx) => self.types[vidx].name.clone(),
                None => {
                    let hint = self.hint_in(idx, &camel_words(&value));
                    let (e, annot) = self.convert(a, p, Target::Inline(hint));
                    // Being a variant is not a reference: the variant type may lose its tag.
                    if let Some(n) = self.refs.get_mut(&e.name) {
                        *n = n.saturating_sub(1);
                    }
                    if let Some(t) = self.by_name.get(&e.name).map(|i| &mut self.types[*i]) {
                        if t.description.is_none() {
                            t.description = annot.description;
                        }
                    }
                    e.name
                }
            };
            self.variant_tags
                .entry(name.clone())
                .or_default()
                .insert(tag.clone());
            variants.push((value, name));
        }
        self.parent = outer_parent;
        let others = if qualifying.len() > 1 {
            let names: Vec<String> = qualifying[1..]
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect();
            format!(
                " (of the properties that qualify, the first is taken; not {})",
                names.join(", ")
            )
        } else {
            String::new()
        };
        self.warn(
            "inferred-tag",
            &join(ptr, "oneOf"),
            format!(
                "no `discriminator`, but every alternative is an object whose required string property `{tag}` has one value of its own; imported as a tagged union with tag `{tag}`{others}"
            ),
        );
        self.types[idx].kind = Kind::Union { tag, variants };
        self.unions.push(idx);
        Some(self.named(idx))
    }

    /// The component a discriminator names, seeing through the export's tag wrappers.
    pub(super) fn variant_key(&self, key: &str) -> Option<String> {
        let d = self.component_docs.get(key)?;
        if let Some(of) = d.get(ext::VARIANT_OF).and_then(Doc::as_str) {
            if let Some(k) = d
                .get("allOf")
                .and_then(Doc::as_array)
                .and_then(|a| a.first())
                .and_then(|f| f.get("$ref"))
                .and_then(Doc::as_str)
                .and_then(|r| r.strip_prefix(SCHEMAS))
                .map(doc::unescape_token)
                .filter(|k| self.components.contains_key(k))
            {
                return Some(k);
            }
            if self.components.contains_key(of) {
                return Some(of.to_string());
            }
        }
        Some(key.to_string())
    }
}
