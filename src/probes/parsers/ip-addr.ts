/**
 * `ip addr show` (iproute2 and busybox): "N: NAME[@PARENT]: <FLAGS> mtu M … state S" then
 * "link/TYPE …", "inet A/P … scope S", "inet6 A/P scope S" lines; `ip -o` output too.
 */
import type { NetInterface } from '../../core/facts.js';

export function parseIpAddr(text: string): NetInterface[] | null {
  const out: NetInterface[] = [];
  let current: NetInterface | undefined;
  // `ip -o` folds each interface onto one line, continuing with "\" before the next part.
  for (const line of text.replace(/\\(?=\s)/g, '\n').split('\n')) {
    const head = /^\d+:\s+([^:@\s]+)(?:@[^:\s]+)?:\s+<([^>]*)>(.*)$/.exec(line);
    if (head) {
      const mtu = /\bmtu (\d+)/.exec(head[3]!);
      const state = /\bstate (\S+)/.exec(head[3]!);
      current = { name: head[1]!, mtu: mtu ? Number(mtu[1]) : null, state: state?.[1] ?? (head[2]!.split(',').includes('UP') ? 'UP' : 'DOWN'), addresses: [] };
      out.push(current);
      continue;
    }
    if (!current) continue;
    const link = /^\s+link\/(\S+)/.exec(line);
    if (link) {
      current.kind = `link/${link[1]}`;
      continue;
    }
    const addr = /^\s+(inet6?) ([0-9a-fA-F.:]+)(?:\/(\d+))?(?: peer \S+)?(.*)$/.exec(line);
    if (addr) {
      const family = addr[1] === 'inet' ? 4 : 6;
      const scope = /\bscope (\S+)/.exec(addr[4]!)?.[1];
      current.addresses.push({
        family,
        address: addr[2]!,
        prefixLength: addr[3] ? Number(addr[3]) : family === 4 ? 32 : 128,
        ...(scope ? { scope } : {}),
      });
    }
  }
  return out.length > 0 ? out : null;
}
