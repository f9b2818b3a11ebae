/** `lsmod`: a "Module Size Used by" header, then one module per line. */
import { parseProcModules } from './proc-modules.js';

export function parseLsmod(text: string): string[] | null {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^Module\s+Size\s+Used by/.test(l));
  if (header < 0) return null;
  return parseProcModules(lines.slice(header + 1).join('\n'));
}
