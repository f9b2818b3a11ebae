/**
 * The fleet runner: every target audited once, at most `forks` at a time, each within its
 * own deadline. Results stream out through `onHostResult` as hosts finish and come back in
 * target order.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { HostResult } from '../core/result.js';
import { buildProbeCommand, probeRequestFor, type ProbeRequest } from '../probes/index.js';
import { CHECKS } from '../checks/index.js';
import { auditHost, interruptedResult, type HostJob, type HostRunContext } from './audit-host.js';
import { becomePlanFor } from './become.js';
import { connectTargetsOf } from './connect-targets.js';
import { createProgress } from './progress.js';
import { defaultSetupConcurrency, limitSetups } from './setup-limit.js';
import { RUN_DEFAULTS, type RunOptions, type RunTarget } from './types.js';

/** What the catalogue's checks need probed: every check is judged on every host. */
export function catalogueProbeRequest(): ProbeRequest {
  return probeRequestFor(CHECKS.map((check) => check.needs));
}

/** A fresh marker per run: section delimiters a host cannot know in advance. */
function newNonce(): string {
  return `CPF${randomBytes(12).toString('hex')}`;
}

/**
 * Plans every host before the first connection so a setting we cannot honour (a become user
 * other than root) stops the run with one clear error instead of failing host by host.
 */
function planJobs(targets: RunTarget[], options: RunOptions): HostJob[] {
  const connectTargets = connectTargetsOf(targets);
  return targets.map((target, index) => ({
    target,
    become: becomePlanFor(target.name, target.vars, options),
    connectTargets: connectTargets[index] ?? [],
  }));
}

/**
 * Audits every target and resolves with one HostResult per target, in target order; a host's
 * failure is its result, never a rejection. Rejects only before any connection (UserError: a
 * become setting we cannot honour, an unreadable key) or when `onHostResult` throws.
 */
export async function runAudit(targets: RunTarget[], options: RunOptions): Promise<HostResult[]> {
  const jobs = planJobs(targets, options);
  // Passphrases are asked (and key files read) before any host's deadline starts.
  await options.connector.prepare?.(targets.map((target) => target.connection));
  // Aborted by the caller's signal (Ctrl-C) or by a failing result sink.
  const stop = new AbortController();
  // Every running host listens on it: up to `forks` listeners is the design, not a leak.
  setMaxListeners(0, stop.signal);
  const stopWithCaller = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  options.signal?.addEventListener('abort', stopWithCaller, { once: true });

  const context: HostRunContext = {
    connector: limitSetups(options.connector, options.setupConcurrency ?? defaultSetupConcurrency()),
    nonce: newNonce(),
    timeoutMs: (options.timeoutSec ?? RUN_DEFAULTS.timeoutSec) * 1000,
    commandTimeoutMs: (options.commandTimeoutSec ?? RUN_DEFAULTS.commandTimeoutSec) * 1000,
    maxOutputBytes: options.maxOutputBytes ?? RUN_DEFAULTS.maxOutputBytes,
    buildCommand: options.buildCommand ?? buildProbeCommand,
    request: options.probeRequest ?? catalogueProbeRequest(),
    signal: stop.signal,
  };
  const limit = pLimit(Math.max(1, options.forks ?? RUN_DEFAULTS.forks));
  const progress = createProgress(targets.length, options.progressStream);
  let sinkFailure: { error: unknown } | undefined;

  const finish = (result: HostResult): HostResult => {
    progress.finished(result);
    if (sinkFailure === undefined) {
      try {
        options.onHostResult?.(result);
      } catch (error) {
        sinkFailure = { error };
        stop.abort();
      }
    }
    return result;
  };

  const runOne = async (job: HostJob): Promise<HostResult> => {
    if (stop.signal.aborted) return finish(interruptedResult(job.target));
    progress.started(job.target.name);
    return finish(await auditHost(job, context));
  };

  let results: HostResult[];
  try {
    results = await Promise.all(jobs.map((job) => limit(runOne, job)));
  } finally {
    options.signal?.removeEventListener('abort', stopWithCaller);
    progress.stop();
    options.connector.closeAll();
  }
  if (sinkFailure !== undefined) throw sinkFailure.error;
  return results;
}
