//! Validating a valid payload allocates nothing: JSON pointers are built on the stack and only
//! materialized for a violation, the single pass over JSON text builds nothing, and strings are
//! checked where they lie (unescaped into a stack buffer when they hold escapes). Checked with a
//! counting global allocator, on every valid payload of the corpus (requests and responses), on
//! the three entry points: the typed value's `validate()`, JSON text (`validate_payload_bytes`
//! and `validate_payload_str`), and a parsed `serde_json::Value` (`validate_payload`).

use serde::de::DeserializeOwned;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use voicecall_apis::runtime::{PayloadKind, Report, Validate};

struct Counting;

thread_local! {
    /// Allocations made by this thread (tests run on several threads at once).
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the thread's counter may be gone while the thread shuts down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations made by `f` (run once before, to initialize anything lazy such as a
/// compiled pattern), and its report.
fn allocations_during(f: impl Fn() -> Report) -> (usize, Report) {
    drop(f());
    let before = allocations();
    let report = f();
    let count = allocations() - before;
    (count, report)
}

/// Every valid payload of the corpus: `(api.operation, kind, file name, text)`.
fn valid_payloads() -> Vec<(String, PayloadKind, String, String)> {
    let mut out = Vec::new();
    let root = schemagen_tests::fixture("payloads");
    let mut ops: Vec<_> = std::fs::read_dir(&root)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .collect();
    ops.sort();
    for op in ops {
        let name = op.file_name().and_then(|n| n.to_str()).expect("utf-8");
        let mut kinds: Vec<_> = std::fs::read_dir(&op)
            .expect("kinds")
            .flatten()
            .map(|e| e.path())
            .collect();
        kinds.sort();
        for kind_dir in kinds {
            let k = kind_dir
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8");
            let kind = match k.strip_prefix("response-") {
                Some(status) => PayloadKind::Response(status.parse().expect("status")),
                None => PayloadKind::Request,
            };
            for path in schemagen_tests::files_with_ext(&kind_dir.join("valid"), "json") {
                let file = path.file_name().and_then(|n| n.to_str()).expect("utf-8");
                let text = std::fs::read_to_string(&path).expect("fixture");
                out.push((name.to_string(), kind, file.to_string(), text));
            }
        }
    }
    out
}

/// The allocations of `validate()` on the typed value of a payload, and its report.
fn typed<T: DeserializeOwned + Validate>(text: &str) -> (usize, Report) {
    let value: T = serde_json::from_str(text).expect("the valid payload deserializes");
    allocations_during(|| value.validate())
}

/// [`typed`] for a payload by operation and kind.
fn typed_by_name(op: &str, kind: PayloadKind, text: &str) -> (usize, Report) {
    use voicecall_apis::*;
    match (op, kind) {
        ("salesforce.create_voice_call", PayloadKind::Request) => {
            typed::<salesforce::CreateVoiceCall>(text)
        }
        ("salesforce.create_voice_call", PayloadKind::Response(_)) => {
            typed::<salesforce::CreateVoiceCallResponse>(text)
        }
        ("salesforce.update_voice_call", PayloadKind::Request) => {
            typed::<salesforce::UpdateVoiceCall>(text)
        }
        ("salesforce.update_voice_call", PayloadKind::Response(_)) => {
            typed::<salesforce::UpdateVoiceCallResponse>(text)
        }
        ("vcita.update_voice_call", PayloadKind::Request) => typed::<vcita::UpdateVoiceCall>(text),
        ("vcita.update_voice_call", PayloadKind::Response(200)) => {
            typed::<vcita::UpdateVoiceCallResponse>(text)
        }
        ("vcita.update_voice_call", PayloadKind::Response(_)) => {
            typed::<vcita::ErrorResponse>(text)
        }
        ("bird.update_call", PayloadKind::Request) => typed::<bird::UpdateCall>(text),
        ("bird.update_call", PayloadKind::Response(_)) => typed::<bird::Call>(text),
        ("close.update_call_activity", PayloadKind::Request) => {
            typed::<close::UpdateCallActivity>(text)
        }
        ("close.update_call_activity", PayloadKind::Response(_)) => {
            typed::<close::CallActivity>(text)
        }
        other => panic!("no typed model for {other:?}"),
    }
}

/// At most this many allocations per violation reported: its pointer and message, and the
/// report's list growing.
const PER_VIOLATION: usize = 4;

#[test]
fn validating_valid_payloads_allocates_nothing_on_every_entry_point() {
    let mut checked = 0;
    let mut with_warnings = 0;
    for (op, kind, file, text) in valid_payloads() {
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let compact = serde_json::to_vec(&value).expect("serializes");
        let (typed_n, typed_report) = typed_by_name(&op, kind, &text);
        let entry = |f: &dyn Fn() -> Report| allocations_during(f);
        let runs = [
            ("typed validate()", typed_n, typed_report),
            {
                let (n, r) = entry(&|| {
                    voicecall_apis::validate_payload_bytes(&op, kind, text.as_bytes())
                        .expect("documented")
                });
                ("bytes (as written)", n, r)
            },
            {
                let (n, r) = entry(&|| {
                    voicecall_apis::validate_payload_bytes(&op, kind, &compact).expect("documented")
                });
                ("bytes (compact)", n, r)
            },
            {
                let (n, r) = entry(&|| {
                    voicecall_apis::validate_payload_str(&op, kind, &text).expect("documented")
                });
                ("str", n, r)
            },
            {
                let (n, r) = entry(&|| {
                    voicecall_apis::validate_payload(&op, kind, &value).expect("documented")
                });
                ("parsed Value", n, r)
            },
        ];
        for (how, count, report) in runs {
            assert!(report.is_valid(), "{op} {file}: valid payload\n{report}");
            if report.is_empty() {
                assert_eq!(
                    count, 0,
                    "{op} {kind} {file}: {how} allocated {count} time(s) on a valid payload"
                );
            } else {
                // A warning is a finding: building it allocates, and nothing else does.
                assert!(
                    count <= PER_VIOLATION * report.len(),
                    "{op} {kind} {file}: {how} allocated {count} time(s) for {} warning(s)",
                    report.len()
                );
            }
        }
        checked += 1;
        with_warnings += usize::from(
            !voicecall_apis::validate_payload(&op, kind, &value)
                .expect("documented")
                .is_empty(),
        );
    }
    assert!(checked >= 50, "only {checked} valid payloads");
    assert!(
        with_warnings < checked / 4,
        "{with_warnings} of {checked} valid payloads warn: the zero-allocation check covers too few"
    );
}

#[test]
fn an_invalid_payload_does_allocate() {
    // The counter sees allocations at all: reporting a violation builds its pointer and message.
    let bad = br#"{"duration": 604801}"#;
    let (count, report) = allocations_during(|| {
        voicecall_apis::validate_payload_bytes(
            "close.update_call_activity",
            PayloadKind::Request,
            bad,
        )
        .expect("documented")
    });
    assert!(!report.is_valid() && count > 0);
    let mut update: voicecall_apis::close::UpdateCallActivity =
        serde_json::from_slice(bad).expect("typed");
    update.duration = voicecall_apis::runtime::Nullable::Value(604_801);
    let (count, report) = allocations_during(|| update.validate());
    assert!(!report.is_valid() && count > 0);
}
