//! Example values of shapes: the bodies a mock server answers with when nothing else is
//! programmed. Built as JSON from the schema (a field's `example`, else its `default`, else a
//! value made from its type and constraints), so that they pass the payload validators.
//!
//! A field's own example or default is used only when it passes the interpreted validator; a
//! made-up value respects formats, bounds, lengths and item counts, but not a `pattern` (give
//! such a field an `example`). Optional fields appear only when the schema gives them an
//! example or a default; a type that contains itself stops where an optional field, a
//! nullable field or an empty array lets it.

use crate::ir::*;
use serde_json::{Map, Value};

/// An example value of `shape` (`null` when none can be made: a required field of a type that
/// contains itself without a way out).
pub fn example(api: &ApiIr, shape: &Shape) -> Value {
    Examples {
        api,
        building: Vec::new(),
    }
    .shape(shape)
    .unwrap_or(Value::Null)
}

/// The default body of each documented response of `op`, by status (`None`: `default`).
pub fn response_bodies(api: &ApiIr, op: &OperationIr) -> Vec<(Option<u16>, Option<Value>)> {
    op.responses
        .iter()
        .map(|r| {
            let status = match r.status {
                Status::Code(c) => Some(c),
                Status::Default => None,
            };
            (status, r.body.as_ref().map(|b| example(api, b)))
        })
        .collect()
}

struct Examples<'a> {
    api: &'a ApiIr,
    /// The named types being built (to stop at a type that contains itself).
    building: Vec<&'a str>,
}

impl<'a> Examples<'a> {
    fn shape(&mut self, shape: &'a Shape) -> Option<Value> {
        let c = &shape.constraints;
        if let Some(v) = &c.const_value {
            return Some(v.clone());
        }
        match &shape.kind {
            ShapeKind::String => Some(Value::String(string(c))),
            ShapeKind::Boolean => Some(Value::Bool(false)),
            ShapeKind::Int32 | ShapeKind::Int64 => Some(integer(c)),
            ShapeKind::Number => Some(number(c)),
            ShapeKind::Any => Some(Value::Object(Map::new())),
            ShapeKind::Map(_) => Some(Value::Object(Map::new())),
            ShapeKind::Array(items) => {
                let min = c.min_items.unwrap_or(0);
                // One item shows what the array holds, when the bounds allow it.
                let want = min.max(u64::from(c.max_items.is_none_or(|m| m >= 1)));
                let mut out = Vec::new();
                for _ in 0..want {
                    match self.shape(items) {
                        Some(v) => out.push(v),
                        None if min == 0 => return Some(Value::Array(Vec::new())),
                        None => return None,
                    }
                }
                Some(Value::Array(out))
            }
            ShapeKind::Named(n) => self.named(n),
        }
    }

    fn named(&mut self, name: &str) -> Option<Value> {
        let api = self.api;
        let t = api.ty(name)?;
        if self.building.contains(&t.name.as_str()) {
            return None;
        }
        self.building.push(t.name.as_str());
        let value = match &t.kind {
            TypeKind::Object(o) => self.object(o, Map::new()),
            TypeKind::Enum(e) => Some(Value::String(enum_value(e))),
            TypeKind::Union(u) => u.variants.iter().find_map(|v| {
                let mut first = Map::new();
                first.insert(u.tag.clone(), Value::String(v.tag_value.clone()));
                match api.ty(&v.type_name).map(|t| &t.kind) {
                    Some(TypeKind::Object(o)) => self.object(o, first),
                    _ => Some(Value::Object(first)),
                }
            }),
            TypeKind::OneOf(o) => o.variants.iter().find_map(|v| self.shape(&v.shape)),
            TypeKind::Alias(s) => self.shape(s),
        };
        self.building.pop();
        value
    }

    /// An object's fields after `members` (a union's tag), in schema order.
    fn object(&mut self, o: &'a ObjectIr, mut members: Map<String, Value>) -> Option<Value> {
        for f in &o.fields {
            if f.write_only {
                continue;
            }
            let given = [&f.example, &f.default]
                .into_iter()
                .flatten()
                .find(|v| self.fits(f, v));
            let value = match given {
                Some(v) => Some(v.clone()),
                None if f.required => match self.shape(&f.shape) {
                    Some(v) => Some(v),
                    None if f.nullable => Some(Value::Null),
                    None => return None,
                },
                None => None,
            };
            if let Some(v) = value {
                members.insert(f.wire_name.clone(), v);
            }
        }
        Some(Value::Object(members))
    }

    /// Whether a field's own example or default passes the validator.
    fn fits(&self, f: &FieldIr, v: &Value) -> bool {
        if v.is_null() {
            return f.nullable;
        }
        crate::validate::validate_shape(self.api, &f.shape, v).is_valid()
    }
}

fn enum_value(e: &EnumIr) -> String {
    if let Some(d) = &e.default {
        return d.clone();
    }
    e.values
        .iter()
        .find(|v| !v.deprecated)
        .or(e.values.first())
        .map_or_else(String::new, |v| v.wire.clone())
}

fn string(c: &Constraints) -> String {
    let base = match c.format {
        Some(Format::DateTime) => "2026-01-15T09:30:00Z",
        Some(Format::Date) => "2026-01-15",
        Some(Format::Uuid) => "3f2b8c1e-6d4a-4e7b-9a10-5c2d8e9f0a1b",
        Some(Format::Uri) => "https://example.com/",
        Some(Format::Email) => "someone@example.com",
        Some(Format::E164) => "+16505550100",
        Some(Format::DecimalString) => "0",
        Some(Format::JsonString) => "{}",
        None => "example",
    };
    let mut s = base.to_string();
    if c.format.is_none() {
        let len = s.chars().count() as u64;
        if let Some(min) = c.min_length.filter(|m| *m > len) {
            s.extend(std::iter::repeat_n('x', (min - len) as usize));
        }
        if let Some(max) = c.max_length {
            s = s.chars().take(max as usize).collect();
        }
    }
    s
}

fn integer(c: &Constraints) -> Value {
    let min = c.minimum.as_ref().and_then(|m| m.as_f64()).map(f64::ceil);
    let max = c.maximum.as_ref().and_then(|m| m.as_f64()).map(f64::floor);
    let mut v = 0f64;
    if let Some(lo) = min {
        v = v.max(lo);
    }
    if let Some(hi) = max {
        v = v.min(hi);
    }
    // The bounds are integers within i64 (lowering checks them against the type).
    Value::from(v as i64)
}

fn number(c: &Constraints) -> Value {
    let mut v = 0f64;
    if let Some(lo) = c.minimum.as_ref().and_then(|m| m.as_f64()) {
        v = v.max(lo);
    }
    if let Some(hi) = c.maximum.as_ref().and_then(|m| m.as_f64()) {
        v = v.min(hi);
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(Value::from(0), Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> ApiIr {
        let s = crate::load_str("t.yaml", yaml);
        assert!(
            !s.diagnostics.has_errors(),
            "{}",
            s.diagnostics.render(&s.sources)
        );
        s.ir.apis.into_iter().next().expect("one API")
    }

    fn named(api: &ApiIr, name: &str) -> Value {
        let shape = Shape {
            kind: ShapeKind::Named(name.into()),
            constraints: Constraints::default(),
            span: api.types[0].span,
        };
        example(api, &shape)
    }

    #[test]
    fn examples_then_defaults_then_values_made_from_the_type() {
        let a = api("api: { name: t, title: T, version: \"1\" }
types:
  O:
    fields:
      a: { type: string, required: true, example: given }
      b: { type: int32, required: true, default: 7 }
      c: { type: int64, required: true, minimum: 5, maximum: 9 }
      d: { type: string, format: date-time, required: true }
      e: { type: string, required: true, min_length: 10 }
      f: { type: string, example: optional-with-example }
      g: { type: string }
      h: { type: S, required: true }
      i: { type: array, items: S, required: true }
      j: { type: string, required: true, max_length: 3 }
      k: { type: string, required: true, const: fixed }
  S:
    enum:
      - { value: old, deprecated: true }
      - { value: new }
");
        let v = named(&a, "O");
        assert_eq!(
            v,
            serde_json::json!({
                "a": "given", "b": 7, "c": 5, "d": "2026-01-15T09:30:00Z", "e": "examplexxx",
                "f": "optional-with-example", "h": "new", "i": ["new"], "j": "exa", "k": "fixed"
            })
        );
        let shape = Shape {
            kind: ShapeKind::Named("O".into()),
            constraints: Constraints::default(),
            span: a.types[0].span,
        };
        assert!(crate::validate::validate_shape(&a, &shape, &v).is_valid());
    }

    #[test]
    fn an_example_that_breaks_the_field_is_not_used() {
        let a = api("api: { name: t, title: T, version: \"1\" }
types:
  O:
    fields:
      n: { type: int32, required: true, maximum: 3, example: 10 }
");
        assert_eq!(named(&a, "O"), serde_json::json!({ "n": 0 }));
    }

    #[test]
    fn unions_lead_with_their_tag_and_recursion_stops() {
        let a = api("api: { name: t, title: T, version: \"1\" }
types:
  Tree:
    fields:
      children: { type: array, items: Tree, required: true }
      parent: { type: Tree, nullable: true, required: true }
  Cmd:
    union:
      tag: kind
      variants:
        go: Go
  Go:
    fields:
      speed: { type: number, required: true, minimum: 1.5 }
");
        assert_eq!(
            named(&a, "Tree"),
            serde_json::json!({ "children": [], "parent": null })
        );
        let cmd = named(&a, "Cmd");
        assert_eq!(cmd, serde_json::json!({ "kind": "go", "speed": 1.5 }));
        assert_eq!(
            cmd.as_object()
                .and_then(|o| o.keys().next())
                .map(String::as_str),
            Some("kind")
        );
    }
}
