/**
 * Turns what the probe command printed into a host outcome: sections, facts, and whether the
 * host counts as audited. Pure (bytes in, outcome out) so it can be tested on saved output.
 */
import type { ConnectPhase, HostStatus } from '../core/result.js';
import { SECTION, becomeFailure, parseFacts, splitProbeOutput } from '../probes/index.js';
import type { ClockWindow, HostFacts, RawProbeOutput } from '../probes/index.js';
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

export interface ProbeRun {
  nonce: string;
  /** The deadline the command was given on the host. */
  remoteTimeoutSec: number;
}

/** Where the line closing section `id` ends in the stream, or -1. */
function sectionEndOffset(stdout: Buffer, nonce: string, id: string): number {
  const opener = Buffer.from(`${nonce} end `);
  for (let at = stdout.indexOf(opener); at >= 0; at = stdout.indexOf(opener, at + opener.length)) {
    const lineEnd = stdout.indexOf(0x0a, at);
    const line = stdout.subarray(at, lineEnd < 0 ? stdout.length : lineEnd).toString('latin1');
    if (line.endsWith(` ${id}`)) return lineEnd < 0 ? stdout.length : lineEnd + 1;
  }
  return -1;
}

/**
 * The window of our clock the host's clock reading falls in: from sending the command to
 * the arrival of the piece of output that closed the clock section (the host printed it
 * right after reading its clock). Without that section, the whole command's duration.
 */
export function clockWindow(exec: ExecResult, nonce: string): ClockWindow {
  const end = sectionEndOffset(exec.stdout, nonce, SECTION.clock);
  const arrivals = exec.stdoutArrivals;
  const arrival = (end < 0 ? undefined : arrivals.find((entry) => entry.bytes >= end)) ?? arrivals.at(-1);
  return { sentEpochMs: exec.sentEpochMs, receivedEpochMs: arrival?.epochMs ?? exec.sentEpochMs };
}

/** GNU timeout's status when it stopped the command, and a shell's for SIGTERM/SIGKILL. */
const STOPPED_BY_DEADLINE = new Set([124, 143, 137]);

function stoppedEarly(exec: ExecResult, run: ProbeRun): Pick<ProbeOutcome, 'status' | 'phase' | 'message'> {
  if (exec.code !== null && STOPPED_BY_DEADLINE.has(exec.code)) {
    return { status: 'timeout', phase: 'command', message: `the probes did not finish within ${run.remoteTimeoutSec}s on the host; partial output kept` };
  }
  const stderr = firstLine(exec.stderr.toString('utf8'));
  return { status: 'error', phase: 'command', message: `the probe script stopped early (${exitDescription(exec)})${stderr ? `: ${stderr}` : ''}` };
}

export function interpretProbeOutput(exec: ExecResult, run: ProbeRun): ProbeOutcome {
  // Decoded once, whole: a multi-byte character split across chunks stays intact.
  const stdout = exec.stdout.toString('utf8');
  // A stream cut at the byte cap leaves its last sections open: they come back marked truncated.
  const raw = splitProbeOutput(stdout, run.nonce, { truncated: exec.truncated });

  if (Object.keys(raw).length === 0) {
    const stderr = firstLine(exec.stderr.toString('utf8'));
    return {
      status: 'error',
      phase: 'command',
      message: `the probe script printed no results (${exitDescription(exec)})${stderr ? `: ${stderr}` : ''}`,
    };
  }

  let facts: HostFacts;
  try {
    facts = parseFacts(raw, clockWindow(exec, run.nonce));
  } catch (error) {
    // A parser bug must cost this host its facts, never the run: keep the raw output for a re-run.
    return {
      status: 'error',
      phase: 'command',
      message: `could not parse the probe output: ${firstLine(String(error instanceof Error ? error.message : error))}`,
      raw,
    };
  }
  // Output cut at the byte cap is still a finished audit: the sections say what was truncated.
  if (raw[SECTION.end] === undefined && !exec.truncated) return { ...stoppedEarly(exec, run), raw, facts };
  const becomeProblem = becomeFailure(raw);
  if (becomeProblem !== null) {
    return { status: 'become-failed', phase: 'become', message: `could not become root: ${firstLine(becomeProblem)}`, raw, facts };
  }
  return { status: 'ok', raw, facts };
}
