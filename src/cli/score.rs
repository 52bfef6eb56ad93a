//! Scoring extracted text as `../shared/tools/score.py` does it, to the last printed digit:
//! - against a WCXB reference (`score.py wcxb`): word F1 per page (lower-cased `\w+` tokens as
//!   bags of words), `with` (required snippets found) and `leak` (boilerplate snippets found), and
//!   the table of their means per page type;
//! - against trafilatura's snippet index (`score.py snippets`): each `with` snippet found is a
//!   true positive, each `without` snippet found a false positive, counted over all pages, the
//!   text and the snippets compared with white space collapsed, case kept.

use super::corpus::{SnippetPage, Truth};
use std::collections::HashMap;

/// Combining marks, which Python's `\w` does not count as word characters (Rust's
/// `is_alphanumeric` does for many scripts): the main blocks of them.
const COMBINING_MARKS: &[(u32, u32)] = &[
    (0x0300, 0x036f),
    (0x0483, 0x0489),
    (0x0591, 0x05c7),
    (0x0610, 0x061a),
    (0x064b, 0x065f),
    (0x0670, 0x0670),
    (0x06d6, 0x06ed),
    (0x0900, 0x0903),
    (0x093a, 0x094f),
    (0x0951, 0x0957),
    (0x0962, 0x0963),
    (0x0981, 0x0983),
    (0x09bc, 0x09d7),
    (0x0a01, 0x0a03),
    (0x0a3c, 0x0a51),
    (0x0a81, 0x0a83),
    (0x0abc, 0x0acd),
    (0x0b01, 0x0b03),
    (0x0b3c, 0x0b57),
    (0x0bbe, 0x0bcd),
    (0x0c00, 0x0c04),
    (0x0c3e, 0x0c56),
    (0x0c81, 0x0c83),
    (0x0cbc, 0x0cd6),
    (0x0d00, 0x0d03),
    (0x0d3e, 0x0d57),
    (0x0e31, 0x0e31),
    (0x0e34, 0x0e3a),
    (0x0e47, 0x0e4e),
    (0x0eb1, 0x0eb1),
    (0x0eb4, 0x0ebc),
    (0x0ec8, 0x0ecd),
    (0x0f18, 0x0f19),
    (0x0f71, 0x0f84),
    (0x102b, 0x103e),
    (0x1ab0, 0x1aff),
    (0x1dc0, 0x1dff),
    (0x20d0, 0x20ff),
    (0x302a, 0x302f),
    (0x3099, 0x309a),
    (0xfe20, 0xfe2f),
];

fn is_word_char(c: char) -> bool {
    c == '_' || (c.is_alphanumeric() && !COMBINING_MARKS.iter().any(|&(a, b)| (a..=b).contains(&(c as u32))))
}

/// Lower-cased `\w+` tokens.
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    lower.split(|c: char| !is_word_char(c)).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// Word precision, recall and F1 of `pred` against `reference`, as bags of tokens.
pub fn word_prf(pred: &str, reference: &str) -> (f64, f64, f64) {
    let (pt, rt) = (tokens(pred), tokens(reference));
    if rt.is_empty() {
        return if pt.is_empty() { (1.0, 1.0, 1.0) } else { (0.0, 0.0, 0.0) };
    }
    if pt.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let mut bag: HashMap<&str, i64> = HashMap::new();
    for t in &rt {
        *bag.entry(t).or_default() += 1;
    }
    let mut overlap = 0usize;
    for t in &pt {
        if let Some(n) = bag.get_mut(t.as_str()) {
            if *n > 0 {
                *n -= 1;
                overlap += 1;
            }
        }
    }
    let (p, r) = (overlap as f64 / pt.len() as f64, overlap as f64 / rt.len() as f64);
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// One page's score.
#[derive(Debug, Clone)]
pub struct PageScore {
    pub id: String,
    pub page_type: String,
    pub p: f64,
    pub r: f64,
    pub f1: f64,
    /// Required snippets, and whether each was found.
    pub with: Vec<(String, bool)>,
    /// Boilerplate snippets, and whether each was found (leaked).
    pub without: Vec<(String, bool)>,
}

pub fn score_page(t: &Truth, pred: &str) -> PageScore {
    let (p, r, f1) = word_prf(pred, &t.text);
    let low = pred.to_lowercase();
    PageScore {
        id: t.id.clone(),
        page_type: t.page_type.clone(),
        p,
        r,
        f1,
        with: t.with.iter().map(|s| (s.clone(), low.contains(&s.to_lowercase()))).collect(),
        without: t.without.iter().map(|s| (s.clone(), low.contains(&s.to_lowercase()))).collect(),
    }
}

/// Python's white space (`str.isspace`, which `\s` in a `str` pattern also matches): Rust's
/// `char::is_whitespace` and the four information separators U+001C to U+001F.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `re.sub(r"\s+", " ", text).strip()`: runs of white space as one space, none at the ends.
pub fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_python_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One trafilatura-dev page's snippets: those of `with` that the text lacks, those of `without`
/// that it holds.
#[derive(Debug, Clone)]
pub struct SnippetScore {
    pub id: String,
    pub url: String,
    pub with: usize,
    pub without: usize,
    pub missed: Vec<String>,
    pub leaked: Vec<String>,
}

pub fn score_snippets(page: &SnippetPage, pred: &str) -> SnippetScore {
    let out = collapse_space(pred);
    let found = |s: &&String| out.contains(&collapse_space(s));
    SnippetScore {
        id: page.id.clone(),
        url: page.url.clone(),
        with: page.with.len(),
        without: page.without.len(),
        missed: page.with.iter().filter(|s| !found(s)).cloned().collect(),
        leaked: page.without.iter().filter(found).cloned().collect(),
    }
}

/// The line `score.py snippets` prints for these pages: precision, recall, accuracy and F1 of the
/// snippets over all of them (not means over pages).
pub fn format_snippets(scores: &[SnippetScore]) -> String {
    let (mut tp, mut fn_, mut fp, mut tn) = (0usize, 0usize, 0usize, 0usize);
    for s in scores {
        tp += s.with - s.missed.len();
        fn_ += s.missed.len();
        fp += s.leaked.len();
        tn += s.without - s.leaked.len();
    }
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    format!(
        "  snippets P {:.3}  R {:.3}  acc {:.3}  F1 {:.3}  (with found {tp}/{}, boilerplate found {fp}/{})\n",
        ratio(tp, tp + fp),
        ratio(tp, tp + fn_),
        ratio(tp + tn, tp + tn + fp + fn_),
        ratio(2 * tp, 2 * tp + fp + fn_),
        tp + fn_,
        fp + tn
    )
}

/// One row of the table: a page type (or all pages).
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub n: usize,
    pub f1: f64,
    pub p: f64,
    pub r: f64,
    pub with: f64,
    pub leak: f64,
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 {
        0.0
    } else {
        s / n as f64
    }
}

/// The rows score.py prints: all pages, then each page type in name order.
pub fn table(scores: &[PageScore]) -> Vec<Row> {
    let mut types: Vec<&str> = scores.iter().map(|s| s.page_type.as_str()).collect();
    types.sort();
    types.dedup();
    let row = |name: &str, sel: Vec<&PageScore>| {
        let w = sel.iter().map(|x| x.with.len()).sum::<usize>().max(1);
        let wo = sel.iter().map(|x| x.without.len()).sum::<usize>().max(1);
        Row {
            name: name.to_string(),
            n: sel.len(),
            f1: mean(sel.iter().map(|x| x.f1)),
            p: mean(sel.iter().map(|x| x.p)),
            r: mean(sel.iter().map(|x| x.r)),
            with: sel.iter().map(|x| x.with.iter().filter(|w| w.1).count()).sum::<usize>() as f64 / w as f64,
            leak: sel.iter().map(|x| x.without.iter().filter(|w| w.1).count()).sum::<usize>() as f64 / wo as f64,
        }
    };
    let mut rows = vec![row("all", scores.iter().collect())];
    for t in types {
        rows.push(row(t, scores.iter().filter(|s| s.page_type == t).collect()));
    }
    rows
}

pub fn format_table(rows: &[Row]) -> String {
    rows.iter()
        .map(|r| {
            format!(
                "  {:<14} n={:<5} F1 {:.3}  P {:.3}  R {:.3}  with {:.3}  leak {:.3}\n",
                r.name, r.n, r.f1, r.p, r.r, r.with, r.leak
            )
        })
        .collect()
}

/// Words of the reference missing from the prediction, and words predicted but not in the
/// reference, most frequent first: what was lost and what leaked, in a line each.
pub fn diff_words(pred: &str, reference: &str, limit: usize) -> (Vec<String>, Vec<String>) {
    let count = |s: &str| {
        let mut m: HashMap<String, i64> = HashMap::new();
        for t in tokens(s) {
            *m.entry(t).or_default() += 1;
        }
        m
    };
    let (p, r) = (count(pred), count(reference));
    let top = |a: &HashMap<String, i64>, b: &HashMap<String, i64>| {
        let mut v: Vec<(String, i64)> =
            a.iter().map(|(k, n)| (k.clone(), n - b.get(k).copied().unwrap_or(0))).filter(|(_, d)| *d > 0).collect();
        v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        v.into_iter().take(limit).map(|(k, n)| format!("{k}×{n}")).collect()
    };
    (top(&r, &p), top(&p, &r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_pythons() {
        // Every code point Python's `str.isspace()` is true for, listed by Python 3.11.
        let python: Vec<u32> = [0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680]
            .into_iter()
            .chain(0x2000..=0x200a)
            .chain([0x2028, 0x2029, 0x202f, 0x205f, 0x3000])
            .collect();
        let ours: Vec<u32> = (0..=0x10ffff).filter(|&c| char::from_u32(c).is_some_and(is_python_space)).collect();
        assert_eq!(ours, python);
        assert_eq!(collapse_space("\u{a0} Two\n\twords\u{1f}here \u{3000}"), "Two words here");
    }

    #[test]
    fn counts_snippets_like_score_py() {
        let page = |with: &[&str], without: &[&str]| SnippetPage {
            id: "t0001".into(),
            url: "https://example.com/a".into(),
            with: with.iter().map(|s| s.to_string()).collect(),
            without: without.iter().map(|s| s.to_string()).collect(),
        };
        // Case counts; white space does not.
        let s = score_snippets(&page(&["The river  rose", "the river"], &["Home\nNews", "Share"]), "The river rose.\n\nHome News");
        assert_eq!((s.missed.clone(), s.leaked.clone()), (vec!["the river".to_string()], vec!["Home\nNews".to_string()]));
        let line = format_snippets(&[s, score_snippets(&page(&["a b"], &[]), "a  b")]);
        // tp 2, fn 1, fp 1, tn 1.
        assert_eq!(line, "  snippets P 0.667  R 0.667  acc 0.600  F1 0.667  (with found 2/3, boilerplate found 1/2)\n");
        assert_eq!(format_snippets(&[]), "  snippets P 0.000  R 0.000  acc 0.000  F1 0.000  (with found 0/0, boilerplate found 0/0)\n");
    }

    #[test]
    fn scores_like_score_py() {
        let (p, r, f) = word_prf("The cat sat. The end", "the cat sat on the mat");
        assert!((p - 0.8).abs() < 1e-9 && (r - 4.0 / 6.0).abs() < 1e-9 && (f - 2.0 * 0.8 * (4.0 / 6.0) / (0.8 + 4.0 / 6.0)).abs() < 1e-9);
        assert_eq!(tokens("Don't stop_me, café-au-lait 42"), vec!["don", "t", "stop_me", "café", "au", "lait", "42"]);
        assert_eq!(word_prf("", ""), (1.0, 1.0, 1.0));
    }
}
