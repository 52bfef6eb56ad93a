// readmode/html: the reader-mode core for an HTML string, in runtimes without a DOM (Node, Deno,
// Bun, workers). The wasm is loaded when the module is imported; see `init` for the exceptions.
import type { Analysis, Options, WasmModule, WasmSource } from './types.js';

export type { Analysis, Article, Block, Label, Options, WasmModule, WasmSource } from './types.js';

/**
 * Loads the wasm (later calls return at once). Importing the module already tried with
 * `html/readmode_bg.wasm` next to it (read from disk in Node, Bun and Deno, fetched elsewhere);
 * call this only where that cannot work, with the bytes, a URL or a compiled module.
 */
export declare function init(source?: WasmSource | Promise<WasmSource> | { module_or_path: WasmSource | Promise<WasmSource> }): Promise<void>;
export default init;

/** Loads the wasm synchronously from its bytes or a compiled module. */
export declare function initSync(module: ArrayBuffer | ArrayBufferView | WasmModule | { module: ArrayBuffer | ArrayBufferView | WasmModule }): void;

/**
 * Parses `html` (html5ever, scripting off, as DOMParser parses) and analyses it: labels every
 * block and builds the reader view. Relative links stay relative unless `options.url` is given.
 * @throws {Error} with a message starting `readmode:` for empty or non-HTML input, a page with no
 *   text, a page over 64 MiB, a bad URL or an option of the wrong type, or when the wasm is not loaded.
 */
export declare function analyzeHtml(html: string, options?: Options): Analysis;

/** A cheap check, before `analyzeHtml`, of whether the page looks like an article (`false` for input that is not HTML). */
export declare function isProbablyReaderableHtml(html: string): boolean;

/** The core's version (the Rust crate's). */
export declare function version(): string;
