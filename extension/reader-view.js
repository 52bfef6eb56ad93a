// The reader view: builds the toolbar and the article from an `analyze()` result into an element.
// Shared by the extension's reader page (reader.js) and the demo (www/demo.js); no dependencies
// but settings.js.
//
//   renderReader(root, analysis, prefs, onPrefsChange, options)
//
// `root` gets the class `rm-root`, the prefs as data attributes and the `--rm-font-size` custom
// property (settings.js applyPrefs); the styles live in reader.css, every rule scoped under
// `.rm-root`. The settings panel updates the view and calls `onPrefsChange(newPrefs)`, so where
// prefs are stored is the caller's concern (chrome.storage.sync in the extension, localStorage in
// the demo). `options`:
//   t(name, ...subs)   the UI's messages (chrome.i18n.getMessage's shape; _locales/*/messages.json)
//   ui: {lang, dir}    the UI's language and direction: the toolbar's, never the article's
//   sourceUrl          the page's address, linked in the header
//   features           toolbar buttons beyond settings and close: 'share', 'narrate' (a panel that
//                      narrate.js fills), 'blocks'
//   pickable           whether a refused page offers "Pick the text"
//   alwaysOpen         {checked}: a checkbox "always open this site" in the settings panel
//   note               a line under the byline, in the UI's language (corrections applied)
// Toolbar buttons and notice buttons dispatch a bubbling `readmode-action` event on `root` with
// `detail.action` ('close', 'print', 'save-html', 'save-markdown', 'copy-markdown', 'copy-text',
// 'narrate', 'blocks', 'read-anyway', 'pick-text'); the close button's is 'close'.
//
// The view is landmarks and labelled controls: a <header> with the toolbar and its panels, and
// <main> with the article, whose `lang` and `dir` are the article's own.
//
// `article.html` is already rebuilt from an allow-list by the core. It is still parsed in an inert
// DOMParser document and cleaned again here (scripts, frames, on* attributes, javascript: URLs) before it
// is adopted, so a bug in the core cannot turn into script in the page that shows the view.

import { applyPrefs, builder, directionOf, normalizePrefs, samePrefs, settingsForm } from './settings.js';

export { DEFAULT_PREFS, normalizePrefs, THEMES, FONT_SIZE_MAX, FONT_SIZE_MIN } from './settings.js';

// Elements that never belong in a reader view, whatever the core let through.
const DROP_ELEMENTS = 'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, input, button, select, textarea, template, noscript';
// Attributes that hold a URL.
const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'cite', 'data'];

const chromeMessages = () => {
  const get = globalThis.chrome && globalThis.chrome.i18n && globalThis.chrome.i18n.getMessage;
  return get ? (name, ...subs) => get(name, subs.map(String)) || name : (name) => name;
};

/**
 * Renders the reader view of `analysis` into `root` (its children are replaced).
 * When `analysis.readerable` is false it shows the reason instead of the article.
 * Returns `{ setPrefs(prefs), prefs, body, setStatus(text) }`.
 */
export function renderReader(root, analysis, prefs, onPrefsChange, options = {}) {
  const view = setUp(root, prefs, onPrefsChange, options);
  const { t, h } = view;
  const article = analysis && analysis.article;
  if (!analysis || !analysis.readerable || !article) {
    const actions = [];
    if (article && article.text && article.text.trim()) actions.push(['read-anyway', t('readAnyway')]);
    if (options.pickable) actions.push(['pick-text', t('pickText')]);
    view.main.append(notice(h, t('notArticle'), (analysis && analysis.reason) || t('notArticleDetail'), '', actions));
    return view.api;
  }

  const el = h('article', { class: 'rm-article' });
  // The article's own language and direction, never the UI's: declared, else its language's,
  // else what its first letters say (dir=auto).
  if (article.lang) el.lang = article.lang;
  el.dir = article.dir === 'rtl' || article.dir === 'ltr' ? article.dir : article.lang ? directionOf(article.lang) : 'auto';

  const header = h('header', { class: 'rm-header' });
  const source = sourceLink(h, options.sourceUrl, t, options.ui);
  if (source) header.append(source);
  header.append(h('h1', { class: 'rm-title' }, article.title || t('untitled')));
  header.append(metaLine(h, article, t, options.ui));
  // `cut`: the page had more elements than the core reads (`analysis.truncated`), and the reader
  // shows its first part: said above the text, not left for the reader to wonder where it ends.
  for (const [line, extra] of [[options.cut, ' rm-truncated'], [options.note, '']]) {
    if (!line) continue;
    const note = h('p', { class: `rm-note-line${extra}` }, line);
    if (options.ui && options.ui.lang) note.lang = options.ui.lang;
    if (options.ui && options.ui.dir) note.dir = options.ui.dir;
    header.append(note);
  }
  el.append(header);

  const body = h('div', { class: 'rm-body' });
  body.append(safeFragment(root.ownerDocument, article.html || ''));
  markStandfirst(body, article.excerpt);
  el.append(body);
  // The discussion under the article (`article.comments`, null on a thread: its posts are the
  // article), offered at the end, folded, and cleaned like the article.
  const comments = article.comments;
  if (comments && comments.count > 0 && comments.html) {
    const list = h('div', { class: 'rm-comments-body' });
    list.append(safeFragment(root.ownerDocument, comments.html));
    el.append(h('details', { class: 'rm-comments' }, h('summary', {}, t('comments', comments.count)), list));
  }
  view.main.append(el);
  view.api.body = body;
  markScrollers(root, t);
  return view.api;
}

/** Shows an error (a wasm panic, a failed message) with the toolbar, in the same styles. */
export function renderError(root, error, prefs, onPrefsChange, options = {}) {
  const view = setUp(root, prefs, onPrefsChange, { ...options, features: [] });
  const message = error && error.message ? error.message : String(error);
  const kind = error && error.name === 'RuntimeError' ? view.t('crashed') : view.t('couldNotOpen');
  view.main.append(notice(view.h, kind, message, 'rm-error'));
  return view.api;
}

/** Shows a short status line ("Reading the page…") while the work is in progress. */
export function renderLoading(root, prefs, options = {}) {
  const view = setUp(root, prefs, null, { ...options, features: [] });
  view.main.append(view.h('p', { class: 'rm-loading', role: 'status' }, view.t('loading')));
  return view.api;
}

/**
 * Wide tables and code scroll sideways in a scroller that may use the side margins; a scroller
 * whose content overflows becomes a focusable, labelled region (so the keyboard can scroll it)
 * and shows its edges' shadows. Run again when the width changes.
 */
export function markScrollers(root, t = chromeMessages()) {
  for (const el of root.querySelectorAll('.rm-body .rm-scroll')) {
    const overflows = el.scrollWidth > el.clientWidth + 1;
    el.classList.toggle('rm-overflows', overflows);
    if (overflows) {
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', t(el.localName === 'pre' ? 'scrollCode' : 'scrollTable'));
    } else {
      for (const a of ['tabindex', 'role', 'aria-label']) el.removeAttribute(a);
    }
  }
}

// ------------------------------------------------------------------------------------ internals

const ICONS = {
  // 24×24 outline icons, drawn with currentColor.
  settings: 'M4 19 9.5 5h1L16 19M6.2 14h7.6M15 19l3.2-8h.6L22 19M16 16.5h4.8',
  share: 'M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 15v4h14v-4',
  narrate: 'M4 9v6h4l5 4V5L8 9H4Zm12.5-.5a5 5 0 0 1 0 7M18.8 6a8.5 8.5 0 0 1 0 12',
  blocks: 'M4 4h7v7H4zM13 4h7v4h-7zM13 10h7v10h-7zM4 13h7v7H4z',
  close: 'M6 6l12 12M18 6 6 18',
};

function icon(doc, name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'rm-icon');
  const path = doc.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

function setUp(root, prefs, onPrefsChange, options) {
  const doc = root.ownerDocument;
  const h = builder(doc);
  const t = options.t || chromeMessages();
  const features = options.features || [];
  let current = normalizePrefs(prefs);
  root.classList.add('rm-root');
  root.replaceChildren();
  if (options.ui && options.ui.lang) root.lang = options.ui.lang;
  if (options.ui && (options.ui.dir === 'rtl' || options.ui.dir === 'ltr')) root.dir = options.ui.dir;

  const panels = [];
  const button = (action, label, iconName, extra = {}) => h('button', {
    type: 'button', class: `rm-btn rm-btn-${action}`, 'data-action': action, title: label, 'aria-label': label, ...extra,
  }, icon(doc, iconName));
  /** A toolbar button that shows or hides a panel under the toolbar. */
  const panelButton = (name, label, iconName, panel) => {
    panel.id = `rm-panel-${name}`;
    panel.hidden = true;
    panels.push(panel);
    return button(`panel-${name}`, label, iconName, { 'aria-expanded': 'false', 'aria-controls': panel.id });
  };

  const form = settingsForm(doc, current, (p) => {
    current = p;
    applyPrefs(root, current);
    markScrollers(root, t);
    if (typeof onPrefsChange === 'function') onPrefsChange({ ...current });
  }, t);
  const settingsPanel = h('div', { class: 'rm-panel rm-panel-settings', role: 'group', 'aria-label': t('settings') }, form);
  if (options.alwaysOpen) {
    // Per site, not a reading setting: the caller asks for the permission and keeps the list.
    const box = h('input', { type: 'checkbox', class: 'rm-always-open', id: 'rm-always-open', checked: options.alwaysOpen.checked });
    box.addEventListener('change', () => root.dispatchEvent(new CustomEvent('readmode-action', {
      bubbles: true, detail: { action: 'always-open', checked: box.checked, input: box },
    })));
    settingsPanel.append(h('p', { class: 'rm-check' }, box, h('label', { for: 'rm-always-open' }, t('alwaysOpen'))));
  }
  const controls = [panelButton('settings', t('settings'), 'settings', settingsPanel)];
  if (features.includes('narrate')) {
    // Its controls come from narrate.js, which the caller sets up on this panel.
    controls.push(panelButton('narrate', t('readAloud'), 'narrate',
      h('div', { class: 'rm-panel rm-panel-narrate', role: 'group', 'aria-label': t('readAloud') })));
  }
  if (features.includes('share')) {
    const status = h('p', { class: 'rm-share-status', role: 'status' });
    controls.push(panelButton('share', t('share'), 'share', h('div', { class: 'rm-panel rm-panel-share', role: 'group', 'aria-label': t('share') },
      h('div', { class: 'rm-menu' }, ...[['print', 'print'], ['save-html', 'saveHtml'], ['save-markdown', 'saveMarkdown'],
        ['copy-markdown', 'copyMarkdown'], ['copy-text', 'copyText']]
        .map(([action, name]) => h('button', { type: 'button', class: 'rm-btn rm-text-btn', 'data-action': action }, t(name)))),
      status)));
  }
  if (features.includes('blocks')) controls.push(button('blocks', t('showBlocks'), 'blocks'));
  controls.push(button('close', t('closeTitle'), 'close', { 'aria-label': t('close') }));

  const toolbar = h('div', { class: 'rm-toolbar' },
    h('span', { class: 'rm-brand' }, t('readerView')),
    h('div', { class: 'rm-controls' }, ...controls));
  const bar = h('header', { class: 'rm-bar' }, toolbar, ...panels);
  const main = h('main', { class: 'rm-main' });
  root.append(bar, main);

  const showPanel = (panel) => {
    for (const p of panels) {
      p.hidden = p !== panel || !p.hidden;
      const b = bar.querySelector(`[aria-controls="${p.id}"]`);
      b.setAttribute('aria-expanded', String(!p.hidden));
    }
  };
  const fire = (action) => root.dispatchEvent(new CustomEvent('readmode-action', { bubbles: true, detail: { action } }));
  root.addEventListener('click', (event) => {
    const b = event.target.closest('button[data-action]');
    if (!b || b.disabled || !root.contains(b)) return;
    const action = b.dataset.action;
    if (action.startsWith('panel-')) showPanel(doc.getElementById(b.getAttribute('aria-controls')));
    else fire(action);
  });
  // Esc closes an open panel first (and is then spent: the reader stays open).
  root.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const open = panels.find((p) => !p.hidden);
    if (!open) return;
    event.preventDefault();
    showPanel(open);
    bar.querySelector(`[aria-controls="${open.id}"]`).focus();
  });
  applyPrefs(root, current);

  const api = {
    setPrefs(next) {
      const n = normalizePrefs({ ...current, ...next });
      if (samePrefs(n, current)) return;
      current = n;
      applyPrefs(root, current);
      form.update(current);
      markScrollers(root, t);
    },
    get prefs() {
      return { ...current };
    },
    /** Says something in the share panel's status line (copied, saved). */
    setStatus(text) {
      const s = root.querySelector('.rm-share-status');
      if (s) s.textContent = text;
    },
    body: null,
  };
  return { main, api, t, h };
}

function notice(h, title, detail, extraClass = '', actions = []) {
  return h('section', { class: `rm-notice ${extraClass}`.trim(), role: 'alert' },
    h('h1', { class: 'rm-notice-title' }, title),
    h('p', { class: 'rm-notice-detail' }, detail),
    actions.length ? h('p', { class: 'rm-notice-actions' },
      ...actions.map(([action, label]) => h('button', { type: 'button', class: 'rm-btn rm-text-btn', 'data-action': action }, label))) : null);
}

/** The link back to the page, by its host name, above the title. */
function sourceLink(h, url, t, ui) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(u.protocol)) return null;
  const p = h('p', { class: 'rm-source' },
    h('a', { href: u.href, class: 'rm-source-link', title: t('originalPage'), rel: 'noopener noreferrer' }, u.host));
  if (ui && ui.dir) p.dir = 'ltr';
  return p;
}

function metaLine(h, article, t, ui) {
  const parts = [];
  if (article.byline) parts.push(h('span', { class: 'rm-byline' }, article.byline));
  if (article.siteName && !sameText(article.siteName, article.byline)) {
    parts.push(h('span', { class: 'rm-sitename' }, article.siteName));
  }
  const date = formatDate(article.publishedTime, article.lang);
  if (date) parts.push(h('time', { class: 'rm-date', datetime: article.publishedTime }, date));
  const minutes = Math.max(1, Math.round(Number(article.readingTimeMinutes) || 1));
  // Our words, not the article's: in the UI's language and direction, isolated from the line.
  const time = h('bdi', { class: 'rm-reading-time' }, t('minRead', minutes));
  if (ui && ui.lang) time.lang = ui.lang;
  if (ui && ui.dir) time.dir = ui.dir;
  parts.push(time);
  const line = h('p', { class: 'rm-meta' });
  parts.forEach((p, i) => {
    if (i) line.append(h('span', { class: 'rm-sep', 'aria-hidden': 'true' }, ' · '));
    line.append(p);
  });
  return line;
}

function formatDate(value, lang) {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  try {
    return new Intl.DateTimeFormat(lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' }).format(d);
  } catch {
    return d.toDateString();
  }
}

const squash = (s) => String(s || '').replace(/\s+/g, ' ').trim().toLowerCase();
const sameText = (a, b) => !!a && !!b && squash(a) === squash(b);

// Elements that start a block of their own: a <div> holding none of them is a paragraph of text.
const BLOCK_ELEMENTS = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'dialog', 'dd', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul', 'picture', 'img', 'video']);

/** A <div> with only text and inline markup becomes a <p>, so it gets paragraph spacing. */
function paragraphsFromTextDivs(root) {
  for (const div of [...root.querySelectorAll('div')].reverse()) {
    if (div.classList.contains('rm-scroll') || !div.textContent.trim()) continue;
    if ([...div.children].some((c) => BLOCK_ELEMENTS.has(c.localName))) continue;
    const p = div.ownerDocument.createElement('p');
    for (const attr of [...div.attributes]) p.setAttribute(attr.name, attr.value);
    p.append(...div.childNodes);
    div.replaceWith(p);
  }
}

/**
 * The first block, when it is short and repeats the page's summary, is the story's standfirst (the
 * line under the headline on news pages): styled as one rather than as body text.
 */
function markStandfirst(body, excerpt) {
  const e = squash(excerpt);
  if (!e || e.length > STANDFIRST_MAX) return;
  const blocks = [...body.querySelectorAll('p, h2, h3, h4, h5, h6, ul, ol, blockquote, pre, table, figure')]
    .filter((el) => squash(el.textContent));
  const first = blocks[0];
  if (blocks.length > 1 && first.localName === 'p' && squash(first.textContent) === e) {
    first.classList.add('rm-standfirst');
  }
}
const STANDFIRST_MAX = 200;

/** Parses `html` inertly (a DOMParser document: nothing loads, nothing runs) and returns a
 *  cleaned copy, as a DocumentFragment owned by `doc`. */
export function safeFragment(doc, html) {
  const content = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body;
  for (const el of content.querySelectorAll(DROP_ELEMENTS)) el.remove();
  for (const el of content.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || name === 'srcdoc') {
        el.removeAttribute(attr.name);
      } else if (URL_ATTRIBUTES.includes(name) && /^\s*(javascript|vbscript|data\s*:\s*text\/html)/i.test(attr.value.replace(/[\u0000-\u001f]/g, ''))) {
        el.removeAttribute(attr.name);
      }
    }
    const tag = el.localName;
    if (tag === 'img') {
      el.setAttribute('loading', 'lazy');
      el.setAttribute('decoding', 'async');
      // An image in a table cell or a line of text is an icon or a glyph: it keeps its own size.
      if (el.closest('td, th, p, li')) el.classList.add('rm-inline-img');
    } else if (tag === 'a' && el.hasAttribute('href')) {
      el.setAttribute('rel', 'noopener noreferrer');
    } else if (tag === 'table' && !el.parentElement?.classList.contains('rm-scroll')) {
      const wrap = el.ownerDocument.createElement('div');
      wrap.className = 'rm-scroll rm-table-wrap';
      el.replaceWith(wrap);
      wrap.append(el);
    } else if (tag === 'pre') {
      el.classList.add('rm-scroll');
    }
  }
  paragraphsFromTextDivs(content);
  const fragment = doc.createDocumentFragment();
  for (const node of content.childNodes) fragment.append(doc.importNode(node, true));
  return fragment;
}
