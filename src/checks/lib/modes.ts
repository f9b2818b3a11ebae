/** Settings-derived facts about the install that several checks share. */
import type { AuditSettings } from '../../core/settings.js';

/**
 * BGP carries routes for IPIP and unencapsulated networking; Calico's VXLAN install runs
 * without BIRD (calico_backend: vxlan) unless BGP is asked for explicitly.
 */
export function usesBgp(settings: AuditSettings): boolean {
  return settings.bgp ?? settings.encapsulation !== 'vxlan';
}

export interface CalicoPort {
  protocol: 'tcp' | 'udp';
  port: number;
  use: string;
}

/** The ports Calico will bind on a host with these settings. */
export function calicoPorts(settings: AuditSettings): CalicoPort[] {
  return [
    ...(usesBgp(settings) ? [{ protocol: 'tcp' as const, port: settings.ports.bgp, use: 'BGP' }] : []),
    ...(settings.encapsulation === 'vxlan' ? [{ protocol: 'udp' as const, port: settings.ports.vxlan, use: 'VXLAN' }] : []),
    ...(settings.typha ? [{ protocol: 'tcp' as const, port: settings.ports.typha, use: 'Typha' }] : []),
    ...(settings.wireguard ? [{ protocol: 'udp' as const, port: settings.ports.wireguard, use: 'WireGuard' }] : []),
  ];
}
