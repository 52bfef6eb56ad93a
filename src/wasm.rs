//! Every wasm export, in one place: the browser front end's entry points.
//!
//! Options come in as a camelCase JS object (read field by field; a name it does not know is
//! refused), results go back as plain JS objects, errors as `JsError` with a sentence. A Rust
//! panic is logged by the panic hook and surfaces in JavaScript as a thrown `RuntimeError`, which
//! the caller catches; the page is never affected because the core only reads the document.

mod result;

use crate::{dom, Options};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

#[wasm_bindgen(inline_js = "export function unknownOption(options, names) {
    return Object.keys(Object(options)).find((k) => !names.split(' ').includes(k));
}")]
extern "C" {
    /// The first of the object's own keys that is not one of `names` (space-separated).
    #[wasm_bindgen(js_name = unknownOption)]
    fn unknown_option(options: &JsValue, names: &str) -> Option<String>;
}

/// The options object, every field optional (`undefined` is the default), and a misspelt name
/// (`includeBlock`) an error rather than ignored. Read field by field with `Reflect`: a serde
/// deserializer for these fields (serde-wasm-bindgen's) was 33 kB of the wasm, 7% of it,
/// and did not see unknown names.
fn read_options(options: JsValue) -> Result<Options, JsError> {
    let mut opts = Options::default();
    if options.is_undefined() || options.is_null() {
        return Ok(opts);
    }
    let invalid = |why: String| JsError::new(&format!("readmode: invalid options: {why}"));
    if !options.is_object() {
        return Err(invalid("expected an object".into()));
    }
    if let Some(key) = unknown_option(&options, Options::NAMES) {
        return Err(invalid(format!("unknown option `{key}`, expected one of: {}", Options::NAMES)));
    }
    let field = |name: &str| js_sys::Reflect::get(&options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let url = field("url");
    if !url.is_undefined() && !url.is_null() {
        opts.url = Some(url.as_string().ok_or_else(|| invalid("`url` must be a string".into()))?);
    }
    let include_blocks = field("includeBlocks");
    if !include_blocks.is_undefined() {
        opts.include_blocks = include_blocks.as_bool().ok_or_else(|| invalid("`includeBlocks` must be true or false".into()))?;
    }
    let min_length = field("minArticleLength");
    if !min_length.is_undefined() {
        let n = min_length.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(n));
        opts.min_article_length = n.ok_or_else(|| invalid("`minArticleLength` must be a whole number of characters".into()))? as usize;
    }
    let read_anyway = field("readAnyway");
    if !read_anyway.is_undefined() {
        opts.read_anyway = read_anyway.as_bool().ok_or_else(|| invalid("`readAnyway` must be true or false".into()))?;
    }
    let max_elements = field("maxElements");
    if !max_elements.is_undefined() {
        let n = max_elements.as_f64().filter(|n| n.fract() == 0.0 && (1.0..=u32::MAX as f64).contains(n));
        opts.max_elements = n.ok_or_else(|| invalid("`maxElements` must be a whole number of elements, at least 1".into()))? as usize;
    }
    let corrections = field("corrections");
    if !corrections.is_undefined() && !corrections.is_null() {
        let bad = || invalid("`corrections` must be a list of { path: string, keep: boolean }".into());
        if !js_sys::Array::is_array(&corrections) {
            return Err(bad());
        }
        for c in js_sys::Array::from(&corrections).iter() {
            let get = |name: &str| js_sys::Reflect::get(&c, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
            let path = get("path").as_string().ok_or_else(bad)?;
            let keep = get("keep").as_bool().ok_or_else(bad)?;
            opts.corrections.push(crate::Correction { path, keep });
        }
    }
    Ok(opts)
}

/// The analysis as a plain JS object, the one `JSON.parse` of its JSON would give, built from
/// three flat arrays in one crossing (see `result`).
fn to_js(analysis: &crate::Analysis) -> Result<JsValue, JsError> {
    // Our own types always fit; the error is not worth its formatting code.
    result::to_js(analysis).map_err(|_| JsError::new("readmode: could not return the result"))
}

/// The options for a document: its own URL when none is given.
fn options_from(options: JsValue, doc: &web_sys::Document) -> Result<Options, JsError> {
    let mut opts = read_options(options)?;
    if opts.url.is_none() {
        // A live page knows its URL; a DOMParser document reports its creator's, or about:blank.
        opts.url = doc.url().ok().filter(|u| u.starts_with("http:") || u.starts_with("https:") || u.starts_with("file:"));
    }
    Ok(opts)
}

/// Labels every block of `doc` and builds the reader view. Throws with a sentence on bad input.
#[wasm_bindgen(js_name = analyze)]
pub fn analyze_js(doc: &web_sys::Document, options: JsValue) -> Result<JsValue, JsError> {
    let opts = options_from(options, doc)?;
    let model = dom::from_web_document_with(doc, opts.max_elements);
    let analysis = crate::analyze(model, &opts).map_err(|e| JsError::new(&format!("readmode: {e}")))?;
    to_js(&analysis)
}

/// `analyze` for a page already read: the bytes `readTree` (src/dom/read_tree.js) made of a
/// document, as the extension's content script sends them from the live page to the reader
/// frame. The page URL comes from `options.url` only. The walk stops at its `maxElements`
/// (the content script's is `MAX_ELEMENTS`, built into its copy of the walk from the Rust
/// constant), and so does the reading of the bytes at this call's.
#[wasm_bindgen(js_name = analyzeTree)]
pub fn analyze_tree_js(tree: &[u8], options: JsValue) -> Result<JsValue, JsError> {
    let opts = read_options(options)?;
    let analysis = crate::analyze(dom::from_tree_bytes(tree, opts.max_elements), &opts).map_err(|e| JsError::new(&format!("readmode: {e}")))?;
    to_js(&analysis)
}

/// A cheap check, before `analyze`, of whether the page looks like an article.
#[wasm_bindgen(js_name = isProbablyReaderable)]
pub fn is_probably_readerable_js(doc: &web_sys::Document) -> bool {
    crate::is_probably_readerable(&dom::from_web_document(doc))
}

/// Parses an HTML string with html5ever and analyses it, for runtimes without a DOM (Node, Deno,
/// workers): the blocks and labels `analyze` gives for a `DOMParser` document of the same HTML.
/// The page URL comes from `options.url` only.
#[cfg(feature = "html")]
#[wasm_bindgen(js_name = analyzeHtml)]
pub fn analyze_html_js(html: &str, options: JsValue) -> Result<JsValue, JsError> {
    let analysis = crate::analyze_html(html, &read_options(options)?).map_err(|e| JsError::new(&format!("readmode: {e}")))?;
    to_js(&analysis)
}

/// `isProbablyReaderable` for an HTML string; `false` for input that is not HTML.
#[cfg(feature = "html")]
#[wasm_bindgen(js_name = isProbablyReaderableHtml)]
pub fn is_probably_readerable_html_js(html: &str) -> bool {
    dom::parse_html(html).is_ok_and(|doc| crate::is_probably_readerable(&doc))
}

/// The most elements of a page read (`MAX_ELEMENTS`, the default of the `maxElements` option): a
/// page with more is read up to there, and its analysis says `truncated: true`.
#[wasm_bindgen(js_name = maxElements)]
pub fn max_elements() -> u32 {
    dom::MAX_ELEMENTS as u32
}

/// The core's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
