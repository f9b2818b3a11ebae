/** `npm run docs`: rewrites the generated parts of README.md and docs/checks.md (see readme-blocks.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { CHECK_REFERENCE_PATH, README_PATH, generatedDocs } from './readme-blocks.js';

const docs = generatedDocs();
for (const [path, text] of [[README_PATH, docs.readme], [CHECK_REFERENCE_PATH, docs.checkReference]] as const) {
  let before = '';
  try {
    before = readFileSync(path, 'utf8');
  } catch {
    // a file not written yet
  }
  if (before !== text) writeFileSync(path, text);
  console.log(`${path}: ${before === text ? 'up to date' : 'rewritten'}`);
}
