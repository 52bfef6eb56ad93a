//! What must hold of any analysis, whatever the page: the fuzzer's checks (`tests/fuzz.rs`), which
//! the regression tests (`tests/hostile.rs`) run too. The reader HTML is parsed back as a browser
//! parses it and must hold only allowed elements and attributes and only allowed URL schemes; a
//! readerable page must have a reader view with text in it.

use markup5ever_rcdom::{Handle, NodeData};
use readmode::Analysis;

/// Elements the reader HTML may contain (src/extract/reader.rs's allow-list, and the parser's own
/// `html`, `head`, `body` around a fragment).
pub const ELEMENTS: &[&str] = &[
    "a", "abbr", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "source", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "video", "wbr",
    "html", "head", "body",
];

/// Attributes the reader HTML may contain.
pub const ATTRIBUTES: &[&str] = &[
    "lang", "dir", "title", "href", "target", "rel", "src", "srcset", "sizes", "alt", "width", "height", "loading",
    "colspan", "rowspan", "headers", "scope", "span", "start", "reversed", "type", "value", "datetime", "open", "media",
    "cite", "poster", "controls", "preload", "class",
];

/// Image types a `data:` image may have (raster only: SVG can carry script).
const DATA_IMAGES: &[&str] = &["image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/avif"];

/// Checks an analysis of a page whose URL was `page_url`; says what is wrong.
pub fn check(a: &Analysis, page_url: Option<&str>) -> Result<(), String> {
    let html = &a.article.html;
    let file_page = page_url.is_some_and(|u| u.trim_start().to_ascii_lowercase().starts_with("file:"));
    let mut text = String::new();
    for node in walk(html) {
        let (name, attrs) = match &node.data {
            NodeData::Element { name, attrs, .. } => (name.local.to_string(), attrs.borrow().clone()),
            NodeData::Text { contents } => {
                text.push_str(&contents.borrow());
                continue;
            }
            NodeData::Comment { .. } => return Err(format!("a comment in the reader HTML: {html}")),
            _ => continue,
        };
        if !ELEMENTS.contains(&name.as_str()) {
            return Err(format!("element <{name}> is not allowed: {html}"));
        }
        for attr in attrs {
            let (key, value) = (attr.name.local.to_string(), attr.value.to_string());
            if !ATTRIBUTES.contains(&key.as_str()) || attr.name.prefix.is_some() {
                return Err(format!("attribute {key}={value:?} on <{name}> is not allowed"));
            }
            let ok = match key.as_str() {
                "href" | "cite" => url_ok(&value, &["http", "https", "mailto"], file_page),
                "src" | "poster" => url_ok(&value, &["http", "https", "data"], file_page),
                "srcset" => srcset_urls(&value).iter().all(|u| url_ok(u, &["http", "https", "data"], file_page)),
                "target" => value == "_blank",
                "rel" => value == "noopener noreferrer",
                _ => true,
            };
            if !ok {
                return Err(format!("{key}={value:?} on <{name}> is not allowed"));
            }
        }
    }
    if a.readerable && text.trim().is_empty() {
        return Err(format!("readerable with {} characters of text, and a blank reader view: {html:?}", a.article.text.len()));
    }
    Ok(())
}

/// Is this URL of one of `schemes` (a `data:` one a raster image), or relative? `file:` only on a
/// `file:` page.
fn url_ok(url: &str, schemes: &[&str], file_page: bool) -> bool {
    // As the browser reads it: tabs and newlines dropped, C0 controls and spaces trimmed.
    let u: String = url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let Some(colon) = u.find(':') else { return true };
    let scheme = &u[..colon];
    if !scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        // No scheme (`a/b:c`, `<nav>https://x`, `\u{feff}http://x`): a relative reference.
        return true;
    }
    let scheme = scheme.to_ascii_lowercase();
    if scheme == "file" {
        return file_page;
    }
    if scheme == "data" {
        let mime = u[colon + 1..].split([';', ',']).next().unwrap_or("").trim().to_ascii_lowercase();
        return schemes.contains(&"data") && DATA_IMAGES.contains(&mime.as_str());
    }
    schemes.contains(&scheme.as_str())
}

/// The URLs of a `srcset`, split as browsers split it (a URL runs to white space; trailing commas
/// are not part of it; descriptors run to a comma outside parentheses, which do not nest).
fn srcset_urls(set: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = set;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(',');
        urls.push(url);
        if url.len() < end {
            rest = &rest[end..];
            continue;
        }
        rest = &rest[end..];
        // Parentheses do not nest in the browser's descriptor tokenizer.
        let mut in_parens = false;
        let stop = rest
            .char_indices()
            .find(|&(_, c)| {
                in_parens = (in_parens || c == '(') && c != ')';
                c == ',' && !in_parens
            })
            .map_or(rest.len(), |(i, _)| i);
        rest = &rest[stop..];
    }
}

/// Every node of an HTML string as a browser's parser builds it, in document order.
fn walk(html: &str) -> Vec<Handle> {
    use html5ever::tendril::TendrilSink;
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), Default::default()).one(html);
    let mut out = Vec::new();
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(n) = stack.pop() {
        stack.extend(n.children.borrow().iter().rev().cloned());
        out.push(n);
    }
    out
}
