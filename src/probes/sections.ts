/**
 * Splits the probe script's stdout into sections. Only lines that start with this run's
 * nonce frame a section ("NONCE begin ID", "NONCE end RC ID"); the nonce is random per run
 * and never appears in any command line on the host, so host output cannot forge or close
 * a section. Text outside every section (a login banner, a shell error) belongs to no probe
 * and is dropped. Sections nest (the become section holds the root probes' sections); text
 * belongs to the innermost open section.
 */
import type { RawProbeOutput } from '../core/facts.js';

/** Output kept per section; the rest is dropped and the section marked truncated. */
export const MAX_SECTION_CHARS = 4 * 1024 * 1024;

interface Open {
  id: string;
  lines: string[];
  chars: number;
  truncated: boolean;
}

export function splitProbeOutput(
  stdout: string,
  nonce: string,
  options: { truncated?: boolean } = {},
): Record<string, RawProbeOutput> {
  const sections: Record<string, RawProbeOutput> = {};
  const stack: Open[] = [];
  const prefix = `${nonce} `;

  const close = (open: Open, exitCode: number | null): void => {
    if (open.id in sections) return; // the first section of a name wins
    sections[open.id] = { stdout: open.lines.join('\n'), exitCode, truncated: open.truncated };
  };
  const add = (line: string): void => {
    const open = stack[stack.length - 1];
    if (!open) return;
    if (open.chars + line.length + 1 > MAX_SECTION_CHARS) {
      open.truncated = true;
      return;
    }
    open.lines.push(line);
    open.chars += line.length + 1;
  };

  for (const line of stdout.split('\n')) {
    const marker = line.startsWith(prefix) ? parseMarker(line.slice(prefix.length)) : null;
    if (marker?.kind === 'begin') {
      stack.push({ id: marker.id, lines: [], chars: 0, truncated: false });
      continue;
    }
    if (marker?.kind === 'end') {
      const depth = findOpen(stack, marker.id);
      if (depth >= 0) {
        while (stack.length > depth + 1) close(stack.pop()!, null);
        close(stack.pop()!, marker.exitCode);
        continue;
      }
    }
    add(line);
  }
  while (stack.length > 0) {
    const open = stack.pop()!;
    open.truncated ||= options.truncated === true;
    close(open, null);
  }
  return sections;
}

type Marker = { kind: 'begin'; id: string } | { kind: 'end'; id: string; exitCode: number };

function parseMarker(rest: string): Marker | null {
  if (rest.startsWith('begin ')) return { kind: 'begin', id: rest.slice('begin '.length) };
  const end = /^end (\d+) (.+)$/.exec(rest);
  if (end) return { kind: 'end', id: end[2]!, exitCode: Number(end[1]) };
  return null;
}

function findOpen(stack: Open[], id: string): number {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.id === id) return i;
  return -1;
}
