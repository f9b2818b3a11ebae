/**
 * One host, start to finish: connect, run the probe command once, interpret its output.
 * Never throws and never outlives its own deadline: every failure becomes a HostResult.
 */
import type { ConnectPhase, HostResult } from '../core/result.js';
import { HostError, type Connector, type Transport } from '../transport/types.js';
import type { ProbePlan } from '../probes/index.js';
import type { BecomePlan } from './become.js';
import { interpretProbeOutput, firstLine, type ProbeOutcome } from './interpret.js';
import type { RunTarget } from './types.js';

/** Everything a host run needs that is the same for the whole run. */
export interface HostRunContext {
  connector: Connector;
  nonce: string;
  timeoutMs: number;
  commandTimeoutMs: number;
  maxOutputBytes: number;
  buildCommand: (plan: ProbePlan) => string;
  /** What every host's probe looks at. */
  request: ProbePlan['request'];
  /** The run's abort signal: Ctrl-C. */
  signal?: AbortSignal;
}

export interface HostJob {
  target: RunTarget;
  become: BecomePlan;
  connectTargets: ProbePlan['connectTargets'];
}

/**
 * Settles like `work`, or rejects with the signal's reason as soon as it aborts. A result
 * that arrives too late is handed to `discard` so a transport opened after the deadline
 * still gets closed.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, discard?: (late: T) => void): Promise<T> {
  if (signal.aborted) {
    work.then(discard, () => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.then(discard, () => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) discard?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const PHASE_WORDS: Record<ConnectPhase, string> = {
  dns: 'resolving its name',
  connect: 'connecting',
  handshake: 'in the SSH handshake',
  auth: 'authenticating',
  become: 'becoming root',
  command: 'running the probes',
  total: 'starting',
};

function failureOutcome(error: unknown, phase: ConnectPhase): ProbeOutcome {
  if (error instanceof HostError) return { status: error.status, phase: error.phase, message: firstLine(error.message) };
  const text = error instanceof Error ? error.message : String(error);
  return { status: 'error', phase, message: firstLine(text) || 'unexpected failure' };
}

/** For a host the run never started because it was interrupted first. */
export function interruptedResult(target: RunTarget): HostResult {
  return baseResult(target, { status: 'error', phase: 'total', message: 'interrupted' }, { totalMs: 0 });
}

function baseResult(target: RunTarget, outcome: ProbeOutcome, timings: HostResult['timings']): HostResult {
  const { connection } = target;
  const result: HostResult = {
    name: target.name,
    address: connection.host,
    port: connection.port,
    status: outcome.status,
    transport: connection.kind,
    timings,
    settings: target.settings,
    findings: [],
  };
  if (outcome.message !== undefined) result.message = outcome.message;
  if (outcome.phase !== undefined) result.phase = outcome.phase;
  if (connection.user !== undefined) result.user = connection.user;
  if (connection.via !== undefined) result.via = connection.via;
  if (outcome.raw !== undefined) result.raw = outcome.raw;
  if (outcome.facts !== undefined) result.facts = outcome.facts;
  return result;
}

/** How much earlier than the per-host cap the transport's phase deadlines end. */
const PHASE_MARGIN_MS = 250;

/**
 * The deadline the host enforces on itself (`timeout`), a second under ours: OpenSSH ignores
 * a client's signal request on many servers and closing the channel leaves the command
 * running, so only the host can stop its own processes. Ending first, it also sends back
 * what the probes printed so far, which our own deadline would throw away.
 */
function remoteTimeoutSec(execTimeoutMs: number): number {
  return Math.max(1, Math.floor(execTimeoutMs / 1000) - 1);
}

export async function auditHost(job: HostJob, context: HostRunContext): Promise<HostResult> {
  const { target } = job;
  const started = performance.now();
  const timings: HostResult['timings'] = { totalMs: 0 };
  let phase: ConnectPhase = 'connect';

  // One signal per host: its own overall cap, or the run being interrupted.
  const hostAbort = new AbortController();
  const capSec = Math.round(context.timeoutMs / 100) / 10;
  const capTimer = setTimeout(() => {
    hostAbort.abort(new HostError('timeout', phase === 'command' ? 'command' : 'total',
      `no result within the per-host limit of ${capSec}s (stopped while ${PHASE_WORDS[phase]})`));
  }, context.timeoutMs);
  const onRunAbort = (): void => hostAbort.abort(new HostError('error', phase, 'interrupted'));
  context.signal?.addEventListener('abort', onRunAbort, { once: true });
  if (context.signal?.aborted) onRunAbort();

  let transport: Transport | undefined;
  let outcome: ProbeOutcome;
  try {
    transport = await untilAborted(
      // The transport's own phase deadlines end just inside the cap, so they name the phase.
      context.connector.open(target.connection, { signal: hostAbort.signal, timeLeftMs: context.timeoutMs - PHASE_MARGIN_MS }),
      hostAbort.signal,
      (late) => late.close(),
    );
    if (transport.timings) {
      timings.connectMs = transport.timings.connectMs;
      timings.handshakeMs = transport.timings.handshakeMs;
    } else {
      timings.connectMs = Math.round(performance.now() - started);
    }

    phase = 'command';
    const execTimeoutMs = Math.max(1, Math.min(context.commandTimeoutMs, context.timeoutMs - (performance.now() - started)));
    const plan: ProbePlan = {
      nonce: context.nonce,
      become: job.become.mode,
      remoteTimeoutSec: remoteTimeoutSec(execTimeoutMs),
      request: context.request,
      connectTargets: job.connectTargets,
      // Ports the inventory moved (calico_bgp_port=1179, …) are the ones whose owner matters.
      ownerPorts: Object.values(target.settings.ports),
    };
    const command = context.buildCommand(plan);
    const execStarted = performance.now();
    const exec = await untilAborted(
      transport.exec(command, {
        timeoutMs: execTimeoutMs,
        maxOutputBytes: context.maxOutputBytes,
        ...(job.become.stdin ? { stdin: job.become.stdin } : {}),
      }),
      hostAbort.signal,
    );
    timings.execMs = Math.round(performance.now() - execStarted);
    outcome = interpretProbeOutput(exec, { nonce: context.nonce, remoteTimeoutSec: plan.remoteTimeoutSec });
  } catch (error) {
    outcome = failureOutcome(error, phase);
  } finally {
    clearTimeout(capTimer);
    context.signal?.removeEventListener('abort', onRunAbort);
    closeQuietly(transport);
  }
  timings.totalMs = Math.round(performance.now() - started);
  return baseResult(target, outcome, timings);
}

function closeQuietly(transport: Transport | undefined): void {
  try {
    transport?.close();
  } catch {
    // Closing an already-broken connection can throw; the host's result is already decided.
  }
}
