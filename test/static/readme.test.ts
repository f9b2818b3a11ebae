/** README.md's settings table is the one `npm run docs` writes from src/core/settings.ts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { END_MARKER, START_MARKER, settingsTable, withSettingsTable } from '../../scripts/readme-settings.js';

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('README settings table', () => {
  it('is the generated one (run `npm run docs` after changing a setting)', () => {
    expect(withSettingsTable(README)).toBe(README);
  });

  it('is replaced between the markers, leaving the rest of the file alone', () => {
    const stale = `intro\n${START_MARKER}\n| old | table |\n${END_MARKER}\noutro\n`;
    expect(withSettingsTable(stale)).toBe(`intro\n${START_MARKER}\n\n${settingsTable()}\n\n${END_MARKER}\noutro\n`);
  });

  it('refuses a README without the markers', () => {
    expect(() => withSettingsTable('no table here')).toThrow(/needs the lines/);
  });

  it('shows a row per setting with its flag, variables and default', () => {
    const rows = settingsTable().split('\n');
    expect(rows).toContain(
      '| Pod CIDR | Pod CIDR (comma-separated for dual-stack) | `calico_pod_cidr` (`kube_pods_subnet`, `kube_pods_subnet_ipv6`) | `--pod-cidr CIDR` | 192.168.0.0/16 |',
    );
    expect(rows).toContain('| Datastore | Where Calico keeps its data: the Kubernetes API (kdd) or etcd | `calico_datastore` (`kdd` = kubernetes) | `--datastore kubernetes\\|etcd` | kubernetes |');
    expect(rows).toContain('| BGP | Calico runs BGP (BIRD); default: on unless VXLAN | `calico_bgp` (`calico_network_backend`) | `--bgp` | on, unless VXLAN |');
    expect(rows).toContain('| API server | kube-apiserver HOST:PORT | `kube_apiserver_endpoint` (`loadbalancer_apiserver`, `apiserver_loadbalancer_domain_name`, `kube_apiserver_port`) | `--apiserver HOST:PORT` | — |');
    expect(rows).toContain('| WireGuard port | WireGuard port, UDP | `calico_wireguard_port` | `--wireguard-port PORT` | 51820 |');
  });
});
