#!/usr/bin/env node
// Makes the README's screenshots of the extension in Chromium (the Firefox one comes from
// firefox.test.mjs, tests/e2e/artifacts/firefox.png): the reader view, its settings panel, and Show
// blocks on the live demo page. Written to www/screenshot-*.png; run after `make build`:
//
//   node tests/e2e/screenshots.mjs

import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, REPO, launch, sleep, waitFor } from './harness.mjs';

const OUT = path.join(REPO, 'www');
const x = await launch();
try {
  await x.setPrefs({ theme: 'light' });
  const { page, frame } = await x.openReader(`${x.baseUrl}www/index.html`);
  await sleep(500);
  await page.screenshot({ path: path.join(OUT, 'screenshot-reader.png') });

  await x.setPrefs({ theme: 'sepia', font: 'sans', width: 'medium', lineHeight: 'normal', align: 'left', fontSize: 19 });
  await frame.click('[data-action="panel-settings"]');
  await waitFor('sepia', () => frame.evaluate(() => document.getElementById('reader').dataset.theme === 'sepia'));
  await sleep(300);
  await page.screenshot({ path: path.join(OUT, 'screenshot-settings.png') });
  await frame.click('[data-action="panel-settings"]');

  await frame.click('[data-action="blocks"]');
  await waitFor('the page to scroll again', () => page.evaluate(() => getComputedStyle(document.documentElement).overflow !== 'hidden'));
  await page.evaluate(() => scrollTo(0, 0));
  await sleep(500);
  await page.screenshot({ path: path.join(OUT, 'screenshot-show-blocks.png') });

  const firefox = path.join(ARTIFACTS, 'firefox.png');
  if (fs.existsSync(firefox)) fs.copyFileSync(firefox, path.join(OUT, 'screenshot-firefox.png'));
  else console.error(`no ${firefox}: run node --test tests/e2e/firefox.test.mjs first for the Firefox screenshot`);
  console.log('screenshots: www/screenshot-{reader,settings,show-blocks,firefox}.png');
} finally {
  await x.close();
}
