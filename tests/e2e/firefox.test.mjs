// The extension in Firefox (issue 15, item 8): the packaged Firefox build (`make package` writes
// target/extension/firefox/ and its zip) in headless Firefox ESR, driven over WebDriver BiDi
// (built into Firefox; see ../shared/TOOLCHAIN.md). The reader opens over the demo page served
// with a strict Content-Security-Policy, runs the wasm core in its extension page, shows the
// article and nothing of the clutter, sits in the top layer, and leaving gives the page back as it
// was.
//
// The test copy adds what a test needs and nothing of it goes into the zip: host access to
// http://127.0.0.1/* (no user gesture can grant activeTab), and a test page (test-trigger.html)
// that makes the toolbar button's calls (scripting.executeScript, then the toggle message) for
// the article's tab, since no click on the toolbar button can be made.
//
//   node --test tests/e2e/firefox.test.mjs          (needs `make package`; Firefox: `make setup`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startServer } from '../../www/serve.mjs';
import { ARTIFACTS, REPO, assertSameHtml, sleep, squash, waitFor } from './harness.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const BUILD = path.join(REPO, 'target', 'extension', 'firefox');
const CLUTTER = ['Most Popular', 'Free Download', 'Watch now', 'Featured Resources', 'Advertisement', 'Share this article'];
const TIMEOUT = { timeout: 120_000 };

let server;
let firefox;
let bidi;
let tmpDir;
let uuid;

/** A minimal WebDriver BiDi client: send(method, params) resolves to the command's result. */
function connect(url) {
  const ws = new WebSocket(url);
  let next = 1;
  const waiting = new Map();
  ws.on('message', (data) => {
    const m = JSON.parse(data);
    const w = m.id && waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.type === 'error') w.reject(new Error(`${m.error}: ${m.message}`));
    else w.resolve(m.result);
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => resolve({
      send(method, params = {}) {
        const id = next++;
        ws.send(JSON.stringify({ id, method, params }));
        return new Promise((res, rej) => waiting.set(id, { resolve: res, reject: rej }));
      },
      close: () => ws.close(),
    }));
  });
}

/** Evaluates `expression` (which gives a JSON string) in a browsing context. */
async function evaluate(context, expression) {
  const r = await bidi.send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
  if (r.type !== 'success') throw new Error(`script error: ${JSON.stringify(r.exceptionDetails && r.exceptionDetails.text)}`);
  return r.result.type === 'string' ? JSON.parse(r.result.value) : undefined;
}

before(async () => {
  assert.ok(fs.existsSync(FIREFOX), `${FIREFOX} is missing: make setup installs firefox-esr`);
  assert.ok(fs.existsSync(path.join(BUILD, 'manifest.json')), `${BUILD} is missing: make package builds it`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'readmode-firefox-'));

  // The test copy of the packaged Firefox build.
  const extDir = path.join(tmpDir, 'extension');
  fs.cpSync(BUILD, extDir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(extDir, 'manifest.json'), 'utf8'));
  assert.deepEqual(manifest.background, { scripts: ['background.js'], type: 'module' }, 'an event page, not a service worker');
  assert.ok(manifest.browser_specific_settings.gecko.id, 'a Firefox add-on id');
  assert.equal(manifest.host_permissions, undefined, 'the packaged build asks for no host permission');
  manifest.host_permissions = ['http://127.0.0.1/*'];
  fs.writeFileSync(path.join(extDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(extDir, 'test-trigger.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="test-trigger.js"></script>');
  fs.writeFileSync(path.join(extDir, 'test-trigger.js'), `// Test-only: the toolbar button's calls, for the tab named in the hash.
import './messages.js';
try {
  const url = decodeURIComponent(location.hash.slice(1));
  // (Firefox match patterns take no port: look through the tabs instead.)
  const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
  if (!tab) throw new Error(\`no tab at \${url}\`);
  await chrome.scripting.executeScript({ target: { tabId: tab.id, frameIds: [0] }, files: ['messages.js', 'pkg/read-tree.js', 'content.js'] });
  const reply = await chrome.tabs.sendMessage(tab.id, { type: globalThis.readmodeMessages.TOGGLE }, { frameId: 0 });
  document.title = JSON.stringify(reply);
} catch (e) {
  document.title = JSON.stringify({ error: String(e && e.message || e) });
}
`);

  // A profile with a known extension origin.
  uuid = crypto.randomUUID();
  const profile = path.join(tmpDir, 'profile');
  fs.mkdirSync(profile);
  fs.writeFileSync(path.join(profile, 'user.js'), [
    `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: uuid }))});`,
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
    'user_pref("browser.aboutwelcome.enabled", false);',
  ].join('\n'));

  server = await startServer({ port: 0, csp: true });
  firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0',
    '--remote-allow-system-access', '--width=1280', '--height=900', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const wsUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Firefox did not start BiDi:\n${stderr.slice(-2000)}`)), 60_000);
    firefox.stderr.on('data', (d) => {
      stderr += d;
      const m = stderr.match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    firefox.once('exit', (code) => reject(new Error(`Firefox exited (${code}):\n${stderr.slice(-2000)}`)));
  });
  bidi = await connect(`${wsUrl}/session`);
  await bidi.send('session.new', { capabilities: {} });
  await bidi.send('webExtension.install', { extensionData: { type: 'path', path: extDir } });
});

after(async () => {
  try {
    if (bidi) {
      await Promise.race([bidi.send('session.end').catch(() => {}), sleep(2000)]);
      bidi.close();
    }
  } finally {
    if (firefox && firefox.exitCode === null) {
      firefox.kill('SIGTERM');
      await Promise.race([new Promise((r) => firefox.once('exit', r)), sleep(5000)]);
      if (firefox.exitCode === null) firefox.kill('SIGKILL');
    }
    if (server) {
      server.server.closeAllConnections();
      await new Promise((r) => server.server.close(() => r()));
    }
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
});

/** The reader frame's context under the article's tab, once it has rendered. */
async function readerContext(top) {
  return waitFor('the reader frame in Firefox', async () => {
    const { contexts } = await bidi.send('browsingContext.getTree', { root: top });
    const find = (list) => {
      for (const c of list || []) {
        if (c.url.startsWith(`moz-extension://${uuid}/reader.html`)) return c.context;
        const inner = find(c.children);
        if (inner) return inner;
      }
      return null;
    };
    const ctx = find(contexts);
    if (!ctx) return null;
    const ready = await evaluate(ctx, 'JSON.stringify(!!document.querySelector(".rm-article, .rm-notice"))');
    return ready ? ctx : null;
  }, 60_000);
}

/** Opens the test trigger in a new tab: the toolbar button's calls for the tab at `url`. */
async function toggle(url) {
  const { context } = await bidi.send('browsingContext.create', { type: 'tab' });
  await bidi.send('browsingContext.navigate', {
    context, url: `moz-extension://${uuid}/test-trigger.html#${encodeURIComponent(url)}`, wait: 'complete',
  });
  const reply = await waitFor('the toggle to answer', () => evaluate(context, 'JSON.stringify(document.title.startsWith("{") ? document.title : "")'), 30_000)
    .catch(async (e) => {
      const seen = await evaluate(context, 'JSON.stringify([location.href, document.title, document.readyState])').catch((x) => String(x));
      throw new Error(`${e.message} (trigger page: ${JSON.stringify(seen)})`);
    });
  await bidi.send('browsingContext.close', { context });
  return JSON.parse(reply);
}

test('Firefox: the packaged extension opens the reader over a strict-CSP page and leaves the page as it was', TIMEOUT, async () => {
  const { contexts } = await bidi.send('browsingContext.getTree', {});
  const top = contexts[0].context;
  const url = `${server.origin}/www/index.html?firefox`;
  await bidi.send('browsingContext.navigate', { context: top, url, wait: 'complete' });
  await sleep(300);
  const before = await evaluate(top, `JSON.stringify({
    html: document.documentElement.outerHTML,
    title: document.querySelector('h1').textContent,
    first: [...document.body.querySelectorAll('p')].filter((p) => !p.closest('nav, aside, footer'))
      .map((p) => p.textContent.replace(/\\s+/g, ' ').trim()).find((t) => t.length > 120),
  })`);

  assert.deepEqual(await toggle(url), { ok: true, open: true }, 'the reader opens');
  const reader = await readerContext(top);
  const shown = await evaluate(reader, `JSON.stringify({
    title: document.querySelector('.rm-title')?.textContent,
    body: document.querySelector('.rm-body')?.textContent ?? '',
    text: document.body.innerText,
    main: document.querySelectorAll('main').length,
    scripts: document.querySelectorAll('.rm-root script').length,
    handlers: [...document.querySelectorAll('.rm-root *')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
    lang: document.documentElement.lang,
    close: document.querySelector('[data-action="close"]')?.getAttribute('aria-label'),
  })`);
  assert.equal(squash(shown.title), squash(before.title), 'the title');
  assert.ok(squash(shown.body).includes(squash(before.first)), 'the first paragraph');
  for (const c of CLUTTER) assert.ok(!shown.text.includes(c), `no "${c}"`);
  assert.deepEqual([shown.main, shown.scripts, shown.handlers], [1, 0, 0], 'a <main>, no script, no handler');
  assert.equal(shown.close, 'Close reader view', 'the toolbar is labelled');
  // In the top layer: what the viewport shows is the overlay, even over a late banner.
  const onTop = await evaluate(top, `(() => {
    const b = document.createElement('div');
    b.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:red';
    document.documentElement.append(b);
    const hit = document.elementFromPoint(innerWidth / 2, innerHeight / 2).localName;
    b.remove();
    return JSON.stringify(hit);
  })()`);
  assert.equal(onTop, 'readmode-overlay', 'the reader is above a late banner');

  const shot = await bidi.send('browsingContext.captureScreenshot', { context: top });
  fs.writeFileSync(path.join(ARTIFACTS, 'firefox.png'), Buffer.from(shot.data, 'base64'));

  assert.deepEqual(await toggle(url), { ok: true, open: false }, 'the reader closes');
  const after = await evaluate(top, 'JSON.stringify(document.documentElement.outerHTML)');
  assertSameHtml(after, before.html, 'the page is byte-for-byte the same after the reader closes');
});
