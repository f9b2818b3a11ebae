/**
 * `capsh --print`, whose "Current:" line changed with libcap versions:
 *   libcap < 2.29   `Current: = cap_chown,cap_kill+ep`
 *   libcap ≥ 2.29   `Current: =ep` (everything), `Current: =ep cap_net_raw-ep`,
 *                   `Current: cap_chown,cap_kill=ep`, `Current: =` (nothing)
 * Each space-separated clause is CAPS followed by operators (=, +, -) with flags e/i/p; an
 * empty CAPS list means every capability. Masks come out as /proc/PID/status prints them.
 */
export const CAP_NAMES = [
  'chown', 'dac_override', 'dac_read_search', 'fowner', 'fsetid', 'kill', 'setgid', 'setuid',
  'setpcap', 'linux_immutable', 'net_bind_service', 'net_broadcast', 'net_admin', 'net_raw',
  'ipc_lock', 'ipc_owner', 'sys_module', 'sys_rawio', 'sys_chroot', 'sys_ptrace', 'sys_pacct',
  'sys_admin', 'sys_boot', 'sys_nice', 'sys_resource', 'sys_time', 'sys_tty_config', 'mknod',
  'lease', 'audit_write', 'audit_control', 'setfcap', 'mac_override', 'mac_admin', 'syslog',
  'wake_alarm', 'block_suspend', 'audit_read', 'perfmon', 'bpf', 'checkpoint_restore',
] as const;

export interface CapshPrint {
  capEff: string;
  capBnd: string | null;
}

function toMask(bits: Iterable<number>): string {
  let mask = 0n;
  for (const bit of bits) mask |= 1n << BigInt(bit);
  return mask.toString(16).padStart(16, '0');
}

function capBits(list: string): number[] | null {
  if (list === '') return CAP_NAMES.map((_, i) => i);
  const bits: number[] = [];
  for (const name of list.split(',')) {
    const bare = name.replace(/^cap_/, '');
    const bit = CAP_NAMES.indexOf(bare as (typeof CAP_NAMES)[number]);
    if (bit >= 0) bits.push(bit);
    else if (/^\d+$/.test(bare)) bits.push(Number(bare)); // capabilities newer than libcap
    else return null;
  }
  return bits;
}

function parseCurrent(text: string): Set<number> | null {
  const effective = new Set<number>();
  for (const clause of text.trim().split(/\s+/).filter(Boolean)) {
    const m = /^([\w,]*)((?:[=+-][eip]*)+)$/.exec(clause);
    if (!m) return null;
    const bits = capBits(m[1]!);
    if (bits === null) return null;
    for (const op of m[2]!.match(/[=+-][eip]*/g)!) {
      const touchesE = op.includes('e');
      if (op.startsWith('=')) for (const b of bits) touchesE ? effective.add(b) : effective.delete(b);
      else if (op.startsWith('+') && touchesE) for (const b of bits) effective.add(b);
      else if (op.startsWith('-') && touchesE) for (const b of bits) effective.delete(b);
    }
  }
  return effective;
}

export function parseCapsh(text: string): CapshPrint | null {
  const current = /^Current:\s?(.*)$/m.exec(text);
  if (!current) return null;
  const effective = parseCurrent(current[1]!);
  if (effective === null) return null;
  const bounding = /^Bounding set =(.*)$/m.exec(text)?.[1]?.trim();
  const boundingBits = bounding === undefined ? null : bounding === '' ? [] : capBits(bounding);
  return { capEff: toMask(effective), capBnd: boundingBits === null ? null : toMask(boundingBits) };
}
