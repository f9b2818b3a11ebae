/**
 * Which .network file systemd-networkd applies to an interface (systemd.network(5)): files are
 * tried in name order and the first whose [Match] section matches wins; a file without match
 * settings matches every link. Each setting is a list of globs, and its test follows systemd's
 * net_condition_test_strv (src/shared/net-condition.c): a matching "!" pattern rejects, and
 * with any positive pattern one must match. Conditions on the host rather than the link
 * (Virtualization=, Host=, KernelCommandLine=, …) cannot be judged from here: they make a
 * file a possible match.
 */
import picomatch from 'picomatch';
import type { NetworkdFile } from '../../core/facts.js';
import type { Match } from './packet.js';

/** An interface as networkd's match settings see it (networkctl's TYPE, the driver, the netlink kind). */
export interface Link {
  name: string;
  type: string;
  driver: string;
  kind: string;
  mac?: string;
}

/** The interfaces Calico creates: host-side veths get the MAC ee:ee:ee:ee:ee:ee from Calico's CNI plugin. */
export const CALICO_LINKS = {
  veth: { name: 'cali1a2b3c4d5e6', type: 'ether', driver: 'veth', kind: 'veth', mac: 'ee:ee:ee:ee:ee:ee' },
  ipip: { name: 'tunl0', type: 'tunnel', driver: 'ipip', kind: 'ipip' },
  vxlan: { name: 'vxlan.calico', type: 'vxlan', driver: 'vxlan', kind: 'vxlan' },
  wireguard: { name: 'wireguard.cali', type: 'wireguard', driver: 'wireguard', kind: 'wireguard' },
} satisfies Record<string, Link>;


const HOST_CONDITIONS = new Set(['Host', 'Virtualization', 'KernelCommandLine', 'KernelVersion', 'Credential', 'Architecture', 'Firmware', 'Property']);

function testList(patterns: string[], value: string | undefined, glob: boolean): boolean {
  if (patterns.length === 0) return true;
  let matched = false;
  let positive = false;
  for (const raw of patterns) {
    const invert = raw.startsWith('!');
    const pattern = invert ? raw.slice(1) : raw;
    if (!invert) positive = true;
    const hit = value !== undefined && (glob ? picomatch.isMatch(value, pattern, { dot: true }) : pattern.toLowerCase() === value.toLowerCase());
    if (hit && invert) return false;
    if (hit) matched = true;
  }
  return positive ? matched : true;
}

function linkValue(link: Link, key: string): { value: string | undefined; glob: boolean } | null {
  switch (key) {
    case 'Name':
    case 'OriginalName':
      return { value: link.name, glob: true };
    case 'Type':
      return { value: link.type, glob: true };
    case 'Driver':
      return { value: link.driver, glob: true };
    case 'Kind':
      return { value: link.kind, glob: true };
    case 'MACAddress':
    case 'PermanentMACAddress':
      return { value: link.mac, glob: false };
    // Virtual links have no device path and are not wireless.
    case 'Path':
    case 'SSID':
    case 'BSSID':
    case 'WLANInterfaceType':
      return { value: undefined, glob: true };
    default:
      return null;
  }
}

export function matches(file: NetworkdFile, link: Link): Match {
  let result: Match = 'yes';
  for (const [key, patterns] of Object.entries(file.match)) {
    const known = linkValue(link, key);
    if (known === null) {
      if (HOST_CONDITIONS.has(key) && patterns.length > 0) result = 'maybe';
      continue;
    }
    if (!testList(patterns, known.value, known.glob)) return 'no';
  }
  return result;
}

/** The file that decides a link (first definite match), and managing files that may match before it. */
export function governing(files: NetworkdFile[], link: Link): { decider?: NetworkdFile; possible: NetworkdFile[] } {
  const possible: NetworkdFile[] = [];
  for (const file of files) {
    const result = matches(file, link);
    if (result === 'yes') return { decider: file, possible };
    if (result === 'maybe' && !file.unmanaged) possible.push(file);
  }
  return { possible };
}
