// Reading settings (issue 15, item 1), in real Chromium with the real extension: the options page
// (manifest options_ui) and the reader's own panel change the same settings in
// chrome.storage.sync, and a change reaches a reader that is already open, live.
//
//   node --test tests/e2e/settings.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, TEST_TIMEOUT, launch, waitFor } from './harness.mjs';

let x;
before(async () => {
  x = await launch();
});
after(async () => {
  if (x) await x.close();
});

/** What the reader shows of the settings: its root's attributes and the article's computed style. */
const looks = (frame) => frame.evaluate(() => {
  const root = document.getElementById('reader');
  const article = document.querySelector('.rm-article');
  const p = document.querySelector('.rm-body p:not(.rm-standfirst)');
  const cs = getComputedStyle(article);
  return {
    theme: root.dataset.theme,
    background: getComputedStyle(root).backgroundColor,
    font: cs.fontFamily,
    fontSize: cs.fontSize,
    width: article.getBoundingClientRect().width,
    lineHeight: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize),
    align: getComputedStyle(p).textAlign,
  };
});

test('the options page changes reach an already open reader, live; the reader panel writes back', TEST_TIMEOUT, async () => {
  await x.setPrefs({});
  const { page, frame } = await x.openReader(`${x.baseUrl}www/index.html?settings`);
  const options = await x.context.newPage();
  try {
    const start = await looks(frame);
    assert.equal(start.theme, 'auto', 'the theme follows the system by default');
    assert.match(start.font, /Charter|Georgia|serif/, 'serif by default');
    assert.match(start.align, /^(start|left)$/, 'ragged by default');

    await options.goto(`chrome-extension://${x.extensionId}/options.html`);
    await options.waitForSelector('form.rm-settings');
    const optionNames = await options.$$eval('fieldset legend', (ls) => ls.map((l) => l.textContent));
    assert.deepEqual(optionNames, ['Theme', 'Font', 'Text size', 'Content width', 'Line spacing', 'Alignment']);
    // Each control is a labelled radio button (or the size stepper): pick as a user does.
    await options.getByLabel('Dark', { exact: true }).check();
    await options.getByLabel('Sans serif').check();
    await options.getByLabel('Wide').check();
    await options.getByLabel('Loose').check();
    await options.getByLabel('Justified').check();
    for (let i = 0; i < 3; i++) await options.getByRole('button', { name: 'Larger text' }).click();
    await options.screenshot({ path: path.join(ARTIFACTS, 'options.png') });

    const after = await waitFor('the open reader to take the new settings', async () => {
      const l = await looks(frame);
      return l.theme === 'dark' && l.fontSize === '22px' && l.align === 'justify' ? l : null;
    });
    assert.equal(after.background, 'rgb(26, 28, 32)', 'dark background');
    assert.doesNotMatch(after.font, /Charter/, `a sans font: ${after.font}`);
    assert.match(after.font, /system-ui|sans-serif/);
    assert.ok(after.width > start.width * 1.15, `a wider column: ${start.width} → ${after.width}`);
    assert.ok(after.lineHeight > 1.9, `looser lines: ${after.lineHeight}`);
    const stored = await x.worker.evaluate(() => chrome.storage.sync.get('prefs'));
    assert.deepEqual(stored.prefs, { theme: 'dark', font: 'sans', fontSize: 22, width: 'wide', lineHeight: 'loose', align: 'justify' });

    // The reader's own panel: high contrast, monospace; the options page shows it.
    await frame.click('[data-action="panel-settings"]');
    await frame.getByLabel('High contrast').check();
    await frame.getByLabel('Monospace').check();
    await waitFor('the options page to show the reader\'s change', () => options.evaluate(() =>
      document.querySelector('input[value="contrast"]').checked && document.querySelector('input[value="mono"]').checked));
    const contrast = await looks(frame);
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings.png') });
    assert.equal(contrast.background, 'rgb(0, 0, 0)', 'high contrast is black');
    assert.match(contrast.font, /monospace/);

    // Nothing is downloaded for the fonts: system fonts only.
    const fonts = await frame.evaluate(() => ({
      faces: [...document.fonts].length,
      loaded: performance.getEntriesByType('resource').filter((r) => /\.(woff2?|ttf|otf)(\?|$)/.test(r.name)).map((r) => r.name),
    }));
    assert.deepEqual(fonts, { faces: 0, loaded: [] }, 'no web fonts');
  } finally {
    await x.setPrefs({});
    await options.close();
    await page.close();
  }
});

test('settings stored by an earlier version (storage.local, light/sepia/dark and size) carry over', TEST_TIMEOUT, async () => {
  await x.worker.evaluate(async () => {
    await chrome.storage.sync.remove('prefs');
    await chrome.storage.local.set({ prefs: { theme: 'sepia', fontSize: 24 } });
  });
  const { page, frame } = await x.openReader(`${x.baseUrl}www/index.html?legacy`);
  try {
    const l = await looks(frame);
    assert.equal(l.theme, 'sepia');
    assert.equal(l.fontSize, '24px');
  } finally {
    await x.worker.evaluate(() => chrome.storage.local.remove('prefs'));
    await page.close();
  }
});
