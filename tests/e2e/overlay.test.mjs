// The overlay nothing covers or escapes, and a reader everyone can use (issue 15, item 6), in real
// Chromium with the real extension: the reader sits in the browser's top layer, a page's own
// modal <dialog> or late banner can neither cover nor freeze it, Tab never reaches the page, the
// page behind is inert, the view has landmarks and labelled controls, axe-core finds no serious
// or critical violation in any theme, and the toolbar speaks the browser's language while the
// article keeps its own.
//
//   node --test tests/e2e/overlay.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { EXTENSION, TEST_TIMEOUT, launch, messages, sleep, waitFor } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const LOCALES = ['en', 'de', 'fr', 'es', 'ar'];

let x;
before(async () => {
  x = await launch();
});
after(async () => {
  if (x) await x.close();
});

/** What the page's top-level document sees at the middle of the viewport. */
const hitAtCentre = (page) => page.evaluate(() => {
  const el = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
  return el ? el.localName : null;
});

test('a page dialog or a late banner cannot cover or freeze the reader', TEST_TIMEOUT, async () => {
  const { page, frame } = await x.openReader(`${x.baseUrl}www/index.html?dialog`);
  try {
    assert.equal(await hitAtCentre(page), 'readmode-overlay', 'the reader is what the viewport shows');
    assert.ok(await page.evaluate(() => document.querySelector('readmode-overlay') !== null), 'overlay present');

    // The page opens a modal dialog of its own and appends a fixed banner to <html>.
    await page.evaluate(() => {
      const d = document.createElement('dialog');
      d.id = 'page-dialog';
      d.textContent = 'Subscribe to keep reading';
      document.body.append(d);
      d.showModal();
      const banner = document.createElement('div');
      banner.id = 'late-banner';
      banner.textContent = 'We use cookies';
      banner.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:red';
      document.documentElement.append(banner);
    });
    await sleep(300);
    assert.equal(await hitAtCentre(page), 'readmode-overlay', 'still the reader on top after the page dialog and banner');
    assert.equal(await page.evaluate(() => document.getElementById('page-dialog').open), true,
      'the page dialog stays open, as the page wanted (only below the reader)');
    // Not frozen: a real mouse click reaches the reader's controls.
    await frame.click('[data-action="panel-settings"]');
    assert.equal(await frame.getAttribute('[data-action="panel-settings"]', 'aria-expanded'), 'true', 'a click reaches the reader');
    // A page popover is put under the reader too.
    await page.evaluate(() => {
      const p = document.createElement('div');
      p.popover = 'manual';
      p.textContent = 'Popover';
      document.body.append(p);
      p.showPopover();
    });
    await sleep(300);
    assert.equal(await hitAtCentre(page), 'readmode-overlay', 'the reader is above a page popover');
    await frame.click('[data-action="panel-settings"]');
    assert.equal(await frame.getAttribute('[data-action="panel-settings"]', 'aria-expanded'), 'false', 'the reader still answers');

    await x.pressEscapeInReader(page);
    assert.equal(await page.evaluate(() => document.getElementById('page-dialog').open), true, 'page dialog still open after leaving');
  } finally {
    await page.close();
  }
});

test('Tab never reaches the page, and the page behind is inert', TEST_TIMEOUT, async () => {
  const { page, frame } = await x.openReader(`${x.baseUrl}www/index.html?tab`);
  try {
    await frame.waitForSelector('.rm-article');
    const seen = new Set();
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press(i % 9 === 8 ? 'Shift+Tab' : 'Tab');
      const outside = await page.evaluate(() => {
        const a = document.activeElement;
        return a && a !== document.body && a.localName !== 'readmode-overlay' ? `${a.localName}#${a.id}` : null;
      });
      assert.equal(outside, null, `Tab ${i + 1} reached the page: ${outside}`);
      const inside = await frame.evaluate(() => {
        const a = document.activeElement;
        return document.hasFocus() && a && a !== document.body ? a.getAttribute('data-action') || a.localName : null;
      });
      assert.ok(inside, `after Tab ${i + 1} focus is inside the reader`);
      seen.add(inside);
    }
    assert.ok(seen.has('close') && seen.has('a'), `Tab went round the toolbar and the article's links: ${[...seen].join(', ')}`);

    // The page behind cannot take focus (inert), even when its own script asks.
    const tookFocus = await page.evaluate(() => {
      const input = document.getElementById('site-search');
      input.focus();
      return document.activeElement === input;
    });
    assert.equal(tookFocus, false, 'a page element cannot take focus while the reader is open');
    // Screen readers: the page's headline is out of the accessibility tree.
    const session = await x.context.newCDPSession(page);
    const { nodes } = await session.send('Accessibility.getFullAXTree');
    const headline = nodes.find((n) => n.role && n.role.value === 'heading' && n.name && /\S/.test(n.name.value || ''));
    assert.equal(headline, undefined, `the page's headings are hidden from assistive technology: ${headline && headline.name.value}`);
    await session.detach();
  } finally {
    await page.close();
  }
});

test('landmarks, labelled controls, and no serious or critical axe-core violation in any theme', TEST_TIMEOUT, async () => {
  const { page, frame } = await x.openReader(`${x.baseUrl}www/index.html?axe`);
  try {
    const structure = await frame.evaluate(() => ({
      main: document.querySelectorAll('main').length,
      header: document.querySelectorAll('body header.rm-bar').length,
      unlabelled: [...document.querySelectorAll('button, input, a[href]')]
        .filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim() || (el.labels && el.labels.length)))
        .map((el) => el.outerHTML.slice(0, 80)),
    }));
    assert.equal(structure.main, 1, 'one <main>');
    assert.equal(structure.header, 1, 'a <header> for the toolbar');
    assert.deepEqual(structure.unlabelled, [], 'every control has a name');

    await frame.evaluate(AXE);
    await frame.click('[data-action="panel-settings"]'); // the settings panel is checked too
    for (const [theme, scheme] of [['auto', 'light'], ['auto', 'dark'], ['light', 'light'], ['sepia', 'light'], ['dark', 'light'], ['contrast', 'light']]) {
      await page.emulateMedia({ colorScheme: scheme });
      await x.setPrefs({ theme });
      await waitFor(`theme ${theme}`, () => frame.evaluate((t) => document.getElementById('reader').dataset.theme === t, theme));
      await sleep(150);
      const bg = await frame.evaluate(() => getComputedStyle(document.getElementById('reader')).backgroundColor);
      const result = await frame.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
      assert.deepEqual(bad, [], `axe-core in theme ${theme} (system ${scheme}, background ${bg})`);
      if (theme === 'auto') {
        assert.equal(bg, scheme === 'dark' ? 'rgb(26, 28, 32)' : 'rgb(252, 252, 250)', `the "system" theme follows a ${scheme} system`);
      }
    }
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
    await x.setPrefs({});
    await page.close();
  }
});

test('every locale has every message, with the same placeholders', () => {
  const en = JSON.parse(fs.readFileSync(path.join(EXTENSION, '_locales/en/messages.json'), 'utf8'));
  for (const locale of LOCALES) {
    const m = JSON.parse(fs.readFileSync(path.join(EXTENSION, '_locales', locale, 'messages.json'), 'utf8'));
    assert.deepEqual(Object.keys(m).sort(), Object.keys(en).sort(), `${locale}: the same message names as en`);
    for (const [k, v] of Object.entries(en)) {
      assert.deepEqual(Object.keys(m[k].placeholders || {}), Object.keys(v.placeholders || {}), `${locale}.${k} placeholders`);
      assert.ok(m[k].message.trim(), `${locale}.${k} is empty`);
    }
  }
});

test('the toolbar in the browser\'s language and direction (Arabic), the article in its own', TEST_TIMEOUT, async () => {
  const ar = await launch({ locale: 'ar' });
  const m = messages('ar');
  try {
    const { page, frame } = await ar.openReader(`${ar.baseUrl}www/index.html?ar`);
    const seen = await frame.evaluate(() => {
      const article = document.querySelector('.rm-article');
      const time = document.querySelector('.rm-reading-time');
      return {
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        close: document.querySelector('[data-action="close"]').getAttribute('aria-label'),
        toolbarDir: getComputedStyle(document.querySelector('.rm-toolbar')).direction,
        articleLang: article.lang,
        articleDir: getComputedStyle(article).direction,
        time: time.textContent,
        timeLang: time.lang,
      };
    });
    assert.match(seen.lang, /^ar/, 'the reader page is in Arabic');
    assert.equal(seen.dir, 'rtl');
    assert.equal(seen.close, m.close, 'the close button says it in Arabic');
    assert.equal(seen.toolbarDir, 'rtl', 'the toolbar runs right to left');
    assert.equal(seen.articleLang, 'en', 'the article keeps its own language');
    assert.equal(seen.articleDir, 'ltr', 'and its own direction');
    assert.match(seen.time, /دقيقة/, `the reading time is in the UI's language: ${seen.time}`);
    assert.match(seen.timeLang, /^ar/);
    await page.screenshot({ path: path.join(path.dirname(new URL(import.meta.url).pathname), 'artifacts', 'reader-ar.png') });
    await page.close();
  } finally {
    await ar.close();
  }
});
