/** How commands reach a host: one interface for ssh and local. */
import type { ConnectPhase, HostStatus } from '../core/result.js';
import type { ConnectionSpec } from './connection-spec.js';

export type { ConnectionSpec, ConnectionFlags, Endpoint } from './connection-spec.js';

export interface ExecOptions {
  /** Client-side deadline for the command; the remote side is bounded too (see probes). */
  timeoutMs: number;
  /** Bytes written to the command's stdin, then stdin is closed (e.g. a sudo password). */
  stdin?: Buffer;
  /** Per-stream cap; output past it is dropped and `truncated` set. */
  maxOutputBytes?: number;
}

/** A piece of output reached us: how many bytes of the stream had arrived then, and when (epoch ms). */
export interface StreamArrival {
  bytes: number;
  epochMs: number;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
  signal?: string;
  truncated: boolean;
  /** When the command was sent (epoch ms, our clock): the earliest the host can have started it. */
  sentEpochMs: number;
  /** When each piece of stdout arrived, in order (kept bytes only). */
  stdoutArrivals: StreamArrival[];
}

/** How long reaching the host took (ssh only). */
export interface TransportTimings {
  /** TCP connect (or the jump host's channel), including name resolution. */
  connectMs: number;
  /** SSH handshake and login. */
  handshakeMs: number;
}

export interface Transport {
  readonly kind: 'ssh' | 'local';
  readonly timings?: TransportTimings;
  exec(command: string, options: ExecOptions): Promise<ExecResult>;
  close(): void;
}

export interface OpenOptions {
  /** Aborting ends the attempt at once; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * What is left of the host's overall budget: connect and handshake deadlines are cut to fit
   * inside it, so a host that runs out of time fails with the phase it was in.
   */
  timeLeftMs?: number;
}

/**
 * Opens transports for one run: owns the known_hosts store, decrypted keys and the pool
 * of jump-host connections (one per bastion, shared by every host behind it).
 */
export interface Connector {
  /** Rejects with HostError for anything host-specific, UserError for a local mistake (key file). */
  open(spec: ConnectionSpec, options?: OpenOptions): Promise<Transport>;
  /** Reads (and asks passphrases for) every key the specs need, before any deadline starts. */
  prepare?(specs: ConnectionSpec[]): Promise<void>;
  /** Closes every connection still open, bastions included. */
  closeAll(): void;
}

/** Why a host could not be reached or audited; carries the status the report shows. */
export class HostError extends Error {
  constructor(
    readonly status: Exclude<HostStatus, 'ok'>,
    readonly phase: ConnectPhase,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}
