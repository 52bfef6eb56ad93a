//! What hides an element: its own markup (`hidden`, `aria-hidden`, inline `display:none` or
//! `visibility:hidden`, and the live page's `data-readmode-hidden` verdict) or an ancestor's.
//! The builder sets every element's `hidden` flag from these rules as it reads the page; page
//! preparation ([`super::prepare`]) sets them again where a page shows more than its markup says.

use super::document::{Element, Node, NodeId, NodeKind};
use super::names::Name;
use crate::lexicon::{contains_ignore_ascii_case, SHOWN_ARIA_HIDDEN_CLASS_PARTS};

/// Markup that says an element is not rendered. The extension's content script marks elements the
/// live page does not render with `data-readmode-hidden`, so a snapshot carries what only layout knows.
/// `aria-hidden` only hides from screen readers: carousels and card decks set it on the slides and
/// cards not in view, which a page still shows (as the reader view should); elsewhere it marks
/// closed menus and dialogs, and is read as hidden.
pub(crate) fn is_hidden_markup(attrs: &[(Name, Box<str>)]) -> bool {
    let shown_slide = || {
        attrs.iter().any(|(k, v)| &**k == "class" && SHOWN_ARIA_HIDDEN_CLASS_PARTS.iter().any(|p| contains_ignore_ascii_case(v, p)))
    };
    attrs.iter().any(|(k, v)| match &**k {
        "hidden" | "data-readmode-hidden" => true,
        "aria-hidden" => v.trim().eq_ignore_ascii_case("true") && !shown_slide(),
        // Most inline styles say neither `none` nor `hidden`: skip the normalising copy for them.
        "style" if !(contains_ignore_ascii_case(v, "none") || contains_ignore_ascii_case(v, "hidden")) => false,
        "style" => {
            let s: String = v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        }
        _ => false,
    })
}

/// Sets every element's `hidden` flag again, in document order: hidden by an ancestor, or by its
/// own markup as `own` reads it.
pub(super) fn set_hidden(nodes: &mut [Node], own: impl Fn(NodeId, &Element) -> bool) {
    for id in 0..nodes.len() {
        let parent_hidden = nodes[id].parent().is_some_and(|p| matches!(&nodes[p].kind, NodeKind::Element(e) if e.hidden));
        if let NodeKind::Element(e) = &nodes[id].kind {
            let hidden = parent_hidden || own(id, e);
            if let NodeKind::Element(e) = &mut nodes[id].kind {
                e.hidden = hidden;
            }
        }
    }
}
