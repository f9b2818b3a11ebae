/** README.md's generated blocks and docs/checks.md are what `npm run docs` writes from the code. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/catalogue.js';
import { CHECK_REFERENCE_PATH, README_BLOCKS, README_PATH, endMarker, generatedDocs, startMarker, withBlock } from '../../scripts/readme-blocks.js';
import { settingsTable } from '../../scripts/readme-settings.js';

const README = readFileSync(README_PATH, 'utf8');
const settingsBlock = README_BLOCKS.find((block) => block.name === 'settings-table')!;

describe('generated documentation', () => {
  it('README.md holds the generated blocks (run `npm run docs` after changing a setting or a check)', () => {
    expect(generatedDocs(README).readme).toBe(README);
  });

  it('docs/checks.md is the generated check reference', () => {
    expect(readFileSync(CHECK_REFERENCE_PATH, 'utf8')).toBe(generatedDocs(README).checkReference);
  });

  it('a block is replaced between its markers, leaving the rest of the file alone', () => {
    const stale = `intro\n${startMarker(settingsBlock)}\n| old | table |\n${endMarker(settingsBlock)}\noutro\n`;
    expect(withBlock(stale, settingsBlock)).toBe(`intro\n${startMarker(settingsBlock)}\n\n${settingsTable()}\n\n${endMarker(settingsBlock)}\noutro\n`);
  });

  it('refuses a README without the markers', () => {
    expect(() => withBlock('no table here', settingsBlock)).toThrow(/needs the lines/);
  });

  it('shows a row per setting with its flag, variables and default', () => {
    const rows = settingsTable().split('\n');
    expect(rows).toContain(
      "| Pod CIDR | Pod CIDR (comma-separated for dual-stack) | `calico_pod_cidr` (`kube_pods_subnet`, `kube_pods_subnet_ipv6`) | `--pod-cidr CIDR` | the range the host's Kubernetes configuration states (controller-manager `--cluster-cidr`, kubeadm `podSubnet`, kube-proxy `clusterCIDR`), else 192.168.0.0/16 |",
    );
    expect(rows).toContain('| Datastore | Where Calico keeps its data: the Kubernetes API (kdd) or etcd | `calico_datastore` (`kdd` = kubernetes) | `--datastore kubernetes\\|etcd` | kubernetes |');
    expect(rows).toContain('| BGP | Calico runs BGP (BIRD); default: on unless VXLAN | `calico_bgp` (`calico_network_backend`) | `--bgp` | on, unless VXLAN |');
    expect(rows).toContain('| WireGuard port | WireGuard port, UDP | `calico_wireguard_port` | `--wireguard-port PORT` | 51820 |');
  });

  it('names in README every check whose verdict departs from the seed specification, with why', () => {
    for (const check of CHECKS.filter((entry) => entry.notes)) expect(README).toContain(`- **\`${check.id}\`** (${check.title}): ${check.notes}`);
    expect(README).toContain('`node.rp-filter`');
  });
});
