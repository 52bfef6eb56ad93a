//! Block classification: every block of the page gets a label, a confidence and reasons.
//!
//! Phases, in the order [`classify`] runs them:
//! 1. [`blocks::segment`]: cut the page into paragraph-level blocks.
//! 2. [`stats`]: text and link characters per subtree (one reverse pass).
//! 3. [`region::main_region`]: find the article body, the container the page's prose lives in.
//! 4. [`zones::clutter_zones`]: containers that declare themselves clutter by tag, role, class/id
//!    words or by a section heading ("Most Popular"), never one that holds the article body.
//! 5. [`rules`]: label each block from its zone, its wording (calls to action) and where it sits.
//! 6. [`context`]: the title, the standfirst between title and body, short blocks between content,
//!    byline and date lines above and under the text, the kicker, copies of text shown already
//!    (carousel clones, screen-size variants), the lines of a listing's cards.
//! 7. [`model`]: a small learned model reads each block's [`features`] (the rule verdicts among
//!    them) and has the last word on what is content, except where a rule is final
//!    ([`Reason::is_final`]), on code and captions in the body, and inside clutter zones.
//! 8. [`after_model`]: call-to-action panels in the body (not on product, landing or discussion
//!    pages), a thread's post headers, and on an article, its comments kept out of its text.

mod after_model;
pub(crate) mod blocks;
mod context;
pub(crate) mod features;
pub(crate) mod model;
pub(crate) mod names;
pub(crate) mod readerable;
pub(crate) mod reason;
pub(crate) mod region;
pub(crate) mod report;
mod rules;
#[cfg(not(target_arch = "wasm32"))]
mod tanh;
pub(crate) mod zones;

use crate::dom::{Document, NodeId};
use crate::page_kind::PageKind;
pub(crate) use blocks::{Block, Segmentation};
pub(crate) use crate::label::Label;
pub(crate) use context::is_byline_like;
pub use reason::{Evidence, Reason};
pub(crate) use rules::block_is_call_to_action;

/// The label of one block and why.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub(crate) label: Label,
    pub(crate) confidence: f32,
    /// The reasons, strongest first, but for the model's ([`Verdict::model`]).
    pub(crate) reasons: Vec<Reason>,
    /// The learned model's probability when it scored the block: its reason comes after the
    /// others (`model:0.93`). Kept apart, so that a block the model scores needs no longer list
    /// (on a table of a million cells, every one of them scored, the lists took 70 MB).
    pub(crate) model: Option<f32>,
}

impl Verdict {
    fn new(label: Label, confidence: f32, reasons: &[Reason]) -> Self {
        Verdict { label, confidence, reasons: reasons.to_vec(), model: None }
    }

    /// The verdict's first (strongest) reason.
    fn first_reason(&self) -> Option<Reason> {
        self.reasons.first().copied().or(self.model.map(Reason::Model))
    }

    /// Every reason, strongest first, the model's last.
    pub(crate) fn all_reasons(&self) -> Vec<Reason> {
        self.reasons_in_order().collect()
    }

    /// [`Verdict::all_reasons`], one after another.
    pub(crate) fn reasons_in_order(&self) -> impl Iterator<Item = Reason> + '_ {
        self.reasons.iter().copied().chain(self.model.map(Reason::Model))
    }
}

/// Per-subtree character counts, indexed by node id.
pub(crate) struct Stats {
    /// Characters of block text in the subtree (visible blocks only).
    pub(crate) chars: Vec<u32>,
    pub(crate) link_chars: Vec<u32>,
}

impl Stats {
    pub(crate) fn link_density(&self, id: NodeId) -> f32 {
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
pub(crate) struct Classification {
    pub(crate) seg: Segmentation,
    pub(crate) verdicts: Vec<Verdict>,
    /// Roots of the article body region, in document order.
    pub(crate) main: Vec<NodeId>,
    /// The block holding the article's title heading, if one was found.
    pub(crate) title_block: Option<usize>,
    /// For each node id: the clutter zone it lies in.
    pub(crate) zone: zones::Zones,
    /// Text and link characters per subtree.
    pub(crate) stats: Stats,
    /// Whether the page is a discussion (a forum thread, a Q&A page: posts of one shape, the
    /// first one the question), whose posts are its text, rather than an article, whose comments
    /// are never article text but are offered apart (`Article::comments`). Decided once: the
    /// page declares a discussion, or its comment zones hold most of its prose.
    pub(crate) thread: bool,
}

impl Classification {
    pub(crate) fn content_blocks(&self) -> impl Iterator<Item = (usize, &Block)> {
        self.seg.blocks.iter().enumerate().filter(|(i, _)| self.verdicts[*i].label.is_content())
    }
}

/// Applies a reader's corrections to the labels: a block whose CSS path a correction names becomes
/// content (`keep`) or `other` (left out), with full confidence. Returns the paths that matched a
/// block, in the order given (a path can name no block of this page: another template).
pub(crate) fn apply_corrections(doc: &Document, c: &mut Classification, corrections: &[crate::Correction]) -> Vec<String> {
    if corrections.is_empty() {
        return Vec::new();
    }
    let nodes: Vec<NodeId> = c.seg.blocks.iter().map(|b| b.node).collect();
    let paths = doc.css_paths().paths(&nodes);
    let mut applied = Vec::new();
    for correction in corrections {
        let mut matched = false;
        for (i, _) in paths.iter().enumerate().filter(|(_, p)| **p == correction.path) {
            let v = &mut c.verdicts[i];
            v.label = if correction.keep { Label::Content } else { Label::Other };
            v.confidence = 1.0;
            matched = true;
        }
        if matched && !applied.contains(&correction.path) {
            applied.push(correction.path.clone());
        }
    }
    applied
}

/// Classifies every block of `doc`, with the built-in model; `known` is what the metadata says
/// of the page.
pub(crate) fn classify(doc: &Document, known: &Known) -> Classification {
    thread_local! {
        static MODEL: model::Model = model::Model::built_in();
    }
    MODEL.with(|m| classify_with(doc, known, Some(m)).0)
}

/// What the metadata reader already knows about the page, which the classifier uses.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Known<'a> {
    /// The article title, to recognise the headline among the headings.
    pub(crate) title: Option<&'a str>,
    /// The byline, to recognise the byline line at the top of the body.
    pub(crate) byline: Option<&'a str>,
    /// The description the page declares, to recognise the standfirst under the headline.
    pub(crate) description: Option<&'a str>,
    /// What the page declares it is (a product, a discussion).
    pub(crate) kind: PageKind,
}

/// [`classify`] with a given model (`None`: the rules alone), also returning whether the model
/// decides each block and, with no model, every block's features, for training a model.
pub(crate) fn classify_with(
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
    let (zone, comments_are_posts) = zones::clutter_zones(doc, &seg, &st, &names, &main, known.kind, &rated_reviews);
    // A thread's posts are its text; an article's comments never are (see `Classification::thread`).
    let thread = known.kind.discussion || comments_are_posts;
    // 5. A label per block.
    let mut verdicts: Vec<Verdict> =
        seg.blocks.iter().map(|b| rules::first_verdict(doc, b, zone[b.node].as_ref(), in_main[b.node])).collect();
    // 6. Context.
    let title_block = context::find_title_block(&seg, &verdicts, &zone, known.title);
    context::apply_context(doc, &seg, &mut verdicts, &zone, title_block);
    context::mark_byline(&seg, &mut verdicts, title_block, known.byline);
    context::mark_datelines(&seg, &mut verdicts, title_block);
    context::mark_kicker(&seg, &mut verdicts, title_block);
    context::mark_standfirst(&seg, &mut verdicts, title_block, known.description);
    context::mark_repeats(doc, &seg, &mut verdicts, known.kind);
    context::mark_grid_cards(doc, &seg, &mut verdicts, &region::grid_cards(doc, &seg, &st, &main));
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
                && !(verdicts[i].label.is_content() && (rules::is_code(doc, b.node) || rules::is_caption(doc, b.node)))
        })
        .collect();
    let wanted = |i: usize| model.is_none() || scored[i];
    let feats = features::block_features(doc, &seg, &st, &names, &verdicts, &zone, &in_main, main_chars, title_block, wanted);
    // The model reads each block's features once, as they are worked out: a table of them (200
    // bytes a block, the peak of memory on a table of a million cells) is kept for training only.
    let feats: Vec<[f32; features::COUNT]> = match model {
        Some(m) => {
            for (i, f) in feats.enumerate().filter(|&(i, _)| scored[i]) {
                verdicts[i] = model::decide(m, &f, &verdicts[i], zone_label(i));
            }
            Vec::new()
        }
        None => feats.collect(),
    };
    // 8. Call-to-action panels in the body; a thread's post headers.
    if !known.kind.discussion && !known.kind.product && !known.kind.landing {
        after_model::mark_cta_panels(doc, &seg, &mut verdicts, title_block);
    }
    if known.kind.discussion {
        after_model::keep_post_headers(doc, &seg, &mut verdicts, &zone, &in_main);
    }
    if !thread {
        after_model::comments_are_not_the_article(&seg, &mut verdicts, &zone);
    }
    (Classification { seg, verdicts, main, title_block, zone, stats: st, thread }, feats, scored)
}

