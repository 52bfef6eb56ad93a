//! The page model the core reads: a compact arena of elements and text, built once from a DOM.
//!
//! Both front ends (web-sys for a live or `DOMParser` document, html5ever for native parsing)
//! feed the same [`DocumentBuilder`] in document order, so the two produce the same model for the
//! same HTML: the same elements, the same element indexes, the same hidden flags. Everything after
//! this point is pure Rust and never sees a browser type.

use std::borrow::Cow;

#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
pub mod html;
mod markup;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub type NodeId = usize;

/// One node of the page: the document root, an element, or a run of text.
#[derive(Debug, Clone)]
pub struct Node {
    pub parent: Option<NodeId>,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Root,
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Element {
    /// Lower-case local name (`div`, `p`, `svg`).
    pub tag: Name,
    /// Attributes in source order; names lower-case.
    pub attrs: Vec<(Name, Box<str>)>,
    /// Position among all elements in document order: `document.getElementsByTagName('*')[index]`.
    pub index: u32,
    /// Hidden by its own markup or by an ancestor's (see [`is_hidden_markup`]).
    pub hidden: bool,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| &**k == name).map(|(_, v)| &**v)
    }
    pub fn has_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|(k, _)| &**k == name)
    }
    pub fn is(&self, tag: &str) -> bool {
        &*self.tag == tag
    }
}

/// A lower-case tag or attribute name. The names pages use most are shared static strings, so
/// reading a page allocates for its text and attribute values, not for every `div` and `class`.
pub type Name = Cow<'static, str>;

/// Tag and attribute names kept as static strings (sorted, so a new one finds its place).
const COMMON_NAMES: &[&str] = &[
    "a", "abbr", "alt", "aria-describedby", "aria-expanded", "aria-hidden", "aria-label", "aria-labelledby", "article",
    "aside", "b", "blockquote", "body", "br", "button", "caption", "charset", "cite", "class", "code", "content",
    "data-id", "data-src", "data-srcset", "datetime", "dd", "decoding", "dir", "div", "dl", "dt", "em", "fetchpriority",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "height", "hidden",
    "hr", "href", "html", "i", "id", "iframe", "img", "input", "itemprop", "itemscope", "itemtype", "label", "lang", "li",
    "link", "loading", "main", "media", "meta", "name", "nav", "noscript", "ol", "option", "p", "path", "picture", "pre",
    "property", "rel", "role", "script", "section", "select", "sizes", "small", "source", "span", "src", "srcset",
    "strong", "style", "sup", "svg", "tabindex", "table", "target", "tbody", "td", "template", "th", "thead", "time",
    "title", "tr", "type", "u", "ul", "use", "value", "video", "viewbox", "width", "xmlns",
];

/// The lower-case [`Name`] of a tag or attribute.
pub fn name(raw: &str) -> Name {
    let lower;
    let key = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = raw.to_ascii_lowercase();
        lower.as_str()
    } else {
        raw
    };
    thread_local! {
        static COMMON: rustc_hash::FxHashSet<&'static str> = COMMON_NAMES.iter().copied().collect();
    }
    match COMMON.with(|common| common.get(key).copied()) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(key.to_string()),
    }
}

/// Class parts of carousel slides and cards (`slick-slide`, `pricing_card-wrapper`): see
/// [`is_hidden_markup`].
const SHOWN_ARIA_HIDDEN_CLASS_PARTS: &[&str] = &["slide", "card", "carousel"];

/// Markup that says an element is not rendered. The extension's content script marks elements the
/// live page does not render with `data-readmode-hidden`, so a snapshot carries what only layout knows.
/// `aria-hidden` only hides from screen readers: carousels and card decks set it on the slides and
/// cards not in view, which a page still shows (as the reader view should); elsewhere it marks
/// closed menus and dialogs, and is read as hidden.
pub fn is_hidden_markup(attrs: &[(Name, Box<str>)]) -> bool {
    let shown_slide = || {
        attrs.iter().any(|(k, v)| &**k == "class" && SHOWN_ARIA_HIDDEN_CLASS_PARTS.iter().any(|p| contains_ignore_ascii_case(v, p)))
    };
    attrs.iter().any(|(k, v)| match &**k {
        "hidden" | "data-readmode-hidden" => true,
        "aria-hidden" => v.trim().eq_ignore_ascii_case("true") && !shown_slide(),
        // Most inline styles say neither `none` nor `hidden`: skip the normalising copy for them.
        "style" if !(contains_ignore_ascii_case(v, "none") || contains_ignore_ascii_case(v, "hidden")) => false,
        "style" => {
            let s: String = v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        }
        _ => false,
    })
}

/// Collapsed accordion and tab panels are hidden until the reader clicks their control; a reader
/// view has no controls to click, so it shows them, as a printed page would (FAQ answers, product
/// and service details, code samples for other languages). A panel is an element with the
/// `tabpanel` role, one that a control names in `aria-controls`, or an accordion's answer: the
/// element right after its toggle (see [`is_accordion_toggle`]). Its own hiding markup is set
/// aside; an ancestor's still hides it, and so does the live page's verdict on a panel nobody
/// could open (`data-readmode-hidden` on an ancestor).
fn reveal_disclosure_panels(nodes: &mut [Node]) {
    // A page with nothing hidden has no panel to show.
    if !nodes.iter().any(|n| matches!(&n.kind, NodeKind::Element(e) if e.hidden)) {
        return;
    }
    let panels = disclosure_panels(nodes);
    let hidden_panel = |id: NodeId| panels[id] && matches!(&nodes[id].kind, NodeKind::Element(e) if e.hidden);
    if (0..nodes.len()).any(hidden_panel) {
        set_hidden(nodes, |id, e| !panels[id] && is_hidden_markup(&e.attrs));
    }
}

/// Class words of a tab panel that says so only by its class (Bootstrap's `tab-pane`, shop
/// templates' `tab-panel`): a product's specifications and reviews wait in them, `display:none`.
const TAB_PANEL_CLASSES: &[&str] = &["tab-pane", "tab-panel", "tabpanel"];

/// Whether the element's class names a tab panel ([`TAB_PANEL_CLASSES`]), as a whole class word.
fn is_tab_panel_class(e: &Element) -> bool {
    e.attr("class").is_some_and(|c| c.split_whitespace().any(|w| TAB_PANEL_CLASSES.iter().any(|t| w.eq_ignore_ascii_case(t))))
}

/// A question that opens an accordion's entry is at most this long ("What is pet insurance?").
const MAX_QUESTION_CHARS: usize = 200;

/// By node id: is it a disclosure panel (see [`reveal_disclosure_panels`])? Only the elements
/// whose own markup hides them are looked at, the only ones the answer changes anything for; the
/// others are `false`.
fn disclosure_panels(nodes: &[Node]) -> Vec<bool> {
    let n = nodes.len();
    let mut controlled: rustc_hash::FxHashSet<&str> = Default::default();
    for node in nodes {
        if let NodeKind::Element(e) = &node.kind {
            if let Some(c) = e.attr("aria-controls") {
                controlled.extend(c.split_whitespace());
            }
        }
    }
    // The elements that hide themselves and the element sibling before each, found in one pass:
    // siblings come in document order. Those siblings are the only possible toggles asked about.
    let mut last_child: Vec<Option<NodeId>> = vec![None; n];
    let mut hiding: Vec<(NodeId, Option<NodeId>)> = Vec::new();
    let mut asked = vec![false; n];
    for (id, node) in nodes.iter().enumerate() {
        let NodeKind::Element(e) = &node.kind else { continue };
        let before = node.parent.and_then(|p| last_child[p].replace(id));
        if is_hidden_markup(&e.attrs) {
            hiding.push((id, before));
            if let Some(b) = before {
                asked[b] = true;
            }
        }
    }
    let toggles = accordion_toggles(nodes, &asked);
    let mut out = vec![false; n];
    for (id, before) in hiding {
        let NodeKind::Element(e) = &nodes[id].kind else { continue };
        out[id] = e.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("tabpanel"))
            || is_tab_panel_class(e)
            || (!controlled.is_empty() && e.attr("id").is_some_and(|i| controlled.contains(i.trim())))
            || before.is_some_and(|b| toggles[b]);
    }
    out
}

/// By node id, for the elements `asked` about (the others are `false`): whether the element is
/// an accordion's toggle, which shows or hides the element after it: a `details` element's
/// `summary`, an element that says whether it is expanded (`aria-expanded`, unless it names its
/// panel in `aria-controls`), or a short question ("What is pet insurance?", "How do I
/// cancel?") that FAQ templates make clickable without saying so. A toggle is in view (a hidden
/// chunk of a streamed page that happens to end in a question is no toggle).
fn accordion_toggles(nodes: &[Node], asked: &[bool]) -> Vec<bool> {
    let n = nodes.len();
    // Only the text inside the elements asked about is read.
    let mut under = vec![false; n];
    for id in 1..n {
        under[id] = asked[id] || nodes[id].parent.is_some_and(|p| under[p]);
    }
    // Per node: visible characters of text in its subtree (counted up to one past the longest
    // question: only whether a subtree is short matters) and the last one, summed bottom-up.
    const PAST_QUESTION: usize = MAX_QUESTION_CHARS + 1;
    let mut chars = vec![0usize; n];
    let mut last: Vec<Option<char>> = vec![None; n];
    for id in (1..n).rev().filter(|&id| under[id]) {
        if let NodeKind::Text(t) = &nodes[id].kind {
            chars[id] = (chars[id] + visible_chars_up_to(t, PAST_QUESTION)).min(PAST_QUESTION);
            last[id] = last[id].or_else(|| t.trim_end().chars().last());
        }
        if let Some(p) = nodes[id].parent.filter(|&p| under[p]) {
            chars[p] = (chars[p] + chars[id]).min(PAST_QUESTION);
            // Children are visited last to first: the first one seen ends the parent's text.
            if last[p].is_none() {
                last[p] = last[id];
            }
        }
    }
    (0..n)
        .map(|id| match &nodes[id].kind {
            NodeKind::Element(e) if asked[id] && !e.hidden => {
                e.is("summary")
                    || (e.has_attr("aria-expanded") && !e.has_attr("aria-controls"))
                    || (chars[id] > 0 && chars[id] <= MAX_QUESTION_CHARS && matches!(last[id], Some('?' | '？')))
            }
            _ => false,
        })
        .collect()
}

/// Sets every element's `hidden` flag again, in document order: hidden by an ancestor, or by its
/// own markup as `own` reads it.
fn set_hidden(nodes: &mut [Node], own: impl Fn(NodeId, &Element) -> bool) {
    for id in 0..nodes.len() {
        let parent_hidden = nodes[id].parent.is_some_and(|p| matches!(&nodes[p].kind, NodeKind::Element(e) if e.hidden));
        if let NodeKind::Element(e) = &nodes[id].kind {
            let hidden = parent_hidden || own(id, e);
            if let NodeKind::Element(e) = &mut nodes[id].kind {
                e.hidden = hidden;
            }
        }
    }
}

/// Does `hay` hold `needle`, ASCII letters compared without case (no copy)?
pub fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else { return h.windows(0).next().is_some() };
    if h.len() < n.len() {
        return false;
    }
    // Only the windows that start with the needle's first letter are compared.
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    (0..=h.len() - n.len()).any(|i| (h[i] == lower || h[i] == upper) && h[i + 1..i + n.len()].eq_ignore_ascii_case(rest))
}

/// Characters of `t` that are not whitespace (ASCII text counted byte by byte).
fn visible_chars(t: &str) -> usize {
    if t.is_ascii() {
        // `char::is_whitespace` on ASCII: space, tab, line feed, vertical tab, form feed, return.
        t.bytes().filter(|b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')).count()
    } else {
        t.chars().filter(|c| !c.is_whitespace()).count()
    }
}

/// [`visible_chars`], counting no further than `limit`.
fn visible_chars_up_to(t: &str, limit: usize) -> usize {
    t.chars().filter(|c| !c.is_whitespace()).take(limit).count()
}

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

/// The parsed page. Nodes are numbered in document order, so a subtree is a range of ids; the
/// tree's shape (subtree ends, child lists) is laid out once in flat arrays when it is built.
#[derive(Debug, Clone)]
pub struct Document {
    nodes: Vec<Node>,
    element_count: u32,
    /// For each node, the end (exclusive) of its subtree.
    end: Vec<NodeId>,
    /// Every node's children, node after node: node `i`'s are `child_ids[child_start[i]..child_start[i + 1]]`.
    child_ids: Vec<NodeId>,
    child_start: Vec<u32>,
    /// Streamed rendering's boundary comments, in document order (see [`BoundaryMark`]).
    boundary_marks: Vec<BoundaryMark>,
}

impl Document {
    pub const ROOT: NodeId = 0;

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
    pub fn len(&self) -> usize {
        self.nodes.len()
    }
    pub fn is_empty(&self) -> bool {
        self.element_count == 0
    }
    pub fn element_count(&self) -> u32 {
        self.element_count
    }
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes[id].kind {
            NodeKind::Element(e) => Some(e),
            _ => None,
        }
    }
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Text(t) => Some(t),
            _ => None,
        }
    }
    pub fn tag(&self, id: NodeId) -> &str {
        self.element(id).map(|e| &*e.tag).unwrap_or("")
    }
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.child_ids[self.child_start[id] as usize..self.child_start[id + 1] as usize]
    }
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent
    }
    /// Ancestors from the parent up to (not including) the root.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut cur = self.nodes[id].parent;
        std::iter::from_fn(move || {
            let c = cur?;
            if c == Self::ROOT {
                return None;
            }
            cur = self.nodes[c].parent;
            Some(c)
        })
    }
    /// All node ids in document order (ids are assigned in document order by the builder).
    pub fn ids(&self) -> std::ops::Range<NodeId> {
        0..self.nodes.len()
    }
    /// The end (exclusive) of `id`'s subtree in id order: descendants of `id` are `id+1..end`.
    pub fn subtree_end(&self, id: NodeId) -> NodeId {
        self.end[id]
    }
    /// First element with this tag, in document order.
    pub fn first_by_tag(&self, tag: &str) -> Option<NodeId> {
        self.ids().find(|&i| self.element(i).is_some_and(|e| e.is(tag)))
    }
    /// Concatenated text of a subtree (raw, not normalised).
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for i in id..self.subtree_end(id) {
            if let Some(t) = self.text(i) {
                out.push_str(t);
            }
        }
        out
    }
    /// Share of the page's visible characters of text that lie under hidden elements.
    pub fn hidden_text_share(&self) -> f32 {
        self.hidden_text_share_in(Self::ROOT)
    }

    /// Share of the text of the page's `main` landmark (the first `main` element, or the first
    /// element with `role=main`) that lies under hidden elements; 0 when the page has none.
    pub fn main_hidden_text_share(&self) -> f32 {
        let is_main = |id: NodeId| {
            self.element(id)
                .is_some_and(|e| e.is("main") || e.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("main")))
        };
        self.ids().find(|&id| is_main(id)).map_or(0.0, |m| self.hidden_text_share_in(m))
    }

    /// Share of the characters of text in `root`'s subtree that lie under hidden elements.
    fn hidden_text_share_in(&self, root: NodeId) -> f32 {
        let hidden_parent = |n: &Node| n.parent.and_then(|p| self.element(p)).is_some_and(|e| e.hidden);
        let nodes = &self.nodes[root..self.subtree_end(root)];
        // Most pages hide no text at all: no need to count it.
        if !nodes.iter().any(|n| matches!(n.kind, NodeKind::Text(_)) && hidden_parent(n)) {
            return 0.0;
        }
        let (mut hidden, mut all) = (0usize, 0usize);
        for n in nodes {
            if let NodeKind::Text(t) = &n.kind {
                let c = visible_chars(t);
                all += c;
                if hidden_parent(n) {
                    hidden += c;
                }
            }
        }
        if all == 0 {
            0.0
        } else {
            hidden as f32 / all as f32
        }
    }

    /// A copy as the page will be shown once its scripts run. Streamed rendering parks content in
    /// `<div hidden>` containers a script reveals, or in `style="display:none"` ones, a chunk of
    /// the page each (a catalogue's filters in one, its results in the next), and anti-flicker
    /// guards wrap the whole page in `style="visibility:hidden"` (or `display:none`) until the
    /// scripts are ready: the `hidden` attribute no longer hides, nor does an inline style on a
    /// container holding at least [`MIN_STAGED_CHUNK_SHARE`] of the page's text. The live page's
    /// own verdict (`data-readmode-hidden`) and `aria-hidden` still hide.
    pub fn revealing_staged_content(&self) -> Document {
        let n = self.nodes.len();
        let mut chars = vec![0usize; n];
        for id in (1..n).rev() {
            if let NodeKind::Text(t) = &self.nodes[id].kind {
                chars[id] += visible_chars(t);
            }
            if let Some(p) = self.nodes[id].parent {
                chars[p] += chars[id];
            }
        }
        let wrapper = |id: NodeId| chars[id] as f32 > MIN_STAGED_CHUNK_SHARE * chars[Self::ROOT] as f32;
        // Disclosure panels stay shown, as the builder left them.
        let panels = disclosure_panels(&self.nodes);
        let mut doc = self.clone();
        set_hidden(&mut doc.nodes, |id, e| {
            let kept: Vec<_> = e.attrs.iter().filter(|(k, _)| k != "hidden" && !(k == "style" && wrapper(id))).cloned().collect();
            !panels[id] && is_hidden_markup(&kept)
        });
        doc
    }

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
    pub fn placing_streamed_segments(&self) -> Option<Document> {
        let n = self.nodes.len();
        let mut segments: rustc_hash::FxHashMap<StreamedKey, NodeId> = Default::default();
        for id in self.ids() {
            if let Some(('S', key)) = self.element(id).filter(|e| e.hidden).and_then(|e| e.attr("id")).and_then(streamed_id) {
                segments.entry(key).or_insert(id);
            }
        }
        if segments.is_empty() {
            return None;
        }
        // By node id: the part a placeholder takes.
        let mut fill: Vec<Option<NodeId>> = vec![None; n];
        for id in self.ids() {
            let Some(e) = self.element(id).filter(|e| e.is("template")) else { continue };
            if let Some(('B' | 'P', key)) = e.attr("id").and_then(streamed_id) {
                fill[id] = segments.get(&key).copied();
            }
        }
        if fill.iter().all(Option::is_none) {
            return None;
        }
        let marks = BoundaryMarks::of(&self.boundary_marks);
        let mut skip = vec![false; n];
        let mut placed = vec![false; n];
        let mut b = DocumentBuilder::new();
        enum Step {
            Enter(NodeId),
            Leave,
        }
        let mut stack: Vec<Step> = self.children(Self::ROOT).iter().rev().map(|&c| Step::Enter(c)).collect();
        while let Some(step) = stack.pop() {
            let id = match step {
                Step::Leave => {
                    b.end_element();
                    continue;
                }
                Step::Enter(id) if skip[id] => continue,
                Step::Enter(id) => id,
            };
            let e = match &self.nodes[id].kind {
                NodeKind::Element(e) => e,
                NodeKind::Text(t) => {
                    b.text(t);
                    continue;
                }
                NodeKind::Root => continue,
            };
            if let Some(seg) = fill[id].filter(|&s| !placed[s]) {
                // The part's children take the placeholder's place, and the fallback goes.
                placed[seg] = true;
                if let Some(end) = marks.fallback_end(self, id) {
                    let siblings = self.children(self.nodes[id].parent.unwrap_or(Self::ROOT));
                    let after = siblings.partition_point(|&s| s <= id);
                    for &s in siblings[after..].iter().take_while(|&&s| s < end) {
                        skip[s] = true;
                    }
                }
                stack.extend(self.children(seg).iter().rev().map(|&c| Step::Enter(c)));
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
            b.open(e.tag.clone(), e.attrs.clone(), e.index);
            stack.push(Step::Leave);
            stack.extend(self.children(id).iter().rev().map(|&c| Step::Enter(c)));
        }
        b.element_count = self.element_count;
        let mut doc = b.finish();
        doc.boundary_marks.clear();
        Some(doc)
    }

    /// A CSS selector for an element (`html>body>div:nth-child(2)`), to find it again in the DOM.
    pub fn css_path(&self, id: NodeId) -> String {
        self.css_paths().path(id)
    }

    /// Every element's position among its element siblings, computed once, for many CSS paths.
    pub fn css_paths(&self) -> CssPaths<'_> {
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

/// On a staged page, a style-hidden container holding this share of the page's text is a chunk
/// the scripts will show, not a collapsed widget (see [`Document::revealing_staged_content`]).
const MIN_STAGED_CHUNK_SHARE: f32 = 0.1;

/// Comments React's streaming rendering puts around a Suspense boundary's content: `$` (shown),
/// `$?` (pending: a placeholder and its fallback follow), `$~` (queued to be shown), `$!` (left to
/// the client), `&` (an activity boundary) open one, and `/$` and `/&` close it. Its scripts
/// count them to find where a pending boundary's fallback ends.
const BOUNDARY_OPENERS: &[&str] = &["$", "$?", "$~", "$!", "&"];
const BOUNDARY_CLOSERS: &[&str] = &["/$", "/&"];

/// A boundary comment (see [`BOUNDARY_OPENERS`]): under which node it stands, and before which
/// node id (the next node added after it, a later sibling's or not).
#[derive(Debug, Clone, Copy)]
struct BoundaryMark {
    parent: NodeId,
    next: NodeId,
    opens: bool,
}

/// The boundary marks grouped by parent, for finding fallbacks (see
/// [`Document::placing_streamed_segments`]).
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

/// Element positions for building CSS paths (see [`Document::css_paths`]).
pub struct CssPaths<'a> {
    doc: &'a Document,
    /// 1-based position of each element among its parent's element children.
    nth: Vec<u32>,
    /// Number of element children of each node.
    count: Vec<u32>,
}

impl CssPaths<'_> {
    /// `html>body>div:nth-child(2)>p`: the tag alone where the element has no element siblings.
    pub fn path(&self, id: NodeId) -> String {
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
    pub fn paths(&self, ids: &[NodeId]) -> Vec<String> {
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

    /// Appends one element's step (`>div:nth-child(2)`; no `>` at the `top`).
    fn push_step(&self, out: &mut String, c: NodeId, top: bool) {
        if !top {
            out.push('>');
        }
        out.push_str(self.doc.tag(c));
        if self.doc.nodes[c].parent.is_some_and(|p| p != Document::ROOT && self.count[p] > 1) {
            out.push_str(":nth-child(");
            push_decimal(out, self.nth[c]);
            out.push(')');
        }
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
    element_count: u32,
    boundary_marks: Vec<BoundaryMark>,
    /// A boundary comment came after the last node: the next text run starts a node of its own.
    text_break: bool,
    /// The raw text of a swallowing element in a `<noscript>`, read so far.
    raw: Option<(NodeId, String)>,
    /// An empty `<noscript>` just closed: in `<head>`, the parser closes one before an `<iframe>`
    /// and puts the iframe in `<body>`.
    after_empty_noscript: bool,
}

impl Default for DocumentBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DocumentBuilder {
    pub fn new() -> Self {
        Self {
            nodes: vec![Node { parent: None, kind: NodeKind::Root }],
            stack: vec![Open { id: Document::ROOT, muted: false, outer: false }],
            outer: Vec::new(),
            mute_depth: 0,
            element_count: 0,
            boundary_marks: Vec::new(),
            text_break: false,
            raw: None,
            after_empty_noscript: false,
        }
    }

    fn top(&self) -> NodeId {
        self.stack.last().expect("builder stack never empty").id
    }

    fn push(&mut self, kind: NodeKind) -> NodeId {
        let parent = self.top();
        let id = self.nodes.len();
        self.nodes.push(Node { parent: Some(parent), kind });
        self.text_break = false;
        id
    }

    pub fn start_element(&mut self, tag: &str, attrs: Vec<(Name, Box<str>)>) {
        let index = self.element_count;
        self.element_count += 1;
        self.open(name(tag), attrs, index);
    }

    /// Opens an element numbered `index` among the elements of the DOM that was read.
    fn open(&mut self, tag: Name, attrs: Vec<(Name, Box<str>)>, index: u32) {
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
        let id = self.push(NodeKind::Element(Element { tag, attrs, index, hidden }));
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
        self.element_count += n;
    }

    /// The front end's innermost open element closes (unless played-back markup closed it already).
    pub fn end_element(&mut self) {
        let Some(id) = self.outer.pop() else { return };
        if let Some(pos) = self.stack.iter().rposition(|o| o.id == id) {
            let empty_noscript = self.is_tag(id, "noscript")
                && self.nodes.len() - id <= 2
                && self.nodes[id + 1..].iter().all(|n| matches!(&n.kind, NodeKind::Text(t) if t.trim().is_empty()));
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
    fn open_replayed(&mut self, tag: &str, attrs: Vec<(Name, Box<str>)>, index: u32) {
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
    fn close_replayed(&mut self, tag: &str) {
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
        // (The parent's last child is text exactly when the last node added is text under it.)
        if let Some(Node { parent: Some(p), kind: NodeKind::Text(t) }) = self.nodes.last_mut() {
            if *p == parent && !self.text_break {
                t.push_str(s);
                return;
            }
        }
        self.push(NodeKind::Text(s.to_string()));
    }

    /// A comment. Only streamed rendering's boundary comments are kept, as marks between nodes
    /// (see [`BoundaryMark`]); the rest of the page's comments are not read.
    pub fn comment(&mut self, data: &str) {
        let opens = BOUNDARY_OPENERS.contains(&data);
        if self.mute_depth > 0 || !(opens || BOUNDARY_CLOSERS.contains(&data)) {
            return;
        }
        let parent = self.top();
        self.boundary_marks.push(BoundaryMark { parent, next: self.nodes.len(), opens });
        self.text_break = true;
    }

    pub fn finish(mut self) -> Document {
        reveal_disclosure_panels(&mut self.nodes);
        let n = self.nodes.len();
        // Children have larger ids than their parents: one reverse pass finds every subtree's end.
        let mut end: Vec<NodeId> = (1..=n).collect();
        let mut child_count = vec![0u32; n + 1];
        for id in (1..n).rev() {
            if let Some(p) = self.nodes[id].parent {
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
            if let Some(p) = self.nodes[id].parent {
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
    fn common_names_are_sorted_and_shared() {
        assert!(COMMON_NAMES.windows(2).all(|w| w[0] < w[1]), "COMMON_NAMES must stay sorted");
        assert!(matches!(name("DIV"), Cow::Borrowed("div")));
        assert!(matches!(name("x-widget"), Cow::Owned(ref s) if s == "x-widget"));
    }

    #[test]
    fn collapsed_panels_are_shown() {
        let mut b = DocumentBuilder::new();
        b.start_element("button", vec![a("aria-controls", "faq-1")]);
        b.end_element();
        b.start_element("div", vec![a("id", "faq-1"), a("hidden", "")]); // an accordion answer
        b.start_element("p", vec![]);
        b.end_element();
        b.end_element();
        b.start_element("section", vec![a("role", "tabpanel"), a("aria-hidden", "true")]); // another tab
        b.end_element();
        b.start_element("nav", vec![a("style", "display:none")]); // hidden, and no control names it
        b.start_element("ul", vec![a("role", "tabpanel")]);
        b.end_element();
        b.end_element();
        let d = b.finish();
        let hidden = |tag: &str| d.element(d.first_by_tag(tag).unwrap()).unwrap().hidden;
        assert!(!hidden("div") && !hidden("p") && !hidden("section"));
        assert!(hidden("nav") && hidden("ul"), "a panel inside hidden markup stays hidden");
    }

    #[test]
    fn accordion_answers_are_shown() {
        let mut b = DocumentBuilder::new();
        // A FAQ entry: a clickable question, its answer collapsed by an inline style.
        b.start_element("div", vec![a("class", "q")]);
        b.text("What is pet insurance?");
        b.end_element();
        b.start_element("div", vec![a("style", "height:0;visibility:hidden")]);
        b.text("It pays part of the vet's bills.");
        b.end_element();
        // A `details` entry whose answer says it is hidden.
        b.start_element("details", vec![]);
        b.start_element("summary", vec![]);
        b.text("Shipping");
        b.end_element();
        b.start_element("section", vec![a("aria-hidden", "true")]);
        b.end_element();
        b.end_element();
        // A sentence that is no question, then a hidden box: still hidden.
        b.start_element("p", vec![]);
        b.text("Our plans.");
        b.end_element();
        b.start_element("span", vec![a("style", "display:none")]);
        b.end_element();
        b.end_element();
        let d = b.finish();
        let hidden = |tag: &str| d.element(d.first_by_tag(tag).unwrap()).unwrap().hidden;
        let answer = d.ids().find(|&i| d.element(i).is_some_and(|e| e.attr("style").is_some_and(|s| s.contains("height")))).unwrap();
        assert!(!d.element(answer).unwrap().hidden && !hidden("section"));
        assert!(hidden("span"), "a hidden box after a statement stays hidden");
    }

    #[test]
    fn staged_pages_are_read_as_they_will_be_shown() {
        // An anti-flicker wrapper around the whole page, a `hidden` staging box, and a small
        // element that really is hidden by its style.
        let mut b = DocumentBuilder::new();
        b.start_element("body", vec![a("style", "visibility:hidden")]);
        b.start_element("p", vec![]);
        b.text("The whole article, hidden until the scripts are ready.");
        b.end_element();
        b.start_element("div", vec![a("hidden", "")]);
        b.text("Streamed in later.");
        b.end_element();
        b.start_element("span", vec![a("style", "display:none")]);
        b.text("x");
        b.end_element();
        b.end_element();
        let d = b.finish().revealing_staged_content();
        let hidden = |tag: &str| d.element(d.first_by_tag(tag).unwrap()).unwrap().hidden;
        assert!(!hidden("body") && !hidden("p") && !hidden("div"));
        assert!(hidden("span"), "a small element hidden by its style stays hidden");
    }

    #[test]
    fn streamed_segments_take_their_placeholders() {
        // The shell: a pending boundary with a fallback between its comments, and a boundary on a
        // page saved without comments, whose skeleton cannot be told from what follows it.
        let mut b = DocumentBuilder::new();
        b.start_element("body", vec![]);
        b.start_element("h1", vec![]);
        b.text("Title");
        b.end_element();
        b.comment("$?");
        b.start_element("template", vec![a("id", "B:0")]);
        b.end_element();
        b.start_element("div", vec![]);
        b.text("Loading...");
        b.end_element();
        b.comment("/$");
        b.start_element("footer", vec![]);
        b.text("Footer");
        b.end_element();
        b.start_element("template", vec![a("id", "B:2")]);
        b.end_element();
        b.start_element("aside", vec![]);
        b.text("Skeleton");
        b.end_element();
        // The parts, streamed last; the first holds a placeholder for a part of its own.
        b.start_element("div", vec![a("hidden", ""), a("id", "S:0")]);
        b.start_element("p", vec![]);
        b.text("Body");
        b.end_element();
        b.start_element("template", vec![a("id", "P:1")]);
        b.end_element();
        b.end_element();
        b.start_element("div", vec![a("hidden", ""), a("id", "S:1")]);
        b.start_element("p", vec![]);
        b.text("More");
        b.end_element();
        b.end_element();
        b.start_element("div", vec![a("hidden", ""), a("id", "S:2")]);
        b.start_element("section", vec![]);
        b.text("Late");
        b.end_element();
        b.end_element();
        b.end_element();
        let d = b.finish();
        let footer_index = d.element(d.first_by_tag("footer").unwrap()).unwrap().index;
        let placed = d.placing_streamed_segments().expect("the page has streamed parts");
        let texts: Vec<&str> = placed.ids().filter_map(|i| placed.text(i)).collect();
        assert_eq!(texts, ["Title", "Body", "More", "Footer", "Late", "Skeleton"]);
        assert!(placed.ids().all(|i| placed.element(i).is_none_or(|e| !e.hidden)), "moved parts are shown");
        assert!(placed.first_by_tag("template").is_none());
        assert_eq!(placed.element(placed.first_by_tag("footer").unwrap()).unwrap().index, footer_index);
        assert!(d.placing_streamed_segments().unwrap().placing_streamed_segments().is_none());
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
        assert_eq!(d.element_count(), 4);
        let p = d.first_by_tag("p").unwrap();
        assert!(d.element(p).unwrap().hidden);
        assert_eq!(d.element(p).unwrap().index, 2);
        let s = d.first_by_tag("script").unwrap();
        assert!(d.children(s).is_empty(), "script text is dropped");
        assert_eq!(d.css_path(p), "html>div:nth-child(1)>p");
        let paths = d.css_paths();
        let ids: Vec<NodeId> = d.ids().rev().collect();
        let want: Vec<String> = ids.iter().map(|&i| paths.path(i)).collect();
        assert_eq!(paths.paths(&ids), want, "many paths at once read as one at a time");
    }
}
