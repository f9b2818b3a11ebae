/** Which Docker Compose the machine has, for the docker-compose npm package, and whether an engine runs. */
import { spawnSync } from 'node:child_process';
import type { IDockerComposeOptions } from 'docker-compose';

function succeeds(command: string, args: string[]): boolean {
  const run = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
  return run.status === 0;
}

/** `docker compose` (v2 plugin) when present, else the standalone `docker-compose`; undefined when neither. */
export function composeExecutable(): IDockerComposeOptions['executable'] | undefined {
  if (succeeds('docker', ['compose', 'version'])) return { executablePath: 'docker' };
  if (succeeds('docker-compose', ['version'])) return { standalone: true };
  return undefined;
}

/** True when a Docker engine answers (not just the client being installed). */
export function dockerEngineRunning(): boolean {
  return succeeds('docker', ['info', '--format', '{{.ServerVersion}}']);
}
