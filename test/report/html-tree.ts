/** A parsed HTML report (parse5, the HTML5 algorithm browsers use) and ways to walk it. */
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

export type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['node'];

export function parseHtml(html: string): DefaultTreeAdapterMap['document'] {
  return parse(html);
}

export function elements(root: Node): Element[] {
  const found: Element[] = [];
  const walk = (node: Node): void => {
    if ('tagName' in node) found.push(node);
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
    if ('content' in node) walk(node.content);
  };
  walk(root);
  return found;
}

export function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

export function hasClass(element: Element, name: string): boolean {
  return (attr(element, 'class') ?? '').split(/\s+/).includes(name);
}

/** Text content with whitespace runs collapsed. */
export function text(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node): void => {
    if (n.nodeName === '#text' && 'value' in n) parts.push(n.value);
    if ('childNodes' in n) for (const child of n.childNodes) walk(child);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

export function byClass(root: Node, name: string): Element[] {
  return elements(root).filter((el) => hasClass(el, name));
}

export function byTag(root: Node, tag: string): Element[] {
  return elements(root).filter((el) => el.tagName === tag);
}

const BANNED_TAGS = new Set(['script', 'style', 'link', 'iframe', 'img', 'object', 'embed', 'base', 'form']);

/**
 * What would keep a report from being self-contained and safe in a mail client: scripts,
 * style blocks, fetched resources, event handlers, links other than in-page anchors and
 * the Calico docs, and class-styled elements whose styling was not inlined.
 */
export function mailSafetyProblems(root: Node): string[] {
  const problems: string[] = [];
  for (const el of elements(root)) {
    if (BANNED_TAGS.has(el.tagName)) problems.push(`<${el.tagName}> element`);
    if (el.tagName === 'meta' && attr(el, 'http-equiv')) problems.push('<meta http-equiv>');
    for (const { name, value } of el.attrs) {
      if (name.startsWith('on')) problems.push(`${el.tagName} has ${name}`);
      if (name === 'src' || name === 'srcset' || name === 'background') problems.push(`${el.tagName} has ${name}`);
      if (name === 'href' && !/^(#check-|https:\/\/projectcalico\.docs\.tigera\.io\/)/.test(value)) {
        problems.push(`${el.tagName} links to ${value}`);
      }
      if (name === 'style' && /url\(|expression|@import/i.test(value)) problems.push(`${el.tagName} style loads ${value}`);
    }
    if (attr(el, 'class') !== undefined && !/\S/.test(attr(el, 'style') ?? '')) {
      problems.push(`${el.tagName}.${attr(el, 'class')} has no inline style`);
    }
  }
  return problems;
}
