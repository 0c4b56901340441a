//! Load on one mock server: 64 keep-alive connections send 10,000 valid Close updates between
//! them; every request must be answered (200) and recorded, raw and typed. Reports the
//! throughput and the client-side latency (p50, p99, max), for the generated `MockServer` and for
//! the interpreted one (`schemagen mock`'s server). `BENCHMARKS.md` quotes one run:
//!
//! ```sh
//! cargo bench -p schemagen-benches --bench mock_load
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use voicecall_apis::runtime::mock::{Options, Server};

const CONNECTIONS: usize = 64;
const REQUESTS: usize = 10_000;

/// The request every connection repeats: a valid update with every field set.
fn request() -> Vec<u8> {
    let body = std::fs::read(schemagen_benches::repo_root().join(
        "tests/fixtures/payloads/close.update_call_activity/request/valid/03-all-fields-set.json",
    ))
    .expect("the fixture");
    let mut raw = format!(
        "PUT /activity/call/acti_1/ HTTP/1.1\r\nhost: mock\r\nauthorization: Basic a2V5Og==\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(&body);
    raw
}

/// Sends requests on one connection until `REQUESTS` have been taken; the latency of each.
async fn connection(
    server: std::net::SocketAddr,
    next: Arc<AtomicUsize>,
    raw: Arc<Vec<u8>>,
) -> Vec<Duration> {
    let mut stream = tokio::net::TcpStream::connect(server)
        .await
        .expect("connects");
    stream.set_nodelay(true).expect("nodelay");
    let mut latencies = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    while next.fetch_add(1, Ordering::Relaxed) < REQUESTS {
        let started = Instant::now();
        stream.write_all(&raw).await.expect("sends");
        // One answer: the head, then `content-length` bytes.
        let mut got: Vec<u8> = Vec::new();
        let status = loop {
            let n = stream.read(&mut buf).await.expect("reads");
            assert!(n > 0, "the mock closed the connection");
            got.extend_from_slice(&buf[..n]);
            let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") else {
                continue;
            };
            let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .and_then(|v| v.trim().parse().ok())
                .expect("a content length");
            if got.len() >= end + 4 + length {
                break head.split(' ').nth(1).and_then(|s| s.parse::<u16>().ok());
            }
        };
        assert_eq!(status, Some(200), "every request is valid");
        latencies.push(started.elapsed());
    }
    latencies
}

/// Runs the load against `server`; prints and checks the results.
async fn load(name: &str, server: &Server, typed: impl Fn() -> usize) {
    let next = Arc::new(AtomicUsize::new(0));
    let raw = Arc::new(request());
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| tokio::spawn(connection(server.addr(), next.clone(), raw.clone())))
        .collect();
    let mut latencies = Vec::with_capacity(REQUESTS);
    for t in tasks {
        latencies.extend(t.await.expect("a connection task"));
    }
    let wall = started.elapsed();
    latencies.sort();
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    assert_eq!(latencies.len(), REQUESTS, "every request answered");
    assert_eq!(server.request_count(), REQUESTS, "every request recorded");
    assert!(server.requests().iter().all(|e| e.status == Some(200)));
    let typed = typed();
    assert!(typed == REQUESTS || typed == 0, "typed recordings: {typed}");
    println!(
        "{name}: {REQUESTS} requests over {CONNECTIONS} connections in {:.2} s ({:.0} requests/s); \
         latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; recorded {} (typed {typed})",
        wall.as_secs_f64(),
        REQUESTS as f64 / wall.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies[latencies.len() - 1].as_secs_f64() * 1e3,
        server.request_count(),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, which is fine.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let generated = voicecall_apis::close::mock::MockServer::start()
            .await
            .expect("the generated mock starts");
        load("generated close::mock::MockServer", &generated, || {
            generated.received_update_call_activity().len()
        })
        .await;
        drop(generated);
        let schemas =
            schemagen::load_paths(&[schemagen_benches::repo_root().join("schemas/close.yaml")])
                .expect("the schema");
        let api = schemas.ir.apis[0].clone();
        let interpreted = schemagen::mock::serve::start(Arc::new(api), Options::default())
            .await
            .expect("the interpreted mock starts");
        load("interpreted (schemagen mock)", &interpreted, || 0).await;
    });
}
