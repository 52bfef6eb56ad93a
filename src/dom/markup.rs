//! A small markup reader for page text that the parser left as raw text but a live page reads as
//! markup: the rest of a page swallowed by a tracking pixel's `<noscript><iframe ... />` (see
//! [`DocumentBuilder`]'s raw-text handling).
//!
//! Pages are read with scripting off, as `DOMParser` reads them, so `<noscript>` content is parsed
//! as elements. Google Tag Manager's snippet is often written `<noscript><iframe src=... />
//! </noscript>`: `/>` does not close an iframe, whose content is raw text up to `</iframe>`, so
//! with scripting off the iframe swallows the rest of the page. With scripting on, as a visitor
//! sees the page, `<noscript>` itself is raw text up to `</noscript>` and the page goes on after
//! it. This reader plays that rest back into the builder.
//!
//! It is not an HTML5 tree builder: it reads tags, attributes, text, comments and character
//! references, knows void and raw-text elements, closes an open `<p>`/`<li>` where a block opens,
//! and lets an end tag close the nearest open element of its name. Server-rendered pages, which
//! close their elements, come out as the browser builds them.

use super::{name, DocumentBuilder};
use std::borrow::Cow;

/// Elements with no content and no end tag.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is raw text up to their end tag (`noscript` too: the live page runs
/// scripts). `title` and `textarea` decode character references in it.
const RAW_TEXT_TAGS: &[&str] = &["iframe", "noembed", "noframes", "noscript", "script", "style", "textarea", "title", "xmp"];

/// Start tags that close an open `<p>` (HTML's "close a p element" list, the common part).
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "ul",
];

/// Elements that end the search for an open element to close (HTML's scope boundaries).
pub(super) const SCOPE_TAGS: &[&str] = &["body", "caption", "html", "marquee", "object", "table", "td", "template", "th"];

/// Elements an inline end tag does not close across (besides [`CLOSES_P`]).
const OTHER_BLOCK_TAGS: &[&str] =
    &["button", "caption", "dd", "dt", "select", "tbody", "td", "tfoot", "th", "thead", "tr"];

/// Does this start tag close an open `<p>`?
pub(super) fn closes_p(tag: &str) -> bool {
    CLOSES_P.contains(&tag)
}

/// Is this a block (an element an inline end tag does not close across)?
pub(super) fn is_block(tag: &str) -> bool {
    CLOSES_P.contains(&tag) || OTHER_BLOCK_TAGS.contains(&tag) || SCOPE_TAGS.contains(&tag)
}

/// Tags the builder's open document already has: their start and end tags are not read again.
const DOCUMENT_TAGS: &[&str] = &["body", "head", "html"];

/// Character references a page's text commonly uses (numeric references are all read).
const NAMED_REFERENCES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("apos", "'"),
    ("bull", "\u{2022}"),
    ("copy", "\u{a9}"),
    ("euro", "\u{20ac}"),
    ("gt", ">"),
    ("hellip", "\u{2026}"),
    ("laquo", "\u{ab}"),
    ("ldquo", "\u{201c}"),
    ("lsquo", "\u{2018}"),
    ("lt", "<"),
    ("mdash", "\u{2014}"),
    ("middot", "\u{b7}"),
    ("nbsp", "\u{a0}"),
    ("ndash", "\u{2013}"),
    ("quot", "\""),
    ("raquo", "\u{bb}"),
    ("rdquo", "\u{201d}"),
    ("reg", "\u{ae}"),
    ("rsquo", "\u{2019}"),
    ("times", "\u{d7}"),
    ("trade", "\u{2122}"),
];

/// Reads `html` into the builder as markup; its elements are numbered `index` (the element of the
/// read DOM that holds them as text).
pub(super) fn replay(b: &mut DocumentBuilder, html: &str, index: u32) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(lt) = html[i..].find('<').map(|k| i + k) else {
            b.text(&decode(&html[i..]));
            break;
        };
        if lt > i {
            b.text(&decode(&html[i..lt]));
        }
        let next = bytes.get(lt + 1).copied().unwrap_or(0);
        i = if html[lt..].starts_with("<!--") {
            html[lt + 4..].find("-->").map_or(bytes.len(), |k| lt + 4 + k + 3)
        } else if next == b'!' || next == b'?' {
            skip_past(html, lt, b'>')
        } else if next == b'/' && bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
            let (tag, after) = tag_name(html, lt + 2);
            if !DOCUMENT_TAGS.contains(&&*tag) {
                b.close_replayed(&tag);
            }
            skip_past(html, after, b'>')
        } else if next.is_ascii_alphabetic() {
            start_tag(b, html, lt + 1, index)
        } else {
            b.text("<");
            lt + 1
        };
    }
}

/// Reads a start tag whose name begins at `at`; returns where reading goes on.
fn start_tag(b: &mut DocumentBuilder, html: &str, at: usize, index: u32) -> usize {
    let (tag, mut i) = tag_name(html, at);
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return i;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b'/') && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &html[start..i.max(start + 1).min(bytes.len())];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (raw, after) = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[i + 1..].find(q as char).map_or(bytes.len(), |k| i + 1 + k);
                    (&html[i + 1..end], (end + 1).min(bytes.len()))
                }
                _ => {
                    let end = html[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(bytes.len(), |k| i + k);
                    (&html[i..end], end)
                }
            };
            value = decode(raw).into_owned();
            i = after;
        }
        if !attrs.iter().any(|(k, _): &(super::Name, Box<str>)| k.eq_ignore_ascii_case(key)) {
            attrs.push((name(key), value.into_boxed_str()));
        }
    }
    if DOCUMENT_TAGS.contains(&&*tag) {
        return i;
    }
    b.open_replayed(&tag, attrs, index);
    if VOID_TAGS.contains(&&*tag) {
        b.close_replayed(&tag);
    } else if RAW_TEXT_TAGS.contains(&&*tag) {
        let end = find_end_tag(html, i, &tag);
        let text = &html[i..end];
        if tag == "title" || tag == "textarea" {
            b.text(&decode(text));
        } else {
            b.text(text);
        }
        b.close_replayed(&tag);
        return skip_past(html, end, b'>');
    }
    i
}

/// The lower-case tag name starting at `at`, and where it ends.
fn tag_name(html: &str, at: usize) -> (super::Name, usize) {
    let end = html[at..].find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').map_or(html.len(), |k| at + k);
    (name(&html[at..end]), end)
}

/// Just past the next `byte` at or after `at` (or the end).
fn skip_past(html: &str, at: usize, byte: u8) -> usize {
    html.as_bytes()[at.min(html.len())..].iter().position(|&c| c == byte).map_or(html.len(), |k| at + k + 1)
}

/// Where the raw text that starts at `at` ends: at `</tag` (any case), or the end.
fn find_end_tag(html: &str, at: usize, tag: &str) -> usize {
    let bytes = html.as_bytes();
    let mut i = at;
    while let Some(k) = html[i..].find("</") {
        let s = i + k + 2;
        if bytes.len() >= s + tag.len() && bytes[s..s + tag.len()].eq_ignore_ascii_case(tag.as_bytes()) {
            return i + k;
        }
        i = s;
    }
    html.len()
}

/// Text with its character references read.
fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let reference = rest[1..].find(';').filter(|&e| e <= 32).map(|e| &rest[1..1 + e]);
        let read = reference.and_then(|r| {
            if let Some(num) = r.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                code.map(|c| char::from_u32(c).filter(|&c| c != '\0').unwrap_or('\u{fffd}').to_string())
            } else {
                NAMED_REFERENCES.iter().find(|(n, _)| *n == r).map(|(_, v)| v.to_string())
            }
        });
        match (read, reference) {
            (Some(v), Some(r)) => {
                out.push_str(&v);
                rest = &rest[r.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
