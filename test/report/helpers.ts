/** Shared by the report tests: fixtures, a generated large fleet, and tool lookup. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AuditResult, HostResult } from '../../src/core/result.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';
import { loadResult } from '../../src/report/load-result.js';

export const FLEET_JSON = fileURLToPath(new URL('../fixtures/results/fleet.json', import.meta.url));

export function loadFleet(): AuditResult {
  return loadResult(FLEET_JSON);
}

export const LARGE_FLEET = {
  size: 500,
  /** Hosts 37–40 time out. */
  unreachable: [37, 38, 39, 40],
  /** Every 50th host has NetworkManager managing Calico's interfaces. */
  failing: [50, 100, 150, 200, 250, 300, 350, 400, 450, 500],
};

/** worker001…worker500: most pass, LARGE_FLEET.failing fail one check, LARGE_FLEET.unreachable time out. */
export function generateLargeFleet(): AuditResult {
  const hosts: HostResult[] = [];
  for (let i = 1; i <= LARGE_FLEET.size; i++) {
    const name = `worker${String(i).padStart(3, '0')}`;
    const base: HostResult = {
      name,
      address: `198.18.${Math.floor(i / 256)}.${i % 256}`,
      port: 22,
      status: 'ok',
      transport: 'ssh',
      timings: { totalMs: 700 + i },
      settings: DEFAULT_SETTINGS,
      findings: [],
    };
    if (LARGE_FLEET.unreachable.includes(i)) {
      hosts.push({ ...base, status: 'timeout', phase: 'connect', message: `no answer within 10 s` });
      continue;
    }
    const nmFails = LARGE_FLEET.failing.includes(i);
    hosts.push({
      ...base,
      findings: [
        { check: 'node.arch', status: 'pass', summary: 'x86_64 is supported', evidence: [] },
        { check: 'node.kernel', status: 'pass', summary: 'kernel 5.15.0-91-generic is at least 3.10', evidence: [] },
        nmFails
          ? {
              check: 'node.networkmanager',
              status: 'fail',
              summary: 'NetworkManager is active and manages cali* interfaces',
              evidence: [{ fact: 'active', command: 'systemctl is-active NetworkManager' }],
              remediation: 'Write /etc/NetworkManager/conf.d/calico.conf',
            }
          : { check: 'node.networkmanager', status: 'pass', summary: 'NetworkManager is not running', evidence: [] },
        { check: 'k8s.version', status: 'skip', summary: 'kubelet is not installed', evidence: [] },
      ],
    });
  }
  return {
    tool: { name: 'calico-preflight', version: '0.1.0' },
    startedAt: '2026-11-25T20:00:00.000Z',
    finishedAt: '2026-11-25T20:01:10.000Z',
    run: { user: 'ci', auditor: 'runner-7', inventories: ['inventories/workers.ini'], argv: ['audit', '-i', 'inventories/workers.ini'] },
    settings: DEFAULT_SETTINGS,
    hosts,
    fleet: [],
  };
}

/**
 * The reason to skip a test needing `command` (naming the Debian package), or undefined when
 * it is installed. Under CI a missing tool fails the run instead of skipping.
 */
export function missingTool(command: string, debianPackage: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
  if (found) return undefined;
  const reason = `${command} is not installed (apt-get install ${debianPackage})`;
  if (process.env.CI) throw new Error(`CI must run this test, but ${reason}`);
  return reason;
}
