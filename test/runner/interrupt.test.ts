/** Ctrl-C on a real run: a separate process audits fleet hosts and gets SIGINT mid-run. */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult } from '../../src/core/result.js';
import { fleetSkipReason, startFleet, type Fleet } from '../fleet/index.js';
import { fleetTarget } from './fleet-targets.js';
import { killMatching } from './processes.js';

const skipReason = fleetSkipReason();
if (skipReason) console.warn(`skipping the interrupt test: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('SIGINT during a run', () => {
  let fleet: Fleet;
  let dir: string;
  const marker = `${randomInt(100_000, 999_999)}.375`;

  beforeAll(async () => {
    fleet = await startFleet({ count: 5, logLevel: 'ERROR' });
    dir = mkdtempSync(join(tmpdir(), 'cpf-interrupt-'));
  });
  afterAll(async () => {
    // The hung commands outlive their connections (see fleet-behaviour.test.ts): end them by pid.
    killMatching(`sleep ${marker}`);
    await fleet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stops starting hosts, marks the unfinished ones interrupted, keeps the finished ones in the jsonl and exits promptly', async () => {
    const jsonl = join(dir, 'run.jsonl');
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--import', tsx, fileURLToPath(new URL('./interrupt-child.ts', import.meta.url))], {
      env: {
        ...process.env,
        TARGETS: JSON.stringify(fleet.hosts.map((host) => fleetTarget(host))),
        JSONL: jsonl,
        KNOWN_HOSTS: fleet.knownHosts,
        MARKER: marker,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // Interrupt once the two quick hosts are on disk and the hanging ones have started.
    const deadline = Date.now() + 30_000;
    while (!(readFileSync(jsonl, { encoding: 'utf8', flag: 'a+' }).split('\n').length > 2) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const interruptedAt = performance.now();
    child.kill('SIGINT');
    const code = await exited;
    expect(performance.now() - interruptedAt).toBeLessThan(3_000);
    expect(stderr).toBe('');
    expect(code).toBe(0);

    const summary = JSON.parse(stdout) as { signal: string; statuses: string[] };
    expect(summary.signal).toBe('SIGINT');
    // Two quick hosts (no probe sections: an error), then the rest interrupted.
    expect(summary.statuses.filter((status) => status === 'interrupted')).toHaveLength(3);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as HostResult);
    expect(lines.map((line) => line.name).sort()).toEqual(fleet.hosts.map((host) => host.name).sort());
  }, 60_000);
});
