/** "ADDRESS:PORT" as ss and netstat print it: `*:22`, `[::]:179`, `:::22`, `fe80::1%eth0:9200`. */
import type { Listener } from '../../core/facts.js';

export function splitAddressPort(text: string): { address: string; port: number; family: 4 | 6 } | null {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return null;
  const portText = text.slice(colon + 1);
  if (!/^\d+$/.test(portText)) return null;
  let address = text.slice(0, colon);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  address = address.replace(/%.*$/, '');
  if (address === '') address = '::'; // old iproute2/netstat print the IPv6 wildcard as ":::22"
  const family = address.includes(':') ? 6 : 4;
  return { address, port: Number(portText), family };
}

export function listener(
  protocol: Listener['protocol'],
  local: string,
  process?: string,
): Listener | null {
  const at = splitAddressPort(local);
  if (!at) return null;
  return { protocol, family: at.family, address: at.address, port: at.port, ...(process ? { process } : {}) };
}
