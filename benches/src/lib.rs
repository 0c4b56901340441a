//! Support for the benchmarks: a generator of synthetic schemas, a counting allocator, and the
//! payload fixtures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// A synthetic schema of `types` object types with `fields` fields each, exercising every
/// field kind the language has: strings with formats and lengths, bounded integers, numbers,
/// booleans, enums, arrays with item limits, maps, nullable optionals, references to other
/// types, and one rule per type. Deterministic for given sizes.
pub fn synthetic_schema(types: usize, fields: usize) -> String {
    let mut s = String::with_capacity(types * fields * 120);
    s.push_str("api:\n  name: synthetic\n  title: Synthetic\n  version: \"1\"\n");
    s.push_str("  auth:\n    token: { scheme: bearer }\ntypes:\n");
    s.push_str("  Level:\n    description: A level.\n    enum: [low, medium, high]\n");
    for t in 0..types {
        s.push_str(&format!(
            "  Type{t}:\n    description: Synthetic type {t}.\n    fields:\n"
        ));
        for f in 0..fields {
            let name = format!("field{f}");
            let line = match f % 10 {
                0 => format!(
                    "      {name}: {{ type: string, required: true, min_length: 1, max_length: 64, description: Name. }}\n"
                ),
                1 => format!(
                    "      {name}: {{ type: int32, minimum: 0, maximum: 1000, description: Count. }}\n"
                ),
                2 => format!(
                    "      {name}: {{ type: string, format: date-time, nullable: true, description: When. }}\n"
                ),
                3 => format!("      {name}: {{ type: Level, description: Level. }}\n"),
                4 => format!(
                    "      {name}: {{ type: array, items: {{ type: string, max_length: 20 }}, max_items: 10, description: Tags. }}\n"
                ),
                5 => {
                    format!("      {name}: {{ type: number, minimum: 0, description: Amount. }}\n")
                }
                6 => format!("      {name}: {{ type: boolean, description: Flag. }}\n"),
                7 => format!(
                    "      {name}: {{ type: map, values: any, nullable: true, description: Extra. }}\n"
                ),
                8 if t + 1 < types => format!(
                    "      {name}: {{ type: Type{}, description: Next. }}\n",
                    t + 1
                ),
                8 => format!("      {name}: {{ type: string, format: uuid, description: Id. }}\n"),
                _ => {
                    format!("      {name}: {{ type: string, format: e164, description: Phone. }}\n")
                }
            };
            s.push_str(&line);
        }
        if fields > 2 {
            s.push_str("    rules:\n      - required: [field2]\n        when: { field: field1, present: true }\n");
        }
    }
    s.push_str(
        "operations:\n  put_type0:\n    summary: Put\n    method: PUT\n    path: /things/{id}\n",
    );
    s.push_str(
        "    parameters:\n      id: { in: path, type: string }\n    request:\n      body: Type0\n",
    );
    s.push_str("    responses:\n      \"200\": { description: OK, body: Type0 }\n");
    s
}

/// Loads a schema from text and generates every file, as `regenerate` does; returns the total
/// size of the output (so the work cannot be optimized away).
pub fn generate_from_text(name: &str, text: &str) -> usize {
    let s = schemagen::load_str(name, text);
    assert!(
        !s.diagnostics.has_errors(),
        "{}",
        s.diagnostics.render(&s.sources)
    );
    let files =
        schemagen::generate(&s, &schemagen::emit::EmitOptions::default()).expect("generates");
    files.values().map(String::len).sum()
}

/// A global allocator that counts allocations and tracks current and peak bytes.
pub struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        if new_size > layout.size() {
            let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                - layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocations so far.
pub fn allocations() -> usize {
    ALLOCS.load(Ordering::Relaxed)
}

/// Resets the peak to the current heap size and returns that size.
pub fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// Peak heap bytes since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// The request payload files of an operation, `valid` or `invalid`, sorted by name.
fn payload_files(op: &str, valid: bool) -> Vec<PathBuf> {
    let dir = repo_root()
        .join("tests/fixtures/payloads")
        .join(op)
        .join("request")
        .join(if valid { "valid" } else { "invalid" });
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

/// One representative payload of an operation: the largest valid, or the first invalid.
pub fn payload(op: &str, valid: bool) -> serde_json::Value {
    let files = payload_files(op, valid);
    let pick = if valid {
        files
            .iter()
            .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
    } else {
        files.first()
    };
    read_json(pick.expect("a payload"))
}

/// Every invalid request payload of an operation, in file order.
pub fn invalid_payloads(op: &str) -> Vec<serde_json::Value> {
    payload_files(op, false)
        .iter()
        .map(|p| read_json(p))
        .collect()
}

/// The five operations, as `api.operation_id`.
pub const OPERATIONS: [&str; 5] = [
    "salesforce.create_voice_call",
    "salesforce.update_voice_call",
    "vcita.update_voice_call",
    "bird.update_call",
    "close.update_call_activity",
];

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_schemas_are_valid() {
        for n in [1, 10, 100] {
            let text = super::synthetic_schema(n, 20);
            let s = schemagen::load_str("synthetic.yaml", &text);
            assert!(
                !s.diagnostics.has_errors(),
                "{}",
                s.diagnostics.render(&s.sources)
            );
            assert_eq!(s.ir.apis[0].types.len(), n + 1);
        }
    }
}
