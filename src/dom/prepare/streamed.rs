//! Streamed rendering: parts of the page sent last, moved into their placeholders.

use super::super::builder::DocumentBuilder;
use super::super::document::{BoundaryMark, Document, NodeId, NodeKind};

/// A copy with streamed segments in their places, as the page's scripts leave it; `None` when
/// the page has none. React's streaming server rendering sends the page's shell first, with a
/// `<template id="B:n">` where a Suspense boundary is still loading (its fallback, a spinner or
/// a skeleton, follows it up to the boundary's closing comment) and `<template id="P:n">` where
/// a part is still to come; each part arrives later, at the end of the body, as
/// `<div hidden id="S:n">`, with a script that moves its children into the placeholder of the
/// same number, replacing the boundary's fallback. The body finder reads in document order,
/// so the parts are moved, not merely shown where they stand. A fallback is dropped only where
/// the boundary comments mark its end; without them (a page saved with its comments stripped)
/// the part goes in before the fallback. A part whose placeholder is never reached (it lies
/// in a dropped fallback, or after the part) stays where it stands, hidden, as before.
pub(in crate::dom) fn placing_streamed_segments(doc: &Document) -> Option<Document> {
    let n = doc.nodes.len();
    let mut segments: rustc_hash::FxHashMap<StreamedKey, NodeId> = Default::default();
    for id in doc.ids() {
        if let Some(('S', key)) = doc.element(id).filter(|e| e.hidden).and_then(|e| e.attr("id")).and_then(streamed_id) {
            segments.entry(key).or_insert(id);
        }
    }
    if segments.is_empty() {
        return None;
    }
    // By node id: the part a placeholder takes.
    let mut fill: Vec<Option<NodeId>> = vec![None; n];
    for id in doc.ids() {
        let Some(e) = doc.element(id).filter(|e| e.is("template")) else { continue };
        if let Some(('B' | 'P', key)) = e.attr("id").and_then(streamed_id) {
            fill[id] = segments.get(&key).copied();
        }
    }
    if fill.iter().all(Option::is_none) {
        return None;
    }
    let marks = BoundaryMarks::of(&doc.boundary_marks);
    let mut skip = vec![false; n];
    let mut placed = vec![false; n];
    let mut b = DocumentBuilder::new();
    enum Step {
        Enter(NodeId),
        Leave,
    }
    let mut stack: Vec<Step> = doc.children(Document::ROOT).iter().rev().map(|&c| Step::Enter(c)).collect();
    while let Some(step) = stack.pop() {
        let id = match step {
            Step::Leave => {
                b.end_element();
                continue;
            }
            Step::Enter(id) if skip[id] => continue,
            Step::Enter(id) => id,
        };
        let e = match &doc.nodes[id].kind {
            NodeKind::Element(e) => e,
            NodeKind::Text(_) => {
                b.text(doc.text(id).unwrap_or_default());
                continue;
            }
            NodeKind::Root => continue,
        };
        if let Some(seg) = fill[id].filter(|&s| !placed[s]) {
            // The part's children take the placeholder's place, and the fallback goes.
            placed[seg] = true;
            if let Some(end) = marks.fallback_end(doc, id) {
                let siblings = doc.children(doc.nodes[id].parent().unwrap_or(Document::ROOT));
                let after = siblings.partition_point(|&s| s <= id);
                for &s in siblings[after..].iter().take_while(|&&s| s < end) {
                    skip[s] = true;
                }
            }
            stack.extend(doc.children(seg).iter().rev().map(|&c| Step::Enter(c)));
            continue;
        }
        if let Some(('S', key)) = e.attr("id").and_then(streamed_id) {
            if segments.get(&key) == Some(&id) {
                // Where it stands: already placed, or its placeholder is not to come.
                if placed[id] {
                    continue;
                }
                placed[id] = true;
            }
        }
        b.open(e.tag.clone(), e.attrs.to_vec(), e.index);
        stack.push(Step::Leave);
        stack.extend(doc.children(id).iter().rev().map(|&c| Step::Enter(c)));
    }
    b.element_count = doc.element_count;
    b.truncated = doc.truncated;
    let mut doc = b.finish();
    doc.boundary_marks.clear();
    Some(doc)
}

/// The boundary marks grouped by parent, for finding fallbacks (see
/// [`placing_streamed_segments`]).
struct BoundaryMarks<'a> {
    by_parent: rustc_hash::FxHashMap<NodeId, Vec<&'a BoundaryMark>>,
}

impl<'a> BoundaryMarks<'a> {
    fn of(marks: &'a [BoundaryMark]) -> Self {
        let mut by_parent: rustc_hash::FxHashMap<NodeId, Vec<&BoundaryMark>> = Default::default();
        for m in marks {
            by_parent.entry(m.parent).or_default().push(m);
        }
        Self { by_parent }
    }

    /// Where the fallback after a pending boundary's placeholder ends: the node id before which
    /// the boundary's closing comment stands, its inner boundaries counted out; `None` when the
    /// placeholder's parent has no such comment after it.
    fn fallback_end(&self, doc: &Document, placeholder: NodeId) -> Option<NodeId> {
        let marks = self.by_parent.get(&doc.parent(placeholder)?)?;
        let first = marks.partition_point(|m| m.next <= placeholder);
        let mut depth = 0usize;
        for m in &marks[first..] {
            if m.opens {
                depth += 1;
            } else if depth == 0 {
                return Some(m.next);
            } else {
                depth -= 1;
            }
        }
        None
    }
}

/// A streamed placeholder's or part's id (`B:3`, `P:1f`, `S:3`, after any prefix the page set):
/// its letter, and the prefix and number a placeholder shares with its part.
fn streamed_id(id: &str) -> Option<(char, StreamedKey<'_>)> {
    let (head, number) = id.split_at(id.rfind(':')?);
    let number = &number[1..];
    let letter = head.chars().next_back().filter(|c| matches!(c, 'B' | 'P' | 'S'))?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((letter, (&head[..head.len() - 1], number)))
}

/// A streamed part's prefix and number (see [`streamed_id`]).
type StreamedKey<'a> = (&'a str, &'a str);
