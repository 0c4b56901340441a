//! Runtime support for generated API clients.
//!
//! The `client` module of the runtime (its parent module is the runtime
//! itself, `super`). It is compiled only with the `client` feature and depends
//! on `http`, `reqwest` (rustls TLS), `serde` and `serde_json`. It provides:
//!
//! * [`Transport`], the small async trait every client sends its requests
//!   through (plug in another HTTP stack, middleware, retries or a test
//!   double), and [`ReqwestTransport`], the default implementation;
//! * [`Secret`], a credential that never shows in `Debug` output or error
//!   messages;
//! * [`ClientError`] and [`TransportError`];
//! * the checks and encodings generated clients build requests with:
//!   percent-encoding of path segments ([`path_segment`]), Base64
//!   ([`base64_encode`]), header values ([`header_value`]), base URLs
//!   ([`base_url`]) and server URL templates ([`server_url`]).
//!
//! # Safe by default
//!
//! * A request body is validated before anything is sent; an invalid body
//!   returns [`ClientError::Invalid`] with every violation, and the transport
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
//!
//! # Timeouts
//!
//! Each request carries the client's timeout as a [`Timeout`] in its
//! extensions. The [`ReqwestTransport`] applies it to the whole exchange:
//! connecting, sending the request and reading the whole response body. The
//! client starts no timer itself, so it works with any async runtime: a custom
//! [`Transport`] owns its timeout, and should read the [`Timeout`] extension
//! and give up with a [`TransportErrorKind::Timeout`] error after that long.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::{Report, Validate};

/// The request timeout of a client whose configuration does not set one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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

/// What kind of failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The request's [`Timeout`] elapsed.
    Timeout,
    /// No connection could be made.
    Connect,
    /// The request could not be built or sent.
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
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl TransportError {
    /// A transport error of `kind`, described by `message` (which must not
    /// contain credentials).
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
            source: None,
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

    /// Returns `true` when the request's timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
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
    let kind = if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
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
    TransportError::new(kind, message).with_source(error)
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a client call (or building a client) failed. `E` is the operation's
/// enum of documented error responses; building a client uses the default,
/// [`Infallible`].
///
/// No variant ever holds a credential: header problems name the header only.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError<E = Infallible> {
    /// The request body failed validation; nothing was sent. The report lists
    /// every violation with its JSON pointer.
    Invalid(Report),
    /// The client configuration was refused (base URL, server variable).
    Config {
        /// What was refused, e.g. `base URL` or ``server variable `MyDomain` ``.
        what: String,
        /// Why.
        reason: String,
    },
    /// A header (credential or custom header) was refused; its value is not
    /// repeated here.
    InvalidHeader {
        /// The header name.
        name: String,
        /// Why the value was refused.
        reason: &'static str,
    },
    /// A path parameter was refused (empty, `.` or `..`).
    InvalidPathParameter {
        /// The parameter's name in the schema.
        name: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// The configured auth scheme is not one the operation accepts.
    AuthNotAccepted {
        /// The configured scheme's name in the schema.
        scheme: &'static str,
        /// The operation id.
        operation: &'static str,
    },
    /// The request could not be serialized or assembled.
    Request {
        /// What went wrong.
        message: String,
    },
    /// The transport failed: no complete response was received.
    Transport(TransportError),
    /// The server answered with a documented error status; its body is
    /// decoded into the operation's error enum.
    Api {
        /// The status.
        status: http::StatusCode,
        /// The response headers.
        headers: http::HeaderMap,
        /// The documented error, with its body.
        error: E,
    },
    /// The server answered with a status the schema does not document.
    UnexpectedStatus {
        /// The status.
        status: http::StatusCode,
        /// The response headers.
        headers: http::HeaderMap,
        /// The raw response body.
        body: Vec<u8>,
    },
    /// The response body of a documented status does not decode as documented
    /// (malformed, truncated, wrong shape).
    Decode {
        /// The status.
        status: http::StatusCode,
        /// Why it does not decode.
        message: String,
        /// The raw response body.
        body: Vec<u8>,
    },
}

impl<E> ClientError<E> {
    /// The HTTP status of the response, when one was received.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            ClientError::Api { status, .. }
            | ClientError::UnexpectedStatus { status, .. }
            | ClientError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Returns `true` when the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, ClientError::Transport(e) if e.is_timeout())
    }

    /// The validation report, when the request body was invalid.
    pub fn report(&self) -> Option<&Report> {
        match self {
            ClientError::Invalid(report) => Some(report),
            _ => None,
        }
    }

    /// The documented error, when the server answered with one.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            ClientError::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The raw response body, for undocumented statuses and bodies that do
    /// not decode.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            ClientError::UnexpectedStatus { body, .. } | ClientError::Decode { body, .. } => {
                Some(body)
            }
            _ => None,
        }
    }

    /// Converts an error that is not [`ClientError::Api`] to another error
    /// type; an `Api` error is mapped with `f`.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> ClientError<F> {
        match self {
            ClientError::Invalid(r) => ClientError::Invalid(r),
            ClientError::Config { what, reason } => ClientError::Config { what, reason },
            ClientError::InvalidHeader { name, reason } => {
                ClientError::InvalidHeader { name, reason }
            }
            ClientError::InvalidPathParameter { name, reason } => {
                ClientError::InvalidPathParameter { name, reason }
            }
            ClientError::AuthNotAccepted { scheme, operation } => {
                ClientError::AuthNotAccepted { scheme, operation }
            }
            ClientError::Request { message } => ClientError::Request { message },
            ClientError::Transport(e) => ClientError::Transport(e),
            ClientError::Api {
                status,
                headers,
                error,
            } => ClientError::Api {
                status,
                headers,
                error: f(error),
            },
            ClientError::UnexpectedStatus {
                status,
                headers,
                body,
            } => ClientError::UnexpectedStatus {
                status,
                headers,
                body,
            },
            ClientError::Decode {
                status,
                message,
                body,
            } => ClientError::Decode {
                status,
                message,
                body,
            },
        }
    }
}

impl<E: fmt::Display> fmt::Display for ClientError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Invalid(report) => write!(
                f,
                "the request body is invalid ({} violation(s)); nothing was sent:\n{report}",
                report.len()
            ),
            ClientError::Config { what, reason } => {
                write!(f, "invalid client configuration: {what} {reason}")
            }
            ClientError::InvalidHeader { name, reason } => {
                write!(f, "refused the value of header `{name}`: it {reason}")
            }
            ClientError::InvalidPathParameter { name, reason } => {
                write!(f, "refused path parameter `{name}`: it {reason}")
            }
            ClientError::AuthNotAccepted { scheme, operation } => write!(
                f,
                "operation `{operation}` does not accept the auth scheme `{scheme}`"
            ),
            ClientError::Request { message } => write!(f, "cannot build the request: {message}"),
            ClientError::Transport(e) => write!(f, "{e}"),
            ClientError::Api { error, .. } => {
                write!(
                    f,
                    "the server answered with a documented error status: {error}"
                )
            }
            ClientError::UnexpectedStatus { status, body, .. } => write!(
                f,
                "the server answered with undocumented status {status} ({} byte body)",
                body.len()
            ),
            ClientError::Decode {
                status,
                message,
                body,
            } => write!(
                f,
                "cannot decode the {status} response body ({} bytes): {message}",
                body.len()
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for ClientError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Invalid(report) => Some(report),
            ClientError::Transport(e) => Some(e),
            ClientError::Api { error, .. } => Some(error),
            _ => None,
        }
    }
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
    Err(ClientError::InvalidPathParameter { name, reason })
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
    http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| ClientError::InvalidHeader {
        name: name.to_string(),
        reason: "is not a valid header name",
    })
}

/// A header value, checked with [`check_header_text`]. The error names the
/// header, never the value.
pub fn header_value<E>(name: &str, value: &str) -> Result<http::HeaderValue, ClientError<E>> {
    let refused = |reason| ClientError::InvalidHeader {
        name: name.to_string(),
        reason,
    };
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
    let refused = |reason| ClientError::InvalidHeader {
        name: name.to_string(),
        reason,
    };
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
    let refused = |reason| ClientError::InvalidHeader {
        name: "Authorization".to_string(),
        reason,
    };
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
    let refused = |reason: &str| ClientError::Config {
        what: "base URL".to_string(),
        reason: reason.to_string(),
    };
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
        let refused = |reason: &str| ClientError::Config {
            what: format!("server variable `{name}`"),
            reason: reason.to_string(),
        };
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
        return Err(ClientError::Config {
            what: format!("server variable `{name}`"),
            reason: "has no value".to_string(),
        });
    }
    base_url(&url)
}

// ---------------------------------------------------------------------------
// Requests and responses
// ---------------------------------------------------------------------------

/// Validates a request body: `Err(ClientError::Invalid)` with the whole
/// report when it has errors (warnings pass).
pub fn validate<T: Validate + ?Sized, E>(body: &T) -> Result<(), ClientError<E>> {
    let mut report = body.validate();
    if report.has_errors() {
        report.sort();
        return Err(ClientError::Invalid(report));
    }
    Ok(())
}

/// Serializes a request body as JSON.
pub fn json_body<T: serde::Serialize + ?Sized, E>(body: &T) -> Result<Vec<u8>, ClientError<E>> {
    serde_json::to_vec(body).map_err(|e| ClientError::Request {
        message: format!("cannot serialize the body as JSON: {e}"),
    })
}

/// Assembles a request: method, absolute URL, headers, the body with its
/// content type, and the [`Timeout`] extension.
pub fn build_request<E>(
    method: http::Method,
    url: &str,
    headers: http::HeaderMap,
    body: Option<(&'static str, Vec<u8>)>,
    timeout: Duration,
) -> Result<http::Request<Vec<u8>>, ClientError<E>> {
    let uri: http::Uri = url.parse().map_err(|e| ClientError::Request {
        message: format!("invalid request URL: {e}"),
    })?;
    let mut headers = headers;
    let bytes = match body {
        Some((content_type, bytes)) => {
            headers.insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(content_type),
            );
            bytes
        }
        None => Vec::new(),
    };
    let mut request = http::Request::new(bytes);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    request.extensions_mut().insert(Timeout(timeout));
    Ok(request)
}

/// Sends a request through a transport and splits the response.
pub async fn send<T: Transport + ?Sized, E>(
    transport: &T,
    request: http::Request<Vec<u8>>,
) -> Result<(http::response::Parts, Vec<u8>), ClientError<E>> {
    let response = transport
        .send(request)
        .await
        .map_err(ClientError::Transport)?;
    Ok(response.into_parts())
}

/// Decodes a JSON response body; a malformed, truncated or mis-shaped body is
/// [`ClientError::Decode`] with the raw body.
pub fn decode_json<T: serde::de::DeserializeOwned, E>(
    status: http::StatusCode,
    body: Vec<u8>,
) -> Result<T, ClientError<E>> {
    match serde_json::from_slice(&body) {
        Ok(value) => Ok(value),
        Err(e) => Err(ClientError::Decode {
            status,
            message: e.to_string(),
            body,
        }),
    }
}

/// The error for a status the operation does not document.
pub fn unexpected<E>(parts: http::response::Parts, body: Vec<u8>) -> ClientError<E> {
    ClientError::UnexpectedStatus {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}
