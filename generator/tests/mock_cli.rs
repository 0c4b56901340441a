//! `schemagen mock`: the base URL on the first line, the acceptance requests of the issue (an
//! invalid body names `/duration`, no credentials is 401, a valid body gets a 200 body that
//! `schemagen validate --response 200` accepts), one log line per request, a clean stop on
//! SIGTERM and Ctrl-C (SIGINT), the exit codes of the ways it cannot start, and the same answers
//! as the generated `MockServer`s to the whole request corpus.

mod common;

use common::{repo, schemagen, text};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};

/// A running `schemagen mock`, killed if the test fails before stopping it.
struct Running {
    child: Child,
    lines: BufReader<ChildStdout>,
    base: String,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_schemagen"))
            .arg("mock")
            .args(args)
            .current_dir(repo())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("schemagen starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
        let mut base = String::new();
        lines.read_line(&mut base).expect("the first line");
        let base = base.trim().to_string();
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "first line: {base:?}"
        );
        Running { child, lines, base }
    }

    fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }

    /// The next log line.
    fn log_line(&mut self) -> String {
        let mut line = String::new();
        self.lines.read_line(&mut line).expect("a log line");
        line.trim_end().to_string()
    }

    /// Sends a signal by process id and waits for the exit; returns (code, stderr).
    #[cfg(unix)]
    fn stop(mut self, signal: &str) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let status = self.child.wait().expect("exits");
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        (status.code(), err)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Only if still running (a failed assertion): ends this test's own child, by handle.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One HTTP/1.1 exchange on a new connection: (status, body).
fn http(addr: &str, method: &str, target: &str, headers: &[&str], body: &str) -> (u16, String) {
    let (status, body) = http_bytes(addr, method, target, headers, body.as_bytes());
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// [`http`] with a body of bytes.
fn http_bytes(
    addr: &str,
    method: &str,
    target: &str,
    headers: &[&str],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    let mut raw = format!("{method} {target} HTTP/1.1\r\nhost: mock\r\nconnection: close\r\n");
    for h in headers {
        raw.push_str(h);
        raw.push_str("\r\n");
    }
    raw.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(body);
    stream.write_all(&raw).expect("sends");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("reads");
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a whole head");
    let head = String::from_utf8_lossy(&answer[..end]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    (status, answer[end + 4..].to_vec())
}

const BASIC: &str = "authorization: Basic YXBpX2tleTo="; // `api_key:`
const JSON: &str = "content-type: application/json";

#[cfg(unix)]
#[test]
fn the_acceptance_requests_of_close_then_a_clean_stop_on_sigterm() {
    let mut mock = Running::start(&["--schema", "schemas/close.yaml"]);
    let addr = mock.addr();
    let target = "/activity/call/acti_1/";

    let (status, body) = http(
        &addr,
        "PUT",
        target,
        &[BASIC, JSON],
        r#"{"duration": 604801}"#,
    );
    assert_eq!(status, 400, "{body}");
    let doc: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(doc["violations"][0]["pointer"], "/duration", "{doc}");
    assert_eq!(doc["violations"][0]["code"], "maximum");
    assert_eq!(
        mock.log_line(),
        "PUT /activity/call/acti_1/ -> 400 update_call_activity invalid: body /duration maximum must be at most 604800, found 604801"
    );

    let (status, _) = http(&addr, "PUT", target, &[JSON], r#"{"duration": 60}"#);
    assert_eq!(status, 401);
    assert!(
        mock.log_line()
            .contains("-> 401 update_call_activity invalid: header /Authorization auth")
    );

    let (status, body) = http(&addr, "PUT", target, &[BASIC, JSON], r#"{"duration": 60}"#);
    assert_eq!(status, 200);
    assert_eq!(
        mock.log_line(),
        "PUT /activity/call/acti_1/ -> 200 update_call_activity ok"
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let answer = tmp.path().join("answer.json");
    std::fs::write(&answer, &body).expect("write");
    let validated = schemagen(&[
        "validate",
        "--schema",
        "schemas/close.yaml",
        "--operation",
        "update_call_activity",
        "--response",
        "200",
        answer.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        validated.status.code(),
        Some(0),
        "{}{}",
        text(&validated.stdout),
        text(&validated.stderr)
    );

    let (status, _) = http(&addr, "GET", target, &[BASIC], "");
    assert_eq!(status, 405);
    assert!(
        mock.log_line()
            .starts_with("GET /activity/call/acti_1/ -> 405 - invalid: method")
    );

    let (code, stderr) = mock.stop("-TERM");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("terminated: stopping"), "{stderr}");
    assert!(stderr.contains("stopped after 4 request(s)"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_too_and_the_options_are_honoured() {
    let mut mock = Running::start(&[
        "--schema",
        "schemas/bird.yaml",
        "--host",
        "127.0.0.1",
        "--max-body-bytes",
        "64",
    ]);
    let addr = mock.addr();
    let path = "/workspaces/8f0e2a54-1c3b-4d6e-9f70-2a1b3c4d5e6f/channels/0b7c6d5e-4f3a-4b2c-8d1e-9f0a1b2c3d4e/calls/c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f";
    let big = format!(
        "{{\"status\": \"completed\", \"x\": \"{}\"}}",
        "y".repeat(100)
    );
    let (status, _) = http(
        &addr,
        "PATCH",
        path,
        &["authorization: AccessKey k", JSON],
        &big,
    );
    assert_eq!(status, 413);
    assert!(
        mock.log_line()
            .contains("-> 413 - invalid: body \"\" too_large")
    );
    let (status, body) = http(
        &addr,
        "PATCH",
        path,
        &["authorization: AccessKey k", JSON],
        r#"{"status": "completed"}"#,
    );
    assert_eq!(status, 202, "{body}");
    let (code, stderr) = mock.stop("-INT");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("interrupted: stopping"), "{stderr}");
}

#[test]
fn a_port_in_use_a_broken_schema_and_a_missing_file_are_errors() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("addr").port().to_string();
    let out = schemagen(&["mock", "--schema", "schemas/close.yaml", "--port", &port]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("cannot listen on 127.0.0.1:"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).is_empty(), "no URL is printed");

    let out = schemagen(&[
        "mock",
        "--schema",
        "tests/fixtures/broken/26-three-mistakes.yaml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing is served"));

    let out = schemagen(&["mock", "--schema", "schemas/nope.yaml"]);
    assert_eq!(out.status.code(), Some(2));

    let out = schemagen(&[
        "mock",
        "--schema",
        "schemas/close.yaml",
        "--host",
        "no host",
    ]);
    assert_eq!(out.status.code(), Some(2), "a host that does not resolve");
    assert!(
        text(&out.stderr).contains("`--host no host` does not resolve"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
#[cfg(unix)]
fn a_host_name_is_resolved_ipv4_first() {
    // `Running::start` checks that the first line is an http://127.0.0.1 URL.
    let mock = Running::start(&["--schema", "schemas/close.yaml", "--host", "localhost"]);
    let (code, stderr) = mock.stop("-TERM");
    assert_eq!(code, Some(0), "{stderr}");
}

/// Method, target and headers of a valid request of `op` (`api.operation`).
fn valid_target(op: &str) -> (&'static str, &'static str, Vec<&'static str>) {
    let bearer = "authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln";
    let provider = "telephony-provider-name: amazon-connect";
    match op {
        "close.update_call_activity" => ("PUT", "/activity/call/acti_1/", vec![BASIC, JSON]),
        "bird.update_call" => (
            "PATCH",
            "/workspaces/8f0e2a54-1c3b-4d6e-9f70-2a1b3c4d5e6f/channels/0b7c6d5e-4f3a-4b2c-8d1e-9f0a1b2c3d4e/calls/c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f",
            vec!["authorization: AccessKey ak_test", JSON],
        ),
        "salesforce.create_voice_call" => ("POST", "/voiceCalls", vec![bearer, provider, JSON]),
        "salesforce.update_voice_call" => (
            "PATCH",
            "/voiceCalls/0LQRM0000006CSz4AM",
            vec![bearer, provider, JSON],
        ),
        "vcita.update_voice_call" => (
            "PUT",
            "/v3/communication/voice_calls/5f3c9a7e-2b1d-4e6f-8a90-1c2d3e4f5a6b",
            vec![bearer, JSON],
        ),
        other => panic!("no request for {other}"),
    }
}

fn sorted_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Every request payload of the corpus, sent to `schemagen mock` and to the generated mock of
/// its API: the same status and the same body, each time; 2xx for the valid ones, 400 naming
/// exactly the violations of the `.expect` file for the invalid ones; one log line per request.
#[cfg(unix)]
#[test]
fn schemagen_mock_and_the_generated_mocks_agree_on_the_request_corpus() {
    use voicecall_apis::runtime::mock::Options;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let corpus = repo().join("tests/fixtures/payloads");
    let mut checked = 0;
    for api in ["bird", "close", "salesforce", "vcita"] {
        let mut cli = Running::start(&["--schema", &format!("schemas/{api}.yaml")]);
        // The generated mock runs on the runtime's worker thread; this thread only talks HTTP.
        let generated: Box<dyn std::ops::Deref<Target = voicecall_apis::runtime::mock::Server>> =
            runtime.block_on(async {
                let o = Options::default();
                let started: Box<dyn std::ops::Deref<Target = _>> = match api {
                    "bird" => Box::new(
                        voicecall_apis::bird::mock::MockServer::start_with(o)
                            .await
                            .expect("starts"),
                    ),
                    "close" => Box::new(
                        voicecall_apis::close::mock::MockServer::start_with(o)
                            .await
                            .expect("starts"),
                    ),
                    "salesforce" => Box::new(
                        voicecall_apis::salesforce::mock::MockServer::start_with(o)
                            .await
                            .expect("starts"),
                    ),
                    _ => Box::new(
                        voicecall_apis::vcita::mock::MockServer::start_with(o)
                            .await
                            .expect("starts"),
                    ),
                };
                started
            });
        let in_process = generated.addr().to_string();
        let mut sent = 0;
        let mut ops: Vec<_> = std::fs::read_dir(&corpus)
            .expect("corpus")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&format!("{api}.")))
            })
            .collect();
        ops.sort();
        for dir in ops {
            let op = dir
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_string();
            let (method, target, headers) = valid_target(&op);
            for (sub, valid) in [("valid", true), ("invalid", false)] {
                for path in sorted_files(&dir.join("request").join(sub)) {
                    let body = std::fs::read(&path).expect("fixture");
                    let a = http_bytes(&cli.addr(), method, target, &headers, &body);
                    let b = http_bytes(&in_process, method, target, &headers, &body);
                    sent += 1;
                    let shown = path.display();
                    assert_eq!(a.0, b.0, "{shown}: the statuses differ");
                    let (ja, jb): (serde_json::Value, serde_json::Value) = (
                        serde_json::from_slice(&a.1).expect("JSON"),
                        serde_json::from_slice(&b.1).expect("JSON"),
                    );
                    assert_eq!(ja, jb, "{shown}: the bodies differ");
                    if valid {
                        assert!((200..300).contains(&a.0), "{shown}: {}", a.0);
                    } else {
                        assert_eq!(a.0, 400, "{shown}");
                        let want: Vec<String> =
                            std::fs::read_to_string(path.with_extension("expect"))
                                .expect("an expect file")
                                .lines()
                                .map(str::trim)
                                .filter(|l| !l.is_empty())
                                .map(|l| format!("body {l}"))
                                .collect();
                        let got: Vec<String> = ja["violations"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter(|v| v["severity"] == "error")
                            .map(|v| {
                                format!(
                                    "{} {} {}",
                                    v["in"].as_str().unwrap_or("?"),
                                    v["pointer"].as_str().unwrap_or("?"),
                                    v["code"].as_str().unwrap_or("?")
                                )
                            })
                            .collect();
                        assert_eq!(got, want, "{shown}");
                    }
                    let line = cli.log_line();
                    let verdict = if valid { " ok" } else { " invalid: body " };
                    assert!(line.contains(verdict), "{shown}: {line}");
                    checked += 1;
                }
            }
        }
        assert_eq!(
            generated.request_count(),
            sent,
            "{api}: every request recorded"
        );
        let (code, stderr) = cli.stop("-TERM");
        assert_eq!(code, Some(0), "{stderr}");
        assert!(
            stderr.contains(&format!("stopped after {sent} request(s)")),
            "{stderr}"
        );
        runtime.block_on(async move { drop(generated) });
    }
    assert!(checked >= 140, "only {checked} payloads");
}

#[cfg(unix)]
#[test]
fn salesforce_is_served_under_the_path_of_its_server_url_too() {
    let mut mock = Running::start(&["--schema", "schemas/salesforce.yaml"]);
    let addr = mock.addr();
    let body = std::fs::read_to_string(repo().join(
        "tests/fixtures/payloads/salesforce.create_voice_call/request/valid/01-inbound-required-fields-only.json",
    ))
    .expect("fixture");
    let headers = [
        "authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        "telephony-provider-name: amazon-connect",
        JSON,
    ];
    for target in ["/telephony/v1/voiceCalls", "/voiceCalls"] {
        let (status, answer) = http(&addr, "POST", target, &headers, &body);
        assert_eq!(status, 200, "{target}: {answer}");
        assert_eq!(
            mock.log_line(),
            format!("POST {target} -> 200 create_voice_call ok")
        );
    }
    let (status, answer) = http(&addr, "POST", "/telephony/v2/voiceCalls", &headers, &body);
    assert_eq!(status, 404, "{answer}");
    let doc: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
    let message = doc["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`/voiceCalls`")
            && message.contains("with or without the prefix `/telephony/v1`"),
        "{message}"
    );
    assert!(
        mock.log_line()
            .starts_with("POST /telephony/v2/voiceCalls -> 404 - invalid: path")
    );
    let (code, stderr) = mock.stop("-TERM");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("served at the root and under `/telephony/v1`"),
        "{stderr}"
    );
    // XML bodies are documented and accepted unchecked: one line says so per operation.
    assert!(
        stderr.contains(
            "note: `create_voice_call` (POST /voiceCalls): bodies sent as `application/xml` are accepted without a check"
        ),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn form_bodies_are_checked_and_other_bodies_accepted_unchecked() {
    let mut mock = Running::start(&["--schema", "tests/fixtures/mock/form-bodies.yaml"]);
    let addr = mock.addr();
    const FORM: &str = "content-type: application/x-www-form-urlencoded";

    // Valid, at the root and under the server URL's path (`{version}` matches any segment).
    for target in ["/tokens", "/api/v2/tokens", "/api/v3/tokens"] {
        let (status, answer) = http(
            &addr,
            "POST",
            target,
            &[FORM],
            "grant_type=client_credentials&scope=calls%3Aread+calls%3Awrite&lifetime=600",
        );
        assert_eq!(status, 200, "{target}: {answer}");
        let doc: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
        assert_eq!(doc["access_token"], "tok_1", "the documented example");
        assert_eq!(
            mock.log_line(),
            format!("POST {target} -> 200 create_token ok")
        );
    }

    // Invalid fields are named, as for a JSON body.
    for (form, pointer, code) in [
        ("grant_type=ab", "/grant_type", "min_length"),
        ("grant_type=password&lifetime=7200", "/lifetime", "maximum"),
        ("grant_type=password&lifetime=soon", "/lifetime", "type"),
        ("scope=x", "/grant_type", "required"),
        (
            "grant_type=password&grant_type=code",
            "/grant_type",
            "repeated",
        ),
    ] {
        let (status, answer) = http(&addr, "POST", "/tokens", &[FORM], form);
        assert_eq!(status, 400, "{form}: {answer}");
        let doc: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
        assert_eq!(doc["violations"][0]["in"], "body", "{form}: {doc}");
        assert_eq!(doc["violations"][0]["pointer"], pointer, "{form}: {doc}");
        assert_eq!(doc["violations"][0]["code"], code, "{form}: {doc}");
        let line = mock.log_line();
        assert!(
            line.starts_with(&format!(
                "POST /tokens -> 400 create_token invalid: body {pointer} {code}"
            )),
            "{line}"
        );
    }

    // The same fields as JSON: the answer names the content type to send.
    let (status, answer) = http(
        &addr,
        "POST",
        "/tokens",
        &[JSON],
        r#"{"grant_type": "client_credentials"}"#,
    );
    assert_eq!(status, 400, "{answer}");
    let doc: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
    assert_eq!(doc["violations"][0]["pointer"], "/Content-Type", "{doc}");
    let message = doc["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`application/json` is not a content type this operation accepts")
            && message.ends_with("send one of: application/x-www-form-urlencoded"),
        "{message}"
    );
    assert!(
        mock.log_line()
            .contains("-> 400 create_token invalid: header /Content-Type content_type")
    );

    // Raw bytes: accepted without a check, and the log says so.
    let (status, _) = http_bytes(
        &addr,
        "POST",
        "/recordings",
        &["content-type: application/octet-stream"],
        &[0, 159, 146, 150],
    );
    assert_eq!(status, 204);
    assert_eq!(
        mock.log_line(),
        "POST /recordings -> 204 upload_recording ok; body not checked (content type application/octet-stream)"
    );

    // A wrong prefix is still unknown.
    let (status, _) = http(&addr, "POST", "/v2/api/tokens", &[FORM], "grant_type=abc");
    assert_eq!(status, 404);
    let line = mock.log_line();
    assert!(
        line.contains("with or without the prefix `/api/{version}`"),
        "{line}"
    );

    let (code, stderr) = mock.stop("-TERM");
    assert_eq!(code, Some(0), "{stderr}");
    let notes: Vec<&str> = stderr.lines().filter(|l| l.starts_with("note: ")).collect();
    assert_eq!(
        notes,
        [
            "note: `upload_recording` (POST /recordings): bodies sent as `application/octet-stream` are accepted without a check"
        ],
        "{stderr}"
    );
}
