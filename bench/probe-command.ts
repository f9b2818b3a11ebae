/**
 * What the reference tools run on every host: our own probe command, built exactly as the
 * runner builds it (same inventory planning, same connect targets as the first host), and
 * the naive "8-tool bundle" a user would otherwise script with pssh.
 */
import { randomBytes } from 'node:crypto';
import { loadDist, type ConnectTargets, type Inventory, type Plan, type Probes, type Runner } from './dist.js';

/** One command per fact a user would check by hand; the last one succeeds so rc reflects the login. */
export const EIGHT_TOOL_BUNDLE = [
  'uname -a',
  'lsmod',
  'ss -ltnup',
  'systemctl is-active firewalld NetworkManager',
  'capsh --print',
  'cat /etc/os-release',
  'ip addr show',
  'ip route show',
].join('; ');

export async function probeCommandFor(inventoryFile: string): Promise<string> {
  const { loadInventory } = await loadDist<Inventory>('inventory/index.js');
  const { planTargets } = await loadDist<Plan>('audit/plan.js');
  const { connectTargetsOf } = await loadDist<ConnectTargets>('runner/connect-targets.js');
  const { RUN_DEFAULTS, catalogueProbeRequest } = await loadDist<Runner>('runner/index.js');
  const { buildProbeCommand } = await loadDist<Probes>('probes/index.js');
  const targets = planTargets({ inventory: loadInventory([inventoryFile]), connection: {}, settings: {} });
  return buildProbeCommand({
    nonce: `CPF${randomBytes(12).toString('hex')}`,
    become: 'none',
    remoteTimeoutSec: RUN_DEFAULTS.commandTimeoutSec,
    request: catalogueProbeRequest(),
    connectTargets: connectTargetsOf(targets)[0] ?? [],
  });
}
