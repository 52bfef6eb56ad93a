// The content script, injected on demand by background.js (chrome.scripting.executeScript) into
// the page's top frame. It runs in the extension's isolated world: page scripts cannot see its
// variables or call chrome.runtime. Injecting it twice is harmless (the guard below). It is
// injected right after messages.js, which defines the message types (a content script cannot
// `import`).
//
// On "toggle" it opens or closes the reader overlay:
// - open: snapshot the live DOM (a copy of the document, with the elements that are hidden in the
//   live page marked `data-readmode-hidden` on the copy), keep it under a random one-time token,
//   and show reader.html#TOKEN in an iframe inside a closed shadow root, over the whole viewport.
//   The reader page asks for the snapshot through background.js; it gets it once, for that token.
// - close: remove the overlay, restore the page's scroll lock and focus exactly as they were.
// The page's own elements are never modified except for the inline `overflow` that locks
// scrolling on <html> and <body> while the overlay is open, which is put back byte for byte.
//
// The page is not trusted. Its scripts run beside this one and can take the overlay away (a
// framework that removes what it did not render, an anti-reader script): when the overlay
// element is removed, moved, restyled or hidden, the reader closes as if left, so the scroll lock
// never stays behind and the next click opens a fresh reader. Page elements are read through the
// DOM's own accessors, never their properties, because a <form> shadows its properties with its
// named controls (`<input name="parentElement">` makes form.parentElement that input).

(() => {
  if (globalThis.__readmodeContentScript) return;
  const MSG = globalThis.readmodeMessages;
  if (!MSG) throw new Error('readmode: messages.js must be injected before content.js');
  globalThis.__readmodeContentScript = true;

  const HIDDEN_ATTR = 'data-readmode-hidden';
  // Elements that render nothing themselves, or whose content the core reads even though it is
  // not displayed (the <head>, JSON-LD scripts, <noscript> images): never marked hidden.
  const NOT_RENDERED = new Set(['head', 'title', 'meta', 'link', 'style', 'script', 'base', 'template',
    'noscript', 'br', 'wbr', 'source', 'track', 'param', 'area', 'map', 'col', 'colgroup', 'option', 'optgroup']);
  // Replaced elements: a zero-size one is an image not yet loaded, not hidden text.
  const REPLACED = new Set(['img', 'picture', 'video', 'audio', 'canvas', 'iframe', 'embed', 'object',
    'svg', 'input', 'select', 'textarea', 'button', 'meter', 'progress']);

  const VISIBILITY_SCAN_LIMIT = 2000;
  // An extension message carries at most 64 MiB: its JSON, in UTF-8 (measured in Chromium 156: a
  // reply of exactly 64 MiB goes through; one byte more throws "Message exceeded maximum allowed
  // size of 64MiB", and the reply is lost).
  const MESSAGE_LIMIT = 64 * 2 ** 20;

  // The DOM's accessors, taken from this world's prototypes (page scripts cannot change them) and
  // called on page elements, which a <form>'s named controls cannot shadow.
  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const dom = {
    parent: getter(Node.prototype, 'parentNode'),
    localName: getter(Element.prototype, 'localName'),
    textContent: getter(Node.prototype, 'textContent'),
    byTag: Element.prototype.getElementsByTagName,
    rect: Element.prototype.getBoundingClientRect,
    rects: Element.prototype.getClientRects,
    setAttribute: Element.prototype.setAttribute,
  };
  const call = (fn, el, ...args) => Reflect.apply(fn, el, args);

  /** The open overlay's state, or null. */
  let session = null;

  function randomToken() {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  /** Whether a live element is hidden from a reader of the page. */
  function isHidden(el, style) {
    if (style.display === 'none') return true;
    if (style.display === 'contents') return false; // no box of its own; its children render
    // <html> and <body> can measure 0 px (only positioned children, overflow given to the
    // viewport) and still show everything.
    if (el === document.documentElement || el === document.body) return false;
    if (style.visibility === 'hidden' || style.visibility === 'collapse') {
      // A visible child can still show through a hidden parent; a huge subtree is left unmarked
      // rather than scanned.
      const inside = call(dom.byTag, el, '*');
      if (inside.length > VISIBILITY_SCAN_LIMIT) return false;
      for (const c of inside) if (getComputedStyle(c).visibility === 'visible') return false;
      return true;
    }
    if (REPLACED.has(call(dom.localName, el))) return false;
    // Zero-size (or 1px, the "visually hidden" idiom) boxes that clip their text.
    const rect = call(dom.rect, el);
    if (rect.width > 1 && rect.height > 1) return false;
    const clips = (v) => v === 'hidden' || v === 'clip';
    const clipped = (rect.width <= 1 && clips(style.overflowX)) || (rect.height <= 1 && clips(style.overflowY))
      || (style.clip && style.clip !== 'auto' && style.position === 'absolute')
      || (rect.width === 0 && rect.height === 0 && call(dom.rects, el).length === 0);
    return clipped && call(dom.textContent, el).trim() !== '';
  }

  /** A serialised copy of the live document, hidden elements marked, plus what the reader needs. */
  function takeSnapshot() {
    const liveRoot = document.documentElement;
    const live = [liveRoot, ...call(dom.byTag, liveRoot, '*')];
    const hidden = new Uint8Array(live.length);
    // Set for an element below a hidden element or in the <head>: it is not looked at. Elements
    // come in tree order, so a parent's flag is known before its children's: one look each.
    const skip = new Uint8Array(live.length);
    const index = new Map(live.map((el, i) => [el, i]));
    const head = document.head;
    for (let i = 0; i < live.length; i++) {
      const el = live[i];
      const parent = index.get(call(dom.parent, el));
      if (el === head || (parent !== undefined && skip[parent])) {
        skip[i] = 1;
        continue;
      }
      if (NOT_RENDERED.has(call(dom.localName, el))) continue;
      try {
        // Below a hidden element everything is hidden already: only the outermost is marked.
        if (isHidden(el, getComputedStyle(el))) hidden[i] = skip[i] = 1;
      } catch {
        // An element from another namespace without style: leave it as it is.
      }
    }
    // The copy lives in an inert document: no custom element of the page is upgraded, no image
    // loads, no script runs. Parallel walk: same tree, so the same order.
    const inert = document.implementation.createHTMLDocument('');
    const copyRoot = inert.importNode(liveRoot, true);
    const copy = [copyRoot, ...call(dom.byTag, copyRoot, '*')];
    if (copy.length !== live.length) throw new Error('the page changed while it was being read');
    for (let i = 0; i < copy.length; i++) if (hidden[i]) call(dom.setAttribute, copy[i], HIDDEN_ATTR, '');
    const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : '';
    return {
      html: doctype + copyRoot.outerHTML,
      url: location.href,
      title: document.title,
      lang: liveRoot.lang || null,
    };
  }

  // ------------------------------------------------------------------------------ scroll lock

  function lockScroll(el) {
    if (!el) return null;
    const saved = {
      el,
      attr: el.getAttribute('style'),
      value: el.style.getPropertyValue('overflow'),
      priority: el.style.getPropertyPriority('overflow'),
    };
    el.style.setProperty('overflow', 'hidden', 'important');
    saved.locked = el.getAttribute('style');
    return saved;
  }

  function unlockScroll(saved) {
    if (!saved) return;
    const { el } = saved;
    if (el.getAttribute('style') === saved.locked) {
      // Untouched by the page while we were open: put the attribute back exactly.
      if (saved.attr === null) el.removeAttribute('style');
      else el.setAttribute('style', saved.attr);
    } else {
      // The page changed its inline style meanwhile: undo only our property.
      el.style.removeProperty('overflow');
      if (saved.value) el.style.setProperty('overflow', saved.value, saved.priority);
      if (saved.attr === null && el.style.length === 0) el.removeAttribute('style');
    }
  }

  // ---------------------------------------------------------------------------------- overlay

  function open() {
    const snapshot = takeSnapshot();
    const token = randomToken();
    const host = document.createElement('readmode-overlay');
    host.style.setProperty('all', 'initial', 'important');
    for (const [k, v] of Object.entries({
      position: 'fixed', inset: '0', width: '100vw', height: '100vh', display: 'block',
      'z-index': '2147483647', margin: '0', padding: '0', border: '0', opacity: '1', visibility: 'visible',
      transform: 'none', filter: 'none', 'pointer-events': 'auto', 'color-scheme': 'normal',
    })) host.style.setProperty(k, v, 'important');
    const shadow = host.attachShadow({ mode: 'closed' });
    const frame = document.createElement('iframe');
    for (const [k, v] of Object.entries({
      position: 'absolute', inset: '0', width: '100%', height: '100%', display: 'block',
      margin: '0', padding: '0', border: '0', background: 'transparent', 'color-scheme': 'normal',
    })) frame.style.setProperty(k, v, 'important');
    frame.setAttribute('title', 'Reader view');
    frame.src = `${chrome.runtime.getURL('reader.html')}#${token}`;
    shadow.append(frame);

    session = {
      token,
      snapshot,
      host,
      hostStyle: host.getAttribute('style'),
      frame,
      focus: document.activeElement,
      scrollX: window.scrollX,
      scrollY: window.scrollY,
      locks: [lockScroll(document.documentElement), lockScroll(document.body)],
      watch: null,
    };
    document.documentElement.append(host);
    session.watch = watchOverlay(session);
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) {
      host.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 120, easing: 'ease-out' });
    }
    frame.addEventListener('load', () => frame.focus(), { once: true });
    frame.focus();
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pagehide', close, true);
  }

  function close() {
    if (!session) return;
    const s = session;
    session = null;
    if (s.watch) s.watch.disconnect();
    window.removeEventListener('keydown', onKeyDown, true);
    window.removeEventListener('pagehide', close, true);
    s.host.remove();
    for (const lock of s.locks) unlockScroll(lock);
    if (window.scrollX !== s.scrollX || window.scrollY !== s.scrollY) {
      window.scrollTo({ left: s.scrollX, top: s.scrollY, behavior: 'instant' });
    }
    const f = s.focus;
    if (f && f !== document.body && f !== document.documentElement && f.isConnected && typeof f.focus === 'function') {
      f.focus({ preventScroll: true });
    } else if (document.activeElement === s.host || !document.hasFocus()) {
      window.focus();
    }
  }

  /**
   * Closes the reader when the page takes its overlay away: removes the element (even to put it
   * back: a moved iframe reloads, and its one-time snapshot is spent), moves it, touches its
   * attributes (its inline style is what keeps page CSS off it), or hides it from above (<html>
   * made `display: none`, `content-visibility: hidden`, transparent or inert, by an attribute or
   * by a style sheet the page adds). A page can still cover the overlay with its own elements, or
   * edit a style sheet it already has through the CSSOM; neither is watched.
   */
  function watchOverlay(s) {
    const root = document.documentElement;
    const intact = () => s.host.isConnected && s.host.parentNode === root && document.documentElement === root
      && s.host.attributes.length === 1 && s.host.getAttribute('style') === s.hostStyle
      && !root.inert && s.host.checkVisibility({ contentVisibilityAuto: true })
      && getComputedStyle(root).opacity !== '0';
    const sheet = (n) => n.nodeType === Node.ELEMENT_NODE && (n.localName === 'style' || n.localName === 'link');
    const observer = new MutationObserver((records) => {
      if (session !== s) return;
      const removed = records.some((r) => [...r.removedNodes].includes(s.host));
      // Deeper in the page, only a new style sheet can hide the overlay.
      const look = removed || records.some((r) => r.type === 'attributes' || r.target === root || r.target === document
        || [...r.addedNodes].some(sheet));
      if (removed || (look && !intact())) close();
    });
    observer.observe(document, { childList: true, subtree: true });
    observer.observe(root, { attributes: true });
    observer.observe(s.host, { attributes: true });
    return observer;
  }

  /** The size of `message` as an extension message when that is over the limit, else 0. */
  function oversize(message) {
    const { html, url, title, lang } = message.snapshot;
    // A UTF-16 unit takes at most 6 bytes of JSON (a control character, written \u001f): most
    // pages are far enough below the limit not to be counted.
    if ((html.length + url.length + title.length + (lang ? lang.length : 0) + 100) * 6 <= MESSAGE_LIMIT) return 0;
    const bytes = new Blob([JSON.stringify(message)]).size;
    return bytes > MESSAGE_LIMIT ? bytes : 0;
  }

  function onKeyDown(event) {
    if (event.key !== 'Escape' || !session) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    close();
  }

  const validToken = (msg) => !!session && typeof msg.token === 'string' && msg.token === session.token;

  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !msg || typeof msg.type !== 'string') return;
    switch (msg.type) {
      case MSG.TOGGLE:
        try {
          if (session) close();
          else open();
          sendResponse({ ok: true, open: !!session });
        } catch (e) {
          close();
          sendResponse({ ok: false, error: e && e.message ? e.message : String(e) });
        }
        break;
      case MSG.SNAPSHOT:
        // Once, to the frame that knows the token.
        if (validToken(msg) && session.snapshot) {
          const reply = { ok: true, snapshot: session.snapshot };
          session.snapshot = null;
          const bytes = oversize(reply);
          sendResponse(bytes ? {
            ok: false,
            error: `This page is too large for the reader view (${(bytes / 2 ** 20).toFixed(1)} MB; it can take up to ${MESSAGE_LIMIT / 2 ** 20} MB).`,
          } : reply);
        } else {
          sendResponse({ ok: false, error: 'This reader view has expired; open it again.' });
        }
        break;
      case MSG.CLOSE: {
        const ok = validToken(msg);
        if (ok) close();
        sendResponse({ ok });
        break;
      }
      case MSG.VERIFY:
        sendResponse({ ok: validToken(msg) });
        break;
      default:
        break;
    }
  });
})();
