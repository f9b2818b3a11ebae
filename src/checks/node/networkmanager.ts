import type { AuditSettings } from '../../core/settings.js';
import type { WriteFileFix } from '../../core/fix.js';
import type { HostCheck } from '../types.js';
import { isUnmanaged } from '../lib/nm-match.js';
import { runningState, serviceEvidence } from '../lib/services.js';
import { docUrl, evidence, fail, missingEvidence, pass, unknown, unknownFromFact } from '../lib/verdict.js';

export const CALICO_NM_CONF_PATH = '/etc/NetworkManager/conf.d/calico.conf';
export const CALICO_NM_CONF =
  '[keyfile]\nunmanaged-devices=interface-name:cali*;interface-name:tunl*;interface-name:vxlan.calico;interface-name:wireguard.cali\n';

/** Every interface Calico creates in some mode, each with a name it really uses. */
const CALICO_INTERFACES = [
  { pattern: 'cali*', example: 'cali1a2b3c4d5e6', usedWith: () => true },
  { pattern: 'tunl*', example: 'tunl0', usedWith: (settings: AuditSettings) => settings.encapsulation === 'ipip' },
  { pattern: 'vxlan.calico', example: 'vxlan.calico', usedWith: (settings: AuditSettings) => settings.encapsulation === 'vxlan' },
  { pattern: 'wireguard.cali', example: 'wireguard.cali', usedWith: (settings: AuditSettings) => settings.wireguard },
];

/** The interfaces Calico will create with these settings. */
function calicoInterfaces(settings: AuditSettings): { pattern: string; example: string }[] {
  return CALICO_INTERFACES.filter((entry) => entry.usedWith(settings));
}

/**
 * calico.conf for this host: Calico's documented list for every mode (a later switch of
 * encapsulation or WireGuard then needs no new fix), plus the host's unmanaged-devices
 * entries so far, since the drop-in replaces the key, minus `except:` entries that would
 * take a Calico interface back.
 */
function calicoConfFix(current: string[]): WriteFileFix {
  const returnsCalico = (spec: string) => spec.startsWith('except:') && CALICO_INTERFACES.some((entry) => !isUnmanaged(['*', spec], entry.example));
  const entries = [...new Set([...CALICO_INTERFACES.map((entry) => `interface-name:${entry.pattern}`), ...current.filter((spec) => !returnsCalico(spec))])];
  return { kind: 'write-file', path: CALICO_NM_CONF_PATH, content: `[keyfile]\nunmanaged-devices=${entries.join(';')}\n`, mode: '0644', reload: 'NetworkManager' };
}

export const nodeNetworkManager: HostCheck = {
  id: 'node.networkmanager',
  scope: 'host',
  needs: { facts: ['services', 'networkManagerConfig'], units: ['NetworkManager'] },
  title: 'NetworkManager leaves Calico interfaces alone',
  requirement: "If NetworkManager runs, it must not manage Calico's cali*, tunl* (IPIP), vxlan.calico (VXLAN) and wireguard.cali (WireGuard) interfaces.",
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
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
    const managed = calicoInterfaces(settings).filter((wanted) => !isUnmanaged(config.unmanagedDevices, wanted.example));
    if (managed.length === 0) return pass("NetworkManager runs and leaves Calico's interfaces unmanaged.", seen);
    const fix = calicoConfFix(config.unmanagedDevices);
    return fail(
      `NetworkManager runs and would manage ${managed.map((entry) => entry.pattern).join(', ')}.`,
      seen,
      `Write ${fix.path} with:\n${fix.content}then run: systemctl reload NetworkManager. (A later conf.d file that sets unmanaged-devices overrides it: merge the entries there instead.)`,
      [fix],
    );
  },
};
