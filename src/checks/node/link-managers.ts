import type { Evidence } from '../../core/result.js';
import type { AuditSettings } from '../../core/settings.js';
import type { HostCheck } from '../types.js';
import { CALICO_LINKS, governing, type Link } from '../lib/networkd-match.js';
import { runningState, serviceEvidence } from '../lib/services.js';
import { docUrl, evidence, fail, missingEvidence, pass, unknown, unknownFromFact, warn } from '../lib/verdict.js';

const CALICO_NETWORKD_PATH = '/etc/systemd/network/00-calico.network';
const CALICO_NETWORKD =
  '[Match]\nName=cali* tunl* vxlan.calico vxlan-v6.calico wireguard.cali wg-v6.cali\n\n[Link]\nUnmanaged=yes\n';

/** The interfaces Calico creates with these settings. */
function calicoLinks(settings: AuditSettings): Link[] {
  const links: Link[] = [CALICO_LINKS.veth];
  if (settings.encapsulation === 'ipip') links.push(CALICO_LINKS.ipip);
  if (settings.encapsulation === 'vxlan') links.push(CALICO_LINKS.vxlan);
  if (settings.wireguard) links.push(CALICO_LINKS.wireguard);
  return links;
}

const NETWORKD_FIX =
  `Write ${CALICO_NETWORKD_PATH} (its name sorts before the catch-all file, and the first matching file wins) with:\n${CALICO_NETWORKD}` +
  'then run: networkctl reload (systemd 244+; else systemctl restart systemd-networkd). netplan\'s files in /run/systemd/network (10-netplan-*) sort after it too.';

export const nodeLinkManagers: HostCheck = {
  id: 'node.link-managers',
  scope: 'host',
  needs: { facts: ['services', 'interfaceManagers'], units: ['systemd-networkd', 'wicked'] },
  title: 'networkd and wicked leave Calico alone',
  requirement: "If systemd-networkd (also behind netplan) or wicked runs, it must not manage Calico's cali*, tunl*, vxlan.calico and wireguard.cali interfaces.",
  section: 'Node requirements',
  docUrl: docUrl('node-requirements'),
  notes:
    "The requirements page names NetworkManager only; other interface managers break Calico the same way. systemd-networkd " +
    "applies the first .network file (by name, across /etc, /run and /usr/lib/systemd/network) whose [Match] matches a " +
    "link and takes the link over unless it says [Link] Unmanaged=yes; a catch-all (no [Match], or Name=*) on cali* " +
    "veths removes Calico's routes (projectcalico/calico#2471: a VMware catch-all .network file), which is why Flatcar " +
    "ships calico.network, 20-calico-tunl0.network and 20-calico-vxlan.network with Unmanaged=yes. netplan is covered " +
    "through the networkd files it renders to /run/systemd/network (its YAML may hold Wi-Fi or 802.1x secrets and is " +
    "not read). wicked configures only interfaces that have an ifcfg file of their name, so only such files for " +
    "Calico's names count. A separate check from node.networkmanager: check ids are interface, and a waiver for one " +
    "manager must not hide the other.",
  evaluate(facts, settings) {
    if (!facts.services.ok) return unknownFromFact('whether systemd-networkd or wicked runs', facts.services, 'Check that systemctl or ps works on the host.');
    const networkd = runningState(facts.services.value['systemd-networkd']);
    const wicked = runningState(facts.services.value.wicked);
    const seen: Evidence[] = [
      serviceEvidence('systemd-networkd', facts.services.value['systemd-networkd'], facts.services.source),
      serviceEvidence('wicked', facts.services.value.wicked, facts.services.source),
    ];
    if (networkd === 'stopped' && wicked === 'stopped') return pass('Neither systemd-networkd nor wicked is running.', seen);
    if (networkd === 'unknown' || wicked === 'unknown') {
      return unknown('Could not tell whether systemd-networkd or wicked runs.', seen, 'Run `systemctl is-active systemd-networkd wicked` on the host; re-run with --become if it needs root.');
    }
    const managers = facts.interfaceManagers;
    if (!managers.ok) {
      return unknown(`An interface manager runs but its configuration could not be read: ${managers.missing}.`, [...seen, missingEvidence('networkd and wicked configuration', managers)], 'Re-run with --become so every .network file can be read.');
    }
    const managed: string[] = [];
    const possibly: string[] = [];
    if (networkd === 'running') {
      for (const link of calicoLinks(settings)) {
        const { decider, possible } = governing(managers.value.networkd, link);
        seen.push(
          evidence(
            `${link.name}: ${decider ? `first matched by ${decider.path}${decider.unmanaged ? ' (Unmanaged=yes)' : ' (networkd manages it)'}` : 'no .network file matches (networkd leaves it alone)'}${possible.length ? `; may first match ${possible.map((file) => file.path).join(', ')} (a host condition)` : ''}`,
            managers.source,
          ),
        );
        if (decider && !decider.unmanaged) managed.push(`${link.name} (${decider.path})`);
        else if (possible.length > 0) possibly.push(`${link.name} (${possible.map((file) => file.path).join(', ')})`);
      }
    }
    const wickedFiles = wicked === 'running' ? managers.value.wickedIfcfg : [];
    if (wicked === 'running') seen.push(evidence(wickedFiles.length ? `ifcfg files for Calico's interfaces: ${wickedFiles.join(', ')}` : "no ifcfg file names a Calico interface", managers.source));
    if (managed.length > 0 || wickedFiles.length > 0) {
      const what = [...(managed.length ? [`systemd-networkd manages ${managed.join(', ')}`] : []), ...(wickedFiles.length ? [`wicked configures ${wickedFiles.join(', ')}`] : [])];
      const fixes = [...(managed.length ? [NETWORKD_FIX] : []), ...(wickedFiles.length ? [`Remove ${wickedFiles.join(', ')} and run: wicked ifreload all`] : [])];
      return fail(`${what.join('; ')}.`, seen, fixes.join('\n'));
    }
    if (possibly.length > 0) {
      return warn(`systemd-networkd may manage ${possibly.join(', ')}: the file matches by a host condition this audit cannot judge.`, seen, NETWORKD_FIX);
    }
    return pass('The running interface managers leave Calico\'s interfaces alone.', seen);
  },
};
