// The extension end to end, in headless Chromium (Debian's, driven by playwright-core).
//
// A copy of extension/ is loaded with two changes, made here and nothing of them in extension/:
// - its manifest has host access to http://127.0.0.1/*, because a test cannot make the user
//   gesture that grants `activeTab` (see ../shared/TOOLCHAIN.md);
// - its service worker is a module that imports worker-hooks.js (test-only: it records the
//   keyboard command's listener so the test can call it) and then the real background.js.
// The toolbar button is clicked with the DevTools protocol (`Extensions.triggerAction`), which
// fires `chrome.action.onClicked` as a real click does.
// The page is the demo (www/index.html), served with a strict Content-Security-Policy
// (script-src 'self', no 'wasm-unsafe-eval'), so the test also shows that the wasm core runs in the
// extension's reader page and not in the page.
//
//   node --test tests/e2e/          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../www/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../support.mjs';
import { waitFor } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const EXTENSION = path.join(REPO, 'extension');
const ARTIFACTS = path.join(HERE, 'artifacts');
// Strings of the seed page's clutter blocks: none may reach the reader view.
const CLUTTER = ['Most Popular', 'Free Download', 'Watch now', 'Featured Resources', 'Advertisement', 'Share this article'];
const NOT_ARTICLE_TITLE = 'readmode: this page does not look like an article';
// What web pages may load from the extension: the reader page only, at its per-session URL.
const WEB_ACCESSIBLE = [{ resources: ['reader.html'], matches: ['<all_urls>'], use_dynamic_url: true }];
const TIMEOUT = 20_000;
// Per test: a hang (a DevTools call that never returns) fails the test instead of stalling the run.
const TEST_TIMEOUT = { timeout: 90_000 };

let server;
let baseUrl;
let context;
let worker;
let cdp;
let extensionId;
let tmpDir;

/** Fails, showing where, unless the two serialisations of the page are identical. */
function assertSameHtml(actual, expected, message) {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const at = (s) => JSON.stringify(s.slice(Math.max(0, i - 80), i + 120));
  assert.fail(`${message}: first difference at character ${i}\n  before: ${at(expected)}\n  after:  ${at(actual)}`);
}

const squash = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

/** The base URL (ending in "/") of whatever startServer returned. */
function serverBase(s) {
  const url = typeof s === 'string' ? s
    : s && (s.url || s.baseUrl || s.origin || (typeof s.address === 'function' && s.address() && `http://127.0.0.1:${s.address().port}/`));
  assert.ok(url, `startServer() returned nothing that gives its URL: ${Object.keys(s || {}).join(', ')}`);
  const u = new URL(url);
  return `${u.protocol}//${u.host}/`;
}

async function stopServer(s) {
  const srv = s && (s.server || s);
  if (!srv || typeof srv.close !== 'function') return;
  if (typeof srv.closeAllConnections === 'function') srv.closeAllConnections();
  await new Promise((resolve) => srv.close(() => resolve()));
}

/** Clicks the toolbar button for `page`, as the user would. */
async function clickToolbarButton(page) {
  const url = page.url();
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  const tabs = targetInfos.filter((t) => t.url === url);
  assert.equal(tabs.length, 1, `expected one tab target for ${url}, found ${tabs.length} (${targetInfos.map((t) => t.url).join(', ')})`);
  await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tabs[0].targetId });
}

const readerFrame = (page) => page.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/reader.html`));

/** Waits for the reader frame to have rendered an article, a notice, or an error. */
async function waitForReader(page) {
  const frame = await waitFor('the reader iframe', () => readerFrame(page));
  await frame.waitForSelector('.rm-article, .rm-notice', { timeout: TIMEOUT });
  return frame;
}

const overlayPresent = (page) => page.evaluate(() => !!document.querySelector('readmode-overlay'));

async function waitForOverlayGone(page) {
  await waitFor('the reader overlay to close', async () => !(await overlayPresent(page)) && !readerFrame(page));
}

/**
 * Presses Esc inside the reader and waits for the overlay to close. The press is not awaited by
 * itself: the reader's frame is removed right after the key's release, and Chromium can then drop
 * the acknowledgement of that key event, so Input.dispatchKeyEvent may never return.
 */
async function pressEscapeInReader(page) {
  const press = page.keyboard.press('Escape').catch(() => {});
  await waitForOverlayGone(page);
  await Promise.race([press, new Promise((r) => setTimeout(r, 500))]);
}

/** The tab id of `page`, from the service worker (the test copy has host access to 127.0.0.1). */
async function tabIdOf(page) {
  const url = page.url();
  const id = await worker.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({ url: u });
    return tabs.length === 1 ? tabs[0].id : null;
  }, url);
  assert.ok(id != null, `no single tab found for ${url}`);
  return id;
}

before(async () => {
  const wasm = path.join(EXTENSION, 'pkg', 'readmode_bg.wasm');
  assert.ok(fs.existsSync(wasm), `${wasm} is missing: build the wasm first (make build)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmode-e2e-'));
  const extDir = path.join(tmpDir, 'extension');
  fs.cpSync(EXTENSION, extDir, { recursive: true, dereference: true });
  const manifestPath = path.join(extDir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  assert.deepEqual(manifest.permissions, ['activeTab', 'scripting', 'storage'], 'shipped permissions');
  assert.equal(manifest.host_permissions, undefined, 'the shipped manifest has no host permissions');
  assert.deepEqual(manifest.web_accessible_resources, WEB_ACCESSIBLE, 'shipped web_accessible_resources');
  manifest.host_permissions = ['http://127.0.0.1/*'];
  assert.equal(manifest.background.service_worker, 'background.js', 'shipped service worker');
  fs.copyFileSync(path.join(HERE, 'worker-hooks.js'), path.join(extDir, 'worker-hooks.js'));
  fs.writeFileSync(path.join(extDir, 'test-background.js'), "import './worker-hooks.js';\nimport './background.js';\n");
  manifest.background.service_worker = 'test-background.js';
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

  server = await startServer({ port: 0, csp: true });
  baseUrl = serverBase(server);

  context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [...CHROMIUM_ARGS, '--enable-unsafe-extension-debugging',
      `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
  worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    ?? await context.waitForEvent('serviceworker', { timeout: TIMEOUT });
  extensionId = new URL(worker.url()).host;
  const browser = context.browser();
  assert.ok(browser, 'playwright gave no Browser for the persistent context');
  cdp = await browser.newBrowserCDPSession();
});

after(async () => {
  try {
    if (context) await context.close();
  } finally {
    await stopServer(server);
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
});

test('toolbar button: the demo article in the reader view, and the page untouched after Esc', TEST_TIMEOUT, async () => {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    const response = await page.goto(`${baseUrl}www/index.html`, { waitUntil: 'load' });
    assert.ok(response && response.ok(), `demo page: HTTP ${response && response.status()}`);
    const csp = response.headers()['content-security-policy'] || '';
    assert.match(csp, /script-src 'self'/, 'the demo is served with a strict CSP');
    assert.doesNotMatch(csp, /wasm-unsafe-eval/, 'the page CSP must not allow wasm');
    await page.waitForLoadState('networkidle');

    // What the reader must show, read from the page itself: the headline, and the first and last
    // long paragraphs of the page (outside navigation, asides and the footer: the story's own).
    const expected = await page.evaluate(() => {
      const h1 = document.querySelector('h1');
      const paragraphs = [...document.body.querySelectorAll('p')]
        .filter((p) => !p.closest('nav, aside, footer, header:not(.article-header), [role=complementary]'))
        .map((p) => p.textContent.replace(/\s+/g, ' ').trim())
        .filter((t) => t.length > 120);
      return { title: h1 ? h1.textContent : '', first: paragraphs[0], last: paragraphs[paragraphs.length - 1] };
    });
    assert.ok(expected.title && expected.first && expected.last, `demo page has no article to check: ${JSON.stringify(expected)}`);

    await page.fill('#site-search', 'reader mode');
    await page.evaluate(() => window.scrollTo(0, 240));
    await page.waitForTimeout(200);
    const before = await page.evaluate(() => ({
      html: document.documentElement.outerHTML,
      x: window.scrollX,
      y: window.scrollY,
    }));

    await clickToolbarButton(page);
    const frame = await waitForReader(page);
    const reader = await frame.evaluate(() => {
      const body = document.querySelector('.rm-body');
      return {
        article: !!document.querySelector('.rm-article'),
        notice: document.querySelector('.rm-notice')?.textContent ?? null,
        title: document.querySelector('.rm-title')?.textContent ?? '',
        meta: document.querySelector('.rm-meta')?.textContent ?? '',
        text: document.body.innerText,
        bodyText: body ? body.textContent : '',
        scripts: document.querySelectorAll('.rm-root script').length,
        handlers: [...document.querySelectorAll('.rm-root *')]
          .flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.localName}[${a.name}]`)),
        jsUrls: [...document.querySelectorAll('.rm-root [href], .rm-root [src]')]
          .map((el) => el.getAttribute('href') || el.getAttribute('src')).filter((u) => /^\s*javascript:/i.test(u)),
      };
    });
    assert.ok(reader.article, `the reader shows no article: ${reader.notice || reader.text.slice(0, 300)}`);
    assert.equal(squash(reader.title), squash(expected.title), 'reader title');
    assert.match(reader.meta, /\d+ min read/, 'reading time in the meta line');
    const bodyText = squash(reader.bodyText);
    assert.ok(bodyText.includes(squash(expected.first)), `the reader lacks the first paragraph: "${expected.first.slice(0, 80)}…"`);
    assert.ok(bodyText.includes(squash(expected.last)), `the reader lacks the last paragraph: "${expected.last.slice(0, 80)}…"`);
    for (const clutter of CLUTTER) {
      assert.ok(!reader.text.includes(clutter), `the reader shows clutter: "${clutter}"`);
    }
    assert.equal(reader.scripts, 0, 'no <script> in the reader');
    assert.deepEqual(reader.handlers, [], 'no on* attributes in the reader');
    assert.deepEqual(reader.jsUrls, [], 'no javascript: URLs in the reader');

    // While open, the page does not scroll and the toolbar badge is clear.
    const locked = await page.evaluate(() => getComputedStyle(document.documentElement).overflow);
    assert.equal(locked, 'hidden', 'page scrolling is locked while the reader is open');
    const tabId = await tabIdOf(page);
    assert.equal(await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId), '', 'no badge on an article');

    // caret: 'initial' — hiding the caret would leave style="" on the page's focused input.
    await page.screenshot({ path: path.join(ARTIFACTS, 'reader.png'), caret: 'initial' });

    // Esc inside the reader closes it.
    await pressEscapeInReader(page);
    const afterClose = await page.evaluate(() => ({
      html: document.documentElement.outerHTML,
      x: window.scrollX,
      y: window.scrollY,
      search: document.querySelector('#site-search').value,
      focused: document.activeElement && document.activeElement.id,
    }));
    assertSameHtml(afterClose.html, before.html, 'the page is byte-for-byte the same after closing the reader');
    assert.equal(afterClose.search, 'reader mode', 'typed text in the search box is kept');
    assert.deepEqual([afterClose.x, afterClose.y], [before.x, before.y], 'scroll position is kept');
    assert.equal(afterClose.focused, 'site-search', 'focus goes back where it was');
    assert.deepEqual(pageErrors, [], 'no errors in the page');

    // Again: the page behind is inert while the reader is open (its own script cannot move the
    // focus out of the reader), and Esc still leaves.
    await clickToolbarButton(page);
    await waitForReader(page);
    const focused = await page.evaluate(() => {
      document.querySelector('#site-search').focus();
      return document.activeElement && document.activeElement.id;
    });
    assert.notEqual(focused, 'site-search', 'the page cannot take the focus from the reader');
    await pressEscapeInReader(page);
    assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before.html, 'page unchanged after the second close');
  } finally {
    await page.close();
  }
});

/** Calls the "toggle-reader" command's listeners in the worker, as Alt+Shift+R does, for `tab`. */
async function pressShortcut(tab) {
  const listeners = await worker.evaluate((t) => globalThis.readmodeTest.command('toggle-reader', t), tab);
  assert.equal(listeners, 1, 'background.js listens to chrome.commands.onCommand once');
}

test('keyboard command handler: Alt+Shift+R opens and closes the reader on the tab', TEST_TIMEOUT, async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}www/index.html?command`, { waitUntil: 'load' });
    await page.bringToFront();
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    const tab = await worker.evaluate(async (url) => {
      const [active] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return active && active.url === url ? active : (await chrome.tabs.query({ url }))[0];
    }, page.url());
    assert.ok(tab, `no tab found for ${page.url()}`);

    await pressShortcut(tab);
    const frame = await waitForReader(page);
    assert.ok(await frame.$('.rm-article'), 'the reader shows the article');

    await pressShortcut(tab);
    await waitForOverlayGone(page);
    assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before, 'page unchanged');
  } finally {
    await page.close();
  }
});

test('a page that is not an article: the button says so and no article is shown', TEST_TIMEOUT, async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}tests/e2e/fixtures/not-an-article.html`, { waitUntil: 'load' });
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    await clickToolbarButton(page);
    const frame = await waitForReader(page);
    const shown = await frame.evaluate(() => ({
      article: !!document.querySelector('.rm-article, .rm-body'),
      notice: document.querySelector('.rm-notice')?.textContent ?? '',
    }));
    assert.equal(shown.article, false, 'no article is rendered for a non-article page');
    assert.match(shown.notice, /doesn’t look like an article/, 'the reader says why');

    const tabId = await tabIdOf(page);
    const status = await waitFor('the not-an-article badge', () => worker.evaluate(async (id) => {
      const [text, title] = await Promise.all([chrome.action.getBadgeText({ tabId: id }), chrome.action.getTitle({ tabId: id })]);
      return text ? { text, title } : null;
    }, tabId));
    assert.equal(status.text, '—', 'badge');
    assert.equal(status.title, NOT_ARTICLE_TITLE, 'button title');

    // The notice stays (it used to close by itself after 4 s, before it could be read) until
    // the reader leaves, and then gives the page back as it was.
    await page.waitForTimeout(4500);
    assert.ok(await overlayPresent(page), 'the notice is still open after 4.5 s');
    await pressEscapeInReader(page);
    assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before, 'page unchanged');
  } finally {
    await page.close();
  }
});

test('elements hidden by the page\'s stylesheet stay out of the reader view', TEST_TIMEOUT, async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}tests/e2e/fixtures/hidden-by-css.html`, { waitUntil: 'load' });
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    await clickToolbarButton(page);
    const frame = await waitForReader(page);
    const text = squash(await frame.evaluate(() => document.querySelector('.rm-body')?.textContent ?? ''));
    assert.ok(text.includes('When the council offered the empty corner lot'), `the reader lacks the article: ${text.slice(0, 200)}`);
    assert.ok(text.includes('the vegetables were almost a side effect'), 'the reader lacks the last paragraph');
    assert.ok(!text.includes('Stylesheet-hidden paragraph'), 'a display:none element (by stylesheet) reached the reader');
    assert.ok(!text.includes('Visibility-hidden paragraph'), 'a visibility:hidden element reached the reader');
    await pressEscapeInReader(page);
    assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before, 'page unchanged (no data-readmode-hidden left behind)');
  } finally {
    await page.close();
  }
});

test('a browser page the reader cannot run on: an error badge, no unhandled rejection', TEST_TIMEOUT, async () => {
  const page = await context.newPage();
  try {
    await page.goto('chrome://version/');
    await page.bringToFront();
    // Without the "tabs" permission a chrome:// tab's URL is not visible: take the active tab.
    const tab = await worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]);
    assert.ok(tab, 'no active tab');
    await pressShortcut(tab);
    const status = await waitFor('the error badge', () => worker.evaluate(async (id) => {
      const [text, title] = await Promise.all([chrome.action.getBadgeText({ tabId: id }), chrome.action.getTitle({ tabId: id })]);
      return text ? { text, title } : null;
    }, tab.id));
    assert.equal(status.text, '!', 'error badge');
    assert.match(status.title, /^readmode: the reader view cannot open on this page/, 'error title');
    assert.deepEqual(await worker.evaluate(() => globalThis.readmodeTest.rejections()), [], 'no unhandled rejection in the worker');
  } finally {
    await page.close();
  }
});

test('a web page can load the reader page only, at its per-session URL, and no other extension file', TEST_TIMEOUT, async () => {
  // Any file a page can load tells it the extension is installed (fingerprinting). The reader
  // page's scripts, styles and wasm are loaded by the reader page itself, an extension page, so
  // they need not be web-accessible; reader.html is, through a per-session id ("use_dynamic_url").
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}tests/e2e/fixtures/not-an-article.html`, { waitUntil: 'load' });
    const loads = (urls) => page.evaluate((list) => Promise.all(list.map(async (u) => {
      try {
        const r = await fetch(u);
        return r.ok ? u : null;
      } catch {
        return null; // refused
      }
    })).then((r) => r.filter(Boolean)), urls);

    // The URL content.js frames: its host is a per-session id, not the extension id.
    const readerUrl = await worker.evaluate(() => chrome.runtime.getURL('reader.html'));
    const dynamicId = new URL(readerUrl).host;
    assert.notEqual(dynamicId, extensionId, 'reader.html is framed at its dynamic URL');
    // The probe sees what is exposed: the page can load the reader page at that URL.
    assert.deepEqual(await loads([readerUrl]), [readerUrl], 'a page can load reader.html at its dynamic URL');

    const files = fs.readdirSync(EXTENSION, { recursive: true })
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => fs.statSync(path.join(EXTENSION, f)).isFile());
    assert.ok(files.includes('reader.js') && files.includes('pkg/readmode_bg.wasm'), `extension files: ${files.join(', ')}`);
    const urls = [
      ...files.map((f) => `chrome-extension://${extensionId}/${f}`),
      ...files.filter((f) => f !== 'reader.html').map((f) => `chrome-extension://${dynamicId}/${f}`),
    ];
    assert.deepEqual(await loads(urls), [], 'extension files a web page can load');
  } finally {
    await page.close();
  }
});
