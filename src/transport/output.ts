import type { StreamArrival } from './types.js';

/**
 * Collects one output stream as raw bytes up to a cap; decoding happens later, once. Notes
 * when each piece arrived, so a reader can tell when a given byte reached us.
 */
export class CappedOutput {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  readonly arrivals: StreamArrival[] = [];

  constructor(private readonly maxBytes: number = Number.POSITIVE_INFINITY) {}

  push(chunk: Buffer): void {
    const room = this.maxBytes - this.size;
    if (room <= 0) {
      if (chunk.length > 0) this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
    this.arrivals.push({ bytes: this.size, epochMs: Date.now() });
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}
