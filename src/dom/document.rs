//! The page model: a compact arena of the page's elements and text, numbered in document order.

use super::names::Name;

pub(crate) type NodeId = usize;

/// One node of the page: the document root, an element, or a run of text.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The parent's id, [`NO_PARENT`] for the root: four bytes, not an `Option<usize>`'s
    /// sixteen (a page of millions of tiny elements holds a node per element and per text run).
    parent: u32,
    pub(crate) kind: NodeKind,
}

const NO_PARENT: u32 = u32::MAX;

impl Node {
    pub(crate) fn new(parent: Option<NodeId>, kind: NodeKind) -> Node {
        // A page is at most 64 MiB: it never holds 2^32 nodes.
        Node { parent: parent.map_or(NO_PARENT, |p| p as u32), kind }
    }
    pub(crate) fn parent(&self) -> Option<NodeId> {
        (self.parent != NO_PARENT).then_some(self.parent as NodeId)
    }
}

#[derive(Debug, Clone)]
pub(crate) enum NodeKind {
    Root,
    Element(Element),
    Text(TextRun),
}

/// A run of text: where it lies in the page's text ([`Document::text`] reads it). One buffer
/// for the whole page, not a string a run: a page of 2,000,000 tiny elements held as many text
/// runs, 64 MB of them the memory allocator's overhead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextRun {
    pub(super) start: u32,
    pub(super) len: u32,
}

impl TextRun {
    /// The run's text in `texts` (the builder cuts runs at character boundaries).
    pub(super) fn of(self, texts: &str) -> &str {
        texts.get(self.start as usize..(self.start + self.len) as usize).unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Element {
    /// Lower-case local name (`div`, `p`, `svg`).
    pub(crate) tag: Name,
    /// Attributes in source order; names lower-case.
    pub(crate) attrs: Box<[(Name, Box<str>)]>,
    /// Position among all elements in document order: `document.getElementsByTagName('*')[index]`.
    pub(crate) index: u32,
    /// Hidden by its own markup or by an ancestor's (see [`super::is_hidden_markup`]; the page as shown is [`super::prepare`]'s).
    pub(crate) hidden: bool,
}

impl Element {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| &**k == name).map(|(_, v)| &**v)
    }
    pub(crate) fn has_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|(k, _)| &**k == name)
    }
    pub(crate) fn is(&self, tag: &str) -> bool {
        &*self.tag == tag
    }
}

/// The parsed page. Nodes are numbered in document order, so a subtree is a range of ids; the
/// tree's shape (subtree ends, child lists) is laid out once in flat arrays when it is built.
#[derive(Debug, Clone)]
pub struct Document {
    pub(super) nodes: Vec<Node>,
    pub(super) element_count: u32,
    /// For each node, the end (exclusive) of its subtree.
    pub(super) end: Vec<NodeId>,
    /// Every node's children, node after node: node `i`'s are `child_ids[child_start[i]..child_start[i + 1]]`.
    pub(super) child_ids: Vec<NodeId>,
    pub(super) child_start: Vec<u32>,
    /// Streamed rendering's boundary comments, in document order (see [`BoundaryMark`]).
    pub(super) boundary_marks: Vec<BoundaryMark>,
    /// The text of every run, one after another (see [`TextRun`]).
    pub(super) texts: String,
    /// The page had more elements than the builder keeps ([`super::MAX_ELEMENTS`]): this is its
    /// first part.
    pub(super) truncated: bool,
}

impl Document {
    pub(crate) const ROOT: NodeId = 0;

    /// Whether the page had more elements than the model keeps ([`super::MAX_ELEMENTS`]): the
    /// model is then the page up to the start tag past that many, the rest left unread.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }
    pub(crate) fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes[id].kind {
            NodeKind::Element(e) => Some(e),
            _ => None,
        }
    }
    // Not inlined into every caller (nor `text_content` into theirs): the run's bounds checks
    // are code the wasm would carry at each of them.
    #[inline(never)]
    pub(crate) fn text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Text(t) => Some(t.of(&self.texts)),
            _ => None,
        }
    }
    pub(crate) fn tag(&self, id: NodeId) -> &str {
        self.element(id).map(|e| &*e.tag).unwrap_or("")
    }
    pub(crate) fn children(&self, id: NodeId) -> &[NodeId] {
        &self.child_ids[self.child_start[id] as usize..self.child_start[id + 1] as usize]
    }
    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent()
    }
    /// A node's parent and its place among the parent's children (found by halves: ids are in
    /// document order, so children are sorted).
    pub(crate) fn place_in_parent(&self, id: NodeId) -> Option<(NodeId, usize)> {
        let p = self.parent(id)?;
        self.children(p).binary_search(&id).ok().map(|k| (p, k))
    }
    /// Ancestors from the parent up to (not including) the root.
    pub(crate) fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut cur = self.nodes[id].parent();
        std::iter::from_fn(move || {
            let c = cur?;
            if c == Self::ROOT {
                return None;
            }
            cur = self.nodes[c].parent();
            Some(c)
        })
    }
    /// All node ids in document order (ids are assigned in document order by the builder).
    pub(crate) fn ids(&self) -> std::ops::Range<NodeId> {
        0..self.nodes.len()
    }
    /// The end (exclusive) of `id`'s subtree in id order: descendants of `id` are `id+1..end`.
    pub(crate) fn subtree_end(&self, id: NodeId) -> NodeId {
        self.end[id]
    }
    /// First element with this tag, in document order.
    pub(crate) fn first_by_tag(&self, tag: &str) -> Option<NodeId> {
        self.ids().find(|&i| self.element(i).is_some_and(|e| e.is(tag)))
    }
    /// Concatenated text of a subtree (raw, not normalised).
    #[inline(never)]
    pub(crate) fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for i in id..self.subtree_end(id) {
            if let Some(t) = self.text(i) {
                out.push_str(t);
            }
        }
        out
    }
}

/// A boundary comment (see the builder's `BOUNDARY_OPENERS`): under which node it stands, and before which
/// node id (the next node added after it, a later sibling's or not).
#[derive(Debug, Clone, Copy)]
pub(super) struct BoundaryMark {
    pub(super) parent: NodeId,
    pub(super) next: NodeId,
    pub(super) opens: bool,
}
