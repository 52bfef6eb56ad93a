//! A cheap "is this an article?" check, run before the full analysis.
//!
//! The same test Firefox uses to decide whether to offer Reader View (Readability's
//! `isProbablyReaderable`): visible paragraphs (`p`, `pre`, `article`, and `div`s that hold `br`
//! line breaks) not named like page chrome, each longer than 140 characters, add the square root
//! of their excess length; the page is readerable once the sum passes 20.

use crate::lexicon::{UNLIKELY_NAMES, MAYBE_CONTENT_NAMES};
use crate::dom::{Document, NodeId, NodeKind};

const MIN_CONTENT_LENGTH: usize = 140;
const MIN_SCORE: f64 = 20.0;


fn visible(doc: &Document, id: NodeId) -> bool {
    let Some(e) = doc.element(id) else { return false };
    // Only the element's own markup counts, as in Readability.
    let own_hidden = crate::dom::is_hidden_markup(&e.attrs)
        && !(e.attr("aria-hidden").is_some() && e.attr("class").is_some_and(|c| c.contains("fallback-image")));
    !own_hidden
}

pub fn is_probably_readerable(doc: &Document) -> bool {
    let n = doc.len();
    let mut candidate = vec![false; n];
    for id in doc.ids() {
        let Some(e) = doc.element(id) else { continue };
        match &*e.tag {
            "p" | "pre" | "article" => candidate[id] = true,
            "br" => {
                if let Some(p) = doc.parent(id) {
                    if doc.tag(p) == "div" {
                        candidate[p] = true;
                    }
                }
            }
            _ => {}
        }
    }
    let mut in_li = vec![false; n];
    let mut score = 0.0;
    for id in doc.ids() {
        let parent = doc.parent(id).unwrap_or(Document::ROOT);
        if let NodeKind::Element(e) = &doc.node(id).kind {
            in_li[id] = in_li[parent] || e.is("li");
        }
        if !candidate[id] || !visible(doc, id) {
            continue;
        }
        let e = doc.element(id).expect("candidates are elements");
        let names = format!("{} {}", e.attr("class").unwrap_or(""), e.attr("id").unwrap_or("")).to_ascii_lowercase();
        if UNLIKELY_NAMES.iter().any(|p| names.contains(p)) && !MAYBE_CONTENT_NAMES.iter().any(|p| names.contains(p))
        {
            continue;
        }
        if e.is("p") && in_li[parent] {
            continue;
        }
        let len = doc.text_content(id).trim().encode_utf16().count();
        if len < MIN_CONTENT_LENGTH {
            continue;
        }
        score += ((len - MIN_CONTENT_LENGTH) as f64).sqrt();
        if score > MIN_SCORE {
            return true;
        }
    }
    false
}
