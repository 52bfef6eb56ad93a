// The XSS corpus (tests/fixtures/hostile/xss.txt): how it is read, and the page each vector
// becomes. Used by ../hostile.test.mjs; it has no dependency, so other tools can read the corpus.

/**
 * Reads the corpus: `== family  description` starts a family; `name: html` is a vector placed in
 * the article body, `head/name: html` in the <head> (text after `{{body}}` goes in the body), and
 * `page/name: html` is a whole page (`{{prose}}` stands for the article's paragraphs). In the
 * HTML, `\t \n \r \f \0 \\ \xHH \u{H…}` are escapes.
 */
export function parseCorpus(text) {
  const vectors = [];
  let family = null;
  const names = new Set();
  text.split('\n').forEach((line, i) => {
    const where = `xss.txt line ${i + 1}`;
    if (!line.trim() || line.startsWith('#')) return;
    if (line.startsWith('== ')) {
      family = line.slice(3).trim().split(/\s+/)[0];
      return;
    }
    const gap = /^\s+known-gap(?: (wasm|native))?:\s*(.+)$/.exec(line);
    if (gap) {
      if (!vectors.length) throw new Error(`${where}: a known-gap line before any vector`);
      const v = vectors[vectors.length - 1];
      for (const p of gap[1] ? [gap[1]] : ['wasm', 'native']) v.knownGap[p] = gap[2];
      return;
    }
    const m = /^(?:(head|page)\/)?([a-z0-9][a-z0-9-]*): (.*)$/.exec(line);
    if (!m) throw new Error(`${where}: not "name: html", "head/name: html" or "page/name: html": ${line}`);
    if (!family) throw new Error(`${where}: a vector before the first "== family" line`);
    const name = `${family}/${m[2]}`;
    if (names.has(name)) throw new Error(`${where}: ${name} twice`);
    names.add(name);
    vectors.push({ family, name, placement: m[1] || 'body', html: unescape(m[3], where), knownGap: {}, line: i + 1 });
  });
  return vectors;
}

function unescape(s, where) {
  return s.replace(/\\(u\{([0-9a-fA-F]+)\}|x([0-9a-fA-F]{2})|.)/g, (all, e, u, x) => {
    if (u) return String.fromCodePoint(parseInt(u, 16));
    if (x) return String.fromCharCode(parseInt(x, 16));
    const simple = { t: '\t', n: '\n', r: '\r', f: '\f', 0: '\0', '\\': '\\' }[e];
    if (simple === undefined) throw new Error(`${where}: unknown escape \\${e}`);
    return simple;
  });
}

const PROSE = [
  'The first paragraph of this story is ordinary prose, written to read as the opening of a news article: a council meeting, a budget, and the people who turned up to argue about the new library on the corner of the high street.',
  'The last paragraph closes the story in the same plain voice, long enough that the page reads as an article whatever the vector between the two paragraphs does, so that the reader view is built and the vector is tried on it.',
];
// The vector sits in the middle of a paragraph of prose, so that the classifier keeps it with the
// article (a bare link or image between paragraphs reads as clutter and would be dropped untried).
export const BEFORE = 'In the middle of this paragraph of the story,';
export const AFTER = 'the story goes on in the same paragraph, with as many words after the vector as before it.';

/** The page of a vector: an article with the vector in its body (or head, or the page itself). */
export function vectorPage(v) {
  const prose = (inner) => `<article>\n<h1>Hostile page ${v.name}</h1>\n<p>${PROSE[0]}</p>\n`
    + `<p>${BEFORE} ${inner} ${AFTER}</p>\n<p>${PROSE[1]}</p>\n</article>`;
  if (v.placement === 'page') return v.html.replaceAll('{{prose}}', prose(''));
  let head = '';
  let body = v.html;
  if (v.placement === 'head') [head, body = ''] = v.html.split('{{body}}');
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Hostile page ${v.name}</title>\n${head}\n</head>\n<body>\n${prose(body)}\n</body>\n</html>\n`;
}

