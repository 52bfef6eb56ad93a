//! Page metadata, in the order of precedence Firefox's Reader View uses: JSON-LD first, then
//! Dublin Core / OpenGraph / Twitter / Parse.ly meta tags, then the markup itself (the `<title>`
//! cleaned of its site-name suffix, a byline element).

use crate::lexicon::{
    ARTICLE_TYPES, BYLINE_NAMES, DISCUSSION_TYPES, ITEM_LIST_TYPES, MAYBE_CONTENT_NAMES, PRODUCT_TYPES, SubstringSet,
    UNLIKELY_NAMES, UNLIKELY_ROLES
};
use super::json_ld::{self, items, Value};
use super::url::{safe_url, BaseUrl, UrlUse};
use crate::dom::{Document, NodeId};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// What the page says about its article, as Firefox's Reader View reads it: JSON-LD first, then
/// meta tags, then the markup. Part of [`crate::Article`] (its fields are the article's).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// The headline, without the site name templates add to `<title>`.
    pub title: Option<String>,
    /// Who wrote it.
    pub byline: Option<String>,
    /// When it was published, as the page writes it.
    pub published_time: Option<String>,
    /// The site's name.
    pub site_name: Option<String>,
    /// The page's language (`<html lang>`).
    pub lang: Option<String>,
    /// The text direction (`ltr`, `rtl`), the nearest one declared around the body.
    pub dir: Option<String>,
    /// A summary: the description the page declares, or the article's first paragraph.
    pub excerpt: Option<String>,
    /// The lead image's absolute URL.
    pub lead_image: Option<String>,
    /// What the page declares it is (for [`crate::page_kind`]; not part of the result).
    #[serde(skip)]
    pub(crate) declared: Declared,
}

/// What a page declares it is: in its JSON-LD blocks (any block, any depth the article search
/// reads), its `og:type` and its microdata `itemtype`s. [`crate::page_kind`] decides from these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Declared {
    /// JSON-LD: a schema.org `Product` (see [`PRODUCT_TYPES`]).
    pub(crate) product: bool,
    /// JSON-LD: a schema.org `Product` with `offers`: one on sale (a shop's, not one a post discusses).
    pub(crate) offered_product: bool,
    /// JSON-LD: a schema.org article type ([`ARTICLE_TYPES`]).
    pub(crate) article: bool,
    /// JSON-LD or microdata: a forum thread or a Q&A page (see [`DISCUSSION_TYPES`]).
    pub(crate) discussion: bool,
    /// `og:type` says product ([`PRODUCT_TYPES`]).
    pub(crate) og_product: bool,
    /// `og:type` says article.
    pub(crate) og_article: bool,
    /// JSON-LD: a list of items, a shop's category or a catalogue (see [`ITEM_LIST_TYPES`]).
    pub(crate) item_list: bool,
}


/// Meta keys for each field, most trusted first (keys are lower-cased, `.` read as `:`).
const TITLE_KEYS: &[&str] =
    &["dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title", "twitter:title", "parsely-title"];
const BYLINE_KEYS: &[&str] = &["dc:creator", "dcterm:creator", "author", "parsely-author"];
const EXCERPT_KEYS: &[&str] = &[
    "dc:description",
    "dcterm:description",
    "og:description",
    "weibo:article:description",
    "weibo:webpage:description",
    "description",
    "twitter:description",
];
const SITE_NAME_KEYS: &[&str] = &["og:site_name"];
const PUBLISHED_KEYS: &[&str] = &["article:published_time", "parsely-pub-date"];
const IMAGE_KEYS: &[&str] = &["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"];

/// Prefixes and names of the meta tags read (the rest are ignored).
const META_PREFIXES: &[&str] = &["dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage", "article"];
const META_NAMES: &[&str] = &[
    "author",
    "creator",
    "pub-date",
    "description",
    "title",
    "site_name",
    "published_time",
    "image",
    "image:url",
    "image:secure_url",
    "image:src",
];

/// A byline is short.
const MAX_BYLINE_CHARS: usize = 100;
/// Title separators, as in Readability: `Headline | Site`, `Headline - Site`, `Site » Headline`;
/// besides Readability's, the middle dot of static-site themes (`Post title · V8`) and the double
/// colon of older blog hosts (`Post :: Blog name ::`). Each counts with a space on both sides.
const TITLE_SEPARATORS: &[&str] = &["|", "-", "–", "—", "\\", "/", ">", "»", "·", "::"];
/// The separators of a path (`Site » Section » Headline`): a title that loses one part of such a
/// path keeps what is left even when short.
const HIERARCHICAL_SEPARATORS: &[&str] = &["\\", "/", ">", "»"];

pub(crate) fn extract_metadata(doc: &Document, base: Option<&BaseUrl>) -> Metadata {
    let (ld, mut declared) = json_ld(doc);
    declared_in_markup(doc, &mut declared);
    let meta = meta_values(doc);
    // As in Readability, a later tag with the same key wins.
    let pick = |keys: &[&str]| keys.iter().find_map(|k| meta.iter().rev().find(|(mk, v)| mk == k && !v.is_empty()).map(|(_, v)| v.clone()));

    let article_author = pick(&["article:author"]).filter(|a| !a.starts_with("http://") && !a.starts_with("https://"));
    let title = ld.title.clone().or_else(|| pick(TITLE_KEYS)).or_else(|| document_title(doc));
    let byline = ld
        .byline
        .clone()
        .or_else(|| pick(BYLINE_KEYS).filter(|b| !b.starts_with("http")))
        .or(article_author)
        .or_else(|| markup_byline(doc));
    let image = ld.image.clone().or_else(|| pick(IMAGE_KEYS));
    let html = doc.first_by_tag("html");
    let attr_of = |id: Option<NodeId>, name: &str| {
        id.and_then(|i| doc.element(i)).and_then(|e| e.attr(name)).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
    };
    let clean = |s: Option<String>| s.map(|v| normalize(&unescape(&v))).filter(|v| !v.is_empty());
    Metadata {
        title: clean(title),
        byline: clean(byline),
        published_time: clean(ld.published.clone().or_else(|| pick(PUBLISHED_KEYS))),
        site_name: clean(ld.site_name.clone().or_else(|| pick(SITE_NAME_KEYS))),
        lang: attr_of(html, "lang"),
        dir: attr_of(html, "dir").or_else(|| attr_of(doc.first_by_tag("body"), "dir")),
        excerpt: clean(ld.excerpt.clone().or_else(|| pick(EXCERPT_KEYS))),
        lead_image: image.and_then(|i| safe_url(&i, base, UrlUse::Media)),
        declared,
    }
}

#[derive(Default)]
struct LdArticle {
    title: Option<String>,
    byline: Option<String>,
    excerpt: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
    image: Option<String>,
}

/// The first schema.org article described in a JSON-LD block, and what the blocks declare: each
/// block is parsed once, here.
fn json_ld(doc: &Document) -> (LdArticle, Declared) {
    let mut first: Option<LdArticle> = None;
    let mut declared = Declared::default();
    for id in doc.ids() {
        let Some(e) = doc.element(id) else { continue };
        if !e.is("script") || !e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) {
            continue;
        }
        let raw = doc.text_content(id);
        let raw = raw.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>");
        let Some(v) = json_ld::parse(raw) else { continue };
        declared.product |= declares(&v, PRODUCT_TYPES, 0);
        declared.offered_product |= declares_offered(&v, PRODUCT_TYPES, 0);
        declared.article |= declares(&v, ARTICLE_TYPES, 0);
        declared.discussion |= declares(&v, DISCUSSION_TYPES, 0);
        declared.item_list |= declares(&v, ITEM_LIST_TYPES, 0);
        if first.is_none() {
            first = find_article(&v, 0).map(|a| ld_article(a, doc));
        }
    }
    (first.unwrap_or_default(), declared)
}

/// What the page's `og:type` and microdata `itemtype`s declare.
fn declared_in_markup(doc: &Document, declared: &mut Declared) {
    for id in doc.ids() {
        let Some(e) = doc.element(id) else { continue };
        if let Some(t) = e.attr("itemtype") {
            declared.discussion |= DISCUSSION_TYPES.iter().any(|d| t.trim_end_matches('/').ends_with(d));
        }
        if e.is("meta") {
            let prop = e.attr("property").or(e.attr("name")).unwrap_or("");
            if prop.trim().eq_ignore_ascii_case("og:type") {
                let c = e.attr("content").unwrap_or("").trim();
                declared.og_product |= PRODUCT_TYPES.contains(&c);
                declared.og_article |= c.eq_ignore_ascii_case("article");
            }
        }
    }
}

/// Does a JSON-LD value (an object, an array, an `@graph`, up to three levels) declare one of `types`?
fn declares(v: &Value, types: &[&str], depth: usize) -> bool {
    if depth > 3 {
        return false;
    }
    match v {
        Value::Array(items) => items.iter().any(|i| declares(i, types, depth + 1)),
        Value::Object(_) => {
            v.get("@type").is_some_and(|t| items(t).any(|t| t.as_str().is_some_and(|s| types.contains(&s))))
                || v.get("@graph").is_some_and(|g| declares(g, types, depth + 1))
        }
        _ => false,
    }
}

/// Whether `v` declares one of `types` with `offers` (see [`declares`]).
fn declares_offered(v: &Value, types: &[&str], depth: usize) -> bool {
    if depth > 3 {
        return false;
    }
    match v {
        Value::Array(items) => items.iter().any(|i| declares_offered(i, types, depth + 1)),
        Value::Object(_) => {
            (v.get("offers").is_some() && declares(v, types, depth))
                || v.get("@graph").is_some_and(|g| declares_offered(g, types, depth + 1))
        }
        _ => false,
    }
}

fn is_article(v: &Value) -> bool {
    v.get("@type").is_some_and(|t| items(t).any(|t| t.as_str().is_some_and(|s| ARTICLE_TYPES.contains(&s))))
}

fn find_article(v: &Value, depth: usize) -> Option<&Value> {
    if depth > 3 {
        return None;
    }
    match v {
        Value::Array(items) => items.iter().find_map(|i| find_article(i, depth + 1)),
        Value::Object(_) if is_article(v) => Some(v),
        Value::Object(_) => v.get("@graph").and_then(|g| find_article(g, depth + 1)),
        _ => None,
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    v.and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn ld_article(a: &Value, doc: &Document) -> LdArticle {
    let name = text_of(a.get("name"));
    let headline = text_of(a.get("headline"));
    // When both differ, the one that matches the document title is the article's.
    let title = match (name, headline) {
        (Some(n), Some(h)) if n != h => {
            let doc_title = document_raw_title(doc).unwrap_or_default();
            if similar(&h, &doc_title) >= similar(&n, &doc_title) {
                Some(h)
            } else {
                Some(n)
            }
        }
        (n, h) => h.or(n),
    };
    let byline = a.get("author").and_then(|au| {
        let names: Vec<String> = items(au).filter_map(|p| text_of(p.get("name")).or_else(|| text_of(Some(p)))).collect();
        (!names.is_empty()).then(|| names.join(", "))
    });
    let image = a.get("image").and_then(|im| {
        items(im).find_map(|i| text_of(Some(i)).or_else(|| text_of(i.get("url"))).or_else(|| text_of(i.get("contentUrl"))))
    });
    LdArticle {
        title,
        byline,
        excerpt: text_of(a.get("description")),
        site_name: a.get("publisher").and_then(|p| text_of(p.get("name"))),
        published: text_of(a.get("datePublished")),
        image,
    }
}

/// Share of `a`'s words found in `b` (`b`'s words in a set: a headline and a title of a million
/// words each, looked up in a list, took the product of their lengths).
fn similar(a: &str, b: &str) -> f32 {
    let words = |s: &str| s.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>();
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() {
        return 0.0;
    }
    let wb: rustc_hash::FxHashSet<&String> = wb.iter().collect();
    wa.iter().filter(|w| wb.contains(w)).count() as f32 / wa.len() as f32
}

/// `(key, content)` for every meta tag whose name or property is one we read.
fn meta_values(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for id in doc.ids() {
        let Some(e) = doc.element(id) else { continue };
        if !e.is("meta") {
            continue;
        }
        let Some(content) = e.attr("content").map(str::trim).filter(|c| !c.is_empty()) else { continue };
        let mut keys: Vec<String> = e.attr("property").map(|p| p.split_whitespace().map(meta_key).collect()).unwrap_or_default();
        if let Some(n) = e.attr("name") {
            keys.push(meta_key(n));
        }
        for k in keys {
            if is_known_meta(&k) {
                out.push((k, content.to_string()));
            }
        }
    }
    out
}

fn meta_key(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase().replace('.', ":")
}

fn is_known_meta(key: &str) -> bool {
    META_NAMES.contains(&key)
        || key == "parsely-title"
        || META_PREFIXES.iter().any(|p| {
            key.strip_prefix(p).and_then(|r| r.strip_prefix([':', '-'])).is_some_and(|name| META_NAMES.contains(&name) || name == "title")
        })
}

fn document_raw_title(doc: &Document) -> Option<String> {
    let t = doc.first_by_tag("title")?;
    Some(normalize(&doc.text_content(t))).filter(|s| !s.is_empty())
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The `<title>`, cleaned of the site name the way Readability does it.
fn document_title(doc: &Document) -> Option<String> {
    let orig = document_raw_title(doc)?;
    let mut cur = orig.clone();
    let mut hierarchical = false;
    // Separators surrounded by spaces: (byte offset, length).
    let seps: Vec<(usize, usize)> = orig
        .char_indices()
        .filter(|&(i, c)| c == ' ' && i > 0)
        .filter_map(|(i, _)| {
            let rest = &orig[i + 1..];
            let sep = TITLE_SEPARATORS.iter().find(|s| rest.starts_with(**s) && rest[s.len()..].starts_with(' '))?;
            Some((i + 1, sep.len()))
        })
        .collect();
    if let (Some(&(first, first_len)), Some(&(last, _))) = (seps.first(), seps.last()) {
        hierarchical = seps.iter().any(|&(i, len)| HIERARCHICAL_SEPARATORS.contains(&&orig[i..i + len]));
        cur = orig[..last].trim().to_string();
        if word_count(&cur) < 3 {
            cur = orig[first + first_len..].trim().to_string();
        }
    } else if orig.contains(": ") {
        // Only a heading as long as the title is made and compared: headings nest (a broken page's
        // `<h2><span><h2>…` left open around the article), and each held a copy of the article.
        let (mut spans, chars) = (TextSpans::new(), orig.chars().count());
        let is_a_heading = doc.ids().filter(|&i| matches!(doc.tag(i), "h1" | "h2")).any(|i| {
            spans.read(doc, i);
            spans.span[i].normalized_chars() == chars && normalize(&doc.text_content(i)) == orig
        });
        if !is_a_heading {
            let last = orig.rfind(':').unwrap_or(0);
            cur = orig[last + 1..].trim().to_string();
            if word_count(&cur) < 3 {
                let first = orig.find(':').unwrap_or(0);
                cur = orig[first + 1..].trim().to_string();
            } else if word_count(&orig[..orig.find(':').unwrap_or(0)]) > 5 {
                cur = orig.clone();
            }
        }
    } else if orig.chars().count() > 150 || orig.chars().count() < 15 {
        let h1s: Vec<NodeId> = doc.ids().filter(|&i| doc.tag(i) == "h1").collect();
        if h1s.len() == 1 {
            cur = normalize(&doc.text_content(h1s[0]));
        }
    }
    let cur = normalize(&cur);
    let n = word_count(&cur);
    let without_separators = TITLE_SEPARATORS.iter().fold(orig.clone(), |t, s| t.replace(s, ""));
    if n <= 4 && (!hierarchical || n != word_count(&without_separators).saturating_sub(1)) {
        return Some(orig);
    }
    Some(cur)
}


/// For one class or id value: (holds an unlikely name, holds a maybe-content name). Values repeat
/// on a page, so they are looked up once each.
type NameVerdicts<'d> = FxHashMap<&'d str, (bool, bool)>;

fn is_unlikely<'d>(e: &'d crate::dom::Element, seen: &mut NameVerdicts<'d>) -> bool {
    if e.attr("role").is_some_and(|r| UNLIKELY_ROLES.contains(&r.trim())) {
        return true;
    }
    if (e.attr("class").is_none() && e.attr("id").is_none()) || e.is("body") || e.is("a") {
        return false;
    }
    thread_local! {
        static UNLIKELY: SubstringSet = SubstringSet::new(UNLIKELY_NAMES);
        static MAYBE_CONTENT: SubstringSet = SubstringSet::new(MAYBE_CONTENT_NAMES);
    }
    // The names contain no spaces, so looking in the class and the id apart is looking in both.
    let (mut unlikely, mut maybe) = (false, false);
    for n in [e.attr("class"), e.attr("id")].into_iter().flatten() {
        let (u, m) = *seen.entry(n).or_insert_with(|| (UNLIKELY.with(|s| s.any(n)), MAYBE_CONTENT.with(|s| s.any(n))));
        unlikely |= u;
        maybe |= m;
    }
    unlikely && !maybe
}

/// The first short element marked as a byline (`rel=author`, `itemprop=author`, a `byline` class),
/// outside the page chrome Readability skips.
fn markup_byline(doc: &Document) -> Option<String> {
    thread_local! {
        static BYLINE: SubstringSet = SubstringSet::new(BYLINE_NAMES);
    }
    let mut seen = NameVerdicts::default();
    let mut byline_named: FxHashMap<&str, bool> = FxHashMap::default();
    // Marked elements can be many and nested (a broken page's `<div class="byline">` left open
    // around the article, 500 deep): whether one is in page chrome, and how long its text is, are
    // read once for the whole page, not once per marked element from its ancestors or its subtree.
    let mut chrome: Vec<Option<bool>> = Vec::new();
    let mut spans = TextSpans::new();
    for id in doc.ids() {
        let Some(e) = doc.element(id) else { continue };
        if e.hidden || matches!(&*e.tag, "script" | "style" | "meta" | "link" | "head" | "html" | "body") {
            continue;
        }
        let marked = e.attr("rel").is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("author")))
            || e.attr("itemprop").is_some_and(|p| p.contains("author"))
            || [e.attr("class"), e.attr("id")].into_iter().flatten().any(|n| {
                *byline_named.entry(n).or_insert_with(|| BYLINE.with(|set| set.any(n)))
            });
        // Inside page chrome Readability skips (checked only for a marked element: bylines are rare).
        if !marked || in_chrome(doc, id, &mut chrome, &mut seen) {
            continue;
        }
        // An itemprop=name inside is the name itself.
        spans.read(doc, id);
        let node = Some(spans.first_name[id]).filter(|&d| d != TextSpans::NONE).map_or(id, |d| d as NodeId);
        // As long as `normalize(text_content)` is in characters, without making it.
        let n = spans.span[node].normalized_chars();
        if n > 0 && n < MAX_BYLINE_CHARS {
            return Some(normalize(&doc.text_content(node)));
        }
    }
    None
}

/// Whether an element is in page chrome Readability skips (it or an ancestor [`is_unlikely`]),
/// each node's answer kept in `known`.
fn in_chrome<'d>(doc: &'d Document, id: NodeId, known: &mut Vec<Option<bool>>, seen: &mut NameVerdicts<'d>) -> bool {
    if known.is_empty() {
        known.resize(doc.len(), None);
    }
    // Up to the nearest node whose answer is known, then down again.
    let mut path = Vec::new();
    let mut cur = Some(id);
    let mut above = false;
    while let Some(c) = cur.filter(|&c| c != Document::ROOT) {
        if let Some(k) = known[c] {
            above = k;
            break;
        }
        path.push(c);
        cur = doc.parent(c);
    }
    for &c in path.iter().rev() {
        above = above || doc.element(c).is_some_and(|e| is_unlikely(e, seen));
        known[c] = Some(above);
    }
    above
}

/// The text of a subtree as `normalize` would give it, in numbers: its words and characters, and
/// whether it starts or ends in a word (the text of siblings is joined with no space between).
#[derive(Debug, Clone, Copy, Default)]
struct TextSpan {
    words: u32,
    word_chars: u32,
    starts_in_word: bool,
    ends_in_word: bool,
    empty: bool,
}

impl TextSpan {
    fn of(text: &str) -> TextSpan {
        let (mut words, mut word_chars) = (0u32, 0u32);
        for w in text.split_whitespace() {
            words = words.saturating_add(1);
            word_chars = word_chars.saturating_add(w.chars().count() as u32);
        }
        let starts_in_word = text.chars().next().is_some_and(|c| !c.is_whitespace());
        let ends_in_word = text.chars().next_back().is_some_and(|c| !c.is_whitespace());
        TextSpan { words, word_chars, starts_in_word, ends_in_word, empty: text.is_empty() }
    }
    /// This text followed by `next`'s.
    fn then(self, next: TextSpan) -> TextSpan {
        if self.empty {
            return next;
        }
        if next.empty {
            return self;
        }
        let joined = u32::from(self.ends_in_word && next.starts_in_word);
        TextSpan {
            words: self.words.saturating_add(next.words) - joined,
            word_chars: self.word_chars.saturating_add(next.word_chars),
            starts_in_word: self.starts_in_word,
            ends_in_word: next.ends_in_word,
            empty: false,
        }
    }
    /// `normalize(text).chars().count()`: the words and a space between each two.
    fn normalized_chars(self) -> usize {
        self.word_chars as usize + (self.words as usize).saturating_sub(1)
    }
}

/// Per node, its subtree's [`TextSpan`] and its first descendant marked `itemprop="name"`; read
/// subtree by subtree as the caller asks (in document order), each node once, and made at the first
/// question (most pages never ask).
struct TextSpans {
    span: Vec<TextSpan>,
    /// [`TextSpans::NONE`] when there is none.
    first_name: Vec<u32>,
    /// Every node before this one has been read, or lies in no subtree read yet.
    read_to: NodeId,
}

impl TextSpans {
    const NONE: u32 = u32::MAX;

    fn new() -> TextSpans {
        TextSpans { span: Vec::new(), first_name: Vec::new(), read_to: 0 }
    }
    /// Reads `id`'s subtree, unless it lies in one read before (elements are asked in document order).
    fn read(&mut self, doc: &Document, id: NodeId) {
        if id < self.read_to {
            return;
        }
        if self.span.is_empty() {
            self.span = vec![TextSpan { empty: true, ..Default::default() }; doc.len()];
            self.first_name = vec![Self::NONE; doc.len()];
        }
        let end = doc.subtree_end(id);
        // Children after their parent in document order: backwards, each node is whole when
        // reached, and goes before what its parent has gathered of its later children.
        for d in (id..end).rev() {
            if let Some(t) = doc.text(d) {
                self.span[d] = TextSpan::of(t);
            }
            let Some(p) = doc.parent(d).filter(|&p| p >= id && d != id) else { continue };
            self.span[p] = self.span[d].then(self.span[p]);
            let named = doc.element(d).and_then(|e| e.attr("itemprop")).is_some_and(|v| v.split_whitespace().any(|w| w == "name"));
            let first = if named { d as u32 } else { self.first_name[d] };
            if first != Self::NONE {
                self.first_name[p] = first;
            }
        }
        self.read_to = end;
    }
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the few HTML entities that survive in meta content and JSON-LD strings.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            ch.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::dom::parse_html;

    fn meta(html: &str) -> Metadata {
        extract_metadata(&parse_html(html).unwrap(), BaseUrl::parse("https://news.example/a/b.html").as_ref())
    }

    #[test]
    fn json_ld_wins_over_meta() {
        let m = meta(
            r#"<html lang="en"><head><title>T | Site</title>
            <meta property="og:title" content="OG title"><meta property="og:site_name" content="Site">
            <meta name="author" content="Meta Author"><meta property="og:image" content="/img/lead.jpg">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
            {"@type":"NewsArticle","headline":"LD headline","author":[{"@type":"Person","name":"Ann"},{"name":"Bo"}],
             "datePublished":"2024-01-02","publisher":{"name":"LD Site"},"description":"Desc &amp; more"}]}</script>
            </head><body><p>x</p></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("LD headline"));
        assert_eq!(m.byline.as_deref(), Some("Ann, Bo"));
        assert_eq!(m.published_time.as_deref(), Some("2024-01-02"));
        assert_eq!(m.site_name.as_deref(), Some("LD Site"));
        assert_eq!(m.excerpt.as_deref(), Some("Desc & more"));
        assert_eq!(m.lead_image.as_deref(), Some("https://news.example/img/lead.jpg"));
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn title_loses_site_name() {
        let m = meta("<title>Why the sea is salty, explained at length - The Daily Site</title><p>x</p>");
        assert_eq!(m.title.as_deref(), Some("Why the sea is salty, explained at length"));
        let m = meta("<title>Short - Site</title><p>x</p>");
        assert_eq!(m.title.as_deref(), Some("Short - Site"));
        // A static-site theme's middle dot, an old blog host's double colons.
        let m = meta("<title>Standalone binaries with the new toolchain · V8</title><p>x</p>");
        assert_eq!(m.title.as_deref(), Some("Standalone binaries with the new toolchain"));
        let m = meta("<title>Autumn colours at the lake campsite :: My travel notes ::</title><p>x</p>");
        assert_eq!(m.title.as_deref(), Some("Autumn colours at the lake campsite"));
        // A separator needs a space on each side: a middle dot inside a name is part of it.
        let m = meta("<title>Cities of Catalonia: Sant Cugat·del·Vallès explained at length</title><h1>Other</h1><p>x</p>");
        assert_eq!(m.title.as_deref(), Some("Sant Cugat·del·Vallès explained at length"));
    }

    #[test]
    fn byline_from_markup() {
        let m = meta(r#"<div class="post-byline">By <a rel="author" href="/u">Jane Roe</a></div><p>x</p>"#);
        assert_eq!(m.byline.as_deref(), Some("By Jane Roe"));
    }

    #[test]
    fn byline_lengths_are_counted_as_the_normalized_text_is() {
        // Words split across elements join ("Ja" + "ne"), white space between them is one space.
        let d = parse_html("<div id=a> Ja<b>ne</b>\u{a0} <i> </i><u>Roe\té</u>  x</div><div id=b><b></b>  </div>").unwrap();
        for id in d.ids() {
            let mut spans = TextSpans::new();
            spans.read(&d, id);
            assert_eq!(spans.span[id].normalized_chars(), normalize(&d.text_content(id)).chars().count(), "node {id}");
        }
        // The first marked byline that is short, past a long one wrapped around it and an empty one.
        let long = "word ".repeat(40);
        let m = meta(&format!(r#"<div class="byline">{long}<span class="byline"><b class="byline"></b>By <a rel="author">Jane Roe</a></span></div><p>x</p>"#));
        assert_eq!(m.byline.as_deref(), Some("By Jane Roe"));
        // The first name marked inside a marked element is its byline, the outermost's first.
        let m = meta(&format!(r#"<div class="byline">{long}<span class="byline">By <a rel="author"><span itemprop="name">Jane</span> Roe</a></span></div><p>x</p>"#));
        assert_eq!(m.byline.as_deref(), Some("Jane"));
        let m = meta(r#"<div class="sidebar"><p class="byline">By Nobody</p></div><p rel="author">Ann <span itemprop="name">Bo</span></p><p>x</p>"#);
        assert_eq!(m.byline.as_deref(), Some("Bo"));
    }

    #[test]
    fn unescapes_entities_without_splitting_characters() {
        assert_eq!(unescape("a &amp; b &#233; &#x41; & Services » Café &bogus;"), "a & b é A & Services » Café &bogus;");
    }
}
