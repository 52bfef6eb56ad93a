//! The class and id words of every element, read once per page.
//!
//! Several phases judge containers by their names: the body scorer (Readability's positive and
//! negative substrings), the clutter zones (whole words such as `related-posts`, `share-bar`) and
//! the model's features. Templates repeat the same class on every card and list item, so each
//! distinct attribute value is worked out once and every element gets a copy of the verdict.

use crate::label::Label;
use crate::lexicon::{
    has_phrase, split_spaces, words_of_name, AUTHOR_BOX_WORDS, CAROUSEL_NAV_WORDS, CAROUSEL_WORDS,
    CMS_COMPONENT_ID_HASH_DIGITS, CMS_COMPONENT_ID_WORDS, CONTAINER_WORDS, CONTENT_WORDS, NEGATIVE_NAMES,
    POSITIVE_NAMES, POSTER_DETAILS_WORDS, POST_CLASS_MARKERS, PRODUCT_REVIEW_WORDS, PhraseIndex, SubstringSet,
    TAXONOMY_CLASS_OPENERS
};
use crate::dom::{Document, Element, NodeId};
use std::cell::{Cell, RefCell};
use rustc_hash::FxHashMap;

/// A class naming a box about the writer ([`AUTHOR_BOX_WORDS`]) on more elements than this is
/// a card's credit line, repeated on every card.
const MAX_AUTHOR_BOXES: u32 = 2;

/// How many of Readability's negative and positive substrings one attribute value holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Score {
    pub(crate) negative: u8,
    pub(crate) positive: u8,
}

impl Score {
    fn of(value: &str) -> Score {
        thread_local! {
            static NEGATIVE: SubstringSet = SubstringSet::new(NEGATIVE_NAMES);
            static POSITIVE: SubstringSet = SubstringSet::new(POSITIVE_NAMES);
        }
        let count = |set: &SubstringSet| set.count(value).min(u8::MAX as u32) as u8;
        Score { negative: NEGATIVE.with(count), positive: POSITIVE.with(count) }
    }
}

/// What one element's class and id say.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Facts {
    pub(crate) class: Score,
    pub(crate) id: Score,
}

/// By node id: the clutter word each element's class (or else its id) names, worked out for every
/// element (the zones ask about nearly all of them), and its [`Facts`], worked out on first
/// request (the body scorer and the features ask about a few hundred).
pub(crate) struct Names<'d> {
    doc: &'d Document,
    /// By node id, 1 + the place in `words` of the clutter word its class or id names (0: none):
    /// four bytes a node, where the word and its label took 24 (a page of 2,000,000 elements).
    container: Vec<u32>,
    /// The distinct clutter words the page's elements name, with their labels.
    words: Vec<(&'static str, Label)>,
    /// Whether the element's class or id names customer reviews (see [`PRODUCT_REVIEW_WORDS`]).
    reviews: Vec<bool>,
    facts: Vec<Cell<Option<Facts>>>,
    /// [`Score`]s by attribute value: templates repeat their class names.
    scores: RefCell<FxHashMap<&'d str, Score>>,
    /// Elements whose id is a section anchor ([`section_anchors`]): not a name.
    anchored: Vec<bool>,
}

impl<'d> Names<'d> {
    pub(crate) fn read(doc: &'d Document) -> Names<'d> {
        // Each distinct value's words, and how many elements carry it.
        let mut cache: FxHashMap<&str, (ValueWords, u32)> = FxHashMap::default();
        let mut words = |value: Option<&'d str>| match value.filter(|v| !v.is_empty()) {
            Some(v) => {
                let entry = cache.entry(v).or_insert_with(|| (ValueWords::of(v), 0));
                entry.1 += 1;
                entry.0
            }
            None => ValueWords::default(),
        };
        let n = doc.len();
        let anchored = section_anchors(doc);
        let (mut container, mut reviews) = (vec![0u32; n], vec![false; n]);
        let mut distinct: Vec<(&'static str, Label)> = Vec::new();
        let mut place = |word: (&'static str, Label)| match distinct.iter().position(|&w| w == word) {
            Some(i) => i as u32 + 1,
            None => {
                distinct.push(word);
                distinct.len() as u32
            }
        };
        // Elements whose class names a box about the writer, to be confirmed once counted.
        let mut author_boxes: Vec<(NodeId, &'d str, &'static str)> = Vec::new();
        for id in doc.ids() {
            if let Some(e) = doc.element(id) {
                let (class, id_words) = (words(e.attr("class")), words(id_of(e, anchored[id])));
                // An ad network's name outweighs what its widget calls itself (Taboola's
                // `trc_related_container`): paid links are ads, however related they look.
                let word = match (class.container, id_words.container) {
                    (_, Some(by_id)) if by_id.1 == Label::Ad => Some(by_id),
                    (by_class, by_id) => by_class.or(by_id),
                };
                reviews[id] = class.reviews || id_words.reviews;
                if let Some(word) = word {
                    container[id] = place(word);
                } else {
                    match (class.author, id_words.author) {
                        (_, Some(word)) => container[id] = place((word, Label::Other)),
                        (Some(word), None) => author_boxes.push((id, e.attr("class").unwrap_or(""), word)),
                        (None, None) => {}
                    }
                }
            }
        }
        // A page has a box or two about its writer; a class repeated on every card of a listing
        // or every testimonial (`summary-item__byline`, `author-wrapper`) names the cards' credits.
        for (id, value, word) in author_boxes {
            if cache.get(value).is_some_and(|&(_, count)| count <= MAX_AUTHOR_BOXES) {
                container[id] = place((word, Label::Other));
            }
        }
        Names { doc, container, words: distinct, reviews, facts: vec![Cell::new(None); n], scores: RefCell::default(), anchored }
    }

    /// Whether the element's class or id names customer reviews.
    pub(crate) fn reviews(&self, id: NodeId) -> bool {
        self.reviews[id]
    }

    /// The clutter word the element's class or id names, with the label it stands for.
    pub(crate) fn container(&self, id: NodeId) -> Option<(&'static str, Label)> {
        self.container[id].checked_sub(1).map(|i| self.words[i as usize])
    }

    pub(crate) fn of(&self, id: NodeId) -> Facts {
        if let Some(f) = self.facts[id].get() {
            return f;
        }
        let score = |v: Option<&'d str>| match v {
            Some(v) => *self.scores.borrow_mut().entry(v).or_insert_with(|| Score::of(v)),
            None => Score::default(),
        };
        let f = match self.doc.element(id) {
            Some(e) => Facts { class: score(e.attr("class")), id: score(id_of(e, self.anchored[id])) },
            None => Facts::default(),
        };
        self.facts[id].set(Some(f));
        f
    }
}

/// The element's id as a name: a heading's id is a slug of its own words
/// (`id="sharing-a-cache-in-ci"`), an anchor for links rather than a name a template gave a widget;
/// so is a section's id that starts with a heading's slug (`anchored`, see [`section_anchors`]).
/// Likewise a CMS component id ([`CMS_COMPONENT_ID_WORDS`]).
fn id_of(e: &Element, anchored: bool) -> Option<&str> {
    if anchored || heading_tag(&e.tag) {
        None
    } else {
        e.attr("id").filter(|v| !is_cms_component_id(v))
    }
}

/// `teaser-fc7e164e83`: a component's name, a dash and its hash (see [`CMS_COMPONENT_ID_WORDS`]).
fn is_cms_component_id(v: &str) -> bool {
    v.split_once('-').is_some_and(|(word, hash)| {
        CMS_COMPONENT_ID_WORDS.contains(&word)
            && hash.len() == CMS_COMPONENT_ID_HASH_DIGITS
            && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// A heading slug names a section from this many words on ("sign up for twilio"): widget ids
/// are a word or two (`newsletter`, `share-bar`).
const MIN_SLUG_WORDS: usize = 3;
/// Headings longer than this are not slugged (bounds the work).
const MAX_SLUG_HEADING_CHARS: usize = 200;

/// Per element: whether its id starts with the slug of a heading of the page, by the heading's
/// id or its words (`<section id="sign-up-for-twilio-and-get-a-phone-number-section">` around
/// `<h2 id="sign-up-for-twilio-and-get-a-phone-number">`, a Sphinx `<section id="share-a-cache">`
/// around `<h2>Share a cache</h2>`): documentation sections are named after their headings, and
/// "sign up" there is the topic, not a sign-up form.
fn section_anchors(doc: &Document) -> Vec<bool> {
    let mut slugs = Slugs::default();
    let long = |w: &str| w.split(' ').count() >= MIN_SLUG_WORDS;
    // A heading's text is made only when it is short enough: headings nest (a broken page's
    // `<h2><span><h3>…` left open around the article), and each would copy the article's text.
    let mut text_bytes: Option<Vec<u32>> = None;
    for id in doc.ids() {
        let Some(e) = doc.element(id).filter(|e| heading_tag(&e.tag)) else { continue };
        if let Some(v) = e.attr("id").map(words_of_name).filter(|w| long(w)) {
            slugs.insert(v);
        }
        let bytes = text_bytes.get_or_insert_with(|| subtree_text_bytes(doc));
        if bytes[id] as usize <= MAX_SLUG_HEADING_CHARS {
            let w = words_of_name(&doc.text_content(id));
            if long(&w) {
                slugs.insert(w);
            }
        }
    }
    let mut out = vec![false; doc.len()];
    if slugs.is_empty() {
        return out;
    }
    for id in doc.ids() {
        let Some(v) = doc.element(id).filter(|e| !heading_tag(&e.tag)).and_then(|e| e.attr("id")) else { continue };
        out[id] = slugs.starts(&words_of_name(v));
    }
    out
}

/// For each node, the bytes of text in its subtree (as `text_content(id).len()`), in one pass.
fn subtree_text_bytes(doc: &Document) -> Vec<u32> {
    let mut bytes = vec![0u32; doc.len()];
    for id in doc.ids().rev() {
        if let Some(t) = doc.text(id) {
            bytes[id] = bytes[id].saturating_add(t.len() as u32);
        }
        if let Some(p) = doc.parent(id) {
            bytes[p] = bytes[p].saturating_add(bytes[id]);
        }
    }
    bytes
}

/// The heading slugs of a page, found at the start of an id's words in one pass over them: an id
/// of a million words (a broken page's, `comment-comment-…`) looked up word end by word end, each
/// prefix hashed whole, took the square of its length.
#[derive(Default)]
struct Slugs {
    /// By [`Slugs::hash`]: the slugs of that hash.
    by_hash: FxHashMap<u64, Vec<String>>,
}

impl Slugs {
    /// Polynomial hashing modulo the prime 2^61 - 1: a prefix's hash is the one before it, extended
    /// by a byte.
    const MODULUS: u64 = (1 << 61) - 1;
    const BASE: u64 = 1_000_003;

    fn extend(h: u64, b: u8) -> u64 {
        ((u128::from(h) * u128::from(Self::BASE) + u128::from(b) + 1) % u128::from(Self::MODULUS)) as u64
    }
    fn hash(s: &str) -> u64 {
        s.bytes().fold(0, Self::extend)
    }
    fn insert(&mut self, slug: String) {
        let same = self.by_hash.entry(Self::hash(&slug)).or_default();
        if !same.contains(&slug) {
            same.push(slug);
        }
    }
    fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }
    /// Do the words `w` start with a slug (up to a word's end)?
    fn starts(&self, w: &str) -> bool {
        let mut h = 0;
        for (i, b) in w.bytes().enumerate() {
            if b == b' ' && self.by_hash.get(&h).is_some_and(|same| same.iter().any(|s| *s == w[..i])) {
                return true;
            }
            h = Self::extend(h, b);
        }
        self.by_hash.get(&h).is_some_and(|same| same.iter().any(|s| s == w))
    }
}

fn heading_tag(tag: &str) -> bool {
    matches!(tag.as_bytes(), [b'h', b'1'..=b'6'])
}

/// The words of a name without the `nav` of a carousel's controls ([`CAROUSEL_WORDS`]).
fn without_carousel_nav(w: String) -> String {
    if !split_spaces(&w).any(|x| CAROUSEL_NAV_WORDS.contains(&x)) {
        return w;
    }
    let words: Vec<&str> = w.split(' ').collect();
    let carousel = |i: Option<usize>| i.and_then(|i| words.get(i)).is_some_and(|x| CAROUSEL_WORDS.contains(x));
    let kept: Vec<&str> = (0..words.len())
        .filter(|&i| !(CAROUSEL_NAV_WORDS.contains(&words[i]) && (carousel(i.checked_sub(1)) || carousel(Some(i + 1)))))
        .map(|i| words[i])
        .collect();
    kept.join(" ")
}

/// The value without the taxonomy terms of a post class ([`TAXONOMY_CLASS_OPENERS`]).
fn without_taxonomy_terms(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.split_whitespace().any(|t| POST_CLASS_MARKERS.contains(&t)) {
        return value.into();
    }
    let term = |t: &str| TAXONOMY_CLASS_OPENERS.iter().any(|o| t.starts_with(o));
    value.split_whitespace().filter(|t| !term(t)).collect::<Vec<_>>().join(" ").into()
}

/// What the words of one class or id value name.
#[derive(Debug, Clone, Copy, Default)]
struct ValueWords {
    container: Option<(&'static str, Label)>,
    reviews: bool,
    /// The [`AUTHOR_BOX_WORDS`] entry the value names.
    author: Option<&'static str>,
}

impl ValueWords {
    fn of(value: &str) -> ValueWords {
        thread_local! {
            static INDEX: PhraseIndex = PhraseIndex::new(CONTAINER_WORDS.iter().map(|e| e.0));
            static POSTER: PhraseIndex = PhraseIndex::new(POSTER_DETAILS_WORDS.iter().copied());
            static AUTHOR: PhraseIndex = PhraseIndex::new(AUTHOR_BOX_WORDS.iter().copied());
            static REVIEWS: PhraseIndex = PhraseIndex::new(PRODUCT_REVIEW_WORDS.iter().copied());
            // The first words of all four tables.
            static FIRST_WORDS: rustc_hash::FxHashSet<&'static str> = CONTAINER_WORDS
                .iter()
                .map(|e| e.0)
                .chain(POSTER_DETAILS_WORDS.iter().copied())
                .chain(AUTHOR_BOX_WORDS.iter().copied())
                .chain(PRODUCT_REVIEW_WORDS.iter().copied())
                .map(|p| p.split(' ').next().unwrap_or(""))
                .collect();
        }
        let w = without_carousel_nav(words_of_name(&without_taxonomy_terms(value)));
        // Most names hold none of the words the tables start with: nothing to look up then.
        if !FIRST_WORDS.with(|first| split_spaces(&w).any(|x| first.contains(x))) {
            return ValueWords::default();
        }
        // A name with a page-chrome word and a specific one (`c-footer__newsletter`,
        // `ArticleFooter-share`, `header-ad`) is the specific thing inside that chrome.
        let chrome = |k: usize| matches!(CONTAINER_WORDS[k].1, Label::Navigation | Label::Footer | Label::Other);
        let container = INDEX
            .with(|index| index.find(&w, |k| !chrome(k)).or_else(|| index.find(&w, |_| true)))
            .map(|k| CONTAINER_WORDS[k])
            .filter(|&(word, label)| {
                // `content-sidebar-wrap`, `main-sidebar-layout`: a layout wrapper around the
                // article and its sidebar, not the sidebar. Likewise `article-header`: the
                // article's own header.
                !((label == Label::Other || word == "header") && CONTENT_WORDS.iter().any(|c| has_phrase(&w, c)))
            })
            // A forum post's poster card and signature (`message-userExtras`, `post-signature`):
            // no veto by body words, as post templates put `post`/`message` in every name.
            .or_else(|| POSTER.with(|index| index.find(&w, |_| true)).map(|k| (POSTER_DETAILS_WORDS[k], Label::Other)));
        ValueWords {
            container,
            reviews: REVIEWS.with(|index| index.find(&w, |_| true)).is_some(),
            // Likewise a box about the writer (`post-author-bio`, `entry-author`), no veto either.
            author: AUTHOR.with(|index| index.find(&w, |_| true)).map(|k| AUTHOR_BOX_WORDS[k]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cms_component_ids_are_not_names() {
        assert!(is_cms_component_id("teaser-fc7e164e83"));
        assert!(!is_cms_component_id("teaser"), "a teaser box named by hand is one");
        assert!(!is_cms_component_id("teaser-related"));
        assert!(!is_cms_component_id("promo-fc7e164e83"), "only the building blocks");
    }

    #[test]
    fn slugs_start_ids_up_to_a_word_end() {
        let mut slugs = Slugs::default();
        slugs.insert("share a cache".to_string());
        slugs.insert("sign up for twilio".to_string());
        assert!(slugs.starts("share a cache"));
        assert!(slugs.starts("share a cache section"));
        assert!(slugs.starts("sign up for twilio and get a number"));
        assert!(!slugs.starts("share a cached copy"), "a word's end, not any byte");
        assert!(!slugs.starts("share a"));
        assert!(!slugs.starts("comment share a cache"), "at the start only");
        assert!(!slugs.starts(&"comment ".repeat(10_000)));
    }
}
