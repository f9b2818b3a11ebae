/**
 * Values the probe reads from this machine's kernel and firmware, checked against what Node reads
 * itself: integer sysctls whole (dash's read(1) gets only their first byte), the online CPUs, the
 * networkd files systemd ships (each once, though /lib is /usr/lib here), and DMI fields, faked
 * for one run by an overlay over /sys/class in a private mount namespace.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeRun } from './run-probe.js';
import { skipOutsideCi, skipUnlessTools } from '../support/tools.js';
import { kubeFixture } from './kube-fixtures.js';

const skip = skipUnlessTools(['/bin/dash', '/usr/bin/grep'], 'apt-get install dash grep');
const CONNTRACK_MAX = '/proc/sys/net/netfilter/nf_conntrack_max';

describe.skipIf(skip !== undefined)(`host values${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let run: ProbeRun;
  beforeAll(async () => {
    run = await runProbe(['/bin/dash', '-c']);
  });

  it.skipIf(!existsSync(CONNTRACK_MAX))('reads nf_conntrack_max whole, as the kernel gives it', () => {
    expect(run.facts.sysctl.ok && run.facts.sysctl.value['net.netfilter.nf_conntrack_max']).toBe(readFileSync(CONNTRACK_MAX, 'utf8').trim());
    expect(readFileSync(CONNTRACK_MAX, 'utf8').trim().length).toBeGreaterThan(1);
  });

  it('counts the online CPUs', () => {
    expect(run.facts.onlineCpus).toEqual({ ok: true, value: cpus().length, source: '/sys/devices/system/cpu/online' });
  });

  it.skipIf(!existsSync('/usr/lib/systemd/network/80-container-ve.network') || !lstatSync('/lib').isSymbolicLink())(
    "reads systemd's own .network files once each, though /lib is a link to /usr/lib",
    () => {
      const networkd = run.facts.interfaceManagers.ok ? run.facts.interfaceManagers.value.networkd : [];
      expect(networkd.map((file) => file.path)).toContain('/usr/lib/systemd/network/80-container-ve.network');
      expect(Object.keys(run.raw).filter((id) => id.startsWith('f:/lib/'))).toEqual([]);
    },
  );
});

const isRoot = process.getuid?.() === 0;
const skipDmi = isRoot ? skipUnlessTools(['/usr/bin/unshare', '/bin/dash'], 'apt-get install util-linux dash') : skipOutsideCi('it needs root for an overlay in a mount namespace');

describe.skipIf(skipDmi !== undefined)(`DMI fields${skipDmi ? ` (skipped: ${skipDmi})` : ''}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'probe-dmi-'));
    mkdirSync(join(dir, 'dmi/id'), { recursive: true });
    writeFileSync(join(dir, 'dmi/id/sys_vendor'), 'Microsoft Corporation\n');
    writeFileSync(join(dir, 'dmi/id/chassis_asset_tag'), kubeFixture('dmi/azure/chassis_asset_tag'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names an Azure VM from its chassis asset tag, read as any user may', async () => {
    const init = `mount -t overlay probe-dmi -o lowerdir=${dir}:/sys/class /sys/class && "$@"`;
    const azure = await runProbe(['/usr/bin/unshare', '--mount', '--propagation', 'private', '/bin/dash', '-c', init, 'init', '/bin/dash', '-c']);
    expect(azure.facts.platform).toMatchObject({ ok: true, value: { cloud: 'azure', fields: { sys_vendor: 'Microsoft Corporation', chassis_asset_tag: '7783-7084-3265-9085-8269-3286-77' } } });
  });
});
