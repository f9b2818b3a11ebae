/**
 * From an inventory and the command line to the list of hosts to audit: which hosts
 * (--limit), how each is reached, and what each assumes about the Calico install. Everything
 * that can be wrong with the inputs is found here, before the first connection.
 */
import type { Inventory } from '../inventory/index.js';
import { selectHosts } from '../inventory/index.js';
import { DEFAULT_PROFILE, resolveSettings, type AuditSettings, type SettingsOverrides } from '../checks/index.js';
import { hostList } from '../checks/lib/fleet.js';
import { UserError } from '../core/errors.js';
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

/**
 * The Calico release the run judges against. Every host must ask for the same one: one
 * cluster runs one Calico release, the report names one, and fleet checks compare the hosts.
 */
export function agreedCalicoVersion(targets: PlannedTarget[], overrides: SettingsOverrides): string {
  const byVersion = new Map<string, string[]>();
  for (const target of targets) {
    const version = target.settings.calicoVersion ?? DEFAULT_PROFILE;
    byVersion.set(version, [...(byVersion.get(version) ?? []), target.name]);
  }
  if (byVersion.size > 1) {
    const groups = [...byVersion].map(([version, names]) => `${version} (${hostList(names, ', ')})`).join(', ');
    throw new UserError(
      `The hosts ask for different Calico versions, ${groups}: an audit judges one Calico release, so set calico_version alike for all of them, pass --calico-version, or audit each cluster on its own with --limit.`,
    );
  }
  return [...byVersion.keys()][0] ?? overrides.calicoVersion ?? DEFAULT_PROFILE;
}
