/** Settings-derived facts about the install that several checks share. */
import type { AuditSettings } from '../../core/settings.js';
import { profileOf } from './profile.js';

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

/**
 * IPv6 WireGuard's port (v3.24 on): Felix's WireguardListeningPortV6 default, as the profile
 * states it; no setting changes it. null where the release has no IPv6 WireGuard or it is off.
 */
export function wireguardV6Port(settings: AuditSettings): number | null {
  return settings.wireguard && settings.ipv6 ? profileOf(settings).ports.wireguardV6.value : null;
}

/** The ports Calico will bind on a host with these settings. */
export function calicoPorts(settings: AuditSettings): CalicoPort[] {
  const v6 = wireguardV6Port(settings);
  return [
    ...(usesBgp(settings) ? [{ protocol: 'tcp' as const, port: settings.ports.bgp, use: 'BGP' }] : []),
    ...(settings.encapsulation === 'vxlan' ? [{ protocol: 'udp' as const, port: settings.ports.vxlan, use: 'VXLAN' }] : []),
    ...(settings.typha ? [{ protocol: 'tcp' as const, port: settings.ports.typha, use: 'Typha' }] : []),
    ...(settings.wireguard ? [{ protocol: 'udp' as const, port: settings.ports.wireguard, use: 'WireGuard' }] : []),
    ...(v6 === null ? [] : [{ protocol: 'udp' as const, port: v6, use: 'IPv6 WireGuard' }]),
  ];
}
