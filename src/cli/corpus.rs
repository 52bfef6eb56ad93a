//! Reading pages and corpora: page files (`.html`, `.html.gz`), folders of them, WCXB references,
//! trafilatura's snippet index, and analysing many pages at once.
//!
//! Part of each corpus is kept aside for judging generalisation and never tuned on: WCXB and
//! trafilatura-dev pages whose site (see [`site_of`]) hashes to 0 modulo 10 (136 of 1,497 and 53
//! of 483 pages), and Readability pages whose slug starts with a letter from n to z (pages of one
//! site share the slug's first word). The splits go by site, not by page, so that two pages of
//! one site (one template) are never one on each side; and by a hash, not by the id's digit,
//! because trafilatura-dev's ids run in the order of the sites' names. (Until December 2026 WCXB's
//! kept-aside part was the 148 pages whose id ends in 7; a dozen of its sites had pages on both
//! sides.)

use super::progress::Progress;
use crate::{analyze_bytes, Analysis, Options};
use serde_json::{json, Map, Value};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The URL of a batch page whose corpus does not say where it was fetched from (a WCXB-style
/// corpus keeps it in `../ground-truth/ID.json`): the placeholder the Mozilla test pages assume.
const FALLBACK_URL: &str = "http://fakehost/test/page.html";

/// Reads a page file's bytes, gunzipping `.gz`. Decoding them is the library's
/// ([`crate::analyze_bytes`]): a page may be in any encoding a browser reads. Reading stops at the
/// parser's size limit, so a gzip bomb (1 MB inflating to 1 GiB), a device (a page that is a link
/// to `/dev/zero`) or a pipe that never ends costs at most the limit in memory.
pub fn read_page(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        read_limited(flate2::read::GzDecoder::new(std::io::BufReader::new(file)), &path.display())
            .map_err(|e| e.unwrap_or_else(|e| format!("{} is not a valid gzip file: {e}", path.display())))?
    } else {
        read_limited(file, &path.display()).map_err(|e| e.unwrap_or_else(|e| format!("cannot read {}: {e}", path.display())))?
    };
    Ok(bytes)
}

/// Reads a page's bytes from standard input (HTML, not gzipped), up to the size limit.
pub fn read_stdin() -> Result<Vec<u8>, String> {
    read_limited(std::io::stdin().lock(), &"standard input")
        .map_err(|e| e.unwrap_or_else(|e| format!("cannot read standard input: {e}")))
}

/// Everything `r` gives, up to the size limit: `Err(Ok(sentence))` past the limit (reading stops
/// one byte after it), `Err(Err(e))` when reading fails.
fn read_limited(r: impl Read, name: &dyn std::fmt::Display) -> Result<Vec<u8>, Result<String, std::io::Error>> {
    let limit = crate::dom::MAX_HTML_BYTES;
    let mut bytes = Vec::new();
    r.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(Err)?;
    if bytes.len() > limit {
        return Err(Ok(format!("{name} is larger than the {} MiB limit", limit >> 20)));
    }
    Ok(bytes)
}

/// A page's id: its file name up to the first dot (`0042.html.gz` → `0042`).
fn page_id(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.split('.').next().unwrap_or("").to_string()
}

/// The URL a corpus page was fetched from, from its WCXB reference (`../ground-truth/ID.json`).
pub fn corpus_url(path: &Path) -> Option<String> {
    let gt = path.parent()?.parent()?.join("ground-truth").join(format!("{}.json", page_id(path)));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(gt).ok()?).ok()?;
    v.get("url")?.as_str().map(str::to_string)
}

/// Every `*.html` and `*.html.gz` in a folder, sorted, with its id.
pub fn pages_in(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read folder {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            n.ends_with(".html") || n.ends_with(".html.gz")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.html or *.html.gz pages in {}", dir.display()));
    }
    Ok(files.into_iter().map(|p| (page_id(&p), p)).collect())
}

/// The kinds of corpus folder `eval` and `train` read, recognised by their layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusKind {
    /// WCXB: `html/` and `ground-truth/`.
    Wcxb,
    /// trafilatura's benchmark: `evaldata.json` and `pages/`.
    Snippets,
    /// Readability's test pages: `pages/<slug>/`.
    Readability,
}

impl CorpusKind {
    pub fn of(corpus: &Path) -> Result<CorpusKind, String> {
        if corpus.join("ground-truth").is_dir() && corpus.join("html").is_dir() {
            Ok(CorpusKind::Wcxb)
        } else if corpus.join("evaldata.json").is_file() && corpus.join("pages").is_dir() {
            Ok(CorpusKind::Snippets)
        } else if corpus.join("pages").is_dir() {
            Ok(CorpusKind::Readability)
        } else {
            Err(format!(
                "{} is neither a WCXB corpus (html/, ground-truth/), a snippet corpus (evaldata.json, pages/) nor Readability's test pages (pages/)",
                corpus.display()
            ))
        }
    }
}

/// One WCXB page's reference.
#[derive(Debug, Clone)]
pub struct Truth {
    pub id: String,
    pub page_type: String,
    pub text: String,
    /// The URL the page was fetched from.
    pub url: Option<String>,
    pub with: Vec<String>,
    pub without: Vec<String>,
}

/// The references of a WCXB corpus folder (`ground-truth/*.json`), sorted by id.
pub fn load_wcxb_truth(corpus: &Path) -> Result<Vec<Truth>, String> {
    let gt_dir = corpus.join("ground-truth");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&gt_dir)
        .map_err(|e| format!("cannot read {}: {e}", gt_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut truths = Vec::new();
    for p in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).map_err(|e| e.to_string())?)
            .map_err(|e| format!("{}: {e}", p.display()))?;
        let g = &v["ground_truth"];
        let pt = &v["_internal"]["page_type"];
        let pt = pt.get("primary").and_then(Value::as_str).or(pt.as_str()).unwrap_or("article");
        let strings = |k: &str| -> Vec<String> {
            g[k].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
        };
        truths.push(Truth {
            id: p.file_stem().unwrap_or_default().to_string_lossy().into_owned(),
            page_type: if pt == "category" { "collection".into() } else { pt.into() },
            text: g["main_content"].as_str().unwrap_or("").to_string(),
            url: v["url"].as_str().map(str::to_string),
            with: strings("with"),
            without: strings("without"),
        });
    }
    Ok(truths)
}

/// One page of trafilatura's evaluation index (`evaldata.json`): snippets a correct extraction
/// contains (`with`) and boilerplate it must not contain (`without`).
#[derive(Debug, Clone)]
pub struct SnippetPage {
    pub id: String,
    /// Where the page came from: a URL, or `hard::NAME` for the corpus's hand-picked hard pages.
    pub url: String,
    pub with: Vec<String>,
    pub without: Vec<String>,
}

/// The pages of a trafilatura-style corpus's `evaldata.json`, sorted by id.
pub fn load_snippet_index(corpus: &Path) -> Result<Vec<SnippetPage>, String> {
    let path = corpus.join("evaldata.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let Value::Object(index) = v else { return Err(format!("{} is not a JSON object of pages", path.display())) };
    let mut pages: Vec<SnippetPage> = index
        .into_iter()
        .map(|(id, p)| {
            let strings = |k: &str| -> Vec<String> {
                p[k].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
            };
            SnippetPage { url: p["url"].as_str().unwrap_or("").to_string(), with: strings("with"), without: strings("without"), id }
        })
        .collect();
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

/// The site a trafilatura-dev page belongs to: its URL's host, lower-cased, without `www.`; for a
/// Wayback Machine copy, the archived page's host; for a hard page (`hard::nationnews.com-schools.html`),
/// the name up to its first dash, which these names put after the site.
pub fn site_of(url: &str) -> String {
    let Some((_, rest)) = url.split_once("://") else {
        let name = url.split_once("::").map_or(url, |(_, n)| n);
        return name.split('-').next().unwrap_or(name).to_ascii_lowercase();
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next().unwrap_or("").split(':').next().unwrap_or("").to_ascii_lowercase();
    if host == "web.archive.org" {
        // web.archive.org/web/TIMESTAMP/http://archived.example/page
        if let Some(archived) = rest.splitn(4, '/').nth(3).filter(|a| a.contains("://")) {
            return site_of(archived);
        }
    }
    host.strip_prefix("www.").map(str::to_string).unwrap_or(host)
}

/// Is this trafilatura-dev page (by its `url` in `evaldata.json`) in the kept-aside part? Its
/// site's 64-bit FNV-1a hash is 0 modulo 10: stable across runs, machines and Rust versions.
pub fn is_held_out_site(url: &str) -> bool {
    site_hash(url) % 10 == 0
}

/// The 64-bit FNV-1a hash of a page's site.
fn site_hash(url: &str) -> u64 {
    site_of(url).bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// A WCXB page's group of sites, 0 to 9 (0 is the kept-aside part): the same size as that part,
/// to show how much a part of that size varies by itself.
pub fn site_group(t: &Truth) -> u64 {
    site_hash(t.url.as_deref().unwrap_or(&t.id)) % 10
}

/// Is this WCXB page in the kept-aside part? By its site, as trafilatura-dev's.
pub fn is_held_out_wcxb(t: &Truth) -> bool {
    is_held_out_site(t.url.as_deref().unwrap_or(&t.id))
}

/// Is this Readability test page in the kept-aside part?
pub fn is_held_out_readability(slug: &str) -> bool {
    slug.chars().next().is_some_and(|c| ('n'..='z').contains(&c.to_ascii_lowercase()))
}

/// The record the scorer reads: `articleBody` plus the metadata.
fn record(a: &Analysis) -> Value {
    let m = &a.article.metadata;
    json!({
        "articleBody": a.article.text,
        "title": m.title, "byline": m.byline, "excerpt": m.excerpt, "siteName": m.site_name,
        "publishedTime": m.published_time, "lang": m.lang, "dir": m.dir,
        "readerable": a.readerable,
    })
}

/// Analyses pages on every core, with their progress on stderr; id → record. `pages` are
/// (id, file) pairs.
pub fn run_pages(pages: &[(String, PathBuf)], what: &'static str) -> Map<String, Value> {
    let progress = Progress::new(what, pages.len());
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
    let next = AtomicUsize::new(0);
    let results: Vec<Vec<(usize, Value)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (progress, next) = (&progress, &next);
                s.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((_, path)) = pages.get(i) else { break };
                        out.push((i, batch_one(path)));
                        progress.inc();
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("batch worker")).collect()
    });
    progress.finish();
    let mut all: Vec<(usize, Value)> = results.into_iter().flatten().collect();
    // By id, and in the given order among equal ids (`a.html` and `a.html.gz`: the last one wins).
    all.sort_by(|a, b| pages[a.0].0.cmp(&pages[b.0].0).then(a.0.cmp(&b.0)));
    all.into_iter().map(|(i, v)| (pages[i].0.clone(), v)).collect()
}

/// One page of a batch; a page that fails (or panics) becomes an empty record with its error.
fn batch_one(path: &Path) -> Value {
    let run = || -> Result<Value, String> {
        let bytes = read_page(path)?;
        let url = corpus_url(path).unwrap_or_else(|| FALLBACK_URL.to_string());
        let options = Options { url: Some(url), include_blocks: false, ..Options::default() };
        let a = analyze_bytes(&bytes, &options).map_err(|e| e.to_string())?;
        Ok(record(&a))
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => json!({"articleBody": "", "error": e}),
        Err(_) => json!({"articleBody": "", "error": "internal error (panic)"}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_kept_aside_by_site() {
        assert_eq!(site_of("https://www.Example.com:8080/a?b#c"), "example.com");
        assert_eq!(site_of("http://user@blog.example.com"), "blog.example.com");
        assert_eq!(site_of("https://web.archive.org/web/20120216182711/http://www.stol.it/Artikel/Politik"), "stol.it");
        // The corpus's hard pages: two of one site go together.
        assert_eq!(site_of("hard::nationnews.com-schools.html"), site_of("hard::nationnews.com-tridents.html"));
        assert_eq!(site_of("hard::iwr.de.IWR-Pressedienst.html"), "iwr.de.iwr");
        // FNV-1a of "example.com" is 6298361471204529350, 0 mod 10; of "100noticias.com", 5 mod 10.
        assert!(is_held_out_site("https://example.com/story") && is_held_out_site("http://www.example.com/other"));
        assert!(!is_held_out_site("hard::100noticias.com-millones.html"));
    }
}
