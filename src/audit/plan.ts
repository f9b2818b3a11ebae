/**
 * From an inventory and the command line to the list of hosts to audit: which hosts
 * (--limit), how each is reached, and what each assumes about the Calico install. Everything
 * that can be wrong with the inputs is found here, before the first connection.
 */
import type { Inventory } from '../inventory/index.js';
import { selectHosts } from '../inventory/index.js';
import { resolveSettings, type AuditSettings, type SettingsOverrides } from '../checks/index.js';
import { resolveConnection, type ConnectionFlags, type SshConfigSource } from '../transport/index.js';
import type { RunTarget } from '../runner/index.js';

export interface PlanInputs {
  inventory: Inventory;
  limit?: string;
  connection: ConnectionFlags;
  sshConfig?: SshConfigSource;
  settings: SettingsOverrides;
}

export interface PlannedTarget extends RunTarget {
  settingsSources: Record<keyof AuditSettings, string>;
}

export function planTargets(inputs: PlanInputs): PlannedTarget[] {
  const names = inputs.limit ? selectHosts(inputs.inventory, inputs.limit) : inputs.inventory.hostNames();
  return names.map((name) => {
    const vars = inputs.inventory.hostVars(name);
    const { settings, sources } = resolveSettings(vars, inputs.settings, name);
    return {
      name,
      vars,
      settings,
      settingsSources: sources,
      connection: resolveConnection(name, vars, inputs.connection, inputs.sshConfig),
    };
  });
}
