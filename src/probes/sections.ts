import type { RawProbeOutput } from './facts.js';

/** STUB — replaced by the probes module. */
export function splitProbeOutput(stdout: string, _nonce: string): Record<string, RawProbeOutput> {
  return { all: { stdout, exitCode: 0, truncated: false } };
}
