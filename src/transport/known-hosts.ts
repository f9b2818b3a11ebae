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

export type HostField =
  | { kind: 'hashed'; salt: Buffer; hash: Buffer }
  | { kind: 'patterns'; patterns: { negated: boolean; glob: string }[] };

/** The name OpenSSH looks up for a host: `host`, or `[host]:port` when the port is not 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

function parseHostField(field: string): HostField | undefined {
  if (field.startsWith('|1|')) {
    const [salt, hash] = field.slice(3).split('|');
    if (!salt || !hash) return undefined;
    return { kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  }
  const patterns = field
    .split(',')
    .filter((p) => p.length > 0)
    .map((p) => (p.startsWith('!') ? { negated: true, glob: p.slice(1) } : { negated: false, glob: p }));
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

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
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
    if (!globToRegExp(pattern.glob).test(name)) continue;
    // A matching negated pattern vetoes the whole line.
    if (pattern.negated) return false;
    matched = true;
  }
  return matched;
}

export type HostKeyVerdict =
  | { kind: 'trusted'; entry: KnownHostsEntry }
  | { kind: 'revoked'; entry: KnownHostsEntry }
  /** A key of the same type is recorded for this host, and it is another one. */
  | { kind: 'changed'; expected: KnownHostsEntry }
  /** Nothing of this type recorded; `otherTypes` lists types recorded for the host. */
  | { kind: 'unknown'; otherTypes: string[] };

export function checkHostKey(
  entries: KnownHostsEntry[],
  host: string,
  port: number,
  keyType: string,
  keyBase64: string,
): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && entryMatchesName(e, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.keyBase64 === keyBase64);
  if (revoked) return { kind: 'revoked', entry: revoked };
  const recorded = forHost.filter((e) => e.marker === undefined);
  const trusted = recorded.find((e) => e.keyType === keyType && e.keyBase64 === keyBase64);
  if (trusted) return { kind: 'trusted', entry: trusted };
  const expected = recorded.find((e) => e.keyType === keyType);
  if (expected) return { kind: 'changed', expected };
  return { kind: 'unknown', otherTypes: [...new Set(recorded.map((e) => e.keyType))] };
}

/** Key types recorded for a host, in file order (to prefer them in the key exchange). */
export function recordedKeyTypes(entries: KnownHostsEntry[], host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  const types = entries.filter((e) => e.marker === undefined && entryMatchesName(e, name)).map((e) => e.keyType);
  return [...new Set(types)];
}

export function knownHostsLine(host: string, port: number, keyType: string, keyBase64: string): string {
  return `${knownHostsName(host, port)} ${keyType} ${keyBase64}\n`;
}
