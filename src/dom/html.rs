//! Native front end: HTML text → [`Document`] with html5ever, for the CLI and native tests.
//!
//! Parsed with scripting disabled, as `DOMParser` parses, so `<noscript>` content becomes elements
//! here exactly as it does in the browser front end.
//!
//! Depth is capped as Chromium caps it, so that the page model is the browser's whatever the
//! nesting: Chromium's parser attaches an element it would put deeper than [`MAX_DEPTH`] to the
//! element at that depth instead (its text stays inside it), so a page nested 100,000 deep is, in
//! the DOM, 513 deep and wide below that. [`from_tree`] lays the tree out that way. Below the
//! cap, html5ever's own work grows with the depth of its stack of open elements (every `<div>`
//! looks down the stack for a `<p>` to close: 100,000 nested `<div>`s took 18.8 s), so a
//! [`DepthGuard`] between its tokenizer and tree builder builds what lies deeper itself, with a
//! small tree builder of its own (below): on ordinary pages, which never nest that deep, it only
//! watches; on deeper ones the model can differ from the browser's only in what lies deeper than
//! the cap.

use super::many_attributes::{self, Spilled};
use super::text_runs::TextRuns;
use super::{Document, DocumentBuilder, MAX_ELEMENTS};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{
    Attribute, ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{ns, ExpandedName, LocalName, QualName};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The deepest an element is placed, counting `<html>` as 1: Chromium's
/// `kMaximumHTMLParserDOMTreeDepth`. An element the markup nests deeper is placed as the last
/// child of its ancestor at this depth.
pub(crate) const MAX_DEPTH: usize = 512;

/// Pages larger than this are refused rather than parsed (a reader never needs 64 MiB of HTML).
pub(crate) const MAX_HTML_BYTES: usize = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    TooLarge(usize),
    NotHtml,
    /// The input opens with the signature of another kind of file (`a PDF document`).
    Binary(&'static str),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Empty => write!(f, "the page is empty"),
            ParseError::TooLarge(n) => {
                write!(f, "the page is {} MiB, more than the {} MiB limit", n >> 20, MAX_HTML_BYTES >> 20)
            }
            ParseError::NotHtml => write!(f, "the input does not look like HTML (no elements with text found)"),
            ParseError::Binary(kind) => write!(f, "the input does not look like HTML: it opens as {kind} does"),
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses an HTML document (up to [`MAX_ELEMENTS`] elements: see [`Document::is_truncated`]).
pub fn parse_html(html: &str) -> Result<Document, ParseError> {
    parse_html_with(html, MAX_ELEMENTS)
}

/// [`parse_html`] keeping at most `max_elements` elements (see [`MAX_ELEMENTS`]).
pub(crate) fn parse_html_with(html: &str, max_elements: usize) -> Result<Document, ParseError> {
    if html.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    if html.len() > MAX_HTML_BYTES {
        return Err(ParseError::TooLarge(html.len()));
    }
    // A binary file decoded leniently opens with its signature or is full of control
    // characters; a page is read as a browser reads a file it is not told the type of.
    if let Err(kind) = super::sniff::not_html(html.as_bytes()) {
        return Err(kind.map_or(ParseError::NotHtml, ParseError::Binary));
    }
    if !html.contains('<') {
        return Err(ParseError::NotHtml);
    }
    // A start tag with thousands of attributes is given to html5ever in groups (see
    // `many_attributes`); if the scan that finds them misread the page, it is parsed as it is.
    if let Some((spilled_html, spilled)) = many_attributes::split(html) {
        let (dom, spilled) = build(&spilled_html, Some(spilled), max_elements);
        if spilled.is_some_and(|s| s.all_restored()) {
            return Ok(from_tree(dom, max_elements));
        }
    }
    Ok(from_tree(build(html, None, max_elements).0, max_elements))
}

/// html5ever's tree of `html`, as Chromium places what nests past [`MAX_DEPTH`] (see
/// [`DepthGuard`]), with the attributes `spilled` took out put back, up to the start tag at which
/// the tree builder has created clearly more than `max_elements` elements (see
/// [`DepthGuard::over_budget`]): the rest of the input is not even tokenized.
fn build(html: &str, spilled: Option<Spilled>, max_elements: usize) -> (Tree, Option<Spilled>) {
    let opts = TreeBuilderOpts { scripting_enabled: false, ..TreeBuilderOpts::default() };
    let sink = DepthSink { spilled, ..DepthSink::default() };
    sink.tree.borrow_mut().push(TreeData::Document);
    let guard = DepthGuard {
        tb: TreeBuilder::new(sink, opts),
        deep: RefCell::new(None),
        ancestors: RefCell::new(Ancestors::default()),
        stop_after: (max_elements + max_elements / CREATION_SLACK_DIVISOR + CREATION_SLACK_MIN) as u64,
        stopped: Cell::new(false),
    };
    let tokenizer = Tokenizer::new(TextRuns::new(guard), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // A `</script>` hands control back (for a script to run); there is none to run here.
    while !matches!(tokenizer.feed(&input), html5ever::TokenizerResult::Done) {
        if tokenizer.sink.inner.stopped.get() {
            break;
        }
    }
    tokenizer.end();
    let stopped = tokenizer.sink.inner.stopped.get();
    let DepthSink { tree, spilled, .. } = tokenizer.sink.inner.tb.sink;
    let mut tree = tree.into_inner();
    tree.stopped = stopped;
    (tree, spilled)
}

/// The tree being built ([`Tree`]), keeping count of how deep each element is placed and which
/// element was created last (and whether the tree builder has popped it off its stack since).
#[derive(Default)]
struct DepthSink {
    tree: RefCell<Tree>,
    spilled: Option<Spilled>,
    last: RefCell<Option<Handle>>,
    last_popped: Cell<bool>,
    created: Cell<u64>,
    /// How many times the tree builder has read an element's name (see [`MAX_NAME_READS`]).
    names_read: Cell<u64>,
    /// Each element name met, once (see [`Handle`]).
    names: RefCell<rustc_hash::FxHashMap<QualName, Rc<QualName>>>,
}

impl DepthSink {
    /// How deep `node` was placed (`<html>` is 1). An element the tree builder moves later
    /// (misnested formatting, foster parenting) keeps the depth it was placed at: only elements
    /// really placed past the cap are ever counted past it.
    fn depth_of(&self, node: &Handle) -> u32 {
        self.tree.borrow().node(node.id).depth
    }
    fn placed(&self, child: &NodeOrText<Handle>, depth: u32) {
        if let NodeOrText::AppendNode(c) = child {
            self.tree.borrow_mut().node_mut(c.id).depth = depth;
        }
    }
    fn new_node(&self, data: TreeData) -> Handle {
        Handle { id: self.tree.borrow_mut().push(data), name: None }
    }
    /// `child` as a node of the tree: a new text node for text.
    fn node_of(&self, child: NodeOrText<Handle>) -> u32 {
        match child {
            NodeOrText::AppendNode(n) => n.id,
            NodeOrText::AppendText(text) => self.tree.borrow_mut().push(TreeData::Text(text)),
        }
    }
}

/// What markup5ever_rcdom's sink does, on the arena: text next to text joins it, a node is moved
/// out of its old place before it is put in a new one.
impl TreeSink for DepthSink {
    type Handle = Handle;
    type Output = Self;
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) -> Self {
        self
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> Handle {
        Handle { id: 0, name: None }
    }
    fn elem_name<'a>(&'a self, target: &'a Handle) -> ExpandedName<'a> {
        self.names_read.set(self.names_read.get() + 1);
        target.name.as_ref().expect("not an element").expanded()
    }
    fn create_element(&self, name: QualName, mut attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        if let Some(s) = &self.spilled {
            s.restore(&mut attrs);
        }
        let mut tree = self.tree.borrow_mut();
        let template = if flags.template { tree.push(TreeData::Document) } else { NONE };
        let mathml = flags.mathml_annotation_xml_integration_point;
        let data = TreeData::Element {
            name: name.local.clone(),
            attrs: attrs.into_boxed_slice(),
            template,
            mathml_annotation_xml_integration_point: mathml,
        };
        let name = self.names.borrow_mut().entry(name).or_insert_with_key(|n| Rc::new(n.clone())).clone();
        let e = Handle { id: tree.push(data), name: Some(name) };
        *self.last.borrow_mut() = Some(e.clone());
        self.last_popped.set(false);
        self.created.set(self.created.get() + 1);
        e
    }
    fn create_comment(&self, text: StrTendril) -> Handle {
        if !super::builder::is_boundary_comment(&text) {
            return Handle { id: DROPPED, name: None };
        }
        self.new_node(TreeData::Comment(text))
    }
    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        self.new_node(TreeData::Other)
    }
    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        if is_dropped(&child) {
            return;
        }
        self.placed(&child, self.depth_of(parent) + 1);
        if let NodeOrText::AppendText(text) = &child {
            let mut tree = self.tree.borrow_mut();
            let last = tree.node(parent.id).last_child;
            if last != NONE && tree.append_to_text(last, text) {
                return;
            }
        }
        let child = self.node_of(child);
        self.tree.borrow_mut().insert(parent.id, child, NONE);
    }
    fn append_based_on_parent_node(&self, element: &Handle, prev_element: &Handle, child: NodeOrText<Handle>) {
        if self.tree.borrow().parent(element.id).is_some() {
            self.append_before_sibling(element, child)
        } else {
            self.append(prev_element, child)
        }
    }
    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {
        let doctype = self.new_node(TreeData::Other);
        self.tree.borrow_mut().insert(0, doctype.id, NONE);
    }
    fn pop(&self, node: &Handle) {
        if self.last.borrow().as_ref().is_some_and(|l| l.id == node.id) {
            self.last_popped.set(true);
        }
    }
    fn get_template_contents(&self, target: &Handle) -> Handle {
        match &self.tree.borrow().node(target.id).data {
            TreeData::Element { template, .. } if *template != NONE => Handle { id: *template, name: None },
            _ => panic!("not a template element"),
        }
    }
    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x.id == y.id
    }
    fn set_quirks_mode(&self, _mode: QuirksMode) {}
    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        if is_dropped(&new_node) {
            return;
        }
        self.placed(&new_node, self.depth_of(sibling));
        let parent = self.tree.borrow().parent(sibling.id).expect("append_before_sibling called on node without parent");
        if let NodeOrText::AppendText(text) = &new_node {
            let mut tree = self.tree.borrow_mut();
            let prev = tree.node(sibling.id).prev;
            if prev != NONE && tree.append_to_text(prev, text) {
                return;
            }
        }
        let child = self.node_of(new_node);
        let mut tree = self.tree.borrow_mut();
        tree.detach(child);
        tree.insert(parent, child, sibling.id);
    }
    fn add_attrs_if_missing(&self, target: &Handle, mut attrs: Vec<Attribute>) {
        if let Some(s) = &self.spilled {
            s.restore(&mut attrs);
        }
        let mut tree = self.tree.borrow_mut();
        let TreeData::Element { attrs: existing, .. } = &mut tree.node_mut(target.id).data else { panic!("not an element") };
        let names: rustc_hash::FxHashSet<QualName> = existing.iter().map(|a| a.name.clone()).collect();
        let mut all = std::mem::take(existing).into_vec();
        all.extend(attrs.into_iter().filter(|a| !names.contains(&a.name)));
        *existing = all.into_boxed_slice();
    }
    fn remove_from_parent(&self, target: &Handle) {
        self.tree.borrow_mut().detach(target.id);
    }
    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let depth = self.depth_of(new_parent) + 1;
        let mut tree = self.tree.borrow_mut();
        while let Some(c) = Some(tree.node(node.id).first_child).filter(|&c| c != NONE) {
            tree.detach(c);
            tree.insert(new_parent.id, c, NONE);
            tree.node_mut(c).depth = depth;
        }
    }
    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        match &self.tree.borrow().node(handle.id).data {
            TreeData::Element { mathml_annotation_xml_integration_point, .. } => *mathml_annotation_xml_integration_point,
            _ => panic!("not an element"),
        }
    }
    // Shadow roots are not attached and options are not cloned into a `<selectedcontent>`: as
    // markup5ever_rcdom did (its search for the select's `<selectedcontent>` looks at the select
    // itself, so it never clones one), so the model of a page is what it was.
}

/// A node of the tree html5ever's tree builder makes: links by id into one arena, so the tree is
/// a few flat records a node rather than reference-counted nodes, each with its own list of
/// children (markup5ever_rcdom's tree took 136 bytes a node, and a map of depths 36 more an
/// element, on a page of 2,000,000 tiny elements; this one takes 56: an element keeps its local
/// name alone, the only part of it read, and its attributes in a list of their exact length).
struct TreeNode {
    parent: u32,
    first_child: u32,
    last_child: u32,
    prev: u32,
    next: u32,
    /// How deep the element was placed (`<html>` is 1; see [`DepthSink`]).
    depth: u32,
    data: TreeData,
}

const _: () = assert!(std::mem::size_of::<TreeNode>() <= 56, "a tree node is 56 bytes at most");

/// No node: the end of a list of children, or a node with no parent.
const NONE: u32 = u32::MAX;

/// The handle of a comment not kept. The model reads no comment but streamed rendering's boundary
/// marks ([`DocumentBuilder::comment`]), and its text runs merge across the others, so the tree
/// need not hold them: a page of 9 million `<!---->` (or `<?x>`, read as comments) made 9 million
/// nodes, 620 MB, and text between them as many text nodes (`x<!---->` 8 million times: 2.3 s and
/// 1 GB). Appends of it are dropped, and the text around it merges here as it would in the model.
const DROPPED: u32 = u32::MAX - 1;

fn is_dropped(child: &NodeOrText<Handle>) -> bool {
    matches!(child, NodeOrText::AppendNode(h) if h.id == DROPPED)
}

enum TreeData {
    /// The document, and each template's contents (never read: a template shows nothing).
    Document,
    Element { name: LocalName, attrs: Box<[Attribute]>, template: u32, mathml_annotation_xml_integration_point: bool },
    Text(StrTendril),
    Comment(StrTendril),
    /// A doctype or a processing instruction: not read.
    Other,
}

/// A node of the tree as the tree builder holds it: its id, and for an element its name (the
/// tree builder asks for names through a reference to the handle). The name is shared by every
/// element of that name ([`DepthSink::names`]): the tree builder clones a handle for each element
/// it looks at when it searches its stack of open elements, and every `<p>` searches it for a `<p>`
/// to close, so on a page of a million paragraphs 500 `<div>`s deep (a thread of nested replies)
/// a handle is cloned and dropped 500 million times, and a count is cheaper to move than a name
/// of three atoms.
#[derive(Clone)]
struct Handle {
    id: u32,
    name: Option<Rc<QualName>>,
}

/// The tree: nodes by id, the document first.
#[derive(Default)]
struct Tree {
    nodes: Vec<TreeNode>,
    /// The tree builder was stopped past the element budget (see [`DepthGuard::over_budget`]).
    stopped: bool,
}

impl Tree {
    fn push(&mut self, data: TreeData) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(TreeNode { parent: NONE, first_child: NONE, last_child: NONE, prev: NONE, next: NONE, depth: 0, data });
        id
    }
    fn node(&self, id: u32) -> &TreeNode {
        &self.nodes[id as usize]
    }
    fn node_mut(&mut self, id: u32) -> &mut TreeNode {
        &mut self.nodes[id as usize]
    }
    fn parent(&self, id: u32) -> Option<u32> {
        Some(self.node(id).parent).filter(|&p| p != NONE)
    }
    /// Adds text to `id` when it is a text node.
    fn append_to_text(&mut self, id: u32, text: &str) -> bool {
        match &mut self.node_mut(id).data {
            TreeData::Text(t) => {
                t.push_slice(text);
                true
            }
            _ => false,
        }
    }
    /// Puts `child` (which has no parent) before `before` among `parent`'s children, or last.
    fn insert(&mut self, parent: u32, child: u32, before: u32) {
        let prev = if before == NONE { self.node(parent).last_child } else { self.node(before).prev };
        let c = self.node_mut(child);
        (c.parent, c.prev, c.next) = (parent, prev, before);
        if prev == NONE {
            self.node_mut(parent).first_child = child;
        } else {
            self.node_mut(prev).next = child;
        }
        if before == NONE {
            self.node_mut(parent).last_child = child;
        } else {
            self.node_mut(before).prev = child;
        }
    }
    fn detach(&mut self, id: u32) {
        let TreeNode { parent, prev, next, .. } = *self.node(id);
        if parent == NONE {
            return;
        }
        if prev == NONE {
            self.node_mut(parent).first_child = next;
        } else {
            self.node_mut(prev).next = next;
        }
        if next == NONE {
            self.node_mut(parent).last_child = prev;
        } else {
            self.node_mut(next).prev = prev;
        }
        let n = self.node_mut(id);
        (n.parent, n.prev, n.next) = (NONE, NONE, NONE);
    }
    fn children(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(self.node(id).first_child).filter(|&c| c != NONE), |&c| {
            Some(self.node(c).next).filter(|&n| n != NONE)
        })
    }
}

/// Between html5ever's tokenizer and its tree builder: passes every token on until the tree
/// builder places an element deeper than [`MAX_DEPTH`]; from then on, until that element closes,
/// builds what comes itself (see [`Deep`]), so the tree builder's stack of open elements never
/// grows much past the cap.
struct DepthGuard {
    tb: TreeBuilder<Handle, DepthSink>,
    deep: RefCell<Option<Deep>>,
    ancestors: RefCell<Ancestors>,
    /// Past this many elements created, the next start tag stops the parse (see `over_budget`).
    stop_after: u64,
    stopped: Cell<bool>,
}

/// The tree builder goes on past the element budget by this share of it (and
/// [`CREATION_SLACK_MIN`] more) before it is stopped: it creates elements nearly in document
/// order, but not quite (a misnested formatting element's clone is created after what follows
/// it in the page), and the model must have all of the first [`MAX_ELEMENTS`] in document order.
/// An element created later still but placed far earlier (foster parenting: a `<div>` after a
/// million table rows goes before the table) is lost, where the browser's walk would keep it.
const CREATION_SLACK_DIVISOR: usize = 8;
const CREATION_SLACK_MIN: usize = 64;

/// The most element names html5ever's tree builder reads before it is stopped as past the
/// element budget is. It reads one for each element it passes as it looks down its stack of open
/// elements or its list of formatting elements: for a `<p>`, `<li>` or `<button>` start tag, for
/// an end tag that closes nothing, for scope checks. Below [`MAX_DEPTH`] that search is up to 512
/// steps per tag, and a page of 500 open `<span>`s and 5 million `</i>`s (20 MB, no element
/// made) made 5 billion of them: 11.6 s. Chromium's parser walks its stack the same way. The
/// corpora's pages read at most 0.6 names per byte of their HTML, 245,000 on the most (a 1.1 MB
/// page), so a page of 64 MiB made as those are reads some 40 million; 200 million is about a
/// second of html5ever's searching.
const MAX_NAME_READS: u64 = 200_000_000;

impl DepthGuard {
    /// What to do with `token` once the tree builder has created more elements than
    /// `stop_after` (or read more names than [`MAX_NAME_READS`]): the start tag past that (any
    /// tag, for the names) stops the tokenizer (`feed` returns, as for a script, and `build` ends
    /// the input there), and anything that still comes is dropped, but the end of the input,
    /// which closes the tree. `None`: the token is processed as usual.
    fn over_budget(&self, token: &Token) -> Option<TokenSinkResult<Handle>> {
        if matches!(token, Token::EOFToken) {
            return None;
        }
        if self.stopped.get() {
            return Some(TokenSinkResult::Continue);
        }
        let start = matches!(token, Token::TagToken(t) if t.kind == TagKind::StartTag);
        let tag = matches!(token, Token::TagToken(_));
        if (start && self.tb.sink.created.get() > self.stop_after)
            || (tag && self.tb.sink.names_read.get() > MAX_NAME_READS)
        {
            self.stopped.set(true);
            return Some(TokenSinkResult::Script(self.tb.sink.get_document()));
        }
        None
    }
}

/// The elements around the latest element placed past the cap, outermost first, and how many of
/// each name, so that an end tag met past the cap can be told apart: one for an element outside
/// (`</ul>` closing the `<li>` the tree builder placed past the cap) goes back to the tree
/// builder, one for no open element is ignored. Kept from one such element to the next: only
/// the part of the chain that changed is walked again, so a page that goes past the cap over
/// and over (`<b><i>` and `</b>` repeated) costs no more than the elements it creates.
#[derive(Default)]
struct Ancestors {
    chain: Vec<u32>,
    index: rustc_hash::FxHashMap<u32, usize>,
    names: rustc_hash::FxHashMap<LocalName, u32>,
}

impl Ancestors {
    fn update(&mut self, tree: &Tree, outer: u32) {
        let mut fresh = Vec::new();
        let mut node = tree.parent(outer);
        let keep = loop {
            let Some(n) = node else { break 0 };
            if let Some(&i) = self.index.get(&n) {
                break i + 1;
            }
            node = tree.parent(n);
            fresh.push(n);
        };
        for gone in self.chain.drain(keep..) {
            self.index.remove(&gone);
            if let TreeData::Element { name, .. } = &tree.node(gone).data {
                if let Some(c) = self.names.get_mut(name) {
                    *c -= 1;
                }
            }
        }
        for n in fresh.into_iter().rev() {
            self.index.insert(n, self.chain.len());
            if let TreeData::Element { name, .. } = &tree.node(n).data {
                *self.names.entry(name.clone()).or_default() += 1;
            }
            self.chain.push(n);
        }
    }

    fn has(&self, name: &LocalName) -> bool {
        self.names.get(name).is_some_and(|&c| c > 0)
    }
}

/// The part of a page below an element placed past the cap, built without html5ever's tree
/// builder: a start tag opens an element in the innermost open one (a void element closes at
/// once; a `<p>` closes an open `<p>` that is the innermost element, the common case of
/// unclosed paragraphs), text goes in the innermost open element, and an end tag closes the
/// innermost open element of its name and those inside it; one for an element outside (see
/// [`Ancestors`]) ends the region and goes to the tree builder; any other is ignored. No implied tags
/// (`<tbody>`), formatting elements reopened or foster parenting: beyond the cap, which no
/// ordinary page reaches, only which element holds which text can differ from the browser's tree.
struct Deep {
    /// Open elements, the outermost (the one the tree builder placed) first.
    open: Vec<(Handle, LocalName)>,
    /// How many of each name are open, so that an end tag for none costs nothing.
    count: rustc_hash::FxHashMap<LocalName, u32>,
}

/// Elements with no content and no end tag.
const VOID: &[&str] =
    &["area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"];

impl Deep {
    fn push(&mut self, e: Handle, name: LocalName) {
        *self.count.entry(name.clone()).or_default() += 1;
        self.open.push((e, name));
    }

    fn is_open(&self, name: &LocalName) -> bool {
        self.count.get(name).is_some_and(|&c| c > 0)
    }

    /// Closes the innermost open element named `name` (one is open) and those inside it. True
    /// when that was the outermost: the tree builder's element.
    fn close(&mut self, name: &LocalName) -> bool {
        while let Some((_, n)) = self.open.pop() {
            if let Some(c) = self.count.get_mut(&n) {
                *c -= 1;
            }
            if n == *name {
                break;
            }
        }
        self.open.is_empty()
    }

    fn start(&mut self, sink: &DepthSink, tag: Tag) -> TokenSinkResult<Handle> {
        if matches!(&*tag.name, "html" | "head" | "body" | "frameset") {
            return TokenSinkResult::Continue;
        }
        if tag.name == *"p" && self.open.len() > 1 && self.open.last().is_some_and(|(_, n)| *n == *"p") {
            self.close(&tag.name);
        }
        let Some((parent, _)) = self.open.last() else { return TokenSinkResult::Continue };
        let e = sink.create_element(QualName::new(None, ns!(html), tag.name.clone()), tag.attrs, ElementFlags::default());
        sink.append(parent, NodeOrText::AppendNode(e.clone()));
        if VOID.contains(&&*tag.name) {
            return TokenSinkResult::Continue;
        }
        let raw = match &*tag.name {
            "title" | "textarea" => Some(TokenSinkResult::RawData(RawKind::Rcdata)),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(TokenSinkResult::RawData(RawKind::Rawtext)),
            "script" => Some(TokenSinkResult::RawData(RawKind::ScriptData)),
            "plaintext" => Some(TokenSinkResult::Plaintext),
            _ => None,
        };
        self.push(e, tag.name);
        raw.unwrap_or(TokenSinkResult::Continue)
    }
}

impl TokenSink for DepthGuard {
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        if let Some(result) = self.over_budget(&token) {
            return result;
        }
        let mut deep = self.deep.borrow_mut();
        if let Some(d) = deep.as_mut() {
            let sink = &self.tb.sink;
            match token {
                Token::TagToken(tag) if tag.kind == TagKind::StartTag => return d.start(sink, tag),
                Token::TagToken(tag) => {
                    if d.is_open(&tag.name) {
                        if !d.close(&tag.name) {
                            return TokenSinkResult::Continue;
                        }
                    } else if !self.ancestors.borrow().has(&tag.name) {
                        return TokenSinkResult::Continue;
                    }
                    // The tree builder's own element closes, or one outside it: it takes over again.
                    *deep = None;
                    drop(deep);
                    return self.tb.process_token(Token::TagToken(tag), line_number);
                }
                Token::CharacterTokens(text) => {
                    if let Some((top, _)) = d.open.last() {
                        sink.append(top, NodeOrText::AppendText(text));
                    }
                    return TokenSinkResult::Continue;
                }
                Token::CommentToken(text) => {
                    if let Some((top, _)) = d.open.last() {
                        sink.append(top, NodeOrText::AppendNode(sink.create_comment(text)));
                    }
                    return TokenSinkResult::Continue;
                }
                Token::EOFToken => {
                    *deep = None;
                }
                _ => return TokenSinkResult::Continue,
            }
        }
        drop(deep);
        let start = matches!(&token, Token::TagToken(t) if t.kind == TagKind::StartTag);
        let created = self.tb.sink.created.get();
        let result = self.tb.process_token(token, line_number);
        let sink = &self.tb.sink;
        if start && sink.created.get() != created && !sink.last_popped.get() {
            // The element the start tag opened is the tree builder's current node: past the cap,
            // what it holds is built here.
            if let Some(e) = sink.last.borrow().clone().filter(|e| sink.depth_of(e) as usize > MAX_DEPTH) {
                if let Some(name) = &e.name {
                    self.ancestors.borrow_mut().update(&sink.tree.borrow(), e.id);
                    let mut d = Deep { open: Vec::new(), count: Default::default() };
                    d.push(e.clone(), name.local.clone());
                    *self.deep.borrow_mut() = Some(d);
                }
            }
        }
        result
    }

    fn end(&self) {
        self.tb.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.deep.borrow().is_none() && self.tb.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Walks the tree in document order (iteratively: pages can nest thousands deep), laid out as
/// Chromium lays out what lies past [`MAX_DEPTH`]: an element deeper than that, with the text it
/// holds, comes after its ancestor's other content at that depth, and what it holds that is an
/// element comes after it, the same way.
///
/// It keeps the first `max_elements` elements (see [`MAX_ELEMENTS`]) and stops there.
fn from_tree(mut tree: Tree, max_elements: usize) -> Document {
    /// Children of a node still to read, from `next` on, at `depth`; `leave` closes the node
    /// after them; `elements_only` reads its elements alone (its text was read inside it).
    struct Frame {
        next: u32,
        depth: usize,
        leave: bool,
        elements_only: bool,
    }
    // The model has about a node for each node of the tree (comments, doctypes and templates'
    // contents aside): room for them at once, rather than twice what it grows to.
    let mut b = DocumentBuilder::with_capacity(tree.nodes.len().min(3 * max_elements + 2)).with_max_elements(max_elements);
    let first_child = |tree: &Tree, id: u32| tree.node(id).first_child;
    let mut stack = vec![Frame { next: first_child(&tree, 0), depth: 1, leave: false, elements_only: false }];
    while let Some(frame) = stack.last_mut() {
        if b.is_truncated() {
            break;
        }
        let node = frame.next;
        if node == NONE {
            if frame.leave {
                b.end_element();
            }
            stack.pop();
            continue;
        }
        frame.next = tree.node(node).next;
        let depth = frame.depth;
        if frame.elements_only && !matches!(tree.node(node).data, TreeData::Element { .. }) {
            continue;
        }
        // Taken, not copied: each node's attributes and text are freed once read.
        match std::mem::replace(&mut tree.node_mut(node).data, TreeData::Other) {
            TreeData::Element { name, attrs, .. } => {
                let attrs = attrs
                    .iter()
                    .map(|a| {
                        // The name as it is, not through `to_string` (a formatter and a copy for
                        // every attribute of the page).
                        let n = match &a.name.prefix {
                            Some(p) => super::name(&format!("{}:{}", p, a.name.local)),
                            None => super::name(&a.name.local),
                        };
                        (n, Box::<str>::from(&*a.value))
                    })
                    .collect();
                b.start_element(&name, attrs);
                let kids = first_child(&tree, node);
                if super::OPAQUE_TAGS.contains(&&*name) {
                    b.skip_elements(descendant_elements(&tree, node));
                    b.end_element();
                } else if depth > MAX_DEPTH {
                    // Past the cap: its text inside it, its elements after it, at its depth.
                    for c in tree.children(node) {
                        match &tree.node(c).data {
                            TreeData::Text(t) => b.text(t),
                            TreeData::Comment(t) => b.comment(t),
                            _ => {}
                        }
                    }
                    b.end_element();
                    stack.push(Frame { next: kids, depth, leave: false, elements_only: true });
                } else {
                    stack.push(Frame { next: kids, depth: depth + 1, leave: true, elements_only: false });
                }
            }
            TreeData::Text(t) => b.text(&t),
            TreeData::Comment(t) => b.comment(&t),
            _ => {}
        }
    }
    // The tree goes before the model lays out its child lists: the two are never whole at once.
    let stopped = tree.stopped;
    drop(tree);
    let mut doc = b.finish();
    doc.truncated |= stopped;
    doc
}

/// Elements below `node` (iteratively: SVG can nest deep).
fn descendant_elements(tree: &Tree, node: u32) -> u32 {
    let mut count = 0;
    let mut stack: Vec<u32> = tree.children(node).collect();
    while let Some(n) = stack.pop() {
        if matches!(tree.node(n).data, TreeData::Element { .. }) {
            count += 1;
        }
        stack.extend(tree.children(n));
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_insides_are_counted_not_built() {
        let d = parse_html("<svg><path d='M0 0'/><g><path/></g><text>icon</text></svg><p>x</p>").unwrap();
        let p = d.first_by_tag("p").unwrap();
        // html, head, body, svg, path, g, path, text, p
        assert_eq!(d.element(p).unwrap().index, 8);
        assert!(d.first_by_tag("path").is_none() && d.text_content(d.first_by_tag("svg").unwrap()).is_empty());
    }

    #[test]
    fn parses_and_refuses_bad_input() {
        let d = parse_html("<p>Hello <b>world</b><noscript><img src=a.png></noscript>").unwrap();
        assert!(d.first_by_tag("img").is_some(), "noscript content is parsed as elements");
        assert_eq!(parse_html("  ").unwrap_err(), ParseError::Empty);
        assert_eq!(parse_html("just words").unwrap_err(), ParseError::NotHtml);
    }

    #[test]
    fn a_noscript_iframe_does_not_swallow_the_page() {
        // Tag Manager's `<iframe ... />` in a noscript: with scripting off the iframe's raw text
        // runs to the end; the live page ends the noscript at `</noscript>` and reads on.
        let page = concat!(
            "<body><div id=app><noscript><iframe src=\"gtm.html\" style=\"display:none\" /></noscript>",
            "<main><h1>Title &amp; more</h1><p>One<p>Two</main><noscript><img src=a.png></noscript>",
            "<script>if (a < b) {}</script></div><p>After</p></body></html>"
        );
        let d = parse_html(page).unwrap();
        let iframe = d.element(d.first_by_tag("iframe").unwrap()).unwrap().index;
        let main = d.first_by_tag("main").unwrap();
        assert_eq!(d.tag(d.parent(main).unwrap()), "div", "main follows the noscript in #app");
        assert_eq!(d.element(main).unwrap().index, iframe, "played-back elements are the iframe's");
        assert!(!d.element(main).unwrap().hidden);
        assert_eq!(d.text_content(main), "Title & moreOneTwo");
        assert!(d.first_by_tag("img").is_none(), "the live page's noscript is not read");
        let after = d.ids().filter(|&i| d.tag(i) == "p").last().unwrap();
        assert_eq!(d.tag(d.parent(after).unwrap()), "body");
        // In <head> the parser puts the iframe in <body> after an empty noscript.
        let d = parse_html("<head><noscript><iframe src=x /></noscript><title>T</title></head><body><p>Body</p>").unwrap();
        assert_eq!(d.text_content(d.first_by_tag("p").unwrap()), "Body");
        // An iframe outside a noscript swallows the page in the live page too.
        let d = parse_html("<body><iframe src=x /><p>Gone</p></body>").unwrap();
        assert!(d.first_by_tag("p").is_none());
    }

    #[test]
    fn streamed_boundaries_are_read() {
        // React's streamed rendering: the boundary comments mark where the fallback ends.
        let d = parse_html(concat!(
            "<main><p>Intro</p><!--$?--><template id=\"B:0\"></template><p>Loading<!-- -->...</p><!--/$-->",
            "<p>After</p></main><div hidden id=\"S:0\"><p>Body</p></div>"
        ))
        .unwrap();
        let placed = super::super::prepare::streamed::placing_streamed_segments(&d).unwrap();
        let texts: Vec<&str> = placed.ids().filter_map(|i| placed.text(i)).collect();
        assert_eq!(texts, ["Intro", "Body", "After"]);
    }

    #[test]
    fn comments_other_than_boundary_marks_are_not_kept() {
        // 10,000 comments (and bogus comments) between words, in a paragraph and foster-parented
        // out of a table: the tree keeps one text node for the words, and the two boundary marks.
        let words = "w<!-- c --><?x>".repeat(10_000);
        let page = format!("<p>{words}</p><table>{words}<tr><td>c</td></tr></table><!--$--><p>Body</p><!--/$-->");
        let (tree, _) = build(&page, None, MAX_ELEMENTS);
        let count = |f: fn(&TreeData) -> bool| tree.nodes.iter().filter(|n| f(&n.data)).count();
        assert_eq!(count(|d| matches!(d, TreeData::Comment(_))), 2, "the boundary marks only");
        assert!(count(|d| matches!(d, TreeData::Text(_))) < 10, "the words merge into one node");
        let d = from_tree(tree, MAX_ELEMENTS);
        let texts: Vec<&str> = d.ids().filter_map(|i| d.text(i)).collect();
        assert_eq!(texts, ["w".repeat(10_000).as_str(), "w".repeat(10_000).as_str(), "c", "Body"]);
    }

    #[test]
    fn an_element_keeps_all_its_attributes_however_many() {
        // 10,000 attributes, 9,000 names (the first of a repeated name wins), as the browser
        // keeps them; the tokenizer got them 64 at a time.
        let attrs: String = (0..10_000).map(|i| format!(" a{}=v{i}", i % 9_000)).collect();
        let d = parse_html(&format!("<p class=first{attrs} id=last>text</p>")).unwrap();
        let p = d.element(d.first_by_tag("p").unwrap()).unwrap();
        assert_eq!(p.attrs.len(), 9_002);
        assert_eq!((p.attr("class"), p.attr("a8999"), p.attr("a0"), p.attr("id")), (Some("first"), Some("v8999"), Some("v0"), Some("last")));
        assert_eq!(&*p.attrs[9_001].1, "last", "in the order of the markup");
        assert!(p.attrs.iter().all(|(n, _)| !n.starts_with("data-readmode")));
    }

    #[test]
    fn a_script_that_misleads_the_attribute_scan_is_parsed_as_it_is() {
        // After `<!--<script>` a script's first `</script>` does not end it: the scan, reading it
        // as the end, takes the long tag after it for markup; the tokenizer reads it as script.
        let attrs: String = (0..200).map(|i| format!(" a{i}")).collect();
        let page = format!("<script><!--<script></script><p{attrs}></script>--></script><p id=after>after</p>");
        let (spilled_html, spilled) = many_attributes::split(&page).expect("the scan finds a long tag");
        let (_, spilled) = build(&spilled_html, Some(spilled), MAX_ELEMENTS);
        assert!(!spilled.unwrap().all_restored(), "its marker is script text, not an attribute");
        let nodes = |d: &Document| d.ids().map(|i| (d.tag(i).to_string(), d.text(i).map(str::to_string))).collect::<Vec<_>>();
        assert_eq!(nodes(&parse_html(&page).unwrap()), nodes(&from_tree(build(&page, None, MAX_ELEMENTS).0, MAX_ELEMENTS)));
    }

    #[test]
    fn the_tree_builder_stops_past_the_element_budget() {
        // 36 formatting elements kept open (the spec's Noah's Ark clause keeps 3 of each of the
        // 12), reopened in each of 20,000 paragraphs: 740,000 elements, of which a budget of
        // 1,000 has the tree builder make the budget and its slack, no more.
        let page = format!("<p>{}x{}", "<b><i><u><s><em><strong><code><font><big><small><tt><nobr>".repeat(20), "<p>y".repeat(20_000));
        let (tree, _) = build(&page, None, 1_000);
        let elements = tree.nodes.iter().filter(|n| matches!(n.data, TreeData::Element { .. })).count();
        assert!(tree.stopped);
        assert!((1_000..=1_000 + 1_000 / CREATION_SLACK_DIVISOR + CREATION_SLACK_MIN + 40).contains(&elements), "{elements} elements built");
        let d = from_tree(tree, 1_000);
        assert!(d.is_truncated());
        assert_eq!(d.element_count, 1_000);
        // Under the budget, nothing is stopped.
        let (tree, _) = build(&page[..1_204], None, 1_000);
        assert!(!tree.stopped && !from_tree(tree, 1_000).is_truncated());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        assert!(parse_html(&("<span>".repeat(200_000) + "x")).is_ok());
        assert!(parse_html(&("<div>".repeat(200_000) + "x")).is_ok());
    }

    fn depth(d: &Document, id: usize) -> usize {
        // The document itself is not counted.
        std::iter::successors(Some(id), |&i| d.parent(i)).count() - 1
    }

    #[test]
    fn depth_is_capped_as_chromium_caps_it() {
        // <html> and <body> are 1 and 2; <div> k is 2 + k deep. Chromium places <div> 511 and
        // every later one at depth 513, each after the one before, its word inside it.
        let page: String = (0..600).map(|i| format!("<div>w{i} ")).collect();
        let d = parse_html(&page).unwrap();
        let divs: Vec<usize> = d.ids().filter(|&i| d.tag(i) == "div").collect();
        assert_eq!(divs.len(), 600);
        assert_eq!(depth(&d, divs[509]), 512);
        let last = divs[510];
        assert!(divs[510..].iter().all(|&i| depth(&d, i) == MAX_DEPTH + 1 && d.parent(i) == Some(divs[509])));
        assert_eq!(d.text_content(last), "w510 ");
        let texts: Vec<&str> = d.ids().filter_map(|i| d.text(i)).collect();
        assert_eq!(texts.concat(), (0..600).map(|i| format!("w{i} ")).collect::<String>(), "the words stay in order");
        // Below the cap html5ever builds the tree; its text and elements are the browser's.
        let page = "<!doctype html>".to_string() + &"<div>".repeat(500) + "<p>a<p>b<table><td>c</table>" + &"</div>".repeat(500);
        let d = parse_html(&page).unwrap();
        let td = d.first_by_tag("td").unwrap();
        assert_eq!(depth(&d, td), 2 + 500 + 4, "html, body, 500 divs, table (it closes the <p>), tbody, tr, td");
    }

    #[test]
    fn an_end_tag_past_the_cap_closes_what_it_closes_in_the_browser() {
        // <ul> is 512 deep, its <li> 513: `</ul>` closes both in the browser, and the paragraph
        // after it goes in the <div> around them. A `</span>` that closes nothing is ignored.
        let page = "<div>".repeat(509) + "<ul><li>one <b>two</span> three</b> four</ul><p>after</p>";
        let d = parse_html(&page).unwrap();
        let p = d.first_by_tag("p").unwrap();
        assert_eq!(d.tag(d.parent(p).unwrap()), "div");
        assert_eq!(depth(&d, p), 512);
        assert_eq!(d.text_content(d.first_by_tag("b").unwrap()), "two three");
    }
}
