// The browser side of the one DOM read (see web.rs): a single walk over the document in
// JavaScript that returns the whole tree as one string, so the page crosses into wasm once
// instead of as a dozen calls per node.
//
// Tokens are separated by NUL; the first character of a token says what it is:
//   \x01 tag    an element opens (its attributes follow)
//   \x02 name   an attribute name; the next token is its value, as is
//   \x03 text   a text or CDATA node
//   \x04        the innermost open element closes
// NUL inside a value or text (only scripts can put it there) becomes U+FFFD, as the HTML parser does.
// The text of scripts and style sheets is not sent (the core mutes it anyway), except JSON-LD,
// which the metadata reader needs: inline script bundles are often the largest text on a page.

const clean = (s) => (s.indexOf('\0') < 0 ? s : s.replaceAll('\0', '\uFFFD'));

const mutedText = (el) => {
  const tag = el.localName;
  if (tag === 'style') return true;
  if (tag !== 'script') return false;
  const type = el.getAttribute('type');
  return !(type && type.trim().toLowerCase() === 'application/ld+json');
};

export function readTree(doc) {
  const root = doc.documentElement;
  if (!root) return '';
  const out = [];
  let node = root;
  while (node) {
    let descend = false;
    const type = node.nodeType;
    if (type === 1) {
      out.push('\x01' + node.localName);
      const attrs = node.attributes;
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs[i];
        out.push('\x02' + a.name, clean(a.value));
      }
      descend = true;
      if (mutedText(node)) {
        // Keep child elements (none in HTML), drop the text.
        out.push('\x04');
        descend = false;
      }
    } else if (type === 3 || type === 4) {
      out.push('\x03' + clean(node.data));
    }
    if (descend) {
      const c = node.firstChild;
      if (c) {
        node = c;
        continue;
      }
      out.push('\x04');
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
      out.push('\x04');
    }
  }
  return out.join('\0');
}
