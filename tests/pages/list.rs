// The golden pages (tests/pages/SLUG/), shared by tests/pages.rs (native, html5ever: checks the
// hand-written expect.txt, writes and checks expected-blocks.txt and expected-reader.html) and
// tests/web.rs (wasm, web-sys DOMParser: checks expected-blocks.txt). `include!`d by both.
//
// Adding a page: create tests/pages/SLUG/source.html and expect.txt, add SLUG to `PAGES` below
// and to the `golden_pages!` lists in tests/pages.rs and tests/web.rs, then bless:
// `READMODE_BLESS=1 cargo test --release --test pages`.

/// Characters of block text recorded in expected-blocks.txt.
pub const BLOCK_TEXT_CHARS: usize = 60;

/// Every golden page, in the order the tests are listed (tests/pages.rs and tests/web.rs each
/// check that their own list of test functions is this one).
pub const PAGES: &[&str] = &[
    "promo-panel",
    "most-popular-list",
    "related-teasers",
    "navigation-menus",
    "share-bar",
    "comments",
    "ads",
    "newsletter-box",
    "cookie-banner",
    "author-bio-footer",
    "lazy-images",
    "figure-captions",
    "keep-tables",
    "code-blocks",
    "lists-and-quotes",
    "embedded-video",
];

/// One line per block: `index \t tag \t label \t first 60 characters of its text`.
pub fn block_lines(a: &readmode::Analysis) -> String {
    let mut out = String::new();
    for b in &a.blocks {
        let text: String = b.text.chars().take(BLOCK_TEXT_CHARS).collect();
        out.push_str(&format!("{}\t{}\t{}\t{}\n", b.index, b.tag, b.label, text.trim_end()));
    }
    out
}

/// Compares block lines; on a difference names the page and the first differing block, with the
/// expected and actual label, and counts how many blocks differ.
pub fn compare_blocks(slug: &str, what: &str, expected: &str, actual: &str) -> Result<(), String> {
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
