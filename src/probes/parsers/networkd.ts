/**
 * systemd-networkd .network files (systemd.network(5)), as far as deciding which interfaces a
 * file takes over: its [Match] settings and [Link] Unmanaged=. Keys may repeat (their lists
 * join; an empty assignment resets the list), `#` and `;` start comments.
 */
import type { NetworkdFile } from '../../core/facts.js';

const TRUE = /^(1|yes|y|true|t|on)$/i;

export function parseNetworkFile(path: string, text: string): NetworkdFile {
  const match: Record<string, string[]> = {};
  let unmanaged = false;
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const assignment = /^([A-Za-z0-9]+)\s*=\s*(.*)$/.exec(line);
    if (!assignment) continue;
    const [, key, value] = assignment as unknown as [string, string, string];
    if (section === 'Match') {
      // "!" before the list inverts all of it: each word then carries its own "!".
      const invert = value.startsWith('!');
      const words = (invert ? value.slice(1) : value).split(/\s+/).filter(Boolean).map((word) => (invert ? `!${word}` : word));
      match[key] = value === '' ? [] : [...(match[key] ?? []), ...words];
    }
    if (section === 'Link' && key === 'Unmanaged') unmanaged = TRUE.test(value);
  }
  return { path, match, unmanaged };
}
