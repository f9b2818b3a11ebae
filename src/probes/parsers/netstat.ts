/**
 * `netstat -ltnu` (net-tools or busybox; `-p` as root adds "PID/Program name"). UDP lines
 * have no State column.
 */
import type { Listener } from '../../core/facts.js';
import { listener } from './listen-address.js';

export function parseNetstat(text: string): Listener[] | null {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^Proto\s+Recv-Q\s+Send-Q\s+Local Address/.test(l));
  if (header < 0) return null;
  const out: Listener[] = [];
  for (const line of lines.slice(header + 1)) {
    const cols = line.trim().split(/\s+/);
    const proto = cols[0] ?? '';
    const protocol = proto.startsWith('tcp') ? 'tcp' : proto.startsWith('udp') ? 'udp' : null;
    if (protocol === null || cols[3] === undefined) continue;
    if (protocol === 'tcp' && cols[5] !== 'LISTEN') continue;
    const owner = cols[protocol === 'tcp' ? 6 : 5];
    const proc = owner && owner.includes('/') ? owner.slice(owner.indexOf('/') + 1) : undefined;
    const l = listener(protocol, cols[3], proc);
    if (l) out.push(l);
  }
  return out;
}
