// The harness page's script. analyzeVector() does what extension/reader.js does with a page
// snapshot: DOMParser, then analyze() from the wasm build (pkg/), without the block report.
// renderInFrames() shows each result in its own reader frame (render.html) and reports what ran
// there, and what the rendered view holds that the allow-list does not.

import init, { analyze } from '/pkg/readmode.js';
import { checkReaderHtml, checkRendered } from './check.js';

await init();

/** The analysis of one page, as reader.js makes it; an exception becomes {error}. */
function analyzeVector(html, url) {
  try {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const analysis = analyze(doc, { url, includeBlocks: false });
    const violations = analysis.article ? checkReaderHtml(analysis.article.html) : [];
    return { analysis, violations };
  } catch (e) {
    return { error: { name: e && e.name, message: e && e.message ? e.message : String(e) } };
  }
}

const FRAME_READY_MS = 60_000;
const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r()));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once every image in `doc` has loaded or failed, or after `ms`. */
async function imagesSettled(doc, ms) {
  const end = performance.now() + ms;
  while (performance.now() < end && [...doc.images].some((img) => !img.complete)) await sleep(25);
}

/**
 * Renders each {key, json} (an analysis) in a reader frame of its own, all at once, lets what the
 * view holds load and fire its events (every image is made eager, as if the reader had been
 * scrolled to the end; every video and audio element loads), and returns, per key, what ran in
 * the frame (`hits`), whether the frame navigated away, whether an article was shown, and the
 * rendered view's allow-list violations.
 */
async function renderInFrames(items, settleMs = 300) {
  const frames = await Promise.all(items.map(({ key }) => new Promise((resolve, reject) => {
    // A frame whose render.js never runs (a module reader-view.js imports is missing) fails the
    // test instead of hanging it.
    setTimeout(() => reject(new Error(`the reader frame for ${key} did not load render.js within ${FRAME_READY_MS / 1000} s`)), FRAME_READY_MS);
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 900px; height: 700px; border: 0';
    frame.dataset.loads = '0';
    frame.addEventListener('load', () => {
      frame.dataset.loads = String(Number(frame.dataset.loads) + 1);
      const w = frame.contentWindow;
      if (frame.dataset.loads !== '1') return;
      if (w.renderReady) resolve(frame);
      else w.addEventListener('render-ready', () => resolve(frame), { once: true });
    });
    frame.addEventListener('error', reject);
    frame.src = `/tests/browser/hostile/render.html?${encodeURIComponent(key)}`;
    document.body.append(frame);
  })));
  const results = [];
  for (let i = 0; i < items.length; i++) {
    const w = frames[i].contentWindow;
    try {
      if (items[i].raw != null) w.document.getElementById('reader').innerHTML = items[i].raw;
      else w.renderAnalysis(items[i].json);
      for (const img of w.document.images) img.loading = 'eager';
      for (const media of w.document.querySelectorAll('video, audio')) media.load();
    } catch (e) {
      w.__hits.push(`render threw: ${e && e.message}`);
    }
  }
  await Promise.all(frames.map((f) => imagesSettled(f.contentDocument, 3000)));
  await nextFrame();
  await nextFrame();
  await sleep(settleMs);
  for (let i = 0; i < items.length; i++) {
    const frame = frames[i];
    const result = { key: items[i].key, hits: [], navigated: frame.dataset.loads !== '1', article: false, violations: [] };
    try {
      const doc = frame.contentDocument;
      result.hits = [...frame.contentWindow.__hits];
      const article = doc.querySelector('.rm-article');
      result.article = !!article;
      if (article) result.violations = checkRendered(article);
    } catch (e) {
      result.hits.push(`the frame cannot be read any more: ${e && e.message}`);
    }
    results.push(result);
    frame.remove();
  }
  return results;
}

/**
 * The harness's own check: HTML put straight into a reader frame's live document, past the core
 * and past reader-view.js, must show in that frame's records (a call, a CSP report).
 */
async function selfCheck(html) {
  const [result] = await renderInFrames([{ key: 'self-check', json: 'null', raw: html }]);
  return result;
}

window.hostile = Object.freeze({ analyzeVector, renderInFrames, checkReaderHtml, selfCheck });
window.hostileReady = true;
