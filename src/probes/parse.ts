import type { HostFacts, RawProbeOutput } from './facts.js';

/** STUB — replaced by the probes module. */
export function parseFacts(_raw: Record<string, RawProbeOutput>, _ctx: { auditorEpochMs: number }): HostFacts {
  throw new Error('not implemented');
}

/** STUB: the reason become failed, or null when it worked or was not asked for. */
export function becomeFailure(_raw: Record<string, RawProbeOutput>): string | null {
  return null;
}
