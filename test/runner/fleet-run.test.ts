/**
 * runAudit against a real sshd fleet: 50 good hosts and one of every failure kind in one run,
 * each ending with the right status and none holding up the others.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult } from '../../src/core/result.js';
import { runAudit } from '../../src/runner/index.js';
import { fleetSkipReason, startFleet, type Fleet } from '../fleet/index.js';
import { fleetConnector, fleetTarget, targetOf } from './fleet-targets.js';

const skipReason = fleetSkipReason();
if (skipReason) console.warn(`skipping runner fleet tests: ${skipReason}`);

const PLAIN_HOSTS = 50;
const HANDSHAKE_MS = 15_000;
const BEHIND_BASTION = ['inner1', 'inner2', 'inner3'];

describe.skipIf(skipReason !== undefined)('runAudit on a real sshd fleet', () => {
  let fleet: Fleet;
  let results: Map<string, HostResult>;
  let streamed: string[];
  let wallMs: number;

  beforeAll(async () => {
    fleet = await startFleet({
      count: PLAIN_HOSTS,
      // VERBOSE: one "Accepted publickey" line per login, to count the bastion's.
      logLevel: 'VERBOSE',
      hosts: [
        { role: 'bastion' },
        ...BEHIND_BASTION.map((name) => ({ name, via: 'bastion' })),
        { role: 'unknown-key' },
        { role: 'changed-key' },
        { role: 'closed-port' },
        { role: 'silent' },
        { role: 'wrong-credentials' },
        { role: 'sudo-nopasswd' },
        { role: 'sudo-password' },
      ],
    });
    const sudoPassword = fleet.host('sudo-password');
    const { ansible_become_password: _password, ...withoutPassword } = sudoPassword.vars;
    const targets = [
      ...fleet.hosts.map((host) => fleetTarget(host, host.role.startsWith('sudo') ? { ansible_become: 'yes' } : {})),
      // The same sudo host, asked to become root without its password.
      targetOf('sudo-password-missing', { ...withoutPassword, ansible_become: 'true' }),
      targetOf('no-such-host', { ...fleet.hosts[0]!.vars, ansible_host: `calico-preflight-${randomBytes(4).toString('hex')}.invalid` }),
    ];
    streamed = [];
    const started = performance.now();
    const list = await runAudit(targets, {
      // Generous: 50 logins at once share two cores with the fleet and other test suites.
      connector: fleetConnector(fleet, { handshakeTimeoutMs: HANDSHAKE_MS }),
      forks: 50,
      timeoutSec: 30,
      onHostResult: (result) => streamed.push(result.name),
    });
    wallMs = performance.now() - started;
    results = new Map(list.map((result) => [result.name, result]));
  }, 180_000);
  afterAll(async () => fleet?.stop());

  function result(name: string): HostResult {
    const found = results.get(name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  }

  it(`brings all ${PLAIN_HOSTS} plain hosts back ok, with raw probe output and parsed facts`, () => {
    const plain = fleet.byRole('plain').filter((host) => !host.via).map((host) => result(host.name));
    expect(plain).toHaveLength(PLAIN_HOSTS);
    for (const host of plain) {
      expect({ name: host.name, status: host.status, message: host.message }).toEqual({ name: host.name, status: 'ok', message: undefined });
      expect(host.transport).toBe('ssh');
      expect(host.user).toBe('root');
      expect(Object.keys(host.raw ?? {}).length).toBeGreaterThan(5);
      expect(host.facts?.uname).toMatchObject({ ok: true, value: { kernelName: 'Linux' } });
      expect(host.facts?.privileges).toMatchObject({ ok: true, value: { uid: 0 } });
      expect(host.findings).toEqual([]);
      expect(host.timings.totalMs).toBeGreaterThan(0);
      expect(host.timings.execMs).toBeGreaterThan(0);
    }
  });

  it('reports every result once through onHostResult, and returns them in target order', () => {
    expect([...streamed].sort()).toEqual([...results.keys()].sort());
    expect([...results.keys()].slice(0, 3)).toEqual(['host001', 'host002', 'host003']);
  });

  it('reaches the hosts behind the bastion through one shared login to it', () => {
    for (const name of BEHIND_BASTION) {
      const host = result(name);
      expect({ name, status: host.status, message: host.message }).toEqual({ name, status: 'ok', message: undefined });
      expect(host.via).toMatch(/@/);
      expect(host.facts?.uname.ok).toBe(true);
    }
    const bastionLog = readFileSync(fleet.host('bastion').logFile, 'utf8');
    // Its own audit, and one jump connection shared by the three hosts behind it.
    expect(bastionLog.match(/Accepted publickey/g)).toHaveLength(2);
    expect(result('bastion').status).toBe('ok');
  });

  it('gives each unreachable host its own status, phase and one-line message', () => {
    const expected: Record<string, [HostResult['status'], HostResult['phase'], RegExp]> = {
      'unknown-key': ['host-key-unknown', 'handshake', /SHA256:[A-Za-z0-9+/]{43}/],
      'changed-key': ['host-key-changed', 'handshake', /SHA256:/],
      'closed-port': ['refused', 'connect', /refused/i],
      silent: ['timeout', 'handshake', /\S/],
      'wrong-credentials': ['auth-failed', 'auth', /\S/],
      'no-such-host': ['dns', 'dns', /\.invalid/],
    };
    for (const [name, [status, phase, message]] of Object.entries(expected)) {
      const host = result(name);
      expect({ name, status: host.status, phase: host.phase }).toEqual({ name, status, phase });
      expect(host.message).toMatch(message);
      expect(host.message).not.toContain('\n');
      expect(host.raw).toBeUndefined();
    }
  });

  it('becomes root with sudo, with and without a password, and says so when it cannot', () => {
    for (const name of ['sudo-nopasswd', 'sudo-password']) {
      const host = result(name);
      expect({ name, status: host.status, message: host.message }).toEqual({ name, status: 'ok', message: undefined });
      expect(host.user).not.toBe('root');
      expect(host.facts?.privileges).toMatchObject({ ok: true, value: { becameRoot: true, uid: 0 } });
    }
    const refused = result('sudo-password-missing');
    expect(refused).toMatchObject({ status: 'become-failed', phase: 'become' });
    expect(refused.message).toMatch(/^could not become root: sudo needs a password/);
    // What could be read without root is still there.
    expect(refused.facts?.uname.ok).toBe(true);
  });

  it('never lets a failing host hold up the run beyond its own deadline', () => {
    // The silent host's handshake deadline is the longest wait in this run.
    expect(result('silent').timings.totalMs).toBeLessThan(HANDSHAKE_MS + 2_000);
    expect(result('silent').message).toMatch(/handshake .* did not finish within 15s/);
    expect(wallMs).toBeLessThan(60_000);
  });
});
