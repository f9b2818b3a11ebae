/**
 * The probes filter what a host prints down to the names the checks ask about. A check
 * whose evidence the probe filtered away would only ever say `unknown`: these tests keep
 * the two lists in step.
 */
import { describe, expect, it } from 'vitest';
import { requiredKernelItems } from '../../src/checks/node/kernel-items.js';
import { MANAGERS, RULE_LOADERS } from '../../src/checks/node/firewall.js';
import { KERNEL_CONFIG_SYMBOLS, KERNEL_MODULES } from '../../src/probes/kernel-items.js';
import { SERVICE_UNITS } from '../../src/probes/lists.js';
import { settings } from './facts.js';

describe('what the probes look for', () => {
  const everything = requiredKernelItems(settings({ ipv6: true, kubeProxyMode: 'ipvs', wireguard: true, dataplane: 'ebpf' }), { nftBackend: true });
  const vxlan = requiredKernelItems(settings({ encapsulation: 'vxlan' }), { nftBackend: false });

  it('covers every kernel module and config symbol node.kernel-deps judges', () => {
    const items = [...everything, ...vxlan];
    expect(items.flatMap((item) => (item.module ? [item.module] : [])).filter((module) => !(KERNEL_MODULES as readonly string[]).includes(module))).toEqual([]);
    expect(items.map((item) => item.config).filter((symbol) => !(KERNEL_CONFIG_SYMBOLS as readonly string[]).includes(symbol))).toEqual([]);
  });

  it('covers every service node.firewall judges, and NetworkManager', () => {
    const wanted = [...MANAGERS, ...RULE_LOADERS, 'NetworkManager'];
    expect(wanted.filter((unit) => !(SERVICE_UNITS as readonly string[]).includes(unit))).toEqual([]);
  });
});
