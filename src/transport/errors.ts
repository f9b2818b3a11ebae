/** Turns socket and ssh2 failures into HostErrors with the status and phase a report shows. */
import type { ConnectPhase } from '../core/result.js';
import { HostError } from './types.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);

export function socketError(error: NodeJS.ErrnoException, where: string): HostError {
  const code = error.code ?? '';
  if (DNS_CODES.has(code)) return new HostError('dns', 'dns', `cannot resolve ${where} (${code})`);
  if (code === 'ECONNREFUSED') return new HostError('refused', 'connect', `connection refused by ${where}`);
  if (code === 'ETIMEDOUT') return new HostError('timeout', 'connect', `TCP connect to ${where} timed out`);
  const detail = code ? `${code}: ${error.message}` : error.message;
  return new HostError('error', 'connect', `cannot connect to ${where}: ${detail}`);
}

/** A channel the bastion could not open to the target (OpenSSH sends strerror text). */
export function forwardError(error: Error, where: string, bastion: string): HostError {
  const text = error.message;
  const via = `via ${bastion}`;
  if (/refused/i.test(text)) return new HostError('refused', 'connect', `connection refused by ${where} (${via})`);
  if (/not known|resolve|getaddrinfo|no address/i.test(text)) {
    return new HostError('dns', 'dns', `${bastion} cannot resolve ${where}`);
  }
  if (/timed out/i.test(text)) return new HostError('timeout', 'connect', `TCP connect to ${where} timed out (${via})`);
  return new HostError('error', 'connect', `${bastion} could not open a channel to ${where}: ${text}`);
}

/** The message when the server closes the connection before the login completed. */
export const CLOSED_BEFORE_LOGIN = 'connection closed before login';

interface Ssh2Error extends Error {
  level?: string;
}

/** Failures between TCP connect and a logged-in session. */
export function sessionError(error: Ssh2Error, where: string, phase: ConnectPhase, deadlineMs: number): HostError {
  if (error instanceof HostError) return error;
  if (error.level === 'client-authentication') {
    return new HostError('auth-failed', 'auth', `authentication failed on ${where}: all configured methods were refused`);
  }
  if (error.level === 'client-timeout') {
    const what = phase === 'auth' ? 'authentication' : 'SSH handshake';
    return new HostError('timeout', phase, `${what} with ${where} did not finish within ${deadlineMs / 1000}s`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' || code === 'EPIPE' || error.message === CLOSED_BEFORE_LOGIN) {
    return new HostError('error', phase, `${where} closed the connection during the ${phase === 'auth' ? 'login' : 'handshake'}`);
  }
  return new HostError('error', phase, `${phase === 'auth' ? 'login' : 'SSH handshake'} with ${where} failed: ${error.message}`);
}
