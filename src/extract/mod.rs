//! What the reader view shows: the page's metadata and the article rebuilt as safe HTML.
//!
//! - [`article`]: the [`crate::Article`] assembled from the classification (step 6 of
//!   [`crate::analyze`]): its text, its reader HTML, its metadata completed.
//! - [`metadata`]: title, byline, dates, site name, language and lead image, from JSON-LD (read by
//!   [`json_ld`]), meta tags and markup, in Readability's order of precedence; and what the page
//!   declares it is.
//! - [`reader`]: the reader HTML, rebuilt from an allow-list of elements and attributes.
//! - [`srcset`]: the `srcset` micro-syntax, read as browsers read it; its numbers by [`decimal`].
//! - [`text`]: the article as plain text.
//! - [`url`]: resolving relative URLs against the page URL and refusing unsafe schemes.

pub(crate) mod article;
pub(crate) mod comments;
mod controls;
mod decimal;
mod json_ld;
pub(crate) mod metadata;
pub(crate) mod reader;
mod srcset;
pub(crate) mod text;
pub(crate) mod url;
