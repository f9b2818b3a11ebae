/**
 * `--jsonl PATH`: one JSON line per host, written the moment the host finishes, so a run that
 * is interrupted (or crashes) still leaves every finished host on disk. Synchronous writes on
 * purpose: a line is either fully in the file before the next host is handled, or not at all.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import type { HostResult } from '../core/result.js';

export interface JsonlWriter {
  write(result: HostResult): void;
  close(): void;
}

/** "ENOENT: no such file or directory, open 'x'" → "no such file or directory". */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as NodeJS.ErrnoException;
  const text = code && error.message.startsWith(`${code}: `) ? error.message.slice(code.length + 2) : error.message;
  return text.split(', ')[0] ?? text;
}

/** Creates (or truncates) PATH. Throws UserError when it cannot be written. */
export function openJsonlWriter(path: string): JsonlWriter {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new UserError(`Cannot write --jsonl ${path}: ${reason(error)}.`);
  }
  return {
    write(result) {
      if (fd === undefined) throw new Error(`--jsonl ${path} is already closed`);
      try {
        const line = Buffer.from(`${JSON.stringify(result)}\n`, 'utf8');
        for (let offset = 0; offset < line.length; ) offset += writeSync(fd, line, offset);
      } catch (error) {
        throw new UserError(`Cannot write --jsonl ${path}: ${reason(error)}.`);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
