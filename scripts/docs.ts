/** `npm run docs`: rewrites the generated parts of README.md (the settings table). */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withSettingsTable } from './readme-settings.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(README, 'utf8');
const after = withSettingsTable(before);
if (after !== before) writeFileSync(README, after);
console.log(after === before ? 'README.md is up to date' : 'README.md: settings table rewritten');
