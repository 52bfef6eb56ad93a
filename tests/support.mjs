// What the node tests and the browser scripts share: how Chromium is started on these machines,
// how a corpus page is read, and the benchmarks' command line and quantiles.

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

/**
 * The benchmarks' command line: `DIR [--limit N] [--repeat R]` and options of their own, each
 * taking a value (`own['--pkg'](value, o)` reads one into `o`); `-h` prints `usage`.
 */
export function parseBenchArgs(argv, usage, defaults = {}, own = {}) {
  const o = { dir: null, limit: Infinity, repeat: 1, ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--limit') o.limit = Number(argv[++i]);
    else if (a === '--repeat') o.repeat = Number(argv[++i]);
    else if (Object.hasOwn(own, a)) own[a](argv[++i] ?? '', o);
    else if (a === '-h' || a === '--help') { console.log(usage); process.exit(0); }
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${usage}`);
    else o.dir = a;
  }
  if (!o.dir) throw new Error(usage);
  if (!(o.limit > 0) || !(o.repeat >= 1)) throw new Error(`--limit and --repeat take positive numbers\n${usage}`);
  return o;
}

/** The q-quantile of `xs` (nearest rank). */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};
