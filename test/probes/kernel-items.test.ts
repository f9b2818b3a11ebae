/**
 * The probe filters modules.dep, modules.builtin and the kernel config on the host down to
 * the modules and symbols a run's checks name (src/probes/kernel-items.ts).
 */
import { describe, expect, it } from 'vitest';
import { configPattern, modulePathPattern } from '../../src/probes/kernel-items.js';

describe('host-side filter patterns', () => {
  it('match module files with any compression, dashes or underscores, and nothing else', () => {
    const re = new RegExp(modulePathPattern(['xt_set', 'ip_set', 'ipt_REJECT', 'ip_vs_rr', 'ip_set_hash_ip', 'vxlan', 'ipip']));
    for (const line of ['kernel/net/netfilter/xt_set.ko', 'kernel/net/netfilter/xt_set.ko.xz: kernel/net/netfilter/ipset/ip_set.ko.xz', 'kernel/net/ipv4/netfilter/ipt_REJECT.ko.zst:', 'kernel/net/netfilter/ipvs/ip_vs_rr.ko.gz:', 'kernel/net/netfilter/ip-set-hash-ip.ko:']) {
      expect(re.test(line), line).toBe(true);
    }
    for (const line of ['kernel/net/netfilter/xt_settle.ko', 'kernel/drivers/net/vxlan_ext.ko', 'kernel/net/ipv4/ipip.kobj', 'kernel/net/netfilter/xt_mark.ko']) {
      expect(re.test(line), line).toBe(false);
    }
  });

  it('match set, module and unset config lines only for the symbols of interest', () => {
    const re = new RegExp(configPattern(['CONFIG_IP_SET', 'CONFIG_WIREGUARD', 'CONFIG_VXLAN']));
    expect(re.test('CONFIG_IP_SET=m')).toBe(true);
    expect(re.test('# CONFIG_WIREGUARD is not set')).toBe(true);
    expect(re.test('CONFIG_IP_SET_MAX=256')).toBe(false);
    expect(re.test('CONFIG_VXLANX=y')).toBe(false);
  });

  it('match nothing when nothing is asked for', () => {
    expect(new RegExp(modulePathPattern([])).test('kernel/net/netfilter/xt_set.ko')).toBe(false);
    expect(new RegExp(configPattern([])).test('CONFIG_IP_SET=m')).toBe(false);
  });
});
