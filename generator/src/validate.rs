//! The interpreted validator: checks a JSON payload against the IR directly, with the same two
//! phases, codes, pointers and messages as the generated validators (it uses the same runtime
//! helpers). `schemagen validate` uses it; the differential tests compare it with the compiled
//! validators.

use crate::ir::*;
use crate::runtime::{self, Path, PayloadKind, Report};
use serde_json::Value;

/// Validates `value` as the documented payload `kind` of `operation`. `Err` when the operation
/// does not document that payload.
pub fn validate_payload(
    api: &ApiIr,
    operation: &str,
    kind: PayloadKind,
    value: &Value,
) -> Result<Report, runtime::UnknownPayload> {
    let unknown = || runtime::UnknownPayload::new(&format!("{}.{operation}", api.name), kind);
    let op = api.operation(operation).ok_or_else(unknown)?;
    let shape = match kind {
        PayloadKind::Request => op
            .request
            .as_ref()
            .map(|r| Some(&r.shape))
            .ok_or_else(unknown)?,
        PayloadKind::Response(code) => {
            let r = op
                .responses
                .iter()
                .find(|r| r.status == Status::Code(code))
                .or_else(|| op.responses.iter().find(|r| r.status == Status::Default))
                .ok_or_else(unknown)?;
            r.body.as_ref()
        }
    };
    let Some(shape) = shape else {
        return Ok(Report::new());
    };
    Ok(validate_shape(api, shape, value))
}

/// Validates a value against a shape: structure first, then (when sound) constraints and rules.
pub fn validate_shape(api: &ApiIr, shape: &Shape, value: &Value) -> Report {
    let v = Interp {
        api,
        request: api.request_types(),
    };
    let mut report = Report::new();
    let root = Path::root();
    v.structure(shape, value, &root, &mut report);
    if !report.has_errors() {
        v.constraints(shape, value, &root, &mut report);
    }
    report.sort();
    report
}

struct Interp<'a> {
    api: &'a ApiIr,
    /// Types a request body can contain: objects among them that allow unknown members warn
    /// about near-miss member names.
    request: std::collections::BTreeSet<&'a str>,
}

impl Interp<'_> {
    // ---- phase 1: structure -------------------------------------------------------------

    fn structure(&self, shape: &Shape, value: &Value, path: &Path<'_>, report: &mut Report) {
        match &shape.kind {
            ShapeKind::String => match (shape.constraints.format, value.as_str()) {
                // Date-times, dates and UUIDs are checked with the structure (see
                // `Format::is_structural`), as the generated structure checks do.
                (Some(f), Some(s)) if f.is_structural() => {
                    let ok = runtime::format_name_check(f.name(), s).unwrap_or(true);
                    runtime::check_format(report, path, s, f.name(), ok);
                }
                _ => self.expect(value.is_string(), "string", value, path, report),
            },
            ShapeKind::Boolean => self.expect(value.is_boolean(), "boolean", value, path, report),
            ShapeKind::Int32 => self.expect(runtime::is_i32(value), "int32", value, path, report),
            ShapeKind::Int64 => self.expect(runtime::is_i64(value), "int64", value, path, report),
            ShapeKind::Number => self.expect(value.is_number(), "number", value, path, report),
            ShapeKind::Any => {}
            ShapeKind::Array(items) => match value.as_array() {
                Some(xs) => {
                    for (i, x) in xs.iter().enumerate() {
                        self.structure(items, x, &path.index(i), report);
                    }
                }
                None => runtime::type_violation(report, path, "array", value),
            },
            ShapeKind::Map(values) => match value.as_object() {
                Some(m) => {
                    for (k, x) in m {
                        self.structure(values, x, &path.key(k), report);
                    }
                }
                None => runtime::type_violation(report, path, "object", value),
            },
            ShapeKind::Named(n) => {
                if let Some(t) = self.api.ty(n) {
                    self.type_structure(t, value, path, report);
                }
            }
        }
    }

    fn expect(
        &self,
        ok: bool,
        expected: &str,
        value: &Value,
        path: &Path<'_>,
        report: &mut Report,
    ) {
        if !ok {
            runtime::type_violation(report, path, expected, value);
        }
    }

    fn type_structure(&self, t: &TypeIr, value: &Value, path: &Path<'_>, report: &mut Report) {
        match &t.kind {
            TypeKind::Object(o) => match value.as_object() {
                Some(map) => {
                    for f in &o.fields {
                        let p = path.key(&f.wire_name);
                        match map.get(&f.wire_name) {
                            None if f.required => runtime::required_violation(report, &p),
                            None => {}
                            Some(Value::Null) if !f.nullable => runtime::null_violation(report, &p),
                            Some(Value::Null) => {}
                            Some(x) => self.structure(&f.shape, x, &p, report),
                        }
                    }
                    if o.reject_unknown || self.request.contains(t.name.as_str()) {
                        let known = self.api.known_members(t);
                        runtime::unknown_members(map, &known, o.reject_unknown, path, report);
                    }
                }
                None => runtime::type_violation(report, path, "object", value),
            },
            TypeKind::Enum(e) => match value.as_str() {
                Some(s) if !e.open && !e.values.iter().any(|v| v.wire == s) => {
                    let allowed: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
                    runtime::enum_violation(report, path, s, &allowed);
                }
                Some(_) => {}
                None => runtime::type_violation(report, path, "string", value),
            },
            TypeKind::Union(u) => match value.as_object() {
                Some(map) => {
                    let p = path.key(&u.tag);
                    match map.get(&u.tag) {
                        Some(Value::String(tag)) => {
                            match u.variants.iter().find(|v| &v.tag_value == tag) {
                                Some(v) => {
                                    if let Some(vt) = self.api.ty(&v.type_name) {
                                        self.type_structure(vt, value, path, report);
                                    }
                                }
                                None => {
                                    let allowed: Vec<&str> =
                                        u.variants.iter().map(|v| v.tag_value.as_str()).collect();
                                    runtime::enum_violation(report, &p, tag, &allowed);
                                }
                            }
                        }
                        Some(other) => runtime::type_violation(report, &p, "string", other),
                        None => runtime::required_violation(report, &p),
                    }
                }
                None => runtime::type_violation(report, path, "object", value),
            },
            TypeKind::OneOf(o) => {
                for v in &o.variants {
                    let mut scratch = Report::new();
                    self.structure(&v.shape, value, path, &mut scratch);
                    if !scratch.has_errors() {
                        return;
                    }
                }
                let names = o
                    .variants
                    .iter()
                    .map(|v| v.shape.type_name())
                    .collect::<Vec<_>>()
                    .join(", ");
                runtime::type_violation(report, path, &format!("one of: {names}"), value);
            }
            TypeKind::Alias(s) => self.structure(s, value, path, report),
        }
    }

    // ---- phase 2: constraints and rules (structure known to be sound) --------------------

    fn constraints(&self, shape: &Shape, value: &Value, path: &Path<'_>, report: &mut Report) {
        let c = &shape.constraints;
        match (&shape.kind, value) {
            (ShapeKind::String, Value::String(s)) => {
                // Structural formats were checked with the structure.
                if let Some(f) = c.format.filter(|f| !f.is_structural()) {
                    let ok = runtime::format_name_check(f.name(), s).unwrap_or(true);
                    runtime::check_format(report, path, s, f.name(), ok);
                }
                if c.min_length.is_some() || c.max_length.is_some() {
                    runtime::check_length(report, path, s, c.min_length, c.max_length);
                }
                if let Some(p) = &c.pattern {
                    if regex::Regex::new(p).is_ok_and(|re| !re.is_match(s)) {
                        runtime::pattern_violation(report, path, p);
                    }
                }
                if let Some(Value::String(expected)) = &c.const_value {
                    if s != expected {
                        runtime::const_violation(report, path, &format!("{expected:?}"));
                    }
                }
            }
            (ShapeKind::Int32 | ShapeKind::Int64, Value::Number(n)) => {
                let v = n.as_i64().unwrap_or(0);
                if let Some(min) = c.minimum.as_ref().and_then(serde_json::Number::as_i64) {
                    runtime::check_minimum_i64(report, path, v, min);
                }
                if let Some(max) = c.maximum.as_ref().and_then(serde_json::Number::as_i64) {
                    runtime::check_maximum_i64(report, path, v, max);
                }
                if let Some(Value::Number(expected)) = &c.const_value {
                    if expected.as_i64() != Some(v) {
                        runtime::const_violation(report, path, &expected.to_string());
                    }
                }
            }
            (ShapeKind::Number, Value::Number(n)) => {
                let v = n.as_f64().unwrap_or(0.0);
                if let Some(min) = c.minimum.as_ref().and_then(serde_json::Number::as_f64) {
                    runtime::check_minimum_f64(report, path, v, min);
                }
                if let Some(max) = c.maximum.as_ref().and_then(serde_json::Number::as_f64) {
                    runtime::check_maximum_f64(report, path, v, max);
                }
            }
            (ShapeKind::Boolean, Value::Bool(b)) => {
                if let Some(Value::Bool(expected)) = &c.const_value {
                    if b != expected {
                        runtime::const_violation(report, path, &expected.to_string());
                    }
                }
            }
            (ShapeKind::Array(items), Value::Array(xs)) => {
                if c.min_items.is_some() || c.max_items.is_some() {
                    runtime::check_items(report, path, xs.len(), c.min_items, c.max_items);
                }
                for (i, x) in xs.iter().enumerate() {
                    self.constraints(items, x, &path.index(i), report);
                }
            }
            (ShapeKind::Map(values), Value::Object(m)) => {
                for (k, x) in m {
                    self.constraints(values, x, &path.key(k), report);
                }
            }
            (ShapeKind::Named(n), _) => {
                if let Some(t) = self.api.ty(n) {
                    self.type_constraints(t, value, path, report);
                }
            }
            _ => {}
        }
    }

    fn type_constraints(&self, t: &TypeIr, value: &Value, path: &Path<'_>, report: &mut Report) {
        match &t.kind {
            TypeKind::Object(o) => {
                let Some(map) = value.as_object() else { return };
                for f in &o.fields {
                    if let Some(x) = map.get(&f.wire_name).filter(|x| !x.is_null()) {
                        self.constraints(&f.shape, x, &path.key(&f.wire_name), report);
                    }
                }
                for r in &o.rules {
                    self.rule(o, r, map, path, report);
                }
            }
            TypeKind::Enum(e) => {
                if let Some(v) = e
                    .values
                    .iter()
                    .find(|v| v.deprecated && value.as_str() == Some(v.wire.as_str()))
                {
                    runtime::deprecated_value(report, path, &v.wire);
                }
            }
            TypeKind::Union(u) => {
                let tag = value.get(&u.tag).and_then(Value::as_str);
                if let Some(v) = u
                    .variants
                    .iter()
                    .find(|v| Some(v.tag_value.as_str()) == tag)
                {
                    if let Some(vt) = self.api.ty(&v.type_name) {
                        self.type_constraints(vt, value, path, report);
                    }
                }
            }
            TypeKind::OneOf(o) => {
                // The first alternative whose structure matches is the one serde picks.
                for v in &o.variants {
                    let mut scratch = Report::new();
                    self.structure(&v.shape, value, path, &mut scratch);
                    if !scratch.has_errors() {
                        self.constraints(&v.shape, value, path, report);
                        return;
                    }
                }
            }
            TypeKind::Alias(s) => self.constraints(s, value, path, report),
        }
    }

    fn rule(
        &self,
        o: &ObjectIr,
        r: &RuleIr,
        map: &serde_json::Map<String, Value>,
        path: &Path<'_>,
        report: &mut Report,
    ) {
        let present = |i: usize| map.contains_key(&o.fields[i].wire_name);
        let holds = |c: &ConditionIr| match &c.test {
            ConditionTestIr::Present(p) => present(c.field) == *p,
            ConditionTestIr::OneOf(values) => {
                let x = map.get(&o.fields[c.field].wire_name);
                x.is_some_and(|x| values.iter().any(|v| json_equal(v, x)))
            }
        };
        let mut push = |i: usize| {
            let p = path.key(&o.fields[i].wire_name);
            if r.warning {
                report.warning(&p, leak_code(&r.code), r.message.clone());
            } else {
                report.error(&p, leak_code(&r.code), r.message.clone());
            }
        };
        match &r.kind {
            RuleKindIr::Forbidden { fields, when } => {
                if holds(when) {
                    fields
                        .iter()
                        .copied()
                        .filter(|i| present(*i))
                        .for_each(&mut push);
                }
            }
            RuleKindIr::Required { fields, when } => {
                if holds(when) {
                    fields
                        .iter()
                        .copied()
                        .filter(|i| !present(*i))
                        .for_each(&mut push);
                }
            }
            RuleKindIr::Precedence { winner, over } => {
                if present(*winner) && present(*over) {
                    push(*over);
                }
            }
        }
    }
}

/// Numbers compare by value (so `1` equals `1.0`); everything else structurally.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Rule codes come from schemas, but violations carry `&'static str` codes. Codes are few and
/// reused, so each distinct code is interned once for the life of the process.
fn leak_code(code: &str) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static CODES: OnceLock<Mutex<std::collections::BTreeSet<&'static str>>> = OnceLock::new();
    let set = CODES.get_or_init(|| Mutex::new(std::collections::BTreeSet::new()));
    let mut guard = match set.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(existing) = guard.get(code) {
        return existing;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    guard.insert(leaked);
    leaked
}
