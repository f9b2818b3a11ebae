/**
 * `--json PATH`: the result written one host at a time. A thousand hosts' raw probe output
 * never becomes one string in memory, and each host stays on one line, which keeps the file
 * greppable and diffable by host.
 */
import type { AuditResult } from '../core/result.js';
import { writeFilePieces } from './write-file.js';

export function writeResultJson(path: string, result: AuditResult): void {
  writeFilePieces(path, resultJsonPieces(result), `cannot write --json ${path}`);
}

function* resultJsonPieces(result: AuditResult): Generator<string> {
  const { hosts, fleet, ...head } = result;
  // The head's closing "\n}" is replaced by the two arrays.
  yield `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "hosts": [\n`;
  for (const [index, host] of hosts.entries()) yield `    ${JSON.stringify(host)}${index < hosts.length - 1 ? ',' : ''}\n`;
  yield `  ],\n  "fleet": ${JSON.stringify(fleet, null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}
