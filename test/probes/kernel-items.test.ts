/**
 * The probe filters modules.dep, modules.builtin and the kernel config on the host down to
 * the names in src/probes/kernel-items.ts; a name the checks ask about but the filter drops
 * would always read as "no evidence". Keep the two lists in step.
 */
import { describe, expect, it } from 'vitest';
import { KERNEL_CONFIG_SYMBOLS, KERNEL_MODULES, configPattern, modulePathPattern } from '../../src/probes/kernel-items.js';
import { requiredKernelItems } from '../../src/checks/node/kernel-items.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';

describe('kernel items the checks need are all probed', () => {
  const settingsList = [
    { ...DEFAULT_SETTINGS, ipv6: true, kubeProxyMode: 'ipvs' as const, wireguard: true, dataplane: 'ebpf' as const },
    { ...DEFAULT_SETTINGS, encapsulation: 'vxlan' as const },
  ];
  const items = settingsList.flatMap((settings) => [
    ...requiredKernelItems(settings, { nftBackend: true }),
    ...requiredKernelItems(settings, { nftBackend: false }),
  ]);

  it('every module name', () => {
    const modules = [...new Set(items.map((i) => i.module).filter((m): m is string => m !== undefined))];
    expect(modules.filter((m) => !(KERNEL_MODULES as readonly string[]).includes(m))).toEqual([]);
  });

  it('every config symbol', () => {
    const symbols = [...new Set(items.map((i) => i.config))];
    expect(symbols.filter((s) => !(KERNEL_CONFIG_SYMBOLS as readonly string[]).includes(s))).toEqual([]);
  });
});

describe('host-side filter patterns', () => {
  it('match module files with any compression, dashes or underscores, and nothing else', () => {
    const re = new RegExp(modulePathPattern());
    for (const line of ['kernel/net/netfilter/xt_set.ko', 'kernel/net/netfilter/xt_set.ko.xz: kernel/net/netfilter/ipset/ip_set.ko.xz', 'kernel/net/ipv4/netfilter/ipt_REJECT.ko.zst:', 'kernel/net/netfilter/ipvs/ip_vs_rr.ko.gz:', 'kernel/net/netfilter/ip-set-hash-ip.ko:']) {
      expect(re.test(line), line).toBe(true);
    }
    for (const line of ['kernel/net/netfilter/xt_settle.ko', 'kernel/drivers/net/vxlan_ext.ko', 'kernel/net/ipv4/ipip.kobj']) {
      expect(re.test(line), line).toBe(false);
    }
  });

  it('match set, module and unset config lines only for the symbols of interest', () => {
    const re = new RegExp(configPattern());
    expect(re.test('CONFIG_IP_SET=m')).toBe(true);
    expect(re.test('# CONFIG_WIREGUARD is not set')).toBe(true);
    expect(re.test('CONFIG_IP_SET_MAX=256')).toBe(false);
    expect(re.test('CONFIG_VXLANX=y')).toBe(false);
  });
});
