/**
 * The measured contenders. Each is one command line run on the whole fleet; the OpenSSH-based
 * ones get the key exchange our client prefers (curve25519-sha256) so the comparison is
 * about the tools, not about OpenSSH's costlier post-quantum default.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Fleet } from '../test/fleet/index.js';
import { CLI_PATH } from './dist.js';
import { EIGHT_TOOL_BUNDLE } from './probe-command.js';

export type ToolId = 'calico-preflight' | 'floor-ours' | 'pssh-probe' | 'pssh-bundle' | 'pssh-true' | 'ansible-probe';

export const TOOL_IDS: ToolId[] = ['calico-preflight', 'floor-ours', 'pssh-probe', 'pssh-bundle', 'pssh-true', 'ansible-probe'];

export const TOOL_LABELS: Record<ToolId, string> = {
  'calico-preflight': 'calico-preflight audit',
  'floor-ours': 'floor: true via our client',
  'pssh-probe': 'parallel-ssh, our probe script',
  'pssh-bundle': 'parallel-ssh, 8-tool bundle',
  'pssh-true': 'floor: parallel-ssh true',
  'ansible-probe': 'ansible -m raw, our probe script',
};

export interface RunContext {
  fleet: Fleet;
  forks: number;
  /** Scratch directory of this measurement (the tool's working directory). */
  workDir: string;
  probeCommand: string;
  /** `address:port` per line, for parallel-ssh. */
  hostsFile: string;
  /** Extra node flags for the audit (e.g. --cpu-prof). */
  auditNodeFlags: string[];
}

export interface Invocation {
  argv: string[];
  env?: Record<string, string>;
}

/** Wall, CPU and RSS the tool measured itself (the floor script), replacing the outside ones. */
export interface SelfReport {
  wallS: number;
  cpuS: number;
  maxRssKb: number;
  ok: number;
}

export interface Outcome {
  ok: number;
  /** The commonest failure reasons, "COUNT× reason". */
  failures: string[];
}

/** Groups failure reasons, most frequent first. */
export function topReasons(reasons: string[], limit = 3): string[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([reason, n]) => `${n}× ${reason}`);
}

export interface Tool {
  /** A ToolId, or `host:…` for a host-profile part. */
  id: string;
  label: string;
  invocation(ctx: RunContext): Invocation;
  /** Hosts that finished their command, and why the others did not, from what the run left behind. */
  outcome(stdout: string, ctx: RunContext): Outcome;
  selfReport?(stdout: string): SelfReport;
}

const FLOOR_SCRIPT = fileURLToPath(new URL('floor.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function opensshOptions(fleet: Fleet): string[] {
  return [
    'KexAlgorithms=curve25519-sha256',
    `UserKnownHostsFile=${fleet.knownHosts}`,
    'StrictHostKeyChecking=yes',
    'ControlMaster=no',
    'ControlPath=none',
    'BatchMode=yes',
    'IdentitiesOnly=yes',
  ].flatMap((option) => ['-o', option]);
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

const audit: Tool = {
  id: 'calico-preflight',
  label: TOOL_LABELS['calico-preflight'],
  invocation: (ctx) => ({
    argv: [
      process.execPath,
      ...ctx.auditNodeFlags,
      CLI_PATH,
      'audit',
      '-i',
      ctx.fleet.inventory,
      '--known-hosts',
      ctx.fleet.knownHosts,
      '--forks',
      String(ctx.forks),
      '--json',
      path.join(ctx.workDir, 'result.json'),
      '--html',
      path.join(ctx.workDir, 'report.html'),
    ],
  }),
  outcome(_stdout, ctx) {
    type Host = { status: string; phase?: string; message?: string };
    const result = JSON.parse(readFileSync(path.join(ctx.workDir, 'result.json'), 'utf8')) as { hosts: Host[] };
    const failed = result.hosts.filter((h) => h.status !== 'ok');
    return {
      ok: result.hosts.length - failed.length,
      failures: topReasons(failed.map((h) => `${h.status} (${h.phase ?? '?'}): ${h.message ?? ''}`.replace(/\d+(\.\d+){3}(:\d+)?/g, 'HOST'))),
    };
  },
};

/** COMMAND on every host through our own client (bench/floor.ts). */
export function throughOurClient(id: string, label: string, command: (ctx: RunContext) => string): Tool {
  return {
    id,
    label,
    invocation: (ctx) => ({
      argv: [process.execPath, '--import', TSX_LOADER, FLOOR_SCRIPT, ctx.fleet.inventory, ctx.fleet.knownHosts, String(ctx.forks), command(ctx)],
    }),
    outcome: (stdout) => {
      const report = floorReport(stdout);
      return { ok: report.ok, failures: report.failures };
    },
    selfReport: floorReport,
  };
}

function floorReport(stdout: string): SelfReport & { failures: string[] } {
  const line = stdout.trim().split('\n').pop() ?? '{}';
  const report = JSON.parse(line) as Partial<SelfReport & { failures: string[] }>;
  return {
    wallS: report.wallS ?? NaN,
    cpuS: report.cpuS ?? NaN,
    maxRssKb: report.maxRssKb ?? NaN,
    ok: report.ok ?? 0,
    failures: report.failures ?? [],
  };
}

function pssh(id: ToolId, command: (ctx: RunContext) => string): Tool {
  return {
    id,
    label: TOOL_LABELS[id],
    invocation: (ctx) => ({
      argv: [
        'parallel-ssh',
        '-p', String(ctx.forks),
        '-t', '0',
        '-h', ctx.hostsFile,
        '-l', 'root',
        '-x', [...opensshOptions(ctx.fleet), '-i', ctx.fleet.clientKey].join(' '),
        command(ctx),
      ],
    }),
    outcome: (stdout) => ({
      ok: countMatches(stdout, / \[SUCCESS\] /g),
      // "[7] 12:00:01 [FAILURE] 127.1.2.3:2222 Exited with error code 255"
      failures: topReasons([...stdout.matchAll(/ \[FAILURE\] \S+ (.*)$/gm)].map((m) => m[1] ?? '')),
    }),
  };
}

const ansible: Tool = {
  id: 'ansible-probe',
  label: TOOL_LABELS['ansible-probe'],
  invocation(ctx) {
    const config = path.join(ctx.workDir, 'ansible.cfg');
    writeFileSync(config, '');
    return {
      argv: ['ansible', 'all', '-i', ctx.fleet.inventory, '-m', 'raw', '-a', ctx.probeCommand, '-f', String(ctx.forks)],
      env: {
        ANSIBLE_CONFIG: config,
        ANSIBLE_SSH_ARGS: opensshOptions(ctx.fleet).join(' '),
        ANSIBLE_HOST_KEY_CHECKING: 'True',
        // Ansible's 10 s connect timeout would turn a loaded machine into failures, not times.
        ANSIBLE_TIMEOUT: '120',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_LOCALHOST_WARNING: 'False',
      },
    };
  },
  outcome: (stdout) => ({
    ok: countMatches(stdout, /^\S+ \| (CHANGED|SUCCESS) \| rc=0 /gm),
    failures: topReasons([...stdout.matchAll(/^\S+ \| (UNREACHABLE!|FAILED!?) \|? ?(.*)$/gm)].map((m) => `${m[1]} ${m[2] ?? ''}`.slice(0, 200))),
  }),
};

const ALL: Record<ToolId, Tool> = {
  'calico-preflight': audit,
  'floor-ours': throughOurClient('floor-ours', TOOL_LABELS['floor-ours'], () => 'true'),
  'pssh-probe': pssh('pssh-probe', (ctx) => ctx.probeCommand),
  'pssh-bundle': pssh('pssh-bundle', () => EIGHT_TOOL_BUNDLE),
  'pssh-true': pssh('pssh-true', () => 'true'),
  'ansible-probe': ansible,
};

/** Debian package that provides each external program. */
const PROGRAMS: Partial<Record<ToolId, { program: string; debianPackage: string }>> = {
  'pssh-probe': { program: 'parallel-ssh', debianPackage: 'pssh' },
  'pssh-bundle': { program: 'parallel-ssh', debianPackage: 'pssh' },
  'pssh-true': { program: 'parallel-ssh', debianPackage: 'pssh' },
  'ansible-probe': { program: 'ansible', debianPackage: 'ansible' },
};

function installed(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The requested tools that can run here, and a line for each one that cannot. */
export function availableTools(ids: ToolId[]): { tools: Tool[]; missing: string[] } {
  const tools: Tool[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const needs = PROGRAMS[id];
    if (needs && !installed(needs.program)) {
      missing.push(`${TOOL_LABELS[id]}: ${needs.program} not found (apt-get install ${needs.debianPackage}); skipped`);
      continue;
    }
    tools.push(ALL[id]);
  }
  return { tools, missing };
}
