//! `readmode eval`: the figures of the native build (or of a batch output) on a corpus.
//!
//! - WCXB (`wcxb-dev`): the per-page-type table `../shared/tools/score.py wcxb` prints (see
//!   [`super::score`]), for all pages, the tuning part and the kept-aside part, then F1 and leak
//!   by the id's last digit; `--worst N` lists the worst pages with what was lost and leaked.
//! - Readability's test pages: readerable flag, title, byline, excerpt, site name, language,
//!   direction and published time against `expected-metadata.json`.

use super::corpus::{is_held_out_readability, is_held_out_wcxb, load_wcxb_truth, pages_in, run_pages};
use super::score::{diff_words, format_table, score_page, table};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Scores a corpus: a WCXB folder (`html/` + `ground-truth/`) or Readability's test pages
/// (`pages/*/source.html`); `pred` is a batch output to score instead of the native build.
pub fn eval(corpus: &Path, pred: Option<&str>, worst: usize) -> Result<(), String> {
    if corpus.join("ground-truth").is_dir() && corpus.join("html").is_dir() {
        eval_wcxb(corpus, pred, worst)
    } else if corpus.join("pages").is_dir() {
        eval_readability(corpus, pred)
    } else {
        Err(format!("{} is neither a WCXB corpus (html/, ground-truth/) nor Readability's test pages (pages/)", corpus.display()))
    }
}

fn load_pred(path: &str) -> Result<Map<String, Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    match serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))? {
        Value::Object(m) => Ok(m),
        _ => Err(format!("{path} is not a JSON object of page records")),
    }
}

fn eval_wcxb(corpus: &Path, pred: Option<&str>, worst: usize) -> Result<(), String> {
    let truths = load_wcxb_truth(corpus)?;
    let records = match pred {
        Some(p) => load_pred(p)?,
        None => run_pages(&pages_in(&corpus.join("html"))?, "eval"),
    };
    let body = |id: &str| -> String {
        match records.get(id) {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.get("articleBody").and_then(Value::as_str).unwrap_or("").to_string(),
            None => String::new(),
        }
    };
    let scores: Vec<_> = truths.iter().map(|t| score_page(t, &body(&t.id))).collect();
    let predicted = truths.iter().filter(|t| records.contains_key(&t.id)).count();
    println!("{}: {predicted}/{} pages predicted", pred.unwrap_or("native build"), truths.len());
    print!("{}", format_table(&table(&scores)));
    for (name, held) in [("tuning part (ids not ending in 7)", false), ("kept-aside part (ids ending in 7)", true)] {
        let part: Vec<_> = scores.iter().filter(|s| is_held_out_wcxb(&s.id) == held).cloned().collect();
        println!("{name}:");
        print!("{}", format_table(&table(&part)));
    }
    // How much a part of ~150 pages varies by itself: the kept-aside digit beside the others.
    let by_digit: Vec<String> = ('0'..='9')
        .filter_map(|d| {
            let part: Vec<_> = scores.iter().filter(|s| s.id.ends_with(d)).cloned().collect();
            let all = table(&part).into_iter().next().filter(|r| r.n > 0)?;
            Some(format!("{d}: {:.3}/{:.3}", all.f1, all.leak))
        })
        .collect();
    println!("all pages by the id's last digit (F1/leak; 7 is the kept-aside part):\n  {}", by_digit.join("  "));
    if worst > 0 {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[a].f1.total_cmp(&scores[b].f1).then(scores[a].id.cmp(&scores[b].id)));
        println!("worst {worst} pages:");
        for &i in order.iter().take(worst) {
            let (s, t) = (&scores[i], &truths[i]);
            let (lost, extra) = diff_words(&body(&s.id), &t.text, 8);
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

/// Metadata fields compared on Readability's test pages (on the pages that have them).
const METADATA_FIELDS: &[&str] = &["title", "byline", "excerpt", "siteName", "lang", "dir", "publishedTime"];

fn eval_readability(corpus: &Path, pred: Option<&str>) -> Result<(), String> {
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
    Ok(())
}

