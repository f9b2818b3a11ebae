import { describe, expect, it } from 'vitest';
import { choosePeers, connectTargetsFor } from '../../src/probes/peers.js';
import { datastoreTargets, parseEndpoint } from '../../src/core/endpoints.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';

describe('choosePeers', () => {
  for (const n of [0, 1, 2, 3, 4, 5, 17, 200]) {
    it(`${n} hosts: each probes min(3, n-1) others, and every host is probed by as many`, () => {
      const peers = choosePeers(n, 3);
      const k = Math.max(0, Math.min(3, n - 1));
      const probedBy = new Array<number>(n).fill(0);
      peers.forEach((list, i) => {
        expect(list).toHaveLength(k);
        expect(new Set(list).size).toBe(k);
        expect(list).not.toContain(i);
        for (const j of list) probedBy[j]! += 1;
      });
      expect(probedBy.every((c) => c === k)).toBe(true);
    });
  }
});

describe('parseEndpoint', () => {
  it.each([
    ['10.0.0.1:2379', 2379, { address: '10.0.0.1', port: 2379 }],
    ['10.0.0.1', 2379, { address: '10.0.0.1', port: 2379 }],
    ['etcd-1.example.com:4001', 2379, { address: 'etcd-1.example.com', port: 4001 }],
    ['https://10.0.0.1:2379', 2379, { address: '10.0.0.1', port: 2379 }],
    ['https://api.example.com', 6443, { address: 'api.example.com', port: 443 }],
    ['http://10.0.0.1/', 2379, { address: '10.0.0.1', port: 80 }],
    ['https://[fd00::1]:6443/healthz', 6443, { address: 'fd00::1', port: 6443 }],
    ['[fd00::1]:2379', 2379, { address: 'fd00::1', port: 2379 }],
    ['fd00::1', 2379, { address: 'fd00::1', port: 2379 }],
    [' 10.0.0.2:2379 ', 2379, { address: '10.0.0.2', port: 2379 }],
  ])('%s', (text, port, expected) => {
    expect(parseEndpoint(text, port)).toEqual(expected);
  });

  it.each(['', 'host:port', '10.0.0.1:99999', 'a b', 'https://', 'host:0'])('rejects %j', (text) => {
    expect(parseEndpoint(text, 2379)).toBeNull();
  });
});

describe('connect targets', () => {
  const host = (name: string, address: string, over = {}) => ({ name, address, settings: { ...DEFAULT_SETTINGS, ...over } });

  it('peers on their BGP port, then the datastore', () => {
    const targets = connectTargetsFor([
      host('a', '198.18.0.1', { datastore: 'etcd', etcdEndpoints: ['https://198.18.0.10:2379', '198.18.0.11'] }),
      host('b', '198.18.0.2', { ports: { ...DEFAULT_SETTINGS.ports, bgp: 1179 } }),
    ]);
    expect(targets[0]).toEqual([
      { purpose: 'peer', target: 'b', address: '198.18.0.2', port: 1179 },
      { purpose: 'datastore', target: 'https://198.18.0.10:2379', address: '198.18.0.10', port: 2379 },
      { purpose: 'datastore', target: '198.18.0.11', address: '198.18.0.11', port: 2379 },
    ]);
    expect(targets[1]).toEqual([{ purpose: 'peer', target: 'a', address: '198.18.0.1', port: 179 }]);
  });

  it('kube-apiserver with the Kubernetes datastore; nothing when no endpoint is configured', () => {
    expect(datastoreTargets({ ...DEFAULT_SETTINGS, apiserverEndpoint: '198.18.0.5:6443' })).toEqual([
      { purpose: 'datastore', target: '198.18.0.5:6443', address: '198.18.0.5', port: 6443 },
    ]);
    expect(datastoreTargets(DEFAULT_SETTINGS)).toEqual([]);
  });

  it('an endpoint that does not parse is kept with port 0, so the probe reports it as an error', () => {
    expect(datastoreTargets({ ...DEFAULT_SETTINGS, datastore: 'etcd', etcdEndpoints: ['etcd:notaport'] })).toEqual([
      { purpose: 'datastore', target: 'etcd:notaport', address: 'etcd:notaport', port: 0 },
    ]);
  });
});
