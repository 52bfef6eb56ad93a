// The browser side of the one DOM read (see web.rs): a single walk over the document in
// JavaScript that writes the whole tree as bytes, so the page crosses into wasm once, as one copy
// of a byte array, instead of as a dozen calls per node.
//
// A token is a kind byte and its fields. Numbers are LEB128 varints (7 bits a byte, low first; a
// string's length may be padded with 0x80 bytes, as its room is taken before it is encoded); a
// string is its UTF-8 length and bytes; a name is a number: 0 and the name as a string the first
// time (the next number names it from then on: 1 for the first new name, 2 for the second, ...).
//   1 tag count (name value)*  an element opens, with its `count` attributes (name, then string)
//   3 text                     a text or CDATA node
//   4                          the innermost open element closes
//   5 count                    the open element has this many descendant elements, not sent
//                              (inline SVG: drawn, not read; its paths are often most of a page's
//                              markup; see OPAQUE_TAGS in mod.rs)
//   6 data                     a comment that may mark a streamed rendering's boundary (`$?`, `/$`:
//                              at most two characters, starting with `$`, `/` or `&`; the builder
//                              keeps the ones it knows, see BOUNDARY_OPENERS in mod.rs)
// The walk stops at the element past `maxElements` (counted as getElementsByTagName('*') counts
// them, an SVG's insides with it), which it writes as `1 tag 0` and nothing after: the core keeps
// that many elements of a page (MAX_ELEMENTS in builder.rs), and a page of millions is read up to
// there, not walked whole (each element is DOM calls and, in the content script, a style lookup).
// NUL (only scripts can put it in a live page) becomes U+FFFD, as the HTML parser does, and so does
// a lone surrogate, as TextEncoder does.
// The text of scripts and style sheets is not sent (the core mutes it anyway), except JSON-LD,
// which the metadata reader needs: inline script bundles are often the largest text on a page.
//
// The same file is the extension's content script walk (the build makes a classic-script copy,
// extension/pkg/read-tree.js, loaded before content.js): the reader frame gets these bytes from
// the live page and runs the core on them (`analyzeTree`), so what the wasm front end reads from
// a document and what the extension sends are one walk. The content script passes `look`, which
// says per element what only the live page knows (see readTree).
//
// Page elements are read through the DOM's own accessors, taken from the prototypes once, never
// through their properties: a <form> shadows its properties with its named controls (`<input
// name="firstChild">` makes form.firstChild that input), and a document its own with named
// elements (`<img name="documentElement">`). In the content script's isolated world nothing else
// of the page's can reach them.
//
// Why bytes written here rather than one string: the string had to be flattened and encoded
// again on the way in, and its pieces were garbage to collect. The UTF-8 is written by hand,
// as TextEncoder.encodeInto costs more per call than short strings cost to encode in a loop.

const OPEN = 1;
const TEXT = 3;
const CLOSE = 4;
const SKIPPED = 5;
const BOUNDARY = 6;

// The output, kept between walks (a page's tree is copied into wasm before the next walk).
let buf = new Uint8Array(1 << 16);
let pos = 0;
// Names sent so far in this walk: name → its number.
let names = new Map();

// What `look` answers for an element (see readTree).
export const LOOK_IN = 0;
export const HIDDEN = 1;
export const LOOK_PAST = 2;
export const LEAVE_OUT = 3;
const HIDDEN_ATTR = 'data-readmode-hidden';

// Each accessor is bound once as a plain function of the node (`nodeType(node)` is the getter
// called on `node`): no Reflect.apply and its argument array per call, a few million times on a
// large page. Function.prototype.call is bound when the accessors are taken, so nothing the page
// does later to it or to Reflect changes what the walk calls.
const uncurry = (fn) => Reflect.apply(Function.prototype.bind, Function.prototype.call, [fn]);
const getter = (proto, name) => uncurry(Object.getOwnPropertyDescriptor(proto, name).get);
// The DOM's own accessors, taken from the prototypes once, on the first walk (not when the module
// loads: the npm package's entry for runtimes without a DOM imports this file too, and there
// `Node` does not exist). A page's named form controls (`<input name="parentNode">`) shadow
// these properties on a <form>; read through the prototypes, they cannot. In a browser they come
// from this realm; where there is no global DOM (Node with jsdom), from the document's window.
let nodeType, firstChild, nextSibling, parentNode, localName, documentElement, characterData;
let getAttribute, hasAttributes, getAttributeNames, byTagName, collectionLength;
let implementation, createHTMLDocument, importNode, outerHTML;
function bindAccessors(doc) {
  if (nodeType) return;
  const {
    Node, Element, Document, CharacterData, HTMLCollection, DOMImplementation,
  } = typeof globalThis.Node === 'function' ? globalThis : doc.defaultView;
  nodeType = getter(Node.prototype, 'nodeType');
  firstChild = getter(Node.prototype, 'firstChild');
  nextSibling = getter(Node.prototype, 'nextSibling');
  parentNode = getter(Node.prototype, 'parentNode');
  localName = getter(Element.prototype, 'localName');
  documentElement = getter(Document.prototype, 'documentElement');
  characterData = getter(CharacterData.prototype, 'data');
  getAttribute = uncurry(Element.prototype.getAttribute);
  hasAttributes = uncurry(Element.prototype.hasAttributes);
  getAttributeNames = uncurry(Element.prototype.getAttributeNames);
  byTagName = uncurry(Element.prototype.getElementsByTagName);
  collectionLength = getter(HTMLCollection.prototype, 'length');
  implementation = getter(Document.prototype, 'implementation');
  createHTMLDocument = uncurry(DOMImplementation.prototype.createHTMLDocument);
  importNode = uncurry(Document.prototype.importNode);
  outerHTML = getter(Element.prototype, 'outerHTML');
}

// An element with more attributes than this has its values read from one serialisation of it
// rather than one `getAttribute(name)` each: Chromium answers that call by a search of the
// element's attribute list, so reading an element's attributes one by one takes the square of
// their number (a hostile page's 100,000 attributes on one element: 15 s). Real elements have a
// few; the serialisation is only worth it for the rare one with many.
const MANY_ATTRIBUTES = 64;
const ESCAPED = { '&amp;': '&', '&nbsp;': '\u00a0', '&quot;': '"', '&lt;': '<', '&gt;': '>' };
// A document without a window, into which an element is copied to be serialised: there no
// custom element's constructor runs and nothing is fetched.
let inert = null;

/**
 * The values of `el`'s attributes `names` (getAttributeNames' list, in its order), read from the
 * serialisation of a shallow copy of the element: ` name="value"` each, in the same order, a
 * value's `&`, no-break space, `"`, `<` and `>` written as references. Null if the serialisation
 * is not that (the caller then asks for each value).
 */
function attributeValues(el, names, doc) {
  if (inert === null) inert = createHTMLDocument(implementation(doc), '');
  const html = outerHTML(importNode(inert, el, false));
  const values = new Array(names.length);
  let at = html.indexOf(' '); // a tag name has no space: the attributes start here
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (at < 0 || !html.startsWith(name, at + 1) || !html.startsWith('="', at + 1 + name.length)) return null;
    const start = at + name.length + 3;
    const end = html.indexOf('"', start);
    if (end < 0) return null;
    const v = html.slice(start, end);
    values[i] = v.indexOf('&') < 0 ? v : v.replace(/&(?:amp|nbsp|quot|lt|gt);/g, (m) => ESCAPED[m]);
    at = end + 1;
  }
  return values;
}

const boundaryComment = (data) => data.length <= 2 && (data[0] === '$' || data[0] === '/' || data[0] === '&');

const mutedText = (el, tag) => {
  if (tag === 'style') return true;
  if (tag !== 'script') return false;
  const type = getAttribute(el, 'type');
  return !(type && type.trim().toLowerCase() === 'application/ld+json');
};

/** Makes room for `n` more bytes. */
function reserve(n) {
  if (pos + n <= buf.length) return;
  let size = buf.length * 2;
  while (size < pos + n) size *= 2;
  const bigger = new Uint8Array(size);
  bigger.set(buf.subarray(0, pos));
  buf = bigger;
}

/** A kind byte. */
function putKind(kind) {
  reserve(1);
  buf[pos++] = kind;
}

function putNumber(n) {
  reserve(5);
  while (n > 0x7f) {
    buf[pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[pos++] = n;
}

function putString(s) {
  const len = s.length;
  // At most 3 UTF-8 bytes per UTF-16 unit; the length's varint gets room for the most.
  const most = len * 3;
  const width = most < 0x80 ? 1 : most < 0x4000 ? 2 : most < 0x200000 ? 3 : most < 0x10000000 ? 4 : 5;
  reserve(width + most);
  const b = buf;
  const at = pos;
  let p = at + width;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 && c !== 0) {
      b[p++] = c;
    } else if (c < 0x800 && c !== 0) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else {
      let cp = c;
      if (c === 0) {
        cp = 0xfffd;
      } else if (c >= 0xd800 && c < 0xe000) {
        cp = 0xfffd;
        if (c < 0xdc00 && i + 1 < len) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d < 0xe000) {
            cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
          }
        }
      }
      if (cp < 0x10000) {
        b[p++] = 0xe0 | (cp >> 12);
        b[p++] = 0x80 | ((cp >> 6) & 0x3f);
        b[p++] = 0x80 | (cp & 0x3f);
      } else {
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 0x3f);
        b[p++] = 0x80 | ((cp >> 6) & 0x3f);
        b[p++] = 0x80 | (cp & 0x3f);
      }
    }
  }
  let n = p - at - width;
  for (let k = at; k < at + width - 1; k++) {
    b[k] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  b[at + width - 1] = n;
  pos = p;
}

function putName(s) {
  const known = names.get(s);
  if (known !== undefined) {
    putNumber(known);
    return;
  }
  names.set(s, names.size + 1);
  putNumber(0);
  putString(s);
}

/**
 * The document's tree as bytes (a view of a buffer kept for the next walk: copy it before then).
 *
 * `look(element)`, when given, is asked about each element in tree order, except below one it
 * answered other than LOOK_IN for: LOOK_IN (0) as usual, HIDDEN (1) the element gets the
 * `data-readmode-hidden` attribute (the live page does not show it; the core hides it and what
 * is inside), LOOK_PAST (2) nothing below it is asked about, LEAVE_OUT (3) the element and what
 * is inside are not sent at all (the reader's own overlay).
 *
 * `maxElements` (the core's MAX_ELEMENTS, which the wasm front end passes and the extension's copy
 * of this file is built with) stops the walk at the element past that many (see the header).
 */
export function readTree(doc, look = null, maxElements = Infinity) {
  bindAccessors(doc);
  pos = 0;
  names = new Map();
  const root = documentElement(doc);
  // The element whose subtree `look` is not asked about, while the walk is inside it.
  let quiet = null;
  // Elements sent so far, an SVG's insides counted.
  let elements = 0;
  let node = root;
  while (node) {
    let descend = false;
    const type = nodeType(node);
    if (type === 1) {
      const verdict = look === null || quiet !== null ? LOOK_IN : look(node);
      if (verdict === LEAVE_OUT) {
        node = next(node, root);
        continue;
      }
      const tag = localName(node);
      if (elements >= maxElements) {
        // The element past the budget: the core reads it as the cut, and nothing more is sent.
        putKind(OPEN);
        putName(tag);
        putNumber(0);
        break;
      }
      elements++;
      if (verdict !== LOOK_IN) quiet = node;
      putKind(OPEN);
      putName(tag);
      // Names, then values by name: Chromium makes an Attr object for each `attributes[i]` and
      // looks it up in a list, which on 100,000 attributes took 52 s against 11 s this way.
      const attrs = hasAttributes(node) ? getAttributeNames(node) : null;
      const count = attrs === null ? 0 : attrs.length;
      const values = count > MANY_ATTRIBUTES ? attributeValues(node, attrs, doc) : null;
      putNumber(verdict === HIDDEN ? count + 1 : count);
      for (let i = 0; i < count; i++) {
        const name = attrs[i];
        putName(name);
        putString(values === null ? getAttribute(node, name) : values[i]);
      }
      if (verdict === HIDDEN) {
        putName(HIDDEN_ATTR);
        putString('');
      }
      if (tag === 'svg') {
        const inside = collectionLength(byTagName(node, '*'));
        elements += inside;
        putKind(SKIPPED);
        putNumber(inside);
        putKind(CLOSE);
        if (quiet === node) quiet = null;
      } else if (mutedText(node, tag)) {
        // Keep the element, drop its text.
        putKind(CLOSE);
        if (quiet === node) quiet = null;
      } else {
        descend = true;
      }
    } else if (type === 3 || type === 4) {
      putKind(TEXT);
      putString(characterData(node));
    } else if (type === 8) {
      const data = characterData(node);
      if (boundaryComment(data)) {
        putKind(BOUNDARY);
        putString(data);
      }
    }
    if (descend) {
      const c = firstChild(node);
      if (c) {
        node = c;
        continue;
      }
      putKind(CLOSE);
      if (quiet === node) quiet = null;
    }
    // Climb until a next sibling exists, closing elements on the way up.
    node = next(node, root);
  }
  return buf.subarray(0, pos);

  /** The node after `n`'s subtree, closing the elements it climbs out of. */
  function next(n, top) {
    let cur = n;
    while (cur !== top) {
      const s = nextSibling(cur);
      if (s) return s;
      cur = parentNode(cur);
      if (!cur) return null;
      putKind(CLOSE);
      if (quiet === cur) quiet = null;
    }
    return null;
  }
}
