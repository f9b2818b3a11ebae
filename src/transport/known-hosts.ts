/**
 * OpenSSH known_hosts: parsing and matching (pure). Supports plain and hashed
 * (`|1|salt|hmac-sha1`) host fields, `[host]:port`, comma-separated and negated
 * (`!pattern`) wildcard patterns, `@revoked`; `@cert-authority` lines are kept but never
 * match a plain host key (certificates are not used here).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export interface KnownHostsEntry {
  /** 1-based line number in the file. */
  line: number;
  marker?: KnownHostsMarker;
  hosts: HostField;
  keyType: string;
  /** The key blob, base64 as in the file. */
  keyBase64: string;
}

export interface HostPattern {
  negated: boolean;
  /** Lower-cased pattern without wildcards, matched by equality. */
  literal?: string;
  /** For a pattern with `*` or `?`. */
  glob?: RegExp;
}

export type HostField = { kind: 'hashed'; salt: Buffer; hash: Buffer } | { kind: 'patterns'; patterns: HostPattern[] };

/** The name OpenSSH looks up for a host: `host`, or `[host]:port` when the port is not 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hostPattern(text: string): HostPattern {
  const negated = text.startsWith('!');
  const body = negated ? text.slice(1) : text;
  return /[*?]/.test(body) ? { negated, glob: globToRegExp(body) } : { negated, literal: body.toLowerCase() };
}

function parseHostField(field: string): HostField | undefined {
  if (field.startsWith('|1|')) {
    const [salt, digest] = field.slice(3).split('|');
    if (!salt || !digest) return undefined;
    return { kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(digest, 'base64') };
  }
  const patterns = field
    .split(',')
    .filter((p) => p.length > 0)
    .map(hostPattern);
  return { kind: 'patterns', patterns };
}

/** Lines that are not entries (comments, blanks, malformed) are skipped, as OpenSSH does. */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostsMarker | undefined;
    if (fields[0].startsWith('@')) {
      const name = fields.shift()?.slice(1);
      if (name !== 'revoked' && name !== 'cert-authority') return;
      marker = name;
    }
    const [hostText, keyType, keyBase64] = fields;
    if (!hostText || !keyType || !keyBase64) return;
    const hosts = parseHostField(hostText);
    if (!hosts) return;
    const entry: KnownHostsEntry = { line: index + 1, hosts, keyType, keyBase64 };
    if (marker) entry.marker = marker;
    entries.push(entry);
  });
  return entries;
}

function patternMatches(pattern: HostPattern, name: string): boolean {
  return pattern.literal !== undefined ? pattern.literal === name : (pattern.glob as RegExp).test(name);
}

/** Whether the entry's host field names `name` (as built by knownHostsName). */
export function entryMatchesName(entry: KnownHostsEntry, name: string): boolean {
  const { hosts } = entry;
  if (hosts.kind === 'hashed') {
    const digest = createHmac('sha1', hosts.salt).update(name).digest();
    return digest.length === hosts.hash.length && timingSafeEqual(digest, hosts.hash);
  }
  let matched = false;
  for (const pattern of hosts.patterns) {
    if (!patternMatches(pattern, name)) continue;
    // A matching negated pattern vetoes the whole line.
    if (pattern.negated) return false;
    matched = true;
  }
  return matched;
}

/**
 * Entries by host name: literal names through a map, only wildcard and hashed entries
 * scanned, so a run over 1000 hosts does not test 1000 × 1000 patterns. (Hashed entries
 * cannot be indexed: each has its own salt, as in OpenSSH.)
 */
export class KnownHostsIndex {
  private readonly byLiteral = new Map<string, KnownHostsEntry[]>();
  private readonly scanned: KnownHostsEntry[] = [];

  constructor(entries: KnownHostsEntry[]) {
    for (const entry of entries) {
      const { hosts } = entry;
      const positive = hosts.kind === 'patterns' ? hosts.patterns.filter((p) => !p.negated) : [];
      if (hosts.kind === 'hashed' || positive.some((p) => p.literal === undefined)) {
        this.scanned.push(entry);
        continue;
      }
      for (const pattern of positive) {
        const list = this.byLiteral.get(pattern.literal as string) ?? [];
        if (list.at(-1) !== entry) list.push(entry);
        this.byLiteral.set(pattern.literal as string, list);
      }
    }
  }

  /** Entries naming `name`, in file order. */
  forName(name: string): KnownHostsEntry[] {
    const candidates = [...(this.byLiteral.get(name) ?? []), ...this.scanned];
    return candidates.filter((entry) => entryMatchesName(entry, name)).sort((a, b) => a.line - b.line);
  }
}

export type HostKeyVerdict =
  | { kind: 'trusted'; entry: KnownHostsEntry }
  | { kind: 'revoked'; entry: KnownHostsEntry }
  /** A key of the same type is recorded for this host, and it is another one. */
  | { kind: 'changed'; expected: KnownHostsEntry }
  /** Nothing of this type recorded; `otherTypes` lists types recorded for the host. */
  | { kind: 'unknown'; otherTypes: string[] };

/** The verdict on an offered key, given the entries that name the host. */
export function judgeHostKey(forHost: KnownHostsEntry[], keyType: string, keyBase64: string): HostKeyVerdict {
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.keyBase64 === keyBase64);
  if (revoked) return { kind: 'revoked', entry: revoked };
  const recorded = forHost.filter((e) => e.marker === undefined);
  const trusted = recorded.find((e) => e.keyType === keyType && e.keyBase64 === keyBase64);
  if (trusted) return { kind: 'trusted', entry: trusted };
  const expected = recorded.find((e) => e.keyType === keyType);
  if (expected) return { kind: 'changed', expected };
  return { kind: 'unknown', otherTypes: recordedKeyTypes(forHost) };
}

/** Key types recorded for a host, in file order (to prefer them in the key exchange). */
export function recordedKeyTypes(forHost: KnownHostsEntry[]): string[] {
  return [...new Set(forHost.filter((e) => e.marker === undefined).map((e) => e.keyType))];
}

export function knownHostsLine(host: string, port: number, keyType: string, keyBase64: string): string {
  return `${knownHostsName(host, port)} ${keyType} ${keyBase64}\n`;
}
