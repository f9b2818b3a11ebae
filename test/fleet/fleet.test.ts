import { execFile, execFileSync } from 'node:child_process';
import { accessSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSkipReason, knownHostsName, startFleet, type Fleet, type FleetHost } from './index.js';

const skipReason = fleetSkipReason();
if (skipReason) console.warn(`skipping fleet tests: ${skipReason}`);

function ansibleMissing(): boolean {
  try {
    accessSync('/usr/bin/ansible-inventory');
    return false;
  } catch {
    if (process.env.CI) throw new Error('CI must check the fleet inventory with ansible-inventory: apt-get install ansible');
    console.warn('skipping the ansible-inventory check: apt-get install ansible');
    return true;
  }
}

interface SshOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(skipReason !== undefined)('test fleet', () => {
  let fleet: Fleet;

  function ssh(host: FleetHost, command: string, extra: string[] = []): Promise<SshOutcome> {
    // ssh takes the first value of an option: `extra` goes first so it can override.
    const args = [
      ...extra,
      ...['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '-o', `UserKnownHostsFile=${fleet.knownHosts}`],
      ...['-o', 'StrictHostKeyChecking=yes', '-i', fleet.clientKey, '-p', String(host.port)],
      `${host.user}@${host.address}`,
      command,
    ];
    return new Promise((resolve) => {
      execFile('ssh', args, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    fleet = await startFleet({
      count: 3,
      hosts: [
        { role: 'unknown-key' },
        { role: 'changed-key' },
        { role: 'closed-port' },
        { role: 'silent' },
        { role: 'wrong-credentials' },
        { role: 'user' },
        { role: 'sudo-nopasswd' },
        { role: 'sudo-password' },
        { role: 'bastion' },
        { name: 'target1', via: 'bastion' },
        {
          name: 'wrapped',
          wrap: (argv) => ['unshare', '--uts', '--', 'sh', '-c', 'hostname fleet-wrapped && exec "$@"', 'wrap', ...argv],
        },
      ],
    });
  });
  afterAll(async () => fleet?.stop());

  it('gives every host its own address and host key, listed in known_hosts', async () => {
    const keyed = fleet.hosts.filter((h) => h.hostKey);
    expect(new Set(keyed.map((h) => h.hostKey)).size).toBe(keyed.length);
    expect(new Set(fleet.hosts.map((h) => h.listenAddress)).size).toBe(fleet.hosts.length);
    const knownHosts = readFileSync(fleet.knownHosts, 'utf8');
    for (const host of fleet.byRole('plain').filter((h) => !h.via)) {
      expect(knownHosts).toContain(`${knownHostsName(host.address, host.port)} ${host.hostKey}\n`);
      const outcome = await ssh(host, 'echo hello');
      expect(outcome).toEqual({ code: 0, stdout: 'hello\n', stderr: '' });
    }
    expect(knownHosts).not.toContain(fleet.host('unknown-key').hostKey);
    expect(knownHosts).not.toContain(fleet.host('changed-key').hostKey);
  });

  it('writes an Ansible inventory with connection variables', () => {
    const inventory = readFileSync(fleet.inventory, 'utf8');
    const host = fleet.host('host001');
    expect(inventory).toContain(
      `host001 ansible_host=${host.address} ansible_port=${host.port} ansible_user=root ansible_ssh_private_key_file=${fleet.clientKey}`,
    );
  });

  it.skipIf(ansibleMissing())('writes an inventory Ansible reads back to the same variables', () => {
    const listed = JSON.parse(execFileSync('ansible-inventory', ['-i', fleet.inventory, '--list'], { encoding: 'utf8' })) as {
      _meta: { hostvars: Record<string, Record<string, string | number>> };
    };
    for (const host of fleet.hosts) {
      const vars = Object.fromEntries(Object.entries(listed._meta.hostvars[host.name] ?? {}).map(([k, v]) => [k, String(v)]));
      expect(vars).toEqual(host.vars);
    }
    expect(fleet.host('target1').vars.ansible_ssh_common_args).toMatch(/^-o ProxyCommand="ssh -W %h:%p -p \d+ -i \S+ -o UserKnownHostsFile=\S+ root@127\./);
  });

  it('gives sessions a light shell environment', async () => {
    const outcome = await ssh(fleet.host('host002'), 'cat ~/.bashrc');
    expect(outcome.stdout).toContain('calico-preflight test fleet');
  });

  it('reproduces every failure kind', async () => {
    expect((await ssh(fleet.host('unknown-key'), 'true')).stderr).toContain('Host key verification failed');
    expect((await ssh(fleet.host('changed-key'), 'true')).stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect((await ssh(fleet.host('closed-port'), 'true')).stderr).toContain('Connection refused');
    expect((await ssh(fleet.host('silent'), 'true', ['-o', 'ConnectTimeout=2'])).stderr).toContain('timed out');
    expect((await ssh(fleet.host('wrong-credentials'), 'true')).stderr).toContain('Permission denied');
  });

  it('has a plain user that logs in without root and may not use sudo', async () => {
    const plain = fleet.host('user');
    expect(plain.user).not.toBe('root');
    expect(await ssh(plain, 'id -u')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^[1-9]\d*\n$/) });
    expect((await ssh(plain, 'sudo -n id -u')).code).not.toBe(0);
  });

  it('has sudo users with and without a password', async () => {
    const free = await ssh(fleet.host('sudo-nopasswd'), 'sudo -n id -u');
    expect(free).toMatchObject({ code: 0, stdout: '0\n' });
    const guarded = fleet.host('sudo-password');
    expect(guarded.user).not.toBe('root');
    expect((await ssh(guarded, 'sudo -n id -u')).code).not.toBe(0);
    const withPassword = await ssh(guarded, `echo '${guarded.password}' | sudo -S -p '' id -u`);
    expect(withPassword).toMatchObject({ code: 0, stdout: '0\n' });
  });

  it('reaches a target only through its bastion', async () => {
    const target = fleet.host('target1');
    expect((await ssh(target, 'true')).code).not.toBe(0);
    const common = target.vars.ansible_ssh_common_args ?? '';
    const proxyCommand = /ProxyCommand="([^"]+)"/.exec(common)?.[1] ?? '';
    const outcome = await ssh(target, 'echo through', ['-o', `ProxyCommand=${proxyCommand}`]);
    expect(outcome).toMatchObject({ code: 0, stdout: 'through\n' });
  });

  it('starts a wrapped host in its own namespaces', async () => {
    const outcome = await ssh(fleet.host('wrapped'), 'hostname; cat ~/.bashrc');
    expect(outcome.stdout).toMatch(/^fleet-wrapped\n# calico-preflight test fleet/);
  });

  it('removes users, sudoers entries and files on stop', async () => {
    const sudoUser = fleet.host('sudo-nopasswd').user;
    await fleet.stop();
    expect(existsSync(fleet.dir)).toBe(false);
    expect(readFileSync('/etc/passwd', 'utf8')).not.toContain(sudoUser);
  });
});

describe.skipIf(skipReason !== undefined)('a fleet its process forgot to stop', () => {
  it('is cleaned up when the process exits', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'calico-fleet-exit-'));
    try {
      const script = path.join(dir, 'forget.mts');
      const launcher = pathToFileURL(fileURLToPath(new URL('./index.ts', import.meta.url))).href;
      writeFileSync(
        script,
        `import { startFleet } from '${launcher}';\n` +
          `const fleet = await startFleet({ count: 1, hosts: [{ role: 'sudo-nopasswd' }] });\n` +
          `console.log(JSON.stringify({ dir: fleet.dir, user: fleet.host('sudo-nopasswd').user }));\n` +
          `process.exit(0);\n`,
      );
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const output = execFileSync(process.execPath, ['--import', tsx, script], { encoding: 'utf8' });
      const left = JSON.parse(output.trim().split('\n').pop() as string) as { dir: string; user: string };
      expect(existsSync(left.dir)).toBe(false);
      expect(readFileSync('/etc/passwd', 'utf8')).not.toContain(`${left.user}:`);
      const listeners = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(left.dir));
      expect(listeners).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
