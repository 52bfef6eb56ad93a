// readmode/html: the reader-mode core for JavaScript runtimes without a DOM (Node, Deno, Bun,
// workers). It takes the page as a string of HTML, parsed by html5ever inside its own wasm, and
// gives the same analysis as the browser entry gives for a DOMParser document of that HTML.
//
// The wasm is loaded when this module is imported (top-level await), so the functions can be
// called at once. Where the file next to this module cannot be reached (a bundle that moved it,
// a runtime that imports wasm as a module), importing still succeeds: call `await init(source)`
// (or `initSync(module)`) first; until then the functions throw, saying why the load failed.

import initWasm, {
  initSync as initSyncWasm,
  analyzeHtml as analyzeHtmlWasm,
  isProbablyReaderableHtml as isProbablyReaderableHtmlWasm,
  version as versionWasm,
} from './html/readmode.js';
import { load, unwrap } from './load.js';

let ready = false;
let loadError = null;

export async function init(source) {
  if (ready) return;
  // Inside the function: in a runtime with no usable import.meta.url, `new URL` throws here,
  // where the caller (or the catch below) sees it, not while the module is evaluated.
  source = unwrap(source) ?? new URL('./html/readmode_bg.wasm', import.meta.url);
  await initWasm({ module_or_path: load(source) });
  ready = true;
  loadError = null;
}

export function initSync(module) {
  if (ready) return;
  initSyncWasm({ module: unwrap(module) });
  ready = true;
  loadError = null;
}

try {
  await init();
} catch (e) {
  loadError = e;
}

function loaded() {
  if (!ready) {
    const why = loadError instanceof Error ? loadError.message : String(loadError);
    throw new Error(`readmode: the wasm is not loaded (${why}); call and await init(source) with its bytes, URL or module first`);
  }
}

function html(value) {
  if (typeof value !== 'string') throw new TypeError('readmode: the page must be given as a string of HTML');
  return value;
}

export function analyzeHtml(page, options) {
  loaded();
  return analyzeHtmlWasm(html(page), options);
}

export function isProbablyReaderableHtml(page) {
  loaded();
  return isProbablyReaderableHtmlWasm(html(page));
}

export function version() {
  loaded();
  return versionWasm();
}

export default init;
