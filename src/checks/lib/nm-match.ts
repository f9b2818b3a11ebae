/**
 * NetworkManager device specs (man NetworkManager.conf, "Device List Format"):
 * `interface-name:GLOB` (`*`, `?`), `interface-name:=NAME` (literal), `interface-name:~GLOB`
 * (case-insensitive), a bare `*` (every device), `type:KIND`, and `except:SPEC`, which
 * takes a device out again.
 */
import picomatch from 'picomatch';

/** Device type NetworkManager reports for each interface Calico creates. */
const CALICO_DEVICE_TYPES: Record<string, string> = { cali: 'veth', tunl: 'ipip', 'vxlan.calico': 'vxlan', 'wireguard.cali': 'wireguard' };

function deviceType(ifname: string): string | undefined {
  const key = Object.keys(CALICO_DEVICE_TYPES).find((prefix) => ifname === prefix || ifname.startsWith(prefix));
  return key ? CALICO_DEVICE_TYPES[key] : undefined;
}

function specMatches(spec: string, ifname: string): boolean {
  if (spec === '*') return true;
  const [kind, ...rest] = spec.split(':');
  const value = rest.join(':');
  if (kind === 'type') return deviceType(ifname) === value;
  if (kind !== 'interface-name') return false;
  if (value.startsWith('=')) return value.slice(1) === ifname;
  if (value.startsWith('~')) return picomatch.isMatch(ifname, value.slice(1), { dot: true, nocase: true });
  return picomatch.isMatch(ifname, value, { dot: true });
}

/** Whether NetworkManager leaves `ifname` alone under this unmanaged-devices list. */
export function isUnmanaged(specs: string[], ifname: string): boolean {
  const excepted = specs.some((spec) => spec.startsWith('except:') && specMatches(spec.slice('except:'.length), ifname));
  return !excepted && specs.some((spec) => !spec.startsWith('except:') && specMatches(spec, ifname));
}
