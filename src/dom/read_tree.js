// The browser side of the one DOM read (see web.rs): a single walk over the document in
// JavaScript that returns the whole tree as one string, so the page crosses into wasm once
// instead of as a dozen calls per node.
//
// Every token ends with NUL; its first character says what it is:
//   \x01 tag    an element opens (its attributes follow)
//   \x02 name   an attribute name; the next token is its value, as is
//   \x03 text   a text or CDATA node
//   \x04        the innermost open element closes
//   \x05 count  the open element has this many descendant elements, not sent (inline SVG: drawn,
//               not read; its paths are often most of a page's markup; see OPAQUE_TAGS in mod.rs)
//   \x06 data   a comment that may mark a streamed rendering's boundary (`$?`, `/$`: at most two
//               characters, starting with `$`, `/` or `&`; the builder keeps the ones it knows, see
//               BOUNDARY_OPENERS in mod.rs)
// NUL inside an attribute value (only scripts can put it there) becomes U+FFFD, as the HTML parser
// does. Text is sent as it is: the parser never leaves NUL in text, and a script that puts one there
// only cuts its own text short (the token after it starts with no marker and is skipped).
// The text of scripts and style sheets is not sent (the core mutes it anyway), except JSON-LD,
// which the metadata reader needs: inline script bundles are often the largest text on a page.

const boundaryComment = (data) => data.length <= 2 && (data[0] === '$' || data[0] === '/' || data[0] === '&');

const clean = (s) => (s.indexOf('\0') < 0 ? s : s.replaceAll('\0', '\uFFFD'));

const mutedText = (el, tag) => {
  if (tag === 'style') return true;
  if (tag !== 'script') return false;
  const type = el.getAttribute('type');
  return !(type && type.trim().toLowerCase() === 'application/ld+json');
};

// String concatenation (V8 builds a rope, flattened once when wasm-bindgen encodes it) and
// getAttributeNames() (no Attr objects) measured a third faster than an array of tokens joined.
export function readTree(doc) {
  const root = doc.documentElement;
  if (!root) return '';
  let out = '';
  let node = root;
  while (node) {
    let descend = false;
    const type = node.nodeType;
    if (type === 1) {
      const tag = node.localName;
      out += '\x01' + tag + '\0';
      if (node.hasAttributes()) {
        for (const name of node.getAttributeNames()) out += '\x02' + name + '\0' + clean(node.getAttribute(name)) + '\0';
      }
      if (tag === 'svg') {
        out += '\x05' + node.getElementsByTagName('*').length + '\0\x04\0';
      } else if (mutedText(node, tag)) {
        // Keep the element, drop its text.
        out += '\x04\0';
      } else {
        descend = true;
      }
    } else if (type === 3 || type === 4) {
      out += '\x03' + node.data + '\0';
    } else if (type === 8 && boundaryComment(node.data)) {
      out += '\x06' + node.data + '\0';
    }
    if (descend) {
      const c = node.firstChild;
      if (c) {
        node = c;
        continue;
      }
      out += '\x04\0';
    }
    // Climb until a next sibling exists, closing elements on the way up.
    let cur = node;
    node = null;
    while (cur !== root) {
      const s = cur.nextSibling;
      if (s) {
        node = s;
        break;
      }
      cur = cur.parentNode;
      if (!cur) break;
      out += '\x04\0';
    }
  }
  return out;
}
