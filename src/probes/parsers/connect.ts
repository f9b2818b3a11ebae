/**
 * Outcome of one TCP connect test: the probe's exit status and message from bash's
 * `exec 3<>/dev/tcp/H/P` (124: no answer before the one `timeout 2` over all targets) or
 * `nc -v -z -w 2`.
 */
import type { ConnectOutcome } from '../../core/facts.js';

export function connectOutcome(exitCode: number | null, message: string): ConnectOutcome {
  if (exitCode === 0) return 'connected';
  if (/invalid option|unrecognized option|usage:|not found/i.test(message)) return 'error';
  if (/refused/i.test(message)) return 'refused';
  if (exitCode === 124 || /timed out|timeout/i.test(message)) return 'timeout';
  if (/no route to host|network is unreachable|unreachable/i.test(message)) return 'unreachable';
  return 'error';
}
