/** CIDR arithmetic for IPv4 and IPv6 with ipaddr.js. */
import ipaddr from 'ipaddr.js';

export interface Cidr {
  text: string;
  family: 4 | 6;
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
}

export function parseCidr(text: string): Cidr | null {
  const trimmed = text.trim();
  // ipaddr.parseCIDR tries IPv6 first and throws on every IPv4 text: at thousands of routes
  // per fleet those exceptions were most of the checks' CPU. Only IPv6 has a colon.
  const family = trimmed.includes(':') ? 6 : 4;
  try {
    const [address, prefix] = family === 6 ? ipaddr.IPv6.parseCIDR(trimmed) : ipaddr.IPv4.parseCIDR(trimmed);
    return { text: trimmed, family, address, prefix };
  } catch {
    return null;
  }
}

/** A settings value such as "192.168.0.0/16" or, dual-stack, "192.168.0.0/16,fd00:10::/64". */
export function parseCidrList(text: string): (Cidr | null)[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseCidr);
}

/** The network an interface address lies in, e.g. 10.0.0.5/24 → 10.0.0.0/24. */
export function networkOf(address: string, prefixLength: number): Cidr | null {
  const cidr = parseCidr(`${address}/${prefixLength}`);
  if (!cidr) return null;
  const network =
    cidr.family === 4
      ? ipaddr.IPv4.networkAddressFromCIDR(cidr.text)
      : ipaddr.IPv6.networkAddressFromCIDR(cidr.text);
  return { ...cidr, address: network, text: `${network.toString()}/${prefixLength}` };
}

/** Two ranges overlap exactly when the wider one contains the narrower one's start. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const [wide, narrow] = a.prefix <= b.prefix ? [a, b] : [b, a];
  return narrow.address.match(wide.address, wide.prefix);
}

export function sameAddress(a: string, b: string): boolean {
  if (!ipaddr.isValid(a) || !ipaddr.isValid(b)) return false;
  return ipaddr.parse(a).toNormalizedString() === ipaddr.parse(b).toNormalizedString();
}

/** Loopback and link-local addresses are per host by design and never identify a host. */
export function isHostLocal(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const range = ipaddr.parse(address).range();
  return range === 'loopback' || range === 'linkLocal' || range === 'unspecified';
}

/** The same range, however it is written (e.g. "fd00::/64" and "fd00:0::/64"). */
export function sameRange(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.prefix === b.prefix && a.address.toNormalizedString() === b.address.toNormalizedString();
}
