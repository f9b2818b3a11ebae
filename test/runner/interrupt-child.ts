/**
 * Run by interrupt.test.ts as its own process: audits the hosts in $TARGETS (JSON) the way the
 * CLI does, with Ctrl-C handling and a --jsonl file, and prints a summary line when it ends.
 */
import { interruptOnSignals, openJsonlWriter, runAudit, type RunTarget } from '../../src/runner/index.js';
import { createConnector } from '../../src/transport/index.js';

const targets = JSON.parse(process.env.TARGETS ?? '[]') as RunTarget[];
const interrupt = interruptOnSignals();
const jsonl = openJsonlWriter(process.env.JSONL ?? '');
let started = 0;
const results = await runAudit(targets, {
  connector: createConnector({ knownHostsFile: process.env.KNOWN_HOSTS ?? '', agentSocket: null }),
  forks: 2,
  timeoutSec: 60,
  signal: interrupt.signal,
  onHostResult: (result) => jsonl.write(result),
  // The first two hosts answer at once, the others hang until interrupted.
  buildCommand: () => (++started <= 2 ? 'echo quick' : `sleep ${process.env.MARKER ?? '60'}`),
});
jsonl.close();
interrupt.dispose();
process.stdout.write(`${JSON.stringify({ signal: interrupt.received(), statuses: results.map((r) => r.message ?? r.status) })}\n`);
