/**
 * The demo fleet in docker/: its compose file is checked for the shape the inventory and the
 * README rely on (always), accepted by Docker Compose's own `config` (when Compose is
 * installed), and, with a Docker engine, built, started and audited through its bastion.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as compose from 'docker-compose';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeExecutable } from './docker-compose-cli.js';

const dockerDir = fileURLToPath(new URL('../../docker/', import.meta.url));
const composeFile = join(dockerDir, 'docker-compose.yml');
const TARGETS = ['centos7', 'ubuntu1604', 'debian'];

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
    const inventory = fileURLToPath(new URL('../../inventories/demo-fleet.ini', import.meta.url));
    if (!existsSync(inventory)) return context.skip('inventories/demo-fleet.ini is not written yet');
    const text = readFileSync(inventory, 'utf8');
    for (const target of TARGETS) expect(text, target).toMatch(new RegExp(`^${target}\\b`, 'm'));
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
