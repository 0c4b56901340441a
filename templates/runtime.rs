//! Runtime support for generated API models.
//!
//! This module is copied verbatim into every generated crate as
//! `src/runtime.rs`. It depends only on `serde` and `serde_json` and
//! provides the items below. (They are named without intra-doc links: the
//! declaring module documents `runtime` too, and rustdoc then resolves the
//! links of these docs from there, where the bare names do not exist.)
//!
//! * `Nullable`, a three-state request field (absent / null / value);
//! * `Path`, an allocation-free JSON pointer builder;
//! * `Violation`, `Severity` and `Report`, the results of validation;
//! * the `Validate` trait with impls for standard containers;
//! * allocation-free string format checks (`is_date_time`, `is_uuid`, ...);
//! * helpers for structural checks of raw `serde_json::Value` documents.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

// ---------------------------------------------------------------------------
// Nullable
// ---------------------------------------------------------------------------

/// A request-body field that may be left out, sent as JSON `null`, or given a
/// value.
///
/// Use it together with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]` on the
/// field, so that a missing field deserializes to [`Nullable::Absent`] and an
/// absent field is not serialized at all.
///
/// `Nullable::default()` is [`Nullable::Absent`] for every `T` (the derive
/// adds no `T: Default` bound because the default variant carries no data).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The field is left out: "leave unchanged".
    #[default]
    Absent,
    /// The field is sent as JSON `null`: "clear it".
    Null,
    /// The field carries a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Returns `true` for [`Nullable::Absent`].
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Returns `true` for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Returns `true` for [`Nullable::Value`].
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// Borrows the contained value, keeping the state.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// Returns the contained value, if any.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Consumes `self` and returns the contained value, if any.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Maps the contained value with `f`, keeping `Absent` and `Null` as they
    /// are.
    pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

// ---------------------------------------------------------------------------
// Path
// ---------------------------------------------------------------------------

/// One step of a [`Path`]: an object key or an array index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// A member of a JSON object.
    Key(&'a str),
    /// An element of a JSON array.
    Index(usize),
}

/// A location inside a JSON document, built on the stack as a linked list of
/// borrowed segments. Building a path never allocates; only
/// [`Path::to_pointer`] (and formatting) produce a string.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Option<Segment<'a>>,
}

impl Path<'static> {
    /// The root of the document (JSON pointer `""`).
    pub const fn root() -> Path<'static> {
        Path {
            parent: None,
            segment: None,
        }
    }
}

impl<'a> Path<'a> {
    /// The path of the object member `key` below `self`.
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            segment: Some(Segment::Key(key)),
        }
    }

    /// The path of the array element `i` below `self`.
    pub fn index<'b>(&'b self, i: usize) -> Path<'b> {
        Path {
            parent: Some(self),
            segment: Some(Segment::Index(i)),
        }
    }

    /// Returns `true` if this is the document root.
    pub fn is_root(&self) -> bool {
        self.segment.is_none()
    }

    /// The path this one was built from, or `None` for the root.
    pub fn parent(&self) -> Option<&'a Path<'a>> {
        self.parent
    }

    /// The last segment of this path, or `None` for the root.
    pub fn segment(&self) -> Option<Segment<'a>> {
        self.segment
    }

    /// Renders the path as an RFC 6901 JSON pointer: `""` for the root,
    /// `"/a/0/b"` otherwise, with `~` escaped as `~0` and `/` as `~1`.
    pub fn to_pointer(&self) -> String {
        self.to_string()
    }

    fn write_pointer<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.write_pointer(out)?;
        }
        match self.segment {
            None => Ok(()),
            Some(Segment::Index(i)) => write!(out, "/{i}"),
            Some(Segment::Key(key)) => {
                out.write_char('/')?;
                let mut rest = key;
                while let Some(pos) = rest.find(['~', '/']) {
                    out.write_str(&rest[..pos])?;
                    out.write_str(if rest.as_bytes()[pos] == b'~' {
                        "~0"
                    } else {
                        "~1"
                    })?;
                    rest = &rest[pos + 1..];
                }
                out.write_str(rest)
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    /// Writes the JSON pointer (see [`Path::to_pointer`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_pointer(f)
    }
}

// ---------------------------------------------------------------------------
// Violations and reports
// ---------------------------------------------------------------------------

/// How serious a [`Violation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The document is invalid.
    Error,
    /// The document is valid but suspicious.
    Warning,
}

/// One problem found at one location of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// RFC 6901 JSON pointer of the offending value (`""` for the root).
    pub pointer: String,
    /// Short machine-readable code, such as `"type"` or `"format"`.
    pub code: &'static str,
    /// Human-readable description.
    pub message: String,
    /// Whether this is an error or a warning.
    pub severity: Severity,
}

impl fmt::Display for Violation {
    /// Writes `<pointer> <code> <message>`, prefixed with `warning: ` for
    /// warnings; an empty (root) pointer is written as `""`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        let pointer = if self.pointer.is_empty() {
            "\"\""
        } else {
            self.pointer.as_str()
        };
        write!(f, "{pointer} {} {}", self.code, self.message)
    }
}

/// The violations collected while validating a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    /// An empty report (does not allocate).
    pub const fn new() -> Self {
        Report {
            violations: Vec::new(),
        }
    }

    /// Records an error at `path`.
    pub fn error(&mut self, path: &Path<'_>, code: &'static str, message: impl Into<String>) {
        self.add(path, code, message.into(), Severity::Error);
    }

    /// Records a warning at `path`.
    pub fn warning(&mut self, path: &Path<'_>, code: &'static str, message: impl Into<String>) {
        self.add(path, code, message.into(), Severity::Warning);
    }

    fn add(&mut self, path: &Path<'_>, code: &'static str, message: String, severity: Severity) {
        self.violations.push(Violation {
            pointer: path.to_pointer(),
            code,
            message,
            severity,
        });
    }

    /// Appends an already built violation.
    pub fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }

    /// All violations, in the order they were recorded (or sorted, after
    /// [`Report::sort`]).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The violations of severity [`Severity::Error`].
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Error)
    }

    /// The violations of severity [`Severity::Warning`].
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Warning)
    }

    /// Returns `true` if at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Returns `true` if no error was recorded (warnings are allowed).
    pub fn is_valid(&self) -> bool {
        !self.has_errors()
    }

    /// Returns `true` if nothing at all was recorded.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// The number of violations, errors and warnings together.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Consumes the report and returns its violations.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// Sorts the violations by pointer, then code, then message (stable), for
    /// deterministic output.
    pub fn sort(&mut self) {
        self.violations.sort_by(|a, b| {
            a.pointer
                .cmp(&b.pointer)
                .then_with(|| a.code.cmp(b.code))
                .then_with(|| a.message.cmp(&b.message))
        });
    }

    /// Appends all violations of `other`.
    pub fn extend(&mut self, other: Report) {
        self.violations.extend(other.violations);
    }
}

impl fmt::Display for Report {
    /// Writes one violation per line, lines joined with `\n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

// ---------------------------------------------------------------------------
// Validate
// ---------------------------------------------------------------------------

/// Semantic validation of a deserialized value.
pub trait Validate {
    /// Records the violations of `self`, located at `path`, into `report`.
    fn validate_at(&self, path: &Path<'_>, report: &mut Report);

    /// Validates `self` as a whole document and returns the report.
    fn validate(&self) -> Report {
        let mut report = Report::new();
        self.validate_at(&Path::root(), &mut report);
        report
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&path.index(i), report);
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        if let Some(v) = self {
            v.validate_at(path, report);
        }
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        if let Nullable::Value(v) = self {
            v.validate_at(path, report);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        (**self).validate_at(path, report);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        for (key, value) in self {
            value.validate_at(&path.key(key), report);
        }
    }
}

macro_rules! validate_nothing {
    ($($t:ty),* $(,)?) => {
        $(
            impl Validate for $t {
                fn validate_at(&self, _path: &Path<'_>, _report: &mut Report) {}
            }
        )*
    };
}

validate_nothing!(String, bool, i32, i64, u32, u64, f64, serde_json::Value);

// ---------------------------------------------------------------------------
// Format checks
// ---------------------------------------------------------------------------

/// The number of Unicode scalar values in `s` (what JSON Schema calls the
/// length of a string).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// An E.164 telephone number: `+`, then 2 to 15 digits, the first 1-9.
pub fn is_e164(s: &str) -> bool {
    match s.as_bytes() {
        [b'+', first, rest @ ..] => {
            (b'1'..=b'9').contains(first)
                && (1..=14).contains(&rest.len())
                && rest.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// A UUID in the 8-4-4-4-12 hexadecimal form, either case.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Parses `n` ASCII digits of `b` starting at `at`.
fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let slice = b.get(at..at + n)?;
    slice.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Checks an RFC 3339 `full-date` at the start of `b` (10 bytes).
fn full_date_prefix(b: &[u8]) -> bool {
    let (Some(year), Some(month), Some(day)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2))
    else {
        return false;
    };
    b[4] == b'-'
        && b[7] == b'-'
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
}

/// An RFC 3339 `full-date`: `YYYY-MM-DD` with a real day of the month.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && full_date_prefix(b)
}

/// An RFC 3339 `date-time`: `YYYY-MM-DD`, `T` (or `t`), `HH:MM:SS`, an
/// optional fraction of one or more digits, then `Z` (or `z`) or `±HH:MM`.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || !full_date_prefix(b) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) =
        (digits(b, 11, 2), digits(b, 14, 2), digits(b, 17, 2))
    else {
        return false;
    };
    if b[13] != b':' || b[16] != b':' || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    // The minute of the day in UTC: second 60 (a leap second) exists only at 23:59:60 UTC.
    let local_minute = (hour * 60 + minute) as i32;
    let mut i = 19;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    let offset_minutes = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), offset @ ..] => {
            let (Some(h), Some(m)) = (digits(offset, 0, 2), digits(offset, 3, 2)) else {
                return false;
            };
            if offset.len() != 5 || offset[2] != b':' || h > 23 || m > 59 {
                return false;
            }
            let minutes = (h * 60 + m) as i32;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return false,
    };
    second < 60 || (local_minute - offset_minutes).rem_euclid(24 * 60) == 23 * 60 + 59
}

/// Character classes of RFC 3986, one bit each, indexed by byte.
const ALPHA: u8 = 1;
const DIGIT: u8 = 2;
const HEXDIG: u8 = 4;
/// `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"`
const UNRESERVED: u8 = 8;
/// `sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`
const SUB_DELIM: u8 = 16;
/// `scheme` characters after the first: `ALPHA / DIGIT / "+" / "-" / "."`
const SCHEME: u8 = 32;

const URI_CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let mut class = 0;
        if b.is_ascii_alphabetic() {
            class |= ALPHA | UNRESERVED | SCHEME;
        }
        if b.is_ascii_digit() {
            class |= DIGIT | UNRESERVED | SCHEME;
        }
        if b.is_ascii_hexdigit() {
            class |= HEXDIG;
        }
        if matches!(b, b'-' | b'.' | b'_' | b'~') {
            class |= UNRESERVED;
        }
        if matches!(
            b,
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
        ) {
            class |= SUB_DELIM;
        }
        if matches!(b, b'+' | b'-' | b'.') {
            class |= SCHEME;
        }
        t[c] = class;
        c += 1;
    }
    t
};

/// Whether every byte of `b` is in `classes` or one of `extra`, `%HH` escapes allowed.
fn uri_chars(b: &[u8], classes: u8, extra: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if URI_CLASSES[c as usize] & classes != 0 || extra.contains(&c) {
            i += 1;
        } else if c == b'%'
            && b.get(i + 1)
                .is_some_and(|h| URI_CLASSES[*h as usize] & HEXDIG != 0)
            && b.get(i + 2)
                .is_some_and(|h| URI_CLASSES[*h as usize] & HEXDIG != 0)
        {
            i += 3;
        } else {
            return false;
        }
    }
    true
}

/// `dec-octet`: 0-255 without leading zeros.
fn is_dec_octet(b: &[u8]) -> bool {
    match b {
        [d] => d.is_ascii_digit(),
        [b'1'..=b'9', d] => d.is_ascii_digit(),
        [b'1', d, e] => d.is_ascii_digit() && e.is_ascii_digit(),
        [b'2', b'0'..=b'4', e] => e.is_ascii_digit(),
        [b'2', b'5', b'0'..=b'5'] => true,
        _ => false,
    }
}

/// `IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet`
fn is_ipv4(b: &[u8]) -> bool {
    let mut parts = 0;
    for part in b.split(|&c| c == b'.') {
        parts += 1;
        if parts > 4 || !is_dec_octet(part) {
            return false;
        }
    }
    parts == 4
}

/// `IPv6address` of RFC 3986: eight groups of one to four hex digits, or fewer around one
/// `::`, the last two groups optionally written as an IPv4 address.
fn is_ipv6(b: &[u8]) -> bool {
    let (head, tail, compressed) = match b.windows(2).position(|w| w == b"::") {
        Some(i) => (&b[..i], &b[i + 2..], true),
        None => (b, &b[..0], false),
    };
    // Groups of one side; `Some(count)` counts an IPv4 tail as two groups.
    let groups = |side: &[u8], last_side: bool| -> Option<usize> {
        if side.is_empty() {
            return Some(0);
        }
        let parts: Vec<&[u8]> = side.split(|&c| c == b':').collect();
        let mut n = 0;
        for (k, part) in parts.iter().enumerate() {
            let last = k + 1 == parts.len();
            if last_side && last && part.contains(&b'.') {
                if !is_ipv4(part) {
                    return None;
                }
                n += 2;
            } else if (1..=4).contains(&part.len())
                && part.iter().all(|c| URI_CLASSES[*c as usize] & HEXDIG != 0)
            {
                n += 1;
            } else {
                return None;
            }
        }
        Some(n)
    };
    if compressed {
        if tail.windows(2).any(|w| w == b"::") {
            return false;
        }
        match (groups(head, false), groups(tail, true)) {
            (Some(h), Some(t)) => h + t <= 7,
            _ => false,
        }
    } else {
        groups(head, true) == Some(8)
    }
}

/// `IP-literal` without its brackets: an IPv6 address, or `IPvFuture` (`v` hex `.` text).
fn is_ip_literal(b: &[u8]) -> bool {
    match b {
        [b'v' | b'V', rest @ ..] => match rest.iter().position(|&c| c == b'.') {
            Some(dot) if dot > 0 => {
                rest[..dot]
                    .iter()
                    .all(|c| URI_CLASSES[*c as usize] & HEXDIG != 0)
                    && dot + 1 < rest.len()
                    && rest[dot + 1..].iter().all(|c| {
                        URI_CLASSES[*c as usize] & (UNRESERVED | SUB_DELIM) != 0 || *c == b':'
                    })
            }
            _ => false,
        },
        _ => is_ipv6(b),
    }
}

/// `authority = [ userinfo "@" ] host [ ":" port ]`
fn is_authority(b: &[u8]) -> bool {
    let (userinfo, hostport) = match b.iter().position(|&c| c == b'@') {
        Some(at) => (Some(&b[..at]), &b[at + 1..]),
        None => (None, b),
    };
    if userinfo.is_some_and(|u| !uri_chars(u, UNRESERVED | SUB_DELIM, b":")) {
        return false;
    }
    let (host_ok, port) = if let Some(rest) = hostport.strip_prefix(b"[") {
        match rest.iter().position(|&c| c == b']') {
            Some(end) => (is_ip_literal(&rest[..end]), &rest[end + 1..]),
            None => return false,
        }
    } else {
        let end = hostport
            .iter()
            .position(|&c| c == b':')
            .unwrap_or(hostport.len());
        // `reg-name` (which also covers an IPv4 address).
        (
            uri_chars(&hostport[..end], UNRESERVED | SUB_DELIM, b""),
            &hostport[end..],
        )
    };
    host_ok
        && match port {
            [] => true,
            [b':', digits @ ..] => digits.iter().all(u8::is_ascii_digit),
            _ => false,
        }
}

/// A URI per RFC 3986 (`scheme ":" hier-part [ "?" query ] [ "#" fragment ]`): a scheme, then
/// an authority after `//` (user information, a host that is a name, an IPv4 address or a
/// bracketed IPv6 or future literal, and a numeric port), a path, a query and at most one
/// fragment, each with only the characters the grammar allows there and valid `%HH` escapes.
/// A relative reference (no scheme) is not a URI.
pub fn is_uri(s: &str) -> bool {
    let b = s.as_bytes();
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return false;
    };
    let scheme_ok = match &b[..colon] {
        [first, tail @ ..] => {
            URI_CLASSES[*first as usize] & ALPHA != 0
                && tail.iter().all(|c| URI_CLASSES[*c as usize] & SCHEME != 0)
        }
        [] => false,
    };
    if !scheme_ok {
        return false;
    }
    let rest = &b[colon + 1..];
    let (rest, fragment) = match rest.iter().position(|&c| c == b'#') {
        Some(h) => (&rest[..h], Some(&rest[h + 1..])),
        None => (rest, None),
    };
    let (hier, query) = match rest.iter().position(|&c| c == b'?') {
        Some(q) => (&rest[..q], Some(&rest[q + 1..])),
        None => (rest, None),
    };
    // query = fragment = *( pchar / "/" / "?" ), pchar = unreserved / pct / sub-delims / ":" / "@"
    let tail_ok =
        |part: Option<&[u8]>| part.is_none_or(|p| uri_chars(p, UNRESERVED | SUB_DELIM, b":@/?"));
    if !tail_ok(query) || !tail_ok(fragment) {
        return false;
    }
    // hier-part = "//" authority path-abempty / path-absolute / path-rootless / path-empty
    let path = match hier.strip_prefix(b"//") {
        Some(after) => {
            let end = after.iter().position(|&c| c == b'/').unwrap_or(after.len());
            if !is_authority(&after[..end]) {
                return false;
            }
            &after[end..]
        }
        None => {
            // path-absolute cannot start with "//" (that would be an authority).
            hier
        }
    };
    uri_chars(path, UNRESERVED | SUB_DELIM, b":@/")
}

/// A plain e-mail address: exactly one `@`, a non-empty local part, and a
/// domain of at least two non-empty dot-separated labels; no whitespace or
/// control characters anywhere.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

/// A decimal number as a string: optional `-`, one or more digits, then
/// optionally `.` and one or more digits. No exponent, `+` or whitespace.
pub fn is_decimal_string(s: &str) -> bool {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|c| c.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

/// A string holding a JSON object: after leading whitespace it starts with
/// `{`, and the whole string is valid JSON.
pub fn is_json_object_string(s: &str) -> bool {
    s.trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{')
        && serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok()
}

/// Runs the check for the named string `format`: `Some(result)` for
/// `date-time`, `date`, `uuid`, `uri`, `email`, `e164`, `decimal-string`
/// and `json-string`; `None` for an unknown format name.
pub fn format_name_check(format: &str, value: &str) -> Option<bool> {
    let check: fn(&str) -> bool = match format {
        "date-time" => is_date_time,
        "date" => is_date,
        "uuid" => is_uuid,
        "uri" => is_uri,
        "email" => is_email,
        "e164" => is_e164,
        "decimal-string" => is_decimal_string,
        "json-string" => is_json_object_string,
        _ => return None,
    };
    Some(check(value))
}

// ---------------------------------------------------------------------------
// Raw JSON shape helpers
// ---------------------------------------------------------------------------

/// The JSON Schema type name of `v`: `"null"`, `"boolean"`, `"integer"` (a
/// number stored as a signed or unsigned integer), `"number"`, `"string"`,
/// `"array"` or `"object"`.
pub fn json_type_name(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Returns `true` if `v` is an integer JSON number that fits in an `i32`
/// (a float such as `3.0` or `1e3` is not an integer; `-0` is zero).
pub fn is_i32(v: &serde_json::Value) -> bool {
    v.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) || is_negative_zero(v)
}

/// Returns `true` if `v` is an integer JSON number that fits in an `i64`
/// (a float such as `3.0` or `1e3` is not an integer; `-0` is zero).
pub fn is_i64(v: &serde_json::Value) -> bool {
    v.as_i64().is_some() || is_negative_zero(v)
}

/// Whether `v` is the number `-0`. JSON Schema counts it as the integer zero, but `serde_json`
/// reads it as the float `-0.0`, which serde's integer types refuse.
pub fn is_negative_zero(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => n
            .as_f64()
            .is_some_and(|f| f == 0.0 && f.is_sign_negative() && !n.is_i64() && !n.is_u64()),
        _ => false,
    }
}

/// Whether a `-0` appears anywhere in `v`.
fn contains_negative_zero(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Array(xs) => xs.iter().any(contains_negative_zero),
        serde_json::Value::Object(m) => m.values().any(contains_negative_zero),
        other => is_negative_zero(other),
    }
}

/// `v` with every `-0` written as the integer `0`, so that integer fields deserialize.
fn without_negative_zeros(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Array(xs) => {
            serde_json::Value::Array(xs.iter().map(without_negative_zeros).collect())
        }
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), without_negative_zeros(x)))
                .collect(),
        ),
        other if is_negative_zero(other) => serde_json::Value::from(0),
        other => other.clone(),
    }
}

/// Records a `"type"` error at `path`: `expected {expected}, found {type}`.
pub fn type_violation(
    report: &mut Report,
    path: &Path<'_>,
    expected: &str,
    found: &serde_json::Value,
) {
    report.error(
        path,
        "type",
        format!("expected {expected}, found {}", json_type_name(found)),
    );
}

// ---------------------------------------------------------------------------
// Open enums
// ---------------------------------------------------------------------------

/// Deserializes a string-valued enum through `From<&str>`, without allocating for the values
/// the enum knows. Generated open enums use it, so a value the vendor adds later is kept
/// instead of failing.
pub fn deserialize_str_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
}

// ---------------------------------------------------------------------------
// Violation helpers (one wording, shared by compiled and interpreted validators)
// ---------------------------------------------------------------------------

/// Words for a format name, for messages.
pub fn format_description(format: &str) -> &'static str {
    match format {
        "date-time" => "an RFC 3339 date-time",
        "date" => "an RFC 3339 date",
        "uuid" => "a UUID",
        "uri" => "an absolute URI",
        "email" => "an e-mail address",
        "e164" => "an E.164 phone number",
        "decimal-string" => "a decimal number written as a string",
        "json-string" => "a string holding a JSON object",
        _ => "a value of the documented format",
    }
}

/// Reports a `format` violation unless `ok`.
pub fn check_format(
    report: &mut Report,
    path: &Path<'_>,
    value: &str,
    format: &'static str,
    ok: bool,
) {
    if !ok {
        report.error(
            path,
            "format",
            format!(
                "expected {} (`{format}`), found {value:?}",
                format_description(format)
            ),
        );
    }
}

/// Reports `minimum` when `value < min` (integers).
pub fn check_minimum_i64(report: &mut Report, path: &Path<'_>, value: i64, min: i64) {
    if value < min {
        report.error(
            path,
            "minimum",
            format!("must be at least {min}, found {value}"),
        );
    }
}

/// Reports `maximum` when `value > max` (integers).
pub fn check_maximum_i64(report: &mut Report, path: &Path<'_>, value: i64, max: i64) {
    if value > max {
        report.error(
            path,
            "maximum",
            format!("must be at most {max}, found {value}"),
        );
    }
}

/// Reports `minimum` when `value < min` (numbers).
pub fn check_minimum_f64(report: &mut Report, path: &Path<'_>, value: f64, min: f64) {
    if value < min {
        report.error(
            path,
            "minimum",
            format!("must be at least {min}, found {value}"),
        );
    }
}

/// Reports `maximum` when `value > max` (numbers).
pub fn check_maximum_f64(report: &mut Report, path: &Path<'_>, value: f64, max: f64) {
    if value > max {
        report.error(
            path,
            "maximum",
            format!("must be at most {max}, found {value}"),
        );
    }
}

/// Reports `min_length` / `max_length` for a string's length in characters.
pub fn check_length(
    report: &mut Report,
    path: &Path<'_>,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
) {
    let n = char_len(value) as u64;
    if let Some(min) = min {
        if n < min {
            report.error(
                path,
                "min_length",
                format!("must have at least {min} character(s), found {n}"),
            );
        }
    }
    if let Some(max) = max {
        if n > max {
            report.error(
                path,
                "max_length",
                format!("must have at most {max} character(s), found {n}"),
            );
        }
    }
}

/// Reports `min_items` / `max_items` for an array's length.
pub fn check_items(
    report: &mut Report,
    path: &Path<'_>,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
) {
    let n = len as u64;
    if let Some(min) = min {
        if n < min {
            report.error(
                path,
                "min_items",
                format!("must have at least {min} item(s), found {n}"),
            );
        }
    }
    if let Some(max) = max {
        if n > max {
            report.error(
                path,
                "max_items",
                format!("must have at most {max} item(s), found {n}"),
            );
        }
    }
}

/// Reports a `const` violation.
pub fn const_violation(report: &mut Report, path: &Path<'_>, expected: &str) {
    report.error(path, "const", format!("must be {expected}"));
}

/// Reports a `pattern` violation.
pub fn pattern_violation(report: &mut Report, path: &Path<'_>, pattern: &str) {
    report.error(
        path,
        "pattern",
        format!("must match the pattern {pattern:?}"),
    );
}

/// Reports a missing required field (the path is the field's own).
pub fn required_violation(report: &mut Report, path: &Path<'_>) {
    report.error(path, "required", "missing required field");
}

/// Reports a `null` where the field is not nullable.
pub fn null_violation(report: &mut Report, path: &Path<'_>) {
    report.error(path, "null", "must not be null");
}

/// Reports a value outside a closed enum (or an unknown union tag).
pub fn enum_violation(report: &mut Report, path: &Path<'_>, found: &str, allowed: &[&str]) {
    report.error(
        path,
        "enum",
        format!("{found:?} is not one of: {}", allowed.join(", ")),
    );
}

/// Warns that a value the schema marks deprecated was used (a retired enum spelling, say).
pub fn deprecated_value(report: &mut Report, path: &Path<'_>, value: &str) {
    report.warning(
        path,
        "deprecated_value",
        format!("{value:?} is deprecated; see the field's documentation for the current value"),
    );
}

// ---------------------------------------------------------------------------
// Tagged unions: tag-first deserialization
// ---------------------------------------------------------------------------

/// A tagged union whose variant a member of the object (the tag) chooses. The generated
/// `Deserialize` impl of such a union calls [`deserialize_tagged`].
pub trait TaggedUnion: Sized {
    /// The tag member's name.
    const TAG: &'static str;
    /// The tag values, one per variant, in variant order.
    const VARIANTS: &'static [&'static str];
    /// Deserializes variant `index` from `rest`: the object's other members (or all of them).
    fn variant<'de, D: Deserializer<'de>>(index: usize, rest: D) -> Result<Self, D::Error>;
}

/// Reads a map key: `None` when it is `tag` (without allocating), else the key.
struct KeyUnlessTag(&'static str);

impl<'de> serde::de::DeserializeSeed<'de> for KeyUnlessTag {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V(&'static str);
        impl serde::de::Visitor<'_> for V {
            type Value = Option<String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok((key != self.0).then(|| key.to_string()))
            }
        }
        d.deserialize_str(V(self.0))
    }
}

/// Reads a tag value as the index of the variant it names (without allocating).
struct TagIndex(&'static [&'static str]);

impl<'de> serde::de::DeserializeSeed<'de> for TagIndex {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V(&'static [&'static str]);
        impl serde::de::Visitor<'_> for V {
            type Value = usize;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a tag value")
            }
            fn visit_str<E: serde::de::Error>(self, tag: &str) -> Result<usize, E> {
                self.0
                    .iter()
                    .position(|v| *v == tag)
                    .ok_or_else(|| E::unknown_variant(tag, self.0))
            }
        }
        d.deserialize_str(V(self.0))
    }
}

/// Deserializes a tagged union tag first: when the tag is the object's first member (as every
/// serializer of ours writes it), the variant is deserialized straight from the rest of the
/// object, without buffering it; otherwise the object is read into a `serde_json::Value` first
/// and the variant chosen from there.
pub fn deserialize_tagged<'de, T: TaggedUnion, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    struct Visit<T>(std::marker::PhantomData<T>);
    impl<'de, T: TaggedUnion> serde::de::Visitor<'de> for Visit<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an object with a `{}` member", T::TAG)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            use serde::de::Error as _;
            match map.next_key_seed(KeyUnlessTag(T::TAG))? {
                Some(None) => {
                    let index = map.next_value_seed(TagIndex(T::VARIANTS))?;
                    T::variant(index, serde::de::value::MapAccessDeserializer::new(map))
                }
                first => {
                    // The tag is not first (or the object is empty): read it all, then choose.
                    let mut object = serde_json::Map::new();
                    if let Some(Some(key)) = first {
                        let value: serde_json::Value = map.next_value()?;
                        object.insert(key, value);
                        while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                            object.insert(k, v);
                        }
                    }
                    let index = match object.get(T::TAG) {
                        Some(serde_json::Value::String(tag)) => T::VARIANTS
                            .iter()
                            .position(|v| v == tag)
                            .ok_or_else(|| A::Error::unknown_variant(tag, T::VARIANTS))?,
                        Some(_) => {
                            return Err(A::Error::custom(format_args!(
                                "the `{}` member must be a string",
                                T::TAG
                            )));
                        }
                        None => return Err(A::Error::missing_field(T::TAG)),
                    };
                    T::variant(index, serde_json::Value::Object(object)).map_err(A::Error::custom)
                }
            }
        }
    }
    d.deserialize_map(Visit(std::marker::PhantomData))
}

// ---------------------------------------------------------------------------
// Payload validation
// ---------------------------------------------------------------------------

/// Which payload of an operation: its request body, or the response body of a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayloadKind {
    /// The request body.
    Request,
    /// The response body for this HTTP status.
    Response(u16),
}

impl fmt::Display for PayloadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadKind::Request => f.write_str("request"),
            PayloadKind::Response(s) => write!(f, "response {s}"),
        }
    }
}

/// The operation, or the payload of it, is not documented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPayload {
    /// `api.operation_id` as asked.
    pub name: String,
    /// The payload asked for.
    pub kind: PayloadKind,
}

impl UnknownPayload {
    /// Describes what was asked for.
    pub fn new(name: &str, kind: PayloadKind) -> Self {
        UnknownPayload {
            name: name.to_string(),
            kind,
        }
    }
}

impl fmt::Display for UnknownPayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no documented {} payload for operation `{}`",
            self.kind, self.name
        )
    }
}

impl std::error::Error for UnknownPayload {}

/// Validates a JSON value as a `T`: first its structure with `check` (JSON types, required
/// fields, enum values; every problem listed), then, when that is sound, every constraint and
/// rule of the typed value. The report is sorted.
pub fn validate_value<'de, T>(
    value: &'de serde_json::Value,
    check: fn(&serde_json::Value, &Path<'_>, &mut Report),
) -> Report
where
    T: Deserialize<'de> + Validate,
{
    let mut report = Report::new();
    check(value, &Path::root(), &mut report);
    if !report.has_errors() {
        match T::deserialize(value) {
            Ok(typed) => typed.validate_at(&Path::root(), &mut report),
            // `-0` in an integer field passed the structure check; read it as `0` (only on
            // this rare path, so valid payloads still allocate nothing here).
            Err(_) if contains_negative_zero(value) => {
                match T::deserialize(without_negative_zeros(value)) {
                    Ok(typed) => typed.validate_at(&Path::root(), &mut report),
                    Err(e) => report.error(&Path::root(), "type", e.to_string()),
                }
            }
            Err(e) => report.error(&Path::root(), "type", e.to_string()),
        }
    }
    report.sort();
    report
}

/// A structure check that accepts anything (for `any` bodies).
pub fn check_any(_value: &serde_json::Value, _path: &Path<'_>, _report: &mut Report) {}

// ---------------------------------------------------------------------------
// Structure-check helpers (keep the generated `check_json` functions short)
// ---------------------------------------------------------------------------

/// Looks up an object member for a structure check: reports a missing required member or a
/// `null` where the member is not nullable, and returns the value when it is present and not
/// `null`.
pub fn member<'v>(
    map: &'v serde_json::Map<String, serde_json::Value>,
    key: &str,
    required: bool,
    nullable: bool,
    path: &Path<'_>,
    report: &mut Report,
) -> Option<&'v serde_json::Value> {
    match map.get(key) {
        None => {
            if required {
                required_violation(report, &path.key(key));
            }
            None
        }
        Some(serde_json::Value::Null) => {
            if !nullable {
                null_violation(report, &path.key(key));
            }
            None
        }
        Some(value) => Some(value),
    }
}

/// Checks an object's members against the names it declares (`known`). With `reject`, every
/// other member is an `unknown_field` error; otherwise it is ignored, except that a member one
/// edit away from a declared name (a typo such as `stauts`) gets a `possible_typo` warning.
/// Allocates nothing unless it reports.
pub fn unknown_members(
    map: &serde_json::Map<String, serde_json::Value>,
    known: &[&str],
    reject: bool,
    path: &Path<'_>,
    report: &mut Report,
) {
    for key in map.keys() {
        if known.contains(&key.as_str()) {
            continue;
        }
        let near = known.iter().find(|k| one_edit_apart(key, k));
        if reject {
            let message = match near {
                Some(k) => format!("unknown field {key:?}; did you mean {k:?}?"),
                None => format!(
                    "unknown field {key:?}; this object takes only: {}",
                    known.join(", ")
                ),
            };
            report.error(&path.key(key), "unknown_field", message);
        } else if let Some(k) = near {
            report.warning(
                &path.key(key),
                "possible_typo",
                format!("unknown field {key:?} is ignored; did you mean {k:?}?"),
            );
        }
    }
}

/// Whether `a` becomes `b` by one edit: a character inserted, deleted or replaced, or two
/// adjacent characters swapped. Equal strings are not one edit apart.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 1 || a == b {
        return false;
    }
    // The common prefix ends at the same byte offset in both strings.
    let cut = a
        .char_indices()
        .zip(b.chars())
        .find(|&((_, p), q)| p != q)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let (rest_a, rest_b) = (&a[cut..], &b[cut..]);
    fn skip1(s: &str) -> &str {
        let mut c = s.chars();
        c.next();
        c.as_str()
    }
    if la == lb {
        // Replacement, or a swap of the first two differing characters.
        if skip1(rest_a) == skip1(rest_b) {
            return true;
        }
        let mut ca = rest_a.chars();
        let mut cb = rest_b.chars();
        match (ca.next(), ca.next(), cb.next(), cb.next()) {
            (Some(a0), Some(a1), Some(b0), Some(b1)) => {
                a0 == b1 && a1 == b0 && ca.as_str() == cb.as_str()
            }
            _ => false,
        }
    } else if la > lb {
        skip1(rest_a) == rest_b
    } else {
        rest_a == skip1(rest_b)
    }
}

/// Reports a `type` violation unless the value is a string.
pub fn expect_string(value: &serde_json::Value, path: &Path<'_>, report: &mut Report) {
    if !value.is_string() {
        type_violation(report, path, "string", value);
    }
}

/// Reports a `type` violation unless the value is a boolean.
pub fn expect_boolean(value: &serde_json::Value, path: &Path<'_>, report: &mut Report) {
    if !value.is_boolean() {
        type_violation(report, path, "boolean", value);
    }
}

/// Reports a `type` violation unless the value is an integer in the i32 range.
pub fn expect_i32(value: &serde_json::Value, path: &Path<'_>, report: &mut Report) {
    if !is_i32(value) {
        type_violation(report, path, "int32", value);
    }
}

/// Reports a `type` violation unless the value is an integer in the i64 range.
pub fn expect_i64(value: &serde_json::Value, path: &Path<'_>, report: &mut Report) {
    if !is_i64(value) {
        type_violation(report, path, "int64", value);
    }
}

/// Reports a `type` violation unless the value is a number.
pub fn expect_number(value: &serde_json::Value, path: &Path<'_>, report: &mut Report) {
    if !value.is_number() {
        type_violation(report, path, "number", value);
    }
}

/// Returns the items of an array, or reports a `type` violation.
pub fn expect_array<'v>(
    value: &'v serde_json::Value,
    path: &Path<'_>,
    report: &mut Report,
) -> Option<&'v Vec<serde_json::Value>> {
    let items = value.as_array();
    if items.is_none() {
        type_violation(report, path, "array", value);
    }
    items
}

/// Returns the members of an object, or reports a `type` violation.
pub fn expect_object<'v>(
    value: &'v serde_json::Value,
    path: &Path<'_>,
    report: &mut Report,
) -> Option<&'v serde_json::Map<String, serde_json::Value>> {
    let members = value.as_object();
    if members.is_none() {
        type_violation(report, path, "object", value);
    }
    members
}
