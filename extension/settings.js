// Reading settings: what they are, their defaults, and the form that changes them. Shared by the
// reader's settings panel (reader-view.js), the options page (options.js) and the demo (www/);
// no dependencies, no chrome.* (the extension stores them with chrome.storage.sync, the demo
// with localStorage: see prefs-store.js and www/shared.js).
//
// Every choice is a closed list, so a stored value from another version or another device is
// checked against it (normalizePrefs) before it is applied.

export const THEMES = Object.freeze(['auto', 'light', 'sepia', 'dark', 'contrast']);
export const FONTS = Object.freeze(['serif', 'sans', 'mono']);
export const WIDTHS = Object.freeze(['narrow', 'medium', 'wide']);
export const LINE_HEIGHTS = Object.freeze(['tight', 'normal', 'loose']);
export const ALIGNS = Object.freeze(['left', 'justify']);
export const FONT_SIZE_MIN = 14;
export const FONT_SIZE_MAX = 30;
export const FONT_SIZE_STEP = 1;

// The theme follows the system's light or dark mode unless the reader picks one.
export const DEFAULT_PREFS = Object.freeze({
  theme: 'auto', font: 'serif', fontSize: 19, width: 'medium', lineHeight: 'normal', align: 'left',
});

// Message names (see _locales/*/messages.json) of each choice.
const NAMES = {
  theme: { auto: 'themeAuto', light: 'themeLight', sepia: 'themeSepia', dark: 'themeDark', contrast: 'themeContrast' },
  font: { serif: 'fontSerif', sans: 'fontSans', mono: 'fontMono' },
  width: { narrow: 'widthNarrow', medium: 'widthMedium', wide: 'widthWide' },
  lineHeight: { tight: 'lineTight', normal: 'lineNormal', loose: 'lineLoose' },
  align: { left: 'alignLeft', justify: 'alignJustify' },
};
const CHOICES = { theme: THEMES, font: FONTS, width: WIDTHS, lineHeight: LINE_HEIGHTS, align: ALIGNS };
const LEGENDS = { theme: 'theme', font: 'font', width: 'width', lineHeight: 'lineHeight', align: 'align' };

const oneOf = (list, v, fallback) => (list.includes(v) ? v : fallback);

/** The prefs with every field checked, defaults filling the gaps (a light/sepia/dark-only
 *  version stored `{theme, fontSize}`: those carry over). */
export function normalizePrefs(prefs) {
  const p = prefs && typeof prefs === 'object' ? prefs : {};
  const size = Number(p.fontSize);
  return {
    theme: oneOf(THEMES, p.theme, DEFAULT_PREFS.theme),
    font: oneOf(FONTS, p.font, DEFAULT_PREFS.font),
    fontSize: Number.isFinite(size) ? Math.min(FONT_SIZE_MAX, Math.max(FONT_SIZE_MIN, Math.round(size))) : DEFAULT_PREFS.fontSize,
    width: oneOf(WIDTHS, p.width, DEFAULT_PREFS.width),
    lineHeight: oneOf(LINE_HEIGHTS, p.lineHeight, DEFAULT_PREFS.lineHeight),
    align: oneOf(ALIGNS, p.align, DEFAULT_PREFS.align),
  };
}

export const samePrefs = (a, b) => Object.keys(DEFAULT_PREFS).every((k) => a[k] === b[k]);

/** Puts the prefs on a reader root: data attributes for the choices, a property for the size. */
export function applyPrefs(root, prefs) {
  const p = normalizePrefs(prefs);
  root.dataset.theme = p.theme;
  root.dataset.font = p.font;
  root.dataset.width = p.width;
  root.dataset.lineHeight = p.lineHeight;
  root.dataset.align = p.align;
  root.style.setProperty('--rm-font-size', `${p.fontSize}px`);
}

/**
 * The settings form: a group of radio buttons per choice and a size stepper, every control
 * labelled. `onChange(prefs)` gets the whole new prefs on each change; `form.update(prefs)` shows
 * prefs changed elsewhere. `t(name, ...subs)` gives a message (chrome.i18n.getMessage's shape).
 */
export function settingsForm(doc, prefs, onChange, t) {
  let current = normalizePrefs(prefs);
  const h = builder(doc);
  const id = `rm-settings-${Math.random().toString(36).slice(2, 8)}`;
  const form = h('form', { class: 'rm-settings', 'aria-label': t('settings') });

  for (const key of ['theme', 'font', 'width', 'lineHeight', 'align']) {
    const set = h('fieldset', { class: `rm-field rm-field-${key}` }, h('legend', {}, t(LEGENDS[key])));
    const options = h('div', { class: 'rm-choices' });
    for (const value of CHOICES[key]) {
      const input = h('input', { type: 'radio', name: `${id}-${key}`, value, 'data-pref': key, id: `${id}-${key}-${value}` });
      options.append(h('label', { class: `rm-choice rm-choice-${key}-${value}`, for: `${id}-${key}-${value}` }, input,
        h('span', {}, t(NAMES[key][value]))));
    }
    set.append(options);
    form.append(set);
  }
  const sizeId = `${id}-size`;
  const size = h('fieldset', { class: 'rm-field rm-field-size' }, h('legend', {}, t('textSize')),
    h('div', { class: 'rm-stepper' },
      h('button', { type: 'button', class: 'rm-btn', 'data-step': '-1', 'aria-label': t('smaller'), title: t('smaller'), 'aria-controls': sizeId }, '−'),
      h('output', { id: sizeId, class: 'rm-size-value', 'aria-live': 'polite' }),
      h('button', { type: 'button', class: 'rm-btn', 'data-step': '1', 'aria-label': t('larger'), title: t('larger'), 'aria-controls': sizeId }, '+')));
  form.insertBefore(size, form.children[2]);

  const show = () => {
    for (const input of form.querySelectorAll('input[data-pref]')) input.checked = current[input.dataset.pref] === input.value;
    form.querySelector('output').textContent = `${current.fontSize}px`;
    form.querySelector('[data-step="-1"]').disabled = current.fontSize <= FONT_SIZE_MIN;
    form.querySelector('[data-step="1"]').disabled = current.fontSize >= FONT_SIZE_MAX;
  };
  const change = (next) => {
    const n = normalizePrefs({ ...current, ...next });
    if (samePrefs(n, current)) return;
    current = n;
    show();
    onChange({ ...current });
  };
  form.addEventListener('change', (e) => {
    const input = e.target.closest('input[data-pref]');
    if (input && input.checked) change({ [input.dataset.pref]: input.value });
  });
  form.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-step]');
    if (b && !b.disabled) change({ fontSize: current.fontSize + Number(b.dataset.step) * FONT_SIZE_STEP });
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  show();
  form.update = (p) => {
    current = normalizePrefs(p);
    show();
  };
  return form;
}

/** A tiny element builder bound to a document: text is always text, never HTML. */
export function builder(doc) {
  return function h(tag, attrs, ...children) {
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
  };
}

/**
 * Messages from a chrome.i18n messages.json object, for pages without chrome.i18n (the demo):
 * `$1`…`$9` and named placeholders as chrome.i18n.getMessage substitutes them.
 */
export function messagesFrom(json) {
  return (name, ...subs) => {
    const m = json && json[name];
    if (!m) return name;
    const flat = subs.flat().map(String);
    let text = m.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (all, key) => {
      const ph = m.placeholders && m.placeholders[key.toLowerCase()];
      return ph ? ph.content : all;
    });
    text = text.replace(/\$(\d)/g, (all, n) => flat[Number(n) - 1] ?? '');
    return text.replace(/\$\$/g, '$');
  };
}

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** The writing direction of a language tag: what Intl knows, else a list of right-to-left scripts. */
export function directionOf(lang) {
  try {
    const locale = new Intl.Locale(lang);
    const info = typeof locale.getTextInfo === 'function' ? locale.getTextInfo() : locale.textInfo;
    if (info && (info.direction === 'rtl' || info.direction === 'ltr')) return info.direction;
  } catch {
    // Not a language tag: fall through.
  }
  return RTL_LANGUAGES.has(String(lang).toLowerCase().split(/[-_]/)[0]) ? 'rtl' : 'ltr';
}

/** The extension UI's language and direction (the browser's), in extension pages. */
export function uiLocale() {
  const lang = chrome.i18n.getUILanguage();
  return { lang, dir: directionOf(lang) };
}
