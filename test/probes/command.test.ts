/**
 * The command a host runs: one line that every common login shell passes to `sh` intact,
 * with the nonce nowhere on any command line, bounded by `timeout` on the host.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProbeCommand } from '../../src/probes/index.js';
import { newNonce, runProbe } from './run-probe.js';
import { skipUnlessTools } from '../support/tools.js';
import { catalogueProbeRequest } from '../../src/runner/index.js';

const plan = (over = {}) => ({ nonce: newNonce(), become: 'sudo' as const, remoteTimeoutSec: 30, request: catalogueProbeRequest(), connectTargets: [], ...over });

describe('buildProbeCommand', () => {
  it('is one line of plain single-quoted words: nothing a csh, fish or POSIX login shell rewrites', () => {
    const command = buildProbeCommand(plan({ connectTargets: [{ purpose: 'peer', target: "it's $HOME `x` \\ ! é", address: '198.18.0.1', port: 179 }] }));
    expect(command).not.toMatch(/[\n!]|\\\\/);
    // nothing outside single quotes but the fixed words
    expect(command.replace(/'[^']*'/g, "''")).toMatch(/^exec sh -c '' sh ''( '')+$/);
    const words = [...command.matchAll(/'([^']*)'/g)].map((m) => m[1]!).slice(2);
    expect(words.slice(0, 5)).toEqual(['mode=main', expect.stringMatching(/^nonce_a=[A-Za-z0-9]+$/), expect.stringMatching(/^nonce_b=[A-Za-z0-9]+$/), 'become=sudo', 'ports=179,4789,5473,51820']);
    expect(words.at(-1)).toMatch(/^target=peer,198\.18\.0\.1,179,[A-Za-z0-9._:+-]+$/);
  });

  it('never carries the nonce itself, only its two halves as separate words', () => {
    const p = plan();
    expect(buildProbeCommand(p)).not.toContain(p.nonce);
  });

  it('refuses a nonce that could break the framing', () => {
    expect(() => buildProbeCommand(plan({ nonce: 'short' }))).toThrow(/nonce/);
    expect(() => buildProbeCommand(plan({ nonce: 'abc def ghi jkl' }))).toThrow(/nonce/);
  });
});

const shells: [string, string][] = [
  ['zsh', '/usr/bin/zsh'],
  ['fish', '/usr/bin/fish'],
  ['tcsh', '/usr/bin/tcsh'],
  ['busybox ash', '/bin/busybox'],
];
for (const [name, path] of shells) {
  const skip = skipUnlessTools([path], 'apt-get install zsh fish tcsh busybox');
  it.skipIf(skip !== undefined)(`runs the same under a ${name} login shell${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const argv = name === 'busybox ash' ? [path, 'ash', '-c'] : [path, '-c'];
    const run = await runProbe(argv, { connectTargets: [{ purpose: 'peer', target: "it's $HOME", address: '127.0.0.1', port: 1 }] });
    expect(run.stderr).toBe('');
    expect(run.raw.end?.exitCode).toBe(0);
    expect(run.facts.os.ok && run.facts.uname.ok && run.facts.interfaces.ok).toBe(true);
    expect(run.facts.connectivity.ok && run.facts.connectivity.value[0]).toMatchObject({ target: "it's $HOME", outcome: 'refused' });
  });
}

describe.skipIf(skipUnlessTools(['/usr/bin/timeout', '/bin/dash'], 'apt-get install coreutils dash') !== undefined)('remote deadline', () => {
  it('timeout on the host ends a hung probe; what came before is kept, the rest says it did not finish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probe-hang-'));
    try {
      // awk reads the batch of files (batch.sh), after the clock
      writeFileSync(join(dir, 'awk'), '#!/bin/sh\nexec sleep 30\n');
      chmodSync(join(dir, 'awk'), 0o755);
      const run = await runProbe(['/bin/dash', '-c'], { remoteTimeoutSec: 2 }, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
      expect(run.ms).toBeLessThan(10_000);
      expect(run.code).toBe(124);
      expect(run.raw.end).toBeUndefined();
      expect(run.facts.clock.ok).toBe(true);
      expect(!run.facts.os.ok && run.facts.os.missing).toMatch(/did not finish/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skipUnlessTools(['/bin/dash'], 'apt-get install dash') !== undefined)('process owners', () => {
  it('are not looked up (no costly ss -p) while no port of interest is taken', async () => {
    // port 1 is privileged and unused here
    const run = await runProbe(['/bin/dash', '-c'], { ownerPorts: [1] });
    expect(run.facts.listeners.ok && run.facts.listeners.source).toMatch(/owners looked up only when/);
    expect(run.raw['root:ss-p']).toBeUndefined();
  });
});
