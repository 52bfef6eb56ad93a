//! The page model the core reads: a compact arena of elements and text, built once from a DOM.
//!
//! Both front ends (web-sys for a live or `DOMParser` document, html5ever for native parsing)
//! feed the same [`DocumentBuilder`] in document order, so the two produce the same model for the
//! same HTML: the same elements, the same element indexes, the same hidden flags. Everything after
//! this point is pure Rust and never sees a browser type.
//!
//! Modules (internal):
//! - `document`: the model ([`Document`], its nodes and elements) and how to walk it.
//! - `builder`: builds the model from a front end's walk ([`DocumentBuilder`]); `markup` plays
//!   back the markup a `<noscript>` swallowed; `names` interns tag and attribute names ([`name`]).
//! - `hidden`: what markup hides an element.
//! - `prepare`: the page as it will be shown (open panels, streamed parts placed, staged content
//!   revealed), step 2 of [`crate::analyze`].
//! - `css_path`: CSS selectors that find a block again in the DOM.
//! - `html` (native, html5ever: `parse_html`) and `web` (wasm, web-sys: `from_web_document`):
//!   the front ends, the only places a DOM is read. Between html5ever's tokenizer and its tree
//!   builder, `text_runs` hands on a run of text as one token (and skips comments and errors
//!   that change nothing) and `many_attributes` gives a tag of thousands of attributes in groups.
//! - `decode` (native only: `decode_html`): a page's bytes to text, as a browser decodes them
//!   (byte order mark, `<meta charset>`, detection); in the browser the page arrives decoded.

mod builder;
mod css_path;
#[cfg(not(target_arch = "wasm32"))]
mod decode;
mod document;
mod hidden;
#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
mod html;
#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
mod many_attributes;
mod markup;
mod names;
pub(crate) mod prepare;
#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
pub(crate) mod sniff;
#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
mod text_runs;
#[cfg(target_arch = "wasm32")]
mod web;

pub use builder::{DocumentBuilder, MAX_ELEMENTS, OPAQUE_TAGS};
#[cfg(not(target_arch = "wasm32"))]
pub use decode::{decode_html, Decoded, EncodingSource};
pub(crate) use document::{Element, NodeId, NodeKind};
pub use document::Document;
pub(crate) use hidden::is_hidden_markup;
#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
pub use html::{parse_html, ParseError};
#[cfg(any(not(target_arch = "wasm32"), feature = "html"))]
pub(crate) use html::parse_html_with;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use html::MAX_HTML_BYTES;
pub use names::{name, Name};
#[cfg(target_arch = "wasm32")]
pub use web::from_web_document;
#[cfg(target_arch = "wasm32")]
pub(crate) use web::from_web_document_with;
#[cfg(target_arch = "wasm32")]
pub(crate) use web::from_tree_bytes;
