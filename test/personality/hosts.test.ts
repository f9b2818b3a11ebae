/**
 * The personality fleet of issue 4, seen through real ssh sessions: every host shows its
 * own distribution, kernel, hostname, services, capabilities and network, and stopping the
 * fleet leaves nothing behind.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue4Fleet, POD_CIDR_HOST_OCTET, SHARED_OCTET } from '../fleet/personalities/catalog.js';
import {
  personalitySkipReason,
  startPersonalityFleet,
  type FleetNetwork,
  type PersonalityFleet,
} from '../fleet/personalities/index.js';
import { removeLeftovers } from '../fleet/personalities/network.js';

const skipReason = personalitySkipReason();
if (skipReason) console.warn(`skipping personality hosts: ${skipReason}`);

function run(argv: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(argv[0] as string, argv.slice(1), { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ stdout, stderr, code });
    });
  });
}

describe.skipIf(skipReason !== undefined)('personality fleet of issue 4', () => {
  let pf: PersonalityFleet;
  let startMs = 0;

  beforeAll(async () => {
    const started = Date.now();
    pf = await startPersonalityFleet(issue4Fleet());
    startMs = Date.now() - started;
  });
  afterAll(async () => {
    await pf?.stop();
  });

  const on = async (host: string, command: string): Promise<string> => {
    const result = await run(pf.sshArgv(host, command));
    if (result.code !== 0) throw new Error(`${host}: ${command} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  };

  it('starts 14 hosts in their own namespaces within 10 s', () => {
    expect(pf.fleet.hosts).toHaveLength(14);
    expect(startMs).toBeLessThan(10_000);
    for (const host of pf.network.hosts) expect(host.address.startsWith(`${pf.network.net}.`)).toBe(true);
  });

  it('centos7 is CentOS 7.9 with firewalld and NetworkManager running', async () => {
    const out = await on(
      'centos7',
      'uname -r; uname -m; uname -srm; hostname; . /etc/os-release; echo "$ID $VERSION_ID"; cat /etc/redhat-release;' +
        ' test -e /etc/debian_version && echo debian || echo no-debian; cat /proc/version;' +
        ' systemctl is-active firewalld NetworkManager; firewall-cmd --state; ps -e -o comm=;' +
        ' NetworkManager --print-config | grep -c unmanaged-devices || true',
    );
    const lines = out.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      '3.10.0-1160.el7.x86_64',
      'x86_64',
      'Linux 3.10.0-1160.el7.x86_64 x86_64',
      'centos7',
      'centos 7',
      'CentOS Linux release 7.9.2009 (Core)',
      'no-debian',
      expect.stringMatching(/^Linux version 3\.10\.0-1160\.el7\.x86_64 \(mockbuild@/),
    ]);
    expect(lines.slice(8, 11)).toEqual(['active', 'active', 'running']);
    expect(lines).toContain('firewalld');
    expect(lines).toContain('NetworkManager');
    expect(lines.at(-2)).toBe('0');
  });

  it('ubuntu1604 is Ubuntu 16.04 on 4.4.0-210-generic with module evidence and nothing extra running', async () => {
    const out = await on(
      'ubuntu1604',
      'uname -a; . /etc/os-release; echo "$ID $VERSION_ID"; cat /proc/sys/kernel/osrelease;' +
        ' lsmod | head -2; grep -c . /lib/modules/$(uname -r)/modules.dep;' +
        ' grep -E "^CONFIG_(NET_IPIP|IP_SET|NF_CONNTRACK_IPV4)=" /boot/config-$(uname -r);' +
        ' zcat /proc/config.gz | grep -c "=m$"; systemctl is-active firewalld NetworkManager ufw || true;' +
        ' cat /proc/sys/net/ipv4/conf/all/rp_filter; ps -e -o comm= | sort -u | tr "\\n" " "',
    );
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'Linux ubuntu1604 4.4.0-210-generic #242-Ubuntu SMP Fri Apr 16 09:57:56 UTC 2021 x86_64 x86_64 x86_64 GNU/Linux',
    );
    expect(lines.slice(1, 3)).toEqual(['ubuntu 16.04', '4.4.0-210-generic']);
    expect(lines[3]).toBe('Module                  Size  Used by');
    expect(lines[4]).toMatch(/^x_tables\s+\d+\s+0$/);
    expect(Number(lines[5])).toBeGreaterThan(30);
    expect(lines.slice(6, 9)).toEqual(['CONFIG_IP_SET=m', 'CONFIG_NET_IPIP=m', 'CONFIG_NF_CONNTRACK_IPV4=m']);
    expect(Number(lines[9])).toBeGreaterThan(30);
    expect(lines.slice(10, 14)).toEqual(['inactive', 'inactive', 'inactive', '1']);
    const pipeline = ['bash', 'ps', 'sort', 'tr'];
    expect(lines[14]?.trim().split(' ').filter((comm) => !pipeline.includes(comm))).toEqual(['sshd']);
  });

  it('kernel39 and i686 report their kernels and machines', async () => {
    expect(await on('kernel39', 'uname -r; uname -m; cat /proc/version')).toMatch(/^3\.9\.11\nx86_64\nLinux version 3\.9\.11 /);
    expect(await on('i686', 'uname -rm; uname -p; . /etc/os-release; echo $ID $VERSION_ID')).toBe(
      '3.16.0-11-686-pae i686\ni686\ndebian 8\n',
    );
  });

  it('nocap lacks CAP_SYS_ADMIN in its bounding set, for PID 1 and every session', async () => {
    const out = await on('nocap', 'grep CapBnd /proc/1/status /proc/self/status; cat /proc/1/comm');
    const masks = [...out.matchAll(/CapBnd:\s+([0-9a-f]+)/g)].map((m) => BigInt(`0x${m[1]}`));
    expect(masks).toHaveLength(2);
    for (const mask of masks) expect(mask & (1n << 21n)).toBe(0n);
    expect(out).toContain('sshd');
    const full = await on('ubuntu1604', 'grep CapBnd /proc/1/status');
    expect(BigInt(`0x${/CapBnd:\s+([0-9a-f]+)/.exec(full)?.[1]}`) & (1n << 21n)).toBe(1n << 21n);
  });

  it('rpfilter2 has loose reverse-path filtering and a NetworkManager configured for Calico', async () => {
    const out = await on(
      'rpfilter2',
      'cat /proc/sys/net/ipv4/conf/all/rp_filter; systemctl is-active NetworkManager; cat /etc/NetworkManager/conf.d/calico.conf',
    );
    expect(out).toMatch(/^2\nactive\n\[keyfile\]\nunmanaged-devices=interface-name:cali\*;interface-name:tunl\*;/);
  });

  it('dupname-a and dupname-b share a hostname', async () => {
    expect(await on('dupname-a', 'hostname; uname -n')).toBe('k8s-worker\nk8s-worker\n');
    expect(await on('dupname-b', 'hostname; cat /etc/hostname')).toBe('k8s-worker\nk8s-worker\n');
  });

  it('bird179 has a process named bird listening on tcp/179', async () => {
    const out = await on('bird179', 'ss -ltnp');
    expect(out).toMatch(/LISTEN.*0\.0\.0\.0:179 .*"bird"/);
  });

  it('flannel has a flannel.1 vxlan interface and a flannel conflist', async () => {
    const out = await on('flannel', 'ip -d -o link show flannel.1; cat /etc/cni/net.d/10-flannel.conflist');
    expect(out).toMatch(/flannel\.1.*vxlan id 1/);
    expect(out).toContain('"type": "flannel"');
  });

  it('shared-addr and shared-addr-mtu1400 share an address; the latter has MTU 1400', async () => {
    const shared = `${pf.network.net}.${SHARED_OCTET}/24`;
    const a = await on('shared-addr', 'ip -o -4 addr show dev eth0; ip -o link show eth0');
    const b = await on('shared-addr-mtu1400', 'ip -o -4 addr show dev eth0; ip -o link show eth0');
    expect(a).toContain(`inet ${shared}`);
    expect(b).toContain(`inet ${shared}`);
    expect(a).toMatch(/mtu 1500 /);
    expect(b).toMatch(/mtu 1400 /);
  });

  it('podcidr sits at the address its pod CIDR covers', () => {
    expect(pf.host('podcidr').address).toBe(`${pf.network.net}.${POD_CIDR_HOST_OCTET}`);
    expect(pf.host('podcidr').vars.calico_pod_cidr).toBe(`${pf.network.net}.64/26`);
  });

  it('drop179 drops tcp/179 and IPIP: a connect times out there and is refused elsewhere', async () => {
    expect(await on('drop179', 'iptables -S INPUT')).toBe(
      '-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 179 -j DROP\n-A INPUT -p ipencap -j DROP\n',
    );
    const probe = (target: string): Promise<{ code: number; stderr: string }> =>
      run(pf.sshArgv('ubuntu1604', `nc -zv -w 2 ${pf.host(target).address} 179`));
    const dropped = await probe('drop179');
    const open = await probe('centos7');
    expect(dropped.code).not.toBe(0);
    expect(open.code).not.toBe(0);
    expect(open.stderr).toMatch(/refused/);
    expect(dropped.stderr).toMatch(/timed out/);
  });

  it('has no default route anywhere and no address outside 198.18.0.0/15 but loopback', async () => {
    for (const host of ['ubuntu1604', 'flannel', 'shared-addr']) {
      expect(await on(host, 'ip route show default; ip -6 route show default')).toBe('');
      const addresses = (await on(host, 'ip -o -4 addr')).match(/inet \S+/g) ?? [];
      for (const a of addresses) expect(a).toMatch(/^inet (127\.|198\.1[89]\.)/);
    }
  });
});

describe.skipIf(skipReason !== undefined)('personality fleet teardown', () => {
  it('removes namespaces, links, files and its record on stop', async () => {
    const pf = await startPersonalityFleet(issue4Fleet().slice(0, 2));
    const { bridge, hosts, dir, record } = pf.network;
    expect(existsSync(dir)).toBe(true);
    await pf.stop();
    const links = (await run(['ip', '-o', 'link'])).stdout;
    const namespaces = (await run(['ip', 'netns', 'list'])).stdout;
    expect(links).not.toContain(bridge);
    for (const host of hosts) {
      expect(links).not.toContain(host.veth);
      expect(namespaces).not.toContain(host.netns);
    }
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(record)).toBe(false);
  });
});

describe.skipIf(skipReason !== undefined)('personality network leftovers', () => {
  it('a later fleet removes what a killed process left behind, and nothing of a live one', async () => {
    const child = spawnChild(
      `const { createNetwork } = await import(${JSON.stringify(new URL('../fleet/personalities/network.ts', import.meta.url).href)});
       const { issue4Fleet } = await import(${JSON.stringify(new URL('../fleet/personalities/catalog.ts', import.meta.url).href)});
       const { mkdtempSync } = await import('node:fs');
       const dir = mkdtempSync('/tmp/calico-personalities-crash-');
       const network = await createNetwork(issue4Fleet().slice(0, 2), dir);
       console.log(JSON.stringify(network));
       setInterval(() => {}, 1000);`,
    );
    const network = JSON.parse(await child.firstLine) as FleetNetwork;
    const live = await startPersonalityFleet(issue4Fleet().slice(0, 1));
    try {
      expect((await run(['ip', 'netns', 'list'])).stdout).toContain(network.hosts[0]?.netns);
      child.process.kill('SIGKILL');
      await new Promise((resolve) => child.process.once('exit', resolve));
      removeLeftovers();
      const namespaces = (await run(['ip', 'netns', 'list'])).stdout;
      const links = (await run(['ip', '-o', 'link'])).stdout;
      for (const host of network.hosts) expect(namespaces).not.toContain(host.netns);
      expect(links).not.toContain(network.bridge);
      expect(existsSync(network.dir)).toBe(false);
      expect(existsSync(network.record)).toBe(false);
      expect(namespaces).toContain(live.network.hosts[0]?.netns);
      expect(links).toContain(live.network.bridge);
    } finally {
      child.process.kill('SIGKILL');
      await live.stop();
    }
  });
});

function spawnChild(source: string): { process: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] as string);
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
  });
  return { process: child, firstLine };
}
