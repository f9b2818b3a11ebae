/**
 * The generated parts of README.md and docs/: each README block sits between a start and an
 * end marker line, and `npm run docs` rewrites what is between them. test/static/readme.test.ts
 * fails while a generated file differs from what the code would write.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../src/checks/catalogue.js';
import { checkReferenceMarkdown, departuresMarkdown } from '../src/report/check-reference.js';
import { settingsTable } from './readme-settings.js';

export interface Block {
  name: string;
  source: string;
  render: () => string;
}

export const README_BLOCKS: Block[] = [
  { name: 'settings-table', source: 'src/core/settings.ts', render: settingsTable },
  { name: 'check-departures', source: 'the check catalogue', render: () => departuresMarkdown(CHECKS) },
];

export const startMarker = (block: Block) => `<!-- ${block.name}: written by \`npm run docs\` from ${block.source} -->`;
export const endMarker = (block: Block) => `<!-- /${block.name} -->`;

/** The text with the block's content between its markers replaced by the current one. */
export function withBlock(text: string, block: Block): string {
  const start = text.indexOf(startMarker(block));
  const end = text.indexOf(endMarker(block));
  if (start < 0 || end < start) throw new Error(`README.md needs the lines ${startMarker(block)} and ${endMarker(block)} around the ${block.name}`);
  return `${text.slice(0, start + startMarker(block).length)}\n\n${block.render()}\n\n${text.slice(end)}`;
}

export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));
export const CHECK_REFERENCE_PATH = fileURLToPath(new URL('../docs/checks.md', import.meta.url));

/** What README.md and docs/checks.md should hold. */
export function generatedDocs(readme = readFileSync(README_PATH, 'utf8')): { readme: string; checkReference: string } {
  return { readme: README_BLOCKS.reduce(withBlock, readme), checkReference: checkReferenceMarkdown(CHECKS) };
}
