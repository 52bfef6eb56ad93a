//! Golden block lists for the front-end fixtures: the native front end (html5ever) must give
//! exactly the blocks and labels recorded in NAME.expected.txt, one line per block
//! `index \t tag \t label \t path`. tests/web.rs checks the browser front end (web-sys over
//! DOMParser) against the same files, so the two front ends agree.
//!
//! The fixtures are every tests/fixtures/frontends/NAME.html, found on disk, and the demo page
//! (www/index.html, checked against demo.expected.txt). One test per fixture (a `harness = false`
//! test: libtest-mimic makes one trial per file), so one fixture's failure does not hide another's.
//!
//! Regenerate after an intended change: `READMODE_BLESS=1 cargo test --release --test frontends`.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

include!("fixtures/frontends/blocks.rs");

const BLESS_COMMAND: &str = "READMODE_BLESS=1 cargo test --release --test frontends";

/// The demo page lives in www/ (helper-owned): re-bless when it changes.
const DEMO: (&str, &str) = ("demo", "www/index.html");

fn main() {
    let args = Arguments::from_args();
    let mut trials: Vec<Trial> = fixtures()
        .into_iter()
        .map(|(name, html)| Trial::test(name.clone(), move || check_fixture(&name, &html)))
        .collect();
    trials.push(Trial::test("every_fixture_is_checked_in_the_browser", every_fixture_is_checked_in_the_browser));
    libtest_mimic::run(&args, trials).exit();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures/frontends")
}

/// (name, HTML file): the demo page, then every NAME.html in tests/fixtures/frontends/ by name.
fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = fixtures_dir();
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().strip_suffix(".html")?.to_string();
            Some((name, e.path()))
        })
        .collect();
    found.sort();
    found.insert(0, (DEMO.0.to_string(), root().join(DEMO.1)));
    found
}

fn expected_path(name: &str) -> PathBuf {
    fixtures_dir().join(format!("{name}.expected.txt"))
}

fn bless() -> bool {
    std::env::var_os("READMODE_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

fn check_fixture(name: &str, html: &Path) -> Result<(), Failed> {
    let html = std::fs::read_to_string(html).map_err(|e| format!("fixture {name}: cannot read {}: {e}", html.display()))?;
    let doc = readmode::dom::parse_html(&html).map_err(|e| format!("fixture {name}: parse failed: {e}"))?;
    let actual = block_lines(doc);
    if actual.is_empty() {
        return Err(format!("fixture {name}: no blocks at all").into());
    }
    let path = expected_path(name);
    if bless() {
        std::fs::write(&path, &actual).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("fixture {name}: blessed {name}.expected.txt ({} blocks)", actual.lines().count());
        return Ok(());
    }
    let expected = std::fs::read_to_string(&path)
        .map_err(|e| format!("fixture {name}: cannot read {name}.expected.txt: {e}; run {BLESS_COMMAND}"))?;
    compare(name, "native", &expected, &actual)
        .map_err(|msg| format!("{msg}\n(if the change is intended, review it and run: {BLESS_COMMAND})").into())
}

/// The browser test (tests/web.rs) compiles each fixture in, because the browser cannot list a
/// folder: every fixture found here must have its line there, and every expected file a fixture.
fn every_fixture_is_checked_in_the_browser() -> Result<(), Failed> {
    let web_rs = root().join("tests/web.rs");
    let web = std::fs::read_to_string(&web_rs).map_err(|e| format!("cannot read tests/web.rs: {e}"))?;
    let names: Vec<String> = fixtures().into_iter().map(|(name, _)| name).collect();
    let mut problems: Vec<String> = names
        .iter()
        .filter(|name| !web.contains(&format!("=> \"{name}\"")))
        .map(|name| format!("fixture {name} is not checked in the browser: add `{name} => \"{name}\",` to the fixtures! list in tests/web.rs (with `-` in the name as `_`)"))
        .collect();
    let mut orphans: Vec<String> = std::fs::read_dir(fixtures_dir())
        .map_err(|e| format!("cannot list tests/fixtures/frontends: {e}"))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".expected.txt").map(str::to_string))
        .filter(|name| !names.contains(name))
        .collect();
    orphans.sort();
    problems.extend(orphans.into_iter().map(|name| format!("tests/fixtures/frontends/{name}.expected.txt has no {name}.html")));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}
