//! readmode: labels every block of a web page as article content or clutter, says why, and builds
//! a clean, safe reader view of the article.
//!
//! ```no_run
//! # #[cfg(not(target_arch = "wasm32"))] {
//! let html = std::fs::read_to_string("page.html").unwrap();
//! let a = readmode::analyze_html(&html, &readmode::Options::default()).unwrap();
//! println!("{}\n\n{}", a.article.metadata.title.unwrap_or_default(), a.article.text);
//! for b in &a.blocks {
//!     println!("{:>14} {:.2} {:?} {}", b.label, b.confidence, b.reasons, b.text);
//! }
//! # }
//! ```
//!
//! The core is pure Rust over a small page model ([`dom::Document`]); two front ends build that
//! model: html5ever natively ([`dom::html`]) and web-sys in the browser (`dom::web`, used by the
//! wasm exports in `wasm.rs`).

pub mod classify;
pub mod dom;
#[cfg(not(target_arch = "wasm32"))]
pub mod eval;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;
pub mod extract;
#[cfg(target_arch = "wasm32")]
mod wasm;

use classify::{Classification, Label};
use dom::{Document, NodeId, NodeKind};
use extract::metadata::{extract_metadata, Metadata};
use extract::url::BaseUrl;
use serde::{Deserialize, Serialize};

pub use classify::readerable::is_probably_readerable;

/// Options for [`analyze`]. From JavaScript: a camelCase object, every field optional.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Options {
    /// The page's URL: relative links and images are made absolute against it.
    pub url: Option<String>,
    /// Report every block with its label and reasons (the batch turns this off).
    pub include_blocks: bool,
    /// Below this many characters of article text the page is not offered in reader view.
    pub min_article_length: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { url: None, include_blocks: true, min_article_length: 500 }
    }
}

/// What [`analyze`] found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// Whether the page reads as an article worth a reader view.
    pub readerable: bool,
    /// A sentence saying why not, when it is not.
    pub reason: Option<String>,
    pub article: Article,
    /// Every block in document order (empty when `includeBlocks` is off).
    pub blocks: Vec<BlockReport>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    #[serde(flatten)]
    pub metadata: Metadata,
    pub reading_time_minutes: u32,
    pub word_count: u32,
    /// Plain text of the body, blocks separated by blank lines, list items as `- item` lines and
    /// table rows as `cell | cell` lines (the title is not included).
    pub text: String,
    /// Reader HTML from an allow-list of elements and attributes (the title is not included).
    pub html: String,
}

/// One block, its label and why.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockReport {
    pub index: usize,
    /// Position among all elements: `document.getElementsByTagName('*')[element]`.
    pub element: u32,
    /// A CSS selector for the block's element.
    pub path: String,
    pub tag: String,
    pub label: Label,
    pub confidence: f32,
    pub reasons: Vec<String>,
    pub text_length: usize,
    pub link_density: f32,
    /// The block's first characters.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The page has no text at all.
    Empty,
    /// The page URL given in the options is not an absolute http(s) or file URL.
    BadUrl(String),
    /// The HTML could not be read (html5ever front end: native, or wasm with the `html` feature).
    #[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
    Parse(dom::html::ParseError),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Empty => write!(f, "the page has no text to read"),
            Error::BadUrl(u) => write!(f, "the page URL {u:?} is not an absolute http, https or file URL"),
            #[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
            Error::Parse(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

/// Parses HTML with html5ever (natively, or in wasm with the `html` feature) and analyses it.
#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
pub fn analyze_html(html: &str, options: &Options) -> Result<Analysis, Error> {
    let doc = dom::html::parse_html(html).map_err(Error::Parse)?;
    analyze(&doc, options)
}

/// Analyses a page.
///
/// Workflow:
/// 1. Check there is something to read and a usable base URL; put streamed parts in their places
///    and reveal a page staged in `hidden` containers by streamed rendering.
/// 2. Read the metadata (title, byline, dates, site, language) from JSON-LD, meta tags and markup.
/// 3. Classify every block (see [`classify`] for its phases).
/// 4. Assemble the article: plain text from the content blocks (see [`extract::text`]), reader
///    HTML from the content region through the allow-list builder.
/// 5. Decide whether the page is readerable, and say why not.
/// 6. Report the blocks.
pub fn analyze(doc: &Document, options: &Options) -> Result<Analysis, Error> {
    // 1. Something to read.
    if !doc.ids().any(|i| doc.text(i).is_some_and(|t| !t.trim().is_empty())) {
        return Err(Error::Empty);
    }
    let base = match options.url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(u) => Some(BaseUrl::parse(u).ok_or_else(|| Error::BadUrl(u.to_string()))?),
        None => None,
    };

    // Streamed server rendering sends parts of the page last, in `hidden` containers a script moves
    // into their placeholders, or parks the whole page in them, and anti-flicker guards hide the
    // page until scripts load: read the page as it will be shown.
    let revealed = revealed_page(doc);
    let doc = revealed.as_ref().unwrap_or(doc);

    // 2. Metadata.
    let mut metadata = extract_metadata(doc, base.as_ref());

    // 3. Blocks and labels.
    let c = classify::classify(doc, &classify::Known::of(doc, &metadata));

    // 4. The article.
    let text = extract::text::article_text(doc, &c);
    if metadata.title.is_none() {
        metadata.title = c.title_block.map(|t| c.seg.blocks[t].text.clone());
    }
    if metadata.excerpt.is_none() {
        // Readability's choice: the article's first paragraph (a div holding text counts as one),
        // not a heading and not the byline.
        let first_p = c.content_blocks().filter(|(i, _)| Some(*i) != c.title_block).find(|(_, b)| {
            b.heading == 0
                && matches!(doc.tag(b.node), "p" | "div" | "section" | "article" | "main")
                && !classify::is_byline_like(doc, b.node)
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
    let html = match reader_roots(doc, &c) {
        Some(root) => {
            let mut dropped = dropped_nodes(doc, &c);
            let mut roots = vec![root];
            if let Some(lead) = lead_media(doc, &c) {
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
            extract::reader::reader_html(doc, &roots, &dropped, base.as_ref())
        }
        None => String::new(),
    };
    let word_count = count_words(&text);

    // 5. Readerable?
    let chars = text.chars().count();
    let reason = if chars == 0 {
        Some("No part of the page reads like article text.".to_string())
    } else if chars < options.min_article_length {
        Some(format!(
            "The page has only {chars} characters of article text; reader view needs at least {}.",
            options.min_article_length
        ))
    } else {
        None
    };

    // 6. Blocks.
    let blocks = if options.include_blocks { block_reports(doc, c) } else { Vec::new() };

    Ok(Analysis {
        readerable: reason.is_none(),
        reason,
        article: Article {
            metadata,
            reading_time_minutes: reading_minutes(word_count),
            word_count,
            text,
            html,
        },
        blocks,
    })
}

/// Above this share of hidden text, the hiding is taken for a script's staging area.
const MAX_HIDDEN_TEXT_SHARE: f32 = 0.7;
/// Above this share of the `main` landmark's text hidden, the hiding is taken for a script's
/// staging area too, however much text the rest of the page shows (an access-check app wraps
/// the whole of `main` in `style="display:none"` under shown menus and a mega-footer).
const MAX_MAIN_HIDDEN_TEXT_SHARE: f32 = 0.9;

/// The page as it will be shown when scripts streamed parts of it to the end of the body (see
/// [`Document::placing_streamed_segments`]) or staged it in hidden containers (see
/// [`Document::revealing_staged_content`]); `None` when the page is read as it is.
pub fn revealed_page(doc: &Document) -> Option<Document> {
    let placed = doc.placing_streamed_segments();
    let page = placed.as_ref().unwrap_or(doc);
    if page.hidden_text_share() > MAX_HIDDEN_TEXT_SHARE || page.main_hidden_text_share() > MAX_MAIN_HIDDEN_TEXT_SHARE {
        Some(page.revealing_staged_content())
    } else {
        placed
    }
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

fn is_cjk(c: char) -> bool {
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
            && c.seg.block_of[c.seg.owner[id]].is_none_or(|b| c.verdicts[b].label.is_content())
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
                // Inline elements (links, emphasis, images in a paragraph) share their block's fate.
                NodeKind::Element(e) if c.seg.owner[id] != id => e.hidden || inline_of_clutter(c, id),
                NodeKind::Element(e) => {
                    e.hidden
                        || (content[id] == 0 && !(in_main[id] && media[id] && clutter[id] == 0 && c.zone[id].is_none()))
                        || c.title_block.is_some_and(|t| c.seg.blocks[t].node == id)
                }
                NodeKind::Text(_) => inline_of_clutter(c, id),
            };
        dropped[id] = d;
    }
    dropped
}

/// Is this inline node (text, link, span) part of a block that is not content?
fn inline_of_clutter(c: &Classification, id: NodeId) -> bool {
    let owner = c.seg.owner[id];
    owner != id
        && c.seg.block_of[owner].is_some_and(|b| !c.verdicts[b].label.is_content() || Some(b) == c.title_block)
}

/// Characters of block text shown in a block report.
const REPORT_TEXT_CHARS: usize = 80;

/// The reports take the blocks' texts and reasons over (the classification is done with).
fn block_reports(doc: &Document, c: Classification) -> Vec<BlockReport> {
    let nodes: Vec<NodeId> = c.seg.blocks.iter().map(|b| b.node).collect();
    let mut paths = doc.css_paths().paths(&nodes).into_iter();
    c.seg
        .blocks
        .into_iter()
        .zip(c.verdicts)
        .enumerate()
        .map(|(index, (mut b, v))| BlockReport {
            index,
            element: doc.element(b.node).map(|e| e.index).unwrap_or(0),
            path: paths.next().unwrap_or_default(),
            tag: doc.tag(b.node).to_string(),
            label: v.label,
            confidence: (v.confidence * 100.0).round() / 100.0,
            reasons: v.reasons,
            text_length: b.chars,
            link_density: (b.link_density() * 100.0).round() / 100.0,
            text: {
                if let Some((end, _)) = b.text.char_indices().nth(REPORT_TEXT_CHARS) {
                    b.text.truncate(end);
                }
                b.text
            },
        })
        .collect()
}
