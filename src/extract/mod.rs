//! What the reader view shows: the page's metadata and the article rebuilt as safe HTML.
//!
//! - [`metadata`]: title, byline, dates, site name, language and lead image, from JSON-LD, meta
//!   tags and markup, in Readability's order of precedence.
//! - [`reader`]: the reader HTML, rebuilt from an allow-list of elements and attributes.
//! - [`text`]: the article as plain text.
//! - [`url`]: resolving relative URLs against the page URL and refusing unsafe schemes.

pub(crate) mod article;
mod json_ld;
pub(crate) mod metadata;
pub(crate) mod reader;
pub(crate) mod text;
pub(crate) mod url;
