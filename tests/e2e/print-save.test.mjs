// Print, save, copy (issue 15, item 2), in real Chromium with the real extension: printing the
// tab with the reader open prints the article alone (page.pdf(), read back with pdf.js), and the
// page again once the reader is closed; "Save as Markdown" gives a file whose tables, code, lists,
// quotes and figures come back the same through a Markdown parser (marked); "Save as HTML" is one
// file with its styles and no script; the copy buttons put the article on the clipboard.
//
//   node --test tests/e2e/print-save.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { ARTIFACTS, TEST_TIMEOUT, launch, squash, waitFor } from './harness.mjs';

// pdf.js 6 wants Promise.withResolvers (Node 22); Node 20 lacks it.
Promise.withResolvers ??= function withResolvers() {
  let resolve;
  let reject;
  const promise = new this((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');

// The demo page's clutter, and the reader's own chrome: none may be printed.
const PAGE_CHROME = ['Most Popular', 'Free Download', 'Watch now', 'Featured Resources', 'Share this article', 'Advertisement'];
const READER_CHROME = ['Reader view', 'Reading settings', 'Print, save or copy', 'Close reader view'];

let x;
before(async () => {
  x = await launch();
  await x.context.grantPermissions(['clipboard-read', 'clipboard-write']);
});
after(async () => {
  if (x) await x.close();
});

async function pdfText(page) {
  const bytes = await page.pdf({ format: 'A4', printBackground: true });
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: true, verbosity: 0 }).promise;
  let text = '';
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    text += `${content.items.map((it) => it.str + (it.hasEOL ? '\n' : '')).join('')}\n`;
  }
  return { text: squash(text), pages: pdf.numPages, bytes };
}

test('printing the tab with the reader open prints the article alone, with its title, byline and address', TEST_TIMEOUT, async () => {
  const page = await x.context.newPage();
  await page.goto(`${x.baseUrl}www/index.html?print`);
  const expected = await page.evaluate(() => ({
    title: document.querySelector('h1').textContent.trim(),
    paragraphs: [...document.body.querySelectorAll('p')]
      .filter((p) => !p.closest('nav, aside, footer, header:not(.article-header), [role=complementary]'))
      .map((p) => p.textContent.replace(/\s+/g, ' ').trim()).filter((t) => t.length > 120),
  }));
  await x.clickToolbarButton(page);
  const frame = await x.waitForReader(page);
  try {
    const byline = squash(await frame.textContent('.rm-byline'));
    // The reader hands the article over right after it renders it.
    const printed = await waitFor('the article in the printout', async () => {
      const p = await pdfText(page);
      return p.text.includes(expected.paragraphs[0].slice(0, 60)) ? p : null;
    });
    fs.writeFileSync(path.join(ARTIFACTS, 'print.pdf'), printed.bytes);
    assert.ok(printed.text.includes(expected.title), 'the title is printed');
    assert.ok(printed.text.includes(byline), `the byline is printed: ${byline}`);
    assert.ok(printed.text.includes(`${x.baseUrl}www/index.html?print`), 'the source address is printed');
    for (const p of [expected.paragraphs[0], expected.paragraphs.at(-1)]) {
      assert.ok(printed.text.includes(squash(p).slice(0, 80)), `a paragraph is printed: ${p.slice(0, 60)}…`);
    }
    for (const s of [...PAGE_CHROME, ...READER_CHROME]) assert.ok(!printed.text.toLowerCase().includes(s.toLowerCase()), `no "${s}" in the printout`);
    assert.ok(printed.pages <= 4, `a short article prints on a few pages: ${printed.pages}`);

    // Closed: the tab prints the page itself again.
    await x.pressEscapeInReader(page);
    const plain = await pdfText(page);
    assert.match(plain.text, /most popular/i, 'after the reader closes, printing prints the page (its clutter too)');
    assert.deepEqual(await page.evaluate(() => document.adoptedStyleSheets.length), 0, 'the print stylesheet is gone');
  } finally {
    await page.close();
  }
});

/** Clicks a button of the share panel and returns the downloaded file's text. */
async function saveAs(page, frame, action) {
  if (await frame.getAttribute('[data-action="panel-share"]', 'aria-expanded') !== 'true') await frame.click('[data-action="panel-share"]');
  const [dl] = await Promise.all([page.waitForEvent('download'), frame.click(`[data-action="${action}"]`)]);
  const file = path.join(ARTIFACTS, dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

test('saved Markdown round-trips tables, code, lists, quotes and figures; saved HTML is one script-free file', TEST_TIMEOUT, async () => {
  const { page, frame } = await x.openReader(`${x.baseUrl}tests/e2e/fixtures/wide-content.html`);
  try {
    const md = await saveAs(page, frame, 'save-markdown');
    assert.equal(md.name, 'how-the-regions-did-in-2024.md');
    assert.match(md.text, /^# How the regions did in 2024\n/, 'the title first');
    assert.match(md.text, /\n```\n/, 'code is fenced');
    // Parse it back and compare with what the reader shows, in the reader's own DOM parser.
    const back = marked.parse(md.text, { gfm: true });
    const diff = await frame.evaluate((html) => {
      const parsed = new DOMParser().parseFromString(html, 'text/html');
      const shown = document.querySelector('.rm-body');
      const cells = (root) => [...root.querySelectorAll('table')].map((t) => [...t.querySelectorAll('tr')]
        .map((r) => [...r.children].map((c) => c.textContent.replace(/\s+/g, ' ').trim())));
      const texts = (root, sel) => [...root.querySelectorAll(sel)].map((e) => e.textContent.replace(/\s+/g, ' ').trim());
      return {
        tables: [cells(shown), cells(parsed)],
        code: [texts(shown, 'pre').map((t) => t), [...parsed.querySelectorAll('pre')].map((p) => p.textContent.replace(/\s+/g, ' ').trim())],
        codeExact: [document.querySelector('.rm-body pre').textContent.replace(/\n$/, ''), parsed.querySelector('pre')?.textContent.replace(/\n$/, '')],
        // Whitespace between nested items differs (the reader's markup has none): compare the letters.
        items: [texts(shown, 'li').map((t) => t.replace(/\s+/g, '')), texts(parsed, 'li').map((t) => t.replace(/\s+/g, ''))],
        nested: parsed.querySelectorAll('ol > li > ul > li').length,
        quote: [texts(shown, 'blockquote'), texts(parsed, 'blockquote')],
        images: [[...shown.querySelectorAll('img')].map((i) => i.src), [...parsed.querySelectorAll('img')].map((i) => i.getAttribute('src'))],
        caption: texts(shown, 'figcaption')[0],
        parsedText: parsed.body.textContent.replace(/\s+/g, ' '),
      };
    }, back);
    assert.ok(diff.tables[0].length >= 2, 'the reader shows both tables');
    assert.deepEqual(diff.tables[1], diff.tables[0], 'tables: every cell comes back');
    assert.equal(diff.codeExact[1], diff.codeExact[0], 'code comes back character for character');
    assert.deepEqual(diff.items[1], diff.items[0], 'list items come back');
    assert.equal(diff.nested, 2, 'the nested list stays nested');
    assert.deepEqual(diff.quote[1], diff.quote[0], 'the quote comes back');
    assert.deepEqual(diff.images[1], diff.images[0], 'images keep their addresses');
    assert.ok(diff.parsedText.includes(diff.caption), 'the figure caption is kept');

    const html = await saveAs(page, frame, 'save-html');
    assert.equal(html.name, 'how-the-regions-did-in-2024.html');
    const saved = await frame.evaluate((text) => {
      const d = new DOMParser().parseFromString(text, 'text/html');
      return {
        scripts: d.querySelectorAll('script').length,
        handlers: [...d.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
        links: d.querySelectorAll('link[rel=stylesheet]').length,
        styles: d.querySelector('style')?.textContent.length ?? 0,
        title: d.querySelector('.rm-title')?.textContent,
        tables: d.querySelectorAll('table').length,
        theme: d.querySelector('.rm-root')?.dataset.theme,
      };
    }, html.text);
    assert.deepEqual({ ...saved, styles: saved.styles > 1000 }, {
      scripts: 0, handlers: [], links: 0, styles: true, title: 'How the regions did in 2024', tables: 2, theme: 'auto',
    });
    assert.ok(!/(^|[^\w])javascript:/i.test(html.text), 'no javascript: URL');

    // Copy as Markdown and as plain text: the clipboard holds the article.
    await frame.click('[data-action="copy-markdown"]');
    await waitFor('"Copied"', async () => (await frame.textContent('.rm-share-status')) === 'Copied');
    const reader = await x.context.newPage();
    await reader.goto(`chrome-extension://${x.extensionId}/options.html`);
    const clip = () => reader.evaluate(() => navigator.clipboard.readText());
    assert.equal(await clip(), md.text, 'the copied Markdown is the saved Markdown');
    await frame.click('[data-action="copy-text"]');
    await waitFor('plain text on the clipboard', async () => (await clip()).startsWith('How the regions did in 2024\n\n'));
    const text = await clip();
    assert.ok(text.includes('North | 1,204,000'), 'table rows as cell | cell lines');
    assert.ok(!text.includes('**') && !text.includes('```'), 'plain text has no Markdown');
    await reader.close();
  } finally {
    await page.close();
  }
});
