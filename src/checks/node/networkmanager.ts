import type { AuditSettings } from '../../core/settings.js';
import type { HostCheck } from '../types.js';
import { isUnmanaged } from '../lib/nm-match.js';
import { runningState, serviceEvidence } from '../lib/services.js';
import { docUrl, evidence, fail, missingEvidence, pass, unknown, unknownFromFact } from '../lib/verdict.js';

export const CALICO_NM_CONF_PATH = '/etc/NetworkManager/conf.d/calico.conf';
export const CALICO_NM_CONF =
  '[keyfile]\nunmanaged-devices=interface-name:cali*;interface-name:tunl*;interface-name:vxlan.calico;interface-name:wireguard.cali\n';

/** The interfaces Calico will create with these settings, each with a name it really uses. */
function calicoInterfaces(settings: AuditSettings): { pattern: string; example: string }[] {
  const wanted = [{ pattern: 'cali*', example: 'cali1a2b3c4d5e6' }];
  if (settings.encapsulation === 'ipip') wanted.push({ pattern: 'tunl*', example: 'tunl0' });
  if (settings.encapsulation === 'vxlan') wanted.push({ pattern: 'vxlan.calico', example: 'vxlan.calico' });
  if (settings.wireguard) wanted.push({ pattern: 'wireguard.cali', example: 'wireguard.cali' });
  return wanted;
}

export const nodeNetworkManager: HostCheck = {
  id: 'node.networkmanager',
  scope: 'host',
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
    return fail(
      `NetworkManager runs and would manage ${managed.map((entry) => entry.pattern).join(', ')}.`,
      seen,
      `Write ${CALICO_NM_CONF_PATH} with:\n${CALICO_NM_CONF}then run: systemctl reload NetworkManager. (A later conf.d file that sets unmanaged-devices overrides it: merge the entries there instead.)`,
    );
  },
};
