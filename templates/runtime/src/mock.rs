//! Runtime support for mock servers: a validating fake of an API, served over HTTP/1.1.
//!
//! The `mock` module of the runtime (its parent module is the runtime itself, `super`). It is
//! compiled only with the `mock` feature and depends on `http`, `hyper`, `hyper-util`,
//! `http-body-util` and `tokio`. Generated `mock::MockServer`s describe their API with an
//! [`ApiSpec`] (paths, methods, auth schemes, parameters, bodies, responses, and the generated
//! validators) and run on a [`Server`]; `schemagen mock` builds the same description from a
//! schema file with the interpreted validators.
//!
//! # What the server checks, in order
//!
//! 1. The body size: more than [`Options::max_body_bytes`] is `413`.
//! 2. The path and method: no operation has the path, `404` (listing the paths served); one
//!    has it but not with this method, `405` with an `Allow` header. Every path is served at
//!    the root and under [`ApiSpec::base_path`] (the path of the API's server URL).
//! 3. The credentials: missing, or of a scheme the operation does not accept, `401` with a
//!    `WWW-Authenticate` header. Any well-formed credential is accepted; secrets are not
//!    checked.
//! 4. Every parameter (path, query, header; the API-wide headers are parameters too), the
//!    content type and the body. JSON bodies are checked as they are; form bodies
//!    (`application/x-www-form-urlencoded`) as the JSON object they decode to
//!    ([`decode_form`]); a body of another documented content type is accepted without a check
//!    ([`Exchange::unchecked_body`]). Every problem is listed; any error makes the request invalid,
//!    answered with the operation's invalid-request status: `400`, or `422` when the schema
//!    documents `422` and not `400`.
//!
//! An error answer is a JSON document `{"error", "message", "violations"}`, each violation
//! with `in` (`method`, `path`, `query`, `header` or `body`), `pointer`, `code`, `message`
//! and `severity`. When the schema documents a body for that status and the document does not
//! pass its validator, the document's members are added to the documented example body; when
//! that does not pass either, the documented example body is sent alone (the violations are
//! still recorded and logged).
//!
//! # What a valid request gets
//!
//! The first of: the operation's queue of canned responses, the server-wide queue, the
//! operation's handler, and the default answer (the lowest documented `2xx` status with the
//! body built from the schema's examples and defaults). A [`Response`] can be delayed or drop
//! the connection without answering.
//!
//! Every request is recorded ([`Server::requests`]), with the operation it matched, the status
//! it got (none when the connection was dropped) and every violation.

use std::collections::VecDeque;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http_body_util::BodyExt as _;

use super::{Report, Severity, Violation};

/// The request body size above which the server answers `413` (1 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// How long [`Server::shutdown`] waits for connections to finish before closing them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Bodies up to this many bytes past the limit are read and discarded before a `413` is sent,
/// so that the client, still sending, reads the answer instead of a reset connection.
const DRAIN_LIMIT: usize = 16 << 20;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks leaves consistent data (every critical section
    // is a push, a pop or a copy), so a poisoned lock is used as it is.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---------------------------------------------------------------------------
// The description of an API
// ---------------------------------------------------------------------------

/// The credentials an auth scheme expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(<user>:<password>)`.
    Basic {
        /// The user name carries the key and the password must be empty.
        password_empty: bool,
    },
    /// `<header>: <prefix> <token>`, or `<header>: <token>` without a prefix.
    ApiKey {
        /// The header's name.
        header: String,
        /// The word before the token, if any.
        prefix: Option<String>,
    },
}

/// An auth scheme of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthScheme {
    /// Its name in the schema.
    pub name: String,
    /// What it expects.
    pub kind: AuthKind,
}

impl AuthKind {
    /// The header this scheme's credentials travel in.
    fn header(&self) -> &str {
        match self {
            AuthKind::Bearer | AuthKind::Basic { .. } => "Authorization",
            AuthKind::ApiKey { header, .. } => header,
        }
    }

    /// What to send, for messages.
    fn describe(&self) -> String {
        match self {
            AuthKind::Bearer => "`Authorization: Bearer <token>`".to_string(),
            AuthKind::Basic {
                password_empty: true,
            } => "`Authorization: Basic base64(<key>:)`".to_string(),
            AuthKind::Basic {
                password_empty: false,
            } => "`Authorization: Basic base64(<user>:<password>)`".to_string(),
            AuthKind::ApiKey {
                header,
                prefix: Some(p),
            } => format!("`{header}: {p} <key>`"),
            AuthKind::ApiKey {
                header,
                prefix: None,
            } => format!("`{header}: <key>`"),
        }
    }

    /// The scheme named in a `WWW-Authenticate` challenge, if it has one.
    fn challenge(&self) -> Option<&str> {
        match self {
            AuthKind::Bearer => Some("Bearer"),
            AuthKind::Basic { .. } => Some("Basic"),
            AuthKind::ApiKey { header, prefix } if header.eq_ignore_ascii_case("authorization") => {
                prefix.as_deref()
            }
            AuthKind::ApiKey { .. } => None,
        }
    }

    /// Whether `value` (the header's value) is a well-formed credential of this kind; `Err`
    /// says what is wrong with it.
    fn accepts(&self, value: &str) -> Result<(), String> {
        let with_scheme = |scheme: &str| -> Result<String, String> {
            match value.split_once(' ') {
                Some((s, rest)) if s.eq_ignore_ascii_case(scheme) => {
                    let token = rest.trim_start_matches(' ');
                    if token.is_empty() || token.contains(' ') {
                        Err(format!(
                            "the {scheme} credential must be one non-empty token"
                        ))
                    } else {
                        Ok(token.to_string())
                    }
                }
                _ => Err(format!("expected the `{scheme}` scheme")),
            }
        };
        match self {
            AuthKind::Bearer => with_scheme("Bearer").map(|_| ()),
            AuthKind::Basic { password_empty } => {
                let token = with_scheme("Basic")?;
                let decoded = base64_decode(&token)
                    .and_then(|b| String::from_utf8(b).ok())
                    .ok_or("the Basic credential is not Base64 of UTF-8 text")?;
                let (user, password) = decoded
                    .split_once(':')
                    .ok_or("the Basic credential has no `:` between user and password")?;
                if user.is_empty() {
                    return Err("the Basic credential has an empty user name".to_string());
                }
                if *password_empty && !password.is_empty() {
                    return Err("the key goes in the user name; the password must be empty".into());
                }
                Ok(())
            }
            AuthKind::ApiKey {
                prefix: Some(p), ..
            } => with_scheme(p).map(|_| ()),
            AuthKind::ApiKey { prefix: None, .. } => {
                if value.trim().is_empty() {
                    Err("the key is empty".to_string())
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

impl ParamLocation {
    fn part(self) -> Part {
        match self {
            ParamLocation::Path => Part::Path,
            ParamLocation::Query => Part::Query,
            ParamLocation::Header => Part::Header,
        }
    }
}

/// How a parameter's text becomes the JSON value its check and its typed field read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// A string, as it is.
    String,
    /// An integer; text that is not one stays a string (and fails the check).
    Integer,
    /// A number; likewise.
    Number,
    /// `true` or `false`; likewise.
    Boolean,
}

impl ParamKind {
    /// The JSON value of a parameter's text.
    pub fn value(self, text: &str) -> serde_json::Value {
        use serde_json::Value;
        let parsed = match self {
            ParamKind::String => None,
            ParamKind::Integer => text
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| text.parse::<u64>().map(Value::from))
                .ok(),
            ParamKind::Number => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            ParamKind::Boolean => match text {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
        };
        parsed.unwrap_or_else(|| Value::String(text.to_string()))
    }
}

/// Checks a parameter's value (at the root; the server places the pointers under the
/// parameter's name).
pub type ParamCheck = Arc<dyn Fn(&serde_json::Value) -> Report + Send + Sync>;

/// Checks a request body's bytes: JSON syntax, then the payload validator.
pub type BodyCheck = Arc<dyn Fn(&[u8]) -> Report + Send + Sync>;

/// Validates a response body of a status; `None` when the status is not documented.
pub type ResponseCheck = Arc<dyn Fn(u16, &serde_json::Value) -> Option<Report> + Send + Sync>;

/// A parameter (or a header the API requires with every request).
#[derive(Clone)]
pub struct ParamSpec {
    /// The wire name.
    pub name: String,
    /// Where it is sent.
    pub location: ParamLocation,
    /// Whether it must be sent (path parameters always are).
    pub required: bool,
    /// How its text becomes JSON.
    pub kind: ParamKind,
    /// Its check.
    pub check: ParamCheck,
}

impl fmt::Debug for ParamSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParamSpec")
            .field("name", &self.name)
            .field("location", &self.location)
            .field("required", &self.required)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// A request body.
#[derive(Clone)]
pub struct BodySpec {
    /// Whether it must be sent.
    pub required: bool,
    /// The content types the operation accepts.
    pub content_types: Vec<String>,
    /// Its check, of JSON bytes (a form body is checked as the JSON object it decodes to).
    pub check: BodyCheck,
    /// How an `application/x-www-form-urlencoded` body becomes the JSON object `check`
    /// reads: the body type's fields. `None` when the operation takes no form bodies, or its
    /// body type is not an object (then form bodies are accepted without a check).
    pub form: Option<Vec<FormField>>,
}

impl fmt::Debug for BodySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodySpec")
            .field("required", &self.required)
            .field("content_types", &self.content_types)
            .field("form", &self.form)
            .finish_non_exhaustive()
    }
}

impl BodySpec {
    /// The content types of this body that the server accepts without checking the body
    /// (neither JSON, nor a form it can decode), in the schema's order.
    pub fn unchecked_content_types(&self) -> Vec<&str> {
        self.content_types
            .iter()
            .map(String::as_str)
            .filter(|c| self.read_as(c) == BodyFormat::Unchecked)
            .collect()
    }

    /// How a body of `content_type` (its essence, lower case) is read.
    fn read_as(&self, content_type: &str) -> BodyFormat {
        let essence = content_type.trim().to_ascii_lowercase();
        if is_json(&essence) {
            BodyFormat::Json
        } else if essence == FORM_CONTENT_TYPE && self.form.is_some() {
            BodyFormat::Form
        } else {
            BodyFormat::Unchecked
        }
    }
}

/// The content type of HTML form bodies.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// How the server reads a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyFormat {
    Json,
    Form,
    Unchecked,
}

/// A field of a form body (`application/x-www-form-urlencoded`): how its text becomes the
/// JSON value the body check reads. Text that does not parse as the kind stays a string, which
/// the check then refuses; a field the list does not name stays a string too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// The wire name.
    pub name: String,
    /// How its text (or each item's, for a list) becomes JSON.
    pub kind: ParamKind,
    /// Whether it is an array: every occurrence of the key is an item (`tag=a&tag=b`). A
    /// field that is not a list must be sent once.
    pub list: bool,
}

/// A documented response, with the body the server sends for it by default.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseSpec {
    /// The status; `None` for the schema's `default` response.
    pub status: Option<u16>,
    /// The default body (built from the schema's examples and defaults), if it has one.
    pub body: Option<serde_json::Value>,
}

/// One operation.
#[derive(Clone)]
pub struct OperationSpec {
    /// The operation id.
    pub id: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template, e.g. `/calls/{callId}`.
    pub path: String,
    /// The names of the auth schemes it accepts (any one will do); empty: no credentials.
    pub auth: Vec<String>,
    /// Its parameters, then the headers the API requires with every request.
    pub params: Vec<ParamSpec>,
    /// Its request body, if it takes one.
    pub body: Option<BodySpec>,
    /// Its documented responses.
    pub responses: Vec<ResponseSpec>,
    /// The validator of its response bodies.
    pub check_response: Option<ResponseCheck>,
    /// The typed side (recording and handlers), when generated code serves it.
    pub typed: Option<Arc<dyn TypedOperation>>,
}

impl fmt::Debug for OperationSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationSpec")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("auth", &self.auth)
            .field("params", &self.params)
            .field("body", &self.body)
            .field("responses", &self.responses)
            .finish_non_exhaustive()
    }
}

impl OperationSpec {
    /// The status of an invalid request: `400`, or `422` when `422` is documented and `400`
    /// is not.
    pub fn invalid_status(&self) -> u16 {
        let documented = |s: u16| self.responses.iter().any(|r| r.status == Some(s));
        if !documented(400) && documented(422) {
            422
        } else {
            400
        }
    }

    /// The status and body of the default answer to a valid request: the lowest documented
    /// `2xx`; else `200` with the `default` response's body; else `204` without a body.
    pub fn default_answer(&self) -> (u16, Option<&serde_json::Value>) {
        let success = self
            .responses
            .iter()
            .filter_map(|r| r.status.filter(|s| (200..300).contains(s)).map(|s| (s, r)))
            .min_by_key(|(s, _)| *s);
        match success {
            Some((s, r)) => (s, r.body.as_ref()),
            None => match self.responses.iter().find(|r| r.status.is_none()) {
                Some(r) => (200, r.body.as_ref()),
                None => (204, None),
            },
        }
    }

    /// The documented default body of `status` (or of the `default` response).
    pub fn documented_body(&self, status: u16) -> Option<&serde_json::Value> {
        self.responses
            .iter()
            .find(|r| r.status == Some(status))
            .or_else(|| self.responses.iter().find(|r| r.status.is_none()))
            .and_then(|r| r.body.as_ref())
    }
}

/// An API as the server serves it.
#[derive(Debug, Clone)]
pub struct ApiSpec {
    /// The API's name.
    pub name: String,
    /// The path of the API's default server URL, e.g. `/telephony/v1` for
    /// `https://{MyDomain}.my.salesforce-scrt.com/telephony/v1`; empty when it has none. Every
    /// operation is served both at the root and under it, so a client may be given the base
    /// URL with the vendor's path or without it. A `{variable}` segment matches any one
    /// non-empty segment.
    pub base_path: String,
    /// Its auth schemes.
    pub auth: Vec<AuthScheme>,
    /// Its operations.
    pub operations: Vec<OperationSpec>,
}

/// A JSON value from text that generated code embeds (a default body); `null` if it does not
/// parse, which the tests of the generator rule out.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}

/// The report of a body that is not JSON: one `syntax` error at the root.
pub fn syntax_error(error: &serde_json::Error) -> Report {
    let mut report = Report::new();
    report.error(
        &super::Path::root(),
        "syntax",
        format!("the body is not JSON: {error}"),
    );
    report
}

/// The report of an operation whose payload the validator does not know (a generator bug).
pub fn unknown_payload(error: &super::UnknownPayload) -> Report {
    let mut report = Report::new();
    report.error(&super::Path::root(), "undocumented", error.to_string());
    report
}

// ---------------------------------------------------------------------------
// Requests and what the server made of them
// ---------------------------------------------------------------------------

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRequest {
    /// The method, as sent.
    pub method: String,
    /// The request target: the path and the query, exactly as sent.
    pub target: String,
    /// The headers.
    pub headers: http::HeaderMap,
    /// The body bytes (empty when there was none, or when it was too large to keep).
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    /// The query string, without the `?`.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// The first value of a header, if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// The part of a request a violation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The method.
    Method,
    /// The path (an unknown path, or a path parameter).
    Path,
    /// A query parameter.
    Query,
    /// A header (credentials, a required header, the content type).
    Header,
    /// The body.
    Body,
}

impl Part {
    /// The name used in error documents: `method`, `path`, `query`, `header`, `body`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Method => "method",
            Part::Path => "path",
            Part::Query => "query",
            Part::Header => "header",
            Part::Body => "body",
        }
    }
}

/// A violation and the part of the request it is in. Its pointer is into the body for
/// [`Part::Body`]; otherwise it starts with the parameter's or header's name
/// (`/callId`, `/Authorization`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestViolation {
    /// Where.
    pub part: Part,
    /// What.
    pub violation: Violation,
}

impl RequestViolation {
    fn error(part: Part, pointer: String, code: &'static str, message: impl Into<String>) -> Self {
        RequestViolation {
            part,
            violation: Violation {
                pointer,
                code,
                message: message.into(),
                severity: Severity::Error,
            },
        }
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.violation.severity == Severity::Error
    }

    fn to_json(&self) -> serde_json::Value {
        let Violation {
            pointer,
            code,
            message,
            severity,
        } = &self.violation;
        serde_json::json!({
            "in": self.part.as_str(),
            "pointer": pointer,
            "code": code,
            "message": message,
            "severity": match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
        })
    }
}

impl fmt::Display for RequestViolation {
    /// `<in> <pointer> <code> <message>`, prefixed with `warning: ` for warnings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.violation.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        let pointer = if self.violation.pointer.is_empty() {
            "\"\""
        } else {
            &self.violation.pointer
        };
        write!(
            f,
            "{} {pointer} {} {}",
            self.part.as_str(),
            self.violation.code,
            self.violation.message
        )
    }
}

/// One request and what the server did with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// The request.
    pub request: RawRequest,
    /// The operation it matched, if any.
    pub operation: Option<String>,
    /// The status answered; `None` when the connection was dropped without an answer.
    pub status: Option<u16>,
    /// Every violation found (warnings included).
    pub violations: Vec<RequestViolation>,
    /// The content type of a body the server accepted without checking it (one that is
    /// neither JSON nor a form it can decode); `None` when the body was checked or absent.
    pub unchecked_body: Option<String>,
}

impl Exchange {
    /// Whether the request passed every check.
    pub fn is_valid(&self) -> bool {
        !self.violations.iter().any(RequestViolation::is_error)
    }

    /// One line for a log: `PUT /activity/call/acti_1/ -> 400 update_call_activity invalid:
    /// body /duration maximum must be at most 604800, found 604801`. The verdict is `ok` (then
    /// the warnings, if any: `ok; warning: body /note precedence ...`) or `invalid` with the
    /// errors; the status is `dropped` when the connection was closed without an answer. A body
    /// accepted without a check adds `body not checked (content type application/xml)` to an
    /// `ok`. Never shows a header's value.
    pub fn summary(&self) -> String {
        let status = self
            .status
            .map_or_else(|| "dropped".to_string(), |s| s.to_string());
        let operation = self.operation.as_deref().unwrap_or("-");
        let errors: Vec<String> = self
            .violations
            .iter()
            .filter(|v| v.is_error())
            .map(ToString::to_string)
            .collect();
        let verdict = if !errors.is_empty() {
            format!("invalid: {}", errors.join("; "))
        } else {
            let mut notes: Vec<String> = self.violations.iter().map(ToString::to_string).collect();
            if let Some(c) = &self.unchecked_body {
                notes.push(format!("body not checked (content type {})", printable(c)));
            }
            if notes.is_empty() {
                "ok".to_string()
            } else {
                format!("ok; {}", notes.join("; "))
            }
        };
        let target: String = self
            .request
            .target
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        format!(
            "{} {target} -> {status} {operation} {verdict}",
            self.request.method
        )
    }
}

/// The request of an operation after every check passed, from which generated code builds
/// its typed request.
#[derive(Debug)]
pub struct Checked<'a> {
    request: &'a RawRequest,
    /// Each parameter's JSON value, in the order of the operation's `params`.
    params: &'a [Option<serde_json::Value>],
    /// How the body was read.
    body: &'a BodyRead,
}

/// How the server read a request's body.
#[derive(Debug, Clone, PartialEq)]
enum BodyRead {
    /// No body, or a JSON one (read from the bytes).
    Bytes,
    /// A form body, as the JSON object it was checked as.
    Form(serde_json::Value),
    /// A body of this content type, accepted without a check.
    Unchecked(String),
}

impl<'a> Checked<'a> {
    /// The request as received.
    pub fn request(&self) -> &'a RawRequest {
        self.request
    }

    fn value(&self, index: usize) -> Option<&'a serde_json::Value> {
        self.params.get(index).and_then(Option::as_ref)
    }

    /// The value of the required parameter `index`.
    pub fn param<T: serde::de::DeserializeOwned>(&self, index: usize) -> Result<T, Report> {
        match self.value(index) {
            Some(v) => T::deserialize(v).map_err(|e| type_report(&e)),
            None => {
                let mut report = Report::new();
                report.error(
                    &super::Path::root(),
                    "required",
                    format!("parameter {index} of the operation is missing"),
                );
                Err(report)
            }
        }
    }

    /// The value of the optional parameter `index`.
    pub fn optional_param<T: serde::de::DeserializeOwned>(
        &self,
        index: usize,
    ) -> Result<Option<T>, Report> {
        self.value(index)
            .map(|v| T::deserialize(v).map_err(|e| type_report(&e)))
            .transpose()
    }

    /// The body, which must be there: JSON, or a form body as the JSON object it was checked
    /// as. A body the server did not check (see [`Checked::unchecked_body`]) is an error.
    pub fn body<T: serde::de::DeserializeOwned>(&self) -> Result<T, Report> {
        match self.body {
            BodyRead::Bytes => {
                serde_json::from_slice(&self.request.body).map_err(|e| type_report(&e))
            }
            BodyRead::Form(value) => T::deserialize(value).map_err(|e| type_report(&e)),
            BodyRead::Unchecked(content_type) => {
                let mut report = Report::new();
                report.error(
                    &super::Path::root(),
                    "unchecked",
                    format!(
                        "the body was sent as `{}`, which the mock does not read",
                        printable(content_type)
                    ),
                );
                Err(report)
            }
        }
    }

    /// The content type of a body the server accepted without checking it (neither JSON nor
    /// a form it can decode); such a body makes no typed value.
    pub fn unchecked_body(&self) -> Option<&'a str> {
        match self.body {
            BodyRead::Unchecked(c) => Some(c),
            _ => None,
        }
    }

    /// The body, if one was sent.
    pub fn optional_body<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, Report> {
        if self.request.body.is_empty() {
            return Ok(None);
        }
        self.body().map(Some)
    }
}

fn type_report(e: &dyn fmt::Display) -> Report {
    let mut report = Report::new();
    report.error(&super::Path::root(), "type", e.to_string());
    report
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Body {
    /// The operation's documented default body for the status, or none.
    Documented,
    /// No body.
    Empty,
    /// These bytes, with this content type.
    Bytes(String, Vec<u8>),
}

/// An answer to a valid request: a status, headers and a body, perhaps late, or no answer at
/// all ([`Response::drop_connection`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    delay: Duration,
    drop: bool,
}

impl Response {
    /// `status` with the body the schema documents for it (built from its examples and
    /// defaults), or no body when it documents none.
    pub fn status(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Documented,
            delay: Duration::ZERO,
            drop: false,
        }
    }

    /// `status` without a body.
    pub fn empty(status: u16) -> Self {
        Response {
            body: Body::Empty,
            ..Response::status(status)
        }
    }

    /// `status` with `body` as JSON (`application/json`). A value that cannot be serialized
    /// (a map with non-string keys, say) is answered `500` with the reason.
    pub fn json<T: serde::Serialize + ?Sized>(status: u16, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => Response::bytes(status, "application/json", bytes),
            Err(e) => Response::bytes(
                500,
                "application/json",
                error_document(
                    "unserializable_body",
                    format!("the mock's response body does not serialize: {e}"),
                    &[],
                )
                .to_string()
                .into_bytes(),
            ),
        }
    }

    /// `status` with these bytes as the body, of `content_type` (malformed JSON, say).
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            body: Body::Bytes(content_type.to_string(), body.into()),
            ..Response::status(status)
        }
    }

    /// No answer: the connection is closed after the request was read.
    pub fn drop_connection() -> Self {
        Response {
            drop: true,
            ..Response::empty(0)
        }
    }

    /// Adds a header (a name or value that HTTP does not allow is left out).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds `Retry-After: <seconds>`.
    pub fn retry_after(self, seconds: u64) -> Self {
        self.header("retry-after", &seconds.to_string())
    }

    /// Answers (or drops the connection) only after `delay`.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The status (0 for a dropped connection).
    pub fn status_code(&self) -> u16 {
        self.status
    }
}

/// What generated code plugs in per operation: it builds the typed request from a checked
/// one, records it, and runs the operation's queue or handler. Implemented by [`Typed`].
pub trait TypedOperation: Send + Sync {
    /// Records `checked` as a typed request, and answers it from the operation's queue, else
    /// from `server_queue` (the server-wide queue), else from its handler; `Ok(None)`: the
    /// default answer. `Err`: the request does not make a typed value (an invalid request).
    fn accept(
        &self,
        checked: &Checked<'_>,
        server_queue: &mut dyn FnMut() -> Option<Response>,
    ) -> Result<Option<Response>, Report>;
}

type Handler<R> = Arc<dyn Fn(&R) -> Response + Send + Sync>;

struct TypedState<R> {
    received: Vec<R>,
    queue: VecDeque<Response>,
    handler: Option<Handler<R>>,
}

/// The typed side of one operation: its typed requests as received, its queue of canned
/// responses and its handler. `R` is the operation's generated request type.
pub struct Typed<R> {
    parse: fn(&Checked<'_>) -> Result<R, Report>,
    state: Mutex<TypedState<R>>,
}

impl<R> fmt::Debug for Typed<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("Typed")
            .field("received", &state.received.len())
            .field("queued", &state.queue.len())
            .field("handler", &state.handler.is_some())
            .finish()
    }
}

impl<R: Clone> Typed<R> {
    /// An operation whose typed request `parse` builds.
    pub fn new(parse: fn(&Checked<'_>) -> Result<R, Report>) -> Self {
        Typed {
            parse,
            state: Mutex::new(TypedState {
                received: Vec::new(),
                queue: VecDeque::new(),
                handler: None,
            }),
        }
    }

    /// Answers every valid request with `handler` (replacing the previous one), unless a
    /// queued response comes first.
    pub fn on(&self, handler: impl Fn(&R) -> Response + Send + Sync + 'static) {
        lock(&self.state).handler = Some(Arc::new(handler));
    }

    /// Queues an answer for the next valid request.
    pub fn enqueue(&self, response: Response) {
        lock(&self.state).queue.push_back(response);
    }

    /// The valid requests received so far, in order.
    pub fn received(&self) -> Vec<R> {
        lock(&self.state).received.clone()
    }
}

impl<R: Clone + Send + 'static> TypedOperation for Typed<R> {
    fn accept(
        &self,
        checked: &Checked<'_>,
        server_queue: &mut dyn FnMut() -> Option<Response>,
    ) -> Result<Option<Response>, Report> {
        let typed = match (self.parse)(checked) {
            Ok(typed) => typed,
            // A body the mock does not read makes no typed value: the request is valid, so it
            // is answered from the queues or by default, and is recorded raw only.
            Err(_) if checked.unchecked_body().is_some() => {
                let queued = lock(&self.state).queue.pop_front();
                return Ok(queued.or_else(server_queue));
            }
            Err(report) => return Err(report),
        };
        let (queued, handler) = {
            let mut state = lock(&self.state);
            state.received.push(typed.clone());
            (state.queue.pop_front(), state.handler.clone())
        };
        if let Some(r) = queued.or_else(server_queue) {
            return Ok(Some(r));
        }
        let Some(handler) = handler else {
            return Ok(None);
        };
        // The lock is not held: a handler may read the recorded requests.
        Ok(Some(
            std::panic::catch_unwind(AssertUnwindSafe(|| handler(&typed))).unwrap_or_else(|_| {
                Response::bytes(
                    500,
                    "application/json",
                    error_document(
                        "handler_panicked",
                        "the mock's handler panicked".into(),
                        &[],
                    )
                    .to_string()
                    .into_bytes(),
                )
            }),
        ))
    }
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/// Called with every exchange once it is answered (for a log).
pub type ExchangeHook = Arc<dyn Fn(&Exchange) + Send + Sync>;

/// How a [`Server`] listens and what it allows.
#[derive(Clone)]
pub struct Options {
    /// The address to listen on (default `127.0.0.1:0`: the loopback interface, a free port).
    pub addr: SocketAddr,
    /// The largest request body accepted, in bytes (default [`DEFAULT_MAX_BODY_BYTES`]).
    pub max_body_bytes: usize,
    /// Called with every exchange once it is answered.
    pub on_exchange: Option<ExchangeHook>,
    /// Keep every exchange for [`Server::requests`] (default `true`). A long-running server
    /// that only logs (`schemagen mock`) turns it off, so its memory does not grow with every
    /// request; [`Server::request_count`] counts either way.
    pub keep_requests: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            on_exchange: None,
            keep_requests: true,
        }
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("addr", &self.addr)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("on_exchange", &self.on_exchange.is_some())
            .field("keep_requests", &self.keep_requests)
            .finish()
    }
}

impl Options {
    /// Listens on `addr` instead of `127.0.0.1:0`.
    pub fn with_addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Sets the largest request body accepted.
    pub fn with_max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Calls `hook` with every exchange once it is answered.
    pub fn on_exchange(mut self, hook: impl Fn(&Exchange) + Send + Sync + 'static) -> Self {
        self.on_exchange = Some(Arc::new(hook));
        self
    }

    /// Keeps every exchange for [`Server::requests`], or not (see [`Options::keep_requests`]).
    pub fn keep_requests(mut self, keep: bool) -> Self {
        self.keep_requests = keep;
        self
    }
}

/// Why a server did not start.
#[derive(Debug)]
pub enum MockError {
    /// Not called inside a tokio runtime.
    NoRuntime,
    /// The address could not be bound.
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The description does not hold together (a path template naming no parameter, say).
    Spec(String),
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MockError::NoRuntime => f.write_str(
                "the mock server must be started inside a tokio runtime (e.g. in a `#[tokio::test]`)",
            ),
            MockError::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            MockError::Spec(m) => write!(f, "the API description is inconsistent: {m}"),
        }
    }
}

impl std::error::Error for MockError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MockError::Bind { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A piece of one path segment of a template.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Literal(String),
    /// Index into the operation's `params`.
    Param(usize),
}

#[derive(Debug)]
struct Route {
    /// The template's segments (between `/`), each a sequence of pieces.
    segments: Vec<Vec<Piece>>,
    /// How many literal bytes the template has: the more specific route wins.
    literal_len: usize,
}

impl Route {
    fn compile(op: &OperationSpec) -> Result<Route, String> {
        let mut segments = Vec::new();
        let mut literal_len = 0;
        for segment in op.path.split('/') {
            let mut pieces = Vec::new();
            let mut rest = segment;
            while !rest.is_empty() {
                match rest.find('{') {
                    Some(0) => {
                        let end = rest
                            .find('}')
                            .ok_or_else(|| format!("`{}`: unclosed `{{` in the path", op.path))?;
                        let name = &rest[1..end];
                        let index = op
                            .params
                            .iter()
                            .position(|p| p.location == ParamLocation::Path && p.name == name)
                            .ok_or_else(|| format!("`{}`: no path parameter `{name}`", op.path))?;
                        if matches!(pieces.last(), Some(Piece::Param(_))) {
                            return Err(format!(
                                "`{}`: two parameters without text between them",
                                op.path
                            ));
                        }
                        pieces.push(Piece::Param(index));
                        rest = &rest[end + 1..];
                    }
                    found => {
                        let end = found.unwrap_or(rest.len());
                        literal_len += end;
                        pieces.push(Piece::Literal(rest[..end].to_string()));
                        rest = &rest[end..];
                    }
                }
            }
            segments.push(pieces);
        }
        Ok(Route {
            segments,
            literal_len,
        })
    }

    /// The raw (still percent-encoded) value of each path parameter, when `path` matches.
    fn matches<'p>(&self, path: &'p str) -> Option<Vec<(usize, &'p str)>> {
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut values = Vec::new();
        for (pieces, part) in self.segments.iter().zip(parts) {
            let mut at = 0;
            for (i, piece) in pieces.iter().enumerate() {
                match piece {
                    Piece::Literal(l) => {
                        if !part[at..].starts_with(l.as_str()) {
                            return None;
                        }
                        at += l.len();
                    }
                    Piece::Param(index) => {
                        let end = match pieces.get(i + 1) {
                            Some(Piece::Literal(next)) => at + part[at..].find(next.as_str())?,
                            _ => part.len(),
                        };
                        if end == at {
                            return None;
                        }
                        values.push((*index, &part[at..end]));
                        at = end;
                    }
                }
            }
            if at != part.len() {
                return None;
            }
        }
        Some(values)
    }
}

/// The segments of [`ApiSpec::base_path`]: a literal, or `None` for a `{variable}` (any one
/// non-empty segment).
fn compile_base_path(base_path: &str) -> Result<Vec<Option<String>>, String> {
    let trimmed = base_path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = trimmed.strip_prefix('/') else {
        return Err(format!(
            "the base path `{base_path}` must start with `/` (or be empty)"
        ));
    };
    rest.split('/')
        .map(|segment| {
            if segment.is_empty() {
                Err(format!("the base path `{base_path}` has an empty segment"))
            } else if segment.starts_with('{') && segment.ends_with('}') {
                Ok(None)
            } else if segment.contains(['{', '}']) {
                Err(format!(
                    "the base path `{base_path}`: a variable must be a whole segment, as in `/{{version}}/api`"
                ))
            } else {
                Ok(Some(segment.to_string()))
            }
        })
        .collect()
}

/// `path` without the base path's segments (at least `/`), when it starts with them.
fn strip_base_path(base: &[Option<String>], path: &str) -> Option<String> {
    if base.is_empty() {
        return None;
    }
    let mut rest = path.strip_prefix('/')?;
    for expected in base {
        let (segment, after) = rest
            .split_once('/')
            .map_or((rest, None), |(s, a)| (s, Some(a)));
        let fits = match expected {
            Some(literal) => segment == literal,
            None => !segment.is_empty(),
        };
        if !fits {
            return None;
        }
        match after {
            Some(a) => rest = a,
            None => return Some("/".to_string()),
        }
    }
    Some(format!("/{rest}"))
}

struct Shared {
    spec: ApiSpec,
    /// The segments of the spec's base path.
    base: Vec<Option<String>>,
    routes: Vec<Route>,
    options: Options,
    log: Mutex<Vec<Exchange>>,
    queue: Mutex<VecDeque<Response>>,
    delay: Mutex<Duration>,
    connections: AtomicUsize,
    count: AtomicUsize,
}

/// The connection is closed without an answer ([`Response::drop_connection`]).
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock dropped the connection")
    }
}

impl std::error::Error for Dropped {}

type HttpResponse = http::Response<http_body_util::Full<hyper::body::Bytes>>;

/// A running mock server. Dropping it stops it.
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    base_url: String,
    stop: tokio::sync::watch::Sender<bool>,
    accept: Option<tokio::task::JoinHandle<()>>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("api", &self.shared.spec.name)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Starts serving `spec` as `options` say, on the current tokio runtime.
    pub async fn start(spec: ApiSpec, options: Options) -> Result<Server, MockError> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(MockError::NoRuntime);
        }
        let base = compile_base_path(&spec.base_path).map_err(MockError::Spec)?;
        let mut routes = Vec::new();
        for op in &spec.operations {
            routes.push(Route::compile(op).map_err(MockError::Spec)?);
            for name in &op.auth {
                if !spec.auth.iter().any(|a| &a.name == name) {
                    return Err(MockError::Spec(format!(
                        "operation `{}` names the unknown auth scheme `{name}`",
                        op.id
                    )));
                }
            }
        }
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|source| MockError::Bind {
                addr: options.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| MockError::Bind {
            addr: options.addr,
            source,
        })?;
        let base_url = match addr {
            SocketAddr::V4(a) => format!("http://{a}"),
            SocketAddr::V6(a) => format!("http://[{}]:{}", a.ip(), a.port()),
        };
        let shared = Arc::new(Shared {
            spec,
            base,
            routes,
            options,
            log: Mutex::new(Vec::new()),
            queue: Mutex::new(VecDeque::new()),
            delay: Mutex::new(Duration::ZERO),
            connections: AtomicUsize::new(0),
            count: AtomicUsize::new(0),
        });
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let accept = tokio::spawn(accept_loop(listener, shared.clone(), stopped));
        Ok(Server {
            shared,
            addr,
            base_url,
            stop,
            accept: Some(accept),
        })
    }

    /// The base URL, `http://127.0.0.1:<port>`: give it to a client as its base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API served.
    pub fn spec(&self) -> &ApiSpec {
        &self.shared.spec
    }

    /// Every request received so far (valid or not), in order, with what it got (none when
    /// [`Options::keep_requests`] is off).
    pub fn requests(&self) -> Vec<Exchange> {
        lock(&self.shared.log).clone()
    }

    /// How many requests were received so far (including those [`Server::clear_requests`]
    /// forgot).
    pub fn request_count(&self) -> usize {
        self.shared.count.load(Ordering::Relaxed)
    }

    /// Forgets the requests received so far (the typed recordings are kept).
    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// How many connections are open.
    pub fn open_connections(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Queues an answer for the next valid request of any operation (an operation's own
    /// queue comes first).
    pub fn enqueue(&self, response: Response) {
        lock(&self.shared.queue).push_back(response);
    }

    /// Queues several answers, in order: `[503, 503]` then the default answer, say.
    pub fn enqueue_all(&self, responses: impl IntoIterator<Item = Response>) {
        lock(&self.shared.queue).extend(responses);
    }

    /// Delays every answer (valid or not) by `delay`, on top of a response's own delay.
    pub fn set_delay(&self, delay: Duration) {
        *lock(&self.shared.delay) = delay;
    }

    /// Stops accepting connections, lets open ones finish their current request (for up to
    /// five seconds), then closes them.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(accept) = self.accept.take() {
            let _ = accept.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(accept) = self.accept.take() {
            accept.abort();
        }
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                match accepted {
                    Ok((stream, _)) => {
                        let _ = stream.set_nodelay(true);
                        connections.spawn(serve_connection(stream, shared.clone(), stopped.clone()));
                    }
                    // Out of file descriptors, say: wait a little rather than spin.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
            // Reap finished connections as they go, so the set does not grow.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
        connections.shutdown().await;
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    shared: Arc<Shared>,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    shared.connections.fetch_add(1, Ordering::Relaxed);
    let service = {
        let shared = shared.clone();
        hyper::service::service_fn(move |req| {
            let shared = shared.clone();
            async move { shared.handle(req).await }
        })
    };
    // A client may close its sending side while it waits for the answer (half-close): the
    // request is answered all the same.
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .half_close(true)
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stopped.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.as_mut().await;
        }
    }
    shared.connections.fetch_sub(1, Ordering::Relaxed);
}

/// What the checks decided before any answer is chosen.
enum Outcome {
    /// Answer with this error status and document.
    Reject {
        status: u16,
        error: &'static str,
        headers: Vec<(String, String)>,
    },
    /// Valid: answer it.
    Valid,
}

impl Shared {
    async fn handle(
        &self,
        req: http::Request<hyper::body::Incoming>,
    ) -> Result<HttpResponse, Dropped> {
        let (parts, body) = req.into_parts();
        let mut request = RawRequest {
            method: parts.method.as_str().to_string(),
            target: parts
                .uri
                .path_and_query()
                .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string()),
            headers: parts.headers,
            body: Vec::new(),
        };
        let limit = self.options.max_body_bytes;
        let declared = request
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let drain = limit.saturating_add(DRAIN_LIMIT);
        let too_large = match declared {
            Some(n) if n > limit as u64 => {
                // Read what fits in the drain allowance, so the client can read the answer.
                if n <= drain as u64 {
                    let _ = http_body_util::Limited::new(body, drain).collect().await;
                }
                true
            }
            _ => match http_body_util::Limited::new(body, limit).collect().await {
                Ok(collected) => {
                    request.body = collected.to_bytes().to_vec();
                    false
                }
                Err(e) if e.is::<http_body_util::LengthLimitError>() => true,
                Err(_) => {
                    // The client went away mid-body: nobody to answer.
                    self.record(Exchange {
                        request,
                        operation: None,
                        status: None,
                        unchecked_body: None,
                        violations: vec![RequestViolation::error(
                            Part::Body,
                            String::new(),
                            "incomplete",
                            "the connection closed before the whole body arrived",
                        )],
                    });
                    return Err(Dropped);
                }
            },
        };
        if too_large {
            let v = RequestViolation::error(
                Part::Body,
                String::new(),
                "too_large",
                format!("the body is larger than the mock's limit of {limit} bytes"),
            );
            let doc = error_document("payload_too_large", v.violation.message.clone(), &[&v]);
            return self
                .finish(
                    request,
                    None,
                    413,
                    Vec::new(),
                    json_body(&doc),
                    vec![v],
                    Duration::ZERO,
                    None,
                )
                .await;
        }
        self.dispatch(request).await
    }

    /// Every route whose path matches `path`, the most specific first.
    fn routes_of<'p>(&self, path: &'p str) -> Vec<(usize, Vec<(usize, &'p str)>)> {
        let mut matched: Vec<(usize, Vec<(usize, &str)>)> = self
            .routes
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.matches(path).map(|v| (i, v)))
            .collect();
        matched.sort_by_key(|(i, _)| std::cmp::Reverse(self.routes[*i].literal_len));
        matched
    }

    /// The message of a `404`: the path, and the paths served.
    fn not_found_message(&self, path: &str) -> String {
        let mut served: Vec<&str> = self
            .spec
            .operations
            .iter()
            .map(|o| o.path.as_str())
            .collect();
        served.sort_unstable();
        served.dedup();
        const SHOWN: usize = 20;
        let mut list = served
            .iter()
            .take(SHOWN)
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if served.len() > SHOWN {
            list.push_str(&format!(" and {} more", served.len() - SHOWN));
        }
        let mut message = format!(
            "no operation of the {} API has the path `{}`",
            self.spec.name,
            printable(path)
        );
        if served.is_empty() {
            message.push_str("; the schema has no operations");
        } else if self.base.is_empty() {
            message.push_str(&format!("; it serves {list}"));
        } else {
            message.push_str(&format!(
                "; it serves {list}, each with or without the prefix `{}`",
                self.spec.base_path.trim_end_matches('/')
            ));
        }
        message
    }

    async fn dispatch(&self, request: RawRequest) -> Result<HttpResponse, Dropped> {
        let full = request.path().to_string();
        // At the root first, then under the base path.
        let under_base = strip_base_path(&self.base, &full);
        let mut path = full.as_str();
        let mut matched = self.routes_of(path);
        if matched.is_empty() {
            if let Some(rest) = &under_base {
                path = rest.as_str();
                matched = self.routes_of(path);
            }
        }
        if matched.is_empty() {
            let v = RequestViolation::error(
                Part::Path,
                String::new(),
                "not_found",
                self.not_found_message(&full),
            );
            let doc = error_document("not_found", v.violation.message.clone(), &[&v]);
            return self
                .finish(
                    request,
                    None,
                    404,
                    Vec::new(),
                    json_body(&doc),
                    vec![v],
                    Duration::ZERO,
                    None,
                )
                .await;
        }
        let Some((index, raw_params)) = matched
            .iter()
            .find(|(i, _)| self.spec.operations[*i].method == request.method)
            .cloned()
        else {
            let mut allowed: Vec<&str> = matched
                .iter()
                .map(|(i, _)| self.spec.operations[*i].method.as_str())
                .collect();
            allowed.sort_unstable();
            allowed.dedup();
            let allow = allowed.join(", ");
            let v = RequestViolation::error(
                Part::Method,
                String::new(),
                "method_not_allowed",
                format!(
                    "`{}` does not take {}; it takes {allow}",
                    printable(&full),
                    printable(&request.method)
                ),
            );
            let doc = error_document("method_not_allowed", v.violation.message.clone(), &[&v]);
            return self
                .finish(
                    request,
                    None,
                    405,
                    vec![("allow".to_string(), allow)],
                    json_body(&doc),
                    vec![v],
                    Duration::ZERO,
                    None,
                )
                .await;
        };
        let raw_params: Vec<(usize, String)> = raw_params
            .into_iter()
            .map(|(i, v)| (i, v.to_string()))
            .collect();
        let op = &self.spec.operations[index];
        let mut violations = Vec::new();
        let mut values: Vec<Option<serde_json::Value>> = vec![None; op.params.len()];
        let mut body_read = BodyRead::Bytes;
        let outcome = self.check(
            op,
            &request,
            &raw_params,
            &mut values,
            &mut body_read,
            &mut violations,
        );
        let unchecked = match &body_read {
            BodyRead::Unchecked(c) => Some(c.clone()),
            _ => None,
        };
        let op_id = Some(op.id.clone());
        match outcome {
            Outcome::Reject {
                status,
                error,
                headers,
            } => {
                let errors: Vec<&RequestViolation> =
                    violations.iter().filter(|v| v.is_error()).collect();
                let message = match errors.as_slice() {
                    [one] => one.violation.message.clone(),
                    many => format!("the request breaks {} rule(s) of the schema", many.len()),
                };
                let doc = error_document(error, message, &violations.iter().collect::<Vec<_>>());
                let body = self.error_body(op, status, doc);
                self.finish(
                    request,
                    op_id,
                    status,
                    headers,
                    body,
                    violations,
                    Duration::ZERO,
                    None,
                )
                .await
            }
            Outcome::Valid => {
                let checked = Checked {
                    request: &request,
                    params: &values,
                    body: &body_read,
                };
                let mut server_queue = || lock(&self.queue).pop_front();
                let answer = match &op.typed {
                    Some(t) => t.accept(&checked, &mut server_queue),
                    None => Ok(server_queue()),
                };
                let response = match answer {
                    Ok(Some(r)) => r,
                    Ok(None) => {
                        let (status, body) = op.default_answer();
                        let body = body.map_or(Body::Empty, |b| {
                            Body::Bytes("application/json".into(), b.to_string().into_bytes())
                        });
                        Response {
                            body,
                            ..Response::status(status)
                        }
                    }
                    Err(report) => {
                        violations.extend(report.into_violations().into_iter().map(|v| {
                            RequestViolation {
                                part: Part::Body,
                                violation: v,
                            }
                        }));
                        let status = op.invalid_status();
                        let doc = error_document(
                            "invalid_request",
                            "the request does not make a typed value".into(),
                            &violations.iter().collect::<Vec<_>>(),
                        );
                        let body = self.error_body(op, status, doc);
                        return self
                            .finish(
                                request,
                                op_id,
                                status,
                                Vec::new(),
                                body,
                                violations,
                                Duration::ZERO,
                                None,
                            )
                            .await;
                    }
                };
                if response.drop {
                    self.wait(response.delay).await;
                    self.record(Exchange {
                        request,
                        operation: op_id,
                        status: None,
                        violations,
                        unchecked_body: unchecked,
                    });
                    return Err(Dropped);
                }
                let body = match response.body {
                    Body::Documented => op
                        .documented_body(response.status)
                        .map_or(Body::Empty, |b| {
                            Body::Bytes("application/json".into(), b.to_string().into_bytes())
                        }),
                    other => other,
                };
                self.finish(
                    request,
                    op_id,
                    response.status,
                    response.headers,
                    body,
                    violations,
                    response.delay,
                    unchecked,
                )
                .await
            }
        }
    }

    /// Runs the checks after routing: credentials, then parameters, content type and body.
    fn check(
        &self,
        op: &OperationSpec,
        request: &RawRequest,
        raw_params: &[(usize, String)],
        values: &mut [Option<serde_json::Value>],
        body_read: &mut BodyRead,
        violations: &mut Vec<RequestViolation>,
    ) -> Outcome {
        if let Some(v) = self.check_auth(op, request) {
            let challenges: Vec<String> = op
                .auth
                .iter()
                .filter_map(|n| self.spec.auth.iter().find(|a| &a.name == n))
                .filter_map(|a| a.kind.challenge())
                .map(|c| format!("{c} realm=\"{}\"", self.spec.name))
                .collect();
            violations.push(v);
            let headers = if challenges.is_empty() {
                Vec::new()
            } else {
                vec![("www-authenticate".to_string(), challenges.join(", "))]
            };
            return Outcome::Reject {
                status: 401,
                error: "unauthorized",
                headers,
            };
        }
        let query = parse_query(request.query().unwrap_or(""));
        for (i, p) in op.params.iter().enumerate() {
            let pointer = format!("/{}", escape_pointer(&p.name));
            let part = p.location.part();
            let text: Option<Result<String, &'static str>> = match p.location {
                ParamLocation::Path => raw_params
                    .iter()
                    .find(|(index, _)| *index == i)
                    .map(|(_, raw)| percent_decode(raw, false).ok_or("not UTF-8 once decoded")),
                ParamLocation::Query => query
                    .iter()
                    .find(|(k, _)| k == &p.name)
                    .map(|(_, v)| v.clone().ok_or("not UTF-8 once decoded")),
                ParamLocation::Header => request
                    .headers
                    .get(p.name.as_str())
                    .map(|v| v.to_str().map(str::to_string).map_err(|_| "not ASCII text")),
            };
            match text {
                None if p.required => violations.push(RequestViolation::error(
                    part,
                    pointer,
                    "required",
                    match p.location {
                        ParamLocation::Header => format!("the `{}` header is required", p.name),
                        _ => format!("the `{}` parameter is required", p.name),
                    },
                )),
                None => {}
                Some(Err(why)) => {
                    violations.push(RequestViolation::error(part, pointer, "encoding", why))
                }
                Some(Ok(text)) => {
                    let value = p.kind.value(&text);
                    let report = (p.check)(&value);
                    violations.extend(report.into_violations().into_iter().map(|mut v| {
                        v.pointer = format!("{pointer}{}", v.pointer);
                        RequestViolation { part, violation: v }
                    }));
                    values[i] = Some(value);
                }
            }
        }
        if let Some(body) = &op.body {
            *body_read = self.check_body(body, request, violations);
        }
        if violations.iter().any(RequestViolation::is_error) {
            Outcome::Reject {
                status: op.invalid_status(),
                error: "invalid_request",
                headers: Vec::new(),
            }
        } else {
            Outcome::Valid
        }
    }

    /// A violation when no scheme the operation accepts finds its credentials.
    fn check_auth(&self, op: &OperationSpec, request: &RawRequest) -> Option<RequestViolation> {
        let schemes: Vec<&AuthScheme> = op
            .auth
            .iter()
            .filter_map(|n| self.spec.auth.iter().find(|a| &a.name == n))
            .collect();
        if schemes.is_empty() {
            return None;
        }
        let mut reasons = Vec::new();
        let mut present = false;
        for s in &schemes {
            match request.headers.get(s.kind.header()) {
                None => {}
                Some(value) => {
                    present = true;
                    match value.to_str().map_err(|_| "not ASCII text".to_string()) {
                        Ok(text) => match s.kind.accepts(text) {
                            Ok(()) => return None,
                            Err(why) => reasons.push(format!("{} ({why})", s.name)),
                        },
                        Err(why) => reasons.push(format!("{} ({why})", s.name)),
                    }
                }
            }
        }
        let expected: Vec<String> = schemes
            .iter()
            .map(|s| format!("{} ({})", s.kind.describe(), s.name))
            .collect();
        let header = schemes[0].kind.header();
        let message = if present {
            format!(
                "the credentials are not of a scheme this operation accepts: {}; send {}",
                reasons.join(", "),
                expected.join(" or ")
            )
        } else {
            format!("credentials are required: send {}", expected.join(" or "))
        };
        Some(RequestViolation::error(
            Part::Header,
            format!("/{}", escape_pointer(header)),
            "auth",
            message,
        ))
    }

    /// Checks the content type and the body; says how the body was read.
    fn check_body(
        &self,
        spec: &BodySpec,
        request: &RawRequest,
        out: &mut Vec<RequestViolation>,
    ) -> BodyRead {
        if request.body.is_empty() {
            if spec.required {
                out.push(RequestViolation::error(
                    Part::Body,
                    String::new(),
                    "required",
                    "the request body is required",
                ));
            }
            return BodyRead::Bytes;
        }
        let pointer = "/Content-Type".to_string();
        let accepted = if spec.content_types.is_empty() {
            // Lowering always gives a body content types; a hand-written spec might not.
            "none (the operation documents no content type for its body)".to_string()
        } else {
            spec.content_types.join(", ")
        };
        let Some(content_type) = request.header("content-type") else {
            out.push(RequestViolation::error(
                Part::Header,
                pointer,
                "content_type",
                format!("a body needs a `Content-Type` header: one of {accepted}"),
            ));
            return BodyRead::Bytes;
        };
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !spec
            .content_types
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&essence))
        {
            out.push(RequestViolation::error(
                Part::Header,
                pointer,
                "content_type",
                format!(
                    "`{}` is not a content type this operation accepts; send one of: {accepted}",
                    printable(&essence)
                ),
            ));
            return BodyRead::Bytes;
        }
        let (bytes, read) = match spec.read_as(&essence) {
            BodyFormat::Json => (None, BodyRead::Bytes),
            BodyFormat::Unchecked => return BodyRead::Unchecked(essence),
            BodyFormat::Form => {
                let fields = spec.form.as_deref().unwrap_or_default();
                match decode_form(&request.body, fields) {
                    Ok(value) => (Some(value.to_string().into_bytes()), BodyRead::Form(value)),
                    Err(errors) => {
                        out.extend(errors);
                        return BodyRead::Bytes;
                    }
                }
            }
        };
        let report = (spec.check)(bytes.as_deref().unwrap_or(&request.body));
        out.extend(
            report
                .into_violations()
                .into_iter()
                .map(|v| RequestViolation {
                    part: Part::Body,
                    violation: v,
                }),
        );
        read
    }

    /// The body of an error answer: the error document when the schema's validator of that
    /// status accepts it (or documents nothing), else the document's members added to the
    /// documented default body, else the documented default body.
    fn error_body(&self, op: &OperationSpec, status: u16, doc: serde_json::Value) -> Body {
        let Some(check) = &op.check_response else {
            return json_body(&doc);
        };
        let passes = |v: &serde_json::Value| check(status, v).is_none_or(|r| r.is_valid());
        if passes(&doc) {
            return json_body(&doc);
        }
        let Some(documented) = op.documented_body(status) else {
            return json_body(&doc);
        };
        if let (Some(base), serde_json::Value::Object(extra)) = (documented.as_object(), &doc) {
            let mut merged = base.clone();
            for (k, v) in extra {
                merged.entry(k.clone()).or_insert_with(|| v.clone());
            }
            let merged = serde_json::Value::Object(merged);
            if passes(&merged) {
                return json_body(&merged);
            }
        }
        json_body(documented)
    }

    async fn wait(&self, extra: Duration) {
        let delay = *lock(&self.delay) + extra;
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn finish(
        &self,
        request: RawRequest,
        operation: Option<String>,
        status: u16,
        headers: Vec<(String, String)>,
        body: Body,
        violations: Vec<RequestViolation>,
        delay: Duration,
        unchecked_body: Option<String>,
    ) -> Result<HttpResponse, Dropped> {
        self.wait(delay).await;
        let code =
            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut response =
            http::Response::new(http_body_util::Full::new(hyper::body::Bytes::new()));
        *response.status_mut() = code;
        if let Body::Bytes(content_type, bytes) = body {
            if let Ok(v) = http::HeaderValue::from_str(&content_type) {
                response.headers_mut().insert(http::header::CONTENT_TYPE, v);
            }
            *response.body_mut() = http_body_util::Full::new(hyper::body::Bytes::from(bytes));
        }
        for (name, value) in headers {
            if let (Ok(n), Ok(v)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(&value),
            ) {
                response.headers_mut().append(n, v);
            }
        }
        self.record(Exchange {
            request,
            operation,
            status: Some(code.as_u16()),
            violations,
            unchecked_body,
        });
        Ok(response)
    }

    fn record(&self, exchange: Exchange) {
        if let Some(hook) = &self.options.on_exchange {
            hook(&exchange);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        if self.options.keep_requests {
            lock(&self.log).push(exchange);
        }
    }
}

fn json_body(value: &serde_json::Value) -> Body {
    Body::Bytes("application/json".into(), value.to_string().into_bytes())
}

/// The JSON document of an error answer.
fn error_document(
    error: &str,
    message: String,
    violations: &[&RequestViolation],
) -> serde_json::Value {
    serde_json::json!({
        "error": error,
        "message": message,
        "violations": violations.iter().map(|v| v.to_json()).collect::<Vec<_>>(),
    })
}

fn is_json(content_type: &str) -> bool {
    content_type == "application/json" || content_type.ends_with("+json")
}

/// Text for a message: control characters shown as `?`, at most 200 characters.
fn printable(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(200)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if s.chars().nth(200).is_some() {
        out.push('…');
    }
    out
}

/// A name as one JSON pointer segment (`~` as `~0`, `/` as `~1`).
fn escape_pointer(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Percent-decodes `s` (with `+` as a space when `plus` is set); `None` when the result is
/// not UTF-8. A `%` not followed by two hexadecimal digits stays as it is.
pub fn percent_decode(s: &str, plus: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' => {
                match (
                    bytes.get(i + 1).copied().and_then(hex),
                    bytes.get(i + 2).copied().and_then(hex),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The pairs of a query string, decoded; `None` for a value that is not UTF-8.
fn parse_query(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((percent_decode(k, true)?, percent_decode(v, true)))
        })
        .collect()
}

/// An `application/x-www-form-urlencoded` body (`key=value&...`, percent-encoded, `+` for a
/// space) as the JSON object its fields make: each value becomes JSON as its field's kind says
/// (text that does not parse stays a string), every occurrence of a list field is an item, and
/// a key no field names stays a string. `Err`: the body is not a form (not UTF-8, or a key sent
/// twice that is not a list), every problem listed.
pub fn decode_form(
    body: &[u8],
    fields: &[FormField],
) -> Result<serde_json::Value, Vec<RequestViolation>> {
    use serde_json::Value;
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(vec![RequestViolation::error(
            Part::Body,
            String::new(),
            "encoding",
            "the form body is not UTF-8 text; send `key=value&...` with the values percent-encoded",
        )]);
    };
    let mut object = serde_json::Map::new();
    let mut errors = Vec::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(key), Some(value)) = (
            percent_decode(raw_key, true),
            percent_decode(raw_value, true),
        ) else {
            errors.push(RequestViolation::error(
                Part::Body,
                String::new(),
                "encoding",
                format!(
                    "the form pair `{}` is not UTF-8 once percent-decoded",
                    printable(pair)
                ),
            ));
            continue;
        };
        let field = fields.iter().find(|f| f.name == key);
        let json = field.map_or(ParamKind::String, |f| f.kind).value(&value);
        match (object.get_mut(&key), field.is_some_and(|f| f.list)) {
            (Some(Value::Array(items)), true) => items.push(json),
            (None, true) => {
                object.insert(key, Value::Array(vec![json]));
            }
            (None, false) => {
                object.insert(key, json);
            }
            (Some(_), _) => {
                let pointer = format!("/{}", escape_pointer(&key));
                if !errors
                    .iter()
                    .any(|e: &RequestViolation| e.violation.pointer == pointer)
                {
                    errors.push(RequestViolation::error(
                        Part::Body,
                        pointer,
                        "repeated",
                        format!(
                            "the form field `{}` is sent more than once; send it once",
                            printable(&key)
                        ),
                    ));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(Value::Object(object))
    } else {
        Err(errors)
    }
}

/// Decodes standard Base64 (with or without padding); `None` when it is not Base64.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A single leftover sextet cannot end Base64.
    (bits < 6).then_some(out)
}
