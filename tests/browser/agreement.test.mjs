// The browser (web-sys front end, Chromium's parser) and the native CLI (html5ever) must extract
// the same article text from the same pages. Runs both batches on the WCXB dev corpus and
// requires identical articleBody on at least 99% of pages.
//
// Corpus: $READMODE_CORPUS (a folder with html/ and ground-truth/, or a folder of pages; relative
// to the repository), else ../shared/corpus/wcxb-dev beside the repository. Without either (a
// clone that has no corpus next to it) the test is skipped; a READMODE_CORPUS that does not exist
// fails it. Needs `make build` first (target/release/readmode and pkg/). Outputs go to
// tests/browser/out/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(REPO, 'tests', 'browser', 'out');
const MIN_AGREEMENT = 0.99;

const DEFAULT_CORPUS = path.resolve(REPO, '..', 'shared', 'corpus', 'wcxb-dev');

/** The folder of corpus pages, or null when no corpus was asked for and none is beside the repo. */
function corpusDir() {
  const explicit = !!process.env.READMODE_CORPUS;
  const root = explicit ? path.resolve(REPO, process.env.READMODE_CORPUS) : DEFAULT_CORPUS;
  if (!explicit && !fs.existsSync(root)) return null;
  const html = path.join(root, 'html');
  return fs.existsSync(html) ? html : root;
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'inherit', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (d) => {
      tail = (tail + d).slice(-4000);
      // Keep progress on one line; pass everything through.
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const secs = (Date.now() - started) / 1000;
      if (code === 0) resolve(secs);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${tail}`));
    });
  });
}

test('wasm in Chromium and native CLI agree on articleBody (WCXB dev corpus)', { timeout: 45 * 60 * 1000 }, async (t) => {
  const dir = corpusDir();
  if (dir === null) {
    t.skip(`no corpus: READMODE_CORPUS is not set and ${DEFAULT_CORPUS} does not exist (set READMODE_CORPUS to the WCXB dev corpus)`);
    return;
  }
  assert.ok(
    fs.existsSync(dir) && fs.statSync(dir).isDirectory(),
    `corpus not found at ${dir}: set READMODE_CORPUS to the WCXB dev corpus (a folder with html/ and ground-truth/)`,
  );
  const cli = path.join(REPO, 'target', 'release', 'readmode');
  assert.ok(fs.existsSync(cli), `${cli} is missing: run make build`);
  assert.ok(fs.existsSync(path.join(REPO, 'pkg', 'readmode_bg.wasm')), 'pkg/readmode_bg.wasm is missing: run make build');
  fs.mkdirSync(OUT, { recursive: true });
  const nativeOut = path.join(OUT, 'native.json');
  const wasmOut = path.join(OUT, 'wasm.json');
  const limit = process.env.READMODE_AGREEMENT_LIMIT ? ['--limit', process.env.READMODE_AGREEMENT_LIMIT] : [];

  const nativeSecs = await run(cli, ['batch', dir, '--out', nativeOut]);
  const wasmSecs = await run(process.execPath, [path.join(REPO, 'tests', 'browser', 'batch.mjs'), dir, '--out', wasmOut, ...limit]);

  const native = JSON.parse(fs.readFileSync(nativeOut, 'utf8'));
  const wasm = JSON.parse(fs.readFileSync(wasmOut, 'utf8'));
  const ids = Object.keys(wasm).sort();
  assert.ok(ids.length > 0, 'the browser batch produced no pages');
  const missing = ids.filter((id) => !(id in native));
  assert.deepEqual(missing, [], 'pages in the browser batch but not in the native batch');
  if (limit.length === 0) {
    assert.deepEqual(Object.keys(native).sort(), ids, 'the two batches cover different pages');
  }

  const differ = ids.filter((id) => native[id].articleBody !== wasm[id].articleBody);
  const errors = ids.filter((id) => wasm[id].error || native[id].error);
  const share = (ids.length - differ.length) / ids.length;
  const metaFields = ['title', 'byline', 'excerpt', 'siteName', 'publishedTime', 'lang', 'dir', 'readerable'];
  const metaDiffer = Object.fromEntries(
    metaFields.map((f) => [f, ids.filter((id) => (native[id][f] ?? null) !== (wasm[id][f] ?? null)).length]),
  );
  const report = {
    corpus: dir,
    pages: ids.length,
    identicalArticleBody: ids.length - differ.length,
    agreement: share,
    nativeSeconds: nativeSecs,
    browserSeconds: wasmSecs,
    errors: errors.map((id) => ({ id, native: native[id].error ?? null, wasm: wasm[id].error ?? null })),
    metadataDiffer: metaDiffer,
    differ,
  };
  fs.writeFileSync(path.join(OUT, 'agreement.json'), JSON.stringify(report, null, 2));
  t.diagnostic(
    `${ids.length - differ.length}/${ids.length} pages identical (${(share * 100).toFixed(2)}%); ` +
      `native ${nativeSecs.toFixed(1)}s, browser ${wasmSecs.toFixed(1)}s`,
  );
  t.diagnostic(`metadata fields that differ (pages): ${JSON.stringify(metaDiffer)}`);
  if (differ.length) t.diagnostic(`articleBody differs on: ${differ.join(' ')}`);
  if (errors.length) t.diagnostic(`errors: ${JSON.stringify(report.errors)}`);
  console.log(`agreement: ${differ.length} of ${ids.length} pages differ${differ.length ? `: ${differ.join(' ')}` : ''}`);

  assert.ok(
    share >= MIN_AGREEMENT,
    `articleBody differs on ${differ.length}/${ids.length} pages (${((1 - share) * 100).toFixed(2)}%, ` +
      `allowed ${((1 - MIN_AGREEMENT) * 100).toFixed(0)}%): ${differ.join(' ')}`,
  );
});
