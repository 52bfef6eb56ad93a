//! Phase 5 of [`super::classify`]: each block's first verdict, from its zone, its wording and
//! where it sits. A block in a clutter zone takes the zone's label (a call to action keeps its
//! own); lines that are never article text wherever they stand (a bare URL, a row of numbered
//! links, a reply's subject line, a button's label) are turned away; the rest is content inside
//! the body region and clutter outside it.

use super::blocks::Block;
use super::zones::Zone;
use super::{Label, Reason, Verdict};
use crate::dom::{Document, NodeId};
use crate::lexicon::{
    contains_ignore_ascii_case, has_phrase, words_of_name, PhraseIndex, CALL_TO_ACTION_PHRASES, CODE_CLASS_WORDS,
    MAX_CTA_CHARS, MAX_REPLY_SUBJECT_CHARS, REPLY_SUBJECT_OPENERS,
};

/// A button says what it does, at most this long; it is never article text.
const MAX_CONTROL_CHARS: usize = 60;

/// A block that is nothing but a URL (an image address printed by a template, a raw link).
fn is_bare_url(text: &str) -> bool {
    let t = text.trim();
    !t.contains(' ') && (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
}

/// A row of numbered links has at least this many numbers, this share of its words, and at least
/// this share of link text (the separators and a label are not links).
const MIN_NUMBER_LINKS: usize = 5;

const MIN_NUMBER_SHARE: f32 = 0.6;

const MIN_NUMBER_LINK_DENSITY: f32 = 0.25;

/// A row of links that are numbers: a documentation's version picker ("Unsupported versions:
/// 13 / 12 / 11 / 10 / 9.6"), a pager ("1 2 3 ... 12 Next"). Never article text; a code
/// listing's linked line numbers are the listing's.
fn is_number_links(doc: &Document, b: &Block) -> bool {
    if b.link_density() < MIN_NUMBER_LINK_DENSITY || is_code(doc, b.node) {
        return false;
    }
    let separator = |c: char| c.is_whitespace() || matches!(c, '/' | '|' | '(' | ')' | '·' | '•');
    let words: Vec<&str> = b.text.split(separator).filter(|w| !w.is_empty()).collect();
    let number = |w: &&str| w.bytes().all(|c| c.is_ascii_digit() || c == b'.') && w.bytes().any(|c| c.is_ascii_digit());
    let numbers = words.iter().filter(|w| number(w)).count();
    numbers >= MIN_NUMBER_LINKS && numbers as f32 >= MIN_NUMBER_SHARE * words.len() as f32
}

/// A forum reply's subject line ("Re: Discuss the 7.1.0 release here"): the thread's title
/// repeated over every reply, not what the reply says.
fn is_reply_subject(text: &str) -> bool {
    let t = text.trim_start();
    t.len() <= MAX_REPLY_SUBJECT_CHARS
        && REPLY_SUBJECT_OPENERS.iter().any(|p| t.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))
}

/// How far up a `button` element is looked for: frameworks wrap a button's label in a span or two.
const MAX_BUTTON_LABEL_DEPTH: usize = 3;

/// A button, an element scripted to act as one, or the label inside a button
/// (`<button><span><div>View as Markdown</div></span></button>`).
pub(super) fn is_control(doc: &Document, node: NodeId) -> bool {
    doc.element(node).is_some_and(|e| e.is("button") || e.attr("role").is_some_and(|r| r.trim() == "button"))
        || doc.ancestors(node).take(MAX_BUTTON_LABEL_DEPTH).any(|a| doc.tag(a) == "button")
}

/// Is this block a call to action ("Free Download", "Watch now")? Its words worked out once.
pub(crate) fn block_is_call_to_action(b: &Block) -> bool {
    short_enough_for_cta(&b.text) && is_cta_wording(b.text_words())
}

/// Bounded: most blocks are paragraphs, ruled out after MAX_CTA_CHARS characters.
fn short_enough_for_cta(text: &str) -> bool {
    text.len() <= 4 * MAX_CTA_CHARS && text.chars().nth(MAX_CTA_CHARS).is_none()
}

/// Whether these words ([`crate::lexicon::words_of_text`]) are a call to action, give or take two words.
fn is_cta_wording(w: &str) -> bool {
    thread_local! {
        static INDEX: PhraseIndex = PhraseIndex::new(CALL_TO_ACTION_PHRASES.iter().copied());
    }
    let n = w.split(' ').count();
    INDEX.with(|index| index.find(w, |k| n <= CALL_TO_ACTION_PHRASES[k].split(' ').count() + 2)).is_some()
}

pub(super) fn first_verdict(doc: &Document, b: &Block, zone: Option<&Zone>, in_main: bool) -> Verdict {
    if b.hidden {
        return Verdict::new(Label::Other, 0.95, &[Reason::Hidden]);
    }
    let actionable = b.link_density() >= 0.5 || doc.tag(b.node) == "button";
    // A "Contact us" link in the footer or the menu is part of that chrome, not a promotion.
    let chrome = zone.is_some_and(|z| matches!(z.label, Label::Navigation | Label::Footer));
    if block_is_call_to_action(b) && (actionable || zone.is_some()) && !chrome {
        let mut v = Verdict::new(Label::CallToAction, 0.85, &[Reason::CtaWording]);
        if let Some(z) = zone {
            v.reasons.push(Reason::Zone(z.reason));
        }
        return v;
    }
    if let Some(z) = zone {
        return Verdict::new(z.label, z.confidence, &[Reason::Zone(z.reason)]);
    }
    if is_bare_url(&b.text) {
        return Verdict::new(Label::Other, 0.8, &[Reason::BareUrl]);
    }
    if is_number_links(doc, b) {
        return Verdict::new(Label::Navigation, 0.8, &[Reason::NumberLinks]);
    }
    if is_reply_subject(&b.text) {
        return Verdict::new(Label::Other, 0.8, &[Reason::ReplySubject]);
    }
    if is_control(doc, b.node) && b.chars <= MAX_CONTROL_CHARS {
        return Verdict::new(Label::Other, 0.8, &[Reason::Control]);
    }
    if in_main {
        let ld = b.link_density();
        if ld > 0.6 && b.chars < 120 {
            return Verdict::new(Label::Content, 0.55, &[Reason::MainRegion, Reason::LinkDense]);
        }
        return Verdict::new(Label::Content, 0.8, &[Reason::MainRegion]);
    }
    if b.link_density() >= 0.5 {
        return Verdict::new(Label::Navigation, 0.6, &[Reason::OutsideMain, Reason::LinkDense]);
    }
    Verdict::new(Label::Other, 0.6, &[Reason::OutsideMain])
}

/// Whether `node` is (or lies in) a figure's or a table's caption: short and unlike prose, but the
/// figure's own.
pub(super) fn is_caption(doc: &Document, node: NodeId) -> bool {
    std::iter::once(node).chain(doc.ancestors(node)).take(MAX_CAPTION_DEPTH).any(|a| CAPTION_TAGS.contains(&doc.tag(a)))
}

/// Tags of captions.
const CAPTION_TAGS: &[&str] = &["figcaption", "caption"];

/// How far up a caption is looked for (a caption's credit line sits in a `span` of its own).
const MAX_CAPTION_DEPTH: usize = 3;

/// Tags of code, whose lines repeat from sample to sample.
pub(super) const CODE_TAGS: &[&str] = &["pre", "code"];

/// How far up a code element is looked for (highlighters nest each line a few levels deep).
const MAX_CODE_DEPTH: usize = 6;

/// Whether `node` is code or lies in code (within [`MAX_CODE_DEPTH`] levels).
pub(super) fn is_code(doc: &Document, node: NodeId) -> bool {
    let code_class = |a: NodeId| {
        doc.element(a).and_then(|e| e.attr("class")).is_some_and(|c| {
            // A phrase's first word is in the value as it is, ASCII case aside (a name's words
            // are runs of its letters and digits): most classes are ruled out without splitting.
            let first_word = |w: &&str| contains_ignore_ascii_case(c, w.split(' ').next().unwrap_or(w));
            CODE_CLASS_WORDS.iter().any(|w| first_word(w)) && {
                let words = words_of_name(c);
                CODE_CLASS_WORDS.iter().any(|w| has_phrase(&words, w))
            }
        })
    };
    std::iter::once(node).chain(doc.ancestors(node)).take(MAX_CODE_DEPTH).any(|a| CODE_TAGS.contains(&doc.tag(a)) || code_class(a))
}
