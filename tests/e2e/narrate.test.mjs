// Read aloud (issue 15, item 3), in real Chromium with the real extension and a real voice:
// Chromium speaks through speech-dispatcher and espeak-ng (`make setup` installs them; the flag
// --enable-speech-dispatcher turns Chromium's Linux speech on). Play starts the voice on the first
// paragraph, which is highlighted and scrolled into view; next and previous move the voice and the
// highlight; pause stops the voice; the controls are labelled.
//
//   node --test tests/e2e/narrate.test.mjs          (needs extension/pkg: `make build`)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, TEST_TIMEOUT, launch, waitFor } from './harness.mjs';

let x;
before(async () => {
  x = await launch({ args: ['--enable-speech-dispatcher'] });
});
after(async () => {
  if (x) await x.close();
});

/** Which paragraph is highlighted, whether it is in view, and whether the voice speaks. */
const state = (frame) => frame.evaluate(() => {
  const spoken = [...document.querySelectorAll('.rm-speaking')];
  const el = spoken[0];
  const r = el && el.getBoundingClientRect();
  const play = document.querySelector('[data-narrate="play"]');
  return {
    count: spoken.length,
    text: el ? el.textContent.replace(/\s+/g, ' ').trim().slice(0, 60) : null,
    inView: !!r && r.top >= 0 && r.bottom <= innerHeight,
    speaking: speechSynthesis.speaking,
    pressed: play.getAttribute('aria-pressed'),
    label: play.textContent,
  };
});

test('read aloud: play, next, previous, pause, the spoken paragraph highlighted and in view', TEST_TIMEOUT, async () => {
  const { page, frame } = await x.openReader(`${x.baseUrl}www/index.html?narrate`);
  try {
    const paragraphs = await frame.evaluate(() => [...document.querySelectorAll('.rm-body p')]
      .map((p) => p.textContent.replace(/\s+/g, ' ').trim().slice(0, 60)));
    await frame.click('[data-action="panel-narrate"]');
    // The controls are in the panel under the toolbar, visible once it opens, not in the button.
    assert.equal(await frame.evaluate(() => document.querySelector('[data-action="panel-narrate"]').children.length), 1, 'the button holds its icon only');
    assert.ok(await frame.isVisible('div.rm-panel-narrate [data-narrate="play"]'), 'the panel shows its controls');
    const labels = await frame.evaluate(() => [...document.querySelectorAll('div.rm-panel-narrate button, div.rm-panel-narrate select')]
      .map((el) => el.textContent.trim() && el.localName === 'button' ? el.textContent.trim() : document.querySelector(`label[for="${el.id}"]`)?.textContent));
    assert.deepEqual(labels, ['Previous paragraph', 'Play', 'Next paragraph', 'Stop reading aloud', 'Voice', 'Speed']);

    await frame.click('[data-narrate="play"]');
    let s = await waitFor('the voice to start', async () => {
      const v = await state(frame);
      return v.speaking ? v : null;
    });
    assert.equal(s.count, 1, 'one paragraph highlighted');
    assert.equal(s.text, paragraphs[0], 'the first paragraph is read first');
    assert.equal(s.pressed, 'true');
    assert.equal(s.label, 'Pause');

    for (const k of [1, 2, 3]) await frame.click('[data-narrate="next"]');
    s = await waitFor('the fourth paragraph, in view', async () => {
      const v = await state(frame);
      return v.text === paragraphs[3] && v.inView && v.speaking ? v : null;
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'narrate.png') });
    await frame.click('[data-narrate="previous"]');
    s = await waitFor('back to the third paragraph', async () => {
      const v = await state(frame);
      return v.text === paragraphs[2] && v.speaking ? v : null;
    });

    await frame.click('[data-narrate="play"]'); // pause
    s = await waitFor('the voice to stop', async () => {
      const v = await state(frame);
      return !v.speaking ? v : null;
    });
    assert.equal(s.pressed, 'false');
    assert.equal(s.text, paragraphs[2], 'paused where it was');

    await frame.click('[data-narrate="stop"]');
    assert.equal((await state(frame)).count, 0, 'stop clears the highlight');
  } finally {
    await page.close();
  }
});
