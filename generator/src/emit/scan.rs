//! Single-pass validators: an `impl runtime::scan::Scan` per named type, generic over the
//! document it walks (JSON text, or a parsed `serde_json::Value`), that checks the structure
//! (what `check_json` checks) and the constraints and rules (what `Validate` checks) in one
//! walk, with the same codes, pointers and messages; and the API's payload entry points
//! (`validate_payload` from a value, `validate_payload_bytes`, `validate_payload_str`).
//!
//! The generated code consumes every value it is handed exactly once (reads it, or skips it),
//! which is what the runtime's text source needs to stay in step with the text. Structure
//! findings go to `out`'s structure report, constraint findings to `out.typed()`; the runtime
//! drops the latter when the former has an error, as the two-phase validators do.

use super::validate::{float_lit, int_lit};
use super::{Cx, ident};
use crate::ir::*;
use proc_macro2::{Ident, Literal, Span as PmSpan, TokenStream, TokenTree};
use quote::quote;

fn path_ident(depth: usize) -> Ident {
    Ident::new(&format!("q{depth}"), PmSpan::call_site())
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    }
}

/// Whether the tokens use the identifier `name`.
fn uses(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == name,
        TokenTree::Group(g) => uses(&g.stream(), name),
        _ => false,
    })
}

/// Statements that check the value `at` (an expression of the source's `At` type) against
/// `shape`, located at `path` (an identifier bound to a `&Path`), and consume it.
fn shape_scan(
    cx: &Cx<'_>,
    at: TokenStream,
    shape: &Shape,
    path: &Ident,
    depth: usize,
) -> TokenStream {
    let rt = &cx.runtime;
    let Shape {
        kind,
        constraints,
        span: _,
    } = shape;
    let Constraints {
        minimum,
        maximum,
        min_items,
        max_items,
        const_value,
        // Strings only (see `string_checks`).
        format: _,
        min_length: _,
        max_length: _,
        pattern: _,
    } = constraints;
    let some = quote!(::core::option::Option::Some);
    match kind {
        ShapeKind::String => {
            let checks = string_checks(rt, constraints, path);
            if checks.is_empty() {
                quote!(#rt::scan::string(src, #at, #path, out)?;)
            } else {
                quote! {
                    if let #some(s) = #rt::scan::string(src, #at, #path, out)? {
                        #checks
                    }
                }
            }
        }
        ShapeKind::Boolean => match const_value {
            Some(serde_json::Value::Bool(b)) => {
                let shown = b.to_string();
                quote! {
                    if let #some(v) = #rt::scan::boolean(src, #at, #path, out)? {
                        if v != #b { #rt::const_violation(out.typed(), #path, #shown); }
                    }
                }
            }
            _ => quote!(#rt::scan::boolean(src, #at, #path, out)?;),
        },
        ShapeKind::Int32 | ShapeKind::Int64 => {
            let read = if matches!(kind, ShapeKind::Int32) {
                quote!(#rt::scan::int32)
            } else {
                quote!(#rt::scan::int64)
            };
            let mut checks = TokenStream::new();
            if let Some(m) = minimum {
                let l = int_lit(m);
                checks.extend(quote!(#rt::check_minimum_i64(out.typed(), #path, v, #l);));
            }
            if let Some(m) = maximum {
                let l = int_lit(m);
                checks.extend(quote!(#rt::check_maximum_i64(out.typed(), #path, v, #l);));
            }
            if let Some(serde_json::Value::Number(c)) = const_value {
                let l = int_lit(c);
                let shown = c.to_string();
                checks.extend(
                    quote!(if v != #l { #rt::const_violation(out.typed(), #path, #shown); }),
                );
            }
            if checks.is_empty() {
                quote!(#read(src, #at, #path, out)?;)
            } else {
                quote!(if let #some(v) = #read(src, #at, #path, out)? { #checks })
            }
        }
        ShapeKind::Number => {
            let mut checks = TokenStream::new();
            if let Some(m) = minimum {
                let l = float_lit(m);
                checks.extend(quote!(#rt::check_minimum_f64(out.typed(), #path, v, #l);));
            }
            if let Some(m) = maximum {
                let l = float_lit(m);
                checks.extend(quote!(#rt::check_maximum_f64(out.typed(), #path, v, #l);));
            }
            if checks.is_empty() {
                quote!(#rt::scan::number(src, #at, #path, out)?;)
            } else {
                quote! {
                    if let #some(n) = #rt::scan::number(src, #at, #path, out)? {
                        let v = n.as_f64();
                        #checks
                    }
                }
            }
        }
        ShapeKind::Any => quote!(src.skip(#at)?;),
        ShapeKind::Array(items) => {
            let inner = path_ident(depth + 1);
            let list = Ident::new(&format!("items{depth}"), PmSpan::call_site());
            let count = Ident::new(&format!("n{depth}"), PmSpan::call_site());
            let bounds = if min_items.is_some() || max_items.is_some() {
                let (lo, hi) = (opt_u64(*min_items), opt_u64(*max_items));
                quote!(#rt::check_items(out.typed(), #path, #count, #lo, #hi);)
            } else {
                quote!()
            };
            if matches!(items.kind, ShapeKind::Any) && bounds.is_empty() {
                return quote! {
                    if let #some(#list) = #rt::scan::array(src, #at, #path, out)? {
                        src.skip_items(#list)?;
                    }
                };
            }
            // Items with nothing to check but their JSON type: one call for them all.
            let scalar = match (&items.kind, items.constraints.is_empty()) {
                (ShapeKind::Any, _) => Some(quote!(Any)),
                (ShapeKind::String, true) => Some(quote!(String)),
                (ShapeKind::Boolean, true) => Some(quote!(Boolean)),
                (ShapeKind::Number, true) => Some(quote!(Number)),
                (ShapeKind::Int32, true) => Some(quote!(Int32)),
                (ShapeKind::Int64, true) => Some(quote!(Int64)),
                _ => None,
            };
            if let Some(kind) = scalar {
                let count = if bounds.is_empty() {
                    quote!(_)
                } else {
                    quote!(#count)
                };
                return quote! {
                    if let #some(#list) = #rt::scan::array(src, #at, #path, out)? {
                        let #count = src.scalar_items(#list, #rt::scan::Scalar::#kind, #path, out)?;
                        #bounds
                    }
                };
            }
            let body = shape_scan(cx, quote!(at), items, &inner, depth + 1);
            let index = if uses(&body, &inner.to_string()) {
                quote!(let #inner = &#path.index(#count);)
            } else {
                quote!()
            };
            quote! {
                if let #some(mut #list) = #rt::scan::array(src, #at, #path, out)? {
                    let mut #count = 0usize;
                    while let #some(at) = src.item(&mut #list)? {
                        #index
                        #body
                        #count += 1;
                    }
                    #bounds
                }
            }
        }
        ShapeKind::Map(values) => {
            let list = Ident::new(&format!("members{depth}"), PmSpan::call_site());
            if matches!(values.kind, ShapeKind::Any) {
                return quote! {
                    if let #some(#list) = #rt::scan::object(src, #at, #path, out)? {
                        src.skip_members(#list)?;
                    }
                };
            }
            let inner = path_ident(depth + 1);
            let body = shape_scan(cx, quote!(at), values, &inner, depth + 1);
            // A parsed value keeps the last of repeated members: a walk of the text stops at
            // a repeated one, and the value is validated instead.
            quote! {
                if let #some(mut #list) = #rt::scan::object(src, #at, #path, out)? {
                    while let #some((key, at)) = src.member(&mut #list)? {
                        if src.repeated_key(&#list, key)? {
                            return ::core::result::Result::Err(#rt::scan::Stop);
                        }
                        let #inner = &#path.key(#rt::scan::key_text(key)?);
                        #body
                    }
                }
            }
        }
        // `self::`: a schema type may be named like the walker's type parameter (`S`).
        ShapeKind::Named(n) => match cx.ty(n) {
            Some(t) => {
                let id = ident(&t.rust_name);
                quote!(<self::#id as #rt::scan::Scan>::scan(src, #at, #path, out)?;)
            }
            None => quote!(src.skip(#at)?;),
        },
    }
}

/// The constraint checks of a string `s` (a `runtime::scan::Str`): format, length, pattern,
/// constant, as `Validate` checks them.
fn string_checks(rt: &TokenStream, constraints: &Constraints, path: &Ident) -> TokenStream {
    let Constraints {
        format,
        min_length,
        max_length,
        pattern,
        const_value,
        // Numbers and arrays only (see `shape_scan`).
        minimum: _,
        maximum: _,
        min_items: _,
        max_items: _,
    } = constraints;
    let mut text = TokenStream::new();
    if let Some(f) = format {
        let name = f.name();
        let check = Ident::new(f.check_fn(), PmSpan::call_site());
        if f.is_structural() {
            // Checked with the structure, as `check_json` does (see `Format::is_structural`).
            text.extend(quote!(if !#rt::#check(t) { out.format_mismatch(#path, t, #name); }));
        } else {
            text.extend(quote!(#rt::check_format(out.typed(), #path, t, #name, #rt::#check(t));));
        }
    }
    if let Some(p) = pattern {
        text.extend(quote! {
            {
                static PATTERN: ::std::sync::LazyLock<::regex::Regex> =
                    ::std::sync::LazyLock::new(|| ::regex::Regex::new(#p).expect("pattern checked by schemagen"));
                if !PATTERN.is_match(t) {
                    #rt::pattern_violation(out.typed(), #path, #p);
                }
            }
        });
    }
    let mut checks = TokenStream::new();
    if !text.is_empty() {
        checks.extend(quote!(s.with_text(|t| { #text })?;));
    }
    if min_length.is_some() || max_length.is_some() {
        let (lo, hi) = (opt_u64(*min_length), opt_u64(*max_length));
        checks.extend(quote!(#rt::scan::check_length(out.typed(), #path, s, #lo, #hi);));
    }
    if let Some(serde_json::Value::String(c)) = const_value {
        let shown = format!("{c:?}");
        checks.extend(quote!(if !s.is(#c) { #rt::const_violation(out.typed(), #path, #shown); }));
    }
    checks
}

/// The `Scan` impl of one named type (and, for an object, its `scan_members`).
pub(crate) fn type_scan(cx: &Cx<'_>, t: &TypeIr) -> TokenStream {
    let TypeIr {
        rust_name,
        kind,
        // Read by `object_scan` (through `t`): known members, request types.
        name: _,
        // Documentation only.
        description: _,
        deprecated: _,
        span: _,
    } = t;
    let rt = &cx.runtime;
    let name = ident(rust_name);
    let path = Ident::new("path", PmSpan::call_site());
    let (body, extra) = match kind {
        TypeKind::Object(o) => (
            quote! {
                match #rt::scan::object(src, at, path, out)? {
                    ::core::option::Option::Some(members) => Self::scan_members(src, members, path, out),
                    ::core::option::Option::None => ::core::result::Result::Ok(()),
                }
            },
            object_scan(cx, t, o),
        ),
        TypeKind::Enum(e) => (enum_scan(cx, e), quote!()),
        TypeKind::Union(u) => (union_scan(cx, u), quote!()),
        TypeKind::OneOf(o) => (one_of_scan(cx, o), quote!()),
        TypeKind::Alias(s) => {
            let checks = shape_scan(cx, quote!(at), s, &path, 0);
            (quote!(#checks ::core::result::Result::Ok(())), quote!())
        }
    };
    let param = |name: &str| {
        let id = if uses(&body, name) {
            name.to_string()
        } else {
            format!("_{name}")
        };
        Ident::new(&id, PmSpan::call_site())
    };
    let (p, o) = (param("path"), param("out"));
    quote! {
        impl #rt::scan::Scan for #name {
            fn scan<'j, S: #rt::scan::Source<'j>>(
                src: &mut S,
                at: S::At,
                #p: &#rt::Path<'_>,
                #o: &mut #rt::scan::Out,
            ) -> #rt::scan::Scanned {
                #body
            }
        }
        #extra
    }
}

/// An object's members: each declared member checked (a member given twice stops the walk),
/// union tags the object is a variant of skipped, unknown members reported or ignored, then
/// the required members and the rules.
fn object_scan(cx: &Cx<'_>, t: &TypeIr, o: &ObjectIr) -> TokenStream {
    let ObjectIr {
        fields,
        rules,
        reject_unknown,
    } = o;
    let rt = &cx.runtime;
    let name = ident(&t.rust_name);
    let known = cx.api.known_members(t);
    let words = Literal::usize_unsuffixed(known.len().div_ceil(64).max(1));
    // Rules whose condition compares a member's value: evaluated while the member is read.
    let mut conditions: Vec<Vec<(Ident, &[serde_json::Value])>> = vec![Vec::new(); fields.len()];
    for (n, r) in rules.iter().enumerate() {
        if let RuleKindIr::Forbidden { when, fields: _ }
        | RuleKindIr::Required { when, fields: _ } = &r.kind
        {
            if let ConditionTestIr::OneOf(values) = &when.test {
                let id = Ident::new(&format!("when{n}"), PmSpan::call_site());
                conditions[when.field].push((id, values));
            }
        }
    }
    let p0 = path_ident(0);
    let mut arms = Vec::new();
    // Each declared name with its index (a field's, then a tag's).
    let mut names: Vec<(&str, usize)> = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let FieldIr {
            wire_name,
            nullable,
            shape,
            // Checked after the loop (see `required`).
            required: _,
            // The member is matched by its wire name.
            rust_name: _,
            // Documentation only.
            description: _,
            default: _,
            example: _,
            deprecated: _,
            read_only: _,
            write_only: _,
            since: _,
            span: _,
        } = f;
        let bit = Literal::usize_unsuffixed(i);
        let check = shape_scan(cx, quote!(at), shape, &p0, 0);
        let peek = if conditions[i].is_empty() {
            quote!()
        } else {
            let sets = conditions[i].iter().map(|(id, values)| {
                let tests = values.iter().map(|v| literal_test(rt, v));
                quote!(#id = #(#tests)||*;)
            });
            quote! {
                let (value, at) = #rt::scan::peek(src, at)?;
                #(#sets)*
            }
        };
        names.push((wire_name.as_str(), i));
        arms.push(quote! {
            #bit => {
                #rt::scan::first(&mut seen, #bit)?;
                let #p0 = &path.key(#wire_name);
                #peek
                if #rt::scan::present(src, at, #p0, out, #nullable)? {
                    #check
                }
            }
        });
    }
    // The tags of the unions this object is a variant of: known, not checked here.
    for (i, tag) in known.iter().enumerate().skip(fields.len()) {
        let bit = Literal::usize_unsuffixed(i);
        names.push((tag, i));
        arms.push(quote! {
            #bit => {
                #rt::scan::first(&mut seen, #bit)?;
                src.skip(at)?;
            }
        });
    }
    // Unknown members: an error when the object rejects them, a did-you-mean warning when it
    // allows them and a request body can contain it, otherwise not looked at.
    // (With nothing declared, no name is one edit away from a declared one.)
    let looked_at =
        *reject_unknown || (!known.is_empty() && cx.analysis.request.contains(t.name.as_str()));
    let unknown = if looked_at {
        quote!(#rt::scan::unknown(src, at, key, &[#(#known),*], #reject_unknown, path, out)?)
    } else {
        quote!(src.skip(at)?)
    };
    let required = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.required)
        .map(|(i, f)| {
            let wire = &f.wire_name;
            let i = Literal::usize_unsuffixed(i);
            quote!(if !#rt::scan::given(&seen, #i) { out.required(&path.key(#wire)); })
        });
    let whens = conditions
        .iter()
        .flatten()
        .map(|(id, _)| quote!(let mut #id = false;));
    let rules = rule_checks(rt, fields, rules);
    let index = name_index(&names);
    let each = if arms.is_empty() {
        // Nothing declared: only unknown members, if they are looked at at all.
        if looked_at {
            quote! {
                while let ::core::option::Option::Some((key, at)) = src.member(&mut members)? {
                    #unknown;
                }
            }
        } else {
            quote!(src.skip_members(members)?;)
        }
    } else {
        quote! {
            let mut seen = [0u64; #words];
            #(#whens)*
            while let ::core::option::Option::Some((key, at)) = src.member(&mut members)? {
                let field = #index;
                match field {
                    #(#arms)*
                    _ => #unknown,
                }
            }
            #(#required)*
            #rules
        }
    };
    let param = |name: &str| {
        let id = if uses(&each, name) {
            name.to_string()
        } else {
            format!("_{name}")
        };
        Ident::new(&id, PmSpan::call_site())
    };
    let (p, o) = (param("path"), param("out"));
    let m = if uses(&each, "member") {
        quote!(mut members)
    } else {
        quote!(members)
    };
    quote! {
        impl #name {
            /// Checks the members of an object of this type, whose `{` has been read.
            fn scan_members<'j, S: #rt::scan::Source<'j>>(
                src: &mut S,
                #m: S::Members,
                #p: &#rt::Path<'_>,
                #o: &mut #rt::scan::Out,
            ) -> #rt::scan::Scanned {
                #each
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// The index of the member name `key` among `names` (`usize::MAX` when it is none of them):
/// its length first, then the names of that length, so that a name is compared with at most
/// a few others of its length.
fn name_index(names: &[(&str, usize)]) -> TokenStream {
    let mut by_len: std::collections::BTreeMap<usize, Vec<(&str, usize)>> = Default::default();
    for (name, i) in names {
        by_len.entry(name.len()).or_default().push((name, *i));
    }
    // Compared as arrays of a known length: a few word comparisons, not a call.
    let arms = by_len.iter().map(|(len, group)| {
        let tests = group.iter().map(|(name, i)| {
            let lit = Literal::byte_string(name.as_bytes());
            let i = Literal::usize_unsuffixed(*i);
            quote!(if name == ::core::option::Option::Some(#lit) { #i } else)
        });
        let len = Literal::usize_unsuffixed(*len);
        quote! {
            #len => {
                let name = key.first_chunk::<#len>();
                #(#tests)* { usize::MAX }
            }
        }
    });
    quote! {
        match key.len() {
            #(#arms)*
            _ => usize::MAX,
        }
    }
}

/// A test of a value read ahead (`value`) against a rule's literal, compared as the
/// interpreted validator compares JSON (numbers by value).
fn literal_test(rt: &TokenStream, lit: &serde_json::Value) -> TokenStream {
    match lit {
        serde_json::Value::String(s) => quote!(#rt::scan::is_string(&value, #s)),
        serde_json::Value::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            quote!(#rt::scan::is_number(&value, #f))
        }
        serde_json::Value::Bool(b) => quote!(#rt::scan::is_bool(&value, #b)),
        _ => quote!(false),
    }
}

/// The checks of an object's cross-field rules, on the members given (`seen`) and the
/// conditions evaluated while reading (`when{n}`), as `Validate` checks them.
fn rule_checks(rt: &TokenStream, fields: &[FieldIr], rules: &[RuleIr]) -> TokenStream {
    let given = |i: usize| {
        let i = Literal::usize_unsuffixed(i);
        quote!(#rt::scan::given(&seen, #i))
    };
    let mut out = TokenStream::new();
    for (n, r) in rules.iter().enumerate() {
        let RuleIr {
            kind,
            warning,
            code,
            message,
            span: _,
        } = r;
        let push = if *warning {
            quote!(out.typed().warning)
        } else {
            quote!(out.typed().error)
        };
        match kind {
            RuleKindIr::Forbidden {
                fields: named,
                when,
            }
            | RuleKindIr::Required {
                fields: named,
                when,
            } => {
                let forbid = matches!(kind, RuleKindIr::Forbidden { fields: _, when: _ });
                let holds = match &when.test {
                    ConditionTestIr::Present(true) => given(when.field),
                    ConditionTestIr::Present(false) => {
                        let g = given(when.field);
                        quote!(!#g)
                    }
                    ConditionTestIr::OneOf(_) => {
                        let id = Ident::new(&format!("when{n}"), PmSpan::call_site());
                        quote!(#id)
                    }
                };
                for i in named {
                    let g = given(*i);
                    let test = if forbid { g } else { quote!(!#g) };
                    let wire = &fields[*i].wire_name;
                    out.extend(
                        quote!(if #holds && #test { #push(&path.key(#wire), #code, #message); }),
                    );
                }
            }
            RuleKindIr::Precedence { winner, over } => {
                let (w, l) = (given(*winner), given(*over));
                let wire = &fields[*over].wire_name;
                out.extend(quote!(if #w && #l { #push(&path.key(#wire), #code, #message); }));
            }
        }
    }
    out
}

/// An enum: a string, one of the values for a closed enum; a deprecated value warns.
fn enum_scan(cx: &Cx<'_>, e: &EnumIr) -> TokenStream {
    let EnumIr {
        values,
        open,
        // Documentation only.
        default: _,
    } = e;
    let rt = &cx.runtime;
    let some = quote!(::core::option::Option::Some);
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    let deprecated: Vec<Literal> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.deprecated)
        .map(|(i, _)| Literal::usize_unsuffixed(i))
        .collect();
    let body = match (*open, deprecated.is_empty()) {
        (true, true) => quote!(#rt::scan::string(src, at, path, out)?;),
        (false, true) => quote! {
            if let #some(s) = #rt::scan::string(src, at, path, out)? {
                if s.position(VALUES).is_none() {
                    out.not_one_of(path, s, VALUES);
                }
            }
        },
        (open, false) => {
            let unknown = if open {
                quote!()
            } else {
                quote!(::core::option::Option::None => out.not_one_of(path, s, VALUES),)
            };
            let pattern = if deprecated.len() == 1 {
                quote!(#(#deprecated)*)
            } else {
                quote!((#(#deprecated)|*))
            };
            quote! {
                if let #some(s) = #rt::scan::string(src, at, path, out)? {
                    match s.position(VALUES) {
                        #some(i @ #pattern) => #rt::deprecated_value(out.typed(), path, VALUES[i]),
                        #unknown
                        _ => {}
                    }
                }
            }
        }
    };
    let values = if uses(&body, "VALUES") {
        quote!(const VALUES: &[&str] = &[#(#wires),*];)
    } else {
        quote!()
    };
    quote!(#values #body ::core::result::Result::Ok(()))
}

/// A tagged union: an object whose tag, looked up first, is one of the variants'; then the
/// variant's members, the tag among them.
fn union_scan(cx: &Cx<'_>, u: &UnionIr) -> TokenStream {
    let UnionIr { tag, variants } = u;
    let rt = &cx.runtime;
    let values: Vec<&str> = variants.iter().map(|v| v.tag_value.as_str()).collect();
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let UnionVariantIr {
            type_name,
            // Matched by position in `values`.
            tag_value: _,
            // The typed enum's concern.
            rust_name: _,
            span: _,
        } = v;
        let i = Literal::usize_unsuffixed(i);
        match cx.ty(type_name) {
            Some(x) if matches!(x.kind, TypeKind::Object(_)) => {
                let id = ident(&x.rust_name);
                quote!(::core::option::Option::Some(#i) => self::#id::scan_members(src, members, path, out),)
            }
            _ => quote!(::core::option::Option::Some(#i) => src.skip_members(members),),
        }
    });
    quote! {
        const VALUES: &[&str] = &[#(#values),*];
        let members = match #rt::scan::object(src, at, path, out)? {
            ::core::option::Option::Some(members) => members,
            ::core::option::Option::None => return ::core::result::Result::Ok(()),
        };
        match src.tag(&members, #tag)? {
            #rt::scan::Tag::String(s) => match s.position(VALUES) {
                #(#arms)*
                _ => {
                    out.not_one_of(&path.key(#tag), s, VALUES);
                    src.skip_members(members)
                }
            },
            #rt::scan::Tag::Other(found) => {
                out.type_mismatch(&path.key(#tag), "string", found);
                src.skip_members(members)
            }
            #rt::scan::Tag::Missing => {
                out.required(&path.key(#tag));
                src.skip_members(members)
            }
        }
    }
}

/// An untagged union: the first alternative whose structure fits wins (tried with a probe, as
/// the structure check tries them in a scratch report), and its constraint findings count;
/// when none fits, one type violation naming them all.
fn one_of_scan(cx: &Cx<'_>, o: &OneOfIr) -> TokenStream {
    let OneOfIr { variants } = o;
    let rt = &cx.runtime;
    let path = Ident::new("path", PmSpan::call_site());
    let names = variants
        .iter()
        .map(|v| v.shape.type_name())
        .collect::<Vec<_>>()
        .join(", ");
    let expected = format!("one of: {names}");
    let tries = variants.iter().map(|v| {
        let OneOfVariantIr {
            shape,
            // The typed enum's concern.
            name: _,
            rust_name: _,
        } = v;
        let check = shape_scan(cx, quote!(at), shape, &path, 0);
        quote! {
            {
                let mut probe = #rt::scan::Out::probe();
                {
                    let out = &mut probe;
                    let at = src.resume(mark);
                    #check
                    let _ = out;
                }
                if probe.matched() {
                    outer.adopt(probe);
                    return ::core::result::Result::Ok(());
                }
            }
        }
    });
    quote! {
        let mark = src.mark(at);
        let outer = out;
        #(#tries)*
        let at = src.resume(mark);
        let found = #rt::scan::type_name(src, at)?;
        outer.type_mismatch(path, #expected, found);
        ::core::result::Result::Ok(())
    }
}

/// The payload entry points of one API: `validate_payload` (a parsed value),
/// `validate_payload_bytes` and `validate_payload_str` (JSON text), all through one dispatch
/// of an operation id and payload kind to the single-pass validation of the documented body.
pub(crate) fn operations_dispatch(cx: &Cx<'_>) -> TokenStream {
    let ApiIr {
        name: api_name,
        operations,
        // The payloads are the operations'.
        module: _,
        title: _,
        version: _,
        description: _,
        servers: _,
        auth: _,
        headers: _,
        content_types: _,
        types: _,
        file: _,
    } = cx.api;
    let rt = &cx.runtime;
    let mut arms = Vec::new();
    let mut helpers = Vec::new();
    for op in operations {
        arms.extend(operation_arms(cx, op, &mut helpers));
    }
    // Every documented payload may be bodiless: then nothing reads the input.
    let input = if arms.iter().any(|a| uses(a, "input")) {
        quote!(input)
    } else {
        quote!(_input)
    };
    let result = quote!(::core::result::Result<#rt::Report, #rt::UnknownPayload>);
    quote! {
        #(#helpers)*

        /// Validates a payload of one of this API's operations (by operation id) from any
        /// input: JSON text, a parsed value, or an input of the caller's own (for example one
        /// that refuses to fall back to parsing), in one pass with the validator of the
        /// documented body. Errors when the operation or that payload is not documented.
        pub fn validate_payload_from<I: #rt::scan::Input>(
            operation: &str,
            kind: #rt::PayloadKind,
            #input: I,
        ) -> #result {
            match (operation, kind) {
                #(#arms)*
                _ => ::core::result::Result::Err(#rt::UnknownPayload::new(&::std::format!("{}.{}", #api_name, operation), kind)),
            }
        }

        /// Validates a JSON payload of one of this API's operations (by operation id), already
        /// parsed: its structure (JSON types, required fields, enum values, unknown members)
        /// and, when that is sound, every constraint and rule, in one walk. Errors when the
        /// operation or that payload is not documented.
        pub fn validate_payload(
            operation: &str,
            kind: #rt::PayloadKind,
            value: &::serde_json::Value,
        ) -> #result {
            validate_payload_from(operation, kind, value)
        }

        /// Validates a payload of one of this API's operations given as JSON text, in one pass
        /// over the bytes that builds nothing and allocates nothing unless it reports. The
        /// report is the one `validate_payload` gives for the parsed text; text that is not
        /// JSON gives one `syntax` error at the root.
        pub fn validate_payload_bytes(
            operation: &str,
            kind: #rt::PayloadKind,
            bytes: &[u8],
        ) -> #result {
            validate_payload_from(operation, kind, bytes)
        }

        /// [`validate_payload_bytes`] for JSON text held as a string.
        pub fn validate_payload_str(
            operation: &str,
            kind: #rt::PayloadKind,
            text: &str,
        ) -> #result {
            validate_payload_from(operation, kind, text)
        }
    }
}

/// The dispatch arms of one operation: its request, then its responses by status (the
/// `default` response last, matching any other status). A body that is not a named type gets
/// a helper type, added to `helpers`.
fn operation_arms(
    cx: &Cx<'_>,
    op: &OperationIr,
    helpers: &mut Vec<TokenStream>,
) -> Vec<TokenStream> {
    let OperationIr {
        id,
        rust_name,
        request,
        responses,
        // The client's concern.
        response_type: _,
        error_type: _,
        summary: _,
        description: _,
        method: _,
        path: _,
        segments: _,
        auth: _,
        params: _,
        deprecated: _,
        idempotent: _,
        span: _,
    } = op;
    let rt = &cx.runtime;
    let ok = quote!(::core::result::Result::Ok);
    let base = crate::ident::operation_base(rust_name);
    let mut arms = Vec::new();
    if let Some(RequestIr {
        shape,
        // An absent body is the client's concern; a payload given here is checked.
        required: _,
        content_types: _,
    }) = request
    {
        let call = body_call(cx, shape, &format!("scan_{base}_request"), helpers);
        arms.push(quote!((#id, #rt::PayloadKind::Request) => #ok(#call),));
    }
    let mut default_arm = None;
    for r in responses {
        let ResponseIr {
            status,
            body,
            // Documentation only.
            description: _,
            content_types: _,
        } = r;
        let call = match body {
            Some(b) => {
                let suffix = match status {
                    Status::Code(c) => c.to_string(),
                    Status::Default => "default".to_string(),
                };
                body_call(cx, b, &format!("scan_{base}_response_{suffix}"), helpers)
            }
            None => quote!(#rt::Report::new()),
        };
        match status {
            Status::Code(c) => {
                arms.push(quote!((#id, #rt::PayloadKind::Response(#c)) => #ok(#call),))
            }
            Status::Default => {
                default_arm = Some(quote!((#id, #rt::PayloadKind::Response(_)) => #ok(#call),))
            }
        }
    }
    arms.extend(default_arm);
    arms
}

/// The validation of one payload of `shape`: a named type's `Scan`, `any` (only that it is
/// JSON), or a helper type `name` (added to `helpers`) scanning another shape.
fn body_call(
    cx: &Cx<'_>,
    shape: &Shape,
    name: &str,
    helpers: &mut Vec<TokenStream>,
) -> TokenStream {
    let rt = &cx.runtime;
    match &shape.kind {
        ShapeKind::Named(n) => match cx.ty(n) {
            Some(t) => {
                let id = ident(&t.rust_name);
                quote!(input.validate::<#id>())
            }
            None => quote!(input.validate::<#rt::scan::AnyValue>()),
        },
        ShapeKind::Any => quote!(input.validate::<#rt::scan::AnyValue>()),
        _ => {
            let id = Ident::new(name, PmSpan::call_site());
            let path = Ident::new("path", PmSpan::call_site());
            let check = shape_scan(cx, quote!(at), shape, &path, 0);
            let p = if uses(&check, "path") {
                quote!(path)
            } else {
                quote!(_path)
            };
            let o = if uses(&check, "out") {
                quote!(out)
            } else {
                quote!(_out)
            };
            helpers.push(quote! {
                /// The single-pass validator of a payload that is not a named type.
                #[allow(non_camel_case_types)]
                struct #id;

                impl #rt::scan::Scan for #id {
                    fn scan<'j, S: #rt::scan::Source<'j>>(
                        src: &mut S,
                        at: S::At,
                        #p: &#rt::Path<'_>,
                        #o: &mut #rt::scan::Out,
                    ) -> #rt::scan::Scanned {
                        #check
                        ::core::result::Result::Ok(())
                    }
                }
            });
            quote!(input.validate::<#id>())
        }
    }
}
