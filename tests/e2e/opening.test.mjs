// Where the reader opens (issue 15, item 5), in real Chromium with the real extension: a link to
// the original page in the header; the reader reopens where it was left on that page; and a site
// set to "always open in reader view" (the host permission asked for in that click) opens its
// next pages in the reader by themselves, until it is turned off.
//
//   node --test tests/e2e/opening.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, launch, sleep, waitFor } from './harness.mjs';

let x;
before(async () => {
  x = await launch();
});
after(async () => {
  if (x) await x.close();
});

const scrollShare = (frame) => frame.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));

test('a link to the original page, and the reader reopens where it was left', TEST_TIMEOUT, async () => {
  const url = `${x.baseUrl}www/index.html?position`;
  const { page, frame } = await x.openReader(url);
  try {
    const link = await frame.evaluate(() => {
      const a = document.querySelector('header.rm-header a.rm-source-link');
      return a && { href: a.href, text: a.textContent, title: a.title };
    });
    assert.deepEqual(link, { href: url, text: new URL(url).host, title: 'Original page' }, 'the header links to the page');
    assert.equal(await scrollShare(frame), 0, 'a first visit opens at the top');

    await frame.evaluate(() => scrollTo(0, 0.6 * (document.documentElement.scrollHeight - innerHeight)));
    await sleep(700); // the position is saved a moment after scrolling stops
    await x.pressEscapeInReader(page);

    await x.clickToolbarButton(page);
    const again = await x.waitForReader(page);
    const at = await waitFor('the old reading position', async () => {
      const s = await scrollShare(again);
      return s > 0.5 ? s : null;
    });
    assert.ok(Math.abs(at - 0.6) < 0.05, `reopened at ${at.toFixed(2)} of the page, left at 0.60`);
    await x.pressEscapeInReader(page);

    // Another page starts at the top.
    const other = await x.openReader(`${x.baseUrl}tests/e2e/fixtures/wide-content.html`);
    assert.equal(await scrollShare(other.frame), 0, 'another page opens at the top');
    await other.page.close();
  } finally {
    await page.close();
  }
});

test('"always open this site in reader view": later pages of the site open in the reader by themselves', TEST_TIMEOUT, async () => {
  const { page, frame } = await x.openReader(`${x.baseUrl}www/index.html?always`);
  try {
    const site = new URL(x.baseUrl);
    const origin = `${site.protocol}//${site.hostname}`;
    await frame.click('[data-action="panel-settings"]');
    const box = frame.getByLabel('Always open this site in reader view');
    assert.equal(await box.isChecked(), false);
    await box.check();
    await waitFor('the site in the list', () => x.worker.evaluate(async (o) => (await chrome.storage.sync.get('alwaysOpen')).alwaysOpen?.includes(o), origin));
    assert.equal(await x.worker.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), origin), true, 'the host permission is held');

    // Another page of the site: the reader opens with no click.
    await page.goto(`${x.baseUrl}tests/e2e/fixtures/wide-content.html`);
    const next = await x.waitForReader(page);
    assert.equal(await next.textContent('.rm-title'), 'How the regions did in 2024', 'the reader opened by itself');
    // The options page lists the site.
    const options = await x.context.newPage();
    await options.goto(`chrome-extension://${x.extensionId}/options.html`);
    await options.waitForSelector('.rm-sites li');
    assert.match(await options.textContent('.rm-sites'), new RegExp(origin.replace(/[./]/g, '\\$&')));
    await options.close();

    // Turned off from the reader: the next page stays the page.
    await next.click('[data-action="panel-settings"]');
    await next.getByLabel('Always open this site in reader view').uncheck();
    await waitFor('the site out of the list', () => x.worker.evaluate(async (o) => !(await chrome.storage.sync.get('alwaysOpen')).alwaysOpen?.includes(o), origin));
    await page.goto(`${x.baseUrl}www/index.html?after`);
    await sleep(1500);
    assert.equal(await x.overlayPresent(page), false, 'no reader on its own once turned off');
  } finally {
    await page.close();
  }
});
