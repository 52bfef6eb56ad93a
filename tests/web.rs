//! The browser front end (web-sys over a `DOMParser` document) must give the same blocks, labels
//! and paths as the native front end (html5ever) on the same HTML: each fixture in
//! tests/fixtures/frontends/ is checked against NAME.expected.txt, which tests/frontends.rs writes
//! and checks natively. Run with `wasm-pack test --headless --chrome -- --test web`.
//!
//! The browser cannot list a folder, so each fixture is compiled in from its line in `fixtures!`
//! below; tests/frontends.rs fails when a fixture on disk has no line here. (The golden pages,
//! tests/pages/SLUG/, are checked in the browser by tests/browser/golden.test.mjs, which reads
//! them from disk.)
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

include!("fixtures/frontends/blocks.rs");

/// Parses in a detached DOMParser document: the test runner's own page is never touched.
fn parse(html: &str) -> web_sys::Document {
    let parser = web_sys::DomParser::new().expect("DOMParser");
    parser.parse_from_string(html, web_sys::SupportedType::TextHtml).expect("parseFromString")
}

fn check(name: &str, html: &str, expected: &str) {
    let doc = readmode::dom::from_web_document(&parse(html));
    let actual = block_lines(doc);
    if let Err(msg) = compare(name, "web-sys", expected, &actual) {
        panic!("{msg}");
    }
}

/// A fixture's HTML, compiled in: the demo page is www/index.html, the others
/// tests/fixtures/frontends/NAME.html.
macro_rules! html {
    ("demo") => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/www/index.html"))
    };
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/frontends/", $name, ".html"))
    };
}

/// One test per fixture: `test_name => "NAME"`.
macro_rules! fixtures {
    ($($test:ident => $name:tt,)*) => {
        $(
            #[wasm_bindgen_test]
            fn $test() {
                check(
                    $name,
                    html!($name),
                    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/frontends/", $name, ".expected.txt")),
                );
            }
        )*
    };
}

mod web_front_end_matches_native {
    use super::*;

    fixtures! {
        demo => "demo",
        blog => "blog",
        hidden => "hidden",
        listing => "listing",
        malformed => "malformed",
    }
}
