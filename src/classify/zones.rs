//! Clutter zones: containers that say what they are.
//!
//! A zone comes from the element's tag (`nav`, `footer`, `aside`, a page-level `header`), its ARIA
//! role, the words of its class and id (`related-posts`, `share-bar`, `ad-slot`), or a section
//! heading inside it that names clutter ("Most Popular", "Featured Resources"). Every node
//! inherits the innermost zone around it. Two guards keep the article safe: a container that
//! holds the article body is never a zone, and inside the body only a container that holds
//! little of its prose can be one (a share bar, an inline ad, a "Related" box).

use super::blocks::Segmentation;
use super::label::Label;
use super::lexicon::{find_phrase, words_of_name, words_of_text, CHROME_ROLES, MAX_HEADING_CHARS, SECTION_HEADINGS};
use super::names::Names;
use super::Stats;
use crate::dom::{Document, NodeId};

#[derive(Debug, Clone, Copy)]
pub struct Zone {
    pub label: Label,
    pub confidence: f32,
    /// Why, e.g. `tag:nav`, `role:navigation`, `class:related`, `heading:most popular`.
    pub reason: Reason,
}

/// What made a container a zone: the kind of evidence and the word (`class` + `related`).
/// Plain static strings, so the zone of every node is a copy, not an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub kind: &'static str,
    pub word: &'static str,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind, self.word)
    }
}

/// Inside the body, a zone may hold at most this share of the body's text.
const MAX_ZONE_SHARE_IN_MAIN: f32 = 0.3;
/// A section a clutter heading names holds at most this much text (a whole page column is not
/// one "Most Popular" box).
const MAX_SECTION_CHARS: u32 = 5000;

/// A form with more plain (unlinked) text than this is a page wrapper, not a widget.
const MAX_FORM_PROSE_CHARS: u32 = 200;

/// The zone each node lies in, by node id.
pub fn clutter_zones(doc: &Document, seg: &Segmentation, st: &Stats, names: &Names, main: &[NodeId]) -> Vec<Option<Zone>> {
    let n = doc.len();
    // Ancestors of the body (and the body roots themselves) can never be zones.
    let mut holds_main = vec![false; n];
    let mut in_main = vec![false; n];
    for &m in main {
        holds_main[m] = true;
        for a in doc.ancestors(m) {
            holds_main[a] = true;
        }
        for flag in &mut in_main[m..doc.subtree_end(m)] {
            *flag = true;
        }
    }
    let main_chars: u32 = main.iter().map(|&m| st.chars[m]).sum();
    let allowed = |id: NodeId| -> bool {
        if holds_main[id] {
            return false;
        }
        if in_main[id] {
            let plain = st.chars[id] - st.link_chars[id];
            return (plain as f32) <= MAX_ZONE_SHARE_IN_MAIN * main_chars as f32;
        }
        true
    };

    let mut own: Vec<Option<Zone>> = vec![None; n];
    let mut inside_article = vec![false; n];
    for id in doc.ids() {
        let Some(e) = doc.element(id) else { continue };
        let parent = doc.parent(id).unwrap_or(Document::ROOT);
        inside_article[id] = inside_article[parent] || e.is("article") || e.is("main");
        if !allowed(id) {
            continue;
        }
        own[id] = element_zone(doc, names, id, inside_article[parent], st.chars[id] - st.link_chars[id]);
    }

    // Section headings name the box they open.
    for b in seg.blocks.iter().filter(|b| b.heading > 0 || is_heading_like(doc, b.node)) {
        if b.hidden || b.chars > MAX_HEADING_CHARS {
            continue;
        }
        let words = words_of_text(&b.text);
        let Some((phrase, label)) = find_phrase(&words, SECTION_HEADINGS) else { continue };
        // Only a heading that is (almost) just the phrase: "Related" yes, "Related work on X" no.
        if words.split(' ').count() > phrase.split(' ').count() + 2 {
            continue;
        }
        let zone = Zone { label, confidence: 0.85, reason: Reason { kind: "heading", word: phrase } };
        for root in section_of(doc, seg, st, b.node, &holds_main) {
            // A heading says more than a bare `aside`: "Most read" in a side rail is a popular list.
            if allowed(root) && own[root].is_none_or(|z| z.label == Label::Other) {
                own[root] = Some(zone);
            }
        }
    }

    discussion_is_content(doc, st, &in_main, main_chars, &mut own);

    // Inherit: the innermost zone wins.
    let mut zone: Vec<Option<Zone>> = vec![None; n];
    for id in doc.ids() {
        let inherited = doc.parent(id).and_then(|p| zone[p]);
        zone[id] = match own[id] {
            // A bare form (a search box) inside the site header is part of the header.
            Some(z) if z.reason == (Reason { kind: "tag", word: "form" }) && inherited.is_some() => inherited,
            // Likewise a generic box (a dialog, an aside) inside a named one (a consent banner,
            // a newsletter panel) is that named thing.
            Some(z) if z.label == Label::Other && inherited.is_some_and(|i| i.label != Label::Other) => inherited,
            Some(z) => Some(z),
            None => inherited,
        };
    }
    zone
}

/// Comments inside the body holding more than this share of its text are the body: a thread.
const MAX_COMMENT_SHARE_OF_BODY: f32 = 0.75;
/// Comments outside the body this many times longer than it make the page a discussion.
const DISCUSSION_TO_BODY_RATIO: f32 = 3.0;

/// On a forum thread or Q&A page the posts are what a reader came for, though templates name
/// them `comment`/`reply`: when comment zones hold most of the page's prose, they are content.
fn discussion_is_content(doc: &Document, st: &Stats, in_main: &[bool], main_chars: u32, own: &mut [Option<Zone>]) {
    let is_comments = |z: &Option<Zone>| z.as_ref().is_some_and(|z| z.label == Label::Comments);
    let (mut inside, mut outside) = (0u32, 0u32);
    let mut covered = vec![false; own.len()];
    for id in doc.ids() {
        let parent_covered = doc.parent(id).is_some_and(|p| covered[p]);
        covered[id] = parent_covered || is_comments(&own[id]);
        if covered[id] && !parent_covered {
            let plain = st.chars[id] - st.link_chars[id];
            if in_main[id] {
                inside += plain;
            } else {
                outside += plain;
            }
        }
    }
    let body_plain = main_chars.saturating_sub(inside);
    let thread = (inside as f32) > MAX_COMMENT_SHARE_OF_BODY * main_chars as f32
        || (outside as f32) > DISCUSSION_TO_BODY_RATIO * body_plain.max(1) as f32;
    if thread {
        for z in own.iter_mut().filter(|z| is_comments(z)) {
            *z = None;
        }
    }
}

/// A heading by role, or a short bold/title-classed line that heads a widget.
fn is_heading_like(doc: &Document, id: NodeId) -> bool {
    doc.element(id).is_some_and(|e| {
        e.attr("role") == Some("heading")
            || e.attr("class").is_some_and(|c| {
                let w = words_of_name(c);
                w.contains("title") || w.contains("heading") || w.contains("header")
            })
    })
}

fn element_zone(doc: &Document, names: &Names, id: NodeId, inside_article: bool, plain_chars: u32) -> Option<Zone> {
    let e = doc.element(id)?;
    let tag_zone = match &*e.tag {
        "nav" => Some(("nav", Label::Navigation, 0.9)),
        "footer" if !inside_article => Some(("footer", Label::Footer, 0.9)),
        "header" if !inside_article => Some(("header", Label::Navigation, 0.75)),
        "aside" => Some(("aside", Label::Other, 0.7)),
        // Search boxes and sign-up forms; some frameworks wrap whole pages (prose and all) in a form.
        "form" if plain_chars < MAX_FORM_PROSE_CHARS => Some(("form", Label::Other, 0.6)),
        // "Please enable JavaScript"; a long noscript is a crawler view of the page, read as such.
        "noscript" if plain_chars < MAX_FORM_PROSE_CHARS => Some(("noscript", Label::Other, 0.8)),
        _ => None,
    };
    if let Some((tag, label, confidence)) = tag_zone {
        // A more specific name wins over the bare tag (`<aside class="related">`).
        if let Some(z) = name_zone(names, id) {
            return Some(z);
        }
        return Some(Zone { label, confidence, reason: Reason { kind: "tag", word: tag } });
    }
    if let Some(role) = e.attr("role") {
        let w = words_of_name(role);
        if let Some((r, label)) = find_phrase(&w, CHROME_ROLES) {
            // A dialog named `cookie-consent` is a consent box: the name is more specific.
            if label == Label::Other {
                if let Some(z) = name_zone(names, id) {
                    return Some(z);
                }
            }
            return Some(Zone { label, confidence: 0.85, reason: Reason { kind: "role", word: r } });
        }
    }
    name_zone(names, id)
}

fn name_zone(names: &Names, id: NodeId) -> Option<Zone> {
    let (word, label) = names.container(id)?;
    Some(Zone { label, confidence: 0.75, reason: Reason { kind: "class", word } })
}

/// The box a section heading opens: climb from the heading while the heading is still the first
/// block of the container and the container is small and does not hold the body; when the
/// heading's own parent holds other blocks before it, take the heading and the siblings after
/// it up to the next heading of the same or a higher rank.
fn section_of(doc: &Document, seg: &Segmentation, st: &Stats, heading: NodeId, holds_main: &[bool]) -> Vec<NodeId> {
    let first_block_in = |c: NodeId| -> Option<NodeId> {
        let end = doc.subtree_end(c);
        (c..end).find(|&i| seg.block_of[i].is_some_and(|b| !seg.blocks[b].hidden))
    };
    let mut cur = heading;
    while let Some(p) = doc.parent(cur) {
        if p == Document::ROOT
            || holds_main[p]
            || matches!(doc.tag(p), "body" | "html")
            || st.chars[p] > MAX_SECTION_CHARS
            || first_block_in(p) != Some(heading)
        {
            break;
        }
        cur = p;
    }
    if cur != heading {
        return vec![cur];
    }
    // Flat layout: heading followed by its list as siblings.
    let rank = heading_rank(doc, heading);
    let mut roots = vec![heading];
    let Some(parent) = doc.parent(heading) else { return roots };
    let sibs = doc.children(parent);
    let start = sibs.iter().position(|&s| s == heading).unwrap_or(sibs.len());
    let mut total = 0;
    for &s in &sibs[start + 1..] {
        if doc.element(s).is_none() {
            continue;
        }
        if holds_main[s] || heading_rank(doc, s).is_some_and(|r| r <= rank.unwrap_or(6)) {
            break;
        }
        total += st.chars[s];
        if total > MAX_SECTION_CHARS {
            break;
        }
        roots.push(s);
    }
    roots
}

fn heading_rank(doc: &Document, id: NodeId) -> Option<u8> {
    match doc.tag(id).as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}
