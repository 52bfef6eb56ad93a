// The reader page (reader.html), shown by content.js in an iframe over the page. It is an
// extension page, so the wasm core runs here whatever the page's Content-Security-Policy says.
//
// 1. Start the wasm core at once (fetch and compile), and read the one-time token from the URL
//    hash (content.js made it and put it there).
// 2. Wait for the page: content.js, which has read the live page into the core's token buffer
//    (src/dom/read_tree.js's walk) while this frame loaded, posts this window a MessagePort with
//    the token, and the bytes over it. The first port from the parent window with the right token
//    is taken, and no other (content.js's offerPort says why the page can neither send nor read it).
// 3. Run analyzeTree() from the wasm core on those bytes, with the corrections the reader made on
//    this site before.
// 4. Tell background.js whether the page was readerable (it sets the toolbar badge and title),
//    render the reader view, or the reason the page is not an article, or the error. The toolbar
//    is in the browser's language and direction; the article in its own.
// 5. Hand content.js the article for printing (the page's own print shows it instead of the page),
//    and go back to where the reader stopped reading this page last time.
// Esc and the close button ask the content script (through background.js) to close the overlay.
// Settings changed anywhere (this reader's panel, the options page, another device) reach every
// open reader through chrome.storage.sync.

import './messages.js';
import init, { analyzeTree, maxElements } from './pkg/readmode.js';
import { copyText, download, fileName, toHtmlDocument, toMarkdown, toPlainText } from './export.js';
import { narrator } from './narrate.js';
import { markScrollers, renderError, renderLoading, renderReader } from './reader-view.js';
import { uiLocale } from './settings.js';
import { LABEL_COLOURS } from './labels.js';
import {
  correctionsKey, loadCorrections, loadPosition, loadPrefs, loadSites, savePosition, savePrefs, setSite, siteOf, watchPrefs,
} from './storage.js';

const MSG = globalThis.readmodeMessages;

// Latency tracing (tests/e2e/latency.mjs, see background.js): the times of this open's steps are
// taken as it goes, but kept and stored only when the page's message carries the trace the
// benchmark asked for; otherwise they are dropped with this page.
const clock = () => performance.timeOrigin + performance.now();
const marks = { frame: performance.timeOrigin, started: clock() };

const token = location.hash.slice(1);
// The wasm is fetched and compiled while the rest of this page sets up and the page is read.
marks.wasmInit = clock();
const ready = init({ module_or_path: new URL('pkg/readmode_bg.wasm', import.meta.url) });
ready.then(() => { marks.wasmReady = clock(); }, () => {});
// How long to wait for the page once this frame has loaded: content.js posts it on the frame's
// load, so only a frame that no content script opened (or one that closed meanwhile) waits this long.
const PAGE_TIMEOUT = 30_000;
const pageMessage = new Promise((resolve) => {
  addEventListener('message', function take(event) {
    const m = event.data;
    if (event.source !== parent || !m || m.type !== MSG.PORT || m.token !== token || event.ports.length !== 1) return;
    removeEventListener('message', take);
    const port = event.ports[0];
    port.onmessage = (e) => {
      port.onmessage = null;
      resolve({ port, ...e.data });
    };
    port.postMessage({ type: MSG.PORT }); // taken: content.js sends the page on this port
  });
  addEventListener('load', () => setTimeout(() => resolve({ error: 'This reader view has expired; open it again.' }), PAGE_TIMEOUT));
});
const root = document.getElementById('reader');
const t = (name, ...subs) => chrome.i18n.getMessage(name, subs.map(String)) || name;
const ui = uiLocale();
let view = null;
// The page: the bytes of its walk (analysed again when corrections change), the port to content.js,
// address and site.
let page = null;
let narration = null;
// What is shown: the analysis and the page's address, for saving, copying and printing.
let shown = null;

document.documentElement.lang = ui.lang;
document.documentElement.dir = ui.dir;
document.title = t('readerView');

function send(type, extra = {}) {
  return chrome.runtime.sendMessage({ type, token, ...extra });
}

function close() {
  send(MSG.CLOSE).catch(() => {});
}

function httpUrl(url) {
  return typeof url === 'string' && /^(https?|file):/i.test(url) ? url : undefined;
}

async function open() {
  const prefs = await loadPrefs();
  view = renderLoading(root, prefs, { t, ui });
  if (!/^[A-Za-z0-9_-]{20,}$/.test(token)) {
    throw new Error('This page opens only from the readmode toolbar button or Alt+Shift+R.');
  }
  marks.requested = clock();
  const message = await pageMessage;
  marks.received = clock();
  if (message.error || !(message.tree instanceof Uint8Array)) {
    throw new Error(message.error || 'The page did not send its content.');
  }
  await ready;
  marks.wasmWaited = clock();

  const url = httpUrl(message.url);
  const web = !!url && /^https?:/.test(url);
  page = {
    tree: message.tree,
    port: message.port,
    url,
    site: web ? siteOf(url) : null,
    host: web ? new URL(url).hostname : null,
    anyway: false,
  };
  const reply = { trace: message.trace && typeof message.trace === 'object' ? message.trace : null };
  await render(reply.trace ? marks : null);
  if (reply.trace) storeTrace(reply.trace, page.tree.length);
  send(MSG.STATUS, { state: shown.analysis.readerable ? 'ok' : 'not-readerable', reason: shown.analysis.reason || null }).catch(() => {});
  if (url) keepFragmentLinksInReader(url);
  if (url && shown.analysis.readerable) await keepReadingPosition(url);
  // Images change the width of the tables they are in: look at the scrollers again as they load.
  root.addEventListener('load', () => markScrollers(root, t), true);
  // Corrections made on the live page (Show blocks) or in another tab: read the page again.
  if (page.host) {
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area === 'sync' && changes[correctionsKey(page.host)]) render().catch((e) => console.error('readmode:', e));
    });
  }
  window.focus();
}

/**
 * Analyses the page with the site's corrections and renders it. Text the reader picked by hand
 * (a correction that keeps a block) is shown whatever its length, and so is a refused page the
 * reader asked to read anyway.
 */
let renders = 0;
async function render(trace = null) {
  // Corrections can arrive one after another (two storage changes): the latest render wins, and
  // one overtaken while it waited is dropped.
  const mine = ++renders;
  const corrections = page.host ? await loadCorrections(page.host) : [];
  if (mine !== renders) return;
  if (trace) trace.corrections = clock();
  const options = { includeBlocks: true, corrections };
  if (page.url) options.url = page.url;
  if (page.anyway) options.readAnyway = true;
  let analysis = analyzeTree(page.tree, options);
  const picked = corrections.some((c) => c.keep && analysis.correctionsApplied.includes(c.path));
  if (!analysis.readerable && picked) analysis = analyzeTree(page.tree, { ...options, readAnyway: true });
  if (trace) trace.analyzed = clock();
  const article = analysis.readerable ? analysis.article : null;
  document.title = article && article.title ? `${article.title} — ${t('readerView')}` : t('readerView');

  const alwaysOpen = page.site ? { checked: (await loadSites()).includes(page.site) } : null;
  if (mine !== renders) return;
  const y = scrollY;
  if (narration) narration.stop();
  narration = null;
  const applied = analysis.correctionsApplied.length;
  view = renderReader(root, analysis, view ? view.prefs : await loadPrefs(), savePrefs, {
    t, ui, sourceUrl: page.url, features: FEATURES, alwaysOpen, pickable: true,
    note: applied ? t('corrections', applied) : null,
    cut: analysis.truncated ? t('truncated', new Intl.NumberFormat((ui && ui.lang) || undefined).format(maxElements())) : null,
  });
  shown = { analysis, url: page.url };
  if (trace) trace.rendered = clock();
  sendPrintCopy();
  const narratePanel = root.querySelector('.rm-panel.rm-panel-narrate');
  if (view.body && narratePanel) {
    const button = root.querySelector('[data-action="panel-narrate"]');
    narration = narrator(view.body, narratePanel, { t, lang: article.lang, onState: (on) => button.classList.toggle('rm-on', on) });
  }
  if (y) scrollTo({ top: y, behavior: 'instant' });
}

/**
 * Stores this open's timestamps for tests/e2e/latency.mjs (it asked for them; see background.js),
 * once the rendered view is painted: the frame after the render, then the task after that frame.
 */
function storeTrace(trace, bytes) {
  requestAnimationFrame(() => setTimeout(() => {
    const result = {
      ...trace, ...marks, painted: clock(), chars: bytes, readerable: shown.analysis.readerable,
    };
    chrome.storage.session.set({ latencyResult: result }).catch(() => {});
  }, 0));
}

/** Shows the blocks on the live page (content.js outlines them; the reader steps aside). */
function showBlocks() {
  if (!shown) return;
  const blocks = shown.analysis.blocks.map(({ element, path, tag, label, confidence, reasons, text }) => ({
    element, path, tag, label, confidence, reasons: reasons.map(String), text,
  }));
  send(MSG.SHOW_BLOCKS, { blocks, applied: shown.analysis.correctionsApplied, colours: LABEL_COLOURS }).catch(() => {});
}

/**
 * Goes back to where the reader stopped reading this page (a share of the page's height, so a
 * different text size or window lands on the same passage), and keeps track as it scrolls.
 */
async function keepReadingPosition(url) {
  const at = await loadPosition(url);
  const scrollable = () => document.documentElement.scrollHeight - innerHeight;
  if (at && at > 0.01 && scrollable() > 0) scrollTo({ top: at * scrollable(), behavior: 'instant' });
  let timer = 0;
  addEventListener('scroll', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const max = scrollable();
      savePosition(url, max > 0 ? Math.min(1, scrollY / max) : 0);
    }, 250);
  }, { passive: true });
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

/** The toolbar's buttons beyond settings and close. */
const FEATURES = ['narrate', 'share', 'blocks'];

/** Hands the content script the article for the tab's own print (see PRINT_COPY). */
function sendPrintCopy() {
  const el = root.querySelector('.rm-article');
  if (!el) return;
  send(MSG.PRINT_COPY, { html: el.outerHTML, lang: el.lang, dir: el.dir }).catch(() => {});
}

function exportMeta() {
  const a = shown.analysis.article;
  return { title: a.title, byline: a.byline, siteName: a.siteName, url: shown.url };
}

let readerCss = null;
async function stylesheet() {
  if (readerCss === null) readerCss = await (await fetch('reader.css')).text();
  return readerCss;
}

async function share(action) {
  const el = root.querySelector('.rm-article');
  if (!el || !shown) return;
  const meta = exportMeta();
  switch (action) {
    case 'print':
      window.print();
      break;
    case 'save-markdown':
      download(document, fileName(meta.title, 'md'), 'text/markdown', toMarkdown(el, meta));
      break;
    case 'save-html': {
      // The saved page looks as the reader does: the same styles and settings, no script.
      const look = { dataset: { ...root.dataset }, fontSize: root.style.getPropertyValue('--rm-font-size') };
      download(document, fileName(meta.title, 'html'), 'text/html', toHtmlDocument(el, { ...meta, ...look }, await stylesheet()));
      break;
    }
    case 'copy-markdown':
    case 'copy-text': {
      const text = action === 'copy-markdown' ? toMarkdown(el, meta) : toPlainText(meta, shown.analysis.article.text);
      view.setStatus(await copyText(document, text) ? t('copied') : t('copyFailed'));
      break;
    }
    default:
      break;
  }
}

/**
 * Turns "always open this site in reader view" on or off. On asks for the host permission now,
 * in the click that asked for it (it is optional in the manifest); without it the box unticks.
 */
function alwaysOpenHere(on, input) {
  const site = shown && siteOf(shown.url);
  if (!site) return;
  if (!on) {
    setSite(site, false).catch(() => {});
    return;
  }
  chrome.permissions.request({ origins: [`${site}/*`] }).then(async (granted) => {
    if (granted) await setSite(site, true);
    else {
      input.checked = false;
      view.setStatus(t('alwaysOpenDenied'));
    }
  }, () => {
    input.checked = false;
  });
}

// ------------------------------------------------------------------------------------ keyboard

// Esc closes on its keyup, not its keydown, so the key's release never goes to a frame that is
// already being removed (and the page does not get a stray keyup either). An Esc that closed a
// panel (reader-view.js prevents its default) does not close the reader.
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

// Tab and Shift+Tab go round the reader's own controls and links: focus never leaves for the page
// behind (which the overlay's modal dialog makes inert as well).
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
function tabOrder() {
  const seenRadio = new Set();
  return [...root.querySelectorAll(FOCUSABLE)].filter((el) => {
    if (!el.getClientRects().length || el.closest('[hidden], [inert]')) return false;
    if (el.type === 'radio') {
      // One stop per radio group: the checked one.
      if (!el.checked || seenRadio.has(el.name)) return false;
      seenRadio.add(el.name);
    }
    return true;
  });
}
addEventListener('keydown', (event) => {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
  const items = tabOrder();
  if (!items.length) {
    event.preventDefault();
    return;
  }
  const active = document.activeElement;
  const at = items.indexOf(active);
  let next = null;
  if (at === -1) {
    // Nothing of ours focused yet (the page body): start from the first or the last control.
    if (!active || active === document.body || active === root || !root.contains(active)) {
      next = event.shiftKey ? items[items.length - 1] : items[0];
    }
  } else if (event.shiftKey && at === 0) {
    next = items[items.length - 1];
  } else if (!event.shiftKey && at === items.length - 1) {
    next = items[0];
  }
  if (next) {
    event.preventDefault();
    next.focus();
  }
});

// ------------------------------------------------------------------------------------- actions

root.addEventListener('readmode-action', (event) => {
  switch (event.detail.action) {
    case 'close':
      close();
      break;
    case 'blocks':
    case 'pick-text':
      showBlocks();
      break;
    case 'read-anyway':
      page.anyway = true;
      render().catch((e) => console.error('readmode:', e));
      break;
    case 'always-open':
      alwaysOpenHere(event.detail.checked, event.detail.input);
      break;
    case 'print':
    case 'save-html':
    case 'save-markdown':
    case 'copy-markdown':
    case 'copy-text':
      share(event.detail.action).catch((e) => view.setStatus(String(e && e.message ? e.message : e)));
      break;
    default:
      break;
  }
});
watchPrefs((prefs) => view && view.setPrefs(prefs));
addEventListener('resize', () => markScrollers(root, t));

open().catch(async (error) => {
  console.error('readmode:', error);
  view = renderError(root, error, await loadPrefs(), savePrefs, { t, ui });
  send(MSG.STATUS, { state: 'error', reason: error && error.message ? error.message : String(error) }).catch(() => {});
  window.focus();
});
