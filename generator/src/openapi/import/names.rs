//! Names: Rust names that are unique in one scope (claims, with `rust_name:` overrides when
//! the derived name is taken or there is none), and punctuation spelled out as words.

use crate::ident;
use std::collections::HashSet;

/// Type names that would shadow what generated code uses unqualified.
pub(super) const RESERVED_TYPES: &[&str] = &[
    "Some", "None", "Ok", "Err", "Option", "Result", "Box", "Vec", "String",
];

/// A name that is unique in one Rust scope: `None` when the derived name is used, else the
/// override.
pub(super) struct Names {
    used: HashSet<String>,
    reserved: &'static [&'static str],
    camel: bool,
    fallback: &'static str,
}

impl Names {
    pub(super) fn new(
        camel: bool,
        fallback: &'static str,
        reserved: &'static [&'static str],
    ) -> Names {
        Names {
            used: HashSet::new(),
            reserved,
            camel,
            fallback,
        }
    }

    pub(super) fn derive(&self, wire: &str) -> Option<String> {
        if self.camel {
            ident::variant_name(wire)
        } else {
            ident::snake(wire)
        }
    }

    pub(super) fn free(&self, name: &str) -> bool {
        let key = ident::unraw(name);
        !self.used.contains(key) && !self.reserved.contains(&key)
    }

    /// Claims a name for `wire`; returns `(rust name, override)`.
    pub(super) fn claim(&mut self, wire: &str, hint: Option<&str>) -> (String, Option<String>) {
        let derived = self.derive(wire);
        if let Some(h) = hint {
            if let Ok(checked) = ident::check_override(h) {
                if self.free(&checked) {
                    self.used.insert(ident::unraw(&checked).to_string());
                    let over = (derived.as_deref() != Some(checked.as_str()))
                        .then(|| ident::unraw(&checked).to_string());
                    return (checked, over);
                }
            }
        }
        if let Some(d) = &derived {
            if self.free(d) {
                self.used.insert(ident::unraw(d).to_string());
                return (d.clone(), None);
            }
        }
        let base = self
            .derive(&symbolic(wire))
            .filter(|s| self.free(s))
            .or_else(|| derived.clone())
            .unwrap_or_else(|| self.fallback.to_string());
        let mut base = ident::unraw(&base).to_string();
        if ident::check_override(&base).is_err() {
            base = self.fallback.to_string();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.free(&candidate) || ident::check_override(&candidate).is_err() {
            candidate = if self.camel {
                format!("{base}{n}")
            } else {
                format!("{base}_{n}")
            };
            n += 1;
        }
        self.used.insert(candidate.clone());
        let rust = ident::check_override(&candidate).unwrap_or_else(|_| candidate.clone());
        (rust, Some(candidate))
    }
}

/// Punctuation as words, so that `StartTime<` and `StartTime` get different names.
pub(super) fn symbolic(wire: &str) -> String {
    let mut out = String::new();
    for c in wire.chars() {
        let word = match c {
            '<' => " lt ",
            '>' => " gt ",
            '=' => " eq ",
            '!' => " not ",
            '+' => " plus ",
            '*' => " star ",
            '@' => " at ",
            '#' => " hash ",
            '$' => " dollar ",
            '%' => " percent ",
            '&' => " and ",
            '|' => " or ",
            '~' => " tilde ",
            '^' => " caret ",
            '?' => " question ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(word);
    }
    if out.trim().is_empty() {
        out = match wire {
            "" => "empty".to_string(),
            "-" => "minus".to_string(),
            "." => "dot".to_string(),
            "/" => "slash".to_string(),
            "_" => "underscore".to_string(),
            _ => out,
        };
    }
    out
}

pub(super) fn camel_words(s: &str) -> String {
    ident::type_name(s)
        .map(|n| ident::unraw(&n).trim_end_matches('_').to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_collisions() {
        let mut n = Names::new(false, "field", &[]);
        assert_eq!(n.claim("StartTime", None), ("start_time".into(), None));
        assert_eq!(
            n.claim("StartTime<", None),
            ("start_time_lt".into(), Some("start_time_lt".into()))
        );
        assert_eq!(n.claim("start_time", None).1, Some("start_time_2".into()));
        assert_eq!(n.claim("type", None), ("r#type".into(), None));
        assert_eq!(n.claim("€", None).1, Some("field".into()));
    }
}
