// What the node tests and the browser scripts share: how Chromium is started on these machines
// and how a corpus page is read.

import fs from 'node:fs';
import zlib from 'node:zlib';

/** Debian's Chromium (`make setup` installs it); CHROMIUM overrides the path. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Headless, as root, with no GPU and no network of its own (see ../shared/TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];

/** Reads a page, gunzipping .gz; refuses what is not UTF-8 (like the CLI's reader). */
export function readPage(file) {
  let bytes = fs.readFileSync(file);
  if (file.endsWith('.gz')) {
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch (e) {
      throw new Error(`${file} is not a valid gzip file: ${e.message}`);
    }
  }
  try {
    // ignoreBOM: keep a leading U+FEFF, as Rust's String::from_utf8 does.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error(`${file} is not UTF-8 text`);
  }
}
