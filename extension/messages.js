// Every extension message type, named once. Each message is an object `{type, ...}`; the three
// parties are background.js (the service worker), content.js (injected into the tab's top frame)
// and reader.js (reader.html, in an iframe that content.js puts over the page).
//
// The reader page cannot address its tab, so its extension messages go to the background, which
// relays them to the content script of the tab the reader frame is in (`sender.tab`). Every
// message that comes from the reader carries the one-time `token` that content.js put in the
// reader's URL hash; the content script answers only to that token. The page itself goes from the
// content script to the reader over a MessagePort instead (PORT): no service worker on the
// way, and no size limit of extension messages.
//
// This file is both a classic script and a module (it has no import or export): background.js
// injects it before content.js in the same chrome.scripting.executeScript call, because a content
// script cannot `import`, and background.js and reader.js `import './messages.js'` for its effect.
// Either way it defines `globalThis.readmodeMessages`; in the tab that global lives in the
// extension's isolated world, out of the page's reach. Being injected again on every toggle is
// harmless: it only assigns a property.

globalThis.readmodeMessages = Object.freeze({
  // background → content script. No payload. Opens the reader overlay, or closes it when open.
  // Reply: {ok: true, open: boolean} or {ok: false, error}.
  TOGGLE: 'readmode:toggle',

  // background → content script. No payload. Opens the reader overlay unless it is open already
  // (a site the reader chose to always open in reader view). Reply as TOGGLE's.
  OPEN: 'readmode:open',

  // content script → reader, with window.postMessage to the reader frame's window (target origin:
  // the extension's), as soon as the page is read and again when the frame has loaded. Carries
  // `token` and transfers one MessagePort: the reader takes the first that comes from its parent
  // window with its token, and answers {type: PORT} on it. Over that port the content script then
  // sends, once, the page as the core reads it: {tree: Uint8Array (the bytes of
  // src/dom/read_tree.js's walk of the live page), url} or {error} (a page too large).
  PORT: 'readmode:port',

  // reader → background → content script. Carries `token`. Closes the overlay (Esc, the close
  // button, or the "not an article" notice timing out). Reply: {ok: boolean}.
  CLOSE: 'readmode:close',

  // reader → background. Carries `token`, `state` ('ok', 'not-readerable' or 'error') and
  // `reason` (a string or null). The background checks the token with VERIFY, then sets the
  // toolbar button's badge and title for the tab. Reply: {ok: boolean}.
  STATUS: 'readmode:status',

  // reader → background → content script. Carries `token`, `html` (the rendered article, as the
  // reader shows it), `lang` and `dir`. The content script keeps a copy of the article in the
  // overlay that only print media shows, so that printing the tab while the reader is open prints
  // the article alone (the page's own content is hidden in print meanwhile). Reply: {ok: boolean}.
  PRINT_COPY: 'readmode:print-copy',

  // reader → background → content script. Carries `token`, `blocks` (the block report: element,
  // path, tag, label, confidence, reasons, text of each), `applied` (the paths of the site's
  // corrections that matched) and `colours` (label → colour). The content script hides the reader
  // and outlines the blocks on the live page; a click on one records a correction for the site in
  // chrome.storage.sync, which the reader watches. Reply: {ok: boolean}.
  SHOW_BLOCKS: 'readmode:show-blocks',

  // background → content script. Carries `token` (from a STATUS message). Asks whether it is the
  // token of the open overlay, so a stale or forged reader frame cannot set the badge.
  // Reply: {ok: boolean}.
  VERIFY: 'readmode:verify',
});
