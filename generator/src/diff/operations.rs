//! Pairing the operations of OLD and NEW, and comparing each pair's parameters, request body
//! and responses.
//!
//! Operations pair by HTTP method and path template with parameter names ignored
//! (`/a/{id}/` is `/a/{uid}/`): first by the full path (the URL path of the first server joined
//! with the template), then by the template alone. `--map OLD_ID=NEW_ID` pairs explicitly and
//! wins over both.

use super::classify::{Facts, Scope};
use super::compare::{Found, Walker, describe, push};
use super::{DiffOptions, Difference, Direction, Kind, Part, UsageError, escape_token};
use crate::diagnostics::did_you_mean;
use crate::ir::{ApiIr, OperationIr, ParamIr, ParamLocation, PathSegment, Status};
use serde_json::Value;

/// Which operations are compared with which.
#[derive(Debug, Clone, Default)]
pub struct Pairing<'a> {
    /// Pairs (OLD, NEW).
    pub pairs: Vec<(&'a OperationIr, &'a OperationIr)>,
    /// OLD operations NEW does not have.
    pub removed: Vec<&'a OperationIr>,
    /// NEW operations OLD does not have.
    pub added: Vec<&'a OperationIr>,
}

impl Pairing<'_> {
    /// OLD's ids of paired and removed operations, NEW's ids of added ones, sorted.
    pub fn compared_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .pairs
            .iter()
            .map(|(o, _)| o.id.clone())
            .chain(self.removed.iter().map(|o| o.id.clone()))
            .chain(self.added.iter().map(|o| o.id.clone()))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// A path template with every `{name}` replaced by `{}`.
pub fn template_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// The URL path of an API's first server (`/telephony/v1` of
/// `https://{MyDomain}.my.salesforce-scrt.com/telephony/v1`), without a trailing `/`.
pub fn server_path(api: &ApiIr) -> String {
    let Some(url) = api.servers.first().map(|s| s.url.as_str()) else {
        return String::new();
    };
    let path = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            rest.find('/').map_or("", |j| &rest[j..])
        }
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/').to_string()
}

fn unknown_operation(id: &str, what: &str, old: &ApiIr, new: &ApiIr, both: bool) -> UsageError {
    let ids = old
        .operations
        .iter()
        .chain(if both { &new.operations[..] } else { &[] })
        .map(|o| o.id.as_str());
    let hint = did_you_mean(id, ids).map_or(String::new(), |s| format!("; did you mean `{s}`?"));
    UsageError {
        message: format!("unknown operation `{id}` {what}{hint}"),
    }
}

/// Pairs the operations of `old` and `new`, honouring `--map` and `--operation`.
pub fn pair<'a>(
    old: &'a ApiIr,
    new: &'a ApiIr,
    opts: &DiffOptions,
) -> Result<Pairing<'a>, UsageError> {
    let mut pairs = Vec::new();
    let mut old_used = vec![false; old.operations.len()];
    let mut new_used = vec![false; new.operations.len()];
    for (o, n) in &opts.maps {
        let Some(i) = old.operations.iter().position(|x| &x.id == o) else {
            return Err(unknown_operation(o, "in OLD (`--map`)", old, new, false));
        };
        let Some(j) = new.operations.iter().position(|x| &x.id == n) else {
            return Err(unknown_operation(n, "in NEW (`--map`)", new, old, false));
        };
        if old_used[i] || new_used[j] {
            return Err(UsageError {
                message: format!("`--map {o}={n}` pairs an operation that is already mapped"),
            });
        }
        old_used[i] = true;
        new_used[j] = true;
        pairs.push((&old.operations[i], &new.operations[j]));
    }
    let (old_base, new_base) = (server_path(old), server_path(new));
    // First the full path (server path + template), then the template alone.
    let key = |base: &str, op: &OperationIr, full: bool| {
        let base = if full { base } else { "" };
        template_key(&format!("{base}{}", op.path))
    };
    for full in [true, false] {
        for (i, o) in old.operations.iter().enumerate() {
            if old_used[i] {
                continue;
            }
            let k = key(&old_base, o, full);
            let found = new.operations.iter().enumerate().find(|(j, n)| {
                !new_used[*j] && n.method == o.method && key(&new_base, n, full) == k
            });
            if let Some((j, n)) = found {
                old_used[i] = true;
                new_used[j] = true;
                pairs.push((o, n));
            }
        }
    }
    let mut pairing = Pairing {
        pairs,
        removed: (old.operations.iter().enumerate())
            .filter(|(i, _)| !old_used[*i])
            .map(|(_, o)| o)
            .collect(),
        added: (new.operations.iter().enumerate())
            .filter(|(j, _)| !new_used[*j])
            .map(|(_, n)| n)
            .collect(),
    };
    if !opts.operations.is_empty() {
        let mut old_ids = Vec::new();
        let mut new_ids = Vec::new();
        for id in &opts.operations {
            if old.operation(id).is_some() {
                old_ids.push(id.as_str());
            } else if new.operation(id).is_some() {
                new_ids.push(id.as_str());
            } else {
                return Err(unknown_operation(id, "in OLD nor NEW", old, new, true));
            }
        }
        let keep_old = |o: &OperationIr| old_ids.contains(&o.id.as_str());
        let keep_new = |n: &OperationIr| new_ids.contains(&n.id.as_str());
        pairing.pairs.retain(|(o, n)| keep_old(o) || keep_new(n));
        pairing.removed.retain(|o| keep_old(o));
        pairing.added.retain(|n| keep_new(n));
    }
    Ok(pairing)
}

fn route(op: &OperationIr) -> Value {
    Value::String(format!("{} {}", op.method.as_str(), op.path))
}

/// Compares every pair and lists added and removed operations.
pub fn compare_pairing(old: &ApiIr, new: &ApiIr, pairing: &Pairing<'_>) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut walker = Walker::new(old, new);
    let none = Facts::default();
    let whole = |op: &OperationIr, kind: Kind, old: Value, new: Value| Difference {
        operation: op.id.clone(),
        new_operation: None,
        part: Part::Operation,
        pointer: String::new(),
        kind,
        class: super::classify::request_class(kind, &none),
        old,
        new,
        accepted: None,
    };
    for o in &pairing.removed {
        out.push(whole(o, Kind::OperationRemoved, route(o), Value::Null));
    }
    for n in &pairing.added {
        out.push(whole(n, Kind::OperationAdded, Value::Null, route(n)));
    }
    for (o, n) in &pairing.pairs {
        let mut add = |part: Part, found: Vec<Found>| {
            out.extend(found.into_iter().map(|f| Difference {
                operation: o.id.clone(),
                new_operation: (o.id != n.id).then(|| n.id.clone()),
                part,
                pointer: f.pointer,
                kind: f.kind,
                class: f.class,
                old: f.old,
                new: f.new,
                accepted: None,
            }));
        };
        add(Part::Operation, operation_facts(old, o, new, n));
        add(Part::Parameters, parameters(&mut walker, old, o, new, n));
        add(Part::Request, request(&mut walker, o, n));
        for (status, found) in responses(&mut walker, o, n) {
            add(Part::Response(status), found);
        }
    }
    out
}

/// What the operation itself declares: its idempotency, and the self-signed JWTs of the auth
/// schemes it accepts (paired by scheme name).
fn operation_facts(
    old_api: &ApiIr,
    o: &OperationIr,
    new_api: &ApiIr,
    n: &OperationIr,
) -> Vec<Found> {
    let dir = Direction::Request;
    let mut out = Vec::new();
    if o.idempotent != n.idempotent {
        let facts = Facts {
            scope: if n.idempotent {
                Scope::Looser
            } else {
                Scope::Tighter
            },
            ..Facts::default()
        };
        push(
            &mut out,
            dir,
            "",
            Kind::IdempotencyChanged,
            &facts,
            Value::Bool(o.idempotent),
            Value::Bool(n.idempotent),
        );
    }
    let signer = |api: &ApiIr, name: &str| -> Option<crate::ir::SelfSignedJwt> {
        api.auth
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| match &a.kind {
                crate::ir::AuthKind::Bearer { self_signed, .. } => self_signed.clone(),
                _ => None,
            })
    };
    for name in o.auth.iter().filter(|a| n.auth.contains(a)) {
        let (before, after) = (signer(old_api, name), signer(new_api, name));
        let (vb, va) = (signer_value(before.as_ref()), signer_value(after.as_ref()));
        if vb == va {
            continue;
        }
        let looser = match (&before, &after) {
            (None, Some(_)) => true,
            (Some(b), Some(a)) => {
                a.lifetime_seconds >= b.lifetime_seconds
                    && signer_value(Some(&crate::ir::SelfSignedJwt {
                        lifetime_seconds: b.lifetime_seconds,
                        ..a.clone()
                    })) == vb
            }
            _ => false,
        };
        let facts = Facts {
            scope: if looser {
                Scope::Looser
            } else {
                Scope::Different
            },
            ..Facts::default()
        };
        push(
            &mut out,
            dir,
            &format!("/auth/{}", escape_token(name)),
            Kind::SelfSignedChanged,
            &facts,
            vb,
            va,
        );
    }
    out
}

/// What a self-signed JWT declaration means on the wire: the algorithm, the lifetime and the
/// claims (name and whether required); `null` when there is none.
fn signer_value(jwt: Option<&crate::ir::SelfSignedJwt>) -> Value {
    let Some(jwt) = jwt else {
        return Value::Null;
    };
    let claims: Vec<Value> = jwt
        .claims
        .iter()
        .map(|c| serde_json::json!({ "name": c.name, "required": c.required }))
        .collect();
    serde_json::json!({
        "algorithm": jwt.algorithm.as_str(),
        "lifetime_seconds": jwt.lifetime_seconds,
        "claims": claims,
    })
}

/// The parameters of an operation, with the API's headers, path parameters in path order.
fn all_params<'a>(api: &'a ApiIr, op: &'a OperationIr) -> Vec<&'a ParamIr> {
    let mut path: Vec<&ParamIr> = op
        .segments
        .iter()
        .filter_map(|s| match s {
            PathSegment::Param(i) => op.params.get(*i),
            PathSegment::Literal(_) => None,
        })
        .collect();
    for p in &op.params {
        if p.location == ParamLocation::Path && !path.iter().any(|q| std::ptr::eq(*q, p)) {
            path.push(p);
        }
    }
    let others = api
        .headers
        .iter()
        .chain(&op.params)
        .filter(|p| p.location != ParamLocation::Path);
    path.into_iter().chain(others).collect()
}

fn location_name(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn param_pointer(p: &ParamIr) -> String {
    format!(
        "/{}/{}",
        location_name(p.location),
        escape_token(&p.wire_name)
    )
}

/// Whether two parameters are the same one (header names are case-insensitive).
fn same_param(a: &ParamIr, b: &ParamIr) -> bool {
    a.location == b.location
        && match a.location {
            ParamLocation::Header => a.wire_name.eq_ignore_ascii_case(&b.wire_name),
            _ => a.wire_name == b.wire_name,
        }
}

fn parameters(
    walker: &mut Walker<'_>,
    old_api: &ApiIr,
    o: &OperationIr,
    new_api: &ApiIr,
    n: &OperationIr,
) -> Vec<Found> {
    let dir = Direction::Request;
    let (old_params, new_params) = (all_params(old_api, o), all_params(new_api, n));
    let old_path: Vec<&ParamIr> = (old_params.iter().copied())
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    let new_path: Vec<&ParamIr> = (new_params.iter().copied())
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    let mut used = vec![false; new_params.len()];
    let mut out = Vec::new();
    for p in &old_params {
        // Path parameters pair by position (their names do not matter on the wire).
        let counterpart = if p.location == ParamLocation::Path {
            let pos = old_path.iter().position(|q| std::ptr::eq(*q, *p));
            pos.and_then(|i| new_path.get(i))
                .and_then(|q| new_params.iter().position(|r| std::ptr::eq(*r, *q)))
        } else {
            new_params
                .iter()
                .enumerate()
                .position(|(j, q)| !used[j] && same_param(p, q))
        };
        let ptr = param_pointer(p);
        let Some(j) = counterpart else {
            let facts = Facts {
                in_path: p.location == ParamLocation::Path,
                ..Facts::default()
            };
            let old = describe(&p.shape, p.required, false);
            push(
                &mut out,
                dir,
                &ptr,
                Kind::ParameterRemoved,
                &facts,
                old,
                Value::Null,
            );
            continue;
        };
        used[j] = true;
        let q = new_params[j];
        let (ro, rn) = (
            p.required || p.location == ParamLocation::Path,
            q.required || q.location == ParamLocation::Path,
        );
        if ro != rn {
            let kind = if rn {
                Kind::RequiredAdded
            } else {
                Kind::RequiredRemoved
            };
            push(
                &mut out,
                dir,
                &ptr,
                kind,
                &Facts::default(),
                ro.into(),
                rn.into(),
            );
        }
        walker.shapes(&p.shape, &q.shape, dir, &ptr, &mut out);
    }
    for (j, q) in new_params.iter().enumerate() {
        if used[j] {
            continue;
        }
        let in_path = q.location == ParamLocation::Path;
        let facts = Facts {
            in_path,
            required: q.required || in_path,
            ..Facts::default()
        };
        let new = describe(&q.shape, q.required || in_path, false);
        let ptr = param_pointer(q);
        push(
            &mut out,
            dir,
            &ptr,
            Kind::ParameterAdded,
            &facts,
            Value::Null,
            new,
        );
    }
    out
}

fn request(walker: &mut Walker<'_>, o: &OperationIr, n: &OperationIr) -> Vec<Found> {
    let dir = Direction::Request;
    let mut out = Vec::new();
    match (&o.request, &n.request) {
        (None, None) => {}
        (Some(a), None) => {
            let old = describe(&a.shape, a.required, false);
            push(
                &mut out,
                dir,
                "",
                Kind::BodyRemoved,
                &Facts::default(),
                old,
                Value::Null,
            );
        }
        (None, Some(b)) => {
            let facts = Facts {
                required: b.required,
                ..Facts::default()
            };
            let new = describe(&b.shape, b.required, false);
            push(&mut out, dir, "", Kind::BodyAdded, &facts, Value::Null, new);
        }
        (Some(a), Some(b)) => {
            if a.required != b.required {
                let scope = if b.required {
                    Scope::Tighter
                } else {
                    Scope::Looser
                };
                let facts = Facts {
                    scope,
                    ..Facts::default()
                };
                let kind = Kind::BodyRequiredChanged;
                push(
                    &mut out,
                    dir,
                    "",
                    kind,
                    &facts,
                    a.required.into(),
                    b.required.into(),
                );
            }
            walker.shapes(&a.shape, &b.shape, dir, "", &mut out);
        }
    }
    out
}

fn body_value(body: Option<&crate::ir::Shape>) -> Value {
    Value::String(body.map_or_else(|| "no body".to_string(), crate::ir::Shape::type_name))
}

fn responses(
    walker: &mut Walker<'_>,
    o: &OperationIr,
    n: &OperationIr,
) -> Vec<(Status, Vec<Found>)> {
    let dir = Direction::Response;
    let none = Facts::default();
    let old_has_default = o.responses.iter().any(|r| r.status == Status::Default);
    let mut out = Vec::new();
    for a in &o.responses {
        let mut found = Vec::new();
        match n.responses.iter().find(|b| b.status == a.status) {
            None => {
                let old = body_value(a.body.as_ref());
                push(
                    &mut found,
                    dir,
                    "",
                    Kind::ResponseRemoved,
                    &none,
                    old,
                    Value::Null,
                );
            }
            Some(b) => match (&a.body, &b.body) {
                (None, None) => {}
                (Some(x), None) => {
                    let old = body_value(Some(x));
                    push(
                        &mut found,
                        dir,
                        "",
                        Kind::BodyRemoved,
                        &none,
                        old,
                        Value::Null,
                    );
                }
                (None, Some(y)) => {
                    let new = body_value(Some(y));
                    push(
                        &mut found,
                        dir,
                        "",
                        Kind::BodyAdded,
                        &none,
                        Value::Null,
                        new,
                    );
                }
                (Some(x), Some(y)) => walker.shapes(x, y, dir, "", &mut found),
            },
        }
        out.push((a.status, found));
    }
    for b in &n.responses {
        if o.responses.iter().any(|a| a.status == b.status) {
            continue;
        }
        let success = matches!(b.status, Status::Code(c) if (200..300).contains(&c));
        let facts = Facts {
            unknown_success: success && !old_has_default,
            ..none
        };
        let new = body_value(b.body.as_ref());
        let mut found = Vec::new();
        push(
            &mut found,
            dir,
            "",
            Kind::ResponseAdded,
            &facts,
            Value::Null,
            new,
        );
        out.push((b.status, found));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_ignore_parameter_names_and_servers_give_their_path() {
        assert_eq!(template_key("/a/{id}/b/{x}"), "/a/{}/b/{}");
        assert_eq!(
            template_key("/a/{uid}/b/{y}"),
            template_key("/a/{id}/b/{x}")
        );
        let schemas = crate::load_str(
            "t.yaml",
            "api:\n  name: t\n  title: T\n  version: '1'\n  servers:\n    - url: \
             https://{MyDomain}.my.salesforce-scrt.com/telephony/v1/\n      variables:\n        \
             MyDomain: { description: d }\n",
        );
        assert!(
            !schemas.diagnostics.has_errors(),
            "{:?}",
            schemas.diagnostics
        );
        assert_eq!(server_path(&schemas.ir.apis[0]), "/telephony/v1");
    }
}
