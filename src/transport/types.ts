/** How commands reach a host: one interface for ssh and local. */
import type { ConnectPhase, HostStatus } from '../core/result.js';

export interface ExecOptions {
  /** Client-side deadline for the command; the remote side is bounded too (see probes). */
  timeoutMs: number;
  /** Bytes written to the command's stdin, then stdin is closed (e.g. a sudo password). */
  stdin?: Buffer;
  /** Per-stream cap; output past it is dropped and `truncated` set. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
  signal?: string;
  truncated: boolean;
}

export interface Transport {
  readonly kind: 'ssh' | 'local';
  exec(command: string, options: ExecOptions): Promise<ExecResult>;
  close(): void;
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
