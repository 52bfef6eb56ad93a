// How both entry points get their wasm bytes, in any JavaScript runtime.
//
// The default source is the .wasm file next to the entry module, as a URL relative to
// `import.meta.url` (the form bundlers recognise and copy as an asset). Node's fetch refuses
// file: URLs, so a file: URL is read with node:fs (Node, Bun and Deno all have it); any other
// URL or a string is fetched (browsers, workers, bundled apps), and bytes, a Response or a
// compiled WebAssembly.Module are used as they are.

// A variable, so that bundlers building for the browser do not try to resolve node:fs.
const NODE_FS = 'node:fs/promises';

/** The source the caller gave, unwrapped from wasm-bindgen's `{ module_or_path }` form. */
export function unwrap(source) {
  if (source !== null && typeof source === 'object' && Object.getPrototypeOf(source) === Object.prototype && 'module_or_path' in source) {
    return source.module_or_path;
  }
  return source;
}

/**
 * Resolves a source to bytes, a Response or a module, as wasm-bindgen's loader takes them once it
 * is handed a promise: a file: URL is read from disk, any other URL, string or Request fetched.
 */
export async function load(source) {
  source = await source;
  const file = source instanceof URL ? source : typeof source === 'string' && source.startsWith('file:') ? new URL(source) : null;
  if (file && file.protocol === 'file:') {
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_FS);
    return readFile(file);
  }
  if (typeof source === 'string' || source instanceof URL || (typeof Request === 'function' && source instanceof Request)) {
    return fetch(source);
  }
  return source;
}
