// The reader's layout (issue 15, item 7), in real Chromium with the real extension, on a page with
// a wide table (icons in its cells, a caption), a long line of code, a small table and a figure:
// wide tables and code may use the side margins and then scroll inside a visible, focusable
// scroller; small ones stay in the column; icons keep their size; captions look like captions;
// and a reader who asks for reduced motion gets none.
//
//   node --test tests/e2e/layout.test.mjs          (needs extension/pkg: `make build`)

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

test('wide tables and code scroll in a visible scroller that uses the margins; icons and captions keep their look', TEST_TIMEOUT, async () => {
  await x.setPrefs({ theme: 'light' });
  const { page, frame } = await x.openReader(`${x.baseUrl}tests/e2e/fixtures/wide-content.html`);
  try {
    const m = await frame.evaluate(() => {
      const box = (el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width };
      };
      const scroller = (el) => ({
        ...box(el),
        scrolls: el.scrollWidth > el.clientWidth,
        overflowX: getComputedStyle(el).overflowX,
        tabindex: el.getAttribute('tabindex'),
        role: el.getAttribute('role'),
        label: el.getAttribute('aria-label'),
        shadows: getComputedStyle(el).backgroundImage.includes('gradient'),
      });
      const [wide, small] = document.querySelectorAll('.rm-body .rm-table-wrap');
      const icon = wide.querySelector('td img');
      const caption = document.querySelector('.rm-body figcaption');
      const p = document.querySelector('.rm-body p');
      return {
        column: box(document.querySelector('.rm-body')),
        main: box(document.querySelector('.rm-main')),
        viewport: document.documentElement.clientWidth,
        wide: scroller(wide),
        small: scroller(small),
        code: scroller(document.querySelector('.rm-body pre')),
        icon: { width: icon.getBoundingClientRect().width, height: icon.getBoundingClientRect().height, display: getComputedStyle(icon).display },
        tableCaption: wide.querySelector('caption') ? getComputedStyle(wide.querySelector('caption')).color : null,
        caption: { size: parseFloat(getComputedStyle(caption).fontSize), color: getComputedStyle(caption).color, font: getComputedStyle(caption).fontFamily },
        body: { size: parseFloat(getComputedStyle(p).fontSize), color: getComputedStyle(p).color, font: getComputedStyle(p).fontFamily },
        muted: getComputedStyle(document.querySelector('.rm-meta')).color,
      };
    });
    // The wide table: wider than the column, centred on it, inside the page, and it scrolls.
    assert.ok(m.wide.width > m.column.width + 100, `the wide table uses the margins: ${m.wide.width} vs column ${m.column.width}`);
    assert.ok(m.wide.left >= m.main.left - 1 && m.wide.right <= m.main.right + 1, `…within the page: ${JSON.stringify(m.wide)} in ${JSON.stringify(m.main)}`);
    assert.ok(Math.abs((m.wide.left + m.wide.right) / 2 - (m.column.left + m.column.right) / 2) < 2, 'centred on the column');
    assert.ok(m.wide.scrolls, 'a table wider than the page scrolls sideways');
    assert.equal(m.wide.overflowX, 'auto');
    assert.equal(m.wide.tabindex, '0', 'the keyboard can reach the scroller');
    assert.equal(m.wide.role, 'region');
    assert.equal(m.wide.label, 'Table, scrolls sideways');
    assert.ok(m.wide.shadows, 'edge shadows say there is more to the side');
    // The long code line, the same.
    assert.ok(m.code.width > m.column.width + 100, `code uses the margins: ${m.code.width}`);
    assert.ok(m.code.scrolls && m.code.tabindex === '0' && m.code.label === 'Code, scrolls sideways', `code scroller: ${JSON.stringify(m.code)}`);
    // A small table stays in the column and is no tab stop.
    assert.ok(Math.abs(m.small.width - m.column.width) < 1, `the small table keeps to the column: ${m.small.width} vs ${m.column.width}`);
    assert.equal(m.small.scrolls, false);
    assert.equal(m.small.tabindex, null, 'no tab stop where nothing scrolls');
    // Icons in cells keep their size; captions are smaller, muted and set in the sans.
    assert.deepEqual([m.icon.width, m.icon.height], [16, 16], 'the icon keeps its 16×16');
    assert.equal(m.icon.display, 'inline-block');
    assert.ok(m.caption.size < m.body.size * 0.85, `caption smaller: ${m.caption.size} vs ${m.body.size}`);
    assert.equal(m.caption.color, m.muted, 'caption muted');
    assert.notEqual(m.caption.font, m.body.font, 'caption in the sans, apart from the serif body');

    // The keyboard scrolls the focused scroller.
    await frame.focus('.rm-table-wrap.rm-overflows');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitFor('the table to scroll with the arrow keys', () => frame.evaluate(() => document.querySelector('.rm-table-wrap').scrollLeft > 0));
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout.png') });

    // Narrower window: still inside the page, still scrolling.
    await page.setViewportSize({ width: 700, height: 900 });
    await waitFor('the reader to reflow', () => frame.evaluate(() => document.documentElement.clientWidth <= 700));
    const narrow = await frame.evaluate(() => {
      const r = document.querySelector('.rm-table-wrap').getBoundingClientRect();
      return { left: r.left, right: r.right, viewport: document.documentElement.clientWidth };
    });
    assert.ok(narrow.left >= 0 && narrow.right <= narrow.viewport, `the table stays on screen: ${JSON.stringify(narrow)}`);
  } finally {
    await x.setPrefs({});
    await page.close();
  }
});

test('prefers-reduced-motion: no transitions, no smooth scrolling', TEST_TIMEOUT, async () => {
  const page0 = await x.context.newPage();
  await page0.emulateMedia({ reducedMotion: 'reduce' });
  await page0.goto(`${x.baseUrl}www/index.html?motion`);
  await x.clickToolbarButton(page0);
  const frame = await x.waitForReader(page0);
  try {
    const reduced = await frame.evaluate(() => ({
      matches: matchMedia('(prefers-reduced-motion: reduce)').matches,
      button: getComputedStyle(document.querySelector('.rm-btn')).transitionDuration,
    }));
    assert.equal(reduced.matches, true, 'the reader sees the preference');
    assert.equal(reduced.button, '0s', 'no transitions');
    await page0.emulateMedia({ reducedMotion: 'no-preference' });
    await waitFor('motion back', () => frame.evaluate(() => !matchMedia('(prefers-reduced-motion: reduce)').matches));
    assert.notEqual(await frame.evaluate(() => getComputedStyle(document.querySelector('.rm-btn')).transitionDuration), '0s',
      'transitions when motion is welcome (so the check above can fail)');
  } finally {
    await page0.close();
  }
});
