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
