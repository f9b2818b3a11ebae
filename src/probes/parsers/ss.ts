/**
 * `ss -ltnu` (and `-p` as root). Old iproute2 has no `-H`, so the header is skipped here;
 * the Netid column exists when more than one protocol is listed. UDP sockets bound for
 * receiving show as UNCONN. Process owners appear as users:(("bird",pid=1,fd=7)).
 */
import type { Listener } from '../../core/facts.js';
import { listener } from './listen-address.js';

export function parseSs(text: string): Listener[] | null {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^\s*(Netid\s+)?State\s+Recv-Q\s+Send-Q/.test(l));
  if (header < 0) return null;
  const hasNetid = /^\s*Netid/.test(lines[header]!);
  const out: Listener[] = [];
  for (const line of lines.slice(header + 1)) {
    const cols = line.trim().split(/\s+/);
    const netid = hasNetid ? cols.shift() : 'tcp';
    const [state, , , local] = cols;
    if (local === undefined) continue;
    const protocol = netid === 'tcp' ? 'tcp' : netid === 'udp' ? 'udp' : null;
    if (protocol === null) continue;
    if (protocol === 'tcp' ? state !== 'LISTEN' : state !== 'UNCONN') continue;
    const proc = /users:\(\("([^"]+)"/.exec(line)?.[1];
    const l = listener(protocol, local, proc);
    if (l) out.push(l);
  }
  return out;
}
