import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import type { HostResult, HostStatus } from '../../src/core/result.js';
import { createProgress, progressText } from '../../src/runner/progress.js';

function result(name: string, status: HostStatus): HostResult {
  return { name, address: name, port: 22, status, transport: 'ssh', timings: { totalMs: 1 }, settings: DEFAULT_SETTINGS, findings: [] };
}

/** A stream that says it is a terminal, recording what is written to it. */
function terminal(isTTY: boolean, columns = 80): { stream: NodeJS.WriteStream; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns }) as unknown as NodeJS.WriteStream;
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, written: () => chunks.join('') };
}

describe('progress line', () => {
  it('says done/total, unreachable and the slowest running host', () => {
    expect(progressText(0, 3, 0)).toBe('0/3 hosts done');
    expect(progressText(2, 3, 1, { host: 'web7', elapsedMs: 12_400 })).toBe('2/3 hosts done · 1 unreachable · slowest: web7 12s');
  });

  it('redraws one line in place on a TTY, naming the longest-running host once it is slow, and erases it at the end', async () => {
    const { stream, written } = terminal(true);
    const progress = createProgress(3, stream);
    progress.started('first');
    progress.started('second');
    progress.started('third');
    progress.finished(result('first', 'refused'));
    await sleep(250);
    progress.finished(result('second', 'ok'));
    await sleep(1_000);
    progress.stop();
    const text = written();
    expect(text).toContain('\r1/3 hosts done · 1 unreachable\x1b[K');
    expect(text).toContain('\r2/3 hosts done · 1 unreachable\x1b[K');
    expect(text).toContain('\r2/3 hosts done · 1 unreachable · slowest: third 1s\x1b[K');
    expect(text.endsWith('\r\x1b[K')).toBe(true);
    expect(text).not.toContain('\n');
    // Unchanged text is not redrawn: three states, three draws, one erase.
    expect(text.split('\r')).toHaveLength(5);
  });

  it('fits the terminal width so the line never wraps', async () => {
    const { stream, written } = terminal(true, 24);
    const progress = createProgress(1000, stream);
    progress.started('a-very-long-host-name.example.com');
    await sleep(1_150);
    progress.stop();
    const drawn = written().split('\r').at(-2) ?? '';
    expect(drawn.replace('\x1b[K', '')).toHaveLength(23);
  });

  it('writes nothing when the stream is not a terminal', async () => {
    const { stream, written } = terminal(false);
    const progress = createProgress(1, stream);
    progress.started('a');
    await sleep(150);
    progress.finished(result('a', 'ok'));
    progress.stop();
    expect(written()).toBe('');
  });
});
