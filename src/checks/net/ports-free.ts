import type { Evidence } from '../../core/result.js';
import type { Listener } from '../../core/facts.js';
import type { HostCheck } from '../types.js';
import { calicoInstalled } from '../lib/calico-present.js';
import { calicoPorts, type CalicoPort } from '../lib/modes.js';
import { docUrl, evidence, fail, pass, skip, unknown, unknownFromFact } from '../lib/verdict.js';

/** Processes of Calico itself: a re-audit of a running node finds them on their own ports. */
const CALICO_PROCESSES = new Set(['calico-node', 'calico-felix', 'calico-typha', 'typha', 'felix']);
/** BIRD is Calico's BGP daemon, but also a standalone router: it counts as Calico's only where Calico is installed. */
const CALICO_BIRD = new Set(['bird', 'bird6']);

type Holder = { port: CalicoPort; listener: Listener; verdict: 'calico' | 'probably-calico' | 'conflict' };

function classify(port: CalicoPort, listener: Listener, calico: boolean): Holder {
  const process = listener.process;
  if (process && (CALICO_PROCESSES.has(process) || (calico && CALICO_BIRD.has(process)))) return { port, listener, verdict: 'calico' };
  if (!process && calico) return { port, listener, verdict: 'probably-calico' };
  return { port, listener, verdict: 'conflict' };
}

const describe = (holder: Holder) =>
  `${holder.port.protocol}/${holder.port.port} (${holder.port.use}) held by ${holder.listener.process ?? 'an unknown process'} on ${holder.listener.address}`;

export const netPortsFree: HostCheck = {
  id: 'net.ports-free',
  scope: 'host',
  title: 'Calico ports free',
  requirement: 'The ports Calico binds are free: TCP 179 (BGP), UDP 4789 (VXLAN), TCP 5473 (Typha hosts), UDP 51820 (WireGuard).',
  section: 'Network requirements',
  docUrl: docUrl('network-requirements'),
  evaluate(facts, settings) {
    const ports = calicoPorts(settings);
    if (ports.length === 0) return skip('Calico binds no port with these settings (no BGP, VXLAN, Typha or WireGuard).');
    const wanted = ports.map((port) => `${port.protocol}/${port.port} (${port.use})`).join(', ');
    if (!facts.listeners.ok) return unknownFromFact(`whether ${wanted} are free`, facts.listeners, 'Check that ss or netstat works on the host, or that /proc/net/tcp is readable.');
    const listeners = facts.listeners.value;
    const calico = calicoInstalled(facts);
    const holders = ports.flatMap((port) =>
      listeners.filter((listener) => listener.protocol === port.protocol && listener.port === port.port).map((listener) => classify(port, listener, calico)),
    );
    const seen: Evidence[] = holders.length
      ? holders.map((holder) => evidence(describe(holder), facts.listeners.source))
      : [evidence(`no listener on ${wanted}`, facts.listeners.source)];
    const conflicts = holders.filter((holder) => holder.verdict === 'conflict');
    if (conflicts.length > 0) {
      return fail(
        `Taken: ${conflicts.map(describe).join('; ')}.`,
        seen,
        `Find and stop the owner (\`ss -lntup | grep -E ':(${conflicts.map((holder) => holder.port.port).join('|')})\\b'\` as root), e.g. \`systemctl disable --now bird frr\`, or configure Calico with other ports (--bgp-port, --vxlan-port, --typha-port, --wireguard-port).`,
      );
    }
    const unsure = holders.filter((holder) => holder.verdict === 'probably-calico');
    if (unsure.length > 0) {
      return unknown(
        `Calico is installed here and an unnamed process, probably Calico, holds ${unsure.map((holder) => `${holder.port.protocol}/${holder.port.port}`).join(', ')}.`,
        seen,
        'Re-run with --become so the owning process can be named.',
      );
    }
    if (holders.length > 0) return pass(`${wanted}: held by Calico itself, no other program.`, seen);
    return pass(`${wanted} ${ports.length === 1 ? 'is' : 'are'} free.`, seen);
  },
};
