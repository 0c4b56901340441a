//! Ends an active Bird call politely: replaces its call flow with a spoken goodbye followed by
//! a hang-up, and prints the call as Bird returns it.
//!
//! ```text
//! BIRD_ACCESS_KEY=... BIRD_WORKSPACE_ID=... BIRD_CHANNEL_ID=... BIRD_CALL_ID=... \
//!   cargo run -p voicecall-apis --features client --example bird_hang_up
//! ```
//!
//! Environment: `BIRD_ACCESS_KEY` (required; sent as `Authorization: AccessKey <key>`),
//! `BIRD_WORKSPACE_ID`, `BIRD_CHANNEL_ID` and `BIRD_CALL_ID` (required UUIDs), `BIRD_BASE_URL`
//! (optional, e.g. `http://127.0.0.1:8080` for a local server; default: Bird's production API).

use std::error::Error;
use voicecall_apis::bird::client::{Auth, Client, Config, UpdateCallResponse};
use voicecall_apis::bird::{
    CallFlowCommand, HangupCommand, SayCommand, SayLocale, SayOptions, UpdateCall,
};

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
    let key = required("BIRD_ACCESS_KEY")?;
    let workspace = required("BIRD_WORKSPACE_ID")?;
    let channel = required("BIRD_CHANNEL_ID")?;
    let call = required("BIRD_CALL_ID")?;
    let mut config = Config::new(Auth::access_key(key));
    if let Ok(base) = std::env::var("BIRD_BASE_URL") {
        config = config.with_base_url(base);
    }
    let client = Client::new(config)?;

    let update = UpdateCall {
        call_flow: Some(vec![
            CallFlowCommand::Say(SayCommand {
                options: SayOptions {
                    text: "Thank you for calling. Goodbye!".into(),
                    locale: Some(SayLocale::EnUs),
                    voice: None,
                    r#loop: None,
                    timeout: None,
                },
                conditions: None,
            }),
            CallFlowCommand::Hangup(HangupCommand::default()),
        ]),
        ..Default::default()
    };
    let UpdateCallResponse::Accepted202(call) = client
        .update_call(&workspace, &channel, &call, &update)
        .await?;
    println!("update accepted:\n{call:#?}");
    Ok(())
}
