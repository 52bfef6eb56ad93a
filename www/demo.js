// The demo's controls: "Reader view" and "Show blocks" over the page itself.
//
// The controls live in the shadow root of a host marked `data-readmode-hidden`, so the core never
// reads them as page text and page styles never reach them. Nothing in the page is modified:
// block outlines are boxes drawn in an overlay over the elements, and the reader view is an
// overlay too; both leave the page exactly as it was when they close.

import { renderReader } from '../extension/reader-view.js';
import { LABEL_COLOURS, labelColour, loadMessages, loadPrefs, savePrefs } from './shared.js';

const READER_CSS = new URL('../extension/reader.css', import.meta.url).href;

let core = null; // the wasm module once loaded
let analysis = null; // cached: the page does not change under the demo
let blockElements = []; // each block's element, looked up right after analyze, before any overlay

async function loadCore() {
  if (!core) {
    const mod = await import('../pkg/readmode.js');
    await mod.default();
    core = mod;
  }
  return core;
}

async function getAnalysis() {
  if (!analysis) {
    const { analyze } = await loadCore();
    const a = analyze(document, { url: location.href });
    const all = document.getElementsByTagName('*');
    blockElements = a.blocks.map((b) => all[b.element] || null);
    analysis = a;
  }
  return analysis;
}

// ---------------------------------------------------------------------------------- controls

const host = document.createElement('div');
host.id = 'readmode-demo-controls';
host.setAttribute('data-readmode-hidden', '');
const shadow = host.attachShadow({ mode: 'open' });
shadow.innerHTML = `
  <style>
    :host { all: initial; }
    .bar { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; display: flex; gap: 8px; align-items: center;
           font: 600 14px/1 system-ui, sans-serif; background: #fff; padding: 8px; border-radius: 10px;
           box-shadow: 0 4px 18px rgba(0,0,0,.25); }
    button { font: inherit; border: 1px solid #d1d5db; background: #f9fafb; padding: 8px 12px; border-radius: 7px; cursor: pointer; }
    button[aria-pressed="true"] { background: #111827; color: #fff; border-color: #111827; }
    .msg { max-width: 320px; font-weight: 400; color: #b91c1c; }
    .msg:empty { display: none; }
    .legend { display: none; flex-wrap: wrap; gap: 4px; max-width: 420px; font: 500 11px/1.2 system-ui, sans-serif; }
    .legend.on { display: flex; }
    .legend span { color: #fff; padding: 3px 6px; border-radius: 4px; }
    a { color: #2563eb; font-weight: 500; }
  </style>
  <div class="bar" role="toolbar" aria-label="readmode demo">
    <div class="legend" id="legend"></div>
    <button id="reader" aria-pressed="false" title="Open the reader view (Esc leaves it)">Reader view</button>
    <button id="blocks" aria-pressed="false" title="Outline every block with its label">Show blocks</button>
    <a href="playground.html">Try any page</a>
    <span class="msg" id="msg" role="status"></span>
  </div>`;
const readerButton = shadow.getElementById('reader');
const blocksButton = shadow.getElementById('blocks');
const message = shadow.getElementById('msg');
const legend = shadow.getElementById('legend');
for (const [label, colour] of Object.entries(LABEL_COLOURS)) {
  const s = document.createElement('span');
  s.textContent = label;
  s.style.background = colour;
  legend.append(s);
}

function showError(e) {
  const text = e && e.message ? e.message : String(e);
  message.textContent = /Content Security Policy/i.test(text)
    ? 'This page’s Content-Security-Policy does not let WebAssembly run in it; the extension works on such pages.'
    : text;
  if (text !== message.textContent) console.warn('readmode demo:', text);
}

// ---------------------------------------------------------------------------- show blocks

let blockLayer = null;

function drawBlocks(a) {
  blockLayer.replaceChildren();
  for (const [i, b] of a.blocks.entries()) {
    const el = blockElements[i];
    if (!el || !el.isConnected) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const box = document.createElement('div');
    box.className = 'box';
    const colour = labelColour(b.label);
    box.style.cssText = `left:${r.left + scrollX}px;top:${r.top + scrollY}px;width:${r.width}px;height:${r.height}px;border-color:${colour};`;
    box.title = `${b.label} (${Math.round(b.confidence * 100)}%)\n${b.reasons.join(', ')}\n<${b.tag}> ${b.path}`;
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.style.background = colour;
    tag.textContent = b.label;
    box.append(tag);
    blockLayer.append(box);
  }
}

async function toggleBlocks() {
  if (blockLayer) {
    blockLayer.remove();
    blockLayer = null;
    blocksButton.setAttribute('aria-pressed', 'false');
    legend.classList.remove('on');
    removeEventListener('resize', redraw);
    return;
  }
  try {
    message.textContent = '';
    const a = await getAnalysis();
    blockLayer = document.createElement('div');
    blockLayer.className = 'layer';
    shadow.prepend(blockLayer);
    if (!shadow.getElementById('layer-style')) {
      const st = document.createElement('style');
      st.id = 'layer-style';
      st.textContent = `.layer { position: absolute; left: 0; top: 0; width: 0; height: 0; z-index: 2147483645; }
        .box { position: absolute; border: 2px solid; border-radius: 3px; pointer-events: auto; }
        .box:hover { background: rgba(255,255,0,.12); }
        .tag { position: absolute; left: -2px; top: -16px; color: #fff; font: 600 10px/14px system-ui, sans-serif;
               padding: 0 4px; border-radius: 3px 3px 0 0; white-space: nowrap; }`;
      shadow.prepend(st);
    }
    drawBlocks(a);
    blocksButton.setAttribute('aria-pressed', 'true');
    legend.classList.add('on');
    addEventListener('resize', redraw);
  } catch (e) {
    showError(e);
  }
}

function redraw() {
  if (blockLayer && analysis) drawBlocks(analysis);
}

// ----------------------------------------------------------------------------- reader view

let readerHost = null;
let savedScroll = null;

function closeReader() {
  if (!readerHost) return;
  readerHost.remove();
  readerHost = null;
  // Put the style attribute back exactly as it was (absent stays absent).
  if (savedScroll.style === null) document.documentElement.removeAttribute('style');
  else document.documentElement.setAttribute('style', savedScroll.style);
  scrollTo(savedScroll.x, savedScroll.y);
  readerButton.setAttribute('aria-pressed', 'false');
  readerButton.focus();
}

async function openReader() {
  try {
    message.textContent = '';
    const a = await getAnalysis();
    savedScroll = { x: scrollX, y: scrollY, style: document.documentElement.getAttribute('style') };
    readerHost = document.createElement('div');
    readerHost.setAttribute('data-readmode-hidden', '');
    const root = readerHost.attachShadow({ mode: 'open' });
    root.innerHTML = `<link rel="stylesheet" href="${READER_CSS}">
      <style>:host { all: initial; } .frame { position: fixed; inset: 0; overflow: auto; z-index: 2147483647; }</style>
      <div class="frame"><div class="rm-root"></div></div>`;
    const view = root.querySelector('.rm-root');
    let prefs = loadPrefs();
    const onPrefs = (p) => {
      prefs = p;
      savePrefs(p);
    };
    renderReader(view, a, prefs, onPrefs, { t: await loadMessages(), sourceUrl: location.href }); // says why when not readerable
    view.addEventListener('readmode-action', (e) => e.detail.action === 'close' && closeReader());
    document.documentElement.append(readerHost);
    document.documentElement.style.overflow = 'hidden';
    readerButton.setAttribute('aria-pressed', 'true');
    root.querySelector('.frame').focus?.();
  } catch (e) {
    showError(e);
  }
}

readerButton.addEventListener('click', () => (readerHost ? closeReader() : openReader()));
blocksButton.addEventListener('click', toggleBlocks);
addEventListener(
  'keydown',
  (e) => {
    if (e.key === 'Escape' && readerHost) {
      e.stopPropagation();
      closeReader();
    }
  },
  true,
);

document.documentElement.append(host);
