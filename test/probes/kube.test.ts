/**
 * kubelet and kube-proxy as the probe sees them on a real /proc: stand-in programs named
 * kubelet and kube-proxy run while the probe runs (a script's process name is its file
 * name, as for the real binaries). All of it runs in a new PID namespace with its own /proc,
 * so kubelets of other tests on this machine stay out of sight.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeRun } from './run-probe.js';
import { skipOutsideCi, skipUnlessTools } from '../support/tools.js';
import { probeRequestFor } from '../../src/probes/index.js';
import { CHECKS } from '../../src/checks/catalogue.js';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI) throw new Error('CI must run the kube probe tests, but they need root (unshare --pid)');
const skip = isRoot ? skipUnlessTools(['/bin/dash', '/bin/sleep', '/usr/bin/unshare'], 'apt-get install dash coreutils util-linux') : skipOutsideCi('it needs root for unshare --pid --mount-proc');

describe.skipIf(skip !== undefined)(`kubelet and kube-proxy${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  let run: ProbeRun;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'probe-kube-'));
    const stand = (name: string, version: string) => {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\ncase "$1" in --version) echo "Kubernetes ${version}"; exit 0;; esac\nsleep 120\n`);
      chmodSync(path, 0o755);
      return path;
    };
    const kubelet = stand('kubelet', 'v1.23.4');
    const kubeProxy = stand('kube-proxy', 'v1.23.4');
    writeFileSync(join(dir, 'config.conf'), 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: "ipvs"\n');
    // PID 1 of the namespace starts the stand-ins, then runs the probe command ($1); when it
    // exits the kernel ends every process left in the namespace.
    const init = `${kubelet} --network-plugin=cni --allow-privileged=false & ${kubeProxy} --config ${join(dir, 'config.conf')} & sleep 0.3; /bin/dash -c "$1"`;
    // kubelet and kube-proxy as units too, which no check asks about: the services fact's process fallback
    const request = probeRequestFor([...CHECKS.map((check) => check.needs), { facts: ['services'], units: ['kubelet', 'kube-proxy'] }]);
    run = await runProbe(['/usr/bin/unshare', '--pid', '--fork', '--mount-proc', '/bin/dash', '-c', init, 'init'], { request }, {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('kubelet: installed, its version, and the running arguments from /proc/PID/cmdline', () => {
    expect(run.facts.kubelet).toMatchObject({
      ok: true,
      value: {
        installed: true,
        path: join(dir, 'kubelet'),
        version: 'v1.23.4',
        running: true,
        args: ['--network-plugin=cni', '--allow-privileged=false'],
      },
    });
  });

  it('kube-proxy: running, and its mode from the --config file read through /proc/PID/root', () => {
    expect(run.facts.kubeProxy).toMatchObject({ ok: true, value: { running: true, mode: 'ipvs' } });
  });

  it('kubelet and kube-proxy count as active services when systemd cannot say', () => {
    const { services } = run.facts;
    if (!services.ok || services.value.kubelet?.method === 'systemctl') return;
    expect(services.value.kubelet?.state).toBe('active');
    expect(services.value['kube-proxy']?.state).toBe('active');
  });
});
