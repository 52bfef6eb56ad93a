//! Browser front end: a `web_sys::Document` (the live page or a `DOMParser` result) → [`Document`].
//!
//! This is the one place where the DOM is read: one document-order walk, a handful of calls per
//! node, then the rest of the core runs on the Rust-side model without crossing back.

use super::{Document, DocumentBuilder};
use wasm_bindgen::JsCast;

const ELEMENT_NODE: u16 = 1;
const TEXT_NODE: u16 = 3;
const CDATA_SECTION_NODE: u16 = 4;

/// Reads the whole document tree into the page model.
pub fn from_web_document(doc: &web_sys::Document) -> Document {
    let mut b = DocumentBuilder::new();
    let Some(root) = doc.document_element() else {
        return b.finish();
    };
    let root: web_sys::Node = root.into();
    // Iterative pre-order walk with first_child / next_sibling; `depth` counts open elements.
    let mut node = Some(root.clone());
    while let Some(n) = node {
        let mut descend = false;
        match n.node_type() {
            ELEMENT_NODE => {
                let el: &web_sys::Element = n.unchecked_ref();
                let map = el.attributes();
                let len = map.length();
                let mut attrs = Vec::with_capacity(len as usize);
                for i in 0..len {
                    if let Some(a) = map.item(i) {
                        attrs.push((a.name().to_ascii_lowercase().into_boxed_str(), a.value().into_boxed_str()));
                    }
                }
                b.start_element(&el.local_name(), attrs);
                descend = true;
            }
            TEXT_NODE | CDATA_SECTION_NODE => {
                if let Some(t) = n.node_value() {
                    b.text(&t);
                }
            }
            _ => {}
        }
        if descend {
            if let Some(c) = n.first_child() {
                node = Some(c);
                continue;
            }
            b.end_element();
        }
        // Climb until a next sibling exists, closing elements on the way up.
        let mut cur = n;
        node = loop {
            if cur == root {
                break None;
            }
            if let Some(s) = cur.next_sibling() {
                break Some(s);
            }
            match cur.parent_node() {
                Some(p) => {
                    b.end_element();
                    cur = p;
                }
                None => break None,
            }
        };
    }
    b.finish()
}
