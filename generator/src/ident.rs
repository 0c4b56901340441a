//! The one place where Rust names are made from wire names.
//!
//! Wire names are kept exactly for serialization; Rust names are derived with `heck` and made
//! safe here: separators and punctuation become word breaks, non-ASCII letters are dropped,
//! names that start with a digit get a prefix, and keywords become raw identifiers (or get a
//! trailing `_` where Rust allows no raw form).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every Rust edition up to 2024 (strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// The name lowering gives an item whose Rust name could not be made (an error says why); the
/// collision check ignores it, so one mistake is reported once.
pub const PLACEHOLDER: &str = "__schemagen_unnamed";

/// True for a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Keeps ASCII letters and digits; everything else is a word break. Returns the words.
fn ascii_words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            // Non-ASCII letters are dropped; a non-ASCII separator still breaks words.
            if !c.is_alphanumeric() {
                out.push(' ');
            }
        }
    }
    out
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A snake_case field, parameter, module or method name; `None` when no letter or digit is left.
pub fn snake(wire: &str) -> Option<String> {
    let s = ascii_words(wire).to_snake_case();
    if s.is_empty() {
        return None;
    }
    let s = if s.as_bytes()[0].is_ascii_digit() {
        format!("_{s}")
    } else {
        s
    };
    Some(escape_keyword(s))
}

/// An UpperCamelCase type or variant name; `prefix` is put in front of a leading digit.
pub fn camel(wire: &str, digit_prefix: &str) -> Option<String> {
    let s = ascii_words(wire).to_upper_camel_case();
    if s.is_empty() {
        return None;
    }
    let s = if s.as_bytes()[0].is_ascii_digit() {
        format!("{digit_prefix}{s}")
    } else {
        s
    };
    Some(escape_keyword(s))
}

/// A type name.
pub fn type_name(wire: &str) -> Option<String> {
    camel(wire, "T")
}

/// An enum variant name.
pub fn variant_name(wire: &str) -> Option<String> {
    camel(wire, "V")
}

/// A SCREAMING_SNAKE constant name.
pub fn constant(wire: &str) -> Option<String> {
    snake(wire).map(|s| {
        s.trim_start_matches("r#")
            .trim_end_matches('_')
            .to_ascii_uppercase()
    })
}

/// Checks a user-given `rust_name`. Returns the identifier to use (keywords become raw).
pub fn check_override(name: &str) -> Result<String, &'static str> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err("it is empty");
    };
    if !(first.is_ascii_alphabetic() || first == '_') {
        return Err("it must start with a letter or `_`");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("it may only contain ASCII letters, digits and `_`");
    }
    if NOT_RAW.contains(&name) {
        return Err("it is a keyword that cannot be used as an identifier");
    }
    Ok(escape_keyword(name.to_string()))
}

/// The identifier without a raw prefix, for messages and derived names.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

// ---- names derived from other names ----------------------------------------------------------
// Lowering makes every name the output contains, these included, so that the collision check
// sees them all together.

/// Locals of the generated client methods. A parameter whose Rust name is one of these is
/// passed as `<name>_param`.
pub const METHOD_LOCALS: &[&str] = &[
    "body", "url", "headers", "request", "parts", "bytes", "payload", "error", "value", "self",
    "response",
];

/// Fields of the generated client `Config`. An API-wide header whose Rust name is one of these
/// is the field `<name>_header`.
pub const CONFIG_FIELDS: &[&str] = &["base_url", "server", "auth", "timeout", "validate_requests"];

/// Constants every generated module defines. A header constant named like one gets a
/// `_HEADER` suffix.
pub const MODULE_CONSTANTS: &[&str] = &[
    "API_NAME",
    "API_TITLE",
    "API_VERSION",
    "DEFAULT_SERVER",
    "AUTH_SCHEMES",
    "CONTENT_TYPES",
];

/// Types every generated client module defines besides the operations' response and error
/// enums.
pub const CLIENT_TYPES: &[&str] = &["ApiConfig", "Auth", "Client", "Config", "ServerVariables"];

/// `rust_name`, or `<rust_name>_<suffix>` when it is one of `reserved`.
pub fn clear_of(rust_name: &str, reserved: &[&str], suffix: &str) -> String {
    let name = unraw(rust_name);
    if reserved.contains(&name) {
        format!("{name}_{suffix}")
    } else {
        rust_name.to_string()
    }
}

/// The operation's name as a prefix of helper names: `self_` gives `self`, so that helpers are
/// `check_self_request` and `SelfResponse`, not `check_self__request` and `Self_Response`.
pub fn operation_base(op_rust_name: &str) -> &str {
    unraw(op_rust_name).trim_end_matches('_')
}

/// The `{Op}Response` and `{Op}Error` enum names of an operation.
pub fn operation_type_names(op_rust_name: &str) -> (String, String) {
    let base = type_name(operation_base(op_rust_name)).unwrap_or_else(|| "Operation".to_string());
    let base = unraw(&base).trim_end_matches('_').to_string();
    (format!("{base}Response"), format!("{base}Error"))
}

/// The mock's typed request of an operation: `{Op}Request`. Unique when the `{Op}Response`
/// names are (the check sees those), since both come from the same base.
pub fn mock_request_type(op_rust_name: &str) -> String {
    let (response, _) = operation_type_names(op_rust_name);
    format!(
        "{}Request",
        response.strip_suffix("Response").unwrap_or(&response)
    )
}

/// The `MockServer` methods of an operation: `on_{op}` (its handler), `enqueue_{op}` (its
/// queue) and `received_{op}` (its typed requests). Unique when the operations' Rust names are.
pub fn mock_methods(op_rust_name: &str) -> [String; 3] {
    let base = operation_base(op_rust_name);
    [
        format!("on_{base}"),
        format!("enqueue_{base}"),
        format!("received_{base}"),
    ]
}

/// Fields of every mock request type besides the parameters. A parameter whose argument name
/// is one of these is the field `<name>_param`.
pub const MOCK_REQUEST_FIELDS: &[&str] = &["body", "raw"];

/// The field of a mock request type holding a parameter (from its argument name).
pub fn mock_request_field(arg_name: &str) -> String {
    clear_of(arg_name, MOCK_REQUEST_FIELDS, "param")
}

/// The function, in the API module, that checks a parameter's value for the mock:
/// `mock_check_{op}_{param}`.
pub fn mock_param_check(op_rust_name: &str, param_rust_name: &str) -> String {
    format!(
        "mock_check_{}_{}",
        operation_base(op_rust_name),
        unraw(param_rust_name)
    )
}

/// The snake_case constructor of an auth scheme (`Auth::api_key(..)`).
pub fn auth_constructor(scheme: &str) -> String {
    snake(scheme).unwrap_or_else(|| "auth".to_string())
}

/// The claims struct and the signing constructor of a self-signed JWT scheme:
/// `BearerJwtClaims` and `Auth::bearer_jwt_signed(..)`.
pub fn self_signed_names(scheme: &str) -> (String, String) {
    let base = type_name(scheme).unwrap_or_else(|| "Jwt".to_string());
    (
        format!("{}Claims", unraw(&base)),
        format!("{}_signed", unraw(&auth_constructor(scheme))),
    )
}

/// The constant holding a header's name (`TELEPHONY_PROVIDER_NAME`), clear of the constants
/// every module defines.
pub fn header_constant(wire: &str) -> String {
    let c = constant(wire).unwrap_or_else(|| "HEADER".into());
    if MODULE_CONSTANTS.contains(&c.as_str()) {
        format!("{c}_HEADER")
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("startTime").as_deref(), Some("start_time"));
        assert_eq!(snake("note_html").as_deref(), Some("note_html"));
        assert_eq!(snake("noteHtml").as_deref(), Some("note_html"));
        assert_eq!(
            snake("Telephony-Provider-Name").as_deref(),
            Some("telephony_provider_name")
        );
        assert_eq!(snake("hangupSipCode").as_deref(), Some("hangup_sip_code"));
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake("type").as_deref(), Some("r#type"));
        assert_eq!(snake("_type").as_deref(), Some("r#type"));
        assert_eq!(snake("match").as_deref(), Some("r#match"));
        assert_eq!(snake("async").as_deref(), Some("r#async"));
        assert_eq!(snake("self").as_deref(), Some("self_"));
        assert_eq!(snake("crate").as_deref(), Some("crate_"));
        assert_eq!(type_name("self").as_deref(), Some("Self_"));
        assert_eq!(type_name("Self").as_deref(), Some("Self_"));
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(snake("1st").as_deref(), Some("_1st"));
        assert_eq!(type_name("3dSecure").as_deref(), Some("T3dSecure"));
        assert_eq!(variant_name("0").as_deref(), Some("V0"));
        assert_eq!(variant_name("no-answer").as_deref(), Some("NoAnswer"));
    }

    #[test]
    fn punctuation_and_non_ascii() {
        assert_eq!(variant_name("*"), None);
        assert_eq!(variant_name("dtmf speech").as_deref(), Some("DtmfSpeech"));
        assert_eq!(snake("größe").as_deref(), Some("gre"));
        assert_eq!(snake("€"), None);
        assert_eq!(variant_name("Close.io").as_deref(), Some("CloseIo"));
    }

    #[test]
    fn collisions_are_visible() {
        // Different wire names, same Rust name: the checks report these.
        assert_eq!(snake("noteHtml"), snake("note_html"));
        assert_eq!(variant_name("in-progress"), variant_name("in_progress"));
        assert_eq!(variant_name("Completed"), variant_name("completed"));
    }

    #[test]
    fn overrides() {
        assert_eq!(check_override("note_plain").as_deref(), Ok("note_plain"));
        assert_eq!(check_override("type").as_deref(), Ok("r#type"));
        assert!(check_override("self").is_err());
        assert!(check_override("1x").is_err());
        assert!(check_override("a-b").is_err());
        assert!(check_override("").is_err());
    }

    #[test]
    fn mock_names() {
        assert_eq!(mock_request_type("update_call"), "UpdateCallRequest");
        assert_eq!(mock_request_type("self_"), "SelfRequest");
        assert_eq!(
            mock_methods("r#type"),
            ["on_type", "enqueue_type", "received_type"]
        );
        assert_eq!(
            mock_param_check("update_call", "call_id"),
            "mock_check_update_call_call_id"
        );
        assert_eq!(mock_param_check("get", "r#type"), "mock_check_get_type");
    }

    #[test]
    fn constants() {
        assert_eq!(
            constant("Telephony-Provider-Name").as_deref(),
            Some("TELEPHONY_PROVIDER_NAME")
        );
        assert_eq!(constant("type").as_deref(), Some("TYPE"));
    }
}
