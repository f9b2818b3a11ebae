/** The runner's inputs: which hosts, how to reach them, and the limits it runs under. */
import type { AuditSettings } from '../core/settings.js';
import type { HostResult } from '../core/result.js';
import type { HostVars } from '../core/vars.js';
import type { ProbePlan } from '../probes/index.js';
import type { ConnectionSpec, Connector } from '../transport/types.js';
import type { BecomeOptions } from './become.js';

export interface RunTarget {
  /** Inventory host name. */
  name: string;
  /** Merged inventory variables (become settings are read from here). */
  vars: HostVars;
  settings: AuditSettings;
  /** From resolveConnection (src/transport): ssh endpoint and jumps, or `local`. */
  connection: ConnectionSpec;
}

export interface RunOptions extends BecomeOptions {
  /** From createConnector (src/transport); the run closes every connection it left open. */
  connector: Connector;
  /** Hosts audited at once (`--forks`). */
  forks?: number;
  /** Connections in setup (TCP, handshake, login) at once; default 32 per core. */
  setupConcurrency?: number;
  /** Per-host cap over every phase (`--timeout`), seconds. */
  timeoutSec?: number;
  /** Deadline for the probe command, seconds; also enforced on the host with `timeout`. */
  commandTimeoutSec?: number;
  /** Per-stream output cap for the probe command, bytes. */
  maxOutputBytes?: number;
  /** Aborting ends the run cleanly: unfinished hosts end as `error` "interrupted". */
  signal?: AbortSignal;
  /**
   * Called once per host, in finishing order, as soon as its result is known (also for hosts
   * marked interrupted). If it throws, the run stops and runAudit rejects with that error.
   */
  onHostResult?: (result: HostResult) => void;
  /** Where the progress line goes; drawn only when it is a TTY. Omit (or --quiet) for none. */
  progressStream?: NodeJS.WriteStream;
  /** What the probe looks at; default: what the catalogue's checks need. */
  probeRequest?: ProbePlan['request'];
  /** The command a host runs; tests swap it (e.g. for `sleep 1000`). */
  buildCommand?: (plan: ProbePlan) => string;
}

export const RUN_DEFAULTS = {
  forks: 50,
  timeoutSec: 120,
  commandTimeoutSec: 90,
  maxOutputBytes: 4 * 1024 * 1024,
} as const;
