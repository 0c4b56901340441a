//! The mock servers: each generated client against its own generated `MockServer` for every
//! operation; raw HTTP requests breaking each kind of rule, with the violations the answer
//! lists; auth, methods, oversize bodies (for the generated mocks and the interpreted one that
//! `schemagen mock` serves); default bodies; typed handlers, queues, recordings and faults;
//! hostile bytes. The two mocks are compared on the whole request corpus in
//! `generator/tests/mock_cli.rs` (with the binary); the load test is a bench
//! (`benches/benches/mock_load.rs`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use schemagen_tests::{files_with_ext, fixture, vendor_schemas};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use voicecall_apis::runtime::PayloadKind;
use voicecall_apis::runtime::mock::{MockError, Options, Response, Server};
use voicecall_apis::{bird, close, salesforce, vcita};

// -------------------------------------------------------------------------------------------
// A raw HTTP/1.1 client: exactly the bytes a test writes, and the answer as it comes
// -------------------------------------------------------------------------------------------

/// An answer as read from the socket.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "the body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The error violations of an error document, as `in pointer code`.
    fn violations(&self) -> Vec<String> {
        self.json()["violations"]
            .as_array()
            .map(|vs| {
                vs.iter()
                    .filter(|v| v["severity"] == "error")
                    .map(|v| {
                        format!(
                            "{} {} {}",
                            v["in"].as_str().unwrap_or("?"),
                            v["pointer"].as_str().unwrap_or("?"),
                            v["code"].as_str().unwrap_or("?")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A request's bytes: `Host`, `Connection: close` and `Content-Length` are added.
fn request(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\nhost: mock\r\nconnection: close\r\n");
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    if !body.is_empty() || ["POST", "PUT", "PATCH"].contains(&method) {
        out.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Sends `raw` on a new connection and reads until the server closes it; `None` when it
/// closed without answering.
async fn send(addr: SocketAddr, raw: &[u8]) -> Option<Answer> {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects to the mock");
    // The server may answer (and close) before reading everything, e.g. a 413. Closing the
    // sending side tells it no other request follows, so it closes after answering.
    let _ = stream.write_all(raw).await;
    let _ = stream.shutdown().await;
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes).await;
    parse_answer(&bytes)
}

fn parse_answer(bytes: &[u8]) -> Option<Answer> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()?
        .split(' ')
        .nth(1)?
        .parse()
        .expect("a status code");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Answer {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    })
}

// -------------------------------------------------------------------------------------------
// The operations, and a valid request of each
// -------------------------------------------------------------------------------------------

const WORKSPACE: &str = "8f0e2a54-1c3b-4d6e-9f70-2a1b3c4d5e6f";
const CHANNEL: &str = "0b7c6d5e-4f3a-4b2c-8d1e-9f0a1b2c3d4e";
const CALL: &str = "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f";
const SF_CALL: &str = "0LQRM0000006CSz4AM";
const VCITA_UID: &str = "5f3c9a7e-2b1d-4e6f-8a90-1c2d3e4f5a6b";

/// Method, target and credentials (and required headers) of a valid request of `op`
/// (`api.operation`).
fn valid_target(op: &str) -> (&'static str, String, Vec<(&'static str, &'static str)>) {
    let bearer = ("authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
    let provider = ("telephony-provider-name", "amazon-connect");
    match op {
        // `key:` in Base64: the key as the user name, an empty password.
        "close.update_call_activity" => (
            "PUT",
            "/activity/call/acti_1/".into(),
            vec![("authorization", "Basic a2V5Og==")],
        ),
        "bird.update_call" => (
            "PATCH",
            format!("/workspaces/{WORKSPACE}/channels/{CHANNEL}/calls/{CALL}"),
            vec![("authorization", "AccessKey ak_test")],
        ),
        "salesforce.create_voice_call" => ("POST", "/voiceCalls".into(), vec![bearer, provider]),
        "salesforce.update_voice_call" => (
            "PATCH",
            format!("/voiceCalls/{SF_CALL}"),
            vec![bearer, provider],
        ),
        "vcita.update_voice_call" => (
            "PUT",
            format!("/v3/communication/voice_calls/{VCITA_UID}"),
            vec![bearer],
        ),
        other => panic!("no request for {other}"),
    }
}

/// A JSON request of `op` with `body`.
fn json_request(op: &str, body: &[u8]) -> Vec<u8> {
    let (method, target, mut headers) = valid_target(op);
    headers.push(("content-type", "application/json"));
    request(method, &target, &headers, body)
}

const OPERATIONS: &[&str] = &[
    "bird.update_call",
    "close.update_call_activity",
    "salesforce.create_voice_call",
    "salesforce.update_voice_call",
    "vcita.update_voice_call",
];

/// The generated mock of an API.
enum Mock {
    Bird(bird::mock::MockServer),
    Close(close::mock::MockServer),
    Salesforce(salesforce::mock::MockServer),
    Vcita(vcita::mock::MockServer),
}

impl Mock {
    async fn start(api: &str, options: Options) -> Mock {
        let started = match api {
            "bird" => bird::mock::MockServer::start_with(options)
                .await
                .map(Mock::Bird),
            "close" => close::mock::MockServer::start_with(options)
                .await
                .map(Mock::Close),
            "salesforce" => salesforce::mock::MockServer::start_with(options)
                .await
                .map(Mock::Salesforce),
            "vcita" => vcita::mock::MockServer::start_with(options)
                .await
                .map(Mock::Vcita),
            other => panic!("no API {other}"),
        };
        started.expect("the mock starts")
    }

    fn server(&self) -> &Server {
        match self {
            Mock::Bird(m) => m,
            Mock::Close(m) => m,
            Mock::Salesforce(m) => m,
            Mock::Vcita(m) => m,
        }
    }
}

/// The interpreted mock of an API: what `schemagen mock --schema schemas/<api>.yaml` serves.
async fn interpreted(api: &str, options: Options) -> Server {
    let schemas = vendor_schemas();
    let ir = schemas.ir.api(api).expect("the API").clone();
    schemagen::mock::serve::start(Arc::new(ir), options)
        .await
        .expect("the interpreted mock starts")
}

fn valid_bodies(op: &str) -> Vec<std::path::PathBuf> {
    files_with_ext(&fixture(&format!("payloads/{op}/request/valid")), "json")
}

// -------------------------------------------------------------------------------------------
// Each client against its own mock
// -------------------------------------------------------------------------------------------

fn read<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> T {
    let text = std::fs::read_to_string(path).expect("readable fixture");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn the_close_client_against_its_mock_for_every_valid_body() {
    let mock = close::mock::MockServer::start().await.expect("starts");
    let config = close::client::Config::new(close::client::Auth::api_key("key_123"))
        .with_base_url(mock.base_url());
    let client = close::client::Client::new(config).expect("client");
    let paths = valid_bodies("close.update_call_activity");
    for path in &paths {
        let body: close::UpdateCallActivity = read(path);
        match client.update_call_activity("acti_1", &body).await {
            Ok(close::client::UpdateCallActivityResponse::Ok200(activity)) => {
                let v = serde_json::to_value(&activity).expect("serializes");
                let r =
                    close::validate_payload("update_call_activity", PayloadKind::Response(200), &v)
                        .expect("documented");
                assert!(r.is_valid(), "{}: {r}", path.display());
            }
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    let received = mock.received_update_call_activity();
    assert_eq!(received.len(), paths.len());
    for (r, path) in received.iter().zip(&paths) {
        assert_eq!(r.id, "acti_1");
        let sent: close::UpdateCallActivity = read(path);
        assert_eq!(r.body, sent, "{}", path.display());
        assert!(
            r.raw
                .header("authorization")
                .is_some_and(|a| a.starts_with("Basic "))
        );
    }
    // OAuth works as well: the operation accepts either scheme.
    let oauth = close::client::Client::new(
        close::client::Config::new(close::client::Auth::oauth("tok"))
            .with_base_url(mock.base_url()),
    )
    .expect("client");
    assert!(
        oauth
            .update_call_activity("acti_2", &close::UpdateCallActivity::default())
            .await
            .is_ok()
    );
    assert!(mock.requests().iter().all(|e| e.status == Some(200)));
}

#[tokio::test]
async fn the_bird_client_against_its_mock_for_every_valid_body() {
    let mock = bird::mock::MockServer::start().await.expect("starts");
    let client = bird::client::Client::new(
        bird::client::Config::new(bird::client::Auth::access_key("ak_1"))
            .with_base_url(mock.base_url()),
    )
    .expect("client");
    let paths = valid_bodies("bird.update_call");
    for path in &paths {
        let body: bird::UpdateCall = read(path);
        match client.update_call(WORKSPACE, CHANNEL, CALL, &body).await {
            Ok(bird::client::UpdateCallResponse::Accepted202(call)) => {
                let v = serde_json::to_value(&call).expect("serializes");
                let r = bird::validate_payload("update_call", PayloadKind::Response(202), &v)
                    .expect("documented");
                assert!(r.is_valid(), "{r}");
            }
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    let received = mock.received_update_call();
    assert_eq!(received.len(), paths.len());
    for (r, path) in received.iter().zip(&paths) {
        assert_eq!(
            // Path parameters with `format: uuid` arrive typed.
            (
                r.workspace_id.to_string(),
                r.channel_id.to_string(),
                r.call_id.to_string()
            ),
            (WORKSPACE.to_string(), CHANNEL.to_string(), CALL.to_string())
        );
        let sent: bird::UpdateCall = read(path);
        assert_eq!(r.body, sent, "{}", path.display());
    }
}

#[tokio::test]
async fn the_salesforce_client_against_its_mock_for_both_operations() {
    let mock = salesforce::mock::MockServer::start().await.expect("starts");
    let config = salesforce::client::Config::new(salesforce::client::ApiConfig::new(
        salesforce::client::ServerVariables::new("acme"),
        salesforce::client::Auth::bearer_jwt("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
        "amazon-connect",
    ))
    .with_base_url(mock.base_url());
    let client = salesforce::client::Client::new(config).expect("client");
    let creates = valid_bodies("salesforce.create_voice_call");
    for path in &creates {
        let body: salesforce::CreateVoiceCall = read(path);
        match client.create_voice_call(&body).await {
            Ok(salesforce::client::CreateVoiceCallResponse::Ok200(_)) => {}
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    let updates = valid_bodies("salesforce.update_voice_call");
    for path in &updates {
        let body: salesforce::UpdateVoiceCall = read(path);
        match client.update_voice_call(SF_CALL, &body).await {
            Ok(salesforce::client::UpdateVoiceCallResponse::Ok200(_)) => {}
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    assert_eq!(mock.received_create_voice_call().len(), creates.len());
    let received = mock.received_update_voice_call();
    assert_eq!(received.len(), updates.len());
    assert!(received.iter().all(|r| r.call_id == SF_CALL));
    assert!(
        received
            .iter()
            .all(|r| r.raw.header("telephony-provider-name") == Some("amazon-connect"))
    );
}

#[tokio::test]
async fn the_salesforce_client_through_the_path_of_its_server_url() {
    // What `SALESFORCE_BASE_URL=<mock>/telephony/v1` gives the example: the generated mock.
    let mock = salesforce::mock::MockServer::start().await.expect("starts");
    let config = salesforce::client::Config::new(salesforce::client::ApiConfig::new(
        salesforce::client::ServerVariables::new("acme"),
        salesforce::client::Auth::bearer_jwt("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
        "amazon-connect",
    ))
    .with_base_url(format!("{}/telephony/v1", mock.base_url()));
    let client = salesforce::client::Client::new(config).expect("client");
    let path = &valid_bodies("salesforce.create_voice_call")[0];
    let body: salesforce::CreateVoiceCall = read(path);
    match client.create_voice_call(&body).await {
        Ok(salesforce::client::CreateVoiceCallResponse::Ok200(_)) => {}
        Err(e) => panic!("{}: {e}", path.display()),
    }
    let received = mock.received_create_voice_call();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, body);
    assert_eq!(received[0].raw.path(), "/telephony/v1/voiceCalls");

    // The same request, raw, to both mocks: accepted and recorded under the prefix, 404 under
    // another one.
    let interpreted_mock = interpreted("salesforce", Options::default()).await;
    let fixture = std::fs::read(path).expect("fixture");
    let (_, _, headers) = valid_target("salesforce.create_voice_call");
    let mut headers = headers;
    headers.push(("content-type", "application/json"));
    for server in [&*mock, &interpreted_mock] {
        for (target, status) in [
            ("/telephony/v1/voiceCalls", 200),
            ("/telephony/v2/voiceCalls", 404),
            ("/v1/voiceCalls", 404),
        ] {
            let answer = send(server.addr(), &request("POST", target, &headers, &fixture))
                .await
                .expect("an answer");
            assert_eq!(
                answer.status,
                status,
                "{target}: {}",
                String::from_utf8_lossy(&answer.body)
            );
            let last = server.requests().pop().expect("recorded");
            assert_eq!(last.request.target, target);
            if status == 200 {
                assert_eq!(last.operation.as_deref(), Some("create_voice_call"));
                assert!(last.is_valid(), "{}", last.summary());
            } else {
                assert_eq!(last.operation, None);
                let message = answer.json()["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                assert!(
                    message.contains("with or without the prefix `/telephony/v1`"),
                    "{message}"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_vcita_client_against_its_mock_and_its_typed_error_bodies() {
    let mock = vcita::mock::MockServer::start().await.expect("starts");
    let client = vcita::client::Client::new(
        vcita::client::Config::new(vcita::client::Auth::bearer_jwt(
            "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
        ))
        .with_base_url(mock.base_url()),
    )
    .expect("client");
    let paths = valid_bodies("vcita.update_voice_call");
    for path in &paths {
        let body: vcita::UpdateVoiceCall = read(path);
        match client.update_voice_call(VCITA_UID, &body).await {
            Ok(vcita::client::UpdateVoiceCallResponse::Ok200(_)) => {}
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    assert_eq!(mock.received_update_voice_call().len(), paths.len());
    // An invalid body sent anyway: the mock's 400 is a documented `ErrorResponse`, so the client
    // decodes it as the typed error.
    let lax = vcita::client::Client::new(
        vcita::client::Config::new(vcita::client::Auth::bearer_jwt("t"))
            .with_base_url(mock.base_url())
            .with_validation(false),
    )
    .expect("client");
    let invalid: vcita::UpdateVoiceCall = read(&paths[0]);
    let invalid = vcita::UpdateVoiceCall {
        from_number: "555".into(),
        ..invalid
    };
    match lax.update_voice_call(VCITA_UID, &invalid).await {
        Err(e) => match e.api_error() {
            Some(vcita::client::UpdateVoiceCallError::BadRequest400(_)) => {}
            other => panic!("expected the typed 400, got {other:?} ({e})"),
        },
        Ok(r) => panic!("an invalid body was accepted: {r:?}"),
    }
    let last = mock.requests().pop().expect("recorded");
    assert_eq!(last.status, Some(400));
    assert_eq!(last.violations[0].violation.pointer, "/from_number");
}

// -------------------------------------------------------------------------------------------
// Raw requests breaking each kind of rule
// -------------------------------------------------------------------------------------------

struct Case {
    what: &'static str,
    api: &'static str,
    raw: Vec<u8>,
    status: u16,
    violations: &'static [&'static str],
}

fn rule_cases() -> Vec<Case> {
    let close_ok = || json_request("close.update_call_activity", b"{}");
    let bird = |path: &str, body: &str| {
        request(
            "PATCH",
            path,
            &[
                ("authorization", "AccessKey ak"),
                ("content-type", "application/json"),
            ],
            body.as_bytes(),
        )
    };
    let ok_bird_path = format!("/workspaces/{WORKSPACE}/channels/{CHANNEL}/calls/{CALL}");
    vec![
        Case {
            what: "a valid request",
            api: "close",
            raw: close_ok(),
            status: 200,
            violations: &[],
        },
        Case {
            what: "an unknown path",
            api: "close",
            raw: request("PUT", "/activity/email/acti_1/", &[], b"{}"),
            status: 404,
            violations: &["path  not_found"],
        },
        Case {
            what: "the path without its trailing slash",
            api: "close",
            raw: request("PUT", "/activity/call/acti_1", &[], b"{}"),
            status: 404,
            violations: &["path  not_found"],
        },
        Case {
            what: "an empty path parameter",
            api: "close",
            raw: request("PUT", "/activity/call//", &[], b"{}"),
            status: 404,
            violations: &["path  not_found"],
        },
        Case {
            what: "a wrong method",
            api: "close",
            raw: request("DELETE", "/activity/call/acti_1/", &[], b""),
            status: 405,
            violations: &["method  method_not_allowed"],
        },
        Case {
            what: "no credentials",
            api: "close",
            raw: request(
                "PUT",
                "/activity/call/acti_1/",
                &[("content-type", "application/json")],
                b"{}",
            ),
            status: 401,
            violations: &["header /Authorization auth"],
        },
        Case {
            what: "Basic with a password where the key is the user name",
            api: "close",
            // `key:secret`
            raw: request(
                "PUT",
                "/activity/call/acti_1/",
                &[
                    ("authorization", "Basic a2V5OnNlY3JldA=="),
                    ("content-type", "application/json"),
                ],
                b"{}",
            ),
            status: 401,
            violations: &["header /Authorization auth"],
        },
        Case {
            what: "credentials of the wrong kind (Bearer to Bird)",
            api: "bird",
            raw: request(
                "PATCH",
                &ok_bird_path,
                &[
                    ("authorization", "Bearer t"),
                    ("content-type", "application/json"),
                ],
                b"{}",
            ),
            status: 401,
            violations: &["header /Authorization auth"],
        },
        Case {
            what: "a path parameter that breaks its format",
            api: "bird",
            raw: bird(
                &format!("/workspaces/{WORKSPACE}/channels/{CHANNEL}/calls/not-a-uuid"),
                "{}",
            ),
            status: 400,
            violations: &["path /callId format"],
        },
        Case {
            what: "a percent-encoded path parameter is decoded before its check",
            api: "bird",
            raw: bird(
                &format!("/workspaces/{WORKSPACE}/channels/{CHANNEL}/calls/c2d3e4f5%2Da6b7-4c8d-9e0f-1a2b3c4d5e6f"),
                "{}",
            ),
            status: 202,
            violations: &[],
        },
        Case {
            what: "every problem at once: a path parameter and the body",
            api: "bird",
            raw: bird(
                &format!("/workspaces/nope/channels/{CHANNEL}/calls/{CALL}"),
                r#"{"status": "ringing"}"#,
            ),
            status: 400,
            violations: &["path /workspaceId format", "body /status enum"],
        },
        Case {
            what: "a missing required header",
            api: "salesforce",
            raw: request(
                "POST",
                "/voiceCalls",
                &[
                    ("authorization", "Bearer t"),
                    ("content-type", "application/json"),
                ],
                &std::fs::read(fixture(
                    "payloads/salesforce.create_voice_call/request/valid/01-inbound-required-fields-only.json",
                ))
                .expect("fixture"),
            ),
            status: 400,
            violations: &["header /Telephony-Provider-Name required"],
        },
        Case {
            what: "a content type the operation does not take",
            api: "close",
            raw: request(
                "PUT",
                "/activity/call/acti_1/",
                &[
                    ("authorization", "Basic a2V5Og=="),
                    ("content-type", "text/plain"),
                ],
                b"{}",
            ),
            status: 400,
            violations: &["header /Content-Type content_type"],
        },
        Case {
            what: "a documented content type the mock accepts without a check (XML)",
            api: "salesforce",
            raw: request(
                "PATCH",
                &format!("/voiceCalls/{SF_CALL}"),
                &[
                    ("authorization", "Bearer t"),
                    ("telephony-provider-name", "x"),
                    ("content-type", "application/xml"),
                ],
                b"<call/>",
            ),
            status: 200,
            violations: &[],
        },
        Case {
            what: "a body without a content type",
            api: "close",
            raw: request(
                "PUT",
                "/activity/call/acti_1/",
                &[("authorization", "Basic a2V5Og==")],
                b"{}",
            ),
            status: 400,
            violations: &["header /Content-Type content_type"],
        },
        Case {
            what: "a JSON content type with parameters",
            api: "close",
            raw: request(
                "PUT",
                "/activity/call/acti_1/",
                &[
                    ("authorization", "Basic a2V5Og=="),
                    ("content-type", "application/json; charset=utf-8"),
                ],
                b"{}",
            ),
            status: 200,
            violations: &[],
        },
        Case {
            what: "a missing required body",
            api: "close",
            raw: json_request("close.update_call_activity", b""),
            status: 400,
            violations: &["body  required"],
        },
        Case {
            what: "a body that is not JSON",
            api: "close",
            raw: json_request("close.update_call_activity", b"{\"duration\": "),
            status: 400,
            violations: &["body  syntax"],
        },
        Case {
            what: "a body that breaks a bound",
            api: "close",
            raw: json_request("close.update_call_activity", br#"{"duration": 604801}"#),
            status: 400,
            violations: &["body /duration maximum"],
        },
        Case {
            what: "a body that breaks a cross-field rule",
            api: "salesforce",
            raw: json_request(
                "salesforce.update_voice_call",
                br#"{"totalHoldDuration": 10}"#,
            ),
            status: 400,
            violations: &["body /recordingLocation required_when"],
        },
        Case {
            what: "a warning only (a rule of severity warning) is a valid request",
            api: "close",
            raw: json_request(
                "close.update_call_activity",
                br#"{"note": "a", "note_html": "<p>b</p>"}"#,
            ),
            status: 200,
            violations: &[],
        },
    ]
}

#[tokio::test]
async fn raw_requests_breaking_each_kind_of_rule_get_every_violation() {
    // Each case against the generated mock and against the interpreted one.
    let mut generated = std::collections::BTreeMap::new();
    let mut interpreted_mocks = std::collections::BTreeMap::new();
    for api in ["bird", "close", "salesforce", "vcita"] {
        generated.insert(api, Mock::start(api, Options::default()).await);
        interpreted_mocks.insert(api, interpreted(api, Options::default()).await);
    }
    let servers = |api: &str| [generated[api].server(), &interpreted_mocks[api]];
    for (case, server) in rule_cases()
        .iter()
        .flat_map(|c| servers(c.api).map(move |s| (c, s)))
    {
        let answer = send(server.addr(), &case.raw)
            .await
            .unwrap_or_else(|| panic!("{}: no answer", case.what));
        assert_eq!(
            answer.status,
            case.status,
            "{}: {}",
            case.what,
            String::from_utf8_lossy(&answer.body)
        );
        if case.status >= 400 {
            assert_eq!(answer.violations(), case.violations, "{}", case.what);
            let doc = answer.json();
            assert!(doc["message"].as_str().is_some_and(|m| !m.is_empty()));
            for v in doc["violations"].as_array().into_iter().flatten() {
                assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
            }
        }
        let last = server.requests().pop().expect("recorded");
        assert_eq!(last.status, Some(case.status), "{}", case.what);
        let recorded: Vec<String> = last
            .violations
            .iter()
            .filter(|v| v.is_error())
            .map(|v| {
                format!(
                    "{} {} {}",
                    v.part.as_str(),
                    v.violation.pointer,
                    v.violation.code
                )
            })
            .collect();
        assert_eq!(recorded, case.violations, "{}: the recording", case.what);
    }
}

#[tokio::test]
async fn auth_and_method_errors_say_what_to_send() {
    let mock = close::mock::MockServer::start().await.expect("starts");
    let answer = send(
        mock.addr(),
        &request("PUT", "/activity/call/acti_1/", &[], b"{}"),
    )
    .await
    .expect("answer");
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"close\", Bearer realm=\"close\"")
    );
    let message = answer.json()["message"].as_str().unwrap_or("").to_string();
    assert!(
        message.contains("`Authorization: Basic base64(<key>:)` (api_key)"),
        "{message}"
    );
    assert!(
        message.contains("`Authorization: Bearer <token>` (oauth)"),
        "{message}"
    );
    assert!(
        mock.received_update_call_activity().is_empty(),
        "only valid requests are typed"
    );

    let answer = send(
        mock.addr(),
        &request("GET", "/activity/call/acti_1/", &[], b""),
    )
    .await
    .expect("answer");
    assert_eq!(answer.status, 405);
    assert_eq!(answer.header("allow"), Some("PUT"));

    // Bird's scheme: `AccessKey <key>` in `Authorization`.
    let bird = bird::mock::MockServer::start().await.expect("starts");
    let path = format!("/workspaces/{WORKSPACE}/channels/{CHANNEL}/calls/{CALL}");
    for (value, status) in [
        ("AccessKey ak_1", 202),
        ("accesskey ak_1", 202),
        ("AccessKey", 401),
        ("AccessKey  ", 401),
        ("Basic a2V5Og==", 401),
    ] {
        let answer = send(
            bird.addr(),
            &request(
                "PATCH",
                &path,
                &[
                    ("authorization", value),
                    ("content-type", "application/json"),
                ],
                b"{}",
            ),
        )
        .await
        .expect("answer");
        assert_eq!(answer.status, status, "{value:?}");
    }
}

#[tokio::test]
async fn oversize_bodies_get_413_with_or_without_a_length() {
    for mock in [
        Mock::start("close", Options::default().with_max_body_bytes(1024))
            .await
            .server(),
        &interpreted("close", Options::default().with_max_body_bytes(1024)).await,
    ] {
        let big = format!("{{\"note\": \"{}\"}}", "x".repeat(4096));
        let answer = send(
            mock.addr(),
            &json_request("close.update_call_activity", big.as_bytes()),
        )
        .await
        .expect("answer");
        assert_eq!(answer.status, 413);
        assert_eq!(answer.violations(), ["body  too_large"]);
        // Chunked, so the size is only known while reading.
        let (method, target, mut headers) = valid_target("close.update_call_activity");
        headers.push(("content-type", "application/json"));
        headers.push(("transfer-encoding", "chunked"));
        let mut raw = request(method, &target, &headers, b"");
        // `request` added a zero length for a PUT; a chunked request must not have one.
        let text = String::from_utf8(raw)
            .expect("ASCII")
            .replace("content-length: 0\r\n", "");
        raw = text.into_bytes();
        for _ in 0..8 {
            raw.extend_from_slice(format!("200\r\n{}\r\n", "y".repeat(0x200)).as_bytes());
        }
        raw.extend_from_slice(b"0\r\n\r\n");
        let answer = send(mock.addr(), &raw).await.expect("answer");
        assert_eq!(answer.status, 413);
        // Just below the limit is fine.
        let fits = format!("{{\"note\": \"{}\"}}", "x".repeat(1000));
        let answer = send(
            mock.addr(),
            &json_request("close.update_call_activity", fits.as_bytes()),
        )
        .await
        .expect("answer");
        assert_eq!(answer.status, 200);
        let statuses: Vec<Option<u16>> = mock.requests().iter().map(|e| e.status).collect();
        assert_eq!(statuses, [Some(413), Some(413), Some(200)]);
    }
}

#[tokio::test]
async fn query_parameters_are_checked_and_typed_by_the_interpreted_mock() {
    let schemas = schemagen::load_str(
        "search.yaml",
        "api: { name: search, title: Search, version: \"1\" }
types:
  Hit: { fields: { id: { type: string, required: true, example: h1 } } }
operations:
  find:
    summary: Find
    method: GET
    path: /items/{kind}
    parameters:
      kind: { in: path, type: string, max_length: 5 }
      limit: { in: query, type: int32, required: true, minimum: 1, maximum: 50 }
      strict: { in: query, type: boolean }
      X-Trace: { in: header, type: string, required: true }
    responses:
      \"200\": { description: hits, body: { type: array, items: Hit } }
",
    );
    assert!(
        !schemas.diagnostics.has_errors(),
        "{}",
        schemas.diagnostics.render(&schemas.sources)
    );
    let api = schemas.ir.apis[0].clone();
    let server = schemagen::mock::serve::start(Arc::new(api), Options::default())
        .await
        .expect("starts");
    for (target, headers, status, violations) in [
        (
            "/items/a?limit=5&strict=true",
            vec![("x-trace", "t")],
            200,
            vec![],
        ),
        ("/items/a?limit=5%30", vec![("x-trace", "t")], 200, vec![]),
        (
            "/items/a",
            vec![("x-trace", "t")],
            400,
            vec!["query /limit required"],
        ),
        (
            "/items/a?limit=0",
            vec![("x-trace", "t")],
            400,
            vec!["query /limit minimum"],
        ),
        (
            "/items/a?limit=ten",
            vec![("x-trace", "t")],
            400,
            vec!["query /limit type"],
        ),
        (
            "/items/a?limit=5&strict=yes",
            vec![("x-trace", "t")],
            400,
            vec!["query /strict type"],
        ),
        (
            "/items/toolong?limit=5",
            vec![],
            400,
            vec!["path /kind max_length", "header /X-Trace required"],
        ),
    ] {
        let answer = send(server.addr(), &request("GET", target, &headers, b""))
            .await
            .expect("answer");
        assert_eq!(answer.status, status, "{target}");
        if status == 200 {
            assert_eq!(answer.json(), json!([{ "id": "h1" }]), "{target}");
        } else {
            assert_eq!(answer.violations(), violations, "{target}");
        }
    }
}

// -------------------------------------------------------------------------------------------
// Default bodies (the corpus agreement of the two mocks is `generator/tests/mock_cli.rs`, with
// the `schemagen mock` binary)
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn default_bodies_of_every_documented_status_pass_the_response_validators() {
    let schemas = vendor_schemas();
    for op in OPERATIONS {
        let (api, operation) = op.split_once('.').expect("api.op");
        let mock = Mock::start(api, Options::default()).await;
        let ir = schemas.ir.api(api).expect("api");
        let statuses: Vec<u16> = ir
            .operation(operation)
            .expect("op")
            .responses
            .iter()
            .filter_map(|r| match r.status {
                schemagen::ir::Status::Code(c) => Some(c),
                schemagen::ir::Status::Default => None,
            })
            .collect();
        for status in statuses {
            mock.server().enqueue(Response::status(status));
            let body = std::fs::read(&valid_bodies(op)[0]).expect("fixture");
            let answer = send(mock.server().addr(), &json_request(op, &body))
                .await
                .expect("answer");
            assert_eq!(answer.status, status, "{op} {status}");
            let body = answer.json();
            let compiled =
                voicecall_apis::validate_payload(op, PayloadKind::Response(status), &body)
                    .expect("documented");
            assert!(compiled.is_valid(), "{op} {status}: {compiled}\n{body}");
            let interpreted = schemagen::validate::validate_payload(
                ir,
                operation,
                PayloadKind::Response(status),
                &body,
            )
            .expect("documented");
            assert!(interpreted.is_valid(), "{op} {status}: {interpreted}");
        }
    }
}

// -------------------------------------------------------------------------------------------
// Handlers, queues, recordings, faults
// -------------------------------------------------------------------------------------------

fn activity(id: &str, note: Option<&str>) -> Value {
    json!({
        "_type": "Call", "activity_at": null, "contact_id": null, "created_by": null,
        "date_created": "2026-03-02T14:05:00Z", "date_updated": "2026-03-02T14:11:42Z",
        "id": id, "lead_id": "lead_1", "organization_id": "orga_1", "outcome_id": null,
        "source": "External", "status": "completed", "updated_by": null, "user_id": null,
        "users": [], "note_html": note,
    })
}

#[tokio::test]
async fn a_typed_handler_answers_from_the_typed_request() {
    let mock = close::mock::MockServer::start().await.expect("starts");
    mock.on_update_call_activity(|req| {
        let note = req.body.note_html.value().map(String::as_str);
        Response::json(200, &activity(&req.id, note)).header("x-request-id", "req-7")
    });
    let client = close::client::Client::new(
        close::client::Config::new(close::client::Auth::api_key("k"))
            .with_base_url(mock.base_url()),
    )
    .expect("client");
    let update = close::UpdateCallActivity {
        note_html: voicecall_apis::runtime::Nullable::Value("<p>hi</p>".into()),
        ..Default::default()
    };
    let close::client::UpdateCallActivityResponse::Ok200(got) = client
        .update_call_activity("acti_9", &update)
        .await
        .expect("answered by the handler");
    assert_eq!(got.id, "acti_9");
    // The per-operation queue comes before the handler, the server-wide queue after it.
    mock.enqueue(Response::status(404));
    mock.enqueue_update_call_activity(Response::empty(503).retry_after(3));
    let first = send(
        mock.addr(),
        &json_request("close.update_call_activity", b"{}"),
    )
    .await
    .expect("answer");
    assert_eq!(
        (first.status, first.header("retry-after")),
        (503, Some("3"))
    );
    assert!(first.body.is_empty());
    let second = send(
        mock.addr(),
        &json_request("close.update_call_activity", b"{}"),
    )
    .await
    .expect("answer");
    assert_eq!(second.status, 404);
    assert_eq!(
        second.json(),
        json!({}),
        "the documented 404 body (any JSON) by default"
    );
    let third = send(
        mock.addr(),
        &json_request("close.update_call_activity", b"{}"),
    )
    .await
    .expect("answer");
    assert_eq!(
        (third.status, third.header("x-request-id")),
        (200, Some("req-7"))
    );
    assert_eq!(mock.received_update_call_activity().len(), 4);
    // A handler that panics is a 500, and the mock goes on.
    mock.on_update_call_activity(|_| panic!("the test's handler fails"));
    let broken = send(
        mock.addr(),
        &json_request("close.update_call_activity", b"{}"),
    )
    .await
    .expect("answer");
    assert_eq!(broken.status, 500);
    assert_eq!(broken.json()["error"], "handler_panicked");
}

#[tokio::test]
async fn a_status_sequence_503_twice_then_200_with_retry_after() {
    let mock = bird::mock::MockServer::start().await.expect("starts");
    mock.enqueue_all([
        Response::status(503).retry_after(1),
        Response::status(503).retry_after(1),
    ]);
    let raw = json_request("bird.update_call", br#"{"status": "completed"}"#);
    let mut seen = Vec::new();
    for _ in 0..3 {
        let a = send(mock.addr(), &raw).await.expect("answer");
        seen.push((a.status, a.header("retry-after").map(str::to_string)));
    }
    assert_eq!(
        seen,
        [
            (503, Some("1".to_string())),
            (503, Some("1".to_string())),
            (202, None)
        ]
    );
    assert_eq!(
        mock.received_update_call().len(),
        3,
        "every attempt is recorded, typed"
    );
    let statuses: Vec<Option<u16>> = mock.requests().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(202)]);
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_and_is_recorded() {
    let mock = close::mock::MockServer::start().await.expect("starts");
    mock.enqueue_update_call_activity(Response::drop_connection());
    let raw = json_request("close.update_call_activity", b"{}");
    assert!(send(mock.addr(), &raw).await.is_none(), "no answer at all");
    // Through the client: a transport error, not a status.
    mock.enqueue_update_call_activity(Response::drop_connection());
    let client = close::client::Client::new(
        // Retries off: this checks the fault itself (the PUT is idempotent, so the client
        // would otherwise try again and get the default answer).
        close::client::Config::new(close::client::Auth::api_key("k"))
            .with_base_url(mock.base_url())
            .without_retries(),
    )
    .expect("client");
    let err = client
        .update_call_activity("acti_1", &close::UpdateCallActivity::default())
        .await
        .expect_err("dropped");
    assert!(err.may_have_been_applied(), "{err}");
    assert!(err.status().is_none(), "{err}");
    // Then the default answer again.
    assert_eq!(send(mock.addr(), &raw).await.map(|a| a.status), Some(200));
    let statuses: Vec<Option<u16>> = mock.requests().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [None, None, Some(200)]);
    assert!(
        mock.requests()[0]
            .summary()
            .contains("-> dropped update_call_activity ok")
    );
}

#[tokio::test]
async fn a_delay_holds_the_answer_back() {
    let mock = close::mock::MockServer::start().await.expect("starts");
    let raw = json_request("close.update_call_activity", b"{}");
    // A lower bound only: the answer cannot come before the delay.
    mock.set_delay(Duration::from_millis(30));
    let started = std::time::Instant::now();
    assert_eq!(send(mock.addr(), &raw).await.map(|a| a.status), Some(200));
    assert!(started.elapsed() >= Duration::from_millis(30));
    mock.set_delay(Duration::ZERO);
    // A delay far past the client's timeout: the client gives up.
    mock.enqueue(Response::status(200).delay(Duration::from_secs(3600)));
    let client = close::client::Client::new(
        close::client::Config::new(close::client::Auth::api_key("k"))
            .with_base_url(mock.base_url())
            .with_timeout(Duration::from_millis(200))
            .without_retries(),
    )
    .expect("client");
    let err = client
        .update_call_activity("acti_1", &close::UpdateCallActivity::default())
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err}");
}

// -------------------------------------------------------------------------------------------
// Hostile input, lifecycle
// -------------------------------------------------------------------------------------------

#[tokio::test]
async fn hostile_bytes_never_stop_the_mock() {
    let mock = bird::mock::MockServer::start().await.expect("starts");
    let mut hostile: Vec<Vec<u8>> = vec![
        b"\x00\x01\x02\xff\xfe\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        b"PATCH /workspaces/%ff%fe/channels/x/calls/y HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 0\r\n\r\n".to_vec(),
        b"PATCH /workspaces/%zz/channels/%/calls/%2 HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 0\r\n\r\n".to_vec(),
        b"PATCH /workspaces/../channels/./calls/.. HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 0\r\n\r\n".to_vec(),
        format!("GET /{} HTTP/1.1\r\nhost: x\r\n\r\n", "a/".repeat(20_000)).into_bytes(),
        format!("GET / HTTP/1.1\r\nx-big: {}\r\n\r\n", "b".repeat(1 << 20)).into_bytes(),
        b"PATCH / HTTP/1.1\r\ncontent-length: 99999999999999999999\r\n\r\n".to_vec(),
        b"PATCH / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        json_request("bird.update_call", b"\xff\xfe{"),
        json_request("bird.update_call", "[".repeat(100_000).as_bytes()),
        json_request("bird.update_call", br#"{"callFlow": [{"command": "say", "options": {"payload": 1e999999}}]}"#),
        request(
            "PATCH",
            &format!("/workspaces/{WORKSPACE}/channels/{CHANNEL}/calls/{CALL}"),
            &[("authorization", "AccessKey \u{7f}"), ("content-type", "application/json")],
            b"{}",
        ),
    ];
    // And deterministic noise.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for n in 0..64 {
        let mut bytes = b"PATCH /workspaces/".to_vec();
        for _ in 0..(n * 7 % 300) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push((seed >> 24) as u8);
        }
        hostile.push(bytes);
    }
    for raw in &hostile {
        if let Some(a) = send(mock.addr(), raw).await {
            assert!(
                (400..500).contains(&a.status),
                "{} for {:?}",
                a.status,
                String::from_utf8_lossy(&raw[..raw.len().min(80)])
            );
        }
    }
    // Still serving.
    let ok = send(mock.addr(), &json_request("bird.update_call", b"{}")).await;
    assert_eq!(ok.map(|a| a.status), Some(202));
}

#[tokio::test]
async fn a_stopped_mock_refuses_connections() {
    let mock = close::mock::MockServer::start().await.expect("starts");
    let addr = mock.addr();
    assert_eq!(
        send(addr, &json_request("close.update_call_activity", b"{}"))
            .await
            .map(|a| a.status),
        Some(200)
    );
    let server = interpreted("close", Options::default()).await;
    let addr2 = server.addr();
    server.shutdown().await;
    drop(mock);
    // The accept loop is gone: nothing listens any more.
    tokio::task::yield_now().await;
    assert!(tokio::net::TcpStream::connect(addr2).await.is_err());
}

#[test]
fn starting_outside_a_tokio_runtime_is_an_error_not_a_panic() {
    let mut fut = std::pin::pin!(close::mock::MockServer::start());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match fut.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Err(MockError::NoRuntime)) => {}
        other => panic!(
            "expected NoRuntime, got {:?}",
            other.map(|r| r.map(|_| "a server"))
        ),
    }
}

// -------------------------------------------------------------------------------------------
// Emit options
// -------------------------------------------------------------------------------------------

#[test]
fn mock_emit_options() {
    use schemagen::emit::{EmitOptions, emit};
    let s = vendor_schemas();
    let default = emit(
        s.checked().expect("no schema errors"),
        &EmitOptions::default(),
    )
    .expect("default");
    for api in ["bird", "close", "salesforce", "vcita"] {
        let text = &default[std::path::Path::new(&format!("{api}.rs"))];
        assert!(
            text.contains("#[cfg(feature = \"mock\")]\npub mod mock {"),
            "{api}"
        );
        // The mock comes last in the file, after the client.
        assert!(
            text.find("pub mod mock {") > text.find("pub mod client {"),
            "{api}"
        );
    }
    let off = EmitOptions {
        mock: false,
        ..EmitOptions::default()
    };
    let off = emit(s.checked().expect("no schema errors"), &off).expect("off");
    for (path, text) in &off {
        assert!(!text.contains("pub mod mock"), "{}", path.display());
        assert!(!text.contains("mock_check_"), "{}", path.display());
        assert!(
            default[path].starts_with(text.trim_end()) || path.ends_with("lib.rs"),
            "{}: only the mock items go",
            path.display()
        );
    }
    let no_validators = EmitOptions {
        validators: false,
        ..EmitOptions::default()
    };
    assert!(emit(s.checked().expect("no schema errors"), &no_validators).is_err());
}
