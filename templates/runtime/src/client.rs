//! Runtime support for generated API clients.
//!
//! The `client` module of the runtime (its parent module is the runtime
//! itself, `super`). It is compiled only with the `client` feature and depends
//! on `http`, `reqwest` (rustls TLS), `tokio` (its timer and an async mutex),
//! `httpdate`, `serde` and `serde_json`; the `jwt` feature adds `jsonwebtoken`,
//! the `tracing` feature `tracing`. It provides:
//!
//! * the generic half of every generated client: [`Config`] around the API's own
//!   part (an [`Api`], generated), and [`Engine`], which sends each request with
//!   its credential, retries what may be retried and traces the call;
//! * [`RetryPolicy`] and the [`Clock`] retries wait with (see below);
//! * credentials: [`Secret`], a value that never shows in `Debug` output or
//!   error messages; [`Token`], fixed or asked from a [`TokenSource`] and cached
//!   until shortly before it expires; with the `jwt` feature, `JwtSigner`, a
//!   source that signs its own JWTs;
//! * [`Transport`], the small async trait every client sends its requests
//!   through (plug in another HTTP stack, middleware or a test double), and
//!   [`ReqwestTransport`], the default implementation;
//! * [`ClientError`] (with how many attempts were made and whether the request
//!   may have been applied) and [`TransportError`];
//! * the checks and encodings generated clients build requests with:
//!   percent-encoding of path segments ([`path_segment`]), Base64
//!   ([`base64_encode`]), header values ([`header_value`]), base URLs
//!   ([`base_url`]) and server URL templates ([`server_url`]).
//!
//! # Safe by default
//!
//! * A request body is validated before anything is sent; an invalid body
//!   returns [`ClientErrorKind::Invalid`] with every violation, and the transport
//!   is never called. Each client can opt out.
//! * Every path parameter is percent-encoded as one segment: everything but
//!   the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped, so
//!   `../../admin`, `a/b`, `x?y=1` and `#` stay inside their segment. An empty
//!   value, `.` and `..` are refused, because URL parsers resolve them (even
//!   escaped as `%2E`) and the request would reach another resource.
//! * Tokens and header values with a control character (CR, LF, tab, NUL,
//!   ...) or a non-ASCII character are refused, so no header can be
//!   injected. Error messages name the header, never its value.
//! * The base URL must be `http` or `https` with a host, and carry no user
//!   information, query or fragment; server URL variables must be plain
//!   unreserved text, so a variable cannot move the request to another host.
//! * The [`ReqwestTransport`] does not follow redirects: a `3xx` answer is
//!   returned to the caller, and credentials are never re-sent elsewhere.
//! * Retries repeat only what is safe to repeat: a request that never left,
//!   `429` and `503` always; `502`, `504`, timeouts and connections dropped after
//!   sending only for idempotent operations (see [`RetryPolicy`]).
//!
//! # Timeouts and waits
//!
//! Each request carries the client's timeout as a [`Timeout`] in its
//! extensions. The [`ReqwestTransport`] applies it to the whole exchange:
//! connecting, sending the request and reading the whole response body. A
//! custom [`Transport`] owns its timeout, and should read the [`Timeout`]
//! extension and give up with a [`TransportErrorKind::Timeout`] error after
//! that long. Waits between retries go through the configured [`Clock`]:
//! tokio's timer by default; on another async runtime, set another clock or
//! turn retries off.

// schemagen:submodules
mod credentials;
mod engine;
mod error;
#[cfg(feature = "jwt")]
mod jwt;
mod retry;
// schemagen:end

pub use credentials::{AccessToken, Credential, CredentialError, Token, TokenFuture, TokenSource};
pub use engine::{Api, Config, DEFAULT_TIMEOUT, Engine, Operation, Response};
pub use error::{ClientError, ClientErrorKind};
#[cfg(feature = "jwt")]
pub use jwt::{JwtAlgorithm, JwtSigner};
pub use retry::{
    Clock, RetryPolicy, RetryReason, SleepFuture, TokioClock, retry_after,
    status_may_have_been_applied, status_retry_reason, transport_retry_reason,
};

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::Validate;

// ---------------------------------------------------------------------------
// Secret
// ---------------------------------------------------------------------------

/// A credential (token, API key, password). Its `Debug` output is
/// `Secret(***)`, it has no `Display`, and no error message ever contains it;
/// read it with [`Secret::expose_secret`].
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    /// Writes `Secret(***)`, never the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

// ---------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------

/// The timeout of one request, carried in its `http` extensions for the
/// [`Transport`] to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timeout(pub Duration);

/// The future a [`Transport`] returns: the whole response, body read.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and returns the whole response.
///
/// Implement it to use another HTTP stack, to add middleware (logging,
/// retries, signing) around another transport, or as a test double. The
/// request is complete: absolute URI, every header (including credentials,
/// marked sensitive) and the body. A transport should apply the [`Timeout`]
/// found in the request's extensions (see the module documentation).
pub trait Transport: Send + Sync {
    /// Sends `request` and reads the whole response.
    fn send(&self, request: http::Request<Vec<u8>>) -> TransportFuture<'_>;
}

impl<T: Transport + ?Sized> Transport for &T {
    fn send(&self, request: http::Request<Vec<u8>>) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(&self, request: http::Request<Vec<u8>>) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(&self, request: http::Request<Vec<u8>>) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

/// What kind of failure a [`TransportError`] is. Only [`TransportErrorKind::Connect`] says
/// that the request provably never left; the client retries it whatever the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The request's [`Timeout`] elapsed after the connection was made.
    Timeout,
    /// No connection could be made (refused, DNS failure, TLS handshake, or a timeout while
    /// connecting): nothing was sent.
    Connect,
    /// Sending the request or waiting for the response failed after the connection was made
    /// (for example, the server closed the connection): the request may have been received.
    Request,
    /// The response body could not be read (for example, cut short).
    Body,
    /// Anything else.
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Connect => "cannot connect",
            TransportErrorKind::Request => "cannot send the request",
            TransportErrorKind::Body => "cannot read the response body",
            TransportErrorKind::Other => "transport failure",
        })
    }
}

/// A failure of the [`Transport`]: no complete response was received.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    timed_out: bool,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl TransportError {
    /// A transport error of `kind`, described by `message` (which must not
    /// contain credentials).
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            timed_out: kind == TransportErrorKind::Timeout,
            message: message.into(),
            source: None,
        }
    }

    /// A failure to connect because connecting took longer than the timeout: a
    /// [`TransportErrorKind::Connect`] error (nothing was sent) that is also a timeout.
    pub fn connect_timeout(message: impl Into<String>) -> Self {
        TransportError {
            timed_out: true,
            ..TransportError::new(TransportErrorKind::Connect, message)
        }
    }

    /// Attaches the underlying error.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Returns `true` when the request's timeout elapsed (while connecting or after).
    pub fn is_timeout(&self) -> bool {
        self.timed_out
    }

    /// Whether the request may have reached the server: `false` only for
    /// [`TransportErrorKind::Connect`].
    pub fn may_have_been_sent(&self) -> bool {
        self.kind != TransportErrorKind::Connect
    }

    /// The description of the failure.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The default [`Transport`]: a `reqwest` client with rustls TLS (webpki
/// roots), HTTP/1.1, and no redirect following.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with its own `reqwest` client: rustls TLS, no redirects
    /// (a `3xx` answer is returned as it is), no cookies.
    pub fn new() -> Result<Self, TransportError> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map(ReqwestTransport::from_client)
            .map_err(from_reqwest)
    }

    /// A transport over an existing `reqwest` client (its own timeout, proxy
    /// and redirect settings apply; the per-request [`Timeout`] still does).
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }

    /// The underlying `reqwest` client.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: http::Request<Vec<u8>>) -> TransportFuture<'_> {
        Box::pin(async move {
            let timeout = request.extensions().get::<Timeout>().copied();
            let mut request = reqwest::Request::try_from(request).map_err(from_reqwest)?;
            if let Some(Timeout(limit)) = timeout {
                *request.timeout_mut() = Some(limit);
            }
            let response = self.client.execute(request).await.map_err(from_reqwest)?;
            let status = response.status();
            let version = response.version();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(from_reqwest)?;
            let mut out = http::Response::new(body.to_vec());
            *out.status_mut() = status;
            *out.version_mut() = version;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}

/// Converts a `reqwest` error, keeping the chain of causes in the message.
fn from_reqwest(error: reqwest::Error) -> TransportError {
    let kind = if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_body() || error.is_decode() {
        TransportErrorKind::Body
    } else if error.is_request() || error.is_builder() {
        TransportErrorKind::Request
    } else {
        TransportErrorKind::Other
    };
    let mut message = error.to_string();
    let mut cause = std::error::Error::source(&error);
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    let timed_out = error.is_timeout();
    TransportError {
        timed_out,
        ..TransportError::new(kind, message)
    }
    .with_source(error)
}

// ---------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------

/// An RFC 3986 unreserved character: `A-Z a-z 0-9 - . _ ~`.
pub fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes every byte of `value` (as UTF-8) that is not an RFC 3986
/// unreserved character, with upper-case hex digits: `a/b` becomes `a%2Fb`.
pub fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

/// One path segment from a parameter value: percent-encoded (see
/// [`percent_encode`]), refusing an empty value, `.` and `..` (a URL parser
/// would drop or resolve them, escaped or not, and the request would reach
/// another resource).
pub fn path_segment<E>(name: &'static str, value: &str) -> Result<String, ClientError<E>> {
    let reason = match value {
        "" => "is empty",
        "." | ".." => "is a `.` or `..` path segment",
        _ => return Ok(percent_encode(value)),
    };
    Err(ClientError::new(ClientErrorKind::InvalidPathParameter {
        name,
        reason,
    }))
}

/// Appends `name=value` to a URL's query string, both percent-encoded.
pub fn push_query(url: &mut String, name: &str, value: &str) {
    url.push(if url.contains('?') { '&' } else { '?' });
    url.push_str(&percent_encode(name));
    url.push('=');
    url.push_str(&percent_encode(value));
}

/// Standard Base64 (RFC 4648, with `=` padding).
pub fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b0 = chunk[0];
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 0x3f) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

// ---------------------------------------------------------------------------
// Headers and credentials
// ---------------------------------------------------------------------------

/// Checks a header value: not empty, and printable ASCII only (no CR, LF,
/// tab or other control character, no non-ASCII character). Returns why it
/// is refused.
pub fn check_header_text(value: &str) -> Result<(), &'static str> {
    if value.is_empty() {
        return Err("is empty");
    }
    for b in value.bytes() {
        if b.is_ascii_control() {
            return Err("contains a control character (such as CR or LF)");
        }
        if !b.is_ascii() {
            return Err("contains a non-ASCII character");
        }
    }
    Ok(())
}

/// Checks a credential: like [`check_header_text`], and no whitespace.
pub fn check_token(value: &str) -> Result<(), &'static str> {
    check_header_text(value)?;
    if value.bytes().any(|b| b == b' ') {
        return Err("contains a space");
    }
    Ok(())
}

/// A header name, checked.
pub fn header_name<E>(name: &str) -> Result<http::HeaderName, ClientError<E>> {
    http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| ClientError::invalid_header(name, "is not a valid header name"))
}

/// A header value, checked with [`check_header_text`]. The error names the
/// header, never the value.
pub fn header_value<E>(name: &str, value: &str) -> Result<http::HeaderValue, ClientError<E>> {
    let refused = |reason| ClientError::invalid_header(name, reason);
    check_header_text(value).map_err(refused)?;
    http::HeaderValue::from_str(value).map_err(|_| refused("is not a valid header value"))
}

/// A credential header value, `<prefix> <token>` (or the token alone without
/// a prefix), checked with [`check_token`] and marked sensitive (HTTP/2
/// never indexes it, `Debug` of the value prints `Sensitive`).
pub fn credential<E>(
    name: &str,
    prefix: Option<&str>,
    token: &Secret,
) -> Result<http::HeaderValue, ClientError<E>> {
    let refused = |reason| ClientError::invalid_header(name, reason);
    check_token(token.expose_secret()).map_err(refused)?;
    let text = match prefix {
        Some(p) => format!("{p} {}", token.expose_secret()),
        None => token.expose_secret().to_string(),
    };
    let mut value =
        http::HeaderValue::from_str(&text).map_err(|_| refused("is not a valid header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// `Authorization: Bearer <token>`.
pub fn bearer<E>(token: &Secret) -> Result<http::HeaderValue, ClientError<E>> {
    credential("Authorization", Some("Bearer"), token)
}

/// `Authorization: Basic base64(<user>:<password>)`. The user must not
/// contain `:` (RFC 7617).
pub fn basic<E>(user: &Secret, password: &Secret) -> Result<http::HeaderValue, ClientError<E>> {
    let refused = |reason| ClientError::invalid_header("Authorization", reason);
    check_token(user.expose_secret()).map_err(refused)?;
    if user.expose_secret().contains(':') {
        return Err(refused("has a user name containing `:`"));
    }
    if !password.expose_secret().is_empty() {
        check_token(password.expose_secret()).map_err(refused)?;
    }
    let pair = format!("{}:{}", user.expose_secret(), password.expose_secret());
    credential(
        "Authorization",
        Some("Basic"),
        &Secret(base64_encode(pair.as_bytes())),
    )
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// Checks a base URL and returns it without a trailing `/`: `http` or
/// `https`, a host, no user information, query or fragment, no `.` or `..`
/// path segment, no whitespace or control character.
pub fn base_url<E>(url: &str) -> Result<String, ClientError<E>> {
    let refused = |reason: &str| ClientError::config("base URL", reason);
    if url
        .bytes()
        .any(|b| b.is_ascii_control() || b == b' ' || !b.is_ascii())
    {
        return Err(refused(
            "contains whitespace, a control character or a non-ASCII character",
        ));
    }
    if url.contains(['?', '#']) {
        return Err(refused("must not have a query or a fragment"));
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| refused(&format!("is not a valid URL ({e})")))?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        _ => return Err(refused("must start with `http://` or `https://`")),
    }
    let Some(authority) = uri.authority() else {
        return Err(refused("has no host"));
    };
    if authority.as_str().contains('@') {
        return Err(refused(
            "must not contain user information (credentials belong in the auth configuration)",
        ));
    }
    if authority.host().is_empty() {
        return Err(refused("has no host"));
    }
    if uri.path().split('/').any(|s| s == "." || s == "..") {
        return Err(refused("must not contain `.` or `..` path segments"));
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// Fills the `{name}` variables of a server URL template with `values` and
/// checks the result with [`base_url`]. A value must be non-empty RFC 3986
/// unreserved text (no `/`, `:`, `@`, `?`, `#`, ...) and not `.` or `..`, so it
/// cannot change the URL's host or path structure; a variable left without a
/// value is an error, never sent as `{name}`.
pub fn server_url<E>(template: &str, values: &[(&str, &str)]) -> Result<String, ClientError<E>> {
    let mut url = template.to_string();
    for (name, value) in values {
        let refused =
            |reason: &str| ClientError::config(format!("server variable `{name}`"), reason);
        if value.is_empty() {
            return Err(refused("is empty"));
        }
        if *value == "." || *value == ".." {
            return Err(refused("must not be `.` or `..`"));
        }
        if !value.bytes().all(is_unreserved) {
            return Err(refused(
                "may only contain ASCII letters, digits, `-`, `.`, `_` and `~`",
            ));
        }
        url = url.replace(&format!("{{{name}}}"), value);
    }
    if let Some(start) = url.find('{') {
        let name: String = url[start + 1..].chars().take_while(|c| *c != '}').collect();
        return Err(ClientError::config(
            format!("server variable `{name}`"),
            "has no value",
        ));
    }
    base_url(&url)
}

// ---------------------------------------------------------------------------
// Requests and responses
// ---------------------------------------------------------------------------

/// Validates a request body: `Err` with `ClientErrorKind::Invalid` with the whole
/// report when it has errors (warnings pass).
pub fn validate<T: Validate + ?Sized, E>(body: &T) -> Result<(), ClientError<E>> {
    let mut report = body.validate();
    if report.has_errors() {
        report.sort();
        return Err(ClientError::new(ClientErrorKind::Invalid(report)));
    }
    Ok(())
}

/// Serializes a request body as JSON.
pub fn json_body<T: serde::Serialize + ?Sized, E>(body: &T) -> Result<Vec<u8>, ClientError<E>> {
    serde_json::to_vec(body).map_err(|e| {
        ClientError::new(ClientErrorKind::Request {
            message: format!("cannot serialize the body as JSON: {e}"),
        })
    })
}
