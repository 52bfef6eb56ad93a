// The extension in headless Chromium, loaded the way extension.test.mjs loads it (read its header):
// a copy of extension/ whose manifest adds host access to http://127.0.0.1/* (a test cannot make
// the gesture that grants activeTab) and whose service worker imports worker-hooks.js first; the
// pages come from the demo's server with its strict Content-Security-Policy; the toolbar button
// is clicked with the DevTools protocol. Nothing of this goes into extension/.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../www/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXTENSION = path.resolve(HERE, '..', '..', 'extension');
export const TIMEOUT = 20_000;

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
    await new Promise((r) => setTimeout(r, 100));
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

/**
 * Starts the server and Chromium with the test copy of the extension. `showScrollbars` keeps the
 * page's scroll bars (playwright hides them in headless mode), so that a page sees what a desktop
 * browser shows it.
 */
export async function launchExtension({ showScrollbars = false } = {}) {
  assert.ok(fs.existsSync(path.join(EXTENSION, 'pkg', 'readmode_bg.wasm')), 'extension/pkg is missing: build the wasm first (make build)');
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmode-e2e-'));
  const extDir = path.join(tmpDir, 'extension');
  fs.cpSync(EXTENSION, extDir, { recursive: true, dereference: true });
  const manifestPath = path.join(extDir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  fs.copyFileSync(path.join(HERE, 'worker-hooks.js'), path.join(extDir, 'worker-hooks.js'));
  fs.writeFileSync(path.join(extDir, 'test-background.js'), `import './worker-hooks.js';\nimport './${manifest.background.service_worker}';\n`);
  manifest.background.service_worker = 'test-background.js';
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

  const served = await startServer({ port: 0, csp: true });
  const context = await chromium.launchPersistentContext(path.join(tmpDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    ignoreDefaultArgs: showScrollbars ? ['--hide-scrollbars'] : [],
    args: [...CHROMIUM_ARGS, '--enable-unsafe-extension-debugging', `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    ?? await context.waitForEvent('serviceworker', { timeout: TIMEOUT });
  const extensionId = new URL(worker.url()).host;
  const cdp = await context.browser().newBrowserCDPSession();

  /** Clicks the toolbar button for `page`, as the user would. */
  async function clickToolbarButton(page) {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tabs = targetInfos.filter((t) => t.url === page.url());
    assert.equal(tabs.length, 1, `expected one tab target for ${page.url()}, found ${tabs.length}`);
    await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tabs[0].targetId });
  }
  const readerFrame = (page) => page.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/reader.html`));
  /** Waits for the reader frame to have rendered an article, a notice, or an error. */
  async function waitForReader(page, timeout = TIMEOUT) {
    const frame = await waitFor('the reader iframe', () => readerFrame(page), timeout);
    await frame.waitForSelector('.rm-article, .rm-notice', { timeout });
    return frame;
  }
  return {
    baseUrl: served.origin,
    context,
    worker,
    extensionId,
    clickToolbarButton,
    readerFrame,
    waitForReader,
    async close() {
      try {
        await context.close();
      } finally {
        served.server.closeAllConnections();
        await new Promise((r) => served.server.close(() => r()));
        fs.rmSync(tmpDir, { recursive: true, force: true });
      }
    },
  };
}
