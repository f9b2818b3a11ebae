/**
 * The requirement profiles as data: every fact cites where it is written, versions resolve the
 * way users write them, windows are well formed, and the v3.22 profile holds exactly the
 * values of the seed page and checks.md that today's checks hard-code.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, kubernetesStanding, matchingDistribution, PROFILES, profileFor, type RequirementProfile } from '../../src/checks/profiles/index.js';
import { UserError } from '../../src/core/errors.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { MINIMUM_KERNEL } from '../../src/checks/node/kernel.js';
import { CALICO_NM_CONF } from '../../src/checks/node/networkmanager.js';
import { requiredKernelItems } from '../../src/checks/node/kernel-items.js';
import { parseOsRelease } from '../../src/probes/parsers/os-release.js';
import { fixture, settings } from './facts.js';

const profile = (version: string) => profileFor(version);

/** Paths of values that are not a `{ value, source }` fact (or a group of facts). */
function bareValues(node: unknown, path: string): string[] {
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    if ('source' in node) return 'value' in node ? [] : [`${path} has a source but no value`];
    return Object.entries(node).flatMap(([key, child]) => bareValues(child, `${path}.${key}`));
  }
  return [`${path} is not a sourced fact`];
}

/** Every fact of a profile with its path. */
function facts(node: unknown, path: string): { path: string; source: unknown; note: unknown }[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  if ('source' in node) return [{ path, source: node.source, note: (node as { note?: unknown }).note }];
  return Object.entries(node).flatMap(([key, child]) => facts(child, `${path}.${key}`));
}

const withoutHeader = ({ version: _version, requirementsUrl: _url, ...rest }: RequirementProfile) => rest;

describe('every fact names its source', () => {
  it.each(PROFILES.map((entry) => [entry.version, entry] as const))('%s', (_version, entry) => {
    expect(bareValues(withoutHeader(entry), entry.version)).toEqual([]);
    const all = facts(withoutHeader(entry), entry.version);
    expect(all.length).toBeGreaterThan(25);
    for (const { path, source, note } of all) {
      expect(typeof source, path).toBe('string');
      const parts = String(source).split('; ');
      // A docs URL, a file of a public repository at a 40-digit commit, or the seed spec.
      for (const part of parts) expect(part, path).toMatch(/https:\/\/\S+|^[\w.-]+\/[\w.-]+:\S+@[0-9a-f]{40}$|shared\/spec\/\S+/);
      if (note !== undefined) expect(String(note).trim().length, path).toBeGreaterThan(10);
    }
  });

  it('names a requirements page of its own release', () => {
    for (const entry of PROFILES) expect(entry.requirementsUrl).toMatch(new RegExp(`^https://\\S+${entry.version.replace('.', '\\.')}/getting-started/kubernetes/requirements$`));
  });
});

describe('profileFor', () => {
  it.each([
    ['3.28', '3.28'],
    ['v3.28', '3.28'],
    ['3.28.2', '3.28'],
    ['V3.31.0-rc1', '3.31'],
    [' 3.30 ', '3.30'],
    ['3.22', '3.22'],
  ])('%s → %s', (text, version) => {
    expect(profileFor(text).version).toBe(version);
  });

  it('defaults to the seed release, which ships', () => {
    expect(DEFAULT_PROFILE).toBe('3.22');
    expect(profileFor(DEFAULT_PROFILE)).toBe(PROFILES[0]);
  });

  it.each(['3.27', '3.3', '3', 'latest', '', '3.28.x', '4.0'])('rejects %j in one sentence naming the known versions', (text) => {
    let error: unknown;
    try {
      profileFor(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toContain(`"${text}"`);
    for (const entry of PROFILES) expect(message).toContain(entry.version);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('ships at least two release lines beyond v3.22, oldest first, each once', () => {
    const versions = PROFILES.map((entry) => entry.version);
    expect(versions.length).toBeGreaterThanOrEqual(3);
    expect(new Set(versions).size).toBe(versions.length);
    const minors = versions.map((version) => Number(version.split('.')[1]));
    expect(minors).toEqual([...minors].sort((a, b) => a - b));
  });
});

describe('windows and floors are well formed', () => {
  it.each(PROFILES.map((entry) => [entry.version, entry] as const))('%s', (_version, entry) => {
    const { tested, mayWork, brokenAtOrBelow } = entry.kubernetes.value;
    expect(tested.from).toBeLessThanOrEqual(tested.through);
    if (mayWork) {
      expect(mayWork.from).toBeLessThanOrEqual(mayWork.through);
      expect(mayWork.through).toBeLessThan(tested.from);
    }
    if (brokenAtOrBelow !== null) expect(brokenAtOrBelow).toBeLessThan(mayWork?.from ?? tested.from);
    const nftables = entry.dataplanes.nftables.value;
    if (nftables) expect(entry.kubeProxyModes.value.map((mode) => mode.mode)).toContain('nftables');
    const alp = entry.applicationLayerPolicy.value;
    if (alp?.kubernetesFrom != null && alp.kubernetesBelow != null) expect(alp.kubernetesFrom).toBeLessThan(alp.kubernetesBelow);
    if (alp?.recommendedKubernetesFrom != null) expect(alp.recommendedKubernetesFrom).toBeLessThanOrEqual(entry.kubernetes.value.tested.through);
    for (const rule of entry.distributions.value) {
      if (rule.versionFrom && rule.versionThrough) expect(Number.parseFloat(rule.versionFrom)).toBeLessThanOrEqual(Number.parseFloat(rule.versionThrough));
    }
    expect(entry.ports.wireguardV6.value === null).toBe(entry.interfaces.value.wireguardV6 === null);
  });

  it('tested Kubernetes windows move forward release by release', () => {
    const windows = PROFILES.map((entry) => entry.kubernetes.value.tested);
    windows.slice(1).forEach((window, index) => {
      expect(window.from).toBeGreaterThanOrEqual(windows[index]!.from);
      expect(window.through).toBeGreaterThanOrEqual(windows[index]!.through);
    });
  });
});

describe('v3.22 is the seed', () => {
  const seed = profile('3.22');

  it('holds the node requirements today\'s checks hard-code', () => {
    expect(seed.architectures.value).toEqual(['x86-64', 'arm64', 'ppc64le', 's390x']);
    expect(seed.kernel.documented.value).toBe(MINIMUM_KERNEL);
    expect(seed.kernel.codeFloor.value).toBe('3.10');
    expect(seed.distributions.value.map((rule) => rule.label)).toEqual([
      'RedHat Linux 7',
      'CentOS 7',
      'CoreOS Container Linux stable',
      'Flatcar Container Linux (successor of CoreOS Container Linux)',
      'Ubuntu 16.04',
      'Debian 8',
    ]);
    const names = seed.interfaces.value;
    expect(CALICO_NM_CONF).toContain([names.workload, names.ipip, names.vxlan, names.wireguard].map((name) => `interface-name:${name}`).join(';'));
    expect([names.vxlanV6, names.wireguardV6]).toEqual([null, null]);
  });

  it('holds the ports of the audit settings', () => {
    const { bgp, vxlan, typha, wireguard } = seed.ports;
    expect({ bgp: bgp.value, vxlan: vxlan.value, typha: typha.value, wireguard: wireguard.value }).toEqual(DEFAULT_SETTINGS.ports);
    expect([seed.ports.ipipProtocol.value, seed.ports.etcd.value, seed.ports.apiserver.value, seed.ports.wireguardV6.value]).toEqual([4, 2379, [443, 6443], null]);
  });

  it('judges Kubernetes as the seed table does: 1.21–1.23 pass, ≤ 1.15 fail, the rest warn', () => {
    for (let minor = 0; minor <= 40; minor += 1) {
      const standing = kubernetesStanding(seed.kubernetes.value, minor);
      const seedVerdict = minor >= 21 && minor <= 23 ? 'pass' : minor <= 15 ? 'fail' : 'warn';
      expect({ minor, verdict: standing === 'tested' ? 'pass' : standing === 'broken' ? 'fail' : 'warn' }).toEqual({ minor, verdict: seedVerdict });
    }
    expect(kubernetesStanding(seed.kubernetes.value, 17)).toBe('may-work');
    expect(kubernetesStanding(seed.kubernetes.value, 19)).toBe('untested');
  });

  it('holds the eBPF, kube-proxy and ALP prerequisites of the seed', () => {
    const ebpf = seed.dataplanes.ebpf;
    expect([ebpf.architectures.value, ebpf.kernel.value, ebpf.bpffsPremounted.value]).toEqual([['x86-64'], { generic: '5.3', rhel: '4.18.0-193' }, true]);
    expect(ebpf.kernelConfig.value).toEqual(['CONFIG_BPF_SYSCALL', 'CONFIG_NET_CLS_BPF', 'CONFIG_NET_SCH_INGRESS']);
    expect(seed.dataplanes.nftables.value).toBeNull();
    expect(seed.kubeProxyModes.value).toEqual([
      { mode: 'iptables', minimumKubernetes: null },
      { mode: 'ipvs', minimumKubernetes: '1.9.3' },
    ]);
    expect(seed.applicationLayerPolicy.value).toEqual({ mutatingAdmissionWebhook: true, istio: ['1.9', '1.10'], kubernetesFrom: 17, kubernetesBelow: 23, recommendedKubernetesFrom: null, policySyncVolume: 'flexvolume' });
    expect(seed.cni.value.kubeletFlag).toBe('--network-plugin=cni');
    expect(seed.coexistingProviders.value).toEqual([]);
  });

  it('lists the iptables matches and targets node.kernel-deps looks for', () => {
    const items = requiredKernelItems(settings(), { nftBackend: false });
    const names = (kind: 'match' | 'target') => items.flatMap((item) => (item.iptables?.kind === kind ? [item.iptables.name] : []));
    const { matches, targets } = seed.kernelDependencies.value;
    // xt_tcpudp registers udp next to tcp; ACCEPT and DROP are built into ip_tables. sctp and
    // LOG are the seed's but not the check's: Felix v3.22 never matches -m sctp and logs only
    // for policies with a Log action (node.kernel-deps notes).
    expect([...names('match'), 'udp', 'sctp'].sort()).toEqual([...matches].sort());
    expect([...names('target'), 'ACCEPT', 'DROP', 'LOG'].sort()).toEqual([...targets].sort());
  });
});

const fixtureDir = (path: string) => fileURLToPath(new URL(`../fixtures/checks/${path}`, import.meta.url));
const osReleases = readdirSync(fixtureDir('os-release')).flatMap((dir) =>
  readdirSync(fixtureDir(`os-release/${dir}`)).map((file) => ({ dir, os: parseOsRelease(fixture(`os-release/${dir}/${file}`))! })),
);

describe('known-to-work distributions on every os-release of the corpus', () => {
  const known = (version: string) => (os: (typeof osReleases)[number]['os']) => matchingDistribution(profile(version).distributions.value, os)?.label ?? null;

  it('v3.22 takes exactly the seed list (RHEL 7, CentOS 7, CoreOS, Ubuntu 16.04, Debian 8)', () => {
    const seedList = /^(centos-7|coreos-|debian-8|rhel-7\.|ubuntu-16\.04)/;
    expect(osReleases.length).toBeGreaterThan(80);
    for (const { dir, os } of osReleases) expect({ dir, known: known('3.22')(os) !== null }).toEqual({ dir, known: seedList.test(dir) });
  });

  it('v3.29 and later take Ubuntu ≥ 20.04, RHEL ≥ 8 and its rebuilds, Debian ≥ 10', () => {
    const current = /^(ubuntu-(2[0-9]\.)|rhel-(8|9|10)\.|rocky-|almalinux-|centos-(9|10)$|centos-8$|debian-(1[0-9])$)/;
    for (const version of ['3.29', '3.30', '3.31', '3.32']) {
      for (const { dir, os } of osReleases) expect({ version, dir, known: known(version)(os) !== null }).toEqual({ version, dir, known: current.test(dir) });
    }
  });

  it('v3.28 takes Ubuntu 18.04 (not 16.04), Flatcar and Fedora CoreOS', () => {
    const v28 = known('3.28');
    const flatcar = parseOsRelease('NAME="Flatcar Container Linux by Kinvolk"\nID=flatcar\nID_LIKE=coreos\nVERSION_ID=3033.2.4\n')!;
    // Fedora CoreOS writes ID=fedora and VARIANT_ID=coreos (os-release(5) VARIANT_ID).
    const fcos = parseOsRelease('NAME="Fedora Linux"\nVERSION_ID=39\nID=fedora\nVARIANT="CoreOS"\nVARIANT_ID=coreos\n')!;
    const fedora = parseOsRelease('NAME="Fedora Linux"\nVERSION_ID=39\nID=fedora\nVARIANT_ID=workstation\n')!;
    expect([v28(flatcar), v28(fcos), v28(fedora)]).toEqual(['Flatcar Container Linux', 'Fedora CoreOS', null]);
    const byDir = (dir: string) => v28(osReleases.find((entry) => entry.dir === dir)!.os);
    expect([byDir('ubuntu-18.04'), byDir('ubuntu-16.04'), byDir('ubuntu-22.04')]).toEqual(['Ubuntu 18.04', null, null]);
  });

  it('reads Bottlerocket and Talos versions as they write them', () => {
    // Bottlerocket 1.47.0's /etc/os-release; Talos writes VERSION_ID with a leading v.
    const bottlerocket = (version: string) => parseOsRelease(`NAME=Bottlerocket\nID=bottlerocket\nVARIANT_ID=aws-k8s-1.34\nVERSION_ID=${version}\n`)!;
    const talos = (version: string) => parseOsRelease(`NAME="Talos"\nID=talos\nVERSION_ID=${version}\n`)!;
    const v31 = known('3.31');
    expect([v31(bottlerocket('1.47.0')), v31(bottlerocket('1.46.2')), v31(talos('v1.6.4')), v31(talos('v1.5.5'))]).toEqual([
      'Bottlerocket 1.47 or later',
      null,
      'Talos 1.6 or later',
      null,
    ]);
  });
});

describe('newer releases', () => {
  it('move the documented kernel floor to 5.10 from v3.29 but keep the code floor at 3.10', () => {
    expect(PROFILES.map((entry) => [entry.version, entry.kernel.documented.value, entry.kernel.codeFloor.value])).toEqual([
      ['3.22', '3.10', '3.10'],
      ['3.28', '3.10', '3.10'],
      ['3.29', '5.10', '3.10'],
      ['3.30', '5.10', '3.10'],
      ['3.31', '5.10', '3.10'],
      ['3.32', '5.10', '3.10'],
    ]);
    for (const entry of PROFILES.filter((candidate) => candidate.kernel.documented.value === '5.10')) expect(entry.kernel.documented.note).toContain('RHEL 8');
  });

  it('open IPv6 WireGuard on 51821 and name its interface', () => {
    for (const entry of PROFILES.slice(1)) {
      expect([entry.ports.wireguard.value, entry.ports.wireguardV6.value]).toEqual([51820, 51821]);
      expect([entry.interfaces.value.vxlanV6, entry.interfaces.value.wireguardV6]).toEqual(['vxlan-v6.calico', 'wg-v6.cali']);
    }
  });

  it('add nftables in v3.29 (tech preview until v3.31) and need kernel 5.13 for it', () => {
    expect(PROFILES.map((entry) => entry.dataplanes.nftables.value?.status ?? null)).toEqual([null, null, 'tech-preview', 'tech-preview', 'ga', 'ga']);
    for (const entry of PROFILES.filter((candidate) => candidate.dataplanes.nftables.value)) {
      expect(entry.dataplanes.nftables.value).toMatchObject({ kernelMinimum: '5.13', nftMinimum: '1.0.1', minimumKubernetes: '1.31.0' });
    }
  });

  it('run eBPF on arm64 too, with the Kubernetes datastore only, and raise its kernel gate in v3.32', () => {
    for (const entry of PROFILES.slice(1)) {
      expect(entry.dataplanes.ebpf.architectures.value).toEqual(['x86-64', 'arm64']);
      expect(entry.dataplanes.ebpf.datastores.value).toEqual(['kubernetes']);
      expect(entry.dataplanes.ebpf.bpffsPremounted.value).toBe(false);
    }
    expect(PROFILES.map((entry) => entry.dataplanes.ebpf.kernel.value.generic)).toEqual(['5.3', '5.3', '5.3', '5.3', '5.3', '5.10']);
    expect(profile('3.32').dataplanes.ebpf.kernel.value.rhel).toBe('4.18.0-305');
  });

  it('drop the FlexVolume limit from ALP (CSI since v3.23)', () => {
    for (const entry of PROFILES.slice(1)) {
      expect(entry.applicationLayerPolicy.value).toMatchObject({ kubernetesBelow: null, policySyncVolume: 'csi' });
    }
  });
});
