#!/usr/bin/env node
// The browser twin of `readmode batch`: runs the wasm core (pkg/readmode.js) in headless Chromium
// on every *.html / *.html.gz page of a folder and writes the same JSON the native CLI writes.
//
//   node tests/browser/batch.mjs DIR --out FILE.json [--limit N] [--pkg DIR]
//
// Each page is parsed by the browser (`DOMParser`, so the web-sys front end is what runs) and
// analysed with `analyze(doc, {url, includeBlocks: false})`, where url is the "url" field of
// DIR/../ground-truth/ID.json when that file exists, else http://fakehost/test/page.html — as in
// src/bin/readmode.rs. Output: {id: {articleBody, byline, dir, excerpt, lang, publishedTime,
// readerable, siteName, title}} sorted by id; a page that fails becomes {articleBody: "", error}.

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, readPage } from '../support.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FALLBACK_URL = 'http://fakehost/test/page.html';
// Pages sent to the browser per round trip: at most this many, or this many bytes of HTML.
const BATCH_PAGES = 32;
const BATCH_BYTES = 8 << 20;

const USAGE = 'usage: node tests/browser/batch.mjs DIR --out FILE.json [--limit N] [--pkg DIR]';

function parseArgs(argv) {
  const opts = { dir: null, out: null, limit: Infinity, pkg: path.join(REPO, 'pkg') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value\n${USAGE}`);
      return argv[++i];
    };
    if (a === '--out') opts.out = value();
    else if (a === '--limit') {
      opts.limit = Number(value());
      if (!Number.isInteger(opts.limit) || opts.limit < 1) throw new Error(`--limit takes a positive integer\n${USAGE}`);
    } else if (a === '--pkg') opts.pkg = path.resolve(value());
    else if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (opts.dir === null) opts.dir = a;
    else throw new Error(`batch takes one DIR\n${USAGE}`);
  }
  if (!opts.dir) throw new Error(`missing DIR\n${USAGE}`);
  if (!opts.out) throw new Error(`batch needs --out FILE.json\n${USAGE}`);
  return opts;
}

const pageId = (file) => path.basename(file).split('.')[0];

/** The page's URL from a WCXB-style corpus (`DIR/../ground-truth/ID.json`), as the CLI does. */
function corpusUrl(file) {
  const gt = path.join(path.dirname(path.dirname(file)), 'ground-truth', `${pageId(file)}.json`);
  try {
    const url = JSON.parse(fs.readFileSync(gt, 'utf8')).url;
    return typeof url === 'string' ? url : null;
  } catch {
    return null;
  }
}

/** A tiny static server for the wasm package and the harness page (no dependency on www/). */
function startStaticServer(pkgDir) {
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.ts': 'text/plain' };
  const harness = `<!doctype html><meta charset="utf-8"><title>readmode batch</title>
<script type="module">
  import init, * as readmode from '/pkg/readmode.js';
  window.readmodeReady = init().then(() => { window.readmode = readmode; return readmode.version(); });
</script>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname === '/' || url.pathname === '/batch.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(harness);
    }
    // /pkg/... maps into pkgDir (wasm-bindgen snippets live in subfolders); nothing outside it.
    const rel = url.pathname.startsWith('/pkg/') ? path.normalize(decodeURIComponent(url.pathname.slice(5))) : null;
    const file = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? path.join(pkgDir, rel) : null;
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Runs in the page: analyses the items in order. Stops at the first wasm panic (a RuntimeError,
 * after which the module's state is not trusted) and reports it, so the caller reloads the page.
 */
function analyzeInPage(items) {
  const out = [];
  for (const { html, url } of items) {
    try {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const a = window.readmode.analyze(doc, { url, includeBlocks: false });
      const m = a.article;
      out.push({
        record: {
          articleBody: m.text,
          byline: m.byline ?? null,
          dir: m.dir ?? null,
          excerpt: m.excerpt ?? null,
          lang: m.lang ?? null,
          publishedTime: m.publishedTime ?? null,
          readerable: a.readerable,
          siteName: m.siteName ?? null,
          title: m.title ?? null,
        },
      });
    } catch (e) {
      const message = String((e && e.message) || e);
      if (e instanceof Error && message.startsWith('readmode: ')) {
        // An error the core reports (JsError): same text as the CLI's record.
        out.push({ record: { articleBody: '', error: message.slice('readmode: '.length) } });
      } else {
        out.push({ record: { articleBody: '', error: 'internal error (panic)' }, panic: message });
        break;
      }
    }
  }
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dir = path.resolve(opts.dir);
  const files = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.html') || n.endsWith('.html.gz'))
    .sort()
    .slice(0, opts.limit)
    .map((n) => path.join(dir, n));
  if (files.length === 0) throw new Error(`no *.html or *.html.gz pages in ${opts.dir}`);
  for (const f of ['readmode.js', 'readmode_bg.wasm']) {
    if (!fs.existsSync(path.join(opts.pkg, f))) throw new Error(`${path.join(opts.pkg, f)} is missing: run make build`);
  }

  const started = Date.now();
  const server = await startStaticServer(opts.pkg);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const results = new Map();
  let errors = 0;
  let panics = 0;
  try {
    const consoleErrors = [];
    let page;
    const load = async () => {
      await page.goto(`${base}/batch.html`);
      return page.evaluate(() => window.readmodeReady);
    };
    const newPage = async () => {
      page = await browser.newPage();
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      return page;
    };
    await newPage();
    const version = await load();

    let i = 0;
    while (i < files.length) {
      // Read the next batch of pages (bounded by count and size).
      const items = [];
      const ids = [];
      let bytes = 0;
      while (i + items.length < files.length && items.length < BATCH_PAGES && (items.length === 0 || bytes < BATCH_BYTES)) {
        const file = files[i + items.length];
        ids.push(pageId(file));
        let html;
        try {
          html = readPage(file);
        } catch (e) {
          html = e;
        }
        items.push(html instanceof Error ? { error: html.message } : { html, url: corpusUrl(file) ?? FALLBACK_URL });
        bytes += typeof html === 'string' ? html.length : 0;
      }
      // Pages that could not be read are recorded here; the rest go to the browser.
      const toSend = items.filter((it) => !it.error);
      let answers = [];
      if (toSend.length) {
        try {
          answers = await page.evaluate(analyzeInPage, toSend);
        } catch (e) {
          // The renderer itself failed (crash, out of memory): redo this batch a page at a time.
          process.stderr.write(`\nbatch: browser error on ${ids[0]}..${ids[ids.length - 1]}: ${e.message.split('\n')[0]}\n`);
          await page.close().catch(() => {});
          await newPage();
          await load();
          answers = [];
          for (const it of toSend) {
            try {
              const [a] = await page.evaluate(analyzeInPage, [it]);
              answers.push(a);
              if (a.panic) break;
            } catch (e2) {
              answers.push({ record: { articleBody: '', error: `browser error: ${e2.message.split('\n')[0]}` } });
              await page.close().catch(() => {});
              await newPage();
              await load();
            }
          }
        }
      }
      let k = 0;
      let done = 0;
      for (let j = 0; j < items.length; j++) {
        let record;
        if (items[j].error) record = { articleBody: '', error: items[j].error };
        else if (k < answers.length) {
          const ans = answers[k++];
          record = ans.record;
          if (ans.panic) {
            panics++;
            process.stderr.write(`\nbatch: ${ids[j]}: wasm panic: ${ans.panic}\n`);
            // The panic hook's console.error: the message, without the JS stack.
            for (const m of consoleErrors.slice(-3)) process.stderr.write(`${m.split('\n\nStack:')[0].trim()}\n`);
            consoleErrors.length = 0;
          }
        } else break; // after a panic: the rest of this batch is retried on a fresh page
        if (record.error) errors++;
        results.set(ids[j], record);
        done = j + 1;
        process.stderr.write(`\r[${i + done}/${files.length}] ${ids[j]}`);
      }
      i += done;
      if (answers.some((a) => a.panic)) await load();
    }
    process.stderr.write('\n');
    // Written by hand: a JS object would put integer-like ids ("1054") before "0001".
    const sorted = [...results.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const json = `{${sorted.map(([id, r]) => `${JSON.stringify(id)}:${JSON.stringify(r)}`).join(',')}}`;
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    fs.writeFileSync(opts.out, json);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `batch.mjs: readmode ${version} in Chromium: wrote ${files.length} pages to ${opts.out} ` +
        `(${errors} with errors, ${panics} panics) in ${secs}s\n`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  process.stderr.write(`batch.mjs: ${e.message}\n`);
  process.exit(1);
});
