import type { Evidence } from '../../core/result.js';
import type { HostFacts, Listener } from '../../core/facts.js';
import type { HostCheck } from '../types.js';
import type { RequirementProfile } from '../profiles/index.js';
import { calicoInstalled, CALICO_PRESENT_NEEDS } from '../lib/calico-present.js';
import { SEED_PROFILE } from '../lib/profile.js';
import { calicoPorts, type CalicoPort } from '../lib/modes.js';
import { docUrl, evidence, fail, pass, skip, unknown, unknownFromFact, warn } from '../lib/verdict.js';
import { combineNeeds } from '../../core/probe-needs.js';

/** Processes of Calico itself: a re-audit of a running node finds them on their own ports. */
const CALICO_PROCESSES = new Set(['calico-node', 'calico-felix', 'calico-typha', 'typha', 'felix']);
/** BIRD is Calico's BGP daemon, but also a standalone router: it counts as Calico's only where Calico is installed. */
const CALICO_BIRD = new Set(['bird', 'bird6']);
/** The kernel devices Felix creates for each UDP use (its interface names): their sockets have no owning process. */
const CALICO_DEVICES: Record<string, RegExp> = { VXLAN: /^vxlan(-v6)?\.calico$/, WireGuard: /^(wireguard|wg-v6)\.cali$/, 'IPv6 WireGuard': /^wg-v6\.cali$/ };

type Verdict = 'calico' | 'calico-device' | 'probably-calico' | 'foreign-vxlan' | 'conflict';
type Holder = { port: CalicoPort; listener: Listener; verdict: Verdict };

function calicoDevice(facts: HostFacts, use: string): string | undefined {
  const pattern = CALICO_DEVICES[use];
  return pattern && facts.interfaces.ok ? facts.interfaces.value.find((iface) => pattern.test(iface.name))?.name : undefined;
}

function classify(port: CalicoPort, listener: Listener, facts: HostFacts, calico: boolean): Holder {
  const process = listener.process;
  const holder = (verdict: Verdict): Holder => ({ port, listener, verdict });
  if (process) return holder(CALICO_PROCESSES.has(process) || (calico && CALICO_BIRD.has(process)) ? 'calico' : 'conflict');
  if (listener.kernel && port.protocol === 'udp') {
    if (calicoDevice(facts, port.use)) return holder('calico-device');
    // Linux shares one VXLAN socket between devices of different VNIs; a WireGuard port is exclusive.
    return holder(port.use === 'VXLAN' ? 'foreign-vxlan' : 'conflict');
  }
  return holder(calico ? 'probably-calico' : 'conflict');
}

function owner(holder: Holder, facts: HostFacts): string {
  if (holder.listener.process) return holder.listener.process;
  if (holder.verdict === 'calico-device') return `the kernel (Calico's ${calicoDevice(facts, holder.port.use)} device; no process owns it)`;
  if (holder.listener.kernel) return 'the kernel (no process owns it, as root saw)';
  return 'an unknown process';
}

const describe = (holder: Holder, facts: HostFacts) =>
  `${holder.port.protocol}/${holder.port.port} (${holder.port.use}) held by ${owner(holder, facts)} on ${holder.listener.address}`;

function requirementFor(profile: RequirementProfile): string {
  const { bgp, vxlan, typha, wireguard, wireguardV6 } = profile.ports;
  const v6 = wireguardV6.value === null ? '' : `, UDP ${wireguardV6.value} (IPv6 WireGuard)`;
  return `The ports Calico binds are free: TCP ${bgp.value} (BGP), UDP ${vxlan.value} (VXLAN), TCP ${typha.value} (Typha hosts), UDP ${wireguard.value} (WireGuard)${v6}.`;
}

const ports = (holders: Holder[]) => holders.map((holder) => `${holder.port.protocol}/${holder.port.port}`).join(', ');

export const netPortsFree: HostCheck = {
  id: 'net.ports-free',
  scope: 'host',
  needs: combineNeeds(CALICO_PRESENT_NEEDS, { facts: ['listeners'] }),
  title: 'Calico ports free',
  requirement: requirementFor(SEED_PROFILE),
  requirementFor,
  section: 'Network requirements',
  docUrl: docUrl('network-requirements'),
  notes:
    'VXLAN and WireGuard sockets belong to kernel devices, not processes: `ss -lunp` as root shows them without users: ' +
    '(captured in test/fixtures/checks/issue9/ss). Where root looked up the owners, such a socket on the VXLAN or WireGuard ' +
    "port is Calico's own when its device (vxlan.calico / vxlan-v6.calico, wireguard.cali / wg-v6.cali) exists, and is not " +
    'reported unknown ("re-run with --become" could never name an owner). Without that device: a WireGuard port is ' +
    'exclusive (fail); a VXLAN socket is shared by Linux between VXLAN devices of different VNIs, so another VXLAN device on ' +
    "the port only warns (Calico's default VNI is 4096). With WireGuard and IPv6 from v3.24 on, IPv6 WireGuard's port is " +
    "Felix's default udp/51821 (WireguardListeningPortV6, as the profile states it): no setting changes it yet.",
  evaluate(facts, settings) {
    const wantedPorts = calicoPorts(settings);
    if (wantedPorts.length === 0) return skip('Calico binds no port with these settings (no BGP, VXLAN, Typha or WireGuard).');
    const wanted = wantedPorts.map((port) => `${port.protocol}/${port.port} (${port.use})`).join(', ');
    if (!facts.listeners.ok) return unknownFromFact(`whether ${wanted} are free`, facts.listeners, 'Check that ss or netstat works on the host, or that /proc/net/tcp is readable.');
    const listeners = facts.listeners.value;
    const calico = calicoInstalled(facts);
    const holders = wantedPorts.flatMap((port) =>
      listeners.filter((listener) => listener.protocol === port.protocol && listener.port === port.port).map((listener) => classify(port, listener, facts, calico)),
    );
    const seen: Evidence[] = holders.length
      ? holders.map((holder) => evidence(describe(holder, facts), facts.listeners.source))
      : [evidence(`no listener on ${wanted}`, facts.listeners.source)];
    const having = (verdict: Verdict) => holders.filter((holder) => holder.verdict === verdict);
    const conflicts = having('conflict');
    if (conflicts.length > 0) {
      return fail(
        `Taken: ${conflicts.map((holder) => describe(holder, facts)).join('; ')}.`,
        seen,
        `Find and stop the owner (\`ss -lntup | grep -E ':(${conflicts.map((holder) => holder.port.port).join('|')})\\b'\` as root; for a kernel-held WireGuard port \`wg show all listen-port\`), e.g. \`systemctl disable --now bird frr\`, or configure Calico with other ports (--bgp-port, --vxlan-port, --typha-port, --wireguard-port).`,
      );
    }
    const unsure = having('probably-calico');
    if (unsure.length > 0) {
      const rootLooked = unsure.some((holder) => holder.listener.kernel);
      return unknown(
        `Calico is installed here and ${rootLooked ? 'no process (as root saw)' : 'an unnamed process, probably Calico,'} holds ${ports(unsure)}.`,
        seen,
        rootLooked ? `Look at the socket by hand as root (\`ss -ltnpe '( ${unsure.map((holder) => `sport = :${holder.port.port}`).join(' or ')} )'\`).` : 'Re-run with --become so the owning process can be named.',
      );
    }
    const foreign = having('foreign-vxlan');
    if (foreign.length > 0) {
      return warn(
        `A kernel VXLAN device other than Calico's vxlan.calico holds ${ports(foreign)}: Calico's device can share the port only if the VNIs differ (Calico uses 4096 by default).`,
        seen,
        `Find the device and its VNI with \`ip -d link show type vxlan\` (dstport ${foreign[0]!.port.port}); if it uses VNI 4096, set another vxlanVNI in Calico's FelixConfiguration or remove that device.`,
      );
    }
    if (holders.length > 0) return pass(`${wanted}: held by Calico itself, no other program.`, seen);
    return pass(`${wanted} ${wantedPorts.length === 1 ? 'is' : 'are'} free.`, seen);
  },
};
