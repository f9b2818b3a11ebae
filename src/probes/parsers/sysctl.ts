/**
 * Sysctl values: the probe's "KEY:VALUE" lines of /proc/sys files ("net/ipv4/ip_forward:1", as
 * `grep -H .` prints them),
 * or `sysctl -a` ("net.ipv4.ip_forward = 1"). Keys come out dotted.
 */
export function parseSysctl(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const dotted = /^([\w.\-/]+?)\s*=\s*(.*)$/.exec(line);
    const grepped = /^([\w\-/]+\/[\w\-]+):(.*)$/.exec(line);
    const m = grepped ?? dotted;
    if (!m) continue;
    // sysctl writes "/" inside a key segment (an interface "eth0.100") as "."; keep as given.
    out[grepped ? m[1]!.replace(/\//g, '.') : m[1]!] = m[2]!.trim().replace(/\s+/g, '\t');
  }
  return out;
}
