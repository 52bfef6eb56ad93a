//! Numeric features of each block, for the learned content model ([`super::model`]).
//!
//! They describe the block's text (length, links, punctuation, sentence shape), its place (in the
//! body region, in a clutter zone and which, position on the page, neighbours) and its markup
//! (tag, class/id words of its containers). The rule phases run first; their verdicts are
//! features too, so the model learns when to trust them.

use super::blocks::{Block, Segmentation};
use crate::label::Label;
use super::names::Names;
use super::zones::Zones;
use super::{block_is_call_to_action, Stats, Verdict};
use crate::dom::{Document, NodeId};
use Feature::*;

/// Declares the features once: each one's slot (its [`Feature`] variant, in order), its name in
/// the trainer's report, and what it measures. Adding a feature is one line here (and a refit).
macro_rules! features {
    ($($variant:ident = $name:literal, $doc:literal;)*) => {
        /// One feature of a block: its slot in the feature array (`f[Feature::LinkDensity]`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Feature {
            $(#[doc = $doc] $variant,)*
        }

        /// Feature names, in slot order, for the trainer's report.
        pub(crate) const NAMES: &[&str] = &[$($name,)*];
    };
}

features! {
    LnChars = "ln_chars", "`ln(1 + characters)`.";
    LnWords = "ln_words", "`ln(1 + words)` ([`ln_words`]).";
    LinkDensity = "link_density", "Share of the text that is link text.";
    InMain = "in_main", "Inside the body region.";
    Zoned = "zoned", "Inside any clutter zone.";
    ZoneNavigation = "zone_navigation", "Inside a navigation zone.";
    ZonePromo = "zone_promo", "Inside a promo zone.";
    ZoneCta = "zone_cta", "Inside a call-to-action zone.";
    ZonePopular = "zone_popular", "Inside a popular-list zone.";
    ZoneRelated = "zone_related", "Inside a related zone.";
    ZoneShare = "zone_share", "Inside a share zone.";
    ZoneComments = "zone_comments", "Inside a comments zone.";
    ZoneAd = "zone_ad", "Inside an ad zone.";
    ZoneNewsletter = "zone_newsletter", "Inside a newsletter zone.";
    ZoneConsent = "zone_consent", "Inside a consent zone.";
    ZoneFooter = "zone_footer", "Inside a footer zone.";
    ZoneOther = "zone_other", "Inside a zone of other clutter.";
    RuleContent = "rule_content", "The rules call the block content.";
    Heading = "heading", "A heading.";
    TagP = "tag_p", "A `p`.";
    TagLi = "tag_li", "A list item (`li`, `dd`, `dt`).";
    TagCell = "tag_cell", "A table cell.";
    TagContainer = "tag_container", "A container element holding text of its own (`div`, `section`, ...).";
    TagOther = "tag_other", "Any other tag but a heading.";
    SentenceEndsPerWord = "sentence_ends_per_word", "Sentence ends per word (at most 2).";
    CommasPerWord = "commas_per_word", "Commas per word (at most 2).";
    DigitShare = "digit_share", "Share of the characters that are digits.";
    UpperShare = "upper_share", "Share of the letters that are capitals.";
    EndsLikeSentence = "ends_like_sentence", "The text ends as a sentence ends.";
    Position = "position", "Position among the page's blocks, 0 to 1.";
    IsTitle = "is_title", "The headline.";
    PageMainShare = "page_main_share", "Share of the page's text in the body region.";
    NeighboursRuleContent = "neighbours_rule_content", "Share of the two neighbours the rules call content.";
    CtaWording = "cta_wording", "Worded as a call to action.";
    MeanWordLen = "mean_word_len", "Mean word length, tenths.";
    NegativeNamesAround = "negative_names_around", "Clutter class/id words on the block and its containers (at most 3).";
    PositiveNamesAround = "positive_names_around", "Content class/id words on the block and its containers (at most 3).";
    InList = "in_list", "In a list.";
    Copyright = "copyright", "Mentions a copyright.";
    PageLinkDensity = "page_link_density", "The page's link density.";
    CharsVsLongest = "chars_vs_longest", "Length against the page's longest block.";
    NeighboursLinkDensity = "neighbours_link_density", "Mean link density of the two neighbours.";
    Hidden = "hidden", "Hidden on the page.";
    LnMainChars = "ln_main_chars", "`ln(1 + characters of the body region)`, tenths.";
    PrevLnChars = "prev_ln_chars", "`ln(1 + characters)` of the block before.";
    NextLnChars = "next_ln_chars", "`ln(1 + characters)` of the block after.";
    ParentShare = "parent_share", "Share of the page's text in the parent element.";
    ParentLinkDensity = "parent_link_density", "Link density of the parent element.";
    GrandparentLinkDensity = "grandparent_link_density", "Link density of the grandparent element.";
    Depth = "depth", "Depth in the tree, twentieths (at most 3).";
    ProseAfter = "prose_after", "Share of the page's prose (blocks the rules keep, of a sentence's length or more) that comes after the block: 0 past the article's end, where story lists, teasers and blurbs follow it.";
    LabelThenLink = "label_then_link", "Begins with a short label and a colon, and the rest is mostly link text: an inline teaser (\"Read also: …\", \"Lea también: …\", \"Weiterlesen: …\") in any language.";
}

/// Number of features per block.
pub(crate) const COUNT: usize = NAMES.len();

/// A block's features, read by name.
impl std::ops::Index<Feature> for [f32; COUNT] {
    type Output = f32;
    fn index(&self, k: Feature) -> &f32 {
        &self[k as usize]
    }
}

impl std::ops::IndexMut<Feature> for [f32; COUNT] {
    fn index_mut(&mut self, k: Feature) -> &mut f32 {
        &mut self[k as usize]
    }
}

/// The `ln_words` feature.
pub(crate) fn ln_words(words: usize) -> f32 {
    (1.0 + words as f32).ln()
}

/// How many containers up a block's class/id words are read.
const NAME_LEVELS: usize = 4;

/// The feature of a zone of this label.
fn zone_feature(label: Label) -> Option<Feature> {
    Some(match label {
        Label::Navigation => ZoneNavigation,
        Label::Promo => ZonePromo,
        Label::CallToAction => ZoneCta,
        Label::PopularList => ZonePopular,
        Label::Related => ZoneRelated,
        Label::Share => ZoneShare,
        Label::Comments => ZoneComments,
        Label::Ad => ZoneAd,
        Label::Newsletter => ZoneNewsletter,
        Label::Consent => ZoneConsent,
        Label::Footer => ZoneFooter,
        Label::Other => ZoneOther,
        Label::Content => return None,
    })
}

/// Negative and positive class/id words of a block and its containers.
fn names_around(doc: &Document, names: &Names, node: NodeId) -> (f32, f32) {
    let (mut neg, mut pos) = (0f32, 0f32);
    for id in std::iter::once(node).chain(doc.ancestors(node)).take(NAME_LEVELS) {
        let f = names.of(id);
        neg += (f.class.negative + f.id.negative) as f32;
        pos += (f.class.positive + f.id.positive) as f32;
    }
    (neg.min(3.0), pos.min(3.0))
}

fn in_list(doc: &Document, node: NodeId) -> bool {
    std::iter::once(node).chain(doc.ancestors(node)).take(3).any(|a| matches!(doc.tag(a), "li" | "ul" | "ol"))
}

fn text_shape(b: &Block) -> (f32, f32, f32, f32, f32, f32) {
    let words = b.words().max(1) as f32;
    let (mut ends, mut commas, mut digits, mut upper, mut letters) = (0, 0, 0, 0, 0);
    for c in b.text.chars() {
        match c {
            '.' | '!' | '?' | '。' | '！' | '？' => ends += 1,
            ',' | '，' | '、' | '،' => commas += 1,
            _ => {}
        }
        if c.is_numeric() {
            digits += 1;
        }
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
        }
    }
    let chars = b.chars.max(1) as f32;
    let last = b.text.trim_end().chars().last();
    let ends_like = matches!(last, Some('.' | '!' | '?' | '。' | '！' | '？' | '"' | '”' | ':' | ')')) as u8 as f32;
    let mean_len = letters as f32 / words;
    (
        ends as f32 / words,
        commas as f32 / words,
        digits as f32 / chars,
        if letters > 0 { upper as f32 / letters as f32 } else { 0.0 },
        ends_like,
        mean_len.min(20.0),
    )
}

/// Whether the text holds `©`, "copyright" or "all rights reserved", in one pass over its bytes.
/// ASCII-case-insensitive search finds what a search of the lower-cased text would (no other
/// character lower-cases into these words), without lower-casing every block.
fn mentions_copyright(t: &str) -> bool {
    let b = t.as_bytes();
    let at = |i: usize, word: &[u8]| b.len() - i >= word.len() && b[i..i + word.len()].eq_ignore_ascii_case(word);
    // `©` is C2 A9 in UTF-8 (C2 only ever leads a character).
    (0..b.len()).any(|i| match b[i] {
        0xC2 => b.get(i + 1) == Some(&0xA9),
        b'c' | b'C' => at(i, b"copyright"),
        b'a' | b'A' => at(i, b"all rights reserved"),
        _ => false,
    })
}

/// A block of prose, for [`ProseAfter`]: as many words as a sentence has.
const PROSE_WORDS: usize = 20;
/// The depth feature is ancestors / 20, at most 3.0: no count past 60 changes it.
const MAX_DEPTH_COUNTED: usize = 60;
/// A label before a colon, for [`LabelThenLink`]: at most this many words.
const LABEL_WORDS: usize = 4;
/// The share of the block's text in links, for [`LabelThenLink`].
const LABEL_LINK_SHARE: f32 = 0.5;

/// Whether the block reads "Label: linked text" (see [`LabelThenLink`]).
fn label_then_link(b: &Block) -> bool {
    if b.link_density() < LABEL_LINK_SHARE {
        return false;
    }
    let Some(colon) = b.text.find([':', '：']) else { return false };
    let label = &b.text[..colon];
    let words = label.split_whitespace().count();
    (1..=LABEL_WORDS).contains(&words) && b.text[colon..].chars().nth(1).is_some()
}

/// Features of the blocks `wanted` says (all zeros for the others), block after block, after the
/// rule phases gave their verdicts (read here first: the model may change them as it goes).
#[allow(clippy::too_many_arguments)]
pub(crate) fn block_features<'a, 'd: 'a, W: Fn(usize) -> bool + 'a>(
    doc: &'a Document,
    seg: &'a Segmentation,
    st: &'a Stats,
    names: &'a Names<'d>,
    verdicts: &[Verdict],
    zone: &'a Zones,
    in_main: &'a [bool],
    main_chars: u32,
    title_block: Option<usize>,
    wanted: W,
) -> impl Iterator<Item = [f32; COUNT]> + use<'a, 'd, W> {
    let n = seg.blocks.len();
    let page_chars = st.chars[Document::ROOT].max(1) as f32;
    let page_ld = st.link_density(Document::ROOT);
    let longest = seg.blocks.iter().map(|b| b.chars).max().unwrap_or(1).max(1) as f32;
    let rule_content: Vec<f32> = verdicts.iter().map(|v| v.label.is_content() as u8 as f32).collect();
    // Prose characters from each block to the end of the page (ProseAfter).
    let mut prose_from = vec![0f32; n + 1];
    for i in (0..n).rev() {
        let b = &seg.blocks[i];
        let prose = rule_content[i] > 0.0 && !b.hidden && b.words() >= PROSE_WORDS;
        prose_from[i] = prose_from[i + 1] + if prose { b.chars as f32 } else { 0.0 };
    }
    let prose_total = prose_from[0].max(1.0);
    seg.blocks
        .iter()
        .enumerate()
        .map(move |(i, b)| {
            let mut f = [0f32; COUNT];
            if !wanted(i) {
                return f;
            }
            f[LnChars] = (1.0 + b.chars as f32).ln();
            f[LnWords] = ln_words(b.words());
            f[LinkDensity] = b.link_density();
            f[InMain] = in_main[b.node] as u8 as f32;
            if let Some(z) = &zone[b.node] {
                f[Zoned] = 1.0;
                if let Some(k) = zone_feature(z.label) {
                    f[k] = 1.0;
                }
            }
            f[RuleContent] = rule_content[i];
            f[Heading] = (b.heading > 0) as u8 as f32;
            match doc.tag(b.node) {
                "p" => f[TagP] = 1.0,
                "li" | "dd" | "dt" => f[TagLi] = 1.0,
                "td" | "th" => f[TagCell] = 1.0,
                "div" | "section" | "article" | "main" | "body" | "blockquote" => f[TagContainer] = 1.0,
                t if t.len() == 2 && t.starts_with('h') => {}
                _ => f[TagOther] = 1.0,
            }
            let (ends, commas, digits, upper, ends_like, mean_len) = text_shape(b);
            f[SentenceEndsPerWord] = ends.min(2.0);
            f[CommasPerWord] = commas.min(2.0);
            f[DigitShare] = digits;
            f[UpperShare] = upper;
            f[EndsLikeSentence] = ends_like;
            f[Position] = if n > 1 { i as f32 / (n - 1) as f32 } else { 0.0 };
            f[IsTitle] = (Some(i) == title_block) as u8 as f32;
            f[PageMainShare] = main_chars as f32 / page_chars;
            let prev = if i > 0 { rule_content[i - 1] } else { 0.0 };
            let next = if i + 1 < n { rule_content[i + 1] } else { 0.0 };
            f[NeighboursRuleContent] = (prev + next) / 2.0;
            f[CtaWording] = block_is_call_to_action(b) as u8 as f32;
            f[MeanWordLen] = mean_len / 10.0;
            let (neg, pos) = names_around(doc, names, b.node);
            f[NegativeNamesAround] = neg;
            f[PositiveNamesAround] = pos;
            f[InList] = in_list(doc, b.node) as u8 as f32;
            f[Copyright] = mentions_copyright(&b.text) as u8 as f32;
            f[PageLinkDensity] = page_ld;
            f[CharsVsLongest] = b.chars as f32 / longest;
            let pl = if i > 0 { seg.blocks[i - 1].link_density() } else { 0.0 };
            let nl = if i + 1 < n { seg.blocks[i + 1].link_density() } else { 0.0 };
            f[NeighboursLinkDensity] = (pl + nl) / 2.0;
            f[Hidden] = b.hidden as u8 as f32;
            f[LnMainChars] = (1.0 + main_chars as f32).ln() / 10.0;
            f[PrevLnChars] = if i > 0 { (1.0 + seg.blocks[i - 1].chars as f32).ln() } else { 0.0 };
            f[NextLnChars] = if i + 1 < n { (1.0 + seg.blocks[i + 1].chars as f32).ln() } else { 0.0 };
            let parent = doc.parent(b.node).unwrap_or(Document::ROOT);
            let grandparent = doc.parent(parent).unwrap_or(Document::ROOT);
            f[ParentShare] = st.chars[parent] as f32 / page_chars;
            f[ParentLinkDensity] = st.link_density(parent);
            f[GrandparentLinkDensity] = st.link_density(grandparent);
            // Counted only as far as it matters (60 is 3.0): blocks 500 deep (a broken page's
            // comments left open, one inside the other) walked their ancestors to the top each.
            f[Depth] = (doc.ancestors(b.node).take(MAX_DEPTH_COUNTED).count() as f32 / 20.0).min(3.0);
            f[ProseAfter] = prose_from[i + 1] / prose_total;
            f[LabelThenLink] = label_then_link(b) as u8 as f32;
            f
        })
}
