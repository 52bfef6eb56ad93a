//! The reader HTML: the article rebuilt element by element from an allow-list, never the page's
//! markup copied through. Scripts, styles, forms, frames, SVG and every attribute not listed here
//! are left behind; links and media are resolved against the page URL and kept only with a safe
//! scheme; lazy images get their real source (`data-src`, `srcset`, the `<noscript>` fallback).

use crate::lexicon::{words_of_text, GENERIC_PLAYER_TITLES, PLACEHOLDER_WORDS, SubstringSet};
use super::controls::Marks;
use super::srcset;
use super::url::{safe_url, BaseUrl, UrlUse};
use crate::classify::blocks::is_permalink_anchor;
use crate::dom::{Document, Element, NodeId, NodeKind};

/// What becomes of a page element in the reader HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// Rebuilt as this element.
    Keep(&'static str),
    /// Left out, but its children are kept (`span`, `font`, `form`, custom elements).
    Unwrap,
    /// Left out with everything inside it.
    Drop,
}

/// Elements kept as they are (sorted).
const KEPT: &[&str] = &[
    "a", "abbr", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "source", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "video", "wbr",
];
/// Elements rebuilt as another: the headline is shown apart, so the body's `h1`s step down.
const RENAMED: &[(&str, &str)] = &[
    ("h1", "h2"),
    ("article", "div"),
    ("section", "div"),
    ("main", "div"),
    ("div", "div"),
    ("center", "div"),
    ("header", "div"),
    ("footer", "div"),
    ("aside", "div"),
    ("address", "div"),
    ("hgroup", "div"),
    ("tt", "code"),
    ("strike", "s"),
    ("big", "strong"),
];
/// Elements dropped with their content (sorted).
const DROPPED: &[&str] = &[
    "applet", "base", "button", "canvas", "datalist", "dialog", "embed", "frame", "frameset", "head", "iframe", "input",
    "link", "map", "meta", "meter", "nav", "noembed", "noframes", "object", "optgroup", "option", "output", "param",
    "progress", "script", "select", "slot", "style", "svg", "template", "textarea", "title", "track",
];
/// Elements with no closing tag.
const VOID: &[&str] = &["br", "col", "hr", "img", "source", "wbr"];
/// Elements that stay even when empty (table cells keep the grid).
const KEPT_WHEN_EMPTY: &[&str] = &["br", "col", "colgroup", "hr", "img", "source", "td", "th", "tr", "wbr"];
/// Attributes where a lazy-loading script keeps an image's real source, most specific first.
const LAZY_SRC_ATTRS: &[&str] = &[
    "data-src", "data-lazy-src", "data-original", "data-hi-res-src", "data-full-src", "data-url", "data-lazy",
    "data-actualsrc", "data-echo", "data-srcset", "data-lazy-srcset",
];
/// A `data:` image shorter than this is a placeholder pixel.
const MIN_DATA_IMAGE_CHARS: usize = 200;

fn action(tag: &str) -> Action {
    thread_local! {
        // The tables below by tag (this runs for every element of the page).
        static BY_TAG: rustc_hash::FxHashMap<&'static str, Action> =
            KEPT.iter().chain(RENAMED.iter().map(|r| &r.0)).chain(DROPPED).chain(&["noscript"]).map(|&t| (t, table_action(t))).collect();
    }
    BY_TAG.with(|by_tag| by_tag.get(tag).copied().unwrap_or(Action::Unwrap))
}

/// What [`KEPT`], [`RENAMED`] and [`DROPPED`] say of a tag, in that order.
fn table_action(tag: &str) -> Action {
    if let Ok(k) = KEPT.binary_search(&tag) {
        Action::Keep(KEPT[k])
    } else if let Some((_, to)) = RENAMED.iter().find(|(from, _)| *from == tag) {
        Action::Keep(to)
    } else if DROPPED.binary_search(&tag).is_ok() || tag == "noscript" {
        Action::Drop
    } else {
        Action::Unwrap
    }
}

enum Step {
    Enter(NodeId),
    Close(&'static str),
}

fn push_children(doc: &Document, id: NodeId, stack: &mut Vec<Step>) {
    stack.extend(doc.children(id).iter().rev().map(|&c| Step::Enter(c)));
}

/// Builds the reader HTML of the subtrees under `roots`, leaving out nodes marked in `dropped`.
/// The page's controls are left out and its quote boxes shown as quotes as `marks` says.
pub(crate) fn reader_html(doc: &Document, roots: &[NodeId], dropped: &[bool], marks: &Marks, base: Option<&BaseUrl>) -> String {
    let images = Images::of(doc, base);
    let content = has_content(doc, dropped, &marks.control, base, &images);
    let mut out = String::new();
    let mut stack: Vec<Step> = roots.iter().rev().map(|&r| Step::Enter(r)).collect();
    let mut pre_depth = 0usize;
    while let Some(step) = stack.pop() {
        let id = match step {
            Step::Close(tag) => {
                if tag == "pre" {
                    pre_depth -= 1;
                }
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
                continue;
            }
            Step::Enter(id) => id,
        };
        if dropped.get(id).copied().unwrap_or(false) || marks.control[id] {
            continue;
        }
        let e = match &doc.node(id).kind {
            NodeKind::Root => {
                push_children(doc, id, &mut stack);
                continue;
            }
            NodeKind::Text(_) => {
                push_text(&mut out, marks.bracket[id].strip(doc.text(id).unwrap_or_default()), pre_depth > 0);
                continue;
            }
            NodeKind::Element(e) => e,
        };
        if e.hidden || is_permalink_anchor(doc, id) {
            continue;
        }
        if e.is("iframe") {
            // A video player frame becomes a link to the video: the reader runs no third-party
            // player, but the reader should know the video is there and reach it.
            if let Some(video) = video_embed(e, base) {
                push_video(&mut out, doc, id, &video, dropped);
            }
            continue;
        }
        if e.is("noscript") {
            // The fallback of a lazy image gives its image; any other noscript content that the
            // classifier kept (a crawler view of a script-rendered page) is read like the rest.
            match images.fallback(doc, id) {
                Some(true) => {
                    for d in id + 1..doc.subtree_end(id) {
                        if let Some(img) = doc.element(d).filter(|e| e.is("img")) {
                            push_img(&mut out, img, base);
                        }
                    }
                }
                Some(false) => {}
                None => push_children(doc, id, &mut stack),
            }
            continue;
        }
        let tag = match action(&e.tag) {
            Action::Drop => continue,
            Action::Unwrap => {
                push_children(doc, id, &mut stack);
                continue;
            }
            // A forum's quoted post drawn as a box of its own is a quote.
            Action::Keep("div") if marks.quote[id] => "blockquote",
            Action::Keep("blockquote") if marks.post_body[id] => "div",
            Action::Keep(tag) => tag,
        };
        if !content[id] && !KEPT_WHEN_EMPTY.contains(&tag) {
            continue;
        }
        match tag {
            "img" => {
                push_img(&mut out, e, base);
                continue;
            }
            "a" => match e.attr("href").and_then(|h| safe_url(h, base, UrlUse::Link)) {
                Some(href) => {
                    out.push_str("<a href=\"");
                    push_escaped(&mut out, &href, true);
                    out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\"");
                }
                None => {
                    push_children(doc, id, &mut stack);
                    continue;
                }
            },
            _ => {
                out.push('<');
                out.push_str(tag);
            }
        }
        push_attrs(&mut out, e, tag, base);
        if matches!(tag, "video" | "audio") {
            out.push_str(" controls preload=\"none\"");
        }
        out.push('>');
        if VOID.contains(&tag) {
            continue;
        }
        if tag == "pre" {
            pre_depth += 1;
        }
        stack.push(Step::Close(tag));
        push_children(doc, id, &mut stack);
    }
    out
}

/// For every node: does it hold anything worth showing (text, an image that loads, media)?
/// One pass from the leaves up, so the whole check is linear in the page size.
fn has_content(doc: &Document, dropped: &[bool], controls: &[bool], base: Option<&BaseUrl>, images: &Images) -> Vec<bool> {
    let n = doc.len();
    let mut content = vec![false; n];
    for id in (0..n).rev() {
        if dropped.get(id).copied().unwrap_or(false) || controls[id] {
            content[id] = false;
            continue;
        }
        let own = match &doc.node(id).kind {
            NodeKind::Root => content[id],
            NodeKind::Text(_) => !doc.text(id).unwrap_or_default().trim().is_empty(),
            NodeKind::Element(e) if e.hidden => false,
            NodeKind::Element(e) if e.is("noscript") => {
                match images.fallback(doc, id) {
                    Some(true) => images.loading[id] > 0,
                    Some(false) => false,
                    None => content[id],
                }
            }
            NodeKind::Element(e) if e.is("iframe") => video_embed_link(e, base).is_some(),
            NodeKind::Element(e) => match action(&e.tag) {
                Action::Drop => false,
                Action::Keep("img") => image_src(e, base).is_some(),
                Action::Keep("video" | "audio") => playable(doc, id, base),
                _ => content[id],
            },
        };
        content[id] = own;
        if own {
            if let Some(p) = doc.parent(id) {
                content[p] = true;
            }
        }
    }
    content
}

/// Video players embedded as frames: (host, path prefix before the video id, watch URL prefix,
/// the service's name).
const VIDEO_EMBEDS: &[(&str, &str, &str, &str)] = &[
    ("www.youtube.com", "/embed/", "https://www.youtube.com/watch?v=", "YouTube"),
    ("youtube.com", "/embed/", "https://www.youtube.com/watch?v=", "YouTube"),
    ("www.youtube-nocookie.com", "/embed/", "https://www.youtube.com/watch?v=", "YouTube"),
    ("player.vimeo.com", "/video/", "https://vimeo.com/", "Vimeo"),
    ("www.dailymotion.com", "/embed/video/", "https://www.dailymotion.com/video/", "Dailymotion"),
];

/// A video a frame plays: its watch page, the service's name, and its title when the page gives
/// one (the frame's `title` or `aria-label`, unless it is the player's default that names no video).
struct Video {
    url: String,
    service: &'static str,
    title: Option<String>,
}

fn video_embed(e: &Element, base: Option<&BaseUrl>) -> Option<Video> {
    let (url, service) = video_watch_page(e, base)?;
    let title = ["title", "aria-label"]
        .iter()
        .filter_map(|a| e.attr(a).map(str::trim))
        .find(|t| !t.is_empty() && !GENERIC_PLAYER_TITLES.contains(&words_of_text(t).as_str()))
        .map(str::to_string);
    Some(Video { url, service, title })
}

/// How many levels above a frame a `<figure>` is the video's (`figure > div.wrapper > iframe`).
const VIDEO_FIGURE_DEPTH: usize = 3;

/// An embedded video in the reader: a figure holding a link to its watch page, named by its title
/// ("Video: Aurora over the fjord"), else by its service ("Video on YouTube"), never by its bare
/// address. A frame inside a figure of the page (a block editor's embed, with its caption) is
/// that figure's link, and the figure is the page's.
fn push_video(out: &mut String, doc: &Document, id: NodeId, video: &Video, dropped: &[bool]) {
    let in_figure = doc
        .ancestors(id)
        .take(VIDEO_FIGURE_DEPTH)
        .any(|a| doc.tag(a) == "figure" && !dropped.get(a).copied().unwrap_or(false));
    out.push_str(if in_figure { "<p>" } else { "<figure><p>" });
    out.push_str("<a href=\"");
    push_escaped(out, &video.url, true);
    out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\">");
    match &video.title {
        Some(t) => {
            out.push_str("Video: ");
            push_escaped(out, t, false);
        }
        None => {
            out.push_str("Video on ");
            out.push_str(video.service);
        }
    }
    out.push_str("</a></p>");
    if !in_figure {
        out.push_str("</figure>");
    }
}

/// The watch page of the video an `<iframe>` plays (its `src`, or a lazy loader's `data-src`).
pub(crate) fn video_embed_link(e: &Element, base: Option<&BaseUrl>) -> Option<String> {
    video_watch_page(e, base).map(|(url, _)| url)
}

/// The watch page of the video an `<iframe>` plays, and the service's name.
fn video_watch_page(e: &Element, base: Option<&BaseUrl>) -> Option<(String, &'static str)> {
    let src = ["src", "data-src", "data-lazy-src"].iter().find_map(|a| e.attr(a).filter(|v| !v.trim().is_empty()))?;
    let url = safe_url(src, base, UrlUse::Link)?;
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_at(rest.find('/')?);
    VIDEO_EMBEDS.iter().find(|(h, _, _, _)| host.eq_ignore_ascii_case(h)).and_then(|(_, prefix, watch, service)| {
        let id: String = path
            .strip_prefix(prefix)?
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        (!id.is_empty()).then(|| (format!("{watch}{id}"), *service))
    })
}

/// Does a video or audio element have a source that plays?
fn playable(doc: &Document, id: NodeId, base: Option<&BaseUrl>) -> bool {
    (id..doc.subtree_end(id)).any(|d| {
        doc.element(d).is_some_and(|e| {
            (e.is("source") || d == id) && e.attr("src").and_then(|s| safe_url(s, base, UrlUse::Media)).is_some()
        })
    })
}

/// What the `<noscript>` image fallbacks need to know, worked out for the whole page in one pass
/// (a page of 100,000 fallbacks, nested or side by side, looked at its siblings and subtrees
/// once per fallback, 9 s): for every node, the images in its subtree and how many of them load,
/// and its previous element sibling.
struct Images {
    /// `<img>` elements in each node's subtree, itself included.
    count: Vec<u32>,
    /// Of those, the ones with a source that loads ([`image_src`]).
    loading: Vec<u32>,
    /// Each node's previous sibling that is an element, [`NO_ELEMENT`] for none: four bytes a
    /// node, not an `Option<NodeId>`'s sixteen (64 MB on a page of 2,000,000 tiny elements).
    prev_element: Vec<u32>,
    /// Whether each node is its parent's only element child.
    only_element: Vec<bool>,
}

/// No previous element sibling (see [`Images::prev_element`]).
const NO_ELEMENT: u32 = u32::MAX;

impl Images {
    fn of(doc: &Document, base: Option<&BaseUrl>) -> Images {
        // Only a `<noscript>` is ever asked about: a page without one needs none of it.
        if !doc.ids().any(|id| doc.element(id).is_some_and(|e| e.is("noscript"))) {
            return Images { count: Vec::new(), loading: Vec::new(), prev_element: Vec::new(), only_element: Vec::new() };
        }
        let n = doc.len();
        let (mut count, mut loading) = (vec![0u32; n], vec![0u32; n]);
        for id in (0..n).rev() {
            if let Some(e) = doc.element(id).filter(|e| e.is("img")) {
                count[id] += 1;
                loading[id] += image_src(e, base).is_some() as u32;
            }
            if let Some(p) = doc.parent(id) {
                count[p] += count[id];
                loading[p] += loading[id];
            }
        }
        let (mut prev_element, mut only_element) = (vec![NO_ELEMENT; n], vec![false; n]);
        for id in 0..n {
            let (mut last, mut elements) = (None, 0);
            for &k in doc.children(id) {
                prev_element[k] = last.map_or(NO_ELEMENT, |l| l as u32);
                if doc.element(k).is_some() {
                    last = Some(k);
                    elements += 1;
                }
            }
            if let (Some(k), 1) = (last, elements) {
                only_element[k] = true;
            }
        }
        Images { count, loading, prev_element, only_element }
    }

    /// Is this `<noscript>` the fallback of a lazy image, and is it needed? `None` when it is not
    /// an image fallback at all; `Some(true)` when the element before it is (or wraps) an image
    /// with no usable source, or when it is all its parent holds (`<div class="image"><noscript>
    /// <img>`); `Some(false)` when the image before it already loads.
    fn fallback(&self, doc: &Document, noscript: NodeId) -> Option<bool> {
        if self.count[noscript] == 0 {
            return None;
        }
        doc.parent(noscript)?;
        let prev = match self.prev_element[noscript] {
            NO_ELEMENT => return self.only_element[noscript].then_some(true),
            p => p as NodeId,
        };
        if self.count[prev] == 0 {
            return None;
        }
        Some(self.loading[prev] == 0)
    }
}

fn is_placeholder(src: &str) -> bool {
    thread_local! {
        static PLACEHOLDERS: SubstringSet = SubstringSet::new(PLACEHOLDER_WORDS);
    }
    // Case aside, without a lower-case copy (a `data:` image can be long).
    let s = src.trim();
    let starts = |p: &str| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    s.is_empty()
        || (starts("data:") && (s.len() < MIN_DATA_IMAGE_CHARS || starts("data:image/svg")))
        || PLACEHOLDERS.with(|p| p.any(s))
}

/// The source an image really shows: its `src` unless that is a placeholder, else the lazy
/// loader's attribute, else the largest `srcset` candidate. `None` when nothing safe loads.
fn image_src(e: &Element, base: Option<&BaseUrl>) -> Option<String> {
    let src = e.attr("src").filter(|s| !is_placeholder(s));
    let lazy = LAZY_SRC_ATTRS.iter().find_map(|a| {
        let v = e.attr(a)?.trim();
        if v.is_empty() {
            return None;
        }
        if a.ends_with("srcset") || v.contains(", ") {
            srcset::largest(v)
        } else {
            Some(v)
        }
    });
    let srcset = e.attr("srcset").and_then(srcset::largest);
    [src, lazy, srcset].into_iter().flatten().find_map(|u| safe_url(u, base, UrlUse::Media))
}

/// A `srcset` with every candidate's URL resolved and checked; candidates whose URL is refused,
/// or whose descriptors a browser would refuse, are left out, so that what the browser reads back
/// is exactly the candidates checked here. URLs are written back with their white space
/// percent-encoded, as a URL parser would, so that each still reads as one candidate.
fn resolve_srcset(set: &str, base: Option<&BaseUrl>) -> String {
    let mut out = String::new();
    for c in srcset::candidates(set).filter(srcset::Candidate::valid) {
        let Some(url) = safe_url(c.url, base, UrlUse::Media) else { continue };
        if !out.is_empty() {
            out.push_str(", ");
        }
        for ch in url.chars() {
            match ch {
                ' ' | '\t' | '\n' | '\r' | '\x0c' => out.push_str("%20"),
                ch => out.push(ch),
            }
        }
        if !c.descriptors.is_empty() {
            out.push(' ');
            out.push_str(c.descriptors);
        }
    }
    out
}

fn push_img(out: &mut String, e: &Element, base: Option<&BaseUrl>) {
    let Some(src) = image_src(e, base) else { return };
    out.push_str("<img src=\"");
    push_escaped(out, &src, true);
    out.push('"');
    if let Some(set) = e.attr("srcset").or_else(|| e.attr("data-srcset")).filter(|s| !s.trim().is_empty()) {
        let set = resolve_srcset(set, base);
        if !set.is_empty() {
            push_attr(out, "srcset", &set);
            if let Some(sizes) = e.attr("sizes").or_else(|| e.attr("data-sizes")).filter(|s| *s != "auto") {
                push_attr(out, "sizes", sizes);
            }
        }
    }
    push_attrs(out, e, "img", base);
    out.push_str(" loading=\"lazy\">");
}

/// Attributes kept, per element (`*` for every element).
const KEPT_ATTRS: &[(&str, &str)] = &[
    ("*", "lang"),
    ("*", "dir"),
    ("*", "title"),
    ("img", "alt"),
    ("img", "width"),
    ("img", "height"),
    ("td", "colspan"),
    ("td", "rowspan"),
    ("td", "headers"),
    ("th", "colspan"),
    ("th", "rowspan"),
    ("th", "headers"),
    ("th", "scope"),
    ("col", "span"),
    ("colgroup", "span"),
    ("ol", "start"),
    ("ol", "reversed"),
    ("ol", "type"),
    ("li", "value"),
    ("time", "datetime"),
    ("details", "open"),
    ("source", "type"),
    ("source", "media"),
    ("source", "sizes"),
    ("video", "width"),
    ("video", "height"),
];
/// URL attributes kept, per element, with what they are used for.
const URL_ATTRS: &[(&str, &str, UrlUse)] = &[
    ("blockquote", "cite", UrlUse::Link),
    ("q", "cite", UrlUse::Link),
    ("del", "cite", UrlUse::Link),
    ("ins", "cite", UrlUse::Link),
    ("video", "src", UrlUse::Media),
    ("video", "poster", UrlUse::Media),
    ("audio", "src", UrlUse::Media),
    ("source", "src", UrlUse::Media),
];

fn push_attrs(out: &mut String, e: &Element, tag: &str, base: Option<&BaseUrl>) {
    for (name, value) in &e.attrs {
        let name: &str = name;
        if KEPT_ATTRS.iter().any(|(t, a)| (*t == "*" || *t == tag) && *a == name) {
            if name == "dir" && !matches!(value.trim(), "ltr" | "rtl" | "auto") {
                continue;
            }
            push_attr(out, name, value);
        } else if let Some((_, _, use_)) = URL_ATTRS.iter().find(|(t, a, _)| *t == tag && *a == name) {
            if let Some(u) = safe_url(value, base, *use_) {
                push_attr(out, name, &u);
            }
        } else if tag == "source" && name == "srcset" {
            let set = resolve_srcset(value, base);
            if !set.is_empty() {
                push_attr(out, "srcset", &set);
            }
        } else if matches!(tag, "code" | "pre") && name == "class" {
            // Only the language hint a highlighter would use.
            let langs: Vec<&str> =
                value.split_whitespace().filter(|c| c.starts_with("language-") || c.starts_with("lang-")).collect();
            if !langs.is_empty() {
                push_attr(out, "class", &langs.join(" "));
            }
        }
    }
}

/// Whether reader HTML shows any text (its text is everything outside its tags: the builder
/// escapes every `<` of the page's text).
pub(crate) fn has_text(html: &str) -> bool {
    let mut in_tag = false;
    html.chars().any(|c| {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c => return !in_tag && !c.is_whitespace(),
        }
        false
    })
}

/// The article's plain text as reader HTML: a paragraph per blank-line-separated run, its line
/// breaks kept. The reader view of last resort, when the page's markup gave nothing to show.
pub(crate) fn text_html(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        for (i, line) in para.lines().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            push_escaped(&mut out, line, false);
        }
        out.push_str("</p>");
    }
    out
}

fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped(out, value, true);
    out.push('"');
}

fn push_text(out: &mut String, text: &str, preformatted: bool) {
    if preformatted {
        push_escaped(out, text, false);
        return;
    }
    // Whitespace collapses as the browser would render it; the runs between are escaped whole.
    let mut last_space = out.ends_with(' ');
    let mut rest = text;
    while !rest.is_empty() {
        let spaces = rest.bytes().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
        if spaces > 0 {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            rest = &rest[spaces..];
            continue;
        }
        let end = rest.bytes().position(|b| b.is_ascii_whitespace()).unwrap_or(rest.len());
        push_escaped(out, &rest[..end], false);
        last_space = false;
        rest = &rest[end..];
    }
}

fn push_escaped(out: &mut String, s: &str, attr: bool) {
    // Runs between the characters to escape are copied whole.
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attr => "&quot;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::dom::parse_html;

    fn render(html: &str) -> String {
        let doc = parse_html(html).unwrap();
        let body = doc.first_by_tag("body").unwrap();
        let marks = crate::extract::controls::marks(&doc, &[body], false);
        reader_html(&doc, &[body], &vec![false; doc.len()], &marks, BaseUrl::parse("https://site.example/news/story.html").as_ref())
    }

    #[test]
    fn tag_lists_sorted() {
        assert!(KEPT.windows(2).all(|w| w[0] < w[1]), "KEPT must stay sorted for binary search");
        assert!(DROPPED.windows(2).all(|w| w[0] < w[1]), "DROPPED must stay sorted for binary search");
    }

    #[test]
    fn keeps_structure_and_resolves_urls() {
        let h = render(r#"<div class="x"><h1>T</h1><p style="color:red">Hi <a href="../a.html" onclick="x()">link</a></p>
            <figure><img src="/i.jpg" alt="A"><figcaption>Cap</figcaption></figure></div>"#);
        assert_eq!(
            h,
            "<div><h2>T</h2><p>Hi <a href=\"https://site.example/a.html\" target=\"_blank\" rel=\"noopener noreferrer\">link</a></p> \
             <figure><img src=\"https://site.example/i.jpg\" alt=\"A\" loading=\"lazy\"><figcaption>Cap</figcaption></figure></div>"
        );
    }

    #[test]
    fn lazy_images_get_their_source() {
        let h = render(r#"<p><img src="data:image/gif;base64,R0lGOD" data-src="big.jpg"></p>"#);
        assert!(h.contains("src=\"https://site.example/news/big.jpg\""), "{h}");
        let h = render(r#"<p><img srcset="s.jpg 300w, l.jpg 1200w"></p>"#);
        assert!(h.contains("src=\"https://site.example/news/l.jpg\""), "{h}");
        let h = render(r#"<div><img class="lazy" src="blank.gif"><noscript><img src="real.jpg"></noscript></div>"#);
        assert_eq!(h, "<div><img src=\"https://site.example/news/real.jpg\" loading=\"lazy\"></div>");
        let h = render(r#"<div><img src="real.jpg"><noscript><img src="real.jpg"></noscript></div>"#);
        assert_eq!(h.matches("<img").count(), 1, "{h}");
    }

    #[test]
    fn drops_active_content_and_empty_blocks() {
        let h = render(r#"<p>a</p><script>x</script><div></div><form><p>in form</p><input value=v><button>Go</button></form>
            <a href="javascript:alert(1)">js</a><svg onload="x()"><text>s</text></svg><pre class="language-rust x">  fn  x</pre>"#);
        assert!(!h.contains("script") && !h.contains("<div") && !h.contains("Go") && !h.contains("javascript") && !h.contains("svg"), "{h}");
        assert!(h.contains("<p>in form</p>") && h.contains("js") && h.contains("<pre class=\"language-rust\">  fn  x</pre>"), "{h}");
    }
}
