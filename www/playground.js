// The playground: any HTML file, parsed with DOMParser (inert: no script of it runs), analysed by
// the wasm core; the same reader view as the extension, and the page with its blocks outlined in
// a sandboxed iframe (no scripts, no handlers) beside a table of every block and why.

import { renderReader } from '../extension/reader-view.js';
import { LABEL_COLOURS, labelColour, loadMessages, loadPrefs, savePrefs } from './shared.js';

const $ = (id) => document.getElementById(id);
// Loaded on the first run; a failure (no pkg/, a CSP without 'wasm-unsafe-eval') is reported then.
// The module is imported dynamically so that a missing build is a message, not a dead page.
let ready = null;
function loadCore() {
  if (!ready) {
    ready = import('../pkg/readmode.js').then(async (mod) => {
      await mod.default();
      return mod;
    });
    ready.catch(() => {
      ready = null; // try again next time
    });
  }
  return ready;
}

let prefs = loadPrefs();

function status(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

$('file').addEventListener('change', async () => {
  const f = $('file').files[0];
  if (!f) return;
  $('source').value = await f.text();
  run();
});
$('run').addEventListener('click', run);
$('reader-tab').addEventListener('click', () => show('reader'));
$('blocks-tab').addEventListener('click', () => show('blocks'));
// The reader's close button: there is no page under it here, so it goes to the blocks view.
$('reader-pane').addEventListener('readmode-action', (e) => e.detail.action === 'close' && show('blocks'));

function show(which) {
  $('reader-pane').hidden = which !== 'reader';
  $('blocks-pane').hidden = which !== 'blocks';
  $('reader-tab').setAttribute('aria-pressed', String(which === 'reader'));
  $('blocks-tab').setAttribute('aria-pressed', String(which === 'blocks'));
}

async function run() {
  const html = $('source').value;
  if (!html.trim()) {
    status('Open an HTML file or paste a page first.', true);
    return;
  }
  const url = $('url').value.trim();
  status('Analysing…');
  try {
    const { analyze } = await loadCore();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const t0 = performance.now();
    const a = analyze(doc, url ? { url } : {});
    const ms = performance.now() - t0;
    const reader = $('reader-pane');
    reader.replaceChildren();
    renderReader(reader, a, prefs, (p) => {
      prefs = p;
      savePrefs(p);
    }, { t: await loadMessages(), sourceUrl: url });
    showBlocks(doc, a, url);
    $('reader-tab').disabled = $('blocks-tab').disabled = false;
    const content = a.blocks.filter((b) => b.label === 'content').length;
    status(`${a.blocks.length} blocks, ${content} content, ${a.article.wordCount} words; analysed in ${ms.toFixed(1)} ms.` +
      (a.readerable ? '' : ` Not offered in reader view: ${a.reason}`));
  } catch (e) {
    const text = String((e && e.message) || e);
    if (/Content Security Policy/i.test(text)) {
      status('This page’s Content-Security-Policy does not let WebAssembly run in it (served with --csp?); ' +
        'run the server without --csp to use the playground.', true);
    } else {
      status(`${e && e.name === 'RuntimeError' ? 'The core crashed: ' : ''}${text}`, true);
    }
  }
}

/** The parsed page, made inert, with each block's element outlined in its label's colour. */
function showBlocks(doc, a, url) {
  const all = doc.getElementsByTagName('*');
  const marks = a.blocks.map((b) => [all[b.element], b]).filter(([el]) => el);
  for (const [el, b] of marks) {
    el.setAttribute('data-rm-label', b.label);
    el.setAttribute('title', `${b.label} (${Math.round(b.confidence * 100)}%): ${b.reasons.join(', ')}`);
  }
  for (const el of [...doc.querySelectorAll('script, iframe, object, embed, frame, meta[http-equiv], base')]) el.remove();
  for (const el of doc.getElementsByTagName('*')) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name) || /^\s*javascript:/i.test(attr.value)) el.removeAttribute(attr.name);
    }
  }
  const style = doc.createElement('style');
  style.textContent = Object.entries(LABEL_COLOURS)
    .map(([l, c]) => `[data-rm-label="${l}"] { outline: 2px solid ${c} !important; outline-offset: -1px; }`)
    .join('\n');
  (doc.head || doc.documentElement).append(style);
  // With the page's URL given, its relative links and images resolve as they did on the site.
  if (url && /^https?:/i.test(url)) {
    const base = doc.createElement('base');
    base.href = url;
    (doc.head || doc.documentElement).prepend(base);
  }
  $('preview').srcdoc = '<!DOCTYPE html>' + doc.documentElement.outerHTML;

  const rows = a.blocks.map((b) => {
    const tr = document.createElement('tr');
    const cells = [b.index, null, b.confidence.toFixed(2), b.reasons.join(', '), b.tag, b.text];
    cells.forEach((v, i) => {
      const td = document.createElement('td');
      if (i === 1) {
        td.className = 'label';
        const s = document.createElement('span');
        s.textContent = b.label;
        s.style.background = labelColour(b.label);
        td.append(s);
      } else td.textContent = v;
      tr.append(td);
    });
    return tr;
  });
  $('blocks').tBodies[0].replaceChildren(...rows);
}
