/** The runner's public surface, used by the `audit` command. */
export { catalogueProbeRequest, runAudit } from './run-audit.js';
export { RUN_DEFAULTS } from './types.js';
export type { RunTarget, RunOptions } from './types.js';
export type { Connector, ConnectionSpec } from '../transport/index.js';
export type { BecomeOptions } from './become.js';
export { openJsonlWriter, type JsonlWriter } from './jsonl.js';
export { interruptOnSignals, type Interrupt } from './interrupt.js';
