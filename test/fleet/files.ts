/** known_hosts and Ansible INI inventory text for a fleet. */
import type { FleetHost } from './types.js';

/** `[address]:port` as OpenSSH writes it (plain `address` for port 22). */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

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
