import { describe, expect, it } from 'vitest';
import { interleaveShards, parseShard, shardOf, shardSize } from '../../src/audit/shard.js';
import { UserError } from '../../src/core/errors.js';

const hosts = (n: number): string[] => Array.from({ length: n }, (_, i) => `node${String(i + 1).padStart(4, '0')}`);

describe('--shard I/N', () => {
  it('reads I/N with 1 <= I <= N', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
    expect(parseShard(' 4 / 4 ')).toEqual({ index: 4, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/4', '5/4', '1/0', '2', '1/4/2', 'a/b', '-1/4', '1.5/4', ''])('refuses %j with one sentence', (text) => {
    expect(() => parseShard(text)).toThrow(UserError);
    expect(() => parseShard(text)).toThrow(/^--shard takes I\/N with 1 <= I <= N, e\.g\. --shard 2\/4 \(got ".*"\)$/);
  });
});

describe('the split', () => {
  it.each([
    [200, 4],
    [1000, 7],
    [3, 4],
    [1, 1],
  ])('%i hosts in %i shards: every host in exactly one shard, sizes within one of each other', (total, count) => {
    const all = hosts(total);
    const parts = Array.from({ length: count }, (_, i) => shardOf(all, { index: i + 1, count }));
    expect(parts.flat().sort()).toEqual([...all].sort());
    expect(new Set(parts.flat()).size).toBe(total);
    const sizes = parts.map((part) => part.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes).toEqual(Array.from({ length: count }, (_, i) => shardSize(total, i + 1, count)));
  });

  it('is the same on every run and every auditor: host p goes to shard p mod N + 1', () => {
    const all = hosts(10);
    expect(shardOf(all, { index: 2, count: 3 })).toEqual(['node0002', 'node0005', 'node0008']);
    expect(shardOf([...all], { index: 2, count: 3 })).toEqual(shardOf(all, { index: 2, count: 3 }));
  });

  it('interleaving the shards gives back the list in its order', () => {
    for (const [total, count] of [[200, 4], [13, 5], [2, 4]] as const) {
      const all = hosts(total);
      const parts = Array.from({ length: count }, (_, i) => shardOf(all, { index: i + 1, count }));
      expect(interleaveShards(parts)).toEqual(all);
    }
  });
});
