//! Token streams to formatted text: syn parses, prettyplease prints, a header comment goes on
//! top. An API file is formatted chunk by chunk, on its own thread or, when there are fewer
//! API files than cores, on a small pool of workers.

use super::EmitError;
use proc_macro2::TokenStream;

/// Formats a token stream with prettyplease behind a header comment.
pub(super) fn format_file(
    path: &std::path::Path,
    header: &str,
    tokens: TokenStream,
) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| super::emit_error(path, format!("generated tokens do not parse: {e}")))?;
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}

/// Formats an API file from the chunks `produce` yields, in production order, behind `header`.
///
/// With `workers` ≤ 1 each chunk is parsed (`syn::parse2`, no text in between) and printed on
/// this thread: the emitter already runs one API file per core, and printing the tokens to text
/// and tokenizing them again costs a fifth of the run. With more, chunks are produced on this
/// thread (token streams are not `Send`, so each crosses as text) and formatted by a pool of
/// `workers` (syn + prettyplease, most of the cost), for when there are fewer API files than
/// cores. Either way results are put back in production order, so the output does not depend
/// on scheduling; the channel is bounded, so memory stays bounded by a few chunks plus the
/// output.
pub(super) fn format_chunks(
    path: &std::path::Path,
    header: &str,
    workers: usize,
    produce: impl FnOnce(&mut dyn FnMut(TokenStream) -> Result<(), EmitError>) -> Result<(), EmitError>,
) -> Result<String, EmitError> {
    if workers <= 1 {
        let mut out = String::from(header);
        let mut first = true;
        produce(&mut |tokens: TokenStream| {
            if tokens.is_empty() {
                return Ok(());
            }
            let file: syn::File = syn::parse2(tokens).map_err(|e| {
                super::emit_error(path, format!("generated tokens do not parse: {e}"))
            })?;
            if !first {
                out.push('\n');
            }
            first = false;
            out.push_str(&prettyplease::unparse(&file));
            Ok(())
        })?;
        return Ok(out);
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, String)>(workers * 4);
    let rx = std::sync::Mutex::new(rx);
    let formatted: std::sync::Mutex<Vec<(usize, Result<String, String>)>> =
        std::sync::Mutex::new(Vec::new());
    let produced = std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let job = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    let Ok((index, text)) = job else { break };
                    let result = syn::parse_file(&text)
                        .map(|f| prettyplease::unparse(&f))
                        .map_err(|e| e.to_string());
                    match formatted.lock() {
                        Ok(mut v) => v.push((index, result)),
                        Err(poisoned) => poisoned.into_inner().push((index, result)),
                    }
                }
            });
        }
        let mut count = 0usize;
        let result = produce(&mut |tokens: TokenStream| {
            if tokens.is_empty() {
                return Ok(());
            }
            tx.send((count, tokens.to_string()))
                .map_err(|_| super::emit_error(path, "a formatting worker stopped"))?;
            count += 1;
            Ok(())
        });
        drop(tx);
        result
    });
    produced?;
    let mut parts = match formatted.into_inner() {
        Ok(v) => v,
        Err(poisoned) => poisoned.into_inner(),
    };
    parts.sort_by_key(|(i, _)| *i);
    let mut out = String::from(header);
    for (n, (_, part)) in parts.into_iter().enumerate() {
        let text = part
            .map_err(|e| super::emit_error(path, format!("generated tokens do not parse: {e}")))?;
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&text);
    }
    Ok(out)
}
