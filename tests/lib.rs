//! Shared helpers of the integration tests: paths to the repository's fixtures and schemas.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(rel)
}

/// `schemas/<name>.yaml`.
pub fn schema(name: &str) -> PathBuf {
    repo_root().join("schemas").join(format!("{name}.yaml"))
}

/// Files in a directory with the given extension, sorted.
pub fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == ext))
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

/// JSON text validated by the single pass alone: where the entry points would fall back to
/// parsing the text (a repeated member, an escaped member name, text that is not JSON), it
/// notes that the pass gave up and reports nothing.
#[derive(Clone, Copy)]
pub struct Alone<'a> {
    /// The text.
    pub bytes: &'a [u8],
    /// Set when the pass gave up.
    pub gave_up: &'a std::cell::Cell<bool>,
}

impl voicecall_apis::runtime::scan::Input for Alone<'_> {
    fn validate<T: voicecall_apis::runtime::scan::Scan>(self) -> voicecall_apis::runtime::Report {
        voicecall_apis::runtime::scan::scan_text::<T>(self.bytes).unwrap_or_else(|_| {
            self.gave_up.set(true);
            voicecall_apis::runtime::Report::new()
        })
    }
}

/// The single pass alone over JSON text of `api.operation` (see [`Alone`]): `None` when it
/// gave up. Panics for an undocumented payload.
pub fn validate_alone(
    name: &str,
    kind: voicecall_apis::runtime::PayloadKind,
    bytes: &[u8],
) -> Option<voicecall_apis::runtime::Report> {
    use voicecall_apis::{bird, close, salesforce, vcita};
    let gave_up = std::cell::Cell::new(false);
    let input = Alone {
        bytes,
        gave_up: &gave_up,
    };
    let (api, op) = name.split_once('.').expect("api.operation");
    let report = match api {
        "bird" => bird::validate_payload_from(op, kind, input),
        "close" => close::validate_payload_from(op, kind, input),
        "salesforce" => salesforce::validate_payload_from(op, kind, input),
        "vcita" => vcita::validate_payload_from(op, kind, input),
        other => panic!("unknown API {other}"),
    }
    .expect("documented payload");
    (!gave_up.get()).then_some(report)
}

/// [`validate_alone`], which must decide: panics when the single pass gives up.
pub fn validate_strict(
    name: &str,
    kind: voicecall_apis::runtime::PayloadKind,
    bytes: &[u8],
) -> voicecall_apis::runtime::Report {
    validate_alone(name, kind, bytes).unwrap_or_else(|| {
        panic!(
            "{name}: the single pass gave up on {:?}",
            String::from_utf8_lossy(bytes)
        )
    })
}

/// Loads the four vendor schemas and fails loudly on any error.
pub fn vendor_schemas() -> schemagen::Schemas {
    let s = schemagen::load_paths(&[repo_root().join("schemas")]).expect("schemas/ is readable");
    assert!(
        !s.diagnostics.has_errors(),
        "{}",
        s.diagnostics.render(&s.sources)
    );
    s
}

/// Renders diagnostics with paths relative to the repository root, for stable snapshots.
pub fn render_relative(s: &schemagen::Schemas) -> String {
    let root = format!("{}/", repo_root().display());
    s.diagnostics.render(&s.sources).replace(&root, "")
}

/// A compact, reviewable text form of a lowered API: every type, field (type, presence,
/// constraints), enum value, rule and operation. Spans are left out so that moving text in a
/// schema does not churn the snapshot; anything that changes the generated code shows.
pub fn outline(api: &schemagen::ir::ApiIr) -> String {
    use schemagen::ir::*;
    use std::fmt::Write as _;
    let mut o = String::new();
    let c = |s: &Shape| {
        let mut parts = vec![s.type_name()];
        let k = &s.constraints;
        if let Some(f) = k.format {
            parts.push(format!("format={}", f.name()));
        }
        for (n, v) in [("minimum", &k.minimum), ("maximum", &k.maximum)] {
            if let Some(v) = v {
                parts.push(format!("{n}={v}"));
            }
        }
        for (n, v) in [
            ("min_length", k.min_length),
            ("max_length", k.max_length),
            ("min_items", k.min_items),
            ("max_items", k.max_items),
        ] {
            if let Some(v) = v {
                parts.push(format!("{n}={v}"));
            }
        }
        if let Some(p) = &k.pattern {
            parts.push(format!("pattern={p}"));
        }
        if let Some(v) = &k.const_value {
            parts.push(format!("const={v}"));
        }
        if let ShapeKind::Array(items) = &s.kind {
            if !items.constraints.is_empty() {
                parts.push(format!("items({:?})", items.constraints));
            }
        }
        parts.join(" ")
    };
    let _ = writeln!(
        o,
        "api {} `{}` version {} module {}",
        api.name, api.title, api.version, api.module
    );
    for s in &api.servers {
        let vars: Vec<&str> = s.variables.iter().map(|v| v.name.as_str()).collect();
        let _ = writeln!(o, "server {} vars {:?}", s.url, vars);
    }
    for a in &api.auth {
        match &a.kind {
            schemagen::ir::AuthKind::Bearer {
                bearer_format,
                self_signed,
            } => {
                let _ = writeln!(o, "auth {} Bearer format={bearer_format:?}", a.name);
                if let Some(jwt) = self_signed {
                    let claims: Vec<String> = jwt
                        .claims
                        .iter()
                        .map(|c| {
                            let optional = if c.required { "" } else { "?" };
                            format!("{}{optional}->{}", c.name, c.rust_name)
                        })
                        .collect();
                    let _ = writeln!(
                        o,
                        "  self-signed {} {}s claims {claims:?} {} {}",
                        jwt.algorithm.as_str(),
                        jwt.lifetime_seconds,
                        jwt.claims_type,
                        jwt.constructor
                    );
                }
            }
            kind => {
                let _ = writeln!(o, "auth {} {kind:?}", a.name);
            }
        }
    }
    for h in &api.headers {
        let _ = writeln!(
            o,
            "header {} required={} {}",
            h.wire_name,
            h.required,
            c(&h.shape)
        );
    }
    let _ = writeln!(o, "content types {:?}", api.content_types);
    for t in &api.types {
        match &t.kind {
            TypeKind::Object(ob) => {
                let unknown = if ob.reject_unknown {
                    " unknown_fields=reject"
                } else {
                    ""
                };
                let _ = writeln!(o, "object {} ({}){unknown}", t.name, t.rust_name);
                for f in &ob.fields {
                    let _ = writeln!(
                        o,
                        "  {} ({}) {:?} {}{}{}",
                        f.wire_name,
                        f.rust_name,
                        f.presence(),
                        c(&f.shape),
                        f.since
                            .as_ref()
                            .map(|s| format!(" since={s}"))
                            .unwrap_or_default(),
                        f.default
                            .as_ref()
                            .map(|s| format!(" default={s}"))
                            .unwrap_or_default(),
                    );
                }
                for r in &ob.rules {
                    let _ = writeln!(
                        o,
                        "  rule {:?} warning={} code={} `{}`",
                        r.kind, r.warning, r.code, r.message
                    );
                }
            }
            TypeKind::Enum(e) => {
                let values: Vec<String> = e
                    .values
                    .iter()
                    .map(|v| format!("{}={}", v.wire, v.rust_name))
                    .collect();
                let _ = writeln!(
                    o,
                    "enum {} ({}) open={} default={:?} [{}]",
                    t.name,
                    t.rust_name,
                    e.open,
                    e.default,
                    values.join(", ")
                );
            }
            TypeKind::Union(u) => {
                let vs: Vec<String> = u
                    .variants
                    .iter()
                    .map(|v| format!("{}->{}", v.tag_value, v.type_name))
                    .collect();
                let _ = writeln!(o, "union {} tag={} [{}]", t.name, u.tag, vs.join(", "));
            }
            TypeKind::OneOf(x) => {
                let vs: Vec<String> = x
                    .variants
                    .iter()
                    .map(|v| format!("{}: {}", v.name, c(&v.shape)))
                    .collect();
                let _ = writeln!(o, "one_of {} [{}]", t.name, vs.join(", "));
            }
            TypeKind::Alias(s) => {
                let _ = writeln!(o, "alias {} = {}", t.name, c(s));
            }
        }
    }
    for op in &api.operations {
        let _ = writeln!(
            o,
            "operation {} {} {} auth={:?} idempotent={}",
            op.id,
            op.method.as_str(),
            op.path,
            op.auth,
            op.idempotent
        );
        for p in &op.params {
            let _ = writeln!(
                o,
                "  param {} {:?} required={} {}",
                p.wire_name,
                p.location,
                p.required,
                c(&p.shape)
            );
        }
        if let Some(r) = &op.request {
            let _ = writeln!(
                o,
                "  request {} required={} {:?}",
                c(&r.shape),
                r.required,
                r.content_types
            );
        }
        for r in &op.responses {
            let _ = writeln!(
                o,
                "  response {:?} {}",
                r.status,
                r.body.as_ref().map_or_else(|| "(no body)".to_string(), c)
            );
        }
    }
    o
}
