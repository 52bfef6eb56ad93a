// The extension survives the page it reads, end to end in headless Chromium (launch.mjs loads the
// extension as extension.test.mjs does). A page's scripts run beside the content script and can
// shadow the DOM properties the content script reads (a <form>'s named controls).
//
//   node --test tests/e2e/hostile-page.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameHtml, launchExtension, waitFor } from './launch.mjs';

const TEST_TIMEOUT = { timeout: 120_000 };

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
