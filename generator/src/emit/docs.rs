//! Doc-comment text shared by every emitter: schema text (descriptions, wire names) becomes
//! `#[doc]` attributes that rustdoc renders as the prose it was, whatever it holds; Markdown the
//! generator writes itself (intra-doc links) gets only line-level normalization.

use crate::ir::{Constraints, Shape, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line, from plain text (schema descriptions and text
/// built from wire names): see [`doc_lines`].
pub(crate) fn doc(text: &str) -> TokenStream {
    doc_attrs(&doc_lines(text))
}

/// `#[doc = "..."]` attributes from Markdown the generator wrote itself (with intra-doc links),
/// in which every piece of schema text was already passed through [`escape_markdown`]. Only the
/// line-level normalization of [`doc_lines`] is applied.
pub(crate) fn doc_markdown(markdown: &str) -> TokenStream {
    doc_attrs(&markdown_lines(markdown))
}

fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Normalizes description text into doc lines that rustdoc renders as prose, whatever the text
/// holds: trims, keeps paragraph breaks, and neutralizes everything rustdoc would read as more
/// than prose. Code fences (```` ``` ```` and `~~~`) and indented lines would become code blocks
/// and doctests; `[`, `]` and `<` outside code spans would become (broken) links, footnotes or
/// HTML tags; bare `http(s)://` URLs become autolinks (rustdoc warns about bare URLs); a
/// backtick that does not close on its own line is escaped, so no code span hides text across
/// lines; table delimiter rows are broken up; CR, other control characters and bidirectional
/// overrides (which rustc denies in comments) are dropped. Text inside code spans is kept as
/// written, and the rendered text reads as the input did.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    markdown_lines(&escape_markdown(text))
}

/// Escapes schema text for embedding in generator-written Markdown: the inline part of
/// [`doc_lines`], line by line (lines are trimmed; blank lines are kept).
pub(crate) fn escape_markdown(text: &str) -> String {
    let text = clean_text(text);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim();
        let line = if is_table_delimiter_row(line) {
            format!("\\{line}")
        } else {
            line.to_string()
        };
        escape_inline(&line, &mut out);
    }
    out
}

/// Line-level normalization: CR/LF, control characters, trimming (indented lines would become
/// code blocks), neutralized code fences, and no trailing blank lines.
pub(crate) fn markdown_lines(text: &str) -> Vec<String> {
    let text = clean_text(text);
    let mut out: Vec<String> = Vec::new();
    for line in text.trim().split('\n') {
        let t = line.trim();
        let t = if t.starts_with("```") || t.starts_with("~~~") {
            // An escaped first character: rendered the same, but no longer a fence.
            format!("\\{t}")
        } else {
            t.to_string()
        };
        out.push(t);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// Unifies line breaks (`\r\n`, `\r`, U+2028/U+2029) to `\n`, turns tabs and other control
/// characters into spaces and drops bidirectional-override characters (denied in comments by
/// rustc's `text_direction_codepoint_in_comment`).
fn clean_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => Some('\n'),
            '\n' => Some('\n'),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => None,
            c if c.is_control() => Some(' '),
            c => Some(c),
        })
        .collect()
}

/// A GFM table delimiter row (`|---|:--:|`), which would turn the lines around it into a table.
fn is_table_delimiter_row(line: &str) -> bool {
    line.contains('|')
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Escapes one trimmed line into `out`, following CommonMark's code-span rule: a run of `n`
/// backticks opens a code span closed by the next run of exactly `n` backticks on the line;
/// text inside is kept, an unmatched run is escaped. Outside code spans, existing backslash
/// escapes are kept, `[`, `]` and `<` are escaped, and bare URLs become autolinks.
fn escape_inline(line: &str, out: &mut String) {
    let chars: Vec<char> = line.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|c| **c == '`').count();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let n = run_at(i);
                let mut j = i + n;
                let mut close = None;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let m = run_at(j);
                        if m == n {
                            close = Some(j);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                match close {
                    Some(j) => {
                        out.extend(&chars[i..j + n]);
                        i = j + n;
                    }
                    None => {
                        for _ in 0..n {
                            out.push_str("\\`");
                        }
                        i += n;
                    }
                }
            }
            '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            'h' | 'H' if url_at(&chars, i) > 0 => {
                let end = i + url_at(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// The length of an `http://` or `https://` URL starting at `i` (0 if none): up to whitespace or
/// a character an autolink cannot hold, without trailing punctuation.
fn url_at(chars: &[char], i: usize) -> usize {
    let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    let rest = rest.to_ascii_lowercase();
    let scheme = if rest.starts_with("https://") {
        8
    } else if rest.starts_with("http://") {
        7
    } else {
        return 0;
    };
    if !starts_word {
        return 0;
    }
    let mut end = i + scheme;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !chars[end].is_control()
        && !matches!(chars[end], '<' | '>' | '`' | '"' | '[' | ']' | '\\' | '|')
    {
        end += 1;
    }
    while end > i + scheme
        && matches!(
            chars[end - 1],
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\'' | '*' | '_' | '~'
        )
    {
        end -= 1;
    }
    if end == i + scheme { 0 } else { end - i }
}

/// `#![doc = "..."]` inner attributes (a module's own docs) from Markdown the generator wrote
/// itself, normalized like [`doc_markdown`].
pub(crate) fn inner_doc_markdown(markdown: &str) -> TokenStream {
    let attrs = markdown_lines(markdown).into_iter().map(|l| {
        let l = if l.is_empty() { l } else { format!(" {l}") };
        quote!(#![doc = #l])
    });
    quote!(#(#attrs)*)
}

/// A path's tokens as the text of an intra-doc link target (`crate::runtime::client`).
pub(crate) fn path_text(path: &TokenStream) -> String {
    path.to_string().replace(' ', "")
}

/// Describes constraints in words for docs.
pub(crate) fn constraint_words(s: &Shape) -> Vec<String> {
    let Constraints {
        format,
        minimum,
        maximum,
        min_length,
        max_length,
        min_items,
        max_items,
        pattern,
        const_value,
    } = &s.constraints;
    let mut w = Vec::new();
    if let Some(f) = format {
        w.push(format!("Format: {} (`{}`).", f.describe(), f.name()));
    }
    if let Some(m) = minimum {
        w.push(format!("At least {m}."));
    }
    if let Some(m) = maximum {
        w.push(format!("At most {m}."));
    }
    if let Some(m) = min_length {
        w.push(format!("At least {m} characters."));
    }
    if let Some(m) = max_length {
        w.push(format!("At most {m} characters."));
    }
    if let Some(m) = min_items {
        w.push(format!("At least {m} item(s)."));
    }
    if let Some(m) = max_items {
        w.push(format!("At most {m} items."));
    }
    if let Some(p) = pattern {
        w.push(format!("Matches the pattern `{}`.", p.replace('`', "'")));
    }
    if let Some(c) = const_value {
        w.push(format!("Always `{c}`."));
    }
    if let ShapeKind::Array(items) = &s.kind {
        for x in constraint_words(items) {
            w.push(format!("Each item: {}", x.to_lowercase()));
        }
    }
    w
}
