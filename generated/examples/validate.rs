//! Validates a JSON payload with the generated types and validators.
//!
//! ```text
//! cargo run -p voicecall-apis --example validate -- close.update_call_activity [--request | --response STATUS] PAYLOAD.json
//! ```
//!
//! Prints one line per violation, `<json-pointer> <code> <message>`, warnings prefixed with
//! `warning:`; a payload that is not JSON prints `"" syntax the payload is not JSON: …`. Exit 0
//! when valid, 1 when invalid, 2 on usage or I/O errors.

use std::process::ExitCode;
use voicecall_apis::runtime::PayloadKind;

const USAGE: &str = "usage: validate API.OPERATION [--request | --response STATUS] PAYLOAD.json";

fn parse_args(args: &[String]) -> Result<(String, PayloadKind, String), String> {
    let mut name = None;
    let mut kind = None;
    let mut payload = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--request" => {
                if kind.replace(PayloadKind::Request).is_some() {
                    return Err("give at most one of --request and --response".into());
                }
            }
            "--response" => {
                i += 1;
                let status = args.get(i).ok_or("--response needs a STATUS")?;
                let status: u16 = status
                    .parse()
                    .map_err(|_| format!("`{status}` is not an HTTP status"))?;
                if kind.replace(PayloadKind::Response(status)).is_some() {
                    return Err("give at most one of --request and --response".into());
                }
            }
            flag if flag.starts_with("--") && flag.len() > 2 => {
                return Err(format!("unknown option `{flag}`"));
            }
            value if name.is_none() => name = Some(value.to_string()),
            value if payload.is_none() => payload = Some(value.to_string()),
            value => return Err(format!("unexpected argument `{value}`")),
        }
        i += 1;
    }
    match (name, payload) {
        (Some(n), Some(p)) => Ok((n, kind.unwrap_or(PayloadKind::Request), p)),
        _ => Err("missing API.OPERATION or PAYLOAD".into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (name, kind, payload) = match parse_args(&args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // The payload is validated as JSON text, in one pass over the bytes (no `Value`, no typed
    // model); text that is not JSON is reported as one `syntax` error.
    let bytes = if payload == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).map(|_| b)
    } else {
        std::fs::read(&payload)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read `{payload}`: {e}");
            return ExitCode::from(2);
        }
    };
    match voicecall_apis::validate_payload_bytes(&name, kind, &bytes) {
        Ok(report) => {
            for v in report.violations() {
                println!("{v}");
            }
            ExitCode::from(u8::from(report.has_errors()))
        }
        Err(e) => {
            eprintln!(
                "error: {e}; known operations: {}",
                voicecall_apis::OPERATIONS.join(", ")
            );
            ExitCode::from(2)
        }
    }
}
