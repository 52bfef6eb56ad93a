// Show blocks and corrections (issue 15, item 4), in real Chromium with the real extension and the
// real wasm core: "Show blocks" outlines every block on the live page with its label and reasons;
// a click keeps a block or leaves it out; the correction is remembered for the site, survives a
// reload and applies on another page of the same site (by the block's structural path, through
// the core's `corrections` option). A refused page says why and offers "Read it anyway" and "Pick
// the text"; the discussion under an article is offered folded at the end.
//
//   node --test tests/e2e/corrections.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, TEST_TIMEOUT, launch, sleep, squash, waitFor } from './harness.mjs';

let x;
before(async () => {
  x = await launch();
});
after(async () => {
  if (x) await x.close();
});

const NOTE_1 = 'This story was updated on Wednesday';
const NOTE_2 = 'This story was updated on Sunday';
const SHOP = 'Shop owners on Mill Street moved their stock upstairs';

/** The outlines Show blocks drew (they are in the overlay's closed shadow root: read over CDP). */
async function outlines(page) {
  const session = await x.context.newCDPSession(page);
  try {
    const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
    const boxes = [];
    const walk = (n) => {
      const attrs = Object.fromEntries((n.attributes || []).reduce((a, v, i, all) => (i % 2 ? a : [...a, [v, all[i + 1]]]), []));
      if (n.nodeName === 'BUTTON' && /(^|\s)box(\s|$)/.test(attrs.class || '')) boxes.push(attrs);
      for (const c of [...(n.children || []), ...(n.shadowRoots || [])]) walk(c);
    };
    walk(root);
    return boxes;
  } finally {
    await session.detach();
  }
}

/** What is under a point of the page, through closed shadow roots: its tag and attributes. */
async function nodeAt(page, px, py) {
  const session = await x.context.newCDPSession(page);
  try {
    await session.send('DOM.getDocument', { depth: 0 });
    const { backendNodeId } = await session.send('DOM.getNodeForLocation', { x: Math.round(px), y: Math.round(py), includeUserAgentShadowDOM: true });
    const { node } = await session.send('DOM.describeNode', { backendNodeId });
    const a = node.attributes || [];
    return { name: node.nodeName, ...Object.fromEntries(a.filter((_, i) => i % 2 === 0).map((k, i) => [k, a[2 * i + 1]])) };
  } finally {
    await session.detach();
  }
}

/**
 * Clicks the middle of a live page element, as a user clicks its outline: once the outline of
 * that element is what lies there (the outlines are placed as they are drawn, and the page scrolls
 * the element into view first).
 */
async function clickOver(page, text) {
  const at = await waitFor(`the outline of "${text}" under the pointer`, async () => {
    const p = await page.evaluate((t) => {
      const el = [...document.querySelectorAll('p')].find((q) => q.textContent.includes(t));
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, text);
    const node = await nodeAt(page, p.x, p.y);
    return node.name === 'BUTTON' && String(node['aria-label'] || '').includes(text) ? p : null;
  });
  await page.mouse.click(at.x, at.y);
}

const stored = () => x.worker.evaluate(() => chrome.storage.sync.get(null));
const bodyText = async (frame) => squash(await frame.evaluate(() => document.querySelector('.rm-body')?.textContent ?? ''));

test('Show blocks on the live page; a correction survives a reload and applies on another page of the site', TEST_TIMEOUT, async () => {
  const site = `${x.baseUrl}tests/e2e/fixtures/site/`;
  const { page, frame } = await x.openReader(`${site}story-1.html`);
  try {
    assert.ok(!(await bodyText(frame)).includes(NOTE_1), 'the side note is left out at first');
    assert.ok((await bodyText(frame)).includes(SHOP));
    // The discussion, folded at the end, two comments.
    const comments = await frame.evaluate(() => {
      const d = document.querySelector('details.rm-comments');
      return d && { summary: d.querySelector('summary').textContent, open: d.open, items: d.querySelectorAll('p').length, text: d.textContent };
    });
    assert.equal(comments.summary, 'Comments (2)');
    assert.equal(comments.open, false, 'folded');
    assert.match(comments.text, /riverside_anne\s*We have lived on Mill Street/);
    assert.ok(!(await bodyText(frame)).includes('We have lived on Mill Street'), 'comments are not mixed into the article');

    // Show blocks: the reader steps aside, the live page gets an outline per block.
    await frame.click('[data-action="blocks"]');
    await waitFor('the outlines', async () => (await outlines(page)).length > 0);
    const boxes = await outlines(page);
    assert.ok(boxes.length >= 12, `an outline per block: ${boxes.length}`);
    const labels = new Set(boxes.map((b) => b['data-label']));
    for (const l of ['navigation', 'content', 'other', 'comments', 'footer']) assert.ok(labels.has(l), `a ${l} block is outlined`);
    const note = boxes.find((b) => /aside/.test(b['data-path']));
    assert.match(note.title, /^other \(\d+%\)\n.+\nhtml>body/, `the reasons on hover: ${note.title}`);
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), 'visible', 'the page scrolls while blocks are shown');
    await page.screenshot({ path: path.join(ARTIFACTS, 'blocks.png') });

    // Keep the side note; leave a paragraph out, then change one's mind and keep it after all.
    await clickOver(page, NOTE_1);
    await clickOver(page, SHOP);
    await waitFor('two corrections stored', async () => (await stored())['corrections:127.0.0.1']?.length === 2);
    let list = (await stored())['corrections:127.0.0.1'];
    assert.deepEqual(list.map((c) => c.keep), [true, false]);
    assert.equal(list[0].path, 'html>body:nth-child(2)>main:nth-child(2)>aside:nth-child(2)>p');
    const kept = (await outlines(page)).find((b) => b['data-path'] === list[0].path);
    assert.equal(kept['data-label'], 'content');
    assert.equal(kept['aria-pressed'], 'true');

    // Back to the reader (Esc): it has read the page again with the corrections.
    await page.keyboard.press('Escape');
    await waitFor('the corrected reader', async () => {
      const t = await bodyText(frame);
      return t.includes(NOTE_1) && !t.includes(SHOP);
    });
    assert.equal(await frame.textContent('.rm-note-line'), '2 of your corrections applied');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), 'hidden', 'the page is locked again');

    // The paragraph back: Show blocks again, click it again.
    await frame.click('[data-action="blocks"]');
    await waitFor('the outlines', async () => (await outlines(page)).length > 0);
    await clickOver(page, SHOP);
    await waitFor('the paragraph kept', async () => (await stored())['corrections:127.0.0.1']?.every((c) => c.keep));
    await page.keyboard.press('Escape');
    await waitFor('the paragraph back in the reader', async () => (await bodyText(frame)).includes(SHOP));
    await x.pressEscapeInReader(page);

    // A reload: the side note is still kept.
    await page.reload();
    await x.clickToolbarButton(page);
    const reloaded = await x.waitForReader(page);
    assert.ok((await bodyText(reloaded)).includes(NOTE_1), 'the correction survives a reload');
    await x.pressEscapeInReader(page);

    // Another page of the same site: the same template, the same path, the correction applies.
    await page.goto(`${site}story-2.html`);
    await x.clickToolbarButton(page);
    const second = await x.waitForReader(page);
    const text2 = await bodyText(second);
    assert.ok(text2.includes(NOTE_2), `the correction applies on the site's second page: ${text2.slice(-200)}`);
    assert.ok(text2.includes('Visitors queued from early morning'), 'the article is whole');
    assert.match(await second.textContent('.rm-note-line'), /of your corrections applied/);
    await x.pressEscapeInReader(page);
  } finally {
    await x.worker.evaluate(() => chrome.storage.sync.remove('corrections:127.0.0.1'));
    await page.close();
  }
});

test('a refused page says why and offers "Read it anyway" and "Pick the text"', TEST_TIMEOUT, async () => {
  const { page, frame } = await x.openReader(`${x.baseUrl}tests/e2e/fixtures/short-note.html`);
  try {
    const notice = await frame.evaluate(() => ({
      text: document.querySelector('.rm-notice').textContent,
      buttons: [...document.querySelectorAll('.rm-notice button')].map((b) => b.textContent),
    }));
    assert.match(notice.text, /only \d+ characters of article text/, 'it says why');
    assert.deepEqual(notice.buttons, ['Read it anyway', 'Pick the text']);
    await sleep(4500);
    assert.ok(await x.overlayPresent(page), 'the notice stays');

    // Pick the text: the blocks are shown on the live page; Esc comes back to the notice.
    await frame.click('text=Pick the text');
    await waitFor('the outlines', async () => (await outlines(page)).length > 0);
    await page.keyboard.press('Escape');
    await waitFor('the notice again', () => frame.$('.rm-notice'));

    await frame.click('text=Read it anyway');
    await frame.waitForSelector('.rm-article');
    assert.match(await bodyText(frame), /The bridge road will be closed/);
    assert.match(await frame.textContent('.rm-title'), /^Road closed on Friday/);
  } finally {
    await page.close();
  }
});
