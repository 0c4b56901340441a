//! [`ClientError`]: why a client call (or building a client) failed, how many attempts were
//! made, and whether the request may have been applied by the server.

use std::convert::Infallible;
use std::fmt;

use super::super::Report;
use super::{CredentialError, TransportError};

/// Why a client call (or building a client) failed, with how many attempts were made and
/// whether the request may have been applied. `E` is the operation's enum of documented error
/// responses; building a client uses the default, [`Infallible`].
///
/// The error is one pointer wide (everything sits behind a `Box`), so results stay small
/// whatever `E` holds. Read what happened with [`ClientError::kind`]; no kind ever holds a
/// credential, and header problems name the header only.
pub struct ClientError<E = Infallible> {
    inner: Box<Inner<E>>,
}

struct Inner<E> {
    kind: ClientErrorKind<E>,
    attempts: u32,
    may_have_been_applied: bool,
}

/// What went wrong, in a [`ClientError`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientErrorKind<E = Infallible> {
    /// The request body failed validation; nothing was sent. The report lists every violation
    /// with its JSON pointer.
    Invalid(Report),
    /// The client configuration was refused (base URL, server variable).
    Config {
        /// What was refused, e.g. `base URL` or ``server variable `MyDomain` ``.
        what: String,
        /// Why.
        reason: String,
    },
    /// A header (credential or custom header) was refused; its value is not repeated here.
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
    /// A credential source (a token source or a JWT signer) could not give a token.
    Credentials(CredentialError),
    /// The request could not be serialized or assembled.
    Request {
        /// What went wrong.
        message: String,
    },
    /// The transport failed: no complete response was received.
    Transport(TransportError),
    /// The server answered with a documented error status; its body is decoded into the
    /// operation's error enum.
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
    /// The response body of a documented status does not decode as documented (malformed,
    /// truncated, wrong shape).
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
    /// An error of `kind` before anything was sent (no attempt, nothing applied).
    pub fn new(kind: ClientErrorKind<E>) -> Self {
        ClientError {
            inner: Box::new(Inner {
                kind,
                attempts: 0,
                may_have_been_applied: false,
            }),
        }
    }

    /// The same error, after `attempts` attempts, of which one may have been applied or not.
    pub fn after(mut self, attempts: u32, may_have_been_applied: bool) -> Self {
        self.inner.attempts = attempts;
        self.inner.may_have_been_applied = may_have_been_applied;
        self
    }

    /// A refused configuration: `what` (e.g. `base URL`) and why.
    pub fn config(what: impl Into<String>, reason: impl Into<String>) -> Self {
        ClientError::new(ClientErrorKind::Config {
            what: what.into(),
            reason: reason.into(),
        })
    }

    /// A refused header value (named, never repeated).
    pub fn invalid_header(name: impl Into<String>, reason: &'static str) -> Self {
        ClientError::new(ClientErrorKind::InvalidHeader {
            name: name.into(),
            reason,
        })
    }

    /// A credential source failed.
    pub fn credentials(error: CredentialError) -> Self {
        ClientError::new(ClientErrorKind::Credentials(error))
    }

    /// The configured auth scheme `scheme` is not one `operation` accepts.
    pub fn auth_not_accepted(scheme: &'static str, operation: &'static str) -> Self {
        ClientError::new(ClientErrorKind::AuthNotAccepted { scheme, operation })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ClientErrorKind<E> {
        &self.inner.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ClientErrorKind<E> {
        self.inner.kind
    }

    /// How many attempts were made to send the request (retries included); `0` when it was
    /// refused before sending. An attempt that could not connect counts, though nothing left.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// Whether the server may have applied the request: `true` when an attempt reached the
    /// server and its outcome is unknown (a timeout or a connection dropped after sending) or
    /// says it may have been processed (a `2xx`/`3xx` whose body did not decode, a `5xx` other
    /// than `501` and `503`). `false` when nothing left, no connection was made, or every
    /// answer refused the request (`4xx`, `501`, `503`). Before repeating a request that is
    /// not idempotent, check this.
    pub fn may_have_been_applied(&self) -> bool {
        self.inner.may_have_been_applied
    }

    /// The HTTP status of the response, when one was received.
    pub fn status(&self) -> Option<http::StatusCode> {
        match &self.inner.kind {
            ClientErrorKind::Api { status, .. }
            | ClientErrorKind::UnexpectedStatus { status, .. }
            | ClientErrorKind::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response headers, for documented and undocumented error statuses.
    pub fn headers(&self) -> Option<&http::HeaderMap> {
        match &self.inner.kind {
            ClientErrorKind::Api { headers, .. }
            | ClientErrorKind::UnexpectedStatus { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// Returns `true` when the (last) request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(&self.inner.kind, ClientErrorKind::Transport(e) if e.is_timeout())
    }

    /// The validation report, when the request body was invalid.
    pub fn report(&self) -> Option<&Report> {
        match &self.inner.kind {
            ClientErrorKind::Invalid(report) => Some(report),
            _ => None,
        }
    }

    /// The documented error, when the server answered with one.
    pub fn api_error(&self) -> Option<&E> {
        match &self.inner.kind {
            ClientErrorKind::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The raw response body, for undocumented statuses and bodies that do not decode.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match &self.inner.kind {
            ClientErrorKind::UnexpectedStatus { body, .. }
            | ClientErrorKind::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Converts the error to another error type; an `Api` error is mapped with `f`. The
    /// attempts and what may have been applied are kept.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> ClientError<F> {
        let Inner {
            kind,
            attempts,
            may_have_been_applied,
        } = *self.inner;
        let kind = match kind {
            ClientErrorKind::Invalid(r) => ClientErrorKind::Invalid(r),
            ClientErrorKind::Config { what, reason } => ClientErrorKind::Config { what, reason },
            ClientErrorKind::InvalidHeader { name, reason } => {
                ClientErrorKind::InvalidHeader { name, reason }
            }
            ClientErrorKind::InvalidPathParameter { name, reason } => {
                ClientErrorKind::InvalidPathParameter { name, reason }
            }
            ClientErrorKind::AuthNotAccepted { scheme, operation } => {
                ClientErrorKind::AuthNotAccepted { scheme, operation }
            }
            ClientErrorKind::Credentials(e) => ClientErrorKind::Credentials(e),
            ClientErrorKind::Request { message } => ClientErrorKind::Request { message },
            ClientErrorKind::Transport(e) => ClientErrorKind::Transport(e),
            ClientErrorKind::Api {
                status,
                headers,
                error,
            } => ClientErrorKind::Api {
                status,
                headers,
                error: f(error),
            },
            ClientErrorKind::UnexpectedStatus {
                status,
                headers,
                body,
            } => ClientErrorKind::UnexpectedStatus {
                status,
                headers,
                body,
            },
            ClientErrorKind::Decode {
                status,
                message,
                body,
            } => ClientErrorKind::Decode {
                status,
                message,
                body,
            },
        };
        ClientError::new(kind).after(attempts, may_have_been_applied)
    }
}

impl<E> From<ClientErrorKind<E>> for ClientError<E> {
    fn from(kind: ClientErrorKind<E>) -> Self {
        ClientError::new(kind)
    }
}

impl<E: fmt::Debug> fmt::Debug for ClientError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientError")
            .field("kind", &self.inner.kind)
            .field("attempts", &self.inner.attempts)
            .field("may_have_been_applied", &self.inner.may_have_been_applied)
            .finish()
    }
}

impl<E: fmt::Display> fmt::Display for ClientErrorKind<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientErrorKind::Invalid(report) => write!(
                f,
                "the request body is invalid ({} violation(s)); nothing was sent:\n{report}",
                report.len()
            ),
            ClientErrorKind::Config { what, reason } => {
                write!(f, "invalid client configuration: {what} {reason}")
            }
            ClientErrorKind::InvalidHeader { name, reason } => {
                write!(f, "refused the value of header `{name}`: it {reason}")
            }
            ClientErrorKind::InvalidPathParameter { name, reason } => {
                write!(f, "refused path parameter `{name}`: it {reason}")
            }
            ClientErrorKind::AuthNotAccepted { scheme, operation } => write!(
                f,
                "operation `{operation}` does not accept the auth scheme `{scheme}`"
            ),
            ClientErrorKind::Credentials(e) => write!(f, "{e}"),
            ClientErrorKind::Request { message } => {
                write!(f, "cannot build the request: {message}")
            }
            ClientErrorKind::Transport(e) => write!(f, "{e}"),
            ClientErrorKind::Api { error, .. } => write!(
                f,
                "the server answered with a documented error status: {error}"
            ),
            ClientErrorKind::UnexpectedStatus { status, body, .. } => write!(
                f,
                "the server answered with undocumented status {status} ({} byte body)",
                body.len()
            ),
            ClientErrorKind::Decode {
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

impl<E: fmt::Display> fmt::Display for ClientError<E> {
    /// The kind, then how many attempts were made and whether the request may have been
    /// applied (for errors that happened after sending).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.inner.kind)?;
        match (self.inner.attempts, self.inner.may_have_been_applied) {
            (0, _) => Ok(()),
            (n, true) => write!(
                f,
                " ({n} attempt{}; the request may have been applied)",
                if n == 1 { "" } else { "s" }
            ),
            (n, false) => write!(
                f,
                " ({n} attempt{}; the request was not applied)",
                if n == 1 { "" } else { "s" }
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for ClientError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ClientErrorKind::Invalid(report) => Some(report),
            ClientErrorKind::Transport(e) => Some(e),
            ClientErrorKind::Credentials(e) => Some(e),
            ClientErrorKind::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}
