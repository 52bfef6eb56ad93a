//! The reader HTML is rebuilt from an allow-list: a page full of script, event-handler,
//! `javascript:` and `<svg onload>` tricks yields none of them, and keeps its prose.
#![cfg(not(target_arch = "wasm32"))]

use markup5ever_rcdom::{Handle, NodeData};
use readmode::{analyze_html, Options};

const SOURCE: &str = include_str!("pages/allow-list/source.html");
const PAGE_URL: &str = "https://news.example/2024/05/story.html";

/// Elements and attributes the reader HTML may contain.
const ELEMENTS: &[&str] = &[
    "a", "abbr", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "source", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "video", "wbr",
    // the parser's own wrappers around a fragment
    "html", "head", "body",
];
const ATTRIBUTES: &[&str] = &[
    "lang", "dir", "title", "href", "target", "rel", "src", "srcset", "sizes", "alt", "width", "height", "loading",
    "colspan", "rowspan", "headers", "scope", "span", "start", "reversed", "type", "value", "datetime", "open", "media",
    "cite", "poster", "controls", "preload", "class",
];

fn reader_html() -> String {
    let options = Options { url: Some(PAGE_URL.into()), ..Options::default() };
    analyze_html(SOURCE, &options).expect("the fixture is readable").article.html
}

/// Every (element, attribute, value) in an HTML string, as a browser's parser would see them.
fn walk(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    use html5ever::tendril::TendrilSink;
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), Default::default()).one(html);
    let mut out = Vec::new();
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(n) = stack.pop() {
        if let NodeData::Element { name, attrs, .. } = &n.data {
            let attrs = attrs.borrow().iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
            out.push((name.local.to_string(), attrs));
        }
        stack.extend(n.children.borrow().iter().rev().cloned());
    }
    out
}

#[test]
fn no_trick_survives() {
    assert_allowed(&reader_html());
}

/// The same page with a discussion under the article whose comments carry the same tricks: the
/// comments the reader offers (`article.comments`) pass the same allow-list.
#[test]
fn no_trick_survives_in_the_comments() {
    let hostile = r##"<section id="comments" class="comments-area"><h2>3 comments</h2><ol class="comment-list">
      <li class="comment"><p class="comment-author"><a href="javascript:alert('author')">Mallory</a> says:</p>
        <p onclick="alert('comment')" style="color:red">A comment with a handler, a style and <svg onload="alert(1)"></svg> an SVG.</p>
        <script>alert('comment script')</script><a class="comment-reply-link" href="#" onclick="reply()">Reply</a></li>
      <li class="comment"><p class="comment-author">Eve says:</p><p>A second comment <img src="x.gif" onerror="alert('img')"> with
        <a href="data:text/html,<script>alert(2)</script>">a data link</a> and <iframe src="https://evil.example/"></iframe>.</p></li>
      <li class="comment"><p class="comment-author">Trent says:</p><p>A third, plain comment that keeps its words and
        <a href="/reply/3">a relative link</a>.</p>
        <form action="javascript:alert(3)"><textarea>Leave a reply</textarea><button formaction="javascript:x()">Post</button></form></li>
    </ol></section>"##;
    let page = SOURCE.replacen("</body>", &format!("{hostile}</body>"), 1);
    assert_ne!(page, SOURCE, "the fixture has a </body> to put the comments before");
    let options = Options { url: Some(PAGE_URL.into()), ..Options::default() };
    let a = analyze_html(&page, &options).expect("the fixture is readable");
    let comments = a.article.comments.expect("the comments are offered");
    assert_eq!(comments.count, 3);
    assert_allowed(&comments.html);
    for kept in ["A comment with a handler", "A second comment", "A third, plain comment", "<a href=\"https://news.example/reply/3\""] {
        assert!(comments.html.contains(kept), "expected {kept:?} in the comments:\n{}", comments.html);
    }
    assert!(!a.article.text.contains("A third, plain comment"), "a comment in the article text");
}

/// The checks every reader HTML passes: no banned markup, only allowed elements and attributes,
/// only absolute https URLs.
fn assert_allowed(html: &str) {
    let lower = html.to_ascii_lowercase();
    for banned in ["<script", "<svg", "<iframe", "<object", "<embed", "<style", "<form", "<input", "<button", "<base", "<meta",
        "<template", "<math", "javascript", "vbscript", "data:text", "data:image/svg", "alert(", "srcdoc", "formaction", "onerror",
        "onload", "onclick", "onmouseover", "onfocus", "onplay", "style=", "autofocus", "please enable javascript"]
    {
        assert!(!lower.contains(banned), "allow-list: {banned:?} leaked into the reader HTML:\n{html}");
    }
    for (element, attrs) in walk(html) {
        assert!(ELEMENTS.contains(&element.as_str()), "allow-list: element <{element}> is not allowed:\n{html}");
        for (name, value) in attrs {
            assert!(ATTRIBUTES.contains(&name.as_str()), "allow-list: attribute {name}={value:?} on <{element}> is not allowed");
            if matches!(name.as_str(), "href" | "src" | "cite" | "poster") {
                assert!(value.starts_with("https://"), "allow-list: {name}={value:?} on <{element}> is not an absolute https URL");
            }
        }
    }
}

#[test]
fn prose_links_and_images_are_kept() {
    let html = reader_html();
    for kept in [
        "The first paragraph of this story is ordinary prose",
        "<a href=\"https://news.example/safe/page.html\" target=\"_blank\" rel=\"noopener noreferrer\">a safe relative link</a>",
        "<img src=\"https://news.example/2024/05/images/photo.jpg\" alt=\"A photo\"",
        "Text inside a form element stays readable",
        "<blockquote><p>A quotation whose cite attribute",
        "<p>A paragraph with a hostile style attribute",
        "a script-scheme link",
        "The last paragraph ends the story",
    ] {
        assert!(html.contains(kept), "allow-list: expected {kept:?} in the reader HTML:\n{html}");
    }
    assert!(!html.contains("Home") && !html.contains("Copyright"), "navigation or footer in the reader HTML:\n{html}");
}
