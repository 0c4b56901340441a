//! Single-pass payload validation: one walk over a JSON document that checks everything the
//! two-phase validators check (first the structure: JSON types, required members, `null`s,
//! enum values, union tags, unknown members; then the constraints: formats, lengths, bounds,
//! items, cross-field rules), with the same codes, pointers and messages, and that allocates
//! nothing unless it reports.
//!
//! Generated code implements `Scan` for every named type, generic over a `Source`, the
//! document being walked:
//!
//! * `Text` reads JSON text, bytes or `&str`, once, left to right: nothing is parsed into a
//!   tree or a typed model, strings are compared and checked where they lie in the input
//!   (unescaped into a stack buffer only when they hold escapes and their content is checked);
//! * `Parsed` walks a `serde_json::Value` the caller already holds.
//!
//! Findings go to an `Out`, which keeps the two phases apart: the report is the structure's
//! findings and, only when the structure has no error, the constraints' findings, sorted, as
//! the two-phase validators give it.
//!
//! The single pass gives up (`Stop`) when the text is not JSON, or when it holds something that
//! a parsed `serde_json::Value` would see differently from a walk of the text: a member given
//! twice (the value keeps the last), or a member name written with escapes. The entry points
//! (`validate_text`) then parse the text with serde_json and validate the value instead, so the
//! report from bytes is always exactly the report of "parse, then validate the value".

use super::{Path, Report};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------

/// The single pass cannot decide this document exactly as a parsed value would be decided
/// (the text is not JSON, repeats a member, or escapes a member name): the caller parses it
/// and validates the value instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

/// The result of scanning a part of a document.
pub type Scanned<T = ()> = Result<T, Stop>;

/// The findings of a scan, kept in the two phases of the two-phase validators: structure, then
/// constraints (which count only when the structure has no error).
#[derive(Debug, Default)]
pub struct Out {
    structure: Report,
    typed: Report,
    /// Record only whether the structure has an error (an untagged union's alternatives are
    /// tried this way, as the structure check tries them in a scratch report).
    probe: bool,
    /// A structure error was found.
    failed: bool,
}

impl Out {
    /// Empty findings (does not allocate).
    pub const fn new() -> Self {
        Out {
            structure: Report::new(),
            typed: Report::new(),
            probe: false,
            failed: false,
        }
    }

    /// Findings that only note whether the structure has an error, for trying an alternative.
    pub const fn probe() -> Self {
        Out {
            structure: Report::new(),
            typed: Report::new(),
            probe: true,
            failed: false,
        }
    }

    /// The report of the constraint phase, for the check helpers of the crate root
    /// (`check_format`, `check_minimum_i64`, ...).
    #[inline]
    pub fn typed(&mut self) -> &mut Report {
        &mut self.typed
    }

    /// Whether no structure error was found (for a probe: the alternative fits).
    #[inline]
    pub fn matched(&self) -> bool {
        !self.failed
    }

    /// Takes the constraint findings of the alternative that fits (its structure warnings are
    /// dropped, as the structure check drops its scratch report).
    pub fn adopt(&mut self, alternative: Out) {
        if !alternative.typed.is_empty() {
            self.typed.extend(alternative.typed);
        }
    }

    /// A value of the wrong JSON type: `expected {expected}, found {found}`.
    #[cold]
    #[inline(never)]
    pub fn type_mismatch(&mut self, path: &Path<'_>, expected: &str, found: &str) {
        self.failed = true;
        if !self.probe {
            super::type_violation_named(&mut self.structure, path, expected, found);
        }
    }

    /// A required member is missing (`path` is the member's).
    #[cold]
    #[inline(never)]
    pub fn required(&mut self, path: &Path<'_>) {
        self.failed = true;
        if !self.probe {
            super::required_violation(&mut self.structure, path);
        }
    }

    /// A string that fails a structural format (date-time, date, uuid: the formats the
    /// structure check verifies, since typed models cannot hold a malformed one).
    #[cold]
    #[inline(never)]
    pub fn format_mismatch(&mut self, path: &Path<'_>, value: &str, format: &'static str) {
        self.failed = true;
        if !self.probe {
            super::check_format(&mut self.structure, path, value, format, false);
        }
    }

    /// A `null` where the member is not nullable.
    #[cold]
    #[inline(never)]
    pub fn null(&mut self, path: &Path<'_>) {
        self.failed = true;
        if !self.probe {
            super::null_violation(&mut self.structure, path);
        }
    }

    /// A string outside a closed enum, or an unknown union tag.
    #[cold]
    #[inline(never)]
    pub fn not_one_of(&mut self, path: &Path<'_>, found: Str<'_>, allowed: &[&str]) {
        self.failed = true;
        if !self.probe {
            let report = &mut self.structure;
            // Strings of a scanned document are valid UTF-8 with valid escapes.
            let _ = found.with_text(|text| super::enum_violation(report, path, text, allowed));
        }
    }

    /// A member the object does not declare: an error when the object rejects unknown members,
    /// a did-you-mean warning when it is one edit away from a declared name. A member given
    /// twice is reported once, as a parsed value (which keeps one of them) has it once.
    #[cold]
    #[inline(never)]
    fn unknown(&mut self, path: &Path<'_>, key: &str, known: &[&str], reject: bool) {
        if reject {
            self.failed = true;
        }
        if self.probe {
            return;
        }
        let mut found = Report::new();
        super::unknown_member(key, known, reject, path, &mut found);
        for v in found.into_violations() {
            let again = self
                .structure
                .violations()
                .iter()
                .any(|w| w.pointer == v.pointer && w.code == v.code);
            if !again {
                self.structure.push(v);
            }
        }
    }

    /// The report: the structure's findings and, when the structure has no error, the
    /// constraints' findings, sorted.
    #[inline]
    pub fn finish(self) -> Report {
        if self.structure.is_empty() && self.typed.is_empty() {
            return Report::new();
        }
        let mut report = if self.failed {
            self.structure
        } else if self.structure.is_empty() {
            self.typed
        } else {
            let mut both = self.structure;
            both.extend(self.typed);
            both
        };
        report.sort();
        report
    }
}

// ---------------------------------------------------------------------------
// Values as the document holds them
// ---------------------------------------------------------------------------

/// A JSON number as the document holds it; classified the way serde_json stores numbers, so
/// that "integer" and "number" are told apart exactly as for a parsed value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num<'j> {
    /// A non-negative integer that fits a `u64`.
    Unsigned(u64),
    /// A negative integer that fits an `i64`.
    Negative(i64),
    /// Any other number of JSON text, as written (a fraction, an exponent, `-0`, an integer
    /// beyond 64 bits); read as a float on demand.
    Text(&'j str),
    /// Any other number of a parsed value.
    Float(f64),
}

impl Num<'_> {
    /// The number of a parsed value.
    #[inline(always)]
    pub fn of(n: &serde_json::Number) -> Num<'static> {
        if let Some(u) = n.as_u64() {
            Num::Unsigned(u)
        } else if let Some(i) = n.as_i64() {
            Num::Negative(i)
        } else {
            Num::Float(n.as_f64().unwrap_or(f64::NAN))
        }
    }

    /// `"integer"` or `"number"`, as `json_type_name` names a parsed number.
    pub fn type_name(&self) -> &'static str {
        match self {
            Num::Unsigned(_) | Num::Negative(_) => "integer",
            Num::Text(_) | Num::Float(_) => "number",
        }
    }

    /// The number as a float (what a `number` field holds).
    pub fn as_f64(&self) -> f64 {
        match *self {
            Num::Unsigned(u) => u as f64,
            Num::Negative(i) => i as f64,
            Num::Text(t) => t.parse().unwrap_or(f64::NAN),
            Num::Float(f) => f,
        }
    }

    /// Whether the number is `-0` (JSON Schema's integer zero; serde_json's float `-0.0`).
    #[inline(always)]
    pub fn is_negative_zero(&self) -> bool {
        matches!(self, Num::Text(_) | Num::Float(_)) && {
            let f = self.as_f64();
            f == 0.0 && f.is_sign_negative()
        }
    }

    /// The integer, when the number is one in the `i64` range (`-0` is zero).
    #[inline(always)]
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Num::Unsigned(u) => i64::try_from(u).ok(),
            Num::Negative(i) => Some(i),
            Num::Text(_) | Num::Float(_) => self.is_negative_zero().then_some(0),
        }
    }

    /// The integer, when the number is one in the `i32` range (`-0` is zero).
    #[inline(always)]
    pub fn as_i32(&self) -> Option<i64> {
        self.as_i64().filter(|i| i32::try_from(*i).is_ok())
    }
}

/// A JSON string as the document holds it: a string of a parsed value, or the text between
/// the quotes of a string in JSON text (valid UTF-8 with valid escapes), which is unescaped
/// only when its content is checked. A flat struct of aligned fields, cheap to pass around.
#[derive(Debug, Clone, Copy)]
pub struct Str<'j> {
    /// The bytes as the document holds them.
    bytes: &'j [u8],
    /// The string itself, when the document holds it as one (a parsed value).
    parsed: Option<&'j str>,
    /// The text has escapes.
    escaped: bool,
    /// The text is known to be all ASCII.
    ascii: bool,
}

impl<'j> Str<'j> {
    /// A string of a parsed value.
    #[inline(always)]
    pub fn parsed(s: &'j str) -> Self {
        Str {
            bytes: s.as_bytes(),
            parsed: Some(s),
            escaped: false,
            ascii: false,
        }
    }

    /// The text of a string in JSON text: its bytes between the quotes (valid UTF-8 with valid
    /// escapes), whether they hold escapes and whether they are all ASCII.
    #[inline(always)]
    fn raw(bytes: &'j [u8], escaped: bool, ascii: bool) -> Self {
        Str {
            bytes,
            parsed: None,
            escaped,
            ascii,
        }
    }

    /// Calls `f` with the string's content, unescaped (into a buffer on the stack unless the
    /// string is longer than 4 KiB). `Err` only for text that is not a valid JSON string, which
    /// a scan never hands out.
    #[inline(always)]
    pub fn with_text<R>(self, f: impl FnOnce(&str) -> R) -> Scanned<R> {
        if let Some(s) = self.parsed {
            Ok(f(s))
        } else if !self.escaped {
            std::str::from_utf8(self.bytes).map(f).map_err(|_| Stop)
        } else {
            with_unescaped(self.bytes, f)
        }
    }

    /// Whether the string is `lit`.
    #[inline(always)]
    pub fn is(self, lit: &str) -> bool {
        if self.escaped {
            self.with_text(|t| t == lit).unwrap_or(false)
        } else {
            self.bytes == lit.as_bytes()
        }
    }

    /// The index of the string in `options`.
    #[inline(always)]
    pub fn position(self, options: &[&str]) -> Option<usize> {
        if self.escaped {
            self.with_text(|t| options.iter().position(|o| *o == t))
                .ok()
                .flatten()
        } else {
            options.iter().position(|o| o.as_bytes() == self.bytes)
        }
    }

    /// Bounds of the length in characters known without counting: `(at least, at most)`.
    fn char_bounds(self) -> (u64, u64) {
        let n = self.bytes.len() as u64;
        if self.escaped {
            // An escape stands for one character (a surrogate pair for one, in 12 bytes).
            (0, n)
        } else if self.ascii {
            (n, n)
        } else {
            // A character takes one to four bytes.
            (n.div_ceil(4), n)
        }
    }

    /// The length in characters (Unicode scalar values), as JSON Schema counts it.
    pub fn char_count(self) -> u64 {
        if self.escaped {
            self.with_text(|t| super::char_len(t) as u64).unwrap_or(0)
        } else if self.ascii {
            self.bytes.len() as u64
        } else {
            // Every byte but UTF-8's continuation bytes starts a character.
            self.bytes.iter().filter(|b| (**b as i8) >= -0x40).count() as u64
        }
    }
}

/// Unescapes the text of a JSON string (valid escapes) and calls `f` with it.
fn with_unescaped<R>(raw: &[u8], f: impl FnOnce(&str) -> R) -> Scanned<R> {
    // The unescaped text is never longer than the escaped one.
    fn run<R>(raw: &[u8], buf: &mut [u8], f: impl FnOnce(&str) -> R) -> Scanned<R> {
        let n = unescape(raw, buf)?;
        let text = std::str::from_utf8(&buf[..n]).map_err(|_| Stop)?;
        Ok(f(text))
    }
    if raw.len() <= 256 {
        run(raw, &mut [0u8; 256], f)
    } else if raw.len() <= 4096 {
        run(raw, &mut [0u8; 4096], f)
    } else {
        run(raw, &mut vec![0u8; raw.len()], f)
    }
}

/// Writes the unescaped text of `raw` into `out` (at least as long as `raw`); returns its
/// length.
fn unescape(raw: &[u8], out: &mut [u8]) -> Scanned<usize> {
    let (mut i, mut n) = (0, 0);
    while i < raw.len() {
        let c = raw[i];
        if c != b'\\' {
            *out.get_mut(n).ok_or(Stop)? = c;
            i += 1;
            n += 1;
            continue;
        }
        let e = *raw.get(i + 1).ok_or(Stop)?;
        let simple = match e {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'/' => Some(b'/'),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'u' => None,
            _ => return Err(Stop),
        };
        if let Some(s) = simple {
            *out.get_mut(n).ok_or(Stop)? = s;
            i += 2;
            n += 1;
            continue;
        }
        let unit = hex4(raw, i + 2)?;
        let (code, len) = match unit {
            0xD800..=0xDBFF => {
                if raw.get(i + 6) != Some(&b'\\') || raw.get(i + 7) != Some(&b'u') {
                    return Err(Stop);
                }
                let low = hex4(raw, i + 8)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(Stop);
                }
                (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), 12)
            }
            0xDC00..=0xDFFF => return Err(Stop),
            _ => (unit, 6),
        };
        let ch = char::from_u32(code).ok_or(Stop)?;
        let width = ch.len_utf8();
        ch.encode_utf8(out.get_mut(n..n + width).ok_or(Stop)?);
        i += len;
        n += width;
    }
    Ok(n)
}

/// The four hexadecimal digits of a `\u` escape at `at`.
fn hex4(b: &[u8], at: usize) -> Scanned<u32> {
    let digits = b.get(at..at + 4).ok_or(Stop)?;
    let mut v = 0u32;
    for &d in digits {
        let x = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            b'A'..=b'F' => d - b'A' + 10,
            _ => return Err(Stop),
        };
        v = v * 16 + u32::from(x);
    }
    Ok(v)
}

/// A value read from a document: a scalar, or an array or object to read on.
#[derive(Debug)]
pub enum Json<'j, O, A> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Num<'j>),
    /// A string.
    String(Str<'j>),
    /// An array, its items read with `Source::items` and `Source::item`.
    Array(A),
    /// An object, its members read with `Source::members` and `Source::member`.
    Object(O),
}

impl<O, A> Json<'_, O, A> {
    /// The JSON type's name, as `json_type_name` gives it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(n) => n.type_name(),
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }
}

/// A value read from source `S`.
pub type Read<'j, S> = Json<'j, <S as Source<'j>>::Object, <S as Source<'j>>::Array>;

/// The item type of an array whose items have nothing to check but their JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// Any value.
    Any,
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// A number.
    Number,
    /// An integer in the `i32` range (`-0` is zero).
    Int32,
    /// An integer in the `i64` range (`-0` is zero).
    Int64,
}

impl Scalar {
    /// The name type violations give it.
    pub fn name(self) -> &'static str {
        match self {
            Scalar::Any => "any",
            Scalar::String => "string",
            Scalar::Boolean => "boolean",
            Scalar::Number => "number",
            Scalar::Int32 => "int32",
            Scalar::Int64 => "int64",
        }
    }

    /// Whether a value read is of this type.
    #[inline(always)]
    pub fn accepts<O, A>(self, value: &Json<'_, O, A>) -> bool {
        match (self, value) {
            (Scalar::Any, _) => true,
            (Scalar::String, Json::String(_)) => true,
            (Scalar::Boolean, Json::Bool(_)) => true,
            (Scalar::Number, Json::Number(_)) => true,
            (Scalar::Int32, Json::Number(n)) => n.as_i32().is_some(),
            (Scalar::Int64, Json::Number(n)) => n.as_i64().is_some(),
            _ => false,
        }
    }

    /// Whether a parsed value is of this type.
    #[inline(always)]
    pub fn accepts_value(self, value: &Value) -> bool {
        match self {
            Scalar::Any => true,
            Scalar::String => value.is_string(),
            Scalar::Boolean => value.is_boolean(),
            Scalar::Number => value.is_number(),
            Scalar::Int32 => super::is_i32(value),
            Scalar::Int64 => super::is_i64(value),
        }
    }
}

/// A union's tag, looked up in an object before its variant is scanned.
#[derive(Debug, Clone, Copy)]
pub enum Tag<'j> {
    /// The object has no such member.
    Missing,
    /// The tag is a string.
    String(Str<'j>),
    /// The tag is not a string; the JSON type's name.
    Other(&'static str),
}

// ---------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------

/// A JSON document being walked. Each value (`At`) handed out must be consumed exactly once:
/// read (and, when it is an array or object, read or skipped to its end) or skipped.
pub trait Source<'j> {
    /// A value to read: for text, the one at the cursor; for a parsed value, a reference.
    type At: Copy;
    /// An object read, before its members are.
    type Object: Copy;
    /// An array read, before its items are.
    type Array: Copy;
    /// An object being read, member by member.
    type Members;
    /// An array being read, item by item.
    type Items;
    /// A saved position, to read a value again.
    type Mark: Copy;

    /// Reads a value: a scalar whole, or the start of an array or object.
    fn read(&mut self, at: Self::At) -> Scanned<Read<'j, Self>>;
    /// Starts reading the members of an object read.
    fn members(&mut self, object: Self::Object) -> Self::Members;
    /// Starts reading the items of an array read.
    fn items(&mut self, array: Self::Array) -> Self::Items;
    /// Whether the value is `null`; it is consumed when it is.
    fn is_null(&mut self, at: Self::At) -> Scanned<bool>;
    /// The next member of an object: its name and value.
    fn member(&mut self, members: &mut Self::Members) -> Scanned<Option<(&'j [u8], Self::At)>>;
    /// The next item of an array.
    fn item(&mut self, items: &mut Self::Items) -> Scanned<Option<Self::At>>;
    /// Skips a value (for text: checks that it is JSON).
    fn skip(&mut self, at: Self::At) -> Scanned;
    /// Skips the remaining members of an object.
    fn skip_members(&mut self, members: Self::Members) -> Scanned;
    /// Skips the remaining items of an array.
    fn skip_items(&mut self, items: Self::Items) -> Scanned;
    /// Saves the position of a value, to read it again (alternatives of an untagged union).
    fn mark(&mut self, at: Self::At) -> Self::Mark;
    /// Goes back to a saved position.
    fn resume(&mut self, mark: Self::Mark) -> Self::At;
    /// Looks up member `key` of an object whose members have not been read yet, leaving them
    /// all to read.
    fn tag(&mut self, members: &Self::Members, key: &str) -> Scanned<Tag<'j>>;
    /// Whether an earlier member of the object has the name of the member just read.
    fn repeated_key(&mut self, members: &Self::Members, key: &[u8]) -> Scanned<bool>;

    /// Reads the remaining items of an array (all of them: none has been read) whose items are
    /// of a JSON type `kind` with nothing more to check; reports each that is not, and returns
    /// how many there are.
    #[inline]
    fn scalar_items(
        &mut self,
        mut items: Self::Items,
        kind: Scalar,
        path: &Path<'_>,
        out: &mut Out,
    ) -> Scanned<usize> {
        let mut n = 0;
        while let Some(at) = self.item(&mut items)? {
            let value = self.read(at)?;
            if kind.accepts(&value) {
                self.finish(value)?;
            } else {
                mismatch(self, value, kind.name(), &path.index(n), out)?;
            }
            n += 1;
        }
        Ok(n)
    }

    /// Consumes the rest of a value read with `read`.
    #[inline]
    fn finish(&mut self, value: Read<'j, Self>) -> Scanned {
        match value {
            Json::Array(array) => {
                let items = self.items(array);
                self.skip_items(items)
            }
            Json::Object(object) => {
                let members = self.members(object);
                self.skip_members(members)
            }
            _ => Ok(()),
        }
    }
}

/// The deepest nesting of arrays and objects serde_json reads (it refuses the 128th level).
const MAX_DEPTH: u32 = 127;

/// JSON text, read once from left to right.
#[derive(Debug, Clone)]
pub struct Text<'j> {
    bytes: &'j [u8],
    pos: usize,
    depth: u32,
}

/// The value at the cursor of a [`Text`].
#[derive(Debug, Clone, Copy)]
pub struct Here;

/// An object of a [`Text`] read (its `{`), before its members are.
#[derive(Debug, Clone, Copy)]
pub struct TextObject;

/// An array of a [`Text`] read (its `[`), before its items are.
#[derive(Debug, Clone, Copy)]
pub struct TextArray;

/// An object of a [`Text`] being read.
#[derive(Debug, Clone, Copy)]
pub struct TextMembers {
    /// Just after the `{`.
    start: usize,
    /// The opening quote of the last member name read.
    key_at: usize,
    first: bool,
}

/// An array of a [`Text`] being read.
#[derive(Debug, Clone, Copy)]
pub struct TextItems {
    first: bool,
}

/// A saved position of a [`Text`].
#[derive(Debug, Clone, Copy)]
pub struct TextMark {
    pos: usize,
    depth: u32,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

impl<'j> Text<'j> {
    /// The text, to read from its start.
    pub fn new(bytes: &'j [u8]) -> Self {
        Text {
            bytes,
            pos: 0,
            depth: 0,
        }
    }

    /// Checks that nothing but whitespace follows the value read.
    pub fn end(&mut self) -> Scanned {
        self.ws();
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(Stop)
        }
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(&c) = self.bytes.get(self.pos) {
            if matches!(c, b' ' | b'\n' | b'\t' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    #[inline(always)]
    fn peek(&mut self) -> Scanned<u8> {
        self.ws();
        self.bytes.get(self.pos).copied().ok_or(Stop)
    }

    #[inline]
    fn enter(&mut self) -> Scanned {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(Stop)
        } else {
            Ok(())
        }
    }

    fn literal(&mut self, word: &[u8]) -> Scanned {
        match self.bytes.get(self.pos..self.pos + word.len()) {
            Some(w) if w == word => {
                self.pos += word.len();
                Ok(())
            }
            _ => Err(Stop),
        }
    }

    /// A string whose opening quote is just before the cursor; the cursor ends after its
    /// closing quote. Inlined where it is read: the scan of the text (`string_end`) returns
    /// its findings in registers.
    #[inline(always)]
    fn string(&mut self) -> Scanned<Str<'j>> {
        let found = string_end(self.bytes, self.pos, true)?;
        let (end, escaped, ascii) = (found.end(), found.escaped(), found.ascii());
        let bytes = &self.bytes[self.pos..end];
        if !ascii && std::str::from_utf8(bytes).is_err() {
            return Err(Stop);
        }
        self.pos = end + 1;
        Ok(Str::raw(bytes, escaped, ascii))
    }

    /// A number starting at the cursor, classified as serde_json stores it.
    #[inline(never)]
    fn number(&mut self) -> Scanned<Num<'j>> {
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        let negative = b.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let mut magnitude: u64 = 0;
        let mut overflow = false;
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(&d) = b.get(i) {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    match magnitude
                        .checked_mul(10)
                        .and_then(|m| m.checked_add(u64::from(d - b'0')))
                    {
                        Some(m) => magnitude = m,
                        None => overflow = true,
                    }
                    i += 1;
                }
            }
            _ => return Err(Stop),
        }
        let mut float = false;
        let mut exponent = false;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let digits = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == digits {
                return Err(Stop);
            }
            float = true;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let digits = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == digits {
                return Err(Stop);
            }
            float = true;
            exponent = true;
        }
        self.pos = i;
        if !float && !overflow {
            if !negative {
                return Ok(Num::Unsigned(magnitude));
            }
            if (1..=1 << 63).contains(&magnitude) {
                return Ok(Num::Negative((magnitude as i64).wrapping_neg()));
            }
        }
        let text = std::str::from_utf8(&b[start..i]).map_err(|_| Stop)?;
        // serde_json refuses a number beyond the range of a float ("number out of range").
        if (exponent || text.len() > 300) && !text.parse::<f64>().is_ok_and(f64::is_finite) {
            return Err(Stop);
        }
        Ok(Num::Text(text))
    }
}

/// What `string_end` finds, in one word so that it comes back in registers: the position of
/// the closing quote, and two flags in the top bits (texts are far shorter than 2^62 bytes).
#[derive(Clone, Copy)]
struct StringEnd(u64);

impl StringEnd {
    const ESCAPED: u64 = 1 << 63;
    const NOT_ASCII: u64 = 1 << 62;

    #[inline(always)]
    fn new(end: usize, escaped: bool, ascii: bool) -> Self {
        StringEnd(
            end as u64
                | if escaped { Self::ESCAPED } else { 0 }
                | if ascii { 0 } else { Self::NOT_ASCII },
        )
    }

    #[inline(always)]
    fn end(self) -> usize {
        (self.0 & !(Self::ESCAPED | Self::NOT_ASCII)) as usize
    }

    #[inline(always)]
    fn escaped(self) -> bool {
        self.0 & Self::ESCAPED != 0
    }

    #[inline(always)]
    fn ascii(self) -> bool {
        self.0 & Self::NOT_ASCII == 0
    }
}

/// The closing quote of a string that starts at `start` (after its opening quote), and whether
/// the string has escapes and is all ASCII. Eight bytes at a time while none is a quote, a
/// backslash or a control character. With `surrogates`, a `\u` escape of a surrogate must be
/// a high one followed by a low one (as serde_json requires of a string it reads); without,
/// any four hex digits do (as serde_json requires of a string it ignores).
#[inline(never)]
fn string_end(b: &[u8], start: usize, surrogates: bool) -> Scanned<StringEnd> {
    let mut i = start;
    let mut high = 0u64;
    let mut escaped = false;
    loop {
        // A byte is flagged when it is a quote or a backslash (its XOR with one is zero) or a
        // control character (below 0x20): subtracting borrows into its high bit, which `!w`
        // keeps for ASCII bytes only. A borrow can flag the byte above a flagged one too, so
        // only the lowest flag is exact, which is the one used.
        while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            let w = u64::from_le_bytes(*chunk);
            let quote = w ^ (ONES * u64::from(b'"'));
            let slash = w ^ (ONES * u64::from(b'\\'));
            let stop =
                (quote.wrapping_sub(ONES) | slash.wrapping_sub(ONES) | w.wrapping_sub(ONES * 0x20))
                    & !w
                    & HIGHS;
            if stop != 0 {
                let k = stop.trailing_zeros() / 8;
                high |= w & ((1u64 << (8 * k)) - 1);
                i += k as usize;
                break;
            }
            high |= w;
            i += 8;
        }
        let Some(&c) = b.get(i) else {
            return Err(Stop);
        };
        match c {
            b'"' => return Ok(StringEnd::new(i, escaped, high & HIGHS == 0)),
            b'\\' => {
                escaped = true;
                i = escape_end(b, i + 1, surrogates)?;
            }
            0x00..=0x1f => return Err(Stop),
            _ => {
                high |= u64::from(c);
                i += 1;
            }
        }
    }
}

/// The end of an escape whose backslash is just before `i` (see [`string_end`]).
fn escape_end(b: &[u8], i: usize, surrogates: bool) -> Scanned<usize> {
    match b.get(i) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(i + 1),
        Some(b'u') => match hex4(b, i + 1)? {
            0xD800..=0xDBFF if surrogates => {
                if b.get(i + 5) == Some(&b'\\')
                    && b.get(i + 6) == Some(&b'u')
                    && (0xDC00..=0xDFFF).contains(&hex4(b, i + 7)?)
                {
                    Ok(i + 11)
                } else {
                    Err(Stop)
                }
            }
            0xDC00..=0xDFFF if surrogates => Err(Stop),
            _ => Ok(i + 5),
        },
        _ => Err(Stop),
    }
}

/// The end of a number's text starting at `i` (JSON's grammar), without reading its value.
fn number_end(b: &[u8], mut i: usize) -> Scanned<usize> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return Err(Stop),
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let digits = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == digits {
            return Err(Stop);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let digits = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == digits {
            return Err(Stop);
        }
    }
    Ok(i)
}

/// Whether `b` is one JSON value as serde_json reads a value it ignores (`IgnoredAny`):
/// escapes are checked but not decoded (any four hex digits after `\u`), numbers are not
/// converted (so not limited to a float's range), and nesting is not limited. `None` when the
/// value nests deeper than 64 arrays and objects, which this check does not follow.
pub(super) fn ignored_json(b: &[u8]) -> Option<bool> {
    ignored_value(b).unwrap_or(Some(false))
}

fn ignored_value(b: &[u8]) -> Scanned<Option<bool>> {
    // One bit a level: whether the container is an object.
    let mut objects = 0u64;
    let mut depth = 0usize;
    let mut i = 0;
    let ws = |i: &mut usize| {
        while b
            .get(*i)
            .is_some_and(|c| matches!(c, b' ' | b'\n' | b'\t' | b'\r'))
        {
            *i += 1;
        }
    };
    let key = |i: &mut usize| -> Scanned {
        ws(i);
        if b.get(*i) != Some(&b'"') {
            return Err(Stop);
        }
        *i = string_end(b, *i + 1, false)?.end() + 1;
        ws(i);
        if b.get(*i) != Some(&b':') {
            return Err(Stop);
        }
        *i += 1;
        Ok(())
    };
    'value: loop {
        ws(&mut i);
        match *b.get(i).ok_or(Stop)? {
            open @ (b'{' | b'[') => {
                if depth == 64 {
                    return Ok(None);
                }
                let object = open == b'{';
                if object {
                    objects |= 1 << depth;
                } else {
                    objects &= !(1 << depth);
                }
                depth += 1;
                i += 1;
                ws(&mut i);
                let close = if object { b'}' } else { b']' };
                if b.get(i) == Some(&close) {
                    i += 1;
                    depth -= 1;
                } else {
                    if object {
                        key(&mut i)?;
                    }
                    continue 'value;
                }
            }
            b'"' => i = string_end(b, i + 1, false)?.end() + 1,
            b'-' | b'0'..=b'9' => i = number_end(b, i)?,
            b't' if b[i..].starts_with(b"true") => i += 4,
            b'f' if b[i..].starts_with(b"false") => i += 5,
            b'n' if b[i..].starts_with(b"null") => i += 4,
            _ => return Err(Stop),
        }
        // After a value: the next member or item, or the end of containers.
        loop {
            ws(&mut i);
            if depth == 0 {
                return Ok(Some(i == b.len()));
            }
            let object = objects & (1 << (depth - 1)) != 0;
            match b.get(i) {
                Some(b',') => {
                    i += 1;
                    if object {
                        key(&mut i)?;
                    }
                    continue 'value;
                }
                Some(b'}') if object => {
                    i += 1;
                    depth -= 1;
                }
                Some(b']') if !object => {
                    i += 1;
                    depth -= 1;
                }
                _ => return Err(Stop),
            }
        }
    }
}

impl<'j> Source<'j> for Text<'j> {
    type At = Here;
    type Object = TextObject;
    type Array = TextArray;
    type Members = TextMembers;
    type Items = TextItems;
    type Mark = TextMark;

    #[inline(always)]
    fn read(&mut self, _: Here) -> Scanned<Read<'j, Self>> {
        match self.peek()? {
            b'"' => {
                self.pos += 1;
                self.string().map(Json::String)
            }
            b'{' => {
                self.enter()?;
                self.pos += 1;
                Ok(Json::Object(TextObject))
            }
            b'[' => {
                self.enter()?;
                self.pos += 1;
                Ok(Json::Array(TextArray))
            }
            b'-' | b'0'..=b'9' => self.number().map(Json::Number),
            b't' => self.literal(b"true").map(|()| Json::Bool(true)),
            b'f' => self.literal(b"false").map(|()| Json::Bool(false)),
            b'n' => self.literal(b"null").map(|()| Json::Null),
            _ => Err(Stop),
        }
    }

    #[inline(always)]
    fn members(&mut self, _: TextObject) -> TextMembers {
        TextMembers {
            start: self.pos,
            key_at: self.pos,
            first: true,
        }
    }

    #[inline(always)]
    fn items(&mut self, _: TextArray) -> TextItems {
        TextItems { first: true }
    }

    #[inline(always)]
    fn is_null(&mut self, _: Here) -> Scanned<bool> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    #[inline(always)]
    fn member(&mut self, m: &mut TextMembers) -> Scanned<Option<(&'j [u8], Here)>> {
        let mut c = self.peek()?;
        if m.first {
            m.first = false;
            if c == b'}' {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
        } else {
            match c {
                b',' => {
                    self.pos += 1;
                    c = self.peek()?;
                }
                b'}' => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(None);
                }
                _ => return Err(Stop),
            }
        }
        if c != b'"' {
            return Err(Stop);
        }
        m.key_at = self.pos;
        self.pos += 1;
        let name = self.string()?;
        if name.escaped {
            // A name with escapes is compared after unescaping by a parsed value.
            return Err(Stop);
        }
        let key = name.bytes;
        if self.peek()? != b':' {
            return Err(Stop);
        }
        self.pos += 1;
        Ok(Some((key, Here)))
    }

    #[inline(always)]
    fn item(&mut self, a: &mut TextItems) -> Scanned<Option<Here>> {
        let c = self.peek()?;
        if a.first {
            a.first = false;
            if c == b']' {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
        } else {
            match c {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(None);
                }
                _ => return Err(Stop),
            }
        }
        Ok(Some(Here))
    }

    fn skip(&mut self, at: Here) -> Scanned {
        let value = self.read(at)?;
        self.finish(value)
    }

    fn scalar_items(
        &mut self,
        mut items: TextItems,
        kind: Scalar,
        path: &Path<'_>,
        out: &mut Out,
    ) -> Scanned<usize> {
        let mut n = 0;
        while let Some(at) = self.item(&mut items)? {
            if kind == Scalar::String && self.peek()? == b'"' {
                // A string item: only where it ends matters.
                let start = self.pos + 1;
                let found = string_end(self.bytes, start, true)?;
                let (end, ascii) = (found.end(), found.ascii());
                if !ascii && std::str::from_utf8(&self.bytes[start..end]).is_err() {
                    return Err(Stop);
                }
                self.pos = end + 1;
            } else {
                let value = self.read(at)?;
                if kind.accepts(&value) {
                    self.finish(value)?;
                } else {
                    mismatch(self, value, kind.name(), &path.index(n), out)?;
                }
            }
            n += 1;
        }
        Ok(n)
    }

    fn skip_members(&mut self, mut members: TextMembers) -> Scanned {
        while let Some((_, at)) = self.member(&mut members)? {
            self.skip(at)?;
        }
        Ok(())
    }

    fn skip_items(&mut self, mut items: TextItems) -> Scanned {
        while let Some(at) = self.item(&mut items)? {
            self.skip(at)?;
        }
        Ok(())
    }

    #[inline]
    fn mark(&mut self, _: Here) -> TextMark {
        TextMark {
            pos: self.pos,
            depth: self.depth,
        }
    }

    #[inline]
    fn resume(&mut self, mark: TextMark) -> Here {
        self.pos = mark.pos;
        self.depth = mark.depth;
        Here
    }

    fn tag(&mut self, members: &TextMembers, key: &str) -> Scanned<Tag<'j>> {
        let saved = (self.pos, self.depth);
        self.pos = members.start;
        let mut look = TextMembers {
            first: true,
            ..*members
        };
        let found = loop {
            match self.member(&mut look)? {
                None => break Tag::Missing,
                Some((k, at)) if k == key.as_bytes() => {
                    break match self.read(at)? {
                        Json::String(s) => Tag::String(s),
                        other => Tag::Other(other.type_name()),
                    };
                }
                Some((_, at)) => self.skip(at)?,
            }
        };
        (self.pos, self.depth) = saved;
        Ok(found)
    }

    fn repeated_key(&mut self, members: &TextMembers, key: &[u8]) -> Scanned<bool> {
        let saved = (self.pos, self.depth);
        self.pos = members.start;
        let mut look = TextMembers {
            first: true,
            ..*members
        };
        let mut found = false;
        while let Some((k, at)) = self.member(&mut look)? {
            if look.key_at >= members.key_at {
                break;
            }
            if k == key {
                found = true;
                break;
            }
            self.skip(at)?;
        }
        (self.pos, self.depth) = saved;
        Ok(found)
    }
}

/// A parsed `serde_json::Value`, walked in place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parsed;

/// An object of a parsed value being read.
#[derive(Debug)]
pub struct ParsedMembers<'j> {
    map: &'j serde_json::Map<String, Value>,
    iter: serde_json::map::Iter<'j>,
}

impl<'j> Source<'j> for Parsed {
    type At = &'j Value;
    type Object = &'j serde_json::Map<String, Value>;
    type Array = &'j Vec<Value>;
    type Members = ParsedMembers<'j>;
    type Items = std::slice::Iter<'j, Value>;
    type Mark = &'j Value;

    #[inline(always)]
    fn read(&mut self, at: &'j Value) -> Scanned<Read<'j, Self>> {
        Ok(match at {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(Num::of(n)),
            Value::String(s) => Json::String(Str::parsed(s)),
            Value::Array(items) => Json::Array(items),
            Value::Object(map) => Json::Object(map),
        })
    }

    #[inline(always)]
    fn members(&mut self, map: &'j serde_json::Map<String, Value>) -> ParsedMembers<'j> {
        ParsedMembers {
            map,
            iter: map.iter(),
        }
    }

    #[inline(always)]
    fn items(&mut self, items: &'j Vec<Value>) -> Self::Items {
        items.iter()
    }

    #[inline(always)]
    fn is_null(&mut self, at: &'j Value) -> Scanned<bool> {
        Ok(at.is_null())
    }

    #[inline(always)]
    fn member(&mut self, m: &mut ParsedMembers<'j>) -> Scanned<Option<(&'j [u8], &'j Value)>> {
        Ok(m.iter.next().map(|(k, v)| (k.as_bytes(), v)))
    }

    #[inline(always)]
    fn item(&mut self, items: &mut Self::Items) -> Scanned<Option<&'j Value>> {
        Ok(items.next())
    }

    #[inline(always)]
    fn skip(&mut self, _: &'j Value) -> Scanned {
        Ok(())
    }

    #[inline(always)]
    fn skip_members(&mut self, _: ParsedMembers<'j>) -> Scanned {
        Ok(())
    }

    #[inline(always)]
    fn skip_items(&mut self, _: Self::Items) -> Scanned {
        Ok(())
    }

    #[inline(always)]
    fn mark(&mut self, at: &'j Value) -> &'j Value {
        at
    }

    #[inline(always)]
    fn resume(&mut self, mark: &'j Value) -> &'j Value {
        mark
    }

    #[inline(always)]
    fn tag(&mut self, members: &ParsedMembers<'j>, key: &str) -> Scanned<Tag<'j>> {
        Ok(match members.map.get(key) {
            None => Tag::Missing,
            Some(Value::String(s)) => Tag::String(Str::parsed(s)),
            Some(other) => Tag::Other(super::json_type_name(other)),
        })
    }

    #[inline(always)]
    fn repeated_key(&mut self, _: &ParsedMembers<'j>, _: &[u8]) -> Scanned<bool> {
        Ok(false)
    }

    #[inline(always)]
    fn scalar_items(
        &mut self,
        items: Self::Items,
        kind: Scalar,
        path: &Path<'_>,
        out: &mut Out,
    ) -> Scanned<usize> {
        let n = items.len();
        for (i, value) in items.enumerate() {
            if !kind.accepts_value(value) {
                item_mismatch(out, path, i, kind.name(), super::json_type_name(value));
            }
        }
        Ok(n)
    }
}

// ---------------------------------------------------------------------------
// What generated code implements and calls
// ---------------------------------------------------------------------------

/// A type whose JSON documents can be validated in one pass (generated for every named type).
pub trait Scan {
    /// Checks the value `at` of `src`, located at `path`, recording findings in `out`, and
    /// consumes it.
    fn scan<'j, S: Source<'j>>(src: &mut S, at: S::At, path: &Path<'_>, out: &mut Out) -> Scanned;
}

/// Any JSON value (an `any` payload): only that it is JSON.
#[derive(Debug, Clone, Copy)]
pub struct AnyValue;

impl Scan for AnyValue {
    fn scan<'j, S: Source<'j>>(src: &mut S, at: S::At, _: &Path<'_>, _: &mut Out) -> Scanned {
        src.skip(at)
    }
}

/// Validates JSON text as a `T` in one pass; when the pass stops, parses the text with
/// serde_json and validates the value (a text that is not JSON gives one `syntax` error at the
/// root: `the payload is not JSON: …`). The report is sorted.
pub fn validate_text<T: Scan>(bytes: &[u8]) -> Report {
    match scan_text::<T>(bytes) {
        Ok(report) => report,
        Err(Stop) => match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => validate_parsed::<T>(&value),
            Err(e) => syntax_report(&e),
        },
    }
}

/// The single pass of `validate_text` alone: `Err(Stop)` where `validate_text` would parse the
/// text and validate the value instead.
pub fn scan_text<T: Scan>(bytes: &[u8]) -> Scanned<Report> {
    let mut src = Text::new(bytes);
    let mut out = Out::new();
    T::scan(&mut src, Here, &Path::root(), &mut out)?;
    src.end()?;
    Ok(out.finish())
}

/// Validates a parsed value as a `T` in one pass. The report is sorted.
pub fn validate_parsed<T: Scan>(value: &Value) -> Report {
    let mut out = Out::new();
    // A parsed value holds no repeated members, escapes or syntax, so the walk never stops.
    let walked = T::scan(&mut Parsed, value, &Path::root(), &mut out);
    debug_assert!(walked.is_ok(), "the walk of a parsed value stopped");
    out.finish()
}

/// The report of a payload that is not JSON: one `syntax` error at the root.
#[cold]
pub fn syntax_report(error: &serde_json::Error) -> Report {
    let mut report = Report::new();
    report.error(
        &Path::root(),
        "syntax",
        format!("the payload is not JSON: {error}"),
    );
    report
}

/// A payload as the validators take it: JSON text (`&[u8]`, `&str`) or a parsed value.
pub trait Input: Copy {
    /// Validates the payload as a `T` in one pass.
    fn validate<T: Scan>(self) -> Report;
}

impl Input for &Value {
    fn validate<T: Scan>(self) -> Report {
        validate_parsed::<T>(self)
    }
}

impl Input for &[u8] {
    fn validate<T: Scan>(self) -> Report {
        validate_text::<T>(self)
    }
}

impl Input for &str {
    fn validate<T: Scan>(self) -> Report {
        validate_text::<T>(self.as_bytes())
    }
}

/// Reads a string, or reports a type mismatch (and consumes the value).
#[inline(always)]
pub fn string<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned<Option<Str<'j>>> {
    match src.read(at)? {
        Json::String(s) => Ok(Some(s)),
        other => mismatch(src, other, "string", path, out).map(|()| None),
    }
}

/// Reads a boolean, or reports a type mismatch.
#[inline(always)]
pub fn boolean<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned<Option<bool>> {
    match src.read(at)? {
        Json::Bool(b) => Ok(Some(b)),
        other => mismatch(src, other, "boolean", path, out).map(|()| None),
    }
}

/// Reads an integer in the `i32` range (`-0` is zero), or reports a type mismatch.
#[inline(always)]
pub fn int32<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned<Option<i64>> {
    match src.read(at)? {
        Json::Number(n) => match n.as_i32() {
            Some(v) => Ok(Some(v)),
            None => {
                out.type_mismatch(path, "int32", n.type_name());
                Ok(None)
            }
        },
        other => mismatch(src, other, "int32", path, out).map(|()| None),
    }
}

/// Reads an integer in the `i64` range (`-0` is zero), or reports a type mismatch.
#[inline(always)]
pub fn int64<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned<Option<i64>> {
    match src.read(at)? {
        Json::Number(n) => match n.as_i64() {
            Some(v) => Ok(Some(v)),
            None => {
                out.type_mismatch(path, "int64", n.type_name());
                Ok(None)
            }
        },
        other => mismatch(src, other, "int64", path, out).map(|()| None),
    }
}

/// Reads a number, or reports a type mismatch.
#[inline(always)]
pub fn number<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned<Option<Num<'j>>> {
    match src.read(at)? {
        Json::Number(n) => Ok(Some(n)),
        other => mismatch(src, other, "number", path, out).map(|()| None),
    }
}

/// Starts reading an array, or reports a type mismatch.
#[inline(always)]
pub fn array<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned<Option<S::Items>> {
    match src.read(at)? {
        Json::Array(array) => Ok(Some(src.items(array))),
        other => mismatch(src, other, "array", path, out).map(|()| None),
    }
}

/// Starts reading an object, or reports a type mismatch.
#[inline(always)]
pub fn object<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned<Option<S::Members>> {
    match src.read(at)? {
        Json::Object(object) => Ok(Some(src.members(object))),
        other => mismatch(src, other, "object", path, out).map(|()| None),
    }
}

/// Reports a value of the wrong type and consumes the rest of it.
#[cold]
#[inline(never)]
fn mismatch<'j, S: Source<'j> + ?Sized>(
    src: &mut S,
    value: Read<'j, S>,
    expected: &str,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned {
    out.type_mismatch(path, expected, value.type_name());
    src.finish(value)
}

/// Reports item `i` of the array at `path` as a type mismatch (its path is built only here).
#[cold]
#[inline(never)]
fn item_mismatch(out: &mut Out, path: &Path<'_>, i: usize, expected: &str, found: &str) {
    out.type_mismatch(&path.index(i), expected, found);
}

/// The value of a declared member: `false` when it is `null` (consumed; reported unless the
/// member is nullable), `true` when there is a value to check.
#[inline(always)]
pub fn present<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    path: &Path<'_>,
    out: &mut Out,
    nullable: bool,
) -> Scanned<bool> {
    if src.is_null(at)? {
        if !nullable {
            out.null(path);
        }
        Ok(false)
    } else {
        Ok(true)
    }
}

/// Notes that declared member `i` was given; stops at the second time (a parsed value keeps
/// only the last, which a single pass cannot know in advance).
#[inline(always)]
pub fn first(seen: &mut [u64], i: usize) -> Scanned {
    let (word, bit) = (i / 64, 1u64 << (i % 64));
    let w = seen.get_mut(word).ok_or(Stop)?;
    if *w & bit != 0 {
        return Err(Stop);
    }
    *w |= bit;
    Ok(())
}

/// Whether declared member `i` was given.
#[inline(always)]
pub fn given(seen: &[u64], i: usize) -> bool {
    seen.get(i / 64)
        .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
}

/// A member the object does not declare: skipped, and reported as `unknown_members` would
/// (an error when `reject`, else a warning when it is one edit away from a declared name).
#[inline]
pub fn unknown<'j, S: Source<'j>>(
    src: &mut S,
    at: S::At,
    key: &'j [u8],
    known: &[&str],
    reject: bool,
    path: &Path<'_>,
    out: &mut Out,
) -> Scanned {
    src.skip(at)?;
    let key = key_text(key)?;
    if reject || known.iter().any(|k| super::one_edit_apart(key, k)) {
        out.unknown(path, key, known, reject);
    }
    Ok(())
}

/// A member name as text.
#[inline]
pub fn key_text(key: &[u8]) -> Scanned<&str> {
    std::str::from_utf8(key).map_err(|_| Stop)
}

/// The JSON type's name of a value, which is consumed.
pub fn type_name<'j, S: Source<'j>>(src: &mut S, at: S::At) -> Scanned<&'static str> {
    let value = src.read(at)?;
    let name = value.type_name();
    src.finish(value)?;
    Ok(name)
}

/// Reads a value ahead (for a rule's condition), then goes back so that it can be checked.
#[inline]
pub fn peek<'j, S: Source<'j>>(src: &mut S, at: S::At) -> Scanned<(Read<'j, S>, S::At)> {
    let mark = src.mark(at);
    let value = src.read(at)?;
    Ok((value, src.resume(mark)))
}

/// Whether a value read ahead is the string `lit`.
#[inline]
pub fn is_string<O, A>(value: &Json<'_, O, A>, lit: &str) -> bool {
    matches!(value, Json::String(s) if s.is(lit))
}

/// Whether a value read ahead is the number `lit` (compared as floats, so `1` is `1.0`).
#[inline]
pub fn is_number<O, A>(value: &Json<'_, O, A>, lit: f64) -> bool {
    matches!(value, Json::Number(n) if n.as_f64() == lit)
}

/// Whether a value read ahead is the boolean `lit`.
#[inline]
pub fn is_bool<O, A>(value: &Json<'_, O, A>, lit: bool) -> bool {
    matches!(value, Json::Bool(b) if *b == lit)
}

/// Reports `min_length` / `max_length` for a string's length in characters, counting only
/// when its length in bytes does not decide it.
#[inline]
pub fn check_length(
    report: &mut Report,
    path: &Path<'_>,
    value: Str<'_>,
    min: Option<u64>,
    max: Option<u64>,
) {
    let (lo, hi) = value.char_bounds();
    if min.is_none_or(|m| lo >= m) && max.is_none_or(|m| hi <= m) {
        return;
    }
    super::check_char_count(report, path, value.char_count(), min, max);
}
