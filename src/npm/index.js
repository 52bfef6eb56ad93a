// readmode: the reader-mode core for pages, extensions and anything else with a DOM. It reads a
// `Document` (the live `document` or one from DOMParser), labels every block and builds the
// reader view. Load the wasm once with `await init()` before the first call: the app decides when
// the ~210 KB (gzip) are fetched, and the module graph is not held up by it.

import initWasm, {
  initSync as initSyncWasm,
  analyze as analyzeWasm,
  isProbablyReaderable as isProbablyReaderableWasm,
  version as versionWasm,
} from './web/readmode.js';
import { load, unwrap } from './load.js';

let ready = false;

export async function init(source) {
  if (ready) return;
  source = unwrap(source) ?? new URL('./web/readmode_bg.wasm', import.meta.url);
  await initWasm({ module_or_path: load(source) });
  ready = true;
}

export function initSync(module) {
  if (ready) return;
  initSyncWasm({ module: unwrap(module) });
  ready = true;
}

function loaded() {
  if (!ready) throw new Error('readmode: the wasm is not loaded; call and await init() first');
}

export function analyze(document, options) {
  loaded();
  return analyzeWasm(document, options);
}

export function isProbablyReaderable(document) {
  loaded();
  return isProbablyReaderableWasm(document);
}

export function version() {
  loaded();
  return versionWasm();
}

export default init;
