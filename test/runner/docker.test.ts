/**
 * The demo fleet in docker/: its compose file is checked for the shape the inventory and the
 * README rely on (always), accepted by Docker Compose's own `config` (when Compose is
 * installed), and, with a Docker engine, built, started and audited through its bastion.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as compose from 'docker-compose';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { loadInventory } from '../../src/inventory/index.js';
import { runAudit } from '../../src/runner/index.js';
import { createConnector, resolveConnection } from '../../src/transport/index.js';
import { composeExecutable, dockerEngineRunning } from './docker-compose-cli.js';

const dockerDir = fileURLToPath(new URL('../../docker/', import.meta.url));
const composeFile = join(dockerDir, 'docker-compose.yml');
const demoInventory = fileURLToPath(new URL('../../inventories/demo-fleet.ini', import.meta.url));
const TARGETS = ['centos7', 'ubuntu1604', 'debian'];
/** What each target's /etc/os-release must say. */
const EXPECTED_OS: Record<string, { id: string; versionId: string }> = {
  centos7: { id: 'centos', versionId: '7' },
  ubuntu1604: { id: 'ubuntu', versionId: '16.04' },
  debian: { id: 'debian', versionId: '12' },
};

interface ServiceDefinition {
  build?: { context?: string; dockerfile?: string };
  ports?: string[];
  networks?: string[];
  environment?: Record<string, string>;
}
interface ComposeFile {
  services: Record<string, ServiceDefinition>;
  networks: Record<string, { internal?: boolean } | null>;
}

function readCompose(): ComposeFile {
  return parse(readFileSync(composeFile, 'utf8'), { merge: true }) as ComposeFile;
}

describe('docker/docker-compose.yml', () => {
  it('defines a bastion and the three targets, each built from a Dockerfile that exists', () => {
    const { services } = readCompose();
    expect(Object.keys(services).sort()).toEqual(['bastion', ...TARGETS].sort());
    for (const [name, service] of Object.entries(services)) {
      expect(service.build?.dockerfile, name).toBe(`${name}/Dockerfile`);
      const dockerfile = readFileSync(join(dockerDir, service.build?.context ?? '.', service.build?.dockerfile ?? ''), 'utf8');
      expect(dockerfile, name).toMatch(/^FROM \S+/m);
      expect(dockerfile, name).toContain('COPY sshd-entrypoint.sh');
    }
    expect(existsSync(join(dockerDir, 'sshd-entrypoint.sh'))).toBe(true);
  });

  it('publishes only the bastion, on loopback; the targets sit on an internal network only', () => {
    const { services, networks } = readCompose();
    expect(services['bastion']?.ports).toEqual(['127.0.0.1:${DEMO_BASTION_PORT:-2222}:22']);
    expect(services['bastion']?.networks).toContain('fleet');
    expect(networks['fleet']?.internal).toBe(true);
    for (const target of TARGETS) {
      expect(services[target]?.ports, target).toBeUndefined();
      expect(services[target]?.networks, target).toEqual(['fleet']);
      expect(services[target]?.environment?.['DEMO_AUTHORIZED_KEY'], target).toMatch(/^\$\{DEMO_AUTHORIZED_KEY:\?/);
    }
  });

  it('names the same hosts as inventories/demo-fleet.ini', (context) => {
    if (!existsSync(demoInventory)) return context.skip('inventories/demo-fleet.ini is not written yet');
    const hosts = loadInventory([demoInventory]).hostNames();
    for (const target of TARGETS) expect(hosts, target).toContain(target);
  });

  const executable = composeExecutable();
  const missing = 'Docker Compose is not installed (apt-get install docker-compose, or the docker compose plugin)';
  if (!executable && process.env.CI) throw new Error(`CI must validate the compose file, but ${missing}`);

  it.skipIf(!executable)(`is accepted by Docker Compose's own config check${executable ? '' : ` (skipped: ${missing})`}`, async () => {
    const options = {
      cwd: dockerDir,
      config: 'docker-compose.yml',
      executable,
      env: { ...process.env, DEMO_AUTHORIZED_KEY: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD test' },
    };
    const quiet = await compose.execCompose('config', ['-q'], options);
    expect(quiet.exitCode).toBe(0);
    // Without the key Compose must refuse, with the message pointing at demo.sh.
    const { DEMO_AUTHORIZED_KEY: _unused, ...withoutKey } = options.env;
    await expect(compose.execCompose('config', ['-q'], { ...options, env: withoutKey })).rejects.toMatchObject({
      err: expect.stringContaining('docker/demo.sh up'),
    });
  });
});

const engine = composeExecutable() !== undefined && dockerEngineRunning();
if (!engine) console.warn('skipping the Docker demo fleet audit: no Docker engine (and Compose) on this machine');

describe.skipIf(!engine)('the Docker demo fleet', () => {
  const project = `cpf-demo-${process.pid}`;
  let keyDir: string;
  let options: compose.IDockerComposeOptions;

  beforeAll(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'cpf-demo-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(keyDir, 'id_ed25519')]);
    options = {
      cwd: dockerDir,
      config: 'docker-compose.yml',
      executable: composeExecutable(),
      composeOptions: [['-p', project]],
      env: { ...process.env, DEMO_AUTHORIZED_KEY: readFileSync(join(keyDir, 'id_ed25519.pub'), 'utf8').trim() },
    };
    await compose.upAll({ ...options, commandOptions: ['--build'] });
  }, 900_000);
  afterAll(async () => {
    if (options) await compose.downAll({ ...options, commandOptions: ['--rmi', 'local', '--volumes'] });
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  }, 300_000);

  it('audits CentOS 7, Ubuntu 16.04 and Debian 12 through the bastion as inventories/demo-fleet.ini describes them', async () => {
    const inventory = loadInventory([demoInventory]);
    const flags = { privateKey: join(keyDir, 'id_ed25519') };
    const targets = TARGETS.map((name) => {
      const vars = inventory.hostVars(name);
      return { name, vars, settings: DEFAULT_SETTINGS, connection: resolveConnection(name, vars, flags) };
    });
    const audit = () =>
      runAudit(targets, {
        connector: createConnector({ knownHostsFile: join(keyDir, 'known_hosts'), acceptNewHostKeys: true, agentSocket: null }),
        timeoutSec: 120,
      });
    // sshd in a container that just started may not answer yet: try again for a little while.
    let results = await audit();
    for (let attempt = 0; attempt < 10 && results.some((r) => r.status !== 'ok'); attempt++) {
      await sleep(2_000);
      results = await audit();
    }
    for (const result of results) {
      expect({ name: result.name, status: result.status, message: result.message }).toEqual({ name: result.name, status: 'ok', message: undefined });
      expect(result.via).toBeDefined();
      expect(result.facts?.os).toMatchObject({ ok: true, value: EXPECTED_OS[result.name] });
      expect(result.facts?.privileges).toMatchObject({ ok: true, value: { becameRoot: true } });
    }
  }, 600_000);
});
