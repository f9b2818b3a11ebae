import type { Evidence } from '../../core/result.js';
import type { ConnectProbe } from '../../core/facts.js';
import type { HostCheck } from '../types.js';
import { docUrl, evidence, fail, pass, skip, unknown, unknownFromFact } from '../lib/verdict.js';
import { datastoreTargets } from '../../core/endpoints.js';

const OUTCOME: Record<ConnectProbe['outcome'], string> = {
  connected: 'connected',
  refused: 'refused: nothing listens there',
  timeout: 'timed out: a firewall drops the traffic',
  unreachable: 'unreachable: no route to it',
  error: 'could not be tried',
};

export const datastoreReachable: HostCheck = {
  id: 'datastore.reachable',
  scope: 'host',
  title: 'Datastore reachable',
  requirement: 'Every host reaches the datastore: kube-apiserver (Kubernetes API datastore, usually TCP 443 or 6443) or every etcd endpoint (TCP 2379 by default).',
  section: 'Key/value store',
  docUrl: docUrl('keyvalue-store'),
  evaluate(facts, settings) {
    const endpoints = datastoreTargets(settings);
    const setting = settings.datastore === 'etcd' ? 'calico_etcd_endpoints / --etcd-endpoints' : 'kube_apiserver_endpoint / --apiserver';
    if (endpoints.length === 0) return skip(`No ${settings.datastore === 'etcd' ? 'etcd endpoint' : 'kube-apiserver endpoint'} is configured (set ${setting}).`);
    if (!facts.connectivity.ok) return unknownFromFact('datastore reachability', facts.connectivity, 'Check that the host has bash, nc or timeout for TCP connects.');
    const probes = facts.connectivity.value.filter((probe) => probe.purpose === 'datastore');
    const results = endpoints.map((endpoint) => ({ endpoint, probe: probes.find((probe) => probe.target === endpoint.target) }));
    const seen: Evidence[] = results.map(({ endpoint, probe }) =>
      evidence(`${endpoint.target} (${endpoint.address}:${endpoint.port}): ${probe ? `${OUTCOME[probe.outcome]}${probe.detail ? ` (${probe.detail})` : ''}` : 'not probed'}`, facts.connectivity.source),
    );
    const failed = results.filter(({ probe }) => probe && probe.outcome !== 'connected' && probe.outcome !== 'error');
    if (failed.length > 0) {
      return fail(
        `Cannot reach ${failed.map(({ endpoint, probe }) => `${endpoint.target} (${probe!.outcome})`).join(', ')}.`,
        seen,
        `Check the endpoint (${setting}) and that it listens; open TCP ${[...new Set(failed.map(({ endpoint }) => endpoint.port))].join(', ')} from this host to it in every firewall between them.`,
      );
    }
    const untried = results.filter(({ probe }) => !probe || probe.outcome === 'error');
    if (untried.length > 0) {
      return unknown(`Could not test ${untried.map(({ endpoint }) => endpoint.target).join(', ')}.`, seen, `Test by hand from the host: nc -z -w 3 ADDRESS PORT (needs nc, bash or timeout on the host).`);
    }
    return pass(`Reached ${endpoints.map((endpoint) => endpoint.target).join(', ')}.`, seen);
  },
};
