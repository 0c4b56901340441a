//! Credentials: [`Token`] (a fixed secret, or a [`TokenSource`] asked when a token is needed,
//! its answer cached until shortly before it expires), [`AccessToken`], [`CredentialError`],
//! and [`Credential`], how a generated `Auth` tells the client to send its credential.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::{ClientError, Secret};

/// A token a [`TokenSource`] gave, with when it expires (`None`: it does not, as far as the
/// source knows).
#[derive(Clone)]
pub struct AccessToken {
    token: Secret,
    expires_at: Option<SystemTime>,
}

impl AccessToken {
    /// A token valid until `expires_at`.
    pub fn new(token: impl Into<Secret>, expires_at: Option<SystemTime>) -> Self {
        AccessToken {
            token: token.into(),
            expires_at,
        }
    }

    /// The token.
    pub fn token(&self) -> &Secret {
        &self.token
    }

    /// When it expires.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &self.token)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A credential source failed to give a token. Its message must never contain a secret.
#[derive(Debug)]
pub struct CredentialError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl CredentialError {
    /// A failure described by `message` (which must not contain a secret).
    pub fn new(message: impl Into<String>) -> Self {
        CredentialError {
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying error (whose `Display` must not contain a secret either).
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The description of the failure.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot get a token: {}", self.message)
    }
}

impl std::error::Error for CredentialError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AccessToken, CredentialError>> + Send + 'a>>;

/// Gives a fresh token when asked: a JWT signer (`JwtSigner`, with the `jwt` feature),
/// an OAuth client, a secret store. The client asks only when it has no token that is still
/// valid, one request at a time however many calls run in parallel, and once more after the
/// server refuses a token with `401`.
pub trait TokenSource: Send + Sync + 'static {
    /// A fresh token; `now` is the client's clock.
    fn fetch(&self, now: SystemTime) -> TokenFuture<'_>;
}

/// How long before its expiry a cached token is replaced: 30 seconds, or half its lifetime
/// when that is shorter.
const REFRESH_MARGIN: Duration = Duration::from_secs(30);

struct Cached {
    token: AccessToken,
    fetched_at: SystemTime,
}

impl Cached {
    /// Whether the token is still good at `now`, with the refresh margin.
    fn fresh(&self, now: SystemTime) -> bool {
        let Some(expires_at) = self.token.expires_at else {
            return true;
        };
        let lifetime = expires_at
            .duration_since(self.fetched_at)
            .unwrap_or(Duration::ZERO);
        let margin = REFRESH_MARGIN.min(lifetime / 2);
        match expires_at.checked_sub(margin) {
            Some(refresh_at) => now < refresh_at,
            None => false,
        }
    }
}

/// A source with its cache, shared by every clone of a [`Token`].
struct SourceCache {
    source: Box<dyn TokenSource>,
    cached: tokio::sync::Mutex<Option<Cached>>,
    fetches: AtomicU64,
}

impl SourceCache {
    async fn fetch_into(
        &self,
        slot: &mut Option<Cached>,
        now: SystemTime,
    ) -> Result<Secret, CredentialError> {
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let token = self.source.fetch(now).await?;
        let secret = token.token.clone();
        *slot = Some(Cached {
            token,
            fetched_at: now,
        });
        Ok(secret)
    }

    /// The cached token while it is fresh, otherwise a new one from the source. The lock is
    /// held while fetching, so parallel calls wait for one fetch instead of starting their
    /// own.
    async fn get(&self, now: SystemTime) -> Result<Secret, CredentialError> {
        let mut slot = self.cached.lock().await;
        if let Some(cached) = slot.as_ref().filter(|c| c.fresh(now)) {
            return Ok(cached.token.token.clone());
        }
        self.fetch_into(&mut slot, now).await
    }

    /// A token other than `refused` (which the server rejected): the cached one when another
    /// call already replaced it, otherwise a new one from the source.
    async fn replace(&self, refused: &Secret, now: SystemTime) -> Result<Secret, CredentialError> {
        let mut slot = self.cached.lock().await;
        if let Some(cached) = slot.as_ref().filter(|c| c.fresh(now)) {
            if cached.token.token.expose_secret() != refused.expose_secret() {
                return Ok(cached.token.token.clone());
            }
        }
        self.fetch_into(&mut slot, now).await
    }
}

/// A bearer token or API key: fixed ([`Secret`], `&str`, `String`), or asked from a
/// [`TokenSource`] when needed and cached until shortly before it expires (clones share the
/// cache). `Debug` never shows a token.
#[derive(Clone)]
pub struct Token(TokenKind);

#[derive(Clone)]
enum TokenKind {
    Fixed(Secret),
    Source(Arc<SourceCache>),
}

impl Token {
    /// A fixed token.
    pub fn fixed(token: impl Into<Secret>) -> Self {
        Token(TokenKind::Fixed(token.into()))
    }

    /// A token asked from `source` when needed.
    pub fn from_source(source: impl TokenSource) -> Self {
        Token(TokenKind::Source(Arc::new(SourceCache {
            source: Box::new(source),
            cached: tokio::sync::Mutex::new(None),
            fetches: AtomicU64::new(0),
        })))
    }

    /// The fixed token, if this is one.
    pub fn as_fixed(&self) -> Option<&Secret> {
        match &self.0 {
            TokenKind::Fixed(secret) => Some(secret),
            TokenKind::Source(_) => None,
        }
    }

    /// Whether the token comes from a source.
    pub fn is_source(&self) -> bool {
        matches!(self.0, TokenKind::Source(_))
    }

    /// How many times the source was asked for a token (`0` for a fixed token).
    pub fn fetches(&self) -> u64 {
        match &self.0 {
            TokenKind::Fixed(_) => 0,
            TokenKind::Source(cache) => cache.fetches.load(Ordering::Relaxed),
        }
    }

    /// The token to send now: the fixed one, or a cached or fresh one from the source.
    pub async fn get(&self, now: SystemTime) -> Result<Secret, CredentialError> {
        match &self.0 {
            TokenKind::Fixed(secret) => Ok(secret.clone()),
            TokenKind::Source(cache) => cache.get(now).await,
        }
    }

    /// A token to replace `refused` after the server rejected it: `None` for a fixed token,
    /// which cannot be replaced.
    pub async fn replace(
        &self,
        refused: &Secret,
        now: SystemTime,
    ) -> Option<Result<Secret, CredentialError>> {
        match &self.0 {
            TokenKind::Fixed(_) => None,
            TokenKind::Source(cache) => Some(cache.replace(refused, now).await),
        }
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            TokenKind::Fixed(secret) => f.debug_tuple("Token").field(secret).finish(),
            TokenKind::Source(_) => f.write_str("Token(<source>)"),
        }
    }
}

impl From<Secret> for Token {
    fn from(value: Secret) -> Self {
        Token::fixed(value)
    }
}

impl From<String> for Token {
    fn from(value: String) -> Self {
        Token::fixed(value)
    }
}

impl From<&str> for Token {
    fn from(value: &str) -> Self {
        Token::fixed(value)
    }
}

/// How a request carries its credential: a header whose value is fixed (checked when the
/// client is built), or a token header whose token may come from a source (checked when it is
/// fetched). Generated `Auth` enums make one per scheme.
#[derive(Clone, Debug)]
pub struct Credential(pub(super) CredentialKind);

#[derive(Clone, Debug)]
pub(super) enum CredentialKind {
    /// A complete, checked header.
    Fixed(http::HeaderName, http::HeaderValue),
    /// `<name>: [<prefix> ]<token>`, the token fetched per request.
    Token {
        name: http::HeaderName,
        prefix: Option<&'static str>,
        token: Token,
    },
}

impl Credential {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: &Token) -> Result<Self, ClientError> {
        Credential::token_header("Authorization", Some("Bearer"), token)
    }

    /// `Authorization: Basic base64(<user>:<password>)` (RFC 7617; the user name must not
    /// contain `:`).
    pub fn basic(user: &Secret, password: &Secret) -> Result<Self, ClientError> {
        Ok(Credential(CredentialKind::Fixed(
            http::header::AUTHORIZATION,
            super::basic::<std::convert::Infallible>(user, password)?,
        )))
    }

    /// `<name>: [<prefix> ]<token>`.
    pub fn token_header(
        name: &str,
        prefix: Option<&'static str>,
        token: &Token,
    ) -> Result<Self, ClientError> {
        let header = super::header_name::<std::convert::Infallible>(name)?;
        Ok(Credential(match token.as_fixed() {
            Some(secret) => CredentialKind::Fixed(
                header,
                super::credential::<std::convert::Infallible>(name, prefix, secret)?,
            ),
            None => CredentialKind::Token {
                name: header,
                prefix,
                token: token.clone(),
            },
        }))
    }
}
