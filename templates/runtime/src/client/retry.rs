//! Retries: the [`RetryPolicy`] (how often and how long to wait), the [`Clock`] waits are
//! measured and slept with, what is retried ([`retry_reason`]) and `Retry-After`.
//!
//! What is retried, and why:
//!
//! * a request that provably never left (no connection could be made: refused, DNS failure),
//!   whatever the operation, because the server cannot have seen it;
//! * `429 Too Many Requests` and `503 Service Unavailable`, whatever the operation, because
//!   the server says it did not process the request and when to come back;
//! * `502 Bad Gateway`, `504 Gateway Timeout`, a timeout and a connection dropped after the
//!   request was sent, only for idempotent operations: the request may have reached the
//!   server, and repeating it is harmless only when the operation is idempotent.
//!
//! Waits grow exponentially with full jitter (a random wait between zero and
//! `initial_backoff × 2^(retry - 1)`), each capped at `max_backoff`; a `Retry-After` header (in
//! seconds or as an HTTP date) is honoured instead, up to the cap: a longer one ends the
//! retries, since coming back earlier than asked would only be refused again. Retries stop
//! after `max_attempts` attempts, or when the next wait would end after the overall `budget`
//! (measured from the first attempt).

use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::TransportError;

/// The future of [`Clock::sleep`].
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Where a client reads the time and how it waits: retries sleep with it, the overall retry
/// budget and `Retry-After` dates are measured with it, and cached tokens expire by it.
///
/// The default, [`TokioClock`], is the system clock and tokio's timer (the default transport
/// runs on tokio already). On another async runtime, or in tests that must not wait, plug in
/// your own with `Config::with_clock`.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> SystemTime {
        (**self).now()
    }

    fn sleep(&self, duration: Duration) -> SleepFuture {
        (**self).sleep(duration)
    }
}

/// The system clock and tokio's timer (which needs a tokio runtime with its time driver, as
/// `#[tokio::main]` has).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// How a client retries a failed attempt (see the module documentation for what is retried).
///
/// The default: at most 3 attempts, waits from 200 ms doubling with full jitter, each wait at
/// most 20 s, everything within 30 s of the first attempt. [`RetryPolicy::none`] never retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the type's documentation).
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// One attempt only: every failure reaches the caller.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// At most `attempts` attempts in all, the first included (`1`, or `0`, means no retry).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first wait; each retry doubles it (before jitter and the cap).
    pub fn with_initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The cap on each wait, `Retry-After` included: a server asking for a longer wait ends
    /// the retries.
    pub fn with_max_backoff(mut self, cap: Duration) -> Self {
        self.max_backoff = cap;
        self
    }

    /// The overall budget: no retry starts a wait that would end later than this after the
    /// first attempt began.
    pub fn with_budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// At most this many attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The upper bound of the first wait.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The cap on each wait.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The overall budget.
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// Whether the policy ever retries.
    pub fn retries(&self) -> bool {
        self.max_attempts > 1
    }

    /// The wait before the attempt after `attempt` (1-based), or `None` when the retries
    /// stop: `attempt` reached the maximum, `retry_after` is longer than the cap, or the wait
    /// would end after the budget (`elapsed` is the time since the first attempt began).
    pub fn wait(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(asked) if asked > self.max_backoff => return None,
            Some(asked) => asked,
            None => {
                let exponent = attempt.saturating_sub(1).min(31);
                let ceiling = self
                    .initial_backoff
                    .saturating_mul(1u32 << exponent)
                    .min(self.max_backoff);
                ceiling.mul_f64(random_fraction())
            }
        };
        if elapsed.saturating_add(wait) > self.budget {
            return None;
        }
        Some(wait)
    }
}

/// Why an attempt is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryReason {
    /// No connection could be made: the request never left.
    NotSent,
    /// The server answered with a status that is retried (`429`, `503`, and for idempotent
    /// operations `502` and `504`).
    Status(http::StatusCode),
    /// The attempt timed out (idempotent operations only).
    Timeout,
    /// The connection failed after the request was sent (idempotent operations only).
    ConnectionLost,
    /// The server refused the credentials (`401`) and a fresh token was fetched.
    Unauthorized,
}

impl fmt::Display for RetryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryReason::NotSent => f.write_str("no connection could be made"),
            RetryReason::Status(status) => write!(f, "status {status}"),
            RetryReason::Timeout => f.write_str("timed out"),
            RetryReason::ConnectionLost => f.write_str("connection lost after sending"),
            RetryReason::Unauthorized => f.write_str("credentials refused; token refreshed"),
        }
    }
}

/// Whether an attempt that ended with `status` is retried.
pub fn status_retry_reason(status: http::StatusCode, idempotent: bool) -> Option<RetryReason> {
    match status.as_u16() {
        429 | 503 => Some(RetryReason::Status(status)),
        502 | 504 if idempotent => Some(RetryReason::Status(status)),
        _ => None,
    }
}

/// Whether an attempt that ended with a transport failure is retried.
pub fn transport_retry_reason(error: &TransportError, idempotent: bool) -> Option<RetryReason> {
    if !error.may_have_been_sent() {
        return Some(RetryReason::NotSent);
    }
    if !idempotent {
        return None;
    }
    Some(if error.is_timeout() {
        RetryReason::Timeout
    } else {
        RetryReason::ConnectionLost
    })
}

/// Whether a response with `status` means the server may have applied the request: yes below
/// `400` and for server errors other than `501 Not Implemented` and `503 Service
/// Unavailable`; no for client errors (`4xx`), which refuse the request.
pub fn status_may_have_been_applied(status: http::StatusCode) -> bool {
    match status.as_u16() {
        s if s < 400 => true,
        400..=499 | 501 | 503 => false,
        _ => true,
    }
}

/// The wait a `Retry-After` header asks for: whole seconds (`120`) or an HTTP date (`Wed, 21
/// Oct 2015 07:28:00 GMT`, measured from `now`; a date in the past is no wait). `None` when
/// the value is neither.
pub fn retry_after(value: &http::HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<u64>().ok().map(Duration::from_secs);
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number in `[0, 1)`, for jitter: SipHash of a counter under the standard library's
/// randomly keyed hasher (no dependency, unpredictable enough to spread retries apart).
pub(super) fn random_fraction() -> f64 {
    let bits = random_u64() >> 11;
    bits as f64 / (1u64 << 53) as f64
}

/// 64 random bits (see [`random_fraction`]).
pub(super) fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(since) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
        hasher.write_u128(since.as_nanos());
    }
    hasher.finish()
}
