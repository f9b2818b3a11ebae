/**
 * Writing an output file piece by piece, so a large report never becomes one string, and
 * every failure (the open, a full disk mid-write, the mode) is one sentence naming the file.
 */
import { chmodSync, closeSync, openSync, writeSync } from 'node:fs';
import { UserError } from '../core/errors.js';

/** Writes all of `text` to an open file (writeSync may write less than asked). */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

/**
 * Writes the pieces to `path` with `mode` (also when the file existed). `failure` starts the
 * error's sentence, e.g. "cannot write the HTML report to out.html"; the system's code ends it.
 */
export function writeFilePieces(path: string, pieces: Iterable<string>, failure: string, mode = 0o644): void {
  try {
    const fd = openSync(path, 'w', mode);
    try {
      for (const piece of pieces) writeAll(fd, piece);
    } finally {
      closeSync(fd);
    }
    chmodSync(path, mode);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UserError(`${failure}: ${code ?? message}`);
  }
}
