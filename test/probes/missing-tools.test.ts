/**
 * Hosts missing tools, made by giving the probe a PATH with only some of them: a bare host
 * (no ss, netstat, ip, systemctl, timeout, bash, sudo) and an Alpine-like host where every
 * tool is a busybox applet. The facts must come from the fallbacks or say what is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeRun } from './run-probe.js';
import { skipUnlessTools } from '../support/tools.js';

const BARE_TOOLS = ['/bin/dash:sh', '/bin/date', '/bin/uname', '/bin/grep', '/bin/gzip', '/bin/cat', '/usr/bin/tr', '/bin/nc.openbsd:nc'];

function pathOf(links: [string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'probe-path-'));
  for (const [target, name] of links) symlinkSync(target, join(dir, name));
  return dir;
}

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** A probe run with only `links` on PATH: a listener on the plan's port, another one off it. */
interface ToolHost {
  run: ProbeRun;
  port: number;
  otherPort: number;
  stop(): Promise<void>;
}

async function probeWithTools(shell: string[], links: [string, string][]): Promise<ToolHost> {
  const planned = await listen();
  const other = await listen();
  const dir = pathOf(links);
  const { port } = planned;
  const run = await runProbe(shell, {
    ownerPorts: [port],
    connectTargets: [
      { purpose: 'peer', target: 'up', address: '127.0.0.1', port },
      { purpose: 'peer', target: 'down', address: '127.0.0.1', port: 1 },
    ],
  }, { env: { PATH: dir } });
  return {
    run,
    port,
    otherPort: other.port,
    async stop() {
      rmSync(dir, { recursive: true, force: true });
      await new Promise((resolve) => planned.server.close(resolve));
      await new Promise((resolve) => other.server.close(resolve));
    },
  };
}

const bareSkip = skipUnlessTools(BARE_TOOLS.map((t) => t.split(':')[0]!), 'apt-get install dash netcat-openbsd');
describe.skipIf(bareSkip !== undefined)(`a bare host${bareSkip ? ` (skipped: ${bareSkip})` : ''}`, () => {
  let host: ToolHost;
  beforeAll(async () => {
    host = await probeWithTools(['/bin/dash', '-c'], BARE_TOOLS.map((t) => {
      const [target, name] = t.split(':');
      return [target!, name ?? target!.split('/').pop()!];
    }));
  });
  afterAll(() => host.stop());

  it('runs to the end without a timeout command', () => {
    expect(host.run.raw.end?.exitCode).toBe(0);
  });

  it('listeners from /proc/net/tcp hex when neither ss nor netstat exists, on the plan\'s ports only', () => {
    const { listeners } = host.run.facts;
    expect(listeners.ok && listeners.source).toBe(`/proc/net/{tcp,tcp6,udp,udp6} (no ss or netstat; ports ${host.port} only)`);
    expect(listeners.ok && listeners.value).toEqual([{ protocol: 'tcp', family: 4, address: '127.0.0.1', port: host.port }]);
    // filtered on the host: the raw output holds no line of the other listener
    const printed = Object.keys(host.run.raw).filter((id) => id.startsWith('listen:')).map((id) => host.run.raw[id]!.stdout).join('');
    expect(printed).toMatch(new RegExp(`:${host.port.toString(16).padStart(4, '0')} 0A$`, 'im'));
    expect(printed).not.toMatch(new RegExp(`:${host.otherPort.toString(16).padStart(4, '0')} `, 'i'));
  });

  it('connect tests through nc -z when bash or timeout is missing', () => {
    const { connectivity } = host.run.facts;
    const by = (t: string) => (connectivity.ok ? connectivity.value.find((c) => c.target === t) : undefined);
    expect(by('up')).toMatchObject({ outcome: 'connected' });
    expect(by('down')).toMatchObject({ outcome: 'refused' });
    expect(by('down')?.detail).toMatch(/^nc -v -z -w 2/);
  });

  it('says what is missing instead of guessing', () => {
    const { interfaces, firewall, services } = host.run.facts;
    expect(!interfaces.ok && interfaces.missing).toMatch(/ip command .* not installed/);
    // No iptables or nft tools (and no sed to trim the output): what the kernel shows, and what could not be read.
    expect(firewall.ok && firewall.value.nft).toMatchObject({ status: 'unread', detail: expect.stringMatching(/no iptables-nft-save .* to read them/) });
    expect(firewall.ok && firewall.value.nftables).toMatchObject({ status: 'unread', detail: expect.stringMatching(/no nft command/) });
    expect(services.ok && services.source).toMatch(/no systemctl/);
  });
});

const bbSkip = skipUnlessTools(['/bin/busybox'], 'apt-get install busybox');
describe.skipIf(bbSkip !== undefined)(`a busybox-only host${bbSkip ? ` (skipped: ${bbSkip})` : ''}`, () => {
  let host: ToolHost;
  beforeAll(async () => {
    const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    host = await probeWithTools(['/bin/busybox', 'sh', '-c'], applets.map((a): [string, string] => ['/bin/busybox', a]));
  });
  afterAll(() => host.stop());

  it('busybox ip, netstat (without -p, without a filter: lines of other ports dropped on the host) and timeout all parse', () => {
    const { interfaces, listeners } = host.run.facts;
    expect(interfaces.ok && interfaces.value.some((i) => i.name === 'lo')).toBe(true);
    expect(listeners.ok && listeners.value).toEqual([{ protocol: 'tcp', family: 4, address: '127.0.0.1', port: host.port }]);
    expect(listeners.ok && listeners.source).toMatch(new RegExp(`^netstat -ltnup? \\(lines of ports ${host.port} only\\)`));
    const printed = Object.keys(host.run.raw).filter((id) => /netstat/.test(id)).map((id) => host.run.raw[id]!.stdout).join('');
    expect(printed).toMatch(/^Proto\s+Recv-Q/m);
    expect(printed).not.toContain(`:${host.otherPort} `);
  });

  it('busybox nc has no -z: a plain connect still tells connected from refused', () => {
    const { connectivity } = host.run.facts;
    const by = (t: string) => (connectivity.ok ? connectivity.value.find((c) => c.target === t) : undefined);
    expect(by('up')).toMatchObject({ outcome: 'connected' });
    expect(by('down')).toMatchObject({ outcome: 'refused' });
  });

  it('busybox date has no %N: the clock is in whole seconds, still ok', () => {
    const { clock } = host.run.facts;
    expect(clock.ok).toBe(true);
    if (clock.ok) expect(clock.value.hostEpochMs).toBeGreaterThanOrEqual(clock.value.sentEpochMs - 1000);
    if (clock.ok) expect(clock.value.hostEpochMs).toBeLessThanOrEqual(clock.value.receivedEpochMs + 1000);
  });

  it('busybox lsmod without /proc/modules is no evidence of "nothing loaded"', () => {
    if (existsSync('/proc/modules')) return;
    expect(host.run.facts.kernel.loaded.ok).toBe(false);
  });
});
