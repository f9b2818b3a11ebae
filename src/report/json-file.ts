/**
 * `--json PATH`: the result written one host at a time. A thousand hosts' raw probe output
 * never becomes one string in memory, and each host stays on one line, which keeps the file
 * greppable and diffable by host.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import type { AuditResult } from '../core/result.js';

/** Writes all of `text` to an open file (writeSync may write less than asked). */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

export function writeResultJson(path: string, result: AuditResult): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new UserError(`cannot write --json ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const { hosts, fleet, ...head } = result;
    // The head's closing "\n}" is replaced by the two arrays.
    writeAll(fd, `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "hosts": [\n`);
    hosts.forEach((host, index) => writeAll(fd, `    ${JSON.stringify(host)}${index < hosts.length - 1 ? ',' : ''}\n`));
    writeAll(fd, `  ],\n  "fleet": ${JSON.stringify(fleet, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  } finally {
    closeSync(fd);
  }
}
