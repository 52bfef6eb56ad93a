//! The browser front end (web-sys over a `DOMParser` document) must give the same blocks, labels
//! and paths as the native front end (html5ever) on the same HTML: each fixture in
//! tests/fixtures/frontends/ is checked against NAME.expected.txt, which tests/frontends.rs writes
//! and checks natively. Run with `wasm-pack test --headless --chrome -- --test web`.
//!
//! The golden pages (tests/pages/SLUG/, see tests/pages.rs) are checked the same way: the browser
//! front end must give the blocks and labels in each page's expected-blocks.txt.
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
    let actual = block_lines(doc);
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

/// The golden pages' list and block lines (tests/pages/list.rs), apart from the fixtures' own.
mod pages {
    include!("pages/list.rs");
}

fn check_page(slug: &str, html: &str, expected: &str) {
    let doc = readmode::dom::web::from_web_document(&parse(html));
    let a = readmode::analyze(doc, &readmode::Options::default())
        .unwrap_or_else(|e| panic!("page {slug}: analyze failed: {e}"));
    if let Err(msg) = pages::compare_blocks(slug, "the web-sys front end", expected, &pages::block_lines(&a)) {
        panic!("{msg}");
    }
}

/// One test per golden page, with its source and blessed blocks compiled in.
macro_rules! golden_pages {
    ($($name:ident => $slug:literal,)*) => {
        $(
            #[wasm_bindgen_test]
            fn $name() {
                check_page(
                    $slug,
                    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pages/", $slug, "/source.html")),
                    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pages/", $slug, "/expected-blocks.txt")),
                );
            }
        )*

        #[wasm_bindgen_test]
        fn every_golden_page_has_a_test() {
            let tested: &[&str] = &[$($slug),*];
            assert_eq!(tested, pages::PAGES, "tests/web.rs and tests/pages/list.rs list different pages");
        }
    };
}

golden_pages! {
    page_promo_panel => "promo-panel",
    page_most_popular_list => "most-popular-list",
    page_related_teasers => "related-teasers",
    page_navigation_menus => "navigation-menus",
    page_share_bar => "share-bar",
    page_comments => "comments",
    page_ads => "ads",
    page_newsletter_box => "newsletter-box",
    page_cookie_banner => "cookie-banner",
    page_author_bio_footer => "author-bio-footer",
    page_lazy_images => "lazy-images",
    page_figure_captions => "figure-captions",
    page_keep_tables => "keep-tables",
    page_code_blocks => "code-blocks",
    page_lists_and_quotes => "lists-and-quotes",
    page_embedded_video => "embedded-video",
}
