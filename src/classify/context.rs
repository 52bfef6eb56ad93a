//! Phase 6 of [`super::classify`]: context. A block's neighbours and its place around the
//! headline change what it is: the headline is content and the standfirst under it too, short
//! lines between content are content, byline and date lines at the edges of the text and the
//! kicker above the headline are not, copies of text shown already (carousel clones,
//! screen-size variants) are not, and the lines of a listing's cards are.

use super::blocks::{self, Segmentation};
use super::rules::{block_is_call_to_action, is_code, is_control, CODE_TAGS};
use super::zones::Zones;
use super::{Label, Reason, Verdict};
use crate::dom::{Document, NodeId};
use crate::lexicon::{
    has_phrase, words_of_name, words_of_text, BYLINE_OPENERS, BYLINE_WORDS, DATELINE_OPENERS, DATE_WORDS, MAX_DATELINE_WORDS,
    MAX_DATE_LINE_OTHER_WORDS, MONTH_NAMES, READING_TIME_PHRASES,
};
use crate::page_kind::PageKind;

/// The lines of the cards of a listing's item grid ([`super::region::grid_cards`]) that the body holds:
/// the model, which learned that short repeated lines are clutter, does not revisit them.
pub(super) fn mark_grid_cards(doc: &Document, seg: &Segmentation, verdicts: &mut [Verdict], cards: &[bool]) {
    for (i, b) in seg.blocks.iter().enumerate() {
        let v = &verdicts[i];
        // A card's name, and its figures: a price, a rating, a date.
        let data = b.heading > 0 || b.text.contains(|c: char| c.is_ascii_digit());
        if cards[b.node]
            && data
            && v.label.is_content()
            && v.first_reason() == Some(Reason::MainRegion)
            && !is_control(doc, b.node)
            && !block_is_call_to_action(b)
        {
            verdicts[i] = Verdict::new(Label::Content, 0.8, &[Reason::GridCard]);
        }
    }
}

/// The headline: the heading whose words are the metadata title's (or contain it, or are
/// contained in it), preferring `h1`; without metadata, the first visible `h1`.
pub(super) fn find_title_block(
    seg: &Segmentation,
    verdicts: &[Verdict],
    zone: &Zones,
    title: Option<&str>,
) -> Option<usize> {
    let want = title.map(words_of_text).filter(|t| t.len() >= 3);
    let candidates = seg
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| b.heading > 0 && !b.hidden && zone[b.node].is_none() && verdicts[*i].label != Label::CallToAction);
    let mut best: Option<(usize, u32)> = None;
    for (i, b) in candidates {
        let w = b.text_words();
        let rank = match &want {
            Some(t) if *t == w => 3,
            Some(t) if w.len() >= 10 && (t.contains(w) || w.contains(t.as_str())) => 2,
            None if b.heading == 1 => 1,
            _ => 0,
        };
        if rank == 0 {
            continue;
        }
        // Prefer a better match, then h1 over h2, then the first.
        let key = rank * 10 + (7 - b.heading as u32);
        if best.is_none_or(|(_, k)| key > k) {
            best = Some((i, key));
        }
    }
    best.map(|(i, _)| i)
}

pub(crate) fn is_byline_like(doc: &Document, node: NodeId) -> bool {
    std::iter::once(node).chain(doc.ancestors(node)).take(3).any(|id| {
        let Some(e) = doc.element(id) else { return false };
        if e.is("time") || e.is("address") {
            return true;
        }
        let names = words_of_name(&format!("{} {}", e.attr("class").unwrap_or(""), e.attr("id").unwrap_or("")));
        BYLINE_WORDS.iter().any(|w| has_phrase(&names, w))
    })
}

/// A byline line is at most this long ("By Jane Doe | Updated 24 May 2024 | 5 min read").
pub(super) const MAX_BYLINE_LINE_CHARS: usize = 100;

/// A repeated block is at least this long: short labels ("Size", "Add to cart") repeat by nature.
const MIN_REPEAT_CHARS: usize = 40;

/// A repeat this long is a copy even alone: pages repeat a sentence on purpose, not a paragraph.
const MIN_LONE_REPEAT_CHARS: usize = 150;

/// A line on the page this many times or more, each copy in an entry of its own (a line no
/// other block repeats lies between two copies), is a line every card of a grid carries.
const MIN_CARD_LINE_COPIES: u32 = 4;

/// A card's line is a label or a one-line blurb; a paragraph repeated so is quoted (a forum's
/// replies quoting the opening post).
const MAX_CARD_LINE_CHARS: usize = 100;

/// At most this share of a card's own line is link text.
const MAX_CARD_LINE_LINK_DENSITY: f32 = 0.5;

/// The byline area between the headline and the text, or under the text, holds at most this many
/// blocks (the byline, the date, the reading time, a share line, the standfirst, the tags).
const MAX_BYLINE_AREA_BLOCKS: usize = 8;

/// A kicker names the section in a few words.
const MAX_KICKER_WORDS: usize = 4;

/// The byline line at the top of the body ("January 19, 2024 By Daniel Mensah"): the reader shows
/// the byline apart, above the text, so the line is not article text. It is the first short block
/// after the headline, before the first paragraph of prose, that holds the byline the metadata
/// found (JSON-LD author, `rel=author`, a `byline` class).
pub(super) fn mark_byline(seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>, byline: Option<&str>) {
    let Some(name) = byline.map(words_of_text).filter(|w| w.len() >= 3) else { return };
    let start = title_block.map_or(0, |t| t + 1);
    for (i, b) in seg.blocks.iter().enumerate().skip(start) {
        if b.hidden || !verdicts[i].label.is_content() {
            continue;
        }
        if b.chars > MAX_BYLINE_LINE_CHARS {
            break; // the prose has begun
        }
        if b.heading == 0 && has_phrase(b.text_words(), &name) {
            verdicts[i] = Verdict::new(Label::Other, 0.8, &[Reason::Byline]);
            break;
        }
    }
}

/// Byline and date lines around the text without the metadata's byline: at the top ("Posted: 2
/// days ago", "January 22nd, 2019", "By Kyle Howells · 15 min read"), the short content blocks
/// after the headline, before the first paragraph of prose; at the end ("Written by Jane Doe",
/// "Tags:"), those after the last paragraph. Each is only a date, a reading time or opens like a
/// byline. Link lists are left alone (a thread's post dates link to each post).
pub(super) fn mark_datelines(seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>) {
    let start = title_block.map_or(0, |t| t + 1);
    let content: Vec<usize> =
        (start..seg.blocks.len()).filter(|&i| !seg.blocks[i].hidden && verdicts[i].label.is_content()).collect();
    // A heading at the top may be a date (a diary entry's), not a byline; at the end it signs off.
    // A date at the end may be the last post's in a thread, or a manual's revision date.
    mark_byline_area(seg, verdicts, content.iter().copied(), &[DatelineKind::Byline, DatelineKind::Stamp, DatelineKind::Date], false);
    mark_byline_area(seg, verdicts, content.iter().rev().copied(), &[DatelineKind::Byline], true);
}

/// Walks `blocks` from the edge of the text inwards and, once a paragraph of prose comes within
/// [`MAX_BYLINE_AREA_BLOCKS`], turns away the byline and date lines passed on the way. Without
/// prose near the edge the page is a listing or a shop page, whose dates and "By" lines are its
/// content.
fn mark_byline_area(
    seg: &Segmentation,
    verdicts: &mut [Verdict],
    blocks: impl Iterator<Item = usize>,
    kinds: &[DatelineKind],
    heading_bylines: bool,
) {
    let mut lines = Vec::new();
    for i in blocks.take(MAX_BYLINE_AREA_BLOCKS) {
        let b = &seg.blocks[i];
        if b.chars > MAX_BYLINE_LINE_CHARS && b.heading == 0 {
            for &i in &lines {
                verdicts[i] = Verdict::new(Label::Other, 0.75, &[Reason::Byline]);
            }
            return;
        }
        let line = match dateline_kind(&b.text).filter(|k| kinds.contains(k)) {
            None => false,
            Some(DatelineKind::Byline | DatelineKind::Stamp) => b.heading == 0 || heading_bylines,
            Some(DatelineKind::Date) => b.link_density() < 0.5,
        };
        if line {
            lines.push(i);
        }
    }
}

/// What a short line at the edge of the text is, if it is a byline or date line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DatelineKind {
    /// "By Jane Doe", "Posted by ...", "5 min read".
    Byline,
    /// "Posted on ...", "Last updated: ...".
    Stamp,
    /// Nothing but a date, maybe with a word or two ("Updated on", "2 days ago").
    Date,
}

pub(super) fn dateline_kind(text: &str) -> Option<DatelineKind> {
    let words = words_of_text(text);
    let tokens: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
    if tokens.is_empty() {
        return None;
    }
    let opens = |p: &&str| words.strip_prefix(*p).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '));
    let line = tokens.len() <= MAX_DATELINE_WORDS;
    if (line && BYLINE_OPENERS.iter().any(opens)) || READING_TIME_PHRASES.iter().any(|p| has_phrase(&words, p)) {
        return Some(DatelineKind::Byline);
    }
    if line && DATELINE_OPENERS.iter().any(opens) {
        return Some(DatelineKind::Stamp);
    }
    let number = |t: &&str| t.starts_with(|c: char| c.is_ascii_digit());
    let numbers = tokens.iter().filter(|t| number(t)).count();
    let months = tokens.iter().filter(|t| MONTH_NAMES.contains(t)).count();
    let others = tokens.len() - numbers - months - tokens.iter().filter(|t| DATE_WORDS.contains(t)).count();
    let ago = tokens.len() <= 4 && tokens.last() == Some(&"ago") && numbers > 0;
    // All numbers: a day, a month and a year (`2025-12-12`, `6/2/2025`), not a price (`3,665.00`).
    let year = |t: &&str| t.len() == 4 && (t.starts_with("19") || t.starts_with("20")) && t.bytes().all(|c| c.is_ascii_digit());
    let numeric = numbers >= 3 && tokens.iter().filter(|t| number(t)).all(|t| t.len() <= 2 || year(t));
    let date = (months > 0 && numbers > 0) || (numeric && tokens.iter().any(year));
    (ago || (date && others <= MAX_DATE_LINE_OTHER_WORDS)).then_some(DatelineKind::Date)
}

/// The kicker just above the headline ("Data centres", "Opinion"): a link to the section the
/// story is filed in, not part of the story.
pub(super) fn mark_kicker(seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>) {
    let Some(t) = title_block else { return };
    let Some(i) = (0..t).rev().find(|&i| !seg.blocks[i].hidden) else { return };
    let b = &seg.blocks[i];
    if verdicts[i].label.is_content() && b.heading == 0 && b.link_density() >= 0.9 && b.words() <= MAX_KICKER_WORDS {
        verdicts[i] = Verdict::new(Label::Navigation, 0.7, &[Reason::SectionLink]);
    }
}

/// The standfirst is among this many visible blocks under the headline (a kicker, a byline and a
/// date line may come first).
const MAX_STANDFIRST_DISTANCE: usize = 4;

/// The standfirst under the headline ("Tightened export restrictions leave ByteDance considering
/// other options"): a line that says what the page declares as its description (`og:description`,
/// JSON-LD `description`). It is the article's own summary, however unlike the body's paragraphs
/// it looks, so the model does not turn it away.
pub(super) fn mark_standfirst(seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>, description: Option<&str>) {
    let (Some(t), Some(d)) = (title_block, description) else { return };
    let same = |text: &str| text.split_whitespace().eq(d.split_whitespace());
    let near = (t + 1..seg.blocks.len()).filter(|&i| !seg.blocks[i].hidden).take(MAX_STANDFIRST_DISTANCE);
    for i in near {
        let b = &seg.blocks[i];
        if b.heading == 0 && b.link_density() < 0.5 && same(&b.text) {
            verdicts[i] = Verdict::new(Label::Content, 0.8, &[Reason::Standfirst]);
            return;
        }
    }
}

/// A content block that repeats an earlier content block word for word, next to another block
/// that does: a carousel's cloned slides, a second copy of a description for another screen
/// size, a testimonial slider that loops. The reader shows the text once. A lone short repeat is
/// kept: references and service pages repeat one sentence on purpose (a parameter described in
/// every method that takes it).
pub(super) fn mark_repeats(doc: &Document, seg: &Segmentation, verdicts: &mut [Verdict], kind: PageKind) {
    let product_page = kind.product;
    let mut first: rustc_hash::FxHashMap<&str, usize> = Default::default();
    // A thread's replies quote the posts before them line by line: those are copies.
    let card_lines = if kind.discussion { vec![false; seg.blocks.len()] } else { card_lines(seg) };
    // Visible content blocks, and whether each repeats an earlier one from another container
    // (paragraphs of one container that say the same thing are the author's; a copy sits in a
    // container of its own: a slide, a screen-size variant). A line each card of a grid carries
    // ("Available in other styles", the range a product belongs to) is each card's own.
    let mut echoes: Vec<(usize, bool)> = Vec::new();
    for (i, b) in seg.blocks.iter().enumerate() {
        if b.hidden || !verdicts[i].label.is_content() || b.text.trim().is_empty() {
            continue;
        }
        let original = *first.entry(b.text.trim()).or_insert(i);
        let echo = original != i && doc.parent(seg.blocks[original].node) != doc.parent(b.node) && !card_lines[i];
        echoes.push((i, echo));
    }
    let mut code_panels = Default::default();
    for (k, &(i, echo)) in echoes.iter().enumerate() {
        let b = &seg.blocks[i];
        // Headings and list items repeat legitimately: a story's title in a feed and in a
        // featured box, a feature shared by two service packages. A product page's second copy
        // of its bullet list (for another screen size, or in a "details" tab) is a copy.
        if !echo || b.chars < MIN_REPEAT_CHARS || b.heading > 0 || (doc.tag(b.node) == "li" && !product_page) {
            continue;
        }
        let in_run = (k > 0 && echoes[k - 1].1) || echoes.get(k + 1).is_some_and(|e| e.1);
        // Code samples repeat their boilerplate lines (one sample per language).
        if (in_run || b.chars >= MIN_LONE_REPEAT_CHARS) && !is_code(doc, b.node) && !in_code_tab_panel(doc, b.node, &mut code_panels) {
            verdicts[i] = Verdict::new(Label::Other, 0.8, &[Reason::Repeat]);
        }
    }
}

/// Which visible blocks are a line every card of a grid carries: a text on the page at least
/// [`MIN_CARD_LINE_COPIES`] times, with a block whose text is on the page once (the card's own
/// name) between this copy and the one before. A section copied whole (a slide, a screen-size
/// variant) has no such block between its copies: each of its lines is there twice.
fn card_lines(seg: &Segmentation) -> Vec<bool> {
    let text = |i: usize| Some(seg.blocks[i].text.trim()).filter(|t| !seg.blocks[i].hidden && !t.is_empty());
    let mut copies: rustc_hash::FxHashMap<&str, u32> = Default::default();
    for t in (0..seg.blocks.len()).filter_map(text) {
        *copies.entry(t).or_default() += 1;
    }
    // Per text: how many once-only blocks had been seen at its previous copy.
    let mut seen_at_last: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut once_seen = 0u32;
    let mut card_line = vec![false; seg.blocks.len()];
    for i in 0..seg.blocks.len() {
        let Some(t) = text(i) else { continue };
        let n = copies[t];
        if n == 1 {
            once_seen += 1;
            continue;
        }
        if let Some(last) = seen_at_last.insert(t, once_seen) {
            card_line[i] = n >= MIN_CARD_LINE_COPIES && once_seen > last && is_card_line(&seg.blocks[i]);
        }
    }
    card_line
}

/// A card's own line is short plain text; a link repeated in each card (its category trail, a
/// partner's offer) points away from it.
fn is_card_line(b: &blocks::Block) -> bool {
    b.chars <= MAX_CARD_LINE_CHARS && b.link_density() < MAX_CARD_LINE_LINK_DENSITY
}

/// Whether `node` lies in a tab panel (`role="tabpanel"`) that holds code: documentation shows
/// the same steps once per language or platform, and their shared sentences are each version's
/// own (the reader shows every panel, see `dom::reveal_disclosure_panels`). Tabs of a shop or a
/// service page repeat their copy for each screen size instead. `panels` caches the verdict
/// per panel (each is looked through once).
fn in_code_tab_panel(doc: &Document, node: NodeId, panels: &mut rustc_hash::FxHashMap<NodeId, bool>) -> bool {
    let is_panel = |a: NodeId| doc.element(a).and_then(|e| e.attr("role")).is_some_and(|r| r.trim().eq_ignore_ascii_case("tabpanel"));
    let Some(p) = doc.ancestors(node).find(|&a| is_panel(a)) else { return false };
    *panels.entry(p).or_insert_with(|| (p + 1..doc.subtree_end(p)).any(|d| CODE_TAGS.contains(&doc.tag(d))))
}

pub(super) fn apply_context(
    doc: &Document,
    seg: &Segmentation,
    verdicts: &mut [Verdict],
    zone: &Zones,
    title_block: Option<usize>,
) {
    let blocks = &seg.blocks;
    // The headline is content (the reader shows it as the title).
    if let Some(t) = title_block {
        verdicts[t] = Verdict::new(Label::Content, 0.9, &[Reason::Title]);
        // Between the headline and the body: the standfirst and subheadings, not bylines.
        let first_body = (t + 1..blocks.len()).find(|&i| verdicts[i].label.is_content());
        if let Some(end) = first_body {
            for i in t + 1..end {
                let b = &blocks[i];
                let prose = b.words() >= 6 || b.heading > 0;
                if !b.hidden
                    && zone[b.node].is_none()
                    && verdicts[i].label == Label::Other
                    && b.link_density() < 0.3
                    && prose
                    && !is_byline_like(doc, b.node)
                {
                    verdicts[i] = Verdict::new(Label::Content, 0.7, &[Reason::BetweenTitleAndBody]);
                }
            }
        }
    }
    // A short unzoned block between two content blocks reads as part of them (a caption, a
    // one-line paragraph, a subheading), unless it is a link list item, a bare URL (a
    // template printing its image fields: `cat_thumb_Navy:` then the image's address), a row
    // of numbered links, a reply's subject line or a button's label ("Add to bag" between the
    // price and the delivery options).
    let visible: Vec<usize> = (0..blocks.len()).filter(|&i| !blocks[i].hidden).collect();
    for w in visible.windows(3) {
        let (a, i, c) = (w[0], w[1], w[2]);
        let b = &blocks[i];
        if verdicts[a].label.is_content()
            && verdicts[c].label.is_content()
            && !verdicts[i].label.is_content()
            && zone[b.node].is_none()
            && verdicts[i].label != Label::CallToAction
            && verdicts[i].first_reason().is_none_or(|r| ![Reason::BareUrl, Reason::NumberLinks, Reason::ReplySubject, Reason::Control].contains(&r))
            && b.link_density() < 0.5
            && Some(a) != title_block
        {
            verdicts[i] = Verdict::new(Label::Content, 0.6, &[Reason::BetweenContent]);
        }
    }
    // A heading just before the body's first block introduces it (a reply's subject line
    // introduces the reply's text, but only repeats the thread's title).
    for i in 0..blocks.len().saturating_sub(1) {
        let b = &blocks[i];
        if b.heading > 0
            && !b.hidden
            && zone[b.node].is_none()
            && verdicts[i].label == Label::Other
            && verdicts[i].first_reason() != Some(Reason::ReplySubject)
            && verdicts[i + 1].label.is_content()
            && Some(i + 1) != title_block
            && verdicts[i + 1].reasons.contains(&Reason::MainRegion)
        {
            verdicts[i] = Verdict::new(Label::Content, 0.6, &[Reason::HeadingOfContent]);
        }
    }
}
