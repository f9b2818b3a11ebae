import type { HostFacts } from '../../core/facts.js';
import { isCalicoInterface } from './interfaces.js';
import type { ProbeNeeds } from '../../core/probe-needs.js';

/** Signs that Calico already runs on the host: its CNI config or its interfaces. */
export function calicoInstalled(facts: HostFacts): boolean {
  const cni = facts.cni.ok && facts.cni.value.files.some((file) => file.types.includes('calico'));
  const interfaces = facts.interfaces.ok && facts.interfaces.value.some((iface) => isCalicoInterface(iface.name));
  return cni || interfaces;
}

/** What calicoInstalled reads. */
export const CALICO_PRESENT_NEEDS: ProbeNeeds = { facts: ['cni', 'interfaces'] };
