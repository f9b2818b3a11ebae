import { describe, expect, it } from 'vitest';
import { CHECKS, evaluateFleet, evaluateHost } from '../../src/checks/index.js';
import type { AuditSettings } from '../../src/core/settings.js';
import { blankHost, healthyHost, settings } from './facts.js';

/** The ids of ../shared/spec/checks.md: users' --skip lists and waivers depend on them. */
const SPEC_IDS = [
  'node.arch', 'node.kernel', 'node.distro', 'node.kernel-deps', 'node.networkmanager', 'node.firewall', 'node.privileges', 'node.rp-filter',
  'datastore.reachable', 'net.ports-free', 'net.peer-paths',
  'k8s.version', 'k8s.cni', 'k8s.privileged', 'k8s.sole-provider', 'k8s.kube-proxy', 'k8s.ip-pools', 'k8s.alp',
  'fleet.unique-hostnames', 'fleet.unique-addresses', 'fleet.mtu', 'fleet.clock-skew',
];

const EVERYTHING_ON: AuditSettings = settings({
  encapsulation: 'vxlan',
  bgp: true,
  wireguard: true,
  dataplane: 'ebpf',
  ipv6: true,
  typha: true,
  datastore: 'etcd',
  etcdEndpoints: ['https://10.0.0.5:2379'],
  kubeProxyMode: 'ipvs',
  alp: true,
});

describe('catalogue', () => {
  it('has every id of the spec, each once, and ids of the same shape for the checks added since', () => {
    const ids = CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(SPEC_IDS));
    for (const id of ids) expect(id).toMatch(/^(node|datastore|net|k8s|fleet)\.[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('describes every check with a title, section, requirement and link', () => {
    for (const check of CHECKS) {
      expect(check.id).toMatch(/^(node|datastore|net|k8s|fleet)\.[a-z0-9-]+$/);
      expect(check.title.length).toBeGreaterThan(3);
      expect(check.section.length).toBeGreaterThan(3);
      expect(check.requirement).toMatch(/\.$/);
      expect(check.docUrl).toMatch(/^https:\/\/projectcalico\.docs\.tigera\.io\/archive\/v3\.22\//);
    }
  });
});

describe('evaluateHost', () => {
  it('passes a healthy Ubuntu 16.04 host and skips what does not apply', () => {
    const findings = evaluateHost(healthyHost(), settings());
    const byStatus = (status: string) => findings.filter((finding) => finding.status === status).map((finding) => finding.check);
    expect(byStatus('skip').sort()).toEqual(['datastore.reachable', 'k8s.alp', 'k8s.cni', 'k8s.kube-proxy', 'k8s.privileged', 'k8s.version', 'node.bpf']);
    expect(byStatus('pass').length + byStatus('skip').length).toBe(findings.length);
    for (const finding of findings.filter((entry) => entry.status === 'pass')) expect(finding.evidence.length, finding.check).toBeGreaterThan(0);
  });

  for (const [name, mode] of [['default settings', settings()], ['every feature on', EVERYTHING_ON]] as const) {
    it(`never passes on missing facts (${name}); unknowns say how to get an answer`, () => {
      for (const finding of evaluateHost(blankHost(), mode)) {
        expect(finding.status, `${finding.check}: ${finding.summary}`).not.toBe('pass');
        if (finding.status === 'unknown') {
          expect(finding.remediation, finding.check).toBeTruthy();
          expect(finding.evidence.length, finding.check).toBeGreaterThan(0);
        }
      }
    });
  }

  it('gives every warn and fail a remediation and evidence', () => {
    const broken = healthyHost();
    broken.uname = { ...broken.uname, ...(broken.uname.ok ? { value: { ...broken.uname.value, machine: 'i686', kernelRelease: '3.9.11' } } : {}) };
    broken.os = { ok: true, value: { id: 'arch', idLike: [], versionId: '', name: 'Arch Linux', prettyName: 'Arch Linux', fields: {} }, source: '/etc/os-release' };
    // CAP_SYS_ADMIN (bit 21) dropped from PID 1's bounding set, as in a container
    if (broken.privileges.ok) broken.privileges.value.initCapBnd = '000001ffffdfffff';
    broken.listeners = { ok: true, value: [{ protocol: 'tcp', family: 4, address: '0.0.0.0', port: 179, process: 'bird' }], source: 'ss -ltnup' };
    const findings = evaluateHost(broken, settings());
    expect(findings.filter((finding) => finding.status === 'fail').map((finding) => finding.check).sort()).toEqual(['net.ports-free', 'node.arch', 'node.kernel', 'node.privileges']);
    for (const finding of findings.filter((entry) => entry.status === 'warn' || entry.status === 'fail')) {
      expect(finding.remediation, finding.check).toBeTruthy();
      expect(finding.evidence.length, finding.check).toBeGreaterThan(0);
    }
  });
});

describe('evaluateFleet', () => {
  it('names the check on every fleet finding and skips an empty fleet', () => {
    const findings = evaluateFleet([]);
    expect(findings.map((finding) => [finding.check, finding.status])).toEqual([
      ['fleet.unique-hostnames', 'skip'],
      ['fleet.unique-addresses', 'skip'],
      ['fleet.mtu', 'skip'],
      ['fleet.clock-skew', 'skip'],
    ]);
  });

  it('never passes when no host showed its facts', () => {
    const members = ['a', 'b'].map((name) => ({ name, address: name, facts: blankHost(), settings: settings() }));
    for (const finding of evaluateFleet(members)) {
      expect(finding.status, finding.check).toBe('unknown');
      expect(finding.hosts).toEqual(['a', 'b']);
      expect(finding.remediation).toBeTruthy();
    }
  });
});
