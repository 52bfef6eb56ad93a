// The extension survives the page it reads, end to end in headless Chromium (harness.mjs loads
// the test copy of the extension). A page's scripts run beside the content script and can remove,
// move, restyle or hide the reader's overlay (a <readmode-overlay> element holding, in a closed
// shadow root, a modal <dialog> with the reader frame), close that dialog, shadow the DOM
// properties the content script reads (a <form>'s named controls), or be too large to send to the
// reader; and what the page can observe while the reader is open is exactly what the README says.
//
//   node --test tests/e2e/hostile-page.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, assertSameHtml, launch, waitFor } from './harness.mjs';

const DEMO = 'www/index.html';

let ext;

before(async () => {
  ext = await launch({ showScrollbars: true });
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

/** Whether the page's own search field can take the focus (the page behind a modal cannot). */
const pageTakesFocus = (page) => page.evaluate(() => {
  const input = document.querySelector('#site-search');
  input.focus();
  const ok = document.activeElement === input;
  input.blur();
  return ok;
});

/** The attributes of the outlines Show blocks drew (in the closed shadow root: read over CDP). */
async function outlines(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const boxes = [];
    const walk = (n) => {
      const pairs = n.attributes || [];
      const attrs = Object.fromEntries(pairs.flatMap((v, i) => (i % 2 ? [] : [[v, pairs[i + 1]]])));
      if (n.localName === 'button' && /(^|\s)box(\s|$)/.test(attrs.class || '')) boxes.push(attrs);
      for (const c of [...(n.children || []), ...(n.shadowRoots || [])]) walk(c);
    };
    walk(root);
    return boxes;
  } finally {
    await cdp.detach();
  }
}

/** The one-time token in the URL of the reader frame. */
const tokenOf = (frame) => new URL(frame.url()).hash;

/**
 * Runs `fn` with `this` the overlay's <dialog>, in the page's own world: a page script that got
 * hold of the element in the closed shadow root (DevTools pierces it; a page should not be able
 * to, but the extension does not count on that).
 */
async function onDialog(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    /** The first node named `name` at or below `n`, shadow roots included. */
    const find = (n, name) => {
      if (n.localName === name) return n;
      for (const c of [...(n.shadowRoots || []), ...(n.children || [])]) {
        const hit = find(c, name);
        if (hit) return hit;
      }
      return null;
    };
    const host = find(root, 'readmode-overlay');
    assert.ok(host, 'no <readmode-overlay> in the page');
    const dialog = find(host, 'dialog');
    assert.ok(dialog, 'no <dialog> in the overlay');
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: dialog.backendNodeId });
    await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: fn.toString() });
  } finally {
    await cdp.detach();
  }
}

// Ways a page script takes the overlay away (`host` is the <readmode-overlay> element; a
// `dialog` function runs on the <dialog> inside it), and whether the page is left as it was (a
// page that changed itself is not).
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
  ['makes <html> inert', () => { document.documentElement.inert = true; }, false],
  ['renders a new <html> around its head and body', () => {
    const html = document.createElement('html');
    html.append(document.head, document.body);
    document.documentElement.replaceWith(html);
  }, false],
  ['closes the dialog (dialog.close())', { dialog: function () { this.close(); } }, true],
  ['removes the dialog\'s open attribute', { dialog: function () { this.removeAttribute('open'); } }, true],
  ['hides the dialog with an inline style', { dialog: function () { this.style.display = 'none'; } }, true],
  ['makes the dialog inert', { dialog: function () { this.inert = true; } }, true],
  ['takes the reader frame out of the dialog', { dialog: function () { this.firstElementChild.remove(); } }, true],
];

for (const [what, tamper, untouched] of TAMPERING) {
  test(`a page script that ${what}: the page is given back and the next click opens a fresh reader`, TEST_TIMEOUT, async () => {
    const page = await openPage(DEMO);
    try {
      const before = await page.evaluate(() => document.documentElement.outerHTML);
      const unlocked = await scrollState(page);
      await ext.clickToolbarButton(page);
      const firstToken = tokenOf(await ext.waitForReader(page));
      assert.equal((await scrollState(page)).overflow, 'hidden', 'the page is locked while the reader is open');
      assert.equal(await pageTakesFocus(page), false, 'the page is inert while the reader is open');

      if (tamper.dialog) await onDialog(page, tamper.dialog);
      else await page.evaluate(tamper);
      // The extension notices, and gives the page its scrolling back as it was.
      await waitFor('the scroll lock to be released', async () => {
        const s = await scrollState(page);
        return s.html === unlocked.html && s.body === unlocked.body;
      });
      assert.equal(await page.evaluate(() => document.querySelectorAll('readmode-overlay').length), 0, 'no overlay element is left');
      // The page undoes its own change (a hidden or inert page takes no focus anyway); nothing of
      // the modal is left: the page takes the focus again, and has no extra style sheet.
      if (what.startsWith('hides <html>')) await page.evaluate(() => document.head.lastElementChild.remove());
      if (what === 'makes <html> inert') await page.evaluate(() => { document.documentElement.inert = false; });
      assert.equal(await pageTakesFocus(page), true, 'the page is no longer inert');
      assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0, 'the print style sheet is gone');
      if (untouched) {
        assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before, 'the page is as it was');
      }

      // The next click opens a new reader (before the fix it closed the stale one instead).
      await ext.clickToolbarButton(page);
      const second = await waitFor('a new reader frame', () => {
        const f = ext.readerFrame(page);
        return f && tokenOf(f) !== firstToken && f;
      });
      await second.waitForSelector('.rm-article', { timeout: 20_000 });
      assert.equal((await scrollState(page)).overflow, 'hidden', 'the new reader locks the page again');
      assert.equal(await pageTakesFocus(page), false, 'the new reader makes the page inert again');
    } finally {
      await closePage(page);
    }
  });
}

test('a page that removes whatever it did not render from <html>: each click opens a reader, nothing stays locked', TEST_TIMEOUT, async () => {
  const page = await openPage('tests/e2e/fixtures/foreign-nodes.html');
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
  const page = await openPage('tests/e2e/fixtures/clobbered-forms.html');
  try {
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    await ext.clickToolbarButton(page);
    const frame = await ext.waitForReader(page);
    const text = await frame.evaluate(() => document.querySelector('.rm-body')?.textContent ?? document.body.innerText);
    assert.match(text, /The light on the point was automated in the spring/, 'the reader shows the article');
    assert.doesNotMatch(text, /Hidden form words/, 'the visibility:hidden form stays out of the reader');
    // Show blocks outlines this page's blocks too, the text of the form whose controls are named
    // isConnected, getBoundingClientRect and localName placed like any other.
    await frame.click('[data-action="blocks"]');
    const box = await waitFor('the form\'s outline, placed', async () => (await outlines(page))
      .find((b) => /Readers who knew the keeper/.test(b['aria-label'] || '') && /width: [1-9]/.test(b.style || '') && !('hidden' in b)));
    assert.ok(box, 'an outline lies over the form\'s paragraph');
    await page.keyboard.press('Escape');
    await waitFor('the reader back', async () => !!(await ext.readerFrame(page)?.$('.rm-article')));
    await frame.evaluate(() => document.querySelector('[data-action="close"]').click());
    await waitFor('the overlay to close', () => page.evaluate(() => !document.querySelector('readmode-overlay')));
    assertSameHtml(await page.evaluate(() => document.documentElement.outerHTML), before, 'the page is as it was');
  } finally {
    await closePage(page);
  }
});

test('a page whose elements shadow the document\'s own properties: the reader opens and closes, the page is as it was', TEST_TIMEOUT, async () => {
  // <img name="documentElement"> makes document.documentElement that image for the page's own
  // scripts (the test reads the page through Document.prototype for that reason); Chromium keeps
  // the document's named properties out of the content script's isolated world (a <form>'s named
  // controls it does not), and this test keeps it so.
  const page = await openPage('tests/e2e/fixtures/clobbered-document.html');
  const html = () => page.evaluate(() => Object.getOwnPropertyDescriptor(Document.prototype, 'documentElement').get.call(document).outerHTML);
  const overlays = () => page.evaluate(() => Document.prototype.querySelectorAll.call(document, 'readmode-overlay').length);
  try {
    assert.equal(await page.evaluate(() => document.documentElement.localName), 'img', 'the fixture clobbers the document');
    const before = await html();
    await ext.clickToolbarButton(page);
    const frame = await ext.waitForReader(page);
    const text = await frame.evaluate(() => document.querySelector('.rm-body')?.textContent ?? document.body.innerText);
    assert.match(text, /half past four on Saturdays/, 'the reader shows the article');
    assert.equal(await overlays(), 1, 'one overlay');
    await frame.evaluate(() => document.querySelector('[data-action="close"]').click());
    await waitFor('the overlay to close', async () => (await overlays()) === 0);
    assertSameHtml(await html(), before, 'the page is as it was');
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

test('a page of more elements than the core reads: the reader shows its start and says it was cut', TEST_TIMEOUT, async () => {
  // The content script's walk stops at the core's MAX_ELEMENTS (250,000), built into its copy of
  // read_tree.js from the Rust constant; the list's tail past it is neither walked nor looked at.
  const page = await openPage(DEMO);
  try {
    const title = await page.evaluate(() => {
      const ul = document.createElement('ul');
      ul.innerHTML = '<li><a href="/x">link item</a></li>'.repeat(150_000);
      document.body.append(ul);
      return document.querySelector('h1').textContent.trim();
    });
    await ext.clickToolbarButton(page);
    const frame = await ext.waitForReader(page, 90_000);
    const shown = await frame.evaluate(() => ({
      cut: document.querySelector('.rm-truncated')?.textContent ?? null,
      title: document.querySelector('.rm-title')?.textContent ?? null,
    }));
    assert.equal(shown.cut, 'This page is very long: the reader shows what its first 250,000 elements hold.');
    assert.equal(shown.title, title, 'the article at the start of the page is shown');
  } finally {
    await closePage(page);
  }
});

test('what a page observes while the reader is open is what the README lists', TEST_TIMEOUT, async () => {
  const page = await openPage('tests/e2e/fixtures/observed.html');
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
        adoptedSheets: document.adoptedStyleSheets.length,
        pageTakesFocus: (() => {
          document.querySelector('#page-input').focus();
          return document.activeElement === document.querySelector('#page-input');
        })(),
      };
    });
    const whileOpen = await observed();
    await page.keyboard.press('Escape').catch(() => {});
    await waitFor('the overlay to close', () => page.evaluate(() => !document.querySelector('readmode-overlay')));
    await page.waitForTimeout(500);
    const afterClose = await observed();

    // What the page sees of the element: present, opaque (closed shadow root, no frame in
    // window.frames), on top of everything, with the focus; the page itself is inert (its field
    // cannot take the focus) and has one more adopted style sheet (print media only).
    assert.deepEqual(open, {
      active: 'readmode-overlay',
      hasFocus: true,
      visibility: 'visible',
      frames: 0,
      shadowRoot: null,
      attach: 'NotSupportedError',
      atPoint: 'readmode-overlay',
      extensionEntries: 0,
      adoptedSheets: 1,
      pageTakesFocus: false,
    });
    assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0, 'the print style sheet is gone after close');
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
