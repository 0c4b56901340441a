//! The generated async clients against a real HTTP server bound to 127.0.0.1 inside each test
//! (axum): for every operation the exact request (method, path, headers, JSON body), the
//! documented success and error responses, an undocumented status, malformed bodies and a
//! server slower than the timeout; then path injection, header injection, validation before
//! sending, server variables, base URLs, auth choice, secrecy of credentials and a custom
//! transport.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::extract::State;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use voicecall_apis::bird::client as birdc;
use voicecall_apis::close::client as closec;
use voicecall_apis::runtime::Nullable;
use voicecall_apis::runtime::client::{
    self, ClientError, ClientErrorKind, Clock, Secret, SleepFuture, Timeout, Transport,
    TransportError, TransportErrorKind, TransportFuture,
};
use voicecall_apis::salesforce::client as sfc;
use voicecall_apis::vcita::client as vcitac;
use voicecall_apis::{bird, close, salesforce, vcita};

// -------------------------------------------------------------------------------------------
// A recording HTTP server on 127.0.0.1
// -------------------------------------------------------------------------------------------

/// One request as the server received it.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    /// The raw request target (path and query), exactly as sent.
    target: String,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> String {
        let all: Vec<_> = self.headers.get_all(name).iter().collect();
        assert_eq!(
            all.len(),
            1,
            "exactly one `{name}` header in {:?}",
            self.headers
        );
        all[0].to_str().expect("ASCII header").to_string()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// What the server answers.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    delay: Duration,
}

impl Reply {
    fn status(status: u16) -> Self {
        Reply {
            status,
            headers: vec![("x-request-id", "req-42".to_string())],
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    fn json(status: u16, body: &str) -> Self {
        Reply::status(status)
            .header("content-type", "application/json")
            .body(body)
    }

    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    fn body(mut self, body: &str) -> Self {
        self.body = body.as_bytes().to_vec();
        self
    }

    fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

struct ServerState {
    /// The answers in order; the last one answers every later request.
    replies: Vec<Reply>,
    seen: Mutex<Vec<Seen>>,
}

struct Server {
    base: String,
    state: Arc<ServerState>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    async fn start(reply: Reply) -> Server {
        Server::start_sequence(vec![reply]).await
    }

    /// A server answering its first request with `replies[0]`, the second with `replies[1]`,
    /// and every request after the last reply with the last one.
    async fn start_sequence(replies: Vec<Reply>) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        Server::serve(listener, replies)
    }

    fn serve(listener: tokio::net::TcpListener, replies: Vec<Reply>) -> Server {
        assert!(!replies.is_empty(), "a server needs a reply");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(ServerState {
            replies,
            seen: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .fallback(record)
            .with_state(Arc::clone(&state));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server {
            base: format!("http://{addr}"),
            state,
            task,
        }
    }

    fn base(&self) -> String {
        self.base.clone()
    }

    fn requests(&self) -> Vec<Seen> {
        self.state.seen.lock().expect("lock").clone()
    }

    fn only_request(&self) -> Seen {
        let all = self.requests();
        assert_eq!(all.len(), 1, "exactly one request reached the server");
        all.into_iter().next().expect("one request")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn record(
    State(state): State<Arc<ServerState>>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let reply = {
        let mut seen = state.seen.lock().expect("lock");
        let reply = state.replies[seen.len().min(state.replies.len() - 1)].clone();
        seen.push(Seen {
            method: parts.method.to_string(),
            target: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            headers: parts.headers,
            body,
        });
        reply
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = axum::response::Response::new(axum::body::Body::from(reply.body));
    *response.status_mut() = http::StatusCode::from_u16(reply.status).expect("status");
    for (name, value) in reply.headers {
        response.headers_mut().insert(
            http::HeaderName::from_static(name),
            http::HeaderValue::from_str(&value).expect("header value"),
        );
    }
    response
}

// -------------------------------------------------------------------------------------------
// Fixtures, credentials and one call per operation
// -------------------------------------------------------------------------------------------

const CLOSE_KEY: &str = "api_3xYzTestKey.sEcReT";
/// `base64("api_3xYzTestKey.sEcReT:")`, computed independently of the client.
const CLOSE_BASIC: &str = "Basic YXBpXzN4WXpUZXN0S2V5LnNFY1JlVDo=";
const CLOSE_OAUTH: &str = "oauth-Zq9-tOkEn.sEcReT";
const SF_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYyJ9.c2lnLsEcReT";
const VCITA_TOKEN: &str = "vcita-jwt-tOkEn.sEcReT";
const BIRD_KEY: &str = "bird-access-key-sEcReT";
const PROVIDER: &str = "amazon-connect";

const WORKSPACE: &str = "2f6d1c4e-8a3b-4c7d-9e0f-1a2b3c4d5e6f";
const CHANNEL: &str = "7a8b9c0d-1e2f-4a3b-8c5d-6e7f8a9b0c1d";
const CALL: &str = "c0ffee00-1234-4abc-9def-0123456789ab";
const VCITA_UID: &str = "5f3c9a7e-2b1d-4e6f-8a90-1c2d3e4f5a6b";
const SF_CALL: &str = "0LQRM0000006CSz4AM";

/// A timeout no test server comes near.
const LONG: Duration = Duration::from_secs(20);

type Outcome<T, E> = Result<T, ClientError<E>>;

fn payload_text(rel: &str) -> String {
    let path = schemagen_tests::fixture(&format!("payloads/{rel}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn payload<T: DeserializeOwned>(rel: &str) -> T {
    serde_json::from_str(&payload_text(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// JSON with every number as a float, so `120` and `120.0` compare equal.
fn normalized(v: Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalized).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalized(v))).collect()),
        other => other,
    }
}

/// Salesforce's part of a configuration, with the fixed test token.
fn sf_api(auth: sfc::Auth) -> sfc::ApiConfig {
    sfc::ApiConfig::new(sfc::ServerVariables::new("acme"), auth, PROVIDER)
}

fn salesforce_client(base: &str, timeout: Duration) -> sfc::Client {
    let config = sfc::Config::new(sf_api(sfc::Auth::bearer_jwt(SF_TOKEN)))
        .with_base_url(format!("{base}/telephony/v1"))
        .with_timeout(timeout)
        .with_clock(TestClock::new());
    sfc::Client::new(config).expect("client")
}

fn vcita_client(base: &str, timeout: Duration) -> vcitac::Client {
    let config = vcitac::Config::new(vcitac::Auth::bearer_jwt(VCITA_TOKEN))
        .with_base_url(base)
        .with_timeout(timeout)
        .with_clock(TestClock::new());
    vcitac::Client::new(config).expect("client")
}

fn bird_client(base: &str, timeout: Duration) -> birdc::Client {
    let config = birdc::Config::new(birdc::Auth::access_key(BIRD_KEY))
        .with_base_url(base)
        .with_timeout(timeout)
        .with_clock(TestClock::new());
    birdc::Client::new(config).expect("client")
}

fn close_config(base: &str, timeout: Duration) -> closec::Config {
    closec::Config::new(closec::Auth::api_key(CLOSE_KEY))
        .with_base_url(base)
        .with_timeout(timeout)
        .with_clock(TestClock::new())
}

fn close_client(base: &str, timeout: Duration) -> closec::Client {
    closec::Client::new(close_config(base, timeout)).expect("client")
}

const SF_CREATE_BODY: &str =
    "salesforce.create_voice_call/request/valid/01-inbound-required-fields-only.json";
const SF_UPDATE_BODY: &str =
    "salesforce.update_voice_call/request/valid/01-end-of-call-details.json";
const VCITA_BODY: &str =
    "vcita.update_voice_call/request/valid/01-answered-by-staff-required-fields.json";
const BIRD_BODY: &str = "bird.update_call/request/valid/13-hangup-busy-when-key-9.json";

/// The README's example: log a finished call with a note and its duration.
fn close_body() -> close::UpdateCallActivity {
    close::UpdateCallActivity {
        note_html: Nullable::Value("<p>Customer asked for a callback.</p>".into()),
        duration: Nullable::Value(184),
        outcome_id: Nullable::Null,
        status: Some(close::CallStatus::Completed),
        ..Default::default()
    }
}

async fn sf_create(
    base: String,
    timeout: Duration,
) -> Outcome<sfc::CreateVoiceCallResponse, sfc::CreateVoiceCallError> {
    let body: salesforce::CreateVoiceCall = payload(SF_CREATE_BODY);
    salesforce_client(&base, timeout)
        .create_voice_call(&body)
        .await
}

async fn sf_update(
    base: String,
    timeout: Duration,
) -> Outcome<sfc::UpdateVoiceCallResponse, sfc::UpdateVoiceCallError> {
    let body: salesforce::UpdateVoiceCall = payload(SF_UPDATE_BODY);
    salesforce_client(&base, timeout)
        .update_voice_call(SF_CALL, &body)
        .await
}

async fn vcita_update(
    base: String,
    timeout: Duration,
) -> Outcome<vcitac::UpdateVoiceCallResponse, vcitac::UpdateVoiceCallError> {
    let body: vcita::UpdateVoiceCall = payload(VCITA_BODY);
    vcita_client(&base, timeout)
        .update_voice_call(VCITA_UID, &body)
        .await
}

async fn bird_update(
    base: String,
    timeout: Duration,
) -> Outcome<birdc::UpdateCallResponse, birdc::UpdateCallError> {
    let body: bird::UpdateCall = payload(BIRD_BODY);
    bird_client(&base, timeout)
        .update_call(WORKSPACE, CHANNEL, CALL, &body)
        .await
}

async fn close_update(
    base: String,
    timeout: Duration,
) -> Outcome<closec::UpdateCallActivityResponse, closec::UpdateCallActivityError> {
    close_client(&base, timeout)
        .update_call_activity("acti_123", &close_body())
        .await
}

// -------------------------------------------------------------------------------------------
// Checks shared by every operation
// -------------------------------------------------------------------------------------------

/// Every documented error status decodes into its variant, keeping the response headers.
async fn check_documented_errors<T: Debug, E: Debug + PartialEq>(
    call: impl AsyncFn(String, Duration) -> Outcome<T, E>,
    cases: Vec<(u16, &str, E)>,
) {
    for (status, body, expected) in cases {
        let server = Server::start(Reply::json(status, body)).await;
        let err = call(server.base(), LONG)
            .await
            .expect_err("an error status");
        match err.kind() {
            ClientErrorKind::Api {
                status: got,
                headers,
                error,
            } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(headers["x-request-id"], "req-42");
                assert_eq!(error, &expected, "status {status}");
            }
            other => panic!("status {status}: expected ClientErrorKind::Api, got {other:?}"),
        }
        // A documented error refuses the request: it was not applied, and not retried.
        assert_eq!(err.attempts(), 1);
        assert!(!err.may_have_been_applied(), "{err:?}");
        assert_eq!(server.requests().len(), 1);
    }
}

/// Statuses the schema does not document keep their status, headers and raw body.
async fn check_undocumented_statuses<T: Debug, E: Debug + std::fmt::Display>(
    call: impl AsyncFn(String, Duration) -> Outcome<T, E>,
) {
    for status in [418, 500, 503] {
        let raw = format!("<html>{status} not JSON</html>");
        let server = Server::start(
            Reply::status(status)
                .header("content-type", "text/html")
                .body(&raw),
        )
        .await;
        match call(server.base(), LONG).await {
            Err(e) if matches!(e.kind(), ClientErrorKind::UnexpectedStatus { .. }) => {
                assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
                assert_eq!(e.raw_body(), Some(raw.as_bytes()));
                let headers = e.headers().expect("headers");
                assert_eq!(headers["x-request-id"], "req-42");
                assert_eq!(headers["content-type"], "text/html");
                assert!(e.to_string().contains(&status.to_string()), "{e}");
                // 503 is retried for every operation (up to the default 3 attempts); 418 and
                // 500 are not retried at all.
                let attempts = if status == 503 { 3 } else { 1 };
                assert_eq!(e.attempts(), attempts, "{e}");
                assert_eq!(server.requests().len(), attempts as usize);
                assert_eq!(e.may_have_been_applied(), status == 500, "{e}");
            }
            other => panic!("status {status}: expected UnexpectedStatus, got {other:?}"),
        }
    }
}

/// A malformed, truncated, empty or mis-shaped body of the success status is a decode error
/// with the raw body, never a panic.
async fn check_malformed_bodies<T: Debug, E: Debug>(
    call: impl AsyncFn(String, Duration) -> Outcome<T, E>,
    success: u16,
) {
    for body in [
        "{\"truncated\": ",
        "not json at all",
        "",
        "[1, 2, 3]",
        "{\"a\":1}}",
    ] {
        let server = Server::start(Reply::json(success, body)).await;
        let err = call(server.base(), LONG).await.expect_err("a decode error");
        match err.kind() {
            ClientErrorKind::Decode {
                status,
                message,
                body: raw,
            } => {
                assert_eq!(status.as_u16(), success);
                assert_eq!(raw, body.as_bytes());
                assert!(!message.is_empty());
            }
            other => panic!("body {body:?}: expected ClientErrorKind::Decode, got {other:?}"),
        }
        // The server accepted the request: it was applied, whatever its answer says.
        assert!(err.may_have_been_applied(), "{err:?}");
    }
}

/// A server slower than the timeout: the call fails with a timeout, well before the server
/// answers.
async fn check_timeout<T: Debug, E: Debug + std::fmt::Display>(
    call: impl AsyncFn(String, Duration) -> Outcome<T, E>,
    success: u16,
    success_body: &str,
) {
    let server =
        Server::start(Reply::json(success, success_body).delayed(Duration::from_secs(10))).await;
    let started = Instant::now();
    let result = call(server.base(), Duration::from_millis(300)).await;
    let elapsed = started.elapsed();
    let attempts = match &result {
        Err(e) => {
            assert!(e.is_timeout(), "expected a timeout, got {e:?}");
            assert!(e.to_string().contains("timed out"), "{e}");
            // The request reached the server: it may have been applied.
            assert!(e.may_have_been_applied(), "{e}");
            assert!(e.to_string().contains("may have been applied"), "{e}");
            e.attempts()
        }
        Ok(v) => panic!("expected a timeout, got {v:?}"),
    };
    // Idempotent operations retry a timeout (3 attempts by default), the others do not.
    assert!(attempts == 1 || attempts == 3, "{attempts}");
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(server.requests().len(), attempts as usize);
}

// -------------------------------------------------------------------------------------------
// salesforce.create_voice_call
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn salesforce_create_voice_call_sends_the_documented_request_and_decodes_200() {
    let response = "salesforce.create_voice_call/response-200/valid/01-no-errors.json";
    let server = Server::start(Reply::json(200, &payload_text(response))).await;
    let result = sf_create(server.base(), LONG).await.expect("200");
    assert_eq!(
        result,
        sfc::CreateVoiceCallResponse::Ok200(payload(response))
    );
    let seen = server.only_request();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, "/telephony/v1/voiceCalls");
    assert_eq!(seen.header("authorization"), format!("Bearer {SF_TOKEN}"));
    assert_eq!(seen.header("telephony-provider-name"), PROVIDER);
    assert_eq!(seen.header("content-type"), "application/json");
    assert_eq!(seen.header("accept"), "application/json");
    assert_eq!(
        normalized(seen.json()),
        normalized(serde_json::from_str(&payload_text(SF_CREATE_BODY)).expect("JSON"))
    );
    // The other documented 200 shapes decode too.
    for rel in [
        "salesforce.create_voice_call/response-200/valid/02-errors-as-message.json",
        "salesforce.create_voice_call/response-200/valid/03-errors-omitted.json",
    ] {
        let server = Server::start(Reply::json(200, &payload_text(rel))).await;
        let result = sf_create(server.base(), LONG).await.expect("200");
        assert_eq!(result, sfc::CreateVoiceCallResponse::Ok200(payload(rel)));
    }
}

#[tokio::test]
async fn salesforce_create_voice_call_documented_errors() {
    check_documented_errors(
        sf_create,
        vec![
            (
                400,
                r#"[{"errorCode":"INVALID_FIELD","message":"bad"}]"#,
                sfc::CreateVoiceCallError::BadRequest400(
                    json!([{"errorCode": "INVALID_FIELD", "message": "bad"}]),
                ),
            ),
            (
                401,
                r#"{"message":"expired"}"#,
                sfc::CreateVoiceCallError::Unauthorized401(json!({"message": "expired"})),
            ),
            (
                404,
                "null",
                sfc::CreateVoiceCallError::NotFound404(Value::Null),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn salesforce_create_voice_call_undocumented_status() {
    check_undocumented_statuses(sf_create).await;
}

#[tokio::test]
async fn salesforce_create_voice_call_malformed_body() {
    check_malformed_bodies(sf_create, 200).await;
}

#[tokio::test]
async fn salesforce_create_voice_call_times_out() {
    check_timeout(sf_create, 200, r#"{"voiceCallId":"0LQ"}"#).await;
}

// -------------------------------------------------------------------------------------------
// salesforce.update_voice_call
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn salesforce_update_voice_call_sends_the_documented_request_and_decodes_200() {
    let server = Server::start(Reply::json(200, r#"{"status":"pending"}"#)).await;
    let result = sf_update(server.base(), LONG).await.expect("200");
    assert_eq!(
        result,
        sfc::UpdateVoiceCallResponse::Ok200(salesforce::UpdateVoiceCallResponse {
            status: "pending".into()
        })
    );
    let seen = server.only_request();
    assert_eq!(seen.method, "PATCH");
    assert_eq!(seen.target, format!("/telephony/v1/voiceCalls/{SF_CALL}"));
    assert_eq!(seen.header("authorization"), format!("Bearer {SF_TOKEN}"));
    assert_eq!(seen.header("telephony-provider-name"), PROVIDER);
    assert_eq!(seen.header("content-type"), "application/json");
    assert_eq!(
        normalized(seen.json()),
        normalized(serde_json::from_str(&payload_text(SF_UPDATE_BODY)).expect("JSON"))
    );
    // An unknown extra field in the answer is accepted.
    let rel =
        "salesforce.update_voice_call/response-200/valid/02-pending-with-unknown-extra-field.json";
    let server = Server::start(Reply::json(200, &payload_text(rel))).await;
    let result = sf_update(server.base(), LONG).await.expect("200");
    assert_eq!(result, sfc::UpdateVoiceCallResponse::Ok200(payload(rel)));
}

#[tokio::test]
async fn salesforce_update_voice_call_documented_errors() {
    check_documented_errors(
        sf_update,
        vec![
            (
                400,
                r#"{"message":"bad"}"#,
                sfc::UpdateVoiceCallError::BadRequest400(json!({"message": "bad"})),
            ),
            (
                401,
                r#""expired""#,
                sfc::UpdateVoiceCallError::Unauthorized401(json!("expired")),
            ),
            (
                404,
                r#"{"message":"no such call"}"#,
                sfc::UpdateVoiceCallError::NotFound404(json!({"message": "no such call"})),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn salesforce_update_voice_call_undocumented_status() {
    check_undocumented_statuses(sf_update).await;
}

#[tokio::test]
async fn salesforce_update_voice_call_malformed_body() {
    check_malformed_bodies(sf_update, 200).await;
}

#[tokio::test]
async fn salesforce_update_voice_call_times_out() {
    check_timeout(sf_update, 200, r#"{"status":"pending"}"#).await;
}

// -------------------------------------------------------------------------------------------
// vcita.update_voice_call
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn vcita_update_voice_call_sends_the_documented_request_and_decodes_200() {
    let response =
        "vcita.update_voice_call/response-200/valid/01-answered-call-with-recording.json";
    let server = Server::start(Reply::json(200, &payload_text(response))).await;
    let result = vcita_update(server.base(), LONG).await.expect("200");
    assert_eq!(
        result,
        vcitac::UpdateVoiceCallResponse::Ok200(payload(response))
    );
    let seen = server.only_request();
    assert_eq!(seen.method, "PUT");
    assert_eq!(
        seen.target,
        format!("/v3/communication/voice_calls/{VCITA_UID}")
    );
    assert_eq!(
        seen.header("authorization"),
        format!("Bearer {VCITA_TOKEN}")
    );
    assert_eq!(seen.header("content-type"), "application/json");
    assert_eq!(seen.header("accept"), "application/json");
    assert!(seen.headers.get("telephony-provider-name").is_none());
    assert_eq!(
        normalized(seen.json()),
        normalized(serde_json::from_str(&payload_text(VCITA_BODY)).expect("JSON"))
    );
}

#[tokio::test]
async fn vcita_update_voice_call_documented_errors() {
    let field_error = "vcita.update_voice_call/response-400/valid/01-field-error.json";
    let message_list = "vcita.update_voice_call/response-400/valid/02-message-list.json";
    check_documented_errors(
        vcita_update,
        vec![
            (
                400,
                &payload_text(field_error),
                vcitac::UpdateVoiceCallError::BadRequest400(payload(field_error)),
            ),
            (
                400,
                &payload_text(message_list),
                vcitac::UpdateVoiceCallError::BadRequest400(payload(message_list)),
            ),
            (
                401,
                r#"{"error":"Unauthorized"}"#,
                vcitac::UpdateVoiceCallError::Unauthorized401(vcita::ErrorResponse {
                    success: None,
                    errors: None,
                }),
            ),
            (
                404,
                r#"{"success":false,"errors":[{"code":"not_found","message":"No voice call"}]}"#,
                vcitac::UpdateVoiceCallError::NotFound404(payload_value(
                    r#"{"success":false,"errors":[{"code":"not_found","message":"No voice call"}]}"#,
                )),
            ),
        ],
    )
    .await;
}

fn payload_value<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).expect("JSON")
}

#[tokio::test]
async fn vcita_update_voice_call_undocumented_status() {
    check_undocumented_statuses(vcita_update).await;
}

#[tokio::test]
async fn vcita_update_voice_call_malformed_body() {
    check_malformed_bodies(vcita_update, 200).await;
    // A documented error status whose body does not have the documented shape.
    let server = Server::start(Reply::json(404, r#"{"success":"no"}"#)).await;
    let err = vcita_update(server.base(), LONG)
        .await
        .expect_err("decode error");
    match err.kind() {
        ClientErrorKind::Decode { status, body, .. } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body, br#"{"success":"no"}"#);
        }
        other => panic!("expected ClientErrorKind::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn vcita_update_voice_call_times_out() {
    let response =
        "vcita.update_voice_call/response-200/valid/01-answered-call-with-recording.json";
    check_timeout(vcita_update, 200, &payload_text(response)).await;
}

// -------------------------------------------------------------------------------------------
// bird.update_call
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn bird_update_call_sends_the_documented_request_and_decodes_202() {
    let response = "bird.update_call/response-202/valid/02-all-fields.json";
    let server = Server::start(Reply::json(202, &payload_text(response))).await;
    let result = bird_update(server.base(), LONG).await.expect("202");
    assert_eq!(
        result,
        birdc::UpdateCallResponse::Accepted202(payload(response))
    );
    let seen = server.only_request();
    assert_eq!(seen.method, "PATCH");
    assert_eq!(
        seen.target,
        format!("/workspaces/{WORKSPACE}/channels/{CHANNEL}/calls/{CALL}")
    );
    assert_eq!(
        seen.header("authorization"),
        format!("AccessKey {BIRD_KEY}")
    );
    assert_eq!(seen.header("content-type"), "application/json");
    assert_eq!(seen.header("accept"), "application/json");
    assert_eq!(
        normalized(seen.json()),
        normalized(serde_json::from_str(&payload_text(BIRD_BODY)).expect("JSON"))
    );
    // A 200 is not documented for this operation.
    let server = Server::start(Reply::json(200, &payload_text(response))).await;
    let err = bird_update(server.base(), LONG).await.expect_err("200");
    assert!(
        matches!(err.kind(), ClientErrorKind::UnexpectedStatus { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn bird_update_call_documented_errors() {
    check_documented_errors(
        bird_update,
        vec![
            (
                400,
                r#"{"code":"InvalidPayload","message":"Payload validation error"}"#,
                birdc::UpdateCallError::BadRequest400(
                    json!({"code": "InvalidPayload", "message": "Payload validation error"}),
                ),
            ),
            (
                404,
                r#"{"code":"NotFound"}"#,
                birdc::UpdateCallError::NotFound404(json!({"code": "NotFound"})),
            ),
            (
                422,
                r#"{"code":"InvalidPayload","details":{"callFlow":["too long"]}}"#,
                birdc::UpdateCallError::UnprocessableEntity422(
                    json!({"code": "InvalidPayload", "details": {"callFlow": ["too long"]}}),
                ),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn bird_update_call_undocumented_status() {
    check_undocumented_statuses(bird_update).await;
}

#[tokio::test]
async fn bird_update_call_malformed_body() {
    check_malformed_bodies(bird_update, 202).await;
}

#[tokio::test]
async fn bird_update_call_times_out() {
    let response = "bird.update_call/response-202/valid/01-minimal-required-fields.json";
    check_timeout(bird_update, 202, &payload_text(response)).await;
}

// -------------------------------------------------------------------------------------------
// close.update_call_activity
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn close_update_call_activity_sends_the_documented_request_and_decodes_200() {
    let response = "close.update_call_activity/response-200/valid/02-completed-with-values.json";
    let server = Server::start(Reply::json(200, &payload_text(response))).await;
    let result = close_update(server.base(), LONG).await.expect("200");
    assert_eq!(
        result,
        closec::UpdateCallActivityResponse::Ok200(payload(response))
    );
    let seen = server.only_request();
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.target, "/activity/call/acti_123/");
    assert_eq!(seen.header("authorization"), CLOSE_BASIC);
    assert_eq!(seen.header("content-type"), "application/json");
    assert_eq!(seen.header("accept"), "application/json");
    assert_eq!(
        seen.json(),
        json!({
            "note_html": "<p>Customer asked for a callback.</p>",
            "duration": 184,
            "outcome_id": null,
            "status": "completed"
        })
    );
    // Unknown values the vendor sends are kept.
    let rel =
        "close.update_call_activity/response-200/valid/03-unknown-source-and-status-are-kept.json";
    let server = Server::start(Reply::json(200, &payload_text(rel))).await;
    let result = close_update(server.base(), LONG).await.expect("200");
    assert_eq!(
        result,
        closec::UpdateCallActivityResponse::Ok200(payload(rel))
    );
}

#[tokio::test]
async fn close_update_call_activity_with_an_oauth_token_sends_bearer() {
    let response = "close.update_call_activity/response-200/valid/01-new-call-created.json";
    let server = Server::start(Reply::json(200, &payload_text(response))).await;
    let config = closec::Config::new(closec::Auth::oauth(CLOSE_OAUTH)).with_base_url(server.base());
    assert_eq!(config.api.auth.scheme(), "oauth");
    let client = closec::Client::new(config).expect("client");
    client
        .update_call_activity("acti_123", &close_body())
        .await
        .expect("200");
    let seen = server.only_request();
    assert_eq!(
        seen.header("authorization"),
        format!("Bearer {CLOSE_OAUTH}")
    );
}

#[tokio::test]
async fn close_update_call_activity_documented_errors() {
    check_documented_errors(
        close_update,
        vec![
            (
                400,
                r#"{"error":"Invalid data","field-errors":{"duration":"too long"}}"#,
                closec::UpdateCallActivityError::BadRequest400(
                    json!({"error": "Invalid data", "field-errors": {"duration": "too long"}}),
                ),
            ),
            (
                401,
                r#"{"error":"Unauthorized"}"#,
                closec::UpdateCallActivityError::Unauthorized401(json!({"error": "Unauthorized"})),
            ),
            (
                404,
                r#"{"error":"Not found"}"#,
                closec::UpdateCallActivityError::NotFound404(json!({"error": "Not found"})),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn close_update_call_activity_undocumented_status() {
    check_undocumented_statuses(close_update).await;
}

#[tokio::test]
async fn close_update_call_activity_malformed_body() {
    check_malformed_bodies(close_update, 200).await;
}

#[tokio::test]
async fn close_update_call_activity_times_out() {
    let response = "close.update_call_activity/response-200/valid/01-new-call-created.json";
    check_timeout(close_update, 200, &payload_text(response)).await;
}

// -------------------------------------------------------------------------------------------
// Path injection
// -------------------------------------------------------------------------------------------

/// Decodes `%HH` escapes (the server side of the round trip).
fn percent_decode(segment: &str) -> String {
    let b = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

const HOSTILE: &[(&str, &str)] = &[
    ("../../admin", "..%2F..%2Fadmin"),
    ("a/b", "a%2Fb"),
    ("x?y=1", "x%3Fy%3D1"),
    ("#", "%23"),
    ("#frag", "%23frag"),
    ("a b", "a%20b"),
    ("%2F", "%252F"),
    ("..%2F", "..%252F"),
    ("...", "..."),
    ("acti_ok-1.2~3", "acti_ok-1.2~3"),
    ("é", "%C3%A9"),
    ("a\r\nb", "a%0D%0Ab"),
    ("\\..\\", "%5C..%5C"),
];

#[tokio::test]
async fn path_parameters_stay_inside_their_segment() {
    let response =
        payload_text("close.update_call_activity/response-200/valid/01-new-call-created.json");
    for (value, encoded) in HOSTILE {
        let server = Server::start(Reply::json(200, &response)).await;
        close_client(&server.base(), LONG)
            .update_call_activity(value, &close_body())
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
        let seen = server.only_request();
        assert_eq!(
            seen.target,
            format!("/activity/call/{encoded}/"),
            "{value:?}"
        );
        let segment = seen
            .target
            .strip_prefix("/activity/call/")
            .and_then(|s| s.strip_suffix('/'))
            .expect("one segment");
        assert!(!segment.contains(['/', '?', '#']), "{segment}");
        assert_eq!(percent_decode(segment), *value);
    }
}

#[tokio::test]
async fn every_path_parameter_of_a_multi_segment_path_is_encoded() {
    let response =
        payload_text("bird.update_call/response-202/valid/01-minimal-required-fields.json");
    let server = Server::start(Reply::json(202, &response)).await;
    let body: bird::UpdateCall = payload(BIRD_BODY);
    bird_client(&server.base(), LONG)
        .update_call("../../admin", "a/b", "x?y=1#", &body)
        .await
        .expect("202");
    let seen = server.only_request();
    assert_eq!(
        seen.target,
        "/workspaces/..%2F..%2Fadmin/channels/a%2Fb/calls/x%3Fy%3D1%23"
    );
    // The other vendors' single path parameters too.
    let server = Server::start(Reply::json(200, r#"{"status":"pending"}"#)).await;
    let sf_body: salesforce::UpdateVoiceCall = payload(SF_UPDATE_BODY);
    salesforce_client(&server.base(), LONG)
        .update_voice_call("../x", &sf_body)
        .await
        .expect("200");
    assert_eq!(
        server.only_request().target,
        "/telephony/v1/voiceCalls/..%2Fx"
    );
    let vcita_response = payload_text(
        "vcita.update_voice_call/response-200/valid/01-answered-call-with-recording.json",
    );
    let server = Server::start(Reply::json(200, &vcita_response)).await;
    let vcita_body: vcita::UpdateVoiceCall = payload(VCITA_BODY);
    vcita_client(&server.base(), LONG)
        .update_voice_call("?#/", &vcita_body)
        .await
        .expect("200");
    assert_eq!(
        server.only_request().target,
        "/v3/communication/voice_calls/%3F%23%2F"
    );
}

#[tokio::test]
async fn empty_and_dot_path_parameters_are_refused_without_a_request() {
    let server = Server::start(Reply::json(200, "{}")).await;
    let client = close_client(&server.base(), LONG);
    for value in ["", ".", ".."] {
        match client.update_call_activity(value, &close_body()).await {
            Err(e)
                if matches!(
                    e.kind(),
                    ClientErrorKind::InvalidPathParameter { name: "id", .. }
                ) =>
            {
                assert!(e.to_string().contains("`id`"), "{e}");
                assert_eq!(e.attempts(), 0);
                assert!(!e.may_have_been_applied());
            }
            other => panic!("{value:?}: expected InvalidPathParameter, got {other:?}"),
        }
    }
    let body: bird::UpdateCall = payload(BIRD_BODY);
    let err = bird_client(&server.base(), LONG)
        .update_call(WORKSPACE, "..", CALL, &body)
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err.kind(),
            ClientErrorKind::InvalidPathParameter {
                name: "channelId",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.requests().is_empty(), "nothing reached the server");
}

// -------------------------------------------------------------------------------------------
// Validation before sending
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_invalid_body_never_reaches_the_server() {
    let server = Server::start(Reply::json(200, "{}")).await;
    let mut body = close_body();
    body.duration = Nullable::Value(604_801);
    body.phone = Nullable::Value("0612345678".into());
    let err = close_client(&server.base(), LONG)
        .update_call_activity("acti_123", &body)
        .await
        .expect_err("invalid");
    let report = err.report().expect("a validation report");
    let found: Vec<(&str, &str)> = report
        .errors()
        .map(|v| (v.pointer.as_str(), v.code))
        .collect();
    assert_eq!(found, [("/duration", "maximum"), ("/phone", "format")]);
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert!(err.to_string().contains("/duration"), "{err}");

    // The other vendors validate too.
    let mut bird_body: bird::UpdateCall = payload(BIRD_BODY);
    let command = bird_body.call_flow.as_ref().expect("callFlow")[0].clone();
    bird_body.call_flow = Some(vec![command; 21]);
    let err = bird_client(&server.base(), LONG)
        .update_call(WORKSPACE, CHANNEL, CALL, &bird_body)
        .await
        .expect_err("invalid");
    assert_eq!(err.report().expect("report").errors().count(), 1);

    let mut sf_body: salesforce::CreateVoiceCall = payload(SF_CREATE_BODY);
    sf_body.participants.clear();
    let err = salesforce_client(&server.base(), LONG)
        .create_voice_call(&sf_body)
        .await
        .expect_err("invalid");
    assert!(err.report().is_some(), "{err:?}");

    let mut vcita_body: vcita::UpdateVoiceCall = payload(VCITA_BODY);
    vcita_body.from_number = "4155550148".into();
    let err = vcita_client(&server.base(), LONG)
        .update_voice_call(VCITA_UID, &vcita_body)
        .await
        .expect_err("invalid");
    assert!(err.report().is_some(), "{err:?}");

    assert_eq!(server.requests().len(), 0, "the server counted no request");
}

#[tokio::test]
async fn warnings_do_not_stop_a_request_and_validation_can_be_turned_off() {
    let response =
        payload_text("close.update_call_activity/response-200/valid/01-new-call-created.json");
    // `note` together with `note_html` is only a warning.
    let server = Server::start(Reply::json(200, &response)).await;
    let mut body = close_body();
    body.note = Nullable::Value("plain".into());
    close_client(&server.base(), LONG)
        .update_call_activity("acti_123", &body)
        .await
        .expect("sent despite the warning");
    assert_eq!(server.requests().len(), 1);

    // Opting out sends an invalid body as it is.
    let server = Server::start(Reply::json(200, &response)).await;
    let mut body = close_body();
    body.duration = Nullable::Value(604_801);
    let config = close_config(&server.base(), LONG).with_validation(false);
    assert!(!config.validate_requests);
    closec::Client::new(config)
        .expect("client")
        .update_call_activity("acti_123", &body)
        .await
        .expect("sent without validation");
    assert_eq!(server.only_request().json()["duration"], json!(604_801));
}

// -------------------------------------------------------------------------------------------
// Header injection and credentials
// -------------------------------------------------------------------------------------------

const BAD_VALUES: &[&str] = &[
    "tok\r\nX-Injected: 1",
    "tok\nX-Injected: 1",
    "tok\rX",
    "tok\tx",
    "tok\0x",
    "tok\u{7f}x",
    "tokén",
    "",
];

#[test]
fn credentials_with_control_characters_are_refused_when_the_client_is_built() {
    for bad in BAD_VALUES.iter().copied().chain(["tok en"]) {
        let configs = [
            closec::Config::new(closec::Auth::api_key(bad)),
            closec::Config::new(closec::Auth::oauth(bad)),
        ];
        for config in configs {
            let err = closec::Client::new(config).expect_err("refused");
            assert!(
                matches!(err.kind(), ClientErrorKind::InvalidHeader { name, .. } if name == "Authorization"),
                "{bad:?}: {err:?}"
            );
            if !bad.is_empty() {
                assert!(!err.to_string().contains(bad), "{err}");
                assert!(!format!("{err:?}").contains(bad), "{err:?}");
            }
            assert!(!err.to_string().contains("X-Injected"), "{err}");
        }
        let err = birdc::Client::new(birdc::Config::new(birdc::Auth::access_key(bad)))
            .expect_err("refused");
        assert!(
            matches!(err.kind(), ClientErrorKind::InvalidHeader { .. }),
            "{err:?}"
        );
        let err = vcitac::Client::new(vcitac::Config::new(vcitac::Auth::bearer_jwt(bad)))
            .expect_err("refused");
        assert!(
            matches!(err.kind(), ClientErrorKind::InvalidHeader { .. }),
            "{err:?}"
        );
    }
    // A Basic user name cannot contain `:`.
    let err = closec::Client::new(closec::Config::new(closec::Auth::api_key("a:b")))
        .expect_err("refused");
    assert!(
        matches!(err.kind(), ClientErrorKind::InvalidHeader { .. }),
        "{err:?}"
    );
}

#[test]
fn custom_header_values_with_control_characters_are_refused() {
    for bad in BAD_VALUES {
        let config = sfc::Config::new(sfc::ApiConfig::new(
            sfc::ServerVariables::new("acme"),
            sfc::Auth::bearer_jwt(SF_TOKEN),
            *bad,
        ));
        let err = sfc::Client::new(config).expect_err("refused");
        match err.kind() {
            ClientErrorKind::InvalidHeader { name, .. } => {
                assert_eq!(name, "Telephony-Provider-Name")
            }
            other => panic!("{bad:?}: {other:?}"),
        }
        assert!(!err.to_string().contains("X-Injected"), "{err}");
    }
    // A plain value with spaces is fine.
    let config = sfc::Config::new(sfc::ApiConfig::new(
        sfc::ServerVariables::new("acme"),
        sfc::Auth::bearer_jwt(SF_TOKEN),
        "Amazon Connect",
    ));
    sfc::Client::new(config).expect("accepted");
}

#[tokio::test]
async fn secrets_never_appear_in_debug_output_or_errors() {
    let secrets = [
        CLOSE_KEY,
        CLOSE_OAUTH,
        SF_TOKEN,
        VCITA_TOKEN,
        BIRD_KEY,
        "sEcReT",
    ];
    let mut outputs = Vec::new();

    let sf_config = sfc::Config::new(sf_api(sfc::Auth::bearer_jwt(SF_TOKEN)));
    outputs.push(format!("{sf_config:?}"));
    outputs.push(format!(
        "{:?}",
        sfc::Client::new(sf_config).expect("client")
    ));
    let close_basic = close_config("http://127.0.0.1:9", LONG);
    outputs.push(format!("{close_basic:?}"));
    outputs.push(format!(
        "{:?}",
        closec::Client::new(close_basic).expect("client")
    ));
    outputs.push(format!("{:?}", closec::Auth::oauth(CLOSE_OAUTH)));
    outputs.push(format!("{:?}", vcita_client("http://127.0.0.1:9", LONG)));
    outputs.push(format!("{:?}", bird_client("http://127.0.0.1:9", LONG)));
    outputs.push(format!("{:?}", Secret::new(BIRD_KEY)));

    // A refused credential.
    let err = closec::Client::new(closec::Config::new(closec::Auth::oauth(format!(
        "{CLOSE_OAUTH}\r\n"
    ))))
    .expect_err("refused");
    outputs.push(format!("{err:?}"));
    outputs.push(err.to_string());

    // A connection failure (a port nothing listens on).
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let err = close_update(format!("http://127.0.0.1:{port}"), LONG)
        .await
        .expect_err("connection refused");
    match err.kind() {
        ClientErrorKind::Transport(t) => assert_eq!(t.kind(), TransportErrorKind::Connect, "{t}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    outputs.push(format!("{err:?}"));
    outputs.push(err.to_string());

    // Errors with a response.
    let server = Server::start(Reply::json(401, r#"{"error":"Unauthorized"}"#)).await;
    let err = close_update(server.base(), LONG).await.expect_err("401");
    outputs.push(format!("{err:?}"));
    outputs.push(err.to_string());
    let server = Server::start(Reply::status(500).body("oops")).await;
    let err = bird_update(server.base(), LONG).await.expect_err("500");
    outputs.push(format!("{err:?}"));
    outputs.push(err.to_string());
    let err = sf_update(server.base(), LONG).await.expect_err("500");
    outputs.push(format!("{err:?}"));

    for out in &outputs {
        for secret in secrets {
            assert!(!out.contains(secret), "{secret:?} leaked into {out}");
        }
    }
    assert!(outputs[0].contains("Secret(***)"), "{}", outputs[0]);
    assert!(outputs[1].contains("Secret(***)"), "{}", outputs[1]);
    assert_eq!(outputs[7], "Secret(***)");
}

// -------------------------------------------------------------------------------------------
// Base URLs and server variables
// -------------------------------------------------------------------------------------------

#[test]
fn the_default_server_is_used_with_its_variables_filled_in() {
    let vars = sfc::ServerVariables::new("acme-corp");
    assert_eq!(
        vars.url().expect("url"),
        "https://acme-corp.my.salesforce-scrt.com/telephony/v1"
    );
    let client = sfc::Client::new(sfc::Config::new(sfc::ApiConfig::new(
        vars,
        sfc::Auth::bearer_jwt(SF_TOKEN),
        PROVIDER,
    )))
    .expect("client");
    assert_eq!(
        client.base_url(),
        "https://acme-corp.my.salesforce-scrt.com/telephony/v1"
    );
    for (client_base, expected) in [
        (
            close_client_default().base_url().to_string(),
            "https://api.close.com/api/v1",
        ),
        (
            vcitac::Client::new(vcitac::Config::new(vcitac::Auth::bearer_jwt(VCITA_TOKEN)))
                .expect("client")
                .base_url()
                .to_string(),
            "https://api.vcita.biz",
        ),
        (
            birdc::Client::new(birdc::Config::new(birdc::Auth::access_key(BIRD_KEY)))
                .expect("client")
                .base_url()
                .to_string(),
            "https://api.bird.com",
        ),
    ] {
        assert_eq!(client_base, expected);
    }
}

fn close_client_default() -> closec::Client {
    closec::Client::new(closec::Config::new(closec::Auth::api_key(CLOSE_KEY))).expect("client")
}

#[test]
fn server_variables_cannot_change_the_host_or_path() {
    for bad in [
        "",
        ".",
        "..",
        "evil.com/",
        "evil.com#",
        "evil.com?",
        "a@b",
        "a:1",
        "a b",
        "x\r\n",
        "{MyDomain}",
        "é",
    ] {
        let err = sfc::ServerVariables::new(bad).url().expect_err("refused");
        match err.kind() {
            ClientErrorKind::Config { what, .. } => assert!(what.contains("MyDomain"), "{what}"),
            other => panic!("{bad:?}: {other:?}"),
        }
        let config = sfc::Config::new(sfc::ApiConfig::new(
            sfc::ServerVariables::new(bad),
            sfc::Auth::bearer_jwt(SF_TOKEN),
            PROVIDER,
        ));
        assert!(sfc::Client::new(config).is_err(), "{bad:?}");
    }
    // An explicit base URL replaces the default server.
    let config = sfc::Config::new(sf_api(sfc::Auth::bearer_jwt(SF_TOKEN)))
        .with_base_url("http://127.0.0.1:8080/telephony/v1/");
    assert_eq!(
        sfc::Client::new(config).expect("client").base_url(),
        "http://127.0.0.1:8080/telephony/v1"
    );
    // A template variable without a value is never sent as `{name}`.
    let err =
        client::server_url::<std::convert::Infallible>("https://{A}.{B}.example", &[("A", "x")])
            .expect_err("missing variable");
    assert!(err.to_string().contains("`B`"), "{err}");
}

#[test]
fn base_urls_are_checked() {
    for bad in [
        "",
        "not a url",
        "ftp://example.com",
        "example.com/api",
        "http://user:pass@example.com",
        "https://example.com/api?x=1",
        "https://example.com/api#top",
        "https://example.com/a/../b",
        "https://example.com/\r\nX: 1",
    ] {
        let err = closec::Client::new(close_config(bad, LONG)).expect_err("refused");
        assert!(
            matches!(err.kind(), ClientErrorKind::Config { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(!err.to_string().contains("pass"), "{err}");
    }
    for (good, normalized) in [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        (
            "https://api.close.com/api/v1/",
            "https://api.close.com/api/v1",
        ),
        ("HTTPS://EXAMPLE.com", "HTTPS://EXAMPLE.com"),
    ] {
        let client = closec::Client::new(close_config(good, LONG)).expect("accepted");
        assert_eq!(client.base_url(), normalized);
    }
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = Server::start(
        Reply::status(307)
            .header("location", "/elsewhere")
            .body("moved"),
    )
    .await;
    let err = close_update(server.base(), LONG).await.expect_err("307");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307));
    assert_eq!(server.requests().len(), 1, "the redirect was not followed");
}

// -------------------------------------------------------------------------------------------
// A custom transport (test double), encodings, futures
// -------------------------------------------------------------------------------------------

/// Records requests and answers with a canned response; no network.
#[derive(Debug, Default)]
struct Double {
    requests: Mutex<Vec<http::Request<Vec<u8>>>>,
}

impl Transport for Double {
    fn send(&self, request: http::Request<Vec<u8>>) -> TransportFuture<'_> {
        Box::pin(async move {
            if request.uri().path().contains("fail") {
                return Err(TransportError::new(TransportErrorKind::Timeout, "gave up"));
            }
            self.requests.lock().expect("lock").push(request);
            let body = payload_text(
                "close.update_call_activity/response-200/valid/01-new-call-created.json",
            );
            let mut response = http::Response::new(body.into_bytes());
            *response.status_mut() = http::StatusCode::OK;
            Ok(response)
        })
    }
}

#[tokio::test]
async fn a_custom_transport_receives_the_complete_request_and_the_timeout() {
    let double = Arc::new(Double::default());
    let config = closec::Config::new(closec::Auth::api_key(CLOSE_KEY))
        .with_timeout(Duration::from_secs(7))
        .with_clock(TestClock::new());
    let client = closec::Client::with_transport(config, Arc::clone(&double)).expect("client");
    let result = client
        .update_call_activity("acti_9", &close_body())
        .await
        .expect("200");
    assert!(matches!(
        result,
        closec::UpdateCallActivityResponse::Ok200(_)
    ));
    let request = double.requests.lock().expect("lock").remove(0);
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(
        request.uri().to_string(),
        "https://api.close.com/api/v1/activity/call/acti_9/"
    );
    assert_eq!(
        request.extensions().get::<Timeout>(),
        Some(&Timeout(Duration::from_secs(7)))
    );
    let auth = &request.headers()["authorization"];
    assert_eq!(auth, CLOSE_BASIC);
    assert!(auth.is_sensitive(), "credentials are marked sensitive");
    assert!(!format!("{:?}", request.headers()).contains(CLOSE_BASIC));

    // The transport's own errors come back as ClientError::Transport.
    let err = client
        .update_call_activity("fail", &close_body())
        .await
        .expect_err("transport error");
    assert!(err.is_timeout(), "{err:?}");
}

#[test]
fn base64_and_percent_encoding() {
    for (input, expected) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
        ("alice:p@ss w0rd", "YWxpY2U6cEBzcyB3MHJk"),
    ] {
        assert_eq!(client::base64_encode(input.as_bytes()), expected);
    }
    assert_eq!(client::base64_encode(&[0xff, 0xfe, 0xfd, 0x00]), "//79AA==");
    let all: String = (0x20u8..0x7f).map(char::from).collect();
    let encoded = client::percent_encode(&all);
    assert!(
        encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
        "{encoded}"
    );
    assert_eq!(percent_decode(&encoded), all);
}

#[test]
fn client_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = close_client_default();
    let body = close_body();
    let future = client.update_call_activity("acti_1", &body);
    assert_send(&future);
    let sf = salesforce_client("http://127.0.0.1:9", LONG);
    let sf_body: salesforce::CreateVoiceCall = payload(SF_CREATE_BODY);
    let future = sf.create_voice_call(&sf_body);
    assert_send(&future);
}

// -------------------------------------------------------------------------------------------
// Emit options of the client
// -------------------------------------------------------------------------------------------

#[test]
fn client_emit_options() {
    use schemagen::emit::{EmitOptions, emit};
    let s = schemagen_tests::vendor_schemas();
    let default = emit(
        s.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("default");
    let close = &default[std::path::Path::new("close.rs")];
    // `ClientError` is one pointer wide, so no `result_large_err` allowance is needed.
    assert!(close.contains("#[cfg(feature = \"client\")]\npub mod client {"));
    assert!(!close.contains("result_large_err"));
    assert_eq!(
        std::mem::size_of::<ClientError<closec::UpdateCallActivityError>>(),
        std::mem::size_of::<usize>()
    );
    // The client support is the runtime crate's `client` module, not a file of the output.
    assert!(!default.contains_key(std::path::Path::new("runtime.rs")));
    assert!(close.contains("crate::runtime::client::ClientError"));

    // Off: no client module, nothing else changes (the mock module, which comes last, left out
    // of both).
    let no_mock = EmitOptions {
        mock: false,
        ..EmitOptions::default()
    };
    let no_mock = emit(s.checked().expect("no schema errors"), &no_mock).expect("no mock");
    let off = EmitOptions {
        client: false,
        mock: false,
        ..EmitOptions::default()
    };
    let off = emit(s.checked().expect("no schema errors"), &off).expect("off");
    for (path, text) in &off {
        assert!(!text.contains("pub mod client"), "{}", path.display());
        assert!(
            no_mock[path].starts_with(text.trim_end()),
            "{}",
            path.display()
        );
    }

    // Inlined runtime: the client module sits inside `runtime.rs`, behind the client feature,
    // and only when clients are generated.
    let inline = |client: bool| {
        let opts = EmitOptions {
            client,
            runtime: schemagen::emit::RuntimeSource::Inline,
            ..EmitOptions::default()
        };
        emit(s.checked().expect("no schema errors"), &opts).expect("inline")
    };
    let runtime = &inline(true)[std::path::Path::new("runtime.rs")];
    assert!(runtime.contains("#[cfg(feature = \"client\")]\npub mod client {"));
    assert!(!inline(false)[std::path::Path::new("runtime.rs")].contains("pub mod client"));

    // Another feature name, or no gate at all; another runtime path.
    let renamed = EmitOptions {
        client_feature: Some("http-client".into()),
        ..EmitOptions::default()
    };
    let renamed = emit(s.checked().expect("no schema errors"), &renamed).expect("renamed");
    assert!(
        renamed[std::path::Path::new("close.rs")].contains("#[cfg(feature = \"http-client\")]")
    );
    let ungated = EmitOptions {
        client_feature: None,
        mock: false,
        client_runtime_path: "super::http_support".into(),
        ..EmitOptions::default()
    };
    let ungated = emit(s.checked().expect("no schema errors"), &ungated).expect("ungated");
    let close = &ungated[std::path::Path::new("close.rs")];
    assert!(!close.contains("#[cfg(feature"));
    assert!(close.contains("super::super::http_support::ClientError"));
    let bad = EmitOptions {
        client_runtime_path: "not a path".into(),
        ..EmitOptions::default()
    };
    assert!(emit(s.checked().expect("no schema errors"), &bad).is_err());
}

// -------------------------------------------------------------------------------------------
// Retries, credentials and tracing: servers that misbehave on purpose, a controlled clock
// -------------------------------------------------------------------------------------------

/// A clock whose sleeps return at once and move its time forward by the wait: retries run
/// without waiting, every wait is recorded, and `Retry-After` dates and token expiry are
/// measured against a time the test chooses.
#[derive(Clone)]
struct TestClock {
    state: Arc<Mutex<ClockState>>,
}

struct ClockState {
    now: SystemTime,
    sleeps: Vec<Duration>,
    /// Run at the first sleep (e.g. to start a server that was not there yet).
    on_first_sleep: Option<Box<dyn FnOnce() + Send>>,
}

impl std::fmt::Debug for TestClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TestClock")
    }
}

impl TestClock {
    /// A clock at the real current time.
    fn new() -> Self {
        TestClock::at(SystemTime::now())
    }

    fn at(now: SystemTime) -> Self {
        TestClock {
            state: Arc::new(Mutex::new(ClockState {
                now,
                sleeps: Vec::new(),
                on_first_sleep: None,
            })),
        }
    }

    fn on_first_sleep(self, f: impl FnOnce() + Send + 'static) -> Self {
        self.state.lock().expect("lock").on_first_sleep = Some(Box::new(f));
        self
    }

    fn sleeps(&self) -> Vec<Duration> {
        self.state.lock().expect("lock").sleeps.clone()
    }

    fn advance(&self, by: Duration) {
        self.state.lock().expect("lock").now += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        self.state.lock().expect("lock").now
    }

    fn sleep(&self, duration: Duration) -> SleepFuture {
        let hook = {
            let mut state = self.state.lock().expect("lock");
            state.now += duration;
            state.sleeps.push(duration);
            state.on_first_sleep.take()
        };
        if let Some(hook) = hook {
            hook();
        }
        Box::pin(async {})
    }
}

const ACTIVITY_200: &str = "close.update_call_activity/response-200/valid/01-new-call-created.json";
const SF_UPDATE_200: &str = "salesforce.update_voice_call/response-200/valid/01-pending.json";

fn close_with(base: &str, clock: &TestClock) -> closec::Client {
    closec::Client::new(
        closec::Config::new(closec::Auth::api_key(CLOSE_KEY))
            .with_base_url(base)
            .with_clock(clock.clone()),
    )
    .expect("client")
}

#[tokio::test]
async fn a_503_with_retry_after_is_retried_after_that_wait() {
    let server = Server::start_sequence(vec![
        Reply::status(503).header("retry-after", "1"),
        Reply::json(200, &payload_text(ACTIVITY_200)),
    ])
    .await;
    let clock = TestClock::new();
    let result = close_with(&server.base(), &clock)
        .update_call_activity("acti_123", &close_body())
        .await
        .expect("the retry succeeds");
    assert!(matches!(
        result,
        closec::UpdateCallActivityResponse::Ok200(_)
    ));
    assert_eq!(server.requests().len(), 2);
    assert_eq!(clock.sleeps(), [Duration::from_secs(1)]);
}

#[tokio::test]
async fn a_429_with_an_http_date_waits_until_that_date() {
    // 2030-01-01T00:00:00Z; the server asks to come back three seconds later.
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000);
    let server = Server::start_sequence(vec![
        Reply::status(429).header("retry-after", "Tue, 01 Jan 2030 00:00:03 GMT"),
        Reply::json(200, &payload_text(SF_UPDATE_200)),
    ])
    .await;
    let clock = TestClock::at(now);
    // A non-idempotent operation: 429 says the request was not processed, so it is retried.
    let config = sfc::Config::new(sf_api(sfc::Auth::bearer_jwt(SF_TOKEN)))
        .with_base_url(server.base())
        .with_clock(clock.clone());
    let body: salesforce::UpdateVoiceCall = payload(SF_UPDATE_BODY);
    sfc::Client::new(config)
        .expect("client")
        .update_voice_call(SF_CALL, &body)
        .await
        .expect("the retry succeeds");
    assert_eq!(clock.sleeps(), [Duration::from_secs(3)]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_until_the_server_is_there() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let started: Arc<Mutex<Option<Server>>> = Arc::default();
    let slot = Arc::clone(&started);
    let runtime = tokio::runtime::Handle::current();
    // The server starts during the first wait, on the port that refused the first attempt.
    let clock = TestClock::new().on_first_sleep(move || {
        let listener = std::net::TcpListener::bind(addr).expect("bind the same port");
        listener.set_nonblocking(true).expect("non-blocking");
        let _entered = runtime.enter();
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        let server = Server::serve(
            listener,
            vec![Reply::json(200, &payload_text(SF_UPDATE_200))],
        );
        *slot.lock().expect("lock") = Some(server);
    });
    // Even a non-idempotent operation: a request that never left is always retried.
    let config = sfc::Config::new(sf_api(sfc::Auth::bearer_jwt(SF_TOKEN)))
        .with_base_url(format!("http://{addr}"))
        .with_clock(clock.clone());
    let body: salesforce::UpdateVoiceCall = payload(SF_UPDATE_BODY);
    let client = sfc::Client::new(config).expect("client");
    client
        .update_voice_call(SF_CALL, &body)
        .await
        .expect("the second attempt is answered");
    let server = started
        .lock()
        .expect("lock")
        .take()
        .expect("the server started");
    assert_eq!(clock.sleeps().len(), 1);
    assert_eq!(
        server.requests().len(),
        1,
        "the second attempt reached the server"
    );
}

/// A raw HTTP/1.1 server on 127.0.0.1: it reads each request completely, then closes the
/// connection without answering while `drops` is above zero, and answers `200` with `body`
/// afterwards. Returns its base URL and the count of requests it read.
async fn dropping_server(drops: usize, body: String) -> (String, Arc<Mutex<usize>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let count = Arc::new(Mutex::new(0usize));
    let seen = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            // Read the head, then as much body as `content-length` says.
            let complete = loop {
                let Ok(n) = stream.read(&mut buf).await else {
                    break false;
                };
                if n == 0 {
                    break false;
                }
                data.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&data).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            let (name, value) = l.split_once(':')?;
                            name.eq_ignore_ascii_case("content-length")
                                .then(|| value.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if data.len() >= end + 4 + length {
                        break true;
                    }
                }
            };
            if !complete {
                continue;
            }
            let n = {
                let mut c = seen.lock().expect("lock");
                *c += 1;
                *c
            };
            if n <= drops {
                drop(stream);
                continue;
            }
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
    });
    (base, count)
}

#[tokio::test]
async fn a_dropped_connection_on_a_non_idempotent_operation_is_not_retried() {
    let (base, count) = dropping_server(1, payload_text(SF_UPDATE_200)).await;
    let clock = TestClock::new();
    let config = sfc::Config::new(sf_api(sfc::Auth::bearer_jwt(SF_TOKEN)))
        .with_base_url(base)
        .with_clock(clock.clone());
    let body: salesforce::UpdateVoiceCall = payload(SF_UPDATE_BODY);
    let err = sfc::Client::new(config)
        .expect("client")
        .update_voice_call(SF_CALL, &body)
        .await
        .expect_err("the connection was dropped");
    assert!(
        matches!(err.kind(), ClientErrorKind::Transport(t) if t.may_have_been_sent()),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 1);
    assert!(err.may_have_been_applied(), "{err}");
    assert!(
        err.to_string()
            .contains("1 attempt; the request may have been applied"),
        "{err}"
    );
    assert_eq!(*count.lock().expect("lock"), 1, "no second request");
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_dropped_connection_on_an_idempotent_operation_is_retried() {
    let (base, count) = dropping_server(1, payload_text(ACTIVITY_200)).await;
    let clock = TestClock::new();
    let result = close_with(&base, &clock)
        .update_call_activity("acti_123", &close_body())
        .await
        .expect("the retry succeeds");
    assert!(matches!(
        result,
        closec::UpdateCallActivityResponse::Ok200(_)
    ));
    assert_eq!(*count.lock().expect("lock"), 2);
    assert_eq!(clock.sleeps().len(), 1);
    // Full jitter: the first wait is at most the initial backoff.
    assert!(
        clock.sleeps()[0] <= Duration::from_millis(200),
        "{:?}",
        clock.sleeps()
    );
}

#[tokio::test]
async fn an_exhausted_budget_ends_the_retries_with_the_attempt_count() {
    let server = Server::start(Reply::status(503).header("retry-after", "10")).await;
    let clock = TestClock::new();
    let policy = client::RetryPolicy::new()
        .with_max_attempts(10)
        .with_budget(Duration::from_secs(25));
    let client = closec::Client::new(
        closec::Config::new(closec::Auth::api_key(CLOSE_KEY))
            .with_base_url(server.base())
            .with_retry(policy)
            .with_clock(clock.clone()),
    )
    .expect("client");
    let err = client
        .update_call_activity("acti_123", &close_body())
        .await
        .expect_err("the budget runs out");
    // Waits of 10 s at 0 s and 10 s fit in 25 s; a third would end at 30 s.
    assert_eq!(err.attempts(), 3, "{err}");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(clock.sleeps(), [Duration::from_secs(10); 2]);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(!err.may_have_been_applied(), "{err}");
    assert!(
        err.to_string()
            .contains("3 attempts; the request was not applied"),
        "{err}"
    );
    // A `Retry-After` longer than the cap is not waited for at all.
    let server = Server::start(Reply::status(503).header("retry-after", "3600")).await;
    let clock = TestClock::new();
    let err = close_with(&server.base(), &clock)
        .update_call_activity("acti_123", &close_body())
        .await
        .expect_err("too long a wait");
    assert_eq!(err.attempts(), 1);
    assert!(clock.sleeps().is_empty());
    // Retries switched off: one attempt.
    let server = Server::start(Reply::status(503)).await;
    let err = closec::Client::new(
        closec::Config::new(closec::Auth::api_key(CLOSE_KEY))
            .with_base_url(server.base())
            .without_retries(),
    )
    .expect("client")
    .update_call_activity("acti_123", &close_body())
    .await
    .expect_err("503");
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests().len(), 1);
}

/// A token source handing out `token-1`, `token-2`, ... and counting how often it is asked.
struct CountingSource {
    fetches: Arc<Mutex<u32>>,
}

impl client::TokenSource for CountingSource {
    fn fetch(&self, now: SystemTime) -> client::TokenFuture<'_> {
        let n = {
            let mut f = self.fetches.lock().expect("lock");
            *f += 1;
            *f
        };
        Box::pin(async move {
            Ok(client::AccessToken::new(
                format!("token-{n}.sEcReT"),
                Some(now + Duration::from_secs(3600)),
            ))
        })
    }
}

#[tokio::test]
async fn a_401_fetches_a_fresh_token_once_and_retries_once() {
    let server = Server::start_sequence(vec![
        Reply::json(401, r#"{"error":"expired"}"#),
        Reply::json(200, &payload_text(ACTIVITY_200)),
    ])
    .await;
    let fetches = Arc::new(Mutex::new(0));
    let token = client::Token::from_source(CountingSource {
        fetches: Arc::clone(&fetches),
    });
    let client = closec::Client::new(
        closec::Config::new(closec::Auth::oauth(token))
            .with_base_url(server.base())
            .with_clock(TestClock::new()),
    )
    .expect("client");
    client
        .update_call_activity("acti_123", &close_body())
        .await
        .expect("the fresh token is accepted");
    assert_eq!(*fetches.lock().expect("lock"), 2, "one fetch, one refresh");
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("authorization"), "Bearer token-1.sEcReT");
    assert_eq!(seen[1].header("authorization"), "Bearer token-2.sEcReT");

    // A server that refuses every token: one refresh, then the 401 comes back.
    let server = Server::start(Reply::json(401, r#"{"error":"no"}"#)).await;
    let fetches = Arc::new(Mutex::new(0));
    let token = client::Token::from_source(CountingSource {
        fetches: Arc::clone(&fetches),
    });
    let err = closec::Client::new(
        closec::Config::new(closec::Auth::oauth(token)).with_base_url(server.base()),
    )
    .expect("client")
    .update_call_activity("acti_123", &close_body())
    .await
    .expect_err("401");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.attempts(), 2);
    assert_eq!(*fetches.lock().expect("lock"), 2);
    assert_eq!(server.requests().len(), 2);

    // A fixed token is never refreshed: the 401 comes back at once.
    let server = Server::start(Reply::json(401, r#"{"error":"no"}"#)).await;
    let err = close_client(&server.base(), LONG)
        .update_call_activity("acti_123", &close_body())
        .await
        .expect_err("401");
    assert_eq!(err.attempts(), 1);
}

const TEST_KEY: &str = include_str!("fixtures/jwt/test-rsa-private.pem");
const TEST_PUBLIC_KEY: &str = include_str!("fixtures/jwt/test-rsa-public.pem");
const OTHER_PUBLIC_KEY: &str = include_str!("fixtures/jwt/other-rsa-public.pem");
const ORG_ID: &str = "00D5e000000abcdEAA";

fn signed_salesforce(base: &str, clock: &TestClock) -> sfc::Client {
    let mut claims = sfc::BearerJwtClaims::new(ORG_ID, "ACME_Contact_Center");
    claims.audience = Some("https://scrt.salesforce.com".to_string());
    let auth = sfc::Auth::bearer_jwt_signed(TEST_KEY, claims).expect("the key is an RSA key");
    let config = sfc::Config::new(sf_api(auth))
        .with_base_url(base)
        .with_clock(clock.clone());
    sfc::Client::new(config).expect("client")
}

fn bearer_of(seen: &Seen) -> String {
    seen.header("authorization")
        .strip_prefix("Bearer ")
        .expect("a bearer token")
        .to_string()
}

#[tokio::test]
async fn the_salesforce_signer_makes_rs256_jwts_that_verify_with_the_public_key() {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
    let server = Server::start(Reply::json(200, &payload_text(SF_UPDATE_200))).await;
    let clock = TestClock::new();
    let body: salesforce::UpdateVoiceCall = payload(SF_UPDATE_BODY);
    signed_salesforce(&server.base(), &clock)
        .update_voice_call(SF_CALL, &body)
        .await
        .expect("200");
    let token = bearer_of(&server.only_request());
    assert_eq!(decode_header(&token).expect("header").alg, Algorithm::RS256);
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[ORG_ID]);
    validation.set_audience(&["https://scrt.salesforce.com"]);
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    let key = DecodingKey::from_rsa_pem(TEST_PUBLIC_KEY.as_bytes()).expect("public key");
    let claims = decode::<Value>(&token, &key, &validation)
        .expect("verifies with the matching public key")
        .claims;
    assert_eq!(claims["iss"], ORG_ID);
    assert_eq!(claims["sub"], "ACME_Contact_Center");
    let now = clock
        .now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    assert_eq!(claims["iat"], now);
    assert_eq!(
        claims["exp"],
        now + 300,
        "five minutes, as the schema declares"
    );
    let jti = claims["jti"].as_str().expect("a jti");
    assert_eq!(jti.len(), 32, "{jti}");
    let other = DecodingKey::from_rsa_pem(OTHER_PUBLIC_KEY.as_bytes()).expect("public key");
    assert!(decode::<Value>(&token, &other, &validation).is_err());
    // A key that is not a PEM RSA key is refused when the auth is made, without echoing it.
    let err = sfc::Auth::bearer_jwt_signed(
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
        sfc::BearerJwtClaims::new(ORG_ID, "cc"),
    )
    .expect_err("not a key");
    assert!(
        matches!(err.kind(), ClientErrorKind::Credentials(_)),
        "{err:?}"
    );
    assert!(!err.to_string().contains("bm90IGEga2V5"), "{err}");
}

/// The signer of a client built by [`signed_salesforce`]: how many tokens it signed.
fn signatures(client: &sfc::Client) -> u64 {
    match &client.config().api.auth {
        sfc::Auth::BearerJwt(token) => token.fetches(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_calls_share_one_signed_token_until_it_nears_expiry() {
    let server = Server::start(Reply::json(200, &payload_text(SF_UPDATE_200))).await;
    let clock = TestClock::new();
    let client = Arc::new(signed_salesforce(&server.base(), &clock));
    let body: Arc<salesforce::UpdateVoiceCall> = Arc::new(payload(SF_UPDATE_BODY));
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (client, body) = (Arc::clone(&client), Arc::clone(&body));
        calls.spawn(async move { client.update_voice_call(&format!("call{i}"), &body).await });
    }
    while let Some(done) = calls.join_next().await {
        done.expect("task").expect("200");
    }
    assert_eq!(
        signatures(&client),
        1,
        "one signing for 20 parallel requests"
    );
    let tokens: std::collections::BTreeSet<String> =
        server.requests().iter().map(bearer_of).collect();
    assert_eq!(tokens.len(), 1);
    // Shortly before it expires (within the last 30 seconds), the next call signs a new one.
    clock.advance(Duration::from_secs(250));
    client.update_voice_call("later", &body).await.expect("200");
    assert_eq!(signatures(&client), 1, "still fresh 50 s before expiry");
    clock.advance(Duration::from_secs(25));
    client.update_voice_call("later", &body).await.expect("200");
    assert_eq!(signatures(&client), 2, "replaced 25 s before expiry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_calls_over_one_client_are_all_answered() {
    let server = Server::start(Reply::json(200, &payload_text(ACTIVITY_200))).await;
    let client = Arc::new(close_with(&server.base(), &TestClock::new()));
    let body = Arc::new(close_body());
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..500 {
        let (client, body) = (Arc::clone(&client), Arc::clone(&body));
        calls.spawn(async move {
            client
                .update_call_activity(&format!("acti_{i}"), &body)
                .await
        });
    }
    let mut answered = 0;
    while let Some(done) = calls.join_next().await {
        let response = done.expect("task").expect("200");
        assert!(matches!(
            response,
            closec::UpdateCallActivityResponse::Ok200(_)
        ));
        answered += 1;
    }
    assert_eq!(answered, 500);
    assert_eq!(server.requests().len(), 500, "no request lost or repeated");
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn calls_are_traced_without_secrets_paths_or_bodies() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Server::start_sequence(vec![
        Reply::status(503).header("retry-after", "2"),
        Reply::json(200, &payload_text(ACTIVITY_200)),
    ])
    .await;
    let clock = TestClock::new();
    close_with(&server.base(), &clock)
        .update_call_activity("acti_PrivateId", &close_body())
        .await
        .expect("200");
    let mut sf_token = sfc::BearerJwtClaims::new(ORG_ID, "ACME_Contact_Center");
    sf_token.audience = None;
    let server = Server::start(Reply::json(200, &payload_text(SF_UPDATE_200))).await;
    let body: salesforce::UpdateVoiceCall = payload(SF_UPDATE_BODY);
    signed_salesforce(&server.base(), &clock)
        .update_voice_call(SF_CALL, &body)
        .await
        .expect("200");
    let signed = bearer_of(&server.only_request());

    let out = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("UTF-8");
    for expected in [
        "api_call",
        "api=\"close\"",
        "operation=\"update_call_activity\"",
        "method=PUT",
        "path=\"/activity/call/{id}/\"",
        "attempt=2",
        "status=200",
        "elapsed_ms=",
        "retrying",
        "reason=status 503 Service Unavailable",
        "wait_ms=2000",
        "operation=\"update_voice_call\"",
        "method=PATCH",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from:\n{out}");
    }
    for secret in [
        CLOSE_KEY,
        CLOSE_BASIC,
        SF_TOKEN,
        signed.as_str(),
        "sEcReT",
        "acti_PrivateId",
        SF_CALL,
        "Customer asked for a callback",
        "PRIVATE KEY",
    ] {
        assert!(!out.contains(secret), "{secret:?} leaked into:\n{out}");
    }
}

#[test]
fn idempotency_comes_from_the_schema_or_the_method() {
    let s = schemagen_tests::vendor_schemas();
    let ops: Vec<(String, bool)> =
        s.ir.apis
            .iter()
            .flat_map(|a| {
                a.operations
                    .iter()
                    .map(move |o| (format!("{}.{}", a.name, o.id), o.idempotent))
            })
            .collect();
    assert_eq!(
        ops,
        [
            ("bird.update_call".to_string(), false),
            ("close.update_call_activity".to_string(), true),
            ("salesforce.create_voice_call".to_string(), false),
            ("salesforce.update_voice_call".to_string(), false),
            ("vcita.update_voice_call".to_string(), true),
        ]
    );
}

#[tokio::test]
async fn salesforce_update_is_never_repeated_after_a_502() {
    // The example's run against a misbehaving gateway: create answered, update 502.
    let server = Server::start_sequence(vec![
        Reply::json(
            200,
            &payload_text("salesforce.create_voice_call/response-200/valid/01-no-errors.json"),
        ),
        Reply::json(502, r#"{"error":"bad gateway"}"#),
    ])
    .await;
    let clock = TestClock::new();
    let client = signed_salesforce(&server.base(), &clock);
    let create: salesforce::CreateVoiceCall = payload(SF_CREATE_BODY);
    client.create_voice_call(&create).await.expect("created");
    let update: salesforce::UpdateVoiceCall = payload(SF_UPDATE_BODY);
    let err = client
        .update_voice_call(SF_CALL, &update)
        .await
        .expect_err("502");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.attempts(), 1);
    assert!(err.may_have_been_applied(), "{err}");
    let patches = server
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH")
        .count();
    assert_eq!(patches, 1, "exactly one PATCH");
    assert!(clock.sleeps().is_empty());
    // The same answer on an idempotent operation is retried.
    let server = Server::start_sequence(vec![
        Reply::json(502, r#"{"error":"bad gateway"}"#),
        Reply::json(200, &payload_text(ACTIVITY_200)),
    ])
    .await;
    close_with(&server.base(), &clock)
        .update_call_activity("acti_123", &close_body())
        .await
        .expect("the retry succeeds");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn without_features_the_crate_has_no_http_jwt_or_tracing_crate() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let tree = |features: &[&str]| -> Vec<String> {
        let out = std::process::Command::new(&cargo)
            .args([
                "tree",
                "-p",
                "voicecall-apis",
                "-e",
                "normal",
                "--prefix",
                "none",
            ])
            .args(["--locked", "--no-default-features"])
            .args(features)
            .current_dir(repo)
            .output()
            .expect("cargo tree runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .collect()
    };
    let plain = tree(&[]);
    for forbidden in [
        "http",
        "reqwest",
        "hyper",
        "tokio",
        "httpdate",
        "jsonwebtoken",
        "ring",
        "tracing",
    ] {
        assert!(
            !plain.iter().any(|c| c == forbidden),
            "{forbidden} in {plain:?}"
        );
    }
    let client = tree(&["--features", "client"]);
    for needed in ["reqwest", "tokio", "httpdate", "jsonwebtoken"] {
        assert!(client.iter().any(|c| c == needed), "{needed} in {client:?}");
    }
}
