//! Loopback smoke tests of the generated clients: a minimal HTTP/1.1 server on 127.0.0.1 (std
//! only) records each request and answers with a canned response. The full suite, for every
//! operation and status, is `tests/client.rs` of the workspace (`cargo test -p schemagen-tests
//! --test client`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use voicecall_apis::close::client::{Auth, Client, Config, UpdateCallActivityResponse};
use voicecall_apis::close::{CallStatus, UpdateCallActivity};
use voicecall_apis::runtime::Nullable;
use voicecall_apis::runtime::client::ClientErrorKind;
use voicecall_apis::salesforce::client as sfc;

/// One request as received: request line, lower-cased headers, body.
#[derive(Debug, Clone)]
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Starts a server answering every request with `status` and `body` after `delay`.
fn serve(status: u16, body: &'static str, delay: Duration) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((n, v)) = line.trim_end().split_once(':') {
                    headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let length = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0usize);
            let mut bytes = vec![0; length];
            let _ = reader.read_exact(&mut bytes);
            log.lock().expect("lock").push(Seen {
                request_line: request_line.trim_end().to_string(),
                headers,
                body: bytes,
            });
            std::thread::sleep(delay);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, seen)
}

fn update() -> UpdateCallActivity {
    UpdateCallActivity {
        note_html: Nullable::Value("<p>Call back on Friday.</p>".into()),
        duration: Nullable::Value(184),
        status: Some(CallStatus::Completed),
        ..Default::default()
    }
}

const ACTIVITY: &str = r#"{"_type":"Call","activity_at":null,"contact_id":null,"created_by":null,
"date_created":"2024-05-14T13:30:02.841000+00:00","date_updated":"2024-05-14T13:31:10.112000+00:00",
"id":"acti_1","lead_id":null,"organization_id":"orga_1","outcome_id":null,"source":"Close.io",
"status":"completed","duration":184,"updated_by":null,"user_id":null,"users":[],
"created_by_name":null,"sequence_id":null,"sequence_name":null,"sequence_subscription_id":null,
"updated_by_name":null,"user_name":null}"#;

#[tokio::test]
async fn close_request_and_response() {
    let (base, seen) = serve(200, ACTIVITY, Duration::ZERO);
    let client = Client::new(Config::new(Auth::api_key("api_key")).with_base_url(base)).unwrap();
    let UpdateCallActivityResponse::Ok200(activity) = client
        .update_call_activity("acti_1", &update())
        .await
        .expect("200");
    assert_eq!(activity.id, "acti_1");
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.request_line, "PUT /activity/call/acti_1/ HTTP/1.1");
    // base64("api_key:")
    assert_eq!(seen.header("authorization"), Some("Basic YXBpX2tleTo="));
    assert_eq!(seen.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"note_html": "<p>Call back on Friday.</p>", "duration": 184, "status": "completed"})
    );
}

#[tokio::test]
async fn path_parameters_stay_in_their_segment() {
    let (base, seen) = serve(200, ACTIVITY, Duration::ZERO);
    let client = Client::new(Config::new(Auth::oauth("tok")).with_base_url(base)).unwrap();
    for id in ["../../admin", "a/b", "x?y=1", "#"] {
        client.update_call_activity(id, &update()).await.unwrap();
    }
    let lines: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.request_line.clone())
        .collect();
    assert_eq!(
        lines,
        [
            "PUT /activity/call/..%2F..%2Fadmin/ HTTP/1.1",
            "PUT /activity/call/a%2Fb/ HTTP/1.1",
            "PUT /activity/call/x%3Fy%3D1/ HTTP/1.1",
            "PUT /activity/call/%23/ HTTP/1.1",
        ]
    );
    let err = client
        .update_call_activity("..", &update())
        .await
        .unwrap_err();
    assert!(matches!(
        err.kind(),
        ClientErrorKind::InvalidPathParameter { .. }
    ));
}

#[tokio::test]
async fn invalid_body_is_not_sent_and_errors_are_typed() {
    let (base, seen) = serve(404, r#"{"error":"Not found"}"#, Duration::ZERO);
    let client = Client::new(Config::new(Auth::api_key("k")).with_base_url(base)).unwrap();
    let mut body = update();
    body.duration = Nullable::Value(604_801);
    let err = client
        .update_call_activity("acti_1", &body)
        .await
        .unwrap_err();
    assert_eq!(err.report().unwrap().errors().count(), 1);
    assert!(seen.lock().unwrap().is_empty());
    let err = client
        .update_call_activity("acti_1", &update())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(err.api_error().is_some());
}

#[tokio::test]
async fn salesforce_headers_and_timeout() {
    let (base, seen) = serve(200, r#"{"status":"pending"}"#, Duration::from_secs(3));
    let config = sfc::Config::new(sfc::ApiConfig::new(
        sfc::ServerVariables::new("acme"),
        sfc::Auth::bearer_jwt("jwt.token.value"),
        "amazon-connect",
    ))
    .with_base_url(base)
    .with_timeout(Duration::from_millis(200));
    let client = sfc::Client::new(config).unwrap();
    let err = client
        .update_voice_call("0LQ", &Default::default())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.request_line, "PATCH /voiceCalls/0LQ HTTP/1.1");
    assert_eq!(seen.header("authorization"), Some("Bearer jwt.token.value"));
    assert_eq!(
        seen.header("telephony-provider-name"),
        Some("amazon-connect")
    );
    assert!(!format!("{client:?}").contains("jwt.token.value"));
}
