// What the extension's end-to-end tests share: a test copy of extension/ loaded into headless
// Chromium (Debian's, driven by playwright-core), the demo server, and the user's gestures.
//
// The copy differs from extension/ in two ways, made here and nothing of them in extension/:
// - its manifest has host access to http://127.0.0.1/*, because a test cannot make the user
//   gesture that grants `activeTab` (see ../shared/TOOLCHAIN.md);
// - its service worker is a module that imports worker-hooks.js (test-only: it records the
//   keyboard command's listener so the test can call it) and then the real background.js.
// The toolbar button is clicked with the DevTools protocol (`Extensions.triggerAction`), which
// fires `chrome.action.onClicked` as a real click does.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../www/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const EXTENSION = path.join(REPO, 'extension');
export const ARTIFACTS = path.join(HERE, 'artifacts');
export const TIMEOUT = 20_000;
// Per test: a hang (a DevTools call that never returns) fails the test instead of stalling the run.
export const TEST_TIMEOUT = { timeout: 120_000 };

export const squash = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeout` ms. */
export async function waitFor(what, fn, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(100);
  }
}

/** Fails, showing where, unless the two serialisations of the page are identical. */
export function assertSameHtml(actual, expected, message) {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const at = (s) => JSON.stringify(s.slice(Math.max(0, i - 80), i + 120));
  assert.fail(`${message}: first difference at character ${i}\n  before: ${at(expected)}\n  after:  ${at(actual)}`);
}

/** The messages of one of the extension's locales, as chrome.i18n gives them (no placeholders). */
export function messages(locale) {
  const json = JSON.parse(fs.readFileSync(path.join(EXTENSION, '_locales', locale, 'messages.json'), 'utf8'));
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v.message]));
}

/**
 * Starts the demo server (strict CSP) and Chromium with the test copy of the extension.
 * `locale`: the browser's UI language. `edit(dir, manifest)`: more changes to the copy.
 * `args`: more Chromium flags. `extension`: another build's extension/ folder (the latency
 * benchmark times two side by side). `showScrollbars` keeps the page's scroll bars (playwright hides
 * them in headless mode), so that a page sees what a desktop browser shows it.
 */
export async function launch({ locale, edit, args: extraArgs = [], showScrollbars = false, extension = EXTENSION } = {}) {
  const wasm = path.join(extension, 'pkg', 'readmode_bg.wasm');
  assert.ok(fs.existsSync(wasm), `${wasm} is missing: build the wasm first (make build)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmode-e2e-'));
  const extDir = path.join(tmpDir, 'extension');
  fs.cpSync(extension, extDir, { recursive: true, dereference: true });
  const manifestPath = path.join(extDir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  fs.copyFileSync(path.join(HERE, 'worker-hooks.js'), path.join(extDir, 'worker-hooks.js'));
  fs.writeFileSync(path.join(extDir, 'test-background.js'), "import './worker-hooks.js';\nimport './background.js';\n");
  manifest.background.service_worker = 'test-background.js';
  if (edit) edit(extDir, manifest);
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

  const server = await startServer({ port: 0, csp: true });
  const baseUrl = `${server.origin}/`;
  const args = [...CHROMIUM_ARGS, '--enable-unsafe-extension-debugging',
    `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, ...extraArgs];
  if (locale) args.push(`--lang=${locale}`);
  const context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale,
    args,
    ignoreDefaultArgs: showScrollbars ? ['--hide-scrollbars'] : [],
    env: locale ? { ...process.env, LANGUAGE: locale, LANG: `${locale}.UTF-8` } : process.env,
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    ?? await context.waitForEvent('serviceworker', { timeout: TIMEOUT });
  const extensionId = new URL(worker.url()).host;
  // The worker is reported when it starts, not when its module has run: a toolbar click before
  // background.js has added its listener is dropped by Chrome (nothing listens, no popup).
  await waitFor('the service worker to listen for the toolbar button',
    () => worker.evaluate(() => chrome.action.onClicked.hasListeners()));
  const cdp = await context.browser().newBrowserCDPSession();

  const x = {
    context, worker, cdp, extensionId, baseUrl, extDir,
    async close() {
      try {
        await context.close();
      } finally {
        server.server.closeAllConnections();
        await new Promise((r) => server.server.close(() => r()));
        fs.rmSync(tmpDir, { recursive: true, force: true });
      }
    },
    /** Clicks the toolbar button for `page`, as the user would. */
    async clickToolbarButton(page) {
      const url = page.url();
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const tabs = targetInfos.filter((t) => t.url === url);
      assert.equal(tabs.length, 1, `expected one tab target for ${url}, found ${tabs.length}`);
      await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tabs[0].targetId });
    },
    readerFrame: (page) => page.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/reader.html`)),
    /** Waits for the reader frame to have rendered an article, a notice, or an error. */
    async waitForReader(page, timeout = TIMEOUT) {
      const frame = await waitFor('the reader iframe', () => x.readerFrame(page), timeout);
      await frame.waitForSelector('.rm-article, .rm-notice', { timeout });
      return frame;
    },
    /** Opens `url` in a new tab and the reader over it. */
    async openReader(url) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await x.clickToolbarButton(page);
      const frame = await x.waitForReader(page);
      return { page, frame };
    },
    overlayPresent: (page) => page.evaluate(() => !!document.querySelector('readmode-overlay')),
    async waitForOverlayGone(page) {
      await waitFor('the reader overlay to close', async () => !(await x.overlayPresent(page)) && !x.readerFrame(page));
    },
    /** Presses Esc in the reader and waits for the overlay to close (see extension.test.mjs). */
    async pressEscapeInReader(page) {
      const press = page.keyboard.press('Escape').catch(() => {});
      await x.waitForOverlayGone(page);
      await Promise.race([press, sleep(500)]);
    },
    /** Sets the reading settings as the options page stores them. */
    setPrefs: (prefs) => worker.evaluate((p) => chrome.storage.sync.set({ prefs: p }), prefs),
  };
  return x;
}
