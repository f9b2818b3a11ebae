import type { AuditSettings } from '../../core/settings.js';
import type { WriteFileFix } from '../../core/fix.js';
import type { HostCheck } from '../types.js';
import type { RequirementProfile } from '../profiles/index.js';
import { isUnmanaged } from '../lib/nm-match.js';
import { profileOf, SEED_PROFILE } from '../lib/profile.js';
import { andList } from '../lib/words.js';
import { runningState, serviceEvidence } from '../lib/services.js';
import { docUrl, evidence, fail, missingEvidence, pass, unknown, unknownFromFact } from '../lib/verdict.js';

export const CALICO_NM_CONF_PATH = '/etc/NetworkManager/conf.d/calico.conf';

interface CalicoInterface {
  pattern: string;
  /** A name Calico really gives it, to test unmanaged-devices patterns against. */
  example: string;
  /** What it is for, in the requirement text. */
  use?: string;
  usedWith(settings: AuditSettings): boolean;
}

/** Every interface Calico creates in some mode under this profile (the IPv6 VXLAN and WireGuard devices from v3.24). */
function calicoInterfaceList(profile: RequirementProfile): CalicoInterface[] {
  const names = profile.interfaces.value;
  const ipv6 = (settings: AuditSettings) => settings.ipv6;
  const vxlan = (settings: AuditSettings) => settings.encapsulation === 'vxlan';
  const entries: (CalicoInterface | null)[] = [
    { pattern: names.workload, example: 'cali1a2b3c4d5e6', usedWith: () => true },
    { pattern: names.ipip, example: 'tunl0', use: 'IPIP', usedWith: (settings) => settings.encapsulation === 'ipip' },
    { pattern: names.vxlan, example: names.vxlan, use: 'VXLAN', usedWith: vxlan },
    names.vxlanV6 === null ? null : { pattern: names.vxlanV6, example: names.vxlanV6, use: 'IPv6 VXLAN', usedWith: (settings) => vxlan(settings) && ipv6(settings) },
    { pattern: names.wireguard, example: names.wireguard, use: 'WireGuard', usedWith: (settings) => settings.wireguard },
    names.wireguardV6 === null ? null : { pattern: names.wireguardV6, example: names.wireguardV6, use: 'IPv6 WireGuard', usedWith: (settings) => settings.wireguard && ipv6(settings) },
  ];
  return entries.filter((entry): entry is CalicoInterface => entry !== null);
}


/**
 * calico.conf for this host: Calico's documented list for every mode (a later switch of
 * encapsulation, IPv6 or WireGuard then needs no new fix), plus the host's unmanaged-devices
 * entries so far, since the drop-in replaces the key, minus `except:` entries that would
 * take a Calico interface back.
 */
function calicoConfFix(interfaces: CalicoInterface[], current: string[]): WriteFileFix {
  const returnsCalico = (spec: string) => spec.startsWith('except:') && interfaces.some((entry) => !isUnmanaged(['*', spec], entry.example));
  const entries = [...new Set([...interfaces.map((entry) => `interface-name:${entry.pattern}`), ...current.filter((spec) => !returnsCalico(spec))])];
  return { kind: 'write-file', path: CALICO_NM_CONF_PATH, content: `[keyfile]\nunmanaged-devices=${entries.join(';')}\n`, mode: '0644', reload: 'NetworkManager' };
}

/** The drop-in Calico's documentation gives for v3.22, before a host's own entries are merged in. */
export const CALICO_NM_CONF = calicoConfFix(calicoInterfaceList(SEED_PROFILE), []).content;

function requirementFor(profile: RequirementProfile): string {
  const names = calicoInterfaceList(profile).map((entry) => (entry.use ? `${entry.pattern} (${entry.use})` : entry.pattern));
  return `If NetworkManager runs, it must not manage Calico's ${andList(names)} interfaces.`;
}

export const nodeNetworkManager: HostCheck = {
  id: 'node.networkmanager',
  scope: 'host',
  needs: { facts: ['services', 'networkManagerConfig'], units: ['NetworkManager'] },
  title: 'NetworkManager leaves Calico interfaces alone',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  notes:
    "From v3.28 Calico's IPv6 devices vxlan-v6.calico (IPv6 VXLAN) and wg-v6.cali (IPv6 WireGuard) must be unmanaged too: the " +
    'requirements page still names cali*, tunl* and vxlan.calico only, but the troubleshooting page it links ("Configure ' +
    'NetworkManager", tigera/docs calico_versioned_docs/version-3.28/operations/troubleshoot/troubleshooting.mdx@c809510d) lists ' +
    'all six, and the fix writes that list. They are asked for only with IPv6 on.',
  evaluate(facts, settings) {
    if (!facts.services.ok) return unknownFromFact('whether NetworkManager runs', facts.services, 'Check that systemctl or ps works on the host.');
    const service = facts.services.value.NetworkManager;
    const seen = [serviceEvidence('NetworkManager', service, facts.services.source)];
    const state = runningState(service);
    if (state === 'stopped') return pass('NetworkManager is not running.', seen);
    if (state === 'unknown') {
      return unknown('Could not tell whether NetworkManager runs.', seen, 'Run `systemctl is-active NetworkManager` on the host; re-run with --become if it needs root.');
    }
    if (!facts.networkManagerConfig.ok) {
      return unknown(
        `NetworkManager runs but its configuration could not be read: ${facts.networkManagerConfig.missing}.`,
        [...seen, missingEvidence('NetworkManager configuration', facts.networkManagerConfig)],
        'Re-run with --become so /etc/NetworkManager/NetworkManager.conf and conf.d/*.conf can be read.',
      );
    }
    const config = facts.networkManagerConfig.value;
    seen.push(evidence(`[keyfile] unmanaged-devices=${config.unmanagedDevices.join(';') || '(not set)'} from ${config.files.join(', ') || 'no file'}`, facts.networkManagerConfig.source));
    const interfaces = calicoInterfaceList(profileOf(settings));
    const managed = interfaces.filter((wanted) => wanted.usedWith(settings) && !isUnmanaged(config.unmanagedDevices, wanted.example));
    if (managed.length === 0) return pass("NetworkManager runs and leaves Calico's interfaces unmanaged.", seen);
    const fix = calicoConfFix(interfaces, config.unmanagedDevices);
    return fail(
      `NetworkManager runs and would manage ${managed.map((entry) => entry.pattern).join(', ')}.`,
      seen,
      `Write ${fix.path} with:\n${fix.content}then run: systemctl reload NetworkManager. (A later conf.d file that sets unmanaged-devices overrides it: merge the entries there instead.)`,
      [fix],
    );
  },
};
