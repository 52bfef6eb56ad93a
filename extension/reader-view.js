// The reader view: builds the toolbar and the article from an `analyze()` result into an element.
// Shared by the extension's reader page (reader.js) and the demo (www/demo.js); no dependencies.
//
//   renderReader(root, analysis, prefs, onPrefsChange)
//
// `root` gets the class `rm-root`, `data-theme` and the `--rm-font-size` custom property; the
// styles live in reader.css, every rule scoped under `.rm-root`. Theme and font-size buttons
// update the view and call `onPrefsChange(newPrefs)`, so where prefs are stored is the caller's
// concern (chrome.storage in the extension, localStorage in the demo). The close button carries
// `data-action="close"`; clicking it dispatches a bubbling `readmode-close` event on `root`.
//
// `article.html` is already rebuilt from an allow-list by the core. It is still parsed in an inert
// <template> and cleaned again here (scripts, frames, on* attributes, javascript: URLs) before it
// is adopted, so a bug in the core cannot turn into script in the page that shows the view.

export const DEFAULT_PREFS = Object.freeze({ theme: 'light', fontSize: 19 });

export const THEMES = Object.freeze(['light', 'sepia', 'dark']);
export const FONT_SIZE_MIN = 14;
export const FONT_SIZE_MAX = 30;
const FONT_SIZE_STEP = 1;

const THEME_LABELS = { light: 'Light', sepia: 'Sepia', dark: 'Dark' };

// Elements that never belong in a reader view, whatever the core let through.
const DROP_ELEMENTS = 'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, input, button, select, textarea, template, noscript';
// Attributes that hold a URL.
const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'cite', 'data'];

/** The prefs with every field checked, defaults filling the gaps. */
export function normalizePrefs(prefs) {
  const p = prefs && typeof prefs === 'object' ? prefs : {};
  const theme = THEMES.includes(p.theme) ? p.theme : DEFAULT_PREFS.theme;
  const size = Number(p.fontSize);
  const fontSize = Number.isFinite(size)
    ? Math.min(FONT_SIZE_MAX, Math.max(FONT_SIZE_MIN, Math.round(size)))
    : DEFAULT_PREFS.fontSize;
  return { theme, fontSize };
}

/**
 * Renders the reader view of `analysis` into `root` (its children are replaced).
 * When `analysis.readerable` is false it shows the reason instead of the article.
 * Returns `{ setPrefs(prefs) }` to apply prefs changed elsewhere (another tab, say).
 */
export function renderReader(root, analysis, prefs, onPrefsChange) {
  const view = setUp(root, prefs, onPrefsChange);
  const article = analysis && analysis.article;
  if (!analysis || !analysis.readerable || !article) {
    view.main.append(notice(
      'This page doesn’t look like an article',
      (analysis && analysis.reason) || 'There is no main text here to show in the reader view.',
    ));
    return view.api;
  }

  const el = h('article', { class: 'rm-article' });
  if (article.lang) el.lang = article.lang;
  if (article.dir === 'rtl' || article.dir === 'ltr') el.dir = article.dir;

  const header = h('header', { class: 'rm-header' });
  header.append(h('h1', { class: 'rm-title' }, article.title || 'Untitled'));
  header.append(metaLine(article));
  el.append(header);

  const body = h('div', { class: 'rm-body' });
  body.append(safeFragment(article.html || ''));
  markStandfirst(body, article.excerpt);
  el.append(body);
  view.main.append(el);
  return view.api;
}

/** Shows an error (a wasm panic, a failed message) with the toolbar, in the same styles. */
export function renderError(root, error, prefs, onPrefsChange) {
  const view = setUp(root, prefs, onPrefsChange);
  const message = error && error.message ? error.message : String(error);
  const kind = error && error.name === 'RuntimeError'
    ? 'The reader crashed on this page'
    : 'The reader could not open this page';
  view.main.append(notice(kind, message, 'rm-error'));
  return view.api;
}

/** Shows a short status line ("Reading the page…") while the work is in progress. */
export function renderLoading(root, prefs, text = 'Reading the page…') {
  const view = setUp(root, prefs, null);
  view.main.append(h('p', { class: 'rm-loading', role: 'status' }, text));
  return view.api;
}

// ------------------------------------------------------------------------------------ internals

// The document elements are created in: the root's (the demo and the reader page each have one).
let doc = globalThis.document;

function setUp(root, prefs, onPrefsChange) {
  doc = root.ownerDocument;
  let current = normalizePrefs(prefs);
  root.classList.add('rm-root');
  root.replaceChildren();

  const apply = () => {
    root.dataset.theme = current.theme;
    root.style.setProperty('--rm-font-size', `${current.fontSize}px`);
    for (const b of root.querySelectorAll('[data-theme-choice]')) {
      b.setAttribute('aria-pressed', String(b.dataset.themeChoice === current.theme));
    }
    const smaller = root.querySelector('[data-action="smaller"]');
    const larger = root.querySelector('[data-action="larger"]');
    if (smaller) smaller.disabled = current.fontSize <= FONT_SIZE_MIN;
    if (larger) larger.disabled = current.fontSize >= FONT_SIZE_MAX;
  };
  const change = (next) => {
    const n = normalizePrefs({ ...current, ...next });
    if (n.theme === current.theme && n.fontSize === current.fontSize) return;
    current = n;
    apply();
    if (typeof onPrefsChange === 'function') onPrefsChange({ ...current });
  };

  const themes = h('div', { class: 'rm-group', role: 'group', 'aria-label': 'Theme' },
    ...THEMES.map((t) => h('button', {
      type: 'button', class: `rm-btn rm-swatch rm-swatch-${t}`, 'data-theme-choice': t,
      title: `${THEME_LABELS[t]} theme`, 'aria-label': `${THEME_LABELS[t]} theme`,
    })));
  const sizes = h('div', { class: 'rm-group', role: 'group', 'aria-label': 'Text size' },
    h('button', { type: 'button', class: 'rm-btn rm-size', 'data-action': 'smaller', title: 'Smaller text', 'aria-label': 'Smaller text' },
      h('span', { class: 'rm-a rm-a-small', 'aria-hidden': 'true' }, 'A'), h('span', { 'aria-hidden': 'true' }, '−')),
    h('button', { type: 'button', class: 'rm-btn rm-size', 'data-action': 'larger', title: 'Larger text', 'aria-label': 'Larger text' },
      h('span', { class: 'rm-a', 'aria-hidden': 'true' }, 'A'), h('span', { 'aria-hidden': 'true' }, '+')));
  const close = h('button', {
    type: 'button', class: 'rm-btn rm-close', 'data-action': 'close',
    title: 'Close reader view (Esc)', 'aria-label': 'Close reader view',
  }, h('span', { 'aria-hidden': 'true' }, '×'));

  const toolbar = h('div', { class: 'rm-toolbar', role: 'toolbar', 'aria-label': 'Reader view' },
    h('span', { class: 'rm-brand' }, 'Reader view'),
    h('div', { class: 'rm-controls' }, themes, sizes, close));
  const main = h('div', { class: 'rm-main' });
  root.append(toolbar, main);

  toolbar.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button || button.disabled) return;
    if (button.dataset.themeChoice) change({ theme: button.dataset.themeChoice });
    else if (button.dataset.action === 'smaller') change({ fontSize: current.fontSize - FONT_SIZE_STEP });
    else if (button.dataset.action === 'larger') change({ fontSize: current.fontSize + FONT_SIZE_STEP });
    else if (button.dataset.action === 'close') {
      root.dispatchEvent(new CustomEvent('readmode-close', { bubbles: true }));
    }
  });
  apply();

  const api = {
    setPrefs(next) {
      current = normalizePrefs({ ...current, ...next });
      apply();
    },
    get prefs() {
      return { ...current };
    },
  };
  return { main, api };
}

function notice(title, detail, extraClass = '') {
  return h('section', { class: `rm-notice ${extraClass}`.trim(), role: 'alert' },
    h('h1', { class: 'rm-notice-title' }, title),
    h('p', { class: 'rm-notice-detail' }, detail));
}

function metaLine(article) {
  const parts = [];
  if (article.byline) parts.push(h('span', { class: 'rm-byline' }, article.byline));
  if (article.siteName && !sameText(article.siteName, article.byline)) {
    parts.push(h('span', { class: 'rm-sitename' }, article.siteName));
  }
  const date = formatDate(article.publishedTime, article.lang);
  if (date) parts.push(h('time', { class: 'rm-date', datetime: article.publishedTime }, date));
  const minutes = Math.max(1, Math.round(Number(article.readingTimeMinutes) || 1));
  parts.push(h('span', { class: 'rm-reading-time' }, `${minutes} min read`));
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
    if (div.classList.contains('rm-table-wrap') || !div.textContent.trim()) continue;
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

/** Parses `html` inertly and returns a cleaned DocumentFragment owned by `doc`. */
function safeFragment(html) {
  const template = doc.createElement('template');
  template.innerHTML = html;
  const content = template.content;
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
    } else if (tag === 'a' && el.hasAttribute('href')) {
      el.setAttribute('rel', 'noopener noreferrer');
    } else if (tag === 'table' && !el.parentElement?.classList.contains('rm-table-wrap')) {
      const wrap = doc.createElement('div');
      wrap.className = 'rm-table-wrap';
      el.replaceWith(wrap);
      wrap.append(el);
    }
  }
  paragraphsFromTextDivs(content);
  return doc.importNode(content, true);
}

/** A tiny element builder: h('p', {class: 'x'}, 'text', child). Text is always text, never HTML. */
function h(tag, attrs, ...children) {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c == null || c === false) continue;
    el.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  }
  return el;
}
