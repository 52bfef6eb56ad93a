//! Page preparation: the page as a reader sees it once its scripts have run, read before
//! anything else (step 1 of [`crate::analyze`]). The page model holds the page as its markup
//! says; three kinds of page show more than that:
//!
//! 1. [`panels`]: collapsed accordion answers and tab panels wait for a click the reader view
//!    cannot make, so they are shown, as a printed page shows them.
//! 2. [`streamed`]: React's streaming server rendering sends parts of the page last, in hidden
//!    containers at the end of the body; they are moved into their placeholders.
//! 3. Staged content ([`reveal_staged_content`]): when most of the page's text (or of its `main`
//!    landmark) is hidden, the hiding is a script's staging area or an anti-flicker guard, not
//!    the page's design: it is lifted.
//!
//! Each step changes hidden flags or moves nodes only where it has something to do; a page that
//! needs none of them is read as it is, without a copy.

mod panels;
pub(super) mod streamed;

use super::document::{Document, Node, NodeId, NodeKind};
use super::hidden::{is_hidden_markup, set_hidden};

/// Above this share of hidden text, the hiding is taken for a script's staging area.
const MAX_HIDDEN_TEXT_SHARE: f32 = 0.7;
/// Above this share of the `main` landmark's text hidden, the hiding is taken for a script's
/// staging area too, however much text the rest of the page shows (an access-check app wraps
/// the whole of `main` in `style="display:none"` under shown menus and a mega-footer).
const MAX_MAIN_HIDDEN_TEXT_SHARE: f32 = 0.9;

/// The page as it will be shown: disclosure panels open, streamed parts in their places, staged
/// content revealed (see the module's steps). The page is changed in place; only moving streamed
/// parts builds a new one.
pub(crate) fn page_as_shown(mut page: Document) -> Document {
    // 1. Disclosure panels.
    if let Some(p) = panels::hidden_panels(&page) {
        panels::show(&mut page, &p);
    }
    // 2. Streamed parts (a new page, whose panels are shown as step 1 shows them).
    if let Some(placed) = streamed::placing_streamed_segments(&page) {
        page = placed;
        if let Some(p) = panels::hidden_panels(&page) {
            panels::show(&mut page, &p);
        }
    }
    // 3. Staged content.
    if hidden_text_share(&page) > MAX_HIDDEN_TEXT_SHARE || main_hidden_text_share(&page) > MAX_MAIN_HIDDEN_TEXT_SHARE {
        reveal_staged_content(&mut page);
    }
    page
}

/// On a staged page, a style-hidden container holding this share of the page's text is a chunk
/// the scripts will show, not a collapsed widget (see [`reveal_staged_content`]).
const MIN_STAGED_CHUNK_SHARE: f32 = 0.1;


/// Shows what a staged page will show once its scripts run. Streamed rendering parks content in
/// `<div hidden>` containers a script reveals, or in `style="display:none"` ones, a chunk of
/// the page each (a catalogue's filters in one, its results in the next), and anti-flicker
/// guards wrap the whole page in `style="visibility:hidden"` (or `display:none`) until the
/// scripts are ready: the `hidden` attribute no longer hides, nor does an inline style on a
/// container holding at least [`MIN_STAGED_CHUNK_SHARE`] of the page's text. The live page's
/// own verdict (`data-readmode-hidden`) and `aria-hidden` still hide.
fn reveal_staged_content(doc: &mut Document) {
    let n = doc.nodes.len();
    let mut chars = vec![0usize; n];
    for id in (1..n).rev() {
        if let Some(t) = doc.text(id) {
            chars[id] += visible_chars(t);
        }
        if let Some(p) = doc.nodes[id].parent() {
            chars[p] += chars[id];
        }
    }
    let wrapper = |id: NodeId| chars[id] as f32 > MIN_STAGED_CHUNK_SHARE * chars[Document::ROOT] as f32;
    // Disclosure panels stay shown, as step 1 left them.
    let panels = panels::disclosure_panels(doc);
    set_hidden(&mut doc.nodes, |id, e| {
        let kept: Vec<_> = e.attrs.iter().filter(|(k, _)| k != "hidden" && !(k == "style" && wrapper(id))).cloned().collect();
        !panels[id] && is_hidden_markup(&kept)
    });
}

/// Share of the page's visible characters of text that lie under hidden elements.
fn hidden_text_share(doc: &Document) -> f32 {
    hidden_text_share_in(doc, Document::ROOT)
}

/// Share of the text of the page's `main` landmark (the first `main` element, or the first
/// element with `role=main`) that lies under hidden elements; 0 when the page has none.
fn main_hidden_text_share(doc: &Document) -> f32 {
    let is_main = |id: NodeId| {
        doc.element(id)
            .is_some_and(|e| e.is("main") || e.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("main")))
    };
    doc.ids().find(|&id| is_main(id)).map_or(0.0, |m| hidden_text_share_in(doc, m))
}

/// Share of the characters of text in `root`'s subtree that lie under hidden elements.
fn hidden_text_share_in(doc: &Document, root: NodeId) -> f32 {
    let hidden_parent = |n: &Node| n.parent().and_then(|p| doc.element(p)).is_some_and(|e| e.hidden);
    let nodes = &doc.nodes[root..doc.subtree_end(root)];
    // Most pages hide no text at all: no need to count it.
    if !nodes.iter().any(|n| matches!(n.kind, NodeKind::Text(_)) && hidden_parent(n)) {
        return 0.0;
    }
    let (mut hidden, mut all) = (0usize, 0usize);
    for (k, n) in nodes.iter().enumerate() {
        if let Some(t) = doc.text(root + k) {
            let c = visible_chars(t);
            all += c;
            if hidden_parent(n) {
                hidden += c;
            }
        }
    }
    if all == 0 {
        0.0
    } else {
        hidden as f32 / all as f32
    }
}

/// Characters of `t` that are not whitespace (ASCII text counted byte by byte).
pub(super) fn visible_chars(t: &str) -> usize {
    if t.is_ascii() {
        // `char::is_whitespace` on ASCII: space, tab, line feed, vertical tab, form feed, return.
        t.bytes().filter(|b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')).count()
    } else {
        t.chars().filter(|c| !c.is_whitespace()).count()
    }
}

/// [`visible_chars`], counting no further than `limit`.
pub(super) fn visible_chars_up_to(t: &str, limit: usize) -> usize {
    t.chars().filter(|c| !c.is_whitespace()).take(limit).count()
}

#[cfg(test)]
mod tests {
    use super::super::names::{name, Name};
    use super::super::DocumentBuilder;
    use super::*;

    fn a(k: &str, v: &str) -> (Name, Box<str>) {
        (name(k), v.into())
    }

    /// The page as step 1 to 3 show it.
    fn shown(b: DocumentBuilder) -> Document {
        page_as_shown(b.finish())
    }

    #[test]
    fn collapsed_panels_are_shown() {
        let mut b = DocumentBuilder::new();
        b.start_element("button", vec![a("aria-controls", "faq-1")]);
        b.end_element();
        b.start_element("div", vec![a("id", "faq-1"), a("hidden", "")]); // an accordion answer
        b.start_element("p", vec![]);
        b.end_element();
        b.end_element();
        b.start_element("section", vec![a("role", "tabpanel"), a("aria-hidden", "true")]); // another tab
        b.end_element();
        b.start_element("nav", vec![a("style", "display:none")]); // hidden, and no control names it
        b.start_element("ul", vec![a("role", "tabpanel")]);
        b.end_element();
        b.end_element();
        let d = shown(b);
        let hidden = |tag: &str| d.element(d.first_by_tag(tag).unwrap()).unwrap().hidden;
        assert!(!hidden("div") && !hidden("p") && !hidden("section"));
        assert!(hidden("nav") && hidden("ul"), "a panel inside hidden markup stays hidden");
    }
    #[test]
    fn accordion_answers_are_shown() {
        let mut b = DocumentBuilder::new();
        // A FAQ entry: a clickable question, its answer collapsed by an inline style.
        b.start_element("div", vec![a("class", "q")]);
        b.text("What is pet insurance?");
        b.end_element();
        b.start_element("div", vec![a("style", "height:0;visibility:hidden")]);
        b.text("It pays part of the vet's bills.");
        b.end_element();
        // A `details` entry whose answer says it is hidden.
        b.start_element("details", vec![]);
        b.start_element("summary", vec![]);
        b.text("Shipping");
        b.end_element();
        b.start_element("section", vec![a("aria-hidden", "true")]);
        b.end_element();
        b.end_element();
        // A sentence that is no question, then a hidden box: still hidden.
        b.start_element("p", vec![]);
        b.text("Our plans.");
        b.end_element();
        b.start_element("span", vec![a("style", "display:none")]);
        b.end_element();
        b.end_element();
        let d = shown(b);
        let hidden = |tag: &str| d.element(d.first_by_tag(tag).unwrap()).unwrap().hidden;
        let answer = d.ids().find(|&i| d.element(i).is_some_and(|e| e.attr("style").is_some_and(|s| s.contains("height")))).unwrap();
        assert!(!d.element(answer).unwrap().hidden && !hidden("section"));
        assert!(hidden("span"), "a hidden box after a statement stays hidden");
    }
    #[test]
    fn staged_pages_are_read_as_they_will_be_shown() {
        // An anti-flicker wrapper around the whole page, a `hidden` staging box, and a small
        // element that really is hidden by its style.
        let mut b = DocumentBuilder::new();
        b.start_element("body", vec![a("style", "visibility:hidden")]);
        b.start_element("p", vec![]);
        b.text("The whole article, hidden until the scripts are ready.");
        b.end_element();
        b.start_element("div", vec![a("hidden", "")]);
        b.text("Streamed in later.");
        b.end_element();
        b.start_element("span", vec![a("style", "display:none")]);
        b.text("x");
        b.end_element();
        b.end_element();
        let mut d = b.finish();
        reveal_staged_content(&mut d);
        let hidden = |tag: &str| d.element(d.first_by_tag(tag).unwrap()).unwrap().hidden;
        assert!(!hidden("body") && !hidden("p") && !hidden("div"));
        assert!(hidden("span"), "a small element hidden by its style stays hidden");
    }
    #[test]
    fn streamed_segments_take_their_placeholders() {
        // The shell: a pending boundary with a fallback between its comments, and a boundary on a
        // page saved without comments, whose skeleton cannot be told from what follows it.
        let mut b = DocumentBuilder::new();
        b.start_element("body", vec![]);
        b.start_element("h1", vec![]);
        b.text("Title");
        b.end_element();
        b.comment("$?");
        b.start_element("template", vec![a("id", "B:0")]);
        b.end_element();
        b.start_element("div", vec![]);
        b.text("Loading...");
        b.end_element();
        b.comment("/$");
        b.start_element("footer", vec![]);
        b.text("Footer");
        b.end_element();
        b.start_element("template", vec![a("id", "B:2")]);
        b.end_element();
        b.start_element("aside", vec![]);
        b.text("Skeleton");
        b.end_element();
        // The parts, streamed last; the first holds a placeholder for a part of its own.
        b.start_element("div", vec![a("hidden", ""), a("id", "S:0")]);
        b.start_element("p", vec![]);
        b.text("Body");
        b.end_element();
        b.start_element("template", vec![a("id", "P:1")]);
        b.end_element();
        b.end_element();
        b.start_element("div", vec![a("hidden", ""), a("id", "S:1")]);
        b.start_element("p", vec![]);
        b.text("More");
        b.end_element();
        b.end_element();
        b.start_element("div", vec![a("hidden", ""), a("id", "S:2")]);
        b.start_element("section", vec![]);
        b.text("Late");
        b.end_element();
        b.end_element();
        b.end_element();
        let d = b.finish();
        let footer_index = d.element(d.first_by_tag("footer").unwrap()).unwrap().index;
        let placed = streamed::placing_streamed_segments(&d).expect("the page has streamed parts");
        let texts: Vec<&str> = placed.ids().filter_map(|i| placed.text(i)).collect();
        assert_eq!(texts, ["Title", "Body", "More", "Footer", "Late", "Skeleton"]);
        assert!(placed.ids().all(|i| placed.element(i).is_none_or(|e| !e.hidden)), "moved parts are shown");
        assert!(placed.first_by_tag("template").is_none());
        assert_eq!(placed.element(placed.first_by_tag("footer").unwrap()).unwrap().index, footer_index);
        assert!(streamed::placing_streamed_segments(&streamed::placing_streamed_segments(&d).unwrap()).is_none());
    }
}
