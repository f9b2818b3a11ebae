/**
 * Endpoints as users write them: "https://10.0.0.1:2379", "etcd1:2379", "[fd00::1]:6443",
 * "api.example.com" (default port), "fd00::1" (a bare IPv6 address).
 */
import { isIpAddress } from './cidr.js';

export interface Endpoint {
  /** As configured: ConnectProbe.target carries this back. */
  target: string;
  address: string;
  port: number;
}

const SCHEME_PORT: Record<string, number> = { https: 443, http: 80 };

export function parseEndpoint(text: string, defaultPort: number): Endpoint | null {
  const target = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target);
  const rest = (scheme ? target.slice(scheme[0].length) : target).replace(/\/.*$/, '');
  const fallbackPort = (scheme && SCHEME_PORT[scheme[1]!.toLowerCase()]) || defaultPort;
  let address: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) [, address = '', portText] = bracketed;
  else if (isIpAddress(rest) && rest.includes(':')) address = rest;
  else [address = '', portText] = rest.split(/:(?=\d+$)/);
  const port = portText === undefined ? fallbackPort : Number(portText);
  if (!address || (/[\s/:]/.test(address) && !isIpAddress(address))) return null;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { target, address, port };
}
