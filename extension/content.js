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
      const inside = el.getElementsByTagName('*');
      if (inside.length > VISIBILITY_SCAN_LIMIT) return false;
      for (const c of inside) if (getComputedStyle(c).visibility === 'visible') return false;
      return true;
    }
    if (REPLACED.has(el.localName)) return false;
    // Zero-size (or 1px, the "visually hidden" idiom) boxes that clip their text.
    const rect = el.getBoundingClientRect();
    if (rect.width > 1 && rect.height > 1) return false;
    const clips = (v) => v === 'hidden' || v === 'clip';
    const clipped = (rect.width <= 1 && clips(style.overflowX)) || (rect.height <= 1 && clips(style.overflowY))
      || (style.clip && style.clip !== 'auto' && style.position === 'absolute')
      || (rect.width === 0 && rect.height === 0 && el.getClientRects().length === 0);
    return clipped && el.textContent.trim() !== '';
  }

  /** A serialised copy of the live document, hidden elements marked, plus what the reader needs. */
  function takeSnapshot() {
    const liveRoot = document.documentElement;
    const live = [liveRoot, ...liveRoot.getElementsByTagName('*')];
    const hidden = new Uint8Array(live.length);
    const index = new Map(live.map((el, i) => [el, i]));
    const inHead = document.head;
    for (let i = 0; i < live.length; i++) {
      const el = live[i];
      if (NOT_RENDERED.has(el.localName) || (inHead && inHead.contains(el))) continue;
      // Below a hidden element everything is hidden already; mark only the outermost.
      if (hiddenAncestor(el, index, hidden)) continue;
      try {
        if (isHidden(el, getComputedStyle(el))) hidden[i] = 1;
      } catch {
        // An element from another namespace without style: leave it as it is.
      }
    }
    // The copy lives in an inert document: no custom element of the page is upgraded, no image
    // loads, no script runs. Parallel walk: same tree, so the same order.
    const inert = document.implementation.createHTMLDocument('');
    const copyRoot = inert.importNode(liveRoot, true);
    const copy = [copyRoot, ...copyRoot.getElementsByTagName('*')];
    if (copy.length !== live.length) throw new Error('the page changed while it was being read');
    for (let i = 0; i < copy.length; i++) if (hidden[i]) copy[i].setAttribute(HIDDEN_ATTR, '');
    const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : '';
    return {
      html: doctype + copyRoot.outerHTML,
      url: location.href,
      title: document.title,
      lang: liveRoot.lang || null,
    };
  }

  /** Whether an ancestor of `el` is already marked (elements are visited in tree order). */
  function hiddenAncestor(el, index, hidden) {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (hidden[index.get(p)]) return true;
    }
    return false;
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

  function open() {
    const snapshot = takeSnapshot();
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

    const pageSheet = styleSheet(PAGE_PRINT_CSS);
    session = {
      token,
      snapshot,
      host,
      shadow,
      pageSheet,
      dialog,
      frame,
      focus: document.activeElement,
      scrollX: window.scrollX,
      scrollY: window.scrollY,
      locks: [lockScroll(document.documentElement), lockScroll(document.body)],
      watcher: new MutationObserver(onPageMutation),
    };
    document.documentElement.append(host);
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
    frame.addEventListener('load', () => frame.focus(), { once: true });
    frame.focus();
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pagehide', close, true);
    window.addEventListener('toggle', onPageToggle, true);
    session.watcher.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['open', 'popover'] });
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

  async function saveCorrection(path, keep) {
    const list = (await loadCorrections()).filter((c) => c.path !== path);
    list.push({ path, keep });
    await chrome.storage.sync.set({ [correctionsKey()]: list.slice(-CORRECTIONS_MAX) });
  }

  /** The live element of a block: by its index among the page's elements, else by its path. */
  function liveElement(block, all) {
    const el = all[block.element];
    if (el && el.localName === block.tag) return el;
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
      const r = b.el.isConnected ? b.el.getBoundingClientRect() : null;
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
          if (session) close();
          else open();
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
      case MSG.SNAPSHOT:
        // Once, to the frame that knows the token.
        if (validToken(msg) && session.snapshot) {
          const snapshot = session.snapshot;
          session.snapshot = null;
          sendResponse({ ok: true, snapshot });
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
