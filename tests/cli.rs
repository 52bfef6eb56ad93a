//! The native CLI on bad input: a clear message on stderr and a non-zero exit, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("readmode-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the CLI and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_readmode")).args(args).output().expect("run readmode");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into(), String::from_utf8_lossy(&o.stderr).into())
}

/// Fails unless the run exited non-zero with `expected` in its message and no panic.
fn assert_refused(args: &[&str], expected: &str) {
    let (code, _, err) = run(args);
    assert_ne!(code, 0, "{args:?} should fail; stderr: {err}");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert!(err.contains(expected), "{args:?}: expected {expected:?} in stderr, got: {err}");
}

#[test]
fn bad_files_get_clear_errors() {
    let d = scratch("files");
    let p = |n: &str| d.join(n).to_string_lossy().into_owned();
    std::fs::write(d.join("latin1.html"), b"<p>caf\xe9 au lait</p>").unwrap();
    std::fs::write(d.join("empty.html"), b"  \n ").unwrap();
    std::fs::write(d.join("binary.html"), (0u8..=255).cycle().take(5000).filter(|b| *b < 128).collect::<Vec<u8>>()).unwrap();
    std::fs::write(d.join("plain.html"), b"just some words, no markup at all").unwrap();
    std::fs::write(d.join("broken.html.gz"), b"not gzip").unwrap();
    assert_refused(&["extract", &p("latin1.html")], "is not UTF-8");
    assert_refused(&["extract", &p("empty.html")], "empty");
    assert_refused(&["extract", &p("binary.html")], "does not look like HTML");
    assert_refused(&["extract", &p("plain.html")], "does not look like HTML");
    assert_refused(&["extract", &p("broken.html.gz")], "not a valid gzip file");
    assert_refused(&["extract", &p("missing.html")], "cannot read");
    assert_refused(&["extract", &p("plain.html"), "--format", "pdf"], "unknown format");
    std::fs::write(d.join("page.html"), "<title>T</title><p>Some text in a paragraph.</p>").unwrap();
    assert_refused(&["extract", &p("page.html"), "--url", "not a url"], "not an absolute");
    assert_refused(&["frobnicate"], "usage");
}

#[test]
fn batch_refuses_empty_and_missing_folders() {
    let d = scratch("batch");
    let out = d.join("out.json").to_string_lossy().into_owned();
    std::fs::write(d.join("notes.txt"), "no pages here").unwrap();
    assert_refused(&["batch", &d.to_string_lossy(), "--out", &out], "no *.html or *.html.gz pages");
    assert_refused(&["batch", &d.join("nope").to_string_lossy(), "--out", &out], "cannot read folder");
    assert_refused(&["batch", &d.to_string_lossy()], "--out");
}

#[test]
fn batch_records_bad_pages_and_goes_on() {
    let d = scratch("mixed");
    let article = format!("<html><head><title>A story</title></head><body><h1>A story</h1>{}</body></html>", "<p>Some sentence that reads like prose, with commas, and more words in it.</p>".repeat(12));
    std::fs::write(d.join("good.html"), &article).unwrap();
    std::fs::write(d.join("bad.html"), b"\xff\xfe\x00").unwrap();
    let out = d.join("out.json");
    let (code, _, err) = run(&["batch", &d.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2/2"), "progress line missing: {err}");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(v["good"]["articleBody"].as_str().unwrap().starts_with("Some sentence"), "{v}");
    assert_eq!(v["good"]["title"], "A story");
    assert_eq!(v["good"]["readerable"], true);
    assert!(v["bad"]["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
}

#[test]
fn extract_prints_title_and_text() {
    let d = scratch("ok");
    let article = format!("<title>Hello world story</title><h1>Hello world story</h1>{}", "<p>A plain paragraph of the article, long enough to count as prose.</p>".repeat(10));
    std::fs::write(d.join("a.html"), article).unwrap();
    let (code, out, err) = run(&["extract", &d.join("a.html").to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Hello world story\n\nA plain paragraph"), "{out}");
    let (code, out, _) = run(&["extract", &d.join("a.html").to_string_lossy(), "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["blocks"].as_array().is_some_and(|b| !b.is_empty()));
}

#[test]
fn eval_scores_both_parts_and_every_digit() {
    let d = scratch("eval");
    std::fs::create_dir_all(d.join("html")).unwrap();
    std::fs::create_dir_all(d.join("ground-truth")).unwrap();
    let article = "The river rose by two metres overnight, flooding the lower town and closing the old bridge. \
                   Residents moved their cars to the hill before dawn, and the council opened the school as a shelter.";
    for id in ["0001", "0007"] {
        let html = format!("<!doctype html><title>Flood</title><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Flood</h1><p>{article}</p><p>{article}</p></article>");
        std::fs::write(d.join("html").join(format!("{id}.html")), html).unwrap();
        let truth = serde_json::json!({
            "ground_truth": { "main_content": format!("{article}\n{article}"), "with": ["flooding the lower town"], "without": ["Home"] },
            "_internal": { "page_type": { "primary": "article" } },
        });
        std::fs::write(d.join("ground-truth").join(format!("{id}.json")), truth.to_string()).unwrap();
    }
    let (code, out, err) = run(&["eval", "--corpus", &d.to_string_lossy()]);
    assert_eq!(code, 0, "eval failed: {err}");
    assert!(out.contains("2/2 pages predicted"), "{out}");
    assert!(out.contains("tuning part") && out.contains("kept-aside part"), "{out}");
    // Both pages read whole, nothing leaked: 1.000 on each part, and on the digits 1 and 7.
    assert!(out.contains("1: 1.000/0.000") && out.contains("7: 1.000/0.000"), "{out}");
}
