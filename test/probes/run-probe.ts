/** Runs the real probe command on this machine, as the runner's local transport would. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { buildProbeCommand, parseFacts, splitProbeOutput, becomeFailure } from '../../src/probes/index.js';
import type { ProbePlan } from '../../src/probes/index.js';
import { catalogueProbeRequest } from '../../src/runner/index.js';

export interface ProbeRun {
  nonce: string;
  stdout: string;
  stderr: string;
  code: number | null;
  raw: ReturnType<typeof splitProbeOutput>;
  facts: ReturnType<typeof parseFacts>;
  become: string | null;
  ms: number;
}

export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

/** `argv` runs the command string, e.g. ['dash', '-c'] or ['su', 'u', '-s', '/bin/sh', '-c']. */
export async function runProbe(
  argv: string[],
  plan: Partial<ProbePlan> = {},
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProbeRun> {
  const full: ProbePlan = { nonce: newNonce(), become: 'none', remoteTimeoutSec: 30, request: catalogueProbeRequest(), connectTargets: [], ...plan };
  const command = buildProbeCommand(full);
  const started = Date.now();
  const child = spawn(argv[0]!, [...argv.slice(1), command], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  child.stdin.end(options.stdin ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = Date.now() - started;
  const stdout = Buffer.concat(out).toString('utf8');
  const raw = splitProbeOutput(stdout, full.nonce);
  return { nonce: full.nonce, stdout, stderr: Buffer.concat(err).toString('utf8'), code, raw, facts: parseFacts(raw, { sentEpochMs: started, receivedEpochMs: started + ms }), become: becomeFailure(raw), ms };
}

