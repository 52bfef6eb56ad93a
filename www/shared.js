// What the demo page and the playground share: a colour per label, the reader prefs kept in
// localStorage (the extension keeps them in chrome.storage instead), and the reader's English
// messages, read from the extension's own _locales (the demo has no chrome.i18n).

import { LABEL_COLOURS } from '../extension/labels.js';
import { DEFAULT_PREFS, messagesFrom, normalizePrefs } from '../extension/settings.js';

export { LABEL_COLOURS };

export const labelColour = (label) => LABEL_COLOURS[label] || LABEL_COLOURS.other;

const PREFS_KEY = 'readmode-demo-prefs';

export function loadPrefs() {
  try {
    return normalizePrefs(JSON.parse(localStorage.getItem(PREFS_KEY)) || DEFAULT_PREFS);
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

export function savePrefs(p) {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(p));
  } catch {
    /* storage may be off; the view still works */
  }
}

let messages = null;

/** The reader view's messages (English), as `t(name, ...subs)`. */
export async function loadMessages() {
  if (!messages) {
    try {
      const r = await fetch(new URL('../extension/_locales/en/messages.json', import.meta.url));
      messages = messagesFrom(await r.json());
    } catch {
      messages = (name) => name;
    }
  }
  return messages;
}
