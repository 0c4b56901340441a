//! Diagnostics: the one catalog of schema mistakes, their accumulation and their rendering.
//!
//! Every message the loader, the lowering and the checks produce is built by a function of
//! [`Diagnostic`] here, so wording stays consistent: lowercase, the offending key in backticks,
//! and a hint that says what to do.
//!
//! The same type carries what the other stages report: the OpenAPI import's warnings and the
//! export's losses (located by a JSON pointer into a document, [`Location::Pointer`]) and the
//! emitters' failures ([`Location::Output`]). One renderer shows them all, in text and JSON.

use crate::source::{SourceMap, Span};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Stops generation; `schemagen check` exits 1.
    Error,
    /// Reported, but does not fail.
    Warning,
}

impl std::fmt::Display for Diagnostic {
    /// One line. A diagnostic about a place in a document or an output file names it; one about
    /// a schema is rendered with its location by [`Diagnostic::one_line`] or [`Diagnostics`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Location::Span(_) => {
                let sev = match self.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                write!(f, "{sev}[{}]: {}", self.code, self.message)
            }
            _ => f.write_str(&self.one_line(&SourceMap::new())),
        }
    }
}

impl std::error::Error for Diagnostic {}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A range of a loaded source file (a schema): rendered with its line and a marker.
    Span(Span),
    /// A place in a document that is not a loaded schema (an OpenAPI document being imported
    /// or exported): the document's name and an RFC 6901 JSON pointer (empty for the root).
    Pointer {
        /// The document's name (a file name, or `<api> (OpenAPI export)`).
        document: String,
        /// The JSON pointer.
        pointer: String,
    },
    /// A file being generated (or `(options)` for an option that does not parse).
    Output(String),
}

/// One located message about a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `unknown-key`.
    pub code: &'static str,
    /// What is wrong, in one lowercase sentence.
    pub message: String,
    /// Where it is wrong.
    pub location: Location,
    /// Short text shown under the marker.
    pub label: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// Other places that explain the problem (e.g. the first definition of a duplicate).
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    fn error(
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: Location::Span(span),
            label: label.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// A diagnostic about a place in a document that is not a loaded schema (an OpenAPI
    /// document), located by a JSON pointer.
    pub fn at_pointer(
        severity: Severity,
        code: &'static str,
        document: &str,
        pointer: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: Location::Pointer {
                document: document.to_string(),
                pointer: pointer.to_string(),
            },
            label: String::new(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// A generation failure for one output file.
    pub fn in_output(code: &'static str, file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: Location::Output(file.to_string()),
            label: String::new(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// Names the document of a diagnostic located by a JSON pointer, when it has no name yet
    /// (the importer does not know the file it reads).
    pub fn in_document(mut self, name: &str) -> Self {
        if let Location::Pointer { document, .. } = &mut self.location {
            if document.is_empty() {
                *document = name.to_string();
            }
        }
        self
    }

    /// One line for a diagnostic about a document that is not a loaded schema, naming the
    /// document (`spec.yaml#/paths/~1a/get: warning[code]: message`).
    pub fn one_line_in(&self, document: &str) -> String {
        match &self.location {
            // A schema diagnostic needs its sources for a location; without them, no place.
            Location::Span(_) => self.to_string(),
            _ => self
                .clone()
                .in_document(document)
                .one_line(&SourceMap::new()),
        }
    }

    /// The JSON pointer, for a diagnostic about a place in a document.
    pub fn pointer(&self) -> Option<&str> {
        match &self.location {
            Location::Pointer { pointer, .. } => Some(pointer),
            _ => None,
        }
    }

    /// The source range, for a diagnostic about a loaded schema.
    pub fn span(&self) -> Option<Span> {
        match &self.location {
            Location::Span(s) => Some(*s),
            _ => None,
        }
    }

    /// One line, without the source: `document#/pointer: warning[code]: message`,
    /// `file:line:column: error[code]: message`. `sources` resolves spans.
    pub fn one_line(&self, sources: &SourceMap) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = match &self.location {
            Location::Span(s) => {
                let file = sources.get(s.file);
                let (line, column) = file.line_col(s.start);
                format!("{}:{line}:{column}", file.display_name())
            }
            Location::Pointer { document, pointer } => format!("{document}#{pointer}"),
            Location::Output(file) => file.clone(),
        };
        let hint = self
            .hint
            .as_deref()
            .map(|h| format!(" (help: {h})"))
            .unwrap_or_default();
        format!("{place}: {sev}[{}]: {}{hint}", self.code, self.message)
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a related location.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// Turns the diagnostic into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    // ---- the catalog -------------------------------------------------------------------

    /// The YAML itself does not parse.
    pub fn invalid_yaml(span: Span, detail: &str) -> Self {
        Self::error("invalid-yaml", span, format!("invalid YAML: {detail}"), "the YAML parser stopped here")
            .with_hint("fix the YAML syntax (indentation, quotes, `:` after keys); nothing else in this file was checked")
    }

    /// A file that could not be read.
    pub fn io(span: Span, detail: &str) -> Self {
        Self::error("io", span, format!("cannot read schema: {detail}"), "")
    }

    /// YAML features the language does not use (aliases, tags, non-string keys, several documents).
    pub fn unsupported_yaml(span: Span, what: &str) -> Self {
        Self::error(
            "unsupported-yaml",
            span,
            format!("{what} is not supported in schemas"),
            "not supported",
        )
        .with_hint("write the value out in full")
    }

    /// Mappings and sequences nested deeper than the loader accepts.
    pub fn too_deep(span: Span, limit: usize) -> Self {
        Self::error("too-deep", span, format!("YAML nested deeper than {limit} levels"), "too deep")
            .with_hint("a schema never needs this depth: flatten the value, or name the nested types under `types:`")
    }

    /// A key the language does not know at this place.
    pub fn unknown_key(span: Span, key: &str, context: &str, allowed: &[&str]) -> Self {
        let hint = match did_you_mean(key, allowed.iter().copied()) {
            Some(best) => format!(
                "did you mean `{best}`? keys allowed in {context}: {}",
                allowed.join(", ")
            ),
            None => format!("keys allowed in {context}: {}", allowed.join(", ")),
        };
        Self::error(
            "unknown-key",
            span,
            format!("unknown key `{key}` in {context}"),
            "unknown key",
        )
        .with_hint(hint)
    }

    /// A key given twice in one mapping.
    pub fn duplicate_key(span: Span, key: &str, first: Span) -> Self {
        Self::error(
            "duplicate-key",
            span,
            format!("key `{key}` is given twice"),
            "second definition",
        )
        .with_related(first, "first defined here")
        .with_hint("remove one of them; YAML would silently keep only the last")
    }

    /// A required key is missing.
    pub fn missing_key(span: Span, key: &str, context: &str, hint: &str) -> Self {
        Self::error(
            "missing-key",
            span,
            format!("{context} needs the key `{key}`"),
            format!("`{key}` missing here"),
        )
        .with_hint(hint.to_string())
    }

    /// A value of the wrong YAML kind.
    pub fn wrong_type(span: Span, key: &str, expected: &str, found: &str) -> Self {
        Self::error(
            "wrong-type",
            span,
            format!("`{key}` must be {expected}, found {found}"),
            format!("expected {expected}"),
        )
        .with_hint(format!("write `{key}` as {expected}"))
    }

    /// A value that is not among the accepted words.
    pub fn invalid_value(span: Span, key: &str, value: &str, allowed: &[&str]) -> Self {
        let hint = match did_you_mean(value, allowed.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? accepted: {}", allowed.join(", ")),
            None => format!("accepted: {}", allowed.join(", ")),
        };
        Self::error(
            "invalid-value",
            span,
            format!("`{value}` is not a valid `{key}`"),
            "not accepted here",
        )
        .with_hint(hint)
    }

    /// A general invalid value with a free-form reason.
    pub fn bad_value(span: Span, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::error("invalid-value", span, message, "here").with_hint(hint)
    }

    /// A reference to a type that is not defined.
    pub fn unknown_type<'a>(span: Span, name: &str, known: impl Iterator<Item = &'a str>) -> Self {
        let hint = match did_you_mean(name, known) {
            Some(best) => format!(
                "did you mean `{best}`? otherwise define `{name}` under `types:` or use a built-in type (string, boolean, int32, int64, integer, number, any, array, map)"
            ),
            None => format!(
                "define `{name}` under `types:`, or use a built-in type (string, boolean, int32, int64, integer, number, any, array, map)"
            ),
        };
        Self::error(
            "unknown-type",
            span,
            format!("unknown type `{name}`"),
            "not defined",
        )
        .with_hint(hint)
    }

    /// Two definitions with the same name.
    pub fn duplicate_name(span: Span, what: &str, name: &str, first: Span) -> Self {
        Self::error(
            "duplicate-name",
            span,
            format!("{what} `{name}` is defined twice"),
            "defined again here",
        )
        .with_related(first, "first defined here")
        .with_hint(format!("rename one of the two {what}s"))
    }

    /// Two names that become the same Rust identifier.
    pub fn rust_name_collision(
        span: Span,
        what: &str,
        name: &str,
        other: &str,
        rust: &str,
        first: Span,
    ) -> Self {
        Self::error(
            "rust-name-collision",
            span,
            format!("{what} `{name}` and `{other}` both become the Rust name `{rust}`"),
            format!("becomes `{rust}`"),
        )
        .with_related(first, format!("`{other}` also becomes `{rust}`"))
        .with_hint(format!(
            "give one of them a `rust_name:` so the two stay apart; the wire name `{name}` is kept"
        ))
    }

    /// A name from which no Rust identifier can be derived.
    pub fn no_rust_name(span: Span, what: &str, name: &str) -> Self {
        Self::error(
            "no-rust-name",
            span,
            format!("cannot derive a Rust name from {what} `{name}`"),
            "no letters or digits to build a name from",
        )
        .with_hint("add a `rust_name:` with the identifier to use")
    }

    /// A `rust_name` override that is not a usable identifier.
    pub fn bad_rust_name(span: Span, name: &str, why: &str) -> Self {
        Self::error("bad-rust-name", span, format!("`{name}` cannot be used as a Rust name: {why}"), "here")
            .with_hint("use letters, digits and `_`, not starting with a digit, and not a reserved word such as `self` or `crate`")
    }

    /// A path template parameter that is not declared.
    pub fn undeclared_path_param(span: Span, name: &str, op: &str) -> Self {
        Self::error(
            "undeclared-path-parameter",
            span,
            format!("path of `{op}` uses `{{{name}}}`, which is not declared"),
            format!("`{{{name}}}` has no parameter"),
        )
        .with_hint(format!(
            "declare it under `parameters:` as `{name}: {{ in: path, type: string }}`"
        ))
    }

    /// A path template name with no parameter, while a declared path parameter is unused.
    pub fn mismatched_path_param(
        span: Span,
        name: &str,
        op: &str,
        declared: &str,
        declared_span: Span,
    ) -> Self {
        Self::error(
            "undeclared-path-parameter",
            span,
            format!("path of `{op}` uses `{{{name}}}`, which is not declared (the path parameter `{declared}` is declared but not used)"),
            format!("`{{{name}}}` has no parameter"),
        )
        .with_related(declared_span, format!("`{declared}` is not in the path"))
        .with_hint(format!("rename the parameter `{declared}` to `{name}`, or write `{{{declared}}}` in the path"))
    }

    /// A declared path parameter that the template does not use.
    pub fn unused_path_param(span: Span, name: &str, path: &str) -> Self {
        Self::error(
            "unused-path-parameter",
            span,
            format!("path parameter `{name}` does not appear in the path `{path}`"),
            "not in the path",
        )
        .with_hint(format!(
            "add `{{{name}}}` to the path, or make it a query or header parameter"
        ))
    }

    /// An impossible combination of constraints.
    pub fn impossible_constraint(span: Span, message: impl Into<String>) -> Self {
        Self::error(
            "impossible-constraint",
            span,
            message,
            "no value can satisfy this",
        )
        .with_hint("check the bounds: the lower one must not exceed the upper one")
    }

    /// A constraint on a type that it does not apply to.
    pub fn constraint_type_mismatch(span: Span, key: &str, ty: &str, applies_to: &str) -> Self {
        Self::error(
            "constraint-type-mismatch",
            span,
            format!("`{key}` does not apply to type `{ty}`"),
            format!("`{key}` needs {applies_to}"),
        )
        .with_hint(format!(
            "remove `{key}`, or change the type to {applies_to}"
        ))
    }

    /// A regular expression that does not compile.
    pub fn invalid_pattern(span: Span, detail: &str) -> Self {
        Self::error(
            "invalid-pattern",
            span,
            "invalid regular expression in `pattern`",
            "does not compile",
        )
        .with_hint(format!(
            "the regex engine says: {}",
            detail.lines().last().unwrap_or(detail).trim()
        ))
    }

    /// A rule that names a field the object does not have.
    pub fn unknown_rule_field<'a>(
        span: Span,
        field: &str,
        object: &str,
        known: impl Iterator<Item = &'a str>,
    ) -> Self {
        let hint = match did_you_mean(field, known) {
            Some(best) => {
                format!("did you mean `{best}`? rules may only name fields of `{object}`")
            }
            None => format!("rules may only name fields of `{object}`"),
        };
        Self::error(
            "unknown-rule-field",
            span,
            format!("rule names `{field}`, which is not a field of `{object}`"),
            "no such field",
        )
        .with_hint(hint)
    }

    /// An enum default or const that is not among the values.
    pub fn default_not_in_enum(span: Span, value: &str, ty: &str, values: &[&str]) -> Self {
        let hint = match did_you_mean(value, values.iter().copied()) {
            Some(best) => format!(
                "did you mean `{best}`? the values of `{ty}` are: {}",
                values.join(", ")
            ),
            None => format!("the values of `{ty}` are: {}", values.join(", ")),
        };
        Self::error(
            "default-not-in-enum",
            span,
            format!("default `{value}` is not a value of enum `{ty}`"),
            "not a value of the enum",
        )
        .with_hint(hint)
    }

    /// A value (default, const, example) that does not fit its type.
    pub fn value_type_mismatch(span: Span, key: &str, ty: &str) -> Self {
        Self::error(
            "value-type-mismatch",
            span,
            format!("`{key}` does not fit the type `{ty}`"),
            format!("not a `{ty}`"),
        )
        .with_hint(format!("give `{key}` a value of type `{ty}`"))
    }

    /// Something that is not allowed where it is (free-form, with code).
    pub fn invalid(
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self::error(code, span, message, label).with_hint(hint)
    }
}

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The diagnostics of one run, accumulated across files and phases.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// True when any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// All, sorted by file, position, then code: the order they are shown in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.location, a.code, &a.message).cmp(&(&b.location, b.code, &b.message)));
        v.dedup_by(|a, b| a == b);
        v
    }

    /// Moves all of `other` in.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The codes of the errors (not warnings), in the order they are shown.
    pub fn error_codes(&self) -> Vec<&'static str> {
        self.sorted()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect()
    }

    /// Every diagnostic, in recording order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The schema files that have at least one error, in load order.
    pub fn files_with_errors(&self, sources: &SourceMap) -> Vec<std::path::PathBuf> {
        let mut ids: Vec<crate::source::FileId> = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter_map(|d| match &d.location {
                Location::Span(span) => Some(span.file),
                _ => None,
            })
            .collect();
        ids.sort_by_key(|id| id.0);
        ids.dedup();
        ids.into_iter()
            .map(|id| sources.get(id).path.clone())
            .collect()
    }

    /// Renders every diagnostic like a compiler does: header, `file:line:column`, the source
    /// line with a marker, and the hint. Ends with a summary line.
    pub fn render(&self, sources: &SourceMap) -> String {
        let mut files = SimpleFiles::new();
        let ids: Vec<usize> = sources
            .files()
            .map(|(_, f)| files.add(f.display_name(), f.text.clone()))
            .collect();
        let config = term::Config::default();
        let mut out = String::new();
        for d in self.sorted() {
            let Location::Span(span) = &d.location else {
                out.push_str(&d.one_line(sources));
                out.push('\n');
                continue;
            };
            let mut labels = vec![
                Label::primary(ids[span.file.0], span.start..span.end)
                    .with_message(d.label.clone()),
            ];
            for (span, text) in &d.related {
                labels.push(
                    Label::secondary(ids[span.file.0], span.start..span.end)
                        .with_message(text.clone()),
                );
            }
            let base = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            };
            let mut cs = base
                .with_code(d.code)
                .with_message(d.message.clone())
                .with_labels(labels);
            if let Some(h) = &d.hint {
                cs = cs.with_notes(vec![format!("help: {h}")]);
            }
            match term::emit_into_string(&config, &files, &cs) {
                Ok(s) => out.push_str(&s),
                Err(e) => out.push_str(&format!(
                    "error[{}]: {} (could not render the location: {e})\n",
                    d.code, d.message
                )),
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// One line: how many errors and warnings.
    pub fn summary(&self) -> String {
        let (e, w) = (self.error_count(), self.warning_count());
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!("{}, {}", plural(e, "error"), plural(w, "warning"))
    }

    /// One JSON object per diagnostic per line: file, line, column, severity, code, message, hint.
    pub fn render_json(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let v = match &d.location {
                Location::Span(span) => {
                    let file = sources.get(span.file);
                    let (line, column) = file.line_col(span.start);
                    serde_json::json!({
                        "file": file.display_name(),
                        "line": line,
                        "column": column,
                        "severity": severity,
                        "code": d.code,
                        "message": d.message,
                        "hint": d.hint,
                    })
                }
                Location::Pointer { document, pointer } => serde_json::json!({
                    "file": document,
                    "pointer": pointer,
                    "severity": severity,
                    "code": d.code,
                    "message": d.message,
                    "hint": d.hint,
                }),
                Location::Output(file) => serde_json::json!({
                    "file": file,
                    "severity": severity,
                    "code": d.code,
                    "message": d.message,
                    "hint": d.hint,
                }),
            };
            out.push_str(&v.to_string());
            out.push('\n');
        }
        out
    }
}
