//! Block classification: every block of the page gets a label, a confidence and reasons.
//!
//! Phases, in the order [`classify`] runs them:
//! 1. [`blocks::segment`]: cut the page into paragraph-level blocks.
//! 2. [`stats`]: text and link characters per subtree (one reverse pass).
//! 3. [`region::main_region`]: find the article body, the container the page's prose lives in.
//! 4. [`zones::clutter_zones`]: containers that declare themselves clutter by tag, role, class/id
//!    words or by a section heading ("Most Popular"), never one that holds the article body.
//! 5. Label each block from its zone, its wording (calls to action) and where it sits.
//! 6. Context: the title, the standfirst between title and body, short blocks between content,
//!    byline and date lines above and under the text, copies of text shown already (carousel
//!    clones, screen-size variants).
//! 7. [`model`]: a small learned model reads each block's [`features`] (the rule verdicts among
//!    them) and has the last word on what is content.

pub mod blocks;
pub mod features;
pub mod model;
pub mod names;
pub mod readerable;
pub mod reason;
pub mod region;
pub mod report;
pub mod zones;

use crate::lexicon::{BYLINE_WORDS};
use crate::dom::{Document, NodeId};
use crate::page_kind::PageKind;
use crate::lexicon::contains_ignore_ascii_case;
pub use blocks::{Block, Segmentation};
pub use crate::label::Label;
pub use reason::{Evidence, Reason};
use crate::lexicon::{
    has_phrase, words_of_name, words_of_text, PhraseIndex, BYLINE_OPENERS, CODE_CLASS_WORDS, CALL_TO_ACTION_PHRASES, CTA_PANEL_BUTTONS, DATELINE_OPENERS, DATE_WORDS,
    MAX_CTA_CHARS, MAX_CTA_PANEL_BLOCKS, CTA_PANEL_GRID_DEPTH, MAX_CTA_PANEL_CHARS, MAX_CTA_PANEL_DEPTH, MAX_CTA_PANEL_SIBLINGS, MAX_CTA_PANEL_LINE_CHARS, MAX_DATELINE_WORDS, MAX_REPLY_SUBJECT_CHARS, REPLY_SUBJECT_OPENERS, MAX_DATE_LINE_OTHER_WORDS, MONTH_NAMES, READING_TIME_PHRASES,
};

/// The label of one block and why.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub label: Label,
    pub confidence: f32,
    pub reasons: Vec<Reason>,
}

impl Verdict {
    fn new(label: Label, confidence: f32, reasons: &[Reason]) -> Self {
        Verdict { label, confidence, reasons: reasons.to_vec() }
    }

    /// The verdict's first (strongest) reason.
    fn first_reason(&self) -> Option<Reason> {
        self.reasons.first().copied()
    }
}

/// Per-subtree character counts, indexed by node id.
pub struct Stats {
    /// Characters of block text in the subtree (visible blocks only).
    pub chars: Vec<u32>,
    pub link_chars: Vec<u32>,
}

impl Stats {
    pub fn link_density(&self, id: NodeId) -> f32 {
        if self.chars[id] == 0 {
            0.0
        } else {
            self.link_chars[id] as f32 / self.chars[id] as f32
        }
    }
}

fn stats(doc: &Document, seg: &Segmentation) -> Stats {
    let n = doc.len();
    let mut chars = vec![0u32; n];
    let mut link_chars = vec![0u32; n];
    for b in seg.blocks.iter().filter(|b| !b.hidden) {
        chars[b.node] += b.chars as u32;
        link_chars[b.node] += b.link_chars as u32;
    }
    // Children have larger ids than their parents: one reverse pass sums every subtree.
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id) {
            chars[p] += chars[id];
            link_chars[p] += link_chars[id];
        }
    }
    Stats { chars, link_chars }
}

/// The whole classification of a page.
pub struct Classification {
    pub seg: Segmentation,
    pub verdicts: Vec<Verdict>,
    /// Roots of the article body region, in document order.
    pub main: Vec<NodeId>,
    /// The block holding the article's title heading, if one was found.
    pub title_block: Option<usize>,
    /// For each node id: the clutter zone it lies in.
    pub zone: Vec<Option<zones::Zone>>,
}

impl Classification {
    pub fn content_blocks(&self) -> impl Iterator<Item = (usize, &Block)> {
        self.seg.blocks.iter().enumerate().filter(|(i, _)| self.verdicts[*i].label.is_content())
    }
}

/// Classifies every block of `doc`. `title` is the article title found in the page's metadata,
/// used to recognise the headline among the headings.
pub fn classify(doc: &Document, known: &Known) -> Classification {
    thread_local! {
        static MODEL: model::Model = model::Model::built_in();
    }
    MODEL.with(|m| classify_with(doc, known, Some(m)).0)
}

/// What the metadata reader already knows about the page, which the classifier uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// The article title, to recognise the headline among the headings.
    pub title: Option<&'a str>,
    /// The byline, to recognise the byline line at the top of the body.
    pub byline: Option<&'a str>,
    /// The description the page declares, to recognise the standfirst under the headline.
    pub description: Option<&'a str>,
    /// What the page declares it is (a product, a discussion).
    pub kind: PageKind,
}

/// [`classify`] with a given model (`None`: the rules alone), also returning every block's
/// features and whether the model decides it, for training and evaluating a model.
pub fn classify_with(
    doc: &Document,
    known: &Known,
    model: Option<&model::Model>,
) -> (Classification, Vec<[f32; features::COUNT]>, Vec<bool>) {
    // 1. Blocks.
    let seg = blocks::segment(doc);
    // 2. Subtree statistics, and what every element's class and id say.
    let st = stats(doc, &seg);
    let names = names::Names::read(doc);
    // 3. The article body.
    let main = region::main_region(doc, &seg, &st, &names, known.kind);
    let mut in_main = vec![false; doc.len()];
    for &m in &main {
        for flag in &mut in_main[m..doc.subtree_end(m)] {
            *flag = true;
        }
    }
    // 4. Clutter zones (customer reviews are found by their star ratings too).
    let rated_reviews = region::rated_reviews(doc, &seg, &names);
    let zone = zones::clutter_zones(doc, &seg, &st, &names, &main, known.kind, &rated_reviews);
    // 5. A label per block.
    let mut verdicts: Vec<Verdict> =
        seg.blocks.iter().map(|b| first_verdict(doc, b, zone[b.node].as_ref(), in_main[b.node])).collect();
    // 6. Context.
    let title_block = find_title_block(&seg, &verdicts, &zone, known.title);
    apply_context(doc, &seg, &mut verdicts, &zone, title_block);
    mark_byline(&seg, &mut verdicts, title_block, known.byline);
    mark_datelines(&seg, &mut verdicts, title_block);
    mark_kicker(&seg, &mut verdicts, title_block);
    mark_standfirst(&seg, &mut verdicts, title_block, known.description);
    mark_repeats(doc, &seg, &mut verdicts, known.kind);
    mark_grid_cards(doc, &seg, &mut verdicts, &region::grid_cards(doc, &seg, &st, &main));
    // 7. The learned model.
    let main_chars: u32 = main.iter().map(|&m| st.chars[m]).sum();
    // Blocks the model cannot overrule are not scored (training wants every block's features).
    let zone_label = |i: usize| zone[seg.blocks[i].node].map(|z| z.label);
    let scored: Vec<bool> = (0..seg.blocks.len())
        .map(|i| {
            let b = &seg.blocks[i];
            !b.hidden
                && Some(i) != title_block
                && verdicts[i].first_reason().is_none_or(|r| !r.is_final())
                && model::may_change(&verdicts[i], zone_label(i), b.words())
                // Code in the body is content on documentation pages, however unlike prose it looks
                // (a `pre`, or a highlighter's line inside one), and so is a figure's or a table's caption.
                && !(verdicts[i].label.is_content() && (is_code(doc, b.node) || is_caption(doc, b.node)))
        })
        .collect();
    let wanted = |i: usize| model.is_none() || scored[i];
    let feats = features::block_features(doc, &seg, &st, &names, &verdicts, &zone, &in_main, main_chars, title_block, wanted);
    if let Some(m) = model {
        for i in (0..seg.blocks.len()).filter(|&i| scored[i]) {
            verdicts[i] = model::decide(m, &feats[i], &verdicts[i], zone_label(i));
        }
    }
    // 8. Call-to-action panels in the body; a thread's post headers.
    if !known.kind.discussion && !known.kind.product && !known.kind.landing {
        mark_cta_panels(doc, &seg, &mut verdicts, title_block);
    }
    if known.kind.discussion {
        keep_post_headers(doc, &seg, &mut verdicts, &zone, &in_main);
    }
    (Classification { seg, verdicts, main, title_block, zone }, feats, scored)
}


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
fn mark_cta_panels(doc: &Document, seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>) {
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
fn keep_post_headers(doc: &Document, seg: &Segmentation, verdicts: &mut [Verdict], zone: &[Option<zones::Zone>], in_main: &[bool]) {
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

/// A button says what it does, at most this long; it is never article text.
const MAX_CONTROL_CHARS: usize = 60;


/// The lines of the cards of a listing's item grid ([`region::grid_cards`]) that the body holds:
/// the model, which learned that short repeated lines are clutter, does not revisit them.
fn mark_grid_cards(doc: &Document, seg: &Segmentation, verdicts: &mut [Verdict], cards: &[bool]) {
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

/// A block that is nothing but a URL (an image address printed by a template, a raw link).
fn is_bare_url(text: &str) -> bool {
    let t = text.trim();
    !t.contains(' ') && (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
}

/// A row of numbered links has at least this many numbers, this share of its words, and at least
/// this share of link text (the separators and a label are not links).
const MIN_NUMBER_LINKS: usize = 5;
const MIN_NUMBER_SHARE: f32 = 0.6;
const MIN_NUMBER_LINK_DENSITY: f32 = 0.25;

/// A row of links that are numbers: a documentation's version picker ("Unsupported versions:
/// 13 / 12 / 11 / 10 / 9.6"), a pager ("1 2 3 ... 12 Next"). Never article text; a code
/// listing's linked line numbers are the listing's.
fn is_number_links(doc: &Document, b: &Block) -> bool {
    if b.link_density() < MIN_NUMBER_LINK_DENSITY || is_code(doc, b.node) {
        return false;
    }
    let separator = |c: char| c.is_whitespace() || matches!(c, '/' | '|' | '(' | ')' | '·' | '•');
    let words: Vec<&str> = b.text.split(separator).filter(|w| !w.is_empty()).collect();
    let number = |w: &&str| w.bytes().all(|c| c.is_ascii_digit() || c == b'.') && w.bytes().any(|c| c.is_ascii_digit());
    let numbers = words.iter().filter(|w| number(w)).count();
    numbers >= MIN_NUMBER_LINKS && numbers as f32 >= MIN_NUMBER_SHARE * words.len() as f32
}


/// A forum reply's subject line ("Re: Discuss the 7.1.0 release here"): the thread's title
/// repeated over every reply, not what the reply says.
fn is_reply_subject(text: &str) -> bool {
    let t = text.trim_start();
    t.len() <= MAX_REPLY_SUBJECT_CHARS
        && REPLY_SUBJECT_OPENERS.iter().any(|p| t.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))
}

/// How far up a `button` element is looked for: frameworks wrap a button's label in a span or two.
const MAX_BUTTON_LABEL_DEPTH: usize = 3;

/// A button, an element scripted to act as one, or the label inside a button
/// (`<button><span><div>View as Markdown</div></span></button>`).
fn is_control(doc: &Document, node: NodeId) -> bool {
    doc.element(node).is_some_and(|e| e.is("button") || e.attr("role").is_some_and(|r| r.trim() == "button"))
        || doc.ancestors(node).take(MAX_BUTTON_LABEL_DEPTH).any(|a| doc.tag(a) == "button")
}

/// Is this short text a call to action ("Free Download", "Watch now")?
pub fn is_call_to_action(text: &str) -> bool {
    short_enough_for_cta(text) && is_cta_wording(&words_of_text(text))
}

/// [`is_call_to_action`] for a block's text, its words worked out once.
pub fn block_is_call_to_action(b: &Block) -> bool {
    short_enough_for_cta(&b.text) && is_cta_wording(b.text_words())
}

/// Bounded: most blocks are paragraphs, ruled out after MAX_CTA_CHARS characters.
fn short_enough_for_cta(text: &str) -> bool {
    text.len() <= 4 * MAX_CTA_CHARS && text.chars().nth(MAX_CTA_CHARS).is_none()
}

/// Whether these words ([`words_of_text`]) are a call to action, give or take two words.
fn is_cta_wording(w: &str) -> bool {
    thread_local! {
        static INDEX: PhraseIndex = PhraseIndex::new(CALL_TO_ACTION_PHRASES.iter().copied());
    }
    let n = w.split(' ').count();
    INDEX.with(|index| index.find(w, |k| n <= CALL_TO_ACTION_PHRASES[k].split(' ').count() + 2)).is_some()
}

fn first_verdict(doc: &Document, b: &Block, zone: Option<&zones::Zone>, in_main: bool) -> Verdict {
    if b.hidden {
        return Verdict::new(Label::Other, 0.95, &[Reason::Hidden]);
    }
    let actionable = b.link_density() >= 0.5 || doc.tag(b.node) == "button";
    // A "Contact us" link in the footer or the menu is part of that chrome, not a promotion.
    let chrome = zone.is_some_and(|z| matches!(z.label, Label::Navigation | Label::Footer));
    if block_is_call_to_action(b) && (actionable || zone.is_some()) && !chrome {
        let mut v = Verdict::new(Label::CallToAction, 0.85, &[Reason::CtaWording]);
        if let Some(z) = zone {
            v.reasons.push(Reason::Zone(z.reason));
        }
        return v;
    }
    if let Some(z) = zone {
        return Verdict { label: z.label, confidence: z.confidence, reasons: vec![Reason::Zone(z.reason)] };
    }
    if is_bare_url(&b.text) {
        return Verdict::new(Label::Other, 0.8, &[Reason::BareUrl]);
    }
    if is_number_links(doc, b) {
        return Verdict::new(Label::Navigation, 0.8, &[Reason::NumberLinks]);
    }
    if is_reply_subject(&b.text) {
        return Verdict::new(Label::Other, 0.8, &[Reason::ReplySubject]);
    }
    if is_control(doc, b.node) && b.chars <= MAX_CONTROL_CHARS {
        return Verdict::new(Label::Other, 0.8, &[Reason::Control]);
    }
    if in_main {
        let ld = b.link_density();
        if ld > 0.6 && b.chars < 120 {
            return Verdict::new(Label::Content, 0.55, &[Reason::MainRegion, Reason::LinkDense]);
        }
        return Verdict::new(Label::Content, 0.8, &[Reason::MainRegion]);
    }
    if b.link_density() >= 0.5 {
        return Verdict::new(Label::Navigation, 0.6, &[Reason::OutsideMain, Reason::LinkDense]);
    }
    Verdict::new(Label::Other, 0.6, &[Reason::OutsideMain])
}

/// The headline: the heading whose words are the metadata title's (or contain it, or are
/// contained in it), preferring `h1`; without metadata, the first visible `h1`.
fn find_title_block(
    seg: &Segmentation,
    verdicts: &[Verdict],
    zone: &[Option<zones::Zone>],
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


pub fn is_byline_like(doc: &Document, node: NodeId) -> bool {
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
const MAX_BYLINE_LINE_CHARS: usize = 100;
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
/// Whether `node` is (or lies in) a figure's or a table's caption: short and unlike prose, but the
/// figure's own.
fn is_caption(doc: &Document, node: NodeId) -> bool {
    std::iter::once(node).chain(doc.ancestors(node)).take(MAX_CAPTION_DEPTH).any(|a| CAPTION_TAGS.contains(&doc.tag(a)))
}
/// Tags of captions.
const CAPTION_TAGS: &[&str] = &["figcaption", "caption"];
/// How far up a caption is looked for (a caption's credit line sits in a `span` of its own).
const MAX_CAPTION_DEPTH: usize = 3;
/// Tags of code, whose lines repeat from sample to sample.
const CODE_TAGS: &[&str] = &["pre", "code"];
/// How far up a code element is looked for (highlighters nest each line a few levels deep).
const MAX_CODE_DEPTH: usize = 6;
/// The byline area between the headline and the text, or under the text, holds at most this many
/// blocks (the byline, the date, the reading time, a share line, the standfirst, the tags).
const MAX_BYLINE_AREA_BLOCKS: usize = 8;
/// A kicker names the section in a few words.
const MAX_KICKER_WORDS: usize = 4;

/// The byline line at the top of the body ("January 19, 2024 By Daniel Mensah"): the reader shows
/// the byline apart, above the text, so the line is not article text. It is the first short block
/// after the headline, before the first paragraph of prose, that holds the byline the metadata
/// found (JSON-LD author, `rel=author`, a `byline` class).
fn mark_byline(seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>, byline: Option<&str>) {
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
fn mark_datelines(seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>) {
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
enum DatelineKind {
    /// "By Jane Doe", "Posted by ...", "5 min read".
    Byline,
    /// "Posted on ...", "Last updated: ...".
    Stamp,
    /// Nothing but a date, maybe with a word or two ("Updated on", "2 days ago").
    Date,
}

fn dateline_kind(text: &str) -> Option<DatelineKind> {
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
fn mark_kicker(seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>) {
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
fn mark_standfirst(seg: &Segmentation, verdicts: &mut [Verdict], title_block: Option<usize>, description: Option<&str>) {
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
fn mark_repeats(doc: &Document, seg: &Segmentation, verdicts: &mut [Verdict], kind: PageKind) {
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

/// Whether `node` is code or lies in code (within [`MAX_CODE_DEPTH`] levels).
fn is_code(doc: &Document, node: NodeId) -> bool {
    let code_class = |a: NodeId| {
        doc.element(a).and_then(|e| e.attr("class")).is_some_and(|c| {
            // A phrase's first word is in the value as it is, ASCII case aside (a name's words
            // are runs of its letters and digits): most classes are ruled out without splitting.
            let first_word = |w: &&str| contains_ignore_ascii_case(c, w.split(' ').next().unwrap_or(w));
            CODE_CLASS_WORDS.iter().any(|w| first_word(w)) && {
                let words = words_of_name(c);
                CODE_CLASS_WORDS.iter().any(|w| has_phrase(&words, w))
            }
        })
    };
    std::iter::once(node).chain(doc.ancestors(node)).take(MAX_CODE_DEPTH).any(|a| CODE_TAGS.contains(&doc.tag(a)) || code_class(a))
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

fn apply_context(
    doc: &Document,
    seg: &Segmentation,
    verdicts: &mut [Verdict],
    zone: &[Option<zones::Zone>],
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::dom::html::parse_html;

    #[test]
    fn a_threads_post_headers_are_read() {
        let doc = parse_html(
            r#"<div class="topic"><div class="post"><div class="head"><h4>jdoe</h4><p>1 Jul 2024</p></div><p>First post.</p><p>2 Likes</p></div><div class="post"><div class="head"><p>asmith April 26, 2024, 6:28am 2</p></div><p>A reply.</p></div></div>"#,
        )
        .unwrap();
        let seg = blocks::segment(&doc);
        // As the model leaves them: nothing read.
        let mut verdicts = vec![Verdict::new(Label::Other, 0.6, &[Reason::Model(0.5)]); seg.blocks.len()];
        keep_post_headers(&doc, &seg, &mut verdicts, &vec![None; doc.len()], &vec![true; doc.len()]);
        let read: Vec<&str> = (0..seg.blocks.len()).filter(|&i| verdicts[i].label.is_content()).map(|i| seg.blocks[i].text.trim()).collect();
        assert_eq!(read, ["jdoe", "1 Jul 2024", "asmith April 26, 2024, 6:28am 2"], "not the reactions under the post before");
    }
}
