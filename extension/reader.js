// The reader page (reader.html), shown by content.js in an iframe over the page. It is an
// extension page, so the wasm core runs here whatever the page's Content-Security-Policy says.
//
// 1. Read the one-time token from the URL hash (content.js made it and put it there).
// 2. Ask for the page snapshot with chrome.runtime.sendMessage; background.js relays the request
//    to the content script of the tab that hosts this frame, which answers once, and only to the
//    right token. Page scripts cannot call chrome.runtime, so they cannot ask or answer.
// 3. Parse the snapshot with DOMParser, run analyze() from the wasm core on that Document.
// 4. Tell background.js whether the page was readerable (it sets the toolbar badge and title),
//    render the reader view, or the reason the page is not an article, or the error.
// Esc and the close button ask the content script (through background.js) to close the overlay.

import './messages.js';
import init, { analyze } from './pkg/readmode.js';
import { normalizePrefs, renderError, renderLoading, renderReader } from './reader-view.js';

const MSG = globalThis.readmodeMessages;

const PREFS_KEY = 'prefs';
// How long the "not an article" notice stays before the overlay closes by itself.
const NOT_READERABLE_CLOSE_MS = 4000;

const root = document.getElementById('reader');
const token = location.hash.slice(1);
let view = null;
let autoClose = 0;

function send(type, extra = {}) {
  return chrome.runtime.sendMessage({ type, token, ...extra });
}

function close() {
  clearTimeout(autoClose);
  send(MSG.CLOSE).catch(() => {});
}

async function loadPrefs() {
  try {
    const stored = await chrome.storage.local.get(PREFS_KEY);
    return normalizePrefs(stored[PREFS_KEY]);
  } catch {
    return normalizePrefs(null);
  }
}

function savePrefs(prefs) {
  chrome.storage.local.set({ [PREFS_KEY]: prefs }).catch(() => {});
}

function httpUrl(url) {
  return typeof url === 'string' && /^(https?|file):/i.test(url) ? url : undefined;
}

async function open() {
  const prefs = await loadPrefs();
  renderLoading(root, prefs);
  if (!/^[A-Za-z0-9_-]{20,}$/.test(token)) {
    throw new Error('This page opens only from the readmode toolbar button or Alt+Shift+R.');
  }
  // Fetch and compile the wasm while the snapshot is on its way.
  const ready = init({ module_or_path: new URL('pkg/readmode_bg.wasm', import.meta.url) });
  ready.catch(() => {});
  const reply = await send(MSG.SNAPSHOT);
  if (!reply || !reply.ok) throw new Error(reply && reply.error ? reply.error : 'The page did not send its content.');
  const snapshot = reply.snapshot;
  await ready;

  const doc = new DOMParser().parseFromString(snapshot.html, 'text/html');
  const url = httpUrl(snapshot.url);
  // The reader needs the article only: skip the per-block report (CSS paths and all).
  const analysis = analyze(doc, url ? { url, includeBlocks: false } : { includeBlocks: false });
  const article = analysis.readerable ? analysis.article : null;

  document.title = article && article.title ? `${article.title} — Reader view` : 'Reader view';
  const lang = (article && article.lang) || snapshot.lang;
  if (lang) document.documentElement.lang = lang;
  if (article && (article.dir === 'rtl' || article.dir === 'ltr')) document.documentElement.dir = article.dir;

  view = renderReader(root, analysis, prefs, savePrefs);
  send(MSG.STATUS, { state: analysis.readerable ? 'ok' : 'not-readerable', reason: analysis.reason || null }).catch(() => {});
  if (!analysis.readerable) {
    // Say why, briefly, then give the page back; any click or key keeps the notice open.
    autoClose = setTimeout(close, NOT_READERABLE_CLOSE_MS);
    const keep = () => clearTimeout(autoClose);
    addEventListener('pointerdown', keep, { once: true });
    addEventListener('keydown', (e) => { if (e.key !== 'Escape') keep(); }, { once: true });
  }
  if (url) keepFragmentLinksInReader(url);
  window.focus();
}

/** Links to a part of the same article (footnotes, a table of contents) scroll the reader. */
function keepFragmentLinksInReader(pageUrl) {
  const base = pageUrl.split('#')[0];
  root.addEventListener('click', (event) => {
    const a = event.target.closest('a[href]');
    if (!a || a.href.split('#')[0] !== base || !a.hash) return;
    const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (!target || !root.contains(target)) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'start' });
  });
}

// Esc closes on its keyup, not its keydown, so the key's release never goes to a frame that is
// already being removed (and the page does not get a stray keyup either).
let escapeDown = false;
addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  escapeDown = !event.defaultPrevented;
  event.preventDefault();
});
addEventListener('keyup', (event) => {
  if (event.key !== 'Escape' || !escapeDown) return;
  escapeDown = false;
  close();
});
root.addEventListener('readmode-close', close);
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[PREFS_KEY] && view) view.setPrefs(changes[PREFS_KEY].newValue);
});

open().catch(async (error) => {
  console.error('readmode:', error);
  view = renderError(root, error, await loadPrefs(), savePrefs);
  send(MSG.STATUS, { state: 'error', reason: error && error.message ? error.message : String(error) }).catch(() => {});
  window.focus();
});
