//! Clutter zones: containers that say what they are.
//!
//! A zone comes from the element's tag (`nav`, `footer`, `aside`, a page-level `header`), its ARIA
//! role, the words of its class and id (`related-posts`, `share-bar`, `ad-slot`), or a section
//! heading inside it that names clutter ("Most Popular", "Featured Resources"). Every node
//! inherits the innermost zone around it. Two guards keep the article safe: a container that
//! holds the article body is never a zone, and inside the body only a container that holds
//! little of its prose can be one (a share bar, an inline ad, a "Related" box); a consent box
//! or a dialog is one wherever it sits. Page kind matters in two places: on a page that declares
//! a product its customer reviews are a zone and its "Similar items" grids are zones however much
//! of the body they fill, and comment or teaser zones that fill the body of a thread or a listing
//! (never a product page) are its content.

use crate::lexicon::{
    find_phrase, has_phrase, legal_notice_heading, words_of_name, words_of_text, AFFILIATE_DISCLOSURE_PHRASES,
    BARE_REQUESTS, CHROME_ROLES, DISCLOSURE_KEYWORDS, FACET_HEADINGS, HEADING_CLASS_PARTS, LOGIN_PROMPT_PHRASES,
    MAX_DISCLOSURE_CHARS, MAX_HEADING_CHARS, MAX_LOGIN_PROMPT_CHARS, MAX_NEWSLETTER_BLURB_CHARS,
    MAX_PRICE_BUTTON_CHARS, MAX_QUOTE_ATTRIBUTION_CHARS, MAX_RELATED_TEASER_CHARS, MAX_SHARE_LINE_CHARS,
    MAX_SHARE_TITLE_CHARS, MAX_SHOP_PERK_CHARS, NEWSLETTER_BLURB_PHRASES, OVERLAY_ROLES, PRICE_BUTTON_OPENERS,
    PhraseIndex, QUOTE_ATTRIBUTION_OPENERS, QUOTE_ATTRIBUTION_VERBS, QUOTE_CLASS_PART, RELATED_TEASER_OPENERS,
    SECTION_HEADINGS, SHARE_LINE_PHRASES, SHOP_PERK_PHRASES, SubstringSet
};
use super::blocks::Segmentation;
use crate::label::Label;
use super::names::Names;
use super::region::is_side_sheet;
use super::Stats;
use crate::dom::{Document, NodeId};
use super::reason::Evidence;
use crate::page_kind::PageKind;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Zone {
    pub(crate) label: Label,
    pub(crate) confidence: f32,
    /// Why, e.g. `tag:nav`, `role:navigation`, `class:related`, `heading:most popular`.
    pub(crate) reason: Evidence,
}

/// The clutter zone of every node, by node id (`zones[id]`). A page has a few distinct zones,
/// each over many nodes: a node holds the place of its zone in a short list, four bytes, where
/// an `Option<Zone>` is 32 (a page of 2,000,000 tiny elements held two such arrays at once).
pub(crate) struct Zones {
    /// By node id, the place of its zone in `distinct`.
    of: Vec<u32>,
    /// The page's distinct zones, `None` first.
    distinct: Vec<Option<Zone>>,
}

impl Zones {
    /// No zone on any of `n` nodes.
    pub(crate) fn none(n: usize) -> Zones {
        Zones { of: vec![0; n], distinct: vec![None] }
    }
    pub(crate) fn len(&self) -> usize {
        self.of.len()
    }
    fn set(&mut self, id: NodeId, zone: Option<Zone>) {
        let place = match self.distinct.iter().position(|&z| z == zone) {
            Some(p) => p,
            None => {
                self.distinct.push(zone);
                self.distinct.len() - 1
            }
        };
        self.of[id] = place as u32;
    }
    /// Gives `id` the zone of `from`.
    fn copy(&mut self, id: NodeId, from: NodeId) {
        self.of[id] = self.of[from];
    }
    /// Takes the zone off every node of `ids` whose zone `drop` picks.
    fn clear(&mut self, ids: std::ops::Range<NodeId>, mut drop: impl FnMut(NodeId, &Zone) -> bool) {
        for id in ids {
            if self.distinct[self.of[id] as usize].as_ref().is_some_and(|z| drop(id, z)) {
                self.of[id] = 0;
            }
        }
    }
}

impl std::ops::Index<NodeId> for Zones {
    type Output = Option<Zone>;
    fn index(&self, id: NodeId) -> &Option<Zone> {
        &self.distinct[self.of[id] as usize]
    }
}

/// Inside the body, a zone may hold at most this share of the body's text.
const MAX_ZONE_SHARE_IN_MAIN: f32 = 0.3;
/// A section a clutter heading names holds at most this much text (a whole page column is not
/// one "Most Popular" box).
const MAX_SECTION_CHARS: u32 = 5000;

/// A form with more plain (unlinked) text than this is a page wrapper, not a widget.
const MAX_FORM_PROSE_CHARS: u32 = 200;

/// A box whose class or id reads as navigation but holds this much prose, prose being most of
/// its plain (unlinked) text, is not a menu: a landing page's feature sections under a
/// scroll-spy menu (`lm_navSource`). Prose is text in blocks of sentences ([`is_prose_block`]):
/// a mega menu's item blurbs and a review filter's language list are not.
const MIN_NAV_PROSE_CHARS: u32 = 500;
const MIN_NAV_PROSE_SHARE: f32 = 0.5;
/// A block of prose is at least this long, and at most [`MAX_PROSE_LINK_SHARE`] of it linked.
const MIN_PROSE_BLOCK_CHARS: usize = 80;
const MAX_PROSE_LINK_SHARE: f32 = 0.2;

/// A block of prose: long enough, hardly linked, and ending a sentence in it or at its end.
fn is_prose_block(b: &super::blocks::Block) -> bool {
    b.chars >= MIN_PROSE_BLOCK_CHARS
        && b.link_density() <= MAX_PROSE_LINK_SHARE
        && (b.text.contains(". ") || b.text.ends_with(['.', '!', '?']))
}

/// The zone each node lies in, by node id, and whether the page is a thread (its posts named as
/// comments are its content; see [`discussion_is_content`]).
/// `kind`: what the page declares it is ([`PageKind`]); `rated_reviews`: per node, whether it
/// lies in a list of rated customer reviews (`region::rated_reviews`).
pub(crate) fn clutter_zones(
    doc: &Document,
    seg: &Segmentation,
    st: &Stats,
    names: &Names,
    main: &[NodeId],
    kind: PageKind,
    rated_reviews: &[bool],
) -> (Zones, bool) {
    let product_page = kind.product;
    let n = doc.len();
    // Ancestors of the body (and the body roots themselves) can never be zones.
    let mut holds_main = vec![false; n];
    let mut in_main = vec![false; n];
    for &m in main {
        holds_main[m] = true;
        for a in doc.ancestors(m) {
            holds_main[a] = true;
        }
        for flag in &mut in_main[m..doc.subtree_end(m)] {
            *flag = true;
        }
    }
    let main_chars: u32 = main.iter().map(|&m| st.chars[m]).sum();
    let main_plain: u32 = main.iter().map(|&m| st.chars[m] - st.link_chars[m]).sum();
    let allowed = |id: NodeId| -> bool {
        if holds_main[id] {
            return false;
        }
        if in_main[id] {
            let plain = st.chars[id] - st.link_chars[id];
            return (plain as f32) <= MAX_ZONE_SHARE_IN_MAIN * main_chars as f32;
        }
        true
    };
    // A cookie-consent box or a dialog laid over the page is never the article, however much of
    // a widened body it fills (consent managers inject their purposes and partner lists into the
    // page body; product pages ship privacy-policy and sign-up modals).
    let never_the_article = |id: NodeId, z: &Option<Zone>| -> bool {
        !holds_main[id]
            && z.as_ref().is_some_and(|z| {
                (z.label == Label::Consent && matches!(z.reason, Evidence::Class(_)))
                    || matches!(z.reason, Evidence::Role(r) if OVERLAY_ROLES.contains(&r))
            })
    };

    // Characters of prose in each subtree (see [`MIN_NAV_PROSE_CHARS`]).
    let mut prose_chars = vec![0u32; n];
    for b in seg.blocks.iter().filter(|b| !b.hidden && is_prose_block(b)) {
        prose_chars[b.node] += b.chars as u32;
    }
    for id in (1..n).rev() {
        if let Some(p) = doc.parent(id) {
            prose_chars[p] += prose_chars[id];
        }
    }

    let mut own = Zones::none(n);
    let mut inside_article = vec![false; n];
    for id in doc.ids() {
        let Some(e) = doc.element(id) else { continue };
        let parent = doc.parent(id).unwrap_or(Document::ROOT);
        inside_article[id] = inside_article[parent] || e.is("article") || e.is("main");
        let plain = st.chars[id] - st.link_chars[id];
        let mut z = element_zone(doc, names, id, inside_article[parent], plain);
        let prose = prose_chars[id] >= MIN_NAV_PROSE_CHARS && prose_chars[id] as f32 >= MIN_NAV_PROSE_SHARE * plain as f32;
        if prose && z.is_some_and(|z| z.label == Label::Navigation && matches!(z.reason, Evidence::Class(_))) {
            z = None;
        }
        // A landing page's rated reviews are its testimonials, part of what it says.
        if z.is_none() && ((product_page && names.reviews(id)) || (rated_reviews[id] && !kind.landing)) {
            z = Some(Zone { label: Label::Comments, confidence: 0.75, reason: REVIEWS_EVIDENCE });
        }
        if allowed(id) || never_the_article(id, &z) {
            own.set(id, z);
        }
    }

    // Section headings name the box they open.
    for b in seg.blocks.iter().filter(|b| !b.hidden && b.chars <= MAX_HEADING_CHARS) {
        let heading = b.heading > 0 || is_heading_like(doc, b.node) || in_heading(doc, b.node);
        let legal = heading || st.chars[b.node] as usize == b.chars;
        if !legal {
            continue;
        }
        let words = b.text_words();
        // Only a heading that is (almost) just the phrase: "Related" yes, "Related work on X" no.
        let near = |&(phrase, _): &(&str, Label)| words.split(' ').count() <= phrase.split(' ').count() + 2;
        let found = if heading { find_phrase(&words, SECTION_HEADINGS).filter(near).or_else(|| facet_heading(&words)) } else { None };
        let small_print = if found.is_none() && legal { legal_notice_heading(&words).map(|p| (p, Label::Footer)) } else { None };
        let Some((phrase, label)) = found.or(small_print) else {
            continue;
        };
        let zone = Zone { label, confidence: 0.85, reason: Evidence::Heading(phrase) };
        // A product page's "Similar items" grid is never its description, however much of a
        // widened body it fills (a two-line description above forty product cards).
        let grid = product_page && label == Label::Related;
        // Nor is the small print, however much longer than the copy it annotates.
        let unbounded = grid || small_print.is_some();
        for root in section_of(doc, seg, st, b.node, &holds_main) {
            // A heading says more than a bare `aside`: "Most read" in a side rail is a popular list.
            if (allowed(root) || (unbounded && !holds_main[root])) && own[root].is_none_or(|z| z.label == Label::Other) {
                own.set(root, Some(zone));
            }
        }
    }

    // A block that is an affiliate disclosure is a zone of its own, wherever it sits.
    for b in seg.blocks.iter().filter(|b| !b.hidden) {
        if own[b.node].is_none() && allowed(b.node) && is_affiliate_disclosure(&b.text) {
            own.set(b.node, Some(Zone { label: Label::Ad, confidence: 0.75, reason: Evidence::Wording("affiliate disclosure") }));
        }
    }

    // Likewise a short sign-up blurb, share line, log-in prompt or bare request, unless it sits
    // in a zone already (a "Subscribe" item of the site menu is part of the menu).
    let zoned_above = |own: &Zones, id: NodeId| {
        let mut p = doc.parent(id);
        while let Some(q) = p {
            if own[q].is_some() {
                return true;
            }
            p = doc.parent(q);
        }
        false
    };
    // The longest block any of these wordings fits in.
    let longest = [MAX_NEWSLETTER_BLURB_CHARS, MAX_SHARE_TITLE_CHARS, MAX_LOGIN_PROMPT_CHARS, MAX_RELATED_TEASER_CHARS]
        .into_iter()
        .max()
        .unwrap_or(0);
    for b in seg.blocks.iter().filter(|b| !b.hidden && b.chars <= longest) {
        if own[b.node].is_some() || !allowed(b.node) || zoned_above(&own, b.node) {
            continue;
        }
        let bare = || {
            let words = b.text_words();
            BARE_REQUESTS.iter().find(|(p, _)| *p == words).map(|&(_, l)| (l, "bare request"))
        };
        // Only a block that is its whole element: a box that holds more than the button is not one.
        let heading = b.heading > 0 || is_heading_like(doc, b.node) || st.chars[b.node] as usize > b.chars;
        let found = wording_zone(&b.text)
            // A price button too must be its whole element (a product card may open with its name).
            .filter(|&(_, word)| !(word == "price button" && heading))
            .or_else(|| {
                // The offer's box may hold a short line more ("within 30 days", a details link).
                let short_box = st.chars[b.node] as usize <= MAX_SHOP_PERK_CHARS;
                (product_page && b.heading == 0 && short_box && is_shop_perk(&b.text)).then_some((Label::Promo, "shop perk"))
            })
            .or_else(|| if heading { None } else { bare() })
            .or_else(|| related_teaser(b).then_some((Label::Related, "related teaser")));
        if let Some((label, word)) = found {
            own.set(b.node, Some(Zone { label, confidence: 0.75, reason: Evidence::Wording(word) }));
        }
    }

    for root in quoted_posts(doc, seg) {
        if own[root].is_none() && allowed(root) {
            own.set(root, Some(Zone { label: Label::Other, confidence: 0.75, reason: QUOTATION_EVIDENCE }));
        }
    }

    // A field dump can be the page's longest text (and so its body): each of its rows is a zone.
    for dump in field_dumps(doc, seg) {
        for &row in doc.children(dump) {
            if own[row].is_none() && !holds_main[row] && doc.element(row).is_some() {
                own.set(row, Some(Zone { label: Label::Other, confidence: 0.8, reason: FIELD_DUMP_EVIDENCE }));
            }
        }
    }

    let thread = discussion_is_content(doc, st, &in_main, (main_chars, main_plain), kind, &mut own);
    // A product page lists other products in its "Similar items" grids, never as its content.
    if !product_page {
        listing_is_content(doc, st, &in_main, main_chars, &mut own);
        offer_cards_are_content(doc, seg, &in_main, &mut own);
    }

    // Inherit: the innermost zone wins. In place (a parent comes before its children, so its
    // entry is already the inherited one): a second array of zones, one per node, is what made
    // the peak memory of a page of 2,000,000 tiny elements.
    drop((holds_main, in_main, prose_chars, inside_article));
    let mut zone = own;
    for id in doc.ids() {
        let Some(p) = doc.parent(id) else { continue };
        let inherited = zone[p];
        let inherit = match zone[id] {
            // A bare form (a search box) inside the site header is part of the header.
            Some(z) if z.reason == Evidence::Tag("form") && inherited.is_some() => true,
            // Likewise a generic box (a dialog, an aside) inside a named one (a consent banner,
            // a newsletter panel) is that named thing.
            Some(z) if z.label == Label::Other && inherited.is_some_and(|i| i.label != Label::Other) => true,
            Some(_) => false,
            None => true,
        };
        if inherit {
            zone.copy(id, p);
        }
    }
    (zone, thread)
}

/// Is this block an affiliate disclosure ("This post contains affiliate links...")?
pub(crate) fn is_affiliate_disclosure(text: &str) -> bool {
    thread_local! {
        static KEYWORDS: SubstringSet = SubstringSet::new(DISCLOSURE_KEYWORDS);
    }
    if text.len() > 4 * MAX_DISCLOSURE_CHARS
        || text.chars().nth(MAX_DISCLOSURE_CHARS).is_some()
        || !KEYWORDS.with(|k| k.any(text))
    {
        return false;
    }
    let w = words_of_text(text);
    AFFILIATE_DISCLOSURE_PHRASES.iter().any(|p| has_phrase(&w, p))
}

/// Is this short line one of a shop's standing offers ("Free shipping on orders over $75")?
fn is_shop_perk(text: &str) -> bool {
    thread_local! {
        static INDEX: PhraseIndex = PhraseIndex::new(SHOP_PERK_PHRASES.iter().copied());
    }
    if text.len() > 4 * MAX_SHOP_PERK_CHARS || text.chars().nth(MAX_SHOP_PERK_CHARS).is_some() {
        return false;
    }
    let w = words_of_text(text);
    INDEX.with(|index| index.find(&w, |_| true)).is_some()
}

/// The requests [`wording_zone`] looks for: wording, longest block, label and reason.
const WORDING_TABLES: [(&[&str], usize, Label, &str); 3] = [
    (NEWSLETTER_BLURB_PHRASES, MAX_NEWSLETTER_BLURB_CHARS, Label::Newsletter, "sign-up blurb"),
    (SHARE_LINE_PHRASES, MAX_SHARE_LINE_CHARS, Label::Share, "share line"),
    (LOGIN_PROMPT_PHRASES, MAX_LOGIN_PROMPT_CHARS, Label::CallToAction, "log-in prompt"),
];

/// Is this short block a request to the reader (a sign-up blurb, a share line, a log-in prompt)?
pub(crate) fn wording_zone(text: &str) -> Option<(Label, &'static str)> {
    thread_local! {
        // Each table indexed by first word (this runs on every short block).
        static INDEXES: Vec<PhraseIndex> = WORDING_TABLES.iter().map(|t| PhraseIndex::new(t.0.iter().copied())).collect();
    }
    // Characters counted once, for the blocks short enough in bytes to be counted at all.
    let mut chars = None;
    let mut short = |max: usize| text.len() <= 4 * max && *chars.get_or_insert_with(|| text.chars().count()) <= max;
    let mut w = None;
    for (k, (phrases, max, label, word)) in WORDING_TABLES.into_iter().enumerate() {
        if !short(max) {
            continue;
        }
        let words = w.get_or_insert_with(|| words_of_text(text));
        // (An empty phrase never occurs, as with `has_phrase`.)
        if INDEXES.with(|indexes| indexes[k].find(words, |i| !phrases[i].is_empty()).is_some()) {
            return Some((label, word));
        }
    }
    // "Check price at <shop>"
    if short(MAX_PRICE_BUTTON_CHARS) {
        let words = w.get_or_insert_with(|| words_of_text(text));
        let opens = |p: &&str| words.strip_prefix(*p).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '));
        if PRICE_BUTTON_OPENERS.iter().any(opens) {
            return Some((Label::CallToAction, "price button"));
        }
    }
    // "Share this event: <its title>"
    if short(MAX_SHARE_TITLE_CHARS) {
        let words = w.get_or_insert_with(|| words_of_text(text));
        let opens = |p: &&str| words.strip_prefix(*p).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '));
        if SHARE_LINE_PHRASES.iter().any(opens) {
            return Some((Label::Share, "share line"));
        }
    }
    None
}

/// Is this block a link to another story that opens with a related-reading phrase and a colon
/// ("You might also like: The Challenges of ...")?
fn related_teaser(b: &super::blocks::Block) -> bool {
    if b.chars > MAX_RELATED_TEASER_CHARS || b.link_density() < 0.5 {
        return false;
    }
    let Some((head, _)) = b.text.split_once(':') else { return false };
    let words = words_of_text(head);
    RELATED_TEASER_OPENERS.contains(&words.as_str())
}

/// Why a template's dump of its data fields is a zone.
const FIELD_DUMP_EVIDENCE: Evidence = Evidence::Wording("field names");
/// A field dump names at least this many fields, and field names are at least half its terms.
const MIN_DUMPED_FIELDS: usize = 3;

/// Definition lists a template prints from its data fields rather than for the reader: the terms
/// are the fields' machine names (`retail_price_tier1:`, `cat_thumb_Navy:`), the details raw
/// values (prices glued to tier labels, image addresses).
fn field_dumps(doc: &Document, seg: &Segmentation) -> Vec<NodeId> {
    let term_text = |id: NodeId| seg.block_of(id).map(|b| seg.blocks[b].text.as_str());
    let mut out = Vec::new();
    for id in doc.ids().filter(|&id| doc.tag(id) == "dl") {
        let terms: Vec<&str> = doc.children(id).iter().filter(|&&k| doc.tag(k) == "dt").filter_map(|&k| term_text(k)).collect();
        let fields = terms.iter().filter(|t| is_field_name(t)).count();
        if fields >= MIN_DUMPED_FIELDS && 2 * fields >= terms.len() {
            out.push(id);
        }
    }
    out
}

/// A machine field name: its first word joins ASCII words with underscores (`short_description:`).
fn is_field_name(term: &str) -> bool {
    let first = term.trim().trim_end_matches(':').split_whitespace().next().unwrap_or("");
    first.contains('_')
        && !first.starts_with('_')
        && first.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// Why a quoted earlier post is a zone.
const QUOTATION_EVIDENCE: Evidence = Evidence::Quotation("quoted post");
/// How far above its attribution line a quoted post's container may sit.
const MAX_QUOTE_ATTRIBUTION_DEPTH: usize = 3;

/// The quotations of earlier posts in a forum thread's replies: each reply that answers a post
/// repeats it (or part of it) in a box its software names `quote` (`bbCodeBlock--quote`,
/// `ipsQuote`, `quotebox`, `aside.quote`), opened by an attribution line ("Jane said:", "Quote from:
/// Jane", "Originally Posted by Jane", Discourse's bare "jane:"). The reader has read the post
/// already; the thread's text is what each reply adds. The attribution must open the box: a
/// quote box without one is the writer's own pull quote or citation, part of the text. The box is
/// the nearest quote-named element at or above the attribution; when the attribution is a
/// quote-named element of its own (`quotetitle`), the quote-named siblings after it
/// (`quotecontent`) too.
fn quoted_posts(doc: &Document, seg: &Segmentation) -> Vec<NodeId> {
    let mut roots = Vec::new();
    for b in seg.blocks.iter().filter(|b| !b.hidden && b.chars <= MAX_QUOTE_ATTRIBUTION_CHARS) {
        let Some(attribution) = quote_attribution(&b.text) else { continue };
        let container = std::iter::once(b.node)
            .chain(doc.ancestors(b.node))
            .take(MAX_QUOTE_ATTRIBUTION_DEPTH + 1)
            .find(|&id| quote_name(doc, id).is_some_and(|by_class| by_class || attribution == Attribution::Said));
        let Some(c) = container else { continue };
        // The attribution opens the box: no visible block before it inside.
        if (c..b.node).any(|i| seg.block_of(i).is_some_and(|k| !seg.blocks[k].hidden)) {
            continue;
        }
        roots.push(c);
        if c == b.node {
            let Some(parent) = doc.parent(c) else { continue };
            let sibs = doc.children(parent);
            let after = sibs.iter().position(|&s| s == c).map_or(&[][..], |k| &sibs[k + 1..]);
            let quoted = after.iter().copied().filter(|&s| doc.element(s).is_some());
            roots.extend(quoted.take_while(|&s| quote_name(doc, s) == Some(true)));
        }
    }
    roots
}

/// How an element names a quote: `Some(true)` by its class (`ipsQuote`, `quotebox`,
/// `bbcode_quote`), `Some(false)` by its tag alone (`blockquote`).
fn quote_name(doc: &Document, id: NodeId) -> Option<bool> {
    let e = doc.element(id)?;
    if e.attr("class").is_some_and(|c| c.to_ascii_lowercase().contains(QUOTE_CLASS_PART)) {
        Some(true)
    } else {
        e.is("blockquote").then_some(false)
    }
}

/// The kinds of attribution line that open a quoted post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribution {
    /// "Jane said:", "15 hours ago, Jane said:", "Quote from: Jane on 3 May",
    /// "Quote Originally Posted by Jane": says it quotes.
    Said,
    /// Discourse's bare "jane:": a quote only in a box named so.
    Name,
}

fn quote_attribution(text: &str) -> Option<Attribution> {
    thread_local! {
        // The openers' first words, looked for in one pass.
        static OPENER_WORDS: SubstringSet =
            SubstringSet::new(&QUOTE_ATTRIBUTION_OPENERS.iter().map(|p| p.split(' ').next().unwrap_or(p)).collect::<Vec<_>>());
    }
    let colon = text.trim_end().ends_with(':');
    // Most short blocks are neither: skip the normalising copy for them.
    if !colon && !OPENER_WORDS.with(|words| words.any(text)) {
        return None;
    }
    let w = words_of_text(text);
    let opens = |p: &&str| w.strip_prefix(*p).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '));
    let ends = |p: &&str| w.strip_suffix(*p).is_some_and(|rest| rest.is_empty() || rest.ends_with(' '));
    if (colon && QUOTE_ATTRIBUTION_VERBS.iter().any(ends)) || QUOTE_ATTRIBUTION_OPENERS.iter().any(opens) {
        Some(Attribution::Said)
    } else if colon && !w.is_empty() && !w.contains(' ') {
        Some(Attribution::Name)
    } else {
        None
    }
}

/// Why a product page's customer-reviews container is a zone (kept out of the thread rule).
const REVIEWS_EVIDENCE: Evidence = Evidence::Class("reviews");

/// Comments inside the body holding more than this share of its text are the body: a thread.
const MAX_COMMENT_SHARE_OF_BODY: f32 = 0.75;
/// On a page that declares itself an article, the body less its comments holds at least this
/// much text when the body scorer found the article: as much as a page needs to be offered in
/// reader view (less is a heading and a comment count over the discussion).
const MIN_ARTICLE_BODY_CHARS: u32 = 500;
/// Comments outside the body this many times longer than it make the page a discussion.
const DISCUSSION_TO_BODY_RATIO: f32 = 3.0;

/// On a page that declares itself a discussion ([`PageKind::discussion`]) the replies outside the
/// body are the thread when they hold this share of the body's text (a short question, long answers).
const DECLARED_DISCUSSION_TO_BODY_RATIO: f32 = 0.5;

/// On a page that declares itself a discussion, comments inside the body holding more than this
/// share of its plain (unlinked) text are the replies of the thread (each reply in a box its
/// template names `comment`, the opening post beside them); comments on a Q&A page's answers
/// hold less than half of it.
const DECLARED_COMMENT_SHARE_OF_BODY: f32 = 0.6;

/// On a forum thread or Q&A page the posts are what a reader came for, though templates name
/// them `comment`/`reply`: when comment zones hold most of the page's prose, they are content.
/// Returns whether the page is such a thread (an article with comments under it is not).
fn discussion_is_content(
    doc: &Document,
    st: &Stats,
    in_main: &[bool],
    (main_chars, main_plain): (u32, u32),
    kind: PageKind,
    own: &mut Zones,
) -> bool {
    let discussion_page = kind.discussion;
    // A product's customer reviews stay out however many there are: the page is the product.
    let is_comments = |z: &Option<Zone>| z.is_some_and(|z| z.label == Label::Comments && z.reason != REVIEWS_EVIDENCE);
    let (mut inside, mut outside) = (0u32, 0u32);
    let mut covered = vec![false; own.len()];
    for id in doc.ids() {
        let parent_covered = doc.parent(id).is_some_and(|p| covered[p]);
        covered[id] = parent_covered || is_comments(&own[id]);
        if covered[id] && !parent_covered {
            let plain = st.chars[id] - st.link_chars[id];
            if in_main[id] {
                inside += plain;
            } else {
                outside += plain;
            }
        }
    }
    let body_plain = main_chars.saturating_sub(inside);
    // On a page that declares itself an article its comments are readers', however much more
    // they hold than a short story above them, unless they are all the body found (the story
    // lies where the body scorer did not look): then they are what there is to read.
    let story_found = kind.article && body_plain >= MIN_ARTICLE_BODY_CHARS;
    let thread = ((inside as f32) > MAX_COMMENT_SHARE_OF_BODY * main_chars as f32 && !story_found)
        || ((outside as f32) > DISCUSSION_TO_BODY_RATIO * body_plain.max(1) as f32 && !kind.article)
        || ((outside as f32) > DECLARED_DISCUSSION_TO_BODY_RATIO * body_plain.max(1) as f32 && discussion_page)
        || ((inside as f32) > DECLARED_COMMENT_SHARE_OF_BODY * main_plain as f32 && discussion_page);
    if thread {
        own.clear(doc.ids(), |_, &z| is_comments(&Some(z)));
    }
    thread
}

/// Teaser zones of one name inside the body holding more than this share of its text are the
/// body: the page is a listing of them.
const MAX_TEASER_SHARE_OF_BODY: f32 = 0.5;

/// On a listing page (a news section front, a tag page, a catalogue) the body is a run of
/// teasers, each in a container its template names `teaser` or `card-related` (or for a variant
/// of the card: the ad slot it can hold, `hide-read-more-ad`, the subscription a product card
/// offers, `subscription-eligible`): each alone holds little of the body, so each became a zone.
/// When containers of one name fill most of the body they are what the page lists, not a box
/// beside the article. A card's text is mostly its linked headline, so all of it counts.
fn listing_is_content(doc: &Document, st: &Stats, in_main: &[bool], main_chars: u32, own: &mut Zones) {
    let is_teaser = |z: &Zone| matches!(z.label, Label::Related | Label::PopularList | Label::Ad | Label::Newsletter);
    // FxHashMap like every other map of the crate: std's SipHash hasher is code of its own in the
    // wasm, and nothing here iterates the map, so its order cannot reach the output.
    let mut held: rustc_hash::FxHashMap<Evidence, u32> = Default::default();
    let mut covered = vec![false; own.len()];
    for id in doc.ids() {
        let parent_covered = doc.parent(id).is_some_and(|p| covered[p]);
        let here = own[id].as_ref().filter(|z| in_main[id] && is_teaser(z));
        covered[id] = parent_covered || here.is_some();
        if let (Some(z), false) = (here, parent_covered) {
            *held.entry(z.reason).or_default() += st.chars[id];
        }
    }
    own.clear(doc.ids(), |id, z| {
        in_main[id] && is_teaser(z) && held.get(&z.reason).is_some_and(|&h| h as f32 > MAX_TEASER_SHARE_OF_BODY * main_chars as f32)
    });
}

/// A promotion or call-to-action box comes alone, or a row of three (an article's cross-sell
/// cards); this many boxes of one class in a row are a grid of the page's own offerings.
const MIN_OFFER_CARDS: usize = 4;

/// A service page lays out what it offers as cards its template names `promo` or `cta` (each
/// links to the service it describes: `cmp-promo`, `cmp-cta__standard`): one such box in the body
/// stands beside the text, and an article's boxes come between its paragraphs, but
/// [`MIN_OFFER_CARDS`] boxes of one class in a row, nothing to read between them, are the page's
/// list of services: its content.
fn offer_cards_are_content(doc: &Document, seg: &Segmentation, in_main: &[bool], own: &mut Zones) {
    let is_offer = |z: &Option<Zone>| z.is_some_and(|z| matches!(z.reason, Evidence::Class(_)) && matches!(z.label, Label::Promo | Label::CallToAction));
    let class = |id: NodeId| doc.element(id).and_then(|e| e.attr("class")).unwrap_or("");
    let visible_block = |id: NodeId| seg.block_of(id).is_some_and(|b| !seg.blocks[b].hidden);
    // Outermost offer boxes in the body, in document order, cut into runs of one class with no
    // visible block between two boxes.
    let mut run: Vec<NodeId> = Vec::new();
    // A card's parts may be named so too (`cmp-promo__content`): the whole card is content.
    let flush = |run: &mut Vec<NodeId>, own: &mut Zones| {
        if run.len() >= MIN_OFFER_CARDS {
            for &c in run.iter() {
                own.clear(c..doc.subtree_end(c), |_, &z| is_offer(&Some(z)));
            }
        }
        run.clear();
    };
    let mut id = 0;
    while id < doc.len() {
        if !(in_main[id] && is_offer(&own[id])) {
            id += 1;
            continue;
        }
        if let Some(&last) = run.last() {
            let apart = (doc.subtree_end(last)..id).any(visible_block);
            if apart || class(last) != class(id) {
                flush(&mut run, own);
            }
        }
        run.push(id);
        id = doc.subtree_end(id);
    }
    flush(&mut run, own);
}

/// A catalogue's filter panel heading ("Filters", "Filters (2)", "Sort by"): the heading is the
/// whole phrase, counts aside ("Coffee filters" is a category).
fn facet_heading(words: &str) -> Option<(&'static str, Label)> {
    let bare: Vec<&str> = words.split(' ').filter(|w| !w.chars().all(|c| c.is_ascii_digit())).collect();
    let bare = bare.join(" ");
    FACET_HEADINGS.iter().find(|p| **p == bare).map(|&p| (p, Label::Navigation))
}

/// How far up a heading element is looked for from a block: frameworks put a heading's words in
/// `div`s of their own (`<h2><div>Complete the look</div><div>Outfit inspiration</div></h2>`).
const MAX_HEADING_WRAP_DEPTH: usize = 2;

/// Whether the block element `id` lies in a heading element (see [`MAX_HEADING_WRAP_DEPTH`]).
fn in_heading(doc: &Document, id: NodeId) -> bool {
    doc.ancestors(id).take(MAX_HEADING_WRAP_DEPTH).any(|a| heading_rank(doc, a).is_some())
}


/// A heading by role, or a short bold/title-classed line that heads a widget.
fn is_heading_like(doc: &Document, id: NodeId) -> bool {
    thread_local! {
        static PARTS: SubstringSet = SubstringSet::new(HEADING_CLASS_PARTS);
    }
    doc.element(id).is_some_and(|e| {
        e.attr("role") == Some("heading")
            || e.attr("class").is_some_and(|c| {
                // The words of a name hold a part only if the name does (case aside): most
                // classes are ruled out without the normalising copy.
                if !PARTS.with(|p| p.any(c)) {
                    return false;
                }
                let w = words_of_name(c);
                HEADING_CLASS_PARTS.iter().any(|p| w.contains(p))
            })
    })
}

fn element_zone(doc: &Document, names: &Names, id: NodeId, inside_article: bool, plain_chars: u32) -> Option<Zone> {
    let e = doc.element(id)?;
    let tag_zone = match &*e.tag {
        "nav" => Some(("nav", Label::Navigation, 0.9)),
        "footer" if !inside_article => Some(("footer", Label::Footer, 0.9)),
        "header" if !inside_article => Some(("header", Label::Navigation, 0.75)),
        "aside" => Some(("aside", Label::Other, 0.7)),
        // Search boxes and sign-up forms; some frameworks wrap whole pages (prose and all) in a form.
        "form" if plain_chars < MAX_FORM_PROSE_CHARS => Some(("form", Label::Other, 0.6)),
        // "Please enable JavaScript"; a long noscript is a crawler view of the page, read as such.
        "noscript" if plain_chars < MAX_FORM_PROSE_CHARS => Some(("noscript", Label::Other, 0.8)),
        _ => None,
    };
    if let Some((tag, label, confidence)) = tag_zone {
        // A more specific name wins over the bare tag (`<aside class="related">`).
        if let Some(z) = name_zone(names, id) {
            return Some(z);
        }
        return Some(Zone { label, confidence, reason: Evidence::Tag(tag) });
    }
    if let Some(role) = e.attr("role") {
        let w = words_of_name(role);
        let sheet = |r: &str| OVERLAY_ROLES.contains(&r) && is_side_sheet(e, inside_article);
        if let Some((r, label)) = find_phrase(&w, CHROME_ROLES).filter(|&(r, _)| !sheet(r)) {
            // A dialog named `cookie-consent` is a consent box: the name is more specific.
            if label == Label::Other {
                if let Some(z) = name_zone(names, id) {
                    return Some(z);
                }
            }
            return Some(Zone { label, confidence: 0.85, reason: Evidence::Role(r) });
        }
    }
    name_zone(names, id)
}

fn name_zone(names: &Names, id: NodeId) -> Option<Zone> {
    let (word, label) = names.container(id)?;
    Some(Zone { label, confidence: 0.75, reason: Evidence::Class(word) })
}

/// The box a section heading opens: climb from the heading while the heading is still the first
/// block of the container and the container is small and does not hold the body; when the
/// heading's own parent holds other blocks before it, take the heading and the siblings after
/// it up to the next heading of the same or a higher rank.
fn section_of(doc: &Document, seg: &Segmentation, st: &Stats, heading: NodeId, holds_main: &[bool]) -> Vec<NodeId> {
    let first_block_in = |c: NodeId| -> Option<NodeId> {
        let end = doc.subtree_end(c);
        (c..end).find(|&i| seg.block_of(i).is_some_and(|b| !seg.blocks[b].hidden))
    };
    let mut cur = heading;
    while let Some(p) = doc.parent(cur) {
        if p == Document::ROOT
            || holds_main[p]
            || matches!(doc.tag(p), "body" | "html")
            || st.chars[p] > MAX_SECTION_CHARS
            || first_block_in(p) != Some(heading)
        {
            break;
        }
        cur = p;
    }
    if cur != heading {
        return vec![cur];
    }
    // Flat layout: heading followed by its list as siblings.
    let rank = heading_rank(doc, heading);
    let mut roots = vec![heading];
    let Some(parent) = doc.parent(heading) else { return roots };
    let sibs = doc.children(parent);
    let start = sibs.iter().position(|&s| s == heading).unwrap_or(sibs.len());
    let mut total = 0;
    for &s in &sibs[start + 1..] {
        if doc.element(s).is_none() {
            continue;
        }
        if holds_main[s] || heading_rank(doc, s).is_some_and(|r| r <= rank.unwrap_or(6)) {
            break;
        }
        total += st.chars[s];
        if total > MAX_SECTION_CHARS {
            break;
        }
        roots.push(s);
    }
    roots
}

fn heading_rank(doc: &Document, id: NodeId) -> Option<u8> {
    match doc.tag(id).as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn requests_to_the_reader_are_short() {
        assert_eq!(wording_zone("Sign up to our weekly newsletter").map(|z| z.0), Some(Label::Newsletter));
        assert_eq!(wording_zone("Share this event: Tech Talk Replay | From Bootcamp to Breakthrough").map(|z| z.0), Some(Label::Share));
        assert_eq!(wording_zone("Sign up or log in").map(|z| z.0), Some(Label::CallToAction));
        assert_eq!(wording_zone("Shareholders voted"), None);
        assert_eq!(wording_zone(&"Our newsletter went out late this week, and readers noticed. ".repeat(6)), None);
    }

    #[test]
    fn affiliate_disclosures_are_short_notices() {
        assert!(is_affiliate_disclosure("This post may contain affiliate links. Read my disclosure."));
        assert!(is_affiliate_disclosure("As an Amazon Associate we earn from qualifying purchases."));
        assert!(!is_affiliate_disclosure("Affiliate Program"));
        assert!(!is_affiliate_disclosure(&"Affiliate links pay for much of the web. ".repeat(10)));
    }
}
