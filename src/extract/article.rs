//! The article: what the reader view shows of the page, assembled from the classification.
//!
//! The plain text comes from the content blocks ([`super::text`]); the reader HTML is rebuilt
//! through the allow-list ([`super::reader`]) from the smallest element holding every content
//! block, with what is not content left out ([`dropped_nodes`]) and the lead image put back when
//! the template placed it outside the body; the metadata ([`super::metadata`]) gets the headline,
//! the first paragraph and the text direction where the page declared none.

use super::controls::Marks;
use super::metadata::Metadata;
use super::url::BaseUrl;
use crate::classify::{is_byline_like, Classification};
use crate::dom::{Document, NodeId, NodeKind};
use serde::Serialize;

/// The article the reader view shows: the page's metadata, its text and its reader HTML.
///
/// ```
/// let html = "<h1>Notes from the harbour</h1><p>The ferry was late again, so we walked along the \
///     quay and counted the boats.</p><p>Nobody minded: the light on the water was worth the wait.</p>";
/// let a = readmode::analyze_html(html, &Default::default())?.article;
/// assert_eq!(a.metadata.title.as_deref(), Some("Notes from the harbour"));
/// assert_eq!(a.text, "The ferry was late again, so we walked along the quay and counted the boats.\n\n\
///     Nobody minded: the light on the water was worth the wait.");
/// assert!(a.html.contains("<p>Nobody minded"));
/// assert_eq!(a.word_count, 26);
/// # Ok::<(), readmode::Error>(())
/// ```
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    /// Title, byline, dates, site name, language, direction, excerpt and lead image.
    #[serde(flatten)]
    pub metadata: Metadata,
    /// Minutes of reading at 230 words a minute (0 for no text).
    pub reading_time_minutes: u32,
    /// Words of [`Article::text`] (CJK text counts one word per two characters).
    pub word_count: u32,
    /// Plain text of the body, blocks separated by blank lines, list items as `- item` lines and
    /// table rows as `cell | cell` lines (the title is not included).
    pub text: String,
    /// Reader HTML from an allow-list of elements and attributes (the title is not included).
    pub html: String,
    /// The discussion under the article (its readers' comments), offered apart: never part of
    /// [`Article::text`] or [`Article::html`]. `None` on a thread (a forum or Q&A page, whose
    /// posts are the text) and on a page without comments.
    pub comments: Option<super::comments::Comments>,
}

/// Assembles the article of a classified page; `metadata` is what the metadata reader found.
pub(crate) fn assemble(doc: &Document, c: &Classification, mut metadata: Metadata, base: Option<&BaseUrl>) -> Article {
    let root = reader_roots(doc, c);
    let marks = super::controls::marks(doc, root.as_slice(), c.thread);
    let text = super::text::article_text(doc, c, &marks);
    if metadata.title.is_none() {
        metadata.title = c.title_block.map(|t| c.seg.blocks[t].text.clone());
    }
    if metadata.excerpt.is_none() {
        // Readability's choice: the article's first paragraph (a div holding text counts as one),
        // not a heading and not the byline.
        let first_p = c.content_blocks().filter(|(i, _)| Some(*i) != c.title_block).find(|(_, b)| {
            b.heading == 0
                && matches!(doc.tag(b.node), "p" | "div" | "section" | "article" | "main")
                && !is_byline_like(doc, b.node)
        });
        metadata.excerpt = first_p
            .or_else(|| c.content_blocks().find(|(i, _)| Some(*i) != c.title_block))
            .map(|(_, b)| b.text.clone());
    }
    // The direction of the text is the nearest one declared around the body.
    if let Some(&root) = c.main.first() {
        let declared = std::iter::once(root)
            .chain(doc.ancestors(root))
            .find_map(|a| doc.element(a).and_then(|e| e.attr("dir")).map(str::trim).filter(|d| !d.is_empty()));
        if let Some(d) = declared {
            metadata.dir = Some(d.to_string());
        }
    }
    let mut html = reader_html(doc, c, root, &marks, base);
    if !text.is_empty() && !super::reader::has_text(&html) {
        // Never a blank reader view for a page with article text: content the markup around it
        // took out (blocks the classifier kept inside a `<nav>`, which the allow-list drops whole)
        // is shown as the plain text it was read as.
        html = super::reader::text_html(&text);
    }
    let word_count = count_words(&text);
    let comments = super::comments::comments(doc, c, base);
    Article { metadata, reading_time_minutes: reading_minutes(word_count), word_count, text, html, comments }
}

/// The reader HTML: the body's container through the allow-list builder, the lead image first
/// when it lies outside it; empty when there is no content.
fn reader_html(doc: &Document, c: &Classification, root: Option<NodeId>, marks: &Marks, base: Option<&BaseUrl>) -> String {
    let Some(root) = root else { return String::new() };
    let mut dropped = dropped_nodes(doc, c);
    let mut roots = vec![root];
    if let Some(lead) = lead_media(doc, c) {
        for d in &mut dropped[lead..doc.subtree_end(lead)] {
            *d = false;
        }
        if root <= lead && lead < doc.subtree_end(root) {
            // Inside the body's container: open the way down to it.
            for a in doc.ancestors(lead).take_while(|&a| a != root) {
                dropped[a] = false;
            }
        } else {
            roots.insert(0, lead);
        }
    }
    super::reader::reader_html(doc, &roots, &dropped, marks, base)
}

/// Words read per minute, for the reading time.
const WORDS_PER_MINUTE: u32 = 230;

/// Words, counting CJK text (no spaces) as one word per two characters.
fn count_words(text: &str) -> u32 {
    if text.is_ascii() {
        return text.split_whitespace().count() as u32;
    }
    // One pass: CJK characters, and the whitespace-separated words that are not all CJK.
    let (mut cjk, mut spaced) = (0u32, 0u32);
    let (mut in_word, mut all_cjk) = (false, true);
    for c in text.chars() {
        if c.is_whitespace() {
            spaced += (in_word && !all_cjk) as u32;
            in_word = false;
        } else {
            if !in_word {
                (in_word, all_cjk) = (true, true);
            }
            if is_cjk(c) {
                cjk += 1;
            } else {
                all_cjk = false;
            }
        }
    }
    spaced += (in_word && !all_cjk) as u32;
    spaced + cjk.div_ceil(2)
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

fn reading_minutes(words: u32) -> u32 {
    if words == 0 {
        0
    } else {
        words.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// The smallest element holding every content block (the reader HTML is built under it).
fn reader_roots(doc: &Document, c: &Classification) -> Option<NodeId> {
    let mut nodes = c.content_blocks().filter(|(i, _)| Some(*i) != c.title_block).map(|(_, b)| b.node);
    let first = nodes.next()?;
    let mut lca = first;
    for n in nodes {
        while !(lca <= n && n < doc.subtree_end(lca)) {
            lca = doc.parent(lca)?;
        }
    }
    Some(lca)
}

/// How far past the headline the lead image is looked for, in nodes.
const LEAD_MEDIA_SCAN: usize = 400;

/// The lead image between the headline and the body (publishers put it outside the body's
/// container): the first image or figure there that is not in a clutter zone.
fn lead_media(doc: &Document, c: &Classification) -> Option<NodeId> {
    let title = c.seg.blocks[c.title_block?].node;
    let start = doc.subtree_end(title);
    // Up to the first paragraph of the body proper: news templates put the lead picture after
    // the standfirst, which is content too but lies outside the body's container.
    let in_body = |n: NodeId| c.main.iter().any(|&m| m <= n && n < doc.subtree_end(m));
    let body = c
        .content_blocks()
        .map(|(_, b)| b.node)
        .find(|&n| n >= start && doc.tag(n) == "p" && in_body(n))
        .unwrap_or(doc.len());
    let img = (start..body.min(start + LEAD_MEDIA_SCAN)).find(|&id| {
        doc.element(id).is_some_and(|e| matches!(&*e.tag, "img" | "picture" | "figure" | "video") && !e.hidden)
            && c.zone[id].is_none()
            && c.seg.block_of(c.seg.owner(id)).is_none_or(|b| c.verdicts[b].label.is_content())
    })?;
    // The figure around it, if any, brings its caption.
    Some(doc.ancestors(img).take(2).find(|&a| doc.tag(a) == "figure" || doc.tag(a) == "picture").unwrap_or(img))
}

/// Marks what the reader HTML leaves out, by node id: subtrees with no content block (unless
/// they are pure media inside the body: a figure, an image), the headline (shown apart), hidden
/// elements, and the inline text of every block that is not content.
fn dropped_nodes(doc: &Document, c: &Classification) -> Vec<bool> {
    let n = doc.len();
    let mut content = vec![0u32; n];
    let mut clutter = vec![0u32; n];
    let mut media = vec![false; n];
    for (i, b) in c.seg.blocks.iter().enumerate() {
        if b.hidden {
            continue;
        }
        if c.verdicts[i].label.is_content() && Some(i) != c.title_block {
            content[b.node] += 1;
        } else {
            clutter[b.node] += 1;
        }
    }
    for id in doc.ids() {
        media[id] = matches!(doc.tag(id), "img" | "picture" | "video" | "audio" | "figure" | "iframe");
    }
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id) {
            content[p] += content[id];
            clutter[p] += clutter[id];
            media[p] |= media[id];
        }
    }
    let mut in_main = vec![false; n];
    for &m in &c.main {
        for f in &mut in_main[m..doc.subtree_end(m)] {
            *f = true;
        }
    }
    let mut dropped = vec![false; n];
    for id in doc.ids() {
        let parent_dropped = doc.parent(id).is_some_and(|p| dropped[p]);
        let d = parent_dropped
            || match &doc.node(id).kind {
                NodeKind::Root => false,
                // Inline elements (links, emphasis, images in a paragraph) share their block's fate,
                // except one that wraps content blocks: `<span>Lead. <p>…</p></span>` (also
                // `<font>`, `<b>`, a whole article in a `<span>`) keeps its blocks, and only its own
                // inline text goes with the block that owns it.
                NodeKind::Element(e) if c.seg.owner(id) != id => e.hidden || (inline_of_clutter(c, id) && content[id] == 0),
                NodeKind::Element(e) => {
                    e.hidden
                        || (content[id] == 0 && !(in_main[id] && media[id] && clutter[id] == 0 && c.zone[id].is_none()))
                        || c.title_block.is_some_and(|t| c.seg.blocks[t].node == id)
                }
                NodeKind::Text(_) => inline_of_clutter(c, id),
            };
        dropped[id] = d;
    }
    keep_link_cells(doc, c, &mut dropped);
    dropped
}

/// A table cell of links is this short at most (an infobox's value, not a navbox's list).
const MAX_LINK_CELL_CHARS: usize = 200;

/// An infobox or a data table gives many of its values as a link alone ("Industry | Open-source
/// software", the link to the software's page; a list of linked divisions; a logo linked to its
/// file page): such a cell reads as navigation, a block of links. In a row the reader shows, it
/// is the row's value and is shown with it, so the row does not keep its name and lose its value.
fn keep_link_cells(doc: &Document, c: &Classification, dropped: &mut [bool]) {
    let mut id = 0;
    while id < doc.len() {
        let kept_row = doc.parent(id).is_some_and(|r| doc.tag(r) == "tr" && !dropped[r]);
        let chars = c.stats.chars[id] as usize;
        // The cell's own conditions first: what it holds is read only for a cell, not for every
        // element of the page (each of them a read of its subtree: the page's size times its depth).
        let cell = matches!(doc.tag(id), "td" | "th") && kept_row && c.zone[id].is_none() && chars <= MAX_LINK_CELL_CHARS;
        let links_only = || if chars == 0 {
            (id..doc.subtree_end(id)).any(|d| matches!(doc.tag(d), "img" | "picture"))
        } else {
            // A few links, none of them to a place in the page (a table of contents set in a
            // table's cell is no value of a row).
            let links: Vec<&str> =
                (id..doc.subtree_end(id)).filter_map(|d| doc.element(d).filter(|e| e.is("a"))).map(|e| e.attr("href").unwrap_or("")).collect();
            c.stats.link_density(id) >= LINK_CELL_DENSITY
                && links.len() <= MAX_LINK_CELL_LINKS
                && !links.iter().any(|h| h.trim_start().starts_with('#'))
        };
        if !(cell && links_only()) {
            id += 1;
            continue;
        }
        let end = doc.subtree_end(id);
        for d in id..end {
            let hidden = doc.element(d).is_some_and(|e| e.hidden);
            dropped[d] = hidden || (d != id && doc.parent(d).is_some_and(|p| dropped[p]));
        }
        id = end;
    }
}

/// A row's value given as links is a few of them (a navbox's cell lists dozens).
const MAX_LINK_CELL_LINKS: usize = 3;
/// The share of a cell's text in links for it to be a cell of links.
const LINK_CELL_DENSITY: f32 = 0.9;

/// Is this inline node (text, link, span) part of a block that is not content?
fn inline_of_clutter(c: &Classification, id: NodeId) -> bool {
    let owner = c.seg.owner(id);
    owner != id
        && c.seg.block_of(owner).is_some_and(|b| !c.verdicts[b].label.is_content() || Some(b) == c.title_block)
}
