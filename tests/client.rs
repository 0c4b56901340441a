//! The generated async clients against a real HTTP server bound to 127.0.0.1 inside each test
//! (axum): for every operation the exact request (method, path, headers, JSON body), the
//! documented success and error responses, an undocumented status, malformed bodies and a
//! server slower than the timeout; then path injection, header injection, validation before
//! sending, server variables, base URLs, auth choice, secrecy of credentials and a custom
//! transport.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use voicecall_apis::bird::client as birdc;
use voicecall_apis::close::client as closec;
use voicecall_apis::runtime::Nullable;
use voicecall_apis::runtime::client::{
    self, ClientError, Secret, Timeout, Transport, TransportError, TransportErrorKind,
    TransportFuture,
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
    reply: Reply,
    seen: Mutex<Vec<Seen>>,
}

struct Server {
    base: String,
    state: Arc<ServerState>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    async fn start(reply: Reply) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(ServerState {
            reply,
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
    state.seen.lock().expect("lock").push(Seen {
        method: parts.method.to_string(),
        target: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        headers: parts.headers,
        body,
    });
    let reply = state.reply.clone();
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

fn salesforce_client(base: &str, timeout: Duration) -> sfc::Client {
    let config = sfc::Config::new(
        sfc::ServerVariables::new("acme"),
        sfc::Auth::bearer_jwt(SF_TOKEN),
        PROVIDER,
    )
    .with_base_url(format!("{base}/telephony/v1"))
    .with_timeout(timeout);
    sfc::Client::new(config).expect("client")
}

fn vcita_client(base: &str, timeout: Duration) -> vcitac::Client {
    let config = vcitac::Config::new(vcitac::Auth::bearer_jwt(VCITA_TOKEN))
        .with_base_url(base)
        .with_timeout(timeout);
    vcitac::Client::new(config).expect("client")
}

fn bird_client(base: &str, timeout: Duration) -> birdc::Client {
    let config = birdc::Config::new(birdc::Auth::access_key(BIRD_KEY))
        .with_base_url(base)
        .with_timeout(timeout);
    birdc::Client::new(config).expect("client")
}

fn close_config(base: &str, timeout: Duration) -> closec::Config {
    closec::Config::new(closec::Auth::api_key(CLOSE_KEY))
        .with_base_url(base)
        .with_timeout(timeout)
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
        match call(server.base(), LONG).await {
            Err(ClientError::Api {
                status: got,
                headers,
                error,
            }) => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(headers["x-request-id"], "req-42");
                assert_eq!(error, expected, "status {status}");
            }
            other => panic!("status {status}: expected ClientError::Api, got {other:?}"),
        }
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
            Err(e @ ClientError::UnexpectedStatus { .. }) => {
                assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
                assert_eq!(e.raw_body(), Some(raw.as_bytes()));
                let ClientError::UnexpectedStatus { headers, .. } = &e else {
                    unreachable!()
                };
                assert_eq!(headers["x-request-id"], "req-42");
                assert_eq!(headers["content-type"], "text/html");
                assert!(e.to_string().contains(&status.to_string()), "{e}");
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
        match call(server.base(), LONG).await {
            Err(ClientError::Decode {
                status,
                message,
                body: raw,
            }) => {
                assert_eq!(status.as_u16(), success);
                assert_eq!(raw, body.as_bytes());
                assert!(!message.is_empty());
            }
            other => panic!("body {body:?}: expected ClientError::Decode, got {other:?}"),
        }
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
    match &result {
        Err(e) => {
            assert!(e.is_timeout(), "expected a timeout, got {e:?}");
            assert!(e.to_string().contains("timed out"), "{e}");
        }
        Ok(v) => panic!("expected a timeout, got {v:?}"),
    }
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(server.requests().len(), 1);
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
    match vcita_update(server.base(), LONG).await {
        Err(ClientError::Decode { status, body, .. }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body, br#"{"success":"no"}"#);
        }
        other => panic!("expected ClientError::Decode, got {other:?}"),
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
        matches!(err, ClientError::UnexpectedStatus { .. }),
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
    assert_eq!(config.auth.scheme(), "oauth");
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
            Err(e @ ClientError::InvalidPathParameter { name: "id", .. }) => {
                assert!(e.to_string().contains("`id`"), "{e}");
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
            err,
            ClientError::InvalidPathParameter {
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
                matches!(&err, ClientError::InvalidHeader { name, .. } if name == "Authorization"),
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
        assert!(matches!(err, ClientError::InvalidHeader { .. }), "{err:?}");
        let err = vcitac::Client::new(vcitac::Config::new(vcitac::Auth::bearer_jwt(bad)))
            .expect_err("refused");
        assert!(matches!(err, ClientError::InvalidHeader { .. }), "{err:?}");
    }
    // A Basic user name cannot contain `:`.
    let err = closec::Client::new(closec::Config::new(closec::Auth::api_key("a:b")))
        .expect_err("refused");
    assert!(matches!(err, ClientError::InvalidHeader { .. }), "{err:?}");
}

#[test]
fn custom_header_values_with_control_characters_are_refused() {
    for bad in BAD_VALUES {
        let config = sfc::Config::new(
            sfc::ServerVariables::new("acme"),
            sfc::Auth::bearer_jwt(SF_TOKEN),
            *bad,
        );
        let err = sfc::Client::new(config).expect_err("refused");
        match &err {
            ClientError::InvalidHeader { name, .. } => assert_eq!(name, "Telephony-Provider-Name"),
            other => panic!("{bad:?}: {other:?}"),
        }
        assert!(!err.to_string().contains("X-Injected"), "{err}");
    }
    // A plain value with spaces is fine.
    let config = sfc::Config::new(
        sfc::ServerVariables::new("acme"),
        sfc::Auth::bearer_jwt(SF_TOKEN),
        "Amazon Connect",
    );
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

    let sf_config = sfc::Config::new(
        sfc::ServerVariables::new("acme"),
        sfc::Auth::bearer_jwt(SF_TOKEN),
        PROVIDER,
    );
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
    match &err {
        ClientError::Transport(t) => assert_eq!(t.kind(), TransportErrorKind::Connect, "{t}"),
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
    let client = sfc::Client::new(sfc::Config::new(
        vars,
        sfc::Auth::bearer_jwt(SF_TOKEN),
        PROVIDER,
    ))
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
        match &err {
            ClientError::Config { what, .. } => assert!(what.contains("MyDomain"), "{what}"),
            other => panic!("{bad:?}: {other:?}"),
        }
        let config = sfc::Config::new(
            sfc::ServerVariables::new(bad),
            sfc::Auth::bearer_jwt(SF_TOKEN),
            PROVIDER,
        );
        assert!(sfc::Client::new(config).is_err(), "{bad:?}");
    }
    // An explicit base URL replaces the default server.
    let config = sfc::Config::new(
        sfc::ServerVariables::new("acme"),
        sfc::Auth::bearer_jwt(SF_TOKEN),
        PROVIDER,
    )
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
            matches!(err, ClientError::Config { .. }),
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
    let config =
        closec::Config::new(closec::Auth::api_key(CLOSE_KEY)).with_timeout(Duration::from_secs(7));
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
    assert!(close.contains(
        "#[cfg(feature = \"client\")]\n#[allow(clippy::result_large_err)]\npub mod client {"
    ));
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
