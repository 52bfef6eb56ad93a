// What the extension keeps, in one place: the reading settings (chrome.storage.sync, so they
// follow the browser profile to other devices), the corrections a reader made to a site's blocks
// (sync, per site), the sites that always open in reader view (sync), and where a reader stopped
// reading a page (chrome.storage.local: too many, too often written, for sync's quotas).
// Used by extension pages (reader.js, options.js) and background.js; content scripts use
// chrome.storage directly for the corrections (see content.js).

import { normalizePrefs } from './settings.js';

export const PREFS_KEY = 'prefs';
export const SITES_KEY = 'alwaysOpen';
const POSITIONS_KEY = 'positions';
// Reading positions kept: the most recent pages, so the list stays small.
const POSITIONS_MAX = 200;
export const correctionsKey = (host) => `corrections:${host}`;

/** The reading settings; the first time, the ones an earlier version kept in storage.local. */
export async function loadPrefs() {
  try {
    const { [PREFS_KEY]: synced } = await chrome.storage.sync.get(PREFS_KEY);
    if (synced) return normalizePrefs(synced);
    const { [PREFS_KEY]: local } = await chrome.storage.local.get(PREFS_KEY);
    return normalizePrefs(local);
  } catch {
    return normalizePrefs(null);
  }
}

export function savePrefs(prefs) {
  return chrome.storage.sync.set({ [PREFS_KEY]: normalizePrefs(prefs) }).catch(() => {});
}

/** Calls `fn(prefs)` whenever the settings change, from any page of the extension or device. */
export function watchPrefs(fn) {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && changes[PREFS_KEY]) fn(normalizePrefs(changes[PREFS_KEY].newValue));
  });
}

/** The corrections a reader made on `host`: [{path, keep}]. */
export async function loadCorrections(host) {
  try {
    const key = correctionsKey(host);
    const { [key]: list } = await chrome.storage.sync.get(key);
    return Array.isArray(list) ? list.filter((c) => c && typeof c.path === 'string' && typeof c.keep === 'boolean') : [];
  } catch {
    return [];
  }
}

/** A page's site as the always-open list and host permissions name it: scheme and host, no port
 *  (match patterns have none). */
export function siteOf(url) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}`;
  } catch {
    return null;
  }
}

/** Sites (`https://example.com`) that open in reader view by themselves. */
export async function loadSites() {
  try {
    const { [SITES_KEY]: list } = await chrome.storage.sync.get(SITES_KEY);
    return Array.isArray(list) ? list.filter((s) => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export async function setSite(origin, on) {
  const sites = new Set(await loadSites());
  if (on) sites.add(origin);
  else sites.delete(origin);
  await chrome.storage.sync.set({ [SITES_KEY]: [...sites].sort() });
}

/** The page's address without its fragment: one reading position per page. */
const pageKey = (url) => String(url).split('#')[0];

/** Where the reader stopped reading `url`: a fraction of the article's height, or null. */
export async function loadPosition(url) {
  try {
    const { [POSITIONS_KEY]: all } = await chrome.storage.local.get(POSITIONS_KEY);
    const p = all && all[pageKey(url)];
    return p && Number.isFinite(p.at) ? p.at : null;
  } catch {
    return null;
  }
}

export async function savePosition(url, at) {
  try {
    const { [POSITIONS_KEY]: all = {} } = await chrome.storage.local.get(POSITIONS_KEY);
    delete all[pageKey(url)];
    all[pageKey(url)] = { at, when: Date.now() };
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - POSITIONS_MAX))) delete all[k];
    await chrome.storage.local.set({ [POSITIONS_KEY]: all });
  } catch {
    // Storage full or gone: the reader opens at the top next time.
  }
}
