/**
 * /proc/net/tcp, tcp6, udp, udp6 (when neither ss nor netstat exists). Addresses are hex
 * in the kernel's byte order: each 32-bit word little-endian, e.g. 0100007F:0016 is
 * 127.0.0.1:22. TCP listeners have state 0A; bound UDP sockets 07. The probe sends only
 * "LOCAL STATE" of those lines; a full file parses too.
 */
import type { Listener } from '../../core/facts.js';

export function decodeHexAddress(hex: string): string | null {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || (hex.length !== 8 && hex.length !== 32)) return null;
  const words = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  if (hex.length === 8) return words[0]!.match(/../g)!.map((b) => parseInt(b, 16)).join('.');
  const groups = words.join('').match(/.{4}/g)!.map((g) => parseInt(g, 16).toString(16));
  return compressIpv6(groups);
}

function compressIpv6(groups: string[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function parseProcNet(text: string, file: 'tcp' | 'tcp6' | 'udp' | 'udp6'): Listener[] {
  const protocol = file.startsWith('tcp') ? 'tcp' : 'udp';
  const wanted = protocol === 'tcp' ? '0A' : '07';
  const out: Listener[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // full file: "sl local remote st …"; probe output: "local st"
    const [local, state] = /^\d+:$/.test(cols[0] ?? '') ? [cols[1], cols[3]] : [cols[0], cols[1]];
    if (!local || state?.toUpperCase() !== wanted) continue;
    const [hexAddr, hexPort] = local.split(':');
    const address = decodeHexAddress(hexAddr ?? '');
    if (address === null || !hexPort) continue;
    out.push({ protocol, family: file.endsWith('6') ? 6 : 4, address, port: parseInt(hexPort, 16) });
  }
  return out;
}
