//! Whether the page has something to read: prose, or a grid of items.
//!
//! A shop's category page (a grid of product cards, each a picture, a name and a price) or a
//! section front of teaser cards has plenty of text, often a paragraph of shop copy too, so its
//! length alone offers it as an article; the reader comes for the grid, which the reader view
//! cannot show. A few page-level figures tell the two apart ([`Feature`]): how much of the
//! article text reads as prose and in how long a run, how much of it is short lines, how many
//! cards of one shape the page repeats and how much of its text they hold, how many prices it
//! shows, and what the page declares it is. A small logistic model
//! ([`crate::page_shape_weights`], fitted by `readmode train-page` on the tuning part of the WCXB
//! corpus, cross-validated by site) turns them into one judgement: [`offers_reading`].

use crate::classify::Classification;
use crate::dom::{Document, NodeId};
use crate::extract::metadata::Metadata;
use crate::lexicon::{sentence_ends, PRICE_SIGNS};

macro_rules! features {
    ($($name:ident = $key:literal, $doc:literal;)*) => {
        /// One page-level figure the model reads; the order is the weights' order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(usize)]
        pub(crate) enum Feature { $(#[doc = $doc] $name,)* }
        impl Feature {
            pub(crate) const ALL: &'static [Feature] = &[$(Feature::$name,)*];
            /// The figure's name, for the trainer's report.
            #[cfg_attr(not(all(feature = "cli", not(target_arch = "wasm32"))), allow(dead_code))]
            pub(crate) fn key(self) -> &'static str {
                match self { $(Feature::$name => $key,)* }
            }
        }
    };
}

features! {
    ProseShare = "prose_share", "Share of the article text in paragraphs of prose (several sentences, not a list item).";
    LnProseRun = "ln_prose_run", "ln(1 + characters of the longest run of prose paragraphs).";
    ShortLineShare = "short_line_share", "Share of the article text's lines that are short (a name, a price, a label).";
    ArticleLinkShare = "article_link_share", "Share of the article text inside links.";
    ArticlePageShare = "article_page_share", "Share of the page's visible text that is article text.";
    LnArticleChars = "ln_article_chars", "ln(1 + characters of article text).";
    Dated = "dated", "The page has a publication date.";
    Byline = "byline", "The page has a byline.";
    DeclaredArticle = "declared_article", "The page declares an article (JSON-LD or og:type).";
    DeclaredList = "declared_list", "The page declares a list of items (JSON-LD ItemList, CollectionPage, OfferCatalog).";
    DeclaredProduct = "declared_product", "The page declares a product.";
    DeclaredDiscussion = "declared_discussion", "The page declares a forum thread or a Q&A page.";
    LnCards = "ln_cards", "ln(1 + cards of the page: repeated siblings of one shape, each with a link and a picture).";
    CardShare = "card_share", "Share of the page's visible text inside those cards.";
    LnPrices = "ln_prices", "ln(1 + short blocks of the page that read as a price).";
}

/// How many page-level figures there are.
pub(crate) const COUNT: usize = Feature::ALL.len();

/// A paragraph is prose from this much text ([`width`]) and [`MIN_PROSE_SENTENCES`] sentence ends.
const MIN_PROSE_CHARS: usize = 150;
const MIN_PROSE_SENTENCES: usize = 2;
/// The width of a CJK character, in Latin characters.
const CJK_WIDTH: usize = 3;
/// A line of the article text this short is a name, a price or a label, not a sentence.
const SHORT_LINE_CHARS: usize = 60;
/// Short paragraphs (a subheading) do not break a run of prose.
const RUN_BREAK_CHARS: usize = 40;
/// Siblings of one shape make a grid of cards from this many on.
const MIN_CARDS: usize = 4;
/// A card is short: its name, a line or two, a price.
const MAX_CARD_CHARS: u32 = 400;
/// A block this short that shows a currency sign beside a number is a price.
const MAX_PRICE_CHARS: usize = 40;

/// The page-level figures of an analysed page.
pub(crate) fn features(doc: &Document, c: &Classification, metadata: &Metadata, text: &str) -> [f32; COUNT] {
    let st = &c.stats;
    let mut f = [0f32; COUNT];
    let mut set = |k: Feature, v: f32| f[k as usize] = v;

    // The article text's shape: prose paragraphs and their longest run, short lines.
    let total = width(text);
    let (mut prose, mut run, mut best) = (0usize, 0usize, 0usize);
    for p in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let chars = width(p);
        let is_prose = chars >= MIN_PROSE_CHARS && sentence_ends(p) >= MIN_PROSE_SENTENCES && !p.starts_with("- ");
        if is_prose {
            prose += chars;
            run += chars;
            best = best.max(run);
        } else if chars >= RUN_BREAK_CHARS {
            run = 0;
        }
    }
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let short = lines.iter().filter(|l| width(l) < SHORT_LINE_CHARS).count();
    set(Feature::ProseShare, ratio(prose, total));
    set(Feature::LnProseRun, ln1p(best));
    set(Feature::ShortLineShare, ratio(short, lines.len()));
    set(Feature::LnArticleChars, ln1p(total));

    // The article's links, and its share of the page.
    let (mut chars, mut link_chars) = (0usize, 0usize);
    for (_, b) in c.content_blocks().filter(|(_, b)| !b.hidden) {
        chars += b.chars;
        link_chars += b.link_chars;
    }
    let page_chars = st.chars[Document::ROOT] as usize;
    set(Feature::ArticleLinkShare, ratio(link_chars, chars));
    set(Feature::ArticlePageShare, ratio(chars, page_chars));

    // What the page says of itself.
    let d = metadata.declared;
    set(Feature::Dated, metadata.published_time.is_some() as u8 as f32);
    set(Feature::Byline, metadata.byline.is_some() as u8 as f32);
    set(Feature::DeclaredArticle, (d.article || d.og_article) as u8 as f32);
    set(Feature::DeclaredList, d.item_list as u8 as f32);
    set(Feature::DeclaredProduct, (d.product || d.og_product) as u8 as f32);
    set(Feature::DeclaredDiscussion, d.discussion as u8 as f32);

    // Cards and prices, over the whole page.
    let grid = cards(doc, c);
    set(Feature::LnCards, ln1p(grid.cards));
    set(Feature::CardShare, ratio(grid.chars as usize, page_chars));
    let prices = c.seg.blocks.iter().filter(|b| !b.hidden && b.chars <= MAX_PRICE_CHARS && reads_as_price(&b.text)).count();
    set(Feature::LnPrices, ln1p(prices));
    f
}

/// How much text there is, a CJK character counting as [`CJK_WIDTH`] (it carries about as much
/// as a short English word: a 40-character Chinese sentence is no short line).
fn width(text: &str) -> usize {
    text.chars().map(|c| if crate::extract::article::is_cjk(c) { CJK_WIDTH } else { 1 }).sum()
}

fn ratio(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

fn ln1p(n: usize) -> f32 {
    (n as f32).ln_1p()
}

/// The cards of a page: how many, and the text they hold.
struct Grid {
    cards: usize,
    chars: u32,
}

/// The cards of the page: runs of at least [`MIN_CARDS`] sibling elements of one shape (tag and
/// class), most of them holding a link and a picture, each short (a shop's product tiles, a
/// section front's teasers). Cards inside a card are not counted again. (Cards without a picture,
/// a link and two lines or more, told no more: an article's lists of related links look the same.)
fn cards(doc: &Document, c: &Classification) -> Grid {
    let st = &c.stats;
    let n = doc.len();
    let (mut link, mut picture) = (vec![false; n], vec![false; n]);
    for id in (1..n).rev() {
        if let Some(e) = doc.element(id) {
            link[id] |= e.is("a") && e.has_attr("href");
            picture[id] |= matches!(&*e.tag, "img" | "picture" | "svg" | "video");
        }
        if let Some(p) = doc.parent(id) {
            link[p] |= link[id];
            picture[p] |= picture[id];
        }
    }
    let mut in_card = vec![false; n];
    let mut grid = Grid { cards: 0, chars: 0 };
    for parent in doc.ids() {
        if in_card[parent] {
            continue;
        }
        let mut shapes: Vec<((&str, &str), Vec<NodeId>)> = Vec::new();
        for &child in doc.children(parent) {
            let Some(e) = doc.element(child) else { continue };
            if e.hidden || st.chars[child] == 0 {
                continue;
            }
            let shape = sibling_shape(e);
            match shapes.iter_mut().find(|(s, _)| *s == shape) {
                Some((_, members)) => members.push(child),
                None => shapes.push((shape, vec![child])),
            }
        }
        for (_, members) in shapes.iter().filter(|(_, m)| m.len() >= MIN_CARDS) {
            let carded = members.iter().filter(|&&m| link[m] && picture[m] && st.chars[m] <= MAX_CARD_CHARS).count();
            // Three in four: a grid's promoted tile or an empty slot does not break it.
            if carded * 4 < members.len() * 3 {
                continue;
            }
            grid.cards += members.len();
            for &m in members {
                grid.chars += st.chars[m];
                for flag in &mut in_card[m..doc.subtree_end(m)] {
                    *flag = true;
                }
            }
        }
    }
    grid
}

/// The shape of an element among its siblings: its tag and its first class name without digits
/// (a grid numbers or alternates its cells, `item0 first`, `item1 odd`, `col-3`, and a comment
/// list its posts, `comment depth-2`; their shape is the same).
pub(crate) fn sibling_shape(e: &crate::dom::Element) -> (&str, &str) {
    let class = e.attr("class").and_then(|c| c.split_whitespace().next()).unwrap_or("");
    (&e.tag, class.trim_matches(|c: char| c.is_ascii_digit()))
}

/// A currency sign or code beside a number (`$49.99`, `49,99 €`, `1 299 kr`).
fn reads_as_price(text: &str) -> bool {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    PRICE_SIGNS.iter().any(|sign| {
        text.match_indices(sign).any(|(at, _)| {
            let before = text[..at].trim_end().chars().next_back();
            let after = text[at + sign.len()..].trim_start().chars().next();
            // A letter sign (`kr`, `EUR`) stands apart from words: `kr` in `kraft` is none.
            let word = sign.chars().all(char::is_alphabetic);
            let apart = !word
                || (!text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
                    && !text[at + sign.len()..].chars().next().is_some_and(char::is_alphabetic));
            apart && (before.is_some_and(|c| c.is_ascii_digit()) || after.is_some_and(|c| c.is_ascii_digit()))
        })
    })
}

/// Whether the page has something to read, by the model over its [`features`].
pub(crate) fn offers_reading(features: &[f32; COUNT]) -> bool {
    score(features, &crate::page_shape_weights::WEIGHTS) >= crate::page_shape_weights::THRESHOLD
}

/// The model's probability that the page has something to read.
pub(crate) fn score(features: &[f32; COUNT], w: &Weights) -> f32 {
    let z: f32 = w.bias + features.iter().zip(w.mean.iter().zip(w.scale.iter().zip(w.coef.iter())))
        .map(|(x, (m, (s, c)))| c * (x - m) / s)
        .sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

/// A logistic model over standardised features.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    pub(crate) mean: [f32; COUNT],
    pub(crate) scale: [f32; COUNT],
    pub(crate) coef: [f32; COUNT],
    pub(crate) bias: f32,
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// A shop's category page: a paragraph of shop copy over a grid of product cards.
    fn category_page() -> String {
        let cards: String = (1..=12)
            .map(|i| format!(r#"<li class="product-card"><a href="/p/{i}"><img src="/img/{i}.jpg" alt=""><span class="name">Trail shoe model {i}</span></a><span class="price">$1{i}9.00</span><button>Add to cart</button></li>"#))
            .collect();
        format!(
            r#"<html><head><title>Trail running shoes | Example Outdoors</title></head><body><nav><a href="/">Home</a> <a href="/men">Men</a></nav>
            <main><h1>Trail running shoes</h1><p class="intro">Our trail running shoes are made for rocky paths, muddy forest tracks and long
            days in the hills. Every pair has a grippy outsole, a protective toe cap and a cushioned midsole, and our staff test each model
            on the trails around our stores before it goes on sale. Whether you run five kilometres before work or a mountain ultra at the
            weekend, you will find a pair here that fits your feet and your running, with free returns within sixty days of purchase.</p>
            <ul class="product-grid">{cards}</ul></main><footer>© Example Outdoors</footer></body></html>"#
        )
    }

    #[test]
    fn a_grid_of_items_is_not_offered_unless_the_reader_asks() {
        let a = crate::analyze_html(&category_page(), &Default::default()).unwrap();
        assert!(a.article.text.chars().count() >= 500, "enough text: {}", a.article.text);
        assert!(!a.readerable);
        assert_eq!(a.reason.as_deref(), Some("The page lists items (a shop's category, a grid of cards) rather than text to read."));
        let anyway = crate::analyze_html(&category_page(), &crate::Options { read_anyway: true, ..Default::default() }).unwrap();
        assert!(anyway.readerable);
        assert_eq!(anyway.article.text, a.article.text);
    }

    #[test]
    fn cards_are_runs_of_one_shape_with_a_link_and_a_picture() {
        let doc = crate::dom::parse_html(&category_page()).unwrap();
        let c = crate::classify::classify(&doc, &Default::default());
        let grid = cards(&doc, &c);
        assert_eq!(grid.cards, 12);
        assert!(grid.chars > 0);
        // A menu's links have no picture, and an article's paragraphs no link: no cards.
        let doc = crate::dom::parse_html("<ul><li><a href=/a>A</a></li><li><a href=/b>B</a></li><li><a href=/c>C</a></li><li><a href=/d>D</a></li></ul><p>x</p><p>y</p><p>z</p><p>w</p>").unwrap();
        let c = crate::classify::classify(&doc, &Default::default());
        assert_eq!(cards(&doc, &c).cards, 0);
    }

    #[test]
    fn prose_is_measured_in_cjk_too() {
        // A Chinese paragraph of 60 characters and two sentences is prose, not a short line.
        let zh = "谷歌在二零一四年收购的人工智能公司开发出一款能够用自己的记忆学习新知识的计算机。这款产品具有极其重要的意义，因为这意味着未来的人工智能技术可能不需要人类来教它。";
        assert!(width(zh) >= MIN_PROSE_CHARS && sentence_ends(zh) >= MIN_PROSE_SENTENCES);
        assert!(width("谷歌的新电脑") >= 3 * 6);
    }

    #[test]
    fn prices_are_a_sign_beside_a_number() {
        for p in ["$49.99", "49,99 €", "From £1,299", "1 299 kr", "USD 12", "Sale $ 5"] {
            assert!(reads_as_price(p), "{p}");
        }
        for p in ["Kraft paper 12", "In stock", "5 stars", "Costs $", "EURO 2024"] {
            assert!(!reads_as_price(p), "{p}");
        }
    }
}
