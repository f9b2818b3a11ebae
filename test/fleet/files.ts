/** known_hosts and Ansible INI inventory text for a fleet. */
import { knownHostsName } from '../../src/transport/known-hosts.js';
import type { FleetHost } from './types.js';

export function knownHostsText(entries: { address: string; port: number; key: string }[]): string {
  return entries.map((e) => `${knownHostsName(e.address, e.port)} ${e.key}\n`).join('');
}

function iniValue(value: string): string {
  if (!/[\s'"#;=]/.test(value)) return value;
  return `'${value}'`;
}

export function inventoryText(hosts: FleetHost[]): string {
  const lines = hosts.map((host) =>
    [host.name, ...Object.entries(host.vars).map(([key, value]) => `${key}=${iniValue(value)}`)].join(' '),
  );
  return ['[fleet]', ...lines, ''].join('\n');
}
