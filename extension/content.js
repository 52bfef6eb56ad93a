// The content script, injected on demand by background.js (chrome.scripting.executeScript) into
// the page's top frame. It runs in the extension's isolated world: page scripts cannot see its
// variables or call chrome.runtime. Injecting it twice is harmless (the guard below). It is
// injected right after messages.js, which defines the message types (a content script cannot
// `import`).
//
// On "toggle" it opens or closes the reader overlay:
// - open: put reader.html#TOKEN (TOKEN random, one-time) in an iframe inside a closed shadow root
//   first, so that the frame and its wasm start up in the extension's process while this script
//   reads the page: one walk of the live DOM into the core's token buffer (pkg/read-tree.js, the
//   core's own src/dom/read_tree.js, injected before this file), with the elements the live page
//   does not show marked `data-readmode-hidden`. The frame gets a MessagePort, and the bytes
//   over it (see offerPort: why only the reader frame can get them).
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
  const TREE = globalThis.readmodeReadTree;
  if (!TREE) throw new Error('readmode: pkg/read-tree.js must be injected before content.js');
  globalThis.__readmodeContentScript = true;

  // Elements that render nothing themselves, or whose content the core reads even though it is
  // not displayed (the <head>, JSON-LD scripts, <noscript> images): never marked hidden.
  const NOT_RENDERED = new Set(['head', 'title', 'meta', 'link', 'style', 'script', 'base', 'template',
    'noscript', 'br', 'wbr', 'source', 'track', 'param', 'area', 'map', 'col', 'colgroup', 'option', 'optgroup']);
  // Replaced elements: a zero-size one is an image not yet loaded, not hidden text.
  const REPLACED = new Set(['img', 'picture', 'video', 'audio', 'canvas', 'iframe', 'embed', 'object',
    'svg', 'input', 'select', 'textarea', 'button', 'meter', 'progress']);

  const VISIBILITY_SCAN_LIMIT = 2000;
  // The largest page the reader takes, as the walk's bytes (about the page's text and markup, less
  // its scripts and style sheets). A MessagePort has no size limit of its own, but the core builds
  // its page model from the bytes in wasm memory (32-bit, and several times the bytes), and the
  // analysis of a page this large already takes seconds.
  const TREE_LIMIT = 64 * 2 ** 20;
  // The origin the reader frame's document runs at: the extension's own (reader.html is framed
  // at its per-session URL, but runs at, and only receives messages for, this origin).
  const READER_ORIGIN = new URL(chrome.runtime.getURL('')).origin;

  // The DOM's accessors, taken from this world's prototypes (page scripts cannot change them) and
  // called on page elements, which a <form>'s named controls cannot shadow.
  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const dom = {
    parent: getter(Node.prototype, 'parentNode'),
    connected: getter(Node.prototype, 'isConnected'),
    root: getter(Document.prototype, 'documentElement'),
    head: getter(Document.prototype, 'head'),
    body: getter(Document.prototype, 'body'),
    localName: getter(Element.prototype, 'localName'),
    textContent: getter(Node.prototype, 'textContent'),
    byTag: Element.prototype.getElementsByTagName,
    allByTag: Document.prototype.getElementsByTagName,
    rect: Element.prototype.getBoundingClientRect,
    rects: Element.prototype.getClientRects,
    setAttribute: Element.prototype.setAttribute,
  };
  const call = (fn, el, ...args) => Reflect.apply(fn, el, args);

  /** The open overlay's state, or null. */
  let session = null;

  const clock = () => performance.timeOrigin + performance.now();

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
    if (el === call(dom.root, document) || el === call(dom.body, document)) return false;
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

  /**
   * The live page as the core reads it: one walk into its token buffer (read_tree.js), in which
   * the outermost element of each part the page does not show is marked `data-readmode-hidden`
   * (`look` answers for each element as the walk reaches it; below a hidden element, and in the
   * <head>, nothing is looked at), and the reader's own overlay (`leave`) is left out. Returns a
   * copy of the bytes (the walk's buffer is reused), or an error for a page too large.
   */
  function readPage(leave) {
    const { readTree, MAX_ELEMENTS, LOOK_IN, HIDDEN, LOOK_PAST, LEAVE_OUT } = TREE;
    const head = call(dom.head, document);
    const look = (el) => {
      if (el === leave) return LEAVE_OUT;
      if (el === head) return LOOK_PAST;
      if (NOT_RENDERED.has(call(dom.localName, el))) return LOOK_IN;
      try {
        return isHidden(el, getComputedStyle(el)) ? HIDDEN : LOOK_IN;
      } catch {
        // An element from another namespace without style: leave it as it is.
        return LOOK_IN;
      }
    };
    // A page of millions of elements is read up to the core's budget (the reader says so).
    const bytes = readTree(document, look, MAX_ELEMENTS);
    if (bytes.length > TREE_LIMIT) {
      const mb = (n) => (n / 2 ** 20).toFixed(1);
      return { error: `This page is too large for the reader view (${mb(bytes.length)} MB; it can take up to ${TREE_LIMIT / 2 ** 20} MB).` };
    }
    return { tree: bytes.slice() };
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

  // The overlay is a modal <dialog> in a closed shadow root: shown with showModal(), it is in the
  // browser's top layer, above anything the page can stack with z-index (a banner appended to
  // <html> later included), and the rest of the page is inert while it is open: Tab cannot reach
  // it and screen readers do not read it. A page that puts something of its own in the top layer
  // afterwards (its own modal dialog, a popover) would cover the reader and make it inert: the
  // overlay goes back on top at once (raise), leaving the page's element open as the page wanted.
  const OVERLAY_CSS = `
    dialog {
      all: initial; display: block; position: fixed; inset: 0; width: 100%; height: 100%;
      max-width: none; max-height: none; margin: 0; padding: 0; border: 0; overflow: hidden;
      background: transparent; color-scheme: normal;
    }
    dialog:not([open]) { display: none; }
    dialog::backdrop { background: transparent; }
    iframe {
      position: absolute; inset: 0; width: 100%; height: 100%; display: block;
      margin: 0; padding: 0; border: 0; background: transparent; color-scheme: normal;
    }`;

  // Printing the tab while the reader is open prints the article alone: the page's own content
  // is hidden in print media (a document stylesheet adopted while the overlay is open, removed
  // when it closes: the page's markup is never touched), and the overlay shows, in print only, the
  // copy of the article the reader sent (PRINT_COPY), in the print styles below.
  const PAGE_PRINT_CSS = `
    @media print {
      html > :not(readmode-overlay) { display: none !important; }
      html, body { overflow: visible !important; height: auto !important; }
    }`;
  const PRINT_CSS = `
    .print { display: none; }
    @media print {
      dialog { display: none !important; }
      .print {
        display: block; max-width: 42em; margin: 0 auto; color: #000; background: #fff;
        font: 11.5pt/1.55 Charter, "Bitstream Charter", Georgia, "DejaVu Serif", serif;
      }
      .print a { color: #000; }
      .print .rm-source { margin: 0 0 0.6em; font: 9pt/1.3 system-ui, sans-serif; }
      .print .rm-source a { text-decoration: none; }
      .print .rm-source a::after { content: " — " attr(href); }
      .print h1 { margin: 0 0 0.4em; font-size: 22pt; line-height: 1.15; }
      .print h2, .print h3, .print h4 { font-family: system-ui, sans-serif; break-after: avoid; }
      .print .rm-meta { margin: 0 0 1.4em; font: 9.5pt/1.4 system-ui, sans-serif; color: #333; }
      .print .rm-header { border-bottom: 1px solid #999; margin-bottom: 1.2em; }
      .print img { display: block; max-width: 100%; height: auto; margin: 0.8em auto; break-inside: avoid; }
      .print .rm-inline-img { display: inline-block; margin: 0; vertical-align: middle; }
      .print figure { margin: 1em 0; break-inside: avoid; }
      .print figcaption, .print caption { font: 9pt/1.4 system-ui, sans-serif; color: #333; }
      .print table { border-collapse: collapse; font: 9pt/1.35 system-ui, sans-serif; max-width: 100%; }
      .print th, .print td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: start; vertical-align: top; }
      .print pre { white-space: pre-wrap; font: 9pt/1.4 ui-monospace, "DejaVu Sans Mono", monospace; border: 1px solid #999; padding: 0.6em; break-inside: avoid; }
      .print code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
      .print blockquote { margin: 0 0 1em; padding-inline-start: 1em; border-inline-start: 3px solid #999; font-style: italic; }
      .print .rm-comments { display: none; }
    }`;
  // Elements and attributes the print copy never takes from the reader's message.
  const PRINT_DROP = 'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, input, button, select, textarea, template, noscript, details';

  /** A stylesheet for a shadow root or the document, without an inline <style> (page CSPs). */
  function styleSheet(text) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  }

  /** `trace`: timestamps for tests/e2e/latency.mjs, when it asked for them (see background.js). */
  function open(trace) {
    const token = randomToken();
    const host = document.createElement('readmode-overlay');
    host.style.setProperty('all', 'initial', 'important');
    host.style.setProperty('display', 'block', 'important');
    const shadow = host.attachShadow({ mode: 'closed' });
    shadow.adoptedStyleSheets = [styleSheet(OVERLAY_CSS + PRINT_CSS)];
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-label', chrome.i18n.getMessage('readerView') || 'Reader view');
    const frame = document.createElement('iframe');
    frame.setAttribute('title', chrome.i18n.getMessage('readerView') || 'Reader view');
    frame.setAttribute('allow', 'clipboard-write');
    frame.src = `${chrome.runtime.getURL('reader.html')}#${token}`;
    dialog.append(frame);
    shadow.append(dialog);
    // The frame starts loading (in the extension's process) as soon as it is in the document; the
    // page is read meanwhile, before the dialog opens, so that the overlay changes nothing the
    // walk looks at (scroll lock, top layer, inertness). The element itself is left out of the walk.
    const root = call(dom.root, document);
    root.append(host);
    if (trace) trace.framed = clock();
    let page;
    try {
      page = readPage(host);
    } catch (e) {
      host.remove();
      throw e;
    }
    if (trace) trace.walked = clock();

    const pageSheet = styleSheet(PAGE_PRINT_CSS);
    session = {
      token,
      page,
      port: null,
      offered: [],
      host,
      hostStyle: host.getAttribute('style'),
      shadow,
      pageSheet,
      dialog,
      frame,
      focus: document.activeElement,
      scrollX: window.scrollX,
      scrollY: window.scrollY,
      locks: [lockScroll(document.documentElement), lockScroll(document.body)],
      watcher: new MutationObserver(onPageMutation),
      trace,
      watch: null,
    };
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
    dialog.showModal();
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) {
      dialog.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 120, easing: 'ease-out' });
    }
    // The dialog's own Esc (the cancel it gets when focus is on it) leaves the reader as ours does.
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close();
    });
    dialog.addEventListener('close', () => {
      if (session && session.dialog === dialog && !dialog.open && !session.blocks) close();
    });
    const s = session;
    frame.addEventListener('load', () => {
      offerPort(s);
      frame.focus();
    }, { once: true });
    frame.focus();
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pagehide', close, true);
    window.addEventListener('toggle', onPageToggle, true);
    session.watcher.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['open', 'popover'] });
    session.watch = watchOverlay(session);
    if (trace) trace.overlay = clock();
    offerPort(s);
  }

  /** Puts the overlay back on top of the top layer, above what the page put there after it. */
  function raise() {
    if (!session || !session.dialog.isConnected) return;
    if (session.blocks) {
      for (const el of [session.blocks.layer, session.blocks.bar]) {
        el.hidePopover();
        el.showPopover();
      }
      return;
    }
    const { dialog, frame } = session;
    session.raising = true;
    try {
      dialog.close();
      dialog.showModal();
    } finally {
      session.raising = false;
    }
    frame.focus();
  }

  /** A page element entered the top layer (a dialog or popover opened; `toggle` events). */
  function onPageToggle(event) {
    if (!session || event.newState !== 'open') return;
    const el = event.target;
    if (el === session.dialog || el === session.host || (session.blocks && session.shadow.contains(el))) return;
    raise();
  }

  /** The same for browsers without dialog `toggle` events: an `open` attribute appeared. */
  function onPageMutation(records) {
    if (!session) return;
    for (const r of records) {
      const el = r.target;
      if (el !== session.host && el.localName === 'dialog' && el.hasAttribute('open') && el.matches(':modal')) {
        raise();
        return;
      }
    }
  }

  function close() {
    if (!session || session.raising) return;
    const s = session;
    if (s.blocks) hideBlocks({ back: false });
    session = null;
    if (s.watch) s.watch.disconnect();
    for (const port of s.offered) port.close();
    window.removeEventListener('keydown', onKeyDown, true);
    window.removeEventListener('pagehide', close, true);
    window.removeEventListener('toggle', onPageToggle, true);
    s.watcher.disconnect();
    if (s.dialog.open) s.dialog.close();
    s.host.remove();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== s.pageSheet);
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
   * made `display: none` or `content-visibility: hidden`, by an attribute or by a style sheet the
   * page adds, or inert). A page that got hold of the dialog itself (the shadow root is closed,
   * but a page cannot be trusted not to) and closes it (`close()`, the `open` attribute removed:
   * that one leaves it modal and fires no `close`), restyles it or takes the frame out of it gets
   * the same. Opacity, filters, clipping and transforms on <html> do not reach an element in the
   * top layer, so they are not looked at. A page can still cover the overlay with a top-layer
   * element of its own after ours (raise() answers that) or hide <html> through the CSSOM (a rule
   * inserted in a sheet it has, an adopted sheet): those make no mutation, and are not watched.
   */
  function watchOverlay(s) {
    const root = document.documentElement;
    const ariaLabel = s.dialog.getAttribute('aria-label');
    const frameSrc = s.frame.getAttribute('src');
    const dialogIntact = () => (s.blocks ? !s.dialog.open : s.dialog.open && s.dialog.matches(':modal'))
      && s.dialog.getAttributeNames().every((n) => n === 'open' || n === 'aria-label')
      && s.dialog.getAttribute('aria-label') === ariaLabel
      && s.frame.parentNode === s.dialog && s.frame.getAttribute('src') === frameSrc
      && (s.blocks || s.dialog.checkVisibility({ contentVisibilityAuto: true }));
    const intact = () => s.host.parentNode === root && document.documentElement === root
      && s.host.attributes.length === 1 && s.host.getAttribute('style') === s.hostStyle
      && !root.inert && dialogIntact();
    const sheet = (n) => n.nodeType === Node.ELEMENT_NODE && (n.localName === 'style' || n.localName === 'link');
    const observer = new MutationObserver((records) => {
      if (session !== s || s.raising) return;
      const removed = records.some((r) => [...r.removedNodes].includes(s.host));
      // Deeper in the page, only a new style sheet can hide the overlay.
      const look = removed || records.some((r) => r.type === 'attributes' || r.target === root || r.target === document
        || r.target === s.dialog || [...r.addedNodes].some(sheet));
      if (removed || (look && !intact())) close();
    });
    observer.observe(document, { childList: true, subtree: true });
    observer.observe(root, { attributes: true });
    observer.observe(s.host, { attributes: true });
    observer.observe(s.dialog, { attributes: true, childList: true });
    observer.observe(s.frame, { attributes: true });
    return observer;
  }

  /**
   * Offers the reader frame a MessagePort; once the frame answers on it, the page's bytes go over
   * it (sendPage). Offered as soon as the page is read, and again when the frame has loaded in
   * case the first came before the frame's document did (it is then dropped: see below).
   *
   * Why only the reader frame can get the port, and why only this script can send on it: the
   * channel is made here, in the extension's isolated world, where page scripts cannot reach it.
   * Its second port goes to the frame's own window (an element of a closed shadow root, which the
   * page cannot get hold of, nor find in window.frames), with the extension's origin as the
   * target origin: the browser delivers it only if the frame's document is the extension's at
   * that moment (not the frame's first, empty document, which has the page's origin, and not a
   * document the frame was navigated to), and the message event fires only in that window, so the
   * page sees neither the port nor what crosses it. The message carries the one-time token the
   * frame has in its URL (which the page cannot read): the frame takes the first port that comes
   * from its parent window with its token, and no other, so nothing the page posts can pass for
   * the content script. The bytes are sent only on the port the frame answered on.
   */
  function offerPort(s) {
    if (session !== s || s.port || !s.page) return;
    const { port1, port2 } = new MessageChannel();
    s.offered.push(port1);
    port1.onmessage = (event) => {
      if (session !== s || s.port || !event.data || event.data.type !== MSG.PORT) return;
      s.port = port1;
      port1.onmessage = null;
      sendPage(s);
    };
    s.frame.contentWindow.postMessage({ type: MSG.PORT, token: s.token }, READER_ORIGIN, [port2]);
  }

  /** Sends the page's bytes (or why there are none) on the port the reader took, once. */
  function sendPage(s) {
    const { page } = s;
    s.page = null;
    if (s.trace) s.trace.sent = clock();
    if (page.error) s.port.postMessage({ error: page.error });
    else s.port.postMessage({ tree: page.tree, url: location.href, trace: s.trace }, [page.tree.buffer]);
  }

  /** Keeps the reader's article for print media, cleaned again (it crosses a message). */
  function setPrintCopy(msg) {
    const parsed = new DOMParser().parseFromString(String(msg.html || ''), 'text/html');
    for (const el of parsed.body.querySelectorAll(PRINT_DROP)) el.remove();
    for (const el of parsed.body.querySelectorAll('*')) {
      for (const attr of [...el.attributes]) {
        const name = attr.name.toLowerCase();
        const url = /^(href|src|srcset|action|formaction|xlink:href|poster|background|cite|data)$/.test(name);
        if (name.startsWith('on') || name === 'style' || name === 'srcdoc' || name === 'tabindex'
          || (url && /^\s*(javascript|vbscript|data\s*:\s*text\/html)/i.test(attr.value.replace(/[\u0000-\u001f]/g, '')))) {
          el.removeAttribute(attr.name);
        }
      }
      // Print what is there: lazy images below the first screen would never load otherwise.
      if (el.localName === 'img') el.removeAttribute('loading');
    }
    const copy = document.createElement('div');
    copy.className = 'print';
    if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(msg.lang || '')) copy.lang = msg.lang;
    if (msg.dir === 'rtl' || msg.dir === 'ltr') copy.dir = msg.dir;
    copy.append(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
    const old = session.shadow.querySelector('.print');
    if (old) old.replaceWith(copy);
    else session.shadow.append(copy);
  }

  function onKeyDown(event) {
    if (event.key !== 'Escape' || !session) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (session.blocks) hideBlocks({ back: true });
    else close();
  }

  // ------------------------------------------------------------------------------ show blocks

  // "Show blocks": the reader steps aside (its dialog closes, the page scrolls again) and every
  // block the core found is outlined on the live page with its label; its reasons show on hover.
  // A click on a block keeps it in the reader or leaves it out: the correction is remembered for
  // the site (chrome.storage.sync, by the block's structural path), and the reader, which watches
  // that storage, analyses the page again with it, here and on the site's later pages. The
  // outlines and the bar are popovers in the top layer, in the overlay's closed shadow root: the
  // page's own stacking cannot hide them, and its markup is never touched.
  const BLOCKS_CSS = `
    .blocks {
      position: absolute; inset: auto; left: 0; top: 0; width: 0; height: 0; margin: 0; padding: 0;
      border: 0; overflow: visible; background: none; pointer-events: none;
    }
    .box {
      all: unset; position: absolute; box-sizing: border-box; border: 2px solid var(--c);
      border-radius: 3px; pointer-events: auto; cursor: pointer;
    }
    .box:hover, .box:focus-visible { background: color-mix(in srgb, var(--c) 14%, transparent); outline: 2px solid #111; outline-offset: 1px; }
    .box.out { background: repeating-linear-gradient(135deg, rgba(220, 38, 38, 0.16) 0 6px, transparent 6px 12px); border-style: dashed; }
    .box.mine { border-width: 3px; }
    .tag {
      position: absolute; left: -2px; top: -17px; padding: 0 5px; border-radius: 3px 3px 0 0;
      background: var(--c); color: #fff; font: 600 11px/16px system-ui, sans-serif; white-space: nowrap;
    }
    .bar {
      position: fixed; inset: auto 16px 16px auto; margin: 0; max-width: min(460px, calc(100vw - 32px));
      padding: 12px 14px; border: 1px solid #d1d5db; border-radius: 10px; background: #fff; color: #111827;
      box-shadow: 0 6px 24px rgba(0, 0, 0, 0.25); font: 14px/1.4 system-ui, sans-serif;
    }
    .bar p { margin: 0 0 10px; }
    .bar .row { display: flex; flex-wrap: wrap; gap: 8px; }
    .bar button {
      font: inherit; padding: 7px 12px; border-radius: 7px; border: 1px solid #6b7280; background: #f9fafb;
      color: #111827; cursor: pointer;
    }
    .bar button.primary { background: #111827; color: #fff; border-color: #111827; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 10px; font: 600 11px/1.2 system-ui, sans-serif; }
    .legend span { padding: 3px 6px; border-radius: 4px; color: #fff; }`;
  // Corrections kept per site: the most recent, within storage.sync's size for one item.
  const CORRECTIONS_MAX = 60;
  const correctionsKey = () => `corrections:${location.hostname}`;
  const msg = (name, ...subs) => chrome.i18n.getMessage(name, subs.map(String)) || name;

  async function loadCorrections() {
    const key = correctionsKey();
    const { [key]: list } = await chrome.storage.sync.get(key);
    return Array.isArray(list) ? list : [];
  }

  // Corrections are saved one after another: each reads the list and writes it back, so two
  // clicks in quick succession, saved side by side, would both read the list before either wrote
  // and the second would drop the first.
  let saving = Promise.resolve();

  function saveCorrection(path, keep) {
    const save = saving.then(async () => {
      const list = (await loadCorrections()).filter((c) => c.path !== path);
      list.push({ path, keep });
      await chrome.storage.sync.set({ [correctionsKey()]: list.slice(-CORRECTIONS_MAX) });
    });
    saving = save.catch(() => {});
    return save;
  }

  /** The live element of a block: by its index among the page's elements, else by its path. */
  function liveElement(block, all) {
    const el = all[block.element];
    if (el && call(dom.localName, el) === block.tag) return el;
    try {
      return document.querySelector(block.path);
    } catch {
      return null;
    }
  }

  function showBlocks(message) {
    const s = session;
    if (s.blocks) hideBlocks({ back: false });
    const all = document.getElementsByTagName('*');
    const colours = message.colours && typeof message.colours === 'object' ? message.colours : {};
    const applied = new Set(Array.isArray(message.applied) ? message.applied : []);
    const blocks = (Array.isArray(message.blocks) ? message.blocks : [])
      .map((b) => ({ ...b, el: liveElement(b, all) })).filter((b) => b.el);

    // Out of the top layer; the page scrolls again while the blocks are shown.
    s.blocks = { layer: null, bar: null, items: blocks };
    s.dialog.close();
    for (const lock of s.locks) unlockScroll(lock);
    s.locks = [];
    if (!s.shadow.adoptedStyleSheets.includes(s.blocksSheet)) {
      s.blocksSheet = styleSheet(BLOCKS_CSS);
      s.shadow.adoptedStyleSheets = [...s.shadow.adoptedStyleSheets, s.blocksSheet];
    }

    const layer = document.createElement('div');
    layer.className = 'blocks';
    layer.popover = 'manual';
    for (const b of blocks) {
      const box = document.createElement('button');
      box.type = 'button';
      box.className = 'box';
      b.box = box;
      b.content = b.label === 'content';
      b.mine = applied.has(b.path);
      paintBox(b, colours);
      box.addEventListener('click', (e) => {
        e.preventDefault();
        e.stopPropagation();
        b.content = !b.content;
        b.mine = true;
        paintBox(b, colours);
        saveCorrection(b.path, b.content).catch(() => {});
      });
      layer.append(box);
    }
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.popover = 'manual';
    bar.setAttribute('role', 'dialog');
    bar.setAttribute('aria-label', msg('showBlocks'));
    const help = document.createElement('p');
    help.textContent = msg('blocksHelp');
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'primary';
    back.textContent = msg('blocksDone');
    back.addEventListener('click', () => hideBlocks({ back: true }));
    const forget = document.createElement('button');
    forget.type = 'button';
    forget.textContent = msg('blocksReset');
    forget.addEventListener('click', () => {
      chrome.storage.sync.remove(correctionsKey()).catch(() => {});
      for (const b of blocks) b.mine = false;
      hideBlocks({ back: true });
    });
    const row = document.createElement('div');
    row.className = 'row';
    row.append(back, forget);
    const legend = document.createElement('div');
    legend.className = 'legend';
    for (const [label, colour] of Object.entries(colours)) {
      if (!blocks.some((b) => b.label === label)) continue;
      const tag = document.createElement('span');
      tag.textContent = label;
      tag.style.background = colour;
      legend.append(tag);
    }
    bar.append(help, row, legend);
    s.shadow.append(layer, bar);
    s.blocks.layer = layer;
    s.blocks.bar = bar;
    layer.showPopover();
    bar.showPopover();
    drawBlocks();
    window.addEventListener('resize', drawBlocks);
    back.focus();
  }

  /** Colour, tag and tooltip of a block's box, after its (possibly corrected) verdict. */
  function paintBox(b, colours) {
    const label = b.content ? 'content' : b.label === 'content' ? 'other' : b.label;
    const colour = colours[label] || colours.other || '#6b7280';
    b.box.style.setProperty('--c', colour);
    b.box.classList.toggle('out', !b.content);
    b.box.classList.toggle('mine', b.mine);
    const shown = b.mine ? (b.content ? msg('blockKept') : msg('blockRemoved')) : label;
    const reasons = (Array.isArray(b.reasons) ? b.reasons : []).join(', ');
    b.box.title = `${shown} (${Math.round((Number(b.confidence) || 0) * 100)}%)
${reasons}
${b.path}`;
    b.box.setAttribute('aria-label', `${shown}: ${String(b.text || '').slice(0, 80)}`);
    b.box.setAttribute('aria-pressed', String(b.content));
    b.box.dataset.label = label;
    b.box.dataset.path = b.path;
    let tag = b.box.querySelector('.tag');
    if (!tag) {
      tag = document.createElement('span');
      tag.className = 'tag';
      b.box.append(tag);
    }
    tag.textContent = shown;
  }

  /** Places the boxes over their elements, in page coordinates. */
  function drawBlocks() {
    if (!session || !session.blocks) return;
    for (const b of session.blocks.items) {
      const r = call(dom.connected, b.el) ? call(dom.rect, b.el) : null;
      const visible = r && (r.width > 0 || r.height > 0);
      b.box.hidden = !visible;
      if (!visible) continue;
      b.box.style.left = `${r.left + window.scrollX}px`;
      b.box.style.top = `${r.top + window.scrollY}px`;
      b.box.style.width = `${r.width}px`;
      b.box.style.height = `${r.height}px`;
    }
  }

  /** Removes the outlines; `back`: the reader comes back over the page (else the overlay closes). */
  function hideBlocks({ back }) {
    const s = session;
    if (!s || !s.blocks) return;
    window.removeEventListener('resize', drawBlocks);
    s.blocks.layer.remove();
    s.blocks.bar.remove();
    s.blocks = null;
    if (!back) return;
    s.locks = [lockScroll(document.documentElement), lockScroll(document.body)];
    s.dialog.showModal();
    s.frame.focus();
  }

  const validToken = (msg) => !!session && typeof msg.token === 'string' && msg.token === session.token;

  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !msg || typeof msg.type !== 'string') return;
    switch (msg.type) {
      case MSG.TOGGLE:
        try {
          const trace = msg.trace && typeof msg.trace === 'object' ? { ...msg.trace, content: clock() } : null;
          if (session) close();
          else open(trace);
          sendResponse({ ok: true, open: !!session });
        } catch (e) {
          close();
          sendResponse({ ok: false, error: e && e.message ? e.message : String(e) });
        }
        break;
      case MSG.OPEN:
        try {
          if (!session) open();
          sendResponse({ ok: true, open: true });
        } catch (e) {
          close();
          sendResponse({ ok: false, error: e && e.message ? e.message : String(e) });
        }
        break;
      case MSG.CLOSE: {
        const ok = validToken(msg);
        if (ok) close();
        sendResponse({ ok });
        break;
      }
      case MSG.SHOW_BLOCKS: {
        const ok = validToken(msg);
        if (ok) showBlocks(msg);
        sendResponse({ ok });
        break;
      }
      case MSG.PRINT_COPY: {
        const ok = validToken(msg);
        if (ok) setPrintCopy(msg);
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
