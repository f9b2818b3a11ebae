/** The Inventory contract other modules use: hostNames, hostVars, groupsOf, sources. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileLineError, UserError } from '../../src/core/errors.js';
import { loadInventory } from '../../src/inventory/index.js';
import { FIXTURES } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'inventory-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadInventory', () => {
  it('merges variables by depth, then ansible_group_priority, then name (ansible-core 2.14)', () => {
    const inventory = loadInventory([join(FIXTURES, 'own', 'group-priority.ini')]);
    // g1 sorts before g2, but its priority 10 makes it apply last.
    expect(inventory.hostVars('h')).toEqual({ v: 'g1' });
    expect(inventory.groupsOf('h')).toEqual(['all', 'g1', 'g2']);
  });

  it('lists hosts and their groups, including parents', () => {
    const inventory = loadInventory([join(FIXTURES, 'own', 'three-level-precedence.ini')]);
    expect(inventory.hostNames()).toEqual(['h1', 'h2']);
    expect(inventory.groupsOf('h1')).toEqual(['all', 'a', 'c', 'd']);
    expect(inventory.hostVars('h1')).toEqual({ v: 'a' });
    expect(inventory.hostVars('h2')).toEqual({ v: 'c' });
  });

  it('merges several sources in order, later values winning', () => {
    const first = write('first.ini', '[web]\nh1 x=1\n[web:vars]\nv=a\n');
    const second = write('second.yml', 'web:\n  hosts:\n    h2:\n    h1: {x: 2}\n  vars: {v: b}\n');
    const inventory = loadInventory([first, second]);
    expect(inventory.sources).toEqual([first, second]);
    expect(inventory.hostNames()).toEqual(['h1', 'h2']);
    expect(inventory.hostVars('h1')).toEqual({ x: 2, v: 'b' });
  });

  it('accepts a comma-separated host list like -i "a,b:2222,"', () => {
    const inventory = loadInventory(['a.example,b.example:2222,']);
    expect(inventory.hostNames()).toEqual(['a.example', 'b.example']);
    expect(inventory.hostVars('b.example')).toEqual({ ansible_port: 2222 });
  });

  it('names the file of an unreadable or missing inventory', () => {
    const missing = join(dir, 'missing.ini');
    expect(() => loadInventory([missing])).toThrow(FileLineError);
    expect(() => loadInventory([missing])).toThrow(new RegExp(`^${missing}: cannot read inventory`));
  });

  it('fails on a variable JSON cannot carry only when a host uses it', () => {
    const path = write('set.ini', '[unused:vars]\nx={1, 2}\n[unused]\n[g]\nh\n');
    expect(loadInventory([path]).hostVars('h')).toEqual({});
    const used = write('set-used.ini', '[g:vars]\nx={1, 2}\n[g]\nh\n');
    expect(() => loadInventory([used]).hostVars('h')).toThrow(`${used}:2: variable x is a Python set`);
  });

  it('refuses unknown hosts', () => {
    const inventory = loadInventory([join(FIXTURES, 'own', 'group-priority.ini')]);
    expect(() => inventory.hostVars('nope')).toThrow(UserError);
    expect(() => inventory.groupsOf('nope')).toThrow(UserError);
  });
});

describe('example inventories', () => {
  const example = (name: string) => fileURLToPath(new URL(`../../inventories/${name}`, import.meta.url));

  it('local.ini is this machine over a local connection', () => {
    const inventory = loadInventory([example('local.ini')]);
    expect(inventory.hostNames()).toEqual(['localhost']);
    expect(inventory.hostVars('localhost')).toEqual({ ansible_connection: 'local' });
  });

  it('demo-fleet.ini reaches the docker fleet through the bastion', () => {
    const inventory = loadInventory([example('demo-fleet.ini')]);
    expect(inventory.hostNames()).toEqual(['centos7', 'ubuntu1604', 'debian']);
    expect(inventory.hostVars('debian')).toMatchObject({
      ansible_user: 'preflight',
      ansible_ssh_common_args: '-o ProxyJump=jump@127.0.0.1:2222',
    });
  });

  it('kubespray-cluster.ini carries the kubespray and calico settings to every node', () => {
    const inventory = loadInventory([example('kubespray-cluster.ini')]);
    expect(inventory.hostNames()).toHaveLength(9);
    expect(inventory.groupsOf('node1')).toEqual(['all', 'kube_control_plane', 'etcd', 'k8s_cluster']);
    expect(inventory.hostVars('node7')).toMatchObject({
      ansible_host: '10.10.2.17',
      kube_pods_subnet: '10.233.64.0/18',
      kube_service_addresses: '10.233.0.0/18',
      kube_proxy_mode: 'ipvs',
      calico_network_backend: 'bird',
      calico_wireguard: false,
    });
  });
});
