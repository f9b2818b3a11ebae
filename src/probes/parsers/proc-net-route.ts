/**
 * Routes of the main table without forking `ip`: /proc/net/route (IPv4, hex little-endian
 * addresses, header line) and /proc/net/ipv6_route (hex, big-endian, no header:
 * "DEST PLEN SRC SPLEN NEXTHOP METRIC REF USE FLAGS DEV").
 */
import type { Route } from '../../core/facts.js';
import { decodeHexAddress } from './proc-net.js';

const RTF_GATEWAY = 0x2;
const RTF_LOCAL = 0x80000000;

function maskLength(hexMask: string): number {
  const mask = decodeHexAddress(hexMask);
  if (mask === null) return 0;
  return mask.split('.').reduce((n, octet) => n + Number(octet).toString(2).replace(/0/g, '').length, 0);
}

export function parseProcNetRoute(text: string): Route[] {
  const out: Route[] = [];
  for (const line of text.split('\n')) {
    const [dev, dest, gateway, flags, , , , mask] = line.trim().split(/\s+/);
    if (!dev || dev === 'Iface' || !dest || !gateway || !flags || !mask) continue;
    const address = decodeHexAddress(dest);
    if (address === null) continue;
    const prefix = maskLength(mask);
    const route: Route = { family: 4, destination: prefix === 0 && address === '0.0.0.0' ? 'default' : `${address}/${prefix}`, device: dev };
    if (parseInt(flags, 16) & RTF_GATEWAY) route.gateway = decodeHexAddress(gateway) ?? undefined;
    out.push(route);
  }
  return out;
}

/** IPv6 addresses here are plain big-endian hex, unlike /proc/net/tcp6. */
function hex6(hex: string): string | null {
  if (!/^[0-9a-f]{32}$/i.test(hex)) return null;
  const bigEndianWords = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join('')).join('');
  return decodeHexAddress(bigEndianWords);
}

export function parseProcNetIpv6Route(text: string): Route[] {
  const out: Route[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    const [dest, plen, , , nexthop, , , , flags, dev] = cols as string[];
    const address = hex6(dest!);
    // RTF_LOCAL routes are the host's own addresses (table local), not networks.
    if (address === null || dev === 'lo' || (parseInt(flags!, 16) & RTF_LOCAL) !== 0) continue;
    const prefix = parseInt(plen!, 16);
    const route: Route = { family: 6, destination: prefix === 0 ? 'default' : `${address}/${prefix}`, device: dev! };
    const via = hex6(nexthop!);
    if (via !== null && via !== '::') route.gateway = via;
    out.push(route);
  }
  return out;
}
