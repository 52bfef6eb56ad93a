// The reader HTML's allow-list, checked the way a browser reads the HTML: `article.html` is parsed
// in an inert <template> (as extension/reader-view.js parses it) and every node is walked. What is
// allowed is what the README promises and tests/allow_list.rs lists: a fixed set of HTML elements
// and attributes, no event handler, style, id or name (DOM clobbering), no SVG or MathML, and URLs
// that are absolute and of a safe scheme for what they do:
// - links (`a[href]`, `cite`): http, https, mailto;
// - media (`img`, `source`, `video`, `audio`: src, srcset, poster): http, https, and `data:`
//   images of a raster type (an SVG image can carry script).
// Schemes are read with the browser's own URL parser (`new URL`), so `java&#x09;script:` or
// ` JAVASCRIPT:` count as what the browser would make of them; a URL the browser cannot parse at
// all goes nowhere, and passes.

export const ELEMENTS = new Set([
  'a', 'abbr', 'audio', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del',
  'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins',
  'kbd', 'li', 'mark', 'ol', 'p', 'picture', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'source', 'strong',
  'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'video', 'wbr',
]);
export const ATTRIBUTES = new Set([
  'lang', 'dir', 'title', 'href', 'target', 'rel', 'src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading',
  'colspan', 'rowspan', 'headers', 'scope', 'span', 'start', 'reversed', 'type', 'value', 'datetime', 'open', 'media',
  'cite', 'poster', 'controls', 'preload', 'class',
]);
// What extension/reader-view.js adds around and into the article when it renders it.
const VIEW_ELEMENTS = new Set(['article', 'header', 'h1', 'span']);
const VIEW_ATTRIBUTES = new Set(['decoding', 'aria-hidden']);

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const MEDIA_SCHEMES = new Set(['http:', 'https:']);
const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp', 'image/avif']);
const LINK_ATTRIBUTES = new Set(['href', 'cite']);
const MEDIA_ATTRIBUTES = new Set(['src', 'poster']);

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** The violations in `html` (reader HTML as the core returns it): a list of sentences, empty when clean. */
export function checkReaderHtml(html, doc = document) {
  const template = doc.createElement('template');
  template.innerHTML = html;
  return checkTree(template.content, false);
}

/** The violations in a rendered reader view (`.rm-article`), with what reader-view.js adds allowed. */
export function checkRendered(root) {
  return checkTree(root, true);
}

function checkTree(root, view) {
  const out = [];
  // The document's own method, not the document's property: an <img name="createTreeWalker"> in
  // the rendered view would shadow that (DOM clobbering of the reader page's document).
  const walker = Document.prototype.createTreeWalker.call(root.ownerDocument, root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT
    | NodeFilter.SHOW_PROCESSING_INSTRUCTION | NodeFilter.SHOW_CDATA_SECTION);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node === root) continue;
    if (node.nodeType !== Node.ELEMENT_NODE) {
      out.push(`a ${node.nodeName} node`);
      continue;
    }
    out.push(...checkElement(node, view));
  }
  return out;
}

function checkElement(el, view) {
  const out = [];
  const tag = el.localName;
  if (el.namespaceURI !== HTML_NS) out.push(`<${tag}> in the ${el.namespaceURI} namespace`);
  if (!ELEMENTS.has(tag) && !(view && VIEW_ELEMENTS.has(tag))) out.push(`element <${tag}>`);
  if (tag === 'template' && el.content.childNodes.length) out.push('a <template> with content');
  for (const attr of el.attributes) {
    const name = attr.name;
    const value = attr.value;
    const where = `${name}=${JSON.stringify(value.slice(0, 120))} on <${tag}>`;
    if (attr.namespaceURI !== null) {
      out.push(`namespaced attribute ${where}`);
      continue;
    }
    if (!ATTRIBUTES.has(name) && !(view && VIEW_ATTRIBUTES.has(name))) {
      out.push(`attribute ${where}`);
      continue;
    }
    if (LINK_ATTRIBUTES.has(name)) {
      const bad = badUrl(value, LINK_SCHEMES, false);
      if (bad) out.push(`${bad}: ${where}`);
    } else if (MEDIA_ATTRIBUTES.has(name)) {
      const bad = badUrl(value, MEDIA_SCHEMES, true);
      if (bad) out.push(`${bad}: ${where}`);
    } else if (name === 'srcset') {
      for (const url of srcsetUrls(value)) {
        const bad = badUrl(url, MEDIA_SCHEMES, true);
        if (bad) out.push(`${bad} in srcset: ${where}`);
      }
    } else if (name === 'class') {
      const allowed = (c) => /^(language|lang)-/.test(c) || (view && /^rm-/.test(c));
      const odd = value.split(/[\t\n\f\r ]+/).filter((c) => c && !allowed(c));
      if (odd.length) out.push(`class ${odd.join(' ')}: ${where}`);
    } else if (name === 'target' && value !== '_blank') {
      out.push(`target ${where}`);
    }
  }
  if (tag === 'a' && el.hasAttribute('href') && !/\bnoopener\b/.test(el.getAttribute('rel') || '')) {
    out.push(`a link without rel=noopener: href=${JSON.stringify(el.getAttribute('href'))}`);
  }
  return out;
}

/** Why a URL attribute's value is not allowed, or null. */
function badUrl(value, schemes, media) {
  let url;
  try {
    url = new URL(value); // no base: the reader shows absolute URLs only
  } catch {
    // A relative URL would resolve against the reader's own page (an extension page); one that
    // does not parse even there (`http://javascript:XSS()`: its port is not a number) goes
    // nowhere and loads nothing.
    try {
      new URL(value, 'chrome-extension://readerpageid/reader.html');
    } catch {
      return null;
    }
    return `a URL that is not absolute (${JSON.stringify(value.slice(0, 80))})`;
  }
  if (schemes.has(url.protocol)) return null;
  if (media && url.protocol === 'data:') {
    const type = url.pathname.split(/[;,]/)[0].trim().toLowerCase();
    return RASTER_TYPES.has(type) ? null : `a data: URL of type ${JSON.stringify(type)}`;
  }
  return `the URL scheme ${url.protocol}`;
}

/** The URLs of a srcset, split as the HTML standard's "parse a srcset attribute" splits them. */
export function srcsetUrls(input) {
  const urls = [];
  const space = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
  let i = 0;
  while (i < input.length) {
    while (i < input.length && (space(input[i]) || input[i] === ',')) i++;
    if (i >= input.length) break;
    let start = i;
    while (i < input.length && !space(input[i])) i++;
    let url = input.slice(start, i);
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      // Skip the descriptors up to the next comma outside parentheses.
      let parens = false;
      while (i < input.length) {
        const c = input[i];
        if (c === '(') parens = true;
        else if (c === ')') parens = false;
        else if (c === ',' && !parens) break;
        i++;
      }
    }
    if (url) urls.push(url);
  }
  return urls;
}
