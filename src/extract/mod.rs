//! What the reader view shows: the page's metadata and the article rebuilt as safe HTML.
//!
//! - [`metadata`]: title, byline, dates, site name, language and lead image, from JSON-LD, meta
//!   tags and markup, in Readability's order of precedence.
//! - [`reader`]: the reader HTML, rebuilt from an allow-list of elements and attributes.
//! - [`text`]: the article as plain text.
//! - [`url`]: resolving relative URLs against the page URL and refusing unsafe schemes.

pub mod article;
mod json_ld;
pub mod metadata;
pub mod reader;
pub mod text;
pub mod url;
