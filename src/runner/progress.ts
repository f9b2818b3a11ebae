/**
 * The progress line on stderr: done/total, how many hosts could not be reached, and the host
 * that has been running longest. One line redrawn in place at most 10 times a second, and only
 * on a TTY, so logs and pipes never see it.
 *
 * A dozen lines of ANSI (`\r`, erase-to-end-of-line) do the job; log-update or cli-progress
 * would add cursor, wrap and colour dependencies for a single line we already truncate to the
 * terminal width.
 */
import type { HostResult, HostStatus } from '../core/result.js';

export interface Progress {
  started(host: string): void;
  finished(result: HostResult): void;
  /** Erases the line; the caller prints its summary on a clean line. */
  stop(): void;
}

const REDRAW_MS = 100;
/** A host becomes worth naming once it has run this long. */
const SLOW_MS = 1_000;
const REACHED: ReadonlySet<HostStatus> = new Set(['ok', 'become-failed']);
const SILENT: Progress = { started: () => undefined, finished: () => undefined, stop: () => undefined };

/** The line's text, apart from the terminal handling: tested on its own. */
export function progressText(done: number, total: number, unreachable: number, slowest?: { host: string; elapsedMs: number }): string {
  const parts = [`${done}/${total} hosts done`];
  if (unreachable > 0) parts.push(`${unreachable} unreachable`);
  if (slowest) parts.push(`slowest: ${slowest.host} ${Math.floor(slowest.elapsedMs / 1000)}s`);
  return parts.join(' · ');
}

export function createProgress(total: number, stream?: NodeJS.WriteStream): Progress {
  if (!stream?.isTTY) return SILENT;
  // Insertion order is start order, so the first entry is always the longest-running host.
  const running = new Map<string, number>();
  let done = 0;
  let unreachable = 0;
  let shown = '';

  const draw = (): void => {
    const first = running.entries().next();
    const elapsedMs = first.done ? 0 : performance.now() - first.value[1];
    const slowest = first.done || elapsedMs < SLOW_MS ? undefined : { host: first.value[0], elapsedMs };
    const width = Math.max(20, (stream.columns || 80) - 1);
    const text = progressText(done, total, unreachable, slowest).slice(0, width);
    if (text === shown) return;
    shown = text;
    stream.write(`\r${text}\x1b[K`);
  };
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();

  return {
    started(host) {
      running.set(host, performance.now());
    },
    finished(result) {
      running.delete(result.name);
      done += 1;
      if (!REACHED.has(result.status)) unreachable += 1;
    },
    stop() {
      clearInterval(timer);
      if (shown !== '') stream.write('\r\x1b[K');
      shown = '';
    },
  };
}
