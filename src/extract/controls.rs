//! What the reader HTML shows differently from the page's markup, decided once per page before
//! it is built: the page's own controls that sit inside the article (a wiki heading's "[edit]"
//! link, a code box's "Code: Select all" or "Copy" control) are left out, and a forum's box of
//! a quoted post, which forum software draws with a `div` and its style sheet, becomes the
//! `<blockquote>` it is (while the post's own text, which some forum software prints as a
//! `<blockquote>`, is shown as text).

use crate::dom::{Document, NodeId};
use rustc_hash::FxHashMap;
use crate::lexicon::{
    has_phrase, words_of_name, words_of_text, CODE_CONTROL_NAMES, CODE_CONTROL_PHRASES, EDIT_CONTROL_NAMES,
    EDIT_LINK_URL_PARTS, EDIT_LINK_WORDS, MAX_CODE_CONTROL_CHARS, POST_BODY_QUOTE_NAMES, QUOTE_CLASS_PART,
};

/// For every node of the page, what the reader builder does with it beyond its allow-list.
pub(crate) struct Marks {
    /// A control of the page (left out with what it holds).
    pub(crate) control: Vec<bool>,
    /// A box of quoted text shown as a `<blockquote>`.
    pub(crate) quote: Vec<bool>,
    /// A post's own text that forum software prints as a `<blockquote>`: shown as a `<div>`.
    pub(crate) post_body: Vec<bool>,
    /// A text node that ends in a control's opening bracket (`History [`) or starts with its
    /// closing one: shown without it.
    pub(crate) bracket: Vec<Bracket>,
}

/// Which bracket of a control a text node beside it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bracket {
    None,
    /// Ends with the `[` (or `|`) before a control.
    Opening,
    /// Starts with the `]` after a control.
    Closing,
}

impl Bracket {
    /// The text without the control's bracket.
    pub(crate) fn strip(self, text: &str) -> &str {
        match self {
            Bracket::None => text,
            Bracket::Opening => text.trim_end().trim_end_matches(['[', '|']).trim_end(),
            Bracket::Closing => text.trim_start().trim_start_matches([']', '|']).trim_start(),
        }
    }
}

/// How far above a link its heading may be (`h2 > span.mw-editsection > a`).
const MAX_EDIT_LINK_DEPTH: usize = 3;
/// A box named as a quote is one when it holds at least this much text (a "Quote" button does not).
const MIN_QUOTE_CHARS: usize = 20;
/// A quote box's wrappers are named as quotes too (`bbcode_quote > quote_container`), and some
/// forums name the box inside a `<blockquote>`: a box this close under another is part of it,
/// not a quote inside the quote.
const QUOTE_WRAPPER_DEPTH: usize = 2;

/// The marks of the nodes under `roots` (the parts the reader HTML is built from); `discussion`
/// when they are a forum's posts or readers' comments, whose quote boxes quote earlier posts (an
/// article's boxes named `quote` are as often a testimonial or a picture with a caption).
pub(crate) fn marks(doc: &Document, roots: &[NodeId], discussion: bool) -> Marks {
    let n = doc.len();
    let mut marks =
        Marks { control: vec![false; n], quote: vec![false; n], post_body: vec![false; n], bracket: vec![Bracket::None; n] };
    // The boxes whose children were looked at as a code block's controls: a page of many `<pre>`s
    // side by side looks at their box's children once, not once per `<pre>`.
    let mut code_boxes_seen = vec![false; n];
    let mut heading_boxes = HeadingBoxes::default();
    for &root in roots {
        let end = doc.subtree_end(root);
        let chars = text_chars(doc, root, end);
        for id in root..end {
            let Some(e) = doc.element(id) else { continue };
            match &*e.tag {
                "a" => {
                    if let Some(control) = edit_link(doc, id, &mut heading_boxes) {
                        mark_with_brackets(doc, control, &mut marks);
                    }
                }
                "pre" => {
                    for c in code_controls(doc, id, &mut code_boxes_seen) {
                        marks.control[c] = true;
                    }
                }
                "blockquote" if discussion => {
                    marks.post_body[id] = e.attr("class").is_some_and(|c| names_one_of(c, POST_BODY_QUOTE_NAMES));
                }
                "div" | "section" | "aside" if discussion => {
                    let wrapped = doc
                        .ancestors(id)
                        .take(QUOTE_WRAPPER_DEPTH)
                        .any(|a| marks.quote[a] || (doc.tag(a) == "blockquote" && !marks.post_body[a]));
                    marks.quote[id] = !wrapped && chars[id - root] >= MIN_QUOTE_CHARS && is_quote_box(doc, id);
                }
                _ => {}
            }
        }
    }
    marks
}

/// Characters of text under each node of `root..end` (indexed from `root`), in one pass.
fn text_chars(doc: &Document, root: NodeId, end: NodeId) -> Vec<usize> {
    let mut chars = vec![0usize; end - root];
    for id in (root..end).rev() {
        if let Some(t) = doc.text(id) {
            chars[id - root] += t.trim().chars().count();
        }
        if let Some(p) = doc.parent(id).filter(|&p| p >= root && id != root) {
            chars[p - root] += chars[id - root];
        }
    }
    chars
}

/// A box forum software names as a quote (`bbcode_quote`, `ipsQuote`, `VBEditorContent-quote`,
/// `quotebox`), that holds no `<blockquote>` of its own (XenForo's is one, inside its box).
fn is_quote_box(doc: &Document, id: NodeId) -> bool {
    let named = doc.element(id).and_then(|e| e.attr("class")).is_some_and(|c| c.to_ascii_lowercase().contains(QUOTE_CLASS_PART));
    named && !(id + 1..doc.subtree_end(id)).any(|d| doc.tag(d) == "blockquote")
}

/// Does a class or id value name one of these phrases (as words: `mw-editsection`, `copyButton`)?
/// One copy of the matching for every table here (the wasm stays small).
#[inline(never)]
fn names_one_of(value: &str, phrases: &[&str]) -> bool {
    let w = words_of_name(value);
    phrases.iter().any(|p| has_phrase(&w, p))
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// What [`edit_link`] read of the boxes between a heading and its links, kept for the heading's
/// other links: a heading can hold thousands of links in one box (a broken or hostile page), and
/// reading the box's name and text again for each would cost its size once per link.
#[derive(Default)]
struct HeadingBoxes {
    /// Whether the box's class or id names it an edit link's box.
    named: FxHashMap<NodeId, bool>,
    /// The box's text, [`bare`].
    bare: FxHashMap<NodeId, String>,
}

/// A wiki heading's edit link ("History [edit]"): a link in a heading whose address edits the
/// page, whose box is named so (`mw-editsection`), or whose word is an edit word in brackets.
/// Returns what to leave out: the link with the box around it that holds only it and brackets.
fn edit_link(doc: &Document, a: NodeId, boxes: &mut HeadingBoxes) -> Option<NodeId> {
    let heading = doc.ancestors(a).take(MAX_EDIT_LINK_DEPTH).find(|&h| is_heading(doc.tag(h)))?;
    let e = doc.element(a)?;
    let by_url = e.attr("href").is_some_and(|h| EDIT_LINK_URL_PARTS.iter().any(|p| h.contains(p)));
    let mut named = |id: NodeId| {
        *boxes.named.entry(id).or_insert_with(|| {
            doc.element(id)
                .is_some_and(|e| [e.attr("class"), e.attr("id")].into_iter().flatten().any(|v| names_one_of(v, EDIT_CONTROL_NAMES)))
        })
    };
    // The box a wiki names as the edit links' (`mw-editsection`), the outermost below the heading.
    let named_box = std::iter::once(a).chain(doc.ancestors(a).take_while(|&x| x != heading)).filter(|&x| named(x)).last();
    let own = doc.text_content(a);
    let is_edit_word = EDIT_LINK_WORDS.contains(&words_of_text(&own).as_str());
    if !by_url && named_box.is_none() && !is_edit_word {
        return None;
    }
    // Else the box that holds the link and nothing but brackets (`[`, `]`, `|`).
    let own_bare = bare(&own);
    let mut control = a;
    while let Some(p) = doc.parent(control).filter(|&p| p != heading) {
        if *boxes.bare.entry(p).or_insert_with(|| bare(&doc.text_content(p))) != own_bare {
            break;
        }
        control = p;
    }
    let by_name = named_box.is_some();
    let control = named_box.unwrap_or(control);
    // An edit word alone (no address or name to go by) must be bracketed: "[edit]".
    if !by_url && !by_name {
        let (before, after) = text_around(doc, control);
        let inside = doc.text_content(control);
        let inside = inside.trim();
        let opened = inside.starts_with('[') || before.trim_end().ends_with(['[', '|']);
        let closed = inside.ends_with(']') || after.trim_start().starts_with([']', '|']);
        if !(opened && closed) {
            return None;
        }
    }
    Some(control)
}

/// Text without white space and the brackets around controls (`[`, `]`, `|`).
fn bare(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !is_bracket(*c)).collect()
}

fn is_bracket(c: char) -> bool {
    matches!(c, '[' | ']' | '|')
}

/// The text of the siblings just before and after a node.
fn text_around(doc: &Document, id: NodeId) -> (String, String) {
    let Some((p, k)) = doc.place_in_parent(id) else { return Default::default() };
    let sibs = doc.children(p);
    let text = |s: Option<&NodeId>| s.map(|&s| doc.text_content(s)).unwrap_or_default();
    (text(k.checked_sub(1).and_then(|j| sibs.get(j))), text(sibs.get(k + 1)))
}

/// Marks a control, and the brackets beside it: the siblings that are only brackets (text, or a
/// wiki's `mw-editsection-bracket` spans) go with it, and a bracket that ends or starts a longer
/// text node is cut from it.
fn mark_with_brackets(doc: &Document, control: NodeId, marks: &mut Marks) {
    marks.control[control] = true;
    let Some((p, k)) = doc.place_in_parent(control) else { return };
    let sibs = doc.children(p);
    let only_brackets = |s: NodeId| {
        let t = doc.text_content(s);
        t.chars().any(is_bracket) && bare(&t).is_empty()
    };
    if let Some(&before) = k.checked_sub(1).and_then(|j| sibs.get(j)) {
        if only_brackets(before) {
            marks.control[before] = true;
        } else if doc.text(before).is_some_and(|t| t.trim_end().ends_with(['[', '|'])) {
            marks.bracket[before] = Bracket::Opening;
        }
    }
    if let Some(&after) = sibs.get(k + 1) {
        if only_brackets(after) {
            marks.control[after] = true;
        } else if doc.text(after).is_some_and(|t| t.trim_start().starts_with([']', '|'])) {
            marks.bracket[after] = Bracket::Closing;
        }
    }
}

/// The controls of a code block: the elements beside its `<pre>` (or beside the box the `<pre>`
/// is the code of) that are a few words of a control, and work or are named as one. The children
/// of a box in `seen` were looked at already (for another `<pre>` in it): they are not again.
fn code_controls(doc: &Document, pre: NodeId, seen: &mut [bool]) -> Vec<NodeId> {
    let mut out = Vec::new();
    let Some(parent) = doc.parent(pre) else { return out };
    let element_children = |p: NodeId| doc.children(p).iter().copied().filter(|&k| doc.element(k).is_some());
    let mut boxes = vec![parent];
    // The code box (`div.highlight > pre`, with the button beside the box): at most two elements.
    if element_children(parent).nth(2).is_none() {
        boxes.extend(doc.parent(parent));
    }
    // The `<pre>` itself and its box are among the children looked at: they hold a `<pre>`, so
    // they are passed over as every element that holds code is.
    let mut beside = Vec::new();
    for b in boxes {
        if !std::mem::replace(&mut seen[b], true) {
            beside.extend(element_children(b));
        }
    }
    for s in beside {
        // A heading over the code is its title ("Stack-Only Data: Copy"), whatever it says.
        if is_heading(doc.tag(s)) || (s..doc.subtree_end(s)).any(|d| matches!(doc.tag(d), "pre" | "code")) {
            continue;
        }
        let text = doc.text_content(s);
        if text.trim().chars().count() > MAX_CODE_CONTROL_CHARS {
            continue;
        }
        let in_subtree = s..doc.subtree_end(s);
        // By class: an id is often the slug of a heading's text.
        let named = in_subtree.clone().any(|d| doc.element(d).and_then(|e| e.attr("class")).is_some_and(|v| names_one_of(v, CODE_CONTROL_NAMES)));
        let works = in_subtree.clone().any(|d| {
            doc.element(d).is_some_and(|e| {
                e.is("button")
                    || e.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("button"))
                    || e.has_attr("onclick")
                    || (e.is("a") && e.attr("href").is_none_or(|h| goes_nowhere(h)))
            })
        });
        let words = words_of_text(&text);
        let says = CODE_CONTROL_PHRASES.iter().any(|p| has_phrase(&words, p));
        if (named && (says || words.is_empty() || works)) || (says && works) {
            out.push(s);
        }
    }
    out
}

/// A link a script answers (`href="#"`, `javascript:void(0)`): it goes nowhere by itself.
fn goes_nowhere(href: &str) -> bool {
    let h = href.trim();
    // Compared as bytes: the href's 11th byte can fall inside a character (a zero-width space).
    h.is_empty() || h == "#" || h.as_bytes().get(..11).is_some_and(|p| p.eq_ignore_ascii_case(b"javascript:"))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::dom::parse_html;

    fn marked(html: &str) -> (Vec<String>, Vec<String>) {
        let doc = parse_html(html).unwrap();
        let body = doc.first_by_tag("body").unwrap();
        let m = marks(&doc, &[body], true);
        let show = |v: &[bool]| doc.ids().filter(|&i| v[i]).map(|i| doc.text_content(i).trim().to_string()).collect();
        (show(&m.control), show(&m.quote))
    }

    #[test]
    fn edit_links_in_headings() {
        let (c, _) = marked(r#"<h2><span class="mw-headline">History</span><span class="mw-editsection"><span>[</span><a href="/w/index.php?title=X&action=edit&section=1">edit</a><span>]</span></span></h2>"#);
        assert_eq!(c, ["[edit]"]);
        let (c, _) = marked(r#"<h3>Geschichte [<a href="/wiki/X?section=2">bearbeiten</a>]</h3>"#);
        assert_eq!(c, ["bearbeiten", "]"]);
        // An edit word that is the heading's own link, unbracketed, is the heading's text.
        let (c, _) = marked(r#"<h2><a href="/guide/edit">Edit</a> your profile</h2><p>Edit [edit]</p>"#);
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn code_box_controls() {
        let (c, _) = marked(r##"<div class="codebox"><p>Code: <a href="#" onclick="selectCode(this)">Select all</a></p><pre><code>x=1</code></pre></div>"##);
        assert_eq!(c, ["Code: Select all"]);
        let (c, _) = marked(r#"<div class="highlight"><pre>x=1</pre></div><span class="copy-btn">Copy</span>"#);
        assert_eq!(c, ["Copy"]);
        // Text before a code block that speaks of copying stays.
        let (c, _) = marked(r#"<div><p>Copy this:</p><pre>x=1</pre></div>"#);
        assert!(c.is_empty(), "{c:?}");
    }

    #[test]
    fn quote_boxes() {
        let (_, q) = marked(r#"<div class="bbcode_quote"><div class="quote_container"><div class="bbcode_postedby">Originally Posted by Jane</div><div class="message">The quoted words of Jane.</div></div></div><div class="quote-button">Quote</div>"#);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].starts_with("Originally Posted by Jane"));
        let doc = parse_html(r#"<blockquote class="postcontent restore">My own reply.</blockquote><blockquote>A quote.</blockquote>"#).unwrap();
        let m = marks(&doc, &[doc.first_by_tag("body").unwrap()], true);
        assert_eq!(doc.ids().filter(|&i| m.post_body[i]).map(|i| doc.text_content(i)).collect::<Vec<_>>(), ["My own reply."]);
    }
}
