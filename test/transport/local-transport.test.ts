import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnector, resolveConnection } from '../../src/transport/index.js';
import { HostError } from '../../src/transport/types.js';
import { tempDir } from './helpers.js';

/** Running (a killed orphan may linger as a zombie until init reaps it). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('local transport', () => {
  const temp = tempDir('local');
  afterAll(() => temp.remove());
  const open = () => createConnector({ agentSocket: null }).open(resolveConnection('localhost', {}));

  it('runs through /bin/sh with raw output, exit code and stdin', async () => {
    const transport = await open();
    expect(transport.kind).toBe('local');
    const before = Date.now();
    const result = await transport.exec(`printf '\\303'; printf '\\251 '; cat; echo warn >&2; exit 4`, {
      timeoutMs: 5000,
      stdin: Buffer.from('in'),
    });
    const { sentEpochMs, stdoutArrivals, ...rest } = result;
    expect(rest).toEqual({ stdout: Buffer.from('é in'), stderr: Buffer.from('warn\n'), code: 4, truncated: false });
    // when it was sent, and when each piece of stdout arrived: bytes so far, in order, ending at the whole
    expect(sentEpochMs).toBeGreaterThanOrEqual(before);
    expect(stdoutArrivals.at(-1)?.bytes).toBe(result.stdout.length);
    for (const [index, arrival] of stdoutArrivals.entries()) {
      expect(arrival.epochMs).toBeGreaterThanOrEqual(index === 0 ? sentEpochMs : stdoutArrivals[index - 1]!.epochMs);
      if (index > 0) expect(arrival.bytes).toBeGreaterThan(stdoutArrivals[index - 1]!.bytes);
    }
  });

  it('caps output and reports truncation', async () => {
    const result = await (await open()).exec('head -c 5000 /dev/zero', { timeoutMs: 5000, maxOutputBytes: 100 });
    expect(result.stdout.length).toBe(100);
    expect(result.truncated).toBe(true);
  });

  it('kills the whole command at its deadline', async () => {
    const pidFile = path.join(temp.dir, 'pid');
    const started = Date.now();
    const attempt = (await open()).exec(`sleep 30 & echo $! > ${pidFile}; wait`, { timeoutMs: 400 });
    await expect(attempt).rejects.toMatchObject({ status: 'timeout', phase: 'command' });
    await expect(attempt).rejects.toBeInstanceOf(HostError);
    expect(Date.now() - started).toBeLessThan(2000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });

  it('ends what it started when closed, as an interrupted run closes its transports', async () => {
    const pidFile = path.join(temp.dir, 'pid-close');
    const transport = await open();
    const attempt = transport.exec(`sleep 30 & echo $! > ${pidFile}; wait`, { timeoutMs: 60_000 });
    while (!readFileSync(pidFile, { flag: 'a+' }).length) await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    transport.close();
    const result = await attempt;
    expect(result.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });
});
