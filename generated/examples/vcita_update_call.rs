//! Reports a finished call to vcita: replaces the details of one voice call (numbers, status,
//! price, summary, recording) and prints the call as vcita now stores it.
//!
//! ```text
//! VCITA_TOKEN=... VCITA_CALL_UID=... \
//!   cargo run -p voicecall-apis --features client --example vcita_update_call
//! ```
//!
//! Environment: `VCITA_TOKEN` (required; a Staff, App or Directory token), `VCITA_CALL_UID`
//! (required), `VCITA_BASE_URL` (optional, e.g. `http://127.0.0.1:8080` for a local server;
//! default: vcita's production API).

use std::error::Error;
use voicecall_apis::vcita::client::{Auth, Client, Config, UpdateVoiceCallResponse};
use voicecall_apis::vcita::{CallDirection, CallProvider, CallStatus, UpdateVoiceCall};

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
    let token = required("VCITA_TOKEN")?;
    let uid = required("VCITA_CALL_UID")?;
    let mut config = Config::new(Auth::bearer_jwt(token));
    if let Ok(base) = std::env::var("VCITA_BASE_URL") {
        config = config.with_base_url(base);
    }
    let client = Client::new(config)?;

    let call = UpdateVoiceCall {
        staff_uid: "d290f1ee-6c54-4b01-90e6-d701748f0851".into(),
        client_uid: "7c9e6679-7425-40de-944b-e07fc1f90ae7".into(),
        from_number: "+14155550148".into(),
        to_number: "+14155550901".into(),
        direction: CallDirection::Inbound,
        status: CallStatus::AnsweredByStaff,
        rate: "0.05".into(),
        price: "0.60".into(),
        provider: CallProvider::Vonage,
        source_id: "call-src-001".into(),
        duration: 720.0,
        call_summary: "Client asked to move next week's appointment.".into(),
        external_app_url: "https://example.com/calls/ext-call-001".into(),
        external_app_name: "Vonage Business".into(),
        recording_id: "rec-3f1c2a9e".into(),
        external_uuid: "ext-call-001".into(),
        handled_by_staff_uid: None,
    };
    let UpdateVoiceCallResponse::Ok200(stored) = client.update_voice_call(&uid, &call).await?;
    println!("success: {}\n{:#?}", stored.success, stored.data);
    Ok(())
}
