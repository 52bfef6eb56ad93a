//! Numeric features of each block, for the learned content model ([`super::model`]).
//!
//! They describe the block's text (length, links, punctuation, sentence shape), its place (in the
//! body region, in a clutter zone and which, position on the page, neighbours) and its markup
//! (tag, class/id words of its containers). The rule phases run first; their verdicts are
//! features too, so the model learns when to trust them.

use super::blocks::{Block, Segmentation};
use crate::label::Label;
use super::names::Names;
use super::zones::Zone;
use super::{block_is_call_to_action, Stats, Verdict};
use crate::dom::{Document, NodeId};

/// Number of features per block.
pub const COUNT: usize = 50;

/// Feature names, for the trainer's report.
pub const NAMES: [&str; COUNT] = [
    "ln_chars", "ln_words", "link_density", "in_main", "zoned", "zone_navigation", "zone_promo", "zone_cta",
    "zone_popular", "zone_related", "zone_share", "zone_comments", "zone_ad", "zone_newsletter", "zone_consent",
    "zone_footer", "zone_other", "rule_content", "heading", "tag_p", "tag_li", "tag_cell", "tag_container",
    "tag_other", "sentence_ends_per_word", "commas_per_word", "digit_share", "upper_share", "ends_like_sentence",
    "position", "is_title", "page_main_share", "neighbours_rule_content", "cta_wording", "mean_word_len",
    "negative_names_around", "positive_names_around", "in_list", "copyright", "page_link_density",
    "chars_vs_longest", "neighbours_link_density", "hidden", "ln_main_chars", "prev_ln_chars", "next_ln_chars",
    "parent_share", "parent_link_density", "grandparent_link_density", "depth",
];

/// How many containers up a block's class/id words are read.
const NAME_LEVELS: usize = 4;

fn zone_index(label: Label) -> Option<usize> {
    Some(match label {
        Label::Navigation => 5,
        Label::Promo => 6,
        Label::CallToAction => 7,
        Label::PopularList => 8,
        Label::Related => 9,
        Label::Share => 10,
        Label::Comments => 11,
        Label::Ad => 12,
        Label::Newsletter => 13,
        Label::Consent => 14,
        Label::Footer => 15,
        Label::Other => 16,
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

/// Features of the blocks `wanted` says (all zeros for the others), after the rule phases gave
/// their verdicts.
#[allow(clippy::too_many_arguments)]
pub fn block_features(
    doc: &Document,
    seg: &Segmentation,
    st: &Stats,
    names: &Names,
    verdicts: &[Verdict],
    zone: &[Option<Zone>],
    in_main: &[bool],
    main_chars: u32,
    title_block: Option<usize>,
    wanted: impl Fn(usize) -> bool,
) -> Vec<[f32; COUNT]> {
    let n = seg.blocks.len();
    let page_chars = st.chars[Document::ROOT].max(1) as f32;
    let page_ld = st.link_density(Document::ROOT);
    let longest = seg.blocks.iter().map(|b| b.chars).max().unwrap_or(1).max(1) as f32;
    let rule_content: Vec<f32> = verdicts.iter().map(|v| v.label.is_content() as u8 as f32).collect();
    seg.blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut f = [0f32; COUNT];
            if !wanted(i) {
                return f;
            }
            f[0] = (1.0 + b.chars as f32).ln();
            f[1] = super::model::ln_words(b.words());
            f[2] = b.link_density();
            f[3] = in_main[b.node] as u8 as f32;
            if let Some(z) = &zone[b.node] {
                f[4] = 1.0;
                if let Some(k) = zone_index(z.label) {
                    f[k] = 1.0;
                }
            }
            f[17] = rule_content[i];
            f[18] = (b.heading > 0) as u8 as f32;
            match doc.tag(b.node) {
                "p" => f[19] = 1.0,
                "li" | "dd" | "dt" => f[20] = 1.0,
                "td" | "th" => f[21] = 1.0,
                "div" | "section" | "article" | "main" | "body" | "blockquote" => f[22] = 1.0,
                t if t.len() == 2 && t.starts_with('h') => {}
                _ => f[23] = 1.0,
            }
            let (ends, commas, digits, upper, ends_like, mean_len) = text_shape(b);
            f[24] = ends.min(2.0);
            f[25] = commas.min(2.0);
            f[26] = digits;
            f[27] = upper;
            f[28] = ends_like;
            f[29] = if n > 1 { i as f32 / (n - 1) as f32 } else { 0.0 };
            f[30] = (Some(i) == title_block) as u8 as f32;
            f[31] = main_chars as f32 / page_chars;
            let prev = if i > 0 { rule_content[i - 1] } else { 0.0 };
            let next = if i + 1 < n { rule_content[i + 1] } else { 0.0 };
            f[32] = (prev + next) / 2.0;
            f[33] = block_is_call_to_action(b) as u8 as f32;
            f[34] = mean_len / 10.0;
            let (neg, pos) = names_around(doc, names, b.node);
            f[35] = neg;
            f[36] = pos;
            f[37] = in_list(doc, b.node) as u8 as f32;
            f[38] = mentions_copyright(&b.text) as u8 as f32;
            f[39] = page_ld;
            f[40] = b.chars as f32 / longest;
            let pl = if i > 0 { seg.blocks[i - 1].link_density() } else { 0.0 };
            let nl = if i + 1 < n { seg.blocks[i + 1].link_density() } else { 0.0 };
            f[41] = (pl + nl) / 2.0;
            f[42] = b.hidden as u8 as f32;
            f[43] = (1.0 + main_chars as f32).ln() / 10.0;
            f[44] = if i > 0 { (1.0 + seg.blocks[i - 1].chars as f32).ln() } else { 0.0 };
            f[45] = if i + 1 < n { (1.0 + seg.blocks[i + 1].chars as f32).ln() } else { 0.0 };
            let parent = doc.parent(b.node).unwrap_or(Document::ROOT);
            let grandparent = doc.parent(parent).unwrap_or(Document::ROOT);
            f[46] = st.chars[parent] as f32 / page_chars;
            f[47] = st.link_density(parent);
            f[48] = st.link_density(grandparent);
            f[49] = (doc.ancestors(b.node).count() as f32 / 20.0).min(3.0);
            f
        })
        .collect()
}
