//! `readmode eval`: the figures of the native build (or of a batch output) on a corpus.
//!
//! - WCXB (`wcxb-dev`): the per-page-type table `../shared/tools/score.py wcxb` prints (see
//!   [`super::score`]), for all pages, the tuning part and the kept-aside part, then F1 and leak
//!   by the id's last digit; `--worst N` lists the worst pages with what was lost and leaked.
//! - trafilatura's snippets (`trafilatura-dev`, an `evaldata.json` beside `pages/`): the line
//!   `score.py snippets` prints, for all pages, the tuning part and the kept-aside part (by site:
//!   [`super::corpus::is_held_out_site`]); `--worst N` lists the pages with the most snippets
//!   missed or leaked.
//! - Readability's test pages: readerable flag, title, byline, excerpt, site name, language,
//!   direction and published time against `expected-metadata.json`; and on the readerable pages,
//!   word precision, recall and F1 of the article text against the text of `expected.html`
//!   (Readability.js's output), tokenised as `score.py wcxb` does; `--worst N` lists the pages
//!   with the lowest F1.

use super::corpus::{
    is_held_out_readability, is_held_out_site, is_held_out_wcxb, site_group, load_snippet_index, load_wcxb_truth, pages_in, run_pages,
    CorpusKind,
};
use super::score::{diff_words, format_snippets, format_table, score_page, score_snippets, table, word_prf};
use crate::dom::{parse_html, Document};
use crate::lexicon::BLOCK_TAGS;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Scores a corpus: a WCXB folder (`html/` + `ground-truth/`), a trafilatura-style folder
/// (`evaldata.json` + `pages/`) or Readability's test pages (`pages/*/source.html`); `pred` is a
/// batch output to score instead of the native build.
pub fn eval(corpus: &Path, pred: Option<&str>, worst: usize) -> Result<(), String> {
    match CorpusKind::of(corpus)? {
        CorpusKind::Wcxb => eval_wcxb(corpus, pred, worst),
        CorpusKind::Snippets => eval_snippets(corpus, pred, worst),
        CorpusKind::Readability => eval_readability(corpus, pred, worst),
    }
}

/// A batch output: page id → record (or text). `{"version": …, "output": {…}}` is unwrapped, as
/// score.py does.
fn load_pred(path: &str) -> Result<Map<String, Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    match serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))? {
        Value::Object(mut m) if m.len() == 2 && m.contains_key("version") && m["output"].is_object() => {
            let Some(Value::Object(out)) = m.remove("output") else { unreachable!("checked above") };
            Ok(out)
        }
        Value::Object(m) => Ok(m),
        _ => Err(format!("{path} is not a JSON object of page records")),
    }
}

/// A record's text as score.py reads it: `articleBody`, or the record itself when it is a string.
fn body(records: &Map<String, Value>, id: &str) -> String {
    match records.get(id) {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.get("articleBody").and_then(Value::as_str).unwrap_or("").to_string(),
        None => String::new(),
    }
}

fn eval_wcxb(corpus: &Path, pred: Option<&str>, worst: usize) -> Result<(), String> {
    let truths = load_wcxb_truth(corpus)?;
    let records = match pred {
        Some(p) => load_pred(p)?,
        None => run_pages(&pages_in(&corpus.join("html"))?, "eval"),
    };
    let scores: Vec<_> = truths.iter().map(|t| score_page(t, &body(&records, &t.id))).collect();
    let predicted = truths.iter().filter(|t| records.contains_key(&t.id)).count();
    println!("{}: {predicted}/{} pages predicted", pred.unwrap_or("native build"), truths.len());
    print!("{}", format_table(&table(&scores)));
    for (name, held) in [("tuning part", false), ("kept-aside part (sites whose name hashes to 0 mod 10)", true)] {
        let part: Vec<_> = truths.iter().zip(&scores).filter(|(t, _)| is_held_out_wcxb(t) == held).map(|(_, s)| s.clone()).collect();
        println!("{name}, {} pages:", part.len());
        print!("{}", format_table(&table(&part)));
    }
    // How much a part of ~150 pages varies by itself: the kept-aside group beside the others.
    let by_group: Vec<String> = (0..10)
        .filter_map(|g| {
            let part: Vec<_> = truths.iter().zip(&scores).filter(|(t, _)| site_group(t) == g).map(|(_, s)| s.clone()).collect();
            let all = table(&part).into_iter().next().filter(|r| r.n > 0)?;
            Some(format!("{g}: {:.3}/{:.3}", all.f1, all.leak))
        })
        .collect();
    println!("all pages by their site's hash mod 10 (F1/leak; 0 is the kept-aside part):\n  {}", by_group.join("  "));
    // Whether each page is offered in reader view: every page read (article, documentation,
    // forum) should be, a shop's category page or item grid (collection) should not.
    println!("offered in reader view (readerable), per page type:");
    println!("  {:<14} {:>18} {:>18} {:>18}", "type", "all", "tuning", "kept-aside");
    let mut types: Vec<&str> = truths.iter().map(|t| t.page_type.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    for ty in types {
        let cell = |part: Option<bool>| {
            let sel: Vec<_> = truths.iter().filter(|t| t.page_type == ty && part.is_none_or(|h| is_held_out_wcxb(t) == h)).collect();
            offered_cell(sel.iter().filter(|t| offered(&records, &t.id)).count(), sel.len())
        };
        println!("  {:<14} {:>18} {:>18} {:>18}", ty, cell(None), cell(Some(false)), cell(Some(true)));
    }
    if worst > 0 {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[a].f1.total_cmp(&scores[b].f1).then(scores[a].id.cmp(&scores[b].id)));
        println!("worst {worst} pages:");
        for &i in order.iter().take(worst) {
            let (s, t) = (&scores[i], &truths[i]);
            let (lost, extra) = diff_words(&body(&records, &s.id), &t.text, 8);
            println!(
                "{} {:<13} F1 {:.3}  P {:.3}  R {:.3}  leak {}/{}",
                s.id,
                s.page_type,
                s.f1,
                s.p,
                s.r,
                s.without.iter().filter(|w| w.1).count(),
                s.without.len()
            );
            println!("    lost:   {}", lost.join(" "));
            println!("    extra:  {}", extra.join(" "));
            for (snippet, _) in s.with.iter().filter(|w| !w.1).take(2) {
                println!("    missing snippet: {:?}", snippet.chars().take(90).collect::<String>());
            }
            for (snippet, _) in s.without.iter().filter(|w| w.1).take(3) {
                println!("    leaked snippet:  {:?}", snippet.chars().take(90).collect::<String>());
            }
        }
    }
    Ok(())
}

fn eval_snippets(corpus: &Path, pred: Option<&str>, worst: usize) -> Result<(), String> {
    let index = load_snippet_index(corpus)?;
    let records = match pred {
        Some(p) => load_pred(p)?,
        None => run_pages(&pages_in(&corpus.join("pages"))?, "eval"),
    };
    let scores: Vec<_> = index.iter().map(|p| score_snippets(p, &body(&records, &p.id))).collect();
    let predicted = index.iter().filter(|p| records.contains_key(&p.id)).count();
    println!("{}: {predicted}/{} pages predicted", pred.unwrap_or("native build"), index.len());
    print!("{}", format_snippets(&scores));
    for (name, held) in [("tuning part", false), ("kept-aside part (sites whose name hashes to 0 mod 10)", true)] {
        let part: Vec<_> = scores.iter().filter(|s| is_held_out_site(&s.url) == held).cloned().collect();
        println!("{name}, {} pages:", part.len());
        print!("{}", format_snippets(&part));
    }
    let offered_in = |held: Option<bool>| {
        let sel: Vec<_> = index.iter().filter(|p| held.is_none_or(|h| is_held_out_site(&p.url) == h)).collect();
        offered_cell(sel.iter().filter(|p| offered(&records, &p.id)).count(), sel.len())
    };
    println!(
        "offered in reader view (readerable; every page is an article): all {}  tuning {}  kept-aside {}",
        offered_in(None),
        offered_in(Some(false)),
        offered_in(Some(true))
    );
    if worst > 0 {
        let mut order: Vec<&_> = scores.iter().filter(|s| !s.missed.is_empty() || !s.leaked.is_empty()).collect();
        order.sort_by(|a, b| (b.missed.len() + b.leaked.len()).cmp(&(a.missed.len() + a.leaked.len())).then(a.id.cmp(&b.id)));
        println!("{} pages with snippets missed or leaked; the {} with the most:", order.len(), worst.min(order.len()));
        for s in order.into_iter().take(worst) {
            let part = if is_held_out_site(&s.url) { "kept-aside" } else { "tuning" };
            println!("{} {part:<10} missed {}/{}  leaked {}/{}  {}", s.id, s.missed.len(), s.with, s.leaked.len(), s.without, s.url);
            for m in &s.missed {
                println!("    missed: {:?}", m.chars().take(100).collect::<String>());
            }
            for l in &s.leaked {
                println!("    leaked: {:?}", l.chars().take(100).collect::<String>());
            }
        }
    }
    Ok(())
}

/// Whether a record says the page is offered in reader view.
fn offered(records: &Map<String, Value>, id: &str) -> bool {
    records.get(id).and_then(|r| r.get("readerable")).and_then(Value::as_bool).unwrap_or(false)
}

/// `0.912 (104/114)`.
fn offered_cell(offered: usize, total: usize) -> String {
    format!("{:.3} ({offered}/{total})", offered as f64 / total.max(1) as f64)
}

/// Metadata fields compared on Readability's test pages (on the pages that have them).
const METADATA_FIELDS: &[&str] = &["title", "byline", "excerpt", "siteName", "lang", "dir", "publishedTime"];

fn eval_readability(corpus: &Path, pred: Option<&str>, worst: usize) -> Result<(), String> {
    let pages_dir = corpus.join("pages");
    let mut slugs: Vec<String> = std::fs::read_dir(&pages_dir)
        .map_err(|e| format!("cannot read {}: {e}", pages_dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("source.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    let records: Map<String, Value> = match pred {
        Some(p) => load_pred(p)?,
        None => {
            // With no ground-truth/ beside them, they get the URL the Mozilla test pages assume.
            let pages: Vec<(String, PathBuf)> = slugs.iter().map(|s| (s.clone(), pages_dir.join(s).join("source.html"))).collect();
            run_pages(&pages, "eval")
        }
    };
    let mut words: Vec<WordScore> = Vec::new();
    // (field, part) -> (right, total)
    let mut tally: std::collections::BTreeMap<(&str, &str), (usize, usize)> = Default::default();
    let mut wrong: Vec<String> = Vec::new();
    for slug in &slugs {
        let expected: Value = std::fs::read_to_string(pages_dir.join(slug).join("expected-metadata.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        let got = records.get(slug).cloned().unwrap_or(Value::Null);
        let part = if is_held_out_readability(slug) { "kept-aside" } else { "tuning" };
        let norm = |v: &Value| v.as_str().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut check = |field: &'static str, ok: bool, show: String| {
            for p in ["all", part] {
                let e = tally.entry((field, p)).or_default();
                e.0 += ok as usize;
                e.1 += 1;
            }
            if !ok {
                wrong.push(format!("{slug} {field}: {show}"));
            }
        };
        if let Some(r) = expected.get("readerable").and_then(Value::as_bool) {
            let g = got.get("readerable").and_then(Value::as_bool).unwrap_or(false);
            check("readerable", g == r, format!("expected {r}, got {g}"));
        }
        if expected.get("readerable").and_then(Value::as_bool) == Some(true) {
            if let Ok(bytes) = std::fs::read(pages_dir.join(slug).join("expected.html")) {
                let reference = html_text(&crate::dom::decode_html(&bytes, None).text);
                let text = body(&records, slug);
                let (p, r, f1) = word_prf(&text, &reference);
                words.push(WordScore { slug: slug.clone(), held_out: part == "kept-aside", p, r, f1, text, reference });
            }
        }
        for &f in METADATA_FIELDS {
            let Some(e) = expected.get(f).and_then(&norm).filter(|s| !s.is_empty()) else { continue };
            let g = got.get(f).and_then(&norm).unwrap_or_default();
            check(f, g == e, format!("expected {e:?}, got {g:?}"));
        }
    }
    println!("{}: {} pages", pred.unwrap_or("native build"), slugs.len());
    println!("  {:<14} {:>16} {:>16} {:>16}", "field", "all", "tuning", "kept-aside");
    for f in std::iter::once("readerable").chain(METADATA_FIELDS.iter().copied()) {
        let cell = |p: &str| {
            let (r, t) = tally.get(&(f, p)).copied().unwrap_or((0, 0));
            if t == 0 { "-".to_string() } else { format!("{:.3} ({r}/{t})", r as f64 / t as f64) }
        };
        println!("  {:<14} {:>16} {:>16} {:>16}", f, cell("all"), cell("tuning"), cell("kept-aside"));
    }
    if std::env::var_os("READMODE_EVAL_VERBOSE").is_some() {
        for w in &wrong {
            println!("    {w}");
        }
    }
    println!("article words against expected.html's text (readerable pages; lower-cased \\w+ tokens as bags, as score.py wcxb):");
    for (name, part) in [("all", None), ("tuning", Some(false)), ("kept-aside", Some(true))] {
        let sel: Vec<&WordScore> = words.iter().filter(|w| part.is_none_or(|held| w.held_out == held)).collect();
        let mean = |f: fn(&WordScore) -> f64| sel.iter().map(|w| f(w)).sum::<f64>() / sel.len().max(1) as f64;
        println!("  {name:<14} n={:<5} F1 {:.3}  P {:.3}  R {:.3}", sel.len(), mean(|w| w.f1), mean(|w| w.p), mean(|w| w.r));
    }
    if worst > 0 {
        let mut order: Vec<&WordScore> = words.iter().collect();
        order.sort_by(|a, b| a.f1.total_cmp(&b.f1).then(a.slug.cmp(&b.slug)));
        println!("worst {} pages by word F1:", worst.min(order.len()));
        for w in order.into_iter().take(worst) {
            let (lost, extra) = diff_words(&w.text, &w.reference, 8);
            let part = if w.held_out { "kept-aside" } else { "tuning" };
            println!("{} {part:<10} F1 {:.3}  P {:.3}  R {:.3}", w.slug, w.f1, w.p, w.r);
            println!("    lost:   {}", lost.join(" "));
            println!("    extra:  {}", extra.join(" "));
        }
    }
    Ok(())
}

/// A readerable Readability test page's article words against `expected.html`.
struct WordScore {
    slug: String,
    held_out: bool,
    p: f64,
    r: f64,
    f1: f64,
    /// The article text scored, and the reference's text.
    text: String,
    reference: String,
}

/// The text of an HTML page, with a line break wherever a block (or a `<br>`) separates two
/// pieces of text, and nothing between pieces of one block: `<p>end</p><p>Start` is two words,
/// `<b>un</b>done` one, as a browser shows them.
pub(super) fn html_text(html: &str) -> String {
    let Ok(doc) = parse_html(html) else { return String::new() };
    let block_of = |doc: &Document, id| doc.ancestors(id).find(|&a| BLOCK_TAGS.contains(&doc.tag(a)));
    let mut out = String::new();
    let mut last_block = None;
    for id in doc.ids() {
        if let Some(text) = doc.text(id) {
            let block = block_of(&doc, id);
            if block != last_block {
                out.push('\n');
                last_block = block;
            }
            out.push_str(text);
        } else if doc.tag(id) == "br" {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_breaks_between_blocks_only() {
        let text = html_text("<div>Intro<p>One <b>bo</b>ld end</p>tail<br>next<ul><li>a</li><li>b</li></ul></div>");
        assert_eq!(text.split_whitespace().collect::<Vec<_>>(), ["Intro", "One", "bold", "end", "tail", "next", "a", "b"]);
    }
}

