/**
 * Turns what the probe command printed into a host outcome: sections, facts, and whether the
 * host counts as audited. Pure (bytes in, outcome out) so it can be tested on saved output.
 */
import type { ConnectPhase, HostStatus } from '../core/result.js';
import { becomeFailure, parseFacts, splitProbeOutput } from '../probes/index.js';
import type { HostFacts, RawProbeOutput } from '../probes/index.js';
import type { ExecResult } from '../transport/types.js';

export interface ProbeOutcome {
  status: HostStatus;
  phase?: ConnectPhase;
  message?: string;
  raw?: Record<string, RawProbeOutput>;
  facts?: HostFacts;
}

/** The first non-empty line of a stream, shortened, for a one-line message. */
export function firstLine(text: string, max = 400): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '')?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function exitDescription(exec: ExecResult): string {
  if (exec.signal) return `killed by signal ${exec.signal}`;
  return exec.code === null ? 'no exit status' : `exit status ${exec.code}`;
}

export function interpretProbeOutput(exec: ExecResult, nonce: string, auditorEpochMs: number): ProbeOutcome {
  // Decoded once, whole: a multi-byte character split across chunks stays intact.
  const stdout = exec.stdout.toString('utf8');
  // A stream cut at the byte cap leaves its last sections open: they come back marked truncated.
  const raw = splitProbeOutput(stdout, nonce, { truncated: exec.truncated });

  if (Object.keys(raw).length === 0) {
    const stderr = firstLine(exec.stderr.toString('utf8'));
    return {
      status: 'error',
      phase: 'command',
      message: `the probe script printed no results (${exitDescription(exec)})${stderr ? `: ${stderr}` : ''}`,
    };
  }

  const becomeProblem = becomeFailure(raw);
  let facts: HostFacts;
  try {
    facts = parseFacts(raw, { auditorEpochMs });
  } catch (error) {
    // A parser bug must cost this host its facts, never the run: keep the raw output for a re-run.
    return {
      status: 'error',
      phase: 'command',
      message: `could not parse the probe output: ${firstLine(String(error instanceof Error ? error.message : error))}`,
      raw,
    };
  }
  if (becomeProblem !== null) {
    return { status: 'become-failed', phase: 'become', message: `could not become root: ${firstLine(becomeProblem)}`, raw, facts };
  }
  return { status: 'ok', raw, facts };
}
