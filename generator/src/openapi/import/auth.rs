//! `components.securitySchemes` → the `auth:` schemes, renamed when two would get the same
//! Rust name.

use super::Importer;
use super::names::symbolic;
use super::writer::Mapping;
use crate::ident;
use crate::openapi::doc::{Doc, join};
use crate::openapi::ext;
use crate::schema::keys;
use std::collections::{HashMap, HashSet};

impl<'a> Importer<'a> {
    /// Auth schemes, and the map from the spec's scheme names to the schema's.
    pub(super) fn auth(&mut self) -> (Vec<(String, Doc)>, HashMap<String, String>) {
        let root = self.root;
        let mut out = Vec::new();
        let mut names = HashMap::new();
        let Some(schemes) = root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
        else {
            return (out, names);
        };
        let Some(schemes) = schemes.as_object() else {
            self.warn(
                "wrong-type",
                "/components/securitySchemes",
                "`securitySchemes` must be an object; ignored",
            );
            return (out, names);
        };
        let mut used_auth: HashSet<String> = HashSet::new();
        for (key, s) in schemes {
            let ptr = join("/components/securitySchemes", key);
            let (s, ptr) = match self.resolve_local(s, &ptr) {
                Some(x) => x,
                None => continue,
            };
            let description = s
                .get("description")
                .and_then(Doc::as_str)
                .map(str::to_string);
            let kind = s.get("type").and_then(Doc::as_str).unwrap_or("");
            let mut entry = Mapping::new(&[keys::AUTH_KEYS]);
            let mut put = |k: &str, v: &str| entry.put(k, Doc::String(v.to_string()));
            match kind {
                "http" => {
                    let scheme = s.get("scheme").and_then(Doc::as_str).unwrap_or("");
                    match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => {
                            put("scheme", "bearer");
                            if let Some(f) = s.get("bearerFormat").and_then(Doc::as_str) {
                                put("bearer_format", f);
                            }
                            if let Some(jwt) = s.get(ext::SELF_SIGNED) {
                                entry.put("self_signed", self_signed(jwt));
                            }
                        }
                        "basic" => {
                            put("scheme", "basic");
                            if s.get(ext::PASSWORD_EMPTY).and_then(Doc::as_bool) == Some(true) {
                                entry.put("password_empty", Doc::Bool(true));
                            }
                        }
                        "digest" | "negotiate" | "hoba" | "mutual" | "vapid" | "scram-sha-1"
                        | "scram-sha-256" | "" => {
                            self.warn(
                                "unsupported-auth",
                                &ptr,
                                format!("HTTP auth scheme `{scheme}` is not supported (only bearer, basic and token schemes); dropped"),
                            );
                            continue;
                        }
                        _ => {
                            // `Authorization: <Scheme> <token>`.
                            put("scheme", "api_key");
                            put("header", "Authorization");
                            put("prefix", scheme);
                        }
                    }
                }
                "apiKey" => {
                    let location = s.get("in").and_then(Doc::as_str).unwrap_or("");
                    let Some(header) = s.get("name").and_then(Doc::as_str) else {
                        self.warn(
                            "wrong-type",
                            &ptr,
                            "an apiKey scheme needs a `name`; dropped",
                        );
                        continue;
                    };
                    if location != "header" {
                        self.warn(
                            "unsupported-auth",
                            &ptr,
                            format!("API keys in `{location}` are not supported (only in a header); dropped"),
                        );
                        continue;
                    }
                    put("scheme", "api_key");
                    put("header", header);
                    if let Some(p) = s.get(ext::PREFIX).and_then(Doc::as_str) {
                        put("prefix", p);
                    }
                }
                "oauth2" | "openIdConnect" => {
                    self.warn(
                        "unsupported-auth",
                        &ptr,
                        format!("`{kind}` is imported as a bearer token: how the token is obtained is not generated"),
                    );
                    put("scheme", "bearer");
                }
                other => {
                    self.warn(
                        "unsupported-auth",
                        &ptr,
                        format!("security scheme type `{other}` is not supported; dropped"),
                    );
                    continue;
                }
            }
            if let Some(d) = description {
                entry.put("description", Doc::String(d));
            }
            // Auth schemes have no `rust_name:`; rename the scheme itself when needed.
            let free = |n: &str, used: &HashSet<String>| {
                ident::type_name(n).is_some_and(|r| !used.contains(ident::unraw(&r)))
            };
            let name = if free(key, &used_auth) {
                key.clone()
            } else {
                let base = ident::snake(&symbolic(key))
                    .map(|s| ident::unraw(&s).to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "auth".into());
                let mut candidate = base.clone();
                let mut i = 2;
                while !free(&candidate, &used_auth) {
                    candidate = format!("{base}_{i}");
                    i += 1;
                }
                self.warn(
                    "renamed",
                    &ptr,
                    format!("auth scheme `{key}` is renamed `{candidate}` so that it has a Rust name of its own"),
                );
                candidate
            };
            if let Some(r) = ident::type_name(&name) {
                used_auth.insert(ident::unraw(&r).to_string());
            }
            names.insert(key.clone(), name.clone());
            out.push((name, entry.into_doc()));
        }
        (out, names)
    }
}

/// `x-schemagen-self-signed` as the schema language's `self_signed:`: the export lists the
/// claims (to keep their order) as mappings with a `name`, the language keys them by name.
/// Anything else is passed on as it is, for the schema check to judge.
fn self_signed(jwt: &Doc) -> Doc {
    let Doc::Object(entries) = jwt else {
        return jwt.clone();
    };
    let entries = entries
        .iter()
        .map(|(key, value)| match (key.as_str(), value) {
            ("claims", Doc::Array(claims)) => {
                let keyed = claims
                    .iter()
                    .filter_map(|c| {
                        let Doc::Object(fields) = c else { return None };
                        let name = fields.iter().find_map(|(k, v)| match (k.as_str(), v) {
                            ("name", Doc::String(n)) => Some(n.clone()),
                            _ => None,
                        })?;
                        let rest = fields
                            .iter()
                            .filter(|(k, _)| k != "name")
                            .cloned()
                            .collect();
                        Some((name, Doc::Object(rest)))
                    })
                    .collect();
                (key.clone(), Doc::Object(keyed))
            }
            _ => (key.clone(), value.clone()),
        })
        .collect();
    Doc::Object(entries)
}
