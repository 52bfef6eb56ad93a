//! readmode labels every block of a web page as article content or one kind of clutter
//! (navigation, promo, call to action, popular list, related stories, share bar, comments, ad,
//! newsletter box, consent banner, footer), says why for each block, and builds a clean, safe
//! reader view of the article.
//!
//! ```
//! let html = r#"<html><head><title>After a dry year, rain at last | The Daily</title></head><body>
//!   <nav><a href="/">Home</a> <a href="/world">World</a></nav>
//!   <article><h1>After a dry year, rain at last</h1>
//!     <p>After eleven dry months the valley got its first real rain on Sunday, and farmers who
//!        had sold half their herds stood in the fields to watch it fall.</p>
//!     <p>The reservoir rose by a metre overnight. Engineers said the dam would hold, and the town
//!        council lifted the ban on watering gardens for the first time since March.</p>
//!   </article>
//!   <aside class="most-popular"><h2>Most Popular</h2><a href="/x">Ten dams to see</a></aside>
//! </body></html>"#;
//! let options = readmode::Options { min_article_length: 100, ..Default::default() };
//! let a = readmode::analyze_html(html, &options)?;
//! assert!(a.readerable);
//! assert_eq!(a.article.metadata.title.as_deref(), Some("After a dry year, rain at last"));
//! assert!(a.article.text.starts_with("After eleven dry months"));
//! // Every block, with its label and why.
//! let popular = a.blocks.iter().find(|b| b.text == "Ten dams to see").unwrap();
//! assert_eq!(popular.label, readmode::Label::PopularList);
//! assert_eq!(popular.reasons[0].to_string(), "class:popular");
//! # Ok::<(), readmode::Error>(())
//! ```
//!
//! The core is pure Rust over a small page model, [`Document`]. Front ends build it: html5ever
//! natively ([`analyze_html`], [`dom::parse_html`]; from bytes in any encoding a browser reads,
//! [`analyze_bytes`], [`dom::decode_html`]), web-sys in the browser
//! (`dom::from_web_document`, behind the wasm exports), or any other parser through
//! [`dom::DocumentBuilder`]. [`analyze`] lists the steps of the analysis.
//!
//! The crate's `cli` feature (on by default) builds the `readmode` command line and its
//! evaluation and training tools; a library user who wants neither clap nor file I/O sets
//! `default-features = false`.

mod classify;
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
#[doc(hidden)]
pub mod cli;
pub mod dom;
mod extract;
mod label;
mod lexicon;
mod page_kind;
mod page_shape;
mod page_shape_weights;
#[cfg(target_arch = "wasm32")]
mod wasm;

use extract::url::BaseUrl;
use serde::{Deserialize, Serialize};

pub use classify::readerable::is_probably_readerable;
pub use classify::report::Block;
pub use classify::{Evidence, Reason};
pub use dom::Document;
pub use extract::article::Article;
pub use extract::comments::Comments;
pub use extract::metadata::Metadata;
pub use label::Label;


/// Options for [`analyze`]. From JavaScript: a camelCase object (`{ url, includeBlocks,
/// minArticleLength, readAnyway, corrections, maxElements }`), every field optional; an unknown
/// field is refused.
///
/// ```
/// let options = readmode::Options { url: Some("https://news.example/2024/rain".into()), ..Default::default() };
/// assert!(options.include_blocks);
/// assert_eq!(options.min_article_length, 500);
/// ```
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Options {
    /// The page's URL: relative links and images are made absolute against it (or against its
    /// `<base href>`, resolved against it, as browsers do).
    pub url: Option<String>,
    /// Report every block with its label and reasons (the batch turns this off).
    pub include_blocks: bool,
    /// Below this many characters of article text the page is not offered in reader view (half
    /// as many on a discussion thread, whose posts are short).
    pub min_article_length: usize,
    /// The reader asked for the reader view ("Read it anyway"): the page is readerable whenever
    /// it has article text, however short and whatever its shape (a shop's grid of items).
    pub read_anyway: bool,
    /// A reader's corrections of the labels, by block path; [`Analysis::corrections_applied`]
    /// says which matched a block of this page.
    pub corrections: Vec<Correction>,
    /// The most elements of the page read ([`dom::MAX_ELEMENTS`], the default): the front ends
    /// of [`analyze_html`], [`analyze_bytes`] and the wasm exports stop reading the page at the
    /// start tag past this many, and [`Analysis::truncated`] says so. ([`analyze`] takes a page
    /// already read: its [`dom::DocumentBuilder`] keeps [`dom::MAX_ELEMENTS`].)
    pub max_elements: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            url: None,
            include_blocks: true,
            min_article_length: 500,
            read_anyway: false,
            corrections: Vec::new(),
            max_elements: dom::MAX_ELEMENTS,
        }
    }
}

/// A reader's correction of one block, found by its structural path ([`Block::path`], as the
/// block report gives it): keep it in the article, or leave it out. The reader extension keeps a
/// site's corrections and gives them for every page of that site, where the same template puts the
/// same block at the same path. From JavaScript: `{ path, keep }`.
///
/// ```
/// let html = r#"<article><p>The whole story, told at length in one paragraph of prose that a reader
///     came for.</p></article><div class="share-bar"><a href="/s">Share on Facebook</a></div>"#;
/// let keep = readmode::Correction { path: "html>body:nth-child(2)>div:nth-child(2)".into(), keep: true };
/// let options = readmode::Options { corrections: vec![keep], min_article_length: 10, ..Default::default() };
/// let a = readmode::analyze_html(html, &options)?;
/// assert_eq!(a.corrections_applied, ["html>body:nth-child(2)>div:nth-child(2)"]);
/// assert_eq!(a.blocks[1].label, readmode::Label::Content);
/// assert!(a.article.text.ends_with("Share on Facebook"));
/// # Ok::<(), readmode::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The block's CSS path (`html>body>div:nth-child(2)>p`).
    pub path: String,
    /// `true`: the block is article content; `false`: it is left out.
    pub keep: bool,
}

impl Options {
    /// The options' names as JavaScript writes them, space-separated (the wasm exports refuse
    /// any other).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) const NAMES: &'static str = "url includeBlocks minArticleLength readAnyway corrections maxElements";
}

/// What [`analyze`] found: whether the page is worth a reader view, the article, and every block
/// with its label. Serialized (and returned to JavaScript) with camelCase names.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// Whether the page reads as an article worth a reader view.
    pub readerable: bool,
    /// A sentence saying why not, when it is not.
    pub reason: Option<String>,
    /// The page has more elements than are read ([`Options::max_elements`]): the analysis is
    /// of its first part, up to the start tag past that many (a list or a thread of millions of
    /// items is read up to there). Written only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// The article: metadata, plain text and reader HTML (empty text when nothing reads as one).
    pub article: Article,
    /// Every block in document order (empty when `includeBlocks` is off).
    pub blocks: Vec<Block>,
    /// The paths of the [`Options::corrections`] that matched a block of this page, in the
    /// order given.
    pub corrections_applied: Vec<String>,
}

/// Why a page could not be analysed. Pages that are merely not articles are no error: they come
/// back with [`Analysis::readerable`] false and a reason.
///
/// ```
/// let e = readmode::analyze_html("<p>   </p>", &Default::default()).unwrap_err();
/// assert_eq!(e, readmode::Error::Empty);
/// assert_eq!(e.to_string(), "the page has no text to read");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The page has no text at all.
    Empty,
    /// The page has no text in the part read: it was cut (see [`Analysis::truncated`]) before
    /// any, at this many elements.
    EmptyBeforeCut(usize),
    /// The page URL given in the options is not an absolute http(s) or file URL.
    BadUrl(String),
    /// The HTML could not be read (html5ever front end: native, or wasm with the `html` feature).
    #[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
    Parse(dom::ParseError),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Empty => write!(f, "the page has no text to read"),
            Error::EmptyBeforeCut(n) => write!(
                f,
                "the page has no text to read in the part read: it was cut after {n} elements, or where its markup \
                 would have kept the parser searching its open elements for seconds"
            ),
            Error::BadUrl(u) => write!(f, "the page URL {u:?} is not an absolute http, https or file URL"),
            #[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
            Error::Parse(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

/// Parses HTML with html5ever (natively, or in wasm with the `html` feature) as a browser parses
/// it with scripting off, and analyses it: [`dom::parse_html`] then [`analyze`].
///
/// ```
/// let a = readmode::analyze_html("<nav><a href='/'>Home</a> <a href='/shop'>Shop</a></nav>", &Default::default())?;
/// assert!(!a.readerable);
/// assert_eq!(a.reason.as_deref(), Some("No part of the page reads like article text."));
/// # Ok::<(), readmode::Error>(())
/// ```
#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
pub fn analyze_html(html: &str, options: &Options) -> Result<Analysis, Error> {
    let doc = dom::parse_html_with(html, options.max_elements).map_err(Error::Parse)?;
    analyze(doc, options)
}

/// Decodes a page's bytes as a browser would ([`dom::decode_html`]: byte order mark, then
/// `<meta charset>`, then detection, guided by the top-level domain of `options.url`), then
/// [`analyze_html`]. Native only: in the browser the page arrives decoded.
///
/// ```
/// // A Russian page in KOI8-R, as a server in 2005 would have sent it.
/// let (bytes, _, _) = encoding_rs::KOI8_R.encode(
///     "<meta charset=koi8-r><title>Погода</title><p>Завтра в Москве будет тепло и солнечно.</p>");
/// let options = readmode::Options { min_article_length: 10, ..Default::default() };
/// let a = readmode::analyze_bytes(&bytes, &options)?;
/// assert_eq!(a.article.text, "Завтра в Москве будет тепло и солнечно.");
/// # Ok::<(), readmode::Error>(())
/// ```
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_bytes(bytes: &[u8], options: &Options) -> Result<Analysis, Error> {
    analyze(parse_bytes(bytes, options)?, options)
}

/// The page model of a page's bytes, for [`analyze_bytes`] and the command line's variants of it.
#[cfg(not(target_arch = "wasm32"))]
fn parse_bytes(bytes: &[u8], options: &Options) -> Result<Document, Error> {
    // Refused before decoding, so that a huge file is not copied first.
    if bytes.len() > dom::MAX_HTML_BYTES {
        return Err(Error::Parse(dom::ParseError::TooLarge(bytes.len())));
    }
    // A signature that decoding would change (a PNG's or a JPEG's first byte) is read here.
    if let Err(Some(kind)) = dom::sniff::not_html(bytes) {
        return Err(Error::Parse(dom::ParseError::Binary(kind)));
    }
    dom::parse_html_with(&dom::decode_html(bytes, options.url.as_deref()).text, options.max_elements).map_err(Error::Parse)
}

/// [`analyze_bytes`], also returning the page-level figures (for `readmode train-page`).
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub(crate) fn analyze_bytes_with_shape(bytes: &[u8], options: &Options) -> Result<(Analysis, [f32; page_shape::COUNT]), Error> {
    analyze_with_shape(parse_bytes(bytes, options)?, options)
}

/// Analyses a page: labels every block and builds the article. The document is read, never
/// changed (it is taken by value so that preparing it needs no copy).
///
/// ```
/// let mut b = readmode::dom::DocumentBuilder::new();
/// b.start_element("body", vec![]);
/// b.start_element("p", vec![(readmode::dom::name("class"), "lead".into())]);
/// b.text("A page built by another parser.");
/// b.end_element();
/// b.end_element();
/// let a = readmode::analyze(b.finish(), &readmode::Options { min_article_length: 10, ..Default::default() })?;
/// assert_eq!(a.article.text, "A page built by another parser.");
/// # Ok::<(), readmode::Error>(())
/// ```
///
/// Workflow (the module that does each step in brackets):
/// 1. Check there is something to read and a usable page URL; find the base URL (`<base href>`).
/// 2. Read the page as it will be shown (`dom::prepare`): collapsed panels opened, streamed
///    parts put in their places, a page staged in hidden containers revealed.
/// 3. Read the metadata (title, byline, dates, site, language, what the page declares it is)
///    from JSON-LD, meta tags and markup (`extract::metadata`).
/// 4. Decide what kind of page it is, from what the metadata read (`page_kind`).
/// 5. Classify every block (`classify`, whose module documentation lists its eight phases), then
///    apply the reader's corrections to the labels (`classify::apply_corrections`).
/// 6. Assemble the article (`extract::article`): plain text from the content blocks, reader
///    HTML from the content region through the allow-list builder, metadata completed.
/// 7. Decide whether the page is readerable: enough article text, and something to read rather
///    than a grid of items (`page_shape`); say why not.
/// 8. Report the blocks (`classify::report`).
pub fn analyze(doc: Document, options: &Options) -> Result<Analysis, Error> {
    analyze_with_shape(doc, options).map(|(a, _)| a)
}

/// [`analyze`], also returning the page-level figures the readerable decision read (for
/// `readmode train-page`).
pub(crate) fn analyze_with_shape(doc: Document, options: &Options) -> Result<(Analysis, [f32; page_shape::COUNT]), Error> {
    let (mut analysis, doc, c, shape) = analyze_unreported(doc, options)?;
    // 8. Blocks.
    if options.include_blocks {
        analysis.blocks = classify::report::block_reports(&doc, c);
    }
    Ok((analysis, shape))
}

/// [`analyze_bytes`] whose blocks are reported as they are written (the command line's JSON):
/// serialized, it reads as the [`Analysis`] does.
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub(crate) fn analyze_bytes_streamed(bytes: &[u8], options: &Options) -> Result<StreamedAnalysis, Error> {
    let (analysis, doc, c, _) = analyze_unreported(parse_bytes(bytes, options)?, options)?;
    let blocks = options.include_blocks.then(|| classify::report::BlockReports::new(doc, c));
    Ok(StreamedAnalysis { analysis, blocks })
}

/// An [`Analysis`] and its block reports still to make (see [`analyze_bytes_streamed`]).
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub(crate) struct StreamedAnalysis {
    pub(crate) analysis: Analysis,
    pub(crate) blocks: Option<classify::report::BlockReports>,
}

/// Steps 1 to 7 of [`analyze`]: the analysis without its blocks, and what they are reported from.
fn analyze_unreported(
    doc: Document,
    options: &Options,
) -> Result<(Analysis, Document, classify::Classification, [f32; page_shape::COUNT]), Error> {
    // 1. Something to read.
    if !doc.ids().any(|i| doc.text(i).is_some_and(|t| !t.trim().is_empty())) {
        // A page whose text all comes after the cut (2 million `<meta>`s in its head) is said so.
        return Err(if doc.is_truncated() { Error::EmptyBeforeCut(options.max_elements) } else { Error::Empty });
    }
    let page_url = match options.url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(u) => Some(BaseUrl::parse(u).ok_or_else(|| Error::BadUrl(u.to_string()))?),
        None => None,
    };
    let base = extract::url::document_base(&doc, page_url);

    // 2. The page as shown.
    let doc = dom::prepare::page_as_shown(doc);

    // 3. Metadata.
    let metadata = extract::metadata::extract_metadata(&doc, base.as_ref());

    // 4. Page kind, and 5. blocks and labels, then the reader's corrections of them.
    let mut c = classify::classify(&doc, &known(&metadata));
    let corrections_applied = classify::apply_corrections(&doc, &mut c, &options.corrections);

    // 6. The article.
    let article = extract::article::assemble(&doc, &c, metadata, base.as_ref());

    // 7. Readerable?
    let shape = page_shape::features(&doc, &c, &article.metadata, &article.text);
    let chars = article.text.chars().count();
    // A thread's posts are short: a question of a few lines and its answers is something to read.
    let min_length = if c.thread { options.min_article_length / THREAD_LENGTH_DIVISOR } else { options.min_article_length };
    let min_chars = if options.read_anyway { 1 } else { min_length };
    let reason = if chars == 0 {
        Some("No part of the page reads like article text.".to_string())
    } else if chars < min_chars {
        Some(format!(
            "The page has only {chars} characters of article text; reader view needs at least {min_length}."
        ))
    } else if !options.read_anyway && !page_shape::offers_reading(&shape) {
        Some("The page lists items (a shop's category, a grid of cards) rather than text to read.".to_string())
    } else {
        None
    };

    let truncated = doc.is_truncated();
    let analysis = Analysis { readerable: reason.is_none(), reason, truncated, article, blocks: Vec::new(), corrections_applied };
    Ok((analysis, doc, c, shape))
}

/// A discussion thread (a forum's, a Q&A page's) needs this much less article text than an
/// article to be offered: its posts are short, and a question with two answers is a page to read.
const THREAD_LENGTH_DIVISOR: usize = 2;

/// What the classifier is told of the page: the metadata's title, byline and description, and
/// the kind of page they declare (step 4 of [`analyze`]).
pub(crate) fn known(metadata: &Metadata) -> classify::Known<'_> {
    classify::Known {
        title: metadata.title.as_deref(),
        byline: metadata.byline.as_deref(),
        description: metadata.excerpt.as_deref(),
        kind: page_kind::PageKind::of(metadata),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn option_names_are_the_fields_serde_reads() {
        let written = serde_json::to_value(Options::default()).unwrap();
        let names: Vec<&str> = written.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want: Vec<&str> = Options::NAMES.split(' ').collect();
        want.sort_unstable();
        assert_eq!(names, want, "Options::NAMES must list every field, as serde names it");
        assert!(serde_json::from_str::<Options>(r#"{"includeBlock": false}"#).is_err());
        let o: Options = serde_json::from_str(r#"{"corrections": [{"path": "html>body>p", "keep": false}]}"#).unwrap();
        assert_eq!(o.corrections, [Correction { path: "html>body>p".into(), keep: false }]);
        assert!(serde_json::from_str::<Options>(r#"{"corrections": [{"path": "p", "kept": true}]}"#).is_err());
    }

    const PAGE: &str = r#"<html><head><title>Rain at last</title></head><body>
      <article><h1>Rain at last</h1>
        <p>After eleven dry months the valley got its first real rain on Sunday, and farmers who had
           sold half their herds stood in the fields to watch it fall.</p>
        <p>The reservoir rose by a metre overnight. Engineers said the dam would hold, and the town
           council lifted the ban on watering gardens for the first time since March.</p>
      </article>
      <aside class="newsletter-signup"><p>Get the valley's weather every morning in your inbox.</p></aside>
    </body></html>"#;

    fn path_of(a: &Analysis, text: &str) -> String {
        a.blocks.iter().find(|b| b.text.starts_with(text)).map(|b| b.path.clone()).unwrap()
    }

    #[test]
    fn corrections_keep_and_remove_blocks_by_path_and_say_which_applied() {
        let plain = analyze_html(PAGE, &Options { min_article_length: 50, ..Default::default() }).unwrap();
        assert!(plain.corrections_applied.is_empty());
        assert!(!plain.article.text.contains("inbox"), "the newsletter box is clutter without corrections");
        let newsletter = path_of(&plain, "Get the valley");
        let reservoir = path_of(&plain, "The reservoir");
        let corrections = vec![
            Correction { path: newsletter.clone(), keep: true },
            Correction { path: reservoir.clone(), keep: false },
            Correction { path: "html>body>div:nth-child(9)".into(), keep: true },
        ];
        let a = analyze_html(PAGE, &Options { min_article_length: 50, corrections, ..Default::default() }).unwrap();
        assert_eq!(a.corrections_applied, [newsletter.clone(), reservoir.clone()], "the unknown path is not applied");
        assert!(a.article.text.contains("Get the valley's weather every morning"), "kept: {}", a.article.text);
        assert!(a.article.html.contains("every morning in your inbox"), "kept in the reader HTML too");
        assert!(!a.article.text.contains("The reservoir"), "removed: {}", a.article.text);
        assert!(!a.article.html.contains("The reservoir"), "removed from the reader HTML too");
        assert!(a.article.text.contains("After eleven dry months"), "the rest stays");
        let label = |p: &str| a.blocks.iter().find(|b| b.path == p).unwrap().label;
        assert_eq!((label(&newsletter), label(&reservoir)), (Label::Content, Label::Other));
    }

    /// A short thread: a question and two answers, 300-odd characters in all.
    fn short_page(declared: &str) -> String {
        format!(
            r#"<html><head><title>Cast iron pan rusting after one wash?</title>{declared}</head><body><main>
            <h1>Cast iron pan rusting after one wash?</h1>
            <article class="post"><p>I washed my new cast iron pan once with soap and left it to dry, and now it has orange spots. Is it ruined?</p></article>
            <article class="post"><p>Not ruined at all. Scrub the spots off, dry it on the stove and wipe a thin coat of oil on it.</p></article>
            <article class="post"><p>Same thing happened to me. A round of seasoning in the oven fixed it for good.</p></article>
            </main></body></html>"#
        )
    }

    #[test]
    fn a_short_thread_is_offered_where_an_article_as_short_is_not() {
        let thread = short_page(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"DiscussionForumPosting","headline":"Cast iron pan rusting after one wash?"}</script>"#,
        );
        let a = analyze_html(&thread, &Options::default()).unwrap();
        let chars = a.article.text.chars().count();
        assert!((250..500).contains(&chars), "the posts are {chars} characters: {}", a.article.text);
        assert!(a.readerable, "a thread of {chars} characters is offered: {:?}", a.reason);
        let article = analyze_html(&short_page(""), &Options::default()).unwrap();
        assert!(!article.readerable, "an article of {} characters is not", article.article.text.chars().count());
        assert!(article.reason.as_deref().is_some_and(|r| r.ends_with("needs at least 500.")), "{:?}", article.reason);
    }
}
