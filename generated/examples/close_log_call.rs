//! Logs a finished call into Close: updates its Call activity with a note, the call's duration
//! and the `completed` status.
//!
//! ```text
//! CLOSE_API_KEY=api_... CLOSE_ACTIVITY_ID=acti_... \
//!   cargo run -p voicecall-apis --features client --example close_log_call
//! ```
//!
//! Environment: `CLOSE_API_KEY` (required; sent as HTTP Basic user name with an empty password),
//! `CLOSE_ACTIVITY_ID` (required), `CLOSE_BASE_URL` (optional, e.g. `http://127.0.0.1:8080` for a
//! local server; default: Close's production API), `CALL_DURATION` (seconds, default 184),
//! `CALL_STARTED_AT` (RFC 3339, e.g. `2026-03-02T14:05:00+01:00`; default: left unchanged).
//!
//! The update is idempotent (a `PUT`), so the client retries it on its own: after a `429` or
//! `503` (waiting as long as `Retry-After` asks, up to the policy's cap), and after a `502`,
//! `504`, a timeout or a dropped connection.

use std::error::Error;
use voicecall_apis::chrono::DateTime;
use voicecall_apis::close::client::{Auth, Client, Config, UpdateCallActivityResponse};
use voicecall_apis::close::{CallStatus, UpdateCallActivity};
use voicecall_apis::runtime::Nullable;

fn required(name: &str) -> Result<String, Box<dyn Error>> {
    std::env::var(name).map_err(|_| format!("set the environment variable {name}").into())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // `Display` of a client error never contains the credentials.
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    let key = required("CLOSE_API_KEY")?;
    let activity_id = required("CLOSE_ACTIVITY_ID")?;
    let duration: i64 = std::env::var("CALL_DURATION")
        .ok()
        .map(|d| d.parse())
        .transpose()?
        .unwrap_or(184);

    // `activity_at` is a typed date-time: a malformed value is refused here, before any request.
    let activity_at = match std::env::var("CALL_STARTED_AT") {
        Ok(text) => Nullable::Value(
            DateTime::parse_from_rfc3339(&text)
                .map_err(|e| format!("CALL_STARTED_AT is not an RFC 3339 date-time: {e}"))?,
        ),
        Err(_) => Nullable::Absent,
    };

    let mut config = Config::new(Auth::api_key(key));
    if let Ok(base) = std::env::var("CLOSE_BASE_URL") {
        config = config.with_base_url(base);
    }
    let client = Client::new(config)?;

    let update = UpdateCallActivity {
        note_html: Nullable::Value("<p>Customer asked for a callback on Friday.</p>".into()),
        duration: Nullable::Value(duration),
        activity_at,
        status: Some(CallStatus::Completed),
        ..Default::default()
    };
    // The body is validated before anything is sent; an invalid one lists its violations.
    match client.update_call_activity(&activity_id, &update).await? {
        UpdateCallActivityResponse::Ok200(activity) => {
            println!("updated Call activity {activity_id}:\n{activity:#?}");
        }
    }
    Ok(())
}
