//! The browser front end (web-sys over a `DOMParser` document) must give the same blocks, labels
//! and paths as the native front end (html5ever) on the same HTML: each fixture in
//! tests/fixtures/frontends/ is checked against NAME.expected.txt, which tests/frontends.rs writes
//! and checks natively. Run with `wasm-pack test --headless --chrome -- --test web`.
//!
//! The golden pages (tests/pages/SLUG/, see tests/pages.rs) are checked in the browser by
//! tests/browser/golden.test.mjs, which finds them on disk (a test in the browser cannot).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

include!("fixtures/frontends/list.rs");

/// Parses in a detached DOMParser document: the test runner's own page is never touched.
fn parse(html: &str) -> web_sys::Document {
    let parser = web_sys::DomParser::new().expect("DOMParser");
    parser.parse_from_string(html, web_sys::SupportedType::TextHtml).expect("parseFromString")
}

/// The golden file, compiled in (the browser cannot read the disk).
macro_rules! expected {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/frontends/", $name, ".expected.txt"))
    };
}

fn check(name: &str, expected: &str) {
    let &(_, html) = FIXTURES.iter().find(|f| f.0 == name).expect("fixture listed in list.rs");
    let doc = readmode::dom::web::from_web_document(&parse(html));
    let actual = block_lines(&doc);
    if let Err(msg) = compare(name, "web-sys", expected, &actual) {
        panic!("{msg}");
    }
}

#[wasm_bindgen_test]
fn web_front_end_matches_native_demo() {
    check("demo", expected!("demo"));
}

#[wasm_bindgen_test]
fn web_front_end_matches_native_blog() {
    check("blog", expected!("blog"));
}

#[wasm_bindgen_test]
fn web_front_end_matches_native_hidden() {
    check("hidden", expected!("hidden"));
}

#[wasm_bindgen_test]
fn web_front_end_matches_native_listing() {
    check("listing", expected!("listing"));
}

#[wasm_bindgen_test]
fn web_front_end_matches_native_malformed() {
    check("malformed", expected!("malformed"));
}

#[wasm_bindgen_test]
fn every_fixture_has_a_test() {
    let names: Vec<&str> = FIXTURES.iter().map(|f| f.0).collect();
    assert_eq!(names, ["demo", "blog", "hidden", "listing", "malformed"]);
}
