// The npm package as a user gets it: `make package`'s tarball installed into an empty project
// from the file alone (no registry), the README's Node example run verbatim on the golden pages,
// both entry points exercised in Node and in Chromium, and the TypeScript types compiled against
// the `exports` map.
//
//   make package && node --test tests/package/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM } from '../support.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSION = fs.readFileSync(path.join(REPO, 'Cargo.toml'), 'utf8').match(/^version = "(.+)"$/m)[1];
const TARBALL = path.join(REPO, 'target', 'npm', `readmode-${VERSION}.tgz`);
const PAGES = path.join(REPO, 'tests', 'pages');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

let project; // a temporary project with the tarball installed

/** The one ```js block of `markdown` that imports readmode/html: the Node example. */
function nodeExample(markdown, where) {
  const blocks = [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((b) => b.includes("from 'readmode/html'"));
  assert.equal(blocks.length, 1, `${where} should have exactly one js example importing readmode/html`);
  return blocks[0];
}

/** A golden page's `expect.txt` assertions this test reads (see tests/pages.rs). */
function expectations(slug) {
  const e = { title: null, readerable: false, keep: [], drop: [] };
  for (const line of fs.readFileSync(path.join(PAGES, slug, 'expect.txt'), 'utf8').split('\n')) {
    const [verb, ...rest] = line.split(' ');
    const arg = rest.join(' ');
    if (verb === 'title') e.title = arg;
    else if (verb === 'readerable') e.readerable = true;
    else if (verb === 'keep') e.keep.push(arg);
    else if (verb === 'drop') e.drop.push(arg);
  }
  return e;
}

const GOLDEN = fs.readdirSync(PAGES).filter((s) => fs.existsSync(path.join(PAGES, s, 'expect.txt')) && expectations(s).title).sort();

function run(file, args = []) {
  const r = spawnSync(process.execPath, [file, ...args], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

before(() => {
  assert.ok(fs.existsSync(TARBALL), `${path.relative(REPO, TARBALL)} is missing: run make package`);
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'readmode-package-'));
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'readmode-package-test', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', TARBALL], { cwd: project, stdio: 'pipe' });
  const readme = nodeExample(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'), 'README.md');
  fs.writeFileSync(path.join(project, 'read.mjs'), readme);
});

after(() => {
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

test('the package README shows the same Node example as README.md', () => {
  const installed = path.join(project, 'node_modules', 'readmode', 'README.md');
  assert.equal(nodeExample(fs.readFileSync(installed, 'utf8'), 'the package README'), fs.readFileSync(path.join(project, 'read.mjs'), 'utf8'));
});

test('the tarball holds the two entries, their types and the two wasm files, nothing else', () => {
  const files = execFileSync('tar', ['tzf', TARBALL], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  const top = [...new Set(files.map((f) => f.split('/')[0]))].sort();
  assert.deepEqual(top, ['README.md', 'html', 'html.d.ts', 'html.js', 'index.d.ts', 'index.js', 'load.js', 'package.json', 'types.d.ts', 'web']);
  assert.ok(files.includes('web/readmode_bg.wasm') && files.includes('html/readmode_bg.wasm'));
  const pkg = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'readmode', 'package.json'), 'utf8'));
  assert.equal(pkg.version, VERSION);
});

for (const slug of GOLDEN) {
  test(`README example on tests/pages/${slug}: title and article text`, () => {
    const e = expectations(slug);
    const r = run('read.mjs', [path.join(PAGES, slug, 'source.html'), 'https://example.com/story']);
    assert.equal(r.status, 0, r.stderr);
    const [title, blank, ...text] = r.stdout.split('\n');
    assert.ok(title.includes(e.title), `title ${JSON.stringify(title)} should contain ${JSON.stringify(e.title)}`);
    assert.equal(blank, '');
    const body = text.join('\n');
    assert.ok(e.keep.some((k) => body.includes(k)), `the text should hold one of the page's keep lines:\n${body}`);
    for (const d of e.drop) assert.ok(!body.includes(d), `the text should not hold ${JSON.stringify(d)}`);
    if (e.readerable) assert.equal(r.stderr, '');
  });
}

test('readmode/html in Node without a DOM: readerable check, options, errors', () => {
  fs.writeFileSync(path.join(project, 'html-api.mjs'), `
    import { analyzeHtml, isProbablyReaderableHtml, version } from 'readmode/html';
    const out = { version: version(), hasDocument: typeof document !== 'undefined' };
    const html = ${JSON.stringify(fs.readFileSync(path.join(PAGES, 'lazy-images', 'source.html'), 'utf8'))};
    out.readerable = isProbablyReaderableHtml(html);
    out.notHtml = isProbablyReaderableHtml('just words');
    const a = analyzeHtml(html, { url: 'https://example.com/a/b', minArticleLength: 10 });
    out.blocks = a.blocks.length;
    out.labels = [...new Set(a.blocks.map((b) => b.label))];
    out.absolute = !/(src|href)="(?!https?:|#)/.test(a.article.html);
    out.noBlocks = analyzeHtml(html, { includeBlocks: false }).blocks.length;
    const error = (f) => { try { f(); return null; } catch (e) { return e.constructor.name + ': ' + e.message; } };
    out.empty = error(() => analyzeHtml(''));
    out.badUrl = error(() => analyzeHtml(html, { url: 'not a url' }));
    out.notString = error(() => analyzeHtml(null));
    out.unknown = error(() => analyzeHtml(html, { includeBlock: false }));
    out.wrongTypes = [{ url: 3 }, { includeBlocks: 'no' }, { minArticleLength: 1.5 }, { minArticleLength: -1 }, 'options']
      .map((o) => error(() => analyzeHtml(html, o)));
    out.nullUrl = analyzeHtml(html, { url: null, minArticleLength: 0 }).readerable;
    console.log(JSON.stringify(out));
  `);
  const r = run('html-api.mjs');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, VERSION);
  assert.equal(out.hasDocument, false);
  assert.equal(out.readerable, true);
  assert.equal(out.notHtml, false);
  assert.ok(out.blocks > 3, `${out.blocks} blocks`);
  assert.ok(out.labels.includes('content'));
  assert.equal(out.absolute, true, 'links and images should be absolute against options.url');
  assert.equal(out.noBlocks, 0);
  assert.match(out.empty, /^Error: readmode: /);
  assert.match(out.badUrl, /^Error: readmode: .*not an absolute/);
  assert.match(out.notString, /^TypeError: readmode: /);
  assert.match(out.unknown, /^Error: readmode: invalid options: unknown option `includeBlock`/);
  for (const e of out.wrongTypes) assert.match(e ?? 'accepted', /^Error: readmode: invalid options: /);
  assert.equal(out.nullUrl, true);
});

test('readmode/html returns the object JSON.parse makes of the command line\'s JSON', () => {
  // The result crosses from the wasm as flat arrays rebuilt into objects (src/wasm/result.rs),
  // not as JSON: it must hold the same keys in the same order, the same numbers and the same
  // strings as the JSON the native build writes, on every golden page and on a page of awkward
  // text (quotes, backslashes, control characters, characters beyond 16 bits, right-to-left).
  const cli = path.join(REPO, 'target', 'release', 'readmode');
  assert.ok(fs.existsSync(cli), `${path.relative(REPO, cli)} is missing: run make build`);
  const awkward = path.join(project, 'awkward.html');
  const line = 'He said "no" \\ then \\"yes\\"; a tab\there, a bell \u0007, a form feed \u000c, 😀 and 𝄞 beyond 16 bits, ' +
    'é and 東京 inside, <b>bold</b> &amp; Ω, «quotes», a line\u2028separator and \u0301 a lone combining mark.';
  fs.writeFileSync(awkward, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quotes "and" \\ 😀 | Site</title></head>
    <body><nav><a href="/">Home</a> <a href="/a?b=1&amp;c=2">Back\\slash "nav"</a></nav><article><h1>Quotes "and" \\ 😀</h1>
    ${[1, 2, 3, 4, 5].map((i) => `<p class="p-${i} 😀">${i}. ${line}</p>`).join('\n')}
    <p dir="rtl" lang="ar">هذا نص عربي طويل بما يكفي ليكون فقرة من المقال، وفيه "علامات" اقتباس.</p>
    <figure><img src="/i/😀.png" alt="a \\ b"><figcaption>Caption "quoted" 😀</figcaption></figure></article>
    <aside class="related"><h2>Related</h2><a href="/x">Ten "dams" to see \\ 😀</a></aside></body></html>`);
  const files = [...fs.readdirSync(PAGES).sort().map((s) => path.join(PAGES, s, 'source.html')).filter((f) => fs.existsSync(f)), awkward];
  fs.writeFileSync(path.join(project, 'same.mjs'), `
    import fs from 'node:fs';
    import { analyzeHtml } from 'readmode/html';
    const out = {};
    for (const file of process.argv.slice(2)) out[file] = analyzeHtml(fs.readFileSync(file, 'utf8'), { url: 'https://example.com/story' });
    // -0 apart from 0, which JSON.stringify writes alike.
    console.log(JSON.stringify(out, (k, v) => (Object.is(v, -0) ? '-0' : v)));
  `);
  const r = run('same.mjs', files);
  assert.equal(r.status, 0, r.stderr);
  const wasm = JSON.parse(r.stdout);
  for (const file of files) {
    const json = execFileSync(cli, ['extract', file, '--url', 'https://example.com/story', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const native = JSON.stringify(JSON.parse(json), (k, v) => (Object.is(v, -0) ? '-0' : v));
    assert.equal(JSON.stringify(wasm[file]), native, path.relative(REPO, file));
  }
  assert.ok(wasm[awkward].blocks.some((b) => b.text.includes('😀 and 𝄞') && b.text.includes('"no" \\')), 'the awkward text reached a block');
});

test('readmode/html loaded by init(url) where the file next to it cannot be read', () => {
  // As in a runtime whose fs cannot reach the package folder: the import succeeds, the functions
  // say why they cannot run, and init with an http URL (fetched, as in browsers and workers; the
  // server is this script's own, on the loopback address) or with the bytes makes them work.
  fs.writeFileSync(path.join(project, 'html-init.mjs'), `
    import fs from 'node:fs';
    import http from 'node:http';
    import { createRequire } from 'node:module';
    const wasm = createRequire(import.meta.url).resolve('readmode/html/readmode_bg.wasm');
    const bytes = fs.readFileSync(wasm);
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/wasm' });
      res.end(bytes);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    fs.renameSync(wasm, wasm + '.away');
    try {
      const m = await import('readmode/html');
      let before = null;
      try { m.version(); } catch (e) { before = e.message; }
      await m.init(new URL('http://127.0.0.1:' + server.address().port + '/readmode_bg.wasm'));
      console.log(JSON.stringify({ before, after: m.version() }));
    } finally {
      fs.renameSync(wasm + '.away', wasm);
      server.close();
    }
  `);
  const r = run('html-init.mjs');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.match(out.before, /^readmode: the wasm is not loaded \(.*ENOENT.*\); call and await init/);
  assert.equal(out.after, VERSION);
});

test('both entries in Chromium, through an import map, each fetching its wasm', { timeout: 120_000 }, async () => {
  // What a page (or a bundle) does: the browser entry with `await init()`, readmode/html with its
  // top-level await, both fetching the .wasm next to them from the installed package.
  const { chromium } = await import('playwright-core');
  const origin = 'http://package.readmode.invalid';
  const page = fs.readFileSync(path.join(PAGES, 'figure-captions', 'source.html'), 'utf8');
  const harness = `<!doctype html><meta charset="utf-8"><title>readmode package</title>
    <script type="importmap">{"imports": {"readmode": "/node_modules/readmode/index.js", "readmode/html": "/node_modules/readmode/html.js"}}</script>
    <script type="module">
      import init, { analyze, version } from 'readmode';
      window.result = (async () => {
        await init();
        const { analyzeHtml } = await import('readmode/html');
        const html = await (await fetch('/page.html')).text();
        const doc = new DOMParser().parseFromString(html, 'text/html');
        const web = analyze(doc, { url: 'https://example.com/story' });
        const native = analyzeHtml(html, { url: 'https://example.com/story' });
        let unknown = null;
        try { analyze(doc, { minArticleLenght: 10 }); } catch (e) { unknown = e.message; }
        return {
          unknown,
          version: version(),
          title: web.article.title,
          differ: ['title', 'byline', 'text', 'html'].filter((k) => web.article[k] !== native.article[k]),
          labels: web.blocks.map((b) => b.label).join() === native.blocks.map((b) => b.label).join(),
        };
      })();
    </script>`;
  const modules = path.join(project, 'node_modules');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const tab = await browser.newPage();
    await tab.route(`${origin}/**`, (route) => {
      const p = new URL(route.request().url()).pathname;
      if (p === '/') return route.fulfill({ body: harness, contentType: 'text/html' });
      if (p === '/page.html') return route.fulfill({ body: page, contentType: 'text/html' });
      const file = path.join(modules, path.normalize(p.replace(/^\/node_modules\//, '')));
      if (p.startsWith('/node_modules/') && file.startsWith(modules + path.sep) && fs.existsSync(file)) {
        return route.fulfill({ path: file, contentType: file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
      }
      return route.fulfill({ status: 404, body: '' });
    });
    await tab.goto(`${origin}/`);
    const out = await tab.evaluate(() => window.result);
    assert.equal(out.version, VERSION);
    assert.match(out.unknown ?? '', /^readmode: invalid options: unknown option `minArticleLenght`/);
    assert.ok(out.title.includes(expectations('figure-captions').title), out.title);
    assert.deepEqual(out.differ, [], 'these article fields differ between the entries');
    assert.equal(out.labels, true, 'the block labels differ between the entries');
  } finally {
    await browser.close();
  }
});

test('the browser entry and readmode/html agree (the browser entry on a jsdom document)', () => {
  // jsdom stands in for a browser's DOM here only to check the browser entry's wiring (init,
  // exports, wasm file) from the installed package; tests/web.rs checks it in Chromium.
  const jsdom = path.join(REPO, 'node_modules', 'jsdom', 'lib', 'api.js');
  fs.writeFileSync(path.join(project, 'both.mjs'), `
    import fs from 'node:fs';
    import { createRequire } from 'node:module';
    import init, { analyze, isProbablyReaderable, version } from 'readmode';
    import { analyzeHtml } from 'readmode/html';
    const { JSDOM } = createRequire(import.meta.url)(${JSON.stringify(jsdom)});
    let early = null;
    try { version(); } catch (e) { early = e.message; }
    await init();
    const out = { early, version: version(), pages: {} };
    for (const file of process.argv.slice(2)) {
      const html = fs.readFileSync(file, 'utf8');
      const document = new JSDOM(html).window.document;
      const web = analyze(document, { url: 'https://example.com/story' });
      const native = analyzeHtml(html, { url: 'https://example.com/story' });
      out.pages[file] = {
        readerable: isProbablyReaderable(document),
        same: ['title', 'byline', 'text', 'html'].filter((k) => web.article[k] !== native.article[k]),
        labels: web.blocks.map((b) => b.label).join() === native.blocks.map((b) => b.label).join(),
      };
    }
    console.log(JSON.stringify(out));
  `);
  const files = ['figure-captions', 'lists-and-quotes', 'cookie-banner'].map((s) => path.join(PAGES, s, 'source.html'));
  const r = run('both.mjs', files);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.match(out.early, /^readmode: the wasm is not loaded/);
  assert.equal(out.version, VERSION);
  for (const [file, p] of Object.entries(out.pages)) {
    const page = path.basename(path.dirname(file));
    assert.equal(p.readerable, true, page);
    assert.deepEqual(p.same, [], `${page}: these article fields differ between the entries`);
    assert.equal(p.labels, true, `${page}: the block labels differ between the entries`);
  }
});

function tsc(name, files, compilerOptions) {
  const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', ...compilerOptions }, files };
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(config));
  const r = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `tsc (${name}):\n${r.stdout}${r.stderr}`);
}

test('TypeScript: both entries type-check through the exports map', () => {
  fs.writeFileSync(path.join(project, 'check.ts'), `
    import init, { initSync, analyze, isProbablyReaderable, type Analysis, type Block, type Label } from 'readmode';
    import { analyzeHtml, isProbablyReaderableHtml, init as initHtml, version } from 'readmode/html';
    export async function main(html: string, doc: Document): Promise<string> {
      await init();
      await initHtml(new URL('file:///x.wasm'));
      const a: Analysis = analyzeHtml(html, { url: 'https://example.com/', includeBlocks: true, minArticleLength: 100 });
      const title: string | null = a.article.title;
      const words: number = a.article.wordCount;
      const first: Block | undefined = a.blocks[0];
      const label: Label | undefined = first?.label;
      const b = isProbablyReaderable(doc) ? analyze(doc) : null;
      initSync(new WebAssembly.Module(new Uint8Array(8)));
      // @ts-expect-error analyze takes a Document, not a string
      analyze(html);
      // @ts-expect-error an option that does not exist
      analyzeHtml(html, { includeBlock: false });
      // @ts-expect-error a label that does not exist
      const wrong: Label = 'sidebar';
      return [title, words, label, b?.reason, isProbablyReaderableHtml(html), version(), wrong].join();
    }
  `);
  for (const moduleResolution of ['nodenext', 'bundler']) {
    const module = moduleResolution === 'nodenext' ? 'nodenext' : 'esnext';
    tsc(`lib dom, moduleResolution ${moduleResolution}`, ['check.ts'], { lib: ['es2022', 'dom'], types: [], module, moduleResolution });
  }
});

test('TypeScript: readmode/html type-checks with neither DOM nor Node types', () => {
  fs.writeFileSync(path.join(project, 'check-html.ts'), `
    import { analyzeHtml, isProbablyReaderableHtml, init, initSync, type Options } from 'readmode/html';
    export async function main(html: string, bytes: Uint8Array): Promise<string | null> {
      await init(bytes);
      initSync(bytes);
      const options: Options = { minArticleLength: 0 };
      return isProbablyReaderableHtml(html) ? analyzeHtml(html, options).article.title : null;
    }
  `);
  tsc('no lib dom, no @types/node', ['check-html.ts'], { lib: ['es2022'], types: [], module: 'nodenext', moduleResolution: 'nodenext' });
});
