//! CSS selectors for elements (`html>body>div:nth-child(2)>p`), to find a block again in the DOM.

use super::document::{Document, NodeId};

impl Document {
    /// Every element's position among its element siblings, computed once, for many CSS paths.
    pub(crate) fn css_paths(&self) -> CssPaths<'_> {
        let mut nth = vec![0u32; self.nodes.len()];
        let mut count = vec![0u32; self.nodes.len()];
        for p in self.ids() {
            let mut k = 0;
            for &c in self.children(p) {
                if self.element(c).is_some() {
                    k += 1;
                    nth[c] = k;
                }
            }
            count[p] = k;
        }
        CssPaths { doc: self, nth, count }
    }
}

/// Element positions for building CSS paths (see [`Document::css_paths`]).
pub(crate) struct CssPaths<'a> {
    doc: &'a Document,
    /// 1-based position of each element among its parent's element children.
    nth: Vec<u32>,
    /// Number of element children of each node.
    count: Vec<u32>,
}

impl CssPaths<'_> {
    /// `html>body>div:nth-child(2)>p`: the tag alone where the element has no element siblings.
    pub(crate) fn path(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut chain: Vec<NodeId> = Vec::with_capacity(32);
        chain.extend(std::iter::once(id).chain(self.doc.ancestors(id)).filter(|&c| c != Document::ROOT));
        for (k, &c) in chain.iter().rev().enumerate() {
            self.push_step(&mut out, c, k == 0);
        }
        out
    }

    /// The paths of many elements (as [`CssPaths::path`] gives each, in the order asked): one walk
    /// down the page that writes each element's step once, however many paths go through it.
    pub(crate) fn paths(&self, ids: &[NodeId]) -> Vec<String> {
        let doc = self.doc;
        // The requests by node: the first one's position, and from each the next for that node.
        let mut first = vec![usize::MAX; doc.len()];
        let mut next = vec![usize::MAX; ids.len()];
        for (k, &id) in ids.iter().enumerate().rev() {
            next[k] = first[id];
            first[id] = k;
        }
        let last = ids.iter().copied().max();
        let mut out = vec![String::new(); ids.len()];
        // The path to the current element, and its open elements with the path's length before each.
        let mut path = String::new();
        let mut open: Vec<(NodeId, usize)> = Vec::new();
        for id in last.map_or(0..0, |l| 0..l + 1) {
            if doc.element(id).is_some() {
                while open.last().is_some_and(|&(e, _)| id >= doc.subtree_end(e)) {
                    let (_, len) = open.pop().unwrap_or_default();
                    path.truncate(len);
                }
                let top = open.is_empty();
                open.push((id, path.len()));
                self.push_step(&mut path, id, top);
            }
            let mut k = first[id];
            while k != usize::MAX {
                out[k] = if doc.element(id).is_some() { path.clone() } else { self.path(id) };
                k = next[k];
            }
        }
        out
    }

    /// A [`PathCursor`] over these positions.
    #[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
    pub(crate) fn cursor(&self) -> PathCursor<'_, '_> {
        PathCursor { paths: self, path: String::new(), open: Vec::new(), next: 0, apart: String::new() }
    }

    /// Appends one element's step (`>div:nth-child(2)`; no `>` at the `top`).
    fn push_step(&self, out: &mut String, c: NodeId, top: bool) {
        if !top {
            out.push('>');
        }
        out.push_str(self.doc.tag(c));
        if self.doc.parent(c).is_some_and(|p| p != Document::ROOT && self.count[p] > 1) {
            out.push_str(":nth-child(");
            push_decimal(out, self.nth[c]);
            out.push(')');
        }
    }
}

#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
/// The paths of elements asked for one after another, as [`CssPaths::path`] gives each: the
/// path to the last element asked for is kept and the next one's written on from where the two
/// part, so that the paths of a page's blocks, asked for in document order, cost one walk down
/// the page (an element asked for out of order has its path written whole).
pub(crate) struct PathCursor<'p, 'd> {
    paths: &'p CssPaths<'d>,
    /// The path to the last element walked, and the open elements with the path's length before each.
    path: String,
    open: Vec<(NodeId, usize)>,
    /// The first node not walked yet.
    next: NodeId,
    /// The path of the last element asked for out of order (or of a node that is no element).
    apart: String,
}

#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
impl PathCursor<'_, '_> {
    /// The path of `id`, borrowed until the next one is asked for (the command line writes a
    /// million of them: none is copied).
    pub(crate) fn path(&mut self, id: NodeId) -> &str {
        let doc = self.paths.doc;
        if id < self.next || doc.element(id).is_none() {
            self.apart = self.paths.path(id);
            return &self.apart;
        }
        for e in self.next..=id {
            if doc.element(e).is_some() {
                while self.open.last().is_some_and(|&(o, _)| e >= doc.subtree_end(o)) {
                    let (_, len) = self.open.pop().unwrap_or_default();
                    self.path.truncate(len);
                }
                let top = self.open.is_empty();
                self.open.push((e, self.path.len()));
                self.paths.push_step(&mut self.path, e, top);
            }
        }
        self.next = id + 1;
        &self.path
    }
}

/// Appends `n` in decimal (without the formatting machinery).
fn push_decimal(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut k = digits.len();
    let mut n = n;
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[k..]).unwrap_or_default());
}
