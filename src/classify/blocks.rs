//! Block segmentation: the page cut into paragraph-level blocks.
//!
//! A block is the inline content owned by one block-level element (a `p`, an `li`, a `td`, a
//! `div` with text of its own): the text of its descendants reached without entering another
//! block-level element. One linear pass in document order; ancestry stays in the page model, so
//! labels can be given to whole containers (a promo panel, a teaser list) and read per block.

use crate::lexicon::{words_of_text, BLOCK_TAGS, PERMALINK_MARKS};
use crate::dom::{Document, NodeId, NodeKind};

/// One paragraph-level block.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The block-level element that owns this inline content.
    pub(crate) node: NodeId,
    /// Text with whitespace collapsed and trimmed.
    pub(crate) text: String,
    /// Characters of text, and of text inside links.
    pub(crate) chars: usize,
    pub(crate) link_chars: usize,
    /// Heading level 1-6, or 0.
    pub(crate) heading: u8,
    pub(crate) hidden: bool,
    /// Byte offsets in `text` of the spaces that stand for a line break (`<br>`, a code
    /// highlighter's line): the page shows the words after them on a new line.
    pub(crate) line_breaks: Vec<u32>,
    /// Words of `text` (its whitespace is single spaces).
    words: u32,
    /// [`Block::text_words`], worked out on first request (several phases read a short block's
    /// words: its zone, the headline, calls to action); `None` when it is `text` itself, as for
    /// most short blocks (a table of a million one-word cells kept a copy of each word).
    text_words: std::cell::OnceCell<Option<Box<str>>>,
}

impl Block {
    pub(crate) fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
    pub(crate) fn words(&self) -> usize {
        self.words as usize
    }
    /// `text` lower-cased with punctuation folded to single spaces ([`words_of_text`]).
    pub(crate) fn text_words(&self) -> &str {
        self.text_words
            .get_or_init(|| Some(words_of_text(&self.text)).filter(|w| *w != self.text).map(String::into_boxed_str))
            .as_deref()
            .unwrap_or(&self.text)
    }
    /// The text as the page lays it out: `text` with its line breaks back.
    pub(crate) fn lines(&self) -> std::borrow::Cow<'_, str> {
        if self.line_breaks.is_empty() {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut t = self.text.clone().into_bytes();
        for &at in &self.line_breaks {
            t[at as usize] = b'\n';
        }
        // Only ASCII spaces were replaced by ASCII newlines.
        std::borrow::Cow::Owned(String::from_utf8(t).unwrap_or_else(|_| self.text.clone()))
    }
}

/// Elements whose text is never reading text. The text inside `video` and `audio` is the
/// fallback for browsers that cannot play them ("Your browser does not support the video tag").
const SILENT_TAGS: &[&str] =
    &["head", "script", "style", "title", "select", "option", "template", "textarea", "svg", "video", "audio"];


/// A heading's permalink: an in-page link whose whole text is a mark like `¶`. It is not text
/// anyone reads, in the blocks or in the reader view.
pub(crate) fn is_permalink_anchor(doc: &Document, id: NodeId) -> bool {
    let Some(e) = doc.element(id) else { return false };
    if !e.is("a") || !e.attr("href").is_some_and(|h| h.trim_start().starts_with('#')) {
        return false;
    }
    let kids = doc.children(id);
    kids.len() == 1 && doc.text(kids[0]).is_some_and(|t| PERMALINK_MARKS.contains(&t.trim()))
}

/// A code highlighter's line (Shiki's and Prism's `<span class="line">`, `code-line`,
/// `token-line`): the site's style sheet shows each on a line of its own, and the markup often has
/// no newline between them.
fn is_code_line(e: &crate::dom::Element) -> bool {
    // Most classes do not hold `line` at all: skip the split for them.
    e.attr("class").is_some_and(|c| {
        c.as_bytes().windows(4).any(|w| w == b"line") && c.split_whitespace().any(|w| w == "line" || w.ends_with("-line"))
    })
}

/// Whether a line break between `before` and the word `next` ends a line of text. Templates
/// and editors also wrap running sentences with `<br>` ("used in a<br>fitness facility", "Hello,<br>my
/// name is"): a break before a lower-case word, after a comma, or between a word and a number
/// continues the sentence, and reads as a space.
fn ends_line(before: &str, next: &str) -> bool {
    let Some(prev) = before.chars().next_back() else { return false };
    let Some(first) = next.chars().next() else { return false };
    !(first.is_lowercase() || matches!(prev, ',' | ';') || (first.is_ascii_digit() && prev.is_alphabetic()))
}

pub(crate) fn is_block_tag(tag: &str) -> bool {
    BLOCK_TAGS.binary_search(&tag).is_ok()
}

/// Whether a tag is one of [`SILENT_TAGS`], and whether it starts a block ([`is_block_tag`]):
/// one lookup per element.
fn tag_kind(tag: &str) -> (bool, bool) {
    thread_local! {
        static KINDS: rustc_hash::FxHashMap<&'static str, (bool, bool)> =
            SILENT_TAGS.iter().chain(BLOCK_TAGS).map(|&t| (t, (SILENT_TAGS.contains(&t), is_block_tag(t)))).collect();
    }
    KINDS.with(|kinds| kinds.get(tag).copied().unwrap_or((false, false)))
}

/// Length in bytes of the run at the start of `s` of whitespace (`space`) or of other characters
/// (`char::is_whitespace`), reading ASCII byte by byte.
fn run_len(s: &str, space: bool) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let (white, len) = if b[i].is_ascii() {
            (matches!(b[i], b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or_default();
            (c.is_whitespace(), c.len_utf8())
        };
        if white != space {
            break;
        }
        i += len;
    }
    i
}

/// Whether text `next` from another element, run on straight after `before`, starts a word of
/// its own: a lower-case letter then a capital (`Publisher` + `Houghton`, `English` + `Year`). A
/// word split over elements for styling (a drop cap, `Mc` + `Donald` aside) goes on in lower case.
fn is_label_value_seam(before: &str, next: &str) -> bool {
    let (Some(a), Some(z)) = (before.chars().next_back(), next.chars().next()) else { return false };
    a.is_lowercase() && z.is_uppercase()
}

/// Per-node facts every later phase needs, computed once in document order.
pub(crate) struct Segmentation {
    pub(crate) blocks: Vec<Block>,
    /// For each node id, the block-level element that owns it (itself when it is one).
    /// (Four bytes a node, not a `NodeId`'s eight: see [`Segmentation::owner`].)
    owner: Vec<u32>,
    /// For each node id, 1 + the index in `blocks` of the block it owns, 0 if it owns none: four
    /// bytes a node, not an `Option<usize>`'s sixteen (see [`Segmentation::block_of`]).
    block_of: Vec<u32>,
}

impl Segmentation {
    /// The block-level element that owns `id` (itself when it is one).
    pub(crate) fn owner(&self, id: NodeId) -> NodeId {
        self.owner[id] as NodeId
    }

    /// The index in `blocks` of the block `id` owns, if it owns one.
    pub(crate) fn block_of(&self, id: NodeId) -> Option<usize> {
        self.block_of[id].checked_sub(1).map(|b| b as usize)
    }
}

pub(crate) fn segment(doc: &Document) -> Segmentation {
    let n = doc.len();
    // A page is at most 64 MiB: it never holds 2^32 nodes.
    let mut owner = vec![Document::ROOT as u32; n];
    let mut in_link = vec![false; n];
    // Text under these never forms a block: document head, scripts (JSON-LD), form option lists.
    let mut silent = vec![false; n];
    // 1 + the index in `blocks` of the block each node owns, 0 for none (as `Segmentation::block_of`).
    let mut block_of: Vec<u32> = vec![0; n];
    let mut blocks: Vec<Block> = Vec::new();
    // Whether the last character appended to a block was whitespace, for collapsing.
    let mut pending_space: Vec<bool> = Vec::new();
    // Whether that whitespace holds a line break.
    let mut pending_break: Vec<bool> = Vec::new();
    // Whether the last character appended to a block was link text (a space joins a link's words).
    let mut last_link: Vec<bool> = Vec::new();

    for id in doc.ids() {
        let parent = doc.parent(id).unwrap_or(Document::ROOT);
        match &doc.node(id).kind {
            NodeKind::Root => {}
            NodeKind::Element(e) => {
                let tag = &*e.tag;
                let (silent_tag, block_tag) = tag_kind(tag);
                silent[id] = silent[parent] || silent_tag || (tag == "a" && is_permalink_anchor(doc, id));
                owner[id] = if block_tag { id as u32 } else { owner[parent] };
                // A nested block ends the word before it in the enclosing block.
                if owner[id] as NodeId == id && owner[parent] as NodeId != Document::ROOT {
                    if let Some(b) = block_of[owner[parent] as NodeId].checked_sub(1) {
                        pending_space[b as usize] = true;
                    }
                }
                in_link[id] = tag == "a" || (in_link[parent] && owner[id] == owner[parent]);
                // Line breaks, images and a code highlighter's lines separate words inside one block.
                if (tag == "br" || tag == "img" || is_code_line(e)) && owner[id] as NodeId != Document::ROOT {
                    if let Some(b) = block_of[owner[id] as NodeId].checked_sub(1) {
                        pending_space[b as usize] = true;
                        pending_break[b as usize] |= tag != "img";
                    }
                }
            }
            NodeKind::Text(_) => {
                let t = doc.text(id).unwrap_or_default();
                let own = owner[parent] as NodeId;
                owner[id] = own as u32;
                if own == Document::ROOT || silent[parent] || t.trim().is_empty() && block_of[own] == 0 {
                    continue;
                }
                if block_of[own] == 0 {
                    let el = doc.element(own);
                    let tag = el.map(|e| &*e.tag).unwrap_or("");
                    let heading = match tag.as_bytes() {
                        [b'h', d @ b'1'..=b'6'] => d - b'0',
                        _ => 0,
                    };
                    blocks.push(Block {
                        node: own,
                        text: String::new(),
                        chars: 0,
                        link_chars: 0,
                        heading,
                        hidden: el.is_some_and(|e| e.hidden),
                        line_breaks: Vec::new(),
                        words: 0,
                        text_words: Default::default(),
                    });
                    pending_space.push(false);
                    pending_break.push(false);
                    last_link.push(false);
                    block_of[own] = blocks.len() as u32;
                }
                let b = block_of[own] as usize - 1;
                let link = in_link[parent];
                let block = &mut blocks[b];
                // Word by word: a run of whitespace is one pending space, a word is copied whole.
                block.text.reserve(t.len());
                let mut rest = t;
                // Templates print a label and its value in elements of their own, laid out apart by
                // CSS (`<span>Publisher</span><span>Penguin</span>`): the reader sees two words.
                if !pending_space[b] && is_label_value_seam(&block.text, rest) {
                    pending_space[b] = true;
                }
                while !rest.is_empty() {
                    let spaces = run_len(rest, true);
                    if spaces > 0 {
                        pending_space[b] = true;
                        rest = &rest[spaces..];
                        continue;
                    }
                    let end = run_len(rest, false);
                    let (word, after) = rest.split_at(end);
                    if pending_space[b] && !block.text.is_empty() {
                        if pending_break[b] && ends_line(&block.text, word) {
                            block.line_breaks.push(block.text.len() as u32);
                        }
                        block.text.push(' ');
                        block.chars += 1;
                        if link && last_link[b] {
                            block.link_chars += 1;
                        }
                    }
                    pending_space[b] = false;
                    pending_break[b] = false;
                    last_link[b] = link;
                    let n = word.chars().count();
                    block.text.push_str(word);
                    block.chars += n;
                    if link {
                        block.link_chars += n;
                    }
                    rest = after;
                }
            }
        }
    }
    // A block created by whitespace-only text before its first word stays empty: drop those.
    // In place, and what the list grew by and never used given back: on a table of a million
    // cells a second list of the blocks kept, beside the first, was 123 MB of the peak.
    blocks.retain(|b| b.chars > 0);
    blocks.shrink_to_fit();
    block_of.fill(0);
    for (k, b) in blocks.iter_mut().enumerate() {
        b.words = b.text.bytes().filter(|&c| c == b' ').count() as u32 + 1;
        block_of[b.node] = k as u32 + 1;
    }
    Segmentation { blocks, owner, block_of }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::dom::parse_html;

    #[test]
    fn block_tags_sorted() {
        let mut v = BLOCK_TAGS.to_vec();
        v.sort();
        assert_eq!(v, BLOCK_TAGS, "BLOCK_TAGS must stay sorted for binary search");
    }

    #[test]
    fn segments_inline_runs() {
        let d = parse_html("<div>Intro <b>bold</b><p>Para <a href=x>link</a> end</p>tail</div>").unwrap();
        let s = segment(&d);
        let texts: Vec<&str> = s.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["Intro bold tail", "Para link end"]);
        assert_eq!(s.blocks[1].link_chars, 4);
        assert_eq!(s.blocks.iter().map(|b| b.words()).collect::<Vec<_>>(), vec![3, 3]);
    }
}
