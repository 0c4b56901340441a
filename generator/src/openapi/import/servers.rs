//! `servers`: URLs and their variables (an `enum` of a variable is noted in its description).

use super::Importer;
use super::helpers::template_names;
use super::writer::Mapping;
use crate::openapi::doc::{Doc, join};
use crate::schema::keys;

impl<'a> Importer<'a> {
    pub(super) fn servers(&mut self) -> Vec<Doc> {
        let root = self.root;
        let Some(list) = root.get("servers") else {
            return Vec::new();
        };
        let Some(list) = list.as_array() else {
            self.warn(
                "wrong-type",
                "/servers",
                "`servers` must be an array; ignored",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let ptr = format!("/servers/{i}");
            let Some(url) = s.get("url").and_then(Doc::as_str) else {
                self.warn("wrong-type", &ptr, "a server needs a `url` string; ignored");
                continue;
            };
            let mut entry = Mapping::new(&[keys::SERVER_KEYS]);
            entry.put("url", Doc::String(url.to_string()));
            if let Some(d) = s.get("description").and_then(Doc::as_str) {
                entry.put("description", Doc::String(d.to_string()));
            }
            let used = template_names(url);
            let mut vars = Vec::new();
            if let Some(vs) = s.get("variables").and_then(Doc::as_object) {
                for (name, v) in vs {
                    if !used.contains(name) {
                        self.warn(
                            "unused-server-variable",
                            &join(&join(&ptr, "variables"), name),
                            format!("server variable `{name}` is not in the URL; dropped"),
                        );
                        continue;
                    }
                    let mut var = Mapping::new(&[keys::SERVER_VAR_KEYS]);
                    let mut description = v
                        .get("description")
                        .and_then(Doc::as_str)
                        .map(str::to_string);
                    if let Some(e) = v.get("enum").and_then(Doc::as_array) {
                        let list: Vec<String> = e
                            .iter()
                            .filter_map(Doc::as_str)
                            .map(|s| format!("`{s}`"))
                            .collect();
                        if !list.is_empty() {
                            let note = format!("One of {}.", list.join(", "));
                            description = Some(match description {
                                Some(d) => format!("{}\n\n{note}", d.trim_end()),
                                None => note,
                            });
                        }
                    }
                    if let Some(d) = description {
                        var.put("description", Doc::String(d));
                    }
                    if let Some(d) = v.get("default").and_then(Doc::as_str) {
                        if !d.is_empty() {
                            var.put("default", Doc::String(d.to_string()));
                        }
                    }
                    vars.push((name.clone(), var.into_doc()));
                }
            }
            for name in &used {
                if !vars.iter().any(|(n, _)| n == name) {
                    self.warn(
                        "undeclared-server-variable",
                        &ptr,
                        format!("the server URL uses `{{{name}}}`, which is not declared; declared without a default"),
                    );
                    vars.push((name.clone(), Doc::Object(Vec::new())));
                }
            }
            if !vars.is_empty() {
                entry.put("variables", Doc::Object(vars));
            }
            out.push(entry.into_doc());
        }
        out
    }
}
