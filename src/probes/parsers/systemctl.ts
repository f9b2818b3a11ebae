/**
 * `systemctl is-active UNIT…`: one state per unit, in order. Without systemd as PID 1 it
 * prints an error instead ("System has not been booted with systemd…") — then nothing here
 * is trusted and the caller falls back to the process list.
 */
import type { ServiceState } from '../../core/facts.js';

const STATES: Record<string, ServiceState> = {
  active: 'active', reloading: 'active', inactive: 'inactive', failed: 'failed',
  activating: 'activating', deactivating: 'active', unknown: 'not-found',
};

export function parseSystemctlIsActive(text: string, units: readonly string[]): Record<string, ServiceState> | null {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length !== units.length) return null;
  const out: Record<string, ServiceState> = {};
  for (const [i, unit] of units.entries()) {
    const state = STATES[lines[i]!];
    if (state === undefined) return null;
    out[unit] = state;
  }
  return out;
}
