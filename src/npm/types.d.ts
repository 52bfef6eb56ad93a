// The shapes both entry points share: what `analyze` / `analyzeHtml` take and return.
// They mirror the Rust types in the crate's src/lib.rs (Options, Analysis, Article, BlockReport).

/** Options for an analysis. Every field is optional; a field of the wrong type makes the call throw. */
export interface Options {
  /**
   * The page's URL: relative links and images in `article.html` and `article.leadImage` are made
   * absolute against it. Must be an absolute http, https or file URL. In the browser entry it
   * defaults to the document's own URL when that is http(s) or file; in `readmode/html` there is
   * no default (links stay as the page wrote them).
   */
  url?: string;
  /** Report every block with its label and reasons in `blocks` (default `true`). */
  includeBlocks?: boolean;
  /**
   * Below this many characters of article text the page is not `readerable` (default 500; half as
   * many on a discussion thread, whose posts are short).
   */
  minArticleLength?: number;
  /**
   * The reader asked for the reader view ("Read it anyway"): the page is `readerable` whenever it
   * has article text, however short, and even when it lists items (a shop's category page) rather
   * than holding text to read (default `false`).
   */
  readAnyway?: boolean;
  /**
   * A reader's corrections of block labels, by the block's `path`: `keep: true` makes the block
   * article content, `false` leaves it out. `correctionsApplied` says which matched.
   */
  corrections?: Correction[];
  /**
   * The most elements of the page read (default 250,000, the core's `MAX_ELEMENTS`, far above
   * any ordinary page): a page with more is read up to the element past this many, as a page of
   * millions of list items or comments would otherwise cost seconds, and the analysis says
   * `truncated: true`. A whole number, at least 1.
   */
  maxElements?: number;
}

/** One correction: the block's CSS path (as `Block.path` gives it) and whether to keep it. */
export interface Correction {
  path: string;
  keep: boolean;
}

/** What an analysis found. */
export interface Analysis {
  /** Whether the page reads as an article worth a reader view. */
  readerable: boolean;
  /** A sentence saying why the page is not readerable; `null` when it is. */
  reason: string | null;
  /**
   * Present, and `true`, only when the page had more elements than `maxElements`: the analysis
   * is of its first part (an article is at the start of its page; what is left out is the tail
   * of a list or a thread).
   */
  truncated?: true;
  /** The article: metadata, plain text and reader HTML (built even when not readerable). */
  article: Article;
  /** Every block in document order; empty when `includeBlocks` is `false`. */
  blocks: Block[];
  /** The paths of `options.corrections` that matched a block of this page, in the order given. */
  correctionsApplied: string[];
}

/** The article the page holds. Metadata fields the page does not give are `null`. */
export interface Article {
  /** From JSON-LD, meta tags, `<title>` (site-name suffix removed) or the page's main heading. */
  title: string | null;
  byline: string | null;
  /** As the page gives it (usually ISO 8601). */
  publishedTime: string | null;
  siteName: string | null;
  /** The page's language (`<html lang>`, meta tags). */
  lang: string | null;
  /** Text direction declared around the body (`ltr`, `rtl`). */
  dir: string | null;
  /** A summary: the page's description, or the article's first paragraph. */
  excerpt: string | null;
  /** The article's lead image, an absolute URL when the page URL is known. */
  leadImage: string | null;
  readingTimeMinutes: number;
  wordCount: number;
  /**
   * Plain text of the body (the title is not included): paragraphs apart by a blank line, list
   * items as `- item` / `1. item` lines, table rows as `cell | cell` lines.
   */
  text: string;
  /**
   * Reader HTML of the body (the title is not included), rebuilt from an allow-list of elements
   * and attributes: no scripts, event handlers, `javascript:` or script-capable `data:` URLs;
   * links and images absolute, lazy images given their real source.
   */
  html: string;
  /**
   * The discussion under the article (its readers' comments), offered apart: never part of `text`
   * or `html`. `null` on a thread (a forum or Q&A page, whose posts are the text) and on a page
   * without comments.
   */
  comments: Comments | null;
}

/** The discussion under an article. */
export interface Comments {
  /** How many comments: the posts of the discussion, replies included. */
  count: number;
  /** The comments as reader HTML, through the same allow-list as `Article.html`. */
  html: string;
}

/** The label of a block: `content`, or the kind of clutter it is. */
export type Label =
  | 'content'
  | 'navigation'
  | 'promo'
  | 'call-to-action'
  | 'popular-list'
  | 'related'
  | 'share'
  | 'comments'
  | 'ad'
  | 'newsletter'
  | 'consent'
  | 'footer'
  | 'other';

/** One block of the page, its label and why. */
export interface Block {
  /** Position among the blocks, in document order. */
  index: number;
  /** Position of the block's element among all elements: `document.getElementsByTagName('*')[element]`. */
  element: number;
  /** A CSS selector for the block's element. */
  path: string;
  /** The element's lower-case tag name. */
  tag: string;
  label: Label;
  /** How sure the classifier is of the label, 0 to 1 (two decimals). */
  confidence: number;
  /** Short phrases saying why the block got its label. */
  reasons: string[];
  /** Characters of text in the block. */
  textLength: number;
  /** Share of the block's text inside links, 0 to 1 (two decimals). */
  linkDensity: number;
  /** The block's first 80 characters. */
  text: string;
}

/**
 * The instance type of a global class when the program's types declare it (lib "dom", @types/node,
 * Deno), else `never`: so these types compile in a project with neither DOM nor Node types.
 */
type GlobalClass<K extends string> = typeof globalThis extends { [P in K]: abstract new (...args: any[]) => infer T } ? T : never;

/** A compiled `WebAssembly.Module`, where the program's types declare `WebAssembly`. */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: any[]) => infer M } } ? M : never;

/**
 * Where `init` finds the wasm: a URL (a file: URL is read from disk, others are fetched), a
 * `Request` or `Response`, the bytes, or a compiled `WebAssembly.Module`. wasm-bindgen's
 * `{ module_or_path: source }` form is taken too.
 */
export type WasmSource =
  | string
  | GlobalClass<'URL'>
  | GlobalClass<'Request'>
  | GlobalClass<'Response'>
  | ArrayBuffer
  | ArrayBufferView
  | WasmModule;
