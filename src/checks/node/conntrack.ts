import type { Fix } from '../../core/fix.js';
import type { HostCheck } from '../types.js';
import { docsPage, SEED_PROFILE } from '../lib/profile.js';
import { evidence, fail, pass, unknownFromFact, warn } from '../lib/verdict.js';

const CONNTRACK_ANCHOR = 'linux-conntrack-table-is-out-of-space';

/** kube-proxy's defaults (cmd/kube-proxy/app, conntrack.maxPerCore and .min): it raises nf_conntrack_max to max(32768 × CPUs, 131072). */
const KUBE_PROXY_PER_CORE = 32768;
const KUBE_PROXY_MIN = 131072;
/** Calico's troubleshooting guide ("Linux conntrack table is out of space") suggests this size. */
const CALICO_SUGGESTED = 1_000_000;
const NEAR_FULL = 0.9;

const SYSCTL_FILE = '/etc/sysctl.d/90-calico-conntrack.conf';

/** Calico's suggested size, or double the current one where that is already as big: never lower it. */
function raised(max: number): { text: string; fixes: Fix[] } {
  const size = Math.max(CALICO_SUGGESTED, 2 * max);
  return {
    text:
      `Raise the table: sysctl -w net.netfilter.nf_conntrack_max=${size} and keep it across reboots: ` +
      `echo "net.netfilter.nf_conntrack_max = ${size}" > ${SYSCTL_FILE} ` +
      `(Calico's troubleshooting guide suggests ${CALICO_SUGGESTED} for hosts with many workloads or connections).`,
    fixes: [{ kind: 'sysctl', key: 'net.netfilter.nf_conntrack_max', value: String(size), file: SYSCTL_FILE }],
  };
}

function integer(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

export const nodeConntrack: HostCheck = {
  id: 'node.conntrack',
  scope: 'host',
  needs: { facts: ['sysctl', 'onlineCpus', 'kubeProxy'], sysctls: ['net.netfilter.nf_conntrack_max', 'net.netfilter.nf_conntrack_count'] },
  title: 'Conntrack table has room',
  requirement: "The kernel connection-tracking table (nf_conntrack_max) has room for the connections of every workload on the host.",
  section: 'Node requirements',
  docUrl: docsPage(SEED_PROFILE, 'troubleshooting', CONNTRACK_ANCHOR),
  docUrlFor: (profile) => docsPage(profile, 'troubleshooting', CONNTRACK_ANCHOR),
  notes:
    "Not on the v3.22 requirements page; from its troubleshooting guide (\"Linux conntrack table is out of space\": a full " +
    "table drops packets, logged as \"nf_conntrack: table full, dropping packet\"). Fails only a full table and warns at " +
    "90 %. The size is judged against kube-proxy's own sizing (cmd/kube-proxy/app/conntrack.go raises, never lowers, " +
    "nf_conntrack_max to max(32768 × CPUs, 131072) when it starts): below it passes before the install, since kube-proxy " +
    "will raise it, and warns only below kube-proxy's 131072 floor while kube-proxy runs (its sizing is off or could not " +
    "write the sysctl). Without nf_conntrack loaded there is no table yet, and the check passes with that evidence.",
  evaluate(facts) {
    if (!facts.sysctl.ok) return unknownFromFact('the conntrack table size', facts.sysctl, 'Check that /proc/sys/net/netfilter can be read on the host.');
    const values = facts.sysctl.value;
    const max = integer(values['net.netfilter.nf_conntrack_max']);
    const count = integer(values['net.netfilter.nf_conntrack_count']);
    const cpus = facts.onlineCpus.ok ? facts.onlineCpus.value : null;
    const kubeProxyTarget = Math.max(KUBE_PROXY_PER_CORE * (cpus ?? 1), KUBE_PROXY_MIN);
    const target = `kube-proxy's sizing: max(${KUBE_PROXY_PER_CORE} × ${cpus ?? '?'} CPUs, ${KUBE_PROXY_MIN}) = ${kubeProxyTarget}`;
    const cpuSource = facts.onlineCpus.ok ? facts.onlineCpus.source : facts.onlineCpus.missing;
    if (max === null) {
      return pass(`nf_conntrack is not loaded yet: its table is sized when it loads, and kube-proxy raises it to ${kubeProxyTarget} when it starts.`, [
        evidence('net.netfilter.nf_conntrack_max: absent (nf_conntrack not loaded)', facts.sysctl.source),
      ]);
    }
    const raise = raised(max);
    const seen = [
      evidence(`net.netfilter.nf_conntrack_max = ${max}, nf_conntrack_count = ${count ?? '(not read)'}`, facts.sysctl.source),
      evidence(target, cpuSource),
    ];
    if (count !== null && count >= max) {
      return fail(`The conntrack table is full (${count} of ${max}): the kernel drops new connections ("nf_conntrack: table full, dropping packet").`, seen, raise.text, raise.fixes);
    }
    if (count !== null && count >= NEAR_FULL * max) {
      return warn(`The conntrack table is ${Math.round((100 * count) / max)} % full (${count} of ${max}): new connections are dropped once it fills.`, seen, raise.text, raise.fixes);
    }
    const proxyRunning = facts.kubeProxy.ok && facts.kubeProxy.value.running;
    if (proxyRunning && max < KUBE_PROXY_MIN) {
      return warn(
        `nf_conntrack_max is ${max}, below kube-proxy's minimum ${KUBE_PROXY_MIN} although kube-proxy runs: its conntrack sizing is off (conntrack.maxPerCore: 0) or it could not write the sysctl.`,
        seen,
        raise.text,
        raise.fixes,
      );
    }
    if (max < kubeProxyTarget && !proxyRunning) {
      return pass(`nf_conntrack_max is ${max} (${count ?? '?'} in use); kube-proxy raises it to ${kubeProxyTarget} when it starts.`, seen);
    }
    return pass(`nf_conntrack_max is ${max} with ${count ?? '?'} in use.`, seen);
  },
};
