// The extension survives the page it reads, end to end in headless Chromium (launch.mjs loads the
// extension as extension.test.mjs does). A page's scripts run beside the content script and can
// remove, move, restyle or hide the reader's overlay, shadow the DOM properties the content
// script reads (a <form>'s named controls), or be too large to send to the reader; and what the
// page can observe while the reader is open is exactly what the README says.
//
//   node --test tests/e2e/hostile-page.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameHtml, launchExtension, waitFor } from './launch.mjs';

const TEST_TIMEOUT = { timeout: 120_000 };
const DEMO = '/www/index.html';

let ext;

before(async () => {
  ext = await launchExtension({ showScrollbars: true });
});

after(async () => {
  if (ext) await ext.close();
});

/** A fresh tab on `path` of the test server, loaded. */
async function openPage(path) {
  const page = await ext.context.newPage();
  const response = await page.goto(`${ext.baseUrl}${path}`, { waitUntil: 'load' });
  assert.ok(response && response.ok(), `${path}: HTTP ${response && response.status()}`);
  return page;
}

/** Closes a tab without waiting forever on one whose renderer is stuck. */
const closePage = (page) => Promise.race([page.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);

/** The inline style attributes of <html> and <body>, and their computed overflow. */
const scrollState = (page) => page.evaluate(() => ({
  html: document.documentElement.getAttribute('style'),
  body: document.body.getAttribute('style'),
  overflow: getComputedStyle(document.documentElement).overflow,
}));

/** The one-time token in the URL of the reader frame. */
const tokenOf = (frame) => new URL(frame.url()).hash;

// Ways a page script takes the overlay away (`host` is the <readmode-overlay> element), and
// whether the page is left as it was (a page that changed itself is not).
const TAMPERING = [
  ['removes the overlay element', () => document.querySelector('readmode-overlay').remove(), true],
  ['removes it and puts it back', () => {
    const host = document.querySelector('readmode-overlay');
    host.remove();
    document.documentElement.append(host);
  }, true],
  ['hides it with an inline style', () => { document.querySelector('readmode-overlay').style.display = 'none'; }, true],
  ['replaces its style attribute', () => document.querySelector('readmode-overlay').setAttribute('style', 'opacity: 0'), true],
  ['makes it inert', () => { document.querySelector('readmode-overlay').inert = true; }, true],
  ['moves it into a hidden element', () => {
    const box = document.createElement('div');
    box.hidden = true;
    document.body.append(box);
    box.append(document.querySelector('readmode-overlay'));
  }, false],
  ['hides <html> with a style sheet it adds', () => {
    const style = document.createElement('style');
    style.textContent = 'html { display: none !important }';
    document.head.append(style);
  }, false],
  ['renders a new <html> around its head and body', () => {
    const html = document.createElement('html');
    html.append(document.head, document.body);
    document.documentElement.replaceWith(html);
  }, false],
];

for (const [what, tamper, untouched] of TAMPERING) {
  test(`a page script that ${what}: the scroll lock is released and the next click opens a fresh reader`, TEST_TIMEOUT, async () => {
    const page = await openPage(DEMO);
    try {
      const before = await page.evaluate(() => document.documentElement.outerHTML);
      const unlocked = await scrollState(page);
      await ext.clickToolbarButton(page);
      const firstToken = tokenOf(await ext.waitForReader(page));
      assert.equal((await scrollState(page)).overflow, 'hidden', 'the page is locked while the reader is open');

      await page.evaluate(tamper);
      // The extension notices, and gives the page its scrolling back as it was.
      await waitFor('the scroll lock to be released', async () => {
        const s = await scrollState(page);
        return s.html === unlocked.html && s.body === unlocked.body;
      });
      assert.equal(await page.evaluate(() => document.querySelectorAll('readmode-overlay').length), 0, 'no overlay element is left');
      if (untouched) {
        assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before, 'the page is as it was');
      }

      // The next click opens a new reader (before the fix it closed the stale one instead).
      if (what.startsWith('hides <html>')) await page.evaluate(() => document.head.lastElementChild.remove());
      await ext.clickToolbarButton(page);
      const second = await waitFor('a new reader frame', () => {
        const f = ext.readerFrame(page);
        return f && tokenOf(f) !== firstToken && f;
      });
      await second.waitForSelector('.rm-article', { timeout: 20_000 });
      assert.equal((await scrollState(page)).overflow, 'hidden', 'the new reader locks the page again');
    } finally {
      await closePage(page);
    }
  });
}

test('a page that removes whatever it did not render from <html>: each click opens a reader, nothing stays locked', TEST_TIMEOUT, async () => {
  const page = await openPage('/tests/e2e/fixtures/foreign-nodes.html');
  try {
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    for (let click = 1; click <= 2; click++) {
      await ext.clickToolbarButton(page);
      await waitFor(`the page to remove overlay ${click}`, () => page.evaluate((n) => window.foreignRemoved === n, click));
      await waitFor('the scroll lock to be released', async () => (await scrollState(page)).overflow !== 'hidden');
    }
    assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before, 'the page is as it was');
  } finally {
    await closePage(page);
  }
});

test('a page whose forms shadow DOM properties (DOM clobbering): the reader opens, the page is as it was', TEST_TIMEOUT, async () => {
  // Before: `<input name="parentElement">` made the content script's walk up the tree loop
  // forever, and the tab hung; `<input name="setAttribute">` in a hidden form broke the snapshot.
  const page = await openPage('/tests/e2e/fixtures/clobbered-forms.html');
  try {
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    await ext.clickToolbarButton(page);
    const frame = await ext.waitForReader(page);
    const text = await frame.evaluate(() => document.querySelector('.rm-body')?.textContent ?? document.body.innerText);
    assert.match(text, /The light on the point was automated in the spring/, 'the reader shows the article');
    assert.doesNotMatch(text, /Hidden form words/, 'the visibility:hidden form stays out of the reader');
    await frame.evaluate(() => document.querySelector('[data-action="close"]').click());
    await waitFor('the overlay to close', () => page.evaluate(() => !document.querySelector('readmode-overlay')));
    assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before, 'the page is as it was');
  } finally {
    await closePage(page);
  }
});

test('a page too large to send to the reader: the reader says so, and how large', TEST_TIMEOUT, async () => {
  // Extension messages carry at most 64 MiB of JSON; this page's snapshot is about 65 MiB.
  const page = await openPage(DEMO);
  try {
    const mb = await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'x'.repeat(65 * 2 ** 20);
      document.querySelector('article, main, body').append(p);
      return document.documentElement.outerHTML.length / 2 ** 20;
    });
    await ext.clickToolbarButton(page);
    const frame = await ext.waitForReader(page, 90_000);
    const notice = await frame.evaluate(() => document.querySelector('.rm-notice')?.textContent ?? '');
    const m = /This page is too large for the reader view \((\d+\.\d) MB; it can take up to 64 MB\)\./.exec(notice);
    assert.ok(m, `the reader does not say the page is too large: ${JSON.stringify(notice)}`);
    assert.ok(Math.abs(Number(m[1]) - mb) < 1, `the size said (${m[1]} MB) is not the page's (${mb.toFixed(1)} MB)`);
    const tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, page.url());
    const title = await waitFor('the error title', () => ext.worker.evaluate(async (id) => {
      const t = await chrome.action.getTitle({ tabId: id });
      return t.includes('too large') && t;
    }, tabId));
    assert.match(title, /^readmode: the reader view cannot open on this page \(This page is too large/, 'the button says it too');
  } finally {
    await closePage(page);
  }
});

test('what a page observes while the reader is open is what the README lists', TEST_TIMEOUT, async () => {
  const page = await openPage('/tests/e2e/fixtures/observed.html');
  try {
    await page.waitForTimeout(300); // the observers' first callbacks
    const observed = () => page.evaluate(() => window.observed.splice(0).filter((l) => !l.startsWith('performance: longtask')));
    await observed();
    await ext.clickToolbarButton(page);
    await ext.waitForReader(page);
    await page.waitForTimeout(500);
    const open = await page.evaluate(() => {
      const host = document.querySelector('readmode-overlay');
      let attach = 'allowed';
      try {
        host.attachShadow({ mode: 'open' });
      } catch (e) {
        attach = e.name;
      }
      return {
        active: document.activeElement && document.activeElement.localName,
        hasFocus: document.hasFocus(),
        visibility: document.visibilityState,
        frames: window.length,
        shadowRoot: host.shadowRoot,
        attach,
        atPoint: document.elementFromPoint(200, 200).localName,
        extensionEntries: performance.getEntries().filter((e) => /^chrome-extension:/.test(e.name)).length,
      };
    });
    const whileOpen = await observed();
    await page.keyboard.press('Escape').catch(() => {});
    await waitFor('the overlay to close', () => page.evaluate(() => !document.querySelector('readmode-overlay')));
    await page.waitForTimeout(500);
    const afterClose = await observed();

    // What the page sees of the element: present, opaque (closed shadow root, no frame in
    // window.frames), on top of everything, with the focus.
    assert.deepEqual(open, {
      active: 'readmode-overlay',
      hasFocus: true,
      visibility: 'visible',
      frames: 0,
      shadowRoot: null,
      attach: 'NotSupportedError',
      atPoint: 'readmode-overlay',
      extensionEntries: 0,
    });
    const has = (list, line) => assert.ok(list.includes(line), `the page did not observe "${line}": ${JSON.stringify(list)}`);
    for (const line of ['mutation: <readmode-overlay> added to <html>', 'mutation: style of <html> changed',
      'mutation: style of <body> changed', 'focus: window blur', 'layout: the body was resized', 'occlusion: the heading is covered']) {
      has(whileOpen, line);
    }
    for (const line of ['mutation: <readmode-overlay> removed from <html>', 'mutation: style of <html> changed',
      'mutation: style of <body> changed', 'focus: window focus', 'layout: the body was resized', 'occlusion: the heading is visible again']) {
      has(afterClose, line);
    }
    // Nothing else: no other element or attribute, no window resize, no change of visibility,
    // no resource of the extension's in the page's timeline, none of the keys typed in the reader.
    const expected = /^(mutation: (<readmode-overlay> (added to|removed from) <html>|style of <(html|body)> changed)|focus: (window (blur|focus)|focus(in|out) <readmode-overlay>)|layout: the body was resized|occlusion: the heading (is covered|is visible again))$/;
    const other = [...whileOpen, ...afterClose].filter((l) => !expected.test(l));
    assert.deepEqual(other, [], 'the page observed something the README does not list');
  } finally {
    await closePage(page);
  }
});
