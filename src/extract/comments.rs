//! The discussion under an article, offered apart from it: [`Comments`].
//!
//! The classifier decides once whether the page is a thread (its posts are its text) or an
//! article with a discussion under it ([`Classification::thread`]). On an article, the blocks
//! labelled comments are never article text; they are gathered here, so that a reader can open
//! them on request instead of losing them. The posts are the largest run of sibling elements of
//! one shape (tag and class) that holds most of the comments' text — a blog's `li.comment`, a news
//! site's `div.comment-item` — and every element of that shape among them counts as one comment,
//! replies nested in a post included. The HTML is rebuilt by the same allow-list builder as the
//! article ([`super::reader`]), without the comment form, the hidden parts and the posts' action
//! links ("Reply", "Report").

use super::url::BaseUrl;
use crate::classify::{Classification, Label};
use crate::dom::{Document, NodeId};
use crate::lexicon::{words_of_text, COMMENT_ACTION_WORDS};
use crate::page_shape::sibling_shape;
use serde::Serialize;

/// The discussion under an article: how many comments, and their reader HTML.
///
/// ```
/// let html = r#"<article><h1>Rain at last</h1><p>After eleven dry months the valley got its first
///     real rain on Sunday, and farmers stood in the fields to watch it fall.</p></article>
///   <section id="comments"><h2>2 comments</h2><ol class="comment-list">
///     <li class="comment"><p class="author">Ana</p><p>We got it here too, the first real rain since March, and the
///       garden drank every drop of it.</p></li>
///     <li class="comment"><p class="author">Ben</p><p>About time. <a href="javascript:x()">Reply</a></p></li>
///   </ol></section>"#;
/// let a = readmode::analyze_html(html, &readmode::Options { min_article_length: 50, ..Default::default() })?;
/// assert!(!a.article.text.contains("first since March"));
/// let comments = a.article.comments.expect("the article has comments");
/// assert_eq!(comments.count, 2);
/// assert!(comments.html.contains("We got it here too"));
/// assert!(!comments.html.contains("javascript:"));
/// # Ok::<(), readmode::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comments {
    /// How many comments: the posts of the discussion, replies included.
    pub count: u32,
    /// The comments as reader HTML, through the article's allow-list (no scripts, event handlers
    /// or `javascript:` URLs; links and images absolute).
    pub html: String,
}

/// The discussion under the article, or `None` on a thread (its posts are the article) and on a
/// page with no comments.
pub(crate) fn comments(doc: &Document, c: &Classification, base: Option<&BaseUrl>) -> Option<Comments> {
    if c.thread {
        return None;
    }
    let n = doc.len();
    // Characters of comment text per subtree (visible comment blocks, their action links left out).
    let mut chars = vec![0u32; n];
    let mut said = false;
    for (i, b) in c.seg.blocks.iter().enumerate() {
        if c.verdicts[i].label == Label::Comments && !b.hidden && !in_form(doc, b.node) && !is_comment_action(&b.text) {
            chars[b.node] += b.chars as u32;
            said |= b.heading == 0 && b.chars >= MIN_COMMENT_CHARS && b.link_density() < 0.5;
        }
    }
    // A comment form under its heading ("Leave a Reply") or a review count is no discussion yet.
    if !said {
        return None;
    }
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id) {
            chars[p] += chars[id];
        }
    }
    let total = chars[Document::ROOT];

    // The posts: the shape of siblings whose run holds the most comment text (then the longest run).
    let mut best: Option<((&str, &str), u32, usize, NodeId)> = None;
    for parent in doc.ids().filter(|&p| chars[p] > 0) {
        let mut shapes: Vec<((&str, &str), u32, usize)> = Vec::new();
        for &child in doc.children(parent).iter().filter(|&&k| chars[k] > 0) {
            let Some(e) = doc.element(child) else { continue };
            let shape = sibling_shape(e);
            match shapes.iter_mut().find(|(s, _, _)| *s == shape) {
                Some((_, held, count)) => {
                    *held += chars[child];
                    *count += 1;
                }
                None => shapes.push((shape, chars[child], 1)),
            }
        }
        for (shape, held, count) in shapes.into_iter().filter(|s| s.2 >= MIN_POSTS) {
            if best.is_none_or(|b| (held, count) > (b.1, b.2)) {
                best = Some((shape, held, count, parent));
            }
        }
    }
    // Most of the comment text, or it is a run of paragraphs inside one long comment. The posts
    // are the run's elements and those of their shape inside them (replies).
    let posts: Vec<NodeId> = match best.filter(|b| b.1 as f32 >= MIN_POSTS_SHARE * total as f32) {
        Some((shape, _, _, parent)) => (parent + 1..doc.subtree_end(parent))
            .filter(|&id| chars[id] > 0 && doc.element(id).is_some_and(|e| sibling_shape(e) == shape))
            .collect(),
        None => Vec::new(),
    };
    let count = posts.len().max(1) as u32;
    // What is shown: the outermost posts (replies come inside them), else the comment zones'
    // outermost elements holding comment text.
    let roots: Vec<NodeId> = if posts.is_empty() {
        let is_zone = |id: NodeId| c.zone[id].is_some_and(|z| z.label == Label::Comments);
        doc.ids()
            .filter(|&id| chars[id] > 0 && (is_zone(id) || c.seg.block_of(id).is_some()))
            .filter(|&id| doc.ancestors(id).all(|a| chars[a] == 0 || !(is_zone(a) || c.seg.block_of(a).is_some())))
            .collect()
    } else {
        let outer: Vec<NodeId> = posts.iter().copied().filter(|&p| !doc.ancestors(p).any(|a| posts.binary_search(&a).is_ok())).collect();
        // Posts that are a list's items are shown in their list (its other children left out below).
        match outer.first().and_then(|&p| doc.parent(p)) {
            Some(list) if matches!(doc.tag(list), "ol" | "ul") && outer.iter().all(|&p| doc.parent(p) == Some(list)) => vec![list],
            _ => outer,
        }
    };

    // Left out: what holds no comment text, and the inline text of blocks that are not comments.
    let mut dropped = vec![false; n];
    for id in doc.ids() {
        let parent_dropped = doc.parent(id).is_some_and(|p| dropped[p]);
        let owner = c.seg.owner(id);
        let owned_by_other = owner != id
            && c.seg.block_of(owner).is_some_and(|b| c.verdicts[b].label != Label::Comments || is_comment_action(&c.seg.blocks[b].text));
        let beside_posts = roots.len() == 1 && !posts.is_empty() && doc.parent(id) == Some(roots[0]) && posts.binary_search(&id).is_err();
        dropped[id] = parent_dropped
            || beside_posts
            || match doc.element(id) {
                Some(e) => e.hidden || e.is("form") || owned_by_other || (owner == id && chars[id] == 0 && !is_media(doc, id)),
                None => owned_by_other,
            };
    }
    let marks = super::controls::marks(doc, &roots, true);
    let html = super::reader::reader_html(doc, &roots, &dropped, &marks, base);
    Some(Comments { count, html })
}

/// A discussion has a comment of at least this many characters (not a heading, not a link).
const MIN_COMMENT_CHARS: usize = 50;
/// Posts come in runs of at least this many (one comment alone is counted as one).
const MIN_POSTS: usize = 2;
/// The posts hold at least this share of the comments' text.
const MIN_POSTS_SHARE: f32 = 0.5;

fn in_form(doc: &Document, id: NodeId) -> bool {
    doc.ancestors(id).any(|a| doc.tag(a) == "form")
}

/// An avatar or a picture posted in a comment.
fn is_media(doc: &Document, id: NodeId) -> bool {
    matches!(doc.tag(id), "img" | "picture" | "figure")
}

/// A post's action link, whose words are all one of [`COMMENT_ACTION_WORDS`] ("Reply", "Report").
fn is_comment_action(text: &str) -> bool {
    text.chars().count() <= 24 && {
        let w = words_of_text(text);
        !w.is_empty() && w.split(' ').all(|word| COMMENT_ACTION_WORDS.contains(&word))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::{analyze_html, Options};

    const POST: &str = "I have the same problem with my router since the last firmware update: the connection drops \
        every evening around eight and only a restart brings it back, which is no fun in the middle of a call.";

    /// A thread whose template names every post `comment` and declares nothing: its comment zones
    /// hold most of its prose, so the posts are its text and no discussion is offered apart.
    #[test]
    fn a_thread_has_no_comments_apart() {
        let posts: String = (1..=6).map(|i| format!(r#"<div class="comment"><p class="comment-author">user{i}</p><p>{POST} ({i})</p></div>"#)).collect();
        let html = format!(r#"<h1>Router drops the connection every evening</h1><p>Asked by user0.</p><div id="comments">{posts}</div>"#);
        let a = analyze_html(&html, &Options { min_article_length: 100, ..Default::default() }).unwrap();
        assert!(a.article.text.contains("(1)") && a.article.text.contains("(6)"), "{}", a.article.text);
        assert_eq!(a.article.comments, None);
    }

    /// An article with the same comments under it: they stay out of its text and are offered apart.
    #[test]
    fn an_article_has_its_comments_apart() {
        let story = "The council voted on Tuesday to replace every streetlight in the old town with warm LED lamps, \
            a project that will take two years and cost less than the old lamps' electricity over five.";
        let body: String = (1..=8).map(|i| format!("<p>{story} ({i})</p>")).collect();
        let posts: String = (1..=3).map(|i| format!(r#"<div class="comment"><p class="comment-author">user{i}</p><p>{POST} [{i}]</p></div>"#)).collect();
        let html = format!(r#"<article><h1>New streetlights for the old town</h1>{body}</article><div id="comments"><h2>3 comments</h2>{posts}</div>"#);
        let a = analyze_html(&html, &Default::default()).unwrap();
        assert!(a.readerable);
        assert!(!a.article.text.contains("[1]") && !a.article.html.contains("[1]"));
        let comments = a.article.comments.expect("offered apart");
        assert_eq!(comments.count, 3);
        assert!(comments.html.contains("user2") && comments.html.contains("[3]") && !comments.html.contains("3 comments"));
    }
}
