//! Native front end: HTML text → [`Document`] with html5ever, for the CLI and native tests.
//!
//! Parsed with scripting disabled, as `DOMParser` parses, so `<noscript>` content becomes elements
//! here exactly as it does in the browser front end.

use super::{Document, DocumentBuilder};
use html5ever::tendril::TendrilSink;
use html5ever::{parse_document, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// Pages larger than this are refused rather than parsed (a reader never needs 64 MiB of HTML).
pub(crate) const MAX_HTML_BYTES: usize = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    TooLarge(usize),
    NotHtml,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Empty => write!(f, "the page is empty"),
            ParseError::TooLarge(n) => {
                write!(f, "the page is {} MiB, more than the {} MiB limit", n >> 20, MAX_HTML_BYTES >> 20)
            }
            ParseError::NotHtml => write!(f, "the input does not look like HTML (no elements with text found)"),
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses an HTML document.
pub fn parse_html(html: &str) -> Result<Document, ParseError> {
    if html.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    if html.len() > MAX_HTML_BYTES {
        return Err(ParseError::TooLarge(html.len()));
    }
    // A binary file decoded leniently is full of control characters; HTML is not.
    let control = html.bytes().take(4096).filter(|&b| b < 9 || (14..32).contains(&b)).count();
    if control > 8 || !html.contains('<') {
        return Err(ParseError::NotHtml);
    }
    let mut opts = ParseOpts::default();
    opts.tree_builder.scripting_enabled = false;
    let dom = parse_document(RcDom::default(), opts).one(html);
    Ok(from_rcdom(&dom.document))
}

/// Walks the rcdom tree in document order (iteratively: pages can nest thousands deep).
fn from_rcdom(root: &Handle) -> Document {
    enum Step {
        Enter(Handle),
        Leave,
    }
    let mut b = DocumentBuilder::new();
    let mut stack: Vec<Step> = root.children.borrow().iter().rev().cloned().map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave => {
                b.end_element();
                continue;
            }
            Step::Enter(n) => n,
        };
        match &node.data {
            NodeData::Element { name, attrs, .. } => {
                let attrs = attrs
                    .borrow()
                    .iter()
                    .map(|a| {
                        let n = match &a.name.prefix {
                            Some(p) => format!("{}:{}", p, a.name.local),
                            None => a.name.local.to_string(),
                        };
                        (super::name(&n), a.value.to_string().into_boxed_str())
                    })
                    .collect();
                b.start_element(&name.local, attrs);
                stack.push(Step::Leave);
                if super::OPAQUE_TAGS.contains(&&*name.local) {
                    b.skip_elements(descendant_elements(&node));
                } else {
                    stack.extend(node.children.borrow().iter().rev().cloned().map(Step::Enter));
                }
            }
            NodeData::Text { contents } => b.text(&contents.borrow()),
            NodeData::Comment { contents } => b.comment(contents),
            _ => {}
        }
    }
    b.finish()
}

/// Elements below `node` (iteratively: SVG can nest deep).
fn descendant_elements(node: &Handle) -> u32 {
    let mut count = 0;
    let mut stack: Vec<Handle> = node.children.borrow().iter().cloned().collect();
    while let Some(n) = stack.pop() {
        if matches!(n.data, NodeData::Element { .. }) {
            count += 1;
        }
        stack.extend(n.children.borrow().iter().cloned());
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
    fn deep_nesting_does_not_overflow() {
        // Inline nesting is linear in html5ever; block nesting is quadratic there (each start tag
        // looks for a <p> to close), so it is tried at a depth the browser's parser would cap anyway.
        assert!(parse_html(&("<span>".repeat(200_000) + "x")).is_ok());
        assert!(parse_html(&("<div>".repeat(5_000) + "x")).is_ok());
    }
}
