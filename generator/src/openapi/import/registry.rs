//! The type registry: adding types with unique schema and Rust names, hoisting inline schemas
//! into named types, and the component schemas (registered first, converted later).

use super::Importer;
use super::helpers::{is_identifier_like, strip_known_values};
use super::model::{Expr, Kind, Target, TypeOut};
use crate::ident;
use crate::openapi::doc::{Doc, join};
use crate::openapi::ext;
use crate::schema::keys;

impl<'a> Importer<'a> {
    /// Adds a type with a unique schema name and Rust name; `hint` is a wanted Rust name.
    pub(super) fn add_type(
        &mut self,
        wanted: &str,
        rust_hint: Option<&str>,
        pointer: &str,
        hoisted: bool,
    ) -> usize {
        let mut name = if wanted.is_empty() {
            "Type".to_string()
        } else if keys::BUILTIN_TYPES.contains(&wanted) {
            format!("{wanted}Type")
        } else {
            wanted.to_string()
        };
        let base = name.clone();
        let mut n = 2;
        // A hoisted type's schema name is its Rust name: both must be free.
        while self.by_name.contains_key(&name)
            || (hoisted && !ident::type_name(&name).is_some_and(|r| self.type_names.free(&r)))
        {
            name = format!("{base}{n}");
            n += 1;
            if n > 10_000 {
                break;
            }
        }
        let derived = ident::type_name(&name);
        let (rust, mut over) = {
            // `Names` derives variant names; type names differ only in the digit prefix.
            let hint = rust_hint.map(str::to_string).or_else(|| {
                derived
                    .as_ref()
                    .map(|d| ident::unraw(d).to_string())
                    .filter(|d| ident::check_override(d).is_ok())
            });
            self.type_names.claim(&name, hint.as_deref())
        };
        if over.is_some() && derived.as_deref() == Some(rust.as_str()) {
            over = None;
        }
        if over.is_none() && derived.as_deref() != Some(rust.as_str()) {
            over = Some(ident::unraw(&rust).to_string());
        }
        let idx = self.types.len();
        self.types.push(TypeOut {
            name: name.clone(),
            rust,
            rust_override: over,
            description: None,
            deprecated: false,
            kind: Kind::Pending,
            pointer: pointer.to_string(),
            parent: self.parent,
            skip: false,
        });
        self.by_name.insert(name, idx);
        idx
    }

    /// The type a named kind defines: the component's own, or a new one from the hint.
    pub(super) fn define(&mut self, target: &Target, pointer: &str, s: &Doc) -> usize {
        match target {
            Target::Component(i) => *i,
            Target::Inline(hint) => {
                // An identifier-like `title` (`CreateCallRequest`) names the type.
                let title = s
                    .get("title")
                    .and_then(Doc::as_str)
                    .filter(|t| is_identifier_like(t))
                    .and_then(ident::type_name)
                    .map(|t| ident::unraw(&t).to_string());
                let hint = match &title {
                    Some(t) => t.as_str(),
                    None if hint.is_empty() => "Inline",
                    None => hint,
                };
                let idx = self.add_type(hint, None, pointer, true);
                self.hoisted_at.insert(pointer.to_string(), idx);
                idx
            }
        }
    }

    pub(super) fn named(&mut self, idx: usize) -> Expr {
        let name = self.types[idx].name.clone();
        *self.refs.entry(name.clone()).or_default() += 1;
        Expr::of(&name)
    }

    pub(super) fn hint_in(&self, idx: usize, suffix: &str) -> String {
        format!("{}{}", ident::unraw(&self.types[idx].rust), suffix)
    }

    pub(super) fn register_components(&mut self) -> Vec<(String, usize)> {
        let root = self.root;
        let mut order = Vec::new();
        let Some(schemas) = root.get("components").and_then(|c| c.get("schemas")) else {
            return order;
        };
        let Some(schemas) = schemas.as_object() else {
            self.warn(
                "wrong-type",
                "/components/schemas",
                "`components.schemas` must be an object; ignored",
            );
            return order;
        };
        for (key, s) in schemas {
            let ptr = join("/components/schemas", key);
            let wanted = s
                .get(ext::NAME)
                .and_then(Doc::as_str)
                .unwrap_or(key)
                .to_string();
            let hint = s
                .get(ext::RUST_NAME)
                .and_then(Doc::as_str)
                .map(str::to_string);
            let idx = self.add_type(&wanted, hint.as_deref(), &ptr, false);
            if s.get(ext::VARIANT_OF).is_some() {
                // A wrapper the export wrote to carry a union's tag; the union refers to the
                // variant type itself.
                self.types[idx].skip = true;
            } else {
                order.push((key.clone(), idx));
            }
            self.components.insert(key.clone(), idx);
            self.component_docs.insert(key.clone(), s);
        }
        order
    }

    pub(super) fn component(&mut self, idx: usize, key: &str) {
        let Some(s) = self.component_docs.get(key).copied() else {
            return;
        };
        let ptr = join("/components/schemas", key);
        self.parent = Some(idx);
        let (expr, annot) = self.convert(s, &ptr, Target::Component(idx));
        self.parent = None;
        if expr.name == self.types[idx].name {
            // The component defined itself; that is not a reference.
            if let Some(n) = self.refs.get_mut(&expr.name) {
                *n = n.saturating_sub(1);
            }
        }
        let t = &mut self.types[idx];
        if matches!(t.kind, Kind::Pending) {
            if expr.name == t.name {
                let name = t.name.clone();
                t.kind = Kind::Alias(Expr::any());
                self.warn(
                    "recursive-alias",
                    &ptr,
                    format!("schema `{name}` is defined as itself; imported as `any`"),
                );
            } else {
                t.kind = Kind::Alias(expr);
            }
        }
        let t = &mut self.types[idx];
        t.description = annot.description.map(|d| strip_known_values(&d));
        t.deprecated = annot.deprecated;
    }
}
