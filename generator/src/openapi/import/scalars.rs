//! Scalars: strings (formats, patterns, lengths, enums and constants), integers, numbers and
//! booleans.

use super::Importer;
use super::helpers::{int_number, normalize_number};
use super::model::{Annot, EnumValue, Expr, Kind, Target};
use super::names::Names;
use crate::ident;
use crate::openapi::doc::{Doc, join};
use crate::openapi::{ext, patterns};

impl<'a> Importer<'a> {
    pub(super) fn string(
        &mut self,
        s: &Doc,
        ptr: &str,
        target: &Target,
        mut annot: Annot,
    ) -> (Expr, Annot) {
        let known = s
            .get(ext::ENUM_KNOWN)
            .or_else(|| s.get(ext::EXTENSIBLE_ENUM))
            .and_then(Doc::as_array);
        if s.get("enum").is_some() || known.is_some() {
            let mut values: Vec<String> = Vec::new();
            let mut push = |v: &Doc, me: &mut Self, annot: &mut Annot| match v {
                Doc::Null => annot.nullable = true,
                Doc::String(x) => {
                    if !values.contains(x) {
                        values.push(x.clone());
                    }
                }
                Doc::Number(_) | Doc::Bool(_) => {
                    let x = v.to_json().to_string();
                    me.warn(
                        "wrong-type",
                        &join(ptr, "enum"),
                        format!(
                            "enum value {x} of a string is not a string; kept as the string \"{x}\""
                        ),
                    );
                    if !values.contains(&x) {
                        values.push(x);
                    }
                }
                other => me.warn(
                    "wrong-type",
                    &join(ptr, "enum"),
                    format!(
                        "an enum value of a string must be a string, found {}; dropped",
                        other.kind_name()
                    ),
                ),
            };
            match s.get("enum") {
                Some(Doc::Array(list)) => {
                    for v in list {
                        push(v, self, &mut annot);
                    }
                }
                Some(other) => self.warn(
                    "wrong-type",
                    &join(ptr, "enum"),
                    format!(
                        "`enum` must be an array, found {}; ignored",
                        other.kind_name()
                    ),
                ),
                None => {}
            }
            for v in known.unwrap_or(&[]) {
                push(v, self, &mut annot);
            }
            let open = known.is_some();
            let is_const = values.len() == 1
                && !open
                && (s.get(ext::CONST).and_then(Doc::as_bool) == Some(true)
                    || matches!(target, Target::Inline(_)));
            if is_const {
                let mut e = self.string_constraints(s, ptr);
                e.const_value = Some(Doc::String(values.remove(0)));
                return (e, annot);
            }
            if !values.is_empty() {
                return (self.enum_type(s, ptr, target, values, open, &annot), annot);
            }
        }
        let mut e = self.string_constraints(s, ptr);
        if let Some(c) = s.get("const") {
            match c {
                Doc::String(_) => e.const_value = Some(c.clone()),
                Doc::Null => annot.nullable = true,
                other => self.warn(
                    "wrong-type",
                    &join(ptr, "const"),
                    format!(
                        "`const` of a string must be a string, found {}; dropped",
                        other.kind_name()
                    ),
                ),
            }
        }
        (e, annot)
    }

    pub(super) fn string_constraints(&mut self, s: &Doc, ptr: &str) -> Expr {
        let mut e = Expr::of("string");
        let mut implied = None;
        if let Some(f) = s.get("format") {
            match f.as_str() {
                Some("date-time") => e.format = Some("date-time"),
                Some("date") => e.format = Some("date"),
                Some("uuid") => e.format = Some("uuid"),
                Some("uri" | "url") => e.format = Some("uri"),
                Some("email") => e.format = Some("email"),
                Some("e164") => {
                    e.format = Some("e164");
                    implied = Some(patterns::E164);
                }
                Some("decimal" | "decimal-string") => {
                    e.format = Some("decimal-string");
                    implied = Some(patterns::DECIMAL);
                }
                Some("json-string") => e.format = Some("json-string"),
                Some("" | "password") => {}
                Some(other) => self.warn(
                    "unsupported-format",
                    &join(ptr, "format"),
                    format!("string format `{other}` is not in the schema language; kept as a plain string"),
                ),
                None => self.warn("wrong-type", &join(ptr, "format"), "`format` must be a string; ignored"),
            }
        }
        if let Some(p) = s.get("pattern") {
            match p.as_str() {
                Some(p) if Some(p) == implied => {}
                Some(p) => match regex::Regex::new(p) {
                    Ok(_) => e.pattern = Some(p.to_string()),
                    Err(_) => self.warn(
                        "unsupported-pattern",
                        &join(ptr, "pattern"),
                        format!("pattern `{p}` is not a Rust regular expression (lookaround or backreferences?); dropped"),
                    ),
                },
                None => self.warn("wrong-type", &join(ptr, "pattern"), "`pattern` must be a string; ignored"),
            }
        }
        e.min_length = self.count(s, ptr, "minLength");
        e.max_length = self.count(s, ptr, "maxLength");
        if let (Some(lo), Some(hi)) = (e.min_length, e.max_length) {
            if lo > hi {
                self.warn(
                    "impossible-constraint",
                    ptr,
                    format!("`minLength` {lo} is greater than `maxLength` {hi}; both dropped"),
                );
                e.min_length = None;
                e.max_length = None;
            }
        }
        e
    }

    pub(super) fn count(&mut self, s: &Doc, ptr: &str, key: &str) -> Option<u64> {
        let v = s.get(key)?;
        match v.as_number().and_then(|n| {
            n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                    .map(|f| f as u64)
            })
        }) {
            Some(n) => Some(n),
            None => {
                self.warn(
                    "wrong-type",
                    &join(ptr, key),
                    format!("`{key}` must be a whole number, 0 or more; ignored"),
                );
                None
            }
        }
    }

    pub(super) fn enum_type(
        &mut self,
        s: &Doc,
        ptr: &str,
        target: &Target,
        values: Vec<String>,
        open: bool,
        annot: &Annot,
    ) -> Expr {
        let idx = self.define(target, ptr, s);
        let list = |k: &str| -> Vec<Option<String>> {
            s.get(k)
                .and_then(Doc::as_array)
                .map(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        let varnames = list(ext::ENUM_VARNAMES);
        let descriptions = list(ext::ENUM_DESCRIPTIONS);
        let deprecated: Vec<String> = list(ext::ENUM_DEPRECATED).into_iter().flatten().collect();
        let reserved: &'static [&'static str] = if open { &["Other"] } else { &[] };
        let mut names = Names::new(true, "Value", reserved);
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let hint = varnames.get(i).cloned().flatten().map(|h| {
                if ident::check_override(&h).is_ok()
                    && h.starts_with(|c: char| c.is_ascii_uppercase())
                {
                    h
                } else {
                    ident::variant_name(&h).map_or(h, |n| ident::unraw(&n).to_string())
                }
            });
            let (_, over) = names.claim(v, hint.as_deref());
            out.push(EnumValue {
                wire: v.clone(),
                rust_name: over,
                description: descriptions
                    .get(i)
                    .cloned()
                    .flatten()
                    .filter(|d| !d.is_empty()),
                deprecated: deprecated.contains(v),
            });
        }
        let default = match (&target, &annot.default) {
            (Target::Component(_), Some(Doc::String(d))) if values.contains(d) || open => {
                Some(d.clone())
            }
            _ => None,
        };
        self.types[idx].kind = Kind::Enum {
            values: out,
            open,
            default,
        };
        self.named(idx)
    }

    pub(super) fn bound(&mut self, s: &Doc, ptr: &str, key: &str) -> Option<serde_json::Number> {
        let v = s.get(key)?;
        match v.as_number() {
            Some(n) => Some(normalize_number(n)),
            None => {
                if !matches!(v, Doc::Bool(_)) {
                    self.warn(
                        "wrong-type",
                        &join(ptr, key),
                        format!("`{key}` must be a number; ignored"),
                    );
                }
                None
            }
        }
    }

    pub(super) fn integer(&mut self, s: &Doc, ptr: &str, mut annot: Annot) -> (Expr, Annot) {
        let mut e = Expr::of(match s.get("format").and_then(Doc::as_str) {
            Some("int32") => "int32",
            _ => "int64",
        });
        let mut lo = self.bound(s, ptr, "minimum");
        let mut hi = self.bound(s, ptr, "maximum");
        // 3.0: `exclusiveMinimum: true` with `minimum`; 3.1: `exclusiveMinimum: <number>`.
        match s.get("exclusiveMinimum") {
            Some(Doc::Bool(true)) => {
                lo = lo
                    .and_then(|n| n.as_f64())
                    .map(|f| int_number(f.floor() + 1.0))
            }
            Some(Doc::Number(n)) => lo = n.as_f64().map(|f| int_number(f.floor() + 1.0)),
            _ => {}
        }
        match s.get("exclusiveMaximum") {
            Some(Doc::Bool(true)) => {
                hi = hi
                    .and_then(|n| n.as_f64())
                    .map(|f| int_number(f.ceil() - 1.0))
            }
            Some(Doc::Number(n)) => hi = n.as_f64().map(|f| int_number(f.ceil() - 1.0)),
            _ => {}
        }
        let lo = lo.map(|n| {
            if n.is_i64() {
                n
            } else {
                int_number(n.as_f64().unwrap_or(0.0).ceil())
            }
        });
        let hi = hi.map(|n| {
            if n.is_i64() {
                n
            } else {
                int_number(n.as_f64().unwrap_or(0.0).floor())
            }
        });
        let fits32 = |n: &Option<serde_json::Number>| {
            n.as_ref()
                .is_none_or(|n| n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()))
        };
        if e.name == "int32" && !(fits32(&lo) && fits32(&hi)) {
            e.name = "int64".into();
        }
        let valid =
            |n: &Option<serde_json::Number>| n.as_ref().is_none_or(|n| n.as_i64().is_some());
        if valid(&lo) && valid(&hi) {
            e.minimum = lo;
            e.maximum = hi;
        } else {
            self.warn(
                "wrong-type",
                ptr,
                "integer bounds beyond the 64-bit range are dropped",
            );
        }
        self.check_bounds(&mut e, ptr);
        if s.get("multipleOf").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "multipleOf"),
                "`multipleOf` is not checked; ignored",
            );
        }
        if let Some(list) = s.get("enum").and_then(Doc::as_array) {
            let ints: Vec<&Doc> = list.iter().filter(|v| **v != Doc::Null).collect();
            if list.contains(&Doc::Null) {
                annot.nullable = true;
            }
            if ints.len() == 1 && ints[0].as_number().and_then(|n| n.as_i64()).is_some() {
                e.const_value = Some(ints[0].clone());
            } else if !ints.is_empty() {
                // Integer enums are not in the schema language: the Rust type stays an
                // integer (a one_of of constants would deserialize every number into its
                // first variant), and the values go into the documentation.
                let text = ints
                    .iter()
                    .map(|v| v.to_json().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.warn(
                    "integer-enum",
                    &join(ptr, "enum"),
                    format!("integer enum [{text}] is imported as a plain integer; the values are listed in the description"),
                );
                let note = format!("One of: {text}.");
                annot.description = Some(match annot.description.take() {
                    Some(d) => format!("{}\n\n{note}", d.trim_end()),
                    None => note,
                });
            }
        }
        if let Some(c) = s.get("const") {
            if c.as_number().and_then(|n| n.as_i64()).is_some() {
                e.const_value = Some(c.clone());
            }
        }
        (e, annot)
    }

    pub(super) fn check_bounds(&mut self, e: &mut Expr, ptr: &str) {
        if let (Some(lo), Some(hi)) = (&e.minimum, &e.maximum) {
            if lo.as_f64().unwrap_or(0.0) > hi.as_f64().unwrap_or(0.0) {
                self.warn(
                    "impossible-constraint",
                    ptr,
                    format!("`minimum` {lo} is greater than `maximum` {hi}; both dropped"),
                );
                e.minimum = None;
                e.maximum = None;
            }
        }
    }

    pub(super) fn number(&mut self, s: &Doc, ptr: &str, mut annot: Annot) -> (Expr, Annot) {
        let mut e = Expr::of("number");
        e.minimum = self.bound(s, ptr, "minimum");
        e.maximum = self.bound(s, ptr, "maximum");
        for key in ["exclusiveMinimum", "exclusiveMaximum"] {
            let v = match s.get(key) {
                Some(Doc::Bool(true)) => None,
                Some(Doc::Number(n)) => Some(normalize_number(n)),
                _ => continue,
            };
            if let Some(n) = v {
                if key == "exclusiveMinimum" {
                    e.minimum = Some(n);
                } else {
                    e.maximum = Some(n);
                }
            }
            self.warn(
                "unsupported-keyword",
                &join(ptr, key),
                format!("`{key}` is checked as an inclusive bound"),
            );
        }
        self.check_bounds(&mut e, ptr);
        if let Some(list) = s.get("enum").and_then(Doc::as_array) {
            if list.contains(&Doc::Null) {
                annot.nullable = true;
            }
            let nums: Vec<String> = list
                .iter()
                .filter(|v| **v != Doc::Null)
                .map(|v| v.to_json().to_string())
                .collect();
            if !nums.is_empty() {
                self.warn("number-enum", &join(ptr, "enum"), format!("number enum [{}] is imported as a plain number; the values are listed in the description", nums.join(", ")));
                let note = format!("One of: {}.", nums.join(", "));
                annot.description = Some(match annot.description.take() {
                    Some(d) => format!("{}\n\n{note}", d.trim_end()),
                    None => note,
                });
            }
        }
        if s.get("multipleOf").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "multipleOf"),
                "`multipleOf` is not checked; ignored",
            );
        }
        if s.get("const").is_some() {
            self.warn(
                "unsupported-keyword",
                &join(ptr, "const"),
                "`const` of a number is not in the schema language; ignored",
            );
        }
        (e, annot)
    }

    pub(super) fn boolean(&mut self, s: &Doc, mut annot: Annot) -> (Expr, Annot) {
        let mut e = Expr::of("boolean");
        if let Some(list) = s.get("enum").and_then(Doc::as_array) {
            if list.contains(&Doc::Null) {
                annot.nullable = true;
            }
            let bools: Vec<&Doc> = list.iter().filter(|v| matches!(v, Doc::Bool(_))).collect();
            if bools.len() == 1 {
                e.const_value = Some(bools[0].clone());
            }
        }
        if let Some(c @ Doc::Bool(_)) = s.get("const") {
            e.const_value = Some(c.clone());
        }
        (e, annot)
    }
}
