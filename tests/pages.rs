//! Golden pages: one small, realistic page per kind of clutter and per kind of rich content the
//! reader must keep, in tests/pages/SLUG/. Every folder there with an `expect.txt` is a golden
//! page: the folder is the list, so adding a page is creating its folder and blessing.
//!
//! - `source.html`: the page.
//! - `expect.txt`: hand-written assertions that must hold whatever the blessed files say (see
//!   [`Assertion`]). A line prefixed `known-gap ` is a known classifier error: while it fails it
//!   is reported on stderr and does not fail the test; once it holds it fails the test, so the
//!   prefix comes off and the fix is kept.
//! - `expected-blocks.txt` (generated): one line per block, `index \t tag \t label \t text`.
//!   tests/browser/golden.test.mjs checks the browser front end (the wasm build in Chromium)
//!   against the same file.
//! - `expected-reader.html` (generated): the reader HTML, with a line break after each block-level
//!   closing tag outside `<pre>` so a change reads as a diff (the reader HTML itself has no line
//!   breaks outside `<pre>`: it collapses whitespace).
//!
//! A deliberate change is one reviewed diff: `READMODE_BLESS=1 cargo test --release --test pages`
//! rewrites every expected-blocks.txt and expected-reader.html (never expect.txt). One test per
//! page (this file is a `harness = false` test: libtest-mimic makes one trial per folder), so one
//! page's failure does not hide another's; a failure names the page and the block.
//! `cargo test --release --test pages -- SLUG` runs one page.
// The browser cannot read the disk: there the golden pages are checked by a node test instead.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use libtest_mimic::{Arguments, Failed, Trial};
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use readmode::{analyze_html, Analysis, Block, Options};
use std::path::{Path, PathBuf};

const BLESS_COMMAND: &str = "READMODE_BLESS=1 cargo test --release --test pages";

/// Characters of block text recorded in expected-blocks.txt (tests/browser/golden.test.mjs
/// writes the same lines).
const BLOCK_TEXT_CHARS: usize = 60;

fn main() {
    let args = Arguments::from_args();
    let dir = pages_dir();
    let mut trials: Vec<Trial> = discover(&dir)
        .into_iter()
        .map(|slug| {
            let dir = dir.join(&slug);
            Trial::test(slug.clone(), move || check_page(&dir, &slug, bless()).into_result())
        })
        .collect();
    trials.push(Trial::test("golden_pages_are_found", move || golden_pages_are_found(&pages_dir())));
    trials.push(Trial::test("expect_txt::known_gap_that_holds_fails_the_page", self_test::known_gap_that_holds));
    trials.push(Trial::test("expect_txt::known_gap_that_fails_is_reported_only", self_test::known_gap_that_fails));
    trials.push(Trial::test("expect_txt::failing_assertion_fails_the_page", self_test::failing_assertion));
    libtest_mimic::run(&args, trials).exit();
}

fn pages_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pages")
}

/// The golden pages: every folder under `dir` with an `expect.txt`, by name. (Other folders
/// there hold pages other tests read, such as `allow-list/` and `demo/`.)
fn discover(dir: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("expect.txt").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    slugs
}

/// The folder is the list: make sure it was read, and that no page lost its expect.txt (a folder
/// with blessed files but no expect.txt would silently stop being tested).
fn golden_pages_are_found(dir: &Path) -> Result<(), Failed> {
    let pages = discover(dir);
    if pages.is_empty() {
        return Err(format!("no golden page found: no folder under {} has an expect.txt", dir.display()).into());
    }
    let mut orphans: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| {
            let p = e.path();
            !p.join("expect.txt").is_file()
                && (p.join("expected-blocks.txt").is_file() || p.join("expected-reader.html").is_file())
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    orphans.sort();
    if !orphans.is_empty() {
        return Err(format!(
            "tests/pages/{{{}}}: blessed files but no expect.txt, so not tested: write its expect.txt, or remove the folder",
            orphans.join(",")
        )
        .into());
    }
    Ok(())
}

fn bless() -> bool {
    std::env::var_os("READMODE_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// What checking one page found.
#[derive(Debug, Default)]
struct PageReport {
    /// Why the page's test fails (empty: it passes).
    failures: Vec<String>,
    /// `known-gap` assertions that still fail: reported, not failing.
    known_gaps: Vec<String>,
    /// What blessing wrote.
    blessed: Option<String>,
}

impl PageReport {
    /// Prints the known gaps (the test harness does not capture output) and turns the failures
    /// into the trial's outcome.
    fn into_result(self) -> Result<(), Failed> {
        for line in self.known_gaps.iter().chain(&self.blessed) {
            eprintln!("{line}");
        }
        if self.failures.is_empty() {
            Ok(())
        } else {
            Err(self.failures.join("\n").into())
        }
    }
}

fn read(dir: &Path, slug: &str, file: &str) -> Result<String, String> {
    let path = dir.join(file);
    std::fs::read_to_string(&path).map_err(|e| format!("page {slug}: cannot read tests/pages/{slug}/{file}: {e}"))
}

/// Checks the golden page in `dir` (named `slug` in messages): its expect.txt, then its blessed
/// files, which `bless` rewrites instead.
fn check_page(dir: &Path, slug: &str, bless: bool) -> PageReport {
    let mut report = PageReport::default();
    let fail = |msg: String| PageReport { failures: vec![msg], ..PageReport::default() };
    let source = match read(dir, slug, "source.html") {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let a = match analyze_html(&source, &Options::default()) {
        Ok(a) => a,
        Err(e) => return fail(format!("page {slug}: analyze failed: {e}")),
    };
    let reader = ReaderView::new(&a);
    let mut golden_failures = Vec::new();

    // (a) The hand-written assertions.
    let expect = match read(dir, slug, "expect.txt") {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut stale_gaps = Vec::new();
    for (n, line) in expect.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (known_gap, line) = match line.strip_prefix("known-gap ") {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let assertion = match Assertion::parse(line) {
            Ok(assertion) => assertion,
            Err(e) => {
                report.failures.push(format!("page {slug}: tests/pages/{slug}/expect.txt line {}: {e}", n + 1));
                continue;
            }
        };
        match (assertion.check(&a, &reader), known_gap) {
            (Ok(()), false) => {}
            (Err(why), false) => report.failures.push(format!("page {slug}: expect.txt line {}: `{line}`: {why}", n + 1)),
            (Err(why), true) => {
                report.known_gaps.push(format!("page {slug}: known gap (expect.txt line {}): `{line}`: {why}", n + 1))
            }
            (Ok(()), true) => stale_gaps.push(format!(
                "page {slug}: expect.txt line {}: `known-gap {line}` now holds: remove the `known-gap ` prefix from that line of tests/pages/{slug}/expect.txt, so the fix stays",
                n + 1
            )),
        }
    }
    if !report.failures.is_empty() {
        report.failures.push(
            "(expect.txt is hand-written and never blessed: fix the regression, or mark a known classifier error with a leading `known-gap `)"
                .to_string(),
        );
    }
    report.failures.extend(stale_gaps);

    // (b) The blessed blocks and reader HTML.
    let blocks = block_lines(&a);
    let html = layout_reader_html(&a.article.html);
    if bless {
        for (file, contents) in [("expected-blocks.txt", &blocks), ("expected-reader.html", &html)] {
            let path = dir.join(file);
            if let Err(e) = std::fs::write(&path, contents) {
                report.failures.push(format!("page {slug}: cannot write {}: {e}", path.display()));
            }
        }
        report.blessed =
            Some(format!("page {slug}: blessed expected-blocks.txt ({} blocks) and expected-reader.html", a.blocks.len()));
    } else {
        match read(dir, slug, "expected-blocks.txt") {
            Ok(expected) => {
                if let Err(msg) = compare_blocks(slug, "the native front end", &expected, &blocks) {
                    golden_failures.push(msg);
                }
            }
            Err(e) => golden_failures.push(e),
        }
        match read(dir, slug, "expected-reader.html") {
            Ok(expected) => {
                if let Err(msg) = compare_reader(slug, &expected, &html) {
                    golden_failures.push(msg);
                }
            }
            Err(e) => golden_failures.push(e),
        }
    }
    if !golden_failures.is_empty() {
        report.failures.extend(golden_failures);
        report.failures.push(format!("(if the change to the blessed files is intended, review it and run: {BLESS_COMMAND})"));
    }
    report
}

/// One line per block: `index \t tag \t label \t first 60 characters of its text`.
fn block_lines(a: &Analysis) -> String {
    let mut out = String::new();
    for b in &a.blocks {
        let text: String = b.text.chars().take(BLOCK_TEXT_CHARS).collect();
        out.push_str(&format!("{}\t{}\t{}\t{}\n", b.index, b.tag, b.label, text.trim_end()));
    }
    out
}

/// Compares block lines; on a difference names the page and the first differing block, with the
/// expected and actual label, and counts how many blocks differ.
fn compare_blocks(slug: &str, what: &str, expected: &str, actual: &str) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let differing: Vec<usize> = (0..e.len().max(a.len())).filter(|&i| e.get(i) != a.get(i)).collect();
    let Some(&first) = differing.first() else {
        return Err(format!("page {slug}: {what} differs from expected-blocks.txt only in line endings"));
    };
    let fields = |l: Option<&&str>| -> Vec<String> {
        l.map(|l| l.splitn(4, '\t').map(str::to_string).collect()).unwrap_or_default()
    };
    let (fe, fa) = (fields(e.get(first)), fields(a.get(first)));
    let detail = if fe.len() == 4 && fa.len() == 4 && fe[1] == fa[1] && fe[3] == fa[3] {
        format!("block {first} <{}> {:?}: expected label {}, got {}", fe[1], fe[3], fe[2], fa[2])
    } else {
        format!(
            "block {first}:\n    expected: {}\n    actual:   {}",
            e.get(first).copied().unwrap_or("(no block)"),
            a.get(first).copied().unwrap_or("(no block)")
        )
    };
    Err(format!(
        "page {slug}: {what} differs from tests/pages/{slug}/expected-blocks.txt ({} blocks expected, {} actual, {} lines differ); first difference at {detail}",
        e.len(),
        a.len(),
        differing.len()
    ))
}

/// The expect.txt rules, on a tiny page in a temporary golden folder: a `known-gap` line that
/// holds must fail the page, one that fails must only be reported.
mod self_test {
    use super::*;

    const SOURCE: &str = "<!doctype html><html><head><title>Tiny golden page</title></head><body><article>\
        <h1>Tiny golden page</h1>\
        <p>This small page exists only to test the rules of expect.txt. It has a title, a heading and \
        two paragraphs of plain prose, enough for the classifier to find an article body in it.</p>\
        <p>The second paragraph says nothing new, but it says it at some length, so that the page \
        reads as an article with more than one block of content in it.</p>\
        </article></body></html>";

    /// A golden folder holding SOURCE and `expect`, blessed, then checked as the real pages are.
    fn check_synthetic(name: &str, expect: &str) -> Result<PageReport, Failed> {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("golden-pages-self-test").join(name);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        std::fs::write(dir.join("source.html"), SOURCE).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("expect.txt"), expect).map_err(|e| e.to_string())?;
        let blessed = check_page(&dir, name, true);
        if !dir.join("expected-blocks.txt").is_file() || !dir.join("expected-reader.html").is_file() {
            return Err(format!("blessing {name} did not write its expected files: {:?}", blessed.failures).into());
        }
        Ok(check_page(&dir, name, false))
    }

    pub fn known_gap_that_holds() -> Result<(), Failed> {
        let report = check_synthetic("gap-holds", "title Tiny golden page\nknown-gap title Tiny golden\n")?;
        match report.failures.as_slice() {
            [only] if only.contains("line 2") && only.contains("remove the `known-gap ` prefix") => Ok(()),
            other => Err(format!("a known-gap line that holds must fail the page with one message telling to remove the prefix, got {other:?}").into()),
        }
    }

    pub fn known_gap_that_fails() -> Result<(), Failed> {
        let report = check_synthetic("gap-fails", "title Tiny golden page\nknown-gap title Some other title\n")?;
        if !report.failures.is_empty() {
            return Err(format!("a known-gap line that fails must not fail the page, got {:?}", report.failures).into());
        }
        match report.known_gaps.as_slice() {
            [only] if only.contains("known gap (expect.txt line 2)") && only.contains("title Some other title") => Ok(()),
            other => Err(format!("a known-gap line that fails must be reported, got {other:?}").into()),
        }
    }

    pub fn failing_assertion() -> Result<(), Failed> {
        let report = check_synthetic("assertion-fails", "title Some other title\n")?;
        if report.failures.first().is_some_and(|f| f.contains("expect.txt line 1: `title Some other title`")) {
            Ok(())
        } else {
            Err(format!("a failing assertion must fail the page, got {:?}", report.failures).into())
        }
    }
}

/// The reader HTML with a line break after each block-level closing tag (and `<br>`, `<hr>`)
/// outside `<pre>`.
fn layout_reader_html(html: &str) -> String {
    const BREAK_AFTER: &[&str] = &[
        "</p>", "</div>", "</li>", "</ul>", "</ol>", "</dl>", "</dt>", "</dd>", "</h2>", "</h3>", "</h4>", "</h5>",
        "</h6>", "</figure>", "</figcaption>", "</blockquote>", "</pre>", "</table>", "</caption>", "</thead>",
        "</tbody>", "</tfoot>", "</tr>", "</details>", "</summary>", "</picture>", "</video>", "</audio>", "<br>",
        "<hr>",
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 40);
    let mut pre = 0usize;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        out.push_str(tag);
        if name == "pre" {
            if tag.starts_with("</") {
                pre = pre.saturating_sub(1);
            } else {
                pre += 1;
            }
        }
        if pre == 0 && BREAK_AFTER.contains(&tag) {
            out.push('\n');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn compare_reader(slug: &str, expected: &str, actual: &str) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let first = (0..e.len().max(a.len())).find(|&i| e.get(i) != a.get(i)).unwrap_or(0);
    Err(format!(
        "page {slug}: the reader HTML differs from tests/pages/{slug}/expected-reader.html ({} lines expected, {} actual); first difference at line {}:\n    expected: {}\n    actual:   {}",
        e.len(),
        a.len(),
        first + 1,
        e.get(first).copied().unwrap_or("(no line)"),
        a.get(first).copied().unwrap_or("(no line)")
    ))
}

/// The reader HTML parsed back, and the article text, for the hand assertions.
struct ReaderView {
    /// The reader HTML's elements in document order (`None` when the reader HTML is empty).
    doc: Option<Vec<Element>>,
    /// The text a reader sees in the reader HTML, whitespace collapsed.
    text: String,
    /// The article's plain text, whitespace collapsed.
    article_text: String,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements of the reader HTML that do not separate the text around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time",
    "u", "var",
];

/// An element of the reader HTML: its tag and attributes.
struct Element {
    tag: String,
    attrs: Vec<(String, String)>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl ReaderView {
    fn new(a: &Analysis) -> Self {
        if a.article.html.trim().is_empty() {
            return ReaderView { doc: None, text: String::new(), article_text: collapse(&a.article.text) };
        }
        let (elements, text) = Self::parse(&a.article.html);
        ReaderView { doc: Some(elements), text: collapse(&text), article_text: collapse(&a.article.text) }
    }

    /// The text a reader sees in some reader HTML (the article's, the comments').
    fn html_text(html: &str) -> String {
        Self::parse(html).1
    }

    /// Parsed as a browser parses it (html5ever), read in document order. Block-level elements
    /// separate their text, as they would on screen; the fallback text inside <video> and
    /// <audio> is not shown by a browser that plays them.
    fn parse(html: &str) -> (Vec<Element>, String) {
        let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(html);
        let (mut elements, mut text) = (Vec::new(), String::new());
        fn walk(node: &Handle, in_media: bool, elements: &mut Vec<Element>, text: &mut String) {
            let mut in_media = in_media;
            match &node.data {
                NodeData::Text { contents } if !in_media => text.push_str(&contents.borrow()),
                NodeData::Element { name, attrs, .. } => {
                    let tag = name.local.to_string();
                    if !INLINE.contains(&tag.as_str()) {
                        text.push(' ');
                    }
                    in_media |= matches!(tag.as_str(), "video" | "audio");
                    let attrs = attrs.borrow().iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                    elements.push(Element { tag, attrs });
                }
                _ => {}
            }
            for child in node.children.borrow().iter() {
                walk(child, in_media, elements, text);
            }
        }
        walk(&dom.document, false, &mut elements, &mut text);
        (elements, text)
    }
}

/// One line of expect.txt.
#[derive(Debug)]
enum Assertion {
    /// `keep SNIPPET`: the reader sees the snippet (in the reader HTML's text).
    Keep(String),
    /// `drop SNIPPET`: neither the reader HTML nor the article text holds the snippet.
    Drop(String),
    /// `label LABEL SNIPPET`: every block whose text is the snippet (or, when none is exactly the
    /// snippet, every block whose first 80 characters contain it) has this label.
    Label(String, String),
    /// `reader-has SELECTOR`: the reader HTML has such an element. A selector is a tag with at most
    /// one attribute test: `img`, `img[srcset]`, `code[class=language-rust]`, `img[src*=.jpg]`,
    /// `img[src^=https:]`.
    ReaderHas(Selector),
    /// `reader-lacks SELECTOR`: the reader HTML has no such element.
    ReaderLacks(Selector),
    /// `comments N`: the discussion offered apart (`article.comments`) has N comments; `comments 0`:
    /// there is none (a thread's posts are its article).
    Comments(u32),
    /// `comments-has SNIPPET`: the comments' text holds the snippet.
    CommentsHas(String),
    /// `reader-count N SELECTOR`: the reader HTML has exactly N such elements (an image shown
    /// twice, by its lazy markup and its `<noscript>` fallback, is an error).
    ReaderCount(usize, Selector),
    /// `title SNIPPET`: the article title contains the snippet.
    Title(String),
    /// `title-is TITLE`: the article title is exactly this (what a site name suffix left).
    TitleIs(String),
    /// `readerable`: the page is offered in reader view.
    Readerable,
}

#[derive(Debug)]
struct Selector {
    tag: String,
    attr: Option<(String, Op, String)>,
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Exists,
    Equals,
    Contains,
    StartsWith,
}

impl Selector {
    fn parse(s: &str) -> Result<Selector, String> {
        let s = s.trim();
        let Some(open) = s.find('[') else {
            return Ok(Selector { tag: s.to_ascii_lowercase(), attr: None });
        };
        let inner = s[open + 1..].strip_suffix(']').ok_or_else(|| format!("selector {s:?}: missing ]"))?;
        let tag = s[..open].to_ascii_lowercase();
        let attr = if let Some((n, v)) = inner.split_once("*=") {
            (n.to_string(), Op::Contains, v.to_string())
        } else if let Some((n, v)) = inner.split_once("^=") {
            (n.to_string(), Op::StartsWith, v.to_string())
        } else if let Some((n, v)) = inner.split_once('=') {
            (n.to_string(), Op::Equals, v.to_string())
        } else {
            (inner.to_string(), Op::Exists, String::new())
        };
        Ok(Selector { tag, attr: Some(attr) })
    }

    fn count(&self, doc: &[Element]) -> usize {
        doc.iter()
            .filter(|e| e.tag == self.tag)
            .filter(|e| match &self.attr {
                None => true,
                Some((name, op, value)) => e.attr(name).is_some_and(|v| match op {
                    Op::Exists => true,
                    Op::Equals => v == value,
                    Op::Contains => v.contains(value.as_str()),
                    Op::StartsWith => v.starts_with(value.as_str()),
                }),
            })
            .count()
    }
}

impl Assertion {
    fn parse(line: &str) -> Result<Assertion, String> {
        let (verb, rest) = line.split_once(' ').map(|(v, r)| (v, r.trim())).unwrap_or((line, ""));
        let need = |what: &str| if rest.is_empty() { Err(format!("`{verb}` needs {what}")) } else { Ok(rest.to_string()) };
        Ok(match verb {
            "keep" => Assertion::Keep(need("a text snippet")?),
            "drop" => Assertion::Drop(need("a text snippet")?),
            "title" => Assertion::Title(need("a text snippet")?),
            "title-is" => Assertion::TitleIs(need("a title")?),
            "readerable" => Assertion::Readerable,
            "label" => {
                let (label, snippet) =
                    rest.split_once(' ').ok_or_else(|| "`label` needs a label and a text snippet".to_string())?;
                if !readmode::Label::ALL.iter().any(|l| l.as_str() == label) {
                    return Err(format!("unknown label {label:?}"));
                }
                Assertion::Label(label.to_string(), snippet.trim().to_string())
            }
            "reader-has" => Assertion::ReaderHas(Selector::parse(&need("a selector")?)?),
            "reader-lacks" => Assertion::ReaderLacks(Selector::parse(&need("a selector")?)?),
            "reader-count" => {
                let (n, sel) =
                    rest.split_once(' ').ok_or_else(|| "`reader-count` needs a number and a selector".to_string())?;
                let n = n.parse().map_err(|_| format!("`reader-count`: {n:?} is not a number"))?;
                Assertion::ReaderCount(n, Selector::parse(sel)?)
            }
            "comments" => Assertion::Comments(need("a number")?.parse().map_err(|_| format!("`comments`: {rest:?} is not a number"))?),
            "comments-has" => Assertion::CommentsHas(need("a text snippet")?),
            _ => return Err(format!("unknown assertion {verb:?} (keep, drop, label, reader-has, reader-lacks, reader-count, comments, comments-has, title, title-is, readerable)")),
        })
    }

    fn check(&self, a: &Analysis, r: &ReaderView) -> Result<(), String> {
        let describe = |b: &Block| {
            format!("block {} <{}> {:?} is {} (reasons: {})", b.index, b.tag, b.text, b.label, b.reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>().join("; "))
        };

        // Every block holding the snippet (block reports hold a block's first 80 characters: a
        // longer snippet is looked for by its first 60).
        let blocks_holding = |snippet: &str| -> Vec<&Block> {
            let head: String = snippet.chars().take(60).collect();
            a.blocks.iter().filter(|b| b.text.contains(snippet) || b.text.contains(head.as_str())).collect()
        };
        // The blocks a `label` line means: those whose text is exactly the snippet or, when there
        // are none, those holding it.
        let blocks_with = |snippet: &str| -> Vec<&Block> {
            let exact: Vec<&Block> = a.blocks.iter().filter(|b| b.text == snippet).collect();
            if !exact.is_empty() {
                return exact;
            }
            blocks_holding(snippet)
        };
        match self {
            Assertion::Keep(s) => {
                if r.text.contains(s.as_str()) {
                    return Ok(());
                }
                let blocks: Vec<String> = blocks_holding(s).into_iter().map(describe).collect();
                Err(format!(
                    "not in the reader HTML{}; {}",
                    if r.article_text.contains(s.as_str()) { " (but in the article text)" } else { "" },
                    if blocks.is_empty() { "no block has it in its first 80 characters".to_string() } else { blocks.join(", ") }
                ))
            }
            Assertion::Drop(s) => {
                let in_html = r.text.contains(s.as_str());
                let in_text = r.article_text.contains(s.as_str());
                if !in_html && !in_text {
                    return Ok(());
                }
                let blocks: Vec<String> = blocks_holding(s).into_iter().map(describe).collect();
                Err(format!(
                    "still in the {}; {}",
                    match (in_html, in_text) {
                        (true, true) => "reader HTML and the article text",
                        (true, false) => "reader HTML",
                        _ => "article text",
                    },
                    if blocks.is_empty() { "no block has it in its first 80 characters".to_string() } else { blocks.join(", ") }
                ))
            }
            Assertion::Label(label, s) => {
                let blocks = blocks_with(s);
                if blocks.is_empty() {
                    return Err(format!("no block has {s:?} in its first 80 characters"));
                }
                let wrong: Vec<String> = blocks.into_iter().filter(|b| b.label.as_str() != label).map(describe).collect();
                if wrong.is_empty() {
                    Ok(())
                } else {
                    Err(format!("expected {label}: {}", wrong.join(", ")))
                }
            }
            Assertion::ReaderHas(sel) => match &r.doc {
                Some(d) if sel.count(d) > 0 => Ok(()),
                _ => Err("the reader HTML has no such element".to_string()),
            },
            Assertion::ReaderLacks(sel) => match &r.doc {
                Some(d) if sel.count(d) > 0 => Err(format!("the reader HTML has {} such element(s)", sel.count(d))),
                _ => Ok(()),
            },
            Assertion::ReaderCount(n, sel) => {
                let found = r.doc.as_ref().map_or(0, |d| sel.count(d));
                if found == *n {
                    Ok(())
                } else {
                    Err(format!("the reader HTML has {found} such element(s), expected {n}"))
                }
            }
            Assertion::Title(s) => match &a.article.metadata.title {
                Some(t) if t.contains(s.as_str()) => Ok(()),
                t => Err(format!("the title is {t:?}")),
            },
            Assertion::TitleIs(s) => match &a.article.metadata.title {
                Some(t) if t == s => Ok(()),
                t => Err(format!("the title is {t:?}")),
            },
            Assertion::Comments(n) => match (&a.article.comments, n) {
                (None, 0) => Ok(()),
                (Some(c), n) if c.count == *n => Ok(()),
                (c, _) => Err(format!("the comments are {:?}", c.as_ref().map(|c| c.count))),
            },
            Assertion::CommentsHas(s) => {
                let html = a.article.comments.as_ref().map(|c| c.html.as_str()).unwrap_or("");
                if collapse(&ReaderView::html_text(html)).contains(s.as_str()) {
                    Ok(())
                } else {
                    Err(format!("not in the comments: {html}"))
                }
            }
            Assertion::Readerable => {
                if a.readerable {
                    Ok(())
                } else {
                    Err(format!("not readerable: {}", a.reason.as_deref().unwrap_or("")))
                }
            }
        }
    }
}
