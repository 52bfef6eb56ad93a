//! The per-block report: every block of the page with its label, confidence and reasons, and
//! where to find it again in the DOM.

use super::{blocks, Classification, Label, Reason, Verdict};
use crate::dom::{Document, NodeId};
use serde::Serialize;

/// One block of the page, its label and why. Blocks are the page's paragraph-level pieces:
/// a paragraph, a list item, a heading, a table cell, a `div`'s own text.
///
/// ```
/// let html = r#"<article><p>The whole story, told at length in one paragraph of prose that a reader
///     came for.</p></article><div class="share-bar"><a href="/s">Share on Facebook</a></div>"#;
/// let a = readmode::analyze_html(html, &Default::default())?;
/// let share = &a.blocks[1];
/// assert_eq!((share.tag.as_str(), share.label), ("div", readmode::Label::Share));
/// assert_eq!(share.path, "html>body:nth-child(2)>div:nth-child(2)");
/// assert_eq!(share.reasons[0].to_string(), "class:share");
/// assert_eq!(share.link_density, 1.0);
/// # Ok::<(), readmode::Error>(())
/// ```
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    /// Position among the page's blocks, in document order.
    pub index: usize,
    /// Position among all elements: `document.getElementsByTagName('*')[element]`.
    pub element: u32,
    /// A CSS selector for the block's element.
    pub path: String,
    /// The block element's tag (`p`, `li`, `div`).
    pub tag: String,
    pub label: Label,
    /// How sure the classifier is of the label, from 0 to 1.
    pub confidence: f32,
    /// Why the block has its label, strongest evidence first (`tag:nav`, `main-region`,
    /// `model:0.93`).
    pub reasons: Vec<Reason>,
    /// Characters of text.
    pub text_length: usize,
    /// Share of the text that is link text.
    pub link_density: f32,
    /// The block's first characters.
    pub text: String,
}

/// Characters of block text shown in a block report.
const REPORT_TEXT_CHARS: usize = 80;

/// The reports take the blocks' texts and reasons over (the classification is done with: what
/// it holds for every node, zones and counts, is freed before the reports are made). They are
/// made from the last block back, and the lists of blocks, verdicts and paths give back their
/// memory as they empty, so that blocks and reports are never both whole: on a table of a
/// million cells that was 160 MB of the peak.
pub(crate) fn block_reports(doc: &Document, c: Classification) -> Vec<Block> {
    let (mut blocks, mut verdicts) = blocks_and_verdicts(c);
    let nodes: Vec<NodeId> = blocks.iter().map(|b| b.node).collect();
    let mut paths = doc.css_paths().paths(&nodes);
    drop(nodes);
    paths.resize(blocks.len(), String::new());
    let mut reports = Vec::with_capacity(blocks.len());
    while let (Some(b), Some(v), Some(path)) = (blocks.pop(), verdicts.pop(), paths.pop()) {
        reports.push(report(doc, blocks.len(), &b, v, path));
        if blocks.len() < blocks.capacity() / 2 {
            blocks.shrink_to_fit();
            verdicts.shrink_to_fit();
            paths.shrink_to_fit();
        }
    }
    reports.reverse();
    reports
}

/// The blocks and their verdicts, as many of each; the rest of the classification freed.
fn blocks_and_verdicts(c: Classification) -> (Vec<blocks::Block>, Vec<Verdict>) {
    let Classification { mut seg, mut verdicts, .. } = c;
    let mut blocks = std::mem::take(&mut seg.blocks);
    let n = blocks.len().min(verdicts.len());
    blocks.truncate(n);
    verdicts.truncate(n);
    (blocks, verdicts)
}

/// The report of block `index`.
fn report(doc: &Document, index: usize, b: &blocks::Block, v: Verdict, path: String) -> Block {
    let r = view(doc, index, b, &v, "");
    Block {
        index,
        element: r.element,
        path,
        tag: r.tag.to_string(),
        label: r.label,
        confidence: r.confidence,
        reasons: v.all_reasons(),
        text_length: r.text_length,
        link_density: r.link_density,
        text: r.text.to_string(),
    }
}

/// A block's report as [`Block`] holds it, its strings borrowed from the page and the verdict:
/// the command line writes a million of them on a table of a million cells, and copies none.
/// (Without the command line, [`report`] reads the fields it does not already hold.)
#[cfg_attr(not(all(feature = "cli", not(target_arch = "wasm32"))), allow(dead_code))]
pub(crate) struct BlockView<'a> {
    pub(crate) index: usize,
    pub(crate) element: u32,
    pub(crate) path: &'a str,
    pub(crate) tag: &'a str,
    pub(crate) label: Label,
    pub(crate) confidence: f32,
    /// Its reasons are [`Verdict::reasons_in_order`].
    pub(crate) verdict: &'a Verdict,
    pub(crate) text_length: usize,
    pub(crate) link_density: f32,
    pub(crate) text: &'a str,
}

/// The report of block `index`, borrowed.
fn view<'a>(doc: &'a Document, index: usize, b: &'a blocks::Block, v: &'a Verdict, path: &'a str) -> BlockView<'a> {
    let text = match b.text.char_indices().nth(REPORT_TEXT_CHARS) {
        Some((end, _)) => &b.text[..end],
        None => &b.text,
    };
    BlockView {
        index,
        element: doc.element(b.node).map(|e| e.index).unwrap_or(0),
        path,
        tag: doc.tag(b.node),
        label: v.label,
        confidence: (v.confidence * 100.0).round() / 100.0,
        verdict: v,
        text_length: b.chars,
        link_density: (b.link_density() * 100.0).round() / 100.0,
        text,
    }
}

#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
/// Every block's report, made as it is written (the command line's JSON): a page's blocks are
/// never all reported at once. On a table of a million cells the reports, each with its CSS path,
/// were 270 MB of the peak.
pub(crate) struct BlockReports {
    doc: Document,
    blocks: Vec<blocks::Block>,
    verdicts: Vec<Verdict>,
}

#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
impl BlockReports {
    pub(crate) fn new(doc: Document, c: Classification) -> Self {
        let (blocks, verdicts) = blocks_and_verdicts(c);
        BlockReports { doc, blocks, verdicts }
    }
}

#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
impl BlockReports {
    pub(crate) fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Calls `each` with every block's report, in document order, until it fails.
    pub(crate) fn each<E>(&self, mut each: impl FnMut(&BlockView) -> Result<(), E>) -> Result<(), E> {
        let paths = self.doc.css_paths();
        let mut cursor = paths.cursor();
        for (i, (b, v)) in self.blocks.iter().zip(&self.verdicts).enumerate() {
            each(&view(&self.doc, i, b, v, cursor.path(b.node)))?;
        }
        Ok(())
    }
}
