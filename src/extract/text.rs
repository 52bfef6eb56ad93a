//! The article as plain text: what a reader copies or a search index reads.
//!
//! Blocks are paragraphs separated by blank lines, each keeping the line breaks that end a line of
//! text (see [`Block::lines`]). Lists and tables keep their shape, as a Markdown reader would write
//! them: a list item is a `- item` line (`1. item` in an ordered list), the items of a list on
//! consecutive lines; a table row is one line of `cell | cell`, the rows of a table on consecutive
//! lines.

use super::controls::Marks;
use crate::classify::{Block, Classification};
use crate::dom::{Document, NodeId};

/// Between cells of one table row.
const CELL_SEPARATOR: &str = " | ";

/// What a block is in the text's layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Paragraph,
    ListItem,
    /// A table cell, with its row and the row's parent (the table body).
    Cell { row: NodeId, rows: NodeId },
}

fn shape(doc: &Document, b: &Block) -> Shape {
    let parent = doc.parent(b.node).unwrap_or(Document::ROOT);
    match (doc.tag(b.node), doc.tag(parent)) {
        ("li", _) => Shape::ListItem,
        ("td" | "th", "tr") => Shape::Cell { row: parent, rows: doc.parent(parent).unwrap_or(Document::ROOT) },
        _ => Shape::Paragraph,
    }
}

/// Numbers the items of ordered lists in document order: an item's number is counted from the
/// list's `start`, going on from the last item numbered in the same list (one pass per list).
#[derive(Default)]
struct Numbering {
    /// The list, the position among its children after the last item numbered, and the next number.
    at: Option<(NodeId, usize, i64)>,
}

impl Numbering {
    /// The marker of a list item: its number in an ordered list, a dash otherwise.
    fn marker(&mut self, doc: &Document, item: NodeId) -> String {
        let Some(list) = doc.parent(item).filter(|&l| doc.tag(l) == "ol") else { return "- ".to_string() };
        let (mut pos, mut number) = match self.at {
            Some((l, pos, number)) if l == list => (pos, number),
            _ => (0, doc.element(list).and_then(|e| e.attr("start")).and_then(|s| s.trim().parse().ok()).unwrap_or(1)),
        };
        let kids = doc.children(list);
        while pos < kids.len() && kids[pos] != item {
            number += (doc.tag(kids[pos]) == "li") as i64;
            pos += 1;
        }
        self.at = Some((list, pos + 1, number + 1));
        format!("{number}. ")
    }
}

/// The plain text of the content blocks, the title's block left out (it is shown apart), and
/// the page's controls in the article left out as the reader HTML leaves them ([`Marks`]).
pub(crate) fn article_text(doc: &Document, c: &Classification, marks: &Marks) -> String {
    let mut text = String::new();
    let mut last: Option<Shape> = None;
    let mut numbering = Numbering::default();
    let controls: Vec<NodeId> = doc.ids().filter(|&i| marks.control[i]).collect();
    for (_, b) in c.content_blocks().filter(|(i, _)| Some(*i) != c.title_block) {
        // A control, or inside one ("Code: Select all" over a code box).
        let first_after = controls.partition_point(|&k| k <= b.node);
        if controls[..first_after].iter().any(|&k| b.node < doc.subtree_end(k)) {
            continue;
        }
        // Controls inline in the block's own text ("History [edit]"); one that is a block of its
        // own was left out above.
        let inside = controls[first_after..controls.partition_point(|&k| k < doc.subtree_end(b.node))]
            .iter()
            .any(|&k| c.seg.owner(k) == b.node);
        let own = if !inside { b.lines() } else { std::borrow::Cow::Owned(without_controls(doc, c, b, marks)) };
        if own.is_empty() {
            continue;
        }
        let here = shape(doc, b);
        if let Some(prev) = last {
            text.push_str(match (prev, here) {
                (Shape::ListItem, Shape::ListItem) => "\n",
                (Shape::Cell { row: a, .. }, Shape::Cell { row: b, .. }) if a == b => CELL_SEPARATOR,
                (Shape::Cell { rows: a, .. }, Shape::Cell { rows: b, .. }) if a == b => "\n",
                _ => "\n\n",
            });
        }
        if here == Shape::ListItem {
            text.push_str(&numbering.marker(doc, b.node));
        }
        text.push_str(&own);
        last = Some(here);
    }
    text
}

/// A block's own text without the controls inside it (a heading's "[edit]"), read again from its
/// text nodes, whitespace collapsed and its `<br>`s kept as line breaks. Only blocks holding a
/// control in their own text (a few per page) come here.
fn without_controls(doc: &Document, c: &Classification, b: &Block, marks: &Marks) -> String {
    let mut raw = String::new();
    let mut id = b.node;
    while id < doc.subtree_end(b.node) {
        if marks.control[id] || doc.element(id).is_some_and(|e| e.hidden || SILENT_TAGS.contains(&&*e.tag)) {
            id = doc.subtree_end(id);
            continue;
        }
        if let Some(t) = doc.text(id).filter(|_| c.seg.owner(id) == b.node) {
            raw.push_str(marks.bracket[id].strip(t));
        } else if doc.element(id).is_some_and(|e| e.is("br")) {
            raw.push('\n');
        }
        id += 1;
    }
    let lines: Vec<String> = raw.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

/// Elements whose text no one reads (the blocks leave them out too).
const SILENT_TAGS: &[&str] = &["script", "style", "template", "noscript", "svg"];

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::{analyze_html, Options};

    fn text(body: &str) -> String {
        let html = format!("<html><body><article><h1>A title for the page</h1>{body}</article></body></html>");
        analyze_html(&html, &Options::default()).unwrap().article.text
    }

    #[test]
    fn lists_tables_and_line_breaks_keep_their_shape() {
        let p = "<p>The article has a long first paragraph, long enough to read as the body of a page, \
                 and then a list, a table and a paragraph with lines.</p>";
        let t = text(&format!(
            "{p}<ul><li>First item</li><li>Second item</li></ul><ol start=3><li>Third</li><li>Fourth</li></ol>\
             <table><tr><td>Name</td><td>Value</td></tr><tr><td>Alpha</td><td>One</td></tr></table>\
             <p>A line that ends.<br>Another line, wrapped<br>in the middle.</p>"
        ));
        assert!(t.contains("- First item\n- Second item\n3. Third\n4. Fourth"), "{t}");
        assert!(t.contains("Name | Value\nAlpha | One"), "{t}");
        assert!(t.contains("A line that ends.\nAnother line, wrapped in the middle."), "{t}");
    }
}
