//! The native CLI: its commands, its help, and bad input (a clear message on stderr and a non-zero
//! exit, never a panic: code 1 for a page or file it cannot use, 2 for a usage error).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("readmode-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the CLI and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    run_with_stdin(args, b"")
}

/// Runs the CLI with `input` on its standard input.
fn run_with_stdin(args: &[&str], input: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_readmode"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run readmode");
    // A command that does not read its input may have exited already: a broken pipe is no error.
    let _ = child.stdin.take().expect("stdin").write_all(input);
    let o = child.wait_with_output().expect("run readmode");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into(), String::from_utf8_lossy(&o.stderr).into())
}

/// Fails unless the run exited with `code` and `expected` in its message, and did not panic.
fn assert_exit(args: &[&str], input: &[u8], code: i32, expected: &str) {
    let (got, _, err) = run_with_stdin(args, input);
    assert_eq!(got, code, "{args:?} should exit with {code}; stderr: {err}");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert!(err.contains(expected), "{args:?}: expected {expected:?} in stderr, got: {err}");
}

/// A page or file the command cannot use: one sentence and exit code 1.
fn assert_refused(args: &[&str], expected: &str) {
    assert_exit(args, b"", 1, expected);
}

/// A usage error (clap's message): exit code 2.
fn assert_usage_error(args: &[&str], expected: &str) {
    assert_exit(args, b"", 2, expected);
}

#[test]
fn bad_files_get_clear_errors() {
    let d = scratch("files");
    let p = |n: &str| d.join(n).to_string_lossy().into_owned();
    std::fs::write(d.join("empty.html"), b"  \n ").unwrap();
    std::fs::write(d.join("binary.html"), (0u8..=255).cycle().take(5000).filter(|b| *b < 128).collect::<Vec<u8>>()).unwrap();
    std::fs::write(d.join("plain.html"), b"just some words, no markup at all").unwrap();
    std::fs::write(d.join("broken.html.gz"), b"not gzip").unwrap();
    assert_refused(&["extract", &p("empty.html")], "empty");
    assert_refused(&["extract", &p("binary.html")], "does not look like HTML");
    assert_refused(&["extract", &p("plain.html")], "does not look like HTML");
    // A file with another kind's signature, however much markup follows it.
    std::fs::write(d.join("image.html"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR<html><p>Text in a paragraph.</p>").unwrap();
    assert_refused(&["extract", &p("image.html")], "does not look like HTML: it opens as a PNG image does");
    std::fs::write(d.join("document.html"), b"%PDF-1.7\n<p>Text in a paragraph.</p>").unwrap();
    assert_refused(&["extract", &p("document.html")], "it opens as a PDF document does");
    assert_refused(&["extract", &p("broken.html.gz")], "not a valid gzip file");
    assert_refused(&["extract", &p("missing.html")], "cannot read");
    std::fs::write(d.join("page.html"), "<title>T</title><p>Some text in a paragraph.</p>").unwrap();
    assert_refused(&["extract", &p("page.html"), "--url", "not a url"], "not an absolute");
}

#[test]
fn usage_errors_name_the_argument() {
    assert_usage_error(&["extract", "page.html", "--format", "pdf"], "invalid value 'pdf' for '--format <FORMAT>'");
    assert_usage_error(&["extract"], "<FILE>");
    assert_usage_error(&["extract", "a.html", "b.html"], "unexpected argument 'b.html'");
    assert_usage_error(&["eval", "--corpus", "x", "--worst", "some"], "invalid value 'some' for '--worst <N>'");
    assert_usage_error(&["train"], "--corpus <DIR>");
    assert_usage_error(&["frobnicate"], "unrecognized subcommand 'frobnicate'");
    // No command: the help, on stderr.
    assert_usage_error(&[], "Usage: readmode <COMMAND>");
}

#[test]
fn help_describes_every_command() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for command in ["extract", "batch", "eval", "train"] {
        assert!(out.contains(&format!("\n  {command} ")), "{command} missing from the help: {out}");
    }
    let (code, out, _) = run(&["extract", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: readmode extract [OPTIONS] <FILE>"), "{out}");
    assert!(out.contains("standard input") && out.contains("--url <URL>"), "{out}");
    assert!(out.contains("json: The whole analysis"), "formats not described: {out}");
    let (code, out, _) = run(&["help", "eval"]);
    assert_eq!(code, 0);
    assert!(out.contains("--worst <N>") && out.contains("--pred <FILE.json>"), "{out}");
    let (code, out, _) = run(&["train", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("[default: src/classify/model_weights.rs]"), "{out}");
}

#[test]
fn batch_refuses_empty_and_missing_folders() {
    let d = scratch("batch");
    let out = d.join("out.json").to_string_lossy().into_owned();
    std::fs::write(d.join("notes.txt"), "no pages here").unwrap();
    assert_refused(&["batch", &d.to_string_lossy(), "--out", &out], "no *.html or *.html.gz pages");
    assert_refused(&["batch", &d.join("nope").to_string_lossy(), "--out", &out], "cannot read folder");
    assert_usage_error(&["batch", &d.to_string_lossy()], "--out <FILE.json>");
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
    // stderr is a pipe here: no progress bar, one summary line.
    assert!(err.contains("readmode batch: 2/2 pages in "), "summary line missing: {err}");
    assert!(!err.contains('\r'), "a progress bar on a pipe: {err:?}");
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
fn extract_reads_the_page_from_stdin() {
    let d = scratch("stdin");
    let article = format!("<title>From a pipe</title><h1>From a pipe</h1>{}", "<p>A plain paragraph of the article, long enough to count as prose.</p>".repeat(10));
    std::fs::write(d.join("a.html"), &article).unwrap();
    for format in ["text", "html", "json"] {
        let (code, out, err) = run_with_stdin(&["extract", "-", "--format", format], article.as_bytes());
        assert_eq!(code, 0, "{err}");
        let (_, from_file, _) = run(&["extract", &d.join("a.html").to_string_lossy(), "--format", format]);
        assert_eq!(out, from_file, "--format {format}: standard input and the file differ");
    }
    let (code, out, err) = run_with_stdin(&["extract", "-", "--url", "https://example.com/a/story"], article.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("From a pipe\n\nA plain paragraph"), "{out}");
    // Bytes in another encoding are decoded on standard input too (here: labelled windows-1252).
    let (code, out, err) = run_with_stdin(&["extract", "-"], b"<meta charset=windows-1252><title>Caf\xe9</title><p>Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e.</p>");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Café\n\nCafé au lait, crème brûlée."), "{out}");
    assert_exit(&["extract", "-"], b"", 1, "standard input: ");
}

#[test]
fn eval_scores_both_parts_and_every_site_group() {
    let d = scratch("eval");
    std::fs::create_dir_all(d.join("html")).unwrap();
    std::fs::create_dir_all(d.join("ground-truth")).unwrap();
    let article = "The river rose by two metres overnight, flooding the lower town and closing the old bridge. \
                   Residents moved their cars to the hill before dawn, and the council opened the school as a shelter.";
    // The kept-aside part goes by site: a.example's name hashes to 0 mod 10 (kept aside),
    // news.example's to 8.
    for (id, site) in [("0001", "news.example"), ("0002", "a.example")] {
        let html = format!("<!doctype html><title>Flood</title><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Flood</h1><p>{article}</p><p>{article}</p></article>");
        std::fs::write(d.join("html").join(format!("{id}.html")), html).unwrap();
        let truth = serde_json::json!({
            "url": format!("https://www.{site}/2024/flood.html"),
            "ground_truth": { "main_content": format!("{article}\n{article}"), "with": ["flooding the lower town"], "without": ["Home"] },
            "_internal": { "page_type": { "primary": "article" } },
        });
        std::fs::write(d.join("ground-truth").join(format!("{id}.json")), truth.to_string()).unwrap();
    }
    let (code, out, err) = run(&["eval", "--corpus", &d.to_string_lossy()]);
    assert_eq!(code, 0, "eval failed: {err}");
    assert!(out.contains("2/2 pages predicted"), "{out}");
    assert!(out.contains("tuning part, 1 pages") && out.contains("kept-aside part (sites whose name hashes to 0 mod 10), 1 pages"), "{out}");
    // Both pages read whole, nothing leaked: 1.000 on each part, and on the groups 0 and 8.
    assert!(out.contains("0: 1.000/0.000") && out.contains("8: 1.000/0.000"), "{out}");
}

/// Pages in the legacy encodings a browser reads: labelled by `<meta charset>`, by
/// `<meta http-equiv>`, or not at all (detected, with the URL's top-level domain as a hint).
#[test]
fn pages_in_legacy_encodings_are_decoded() {
    let d = scratch("encodings");
    let pages: [(&'static encoding_rs::Encoding, &str, &str, &str); 5] = [
        (encoding_rs::WINDOWS_1252, "fr", "La bibliothèque rénovée",
         "Le conseil municipal a décidé jeudi de rénover la bibliothèque. Les travaux coûteront près de deux millions d'euros et dureront jusqu'à l'été prochain, a précisé le maire à l'issue de la séance."),
        (encoding_rs::ISO_8859_2, "pl", "Remont biblioteki",
         "Rada miasta zdecydowała w czwartek o remoncie biblioteki. Prace potrwają do przyszłego lata i będą kosztować prawie dwa miliony złotych, powiedział burmistrz po posiedzeniu."),
        (encoding_rs::KOI8_R, "ru", "Ремонт библиотеки",
         "Городской совет в четверг решил отремонтировать библиотеку. Работы продлятся до следующего лета и обойдутся почти в два миллиона рублей, сообщил мэр после заседания."),
        (encoding_rs::SHIFT_JIS, "jp", "図書館の改修",
         "市議会は木曜日、図書館の改修を決めた。工事は来年の夏まで続き、費用はおよそ二億円になると市長は会見で述べた。"),
        (encoding_rs::GBK, "cn", "图书馆翻修",
         "市议会周四决定翻修图书馆。市长在会后表示，工程将持续到明年夏天，费用接近两百万元。"),
    ];
    for (encoding, tld, title, text) in pages {
        let name = encoding.name();
        let labels = [
            format!("<meta charset=\"{name}\">"),
            format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={name}\">"),
            String::new(),
        ];
        for label in labels {
            let html = format!("<!doctype html><html><head>{label}<title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>");
            let (bytes, _, unmappable) = encoding.encode(&html);
            assert!(!unmappable, "{name}: the test page has a character the encoding lacks");
            assert!(std::str::from_utf8(&bytes).is_err(), "{name}: the test page's bytes should not be UTF-8");
            let file = d.join(format!("{name}.html"));
            std::fs::write(&file, &bytes).unwrap();
            let url = format!("https://news.example.{tld}/2024/library");
            let (code, out, err) = run(&["extract", &file.to_string_lossy(), "--url", &url]);
            assert_eq!(code, 0, "{name} {label:?}: {err}");
            assert_eq!(out, format!("{title}\n\n{text}\n"), "{name} {label:?}: decoded wrongly");
        }
    }
}

/// A byte order mark decides the encoding (and is not part of the text), over a wrong label.
#[test]
fn a_byte_order_mark_decides_the_encoding() {
    let d = scratch("bom");
    let page = |label: &str| format!("<html><head>{label}<title>Crème brûlée</title></head><body><p>Crème brûlée, naïve café.</p></body></html>");
    let expected = "Crème brûlée\n\nCrème brûlée, naïve café.\n";
    let utf8_bom = [b"\xef\xbb\xbf".as_slice(), page("").as_bytes()].concat();
    // The label says KOI8-R, in which these bytes would read as Cyrillic: the mark wins.
    let wrong_label = [b"\xef\xbb\xbf".as_slice(), page("<meta charset=koi8-r>").as_bytes()].concat();
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain(page("<meta charset=windows-1252>").encode_utf16().flat_map(u16::to_le_bytes)).collect();
    for (name, bytes) in [("utf8-bom.html", utf8_bom), ("wrong-label.html", wrong_label), ("utf16le.html", utf16)] {
        std::fs::write(d.join(name), &bytes).unwrap();
        let (code, out, err) = run(&["extract", &d.join(name).to_string_lossy()]);
        assert_eq!((code, out.as_str()), (0, expected), "{name}: {err}");
        let (code, out, err) = run_with_stdin(&["extract", "-"], &bytes);
        assert_eq!((code, out.as_str()), (0, expected), "{name} on standard input: {err}");
    }
}

/// A snippet corpus (trafilatura-dev's layout): the line score.py snippets prints, for all pages
/// and each part, from the native build or a batch output, and the pages with snippets missed
/// or leaked.
#[test]
fn eval_scores_a_snippet_corpus() {
    let d = scratch("snippets");
    std::fs::create_dir_all(d.join("pages")).unwrap();
    let story = "The river rose by two metres overnight, flooding the lower town and closing the old bridge. \
                 Residents moved their cars to the hill before dawn, and the council opened the school as a shelter.";
    let html = format!("<title>Flood</title><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Flood</h1><p>{story}</p><p>{story}</p></article>");
    std::fs::write(d.join("pages").join("t0001.html"), &html).unwrap();
    std::fs::write(d.join("pages").join("t0002.html"), &html).unwrap();
    // example.com's name hashes to 0 mod 10 (kept aside), 100noticias.com's to 5 (tuning).
    let index = serde_json::json!({
        "t0001": { "url": "https://www.example.com/flood", "with": ["flooding the lower  town"], "without": ["Home News"] },
        "t0002": { "url": "hard::100noticias.com-flood.html", "with": ["the old bridge", "Not in the page"], "without": ["Home News"] },
    });
    std::fs::write(d.join("evaldata.json"), index.to_string()).unwrap();
    let (code, out, err) = run(&["eval", "--corpus", &d.to_string_lossy(), "--worst", "5"]);
    assert_eq!(code, 0, "eval failed: {err}");
    let line = |tp: usize, w: usize, fp: usize, wo: usize, p: &str, r: &str, acc: &str, f1: &str| {
        format!("  snippets P {p}  R {r}  acc {acc}  F1 {f1}  (with found {tp}/{w}, boilerplate found {fp}/{wo})\n")
    };
    // Both pages read whole, the nav left out: one snippet missed (not in the page), none leaked.
    let all = line(2, 3, 0, 2, "1.000", "0.667", "0.800", "0.800");
    assert!(out.starts_with(&format!("native build: 2/2 pages predicted\n{all}")), "{out}");
    assert!(out.contains(&format!("tuning part, 1 pages:\n{}", line(1, 2, 0, 1, "1.000", "0.500", "0.667", "0.667"))), "{out}");
    assert!(out.contains(&format!("1 pages:\n{}", line(1, 1, 0, 1, "1.000", "1.000", "1.000", "1.000"))), "{out}");
    assert!(out.contains("1 pages with snippets missed or leaked") && out.contains("t0002 tuning     missed 1/2  leaked 0/1"), "{out}");
    assert!(out.contains("    missed: \"Not in the page\""), "{out}");
    // A batch output, wrapped as score.py accepts it; a page it lacks counts as empty.
    let pred = d.join("pred.json");
    let body = format!("Home News {story}");
    std::fs::write(&pred, serde_json::json!({"version": 1, "output": {"t0001": {"articleBody": body}}}).to_string()).unwrap();
    let (code, out, err) = run(&["eval", "--corpus", &d.to_string_lossy(), "--pred", &pred.to_string_lossy()]);
    assert_eq!(code, 0, "eval --pred failed: {err}");
    let expected = format!("{}: 1/2 pages predicted\n{}", pred.display(), line(1, 3, 1, 2, "0.500", "0.333", "0.400", "0.400"));
    assert!(out.starts_with(&expected), "{out}");
}

/// Readability's test pages: beside the metadata, the article's words against expected.html on
/// the readerable pages, for all pages and each part (slugs from n to z kept aside).
#[test]
fn eval_scores_readability_words() {
    let d = scratch("readability");
    let story = "<p>The river rose by two metres overnight, flooding the lower town and closing the old bridge.</p>\
                 <p>Residents moved their cars to the hill before dawn, and the council opened the school as a shelter.</p>";
    for (slug, expected, readerable) in [("alpha", story.to_string(), true), ("zulu", format!("{story}<p>Words the article lacks</p>"), true), ("other", String::new(), false)] {
        let dir = d.join("pages").join(slug);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("source.html"), format!("<title>Flood</title><nav><a href=/>Home</a></nav><article>{story}</article>")).unwrap();
        std::fs::write(dir.join("expected.html"), format!("<div id=\"readability-page-1\" class=\"page\">{expected}</div>")).unwrap();
        std::fs::write(dir.join("expected-metadata.json"), serde_json::json!({ "readerable": readerable }).to_string()).unwrap();
    }
    let (code, out, err) = run(&["eval", "--corpus", &d.to_string_lossy(), "--worst", "1"]);
    assert_eq!(code, 0, "eval failed: {err}");
    // 34 words in the article; zulu's reference has 4 more: recall 34/38.
    let zulu_f1 = 2.0 * (34.0 / 38.0) / (1.0 + 34.0 / 38.0);
    for row in [
        format!("  all            n=2     F1 {:.3}  P 1.000  R {:.3}", (1.0 + zulu_f1) / 2.0, (1.0 + 34.0 / 38.0) / 2.0),
        "  tuning         n=1     F1 1.000  P 1.000  R 1.000".to_string(),
        format!("  kept-aside     n=1     F1 {zulu_f1:.3}  P 1.000  R {:.3}", 34.0 / 38.0),
    ] {
        assert!(out.contains(&row), "missing {row:?} in:\n{out}");
    }
    assert!(out.contains("zulu kept-aside F1 0.944") && out.contains("lost:   article×1 lacks×1 the×1 words×1"), "{out}");
}
