//! readmode: labels every block of a web page as article content or clutter, says why, and builds
//! a clean, safe reader view of the article.
//!
//! ```no_run
//! # #[cfg(not(target_arch = "wasm32"))] {
//! let html = std::fs::read_to_string("page.html").unwrap();
//! let a = readmode::analyze_html(&html, &readmode::Options::default()).unwrap();
//! println!("{}\n\n{}", a.article.metadata.title.unwrap_or_default(), a.article.text);
//! for b in &a.blocks {
//!     println!("{:>14} {:.2} {:?} {}", b.label, b.confidence, b.reasons, b.text);
//! }
//! # }
//! ```
//!
//! The core is pure Rust over a small page model ([`dom::Document`]); two front ends build that
//! model: html5ever natively ([`dom::html`]) and web-sys in the browser (`dom::web`, used by the
//! wasm exports in `wasm.rs`).

mod classify;
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
#[doc(hidden)]
pub mod cli;
pub mod dom;
mod extract;
mod label;
mod lexicon;
mod page_kind;
#[cfg(target_arch = "wasm32")]
mod wasm;

use extract::url::BaseUrl;
use serde::{Deserialize, Serialize};

pub use classify::readerable::is_probably_readerable;
pub use classify::report::Block;
pub use classify::{Evidence, Reason};
pub use dom::Document;
pub use extract::article::Article;
pub use extract::metadata::Metadata;
pub use label::Label;

/// Options for [`analyze`]. From JavaScript: a camelCase object, every field optional.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Options {
    /// The page's URL: relative links and images are made absolute against it.
    pub url: Option<String>,
    /// Report every block with its label and reasons (the batch turns this off).
    pub include_blocks: bool,
    /// Below this many characters of article text the page is not offered in reader view.
    pub min_article_length: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { url: None, include_blocks: true, min_article_length: 500 }
    }
}

/// What [`analyze`] found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// Whether the page reads as an article worth a reader view.
    pub readerable: bool,
    /// A sentence saying why not, when it is not.
    pub reason: Option<String>,
    pub article: Article,
    /// Every block in document order (empty when `includeBlocks` is off).
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The page has no text at all.
    Empty,
    /// The page URL given in the options is not an absolute http(s) or file URL.
    BadUrl(String),
    /// The HTML could not be read (native front end only).
    #[cfg(not(target_arch = "wasm32"))]
    Parse(dom::ParseError),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Empty => write!(f, "the page has no text to read"),
            Error::BadUrl(u) => write!(f, "the page URL {u:?} is not an absolute http, https or file URL"),
            #[cfg(not(target_arch = "wasm32"))]
            Error::Parse(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

/// Parses HTML natively (html5ever) and analyses it.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_html(html: &str, options: &Options) -> Result<Analysis, Error> {
    let doc = dom::parse_html(html).map_err(Error::Parse)?;
    analyze(doc, options)
}

/// Analyses a page.
///
/// Workflow:
/// 1. Check there is something to read and a usable base URL.
/// 2. Read the page as it will be shown ([`dom::prepare`]): collapsed panels opened, streamed
///    parts put in their places, a page staged in hidden containers revealed.
/// 3. Read the metadata (title, byline, dates, site, language, what the page declares it is)
///    from JSON-LD, meta tags and markup ([`extract::metadata`]).
/// 4. Decide what kind of page it is, from what the metadata read ([`known`]).
/// 5. Classify every block ([`classify`] lists its phases).
/// 6. Assemble the article ([`extract::article`]): plain text from the content blocks, reader
///    HTML from the content region through the allow-list builder, metadata completed.
/// 7. Decide whether the page is readerable, and say why not.
/// 8. Report the blocks ([`classify::report`]).
pub fn analyze(doc: Document, options: &Options) -> Result<Analysis, Error> {
    // 1. Something to read.
    if !doc.ids().any(|i| doc.text(i).is_some_and(|t| !t.trim().is_empty())) {
        return Err(Error::Empty);
    }
    let base = match options.url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(u) => Some(BaseUrl::parse(u).ok_or_else(|| Error::BadUrl(u.to_string()))?),
        None => None,
    };

    // 2. The page as shown.
    let doc = dom::prepare::page_as_shown(doc);

    // 3. Metadata.
    let metadata = extract::metadata::extract_metadata(&doc, base.as_ref());

    // 4. Page kind, and 5. blocks and labels.
    let c = classify::classify(&doc, &known(&metadata));

    // 6. The article.
    let article = extract::article::assemble(&doc, &c, metadata, base.as_ref());

    // 7. Readerable?
    let chars = article.text.chars().count();
    let reason = if chars == 0 {
        Some("No part of the page reads like article text.".to_string())
    } else if chars < options.min_article_length {
        Some(format!(
            "The page has only {chars} characters of article text; reader view needs at least {}.",
            options.min_article_length
        ))
    } else {
        None
    };

    // 8. Blocks.
    let blocks = if options.include_blocks { classify::report::block_reports(&doc, c) } else { Vec::new() };

    Ok(Analysis { readerable: reason.is_none(), reason, article, blocks })
}

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
