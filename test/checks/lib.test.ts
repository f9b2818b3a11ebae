import { describe, expect, it } from 'vitest';
import { isUnmanaged } from '../../src/checks/lib/nm-match.js';
import { networkOf, overlaps, parseCidr } from '../../src/checks/lib/cidr.js';
import { calicoPorts, usesBgp } from '../../src/checks/lib/modes.js';
import { evaluateHost } from '../../src/checks/index.js';
import { found, healthyHost, settings } from './facts.js';

describe('NetworkManager device specs', () => {
  it.each([
    [['interface-name:cali*'], 'cali1a2b3c4d5e6', true],
    [['interface-name:cali*'], 'tunl0', false],
    [['interface-name:tunl?'], 'tunl0', true],
    [['interface-name:=tunl0'], 'tunl0', true],
    [['interface-name:=tunl*'], 'tunl0', false],
    [['interface-name:~CALI*'], 'cali1a2b3c4d5e6', true],
    [['interface-name:vxlan.calico'], 'vxlan.calico', true],
    [['interface-name:vxlan?calico'], 'vxlan.calico', true],
    [['mac:00:11:22:33:44:55'], 'tunl0', false],
    [['type:wireguard'], 'wireguard.cali', true],
    [['*', 'except:interface-name:cali*'], 'cali1a2b3c4d5e6', false],
    [['*', 'except:interface-name:eth0'], 'tunl0', true],
  ] as const)('%j covers %s: %s', (specs, ifname, expected) => {
    expect(isUnmanaged([...specs], ifname)).toBe(expected);
  });
});

describe('CIDR overlap', () => {
  const cidr = (text: string) => parseCidr(text)!;
  it.each([
    ['192.168.0.0/16', '192.168.1.0/24', true],
    ['192.168.1.0/24', '192.168.0.0/16', true],
    ['192.168.0.0/16', '192.169.0.0/16', false],
    ['10.96.0.0/12', '10.100.0.0/16', true],
    ['10.96.0.0/12', '10.112.0.0/16', false],
    ['fd00:10:244::/56', 'fd00:10:244:1::/64', true],
    ['fd00:10:244::/56', 'fd00:10:245::/64', false],
    ['192.168.0.0/16', '::ffff:c0a8:0/112', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(overlaps(cidr(a), cidr(b))).toBe(expected);
  });
  it('takes the network of an interface address', () => {
    expect(networkOf('10.0.0.5', 24)?.text).toBe('10.0.0.0/24');
    expect(networkOf('fd00:cafe::11', 64)?.text).toBe('fd00:cafe::/64');
    expect(parseCidr('10.0.0.0/33')).toBeNull();
  });
});

describe('ports by mode', () => {
  it('uses BGP for IPIP and unencapsulated routing, not for VXLAN unless asked', () => {
    expect(usesBgp(settings())).toBe(true);
    expect(usesBgp(settings({ encapsulation: 'none' }))).toBe(true);
    expect(usesBgp(settings({ encapsulation: 'vxlan' }))).toBe(false);
    expect(usesBgp(settings({ encapsulation: 'vxlan', bgp: true }))).toBe(true);
    expect(calicoPorts(settings({ encapsulation: 'vxlan', typha: true, wireguard: true })).map((port) => `${port.protocol}/${port.port}`)).toEqual(['udp/4789', 'tcp/5473', 'udp/51820']);
  });
});

describe('a check that throws', () => {
  it('becomes an unknown finding instead of ending the host', () => {
    const facts = { ...healthyHost(), listeners: found(null as never, 'ss') };
    const finding = evaluateHost(facts, settings()).find((entry) => entry.check === 'net.ports-free');
    expect(finding).toMatchObject({ status: 'unknown' });
    expect(finding!.summary).toMatch(/^The check itself failed/);
  });
});
