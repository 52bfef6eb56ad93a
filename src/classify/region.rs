//! The article body: the container most of the page's prose lives in.
//!
//! Scored the way Readability scores candidates, which is known to work across news and blog
//! templates: every paragraph-like block gives points (one, plus its commas, plus one per 100
//! characters up to three) to its parent, half to its grandparent and less further up; a
//! container's class/id words and tag adjust its score, and link-heavy containers lose theirs.
//! Siblings of the winner that score well, or hold a real paragraph, join it.

use crate::lexicon::{
    find_phrase, has_phrase, legal_notice_heading, words_of_name, words_of_text, AUTHOR_BOX_WORDS, FOOTER_ROLES,
    MASTHEAD_ROLES, MAX_HEADING_CHARS, OVERLAY_ROLES, POST_TEXT_WORDS, SECTION_HEADINGS, STAR_RATING_PHRASES
};
use super::blocks::Segmentation;
use super::names::Names;
use crate::page_kind::PageKind;
use super::Stats;
use crate::dom::{Document, NodeId};

const CLASS_WEIGHT: f32 = 25.0;

/// Blocks shorter than this give no points: captions, buttons and labels say nothing about prose.
const MIN_SCORED_CHARS: usize = 25;
/// How many ancestor levels a block's points reach.
const SCORE_LEVELS: usize = 5;

fn class_weight(names: &Names, id: NodeId) -> f32 {
    let f = names.of(id);
    [f.class, f.id]
        .iter()
        .map(|s| if s.positive > 0 { CLASS_WEIGHT } else { 0.0 } - if s.negative > 0 { CLASS_WEIGHT } else { 0.0 })
        .sum()
}

fn tag_weight(tag: &str) -> f32 {
    match tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Tags whose own text counts as a paragraph for scoring.
fn is_paragraph_like(tag: &str) -> bool {
    matches!(tag, "p" | "pre" | "td" | "div" | "section" | "article" | "blockquote" | "li" | "dd" | "main")
}

fn commas(text: &str) -> usize {
    if text.is_ascii() {
        // The only ASCII one is `,`.
        return text.bytes().filter(|&b| b == b',').count();
    }
    text.chars().filter(|c| matches!(c, ',' | '，' | '、' | '،' | '﹐' | '︐' | '︑' | '⹁' | '⸴' | '⸲')).count()
}

/// Returns the roots of the article body region in document order (empty when the page has no
/// block that reads like prose). `kind`: what the page is ([`PageKind`]).
pub(crate) fn main_region(doc: &Document, seg: &Segmentation, st: &Stats, names: &Names, kind: PageKind) -> Vec<NodeId> {
    let product_page = kind.product;
    let overlaid = overlays(doc);
    let footer = page_footer(doc);
    let masthead = page_masthead(doc);
    // A product's customer reviews are not its description, however much more prose they hold.
    let reviews = if product_page { customer_reviews(doc, names) } else { vec![false; doc.len()] };
    let fine_print = small_print(doc, seg);
    let counted = |b: &super::Block| !overlaid[b.node] && !reviews[b.node] && !fine_print[b.node];
    let roots = main_region_with(doc, seg, st, names, |b| counted(b) && !footer[b.node] && !masthead[b.node]);
    let roots = whole_outline(doc, roots);
    let roots = whole_sectioned_document(doc, roots);
    // Whether the body holds enough of the page's prose (see `widen`) is judged without the
    // masthead and menus: mega-menus and header teasers are not prose the body missed, and
    // counting them grew bodies to all of `<body>`. The footer's prose still counts, except on a
    // product page: shops print more legal text in the footer than the product has description,
    // and the body would grow to take it in.
    let roots = widen(doc, seg, roots, |b| counted(b) && !masthead[b.node] && !(product_page && footer[b.node]));
    let roots = with_sibling_posts(doc, seg, roots, |b| counted(b) && !footer[b.node]);
    let roots = if kind.landing { whole_landing_page(doc, st, names, roots) } else { roots };
    let grid = item_grid(doc, seg, st, names, counted);
    let roots = with_item_grid(doc, seg, st, roots, grid);
    if roots.is_empty() {
        // A page that is nothing but a dialog reads as that dialog.
        let roots = main_region_with(doc, seg, st, names, |_| true);
        return widen(doc, seg, roots, |_| true);
    }
    roots
}

/// Per node: whether it lies in a dialog laid over the page (a privacy-policy modal, a
/// "notify me when back in stock" form, a cookie preference centre): templates ship them in the
/// page, often longer than a product description, but the reader never came for them.
fn overlays(doc: &Document) -> Vec<bool> {
    let mut out = vec![false; doc.len()];
    let mut in_article = vec![false; doc.len()];
    for id in doc.ids() {
        let (inherited, article) = doc.parent(id).map_or((false, false), |p| (out[p], in_article[p]));
        in_article[id] = article || doc.element(id).is_some_and(|e| e.is("article") || e.is("main"));
        out[id] = inherited
            || doc.element(id).is_some_and(|e| {
                e.is("dialog")
                    || e.attr("aria-modal").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
                    || (e.attr("role").is_some_and(|r| OVERLAY_ROLES.contains(&r.trim())) && !is_side_sheet(e, article))
            });
    }
    out
}

/// Per node: whether it lies in the page's footer (a `footer` outside any `article` or `main`, or
/// the `contentinfo` landmark). Shops print pages of legal footnotes there ("Testing conducted
/// by ...", financing terms), more prose than the product's own sections; its blocks give no
/// points to the containers around them.
fn page_footer(doc: &Document) -> Vec<bool> {
    page_landmark(doc, "footer", FOOTER_ROLES)
}

/// Per node: whether it lies in the page's masthead or menus (a `header` outside any `article`
/// or `main`, a `nav`, the `banner` and `navigation` landmarks). Mega-menus hold teasers with
/// summaries, more prose than a listing page's own headline cards; their blocks give no points.
fn page_masthead(doc: &Document) -> Vec<bool> {
    let mut out = page_landmark(doc, "header", MASTHEAD_ROLES);
    for id in doc.ids() {
        out[id] = out[id] || doc.parent(id).is_some_and(|p| out[p]) || doc.tag(id) == "nav";
    }
    out
}

/// Per node: whether it lies in a page-level landmark: a `tag` outside any `article` or `main`,
/// or an element with one of `roles`.
fn page_landmark(doc: &Document, tag: &str, roles: &[&str]) -> Vec<bool> {
    let mut out = vec![false; doc.len()];
    let mut in_article = vec![false; doc.len()];
    for id in doc.ids() {
        let parent = doc.parent(id);
        let (inherited, article) = parent.map_or((false, false), |p| (out[p], in_article[p]));
        let Some(e) = doc.element(id) else {
            out[id] = inherited;
            continue;
        };
        in_article[id] = article || e.is("article") || e.is("main");
        out[id] = inherited
            || (!article && e.is(tag))
            || e.attr("role").is_some_and(|r| roles.iter().any(|x| r.trim().eq_ignore_ascii_case(x)));
    }
    out
}

/// Per node: whether it lies in legal small print: the box a legal-notice heading opens
/// ("*Disclaimers" over a service page's numbered notes, see [`legal_notice_heading`]),
/// or the siblings after such a heading when it sits among them. Marketing pages print more
/// words of terms than of copy, and the notes would win the body.
fn small_print(doc: &Document, seg: &Segmentation) -> Vec<bool> {
    let mut out = vec![false; doc.len()];
    for b in seg.blocks.iter().filter(|b| !b.hidden && b.chars <= MAX_HEADING_CHARS) {
        if legal_notice_heading(b.text_words()).is_none() {
            continue;
        }
        let Some(p) = doc.parent(b.node) else { continue };
        let first = (p..doc.subtree_end(p)).find(|&i| seg.block_of(i).is_some_and(|k| !seg.blocks[k].hidden));
        // The heading's box, or the heading and its siblings up to the next heading.
        let (start, end) = if first == Some(b.node) && !matches!(doc.tag(p), "body" | "html") {
            (p, doc.subtree_end(p))
        } else {
            let sibs = doc.children(p);
            let at = sibs.iter().position(|&s| s == b.node).map_or(sibs.len(), |k| k + 1);
            let next = sibs[at.min(sibs.len())..].iter().find(|&&s| matches!(doc.tag(s), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"));
            (b.node, next.copied().unwrap_or_else(|| doc.subtree_end(p)))
        };
        for flag in &mut out[start..end] {
            *flag = true;
        }
    }
    out
}



/// Per node: whether it lies in a container whose class or id names customer reviews (or
/// questions), see [`Names::reviews`]. A container that holds a top-level heading is the page's
/// wrapper, whatever its class says (`<body class="single-product-reviews-01">`).
fn customer_reviews(doc: &Document, names: &Names) -> Vec<bool> {
    let headlines: Vec<NodeId> = doc.ids().filter(|&id| doc.tag(id) == "h1").collect();
    let holds_headline = |id: NodeId| {
        let k = headlines.partition_point(|&h| h < id);
        headlines.get(k).is_some_and(|&h| h < doc.subtree_end(id))
    };
    let mut out = vec![false; doc.len()];
    for id in doc.ids() {
        out[id] = doc.parent(id).is_some_and(|p| out[p])
            || (names.reviews(id) && !matches!(doc.tag(id), "html" | "body") && !holds_headline(id));
    }
    out
}

/// A list of rated reviews has at least this many of them.
const MIN_RATED_REVIEWS: usize = 3;
/// A rated review holds a paragraph of at least this much unlinked text (a product card holds
/// its rating, a linked name and a price).
const MIN_REVIEW_CHARS: usize = 80;
/// A review prints its own star rating, at most this many times (as text and as a label); a
/// section that prints more holds several reviews.
const MAX_REVIEW_RATINGS: u32 = 3;
/// Attributes a star rating is printed in when it is drawn as stars.
const RATING_ATTRS: &[&str] = &["aria-label", "title"];

/// Per node: whether it lies in a list of rated customer reviews: a container named for reviews
/// ([`customer_reviews`]) with at least [`MIN_RATED_REVIEWS`] children, most of them, that each
/// print a star rating ([`STAR_RATING_PHRASES`]) beside a paragraph of unlinked text.
/// Marketplaces that declare no product print the reviews under the description like any other
/// section, more prose than the description; they are opinions about the product, not the
/// product. The structure tells them from a review article (`<article class="review">`).
pub(crate) fn rated_reviews(doc: &Document, seg: &Segmentation, names: &Names) -> Vec<bool> {
    let named = customer_reviews(doc, names);
    let n = doc.len();
    // Only a container named for reviews can be a list of them: most pages have none.
    if !named.iter().any(|&r| r) {
        return vec![false; n];
    }
    // How many star ratings each subtree prints.
    let mut ratings = vec![0u32; n];
    for id in doc.ids() {
        let own = match doc.element(id) {
            Some(e) => RATING_ATTRS.iter().any(|a| e.attr(a).is_some_and(names_star_rating)),
            None => doc.text(id).is_some_and(names_star_rating),
        };
        ratings[id] = own as u32;
    }
    // The longest unlinked prose block in each subtree.
    let mut prose = vec![0usize; n];
    for b in seg.blocks.iter().filter(|b| !b.hidden) {
        prose[b.node] = prose[b.node].max(b.chars - b.link_chars);
    }
    for id in doc.ids().rev() {
        if let Some(p) = doc.parent(id) {
            ratings[p] += ratings[id];
            prose[p] = prose[p].max(prose[id]);
        }
    }
    let review = |k: NodeId| (1..=MAX_REVIEW_RATINGS).contains(&ratings[k]) && prose[k] >= MIN_REVIEW_CHARS;
    let mut out = vec![false; n];
    for id in doc.ids() {
        out[id] = doc.parent(id).is_some_and(|p| out[p])
            || (named[id] && doc.element(id).is_some() && is_review_list(doc, id, review));
    }
    out
}

/// Whether `id` is a list of reviews: at least [`MIN_RATED_REVIEWS`] of its element children are
/// `review`s, and they are most of its children that hold anything.
fn is_review_list(doc: &Document, id: NodeId, review: impl Fn(NodeId) -> bool) -> bool {
    let (mut items, mut reviews) = (0usize, 0usize);
    for &k in doc.children(id) {
        if doc.element(k).is_some() && doc.subtree_end(k) > k + 1 {
            items += 1;
            reviews += review(k) as usize;
        }
    }
    reviews >= MIN_RATED_REVIEWS && 2 * reviews > items
}

/// Whether `text` prints a star rating: a number, then one of [`STAR_RATING_PHRASES`] not running
/// on into another digit.
fn names_star_rating(text: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit();
    STAR_RATING_PHRASES.iter().any(|phrase| {
        text.as_bytes().windows(phrase.len()).enumerate().any(|(i, w)| {
            w.eq_ignore_ascii_case(phrase.as_bytes())
                && text[..i].trim_end().ends_with(digit)
                && !text[i + phrase.len()..].starts_with(digit)
        })
    })
}

/// Whether `e`, a dialog inside an `article` or `main` (`inside_article`), says it is not modal
/// (`aria-modal="false"`): a side sheet open beside the content (a product's details drawer),
/// part of it rather than laid over it. Popup plugins print their popups outside, non-modal too.
pub(super) fn is_side_sheet(e: &crate::dom::Element, inside_article: bool) -> bool {
    inside_article && e.attr("aria-modal").is_some_and(|v| v.trim().eq_ignore_ascii_case("false"))
}


fn main_region_with(
    doc: &Document,
    seg: &Segmentation,
    st: &Stats,
    names: &Names,
    scored: impl Fn(&super::Block) -> bool,
) -> Vec<NodeId> {
    let n = doc.len();
    let mut score = vec![0f32; n];
    let mut is_candidate = vec![false; n];
    for b in seg.blocks.iter().filter(|b| !b.hidden && b.chars >= MIN_SCORED_CHARS && scored(b)) {
        let tag = doc.tag(b.node);
        if !is_paragraph_like(tag) {
            continue;
        }
        let points = 1.0 + commas(&b.text) as f32 + (b.chars as f32 / 100.0).min(3.0);
        // The block element itself counts as level 0 when it is a div holding prose directly
        // (Readability turns such divs into paragraphs); its container gets the full score.
        for (level, a) in doc.ancestors(b.node).take(SCORE_LEVELS).enumerate() {
            // As in Readability the body can win (pages with paragraphs straight in it); the
            // root element cannot.
            if doc.tag(a) == "html" {
                break;
            }
            if !is_candidate[a] {
                is_candidate[a] = true;
                score[a] += tag_weight(doc.tag(a)) + class_weight(names, a);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += points / divider;
        }
    }
    let mut best: Option<(NodeId, f32)> = None;
    for id in doc.ids() {
        if !is_candidate[id] || doc.element(id).is_some_and(|e| e.hidden) {
            continue;
        }
        let s = score[id] * (1.0 - st.link_density(id));
        if best.is_none_or(|(_, bs)| s > bs) {
            best = Some((id, s));
        }
    }
    let Some((top, top_score)) = best else { return Vec::new() };
    with_siblings(doc, st, names, &score, &is_candidate, top, top_score)
}

/// A sectioned document has at least this many sibling sections of one kind.
const MIN_SECTIONS: usize = 3;
/// How far above the body's first root its section is looked for.
const MAX_SECTION_DEPTH: usize = 4;

/// Whether `id` is a section of a document: its first element child is a heading (empty link
/// targets before it, `<span id="gzip-middleware"></span>`, aside).
fn opens_with_heading(doc: &Document, id: NodeId) -> bool {
    let first = doc.children(id).iter().copied().find(|&k| doc.element(k).is_some() && !doc.children(k).is_empty());
    first.is_some_and(|k| matches!(doc.tag(k), "h1" | "h2" | "h3" | "h4"))
}

/// Reference pages (a manual page, a generated API reference) put each section in a container
/// of its own that opens with the section's heading (`div.sect1 > h2`, `section > h2`); the
/// longest section (a command's options) then outscores the rest. When the body lies in such a
/// section and its parent holds [`MIN_SECTIONS`] of that kind (same tag and class), all of them
/// are the body; sections of another kind (a paper's references, its footnotes) are not.
fn whole_sectioned_document(doc: &Document, roots: Vec<NodeId>) -> Vec<NodeId> {
    let [root] = roots[..] else { return roots };
    let kind = |id: NodeId| doc.element(id).map(|e| (&*e.tag, e.attr("class").unwrap_or("")));
    for a in std::iter::once(root).chain(doc.ancestors(root)).take(MAX_SECTION_DEPTH) {
        let Some(p) = doc.parent(a) else { break };
        if !opens_with_heading(doc, a) {
            continue;
        }
        let sections: Vec<NodeId> = doc
            .children(p)
            .iter()
            .copied()
            .filter(|&s| kind(s) == kind(a) && !doc.element(s).is_some_and(|e| e.hidden) && opens_with_heading(doc, s))
            .collect();
        if sections.len() >= MIN_SECTIONS {
            return sections;
        }
    }
    roots
}

/// How many levels of an outline the body climbs to its top section.
const MAX_OUTLINE_DEPTH: usize = 4;

/// Documentation generators (Sphinx, Docutils) nest each section in its parent's container of
/// the same kind (`div.section > h1, p, div.section > h2, ...`, or plain `section`s); the
/// longest subsection then outscores the page it belongs to, and the introduction and the other
/// subsections are lost. When the body is one such section, it climbs through its ancestors of
/// the same kind (same tag and class) that open with a heading, at most [`MAX_OUTLINE_DEPTH`]
/// levels, and the whole outline is the body.
fn whole_outline(doc: &Document, roots: Vec<NodeId>) -> Vec<NodeId> {
    let Some(&first) = roots.first() else { return roots };
    let kind = |id: NodeId| doc.element(id).map(|e| (&*e.tag, e.attr("class").unwrap_or("")));
    // One section, or sibling sections of one kind with the paragraphs between them (an
    // introduction above the first subsection).
    let Some(section) = roots.iter().copied().find(|&r| opens_with_heading(doc, r)) else { return roots };
    let one_level = roots
        .iter()
        .all(|&r| doc.parent(r) == doc.parent(first) && (kind(r) == kind(section) || !opens_with_heading(doc, r)));
    if !one_level {
        return roots;
    }
    let mut top = None;
    for a in doc.ancestors(section).take(MAX_OUTLINE_DEPTH) {
        if kind(a) != kind(section) || !opens_with_heading(doc, a) {
            break;
        }
        top = Some(a);
    }
    top.map_or(roots, |t| vec![t])
}

/// A section holding this share of the text of it and its sibling sections is an article, the
/// others its trimmings (an intro banner, a footer section).
const MAX_LANDING_SECTION_SHARE: f32 = 0.8;

/// A landing page stacks its sections one after another (`<section class="hero">`, `<section
/// class="features">`, `<section class="testimonials">`), each of its own kind; the longest
/// section's prose then outscores the rest. When the body lies in a `section`, at any depth, whose
/// parent holds [`MIN_SECTIONS`] visible sections, and it holds less than
/// [`MAX_LANDING_SECTION_SHARE`] of their text, all of them are the body, but for those named as
/// clutter by class (`related-section`) or by their heading ("Related items to explore"). Page
/// builders stack `div`s instead: a short body (at most [`MAX_STACKED_BODY_CHARS`]) in a `div`
/// with [`MIN_SECTIONS`] sibling `div`s that each have a heading, hold no page chrome and are not
/// a menu ([`MAX_STACK_LINK_DENSITY`]) is read with them the same way; the body's own `div` need
/// not have a heading.
fn whole_landing_page(doc: &Document, st: &Stats, names: &Names, roots: Vec<NodeId>) -> Vec<NodeId> {
    let Some(&first) = roots.first() else { return roots };
    let heading = first_headings(doc);
    let chrome = holds_chrome(doc);
    let clutter_heading = |s: NodeId| {
        heading[s].is_some_and(|h| {
            let text = doc.text_content(h);
            let words = words_of_text(&text);
            text.len() <= MAX_HEADING_CHARS
                && find_phrase(&words, SECTION_HEADINGS).is_some_and(|(p, _)| {
                    words.split(' ').count() <= p.split(' ').count() + 2 || words.strip_prefix(p).is_some_and(|r| r.starts_with(' '))
                })
        })
    };
    let body: u32 = roots.iter().map(|&r| st.chars[r]).sum();
    for a in std::iter::once(first).chain(doc.ancestors(first)) {
        let Some(p) = doc.parent(a) else { break };
        if matches!(doc.tag(p), "body" | "html") || p == Document::ROOT {
            break;
        }
        let tag = doc.tag(a);
        let stack = tag == "section" || (matches!(tag, "div" | "article") && body <= MAX_STACKED_BODY_CHARS);
        if !stack {
            continue;
        }
        let visible = |s: &NodeId| {
            doc.element(*s).is_some_and(|e| e.is(tag) && !e.hidden)
                && (tag == "section"
                    || (st.chars[*s] > 0 && heading[*s].is_some() && !chrome[*s] && st.link_density(*s) < MAX_STACK_LINK_DENSITY))
        };
        // The body's own `div` need not open with a heading (a hero's line in a styled div).
        let body_div = |s: &NodeId| *s == a && !chrome[a] && st.link_density(a) < MAX_STACK_LINK_DENSITY;
        let sections: Vec<NodeId> = doc.children(p).iter().copied().filter(|s| visible(s) || (tag != "section" && body_div(s))).collect();
        let headed = sections.iter().filter(|s| visible(s)).count();
        if headed < MIN_SECTIONS || (tag != "section" && !sections.contains(&a)) {
            continue;
        }
        let text: u32 = sections.iter().map(|&s| st.chars[s]).sum();
        if st.chars[a] as f32 >= MAX_LANDING_SECTION_SHARE * text as f32 {
            return roots;
        }
        // Roots beside the sections (a lead paragraph above them) stay.
        let inside = |r: NodeId| sections.iter().any(|&s| s <= r && r < doc.subtree_end(s));
        let mut out: Vec<NodeId> = roots.iter().copied().filter(|&r| !inside(r)).collect();
        out.extend(sections.into_iter().filter(|&s| s == a || (names.container(s).is_none() && !clutter_heading(s))));
        out.sort_unstable();
        return out;
    }
    roots
}

/// A body longer than this is an article, however many `div`s stand beside it.
const MAX_STACKED_BODY_CHARS: u32 = 4000;

/// A section of a stack of `div`s is mostly prose and pictures: a sibling this link-dense is a menu.
const MAX_STACK_LINK_DENSITY: f32 = 0.5;

/// Per node: whether it holds page chrome (a menu, a masthead, a footer, a form, a dialog, an
/// aside); a stack of `div`s holds such wrappers beside its sections. One reverse pass.
fn holds_chrome(doc: &Document) -> Vec<bool> {
    let mut out = vec![false; doc.len()];
    for id in (1..doc.len()).rev() {
        out[id] |= matches!(doc.tag(id), "nav" | "header" | "footer" | "form" | "dialog" | "aside");
        if let (true, Some(p)) = (out[id], doc.parent(id)) {
            out[p] = true;
        }
    }
    out
}

/// Per node: the first heading element (`h1` to `h6`) at or under it, in document order. One
/// reverse pass: a node's descendants come after it, its first child with a heading writes last.
fn first_headings(doc: &Document) -> Vec<Option<NodeId>> {
    let mut out: Vec<Option<NodeId>> = vec![None; doc.len()];
    for id in (1..doc.len()).rev() {
        if matches!(doc.tag(id), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            out[id] = Some(id);
        }
        if let (Some(h), Some(p)) = (out[id], doc.parent(id)) {
            out[p] = Some(h);
        }
    }
    out
}

/// A block counts as prose for [`widen`] from this many characters, below this link density.
const MIN_PROSE_CHARS: usize = 40;
const MAX_PROSE_LINK_DENSITY: f32 = 0.3;
/// The body must hold at least this share of the page's prose; otherwise it is one item of a
/// page made of many (testimonials, forum posts, product sections, listing entries) and the
/// region grows to the smallest container holding [`WIDEN_TO_SHARE`] of it.
const MIN_BODY_SHARE: f32 = 0.4;
const WIDEN_TO_SHARE: f32 = 0.5;

/// Pages that are not one article (a service page of testimonials, a thread of posts) spread
/// their prose over many sibling containers; the best-scored one is then only a piece.
fn widen(doc: &Document, seg: &Segmentation, roots: Vec<NodeId>, counted: impl Fn(&super::Block) -> bool) -> Vec<NodeId> {
    let n = doc.len();
    let mut prose = vec![0u64; n];
    for b in seg.blocks.iter().filter(|b| !b.hidden && b.heading == 0 && b.chars >= MIN_PROSE_CHARS && counted(b)) {
        if b.link_density() < MAX_PROSE_LINK_DENSITY {
            prose[b.node] += b.chars as u64;
        }
    }
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id) {
            prose[p] += prose[id];
        }
    }
    let total = prose[Document::ROOT];
    let held: u64 = roots.iter().map(|&r| prose[r]).sum();
    if total == 0 || held as f32 >= MIN_BODY_SHARE * total as f32 {
        return roots;
    }
    let Some(&first) = roots.first() else { return roots };
    for a in doc.ancestors(first) {
        if prose[a] as f32 >= WIDEN_TO_SHARE * total as f32 {
            return vec![a];
        }
    }
    roots
}

/// A thread shows at least this many posts.
const MIN_POSTS: usize = 3;
/// How far above a paragraph its post's text container is looked for (the first element with a
/// class: `article.message-body > div.bbWrapper > p`).
const MAX_POST_TEXT_DEPTH: usize = 3;

/// A thread prints every post's text in a container of one kind (same tag and class:
/// `article.message-body`, `div.post`, `div.comment_text`); the body scorer takes the run of
/// posts with the most prose, or one long post, and leaves the others out: the opening post set
/// apart above the replies, the replies under a long question, a reply nested deeper. When the
/// kind of container that holds most of the body's prose names a post ([`POST_TEXT_WORDS`]) and
/// holds prose in at least [`MIN_POSTS`] places, those outside the body join it.
fn with_sibling_posts(doc: &Document, seg: &Segmentation, roots: Vec<NodeId>, counted: impl Fn(&super::Block) -> bool) -> Vec<NodeId> {
    if roots.is_empty() {
        return roots;
    }
    let in_body = |id: NodeId| roots.iter().any(|&r| r <= id && id < doc.subtree_end(r));
    let kind = |id: NodeId| doc.element(id).and_then(|e| e.attr("class").filter(|c| !c.trim().is_empty()).map(|c| (&*e.tag, c)));
    // Per container of post text: its prose characters, and whether it lies in the body.
    let mut containers: rustc_hash::FxHashMap<NodeId, (u64, bool)> = Default::default();
    for b in seg.blocks.iter().filter(|b| !b.hidden && b.heading == 0 && b.chars >= MIN_PROSE_CHARS && counted(b)) {
        if b.link_density() >= MAX_PROSE_LINK_DENSITY {
            continue;
        }
        let Some(c) = doc.ancestors(b.node).take(MAX_POST_TEXT_DEPTH).find(|&a| kind(a).is_some()) else { continue };
        containers.entry(c).or_insert((0, in_body(c))).0 += b.chars as u64;
    }
    // The kind holding most of the body's prose.
    let mut by_kind: rustc_hash::FxHashMap<(&str, &str), (u64, usize)> = Default::default();
    for (&c, &(chars, inside)) in &containers {
        let k = by_kind.entry(kind(c).unwrap_or_default()).or_default();
        k.0 += if inside { chars } else { 0 };
        k.1 += 1;
    }
    let best = by_kind.iter().filter(|(_, v)| v.0 > 0).max_by_key(|(k, v)| (v.0, **k));
    let Some((&post, &(_, count))) = best else { return roots };
    let words = words_of_name(post.1);
    if count < MIN_POSTS || !POST_TEXT_WORDS.iter().any(|w| has_phrase(&words, w)) {
        return roots;
    }
    let mut out = roots.clone();
    out.extend(containers.iter().filter(|(&c, &(_, inside))| !inside && kind(c) == Some(post)).map(|(&c, _)| c));
    out.sort_unstable();
    // A post quoted inside another is read with it.
    let mut end = 0;
    out.retain(|&r| {
        let keep = r >= end;
        if keep {
            end = doc.subtree_end(r);
        }
        keep
    });
    out
}

/// A grid holds at least this many items of one kind, each of at least this many blocks (a name
/// and a price, a headline and a summary: a menu entry is one link).
const MIN_GRID_ITEMS: usize = 4;
const MIN_ITEM_BLOCKS: u32 = 2;
/// Distinct kinds of child looked at per container (bounds the work on flat pages).
const MAX_CHILD_KINDS: usize = 8;
/// The grid joins the body when it holds at least this many times the body's text.
const GRID_TO_BODY: f32 = 1.0;
/// A body with this much prose is what the page is about (a category page's buying guide), grid
/// or not.
const MAX_BODY_PROSE_FOR_GRID: usize = 1000;
/// A card says a few words (a name, a price, a line of summary); longer items are sections.
const MAX_ITEM_CHARS: u32 = 400;

/// A catalogue or a section front lists its items in a grid: many sibling cards of one kind
/// (same tag and class), each a few short blocks, none of them prose. Returns the grid holding
/// the most text outside the page chrome, with that text.
fn item_grid(
    doc: &Document,
    seg: &Segmentation,
    st: &Stats,
    names: &Names,
    counted: impl Fn(&super::Block) -> bool,
) -> Option<(NodeId, u32)> {
    let n = doc.len();
    let mut blocks = vec![0u32; n];
    for b in seg.blocks.iter().filter(|b| !b.hidden && counted(b)) {
        blocks[b.node] += 1;
    }
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id) {
            blocks[p] += blocks[id];
        }
    }
    // Page chrome, and containers that name themselves clutter, hold no listing (the root and
    // the body name the page's layout: `<body class="sidebar-enabled">`).
    let mut chrome = vec![false; n];
    for id in doc.ids() {
        let inherited = doc.parent(id).is_some_and(|p| chrome[p]);
        chrome[id] = inherited
            || doc.element(id).is_some_and(|e| {
                e.hidden
                    || matches!(&*e.tag, "nav" | "header" | "footer" | "aside")
                    || (names.container(id).is_some() && !matches!(&*e.tag, "html" | "body"))
            });
    }
    let mut best: Option<(NodeId, u32)> = None;
    for id in doc.ids() {
        if chrome[id] || doc.children(id).len() < MIN_GRID_ITEMS {
            continue;
        }
        let chars = grid_chars(doc, st, &blocks, id);
        if chars > 0 && best.is_none_or(|(_, c)| chars > c) {
            best = Some((id, chars));
        }
    }
    best
}

/// The body scorer finds the page's prose (a category blurb, a banner); when the page has little
/// of it and its item grid holds more text than that body, the grid is what the page is about and
/// joins the body.
fn with_item_grid(doc: &Document, seg: &Segmentation, st: &Stats, roots: Vec<NodeId>, grid: Option<(NodeId, u32)>) -> Vec<NodeId> {
    let Some((grid, chars)) = grid else { return roots };
    let body: u32 = roots.iter().map(|&r| st.chars[r]).sum();
    if (chars as f32) < GRID_TO_BODY * body as f32 || body_prose(doc, seg, &roots) >= MAX_BODY_PROSE_FOR_GRID {
        return roots;
    }
    let inside = |r: NodeId| r <= grid && grid < doc.subtree_end(r);
    if roots.iter().any(|&r| inside(r)) {
        return roots;
    }
    // Body roots inside the grid give way to it.
    let mut out: Vec<NodeId> = roots.into_iter().filter(|&r| !(grid <= r && r < doc.subtree_end(grid))).collect();
    out.push(grid);
    out.sort_unstable();
    out
}

/// Characters of prose (as [`widen`] counts it) in the body.
fn body_prose(doc: &Document, seg: &Segmentation, roots: &[NodeId]) -> usize {
    let in_body = |id: NodeId| roots.iter().any(|&r| r <= id && id < doc.subtree_end(r));
    seg.blocks
        .iter()
        .filter(|b| !b.hidden && b.heading == 0 && b.chars >= MIN_PROSE_CHARS && b.link_density() < MAX_PROSE_LINK_DENSITY)
        .filter(|b| in_body(b.node))
        .map(|b| b.chars)
        .sum()
}

/// Text of the most numerous kind of child of `id` (same tag and first class word) when there are
/// at least [`MIN_GRID_ITEMS`] of them with [`MIN_ITEM_BLOCKS`] blocks each; else 0.
fn grid_chars(doc: &Document, st: &Stats, blocks: &[u32], id: NodeId) -> u32 {
    let mut kinds: Vec<((&str, &str), usize, u32)> = Vec::new();
    for &k in doc.children(id) {
        let Some(e) = doc.element(k) else { continue };
        if blocks[k] < MIN_ITEM_BLOCKS {
            continue;
        }
        let key = (&*e.tag, e.attr("class").and_then(|c| c.split_whitespace().next()).unwrap_or(""));
        if let Some(kind) = kinds.iter_mut().find(|(kk, _, _)| *kk == key) {
            kind.1 += 1;
            kind.2 += st.chars[k];
        } else if kinds.len() < MAX_CHILD_KINDS {
            kinds.push((key, 1, st.chars[k]));
        }
    }
    kinds
        .iter()
        .filter(|k| k.1 >= MIN_GRID_ITEMS && k.2 <= MAX_ITEM_CHARS * k.1 as u32)
        .map(|k| k.2)
        .max()
        .unwrap_or(0)
}

/// Per node: whether it lies in a card of an item grid of the body, on a page that is a listing
/// (a catalogue, a section front, a recipe index): the body holds less than
/// [`MAX_BODY_PROSE_FOR_GRID`] of prose outside its grids. A grid is a container of at least
/// [`MIN_GRID_ITEMS`] children of one kind (same tag and first class word) of at least
/// [`MIN_ITEM_BLOCKS`] blocks each, a few words each ([`MAX_ITEM_CHARS`]); a page that splits its
/// items over several sections ("Top rated", "Chicken", "All recipes") has a grid in each. A
/// card's lines (its rating, its price, its date) are what the listing lists, however short and
/// alike they are.
pub(crate) fn grid_cards(doc: &Document, seg: &Segmentation, st: &Stats, roots: &[NodeId]) -> Vec<bool> {
    let n = doc.len();
    let mut out = vec![false; n];
    if roots.is_empty() {
        return out;
    }
    // Visible blocks, and lines with a figure (a price, a rating, a date), under each node.
    let (mut blocks, mut figures) = (vec![0u32; n], vec![0u32; n]);
    for b in seg.blocks.iter().filter(|b| !b.hidden) {
        blocks[b.node] += 1;
        figures[b.node] += u32::from(b.words() >= MIN_LINE_CARD_WORDS && b.text.contains(|c: char| c.is_ascii_digit()));
    }
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id) {
            blocks[p] += blocks[id];
            figures[p] += figures[id];
        }
    }
    let mut in_body = vec![false; n];
    for &r in roots {
        for flag in &mut in_body[r..doc.subtree_end(r)] {
            *flag = true;
        }
    }
    for id in doc.ids() {
        if !in_body[id] || out[id] || doc.children(id).len() < MIN_GRID_ITEMS {
            continue;
        }
        if let Some(key) = grid_kind(doc, st, &blocks, id) {
            for &k in doc.children(id) {
                if item_key(doc, k) == Some(key) && blocks[k] >= MIN_ITEM_BLOCKS {
                    for flag in &mut out[k..doc.subtree_end(k)] {
                        *flag = true;
                    }
                }
            }
        } else if let Some(key) = line_grid_kind(doc, st, &blocks, &figures, id) {
            for &k in doc.children(id) {
                if item_key(doc, k) == Some(key) && blocks[k] == 1 && figures[k] == 1 {
                    for flag in &mut out[k..doc.subtree_end(k)] {
                        *flag = true;
                    }
                }
            }
        }
    }
    // A body of prose (an article with a row of related teasers) is no listing.
    let prose: usize = seg
        .blocks
        .iter()
        .filter(|b| !b.hidden && b.heading == 0 && b.chars >= MIN_PROSE_CHARS && b.link_density() < MAX_PROSE_LINK_DENSITY)
        .filter(|b| in_body[b.node] && !out[b.node])
        .map(|b| b.chars)
        .sum();
    if prose >= MAX_BODY_PROSE_FOR_GRID {
        out.fill(false);
    }
    out
}

/// The kind of an item: its tag and first class word.
fn item_key(doc: &Document, k: NodeId) -> Option<(&str, &str)> {
    let e = doc.element(k)?;
    Some((&*e.tag, e.attr("class").and_then(|c| c.split_whitespace().next()).unwrap_or("")))
}

/// The kind of the most numerous items of `id` when it is a grid (see [`grid_chars`]).
fn grid_kind<'d>(doc: &'d Document, st: &Stats, blocks: &[u32], id: NodeId) -> Option<(&'d str, &'d str)> {
    let mut kinds: Vec<((&str, &str), usize, u32)> = Vec::new();
    for &k in doc.children(id) {
        let Some(key) = item_key(doc, k) else { continue };
        if blocks[k] < MIN_ITEM_BLOCKS {
            continue;
        }
        if let Some(kind) = kinds.iter_mut().find(|(kk, _, _)| *kk == key) {
            kind.1 += 1;
            kind.2 += st.chars[k];
        } else if kinds.len() < MAX_CHILD_KINDS {
            kinds.push((key, 1, st.chars[k]));
        }
    }
    kinds.iter().filter(|k| k.1 >= MIN_GRID_ITEMS && k.2 <= MAX_ITEM_CHARS * k.1 as u32).max_by_key(|k| k.2).map(|k| k.0)
}

/// A one-line card names its item and gives a figure: a few words (a size picker's "8oz", a
/// facet's "Motherboards38", a gallery's "Image 1 of 5" are not cards).
const MIN_LINE_CARD_WORDS: usize = 5;

/// The kind of the items of `id` when it is a grid of one-line cards (a name and a price in one
/// box): at least [`MIN_GRID_ITEMS`] children of one kind that are a single short block with a
/// figure each, and no other kind of child as numerous.
fn line_grid_kind<'d>(doc: &'d Document, st: &Stats, blocks: &[u32], figures: &[u32], id: NodeId) -> Option<(&'d str, &'d str)> {
    let mut kinds: Vec<((&str, &str), usize, usize)> = Vec::new();
    for &k in doc.children(id) {
        let Some(key) = item_key(doc, k) else { continue };
        if blocks[k] == 0 {
            continue;
        }
        let card = blocks[k] == 1 && figures[k] == 1 && st.chars[k] <= MAX_ITEM_CHARS;
        if let Some(kind) = kinds.iter_mut().find(|(kk, _, _)| *kk == key) {
            kind.1 += 1;
            kind.2 += usize::from(card);
        } else if kinds.len() < MAX_CHILD_KINDS {
            kinds.push((key, 1, usize::from(card)));
        }
    }
    // Every item of the kind is such a card (a list of links with a date here and there is not).
    kinds.iter().filter(|k| k.2 >= MIN_GRID_ITEMS && k.2 == k.1).max_by_key(|k| k.2).map(|k| k.0)
}

/// The winner and the siblings that belong with it.
fn with_siblings(doc: &Document, st: &Stats, names: &Names, score: &[f32], is_candidate: &[bool], top: NodeId, top_score: f32) -> Vec<NodeId> {

    // Siblings that belong with the winner: well scored, or a real paragraph of their own.
    let threshold = (top_score * 0.2).max(10.0);
    let Some(parent) = doc.parent(top) else { return vec![top] };
    let mut roots = Vec::new();
    for &s in doc.children(parent) {
        if doc.element(s).is_none() || doc.element(s).is_some_and(|e| e.hidden) {
            continue;
        }
        if s == top {
            roots.push(s);
            continue;
        }
        // The box about the writer under the text stays out: joined to the body it could not be
        // a zone.
        if names.container(s).is_some_and(|(word, _)| AUTHOR_BOX_WORDS.contains(&word)) {
            continue;
        }
        let ld = st.link_density(s);
        let s_score = if is_candidate[s] { score[s] * (1.0 - ld) } else { 0.0 };
        let bonus = if class_weight(names, s) > 0.0 && class_weight(names, top) > 0.0 { top_score * 0.2 } else { 0.0 };
        let paragraph = doc.tag(s) == "p" && {
            let len = st.chars[s] as usize;
            let text = doc.text_content(s);
            (len > 80 && ld < 0.25) || (len > 0 && ld == 0.0 && text.trim_end().ends_with('.'))
        };
        if s_score + bonus >= threshold || paragraph {
            roots.push(s);
        }
    }
    roots
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::dom::parse_html;

    /// The element whose `id` is `want` (the fixture has one).
    fn element_with_id(doc: &Document, want: &str) -> NodeId {
        doc.ids().find(|&i| doc.element(i).is_some_and(|e| e.attr("id") == Some(want))).unwrap()
    }

    #[test]
    fn star_ratings_are_a_number_out_of_five() {
        assert!(names_star_rating("4.5 out of 5 stars"));
        assert!(names_star_rating("Rated 4 out of 5"));
        assert!(!names_star_rating("one out of 5 readers"));
        assert!(!names_star_rating("12 out of 50"));
    }

    #[test]
    fn a_named_list_of_rated_reviews_is_found() {
        let review = |n: u32| format!("<li><span>{n} out of 5 stars</span><p>{}</p></li>", "Fits well and sounds clear. ".repeat(4));
        let cards = |n: u32| format!("<li><span>{n} out of 5 stars</span><a href=/p>{}</a></li>", "A product name ".repeat(8));
        let list = |item: &dyn Fn(u32) -> String| format!(r#"<ul class="review-list">{}{}{}</ul>"#, item(5), item(4), item(3));
        let found = |html: &str| {
            let doc = parse_html(html).unwrap();
            let seg = crate::classify::blocks::segment(&doc);
            let rated = rated_reviews(&doc, &seg, &Names::read(&doc));
            doc.ids().any(|i| doc.tag(i) == "ul" && rated[i])
        };
        assert!(found(&list(&review)));
        assert!(!found(&list(&cards)), "product cards hold no paragraph of their own");
        assert!(!found(&list(&review).replace("review-list", "items")), "the container is named for reviews");
    }

    #[test]
    fn a_sectioned_document_is_read_whole() {
        let doc = parse_html(
            r#"<div id="doc"><div class="sect"><span id="a1"></span><h2>Name</h2><p>x</p></div><div class="sect" id="long"><h2>Options</h2><p>y</p></div><div class="sect"><h2>Examples</h2><p>z</p></div><div class="refs"><h2>See also</h2></div></div>"#,
        )
        .unwrap();
        let by_id = |want: &str| element_with_id(&doc, want);
        let roots = whole_sectioned_document(&doc, vec![by_id("long")]);
        assert_eq!(roots.len(), 3, "the three sections of one kind, not the references");
        assert!(roots.contains(&by_id("long")));
    }

    #[test]
    fn a_nested_outline_is_read_whole() {
        let doc = parse_html(
            r#"<div class="body"><div class="section" id="top"><h1>Guide</h1><p>intro</p><div class="section" id="mid"><h2>Usage</h2><p id="intro">x</p><div class="section" id="low"><h3>Options</h3><p>y</p></div></div></div></div>"#,
        )
        .unwrap();
        let by_id = |want: &str| element_with_id(&doc, want);
        let outline = |roots: &[&str]| whole_outline(&doc, roots.iter().map(|r| by_id(r)).collect());
        assert_eq!(outline(&["low"]), vec![by_id("top")], "up to the outline's top");
        assert_eq!(outline(&["intro", "low"]), vec![by_id("top")], "with the paragraph above the subsection");
        assert_eq!(outline(&["top"]), vec![by_id("top")], "not into the page around it");
        assert_eq!(outline(&["mid", "low"]), vec![by_id("mid"), by_id("low")], "sections of two levels");
    }

    #[test]
    fn the_small_print_is_no_body() {
        let notes = "Based on internal data for paid plans in select countries; terms apply. ".repeat(6);
        let html = format!(
            r#"<body><div id="copy"><h1>Email marketing</h1><p>Send campaigns, grow your audience, sell more.</p></div><div id="notes"><p>*Disclaimers</p><ol><li>{notes}</li><li>{notes}</li></ol></div></body>"#
        );
        let doc = parse_html(&html).unwrap();
        let seg = crate::classify::blocks::segment(&doc);
        let fine_print = small_print(&doc, &seg);
        let by_id = |want: &str| element_with_id(&doc, want);
        assert!(fine_print[by_id("notes")] && fine_print[doc.subtree_end(by_id("notes")) - 1], "the notes' box");
        assert!(!fine_print[by_id("copy")], "not the copy");
    }

    /// What [`whole_landing_page`] makes of a body found at `body_id`, beside the elements with
    /// the `want` ids.
    fn landing_page_roots(html: &str, body_id: &str, want: &[&str]) -> (Vec<NodeId>, Vec<NodeId>) {
        let doc = parse_html(html).unwrap();
        let seg = crate::classify::blocks::segment(&doc);
        let st = crate::classify::stats(&doc, &seg);
        let names = Names::read(&doc);
        let roots = whole_landing_page(&doc, &st, &names, vec![element_with_id(&doc, body_id)]);
        (roots, want.iter().map(|w| element_with_id(&doc, w)).collect())
    }

    #[test]
    fn a_landing_page_is_read_whole() {
        let long = "Plenty of words about what the service does for its customers. ".repeat(4);
        let html = format!(
            r#"<main><section id="hero"><h1>Fast hosting</h1><p>Deploy in seconds, scale to millions of users.</p></section><section id="features"><h2>Features</h2><p>{long}</p></section><section id="quotes"><p>"It just works." Jane, CTO at Example</p></section><section class="related-posts"><h2>From the blog</h2><p>A post</p></section></main>"#
        );
        let (roots, want) = landing_page_roots(&html, "features", &["hero", "features", "quotes"]);
        assert_eq!(roots, want, "every section but the one named clutter");
    }

    #[test]
    fn a_landing_page_of_divs_is_read_whole() {
        let long = "Plenty of words about what the service does for its customers. ".repeat(4);
        let menu = (0..8).map(|i| format!("<a href=/p{i}>Product number {i}</a>")).collect::<String>();
        let html = format!(
            r#"<body><div id="page"><div id="hero"><h1>Fast hosting</h1><p>Deploy in seconds.</p></div><div id="features"><h2>Features</h2><p>{long}</p></div><div id="quotes"><h2>Customers</h2><p>"It just works." Jane</p></div><div id="menu"><h2>Products</h2>{menu}</div><div id="signup"><h2>Sign up</h2><form><input></form></div><div id="more"><h2>Related items to explore</h2><p>Other things</p></div></div></body>"#
        );
        let (roots, want) = landing_page_roots(&html, "features", &["hero", "features", "quotes"]);
        assert_eq!(roots, want, "not the menu, the form or the related items");
    }

    #[test]
    fn the_page_footer_is_outside_any_article() {
        let doc = parse_html(
            r#"<main><p id="a">x</p><footer><p id="b">y</p></footer></main><footer><p id="c">z</p></footer><div role="contentinfo"><p id="d">w</p></div>"#,
        )
        .unwrap();
        let footer = page_footer(&doc);
        let by_id = |want: &str| element_with_id(&doc, want);
        assert!(!footer[by_id("a")]);
        assert!(!footer[by_id("b")], "an article's own footer is part of it");
        assert!(footer[by_id("c")]);
        assert!(footer[by_id("d")]);
    }

    #[test]
    fn the_masthead_is_outside_any_article() {
        let doc = parse_html(
            r#"<header><p id="a">x</p></header><article><header><p id="b">y</p></header><nav><p id="c">z</p></nav></article><div role="banner"><p id="d">w</p></div><p id="e">v</p>"#,
        )
        .unwrap();
        let masthead = page_masthead(&doc);
        let by_id = |want: &str| element_with_id(&doc, want);
        assert!(masthead[by_id("a")]);
        assert!(!masthead[by_id("b")], "an article's own header is part of it");
        assert!(masthead[by_id("c")], "a menu is a menu wherever it sits");
        assert!(masthead[by_id("d")]);
        assert!(!masthead[by_id("e")]);
    }
}
