/** How each check status reads in reports, and how bad it is. */
import type { CheckStatus, HostResult, HostStatus } from '../core/result.js';

/** Worst first: the order statuses are listed and counted in. */
export const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'unknown', 'warn', 'waived', 'skip', 'pass'];

/** Statuses that ask someone to act. */
export const ACTION_STATUSES: ReadonlySet<CheckStatus> = new Set(['fail', 'unknown', 'warn']);

/** 0 for fine (pass, skip, waived), higher is worse. */
export function severity(status: CheckStatus): number {
  switch (status) {
    case 'fail':
      return 3;
    case 'unknown':
      return 2;
    case 'warn':
      return 1;
    default:
      return 0;
  }
}

export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'pass';
  for (const status of statuses) {
    if (STATUS_ORDER.indexOf(status) < STATUS_ORDER.indexOf(worst)) worst = status;
  }
  return worst;
}

/** Symbols readable in black and white (print) as well as in colour. */
export const STATUS_SYMBOL: Record<CheckStatus, string> = {
  pass: '✓',
  warn: '!',
  fail: '✗',
  unknown: '?',
  skip: '–',
  waived: 'W',
};

export function isReachable(host: HostResult): boolean {
  return host.status === 'ok';
}

/** Why a host could not be audited, in words. */
export const HOST_STATUS_TEXT: Record<Exclude<HostStatus, 'ok'>, string> = {
  dns: 'name does not resolve',
  refused: 'connection refused',
  timeout: 'timed out',
  'auth-failed': 'authentication failed',
  'host-key-unknown': 'host key not known',
  'host-key-changed': 'host key changed',
  'become-failed': 'could not become root',
  error: 'error',
};

export function hostStatusText(status: HostStatus): string {
  return status === 'ok' ? 'reached' : HOST_STATUS_TEXT[status];
}
