/** Reads a --waivers file; its content is judged by the checks' pure parser. */
import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { parseWaivers, type WaiverEntry } from '../checks/index.js';

export function loadWaivers(path: string): WaiverEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read waiver file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseWaivers(text, path);
}
