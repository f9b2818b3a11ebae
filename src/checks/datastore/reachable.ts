import type { Evidence } from '../../core/result.js';
import type { ConnectProbe, HostFacts, HostStated } from '../../core/facts.js';
import type { HostCheck, Verdict } from '../types.js';
import { docUrl, evidence, fail, pass, skip, unknown, unknownFromFact } from '../lib/verdict.js';
import { datastoreTargets, type ConnectTarget } from '../../core/endpoints.js';

const OUTCOME: Record<ConnectProbe['outcome'], string> = {
  connected: 'connected',
  refused: 'refused: nothing listens there',
  timeout: 'timed out: a firewall drops the traffic',
  unreachable: 'unreachable: no route to it',
  error: 'could not be tried',
};

interface Tried {
  endpoint: ConnectTarget;
  probe: ConnectProbe | undefined;
}

/** The verdict over endpoints and their connects; `named` says where the endpoints came from. */
function judge(results: Tried[], seen: Evidence[], named: string, source: string): Verdict {
  const failed = results.filter(({ probe }) => probe && probe.outcome !== 'connected' && probe.outcome !== 'error');
  if (failed.length > 0) {
    return fail(
      `Cannot reach ${failed.map(({ endpoint, probe }) => `${endpoint.target} (${probe!.outcome})`).join(', ')}${named}.`,
      seen,
      `Check the endpoint (${source}) and that it listens; open TCP ${[...new Set(failed.map(({ endpoint }) => endpoint.port))].join(', ')} from this host to it in every firewall between them.`,
    );
  }
  const untried = results.filter(({ probe }) => !probe || probe.outcome === 'error');
  if (untried.length > 0) {
    return unknown(`Could not test ${untried.map(({ endpoint }) => endpoint.target).join(', ')}${named}.`, seen, `Test by hand from the host: nc -z -w 3 ADDRESS PORT (needs nc, bash or timeout on the host), or set ${source}.`);
  }
  return pass(`Reached ${results.map(({ endpoint }) => endpoint.target).join(', ')}${named}.`, seen);
}

function outcomeEvidence({ endpoint, probe }: Tried, source: string): Evidence {
  return evidence(`${endpoint.target} (${endpoint.address}:${endpoint.port}): ${probe ? `${OUTCOME[probe.outcome]}${probe.detail ? ` (${probe.detail})` : ''}` : 'not probed'}`, source);
}

/**
 * With no endpoint configured on a Kubernetes datastore: the API server kubelet's kubeconfig
 * names, which the probe connected to in the same run (connects whose `from` is that file).
 */
function fromKubeconfig(facts: HostFacts): Verdict | null {
  if (!facts.kubeCluster.ok || !facts.connectivity.ok) return null;
  const { apiServers, unreadable } = facts.kubeCluster.value;
  const setting = 'kube_apiserver_endpoint / --apiserver';
  if (apiServers.length === 0) {
    const hidden = unreadable.find((path) => path.endsWith('kubelet.conf'));
    return hidden
      ? unknown(`No kube-apiserver endpoint is configured and ${hidden}, which names it, could not be read.`, [evidence(`${hidden}: permission denied`, facts.kubeCluster.source)], `Re-run with --become so ${hidden} can be read, or set ${setting}.`)
      : null;
  }
  // The probe connects to the first server the file names: the one kubelet's only cluster uses.
  const [server] = apiServers as [HostStated, ...HostStated[]];
  const probe = facts.connectivity.value.find((candidate) => candidate.from !== undefined && server.source.startsWith(candidate.from));
  const tried: Tried = { endpoint: { purpose: 'datastore', target: server.value, address: probe?.address ?? server.value, port: probe?.port ?? 0 }, probe };
  const seen = [evidence(`kube-apiserver ${server.value} (no ${setting} given)`, server.source), outcomeEvidence(tried, facts.connectivity.source)];
  return judge([tried], seen, ` (named by ${probe?.from ?? server.source})`, setting);
}

export const datastoreReachable: HostCheck = {
  id: 'datastore.reachable',
  scope: 'host',
  needs: { facts: ['connectivity', 'kubeCluster'] },
  title: 'Datastore reachable',
  requirement: 'Every host reaches the datastore: kube-apiserver (Kubernetes API datastore, usually TCP 443 or 6443) or every etcd endpoint (TCP 2379 by default).',
  section: 'Key/value store',
  docUrl: docUrl('keyvalue-store'),
  notes:
    "With the Kubernetes datastore and no kube_apiserver_endpoint / --apiserver, a joined node still names its API server: " +
    "the `server:` of kubelet's kubeconfig (/etc/kubernetes/kubelet.conf, root-only on kubeadm installs). The probe reads " +
    "only those lines (the file may embed kubelet's client key) and connects to that server in the same run, after " +
    "checking it is a plain host name or IP address as planned targets are; calico-node reaches the API server the same " +
    "way kubelet does. Without any endpoint (a node before kubeadm init/join) the check still skips.",
  evaluate(facts, settings) {
    const endpoints = datastoreTargets(settings);
    const setting = settings.datastore === 'etcd' ? 'calico_etcd_endpoints / --etcd-endpoints' : 'kube_apiserver_endpoint / --apiserver';
    if (endpoints.length === 0) {
      const discovered = settings.datastore === 'kubernetes' ? fromKubeconfig(facts) : null;
      return discovered ?? skip(`No ${settings.datastore === 'etcd' ? 'etcd endpoint' : 'kube-apiserver endpoint'} is configured (set ${setting}).`);
    }
    if (!facts.connectivity.ok) return unknownFromFact('datastore reachability', facts.connectivity, 'Check that the host has bash, nc or timeout for TCP connects.');
    const probes = facts.connectivity.value.filter((probe) => probe.purpose === 'datastore' && probe.from === undefined);
    const results = endpoints.map((endpoint) => ({ endpoint, probe: probes.find((probe) => probe.target === endpoint.target) }));
    return judge(results, results.map((tried) => outcomeEvidence(tried, facts.connectivity.source)), '', setting);
  },
};
