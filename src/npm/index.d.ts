// readmode: the reader-mode core for a DOM `Document` (browsers, extensions, bundlers).
import type { Analysis, Options, WasmModule, WasmSource } from './types.js';

export type { Analysis, Article, Block, Label, Options, WasmModule, WasmSource } from './types.js';

/**
 * Loads the wasm; call and await it once before anything else (later calls return at once).
 * Without a source it loads `web/readmode_bg.wasm` next to this module: fetched in a browser or
 * a bundle, read from disk where the module is a file (Node).
 */
export declare function init(source?: WasmSource | Promise<WasmSource> | { module_or_path: WasmSource | Promise<WasmSource> }): Promise<void>;
export default init;

/** Loads the wasm synchronously from its bytes or a compiled module. */
export declare function initSync(module: ArrayBuffer | ArrayBufferView | WasmModule | { module: ArrayBuffer | ArrayBufferView | WasmModule }): void;

/**
 * Labels every block of `document` and builds the reader view. The document is only read, never
 * changed. `options.url` defaults to the document's URL when that is http(s) or file.
 * @throws {Error} with a message starting `readmode:` for a page with no text, a bad URL, an
 *   option of the wrong type, or when the wasm is not loaded; a Rust panic surfaces as a
 *   `WebAssembly.RuntimeError`.
 */
export declare function analyze(document: Document, options?: Options): Analysis;

/** A cheap check, before `analyze`, of whether the page looks like an article. */
export declare function isProbablyReaderable(document: Document): boolean;

/** The core's version (the Rust crate's). */
export declare function version(): string;
