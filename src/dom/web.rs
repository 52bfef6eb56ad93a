//! Browser front end: a `web_sys::Document` (the live page or a `DOMParser` result) → [`Document`].
//!
//! This is the one place where the DOM is read. The walk itself runs in JavaScript
//! (`read_tree.js`, shipped with the package as a wasm-bindgen snippet) and hands back the whole
//! tree as one byte array: one crossing of the JS/wasm boundary per page rather than a dozen per
//! node. The bytes are decoded here into the same [`DocumentBuilder`] calls the native front end
//! makes.

use super::{Document, DocumentBuilder, Name};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/dom/read_tree.js")]
extern "C" {
    #[wasm_bindgen(js_name = readTree)]
    fn read_tree(doc: &web_sys::Document, look: JsValue, max_elements: u32) -> Vec<u8>;
}

/// Reads the document tree into the page model, up to [`super::MAX_ELEMENTS`] elements (see
/// [`Document::is_truncated`]).
pub fn from_web_document(doc: &web_sys::Document) -> Document {
    from_web_document_with(doc, super::MAX_ELEMENTS)
}

/// [`from_web_document`] keeping at most `max_elements` elements: the walk stops at the start
/// tag past them.
pub(crate) fn from_web_document_with(doc: &web_sys::Document, max_elements: usize) -> Document {
    let max = u32::try_from(max_elements).unwrap_or(u32::MAX);
    from_tree_bytes(&read_tree(doc, JsValue::NULL, max), max_elements)
}

// Token kinds (`read_tree.js`'s header comment gives the format).
const OPEN: u8 = 1;
const TEXT: u8 = 3;
const CLOSE: u8 = 4;
const SKIPPED: u8 = 5;
const BOUNDARY: u8 = 6;

/// Decodes `read_tree.js`'s token stream. Bytes cut short read as zeros and empty strings, so a
/// broken stream gives a partial page, never a panic. The extension's content script walks the
/// live page with the same `read_tree.js` and its reader frame hands the bytes over here
/// (`analyzeTree` in wasm.rs). At most `max_elements` elements are kept; the walk that made the
/// bytes stops at the start tag past its budget (an element with no attributes and nothing after
/// it), which the builder reads as the cut.
pub(crate) fn from_tree_bytes(bytes: &[u8], max_elements: usize) -> Document {
    let mut r = Reader { bytes, at: 0, names: Vec::new() };
    let mut b = DocumentBuilder::new().with_max_elements(max_elements);
    while let Some(kind) = r.byte() {
        if b.is_truncated() {
            break;
        }
        match kind {
            OPEN => {
                let tag = r.name();
                let count = r.number() as usize;
                let mut attrs = Vec::with_capacity(count.min(64));
                for _ in 0..count {
                    let name = r.name();
                    attrs.push((name, r.string().into()));
                }
                b.start_element(&tag, attrs);
            }
            TEXT => b.text(r.string()),
            CLOSE => b.end_element(),
            SKIPPED => b.skip_elements(r.number()),
            BOUNDARY => b.comment(r.string()),
            _ => break,
        }
    }
    b.finish()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The names sent so far, by number (their first mention carries the text).
    names: Vec<Name>,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    /// A LEB128 varint.
    fn number(&mut self) -> u32 {
        let mut n = 0u32;
        let mut shift = 0;
        while let Some(b) = self.byte() {
            if shift < 32 {
                n |= u32::from(b & 0x7f) << shift;
            }
            if b < 0x80 {
                break;
            }
            shift += 7;
        }
        n
    }

    fn string(&mut self) -> &'a str {
        let len = self.number() as usize;
        let end = self.at.saturating_add(len).min(self.bytes.len());
        let s = &self.bytes[self.at..end];
        self.at = end;
        // read_tree.js writes well-formed UTF-8.
        std::str::from_utf8(s).unwrap_or_default()
    }

    fn name(&mut self) -> Name {
        match self.number() as usize {
            0 => {
                let name = super::name(self.string());
                self.names.push(name.clone());
                name
            }
            k => self.names.get(k - 1).cloned().unwrap_or_default(),
        }
    }
}
