//! Disclosure panels: collapsed accordion answers and tab panels, shown as a printed page would.

use super::super::document::{Document, Element, NodeId, NodeKind};
use super::visible_chars_up_to;
use super::super::hidden::{is_hidden_markup, set_hidden};
use crate::lexicon::TAB_PANEL_CLASSES;

/// Collapsed accordion and tab panels are hidden until the reader clicks their control; a reader
/// view has no controls to click, so it shows them, as a printed page would (FAQ answers, product
/// and service details, code samples for other languages). A panel is an element with the
/// `tabpanel` role, one that a control names in `aria-controls`, or an accordion's answer: the
/// element right after its toggle (see [`accordion_toggles`]). Its own hiding markup is set
/// aside; an ancestor's still hides it, and so does the live page's verdict on a panel nobody
/// could open (`data-readmode-hidden` on an ancestor).
///
/// By node id, the disclosure panels when the page hides at least one of them; `None` when it
/// hides none (most pages hide nothing at all, and are not looked through).
pub(super) fn hidden_panels(doc: &Document) -> Option<Vec<bool>> {
    let nodes = &doc.nodes;
    if !nodes.iter().any(|n| matches!(&n.kind, NodeKind::Element(e) if e.hidden)) {
        return None;
    }
    let panels = disclosure_panels(doc);
    let hidden_panel = |id: NodeId| panels[id] && matches!(&nodes[id].kind, NodeKind::Element(e) if e.hidden);
    (0..nodes.len()).any(hidden_panel).then_some(panels)
}

/// Shows the `panels` ([`hidden_panels`]): their own hiding markup is set aside.
pub(super) fn show(doc: &mut Document, panels: &[bool]) {
    set_hidden(&mut doc.nodes, |id, e| !panels[id] && is_hidden_markup(&e.attrs));
}

/// Whether the element's class names a tab panel ([`TAB_PANEL_CLASSES`]), as a whole class word.
fn is_tab_panel_class(e: &Element) -> bool {
    e.attr("class").is_some_and(|c| c.split_whitespace().any(|w| TAB_PANEL_CLASSES.iter().any(|t| w.eq_ignore_ascii_case(t))))
}

/// A question that opens an accordion's entry is at most this long ("What is pet insurance?").
const MAX_QUESTION_CHARS: usize = 200;

/// By node id: is it a disclosure panel (see [`hidden_panels`])? Only the elements
/// whose own markup hides them are looked at, the only ones the answer changes anything for; the
/// others are `false`.
pub(super) fn disclosure_panels(doc: &Document) -> Vec<bool> {
    let nodes = &doc.nodes;
    let n = nodes.len();
    let mut controlled: rustc_hash::FxHashSet<&str> = Default::default();
    for node in nodes {
        if let NodeKind::Element(e) = &node.kind {
            if let Some(c) = e.attr("aria-controls") {
                controlled.extend(c.split_whitespace());
            }
        }
    }
    // The elements that hide themselves and the element sibling before each, found in one pass:
    // siblings come in document order. Those siblings are the only possible toggles asked about.
    let mut last_child: Vec<Option<NodeId>> = vec![None; n];
    let mut hiding: Vec<(NodeId, Option<NodeId>)> = Vec::new();
    let mut asked = vec![false; n];
    for (id, node) in nodes.iter().enumerate() {
        let NodeKind::Element(e) = &node.kind else { continue };
        let before = node.parent().and_then(|p| last_child[p].replace(id));
        if is_hidden_markup(&e.attrs) {
            hiding.push((id, before));
            if let Some(b) = before {
                asked[b] = true;
            }
        }
    }
    let toggles = accordion_toggles(doc, &asked);
    let mut out = vec![false; n];
    for (id, before) in hiding {
        let NodeKind::Element(e) = &nodes[id].kind else { continue };
        out[id] = e.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("tabpanel"))
            || is_tab_panel_class(e)
            || (!controlled.is_empty() && e.attr("id").is_some_and(|i| controlled.contains(i.trim())))
            || before.is_some_and(|b| toggles[b]);
    }
    out
}

/// By node id, for the elements `asked` about (the others are `false`): whether the element is
/// an accordion's toggle, which shows or hides the element after it: a `details` element's
/// `summary`, an element that says whether it is expanded (`aria-expanded`, unless it names its
/// panel in `aria-controls`), or a short question ("What is pet insurance?", "How do I
/// cancel?") that FAQ templates make clickable without saying so. A toggle is in view (a hidden
/// chunk of a streamed page that happens to end in a question is no toggle).
fn accordion_toggles(doc: &Document, asked: &[bool]) -> Vec<bool> {
    let nodes = &doc.nodes;
    let n = nodes.len();
    // Only the text inside the elements asked about is read.
    let mut under = vec![false; n];
    for id in 1..n {
        under[id] = asked[id] || nodes[id].parent().is_some_and(|p| under[p]);
    }
    // Per node: visible characters of text in its subtree (counted up to one past the longest
    // question: only whether a subtree is short matters) and the last one, summed bottom-up.
    const PAST_QUESTION: usize = MAX_QUESTION_CHARS + 1;
    let mut chars = vec![0usize; n];
    let mut last: Vec<Option<char>> = vec![None; n];
    for id in (1..n).rev().filter(|&id| under[id]) {
        if let Some(t) = doc.text(id) {
            chars[id] = (chars[id] + visible_chars_up_to(t, PAST_QUESTION)).min(PAST_QUESTION);
            last[id] = last[id].or_else(|| t.trim_end().chars().last());
        }
        if let Some(p) = nodes[id].parent().filter(|&p| under[p]) {
            chars[p] = (chars[p] + chars[id]).min(PAST_QUESTION);
            // Children are visited last to first: the first one seen ends the parent's text.
            if last[p].is_none() {
                last[p] = last[id];
            }
        }
    }
    (0..n)
        .map(|id| match &nodes[id].kind {
            NodeKind::Element(e) if asked[id] && !e.hidden => {
                e.is("summary")
                    || (e.has_attr("aria-expanded") && !e.has_attr("aria-controls"))
                    || (chars[id] > 0 && chars[id] <= MAX_QUESTION_CHARS && matches!(last[id], Some('?' | '？')))
            }
            _ => false,
        })
        .collect()
}
