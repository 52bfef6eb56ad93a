// The pathological pages: each a shape a hostile or broken page can take, at a size that used to
// cost readmode (or the parser under it) more than linear time or memory. `bench.mjs` times them;
// a test suite can build them at a smaller `scale` (every count below is multiplied by it).
//
// Each page is an article (a title and a few paragraphs of real sentences) with the pathological
// part in the middle, so the whole pipeline runs: parse, classify, reader HTML. `ordinaryPage(n)`
// is an ordinary article of about n bytes, the yardstick a pathological page of the same size is
// measured against in the browser.

/** A few sentences, so the article reads as one (readerable, over 500 characters). */
const LEAD = [
  'The harbour master said the ferry would run again on Monday, after a week of storms had kept every boat in port.',
  'Fishermen who had waited on the quay since dawn went home to mend their nets, and the cafe by the slipway closed early.',
  'By evening the wind had dropped, the gulls were back on the breakwater, and the lights of the mainland were plain to see.',
  'Nobody in the village could remember a winter like it, though the oldest of them had seen the great flood of the sixties.',
  'The council promised a new sea wall before the next season, and the school reopened its doors to children and parents alike.',
];

const article = (middle, { head = '', before = '', after = '', title = 'Storms close the harbour | The Gazette' } = {}) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head>` +
  `<body>${before}<article><h1>Storms close the harbour</h1>${LEAD.map((s) => `<p>${s}</p>`).join('')}` +
  `${middle}<p>${LEAD[0]}</p></article>${after}</body></html>`;

const n = (count, scale) => Math.max(1, Math.round(count * scale));

/** Name → { what, make(scale) → HTML string }. */
export const PAGES = {
  'deep-div': {
    what: '100,000 nested <div>s, text at the bottom, all closed',
    make: (s) => article('<div>'.repeat(n(1e5, s)) + `<p>${LEAD[1]}</p>` + '</div>'.repeat(n(1e5, s))),
  },
  'deep-div-unclosed': {
    what: '100,000 nested <div>s each with a word, never closed',
    make: (s) => article(Array.from({ length: n(1e5, s) }, (_, i) => `<div>w${i} `).join('')),
  },
  'deep-noscript': {
    what: '100,000 nested <noscript>s around a lazy image',
    make: (s) => article('<img class="lazy" src="blank.gif">' + '<noscript>'.repeat(n(1e5, s)) + '<img src="real.jpg">' + '</noscript>'.repeat(n(1e5, s))),
  },
  'deep-inline': {
    what: '100,000 nested <span>s, then as many <b>s, text inside',
    make: (s) => article(`<p>${'<span>'.repeat(n(1e5, s))}${LEAD[2]}${'</span>'.repeat(n(1e5, s))}</p>` +
      `<p>${'<b>'.repeat(n(1e5, s))}${LEAD[3]}${'</b>'.repeat(n(1e5, s))}</p>`),
  },
  'deep-table': {
    what: '10,000 tables nested cell in cell',
    make: (s) => article('<table><tr><td>cell '.repeat(n(1e4, s)) + '</td></tr></table>'.repeat(n(1e4, s))),
  },
  'many-attributes': {
    what: '100,000 attributes on one element',
    make: (s) => article(`<p ${Array.from({ length: n(1e5, s) }, (_, i) => `data-a${i}="v${i}"`).join(' ')}>${LEAD[1]}</p>`),
  },
  'many-attributes-escaped': {
    what: 'a link and an image of 50,000 attributes each, whose values hold every character a serialisation escapes',
    make: (s) => {
      const more = Array.from({ length: n(5e4, s) }, (_, i) => ` data-a${i}="&amp;&quot;&lt;&gt;&nbsp;\t${i}"`).join('');
      return article(`<p>${LEAD[1]} <a${more} href="/story?a=1&amp;b=&quot;2&quot;&lt;3&gt;&nbsp;4">The harbour</a></p>` +
        `<p><img${more} alt="a &lt;b&gt; &amp; &quot;c&quot;&nbsp;d" src="/i.jpg?x=1&amp;y=2"></p>`);
    },
  },
  'long-attributes': {
    what: 'a 1,000,000-candidate srcset, a 16 MB class, a 16 MB href',
    make: (s) => article(
      `<p><img src="blank.gif" srcset="${Array.from({ length: n(1e6, s) }, (_, i) => `i${i}.jpg ${i}w`).join(', ')}"></p>` +
      `<p class="${'x'.repeat(n(16 << 20, s))}">${LEAD[1]}</p>` +
      `<p><a href="/${'y'.repeat(n(16 << 20, s))}">${LEAD[2]}</a></p>`),
  },
  'huge-text': {
    what: 'one paragraph of 32 MB of text',
    make: (s) => article(`<p>${(LEAD[2] + ' ').repeat(Math.ceil(n(32 << 20, s) / (LEAD[2].length + 1)))}</p>`),
  },
  'wide-table': {
    what: 'a table of one row of 100,000 cells, then 1,000 rows of 1,000',
    make: (s) => article(`<table><tr>${'<td>c</td>'.repeat(n(1e5, s))}</tr></table>` +
      `<table>${`<tr>${'<td>c</td>'.repeat(n(1e3, s))}</tr>`.repeat(n(1e3, s))}</table>`),
  },
  'many-elements': {
    what: '2,000,000 tiny elements (<i>x</i>) in one paragraph',
    make: (s) => article(`<p>${'<i>x</i>'.repeat(n(2e6, s))}</p>`),
  },
  'many-blocks': {
    what: '500,000 one-word paragraphs',
    make: (s) => article(Array.from({ length: n(5e5, s) }, (_, i) => `<p>p${i}</p>`).join('')),
  },
  'many-noscripts': {
    what: '100,000 sibling <noscript> image fallbacks',
    make: (s) => article(`<div>${'<img src="blank.gif"><noscript><img src="real.jpg"></noscript>'.repeat(n(1e5, s))}</div>`),
  },
  'many-code-blocks': {
    what: '200,000 sibling <pre>s (the controls beside a code block are looked for in its box)',
    make: (s) => article('<pre>x = 1</pre>'.repeat(n(2e5, s))),
  },
  'deep-code-blocks': {
    what: '100,000 nested <pre><code>s',
    make: (s) => article('<pre><code>'.repeat(n(1e5, s)) + 'x = 1' + '</code></pre>'.repeat(n(1e5, s))),
  },
  'heading-links': {
    what: 'a heading of 100,000 edit links in one box, then 100,000 bracketed edit words',
    make: (s) => article(`<h2>History <span>${'<a href="/w?action=edit">e</a>'.repeat(n(1e5, s))}</span></h2>` +
      `<h2>Legacy ${'[<a>edit</a>] '.repeat(n(1e5, s))}</h2>`),
  },
  'deep-links': {
    what: 'a paragraph of 1,000,000 links 500 elements deep (each element around it used to read them all)',
    make: (s) => article('<div>'.repeat(500) + `<p>${'<a href="/x">l</a> '.repeat(n(1e6, s))}</p>` + '</div>'.repeat(500)),
  },
  'long-id': {
    what: 'an id of 200,000 words on a page whose headings name sections (ids are matched against their slugs)',
    make: (s) => article(`<p id="${'comment-'.repeat(n(2e5, s))}">${LEAD[1]}</p>`),
  },
  'nested-headings': {
    what: '250 nested <h2>s around a 16 MB paragraph, under a title with a colon (compared with every heading)',
    make: (s) => article('<h2><span>'.repeat(250) + `<p>${(LEAD[1] + ' ').repeat(Math.ceil(n(16 << 20, s) / (LEAD[1].length + 1)))}</p>` +
      '</span></h2>'.repeat(250), { title: 'The Gazette: Storms close the harbour' }),
  },
  'jsonld-headlines': {
    what: 'a JSON-LD headline and name of 200,000 words each, and a title as long (the title picks one)',
    make: (s) => {
      const words = (w) => Array.from({ length: n(2e5, s) }, (_, i) => `${w}${i}`).join(' ');
      return article('', {
        title: words('t'),
        head: `<script type="application/ld+json">{"@type":"NewsArticle","headline":"${words('h')}","name":"${words('n')}"}</script>`,
      });
    },
  },
  'nested-bylines': {
    what: '500 nested byline boxes around a 16 MB paragraph and 1,000,000 empty bylines',
    make: (s) => article('<div class="byline">'.repeat(500) + `<p>${(LEAD[1] + ' ').repeat(Math.ceil(n(16 << 20, s) / (LEAD[1].length + 1)))}</p>` +
      '<b class="byline"></b>'.repeat(n(1e6, s)) + '</div>'.repeat(500)),
  },
  // Past the element budget (MAX_ELEMENTS in src/dom/builder.rs): read up to it, and cut.
  'formatting-reconstruct': {
    what: '240 open formatting elements, then 200,000 <p>s, each of which reopens the 36 the spec keeps (7.4 million elements)',
    make: (s) => article(`<p>${'<b><i><u><s><em><strong><code><font><big><small><tt><nobr>'.repeat(20)}x${'<p>y'.repeat(n(2e5, s))}`),
  },
  'lists-1m-items': {
    what: 'a list of 1,000,000 items of a link each',
    make: (s) => article(`<ul>${'<li><a href="/x">link item</a></li>'.repeat(n(1e6, s))}</ul>`),
  },
  'hidden-1m': {
    what: '1,000,000 hidden <div>s of a paragraph each',
    make: (s) => article('<div hidden><p>x</p></div>'.repeat(n(1e6, s))),
  },
};

/** An ordinary article of about `bytes` bytes: headed sections of linked paragraphs and lists. */
export function ordinaryPage(bytes) {
  const section = (i) =>
    `<h2>Part ${i}</h2><p>${LEAD[i % 5]} <a href="/story/${i}">More on this</a>.</p><p>${LEAD[(i + 1) % 5]}</p>` +
    `<ul><li>${LEAD[(i + 2) % 5]}</li><li>${LEAD[(i + 3) % 5]}</li></ul><figure><img src="/i/${i}.jpg" alt="Photo ${i}"><figcaption>Photo ${i}</figcaption></figure>`;
  const one = section(0).length;
  return article(Array.from({ length: Math.max(1, Math.ceil(bytes / one)) }, (_, i) => section(i)).join(''));
}
