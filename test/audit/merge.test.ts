/**
 * `merge` over shards cut from a real audit (test/fixtures/results/personality-fleet.json: 20
 * namespaced hosts, two sharing a hostname and two sharing an address), split and recorded the
 * way `audit --shard I/N` splits and records. The sshd end-to-end run is test/cli/shard-merge.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeFleet } from '../../src/audit/judge.js';
import { mergeShards, type ShardFile } from '../../src/audit/merge.js';
import { fleetDigests, keyOfHost, shardOf } from '../../src/audit/shard.js';
import { UserError } from '../../src/core/errors.js';
import type { AuditResult, ShardRecord } from '../../src/core/result.js';

const FIXTURE = new URL('../fixtures/results/personality-fleet.json', import.meta.url);
const original = JSON.parse(readFileSync(FIXTURE, 'utf8')) as AuditResult;
const fresh = (): AuditResult => structuredClone(original);

/** What `audit --shard I/N` would have written for each I, had it audited `result`'s hosts. */
function split(result: AuditResult, count: number, record: Partial<ShardRecord> = {}): ShardFile[] {
  const digests = fleetDigests(result.hosts.map(keyOfHost));
  return Array.from({ length: count }, (_, i) => {
    const hosts = shardOf(result.hosts, { index: i + 1, count });
    const startedAt = new Date(Date.parse(result.startedAt) + i * 1000).toISOString();
    const shard: ShardRecord = {
      index: i + 1,
      count,
      fleetHosts: result.hosts.length,
      hostsDigest: digests.hosts,
      settingsDigest: digests.settings,
      become: false,
      skip: [],
      waivers: [],
      ...record,
    };
    return {
      path: `shard-${i + 1}.json`,
      result: {
        ...structuredClone(result),
        startedAt,
        run: { ...result.run, auditor: `bastion-${i + 1}`, argv: [...result.run.argv, '--shard', `${i + 1}/${count}`], shard },
        hosts,
        fleet: judgeFleet(hosts),
      },
    };
  });
}

const refusal = (files: ShardFile[]): string => {
  try {
    mergeShards(files, ['merge']);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('merge accepted the shards');
};

const verdicts = (findings: AuditResult['fleet']) => findings.map(({ check, status }) => `${check}: ${status}`);

describe('merging the shards of one audit', () => {
  const shards = split(fresh(), 4);
  const { result, expired } = mergeShards(shards, ['merge', 'shard-*.json']);

  it('gives back every host in the order of the limited list, as its shard judged it', () => {
    expect(result.hosts.map((host) => host.name)).toEqual(original.hosts.map((host) => host.name));
    expect(result.hosts).toEqual(original.hosts);
    expect(expired).toEqual([]);
  });

  it('judges the fleet-wide checks again over all hosts: what one audit of the fleet found', () => {
    expect(result.fleet).toEqual(judgeFleet(original.hosts));
    // The verdicts the real audit of the whole fleet gave (its texts are those of an older version).
    expect(verdicts(result.fleet)).toEqual(verdicts(original.fleet));
    // dupname-a and dupname-b sit in different shards: no shard saw them share a hostname.
    const seenByShards = shards.flatMap((shard) => shard.result.fleet).filter((f) => f.check === 'fleet.unique-hostnames' && f.status === 'fail');
    expect(seenByShards).toEqual([]);
    expect(result.fleet.find((f) => f.check === 'fleet.unique-hostnames')).toMatchObject({ status: 'fail', hosts: ['dupname-a', 'dupname-b'] });
  });

  it('records where each shard came from and spans their times', () => {
    expect(result.run.shard).toBeUndefined();
    expect(result.run.mergedFrom?.map((part) => [part.shard, part.auditor])).toEqual([
      ['1/4', 'bastion-1'],
      ['2/4', 'bastion-2'],
      ['3/4', 'bastion-3'],
      ['4/4', 'bastion-4'],
    ]);
    expect(result.run.auditor).toBe('bastion-1, bastion-2, bastion-3, bastion-4');
    expect(result.startedAt).toBe(original.startedAt);
    expect(result.run.argv).toEqual(['merge', 'shard-*.json']);
  });

  it('takes the shards in any order', () => {
    const reversed = mergeShards([...split(fresh(), 4)].reverse(), ['merge']).result;
    expect(reversed.hosts.map((host) => host.name)).toEqual(original.hosts.map((host) => host.name));
  });
});

describe('--skip and waivers the shards recorded apply to the merged fleet findings', () => {
  const waiver = { check: 'fleet.unique-hostnames', hosts: 'dupname-*', reason: 'renamed at install (OPS-7)', file: 'waivers.yml', line: 3 };

  it('waives a fleet finding whose hosts all match the waiver, and --skip waives the check', () => {
    const shards = split(fresh(), 4, { skip: ['fleet.mtu'], waivers: [{ ...waiver, matches: ['dupname-a', 'dupname-b'] }] });
    const { result } = mergeShards(shards, ['merge']);
    expect(result.fleet.find((f) => f.check === 'fleet.unique-hostnames')).toMatchObject({
      status: 'waived',
      waivedStatus: 'fail',
      waiver: { reason: waiver.reason, source: 'waivers.yml:3' },
    });
    expect(result.fleet.find((f) => f.check === 'fleet.mtu')).toMatchObject({ status: 'waived', waiver: { source: '--skip' } });
    expect(result.fleet.find((f) => f.check === 'fleet.unique-addresses')?.status).toBe('fail');
  });

  it('does not apply a waiver that had expired on the day the fleet was audited, and says so', () => {
    const expiredWaiver = { ...waiver, expires: '2026-11-24', matches: ['dupname-a', 'dupname-b'] };
    const { result, expired } = mergeShards(split(fresh(), 4, { waivers: [expiredWaiver] }), ['merge']);
    expect(result.fleet.find((f) => f.check === 'fleet.unique-hostnames')?.status).toBe('fail');
    expect(expired.map((entry) => [entry.waiver.line, entry.findings.map((f) => f.check)])).toEqual([[3, ['fleet.unique-hostnames']]]);
  });
});

describe('shards that do not make one result are refused with one sentence', () => {
  it('a result written without --shard', () => {
    const [first, ...rest] = split(fresh(), 2);
    delete first!.result.run.shard;
    expect(refusal([first!, ...rest])).toBe('shard-1.json is not a shard result: write each shard with "audit --shard I/N --json FILE"');
  });

  it('another tool version', () => {
    const shards = split(fresh(), 2);
    shards[1]!.result.tool = { ...shards[1]!.result.tool, version: '9.9.9' };
    expect(refusal(shards)).toMatch(/^shard-1\.json and shard-2\.json were written by calico-preflight 0\.1\.0 and 9\.9\.9: /);
  });

  it('another split', () => {
    const shards = [split(fresh(), 4)[0]!, ...split(fresh(), 3).slice(1)];
    expect(refusal(shards)).toBe('shard-1.json is shard 1/4 but shard-2.json is shard 2/3: merge the shards of one split');
  });

  it('another host list: an inventory where one host has another address', () => {
    const moved = fresh();
    moved.hosts[5]!.address = '198.19.179.99';
    const shards = [split(fresh(), 2)[0]!, split(moved, 2)[1]!];
    expect(refusal(shards)).toMatch(/^shard-1\.json and shard-2\.json audited different host lists \(another inventory, --limit, address, port or user\)/);
  });

  it('other Calico settings for one host', () => {
    const vxlan = fresh();
    vxlan.hosts[6]!.settings = { ...vxlan.hosts[6]!.settings, encapsulation: 'vxlan' };
    const shards = [split(fresh(), 2)[0]!, split(vxlan, 2)[1]!];
    expect(refusal(shards)).toMatch(/^shard-1\.json and shard-2\.json were audited with different Calico settings/);
  });

  it('--become on one shard only', () => {
    const shards = [split(fresh(), 2)[0]!, split(fresh(), 2, { become: true })[1]!];
    expect(refusal(shards)).toBe('shard-1.json and shard-2.json differ in --become: audit every shard with the same one');
  });

  it('other waivers', () => {
    const shards = [split(fresh(), 2)[0]!, split(fresh(), 2, { skip: ['fleet.mtu'] })[1]!];
    expect(refusal(shards)).toBe('shard-1.json and shard-2.json applied different --skip or waivers: audit every shard with the same ones');
  });

  it('a shard given twice', () => {
    const [first, second] = split(fresh(), 2);
    expect(refusal([first!, { ...second!, path: 'again.json', result: { ...first!.result } }])).toBe(
      'shard-1.json and again.json are both shard 1/2: give each shard once',
    );
  });

  it('a shard missing', () => {
    const shards = split(fresh(), 4);
    expect(refusal([shards[0]!, shards[3]!])).toBe('shard 2/4, shard 3/4 missing: merge needs all 4 shards (given: 1, 4)');
  });

  it('a shard cut short, and hosts moved between shards', () => {
    const short = split(fresh(), 2);
    short[1]!.result.hosts.pop();
    expect(refusal(short)).toBe('shard-2.json holds 9 hosts where shard 2/2 of 20 has 10: it was edited or cut short');

    const swapped = split(fresh(), 2);
    const [a, b] = [swapped[0]!.result.hosts, swapped[1]!.result.hosts];
    [a[0], b[0]] = [b[0]!, a[0]!];
    expect(refusal(swapped)).toBe('the hosts in these shard results are not the fleet their audits split: a result file was edited');
  });
});
