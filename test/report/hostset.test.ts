import { describe, expect, it } from 'vitest';
import { foldHosts } from '../../src/report/hostset.js';

const range = (prefix: string, from: number, to: number, width = 0): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(width, '0')}`);

describe('foldHosts', () => {
  it('folds a padded run with a gap, ClusterShell style', () => {
    expect(foldHosts([...range('node', 1, 37, 2), 'node40'])).toBe('node[01-37,40]');
  });

  it('keeps a single host as it is', () => {
    expect(foldHosts(['node07'])).toBe('node07');
    expect(foldHosts(['bastion'])).toBe('bastion');
  });

  it('folds unpadded numbers numerically, not lexically', () => {
    expect(foldHosts(['n10', 'n9', 'n1', 'n2', 'n3'])).toBe('n[1-3,9-10]');
  });

  it('joins unpadded numbers of the padded width to the padded set', () => {
    expect(foldHosts(['node08', 'node09', 'node10', 'node11'])).toBe('node[08-11]');
  });

  it('keeps different paddings apart', () => {
    expect(foldHosts(['node1', 'node2', 'node01', 'node02'])).toBe('node[1-2],node[01-02]');
    expect(foldHosts(['n001', 'n01'])).toBe('n01,n001');
  });

  it('folds on the last group of digits only', () => {
    expect(foldHosts(['rack1-node01', 'rack1-node02', 'rack2-node01', 'rack2-node03'])).toBe(
      'rack1-node[01-02],rack2-node[01,03]',
    );
  });

  it('keeps the text after the number', () => {
    expect(foldHosts(['dc1-web1.example.com', 'dc1-web2.example.com', 'dc2-web3.example.com'])).toBe(
      'dc1-web[1-2].example.com,dc2-web3.example.com',
    );
    // The last digits here are the data centre's, so the web numbers do not fold.
    expect(foldHosts(['web1.dc1.example.com', 'web2.dc1.example.com'])).toBe('web1.dc1.example.com,web2.dc1.example.com');
  });

  it('folds IPv4 addresses on the last octet', () => {
    expect(foldHosts(['198.18.0.10', '198.18.0.11', '198.18.0.12', '198.18.1.1'])).toBe('198.18.0.[10-12],198.18.1.1');
  });

  it('counts a duplicate once and sorts the output', () => {
    expect(foldHosts(['b2', 'a1', 'b1', 'b2', 'web'])).toBe('a1,b[1-2],web');
  });

  it('folds 500 hosts into one range', () => {
    expect(foldHosts(range('worker', 1, 500, 3).reverse())).toBe('worker[001-500]');
  });

  it('leaves numbers too long for a double whole', () => {
    expect(foldHosts(['id1234567890123456789', 'id1234567890123456790'])).toBe('id1234567890123456789,id1234567890123456790');
  });

  it('returns an empty string for no hosts', () => {
    expect(foldHosts([])).toBe('');
  });
});
