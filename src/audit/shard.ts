/**
 * `--shard I/N`: which part of the limited host list one auditor takes. Host number p
 * (0-based, in the order --limit lists them) belongs to shard (p mod N) + 1: the shards
 * differ in size by at most one host, every auditor that reads the same inventory and
 * --limit makes the same split, and `merge` can put the hosts back in their order.
 *
 * Every shard also records two digests of the whole list, so `merge` can tell that the
 * shards came from one fleet and one set of settings without having the inventory.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../core/errors.js';
import type { HostResult } from '../core/result.js';
import type { AuditSettings } from '../core/settings.js';
import type { RunTarget } from '../runner/index.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** "I/N" with 1 ≤ I ≤ N; anything else is a UserError naming the flag. */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UserError(`--shard takes I/N with 1 <= I <= N, e.g. --shard 2/4 (got "${text}")`);
  }
  return { index, count };
}

export function shardLabel(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}

/** The items of shard `shard`, in their order. */
export function shardOf<T>(items: readonly T[], shard: ShardSpec): T[] {
  return items.filter((_, position) => position % shard.count === shard.index - 1);
}

/** How many of `total` items shard `index` (1-based) of `count` holds. */
export function shardSize(total: number, index: number, count: number): number {
  return total < index ? 0 : Math.floor((total - index) / count) + 1;
}

/** The inverse of shardOf over all shards: `parts[i]` is shard i+1's items, in order. */
export function interleaveShards<T>(parts: readonly (readonly T[])[]): T[] {
  const count = parts.length;
  const merged: T[] = [];
  const longest = Math.max(0, ...parts.map((part) => part.length));
  for (let round = 0; round < longest; round++) {
    for (let index = 0; index < count; index++) {
      const item = parts[index]![round];
      if (item !== undefined) merged.push(item);
    }
  }
  return merged;
}

/** What each host of the fleet is, as both a plan and a result know it. */
interface FleetMemberKey {
  name: string;
  address: string;
  port: number;
  user: string | undefined;
  settings: AuditSettings;
}

export const keyOfTarget = ({ name, connection, settings }: RunTarget): FleetMemberKey => ({
  name,
  address: connection.host,
  port: connection.port,
  user: connection.user,
  settings,
});

export const keyOfHost = ({ name, address, port, user, settings }: HostResult): FleetMemberKey => ({ name, address, port, user, settings });

/** JSON with object keys sorted, so equal values give equal text whatever built them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The digests a shard records and `merge` recomputes from the merged hosts: `hosts` covers
 * which hosts, in which order, at which address, port and login (the peer ring depends on
 * all of them); `settings` covers what each host was audited for.
 */
export function fleetDigests(members: readonly FleetMemberKey[]): { hosts: string; settings: string } {
  return {
    hosts: sha256(canonicalJson(members.map((m) => [m.name, m.address, m.port, m.user ?? null]))),
    settings: sha256(canonicalJson(members.map((m) => m.settings))),
  };
}
