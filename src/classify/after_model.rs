//! Phase 8 of [`super::classify`]: rules applied after the model, which the model does not
//! overrule: call-to-action panels in the body are promo, a thread's post headers (who wrote
//! each post, and when) are read, and an article's comments are never its text.

use super::blocks::Segmentation;
use super::context::{dateline_kind, DatelineKind, MAX_BYLINE_LINE_CHARS};
use super::zones::Zones;
use super::{Label, Reason, Verdict};
use crate::dom::{Document, NodeId};
use crate::lexicon::{
    words_of_text, PhraseIndex, CTA_PANEL_BUTTONS, CTA_PANEL_GRID_DEPTH, MAX_CTA_CHARS, MAX_CTA_PANEL_BLOCKS, MAX_CTA_PANEL_CHARS,
    MAX_CTA_PANEL_DEPTH, MAX_CTA_PANEL_LINE_CHARS, MAX_CTA_PANEL_SIBLINGS,
};

/// Is this short text a call-to-action panel's button ("Get started for free", "Book a demo")?
fn is_panel_button(text: &str) -> bool {
    if text.len() > 4 * MAX_CTA_CHARS || text.chars().nth(MAX_CTA_CHARS).is_some() {
        return false;
    }
    thread_local! {
        static INDEX: PhraseIndex = PhraseIndex::new(CTA_PANEL_BUTTONS.iter().copied());
    }
    let w = words_of_text(text);
    let n = w.split(' ').count();
    INDEX.with(|index| index.find(&w, |k| n <= CTA_PANEL_BUTTONS[k].split(' ').count() + 2)).is_some()
}

/// A call-to-action panel inside the body: the smallest element around a button that asks the
/// reader to buy, join or call ("Book a demo") and holds more than the button, when it holds a
/// heading or a short line and little else ("Take the next step" / "Start building with $300 in
/// free credits" / "Get started for free"), the button last. Its text is the company's pitch, not
/// the page's. A card in a grid has the same shape, so a panel with another button's panel a
/// few levels up is left alone. Not on landing pages (their sections are their offer and end in
/// "Get a quote" too), product pages (the buy box) or threads.
pub(super) fn mark_cta_panels(doc: &Document, seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>) {
    let blocks = &seg.blocks;
    let range = |a: NodeId| {
        let lo = blocks.partition_point(|b| b.node < a);
        let hi = blocks.partition_point(|b| b.node < doc.subtree_end(a));
        lo..hi
    };
    let mut panels: Vec<(NodeId, std::ops::Range<usize>, usize)> = Vec::new();
    // Every button's panel, kept or not: cards are told by their like nearby.
    let mut buttons: Vec<NodeId> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if b.hidden || b.heading > 0 || !is_panel_button(&b.text) {
            continue;
        }
        let found = std::iter::once(b.node).chain(doc.ancestors(b.node)).take(MAX_CTA_PANEL_DEPTH).find_map(|a| {
            let r = range(a);
            r.clone().any(|j| j < i && !blocks[j].hidden).then_some((a, r))
        });
        let Some((a, r)) = found else { continue };
        buttons.push(a);
        // One past the limit is enough to refuse: a button in a big box costs no more than a panel.
        let shown: Vec<usize> = r.clone().filter(|&j| !blocks[j].hidden).take(MAX_CTA_PANEL_BLOCKS + 1).collect();
        let chars: usize = shown.iter().map(|&j| blocks[j].chars).sum();
        let ok = shown.len() <= MAX_CTA_PANEL_BLOCKS
            && chars <= MAX_CTA_PANEL_CHARS
            && shown.iter().all(|&j| blocks[j].chars <= MAX_CTA_PANEL_LINE_CHARS && Some(j) != title_block)
            && shown.last().is_some_and(|&j| j == i)
            && shown.iter().any(|&j| j != i && verdicts[j].label.is_content());
        if ok {
            panels.push((a, r, i));
        }
    }
    // A card's like sits in the same grid: another button's panel within a few levels up.
    let around = |a: NodeId| doc.ancestors(a).nth(CTA_PANEL_GRID_DEPTH - 1).unwrap_or(0);
    for (a, r, button) in &panels {
        let grid = around(*a);
        if buttons.iter().any(|&o| o != *a && o >= grid && o < doc.subtree_end(grid)) {
            continue;
        }
        // A card is one of a row of like elements: the panel or one of its near ancestors has a
        // sibling of its tag and class.
        let class = |x: NodeId| doc.element(x).and_then(|e| e.attr("class")).unwrap_or("");
        let like_sibling = |x: NodeId| {
            doc.parent(x).is_some_and(|p| {
                let kids = doc.children(p);
                kids.len() <= MAX_CTA_PANEL_SIBLINGS
                    && kids.iter().any(|&k| k != x && doc.element(k).is_some() && doc.tag(k) == doc.tag(x) && class(k) == class(x))
            })
        };
        if std::iter::once(*a).chain(doc.ancestors(*a)).take(CTA_PANEL_GRID_DEPTH).any(like_sibling) {
            continue;
        }
        for j in r.clone() {
            if j == *button {
                if verdicts[j].label.is_content() {
                    verdicts[j] = Verdict::new(Label::CallToAction, 0.8, &[Reason::CtaWording, Reason::CtaPanel]);
                }
            } else if !blocks[j].hidden && verdicts[j].label.is_content() {
                verdicts[j] = Verdict::new(Label::Promo, 0.75, &[Reason::CtaPanel]);
            }
        }
    }
}

/// A poster's name over a post is a few words.
const MAX_POSTER_NAME_WORDS: usize = 3;

/// The poster's name and the date share a box at most this many levels above each.
const POST_HEADER_DEPTH: usize = 2;

/// A forum thread heads every post with who wrote it and when ("tinterweb April 26, 2024, 6:28am",
/// or the name and the date on lines of their own); readers of a thread need them to follow who
/// answers whom, unlike an article's byline. On a page that declares itself a discussion, a
/// short date line in the body that no zone claims (a poster's card is one: its "Joined Mar 2020"
/// stays out) is read, with the poster's name just above it.
pub(super) fn keep_post_headers(doc: &Document, seg: &Segmentation, verdicts: &mut [Verdict], zone: &Zones, in_main: &[bool]) {
    let free = |verdicts: &[Verdict], i: usize| {
        let b = &seg.blocks[i];
        !b.hidden && in_main[b.node] && zone[b.node].is_none() && !verdicts[i].label.is_content() && b.chars <= MAX_BYLINE_LINE_CHARS
    };
    let keep = Verdict::new(Label::Content, 0.6, &[Reason::PostHeader]);
    for i in 0..seg.blocks.len() {
        if !free(verdicts, i) || dateline_kind(&seg.blocks[i].text) != Some(DatelineKind::Date) {
            continue;
        }
        verdicts[i] = keep.clone();
        let Some(p) = (0..i).rev().find(|&k| !seg.blocks[k].hidden) else { continue };
        // The name is the header's: the two share a box (a reaction count under the post
        // before, "2 Likes", does not).
        let near = |a: NodeId| doc.ancestors(a).take(POST_HEADER_DEPTH);
        let together = near(seg.blocks[p].node).any(|a| near(seg.blocks[i].node).any(|b| a == b));
        if together && free(verdicts, p) && seg.blocks[p].words() <= MAX_POSTER_NAME_WORDS && dateline_kind(&seg.blocks[p].text).is_none() {
            verdicts[p] = keep.clone();
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use super::super::blocks;
    use crate::dom::parse_html;

    #[test]
    fn a_threads_post_headers_are_read() {
        let doc = parse_html(
            r#"<div class="topic"><div class="post"><div class="head"><h4>jdoe</h4><p>1 Jul 2024</p></div><p>First post.</p><p>2 Likes</p></div><div class="post"><div class="head"><p>asmith April 26, 2024, 6:28am 2</p></div><p>A reply.</p></div></div>"#,
        )
        .unwrap();
        let seg = blocks::segment(&doc);
        // As the model leaves them: nothing read.
        let mut verdicts = vec![Verdict::new(Label::Other, 0.6, &[Reason::Model(0.5)]); seg.blocks.len()];
        keep_post_headers(&doc, &seg, &mut verdicts, &Zones::none(doc.len()), &vec![true; doc.len()]);
        let read: Vec<&str> = (0..seg.blocks.len()).filter(|&i| verdicts[i].label.is_content()).map(|i| seg.blocks[i].text.trim()).collect();
        assert_eq!(read, ["jdoe", "1 Jul 2024", "asmith April 26, 2024, 6:28am 2"], "not the reactions under the post before");
    }
}

/// On an article (not a thread: [`super::Classification::thread`]) a block inside a comments zone
/// is a comment, whatever an earlier rule said of it: a reader's comment that reads like prose
/// (a long, well-written reply under a blog post) is still not the post. The reader view offers
/// the comments apart (`Article::comments`).
pub(super) fn comments_are_not_the_article(seg: &Segmentation, verdicts: &mut [Verdict], zone: &Zones) {
    for (b, v) in seg.blocks.iter().zip(verdicts.iter_mut()) {
        let Some(z) = zone[b.node].filter(|z| z.label == Label::Comments) else { continue };
        if v.label.is_content() {
            *v = Verdict::new(Label::Comments, z.confidence, &[Reason::Zone(z.reason)]);
        }
    }
}
