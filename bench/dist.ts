/**
 * The benchmark measures the BUILT tool (what users run), so its helpers load the compiled
 * modules from dist/ too, typed by their sources.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = new URL('../dist/', import.meta.url);

export const CLI_PATH = fileURLToPath(new URL('cli/main.js', DIST));

export function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first`);
}

export type Probes = typeof import('../src/probes/index.js');
export type Inventory = typeof import('../src/inventory/index.js');
export type Plan = typeof import('../src/audit/plan.js');
export type Runner = typeof import('../src/runner/index.js');
export type ConnectTargets = typeof import('../src/runner/connect-targets.js');
export type Transport = typeof import('../src/transport/index.js');

export async function loadDist<T>(relative: string): Promise<T> {
  assertBuilt();
  return (await import(new URL(relative, DIST).href)) as T;
}
