/**
 * Typed readers for inventory variable values. Ansible gives booleans, numbers and strings
 * (and lists from YAML inventories); values still holding Jinja (`{{ … }}`) were never
 * rendered by us and are treated as unset.
 */
import type { VarValue } from '../core/vars.js';
import { parseCidrList } from './lib/cidr.js';
import { parseEndpoint } from '../core/endpoints.js';

/** Thrown by a reader; the caller turns it into a UserError naming the host and variable. */
export class InvalidValue extends Error {}

export function isTemplated(value: VarValue | undefined): boolean {
  return typeof value === 'string' && value.includes('{{');
}

export function text(value: VarValue): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  throw new InvalidValue(`must be a string (got ${JSON.stringify(value)})`);
}

const TRUE = new Set(['true', 'yes', 'on', '1', 'y']);
const FALSE = new Set(['false', 'no', 'off', '0', 'n', '']);

/** Ansible's truthy strings (the `bool` filter). */
export function bool(value: VarValue): boolean {
  if (typeof value === 'boolean') return value;
  const word = String(value).trim().toLowerCase();
  if (TRUE.has(word)) return true;
  if (FALSE.has(word)) return false;
  throw new InvalidValue(`must be true or false (got ${JSON.stringify(value)})`);
}

export function oneOf<T extends string>(allowed: readonly T[], aliases: Record<string, T> = {}) {
  return (value: VarValue): T => {
    const word = text(value).toLowerCase();
    const found = aliases[word] ?? allowed.find((entry) => entry === word);
    if (!found) throw new InvalidValue(`must be ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    return found;
  };
}

export function port(value: VarValue): number {
  const number = typeof value === 'number' ? value : Number(text(value));
  if (!Number.isInteger(number) || number < 1 || number > 65535) throw new InvalidValue(`must be a port number 1–65535 (got ${JSON.stringify(value)})`);
  return number;
}

/** One CIDR, or a comma-separated dual-stack pair. */
export function cidrs(value: VarValue): string {
  const raw = text(value);
  const parsed = parseCidrList(raw);
  if (parsed.length === 0 || parsed.includes(null)) throw new InvalidValue(`must be a CIDR such as 192.168.0.0/16 (got ${JSON.stringify(value)})`);
  return parsed.map((cidr) => cidr!.text).join(',');
}

export function endpoint(value: VarValue): string {
  const raw = text(value);
  if (!parseEndpoint(raw, 1)) throw new InvalidValue(`must be HOST:PORT or a URL (got ${JSON.stringify(value)})`);
  return raw;
}

/** A YAML list or a comma-separated string. */
export function endpointList(value: VarValue): string[] {
  const items = Array.isArray(value) ? value : text(value).split(',');
  return items.map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '').map((item) => endpoint(item));
}
