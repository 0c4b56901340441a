//! `schemagen mock`: a schema served as a validating fake vendor, interpreted. The description
//! ([`api_spec`]) has the same facts as a generated `MockServer`'s, with the interpreted
//! validators in place of the generated ones; the server is the runtime's.

use super::{
    ParamKind, base_path, example, operation_params, param_kind, param_required,
    request_form_fields,
};
use crate::ir::*;
use crate::runtime::mock::{self as rt, MockError, Options, Server};
use crate::runtime::{PayloadKind, Report};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Validates a request body of `operation`: the one place the interpreted mock calls the
/// payload validator (JSON syntax first, then the interpreter on the parsed value).
pub fn check_body(api: &ApiIr, operation: &str, bytes: &[u8]) -> Report {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => {
            crate::validate::validate_payload(api, operation, PayloadKind::Request, &value)
                .unwrap_or_else(|e| rt::unknown_payload(&e))
        }
        Err(e) => rt::syntax_error(&e),
    }
}

/// The API as the interpreted mock serves it.
pub fn api_spec(api: Arc<ApiIr>) -> rt::ApiSpec {
    let auth = api
        .auth
        .iter()
        .map(|a| rt::AuthScheme {
            name: a.name.clone(),
            kind: match &a.kind {
                AuthKind::Bearer { .. } => rt::AuthKind::Bearer,
                AuthKind::Basic { password_empty } => rt::AuthKind::Basic {
                    password_empty: *password_empty,
                },
                AuthKind::ApiKey { header, prefix } => rt::AuthKind::ApiKey {
                    header: header.clone(),
                    prefix: prefix.clone(),
                },
            },
        })
        .collect();
    let operations = api
        .operations
        .iter()
        .map(|op| operation_spec(&api, op))
        .collect();
    rt::ApiSpec {
        name: api.name.clone(),
        base_path: base_path(&api),
        auth,
        operations,
    }
}

fn runtime_kind(kind: ParamKind) -> rt::ParamKind {
    match kind {
        ParamKind::String => rt::ParamKind::String,
        ParamKind::Integer => rt::ParamKind::Integer,
        ParamKind::Number => rt::ParamKind::Number,
        ParamKind::Boolean => rt::ParamKind::Boolean,
    }
}

/// One line per operation whose request bodies of some documented content type the mock
/// accepts without checking them (neither JSON nor a form of an object type).
pub fn unchecked_bodies(spec: &rt::ApiSpec) -> Vec<String> {
    spec.operations
        .iter()
        .filter_map(|op| {
            let unchecked = op.body.as_ref()?.unchecked_content_types();
            (!unchecked.is_empty()).then(|| {
                format!(
                    "note: `{}` ({} {}): bodies sent as {} are accepted without a check",
                    op.id,
                    op.method,
                    op.path,
                    unchecked
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )
            })
        })
        .collect()
}

fn operation_spec(api: &Arc<ApiIr>, op: &OperationIr) -> rt::OperationSpec {
    let params = operation_params(api, op)
        .into_iter()
        .map(|p| {
            let shape = p.shape.clone();
            let for_check = api.clone();
            rt::ParamSpec {
                name: p.wire_name.clone(),
                location: match p.location {
                    ParamLocation::Path => rt::ParamLocation::Path,
                    ParamLocation::Query => rt::ParamLocation::Query,
                    ParamLocation::Header => rt::ParamLocation::Header,
                },
                required: param_required(p),
                kind: runtime_kind(param_kind(api, &p.shape)),
                check: Arc::new(move |value: &serde_json::Value| {
                    crate::validate::validate_shape(&for_check, &shape, value)
                }),
            }
        })
        .collect();
    let body = op.request.as_ref().map(|r| {
        let (api, id) = (api.clone(), op.id.clone());
        rt::BodySpec {
            required: r.required,
            content_types: r.content_types.clone(),
            form: request_form_fields(&api, r).map(|fields| {
                fields
                    .into_iter()
                    .map(|f| rt::FormField {
                        name: f.name,
                        kind: runtime_kind(f.kind),
                        list: f.list,
                    })
                    .collect()
            }),
            check: Arc::new(move |bytes: &[u8]| check_body(&api, &id, bytes)),
        }
    });
    let responses = example::response_bodies(api, op)
        .into_iter()
        .map(|(status, body)| rt::ResponseSpec { status, body })
        .collect();
    let check_response = {
        let (api, id) = (api.clone(), op.id.clone());
        Arc::new(move |status: u16, value: &serde_json::Value| {
            crate::validate::validate_payload(&api, &id, PayloadKind::Response(status), value).ok()
        })
    };
    rt::OperationSpec {
        id: op.id.clone(),
        method: op.method.as_str().to_string(),
        path: op.path.clone(),
        auth: op.auth.clone(),
        params,
        body,
        responses,
        check_response: Some(check_response),
        typed: None,
    }
}

/// Starts the interpreted mock of `api` on the current tokio runtime.
pub async fn start(api: Arc<ApiIr>, options: Options) -> Result<Server, MockError> {
    Server::start(api_spec(api), options).await
}

/// Starts the interpreted mock of `api`, with the lines of [`unchecked_bodies`].
async fn start_noting(
    api: Arc<ApiIr>,
    options: Options,
) -> Result<(Server, Vec<String>), MockError> {
    let spec = api_spec(api);
    let notes = unchecked_bodies(&spec);
    Ok((Server::start(spec, options).await?, notes))
}

/// What `schemagen mock` was asked for.
#[derive(Debug, Clone)]
pub struct MockArgs {
    /// The schema file.
    pub schema: std::path::PathBuf,
    /// The address to listen on.
    pub host: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// The largest request body accepted.
    pub max_body_bytes: usize,
}

/// Lines waiting for the log writer at most; more are dropped (and counted) rather than slow
/// the server down when nobody reads its output.
const LOG_BACKLOG: usize = 4096;

/// Runs `schemagen mock`: prints the base URL on the first line of standard output, then one
/// line per request with its verdict, until Ctrl-C or SIGTERM. Returns the exit code: 0 after
/// a clean stop, 1 when the schema has errors, 2 when it cannot be read or the address cannot
/// be bound.
pub fn run(args: &MockArgs) -> u8 {
    let schemas = match crate::load_paths(std::slice::from_ref(&args.schema)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if !schemas.diagnostics.is_empty() {
        eprint!("{}", schemas.diagnostics.render(&schemas.sources));
    }
    if schemas.diagnostics.has_errors() {
        eprintln!("error: the schema has errors; nothing is served");
        return 1;
    }
    let Some(api) = schemas.ir.apis.into_iter().next() else {
        eprintln!("error: `{}` defines no API", args.schema.display());
        return 2;
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return 2;
        }
    };
    // One thread writes the log, so a reader that does not keep up never blocks the server.
    let (lines, backlog) = std::sync::mpsc::sync_channel::<String>(LOG_BACKLOG);
    let dropped = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writer = std::thread::spawn(move || {
        let mut out = std::io::stdout();
        for line in backlog {
            if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                break;
            }
        }
    });
    let hook = {
        let (lines, dropped) = (lines.clone(), dropped.clone());
        move |e: &rt::Exchange| {
            if lines.try_send(e.summary()).is_err() {
                dropped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    };
    let options = Options::default()
        .with_addr(SocketAddr::new(args.host, args.port))
        .with_max_body_bytes(args.max_body_bytes)
        .on_exchange(hook)
        // The log is the record; memory does not grow with every request.
        .keep_requests(false);
    let name = api.name.clone();
    let prefix = base_path(&api);
    let code = runtime.block_on(async move {
        let (server, notes) = match start_noting(Arc::new(api), options).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        // The first line of standard output: what a test harness in any language reads.
        let _ = lines.send(server.base_url().to_string());
        eprintln!(
            "serving the {name} API at {} (every operation of the schema); stop with Ctrl-C",
            server.base_url()
        );
        if !prefix.is_empty() {
            eprintln!(
                "every operation is served at the root and under `{prefix}` (the path of the schema's server URL)"
            );
        }
        for note in notes {
            eprintln!("{note}");
        }
        let why = stop_signal().await;
        eprintln!("{why}: stopping");
        let count = server.request_count();
        server.shutdown().await;
        eprintln!("stopped after {count} request(s)");
        0
    });
    drop(runtime);
    // Every sender is gone once the server is: the writer drains the backlog and ends.
    let _ = writer.join();
    let lost = dropped.load(std::sync::atomic::Ordering::Relaxed);
    if lost > 0 {
        eprintln!("{lost} log line(s) were dropped because the output was not read");
    }
    code
}

/// Waits for Ctrl-C or (on Unix) SIGTERM; says which came.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = tokio::signal::ctrl_c() => "interrupted",
                _ = term.recv() => "terminated",
            },
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                "interrupted"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "interrupted"
    }
}
