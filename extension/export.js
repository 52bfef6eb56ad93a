// Saving and copying the article the reader shows: as Markdown (GitHub-flavoured: tables, fenced
// code), as one self-contained HTML file (its styles inside, no script), or as plain text.
// Everything is built from the rendered article element (already cleaned by reader-view.js), so
// what is saved is what was read. No dependencies.

/** The article as Markdown: title, byline and source, then the body. */
export function toMarkdown(article, meta = {}) {
  const out = [];
  if (meta.title) out.push(`# ${inline(meta.title)}`);
  const about = [meta.byline, meta.siteName].filter(Boolean).map(inline).join(' · ');
  if (about) out.push(`*${about}*`);
  if (meta.url) out.push(`<${meta.url}>`);
  const body = article.querySelector('.rm-body') || article;
  out.push(blocks(body).trim());
  return `${out.filter(Boolean).join('\n\n')}\n`;
}

/** A standalone HTML document of the article, with `css` (reader.css) inside it. */
export function toHtmlDocument(article, meta = {}, css = '') {
  const doc = article.ownerDocument.implementation.createHTMLDocument(meta.title || '');
  doc.documentElement.lang = article.lang || '';
  const charset = doc.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  const viewport = doc.createElement('meta');
  viewport.name = 'viewport';
  viewport.content = 'width=device-width, initial-scale=1';
  const style = doc.createElement('style');
  style.textContent = css;
  doc.head.prepend(charset, viewport);
  doc.head.append(style);
  const root = doc.createElement('div');
  root.className = 'rm-root';
  for (const [k, v] of Object.entries(meta.dataset || {})) root.dataset[k] = v;
  if (meta.fontSize) root.style.setProperty('--rm-font-size', meta.fontSize);
  const main = doc.createElement('main');
  main.className = 'rm-main';
  const copy = doc.importNode(article, true);
  for (const el of copy.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
  for (const el of copy.querySelectorAll('.rm-speaking')) el.classList.remove('rm-speaking');
  main.append(copy);
  root.append(main);
  doc.body.append(root);
  return `<!doctype html>\n${doc.documentElement.outerHTML}\n`;
}

/** The article as plain text: the title, then the core's text (paragraphs apart, `- ` items). */
export function toPlainText(meta, text) {
  return `${[meta.title, meta.byline, meta.url, text].filter(Boolean).join('\n\n').trim()}\n`;
}

/** A file name from the title: letters, digits and dashes. */
export function fileName(title, extension) {
  const base = String(title || 'article').normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80).toLowerCase();
  return `${base || 'article'}.${extension}`;
}

/** Offers `text` as a download (a blob link clicked: no downloads permission needed). */
export function download(doc, name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Copies text: the async clipboard API, else the copy command (the frame may lack the permission). */
export async function copyText(doc, text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = doc.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    doc.body.append(area);
    area.select();
    const ok = doc.execCommand('copy');
    area.remove();
    return ok;
  }
}

// ---------------------------------------------------------------------------- Markdown builder

/** Markdown for the children of a block container, blocks apart by a blank line. */
function blocks(el) {
  const parts = [];
  let run = '';
  const flush = () => {
    if (run.trim()) parts.push(run.trim());
    run = '';
  };
  for (const node of el.childNodes) {
    if (node.nodeType === 3 || (node.nodeType === 1 && INLINE.has(node.localName))) {
      run += inlineNode(node);
      continue;
    }
    if (node.nodeType !== 1) continue;
    flush();
    const md = block(node);
    if (md && md.trim()) parts.push(md.replace(/\s+$/, ''));
  }
  flush();
  return parts.join('\n\n');
}

const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'img',
  'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);

function block(el) {
  const tag = el.localName;
  switch (tag) {
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6':
      return `${'#'.repeat(Number(tag[1]))} ${inlineOf(el).replace(/\n+/g, ' ').trim()}`;
    case 'p':
      return inlineOf(el).trim();
    case 'pre':
      return fence(el);
    case 'blockquote':
      return blocks(el).split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');
    case 'ul': case 'ol':
      return list(el);
    case 'table':
      return table(el);
    case 'figure': {
      const caption = el.querySelector('figcaption');
      const rest = [...el.childNodes].filter((n) => n !== caption);
      const wrap = el.ownerDocument.createElement('div');
      for (const n of rest) wrap.append(n.cloneNode(true));
      const body = blocks(wrap);
      return caption ? `${body}\n\n*${inlineOf(caption).trim()}*` : body;
    }
    case 'hr':
      return '---';
    case 'dl':
      return [...el.children].map((c) => (c.localName === 'dt' ? `**${inlineOf(c).trim()}**` : `: ${inlineOf(c).trim()}`)).join('\n');
    case 'img':
      return image(el);
    case 'details': case 'script': case 'style':
      return '';
    default:
      return blocks(el);
  }
}

function list(el, depth = 0) {
  const ordered = el.localName === 'ol';
  let n = Number(el.getAttribute('start')) || 1;
  const lines = [];
  for (const li of el.children) {
    if (li.localName !== 'li') continue;
    const marker = ordered ? `${n++}.` : '-';
    const pad = ' '.repeat(marker.length + 1);
    const nested = [...li.children].filter((c) => c.localName === 'ul' || c.localName === 'ol');
    const own = li.cloneNode(true);
    for (const c of own.querySelectorAll(':scope > ul, :scope > ol')) c.remove();
    const text = blocks(own).split('\n').map((l, i) => (i ? `${pad}${l}` : l)).join('\n');
    lines.push(`${marker} ${text}`);
    for (const sub of nested) lines.push(list(sub, depth + 1).split('\n').map((l) => `${pad}${l}`).join('\n'));
  }
  return lines.join('\n');
}

function table(el) {
  const rows = [...el.querySelectorAll(':scope > thead > tr, :scope > tbody > tr, :scope > tfoot > tr, :scope > tr')];
  if (!rows.length) return '';
  const cell = (c) => inlineOf(c).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim() || ' ';
  const grid = rows.map((r) => [...r.children].filter((c) => c.localName === 'td' || c.localName === 'th').flatMap((c) => {
    const span = Math.max(1, Number(c.getAttribute('colspan')) || 1);
    return [cell(c), ...Array(span - 1).fill(' ')];
  }));
  const width = Math.max(...grid.map((r) => r.length));
  for (const r of grid) while (r.length < width) r.push(' ');
  const line = (r) => `| ${r.join(' | ')} |`;
  const caption = el.querySelector(':scope > caption');
  const out = [line(grid[0]), line(Array(width).fill('---')), ...grid.slice(1).map(line)];
  if (caption) out.push('', `*${inlineOf(caption).trim()}*`);
  return out.join('\n');
}

function fence(pre) {
  const code = pre.textContent.replace(/\n$/, '');
  const lang = (pre.querySelector('code')?.className.match(/(?:^|\s)(?:language|lang)-([\w+#.-]+)/) || [])[1] || '';
  const ticks = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${code}\n${ticks}`;
}

function image(img) {
  const src = img.getAttribute('src');
  if (!src) return '';
  const alt = (img.getAttribute('alt') || '').replace(/[[\]]/g, '');
  const title = img.getAttribute('title');
  return `![${alt}](${encodeUrl(src)}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})`;
}

/** Markdown for an element's inline content. */
function inlineOf(el) {
  let out = '';
  for (const node of el.childNodes) out += inlineNode(node);
  return out;
}

/** Markdown for one inline node (text, emphasis, a link, an image, a block inside a line). */
function inlineNode(node) {
  let out = '';
  {
    if (node.nodeType === 3) return escape(collapse(node.data));
    if (node.nodeType !== 1) return '';
    const tag = node.localName;
    const inner = () => inlineOf(node);
    switch (tag) {
      case 'br': out += '  \n'; break;
      case 'strong': case 'b': out += wrap('**', inner()); break;
      case 'em': case 'i': case 'cite': case 'dfn': out += wrap('*', inner()); break;
      case 'del': case 's': out += wrap('~~', inner()); break;
      case 'code': case 'kbd': case 'samp': {
        const t = node.textContent;
        const tick = '`'.repeat(Math.max(1, ...[...t.matchAll(/`+/g)].map((m) => m[0].length + 1)));
        out += t ? `${tick}${/^`|`$/.test(t) ? ` ${t} ` : t}${tick}` : '';
        break;
      }
      case 'a': {
        const href = node.getAttribute('href');
        const text = inner().trim();
        out += href && !href.startsWith('#') ? `[${text || href}](${encodeUrl(href)})` : text;
        break;
      }
      case 'img': out += image(node); break;
      case 'ul': case 'ol': case 'table': case 'pre': case 'blockquote': case 'p': case 'div': case 'figure':
        out += `\n\n${block(node)}\n\n`;
        break;
      default: out += inner();
    }
  }
  return out;
}

const wrap = (mark, s) => {
  const t = s.trim();
  if (!t) return s;
  const lead = s.match(/^\s*/)[0];
  const tail = s.match(/\s*$/)[0];
  return `${lead}${mark}${t}${mark}${tail}`;
};
const collapse = (s) => s.replace(/[ \t\r\n\f]+/g, ' ');
const encodeUrl = (u) => u.replace(/[ ()<>]/g, (c) => encodeURIComponent(c));
/** Escapes what Markdown would read as markup in plain text. */
const escape = (s) => s.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/^(\s*)([#+-]|\d+\.)(\s)/, '$1\\$2$3');
const inline = (s) => escape(collapse(String(s))).trim();
