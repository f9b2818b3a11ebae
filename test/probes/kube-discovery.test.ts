/**
 * Finding kubelet and the cluster the way the probe does on real hosts, on a real /proc: each
 * host is a private mount and PID namespace whose /etc, /opt or /var/lib gain files through a
 * read-only overlay (Flatcar's /opt/bin/kubelet, RKE2's kubelet, kubeadm's kubelet.conf …) and
 * whose processes run under kubelet's and k3s's names. A copy of sleep(1) named kubelet, started
 * from a directory on no path the probe knows, can only be found through /proc/PID/exe.
 * The API server named in kubelet.conf listens on 127.0.0.1 (a port of this test) or not at all.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeRun } from './run-probe.js';
import { skipOutsideCi, skipUnlessTools } from '../support/tools.js';
import { kubeFixture } from './kube-fixtures.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI) throw new Error('CI must run the kubelet discovery tests, but they need root (unshare, mount)');
const skip = isRoot
  ? skipUnlessTools(['/bin/dash', '/usr/bin/unshare', '/usr/bin/sleep', '/usr/bin/readlink', '/usr/bin/timeout', '/bin/bash', '/usr/sbin/useradd', '/usr/bin/sudo', '/bin/su'], 'apt-get install dash util-linux coreutils bash passwd sudo')
  : skipOutsideCi('it needs root for unshare --mount --pid');

interface HostSpec {
  /** Files by mount point (/etc, /opt, /var/lib) and path below it, with their mode (default 0644). */
  overlays?: Record<string, Record<string, { text: string; mode?: number }>>;
  /** Shell commands PID 1 starts in the background as root before the probe runs. */
  start?: string[];
  /** How the probe command is run: as root by default, else e.g. through su. */
  login?: string[];
  env?: NodeJS.ProcessEnv;
}

let dir: string;
let hostCount = 0;

/** Runs the real probe in a host made of `spec`; the namespace (and its processes) ends with it. */
function probeOn(spec: HostSpec, plan: Parameters<typeof runProbe>[1] = {}): Promise<ProbeRun> {
  const hostDir = join(dir, `host${hostCount++}`);
  const mounts = Object.entries(spec.overlays ?? {}).map(([target, files]) => {
    const layer = join(hostDir, target.replaceAll('/', '_'));
    for (const [path, { text, mode }] of Object.entries(files)) {
      mkdirSync(dirname(join(layer, path)), { recursive: true });
      writeFileSync(join(layer, path), text, { mode: mode ?? 0o644 });
      chmodSync(join(layer, path), mode ?? 0o644);
    }
    return `mount -t overlay probe-test -o lowerdir=${layer}:${target} ${target}`;
  });
  const init = [...mounts, ...(spec.start ?? []).map((command) => `${command} </dev/null >/dev/null 2>&1 &`), 'sleep 0.3', '"$@"'].join('\n');
  const argv = ['/usr/bin/unshare', '--mount', '--pid', '--fork', '--mount-proc', '--propagation', 'private', '/bin/dash', '-c', init, 'init', ...(spec.login ?? ['/bin/dash', '-c'])];
  return runProbe(argv, plan, spec.env ? { env: spec.env } : {});
}

/** A kubelet stand-in answering --version like the real one, then staying up. */
function kubeletScript(version: string): { text: string; mode: number } {
  return { text: `#!/bin/sh\ncase "$1" in --version) echo "${version}"; exit 0;; esac\nexec sleep 120\n`, mode: 0o755 };
}

const KUBELET_CONF = { 'kubernetes/kubelet.conf': { text: kubeFixture('kubeadm/kubelet-with-embedded-cert.yaml').replace('https://10.0.2.15:6443', 'https://127.0.0.1:PORT'), mode: 0o600 } };

describe.skipIf(skip !== undefined)(`kubelet and cluster discovery${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: Server;
  let port: number;
  let freePort: number;
  const conf = (listening: boolean) => ({ 'kubernetes/kubelet.conf': { ...KUBELET_CONF['kubernetes/kubelet.conf'], text: KUBELET_CONF['kubernetes/kubelet.conf'].text.replace('PORT', String(listening ? port : freePort)) } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'probe-kube-discovery-'));
    execFileSync('chmod', ['755', dir]);
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    freePort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a running kubelet on no known path through /proc/PID/exe', async () => {
    const odd = join(dir, 'odd');
    mkdirSync(odd, { recursive: true });
    copyFileSync('/usr/bin/sleep', join(odd, 'kubelet'));
    chmodSync(join(odd, 'kubelet'), 0o755);
    const run = await probeOn({ start: [`cd ${odd} && ./kubelet 120`] });
    expect(run.facts.kubelet).toMatchObject({ ok: true, value: { installed: true, path: join(odd, 'kubelet'), running: true, foundBy: '/proc/PID/exe of the running kubelet' } });
    // the binary is sleep(1): its --version names no Kubernetes
    expect(run.facts.kubelet.ok && run.facts.kubelet.value.version).toBeNull();
  });

  it("finds Flatcar's /opt/bin/kubelet and RKE2's kubelet, which are on no PATH", async () => {
    const flatcar = await probeOn({ overlays: { '/opt': { 'bin/kubelet': kubeletScript('Kubernetes v1.23.6') } } });
    expect(flatcar.facts.kubelet).toMatchObject({ ok: true, value: { installed: true, path: '/opt/bin/kubelet', version: 'v1.23.6', running: false, foundBy: 'a known install path' } });
    const rke2 = await probeOn({ overlays: { '/var/lib': { 'rancher/rke2/bin/kubelet': kubeletScript('Kubernetes v1.23.6+rke2r2') } } });
    expect(rke2.facts.kubelet).toMatchObject({ ok: true, value: { installed: true, path: '/var/lib/rancher/rke2/bin/kubelet', version: 'v1.23.6+rke2r2' } });
  });

  it('finds k3s, whose binary runs the kubelet, and its running server process', async () => {
    const bin = join(dir, 'k3s-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'k3s'), '#!/bin/sh\ncase "$1" in --version) printf "k3s version v1.19.4+k3s-95ea0e16 (95ea0e16)\\ngo version go1.15.2\\n"; exit 0;; esac\n', { mode: 0o755 });
    // k3s execs its data dir's k3s-server: the process is named so (k3s-io/k3s cmd/k3s/main.go stageAndRun)
    copyFileSync('/usr/bin/sleep', join(bin, 'k3s-server'));
    chmodSync(join(bin, 'k3s-server'), 0o755);
    const run = await probeOn({ start: [`${join(bin, 'k3s-server')} 120`], env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(run.facts.kubelet).toMatchObject({ ok: true, value: { installed: true, path: join(bin, 'k3s'), embeddedIn: 'k3s', version: 'v1.19.4+k3s-95ea0e16', running: true } });
  });

  it("reads only the server: lines of kubelet.conf and connects to that server in the same run", async () => {
    const run = await probeOn({ overlays: { '/etc': conf(true) } });
    expect(run.stdout).not.toContain('client-certificate-data');
    expect(run.facts.kubeCluster).toMatchObject({ ok: true, value: { apiServers: [{ value: `https://127.0.0.1:${port}`, source: '/etc/kubernetes/kubelet.conf (server:)' }] } });
    expect(run.facts.connectivity.ok && run.facts.connectivity.value).toEqual([
      expect.objectContaining({ purpose: 'datastore', from: '/etc/kubernetes/kubelet.conf', address: '127.0.0.1', port, outcome: 'connected' }),
    ]);
    const refused = await probeOn({ overlays: { '/etc': conf(false) } });
    expect(refused.facts.connectivity.ok && refused.facts.connectivity.value).toEqual([expect.objectContaining({ from: '/etc/kubernetes/kubelet.conf', port: freePort, outcome: 'refused' })]);
  });

  it('connects to no server the plan already names a datastore for, and never to one that is not a plain address', async () => {
    const planned = await probeOn({ overlays: { '/etc': conf(true) } }, { connectTargets: [{ purpose: 'datastore', target: 'api', address: '127.0.0.1', port: freePort }] });
    expect(planned.facts.connectivity.ok && planned.facts.connectivity.value.map((probe) => probe.from)).toEqual([undefined]);
    const owned = join(dir, 'owned');
    const hostile = await probeOn({ overlays: { '/etc': { 'kubernetes/kubelet.conf': { text: `clusters:\n- cluster:\n    server: https://$(touch ${owned}):6443\n`, mode: 0o600 } } } });
    expect(hostile.facts.connectivity.ok && hostile.facts.connectivity.value).toEqual([expect.objectContaining({ from: '/etc/kubernetes/kubelet.conf', outcome: 'error', detail: 'not a plain host name or IP address' })]);
    expect(existsSync(owned)).toBe(false);
  });

  it("reads the controller-manager's manifest and kubeadm's podSubnet, never its bootstrap token", async () => {
    const run = await probeOn({
      overlays: {
        '/etc': {
          'kubernetes/manifests/kube-controller-manager.yaml': { text: kubeFixture('kubeadm/kube-controller-manager.yaml'), mode: 0o600 },
          'kubernetes/kubeadm-config.yaml': { text: kubeFixture('kubeadm/defaulted.yaml'), mode: 0o640 },
        },
      },
    });
    expect(run.stdout).not.toContain('s73ybu');
    expect(run.facts.kubeCluster.ok && run.facts.kubeCluster.value.podCidrs).toEqual([
      { value: '10.244.0.0/16', source: '/etc/kubernetes/manifests/kube-controller-manager.yaml (kube-controller-manager --cluster-cidr)' },
      { value: '10.148.0.0/16', source: '/etc/kubernetes/kubeadm-config.yaml (kubeadm ClusterConfiguration podSubnet)' },
    ]);
  });

  describe('as a user who is not root, with become', () => {
    const user = `cpfk${randomBytes(3).toString('hex')}`;
    beforeAll(() => {
      execFileSync('/usr/sbin/useradd', ['--no-create-home', '--shell', '/bin/sh', user]);
    });
    afterAll(() => {
      execFileSync('/usr/sbin/userdel', [user], { stdio: 'ignore' });
    });

    it('leaves to root what only root can read: the running kubelet\'s binary and kubelet.conf, and connects from there', async () => {
      const odd = join(dir, 'odd-root');
      mkdirSync(odd, { recursive: true });
      copyFileSync('/usr/bin/sleep', join(odd, 'kubelet'));
      chmodSync(join(odd, 'kubelet'), 0o755);
      const sudoers = { [`sudoers.d/${user}`]: { text: `Defaults:${user} lecture=never\n${user} ALL=(ALL) NOPASSWD: ALL\n`, mode: 0o440 } };
      const run = await probeOn({ overlays: { '/etc': { ...conf(true), ...sudoers } }, start: [`cd ${odd} && ./kubelet 120`], login: ['/bin/su', user, '-s', '/bin/sh', '-c'] }, { become: 'sudo' });
      expect(run.become).toBeNull();
      expect(run.facts.kubelet).toMatchObject({ ok: true, value: { installed: true, path: join(odd, 'kubelet'), foundBy: '/proc/PID/exe of the running kubelet (as root)' } });
      expect(run.facts.kubeCluster.ok && run.facts.kubeCluster.value.apiServers).toEqual([{ value: `https://127.0.0.1:${port}`, source: '/etc/kubernetes/kubelet.conf (server:)' }]);
      expect(run.facts.connectivity.ok && run.facts.connectivity.value).toEqual([expect.objectContaining({ from: '/etc/kubernetes/kubelet.conf', outcome: 'connected' })]);
      expect(run.stdout).not.toContain('client-certificate-data');
    });

    it('without become, says which file it could not read', async () => {
      const run = await probeOn({ overlays: { '/etc': conf(true) }, login: ['/bin/su', user, '-s', '/bin/sh', '-c'] });
      expect(run.facts.kubeCluster).toMatchObject({ ok: true, value: { apiServers: [], unreadable: ['/etc/kubernetes/kubelet.conf'] } });
    });
  });
});
