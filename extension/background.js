// The service worker. The toolbar button and the "toggle-reader" command (Alt+Shift+R) both call
// toggleReader(tab): inject content.js into the tab (activeTab grants it on the click or the
// shortcut; content.js ignores a second injection), after messages.js, which names the message
// types for it, and pkg/read-tree.js, the core's walk of a page (built from src/dom/read_tree.js),
// and tell it to toggle the reader overlay.
//
// It also relays the reader page's requests (reader.html, in an iframe in the tab: close, show
// blocks, the print copy, the badge) to the content script of that tab: an extension frame inside
// a web page cannot address its tab by itself, but its messages arrive here with `sender.tab`.
// The content script checks the one-time token. The page's content itself does not come this way:
// the content script hands it to the reader frame over a MessagePort (see content.js).
// Whatever the outcome, the toolbar button says it: a badge and title when the page is not an
// article or the reader cannot run there (chrome:// pages, the Web Store, a PDF viewer). Chrome
// clears per-tab badges and titles itself when the tab navigates to another page.

import './messages.js';
import { loadSites, siteOf } from './storage.js';

const MSG = globalThis.readmodeMessages;
const DEFAULT_TITLE = 'Reader view (Alt+Shift+R)';
// The reader page's own URL, as its messages name it (`sender.url`). Not chrome.runtime.getURL():
// reader.html is web-accessible with "use_dynamic_url", so getURL gives its dynamic URL (a
// per-session id in place of the extension id) for content.js to frame, while the page loaded from
// it runs at, and sends from, the extension's own origin, which is this worker's.
const READER_URL = new URL('reader.html', location.href).href;

const STATUS = {
  'not-readerable': { badge: '—', color: '#6b7280', title: 'readmode: this page does not look like an article' },
  error: { badge: '!', color: '#b3261e', title: 'readmode: the reader view cannot open on this page' },
};

/** Sets the button's badge and title for one tab: `state` is a STATUS key, or null to reset. */
async function setStatus(tabId, state, detail) {
  const s = STATUS[state];
  try {
    // Title and colour first, the badge text last: the badge is what a person (and a test) sees
    // change, so when it shows, the title that explains it is already in place.
    await chrome.action.setTitle({ tabId, title: s ? (detail ? `${s.title} (${detail})` : s.title) : DEFAULT_TITLE });
    if (s) await chrome.action.setBadgeBackgroundColor({ tabId, color: s.color });
    await chrome.action.setBadgeText({ tabId, text: s ? s.badge : '' });
  } catch {
    // The tab is gone; nothing to show.
  }
}

const errorMessage = (e) => (e && e.message ? e.message : String(e));

// Latency tracing, for tests/e2e/latency.mjs only, off unless that benchmark sets `latencyTrace`
// in chrome.storage.session (which neither web pages nor content scripts can reach). When it is
// on, a click's TOGGLE carries a `trace` of timestamps that the content script and the reader add
// to; the reader stores it there as `latencyResult`. Nothing is recorded otherwise.
const clock = () => performance.timeOrigin + performance.now();
let tracing = false;
chrome.storage.session.get('latencyTrace').then((v) => { tracing = !!v.latencyTrace; }, () => {});
chrome.storage.session.onChanged.addListener((changes) => {
  if (changes.latencyTrace) tracing = !!changes.latencyTrace.newValue;
});

/**
 * What the reader says when a message to the page's content script fails: no content script (the
 * page was reloaded, or a page framed reader.html itself) means the reader view has expired;
 * anything else is said as Chrome says it.
 */
function relayError(e) {
  const message = errorMessage(e);
  if (/Receiving end does not exist|message port closed/i.test(message)) return 'This reader view has expired; open it again.';
  return `The page did not answer the reader view (${message}).`;
}

/**
 * Opens the reader view in `tab`, or closes it when it is open.
 * Resolves to {ok: true, open} or {ok: false, error}; never rejects.
 */
async function toggleReader(tab, type = MSG.TOGGLE, clicked = 0) {
  const tabId = tab && tab.id;
  if (typeof tabId !== 'number' || tabId < 0) return { ok: false, error: 'no tab to open the reader in' };
  try {
    await setStatus(tabId, null);
    await chrome.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['messages.js', 'pkg/read-tree.js', 'content.js'] });
    const trace = tracing && clicked ? { clicked } : undefined;
    const reply = await chrome.tabs.sendMessage(tabId, { type, trace }, { frameId: 0 });
    if (!reply || !reply.ok) throw new Error(reply && reply.error ? reply.error : 'the page did not answer');
    return { ok: true, open: !!reply.open };
  } catch (e) {
    const error = errorMessage(e);
    await setStatus(tabId, 'error', error);
    return { ok: false, error };
  }
}

chrome.action.onClicked.addListener((tab) => {
  toggleReader(tab, MSG.TOGGLE, clock());
});

chrome.commands.onCommand.addListener((command, tab) => {
  if (command !== 'toggle-reader') return;
  if (tab) {
    toggleReader(tab);
  } else {
    chrome.tabs.query({ active: true, currentWindow: true })
      .then(([active]) => active && toggleReader(active))
      .catch(() => {});
  }
});

// Sites the reader chose to always open in reader view (the reader's settings ask for the host
// permission at that moment; it is optional in the manifest): a page of theirs that finishes
// loading opens in the reader. Without the permission the tab's URL is not even visible here.
chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status !== 'complete' || !tab.url || !/^https?:/.test(tab.url)) return;
  loadSites().then(async (sites) => {
    const site = siteOf(tab.url);
    if (!sites.includes(site) || !(await chrome.permissions.contains({ origins: [`${site}/*`] }))) return;
    await toggleReader(tab, MSG.OPEN);
  }).catch(() => {});
});

/** Passes a reader-page message to the content script of the tab that hosts the reader frame. */
function relay(sender, message) {
  return chrome.tabs.sendMessage(sender.tab.id, message, { frameId: 0 });
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Only our own reader page, inside a tab, talks to us.
  const fromReader = sender.id === chrome.runtime.id && typeof sender.url === 'string'
    && sender.url.split('#')[0] === READER_URL && sender.tab && typeof sender.tab.id === 'number';
  if (!fromReader || !msg || typeof msg.type !== 'string' || typeof msg.token !== 'string') return false;
  const token = msg.token;
  let work;
  switch (msg.type) {
    case MSG.CLOSE:
      work = relay(sender, { type: msg.type, token }).catch((e) => ({ ok: false, error: relayError(e) }));
      break;
    case MSG.SHOW_BLOCKS:
      work = relay(sender, {
        type: msg.type, token, blocks: Array.isArray(msg.blocks) ? msg.blocks : [],
        applied: Array.isArray(msg.applied) ? msg.applied : [], colours: msg.colours || {},
      }).catch(() => ({ ok: false }));
      break;
    case MSG.PRINT_COPY:
      work = relay(sender, {
        type: msg.type, token, html: String(msg.html || ''), lang: String(msg.lang || ''), dir: String(msg.dir || ''),
      }).catch(() => ({ ok: false }));
      break;
    case MSG.STATUS:
      work = relay(sender, { type: MSG.VERIFY, token }).then(async (reply) => {
        if (!reply || !reply.ok) return { ok: false };
        const state = msg.state === 'not-readerable' || msg.state === 'error' ? msg.state : null;
        const detail = state === 'error' && typeof msg.reason === 'string' ? msg.reason.slice(0, 200) : null;
        await setStatus(sender.tab.id, state, detail);
        return { ok: true };
      });
      break;
    default:
      return false;
  }
  work.then(sendResponse, (e) => sendResponse({ ok: false, error: errorMessage(e) }));
  return true; // the answer comes asynchronously
});
