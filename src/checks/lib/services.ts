/** Reading a service's state from the services fact. */
import type { Evidence } from '../../core/result.js';
import type { ServiceInfo } from '../../core/facts.js';
import { evidence } from './verdict.js';

export type Running = 'running' | 'stopped' | 'unknown';

export function runningState(info: ServiceInfo | undefined): Running {
  if (!info || info.state === 'unknown') return 'unknown';
  return info.state === 'active' || info.state === 'activating' ? 'running' : 'stopped';
}

export function serviceEvidence(name: string, info: ServiceInfo | undefined, source: string): Evidence {
  return evidence(info ? `${name}: ${info.state} (by ${info.method})` : `${name}: not probed`, source);
}
