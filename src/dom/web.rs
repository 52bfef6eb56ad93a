//! Browser front end: a `web_sys::Document` (the live page or a `DOMParser` result) → [`Document`].
//!
//! This is the one place where the DOM is read. The walk itself runs in JavaScript
//! (`read_tree.js`, shipped with the package as a wasm-bindgen snippet) and hands back the whole
//! tree as one string: one crossing of the JS/wasm boundary per page rather than a dozen per node.
//! The string is decoded here into the same [`DocumentBuilder`] calls the native front end makes.

use super::{Document, DocumentBuilder};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/dom/read_tree.js")]
extern "C" {
    #[wasm_bindgen(js_name = readTree)]
    fn read_tree(doc: &web_sys::Document) -> String;
}

/// Reads the whole document tree into the page model.
pub fn from_web_document(doc: &web_sys::Document) -> Document {
    from_tree_string(&read_tree(doc))
}

/// Decodes `read_tree.js`'s token stream (its header comment gives the format).
fn from_tree_string(tree: &str) -> Document {
    let mut b = DocumentBuilder::new();
    let mut tokens = tree.split('\0').peekable();
    while let Some(tok) = tokens.next() {
        match tok.as_bytes().first() {
            Some(1) => {
                let mut attrs = Vec::new();
                // Attribute names open with \x02; each name's value is the very next token, as is.
                while let Some(name) = tokens.next_if(|t| t.starts_with('\x02')) {
                    let value = tokens.next().unwrap_or("");
                    attrs.push((super::name(&name[1..]), value.into()));
                }
                b.start_element(&tok[1..], attrs);
            }
            Some(3) => b.text(&tok[1..]),
            Some(5) => b.skip_elements(tok[1..].parse().unwrap_or(0)),
            Some(4) => b.end_element(),
            Some(6) => b.comment(&tok[1..]),
            _ => {}
        }
    }
    b.finish()
}
