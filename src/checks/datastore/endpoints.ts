/** The datastore endpoints a host must reach, for the probe plan and for datastore.reachable. */
import type { AuditSettings } from '../settings-types.js';
import { parseEndpoint, type Endpoint } from '../lib/endpoint.js';

export const ETCD_DEFAULT_PORT = 2379;
export const APISERVER_DEFAULT_PORT = 6443;

/** Endpoints to probe with purpose "datastore"; empty when none is configured. */
export function datastoreEndpoints(settings: AuditSettings): Endpoint[] {
  const configured =
    settings.datastore === 'etcd'
      ? settings.etcdEndpoints.map((entry) => parseEndpoint(entry, ETCD_DEFAULT_PORT))
      : settings.apiserverEndpoint
        ? [parseEndpoint(settings.apiserverEndpoint, APISERVER_DEFAULT_PORT)]
        : [];
  return configured.filter((entry): entry is Endpoint => entry !== null);
}
