/**
 * Moves a document's CSS into style="" attributes, a piece at a time. css-inline builds a DOM
 * of whatever it is given: for a 1,000-host report that DOM alone took ~100 MB. Here the
 * rendered HTML is cut after closing tags into pieces of ~64 KB; each piece is inlined inside
 * copies of the start tags of the elements it sits in (so `.list td` still finds its table),
 * with the document's CSS, and only the piece's own text is kept. The pieces put together are
 * what inlining the whole document gives (test/report/inline-css.test.ts holds them to that).
 *
 * A piece cannot see its siblings in other pieces, so CSS with sibling or structural
 * selectors (`+`, `~`, `:nth-child`, …) is inlined over the whole document, as are small ones.
 */
import { randomBytes } from 'node:crypto';
import { inline, type Options } from '@css-inline/css-inline';
import { Parser } from 'htmlparser2';

// Mail clients drop <style> blocks, and media queries or pseudo-classes cannot be inlined:
// the templates avoid them, and nothing but inline styles is kept. Width attributes are for
// Outlook, which ignores CSS widths on tables and cells.
export const INLINE_OPTIONS: Options = {
  keepStyleTags: false,
  keepLinkTags: false,
  keepAtRules: false,
  loadRemoteStylesheets: false,
  applyWidthAttributes: true,
  applyHeightAttributes: false,
};

const PIECE_CHARS = 64 * 1024;
/** Elements whose content is raw text or keeps its whitespace: never cut inside them. */
const UNCUT = new Set(['style', 'script', 'title', 'textarea', 'pre', 'listing', 'xmp', 'plaintext', 'noscript', 'template', 'svg', 'math']);
/** Selectors that depend on siblings; a false alarm (a `+` in a value) only costs the fast path. */
const SIBLING_SENSITIVE = /[+~]|:(?:nth-|first-|last-|only-|empty|has\()/i;

interface OpenElement {
  name: string;
  /** Its start tag as written. */
  tag: string;
}

interface Cut {
  at: number;
  /** Elements open at `at`, outermost first. */
  open: OpenElement[];
}

interface Layout {
  doctype: string;
  css: string;
  cuts: Cut[];
}

function layoutOf(html: string): Layout {
  const open: OpenElement[] = [];
  const layout: Layout = { doctype: '', css: '', cuts: [] };
  let pieceStart = 0;
  const parser = new Parser({
    onprocessinginstruction(name) {
      if (name.toLowerCase() === '!doctype') layout.doctype = html.slice(parser.startIndex, parser.endIndex + 1);
    },
    onopentag(name, _attributes, isImplied) {
      open.push({ name, tag: isImplied ? `<${name}>` : html.slice(parser.startIndex, parser.endIndex + 1) });
    },
    ontext(text) {
      if (open.at(-1)?.name === 'style') layout.css += text;
    },
    onclosetag(name, isImplied) {
      const index = open.findLastIndex((element) => element.name === name);
      if (index >= 0) open.length = index;
      if (isImplied) return;
      const at = parser.endIndex + 1;
      if (at - pieceStart >= PIECE_CHARS && !open.some((element) => UNCUT.has(element.name))) {
        layout.cuts.push({ at, open: [...open] });
        pieceStart = at;
      }
    },
  });
  parser.end(html);
  return layout;
}

/** The inlined document, in pieces to write one after the other. */
export function* inlineCss(html: string): Generator<string> {
  const { doctype, css, cuts } = layoutOf(html);
  if (cuts.length === 0 || SIBLING_SENSITIVE.test(css)) {
    yield inline(html, INLINE_OPTIONS);
    return;
  }
  const options: Options = { ...INLINE_OPTIONS, inlineStyleTags: false, extraCss: css };
  const marker = `<!--calico-preflight-piece-${randomBytes(8).toString('hex')}-->`;
  const bounds: Cut[] = [{ at: 0, open: [] }, ...cuts, { at: html.length, open: [] }];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    const first = i === 0;
    const last = i + 2 === bounds.length;
    // The first piece starts the document and the last one ends it: only the cuts between get markers.
    const before = first ? '' : `${doctype}${from.open.map((element) => element.tag).join('')}${marker}`;
    const after = last ? '' : `${marker}${to.open.map((element) => `</${element.name}>`).reverse().join('')}`;
    const out = inline(`${before}${html.slice(from.at, to.at)}${after}`, options);
    yield out.slice(first ? 0 : out.indexOf(marker) + marker.length, last ? out.length : out.lastIndexOf(marker));
  }
}
