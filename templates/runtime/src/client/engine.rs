//! The generic half of every generated client: [`Config`] (what every client is configured
//! with, around the API's own part, an [`Api`]), [`Engine`] (the checked configuration and the
//! transport; it sends each request with its credential, retries what may be retried, refreshes
//! a refused token once, and traces the call) and [`Response`], from which a generated method
//! decodes the documented statuses.
//!
//! A generated `client` module holds only what is specific to its API: the `Api`
//! implementation (auth schemes, server variables, API-wide headers), and a `Client` around an
//! `Engine` with one method per operation.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::{
    ClientError, ClientErrorKind, Clock, Credential, CredentialError, ReqwestTransport,
    RetryPolicy, RetryReason, Secret, Timeout, TokioClock, Transport,
};
use super::{credentials::CredentialKind, retry};

/// The part of a client's configuration that is specific to its API: generated per API (its
/// `ApiConfig`), with the credentials, the server variables and the API-wide headers.
pub trait Api: Clone + fmt::Debug + Send + Sync + 'static {
    /// The API's name in the schema (`close`), as traces record it.
    const NAME: &'static str;

    /// The base URL when [`Config::base_url`] is not set: the schema's server, with its
    /// variables filled in; an error when the schema names none or a variable is refused.
    fn default_base_url(&self) -> Result<String, ClientError>;

    /// The headers every request carries besides the credential (`Accept`, the API-wide
    /// headers), checked.
    fn headers(&self) -> Result<http::HeaderMap, ClientError>;

    /// How the credential is sent (`None` when the API has no auth scheme), checked as far as
    /// it is known (a token from a source is checked when it is fetched).
    fn credential(&self) -> Result<Option<Credential>, ClientError>;
}

/// The request timeout of a client whose configuration does not set one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// What a client needs: the API's own part (`api`: credentials, server variables, API-wide
/// headers) and what every client has (base URL, timeout, request validation, retries, clock).
/// `Debug` never shows a credential.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config<A> {
    /// The API's own part of the configuration.
    pub api: A,
    /// The base URL every operation path is appended to; `None` (the default): the schema's
    /// server. It must be `http` or `https` with a host, without user information, query or
    /// fragment.
    pub base_url: Option<String>,
    /// The timeout of each attempt, from connecting to reading the whole response body
    /// (default 30 seconds). The default transport applies it; a custom transport finds it in
    /// the request's extensions.
    pub timeout: Duration,
    /// Validate each request body before sending it (default `true`, for APIs generated with
    /// validators): an invalid body returns `ClientErrorKind::Invalid` with every violation,
    /// and nothing is sent.
    pub validate_requests: bool,
    /// How failed attempts are retried (see [`RetryPolicy`]; on by default).
    pub retry: RetryPolicy,
    /// The clock retries wait with and tokens expire by (default [`TokioClock`]).
    pub clock: Arc<dyn Clock>,
}

impl<A> Config<A> {
    /// A configuration with the API's part, the default server, a 30-second timeout, request
    /// validation on and the default retry policy.
    pub fn new(api: impl Into<A>) -> Self {
        Config {
            api: api.into(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            validate_requests: true,
            retry: RetryPolicy::default(),
            clock: Arc::new(TokioClock),
        }
    }

    /// Sends requests to `base_url` instead of the schema's server (e.g. a proxy or a local
    /// test server).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the timeout of each attempt.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Turns request validation on (the default) or off.
    pub fn with_validation(mut self, validate: bool) -> Self {
        self.validate_requests = validate;
        self
    }

    /// Sets the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Turns retries off: one attempt per call (a refused token is still replaced once).
    pub fn without_retries(self) -> Self {
        self.with_retry(RetryPolicy::none())
    }

    /// Sets the clock retries wait with and tokens expire by.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }
}

/// What the engine needs to know about an operation: generated as a `static` per method.
#[derive(Debug)]
pub struct Operation {
    /// The API's name in the schema.
    pub api: &'static str,
    /// The operation id.
    pub id: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// The path template as written in the schema (traces record it, never the filled path).
    pub path: &'static str,
    /// Whether repeating the request is harmless (the schema's `idempotent`, by default from
    /// the method): 502, 504, timeouts and dropped connections are retried only then.
    pub idempotent: bool,
    /// Whether the request carries the credential.
    pub authenticated: bool,
}

/// The checked configuration and the transport: the generic core of a generated `Client`.
/// Built once; every call goes through [`Engine::send`].
#[derive(Clone)]
pub struct Engine<A, T = ReqwestTransport> {
    config: Config<A>,
    base_url: String,
    headers: http::HeaderMap,
    credential: Option<CredentialKind>,
    transport: T,
}

impl<A: fmt::Debug, T: fmt::Debug> fmt::Debug for Engine<A, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("base_url", &self.base_url)
            .field("config", &self.config)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl<A: Api> Engine<A, ReqwestTransport> {
    /// An engine over the default transport (reqwest, rustls TLS, no redirects). Fails when
    /// the configuration is refused (base URL, server variables, a credential or header value
    /// with a control character) or the TLS set-up fails.
    pub fn new(config: Config<A>) -> Result<Self, ClientError> {
        let transport =
            ReqwestTransport::new().map_err(|e| ClientError::new(ClientErrorKind::Transport(e)))?;
        Engine::with_transport(config, transport)
    }
}

impl<A: Api, T: Transport> Engine<A, T> {
    /// An engine over `transport`. Checks the configuration once: the base URL, the server
    /// variables, the credential (when fixed) and every header value.
    pub fn with_transport(config: Config<A>, transport: T) -> Result<Self, ClientError> {
        let base_url = match &config.base_url {
            Some(url) => super::base_url(url)?,
            None => config.api.default_base_url()?,
        };
        let headers = config.api.headers()?;
        let credential = config.api.credential()?.map(|c| c.0);
        Ok(Engine {
            config,
            base_url,
            headers,
            credential,
            transport,
        })
    }

    /// The configuration the client was built with.
    pub fn config(&self) -> &Config<A> {
        &self.config
    }

    /// The base URL every operation path is appended to (no trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Sends a request of `operation` to `url` (absolute, built on [`Engine::base_url`]) with
    /// the operation's own `headers` and `body` (content type and bytes), adding the API-wide
    /// headers and the credential; retries as the policy says; replaces a token the server
    /// refuses (`401`) once. Returns the last response, whatever its status, or the last
    /// transport failure.
    pub async fn send<E>(
        &self,
        operation: &Operation,
        url: String,
        headers: http::HeaderMap,
        body: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Response, ClientError<E>> {
        let call = Call {
            operation,
            url: &url,
            headers: &headers,
            body: &body,
        };
        trace::instrumented(operation, self.attempts(call)).await
    }

    /// The attempts of one call.
    async fn attempts<E>(&self, call: Call<'_>) -> Result<Response, ClientError<E>> {
        let uri: http::Uri = call.url.parse().map_err(|e| {
            ClientError::new(ClientErrorKind::Request {
                message: format!("invalid request URL: {e}"),
            })
        })?;
        let clock = &*self.config.clock;
        let started = clock.now();
        let mut attempt = 0u32;
        let mut applied = false;
        let mut replaced = false;
        loop {
            attempt += 1;
            trace::attempt(attempt);
            let (request, used) = self
                .request(&call, &uri)
                .await
                .map_err(|e| e.after(attempt - 1, applied))?;
            let error = match self.transport.send(request).await {
                Ok(response) => {
                    let (parts, bytes) = response.into_parts();
                    applied |= retry::status_may_have_been_applied(parts.status);
                    if parts.status == http::StatusCode::UNAUTHORIZED && !replaced {
                        if let Some(fresh) = self.replace_token(used.as_ref()).await {
                            replaced = true;
                            fresh.map_err(|e| credential_error(e).after(attempt, applied))?;
                            trace::retry(RetryReason::Unauthorized, Duration::ZERO);
                            continue;
                        }
                    }
                    if let Some(reason) =
                        retry::status_retry_reason(parts.status, call.operation.idempotent)
                    {
                        let asked = parts
                            .headers
                            .get(http::header::RETRY_AFTER)
                            .and_then(|v| retry::retry_after(v, clock.now()));
                        if let Some(wait) = self.next_wait(attempt, started, asked) {
                            trace::retry(reason, wait);
                            clock.sleep(wait).await;
                            continue;
                        }
                    }
                    return Ok(Response {
                        status: parts.status,
                        headers: parts.headers,
                        body: bytes,
                        attempts: attempt,
                        may_have_been_applied: applied,
                    });
                }
                Err(error) => error,
            };
            applied |= error.may_have_been_sent();
            if let Some(reason) = retry::transport_retry_reason(&error, call.operation.idempotent) {
                if let Some(wait) = self.next_wait(attempt, started, None) {
                    trace::retry(reason, wait);
                    clock.sleep(wait).await;
                    continue;
                }
            }
            return Err(ClientError::new(ClientErrorKind::Transport(error)).after(attempt, applied));
        }
    }

    /// The wait before the next attempt, or `None` when the retries stop.
    fn next_wait(
        &self,
        attempt: u32,
        started: SystemTime,
        asked: Option<Duration>,
    ) -> Option<Duration> {
        let elapsed = self
            .config
            .clock
            .now()
            .duration_since(started)
            .unwrap_or(Duration::ZERO);
        self.config.retry.wait(attempt, elapsed, asked)
    }

    /// The request of one attempt, and the token it carries when that comes from a source.
    async fn request<E>(
        &self,
        call: &Call<'_>,
        uri: &http::Uri,
    ) -> Result<(http::Request<Vec<u8>>, Option<Secret>), ClientError<E>> {
        let mut headers = self.headers.clone();
        for (name, value) in call.headers {
            headers.insert(name.clone(), value.clone());
        }
        let mut used = None;
        match (&self.credential, call.operation.authenticated) {
            (Some(CredentialKind::Fixed(name, value)), true) => {
                headers.insert(name.clone(), value.clone());
            }
            (
                Some(CredentialKind::Token {
                    name,
                    prefix,
                    token,
                }),
                true,
            ) => {
                let secret = token
                    .get(self.config.clock.now())
                    .await
                    .map_err(credential_error)?;
                headers.insert(
                    name.clone(),
                    super::credential::<E>(name.as_str(), *prefix, &secret)?,
                );
                used = Some(secret);
            }
            _ => {}
        }
        let bytes = match call.body {
            Some((content_type, bytes)) => {
                headers.insert(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static(content_type),
                );
                bytes.clone()
            }
            None => Vec::new(),
        };
        let mut request = http::Request::new(bytes);
        *request.method_mut() = call.operation.method.clone();
        *request.uri_mut() = uri.clone();
        *request.headers_mut() = headers;
        request
            .extensions_mut()
            .insert(Timeout(self.config.timeout));
        Ok((request, used))
    }

    /// After a `401`: a token to replace `used`, when the credential comes from a source.
    async fn replace_token(
        &self,
        used: Option<&Secret>,
    ) -> Option<Result<Secret, CredentialError>> {
        let (Some(CredentialKind::Token { token, .. }), Some(used)) = (&self.credential, used)
        else {
            return None;
        };
        token.replace(used, self.config.clock.now()).await
    }
}

/// One call's request parts, borrowed for every attempt.
struct Call<'a> {
    operation: &'a Operation,
    url: &'a str,
    headers: &'a http::HeaderMap,
    body: &'a Option<(&'static str, Vec<u8>)>,
}

fn credential_error<E>(error: CredentialError) -> ClientError<E> {
    ClientError::new(ClientErrorKind::Credentials(error))
}

/// The last response of a call, whatever its status, from which a generated method decodes
/// the documented statuses.
#[derive(Debug)]
pub struct Response {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Vec<u8>,
    attempts: u32,
    may_have_been_applied: bool,
}

impl Response {
    /// The status.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// How many attempts the call took.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The body decoded as JSON; a malformed, truncated or mis-shaped body is
    /// `ClientErrorKind::Decode` with the raw body.
    pub fn json<T: serde::de::DeserializeOwned, E>(&self) -> Result<T, ClientError<E>> {
        serde_json::from_slice(&self.body).map_err(|e| {
            ClientError::new(ClientErrorKind::Decode {
                status: self.status,
                message: e.to_string(),
                body: self.body.clone(),
            })
            .after(self.attempts, self.may_have_been_applied)
        })
    }

    /// The error of a documented error status, with its decoded body.
    pub fn api<E>(self, error: E) -> ClientError<E> {
        ClientError::new(ClientErrorKind::Api {
            status: self.status,
            headers: self.headers,
            error,
        })
        .after(self.attempts, self.may_have_been_applied)
    }

    /// The error of a status the operation does not document.
    pub fn unexpected<E>(self) -> ClientError<E> {
        ClientError::new(ClientErrorKind::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
            body: self.body,
        })
        .after(self.attempts, self.may_have_been_applied)
    }
}

// (The gate comes first: the inliner drops or keeps each gated item whole.)
#[cfg(feature = "tracing")]
/// Tracing of calls (the `tracing` feature): one span per call, `api_call`, with `api`,
/// `operation`, `method`, `path` (the template), `attempt`, `status` and `elapsed_ms`; an
/// event per retry with its `reason` and `wait_ms`; an event when the call ends. Headers,
/// bodies, filled paths and secrets are never recorded.
mod trace {
    use super::{ClientError, Operation, Response, RetryReason};
    use std::future::Future;
    use std::time::{Duration, Instant};
    use tracing::Instrument;

    pub(super) async fn instrumented<E>(
        operation: &Operation,
        call: impl Future<Output = Result<Response, ClientError<E>>>,
    ) -> Result<Response, ClientError<E>> {
        let span = tracing::info_span!(
            "api_call",
            api = operation.api,
            operation = operation.id,
            method = %operation.method,
            path = operation.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = call.instrument(span.clone()).await;
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("elapsed_ms", elapsed_ms);
        let status = match &result {
            Ok(response) => Some(response.status()),
            Err(e) => e.status(),
        };
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        span.in_scope(|| match &result {
            Ok(response) => tracing::debug!(
                status = response.status().as_u16(),
                attempts = response.attempts(),
                elapsed_ms,
                "call answered"
            ),
            Err(e) => tracing::debug!(
                attempts = e.attempts(),
                may_have_been_applied = e.may_have_been_applied(),
                elapsed_ms,
                "call failed"
            ),
        });
        result
    }

    pub(super) fn attempt(attempt: u32) {
        tracing::Span::current().record("attempt", attempt);
    }

    pub(super) fn retry(reason: RetryReason, wait: Duration) {
        let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        tracing::info!(reason = %reason, wait_ms, "retrying");
    }
}

#[cfg(not(feature = "tracing"))]
/// Without the `tracing` feature, nothing is traced.
mod trace {
    use super::{ClientError, Operation, Response, RetryReason};
    use std::future::Future;
    use std::time::Duration;

    pub(super) async fn instrumented<E>(
        _operation: &Operation,
        call: impl Future<Output = Result<Response, ClientError<E>>>,
    ) -> Result<Response, ClientError<E>> {
        call.await
    }

    pub(super) fn attempt(_attempt: u32) {}

    pub(super) fn retry(_reason: RetryReason, _wait: Duration) {}
}
