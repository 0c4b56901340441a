//! Records a phone call in Salesforce Voice: creates the VoiceCall record when the call starts,
//! then fills in its end time and hold statistics once it is over. The client signs its own
//! short-lived RS256 tokens with the call center's private key; no pre-made token is needed.
//!
//! ```text
//! SALESFORCE_MY_DOMAIN=acme SALESFORCE_ORG_ID=00D... SALESFORCE_PRIVATE_KEY=callcenter.pem \
//!   cargo run -p voicecall-apis --features client --example salesforce_record_call
//! ```
//!
//! Environment: `SALESFORCE_PRIVATE_KEY` (required; the PEM file of the private key whose
//! certificate is on the CallCenter record), `SALESFORCE_ORG_ID` (required; the `iss` claim),
//! `SALESFORCE_MY_DOMAIN` (the org's My Domain name; required unless `SALESFORCE_BASE_URL` is
//! set), `SALESFORCE_BASE_URL` (optional, e.g. `http://127.0.0.1:8080/telephony/v1` for a local
//! server), `SALESFORCE_AUDIENCE` (optional `aud` claim), `TELEPHONY_PROVIDER_NAME` (default
//! `amazon-connect`), `CALL_CENTER` (the call center's API name, the `sub` claim, default
//! `ACME_Contact_Center`).
//!
//! The update is not idempotent (each call overwrites the hold counters), so the client never
//! repeats it after a failure that may have reached Salesforce: a `502` or a dropped connection
//! ends the run with an error that says whether the update may have been applied.

use std::error::Error;
use voicecall_apis::chrono::DateTime;
use voicecall_apis::salesforce::client::{
    ApiConfig, Auth, BearerJwtClaims, Client, Config, CreateVoiceCallResponse, ServerVariables,
    UpdateVoiceCallResponse,
};
use voicecall_apis::salesforce::{
    CreateVoiceCall, InitiationMethod, Participant, ParticipantType, UpdateVoiceCall,
};

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
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
    let key_file =
        std::env::var("SALESFORCE_PRIVATE_KEY").map_err(|_| "set SALESFORCE_PRIVATE_KEY")?;
    let private_key = std::fs::read(&key_file)
        .map_err(|e| format!("cannot read the private key {key_file}: {e}"))?;
    let org_id = std::env::var("SALESFORCE_ORG_ID").map_err(|_| "set SALESFORCE_ORG_ID")?;
    let call_center = env_or("CALL_CENTER", "ACME_Contact_Center");
    let mut claims = BearerJwtClaims::new(org_id, call_center.clone());
    claims.audience = std::env::var("SALESFORCE_AUDIENCE").ok();
    let auth = Auth::bearer_jwt_signed(&private_key, claims)?;
    let base_url = std::env::var("SALESFORCE_BASE_URL").ok();
    let my_domain = match (std::env::var("SALESFORCE_MY_DOMAIN"), &base_url) {
        (Ok(d), _) => d,
        // Unused when the base URL is given, but the variables must still have a value.
        (Err(_), Some(_)) => "unused".to_string(),
        (Err(_), None) => return Err("set SALESFORCE_MY_DOMAIN or SALESFORCE_BASE_URL".into()),
    };
    let mut config = Config::new(ApiConfig::new(
        ServerVariables::new(my_domain),
        auth,
        env_or("TELEPHONY_PROVIDER_NAME", "amazon-connect"),
    ));
    if let Some(base) = base_url {
        config = config.with_base_url(base);
    }
    let client = Client::new(config)?;
    println!("sending to {}", client.base_url());

    let contact_id = "5324881f-1e84-4367-8930-f69a74b30ca6";
    let create = CreateVoiceCall {
        call_center_api_name: call_center,
        parent_voice_call_id: None,
        vendor_call_key: contact_id.to_string(),
        to: "+14152988103".to_string(),
        from: "+18669483147".to_string(),
        initiation_method: InitiationMethod::Inbound,
        // Date-times are typed (chrono, offset kept); parsing checks the RFC 3339 text.
        start_time: DateTime::parse_from_rfc3339("2024-05-14T16:02:11Z")?,
        participants: vec![Participant {
            participant_key: "+18669483147".to_string(),
            r#type: ParticipantType::EndUser,
        }],
        call_attributes: None,
        call_origin: None,
        queue: None,
        call_subtype: None,
    };
    let CreateVoiceCallResponse::Ok200(created) = client.create_voice_call(&create).await?;
    println!("created VoiceCall {}", created.voice_call_id);

    let update = UpdateVoiceCall {
        end_time: Some(DateTime::parse_from_rfc3339("2024-05-14T16:09:47Z")?),
        total_hold_duration: Some(45),
        number_of_holds: Some(1),
        longest_hold_duration: Some(45),
        recording_location: Some("s3://acme-recordings/5324881f.wav".to_string()),
        ..Default::default()
    };
    let UpdateVoiceCallResponse::Ok200(ack) = client
        .update_voice_call(&created.voice_call_id, &update)
        .await?;
    println!("update accepted: status {}", ack.status);
    Ok(())
}
