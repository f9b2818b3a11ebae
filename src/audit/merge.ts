/**
 * `merge`: the results of `audit --shard I/N` for I = 1…N joined into the result one audit
 * of the whole fleet would have given. Host findings are taken as each shard judged them;
 * fleet-wide checks (unique hostnames and addresses, MTU, clock skew) are judged again over
 * every host's facts, and the shards' --skip and waivers applied to them as recorded.
 *
 * Shards that cannot make one result are refused with one sentence: another tool version,
 * another split, another host list or settings, different waivers, a shard given twice or
 * missing.
 */
import type { AuditResult, HostResult, MergedShard, ShardRecord } from '../core/result.js';
import type { WaiverOutcome } from '../checks/index.js';
import { UserError } from '../core/errors.js';
import { judgeFleet, waive } from './judge.js';
import { canonicalJson, fleetDigests, interleaveShards, keyOfHost, shardLabel, shardSize } from './shard.js';

export interface ShardFile {
  /** Where it was read from, for messages. */
  path: string;
  result: AuditResult;
}

interface Shard extends ShardFile {
  record: ShardRecord;
}

export function mergeShards(files: ShardFile[], argv: string[]): WaiverOutcome {
  if (files.length === 0) throw new UserError('merge needs the result files of every shard');
  const shards = files.map(asShard);
  const first = shards[0]!;
  for (const other of shards.slice(1)) refuseMismatch(first, other);
  const ordered = inShardOrder(shards);
  const hosts = interleaveShards(ordered.map((shard) => shard.result.hosts));
  checkAddsUp(first, ordered, hosts);

  const startedAt = earliest(ordered.map((shard) => shard.result.startedAt));
  const head = first.result;
  const merged: AuditResult = {
    tool: head.tool,
    startedAt,
    finishedAt: latest(ordered.map((shard) => shard.result.finishedAt)),
    run: {
      user: distinct(ordered.map((shard) => shard.result.run.user)),
      auditor: distinct(ordered.map((shard) => shard.result.run.auditor)),
      inventories: head.run.inventories,
      ...(head.run.limit !== undefined ? { limit: head.run.limit } : {}),
      argv,
      mergedFrom: ordered.map(provenance),
    },
    settings: head.settings,
    ...(head.profile ? { profile: head.profile } : {}),
    hosts,
    fleet: judgeFleet(hosts),
  };
  const { record } = first;
  const patterns = new Map(record.waivers.map((waiver) => [waiver.hosts, new Set(waiver.matches)]));
  return waive(
    merged,
    {
      waivers: record.waivers.map(({ matches: _matches, ...waiver }) => waiver),
      skip: record.skip,
      resolvePattern: (pattern) => patterns.get(pattern) ?? new Set(),
    },
    // Waivers expire by the day the fleet was audited, as they did in each shard.
    startedAt.slice(0, 10),
  );
}

function asShard(file: ShardFile): Shard {
  const record = file.result.run.shard;
  if (!record) throw new UserError(`${file.path} is not a shard result: write each shard with "audit --shard I/N --json FILE"`);
  return { ...file, record };
}

/** The first way `other` cannot be merged with `first`, as a UserError. */
function refuseMismatch(first: Shard, other: Shard): void {
  const pair = `${first.path} and ${other.path}`;
  const [a, b] = [first.record, other.record];
  if (first.result.tool.version !== other.result.tool.version) {
    throw new UserError(
      `${pair} were written by calico-preflight ${first.result.tool.version} and ${other.result.tool.version}: audit every shard with the same version`,
    );
  }
  if (a.count !== b.count) {
    throw new UserError(`${first.path} is shard ${shardLabel(a)} but ${other.path} is shard ${shardLabel(b)}: merge the shards of one split`);
  }
  if (a.fleetHosts !== b.fleetHosts || a.hostsDigest !== b.hostsDigest) {
    throw new UserError(`${pair} audited different host lists (another inventory, --limit, address, port or user): merge the shards of one fleet`);
  }
  if (a.settingsDigest !== b.settingsDigest || canonicalJson(first.result.settings) !== canonicalJson(other.result.settings)) {
    throw new UserError(`${pair} were audited with different Calico settings (inventory variables or flags): audit every shard with the same ones`);
  }
  if (a.become !== b.become) throw new UserError(`${pair} differ in --become: audit every shard with the same one`);
  if (canonicalJson([a.skip, a.waivers]) !== canonicalJson([b.skip, b.waivers])) {
    throw new UserError(`${pair} applied different --skip or waivers: audit every shard with the same ones`);
  }
}

/** One shard per index 1…N, in index order. */
function inShardOrder(shards: Shard[]): Shard[] {
  const count = shards[0]!.record.count;
  const byIndex = new Map<number, Shard>();
  for (const shard of shards) {
    const twin = byIndex.get(shard.record.index);
    if (twin) throw new UserError(`${twin.path} and ${shard.path} are both shard ${shardLabel(shard.record)}: give each shard once`);
    byIndex.set(shard.record.index, shard);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    const given = [...byIndex.keys()].sort((x, y) => x - y).join(', ');
    throw new UserError(`${missing.map((index) => `shard ${index}/${count}`).join(', ')} missing: merge needs all ${count} shards (given: ${given})`);
  }
  return Array.from({ length: count }, (_, i) => byIndex.get(i + 1)!);
}

/** The merged hosts must be exactly the list every shard recorded, in its order. */
function checkAddsUp(first: Shard, ordered: Shard[], hosts: HostResult[]): void {
  const { fleetHosts, count } = first.record;
  const short = ordered.find((shard) => shard.result.hosts.length !== shardSize(fleetHosts, shard.record.index, count));
  if (short) {
    throw new UserError(
      `${short.path} holds ${short.result.hosts.length} hosts where shard ${shardLabel(short.record)} of ${fleetHosts} has ${shardSize(fleetHosts, short.record.index, count)}: it was edited or cut short`,
    );
  }
  const digests = fleetDigests(hosts.map(keyOfHost));
  if (digests.hosts !== first.record.hostsDigest || digests.settings !== first.record.settingsDigest) {
    throw new UserError('the hosts in these shard results are not the fleet their audits split: a result file was edited');
  }
}

function provenance(shard: Shard): MergedShard {
  const { run, startedAt, finishedAt } = shard.result;
  return { shard: shardLabel(shard.record), user: run.user, auditor: run.auditor, startedAt, finishedAt, argv: run.argv };
}

function distinct(values: string[]): string {
  return [...new Set(values)].join(', ');
}

function earliest(times: string[]): string {
  return times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

function latest(times: string[]): string {
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}
