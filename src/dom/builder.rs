//! Builds a [`Document`] from a document-order walk: `start_element`, `text`, `end_element`,
//! `comment`. Both front ends feed it, which is what makes their models identical; it numbers the
//! elements, sets the hidden flags from the markup ([`super::hidden`]), drops the text of elements
//! that never show text, keeps streamed rendering's boundary comments, and plays back the markup a
//! `<noscript>` swallowed ([`super::markup`]).

use super::document::{BoundaryMark, Document, Element, Node, NodeId, NodeKind, TextRun};
use super::hidden::is_hidden_markup;
use super::markup;
use super::names::{name, Name};

/// Elements the core never looks inside: inline SVG (icons, logos, charts) is drawn, not read, and
/// its paths are often the bulk of a page's markup. Front ends keep the element and its attributes,
/// and count its descendant elements ([`DocumentBuilder::skip_elements`]) so that element numbers
/// still match `document.getElementsByTagName('*')`.
pub const OPAQUE_TAGS: &[&str] = &["svg"];

/// Elements whose text is never page text (scripts are kept as elements for the element index,
/// but only JSON-LD keeps its text, for metadata).
fn keeps_text(tag: &str, attrs: &[(Name, Box<str>)]) -> bool {
    match tag {
        "style" | "template" | "iframe" | "noembed" | "noframes" | "textarea" => false,
        "script" => attrs
            .iter()
            .any(|(k, v)| &**k == "type" && v.trim().eq_ignore_ascii_case("application/ld+json")),
        _ => true,
    }
}

/// Comments React's streaming rendering puts around a Suspense boundary's content: `$` (shown),
/// `$?` (pending: a placeholder and its fallback follow), `$~` (queued to be shown), `$!` (left to
/// the client), `&` (an activity boundary) open one, and `/$` and `/&` close it. Its scripts
/// count them to find where a pending boundary's fallback ends.
pub(super) const BOUNDARY_OPENERS: &[&str] = &["$", "$?", "$~", "$!", "&"];
pub(super) const BOUNDARY_CLOSERS: &[&str] = &["/$", "/&"];

/// Whether a comment is one of streamed rendering's boundary marks, the only comments the model
/// keeps (see [`DocumentBuilder::comment`]).
pub(super) fn is_boundary_comment(data: &str) -> bool {
    BOUNDARY_OPENERS.contains(&data) || BOUNDARY_CLOSERS.contains(&data)
}


/// The most elements the page model holds: `DocumentBuilder` keeps the first this many in document
/// order (and the text and end tags up to the next start tag) and ignores the rest of the page,
/// saying so ([`Document::is_truncated`]). The cost of a page is per element (about 2 us and
/// 250-500 bytes each, natively, at a million and more), so a page of millions of elements (a
/// comment thread or a list that never ends, the spec's reconstruction of 240 open formatting
/// elements before two million `<p>`s: 72 million elements) is read up to here rather than
/// refused: an article is at the start of its page, and what is cut is the tail of the list.
/// The field bounds the same cost the same way (Firefox's `reader.parse-node-limit`,
/// Readability.js's `maxElemsToParse`, trafilatura's `max_tree_size`). The largest page of the
/// three corpora has 15,797 elements (2,110 pages); every pathological page of `tests/pathological/pages.mjs`
/// comes in under 2 s of CPU and 512 MB with this many (README, Hostile pages).
pub const MAX_ELEMENTS: usize = 250_000;

/// Raw-text elements that swallow the rest of a page when a `<noscript>` holds one written
/// `<iframe ... />` (see [`markup`]); their text is what the live page reads as markup.
const SWALLOWING_TAGS: &[&str] = &["iframe", "noembed", "noframes", "xmp"];

/// An element open in the builder.
#[derive(Clone, Copy)]
struct Open {
    id: NodeId,
    /// Its text is dropped (style, non-JSON-LD script, ...).
    muted: bool,
    /// The front end opened it (and will close it); elements played back from raw text are not.
    outer: bool,
}

/// Builds a [`Document`] from a document-order walk: `start_element`, `text`, `end_element`.
/// Both front ends use it, which is what makes their models identical.
pub struct DocumentBuilder {
    nodes: Vec<Node>,
    /// Open elements, innermost last (the root first).
    stack: Vec<Open>,
    /// The front end's open elements, innermost last: an end tag played back from raw text may
    /// close one before the front end does.
    outer: Vec<NodeId>,
    /// Depth of open elements whose text is dropped.
    mute_depth: usize,
    pub(super) element_count: u32,
    boundary_marks: Vec<BoundaryMark>,
    /// A boundary comment came after the last node: the next text run starts a node of its own.
    text_break: bool,
    /// The raw text of a swallowing element in a `<noscript>`, read so far.
    raw: Option<(NodeId, String)>,
    /// An empty `<noscript>` just closed: in `<head>`, the parser closes one before an `<iframe>`
    /// and puts the iframe in `<body>`.
    after_empty_noscript: bool,
    /// The text of the runs so far (see [`TextRun`]).
    texts: String,
    /// The most elements kept (see [`MAX_ELEMENTS`]).
    max_elements: u32,
    /// A start tag came past `max_elements`: the rest of the walk is ignored.
    pub(super) truncated: bool,
}

impl Default for DocumentBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DocumentBuilder {
    pub fn new() -> Self {
        Self::with_capacity(1)
    }

    /// A builder with room for `nodes` nodes (the root among them).
    pub fn with_capacity(nodes: usize) -> Self {
        let mut first = Vec::with_capacity(nodes.max(1));
        first.push(Node::new(None, NodeKind::Root));
        Self {
            nodes: first,
            stack: vec![Open { id: Document::ROOT, muted: false, outer: false }],
            outer: Vec::new(),
            mute_depth: 0,
            element_count: 0,
            boundary_marks: Vec::new(),
            text_break: false,
            raw: None,
            after_empty_noscript: false,
            texts: String::new(),
            max_elements: MAX_ELEMENTS as u32,
            truncated: false,
        }
    }

    /// The builder keeps at most `n` elements rather than [`MAX_ELEMENTS`] (what the walk holds
    /// from the (n+1)-th start tag on is ignored, and the document says it was cut).
    pub fn with_max_elements(mut self, n: usize) -> Self {
        self.max_elements = u32::try_from(n).unwrap_or(u32::MAX);
        self
    }

    /// Whether the walk went past the most elements the model keeps, which it then stopped
    /// reading: a front end can stop walking too.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    fn top(&self) -> NodeId {
        self.stack.last().expect("builder stack never empty").id
    }

    fn push(&mut self, kind: NodeKind) -> NodeId {
        let parent = self.top();
        let id = self.nodes.len();
        self.nodes.push(Node::new(Some(parent), kind));
        self.text_break = false;
        id
    }

    pub fn start_element(&mut self, tag: &str, attrs: Vec<(Name, Box<str>)>) {
        if self.truncated || self.element_count >= self.max_elements {
            self.truncated = true;
            return;
        }
        let index = self.element_count;
        self.element_count += 1;
        self.open(name(tag), attrs, index);
    }

    /// Opens an element numbered `index` among the elements of the DOM that was read.
    pub(super) fn open(&mut self, tag: Name, attrs: Vec<(Name, Box<str>)>, index: u32) {
        let swallowing = SWALLOWING_TAGS.contains(&&*tag)
            && (self.after_empty_noscript || self.stack.iter().any(|o| self.is_tag(o.id, "noscript")));
        self.after_empty_noscript &= tag == "body";
        let id = self.open_element(tag, attrs, index, true);
        self.outer.push(id);
        if swallowing {
            self.raw = Some((id, String::new()));
        }
    }

    fn open_element(&mut self, tag: Name, attrs: Vec<(Name, Box<str>)>, index: u32, outer: bool) -> NodeId {
        let parent = self.top();
        let parent_hidden = matches!(&self.nodes[parent].kind, NodeKind::Element(e) if e.hidden);
        let muted = self.mute_depth > 0 || !keeps_text(&tag, &attrs);
        let hidden = parent_hidden || is_hidden_markup(&attrs);
        let id = self.push(NodeKind::Element(Element { tag, attrs: attrs.into_boxed_slice(), index, hidden }));
        self.stack.push(Open { id, muted, outer });
        if muted {
            self.mute_depth += 1;
        }
        id
    }

    fn is_tag(&self, id: NodeId, tag: &str) -> bool {
        matches!(&self.nodes[id].kind, NodeKind::Element(e) if e.is(tag))
    }

    /// Closes the open elements from stack position `pos` on.
    fn close_from(&mut self, pos: usize) {
        let pos = pos.max(1);
        if pos < self.stack.len() {
            self.mute_depth -= self.stack[pos..].iter().filter(|o| o.muted).count();
            self.stack.truncate(pos);
        }
    }

    /// Accounts for `n` elements inside an opaque element (see [`OPAQUE_TAGS`]) without building them.
    pub fn skip_elements(&mut self, n: u32) {
        if self.truncated {
            return;
        }
        self.element_count = self.element_count.saturating_add(n);
    }

    /// The front end's innermost open element closes (unless played-back markup closed it already).
    pub fn end_element(&mut self) {
        if self.truncated {
            return;
        }
        let Some(id) = self.outer.pop() else { return };
        if let Some(pos) = self.stack.iter().rposition(|o| o.id == id) {
            let empty_noscript = self.is_tag(id, "noscript")
                && self.nodes.len() - id <= 2
                && self.nodes[id + 1..].iter().all(|n| matches!(&n.kind, NodeKind::Text(t) if t.of(&self.texts).trim().is_empty()));
            self.close_from(pos);
            self.after_empty_noscript = empty_noscript || (self.after_empty_noscript && self.is_tag(id, "head"));
        }
        if self.raw.as_ref().is_some_and(|(r, _)| *r == id) {
            let (_, text) = self.raw.take().unwrap_or_default();
            self.read_swallowed(id, &text);
        }
    }

    /// The text of a swallowing element in a `<noscript>` that holds `</noscript>`: the live page
    /// (scripting on) ends the noscript there and reads the rest as the page's markup.
    fn read_swallowed(&mut self, id: NodeId, text: &str) {
        const END: &str = "</noscript";
        let Some(k) = text.as_bytes().windows(END.len()).position(|w| w.eq_ignore_ascii_case(END.as_bytes())) else {
            return;
        };
        let rest = &text[k..];
        let rest = rest.find('>').map_or("", |g| &rest[g + 1..]);
        if let Some(pos) = self.stack.iter().rposition(|o| self.is_tag(o.id, "noscript")) {
            self.close_from(pos);
        }
        let index = match &self.nodes[id].kind {
            NodeKind::Element(e) => e.index,
            _ => 0,
        };
        markup::replay(self, rest, index);
        // What the front end reads next goes where it expects: in its innermost open element.
        if let Some(pos) = self.stack.iter().rposition(|o| o.outer) {
            self.close_from(pos + 1);
        }
    }

    /// Opens an element played back from raw text, closing what its start tag implies.
    pub(super) fn open_replayed(&mut self, tag: &str, attrs: Vec<(Name, Box<str>)>, index: u32) {
        let implied: Option<(&[&str], &[&str])> = match tag {
            "li" => Some((&["li"], &["ul", "ol"])),
            "dd" | "dt" => Some((&["dd", "dt"], &["dl"])),
            "td" | "th" => Some((&["td", "th"], &["tr", "table"])),
            "tr" => Some((&["tr"], &["table"])),
            "option" => Some((&["option"], &["select"])),
            _ => None,
        };
        if let Some((closes, within)) = implied {
            self.close_nearest(closes, within);
        }
        if markup::closes_p(tag) {
            self.close_nearest(&["p"], markup::SCOPE_TAGS);
        }
        self.open_element(name(tag), attrs, index, false);
    }

    /// An end tag played back from raw text: closes the nearest open element of its name, unless
    /// a block or a scope boundary comes first (HTML ignores such a stray end tag).
    pub(super) fn close_replayed(&mut self, tag: &str) {
        let block = markup::is_block(tag);
        let found = self.stack.iter().rposition(|o| {
            let NodeKind::Element(e) = &self.nodes[o.id].kind else { return true };
            e.is(tag) || markup::SCOPE_TAGS.contains(&&*e.tag) || (!block && markup::is_block(&e.tag))
        });
        if let Some(pos) = found.filter(|&p| self.is_tag(self.stack[p].id, tag)) {
            self.close_from(pos);
        }
    }

    /// Closes the nearest open element named in `tags`, if no element named in `within` comes first.
    fn close_nearest(&mut self, tags: &[&str], within: &[&str]) {
        let found = self.stack.iter().rposition(|o| {
            let NodeKind::Element(e) = &self.nodes[o.id].kind else { return true };
            tags.contains(&&*e.tag) || within.contains(&&*e.tag) || markup::SCOPE_TAGS.contains(&&*e.tag)
        });
        if let Some(pos) = found.filter(|&p| tags.iter().any(|t| self.is_tag(self.stack[p].id, t))) {
            self.close_from(pos);
        }
    }

    pub fn text(&mut self, s: &str) {
        if self.truncated {
            return;
        }
        if self.mute_depth > 0 || s.is_empty() {
            if let Some((r, raw)) = &mut self.raw {
                if *r == self.stack.last().expect("builder stack never empty").id {
                    raw.push_str(s);
                }
            }
            return;
        }
        let parent = self.top();
        // Adjacent text runs merge, so CDATA/entity splits in one parser don't differ from another.
        // (The parent's last child is text exactly when the last node added is text under it,
        // and then its run is the last in `texts`.)
        let len = u32::try_from(s.len()).expect("a page is at most 64 MiB");
        if let Some(node) = self.nodes.last_mut().filter(|n| n.parent() == Some(parent)) {
            if let (NodeKind::Text(t), false) = (&mut node.kind, self.text_break) {
                self.texts.push_str(s);
                t.len += len;
                return;
            }
        }
        let start = u32::try_from(self.texts.len()).expect("a page is at most 64 MiB");
        self.texts.push_str(s);
        self.push(NodeKind::Text(TextRun { start, len }));
    }

    /// A comment. Only streamed rendering's boundary comments are kept, as marks between nodes
    /// (see `BOUNDARY_OPENERS`); the rest of the page's comments are not read.
    pub fn comment(&mut self, data: &str) {
        if self.truncated {
            return;
        }
        let opens = BOUNDARY_OPENERS.contains(&data);
        if self.mute_depth > 0 || !is_boundary_comment(data) {
            return;
        }
        let parent = self.top();
        self.boundary_marks.push(BoundaryMark { parent, next: self.nodes.len(), opens });
        self.text_break = true;
    }

    pub fn finish(mut self) -> Document {
        // The nodes are all there: what the lists grew by and never used (up to half) goes.
        self.nodes.shrink_to_fit();
        self.texts.shrink_to_fit();
        let n = self.nodes.len();
        // Children have larger ids than their parents: one reverse pass finds every subtree's end.
        let mut end: Vec<NodeId> = (1..=n).collect();
        let mut child_count = vec![0u32; n + 1];
        for id in (1..n).rev() {
            if let Some(p) = self.nodes[id].parent() {
                end[p] = end[p].max(end[id]);
                child_count[p] += 1;
            }
        }
        let mut child_start = vec![0u32; n + 1];
        for i in 0..n {
            child_start[i + 1] = child_start[i] + child_count[i];
        }
        let mut fill = child_start.clone();
        let mut child_ids = vec![0; n.saturating_sub(1)];
        for id in 1..n {
            if let Some(p) = self.nodes[id].parent() {
                child_ids[fill[p] as usize] = id;
                fill[p] += 1;
            }
        }
        Document {
            nodes: self.nodes,
            element_count: self.element_count,
            end,
            child_ids,
            child_start,
            boundary_marks: self.boundary_marks,
            texts: self.texts,
            truncated: self.truncated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn a(k: &str, v: &str) -> (Name, Box<str>) {
        (name(k), v.into())
    }

    #[test]
    fn builder_indexes_elements_and_inherits_hidden() {
        let mut b = DocumentBuilder::new();
        b.start_element("HTML", vec![]);
        b.start_element("div", vec![a("style", "display: none")]);
        b.start_element("p", vec![]);
        b.text("hi");
        b.end_element();
        b.end_element();
        b.start_element("script", vec![]);
        b.text("alert(1)");
        b.end_element();
        b.end_element();
        let d = b.finish();
        assert_eq!(d.element_count, 4);
        let p = d.first_by_tag("p").unwrap();
        assert!(d.element(p).unwrap().hidden);
        assert_eq!(d.element(p).unwrap().index, 2);
        let s = d.first_by_tag("script").unwrap();
        assert!(d.children(s).is_empty(), "script text is dropped");
        assert_eq!(d.css_paths().path(p), "html>div:nth-child(1)>p");
        let paths = d.css_paths();
        let ids: Vec<NodeId> = d.ids().rev().collect();
        let want: Vec<String> = ids.iter().map(|&i| paths.path(i)).collect();
        assert_eq!(paths.paths(&ids), want, "many paths at once read as one at a time");
        #[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
        {
            let mut cursor = paths.cursor();
            let asked = [p, s, p, Document::ROOT, s];
            let got: Vec<String> = asked.iter().map(|&i| cursor.path(i).to_string()).collect();
            let want: Vec<String> = asked.iter().map(|&i| paths.path(i)).collect();
            assert_eq!(got, want, "paths one after another, in and out of order, read as one at a time");
        }
    }
}
