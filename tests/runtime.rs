//! Unit tests of the runtime template (`templates/runtime.rs`), run against the copy the
//! generator compiles, which is the same file.

use schemagen::runtime;

#[path = "../templates/runtime_tests.rs"]
mod runtime_tests;

#[test]
fn the_generated_crate_embeds_the_template_verbatim() {
    let generated =
        std::fs::read_to_string(schemagen_tests::repo_root().join("generated/src/runtime.rs"))
            .expect("generated runtime");
    assert!(generated.ends_with(schemagen::emit::RUNTIME_TEMPLATE));
    let _ = runtime::Report::new();
}
