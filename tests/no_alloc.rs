//! Validating a valid value allocates nothing: JSON pointers are built on the stack and only
//! materialized for a violation. Checked with a counting global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use voicecall_apis::runtime::Validate;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce() -> bool) -> (usize, bool) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let valid = f();
    (ALLOCATIONS.load(Ordering::SeqCst) - before, valid)
}

fn load<T: serde::de::DeserializeOwned>(rel: &str) -> T {
    let path = schemagen_tests::fixture(rel);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("typed")
}

fn first_valid(op: &str) -> String {
    let dir = schemagen_tests::fixture(&format!("payloads/{op}/request/valid"));
    let files = schemagen_tests::files_with_ext(&dir, "json");
    // The largest valid payload exercises the most checks.
    let best = files
        .iter()
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("valid payloads");
    best.strip_prefix(schemagen_tests::fixture(""))
        .expect("under fixtures")
        .display()
        .to_string()
}

#[test]
fn validating_valid_requests_allocates_nothing() {
    use voicecall_apis::*;
    let sf_create: salesforce::CreateVoiceCall = load(&first_valid("salesforce.create_voice_call"));
    let sf_update: salesforce::UpdateVoiceCall = load(&first_valid("salesforce.update_voice_call"));
    let vcita: vcita::UpdateVoiceCall = load(&first_valid("vcita.update_voice_call"));
    let bird: bird::UpdateCall = load(&first_valid("bird.update_call"));
    let close: close::UpdateCallActivity = load(&first_valid("close.update_call_activity"));
    // Warm up anything lazily initialized.
    let _ = (
        sf_create.validate(),
        sf_update.validate(),
        vcita.validate(),
        bird.validate(),
        close.validate(),
    );
    for (name, (count, valid)) in [
        (
            "salesforce create",
            allocations_during(|| sf_create.validate().is_empty()),
        ),
        (
            "salesforce update",
            allocations_during(|| sf_update.validate().is_empty()),
        ),
        (
            "vcita update",
            allocations_during(|| vcita.validate().is_empty()),
        ),
        (
            "bird update",
            allocations_during(|| bird.validate().is_empty()),
        ),
        (
            "close update",
            allocations_during(|| close.validate().is_empty()),
        ),
    ] {
        assert!(valid, "{name}: the fixture is valid");
        assert_eq!(
            count, 0,
            "{name}: validating a valid value allocated {count} time(s)"
        );
    }
    // And an invalid value does allocate (the check can fail).
    let mut bad = close.clone();
    bad.duration = voicecall_apis::runtime::Nullable::Value(604_801);
    let (count, valid) = allocations_during(|| bad.validate().is_empty());
    assert!(!valid && count > 0);
}
