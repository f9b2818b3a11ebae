/**
 * Typed readers for setting values, one per kind of src/core/setting-kinds.ts. Ansible gives
 * booleans, numbers and strings (and lists from YAML inventories); values still holding
 * Jinja (`{{ … }}`) were never rendered by us and are treated as unset.
 */
import type { ChoiceKind, Kind, ValueOf } from '../core/setting-kinds.js';
import type { VarValue } from '../core/vars.js';
import { parseCidrList } from './lib/cidr.js';
import { parseEndpoint } from '../core/endpoints.js';
import { findProfile, knownVersions } from './profiles/index.js';

/** Thrown by a reader; the caller turns it into a UserError naming the host and variable. */
export class InvalidValue extends Error {}

export function isTemplated(value: VarValue | undefined): boolean {
  return typeof value === 'string' && value.includes('{{');
}

function text(value: VarValue): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  throw new InvalidValue(`must be a string (got ${JSON.stringify(value)})`);
}

const TRUE = new Set(['true', 'yes', 'on', '1', 'y']);
const FALSE = new Set(['false', 'no', 'off', '0', 'n', '']);

/** Ansible's truthy strings (the `bool` filter). */
function bool(value: VarValue): boolean {
  if (typeof value === 'boolean') return value;
  const word = String(value).trim().toLowerCase();
  if (TRUE.has(word)) return true;
  if (FALSE.has(word)) return false;
  throw new InvalidValue(`must be true or false (got ${JSON.stringify(value)})`);
}

function oneOf({ choices, aliases }: ChoiceKind, value: VarValue): string {
  const word = text(value).toLowerCase();
  const found = aliases[word] ?? choices.find((entry) => entry === word);
  if (!found) throw new InvalidValue(`must be ${choices.join(', ')} (got ${JSON.stringify(value)})`);
  return found;
}

function port(value: VarValue): number {
  const number = typeof value === 'number' ? value : Number(text(value));
  if (!Number.isInteger(number) || number < 1 || number > 65535) throw new InvalidValue(`must be a port number 1–65535 (got ${JSON.stringify(value)})`);
  return number;
}

/** One CIDR, or a comma-separated dual-stack pair. */
function cidrs(value: VarValue): string {
  const raw = text(value);
  const parsed = parseCidrList(raw);
  if (parsed.length === 0 || parsed.includes(null)) throw new InvalidValue(`must be a CIDR such as 192.168.0.0/16 (got ${JSON.stringify(value)})`);
  return parsed.map((cidr) => cidr!.text).join(',');
}

function endpoint(value: VarValue): string {
  const raw = text(value);
  if (!parseEndpoint(raw, 1)) throw new InvalidValue(`must be HOST:PORT or a URL (got ${JSON.stringify(value)})`);
  return raw;
}

/**
 * A Calico release with a requirement profile, as its release line. An unquoted 3.30 in a
 * YAML or INI inventory arrives as the number 3.3: the message says to quote it.
 */
function release(value: VarValue): string {
  const profile = findProfile(text(value));
  if (profile) return profile.version;
  const quote = typeof value === 'number' ? ', a number: quote the version so a trailing zero survives, e.g. "3.30"' : '';
  throw new InvalidValue(`must be a Calico release with a requirement profile, ${knownVersions()}, or a patch release of one such as v3.28.2 (got ${JSON.stringify(value)}${quote})`);
}

/** A YAML list or a comma-separated string. */
function endpointList(value: VarValue): string[] {
  const items = Array.isArray(value) ? value : text(value).split(',');
  return items.map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '').map((item) => endpoint(item));
}

/** The value as its kind; throws InvalidValue saying what the kind accepts. */
export function readValue<K extends Kind>(kind: K, value: VarValue): ValueOf<K> {
  return readAs(kind, value) as ValueOf<K>;
}

function readAs(kind: Kind, value: VarValue): ValueOf<Kind> {
  switch (kind.type) {
    case 'boolean':
      return bool(value);
    case 'port':
      return port(value);
    case 'cidrs':
      return cidrs(value);
    case 'endpoint':
      return endpoint(value);
    case 'endpoints':
      return endpointList(value);
    case 'text':
      return text(value);
    case 'release':
      return release(value);
    case 'choice':
      return oneOf(kind, value);
  }
}
