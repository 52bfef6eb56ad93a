//! Golden block lists for the front-end fixtures (tests/fixtures/frontends/): the native front end
//! (html5ever) must give exactly the blocks and labels recorded in NAME.expected.txt, one line per
//! block `index \t tag \t label \t path`. tests/web.rs checks the browser front end (web-sys over
//! DOMParser) against the same files, so the two front ends agree.
//!
//! Regenerate after an intended change: `READMODE_BLESS=1 cargo test --test frontends`.
#![cfg(not(target_arch = "wasm32"))]

include!("fixtures/frontends/list.rs");

fn expected_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/frontends/{name}.expected.txt"))
}

#[test]
fn native_front_end_matches_golden_blocks() {
    let bless = std::env::var_os("READMODE_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut failures = Vec::new();
    for &(name, html) in FIXTURES {
        let doc = readmode::dom::html::parse_html(html).unwrap_or_else(|e| panic!("fixture {name}: parse failed: {e}"));
        let actual = block_lines(doc);
        assert!(!actual.is_empty(), "fixture {name}: no blocks at all");
        let path = expected_path(name);
        if bless {
            std::fs::write(&path, &actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            eprintln!("blessed {} ({} blocks)", path.display(), actual.lines().count());
            continue;
        }
        // Read from disk (not the include_str! copy) so a stale build cannot hide a change.
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("fixture {name}: cannot read {}: {e}; run READMODE_BLESS=1 cargo test --test frontends", path.display())
        });
        if let Err(msg) = compare(name, "native", &expected, &actual) {
            failures.push(msg);
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(if the change is intended: READMODE_BLESS=1 cargo test --test frontends)",
        failures.join("\n")
    );
}
