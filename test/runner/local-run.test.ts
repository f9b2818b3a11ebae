/** runAudit on `ansible_connection=local`: the same probe script, run on this machine. */
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/runner/index.js';
import { createConnector } from '../../src/transport/index.js';
import { targetOf } from './fleet-targets.js';

describe('runAudit with the local transport', () => {
  it('audits this machine through /bin/sh: ok, raw sections and parsed facts', async () => {
    const results = await runAudit([targetOf('localhost', { ansible_connection: 'local' })], {
      connector: createConnector({ agentSocket: null }),
      timeoutSec: 60,
    });
    expect(results).toHaveLength(1);
    const [host] = results;
    expect(host).toMatchObject({ name: 'localhost', status: 'ok', transport: 'local', address: 'localhost' });
    expect(host!.raw?.['end']).toBeDefined();
    expect(host!.facts?.uname).toMatchObject({ ok: true, value: { kernelName: 'Linux' } });
    expect(host!.timings.execMs).toBeGreaterThan(0);
  });

  it('caps the output at maxOutputBytes and marks the sections it cut as truncated', async () => {
    const [host] = await runAudit([targetOf('localhost', { ansible_connection: 'local' })], {
      connector: createConnector({ agentSocket: null }),
      timeoutSec: 60,
      maxOutputBytes: 600,
    });
    // A capped host is still audited: what the cap cut away is visible per section.
    expect(host!.status).toBe('ok');
    const sections = Object.values(host!.raw ?? {});
    const total = sections.reduce((sum, section) => sum + Buffer.byteLength(section.stdout), 0);
    expect(total).toBeLessThanOrEqual(600);
    expect(sections.some((section) => section.truncated && section.exitCode === null)).toBe(true);
    expect(host!.raw?.['end']).toBeUndefined();
  });

  it('stops the run and rejects with the error when the result sink fails (e.g. a full disk)', async () => {
    const seen: string[] = [];
    let commands = 0;
    const local = (name: string) => targetOf(name, { ansible_connection: 'local' });
    await expect(
      runAudit([local('one'), local('two'), local('three')], {
        connector: createConnector({ agentSocket: null }),
        forks: 1,
        buildCommand: () => {
          commands += 1;
          return 'true';
        },
        onHostResult: (result) => {
          seen.push(`${result.name}:${result.message ?? result.status}`);
          if (result.name === 'one') throw new Error('ENOSPC: no space left on device');
        },
      }),
    ).rejects.toThrow('ENOSPC');
    // The sink is not called again after it failed, and nothing else was started.
    expect(seen).toEqual([expect.stringMatching(/^one:/)]);
    expect(commands).toBe(1);
  });

  it('refuses a become user other than root before connecting anywhere', async () => {
    await expect(
      runAudit([targetOf('db1', { ansible_connection: 'local', ansible_become: true, ansible_become_user: 'postgres' })], {
        connector: createConnector({ agentSocket: null }),
      }),
    ).rejects.toThrow('Host db1: ansible_become_user=postgres is not supported');
  });
});
