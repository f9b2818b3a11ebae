/**
 * The real probe script on this machine, under bash, dash and busybox sh, checked against
 * independent reads of the same machine. This machine is itself an odd host: a kernel
 * without module support (no /proc/modules) and systemd not running as PID 1.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { arch, hostname, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeRun } from './run-probe.js';
import { skipUnlessTools } from '../support/tools.js';
import { catalogueProbeRequest } from '../../src/runner/index.js';

const SHELLS: [string, string[], string[]][] = [
  ['bash', ['/bin/bash', '-c'], ['/bin/bash']],
  ['dash', ['/bin/dash', '-c'], ['/bin/dash']],
  ['busybox sh', ['/bin/busybox', 'sh', '-c'], ['/bin/busybox']],
];

const NODE_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ppc64: 'ppc64le', s390x: 's390x' };

function statusField(path: string, key: string): string {
  return new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(readFileSync(path, 'utf8'))![1]!.trim();
}

for (const [name, argv, tools] of SHELLS) {
  const skip = skipUnlessTools(tools, 'apt-get install bash dash busybox');
  describe.skipIf(skip !== undefined)(`the probe under ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let run: ProbeRun;
    let server: Server;
    let other: Server;
    let openPort = 0;
    let closedPort = 0;

    beforeAll(async () => {
      server = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      openPort = (server.address() as { port: number }).port;
      other = createServer();
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      closedPort = (probe.address() as { port: number }).port;
      await new Promise((resolve) => probe.close(resolve));
      run = await runProbe(argv, {
        // ip_forward (one character) and somaxconn (several digits, which dash's read would cut)
        request: { ...catalogueProbeRequest(), sysctls: ['net/ipv4/conf/all/rp_filter', 'net/ipv4/ip_forward', 'net/core/somaxconn'] },
        ownerPorts: [openPort],
        connectTargets: [
          { purpose: 'peer', target: 'open-peer', address: '127.0.0.1', port: openPort },
          { purpose: 'datastore', target: `https://127.0.0.1:${closedPort}`, address: '127.0.0.1', port: closedPort },
          { purpose: 'peer', target: 'evil; rm -rf /', address: '$(touch /tmp/x)', port: 179 },
        ],
      });
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await new Promise((resolve) => other?.close(resolve));
    });

    it('finishes cleanly, with every section closed', () => {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.raw.end?.exitCode).toBe(0);
      expect(Object.values(run.raw).every((s) => s.exitCode !== null)).toBe(true);
    });

    it('kernel release, machine and hostname match what node sees', () => {
      const { uname, hostname: host, procVersion } = run.facts;
      expect(uname.ok && uname.value.kernelRelease).toBe(release());
      expect(uname.ok && uname.value.machine).toBe(NODE_ARCH[arch()] ?? arch());
      expect(host.ok && host.value).toBe(hostname());
      expect(procVersion.ok && procVersion.value.text).toBe(readFileSync('/proc/version', 'utf8').trim());
    });

    it('os-release fields match /etc/os-release', () => {
      const text = readFileSync('/etc/os-release', 'utf8');
      const field = (k: string) => new RegExp(`^${k}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1] ?? '';
      const { os } = run.facts;
      expect(os.ok).toBe(true);
      if (!os.ok) return;
      expect(os.source).toBe('/etc/os-release');
      expect(os.value.id).toBe(field('ID'));
      expect(os.value.versionId).toBe(field('VERSION_ID'));
      expect(os.value.prettyName).toBe(field('PRETTY_NAME'));
    });

    it('kernel modules: honest about a kernel without module support', () => {
      const { kernel } = run.facts;
      if (existsSync('/proc/modules')) {
        expect(kernel.loaded.ok).toBe(true);
        expect(kernel.moduleSupport).toMatchObject({ ok: true, value: true });
        return;
      }
      expect(kernel.loaded.ok).toBe(false);
      expect(!kernel.loaded.ok && kernel.loaded.missing).toMatch(/\/proc\/modules is absent/);
      expect(kernel.moduleSupport).toMatchObject({ ok: true, value: false });
    });

    it('kernel config from /proc/config.gz matches the file itself', () => {
      if (!existsSync('/proc/config.gz') || existsSync(`/boot/config-${release()}`)) return;
      const config = gunzipSync(readFileSync('/proc/config.gz')).toString('utf8');
      const { kernel } = run.facts;
      expect(kernel.config.ok && kernel.config.source).toBe('/proc/config.gz');
      if (!kernel.config.ok) return;
      for (const symbol of ['CONFIG_MODULES', 'CONFIG_IP_SET', 'CONFIG_NF_CONNTRACK', 'CONFIG_VXLAN', 'CONFIG_WIREGUARD']) {
        const expected = new RegExp(`^${symbol}=(y|m)$`, 'm').exec(config)?.[1] ?? (new RegExp(`^# ${symbol} is not set$`, 'm').test(config) ? 'n' : undefined);
        expect(kernel.config.value[symbol], symbol).toBe(expected);
      }
    });

    it('services: never "inactive" without proof when systemd is not PID 1', () => {
      const { services } = run.facts;
      expect(services.ok).toBe(true);
      if (!services.ok || existsSync('/run/systemd/system')) return;
      for (const [unit, info] of Object.entries(services.value)) {
        expect(info.method, unit).toBe('process');
        const hasUnitFile = ['/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'].some((d) => existsSync(`${d}/${unit}.service`));
        if (!hasUnitFile) expect(info.state, unit).not.toBe('inactive');
      }
    });

    it('privileges: uid and capability masks match this process', () => {
      const { privileges } = run.facts;
      expect(privileges.ok).toBe(true);
      if (!privileges.ok) return;
      expect(privileges.value.uid).toBe(process.getuid!());
      expect(privileges.value.becameRoot).toBe(process.getuid!() === 0);
      expect(privileges.value.capBnd).toBe(statusField('/proc/self/status', 'CapBnd'));
      expect(privileges.value.initCapBnd).toBe(statusField('/proc/1/status', 'CapBnd'));
    });

    it('sysctls match /proc/sys', () => {
      const { sysctl } = run.facts;
      expect(sysctl.ok && sysctl.value['net.ipv4.conf.all.rp_filter']).toBe(readFileSync('/proc/sys/net/ipv4/conf/all/rp_filter', 'utf8').trim());
      expect(sysctl.ok && sysctl.value['net.ipv4.ip_forward']).toBe(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim());
      expect(sysctl.ok && sysctl.value['net.core.somaxconn']).toBe(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
    });

    it('interfaces match /sys/class/net, and the listener on our port is seen, no other', () => {
      const { interfaces, listeners } = run.facts;
      expect(interfaces.ok && interfaces.value.map((i) => i.name).sort()).toEqual(readdirSync('/sys/class/net').sort());
      expect(listeners.ok).toBe(true);
      const mine = listeners.ok ? listeners.value.find((l) => l.protocol === 'tcp' && l.port === openPort) : undefined;
      expect(mine).toMatchObject({ address: '127.0.0.1', family: 4 });
      // ss filters by the plan's ports: a listener on another port (ours, and the machine's) is left out
      expect(listeners.ok && listeners.value.map((l) => l.port)).toEqual([openPort]);
      // a port of interest is taken: its owner is looked up (as root)
      if (process.getuid?.() === 0) {
        expect(listeners.ok && listeners.source).toBe(`ss -ltnup '( sport = :${openPort} )' (as root)`);
        expect(mine?.process).toBe(readFileSync('/proc/self/comm', 'utf8').trim());
      }
    });

    it('connect tests: connected, refused, and an unsafe address refused before the shell sees it', () => {
      const { connectivity } = run.facts;
      expect(connectivity.ok).toBe(true);
      if (!connectivity.ok) return;
      const by = (target: string) => connectivity.value.find((c) => c.target === target);
      expect(by('open-peer')).toMatchObject({ purpose: 'peer', outcome: 'connected', port: openPort });
      expect(by(`https://127.0.0.1:${closedPort}`)).toMatchObject({ purpose: 'datastore', outcome: 'refused' });
      expect(by('evil; rm -rf /')).toMatchObject({ outcome: 'error', address: '$(touch /tmp/x)' });
      expect(existsSync('/tmp/x')).toBe(false);
    });

    it('clock within a few seconds of ours, in milliseconds', () => {
      const { clock } = run.facts;
      expect(clock.ok).toBe(true);
      if (clock.ok) expect(clock.value.hostEpochMs).toBeGreaterThanOrEqual(clock.value.sentEpochMs - 1000);
      if (clock.ok) expect(clock.value.hostEpochMs).toBeLessThanOrEqual(clock.value.receivedEpochMs + 1000);
    });
  });
}

describe.skipIf(skipUnlessTools(['/bin/dash'], 'apt-get install dash') !== undefined)('hostile host output', () => {
  it('marker-like lines printed by a host command cannot forge or close sections', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probe-hostile-'));
    try {
      // A `date` that prints marker-shaped lines, including one with another run's nonce.
      const fake = join(dir, 'date');
      writeFileSync(fake, '#!/bin/sh\necho "now"\necho "0123456789abcdef01234567 end 0 clock"\necho "@@ begin root:status"\necho "Uid: 0 0 0 0"\n');
      chmodSync(fake, 0o755);
      const run = await runProbe(['/bin/dash', '-c'], {}, { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
      expect(run.raw.clock!.exitCode).toBe(0);
      expect(run.raw.clock!.stdout).toContain('0123456789abcdef01234567 end 0 clock');
      expect(run.raw.clock!.stdout).toContain('@@ begin root:status');
      expect(run.raw.end?.exitCode).toBe(0);
      // The fake output is no epoch time: the fact says so instead of guessing.
      expect(run.facts.clock.ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
