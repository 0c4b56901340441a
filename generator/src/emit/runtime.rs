//! The runtime generated code relies on: the `schemagen-runtime` crate by default, or its source
//! inlined into the output as `runtime.rs`. There is one source of truth: the inlined text is
//! the crate's own `src/lib.rs`, `src/scan.rs`, `src/client.rs`, `src/client/*.rs` and
//! `src/mock.rs`, embedded here at compile time, with the parts that only make sense in the crate
//! (its unit tests) left out, the submodules written inline, and the client's feature gates
//! (`jwt`, `tracing`) turned into the output's (see [`inline`]).
//!
//! Code that depends on the crate carries a version check: a constant that asserts
//! `runtime::is_compatible(major, minor)`, so a runtime of another version fails the build with
//! a message saying what to change, before any confusing type error matters.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The runtime crate's `src/lib.rs` (validation, reports, formats, `Nullable`).
pub const RUNTIME_TEMPLATE: &str = include_str!("../../../templates/runtime/src/lib.rs");

/// The runtime crate's `src/client.rs` (transport, secrets, encodings), its `client` module.
pub const CLIENT_RUNTIME_TEMPLATE: &str = include_str!("../../../templates/runtime/src/client.rs");

/// The submodules of the runtime's `client` module (`src/client/NAME.rs`), by name: the
/// inliner writes each where `client.rs` declares it (`mod NAME;`).
pub const CLIENT_SUBMODULES: &[(&str, &str)] = &[
    (
        "credentials",
        include_str!("../../../templates/runtime/src/client/credentials.rs"),
    ),
    (
        "engine",
        include_str!("../../../templates/runtime/src/client/engine.rs"),
    ),
    (
        "error",
        include_str!("../../../templates/runtime/src/client/error.rs"),
    ),
    (
        "jwt",
        include_str!("../../../templates/runtime/src/client/jwt.rs"),
    ),
    (
        "retry",
        include_str!("../../../templates/runtime/src/client/retry.rs"),
    ),
];

/// The runtime crate's `src/mock.rs` (the validating mock server), its `mock` module.
pub const MOCK_RUNTIME_TEMPLATE: &str = include_str!("../../../templates/runtime/src/mock.rs");

/// The runtime crate's `src/scan.rs` (single-pass validation of JSON text), its `scan` module.
pub const SCAN_RUNTIME_TEMPLATE: &str = include_str!("../../../templates/runtime/src/scan.rs");

/// Where the generated code finds its runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuntimeSource {
    /// The `schemagen-runtime` crate, re-exported as the output's `runtime` module. The crate
    /// using the output depends on it (with its `client` feature when clients are generated).
    #[default]
    Crate,
    /// The runtime's source, written into the output as `runtime.rs`: self-contained code that
    /// needs only `serde` and `serde_json` (plus `http` and `reqwest` for clients, and `http`,
    /// `hyper`, `hyper-util`, `http-body-util` and `tokio` for mock servers).
    Inline,
}

impl std::str::FromStr for RuntimeSource {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "crate" => Ok(RuntimeSource::Crate),
            "inline" => Ok(RuntimeSource::Inline),
            other => Err(format!(
                "unknown runtime source `{other}`: expected `crate` (depend on schemagen-runtime) or `inline` (write its source into the output)"
            )),
        }
    }
}

/// The marker lines of the runtime's `lib.rs` that the inliner acts on; each opens a region
/// closed by [`END`].
const CLIENT_MODULE: &str = "// schemagen:client-module";
const MOCK_MODULE: &str = "// schemagen:mock-module";
const SCAN_MODULE: &str = "// schemagen:scan-module";
const CRATE_ONLY: &str = "// schemagen:crate-only";
/// Opens a region kept only when the output uses the crate named after it (`chrono`, `jiff`,
/// `time`, `uuid`: their `Validate` impls, the `time_rfc3339` serde adapter); its
/// `#[cfg(feature = "<crate>")]` lines, which name the runtime crate's features, are dropped.
const WHEN: &str = "// schemagen:when ";
const END: &str = "// schemagen:end";
/// The marker of `client.rs` whose region declares the client's submodules (`mod NAME;`).
const SUBMODULES: &str = "// schemagen:submodules";

/// The runtime's gate of the self-signed JWT support, and of tracing.
const JWT_GATE: &str = "feature = \"jwt\"";
const TRACING_GATE: &str = "feature = \"tracing\"";

/// The inlined runtime: `lib.rs` with its crate-only regions dropped and its `client` module
/// declaration replaced by the client source, inline, behind the client feature of the output
/// (or left out when no client is generated).
///
/// In the client source, each submodule declared in the `schemagen:submodules` region is
/// written inline, and the runtime's feature gates become the output's: the JWT support is
/// compiled in when `jwt` is true (an API declares a self-signed JWT; the output then needs
/// `jsonwebtoken`) and out otherwise; tracing is gated by [`super::EmitOptions::tracing_feature`]
/// (the output then needs an optional `tracing` dependency), or compiled out without one.
/// Regions marked `schemagen:when <crate>` are kept only for the date and UUID crates in `used`.
pub fn inline(opts: &super::EmitOptions, used: super::formats::UsedCrates, jwt: bool) -> String {
    let mut files = vec!["lib.rs", "scan.rs"];
    if opts.client {
        files.push("client.rs, client/*.rs");
    }
    if opts.mock {
        files.push("mock.rs");
    }
    let (major, minor, patch) = schemagen_runtime::VERSION;
    let mut out = format!(
        "// @generated by schemagen: the source of schemagen-runtime {major}.{minor}.{patch} \
         (templates/runtime/src/{}), inlined. Do not edit: regenerate instead.\n\n",
        files.join(", ")
    );
    let mut region: Option<&str> = None;
    for line in RUNTIME_TEMPLATE.lines() {
        let trimmed = line.trim();
        match region {
            None if [CLIENT_MODULE, MOCK_MODULE, SCAN_MODULE, CRATE_ONLY].contains(&trimmed)
                || trimmed.starts_with(WHEN) =>
            {
                region = Some(trimmed)
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
            Some(when) if when.starts_with(WHEN) => {
                let krate = &when[WHEN.len()..];
                if trimmed == END {
                    region = None;
                } else if used.uses(krate) && trimmed != format!("#[cfg(feature = {krate:?})]") {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            Some(open) if trimmed == END => {
                if open == SCAN_MODULE {
                    inline_module(&mut out, "scan", SCAN_RUNTIME_TEMPLATE);
                }
                if open == CLIENT_MODULE && opts.client {
                    if let Some(feature) = &opts.client_feature {
                        out.push_str(&format!("#[cfg(feature = {feature:?})]\n"));
                    }
                    out.push_str("pub mod client {\n");
                    out.push_str(&client_source_with(|src| gated(src, opts, jwt)));
                    out.push_str("}\n");
                }
                if open == MOCK_MODULE && opts.mock {
                    if let Some(feature) = &opts.mock_feature {
                        out.push_str(&format!("#[cfg(feature = {feature:?})]\n"));
                    }
                    inline_module(&mut out, "mock", MOCK_RUNTIME_TEMPLATE);
                }
                region = None;
            }
            Some(_) => {}
        }
    }
    out
}

/// `client.rs` with its submodules written inline, ungated.
#[cfg(test)]
fn client_source() -> String {
    client_source_with(str::to_string)
}

/// `client.rs` with its submodules written inline, each file (`client.rs` first, then each
/// submodule's) passed through `gate` before.
fn client_source_with(gate: impl Fn(&str) -> String) -> String {
    let template = gate(CLIENT_RUNTIME_TEMPLATE);
    let mut out = String::new();
    let mut in_region = false;
    for line in template.lines() {
        let trimmed = line.trim();
        if !in_region {
            if trimmed == SUBMODULES {
                in_region = true;
            } else {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if trimmed == END {
            in_region = false;
            continue;
        }
        let declared = trimmed
            .strip_prefix("pub mod ")
            .map(|n| ("pub mod", n))
            .or_else(|| trimmed.strip_prefix("mod ").map(|n| ("mod", n)))
            .and_then(|(kw, n)| n.strip_suffix(';').map(|n| (kw, n)));
        match declared.and_then(|(kw, name)| submodule(name).map(|src| (kw, name, src))) {
            Some((kw, name, src)) => {
                let src = gate(src);
                out.push_str(&format!("{kw} {name} {{\n"));
                out.push_str(&src);
                if !src.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("}\n");
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if !template.ends_with('\n') {
        out.pop();
    }
    out
}

/// The source of the client submodule `name`.
fn submodule(name: &str) -> Option<&'static str> {
    CLIENT_SUBMODULES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, src)| *src)
}

/// The client source with the runtime's feature gates turned into the output's. A gate that is
/// always on loses its `#[cfg(..)]` line; one that is always off loses it together with the
/// item it gates (one line ending in `;`, or a block up to its closing brace); one that maps
/// to a feature of the output is renamed. `#[cfg(not(..))]` gates do the opposite.
fn gated(source: &str, opts: &super::EmitOptions, jwt: bool) -> String {
    let tracing = match &opts.tracing_feature {
        Some(feature) => Gate::Feature(format!("feature = {feature:?}")),
        None => Gate::Off,
    };
    let jwt = if jwt { Gate::On } else { Gate::Off };
    let gates = [(JWT_GATE, jwt), (TRACING_GATE, tracing)];
    let mut out = String::with_capacity(source.len());
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        let gate = gates.iter().find_map(|(text, gate)| {
            if trimmed == format!("#[cfg({text})]") {
                Some((text, gate, true))
            } else if trimmed == format!("#[cfg(not({text}))]") {
                Some((text, gate, false))
            } else {
                None
            }
        });
        let Some((text, gate, positive)) = gate else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let keep = match (gate, positive) {
            (Gate::Feature(feature), _) => {
                out.push_str(&line.replace(text, feature));
                out.push('\n');
                continue;
            }
            (Gate::On, positive) => positive,
            (Gate::Off, positive) => !positive,
        };
        if keep {
            continue;
        }
        // Drop the gated item.
        let Some(first) = lines.next() else { break };
        if first.trim_end().ends_with(';') {
            continue;
        }
        let indent = &first[..first.len() - first.trim_start().len()];
        let close = format!("{indent}}}");
        for rest in lines.by_ref() {
            if rest == close {
                break;
            }
        }
    }
    if !source.ends_with('\n') {
        out.pop();
    }
    out
}

/// What a runtime feature gate becomes in the output.
enum Gate {
    /// Always compiled.
    On,
    /// Never compiled.
    Off,
    /// Compiled with this `feature = ".."` of the output.
    Feature(String),
}

/// Writes `pub mod name { source }`: a submodule of the runtime inline. Its own `//!` docs stay
/// its documentation, and its paths to the runtime are `super::`, which mean the same inline.
fn inline_module(out: &mut String, name: &str, source: &str) {
    out.push_str(&format!("pub mod {name} {{\n"));
    out.push_str(source);
    if !source.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("}\n");
}

/// The constant that refuses, at compile time, a runtime crate of another version than the one
/// this generator emits code for. `runtime` is the path of the re-exported crate.
pub fn version_check(runtime: &TokenStream) -> TokenStream {
    let (major, minor, _) = schemagen_runtime::VERSION;
    let message = format!(
        "this code was generated for schemagen-runtime {major}.{minor}, but the schemagen-runtime \
         crate it is compiled with is another version: depend on schemagen-runtime {major}.{minor}, \
         or regenerate the code with the schemagen release that matches your runtime"
    );
    let (major, minor) = (
        Literal::u64_unsuffixed(major),
        Literal::u64_unsuffixed(minor),
    );
    quote! {
        const _: () = ::core::assert!(#runtime::is_compatible(#major, #minor), #message);
    }
}

/// [`version_check`] for the runtime re-exported as `runtime`, as formatted source text (for
/// the build-script index, which is written as text).
pub fn version_check_text() -> String {
    let tokens = version_check(&quote!(runtime));
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        // The tokens above always parse; keep them readable if that ever changes.
        Err(_) => format!("{tokens}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_has_each_marker_region_once_and_closed() {
        for marker in [CLIENT_MODULE, MOCK_MODULE, SCAN_MODULE, CRATE_ONLY] {
            let lines: Vec<&str> = RUNTIME_TEMPLATE.lines().map(str::trim).collect();
            let at = lines.iter().position(|l| *l == marker);
            let at = at.unwrap_or_else(|| panic!("{marker} missing from the runtime's lib.rs"));
            assert_eq!(lines.iter().filter(|l| **l == marker).count(), 1);
            assert!(lines[at..].contains(&END), "{marker} is never closed");
        }
    }

    #[test]
    fn inlining_drops_the_crate_only_parts_and_places_the_client_module() {
        let none = super::super::formats::UsedCrates::default();
        let with_client = inline(&super::super::EmitOptions::default(), none, false);
        assert!(!with_client.contains("mod tests;"));
        assert!(!with_client.contains(CRATE_ONLY) && !with_client.contains(END));
        assert!(with_client.contains("#[cfg(feature = \"client\")]\npub mod client {\n"));
        let without = inline(
            &super::super::EmitOptions {
                client: false,
                ..Default::default()
            },
            none,
            false,
        );
        assert!(!without.contains("pub mod client"));
        assert!(!without.contains("time_rfc3339"));
        assert!(!without.contains("uuid::Uuid"));
        let used = super::super::formats::UsedCrates {
            time: true,
            uuid: true,
            ..none
        };
        let typed = inline(&super::super::EmitOptions::default(), used, false);
        assert!(typed.contains("pub mod time_rfc3339 {"));
        assert!(typed.contains("impl Validate for uuid::Uuid {"));
        assert!(!typed.contains("chrono::"));
        assert!(
            !typed.contains("#[cfg(feature = \"time\")]")
                && !typed.contains("#[cfg(feature = \"uuid\")]"),
            "the runtime crate's feature gates are dropped"
        );
        let without = inline(
            &super::super::EmitOptions {
                client: false,
                mock: false,
                ..Default::default()
            },
            none,
            false,
        );
        assert!(!without.contains("pub mod client"));
        assert!(!without.contains("pub mod mock"));
        assert!(with_client.contains(&format!("pub mod scan {{\n{SCAN_RUNTIME_TEMPLATE}")));
        assert!(!with_client.contains("pub mod scan;"));
        assert!(
            without.contains("pub mod scan {"),
            "the scanner is not optional"
        );
        assert!(without.contains("pub const fn is_compatible"));
    }

    #[test]
    fn every_client_submodule_is_declared_once_and_inlined_in_place() {
        let declared: Vec<&str> = CLIENT_RUNTIME_TEMPLATE
            .lines()
            .map(str::trim)
            .skip_while(|l| *l != SUBMODULES)
            .skip(1)
            .take_while(|l| *l != END)
            .filter_map(|l| {
                l.strip_prefix("mod ")
                    .or_else(|| l.strip_prefix("pub mod "))
            })
            .map(|l| l.trim_end_matches(';'))
            .collect();
        let known: Vec<&str> = CLIENT_SUBMODULES.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            declared, known,
            "client.rs declares exactly the embedded submodules"
        );
        let client = client_source();
        assert!(!client.contains(SUBMODULES));
        for (name, src) in CLIENT_SUBMODULES {
            assert!(client.contains(&format!("mod {name} {{\n{src}")), "{name}");
            assert!(!client.contains(&format!("mod {name};")), "{name}");
        }
        // The inlined client parses as Rust.
        syn::parse_file(&client).expect("the inlined client source parses");
    }

    #[test]
    fn the_feature_gates_become_the_outputs() {
        let opts = super::super::EmitOptions::default();
        let none = super::super::formats::UsedCrates::default();
        let with_jwt = inline(&opts, none, true);
        assert!(with_jwt.contains("\nmod jwt {\n"), "JWT compiled in");
        assert!(with_jwt.contains("pub use jwt::{JwtAlgorithm, JwtSigner};"));
        assert!(!with_jwt.contains(JWT_GATE));
        assert!(with_jwt.contains("#[cfg(feature = \"tracing\")]\n/// Tracing of calls"));
        assert!(with_jwt.contains("#[cfg(not(feature = \"tracing\"))]\n/// Without"));
        let renamed = inline(
            &super::super::EmitOptions {
                tracing_feature: Some("client-tracing".into()),
                ..opts.clone()
            },
            none,
            true,
        );
        assert!(renamed.contains("#[cfg(feature = \"client-tracing\")]\n/// Tracing of calls"));
        let plain = inline(
            &super::super::EmitOptions {
                tracing_feature: None,
                ..opts
            },
            none,
            false,
        );
        assert!(
            !plain.contains("mod jwt") && !plain.contains("jwt::"),
            "JWT compiled out"
        );
        assert!(!plain.contains(TRACING_GATE) && !plain.contains(JWT_GATE));
        assert!(!plain.contains("tracing::"), "tracing compiled out");
        assert_eq!(
            plain.matches("mod trace {").count(),
            1,
            "the no-op tracing stays"
        );
        // The gated client sources still parse.
        for (tracing, jwt) in [(Some("tracing"), true), (None, false)] {
            let opts = super::super::EmitOptions {
                tracing_feature: tracing.map(str::to_string),
                ..Default::default()
            };
            let client = client_source_with(|src| gated(src, &opts, jwt));
            syn::parse_file(&client).expect("the client parses");
        }
    }

    #[test]
    fn inlining_places_the_mock_module_behind_its_own_feature() {
        let none = super::super::formats::UsedCrates::default();
        let both = inline(&super::super::EmitOptions::default(), none, false);
        assert!(both.contains("#[cfg(feature = \"mock\")]\npub mod mock {\n"));
        assert!(both.contains(MOCK_RUNTIME_TEMPLATE));
        assert!(
            both.contains("src/lib.rs, scan.rs, client.rs, client/*.rs, mock.rs), inlined"),
            "{}",
            &both[..200]
        );
        // The mock without the client: its own module only, and the header says so.
        let mock_only = inline(
            &super::super::EmitOptions {
                client: false,
                mock_feature: Some("fake-vendor".into()),
                ..Default::default()
            },
            none,
            false,
        );
        assert!(!mock_only.contains("pub mod client"));
        assert!(mock_only.contains("#[cfg(feature = \"fake-vendor\")]\npub mod mock {\n"));
        assert!(mock_only.contains("src/lib.rs, scan.rs, mock.rs), inlined"));
        // Ungated: compiled whenever the runtime is.
        let ungated = inline(
            &super::super::EmitOptions {
                mock_feature: None,
                ..Default::default()
            },
            none,
            false,
        );
        assert!(ungated.contains("}\npub mod mock {\n") || ungated.contains("\npub mod mock {\n"));
        assert!(!ungated.contains("#[cfg(feature = \"mock\")]"));
    }

    #[test]
    fn runtime_sources_parse_by_name() {
        assert_eq!("crate".parse(), Ok(RuntimeSource::Crate));
        assert_eq!("inline".parse(), Ok(RuntimeSource::Inline));
        assert!("vendored".parse::<RuntimeSource>().is_err());
    }
}
